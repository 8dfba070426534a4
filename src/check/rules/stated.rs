//! Stated figures against computed ones: a stated share against the
//! total, and the judging and reporting every stated figure shares (a
//! round, bounded or bracketed figure is judged as it was printed).

use rust_decimal::{Decimal, RoundingStrategy};

use super::super::interval::{Interval, Verdict, judge, ratio_pct, round_to, share_pct};
use super::sums::{Sum, shown, written};
use super::{FileReport, money, percent_of, too_large};
use crate::amount::Amount;
use crate::check::said::{
    Computed, Context, Figure, Label, PercentRange, Range, Said, StatedFigure, StatedSaid,
};
use crate::check::{Figures, Severity, rule};
use crate::model::{Located, Percent, Position, YearFile};
use crate::notation::Approx;

/// What a share is a share of.
#[derive(Debug, Clone, Copy)]
pub(super) enum Whole {
    /// The other items of the total: the part is inside the whole.
    Rest(Sum),
    /// The whole total, which the part is not counted in.
    Apart(Sum),
    /// The grand total as printed.
    Printed(Amount),
    /// The figure the share is stated to be of (`share_of`).
    Named(Amount),
}

/// A stated `share_pct` against this year's total.
pub(super) fn stated_share(
    file: &YearFile,
    stated: &crate::model::Stated,
    share: Located<Percent>,
    part: Amount,
    whole: Option<Whole>,
    out: &mut FileReport<'_>,
) {
    let Some(whole) = whole else {
        return too_large(out, rule::STATED_SHARE, share.at);
    };
    let computed = match whole {
        Whole::Rest(rest) => written(part).and_then(|p| share_pct(p, rest.possible)),
        Whole::Apart(total) => written(part).and_then(|p| ratio_pct(p, total.possible)),
        Whole::Printed(total) | Whole::Named(total) => {
            written(part).and_then(|p| ratio_pct(p, written(total)?))
        }
    };
    let total = match whole {
        Whole::Rest(rest) => part.checked_add(rest.exact),
        Whole::Apart(total) => Some(total.exact),
        Whole::Printed(total) | Whole::Named(total) => Some(total),
    };
    let (Some(possible), Some(total)) = (computed, total) else {
        return out.on(rule::STATED_SHARE, share.at).info(Said::ShareOfZero);
    };
    let point = percent_of(part.won(), total.won());
    let total_shown = match whole {
        Whole::Rest(rest) => shown(total, rest.coarsest.max(part.precision())),
        Whole::Apart(sum) => sum.shown(),
        Whole::Printed(total) | Whole::Named(total) => total,
    };
    let context = match whole {
        Whole::Named(_) => Context::ShareOfNamed {
            total: money(total_shown, file),
        },
        _ => Context::ShareOf {
            total: money(total_shown, file),
            printed: matches!(whole, Whole::Printed(_)),
        },
    };
    judge_stated(
        out,
        StatedCheck {
            rule: rule::STATED_SHARE,
            label: Label::Share,
            source: stated.source.as_deref(),
            stated: share,
            possible,
            computed: point,
            context,
        },
    );
}

/// A stated percentage and what it is checked against.
pub(super) struct StatedCheck<'a> {
    pub(super) rule: &'static str,
    pub(super) label: Label,
    /// Who printed the figure, when the file says.
    pub(super) source: Option<&'a str>,
    pub(super) stated: Located<Percent>,
    pub(super) possible: Interval,
    pub(super) computed: Decimal,
    /// What the computed figure is made of, for the message.
    pub(super) context: Context,
}

pub(super) fn judge_stated(out: &mut FileReport<'_>, check: StatedCheck<'_>) {
    let Located { value: stated, at } = check.stated;
    let Some(verdict) = judge_approx(
        stated.approx,
        check.possible,
        stated.value,
        stated.precision,
    ) else {
        return too_large(out, check.rule, at);
    };
    let decimals = decimals_to_show(stated, check.computed, check.possible, verdict);
    let figures = Figures {
        unit: "percent",
        stated: stated.value,
        computed: check.computed,
        possible: check.possible,
    };
    let said = StatedSaid {
        label: check.label,
        stated: StatedFigure {
            value: Figure::Percent(stated.value),
            approx: stated.approx,
            source: check.source.map(ToOwned::to_owned),
        },
        verdict,
        computed: Computed::Percent {
            value: check.computed,
            decimals,
        },
        range: Range::Percent(PercentRange {
            range: check.possible,
            decimals,
        }),
        context: check.context,
    };
    report_stated(out, check.rule, at, said, figures);
}

/// Whether a stated figure fits the computed range, as it was printed: a
/// round one at its written magnitude, a floor or ceiling as a bound.
pub(super) fn judge_approx(
    approx: Approx,
    possible: Interval,
    stated: Decimal,
    precision: i32,
) -> Option<Verdict> {
    let fits = |yes: bool| {
        if yes {
            Verdict::Rounded
        } else {
            Verdict::Inconsistent
        }
    };
    match approx {
        Approx::Exact | Approx::About => judge(possible, stated, precision),
        Approx::AtLeast => Some(fits(possible.high() >= stated)),
        Approx::AtMost => Some(fits(possible.low() <= stated)),
        // "9%대" is 9% up to 10%: the figure with its further digits cut off.
        Approx::Bracket => Some(fits(
            possible.overlaps(Interval::truncated(stated, precision)?),
        )),
    }
}

/// Reports a stated figure: passed, or a finding whose severity follows
/// how the figure was printed (a round figure that fits only as a round
/// one is information, never an error).
pub(super) fn report_stated(
    out: &mut FileReport<'_>,
    rule: &'static str,
    at: Position,
    said: StatedSaid,
    figures: Figures,
) {
    let severity = match (said.verdict, said.stated.approx) {
        (Verdict::Rounded, Approx::Exact | Approx::AtLeast | Approx::AtMost) => {
            return out.on(rule, at).figures(figures).passed(Said::Stated(said));
        }
        (Verdict::Rounded, Approx::About)
        | (Verdict::Rounded | Verdict::Truncated, Approx::Bracket)
        | (Verdict::Truncated, Approx::About) => Severity::Info,
        (Verdict::Truncated, _) => Severity::Warning,
        (Verdict::Inconsistent, _) => Severity::Error,
    };
    out.on(rule, at)
        .figures(figures)
        .finding(severity, Said::Stated(said));
}

/// How many decimals a computed percentage and its range are shown with:
/// one more than the stated figure (at least two), and for a mismatch as
/// many more as it takes for the shown figures not to round to the stated
/// one (5.8% against 5.747%, never against "5.75%").
pub(super) fn decimals_to_show(
    stated: Percent,
    computed: Decimal,
    possible: Interval,
    verdict: Verdict,
) -> u32 {
    let stated_decimals = u32::try_from(stated.precision.saturating_neg()).unwrap_or(0);
    let first = stated_decimals.saturating_add(1).max(2);
    if verdict == Verdict::Rounded {
        return first;
    }
    // A bracket ("9%대") is told apart by truncation, any other figure by rounding.
    let bracket = (stated.approx == Approx::Bracket)
        .then(|| Interval::truncated(stated.value, stated.precision))
        .flatten();
    let rounds_to_stated = |shown: Decimal| match bracket {
        Some(bracket) => bracket.contains(shown),
        None => round_to(shown, stated.precision).is_some_and(|r| r == stated.value),
    };
    (first..=MAX_DECIMALS_SHOWN)
        .find(|&decimals| {
            let shown =
                computed.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
            let low = possible
                .low()
                .round_dp_with_strategy(decimals, RoundingStrategy::ToNegativeInfinity);
            let high = possible
                .high()
                .round_dp_with_strategy(decimals, RoundingStrategy::ToPositiveInfinity);
            !rounds_to_stated(shown) && !rounds_to_stated(low) && !rounds_to_stated(high)
        })
        .unwrap_or(MAX_DECIMALS_SHOWN)
}

/// Decimals beyond which a percentage is never shown.
pub(super) const MAX_DECIMALS_SHOWN: u32 = 12;

#[cfg(test)]
mod tests {
    use super::super::tests::dec;
    use super::*;

    #[test]
    fn a_bracket_holds_from_its_figure_up_to_one_unit_more() {
        // 8.84% (8.83 to 8.85) is in 8%대 (8 to 9), not in 9%대 (9 to 10).
        let computed = Interval::new(dec("8.83"), dec("8.85"));
        let judged = |stated: &str| judge_approx(Approx::Bracket, computed, dec(stated), 0);
        assert_eq!(judged("8"), Some(Verdict::Rounded));
        assert_eq!(judged("9"), Some(Verdict::Inconsistent));
        // △5%대 is -6% up to -5%: -5.3% is in it, -4.8% is not.
        let decrease =
            |value: &str| judge_approx(Approx::Bracket, Interval::point(dec(value)), dec("-5"), 0);
        assert_eq!(decrease("-5.3"), Some(Verdict::Rounded));
        assert_eq!(decrease("-4.8"), Some(Verdict::Inconsistent));
        // 1,700억원대 (known to the 100억) is 1,700 to 1,800: not 1,680.
        let change = Interval::new(dec("1679"), dec("1681"));
        assert_eq!(
            judge_approx(Approx::Bracket, change, dec("1700"), 2),
            Some(Verdict::Inconsistent)
        );
        assert_eq!(
            judge_approx(Approx::Bracket, change, dec("1600"), 2),
            Some(Verdict::Rounded)
        );
    }

    #[test]
    fn a_mismatch_is_shown_with_the_decimals_that_make_it_visible() {
        let stated = Percent {
            value: dec("5.8"),
            precision: -1,
            approx: Approx::Exact,
        };
        // 5.747 shown to two decimals would be 5.75, which rounds to 5.8.
        let possible = Interval::new(dec("5.7465"), dec("5.7475"));
        let verdict = judge(possible, stated.value, stated.precision).unwrap();
        assert_eq!(verdict, Verdict::Inconsistent);
        assert_eq!(decimals_to_show(stated, dec("5.747"), possible, verdict), 3);
        // A match keeps one decimal more than stated, at least two.
        let near = Interval::new(dec("5.79"), dec("5.81"));
        assert_eq!(
            decimals_to_show(stated, dec("5.8"), near, Verdict::Rounded),
            2
        );
        // 12.37 against 12.3: 12.37, 12.35 and 12.39 round to 12.4, not 12.3.
        let stated = Percent {
            value: dec("12.3"),
            precision: -1,
            approx: Approx::Exact,
        };
        let possible = Interval::new(dec("12.359"), dec("12.381"));
        assert_eq!(
            decimals_to_show(stated, dec("12.37"), possible, Verdict::Truncated),
            2
        );
    }
}
