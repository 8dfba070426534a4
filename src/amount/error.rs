//! Why a figure could not be read: each error says what is wrong with the
//! value and, where it can, how to write it.

/// Why a figure could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("is empty")]
    Empty,
    #[error("is not a number{}", hint_suffix(.0))]
    NotANumber(String),
    #[error("has a misplaced thousands separator (write `1,234,567` or `1234567`)")]
    MisplacedSeparator,
    /// `"1 234억원"`: digits split by white space, with the value joined
    /// into one number, as a suggestion.
    #[error(
        "has digits separated by a space, which is not a thousands separator; for one number write {}",
        crate::quote::excerpt(.0)
    )]
    SpacedDigits(String),
    /// `"3억 5천"`: a last figure without a unit after 억 or 조, which
    /// could be meant in the next smaller unit or in won (yen, dollars). The readings
    /// are boxed to keep the error (and every `Result` with it) small.
    #[error(
        "has a last figure without a unit after {after} ({next_unit} or {base}?): write {} or {}",
        crate::quote::excerpt(&.readings.in_next_unit),
        crate::quote::excerpt(&.readings.in_won)
    )]
    AmbiguousLastFigure {
        after: &'static str,
        next_unit: &'static str,
        /// The base unit of the file's currency: `원`, `円`, `달러`.
        base: &'static str,
        readings: Box<Readings>,
    },
    /// `"30억원"` in a file in yen: amounts are never converted.
    #[error(
        "is in {found}, but the file's unit is in {expected}; a file holds amounts in one currency (no exchange rate is applied)"
    )]
    OtherCurrency {
        found: super::Currency,
        expected: super::Currency,
    },
    #[error("has an unknown unit `{}`{}", crate::quote::visible(.unit), suggestion_suffix(.suggestion))]
    UnknownUnit {
        unit: String,
        suggestion: Option<&'static str>,
    },
    #[error("mixes units in a way that cannot be read: {0}")]
    BadCompound(String),
    #[error("has {0} significant digits; at most 28 can be held exactly")]
    TooManyDigits(usize),
    /// Beyond `Decimal`'s range, said in the file's currency.
    #[error(
        "is too large to be held exactly (more than 79,228,162,514,264,337,593,543,950,335 {currency})"
    )]
    Overflow { currency: super::Currency },
    /// Finer than `Decimal` holds, said in the file's currency.
    #[error("has more than 28 decimal places in {currency}")]
    TooFine { currency: super::Currency },
    /// `"(1,234)"`: the figure with a minus sign, as a suggestion.
    #[error(
        "is an accounting negative in parentheses, which a year file does not read; write {}",
        crate::quote::excerpt(.0)
    )]
    AccountingNegative(String),
    /// `"–5"`: a dash (`.0`) where a minus sign belongs, and the figure
    /// with a minus sign (`.1`), as a suggestion.
    #[error(
        "starts with {}, a dash, not a minus sign; write {}",
        crate::quote::excerpt(.0),
        crate::quote::excerpt(.1)
    )]
    DashForMinus(String, String),
    /// `"１２３"`: the figure in plain digits, as a suggestion.
    #[error("has full-width digits; write {}", crate::quote::excerpt(.0))]
    FullWidthDigits(String),
    #[error("is not finite (inf and nan are not amounts)")]
    NotFinite,
    /// A percentage beyond `Decimal`'s range: a percentage is in no
    /// currency, so its limit names none.
    #[error("is too large to be held exactly (more than 79,228,162,514,264,337,593,543,950,335%)")]
    PercentOverflow,
    /// A percentage finer than `Decimal` holds.
    #[error("has more than 28 decimal places")]
    PercentTooFine,
}

impl AmountError {
    /// `Overflow` as the digit-level readers raise it: they do not know the
    /// file's currency, so they say won until [`AmountError::in_currency`]
    /// names the file's.
    pub(super) const OVERFLOW: AmountError = AmountError::Overflow {
        currency: super::Currency::Krw,
    };
    /// `TooFine` as the digit-level readers raise it (see `OVERFLOW`).
    pub(super) const TOO_FINE: AmountError = AmountError::TooFine {
        currency: super::Currency::Krw,
    };

    /// The error as said of a figure in a file in `currency`: the bounds of
    /// `Overflow` and `TooFine` are in that currency (a yen file's limit is
    /// in yen, not won).
    pub(super) fn in_currency(self, currency: super::Currency) -> AmountError {
        match self {
            AmountError::Overflow { .. } => AmountError::Overflow { currency },
            AmountError::TooFine { .. } => AmountError::TooFine { currency },
            other => other,
        }
    }

    /// The error as said of a percentage, which is read with the digit
    /// readers of amounts but is in no currency: its bounds name none
    /// (never "won", even in a file in yen or dollars).
    pub fn as_percent(self) -> AmountError {
        match self {
            AmountError::Overflow { .. } => AmountError::PercentOverflow,
            AmountError::TooFine { .. } => AmountError::PercentTooFine,
            other => other,
        }
    }
}

/// The two explicit spellings of an ambiguous amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readings {
    /// The last figure in the unit after the last 억 or 조: `3억 5천만원`.
    pub in_next_unit: String,
    /// The last figure in won: `3억 5,000원`.
    pub in_won: String,
}

fn hint_suffix(hint: &str) -> String {
    if hint.is_empty() {
        String::new()
    } else {
        format!(" ({hint})")
    }
}

fn suggestion_suffix(suggestion: &Option<&'static str>) -> String {
    suggestion
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}
