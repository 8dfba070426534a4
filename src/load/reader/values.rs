//! Single values: years, text, units, category paths, statuses, amounts,
//! percentages and counts, each read from the literal as written.

use super::{Fields, Found, Reader, Value, nearest};
use crate::amount::{Amount, Unit};
use crate::error::{Problem, quote};
use crate::model::{CategoryPath, Count, CountLabels, Percent, Status, YEARS};
use toml::de::DeValue;

use crate::notation::{Approx, plain_percent, plain_sign, split_approximation};

/// Most levels a category path may have.
pub const MAX_CATEGORY_DEPTH: usize = 32;

/// A count as written: a TOML integer's decimal digits, the digits of a
/// hexadecimal, octal or binary one with their radix, or a string.
pub(crate) enum WrittenCount<'w> {
    Integer(&'w str),
    Radix(&'w str, u32),
    Text(&'w str),
}

/// Reads a count (`600`, `"600+"`, `"1,200+"`): the number and whether it
/// is a lower bound, or the cleaned text and why it is not a count.
pub(crate) fn count_value(
    written: WrittenCount<'_>,
) -> Result<(u64, bool), (String, &'static str)> {
    let (written, at_least) = match written {
        WrittenCount::Integer(digits) => (digits.to_owned(), false),
        WrittenCount::Radix(digits, radix) => return count_in_radix(digits, radix),
        WrittenCount::Text(text) => match text.trim().strip_suffix('+') {
            Some(number) => (number.trim().replace(',', ""), true),
            None => (text.trim().replace(',', ""), false),
        },
    };
    if written.starts_with('-') {
        return Err((written, "counts cannot be negative"));
    }
    match written.parse::<u64>() {
        Ok(0) => Err((
            written,
            "counts must be at least 1 (leave the count out instead)",
        )),
        Ok(number) => Ok((number, at_least)),
        Err(_) => Err((written, "write a whole number, optionally followed by `+`")),
    }
}

/// A count written in hexadecimal, octal or binary (`0x10`, `0o17`,
/// `0b101`), read in its radix as TOML defines it: 16, 15, 5.
fn count_in_radix(digits: &str, radix: u32) -> Result<(u64, bool), (String, &'static str)> {
    let prefix = match radix {
        16 => "0x",
        8 => "0o",
        _ => "0b",
    };
    match u64::from_str_radix(digits, radix) {
        Ok(0) => Err((
            format!("{prefix}{digits}"),
            "counts must be at least 1 (leave the count out instead)",
        )),
        Ok(number) => Ok((number, false)),
        Err(_) => Err((
            format!("{prefix}{digits}"),
            "it is larger than 18,446,744,073,709,551,615",
        )),
    }
}

/// Reads a category path, or says why it is not one.
pub(crate) fn category_value(text: &str) -> Result<CategoryPath, &'static str> {
    let path = CategoryPath::parse(text)
        .ok_or("has an empty segment (write paths like `finance/loans`)")?;
    // Subtotals are kept for every level, so the depth is bounded.
    if path.depth() > MAX_CATEGORY_DEPTH {
        return Err("has more than 32 levels");
    }
    Ok(path)
}

impl<'a> Reader<'a> {
    /// The year: an integer in [`YEARS`], read in its radix.
    pub(super) fn year(&self, value: &Value<'_>) -> Found<i64> {
        let year = self.integer("year", value)?;
        if YEARS.contains(&year) {
            return Ok(year);
        }
        Err(self.error(
            &value.span(),
            Problem::BadText {
                field: "year".into(),
                value: quote(&self.source_text(value)),
                reason: "is not a year from 1900 to 2199",
            },
        ))
    }

    /// A value's text as written in the file.
    pub(super) fn source_text(&self, value: &Value<'_>) -> String {
        self.lines
            .text
            .get(value.span())
            .unwrap_or_default()
            .to_owned()
    }

    pub(super) fn integer(&self, field: &str, value: &Value<'_>) -> Found<i64> {
        match value.as_ref() {
            DeValue::Integer(integer) => i64::from_str_radix(integer.as_str(), integer.radix())
                .map_err(|_| {
                    self.error(
                        &value.span(),
                        Problem::BadText {
                            field: field.into(),
                            value: quote(integer.as_str()),
                            reason: "is out of range",
                        },
                    )
                }),
            _ => Err(self.wrong_type(field, "an integer", value)),
        }
    }

    pub(super) fn boolean(&self, field: &str, value: &Value<'_>) -> Found<bool> {
        match value.as_ref() {
            DeValue::Boolean(flag) => Ok(*flag),
            _ => Err(self.wrong_type(field, "true or false", value)),
        }
    }

    pub(super) fn text(&self, field: &str, value: &Value<'_>) -> Found<String> {
        let DeValue::String(text) = value.as_ref() else {
            return Err(self.wrong_type(field, "a string", value));
        };
        if text.trim().is_empty() {
            return Err(self.error(
                &value.span(),
                Problem::BadText {
                    field: field.into(),
                    value: quote(text),
                    reason: "is empty",
                },
            ));
        }
        Ok(text.to_string())
    }

    pub(super) fn optional_text(
        &self,
        fields: &Fields<'_, '_>,
        field: &str,
    ) -> Option<Option<String>> {
        self.optional(fields, field, None, |value| {
            self.text(field, value).map(Some)
        })
    }

    pub(super) fn unit(&self, value: &Value<'_>) -> Found<Unit> {
        let text = self.text("unit", value)?;
        Unit::parse(&text).ok_or_else(|| {
            self.error(
                &value.span(),
                Problem::UnknownUnit {
                    field: "unit".into(),
                    value: quote(&text),
                    known: Unit::names().collect::<Vec<_>>().join(", "),
                },
            )
        })
    }

    pub(super) fn category(&self, value: &Value<'_>) -> Found<CategoryPath> {
        let text = self.text("category", value)?;
        category_value(&text).map_err(|reason| {
            self.error(
                &value.span(),
                Problem::BadText {
                    field: "category".into(),
                    value: quote(&text),
                    reason,
                },
            )
        })
    }

    pub(super) fn status(&self, value: &Value<'_>) -> Found<Status> {
        let text = self.text("status", value)?;
        Status::parse(&text).ok_or_else(|| {
            self.error(
                &value.span(),
                Problem::BadStatus {
                    value: quote(&text),
                    suggestion: nearest(&text, &Status::NAMES),
                },
            )
        })
    }

    pub(super) fn amount(&self, field: &str, value: &Value<'_>, unit: Unit) -> Found<Amount> {
        let (written, parsed) = match value.as_ref() {
            DeValue::Integer(integer) if integer.radix() == 10 => (
                integer.as_str(),
                Amount::from_toml_literal(integer.as_str(), unit),
            ),
            DeValue::Float(float) => (
                float.as_str(),
                Amount::from_toml_literal(float.as_str(), unit),
            ),
            DeValue::String(text) => {
                // A table's nil ("-") and decrease sign ("▲3.5").
                let plain = plain_sign(text);
                let parsed = Amount::parse(plain.as_deref().unwrap_or(text), unit);
                (text.as_ref(), parsed)
            }
            _ => {
                return Err(self.wrong_type(
                    field,
                    "a decimal number or a string such as \"264.6 billion won\"",
                    value,
                ));
            }
        };
        parsed.map_err(|reason| {
            self.error(
                &value.span(),
                Problem::BadAmount {
                    field: field.into(),
                    value: quote(written),
                    reason,
                },
            )
        })
    }

    /// A percentage: a decimal number, or a string such as `"11.54%"`.
    /// Read digit for digit like an amount, keeping its last digit.
    pub(super) fn percent(&self, field: &str, value: &Value<'_>) -> Found<Percent> {
        let mut approx = Approx::Exact;
        let plain;
        let written = match value.as_ref() {
            DeValue::Integer(integer) if integer.radix() == 10 => integer.as_str(),
            DeValue::Float(float) => float.as_str(),
            DeValue::String(text) => {
                let (rest, kind) = split_approximation(text);
                approx = kind;
                plain = plain_percent(&rest);
                plain.as_str()
            }
            _ => {
                return Err(self.wrong_type(
                    field,
                    "a decimal number or a string such as \"11.54%\"",
                    value,
                ));
            }
        };
        Amount::from_toml_literal(written, Unit::WON)
            .map(|figure| {
                Percent {
                    value: figure.won(),
                    precision: figure.precision(),
                    approx: Approx::Exact,
                }
                .approximate(approx)
            })
            .map_err(|reason| {
                self.error(
                    &value.span(),
                    Problem::BadAmount {
                        field: field.into(),
                        value: quote(written),
                        reason: reason.as_percent(),
                    },
                )
            })
    }

    pub(super) fn counts(&self, value: &Value<'_>) -> Vec<Count> {
        let DeValue::Table(table) = value.as_ref() else {
            self.record(*self.wrong_type(
                "counts",
                "a table such as { companies = \"600+\" }",
                value,
            ));
            return Vec::new();
        };
        table
            .iter()
            .filter_map(|(key, count)| {
                let field = format!("counts.{}", key.as_ref());
                let (value, at_least) = self.keep(self.count(&field, count))?;
                Some(Count {
                    name: key.as_ref().to_string(),
                    value,
                    at_least,
                })
            })
            .collect()
    }

    pub(super) fn count_labels(&self, value: &Value<'_>) -> CountLabels {
        let DeValue::Table(table) = value.as_ref() else {
            self.record(*self.wrong_type(
                "count_labels",
                "a table such as { smes = \"중소기업\" }",
                value,
            ));
            return CountLabels::new();
        };
        table
            .iter()
            .filter_map(|(key, label)| {
                let field = format!("count_labels.{}", key.as_ref());
                let label = self.keep(self.text(&field, label))?;
                Some((key.as_ref().to_string(), label))
            })
            .collect()
    }

    pub(super) fn count(&self, field: &str, value: &Value<'_>) -> Found<(u64, bool)> {
        let written = match value.as_ref() {
            DeValue::Integer(integer) if integer.radix() == 10 => {
                WrittenCount::Integer(integer.as_str())
            }
            DeValue::Integer(integer) => WrittenCount::Radix(integer.as_str(), integer.radix()),
            DeValue::String(text) => WrittenCount::Text(text),
            _ => {
                return Err(self.wrong_type(
                    field,
                    "a whole number or a string such as \"600+\"",
                    value,
                ));
            }
        };
        count_value(written).map_err(|(written, reason)| {
            self.error(
                &value.span(),
                Problem::BadCount {
                    field: field.into(),
                    value: quote(&written),
                    reason,
                },
            )
        })
    }
}
