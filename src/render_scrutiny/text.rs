//! Plain text: a label, a tab and its value, as the council's documents
//! read when copied out of Word; tables as tab-separated rows.

use super::{Block, Document, Field};

/// A cell of a tab-separated row: its paragraphs on one line, no tabs.
fn flat(paragraphs: &[String]) -> String {
    paragraphs
        .iter()
        .map(|p| p.replace('\t', " "))
        .collect::<Vec<_>>()
        .join(" ")
}

fn field(out: &mut String, f: &Field) {
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

pub fn write(doc: &Document) -> String {
    let mut out = String::new();
    for b in &doc.blocks {
        match b {
            Block::Line { text } | Block::Title { text } | Block::Paragraph { text } => {
                out.push_str(text);
                out.push_str("\n\n");
            }
            Block::Fields { caption, rows, .. } => {
                if let Some(c) = caption {
                    out.push_str(c);
                    out.push('\n');
                }
                for f in rows {
                    field(&mut out, f);
                }
                out.push('\n');
            }
            Block::Grid { header, rows } => {
                out.push_str(&header.join("\t"));
                out.push('\n');
                for r in rows {
                    let cells: Vec<String> = r.iter().map(|c| flat(c)).collect();
                    out.push_str(&cells.join("\t"));
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::GradingKey { labels, grades } => {
                let numbers: Vec<String> = grades.iter().map(|(n, _)| n.to_string()).collect();
                let names: Vec<&str> = grades.iter().map(|(_, l)| *l).collect();
                out.push_str(&format!("{}\t{}\n", labels[0], numbers.join("\t")));
                out.push_str(&format!("{}\t{}\n", labels[1], names.join("\t")));
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
