//! Sums against printed amounts: an item's `parts` against its amount,
//! and a printed `[[total]]` against the items below it (all of them, or
//! some when the total is marked `partial`). Also the sums themselves,
//! worked out once per file, which the other rules compare with.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::super::interval::{Interval, Verdict, judge, round_to};
use super::stated::Whole;
use super::text::{bare, money_range, range_ko, show, total_ko};
use super::{FileReport, Said, too_large};
use crate::amount::Amount;
#[cfg(test)]
use crate::amount::Unit;
use crate::check::{Figures, Severity, rule};
use crate::model::{CategoryPath, Item, Position, Total, YearFile};

/// Parts listed one by one in a message; more are summed up.
pub(super) const MAX_PARTS_LISTED: usize = 6;

/// A sum of written amounts: its exact value and every value it can
/// truly have.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sum {
    pub(super) exact: Amount,
    pub(super) possible: Interval,
    /// Every value the sum may stand for if its terms were cut off at
    /// their last digit rather than rounded (tables that truncate).
    pub(super) cut: Interval,
    pub(super) terms: usize,
    /// The power of ten of the coarsest last digit among the terms: the
    /// sum is shown to it (see [`shown`]).
    pub(super) coarsest: i32,
}

/// `None` when the sum leaves `Decimal`'s range.
pub(super) fn sum(amounts: impl IntoIterator<Item = Amount>) -> Option<Sum> {
    amounts.into_iter().try_fold(
        Sum {
            exact: Amount::ZERO,
            possible: Interval::point(Decimal::ZERO),
            cut: Interval::point(Decimal::ZERO),
            terms: 0,
            coarsest: i32::MIN,
        },
        Sum::plus,
    )
}

/// Every value a written amount may stand for.
pub(super) fn written(amount: Amount) -> Option<Interval> {
    Interval::rounded(amount.won(), amount.precision())
}

/// Every value a written amount may stand for if it was cut off at its
/// last digit rather than rounded.
pub(super) fn written_cut(amount: Amount) -> Option<Interval> {
    Interval::truncated(amount.won(), amount.precision())
}

impl Sum {
    pub(super) fn plus(self, amount: Amount) -> Option<Sum> {
        Some(Sum {
            exact: self.exact.checked_add(amount)?,
            possible: self.possible.checked_add(written(amount)?)?,
            cut: self.cut.checked_add(written_cut(amount)?)?,
            // One term per item read: fewer than memory holds.
            terms: self.terms.saturating_add(1),
            coarsest: self.coarsest.max(amount.precision()),
        })
    }

    /// The sum of the other terms, when `part` is one of the terms of
    /// `self` (or the sum of some of them).
    pub(super) fn without(self, part: Sum) -> Option<Sum> {
        Some(Sum {
            exact: self.exact.checked_sub(part.exact)?,
            possible: self.possible.without(part.possible)?,
            cut: self.cut.without(part.cut)?,
            terms: self.terms.checked_sub(part.terms)?,
            coarsest: self.coarsest,
        })
    }

    /// The sum as shown (see [`shown`]).
    pub(super) fn shown(self) -> Amount {
        shown(self.exact, self.coarsest)
    }
}

/// A computed amount as shown: without the zeros a finer term adds past
/// the coarsest last digit of the written figures it comes from, so
/// 23,532.1억 + 3,000,000,000,000원 shows as 53,532.1억원, never as
/// 53,532.10000000억원. Digits that are not zeros are never dropped.
pub(super) fn shown(exact: Amount, coarsest: i32) -> Amount {
    let mut precision = exact.precision();
    while precision < coarsest {
        let Some(coarser) = precision.checked_add(1) else {
            break;
        };
        match round_to(exact.won(), coarser) {
            Some(won) if won == exact.won() => precision = coarser,
            _ => break,
        }
    }
    Amount::new(exact.won(), precision)
}

/// The sums of the items counted in totals (actual and planned): of the
/// whole file, and of each category with the ones below it. Worked out
/// once per file, so every rule is linear in the number of items.
pub(super) struct Sums {
    pub(super) grand: Sum,
    pub(super) by_category: BTreeMap<CategoryPath, Sum>,
}

impl Sums {
    /// `None` when some sum leaves `Decimal`'s range.
    pub(super) fn of(file: &YearFile) -> Option<Sums> {
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
    pub(super) fn of_category(&self, category: Option<&CategoryPath>) -> Option<Sum> {
        match category {
            Some(category) => self.by_category.get(category).copied(),
            None => Some(self.grand),
        }
    }

    /// The items outside a category: the rest of the total.
    pub(super) fn rest_of(&self, category: Option<&CategoryPath>) -> Option<Sum> {
        match self.of_category(category) {
            Some(inside) => self.grand.without(inside),
            None => Some(self.grand),
        }
    }

    pub(super) fn whole_without_item(&self, item: &Item) -> Option<Whole> {
        if item.enters_totals() {
            self.grand.without(sum([item.amount])?).map(Whole::Rest)
        } else {
            Some(Whole::Apart(self.grand))
        }
    }
}

pub(super) fn within(item: &Item, category: Option<&CategoryPath>) -> bool {
    category.is_none_or(|c| item.category.is_within(c))
}

pub(super) fn items_of<'f>(
    file: &'f YearFile,
    category: Option<&'f CategoryPath>,
) -> impl Iterator<Item = &'f Item> {
    file.items
        .iter()
        .filter(move |i| i.enters_totals() && within(i, category))
}

/// How a sum of written figures compares with a figure stated for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SumVerdict {
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

pub(super) fn compare_sum(total: &Sum, stated: Amount, overlaps: bool) -> Option<SumVerdict> {
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
pub(super) struct SumLabels<'a> {
    pub(super) terms: &'a Said,
    pub(super) stated: &'a Said,
    /// How the terms add up, shown when they match (`240.4 + 24.2`).
    pub(super) detail: Option<String>,
}

/// Reports one comparison of a sum with a stated amount.
pub(super) fn report_sum(
    out: &mut FileReport<'_>,
    rule: &'static str,
    file: &YearFile,
    at: Position,
    (total, stated, overlaps): (&Sum, Amount, bool),
    labels: SumLabels<'_>,
) {
    let unit = file.unit;
    let Some(verdict) = compare_sum(total, stated, overlaps) else {
        return too_large(out, rule, at);
    };
    let figures = Figures {
        unit: file.unit.currency().base_name(),
        stated: stated.won(),
        computed: total.exact.won(),
        possible: total.possible,
    };
    let (terms, stated_label) = (&labels.terms.en, &labels.stated.en);
    let (terms_ko, stated_ko) = (&labels.terms.ko, &labels.stated.ko);
    let sum_text = show(total.shown(), unit);
    let stated_text = show(stated, unit);
    let range = money_range(total.possible, unit);
    if verdict == SumVerdict::Exact {
        let message = match (labels.detail, total.exact.won() == stated.won()) {
            (Some(detail), true) => Said::new(
                format!("{terms} add up to {stated_label}: {detail} = {stated_text}"),
                format!("일치: {terms_ko} 합계 {detail} = {stated_ko} {stated_text}"),
            ),
            (None, true) => Said::new(
                format!("{terms} add up to {stated_label}, {stated_text}"),
                format!("일치: {terms_ko} 합계 = {stated_ko} {stated_text}"),
            ),
            (_, false) => Said::new(
                format!(
                    "{terms} add up to {sum_text}, which rounds to {stated_label}, {stated_text}"
                ),
                format!("일치(반올림): {terms_ko} 합계 {sum_text}, {stated_ko} {stated_text}"),
            ),
        };
        return out.on(rule, at).figures(Some(figures)).passed(message);
    }
    let (severity, message) = match verdict {
        SumVerdict::WithinRounding => (
            Severity::Info,
            Said::new(
                format!(
                    "{terms} add up to {sum_text}, not {stated_label} {stated_text}: a \
                     difference within the rounding of the written figures (they allow {range})"
                ),
                format!(
                    "반올림 범위 안의 차이: {terms_ko} 합계 {sum_text}, {stated_ko} \
                     {stated_text} (적힌 수치로 가능한 범위: {})",
                    range_ko(&range)
                ),
            ),
        ),
        SumVerdict::Overlapping => (
            Severity::Info,
            Said::new(
                format!(
                    "{terms} add up to {sum_text}, more than {stated_label} {stated_text}: they \
                     overlap on purpose (overlaps = true)"
                ),
                format!(
                    "의도된 중복(overlaps = true): {terms_ko} 합계 {sum_text}, {stated_ko} \
                     {stated_text}"
                ),
            ),
        ),
        SumVerdict::Truncated => (
            Severity::Warning,
            Said::new(
                format!(
                    "{terms} add up to {sum_text}, not {stated_label} {stated_text}, unless that \
                     was truncated rather than rounded (they allow {range})"
                ),
                format!(
                    "절사한 경우에만 일치: {terms_ko} 합계 {sum_text}, {stated_ko} \
                     {stated_text} (적힌 수치로 가능한 범위: {})",
                    range_ko(&range)
                ),
            ),
        ),
        SumVerdict::Inconsistent | SumVerdict::Exact => (
            Severity::Error,
            Said::new(
                format!(
                    "{terms} add up to {sum_text}, not {stated_label} {stated_text} (as \
                     written, they allow {range})"
                ),
                format!(
                    "불일치: {terms_ko} 합계 {sum_text}, {stated_ko} {stated_text} (적힌 \
                     수치로 가능한 범위: {})",
                    range_ko(&range)
                ),
            ),
        ),
    };
    out.on(rule, at)
        .figures(Some(figures))
        .finding(severity, message);
}

/// `parts` add up to the item's amount.
pub(super) fn parts_sum(file: &YearFile, item: &Item, out: &mut FileReport<'_>) {
    if item.parts.is_empty() {
        return;
    }
    let at = item.parts_at.unwrap_or(Position {
        line: item.line,
        column: 1,
    });
    let Some(total) = sum(item.parts.iter().map(|p| p.amount)) else {
        return too_large(out, rule::PARTS_SUM, at);
    };
    let detail = (item.parts.len() <= MAX_PARTS_LISTED).then(|| {
        item.parts
            .iter()
            .map(|p| bare(p.amount, file.unit))
            .collect::<Vec<_>>()
            .join(" + ")
    });
    let terms = Said::new(
        format!("the parts of `{}`", item.id),
        format!("`{}`의 세부 항목", item.id),
    );
    let stated = Said::new("its amount".into(), "금액".into());
    let labels = SumLabels {
        terms: &terms,
        stated: &stated,
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
pub(super) fn total_matches(
    file: &YearFile,
    sums: Option<&Sums>,
    total: &Total,
    out: &mut FileReport<'_>,
) {
    let at = total.amount.at;
    let Some(sums) = sums else {
        return too_large(out, rule::TOTAL_MISMATCH, at);
    };
    let items_sum = sums.of_category(total.category.as_ref());
    if total.partial {
        return partial_total(file, items_sum, total, out);
    }
    let Some(items_sum) = items_sum else {
        let category = total
            .category
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let printed = show(total.amount.value, file.unit);
        let suggestion = suggest_category(sums, &category);
        let message = Said::new(
            format!(
                "{total} is printed as {printed}, but no item counted in totals is in \
                 `{category}`{}",
                suggestion
                    .as_ref()
                    .map_or_else(String::new, |s| format!("; did you mean `{s}`?"))
            ),
            format!(
                "{} 인쇄값 {printed}: `{category}`에 총계에 들어가는 항목이 없습니다{}",
                total_ko(total),
                suggestion
                    .as_ref()
                    .map_or_else(String::new, |s| format!(" (`{s}`?)"))
            ),
        );
        return out.on(rule::TOTAL_MISMATCH, at).error(message);
    };
    let terms = match &total.category {
        Some(category) => Said::new(
            format!("the items of `{category}`"),
            format!("`{category}`의 항목"),
        ),
        None => Said::new("the items".to_owned(), "항목".to_owned()),
    };
    let stated = Said::new(
        format!(
            "the printed {}",
            total.to_string().trim_start_matches("the ")
        ),
        format!("인쇄된 {}", total_ko(total)),
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

/// A printed total the file lists only part of: the items may fall short
/// of it, never exceed it.
pub(super) fn partial_total(
    file: &YearFile,
    items: Option<Sum>,
    total: &Total,
    out: &mut FileReport<'_>,
) {
    let at = total.amount.at;
    let printed = show(total.amount.value, file.unit);
    let Some(items) = items.filter(|s| s.terms > 0) else {
        let message = Said::new(
            format!("{total} is printed as {printed}; no items of it are listed (partial = true)"),
            format!(
                "{} 인쇄값 {printed}: 나열된 항목 없음(partial = true)",
                total_ko(total)
            ),
        );
        return out.on(rule::TOTAL_MISMATCH, at).passed(message);
    };
    let Some(range) = written(total.amount.value) else {
        return too_large(out, rule::TOTAL_MISMATCH, at);
    };
    let listed = show(items.shown(), file.unit);
    let figures = Some(Figures {
        unit: file.unit.currency().base_name(),
        stated: total.amount.value.won(),
        computed: items.exact.won(),
        possible: items.possible,
    });
    if items.possible.low() > range.high() {
        let range = money_range(items.possible, file.unit);
        let message = Said::new(
            format!(
                "the items listed add up to {listed}, more than the printed {} {printed}, \
                 which they are only part of (as written, they allow {range})",
                total.to_string().trim_start_matches("the "),
            ),
            format!(
                "불일치: 나열된 항목 합계 {listed}, 그 일부여야 할 인쇄된 {} {printed}보다 큼 \
                 (적힌 수치로 가능한 범위: {})",
                total_ko(total),
                range_ko(&range)
            ),
        );
        return out
            .on(rule::TOTAL_MISMATCH, at)
            .figures(figures)
            .error(message);
    }
    let message = Said::new(
        format!(
            "the items listed add up to {listed}, part of the printed {} {printed} (partial = \
             true)",
            total.to_string().trim_start_matches("the ")
        ),
        format!(
            "일부 나열: 나열된 항목 합계 {listed}, 인쇄된 {} {printed} (partial = true)",
            total_ko(total)
        ),
    );
    out.on(rule::TOTAL_MISMATCH, at)
        .figures(figures)
        .passed(message);
}

pub(super) fn suggest_category(sums: &Sums, category: &str) -> Option<String> {
    let known: Vec<String> = sums.by_category.keys().map(ToString::to_string).collect();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    crate::load::nearest(category, &known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computed_amounts_drop_the_zeros_a_finer_term_adds_and_nothing_else() {
        let eok = Unit::parse("억원").unwrap();
        let coarse = Amount::parse("23,532.1억원", eok).unwrap();
        let fine = Amount::parse("3,000,000,000,000원", eok).unwrap();
        let total = sum([coarse, fine]).unwrap();
        assert_eq!(show(total.exact, eok), "53,532.10000000억원");
        assert_eq!(show(total.shown(), eok), "53,532.1억원");
        let odd = Amount::parse("3,000,000,000,001원", eok).unwrap();
        let total = sum([coarse, odd]).unwrap();
        assert_eq!(show(total.shown(), eok), "53,532.10000001억원");
    }
}
