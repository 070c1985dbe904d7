//! Written by hand (see migration `2026-12-06-000110_numbering_years`).

diesel::table! {
    /// The numbering years in use: kept by triggers, one row per body and
    /// numbering year with a numbered item, and when its first number was
    /// given.
    numbering_years (body_id, numbering_year) {
        body_id -> Text,
        numbering_year -> Int4,
        first_numbered_at -> Timestamp,
    }
}

use super::schema::bodies;

diesel::joinable!(numbering_years -> bodies (body_id));
diesel::allow_tables_to_appear_in_same_query!(numbering_years, bodies);
