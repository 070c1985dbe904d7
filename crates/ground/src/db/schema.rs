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
    api_tokens (id) {
        id -> Text,
        name -> Text,
        role -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    approval_requests (id) {
        id -> Text,
        meeting_id -> Text,
        revision_number -> Int4,
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
    minute_counters (body_id, numbering_year) {
        body_id -> Text,
        numbering_year -> Int4,
        last_number -> Int4,
    }
}

diesel::table! {
    minutes_dirty (meeting_id) {
        meeting_id -> Text,
        since -> Timestamp,
    }
}

diesel::table! {
    minutes_milestones (meeting_id) {
        meeting_id -> Text,
        approved_at -> Nullable<Timestamp>,
        approved_revision -> Nullable<Int4>,
        published_at -> Nullable<Timestamp>,
        confirmed_at -> Nullable<Timestamp>,
        confirmed_sha256 -> Nullable<Text>,
        confirmed_by_meeting_id -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    minutes_revisions (id) {
        id -> Text,
        meeting_id -> Text,
        number -> Int4,
        author -> Text,
        reason -> Text,
        content -> Text,
        sha256 -> Text,
        created_at -> Timestamp,
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
        attachment -> Nullable<Bytea>,
        status -> Text,
        attempts -> Int4,
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

diesel::joinable!(actions -> items (item_id));
diesel::joinable!(approval_requests -> meetings (meeting_id));
diesel::joinable!(approval_requests -> people (to_person_id));
diesel::joinable!(attendance -> meetings (meeting_id));
diesel::joinable!(declarations -> items (item_id));
diesel::joinable!(declarations -> people (person_id));
diesel::joinable!(documents -> items (item_id));
diesel::joinable!(items -> meetings (meeting_id));
diesel::joinable!(meetings -> bodies (body_id));
diesel::joinable!(memberships -> bodies (body_id));
diesel::joinable!(memberships -> people (person_id));
diesel::joinable!(minute_counters -> bodies (body_id));
diesel::joinable!(minutes_dirty -> meetings (meeting_id));
diesel::joinable!(minutes_milestones -> meetings (meeting_id));
diesel::joinable!(minutes_revisions -> meetings (meeting_id));
diesel::joinable!(outbox_attempts -> outbox (outbox_id));
diesel::joinable!(outcomes -> items (item_id));

diesel::allow_tables_to_appear_in_same_query!(
    actions,
    api_tokens,
    approval_requests,
    attendance,
    audit_log,
    bodies,
    declarations,
    documents,
    items,
    meetings,
    memberships,
    minute_counters,
    minutes_dirty,
    minutes_milestones,
    minutes_revisions,
    outbox,
    outbox_attempts,
    outcomes,
    people,
);
