//! Scrutiny documents as text → a review: a progress update ("Review:",
//! "Link Officer/s:", "Recommendation 2:", "Responsibility:", "Date:",
//! "Agreed Action:", "Agreed Success Measure:", then dated rounds of
//! "Evidence of Progress (November 2022):", "Assessment of Progress (…)",
//! "Evidence of Impact (…)"; the page headers a PDF repeats dropped), or an
//! action plan (a table of lettered recommendations with proposed action,
//! post title, budget cost and timescale). Plain functions over lines.

use super::parse::Warning;
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Round {
    pub period: String,
    pub evidence: String,
    pub grade: Option<u8>,
    pub explanation: Option<String>,
    pub impact: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Part {
    pub letter: String,
    pub text: String,
    pub proposed_action: Option<String>,
    pub post_title: Option<String>,
    pub budget_cost: Option<String>,
    pub timescale: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recommendation {
    pub number: String,
    pub text: String,
    pub responsibility: Option<String>,
    pub target: Option<String>,
    pub agreed_action: Option<String>,
    pub success_measure: Option<String>,
    pub parts: Vec<Part>,
    pub rounds: Vec<Round>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    pub title: String,
    pub link_officers: Vec<String>,
    pub action_plan_agreed: Option<String>,
    pub select_committee: Option<String>,
    pub executive_date: Option<String>,
    pub recommendations: Vec<Recommendation>,
    pub warnings: Vec<Warning>,
}

static ROUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(evidence of progress|assessment of progress|evidence of impact)\s*\(([^)]+)\)\s*:?\s*(?:\(include explanation if required\))?\s*(.*)$")
        .unwrap_or_else(|_| unreachable!())
});

static RECOMMENDATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^recommendation\s+(\d+[a-z]?)\s*:?\s*(.*)$").unwrap_or_else(|_| unreachable!())
});

static LETTERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(?([a-z])\)\s+(.*)$").unwrap_or_else(|_| unreachable!()));

fn clean(s: &str) -> String {
    s.replace("**", "")
        .trim()
        .trim_matches('\t')
        .trim()
        .to_string()
}

/// A line a PDF repeats at the top of every page.
fn page_header(l: &str) -> bool {
    let u = l.trim().to_ascii_uppercase();
    u == "APPENDIX 1"
        || u.starts_with("PROGRESS UPDATE:")
        || u.starts_with("APPENDIX 1 PROGRESS UPDATE")
        || u.starts_with("SCRUTINY MONITORING")
}

fn push_para(field: &mut String, text: &str) {
    let t = clean(text);
    if t.is_empty() {
        return;
    }
    if !field.is_empty() {
        field.push_str("\n\n");
    }
    field.push_str(&t);
}

/// Which field the continuation lines go to.
enum Into {
    Nothing,
    Text,
    Responsibility,
    Target,
    Action,
    Measure,
    Evidence,
    Explanation,
    Impact,
}

/// "2 (On-Track)" → (2, None); "3 (Slipped) – the contract was late" → (3, Some(…)).
fn grade(value: &str) -> (Option<u8>, Option<String>) {
    let v = clean(value);
    let g = v
        .chars()
        .find(|c| ('1'..='4').contains(c))
        .and_then(|c| c.to_digit(10))
        .map(|d| d as u8);
    let rest = match v.find(')') {
        Some(i) => v[i + 1..]
            .trim()
            .trim_start_matches(['-', '–', ':'])
            .trim()
            .to_string(),
        None => String::new(),
    };
    (g, (!rest.is_empty()).then_some(rest))
}

/// Reads a progress update.
pub fn progress_update(text: &str) -> Result<Review, String> {
    let mut r = Review::default();
    let mut into = Into::Nothing;
    for raw in text.lines() {
        let line = clean(raw);
        if line.is_empty() || page_header(&line) {
            continue;
        }
        let (label, value) = label_and_value(raw, &line);
        let lower = label.to_ascii_lowercase();
        if let Some(c) = ROUND.captures(&format!("{label} {value}")) {
            if let Some(next) = round_row(&mut r, &c) {
                into = next;
            }
            continue;
        }
        if let Some(c) = RECOMMENDATION.captures(&format!("{label} {value}")) {
            r.recommendations.push(Recommendation {
                number: c[1].to_string(),
                text: clean(&c[2]),
                ..Default::default()
            });
            into = Into::Text;
            continue;
        }
        if review_field(&mut r, &lower, &value) {
            into = Into::Nothing;
            continue;
        }
        if let Some(rec) = r.recommendations.last_mut() {
            let text = if label.is_empty() { &value } else { &line };
            into = recommendation_field(rec, &lower, value.clone(), text, into);
        }
    }
    finish(r)
}

/// A row's label ("Review:", a tab-separated first cell) and its value.
fn label_and_value(raw: &str, line: &str) -> (String, String) {
    match raw.trim().split_once('\t') {
        Some((l, v)) => (clean(l), clean(v)),
        None => match line.split_once(':') {
            Some((l, v)) if l.len() < 60 => (format!("{l}:"), clean(v)),
            _ => (String::new(), line.to_string()),
        },
    }
}

/// A round's evidence, impact or assessment ("Evidence (June 2023): …")
/// on the last recommendation; what the following lines continue.
fn round_row(r: &mut Review, c: &regex::Captures<'_>) -> Option<Into> {
    let kind = c[1].to_ascii_lowercase();
    let period = c[2].trim().to_string();
    let rest = c[3].trim().to_string();
    let rec = r.recommendations.last_mut()?;
    if !rec.rounds.iter().any(|x| x.period == period) {
        rec.rounds.push(Round {
            period: period.clone(),
            ..Default::default()
        });
    }
    let round = rec.rounds.iter_mut().find(|x| x.period == period)?;
    Some(if kind.starts_with("assessment") {
        let (g, e) = grade(&rest);
        round.grade = g;
        round.explanation = e;
        Into::Explanation
    } else if kind.ends_with("impact") {
        push_para(&mut round.impact, &rest);
        Into::Impact
    } else {
        push_para(&mut round.evidence, &rest);
        Into::Evidence
    })
}

/// The review's own rows (its title, link officers, when the action plan
/// was agreed) and the grading key's headings: whether `lower` was one.
fn review_field(r: &mut Review, lower: &str, value: &str) -> bool {
    match lower {
        "review:" => r.title = value.to_string(),
        "link officer/s:" | "link officers:" | "link officer:" => {
            r.link_officers = value
                .split([',', ';'])
                .flat_map(|s| s.split(" and "))
                .map(clean)
                .filter(|s| !s.is_empty())
                .collect();
        }
        "action plan agreed:" => r.action_plan_agreed = Some(value.to_string()),
        "assessment of" | "assessment of:" | "progress gradings:" => {}
        _ => return false,
    }
    true
}

/// A recommendation's field (responsibility, target date, agreed action,
/// success measure), or a continuation paragraph (`text`) of the field
/// last begun (`into`); what the following lines continue.
fn recommendation_field(
    rec: &mut Recommendation,
    lower: &str,
    value: String,
    text: &str,
    into: Into,
) -> Into {
    let (field, next): (&mut Option<String>, Into) = match lower {
        "responsibility:" => (&mut rec.responsibility, Into::Responsibility),
        "date:" | "target date:" => (&mut rec.target, Into::Target),
        "agreed action:" => (&mut rec.agreed_action, Into::Action),
        "agreed success measure:" | "success measure:" => (&mut rec.success_measure, Into::Measure),
        _ => {
            let round = rec.rounds.last_mut();
            match (&into, round) {
                (Into::Text, _) => push_para(&mut rec.text, text),
                (Into::Responsibility, _) => push_opt(&mut rec.responsibility, text),
                (Into::Target, _) => push_opt(&mut rec.target, text),
                (Into::Action, _) => push_opt(&mut rec.agreed_action, text),
                (Into::Measure, _) => push_opt(&mut rec.success_measure, text),
                (Into::Evidence, Some(round)) => push_para(&mut round.evidence, text),
                (Into::Impact, Some(round)) => push_para(&mut round.impact, text),
                (Into::Explanation, Some(round)) => {
                    let mut e = round.explanation.take().unwrap_or_default();
                    push_para(&mut e, text);
                    round.explanation = Some(e);
                }
                _ => {}
            }
            return into;
        }
    };
    *field = Some(value).filter(|v| !v.is_empty());
    next
}

/// Refuses a document with no recommendations; warns of a missing title
/// and of rounds without a grade.
fn finish(mut r: Review) -> Result<Review, String> {
    if r.recommendations.is_empty() {
        return Err("this does not read as a scrutiny progress update or action plan: no 'Recommendation N:' rows and no action-plan table were found".into());
    }
    if r.title.is_empty() {
        r.warnings.push(Warning::at(
            None,
            "no 'Review:' line was found; the review is called 'Imported review'",
        ));
        r.title = "Imported review".into();
    }
    let mut missing = Vec::new();
    for rec in &r.recommendations {
        for round in &rec.rounds {
            if round.grade.is_none() {
                missing.push(Warning::at(None, format!(
                    "recommendation {} ({}) has no assessment grade 1–4; the round was not imported",
                    rec.number, round.period
                )));
            }
        }
    }
    r.warnings.extend(missing);
    Ok(r)
}

fn push_opt(field: &mut Option<String>, text: &str) {
    let mut v = field.take().unwrap_or_default();
    push_para(&mut v, text);
    *field = Some(v);
}

/// Reads an action plan: a title, the executive date, then rows
/// "a) recommendation \t proposed action \t post title \t budget \t timescale".
pub fn action_plan(text: &str) -> Result<Review, String> {
    let mut r = Review::default();
    let mut title_lines: Vec<String> = Vec::new();
    let mut in_table = false;
    let mut parts: Vec<Part> = Vec::new();
    for raw in text.lines() {
        let line = clean(raw);
        if line.is_empty() {
            continue;
        }
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("SCRUTINY RECOMMENDATION") {
            in_table = true;
            continue;
        }
        if !in_table {
            if upper.contains("(EXECUTIVE DATE)") {
                r.executive_date = Some(line.split('(').next().unwrap_or("").trim().to_string());
            } else {
                title_lines.push(line);
            }
            continue;
        }
        let cells: Vec<String> = raw.split('\t').map(clean).collect();
        if let Some(c) = LETTERED.captures(&cells[0]) {
            let cell = |i: usize| cells.get(i).cloned().filter(|s| !s.is_empty());
            parts.push(Part {
                letter: c[1].to_string(),
                text: c[2].trim().to_string(),
                proposed_action: cell(1),
                post_title: cell(2),
                budget_cost: cell(3),
                timescale: cell(4),
            });
        } else if let Some(last) = parts.last_mut() {
            push_para(&mut last.text, &cells[0]);
        }
    }
    if parts.is_empty() {
        return Err("this does not read as a scrutiny action plan: no table of lettered recommendations (a), b), …) was found".into());
    }
    // "CULTURE AND COMMUNITIES SCRUTINY PANEL", "TITLE -", "ACTION PLAN".
    let mut lines: Vec<String> = title_lines
        .into_iter()
        .filter(|l| !l.eq_ignore_ascii_case("action plan"))
        .collect();
    if lines.len() > 1 && lines[0].to_ascii_uppercase().contains("PANEL")
        || lines.len() > 1 && lines[0].to_ascii_uppercase().contains("COMMITTEE")
    {
        r.select_committee = Some(titlecase(&lines.remove(0)));
    }
    r.title = titlecase(
        lines
            .join(" ")
            .trim()
            .trim_end_matches('-')
            .trim_end_matches(" ACTION PLAN")
            .trim(),
    );
    r.action_plan_agreed = r.executive_date.clone();
    r.recommendations.push(Recommendation {
        number: "1".into(),
        parts,
        ..Default::default()
    });
    Ok(r)
}

/// "TOUGH ENOUGH? ENFORCEMENT IN MIDDLESBROUGH" → "Tough Enough? Enforcement in Middlesbrough".
fn titlecase(s: &str) -> String {
    if s.chars().any(char::is_lowercase) {
        return s.to_string();
    }
    const SMALL: &[&str] = &[
        "and", "of", "in", "on", "the", "its", "a", "an", "to", "for", "by",
    ];
    s.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && SMALL.contains(&lower.as_str()) {
                lower
            } else {
                let mut c = lower.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Either kind of scrutiny document.
pub fn review(text: &str) -> Result<Review, String> {
    if text.lines().any(|l| {
        clean(l)
            .to_ascii_uppercase()
            .starts_with("SCRUTINY RECOMMENDATION")
    }) {
        action_plan(text)
    } else {
        progress_update(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UPDATE: &str = include_str!("../../../../tests/fixtures/import/progress-update-pspo.txt");
    const PLAN: &str =
        include_str!("../../../../tests/fixtures/import/action-plan-enforcement.txt");

    #[test]
    fn a_progress_update_with_two_rounds() {
        let r = review(UPDATE).unwrap();
        assert_eq!(r.title, "Public Spaces Protection Orders (PSPOs)");
        assert_eq!(r.link_officers, ["Marc Stephenson"]);
        assert_eq!(r.action_plan_agreed.as_deref(), Some("March 2022"));
        let rec = &r.recommendations[0];
        assert_eq!(rec.number, "2");
        assert!(rec
            .text
            .starts_with("Consideration be given to an increased dedicated"));
        assert_eq!(rec.target.as_deref(), Some("1 st October 2022"));
        assert!(rec
            .success_measure
            .as_deref()
            .unwrap()
            .ends_with("reporting of ASB."));
        assert_eq!(rec.rounds.len(), 2);
        let nov = &rec.rounds[0];
        assert_eq!((nov.period.as_str(), nov.grade), ("November 2022", Some(2)));
        assert!(
            nov.evidence
                .contains("\n\nThe 12 dedicated Enforcement Officers"),
            "{}",
            nov.evidence
        );
        assert!(nov.evidence.ends_with("on a regular basis."));
        assert!(nov
            .impact
            .starts_with("Assessment of impact will be undertaken"));
        let mar = &rec.rounds[1];
        assert_eq!((mar.period.as_str(), mar.grade), ("March 2023", Some(1)));
        assert!(
            mar.evidence
                .contains("working alongside\n\nmulti-agency partners"),
            "{}",
            mar.evidence
        );
        assert!(!mar.evidence.contains("APPENDIX"));
        assert!(mar.impact.ends_with("using these indicators."));
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn an_action_plan_with_lettered_recommendations() {
        let r = review(PLAN).unwrap();
        assert_eq!(
            r.select_committee.as_deref(),
            Some("Culture and Communities Scrutiny Panel")
        );
        assert!(
            r.title
                .starts_with("Tough Enough? Enforcement in Middlesbrough"),
            "{}",
            r.title
        );
        assert_eq!(r.executive_date.as_deref(), Some("18 OCTOBER 2022"));
        let parts = &r.recommendations[0].parts;
        assert_eq!(parts.len(), 6);
        assert_eq!(parts[2].budget_cost.as_deref(), Some("????"));
        assert_eq!(parts[5].timescale.as_deref(), Some("Ongoing"));
        assert_eq!(
            parts[0].post_title.as_deref(),
            Some("Head of Stronger Communities")
        );
    }

    #[test]
    fn minutes_are_not_a_review() {
        assert!(review("eggs, milk, bread").is_err());
    }

    #[test]
    fn grades_and_explanations() {
        assert_eq!(grade("2 (On-Track)"), (Some(2), None));
        assert_eq!(
            grade("3 (Slipped) – the contract was late"),
            (Some(3), Some("the contract was late".into()))
        );
    }
}
