//! Scrutiny documents: the progress report ("Appendix 1") and the action
//! plan, as HTML, Markdown, plain text and Word.
//!
//! A layout ([`progress_report`], [`action_plan`]) turns a loaded review
//! into a neutral [`Document`] of a few block kinds (lines, a title,
//! paragraphs, label/value tables, grids, the grading key), deciding once
//! what comes in which order; the writers (`text`, `markdown`, `html`,
//! `docx`) only decide how each block looks, and each escapes for its
//! format. Formats and content negotiation are the meeting documents'
//! ([`crate::render::Format`]).

pub mod docx;
pub mod html;
pub mod markdown;
pub mod text;

use crate::domain::scrutiny::{self, Grade};
use crate::error::{AppError, AppResult};
use crate::render::{Format, Rendered};
use crate::store::scrutiny::{Part, RecommendationRow, ReviewBundle, UpdateRow};
use serde::Serialize;

/// The paragraph every progress report carries after its header.
pub const STANDARD_PARAGRAPH: &str = "Updates on the progress of actions in relation to agreed recommendations from previous scrutiny reviews are required approximately 12 months after the relevant Select Committee has agreed the Action Plan. Progress updates must be detailed, evidencing what has taken place regarding each recommendation \u{2013} a grade assessing progress should then be given (see end of document for grading explanation). Any evidence on the impact of the actions undertaken should also be recorded for each recommendation.";

pub const MONITORING_CAPTION: &str = "SCRUTINY MONITORING \u{2013} PROGRESS UPDATE";

/// The hint the report gives beside every assessment.
pub const ASSESSMENT_HINT: &str = "(include explanation if required)";

/// The action plan's columns, as the plan heads them.
pub const PLAN_COLUMNS: [&str; 5] = [
    "SCRUTINY RECOMMENDATION",
    "PROPOSED ACTION",
    "POST TITLE",
    "BUDGET COST",
    "TIMESCALE",
];

/// The grading key's two row labels.
pub const KEY_LABELS: [&str; 2] = ["Assessment of", "Progress Gradings:"];

/// One row of a label/value table: the value is a list of paragraphs.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Field {
    pub label: String,
    /// Said after the label in smaller type: "(include explanation if required)".
    pub hint: Option<String>,
    pub paragraphs: Vec<String>,
}

impl Field {
    fn new(label: impl Into<String>, value: Option<&str>) -> Field {
        Field {
            label: label.into(),
            hint: None,
            paragraphs: value.map(paragraphs).unwrap_or_default(),
        }
    }
}

/// A block of a scrutiny document.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A line on its own, e.g. "APPENDIX 1".
    Line {
        text: String,
    },
    Title {
        text: String,
    },
    Paragraph {
        text: String,
    },
    /// A two-column table of labels and values, with a caption row.
    Fields {
        caption: Option<String>,
        /// Marks a recommendation's table (for print: keep it together).
        class: &'static str,
        rows: Vec<Field>,
    },
    /// A table with a header row; each cell a list of paragraphs.
    Grid {
        header: Vec<String>,
        rows: Vec<Vec<Vec<String>>>,
    },
    /// "Assessment of Progress Gradings: 1 Fully Achieved, 2 On-Track, …".
    GradingKey {
        labels: [&'static str; 2],
        grades: Vec<(u8, &'static str)>,
    },
}

/// A scrutiny document, ready for a writer.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// `progress-report` or `action-plan`.
    pub kind: &'static str,
    /// The page title (HTML `<title>`, Word's document title).
    pub title: String,
    /// Wide tables: the Word version is set landscape.
    pub landscape: bool,
    pub blocks: Vec<Block>,
}

/// Splits free text into paragraphs: every line that is not blank is one,
/// its spacing folded. (Text pasted from Word has a line per paragraph;
/// text typed with blank lines between paragraphs reads the same.)
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split(['\n', '\r'])
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

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

/// "a) That a general awareness session …", the letter as the clerk marked it.
fn part_line(p: &Part) -> String {
    format!("{} {}", scrutiny::letter_label(&p.letter), p.text.trim())
}

fn recommendation_value(r: &RecommendationRow) -> Vec<String> {
    let mut out = paragraphs(&r.text);
    for p in r.parts() {
        out.push(part_line(&p));
    }
    out
}

/// "1st October 2022", for a machine date with no text given.
fn long_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "{} {}",
        crate::render::dates::ordinal(d.day()),
        d.format("%B %Y")
    )
}

/// A free-text date as a document shows it: a bare ISO date ("2023-01-18")
/// in words ("18th January 2023"), anything else as the clerk wrote it.
fn as_written(text: &str) -> String {
    match chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(d) => long_date(d),
        Err(_) => text.to_string(),
    }
}

/// The text of a free-text date, or its machine date in words.
fn date_text(text: Option<&String>, date: Option<chrono::NaiveDate>) -> Option<String> {
    text.map(|t| as_written(t)).or_else(|| date.map(long_date))
}

fn round_rows(rows: &mut Vec<Field>, u: &UpdateRow) {
    let p = as_written(&u.period);
    rows.push(Field::new(
        format!("Evidence of Progress ({p}):"),
        Some(&u.evidence_of_progress),
    ));
    rows.push(Field {
        label: format!("Assessment of Progress ({p}):"),
        hint: Some(ASSESSMENT_HINT.into()),
        paragraphs: grade_value(u),
    });
    rows.push(Field::new(
        format!("Evidence of Impact ({p}):"),
        Some(&u.evidence_of_impact),
    ));
}

/// The progress report in the layout of the council's "Appendix 1".
pub fn progress_report(b: &ReviewBundle, opts: &ReportOptions) -> AppResult<Document> {
    let r = &b.review;
    let heading = scrutiny::report_heading(&r.title);
    let mut blocks = vec![
        Block::Line {
            text: opts.appendix.clone().unwrap_or_else(|| "APPENDIX 1".into()),
        },
        Block::Title {
            text: heading.clone(),
        },
        Block::Fields {
            caption: Some(MONITORING_CAPTION.into()),
            class: "review",
            rows: vec![
                Field::new("Review:", Some(&r.title)),
                Field::new("Link Officer/s:", Some(&r.link_officers().join(", "))),
                Field::new(
                    "Action Plan Agreed:",
                    date_text(r.action_plan_agreed.as_ref(), r.action_plan_agreed_date).as_deref(),
                ),
            ],
        },
        Block::Paragraph {
            text: STANDARD_PARAGRAPH.into(),
        },
    ];
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
        let target = date_text(rec.target.as_ref(), rec.target_date);
        let mut rows = vec![
            Field {
                label: format!("Recommendation {}:", rec.number),
                hint: None,
                paragraphs: recommendation_value(rec),
            },
            Field::new("Responsibility:", rec.responsibility.as_deref()),
            Field::new("Date:", target.as_deref()),
            Field::new("Agreed Action:", rec.agreed_action.as_deref()),
            Field::new("Agreed Success Measure:", rec.success_measure.as_deref()),
        ];
        for u in rounds {
            round_rows(&mut rows, u);
        }
        blocks.push(Block::Fields {
            caption: None,
            class: "recommendation",
            rows,
        });
    }
    if let (Some(p), false) = (&opts.period, any_round) {
        return Err(AppError::NotFound(format!(
            "no recommendation of this review has a progress update for the period '{}'",
            p.trim()
        )));
    }
    blocks.push(Block::GradingKey {
        labels: KEY_LABELS,
        grades: Grade::ALL.iter().map(|g| (g.number(), g.label())).collect(),
    });
    let title = match &opts.period {
        Some(p) => format!("{heading} ({})", p.trim()),
        None => heading,
    };
    Ok(Document {
        kind: "progress-report",
        title,
        landscape: false,
        blocks,
    })
}

fn cell(v: Option<&str>) -> Vec<String> {
    v.map(paragraphs).unwrap_or_default()
}

fn plan_row(first: Vec<String>, cols: [&Option<String>; 4]) -> Vec<Vec<String>> {
    let mut row = vec![first];
    row.extend(cols.iter().map(|c| cell(c.as_deref())));
    row
}

/// The action plan's rows. A recommendation whose lettered parts carry
/// their own action-plan columns gives a row per part (after a row for
/// the recommendation itself when it has text or columns of its own, or
/// the review has several recommendations); otherwise one row, with its
/// parts listed under its text.
pub fn plan_rows(recs: &[&RecommendationRow]) -> Vec<Vec<Vec<String>>> {
    let several = recs.len() > 1;
    let mut rows = Vec::new();
    for r in recs {
        let parts = r.parts();
        let cols = [
            &r.proposed_action,
            &r.post_title,
            &r.budget_cost,
            &r.timescale,
        ];
        let lead: Vec<String> = {
            let mut text = paragraphs(&r.text);
            match text.first_mut() {
                Some(first) => *first = format!("{}. {first}", r.number),
                None => text.push(format!("Recommendation {}", r.number)),
            }
            text
        };
        if parts.iter().any(|p| p.has_plan()) {
            if !r.text.trim().is_empty() || r.has_plan() || several {
                rows.push(plan_row(lead, cols));
            }
            for p in &parts {
                rows.push(plan_row(
                    vec![part_line(p)],
                    [
                        &p.proposed_action,
                        &p.post_title,
                        &p.budget_cost,
                        &p.timescale,
                    ],
                ));
            }
        } else {
            let mut first = if r.text.trim().is_empty() && !several && !parts.is_empty() {
                Vec::new()
            } else {
                lead
            };
            first.extend(parts.iter().map(part_line));
            rows.push(plan_row(first, cols));
        }
    }
    rows
}

/// The action plan: the committee, the review, when it was agreed, and the
/// table of recommendations with their proposed actions.
pub fn action_plan(b: &ReviewBundle) -> Document {
    let r = &b.review;
    let committee = r
        .select_committee
        .clone()
        .or_else(|| b.body.as_ref().map(|b| b.name.clone()));
    let mut blocks = Vec::new();
    if let Some(c) = committee {
        blocks.push(Block::Line {
            text: c.to_uppercase(),
        });
    }
    let title = format!("{} - ACTION PLAN", r.title.trim()).to_uppercase();
    blocks.push(Block::Title {
        text: title.clone(),
    });
    let when = match &r.executive_date {
        Some(e) => Some(format!("{} (EXECUTIVE DATE)", as_written(e).to_uppercase())),
        None => date_text(r.action_plan_agreed.as_ref(), r.action_plan_agreed_date)
            .map(|a| format!("ACTION PLAN AGREED: {}", a.to_uppercase())),
    };
    if let Some(w) = when {
        blocks.push(Block::Line { text: w });
    }
    let recs: Vec<&RecommendationRow> = b.recommendations.iter().map(|(r, _)| r).collect();
    blocks.push(Block::Grid {
        header: PLAN_COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows: plan_rows(&recs),
    });
    Document {
        kind: "action-plan",
        title,
        landscape: true,
        blocks,
    }
}

/// A file name from a review's title: "public-spaces-protection-orders-pspos".
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let s: String = out.trim_end_matches('-').chars().take(60).collect();
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() {
        "review".into()
    } else {
        s
    }
}

/// Writes a scrutiny document in a format.
pub fn render(doc: &Document, review_title: &str, format: Format) -> AppResult<Rendered> {
    let bytes = match format {
        Format::Html => html::write(doc)?.into_bytes(),
        Format::Markdown => markdown::write(doc).into_bytes(),
        Format::Text => text::write(doc).into_bytes(),
        Format::Docx => docx::write(doc)?,
    };
    Ok(Rendered {
        bytes,
        format,
        filename: format!("{}-{}.{}", slug(review_title), doc.kind, format.extension()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(number: &str, text: &str, parts: Vec<Part>) -> RecommendationRow {
        let now = chrono::NaiveDateTime::default();
        RecommendationRow {
            id: number.into(),
            review_id: "r".into(),
            number: number.into(),
            sort_key: 0,
            text: text.into(),
            parts: serde_json::to_string(&parts).unwrap(),
            responsibility: None,
            target: None,
            target_date: None,
            agreed_action: None,
            success_measure: None,
            proposed_action: None,
            post_title: None,
            budget_cost: None,
            timescale: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        }
    }

    fn part(letter: &str, text: &str, budget: Option<&str>) -> Part {
        Part {
            letter: letter.into(),
            text: text.into(),
            budget_cost: budget.map(String::from),
            ..Part::default()
        }
    }

    #[test]
    fn paragraphs_are_the_lines_that_are_not_blank() {
        assert_eq!(
            paragraphs("One\nline.\n\n  \nTwo.\r\n\r\nThree  four "),
            vec!["One", "line.", "Two.", "Three four"]
        );
        assert_eq!(paragraphs("a\nb"), vec!["a", "b"]);
        assert!(paragraphs("  ").is_empty());
    }

    #[test]
    fn parts_with_their_own_columns_get_their_own_rows() {
        let r = rec(
            "1",
            "",
            vec![
                part("a", "Awareness", Some("N/A")),
                part("b", "Promote", Some("TBC")),
            ],
        );
        let rows = plan_rows(&[&r]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0][0], vec!["a) Awareness"]);
        assert_eq!(rows[1][3], vec!["TBC"]);
    }

    #[test]
    fn several_recommendations_keep_their_numbers_in_the_plan() {
        let a = rec("1", "", vec![part("a", "x", Some("N/A"))]);
        let b = rec("2", "That the council:", vec![part("a", "y", None)]);
        let rows = plan_rows(&[&a, &b]);
        assert_eq!(rows[0][0], vec!["Recommendation 1"]);
        assert_eq!(rows[1][0], vec!["a) x"]);
        assert_eq!(rows[2][0], vec!["2. That the council:", "a) y"]);
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn bare_iso_dates_are_written_in_words_and_anything_else_as_given() {
        assert_eq!(as_written("2023-01-18"), "18th January 2023");
        assert_eq!(as_written("1 st October 2022"), "1 st October 2022");
        assert_eq!(as_written("March 2022"), "March 2022");
        let d = chrono::NaiveDate::from_ymd_opt(2022, 10, 1);
        assert_eq!(date_text(None, d).as_deref(), Some("1st October 2022"));
    }

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(
            slug("Public Spaces Protection Orders (PSPOs)"),
            "public-spaces-protection-orders-pspos"
        );
        assert_eq!(slug("???"), "review");
    }
}
