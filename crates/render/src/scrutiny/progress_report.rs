//! The progress report in the layout of the council's "Appendix 1": the
//! appendix line, the heading, the review's table, the standard paragraph,
//! a table per recommendation with its rounds of evidence, assessment and
//! impact, and the grading key.

use super::{as_written, date_text, field, paragraphs, part_line};
use crate::doc::{Block, Document, FieldRow, House};
use minutebook_domain::scrutiny::{self, Grade};
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::scrutiny::{RecommendationRow, ReviewBundle, ReviewRow, UpdateRow};

/// The paragraph every progress report carries after its header.
pub const STANDARD_PARAGRAPH: &str = "Updates on the progress of actions in relation to agreed recommendations from previous scrutiny reviews are required approximately 12 months after the relevant Select Committee has agreed the Action Plan. Progress updates must be detailed, evidencing what has taken place regarding each recommendation \u{2013} a grade assessing progress should then be given (see end of document for grading explanation). Any evidence on the impact of the actions undertaken should also be recorded for each recommendation.";

pub const MONITORING_CAPTION: &str = "SCRUTINY MONITORING \u{2013} PROGRESS UPDATE";

/// The hint the report gives beside every assessment.
pub const ASSESSMENT_HINT: &str = "(include explanation if required)";

/// The grading key's two row labels.
pub const KEY_LABELS: [&str; 2] = ["Assessment of", "Progress Gradings:"];

/// What the progress report covers.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Only this round (compared without case or spacing); recommendations
    /// without a round in it are left out.
    pub period: Option<String>,
    /// The appendix line, "APPENDIX 1" by default.
    pub appendix: Option<String>,
}

fn grade_value(u: &UpdateRow) -> Vec<String> {
    let mut out = vec![u
        .grade()
        .map(|g| g.to_string())
        .unwrap_or_else(|| u.grade.to_string())];
    if let Some(e) = &u.grade_explanation {
        out.extend(paragraphs(e));
    }
    out
}

fn recommendation_value(r: &RecommendationRow) -> Vec<String> {
    let mut out = paragraphs(&r.text);
    for p in r.parts() {
        out.push(part_line(&p));
    }
    out
}

fn round_rows(rows: &mut Vec<FieldRow>, u: &UpdateRow) {
    let p = as_written(&u.period);
    rows.push(field(
        format!("Evidence of Progress ({p}):"),
        Some(&u.evidence_of_progress),
    ));
    rows.push(FieldRow {
        label: format!("Assessment of Progress ({p}):"),
        hint: Some(ASSESSMENT_HINT.into()),
        paragraphs: grade_value(u),
    });
    rows.push(field(
        format!("Evidence of Impact ({p}):"),
        Some(&u.evidence_of_impact),
    ));
}

/// The blocks before the recommendations: the appendix line, the heading,
/// the review's table and the standard paragraph.
fn header_blocks(r: &ReviewRow, opts: &ReportOptions, heading: &str) -> Vec<Block> {
    vec![
        Block::Line {
            text: opts.appendix.clone().unwrap_or_else(|| "APPENDIX 1".into()),
            right: true,
        },
        Block::Title {
            text: heading.to_string(),
        },
        Block::FieldTable {
            caption: Some(MONITORING_CAPTION.into()),
            class: "review",
            rows: vec![
                field("Review:", Some(&r.title)),
                field("Link Officer/s:", Some(&r.link_officers().join(", "))),
                field(
                    "Action Plan Agreed:",
                    date_text(r.action_plan_agreed.as_ref(), r.action_plan_agreed_date).as_deref(),
                ),
            ],
        },
        Block::StandingText {
            text: STANDARD_PARAGRAPH.into(),
        },
    ]
}

/// One recommendation's table: what was agreed, then its rounds of
/// evidence, assessment and impact.
fn recommendation_table(rec: &RecommendationRow, rounds: Vec<&UpdateRow>) -> Block {
    let target = date_text(rec.target.as_ref(), rec.target_date);
    let mut rows = vec![
        FieldRow {
            label: format!("Recommendation {}:", rec.number),
            hint: None,
            paragraphs: recommendation_value(rec),
        },
        field("Responsibility:", rec.responsibility.as_deref()),
        field("Date:", target.as_deref()),
        field("Agreed Action:", rec.agreed_action.as_deref()),
        field("Agreed Success Measure:", rec.success_measure.as_deref()),
    ];
    for u in rounds {
        round_rows(&mut rows, u);
    }
    Block::FieldTable {
        caption: None,
        class: "recommendation",
        rows,
    }
}

/// The progress report of a review; with a period, only that round (a
/// 404 when no recommendation has one).
pub fn build(b: &ReviewBundle, opts: &ReportOptions) -> AppResult<Document> {
    let heading = scrutiny::report_heading(&b.review.title);
    let mut blocks = header_blocks(&b.review, opts, &heading);
    let wanted = opts.period.as_deref().map(scrutiny::period_key);
    let mut any_round = false;
    for (rec, rounds) in &b.recommendations {
        let rounds: Vec<&UpdateRow> = rounds
            .iter()
            .filter(|u| wanted.as_ref().is_none_or(|w| *w == u.period_key))
            .collect();
        if wanted.is_some() && rounds.is_empty() {
            continue;
        }
        any_round |= !rounds.is_empty();
        blocks.push(recommendation_table(rec, rounds));
    }
    if let (Some(p), false) = (&opts.period, any_round) {
        return Err(AppError::NotFound(format!(
            "no recommendation of this review has a progress update for the period '{}'",
            p.trim()
        )));
    }
    blocks.push(Block::Key {
        labels: KEY_LABELS,
        entries: Grade::ALL.iter().map(|g| (g.number(), g.label())).collect(),
    });
    let title = match &opts.period {
        Some(p) => format!("{heading} ({})", p.trim()),
        None => heading,
    };
    Ok(Document {
        kind: "progress-report",
        title,
        house: House::Scrutiny,
        landscape: false,
        draft: None,
        exempt: None,
        blocks,
    })
}
