//! A parsed scrutiny document → a review, its recommendations (with their
//! lettered parts and action-plan columns) and a graded progress update
//! per round, through the scrutiny store, inside the caller's transaction.

use super::parse::Warning;
use super::scrutiny::Review;
use minutebook_domain::access::Actor;
use minutebook_domain::scrutiny;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::scrutiny::{Part, RecommendationRow, ReviewRow, UpdateRow};
use minutebook_store::{self as store, bodies::BodyRow, scrutiny as ss};

/// Makes the review; answers its id and the warnings.
pub fn review(
    conn: &mut DbConn,
    actor: &Actor,
    body: &BodyRow,
    parsed: &Review,
) -> AppResult<(String, Vec<Warning>)> {
    let warnings = parsed.warnings.clone();
    let now = store::now();
    let row = ReviewRow {
        id: store::new_id(),
        body_id: Some(body.id.clone()),
        title: parsed.title.chars().take(300).collect(),
        link_officers: ss::to_json(&parsed.link_officers)?,
        action_plan_agreed_date: parsed
            .action_plan_agreed
            .as_deref()
            .and_then(scrutiny::first_date),
        action_plan_agreed: parsed.action_plan_agreed.clone(),
        select_committee: parsed.select_committee.clone(),
        executive_date: parsed.executive_date.clone(),
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    ss::insert_review(conn, actor, &row)?;
    for rec in &parsed.recommendations {
        let number = scrutiny::parse_number(&rec.number).map_err(|m| {
            AppError::field("document", format!("recommendation {}: {m}", rec.number))
        })?;
        let parts: Vec<Part> = rec
            .parts
            .iter()
            .map(|p| Part {
                letter: p.letter.clone(),
                text: p.text.clone(),
                proposed_action: p.proposed_action.clone(),
                post_title: p.post_title.clone(),
                budget_cost: p.budget_cost.clone(),
                timescale: p.timescale.clone(),
            })
            .collect();
        let r = RecommendationRow {
            id: store::new_id(),
            review_id: row.id.clone(),
            sort_key: scrutiny::number_sort_key(&number),
            number,
            text: rec.text.clone(),
            parts: ss::to_json(&parts)?,
            responsibility: rec.responsibility.clone(),
            target_date: rec.target.as_deref().and_then(scrutiny::target_deadline),
            target: rec.target.clone(),
            agreed_action: rec.agreed_action.clone(),
            success_measure: rec.success_measure.clone(),
            proposed_action: None,
            post_title: None,
            budget_cost: None,
            timescale: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        };
        ss::insert_recommendation(conn, actor, &r)?;
        for round in &rec.rounds {
            let Some(grade) = round.grade else { continue };
            let u = UpdateRow {
                id: store::new_id(),
                recommendation_id: r.id.clone(),
                review_id: row.id.clone(),
                period_key: scrutiny::period_key(&round.period),
                period_date: scrutiny::first_date(&round.period),
                period: round.period.clone(),
                evidence_of_progress: round.evidence.clone(),
                grade: i32::from(grade),
                grade_explanation: round.explanation.clone(),
                evidence_of_impact: round.impact.clone(),
                created_at: now,
                updated_at: now,
                deleted_at: None,
                version: 1,
            };
            ss::insert_update(conn, actor, &u)?;
        }
    }
    Ok((row.id, warnings))
}
