//! The `System`, the one `Body`, and the numbering years as
//! `LegislativeTerm`s.

use super::{latest, Obj, Urls, OPARL_VERSION};
use chrono::{NaiveDate, NaiveDateTime};
use minutebook_store::oparl_queries::NumberedYear;
use serde_json::Value;
use std::collections::HashMap;

pub fn system(u: &Urls, name: &str, created: Option<NaiveDateTime>) -> Value {
    let mut o = Obj::new(u.system(), "System")
        .put("oparlVersion", OPARL_VERSION)
        .put("body", u.bodies())
        .put("name", name)
        .put("website", u.home_page())
        .put("vendor", "https://minutebook.dev/")
        .put("product", "https://minutebook.dev/minutebook")
        .put("web", u.home_page());
    if let Some(c) = created {
        o = o.stamps(c, c);
    }
    o.done()
}

/// A numbering year, as OParl's legislative term.
#[derive(Debug, Clone)]
pub struct Term {
    pub year: i32,
    pub month: i32,
    pub name: String,
    pub created: NaiveDateTime,
    pub modified: NaiveDateTime,
}

impl Term {
    pub fn key(&self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }
    pub fn start(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month as u32, 1)
    }
    pub fn end(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year + 1, self.month as u32, 1).and_then(|d| d.pred_opt())
    }
}

/// "2023/24" (or "2023" for a year that starts in January).
fn term_label(year: i32, month: i32) -> String {
    if month == 1 {
        year.to_string()
    } else {
        format!("{year}/{:02}", (year + 1).rem_euclid(100))
    }
}

/// The legislative terms: one per numbering year and start month in use.
/// A term exists from the moment its first minute number was given (the
/// agenda's publication, or a later item's creation); it is named
/// "2023/24", with "(from April)" added only when bodies with different
/// start months share that label (and then it changed when the second
/// appeared, which its `modified` says).
pub fn terms(rows: &[NumberedYear]) -> Vec<Term> {
    let mut first: HashMap<(i32, i32), NaiveDateTime> = HashMap::new();
    for r in rows {
        if !(1..=12).contains(&r.year_start_month) {
            continue;
        }
        let at = r.first_numbered_at;
        let e = first
            .entry((r.year_start_month, r.numbering_year))
            .or_insert(at);
        *e = (*e).min(at);
    }
    let mut by_label: HashMap<String, Vec<(i32, NaiveDateTime)>> = HashMap::new();
    for ((month, year), at) in &first {
        by_label
            .entry(term_label(*year, *month))
            .or_default()
            .push((*month, *at));
    }
    let mut out: Vec<Term> = first
        .iter()
        .map(|((month, year), created)| {
            let label = term_label(*year, *month);
            let shared = by_label.get(&label).map(Vec::as_slice).unwrap_or(&[]);
            let (name, modified) = if shared.len() > 1 {
                let month_name = minutebook_render::dates::MONTHS
                    .get((*month - 1) as usize)
                    .copied()
                    .unwrap_or("January");
                let renamed = shared.iter().map(|(_, at)| *at).max().unwrap_or(*created);
                (format!("{label} (from {month_name})"), renamed)
            } else {
                (label, *created)
            };
            Term {
                year: *year,
                month: *month,
                name,
                created: *created,
                modified,
            }
        })
        .collect();
    out.sort_by_key(|a| (a.created, a.key()));
    out
}

pub fn legislative_term(u: &Urls, t: &Term) -> Value {
    Obj::new(u.legislative_term(&t.key()), "LegislativeTerm")
        .put("body", u.body())
        .put("name", t.name.clone())
        .opt("startDate", t.start().map(|d| d.to_string()))
        .opt("endDate", t.end().map(|d| d.to_string()))
        .ext("yearStartMonth", t.month)
        .stamps(t.created, t.modified)
        .done()
}

/// The one Body. `span` is the earliest creation and latest change of any
/// minutebook body.
pub fn body(
    u: &Urls,
    name: &str,
    span: (Option<NaiveDateTime>, Option<NaiveDateTime>),
    terms: &[Term],
) -> Value {
    let mut o = Obj::new(u.body(), "Body")
        .put("system", u.system())
        .put("name", name)
        .put("website", u.home_page())
        .put("organization", u.body_list("organizations"))
        .put("person", u.body_list("people"))
        .put("meeting", u.body_list("meetings"))
        .put("paper", u.body_list("papers"))
        .put(
            "legislativeTerm",
            Value::Array(terms.iter().map(|t| legislative_term(u, t)).collect()),
        )
        .put("legislativeTermList", u.body_list("legislative-terms"))
        .put("agendaItem", u.body_list("agenda-items"))
        .put("membership", u.body_list("memberships"))
        .put("file", u.body_list("files"))
        .put("locationList", u.body_list("locations"))
        .put("web", u.home_page());
    if let Some(created) = span.0.or_else(|| terms.iter().map(|t| t.created).min()) {
        let modified = latest(
            span.1.unwrap_or(created),
            terms.iter().map(|t| Some(t.modified)),
        );
        o = o.stamps(created, modified.max(created));
    }
    o.done()
}

/// The Body's `created`/`modified`, for the bodies list filters.
pub fn body_stamps(v: &Value) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let parse = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .map(|d| d.naive_utc())
    };
    Some((parse("created")?, parse("modified")?))
}

/// Parses "2023-05" into (year, month).
pub fn parse_term_key(key: &str) -> Option<(i32, i32)> {
    let (y, m) = key.split_once('-')?;
    let year: i32 = y.parse().ok()?;
    let month: i32 = m.parse().ok()?;
    ((1..=12).contains(&month) && y.len() == 4 && m.len() == 2).then_some((year, month))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn terms_are_numbering_years_named_like_a_municipal_year() {
        // Two bodies with the same start month share the term.
        let rows = vec![
            NumberedYear {
                year_start_month: 5,
                numbering_year: 2023,
                first_numbered_at: at("2023-07-10 09:00:00"),
            },
            NumberedYear {
                year_start_month: 5,
                numbering_year: 2023,
                first_numbered_at: at("2023-06-10 09:00:00"),
            },
        ];
        let t = terms(&rows);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].name, "2023/24");
        assert_eq!(t[0].key(), "2023-05");
        assert_eq!(t[0].start().unwrap().to_string(), "2023-05-01");
        assert_eq!(t[0].end().unwrap().to_string(), "2024-04-30");
        assert_eq!(t[0].created, at("2023-06-10 09:00:00"));
    }

    #[test]
    fn terms_of_bodies_with_different_start_months_say_which_they_are() {
        let row = |month, year, when| NumberedYear {
            year_start_month: month,
            numbering_year: year,
            first_numbered_at: at(when),
        };
        let t = terms(&[
            row(5, 2023, "2023-06-01 09:00:00"),
            row(4, 2023, "2023-08-01 09:00:00"),
            row(1, 2024, "2024-02-01 09:00:00"),
        ]);
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["2023/24 (from May)", "2023/24 (from April)", "2024"]
        );
        // The May term was renamed when the April one appeared.
        assert_eq!(t[0].modified, at("2023-08-01 09:00:00"));
        assert_eq!(parse_term_key("2023-04"), Some((2023, 4)));
        assert_eq!(parse_term_key("2023-13"), None);
    }
}
