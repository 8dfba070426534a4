//! `trend`: every item and category subtotal across many year files, with
//! the compound annual growth rate (CAGR) over the span.
//!
//! Files are ordered by year, then by budget phase (original before
//! supplementary before final before executed). An item missing from a
//! year has no value there (a blank, not a zero). CAGR is exact up to the
//! final root, which is taken by Newton's method to `Decimal` precision.
#![warn(clippy::arithmetic_side_effects)]

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::{Amount, Unit};
use crate::error::OverflowError;
use crate::model::{CategoryPath, Item, YearFile};
use crate::report::HiddenExcluded;
use crate::report::outline::{SortKey, SortValue};
use crate::report::rollup::Subtotals;
use crate::report::row::{CategoryFigures, ItemFigures, OthersFigures, Report};
use crate::report::tree::{CategoryTree, Visit};

mod cagr;
mod fold;
mod periods;

pub use cagr::{cagr_pct, cagr_years, nth_root};
use cagr::{cagr_phase, series};
use fold::HiddenCategory;
pub use fold::{PeriodFold, PeriodPart};
pub use periods::{PeriodError, check_periods};
use periods::{period, period_order};

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
    pub values: Vec<Option<Amount>>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed_total: Option<Series>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemSeries {
    pub id: String,
    /// The latest name.
    pub name: String,
    /// The latest category.
    pub category: CategoryPath,
    #[serde(flatten)]
    pub series: Series,
    /// A memo figure in some year (`memo = true`); left out of JSON when
    /// false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub memo: bool,
}

/// Builds the trend of several files (in any order; they are sorted).
pub fn trend(files: &[YearFile]) -> Result<Trend, OverflowError> {
    build(files.iter().map(|file| (file, &[][..])).collect())
}

/// The trend of folded files (in any order; they are sorted).
pub fn trend_of(folds: &[PeriodFold]) -> Result<Trend, OverflowError> {
    build(
        folds
            .iter()
            .map(|fold| (&fold.file, fold.hidden.as_slice()))
            .collect(),
    )
}

fn build(mut files: Vec<(&YearFile, &[HiddenCategory])>) -> Result<Trend, OverflowError> {
    files.sort_by(|a, b| period_order(a.0, b.0));
    let ordered: Vec<&YearFile> = files.iter().map(|(file, _)| *file).collect();
    let periods: Vec<Period> = ordered.iter().map(|f| period(f)).collect();
    let years = cagr_years(&periods);

    let histories = histories(&ordered);
    let (in_totals, excluded): (Vec<&History<'_>>, Vec<&History<'_>>) =
        histories.iter().partition(|h| h.ever_in_totals());

    let mut tree = CategoryTree::new();
    let mut sums: Vec<Subtotals> = vec![Subtotals::default(); ordered.len()];
    for (leaf, history) in in_totals.iter().enumerate() {
        tree.add_leaf(&history.latest().category, leaf);
        for (period, item) in history.in_totals() {
            let node = tree.node(&item.category);
            sums[period].add(
                &tree,
                node,
                item.amount,
                &ordered[period].path,
                ordered[period].unit.currency(),
            )?;
        }
    }
    // Hidden items: their sums go up the tree; their distinct ids are
    // counted where the shown tree stops.
    let mut ids_at: HashMap<usize, Vec<&[String]>> = HashMap::new();
    for (period, (file, hidden)) in files.iter().enumerate() {
        for category in hidden.iter() {
            let node = tree.node(&category.category);
            sums[period].add(&tree, node, category.sum, &file.path, file.unit.currency())?;
            let shown_ancestor = tree
                .lineage(node)
                .find(|&n| tree.path(n).map_or(0, CategoryPath::depth) == category.cut_at)
                .unwrap_or(node);
            ids_at
                .entry(shown_ancestor)
                .or_default()
                .push(&category.ids);
        }
    }
    let hidden_items: HashMap<usize, usize> = ids_at
        .into_iter()
        .map(|(node, lists)| (node, distinct(&lists)))
        .collect();
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
    let rows = tree
        .walk()
        .into_iter()
        .map(|visit| match visit {
            Visit::Category(node) => {
                let category = tree.path(node).expect("categories have paths").clone();
                TrendRow::Category(CategorySeries {
                    depth: category.depth(),
                    printed_total: printed_total(Some(&category)),
                    category,
                    series: series_of_node(node),
                    hidden_items: hidden_items.get(&node).copied().unwrap_or(0),
                })
            }
            Visit::Leaf(leaf) => TrendRow::Item(item_series(in_totals[leaf], &years, true)),
        })
        .collect();
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
            .map(|h| item_series(h, &years, false))
            .collect(),
        hidden_excluded: HiddenExcluded::default(),
    })
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
        &self.name
    }
    fn id(&self) -> &str {
        &self.id
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

/// One id across the periods.
struct History<'f> {
    items: Vec<Option<&'f Item>>,
}

impl<'f> History<'f> {
    fn ever_in_totals(&self) -> bool {
        self.items.iter().flatten().any(|i| i.enters_totals())
    }

    fn latest(&self) -> &'f Item {
        self.items
            .iter()
            .rev()
            .flatten()
            .next()
            .expect("a history has an item")
    }

    fn in_totals(&self) -> impl Iterator<Item = (usize, &'f Item)> + '_ {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(p, i)| i.filter(|i| i.enters_totals()).map(|i| (p, i)))
    }
}

/// Every id in order of first appearance, with its item in each period.
fn histories<'f>(files: &[&'f YearFile]) -> Vec<History<'f>> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut histories: Vec<History<'f>> = Vec::new();
    for (period, file) in files.iter().enumerate() {
        for item in &file.items {
            let slot = *index.entry(item.id.as_str()).or_insert_with(|| {
                histories.push(History {
                    items: vec![None; files.len()],
                });
                // The history just pushed.
                histories.len().saturating_sub(1)
            });
            histories[slot].items[period] = Some(item);
        }
    }
    histories
}

fn item_series(history: &History<'_>, years: &[Option<i64>], totals_only: bool) -> ItemSeries {
    let latest = history.latest();
    let values = history
        .items
        .iter()
        .map(|item| {
            item.filter(|i| !totals_only || i.enters_totals())
                .map(|i| i.amount)
        })
        .collect();
    ItemSeries {
        id: latest.id.clone(),
        name: latest.name.clone(),
        category: latest.category.clone(),
        series: series(values, years),
        memo: history.items.iter().flatten().any(|i| i.memo),
    }
}

/// How many different ids the lists hold together. A set sized for all of
/// them up front never grows: a decade of national files puts a million ids
/// in it.
fn distinct(lists: &[&[String]]) -> usize {
    let most = lists.iter().map(|ids| ids.len()).sum();
    let mut seen: HashSet<&str, foldhash::fast::RandomState> =
        HashSet::with_capacity_and_hasher(most, Default::default());
    seen.extend(lists.iter().flat_map(|ids| ids.iter().map(String::as_str)));
    seen.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_str;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn file(year: i64, phase: &str, items: &[(&str, &str)]) -> YearFile {
        let mut text = format!("year = {year}\nregion = \"R\"\nphase = \"{phase}\"\n");
        for (id, amount) in items {
            text.push_str(&format!(
                "[[item]]\nid = \"{id}\"\nname = \"{id}\"\ncategory = \"c\"\namount = {amount}\n"
            ));
        }
        parse_str(&text, &format!("{year}-{phase}.toml")).unwrap()
    }

    #[test]
    fn roots_are_exact_where_the_answer_is() {
        assert_eq!(nth_root(dec("1.21"), 2), Some(dec("1.1")));
        assert_eq!(nth_root(dec("1.331"), 3).unwrap().round_dp(20), dec("1.1"));
        assert_eq!(nth_root(dec("16"), 4).unwrap().round_dp(20), dec("2"));
        assert_eq!(nth_root(dec("0"), 5), Some(dec("0")));
    }

    #[test]
    fn cagr_over_several_years() {
        // 100 -> 121 over two years is +10% a year.
        assert_eq!(
            cagr_pct(dec("100"), dec("121"), 2).unwrap().round_dp(20),
            dec("10")
        );
        // 100 -> 50 over one year: -50%.
        assert_eq!(cagr_pct(dec("100"), dec("50"), 1), Some(dec("-50")));
        assert_eq!(cagr_pct(dec("0"), dec("50"), 3), None);
        assert_eq!(cagr_pct(dec("-5"), dec("50"), 3), None);
        assert_eq!(cagr_pct(dec("5"), dec("50"), 0), None);
        // To nothing: -100%.
        assert_eq!(cagr_pct(dec("5"), dec("0"), 2), Some(dec("-100")));
    }

    #[test]
    fn files_are_ordered_by_year_then_phase() {
        let files = [
            file(2026, "final", &[]),
            file(2026, "supplementary-1", &[]),
            file(2025, "executed", &[]),
            file(2026, "original", &[]),
        ];
        let trend = trend(&files).unwrap();
        let labels: Vec<&str> = trend.periods.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "2025 executed",
                "2026 original",
                "2026 supplementary-1",
                "2026 final"
            ]
        );
    }

    #[test]
    fn missing_years_are_blanks_not_zeros() {
        let files = [
            file(2023, "final", &[("a", "100"), ("b", "5")]),
            file(2024, "final", &[("b", "6")]),
            file(2025, "final", &[("a", "121"), ("b", "7")]),
        ];
        let trend = trend(&files).unwrap();
        let a = trend
            .rows
            .iter()
            .find_map(|row| match row {
                TrendRow::Item(item) if item.id == "a" => Some(item),
                _ => None,
            })
            .unwrap();
        assert_eq!(a.series.values[1], None);
        assert_eq!(a.series.cagr_pct.unwrap().round_dp(20), dec("10"));
        let totals: Vec<String> = trend
            .total
            .values
            .iter()
            .map(|v| v.unwrap().won().to_string())
            .collect();
        assert_eq!(totals, ["105", "6", "128"]);
    }
}
