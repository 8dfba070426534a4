//! `summarize` while reading a file in batches: [`SummaryBuilder`] as a
//! [`Fold`](crate::load::Fold), with the options the reading is asked
//! ([`SummaryOptions`]) and what each worker thread is told of them.
#![warn(clippy::arithmetic_side_effects)]

use std::sync::Arc;

use super::batch::BatchItems;
use super::part::SummaryPart;
use super::{SummaryBuilder, text_part};
use crate::amount::Unit;
use crate::error::OverflowError;
use crate::load::places::ItemPlace;
use crate::load::{IdLines, Piece, joined};
use crate::model::{Item, YearFile};
use crate::report::outline::OutlineOptions;
use crate::report::top::{Bars, TopSelection};
use crate::summary::Summary;

/// `summarize` while reading: the rows `--depth` shows and, with `--top`,
/// each category's best items (`--sort` breaking ties).
impl crate::load::Fold for SummaryBuilder {
    type Options = SummaryOptions;
    type Part = SummaryPart;
    type Error = OverflowError;
    type Output = Summary;

    fn new(head: &YearFile, options: &SummaryOptions) -> SummaryBuilder {
        let outline = &options.outline;
        let builder = match top_selection(outline) {
            Some(selection) => {
                options.bars.clear();
                SummaryBuilder {
                    bars: Some(Arc::clone(&options.bars)),
                    ..SummaryBuilder::selecting(head, outline.depth, selection)
                }
            }
            None => SummaryBuilder::new(head, outline.depth),
        };
        let builder = match options.cut_at() {
            Some(depth) => SummaryBuilder {
                cut_at: Some(depth),
                order_free: Some(builder.order_free.unwrap_or_default()),
                ..builder
            },
            None => builder,
        };
        if Self::wants_places(options) {
            return SummaryBuilder {
                placed: Some(Vec::new()),
                ..builder
            };
        }
        builder
    }

    fn part(options: &SummaryOptions, items: Vec<Item>) -> SummaryPart {
        <SummaryBuilder as crate::load::Fold>::part_placed(options, items, None)
    }

    /// Without `--top`, a batch the quick reader takes is read straight
    /// from its text, making items of only those that go on as they are
    /// (see [`text_part`]). Without `--depth` every item goes on as it
    /// is: the batch is read the usual way.
    fn part_of_text(
        options: &SummaryOptions,
        text: &str,
        lines_before: usize,
        unit: Unit,
        ids: &mut IdLines,
    ) -> Option<SummaryPart> {
        let part_options = options.part_options();
        if part_options.selection.is_some() || part_options.depth.is_none() {
            return None;
        }
        text_part::part_hiding_of_text(
            part_options.depth,
            part_options.cut_at,
            text,
            lines_before,
            unit,
            ids,
        )
    }

    fn wants_places(options: &SummaryOptions) -> bool {
        options.placing && options.outline.top.is_some()
    }

    fn part_placed(
        options: &SummaryOptions,
        items: Vec<Item>,
        places: Option<Vec<ItemPlace>>,
    ) -> SummaryPart {
        SummaryBuilder::part_with(options.part_options(), items, places)
    }

    /// A `--top` read keeping places reads large batches (each adds up
    /// many items of a category in one sum) and keeps a few figures of
    /// each item: it takes them a piece at a time, so that a batch's
    /// parsed items are never all held (a quarter of the memory touched,
    /// and warm in the cache).
    fn piece_bytes(options: &SummaryOptions) -> Option<usize> {
        Self::wants_places(options).then_some(PIECE_BYTES)
    }

    fn part_in_pieces(
        options: &SummaryOptions,
        pieces: &mut dyn Iterator<Item = Piece>,
    ) -> SummaryPart {
        let part_options = options.part_options();
        let Some(selection) = part_options.selection else {
            let (items, places) = joined(pieces);
            return SummaryBuilder::part_with(part_options, items, places);
        };
        let mut batch = BatchItems::default();
        for (items, places) in pieces {
            batch.take(&part_options, selection, items, places);
        }
        batch.into_part(&part_options, selection)
    }

    fn merge(&mut self, part: SummaryPart) -> Result<(), OverflowError> {
        SummaryBuilder::merge(self, part)
    }

    fn finish(self) -> Summary {
        SummaryBuilder::finish(self)
    }
}

/// What `summarize` asks of the reading of one file (`--depth`, `--top`,
/// `--sort`), and what the threads reading it share while it goes on: with
/// `--top`, each category's bar (see [`Bars`]). [`Fold::new`] starts the
/// bars afresh, so one value serves one read at a time.
///
/// [`Fold::new`]: crate::load::Fold::new
#[derive(Debug, Default)]
pub struct SummaryOptions {
    pub outline: OutlineOptions,
    bars: Arc<Bars>,
    /// Whether items hidden by `--depth` are added up at the category it
    /// cuts, leaving the categories below out of the tree.
    cut: bool,
    /// With `--top`: whether the items kept are kept by their places in
    /// the file, for rows written as they are made (see
    /// [`SummaryBuilder::into_top_rows`]).
    placing: bool,
}

impl From<OutlineOptions> for SummaryOptions {
    fn from(outline: OutlineOptions) -> SummaryOptions {
        SummaryOptions {
            outline,
            bars: Arc::default(),
            cut: true,
            placing: false,
        }
    }
}

impl SummaryOptions {
    /// Keeping every item and every category (no `--top`, no cut): the
    /// reading whose sums are the plain ones even near `Decimal`'s limits,
    /// where [`SummaryBuilder::is_exact`] says the quicker one may not be.
    pub fn every_item(outline: OutlineOptions) -> SummaryOptions {
        SummaryOptions {
            outline: OutlineOptions {
                top: None,
                ..outline
            },
            bars: Arc::default(),
            cut: false,
            placing: false,
        }
    }

    /// What `outline` asks (with `--top`), keeping the items kept by
    /// their places in the file: the reading of
    /// [`SummaryBuilder::into_top_rows`].
    pub fn placing(outline: OutlineOptions) -> SummaryOptions {
        SummaryOptions {
            placing: true,
            ..SummaryOptions::from(outline)
        }
    }

    /// What `outline` asks, keeping every category below `--depth`: the
    /// reading before the cut.
    pub fn uncut(outline: OutlineOptions) -> SummaryOptions {
        SummaryOptions {
            cut: false,
            ..SummaryOptions::from(outline)
        }
    }

    /// What a worker thread is told to make a batch's part.
    fn part_options(&self) -> PartOptions<'_> {
        PartOptions {
            depth: self.outline.depth,
            cut_at: self.cut_at(),
            selection: top_selection(&self.outline),
            bars: Some(&self.bars),
            placing: self.placing,
        }
    }

    /// Whether the reading adds up hidden items at the category `--depth`
    /// cuts (see [`SummaryOptions::uncut`]).
    pub fn cuts(&self) -> bool {
        self.cut_at().is_some()
    }

    /// The depth items hidden by `--depth` are added up at while reading.
    /// `--depth 0` hides every category: they are kept whole, as few as
    /// there are (the cut would be the grand total).
    fn cut_at(&self) -> Option<usize> {
        self.outline.depth.filter(|&depth| self.cut && depth > 0)
    }
}

/// Bytes of a batch a `--top` read parses at a time (see
/// [`crate::load::Fold::piece_bytes`]): the batches' size when read
/// without `--top`.
const PIECE_BYTES: usize = 256 << 10;

/// What a worker thread is told to make a batch's part.
#[derive(Clone, Copy)]
pub(super) struct PartOptions<'o> {
    pub(super) depth: Option<usize>,
    pub(super) cut_at: Option<usize>,
    pub(super) selection: Option<TopSelection>,
    pub(super) bars: Option<&'o Bars>,
    /// Items `--top` keeps go on as their places, where known.
    pub(super) placing: bool,
}

/// What `--top` and `--sort` ask of each category's items, if `--top` is
/// given.
pub(super) fn top_selection(outline: &OutlineOptions) -> Option<TopSelection> {
    outline.top.map(|top| TopSelection {
        top,
        sort: outline.sort,
    })
}
