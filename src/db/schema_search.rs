// The search tables (migrations/{sqlite,postgres}/2026-11-22-000004_search).
// SQLite's FTS5 table `search_fts` and PostgreSQL's generated `document`
// column are reached only through raw SQL in `crate::search`.

diesel::table! {
    search_entries (id) {
        id -> BigInt,
        meeting_id -> Text,
        body_id -> Text,
        kind -> Text,
        item_id -> Nullable<Text>,
        outcome_id -> Nullable<Text>,
        document_id -> Nullable<Text>,
        minute_number -> Nullable<Text>,
        heading -> Text,
        title -> Text,
        content -> Text,
        starts_at -> Timestamp,
        position -> Integer,
        indexed_at -> Timestamp,
    }
}

diesel::table! {
    search_dirty (meeting_id) {
        meeting_id -> Text,
        generation -> BigInt,
        marked_at -> Timestamp,
    }
}
