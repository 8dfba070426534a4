//! The body rows of a table drawn straight from its fixed column widths,
//! as comfy-table draws them, without building a comfy-table per stretch.
//!
//! A table's columns and widths are decided before any row is drawn (see
//! [`super::table`]), and comfy-table, given those widths, draws each row
//! from its own cells alone: `│`, then each column's lines padded by a
//! space on each side and aligned in its width, `┆` between columns, `│`
//! (the `UTF8_FULL_CONDENSED` preset, no line between rows); a row is as
//! many lines as its tallest cell, shorter cells topped up with spaces; a
//! coloured cell has each of its lines wrapped in the colour's escape
//! codes inside the padding. Doing that here costs a fraction of
//! comfy-table's general drawing (which measures every cell of the
//! stretch for widths that are fixed anyway, and allocates a string per
//! cell, line and part).
//!
//! Only what is sure to come out the same is drawn here: a row with a
//! line wider than its column (which comfy-table would split between
//! words) is left to comfy-table, which stays the reference (the tests
//! draw random rows both ways), and draws the header and the borders.

use std::borrow::Cow;

use comfy_table::{Cell, Color, Table, presets};

use crate::render::layout::Tone;
use crate::render::wrap::width_of;

/// A cell as it is drawn: its text (lines separated by `\n`), the first
/// line after `indent` spaces (a name's place in the category tree), in
/// the colour of its tone.
#[derive(Debug, Clone)]
pub(super) struct DrawnCell<'a> {
    pub indent: usize,
    pub text: Cow<'a, str>,
    /// [`Tone::Plain`] when the table is not coloured.
    pub tone: Tone,
}

impl DrawnCell<'_> {
    /// The cell as comfy-table takes it.
    pub fn to_comfy(&self) -> Cell {
        let cell = Cell::new(format!("{}{}", " ".repeat(self.indent), self.text));
        match self.tone {
            Tone::Up => cell.fg(UP),
            Tone::Down => cell.fg(DOWN),
            Tone::Plain => cell,
        }
    }
}

/// The colour of an increase.
pub(super) const UP: Color = Color::DarkGreen;
/// The colour of a decrease.
pub(super) const DOWN: Color = Color::DarkRed;

/// The vertical lines of a row: left border, between columns, right border.
const LEFT: char = '│';
const BETWEEN: char = '┆';
const RIGHT: char = '│';

/// Draws body rows at the widths of a comfy-table frame.
#[derive(Debug, Clone)]
pub(super) struct BodyPainter {
    columns: Vec<BodyColumn>,
    /// The escape codes before and after a line of a cell in the colour of
    /// an increase and of a decrease, as comfy-table writes them (none
    /// when the table is not coloured, or they could not be learnt).
    up: Option<(String, String)>,
    down: Option<(String, String)>,
}

#[derive(Debug, Clone, Copy)]
struct BodyColumn {
    /// The room for text, padding aside.
    content: usize,
    /// Right-aligned (figures).
    right: bool,
}

impl BodyPainter {
    /// The painter of the rows of `frame` (a table with its header and
    /// its columns' widths fixed, no rows, drawn with the
    /// `UTF8_FULL_CONDENSED` preset and a space of padding each side),
    /// whose columns are right-aligned where `right` says; coloured with
    /// `color`. None when the frame's top border does not read as
    /// expected (its rows are then all drawn by comfy-table).
    pub fn new(frame: &Table, right: &[bool], color: bool) -> Option<BodyPainter> {
        let top = frame.lines().next()?;
        let inner = top.strip_prefix('┌')?.strip_suffix('┐')?;
        let widths: Vec<usize> = inner.split('┬').map(|fill| fill.chars().count()).collect();
        if widths.len() != right.len() || widths.iter().any(|&width| width < 2) {
            return None;
        }
        let columns = widths
            .iter()
            .zip(right)
            .map(|(&width, &right)| BodyColumn {
                content: width.saturating_sub(2),
                right,
            })
            .collect();
        Some(BodyPainter {
            columns,
            up: color.then(|| colour_codes(UP)).flatten(),
            down: color.then(|| colour_codes(DOWN)).flatten(),
        })
    }

    /// Appends the lines of a row of `cells` (one per column, from the
    /// first; missing ones are blank) to `out`, and says true; or, when
    /// comfy-table would draw it otherwise than this painter does (a line
    /// wider than its column, more cells than columns, a colour not
    /// learnt), writes nothing and says false.
    pub fn paint(&self, cells: &[DrawnCell<'_>], out: &mut String) -> bool {
        let mut first_widths = FirstWidths::default();
        let Some(height) = self.height(cells, &mut first_widths) else {
            return false;
        };
        for line_index in 0..height {
            let widths = (line_index == 0).then_some(&first_widths);
            self.paint_line(cells, line_index, widths, out);
        }
        true
    }

    /// Whether the painter draws a row of `cells` (see [`Self::paint`]).
    pub fn fits(&self, cells: &[DrawnCell<'_>]) -> bool {
        self.height(cells, &mut FirstWidths::default()).is_some()
    }

    /// The lines a row of `cells` takes, when every line fits its column
    /// (and there are colour codes for its tones); the widths of the cells'
    /// first lines go into `first_widths`.
    fn height(&self, cells: &[DrawnCell<'_>], first_widths: &mut FirstWidths) -> Option<usize> {
        if cells.len() > self.columns.len() {
            return None;
        }
        let mut height = 1usize;
        for (at, (cell, column)) in cells.iter().zip(&self.columns).enumerate() {
            if cell.tone != Tone::Plain && self.codes(cell.tone).is_none() {
                return None;
            }
            let mut lines = 0usize;
            for (index, line) in cell.text.split('\n').enumerate() {
                let width = line_width(cell, index, line);
                if width > column.content {
                    return None;
                }
                if index == 0 {
                    first_widths.set(at, width);
                }
                lines = lines.saturating_add(1);
            }
            height = height.max(lines);
        }
        Some(height)
    }

    /// Appends the `line_index`th line of a row whose every line fits;
    /// `widths` are those of the lines drawn, where they were measured.
    fn paint_line(
        &self,
        cells: &[DrawnCell<'_>],
        line_index: usize,
        widths: Option<&FirstWidths>,
        out: &mut String,
    ) {
        out.push(LEFT);
        for (index, column) in self.columns.iter().enumerate() {
            if index > 0 {
                out.push(BETWEEN);
            }
            let line = cells.get(index).and_then(|cell| {
                let line = if line_index == 0 && !cell.text.contains('\n') {
                    Some(&*cell.text)
                } else {
                    cell.text.split('\n').nth(line_index)
                };
                line.map(|line| (cell, line))
            });
            let Some((cell, line)) = line else {
                spaces(out, column.content.saturating_add(2));
                continue;
            };
            let width = widths
                .and_then(|widths| widths.get(index))
                .unwrap_or_else(|| line_width(cell, line_index, line));
            let room = column.content.saturating_sub(width);
            let (before, after) = if column.right { (room, 0) } else { (0, room) };
            spaces(out, before.saturating_add(1));
            let codes = self.codes(cell.tone);
            if let Some((start, _)) = codes {
                out.push_str(start);
            }
            if line_index == 0 {
                spaces(out, cell.indent);
            }
            out.push_str(line);
            if let Some((_, end)) = codes {
                out.push_str(end);
            }
            spaces(out, after.saturating_add(1));
        }
        out.push(RIGHT);
        out.push('\n');
    }

    fn codes(&self, tone: Tone) -> Option<(&str, &str)> {
        let codes = match tone {
            Tone::Plain => return None,
            Tone::Up => self.up.as_ref(),
            Tone::Down => self.down.as_ref(),
        };
        codes.map(|(start, end)| (start.as_str(), end.as_str()))
    }
}

/// The widths of the first lines of a row's cells, as measured for its
/// height (a row of a summary has at most seven columns), so that drawing
/// the line does not measure them again.
#[derive(Default)]
struct FirstWidths([Option<usize>; 8]);

impl FirstWidths {
    fn set(&mut self, cell: usize, width: usize) {
        if let Some(slot) = self.0.get_mut(cell) {
            *slot = Some(width);
        }
    }

    fn get(&self, cell: usize) -> Option<usize> {
        self.0.get(cell).copied().flatten()
    }
}

/// The width of the `index`th line of a cell, with its indentation.
fn line_width(cell: &DrawnCell<'_>, index: usize, line: &str) -> usize {
    let indent = if index == 0 { cell.indent } else { 0 };
    width_of(line).saturating_add(indent)
}

fn spaces(out: &mut String, count: usize) {
    const SPACES: &str = "                                ";
    let mut left = count;
    while left > 0 {
        let take = left.min(SPACES.len());
        out.push_str(&SPACES[..take]);
        left = left.saturating_sub(take);
    }
}

/// The escape codes comfy-table writes before and after a line of a cell
/// in `color`, learnt by having it draw one (they depend on the colour
/// only, and on whether the environment turns colours off).
fn colour_codes(color: Color) -> Option<(String, String)> {
    const MARK: &str = "x";
    let mut table = Table::new();
    table.force_no_tty();
    table.enforce_styling().style_text_only();
    table.load_style(presets::NOTHING);
    table.add_row(vec![Cell::new(MARK).fg(color)]);
    let line = table.lines().next()?;
    let styled = line.strip_prefix(' ')?.strip_suffix(' ')?;
    let (start, end) = styled.split_once(MARK)?;
    Some((start.to_owned(), end.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use comfy_table::{CellAlignment, ColumnConstraint, Width};
    use proptest::prelude::*;

    /// A frame as the table renderer sets one up: the header, the
    /// preset, each column's width fixed (padding included).
    fn frame(widths: &[u16], right: &[bool], color: bool) -> Table {
        let mut table = Table::new();
        table.force_no_tty();
        if color {
            table.enforce_styling().style_text_only();
        }
        table.load_style(presets::UTF8_FULL_CONDENSED);
        table.set_header(widths.iter().map(|_| "h").collect::<Vec<_>>());
        for (index, (&width, &right)) in widths.iter().zip(right).enumerate() {
            let column = table.column_mut(index).unwrap();
            if right {
                column.set_cell_alignment(CellAlignment::Right);
            }
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(
                width.saturating_add(2),
            )));
        }
        table
    }

    /// The body lines comfy-table draws for `rows` in `frame`.
    fn by_comfy(frame: &Table, rows: &[Vec<DrawnCell<'_>>]) -> String {
        let mut table = frame.clone();
        for row in rows {
            table.add_row(row.iter().map(DrawnCell::to_comfy).collect::<Vec<_>>());
        }
        let lines: Vec<String> = table.lines().collect();
        // The top border, the header, its line; the bottom border.
        lines[3..lines.len().saturating_sub(1)]
            .iter()
            .map(|line| format!("{line}\n"))
            .collect()
    }

    fn cell(indent: usize, text: &str, tone: Tone) -> DrawnCell<'static> {
        DrawnCell {
            indent,
            text: Cow::Owned(text.to_owned()),
            tone,
        }
    }

    /// A row of a name indented two levels, a figure right-aligned and a
    /// cell of two lines, then a row missing its last cell: worked out by
    /// hand at widths 8, 6 and 3.
    #[test]
    fn rows_are_padded_aligned_and_topped_up() {
        let frame = frame(&[8, 6, 3], &[false, true, false], false);
        let painter = BodyPainter::new(&frame, &[false, true, false], false).unwrap();
        let mut text = String::new();
        let first = [
            cell(4, "경주", Tone::Plain),
            cell(0, "1,200", Tone::Plain),
            cell(0, "a\nbc", Tone::Plain),
        ];
        assert!(painter.paint(&first, &mut text));
        assert!(painter.paint(&first[..2], &mut text));
        // "    경주" is 8 columns; "1,200" has one space before it in 6.
        let expected = "│     경주 ┆  1,200 ┆ a   │\n\
                        │          ┆        ┆ bc  │\n\
                        │     경주 ┆  1,200 ┆     │\n";
        assert_eq!(text, expected);
        assert_eq!(
            text,
            by_comfy(&frame, &[first.to_vec(), first[..2].to_vec()])
        );
    }

    /// A line wider than its column is left to comfy-table.
    #[test]
    fn a_line_too_wide_is_not_painted() {
        let frame = frame(&[4], &[false], false);
        let painter = BodyPainter::new(&frame, &[false], false).unwrap();
        let mut text = String::new();
        assert!(!painter.paint(&[cell(0, "five5", Tone::Plain)], &mut text));
        assert!(!painter.paint(&[cell(2, "abc", Tone::Plain)], &mut text));
        assert!(text.is_empty());
    }

    /// Colours are written inside the padding, around the indentation
    /// too: ESC [ 38;5;2 m and ESC [ 39 m for dark green (the 256-colour
    /// code 2, then the default foreground), unless the environment turns
    /// colours off (NO_COLOR), which the codes learnt follow.
    #[test]
    fn coloured_cells_are_wrapped_in_escape_codes() {
        let frame = frame(&[5], &[false], true);
        let painter = BodyPainter::new(&frame, &[false], true).unwrap();
        let mut text = String::new();
        assert!(painter.paint(&[cell(1, "up", Tone::Up)], &mut text));
        let (start, end) = colour_codes(UP).unwrap();
        assert_eq!(text, format!("│ {start} up{end}   │\n"));
        if std::env::var_os("NO_COLOR").is_none() {
            assert_eq!(
                (start.as_str(), end.as_str()),
                ("\u{1b}[38;5;2m", "\u{1b}[39m")
            );
        }
        assert_eq!(text, by_comfy(&frame, &[vec![cell(1, "up", Tone::Up)]]));
    }

    fn any_cell() -> impl Strategy<Value = DrawnCell<'static>> {
        (
            0usize..5,
            "([a-z경 ,.%\u{e9}]{0,9}\n?){0,3}",
            prop_oneof![Just(Tone::Plain), Just(Tone::Up), Just(Tone::Down)],
        )
            .prop_map(|(indent, text, tone)| DrawnCell {
                indent,
                text: Cow::Owned(text),
                tone,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 128,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// Whatever the cells, widths, alignments and colours, a row the
        /// painter draws is the one comfy-table draws; rows it leaves are
        /// those comfy-table would split.
        #[test]
        fn painted_rows_are_comfy_tables_rows(
            columns in prop::collection::vec((1u16..14, any::<bool>()), 1..5),
            rows in prop::collection::vec(prop::collection::vec(any_cell(), 0..6), 1..5),
            color in any::<bool>(),
        ) {
            let widths: Vec<u16> = columns.iter().map(|(width, _)| *width).collect();
            let right: Vec<bool> = columns.iter().map(|(_, right)| *right).collect();
            let frame = frame(&widths, &right, color);
            let painter = BodyPainter::new(&frame, &right, color).unwrap();
            for row in rows {
                let row: Vec<DrawnCell<'_>> = row
                    .into_iter()
                    .map(|cell| if color { cell } else { DrawnCell { tone: Tone::Plain, ..cell } })
                    .collect();
                let mut painted = String::new();
                if painter.paint(&row, &mut painted) {
                    prop_assert_eq!(&painted, &by_comfy(&frame, std::slice::from_ref(&row)));
                } else {
                    prop_assert!(painted.is_empty());
                    let too_wide = row.len() > widths.len()
                        || row.iter().zip(&widths).any(|(cell, &width)| {
                            cell.text.split('\n').enumerate().any(|(index, line)| {
                                unicode_width::UnicodeWidthStr::width(line)
                                    .saturating_add(if index == 0 { cell.indent } else { 0 })
                                    > usize::from(width)
                            })
                        });
                    prop_assert!(too_wide);
                }
            }
        }
    }
}
