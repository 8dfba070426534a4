//! What a table needs to know of its rows, folded column by column a
//! stretch of rows at a time ([`SectionStats`]), and the text of a row
//! as the table reads it ([`RowText`]).

#[allow(clippy::wildcard_imports)]
use super::*;

/// What the decisions about a table need of its rows, column by column,
/// folded a stretch of rows at a time: which columns are filled or only
/// draw, and how wide their cells, words and unbreakable pieces are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionStats {
    pub(super) columns: Vec<ColumnStats>,
    /// The widest name with `indent` spaces a level, by `indent` (0 to
    /// [`INDENT`]).
    pub(super) widest_name: [usize; INDENT + 1],
    /// Fitted to a width (the widths of words and pieces are kept), or
    /// every row on one line (the widths of the drawn cells are kept).
    pub(super) fitted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ColumnStats {
    /// Cells that are not blank.
    pub(super) filled: usize,
    /// The first of them.
    pub(super) first_filled: Option<String>,
    /// Every cell that is not blank is the first.
    pub(super) all_same: bool,
    /// No cell has a letter or a digit (a share bar, a sparkline).
    pub(super) drawing_only: bool,
    /// The widest line of a cell.
    pub(super) widest_line: usize,
    /// The widest piece that wrapping never breaks, with room for the
    /// indentation of a continued line.
    pub(super) longest_piece: usize,
    /// The widest word (between spaces) of a line.
    pub(super) longest_word: usize,
    /// The widest line of a cell as drawn without a width (names
    /// indented, hidden characters made visible).
    pub(super) drawn_width: usize,
}

impl ColumnStats {
    pub(super) fn new() -> ColumnStats {
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
    pub(super) fn said_once(&self) -> Option<&str> {
        let first = self.first_filled.as_deref()?;
        (self.filled >= 2 && self.all_same && !first.contains('\n')).then_some(first)
    }

    /// Takes in the widths of a cell of a table drawn without a width,
    /// whose first line goes after `indent` spaces: its lines as they are,
    /// and as drawn (hidden characters made visible).
    pub(super) fn add_unfitted(&mut self, cell: &str, indent: usize) {
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

    pub(super) fn merge(&mut self, later: ColumnStats) {
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

    pub(super) fn add_row<'r>(&mut self, row: impl RowText<'r>) {
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
pub(super) fn longest_word(text: &str) -> usize {
    text.split(' ').map(width_of).max().unwrap_or(0)
}
