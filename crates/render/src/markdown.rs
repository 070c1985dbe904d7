//! Markdown (CommonMark, with GitHub pipe tables). Every piece of text from
//! the database is escaped, so what a clerk typed reads as typed: no HTML,
//! link or list a user wrote comes alive when the Markdown is turned into a
//! page. Label/value tables read as bold labels before their values (a
//! recommendation's table opens a section of its own); grids and keys are
//! pipe tables.

use super::doc::{item_heading_line, part_heading_line, Block, Document, FieldRow};
use super::markup::Inline;

/// Escapes text so a CommonMark reader shows it literally: punctuation that
/// starts inline constructs (including `<` for raw HTML and `&` for
/// entities) is backslash-escaped, and so is what would start a block at the
/// start of a line.
pub fn escape(text: &str) -> String {
    text.split('\n')
        .map(|line| escape_line(line, true))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escapes one line of text; `at_start` when it begins a line of output,
/// where leading spaces (an indented code block) are dropped and block
/// markers (`-`, `+`, `=`, `1.`) are escaped too.
fn escape_line(line: &str, at_start: bool) -> String {
    let text = if at_start { line.trim_start() } else { line };
    let mut out = String::with_capacity(text.len() + 4);
    let mut chars = text.char_indices().peekable();
    let mut first = at_start;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '!' | '{' | '}'
            | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            '+' | '-' | '=' if first => {
                out.push('\\');
                out.push(c);
            }
            '0'..='9' if first => {
                // "2023. Something" or "1) x" would start an ordered list.
                let digits: String = text[i..]
                    .chars()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                out.push_str(&digits);
                for _ in 1..digits.len() {
                    chars.next();
                }
                if let Some(&(_, next)) = chars.peek() {
                    if next == '.' || next == ')' {
                        out.push('\\');
                        out.push(next);
                        chars.next();
                    }
                }
            }
            _ => out.push(c),
        }
        first = false;
    }
    out
}

/// Runs with emphasis; spaces stay outside the markers, as CommonMark needs.
fn runs(rs: &[Inline]) -> String {
    let mut s = String::new();
    let mut line_start = true;
    for r in rs {
        let at_start = std::mem::replace(&mut line_start, false);
        match r {
            Inline::Text { text, emph, strong } => {
                let marker = match (emph, strong) {
                    (true, true) => "***",
                    (false, true) => "**",
                    (true, false) => "*",
                    (false, false) => "",
                };
                let core = text.trim();
                if marker.is_empty() || core.is_empty() {
                    s.push_str(&escape_line(text, at_start));
                } else {
                    let lead = &text[..text.len() - text.trim_start().len()];
                    let trail = &text[text.trim_end().len()..];
                    if !at_start {
                        s.push_str(lead);
                    }
                    s.push_str(marker);
                    s.push_str(&escape_line(core, false));
                    s.push_str(marker);
                    s.push_str(trail);
                }
            }
            Inline::Link { text, url } => {
                s.push('[');
                s.push_str(&escape_line(text, false));
                s.push_str("](<");
                s.push_str(&url.replace(['<', '>', '\n'], ""));
                s.push_str(">)");
            }
            Inline::Break => {
                s.push_str("\\\n");
                line_start = true;
            }
        }
    }
    s
}

fn list_item(marker: &str, text: &str) -> String {
    let pad = " ".repeat(marker.len());
    text.split('\n')
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

/// A table cell: escaped paragraphs joined by line breaks.
fn cell(paragraphs: &[String]) -> String {
    paragraphs
        .iter()
        .map(|p| escape(p))
        .collect::<Vec<_>>()
        .join("<br><br>")
}

/// A row of a pipe table.
fn row(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

/// "**Label:** *hint* first paragraph", then the others, each a paragraph.
fn field_row(out: &mut Vec<String>, f: &FieldRow) {
    let mut s = format!("**{}**", escape(&f.label));
    if let Some(h) = &f.hint {
        s.push_str(&format!(" *{}*", escape(h)));
    }
    let mut paras = f.paragraphs.iter();
    if let Some(first) = paras.next() {
        s.push(' ');
        s.push_str(&escape(first));
    }
    out.push(s);
    out.extend(paras.map(|p| escape(p)));
}

/// The caption as a heading, then the rows; without a caption, the first
/// row (a recommendation) is the heading of a section of its own.
fn field_table(caption: Option<&str>, rows: &[FieldRow]) -> String {
    let mut out = Vec::new();
    if let Some(c) = caption {
        out.push(format!("## {}", escape(c)));
    }
    for (i, f) in rows.iter().enumerate() {
        if i == 0 && caption.is_none() {
            out.push(format!("## {}", escape(f.label.trim_end_matches(':'))));
            out.extend(f.paragraphs.iter().map(|p| escape(p)));
        } else {
            field_row(&mut out, f);
        }
    }
    out.join("\n\n")
}

fn block(b: &Block) -> String {
    match b {
        Block::Title { text } => format!("# {}", escape(text)),
        Block::Subtitle { text } => format!("## {}", escape(text)),
        Block::Section { text } => format!("## {}", escape(text)),
        Block::ItemHeading {
            number,
            title,
            restricted,
        } => format!(
            "### {}",
            escape(&item_heading_line(number.as_deref(), title, *restricted))
        ),
        Block::PartHeading {
            letter,
            title,
            restricted,
        } => format!(
            "#### {}",
            escape(&part_heading_line(letter, title, *restricted))
        ),
        Block::Field { label, runs: r } => format!("**{}** {}", escape(label), runs(r)),
        Block::Notice { text } => format!("> **{}**", escape(text)),
        Block::Paragraph { runs: r } => runs(r),
        Block::Bullets { items } => items
            .iter()
            .map(|i| list_item("- ", &runs(i)))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Numbered { start, items } => items
            .iter()
            .enumerate()
            .map(|(n, i)| list_item(&format!("{}. ", *start + n as u64), &runs(i)))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Outcome { verb, text, parts } => {
            let mut s = format!("**{}**", escape(verb));
            if !text.is_empty() {
                s.push(' ');
                s.push_str(&escape(text));
            }
            if !parts.is_empty() {
                s.push_str("\n\n");
                s.push_str(
                    &parts
                        .iter()
                        .enumerate()
                        .map(|(n, p)| list_item(&format!("{}. ", n + 1), &escape(p)))
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
            }
            s
        }
        Block::Line { text, .. } => format!("**{}**", escape(text)),
        Block::StandingText { text } => escape(text),
        Block::FieldTable { caption, rows, .. } => field_table(caption.as_deref(), rows),
        Block::Table { header, rows } => {
            let head: Vec<String> = header.iter().map(|h| escape(h)).collect();
            let mut lines = vec![row(&head), row(&vec!["---".to_string(); header.len()])];
            lines.extend(rows.iter().map(|r| {
                let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
                row(&cells)
            }));
            lines.join("\n")
        }
        Block::Key { labels, entries } => {
            let mut head = vec![escape(&labels.join(" "))];
            head.extend(entries.iter().map(|(n, _)| n.to_string()));
            let mut names = vec![String::new()];
            names.extend(entries.iter().map(|(_, l)| escape(l)));
            [
                row(&head),
                row(&vec!["---".to_string(); head.len()]),
                row(&names),
            ]
            .join("\n")
        }
    }
}

pub fn write(doc: &Document) -> String {
    let mut out: Vec<String> = Vec::new();
    if let Some(d) = &doc.draft {
        out.push(format!("**{}**", escape(d)));
    }
    if let Some(e) = &doc.exempt {
        out.push(format!("**{}**", escape(e)));
    }
    out.extend(doc.blocks.iter().map(block));
    let mut s = out.join("\n\n");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_html(md: &str) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(md));
        html
    }

    #[test]
    fn escaped_text_reads_literally_when_rendered() {
        for typed in [
            "<script>alert(1)</script>",
            "*not emphasis* and _nor this_",
            "[a link](javascript:alert(1))",
            "# not a heading",
            "- not a bullet",
            "2023. not a list",
            "&lt;b&gt; stays as typed",
            "> not a quote",
        ] {
            let html = to_html(&escape(typed));
            let expected = format!(
                "<p>{}</p>\n",
                typed
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            );
            assert_eq!(html, expected, "{typed}");
        }
    }
}
