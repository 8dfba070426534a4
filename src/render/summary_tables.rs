//! `summarize`'s tables drawn from its rows a stretch at a time, never
//! holding the laid-out rows or the table: one pass measures every row
//! for the table's decisions (which columns, how wide, what goes under
//! it), one draws the rows, and each block of lines that goes under a
//! table takes one more. The rows come from a [`Summary`] in memory, or,
//! for every row of a large file, are read back from the file in each
//! pass (see [`crate::summary::every_row`]). The text is the one
//! [`super::Renderer`] gives for the same summary in
//! [`super::Format::Table`].

use std::io::{self, Write};
use std::path::Path;

use super::DisplayOptions;
use super::layout::{LayoutRow, Section, SummaryLayout};
use super::table::{SectionStats, TableDrawing};
use crate::ordered::InOrder;
use crate::summary::every_row::{MakeStretch, Part, RowPlan, WriteError, read_back_workers};
use crate::summary::{ItemRow, Row, Summary};

/// Rows of a summary laid out together (the passes over a summary in
/// memory).
const STRETCH_ROWS: usize = 4096;

/// Where a summary's rows come from, a stretch at a time, in order, as
/// many times as drawing needs.
trait SummaryRows: Sync {
    /// The summary's heading (its own rows are not read).
    fn head(&self) -> &Summary;
    /// Whether there are targets, caps or memo figures.
    fn has_excluded(&self) -> bool;
    /// Goes through `part` of the rows: `make` turns a stretch of rows and
    /// excluded rows into a `T`, `take` takes them in order.
    fn each_stretch<T: Send>(
        &self,
        part: Part,
        make: &MakeStretch<'_, T, io::Error>,
        take: &mut dyn FnMut(T) -> io::Result<()>,
    ) -> Result<(), WriteError<io::Error>>;
}

impl SummaryRows for Summary {
    fn head(&self) -> &Summary {
        self
    }

    fn has_excluded(&self) -> bool {
        !self.excluded.is_empty()
    }

    fn each_stretch<T: Send>(
        &self,
        part: Part,
        make: &MakeStretch<'_, T, io::Error>,
        take: &mut dyn FnMut(T) -> io::Result<()>,
    ) -> Result<(), WriteError<io::Error>> {
        let mut stretches: Vec<(&[Row], &[ItemRow])> = Vec::new();
        if part != Part::Excluded {
            stretches.extend(self.rows.chunks(STRETCH_ROWS).map(|rows| (rows, &[][..])));
        }
        if part != Part::Rows {
            stretches.extend(
                self.excluded
                    .chunks(STRETCH_ROWS)
                    .map(|excluded| (&[][..], excluded)),
            );
        }
        made_in_order(&stretches, make, take).map_err(WriteError::Write)
    }
}

/// Makes each stretch with `make` on every core, and gives them to `take`
/// in their order (laying rows out and drawing them is most of the time
/// a table of many rows takes once the summary is made), a few stretches
/// a core ahead at most (see [`InOrder`]).
fn made_in_order<T: Send>(
    stretches: &[(&[Row], &[ItemRow])],
    make: &MakeStretch<'_, T, io::Error>,
    take: &mut dyn FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    let workers = read_back_workers().min(stretches.len());
    InOrder::on(workers).run(
        stretches,
        |&(rows, excluded)| make(rows, excluded),
        |made| take(made?),
    )
}

/// Every row of a large file, read back from `path` in each pass.
struct ReadBack<'a> {
    plan: &'a RowPlan,
    path: &'a Path,
}

impl SummaryRows for ReadBack<'_> {
    fn head(&self) -> &Summary {
        self.plan.head()
    }

    fn has_excluded(&self) -> bool {
        self.plan.excluded_rows() > 0
    }

    fn each_stretch<T: Send>(
        &self,
        part: Part,
        make: &MakeStretch<'_, T, io::Error>,
        take: &mut dyn FnMut(T) -> io::Result<()>,
    ) -> Result<(), WriteError<io::Error>> {
        self.plan.each_stretch(self.path, part, make, take)
    }
}

/// Writes the tables of summaries held in memory into `out`, one file
/// after the other.
pub fn write_summary_tables(
    summaries: &[Summary],
    options: &DisplayOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    for (index, summary) in summaries.iter().enumerate() {
        if index > 0 {
            out.write_all(b"\n")?;
        }
        write_tables(summary, options, out).map_err(|error| match error {
            WriteError::Write(error) => error,
            WriteError::Read(error) => unreachable!("a summary in memory is not read: {error}"),
        })?;
    }
    Ok(())
}

/// Writes the tables of every row of the file `plan` was made from, at
/// `path`, into `out`.
pub fn write_every_row_tables(
    plan: &RowPlan,
    path: &Path,
    options: &DisplayOptions,
    out: &mut dyn Write,
) -> Result<(), WriteError<io::Error>> {
    write_tables(&ReadBack { plan, path }, options, out)
}

/// Lays out a stretch of rows and excluded rows as one section's rows.
type LayStretch<'a> = dyn Fn(&[Row], &[ItemRow]) -> Vec<LayoutRow> + Sync + 'a;

fn write_tables(
    source: &impl SummaryRows,
    options: &DisplayOptions,
    out: &mut dyn Write,
) -> Result<(), WriteError<io::Error>> {
    let layout = SummaryLayout::new(source.head(), options);
    let width = options.width;
    let main = layout.head();
    let lay_rows = |rows: &[Row], _: &[ItemRow]| -> Vec<LayoutRow> {
        rows.iter().map(|row| layout.row(row)).collect()
    };
    let lay_excluded = |_: &[Row], excluded: &[ItemRow]| -> Vec<LayoutRow> {
        excluded
            .iter()
            .map(|item| layout.excluded_row(item))
            .collect()
    };
    // The excluded section's headings do not depend on its title.
    let excluded_shape = layout.excluded_head(false);
    let measure = |rows: &[Row], excluded: &[ItemRow]| {
        let mut main_stats = SectionStats::new(&main, width);
        main_stats.add(&lay_rows(rows, excluded));
        let mut excluded_stats = SectionStats::new(&excluded_shape, width);
        excluded_stats.add(&lay_excluded(rows, excluded));
        let memo = excluded.iter().any(|item| item.memo);
        Ok((main_stats, excluded_stats, memo))
    };
    let mut main_stats = SectionStats::new(&main, width);
    let mut excluded_stats = SectionStats::new(&excluded_shape, width);
    let mut memo = false;
    source.each_stretch(Part::All, &measure, &mut |(rows, excluded, any_memo)| {
        main_stats.merge(rows);
        excluded_stats.merge(excluded);
        memo |= any_memo;
        Ok(())
    })?;
    let total = layout.total();
    main_stats.add(std::slice::from_ref(&total));
    let drawn = Drawn { source, options };
    drawn.section(Part::Rows, &main, &main_stats, &lay_rows, Some(&total), out)?;
    if source.has_excluded() {
        written(out, "\n")?;
        let head = layout.excluded_head(memo);
        drawn.section(
            Part::Excluded,
            &head,
            &excluded_stats,
            &lay_excluded,
            None,
            out,
        )?;
    }
    Ok(())
}

/// What every pass drawing a section reads.
struct Drawn<'a, S> {
    source: &'a S,
    options: &'a DisplayOptions,
}

impl<S: SummaryRows> Drawn<'_, S> {
    /// Draws the section `head` of `part` of the rows, laid out by `lay`,
    /// with `last` after them, decided by `stats`.
    fn section(
        &self,
        part: Part,
        head: &Section,
        stats: &SectionStats,
        lay: &LayStretch<'_>,
        last: Option<&LayoutRow>,
        out: &mut dyn Write,
    ) -> Result<(), WriteError<io::Error>> {
        let drawing = TableDrawing::new(head, stats, self.options.color, self.options.width);
        let last = last.map(std::slice::from_ref).unwrap_or_default();
        written(out, &drawing.top())?;
        let draw = |rows: &[Row], excluded: &[ItemRow]| {
            Ok(drawing.rows(&lay(rows, excluded)).into_bytes())
        };
        self.source
            .each_stretch(part, &draw, &mut |bytes| out.write_all(&bytes))?;
        written(out, &drawing.rows(last))?;
        written(out, &drawing.bottom())?;
        for block in 0..drawing.below_blocks() {
            if !drawing.below_reads_rows(block) {
                written(out, &drawing.below_heading(block))?;
                continue;
            }
            let mut started = false;
            let mut take = |lines: String| {
                if !lines.is_empty() && !started {
                    started = true;
                    out.write_all(drawing.below_heading(block).as_bytes())?;
                }
                out.write_all(lines.as_bytes())
            };
            let below = |rows: &[Row], excluded: &[ItemRow]| {
                Ok(drawing.below_rows(block, &lay(rows, excluded)))
            };
            self.source.each_stretch(part, &below, &mut take)?;
            take(drawing.below_rows(block, last)).map_err(WriteError::Write)?;
        }
        written(out, &drawing.notes())
    }
}

fn written(out: &mut dyn Write, text: &str) -> Result<(), WriteError<io::Error>> {
    out.write_all(text.as_bytes()).map_err(WriteError::Write)
}
