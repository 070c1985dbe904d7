//! What the scrutiny API answers: reviews, recommendations and progress
//! updates as JSON.

use crate::input::etag;
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use chrono::{DateTime, NaiveDate, Utc};
use minutebook_domain::scrutiny::{self, Grade};
use minutebook_read::time::utc;
use minutebook_store::bodies::BodyRow;
use minutebook_store::scrutiny::{Part, RecommendationRow, ReviewBundle, ReviewRow, UpdateRow};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// The committee a review belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct Committee {
    pub id: String,
    pub name: String,
    pub slug: String,
}

impl From<&BodyRow> for Committee {
    fn from(b: &BodyRow) -> Committee {
        Committee {
            id: b.id.clone(),
            name: b.name.clone(),
            slug: b.slug.clone(),
        }
    }
}

/// How many recommendations stand at each latest grade.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct GradeSummary {
    pub fully_achieved: usize,
    pub on_track: usize,
    pub slipped: usize,
    pub not_achieved: usize,
    pub not_yet_graded: usize,
}

impl GradeSummary {
    fn add(&mut self, g: Option<Grade>) {
        match g {
            Some(Grade::FullyAchieved) => self.fully_achieved += 1,
            Some(Grade::OnTrack) => self.on_track += 1,
            Some(Grade::Slipped) => self.slipped += 1,
            Some(Grade::NotAchieved) => self.not_achieved += 1,
            None => self.not_yet_graded += 1,
        }
    }
}

/// A scrutiny review.
#[derive(Debug, Serialize, ToSchema)]
pub struct Review {
    pub id: String,
    /// e.g. `Public Spaces Protection Orders (PSPOs)`.
    pub title: String,
    /// The committee (body) that holds the review.
    pub body_id: Option<String>,
    pub committee: Option<Committee>,
    pub link_officers: Vec<String>,
    /// As given: `March 2022`, or a date.
    pub action_plan_agreed: Option<String>,
    /// The date `action_plan_agreed` is taken to mean (the first day of a
    /// month given alone), unless given.
    pub action_plan_agreed_date: Option<NaiveDate>,
    /// The select committee that agreed the action plan.
    pub select_committee: Option<String>,
    /// As given, e.g. `18 October 2022`: the action plan's executive date.
    pub executive_date: Option<String>,
    /// When the next progress update is due: about twelve months after the
    /// action plan was agreed, or after the latest round; null once every
    /// recommendation is Fully Achieved. Only on a single review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_update_due: Option<NaiveDate>,
    /// Each recommendation with its latest grade. Only on a single review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendations: Option<Vec<Recommendation>>,
    /// Only on a single review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grades: Option<GradeSummary>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl Review {
    pub(super) fn from_row(r: ReviewRow, body: Option<&BodyRow>) -> Review {
        Review {
            link_officers: r.link_officers(),
            committee: body.map(Committee::from),
            id: r.id,
            title: r.title,
            body_id: r.body_id,
            action_plan_agreed: r.action_plan_agreed,
            action_plan_agreed_date: r.action_plan_agreed_date,
            select_committee: r.select_committee,
            executive_date: r.executive_date,
            next_update_due: None,
            recommendations: None,
            grades: None,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }

    pub(super) fn from_bundle(b: ReviewBundle, today: NaiveDate) -> Review {
        let mut grades = GradeSummary::default();
        let mut latest_grades = Vec::new();
        let mut last_round: Option<NaiveDate> = None;
        let mut recs = Vec::new();
        for (rec, rounds) in b.recommendations {
            let latest = rounds.last();
            let g = latest.and_then(UpdateRow::grade);
            grades.add(g);
            latest_grades.push(g);
            for u in &rounds {
                let d = scrutiny::round_order(u.period_date, u.created_at.date());
                last_round = last_round.max(Some(d));
            }
            recs.push(Recommendation::build(rec, &rounds, today, false));
        }
        let due =
            scrutiny::next_update_due(b.review.action_plan_agreed_date, last_round, &latest_grades);
        let mut out = Review::from_row(b.review, b.body.as_ref());
        out.next_update_due = due;
        out.recommendations = Some(recs);
        out.grades = Some(grades);
        out
    }
}

/// A recommendation of a review, with the action plan's columns.
#[derive(Debug, Serialize, ToSchema)]
pub struct Recommendation {
    pub id: String,
    pub review_id: String,
    /// `2`, or a label such as `"3a"`.
    pub number: Value,
    pub text: String,
    /// The lettered parts a), b), …, each with its own action-plan columns.
    pub parts: Vec<Part>,
    /// An organisation or post.
    pub responsibility: Option<String>,
    /// As given: `1st October 2022`, `May 2022 (Development of protocol)
    /// September 2022 (Assessment of protocol)`.
    pub target: Option<String>,
    /// The last day the target allows, read from `target` unless given.
    pub target_date: Option<NaiveDate>,
    pub agreed_action: Option<String>,
    pub success_measure: Option<String>,
    pub proposed_action: Option<String>,
    pub post_title: Option<String>,
    /// As given: `N/A`, `TBC`, `????`, an amount.
    pub budget_cost: Option<String>,
    /// As given: `Ongoing`, `December 2022`.
    pub timescale: Option<String>,
    /// 1 Fully Achieved, 2 On-Track, 3 Slipped, 4 Not Achieved; null
    /// before the first round.
    pub latest_grade: Option<u8>,
    pub latest_grade_label: Option<String>,
    pub latest_period: Option<String>,
    /// The latest round's flags, e.g. `slipped_without_explanation`.
    pub flags: Vec<String>,
    /// The target date has passed and the latest grade is not Fully Achieved.
    pub overdue: bool,
    /// Every round, oldest first. Only on a single recommendation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updates: Option<Vec<ProgressUpdate>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// `2` for a number, `"3a"` for a label.
pub(super) fn number_json(n: &str) -> Value {
    if n.chars().all(|c| c.is_ascii_digit()) {
        if let Ok(i) = n.parse::<u64>() {
            return Value::from(i);
        }
    }
    Value::from(n)
}

impl Recommendation {
    /// `rounds` oldest first; the last is the latest.
    pub(super) fn build(
        r: RecommendationRow,
        rounds: &[UpdateRow],
        today: NaiveDate,
        with_updates: bool,
    ) -> Recommendation {
        let latest = rounds.last();
        let grade = latest.and_then(UpdateRow::grade);
        Recommendation {
            number: number_json(&r.number),
            parts: r.parts(),
            overdue: scrutiny::is_overdue(r.target_date, grade, today),
            latest_grade: grade.map(Grade::number),
            latest_grade_label: grade.map(|g| g.label().to_string()),
            latest_period: latest.map(|u| u.period.clone()),
            flags: latest
                .map(|u| u.flags().into_iter().map(String::from).collect())
                .unwrap_or_default(),
            updates: with_updates
                .then(|| rounds.iter().cloned().map(ProgressUpdate::from).collect()),
            id: r.id,
            review_id: r.review_id,
            text: r.text,
            responsibility: r.responsibility,
            target: r.target,
            target_date: r.target_date,
            agreed_action: r.agreed_action,
            success_measure: r.success_measure,
            proposed_action: r.proposed_action,
            post_title: r.post_title,
            budget_cost: r.budget_cost,
            timescale: r.timescale,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }
}

/// One round of a progress update on a recommendation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressUpdate {
    pub id: String,
    pub recommendation_id: String,
    pub review_id: String,
    /// As given: `November 2022`.
    pub period: String,
    /// The date the period names (its first day), unless given; orders the rounds.
    pub period_date: Option<NaiveDate>,
    pub evidence_of_progress: String,
    /// 1 Fully Achieved, 2 On-Track, 3 Slipped, 4 Not Achieved.
    pub grade: u8,
    pub grade_label: String,
    pub grade_explanation: Option<String>,
    /// May be empty.
    pub evidence_of_impact: String,
    /// e.g. `slipped_without_explanation`: accepted, but worth a look.
    pub flags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<UpdateRow> for ProgressUpdate {
    fn from(u: UpdateRow) -> ProgressUpdate {
        let grade = u.grade();
        ProgressUpdate {
            flags: u.flags().into_iter().map(String::from).collect(),
            grade: grade.map(Grade::number).unwrap_or(0),
            grade_label: grade.map(|g| g.label().to_string()).unwrap_or_default(),
            id: u.id,
            recommendation_id: u.recommendation_id,
            review_id: u.review_id,
            period: u.period,
            period_date: u.period_date,
            evidence_of_progress: u.evidence_of_progress,
            grade_explanation: u.grade_explanation,
            evidence_of_impact: u.evidence_of_impact,
            created_at: utc(u.created_at),
            updated_at: utc(u.updated_at),
            version: u.version,
        }
    }
}

/// Today in the councils' time zone.
pub(super) fn today() -> NaiveDate {
    minutebook_domain::time::date_of(Utc::now())
}

pub(super) fn respond<T: Serialize>(
    status: StatusCode,
    location: &str,
    version: i32,
    body: T,
) -> HttpResponse {
    let mut b = HttpResponse::build(status);
    b.insert_header(("ETag", etag(version)));
    if status == StatusCode::CREATED {
        b.insert_header(("Location", location.to_string()));
    }
    b.json(body)
}
