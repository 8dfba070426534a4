//! `check`'s messages in English.

use super::{Blank, EN, base, detail_text};
use crate::check::interval::Verdict;
use crate::check::said::{
    Context, Edge, Label, Said, SharesOfMoreSaid, StatedFigure, StatedSaid, SumOf, SumOutcome,
    SumSaid, Terms, TogetherOutcome, TogetherSaid, TotalFit, TotalName, UsualBase, Why,
};
use crate::exact::Inexact;
use crate::notation::Approx;

/// A blank or invisible character by name and code point: `a space
/// (U+0020)`.
fn character_en(character: char) -> String {
    let name = match Blank::of(character) {
        Blank::Space => "a space",
        Blank::Tab => "a tab",
        Blank::LineBreak => "a line break",
        Blank::NoBreakSpace => "a no-break space",
        Blank::FullWidthSpace => "an ideographic (full-width) space",
        Blank::ZeroWidthSpace => "a zero-width space",
        Blank::ByteOrderMark => "a byte-order mark",
        Blank::OtherSpace => "white space",
        Blank::Invisible => "an invisible character",
    };
    format!("{name} (U+{:04X})", u32::from(character))
}

/// `the grand total`, `the total of `finance``.
fn total_en(total: &TotalName) -> String {
    match &total.category {
        Some(category) => format!("the total of `{category}`"),
        None => "the grand total".to_owned(),
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

pub(super) fn english(said: &Said) -> String {
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
            suggestion.as_ref().map_or_else(
                || "; if the file lists none of them, write partial = true in the [[total]]".into(),
                |s| format!("; did you mean `{s}`?")
            )
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
        Said::SharesOfMore(said) => shares_of_more_en(said),
        Said::SharesOfMoreSee { line } => {
            format!(
                "not checked: a share of a larger total than the items listed (line {line} says why)"
            )
        }
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
        Said::IdSpaced {
            id,
            trimmed,
            character,
            ..
        } if trimmed.is_empty() => format!(
            "id `{id}` is only blank or invisible characters, starting with {}: write an id that \
             can be seen",
            character_en(*character)
        ),
        Said::IdSpaced {
            id,
            trimmed,
            edge,
            character,
        } => format!(
            "id `{id}` {} with {}: ids are compared as written, so an item with id `{trimmed}` \
             in another year is another item to `diff`, `trend` and `check`; write id = \
             \"{trimmed}\" if it is the same",
            match edge {
                Edge::Start => "starts",
                Edge::End => "ends",
            },
            character_en(*character)
        ),
        Said::CategorySpelledTwice {
            category,
            first,
            first_line,
        } => format!(
            "category `{category}` is spelled like `{first}` (line {first_line}) but for spaces, \
             letter case or middle dots: they are two categories, each with its own subtotal; \
             write one spelling if they are the same"
        ),
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
        Said::FitsOtherBase {
            said,
            other,
            named,
            paired,
        } => format!(
            "{}; it fits {} instead{}: if the publisher compared with that, write base = \
             \"{named}\"",
            english(said),
            super::base(other),
            if *paired {
                ", as does the figure printed with it"
            } else {
                ""
            }
        ),
        Said::FitsShareOf {
            said,
            category,
            total,
        } => {
            let total = EN.show(*total);
            format!(
                "{}; it fits its share of `{category}` ({total}) instead: if that is what the \
                 publisher took a share of, write share_of = \"{total}\"",
                english(said)
            )
        }
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
             allow {range}){}",
            if said.falls_short {
                "; if the file lists only some of them, write partial = true in the [[total]]"
            } else {
                ""
            }
        ),
    }
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
        Context::ShareOfNamed { total } => {
            format!(
                "of {}, the total it is stated to be a share of",
                fig.show(*total)
            )
        }
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

fn why_en(why: &Why) -> String {
    match why {
        Why::NoEarlierYear { region } => {
            format!("no earlier year of {region} among the files checked")
        }
        Why::EarlierInOtherCurrency {
            region,
            path,
            currency,
            other,
        } => format!(
            "no earlier year of {region} in {currency} among the files checked; {} is in \
             {other}, and figures in different currencies are never compared",
            path
        ),
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
        Why::NoItem { id, path, partial } => format!(
            "no item `{id}` in {path}{}",
            if *partial {
                ", which lists only some of the items (partial = true)"
            } else {
                ""
            }
        ),
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

fn together_en(said: &TogetherSaid) -> String {
    let fig = EN;
    let by = said
        .source
        .as_ref()
        .map_or_else(String::new, |source| format!(" as printed by {source}"));
    let printed = |approx: Approx, figure: String| match approx {
        Approx::Exact => figure,
        other => format!("{} {figure}", other.describe()),
    };
    let change = printed(said.change_approx, fig.show(said.change));
    let percent = printed(said.percent_approx, fig.percent(said.percent));
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
        TogetherOutcome::FitAsRound => format!(
            "stated change {change} and percent change {percent}{by} fit together with {with} \
             as round figures (together they allow {range})"
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

fn shares_of_more_en(said: &SharesOfMoreSaid) -> String {
    let fig = EN;
    let fit = match &said.fit {
        TotalFit::One(range) => format!("; they all fit one total of {}", fig.money_range(*range)),
        TotalFit::NoOne => {
            "; no one total fits them all, so at least one of them is misprinted".into()
        }
        TotalFit::Unknown => String::new(),
    };
    format!(
        "not checked: the shares printed for every item add up to at most {}, so they are of a \
         larger total than the {} the items add up to (is the list partial?){fit}. Write that \
         total as a `[[total]]` with `partial = true`, or as `share_of`",
        fig.percent(said.at_most),
        fig.show(said.listed)
    )
}
