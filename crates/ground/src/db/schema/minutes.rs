// @generated automatically by Diesel CLI.

diesel::table! {
    approval_requests (id) {
        id -> Text,
        meeting_id -> Text,
        revision_number -> Int4,
        to_person_id -> Nullable<Text>,
        to_name -> Text,
        to_email -> Text,
        token_hash -> Text,
        requested_by -> Text,
        expires_at -> Timestamp,
        superseded_at -> Nullable<Timestamp>,
        decision -> Nullable<Text>,
        decision_comment -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        reminded_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Int4,
        opened_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    minute_book_entries (id) {
        id -> Text,
        body_id -> Text,
        seq -> Int4,
        meeting_id -> Text,
        text_sha256 -> Text,
        confirmed_at -> Timestamp,
        prev_hash -> Text,
        hash -> Text,
        created_at -> Timestamp,
        papers -> Nullable<Text>,
    }
}

diesel::table! {
    minutes_dirty (meeting_id) {
        meeting_id -> Text,
        since -> Timestamp,
    }
}

diesel::table! {
    minutes_milestones (meeting_id) {
        meeting_id -> Text,
        approved_at -> Nullable<Timestamp>,
        approved_revision -> Nullable<Int4>,
        published_at -> Nullable<Timestamp>,
        confirmed_at -> Nullable<Timestamp>,
        confirmed_sha256 -> Nullable<Text>,
        confirmed_by_meeting_id -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    minutes_revisions (id) {
        id -> Text,
        meeting_id -> Text,
        number -> Int4,
        author -> Text,
        reason -> Text,
        content -> Text,
        sha256 -> Text,
        created_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    approval_requests,
    minute_book_entries,
    minutes_dirty,
    minutes_milestones,
    minutes_revisions,
);
