//! Publishing an agenda: the publish gate, minute numbers allocated in
//! agenda order continuing the body's numbering year, and the s.100B notice
//! warning.

use chrono::NaiveDate;
use minutebook_domain::access::Actor;
use minutebook_domain::agenda::check_agenda_publishable;
use minutebook_domain::lifecycle::MeetingStatus;
use minutebook_domain::precondition::IfMatch;
use minutebook_domain::time::london_date;
use minutebook_domain::{numbering, working_days};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::meetings::{BodyNumbering, MeetingRow};
use minutebook_store::{self as store, items::ItemRow};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Warning {
    pub code: String,
    pub message: String,
}

/// Checks the s.100B rule: five clear working days between publication and
/// the meeting.
pub fn notice_warnings(published: NaiveDate, meeting: NaiveDate) -> Vec<Warning> {
    let clear = working_days::clear_working_days_between(published, meeting);
    if clear < working_days::REQUIRED_CLEAR_WORKING_DAYS {
        vec![Warning {
            code: "short_notice".into(),
            message: format!(
                "only {clear} clear working day{} remain before the meeting on {}; the Local Government Act 1972 s.100B asks for {} (publish by {})",
                if clear == 1 { "" } else { "s" },
                meeting.format("%-d %B %Y"),
                working_days::REQUIRED_CLEAR_WORKING_DAYS,
                working_days::latest_publication_date(meeting).format("%-d %B %Y"),
            ),
        }]
    } else {
        Vec::new()
    }
}

/// How a meeting's items are numbered: its body's prefix and format, and
/// the numbering year its date falls in.
struct Numbering {
    body_id: String,
    prefix: String,
    format: numbering::MinuteNumberFormat,
    year: i32,
}

impl Numbering {
    fn of(conn: &mut DbConn, meeting: &MeetingRow) -> AppResult<Numbering> {
        let body = store::bodies::get(conn, &meeting.body_id)?;
        Numbering::with(
            meeting,
            &BodyNumbering {
                minute_prefix: body.minute_prefix,
                numbering_format: body.numbering_format,
                year_start_month: body.year_start_month,
            },
        )
    }

    /// The numbering of `meeting`'s year, by its body's settings.
    fn with(meeting: &MeetingRow, body: &BodyNumbering) -> AppResult<Numbering> {
        let format = numbering::MinuteNumberFormat::parse(&body.numbering_format)
            .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
        let year = numbering::numbering_year(london_date(meeting.starts_at), body.year_start_month);
        Ok(Numbering {
            body_id: meeting.body_id.clone(),
            prefix: body.minute_prefix.clone(),
            format,
            year,
        })
    }

    /// Gives `row` number `n` of the year.
    fn give(&self, row: &mut ItemRow, n: i32) {
        row.minute_number = Some(self.format.format(&self.prefix, n, self.year));
        row.minute_seq = Some(n);
        row.minute_year = Some(self.year);
    }
}

/// Gives numbers to a meeting's unnumbered top-level items, in agenda order.
pub fn allocate_numbers(
    conn: &mut DbConn,
    actor: &Actor,
    meeting: &MeetingRow,
) -> AppResult<Vec<ItemRow>> {
    let unnumbered = store::items::unnumbered(conn, &meeting.id)?;
    if unnumbered.is_empty() {
        return Ok(Vec::new());
    }
    let numbering = Numbering::of(conn, meeting)?;
    let first = store::numbering::take(
        conn,
        &numbering.body_id,
        numbering.year,
        unnumbered.len() as i32,
    )?;
    let mut numbered = Vec::with_capacity(unnumbered.len());
    for (i, before) in unnumbered.into_iter().enumerate() {
        let mut row = before.clone();
        numbering.give(&mut row, first + i as i32);
        store::items::save(conn, actor, "number", &before, &mut row)?;
        numbered.push(row);
    }
    Ok(numbered)
}

/// Numbers `row`, a new top-level item of a numbered agenda not yet
/// written, when no other item waits for a number (the caller knows: it
/// read the agenda to place the item): it takes the next free number, as
/// [`allocate_numbers`] would give it once written, and is written once,
/// with it. `body` is the meeting's body's numbering, read with the
/// meeting (`store::meetings::lock_for_new_item`).
pub fn number_before_insert(
    conn: &mut DbConn,
    meeting: &MeetingRow,
    body: &BodyNumbering,
    row: &mut ItemRow,
) -> AppResult<()> {
    let numbering = Numbering::with(meeting, body)?;
    let n = store::numbering::take(conn, &numbering.body_id, numbering.year, 1)?;
    numbering.give(row, n);
    Ok(())
}

/// Publishes the agenda: allocates minute numbers in agenda order,
/// continuing the body's numbering year; answers the warnings (fewer than
/// five clear working days).
pub fn publish_agenda(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
    public_url: &str,
) -> AppResult<Vec<Warning>> {
    // Lock the body first (PostgreSQL), then read the meeting, so two
    // publications of one body are serialised.
    let peek = store::meetings::get(conn, id)?;
    minutebook_ground::db::lock_body_row(conn, &peek.body_id)?;
    let before = store::meetings::get_for_update(conn, id)?;
    if_match.check(before.version)?;
    let has_items = !store::items::siblings(conn, id, None)?.is_empty();
    check_agenda_publishable(before.status(), has_items).map_err(AppError::Conflict)?;
    crate::decisions::forward_plan::check_agenda(conn, &before)?;
    allocate_numbers(conn, actor, &before)?;
    let now = store::now();
    let mut row = before.clone();
    row.status = MeetingStatus::AgendaPublished;
    row.agenda_published_at = Some(now);
    store::meetings::save(conn, actor, "publish_agenda", &before, &mut row)?;
    crate::webhooks::enqueue(
        conn,
        crate::webhooks::Event::AgendaPublished,
        id,
        public_url,
    )?;
    Ok(notice_warnings(
        london_date(now),
        london_date(row.starts_at),
    ))
}
