//! Aligned text tables for people, drawn with comfy-table; with
//! `color`, increases are green and decreases red (ANSI colours, which
//! comfy-table leaves out of its width measurements).
//!
//! Columns empty in every row are left out. Given a width (a terminal's),
//! a table fits it: figures keep their width, names and other text wrap,
//! and the notes of a `diff` move under the table. Without one (output to
//! a pipe or a file), every row is one line, however wide.
//!
//! A table is drawn in two passes over its rows, so that it is never held
//! whole: the first folds what the decisions above need of each column
//! into [`SectionStats`]; from those alone a [`TableDrawing`] decides the
//! columns and their widths; the second draws the rows a stretch at a
//! time, each stretch with comfy-table at those fixed widths (comfy-table
//! draws a row from its own cells and the widths only, so the stretches
//! put together are the one table). Lines that go under the table take a
//! pass of their own.

use std::io::Write;

use std::borrow::Cow;

use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, Width, presets};

use crate::quote::{log_line, visible, visible_lines};
use crate::render::laid_once::write_laid_once;
use crate::render::layout::{LayoutRow, LazySection, Section, TakeRows, Tone};
use crate::render::table_body::{BodyPainter, DrawnCell};
use crate::render::wrap::{pieces, width_of, wrap, wrap_name};
use crate::render::{DisplayOptions, DrawsSections};

/// Rows drawn into one comfy-table at a time.
mod fit;
mod stats;

use fit::*;
pub(super) use fit::{INDENT, MAX_NAME_LINES};
use stats::*;
pub use stats::{RowText, SectionStats};

const STRETCH_ROWS: usize = 4096;

pub struct TableRenderer;

impl DrawsSections for TableRenderer {
    fn draw(&self, sections: &[Section], options: &DisplayOptions) -> String {
        let mut text = Vec::new();
        for (index, section) in sections.iter().enumerate() {
            if index > 0 {
                text.push(b'\n');
            }
            write_section(
                section,
                options.color,
                options.width,
                STRETCH_ROWS,
                &mut text,
            )
            .expect("writing to memory does not fail");
        }
        String::from_utf8(text).expect("tables are drawn from text")
    }
}

/// Draws sections whose rows are laid out a stretch at a time, one after
/// another, separated by a blank line, into `out`.
pub fn write_lazy_sections<'a>(
    sections: impl IntoIterator<Item = LazySection<'a>>,
    options: &DisplayOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for (index, section) in sections.into_iter().enumerate() {
        if index > 0 {
            out.write_all(b"\n")?;
        }
        if let Some(rows) = section.by_stretch()
            && write_laid_once(&section.head, rows, options.color, options.width, out)?
        {
            continue;
        }
        let each = |take: &mut TakeRows<'_>| section.each_stretch(take);
        write_stretched(&section.head, &each, options.color, options.width, out)?;
    }
    Ok(())
}

/// Draws a section whose rows are in memory, `stretch` rows at a time,
/// into `out`: the table's text, without holding it whole.
pub fn write_section(
    section: &Section,
    color: bool,
    width: Option<u16>,
    stretch: usize,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let each = |take: &mut TakeRows<'_>| {
        for rows in section.rows.chunks(stretch.max(1)) {
            take(rows)?;
        }
        Ok(())
    };
    write_stretched(section, &each, color, width, out)
}

/// Draws the section `head` (whose own rows are not read) with the rows
/// `each` gives a stretch at a time: once to measure them, once to draw
/// them, once more for each block of lines that takes its lines from them
/// under the table.
fn write_stretched(
    head: &Section,
    each: &dyn Fn(&mut TakeRows<'_>) -> std::io::Result<()>,
    color: bool,
    width: Option<u16>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut stats = SectionStats::new(head, width);
    each(&mut |rows: &[LayoutRow]| {
        stats.add(rows);
        Ok(())
    })?;
    let drawing = TableDrawing::new(head, &stats, color, width);
    out.write_all(drawing.top().as_bytes())?;
    each(&mut |rows: &[LayoutRow]| out.write_all(drawing.rows(rows).as_bytes()))?;
    out.write_all(drawing.bottom().as_bytes())?;
    drawing.write_below(out, |block, take| {
        each(&mut |rows: &[LayoutRow]| take(drawing.below_rows(block, rows)))
    })?;
    out.write_all(drawing.notes().as_bytes())
}

/// What goes under a table, in order.
#[derive(Debug, Clone)]
enum Below {
    /// A column's heading, then each row's label (from column `label`)
    /// followed by its cell's lines.
    Column {
        column: usize,
        heading: String,
        label: usize,
    },
    /// One line saying what every filled cell of a column says.
    Once(String),
}

/// How a section's table is drawn, decided from its statistics: which
/// columns, how wide, and what goes under it.
pub struct TableDrawing {
    title: String,
    /// The columns drawn, by their index in the section's rows.
    columns: Vec<usize>,
    /// Whether each column drawn holds figures.
    numeric: Vec<bool>,
    fit: Option<Fit>,
    color: bool,
    width: Option<u16>,
    /// The table with its header only, set up as every stretch is.
    frame: Table,
    /// Draws the rows that come out as comfy-table would draw them in
    /// `frame` (all of them but those with a line wider than its column).
    painter: Option<BodyPainter>,
    /// Lines of a drawn stretch before its rows (the top border, the
    /// header and the line under it).
    header_lines: usize,
    below: Vec<Below>,
    notes: Vec<String>,
}

impl TableDrawing {
    /// Decides how `head` (whose rows are not read) is drawn, from the
    /// statistics of its rows: columns empty in every row are left out;
    /// given a width, the notes column goes under the table, and so do a
    /// column that only draws and other text columns while the names would
    /// be squeezed.
    pub fn new(
        head: &Section,
        stats: &SectionStats,
        color: bool,
        width: Option<u16>,
    ) -> TableDrawing {
        let filled = |column: usize| stats.columns.get(column).is_some_and(|c| c.filled > 0);
        let mut columns: Vec<usize> = (0..head.headers.len())
            .filter(|&column| {
                column == 0 || head.numeric.get(column) == Some(&true) || filled(column)
            })
            .collect();
        let mut below = Vec::new();
        if let Some(width) = width {
            let notes = head.notes_column.filter(|column| columns.contains(column));
            if let Some(column) = notes {
                below.push(take_column(head, &mut columns, column));
            }
            drop_decoration_when_narrow(head, stats, &mut columns, width);
            below.extend(move_text_below_when_narrow(
                head,
                stats,
                &mut columns,
                width,
            ));
        }
        let fit = width.map(|width| Fit::plan(&Shape::new(head, stats, &columns), width));
        let numeric: Vec<bool> = columns
            .iter()
            .map(|&column| head.numeric.get(column) == Some(&true))
            .collect();
        let frame = frame(head, stats, &columns, fit.as_ref(), color, width);
        let header_lines = frame.lines().count().saturating_sub(1);
        let painter = BodyPainter::new(&frame, &numeric, color);
        TableDrawing {
            title: fitted(&log_line(&head.title), 0, width),
            columns,
            numeric,
            fit,
            color,
            width,
            frame,
            painter,
            header_lines,
            below,
            notes: head.notes.clone(),
        }
    }

    /// The title and the table's top: its border, header and the line
    /// under the header.
    pub fn top(&self) -> String {
        let mut text = format!("{}\n", self.title);
        let lines: Vec<String> = self.frame.lines().collect();
        for line in &lines[..self.header_lines.min(lines.len())] {
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    /// The lines of a stretch of rows: drawn by the painter, or, those it
    /// leaves (a line wider than its column), by comfy-table, a run of
    /// them at a time.
    pub fn rows(&self, rows: &[LayoutRow]) -> String {
        self.rows_of(rows)
    }

    /// [`TableDrawing::rows`] of rows however they are kept.
    pub fn rows_of<'r, R: RowText<'r>>(&self, rows: impl IntoIterator<Item = R>) -> String {
        let mut text = String::new();
        let mut cells = Vec::new();
        let mut left: Vec<Vec<DrawnCell<'_>>> = Vec::new();
        for row in rows {
            cells.clear();
            cells.extend(self.cells(row));
            let painted = match &self.painter {
                Some(painter) if left.is_empty() => painter.paint(&cells, &mut text),
                Some(painter) if painter.fits(&cells) => {
                    text.push_str(&self.rows_by_comfy(&left));
                    left.clear();
                    painter.paint(&cells, &mut text)
                }
                _ => false,
            };
            if !painted {
                left.push(std::mem::take(&mut cells));
            }
        }
        text.push_str(&self.rows_by_comfy(&left));
        text
    }

    /// The lines comfy-table draws for rows of cells in the frame.
    fn rows_by_comfy(&self, rows: &[Vec<DrawnCell<'_>>]) -> String {
        if rows.is_empty() {
            return String::new();
        }
        let mut table = self.frame.clone();
        for cells in rows {
            table.add_row(cells.iter().map(DrawnCell::to_comfy).collect::<Vec<_>>());
        }
        let lines: Vec<String> = table.lines().collect();
        let end = lines.len().saturating_sub(1);
        let mut text = String::new();
        for line in &lines[self.header_lines.min(end)..end] {
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    /// The table's bottom border.
    pub fn bottom(&self) -> String {
        let mut text = self.frame.lines().last().unwrap_or_default();
        text.push('\n');
        text
    }

    /// How many blocks of lines go under the table, one after the other.
    /// Writes the blocks of lines that go under the table, each under its
    /// heading; the heading of a block that takes its lines from the rows
    /// only once the block has some. `lines_of(block, take)` hands `take`
    /// such a block's lines, a stretch of rows at a time, in order.
    pub fn write_below<E: From<std::io::Error>>(
        &self,
        out: &mut dyn Write,
        mut lines_of: impl FnMut(usize, &mut dyn FnMut(String) -> std::io::Result<()>) -> Result<(), E>,
    ) -> Result<(), E> {
        for block in 0..self.below_blocks() {
            if !self.below_reads_rows(block) {
                out.write_all(self.below_heading(block).as_bytes())?;
                continue;
            }
            let mut started = false;
            let mut take = |lines: String| {
                if !lines.is_empty() && !started {
                    started = true;
                    out.write_all(self.below_heading(block).as_bytes())?;
                }
                out.write_all(lines.as_bytes())
            };
            lines_of(block, &mut take)?;
        }
        Ok(())
    }

    pub fn below_blocks(&self) -> usize {
        self.below.len()
    }

    /// The `block`th block under the table when it is one line (a column
    /// saying the same in every row), or its heading when it takes a line
    /// or more from each row (to go before the first of them).
    pub fn below_heading(&self, block: usize) -> String {
        let line = match &self.below[block] {
            Below::Once(line) => line.clone(),
            Below::Column { heading, .. } => format!("{}:", visible(heading)),
        };
        format!("{}\n", fitted(&line, 0, self.width))
    }

    /// Whether the `block`th block under the table takes lines from the
    /// rows (a pass over them).
    pub fn below_reads_rows(&self, block: usize) -> bool {
        matches!(self.below[block], Below::Column { .. })
    }

    /// The lines a stretch of rows puts in the `block`th block under the
    /// table: each row's label, then its cell, a line each (the block's
    /// heading goes before the first of them, if any).
    pub fn below_rows(&self, block: usize, rows: &[LayoutRow]) -> String {
        self.below_rows_of(block, rows)
    }

    /// [`TableDrawing::below_rows`] of rows however they are kept.
    pub fn below_rows_of<'r, R: RowText<'r>>(
        &self,
        block: usize,
        rows: impl IntoIterator<Item = R>,
    ) -> String {
        let Below::Column { column, label, .. } = &self.below[block] else {
            return String::new();
        };
        let mut text = String::new();
        let mut line = |line: &str, indent: usize| {
            text.push_str(&fitted(line, indent, self.width));
            text.push('\n');
        };
        for row in rows {
            let Some(notes) = row.cell(*column) else {
                continue;
            };
            let mut notes = notes.lines().map(|note| visible(note).into_owned());
            if let Some(first) = notes.next() {
                let label = row.cell(*label).map_or("", str::trim);
                line(&format!("{}: {first}", visible(label)), INDENT);
                for note in notes {
                    line(&note, 2 * INDENT);
                }
            }
        }
        text
    }

    /// The section's notes, after everything else.
    pub fn notes(&self) -> String {
        let mut text = String::new();
        for note in &self.notes {
            text.push_str(&fitted(&log_line(note), 0, self.width));
            text.push('\n');
        }
        text
    }

    /// A row's cells as drawn: the columns drawn, names indented (and
    /// wrapped, given a width), other text wrapped, coloured by tone.
    fn cells<'r, R: RowText<'r>>(
        &self,
        row: R,
    ) -> impl Iterator<Item = DrawnCell<'r>> + use<'r, '_, R> {
        let depth = row.depth();
        self.columns
            .iter()
            .enumerate()
            .filter_map(move |(index, &column)| {
                let text = row.cell(column)?;
                let (indent, text) = match &self.fit {
                    None => (unfitted_indent(index, depth), visible_lines(text)),
                    Some(fit) => (0, fitted_cell(text, index, depth, fit, &self.numeric)),
                };
                let tone = if self.color {
                    row.tone(column)
                } else {
                    Tone::Plain
                };
                Some(DrawnCell { indent, text, tone })
            })
    }
}

/// A line of text around the table, wrapped at the width too.
fn fitted(line: &str, indent: usize, width: Option<u16>) -> String {
    match width {
        Some(width) => wrap(line, usize::from(width), indent, usize::MAX).join("\n"),
        None => format!("{}{line}", " ".repeat(indent)),
    }
}

/// The table with its header only, set up to draw the columns chosen.
fn frame(
    head: &Section,
    stats: &SectionStats,
    columns: &[usize],
    fit: Option<&Fit>,
    color: bool,
    width: Option<u16>,
) -> Table {
    let mut table = Table::new();
    // The binary decides about colour; comfy-table must not look at the
    // terminal itself.
    table.force_no_tty();
    if color {
        table.enforce_styling().style_text_only();
    }
    let headers: Vec<String> = columns
        .iter()
        .map(|&column| visible(&head.headers[column]).into_owned())
        .collect();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    match width {
        Some(width) => {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(width);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    // Every stretch is drawn at the widths of the whole table, padding
    // included: with a width, as planned (every cell is wrapped here
    // already; a figure never is, its heading may be, between words);
    // without, the widest cell or heading of the column, as comfy-table
    // measures it (at least one column).
    let widths: Vec<usize> = match fit {
        Some(fit) => fit.widths.clone(),
        None => columns
            .iter()
            .zip(&headers)
            .map(|(&column, heading)| {
                heading
                    .split('\n')
                    .map(width_of)
                    .chain([stats.columns[column].drawn_width, 1])
                    .max()
                    .unwrap_or(1)
            })
            .collect(),
    };
    table.set_header(headers);
    for (index, (&column, width)) in columns.iter().zip(widths).enumerate() {
        let Some(drawn) = table.column_mut(index) else {
            continue;
        };
        if head.numeric.get(column) == Some(&true) {
            drawn.set_cell_alignment(CellAlignment::Right);
        }
        let padded = u16::try_from(width.saturating_add(2)).unwrap_or(u16::MAX);
        drawn.set_constraint(ColumnConstraint::Absolute(Width::Fixed(padded)));
    }
    table
}

/// The spaces before a cell drawn without a width: names are indented by
/// their depth.
fn unfitted_indent(index: usize, depth: usize) -> usize {
    if index == 0 {
        INDENT.saturating_mul(depth)
    } else {
        0
    }
}

/// A cell as drawn in a table fitted to a width: names wrapped with
/// their indentation, other text wrapped between words, each of its
/// lines apart; figures as they are.
fn fitted_cell<'t>(
    text: &'t str,
    index: usize,
    depth: usize,
    fit: &Fit,
    numeric: &[bool],
) -> Cow<'t, str> {
    let text = visible_lines(text);
    if index == 0 {
        let indent = fit.indent.saturating_mul(depth);
        Cow::Owned(wrap_name(&text, fit.widths[0], indent).join("\n"))
    } else if numeric.get(index) == Some(&false) {
        Cow::Owned(
            text.lines()
                .flat_map(|line| wrap(line, fit.widths[index], 0, usize::MAX))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    } else {
        text
    }
}

/// Makes control characters and escape sequences from the input visible
/// instead of letting them act on the terminal. Newlines that the layout
/// put between lines of a cell are kept (see [`crate::quote::visible_lines`]).
pub fn terminal_safe(text: &str) -> String {
    crate::quote::visible_lines(text).into_owned()
}

#[cfg(test)]
mod tests;
