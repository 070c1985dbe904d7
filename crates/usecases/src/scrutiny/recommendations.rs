//! A review's recommendations: add, change, delete.

use chrono::NaiveDate;
use minutebook_domain::access::Actor;
use minutebook_domain::precondition::IfMatch;
use minutebook_domain::scrutiny;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::scrutiny::{self as ss, RecommendationRow};
use minutebook_store::{self as store};

fn number_conflict(number: &str) -> AppError {
    AppError::Conflict(format!(
        "this review already has a recommendation {number}; change that one, or give this one another number"
    ))
}

/// A new recommendation's fields, checked for form by the caller.
#[derive(Debug, Clone)]
pub struct NewRecommendation {
    pub number: String,
    pub text: String,
    /// The lettered parts, as stored (JSON).
    pub parts: String,
    pub responsibility: Option<String>,
    pub target: Option<String>,
    /// When given, the deadline; else read from `target` ("May 2022").
    pub target_date: Option<NaiveDate>,
    pub agreed_action: Option<String>,
    pub success_measure: Option<String>,
    pub proposed_action: Option<String>,
    pub post_title: Option<String>,
    pub budget_cost: Option<String>,
    pub timescale: Option<String>,
}

/// Adds a recommendation to a review (`409` for a number it already has).
pub fn add(
    conn: &mut DbConn,
    actor: &Actor,
    review_id: &str,
    new: NewRecommendation,
) -> AppResult<RecommendationRow> {
    let review = ss::get_review(conn, review_id)?;
    if ss::number_taken(conn, &review.id, &new.number, None)? {
        return Err(number_conflict(&new.number));
    }
    let now = store::now();
    let row = RecommendationRow {
        id: store::new_id(),
        review_id: review.id,
        sort_key: scrutiny::number_sort_key(&new.number),
        number: new.number,
        text: new.text,
        parts: new.parts,
        responsibility: new.responsibility,
        target_date: new
            .target_date
            .or_else(|| new.target.as_deref().and_then(scrutiny::target_deadline)),
        target: new.target,
        agreed_action: new.agreed_action,
        success_measure: new.success_measure,
        proposed_action: new.proposed_action,
        post_title: new.post_title,
        budget_cost: new.budget_cost,
        timescale: new.timescale,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    ss::insert_recommendation(conn, actor, &row)?;
    Ok(row)
}

/// A change: `None` leaves a field; `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub number: Option<String>,
    pub text: Option<String>,
    pub parts: Option<String>,
    pub responsibility: Option<Option<String>>,
    /// A new target also sets the deadline read from it, unless
    /// `target_date` is given too.
    pub target: Option<Option<String>>,
    pub target_date: Option<Option<NaiveDate>>,
    pub agreed_action: Option<Option<String>>,
    pub success_measure: Option<Option<String>>,
    pub proposed_action: Option<Option<String>>,
    pub post_title: Option<Option<String>>,
    pub budget_cost: Option<Option<String>>,
    pub timescale: Option<Option<String>>,
}

/// Changes a recommendation (`If-Match` checked): a new number must be
/// free in the review; text or parts must remain.
pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
    change: Change,
) -> AppResult<RecommendationRow> {
    let before = ss::get_recommendation(conn, id)?;
    if_match.check(before.version)?;
    let mut row = before.clone();
    if let Some(n) = change.number {
        if ss::number_taken(conn, &row.review_id, &n, Some(&row.id))? {
            return Err(number_conflict(&n));
        }
        row.sort_key = scrutiny::number_sort_key(&n);
        row.number = n;
    }
    if let Some(v) = change.text {
        row.text = v;
    }
    if let Some(v) = change.parts {
        row.parts = v;
    }
    if row.text.is_empty() && row.parts().is_empty() {
        return Err(AppError::field(
            "text",
            "is required unless parts are given",
        ));
    }
    if let Some(v) = change.responsibility {
        row.responsibility = v;
    }
    if let Some(v) = change.target {
        row.target_date = v.as_deref().and_then(scrutiny::target_deadline);
        row.target = v;
    }
    if let Some(v) = change.target_date {
        row.target_date = v;
    }
    if let Some(v) = change.agreed_action {
        row.agreed_action = v;
    }
    if let Some(v) = change.success_measure {
        row.success_measure = v;
    }
    if let Some(v) = change.proposed_action {
        row.proposed_action = v;
    }
    if let Some(v) = change.post_title {
        row.post_title = v;
    }
    if let Some(v) = change.budget_cost {
        row.budget_cost = v;
    }
    if let Some(v) = change.timescale {
        row.timescale = v;
    }
    ss::save_recommendation(conn, actor, "update", &before, &mut row)?;
    Ok(row)
}

/// Deletes a recommendation with its progress updates.
pub fn delete(conn: &mut DbConn, actor: &Actor, id: &str, if_match: &IfMatch) -> AppResult<()> {
    let before = ss::get_recommendation(conn, id)?;
    if_match.check(before.version)?;
    ss::delete_recommendation(conn, actor, &before)
}
