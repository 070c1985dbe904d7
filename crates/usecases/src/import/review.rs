//! A parsed scrutiny document → a review, its recommendations (with their
//! lettered parts and action-plan columns) and a graded progress update
//! per round, through the scrutiny use cases, inside the caller's
//! transaction.

use super::parse::Warning;
use super::scrutiny::Review;
use crate::scrutiny::{recommendations, reviews, updates};
use minutebook_domain::access::Actor;
use minutebook_domain::scrutiny::{self, Grade};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::bodies::BodyRow;
use minutebook_store::scrutiny::{self as ss, Part};

/// Makes the review through the scrutiny use cases (so an imported review
/// keeps the same rules as one typed in: one recommendation a number, one
/// round a period); answers its id and the warnings.
pub fn review(
    conn: &mut DbConn,
    actor: &Actor,
    body: &BodyRow,
    parsed: &Review,
) -> AppResult<(String, Vec<Warning>)> {
    let warnings = parsed.warnings.clone();
    let new = reviews::NewReview {
        title: parsed.title.chars().take(300).collect(),
        body_key: Some(body.id.clone()),
        link_officers: ss::to_json(&parsed.link_officers)?,
        action_plan_agreed: parsed.action_plan_agreed.clone(),
        action_plan_agreed_date: None,
        select_committee: parsed.select_committee.clone(),
        executive_date: parsed.executive_date.clone(),
    };
    let (row, _) = reviews::start(conn, actor, new)?;
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
        let new = recommendations::NewRecommendation {
            number,
            text: rec.text.clone(),
            parts: ss::to_json(&parts)?,
            responsibility: rec.responsibility.clone(),
            target: rec.target.clone(),
            target_date: None,
            agreed_action: rec.agreed_action.clone(),
            success_measure: rec.success_measure.clone(),
            proposed_action: None,
            post_title: None,
            budget_cost: None,
            timescale: None,
        };
        let r = recommendations::add(conn, actor, &row.id, new)?;
        for round in &rec.rounds {
            let Some(grade) = round.grade else { continue };
            let grade = Grade::try_from(grade).map_err(|m| {
                AppError::field("document", format!("recommendation {}: {m}", r.number))
            })?;
            let new = updates::NewRound {
                period: round.period.clone(),
                period_date: None,
                evidence_of_progress: round.evidence.clone(),
                grade,
                grade_explanation: round.explanation.clone(),
                evidence_of_impact: round.impact.clone(),
            };
            updates::record(conn, actor, &r.id, new)?;
        }
    }
    Ok((row.id, warnings))
}
