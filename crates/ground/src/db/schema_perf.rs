//! Written by hand (see migration `2026-12-02-000050_meeting_changes`).

diesel::table! {
    /// Bumped by triggers whenever what a reader of the meeting sees changes.
    meeting_changes (meeting_id) {
        meeting_id -> Text,
        changes -> Int8,
    }
}

use super::schema::{api_tokens, bodies, meetings};

diesel::allow_tables_to_appear_in_same_query!(meeting_changes, meetings);
diesel::allow_tables_to_appear_in_same_query!(meeting_changes, bodies);
// A clerk's read of a meeting's tag looks up the token in the same query.
diesel::allow_tables_to_appear_in_same_query!(meeting_changes, api_tokens);
