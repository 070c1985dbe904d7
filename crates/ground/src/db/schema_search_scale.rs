//! Tables of the bounded-cost search migration (`2026-12-02-000070`).

diesel::table! {
    document_texts (document_id) {
        document_id -> Text,
        sha256 -> Text,
        status -> Text,
        text -> Text,
        error -> Nullable<Text>,
        extracted_at -> Timestamp,
    }
}

use super::schema::documents;

diesel::joinable!(document_texts -> documents (document_id));
diesel::allow_tables_to_appear_in_same_query!(document_texts, documents);
