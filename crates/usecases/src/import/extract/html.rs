//! HTML (a modern.gov "Agenda and minutes" page saved from a browser) →
//! text: scripts, styles and the head dropped, block elements and table
//! cells on lines of their own, list items as bullets or, in a numbered
//! list, with the number a browser shows (`<ol start="2564">`), headings
//! marked `##` and bold marked `**` (the parser reads both as headings),
//! character references decoded (quick-xml's HTML entity table).

/// Elements whose content is never text of the page.
const SKIP: &[&str] = &["script", "style", "head", "noscript", "template", "svg"];
/// Elements that begin a line of their own.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "dt",
    "dd",
    "hr",
    "caption",
    "main",
    "nav",
    "form",
    "body",
];

/// The first number of a numbered list: `<ol start="2564">`.
fn list_start(tag: &str) -> i64 {
    let lower = tag.to_ascii_lowercase();
    lower
        .find("start")
        .and_then(|i| {
            let v = lower[i + 5..].trim_start().strip_prefix('=')?.trim_start();
            let v = v.trim_start_matches(['"', '\'']);
            let digits: String = v.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .unwrap_or(1)
}

fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after[1..].find([';', ' ', '&', '<']).map(|e| e + 1);
        match end {
            Some(e) if after.as_bytes().get(e) == Some(&b';') && e <= 12 => {
                let name = &after[1..e];
                let decoded = match name {
                    "nbsp" => Some(" ".to_string()),
                    _ => quick_xml::escape::resolve_html5_entity(name)
                        .map(str::to_string)
                        .or_else(|| {
                            let n = name.strip_prefix('#')?;
                            let code = match n.strip_prefix(['x', 'X']) {
                                Some(h) => u32::from_str_radix(h, 16).ok()?,
                                None => n.parse().ok()?,
                            };
                            char::from_u32(code).map(String::from)
                        }),
                };
                match decoded {
                    Some(d) => {
                        out.push_str(&d);
                        rest = &after[e + 1..];
                    }
                    None => {
                        out.push('&');
                        rest = &after[1..];
                    }
                }
            }
            _ => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of an HTML page, a line per block.
pub fn text(html: &str) -> String {
    let mut page = Page::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if page.skipping.is_none() {
            page.push_text(&rest[..lt]);
        }
        let after = &rest[lt + 1..];
        if after.starts_with("!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        page.tag(tag);
    }
    if page.skipping.is_none() {
        page.out.push_str(&decode(rest));
    }
    one_blank_line(&page.out)
}

/// A page's text as read so far.
#[derive(Default)]
struct Page {
    out: String,
    /// The element whose content is being skipped (`SKIP`).
    skipping: Option<String>,
    /// Open lists: the next number of a numbered list, or None for bullets.
    lists: Vec<Option<i64>>,
}

impl Page {
    /// The text between two tags, its whitespace run together.
    fn push_text(&mut self, chunk: &str) {
        let out = &mut self.out;
        let t = decode(&chunk.split_whitespace().collect::<Vec<_>>().join(" "));
        if !t.is_empty() {
            if chunk.starts_with(char::is_whitespace) && !out.ends_with(['\n', ' ']) {
                out.push(' ');
            }
            out.push_str(&t);
            if chunk.ends_with(char::is_whitespace) {
                out.push(' ');
            }
        }
    }

    /// One tag (between `<` and `>`): skipped content begins or ends, a
    /// list opens or closes, or the text gains a line, a bullet or a mark.
    fn tag(&mut self, tag: &str) {
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(s) = &self.skipping {
            if closing && *s == name {
                self.skipping = None;
            }
            return;
        }
        if !closing && SKIP.contains(&name.as_str()) && !tag.ends_with('/') {
            self.skipping = Some(name);
            return;
        }
        match (name.as_str(), closing) {
            ("ol", false) => self.lists.push(Some(list_start(tag))),
            ("ul", false) => self.lists.push(None),
            ("ol" | "ul", true) => {
                self.lists.pop();
            }
            _ => {}
        }
        self.mark(&name, closing);
    }

    /// What an element adds to the text: a list item's number or bullet,
    /// bold's `**`, a block's line break, a heading's `##`.
    fn mark(&mut self, name: &str, closing: bool) {
        let out = &mut self.out;
        if name == "li" && !closing {
            // A list inside a list is set in (an em space a level), so a
            // numbered sub-list does not read as the minutes' own numbers.
            let depth = "\u{2003}\u{2003}".repeat(self.lists.len().saturating_sub(1));
            match self.lists.last_mut() {
                Some(Some(n)) => {
                    out.push_str(&format!("\n{depth}{n}. "));
                    *n += 1;
                }
                _ => out.push_str(&format!("\n{depth}• ")),
            }
        } else if matches!(name, "strong" | "b") {
            out.push_str("**");
        } else if BLOCK.contains(&name) {
            let trimmed = out.trim_end_matches(' ').len();
            out.truncate(trimmed);
            out.push_str(if name == "br" { "\n" } else { "\n\n" });
            if !closing && matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                out.push_str("## ");
            }
        }
    }
}

/// At most one blank line between lines of text.
fn one_blank_line(out: &str) -> String {
    let mut clean = String::new();
    let mut blanks = 0;
    for l in out.lines() {
        let l = l.trim_matches(|c: char| c.is_whitespace() && c != '\u{2003}');
        if l.is_empty() {
            blanks += 1;
            continue;
        }
        if !clean.is_empty() {
            clean.push_str(if blanks > 0 { "\n\n" } else { "\n" });
        }
        blanks = 0;
        clean.push_str(l);
    }
    clean.push('\n');
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moderngov_table_reads_as_lines() {
        let html = r#"<html><head><title>x</title><style>p{}</style></head><body>
<h1>Agenda and minutes</h1><script>var a = "<p>no</p>";</script>
<table><tr><td>SSP/3/23</td><td><p>Serious Violence &ndash; Curve&nbsp;Update</p>
<p>Minutes:</p><p>Points:</p><ul><li>one &amp; two</li><li>three</li></ul>
<p>AGREED that the update be noted.</p></td></tr></table><!-- <p>gone</p> --></body></html>"#;
        assert_eq!(
            text(html),
            "## Agenda and minutes\n\nSSP/3/23\n\nSerious Violence – Curve Update\n\nMinutes:\n\nPoints:\n\n• one & two\n• three\n\nAGREED that the update be noted.\n"
        );
    }
}
