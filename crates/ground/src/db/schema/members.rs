// @generated automatically by Diesel CLI.

diesel::table! {
    approved_absences (id) {
        id -> Text,
        person_id -> Text,
        approved_on -> Date,
        until -> Nullable<Date>,
        resolution -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

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
    parties (id) {
        id -> Text,
        name -> Text,
        short_name -> Nullable<Text>,
        colour -> Nullable<Text>,
        retired_at -> Nullable<Timestamp>,
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
        title -> Nullable<Text>,
        given_name -> Nullable<Text>,
        family_name -> Nullable<Text>,
        public_email -> Nullable<Text>,
        public_phone -> Nullable<Text>,
        public_address -> Nullable<Text>,
        biography -> Nullable<Text>,
        posts -> Nullable<Text>,
    }
}

diesel::table! {
    person_photos (person_id) {
        person_id -> Text,
        content_type -> Text,
        width -> Int4,
        height -> Int4,
        sha256 -> Text,
        bytes -> Bytea,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    terms_of_office (id) {
        id -> Text,
        person_id -> Text,
        ward_id -> Text,
        party_id -> Text,
        start_date -> Date,
        end_date -> Nullable<Date>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    wards (id) {
        id -> Text,
        name -> Text,
        ons_code -> Nullable<Text>,
        start_date -> Nullable<Date>,
        end_date -> Nullable<Date>,
        retired_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::joinable!(approved_absences -> people (person_id));
diesel::joinable!(memberships -> people (person_id));
diesel::joinable!(person_photos -> people (person_id));
diesel::joinable!(terms_of_office -> parties (party_id));
diesel::joinable!(terms_of_office -> people (person_id));
diesel::joinable!(terms_of_office -> wards (ward_id));

diesel::allow_tables_to_appear_in_same_query!(
    approved_absences,
    memberships,
    parties,
    people,
    person_photos,
    terms_of_office,
    wards,
);
