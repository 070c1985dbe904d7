//! Scrutiny reviews: start, change, delete. The committee is named by its
//! body's id or slug; the date the action plan was agreed is read from its
//! free text ("March 2022") unless given.

use chrono::NaiveDate;
use minutebook_domain::access::Actor;
use minutebook_domain::precondition::IfMatch;
use minutebook_domain::scrutiny;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::bodies::BodyRow;
use minutebook_store::scrutiny::{self as ss, ReviewRow};
use minutebook_store::{self as store};

/// The body a review names (`body_id` may be an id or a slug): a `422` on
/// the field when there is none.
pub fn find_body(conn: &mut DbConn, key: &str) -> AppResult<BodyRow> {
    store::bodies::get(conn, key).map_err(|e| match e {
        AppError::NotFound(_) => AppError::field("body_id", "no body with that id or slug"),
        other => other,
    })
}

/// The date an `action_plan_agreed` text stands for.
pub fn agreed_date(text: Option<&str>) -> Option<NaiveDate> {
    text.and_then(scrutiny::first_date)
}

/// A new review's fields, checked for form by the caller.
#[derive(Debug, Clone)]
pub struct NewReview {
    pub title: String,
    pub body_key: Option<String>,
    /// The link officers, as stored (JSON).
    pub link_officers: String,
    pub action_plan_agreed: Option<String>,
    pub action_plan_agreed_date: Option<NaiveDate>,
    pub select_committee: Option<String>,
    pub executive_date: Option<String>,
}

/// Starts a review; answers it with its committee's body.
pub fn start(
    conn: &mut DbConn,
    actor: &Actor,
    new: NewReview,
) -> AppResult<(ReviewRow, Option<BodyRow>)> {
    let body = new.body_key.map(|k| find_body(conn, &k)).transpose()?;
    let now = store::now();
    let row = ReviewRow {
        id: store::new_id(),
        body_id: body.as_ref().map(|b| b.id.clone()),
        title: new.title,
        link_officers: new.link_officers,
        action_plan_agreed_date: new
            .action_plan_agreed_date
            .or_else(|| agreed_date(new.action_plan_agreed.as_deref())),
        action_plan_agreed: new.action_plan_agreed,
        select_committee: new.select_committee,
        executive_date: new.executive_date,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    ss::insert_review(conn, actor, &row)?;
    Ok((row, body))
}

/// A change: `None` leaves a field; `Some(None)` clears it. A new
/// `action_plan_agreed` also sets its date, unless the date is given too.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub title: Option<String>,
    pub body_key: Option<Option<String>>,
    pub link_officers: Option<String>,
    pub action_plan_agreed: Option<Option<String>>,
    pub action_plan_agreed_date: Option<Option<NaiveDate>>,
    pub select_committee: Option<Option<String>>,
    pub executive_date: Option<Option<String>>,
}

/// Changes a review (`If-Match` checked), audited.
pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
    change: Change,
) -> AppResult<ReviewRow> {
    let before = ss::get_review(conn, id)?;
    if_match.check(before.version)?;
    let mut row = before.clone();
    if let Some(v) = change.title {
        row.title = v;
    }
    if let Some(v) = change.body_key {
        row.body_id = v.map(|k| find_body(conn, &k)).transpose()?.map(|b| b.id);
    }
    if let Some(v) = change.link_officers {
        row.link_officers = v;
    }
    if let Some(v) = change.action_plan_agreed {
        row.action_plan_agreed_date = agreed_date(v.as_deref());
        row.action_plan_agreed = v;
    }
    if let Some(v) = change.action_plan_agreed_date {
        row.action_plan_agreed_date = v;
    }
    if let Some(v) = change.select_committee {
        row.select_committee = v;
    }
    if let Some(v) = change.executive_date {
        row.executive_date = v;
    }
    ss::save_review(conn, actor, "update", &before, &mut row)?;
    Ok(row)
}

/// Deletes a review with its recommendations and their rounds.
pub fn delete(conn: &mut DbConn, actor: &Actor, id: &str, if_match: &IfMatch) -> AppResult<()> {
    let before = ss::get_review(conn, id)?;
    if_match.check(before.version)?;
    ss::delete_review(conn, actor, &before)
}
