// @generated automatically by Diesel CLI.

diesel::table! {
    imports (id) {
        id -> Text,
        body_id -> Text,
        meeting_id -> Nullable<Text>,
        review_id -> Nullable<Text>,
        sha256 -> Text,
        filename -> Text,
        media_type -> Text,
        size_bytes -> Int8,
        storage_key -> Text,
        warnings -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}
