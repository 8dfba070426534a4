//! Aligned text tables for people, drawn with comfy-table; with
//! `color`, increases are green and decreases red (ANSI colours, which
//! comfy-table leaves out of its width measurements).
//!
//! Columns empty in every row are left out. Given a width (a terminal's),
//! a table fits it: figures keep their width, names and other text wrap,
//! and the notes of a `diff` move under the table. Without one (output to
//! a pipe or a file), every row is one line, however wide.

use comfy_table::{
    Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width, presets,
};

use crate::quote::{log_line, visible};
use crate::render::layout::{LayoutRow, Section, Tone};
use crate::render::wrap::{pieces, width_of, wrap, wrap_name};
use crate::render::{DisplayOptions, DrawsSections};

pub struct TableRenderer;

impl DrawsSections for TableRenderer {
    fn draw(&self, sections: &[Section], options: &DisplayOptions) -> String {
        draw_sections(sections, options.color, options.width)
    }
}

/// Draws sections one after another, separated by a blank line; with a
/// width, each fits into that many columns.
pub fn draw_sections(sections: &[Section], color: bool, width: Option<u16>) -> String {
    sections
        .iter()
        .map(|section| draw_section(section, color, width))
        .collect::<Vec<_>>()
        .join("\n")
}

fn draw_section(section: &Section, color: bool, width: Option<u16>) -> String {
    let mut section = section.without_empty_columns();
    let notes_below = match width {
        Some(_) => take_notes_column(&mut section),
        None => Vec::new(),
    };
    let mut notes_below = notes_below;
    if let Some(width) = width {
        drop_decoration_when_narrow(&mut section, width);
        notes_below.extend(move_text_below_when_narrow(&mut section, width));
    }
    let mut table = Table::new();
    // The binary decides about colour; comfy-table must not look at the
    // terminal itself.
    table.force_no_tty();
    if color {
        table.enforce_styling().style_text_only();
    }
    let fit = width.map(|width| Fit::plan(&section, width));
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_header(section.headers.iter().map(|h| visible(h).into_owned()));
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
    for row in &section.rows {
        table.add_row(row_cells(row, color, fit.as_ref(), &section.numeric));
    }
    for (index, &numeric) in section.numeric.iter().enumerate() {
        let Some(column) = table.column_mut(index) else {
            continue;
        };
        if numeric {
            column.set_cell_alignment(CellAlignment::Right);
        }
        column.set_constraint(match &fit {
            // Every cell is wrapped here already (a figure never is; its
            // heading may be, between words): the column is as wide as
            // planned, padding included.
            Some(fit) => ColumnConstraint::Absolute(Width::Fixed(
                u16::try_from(fit.widths[index].saturating_add(2)).unwrap_or(u16::MAX),
            )),
            None => ColumnConstraint::ContentWidth,
        });
    }
    // Lines of text around the table wrap at the width too.
    let fitted = |line: &str, indent: usize| match width {
        Some(width) => wrap(line, usize::from(width), indent, usize::MAX).join("\n"),
        None => format!("{}{line}", " ".repeat(indent)),
    };
    // Titles and notes start lines with text from the input (a region, a
    // source): they cannot start a CI workflow command either.
    let mut text = format!("{}\n{table}\n", fitted(&log_line(&section.title), 0));
    for (line, indent) in notes_below {
        text.push_str(&fitted(&line, indent));
        text.push('\n');
    }
    for note in &section.notes {
        text.push_str(&fitted(&log_line(note), 0));
        text.push('\n');
    }
    text
}

/// Whether the names of a table planned for `width` get fewer than
/// [`WANTED_NAMES`] columns (or fewer than they need, when narrower).
fn names_squeezed(section: &Section, width: u16) -> bool {
    let fit = Fit::plan(section, width);
    fit.widths[0] < WANTED_NAMES.min(widest_name(section, fit.indent))
}

/// Moves text columns other than the names (averages per count, a
/// category, statuses), the widest first, under the table, as the notes
/// of a `diff` are, while the names would otherwise be squeezed: each
/// row's label, then its text; a column saying the same line in every
/// row it fills (two or more), once (`Status: actual`).
fn move_text_below_when_narrow(section: &mut Section, width: u16) -> Vec<(String, usize)> {
    let mut lines = Vec::new();
    while names_squeezed(section, width) {
        let widest = (1..section.headers.len())
            .filter(|&column| section.numeric.get(column) == Some(&false))
            .max_by_key(|&column| widest_cell(section, column));
        let Some(column) = widest else {
            break;
        };
        let filled: Vec<&String> = section
            .rows
            .iter()
            .filter_map(|row| row.cells.get(column))
            .filter(|cell| !cell.trim().is_empty())
            .collect();
        // Said once only when several rows say the same one line.
        let same = match filled.as_slice() {
            [first, second, rest @ ..] if !first.contains('\n') => {
                [second].into_iter().chain(rest).all(|cell| cell == first)
            }
            _ => false,
        };
        match filled.first().map(|cell| (*cell).clone()) {
            Some(only) if same => {
                let heading = section.headers[column].clone();
                section.notes_column = Some(column);
                take_notes_column(section);
                lines.push((format!("{}: {}", visible(&heading), visible(&only)), 0));
            }
            _ => {
                section.notes_column = Some(column);
                lines.extend(take_notes_column(section));
            }
        }
    }
    lines
}

/// Leaves out a column that only draws (share bars, sparklines: cells
/// without letters or digits) when keeping it would squeeze the names
/// below [`WANTED_NAMES`] columns: the figures beside it say the same.
fn drop_decoration_when_narrow(section: &mut Section, width: u16) {
    let Some(column) = (1..section.headers.len()).find(|&column| {
        section.numeric.get(column) == Some(&false)
            && section.rows.iter().all(|row| {
                row.cells
                    .get(column)
                    .is_none_or(|cell| !cell.chars().any(char::is_alphanumeric))
            })
    }) else {
        return;
    };
    if !names_squeezed(section, width) {
        return;
    }
    section.headers.remove(column);
    section.numeric.remove(column);
    for row in &mut section.rows {
        if row.cells.len() > column {
            row.cells.remove(column);
        }
        if row.tones.len() > column {
            row.tones.remove(column);
        }
    }
}

fn row_cells(row: &LayoutRow, color: bool, fit: Option<&Fit>, numeric: &[bool]) -> Vec<Cell> {
    row.cells
        .iter()
        .enumerate()
        .map(|(index, text)| {
            let mut text = terminal_safe(text);
            if index == 0 {
                text = match fit {
                    Some(fit) => {
                        let indent = fit.indent.saturating_mul(row.depth);
                        wrap_name(&text, fit.widths[0], indent).join("\n")
                    }
                    None => format!("{}{text}", " ".repeat(INDENT.saturating_mul(row.depth))),
                };
            } else if let Some(fit) = fit
                && numeric.get(index) == Some(&false)
            {
                // Other text (statuses, averages, categories) wraps between
                // words, each of its lines apart.
                text = text
                    .lines()
                    .flat_map(|line| wrap(line, fit.widths[index], 0, usize::MAX))
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            let cell = Cell::new(text);
            match row.tone(index) {
                Tone::Up if color => cell.fg(Color::DarkGreen),
                Tone::Down if color => cell.fg(Color::DarkRed),
                _ => cell,
            }
        })
        .collect()
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
    fn plan(section: &Section, width: u16) -> Fit {
        let fit = Fit::with_indent(section, width, INDENT);
        if fit.widths[0] >= WANTED_NAMES.min(widest_name(section, INDENT)) {
            return fit;
        }
        Fit::with_indent(section, width, 1)
    }

    fn with_indent(section: &Section, width: u16, indent: usize) -> Fit {
        let whole = Fit::with_figures(section, width, true, indent);
        let wanted = WHOLE_FIGURES_NAMES.min(widest_name(section, indent));
        if whole.fits(width) && whole.widths[0] >= wanted {
            return whole;
        }
        // Figures of several words (`-49.09 pp`, `54억 5,050만원`) may take
        // a line per word: if that lets the table fit, or gives names more.
        let split = Fit::with_figures(section, width, false, indent);
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

    fn with_figures(section: &Section, width: u16, whole_figures: bool, indent: usize) -> Fit {
        let columns = section.headers.len();
        let mut widths = Vec::with_capacity(columns);
        let mut narrowest = Vec::with_capacity(columns);
        for index in 0..columns {
            let (natural, least) = if section.numeric.get(index) == Some(&true) {
                let figures =
                    usize::from(figure_width(section, index, whole_figures)).saturating_sub(2);
                (figures, figures)
            } else if index == 0 {
                let names = widest_name(section, indent).max(1);
                (names, NARROWEST_NAMES.min(names))
            } else {
                let natural = widest_cell(section, index).max(width_of(&section.headers[index]));
                let least = longest_piece(section, index).min(natural);
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

/// The widest name with its indentation (`indent` spaces a level), or
/// the first heading.
fn widest_name(section: &Section, indent: usize) -> usize {
    section
        .rows
        .iter()
        .map(|row| {
            indent
                .saturating_mul(row.depth)
                .saturating_add(width_of(&row.cells[0]))
        })
        .chain([width_of(&section.headers[0])])
        .max()
        .unwrap_or(0)
}

/// The widest piece of a text column that wrapping never breaks (a word,
/// a sign with its figure, a part of a category path) or word of its
/// heading, with room for the indentation of a continued line.
fn longest_piece(section: &Section, index: usize) -> usize {
    let pieces = section
        .rows
        .iter()
        .filter_map(|row| row.cells.get(index))
        .flat_map(|cell| cell.lines())
        .flat_map(|line| {
            pieces(line)
                .into_iter()
                .map(|(piece, _)| width_of(&piece).saturating_add(INDENT))
        })
        .max()
        .unwrap_or(0);
    let heading = section.headers[index]
        .split(' ')
        .map(width_of)
        .max()
        .unwrap_or(0);
    pieces.max(heading)
}

/// The width of a column of figures with its padding: its widest figure
/// (or the widest group of one, when figures need not stay whole), or the
/// longest word of its heading.
fn figure_width(section: &Section, index: usize, whole_figures: bool) -> u16 {
    let longest_word = |text: &str| text.split(' ').map(width_of).max().unwrap_or(0);
    let figures = if whole_figures {
        widest_cell(section, index)
    } else {
        section
            .rows
            .iter()
            .filter_map(|row| row.cells.get(index))
            .flat_map(|cell| cell.lines())
            .map(longest_word)
            .max()
            .unwrap_or(0)
    };
    let widest = figures
        .max(longest_word(&section.headers[index]))
        .saturating_add(2);
    u16::try_from(widest).unwrap_or(u16::MAX)
}

/// The widest line of a column's cells (its heading aside).
fn widest_cell(section: &Section, index: usize) -> usize {
    section
        .rows
        .iter()
        .filter_map(|row| row.cells.get(index))
        .flat_map(|cell| cell.lines())
        .map(width_of)
        .max()
        .unwrap_or(0)
}

/// Takes the notes column out of a section; its notes as lines to show
/// under the table, each with its indentation: the column's heading, then
/// each row's label followed by its notes, one per line.
fn take_notes_column(section: &mut Section) -> Vec<(String, usize)> {
    let Some(column) = section.notes_column.take() else {
        return Vec::new();
    };
    let heading = section.headers.remove(column);
    section.numeric.remove(column);
    let mut lines = Vec::new();
    for row in &mut section.rows {
        if row.tones.len() > column {
            row.tones.remove(column);
        }
        if column >= row.cells.len() {
            continue;
        }
        let notes = row.cells.remove(column);
        let mut notes = notes.lines().map(|note| visible(note).into_owned());
        if let Some(first) = notes.next() {
            let label = row.cells.first().map_or("", |label| label.trim());
            lines.push((format!("{}: {first}", visible(label)), INDENT));
            lines.extend(notes.map(|note| (note, 2 * INDENT)));
        }
    }
    if !lines.is_empty() {
        lines.insert(0, (format!("{}:", visible(&heading)), 0));
    }
    lines
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

    #[test]
    fn escape_sequences_are_made_visible() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(terminal_safe("bell\u{7}"), "bell\\u{7}");
        assert_eq!(terminal_safe("two\nlines"), "two\nlines");
        assert_eq!(terminal_safe("경주"), "경주");
    }
}
