//! `summarize` while reading: a [`SummaryBuilder`] takes items one by one
//! or a batch at a time (worked out on worker threads), keeps the rows
//! `--depth` shows and, with `--top`, each category's best items, and adds
//! up the rest.
#![warn(clippy::arithmetic_side_effects)]

use std::sync::Arc;

use super::top_rows::TopRows;
use super::{CategoryRow, ItemRow, OthersRow, Row, Summary, item_row, item_row_taking};
use crate::amount::Amount;
use crate::error::OverflowError;
use crate::load::places::ItemPlace;
use crate::model::{CategoryPath, Item, YearFile};
use crate::report::rollup::Subtotals;
use crate::report::top::{Bars, Offered, OrderFree, Rank, TopItems, TopSelection};
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
    /// leaf slot, as their place in the file (instead of
    /// [`SummaryBuilder::kept`]; their amounts are kept with their ranks),
    /// read back when their rows are written.
    placed: Option<Vec<ItemPlace>>,
    /// Some item kept has no known place: the rows cannot be read back.
    unplaced: bool,
}

/// An item kept by `--top` while a large file is read for rows written as
/// they are made (see [`crate::summary::top_rows`]): its amount, and where
/// it is written, to be read back for its row (the builder keeps its
/// amount with its rank, and its place: 36 bytes, not a whole row).
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
                    // Its rank, and so its amount, is still kept there.
                    Some(_) => top.amount(out),
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
                Some(at) => *at = item.place,
                None => placed.push(item.place),
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

/// Notes that a sum could not be held, so the summary is not known to be
/// exact.
fn fail(order_free: &mut Option<OrderFree>) {
    order_free.get_or_insert_default().fail();
}

mod batch;
mod part;
mod reading;
mod shares;
mod text_part;

use batch::BatchItems;
pub use part::SummaryPart;
use part::{PartEvent, PlacedEvent, part_hiding};
use reading::PartOptions;
pub use reading::SummaryOptions;

#[cfg(test)]
mod tests;
