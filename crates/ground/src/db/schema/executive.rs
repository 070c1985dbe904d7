// @generated automatically by Diesel CLI.

diesel::table! {
    call_in_settings (id) {
        id -> Text,
        rules -> Text,
        updated_at -> Timestamp,
        version -> Int4,
    }
}

diesel::table! {
    call_ins (id) {
        id -> Text,
        decision_id -> Text,
        signatories -> Text,
        grounds -> Text,
        particulars -> Nullable<Text>,
        received_at -> Timestamp,
        meeting_due -> Date,
        outcome -> Nullable<Text>,
        outcome_meeting_id -> Nullable<Text>,
        outcome_at -> Nullable<Timestamp>,
        reconsider_due -> Nullable<Date>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Int4,
    }
}

diesel::table! {
    decision_links (decision_id, kind, target_id) {
        decision_id -> Text,
        kind -> Text,
        target_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    decision_revocations (decision_id) {
        decision_id -> Text,
        reason -> Text,
        revoked_by_id -> Nullable<Text>,
        revoked_at -> Timestamp,
        created_at -> Timestamp,
    }
}

diesel::table! {
    decisions (id) {
        id -> Text,
        reference -> Text,
        title -> Text,
        kind -> Text,
        maker_body_id -> Nullable<Text>,
        maker_person_id -> Nullable<Text>,
        maker_post -> Nullable<Text>,
        item_id -> Nullable<Text>,
        entry_id -> Nullable<Text>,
        key_decision -> Bool,
        key_reason -> Nullable<Text>,
        wards -> Nullable<Text>,
        made_on -> Date,
        decision_text -> Text,
        parts -> Nullable<Text>,
        reasons -> Text,
        alternatives -> Nullable<Text>,
        conflicts -> Nullable<Text>,
        exempt_paragraph -> Nullable<Int4>,
        exempt_text -> Nullable<Text>,
        urgent -> Bool,
        urgency_agreed_by -> Nullable<Text>,
        urgency_reason -> Nullable<Text>,
        status -> Text,
        published_at -> Nullable<Timestamp>,
        call_in_deadline -> Nullable<Timestamp>,
        effective_at -> Nullable<Timestamp>,
        reconsiders_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    forward_plan_entries (id) {
        id -> Text,
        reference -> Text,
        matter -> Text,
        decision_maker -> Text,
        maker_body_id -> Nullable<Text>,
        due_date -> Nullable<Date>,
        due_month -> Nullable<Text>,
        key_decision -> Bool,
        key_reason -> Nullable<Text>,
        wards -> Nullable<Text>,
        private -> Bool,
        exempt_paragraph -> Nullable<Int4>,
        private_reasons -> Nullable<Text>,
        objections -> Nullable<Text>,
        consultees -> Nullable<Text>,
        representations -> Nullable<Text>,
        documents -> Nullable<Text>,
        portfolio -> Nullable<Text>,
        lead_officer -> Nullable<Text>,
        first_published_at -> Nullable<Timestamp>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    forward_plan_items (entry_id, item_id) {
        entry_id -> Text,
        item_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    forward_plan_notices (id) {
        id -> Text,
        entry_id -> Text,
        kind -> Text,
        published_at -> Timestamp,
        chair_name -> Text,
        reasons -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(call_ins -> decisions (decision_id));
diesel::joinable!(decision_links -> decisions (decision_id));
diesel::joinable!(decisions -> forward_plan_entries (entry_id));
diesel::joinable!(forward_plan_items -> forward_plan_entries (entry_id));
diesel::joinable!(forward_plan_notices -> forward_plan_entries (entry_id));

diesel::allow_tables_to_appear_in_same_query!(
    call_in_settings,
    call_ins,
    decision_links,
    decision_revocations,
    decisions,
    forward_plan_entries,
    forward_plan_items,
    forward_plan_notices,
);
