//! `summarize` while reading: a [`SummaryBuilder`] takes items one by one
//! or a batch at a time (worked out on worker threads), keeps the rows
//! `--depth` shows and, with `--top`, each category's best items, and adds
//! up the rest.
#![warn(clippy::arithmetic_side_effects)]

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;

use rust_decimal::Decimal;

use super::top_rows::TopRows;
use super::{CategoryRow, ItemRow, OthersRow, Row, Summary, item_row, item_row_taking};
use crate::amount::{Amount, Unit};
use crate::compact::index_of;
use crate::error::OverflowError;
use crate::load::places::ItemPlace;
use crate::load::{IdLines, Piece, joined};
use crate::model::{CategoryPath, Item, YearFile};
use crate::report::outline::OutlineOptions;
use crate::report::rollup::Subtotals;
use crate::report::top::{Bars, Best, Offered, OrderFree, Rank, TopItems, TopSelection};
use crate::report::tree::{CategoryTree, NodeId, Visit};
use crate::report::{cuts_below, shows};

/// Builds a summary item by item, so that a file can be summarized while
/// it is read. Items deeper than `depth` are added up but not kept, so
/// memory grows with the categories shown, not with the items. With a
/// [`TopSelection`], only each category's best items are kept and the rest
/// fold as they come (see [`crate::report::top`]).
pub struct SummaryBuilder {
    head: Summary,
    depth: Option<usize>,
    tree: CategoryTree,
    subtotals: Subtotals,
    /// Item rows by leaf slot; `None` for a slot freed by `--top`.
    kept: Vec<Option<ItemRow>>,
    free_slots: Vec<usize>,
    top: Option<TopItems>,
    /// With `--top` while reading in batches: the bars the worker threads
    /// fold by, raised at each merge.
    bars: Option<Arc<Bars>>,
    /// With `--depth` while reading: the depth at which items `--depth`
    /// hides are added up (the category it cuts), so that the tree holds
    /// only the categories shown, however many lie below.
    cut_at: Option<usize>,
    /// With `--top` or [`SummaryBuilder::cut_at`]: whether every sum is
    /// known to be the same in any order and grouping.
    order_free: Option<OrderFree>,
    /// With `--top` for rows written as they are made: the items kept, by
    /// leaf slot, as their amount and place in the file (instead of
    /// [`SummaryBuilder::kept`]), read back when their rows are written.
    placed: Option<Vec<PlacedItem>>,
    /// Some item kept has no known place: the rows cannot be read back.
    unplaced: bool,
}

/// An item kept by `--top` while a large file is read for rows written as
/// they are made (see [`crate::summary::top_rows`]): its amount, and where
/// it is written, to be read back for its row (32 bytes, not a whole row).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlacedItem {
    pub amount: Amount,
    pub place: ItemPlace,
}

/// What is kept of an item that `--top` keeps: its row, or its place.
enum Keep<'i> {
    Row(&'i Item),
    Placed(PlacedItem),
}

impl SummaryBuilder {
    /// A builder for `file`'s heading (its items are not read here).
    pub fn new(file: &YearFile, depth: Option<usize>) -> SummaryBuilder {
        SummaryBuilder {
            head: Summary {
                file: file.path.clone(),
                year: file.year,
                region: file.region.clone(),
                phase: file.phase.clone(),
                source: file.source.clone(),
                file_unit: file.unit,
                count_labels: file.count_labels.clone(),
                total: Amount::ZERO,
                rows: Vec::new(),
                excluded: Vec::new(),
                hidden_excluded: Default::default(),
            },
            depth,
            tree: CategoryTree::new(),
            subtotals: Subtotals::default(),
            kept: Vec::new(),
            free_slots: Vec::new(),
            top: None,
            bars: None,
            cut_at: None,
            order_free: None,
            placed: None,
            unplaced: false,
        }
    }

    /// A builder that keeps only the items `selection` shows: its summary
    /// holds one folded row per category that folded any, which
    /// [`apply_outline`] with the same `--top` and `--sort` puts in place.
    pub fn selecting(
        file: &YearFile,
        depth: Option<usize>,
        selection: TopSelection,
    ) -> SummaryBuilder {
        SummaryBuilder {
            top: Some(TopItems::new(selection)),
            order_free: Some(OrderFree::default()),
            ..SummaryBuilder::new(file, depth)
        }
    }

    /// Whether the summary is sure to be the one every item kept, and
    /// every category, would give. `false` only where sums of `Decimal`s
    /// could depend on their order or grouping (amounts near its limits):
    /// read the file again with [`SummaryBuilder::new`].
    pub fn is_exact(&self) -> bool {
        self.order_free.is_none_or(|order_free| order_free.holds())
    }

    /// The category an item hidden by `--depth` is added up in: its own,
    /// or the one `--depth` cuts while reading.
    fn hidden_category(&self, category: &CategoryPath) -> CategoryPath {
        match self.cut_at {
            Some(depth) => category.ancestor(depth),
            None => category.clone(),
        }
    }

    /// Adds one item, exactly.
    pub fn add(&mut self, item: &Item) -> Result<(), OverflowError> {
        let shown = shows(self.depth, &item.category);
        if !item.enters_totals() {
            match self.depth {
                Some(depth) if !shown => {
                    self.head
                        .hidden_excluded
                        .note(depth, &item.category, item.memo)
                }
                _ => self.head.excluded.push(item_row(item, None)),
            }
            return Ok(());
        }
        if let Some(order_free) = self.order_free.as_mut() {
            order_free.add(item.amount);
        }
        if shown && self.top.is_some() {
            return self.add_selecting(item);
        }
        let node = if shown {
            let node = self.tree.add_leaf(&item.category, self.kept.len());
            self.kept.push(Some(item_row(item, None)));
            node
        } else {
            let category = self.hidden_category(&item.category);
            self.tree.node(&category)
        };
        self.add_to_node(node, item.amount, 1)
    }

    /// [`SummaryBuilder::add`] of an item no longer needed: an item kept
    /// whole (shown, in the totals, no `--top`) has its text moved into its
    /// row, not copied (a batch's shown items come this way).
    fn add_taking(&mut self, item: Item) -> Result<(), OverflowError> {
        let kept_whole =
            self.top.is_none() && item.enters_totals() && shows(self.depth, &item.category);
        if !kept_whole {
            return self.add(&item);
        }
        if let Some(order_free) = self.order_free.as_mut() {
            order_free.add(item.amount);
        }
        let amount = item.amount;
        let node = self.tree.add_leaf(&item.category, self.kept.len());
        self.kept.push(Some(item_row_taking(item, None)));
        self.add_to_node(node, amount, 1)
    }

    /// Adds an item shown at this depth that enters the totals, keeping it
    /// only while it is among its category's best.
    fn add_selecting(&mut self, item: &Item) -> Result<(), OverflowError> {
        let node = self.tree.node(&item.category);
        self.add_to_node(node, item.amount, 1)?;
        let Some(top) = self.top.as_mut() else {
            return Ok(());
        };
        let rank = top.next_rank(item);
        let keep = if self.placed.is_some() {
            // Its place is not known: it could not be read back.
            self.unplaced = true;
            Keep::Placed(PlacedItem {
                amount: item.amount,
                place: ItemPlace {
                    offset: 0,
                    len: 0,
                    line: 0,
                },
            })
        } else {
            Keep::Row(item)
        };
        self.select(node, item.amount, rank, keep);
        Ok(())
    }

    /// Adds an item a worker thread kept by its place.
    fn add_placed_event(&mut self, event: PlacedEvent) -> Result<(), OverflowError> {
        if let Some(order_free) = self.order_free.as_mut() {
            order_free.add(event.placed.amount);
        }
        if self.placed.is_none() {
            // Not a placing builder (which never asks for places).
            self.unplaced = true;
            return Ok(());
        }
        self.add_placed(&event.category, event.placed, event.text)
    }

    /// [`SummaryBuilder::add_selecting`] of an item known by its place.
    fn add_placed(
        &mut self,
        category: &CategoryPath,
        placed: PlacedItem,
        text: Option<String>,
    ) -> Result<(), OverflowError> {
        let node = self.tree.node(category);
        self.add_to_node(node, placed.amount, 1)?;
        let Some(top) = self.top.as_mut() else {
            return Ok(());
        };
        let rank = top.next_rank_of(placed.amount, text);
        self.select(node, placed.amount, rank, Keep::Placed(placed));
        Ok(())
    }

    /// Offers an item of `node` worth `amount`, already added up, to its
    /// category's best: kept (in place of one that folds) or folded.
    fn select(&mut self, node: NodeId, amount: Amount, rank: Rank, keep: Keep<'_>) {
        let Some(top) = self.top.as_mut() else {
            return;
        };
        // A freed slot, or a new one past the end.
        let slots = self.placed.as_ref().map_or(self.kept.len(), Vec::len);
        let slot = self.free_slots.pop().unwrap_or(slots);
        match top.offer(node, rank, slot) {
            Offered::Folded(_) => {
                if !top.fold(node, amount, 1) {
                    fail(&mut self.order_free);
                }
                if slot < slots {
                    self.free_slots.push(slot);
                }
                return;
            }
            Offered::KeptInstead(out) => {
                let out_amount = match self.placed.as_ref() {
                    Some(placed) => placed[out].amount,
                    None => self.kept[out].take().expect("a kept item has a row").amount,
                };
                self.tree.remove_leaf(node, out);
                if !top.fold(node, out_amount, 1) {
                    fail(&mut self.order_free);
                }
                self.free_slots.push(out);
            }
            Offered::Kept => {}
        }
        match (keep, self.placed.as_mut()) {
            (Keep::Placed(item), Some(placed)) => match placed.get_mut(slot) {
                Some(at) => *at = item,
                None => placed.push(item),
            },
            (Keep::Row(item), None) => {
                let row = Some(item_row(item, None));
                match self.kept.get_mut(slot) {
                    Some(at) => *at = row,
                    None => self.kept.push(row),
                }
            }
            (Keep::Row(_), Some(_)) | (Keep::Placed(_), None) => {
                unreachable!("a placing builder keeps places, any other rows")
            }
        }
        self.tree.push_leaf(node, slot);
    }

    /// Adds `count` items worth `amount` to `node` and its ancestors.
    fn add_to_node(
        &mut self,
        node: NodeId,
        amount: Amount,
        count: usize,
    ) -> Result<(), OverflowError> {
        self.subtotals.add(
            &self.tree,
            node,
            amount,
            &self.head.file,
            self.head.file_unit.currency(),
        )?;
        self.subtotals.count(&self.tree, node, count);
        Ok(())
    }

    /// What a worker thread makes of a batch of items for [`merge`]: items
    /// `depth` hides are added up per category there, in their order of
    /// first appearance, so the calling thread only merges subtotals.
    ///
    /// [`merge`]: SummaryBuilder::merge
    pub fn part(depth: Option<usize>, items: Vec<Item>) -> SummaryPart {
        let options = PartOptions {
            depth,
            cut_at: None,
            selection: None,
            bars: None,
            placing: false,
        };
        SummaryBuilder::part_with(options, items, None)
    }

    /// [`SummaryBuilder::part`] with the options of a builder made by
    /// [`Fold::new`]: items hidden by `depth` are added up at the category
    /// `cut_at` names, and with a selection (`--top`), items shown at this
    /// depth that are not among the best of their category within the
    /// batch, or that miss their category's bar known so far, are folded
    /// there (an item not among the best of its batch is not among the
    /// best of the file).
    ///
    /// [`Fold::new`]: crate::load::Fold::new
    fn part_with(
        options: PartOptions<'_>,
        items: Vec<Item>,
        places: Option<Vec<ItemPlace>>,
    ) -> SummaryPart {
        let Some(selection) = options.selection else {
            return part_hiding(options.depth, options.cut_at, items);
        };
        let mut batch = BatchItems::default();
        batch.take(&options, selection, items, places);
        batch.into_part(&options, selection)
    }

    /// Takes a batch's part, in file order.
    pub fn merge(&mut self, part: SummaryPart) -> Result<(), OverflowError> {
        if let Some(order_free) = self.order_free.as_mut() {
            order_free.merge(part.order_free);
        }
        let mut placed = part.placed.into_iter().peekable();
        for (index, event) in part.events.into_iter().enumerate() {
            while let Some((_, item)) = placed.next_if(|(before, _)| *before <= index) {
                self.add_placed_event(item)?;
            }
            match event {
                PartEvent::Shown(item) => self.add_taking(*item)?,
                PartEvent::Hidden {
                    category,
                    sum,
                    count,
                    folded,
                } => {
                    let node = self.tree.node(&category);
                    self.add_to_node(node, sum, count)?;
                    if let (true, Some(top)) = (folded, self.top.as_mut())
                        && !top.fold(node, sum, count)
                    {
                        fail(&mut self.order_free);
                    }
                }
            }
        }
        for (_, item) in placed {
            self.add_placed_event(item)?;
        }
        if let (Some(top), Some(bars)) = (self.top.as_mut(), self.bars.as_deref()) {
            let tree = &self.tree;
            top.publish(bars, |node| {
                tree.path(node).expect("only categories keep items")
            });
        }
        Ok(())
    }

    /// The rows of a read made with [`SummaryOptions::placing`], to be
    /// written as they are made: `None` where that read cannot give the
    /// plain path's rows (an item kept whose place is not known, sums
    /// that could depend on their order, `--depth 0`), or where the read
    /// was not placing.
    pub fn into_top_rows(self) -> Option<TopRows> {
        if self.unplaced || !self.is_exact() || self.depth == Some(0) {
            return None;
        }
        let (Some(placed), Some(top)) = (self.placed, self.top) else {
            return None;
        };
        let mut head = self.head;
        head.total = self.subtotals.total();
        Some(TopRows::new(
            head,
            self.depth,
            top,
            self.tree,
            self.subtotals,
            placed,
        ))
    }

    /// The summary of everything added.
    pub fn finish(mut self) -> Summary {
        let total = self.subtotals.total();
        let mut kept = self.kept;
        let top = self.top;
        let visits = self.tree.walk();
        // A row a visit (and one more a category `--top` folded in): room
        // for them at once rather than moving every row each time the
        // rows outgrow their room (a national file shows 100,000 items).
        let mut rows = Vec::with_capacity(visits.len());
        for visit in visits {
            match visit {
                Visit::Category(node) => {
                    let subtotal = self.subtotals.sum(node).unwrap_or(Amount::ZERO);
                    let category = self
                        .tree
                        .path(node)
                        .expect("only the root has no path")
                        .clone();
                    let at_depth = cuts_below(self.depth, &category);
                    let folded = top.as_ref().and_then(|top| top.folded(node));
                    rows.push(Row::Category(CategoryRow {
                        depth: category.depth(),
                        category: category.clone(),
                        subtotal,
                        // Every row's share is set below.
                        share_pct: None,
                        items: self.subtotals.items(node),
                        hidden_items: if at_depth {
                            self.subtotals.items(node)
                        } else {
                            0
                        },
                    }));
                    // First among the category's rows: the outline moves it
                    // after the last item kept.
                    if let Some(folded) = folded {
                        rows.push(Row::Others(OthersRow {
                            category,
                            items: folded.items,
                            subtotal: folded.subtotal,
                            share_pct: None,
                        }));
                    }
                }
                Visit::Leaf(index) => {
                    let row = kept[index].take().expect("each leaf is walked once");
                    rows.push(Row::Item(row));
                }
            }
        }
        shares::set_shares(&mut rows, total);
        self.head.rows = rows;
        self.head.total = total;
        self.head
    }
}

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
struct PartOptions<'o> {
    depth: Option<usize>,
    cut_at: Option<usize>,
    selection: Option<TopSelection>,
    bars: Option<&'o Bars>,
    /// Items `--top` keeps go on as their places, where known.
    placing: bool,
}

/// Notes that a sum could not be held, so the summary is not known to be
/// exact.
fn fail(order_free: &mut Option<OrderFree>) {
    order_free.get_or_insert_default().fail();
}

/// What `--top` and `--sort` ask of each category's items, if `--top` is
/// given.
fn top_selection(outline: &OutlineOptions) -> Option<TopSelection> {
    outline.top.map(|top| TopSelection {
        top,
        sort: outline.sort,
    })
}

/// A batch of items prepared for [`SummaryBuilder::merge`].
pub struct SummaryPart {
    events: Vec<PartEvent>,
    /// Items kept by their places, each with the number of events that
    /// come before it in file order.
    placed: Vec<(usize, PlacedEvent)>,
    /// The amounts added up here, for [`TopItems::order_free`].
    order_free: OrderFree,
}

/// An item shown and in totals that a placing read keeps by its place:
/// its category, amount and place, and the text that breaks ties.
struct PlacedEvent {
    category: CategoryPath,
    placed: PlacedItem,
    text: Option<String>,
}

/// Items in file order: shown ones as they are, hidden ones (and those
/// `--top` folds) added up per category at the place their category first
/// appears.
enum PartEvent {
    Shown(Box<Item>),
    Hidden {
        category: CategoryPath,
        sum: Amount,
        count: usize,
        /// Shown at this depth, but folded by `--top`.
        folded: bool,
    },
}

/// The sum each item of a batch is added up in, numbered: items of one
/// category together, or, for items `--depth` hides, of the category it
/// cuts. Numbers run below `count`.
struct SumKeys {
    of_item: Vec<usize>,
    count: usize,
}

/// The text that names an item's sum in a batch: its category's path, or
/// for an item `--depth` hides, the path of the category it cuts.
fn sum_key(category: &CategoryPath, depth: Option<usize>, cut_at: Option<usize>) -> &str {
    match cut_at {
        Some(cut_at) if !shows(depth, category) => category.prefix(cut_at),
        _ => category.as_str(),
    }
}

/// [`SumKeys`] of the items `--depth` hides and that enter the totals
/// (without `--top`, the only ones added up in a batch); other items have
/// none.
fn hidden_sum_keys(items: &[Item], depth: Option<usize>, cut_at: Option<usize>) -> SumKeys {
    let mut numbers: HashMap<&str, usize, foldhash::fast::RandomState> = HashMap::default();
    let of_item = items
        .iter()
        .map(|item| {
            if shows(depth, &item.category) || !item.enters_totals() {
                return usize::MAX;
            }
            let next = numbers.len();
            *numbers
                .entry(sum_key(&item.category, depth, cut_at))
                .or_insert(next)
        })
        .collect();
    SumKeys {
        of_item,
        count: numbers.len(),
    }
}

/// [`SummaryBuilder::part_with`] without `--top`: items `--depth` hides
/// are added up per category (or at the category it cuts), the rest go
/// on as they are.
fn part_hiding(depth: Option<usize>, cut_at: Option<usize>, items: Vec<Item>) -> SummaryPart {
    let sum_keys = hidden_sum_keys(&items, depth, cut_at);
    let mut part = SummaryPart {
        events: Vec::new(),
        placed: Vec::new(),
        order_free: OrderFree::default(),
    };
    let mut added_at: Vec<Option<usize>> = vec![None; sum_keys.count];
    for (index, item) in items.into_iter().enumerate() {
        // Figures not in totals go to the builder even when hidden, so
        // that it counts them.
        if shows(depth, &item.category) || !item.enters_totals() {
            part.events.push(PartEvent::Shown(Box::new(item)));
            continue;
        }
        if cut_at.is_some() {
            part.order_free.add(item.amount);
        }
        let amount = item.amount;
        let category = item.category;
        add_to_sum(
            &mut part.events,
            &mut added_at[sum_keys.of_item[index]],
            amount,
            false,
            || match cut_at {
                Some(cut_at) => category.ancestor(cut_at),
                None => category,
            },
        );
    }
    part
}

/// Adds an item worth `amount` to the sum at `*at` in `events`; where
/// there is none yet, or the sum would leave `Decimal`'s range, starts a
/// new one (of `category`) at the end, so nothing is lost on the way.
fn add_to_sum(
    events: &mut Vec<PartEvent>,
    at: &mut Option<usize>,
    amount: Amount,
    folded: bool,
    category: impl FnOnce() -> CategoryPath,
) {
    let added = at.and_then(|at| match &mut events[at] {
        PartEvent::Hidden { sum, count, .. } => {
            *sum = sum.checked_add(amount)?;
            *count = count.saturating_add(1);
            Some(())
        }
        PartEvent::Shown(_) => None,
    });
    if added.is_none() {
        *at = Some(events.len());
        events.push(PartEvent::Hidden {
            category: category(),
            sum: amount,
            count: 1,
            folded,
        });
    }
}

/// A batch's items as a `--top` part needs them, taken a piece at a time
/// (see [`crate::load::Fold::part_in_pieces`]): each item's category by
/// number (each path kept once, in order of first appearance: a batch's
/// items fall in nearly as many categories as there are items, and a path
/// is long), its amount, place and tie text. Only the items that go on as
/// they are (not in totals, or shown without a known place) are kept whole.
#[derive(Default)]
struct BatchItems {
    categories: Vec<CategoryPath>,
    /// Category numbers, found by the path's text.
    index: HashTable<u32>,
    hasher: foldhash::fast::FixedState,
    /// The items, a piece at a time: a batch's items are not copied into
    /// ever larger vectors as pieces come.
    pieces: Vec<Vec<BatchItem>>,
}

/// One item of a batch, as [`BatchItems`] keeps it.
struct BatchItem {
    /// Its category's number in [`BatchItems::categories`].
    category: u32,
    amount: Amount,
    enters_totals: bool,
    /// With `--sort name` or `id`, of an item shown and in totals: the
    /// text that breaks ties.
    text: Option<String>,
    keeping: Keeping,
}

/// What a batch keeps of an item besides its figures.
enum Keeping {
    /// The whole item: not in totals (its row is an excluded row or a
    /// hidden count), or shown with no known place.
    Whole(Box<Item>),
    /// Shown and in totals: where it is written, to be read back.
    Place(ItemPlace),
    /// In totals but hidden by `--depth`: only added up.
    Sum,
}

impl BatchItems {
    /// Takes the next items of the batch, in file order, with their places
    /// (one each) if known.
    fn take(
        &mut self,
        options: &PartOptions<'_>,
        selection: TopSelection,
        items: Vec<Item>,
        places: Option<Vec<ItemPlace>>,
    ) {
        let mut places = places
            .filter(|places| options.placing && places.len() == items.len())
            .map(Vec::into_iter);
        let mut piece = Vec::with_capacity(items.len());
        if self.index.capacity() == 0 {
            let (categories, hasher) = (&self.categories, &self.hasher);
            self.index.reserve(items.len(), |&at| {
                hasher.hash_one(categories[at as usize].as_str())
            });
        }
        for mut item in items {
            let place = places.as_mut().and_then(Iterator::next);
            let shown = shows(options.depth, &item.category);
            let enters_totals = item.enters_totals();
            let amount = item.amount;
            let (category, text, keeping) = match (enters_totals, shown, place) {
                (true, true, Some(place)) => {
                    let text = selection.take_tie_text(&mut item);
                    (self.number(item.category), text, Keeping::Place(place))
                }
                (true, false, _) => (self.number(item.category), None, Keeping::Sum),
                _ => {
                    let text = (enters_totals && shown)
                        .then(|| selection.tie_text(&item))
                        .flatten();
                    let category = self.number(item.category.clone());
                    (category, text, Keeping::Whole(Box::new(item)))
                }
            };
            piece.push(BatchItem {
                category,
                amount,
                enters_totals,
                text,
                keeping,
            });
        }
        self.pieces.push(piece);
    }

    /// The batch's items, in file order.
    fn items(&self) -> impl Iterator<Item = &BatchItem> {
        self.pieces.iter().flatten()
    }

    /// The number of the category `path`, numbered now if new.
    fn number(&mut self, path: CategoryPath) -> u32 {
        let hash = self.hasher.hash_one(path.as_str());
        let categories = &self.categories;
        if let Some(&at) = self.index.find(hash, |&at| {
            categories[at as usize].as_str() == path.as_str()
        }) {
            return at;
        }
        let at = index_of(self.categories.len());
        self.categories.push(path);
        let (categories, hasher) = (&self.categories, &self.hasher);
        self.index.insert_unique(hash, at, |&at| {
            hasher.hash_one(categories[at as usize].as_str())
        });
        at
    }

    /// The batch's part: items that miss their category's bar in
    /// `options.bars`, or are not among the best of their category within
    /// the batch, fold (an item not among the best of its batch is not
    /// among the best of the file) and are added up with those `--depth`
    /// hides; the rest go on by their places (or whole).
    fn into_part(self, options: &PartOptions<'_>, selection: TopSelection) -> SummaryPart {
        let PartOptions { depth, cut_at, .. } = *options;
        let shown: Vec<bool> = self
            .categories
            .iter()
            .map(|category| shows(depth, category))
            .collect();
        let folds = self.folds(&shown, selection, options.bars);
        let (sum_of_category, sums) = self.sum_keys(depth, cut_at);
        let mut part = SummaryPart {
            events: Vec::new(),
            placed: Vec::new(),
            order_free: OrderFree::default(),
        };
        // Where each sum is, by its key: items shown but folded apart from
        // those hidden.
        let mut added_at: [Vec<Option<usize>>; 2] = [vec![None; sums], vec![None; sums]];
        let categories = &self.categories;
        for (index, item) in self.pieces.into_iter().flatten().enumerate() {
            let number = item.category as usize;
            let shown = shown[number];
            let folded = folds[index];
            match item.keeping {
                Keeping::Place(place) if shown && !folded => {
                    // Kept by its place: it is read back for its row.
                    part.placed.push((
                        part.events.len(),
                        PlacedEvent {
                            text: item.text,
                            placed: PlacedItem {
                                amount: item.amount,
                                place,
                            },
                            category: categories[number].clone(),
                        },
                    ));
                    continue;
                }
                // Figures not in totals go to the builder even when
                // hidden, so that it counts them.
                Keeping::Whole(whole) if (shown && !folded) || !item.enters_totals => {
                    part.events.push(PartEvent::Shown(whole));
                    continue;
                }
                Keeping::Place(_) | Keeping::Whole(_) | Keeping::Sum => {}
            }
            part.order_free.add(item.amount);
            add_to_sum(
                &mut part.events,
                &mut added_at[usize::from(folded)][sum_of_category[number]],
                item.amount,
                folded,
                || match cut_at {
                    Some(cut_at) if !shown => categories[number].ancestor(cut_at),
                    _ => categories[number].clone(),
                },
            );
        }
        part
    }

    /// Which items `--top` folds already: those that miss their category's
    /// bar in `bars`, and those not among the best of their category
    /// within the batch.
    fn folds(&self, shown: &[bool], selection: TopSelection, bars: Option<&Bars>) -> Vec<bool> {
        let mut folds = vec![false; self.pieces.iter().map(Vec::len).sum()];
        let mut best: Vec<Best<usize>> = self.categories.iter().map(|_| Best::default()).collect();
        // Read once for the whole batch (the calling thread raises them
        // between batches), once for each category, and let go at once:
        // the calling thread does not wait for the batch to raise them.
        let bar_of: Vec<Option<Decimal>> = match bars.and_then(Bars::read) {
            Some(bars) => self.categories.iter().map(|path| bars.of(path)).collect(),
            None => Vec::new(),
        };
        for (index, item) in self.items().enumerate() {
            let category = item.category as usize;
            if !shown[category] || !item.enters_totals {
                continue;
            }
            let bar = bar_of.get(category).copied().flatten();
            if bar.is_some_and(|bar| selection.misses(item.amount.won().abs(), bar)) {
                folds[index] = true;
                continue;
            }
            let rank = selection.rank_of(item.amount, item.text.clone(), index as u64);
            match best[category].offer(selection.top, rank, index) {
                Offered::Kept => {}
                Offered::KeptInstead(out) | Offered::Folded(out) => folds[out] = true,
            }
        }
        folds
    }

    /// The sum each category's items are added up in, numbered (see
    /// [`sum_key`]), and how many sums there are.
    fn sum_keys(&self, depth: Option<usize>, cut_at: Option<usize>) -> (Vec<usize>, usize) {
        let mut numbers: HashMap<&str, usize, foldhash::fast::RandomState> =
            HashMap::with_capacity_and_hasher(self.categories.len(), Default::default());
        let of_category = self
            .categories
            .iter()
            .map(|category| {
                let next = numbers.len();
                *numbers
                    .entry(sum_key(category, depth, cut_at))
                    .or_insert(next)
            })
            .collect();
        (of_category, numbers.len())
    }
}

mod shares;
mod text_part;

#[cfg(test)]
mod tests;
