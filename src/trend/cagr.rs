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

/// Most steps of Newton's method [`nth_root`] takes: where rounding keeps
/// it from settling, the root is the guess after this many.
const NEWTON_STEPS: u32 = 64;

/// The positive `n`th root of a non-negative value, by Newton's method
/// from a floating-point-free first guess (`powd`), to `Decimal` precision:
/// the first guess that the next step keeps, or the guess after
/// [`NEWTON_STEPS`] steps.
///
/// Rounding often leaves the steps going back and forth between two
/// neighbouring guesses. A step depends on nothing but the guess, so once
/// a guess comes back the rest is known: the steps alternate to the last
/// one, and the guess they end on is read from how many are left, without
/// taking them. (This is the plain definition's very root, only sooner:
/// a test compares the two.)
pub fn nth_root(value: Decimal, n: u32) -> Option<Decimal> {
    if value.is_zero() {
        return Some(Decimal::ZERO);
    }
    if n == 1 {
        return Some(value);
    }
    let degree = Decimal::from(n);
    let mut guess = value.checked_powd(Decimal::ONE.checked_div(degree)?)?;
    let mut before = None;
    for left in (0..NEWTON_STEPS).rev() {
        let next = newton_step(value, n, degree, guess)?;
        if next == guess {
            break;
        }
        if before == Some(next) {
            // From here on: next, guess, next, ... for `left` more steps
            // after this one, each a change of guess.
            return Some(if left % 2 == 0 { next } else { guess });
        }
        before = Some(guess);
        guess = next;
    }
    Some(guess)
}

/// One step of Newton's method towards the `n`th root of `value`
/// (`degree` is `n`): `((n - 1) × guess + value / guess^(n - 1)) / n`.
fn newton_step(value: Decimal, n: u32, degree: Decimal, guess: Decimal) -> Option<Decimal> {
    let power = guess.checked_powi(i64::from(n).checked_sub(1)?)?;
    degree
        .checked_sub(Decimal::ONE)?
        .checked_mul(guess)?
        .checked_add(value.checked_div(power)?)?
        .checked_div(degree)
}

/// A series over the periods; `years` has each period's year, or `None`
/// for a period CAGR leaves out (see [`cagr_years`]).
pub(super) fn series(values: Vec<Option<Amount>>, years: &[Option<i64>]) -> Series {
    // The first and last periods CAGR counts that have a value.
    let mut present = values
        .iter()
        .zip(years)
        .filter_map(|(v, year)| Some(((*year)?, (*v)?)));
    let first = present.next();
    let last = present.next_back().or(first);
    let cagr_pct = match (first, last) {
        (Some((from, first)), Some((to, last))) => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`nth_root`] as it was first written: every step taken.
    fn nth_root_step_by_step(value: Decimal, n: u32) -> Option<Decimal> {
        if value.is_zero() {
            return Some(Decimal::ZERO);
        }
        if n == 1 {
            return Some(value);
        }
        let degree = Decimal::from(n);
        let mut guess = value.checked_powd(Decimal::ONE.checked_div(degree)?)?;
        for _ in 0..NEWTON_STEPS {
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

    /// Ratios as a trend meets them (one amount over another, each of up
    /// to 15 digits with up to two decimals), and any `Decimal` at all.
    fn ratio() -> impl Strategy<Value = Decimal> {
        let amount = (1i64..1_000_000_000_000_000, 0u32..3).prop_map(|(m, s)| Decimal::new(m, s));
        prop_oneof![
            (amount.clone(), amount)
                .prop_filter_map("a ratio", |(first, last)| last.checked_div(first)),
            (any::<u32>(), any::<u32>(), any::<u32>(), 0u32..=28)
                .prop_map(|(lo, mid, hi, scale)| Decimal::from_parts(lo, mid, hi, false, scale)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Skipping the steps that go back and forth gives the root that
        /// taking every step gives, to the last digit (or none for both).
        #[test]
        fn the_root_is_that_of_every_step_taken(value in ratio(), n in 1u32..40) {
            prop_assert_eq!(nth_root(value, n), nth_root_step_by_step(value, n));
        }
    }
}
