//! `summarize` while reading: a [`SummaryBuilder`] takes items one by one
//! or a batch at a time (worked out on worker threads), keeps the rows
//! `--depth` shows and, with `--top`, each category's best items, and adds
//! up the rest.
#![warn(clippy::arithmetic_side_effects)]

use std::collections::HashMap;
use std::sync::Arc;

use super::{CategoryRow, ItemRow, OthersRow, Row, Summary, item_row};
use crate::amount::Amount;
use crate::error::OverflowError;
use crate::model::{CategoryPath, Item, YearFile};
use crate::report::outline::OutlineOptions;
use crate::report::percent::percent_of;
use crate::report::rollup::Subtotals;
use crate::report::top::{Bars, Best, Offered, OrderFree, TopItems, TopSelection};
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

    /// Adds an item shown at this depth that enters the totals, keeping it
    /// only while it is among its category's best.
    fn add_selecting(&mut self, item: &Item) -> Result<(), OverflowError> {
        let node = self.tree.node(&item.category);
        self.add_to_node(node, item.amount, 1)?;
        let Some(top) = self.top.as_mut() else {
            return Ok(());
        };
        let rank = top.next_rank(item);
        // A freed slot, or a new one past the end.
        let slot = self.free_slots.pop().unwrap_or(self.kept.len());
        match top.offer(node, rank, slot) {
            Offered::Folded(_) => {
                if !top.fold(node, item.amount, 1) {
                    fail(&mut self.order_free);
                }
                if slot < self.kept.len() {
                    self.free_slots.push(slot);
                }
                return Ok(());
            }
            Offered::KeptInstead(out) => {
                let row = self.kept[out].take().expect("a kept item has a row");
                self.tree.remove_leaf(node, out);
                if !top.fold(node, row.amount, 1) {
                    fail(&mut self.order_free);
                }
                self.free_slots.push(out);
            }
            Offered::Kept => {}
        }
        let row = Some(item_row(item, None));
        match self.kept.get_mut(slot) {
            Some(place) => *place = row,
            None => self.kept.push(row),
        }
        self.tree.push_leaf(node, slot);
        Ok(())
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
        };
        SummaryBuilder::part_with(options, items)
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
    fn part_with(options: PartOptions<'_>, items: Vec<Item>) -> SummaryPart {
        let PartOptions {
            depth,
            cut_at,
            selection,
            bars,
        } = options;
        let folds = match selection {
            Some(selection) => folded_in_batch(depth, selection, bars, &items),
            None => Vec::new(),
        };
        let tracks_order = selection.is_some() || cut_at.is_some();
        let mut part = SummaryPart {
            events: Vec::new(),
            order_free: OrderFree::default(),
        };
        // Where each category's sum is, by its path's text: items shown
        // but folded apart from those hidden.
        let mut added_at: [HashMap<String, usize, foldhash::fast::RandomState>; 2] =
            Default::default();
        for (index, item) in items.into_iter().enumerate() {
            let shown = shows(depth, &item.category);
            let folded = folds.get(index).copied().unwrap_or(false);
            // Figures not in totals go to the builder even when hidden,
            // so that it counts them.
            if (shown && !folded) || !item.enters_totals() {
                part.events.push(PartEvent::Shown(Box::new(item)));
                continue;
            }
            if tracks_order {
                part.order_free.add(item.amount);
            }
            let key = match cut_at {
                Some(cut_at) if !shown => item.category.prefix(cut_at),
                _ => item.category.as_str(),
            };
            let sums = &mut added_at[usize::from(folded)];
            let slot = sums.get(key).copied();
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
                sums.insert(key.to_owned(), part.events.len());
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
        for event in part.events {
            match event {
                PartEvent::Shown(item) => self.add(&item)?,
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
        if let (Some(top), Some(bars)) = (self.top.as_mut(), self.bars.as_deref()) {
            let tree = &self.tree;
            top.publish(bars, |node| {
                tree.path(node).expect("only categories keep items")
            });
        }
        Ok(())
    }

    /// The summary of everything added.
    pub fn finish(mut self) -> Summary {
        let total = self.subtotals.total();
        let mut kept = self.kept;
        let top = self.top;
        let mut rows = Vec::new();
        for visit in self.tree.walk() {
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
        match options.cut_at() {
            Some(depth) => SummaryBuilder {
                cut_at: Some(depth),
                order_free: Some(builder.order_free.unwrap_or_default()),
                ..builder
            },
            None => builder,
        }
    }

    fn part(options: &SummaryOptions, items: Vec<Item>) -> SummaryPart {
        let part_options = PartOptions {
            depth: options.outline.depth,
            cut_at: options.cut_at(),
            selection: top_selection(&options.outline),
            bars: Some(&options.bars),
        };
        SummaryBuilder::part_with(part_options, items)
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
}

impl From<OutlineOptions> for SummaryOptions {
    fn from(outline: OutlineOptions) -> SummaryOptions {
        SummaryOptions {
            outline,
            bars: Arc::default(),
            cut: true,
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
    /// The amounts added up here, for [`TopItems::order_free`].
    order_free: OrderFree,
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

/// Which items of a batch `--top` folds already: those that miss their
/// category's bar in `bars`, and those not among the best of their
/// category within the batch.
fn folded_in_batch(
    depth: Option<usize>,
    selection: TopSelection,
    bars: Option<&Bars>,
    items: &[Item],
) -> Vec<bool> {
    let mut folds = vec![false; items.len()];
    let mut best: HashMap<&CategoryPath, Best<usize>, foldhash::fast::RandomState> =
        HashMap::default();
    // Read once for the whole batch: the calling thread raises them
    // between batches.
    let bars = bars.and_then(Bars::read);
    for (index, item) in items.iter().enumerate() {
        let shown = shows(depth, &item.category);
        if !shown || !item.enters_totals() {
            continue;
        }
        let bar = bars.as_ref().and_then(|bars| bars.of(&item.category));
        if bar.is_some_and(|bar| selection.misses(item.amount.won().abs(), bar)) {
            folds[index] = true;
            continue;
        }
        let rank = selection.rank(item, index as u64);
        match best
            .entry(&item.category)
            .or_default()
            .offer(selection.top, rank, index)
        {
            Offered::Kept => {}
            Offered::KeptInstead(out) | Offered::Folded(out) => folds[out] = true,
        }
    }
    folds
}

#[cfg(test)]
mod tests;
