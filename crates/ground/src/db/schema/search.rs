// @generated automatically by Diesel CLI.

diesel::table! {
    search_dirty (meeting_id) {
        meeting_id -> Text,
        generation -> Int8,
        marked_at -> Timestamp,
    }
}

diesel::table! {
    search_dirty_items (item_id) {
        item_id -> Text,
        meeting_id -> Text,
        generation -> Int8,
        marked_at -> Timestamp,
    }
}

diesel::table! {
    search_entries (id) {
        id -> Int8,
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
        position -> Int4,
        indexed_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(search_dirty, search_dirty_items, search_entries,);
