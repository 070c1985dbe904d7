//! Minute text: plain text with light markup (paragraphs separated by blank
//! lines, `- ` / `* ` bullets, `1. ` numbered lists, `*emphasis*`,
//! `**strong**`), parsed with pulldown-cmark into a small neutral block list
//! that every output format renders.
//!
//! Raw HTML is never passed through: HTML blocks and inline HTML come out as
//! the literal text the clerk typed, which each writer then escapes for its
//! format. Links keep their text and show their address in brackets; no
//! user-supplied address ever becomes a live link.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// A run of text inside a paragraph or list item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
        emph: bool,
        strong: bool,
    },
    /// A link the service made itself (e.g. to a document); never from
    /// minute text.
    Link { text: String, url: String },
    /// A line break inside a paragraph or list item.
    Break,
}

impl Inline {
    pub fn plain(text: impl Into<String>) -> Inline {
        Inline::Text {
            text: text.into(),
            emph: false,
            strong: false,
        }
    }

    pub fn strong(text: impl Into<String>) -> Inline {
        Inline::Text {
            text: text.into(),
            emph: false,
            strong: true,
        }
    }
}

/// The text of a paragraph or list item: its runs.
pub type Runs = Vec<Inline>;

/// One block of minute text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Runs),
    Bullets(Vec<Runs>),
    Numbered { start: u64, items: Vec<Runs> },
}

/// The plain text of some runs, breaks as newlines.
pub fn plain_text(runs: &[Inline]) -> String {
    let mut s = String::new();
    for r in runs {
        match r {
            Inline::Text { text, .. } | Inline::Link { text, .. } => s.push_str(text),
            Inline::Break => s.push('\n'),
        }
    }
    s
}

struct ListFrame {
    ordered: bool,
    start: u64,
    items: Vec<Runs>,
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    /// The runs of the paragraph or list item being read.
    runs: Runs,
    /// The outermost list being read; nested lists are flattened into it.
    list: Option<ListFrame>,
    list_depth: usize,
    emph: usize,
    strong: usize,
    /// The links being read: their address and the text shown so far.
    links: Vec<(String, String)>,
    /// Inside an indented or fenced block, whose lines are kept.
    literal: bool,
    /// A line of literal text ended; the next one starts on a new line.
    pending_break: bool,
}

impl Builder {
    fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some((_, shown)) = self.links.last_mut() {
            shown.push_str(text);
        }
        let (emph, strong) = (self.emph > 0, self.strong > 0);
        if let Some(Inline::Text {
            text: last,
            emph: e,
            strong: s,
        }) = self.runs.last_mut()
        {
            if *e == emph && *s == strong {
                last.push_str(text);
                return;
            }
        }
        self.runs.push(Inline::Text {
            text: text.to_string(),
            emph,
            strong,
        });
    }

    fn push_break(&mut self) {
        if !self.runs.is_empty() && self.runs.last() != Some(&Inline::Break) {
            self.runs.push(Inline::Break);
        }
    }

    /// Lines of literal text (HTML or code), which may come a line per
    /// event: each line kept, breaks between.
    fn push_lines(&mut self, text: &str) {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.pending_break = true;
            }
            let line = line.trim_end_matches('\r');
            if !line.is_empty() {
                if std::mem::take(&mut self.pending_break) {
                    self.push_break();
                }
                self.push_text(line);
            }
        }
    }

    fn take_runs(&mut self) -> Option<Runs> {
        self.pending_break = false;
        while self.runs.last() == Some(&Inline::Break) {
            self.runs.pop();
        }
        let runs = std::mem::take(&mut self.runs);
        let blank = runs.iter().all(|r| match r {
            Inline::Text { text, .. } => text.trim().is_empty(),
            Inline::Link { .. } => false,
            Inline::Break => true,
        });
        (!blank).then_some(runs)
    }

    /// Ends a paragraph-like block: outside a list it becomes a paragraph;
    /// inside a list item it is kept and the next one starts on a new line.
    fn end_paragraph(&mut self) {
        if self.list.is_some() {
            self.push_break();
        } else if let Some(runs) = self.take_runs() {
            self.blocks.push(Block::Paragraph(runs));
        }
    }

    fn end_item(&mut self) {
        if let Some(runs) = self.take_runs() {
            if let Some(list) = self.list.as_mut() {
                list.items.push(runs);
            }
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) if self.literal => self.push_lines(&t),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::InlineHtml(t) => {
                self.push_text(&t)
            }
            Event::Html(t) | Event::DisplayMath(t) => self.push_lines(&t),
            Event::FootnoteReference(t) => self.push_text(&format!("[^{t}]")),
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => self.push_break(),
            Event::Rule => self.end_paragraph(),
            Event::TaskListMarker(done) => self.push_text(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } | Tag::HtmlBlock | Tag::CodeBlock(_) => {
                self.literal = matches!(tag, Tag::CodeBlock(_));
                if self.list.is_none() {
                    if let Some(runs) = self.take_runs() {
                        self.blocks.push(Block::Paragraph(runs));
                    }
                } else {
                    self.push_break();
                }
            }
            Tag::List(start) => {
                self.list_depth += 1;
                if self.list.is_none() {
                    if let Some(runs) = self.take_runs() {
                        self.blocks.push(Block::Paragraph(runs));
                    }
                    self.list = Some(ListFrame {
                        ordered: start.is_some(),
                        start: start.unwrap_or(1),
                        items: Vec::new(),
                    });
                } else {
                    // A nested list: its items follow the current one.
                    self.end_item();
                }
            }
            Tag::Item => self.end_item(),
            Tag::Emphasis => self.emph += 1,
            Tag::Strong => self.strong += 1,
            Tag::Link { dest_url, .. } => self.links.push((dest_url.to_string(), String::new())),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock | TagEnd::CodeBlock => {
                self.literal = false;
                self.end_paragraph()
            }
            TagEnd::Item => self.end_item(),
            TagEnd::List(_) => {
                self.list_depth = self.list_depth.saturating_sub(1);
                self.end_item();
                if self.list_depth == 0 {
                    if let Some(list) = self.list.take() {
                        if !list.items.is_empty() {
                            self.blocks.push(if list.ordered {
                                Block::Numbered {
                                    start: list.start,
                                    items: list.items,
                                }
                            } else {
                                Block::Bullets(list.items)
                            });
                        }
                    }
                }
            }
            TagEnd::Emphasis => self.emph = self.emph.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Link => {
                if let Some((url, shown)) = self.links.pop() {
                    let bare = url.trim_start_matches("mailto:");
                    if !url.is_empty() && shown.trim() != bare {
                        let (e, s) = (self.emph, self.strong);
                        self.emph = 0;
                        self.strong = 0;
                        self.push_text(&format!(" ({url})"));
                        self.emph = e;
                        self.strong = s;
                    }
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> Vec<Block> {
        if self.list.is_some() {
            self.list_depth = 1;
            self.end(TagEnd::List(false));
        }
        if let Some(runs) = self.take_runs() {
            self.blocks.push(Block::Paragraph(runs));
        }
        self.blocks
    }
}

/// Parses minute text into blocks. Raw HTML is kept as literal text.
pub fn parse(text: &str) -> Vec<Block> {
    let mut b = Builder::default();
    for event in Parser::new_ext(text, Options::empty()) {
        b.event(event);
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Inline {
        Inline::plain(text)
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_single_newlines_join() {
        let blocks = parse("First line\ncontinues.\n\nSecond paragraph.");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(vec![p("First line continues.")]),
                Block::Paragraph(vec![p("Second paragraph.")]),
            ]
        );
    }

    #[test]
    fn dash_and_star_bullets_become_one_list() {
        let blocks = parse("Points:\n\n- one\n- two\n\n* three");
        assert_eq!(blocks[0], Block::Paragraph(vec![p("Points:")]));
        assert_eq!(
            blocks[1],
            Block::Bullets(vec![vec![p("one")], vec![p("two")]])
        );
        assert_eq!(blocks[2], Block::Bullets(vec![vec![p("three")]]));
    }

    #[test]
    fn numbered_lists_keep_their_start() {
        let blocks = parse("1. first\n2. second\n\nthen\n\n3. third");
        assert_eq!(
            blocks[0],
            Block::Numbered {
                start: 1,
                items: vec![vec![p("first")], vec![p("second")]]
            }
        );
        assert_eq!(
            blocks[2],
            Block::Numbered {
                start: 3,
                items: vec![vec![p("third")]]
            }
        );
    }

    #[test]
    fn a_bullet_list_right_after_a_line_of_text_is_a_list() {
        let blocks = parse("Officers highlighted:\n- one\n- two");
        assert_eq!(blocks.len(), 2);
        assert!(matches!(&blocks[1], Block::Bullets(items) if items.len() == 2));
    }

    #[test]
    fn emphasis_and_strong_are_marked_on_runs() {
        let blocks = parse("a *quiet* and **loud** word");
        let Block::Paragraph(runs) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(
            runs,
            &vec![
                p("a "),
                Inline::Text {
                    text: "quiet".into(),
                    emph: true,
                    strong: false
                },
                p(" and "),
                Inline::strong("loud"),
                p(" word"),
            ]
        );
    }

    #[test]
    fn raw_html_is_kept_as_literal_text() {
        let blocks = parse("<script>alert(1)</script>\n\nHello <b onclick=\"x\">there</b>");
        let text: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(r) => plain_text(r),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(text[0], "<script>alert(1)</script>");
        assert_eq!(text[1], "Hello <b onclick=\"x\">there</b>");
    }

    #[test]
    fn links_show_their_address_as_text() {
        let blocks = parse("See [the plan](javascript:alert(1)) and <https://example.org>.");
        let Block::Paragraph(runs) = &blocks[0] else {
            panic!()
        };
        assert_eq!(
            plain_text(runs),
            "See the plan (javascript:alert(1)) and https://example.org."
        );
        assert!(runs.iter().all(|r| !matches!(r, Inline::Link { .. })));
    }

    #[test]
    fn nested_lists_are_flattened_in_order() {
        let blocks = parse("- a\n  - a1\n  - a2\n- b");
        assert_eq!(
            blocks,
            vec![Block::Bullets(vec![
                vec![p("a")],
                vec![p("a1")],
                vec![p("a2")],
                vec![p("b")]
            ])]
        );
    }

    #[test]
    fn loose_list_items_keep_their_paragraphs_on_separate_lines() {
        let blocks = parse("- first para\n\n  second para\n\n- next");
        assert_eq!(
            blocks,
            vec![Block::Bullets(vec![
                vec![p("first para"), Inline::Break, p("second para")],
                vec![p("next")]
            ])]
        );
    }

    #[test]
    fn indented_text_and_headings_stay_paragraphs() {
        let blocks = parse("# Heading\n\n    indented line one\n    line two\n\nafter");
        assert_eq!(blocks[0], Block::Paragraph(vec![p("Heading")]));
        assert_eq!(
            blocks[1],
            Block::Paragraph(vec![p("indented line one"), Inline::Break, p("line two")])
        );
        assert_eq!(blocks[2], Block::Paragraph(vec![p("after")]));
    }

    #[test]
    fn empty_text_has_no_blocks() {
        assert!(parse("").is_empty());
        assert!(parse("\n\n   \n").is_empty());
    }
}
