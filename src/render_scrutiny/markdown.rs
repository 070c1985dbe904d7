//! Markdown (CommonMark with GitHub tables): labels in bold before their
//! values, the action plan and the grading key as pipe tables. Every piece
//! of text is escaped so that it reads literally.

use super::{Block, Document, Field};
use crate::render::markdown::escape;

/// A table cell: escaped paragraphs joined by line breaks.
fn cell(paragraphs: &[String]) -> String {
    paragraphs
        .iter()
        .map(|p| escape(p))
        .collect::<Vec<_>>()
        .join("<br><br>")
}

fn field(out: &mut String, f: &Field) {
    out.push_str(&format!("**{}**", escape(&f.label)));
    if let Some(h) = &f.hint {
        out.push_str(&format!(" *{}*", escape(h)));
    }
    let mut paras = f.paragraphs.iter();
    if let Some(first) = paras.next() {
        out.push(' ');
        out.push_str(&escape(first));
    }
    out.push_str("\n\n");
    for p in paras {
        out.push_str(&escape(p));
        out.push_str("\n\n");
    }
}

fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

pub fn write(doc: &Document) -> String {
    let mut out = String::new();
    for b in &doc.blocks {
        match b {
            Block::Line { text } => out.push_str(&format!("**{}**\n\n", escape(text))),
            Block::Title { text } => out.push_str(&format!("# {}\n\n", escape(text))),
            Block::Paragraph { text } => out.push_str(&format!("{}\n\n", escape(text))),
            Block::Fields { caption, rows, .. } => {
                if let Some(c) = caption {
                    out.push_str(&format!("## {}\n\n", escape(c)));
                }
                for (i, f) in rows.iter().enumerate() {
                    if i == 0 && caption.is_none() {
                        // A recommendation opens a section of its own.
                        out.push_str(&format!("## {}\n\n", escape(f.label.trim_end_matches(':'))));
                        for p in &f.paragraphs {
                            out.push_str(&escape(p));
                            out.push_str("\n\n");
                        }
                    } else {
                        field(&mut out, f);
                    }
                }
            }
            Block::Grid { header, rows } => {
                let head: Vec<String> = header.iter().map(|h| escape(h)).collect();
                out.push_str(&row(&head));
                out.push_str(&row(&vec!["---".to_string(); header.len()]));
                for r in rows {
                    let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
                    out.push_str(&row(&cells));
                }
                out.push('\n');
            }
            Block::GradingKey { labels, grades } => {
                let mut head = vec![escape(&labels.join(" "))];
                head.extend(grades.iter().map(|(n, _)| n.to_string()));
                out.push_str(&row(&head));
                out.push_str(&row(&vec!["---".to_string(); head.len()]));
                let mut names = vec![String::new()];
                names.extend(grades.iter().map(|(_, l)| escape(l)));
                out.push_str(&row(&names));
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
