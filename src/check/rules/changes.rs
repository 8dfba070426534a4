//! Stated changes against an earlier file: the amount of a change and
//! the percent change of an item or a printed total, each on its own
//! (then together, see [`super::together`]).

use super::super::interval::{Interval, percent_change};
use super::base::{Base, NoBase, base_label};
use super::stated::{
    StatedCheck, StatedReport, approx_figure, judge_approx, judge_stated, printed_by, report_stated,
};
use super::sums::{Sum, Sums, shown, written, written_cut};
use super::text::{bare, money_range, show, total_ko};
use super::together::stated_together;
use super::{FileReport, Previous, Said, percent_of, too_large};
use crate::amount::Amount;
use crate::check::{Figures, Severity, rule};
use crate::model::{CategoryPath, Item, Located, Total, YearFile};
use crate::notation::Approx;

/// A figure this year and the same figure in the previous year's file.
pub(super) struct Change<'a> {
    pub(super) previous: &'a YearFile,
    pub(super) old: Option<Old>,
    pub(super) new: Amount,
    /// Why there is nothing to compare with, when `old` is `None`.
    pub(super) missing: NoBase,
}

/// The previous year's figure: exact as written, and every value it may
/// stand for.
#[derive(Debug, Clone, Copy)]
pub(super) struct Old {
    pub(super) exact: Amount,
    pub(super) possible: Interval,
    /// As for [`Sum::cut`].
    pub(super) cut: Interval,
    /// As for [`Sum::coarsest`].
    pub(super) coarsest: i32,
}

pub(super) fn item_change<'a>(item: &Item, previous: &Previous<'a>) -> Change<'a> {
    let old = previous.items.get(item.id.as_str());
    Change {
        previous: previous.file,
        old: old.and_then(|i| {
            Some(Old {
                exact: i.amount,
                possible: written(i.amount)?,
                cut: written_cut(i.amount)?,
                coarsest: i.amount.precision(),
            })
        }),
        new: item.amount,
        missing: NoBase {
            severity: Severity::Warning,
            why: Said::new(
                format!("no item `{}` in {}", item.id, previous.file.path),
                format!("{}에 `{}` 항목이 없습니다", previous.file.path, item.id),
            ),
        },
    }
}

/// The earlier figure for a `[[total]]`: its own `[[total]]` if it printed
/// one, otherwise the sum of its items, unless either file lists only part
/// of the category (then that sum is not the category's).
pub(super) fn total_change<'a>(
    file: &YearFile,
    sums: Option<&Sums>,
    total: &Total,
    previous: &Previous<'a>,
) -> Change<'a> {
    let printed = previous
        .file
        .totals
        .iter()
        .find(|t| t.category == total.category);
    let category = total.category.as_ref();
    let mut missing = NoBase {
        severity: Severity::Warning,
        why: Said::new(
            format!("nothing for {total} in {}", previous.file.path),
            format!("{}에 {}가 없습니다", previous.file.path, total_ko(total)),
        ),
    };
    let old = match printed {
        Some(old) => Some(old.amount.value).and_then(|exact| {
            Some(Old {
                exact,
                possible: written(exact)?,
                cut: written_cut(exact)?,
                coarsest: exact.precision(),
            })
        }),
        None if lists_part(previous.file, previous.sums, category)
            || lists_part(file, sums, category) =>
        {
            let path = if lists_part(previous.file, previous.sums, category) {
                &previous.file.path
            } else {
                &file.path
            };
            let (what, what_ko) = match &total.category {
                Some(c) => (format!("`{c}`"), format!("`{c}`")),
                None => ("the budget".to_owned(), "예산".to_owned()),
            };
            missing.why = Said::new(
                format!("{path} lists only part of {what}: its items are no base for a change"),
                format!("{path}에는 {what_ko}의 일부 항목만 있어 증감의 기준이 될 수 없습니다"),
            );
            None
        }
        None => previous
            .sums
            .and_then(|sums| sums.of_category(category))
            .filter(|s| s.terms > 0)
            .map(|s| Old {
                exact: s.exact,
                possible: s.possible,
                cut: s.cut,
                coarsest: s.coarsest,
            }),
    };
    Change {
        previous: previous.file,
        old,
        new: total.amount.value,
        missing,
    }
}

/// Whether a file's items fall short of a total it printed for `category`
/// or for a category above it (or the grand total): then it lists only
/// some lines, and the sum of its items in `category` may be a part.
pub(super) fn lists_part(
    file: &YearFile,
    sums: Option<&Sums>,
    category: Option<&CategoryPath>,
) -> bool {
    let Some(sums) = sums else {
        return true;
    };
    file.totals.iter().any(|printed| {
        let encloses = match (&printed.category, category) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(above), Some(category)) => category.is_within(above),
        };
        let short = |items: Sum| {
            written(printed.amount.value).is_none_or(|range| items.possible.high() < range.low())
        };
        encloses
            && (printed.partial
                || sums
                    .of_category(printed.category.as_ref())
                    .is_none_or(short))
    })
}

/// [`stated_changes`], where a stand-in for the usual base turns errors
/// into warnings that name the usual base.
pub(super) fn stated_changes_against(
    file: &YearFile,
    stated: &crate::model::Stated,
    new: Amount,
    change: Result<Change<'_>, NoBase>,
    base: Option<Base>,
    out: &mut FileReport<'_>,
) {
    let before = out.mark();
    let earlier = change
        .as_ref()
        .ok()
        .and_then(|c| c.old.map(|old| (old, c.previous)));
    stated_changes(file, stated, change, out);
    // A figure that already fails on its own is not checked again with
    // the others.
    let mismatch = out
        .findings_since(before)
        .iter()
        .any(|f| f.figures.is_some() && f.severity != Severity::Info);
    if !mismatch {
        stated_together(file, stated, new, earlier, out);
    }
    let Some(usual) = base.and_then(|b| b.usual_missing) else {
        return;
    };
    let note = out.say(Said::new(
        format!(
            "; but publishers compare with {}, which is not among the files checked",
            usual.en
        ),
        format!(
            "; 다만 발표 기관의 비교 기준인 {} 파일이 없습니다",
            usual.ko
        ),
    ));
    for finding in out.findings_since(before) {
        if finding.severity == Severity::Error {
            finding.severity = Severity::Warning;
            finding.message.push_str(&note);
        }
    }
}

/// Stated `change` and `change_pct` against the earlier figure.
pub(super) fn stated_changes(
    file: &YearFile,
    stated: &crate::model::Stated,
    change: Result<Change<'_>, NoBase>,
    out: &mut FileReport<'_>,
) {
    let positions = [
        stated.change.map(|c| (rule::STATED_CHANGE, c.at)),
        stated.change_pct.map(|c| (rule::STATED_CHANGE_PCT, c.at)),
    ];
    let not_checked = |out: &mut FileReport<'_>, severity, why: &Said| {
        for (rule, at) in positions.iter().flatten() {
            let message = Said::new(
                format!("not checked: {}", why.en),
                format!("확인하지 않음: {}", why.ko),
            );
            out.on(rule, *at).finding(severity, message);
        }
    };
    let change = match change {
        Ok(change) => change,
        Err(no_base) => return not_checked(out, no_base.severity, &no_base.why),
    };
    let Some(old) = change.old else {
        return not_checked(out, change.missing.severity, &change.missing.why);
    };
    let Some(new) = written(change.new) else {
        let why = Said::new(
            "the figures are too large to compare exactly".into(),
            "수치가 너무 커서 정확히 비교할 수 없습니다".into(),
        );
        return not_checked(out, Severity::Info, &why);
    };
    let (old_text, base) = (
        bare(shown(old.exact, old.coarsest), file.unit),
        base_label(change.previous),
    );
    let new_text = show(change.new, file.unit);
    let context = Said::new(
        format!("{old_text} in {base} → {new_text}"),
        format!("{base}의 {old_text} → {new_text}"),
    );
    if let Some(stated_change) = stated.change {
        let at = (
            stated_change,
            stated.change_approx,
            stated.source.as_deref(),
        );
        stated_amount_change(file, at, (old, new, change.new), context.clone(), out);
    }
    if let Some(stated_pct) = stated.change_pct {
        let (Some(possible), Some(point)) = (
            percent_change(old.possible, new),
            change
                .new
                .won()
                .checked_sub(old.exact.won())
                .map(|d| percent_of(d, old.exact.won())),
        ) else {
            let message = Said::new(
                format!(
                    "not checked: the previous figure may be zero ({})",
                    context.en
                ),
                format!("확인하지 않음: 이전 수치가 0일 수 있습니다({})", context.ko),
            );
            return out.on(rule::STATED_CHANGE_PCT, stated_pct.at).info(message);
        };
        judge_stated(
            out,
            StatedCheck {
                rule: rule::STATED_CHANGE_PCT,
                label: ("percent change", "증감률"),
                source: stated.source.as_deref(),
                stated: stated_pct,
                possible,
                computed: point,
                context,
            },
        );
    }
}

pub(super) fn stated_amount_change(
    file: &YearFile,
    (stated, approx, source): (Located<Amount>, Approx, Option<&str>),
    (old, new, new_exact): (Old, Interval, Amount),
    context: Said,
    out: &mut FileReport<'_>,
) {
    let at = stated.at;
    let (Some(possible), Some(exact)) = (
        new.checked_sub(old.possible),
        new_exact.checked_sub(old.exact),
    ) else {
        return too_large(out, rule::STATED_CHANGE, at);
    };
    let Some(verdict) = judge_approx(
        approx,
        possible,
        stated.value.won(),
        stated.value.precision(),
    ) else {
        return too_large(out, rule::STATED_CHANGE, at);
    };
    let figures = Figures {
        unit: file.unit.currency().base_name(),
        stated: stated.value.won(),
        computed: exact.won(),
        possible,
    };
    let (figure, by) = (
        approx_figure(approx, &show(stated.value, file.unit)),
        printed_by(source),
    );
    let stated_text = Said::new(
        format!("{}{}", figure.en, by.en),
        format!("{}{}", figure.ko, by.ko),
    );
    let coarsest = old.coarsest.max(new_exact.precision());
    report_stated(
        out,
        StatedReport {
            rule: rule::STATED_CHANGE,
            label: ("change", "증감액"),
            at,
            approx,
            verdict,
            stated: stated_text,
            computed: show(shown(exact, coarsest), file.unit),
            range: money_range(possible, file.unit),
            context,
            figures,
        },
    );
}
