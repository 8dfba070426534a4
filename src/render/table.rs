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
        table.add_row(row_cells(row, color, fit.as_ref()));
    }
    for (index, &numeric) in section.numeric.iter().enumerate() {
        let Some(column) = table.column_mut(index) else {
            continue;
        };
        if numeric {
            // A figure is never broken over two lines; its heading may be,
            // between words.
            column.set_cell_alignment(CellAlignment::Right);
            column.set_constraint(match &fit {
                Some(fit) => ColumnConstraint::Absolute(Width::Fixed(figure_width(
                    &section,
                    index,
                    fit.whole_figures,
                ))),
                None => ColumnConstraint::ContentWidth,
            });
        } else if index == 0
            && let Some(fit) = &fit
        {
            // Names are wrapped here, keeping their indentation; the
            // heading wraps between words.
            let names = u16::try_from(fit.names.saturating_add(2)).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(names)));
        }
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

fn row_cells(row: &LayoutRow, color: bool, fit: Option<&Fit>) -> Vec<Cell> {
    row.cells
        .iter()
        .enumerate()
        .map(|(index, text)| {
            let mut text = terminal_safe(text);
            if index == 0 {
                let indent = INDENT.saturating_mul(row.depth);
                text = match fit {
                    Some(fit) => wrap(&text, fit.names, indent, MAX_NAME_LINES).join("\n"),
                    None => format!("{}{text}", " ".repeat(indent)),
                };
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
const INDENT: usize = 2;

/// Lines a name may take in a narrowed table; a longer one ends in `…`.
const MAX_NAME_LINES: usize = 3;

/// Text columns other than names (statuses, averages, categories) are
/// counted at most this wide when making room for names; comfy-table
/// wraps them into what they get.
const OTHER_TEXT_SHARE: usize = 16;

/// Narrowest the names get, however many figure columns there are.
const NARROWEST_NAMES: usize = 8;

/// How a table fits a width: how wide names may be, and whether figures
/// stay on one line.
struct Fit {
    names: usize,
    whole_figures: bool,
}

impl Fit {
    /// Names get what figures and a share for the other text columns
    /// leave of `width`. Figures stay whole unless that leaves names too
    /// little; then figures of several groups (`54억 5,050만원`) take a
    /// line per group.
    fn plan(section: &Section, width: u16) -> Fit {
        let whole = Fit::with_figures(section, width, true);
        if whole.names > NARROWEST_NAMES {
            return whole;
        }
        Fit::with_figures(section, width, false)
    }

    fn with_figures(section: &Section, width: u16, whole_figures: bool) -> Fit {
        let columns = section.headers.len();
        // `│ a ┆ b │`: a border or separator beside each column, plus one,
        // and a space of padding on each side of every column.
        let frame = columns.saturating_mul(3).saturating_add(1);
        let others: usize = (1..columns)
            .map(|index| {
                let widest = widest_cell(section, index);
                if section.numeric.get(index) == Some(&true) {
                    usize::from(figure_width(section, index, whole_figures)).saturating_sub(2)
                } else {
                    widest
                        .max(width_of(&section.headers[index]))
                        .min(OTHER_TEXT_SHARE)
                }
            })
            .sum();
        let widest_name = section
            .rows
            .iter()
            .map(|row| {
                INDENT
                    .saturating_mul(row.depth)
                    .saturating_add(width_of(&row.cells[0]))
            })
            .chain([width_of(&section.headers[0])])
            .max()
            .unwrap_or(0);
        let room = usize::from(width).saturating_sub(frame.saturating_add(others));
        Fit {
            names: room.max(NARROWEST_NAMES).min(widest_name.max(1)),
            whole_figures,
        }
    }
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

/// Columns a text takes on a terminal (Hangul takes two each).
fn width_of(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Wraps `text` into lines of at most `width` columns after `indent`
/// spaces, breaking at spaces (inside a word only when it is longer than
/// a line), continuing lines indented two more; at most `max_lines`, the
/// last ending in `…` if the text goes on.
fn wrap(text: &str, width: usize, indent: usize, max_lines: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_width = 0usize;
    let first_room = width.saturating_sub(indent).max(1);
    let next_room = width.saturating_sub(indent.saturating_add(INDENT)).max(1);
    let room = |lines: &[String]| {
        if lines.is_empty() {
            first_room
        } else {
            next_room
        }
    };
    for (word, spaced) in pieces(text) {
        let word_width = width_of(word);
        let gap = usize::from(spaced && !line.is_empty());
        if line_width.saturating_add(gap).saturating_add(word_width) <= room(&lines) {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(word);
            line_width = line_width.saturating_add(gap).saturating_add(word_width);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line_width = 0;
        }
        for c in word.chars() {
            let c_width = c.width().unwrap_or(0);
            if line_width.saturating_add(c_width) > room(&lines) && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            line.push(c);
            line_width = line_width.saturating_add(c_width);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last_room = if max_lines == 1 {
            first_room
        } else {
            next_room
        };
        let last = lines.last_mut().expect("at least one line");
        while width_of(last).saturating_add(1) > last_room && last.pop().is_some() {}
        last.push('…');
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(index, line)| {
            let spaces = if index == 0 {
                indent
            } else {
                indent.saturating_add(INDENT)
            };
            format!("{}{line}", " ".repeat(spaces))
        })
        .collect()
}

/// The pieces a line may break between: words, and the parts of a word
/// after a `-` or `/` (`business-`, `support`), each with whether a space
/// comes before it.
fn pieces(text: &str) -> impl Iterator<Item = (&str, bool)> {
    text.split(' ')
        .filter(|word| !word.is_empty())
        .flat_map(|word| {
            word.split_inclusive(['-', '/'])
                .enumerate()
                .map(|(index, piece)| (piece, index == 0))
        })
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

    #[test]
    fn names_wrap_under_their_indentation() {
        // 20 columns, indented 4: 16 for the first line, 14 for the next.
        assert_eq!(
            wrap("Working-capital loans for SMEs", 20, 4, 3),
            ["    Working-capital", "      loans for SMEs"]
        );
        assert_eq!(wrap("finance", 20, 0, 3), ["finance"]);
        // A word longer than a line is cut inside.
        assert_eq!(
            wrap("abcdefghij", 4, 0, 5),
            ["abcd", "  ef", "  gh", "  ij"]
        );
        // Hangul takes two columns a character: 8 columns hold 청년 (4),
        // not 청년 일자리 (11); continuing lines have 6. Four lines are
        // more than three: the third ends in `…`.
        assert_eq!(
            wrap("청년 일자리 지원 사업", 8, 0, 3),
            ["청년", "  일자리", "  지원…"]
        );
        // A last line too full for `…` gives up characters for it.
        assert_eq!(wrap("aaaa bbbb cccc", 4, 0, 2), ["aaaa", "  b…"]);
        // A word breaks after `-` or `/` before it breaks anywhere else.
        assert_eq!(
            wrap("business-support", 10, 0, 3),
            ["business-", "  support"]
        );
        assert_eq!(wrap("a/b c", 10, 0, 3), ["a/b c"]);
    }
}
