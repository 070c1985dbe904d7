//! The lines of a document as the parser reads them: hostile spacing
//! undone (a PDF text layer whose every space is TAB + CR + NO-BREAK SPACE),
//! Markdown escapes and emphasis removed with a mark kept for headings,
//! page numbers and a page header repeated on every page left out, and a
//! run-on paragraph (a whole meeting printed as one line) split before its
//! attendance labels, its item numbers and its bullets.

use regex::Regex;
use std::sync::LazyLock;

/// One line: its 1-based number in the source, its text (trimmed at the
/// end), how far it is set in, whether it was marked as a heading (a
/// Markdown `#`, an HTML heading, a paragraph wholly in bold), and whether
/// it was cut out of a run-on paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub no: usize,
    pub text: String,
    pub indent: usize,
    pub marked: bool,
    /// A Markdown or HTML heading's level (1–6); 9 for a paragraph in
    /// bold; 0 when not marked.
    pub level: u8,
    pub split: bool,
}

impl Line {
    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }
}

static PAGE_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|-\s*\d+\s*-|\d{1,3})\s*$")
        .unwrap_or_else(|_| unreachable!())
});

/// A PDF text layer's space as TAB, CR, (space,) NO-BREAK SPACE.
static HOSTILE_SPACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("\t\r ?\u{a0}").unwrap_or_else(|_| unreachable!()));

/// Markdown emphasis with one mark: "*Chair*", "_sic_".
static EMPHASIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|\s)\*([^*\s](?:[^*]*[^*\s])?)\*").unwrap_or_else(|_| unreachable!())
});

/// A Markdown escape: `1\.`, `\-`, `\*`, `\_`, `\[`, `\#`.
static MD_ESCAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\\([.\-*_\[\]#()!+>`~|])").unwrap_or_else(|_| unreachable!()));

/// A label of an attendance list inside a run-on paragraph.
static INLINE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|\s)((?:Members\s+)?Present|PRESENT|Also\s+[Pp]resent|ALSO PRESENT|In\s+[Aa]ttendance|IN ATTENDANCE|Apologies(?:\s+for\s+[Aa]bsence)?|APOLOGIES)\s*:",
    )
    .unwrap_or_else(|_| unreachable!())
});

/// An item number inside a run-on paragraph: "… 3. Approval of Minutes".
static INLINE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(\d{1,3})\.\s?[A-Z\x{2018}\x{201c}'\x22]")
        .unwrap_or_else(|_| unreachable!())
});

/// A number closing a line whose title is on the next: "… depression. 10."
static INLINE_END_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[.!?]\s+\d{1,3}\.$").unwrap_or_else(|_| unreachable!()));

/// The lines of a document, ready to read.
pub fn normalise(text: &str) -> Vec<Line> {
    let text = HOSTILE_SPACE.replace_all(text, " ").replace("\r\n", "\n");
    let text = strip_front_matter(&text);
    let mut out: Vec<Line> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let mut l: String = raw
            .chars()
            .map(|c| match c {
                '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2003}' | '\t' => ' ',
                c => c,
            })
            .filter(|c| !matches!(c, '\u{200b}' | '\u{feff}' | '\u{0c}' | '\r'))
            .collect();
        let mut level = 0u8;
        let t = l.trim();
        if (t.starts_with("**") && t.ends_with("**") && t.len() > 4)
            || (t.starts_with("__") && t.ends_with("__") && t.len() > 4)
        {
            level = 9;
        }
        l = l.replace("**", "").replace("__", "");
        l = EMPHASIS.replace_all(&l, "$1$2").into_owned();
        let trimmed = l.trim_start();
        if trimmed.starts_with('#') {
            let h = trimmed.trim_start_matches('#');
            if h.starts_with(' ') {
                level = u8::try_from(trimmed.len() - h.len()).unwrap_or(6).min(6);
                l = h.trim().to_string();
            }
        }
        let marked = level > 0;
        // A Markdown quotation ("> text") and a hard line break ("text\\").
        if let Some(q) = l.trim_start().strip_prefix('>') {
            l = q.trim_start_matches(['>', ' ']).to_string();
        }
        let l = l.trim_end();
        let l = l.strip_suffix('\\').unwrap_or(l);
        let l = MD_ESCAPE.replace_all(l, "$1").trim_end().to_string();
        if PAGE_FURNITURE.is_match(&l) {
            continue;
        }
        let indent = l.chars().take_while(|c| *c == ' ').count();
        out.push(Line {
            no: i + 1,
            text: l,
            indent,
            marked,
            level,
            split: false,
        });
    }
    let mut out = merge_word_per_line(out);
    drop_repeated_headers(&mut out);
    split_run_on(merge_run_on(out))
}

/// A document whose every word stands on a line of its own (a PDF text
/// layer whose spaces carry carriage returns, opened by a word processor
/// and saved again) is read a paragraph a line: the lines between blank
/// lines are joined.
fn merge_word_per_line(lines: Vec<Line>) -> Vec<Line> {
    let texts: Vec<&Line> = lines.iter().filter(|l| !l.trimmed().is_empty()).collect();
    let single = texts
        .iter()
        .filter(|l| l.trimmed().split_whitespace().count() == 1)
        .count();
    if texts.len() < 30 || single * 10 < texts.len() * 6 {
        return lines;
    }
    let mut out: Vec<Line> = Vec::new();
    let mut open = false;
    for l in lines {
        if l.trimmed().is_empty() {
            open = false;
            out.push(l);
            continue;
        }
        match out.last_mut() {
            Some(last) if open => {
                last.text = format!("{} {}", last.text.trim_end(), l.trimmed());
            }
            _ => {
                out.push(l);
                open = true;
            }
        }
    }
    out
}

/// A paragraph of several lines that holds item numbers or bullets in the
/// middle of its lines (a website's text wrapped anywhere) is one run-on
/// line.
fn merge_run_on(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut para: Vec<Line> = Vec::new();
    let flush = |para: &mut Vec<Line>, out: &mut Vec<Line>| {
        let len: usize = para.iter().map(|l| l.text.len()).sum();
        let inside = para
            .iter()
            .map(|l| {
                let t = l.trimmed();
                INLINE_NUMBER
                    .find_iter(t)
                    .filter(|m| m.start() > 0 && m.end() < t.len())
                    .count()
                    + t.matches(" • ").count()
                    + usize::from(t.len() > 4 && INLINE_END_NUMBER.is_match(t))
            })
            .sum::<usize>();
        if para.len() >= 2 && len > 400 && inside >= 2 {
            let text = para.iter().map(Line::trimmed).collect::<Vec<_>>().join(" ");
            out.push(Line {
                no: para[0].no,
                text,
                indent: 0,
                marked: false,
                level: 0,
                split: false,
            });
            para.clear();
        } else {
            out.append(para);
        }
    };
    for l in lines {
        if l.trimmed().is_empty() {
            flush(&mut para, &mut out);
            out.push(l);
        } else {
            para.push(l);
        }
    }
    flush(&mut para, &mut out);
    out
}

/// A Markdown document's YAML front matter (`---` … `---` at the top) is
/// the website's, not the minutes': its title and posting date would read
/// as the meeting's.
fn strip_front_matter(text: &str) -> String {
    let mut lines = text.lines();
    if lines.next().map(str::trim) != Some("---") {
        return text.to_string();
    }
    let mut rest = Vec::new();
    let mut closed = false;
    for l in text.lines().skip(1) {
        if !closed {
            if l.trim() == "---" {
                closed = true;
            }
            // Its title may name the meeting and its date ("Minutes for
            // AGM held Tuesday 5 December 2023"); its `date:` is when the
            // page was posted, so it is left out. The line count is kept.
            let title = l
                .strip_prefix("title:")
                .map(|t| t.trim().trim_matches(['"', '\'']).trim().to_string());
            rest.push(title.unwrap_or_default());
            continue;
        }
        rest.push(l.to_string());
    }
    if !closed {
        return text.to_string();
    }
    let mut s = String::from("\n");
    s.push_str(&rest.join("\n"));
    s
}

/// A page header printed again at the top of every page (a short line of
/// the first page's top seen three or more times, or twice in capitals) is
/// kept once.
fn drop_repeated_headers(lines: &mut Vec<Line>) {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for l in lines.iter() {
        let t = l.trimmed();
        if !t.is_empty() && t.len() <= 80 {
            *counts.entry(t.to_string()).or_default() += 1;
        }
    }
    // A page header stands at the top of the first page too.
    let top: std::collections::HashSet<String> = lines
        .iter()
        .map(|l| l.trimmed().to_string())
        .filter(|t| !t.is_empty())
        .take(5)
        .collect();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    lines.retain(|l| {
        let t = l.trimmed();
        if !top.contains(t) {
            return true;
        }
        let n = counts.get(t).copied().unwrap_or(0);
        let words = t.split_whitespace().count();
        let caps = t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase);
        let header = (n >= 2 && caps && words >= 2) || (n >= 3 && words >= 3);
        // A sentence or a label is not a page header.
        if !header || t.ends_with([':', '.']) {
            return true;
        }
        seen.insert(t.to_string())
    });
}

/// Splits a long line (a whole meeting printed as one paragraph) before
/// its attendance labels, its item numbers (a run 1, 2, 3 … in order) and
/// its bullets, so that each reads as a line of its own.
fn split_run_on(lines: Vec<Line>) -> Vec<Line> {
    const LONG: usize = 400;
    if !lines.iter().any(|l| l.text.len() > LONG) {
        return lines;
    }
    // The run of item numbers, over all long lines in order.
    let mut cuts: Vec<Vec<usize>> = vec![Vec::new(); lines.len()];
    let mut expect: Option<u32> = None;
    for (i, l) in lines.iter().enumerate() {
        if l.text.len() <= LONG {
            // A line-start number carries the run on.
            if let Some(c) = INLINE_NUMBER.captures(l.trimmed()) {
                if c.get(0).is_some_and(|m| m.start() == 0) {
                    if let Ok(n) = c[1].parse::<u32>() {
                        if expect.is_none_or(|e| n == e) {
                            expect = Some(n + 1);
                        }
                    }
                }
            }
            continue;
        }
        for c in INLINE_NUMBER.captures_iter(&l.text) {
            let Some(m) = c.get(1) else { continue };
            let Ok(n) = m.as_str().parse::<u32>() else {
                continue;
            };
            let ok = match expect {
                None => n == 1,
                Some(e) => n == e,
            };
            if ok {
                cuts[i].push(m.start());
                expect = Some(n + 1);
            }
        }
        for m in INLINE_LABEL.captures_iter(&l.text) {
            if let Some(g) = m.get(1) {
                cuts[i].push(g.start());
            }
        }
        for (at, _) in l.text.match_indices(" • ") {
            cuts[i].push(at + 1);
        }
    }
    let mut out = Vec::with_capacity(lines.len());
    for (l, mut at) in lines.into_iter().zip(cuts) {
        if at.is_empty() {
            out.push(l);
            continue;
        }
        at.sort_unstable();
        at.dedup();
        let mut start = 0;
        for cut in at.into_iter().chain(std::iter::once(l.text.len())) {
            if cut <= start || !l.text.is_char_boundary(cut) {
                continue;
            }
            let piece = l.text[start..cut].trim();
            if !piece.is_empty() {
                out.push(Line {
                    no: l.no,
                    text: piece.to_string(),
                    indent: 0,
                    marked: false,
                    level: 0,
                    split: true,
                });
            }
            start = cut;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(v: &[Line]) -> Vec<&str> {
        v.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn hostile_spacing_is_undone() {
        let l = normalise("MINUTES\t\r \u{a0}OF\t\r\u{a0}A\t\r \u{a0}MEETING\n");
        assert_eq!(texts(&l), ["MINUTES OF A MEETING"]);
    }

    #[test]
    fn markdown_marks_and_escapes() {
        let l = normalise("## Minutes\n\n1\\. Apologies\n**Planning**\n");
        assert_eq!(texts(&l), ["Minutes", "", "1. Apologies", "Planning"]);
        assert!(l[0].marked && l[3].marked && !l[2].marked);
    }

    #[test]
    fn front_matter_is_the_website_s() {
        let l = normalise("---\ntitle: \"X\"\ndate: \"2020-02-25\"\n---\n\nBody\n");
        let texts: Vec<&str> = l
            .iter()
            .map(|l| l.trimmed())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(texts, ["X", "Body"]);
        assert_eq!(l.iter().find(|l| l.text == "Body").unwrap().no, 6);
    }

    #[test]
    fn page_headers_are_kept_once() {
        let l = normalise("PARISH COUNCIL\n1. A\ntext\n1\nPARISH COUNCIL\n2. B\n");
        assert_eq!(texts(&l), ["PARISH COUNCIL", "1. A", "text", "2. B"]);
        // A line in capitals printed twice further down is the minutes' own.
        let l =
            normalise("Minutes\nPresent: A\n1. A\none\ntwo\nthree\nNO COMMENT\n2. B\nNO COMMENT\n");
        assert_eq!(texts(&l).iter().filter(|t| **t == "NO COMMENT").count(), 2);
    }

    #[test]
    fn a_run_on_paragraph_is_split() {
        let long = format!(
            "MINUTES OF X HELD ON 4TH NOVEMBER 2019 Present: Cllr A, Cllr B. Also present: 1 member of the public 1. Apologies from Cllr C. 2. Declarations: none. {} 3. Approval of Minutes: agreed • one • two",
            "words ".repeat(60)
        );
        let l = normalise(&long);
        let t = texts(&l);
        assert!(t[0].starts_with("MINUTES OF X"));
        assert_eq!(t[1], "Present: Cllr A, Cllr B.");
        assert_eq!(t[2], "Also present: 1 member of the public");
        assert_eq!(t[3], "1. Apologies from Cllr C.");
        assert!(t[4].starts_with("2. Declarations: none."));
        assert_eq!(t[5], "3. Approval of Minutes: agreed");
        assert_eq!(t[6], "• one");
        assert!(l.iter().all(|x| x.split && x.no == 1));
    }
}
