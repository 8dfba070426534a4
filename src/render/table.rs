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
    for block in 0..drawing.below_blocks() {
        if !drawing.below_reads_rows(block) {
            out.write_all(drawing.below_heading(block).as_bytes())?;
            continue;
        }
        let mut started = false;
        each(&mut |rows: &[LayoutRow]| {
            let lines = drawing.below_rows(block, rows);
            if !lines.is_empty() && !started {
                started = true;
                out.write_all(drawing.below_heading(block).as_bytes())?;
            }
            out.write_all(lines.as_bytes())
        })?;
    }
    out.write_all(drawing.notes().as_bytes())
}

/// What the decisions about a table need of its rows, column by column,
/// folded a stretch of rows at a time: which columns are filled or only
/// draw, and how wide their cells, words and unbreakable pieces are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionStats {
    columns: Vec<ColumnStats>,
    /// The widest name with `indent` spaces a level, by `indent` (0 to
    /// [`INDENT`]).
    widest_name: [usize; INDENT + 1],
    /// Fitted to a width (the widths of words and pieces are kept), or
    /// every row on one line (the widths of the drawn cells are kept).
    fitted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ColumnStats {
    /// Cells that are not blank.
    filled: usize,
    /// The first of them.
    first_filled: Option<String>,
    /// Every cell that is not blank is the first.
    all_same: bool,
    /// No cell has a letter or a digit (a share bar, a sparkline).
    drawing_only: bool,
    /// The widest line of a cell.
    widest_line: usize,
    /// The widest piece that wrapping never breaks, with room for the
    /// indentation of a continued line.
    longest_piece: usize,
    /// The widest word (between spaces) of a line.
    longest_word: usize,
    /// The widest line of a cell as drawn without a width (names
    /// indented, hidden characters made visible).
    drawn_width: usize,
}

impl ColumnStats {
    fn new() -> ColumnStats {
        ColumnStats {
            filled: 0,
            first_filled: None,
            all_same: true,
            drawing_only: true,
            widest_line: 0,
            longest_piece: 0,
            longest_word: 0,
            drawn_width: 0,
        }
    }

    /// Several cells say the same one line.
    fn said_once(&self) -> Option<&str> {
        let first = self.first_filled.as_deref()?;
        (self.filled >= 2 && self.all_same && !first.contains('\n')).then_some(first)
    }

    /// Takes in the widths of a cell of a table drawn without a width,
    /// whose first line goes after `indent` spaces: its lines as they are,
    /// and as drawn (hidden characters made visible).
    fn add_unfitted(&mut self, cell: &str, indent: usize) {
        let drawn_line = |index: usize, line: &str| {
            let indent = if index == 0 { indent } else { 0 };
            width_of(line).saturating_add(indent)
        };
        match visible_lines(cell) {
            // Shown as it is: without hidden characters (`\r` among them),
            // its lines are its pieces between line breaks (a last empty
            // one aside, which is no wider than any).
            Cow::Borrowed(_) => {
                for (index, line) in cell.split('\n').enumerate() {
                    // Measured once for both.
                    let width = width_of(line);
                    let indent = if index == 0 { indent } else { 0 };
                    self.widest_line = self.widest_line.max(width);
                    self.drawn_width = self.drawn_width.max(width.saturating_add(indent));
                }
            }
            Cow::Owned(shown) => {
                for line in cell.lines() {
                    self.widest_line = self.widest_line.max(width_of(line));
                }
                for (index, line) in shown.split('\n').enumerate() {
                    self.drawn_width = self.drawn_width.max(drawn_line(index, line));
                }
            }
        }
    }

    fn merge(&mut self, later: ColumnStats) {
        self.filled = self.filled.saturating_add(later.filled);
        if let (Some(first), Some(other)) = (&self.first_filled, &later.first_filled) {
            self.all_same &= first == other;
        }
        self.all_same &= later.all_same;
        if self.first_filled.is_none() {
            self.first_filled = later.first_filled;
        }
        self.drawing_only &= later.drawing_only;
        self.widest_line = self.widest_line.max(later.widest_line);
        self.longest_piece = self.longest_piece.max(later.longest_piece);
        self.longest_word = self.longest_word.max(later.longest_word);
        self.drawn_width = self.drawn_width.max(later.drawn_width);
    }
}

impl SectionStats {
    /// Nothing seen yet of the rows of a section like `head` (its rows
    /// are not read), to be drawn with `width`.
    pub fn new(head: &Section, width: Option<u16>) -> SectionStats {
        SectionStats {
            columns: vec![ColumnStats::new(); head.headers.len()],
            widest_name: [0; INDENT + 1],
            fitted: width.is_some(),
        }
    }

    /// Takes in the next stretch of rows.
    pub fn add(&mut self, rows: &[LayoutRow]) {
        self.add_each(rows);
    }

    /// Takes in the next stretch of rows, however they are kept.
    pub fn add_each<'r, R: RowText<'r>>(&mut self, rows: impl IntoIterator<Item = R>) {
        for row in rows {
            self.add_row(row);
        }
    }

    fn add_row<'r>(&mut self, row: impl RowText<'r>) {
        let depth = row.depth();
        if let Some(name) = row.cell(0) {
            let name = width_of(name);
            for (indent, widest) in self.widest_name.iter_mut().enumerate() {
                *widest = (*widest).max(indent.saturating_mul(depth).saturating_add(name));
            }
        }
        let cells = (0..row.cell_count()).map_while(|index| row.cell(index));
        for (index, (cell, column)) in cells.zip(&mut self.columns).enumerate() {
            if !cell.trim().is_empty() {
                column.filled = column.filled.saturating_add(1);
                match &column.first_filled {
                    None => column.first_filled = Some(cell.to_owned()),
                    // Once a cell differs, the others need not be compared.
                    Some(first) if column.all_same => column.all_same = first == cell,
                    Some(_) => {}
                }
            }
            // Once a cell has a letter or a digit, the others need not be
            // read for one.
            if column.drawing_only {
                column.drawing_only = !cell.chars().any(char::is_alphanumeric);
            }
            if self.fitted {
                for line in cell.lines() {
                    column.widest_line = column.widest_line.max(width_of(line));
                }
                for line in cell.lines() {
                    for (piece, _) in pieces(line) {
                        let piece = width_of(&piece).saturating_add(INDENT);
                        column.longest_piece = column.longest_piece.max(piece);
                    }
                    column.longest_word = column.longest_word.max(longest_word(line));
                }
            } else {
                column.add_unfitted(cell, unfitted_indent(index, depth));
            }
        }
    }

    /// Takes in the statistics of the rows that follow.
    pub fn merge(&mut self, later: SectionStats) {
        for (column, other) in self.columns.iter_mut().zip(later.columns) {
            column.merge(other);
        }
        for (widest, other) in self.widest_name.iter_mut().zip(later.widest_name) {
            *widest = (*widest).max(other);
        }
    }
}

/// What measuring and drawing a table read of a row: the depth its name
/// sits at, its cells (`'r` is how long their text lives) and their
/// tones. A [`LayoutRow`], or a row kept more compactly.
pub trait RowText<'r>: Copy {
    /// Indentation level of the first cell.
    fn depth(self) -> usize;
    /// How many cells the row has.
    fn cell_count(self) -> usize;
    /// The `index`th cell, if the row has one.
    fn cell(self, index: usize) -> Option<&'r str>;
    /// The tone of the `index`th cell (plain when none was given; asked
    /// only of the cells there are).
    fn tone(self, index: usize) -> Tone;
}

impl<'r> RowText<'r> for &'r LayoutRow {
    fn depth(self) -> usize {
        self.depth
    }

    fn cell_count(self) -> usize {
        self.cells.len()
    }

    fn cell(self, index: usize) -> Option<&'r str> {
        self.cells.get(index).map(String::as_str)
    }

    fn tone(self, index: usize) -> Tone {
        LayoutRow::tone(self, index)
    }
}

/// The widest word (between spaces) of a line.
fn longest_word(text: &str) -> usize {
    text.split(' ').map(width_of).max().unwrap_or(0)
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

/// The columns of a section still drawn, with what is known of them.
struct Shape<'a> {
    head: &'a Section,
    stats: &'a SectionStats,
    /// The columns drawn, by their index in the section.
    columns: &'a [usize],
}

impl<'a> Shape<'a> {
    fn new(head: &'a Section, stats: &'a SectionStats, columns: &'a [usize]) -> Shape<'a> {
        Shape {
            head,
            stats,
            columns,
        }
    }

    fn len(&self) -> usize {
        self.columns.len()
    }

    fn heading(&self, index: usize) -> &str {
        &self.head.headers[self.columns[index]]
    }

    fn numeric(&self, index: usize) -> Option<bool> {
        self.head.numeric.get(self.columns[index]).copied()
    }

    fn stats(&self, index: usize) -> &ColumnStats {
        &self.stats.columns[self.columns[index]]
    }

    /// The widest name with its indentation (`indent` spaces a level), or
    /// the first heading.
    fn widest_name(&self, indent: usize) -> usize {
        self.stats.widest_name[indent.min(INDENT)].max(width_of(self.heading(0)))
    }

    /// The widest line of a column's cells (its heading aside).
    fn widest_cell(&self, index: usize) -> usize {
        self.stats(index).widest_line
    }

    /// The widest piece of a text column that wrapping never breaks (a
    /// word, a sign with its figure, a part of a category path) or word of
    /// its heading, with room for the indentation of a continued line.
    fn longest_piece(&self, index: usize) -> usize {
        let heading = longest_word(self.heading(index));
        self.stats(index).longest_piece.max(heading)
    }

    /// The width of a column of figures with its padding: its widest
    /// figure (or the widest group of one, when figures need not stay
    /// whole), or the longest word of its heading.
    fn figure_width(&self, index: usize, whole_figures: bool) -> u16 {
        let figures = if whole_figures {
            self.widest_cell(index)
        } else {
            self.stats(index).longest_word
        };
        let widest = figures
            .max(longest_word(self.heading(index)))
            .saturating_add(2);
        u16::try_from(widest).unwrap_or(u16::MAX)
    }

    /// Whether the names of a table planned for `width` get fewer than
    /// [`WANTED_NAMES`] columns (or fewer than they need, when narrower).
    fn names_squeezed(&self, width: u16) -> bool {
        let fit = Fit::plan(self, width);
        fit.widths[0] < WANTED_NAMES.min(self.widest_name(fit.indent))
    }
}

/// Takes `column` out of the columns drawn, to go under the table: its
/// heading, then each row's label followed by its lines.
fn take_column(head: &Section, columns: &mut Vec<usize>, column: usize) -> Below {
    columns.retain(|&kept| kept != column);
    Below::Column {
        column,
        heading: head.headers[column].clone(),
        label: columns.first().copied().unwrap_or(0),
    }
}

/// Moves text columns other than the names (averages per count, a
/// category, statuses), the widest first, under the table, as the notes
/// of a `diff` are, while the names would otherwise be squeezed: each
/// row's label, then its text; a column saying the same line in every
/// row it fills (two or more), once (`Status: actual`).
fn move_text_below_when_narrow(
    head: &Section,
    stats: &SectionStats,
    columns: &mut Vec<usize>,
    width: u16,
) -> Vec<Below> {
    let mut below = Vec::new();
    while Shape::new(head, stats, columns).names_squeezed(width) {
        let shape = Shape::new(head, stats, columns);
        let widest = (1..shape.len())
            .filter(|&index| shape.numeric(index) == Some(false))
            .max_by_key(|&index| shape.widest_cell(index));
        let Some(index) = widest else {
            break;
        };
        let column = columns[index];
        match stats.columns[column].said_once() {
            Some(only) => {
                let heading = &head.headers[column];
                below.push(Below::Once(format!(
                    "{}: {}",
                    visible(heading),
                    visible(only)
                )));
                columns.remove(index);
            }
            None => below.push(take_column(head, columns, column)),
        }
    }
    below
}

/// Leaves out a column that only draws (share bars, sparklines: cells
/// without letters or digits) when keeping it would squeeze the names
/// below [`WANTED_NAMES`] columns: the figures beside it say the same.
fn drop_decoration_when_narrow(
    head: &Section,
    stats: &SectionStats,
    columns: &mut Vec<usize>,
    width: u16,
) {
    let shape = Shape::new(head, stats, columns);
    let Some(index) = (1..shape.len())
        .find(|&index| shape.numeric(index) == Some(false) && shape.stats(index).drawing_only)
    else {
        return;
    };
    if !shape.names_squeezed(width) {
        return;
    }
    columns.remove(index);
}

/// Spaces per level of the category tree in the first column.
pub(super) const INDENT: usize = 2;

/// Lines a name may take in a narrowed table; a longer one ends in `…`.
pub(super) const MAX_NAME_LINES: usize = 3;

/// Text columns other than names (statuses, averages, categories) get at
/// most this many columns before names give up any of theirs.
const OTHER_TEXT_SHARE: usize = 16;

/// Narrowest the names get, however many figure columns there are.
const NARROWEST_NAMES: usize = 8;

/// Names get at least this many columns (when they are wider) before
/// figures of several words take a line per word.
const WHOLE_FIGURES_NAMES: usize = 10;

/// Names narrower than this (when they are wider) make a table leave out
/// its decoration (share bars).
const WANTED_NAMES: usize = 20;

/// How a table fits a width: how wide each column's text may be (padding
/// aside).
#[derive(Debug, Clone)]
struct Fit {
    widths: Vec<usize>,
    /// Spaces per level of the category tree: [`INDENT`], or one when
    /// names would be squeezed with it.
    indent: usize,
}

impl Fit {
    /// Figures keep their width; text columns other than names are first
    /// held to [`OTHER_TEXT_SHARE`]; then the widest text column gives up
    /// a column at a time, names down to [`NARROWEST_NAMES`] and other
    /// text down to its longest unbreakable piece (`≤ 400.67`,
    /// `investment/`). Figures stay whole unless that is not enough; then
    /// figures of several groups (`54억 5,050만원`) take a line per group.
    fn plan(shape: &Shape<'_>, width: u16) -> Fit {
        let fit = Fit::with_indent(shape, width, INDENT);
        if fit.widths[0] >= WANTED_NAMES.min(shape.widest_name(INDENT)) {
            return fit;
        }
        Fit::with_indent(shape, width, 1)
    }

    fn with_indent(shape: &Shape<'_>, width: u16, indent: usize) -> Fit {
        let whole = Fit::with_figures(shape, width, true, indent);
        let wanted = WHOLE_FIGURES_NAMES.min(shape.widest_name(indent));
        if whole.fits(width) && whole.widths[0] >= wanted {
            return whole;
        }
        // Figures of several words (`-49.09 pp`, `54억 5,050만원`) may take
        // a line per word: if that lets the table fit, or gives names more.
        let split = Fit::with_figures(shape, width, false, indent);
        match (whole.fits(width), split.fits(width)) {
            (true, true) if split.widths[0] > whole.widths[0] => split,
            (true, _) => whole,
            (false, true) => split,
            (false, false) if split.total() < whole.total() => split,
            (false, false) => whole,
        }
    }

    fn fits(&self, width: u16) -> bool {
        self.total() <= usize::from(width)
    }

    /// The table's width: its text, with a border or separator beside each
    /// column plus one, and a space of padding on each side of every
    /// column (`│ a ┆ b │`).
    fn total(&self) -> usize {
        let frame = self.widths.len().saturating_mul(3).saturating_add(1);
        self.widths.iter().sum::<usize>().saturating_add(frame)
    }

    fn with_figures(shape: &Shape<'_>, width: u16, whole_figures: bool, indent: usize) -> Fit {
        let columns = shape.len();
        let mut widths = Vec::with_capacity(columns);
        let mut narrowest = Vec::with_capacity(columns);
        for index in 0..columns {
            let (natural, least) = if shape.numeric(index) == Some(true) {
                let figures =
                    usize::from(shape.figure_width(index, whole_figures)).saturating_sub(2);
                (figures, figures)
            } else if index == 0 {
                let names = shape.widest_name(indent).max(1);
                (names, NARROWEST_NAMES.min(names))
            } else {
                let natural = shape.widest_cell(index).max(width_of(shape.heading(index)));
                let least = shape.longest_piece(index).min(natural);
                (natural.min(OTHER_TEXT_SHARE).max(least), least)
            };
            widths.push(natural);
            narrowest.push(least);
        }
        let mut fit = Fit { widths, indent };
        while !fit.fits(width) {
            let widest = (0..columns)
                .filter(|&index| fit.widths[index] > narrowest[index])
                .max_by_key(|&index| (fit.widths[index], index == 0));
            let Some(index) = widest else {
                break;
            };
            fit.widths[index] = fit.widths[index].saturating_sub(1);
        }
        fit
    }
}

/// Makes control characters and escape sequences from the input visible
/// instead of letting them act on the terminal. Newlines that the layout
/// put between lines of a cell are kept (see [`crate::quote::visible_lines`]).
pub fn terminal_safe(text: &str) -> String {
    crate::quote::visible_lines(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::layout::RowKind;
    use proptest::prelude::*;

    #[test]
    fn escape_sequences_are_made_visible() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(terminal_safe("bell\u{7}"), "bell\\u{7}");
        assert_eq!(terminal_safe("two\nlines"), "two\nlines");
        assert_eq!(terminal_safe("경주"), "경주");
    }

    fn drawn(section: &Section, color: bool, width: Option<u16>, stretch: usize) -> String {
        let mut out = Vec::new();
        write_section(section, color, width, stretch, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// A section like `diff`'s: names at three depths, a status column
    /// saying one thing, figures of several words, notes in a column of
    /// their own, a tone on some figures.
    fn sample() -> Section {
        let row = |depth: usize, name: &str, status: &str, amount: &str, notes: &str| LayoutRow {
            kind: RowKind::Item,
            depth,
            cells: [name, status, amount, "", notes]
                .map(str::to_owned)
                .to_vec(),
            tones: vec![Tone::Plain, Tone::Plain, Tone::Up],
        };
        Section {
            title: "경주시 2025 · 단위 원".into(),
            headers: ["Category / item", "Status", "Amount", "Empty", "Notes"]
                .map(str::to_owned)
                .to_vec(),
            numeric: vec![false, false, true, false, false],
            rows: vec![
                row(0, "Welfare", "", "54억 5,050만원", ""),
                row(
                    1,
                    "Senior meals delivered daily",
                    "actual",
                    "1,200",
                    "moved\nfrom roads",
                ),
                row(2, "경로당 냉난방비 지원", "actual", "-3,400", ""),
                row(1, "Bus", "actual", "12", "new line"),
            ],
            notes: vec!["Source: the city's budget book".into()],
            notes_column: Some(4),
        }
    }

    /// Drawn a row or two at a time, a table is the one drawn whole: the
    /// same header once, the same rows, the same lines under it.
    #[test]
    fn stretches_of_rows_draw_the_one_table() {
        let section = sample();
        for width in [None, Some(200), Some(80), Some(40), Some(24)] {
            for color in [false, true] {
                let whole = drawn(&section, color, width, usize::MAX);
                for stretch in 1..=3 {
                    assert_eq!(drawn(&section, color, width, stretch), whole, "{width:?}");
                }
            }
        }
        // The top border, the header and its line once; the bottom once.
        let whole = drawn(&section, false, None, 1);
        assert_eq!(whole.matches('┌').count(), 1);
        assert_eq!(whole.matches('└').count(), 1);
        assert_eq!(whole.matches('╞').count(), 1);
        // The empty column is left out; each row is drawn on one line but
        // the one whose notes are two: title, top, header, its line, 1 + 2
        // + 1 + 1 row lines, bottom, the note = 11.
        assert!(!whole.contains("Empty"));
        assert_eq!(whole.lines().count(), 11);
    }

    /// At 40 columns the notes go under the table, each row's label then
    /// its notes, and the status column saying `actual` in every row it
    /// fills says it once.
    #[test]
    fn narrow_tables_move_text_below_once_per_stretch_split() {
        let text = drawn(&sample(), false, Some(40), 1);
        assert!(
            text.contains(
                "\nNotes:\n  Senior meals delivered daily: moved\n    from roads\n  Bus: new line\n"
            ),
            "{text}"
        );
        assert!(text.contains("Status: actual\n"), "{text}");
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 64,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// However the rows are cut into stretches, the table is the same.
        #[test]
        fn any_stretch_draws_the_same_table(
            rows in prop::collection::vec(
                (0usize..4, "[a-z경 ]{0,14}", "(actual|plan|)", "-?[0-9]{1,7}( [0-9]{2})?", "([a-z ]{0,8}\n?){0,2}", any::<bool>()),
                0..12,
            ),
            width in prop::option::of(24u16..120),
            stretch in 1usize..5,
            color in any::<bool>(),
        ) {
            let mut section = sample();
            section.rows = rows
                .into_iter()
                .map(|(depth, name, status, amount, notes, up)| LayoutRow {
                    kind: RowKind::Item,
                    depth,
                    cells: vec![name, status, amount, String::new(), notes],
                    tones: if up { vec![Tone::Plain, Tone::Plain, Tone::Down] } else { Vec::new() },
                })
                .collect();
            prop_assert_eq!(
                drawn(&section, color, width, stretch),
                drawn(&section, color, width, usize::MAX)
            );
            // The rows the painter draws are the ones comfy-table draws.
            let stats = {
                let mut stats = SectionStats::new(&section, width);
                stats.add(&section.rows);
                stats
            };
            let painted = TableDrawing::new(&section, &stats, color, width);
            prop_assert!(painted.painter.is_some());
            let mut by_comfy = TableDrawing::new(&section, &stats, color, width);
            by_comfy.painter = None;
            prop_assert_eq!(painted.rows(&section.rows), by_comfy.rows(&section.rows));
        }
    }
}
