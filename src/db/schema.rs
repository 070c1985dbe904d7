// Written to match migrations/{sqlite,postgres}; the migration round-trip test
// and every store test exercise it on both backends.

diesel::table! {
    api_tokens (id) {
        id -> Text,
        name -> Text,
        role -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        version -> Integer,
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
        year_start_month -> Integer,
        description -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Integer,
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
        version -> Integer,
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
        version -> Integer,
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
        version -> Integer,
    }
}

diesel::table! {
    items (id) {
        id -> Text,
        meeting_id -> Text,
        parent_id -> Nullable<Text>,
        position -> Integer,
        title -> Text,
        kind -> Text,
        presenter -> Nullable<Text>,
        restricted -> Bool,
        restricted_paragraph -> Nullable<Integer>,
        restricted_reason -> Nullable<Text>,
        public_summary -> Nullable<Text>,
        minutes -> Nullable<Text>,
        minute_number -> Nullable<Text>,
        minute_seq -> Nullable<Integer>,
        minute_year -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    minute_counters (body_id, numbering_year) {
        body_id -> Text,
        numbering_year -> Integer,
        last_number -> Integer,
    }
}

diesel::table! {
    outcomes (id) {
        id -> Text,
        item_id -> Text,
        position -> Integer,
        verb -> Text,
        text -> Text,
        parts -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Integer,
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
        version -> Integer,
    }
}

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
        version -> Integer,
    }
}

diesel::table! {
    documents (id) {
        id -> Text,
        item_id -> Text,
        title -> Text,
        filename -> Text,
        media_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        storage_key -> Text,
        restricted -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Integer,
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
        position -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        actor -> Text,
        token_id -> Nullable<Text>,
        entity -> Text,
        entity_id -> Text,
        action -> Text,
        changes -> Text,
    }
}

diesel::table! {
    minutes_milestones (meeting_id) {
        meeting_id -> Text,
        approved_at -> Nullable<Timestamp>,
        approved_revision -> Nullable<Integer>,
        published_at -> Nullable<Timestamp>,
        confirmed_at -> Nullable<Timestamp>,
        confirmed_sha256 -> Nullable<Text>,
        confirmed_by_meeting_id -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    minutes_dirty (meeting_id) {
        meeting_id -> Text,
        since -> Timestamp,
    }
}

diesel::table! {
    minutes_revisions (id) {
        id -> Text,
        meeting_id -> Text,
        number -> Integer,
        author -> Text,
        reason -> Text,
        content -> Text,
        sha256 -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    approval_requests (id) {
        id -> Text,
        meeting_id -> Text,
        revision_number -> Integer,
        to_person_id -> Nullable<Text>,
        to_name -> Text,
        to_email -> Text,
        token_hash -> Text,
        requested_by -> Text,
        expires_at -> Timestamp,
        superseded_at -> Nullable<Timestamp>,
        decision -> Nullable<Text>,
        decision_comment -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        reminded_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        kind -> Text,
        meeting_id -> Nullable<Text>,
        to_address -> Text,
        subject -> Text,
        message_id -> Text,
        body_text -> Text,
        body_html -> Nullable<Text>,
        attachment_name -> Nullable<Text>,
        attachment_type -> Nullable<Text>,
        attachment -> Nullable<Binary>,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outbox_attempts (id) {
        id -> Text,
        outbox_id -> Text,
        at -> Timestamp,
        ok -> Bool,
        error -> Nullable<Text>,
    }
}

diesel::joinable!(memberships -> bodies (body_id));
diesel::joinable!(memberships -> people (person_id));
diesel::joinable!(meetings -> bodies (body_id));
diesel::joinable!(items -> meetings (meeting_id));
diesel::joinable!(outcomes -> items (item_id));
diesel::joinable!(declarations -> items (item_id));
diesel::joinable!(declarations -> people (person_id));
diesel::joinable!(actions -> items (item_id));
diesel::joinable!(documents -> items (item_id));
diesel::joinable!(attendance -> meetings (meeting_id));

diesel::allow_tables_to_appear_in_same_query!(
    api_tokens,
    bodies,
    people,
    memberships,
    meetings,
    items,
    minute_counters,
    outcomes,
    declarations,
    actions,
    documents,
    attendance,
    audit_log,
    minutes_milestones,
    minutes_dirty,
    minutes_revisions,
    approval_requests,
    outbox,
    outbox_attempts,
);
