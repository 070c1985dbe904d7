//! Items of an agenda and their lettered parts.

use minutebook_domain::access::Actor;
use minutebook_domain::agenda::{check_agenda_editable, check_part_parent};
use minutebook_domain::lifecycle::check_minutes_editable;
use minutebook_domain::precondition::IfMatch;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::{self as store, items::ItemRow, meetings::MeetingRow};

/// A restriction: the Schedule 12A paragraph and the (never public) reason.
pub type Restriction = (Option<i32>, Option<String>);

/// A new item, its fields already checked for shape.
pub struct NewItem {
    pub title: String,
    pub kind: String,
    pub parent_id: Option<String>,
    pub position: Option<i64>,
    pub restricted: Option<Restriction>,
    pub public_summary: Option<String>,
    pub presenter: Option<String>,
    pub minutes: Option<String>,
}

/// A change to an item: `None` leaves a field as it is; `Some(None)` clears it.
pub struct ItemChange {
    pub title: Option<String>,
    pub kind: Option<String>,
    pub position: Option<i64>,
    pub restricted: Option<Option<Restriction>>,
    pub public_summary: Option<Option<String>>,
    pub presenter: Option<Option<String>>,
    pub minutes: Option<Option<String>>,
}

/// Refuses changes to the minutes once the chair has approved them.
pub fn ensure_minutes_editable(m: &MeetingRow) -> AppResult<()> {
    check_minutes_editable(m.minutes_status()).map_err(AppError::Conflict)
}

/// Refuses changes to the agenda of a cancelled meeting.
pub fn ensure_agenda_editable(m: &MeetingRow) -> AppResult<()> {
    check_agenda_editable(m.status()).map_err(AppError::Conflict)
}

/// Loads a live item and its meeting (locked for the write).
pub fn item_and_meeting(conn: &mut DbConn, id: &str) -> AppResult<(ItemRow, MeetingRow)> {
    let item = store::items::get(conn, id)?;
    let meeting = store::meetings::get_for_update(conn, &item.meeting_id)?;
    // Re-read: the item may have moved while we waited for the lock.
    let item = store::items::get(conn, id)?;
    Ok((item, meeting))
}

/// Adds an item (or a lettered part) to a meeting's agenda. After the
/// agenda is published a new top-level item takes the next free number.
/// What [`add`] made: the item as stored (with its minute number, when the
/// agenda is published) and the meeting it was added to.
pub struct Added {
    pub row: ItemRow,
    pub meeting: MeetingRow,
}

pub fn add(conn: &mut DbConn, actor: &Actor, meeting_id: &str, new: NewItem) -> AppResult<Added> {
    let store::meetings::LockedForItem {
        meeting,
        numbering: body,
    } = store::meetings::lock_for_new_item(conn, meeting_id)?;
    ensure_agenda_editable(&meeting)?;
    if new.minutes.is_some() {
        ensure_minutes_editable(&meeting)?;
    }
    if let Some(p) = &new.parent_id {
        let parent = store::items::get(conn, p)
            .map_err(|_| AppError::field("parent_id", "no item with that id"))?;
        check_part_parent(&meeting.id, &parent.meeting_id, parent.parent_id.is_some())
            .map_err(|m| AppError::field("parent_id", m))?;
    }
    let now = store::now();
    let (restricted, paragraph, reason) = match new.restricted {
        Some((p, r)) => (true, p, r),
        None => (false, None, None),
    };
    let mut row = ItemRow {
        id: store::new_id(),
        meeting_id: meeting.id.clone(),
        parent_id: new.parent_id.clone(),
        position: 0,
        title: new.title,
        kind: new.kind,
        presenter: new.presenter,
        restricted,
        restricted_paragraph: paragraph,
        restricted_reason: reason,
        public_summary: new.public_summary,
        minutes: new.minutes,
        minute_number: None,
        minute_seq: None,
        minute_year: None,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    // Appending (the common case) needs no sibling to move, and the same
    // statement tells whether other top-level items wait for a number.
    // (Not read with the meeting's lock: that statement's snapshot is taken
    // before it waits for the lock, and would miss the items of the writer
    // it waited for.)
    let (position, others_unnumbered) = match new.position {
        None => {
            let at = store::items::append_point(conn, &meeting.id, new.parent_id.as_deref())?;
            (at.position, at.any_unnumbered)
        }
        Some(_) => {
            let siblings = store::items::siblings(conn, &meeting.id, new.parent_id.as_deref())?;
            let waiting = siblings.iter().any(|s| s.minute_number.is_none());
            (place(conn, siblings, &row, new.position)?, waiting)
        }
    };
    row.position = position;
    // A new top-level item of a published agenda takes the next number:
    // given before the insert when it is the only item waiting for one
    // (always, but for agendas imported unnumbered), so it is written once.
    let numbered_agenda = new.parent_id.is_none() && meeting.status().is_numbered();
    let numbered = numbered_agenda && !others_unnumbered;
    if numbered {
        super::publish::number_before_insert(conn, &meeting, &body, &mut row)?;
    }
    if numbered_agenda && !numbered {
        // Numbered with the others after the insert: its search rows are
        // left to the reindex its mark asks for.
        store::items::insert(conn, actor, &row)?;
        let numbered = super::publish::allocate_numbers(conn, actor, &meeting)?;
        if let Some(n) = numbered.into_iter().find(|n| n.id == row.id) {
            row = n;
        }
    } else {
        // Its search rows are known now: written with it, they leave the
        // write nothing to index once it commits.
        store::items::insert_indexed(conn, actor, &row, || {
            minutebook_search::rows_of_new_item(&meeting, &row)
        })?;
    }
    Ok(Added { row, meeting })
}

/// Changes an item: title, kind, order, restriction, presenter, minute text.
pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
    change: ItemChange,
) -> AppResult<()> {
    let (before, meeting) = item_and_meeting(conn, id)?;
    if_match.check(before.version)?;
    ensure_agenda_editable(&meeting)?;
    if change.minutes.is_some() || change.public_summary.is_some() || change.restricted.is_some() {
        ensure_minutes_editable(&meeting)?;
    }
    if let Some(p) = change.position {
        let siblings = store::items::siblings(conn, &meeting.id, before.parent_id.as_deref())?;
        let pos = place(conn, siblings, &before, Some(p))?;
        // `place` may have written positions; re-read before saving.
        let fresh = store::items::get(conn, id)?;
        let mut moved = fresh.clone();
        moved.position = pos;
        store::items::save(conn, actor, "move", &fresh, &mut moved)?;
    }
    let before = store::items::get(conn, id)?;
    let mut row = before.clone();
    if let Some(v) = change.title {
        row.title = v;
    }
    if let Some(v) = change.kind {
        row.kind = v;
    }
    if let Some(r) = change.restricted {
        let (restricted, paragraph, reason) = match r {
            Some((p, reason)) => (true, p, reason),
            None => (false, None, None),
        };
        row.restricted = restricted;
        row.restricted_paragraph = paragraph;
        row.restricted_reason = reason;
    }
    if let Some(v) = change.public_summary {
        row.public_summary = v;
    }
    if let Some(v) = change.presenter {
        row.presenter = v;
    }
    if let Some(v) = change.minutes {
        row.minutes = v;
    }
    store::items::save(conn, actor, "update", &before, &mut row)
}

/// Withdraws an item and its parts. A minute number, once given, is kept
/// and never reused; the item stays readable as a tombstone.
pub fn withdraw(conn: &mut DbConn, actor: &Actor, id: &str, if_match: &IfMatch) -> AppResult<()> {
    let (before, meeting) = item_and_meeting(conn, id)?;
    if_match.check(before.version)?;
    ensure_agenda_editable(&meeting)?;
    ensure_minutes_editable(&meeting)?;
    tombstone(conn, actor, &before)?;
    if before.parent_id.is_none() {
        for part in store::items::siblings(conn, &meeting.id, Some(&before.id))? {
            tombstone(conn, actor, &part)?;
        }
    }
    let rest = store::items::siblings(conn, &meeting.id, before.parent_id.as_deref())?;
    store::items::renumber_positions(conn, &rest)
}

fn tombstone(conn: &mut DbConn, actor: &Actor, before: &ItemRow) -> AppResult<()> {
    let mut row = before.clone();
    row.deleted_at = Some(store::now());
    store::items::save(conn, actor, "delete", before, &mut row)
}

/// Puts `row` at `position` (1-based) among its siblings, moving the others.
fn place(
    conn: &mut DbConn,
    mut siblings: Vec<ItemRow>,
    row: &ItemRow,
    position: Option<i64>,
) -> AppResult<i32> {
    siblings.retain(|s| s.id != row.id);
    let max = siblings.len() as i64 + 1;
    let pos = match position {
        None => max,
        Some(p) if (1..=max).contains(&p) => p,
        Some(_) => {
            return Err(AppError::field(
                "position",
                format!("must be from 1 to {max}"),
            ))
        }
    };
    for (i, s) in siblings.iter().enumerate() {
        let i = i as i64 + 1;
        let want = if i < pos { i } else { i + 1 };
        store::items::set_position(conn, s, want as i32)?;
    }
    Ok(pos as i32)
}
