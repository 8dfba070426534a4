//! Stated changes against an earlier file: the amount of a change and
//! the percent change of an item or a printed total, each on its own
//! (then together, see [`super::together`]).

use super::super::interval::{Interval, percent_change};
use super::base::{Base, NoBase, base_name};
use super::stated::{StatedCheck, judge_approx, judge_stated, report_stated};
use super::sums::{Sum, Sums, shown, written, written_cut};
use super::together::stated_together;
use super::{FileReport, Previous, money, percent_of, too_large, total_name};
use crate::amount::Amount;
use crate::check::said::{
    Computed, Context, Figure, Label, MoneyRange, Range, Said, StatedFigure, StatedSaid, Why,
};
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
    let old = previous.amount_of(&item.id);
    // An item missing from a file that says it lists only part of the
    // item's category is expected (information); from a file that lists
    // all of it, it may be an id written two ways (a warning).
    let partial = previous.file.totals.iter().any(|total| {
        total.partial
            && total
                .category
                .as_ref()
                .is_none_or(|category| item.category.is_within(category))
    });
    Change {
        previous: previous.file,
        old: old.and_then(|amount| {
            Some(Old {
                exact: amount,
                possible: written(amount)?,
                cut: written_cut(amount)?,
                coarsest: amount.precision(),
            })
        }),
        new: item.amount,
        missing: NoBase {
            severity: if partial {
                Severity::Info
            } else {
                Severity::Warning
            },
            why: Why::NoItem {
                id: item.id.clone(),
                path: previous.file.path.clone(),
                partial,
            },
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
        why: Why::NothingFor {
            total: total_name(total),
            path: previous.file.path.clone(),
        },
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
            missing.why = Why::ListsPart {
                path: path.clone(),
                category: total.category.as_ref().map(ToString::to_string),
            };
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
    out.errors_to_warnings(before, |said| Said::StoodIn { said, usual });
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
    let not_checked = |out: &mut FileReport<'_>, severity, why: Why| {
        for (rule, at) in positions.iter().flatten() {
            out.on(rule, *at)
                .finding(severity, Said::NotChecked(why.clone()));
        }
    };
    let change = match change {
        Ok(change) => change,
        Err(no_base) => return not_checked(out, no_base.severity, no_base.why),
    };
    let Some(old) = change.old else {
        return not_checked(out, change.missing.severity, change.missing.why);
    };
    let Some(new) = written(change.new) else {
        return not_checked(out, Severity::Info, Why::TooLarge);
    };
    let context = Context::Change {
        old: money(shown(old.exact, old.coarsest), file),
        base: base_name(change.previous),
        new: money(change.new, file),
    };
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
            return out
                .on(rule::STATED_CHANGE_PCT, stated_pct.at)
                .info(Said::PreviousMayBeZero(context));
        };
        judge_stated(
            out,
            StatedCheck {
                rule: rule::STATED_CHANGE_PCT,
                label: Label::PercentChange,
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
    context: Context,
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
    let coarsest = old.coarsest.max(new_exact.precision());
    let said = StatedSaid {
        label: Label::Change,
        stated: StatedFigure {
            value: Figure::Money(money(stated.value, file)),
            approx,
            source: source.map(ToOwned::to_owned),
        },
        verdict,
        computed: Computed::Money(money(shown(exact, coarsest), file)),
        range: Range::Money(MoneyRange {
            range: possible,
            unit: file.unit,
        }),
        context,
    };
    report_stated(out, rule::STATED_CHANGE, at, said, figures);
}

#[cfg(test)]
mod tests {
    use crate::check::{Severity, check_bytes};

    /// A file of region G in 억원 with `body` after its heading.
    fn file(name: &str, year: i64, body: &str) -> (String, Vec<u8>) {
        let text = format!("year = {year}\nregion = \"G\"\nunit = \"억원\"\n{body}");
        (name.to_owned(), text.into_bytes())
    }

    const ITEM_A: &str = "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 100\n";
    const ITEM_B_STATED: &str = "[[item]]\nid = \"b\"\nname = \"B\"\ncategory = \"c\"\n\
                                 amount = 50\nstated = { change = 5 }\n";

    /// The severity of each finding on `b`'s stated change.
    fn severities(earlier: &str) -> Vec<Severity> {
        let files = [
            file("2025.toml", 2025, earlier),
            file("2026.toml", 2026, &format!("{ITEM_A}{ITEM_B_STATED}")),
        ];
        check_bytes(&files)
            .findings
            .into_iter()
            .filter(|f| f.rule == crate::check::rule::STATED_CHANGE)
            .map(|f| f.severity)
            .collect()
    }

    #[test]
    fn an_item_missing_from_a_complete_earlier_file_is_a_warning() {
        assert_eq!(severities(ITEM_A), [Severity::Warning]);
    }

    #[test]
    fn an_item_missing_from_an_earlier_file_that_lists_part_is_information() {
        let grand = format!("{ITEM_A}[[total]]\namount = 400\npartial = true\n");
        assert_eq!(severities(&grand), [Severity::Info]);
        let of_its_category =
            format!("{ITEM_A}[[total]]\ncategory = \"c\"\namount = 400\npartial = true\n");
        assert_eq!(severities(&of_its_category), [Severity::Info]);
        // Part of another category says nothing of `c`.
        let elsewhere = format!(
            "{ITEM_A}[[item]]\nid = \"x\"\nname = \"X\"\ncategory = \"d\"\namount = 1\n\
             [[total]]\ncategory = \"d\"\namount = 400\npartial = true\n"
        );
        assert_eq!(severities(&elsewhere), [Severity::Warning]);
    }
}
