//! The neutral document that every layout (minutes, agenda, progress report,
//! action plan) produces and that every writer (HTML, text, Markdown, Word)
//! renders. The layout (what comes in which order, what the public may see)
//! is decided once, when the document is built; writers only choose how
//! each block looks, in the document's [`House`] style.

use super::markup::{self, Inline, Runs};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// `minutes`, `agenda`, `progress-report` or `action-plan`.
    pub kind: &'static str,
    /// The document title, e.g. "DRAFT: Minutes — Safer Stockton Partnership — 19 July 2023".
    pub title: String,
    pub house: House,
    /// Wide tables: the page is set landscape.
    pub landscape: bool,
    /// When set, the document is a draft: this text is shown at the top and
    /// on every page.
    pub draft: Option<String>,
    /// When set, the document contains exempt information: this text is
    /// shown at the top and on every page.
    pub exempt: Option<String>,
    pub blocks: Vec<Block>,
}

/// The house style a document is set in: the page, the typography, and the
/// one place where the two families present a block differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum House {
    /// Minutes and agendas: 2 cm margins, Word heading styles for items,
    /// real lists, the DRAFT and exempt marks on every page; in plain text
    /// the title is underlined.
    Meeting,
    /// Scrutiny reports: 1.5 cm margins, tables a clerk can edit, a blank
    /// line after each table; in plain text the title stands alone.
    Scrutiny,
}

/// The words used for the markings, shared by every format.
pub const DRAFT_MARK: &str = "DRAFT";
pub const EXEMPT_BANNER: &str = "CONTAINS EXEMPT INFORMATION — NOT FOR PUBLICATION";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// A line on its own, in bold: "APPENDIX 1", a committee's name.
    /// `right`: against the right margin (in HTML the page's CSS places it).
    Line {
        text: String,
        right: bool,
    },
    /// Text every document of its kind carries (the progress report's
    /// standard paragraph), set apart from what follows.
    StandingText {
        text: String,
    },
    /// A two-column table of labels and values, with an optional caption row.
    FieldTable {
        caption: Option<String>,
        /// Names the table for the page's CSS: `review`, `recommendation`.
        class: &'static str,
        rows: Vec<FieldRow>,
    },
    /// A table with a header row; each cell a list of paragraphs.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<Vec<String>>>,
    },
    /// A key to the codes a document uses: the label (in two lines) spans
    /// two rows, the codes over what they mean, e.g. "Assessment of
    /// Progress Gradings: 1 Fully Achieved, 2 On-Track, …".
    Key {
        labels: [&'static str; 2],
        entries: Vec<(u8, &'static str)>,
    },
}

/// One row of a [`Block::FieldTable`]: the value is a list of paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldRow {
    pub label: String,
    /// Said after the label in smaller type: "(include explanation if required)".
    pub hint: Option<String>,
    pub paragraphs: Vec<String>,
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
