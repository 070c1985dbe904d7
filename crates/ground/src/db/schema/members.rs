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
    dispensations (id) {
        id -> Text,
        person_id -> Text,
        scope -> Text,
        body_id -> Nullable<Text>,
        item_id -> Nullable<Text>,
        grounds -> Text,
        granted_by -> Text,
        start_date -> Date,
        end_date -> Date,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    gifts (id) {
        id -> Text,
        person_id -> Text,
        donor -> Text,
        description -> Text,
        value_pence -> Nullable<Int8>,
        received_on -> Date,
        notified_on -> Nullable<Date>,
        accepted -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    interest_categories (code) {
        code -> Text,
        name -> Text,
        disclosable -> Bool,
        position -> Int4,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    interests (id) {
        id -> Text,
        person_id -> Text,
        category -> Text,
        description -> Text,
        whose -> Text,
        start_date -> Nullable<Date>,
        end_date -> Nullable<Date>,
        notified_on -> Date,
        sensitive -> Bool,
        declaration_id -> Nullable<Text>,
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
        register_notified_on -> Nullable<Date>,
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
diesel::joinable!(dispensations -> people (person_id));
diesel::joinable!(gifts -> people (person_id));
diesel::joinable!(interests -> interest_categories (category));
diesel::joinable!(interests -> people (person_id));
diesel::joinable!(memberships -> people (person_id));
diesel::joinable!(person_photos -> people (person_id));
diesel::joinable!(terms_of_office -> parties (party_id));
diesel::joinable!(terms_of_office -> people (person_id));
diesel::joinable!(terms_of_office -> wards (ward_id));

diesel::allow_tables_to_appear_in_same_query!(
    approved_absences,
    dispensations,
    gifts,
    interest_categories,
    interests,
    memberships,
    parties,
    people,
    person_photos,
    terms_of_office,
    wards,
);
