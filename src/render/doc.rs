//! The neutral document that the minutes and agenda layouts produce and that
//! every writer (HTML, text, Markdown, Word) renders. The layout (what comes
//! in which order, what the public may see) is decided once, when the
//! document is built; writers only choose how each block looks.

use super::markup::{self, Inline, Runs};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// `minutes` or `agenda`.
    pub kind: &'static str,
    /// The document title, e.g. "DRAFT: Minutes — Safer Stockton Partnership — 19 July 2023".
    pub title: String,
    /// When set, the document is a draft: this text is shown at the top and
    /// on every page.
    pub draft: Option<String>,
    /// When set, the document contains exempt information: this text is
    /// shown at the top and on every page.
    pub exempt: Option<String>,
    pub blocks: Vec<Block>,
}

/// The words used for the markings, shared by every format.
pub const DRAFT_MARK: &str = "DRAFT";
pub const EXEMPT_BANNER: &str = "CONTAINS EXEMPT INFORMATION — NOT FOR PUBLICATION";

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// The name of the body, at the head of the document.
    Title {
        text: String,
    },
    /// "Minutes", "Agenda".
    Subtitle {
        text: String,
    },
    /// A heading between sections, e.g. "Items".
    Section {
        text: String,
    },
    /// An item: its minute number (if allocated) and title.
    ItemHeading {
        number: Option<String>,
        title: String,
        restricted: bool,
    },
    /// A lettered part of an item: "(a) Title".
    PartHeading {
        letter: String,
        title: String,
        restricted: bool,
    },
    /// "Present: …": a label and its text.
    Field {
        label: String,
        runs: Runs,
    },
    /// A statement set apart: a restriction, a cancellation.
    Notice {
        text: String,
    },
    Paragraph {
        runs: Runs,
    },
    Bullets {
        items: Vec<Runs>,
    },
    Numbered {
        start: u64,
        items: Vec<Runs>,
    },
    /// "AGREED that:-" and its numbered parts.
    Outcome {
        verb: String,
        text: String,
        parts: Vec<String>,
    },
}

impl Block {
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph {
            runs: vec![Inline::plain(text)],
        }
    }

    pub fn field(label: impl Into<String>, text: impl Into<String>) -> Block {
        Block::Field {
            label: label.into(),
            runs: vec![Inline::plain(text)],
        }
    }
}

impl From<markup::Block> for Block {
    fn from(b: markup::Block) -> Block {
        match b {
            markup::Block::Paragraph(runs) => Block::Paragraph { runs },
            markup::Block::Bullets(items) => Block::Bullets { items },
            markup::Block::Numbered { start, items } => Block::Numbered { start, items },
        }
    }
}

/// The blocks of a piece of minute text.
pub fn text_blocks(text: &str) -> impl Iterator<Item = Block> {
    markup::parse(text).into_iter().map(Block::from)
}

/// "SSP/8/23 iQuanta Report (Restricted)": how an item heading reads as one line.
pub fn item_heading_line(number: Option<&str>, title: &str, restricted: bool) -> String {
    let mut s = String::new();
    if let Some(n) = number {
        s.push_str(n);
        s.push(' ');
    }
    s.push_str(title);
    if restricted {
        s.push_str(" (Restricted)");
    }
    s
}

/// "(a) Title (Restricted)".
pub fn part_heading_line(letter: &str, title: &str, restricted: bool) -> String {
    let mut s = format!("({letter}) {title}");
    if restricted {
        s.push_str(" (Restricted)");
    }
    s
}

/// "AGREED that the report be noted.": the verb and text of an outcome.
pub fn outcome_line(verb: &str, text: &str) -> String {
    if text.is_empty() {
        verb.to_string()
    } else {
        format!("{verb} {text}")
    }
}
