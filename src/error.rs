//! Typed errors of the library. Each one names the file and, where the
//! input is at fault, the line, column and field, with a short quote of the
//! offending value (never more than one short line of input).

use crate::amount::AmountError;
use crate::amount::Currency;
use crate::exact::Inexact;
use crate::quote::{short, visible};

/// Why a budget file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be opened or read at all.
    #[error("{}: {reason}", visible(.file))]
    Unreadable { file: String, reason: String },
    /// The file was read but something in it is wrong.
    #[error(transparent)]
    Invalid(Box<InvalidInput>),
}

/// A problem at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {problem}", visible(.file))]
pub struct InvalidInput {
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub problem: Problem,
}

impl LoadError {
    pub fn invalid(file: &str, line: usize, column: usize, problem: Problem) -> LoadError {
        LoadError::Invalid(Box::new(InvalidInput {
            file: file.to_owned(),
            line,
            column,
            problem,
        }))
    }

    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            LoadError::Unreadable { file, .. } => file,
            LoadError::Invalid(invalid) => &invalid.file,
        }
    }
}

/// What is wrong at a place in a budget file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("not valid UTF-8{}", if *.looks_like_cp949 {
        "; the bytes look like CP949/EUC-KR: convert with `iconv -f cp949 -t utf-8`"
    } else { "" })]
    NotUtf8 { looks_like_cp949: bool },
    #[error("not valid UTF-8: the file is UTF-16; convert with `iconv -f utf-16 -t utf-8`")]
    Utf16,
    #[error("not valid UTF-8: the file ends in the middle of a character (was it cut short?)")]
    EndsInCharacter,
    /// TOML allows a NUL byte nowhere, so whatever follows is not read.
    #[error(
        "TOML syntax error: a NUL byte, which no TOML text holds (is this a binary file, or UTF-16 without a byte order mark?)"
    )]
    NulByte,
    #[error("TOML syntax error: {0}")]
    Syntax(String),
    #[error("unknown field `{}` in {}{}", short(.field), short(.table), did_you_mean(.suggestion))]
    UnknownField {
        field: String,
        table: String,
        suggestion: Option<String>,
    },
    #[error("missing required field `{field}` in {}", short(.table))]
    MissingField { field: &'static str, table: String },
    #[error("`{}` must be {expected}, found {found}", short(.field))]
    WrongType {
        field: String,
        expected: &'static str,
        found: &'static str,
    },
    #[error("`{}` = {value} {reason}", short(.field))]
    BadAmount {
        field: String,
        value: String,
        reason: AmountError,
    },
    #[error("`{}` = {value} is not a known unit; use one of: {known}", short(.field))]
    UnknownUnit {
        field: String,
        value: String,
        known: String,
    },
    #[error("`{}` = {value} is not a count: {reason}", short(.field))]
    BadCount {
        field: String,
        value: String,
        reason: &'static str,
    },
    #[error("`status` = {value} is not one of actual, planned, target, cap{}", did_you_mean(.suggestion))]
    BadStatus {
        value: String,
        suggestion: Option<String>,
    },
    #[error("`{}` = {value} {reason}", short(.field))]
    BadText {
        field: String,
        value: String,
        reason: &'static str,
    },
    #[error("duplicate id `{}`: first used at line {first_line}", short(.id))]
    DuplicateId { id: String, first_line: usize },
    #[error("{} is given twice: first at line {first_line}", visible(.total))]
    DuplicateTotal { total: String, first_line: usize },
    #[error("the sum of the items is too large to be held exactly")]
    SumOverflow,
}

impl Problem {
    /// A stable name for the kind of problem, for `check` reports and CI.
    pub fn rule(&self) -> &'static str {
        match self {
            Problem::NotUtf8 { .. } | Problem::Utf16 | Problem::EndsInCharacter => "not-utf8",
            Problem::Syntax(_) | Problem::NulByte => "syntax",
            Problem::UnknownField { .. } => "unknown-field",
            Problem::MissingField { .. } => "missing-field",
            Problem::WrongType { .. } => "wrong-type",
            Problem::BadAmount { .. } => "bad-amount",
            Problem::UnknownUnit { .. } => "unknown-unit",
            Problem::BadCount { .. } => "bad-count",
            Problem::BadStatus { .. } => "bad-status",
            Problem::BadText { .. } => "bad-value",
            Problem::DuplicateId { .. } => "duplicate-id",
            Problem::DuplicateTotal { .. } => "duplicate-total",
            Problem::SumOverflow => "sum-overflow",
        }
    }
}

/// A sum or a change that `Decimal` cannot hold exactly: too large, or
/// with more significant digits than it keeps. Never rounded instead.
#[derive(Debug, thiserror::Error)]
#[error("{}: {figure} in {} {}", visible(.file), visible(.scope), .reason.said_in(*.currency))]
pub struct OverflowError {
    pub file: String,
    /// `the file`, or the category or item whose figure was lost.
    pub scope: String,
    pub figure: Figure,
    pub reason: Inexact,
    /// The files' currency, which the limit is said in.
    pub currency: Currency,
}

/// Which figure could not be held exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Figure {
    #[error("the sum of the items")]
    Sum,
    #[error("the change")]
    Change,
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}

/// Quotes a value from the input for an error message: at most one short
/// line, with control characters and escape sequences made visible
/// (see [`crate::quote::excerpt`]).
pub fn quote(value: &str) -> String {
    crate::quote::excerpt(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_short_and_escaped() {
        assert_eq!(quote("264.6억"), "\"264.6억\"");
        assert_eq!(quote("a\u{1b}[31mred\nline"), "\"a\\u{1b}[31mred\\nline\"");
        let long = "x".repeat(100);
        assert_eq!(quote(&long), format!("\"{}…\"", "x".repeat(40)));
    }
}
