//! `summarize`: category subtotals rolled up the category tree, the grand
//! total, each row's share of it, and per-count averages with their bounds.
//!
//! All sums are exact. Shares and averages are quotients: they carry
//! `Decimal`'s 28 significant digits and are rounded only when displayed.
#![warn(clippy::arithmetic_side_effects)]

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::{Amount, Unit};
pub use crate::error::OverflowError;
use crate::model::{CategoryPath, CountLabels, Item, Status, YearFile};
use crate::report::average::{Average, averages};
use crate::report::outline::{OutlineOptions, SortKey, SortValue};
pub use crate::report::percent::percent_of;
use crate::report::rollup::Subtotals;
use crate::report::row::{CategoryFigures, ItemFigures, OthersFigures, Report};
use crate::report::shows;
use crate::report::top::{Best, Offered, OrderFree, TopItems, TopSelection};
use crate::report::tree::{CategoryTree, NodeId, Visit};
use std::collections::HashMap;

/// What `summarize` computes for one file. Amounts are in won.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub file: String,
    pub year: i64,
    pub region: String,
    pub phase: Option<String>,
    pub source: Option<String>,
    /// The unit the file writes bare numbers in (the default display unit).
    pub file_unit: Unit,
    /// Labels the file gives its count keys, for display only.
    #[serde(skip)]
    pub count_labels: CountLabels,
    /// Grand total of actual and planned items.
    pub total: Amount,
    /// The category tree, depth first in order of first appearance, each
    /// category followed by its own items and subcategories.
    pub rows: Vec<Row>,
    /// Targets and caps: listed, never added up.
    pub excluded: Vec<ItemRow>,
}

/// A line of the summary tree: a category with its subtotal, an item, or
/// the items `--top` folds.
pub type Row = crate::report::Row<CategoryRow, ItemRow, OthersRow>;

/// Items of one category folded into one row, with their exact subtotal.
#[derive(Debug, Clone, Serialize)]
pub struct OthersRow {
    /// The category the folded items belong to.
    pub category: CategoryPath,
    /// How many items are folded.
    pub items: usize,
    /// Called `amount` in every output format, as for items.
    #[serde(rename = "amount")]
    pub subtotal: Amount,
    pub share_pct: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryRow {
    pub category: CategoryPath,
    /// 1 for a top-level category.
    pub depth: usize,
    /// Called `amount` in every output format, as for items.
    #[serde(rename = "amount")]
    pub subtotal: Amount,
    /// Percent of the grand total; `None` when the total is zero.
    pub share_pct: Option<Decimal>,
    /// Items in this category and below.
    pub items: usize,
    /// Items below this category that `--depth` does not show.
    pub hidden_items: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub id: String,
    pub name: String,
    pub category: CategoryPath,
    pub status: Status,
    pub amount: Amount,
    /// Percent of the grand total; `None` for targets, caps, or a zero total.
    pub share_pct: Option<Decimal>,
    pub averages: Vec<Average>,
    pub parts: Vec<PartRow>,
    pub note: Option<String>,
    pub source: Option<String>,
    pub line: usize,
    /// A memo figure (`memo = true`): shown, never in totals. Left out of
    /// JSON when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub memo: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartRow {
    pub name: String,
    pub amount: Amount,
}

/// Summarizes one year file.
pub fn summarize(file: &YearFile) -> Result<Summary, OverflowError> {
    let mut builder = SummaryBuilder::new(file, None);
    for item in &file.items {
        builder.add(item)?;
    }
    Ok(builder.finish())
}

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
            },
            depth,
            tree: CategoryTree::new(),
            subtotals: Subtotals::default(),
            kept: Vec::new(),
            free_slots: Vec::new(),
            top: None,
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
            ..SummaryBuilder::new(file, depth)
        }
    }

    /// Whether the summary is sure to be the one every item kept would
    /// give. `false` only where sums of `Decimal`s could depend on their
    /// order (amounts near its limits): read the file again with
    /// [`SummaryBuilder::new`].
    pub fn is_exact(&self) -> bool {
        self.top.as_ref().is_none_or(|top| top.order_free.holds())
    }

    /// Adds one item, exactly.
    pub fn add(&mut self, item: &Item) -> Result<(), OverflowError> {
        let shown = shows(self.depth, &item.category);
        if !item.enters_totals() {
            if shown {
                self.head.excluded.push(item_row(item, None));
            }
            return Ok(());
        }
        if shown && self.top.is_some() {
            return self.add_selecting(item);
        }
        let node = if shown {
            let node = self.tree.add_leaf(&item.category, self.kept.len());
            self.kept.push(Some(item_row(item, None)));
            node
        } else {
            if let Some(top) = self.top.as_mut() {
                top.order_free.add(item.amount);
            }
            self.tree.node(&item.category)
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
        top.order_free.add(item.amount);
        let rank = top.next_rank(item);
        // A freed slot, or a new one past the end.
        let slot = self.free_slots.pop().unwrap_or(self.kept.len());
        match top.offer(node, rank, slot) {
            Offered::Folded(_) => {
                top.fold(node, item.amount, 1);
                if slot < self.kept.len() {
                    self.free_slots.push(slot);
                }
                return Ok(());
            }
            Offered::KeptInstead(out) => {
                let row = self.kept[out].take().expect("a kept item has a row");
                self.tree.remove_leaf(node, out);
                top.fold(node, row.amount, 1);
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
        self.subtotals
            .add(&self.tree, node, amount, &self.head.file)?;
        self.subtotals.count(&self.tree, node, count);
        Ok(())
    }

    /// What a worker thread makes of a batch of items for [`merge`]: items
    /// `depth` hides are added up per category there, in their order of
    /// first appearance, so the calling thread only merges subtotals.
    ///
    /// [`merge`]: SummaryBuilder::merge
    pub fn part(depth: Option<usize>, items: Vec<Item>) -> SummaryPart {
        SummaryBuilder::part_selecting(depth, None, items)
    }

    /// [`SummaryBuilder::part`] for a builder made with
    /// [`SummaryBuilder::selecting`]: items shown at this depth that are not
    /// among the best of their category within the batch are folded there
    /// (an item not among the best of its batch is not among the best of
    /// the file).
    pub fn part_selecting(
        depth: Option<usize>,
        selection: Option<TopSelection>,
        items: Vec<Item>,
    ) -> SummaryPart {
        let folds = match selection {
            Some(selection) => folded_in_batch(depth, selection, &items),
            None => Vec::new(),
        };
        let mut part = SummaryPart {
            events: Vec::new(),
            order_free: OrderFree::default(),
        };
        let mut added_at: HashMap<(CategoryPath, bool), usize, foldhash::fast::RandomState> =
            HashMap::default();
        for (index, item) in items.into_iter().enumerate() {
            let shown = shows(depth, &item.category);
            let folded = folds.get(index).copied().unwrap_or(false);
            if shown && !folded {
                part.events.push(PartEvent::Shown(Box::new(item)));
                continue;
            }
            if !item.enters_totals() {
                continue;
            }
            if selection.is_some() {
                part.order_free.add(item.amount);
            }
            let key = (item.category, folded);
            let slot = added_at.get(&key).copied();
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
                part.events.push(PartEvent::Hidden {
                    category: key.0.clone(),
                    sum: item.amount,
                    count: 1,
                    folded,
                });
                added_at.insert(key, part.events.len().saturating_sub(1));
            }
        }
        part
    }

    /// Takes a batch's part, in file order.
    pub fn merge(&mut self, part: SummaryPart) -> Result<(), OverflowError> {
        if let Some(top) = self.top.as_mut() {
            top.order_free.merge(part.order_free);
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
                    if let (true, Some(top)) = (folded, self.top.as_mut()) {
                        top.fold(node, sum, count);
                    }
                }
            }
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
                    let at_depth = self.depth == Some(category.depth());
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
    type Options = OutlineOptions;
    type Part = SummaryPart;
    type Error = OverflowError;
    type Output = Summary;

    fn new(head: &YearFile, outline: &OutlineOptions) -> SummaryBuilder {
        match top_selection(outline) {
            Some(selection) => SummaryBuilder::selecting(head, outline.depth, selection),
            None => SummaryBuilder::new(head, outline.depth),
        }
    }

    fn part(outline: &OutlineOptions, items: Vec<Item>) -> SummaryPart {
        SummaryBuilder::part_selecting(outline.depth, top_selection(outline), items)
    }

    fn merge(&mut self, part: SummaryPart) -> Result<(), OverflowError> {
        SummaryBuilder::merge(self, part)
    }

    fn finish(self) -> Summary {
        SummaryBuilder::finish(self)
    }
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

/// Which items of a batch `--top` folds already: those not among the best
/// of their category within the batch.
fn folded_in_batch(depth: Option<usize>, selection: TopSelection, items: &[Item]) -> Vec<bool> {
    let mut folds = vec![false; items.len()];
    let mut best: HashMap<&CategoryPath, Best<usize>, foldhash::fast::RandomState> =
        HashMap::default();
    for (index, item) in items.iter().enumerate() {
        let shown = shows(depth, &item.category);
        if !shown || !item.enters_totals() {
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

pub use crate::report::apply_outline;

/// The file's order unless sorted; `--top` keeps the largest amounts.
impl Report for Summary {
    type Category = CategoryRow;
    type Item = ItemRow;
    type Others = OthersRow;
    const DEFAULT_SORT: Option<SortKey> = None;
    const TOP_KEY: SortKey = SortKey::Amount;

    fn fold_context(&self) -> Amount {
        self.total
    }
    fn rows_mut(&mut self) -> &mut Vec<Row> {
        &mut self.rows
    }
    fn excluded_mut(&mut self) -> &mut Vec<ItemRow> {
        &mut self.excluded
    }
}

/// A single year has no change: amounts stand in for it.
fn amount_figure(amount: Amount) -> SortValue {
    SortValue::Magnitude(amount.won())
}

impl CategoryFigures for CategoryRow {
    fn category(&self) -> &CategoryPath {
        &self.category
    }
    fn hide_items(&mut self, count: usize) {
        self.hidden_items = count;
    }
    fn figure(&self, _key: SortKey) -> SortValue {
        amount_figure(self.subtotal)
    }
}

impl ItemFigures for ItemRow {
    fn category(&self) -> &CategoryPath {
        &self.category
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn figure(&self, _key: SortKey) -> SortValue {
        amount_figure(self.amount)
    }
}

impl OthersFigures<ItemRow> for OthersRow {
    /// The grand total, for shares.
    type Context = Amount;

    fn category(&self) -> &CategoryPath {
        &self.category
    }
    fn items(&self) -> usize {
        self.items
    }
    fn fold(category: &CategoryPath, items: &[&ItemRow], total: &Amount) -> Option<OthersRow> {
        let subtotal = items
            .iter()
            .try_fold(Amount::ZERO, |sum, item| sum.checked_add(item.amount))?;
        Some(OthersRow {
            category: category.clone(),
            items: items.len(),
            share_pct: percent_of(subtotal.won(), total.won()),
            subtotal,
        })
    }
}

fn item_row(item: &Item, total: Option<Amount>) -> ItemRow {
    ItemRow {
        id: item.id.clone(),
        name: item.name.clone(),
        category: item.category.clone(),
        status: item.status,
        amount: item.amount,
        share_pct: total.and_then(|t| percent_of(item.amount.won(), t.won())),
        averages: averages(item),
        parts: item
            .parts
            .iter()
            .map(|p| PartRow {
                name: p.name.clone(),
                amount: p.amount,
            })
            .collect(),
        note: item.note.clone(),
        source: item.source.clone(),
        line: item.line,
        memo: item.memo,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_str;
    use crate::report::average::Bound;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn file(items: &str) -> YearFile {
        let text = format!("year = 2025\nregion = \"R\"\nunit = \"billion won\"\n{items}");
        parse_str(&text, "t.toml").unwrap()
    }

    fn item(id: &str, category: &str, amount: &str, extra: &str) -> String {
        format!(
            "[[item]]\nid = \"{id}\"\nname = \"{id}\"\ncategory = \"{category}\"\namount = {amount}\n{extra}\n"
        )
    }

    #[test]
    fn subtotals_roll_up_the_tree_in_file_order() {
        let items = [
            item("a", "finance/loans", "240.4", ""),
            item("b", "infra", "3.5", ""),
            item("c", "finance/funds", "1.5", ""),
            item("d", "finance", "0.1", ""),
        ]
        .concat();
        let summary = summarize(&file(&items)).unwrap();
        assert_eq!(summary.total.won(), dec("245500000000"));
        let labels: Vec<String> = summary
            .rows
            .iter()
            .map(|row| match row {
                Row::Category(c) => format!("{}={}", c.category, c.subtotal.won()),
                Row::Item(i) => i.id.clone(),
                Row::Others(_) | Row::Unchanged(_) => {
                    unreachable!("nothing is folded without --top")
                }
            })
            .collect();
        assert_eq!(
            labels,
            [
                "finance=242000000000",
                "finance/loans=240400000000",
                "a",
                "finance/funds=1500000000",
                "c",
                "d",
                "infra=3500000000",
                "b",
            ]
        );
    }

    #[test]
    fn targets_and_caps_stay_out_of_totals() {
        let items = [
            item("a", "x", "10", ""),
            item("t", "x", "1000", "status = \"target\""),
            item("c", "y", "5", "status = \"cap\""),
            item("p", "x", "2", "status = \"planned\""),
        ]
        .concat();
        let summary = summarize(&file(&items)).unwrap();
        assert_eq!(summary.total.won(), dec("12000000000"));
        let excluded: Vec<&str> = summary.excluded.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(excluded, ["t", "c"]);
        assert!(summary.excluded.iter().all(|r| r.share_pct.is_none()));
        assert!(
            !summary
                .rows
                .iter()
                .any(|r| matches!(r, Row::Category(c) if c.category.to_string() == "y"))
        );
    }

    #[test]
    fn shares_are_percent_of_the_total() {
        let items = [
            item("a", "x", "240.4", ""),
            item("b", "y", "236.6", ""),
            item("c", "z", "3.5", ""),
        ]
        .concat();
        let summary = summarize(&file(&items)).unwrap();
        let share = |id: &str| {
            summary.rows.iter().find_map(|r| match r {
                Row::Item(i) if i.id == id => i.share_pct,
                _ => None,
            })
        };
        // 240.4 / 480.5 = 0.500312...; 3.5 / 480.5 = 0.0072840...
        assert_eq!(share("a").unwrap().round_dp(4), dec("50.0312"));
        assert_eq!(share("c").unwrap().round_dp(4), dec("0.7284"));
    }

    #[test]
    fn averages_with_at_least_counts_are_upper_bounds() {
        let items = item(
            "inv",
            "i",
            "236.6",
            "counts = { companies = 9, jobs = \"390+\" }",
        );
        let summary = summarize(&file(&items)).unwrap();
        let Row::Item(row) = &summary.rows[1] else {
            panic!("expected an item row")
        };
        // 236.6e9 / 9 = 26,288,888,888.88...; 236.6e9 / 390 = 606,666,666.66...
        assert_eq!(row.averages[0].bound, Bound::Exact);
        assert_eq!(row.averages[0].value.round_dp(2), dec("26288888888.89"));
        assert_eq!(row.averages[1].bound, Bound::AtMost);
        assert_eq!(row.averages[1].value.round_dp(2), dec("606666666.67"));
    }

    #[test]
    fn negative_amounts_with_at_least_counts_are_lower_bounds() {
        let items = item("refund", "r", "-6", "counts = { companies = \"3+\" }");
        let summary = summarize(&file(&items)).unwrap();
        let Row::Item(row) = &summary.rows[1] else {
            panic!("expected an item row")
        };
        assert_eq!(row.averages[0].bound, Bound::AtLeast);
        assert_eq!(row.averages[0].value, dec("-2000000000"));
    }

    #[test]
    fn a_zero_total_has_no_shares() {
        let items = [item("a", "x", "1", ""), item("b", "x", "-1", "")].concat();
        let summary = summarize(&file(&items)).unwrap();
        assert!(summary.total.is_zero());
        assert!(summary.rows.iter().all(|r| match r {
            Row::Category(c) => c.share_pct.is_none(),
            Row::Item(i) => i.share_pct.is_none(),
            Row::Others(o) | Row::Unchanged(o) => o.share_pct.is_none(),
        }));
    }

    #[test]
    fn overflowing_sums_are_errors() {
        // 4e28 won each: the pair exceeds Decimal's 7.9e28.
        let huge = "\"40000000000000000 trillion won\"";
        let text = format!(
            "year = 2025\nregion = \"R\"\n{}{}",
            item("a", "x", huge, ""),
            item("b", "x", huge, "")
        );
        let file = parse_str(&text, "t.toml").unwrap();
        let error = summarize(&file).unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.toml: the sum of the items in category `x` is too large to be held exactly \
             (beyond 79,228,162,514,264,337,593,543,950,335 won)"
        );
    }
}
