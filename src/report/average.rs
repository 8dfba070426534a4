//! Averages: an item's amount divided by each of its counts (won per
//! company, per job ...), exact or a bound when a count is written `N+`.
#![warn(clippy::arithmetic_side_effects)]

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::Amount;
use crate::model::{Count, Item};

/// An amount divided by a count, e.g. won per company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Average {
    /// The count's name as written (`companies`).
    pub per: String,
    pub count: u64,
    /// The count was written `N+`.
    pub count_at_least: bool,
    /// Won per counted unit, to `Decimal`'s 28 significant digits (text
    /// output rounds the exact quotient instead: see [`Average::dividend`]).
    pub value: Decimal,
    /// The item's exact amount in won, which `value` divides by `count`:
    /// displays round the exact fraction, never `value` itself.
    #[serde(skip)]
    pub dividend: Decimal,
    /// How `value` relates to the true average.
    pub bound: Bound,
}

/// Whether an average is exact or only a bound: with `600+` companies, the
/// average per company is at most the amount divided by 600.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Exact,
    AtMost,
    AtLeast,
}

/// The item's amount per each of its counts.
pub fn averages(item: &Item) -> Vec<Average> {
    averages_of(item.amount, &item.counts)
}

/// [`averages`] of an amount over counts.
pub fn averages_of(amount: Amount, counts: &[Count]) -> Vec<Average> {
    counts
        .iter()
        .filter_map(|count| {
            let value = amount.won().checked_div(Decimal::from(count.value))?;
            let bound = match (count.at_least, value.is_sign_negative()) {
                (false, _) => Bound::Exact,
                // More units than counted means a smaller share each.
                (true, false) => Bound::AtMost,
                (true, true) => Bound::AtLeast,
            };
            Some(Average {
                per: count.name.clone(),
                count: count.value,
                count_at_least: count.at_least,
                value,
                dividend: amount.won(),
                bound,
            })
        })
        .collect()
}
