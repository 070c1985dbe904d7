//! The scrutiny documents' layouts: the progress report ("Appendix 1",
//! [`progress_report`]) and the action plan ([`action_plan`]). Each turns a
//! loaded review into the neutral [`Document`] every other document uses
//! (lines, a title, label/value tables, grids, the grading key), in the
//! scrutiny [`House`](super::doc::House) style; the writers only decide how each block looks.
//! What they share is here: free text split into paragraphs, dates as the
//! council writes them, and file names.

pub mod action_plan;
pub mod progress_report;

pub use progress_report::ReportOptions;

use super::doc::{Document, FieldRow};
use super::{Format, Rendered};
use minutebook_ground::error::AppResult;
use minutebook_store::scrutiny::Part;

/// Splits free text into paragraphs: every line that is not blank is one,
/// its spacing folded. (Text pasted from Word has a line per paragraph;
/// text typed with blank lines between paragraphs reads the same.)
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split(['\n', '\r'])
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// A row of a label/value table; no value is an empty cell.
fn field(label: impl Into<String>, value: Option<&str>) -> FieldRow {
    FieldRow {
        label: label.into(),
        hint: None,
        paragraphs: value.map(paragraphs).unwrap_or_default(),
    }
}

/// "a) That a general awareness session …", the letter as the clerk marked it.
fn part_line(p: &Part) -> String {
    format!(
        "{} {}",
        minutebook_domain::scrutiny::letter_label(&p.letter),
        p.text.trim()
    )
}

/// "1st October 2022", for a machine date with no text given.
fn long_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {}", super::dates::ordinal(d.day()), d.format("%B %Y"))
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

/// Writes a scrutiny document in a format, named after the review:
/// `public-spaces-protection-orders-pspos-progress-report.docx`.
pub fn rendered(doc: &Document, review_title: &str, format: Format) -> AppResult<Rendered> {
    Ok(Rendered {
        bytes: super::write(doc, format)?,
        format,
        filename: format!("{}-{}.{}", slug(review_title), doc.kind, format.extension()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
