// @generated automatically by Diesel CLI.

diesel::table! {
    scrutiny_recommendations (id) {
        id -> Text,
        review_id -> Text,
        number -> Text,
        sort_key -> Int4,
        text -> Text,
        parts -> Text,
        responsibility -> Nullable<Text>,
        target -> Nullable<Text>,
        target_date -> Nullable<Date>,
        agreed_action -> Nullable<Text>,
        success_measure -> Nullable<Text>,
        proposed_action -> Nullable<Text>,
        post_title -> Nullable<Text>,
        budget_cost -> Nullable<Text>,
        timescale -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    scrutiny_reviews (id) {
        id -> Text,
        body_id -> Nullable<Text>,
        title -> Text,
        link_officers -> Text,
        action_plan_agreed -> Nullable<Text>,
        action_plan_agreed_date -> Nullable<Date>,
        select_committee -> Nullable<Text>,
        executive_date -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::table! {
    scrutiny_updates (id) {
        id -> Text,
        recommendation_id -> Text,
        review_id -> Text,
        period -> Text,
        period_key -> Text,
        period_date -> Nullable<Date>,
        evidence_of_progress -> Text,
        grade -> Int4,
        grade_explanation -> Nullable<Text>,
        evidence_of_impact -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Int4,
    }
}

diesel::joinable!(scrutiny_recommendations -> scrutiny_reviews (review_id));
diesel::joinable!(scrutiny_updates -> scrutiny_recommendations (recommendation_id));
diesel::joinable!(scrutiny_updates -> scrutiny_reviews (review_id));

diesel::allow_tables_to_appear_in_same_query!(
    scrutiny_recommendations,
    scrutiny_reviews,
    scrutiny_updates,
);
