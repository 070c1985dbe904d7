// @generated automatically by Diesel CLI.

diesel::table! {
    actions (id) {
        id -> Text,
        item_id -> Text,
        description -> Text,
        owner -> Nullable<Text>,
        due_date -> Nullable<Date>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    attendance (id) {
        id -> Text,
        meeting_id -> Text,
        person_id -> Text,
        status -> Text,
        chair -> Bool,
        organisation -> Nullable<Text>,
        substitute_for -> Nullable<Text>,
        position -> Int4,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
        attended_virtually -> Bool,
        absence_reason -> Nullable<Text>,
    }
}

diesel::table! {
    bodies (id) {
        id -> Text,
        name -> Text,
        slug -> Text,
        minute_prefix -> Text,
        kind -> Text,
        numbering_format -> Text,
        year_start_month -> Int4,
        description -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    calendar_changes (scope) {
        scope -> Text,
        changes -> Int8,
    }
}

diesel::table! {
    declarations (id) {
        id -> Text,
        item_id -> Text,
        person_id -> Text,
        nature -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
        kind -> Nullable<Text>,
        withdrew -> Bool,
    }
}

diesel::table! {
    items (id) {
        id -> Text,
        meeting_id -> Text,
        parent_id -> Nullable<Text>,
        position -> Int4,
        title -> Text,
        kind -> Text,
        presenter -> Nullable<Text>,
        restricted -> Bool,
        restricted_paragraph -> Nullable<Int4>,
        restricted_reason -> Nullable<Text>,
        public_summary -> Nullable<Text>,
        minutes -> Nullable<Text>,
        minute_number -> Nullable<Text>,
        minute_seq -> Nullable<Int4>,
        minute_year -> Nullable<Int4>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    meeting_changes (meeting_id) {
        meeting_id -> Text,
        changes -> Int8,
        documented -> Int8,
    }
}

diesel::table! {
    meeting_documents (meeting_id, kind) {
        meeting_id -> Text,
        kind -> Text,
        tag -> Text,
        body -> Bytea,
        built_at -> Timestamp,
    }
}

diesel::table! {
    meetings (id) {
        id -> Text,
        body_id -> Text,
        title -> Nullable<Text>,
        starts_at -> Timestamp,
        ends_at -> Nullable<Timestamp>,
        venue_name -> Nullable<Text>,
        venue_address -> Nullable<Text>,
        venue_postcode -> Nullable<Text>,
        contact_name -> Nullable<Text>,
        contact_role -> Nullable<Text>,
        contact_email -> Nullable<Text>,
        status -> Text,
        minutes_status -> Text,
        agenda_published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
        preamble -> Nullable<Text>,
    }
}

diesel::table! {
    minute_counters (body_id, numbering_year) {
        body_id -> Text,
        numbering_year -> Int4,
        last_number -> Int4,
    }
}

diesel::table! {
    numbering_years (body_id, numbering_year) {
        body_id -> Text,
        numbering_year -> Int4,
        first_numbered_at -> Timestamp,
    }
}

diesel::table! {
    outcomes (id) {
        id -> Text,
        item_id -> Text,
        position -> Int4,
        verb -> Text,
        text -> Text,
        parts -> Text,
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

diesel::joinable!(actions -> items (item_id));
diesel::joinable!(attendance -> meetings (meeting_id));
diesel::joinable!(declarations -> items (item_id));
diesel::joinable!(items -> meetings (meeting_id));
diesel::joinable!(meeting_changes -> meetings (meeting_id));
diesel::joinable!(meetings -> bodies (body_id));
diesel::joinable!(minute_counters -> bodies (body_id));
diesel::joinable!(numbering_years -> bodies (body_id));
diesel::joinable!(outcomes -> items (item_id));
diesel::joinable!(vote_records -> votes (vote_id));
diesel::joinable!(votes -> items (item_id));
diesel::joinable!(votes -> outcomes (outcome_id));

diesel::allow_tables_to_appear_in_same_query!(
    actions,
    attendance,
    bodies,
    calendar_changes,
    declarations,
    items,
    meeting_changes,
    meeting_documents,
    meetings,
    minute_counters,
    numbering_years,
    outcomes,
    vote_records,
    votes,
);
