//! `summarize`: category subtotals rolled up the category tree, the grand
//! total, each row's share of it, and per-count averages with their bounds.
//!
//! All sums are exact. Shares and averages are quotients: they carry
//! `Decimal`'s 28 significant digits and are rounded only when displayed.
#![warn(clippy::arithmetic_side_effects)]

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::{Amount, Unit};
use crate::error::OverflowError;
use crate::model::{CategoryPath, CountLabels, Item, Status, YearFile};
use crate::report::HiddenExcluded;
use crate::report::average::{Average, averages};
use crate::report::outline::{SortKey, SortValue};
use crate::report::percent::percent_of;
use crate::report::row::{CategoryFigures, ItemFigures, OthersFigures, Report};

mod builder;
pub mod every_row;
pub mod top_rows;

pub use builder::{SummaryBuilder, SummaryOptions, SummaryPart};

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
    /// Targets, caps and memo figures: listed, never added up.
    pub excluded: Vec<ItemRow>,
    /// Those `--depth` leaves out (JSON: their count, when there are any).
    #[serde(skip_serializing_if = "HiddenExcluded::is_empty")]
    pub hidden_excluded: HiddenExcluded,
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
    fn hidden_excluded_mut(&mut self) -> &mut HiddenExcluded {
        &mut self.hidden_excluded
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
    fn is_memo(&self) -> bool {
        self.memo
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

/// [`item_row`] of an item no longer needed: its text is moved, not
/// copied (every row of a large file is made this way).
fn item_row_taking(item: Item, total: Option<Amount>) -> ItemRow {
    let averages = averages(&item);
    ItemRow {
        share_pct: total.and_then(|t| percent_of(item.amount.won(), t.won())),
        averages,
        parts: item
            .parts
            .into_iter()
            .map(|p| PartRow {
                name: p.name,
                amount: p.amount,
            })
            .collect(),
        id: item.id,
        name: item.name,
        category: item.category,
        status: item.status,
        amount: item.amount,
        note: item.note,
        source: item.source,
        line: item.line,
        memo: item.memo,
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
