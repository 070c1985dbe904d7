//! Rounds of progress on a recommendation ("November 2022"), each graded
//! 1–4: record, change, delete.

use chrono::NaiveDate;
use minutebook_domain::access::Actor;
use minutebook_domain::precondition::IfMatch;
use minutebook_domain::scrutiny::{self, Grade};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::scrutiny::{self as ss, UpdateRow};
use minutebook_store::{self as store};

fn period_conflict(period: &str, existing: &UpdateRow) -> AppError {
    AppError::Conflict(format!(
        "this recommendation already has a progress update for {period} (/api/v1/updates/{}); change that round instead",
        existing.id
    ))
}

/// A new round's fields, checked for form by the caller.
#[derive(Debug, Clone)]
pub struct NewRound {
    /// As `domain::scrutiny::parse_period` gives it.
    pub period: String,
    /// When given, the round's date; else the period's first day.
    pub period_date: Option<NaiveDate>,
    pub evidence_of_progress: String,
    pub grade: Grade,
    pub grade_explanation: Option<String>,
    pub evidence_of_impact: String,
}

/// Records a round of progress (`409` for a period the recommendation
/// already has).
pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    recommendation_id: &str,
    new: NewRound,
) -> AppResult<UpdateRow> {
    let rec = ss::get_recommendation(conn, recommendation_id)?;
    if let Some(existing) = ss::round_for_period(conn, &rec.id, &new.period, None)? {
        return Err(period_conflict(&new.period, &existing));
    }
    let now = store::now();
    let row = UpdateRow {
        id: store::new_id(),
        recommendation_id: rec.id,
        review_id: rec.review_id,
        period_key: scrutiny::period_key(&new.period),
        period_date: new
            .period_date
            .or_else(|| scrutiny::first_date(&new.period)),
        period: new.period,
        evidence_of_progress: new.evidence_of_progress,
        grade: i32::from(new.grade.number()),
        grade_explanation: new.grade_explanation,
        evidence_of_impact: new.evidence_of_impact,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    ss::insert_update(conn, actor, &row)?;
    Ok(row)
}

/// A change: `None` leaves a field; `Some(None)` clears it. A new period
/// also sets the round's date to its first day, unless `period_date` is
/// given too.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub period: Option<String>,
    pub period_date: Option<Option<NaiveDate>>,
    pub evidence_of_progress: Option<String>,
    pub grade: Option<Grade>,
    pub grade_explanation: Option<Option<String>>,
    pub evidence_of_impact: Option<String>,
}

/// Changes a round (`If-Match` checked): a new period must be free.
pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
    change: Change,
) -> AppResult<UpdateRow> {
    let before = ss::get_update(conn, id)?;
    if_match.check(before.version)?;
    let mut row = before.clone();
    if let Some(p) = change.period {
        if let Some(existing) =
            ss::round_for_period(conn, &row.recommendation_id, &p, Some(&row.id))?
        {
            return Err(period_conflict(&p, &existing));
        }
        row.period_key = scrutiny::period_key(&p);
        row.period_date = scrutiny::first_date(&p);
        row.period = p;
    }
    if let Some(v) = change.period_date {
        row.period_date = v;
    }
    if let Some(v) = change.evidence_of_progress {
        row.evidence_of_progress = v;
    }
    if let Some(g) = change.grade {
        row.grade = i32::from(g.number());
    }
    if let Some(v) = change.grade_explanation {
        row.grade_explanation = v;
    }
    if let Some(v) = change.evidence_of_impact {
        row.evidence_of_impact = v;
    }
    ss::save_update(conn, actor, "update", &before, &mut row)?;
    Ok(row)
}

/// Deletes a round (a tombstone, audited).
pub fn delete(conn: &mut DbConn, actor: &Actor, id: &str, if_match: &IfMatch) -> AppResult<()> {
    let before = ss::get_update(conn, id)?;
    if_match.check(before.version)?;
    let mut row = before.clone();
    row.deleted_at = Some(store::now());
    ss::save_update(conn, actor, "delete", &before, &mut row)
}
