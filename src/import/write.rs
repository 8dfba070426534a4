//! Writing the imported items as a year file (the format in docs/year-file.md).
//!
//! Every string is a one-line TOML basic string: quotes, backslashes and
//! control characters from the input are escaped, so any text reads back
//! as it was.
//! Amounts are written in the file's unit with the decimals they were
//! written with, as TOML numbers, which the loader reads from their literal
//! text. So that other TOML readers, which parse numbers into `i64` and
//! `f64`, get the same values too, a whole amount beyond `i64` or a
//! fraction with more than 15 significant digits (more than an `f64`
//! keeps) is written as a string holding the exact decimal instead.

use std::fmt::Write;

use crate::amount::{Amount, Unit};
use crate::import::ImportOptions;
use crate::import::collect::Collected;

/// The year file for `items`; `source` names the imported file.
pub(crate) fn year_file(options: &ImportOptions, source: &str, items: &[Collected]) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_header(&mut out, options, source);
    for item in items {
        let _ = write_item(&mut out, item, options);
    }
    out
}

fn write_header(out: &mut String, options: &ImportOptions, source: &str) -> std::fmt::Result {
    writeln!(out, "year = {}", options.year)?;
    writeln!(out, "region = {}", toml_string(&options.region))?;
    writeln!(out, "unit = {}", toml_string(options.unit.name()))?;
    if let Some(phase) = &options.phase {
        writeln!(out, "phase = {}", toml_string(phase))?;
    }
    writeln!(out, "source = {}", toml_string(source))
}

fn write_item(out: &mut String, item: &Collected, options: &ImportOptions) -> std::fmt::Result {
    writeln!(out, "\n[[item]]")?;
    writeln!(out, "id = {}", toml_string(&item.id))?;
    writeln!(out, "name = {}", toml_string(&item.name))?;
    writeln!(
        out,
        "category = {}",
        toml_string(&item.category.to_string())
    )?;
    writeln!(out, "amount = {}", toml_amount(item.amount, options.unit))?;
    if let Some(status) = options.status {
        writeln!(out, "status = {}", toml_string(status.name()))?;
    }
    if !item.counts.is_empty() {
        let counts: Vec<String> = item
            .counts
            .iter()
            .map(|count| {
                let value = if count.at_least {
                    toml_string(&count.to_string())
                } else {
                    count.value.to_string()
                };
                format!("{} = {value}", count.name)
            })
            .collect();
        writeln!(out, "counts = {{ {} }}", counts.join(", "))?;
    }
    Ok(())
}

/// A TOML basic string (`"..."`) holding `text` exactly.
pub(crate) fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len().saturating_add(2));
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            // Every hidden character (C1, bidi, zero-width too) as an
            // escape: the file is read on terminals and in reviews.
            c if crate::quote::is_hidden(c) => {
                let _ = write!(quoted, "\\u{:04X}", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Most significant digits of a fraction written as a TOML float: any
/// decimal this short survives a reader's trip through `f64`.
const MAX_FLOAT_DIGITS: usize = 15;

/// The amount in `unit` as a TOML number, or as a string where a number
/// would not be read back exactly by every reader (see the module doc).
fn toml_amount(amount: Amount, unit: Unit) -> String {
    let value = amount.in_unit(unit);
    let digits = value.mantissa().unsigned_abs().to_string();
    let significant = digits.trim_end_matches('0').len();
    let fits = if value.scale() == 0 {
        i64::try_from(value.mantissa()).is_ok()
    } else {
        significant <= MAX_FLOAT_DIGITS
    };
    if fits {
        value.to_string()
    } else {
        toml_string(&value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_str;
    use crate::model::{CategoryPath, Count, Status};

    fn options() -> ImportOptions {
        ImportOptions {
            year: 2025,
            region: "경주시".into(),
            unit: Unit::parse("천원").unwrap(),
            phase: Some("본예산".into()),
            status: Some(Status::Planned),
            maps: Vec::new(),
            filters: Vec::new(),
            sheet: None,
            skip_bad_rows: false,
            sum_duplicates: false,
        }
    }

    fn item(name: &str, amount: &str) -> Collected {
        Collected {
            id: format!("id-{name}"),
            name: name.into(),
            category: CategoryPath::parse("산업/기업").unwrap(),
            amount: Amount::parse_accounting(amount, Unit::parse("천원").unwrap()).unwrap(),
            counts: vec![
                Count {
                    name: "companies".into(),
                    value: 600,
                    at_least: true,
                },
                Count {
                    name: "jobs".into(),
                    value: 12,
                    at_least: false,
                },
            ],
            first_row: 2,
        }
    }

    #[test]
    fn writes_a_year_file_the_loader_reads_back() {
        let tricky = "따옴표 \" 역슬래시 \\ 줄\n바꿈 \u{1b}[31m 탭\t";
        let items = [
            item(tricky, "1,250,000"),
            item("b", "(12.50)"),
            item("c", "99,999,999,999,999,999,999"),
            item("d", "0.1234567890123456"),
        ];
        let text = year_file(&options(), "data \"x\".csv", &items);
        let file = parse_str(&text, "out.toml").unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(file.region, "경주시");
        assert_eq!(file.unit.name(), "천원");
        assert_eq!(file.phase.as_deref(), Some("본예산"));
        assert_eq!(file.source.as_deref(), Some("data \"x\".csv"));
        assert_eq!(file.items[0].name, tricky);
        assert_eq!(file.items[0].status, Status::Planned);
        assert_eq!(file.items[0].counts, items[0].counts);
        for (read, written) in file.items.iter().zip(&items) {
            assert_eq!(read.amount.won(), written.amount.won());
            assert_eq!(read.category, written.category);
        }
        // (12.50) 천원 keeps its two decimals; 10^20 - 1 does not fit an
        // i64; 0.1234567890123456 has 16 significant digits.
        assert!(text.contains("amount = -12.50\n"), "{text}");
        assert!(text.contains("amount = 1250000\n"), "{text}");
        assert!(
            text.contains("amount = \"99999999999999999999\"\n"),
            "{text}"
        );
        assert!(text.contains("amount = \"0.1234567890123456\"\n"), "{text}");
        assert!(text.contains("source = \"data \\\"x\\\".csv\"\n"), "{text}");
    }

    #[test]
    fn strings_are_escaped_for_toml() {
        assert_eq!(toml_string("경주"), "\"경주\"");
        assert_eq!(toml_string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(toml_string("\n\r\t\u{1}\u{7f}"), r#""\n\r\t\u0001\u007F""#);
        // C1 controls, bidi overrides and zero-width characters are
        // escaped too, though TOML allows them as they are.
        assert_eq!(
            toml_string("\u{85}\u{202e}\u{200b}·"),
            r#""\u0085\u202E\u200B·""#
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_back_unchanged(text in ".*") {
            let document = format!("value = {}", toml_string(&text));
            let table: toml::Table = document.parse().expect("valid TOML");
            proptest::prop_assert_eq!(table["value"].as_str(), Some(text.as_str()));
        }
    }
}
