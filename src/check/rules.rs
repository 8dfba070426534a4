//! The rules `check` applies to files that load: parts against amounts,
//! printed totals against the items, stated changes and shares against
//! the computed ones, and consistency across years.
//!
//! Every comparison treats a written figure as standing for any value
//! within half a unit of its last digit (see [`super::interval`]). Sums
//! that match only within that rounding are reported as information, so
//! a typo that happens to fall inside it stays visible without failing.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rust_decimal::{Decimal, RoundingStrategy};

use super::interval::{Interval, Verdict, judge, percent_change, ratio_pct, round_to, share_pct};
use super::{Collector, Figures, Severity, rule};
use crate::amount::{Amount, Unit, shift_down};
use crate::model::{CategoryPath, Item, Located, Percent, Position, Total, YearFile};
use crate::render::numbers::{fixed, group_thousands, with_unit};

/// Parts listed one by one in a message; more are summed up.
const MAX_PARTS_LISTED: usize = 6;

/// Applies the rules that need only this file. Returns `false` when the
/// file's sums cannot be held exactly, so its figures cannot be compared.
pub(super) fn check_file(file: &YearFile, out: &mut Collector) -> bool {
    if let Err(overflow) = crate::summary::summarize(file) {
        out.finding(
            Severity::Error,
            rule::SUM_OVERFLOW,
            &file.path,
            Position { line: 1, column: 1 },
            format!(
                "the sum of the items in {} is too large to be held exactly",
                overflow.scope
            ),
            None,
        );
        return false;
    }
    let sums = Sums::of(file);
    for item in &file.items {
        parts_sum(file, item, out);
        if let Some(share) = item.stated.share_pct {
            let whole = sums.as_ref().and_then(|s| s.whole_without_item(item));
            stated_share(file, share, item.amount, whole, out);
        }
    }
    for total in &file.totals {
        total_matches(file, sums.as_ref(), total, out);
        if let Some(share) = total.stated.share_pct {
            let whole = sums
                .as_ref()
                .and_then(|s| s.rest_of(total.category.as_ref()))
                .map(Whole::Rest);
            stated_share(file, share, total.amount.value, whole, out);
        }
    }
    true
}

/// Applies the rules across years to the files that load.
pub(super) fn check_years(files: &[&YearFile], out: &mut Collector) {
    let sums: Vec<Option<Sums>> = files.iter().map(|file| Sums::of(file)).collect();
    for (index, file) in files.iter().enumerate() {
        year_matches_file_name(file, out);
        duplicate_year(&files[..index], file, out);
        let previous = previous_year(files, file).map(|p| Previous {
            file: files[p],
            items: files[p].items.iter().map(|i| (i.id.as_str(), i)).collect(),
            sums: sums[p].as_ref(),
        });
        for item in &file.items {
            let old_item = previous
                .as_ref()
                .and_then(|p| p.items.get(item.id.as_str()));
            if let (Some(previous), Some(old_item)) = (&previous, old_item) {
                category_changed(file, item, previous.file, old_item, out);
            }
            if item.stated.change.is_some() || item.stated.change_pct.is_some() {
                let change = previous.as_ref().map(|p| item_change(item, p));
                stated_changes(file, &item.stated, change, out);
            }
        }
        for total in &file.totals {
            if total.stated.change.is_some() || total.stated.change_pct.is_some() {
                let change = previous.as_ref().map(|p| total_change(total, p));
                stated_changes(file, &total.stated, change, out);
            }
        }
    }
}

/// The previous year's file, indexed for the rules.
struct Previous<'f> {
    file: &'f YearFile,
    items: HashMap<&'f str, &'f Item>,
    sums: Option<&'f Sums>,
}

/// A sum of written amounts: its exact value and every value it can
/// truly have.
#[derive(Debug, Clone, Copy)]
struct Sum {
    exact: Amount,
    possible: Interval,
    terms: usize,
}

/// `None` when the sum leaves `Decimal`'s range.
fn sum(amounts: impl IntoIterator<Item = Amount>) -> Option<Sum> {
    amounts.into_iter().try_fold(
        Sum {
            exact: Amount::ZERO,
            possible: Interval::point(Decimal::ZERO),
            terms: 0,
        },
        Sum::plus,
    )
}

/// Every value a written amount may stand for.
fn written(amount: Amount) -> Option<Interval> {
    Interval::rounded(amount.won(), amount.precision())
}

impl Sum {
    fn plus(self, amount: Amount) -> Option<Sum> {
        Some(Sum {
            exact: self.exact.checked_add(amount)?,
            possible: self.possible.checked_add(written(amount)?)?,
            terms: self.terms + 1,
        })
    }

    /// The sum of the other terms, when `part` is one of the terms of
    /// `self` (or the sum of some of them).
    fn without(self, part: Sum) -> Option<Sum> {
        Some(Sum {
            exact: self.exact.checked_sub(part.exact)?,
            possible: self.possible.without(part.possible)?,
            terms: self.terms - part.terms,
        })
    }
}

/// The sums of the items counted in totals (actual and planned): of the
/// whole file, and of each category with the ones below it. Worked out
/// once per file, so every rule is linear in the number of items.
struct Sums {
    grand: Sum,
    by_category: BTreeMap<CategoryPath, Sum>,
}

impl Sums {
    /// `None` when some sum leaves `Decimal`'s range.
    fn of(file: &YearFile) -> Option<Sums> {
        let mut grand = sum([])?;
        let mut by_category: BTreeMap<CategoryPath, Sum> = BTreeMap::new();
        for item in items_of(file, None) {
            grand = grand.plus(item.amount)?;
            for path in item.category.ancestors_and_self() {
                let subtotal = match by_category.get(&path) {
                    Some(subtotal) => subtotal.plus(item.amount)?,
                    None => sum([item.amount])?,
                };
                by_category.insert(path, subtotal);
            }
        }
        Some(Sums { grand, by_category })
    }

    /// The items of a category (and below), or all of them; `None` when
    /// there are none.
    fn of_category(&self, category: Option<&CategoryPath>) -> Option<Sum> {
        match category {
            Some(category) => self.by_category.get(category).copied(),
            None => Some(self.grand),
        }
    }

    /// The items outside a category: the rest of the total.
    fn rest_of(&self, category: Option<&CategoryPath>) -> Option<Sum> {
        match self.of_category(category) {
            Some(inside) => self.grand.without(inside),
            None => Some(self.grand),
        }
    }

    fn whole_without_item(&self, item: &Item) -> Option<Whole> {
        if item.status.enters_totals() {
            self.grand.without(sum([item.amount])?).map(Whole::Rest)
        } else {
            Some(Whole::Apart(self.grand))
        }
    }
}

fn within(item: &Item, category: Option<&CategoryPath>) -> bool {
    category.is_none_or(|c| item.category.is_within(c))
}

fn items_of<'f>(
    file: &'f YearFile,
    category: Option<&'f CategoryPath>,
) -> impl Iterator<Item = &'f Item> {
    file.items
        .iter()
        .filter(move |i| i.status.enters_totals() && within(i, category))
}

/// How a sum of written figures compares with a figure stated for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SumVerdict {
    /// The exact sum, rounded like the stated figure, is the stated figure.
    Exact,
    /// Not exactly, but within the rounding of the written figures.
    WithinRounding,
    /// More than stated, and marked as overlapping on purpose.
    Overlapping,
    /// Only if the stated figure was truncated rather than rounded.
    Truncated,
    Inconsistent,
}

fn compare_sum(total: &Sum, stated: Amount, overlaps: bool) -> Option<SumVerdict> {
    if round_to(total.exact.won(), stated.precision())? == stated.won() {
        return Some(SumVerdict::Exact);
    }
    let stated_range = written(stated)?;
    Some(
        match judge(total.possible, stated.won(), stated.precision())? {
            Verdict::Rounded => SumVerdict::WithinRounding,
            _ if overlaps && total.possible.low() > stated_range.high() => SumVerdict::Overlapping,
            Verdict::Truncated => SumVerdict::Truncated,
            Verdict::Inconsistent => SumVerdict::Inconsistent,
        },
    )
}

/// What a sum is compared with, for messages: `the parts` add up to
/// `the amount`.
struct SumLabels<'a> {
    terms: &'a str,
    stated: &'a str,
    /// How the terms add up, shown when they match (`240.4 + 24.2`).
    detail: Option<String>,
}

/// Reports one comparison of a sum with a stated amount.
fn report_sum(
    out: &mut Collector,
    rule: &'static str,
    file: &YearFile,
    at: Position,
    (total, stated, overlaps): (&Sum, Amount, bool),
    labels: SumLabels<'_>,
) {
    let unit = file.unit;
    let Some(verdict) = compare_sum(total, stated, overlaps) else {
        return too_large(out, rule, file, at);
    };
    let figures = Figures {
        unit: "won",
        stated: stated.won(),
        computed: total.exact.won(),
        possible: total.possible,
    };
    let (terms, stated_label) = (labels.terms, labels.stated);
    let (sum_text, stated_text) = (show(total.exact, unit), show(stated, unit));
    let range = money_range(total.possible, unit);
    if verdict == SumVerdict::Exact {
        let message = match (labels.detail, total.exact.won() == stated.won()) {
            (Some(detail), true) => {
                format!("{terms} add up to {stated_label}: {detail} = {stated_text}")
            }
            (None, true) => format!("{terms} add up to {stated_label}, {stated_text}"),
            (_, false) => format!(
                "{terms} add up to {sum_text}, which rounds to {stated_label}, {stated_text}"
            ),
        };
        return out.passed(rule, &file.path, at, message, Some(figures));
    }
    let (severity, message) = match verdict {
        SumVerdict::WithinRounding => (
            Severity::Info,
            format!(
                "{terms} add up to {sum_text}, not {stated_label} {stated_text}: a difference \
                 within the rounding of the written figures (they allow {range})"
            ),
        ),
        SumVerdict::Overlapping => (
            Severity::Info,
            format!(
                "{terms} add up to {sum_text}, more than {stated_label} {stated_text}: they \
                 overlap on purpose (overlaps = true)"
            ),
        ),
        SumVerdict::Truncated => (
            Severity::Warning,
            format!(
                "{terms} add up to {sum_text}, not {stated_label} {stated_text}, unless that \
                 was truncated rather than rounded (they allow {range})"
            ),
        ),
        SumVerdict::Inconsistent | SumVerdict::Exact => (
            Severity::Error,
            format!(
                "{terms} add up to {sum_text}, not {stated_label} {stated_text} (as written, \
                 they allow {range})"
            ),
        ),
    };
    out.finding(severity, rule, &file.path, at, message, Some(figures));
}

fn too_large(out: &mut Collector, rule: &'static str, file: &YearFile, at: Position) {
    out.finding(
        Severity::Info,
        rule,
        &file.path,
        at,
        "not checked: the figures are too large to compare exactly".into(),
        None,
    );
}

/// `parts` add up to the item's amount.
fn parts_sum(file: &YearFile, item: &Item, out: &mut Collector) {
    if item.parts.is_empty() {
        return;
    }
    let at = item.parts_at.unwrap_or(Position {
        line: item.line,
        column: 1,
    });
    let Some(total) = sum(item.parts.iter().map(|p| p.amount)) else {
        return too_large(out, rule::PARTS_SUM, file, at);
    };
    let detail = (item.parts.len() <= MAX_PARTS_LISTED).then(|| {
        item.parts
            .iter()
            .map(|p| bare(p.amount, file.unit))
            .collect::<Vec<_>>()
            .join(" + ")
    });
    let terms = format!("the parts of `{}`", item.id);
    let labels = SumLabels {
        terms: &terms,
        stated: "its amount",
        detail,
    };
    report_sum(
        out,
        rule::PARTS_SUM,
        file,
        at,
        (&total, item.amount, item.overlaps),
        labels,
    );
}

/// A printed `[[total]]` against the sum of the items below it.
fn total_matches(file: &YearFile, sums: Option<&Sums>, total: &Total, out: &mut Collector) {
    let at = total.amount.at;
    let Some(sums) = sums else {
        return too_large(out, rule::TOTAL_MISMATCH, file, at);
    };
    let Some(items_sum) = sums.of_category(total.category.as_ref()) else {
        let category = total
            .category
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let message = format!(
            "{total} is printed as {}, but no item counted in totals is in `{category}`{}",
            show(total.amount.value, file.unit),
            suggest_category(sums, &category)
        );
        return out.finding(
            Severity::Error,
            rule::TOTAL_MISMATCH,
            &file.path,
            at,
            message,
            None,
        );
    };
    let terms = match &total.category {
        Some(category) => format!("the items of `{category}`"),
        None => "the items".to_owned(),
    };
    let stated = format!(
        "the printed {}",
        total.to_string().trim_start_matches("the ")
    );
    let labels = SumLabels {
        terms: &terms,
        stated: &stated,
        detail: None,
    };
    report_sum(
        out,
        rule::TOTAL_MISMATCH,
        file,
        at,
        (&items_sum, total.amount.value, total.overlaps),
        labels,
    );
}

fn suggest_category(sums: &Sums, category: &str) -> String {
    let known: Vec<String> = sums.by_category.keys().map(ToString::to_string).collect();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    crate::load::nearest(category, &known)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}

/// What a share is a share of.
#[derive(Debug, Clone, Copy)]
enum Whole {
    /// The other items of the total: the part is inside the whole.
    Rest(Sum),
    /// The whole total, which the part is not counted in.
    Apart(Sum),
}

/// A stated `share_pct` against this year's total.
fn stated_share(
    file: &YearFile,
    share: Located<Percent>,
    part: Amount,
    whole: Option<Whole>,
    out: &mut Collector,
) {
    let Some(whole) = whole else {
        return too_large(out, rule::STATED_SHARE, file, share.at);
    };
    let computed = match whole {
        Whole::Rest(rest) => written(part).and_then(|p| share_pct(p, rest.possible)),
        Whole::Apart(total) => written(part).and_then(|p| ratio_pct(p, total.possible)),
    };
    let total = match whole {
        Whole::Rest(rest) => part.checked_add(rest.exact),
        Whole::Apart(total) => Some(total.exact),
    };
    let (Some(possible), Some(total)) = (computed, total) else {
        return out.finding(
            Severity::Info,
            rule::STATED_SHARE,
            &file.path,
            share.at,
            "not checked: the total may be zero".into(),
            None,
        );
    };
    let point = percent_of(part.won(), total.won());
    let context = format!("of the total {}", show(total, file.unit));
    judge_stated(
        out,
        StatedCheck {
            rule: rule::STATED_SHARE,
            label: "share",
            file,
            stated: share,
            possible,
            computed: point,
            context,
        },
    );
}

fn percent_of(part: Decimal, whole: Decimal) -> Decimal {
    crate::summary::percent_of(part, whole).unwrap_or_default()
}

/// A stated percentage and what it is checked against.
struct StatedCheck<'a> {
    rule: &'static str,
    label: &'static str,
    file: &'a YearFile,
    stated: Located<Percent>,
    possible: Interval,
    computed: Decimal,
    /// What the computed figure is made of, for the message.
    context: String,
}

fn judge_stated(out: &mut Collector, check: StatedCheck<'_>) {
    let Located { value: stated, at } = check.stated;
    let Some(verdict) = judge(check.possible, stated.value, stated.precision) else {
        return too_large(out, check.rule, check.file, at);
    };
    let decimals = (stated.value.scale() + 1).max(2);
    let figures = Figures {
        unit: "percent",
        stated: stated.value,
        computed: check.computed,
        possible: check.possible,
    };
    let stated_text = format!("{}%", group_thousands(&stated.value.to_string()));
    let computed_text = format!("{}%", fixed(check.computed, decimals));
    let range = percent_range(check.possible, decimals);
    let label = check.label;
    let context = check.context;
    let file = &check.file.path;
    match verdict {
        Verdict::Rounded => out.passed(
            check.rule,
            file,
            at,
            format!(
                "stated {label} {stated_text} is consistent with {computed_text} \
                 ({context}; the written figures allow {range})"
            ),
            Some(figures),
        ),
        Verdict::Truncated => out.finding(
            Severity::Warning,
            check.rule,
            file,
            at,
            format!(
                "stated {label} {stated_text} matches {computed_text} only if truncated \
                 rather than rounded ({context}; the written figures allow {range})"
            ),
            Some(figures),
        ),
        Verdict::Inconsistent => out.finding(
            Severity::Error,
            check.rule,
            file,
            at,
            format!(
                "stated {label} {stated_text} does not match {computed_text} \
                 ({context}; the written figures allow {range})"
            ),
            Some(figures),
        ),
    }
}

/// A figure this year and the same figure in the previous year's file.
struct Change<'a> {
    previous: &'a YearFile,
    old: Option<Old>,
    new: Amount,
    /// Why there is nothing to compare with, when `old` is `None`.
    missing: String,
}

/// The previous year's figure: exact as written, and every value it may
/// stand for.
#[derive(Debug, Clone, Copy)]
struct Old {
    exact: Amount,
    possible: Interval,
}

fn item_change<'a>(item: &Item, previous: &Previous<'a>) -> Change<'a> {
    let old = previous.items.get(item.id.as_str());
    Change {
        previous: previous.file,
        old: old.and_then(|i| {
            Some(Old {
                exact: i.amount,
                possible: written(i.amount)?,
            })
        }),
        new: item.amount,
        missing: format!("no item `{}` in {}", item.id, previous.file.path),
    }
}

/// The previous year's figure for a `[[total]]`: its own `[[total]]` if it
/// printed one, otherwise the sum of its items.
fn total_change<'a>(total: &Total, previous: &Previous<'a>) -> Change<'a> {
    let printed = previous
        .file
        .totals
        .iter()
        .find(|t| t.category == total.category);
    let old = match printed {
        Some(old) => written(old.amount.value).map(|possible| Old {
            exact: old.amount.value,
            possible,
        }),
        None => previous
            .sums
            .and_then(|sums| sums.of_category(total.category.as_ref()))
            .filter(|s| s.terms > 0)
            .map(|s| Old {
                exact: s.exact,
                possible: s.possible,
            }),
    };
    Change {
        previous: previous.file,
        old,
        new: total.amount.value,
        missing: format!("nothing for {total} in {}", previous.file.path),
    }
}

/// Stated `change` and `change_pct` against the previous year.
fn stated_changes(
    file: &YearFile,
    stated: &crate::model::Stated,
    change: Option<Change<'_>>,
    out: &mut Collector,
) {
    let positions = [
        stated.change.map(|c| (rule::STATED_CHANGE, c.at)),
        stated.change_pct.map(|c| (rule::STATED_CHANGE_PCT, c.at)),
    ];
    let not_checked = |out: &mut Collector, severity, why: &str| {
        for (rule, at) in positions.iter().flatten() {
            out.finding(
                severity,
                rule,
                &file.path,
                *at,
                format!("not checked: {why}"),
                None,
            );
        }
    };
    let Some(change) = change else {
        let why = format!("no earlier year of {} among the files checked", file.region);
        return not_checked(out, Severity::Info, &why);
    };
    let Some(old) = change.old else {
        return not_checked(out, Severity::Warning, &change.missing);
    };
    let Some(new) = written(change.new) else {
        return not_checked(
            out,
            Severity::Info,
            "the figures are too large to compare exactly",
        );
    };
    let context = format!(
        "{} in {} → {}",
        bare(old.exact, file.unit),
        change.previous.path,
        show(change.new, file.unit)
    );
    if let Some(stated_change) = stated.change {
        stated_amount_change(file, stated_change, (old, new, change.new), &context, out);
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
            return out.finding(
                Severity::Info,
                rule::STATED_CHANGE_PCT,
                &file.path,
                stated_pct.at,
                format!("not checked: the previous figure may be zero ({context})"),
                None,
            );
        };
        judge_stated(
            out,
            StatedCheck {
                rule: rule::STATED_CHANGE_PCT,
                label: "percent change",
                file,
                stated: stated_pct,
                possible,
                computed: point,
                context,
            },
        );
    }
}

fn stated_amount_change(
    file: &YearFile,
    stated: Located<Amount>,
    (old, new, new_exact): (Old, Interval, Amount),
    context: &str,
    out: &mut Collector,
) {
    let at = stated.at;
    let (Some(possible), Some(exact)) = (
        new.checked_sub(old.possible),
        new_exact.checked_sub(old.exact),
    ) else {
        return too_large(out, rule::STATED_CHANGE, file, at);
    };
    let Some(verdict) = judge(possible, stated.value.won(), stated.value.precision()) else {
        return too_large(out, rule::STATED_CHANGE, file, at);
    };
    let figures = Some(Figures {
        unit: "won",
        stated: stated.value.won(),
        computed: exact.won(),
        possible,
    });
    let stated_text = show(stated.value, file.unit);
    let computed_text = show(exact, file.unit);
    let range = money_range(possible, file.unit);
    let rule = rule::STATED_CHANGE;
    match verdict {
        Verdict::Rounded => out.passed(
            rule,
            &file.path,
            at,
            format!(
                "stated change {stated_text} is consistent with {computed_text} \
                 ({context}; the written figures allow {range})"
            ),
            figures,
        ),
        Verdict::Truncated => out.finding(
            Severity::Warning,
            rule,
            &file.path,
            at,
            format!(
                "stated change {stated_text} matches {computed_text} only if truncated \
                 rather than rounded ({context}; the written figures allow {range})"
            ),
            figures,
        ),
        Verdict::Inconsistent => out.finding(
            Severity::Error,
            rule,
            &file.path,
            at,
            format!(
                "stated change {stated_text} does not match {computed_text} \
                 ({context}; the written figures allow {range})"
            ),
            figures,
        ),
    }
}

/// The index of the file's previous year: the nearest lower `year` of the
/// same region, preferring the same phase, then the first given.
fn previous_year(files: &[&YearFile], file: &YearFile) -> Option<usize> {
    let earlier = || {
        files
            .iter()
            .enumerate()
            .filter(|(_, f)| same_region(f, file) && f.year < file.year)
    };
    let year = earlier().map(|(_, f)| f.year).max()?;
    let candidates = || earlier().filter(|(_, f)| f.year == year);
    candidates()
        .find(|(_, f)| f.phase == file.phase)
        .or_else(|| candidates().next())
        .map(|(index, _)| index)
}

fn same_region(a: &YearFile, b: &YearFile) -> bool {
    a.region.trim() == b.region.trim()
}

fn phase_key(file: &YearFile) -> Option<String> {
    file.phase.as_ref().map(|p| p.trim().to_lowercase())
}

/// `2025.toml` (or `budget-2025-final.toml`) holds `year = 2025`.
fn year_matches_file_name(file: &YearFile, out: &mut Collector) {
    let Some(named) = year_in_file_name(&file.path) else {
        return;
    };
    if named == file.year {
        out.passed(
            rule::YEAR_FILENAME,
            &file.path,
            file.year_at,
            format!("year {} matches the file name", file.year),
            None,
        );
    } else {
        out.finding(
            Severity::Error,
            rule::YEAR_FILENAME,
            &file.path,
            file.year_at,
            format!("`year` = {} but the file name says {named}", file.year),
            None,
        );
    }
}

/// The one year (a run of four digits from 1900 to 2199, not part of a
/// longer number) in a file's name; `None` if there is none or several.
fn year_in_file_name(path: &str) -> Option<i64> {
    let stem = Path::new(path).file_stem()?.to_str()?;
    let mut years = stem
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 4)
        .filter_map(|run| run.parse::<i64>().ok())
        .filter(|year| (1900..=2199).contains(year));
    let year = years.next()?;
    years.next().is_none().then_some(year)
}

/// Two files for the same region, year and phase.
fn duplicate_year(earlier: &[&YearFile], file: &YearFile, out: &mut Collector) {
    let Some(first) = earlier
        .iter()
        .find(|f| same_region(f, file) && f.year == file.year && phase_key(f) == phase_key(file))
    else {
        return;
    };
    let phase = file
        .phase
        .as_deref()
        .map_or_else(|| "no phase".to_owned(), |p| format!("phase {p}"));
    out.finding(
        Severity::Error,
        rule::DUPLICATE_YEAR,
        &file.path,
        file.year_at,
        format!(
            "{} {} ({phase}) is also in {}; keep one file per year and phase",
            file.region, file.year, first.path
        ),
        None,
    );
}

/// An id whose category differs from the previous year's.
fn category_changed(
    file: &YearFile,
    item: &Item,
    previous: &YearFile,
    old: &Item,
    out: &mut Collector,
) {
    if old.category == item.category {
        return;
    }
    out.finding(
        Severity::Warning,
        rule::CATEGORY_CHANGED,
        &file.path,
        item.category_at,
        format!(
            "`{}` is in `{}` here but was in `{}` in {} (line {}): subtotals are not comparable across the years",
            item.id, item.category, old.category, previous.path, old.line
        ),
        None,
    );
}

/// A written amount in `unit`, digits as written, with the unit's name.
fn show(amount: Amount, unit: Unit) -> String {
    with_unit(bare(amount, unit), unit)
}

/// A written amount in `unit`, digits as written.
fn bare(amount: Amount, unit: Unit) -> String {
    group_thousands(&amount.in_unit(unit).to_string())
}

/// A bound in won, shown exactly in `unit`.
fn bound(won: Decimal, unit: Unit) -> String {
    group_thousands(&shift_down(won, unit.exponent()).normalize().to_string())
}

fn money_range(range: Interval, unit: Unit) -> String {
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
fn percent_range(range: Interval, decimals: u32) -> String {
    let low = range
        .low()
        .round_dp_with_strategy(decimals, RoundingStrategy::ToNegativeInfinity);
    let high = range
        .high()
        .round_dp_with_strategy(decimals, RoundingStrategy::ToPositiveInfinity);
    format!("{}% to {}%", fixed(low, decimals), fixed(high, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_str;

    fn file(path: &str, year: i64, region: &str, phase: Option<&str>) -> YearFile {
        let phase = phase.map_or(String::new(), |p| format!("phase = \"{p}\"\n"));
        parse_str(
            &format!("year = {year}\nregion = \"{region}\"\n{phase}"),
            path,
        )
        .unwrap()
    }

    #[test]
    fn the_year_in_a_file_name_is_one_run_of_four_digits() {
        assert_eq!(year_in_file_name("budgets/2025.toml"), Some(2025));
        assert_eq!(year_in_file_name("gyeongju-2026-final.toml"), Some(2026));
        assert_eq!(year_in_file_name("2019/budget.toml"), None);
        assert_eq!(year_in_file_name("2024-2025.toml"), None);
        assert_eq!(year_in_file_name("20250.toml"), None);
        assert_eq!(year_in_file_name("v1234.toml"), None);
        assert_eq!(year_in_file_name("<stdin>"), None);
    }

    #[test]
    fn the_previous_year_is_the_nearest_lower_one_of_the_same_region() {
        let files = [
            file("a.toml", 2023, "G", None),
            file("b.toml", 2024, "G", Some("planned")),
            file("c.toml", 2024, "G", Some("final")),
            file("d.toml", 2024, "Other", Some("final")),
            file("e.toml", 2025, "G", Some("final")),
            file("f.toml", 2025, "G", Some("supplementary")),
        ];
        let all: Vec<&YearFile> = files.iter().collect();
        let previous =
            |index: usize| previous_year(&all, &files[index]).map(|p| files[p].path.as_str());
        // Same phase first, then the first given.
        assert_eq!(previous(4), Some("c.toml"));
        assert_eq!(previous(5), Some("b.toml"));
        assert_eq!(previous(1), Some("a.toml"));
        assert_eq!(previous(0), None);
        assert_eq!(previous(3), None);
    }
}
