// Written by hand in the form diesel print-schema gives (see db/mod.rs).

diesel::table! {
    votes (id) {
        id -> Text,
        item_id -> Text,
        outcome_id -> Nullable<Text>,
        position -> Int4,
        kind -> Text,
        motion -> Nullable<Text>,
        for_count -> Int4,
        against_count -> Int4,
        abstained_count -> Int4,
        casting_vote -> Nullable<Text>,
        casting_person_id -> Nullable<Text>,
        result -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    vote_records (id) {
        id -> Text,
        vote_id -> Text,
        person_id -> Text,
        vote -> Text,
        position -> Int4,
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
    }
}

diesel::joinable!(vote_records -> votes (vote_id));
diesel::allow_tables_to_appear_in_same_query!(votes, vote_records);
// A meeting's votes are read by a subquery on its items (`store::items::ItemsOf`).
use super::schema::items;
diesel::allow_tables_to_appear_in_same_query!(vote_records, items);
diesel::allow_tables_to_appear_in_same_query!(votes, items);
