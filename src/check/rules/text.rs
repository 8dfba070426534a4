//! Figures as `check`'s messages write them.

use rust_decimal::{Decimal, RoundingStrategy};

use super::super::interval::Interval;
use crate::amount::{Amount, Unit};
use crate::model::Total;
use crate::render::numbers::{exact_in, fixed, group_thousands, with_unit};

/// A range as `money_range` and `percent_range` write it, with `~`.
pub(super) fn range_ko(range: &str) -> String {
    range.replace(" to ", " ~ ")
}

/// `the grand total`, `the total of `finance`` in Korean.
pub(super) fn total_ko(total: &Total) -> String {
    match &total.category {
        Some(category) => format!("`{category}` 합계"),
        None => "총계".to_owned(),
    }
}

/// A written amount in `unit`, digits as written, with the unit's name.
pub(super) fn show(amount: Amount, unit: Unit) -> String {
    with_unit(bare(amount, unit), unit)
}

/// A written amount in `unit`, digits as written.
pub(super) fn bare(amount: Amount, unit: Unit) -> String {
    group_thousands(&amount.in_unit(unit).to_string())
}

/// A bound in won, shown exactly in `unit`.
pub(super) fn bound(won: Decimal, unit: Unit) -> String {
    exact_in(won, unit)
}

pub(super) fn money_range(range: Interval, unit: Unit) -> String {
    with_unit(
        format!(
            "{} to {}",
            bound(range.low(), unit),
            bound(range.high(), unit)
        ),
        unit,
    )
}

/// A range of percentages with `decimals` places, rounded outward so the
/// shown range holds the true one.
pub(super) fn percent_range(range: Interval, decimals: u32) -> String {
    let low = range
        .low()
        .round_dp_with_strategy(decimals, RoundingStrategy::ToNegativeInfinity);
    let high = range
        .high()
        .round_dp_with_strategy(decimals, RoundingStrategy::ToPositiveInfinity);
    format!("{}% to {}%", fixed(low, decimals), fixed(high, decimals))
}
