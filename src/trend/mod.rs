//! `trend`: every item and category subtotal across many year files, with
//! the compound annual growth rate (CAGR) over the span.
//!
//! Files are ordered by year, then by budget phase (original before
//! supplementary before final before executed). An item missing from a
//! year has no value there (a blank, not a zero). CAGR is exact up to the
//! final root, which is taken by Newton's method to `Decimal` precision.
#![warn(clippy::arithmetic_side_effects)]

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::{Amount, Unit};
use crate::error::OverflowError;
use crate::model::{CategoryPath, YearFile};
use crate::report::HiddenExcluded;
use crate::report::outline::{SortKey, SortValue};
use crate::report::rollup::Subtotals;
use crate::report::row::{CategoryFigures, ItemFigures, OthersFigures, Report};
use crate::report::tree::{CategoryTree, Visit};

mod arena;
mod cagr;
mod fold;
mod history;
mod periods;
mod values;

pub use cagr::{cagr_pct, cagr_years, nth_root};
use cagr::{cagr_phase, series};
pub use fold::{PeriodFold, PeriodPart, ShownCutFold};
pub use history::Gathered;
use history::History;
pub use periods::{PeriodError, check_periods};
use periods::{period, period_order};
pub use values::Values;

/// What `trend` computes. Amounts are in won.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// The files, in time order; every series has one value per period.
    pub periods: Vec<Period>,
    pub total: Series,
    /// The grand totals the files print (`[[total]]` without a category),
    /// beside `total`, the sum of the items; blank for a file that prints
    /// none. `None` (left out of JSON) when no file prints one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed_total: Option<Series>,
    pub rows: Vec<TrendRow>,
    /// Items that are never in totals: targets, caps, memo figures.
    pub excluded: Vec<ItemSeries>,
    /// Those `--depth` leaves out (JSON: their count, when there are any).
    #[serde(skip_serializing_if = "HiddenExcluded::is_empty")]
    pub hidden_excluded: HiddenExcluded,
    /// When the columns mix budget phases: the one phase CAGR compares
    /// (that of the latest column). Left out of JSON when they do not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cagr_phase: Option<CagrPhase>,
}

/// CAGR over columns of one phase kind only: a settlement (결산) grown
/// into a passed budget (본예산) is no growth rate a reader can use, so
/// when the columns mix phases only those of the latest column's kind
/// count (any supplementary budget counts as one kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CagrPhase {
    /// The latest column's phase, as written.
    pub phase: Option<String>,
    /// How many columns are of its kind (fewer than two: no CAGR).
    pub columns: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub file: String,
    pub year: i64,
    pub phase: Option<String>,
    pub region: String,
    pub file_unit: Unit,
    /// `2025` or `2025 executed`.
    pub label: String,
}

/// One figure over the periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Series {
    /// One per period; `None` where the figure is absent.
    pub values: Values,
    /// Compound annual growth rate in percent, from the first to the last
    /// period with a value; `None` when it is undefined.
    pub cagr_pct: Option<Decimal>,
}

/// A line of the trend's tree: a category's series, an item's, or that of
/// the items `--top` folds.
pub type TrendRow = crate::report::Row<CategorySeries, ItemSeries, OthersSeries>;

/// Items of one category folded into one series.
#[derive(Debug, Clone, Serialize)]
pub struct OthersSeries {
    pub category: CategoryPath,
    pub items: usize,
    #[serde(flatten)]
    pub series: Series,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategorySeries {
    pub category: CategoryPath,
    pub depth: usize,
    #[serde(flatten)]
    pub series: Series,
    /// Items below this category that `--depth` does not show.
    pub hidden_items: usize,
    /// The totals the files print for this category (`[[total]]` with
    /// its `category`), beside `values`, the sums of its items; blank for
    /// a file that prints none. `None` (left out of JSON) when none does.
    /// Boxed: few categories print totals, and a row is as large as its
    /// largest kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed_total: Option<Box<Series>>,
}

/// An item's row. Tens of thousands of them are held at once for a decade
/// of national files: the id and name are read from the text the trend
/// kept of every id while its files were read ([`ItemText`]), and the
/// category shared with the other items of it, not copied.
#[derive(Debug, Clone, Serialize)]
pub struct ItemSeries {
    /// The id, and the latest name.
    #[serde(flatten)]
    pub text: ItemText,
    /// The latest category.
    #[serde(serialize_with = "shared_category")]
    pub category: Arc<CategoryPath>,
    #[serde(flatten)]
    pub series: Series,
    /// A memo figure in some year (`memo = true`); left out of JSON when
    /// false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub memo: bool,
}

/// An item's id and its latest name, where the trend keeps them: in the
/// blocks of text it gathered every id's in (`trend/arena.rs`), shared
/// by every row. A copy of each (two allocations an item) took some 3.5 MB
/// of a decade of national files' 65,000 rows, while the blocks they were
/// copied from were still held.
#[derive(Clone)]
pub struct ItemText {
    texts: Arc<arena::Texts>,
    at: arena::TextAt,
    /// The id's length at `at` (the name follows it).
    id_len: u32,
}

impl ItemText {
    /// An id and a name of their own (in blocks of their own).
    pub fn new(id: &str, name: &str) -> ItemText {
        let mut texts = arena::Texts::default();
        let at = texts.push(&[id, name]);
        ItemText {
            texts: Arc::new(texts),
            at,
            id_len: u32::try_from(id.len()).expect("an id is less than 4 GiB"),
        }
    }

    pub fn id(&self) -> &str {
        &self.texts.get(self.at)[..self.id_len as usize]
    }

    pub fn name(&self) -> &str {
        &self.texts.get(self.at)[self.id_len as usize..]
    }
}

impl std::fmt::Debug for ItemText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemText")
            .field("id", &self.id())
            .field("name", &self.name())
            .finish()
    }
}

/// Written as the two fields it holds, `id` and `name`.
impl Serialize for ItemText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut fields = serializer.serialize_struct("ItemText", 2)?;
        fields.serialize_field("id", self.id())?;
        fields.serialize_field("name", self.name())?;
        fields.end()
    }
}

/// Builds the trend of several files (in any order; they are sorted).
pub fn trend(files: &[YearFile]) -> Result<Trend, OverflowError> {
    let mut gathered = Gathered::default();
    for file in files {
        let mut fold = PeriodFold::new(file, None);
        fold.merge(PeriodFold::part(None, file.items.clone()))?;
        gathered.add(fold);
    }
    gathered.trend()
}

/// The trend of folded files (in any order; they are sorted).
pub fn trend_of(folds: &[PeriodFold]) -> Result<Trend, OverflowError> {
    let mut gathered = Gathered::default();
    for fold in folds {
        gathered.add(fold.clone());
    }
    gathered.trend()
}

impl Gathered {
    /// The trend of the files gathered (in any order; they are sorted).
    /// What was gathered is freed as the trend is made: the hidden ids
    /// once counted, each id's figures once its series is made, so that
    /// the two are never held whole at once.
    pub fn trend(self) -> Result<Trend, OverflowError> {
        let Gathered {
            files,
            hidden,
            mut histories,
            texts,
            figures,
            history_of,
            categories,
            category_index,
            id_numbers,
            hidden_ids,
        } = self;
        drop((history_of, category_index, id_numbers));
        // Shared with the item rows, which read their ids and names there.
        let texts = Arc::new(texts);
        // Files in time order; `rank` gives each file's place there.
        let mut order: Vec<usize> = (0..files.len()).collect();
        order.sort_by(|&a, &b| period_order(&files[a], &files[b]));
        let mut rank = vec![0; order.len()];
        for (period, &file) in order.iter().enumerate() {
            rank[file] = period;
        }
        let ordered: Vec<&YearFile> = order.iter().map(|&file| &files[file]).collect();
        let periods: Vec<Period> = ordered.iter().map(|f| period(f)).collect();
        let years = cagr_years(&periods);

        // Every id in order of first appearance, in time order: those
        // ever in totals first, then the others (a stable sort keeps the
        // order of first appearance within each). Each key once: whether
        // an id is ever in totals is read from its figures.
        histories.sort_by_cached_key(|history| {
            (
                !history.ever_in_totals(&figures),
                rank[history.first.0 as usize],
                history.first.1,
            )
        });
        let in_totals_count = histories
            .iter()
            .take_while(|history| history.ever_in_totals(&figures))
            .count();
        let excluded = histories.split_off(in_totals_count);
        let mut in_totals = histories;

        let mut tree = CategoryTree::new();
        let mut sums: Vec<Subtotals> = vec![Subtotals::default(); ordered.len()];
        for (leaf, history) in in_totals.iter().enumerate() {
            tree.add_leaf(
                &categories[history.latest(&figures).category as usize],
                leaf,
            );
            for (period, figure) in history.by_period(&figures, &rank).into_iter().enumerate() {
                let Some(figure) = figure.filter(|f| f.in_totals) else {
                    continue;
                };
                let node = tree.node(&categories[figure.category as usize]);
                sums[period].add(
                    &tree,
                    node,
                    figure.amount,
                    &ordered[period].path,
                    ordered[period].unit.currency(),
                )?;
            }
        }
        // Hidden items: their sums go up the tree; their distinct ids are
        // counted where the shown tree stops.
        let mut hidden_items: HashMap<usize, usize> = HashMap::new();
        for (period, &file) in order.iter().enumerate() {
            let file_head = &files[file];
            for category in &hidden[file] {
                let node = tree.node(&category.category);
                sums[period].add(
                    &tree,
                    node,
                    category.sum,
                    &file_head.path,
                    file_head.unit.currency(),
                )?;
                let shown_ancestor = tree
                    .lineage(node)
                    .find(|&n| tree.path(n).map_or(0, CategoryPath::depth) == category.cut_at)
                    .unwrap_or(node);
                let shown_at = tree.path(shown_ancestor).cloned();
                let ids = hidden_ids
                    .get(&shown_at.unwrap_or_else(CategoryPath::top_level))
                    .map_or(0, history::IdSet::len);
                hidden_items.insert(shown_ancestor, ids);
            }
        }
        drop((hidden, hidden_ids));
        let series_of_node = |node| {
            let values: Vec<Option<Amount>> = sums.iter().map(|s| s.sum(node)).collect();
            series(values, &years)
        };
        let printed_total = |category: Option<&CategoryPath>| {
            let printed: Vec<Option<Amount>> = ordered
                .iter()
                .map(|file| crate::diff::printed_total(file, category))
                .collect();
            printed
                .iter()
                .any(Option::is_some)
                .then(|| series(printed, &years))
        };
        // The rows in the tree's order, a stretch at a time: each item's
        // row made in its place (on every core) from the histories put in
        // that order, the histories taken off the end as their rows are
        // made, so that the rows and the histories are never both whole.
        let walk = tree.walk();
        let top_level = Arc::new(CategoryPath::top_level());
        put_in_walk_order(&mut in_totals, &walk);
        in_totals.reverse();
        let kept = Kept {
            texts: &texts,
            figures: &figures,
            categories: &categories,
        };
        let mut rows: Vec<TrendRow> = Vec::with_capacity(walk.len());
        for visits in walk.chunks(ROWS_AT_ONCE) {
            let start = rows.len();
            rows.extend(visits.iter().map(|&visit| match visit {
                Visit::Category(node) => {
                    let category = tree.path(node).expect("categories have paths").clone();
                    TrendRow::Category(CategorySeries {
                        depth: category.depth(),
                        printed_total: printed_total(Some(&category)).map(Box::new),
                        category,
                        series: series_of_node(node),
                        hidden_items: hidden_items.get(&node).copied().unwrap_or(0),
                    })
                }
                Visit::Leaf(_) => TrendRow::Item(ItemSeries {
                    text: ItemText {
                        texts: Arc::clone(&texts),
                        at: arena::TextAt::default(),
                        id_len: 0,
                    },
                    category: Arc::clone(&top_level),
                    series: Series {
                        values: Values::default(),
                        cagr_pct: None,
                    },
                    memo: false,
                }),
            }));
            let leaves = rows[start..]
                .iter()
                .filter(|row| matches!(row, TrendRow::Item(_)))
                .count();
            let mut stretch = in_totals.split_off(in_totals.len().saturating_sub(leaves));
            stretch.reverse();
            if in_totals.len() < in_totals.capacity() / 4 {
                in_totals.shrink_to_fit();
            }
            fill_item_rows(&mut rows[start..], &stretch, &kept, &rank, &years);
        }
        drop(in_totals);
        let total = series(sums.iter().map(|s| Some(s.total())).collect(), &years);
        let cagr_phase = cagr_phase(&periods, &years);
        Ok(Trend {
            periods,
            cagr_phase,
            total,
            printed_total: printed_total(None),
            rows,
            excluded: excluded
                .iter()
                .map(|history| item_series(history, &kept, &rank, &years, false))
                .collect(),
            hidden_excluded: HiddenExcluded::default(),
        })
    }
}

/// How many rows of a trend are made at a time (see [`Gathered::trend`]).
const ROWS_AT_ONCE: usize = 4096;

/// Puts the histories of the leaves in the order the walk visits them
/// (each leaf is visited once), moving each once.
fn put_in_walk_order(histories: &mut [History], walk: &[Visit]) {
    // Where each leaf's history goes: its place among the walk's leaves.
    let mut place = vec![0; histories.len()];
    let leaves = walk.iter().filter_map(|visit| match visit {
        Visit::Leaf(leaf) => Some(*leaf),
        Visit::Category(_) => None,
    });
    for (at, leaf) in leaves.enumerate() {
        place[leaf] = at;
    }
    for at in 0..histories.len() {
        while place[at] != at {
            let to = place[at];
            histories.swap(at, to);
            place.swap(at, to);
        }
    }
}

/// What the histories' ids, names, figures and categories are kept in.
struct Kept<'g> {
    texts: &'g Arc<arena::Texts>,
    figures: &'g arena::Figures,
    categories: &'g [Arc<CategoryPath>],
}

/// Makes the item rows among `rows` of the histories, in order. Their
/// growth rates are most of the work of a large trend (a root by Newton's
/// method each), so they are worked out on every core.
fn fill_item_rows(
    rows: &mut [TrendRow],
    histories: &[History],
    kept: &Kept<'_>,
    rank: &[usize],
    years: &[Option<i64>],
) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8));
    let chunk = rows.len().div_ceil(threads).max(1_000);
    std::thread::scope(|scope| {
        let mut histories = histories;
        for rows in rows.chunks_mut(chunk) {
            let items = rows
                .iter()
                .filter(|row| matches!(row, TrendRow::Item(_)))
                .count();
            let (theirs, rest) = histories.split_at(items);
            histories = rest;
            scope.spawn(move || {
                let items = rows.iter_mut().filter_map(|row| match row {
                    TrendRow::Item(item) => Some(item),
                    _ => None,
                });
                for (item, history) in items.zip(theirs) {
                    *item = item_series(history, kept, rank, years, true);
                }
            });
        }
    });
}

/// An id's series, made of its history.
fn item_series(
    history: &History,
    kept: &Kept<'_>,
    rank: &[usize],
    years: &[Option<i64>],
    totals_only: bool,
) -> ItemSeries {
    let values = history
        .by_period(kept.figures, rank)
        .into_iter()
        .map(|figure| {
            figure
                .filter(|f| !totals_only || f.in_totals)
                .map(|f| f.amount)
        })
        .collect();
    let latest = history.latest(kept.figures);
    let category = Arc::clone(&kept.categories[latest.category as usize]);
    let memo = history.figures(kept.figures).any(|at| at.figure.memo);
    let (at, id_len) = history.text();
    ItemSeries {
        text: ItemText {
            texts: Arc::clone(kept.texts),
            at,
            id_len,
        },
        category,
        series: series(values, years),
        memo,
    }
}

/// An item's category as JSON writes it (as the path it is).
fn shared_category<S: serde::Serializer>(
    category: &Arc<CategoryPath>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    category.as_ref().serialize(serializer)
}

pub use crate::report::apply_outline;

/// First appearance unless sorted; `--top` keeps the largest latest
/// amounts.
impl Report for Trend {
    type Category = CategorySeries;
    type Item = ItemSeries;
    type Others = OthersSeries;
    const DEFAULT_SORT: Option<SortKey> = None;
    const TOP_KEY: SortKey = SortKey::Amount;

    fn fold_context(&self) -> Vec<Option<i64>> {
        cagr_years(&self.periods)
    }
    fn rows_mut(&mut self) -> &mut Vec<TrendRow> {
        &mut self.rows
    }
    fn excluded_mut(&mut self) -> &mut Vec<ItemSeries> {
        &mut self.excluded
    }
    fn hidden_excluded_mut(&mut self) -> &mut HiddenExcluded {
        &mut self.hidden_excluded
    }
}

impl TrendRow {
    pub fn series(&self) -> &Series {
        match self {
            TrendRow::Category(c) => &c.series,
            TrendRow::Item(i) => &i.series,
            TrendRow::Others(o) | TrendRow::Unchanged(o) => &o.series,
        }
    }
}

impl Series {
    fn latest(&self) -> Option<Amount> {
        self.values.iter().rev().flatten().next().copied()
    }

    /// Last value minus first value, where both exist.
    fn change(&self) -> Option<Decimal> {
        let first = self.values.iter().flatten().next()?;
        self.latest()?.won().checked_sub(first.won())
    }

    /// What `--sort` and `--top` read from a series: the latest amount,
    /// the change over the span, or CAGR.
    fn figure(&self, key: SortKey) -> SortValue {
        let value = match key {
            SortKey::Amount => self.latest().map(Amount::won),
            SortKey::Change => self.change(),
            SortKey::ChangePct => self.cagr_pct,
            // Read from the row, not its figures.
            SortKey::Name | SortKey::Id => None,
        };
        value.map_or(SortValue::Missing, SortValue::Magnitude)
    }
}

impl CategoryFigures for CategorySeries {
    fn category(&self) -> &CategoryPath {
        &self.category
    }
    fn hide_items(&mut self, count: usize) {
        self.hidden_items = count;
    }
    fn figure(&self, key: SortKey) -> SortValue {
        self.series.figure(key)
    }
}

impl ItemFigures for ItemSeries {
    fn category(&self) -> &CategoryPath {
        &self.category
    }
    fn name(&self) -> &str {
        self.text.name()
    }
    fn id(&self) -> &str {
        self.text.id()
    }
    fn is_memo(&self) -> bool {
        self.memo
    }
    fn figure(&self, key: SortKey) -> SortValue {
        self.series.figure(key)
    }
}

impl OthersFigures<ItemSeries> for OthersSeries {
    /// Each period's year where CAGR counts it (see [`cagr_years`]).
    type Context = Vec<Option<i64>>;

    fn category(&self) -> &CategoryPath {
        &self.category
    }
    fn items(&self) -> usize {
        self.items
    }
    fn fold(
        category: &CategoryPath,
        items: &[&ItemSeries],
        years: &Vec<Option<i64>>,
    ) -> Option<OthersSeries> {
        let mut values: Vec<Option<Amount>> = vec![None; years.len()];
        for item in items {
            for (sum, value) in values.iter_mut().zip(&item.series.values) {
                if let Some(value) = value {
                    *sum = Some(sum.unwrap_or(Amount::ZERO).checked_add(*value)?);
                }
            }
        }
        Some(OthersSeries {
            category: category.clone(),
            items: items.len(),
            series: series(values, years),
        })
    }
}

#[cfg(test)]
mod tests;
