//! The recommendations of a review, with their lettered parts.

use crate::{audit, insert_row, save_row, OrNotFound};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::{
    self, scrutiny_recommendations, scrutiny_reviews, scrutiny_updates,
};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::{Deserialize, Serialize};

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

pub fn insert_recommendation(
    conn: &mut DbConn,
    actor: &Actor,
    row: &RecommendationRow,
) -> AppResult<()> {
    insert_row!(
        schema::scrutiny_recommendations,
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
        schema::scrutiny_recommendations,
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
        .get_result(conn)
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
    let now = crate::now();
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
