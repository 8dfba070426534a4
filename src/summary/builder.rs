//! `summarize` while reading: a [`SummaryBuilder`] takes items one by one
//! or a batch at a time (worked out on worker threads), keeps the rows
//! `--depth` shows and, with `--top`, each category's best items, and adds
//! up the rest.
#![warn(clippy::arithmetic_side_effects)]

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::top_rows::TopRows;
use super::{CategoryRow, ItemRow, OthersRow, Row, Summary, item_row, item_row_taking};
use crate::amount::Amount;
use crate::error::OverflowError;
use crate::load::places::ItemPlace;
use crate::model::{CategoryPath, Item, YearFile};
use crate::report::outline::OutlineOptions;
use crate::report::percent::percent_of;
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
        let PartOptions {
            depth,
            cut_at,
            selection,
            bars,
            placing,
        } = options;
        // Places go with the items, one each, where they are known.
        let mut places = places
            .filter(|places| placing && places.len() == items.len())
            .map(Vec::into_iter);
        let (folds, sum_keys) = match selection {
            Some(selection) => {
                let categories = BatchCategories::of(&items);
                let folds = folded_in_batch(depth, selection, bars, &items, &categories);
                let sum_keys = categories.sum_keys(&items, depth, cut_at);
                (folds, sum_keys)
            }
            None => (Vec::new(), hidden_sum_keys(&items, depth, cut_at)),
        };
        let tracks_order = selection.is_some() || cut_at.is_some();
        let mut part = SummaryPart {
            events: Vec::new(),
            placed: Vec::new(),
            order_free: OrderFree::default(),
        };
        // Where each sum is, by its key: items shown but folded apart from
        // those hidden.
        let mut added_at: [Vec<Option<usize>>; 2] =
            [vec![None; sum_keys.count], vec![None; sum_keys.count]];
        for (index, item) in items.into_iter().enumerate() {
            let place = places.as_mut().and_then(Iterator::next);
            let shown = shows(depth, &item.category);
            let folded = folds.get(index).copied().unwrap_or(false);
            if let (Some(place), Some(selection), true) =
                (place, selection, shown && !folded && item.enters_totals())
            {
                // Kept by its place: it is read back for its row.
                part.placed.push((
                    part.events.len(),
                    PlacedEvent {
                        text: selection.tie_text(&item),
                        placed: PlacedItem {
                            amount: item.amount,
                            place,
                        },
                        category: item.category,
                    },
                ));
                continue;
            }
            // Figures not in totals go to the builder even when hidden,
            // so that it counts them.
            if (shown && !folded) || !item.enters_totals() {
                part.events.push(PartEvent::Shown(Box::new(item)));
                continue;
            }
            if tracks_order {
                part.order_free.add(item.amount);
            }
            let key = sum_keys.of_item[index];
            let sums = &mut added_at[usize::from(folded)];
            let slot = sums[key];
            let added = slot.and_then(|slot| match &mut part.events[slot] {
                PartEvent::Hidden { sum, count, .. } => {
                    *sum = sum.checked_add(item.amount)?;
                    *count = count.saturating_add(1);
                    Some(())
                }
                PartEvent::Shown(_) => None,
            });
            if added.is_none() {
                // A new category here, or a sum that would leave Decimal's
                // range: a new entry, so nothing is lost on the way.
                sums[key] = Some(part.events.len());
                let category = match cut_at {
                    Some(cut_at) if !shown => item.category.ancestor(cut_at),
                    _ => item.category,
                };
                part.events.push(PartEvent::Hidden {
                    category,
                    sum: item.amount,
                    count: 1,
                    folded,
                });
            }
        }
        part
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
                        share_pct: percent_of(subtotal.won(), total.won()),
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
                            share_pct: percent_of(folded.subtotal.won(), total.won()),
                        }));
                    }
                }
                Visit::Leaf(index) => {
                    let mut row = kept[index].take().expect("each leaf is walked once");
                    row.share_pct = percent_of(row.amount.won(), total.won());
                    rows.push(Row::Item(row));
                }
            }
        }
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

    fn wants_places(options: &SummaryOptions) -> bool {
        options.placing && options.outline.top.is_some()
    }

    fn part_placed(
        options: &SummaryOptions,
        items: Vec<Item>,
        places: Option<Vec<ItemPlace>>,
    ) -> SummaryPart {
        let part_options = PartOptions {
            depth: options.outline.depth,
            cut_at: options.cut_at(),
            selection: top_selection(&options.outline),
            bars: Some(&options.bars),
            placing: options.placing,
        };
        SummaryBuilder::part_with(part_options, items, places)
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

/// The categories of a batch's items, each path looked up once: with
/// `--top`, a batch's items fall in nearly as many categories as there are
/// items, and a path is long.
struct BatchCategories {
    /// Each item's category, numbered in order of first appearance.
    of_item: Vec<usize>,
    /// The first item of each category.
    firsts: Vec<usize>,
}

impl BatchCategories {
    fn of(items: &[Item]) -> BatchCategories {
        let mut numbers: HashMap<&str, usize, foldhash::fast::RandomState> = HashMap::default();
        let mut firsts = Vec::new();
        let of_item = items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                *numbers.entry(item.category.as_str()).or_insert_with(|| {
                    firsts.push(index);
                    firsts.len().saturating_sub(1)
                })
            })
            .collect();
        BatchCategories { of_item, firsts }
    }

    /// [`hidden_sum_keys`] of every item that enters the totals, shown or
    /// not (those `--top` folds are added up too), found by category.
    fn sum_keys(&self, items: &[Item], depth: Option<usize>, cut_at: Option<usize>) -> SumKeys {
        let mut numbers: HashMap<&str, usize, foldhash::fast::RandomState> = HashMap::default();
        let of_category: Vec<usize> = self
            .firsts
            .iter()
            .map(|&first| {
                let next = numbers.len();
                *numbers
                    .entry(sum_key(&items[first].category, depth, cut_at))
                    .or_insert(next)
            })
            .collect();
        SumKeys {
            of_item: self
                .of_item
                .iter()
                .map(|&category| of_category[category])
                .collect(),
            count: numbers.len(),
        }
    }
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

/// Which items of a batch `--top` folds already: those that miss their
/// category's bar in `bars`, and those not among the best of their
/// category within the batch.
fn folded_in_batch(
    depth: Option<usize>,
    selection: TopSelection,
    bars: Option<&Bars>,
    items: &[Item],
    categories: &BatchCategories,
) -> Vec<bool> {
    let mut folds = vec![false; items.len()];
    let mut best: Vec<Best<usize>> = categories.firsts.iter().map(|_| Best::default()).collect();
    // Read once for the whole batch (the calling thread raises them
    // between batches), once for each category, and let go at once: the
    // calling thread does not wait for the batch to raise them.
    let bar_of: Vec<Option<Decimal>> = match bars.and_then(Bars::read) {
        Some(bars) => categories
            .firsts
            .iter()
            .map(|&first| bars.of(&items[first].category))
            .collect(),
        None => Vec::new(),
    };
    for (index, item) in items.iter().enumerate() {
        let shown = shows(depth, &item.category);
        if !shown || !item.enters_totals() {
            continue;
        }
        let category = categories.of_item[index];
        let bar = bar_of.get(category).copied().flatten();
        if bar.is_some_and(|bar| selection.misses(item.amount.won().abs(), bar)) {
            folds[index] = true;
            continue;
        }
        let rank = selection.rank(item, index as u64);
        match best[category].offer(selection.top, rank, index) {
            Offered::Kept => {}
            Offered::KeptInstead(out) | Offered::Folded(out) => folds[out] = true,
        }
    }
    folds
}

#[cfg(test)]
mod tests;
