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
use crate::model::{CategoryPath, YearFile};
use crate::report::HiddenExcluded;
use crate::report::outline::{SortKey, SortValue};
use crate::report::rollup::Subtotals;
use crate::report::row::{CategoryFigures, ItemFigures, OthersFigures, Report};
use crate::report::tree::{CategoryTree, Visit};

mod cagr;
mod fold;
mod history;
mod periods;

pub use cagr::{cagr_pct, cagr_years, nth_root};
use cagr::{cagr_phase, series};
pub use fold::{PeriodFold, PeriodPart};
pub use history::Gathered;
use history::{Figure, History};
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
    pub fn trend(&self) -> Result<Trend, OverflowError> {
        // Files in time order; `rank` gives each file's place there.
        let mut order: Vec<usize> = (0..self.files.len()).collect();
        order.sort_by(|&a, &b| period_order(&self.files[a], &self.files[b]));
        let mut rank = vec![0; order.len()];
        for (period, &file) in order.iter().enumerate() {
            rank[file] = period;
        }
        let ordered: Vec<&YearFile> = order.iter().map(|&file| &self.files[file]).collect();
        let periods: Vec<Period> = ordered.iter().map(|f| period(f)).collect();
        let years = cagr_years(&periods);

        // Every id in order of first appearance, in time order.
        let mut histories: Vec<&History> = self.histories.iter().collect();
        histories.sort_by_key(|history| (rank[history.first.0], history.first.1));
        let (in_totals, excluded): (Vec<&History>, Vec<&History>) = histories
            .into_iter()
            .partition(|history| history.ever_in_totals());

        let mut tree = CategoryTree::new();
        let mut sums: Vec<Subtotals> = vec![Subtotals::default(); ordered.len()];
        for (leaf, history) in in_totals.iter().enumerate() {
            tree.add_leaf(self.category_of(history.latest()), leaf);
            for (period, figure) in history.by_period(&rank).into_iter().enumerate() {
                let Some(figure) = figure.filter(|f| f.in_totals) else {
                    continue;
                };
                let node = tree.node(&self.categories[figure.category as usize]);
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
            let file_head = &self.files[file];
            for category in &self.hidden[file] {
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
                let ids = self
                    .hidden_ids
                    .get(&shown_at.unwrap_or_else(CategoryPath::top_level))
                    .map_or(0, HashSet::len);
                hidden_items.insert(shown_ancestor, ids);
            }
        }
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
        let mut item_rows = self.items_series(&in_totals, &rank, &years);
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
                Visit::Leaf(leaf) => {
                    TrendRow::Item(item_rows[leaf].take().expect("each leaf is visited once"))
                }
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
                .map(|history| self.item_series(history, &rank, &years, false))
                .collect(),
            hidden_excluded: HiddenExcluded::default(),
        })
    }

    /// The series of the items in totals, by leaf. Their growth rates are
    /// most of the work of a large trend (a root by Newton's method each),
    /// so they are worked out on every core.
    fn items_series(
        &self,
        histories: &[&History],
        rank: &[usize],
        years: &[Option<i64>],
    ) -> Vec<Option<ItemSeries>> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8));
        let chunk = histories.len().div_ceil(threads).max(1_000);
        std::thread::scope(|scope| {
            let workers: Vec<_> = histories
                .chunks(chunk)
                .map(|chunk| {
                    scope.spawn(move || {
                        chunk
                            .iter()
                            .map(|history| Some(self.item_series(history, rank, years, true)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|worker| worker.join().expect("a series worker never panics"))
                .collect()
        })
    }

    fn category_of(&self, figure: &Figure) -> &CategoryPath {
        &self.categories[figure.category as usize]
    }

    fn item_series(
        &self,
        history: &History,
        rank: &[usize],
        years: &[Option<i64>],
        totals_only: bool,
    ) -> ItemSeries {
        let values = history
            .by_period(rank)
            .into_iter()
            .map(|figure| {
                figure
                    .filter(|f| !totals_only || f.in_totals)
                    .map(|f| f.amount)
            })
            .collect();
        ItemSeries {
            id: history.id.clone(),
            name: history.latest.1.clone(),
            category: self.category_of(history.latest()).clone(),
            series: series(values, years),
            memo: history.figures.iter().any(|(_, figure)| figure.memo),
        }
    }
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

    /// A file whose items are `(id, category, amount)`.
    fn file_in(year: i64, items: &[(&str, &str, &str)]) -> YearFile {
        let mut text = format!("year = {year}\nregion = \"R\"\n");
        for (id, category, amount) in items {
            text.push_str(&format!(
                "[[item]]\nid = \"{id}\"\nname = \"{id}\"\ncategory = \"{category}\"\namount = {amount}\n"
            ));
        }
        parse_str(&text, &format!("{year}.toml")).unwrap()
    }

    #[test]
    fn hidden_ids_are_counted_once_across_files_read_in_any_order() {
        let files = [
            file_in(
                2024,
                &[("a", "x", "1"), ("b", "x/y", "10"), ("c", "x/y", "100")],
            ),
            file_in(
                2025,
                &[("b", "x/y", "20"), ("d", "x/z", "300"), ("a", "x", "2")],
            ),
        ];
        let folds: Vec<PeriodFold> = files
            .iter()
            .map(|file| {
                let mut fold = PeriodFold::new(file, Some(2));
                for item in file.items.clone() {
                    fold.add(item).unwrap();
                }
                fold
            })
            .collect();
        let in_order = trend_of(&folds).unwrap();
        let reversed = trend_of(&[folds[1].clone(), folds[0].clone()]).unwrap();
        let categories = |trend: &Trend| -> Vec<(String, Vec<Option<String>>, usize)> {
            trend
                .rows
                .iter()
                .filter_map(|row| match row {
                    TrendRow::Category(c) => Some((
                        c.category.to_string(),
                        c.series
                            .values
                            .iter()
                            .map(|v| v.map(|v| v.won().to_string()))
                            .collect(),
                        c.hidden_items,
                    )),
                    _ => None,
                })
                .collect()
        };
        let some = |won: &str| Some(won.to_owned());
        // x: 1 + 10 + 100 = 111, then 20 + 300 + 2 = 322 (amounts in won).
        // x/y hides b and c in 2024 and b again in 2025: two ids, not three.
        let expected = vec![
            ("x".to_owned(), vec![some("111"), some("322")], 0),
            ("x/y".to_owned(), vec![some("110"), some("20")], 2),
            ("x/z".to_owned(), vec![None, some("300")], 1),
        ];
        assert_eq!(categories(&in_order), expected);
        assert_eq!(categories(&reversed), expected);
        // `a` is the one item shown, under x, first of its rows.
        let items = |trend: &Trend| -> Vec<String> {
            trend
                .rows
                .iter()
                .map(|row| match row {
                    TrendRow::Item(item) => format!("item {}", item.id),
                    TrendRow::Category(c) => format!("category {}", c.category),
                    _ => "other".to_owned(),
                })
                .collect()
        };
        let walk = ["category x", "item a", "category x/y", "category x/z"];
        assert_eq!(items(&in_order), walk);
        assert_eq!(items(&reversed), walk);
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
