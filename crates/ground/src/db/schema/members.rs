// @generated automatically by Diesel CLI.

diesel::table! {
    memberships (id) {
        id -> Text,
        body_id -> Text,
        person_id -> Text,
        role -> Text,
        organisation -> Nullable<Text>,
        start_date -> Nullable<Date>,
        end_date -> Nullable<Date>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    people (id) {
        id -> Text,
        name -> Text,
        honorific -> Nullable<Text>,
        organisation -> Nullable<Text>,
        email -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::joinable!(memberships -> people (person_id));

diesel::allow_tables_to_appear_in_same_query!(memberships, people,);
