//! `/api/v1/scrutiny/overview`: recommendations by latest grade, those
//! overdue, reviews due for their progress update, and flagged rounds,
//! across reviews, for the committee's work programme.

use super::checks::find_query_body;
use super::views::{number_json, today};
use crate::caller::Caller;
use crate::input::Check;
use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use minutebook_domain::scrutiny::{self, Grade};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppResult, Problem};
use minutebook_store::scrutiny::{self as ss, ReviewRow};
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OverviewQuery {
    /// The day to judge by (default today, UK time).
    pub on: Option<NaiveDate>,
    /// How far ahead to look for progress updates falling due, 0–730 days
    /// (default 60).
    #[param(minimum = 0, maximum = 730)]
    pub within_days: Option<i64>,
    /// Only the reviews of this body (id or slug).
    pub body_id: Option<String>,
}

/// A recommendation in the overview.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecommendationBrief {
    pub id: String,
    pub review_id: String,
    pub review_title: String,
    pub number: Value,
    pub text: String,
    pub responsibility: Option<String>,
    pub target: Option<String>,
    pub target_date: Option<NaiveDate>,
    pub latest_grade: Option<u8>,
    pub latest_grade_label: Option<String>,
    pub latest_period: Option<String>,
    pub flags: Vec<String>,
    pub overdue: bool,
}

/// The recommendations whose latest grade is one grade (or none yet).
#[derive(Debug, Serialize, ToSchema)]
pub struct GradeGroup {
    /// 1–4, or null for recommendations not yet graded.
    pub grade: Option<u8>,
    /// `fully_achieved`, `on_track`, `slipped`, `not_achieved`, `not_yet_graded`.
    pub key: String,
    pub label: String,
    pub count: usize,
    pub recommendations: Vec<RecommendationBrief>,
}

/// A review whose progress update falls due within the window.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewDue {
    pub id: String,
    pub title: String,
    pub body_id: Option<String>,
    pub committee: Option<String>,
    pub action_plan_agreed: Option<String>,
    pub action_plan_agreed_date: Option<NaiveDate>,
    pub last_update_period: Option<String>,
    pub last_update_date: Option<NaiveDate>,
    /// About twelve months after the action plan was agreed, or after the
    /// latest round.
    pub update_due: NaiveDate,
    /// The due date has already passed.
    pub overdue: bool,
    pub recommendations: usize,
    /// Recommendations not yet Fully Achieved.
    pub outstanding: usize,
}

/// A round that carries a flag.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlaggedUpdate {
    pub id: String,
    pub recommendation_id: String,
    pub review_id: String,
    pub review_title: String,
    pub number: Value,
    pub period: String,
    pub grade: u8,
    pub flags: Vec<String>,
}

/// Scrutiny across reviews, for the committee's work programme.
#[derive(Debug, Serialize, ToSchema)]
pub struct Overview {
    pub on: NaiveDate,
    pub within_days: i64,
    /// Grades 1–4 in the order of the grading key, then those not yet graded.
    pub by_grade: Vec<GradeGroup>,
    /// Target date passed and not Fully Achieved, earliest target first.
    pub overdue: Vec<RecommendationBrief>,
    /// Reviews whose progress update falls due by `on` + `within_days`,
    /// earliest first.
    pub due_for_update: Vec<ReviewDue>,
    /// Rounds with flags, e.g. a Slipped grade without an explanation.
    pub flagged: Vec<FlaggedUpdate>,
}

/// A review's recommendations' latest grades, and its latest round.
#[derive(Default)]
struct Tally {
    grades: Vec<Option<Grade>>,
    last: Option<(NaiveDate, String)>,
}

/// Builds the overview from everything loaded at once.
fn overview_of(p: ss::Portfolio, on: NaiveDate, within_days: i64) -> Overview {
    let reviews: HashMap<&str, &ReviewRow> = p.reviews.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut groups = grade_groups();
    let mut overdue = Vec::new();
    let mut flagged = Vec::new();
    let mut per_review: HashMap<&str, Tally> = HashMap::new();
    let empty = Vec::new();
    for rec in &p.recommendations {
        let Some(review) = reviews.get(rec.review_id.as_str()) else {
            continue;
        };
        let rounds = p.rounds.get(&rec.id).unwrap_or(&empty);
        let latest = rounds.last();
        let grade = latest.and_then(ss::RoundBrief::grade);
        let entry = per_review.entry(review.id.as_str()).or_default();
        entry.grades.push(grade);
        for r in rounds {
            if entry.last.as_ref().is_none_or(|(d, _)| r.date() >= *d) {
                entry.last = Some((r.date(), r.period.clone()));
            }
        }
        flagged.extend(flagged_rounds(rec, review, rounds));
        let brief = brief_of(rec, review, latest, grade, on);
        if brief.overdue {
            overdue.push(brief.clone());
        }
        let slot = grade.map(|g| usize::from(g.number()) - 1).unwrap_or(4);
        if let Some(g) = groups.get_mut(slot) {
            g.recommendations.push(brief);
        }
    }
    for g in &mut groups {
        g.count = g.recommendations.len();
    }
    overdue.sort_by_key(|r| r.target_date);
    Overview {
        on,
        within_days,
        by_grade: groups,
        overdue,
        due_for_update: reviews_due(&p, per_review, on, within_days),
        flagged,
    }
}

/// One empty group a grade, in the grading key's order, then "not yet
/// graded".
fn grade_groups() -> Vec<GradeGroup> {
    let mut groups: Vec<GradeGroup> = Grade::ALL
        .iter()
        .map(|g| GradeGroup {
            grade: Some(g.number()),
            key: g.key().into(),
            label: g.label().into(),
            count: 0,
            recommendations: Vec::new(),
        })
        .collect();
    groups.push(GradeGroup {
        grade: None,
        key: "not_yet_graded".into(),
        label: "Not yet graded".into(),
        count: 0,
        recommendations: Vec::new(),
    });
    groups
}

/// The recommendation's rounds that carry flags.
fn flagged_rounds(
    rec: &ss::RecommendationRow,
    review: &ReviewRow,
    rounds: &[ss::RoundBrief],
) -> Vec<FlaggedUpdate> {
    rounds
        .iter()
        .filter_map(|r| {
            let f = r.flags();
            (!f.is_empty()).then(|| FlaggedUpdate {
                id: r.id.clone(),
                recommendation_id: rec.id.clone(),
                review_id: review.id.clone(),
                review_title: review.title.clone(),
                number: number_json(&rec.number),
                period: r.period.clone(),
                grade: r.grade().map(Grade::number).unwrap_or(0),
                flags: f.into_iter().map(String::from).collect(),
            })
        })
        .collect()
}

/// A recommendation as the overview lists it, with its latest grade and
/// whether it is overdue on `on`.
fn brief_of(
    rec: &ss::RecommendationRow,
    review: &ReviewRow,
    latest: Option<&ss::RoundBrief>,
    grade: Option<Grade>,
    on: NaiveDate,
) -> RecommendationBrief {
    RecommendationBrief {
        id: rec.id.clone(),
        review_id: review.id.clone(),
        review_title: review.title.clone(),
        number: number_json(&rec.number),
        text: rec.text.clone(),
        responsibility: rec.responsibility.clone(),
        target: rec.target.clone(),
        target_date: rec.target_date,
        latest_grade: grade.map(Grade::number),
        latest_grade_label: grade.map(|g| g.label().to_string()),
        latest_period: latest.map(|r| r.period.clone()),
        flags: latest
            .map(|r| r.flags().into_iter().map(String::from).collect())
            .unwrap_or_default(),
        overdue: scrutiny::is_overdue(rec.target_date, grade, on),
    }
}

/// The reviews whose progress update falls due by `on` + `within_days`,
/// earliest first.
fn reviews_due(
    p: &ss::Portfolio,
    mut per_review: HashMap<&str, Tally>,
    on: NaiveDate,
    within_days: i64,
) -> Vec<ReviewDue> {
    let horizon = u32::try_from(within_days).unwrap_or(0);
    let mut due = Vec::new();
    for r in &p.reviews {
        let Tally { grades, last } = per_review.remove(r.id.as_str()).unwrap_or_default();
        let next = scrutiny::next_update_due(
            r.action_plan_agreed_date,
            last.as_ref().map(|(d, _)| *d),
            &grades,
        );
        if !scrutiny::due_for_update(next, on, horizon) {
            continue;
        }
        let Some(update_due) = next else { continue };
        let committee = r
            .body_id
            .as_ref()
            .and_then(|b| p.bodies.get(b))
            .map(|b| b.name.clone())
            .or_else(|| r.select_committee.clone());
        due.push(ReviewDue {
            id: r.id.clone(),
            title: r.title.clone(),
            body_id: r.body_id.clone(),
            committee,
            action_plan_agreed: r.action_plan_agreed.clone(),
            action_plan_agreed_date: r.action_plan_agreed_date,
            last_update_period: last.as_ref().map(|(_, p)| p.clone()),
            last_update_date: last.as_ref().map(|(d, _)| *d),
            update_due,
            overdue: update_due < on,
            recommendations: grades.len(),
            outstanding: grades
                .iter()
                .filter(|g| **g != Some(Grade::FullyAchieved))
                .count(),
        });
    }
    due.sort_by_key(|d| d.update_due);
    due
}

/// Loads and builds the overview in a fixed number of queries (public for
/// the query-count test).
pub fn load_overview(
    conn: &mut DbConn,
    body: Option<&str>,
    on: NaiveDate,
    within_days: i64,
) -> AppResult<Overview> {
    let body_id = body
        .map(|k| find_query_body(conn, k))
        .transpose()?
        .map(|b| b.id);
    let p = ss::load_portfolio(conn, body_id)?;
    Ok(overview_of(p, on, within_days))
}

/// Scrutiny across reviews: recommendations by latest grade, those overdue,
/// reviews due for their progress update, and flagged rounds.
#[utoipa::path(tag = "scrutiny", params(OverviewQuery),
    responses((status = 200, body = Overview), (status = 422, body = Problem)))]
#[get("/api/v1/scrutiny/overview")]
pub async fn overview(
    state: web::Data<AppState>,
    _caller: Caller,
    q: web::Query<OverviewQuery>,
) -> AppResult<HttpResponse> {
    let q = q.into_inner();
    let mut c = Check::new();
    let on = c.date("on", q.on).unwrap_or_else(today);
    let within_days = q.within_days.unwrap_or(60);
    if !(0..=730).contains(&within_days) {
        c.add("within_days", "must be from 0 to 730");
    }
    c.finish()?;
    let body = q.body_id;
    let o = state
        .db(move |conn| load_overview(conn, body.as_deref(), on, within_days))
        .await?;
    Ok(HttpResponse::Ok().json(o))
}
