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
use super::laid_rows::LaidRows;
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
    /// Whether the rows laid out by the first pass are kept for the later
    /// ones (see [`LaidRows`]): where the rows are in memory already, so
    /// that keeping them laid out costs a fraction of what is held.
    fn keeps_laid_rows(&self) -> bool;
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

    fn keeps_laid_rows(&self) -> bool {
        true
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
        let make = |&(rows, excluded): &(&[Row], &[ItemRow])| make(rows, excluded);
        made_in_order(&stretches, &make, take).map_err(WriteError::Write)
    }
}

/// Makes each stretch with `make` on every core, and gives them to `take`
/// in their order (laying rows out and drawing them is most of the time
/// a table of many rows takes once the summary is made), a few stretches
/// a core ahead at most (see [`InOrder`]).
fn made_in_order<S: Sync, T: Send>(
    stretches: &[S],
    make: &(dyn Fn(&S) -> io::Result<T> + Sync),
    take: &mut dyn FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    // One stretch (any small table) is made here: asking how many cores
    // there are reads several files under /proc and /sys.
    let workers = match stretches.len() {
        0 | 1 => 1,
        count => read_back_workers().min(count),
    };
    InOrder::on(workers).run(stretches, make, |made| take(made?))
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

    fn keeps_laid_rows(&self) -> bool {
        // Every row of a large file: read back in each pass instead.
        false
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
    let keep = source.keeps_laid_rows();
    let measure = |rows: &[Row], excluded: &[ItemRow]| {
        if keep && excluded.is_empty() {
            // Laid out straight into the rows kept, and measured there.
            let laid = LaidRows::lay_out(rows, |row, cells| layout.row_cells(row, cells).1);
            if let Some(laid) = laid {
                let mut main_stats = SectionStats::new(&main, width);
                main_stats.add_each(laid.iter());
                let excluded_stats = SectionStats::new(&excluded_shape, width);
                return Ok((
                    main_stats,
                    excluded_stats,
                    false,
                    Some((laid, LaidRows::default())),
                ));
            }
        }
        let (main_rows, excluded_rows) = (lay_rows(rows, excluded), lay_excluded(rows, excluded));
        let mut main_stats = SectionStats::new(&main, width);
        main_stats.add(&main_rows);
        let mut excluded_stats = SectionStats::new(&excluded_shape, width);
        excluded_stats.add(&excluded_rows);
        let memo = excluded.iter().any(|item| item.memo);
        let kept = keep
            .then(|| Some((LaidRows::keep(&main_rows)?, LaidRows::keep(&excluded_rows)?)))
            .flatten();
        Ok((main_stats, excluded_stats, memo, kept))
    };
    let mut main_stats = SectionStats::new(&main, width);
    let mut excluded_stats = SectionStats::new(&excluded_shape, width);
    let mut memo = false;
    let mut kept = Kept::default();
    source.each_stretch(Part::All, &measure, &mut |(
        rows,
        excluded,
        any_memo,
        laid,
    )| {
        main_stats.merge(rows);
        excluded_stats.merge(excluded);
        memo |= any_memo;
        kept.take(laid);
        Ok(())
    })?;
    let total = layout.total();
    main_stats.add(std::slice::from_ref(&total));
    let drawn = Drawn { source, options };
    let (main_rows, excluded_rows) = match kept.whole() {
        Some((main, excluded)) => (Rows::Kept(main), Rows::Kept(excluded)),
        None => (Rows::Read(&lay_rows), Rows::Read(&lay_excluded)),
    };
    drawn.section(Part::Rows, &main, &main_stats, main_rows, Some(&total), out)?;
    if source.has_excluded() {
        written(out, "\n")?;
        let head = layout.excluded_head(memo);
        drawn.section(
            Part::Excluded,
            &head,
            &excluded_stats,
            excluded_rows,
            None,
            out,
        )?;
    }
    Ok(())
}

/// The rows the first pass laid out and kept, stretch by stretch, by
/// section: of use only when every stretch was kept.
struct Kept {
    main: Vec<LaidRows>,
    excluded: Vec<LaidRows>,
    every_stretch: bool,
}

impl Default for Kept {
    fn default() -> Kept {
        Kept {
            main: Vec::new(),
            excluded: Vec::new(),
            every_stretch: true,
        }
    }
}

impl Kept {
    /// Takes the next stretch's rows and excluded rows; None when they
    /// were not kept, and then no stretch is.
    fn take(&mut self, stretch: Option<(LaidRows, LaidRows)>) {
        let Some((main, excluded)) = stretch.filter(|_| self.every_stretch) else {
            *self = Kept {
                main: Vec::new(),
                excluded: Vec::new(),
                every_stretch: false,
            };
            return;
        };
        for (laid, kept) in [(main, &mut self.main), (excluded, &mut self.excluded)] {
            if !laid.is_empty() {
                kept.push(laid);
            }
        }
    }

    /// The rows and excluded rows, when every stretch was kept.
    fn whole(&self) -> Option<(&[LaidRows], &[LaidRows])> {
        self.every_stretch
            .then_some((self.main.as_slice(), self.excluded.as_slice()))
    }
}

/// Where a drawing pass finds a section's rows.
#[derive(Clone, Copy)]
enum Rows<'a, 'l> {
    /// Laid out by the first pass, and kept.
    Kept(&'a [LaidRows]),
    /// Read from the source and laid out again.
    Read(&'a LayStretch<'l>),
}

/// What every pass drawing a section reads.
struct Drawn<'a, S> {
    source: &'a S,
    options: &'a DisplayOptions,
}

impl<S: SummaryRows> Drawn<'_, S> {
    /// Draws the section `head` of `part` of the rows, found in `rows`,
    /// with `last` after them, decided by `stats`.
    fn section(
        &self,
        part: Part,
        head: &Section,
        stats: &SectionStats,
        rows: Rows<'_, '_>,
        last: Option<&LayoutRow>,
        out: &mut dyn Write,
    ) -> Result<(), WriteError<io::Error>> {
        let drawing = TableDrawing::new(head, stats, self.options.color, self.options.width);
        let last = last.map(std::slice::from_ref).unwrap_or_default();
        written(out, &drawing.top())?;
        let draw = |laid: &[LayoutRow]| drawing.rows(laid).into_bytes();
        let draw_kept = |laid: &LaidRows| drawing.rows_of(laid.iter()).into_bytes();
        self.pass(part, rows, &draw, &draw_kept, &mut |bytes| {
            out.write_all(&bytes)
        })?;
        written(out, &drawing.rows(last))?;
        written(out, &drawing.bottom())?;
        drawing.write_below(out, |block, take| {
            let below = |laid: &[LayoutRow]| drawing.below_rows(block, laid);
            let below_kept = |laid: &LaidRows| drawing.below_rows_of(block, laid.iter());
            self.pass(part, rows, &below, &below_kept, take)?;
            take(drawing.below_rows(block, last)).map_err(WriteError::Write)
        })?;
        written(out, &drawing.notes())
    }

    /// Goes through `part` of the rows, found in `rows`, a stretch at a
    /// time: `make` (rows laid out again) or `make_kept` (rows kept) turn
    /// a stretch into a `T` on every core, `take` takes them in order.
    fn pass<T: Send>(
        &self,
        part: Part,
        rows: Rows<'_, '_>,
        make: &(dyn Fn(&[LayoutRow]) -> T + Sync),
        make_kept: &(dyn Fn(&LaidRows) -> T + Sync),
        take: &mut dyn FnMut(T) -> io::Result<()>,
    ) -> Result<(), WriteError<io::Error>> {
        match rows {
            Rows::Kept(kept) => {
                made_in_order(kept, &|laid| Ok(make_kept(laid)), take).map_err(WriteError::Write)
            }
            Rows::Read(lay) => {
                let make = |rows: &[Row], excluded: &[ItemRow]| Ok(make(&lay(rows, excluded)));
                self.source.each_stretch(part, &make, take)
            }
        }
    }
}

fn written(out: &mut dyn Write, text: &str) -> Result<(), WriteError<io::Error>> {
    out.write_all(text.as_bytes()).map_err(WriteError::Write)
}
