//! PDF: archival (PDF/A-2a), tagged for screen readers (structure tree,
//! marked content, `/Lang (en-GB)`, the document's title), fonts embedded.
//!
//! Typeset by typst in an in-memory world ([`world`]): the fixed house
//! template (`house.typ`) reads the neutral document as JSON data, so a
//! string from the database is only ever shown as text, never evaluated as
//! typst code, and no file outside the world can be read. Each block is
//! sent with its plain-text form (the text writer's), which the template
//! shows for a kind of block it does not know yet, so nothing a layout
//! produces is lost from the PDF.
//!
//! The public reports pack ([`pack`]) is the same template with the
//! agenda, a contents page and the meeting's papers placed page by page.

pub mod pack;
pub mod world;

use super::doc::Document;
use super::text;
use chrono::{Datelike, Timelike};
use minutebook_ground::error::{AppError, AppResult};
use serde::Serialize;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

const TEMPLATE: &str = include_str!("house.typ");

pub const MEDIA_TYPE: &str = "application/pdf";

/// What the template reads as `doc.json`.
#[derive(Serialize)]
struct Data<'a> {
    doc: &'a Document,
    /// Each block's plain-text form, in the same order.
    plain: Vec<String>,
    pack: Option<&'a pack::PackData>,
}

/// Which standard a PDF claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Conformance {
    /// PDF/A-2a: archival and tagged; every document.
    Archival,
    /// Tagged PDF 1.7: the reports pack, whose papers come from outside and
    /// cannot be vouched for as PDF/A.
    Tagged,
}

/// The document as an archival, tagged PDF.
pub fn write(doc: &Document) -> AppResult<Vec<u8>> {
    compile(doc, None, Vec::new(), Conformance::Archival)
}

fn compile(
    doc: &Document,
    pack: Option<&pack::PackData>,
    mut files: Vec<(&str, Vec<u8>)>,
    conformance: Conformance,
) -> AppResult<Vec<u8>> {
    let data = Data {
        doc,
        plain: doc
            .blocks
            .iter()
            .map(|b| text::block(b, doc.house))
            .collect(),
        pack,
    };
    let mut value = serde_json::to_value(&data)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("PDF data: {e}")))?;
    printable(&mut value);
    let json = serde_json::to_vec(&value)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("PDF data: {e}")))?;
    files.push(("doc.json", json));
    let world = world::MemoryWorld::new(TEMPLATE, files)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("PDF world: {e}")))?;
    let paged: PagedDocument = typst::compile(&world)
        .output
        .map_err(|d| failed("typesetting", &d))?;
    let standards = match conformance {
        Conformance::Archival => PdfStandards::new(&[PdfStandard::A_2a]),
        Conformance::Tagged => PdfStandards::new(&[PdfStandard::V_1_7]),
    }
    .map_err(|e| AppError::Internal(anyhow::anyhow!("PDF standards: {}", e.message())))?;
    let options = PdfOptions {
        ident: Smart::Custom(format!("minutebook {}", doc.title)),
        creator: Smart::Custom(Some("minutebook".into())),
        standards,
        // PDF/A records when the file was made.
        timestamp: now(),
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&paged, &options).map_err(|d| failed("PDF export", &d))
}

/// Text as the PDF can show it: a character the font has no glyph for
/// (control characters, private-use and unassigned code points, scripts
/// the font lacks) is shown as U+FFFD, or `?` if the font lacks that too,
/// rather than failing the whole document.
fn printable(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::String(s) if !s.chars().all(world::displayable) => {
            let replacement = if world::displayable('\u{FFFD}') {
                '\u{FFFD}'
            } else {
                '?'
            };
            *s = s
                .chars()
                .map(|c| {
                    if world::displayable(c) {
                        c
                    } else {
                        replacement
                    }
                })
                .collect();
        }
        Value::Array(a) => a.iter_mut().for_each(printable),
        Value::Object(m) => m.values_mut().for_each(printable),
        _ => {}
    }
}

fn now() -> Option<Timestamp> {
    let t = chrono::Utc::now();
    Datetime::from_ymd_hms(
        t.year(),
        u8::try_from(t.month()).ok()?,
        u8::try_from(t.day()).ok()?,
        u8::try_from(t.hour()).ok()?,
        u8::try_from(t.minute()).ok()?,
        u8::try_from(t.second()).ok()?,
    )
    .map(Timestamp::new_utc)
}

fn failed(stage: &str, diags: &[SourceDiagnostic]) -> AppError {
    let messages: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let hints: Vec<&str> = d.hints.iter().map(|h| h.v.as_str()).collect();
            format!("{} {}", d.message, hints.join("; "))
        })
        .collect();
    AppError::Internal(anyhow::anyhow!(
        "PDF {stage} failed: {}",
        messages.join(" | ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Block, House};
    use crate::markup::Inline;

    fn doc(blocks: Vec<Block>, draft: bool) -> Document {
        Document {
            kind: "minutes",
            title: "Minutes — Test".into(),
            house: House::Meeting,
            landscape: false,
            draft: draft.then(|| "DRAFT".to_string()),
            exempt: None,
            blocks,
        }
    }

    #[test]
    fn hostile_text_is_printed_not_run() {
        let hostile = r#"#read("/etc/passwd") $x^2$ *bold* _em_ ] [ } { #let a = 1 <lbl> @ref \ // /* `raw` = head"#;
        let d = doc(
            vec![
                Block::Title {
                    text: hostile.into(),
                },
                Block::paragraph(hostile),
                Block::Bullets {
                    items: vec![vec![Inline::strong(hostile)]],
                },
                Block::Outcome {
                    verb: "AGREED".into(),
                    text: hostile.into(),
                    parts: vec![hostile.into()],
                },
            ],
            true,
        );
        let pdf = write(&d).expect("compiles whatever the text says");
        assert!(pdf.starts_with(b"%PDF-"));
        // No file outside the world can be read, even by the template.
        let world = world::MemoryWorld::new(r#"#read("/etc/passwd")"#, Vec::new()).expect("world");
        assert!(typst::compile::<PagedDocument>(&world).output.is_err());
    }

    #[test]
    fn characters_the_font_lacks_do_not_fail_the_document() {
        let odd = "a\u{12}b\u{13}\u{f81c9}\u{100b87}\u{a7ed2}\u{E000}c";
        let d = doc(
            vec![Block::Title { text: odd.into() }, Block::paragraph(odd)],
            false,
        );
        let pdf = write(&d).expect("an archival PDF whatever the characters");
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(world::displayable('a') && !world::displayable('\u{12}'));
    }
}
