//! Scrutiny reviews, and the read models that load a review (or every
//! review) with its recommendations and rounds in a fixed number of queries.

use super::recommendations::{recommendations_of, RecommendationRow};
use super::updates::{sort_briefs, updates_of_review, RoundBrief, UpdateRow};
use crate::bodies::BodyRow;
use crate::paging::keyset_page;
use crate::{audit, expect_one_row, insert_row, save_row, OrNotFound};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::bodies;
use minutebook_ground::db::schema::{
    self, scrutiny_recommendations, scrutiny_reviews, scrutiny_updates,
};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = scrutiny_reviews, treat_none_as_null = true)]
pub struct ReviewRow {
    pub id: String,
    pub body_id: Option<String>,
    pub title: String,
    /// JSON array of names.
    pub link_officers: String,
    pub action_plan_agreed: Option<String>,
    pub action_plan_agreed_date: Option<NaiveDate>,
    pub select_committee: Option<String>,
    pub executive_date: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

impl ReviewRow {
    pub fn link_officers(&self) -> Vec<String> {
        serde_json::from_str(&self.link_officers).unwrap_or_default()
    }
}

pub fn insert_review(conn: &mut DbConn, actor: &Actor, row: &ReviewRow) -> AppResult<()> {
    insert_row!(
        schema::scrutiny_reviews,
        conn,
        actor,
        "scrutiny_review",
        row
    )
}

pub fn save_review(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &ReviewRow,
    row: &mut ReviewRow,
) -> AppResult<()> {
    save_row!(
        schema::scrutiny_reviews,
        conn,
        actor,
        "scrutiny_review",
        action,
        before,
        row
    )
}

pub fn get_review(conn: &mut DbConn, id: &str) -> AppResult<ReviewRow> {
    scrutiny_reviews::table
        .filter(scrutiny_reviews::id.eq(id))
        .filter(scrutiny_reviews::deleted_at.is_null())
        .select(ReviewRow::as_select())
        .get_result(conn)
        .or_not_found("review")
}

pub fn list_reviews(
    conn: &mut DbConn,
    body_id: Option<String>,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> AppResult<Vec<ReviewRow>> {
    let mut q = scrutiny_reviews::table
        .filter(scrutiny_reviews::deleted_at.is_null())
        .into_boxed();
    if let Some(b) = body_id {
        q = q.filter(scrutiny_reviews::body_id.eq(b));
    }
    Ok(keyset_page!(
        q,
        after,
        scrutiny_reviews::created_at,
        scrutiny_reviews::id,
        limit
    )
    .select(ReviewRow::as_select())
    .load(conn)?)
}

/// The bodies a set of reviews belong to, by id (one query).
pub fn bodies_of(conn: &mut DbConn, ids: Vec<String>) -> AppResult<HashMap<String, BodyRow>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = bodies::table
        .filter(bodies::id.eq_any(ids))
        .select(BodyRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(|b| (b.id.clone(), b)).collect())
}

/// Tombstones a review with its recommendations and their rounds, auditing
/// the review's deletion with how many of each went with it.
pub fn delete_review(conn: &mut DbConn, actor: &Actor, before: &ReviewRow) -> AppResult<()> {
    let now = crate::now();
    let rounds = diesel::update(
        scrutiny_updates::table
            .filter(scrutiny_updates::review_id.eq(&before.id))
            .filter(scrutiny_updates::deleted_at.is_null()),
    )
    .set((
        scrutiny_updates::deleted_at.eq(Some(now)),
        scrutiny_updates::updated_at.eq(now),
        scrutiny_updates::version.eq(scrutiny_updates::version + 1),
    ))
    .execute(conn)?;
    let recs = diesel::update(
        scrutiny_recommendations::table
            .filter(scrutiny_recommendations::review_id.eq(&before.id))
            .filter(scrutiny_recommendations::deleted_at.is_null()),
    )
    .set((
        scrutiny_recommendations::deleted_at.eq(Some(now)),
        scrutiny_recommendations::updated_at.eq(now),
        scrutiny_recommendations::version.eq(scrutiny_recommendations::version + 1),
    ))
    .execute(conn)?;
    let mut row = before.clone();
    row.deleted_at = Some(now);
    row.version = before.version + 1;
    row.updated_at = now;
    let n = diesel::update(
        scrutiny_reviews::table
            .filter(scrutiny_reviews::id.eq(&before.id))
            .filter(scrutiny_reviews::version.eq(before.version)),
    )
    .set(&row)
    .execute(conn)?;
    expect_one_row(n)?;
    audit::record(
        conn,
        actor,
        "scrutiny_review",
        &before.id,
        "delete",
        serde_json::json!({
            "deleted_at": row.deleted_at,
            "recommendations_deleted": recs,
            "updates_deleted": rounds,
        }),
    )
}

// ---- read models -----------------------------------------------------------

/// A review with its committee, recommendations and every round, loaded in
/// four queries.
pub struct ReviewBundle {
    pub review: ReviewRow,
    pub body: Option<BodyRow>,
    /// In number order, each with its rounds oldest first.
    pub recommendations: Vec<(RecommendationRow, Vec<UpdateRow>)>,
}

pub fn load_review(conn: &mut DbConn, id: &str) -> AppResult<ReviewBundle> {
    let review = get_review(conn, id)?;
    let body = match &review.body_id {
        Some(b) => bodies_of(conn, vec![b.clone()])?.remove(b),
        None => None,
    };
    let recs = recommendations_of(conn, &review.id)?;
    let mut by_rec: HashMap<String, Vec<UpdateRow>> = HashMap::new();
    for u in updates_of_review(conn, &review.id)? {
        by_rec
            .entry(u.recommendation_id.clone())
            .or_default()
            .push(u);
    }
    let recommendations = recs
        .into_iter()
        .map(|r| {
            let rounds = by_rec.remove(&r.id).unwrap_or_default();
            (r, rounds)
        })
        .collect();
    Ok(ReviewBundle {
        review,
        body,
        recommendations,
    })
}

/// Every live review (optionally of one body) with its recommendations and
/// the grades of their rounds, for the cross-review overview: four queries
/// whatever the numbers.
pub struct Portfolio {
    pub reviews: Vec<ReviewRow>,
    pub bodies: HashMap<String, BodyRow>,
    pub recommendations: Vec<RecommendationRow>,
    /// By recommendation id, oldest first.
    pub rounds: HashMap<String, Vec<RoundBrief>>,
}

pub fn load_portfolio(conn: &mut DbConn, body_id: Option<String>) -> AppResult<Portfolio> {
    let mut q = scrutiny_reviews::table
        .filter(scrutiny_reviews::deleted_at.is_null())
        .into_boxed();
    if let Some(b) = &body_id {
        q = q.filter(scrutiny_reviews::body_id.eq(b.clone()));
    }
    let reviews: Vec<ReviewRow> = q
        .order((
            scrutiny_reviews::created_at.asc(),
            scrutiny_reviews::id.asc(),
        ))
        .select(ReviewRow::as_select())
        .load(conn)?;
    let body_ids: Vec<String> = {
        let mut ids: Vec<String> = reviews.iter().filter_map(|r| r.body_id.clone()).collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let bodies = bodies_of(conn, body_ids)?;
    let mut rq = scrutiny_recommendations::table
        .inner_join(scrutiny_reviews::table)
        .filter(scrutiny_recommendations::deleted_at.is_null())
        .filter(scrutiny_reviews::deleted_at.is_null())
        .into_boxed();
    if let Some(b) = &body_id {
        rq = rq.filter(scrutiny_reviews::body_id.eq(b.clone()));
    }
    let recommendations: Vec<RecommendationRow> = rq
        .order((
            scrutiny_recommendations::review_id.asc(),
            scrutiny_recommendations::sort_key.asc(),
            scrutiny_recommendations::number.asc(),
        ))
        .select(RecommendationRow::as_select())
        .load(conn)?;
    let mut uq = scrutiny_updates::table
        .inner_join(
            scrutiny_reviews::table.on(scrutiny_reviews::id.eq(scrutiny_updates::review_id)),
        )
        .filter(scrutiny_updates::deleted_at.is_null())
        .filter(scrutiny_reviews::deleted_at.is_null())
        .into_boxed();
    if let Some(b) = &body_id {
        uq = uq.filter(scrutiny_reviews::body_id.eq(b.clone()));
    }
    let briefs: Vec<RoundBrief> = uq.select(RoundBrief::as_select()).load(conn)?;
    let mut rounds: HashMap<String, Vec<RoundBrief>> = HashMap::new();
    for b in briefs {
        rounds
            .entry(b.recommendation_id.clone())
            .or_default()
            .push(b);
    }
    for v in rounds.values_mut() {
        sort_briefs(v);
    }
    Ok(Portfolio {
        reviews,
        bodies,
        recommendations,
        rounds,
    })
}
