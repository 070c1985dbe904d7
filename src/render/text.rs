//! Plain text: one line per paragraph (no wrapping, so a clerk can paste it
//! anywhere), blocks separated by blank lines, a DRAFT line at the top.

use super::doc::{item_heading_line, outcome_line, part_heading_line, Block, Document};
use super::markup::Inline;

/// The text of runs: emphasis is not marked, breaks are new lines.
fn runs(rs: &[Inline]) -> String {
    let mut s = String::new();
    for r in rs {
        match r {
            Inline::Text { text, .. } | Inline::Link { text, .. } => s.push_str(text),
            Inline::Break => s.push('\n'),
        }
    }
    s
}

/// Indents the continuation lines of a list item under its text.
fn item(marker: &str, text: &str) -> String {
    let pad = " ".repeat(marker.chars().count());
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{marker}{l}")
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn underline(text: &str, ch: char) -> String {
    format!("{text}\n{}", ch.to_string().repeat(text.chars().count()))
}

pub fn block(b: &Block) -> String {
    match b {
        Block::Title { text } => underline(text, '='),
        Block::Subtitle { text } => text.clone(),
        Block::Section { text } => underline(text, '-'),
        Block::ItemHeading {
            number,
            title,
            restricted,
        } => item_heading_line(number.as_deref(), title, *restricted),
        Block::PartHeading {
            letter,
            title,
            restricted,
        } => part_heading_line(letter, title, *restricted),
        Block::Field { label, runs: r } => format!("{label} {}", runs(r)),
        Block::Notice { text } => text.clone(),
        Block::Paragraph { runs: r } => runs(r),
        Block::Bullets { items } => items
            .iter()
            .map(|i| item("  • ", &runs(i)))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Numbered { start, items } => items
            .iter()
            .enumerate()
            .map(|(n, i)| item(&format!("  {}. ", *start + n as u64), &runs(i)))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Outcome { verb, text, parts } => {
            let mut s = outcome_line(verb, text);
            for (n, p) in parts.iter().enumerate() {
                s.push('\n');
                s.push_str(&item(&format!("  {}. ", n + 1), p));
            }
            s
        }
    }
}

pub fn write(doc: &Document) -> String {
    let mut out: Vec<String> = Vec::new();
    if let Some(d) = &doc.draft {
        out.push(d.clone());
    }
    if let Some(e) = &doc.exempt {
        out.push(e.clone());
    }
    out.extend(doc.blocks.iter().map(block));
    let mut s = out.join("\n\n");
    s.push('\n');
    s
}
