//! The action plan: the committee, the review, when the plan was agreed,
//! and the table of recommendations (or their lettered parts) with their
//! proposed actions, on a landscape page.

use super::{as_written, date_text, paragraphs, part_line};
use crate::doc::{Block, Document, House};
use minutebook_store::scrutiny::{RecommendationRow, ReviewBundle};

/// The action plan's columns, as the plan heads them.
pub const PLAN_COLUMNS: [&str; 5] = [
    "SCRUTINY RECOMMENDATION",
    "PROPOSED ACTION",
    "POST TITLE",
    "BUDGET COST",
    "TIMESCALE",
];

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

/// The action plan of a review.
pub fn build(b: &ReviewBundle) -> Document {
    let r = &b.review;
    let committee = r
        .select_committee
        .clone()
        .or_else(|| b.body.as_ref().map(|b| b.name.clone()));
    let mut blocks = Vec::new();
    if let Some(c) = committee {
        blocks.push(Block::Line {
            text: c.to_uppercase(),
            right: false,
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
        blocks.push(Block::Line {
            text: w,
            right: false,
        });
    }
    let recs: Vec<&RecommendationRow> = b.recommendations.iter().map(|(r, _)| r).collect();
    blocks.push(Block::Table {
        header: PLAN_COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows: plan_rows(&recs),
    });
    Document {
        kind: "action-plan",
        title,
        house: House::Scrutiny,
        landscape: true,
        draft: None,
        exempt: None,
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minutebook_store::scrutiny::Part;

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
}
