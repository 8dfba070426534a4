//! Rows laid out once and kept compactly, for a table drawn in several
//! passes over a summary in memory: the first pass measures them and
//! keeps them here, the later ones draw them from here instead of laying
//! them out again (formatting every figure anew). A stretch's cells are
//! kept one after another in one text, found through their ends: a
//! hundred bytes or so a row, against a few hundred for the laid-out row
//! with a string per cell.

use super::layout::{Cells, LayoutRow, Tone};
use super::table::RowText;

/// A stretch of rows, in order.
#[derive(Debug, Default)]
pub(super) struct LaidRows {
    /// Every cell's text, one after another.
    text: String,
    /// Where each cell's text ends in `text`, with its tone.
    cells: Vec<(u32, Tone)>,
    /// Each row's depth and its first cell in `cells`.
    rows: Vec<(u32, u32)>,
}

impl LaidRows {
    /// `rows`, kept; None if a stretch's text does not fit the offsets (4
    /// GB, far beyond a stretch of rows).
    pub fn keep(rows: &[LayoutRow]) -> Option<LaidRows> {
        let length: usize = rows
            .iter()
            .flat_map(|row| &row.cells)
            .map(String::len)
            .sum();
        let cells = rows.iter().map(|row| row.cells.len()).sum();
        let mut laid = LaidRows {
            text: String::with_capacity(length),
            cells: Vec::with_capacity(cells),
            rows: Vec::with_capacity(rows.len()),
        };
        for row in rows {
            laid.rows.push((
                u32::try_from(row.depth).ok()?,
                u32::try_from(laid.cells.len()).ok()?,
            ));
            for (index, cell) in row.cells.iter().enumerate() {
                laid.text.push_str(cell);
                let end = u32::try_from(laid.text.len()).ok()?;
                laid.cells.push((end, row.tone(index)));
            }
        }
        Some(laid)
    }

    /// `items` laid out straight into kept rows, without a string per
    /// cell: `lay` puts an item's cells into the [`LaidCells`] it is given
    /// and says the row's depth. None where [`LaidRows::keep`] of the same
    /// rows would be None.
    pub fn lay_out<T>(
        items: &[T],
        lay: impl Fn(&T, &mut LaidCells<'_>) -> usize,
    ) -> Option<LaidRows> {
        let mut laid = LaidRows {
            rows: Vec::with_capacity(items.len()),
            ..LaidRows::default()
        };
        for item in items {
            let first = u32::try_from(laid.cells.len()).ok()?;
            let at = laid.rows.len();
            laid.rows.push((0, first));
            let mut cells = LaidCells {
                laid: &mut laid,
                fits: true,
            };
            let depth = lay(item, &mut cells);
            if !cells.fits {
                return None;
            }
            laid.rows[at].0 = u32::try_from(depth).ok()?;
        }
        Some(laid)
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows, in order.
    pub fn iter(&self) -> impl Iterator<Item = LaidRow<'_>> {
        (0..self.rows.len()).map(|row| LaidRow { rows: self, row })
    }

    /// The cells of the `row`th row: their index range in `cells`.
    fn cell_range(&self, row: usize) -> std::ops::Range<usize> {
        let first = |row: usize| self.rows.get(row).map(|&(_, first)| first as usize);
        let start = first(row).unwrap_or(self.cells.len());
        let end = first(row.saturating_add(1)).unwrap_or(self.cells.len());
        start..end
    }
}

/// Where [`LaidRows::lay_out`] has a row's cells put, one after another,
/// in plain tone.
pub(super) struct LaidCells<'a> {
    laid: &'a mut LaidRows,
    /// Every cell's end fits the offsets.
    fits: bool,
}

impl Cells for LaidCells<'_> {
    fn cell_with(&mut self, write: impl FnOnce(&mut String)) {
        write(&mut self.laid.text);
        match u32::try_from(self.laid.text.len()) {
            Ok(end) => self.laid.cells.push((end, Tone::Plain)),
            Err(_) => self.fits = false,
        }
    }
}

/// One row of a [`LaidRows`].
#[derive(Debug, Clone, Copy)]
pub(super) struct LaidRow<'a> {
    rows: &'a LaidRows,
    row: usize,
}

impl<'a> RowText<'a> for LaidRow<'a> {
    fn depth(self) -> usize {
        self.rows.rows[self.row].0 as usize
    }

    fn cell_count(self) -> usize {
        self.rows.cell_range(self.row).len()
    }

    fn cell(self, index: usize) -> Option<&'a str> {
        let range = self.rows.cell_range(self.row);
        let at = range
            .start
            .checked_add(index)
            .filter(|at| *at < range.end)?;
        let start = match at.checked_sub(1) {
            Some(before) => self.rows.cells[before].0 as usize,
            None => 0,
        };
        let end = self.rows.cells[at].0 as usize;
        self.rows.text.get(start..end)
    }

    fn tone(self, index: usize) -> Tone {
        let range = self.rows.cell_range(self.row);
        range
            .start
            .checked_add(index)
            .filter(|at| *at < range.end)
            .map_or(Tone::Plain, |at| self.rows.cells[at].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::layout::RowKind;
    use proptest::prelude::*;

    fn row(depth: usize, cells: Vec<String>, tones: Vec<Tone>) -> LayoutRow {
        LayoutRow {
            kind: RowKind::Item,
            depth,
            cells,
            tones,
        }
    }

    /// Three rows, one without cells and one with empty cells: each is
    /// read back as it was laid out.
    #[test]
    fn rows_read_back_as_laid_out() {
        let rows = vec![
            row(
                2,
                vec!["경주".into(), "".into(), "1,200".into()],
                vec![Tone::Plain, Tone::Plain, Tone::Up],
            ),
            row(0, Vec::new(), Vec::new()),
            row(1, vec!["".into(), "a\nb".into()], Vec::new()),
        ];
        let laid = LaidRows::keep(&rows).unwrap();
        let read: Vec<LaidRow<'_>> = laid.iter().collect();
        assert_eq!(read.len(), 3);
        assert_eq!(read[0].depth(), 2);
        assert_eq!(read[0].cell_count(), 3);
        assert_eq!(read[0].cell(0), Some("경주"));
        assert_eq!(read[0].cell(1), Some(""));
        assert_eq!(read[0].cell(2), Some("1,200"));
        assert_eq!(read[0].cell(3), None);
        assert_eq!(read[0].tone(2), Tone::Up);
        assert_eq!(read[0].tone(3), Tone::Plain);
        assert_eq!(read[1].cell_count(), 0);
        assert_eq!(read[1].cell(0), None);
        assert_eq!(read[2].depth(), 1);
        assert_eq!(read[2].cell(0), Some(""));
        assert_eq!(read[2].cell(1), Some("a\nb"));
        assert_eq!(read[2].tone(1), Tone::Plain);
    }

    fn any_row() -> impl Strategy<Value = LayoutRow> {
        (
            0usize..5,
            prop::collection::vec("[a-z경 \n]{0,6}", 0..6),
            prop::collection::vec(
                prop_oneof![Just(Tone::Plain), Just(Tone::Up), Just(Tone::Down)],
                0..7,
            ),
        )
            .prop_map(|(depth, cells, tones)| row(depth, cells, tones))
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 64,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// Kept rows say what the laid-out rows say, cell by cell.
        #[test]
        fn kept_rows_are_the_laid_out_rows(rows in prop::collection::vec(any_row(), 0..8)) {
            let laid = LaidRows::keep(&rows).unwrap();
            prop_assert_eq!(laid.iter().count(), rows.len());
            for (kept, row) in laid.iter().zip(&rows) {
                prop_assert_eq!(kept.depth(), row.depth());
                prop_assert_eq!(kept.cell_count(), row.cell_count());
                for index in 0..row.cell_count().saturating_add(1) {
                    prop_assert_eq!(kept.cell(index), row.cell(index));
                }
                // Tones are read only for the cells there are.
                for index in 0..row.cell_count() {
                    prop_assert_eq!(kept.tone(index), RowText::tone(row, index));
                }
            }
        }
    }
}
