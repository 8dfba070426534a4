//! The rules `check` applies to files that load: parts against amounts,
//! printed totals against the items, stated changes and shares against
//! the computed ones, and consistency across years.
//!
//! Every comparison treats a written figure as standing for any value
//! within half a unit of its last digit (see [`super::interval`]). Sums
//! that match only within that rounding are reported as information, so
//! a typo that happens to fall inside it stays visible without failing.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rust_decimal::{Decimal, RoundingStrategy};

use super::interval::{
    Interval, Joint, Verdict, joint_percent, judge, percent_change, ratio_pct, round_to, share_pct,
};
use super::{Collector, Figures, Severity, rule};
use crate::amount::{Amount, Unit};
use crate::exact::Inexact;
use crate::model::{BaseRef, CategoryPath, Item, Located, Percent, Position, Total, YearFile};
use crate::notation::Approx;
use crate::phase::{BaseYear, PhaseKind};
use crate::render::Lang;
use crate::render::numbers::{exact_in, fixed, group_thousands, korean_negatives, with_unit};

/// Parts listed one by one in a message; more are summed up.
const MAX_PARTS_LISTED: usize = 6;

/// Applies the rules that need only this file. Returns `false` when the
/// file's sums cannot be held exactly, so its figures cannot be compared.
pub(super) fn check_file(file: &YearFile, out: &mut Collector) -> bool {
    if crate::model::lacks_items(file.items.len(), &file.totals) {
        out.finding(
            Severity::Warning,
            rule::NO_ITEMS,
            &file.path,
            Position { line: 1, column: 1 },
            crate::model::NO_ITEMS.to_owned(),
            None,
        );
    }
    if let Err(overflow) = crate::summary::summarize(file) {
        out.finding(
            Severity::Error,
            rule::SUM_OVERFLOW,
            &file.path,
            Position { line: 1, column: 1 },
            out.say(Said::new(
                format!(
                    "the sum of the items in {} {}",
                    overflow.scope,
                    match &overflow.reason {
                        Inexact::TooLarge => "is too large to be held exactly".to_owned(),
                        reason => reason.to_string(),
                    }
                ),
                format!(
                    "{}의 항목 합계를 정확히 담을 수 없습니다 ({})",
                    overflow.scope,
                    match &overflow.reason {
                        Inexact::TooLarge => "너무 큼".to_owned(),
                        reason => reason.to_string(),
                    }
                ),
            )),
            None,
        );
        return false;
    }
    let sums = Sums::of(file);
    // A printed grand total is what the publisher took shares of; the
    // items may be only some of its lines.
    let printed = file
        .totals
        .iter()
        .find(|t| t.category.is_none())
        .map(|t| Whole::Printed(t.amount.value));
    for item in &file.items {
        parts_sum(file, item, out);
        for stated in item.stated.iter() {
            let Some(share) = stated.share_pct else {
                continue;
            };
            let whole = printed.or_else(|| sums.as_ref().and_then(|s| s.whole_without_item(item)));
            stated_share(file, stated, share, item.amount, whole, out);
        }
    }
    for total in &file.totals {
        total_matches(file, sums.as_ref(), total, out);
        for stated in total.stated.iter() {
            let Some(share) = stated.share_pct else {
                continue;
            };
            let whole = printed.or_else(|| {
                sums.as_ref()
                    .and_then(|s| s.rest_of(total.category.as_ref()))
                    .map(Whole::Rest)
            });
            stated_share(file, stated, share, total.amount.value, whole, out);
        }
    }
    true
}

/// Applies the rules across years to the files that load.
pub(super) fn check_years(files: &[&YearFile], out: &mut Collector) {
    let sums: Vec<Option<Sums>> = files.iter().map(|file| Sums::of(file)).collect();
    let indexed: Vec<OnceCell<Previous<'_>>> = files.iter().map(|_| OnceCell::new()).collect();
    let previous = |index: usize| {
        indexed[index].get_or_init(|| Previous {
            file: files[index],
            items: files[index]
                .items
                .iter()
                .map(|i| (i.id.as_str(), i))
                .collect(),
            sums: sums[index].as_ref(),
        })
    };
    for (index, file) in files.iter().enumerate() {
        year_matches_file_name(file, out);
        duplicate_year(&files[..index], file, out);
        let file_base = find_base(files, file, file.base.as_ref());
        let base_of = |stated: &crate::model::Stated| match &stated.base {
            Some(asked) => find_base(files, file, Some(asked)),
            None => file_base.clone(),
        };
        for item in &file.items {
            if let Ok(base) = &file_base {
                let base = previous(base.index);
                if let Some(old_item) = base.items.get(item.id.as_str()) {
                    category_changed(file, item, base.file, old_item, out);
                }
            }
            for stated in item.stated.iter().filter(|s| s.states_a_change()) {
                let base = base_of(stated);
                let change = base
                    .as_ref()
                    .map(|b| item_change(item, previous(b.index)))
                    .map_err(Clone::clone);
                stated_changes_against(file, stated, item.amount, change, base.ok(), out);
            }
        }
        for total in &file.totals {
            for stated in total.stated.iter().filter(|s| s.states_a_change()) {
                let base = base_of(stated);
                let change = base
                    .as_ref()
                    .map(|b| total_change(file, sums[index].as_ref(), total, previous(b.index)))
                    .map_err(Clone::clone);
                stated_changes_against(file, stated, total.amount.value, change, base.ok(), out);
            }
        }
    }
}

/// Why a stated change has nothing to be compared with.
#[derive(Debug, Clone)]
struct NoBase {
    severity: Severity,
    why: Said,
}

/// A message in both languages `check` speaks; the collector picks one.
#[derive(Debug, Clone)]
pub(super) struct Said {
    en: String,
    ko: String,
}

impl Said {
    pub(super) fn new(en: String, ko: String) -> Said {
        Said { en, ko }
    }

    pub(super) fn pick(self, lang: Lang) -> String {
        match lang {
            Lang::En => self.en,
            // Korean tables mark a decrease with △, not -.
            Lang::Ko => korean_negatives(&self.ko),
        }
    }
}

/// A range as `money_range` and `percent_range` write it, with `~`.
fn range_ko(range: &str) -> String {
    range.replace(" to ", " ~ ")
}

/// `the grand total`, `the total of `finance`` in Korean.
fn total_ko(total: &Total) -> String {
    match &total.category {
        Some(category) => format!("`{category}` 합계"),
        None => "총계".to_owned(),
    }
}

/// The file a figure of `file` is compared with: the one `asked` names,
/// or the publishers' usual base for the file's phase (see
/// [`crate::phase`]). A file without a recognised phase is compared with
/// the nearest earlier year (the file with the same phase, if several).
fn find_base(
    files: &[&YearFile],
    file: &YearFile,
    asked: Option<&Located<BaseRef>>,
) -> Result<Base, NoBase> {
    if let Some(asked) = asked {
        return named_base(files, file, &asked.value).map(Base::usual);
    }
    let Some(kind) = file.phase.as_deref().and_then(PhaseKind::recognise) else {
        return previous_year(files, file)
            .map(Base::usual)
            .ok_or_else(|| no_earlier_year(file));
    };
    let (wanted, when) = kind.default_base();
    let year = match when {
        BaseYear::Same => file.year,
        BaseYear::Earlier => {
            nearest_earlier_year(files, file).ok_or_else(|| no_earlier_year(file))?
        }
    };
    let of_year = |f: &&YearFile| same_region(f, file) && f.year == year && !std::ptr::eq(*f, file);
    let recognised = |f: &YearFile| f.phase.as_deref().and_then(PhaseKind::recognise);
    let usual = files
        .iter()
        .position(|f| of_year(f) && recognised(f) == Some(wanted))
        .or_else(|| {
            // A file without a phase stands for the year as a whole.
            (when == BaseYear::Earlier)
                .then(|| files.iter().position(|f| of_year(f) && f.phase.is_none()))
                .flatten()
        });
    if let Some(index) = usual {
        return Ok(Base::usual(index));
    }
    let missing = Said::new(
        format!("the {wanted} of {year} ({})", wanted.name_ko()),
        format!("{year}년 {}", wanted.name_ko()),
    );
    match (when, previous_year(files, file)) {
        // Another version of the year before, as `check` always took: a
        // mismatch is then doubtful, not an error.
        (BaseYear::Earlier, Some(index)) => Ok(Base {
            index,
            usual_missing: Some(missing),
        }),
        _ => Err(NoBase {
            severity: Severity::Info,
            why: Said::new(
                format!(
                    "a {kind} is compared with {}, which is not among the files checked; \
                     name another base with `base`",
                    missing.en
                ),
                format!(
                    "{}의 비교 기준인 {} 파일이 없습니다. `base`로 다른 기준을 지정하세요",
                    kind.name_ko(),
                    missing.ko
                ),
            ),
        }),
    }
}

/// The file a change is compared with.
#[derive(Debug, Clone)]
struct Base {
    index: usize,
    /// When the publishers' usual base is missing and another version of
    /// that year stands in: the usual one, for the message.
    usual_missing: Option<Said>,
}

impl Base {
    fn usual(index: usize) -> Base {
        Base {
            index,
            usual_missing: None,
        }
    }
}

fn no_earlier_year(file: &YearFile) -> NoBase {
    NoBase {
        severity: Severity::Info,
        why: Said::new(
            format!("no earlier year of {} among the files checked", file.region),
            format!("{}의 이전 연도 파일이 없습니다", file.region),
        ),
    }
}

/// The file `base = "2025 본예산"` names.
fn named_base(files: &[&YearFile], file: &YearFile, asked: &BaseRef) -> Result<usize, NoBase> {
    let year = asked.year.unwrap_or(file.year);
    let named: Vec<usize> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| same_region(f, file) && f.year == year && !std::ptr::eq(**f, file))
        .filter(|(_, f)| {
            asked
                .phase
                .as_deref()
                .is_none_or(|phase| crate::phase::matches(f.phase.as_deref(), phase))
        })
        .map(|(index, _)| index)
        .collect();
    match named.as_slice() {
        [one] => Ok(*one),
        [] => Err(NoBase {
            severity: Severity::Warning,
            why: Said::new(
                format!(
                    "`base` = \"{asked}\" names no file of {} among the files checked",
                    file.region
                ),
                format!(
                    "`base` = \"{asked}\"에 해당하는 {} 파일이 없습니다",
                    file.region
                ),
            ),
        }),
        _ => Err(NoBase {
            severity: Severity::Warning,
            why: Said::new(
                format!(
                    "`base` = \"{asked}\" names {} files of {}; add the phase",
                    named.len(),
                    file.region
                ),
                format!(
                    "`base` = \"{asked}\"에 해당하는 {} 파일이 {}개입니다. 단계를 적어 주세요",
                    file.region,
                    named.len()
                ),
            ),
        }),
    }
}

fn nearest_earlier_year(files: &[&YearFile], file: &YearFile) -> Option<i64> {
    files
        .iter()
        .filter(|f| same_region(f, file) && f.year < file.year)
        .map(|f| f.year)
        .max()
}

/// A file as a base in messages: its path, and its phase if it has one.
fn base_label(file: &YearFile) -> String {
    match &file.phase {
        Some(phase) => format!("{} ({phase})", file.path),
        None => file.path.clone(),
    }
}

/// The file a change is compared with, indexed for the rules.
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
    /// Every value the sum may stand for if its terms were cut off at
    /// their last digit rather than rounded (tables that truncate).
    cut: Interval,
    terms: usize,
    /// The power of ten of the coarsest last digit among the terms: the
    /// sum is shown to it (see [`shown`]).
    coarsest: i32,
}

/// `None` when the sum leaves `Decimal`'s range.
fn sum(amounts: impl IntoIterator<Item = Amount>) -> Option<Sum> {
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
fn written(amount: Amount) -> Option<Interval> {
    Interval::rounded(amount.won(), amount.precision())
}

/// Every value a written amount may stand for if it was cut off at its
/// last digit rather than rounded.
fn written_cut(amount: Amount) -> Option<Interval> {
    Interval::truncated(amount.won(), amount.precision())
}

impl Sum {
    fn plus(self, amount: Amount) -> Option<Sum> {
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
    fn without(self, part: Sum) -> Option<Sum> {
        Some(Sum {
            exact: self.exact.checked_sub(part.exact)?,
            possible: self.possible.without(part.possible)?,
            cut: self.cut.without(part.cut)?,
            terms: self.terms.checked_sub(part.terms)?,
            coarsest: self.coarsest,
        })
    }

    /// The sum as shown (see [`shown`]).
    fn shown(self) -> Amount {
        shown(self.exact, self.coarsest)
    }
}

/// A computed amount as shown: without the zeros a finer term adds past
/// the coarsest last digit of the written figures it comes from, so
/// 23,532.1억 + 3,000,000,000,000원 shows as 53,532.1억원, never as
/// 53,532.10000000억원. Digits that are not zeros are never dropped.
fn shown(exact: Amount, coarsest: i32) -> Amount {
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
        if item.enters_totals() {
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
        .filter(move |i| i.enters_totals() && within(i, category))
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
    terms: &'a Said,
    stated: &'a Said,
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
        let message = out.say(message);
        return out.passed(rule, &file.path, at, message, Some(figures));
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
    let message = out.say(message);
    out.finding(severity, rule, &file.path, at, message, Some(figures));
}

fn too_large(out: &mut Collector, rule: &'static str, file: &YearFile, at: Position) {
    out.finding(
        Severity::Info,
        rule,
        &file.path,
        at,
        out.say(Said::new(
            "not checked: the figures are too large to compare exactly".into(),
            "확인하지 않음: 수치가 너무 커서 정확히 비교할 수 없습니다".into(),
        )),
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
fn total_matches(file: &YearFile, sums: Option<&Sums>, total: &Total, out: &mut Collector) {
    let at = total.amount.at;
    let Some(sums) = sums else {
        return too_large(out, rule::TOTAL_MISMATCH, file, at);
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
        let message = out.say(Said::new(
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
        ));
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
fn partial_total(file: &YearFile, items: Option<Sum>, total: &Total, out: &mut Collector) {
    let at = total.amount.at;
    let printed = show(total.amount.value, file.unit);
    let Some(items) = items.filter(|s| s.terms > 0) else {
        let message = out.say(Said::new(
            format!("{total} is printed as {printed}; no items of it are listed (partial = true)"),
            format!(
                "{} 인쇄값 {printed}: 나열된 항목 없음(partial = true)",
                total_ko(total)
            ),
        ));
        return out.passed(rule::TOTAL_MISMATCH, &file.path, at, message, None);
    };
    let Some(range) = written(total.amount.value) else {
        return too_large(out, rule::TOTAL_MISMATCH, file, at);
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
        let message = out.say(Said::new(
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
        ));
        return out.finding(
            Severity::Error,
            rule::TOTAL_MISMATCH,
            &file.path,
            at,
            message,
            figures,
        );
    }
    let message = out.say(Said::new(
        format!(
            "the items listed add up to {listed}, part of the printed {} {printed} (partial = \
             true)",
            total.to_string().trim_start_matches("the ")
        ),
        format!(
            "일부 나열: 나열된 항목 합계 {listed}, 인쇄된 {} {printed} (partial = true)",
            total_ko(total)
        ),
    ));
    out.passed(rule::TOTAL_MISMATCH, &file.path, at, message, figures);
}

fn suggest_category(sums: &Sums, category: &str) -> Option<String> {
    let known: Vec<String> = sums.by_category.keys().map(ToString::to_string).collect();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    crate::load::nearest(category, &known)
}

/// What a share is a share of.
#[derive(Debug, Clone, Copy)]
enum Whole {
    /// The other items of the total: the part is inside the whole.
    Rest(Sum),
    /// The whole total, which the part is not counted in.
    Apart(Sum),
    /// The grand total as printed.
    Printed(Amount),
}

/// A stated `share_pct` against this year's total.
fn stated_share(
    file: &YearFile,
    stated: &crate::model::Stated,
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
        Whole::Printed(total) => written(part).and_then(|p| ratio_pct(p, written(total)?)),
    };
    let total = match whole {
        Whole::Rest(rest) => part.checked_add(rest.exact),
        Whole::Apart(total) => Some(total.exact),
        Whole::Printed(total) => Some(total),
    };
    let (Some(possible), Some(total)) = (computed, total) else {
        return out.finding(
            Severity::Info,
            rule::STATED_SHARE,
            &file.path,
            share.at,
            out.say(Said::new(
                "not checked: the total may be zero".into(),
                "확인하지 않음: 총계가 0일 수 있습니다".into(),
            )),
            None,
        );
    };
    let point = percent_of(part.won(), total.won());
    let total_shown = match whole {
        Whole::Rest(rest) => shown(total, rest.coarsest.max(part.precision())),
        Whole::Apart(sum) => sum.shown(),
        Whole::Printed(total) => total,
    };
    let total_text = show(total_shown, file.unit);
    let context = match whole {
        Whole::Printed(_) => Said::new(
            format!("of the printed grand total {total_text}"),
            format!("인쇄된 총계 {total_text} 대비"),
        ),
        _ => Said::new(
            format!("of the total {total_text}"),
            format!("총계 {total_text} 대비"),
        ),
    };
    judge_stated(
        out,
        StatedCheck {
            rule: rule::STATED_SHARE,
            label: ("share", "비중"),
            source: stated.source.as_deref(),
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

/// ` as printed by <source>`, for a figure whose source is given.
fn printed_by(source: Option<&str>) -> Said {
    match source {
        Some(source) => Said::new(format!(" as printed by {source}"), format!("({source})")),
        None => Said::new(String::new(), String::new()),
    }
}

/// A stated percentage and what it is checked against.
struct StatedCheck<'a> {
    rule: &'static str,
    /// In English and in Korean.
    label: (&'static str, &'static str),
    /// Who printed the figure, when the file says.
    source: Option<&'a str>,
    file: &'a YearFile,
    stated: Located<Percent>,
    possible: Interval,
    computed: Decimal,
    /// What the computed figure is made of, for the message.
    context: Said,
}

fn judge_stated(out: &mut Collector, check: StatedCheck<'_>) {
    let Located { value: stated, at } = check.stated;
    let Some(verdict) = judge_approx(
        stated.approx,
        check.possible,
        stated.value,
        stated.precision,
    ) else {
        return too_large(out, check.rule, check.file, at);
    };
    let decimals = decimals_to_show(stated, check.computed, check.possible, verdict);
    let figures = Figures {
        unit: "percent",
        stated: stated.value,
        computed: check.computed,
        possible: check.possible,
    };
    let number = group_thousands(&stated.value.to_string());
    let by = printed_by(check.source);
    let figure = approx_figure(stated.approx, &format!("{number}%"));
    let stated_text = Said::new(
        format!("{}{}", figure.en, by.en),
        format!("{}{}", figure.ko, by.ko),
    );
    report_stated(
        out,
        StatedReport {
            rule: check.rule,
            label: check.label,
            file: &check.file.path,
            at,
            approx: stated.approx,
            verdict,
            stated: stated_text,
            computed: format!("{}%", fixed(check.computed, decimals)),
            range: percent_range(check.possible, decimals),
            context: check.context,
            figures,
        },
    );
}

/// Whether a stated figure fits the computed range, as it was printed: a
/// round one at its written magnitude, a floor or ceiling as a bound.
fn judge_approx(
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

/// A stated figure as it was printed: `about 5%` (`약 5%`), `at least …`,
/// `in the bracket of 9%` (`9%대`).
fn approx_figure(approx: Approx, figure: &str) -> Said {
    let ko = match approx {
        Approx::Exact => figure.to_owned(),
        Approx::About => format!("약 {figure}"),
        Approx::AtLeast => format!("최소 {figure}"),
        Approx::AtMost => format!("최대 {figure}"),
        Approx::Bracket => format!("{figure}대"),
    };
    let en = match approx {
        Approx::Exact => figure.to_owned(),
        other => format!("{} {figure}", other.describe()),
    };
    Said::new(en, ko)
}

/// One stated figure compared with what the files compute, ready to report.
struct StatedReport<'a> {
    rule: &'static str,
    /// `change`, `percent change`, `share`, and in Korean.
    label: (&'a str, &'a str),
    file: &'a str,
    at: Position,
    approx: Approx,
    verdict: Verdict,
    stated: Said,
    computed: String,
    range: String,
    context: Said,
    figures: Figures,
}

/// Reports a stated figure: passed, or a finding whose severity follows
/// how the figure was printed (a round figure that fits only as a round
/// one is information, never an error).
fn report_stated(out: &mut Collector, report: StatedReport<'_>) {
    let StatedReport {
        rule,
        label,
        file,
        at,
        approx,
        verdict,
        stated,
        computed,
        range,
        context,
        figures,
    } = report;
    let (label, label_ko) = label;
    let (stated, stated_ko) = (stated.en, stated.ko);
    let tail = format!("({}; the written figures allow {range})", context.en);
    let tail_ko = format!(
        "({}; 적힌 수치로 가능한 범위: {})",
        context.ko,
        range_ko(&range)
    );
    let figures = Some(figures);
    let (severity, message) = match (verdict, approx) {
        (Verdict::Rounded, Approx::Exact | Approx::AtLeast | Approx::AtMost) => {
            let message = out.say(Said::new(
                format!("stated {label} {stated} is consistent with {computed} {tail}"),
                format!("일치: 발표된 {label_ko} {stated_ko}, 계산값 {computed} {tail_ko}"),
            ));
            return out.passed(rule, file, at, message, figures);
        }
        (Verdict::Rounded, Approx::About) => (
            Severity::Info,
            Said::new(
                format!("stated {label} {stated} is {computed} rounded to a round figure {tail}"),
                format!(
                    "어림수로 일치: 발표된 {label_ko} {stated_ko}, 계산값 {computed} {tail_ko}"
                ),
            ),
        ),
        (Verdict::Rounded | Verdict::Truncated, Approx::Bracket) => (
            Severity::Info,
            Said::new(
                format!("stated {label} {stated} holds {computed} {tail}"),
                format!(
                    "구간으로 일치: 발표된 {label_ko} {stated_ko}, 계산값 {computed} {tail_ko}"
                ),
            ),
        ),
        (Verdict::Truncated, Approx::About) => (
            Severity::Info,
            Said::new(
                format!("stated {label} {stated} is {computed} cut off to a round figure {tail}"),
                format!(
                    "어림수로 일치(끝자리 버림): 발표된 {label_ko} {stated_ko}, 계산값 \
                     {computed} {tail_ko}"
                ),
            ),
        ),
        (Verdict::Truncated, _) => (
            Severity::Warning,
            Said::new(
                format!(
                    "stated {label} {stated} matches {computed} only if truncated rather than \
                     rounded {tail}"
                ),
                format!(
                    "절사한 경우에만 일치: 발표된 {label_ko} {stated_ko}, 계산값 {computed} \
                     {tail_ko}"
                ),
            ),
        ),
        (Verdict::Inconsistent, Approx::About) => (
            Severity::Error,
            Said::new(
                format!(
                    "stated {label} {stated} does not match {computed}, even as a round figure \
                     {tail}"
                ),
                format!(
                    "불일치(어림수로 보아도): 발표된 {label_ko} {stated_ko}, 계산값 {computed} \
                     {tail_ko}"
                ),
            ),
        ),
        (Verdict::Inconsistent, Approx::Bracket) => (
            Severity::Error,
            Said::new(
                format!("stated {label} {stated} does not hold {computed} {tail}"),
                format!(
                    "불일치(구간 밖): 발표된 {label_ko} {stated_ko}, 계산값 {computed} {tail_ko}"
                ),
            ),
        ),
        (Verdict::Inconsistent, _) => (
            Severity::Error,
            Said::new(
                format!("stated {label} {stated} does not match {computed} {tail}"),
                format!("불일치: 발표된 {label_ko} {stated_ko}, 계산값 {computed} {tail_ko}"),
            ),
        ),
    };
    let message = out.say(message);
    out.finding(severity, rule, file, at, message, figures);
}

/// How many decimals a computed percentage and its range are shown with:
/// one more than the stated figure (at least two), and for a mismatch as
/// many more as it takes for the shown figures not to round to the stated
/// one (5.8% against 5.747%, never against "5.75%").
fn decimals_to_show(
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
const MAX_DECIMALS_SHOWN: u32 = 12;

/// A figure this year and the same figure in the previous year's file.
struct Change<'a> {
    previous: &'a YearFile,
    old: Option<Old>,
    new: Amount,
    /// Why there is nothing to compare with, when `old` is `None`.
    missing: NoBase,
}

/// The previous year's figure: exact as written, and every value it may
/// stand for.
#[derive(Debug, Clone, Copy)]
struct Old {
    exact: Amount,
    possible: Interval,
    /// As for [`Sum::cut`].
    cut: Interval,
    /// As for [`Sum::coarsest`].
    coarsest: i32,
}

fn item_change<'a>(item: &Item, previous: &Previous<'a>) -> Change<'a> {
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
fn total_change<'a>(
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
fn lists_part(file: &YearFile, sums: Option<&Sums>, category: Option<&CategoryPath>) -> bool {
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
fn stated_changes_against(
    file: &YearFile,
    stated: &crate::model::Stated,
    new: Amount,
    change: Result<Change<'_>, NoBase>,
    base: Option<Base>,
    out: &mut Collector,
) {
    let before = out.findings.len();
    let earlier = change
        .as_ref()
        .ok()
        .and_then(|c| c.old.map(|old| (old, c.previous)));
    stated_changes(file, stated, change, out);
    // A figure that already fails on its own is not checked again with
    // the others.
    let mismatch = out.findings[before..]
        .iter()
        .any(|f| f.figures.is_some() && f.severity != Severity::Info);
    if !mismatch {
        stated_together(file, stated, new, earlier, out);
    }
    let Some(usual) = base.and_then(|b| b.usual_missing) else {
        return;
    };
    for finding in &mut out.findings[before..] {
        if finding.severity == Severity::Error {
            finding.severity = Severity::Warning;
            let note = Said::new(
                format!(
                    "; but publishers compare with {}, which is not among the files checked",
                    usual.en
                ),
                format!(
                    "; 다만 발표 기관의 비교 기준인 {} 파일이 없습니다",
                    usual.ko
                ),
            );
            finding.message.push_str(&note.pick(out.lang));
        }
    }
}

/// A stated change and percent change printed with the new figure are
/// consistent only if one true set of values, each within its printed
/// rounding (and the earlier figure's, when there is one), satisfies all
/// of them at once. Reported when they are not, and, when there is no
/// earlier figure to check each against, when they are.
fn stated_together(
    file: &YearFile,
    stated: &crate::model::Stated,
    new: Amount,
    earlier: Option<(Old, &YearFile)>,
    out: &mut Collector,
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
        let message = out.say(Said::new(
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
        ));
        return out.passed(rule, &file.path, pct.at, message, figures);
    }
    let severity = if verdict == Verdict::Truncated {
        Severity::Warning
    } else {
        Severity::Error
    };
    let truncated = verdict == Verdict::Truncated;
    if amounts_cut {
        let message = out.say(Said::new(
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
        ));
        return out.finding(
            Severity::Warning,
            rule,
            &file.path,
            pct.at,
            message,
            figures,
        );
    }
    let message = out.say(Said::new(
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
    ));
    out.finding(severity, rule, &file.path, pct.at, message, figures);
}

/// Stated `change` and `change_pct` against the earlier figure.
fn stated_changes(
    file: &YearFile,
    stated: &crate::model::Stated,
    change: Result<Change<'_>, NoBase>,
    out: &mut Collector,
) {
    let positions = [
        stated.change.map(|c| (rule::STATED_CHANGE, c.at)),
        stated.change_pct.map(|c| (rule::STATED_CHANGE_PCT, c.at)),
    ];
    let not_checked = |out: &mut Collector, severity, why: &Said| {
        for (rule, at) in positions.iter().flatten() {
            let message = out.say(Said::new(
                format!("not checked: {}", why.en),
                format!("확인하지 않음: {}", why.ko),
            ));
            out.finding(severity, rule, &file.path, *at, message, None);
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
            let message = out.say(Said::new(
                format!(
                    "not checked: the previous figure may be zero ({})",
                    context.en
                ),
                format!("확인하지 않음: 이전 수치가 0일 수 있습니다({})", context.ko),
            ));
            return out.finding(
                Severity::Info,
                rule::STATED_CHANGE_PCT,
                &file.path,
                stated_pct.at,
                message,
                None,
            );
        };
        judge_stated(
            out,
            StatedCheck {
                rule: rule::STATED_CHANGE_PCT,
                label: ("percent change", "증감률"),
                source: stated.source.as_deref(),
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
    (stated, approx, source): (Located<Amount>, Approx, Option<&str>),
    (old, new, new_exact): (Old, Interval, Amount),
    context: Said,
    out: &mut Collector,
) {
    let at = stated.at;
    let (Some(possible), Some(exact)) = (
        new.checked_sub(old.possible),
        new_exact.checked_sub(old.exact),
    ) else {
        return too_large(out, rule::STATED_CHANGE, file, at);
    };
    let Some(verdict) = judge_approx(
        approx,
        possible,
        stated.value.won(),
        stated.value.precision(),
    ) else {
        return too_large(out, rule::STATED_CHANGE, file, at);
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
            file: &file.path,
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

/// Same region, and same currency: a file in another currency is never a
/// base for a stated change (no exchange rate is applied).
fn same_region(a: &YearFile, b: &YearFile) -> bool {
    a.region.trim() == b.region.trim() && a.unit.currency() == b.unit.currency()
}

/// A phase for telling files apart: its kind if recognised (`본예산` and
/// `당초예산` are the same phase), else its text.
fn phase_key(file: &YearFile) -> Option<String> {
    file.phase.as_ref().map(|p| match PhaseKind::recognise(p) {
        Some(kind) => kind.name_en(),
        None => p.trim().to_lowercase(),
    })
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
            out.say(Said::new(
                format!("year {} matches the file name", file.year),
                format!("연도 {}: 파일 이름과 일치", file.year),
            )),
            None,
        );
    } else {
        out.finding(
            Severity::Error,
            rule::YEAR_FILENAME,
            &file.path,
            file.year_at,
            out.say(Said::new(
                format!("`year` = {} but the file name says {named}", file.year),
                format!("`year` = {}, 파일 이름은 {named}", file.year),
            )),
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
        .filter(|year| crate::model::YEARS.contains(year));
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
    let phase_ko = file
        .phase
        .as_deref()
        .map_or_else(|| "단계 없음".to_owned(), ToOwned::to_owned);
    out.finding(
        Severity::Error,
        rule::DUPLICATE_YEAR,
        &file.path,
        file.year_at,
        out.say(Said::new(
            format!(
                "{} {} ({phase}) is also in {}; keep one file per year and phase",
                file.region, file.year, first.path
            ),
            format!(
                "{} {}({phase_ko}) 파일이 {}에도 있습니다. 연도와 단계마다 파일 하나만 두세요",
                file.region, file.year, first.path
            ),
        )),
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
        out.say(Said::new(
            format!(
                "`{}` is in `{}` here but was in `{}` in {} (line {}): subtotals are not \
                 comparable across the years",
                item.id, item.category, old.category, previous.path, old.line
            ),
            format!(
                "`{}`의 분류가 여기서는 `{}`, {}({}행)에서는 `{}`입니다: 연도 간 소계를 비교할 수 \
                 없습니다",
                item.id, item.category, previous.path, old.line, old.category
            ),
        )),
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
    exact_in(won, unit)
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

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

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

    #[test]
    fn a_file_without_items_is_a_warning() {
        let mut out = Collector::default();
        assert!(check_file(&file("e.toml", 2025, "G", None), &mut out));
        let rules: Vec<(&str, Severity, usize)> = out
            .findings
            .iter()
            .map(|f| (f.rule, f.severity, f.line))
            .collect();
        assert_eq!(rules, [("no-items", Severity::Warning, 1)]);
        let with_item = parse_str(
            "year = 2025\nregion = \"G\"\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 0\n",
            "i.toml",
        )
        .unwrap();
        let mut out = Collector::default();
        check_file(&with_item, &mut out);
        // One item, even of 0 won, is a budget line: no warning.
        assert!(out.findings.is_empty());
        // A printed total whose lines are listed only in part (here none)
        // says the file has no items on purpose.
        let totals_only = parse_str(
            "year = 2025\nregion = \"G\"\n[[total]]\namount = 5\npartial = true\n",
            "t.toml",
        )
        .unwrap();
        let mut out = Collector::default();
        check_file(&totals_only, &mut out);
        assert!(out.findings.iter().all(|f| f.rule != rule::NO_ITEMS));
        let without_partial = parse_str(
            "year = 2025\nregion = \"G\"\n[[total]]\namount = 5\n",
            "t.toml",
        )
        .unwrap();
        let mut out = Collector::default();
        check_file(&without_partial, &mut out);
        assert!(out.findings.iter().any(|f| f.rule == rule::NO_ITEMS));
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
    fn without_a_known_phase_the_base_is_the_nearest_lower_year_of_the_same_region() {
        let files = [
            file("a.toml", 2023, "G", None),
            file("b.toml", 2024, "G", Some("mid-year")),
            file("c.toml", 2024, "G", Some("review")),
            file("d.toml", 2024, "Other", Some("review")),
            file("e.toml", 2025, "G", Some("review")),
            file("f.toml", 2025, "G", Some("other")),
        ];
        let all: Vec<&YearFile> = files.iter().collect();
        let base = |index: usize| base_path(&all, &files[index]);
        // Same phase first, then the first given.
        assert_eq!(base(4), Some("c.toml"));
        assert_eq!(base(5), Some("b.toml"));
        assert_eq!(base(1), Some("a.toml"));
        assert_eq!(base(0), None);
        assert_eq!(base(3), None);
    }

    fn base_path<'f>(files: &[&'f YearFile], file: &YearFile) -> Option<&'f str> {
        find_base(files, file, file.base.as_ref())
            .ok()
            .map(|b| files[b.index].path.as_str())
    }

    #[test]
    fn each_phase_is_compared_with_its_publishers_base() {
        let files = [
            file("2025-proposal.toml", 2025, "G", Some("예산안")),
            file("2025-passed.toml", 2025, "G", Some("본예산")),
            file("2025-supp1.toml", 2025, "G", Some("제1회 추경")),
            file("2025-settled.toml", 2025, "G", Some("결산")),
            file("2026-proposal.toml", 2026, "G", Some("2026년도 예산안")),
            file("2026-passed.toml", 2026, "G", Some("당초예산")),
            file("2026-supp1.toml", 2026, "G", Some("1회추경")),
            file("2026-supp2.toml", 2026, "G", Some("제2회 추가경정예산")),
            file("2026-settled.toml", 2026, "G", Some("settlement")),
            file("2026-supp4.toml", 2026, "G", Some("supplementary-4")),
        ];
        let all: Vec<&YearFile> = files.iter().collect();
        let base = |index: usize| base_path(&all, &files[index]);
        // A proposal and a passed budget: last year's passed budget.
        assert_eq!(base(4), Some("2025-passed.toml"));
        assert_eq!(base(5), Some("2025-passed.toml"));
        // A supplementary budget: the same year's version before it.
        assert_eq!(base(2), Some("2025-passed.toml"));
        assert_eq!(base(6), Some("2026-passed.toml"));
        assert_eq!(base(7), Some("2026-supp1.toml"));
        // Without the third, the fourth is not compared with anything.
        assert_eq!(base(9), None);
        // A settlement: last year's settlement.
        assert_eq!(base(8), Some("2025-settled.toml"));
        // No earlier year.
        assert_eq!(base(1), None);
    }

    #[test]
    fn a_missing_usual_base_is_stood_in_for_and_said() {
        let files = [
            file("2025.toml", 2025, "G", Some("executed")),
            file("2026.toml", 2026, "G", Some("planned")),
        ];
        let all: Vec<&YearFile> = files.iter().collect();
        let base = find_base(&all, &files[1], None).unwrap();
        assert_eq!(base.index, 0);
        let usual = base.usual_missing.unwrap();
        assert_eq!(usual.en, "the passed budget of 2025 (본예산)");
        assert_eq!(usual.ko, "2025년 본예산");
    }

    #[test]
    fn a_named_base_is_found_by_year_and_any_spelling_of_its_phase() {
        let with_base = |path: &str, year: i64, phase: &str, base: &str| {
            parse_str(
                &format!("year = {year}\nregion = \"G\"\nphase = \"{phase}\"\nbase = \"{base}\"\n"),
                path,
            )
            .unwrap()
        };
        let files = [
            file("2025-proposal.toml", 2025, "G", Some("예산안")),
            file("2025-passed.toml", 2025, "G", Some("original")),
            with_base("a.toml", 2026, "예산안", "2025 예산안"),
            with_base("b.toml", 2026, "제2회 추경", "본예산"),
            with_base("c.toml", 2026, "결산", "2025"),
            with_base("d.toml", 2026, "결산", "2024 본예산"),
            file("2026-passed.toml", 2026, "G", Some("passed")),
        ];
        let all: Vec<&YearFile> = files.iter().collect();
        let base = |index: usize| base_path(&all, &files[index]);
        assert_eq!(base(2), Some("2025-proposal.toml"));
        assert_eq!(base(3), Some("2026-passed.toml"));
        // Two files of 2025, and none of 2024: not found.
        assert_eq!(base(4), None);
        assert_eq!(base(5), None);
    }
}
