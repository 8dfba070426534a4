//! The layout shared by the table-like formats: titled sections of rows
//! and cells, built once from the data, then drawn by the table or the
//! markdown renderer. One file per command's layout; the figure styles
//! (`figures.rs`) and the English and Korean words (`labels.rs`,
//! `korean.rs`) they share beside them.

mod diff;
mod figures;
pub mod korean;
mod labels;
mod summary;
mod trend;

pub use diff::{diff_lazy_sections, diff_sections};
pub use figures::FigureStyle;
pub use labels::{ENGLISH, KOREAN, Labels, file_title, period_label, singular};
pub use summary::{SummaryLayout, summary_sections};
pub use trend::{trend_lazy_sections, trend_sections};

use rust_decimal::Decimal;

use super::laid_once::workers;
use crate::ordered::InOrder;

/// Text from the input as one line in a cell: a line break in a name
/// must not draw a fake row. Every name, category and note from the data
/// passes through here before it enters a cell, so line breaks left in a
/// cell are the layout's own; the renderers make the other hidden
/// characters visible (see [`crate::quote`]).
pub(crate) fn one_line(text: &str) -> String {
    text.replace('\n', "\\u{a}")
}

/// [`one_line`], appended to `out`.
pub(crate) fn one_line_into(text: &str, out: &mut String) {
    if memchr::memchr(b'\n', text.as_bytes()).is_none() {
        out.push_str(text);
    } else {
        out.push_str(&one_line(text));
    }
}

/// Where a row's cells go as they are laid out, one after another: the
/// strings of a [`LayoutRow`], or rows kept in one text for drawing.
pub trait Cells {
    /// Appends a cell, whose text `write` appends to the string it is
    /// given (empty for a cell of its own).
    fn cell_with(&mut self, write: impl FnOnce(&mut String));
}

impl Cells for Vec<String> {
    fn cell_with(&mut self, write: impl FnOnce(&mut String)) {
        let mut text = String::new();
        write(&mut text);
        self.push(text);
    }
}

/// A titled table with notes under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub headers: Vec<String>,
    /// Right-aligned (numeric) columns.
    pub numeric: Vec<bool>,
    pub rows: Vec<LayoutRow>,
    pub notes: Vec<String>,
    /// The column of free-text notes on rows, which a table narrowed to a
    /// terminal shows under itself instead.
    pub notes_column: Option<usize>,
}

impl Section {
    /// The section without the text columns whose cells are empty in
    /// every row: a Status column at `--depth 1`, a Notes column no row
    /// needs. The first column and columns of figures always stay (an
    /// empty year says the items are new).
    pub fn without_empty_columns(&self) -> Section {
        let keep: Vec<bool> = (0..self.headers.len())
            .map(|column| {
                column == 0
                    || self.numeric.get(column) == Some(&true)
                    || self.rows.iter().any(|row| {
                        row.cells
                            .get(column)
                            .is_some_and(|cell| !cell.trim().is_empty())
                    })
            })
            .collect();
        let kept = |values: &[String]| -> Vec<String> {
            values
                .iter()
                .zip(&keep)
                .filter(|(_, keep)| **keep)
                .map(|(value, _)| value.clone())
                .collect()
        };
        Section {
            title: self.title.clone(),
            headers: kept(&self.headers),
            numeric: self
                .numeric
                .iter()
                .zip(&keep)
                .filter(|(_, keep)| **keep)
                .map(|(numeric, _)| *numeric)
                .collect(),
            rows: self
                .rows
                .iter()
                .map(|row| LayoutRow {
                    kind: row.kind,
                    depth: row.depth,
                    cells: kept(&row.cells),
                    tones: if row.tones.is_empty() {
                        Vec::new()
                    } else {
                        (0..row.cells.len())
                            .filter(|&column| keep.get(column).copied().unwrap_or(true))
                            .map(|column| row.tone(column))
                            .collect()
                    },
                })
                .collect(),
            notes: self.notes.clone(),
            notes_column: self
                .notes_column
                .filter(|&column| keep[column])
                .map(|column| keep[..column].iter().filter(|keep| **keep).count()),
        }
    }
}

/// Rows of a [`LazySection`] laid out together.
const LAID_OUT_ROWS: usize = 4096;

/// Takes a stretch of laid-out rows.
pub type TakeRows<'t> = dyn FnMut(&[LayoutRow]) -> std::io::Result<()> + 't;

/// Goes through a section's rows a stretch at a time.
type EachStretch<'a> = dyn Fn(&mut TakeRows<'_>) -> std::io::Result<()> + 'a;

/// A section whose rows are laid out from the data a stretch at a time,
/// each time they are gone through, instead of held: what a table drawn
/// a stretch at a time needs.
pub struct LazySection<'a> {
    /// The title, headings and notes; no rows.
    pub head: Section,
    rows: SectionRows<'a>,
}

/// Where a [`LazySection`]'s rows come from.
enum SectionRows<'a> {
    /// Laid out afresh in each pass, in order.
    Each(Box<EachStretch<'a>>),
    /// Laid out by stretch, in any order (see [`LazySection::laid_out_once`]).
    ByStretch(ByStretch<'a>),
}

/// Lays out the rows of a stretch (by its number) into the vector given.
type LayStretch<'a> = dyn Fn(usize, &mut Vec<LayoutRow>) + Sync + 'a;

/// A section's rows as numbered stretches that can be laid out on any
/// thread, in any order, then a tail: so that a table can lay each stretch
/// out once, on every core, and keep it for each of its passes.
pub struct ByStretch<'a> {
    /// How many stretches there are, the tail not counted.
    pub stretches: usize,
    lay: Box<LayStretch<'a>>,
    /// The rows after the last stretch.
    pub tail: Vec<LayoutRow>,
}

impl ByStretch<'_> {
    /// The rows of the `stretch`th stretch, laid out.
    pub fn laid_out(&self, stretch: usize) -> Vec<LayoutRow> {
        let mut rows = Vec::new();
        (self.lay)(stretch, &mut rows);
        rows
    }

    /// Gives `take` every stretch, laid out on every core a few stretches
    /// ahead, in order, then the tail.
    fn each_stretch(&self, take: &mut TakeRows<'_>) -> std::io::Result<()> {
        InOrder::on(workers(self.stretches)).run(
            0..self.stretches,
            |stretch| self.laid_out(stretch),
            |rows| take(&rows),
        )?;
        take(&self.tail)
    }
}

impl<'a> LazySection<'a> {
    /// `head` with a row or more for each of `source` (laid out by `lay`),
    /// then `tail`.
    pub fn new<T>(
        head: Section,
        source: &'a [T],
        lay: impl Fn(&T, &mut Vec<LayoutRow>) + 'a,
        tail: Vec<LayoutRow>,
    ) -> LazySection<'a> {
        let each_stretch = move |take: &mut TakeRows<'_>| {
            let mut rows = Vec::new();
            for stretch in source.chunks(LAID_OUT_ROWS) {
                rows.clear();
                for item in stretch {
                    lay(item, &mut rows);
                }
                take(&rows)?;
            }
            take(&tail)
        };
        LazySection {
            head,
            rows: SectionRows::Each(Box::new(each_stretch)),
        }
    }

    /// [`LazySection::new`] with the rows laid out by stretch (see
    /// [`ByStretch`]), which a table lays out once, on every core, and
    /// keeps for each pass over them instead of laying them out again: for
    /// the tens of thousands of rows of a national `diff`, where laying a
    /// row out (formatting every figure) costs more than drawing it.
    pub fn laid_out_once<T: Sync>(
        head: Section,
        source: &'a [T],
        lay: impl Fn(&T, &mut Vec<LayoutRow>) + Sync + 'a,
        tail: Vec<LayoutRow>,
    ) -> LazySection<'a> {
        LazySection::laid_out_once_by(head, source, lay, tail, LAID_OUT_ROWS)
    }

    /// [`LazySection::laid_out_once`], `stretch` items a stretch (at
    /// least one).
    pub(crate) fn laid_out_once_by<T: Sync>(
        head: Section,
        source: &'a [T],
        lay: impl Fn(&T, &mut Vec<LayoutRow>) + Sync + 'a,
        tail: Vec<LayoutRow>,
        stretch: usize,
    ) -> LazySection<'a> {
        let size = stretch.max(1);
        let lay_stretch = move |stretch: usize, rows: &mut Vec<LayoutRow>| {
            let start = stretch.saturating_mul(size);
            let end = start.saturating_add(size).min(source.len());
            for item in source.get(start..end).unwrap_or_default() {
                lay(item, rows);
            }
        };
        LazySection {
            head,
            rows: SectionRows::ByStretch(ByStretch {
                stretches: source.len().div_ceil(size),
                lay: Box::new(lay_stretch),
                tail,
            }),
        }
    }

    /// [`LazySection::new`] with the rows laid out on helper threads, a
    /// stretch or two ahead of `take`, which draws them in order: for the
    /// tens of thousands of rows of a national trend, laying rows out
    /// (formatting every figure) is half the drawing, and it otherwise
    /// leaves every other core idle. A source of one stretch or less is
    /// laid out where it is taken.
    pub fn laid_out_ahead<T: Sync>(
        head: Section,
        source: &'a [T],
        lay: impl Fn(&T, &mut Vec<LayoutRow>) + Sync + 'a,
        tail: Vec<LayoutRow>,
    ) -> LazySection<'a> {
        Self::laid_out_ahead_by(head, source, lay, tail, LAID_OUT_ROWS)
    }

    /// [`LazySection::laid_out_ahead`] in stretches of `stretch` rows of
    /// `source` (a few stretches are in memory at once, laid out or
    /// drawn: fewer rows a stretch, less memory, for wide rows).
    pub fn laid_out_ahead_by<T: Sync>(
        head: Section,
        source: &'a [T],
        lay: impl Fn(&T, &mut Vec<LayoutRow>) + Sync + 'a,
        tail: Vec<LayoutRow>,
        stretch: usize,
    ) -> LazySection<'a> {
        let stretch = stretch.max(1);
        let each_stretch = move |take: &mut TakeRows<'_>| {
            let helpers = std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .clamp(1, 2);
            if source.len() <= stretch {
                let mut rows = Vec::new();
                for item in source {
                    lay(item, &mut rows);
                }
                take(&rows)?;
                return take(&tail);
            }
            let lay = &lay;
            std::thread::scope(|scope| {
                // Helper `h` lays out stretches h, h + helpers, ...; each
                // hands them over through its own channel, so that taking
                // from the channels in turn takes the stretches in order.
                let receivers: Vec<_> = (0..helpers)
                    .map(|helper| {
                        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
                        scope.spawn(move || {
                            let stretches = source.chunks(stretch).skip(helper);
                            for stretch in stretches.step_by(helpers) {
                                let mut rows = Vec::new();
                                for item in stretch {
                                    lay(item, &mut rows);
                                }
                                // Taking stopped (a write failed): stop too.
                                if sender.send(rows).is_err() {
                                    return;
                                }
                            }
                        });
                        receiver
                    })
                    .collect();
                let stretches = source.len().div_ceil(stretch);
                for (_, receiver) in (0..stretches).zip(receivers.iter().cycle()) {
                    let rows: Vec<LayoutRow> = receiver
                        .recv()
                        .expect("each helper lays out each of its stretches");
                    take(&rows)?;
                }
                take(&tail)
            })
        };
        LazySection {
            head,
            rows: SectionRows::Each(Box::new(each_stretch)),
        }
    }

    /// Gives `take` the rows a stretch at a time, in order.
    pub fn each_stretch(&self, take: &mut TakeRows<'_>) -> std::io::Result<()> {
        match &self.rows {
            SectionRows::Each(each) => each(take),
            SectionRows::ByStretch(rows) => rows.each_stretch(take),
        }
    }

    /// The rows by stretch, for a section made with
    /// [`LazySection::laid_out_once`].
    pub fn by_stretch(&self) -> Option<&ByStretch<'a>> {
        match &self.rows {
            SectionRows::Each(_) => None,
            SectionRows::ByStretch(rows) => Some(rows),
        }
    }

    /// The section with every row laid out.
    pub fn into_section(self) -> Section {
        let mut rows = Vec::new();
        self.each_stretch(&mut |stretch: &[LayoutRow]| {
            rows.extend_from_slice(stretch);
            Ok(())
        })
        .expect("laying rows out in memory does not fail");
        Section { rows, ..self.head }
    }
}

/// One row: its cells, and how deep in the category tree it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutRow {
    pub kind: RowKind,
    /// Indentation level of the first cell.
    pub depth: usize,
    /// Cells; a cell may hold several lines separated by `\n`.
    pub cells: Vec<String>,
    /// Which way each cell's figure moved, for colour on a terminal; one
    /// per cell, or empty when nothing in the row is coloured.
    pub tones: Vec<Tone>,
}

impl LayoutRow {
    /// A row whose cells are not coloured.
    pub fn plain(kind: RowKind, depth: usize, cells: Vec<String>) -> LayoutRow {
        LayoutRow {
            kind,
            depth,
            cells,
            tones: Vec::new(),
        }
    }

    /// The tone of a cell (plain when none was given).
    pub fn tone(&self, index: usize) -> Tone {
        self.tones.get(index).copied().unwrap_or(Tone::Plain)
    }
}

/// Whether a figure went up or down: increases are shown green and
/// decreases red on a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    Up,
    Down,
}

impl Tone {
    /// The tone of a signed change; zero is plain.
    pub fn of(value: Decimal) -> Tone {
        if value > Decimal::ZERO {
            Tone::Up
        } else if value < Decimal::ZERO {
            Tone::Down
        } else {
            Tone::Plain
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Category,
    Item,
    Total,
}
