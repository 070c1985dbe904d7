//! Plain text: one line per paragraph (no wrapping, so a clerk can paste it
//! anywhere), blocks separated by blank lines, a DRAFT line at the top.
//! Tables read as the council's documents do when copied out of Word: a
//! label, a tab and its value; a grid as tab-separated rows.

use super::doc::{
    item_heading_line, outcome_line, part_heading_line, Block, Document, FieldRow, House,
};
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

/// A cell of a tab-separated row: its paragraphs on one line, no tabs.
fn flat(paragraphs: &[String]) -> String {
    paragraphs
        .iter()
        .map(|p| p.replace('\t', " "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Label:\tfirst paragraph", each further paragraph set apart by blank
/// lines; ends with a newline.
fn field_row(out: &mut String, f: &FieldRow) {
    out.push_str(&f.label);
    if let Some(h) = &f.hint {
        out.push(' ');
        out.push_str(h);
    }
    out.push('\t');
    let mut paras = f.paragraphs.iter();
    if let Some(first) = paras.next() {
        out.push_str(first);
    }
    out.push('\n');
    let mut more = false;
    for p in paras {
        out.push('\n');
        out.push_str(p);
        out.push('\n');
        more = true;
    }
    if more {
        out.push('\n');
    }
}

/// The caption, then a line per row (less the last newline).
fn field_table(caption: Option<&str>, rows: &[FieldRow]) -> String {
    let mut out = String::new();
    if let Some(c) = caption {
        out.push_str(c);
        out.push('\n');
    }
    for f in rows {
        field_row(&mut out, f);
    }
    out.pop();
    out
}

pub fn block(b: &Block, house: House) -> String {
    match b {
        Block::Title { text } if house == House::Meeting => underline(text, '='),
        Block::Title { text } => text.clone(),
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
        Block::Line { text, .. } | Block::StandingText { text } => text.clone(),
        Block::FieldTable { caption, rows, .. } => field_table(caption.as_deref(), rows),
        Block::Table { header, rows } => {
            let mut lines = vec![header.join("\t")];
            lines.extend(
                rows.iter()
                    .map(|r| r.iter().map(|c| flat(c)).collect::<Vec<_>>().join("\t")),
            );
            lines.join("\n")
        }
        Block::Key { labels, entries } => {
            let codes: Vec<String> = entries.iter().map(|(n, _)| n.to_string()).collect();
            let names: Vec<&str> = entries.iter().map(|(_, l)| *l).collect();
            format!(
                "{}\t{}\n{}\t{}",
                labels[0],
                codes.join("\t"),
                labels[1],
                names.join("\t")
            )
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
    out.extend(doc.blocks.iter().map(|b| block(b, doc.house)));
    let mut s = out.join("\n\n");
    s.push('\n');
    s
}
