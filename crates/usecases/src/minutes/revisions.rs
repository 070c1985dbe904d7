//! The one place where the minutes' revision trail is kept.
//!
//! Any change to what the minutes contain (items, outcomes, declarations,
//! actions, attendance, the meeting's details) is marked by database
//! triggers in `minutes_dirty`, in the same transaction as the change, so no
//! write path can forget it. Rendering the whole minutes on every
//! keystroke-sized edit would be wasteful, so the revision is recorded
//! lazily:
//!
//! - at once, at the end of the writing transaction, when the minutes are
//!   out with the chair ([`after_write`]): the link sent is superseded and
//!   the minutes return to draft if the text changed;
//! - at every checkpoint of the workflow ([`checkpoint`]): sending, deciding,
//!   publishing, reopening, confirming, reading the revisions;
//! - when the edits have settled, by the background worker ([`settle`]).

use chrono::NaiveDateTime;
use minutebook_domain::access::Actor;
use minutebook_domain::lifecycle::{MeetingStatus, MinutesEvent, MinutesStatus};
use minutebook_domain::visibility::Viewer;
use minutebook_ground::config::Settings;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppError;
use minutebook_ground::error::AppResult;
use minutebook_read::meeting::{self, Meeting};
use minutebook_render::{self as render, Audience, Format};
use minutebook_store::minutes_record::{self as trail, RevisionRow};
use minutebook_store::{self as store};

/// The internal minutes as text: what a revision records and what is hashed
/// on confirmation.
pub fn minutes_text(
    conn: &mut DbConn,
    meeting_id: &str,
    settings: &Settings,
) -> AppResult<(Meeting, String)> {
    let m = meeting::load_meeting(conn, meeting_id, Viewer::Internal, &settings.public_url)?;
    let r = render::render_minutes(&m, Audience::Internal, Format::Text)?;
    let text = String::from_utf8(r.bytes).map_err(|e| AppError::Internal(e.into()))?;
    Ok((m, text))
}

/// The text that is hashed when minutes are confirmed, recomputed from the
/// stored records: the internal minutes as text, without the confirmation
/// notice the confirmed document then carries. `minutes::approval` hashes
/// it at confirmation and `minutes::minute_book::verify` recomputes it.
pub fn record_text(
    conn: &mut DbConn,
    meeting_id: &str,
    settings: &Settings,
) -> AppResult<(Meeting, String)> {
    let mut m = meeting::load_meeting(conn, meeting_id, Viewer::Internal, &settings.public_url)?;
    m.minutes_record.confirmed_at = None;
    m.minutes_record.confirmed_sha256 = None;
    let r = render::render_minutes(&m, Audience::Internal, Format::Text)?;
    let text = String::from_utf8(r.bytes).map_err(|e| AppError::Internal(e.into()))?;
    Ok((m, text))
}

/// Records a revision for `meeting_id` if its minutes changed since the last
/// one (and the meeting has been held); clears the mark. Answers the latest
/// revision.
pub fn checkpoint(
    conn: &mut DbConn,
    author: &str,
    meeting_id: &str,
    settings: &Settings,
) -> AppResult<Option<RevisionRow>> {
    if !store::minutes_dirty::is_marked(conn, meeting_id)? {
        return trail::latest_revision(conn, meeting_id);
    }
    // The delete decides who records: of two instances settling the same
    // meeting at once, the second finds the mark gone (PostgreSQL re-reads
    // the row after the first commits) and records nothing.
    if store::minutes_dirty::clear(conn, meeting_id)? == 0 {
        return trail::latest_revision(conn, meeting_id);
    }
    let meeting = store::meetings::get(conn, meeting_id)?;
    // Confirmed minutes are frozen (by the database too): their trail ends
    // at the confirmed revision; an action's progress may still change.
    if meeting.status() != MeetingStatus::Held
        || meeting.minutes_status() == MinutesStatus::Confirmed
    {
        return trail::latest_revision(conn, meeting_id);
    }
    let (_, text) = minutes_text(conn, meeting_id, settings)?;
    trail::record_revision(conn, meeting_id, author, "edit", text).map(Some)
}

/// Runs at the end of every writing transaction: marks that need no
/// revision (the meeting is not held) are dropped; minutes out with the
/// chair that changed are recorded at once, the links sent superseded and
/// the minutes returned to draft.
pub fn after_write(conn: &mut DbConn, settings: &Settings) -> AppResult<()> {
    let sent = store::minutes_dirty::drop_unheld_and_find_sent(conn, HELD, SENT)?;
    revise_sent(conn, settings, sent)
}

/// The statuses [`after_write`] reads the marks by, as stored: a held
/// meeting's, and minutes' out with the chair.
pub const HELD: &str = MeetingStatus::Held.as_str();
pub const SENT: &str = MinutesStatus::SentForApproval.as_str();

/// [`after_write`] for the meetings its statement found (`sent`: held,
/// their minutes marked as changed while out with the chair), when the
/// write read them with its other bookkeeping (`commit`).
pub fn revise_sent(conn: &mut DbConn, settings: &Settings, sent: Vec<String>) -> AppResult<()> {
    let actor = &Actor::system("minutebook (minutes edited while with the chair)");
    for id in sent {
        let before = trail::latest_revision(conn, &id)?.map(|r| r.number);
        let rev = checkpoint(conn, &actor.name, &id, settings)?;
        let changed = rev.map(|r| Some(r.number) != before).unwrap_or(false);
        if changed {
            trail::supersede_open(conn, &id)?;
            let meeting = store::meetings::get(conn, &id)?;
            super::status::move_minutes(conn, actor, &meeting, MinutesEvent::EditWhileSent)?;
        }
    }
    Ok(())
}

/// Records revisions of minutes whose edits have settled (no change since
/// `quiet_since`); the background worker calls this.
pub fn settle(
    conn: &mut DbConn,
    quiet_since: NaiveDateTime,
    settings: &Settings,
) -> AppResult<usize> {
    let due = store::minutes_dirty::settled(conn, quiet_since, 50)?;
    let n = due.len();
    for id in due {
        minutebook_ground::db::write_tx(conn, |conn| {
            checkpoint(conn, "minutebook (settled edits)", &id, settings).map(|_| ())
        })?;
    }
    Ok(n)
}
