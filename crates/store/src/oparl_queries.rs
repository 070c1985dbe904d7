//! Read queries for the OParl API (`crate::oparl`): one page of each object
//! type with the OParl filters applied in SQL, and the batch loads that
//! build a page. A page costs a fixed number of queries, whatever its size.
//!
//! What the public may see is decided here, in the `WHERE` clauses, and
//! again by the builders in `crate::oparl::objects` (which never show more
//! than these queries select):
//! - a meeting once it is no longer a draft;
//! - an agenda item once its meeting's agenda is published; a withdrawn one
//!   (a tombstone) only if it was withdrawn after that;
//! - a document only if neither it, nor its item, nor the item's parent is
//!   restricted, on a published agenda; a deleted one likewise as a tombstone.
//!
//! `modified` of an object that shows other rows (a meeting shows its items,
//! their outcomes, documents and declarations, and its attendance) is the
//! latest `updated_at` of all of them, deleted rows included (a deletion
//! bumps `updated_at`). The `modified_since` / `modified_until` filters test
//! exactly those parts, so a harvester that asks for what changed since its
//! last visit sees every change to what an object shows.

use crate::attendance::AttendanceRow;
use crate::bodies::BodyRow;
use crate::councillors::PartyRow;
use crate::documents::DocumentRow;
use crate::items::ItemRow;
use crate::meetings::MeetingRow;
use crate::memberships::MembershipRow;
use crate::minutes::{DeclarationRow, OutcomeRow};
use crate::people::PersonRow;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_ground::db::schema::{
    attendance, bodies, declarations, documents, items, meetings, memberships, outcomes, parties,
    people,
};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;

// Items seen as the parents of lettered parts (a subquery over the same table).
diesel::alias!(items as parent_items: ParentItems);

/// Which part of a list to read.
#[derive(Debug, Clone, Default)]
pub struct Window {
    pub created_since: Option<NaiveDateTime>,
    pub created_until: Option<NaiveDateTime>,
    pub modified_since: Option<NaiveDateTime>,
    pub modified_until: Option<NaiveDateTime>,
    /// Keyset pagination: only rows strictly after this `(created_at, id)`.
    pub after: Option<(NaiveDateTime, String)>,
    /// Only the object with this id (a single object is read through the
    /// same query as its list, so both apply the same rules).
    pub only: Option<String>,
    /// Only meetings of this body (an organisation's meeting list).
    pub body_id: Option<String>,
    /// Rows to read: the page size plus one, to know whether more follow.
    pub fetch: i64,
}

impl Window {
    /// The window that reads one object by id.
    pub fn one(id: &str) -> Window {
        Window {
            only: Some(id.to_string()),
            fetch: 1,
            ..Window::default()
        }
    }
}

/// Applies the created filters, the single-object filter, the keyset and
/// the stable order `(created_at, id)` to a boxed query.
macro_rules! windowed {
    ($q:expr, $w:expr, $created:expr, $id:expr) => {{
        let mut q = $q;
        if let Some(t) = $w.created_since {
            q = q.filter($created.ge(t));
        }
        if let Some(t) = $w.created_until {
            q = q.filter($created.le(t));
        }
        if let Some(id) = &$w.only {
            q = q.filter($id.eq(id.clone()));
        }
        $crate::paging::keyset_page!(q, $w.after.clone(), $created, $id, $w.fetch.max(1))
    }};
}

/// Organisations (minutebook bodies), deleted ones included. An
/// organisation shows its memberships' URLs.
pub fn organizations(conn: &mut DbConn, w: &Window) -> AppResult<Vec<BodyRow>> {
    let mut q = bodies::table.into_boxed();
    if let Some(t) = w.modified_since {
        q = q.filter(
            bodies::updated_at.ge(t).or(bodies::id.eq_any(
                memberships::table
                    .filter(memberships::updated_at.ge(t))
                    .select(memberships::body_id),
            )),
        );
    }
    if let Some(t) = w.modified_until {
        q = q.filter(
            bodies::updated_at.le(t).and(
                bodies::id.ne_all(
                    memberships::table
                        .filter(memberships::updated_at.gt(t))
                        .select(memberships::body_id),
                ),
            ),
        );
    }
    Ok(windowed!(q, w, bodies::created_at, bodies::id)
        .select(BodyRow::as_select())
        .load(conn)?)
}

/// People, deleted ones included. A person shows their memberships.
pub fn people(conn: &mut DbConn, w: &Window) -> AppResult<Vec<PersonRow>> {
    let mut q = people::table
        .filter(crate::people::publicly_known())
        .into_boxed();
    if let Some(t) = w.modified_since {
        q = q.filter(
            people::updated_at.ge(t).or(people::id.eq_any(
                memberships::table
                    .filter(memberships::updated_at.ge(t))
                    .select(memberships::person_id),
            )),
        );
    }
    if let Some(t) = w.modified_until {
        q = q.filter(
            people::updated_at.le(t).and(
                people::id.ne_all(
                    memberships::table
                        .filter(memberships::updated_at.gt(t))
                        .select(memberships::person_id),
                ),
            ),
        );
    }
    Ok(windowed!(q, w, people::created_at, people::id)
        .select(PersonRow::as_select())
        .load(conn)?)
}

/// Memberships, deleted ones included.
pub fn memberships(conn: &mut DbConn, w: &Window) -> AppResult<Vec<MembershipRow>> {
    let mut q = memberships::table.into_boxed();
    if let Some(t) = w.modified_since {
        q = q.filter(memberships::updated_at.ge(t));
    }
    if let Some(t) = w.modified_until {
        q = q.filter(memberships::updated_at.le(t));
    }
    Ok(windowed!(q, w, memberships::created_at, memberships::id)
        .select(MembershipRow::as_select())
        .load(conn)?)
}

/// Meetings that are not drafts. A meeting shows its body's name, its
/// items with their outcomes, documents and declarations, and attendance.
pub fn meetings(conn: &mut DbConn, w: &Window) -> AppResult<Vec<MeetingRow>> {
    let mut q = meetings::table
        .inner_join(bodies::table)
        .filter(crate::meeting_public!())
        .into_boxed();
    if let Some(b) = &w.body_id {
        q = q.filter(meetings::body_id.eq(b.clone()));
    }
    if let Some(t) = w.modified_since {
        q = q.filter(meeting_modified_since(t));
    }
    if let Some(t) = w.modified_until {
        q = q.filter(meeting_modified_until(t));
    }
    Ok(windowed!(q, w, meetings::created_at, meetings::id)
        .select(MeetingRow::as_select())
        .load(conn)?)
}

/// The backend of the service's connection.
type Backend = <DbConn as diesel::Connection>::Backend;

/// A meeting row joined to its body, as the meeting filters see it.
type MeetingWithBody = diesel::helper_types::InnerJoinQuerySource<meetings::table, bodies::table>;

/// A condition on a meeting joined to its body.
type MeetingCondition =
    Box<dyn BoxableExpression<MeetingWithBody, Backend, SqlType = diesel::sql_types::Bool>>;

/// Meetings of which something they show (the meeting, its body, items,
/// outcomes, documents, declarations or attendance) changed at or after `t`.
fn meeting_modified_since(t: NaiveDateTime) -> MeetingCondition {
    Box::new(
        meetings::updated_at
            .ge(t)
            .or(bodies::updated_at.ge(t))
            .or(meetings::id.eq_any(
                items::table
                    .filter(items::updated_at.ge(t))
                    .select(items::meeting_id),
            ))
            .or(meetings::id.eq_any(
                items::table
                    .inner_join(outcomes::table)
                    .filter(outcomes::updated_at.ge(t))
                    .select(items::meeting_id),
            ))
            .or(meetings::id.eq_any(
                items::table
                    .inner_join(documents::table)
                    .filter(documents::updated_at.ge(t))
                    .select(items::meeting_id),
            ))
            .or(meetings::id.eq_any(
                items::table
                    .inner_join(declarations::table)
                    .filter(declarations::updated_at.ge(t))
                    .select(items::meeting_id),
            ))
            .or(meetings::id.eq_any(
                attendance::table
                    .filter(attendance::updated_at.ge(t))
                    .select(attendance::meeting_id),
            )),
    )
}

/// Meetings of which nothing they show changed after `t`.
fn meeting_modified_until(t: NaiveDateTime) -> MeetingCondition {
    Box::new(
        meetings::updated_at
            .le(t)
            .and(bodies::updated_at.le(t))
            .and(
                meetings::id.ne_all(
                    items::table
                        .filter(items::updated_at.gt(t))
                        .select(items::meeting_id),
                ),
            )
            .and(
                meetings::id.ne_all(
                    items::table
                        .inner_join(outcomes::table)
                        .filter(outcomes::updated_at.gt(t))
                        .select(items::meeting_id),
                ),
            )
            .and(
                meetings::id.ne_all(
                    items::table
                        .inner_join(documents::table)
                        .filter(documents::updated_at.gt(t))
                        .select(items::meeting_id),
                ),
            )
            .and(
                meetings::id.ne_all(
                    items::table
                        .inner_join(declarations::table)
                        .filter(declarations::updated_at.gt(t))
                        .select(items::meeting_id),
                ),
            )
            .and(
                meetings::id.ne_all(
                    attendance::table
                        .filter(attendance::updated_at.gt(t))
                        .select(attendance::meeting_id),
                ),
            ),
    )
}

/// Meeting venues (one location per meeting that names one). A location
/// shows its meeting's venue; it goes with its meeting and body.
pub fn locations(conn: &mut DbConn, w: &Window) -> AppResult<Vec<MeetingRow>> {
    let mut q = meetings::table
        .inner_join(bodies::table)
        .filter(crate::meeting_public!())
        .filter(
            meetings::venue_name
                .is_not_null()
                .or(meetings::venue_address.is_not_null())
                .or(meetings::venue_postcode.is_not_null()),
        )
        .into_boxed();
    if let Some(t) = w.modified_since {
        q = q.filter(meetings::updated_at.ge(t).or(bodies::updated_at.ge(t)));
    }
    if let Some(t) = w.modified_until {
        q = q.filter(meetings::updated_at.le(t).and(bodies::updated_at.le(t)));
    }
    Ok(windowed!(q, w, meetings::created_at, meetings::id)
        .select(MeetingRow::as_select())
        .load(conn)?)
}

/// Agenda items of published agendas, and the tombstones of items
/// withdrawn after publication. An item shows its meeting's state, its
/// parent's restriction, and its outcomes, documents and declarations.
pub fn agenda_items(conn: &mut DbConn, w: &Window) -> AppResult<Vec<ItemRow>> {
    let mut q = items::table
        .inner_join(meetings::table)
        .filter(crate::meeting_public!())
        .filter(meetings::agenda_published_at.is_not_null())
        .filter(
            items::deleted_at
                .is_null()
                .or(items::deleted_at.ge(meetings::agenda_published_at)),
        )
        .into_boxed();
    if let Some(t) = w.modified_since {
        q = q.filter(
            items::updated_at
                .ge(t)
                .or(meetings::updated_at.ge(t))
                .or(items::parent_id.eq_any(
                    parent_items
                        .filter(parent_items.field(items::updated_at).ge(t))
                        .select(parent_items.field(items::id).nullable()),
                ))
                .or(items::id.eq_any(
                    outcomes::table
                        .filter(outcomes::updated_at.ge(t))
                        .select(outcomes::item_id),
                ))
                .or(items::id.eq_any(
                    documents::table
                        .filter(documents::updated_at.ge(t))
                        .select(documents::item_id),
                ))
                .or(items::id.eq_any(
                    declarations::table
                        .filter(declarations::updated_at.ge(t))
                        .select(declarations::item_id),
                )),
        );
    }
    if let Some(t) = w.modified_until {
        q = q.filter(
            items::updated_at
                .le(t)
                .and(meetings::updated_at.le(t))
                .and(
                    items::parent_id.is_null().or(items::parent_id.ne_all(
                        parent_items
                            .filter(parent_items.field(items::updated_at).gt(t))
                            .select(parent_items.field(items::id).nullable()),
                    )),
                )
                .and(
                    items::id.ne_all(
                        outcomes::table
                            .filter(outcomes::updated_at.gt(t))
                            .select(outcomes::item_id),
                    ),
                )
                .and(
                    items::id.ne_all(
                        documents::table
                            .filter(documents::updated_at.gt(t))
                            .select(documents::item_id),
                    ),
                )
                .and(
                    items::id.ne_all(
                        declarations::table
                            .filter(declarations::updated_at.gt(t))
                            .select(declarations::item_id),
                    ),
                ),
        );
    }
    Ok(windowed!(q, w, items::created_at, items::id)
        .select(ItemRow::as_select())
        .load(conn)?)
}

/// Documents the public may see (and tombstones of those deleted after the
/// agenda was published). A file shows its item's and meeting's state.
pub fn files(conn: &mut DbConn, w: &Window) -> AppResult<Vec<DocumentRow>> {
    let mut q = documents::table
        .inner_join(items::table.inner_join(meetings::table))
        .filter(crate::meeting_public!())
        .filter(meetings::agenda_published_at.is_not_null())
        .filter(documents::restricted.eq(false))
        .filter(items::restricted.eq(false))
        .filter(
            items::parent_id.is_null().or(items::parent_id.ne_all(
                parent_items
                    .filter(parent_items.field(items::restricted).eq(true))
                    .select(parent_items.field(items::id).nullable()),
            )),
        )
        .filter(
            items::deleted_at
                .is_null()
                .or(items::deleted_at.ge(meetings::agenda_published_at)),
        )
        .filter(
            documents::deleted_at
                .is_null()
                .or(documents::deleted_at.ge(meetings::agenda_published_at)),
        )
        .into_boxed();
    if let Some(t) = w.modified_since {
        q = q.filter(
            documents::updated_at
                .ge(t)
                .or(items::updated_at.ge(t))
                .or(meetings::updated_at.ge(t))
                .or(items::parent_id.eq_any(
                    parent_items
                        .filter(parent_items.field(items::updated_at).ge(t))
                        .select(parent_items.field(items::id).nullable()),
                )),
        );
    }
    if let Some(t) = w.modified_until {
        q = q.filter(
            documents::updated_at
                .le(t)
                .and(items::updated_at.le(t))
                .and(meetings::updated_at.le(t))
                .and(
                    items::parent_id.is_null().or(items::parent_id.ne_all(
                        parent_items
                            .filter(parent_items.field(items::updated_at).gt(t))
                            .select(parent_items.field(items::id).nullable()),
                    )),
                ),
        );
    }
    Ok(windowed!(q, w, documents::created_at, documents::id)
        .select(DocumentRow::as_select())
        .load(conn)?)
}

/// For the legislative terms: each numbering year in use with its body's
/// start month and when the year's first number was given (the earliest,
/// over its numbered items, of the later of the item's creation and its
/// meeting's agenda publication). One row per body and year, kept by
/// triggers (`numbering_years`), so this reads no items.
pub struct NumberedYear {
    pub year_start_month: i32,
    pub numbering_year: i32,
    pub first_numbered_at: NaiveDateTime,
}

pub fn numbered_years(conn: &mut DbConn) -> AppResult<Vec<NumberedYear>> {
    use minutebook_ground::db::schema::numbering_years as ny;
    Ok(ny::table
        .inner_join(bodies::table)
        .select((
            bodies::year_start_month,
            ny::numbering_year,
            ny::first_numbered_at,
        ))
        .load::<(i32, i32, NaiveDateTime)>(conn)?
        .into_iter()
        .map(
            |(year_start_month, numbering_year, first_numbered_at)| NumberedYear {
                year_start_month,
                numbering_year,
                first_numbered_at,
            },
        )
        .collect())
}

/// The earliest creation and the latest change of any body.
pub fn bodies_span(conn: &mut DbConn) -> AppResult<(Option<NaiveDateTime>, Option<NaiveDateTime>)> {
    Ok(bodies::table
        .select((
            diesel::dsl::min(bodies::created_at),
            diesel::dsl::max(bodies::updated_at),
        ))
        .get_result(conn)?)
}

// ---- batch loads for a page (deleted rows included: they count towards
// `modified`, and the builders decide what is shown) ----

pub fn bodies_by_ids(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<BodyRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(bodies::table
        .filter(bodies::id.eq_any(ids))
        .select(BodyRow::as_select())
        .load(conn)?)
}

pub fn meetings_by_ids(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<MeetingRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(meetings::table
        .filter(meetings::id.eq_any(ids))
        .select(MeetingRow::as_select())
        .load(conn)?)
}

pub fn items_by_ids(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<ItemRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(items::table
        .filter(items::id.eq_any(ids))
        .select(ItemRow::as_select())
        .load(conn)?)
}

/// Every item of these meetings, withdrawn ones included, in agenda order.
pub fn items_of_meetings(conn: &mut DbConn, meeting_ids: &[String]) -> AppResult<Vec<ItemRow>> {
    if meeting_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(items::table
        .filter(items::meeting_id.eq_any(meeting_ids))
        .order((
            items::position.asc(),
            items::created_at.asc(),
            items::id.asc(),
        ))
        .select(ItemRow::as_select())
        .load(conn)?)
}

pub fn outcomes_of(conn: &mut DbConn, item_ids: &[String]) -> AppResult<Vec<OutcomeRow>> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(outcomes::table
        .filter(outcomes::item_id.eq_any(item_ids))
        .order((
            outcomes::position.asc(),
            outcomes::created_at.asc(),
            outcomes::id.asc(),
        ))
        .select(OutcomeRow::as_select())
        .load(conn)?)
}

pub fn declarations_of(conn: &mut DbConn, item_ids: &[String]) -> AppResult<Vec<DeclarationRow>> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(declarations::table
        .filter(declarations::item_id.eq_any(item_ids))
        .order((declarations::created_at.asc(), declarations::id.asc()))
        .select(DeclarationRow::as_select())
        .load(conn)?)
}

pub fn documents_of(conn: &mut DbConn, item_ids: &[String]) -> AppResult<Vec<DocumentRow>> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(documents::table
        .filter(documents::item_id.eq_any(item_ids))
        .order((documents::created_at.asc(), documents::id.asc()))
        .select(DocumentRow::as_select())
        .load(conn)?)
}

pub fn attendance_of(conn: &mut DbConn, meeting_ids: &[String]) -> AppResult<Vec<AttendanceRow>> {
    if meeting_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(attendance::table
        .filter(attendance::meeting_id.eq_any(meeting_ids))
        .order((
            attendance::position.asc(),
            attendance::created_at.asc(),
            attendance::id.asc(),
        ))
        .select(AttendanceRow::as_select())
        .load(conn)?)
}

/// Political groups, as organisations of their own (deleted ones included).
pub fn parties(conn: &mut DbConn, w: &Window) -> AppResult<Vec<PartyRow>> {
    let mut q = parties::table.into_boxed();
    if let Some(t) = w.modified_since {
        q = q.filter(parties::updated_at.ge(t));
    }
    if let Some(t) = w.modified_until {
        q = q.filter(parties::updated_at.le(t));
    }
    Ok(windowed!(q, w, parties::created_at, parties::id)
        .select(PartyRow::as_select())
        .load(conn)?)
}

pub fn memberships_of_people(
    conn: &mut DbConn,
    person_ids: &[String],
) -> AppResult<Vec<MembershipRow>> {
    if person_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(memberships::table
        .filter(memberships::person_id.eq_any(person_ids))
        .order((memberships::created_at.asc(), memberships::id.asc()))
        .select(MembershipRow::as_select())
        .load(conn)?)
}

pub fn memberships_of_bodies(
    conn: &mut DbConn,
    body_ids: &[String],
) -> AppResult<Vec<MembershipRow>> {
    if body_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(memberships::table
        .filter(memberships::body_id.eq_any(body_ids))
        .order((memberships::created_at.asc(), memberships::id.asc()))
        .select(MembershipRow::as_select())
        .load(conn)?)
}

/// Forward-plan entries as OParl papers: published ones (deleted ones too,
/// for their tombstones), in the window's keyset order.
pub fn papers(conn: &mut DbConn, w: &Window) -> AppResult<Vec<crate::decisions::EntryRow>> {
    use minutebook_ground::db::schema::decisions as d;
    use minutebook_ground::db::schema::forward_plan_entries as fpe;
    let mut q = fpe::table
        .filter(fpe::first_published_at.is_not_null())
        .into_boxed();
    // A paper changes with its entry and with its decisions.
    if let Some(t) = w.modified_since {
        q = q.filter(
            fpe::updated_at.ge(t).or(fpe::id
                .nullable()
                .eq_any(d::table.filter(d::updated_at.ge(t)).select(d::entry_id))),
        );
    }
    if let Some(t) = w.modified_until {
        q = q.filter(
            fpe::updated_at.le(t).and(
                fpe::id.nullable().ne_all(
                    d::table
                        .filter(d::updated_at.gt(t))
                        .filter(d::entry_id.is_not_null())
                        .select(d::entry_id),
                ),
            ),
        );
    }
    Ok(windowed!(q, w, fpe::created_at, fpe::id)
        .select(crate::decisions::EntryRow::as_select())
        .load(conn)?)
}
