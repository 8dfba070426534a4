//! `check`'s messages, worded from what the rules found ([`Said`]): in
//! English, or in Korean, where a decrease is marked with `△` as Korean
//! tables mark it (`증감액 △5억원 (△2.04%)`), in the figures only: a
//! name or a file name is quoted as written.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::check::interval::Verdict;
use crate::check::said::{
    BaseName, Computed, Context, Figure, Label, Money, MoneyRange, PercentRange, Range, Said,
    StatedFigure, StatedSaid, SumOf, SumOutcome, SumSaid, Terms, TogetherOutcome, TogetherSaid,
    TotalName, UsualBase, Why,
};
use crate::exact::Inexact;
use crate::notation::Approx;
use crate::render::Lang;
use crate::render::numbers::{exact_in, fixed, group_thousands, korean_negative, with_unit};

/// The message of a finding or a passed check in `lang`.
pub fn message(said: &Said, lang: Lang) -> String {
    match lang {
        Lang::En => english(said),
        Lang::Ko => korean(said),
    }
}

/// Figures as the messages write them: in Korean, a decrease with `△`.
#[derive(Clone, Copy)]
struct Figures {
    korean: bool,
}

const EN: Figures = Figures { korean: false };
const KO: Figures = Figures { korean: true };

impl Figures {
    fn number(self, text: String) -> String {
        if self.korean {
            korean_negative(&text)
        } else {
            text
        }
    }

    /// A written amount in its unit, digits as written, with the unit's name.
    fn show(self, money: Money) -> String {
        with_unit(self.bare(money), money.unit)
    }

    /// A written amount in its unit, digits as written.
    fn bare(self, money: Money) -> String {
        self.number(bare(money))
    }

    /// `-3 to 5억원`, in Korean `△3 ~ 5억원`: each bound exact.
    fn money_range(self, range: MoneyRange) -> String {
        let (low, high) = (
            self.number(exact_in(range.range.low(), range.unit)),
            self.number(exact_in(range.range.high(), range.unit)),
        );
        let to = if self.korean { "~" } else { "to" };
        with_unit(format!("{low} {to} {high}"), range.unit)
    }

    /// A range of percentages with its decimals, rounded outward so the
    /// shown range holds the true one.
    fn percent_range(self, range: PercentRange) -> String {
        let decimals = range.decimals;
        let low = range
            .range
            .low()
            .round_dp_with_strategy(decimals, RoundingStrategy::ToNegativeInfinity);
        let high = range
            .range
            .high()
            .round_dp_with_strategy(decimals, RoundingStrategy::ToPositiveInfinity);
        let to = if self.korean { "~" } else { "to" };
        format!(
            "{}% {to} {}%",
            self.number(fixed(low, decimals)),
            self.number(fixed(high, decimals))
        )
    }

    /// A percentage, digits as written.
    fn percent(self, value: Decimal) -> String {
        format!("{}%", self.number(group_thousands(&value.to_string())))
    }

    fn figure(self, figure: Figure) -> String {
        match figure {
            Figure::Money(money) => self.show(money),
            Figure::Percent(value) => self.percent(value),
        }
    }

    fn computed(self, computed: Computed) -> String {
        match computed {
            Computed::Money(money) => self.show(money),
            Computed::Percent { value, decimals } => {
                format!("{}%", self.number(fixed(value, decimals)))
            }
        }
    }

    fn range(self, range: Range) -> String {
        match range {
            Range::Money(range) => self.money_range(range),
            Range::Percent(range) => self.percent_range(range),
        }
    }
}

/// A written amount in its unit, digits as written.
pub fn bare(money: Money) -> String {
    group_thousands(&money.amount.in_unit(money.unit).to_string())
}

/// A written amount in its unit, digits as written, with the unit's name.
pub fn show(money: Money) -> String {
    EN.show(money)
}

/// `the grand total`, `the total of `finance``.
fn total_en(total: &TotalName) -> String {
    match &total.category {
        Some(category) => format!("the total of `{category}`"),
        None => "the grand total".to_owned(),
    }
}

/// `총계`, `` `finance` 합계 ``.
fn total_ko(total: &TotalName) -> String {
    match &total.category {
        Some(category) => format!("`{category}` 합계"),
        None => "총계".to_owned(),
    }
}

/// A file as a base: its path, and its phase if it has one.
fn base(base: &BaseName) -> String {
    match &base.phase {
        Some(phase) => format!("{} ({phase})", base.path),
        None => base.path.clone(),
    }
}

/// The publishers' usual base: `the passed budget of 2025 (본예산)`.
pub fn usual_base_en(usual: UsualBase) -> String {
    format!(
        "the {} of {} ({})",
        usual.wanted,
        usual.year,
        usual.wanted.name_ko()
    )
}

/// The publishers' usual base: `2025년 본예산`.
pub fn usual_base_ko(usual: UsualBase) -> String {
    format!("{}년 {}", usual.year, usual.wanted.name_ko())
}

fn english(said: &Said) -> String {
    let fig = EN;
    match said {
        Said::Loader(problem) => problem.to_string(),
        Said::MoreSyntaxErrors { count } => {
            format!("{count} more lines with syntax errors are not listed")
        }
        Said::NoItems => crate::model::NO_ITEMS.to_owned(),
        Said::SumOverflow { scope, reason } => format!(
            "the sum of the items in {scope} {}",
            match reason {
                Inexact::TooLarge => "is too large to be held exactly".to_owned(),
                reason => reason.to_string(),
            }
        ),
        Said::TooLarge => "not checked: the figures are too large to compare exactly".into(),
        Said::Sum(sum) => sum_en(sum),
        Said::TotalWithoutItems {
            total,
            printed,
            category,
            suggestion,
        } => format!(
            "{} is printed as {}, but no item counted in totals is in `{category}`{}",
            total_en(total),
            fig.show(*printed),
            suggestion
                .as_ref()
                .map_or_else(String::new, |s| format!("; did you mean `{s}`?"))
        ),
        Said::PartialNoneListed { total, printed } => format!(
            "{} is printed as {}; no items of it are listed (partial = true)",
            total_en(total),
            fig.show(*printed)
        ),
        Said::PartialListed {
            total,
            printed,
            listed,
            exceeding,
        } => {
            let (total, printed, listed) = (total_en(total), fig.show(*printed), fig.show(*listed));
            let total = total.trim_start_matches("the ");
            match exceeding {
                Some(range) => format!(
                    "the items listed add up to {listed}, more than the printed {total} \
                     {printed}, which they are only part of (as written, they allow {})",
                    fig.money_range(*range)
                ),
                None => format!(
                    "the items listed add up to {listed}, part of the printed {total} {printed} \
                     (partial = true)"
                ),
            }
        }
        Said::ShareOfZero => "not checked: the total may be zero".into(),
        Said::Stated(stated) => stated_en(stated),
        Said::NotChecked(why) => format!("not checked: {}", why_en(why)),
        Said::PreviousMayBeZero(context) => format!(
            "not checked: the previous figure may be zero ({})",
            context_en(context)
        ),
        Said::Together(together) => together_en(together),
        Said::YearMatches { year } => format!("year {year} matches the file name"),
        Said::YearMismatch { year, named } => {
            format!("`year` = {year} but the file name says {named}")
        }
        Said::DuplicateYear {
            region,
            year,
            phase,
            first,
        } => {
            let phase = phase
                .as_deref()
                .map_or_else(|| "no phase".to_owned(), |p| format!("phase {p}"));
            format!(
                "{region} {year} ({phase}) is also in {first}; keep one file per year and phase"
            )
        }
        Said::CategoryChanged {
            id,
            category,
            old_category,
            previous,
            old_line,
        } => format!(
            "`{id}` is in `{category}` here but was in `{old_category}` in {previous} (line \
             {old_line}): subtotals are not comparable across the years"
        ),
        Said::StoodIn { said, usual } => format!(
            "{}; but publishers compare with {}, which is not among the files checked",
            english(said),
            usual_base_en(*usual)
        ),
    }
}

fn korean(said: &Said) -> String {
    let fig = KO;
    match said {
        // The loader's own messages stay in English.
        Said::Loader(problem) => problem.to_string(),
        Said::MoreSyntaxErrors { count } => {
            format!("문법 오류가 있는 줄 {count}개는 더 나열하지 않았습니다")
        }
        Said::NoItems => crate::model::NO_ITEMS.to_owned(),
        Said::SumOverflow { scope, reason } => format!(
            "{scope}의 항목 합계를 정확히 담을 수 없습니다 ({})",
            match reason {
                Inexact::TooLarge => "너무 큼".to_owned(),
                reason => reason.to_string(),
            }
        ),
        Said::TooLarge => "확인하지 않음: 수치가 너무 커서 정확히 비교할 수 없습니다".into(),
        Said::Sum(sum) => sum_ko(sum),
        Said::TotalWithoutItems {
            total,
            printed,
            category,
            suggestion,
        } => format!(
            "{} 인쇄값 {}: `{category}`에 총계에 들어가는 항목이 없습니다{}",
            total_ko(total),
            fig.show(*printed),
            suggestion
                .as_ref()
                .map_or_else(String::new, |s| format!(" (`{s}`?)"))
        ),
        Said::PartialNoneListed { total, printed } => format!(
            "{} 인쇄값 {}: 나열된 항목 없음(partial = true)",
            total_ko(total),
            fig.show(*printed)
        ),
        Said::PartialListed {
            total,
            printed,
            listed,
            exceeding,
        } => {
            let (total, printed, listed) = (total_ko(total), fig.show(*printed), fig.show(*listed));
            match exceeding {
                Some(range) => format!(
                    "불일치: 나열된 항목 합계 {listed}, 그 일부여야 할 인쇄된 {total} \
                     {printed}보다 큼 (적힌 수치로 가능한 범위: {})",
                    fig.money_range(*range)
                ),
                None => format!(
                    "일부 나열: 나열된 항목 합계 {listed}, 인쇄된 {total} {printed} (partial = \
                     true)"
                ),
            }
        }
        Said::ShareOfZero => "확인하지 않음: 총계가 0일 수 있습니다".into(),
        Said::Stated(stated) => stated_ko(stated),
        Said::NotChecked(why) => format!("확인하지 않음: {}", why_ko(why)),
        Said::PreviousMayBeZero(context) => format!(
            "확인하지 않음: 이전 수치가 0일 수 있습니다({})",
            context_ko(context)
        ),
        Said::Together(together) => together_ko(together),
        Said::YearMatches { year } => format!("연도 {year}: 파일 이름과 일치"),
        Said::YearMismatch { year, named } => format!("`year` = {year}, 파일 이름은 {named}"),
        Said::DuplicateYear {
            region,
            year,
            phase,
            first,
        } => {
            let phase = phase.as_deref().unwrap_or("단계 없음");
            format!(
                "{region} {year}({phase}) 파일이 {first}에도 있습니다. 연도와 단계마다 파일 \
                 하나만 두세요"
            )
        }
        Said::CategoryChanged {
            id,
            category,
            old_category,
            previous,
            old_line,
        } => format!(
            "`{id}`의 분류가 여기서는 `{category}`, {previous}({old_line}행)에서는 \
             `{old_category}`입니다: 연도 간 소계를 비교할 수 없습니다"
        ),
        Said::StoodIn { said, usual } => format!(
            "{}; 다만 발표 기관의 비교 기준인 {} 파일이 없습니다",
            korean(said),
            usual_base_ko(*usual)
        ),
    }
}

fn sum_en(said: &SumSaid) -> String {
    let fig = EN;
    let terms = match &said.terms {
        Terms::PartsOf(id) => format!("the parts of `{id}`"),
        Terms::ItemsOf(Some(category)) => format!("the items of `{category}`"),
        Terms::ItemsOf(None) => "the items".to_owned(),
    };
    let stated_label = match &said.stated_as {
        SumOf::ItsAmount => "its amount".to_owned(),
        SumOf::Printed(total) => {
            format!("the printed {}", total_en(total).trim_start_matches("the "))
        }
    };
    let sum_text = fig.show(said.sum);
    let stated_text = fig.show(said.stated);
    let range = fig.money_range(said.range);
    match (said.outcome, &said.detail) {
        (SumOutcome::Equal, Some(detail)) => format!(
            "{terms} add up to {stated_label}: {} = {stated_text}",
            detail_text(fig, detail)
        ),
        (SumOutcome::Equal, None) => format!("{terms} add up to {stated_label}, {stated_text}"),
        (SumOutcome::RoundsTo, _) => {
            format!("{terms} add up to {sum_text}, which rounds to {stated_label}, {stated_text}")
        }
        (SumOutcome::WithinRounding, _) => format!(
            "{terms} add up to {sum_text}, not {stated_label} {stated_text}: a difference within \
             the rounding of the written figures (they allow {range})"
        ),
        (SumOutcome::Overlapping, _) => format!(
            "{terms} add up to {sum_text}, more than {stated_label} {stated_text}: they overlap \
             on purpose (overlaps = true)"
        ),
        (SumOutcome::Truncated, _) => format!(
            "{terms} add up to {sum_text}, not {stated_label} {stated_text}, unless that was \
             truncated rather than rounded (they allow {range})"
        ),
        (SumOutcome::Inconsistent, _) => format!(
            "{terms} add up to {sum_text}, not {stated_label} {stated_text} (as written, they \
             allow {range})"
        ),
    }
}

fn sum_ko(said: &SumSaid) -> String {
    let fig = KO;
    let terms = match &said.terms {
        Terms::PartsOf(id) => format!("`{id}`의 세부 항목"),
        Terms::ItemsOf(Some(category)) => format!("`{category}`의 항목"),
        Terms::ItemsOf(None) => "항목".to_owned(),
    };
    let stated_label = match &said.stated_as {
        SumOf::ItsAmount => "금액".to_owned(),
        SumOf::Printed(total) => format!("인쇄된 {}", total_ko(total)),
    };
    let sum_text = fig.show(said.sum);
    let stated_text = fig.show(said.stated);
    let range = fig.money_range(said.range);
    match (said.outcome, &said.detail) {
        (SumOutcome::Equal, Some(detail)) => format!(
            "일치: {terms} 합계 {} = {stated_label} {stated_text}",
            detail_text(fig, detail)
        ),
        (SumOutcome::Equal, None) => format!("일치: {terms} 합계 = {stated_label} {stated_text}"),
        (SumOutcome::RoundsTo, _) => {
            format!("일치(반올림): {terms} 합계 {sum_text}, {stated_label} {stated_text}")
        }
        (SumOutcome::WithinRounding, _) => format!(
            "반올림 범위 안의 차이: {terms} 합계 {sum_text}, {stated_label} {stated_text} (적힌 \
             수치로 가능한 범위: {range})"
        ),
        (SumOutcome::Overlapping, _) => format!(
            "의도된 중복(overlaps = true): {terms} 합계 {sum_text}, {stated_label} {stated_text}"
        ),
        (SumOutcome::Truncated, _) => format!(
            "절사한 경우에만 일치: {terms} 합계 {sum_text}, {stated_label} {stated_text} (적힌 \
             수치로 가능한 범위: {range})"
        ),
        (SumOutcome::Inconsistent, _) => format!(
            "불일치: {terms} 합계 {sum_text}, {stated_label} {stated_text} (적힌 수치로 가능한 \
             범위: {range})"
        ),
    }
}

/// `240.4 + 24.2`.
fn detail_text(fig: Figures, detail: &[Money]) -> String {
    detail
        .iter()
        .map(|&money| fig.bare(money))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// A stated figure as it was printed: `about 5%`, `at least …`, `in the
/// bracket of 9%`, and who printed it.
fn stated_figure_en(stated: &StatedFigure) -> String {
    let figure = EN.figure(stated.value);
    let figure = match stated.approx {
        Approx::Exact => figure,
        other => format!("{} {figure}", other.describe()),
    };
    match &stated.source {
        Some(source) => format!("{figure} as printed by {source}"),
        None => figure,
    }
}

/// A stated figure as it was printed: `약 5%`, `최소 …`, `9%대`, and who
/// printed it.
fn stated_figure_ko(stated: &StatedFigure) -> String {
    let figure = KO.figure(stated.value);
    let figure = match stated.approx {
        Approx::Exact => figure,
        Approx::About => format!("약 {figure}"),
        Approx::AtLeast => format!("최소 {figure}"),
        Approx::AtMost => format!("최대 {figure}"),
        Approx::Bracket => format!("{figure}대"),
    };
    match &stated.source {
        Some(source) => format!("{figure}({source})"),
        None => figure,
    }
}

fn context_en(context: &Context) -> String {
    let fig = EN;
    match context {
        Context::ShareOf {
            total,
            printed: true,
        } => format!("of the printed grand total {}", fig.show(*total)),
        Context::ShareOf {
            total,
            printed: false,
        } => format!("of the total {}", fig.show(*total)),
        Context::Change {
            old,
            base: compared,
            new,
        } => format!(
            "{} in {} → {}",
            fig.bare(*old),
            base(compared),
            fig.show(*new)
        ),
    }
}

fn context_ko(context: &Context) -> String {
    let fig = KO;
    match context {
        Context::ShareOf {
            total,
            printed: true,
        } => format!("인쇄된 총계 {} 대비", fig.show(*total)),
        Context::ShareOf {
            total,
            printed: false,
        } => format!("총계 {} 대비", fig.show(*total)),
        Context::Change {
            old,
            base: compared,
            new,
        } => format!(
            "{}의 {} → {}",
            base(compared),
            fig.bare(*old),
            fig.show(*new)
        ),
    }
}

fn stated_en(said: &StatedSaid) -> String {
    let label = match said.label {
        Label::Change => "change",
        Label::PercentChange => "percent change",
        Label::Share => "share",
    };
    let stated = stated_figure_en(&said.stated);
    let computed = EN.computed(said.computed);
    let tail = format!(
        "({}; the written figures allow {})",
        context_en(&said.context),
        EN.range(said.range)
    );
    match (said.verdict, said.stated.approx) {
        (Verdict::Rounded, Approx::Exact | Approx::AtLeast | Approx::AtMost) => {
            format!("stated {label} {stated} is consistent with {computed} {tail}")
        }
        (Verdict::Rounded, Approx::About) => {
            format!("stated {label} {stated} is {computed} rounded to a round figure {tail}")
        }
        (Verdict::Rounded | Verdict::Truncated, Approx::Bracket) => {
            format!("stated {label} {stated} holds {computed} {tail}")
        }
        (Verdict::Truncated, Approx::About) => {
            format!("stated {label} {stated} is {computed} cut off to a round figure {tail}")
        }
        (Verdict::Truncated, _) => format!(
            "stated {label} {stated} matches {computed} only if truncated rather than rounded \
             {tail}"
        ),
        (Verdict::Inconsistent, Approx::About) => format!(
            "stated {label} {stated} does not match {computed}, even as a round figure {tail}"
        ),
        (Verdict::Inconsistent, Approx::Bracket) => {
            format!("stated {label} {stated} does not hold {computed} {tail}")
        }
        (Verdict::Inconsistent, _) => {
            format!("stated {label} {stated} does not match {computed} {tail}")
        }
    }
}

fn stated_ko(said: &StatedSaid) -> String {
    let label = match said.label {
        Label::Change => "증감액",
        Label::PercentChange => "증감률",
        Label::Share => "비중",
    };
    let stated = stated_figure_ko(&said.stated);
    let computed = KO.computed(said.computed);
    let tail = format!(
        "({}; 적힌 수치로 가능한 범위: {})",
        context_ko(&said.context),
        KO.range(said.range)
    );
    let verdict = match (said.verdict, said.stated.approx) {
        (Verdict::Rounded, Approx::Exact | Approx::AtLeast | Approx::AtMost) => "일치",
        (Verdict::Rounded, Approx::About) => "어림수로 일치",
        (Verdict::Rounded | Verdict::Truncated, Approx::Bracket) => "구간으로 일치",
        (Verdict::Truncated, Approx::About) => "어림수로 일치(끝자리 버림)",
        (Verdict::Truncated, _) => "절사한 경우에만 일치",
        (Verdict::Inconsistent, Approx::About) => "불일치(어림수로 보아도)",
        (Verdict::Inconsistent, Approx::Bracket) => "불일치(구간 밖)",
        (Verdict::Inconsistent, _) => "불일치",
    };
    format!("{verdict}: 발표된 {label} {stated}, 계산값 {computed} {tail}")
}

fn why_en(why: &Why) -> String {
    match why {
        Why::NoEarlierYear { region } => {
            format!("no earlier year of {region} among the files checked")
        }
        Why::UsualBaseMissing { kind, usual } => format!(
            "a {kind} is compared with {}, which is not among the files checked; name another \
             base with `base`",
            usual_base_en(*usual)
        ),
        Why::NamedBaseNone { asked, region } => {
            format!("`base` = \"{asked}\" names no file of {region} among the files checked")
        }
        Why::NamedBaseMany {
            asked,
            region,
            count,
        } => format!("`base` = \"{asked}\" names {count} files of {region}; add the phase"),
        Why::NoItem { id, path } => format!("no item `{id}` in {path}"),
        Why::NothingFor { total, path } => format!("nothing for {} in {path}", total_en(total)),
        Why::ListsPart { path, category } => {
            let what = match category {
                Some(c) => format!("`{c}`"),
                None => "the budget".to_owned(),
            };
            format!("{path} lists only part of {what}: its items are no base for a change")
        }
        Why::TooLarge => "the figures are too large to compare exactly".into(),
    }
}

fn why_ko(why: &Why) -> String {
    match why {
        Why::NoEarlierYear { region } => format!("{region}의 이전 연도 파일이 없습니다"),
        Why::UsualBaseMissing { kind, usual } => format!(
            "{}의 비교 기준인 {} 파일이 없습니다. `base`로 다른 기준을 지정하세요",
            kind.name_ko(),
            usual_base_ko(*usual)
        ),
        Why::NamedBaseNone { asked, region } => {
            format!("`base` = \"{asked}\"에 해당하는 {region} 파일이 없습니다")
        }
        Why::NamedBaseMany {
            asked,
            region,
            count,
        } => format!(
            "`base` = \"{asked}\"에 해당하는 {region} 파일이 {count}개입니다. 단계를 적어 주세요"
        ),
        Why::NoItem { id, path } => format!("{path}에 `{id}` 항목이 없습니다"),
        Why::NothingFor { total, path } => format!("{path}에 {}가 없습니다", total_ko(total)),
        Why::ListsPart { path, category } => {
            let what = match category {
                Some(c) => format!("`{c}`"),
                None => "예산".to_owned(),
            };
            format!("{path}에는 {what}의 일부 항목만 있어 증감의 기준이 될 수 없습니다")
        }
        Why::TooLarge => "수치가 너무 커서 정확히 비교할 수 없습니다".into(),
    }
}

fn together_en(said: &TogetherSaid) -> String {
    let fig = EN;
    let by = said
        .source
        .as_ref()
        .map_or_else(String::new, |source| format!(" as printed by {source}"));
    let (change, percent) = (fig.show(said.change), fig.percent(said.percent));
    let range = fig.percent_range(said.range);
    let new = fig.show(said.new);
    let with = match &said.earlier {
        Some((old, compared)) => format!("{new} and {} in {}", fig.bare(*old), base(compared)),
        None => new,
    };
    match said.outcome {
        TogetherOutcome::Fit => format!(
            "stated change {change} and percent change {percent}{by} fit together with {with} \
             (together they allow {range})"
        ),
        TogetherOutcome::AmountsCut => format!(
            "stated change {change} and percent change {percent}{by} fit together with {with} \
             only if the amounts were truncated rather than rounded (truncated, together they \
             allow {range})"
        ),
        TogetherOutcome::CannotHold { truncated } => format!(
            "stated change {change} and percent change {percent}{by} cannot both hold with \
             {with}: together they allow only {range}{}",
            if truncated {
                ", unless the percentage was truncated"
            } else {
                ""
            }
        ),
    }
}

fn together_ko(said: &TogetherSaid) -> String {
    let fig = KO;
    let by = said
        .source
        .as_ref()
        .map_or_else(String::new, |source| format!("({source})"));
    let (change, percent) = (fig.show(said.change), fig.percent(said.percent));
    let range = fig.percent_range(said.range);
    let new = fig.show(said.new);
    let with = match &said.earlier {
        Some((old, compared)) => format!("{new}, {}의 {}", base(compared), fig.bare(*old)),
        None => new,
    };
    match said.outcome {
        TogetherOutcome::Fit => format!(
            "함께 일치: 발표된 증감액 {change}, 증감률 {percent}{by}, {with} (함께 가능한 범위: \
             {range})"
        ),
        TogetherOutcome::AmountsCut => format!(
            "금액을 절사한 경우에만 함께 일치: 발표된 증감액 {change}, 증감률 {percent}{by}, \
             {with} (절사했다면 함께 가능한 범위: {range})"
        ),
        TogetherOutcome::CannotHold { truncated } => format!(
            "함께 불일치: 발표된 증감액 {change}, 증감률 {percent}{by}, {with} (함께 가능한 \
             범위: {range}{})",
            if truncated {
                "; 증감률을 절사했다면 일치"
            } else {
                ""
            }
        ),
    }
}
