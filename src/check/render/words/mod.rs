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
