//! Word (.docx) with `docx-rs`: A4, real heading styles (so Word's
//! navigation pane shows the items), real numbered and bulleted lists, real
//! tables a clerk can edit ([`tables`]), the DRAFT and exempt marks in the
//! page header of every page.

mod tables;

use super::doc::{part_heading_line, Block, Document, House};
use super::markup::{Inline, Runs};
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, Header, Hyperlink, HyperlinkType,
    IndentLevel, Level, LevelJc, LevelOverride, LevelText, LineSpacing, NumberFormat, Numbering,
    NumberingId, PageMargin, PageOrientationType, Paragraph, Run, RunFonts, SpecialIndentType,
    Start, Style, StyleType, Table,
};
use minutebook_ground::error::{AppError, AppResult};

/// A4 in twentieths of a point.
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;

const BULLET_ABSTRACT: usize = 2;
const DECIMAL_ABSTRACT: usize = 3;
/// The one numbering instance all bullet lists share.
const BULLETS: usize = 2;
/// Numbered lists each get their own instance from here on, so each
/// starts again at its own first number.
const FIRST_NUMBERED: usize = 3;

const RED: &str = "8A1C1C";

/// Drops characters XML 1.0 does not allow (control characters a user may
/// have pasted), which would make Word refuse the file.
fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..))
        .collect()
}

/// The page margin of a house style: 2 cm for meeting documents, 1.5 cm for
/// scrutiny reports.
fn margin(house: House) -> i32 {
    match house {
        House::Meeting => 1134,
        House::Scrutiny => 850,
    }
}

fn run(text: &str) -> Run {
    Run::new().add_text(xml_safe(text))
}

fn with_runs(mut p: Paragraph, rs: &[Inline]) -> Paragraph {
    for r in rs {
        p = match r {
            Inline::Text { text, emph, strong } => {
                let mut r = run(text);
                if *strong {
                    r = r.bold();
                }
                if *emph {
                    r = r.italic();
                }
                p.add_run(r)
            }
            Inline::Link { text, url } => {
                let r = run(text).color("1F4E79").underline("single");
                if url.starts_with("http://") || url.starts_with("https://") {
                    p.add_hyperlink(
                        Hyperlink::new(xml_safe(url), HyperlinkType::External).add_run(r),
                    )
                } else {
                    p.add_run(r)
                }
            }
            Inline::Break => p.add_run(Run::new().add_break(BreakType::TextWrapping)),
        };
    }
    p
}

/// The paragraph styles of a house style.
fn styles(d: Docx, house: House) -> Docx {
    match house {
        House::Meeting => meeting_styles(d),
        House::Scrutiny => d.add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .bold()
                .size(28)
                .line_spacing(LineSpacing::new().before(120).after(240)),
        ),
    }
}

fn meeting_styles(d: Docx) -> Docx {
    let heading = |id: &str, name: &str, size: usize, level: usize, before: u32| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(size)
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(before).after(120))
    };
    d.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(36)
            .line_spacing(LineSpacing::new().after(60)),
    )
    .add_style(
        Style::new("Subtitle", StyleType::Paragraph)
            .name("Subtitle")
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(28)
            .line_spacing(LineSpacing::new().after(240)),
    )
    .add_style(heading("Heading1", "heading 1", 28, 0, 360))
    .add_style(heading("Heading2", "heading 2", 24, 1, 360))
    .add_style(heading("Heading3", "heading 3", 22, 2, 200))
    .add_style(
        Style::new("Notice", StyleType::Paragraph)
            .name("Notice")
            .based_on("Normal")
            .bold()
            .color(RED),
    )
    .add_style(
        Style::new("Mark", StyleType::Paragraph)
            .name("Mark")
            .based_on("Normal")
            .bold()
            .color(RED)
            .align(AlignmentType::Center),
    )
}

fn numbering(d: Docx) -> Docx {
    d.add_abstract_numbering(
        AbstractNumbering::new(BULLET_ABSTRACT).add_level(
            Level::new(
                0,
                Start::new(1),
                NumberFormat::new("bullet"),
                LevelText::new("•"),
                LevelJc::new("left"),
            )
            .indent(Some(720), Some(SpecialIndentType::Hanging(360)), None, None),
        ),
    )
    .add_abstract_numbering(
        AbstractNumbering::new(DECIMAL_ABSTRACT).add_level(
            Level::new(
                0,
                Start::new(1),
                NumberFormat::new("decimal"),
                LevelText::new("%1."),
                LevelJc::new("left"),
            )
            .indent(Some(720), Some(SpecialIndentType::Hanging(360)), None, None),
        ),
    )
    .add_numbering(Numbering::new(BULLETS, BULLET_ABSTRACT))
}

/// A paragraph or a table of the body, in order.
enum Child {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// Collects the body's paragraphs, tables and list numberings, added to the
/// document at the end.
struct Writer {
    children: Vec<Child>,
    numberings: Vec<Numbering>,
    /// The width between the margins, for tables.
    width: usize,
}

impl Writer {
    fn add(&mut self, p: Paragraph) {
        self.children.push(Child::Paragraph(Box::new(p)));
    }

    /// A table, and the blank paragraph that sets it apart from what
    /// follows (Word also wants a paragraph after a table that ends the
    /// document).
    fn table(&mut self, t: Table) {
        self.children.push(Child::Table(Box::new(t)));
        self.add(Paragraph::new());
    }

    fn styled(&mut self, style: &str, text: &str) {
        self.add(Paragraph::new().style(style).add_run(run(text)));
    }

    /// A numbered list that starts at `start`, with its own numbering.
    fn numbered<'a>(&mut self, start: u64, items: impl Iterator<Item = Paragraph> + 'a) {
        let id = FIRST_NUMBERED + self.numberings.len();
        self.numberings.push(
            Numbering::new(id, DECIMAL_ABSTRACT)
                .add_override(LevelOverride::new(0).start(start as usize)),
        );
        for p in items {
            self.add(p.numbering(NumberingId::new(id), IndentLevel::new(0)));
        }
    }

    /// An item's heading: its minute number (if allocated), a tab, its
    /// title, and the restricted mark in red.
    fn item_heading(&mut self, number: Option<&str>, title: &str, restricted: bool) {
        let mut p = Paragraph::new().style("Heading2").keep_next(true);
        if let Some(n) = number {
            p = p.add_run(run(n)).add_run(Run::new().add_tab());
        }
        p = p.add_run(run(title));
        if restricted {
            p = p.add_run(run(" (Restricted)").color(RED));
        }
        self.add(p);
    }

    /// A bulleted list, on the numbering all bullet lists share.
    fn bullets(&mut self, items: &[Runs]) {
        for i in items {
            self.add(
                with_runs(Paragraph::new(), i)
                    .numbering(NumberingId::new(BULLETS), IndentLevel::new(0)),
            );
        }
    }

    /// "AGREED that:-" in bold with its text, then its parts as a list
    /// numbered from 1 (the verb kept with the list that follows).
    fn outcome(&mut self, verb: &str, text: &str, parts: &[String]) {
        let mut p = Paragraph::new().add_run(run(verb).bold());
        if !text.is_empty() {
            p = p.add_run(run(&format!(" {text}")));
        }
        self.add(p.keep_next(!parts.is_empty()));
        if !parts.is_empty() {
            let ps: Vec<Paragraph> = parts
                .iter()
                .map(|t| Paragraph::new().add_run(run(t)))
                .collect();
            self.numbered(1, ps.into_iter());
        }
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Title { text } => self.styled("Title", text),
            Block::Subtitle { text } => self.styled("Subtitle", text),
            Block::Section { text } => self.styled("Heading1", text),
            Block::ItemHeading {
                number,
                title,
                restricted,
            } => self.item_heading(number.as_deref(), title, *restricted),
            Block::PartHeading {
                letter,
                title,
                restricted,
            } => {
                let p = Paragraph::new()
                    .style("Heading3")
                    .keep_next(true)
                    .indent(Some(360), None, None, None)
                    .add_run(run(&part_heading_line(letter, title, *restricted)));
                self.add(p);
            }
            Block::Field { label, runs } => {
                let p = Paragraph::new()
                    .add_run(run(label).bold())
                    .add_run(run(" "));
                self.add(with_runs(p, runs));
            }
            Block::Notice { text } => self.styled("Notice", text),
            Block::Paragraph { runs } => self.add(with_runs(Paragraph::new(), runs)),
            Block::Bullets { items } => self.bullets(items),
            Block::Numbered { start, items } => {
                let ps: Vec<Paragraph> = items
                    .iter()
                    .map(|i| with_runs(Paragraph::new(), i))
                    .collect();
                self.numbered(*start, ps.into_iter());
            }
            Block::Outcome { verb, text, parts } => self.outcome(verb, text, parts),
            Block::Line { text, right } => {
                let mut p = Paragraph::new().add_run(run(text).bold());
                if *right {
                    p = p.align(AlignmentType::Right);
                }
                self.add(p);
            }
            Block::StandingText { text } => {
                self.add(Paragraph::new().add_run(run(text)));
                self.add(Paragraph::new());
            }
            Block::FieldTable { caption, rows, .. } => {
                self.table(tables::fields(caption.as_deref(), rows, self.width))
            }
            Block::Table { header, rows } => self.table(tables::grid(header, rows, self.width)),
            Block::Key { labels, entries } => self.table(tables::key(labels, entries, self.width)),
        }
    }
}

/// The marks every page carries: DRAFT, exempt information.
fn header(doc: &Document) -> Option<Header> {
    let marks: Vec<&String> = doc.draft.iter().chain(doc.exempt.iter()).collect();
    if marks.is_empty() {
        return None;
    }
    let mut h = Header::new();
    for m in marks {
        h = h.add_paragraph(Paragraph::new().style("Mark").add_run(run(m)));
    }
    Some(h)
}

pub fn write(doc: &Document) -> AppResult<Vec<u8>> {
    let (page_w, page_h) = if doc.landscape {
        (A4_LONG, A4_SHORT)
    } else {
        (A4_SHORT, A4_LONG)
    };
    let margin = margin(doc.house);
    let mut base = Docx::new()
        .page_size(page_w, page_h)
        .page_margin(
            PageMargin::new()
                .top(margin)
                .bottom(margin)
                .left(margin)
                .right(margin)
                .header(567)
                .footer(567),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Arial")
                .hi_ansi("Arial")
                .cs("Arial")
                .east_asia("Arial"),
        )
        .default_size(22);
    if doc.landscape {
        base = base.page_orient(PageOrientationType::Landscape);
    }
    base = styles(base, doc.house);
    if doc.house == House::Meeting {
        base = numbering(base);
    }
    if let Some(h) = header(doc) {
        base = base.header(h);
    }
    let mut w = Writer {
        children: Vec::new(),
        numberings: Vec::new(),
        width: (page_w as i32 - 2 * margin).max(1000) as usize,
    };
    // The marks open the document as well as heading every page.
    if let Some(d) = &doc.draft {
        w.styled("Mark", d);
    }
    if let Some(e) = &doc.exempt {
        w.styled("Mark", e);
    }
    for b in &doc.blocks {
        w.block(b);
    }
    for n in w.numberings {
        base = base.add_numbering(n);
    }
    for c in w.children {
        base = match c {
            Child::Paragraph(p) => base.add_paragraph(*p),
            Child::Table(t) => base.add_table(*t),
        };
    }
    let mut out = std::io::Cursor::new(Vec::new());
    base.pack(&mut out)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("building the Word document: {e}")))?;
    Ok(out.into_inner())
}
