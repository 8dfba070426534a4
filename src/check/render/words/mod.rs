//! `check`'s messages, worded from what the rules found ([`Said`]): in
//! English ([`en`]), or in Korean ([`ko`]), where a decrease is marked
//! with `△` as Korean tables mark it (`증감액 △5억원 (△2.04%)`), in the
//! figures only: a name or a file name is quoted as written. Here: the
//! figures as both languages write them.

mod en;
mod ko;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::check::said::{
    BaseName, Computed, Figure, Money, MoneyRange, PercentRange, Range, Said,
};
use crate::render::Lang;
use crate::render::numbers::{exact_in, fixed, group_thousands, korean_negative, with_unit};

pub use en::usual_base_en;
pub use ko::usual_base_ko;

/// The message of a finding or a passed check in `lang`.
pub fn message(said: &Said, lang: Lang) -> String {
    match lang {
        Lang::En => en::english(said),
        Lang::Ko => ko::korean(said),
    }
}

/// Figures as the messages write them: in Korean, a decrease with `△`.
#[derive(Clone, Copy)]
pub(super) struct Figures {
    korean: bool,
}

/// A blank or invisible character an id may start or end with, named in
/// each language's words.
pub(super) enum Blank {
    Space,
    Tab,
    LineBreak,
    NoBreakSpace,
    FullWidthSpace,
    ZeroWidthSpace,
    ByteOrderMark,
    OtherSpace,
    Invisible,
}

impl Blank {
    pub(super) fn of(character: char) -> Blank {
        match character {
            ' ' => Blank::Space,
            '\t' => Blank::Tab,
            '\n' | '\r' => Blank::LineBreak,
            '\u{a0}' => Blank::NoBreakSpace,
            '\u{3000}' => Blank::FullWidthSpace,
            '\u{200b}' => Blank::ZeroWidthSpace,
            '\u{feff}' => Blank::ByteOrderMark,
            c if c.is_whitespace() => Blank::OtherSpace,
            _ => Blank::Invisible,
        }
    }
}

pub(super) const EN: Figures = Figures { korean: false };

pub(super) const KO: Figures = Figures { korean: true };

impl Figures {
    pub(super) fn number(self, text: String) -> String {
        if self.korean {
            korean_negative(&text)
        } else {
            text
        }
    }

    /// A written amount in its unit, digits as written, with the unit's name.
    pub(super) fn show(self, money: Money) -> String {
        with_unit(self.bare(money), money.unit)
    }

    /// A written amount in its unit, digits as written.
    pub(super) fn bare(self, money: Money) -> String {
        self.number(bare(money))
    }

    /// `-3 to 5억원`, in Korean `△3 ~ 5억원`: each bound exact.
    pub(super) fn money_range(self, range: MoneyRange) -> String {
        let (low, high) = (
            self.number(exact_in(range.range.low(), range.unit)),
            self.number(exact_in(range.range.high(), range.unit)),
        );
        let to = if self.korean { "~" } else { "to" };
        with_unit(format!("{low} {to} {high}"), range.unit)
    }

    /// A range of percentages with its decimals, rounded outward so the
    /// shown range holds the true one.
    pub(super) fn percent_range(self, range: PercentRange) -> String {
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
    pub(super) fn percent(self, value: Decimal) -> String {
        format!("{}%", self.number(group_thousands(&value.to_string())))
    }

    pub(super) fn figure(self, figure: Figure) -> String {
        match figure {
            Figure::Money(money) => self.show(money),
            Figure::Percent(value) => self.percent(value),
        }
    }

    pub(super) fn computed(self, computed: Computed) -> String {
        match computed {
            Computed::Money(money) => self.show(money),
            Computed::Percent { value, decimals } => {
                format!("{}%", self.number(fixed(value, decimals)))
            }
        }
    }

    pub(super) fn range(self, range: Range) -> String {
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

/// A file as a base: its path, and its phase if it has one.
pub(super) fn base(base: &BaseName) -> String {
    match &base.phase {
        Some(phase) => format!("{} ({phase})", base.path),
        None => base.path.clone(),
    }
}

/// `240.4 + 24.2`.
pub(super) fn detail_text(fig: Figures, detail: &[Money]) -> String {
    detail
        .iter()
        .map(|&money| fig.bare(money))
        .collect::<Vec<_>>()
        .join(" + ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::{Amount, Unit};
    use crate::check::Interval;
    use crate::check::interval::Verdict;
    use crate::check::said::{Context, Label, StatedFigure, StatedSaid, Why};
    use crate::notation::Approx;

    fn eok(text: &str) -> Money {
        let unit = Unit::parse("억원").unwrap();
        Money {
            amount: Amount::parse(text, unit).unwrap(),
            unit,
        }
    }

    /// About -5억 stated; 100억 → 95.2억 is a change of -4.8억, which as
    /// written (each figure ± 0.05억) can be -4.85억 to -4.75억.
    fn rounded_decrease() -> Said {
        Said::Stated(StatedSaid {
            label: Label::Change,
            stated: StatedFigure {
                value: Figure::Money(eok("-5")),
                approx: Approx::About,
                source: None,
            },
            verdict: Verdict::Rounded,
            computed: Computed::Money(eok("-4.8")),
            range: Range::Money(MoneyRange {
                range: Interval::new(Decimal::from(-485_000_000), Decimal::from(-475_000_000)),
                unit: Unit::parse("억원").unwrap(),
            }),
            context: Context::Change {
                old: eok("100"),
                base: BaseName {
                    path: "2025.toml".into(),
                    phase: Some("본예산".into()),
                },
                new: eok("95.2"),
            },
        })
    }

    #[test]
    fn korean_marks_each_decrease_with_a_triangle() {
        assert_eq!(
            message(&rounded_decrease(), Lang::Ko),
            "어림수로 일치: 발표된 증감액 약 △5억원, 계산값 △4.8억원 (2025.toml (본예산)의 100 → \
             95.2억원; 적힌 수치로 가능한 범위: △4.85 ~ △4.75억원)"
        );
        assert_eq!(
            message(&rounded_decrease(), Lang::En),
            "stated change about -5억원 is -4.8억원 rounded to a round figure (100 in 2025.toml \
             (본예산) → 95.2억원; the written figures allow -4.85 to -4.75억원)"
        );
    }

    #[test]
    fn a_name_is_quoted_as_written_in_korean_too() {
        let said = Said::NotChecked(Why::NoItem {
            id: "a -1".into(),
            path: "-2 2025.toml".into(),
            partial: false,
        });
        assert_eq!(
            message(&said, Lang::Ko),
            "확인하지 않음: -2 2025.toml에 `a -1` 항목이 없습니다"
        );
    }
}
