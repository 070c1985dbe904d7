//! Word (.docx) with `docx-rs`: the progress report's label/value tables,
//! the action plan's five-column table (on a landscape page) and the
//! grading key, as real Word tables a clerk can edit.

use super::{Block, Document, Field};
use crate::error::{AppError, AppResult};
use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, PageOrientationType, Paragraph, Run, RunFonts,
    Shading, ShdType, Style, StyleType, Table, TableCell, TableRow, VMergeType, WidthType,
};

/// A4 in twentieths of a point.
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;
/// 1.5 cm.
const MARGIN: i32 = 850;
const HEAD_FILL: &str = "D9D9D9";
const LABEL_FILL: &str = "F2F2F2";

/// Drops characters XML 1.0 does not allow (control characters pasted
/// with the text), which would make Word refuse the file.
fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..))
        .collect()
}

fn run(text: &str) -> Run {
    Run::new().add_text(xml_safe(text))
}

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text))
}

fn shade(fill: &str) -> Shading {
    Shading::new()
        .shd_type(ShdType::Clear)
        .color("auto")
        .fill(fill)
}

/// A cell of paragraphs (Word needs at least one paragraph in a cell).
fn cell(paragraphs: impl IntoIterator<Item = Paragraph>, width: usize) -> TableCell {
    let mut c = TableCell::new().width(width, WidthType::Dxa);
    let mut any = false;
    for p in paragraphs {
        c = c.add_paragraph(p);
        any = true;
    }
    if !any {
        c = c.add_paragraph(Paragraph::new());
    }
    c
}

fn text_cell(paragraphs: &[String], width: usize) -> TableCell {
    cell(paragraphs.iter().map(|p| para(p)), width)
}

fn field_row(f: &Field, widths: [usize; 2]) -> TableRow {
    let mut label = Paragraph::new().add_run(run(&f.label).bold());
    if let Some(h) = &f.hint {
        label = label.add_run(run(&format!(" {h}")).size(18));
    }
    TableRow::new(vec![
        cell([label], widths[0]).shading(shade(LABEL_FILL)),
        text_cell(&f.paragraphs, widths[1]),
    ])
}

fn fields_table(caption: &Option<String>, rows: &[Field], width: usize) -> Table {
    let widths = [width * 3 / 10, width - width * 3 / 10];
    let mut trs = Vec::new();
    if let Some(c) = caption {
        trs.push(TableRow::new(vec![cell(
            [Paragraph::new().add_run(run(c).bold())],
            width,
        )
        .grid_span(2)
        .shading(shade(HEAD_FILL))]));
    }
    trs.extend(rows.iter().map(|f| field_row(f, widths)));
    Table::new(trs)
        .set_grid(widths.to_vec())
        .width(width, WidthType::Dxa)
}

/// Column widths for a grid: the first two (recommendation, action) wide.
fn grid_widths(columns: usize, width: usize) -> Vec<usize> {
    if columns == 5 {
        let narrow = [width * 16 / 100, width * 10 / 100, width * 12 / 100];
        let wide = (width - narrow.iter().sum::<usize>()) / 2;
        vec![wide, wide, narrow[0], narrow[1], narrow[2]]
    } else {
        vec![width / columns.max(1); columns]
    }
}

fn grid_table(header: &[String], rows: &[Vec<Vec<String>>], width: usize) -> Table {
    let widths = grid_widths(header.len(), width);
    let mut trs = vec![TableRow::new(
        header
            .iter()
            .zip(&widths)
            .map(|(h, w)| {
                cell([Paragraph::new().add_run(run(h).bold())], *w).shading(shade(HEAD_FILL))
            })
            .collect(),
    )
    .cant_split()];
    for r in rows {
        trs.push(TableRow::new(
            r.iter()
                .zip(&widths)
                .map(|(c, w)| text_cell(c, *w))
                .collect(),
        ));
    }
    Table::new(trs)
        .set_grid(widths)
        .width(width, WidthType::Dxa)
}

fn key_table(labels: &[&str; 2], grades: &[(u8, &str)], width: usize) -> Table {
    let label_w = width * 3 / 10;
    let w = (width - label_w) / grades.len().max(1);
    let centred = |t: &str, bold: bool| {
        let r = if bold { run(t).bold() } else { run(t) };
        Paragraph::new().align(AlignmentType::Center).add_run(r)
    };
    let mut top = vec![cell(
        [Paragraph::new().add_run(run(&labels.join(" ")).bold())],
        label_w,
    )
    .vertical_merge(VMergeType::Restart)
    .shading(shade(LABEL_FILL))];
    top.extend(
        grades
            .iter()
            .map(|(n, _)| cell([centred(&n.to_string(), true)], w)),
    );
    let mut bottom = vec![cell(Vec::<Paragraph>::new(), label_w)
        .vertical_merge(VMergeType::Continue)
        .shading(shade(LABEL_FILL))];
    bottom.extend(grades.iter().map(|(_, l)| cell([centred(l, false)], w)));
    let mut grid = vec![label_w];
    grid.extend(std::iter::repeat_n(w, grades.len()));
    Table::new(vec![
        TableRow::new(top).cant_split(),
        TableRow::new(bottom).cant_split(),
    ])
    .set_grid(grid)
    .width(width, WidthType::Dxa)
}

fn styles(d: Docx) -> Docx {
    d.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(28)
            .line_spacing(LineSpacing::new().before(120).after(240)),
    )
}

pub fn write(doc: &Document) -> AppResult<Vec<u8>> {
    let (page_w, page_h) = if doc.landscape {
        (A4_LONG, A4_SHORT)
    } else {
        (A4_SHORT, A4_LONG)
    };
    let width = (page_w as i32 - 2 * MARGIN).max(1000) as usize;
    let mut d = Docx::new()
        .page_size(page_w, page_h)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
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
        d = d.page_orient(PageOrientationType::Landscape);
    }
    d = styles(d);
    let gap = || Paragraph::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        d = match b {
            Block::Line { text } => {
                let mut p = Paragraph::new().add_run(run(text).bold());
                if doc.kind == "progress-report" && i == 0 {
                    p = p.align(AlignmentType::Right);
                }
                d.add_paragraph(p)
            }
            Block::Title { text } => {
                d.add_paragraph(Paragraph::new().style("Title").add_run(run(text)))
            }
            Block::Paragraph { text } => d.add_paragraph(para(text)).add_paragraph(gap()),
            Block::Fields { caption, rows, .. } => d
                .add_table(fields_table(caption, rows, width))
                .add_paragraph(gap()),
            Block::Grid { header, rows } => d
                .add_table(grid_table(header, rows, width))
                .add_paragraph(gap()),
            // Word wants a paragraph after a table that ends the document.
            Block::GradingKey { labels, grades } => d
                .add_table(key_table(labels, grades, width))
                .add_paragraph(gap()),
        };
    }
    let mut out = std::io::Cursor::new(Vec::new());
    d.pack(&mut out)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("building the Word document: {e}")))?;
    Ok(out.into_inner())
}
