//! Figures printed together are checked together: a stated change and
//! percent change with the new amount (and the earlier figure, when there
//! is one) must fit one true set of values at once.

use super::super::interval::{Interval, Joint, Verdict, joint_percent};
use super::base::base_name;
use super::changes::Old;
use super::stated::{decimals_to_show, judge_approx};
use super::sums::{shown, written, written_cut};
use super::{FileReport, money, percent_of};
use crate::amount::Amount;
use crate::check::said::{PercentRange, Said, TogetherOutcome, TogetherSaid};
use crate::check::{Figures, rule};
use crate::model::YearFile;
use crate::notation::Approx;

/// A stated change and percent change printed with the new figure are
/// consistent only if one true set of values, each within its printed
/// rounding (and the earlier figure's, when there is one), satisfies all
/// of them at once. Reported when they are not, and, when there is no
/// earlier figure to check each against, when they are: as passed when
/// every figure was printed exact, as information when one was printed
/// round (or as a bracket), as a single round figure that fits is.
pub(super) fn stated_together(
    file: &YearFile,
    stated: &crate::model::Stated,
    new: Amount,
    earlier: Option<(Old, &YearFile)>,
    out: &mut FileReport<'_>,
) {
    let (Some(change), Some(pct)) = (stated.change, stated.change_pct) else {
        return;
    };
    let bounded = |approx| matches!(approx, Approx::AtLeast | Approx::AtMost);
    if bounded(stated.change_approx) || bounded(pct.value.approx) {
        return;
    }
    let percent = pct.value;
    let joint = |cut: bool| {
        let (new_range, change_range, old_range) = if cut {
            (
                written_cut(new),
                Interval::truncated_change(change.value.won(), change.value.precision()),
                earlier.map(|(old, _)| old.cut),
            )
        } else {
            (
                written(new),
                written(change.value),
                earlier.map(|(old, _)| old.possible),
            )
        };
        // "1,700억원대" is a bracket, however the table treats its amounts.
        let change_range = if stated.change_approx == Approx::Bracket {
            Interval::truncated(change.value.won(), change.value.precision())
        } else {
            change_range
        };
        let Some(Joint::Percent(range)) = joint_percent(new_range?, change_range?, old_range)
        else {
            return None;
        };
        let verdict = judge_approx(percent.approx, range, percent.value, percent.precision)?;
        Some((range, verdict))
    };
    let Some((mut range, mut verdict)) = joint(false) else {
        return;
    };
    // Tables that cut their amounts off (Seoul Seocho-gu's, below 1억)
    // print figures that fit only as truncated ones: a warning, as for a
    // single figure that matches only if truncated.
    let mut amounts_cut = false;
    if verdict == Verdict::Inconsistent
        && let Some((cut_range, cut_verdict)) = joint(true)
        && cut_verdict != Verdict::Inconsistent
    {
        (range, verdict, amounts_cut) = (cut_range, Verdict::Truncated, true);
    }
    if verdict == Verdict::Rounded && earlier.is_some() {
        return;
    }
    let Some(base) = new.won().checked_sub(change.value.won()) else {
        return;
    };
    let computed = percent_of(change.value.won(), base);
    let decimals = decimals_to_show(percent, computed, range, verdict);
    let figures = Figures {
        unit: "percent",
        stated: percent.value,
        computed,
        possible: range,
    };
    let round = |approx| matches!(approx, Approx::About | Approx::Bracket);
    let outcome = match verdict {
        Verdict::Rounded if round(stated.change_approx) || round(percent.approx) => {
            TogetherOutcome::FitAsRound
        }
        Verdict::Rounded => TogetherOutcome::Fit,
        _ if amounts_cut => TogetherOutcome::AmountsCut,
        _ => TogetherOutcome::CannotHold {
            truncated: verdict == Verdict::Truncated,
        },
    };
    let said = Said::Together(TogetherSaid {
        change: money(change.value, file),
        change_approx: stated.change_approx,
        percent: percent.value,
        percent_approx: percent.approx,
        source: stated.source.clone(),
        new: money(new, file),
        earlier: earlier.map(|(old, previous)| {
            (
                money(shown(old.exact, old.coarsest), file),
                base_name(previous),
            )
        }),
        range: PercentRange { range, decimals },
        outcome,
    });
    let entry = out.on(rule::STATED_TOGETHER, pct.at).figures(figures);
    match outcome {
        TogetherOutcome::Fit => entry.passed(said),
        // As for a single figure: one that fits only as the round figure
        // it was printed as is information, visible but never a failure.
        TogetherOutcome::FitAsRound => entry.info(said),
        TogetherOutcome::AmountsCut | TogetherOutcome::CannotHold { truncated: true } => {
            entry.warning(said)
        }
        TogetherOutcome::CannotHold { truncated: false } => entry.error(said),
    }
}
