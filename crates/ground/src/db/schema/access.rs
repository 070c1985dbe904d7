// @generated automatically by Diesel CLI.

diesel::table! {
    api_tokens (id) {
        id -> Text,
        name -> Text,
        role -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        actor -> Text,
        token_id -> Nullable<Text>,
        entity -> Text,
        entity_id -> Text,
        action -> Text,
        changes -> Text,
    }
}

diesel::table! {
    desk_sessions (id) {
        id -> Text,
        account_id -> Text,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idempotency_keys (id) {
        id -> Text,
        caller -> Text,
        idempotency_key -> Text,
        method -> Text,
        target -> Text,
        request_sha256 -> Text,
        status -> Nullable<Int4>,
        response_headers -> Nullable<Text>,
        response_body -> Nullable<Bytea>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Int4,
    }
}

diesel::table! {
    sign_in_links (token_hash) {
        token_hash -> Text,
        account_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    staff_accounts (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        role -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        disabled_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::joinable!(desk_sessions -> staff_accounts (account_id));
diesel::joinable!(sign_in_links -> staff_accounts (account_id));

diesel::allow_tables_to_appear_in_same_query!(
    api_tokens,
    audit_log,
    desk_sessions,
    idempotency_keys,
    sign_in_links,
    staff_accounts,
);
