//! `trend`: every item and category subtotal across many year files, with
//! the compound annual growth rate (CAGR) over the span.
//!
//! Files are ordered by year, then by budget phase (original before
//! supplementary before final before executed). An item missing from a
//! year has no value there (a blank, not a zero). CAGR is exact up to the
//! final root, which is taken by Newton's method to `Decimal` precision.
#![warn(clippy::arithmetic_side_effects)]

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use rust_decimal::{Decimal, MathematicalOps};
use serde::Serialize;

use crate::amount::{Amount, Unit};
use crate::error::{Figure, OverflowError};
use crate::model::{CategoryPath, Item, YearFile};
use crate::phase::PhaseKind;
use crate::report::outline::{OutlineOptions, SortKey, SortValue};
use crate::report::percent::percent_change;
use crate::report::rollup::Subtotals;
use crate::report::row::{CategoryFigures, ItemFigures, OthersFigures, Report};
use crate::report::shows;
use crate::report::tree::{CategoryTree, Visit};

/// What `trend` computes. Amounts are in won.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// The files, in time order; every series has one value per period.
    pub periods: Vec<Period>,
    pub total: Series,
    pub rows: Vec<TrendRow>,
    /// Items that are only ever targets or caps.
    pub excluded: Vec<ItemSeries>,
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

/// One file's part of a trend, folded while the file is read: the items
/// that `--depth` shows, and per category the sum and ids of those it
/// hides. Memory grows with what is shown, not with the file.
pub struct PeriodFold {
    /// The file's heading and the items kept.
    pub file: YearFile,
    hidden: Vec<HiddenCategory>,
    index: HashMap<CategoryPath, usize, foldhash::fast::RandomState>,
    depth: Option<usize>,
}

/// Items of one category that `--depth` hides, in one file.
struct HiddenCategory {
    category: CategoryPath,
    /// The depth where the shown tree stops (`--depth`).
    cut_at: usize,
    sum: Amount,
    ids: Vec<String>,
}

/// What a batch of items adds to a [`PeriodFold`], worked out on a worker
/// thread: the shown items, and the hidden ones added up per category in
/// order of first appearance.
pub struct PeriodPart {
    shown: Vec<Item>,
    hidden: Vec<HiddenCategory>,
}

impl PeriodFold {
    /// A fold for `head`'s file (its items are not read here).
    pub fn new(head: &YearFile, depth: Option<usize>) -> PeriodFold {
        PeriodFold {
            file: YearFile {
                items: Vec::new(),
                ..head.clone()
            },
            hidden: Vec::new(),
            index: HashMap::default(),
            depth,
        }
    }

    /// Takes one item: kept if shown, else added to its category.
    pub fn add(&mut self, item: Item) -> Result<(), OverflowError> {
        self.merge(Self::part(self.depth, vec![item]))
    }

    /// Folds a batch of items, in file order, for [`PeriodFold::merge`].
    pub fn part(depth: Option<usize>, items: Vec<Item>) -> PeriodPart {
        let mut part = PeriodPart {
            shown: Vec::new(),
            hidden: Vec::new(),
        };
        let mut index: HashMap<CategoryPath, usize, foldhash::fast::RandomState> =
            HashMap::default();
        for item in items {
            let cut_at = match depth {
                Some(depth) if !shows(Some(depth), &item.category) => depth,
                _ => {
                    part.shown.push(item);
                    continue;
                }
            };
            if !item.enters_totals() {
                continue;
            }
            let slot = index.get(&item.category).copied();
            let added = slot.and_then(|slot| {
                let hidden = &mut part.hidden[slot];
                hidden.sum = hidden.sum.checked_add(item.amount)?;
                Some(slot)
            });
            match added {
                Some(slot) => part.hidden[slot].ids.push(item.id),
                None => {
                    // A new category here, or a sum that would leave
                    // Decimal's range: a new entry, so that merging meets
                    // the overflow where adding one by one would.
                    index.insert(item.category.clone(), part.hidden.len());
                    part.hidden.push(HiddenCategory {
                        category: item.category,
                        cut_at,
                        sum: item.amount,
                        ids: vec![item.id],
                    });
                }
            }
        }
        part
    }

    /// Takes a batch's part; parts must come in file order.
    pub fn merge(&mut self, part: PeriodPart) -> Result<(), OverflowError> {
        self.file.items.extend(part.shown);
        for hidden in part.hidden {
            let Some(&slot) = self.index.get(&hidden.category) else {
                self.index
                    .insert(hidden.category.clone(), self.hidden.len());
                self.hidden.push(hidden);
                continue;
            };
            let folded = &mut self.hidden[slot];
            folded.sum = folded
                .sum
                .exact_add(hidden.sum)
                .map_err(|reason| OverflowError {
                    file: self.file.path.clone(),
                    scope: format!("category `{}`", folded.category),
                    figure: Figure::Sum,
                    reason,
                })?;
            folded.ids.extend(hidden.ids);
        }
        Ok(())
    }
}

/// `trend` while reading: one file's items that `--depth` shows, and the
/// sums of those it hides. The fold is the result: [`trend_of`] lines the
/// files' folds up.
impl crate::load::Fold for PeriodFold {
    type Options = OutlineOptions;
    type Part = PeriodPart;
    type Error = OverflowError;
    type Output = PeriodFold;

    fn new(head: &YearFile, outline: &OutlineOptions) -> PeriodFold {
        PeriodFold::new(head, outline.depth)
    }

    fn part(outline: &OutlineOptions, items: Vec<Item>) -> PeriodPart {
        PeriodFold::part(outline.depth, items)
    }

    fn merge(&mut self, part: PeriodPart) -> Result<(), OverflowError> {
        PeriodFold::merge(self, part)
    }

    fn finish(self) -> PeriodFold {
        self
    }
}

/// Why files cannot make one series.
#[derive(Debug, thiserror::Error)]
pub enum PeriodError {
    /// Files of different regions, not asked for (`--mixed-regions`).
    #[error(
        "the files are of different regions: {regions}; a trend follows one region \
         (pass --mixed-regions to show them together anyway)"
    )]
    MixedRegions {
        /// Each region with its files: `수원시 (a.toml), Gyeongju (b.toml)`.
        regions: String,
    },
    /// Two files for the same region, year and phase.
    #[error(
        "{}: {} {year} ({}) is also in {}; a trend takes one file per year and phase",
        crate::quote::visible(.second),
        crate::quote::short(.region),
        crate::quote::short(.phase),
        crate::quote::visible(.first)
    )]
    DuplicatePeriod {
        first: String,
        second: String,
        region: String,
        year: i64,
        phase: String,
    },
}

/// Checks that `files` make one series: one region (unless
/// `mixed_regions`), and one file per region, year and phase (phases
/// compared as `check`'s `duplicate-year` rule does: `본예산` and
/// `당초예산` are one phase). Returns the warning a mix of regions gets.
pub fn check_periods<'f>(
    files: impl IntoIterator<Item = &'f YearFile>,
    mixed_regions: bool,
) -> Result<Option<String>, PeriodError> {
    let mut seen: Vec<&YearFile> = Vec::new();
    for file in files {
        if let Some(first) = seen.iter().find(|f| same_period(f, file)) {
            return Err(PeriodError::DuplicatePeriod {
                first: first.path.clone(),
                second: file.path.clone(),
                region: file.region.clone(),
                year: file.year,
                phase: file.phase.clone().unwrap_or_else(|| "no phase".to_owned()),
            });
        }
        seen.push(file);
    }
    let mut regions: Vec<(&str, Vec<&str>)> = Vec::new();
    for file in &seen {
        let region = file.region.trim();
        match regions.iter_mut().find(|(r, _)| *r == region) {
            Some((_, paths)) => paths.push(&file.path),
            None => regions.push((region, vec![&file.path])),
        }
    }
    if regions.len() < 2 {
        return Ok(None);
    }
    let regions = regions
        .iter()
        .map(|(region, paths)| {
            let paths: Vec<String> = paths
                .iter()
                .map(|path| crate::quote::visible(path).into_owned())
                .collect();
            format!("{} ({})", crate::quote::short(region), paths.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ");
    if mixed_regions {
        Ok(Some(format!(
            "one series of different regions, as asked: {regions}"
        )))
    } else {
        Err(PeriodError::MixedRegions { regions })
    }
}

/// Same region, year and phase.
fn same_period(a: &YearFile, b: &YearFile) -> bool {
    let phase_key = |file: &YearFile| {
        file.phase
            .as_ref()
            .map(|p| match crate::phase::PhaseKind::recognise(p) {
                Some(kind) => kind.name_en(),
                None => p.trim().to_lowercase(),
            })
    };
    a.region.trim() == b.region.trim() && a.year == b.year && phase_key(a) == phase_key(b)
}

impl Trend {
    /// The regions of the periods, each once, in time order: one for a
    /// proper trend, more with `--mixed-regions`.
    pub fn regions(&self) -> Vec<&str> {
        let mut regions: Vec<&str> = Vec::new();
        for period in &self.periods {
            if !regions.contains(&period.region.as_str()) {
                regions.push(&period.region);
            }
        }
        regions
    }
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
            sums[period].add(&tree, node, item.amount, &ordered[period].path)?;
        }
    }
    // Hidden items: their sums go up the tree; their distinct ids are
    // counted where the shown tree stops.
    let mut ids_at: HashMap<usize, Vec<&[String]>> = HashMap::new();
    for (period, (file, hidden)) in files.iter().enumerate() {
        for category in hidden.iter() {
            let node = tree.node(&category.category);
            sums[period].add(&tree, node, category.sum, &file.path)?;
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
    let rows = tree
        .walk()
        .into_iter()
        .map(|visit| match visit {
            Visit::Category(node) => {
                let category = tree.path(node).expect("categories have paths").clone();
                TrendRow::Category(CategorySeries {
                    depth: category.depth(),
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
        rows,
        excluded: excluded
            .iter()
            .map(|h| item_series(h, &years, false))
            .collect(),
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

/// Compound annual growth rate in percent between two values `years`
/// apart: `((last / first)^(1/years) - 1) × 100`. Over one year it is the
/// percent change itself, computed the same way as `diff`'s. `None` when
/// undefined: no years between, or a base that is not positive, or a
/// negative end.
pub fn cagr_pct(first: Decimal, last: Decimal, years: i64) -> Option<Decimal> {
    if years <= 0 || first <= Decimal::ZERO || last < Decimal::ZERO {
        return None;
    }
    if years == 1 {
        return percent_change(first, last);
    }
    let ratio = last.checked_div(first)?;
    let root = nth_root(ratio, u32::try_from(years).ok()?)?;
    root.checked_sub(Decimal::ONE)?
        .checked_mul(Decimal::ONE_HUNDRED)
}

/// The positive `n`th root of a non-negative value, by Newton's method
/// from a floating-point-free first guess (`powd`), to `Decimal` precision.
pub fn nth_root(value: Decimal, n: u32) -> Option<Decimal> {
    if value.is_zero() {
        return Some(Decimal::ZERO);
    }
    if n == 1 {
        return Some(value);
    }
    let degree = Decimal::from(n);
    let mut guess = value.checked_powd(Decimal::ONE.checked_div(degree)?)?;
    for _ in 0..64 {
        let power = guess.checked_powi(i64::from(n).checked_sub(1)?)?;
        let next = degree
            .checked_sub(Decimal::ONE)?
            .checked_mul(guess)?
            .checked_add(value.checked_div(power)?)?
            .checked_div(degree)?;
        if next == guess {
            break;
        }
        guess = next;
    }
    Some(guess)
}

/// A series over the periods; `years` has each period's year, or `None`
/// for a period CAGR leaves out (see [`cagr_years`]).
fn series(values: Vec<Option<Amount>>, years: &[Option<i64>]) -> Series {
    let present: Vec<(i64, Amount)> = values
        .iter()
        .zip(years)
        .filter_map(|(v, year)| Some(((*year)?, (*v)?)))
        .collect();
    let cagr_pct = match (present.first(), present.last()) {
        (Some(&(from, first)), Some(&(to, last))) => {
            // Years are checked to lie in a plausible range; the span of
            // two of them cannot overflow, and if it did there is no rate.
            to.checked_sub(from)
                .and_then(|span| cagr_pct(first.won(), last.won(), span))
        }
        _ => None,
    };
    Series { values, cagr_pct }
}

/// What CAGR compares a phase with: its kind, every supplementary budget
/// alike; a phase not recognised by its text.
fn cagr_kind(phase: Option<&str>) -> Option<Result<PhaseKind, String>> {
    phase.map(|text| match PhaseKind::recognise(text) {
        Some(PhaseKind::Supplementary(_)) => Ok(PhaseKind::Supplementary(1)),
        Some(kind) => Ok(kind),
        None => Err(text.trim().to_lowercase()),
    })
}

/// Each period's year where CAGR counts it: every period when all are of
/// one phase kind, else those of the latest period's kind (like with like).
pub fn cagr_years(periods: &[Period]) -> Vec<Option<i64>> {
    let latest = periods.last().map(|p| cagr_kind(p.phase.as_deref()));
    periods
        .iter()
        .map(|p| {
            latest
                .as_ref()
                .is_some_and(|k| *k == cagr_kind(p.phase.as_deref()))
                .then_some(p.year)
        })
        .collect()
}

/// The phase CAGR is limited to, when the columns mix phases.
fn cagr_phase(periods: &[Period], years: &[Option<i64>]) -> Option<CagrPhase> {
    let columns = years.iter().flatten().count();
    (columns < periods.len()).then(|| CagrPhase {
        phase: periods.last().and_then(|p| p.phase.clone()),
        columns,
    })
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

fn period(file: &YearFile) -> Period {
    Period {
        file: file.path.clone(),
        year: file.year,
        phase: file.phase.clone(),
        region: file.region.clone(),
        file_unit: file.unit,
        label: match &file.phase {
            Some(phase) => format!("{} {phase}", file.year),
            None => file.year.to_string(),
        },
    }
}

/// Year, then budget phase in the order a budget goes through them
/// (see [`crate::phase`]).
fn period_order(a: &YearFile, b: &YearFile) -> Ordering {
    a.year
        .cmp(&b.year)
        .then_with(|| crate::phase::order(a.phase.as_deref(), b.phase.as_deref()))
        .then_with(|| a.path.cmp(&b.path))
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
