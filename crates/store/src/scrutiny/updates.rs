//! Progress updates ("rounds") on a recommendation, graded 1–4.

use crate::{insert_row, save_row, OrNotFound};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_domain::scrutiny::{self, Grade};
use minutebook_ground::db::schema::{self, scrutiny_recommendations, scrutiny_updates};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = scrutiny_updates, treat_none_as_null = true)]
pub struct UpdateRow {
    pub id: String,
    pub recommendation_id: String,
    pub review_id: String,
    pub period: String,
    pub period_key: String,
    pub period_date: Option<NaiveDate>,
    pub evidence_of_progress: String,
    pub grade: i32,
    pub grade_explanation: Option<String>,
    pub evidence_of_impact: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

impl UpdateRow {
    /// The stored grade; the table's CHECK keeps it 1–4.
    pub fn grade(&self) -> Option<Grade> {
        Grade::try_from(self.grade).ok()
    }

    pub fn flags(&self) -> Vec<&'static str> {
        self.grade()
            .map(|g| scrutiny::flags(g, self.grade_explanation.as_deref()))
            .unwrap_or_default()
    }

    fn order(&self) -> (NaiveDate, NaiveDateTime, String) {
        (
            scrutiny::round_order(self.period_date, self.created_at.date()),
            self.created_at,
            self.id.clone(),
        )
    }
}

/// What the overview needs of a round: no evidence text.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = scrutiny_updates)]
pub struct RoundBrief {
    pub id: String,
    pub recommendation_id: String,
    pub review_id: String,
    pub period: String,
    pub period_date: Option<NaiveDate>,
    pub grade: i32,
    pub grade_explanation: Option<String>,
    pub created_at: NaiveDateTime,
}

impl RoundBrief {
    pub fn grade(&self) -> Option<Grade> {
        Grade::try_from(self.grade).ok()
    }

    pub fn flags(&self) -> Vec<&'static str> {
        self.grade()
            .map(|g| scrutiny::flags(g, self.grade_explanation.as_deref()))
            .unwrap_or_default()
    }

    pub fn date(&self) -> NaiveDate {
        scrutiny::round_order(self.period_date, self.created_at.date())
    }

    fn order(&self) -> (NaiveDate, NaiveDateTime, String) {
        (self.date(), self.created_at, self.id.clone())
    }
}

/// Sorts rounds oldest first (the last is the latest).
pub fn sort_rounds(rounds: &mut [UpdateRow]) {
    rounds.sort_by_key(UpdateRow::order);
}

pub(super) fn sort_briefs(rounds: &mut [RoundBrief]) {
    rounds.sort_by_key(RoundBrief::order);
}

pub fn insert_update(conn: &mut DbConn, actor: &Actor, row: &UpdateRow) -> AppResult<()> {
    insert_row!(
        schema::scrutiny_updates,
        conn,
        actor,
        "scrutiny_update",
        row
    )
}

pub fn save_update(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &UpdateRow,
    row: &mut UpdateRow,
) -> AppResult<()> {
    save_row!(
        schema::scrutiny_updates,
        conn,
        actor,
        "scrutiny_update",
        action,
        before,
        row
    )
}

/// A round whose recommendation and review are not deleted.
pub fn get_update(conn: &mut DbConn, id: &str) -> AppResult<UpdateRow> {
    scrutiny_updates::table
        .inner_join(scrutiny_recommendations::table)
        .filter(scrutiny_updates::id.eq(id))
        .filter(scrutiny_updates::deleted_at.is_null())
        .filter(scrutiny_recommendations::deleted_at.is_null())
        .select(UpdateRow::as_select())
        .get_result(conn)
        .or_not_found("progress update")
}

/// A recommendation's rounds, oldest first.
pub fn updates_of(conn: &mut DbConn, recommendation_id: &str) -> AppResult<Vec<UpdateRow>> {
    let mut rows = scrutiny_updates::table
        .filter(scrutiny_updates::recommendation_id.eq(recommendation_id))
        .filter(scrutiny_updates::deleted_at.is_null())
        .select(UpdateRow::as_select())
        .load(conn)?;
    sort_rounds(&mut rows);
    Ok(rows)
}

/// Every round of a review, oldest first (one query).
pub fn updates_of_review(conn: &mut DbConn, review_id: &str) -> AppResult<Vec<UpdateRow>> {
    let mut rows = scrutiny_updates::table
        .filter(scrutiny_updates::review_id.eq(review_id))
        .filter(scrutiny_updates::deleted_at.is_null())
        .select(UpdateRow::as_select())
        .load(conn)?;
    sort_rounds(&mut rows);
    Ok(rows)
}

/// The round a recommendation already has for a period, if any.
pub fn round_for_period(
    conn: &mut DbConn,
    recommendation_id: &str,
    period: &str,
    except_id: Option<&str>,
) -> AppResult<Option<UpdateRow>> {
    let mut q = scrutiny_updates::table
        .filter(scrutiny_updates::recommendation_id.eq(recommendation_id))
        .filter(scrutiny_updates::period_key.eq(scrutiny::period_key(period)))
        .filter(scrutiny_updates::deleted_at.is_null())
        .into_boxed();
    if let Some(id) = except_id {
        q = q.filter(scrutiny_updates::id.ne(id.to_string()));
    }
    Ok(q.select(UpdateRow::as_select()).first(conn).optional()?)
}
