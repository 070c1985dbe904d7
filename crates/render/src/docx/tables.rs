//! Word tables: a label/value table (the progress report's review and each
//! recommendation), a grid with a header row (the action plan's five
//! columns) and a key (the grading key), with widths in twentieths of a
//! point across the width between the margins.

use super::run;
use crate::doc::FieldRow;
use docx_rs::{
    AlignmentType, Paragraph, Shading, ShdType, Table, TableCell, TableRow, VMergeType, WidthType,
};

const HEAD_FILL: &str = "D9D9D9";
const LABEL_FILL: &str = "F2F2F2";

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

fn field_row(f: &FieldRow, widths: [usize; 2]) -> TableRow {
    let mut label = Paragraph::new().add_run(run(&f.label).bold());
    if let Some(h) = &f.hint {
        label = label.add_run(run(&format!(" {h}")).size(18));
    }
    TableRow::new(vec![
        cell([label], widths[0]).shading(shade(LABEL_FILL)),
        text_cell(&f.paragraphs, widths[1]),
    ])
}

/// Labels (shaded, 30 %) beside their values, under a caption row.
pub fn fields(caption: Option<&str>, rows: &[FieldRow], width: usize) -> Table {
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

/// Column widths for a grid: of five, the first two (recommendation,
/// action) wide.
fn grid_widths(columns: usize, width: usize) -> Vec<usize> {
    if columns == 5 {
        let narrow = [width * 16 / 100, width * 10 / 100, width * 12 / 100];
        let wide = (width - narrow.iter().sum::<usize>()) / 2;
        vec![wide, wide, narrow[0], narrow[1], narrow[2]]
    } else {
        vec![width / columns.max(1); columns]
    }
}

/// A header row that is not split across pages, then a row per entry.
pub fn grid(header: &[String], rows: &[Vec<Vec<String>>], width: usize) -> Table {
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

/// The label spanning two rows, the codes (bold, centred) over what they
/// mean.
pub fn key(labels: &[&str; 2], entries: &[(u8, &str)], width: usize) -> Table {
    let label_w = width * 3 / 10;
    let w = (width - label_w) / entries.len().max(1);
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
        entries
            .iter()
            .map(|(n, _)| cell([centred(&n.to_string(), true)], w)),
    );
    let mut bottom = vec![cell(Vec::<Paragraph>::new(), label_w)
        .vertical_merge(VMergeType::Continue)
        .shading(shade(LABEL_FILL))];
    bottom.extend(entries.iter().map(|(_, l)| cell([centred(l, false)], w)));
    let mut grid = vec![label_w];
    grid.extend(std::iter::repeat_n(w, entries.len()));
    Table::new(vec![
        TableRow::new(top).cant_split(),
        TableRow::new(bottom).cant_split(),
    ])
    .set_grid(grid)
    .width(width, WidthType::Dxa)
}
