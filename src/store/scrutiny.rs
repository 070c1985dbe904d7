//! Scrutiny reviews, their recommendations and the progress updates on
//! them: row structs and queries. The read models load a review, or every
//! review, in a fixed number of queries whatever the number of
//! recommendations.

use super::audit;
use super::{expect_one_row, insert_row, save_row, OrNotFound};
use crate::db::schema::bodies;
use crate::db::schema_scrutiny::{scrutiny_recommendations, scrutiny_reviews, scrutiny_updates};
use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::scrutiny::{self, Grade};
use crate::error::{AppError, AppResult};
use crate::store::bodies::BodyRow;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
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

/// A lettered part of a recommendation, with its own action-plan columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Part {
    /// `a`, `b`, … (shown as `a)`).
    pub letter: String,
    pub text: String,
    pub proposed_action: Option<String>,
    pub post_title: Option<String>,
    /// As given: `N/A`, `TBC`, `????`, `£5,000`.
    pub budget_cost: Option<String>,
    /// As given: `Ongoing`, `December 2022`.
    pub timescale: Option<String>,
}

impl Part {
    /// Whether the part has any action-plan column of its own.
    pub fn has_plan(&self) -> bool {
        [
            &self.proposed_action,
            &self.post_title,
            &self.budget_cost,
            &self.timescale,
        ]
        .iter()
        .any(|v| v.is_some())
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = scrutiny_recommendations, treat_none_as_null = true)]
pub struct RecommendationRow {
    pub id: String,
    pub review_id: String,
    pub number: String,
    pub sort_key: i32,
    pub text: String,
    /// JSON array of [`Part`].
    pub parts: String,
    pub responsibility: Option<String>,
    pub target: Option<String>,
    pub target_date: Option<NaiveDate>,
    pub agreed_action: Option<String>,
    pub success_measure: Option<String>,
    pub proposed_action: Option<String>,
    pub post_title: Option<String>,
    pub budget_cost: Option<String>,
    pub timescale: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

impl RecommendationRow {
    pub fn parts(&self) -> Vec<Part> {
        serde_json::from_str(&self.parts).unwrap_or_default()
    }

    /// Whether the recommendation itself has any action-plan column.
    pub fn has_plan(&self) -> bool {
        [
            &self.proposed_action,
            &self.post_title,
            &self.budget_cost,
            &self.timescale,
        ]
        .iter()
        .any(|v| v.is_some())
    }
}

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

fn sort_briefs(rounds: &mut [RoundBrief]) {
    rounds.sort_by_key(RoundBrief::order);
}

pub fn to_json<T: Serialize>(v: &T) -> AppResult<String> {
    serde_json::to_string(v).map_err(|e| AppError::Internal(e.into()))
}

// ---- reviews ---------------------------------------------------------------

pub fn insert_review(conn: &mut DbConn, actor: &Actor, row: &ReviewRow) -> AppResult<()> {
    insert_row!(scrutiny_reviews, conn, actor, "scrutiny_review", row)
}

pub fn save_review(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &ReviewRow,
    row: &mut ReviewRow,
) -> AppResult<()> {
    save_row!(
        scrutiny_reviews,
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
        .first(conn)
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
    if let Some((at, id)) = after {
        q = q.filter(
            scrutiny_reviews::created_at
                .gt(at)
                .or(scrutiny_reviews::created_at
                    .eq(at)
                    .and(scrutiny_reviews::id.gt(id))),
        );
    }
    Ok(q.order((
        scrutiny_reviews::created_at.asc(),
        scrutiny_reviews::id.asc(),
    ))
    .limit(limit)
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
    let now = super::now();
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

// ---- recommendations -------------------------------------------------------

pub fn insert_recommendation(
    conn: &mut DbConn,
    actor: &Actor,
    row: &RecommendationRow,
) -> AppResult<()> {
    insert_row!(
        scrutiny_recommendations,
        conn,
        actor,
        "scrutiny_recommendation",
        row
    )
}

pub fn save_recommendation(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &RecommendationRow,
    row: &mut RecommendationRow,
) -> AppResult<()> {
    save_row!(
        scrutiny_recommendations,
        conn,
        actor,
        "scrutiny_recommendation",
        action,
        before,
        row
    )
}

/// A recommendation of a review that is itself not deleted.
pub fn get_recommendation(conn: &mut DbConn, id: &str) -> AppResult<RecommendationRow> {
    scrutiny_recommendations::table
        .inner_join(scrutiny_reviews::table)
        .filter(scrutiny_recommendations::id.eq(id))
        .filter(scrutiny_recommendations::deleted_at.is_null())
        .filter(scrutiny_reviews::deleted_at.is_null())
        .select(RecommendationRow::as_select())
        .first(conn)
        .or_not_found("recommendation")
}

/// The review's recommendations in number order.
pub fn recommendations_of(conn: &mut DbConn, review_id: &str) -> AppResult<Vec<RecommendationRow>> {
    Ok(scrutiny_recommendations::table
        .filter(scrutiny_recommendations::review_id.eq(review_id))
        .filter(scrutiny_recommendations::deleted_at.is_null())
        .order((
            scrutiny_recommendations::sort_key.asc(),
            scrutiny_recommendations::number.asc(),
            scrutiny_recommendations::id.asc(),
        ))
        .select(RecommendationRow::as_select())
        .load(conn)?)
}

/// Whether the review already has a recommendation with this number
/// (compared without case).
pub fn number_taken(
    conn: &mut DbConn,
    review_id: &str,
    number: &str,
    except_id: Option<&str>,
) -> AppResult<bool> {
    let numbers: Vec<(String, String)> = scrutiny_recommendations::table
        .filter(scrutiny_recommendations::review_id.eq(review_id))
        .filter(scrutiny_recommendations::deleted_at.is_null())
        .select((
            scrutiny_recommendations::id,
            scrutiny_recommendations::number,
        ))
        .load(conn)?;
    Ok(numbers
        .iter()
        .any(|(id, n)| Some(id.as_str()) != except_id && n.eq_ignore_ascii_case(number)))
}

/// Tombstones a recommendation and its rounds.
pub fn delete_recommendation(
    conn: &mut DbConn,
    actor: &Actor,
    before: &RecommendationRow,
) -> AppResult<()> {
    let now = super::now();
    let rounds = diesel::update(
        scrutiny_updates::table
            .filter(scrutiny_updates::recommendation_id.eq(&before.id))
            .filter(scrutiny_updates::deleted_at.is_null()),
    )
    .set((
        scrutiny_updates::deleted_at.eq(Some(now)),
        scrutiny_updates::updated_at.eq(now),
        scrutiny_updates::version.eq(scrutiny_updates::version + 1),
    ))
    .execute(conn)?;
    let mut row = before.clone();
    row.deleted_at = Some(now);
    save_recommendation(conn, actor, "delete", before, &mut row)?;
    if rounds > 0 {
        audit::record(
            conn,
            actor,
            "scrutiny_recommendation",
            &before.id,
            "delete_updates",
            serde_json::json!({ "updates_deleted": rounds }),
        )?;
    }
    Ok(())
}

// ---- progress updates ------------------------------------------------------

pub fn insert_update(conn: &mut DbConn, actor: &Actor, row: &UpdateRow) -> AppResult<()> {
    insert_row!(scrutiny_updates, conn, actor, "scrutiny_update", row)
}

pub fn save_update(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &UpdateRow,
    row: &mut UpdateRow,
) -> AppResult<()> {
    save_row!(
        scrutiny_updates,
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
        .first(conn)
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
