//! Figures printed together are checked together: a stated change and
//! percent change with the new amount (and the earlier figure, when there
//! is one) must fit one true set of values at once.

use super::super::interval::{Interval, Joint, Verdict, joint_percent};
use super::base::base_label;
use super::changes::Old;
use super::stated::{decimals_to_show, judge_approx, printed_by};
use super::sums::{shown, written, written_cut};
use super::text::{bare, percent_range, range_ko, show};
use super::{FileReport, Said, percent_of};
use crate::amount::Amount;
use crate::check::{Figures, Severity, rule};
use crate::model::YearFile;
use crate::notation::Approx;
use crate::render::numbers::group_thousands;

/// A stated change and percent change printed with the new figure are
/// consistent only if one true set of values, each within its printed
/// rounding (and the earlier figure's, when there is one), satisfies all
/// of them at once. Reported when they are not, and, when there is no
/// earlier figure to check each against, when they are.
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
    let by = printed_by(stated.source.as_deref());
    let (change_text, new_text) = (show(change.value, file.unit), show(new, file.unit));
    let pct_text = format!("{}%", group_thousands(&percent.value.to_string()));
    let range_text = percent_range(range, decimals);
    let (with, with_ko) = match earlier {
        Some((old, previous)) => {
            let old_text = bare(shown(old.exact, old.coarsest), file.unit);
            let base = base_label(previous);
            (
                format!("{new_text} and {old_text} in {base}"),
                format!("{new_text}, {base}의 {old_text}"),
            )
        }
        None => (new_text.clone(), new_text),
    };
    let figures = Some(Figures {
        unit: "percent",
        stated: percent.value,
        computed,
        possible: range,
    });
    let rule = rule::STATED_TOGETHER;
    if verdict == Verdict::Rounded {
        let message = Said::new(
            format!(
                "stated change {change_text} and percent change {pct_text}{} fit together with \
                 {with} (together they allow {range_text})",
                by.en
            ),
            format!(
                "함께 일치: 발표된 증감액 {change_text}, 증감률 {pct_text}{}, {with_ko} (함께 \
                 가능한 범위: {})",
                by.ko,
                range_ko(&range_text)
            ),
        );
        return out.on(rule, pct.at).figures(figures).passed(message);
    }
    let severity = if verdict == Verdict::Truncated {
        Severity::Warning
    } else {
        Severity::Error
    };
    let truncated = verdict == Verdict::Truncated;
    if amounts_cut {
        let message = Said::new(
            format!(
                "stated change {change_text} and percent change {pct_text}{} fit together with \
                 {with} only if the amounts were truncated rather than rounded (truncated, \
                 together they allow {range_text})",
                by.en
            ),
            format!(
                "금액을 절사한 경우에만 함께 일치: 발표된 증감액 {change_text}, 증감률 \
                 {pct_text}{}, {with_ko} (절사했다면 함께 가능한 범위: {})",
                by.ko,
                range_ko(&range_text)
            ),
        );
        return out.on(rule, pct.at).figures(figures).warning(message);
    }
    let message = Said::new(
        format!(
            "stated change {change_text} and percent change {pct_text}{} cannot both hold with \
             {with}: together they allow only {range_text}{}",
            by.en,
            if truncated {
                ", unless the percentage was truncated"
            } else {
                ""
            }
        ),
        format!(
            "함께 불일치: 발표된 증감액 {change_text}, 증감률 {pct_text}{}, {with_ko} (함께 \
             가능한 범위: {}{})",
            by.ko,
            range_ko(&range_text),
            if truncated {
                "; 증감률을 절사했다면 일치"
            } else {
                ""
            }
        ),
    );
    out.on(rule, pct.at)
        .figures(figures)
        .finding(severity, message);
}
