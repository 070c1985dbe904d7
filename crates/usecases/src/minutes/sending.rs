//! What must hold before a draft goes out by email: the recipient may see
//! it (`domain::recipients`), and neither the meeting nor the recipient has
//! had too many approval emails lately (`domain::rate`, counted from the
//! approval requests in the database, so the limits hold across instances).
//! Run inside the sending transaction, after the meeting row is locked.

use minutebook_domain::rate::{wait_before_next, Window};
use minutebook_domain::recipients::check_draft_recipient;
use minutebook_ground::config::LimitSettings;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::approval_counts as counts;
use minutebook_store::meetings::MeetingRow;
use minutebook_store::people::PersonRow;

/// `422` naming the rule when the person may not receive the draft.
pub fn check_recipient(
    conn: &mut DbConn,
    meeting: &MeetingRow,
    person: &PersonRow,
) -> AppResult<()> {
    let memberships = counts::memberships_of(conn, &meeting.body_id, &person.id)?;
    let attendance = counts::attendance_of(conn, &meeting.id, &person.id)?;
    let statuses: Vec<&str> = attendance.iter().map(String::as_str).collect();
    let today = minutebook_domain::time::date_of(chrono::Utc::now());
    check_draft_recipient(&memberships, &statuses, today).map_err(|rule| {
        AppError::field(
            "to_person_id",
            format!("{} may not receive the draft: {rule}", person.name),
        )
    })
}

/// `429` with `Retry-After` when the meeting, or the recipient, has had as
/// many approval emails as the window allows.
pub fn check_limits(
    conn: &mut DbConn,
    meeting_id: &str,
    email: &str,
    limits: &LimitSettings,
) -> AppResult<()> {
    let now = minutebook_store::now();
    let per_meeting = Window::new(limits.approvals_per_meeting, limits.approval_window_secs);
    let sent = counts::sent_for_meeting(conn, meeting_id, per_meeting.since(now))?;
    if let Some(retry_after) = wait_before_next(&sent, per_meeting, now) {
        return Err(AppError::TooManyRequests {
            detail: format!(
                "this meeting's draft has been sent {} times in the last {} s (at most {}); retry after {retry_after} s",
                sent.len(),
                limits.approval_window_secs,
                limits.approvals_per_meeting
            ),
            retry_after,
        });
    }
    let per_recipient = Window::new(limits.approvals_per_recipient, limits.approval_window_secs);
    counts::lock_recipient(conn, email)?;
    let sent = counts::sent_to(conn, email, per_recipient.since(now))?;
    if let Some(retry_after) = wait_before_next(&sent, per_recipient, now) {
        return Err(AppError::TooManyRequests {
            detail: format!(
                "{email} has been sent {} drafts in the last {} s (at most {}); retry after {retry_after} s",
                sent.len(),
                limits.approval_window_secs,
                limits.approvals_per_recipient
            ),
            retry_after,
        });
    }
    Ok(())
}
