//! People: members, officers, presenters.

use super::{insert_row, save_row, OrNotFound};
use crate::paging::keyset_page;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_domain::lifecycle::MinutesStatus;
use minutebook_domain::visibility::{self, Viewer};
use minutebook_ground::db::schema::{
    attendance, declarations, items, meetings, memberships, people, terms_of_office,
};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = people, treat_none_as_null = true)]
pub struct PersonRow {
    pub id: String,
    pub name: String,
    pub honorific: Option<String>,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
    /// A councillor's title as they use it ("Dr", "Councillor").
    pub title: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// Contact details the council publishes (the official address, never a
    /// private one unless the person chose to publish it); `email` above is
    /// the private one the service writes to.
    pub public_email: Option<String>,
    pub public_phone: Option<String>,
    pub public_address: Option<String>,
    pub biography: Option<String>,
    /// A JSON array of strings: "Leader of the Council", a portfolio.
    pub posts: Option<String>,
    /// When the member last notified their register of interests complete
    /// (nil or not): the 28-day duty on taking office.
    pub register_notified_on: Option<chrono::NaiveDate>,
}

impl PersonRow {
    /// A new person with a name and nothing else yet.
    pub fn named(name: String) -> PersonRow {
        let now = crate::now();
        PersonRow {
            id: crate::new_id(),
            name,
            honorific: None,
            organisation: None,
            email: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
            title: None,
            given_name: None,
            family_name: None,
            public_email: None,
            public_phone: None,
            public_address: None,
            biography: None,
            posts: None,
            register_notified_on: None,
        }
    }

    /// The posts held, from their JSON form (none if unset or unreadable).
    pub fn post_list(&self) -> Vec<String> {
        self.posts
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default()
    }

    /// "Cllr Jane Smith", or the name alone.
    pub fn display_name(&self) -> String {
        match &self.honorific {
            Some(h) if !h.is_empty() => format!("{h} {}", self.name),
            _ => self.name.clone(),
        }
    }
}

pub fn insert(conn: &mut DbConn, actor: &Actor, row: &PersonRow) -> AppResult<()> {
    insert_row!(people, conn, actor, "person", row)
}

pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    before: &PersonRow,
    row: &mut PersonRow,
) -> AppResult<()> {
    save_row!(people, conn, actor, "person", "update", before, row)
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<PersonRow> {
    people::table
        .find(id)
        .filter(people::deleted_at.is_null())
        .select(PersonRow::as_select())
        .get_result(conn)
        .or_not_found("person")
}

/// Loads the people with these ids in one query.
pub fn get_many(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<PersonRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(people::table
        .filter(people::id.eq_any(ids))
        .select(PersonRow::as_select())
        .load(conn)?)
}

/// Everyone recorded at a meeting (attending, substituted for, or declaring
/// an interest on one of its items): one SQL text for any meeting, so its
/// prepared statement is cached.
pub fn at_meeting(conn: &mut DbConn, meeting_id: &str) -> AppResult<Vec<PersonRow>> {
    let attending = || attendance::table.filter(attendance::meeting_id.eq(meeting_id));
    Ok(people::table
        .filter(
            people::id
                .eq_any(attending().select(attendance::person_id))
                .or(people::id.eq_any(
                    attending()
                        .filter(attendance::substitute_for.is_not_null())
                        .select(attendance::substitute_for.assume_not_null()),
                ))
                .or(people::id.eq_any(
                    declarations::table
                        .inner_join(items::table)
                        .filter(items::meeting_id.eq(meeting_id))
                        .select(declarations::person_id),
                )),
        )
        .select(PersonRow::as_select())
        .load(conn)?)
}

pub fn exists(conn: &mut DbConn, id: &str) -> AppResult<bool> {
    Ok(people::table
        .find(id)
        .filter(people::deleted_at.is_null())
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

pub fn list(
    conn: &mut DbConn,
    viewer: Viewer,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> AppResult<Vec<PersonRow>> {
    let mut q = people::table
        .filter(people::deleted_at.is_null())
        .into_boxed();
    if !visibility::person_visible(viewer, false) {
        q = q.filter(publicly_known());
    }
    Ok(
        keyset_page!(q, after, people::created_at, people::id, limit)
            .select(PersonRow::as_select())
            .load(conn)?,
    )
}

type Backend = <DbConn as diesel::Connection>::Backend;

/// Meetings whose minutes the public may read: the SQL form of
/// `domain::visibility::minutes_visible` for the public. (A macro: diesel's
/// boxed subqueries do not cross `MultiConnection`.)
macro_rules! meetings_with_public_minutes {
    () => {
        meetings::table
            .filter(meetings::deleted_at.is_null())
            .filter(crate::meeting_public!())
            .filter(meetings::agenda_published_at.is_not_null())
            .filter(meetings::minutes_status.eq_any([
                MinutesStatus::Published.as_str(),
                MinutesStatus::Confirmed.as_str(),
            ]))
            .select(meetings::id)
    };
}

/// People the public may know of (`domain::visibility::person_visible`):
/// members of a body, and people recorded in published minutes (present,
/// sending apologies, substituted for, or declaring an interest on an
/// unrestricted item) — never someone known only from drafts.
pub fn publicly_known(
) -> Box<dyn BoxableExpression<people::table, Backend, SqlType = diesel::sql_types::Bool>> {
    let live_attendance = || {
        attendance::table
            .filter(attendance::deleted_at.is_null())
            .filter(attendance::meeting_id.eq_any(meetings_with_public_minutes!()))
    };
    Box::new(
        people::id
            .eq_any(
                memberships::table
                    .filter(memberships::deleted_at.is_null())
                    .select(memberships::person_id),
            )
            .or(people::id.eq_any(
                terms_of_office::table
                    .filter(terms_of_office::deleted_at.is_null())
                    .select(terms_of_office::person_id),
            ))
            .or(people::id.eq_any(live_attendance().select(attendance::person_id)))
            .or(people::id.eq_any(
                live_attendance()
                    .filter(attendance::substitute_for.is_not_null())
                    .select(attendance::substitute_for.assume_not_null()),
            ))
            .or(people::id.eq_any(
                declarations::table
                    .inner_join(items::table)
                    .filter(declarations::deleted_at.is_null())
                    .filter(items::deleted_at.is_null())
                    .filter(items::restricted.eq(false))
                    .filter(items::meeting_id.eq_any(meetings_with_public_minutes!()))
                    .select(declarations::person_id),
            )),
    )
}

/// A live person the viewer may see; else 404.
pub fn get_for(conn: &mut DbConn, id: &str, viewer: Viewer) -> AppResult<PersonRow> {
    let mut q = people::table
        .find(id)
        .filter(people::deleted_at.is_null())
        .into_boxed();
    if !visibility::person_visible(viewer, false) {
        q = q.filter(publicly_known());
    }
    q.select(PersonRow::as_select())
        .get_result(conn)
        .or_not_found("person")
}

/// Everyone the public may know of, by name (for the members' index; a
/// council has hundreds, not millions: at most `limit`).
pub fn publicly_known_all(conn: &mut DbConn, limit: i64) -> AppResult<Vec<PersonRow>> {
    Ok(people::table
        .filter(people::deleted_at.is_null())
        .filter(publicly_known())
        .order((people::name.asc(), people::id.asc()))
        .limit(limit)
        .select(PersonRow::as_select())
        .load(conn)?)
}

/// Live people with exactly this name.
pub fn find_by_name(conn: &mut DbConn, name: &str) -> AppResult<Vec<PersonRow>> {
    let all: Vec<PersonRow> = people::table
        .filter(people::deleted_at.is_null())
        .filter(people::name.eq(name))
        .select(PersonRow::as_select())
        .load(conn)?;
    Ok(all)
}
