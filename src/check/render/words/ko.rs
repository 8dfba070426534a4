//! `check`'s messages in Korean, with a decrease marked `△` in the figures.

use super::{Blank, KO, base, detail_text};
use crate::amount::Currency;
use crate::check::interval::Verdict;
use crate::check::said::{
    Context, Edge, Label, Said, SharesOfMoreSaid, StatedFigure, StatedSaid, SumOf, SumOutcome,
    SumSaid, Terms, TogetherOutcome, TogetherSaid, TotalFit, TotalName, UsualBase, Why,
};
use crate::exact::Inexact;
use crate::notation::Approx;

/// A blank or invisible character by name and code point: `공백(U+0020)`.
fn character_ko(character: char) -> String {
    let name = match Blank::of(character) {
        Blank::Space => "공백",
        Blank::Tab => "탭",
        Blank::LineBreak => "줄바꿈",
        Blank::NoBreakSpace => "줄바꿈 없는 공백",
        Blank::FullWidthSpace => "전각 공백",
        Blank::ZeroWidthSpace => "폭 없는 공백",
        Blank::ByteOrderMark => "바이트 순서 표시",
        Blank::OtherSpace => "공백 문자",
        Blank::Invisible => "보이지 않는 문자",
    };
    format!("{name}(U+{:04X})", u32::from(character))
}

/// `총계`, `` `finance` 합계 ``.
fn total_ko(total: &TotalName) -> String {
    match &total.category {
        Some(category) => format!("`{category}` 합계"),
        None => "총계".to_owned(),
    }
}

/// The publishers' usual base: `2025년 본예산`.
pub fn usual_base_ko(usual: UsualBase) -> String {
    format!("{}년 {}", usual.year, usual.wanted.name_ko())
}

pub(super) fn korean(said: &Said) -> String {
    let fig = KO;
    match said {
        // The loader's own messages stay in English.
        Said::Loader(problem) => problem.to_string(),
        Said::MoreSyntaxErrors { count } => {
            format!("문법 오류가 있는 줄 {count}개는 더 나열하지 않았습니다")
        }
        Said::NoItems => crate::model::NO_ITEMS_KO.to_owned(),
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
            suggestion.as_ref().map_or_else(
                || "; 항목을 하나도 적지 않은 파일이면 [[total]]에 다음을 적으세요: partial = true"
                    .into(),
                |s| format!(" (`{s}`?)")
            )
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
        Said::SharesOfMore(said) => shares_of_more_ko(said),
        Said::SharesOfMoreSee { line } => {
            format!("확인하지 않음: 나열된 항목보다 큰 총계의 비중입니다({line}행 참고)")
        }
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
        Said::IdSpaced {
            id,
            trimmed,
            character,
            ..
        } if trimmed.is_empty() => format!(
            "id `{id}`는 공백이나 보이지 않는 문자로만 되어 있습니다(처음 문자: {}): 보이는 id를 \
             적으세요",
            character_ko(*character)
        ),
        Said::IdSpaced {
            id,
            trimmed,
            edge,
            character,
        } => format!(
            "id `{id}` {}에 붙은 {}: id는 적힌 그대로 비교하므로 다른 연도의 id \
             `{trimmed}` 항목과 다른 항목이 됩니다(`diff`, `trend`, `check`); 같은 항목이면 \
             다음을 적으세요: id = \"{trimmed}\"",
            match edge {
                Edge::Start => "앞",
                Edge::End => "끝",
            },
            character_ko(*character)
        ),
        Said::CategorySpelledTwice {
            category,
            first,
            first_line,
        } => format!(
            "분류 `{category}`: `{first}`({first_line}행)과 띄어쓰기, 대소문자, 가운뎃점만 \
             다릅니다. 서로 다른 분류로 따로 합계를 냅니다; 같은 분류면 한 가지로 적으세요"
        ),
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
        Said::FitsOtherBase {
            said,
            other,
            named,
            paired,
        } => format!(
            "{}; 다만 {} 기준으로는 {}: 발표 기관이 그것과 비교했다면 다음을 적으세요: \
             base = \"{named}\"",
            korean(said),
            super::base(other),
            if *paired {
                "함께 발표된 수치까지 모두 맞습니다"
            } else {
                "맞습니다"
            }
        ),
        Said::FitsShareOf {
            said,
            category,
            total,
        } => {
            let total = KO.show(*total);
            format!(
                "{}; 다만 `{category}`({total}) 안의 비중으로는 맞습니다: 발표 기관이 그 \
                 비중을 적었다면 다음을 적으세요: share_of = \"{total}\"",
                korean(said)
            )
        }
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
             범위: {range}){}",
            if said.falls_short {
                "; 항목을 일부만 적은 파일이면 [[total]]에 다음을 적으세요: partial = true"
            } else {
                ""
            }
        ),
    }
}

/// A stated figure as it was printed: `약 5%`, `최소 …`, `9%대`, and who
/// printed it.
/// A figure as printed: `약 5%`, `최소 …`, `9%대`.
fn printed_ko(approx: Approx, figure: String) -> String {
    match approx {
        Approx::Exact => figure,
        Approx::About => format!("약 {figure}"),
        Approx::AtLeast => format!("최소 {figure}"),
        Approx::AtMost => format!("최대 {figure}"),
        Approx::Bracket => format!("{figure}대"),
    }
}

fn stated_figure_ko(stated: &StatedFigure) -> String {
    let figure = printed_ko(stated.approx, KO.figure(stated.value));
    match &stated.source {
        Some(source) => format!("{figure}({source})"),
        None => figure,
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
        Context::ShareOfNamed { total } => format!("명시된 기준 {} 대비", fig.show(*total)),
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

/// A currency's name in Korean: 원, 엔, 달러.
fn currency_ko(currency: Currency) -> &'static str {
    match currency {
        Currency::Krw => "원",
        Currency::Jpy => "엔",
        Currency::Usd => "달러",
    }
}

fn why_ko(why: &Why) -> String {
    match why {
        Why::NoEarlierYear { region } => format!("{region}의 이전 연도 파일이 없습니다"),
        Why::EarlierInOtherCurrency {
            region,
            path,
            currency,
            other,
        } => format!(
            "{region}의 {} 단위 이전 연도 파일이 없습니다. {}은(는) {} 단위이며, 통화가 다른 \
             금액은 비교하지 않습니다",
            currency_ko(*currency),
            path,
            currency_ko(*other)
        ),
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
        Why::NoItem { id, path, partial } => format!(
            "{path}에 `{id}` 항목이 없습니다{}",
            if *partial {
                "(항목 일부만 적은 파일: partial = true)"
            } else {
                ""
            }
        ),
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

fn together_ko(said: &TogetherSaid) -> String {
    let fig = KO;
    let by = said
        .source
        .as_ref()
        .map_or_else(String::new, |source| format!("({source})"));
    let change = printed_ko(said.change_approx, fig.show(said.change));
    let percent = printed_ko(said.percent_approx, fig.percent(said.percent));
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
        TogetherOutcome::FitAsRound => format!(
            "어림수로 함께 일치: 발표된 증감액 {change}, 증감률 {percent}{by}, {with} (함께 가능한 \
             범위: {range})"
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

fn shares_of_more_ko(said: &SharesOfMoreSaid) -> String {
    let fig = KO;
    let fit = match &said.fit {
        TotalFit::One(range) => {
            format!("; 모든 비중이 총계 {}에 맞습니다", fig.money_range(*range))
        }
        TotalFit::NoOne => {
            "; 모든 비중에 맞는 총계가 없어 적어도 하나는 잘못 인쇄되었습니다".into()
        }
        TotalFit::Unknown => String::new(),
    };
    format!(
        "확인하지 않음: 모든 항목에 인쇄된 비중의 합이 최대 {}이므로, 항목의 합 {}보다 큰 \
         총계의 비중입니다(일부 항목만 나열했습니까?){fit}. 그 총계를 `partial = true`인 \
         `[[total]]`로 적거나 `share_of`로 적으십시오",
        fig.percent(said.at_most),
        fig.show(said.listed)
    )
}
