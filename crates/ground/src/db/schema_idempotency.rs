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
