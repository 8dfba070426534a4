//! Compound annual growth rates: exact up to the final root, taken by
//! Newton's method to `Decimal` precision, over like phases only.
#![warn(clippy::arithmetic_side_effects)]

use rust_decimal::{Decimal, MathematicalOps};

use super::{CagrPhase, Period, Series};
use crate::amount::Amount;
use crate::phase::PhaseKind;
use crate::report::percent::percent_change;

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
pub(super) fn series(values: Vec<Option<Amount>>, years: &[Option<i64>]) -> Series {
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
    Series {
        values: values.into(),
        cagr_pct,
    }
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
pub(super) fn cagr_phase(periods: &[Period], years: &[Option<i64>]) -> Option<CagrPhase> {
    let columns = years.iter().flatten().count();
    (columns < periods.len()).then(|| CagrPhase {
        phase: periods.last().and_then(|p| p.phase.clone()),
        columns,
    })
}
