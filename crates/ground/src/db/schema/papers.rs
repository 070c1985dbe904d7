// @generated automatically by Diesel CLI.

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

diesel::table! {
    documents (id) {
        id -> Text,
        item_id -> Text,
        title -> Text,
        filename -> Text,
        media_type -> Text,
        size_bytes -> Int8,
        sha256 -> Text,
        storage_key -> Text,
        restricted -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::joinable!(document_texts -> documents (document_id));

diesel::allow_tables_to_appear_in_same_query!(document_texts, documents,);
