//! A table whose rows are laid out once: each stretch of a section's rows
//! (see [`ByStretch`]) is laid out and measured on every core, kept
//! compactly ([`LaidRows`]), and every later pass (drawing the rows, each
//! block of lines under the table) reads the kept rows on every core
//! instead of laying them out again. The text is the one
//! [`super::table::write_lazy_sections`] draws from the same rows laid out
//! in each pass: the same stretches, measured and drawn in the same order.

use std::io::{self, Write};

use super::laid_rows::LaidRows;
use super::layout::{ByStretch, Section};
use super::table::{SectionStats, TableDrawing};
use crate::ordered::InOrder;

/// Draws the section `head` (whose own rows are not read) with `rows`
/// into `out`; `false`, having written nothing, when a stretch cannot be
/// kept (its text beyond [`LaidRows`]' offsets), for the caller to draw
/// it laying the rows out in each pass.
pub(super) fn write_laid_once(
    head: &Section,
    rows: &ByStretch<'_>,
    color: bool,
    width: Option<u16>,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let Some((stats, kept)) = measured(head, rows, width) else {
        return Ok(false);
    };
    let in_order = InOrder::on(workers(kept.len()));
    let drawing = TableDrawing::new(head, &stats, color, width);
    out.write_all(drawing.top().as_bytes())?;
    in_order.run(
        &kept,
        |laid| drawing.rows_of(laid.iter()),
        |text| out.write_all(text.as_bytes()),
    )?;
    out.write_all(drawing.rows(&rows.tail).as_bytes())?;
    out.write_all(drawing.bottom().as_bytes())?;
    drawing.write_below(out, |block, take| {
        in_order.run(
            &kept,
            |laid| drawing.below_rows_of(block, laid.iter()),
            &mut *take,
        )?;
        take(drawing.below_rows(block, &rows.tail))
    })?;
    out.write_all(drawing.notes().as_bytes())?;
    Ok(true)
}

/// Every stretch laid out, measured and kept on every core, the tail
/// measured last; `None` when a stretch cannot be kept.
fn measured(
    head: &Section,
    rows: &ByStretch<'_>,
    width: Option<u16>,
) -> Option<(SectionStats, Vec<LaidRows>)> {
    let measure = |stretch: usize| {
        let laid = rows.laid_out(stretch);
        let mut stats = SectionStats::new(head, width);
        stats.add(&laid);
        LaidRows::keep(&laid).map(|kept| (stats, kept))
    };
    let mut stats = SectionStats::new(head, width);
    let mut kept = Vec::with_capacity(rows.stretches);
    InOrder::on(workers(rows.stretches))
        .run(0..rows.stretches, measure, |made| {
            let (later, laid) = made.ok_or(Unkept)?;
            stats.merge(later);
            kept.push(laid);
            Ok::<(), Unkept>(())
        })
        .ok()?;
    stats.add(&rows.tail);
    Some((stats, kept))
}

/// A stretch could not be kept.
struct Unkept;

/// Threads for `stretches` stretches: one stretch (any small table) is
/// made on the calling thread, since asking how many cores there are
/// reads several files under /proc and /sys.
pub(super) fn workers(stretches: usize) -> usize {
    match stretches {
        0 | 1 => 1,
        count => crate::summary::every_row::read_back_workers().min(count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::layout::{LayoutRow, LazySection, RowKind, Tone};
    use crate::render::table::write_section;
    use proptest::prelude::*;

    /// A section like `diff`'s: a name, a status, a figure, a column
    /// always empty and notes in a column of their own.
    fn head() -> Section {
        Section {
            title: "경주시 2025 → 2026".into(),
            headers: ["Category / item", "Status", "Change", "Empty", "Notes"]
                .map(str::to_owned)
                .to_vec(),
            numeric: vec![false, false, true, false, false],
            rows: Vec::new(),
            notes: vec!["Source: the city's budget book".into()],
            notes_column: Some(4),
        }
    }

    type Cells = (usize, String, String, String, String, bool);

    fn row((depth, name, status, change, notes, up): Cells) -> LayoutRow {
        LayoutRow {
            kind: RowKind::Item,
            depth,
            cells: vec![name, status, change, String::new(), notes],
            tones: if up {
                vec![Tone::Plain, Tone::Plain, Tone::Up]
            } else {
                Vec::new()
            },
        }
    }

    fn any_cells() -> impl Strategy<Value = Cells> {
        (
            0usize..4,
            "[a-z경 ]{0,14}",
            "(actual|plan|)",
            "-?[0-9]{1,7}( [0-9]{2})?",
            "([a-z ]{0,8}\n?){0,2}",
            any::<bool>(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 64,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// Rows laid out once, by stretches of any size, measured and
        /// drawn on several threads, draw the table of the same rows drawn
        /// whole.
        #[test]
        fn rows_laid_out_once_draw_the_table_of_every_row(
            cells in prop::collection::vec(any_cells(), 0..14),
            tail in prop::collection::vec(any_cells(), 0..2),
            width in prop::option::of(24u16..120),
            stretch in 1usize..5,
            color in any::<bool>(),
        ) {
            let tail: Vec<LayoutRow> = tail.into_iter().map(row).collect();
            let section = LazySection::laid_out_once_by(
                head(),
                &cells,
                |cells, rows| rows.push(row(cells.clone())),
                tail.clone(),
                stretch,
            );
            let mut once = Vec::new();
            let rows = section.by_stretch().expect("laid out by stretch");
            prop_assert!(write_laid_once(&section.head, rows, color, width, &mut once).unwrap());
            let whole = Section {
                rows: cells.iter().cloned().map(row).chain(tail).collect(),
                ..head()
            };
            let mut expected = Vec::new();
            write_section(&whole, color, width, usize::MAX, &mut expected).unwrap();
            prop_assert_eq!(String::from_utf8(once).unwrap(), String::from_utf8(expected).unwrap());
        }
    }
}
