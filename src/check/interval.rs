//! Exact interval arithmetic on decimals: what a rounded figure can stand
//! for, and what the true value of a sum, a difference or a percentage can
//! be when each of its inputs is only known to half a unit of its last
//! written digit.
//!
//! Every bound is a `Decimal`, never an `f64`. Sums and differences of
//! written figures are exact; where `Decimal` has to round (a quotient,
//! or a result beyond 28 digits) the bound is moved outward by one unit of
//! its last digit, so an interval always contains every true value.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::exact::negated;

/// The closed range `low ..= high`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Interval {
    low: Decimal,
    high: Decimal,
}

/// How a stated figure relates to the range of true values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Some true value rounds (half away from zero) to the stated figure.
    Rounded,
    /// No true value rounds to it, but one truncates to it (its digits
    /// past the last written one cut off).
    Truncated,
    /// No true value gives the stated figure.
    Inconsistent,
}

impl Interval {
    /// The range between two bounds, in either order.
    pub fn new(a: Decimal, b: Decimal) -> Interval {
        Interval {
            low: a.min(b),
            high: a.max(b),
        }
    }

    pub fn point(value: Decimal) -> Interval {
        Interval::new(value, value)
    }

    pub fn low(self) -> Decimal {
        self.low
    }

    pub fn high(self) -> Decimal {
        self.high
    }

    /// The true values a figure written to `precision` (the power of ten
    /// of its last digit) may stand for: within half a unit of that digit.
    /// `2646` (precision 0) is 2645.5 to 2646.5.
    pub fn rounded(value: Decimal, precision: i32) -> Option<Interval> {
        let half = half_unit(precision)?;
        Some(Interval::new(
            add_down(value, negated(half))?,
            add_up(value, half)?,
        ))
    }

    /// The true values that give `value` when the digits after `precision`
    /// are cut off: `12.3` stands for 12.3 up to 12.4, `-12.3` for -12.4
    /// up to -12.3, and `0` for anything strictly between -1 and 1 units.
    pub fn truncated(value: Decimal, precision: i32) -> Option<Interval> {
        let unit = unit(precision)?;
        let (low, high) = if value.is_zero() {
            (negated(unit), unit)
        } else if value.is_sign_positive() {
            (value, add_up(value, unit)?)
        } else {
            (add_down(value, negated(unit))?, value)
        };
        Some(Interval::new(low, high))
    }

    /// The true changes behind a change printed by a table that truncates
    /// its amounts: the change itself cut off (`-5` for -5.7), or the
    /// difference of two cut-off figures (273 − 278 for 273.2 − 278.9),
    /// which may be up to a unit off either way. `-5` stands for -6 up to
    /// -4.
    pub fn truncated_change(value: Decimal, precision: i32) -> Option<Interval> {
        let unit = unit(precision)?;
        Some(Interval::new(
            add_down(value, negated(unit))?,
            add_up(value, unit)?,
        ))
    }

    pub fn contains(self, value: Decimal) -> bool {
        self.low <= value && value <= self.high
    }

    pub fn overlaps(self, other: Interval) -> bool {
        self.low <= other.high && other.low <= self.high
    }

    pub fn checked_add(self, other: Interval) -> Option<Interval> {
        Some(Interval {
            low: add_down(self.low, other.low)?,
            high: add_up(self.high, other.high)?,
        })
    }

    pub fn checked_sub(self, other: Interval) -> Option<Interval> {
        Some(Interval {
            low: add_down(self.low, negated(other.high))?,
            high: add_up(self.high, negated(other.low))?,
        })
    }

    pub fn checked_mul(self, other: Interval) -> Option<Interval> {
        let mut products = Vec::with_capacity(4);
        for a in [self.low, self.high] {
            for b in [other.low, other.high] {
                products.push((mul_down(a, b)?, mul_up(a, b)?));
            }
        }
        Some(hull(&products))
    }

    /// `None` when the divisor may be zero.
    pub fn checked_div(self, other: Interval) -> Option<Interval> {
        if other.contains(Decimal::ZERO) {
            return None;
        }
        let mut quotients = Vec::with_capacity(4);
        for a in [self.low, self.high] {
            for b in [other.low, other.high] {
                quotients.push((div_down(a, b)?, div_up(a, b)?));
            }
        }
        Some(hull(&quotients))
    }

    /// The sum of the other terms, when `self` is a sum of intervals and
    /// `term` one of its terms (or a sum of some of them): the bounds are
    /// subtracted bound by bound, which keeps the range exact where
    /// subtracting the intervals would widen it.
    pub fn without(self, term: Interval) -> Option<Interval> {
        Some(Interval::new(
            add_down(self.low, negated(term.low))?,
            add_up(self.high, negated(term.high))?,
        ))
    }

    /// The smallest interval holding both.
    pub fn union(self, other: Interval) -> Interval {
        Interval {
            low: self.low.min(other.low),
            high: self.high.max(other.high),
        }
    }
}

fn hull(bounds: &[(Decimal, Decimal)]) -> Interval {
    let low = bounds.iter().map(|b| b.0).min().unwrap_or_default();
    let high = bounds.iter().map(|b| b.1).max().unwrap_or_default();
    Interval { low, high }
}

/// The change from `old` to `new` in percent of `old`: `(new / old) × 100
/// − 100`. Each input appears once in that form, so interval arithmetic
/// gives the exact range (moved outward only where `Decimal` rounds).
/// `None` when `old` may be zero.
pub fn percent_change(old: Interval, new: Interval) -> Option<Interval> {
    let hundred = Interval::point(Decimal::ONE_HUNDRED);
    new.checked_div(old)?
        .checked_mul(hundred)?
        .checked_sub(hundred)
}

/// `part` in percent of a whole made of `part` and `rest`:
/// `part / (part + rest) × 100`. `part` appears twice, so evaluating the
/// intervals directly would widen the range; instead the function is
/// evaluated at the four corners. It is linear-fractional, hence monotonic
/// along every line where its denominator keeps its sign, so its least and
/// greatest values over the box are at corners. `None` when the whole may
/// be zero.
pub fn share_pct(part: Interval, rest: Interval) -> Option<Interval> {
    if part.checked_add(rest)?.contains(Decimal::ZERO) {
        return None;
    }
    let hundred = Interval::point(Decimal::ONE_HUNDRED);
    let mut corners: Option<Interval> = None;
    for p in [part.low, part.high] {
        for r in [rest.low, rest.high] {
            let p = Interval::point(p);
            let value = p
                .checked_div(p.checked_add(Interval::point(r))?)?
                .checked_mul(hundred)?;
            corners = Some(corners.map_or(value, |c| c.union(value)));
        }
    }
    corners
}

/// `part` in percent of an unrelated `whole`: `part / whole × 100`.
/// `None` when the whole may be zero.
pub fn ratio_pct(part: Interval, whole: Interval) -> Option<Interval> {
    part.checked_div(whole)?
        .checked_mul(Interval::point(Decimal::ONE_HUNDRED))
}

/// What a new figure, a change and a percent change printed together
/// allow, when each is known only to its rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joint {
    /// No true new figure and change (and earlier figure, if known) fit
    /// together.
    Empty,
    /// The earlier figure they imply may be zero or negative.
    NoBase,
    /// Every percent change the true values allow together.
    Percent(Interval),
}

/// The percent changes `100 × d / (n − d)` over every true new figure `n`
/// in `new` and change `d` in `change` whose earlier figure `n − d` lies in
/// `old` (when known). Those pairs form a convex polygon: the box `new ×
/// change` cut by the strip `old`. The percentage is linear-fractional in
/// `(n, d)`, so on the polygon it takes every value between its least and
/// greatest, which lie at vertices; the vertices are box corners and the
/// points where the strip's edges cross the box's, all found exactly by
/// additions. `None` when a vertex cannot be held exactly.
pub fn joint_percent(new: Interval, change: Interval, old: Option<Interval>) -> Option<Joint> {
    let inside = |n: Decimal, d: Decimal| {
        new.contains(n)
            && change.contains(d)
            && old.is_none_or(|o| exact_sub(n, d).is_some_and(|earlier| o.contains(earlier)))
    };
    let mut candidates = Vec::with_capacity(12);
    for n in [new.low, new.high] {
        for d in [change.low, change.high] {
            candidates.push((n, d));
        }
    }
    if let Some(old) = old {
        for earlier in [old.low, old.high] {
            for n in [new.low, new.high] {
                candidates.push((n, exact_sub(n, earlier)?));
            }
            for d in [change.low, change.high] {
                candidates.push((exact_add(earlier, d)?, d));
            }
        }
    }
    let vertices: Vec<(Decimal, Decimal)> = candidates
        .into_iter()
        .filter(|&(n, d)| inside(n, d))
        .collect();
    if vertices.is_empty() {
        return Some(Joint::Empty);
    }
    let mut range: Option<Interval> = None;
    for &(n, d) in &vertices {
        let earlier = exact_sub(n, d)?;
        if earlier <= Decimal::ZERO {
            return Some(Joint::NoBase);
        }
        let scaled = d.checked_mul(Decimal::ONE_HUNDRED)?;
        let value = Interval::new(div_down(scaled, earlier)?, div_up(scaled, earlier)?);
        range = Some(range.map_or(value, |r| r.union(value)));
    }
    range.map(Joint::Percent)
}

fn exact_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    let sum = a.checked_add(b)?;
    sum_is_exact(a, b, sum).then_some(sum)
}

fn exact_sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    let difference = a.checked_sub(b)?;
    sum_is_exact(a, b, difference).then_some(difference)
}

/// Whether a figure stated to `precision` can be the rounded (or else the
/// truncated) form of a value in `computed`. Bounds count as inside: a
/// true value exactly half-way is given the benefit of the doubt.
pub fn judge(computed: Interval, stated: Decimal, precision: i32) -> Option<Verdict> {
    Some(
        if computed.overlaps(Interval::rounded(stated, precision)?) {
            Verdict::Rounded
        } else if computed.overlaps(Interval::truncated(stated, precision)?) {
            Verdict::Truncated
        } else {
            Verdict::Inconsistent
        },
    )
}

/// `value` rounded half away from zero to a multiple of 10^precision.
pub fn round_to(value: Decimal, precision: i32) -> Option<Decimal> {
    if precision <= 0 {
        let decimals = precision.unsigned_abs().min(28);
        return Some(
            value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero),
        );
    }
    let unit = unit(precision)?;
    let units = value
        .checked_div(unit)?
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    units.checked_mul(unit)
}

/// 10^precision; `None` beyond `Decimal`'s range.
pub fn unit(precision: i32) -> Option<Decimal> {
    if precision >= 0 {
        10i128
            .checked_pow(u32::try_from(precision).ok()?)
            .and_then(|n| Decimal::try_from_i128_with_scale(n, 0).ok())
    } else {
        Decimal::try_from_i128_with_scale(1, precision.unsigned_abs()).ok()
    }
}

/// Half of 10^precision. Below `Decimal`'s finest step (5 × 10^-29) the
/// finest step is used, which only widens the interval.
fn half_unit(precision: i32) -> Option<Decimal> {
    let scale_of_five = 1i64.saturating_sub(i64::from(precision));
    if scale_of_five <= 0 {
        return unit(precision.checked_sub(1)?)?.checked_mul(Decimal::from(5));
    }
    Some(
        Decimal::try_from_i128_with_scale(5, u32::try_from(scale_of_five).ok()?)
            .unwrap_or(Decimal::new(1, 28)),
    )
}

/// One unit of the last digit `Decimal` kept.
fn last_digit(value: Decimal) -> Decimal {
    Decimal::new(1, value.scale())
}

/// `Decimal` keeps the larger scale of a sum unless the result does not
/// fit, in which case it rounds to fewer digits.
fn sum_is_exact(a: Decimal, b: Decimal, sum: Decimal) -> bool {
    sum.scale() == a.scale().max(b.scale())
}

/// A product keeps the sum of the scales unless it had to be rounded.
fn product_is_exact(a: Decimal, b: Decimal, product: Decimal) -> bool {
    product.scale() == a.scale().saturating_add(b.scale())
}

fn add_down(a: Decimal, b: Decimal) -> Option<Decimal> {
    let sum = a.checked_add(b)?;
    if sum_is_exact(a, b, sum) {
        Some(sum)
    } else {
        sum.checked_sub(last_digit(sum))
    }
}

fn add_up(a: Decimal, b: Decimal) -> Option<Decimal> {
    let sum = a.checked_add(b)?;
    if sum_is_exact(a, b, sum) {
        Some(sum)
    } else {
        sum.checked_add(last_digit(sum))
    }
}

fn mul_down(a: Decimal, b: Decimal) -> Option<Decimal> {
    let product = a.checked_mul(b)?;
    if product_is_exact(a, b, product) {
        Some(product)
    } else {
        product.checked_sub(last_digit(product))
    }
}

fn mul_up(a: Decimal, b: Decimal) -> Option<Decimal> {
    let product = a.checked_mul(b)?;
    if product_is_exact(a, b, product) {
        Some(product)
    } else {
        product.checked_add(last_digit(product))
    }
}

fn quotient_is_exact(a: Decimal, b: Decimal, quotient: Decimal) -> bool {
    quotient
        .checked_mul(b)
        .is_some_and(|back| back == a && product_is_exact(quotient, b, back))
}

fn div_down(a: Decimal, b: Decimal) -> Option<Decimal> {
    let quotient = a.checked_div(b)?;
    if quotient_is_exact(a, b, quotient) {
        Some(quotient)
    } else {
        quotient.checked_sub(last_digit(quotient))
    }
}

fn div_up(a: Decimal, b: Decimal) -> Option<Decimal> {
    let quotient = a.checked_div(b)?;
    if quotient_is_exact(a, b, quotient) {
        Some(quotient)
    } else {
        quotient.checked_add(last_digit(quotient))
    }
}

#[cfg(test)]
mod tests {
    // In a test an overflow panics, and a panic is a failing test.
    #![allow(clippy::arithmetic_side_effects)]
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    /// A figure as written: its value and the power of ten of its last digit.
    fn written(text: &str) -> Interval {
        let value = dec(text);
        Interval::rounded(value, -(value.scale() as i32)).unwrap()
    }

    fn shown(interval: Interval, decimals: u32) -> (String, String) {
        (
            interval
                .low()
                .round_dp_with_strategy(decimals, RoundingStrategy::ToNegativeInfinity)
                .to_string(),
            interval
                .high()
                .round_dp_with_strategy(decimals, RoundingStrategy::ToPositiveInfinity)
                .to_string(),
        )
    }

    #[test]
    fn a_written_figure_stands_for_half_a_unit_either_side() {
        assert_eq!(
            Interval::rounded(dec("2646"), 0).unwrap(),
            Interval::new(dec("2645.5"), dec("2646.5"))
        );
        assert_eq!(
            written("264.6"),
            Interval::new(dec("264.55"), dec("264.65"))
        );
        // 264.6 billion won in won: precision 8, ±0.05 billion.
        assert_eq!(
            Interval::rounded(dec("264600000000"), 8).unwrap(),
            Interval::new(dec("264550000000"), dec("264650000000"))
        );
        assert_eq!(
            Interval::rounded(dec("-3.5"), -1).unwrap(),
            Interval::new(dec("-3.55"), dec("-3.45"))
        );
    }

    #[test]
    fn truncation_covers_the_next_unit_away_from_zero() {
        assert_eq!(
            Interval::truncated(dec("12.3"), -1).unwrap(),
            Interval::new(dec("12.3"), dec("12.4"))
        );
        assert_eq!(
            Interval::truncated(dec("-12.3"), -1).unwrap(),
            Interval::new(dec("-12.4"), dec("-12.3"))
        );
        assert_eq!(
            Interval::truncated(dec("0"), 0).unwrap(),
            Interval::new(dec("-1"), dec("1"))
        );
    }

    #[test]
    fn sums_add_their_bounds() {
        // 240.4 + 24.2: 240.35 + 24.15 = 264.50 to 240.45 + 24.25 = 264.70.
        let sum = written("240.4").checked_add(written("24.2")).unwrap();
        assert_eq!(sum, Interval::new(dec("264.50"), dec("264.70")));
        // 50 - 40: 49.5 - 40.5 = 9 to 50.5 - 39.5 = 11.
        let change = written("50").checked_sub(written("40")).unwrap();
        assert_eq!(change, Interval::new(dec("9"), dec("11")));
    }

    #[test]
    fn forty_to_fifty_is_a_growth_of_22_to_28_percent() {
        // 49.5 / 40.5 = 1.2222… and 50.5 / 39.5 = 1.2784…: 22.22% to 27.85%.
        let growth = percent_change(written("40"), written("50")).unwrap();
        assert_eq!(shown(growth, 2), ("22.22".into(), "27.85".into()));
        assert_eq!(judge(growth, dec("24.1"), -1), Some(Verdict::Rounded));
        assert_eq!(judge(growth, dec("25"), 0), Some(Verdict::Rounded));
        assert_eq!(judge(growth, dec("30"), 0), Some(Verdict::Inconsistent));
    }

    #[test]
    fn seventeen_hundred_to_nineteen_hundred_is_not_111_8_percent() {
        // 1899.5 / 1700.5 = 1.11702… and 1900.5 / 1699.5 = 1.11827…:
        // 11.70% to 11.83%, so 11.8% fits and 111.8% does not.
        let growth = percent_change(written("1700"), written("1900")).unwrap();
        assert_eq!(shown(growth, 2), ("11.70".into(), "11.83".into()));
        assert_eq!(judge(growth, dec("11.8"), -1), Some(Verdict::Rounded));
        assert_eq!(judge(growth, dec("111.8"), -1), Some(Verdict::Inconsistent));
    }

    #[test]
    fn a_truncated_figure_is_told_apart() {
        // 100.00 → 112.37: (112.365 / 100.005) × 100 − 100 = 12.3594…%,
        // (112.375 / 99.995) × 100 − 100 = 12.3806…%. Rounded to one
        // decimal that is 12.4%; cut off it is 12.3%.
        let growth = percent_change(written("100.00"), written("112.37")).unwrap();
        assert_eq!(shown(growth, 3), ("12.359".into(), "12.381".into()));
        assert_eq!(judge(growth, dec("12.4"), -1), Some(Verdict::Rounded));
        assert_eq!(judge(growth, dec("12.3"), -1), Some(Verdict::Truncated));
        assert_eq!(judge(growth, dec("12.2"), -1), Some(Verdict::Inconsistent));
    }

    #[test]
    fn a_share_keeps_the_part_inside_the_whole() {
        // 30 of 30 + 70: 29.5 / (29.5 + 70.5) = 29.5% to 30.5 / (30.5 + 69.5)
        // = 30.5%. Treating the whole as unrelated (29.5 / 100.5 = 29.35%)
        // would be wider.
        let share = share_pct(written("30"), written("70")).unwrap();
        assert_eq!(share, Interval::new(dec("29.5"), dec("30.5")));
        let independent = ratio_pct(written("30"), written("100")).unwrap();
        assert!(independent.low() < share.low() && share.high() < independent.high());
        assert_eq!(share_pct(written("1"), written("-1")), None);
    }

    #[test]
    fn quotients_that_do_not_end_are_widened_outward() {
        let third = Interval::point(dec("1"))
            .checked_div(Interval::point(dec("3")))
            .unwrap();
        assert!(third.low() < third.high());
        assert!(third.low() * dec("3") < dec("1") && third.high() * dec("3") > dec("1"));
        let quarter = Interval::point(dec("1"))
            .checked_div(Interval::point(dec("4")))
            .unwrap();
        assert_eq!(quarter, Interval::point(dec("0.25")));
        assert_eq!(percent_change(written("0"), written("5")), None);
    }

    #[test]
    fn rounding_to_a_precision_is_half_away_from_zero() {
        assert_eq!(round_to(dec("264.55"), -1), Some(dec("264.6")));
        assert_eq!(round_to(dec("-264.55"), -1), Some(dec("-264.6")));
        assert_eq!(round_to(dec("264650000000"), 8), Some(dec("264700000000")));
        assert_eq!(round_to(dec("3.99"), 0), Some(dec("4")));
    }

    #[test]
    fn extreme_precisions_do_not_panic() {
        assert!(Interval::rounded(dec("1"), 40).is_none());
        assert!(Interval::rounded(dec("1"), -40).is_some());
        assert!(Interval::rounded(Decimal::MAX, 0).is_none());
        assert!(Interval::truncated(Decimal::MIN, 0).is_none());
        assert_eq!(round_to(Decimal::MAX, 28), None);
    }

    /// A point `t / 1000` of the way through an interval.
    fn inside(interval: Interval, t: u32) -> Decimal {
        interval.low() + (interval.high() - interval.low()) * Decimal::new(i64::from(t), 3)
    }

    fn figure() -> impl proptest::strategy::Strategy<Value = Interval> {
        use proptest::prelude::*;
        (-1_000_000i64..1_000_000, 0u32..4).prop_map(|(mantissa, decimals)| {
            Interval::rounded(Decimal::new(mantissa, decimals), -(decimals as i32)).unwrap()
        })
    }

    fn figure_at(value: i64, precision: i32) -> Interval {
        Interval::rounded(Decimal::from(value), precision).unwrap()
    }

    #[test]
    fn each_pair_may_fit_while_the_three_together_do_not() {
        // 100 → 110 printed with a change of 9 and +11%, each to the unit.
        let (old, new) = (figure_at(100, 0), figure_at(110, 0));
        let (change, pct) = (figure_at(9, 0), dec("11"));
        // Pairwise: 109.5 - 100.5 = 9 up to 110.5 - 99.5 = 11 holds 9; the
        // percentage 8.96% to 11.06% reaches 10.5.
        assert_eq!(
            judge(new.checked_sub(old).unwrap(), dec("9"), 0),
            Some(Verdict::Rounded)
        );
        assert_eq!(
            judge(percent_change(old, new).unwrap(), pct, 0),
            Some(Verdict::Rounded)
        );
        // Together: the new figure is at least 109.5 and the change at most
        // 9.5, so the earlier one is at least 100 and the percentage at most
        // 9.5 / 100 = 9.5%, short of 10.5. (At least 9 / 100.5 = 8.955%.)
        let Some(Joint::Percent(range)) = joint_percent(new, change, Some(old)) else {
            panic!("the three fit as a pair")
        };
        assert_eq!(judge(range, pct, 0), Some(Verdict::Inconsistent));
        assert_eq!(range.high(), dec("9.5"));
        assert!(
            range.low() > dec("8.955") && range.low() < dec("8.956"),
            "{range:?}"
        );
    }

    #[test]
    fn without_an_earlier_figure_the_new_one_and_the_change_bound_the_percentage() {
        // 110 and a change of 10: the earlier figure is 99 to 101, the
        // percentage 9.5 / 101 = 9.41% to 10.5 / 99 = 10.61%.
        let Some(Joint::Percent(range)) = joint_percent(figure_at(110, 0), figure_at(10, 0), None)
        else {
            panic!("a range")
        };
        assert!(
            range.low() > dec("9.40") && range.low() < dec("9.41"),
            "{range:?}"
        );
        assert!(
            range.high() > dec("10.60") && range.high() < dec("10.61"),
            "{range:?}"
        );
        // A change as large as the new figure leaves no earlier figure.
        assert_eq!(
            joint_percent(figure_at(10, 0), figure_at(10, 0), None),
            Some(Joint::NoBase)
        );
        // A change the two figures cannot make.
        assert_eq!(
            joint_percent(figure_at(110, 0), figure_at(30, 0), Some(figure_at(100, 0))),
            Some(Joint::Empty)
        );
    }

    /// `x` rounded half away from zero to a multiple of `step`, in whole
    /// numbers only: an independent rounding for the brute force.
    fn round_whole(x: i64, step: i64) -> i64 {
        let (quotient, remainder) = (x / step, x % step);
        if 2 * remainder.abs() >= step {
            (quotient + x.signum()) * step
        } else {
            quotient * step
        }
    }

    /// `100 × change / earlier` rounded half away from zero to a whole
    /// percent, in whole numbers.
    fn percent_whole(change: i64, earlier: i64) -> i64 {
        let (numerator, denominator) = (200 * change.abs() + earlier, 2 * earlier);
        change.signum() * (numerator / denominator)
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::regressions_beside_the_source())]

        #[test]
        fn every_true_change_lies_in_the_range(
            old in figure(), new in figure(), s in 0u32..=1000, t in 0u32..=1000
        ) {
            let (x, y) = (inside(old, s), inside(new, t));
            if let Some(range) = percent_change(old, new) {
                let value = (y / x) * Decimal::ONE_HUNDRED - Decimal::ONE_HUNDRED;
                proptest::prop_assert!(range.contains(value), "{value} not in {range:?}");
            }
            let difference = new.checked_sub(old).unwrap();
            proptest::prop_assert!(difference.contains(y - x));
        }

        #[test]
        fn every_true_share_lies_in_the_range(
            part in figure(), rest in figure(), s in 0u32..=1000, t in 0u32..=1000
        ) {
            let (p, r) = (inside(part, s), inside(rest, t));
            if let Some(range) = share_pct(part, rest) {
                let value = p / (p + r) * Decimal::ONE_HUNDRED;
                proptest::prop_assert!(range.contains(value), "{value} not in {range:?}");
            }
        }

        /// Whole true figures, printed to the ten (amounts) and to the
        /// whole percent: whenever some true earlier and new figure give
        /// all the printed ones, the joint range admits them (the search
        /// looks at whole numbers only, a subset of what the range covers).
        #[test]
        fn every_whole_solution_found_by_search_is_admitted(
            true_old in 1i64..80,
            true_new in 0i64..160,
            shift in -2i64..=2,
            with_old in proptest::bool::ANY,
        ) {
            let printed_new = round_whole(true_new, 10);
            let printed_change = round_whole(true_new - true_old, 10);
            let printed_old = round_whole(true_old, 10);
            let printed_pct = percent_whole(true_new - true_old, true_old) + shift;
            let found = (1i64..100).any(|old| {
                (printed_new - 5..=printed_new + 5).any(|new| {
                    round_whole(new, 10) == printed_new
                        && round_whole(new - old, 10) == printed_change
                        && (!with_old || round_whole(old, 10) == printed_old)
                        && percent_whole(new - old, old) == printed_pct
                })
            });
            let written = |value: i64, precision| figure_at(value, precision);
            let joint = joint_percent(
                written(printed_new, 1),
                written(printed_change, 1),
                with_old.then(|| written(printed_old, 1)),
            )
            .unwrap();
            if found {
                match joint {
                    Joint::Percent(range) => proptest::prop_assert_ne!(
                        judge(range, Decimal::from(printed_pct), 0),
                        Some(Verdict::Inconsistent),
                        "{:?}", range
                    ),
                    Joint::NoBase => {}
                    Joint::Empty => proptest::prop_assert!(false, "a solution exists"),
                }
            }
            // With shift 0 the true figures themselves are a solution.
            if shift == 0 {
                proptest::prop_assert!(found);
            }
        }

        /// Whole true figures in a table that cuts amounts off to the ten
        /// and rounds its percentage: the new and earlier figures cut off,
        /// the change either cut off or the difference of the cut-off
        /// figures. The joint check on truncation intervals admits them.
        #[test]
        fn truncated_amounts_fit_on_truncation_intervals(
            true_old in 1i64..400,
            true_new in 0i64..400,
            difference_of_cut in proptest::bool::ANY,
            with_old in proptest::bool::ANY,
        ) {
            let cut = |x: i64| x.div_euclid(10) * 10;
            let cut_toward_zero = |x: i64| x / 10 * 10;
            let printed_new = cut(true_new);
            let printed_old = cut(true_old);
            let printed_change = if difference_of_cut {
                printed_new - printed_old
            } else {
                cut_toward_zero(true_new - true_old)
            };
            let printed_pct = percent_whole(true_new - true_old, true_old);
            let truncated = |value: i64| Interval::truncated(Decimal::from(value), 1).unwrap();
            let joint = joint_percent(
                truncated(printed_new),
                Interval::truncated_change(Decimal::from(printed_change), 1).unwrap(),
                with_old.then(|| truncated(printed_old)),
            )
            .unwrap();
            match joint {
                Joint::Percent(range) => proptest::prop_assert_ne!(
                    judge(range, Decimal::from(printed_pct), 0),
                    Some(Verdict::Inconsistent),
                    "{:?}", range
                ),
                Joint::NoBase => {}
                Joint::Empty => proptest::prop_assert!(false, "the true figures fit"),
            }
        }

        #[test]
        fn every_true_point_of_the_polygon_lies_in_the_joint_range(
            new in figure(), change in figure(), s in 0u32..=1000, t in 0u32..=1000
        ) {
            let (n, d) = (inside(new, s), inside(change, t));
            if let Some(Joint::Percent(range)) = joint_percent(new, change, None) {
                let value = d * Decimal::ONE_HUNDRED / (n - d);
                proptest::prop_assert!(range.contains(value), "{value} not in {range:?}");
            }
        }
    }
}
