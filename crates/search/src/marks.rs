//! Marked text: the engines put [`MARK_START`] and [`MARK_END`] around the
//! words that matched; pages and the API turn them into `<mark>` or drop
//! them.

/// Marks the start and end of a match in the text the database returns.
/// Both are removed from indexed text, so they only ever come from the
/// engine.
pub const MARK_START: char = '\u{27E6}';
pub const MARK_END: char = '\u{27E7}';

/// A piece of marked text: matched or not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    pub text: String,
    pub matched: bool,
}

/// Splits marked text into matched and unmatched pieces (an unclosed mark
/// ends with the text).
pub fn segments(marked: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut cur = String::new();
    let mut matched = false;
    for c in marked.chars() {
        if c == MARK_START || c == MARK_END {
            if !cur.is_empty() {
                out.push(Segment {
                    text: std::mem::take(&mut cur),
                    matched,
                });
            }
            matched = c == MARK_START;
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(Segment { text: cur, matched });
    }
    out
}

/// Marked text as safe HTML: everything escaped, matches in `<mark>`.
pub fn marked_html(marked: &str) -> String {
    segments(marked)
        .into_iter()
        .map(|s| {
            let t = minutebook_render::html::escape(&s.text);
            if s.matched {
                format!("<mark>{t}</mark>")
            } else {
                t
            }
        })
        .collect()
}

/// Marked text without its marks.
pub fn marked_text(marked: &str) -> String {
    marked
        .chars()
        .filter(|c| *c != MARK_START && *c != MARK_END)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_mark_elements_and_text_is_escaped() {
        let s = "a <b> \u{27E6}patrol\u{27E7} & \u{27E6}c";
        assert_eq!(
            marked_html(s),
            "a &lt;b&gt; <mark>patrol</mark> &amp; <mark>c</mark>"
        );
        assert_eq!(marked_text(s), "a <b> patrol & c");
    }
}
