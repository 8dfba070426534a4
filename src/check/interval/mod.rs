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

    /// The values in both; `None` when they do not overlap.
    pub fn intersection(self, other: Interval) -> Option<Interval> {
        self.overlaps(other).then(|| Interval {
            low: self.low.max(other.low),
            high: self.high.min(other.high),
        })
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
mod tests;
