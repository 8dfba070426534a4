//! Reading year files: bytes to text, text to TOML, TOML to a checked
//! [`YearFile`]. Every figure is taken from the literal as written (TOML
//! numbers through their source text), and every error points at a line.

use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::amount::{Amount, Unit};
use crate::error::{LoadError, Problem, quote};
use crate::model::{CategoryPath, Count, Item, Part, Status, YearFile};

const TOP_LEVEL_FIELDS: &[&str] = &["year", "region", "unit", "phase", "source", "item"];
const ITEM_FIELDS: &[&str] = &[
    "id", "name", "category", "amount", "status", "counts", "parts", "note", "source",
];

/// The name standard input goes by in output and errors.
pub const STDIN_NAME: &str = "<stdin>";

/// Loads a budget file from a path, or from standard input for `-`.
pub fn load(path: &str) -> Result<YearFile, LoadError> {
    let bytes = read_bytes(path)?;
    let name = if path == "-" { STDIN_NAME } else { path };
    parse_bytes(&bytes, name)
}

/// Expands directories into the `*.toml` files they hold (sorted by name);
/// other paths are kept as given. A directory without budget files is an
/// error.
pub fn budget_files(inputs: &[String]) -> Result<Vec<String>, LoadError> {
    let mut files = Vec::new();
    for input in inputs {
        if input == "-" || !Path::new(input).is_dir() {
            files.push(input.clone());
            continue;
        }
        let unreadable = |reason: String| LoadError::Unreadable {
            file: input.clone(),
            reason,
        };
        let entries =
            std::fs::read_dir(input).map_err(|e| unreadable(format!("cannot read: {e}")))?;
        let mut found: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "toml") && path.is_file())
            .map(|path| path.to_string_lossy().into_owned())
            .collect();
        if found.is_empty() {
            return Err(unreadable(
                "no budget files (*.toml) in this directory".into(),
            ));
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

fn read_bytes(path: &str) -> Result<Vec<u8>, LoadError> {
    let unreadable = |reason: String| LoadError::Unreadable {
        file: if path == "-" { STDIN_NAME } else { path }.to_owned(),
        reason,
    };
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(format!("cannot read standard input: {e}")))?;
        return Ok(bytes);
    }
    if Path::new(path).is_dir() {
        return Err(unreadable(
            "is a directory, not a budget file (name a .toml file)".into(),
        ));
    }
    std::fs::read(path).map_err(|e| {
        unreadable(match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".into(),
            std::io::ErrorKind::PermissionDenied => "permission denied".into(),
            _ => format!("cannot read: {e}"),
        })
    })
}

/// Parses a budget file's bytes; `file` names it in errors.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<YearFile, LoadError> {
    let text = decode_utf8(bytes, file)?;
    parse_str(text, file)
}

fn decode_utf8<'b>(bytes: &'b [u8], file: &str) -> Result<&'b str, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        let (_, _, had_errors) = encoding_rs::EUC_KR.decode(bytes);
        LoadError::invalid(
            file,
            line,
            column,
            Problem::NotUtf8 {
                looks_like_cp949: !had_errors,
            },
        )
    })
}

/// Parses a budget file's text; `file` names it in errors.
pub fn parse_str(text: &str, file: &str) -> Result<YearFile, LoadError> {
    let reader = Reader {
        file,
        lines: LineIndex::new(text),
    };
    let root = DeTable::parse(text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        reader.error(&span, Problem::Syntax(first_line(error.message())))
    })?;
    reader.year_file(root.as_ref(), root.span())
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_owned()
}

/// Byte offsets of line starts, to turn spans into line and column.
struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        (line, column)
    }
}

/// Walks the parsed TOML and builds the checked model.
struct Reader<'a> {
    file: &'a str,
    lines: LineIndex<'a>,
}

type Value<'i> = Spanned<DeValue<'i>>;

/// The fields of one TOML table, checked against the ones allowed there.
struct Fields<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    name: String,
}

impl<'t, 'i> Fields<'t, 'i> {
    fn get(&self, field: &str) -> Option<&'t Value<'i>> {
        self.table.get(field)
    }
}

impl<'a> Reader<'a> {
    fn error(&self, span: &Range<usize>, problem: Problem) -> LoadError {
        let (line, column) = self.lines.position(span.start);
        LoadError::invalid(self.file, line, column, problem)
    }

    fn fields<'t, 'i>(
        &self,
        table: &'t DeTable<'i>,
        span: Range<usize>,
        name: String,
        allowed: &[&str],
    ) -> Result<Fields<'t, 'i>, LoadError> {
        for key in table.keys() {
            if !allowed.contains(&key.as_ref().as_ref()) {
                return Err(self.error(
                    &key.span(),
                    Problem::UnknownField {
                        field: key.as_ref().to_string(),
                        table: name,
                        suggestion: nearest(key.as_ref(), allowed),
                    },
                ));
            }
        }
        Ok(Fields { table, span, name })
    }

    fn required<'t, 'i>(
        &self,
        fields: &Fields<'t, 'i>,
        field: &'static str,
    ) -> Result<&'t Value<'i>, LoadError> {
        fields.get(field).ok_or_else(|| {
            self.error(
                &fields.span,
                Problem::MissingField {
                    field,
                    table: fields.name.clone(),
                },
            )
        })
    }

    fn year_file(&self, root: &DeTable<'_>, span: Range<usize>) -> Result<YearFile, LoadError> {
        let fields = self.fields(root, span, "the top level".into(), TOP_LEVEL_FIELDS)?;
        let year = self.integer("year", self.required(&fields, "year")?)?;
        let region = self.text("region", self.required(&fields, "region")?)?;
        let unit = match fields.get("unit") {
            Some(value) => self.unit(value)?,
            None => Unit::WON,
        };
        let phase = self.optional_text(&fields, "phase")?;
        let source = self.optional_text(&fields, "source")?;
        let items = match fields.get("item") {
            Some(value) => self.items(value, unit)?,
            None => Vec::new(),
        };
        Ok(YearFile {
            path: self.file.to_owned(),
            year,
            region,
            unit,
            phase,
            source,
            items,
        })
    }

    fn items(&self, value: &Value<'_>, unit: Unit) -> Result<Vec<Item>, LoadError> {
        let DeValue::Array(array) = value.as_ref() else {
            return Err(self.wrong_type("item", "an array of tables ([[item]])", value));
        };
        let mut first_line_of_id: HashMap<String, usize> = HashMap::new();
        let mut items = Vec::with_capacity(array.len());
        for element in array.iter() {
            let item = self.item(element, unit)?;
            if let Some(&first_line) = first_line_of_id.get(&item.id) {
                let id_span = element
                    .as_ref()
                    .as_table()
                    .and_then(|t| t.get("id"))
                    .map_or(element.span(), Spanned::span);
                return Err(self.error(
                    &id_span,
                    Problem::DuplicateId {
                        id: item.id,
                        first_line,
                    },
                ));
            }
            first_line_of_id.insert(item.id.clone(), item.line);
            items.push(item);
        }
        Ok(items)
    }

    fn item(&self, element: &Value<'_>, unit: Unit) -> Result<Item, LoadError> {
        let DeValue::Table(table) = element.as_ref() else {
            return Err(self.wrong_type("item", "a table ([[item]])", element));
        };
        let span = header_span(table, element.span());
        let fields = self.fields(table, span.clone(), "[[item]]".into(), ITEM_FIELDS)?;
        let id = self.text("id", self.required(&fields, "id")?)?;
        let name = self.text("name", self.required(&fields, "name")?)?;
        let category = self.category(self.required(&fields, "category")?)?;
        let amount = self.amount("amount", self.required(&fields, "amount")?, unit)?;
        let status = match fields.get("status") {
            Some(value) => self.status(value)?,
            None => Status::Actual,
        };
        let counts = match fields.get("counts") {
            Some(value) => self.counts(value)?,
            None => Vec::new(),
        };
        let parts = match fields.get("parts") {
            Some(value) => self.parts(value, unit)?,
            None => Vec::new(),
        };
        Ok(Item {
            id,
            name,
            category,
            amount,
            status,
            counts,
            parts,
            note: self.optional_text(&fields, "note")?,
            source: self.optional_text(&fields, "source")?,
            line: self.lines.position(span.start).0,
        })
    }

    fn integer(&self, field: &str, value: &Value<'_>) -> Result<i64, LoadError> {
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

    fn text(&self, field: &str, value: &Value<'_>) -> Result<String, LoadError> {
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

    fn optional_text(
        &self,
        fields: &Fields<'_, '_>,
        field: &str,
    ) -> Result<Option<String>, LoadError> {
        fields
            .get(field)
            .map(|value| self.text(field, value))
            .transpose()
    }

    fn unit(&self, value: &Value<'_>) -> Result<Unit, LoadError> {
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

    fn category(&self, value: &Value<'_>) -> Result<CategoryPath, LoadError> {
        let text = self.text("category", value)?;
        CategoryPath::parse(&text).ok_or_else(|| {
            self.error(
                &value.span(),
                Problem::BadText {
                    field: "category".into(),
                    value: quote(&text),
                    reason: "has an empty segment (write paths like `finance/loans`)",
                },
            )
        })
    }

    fn status(&self, value: &Value<'_>) -> Result<Status, LoadError> {
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

    fn amount(&self, field: &str, value: &Value<'_>, unit: Unit) -> Result<Amount, LoadError> {
        let (written, parsed) = match value.as_ref() {
            DeValue::Integer(integer) if integer.radix() == 10 => (
                integer.as_str(),
                Amount::from_toml_literal(integer.as_str(), unit),
            ),
            DeValue::Float(float) => (
                float.as_str(),
                Amount::from_toml_literal(float.as_str(), unit),
            ),
            DeValue::String(text) => (text.as_ref(), Amount::parse(text, unit)),
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

    fn counts(&self, value: &Value<'_>) -> Result<Vec<Count>, LoadError> {
        let DeValue::Table(table) = value.as_ref() else {
            return Err(self.wrong_type(
                "counts",
                "a table such as { companies = \"600+\" }",
                value,
            ));
        };
        table
            .iter()
            .map(|(key, count)| {
                let field = format!("counts.{}", key.as_ref());
                let (value, at_least) = self.count(&field, count)?;
                Ok(Count {
                    name: key.as_ref().to_string(),
                    value,
                    at_least,
                })
            })
            .collect()
    }

    fn count(&self, field: &str, value: &Value<'_>) -> Result<(u64, bool), LoadError> {
        let bad = |written: &str, reason| {
            self.error(
                &value.span(),
                Problem::BadCount {
                    field: field.into(),
                    value: quote(written),
                    reason,
                },
            )
        };
        let (written, at_least) = match value.as_ref() {
            DeValue::Integer(integer) => (integer.as_str().to_owned(), false),
            DeValue::String(text) => match text.trim().strip_suffix('+') {
                Some(number) => (number.trim().replace(',', ""), true),
                None => (text.trim().replace(',', ""), false),
            },
            _ => {
                return Err(self.wrong_type(
                    field,
                    "a whole number or a string such as \"600+\"",
                    value,
                ));
            }
        };
        if written.starts_with('-') {
            return Err(bad(&written, "counts cannot be negative"));
        }
        match written.parse::<u64>() {
            Ok(0) => Err(bad(
                &written,
                "counts must be at least 1 (leave the count out instead)",
            )),
            Ok(number) => Ok((number, at_least)),
            Err(_) => Err(bad(
                &written,
                "write a whole number, optionally followed by `+`",
            )),
        }
    }

    fn parts(&self, value: &Value<'_>, unit: Unit) -> Result<Vec<Part>, LoadError> {
        let DeValue::Table(table) = value.as_ref() else {
            return Err(self.wrong_type("parts", "a table such as { additional = 24.2 }", value));
        };
        table
            .iter()
            .map(|(key, amount)| {
                let field = format!("parts.{}", key.as_ref());
                Ok(Part {
                    name: key.as_ref().to_string(),
                    amount: self.amount(&field, amount, unit)?,
                })
            })
            .collect()
    }

    fn wrong_type(&self, field: &str, expected: &'static str, value: &Value<'_>) -> LoadError {
        self.error(
            &value.span(),
            Problem::WrongType {
                field: field.into(),
                expected,
                found: value.as_ref().type_str(),
            },
        )
    }
}

/// Where an `[[item]]` table starts: its span, or failing that its first key.
fn header_span(table: &DeTable<'_>, span: Range<usize>) -> Range<usize> {
    let first_key = table.keys().map(|k| k.span()).min_by_key(|s| s.start);
    match first_key {
        Some(key) if span.start > key.start || span.is_empty() => key,
        _ => span,
    }
}

/// The allowed name closest to a misspelt one, if any is close.
fn nearest(word: &str, candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .map(|&c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(distance, candidate)| distance <= (candidate.chars().count() / 3).max(1))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "year = 2025\nregion = \"Gyeongju\"\nunit = \"billion won\"\n";

    fn parse(text: &str) -> Result<YearFile, LoadError> {
        parse_str(text, "t.toml")
    }

    fn error_text(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn reads_a_minimal_file() {
        let file = parse(MINIMAL).unwrap();
        assert_eq!(file.year, 2025);
        assert_eq!(file.region, "Gyeongju");
        assert_eq!(file.unit.name(), "billion won");
        assert!(file.items.is_empty());
    }

    #[test]
    fn unit_defaults_to_won() {
        let file = parse("year = 2025\nregion = \"x\"\n").unwrap();
        assert_eq!(file.unit, Unit::WON);
    }

    #[test]
    fn reads_items_with_every_field() {
        let text = format!(
            "{MINIMAL}\n[[item]]\nid = \"loans\"\nname = \"Loans\"\ncategory = \"finance/loans\"\n\
             amount = 264.6\nstatus = \"planned\"\ncounts = {{ companies = \"600+\", jobs = 12 }}\n\
             parts = {{ carried-over = 240.4, additional = \"24.2 billion won\" }}\nnote = \"n\"\nsource = \"s\"\n"
        );
        let file = parse(&text).unwrap();
        let item = &file.items[0];
        assert_eq!(item.line, 5);
        assert_eq!(item.amount.won().to_string(), "264600000000");
        assert_eq!(item.status, Status::Planned);
        assert_eq!(item.category.segments(), ["finance", "loans"]);
        assert_eq!(item.counts[0].to_string(), "600+");
        assert_eq!(item.counts[1].to_string(), "12");
        assert_eq!(item.parts[0].name, "carried-over");
        assert_eq!(item.parts[1].amount.won().to_string(), "24200000000");
    }

    #[test]
    fn unknown_fields_are_named_with_a_suggestion() {
        let text = format!(
            "{MINIMAL}\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\nammount = 1\n"
        );
        assert_eq!(
            error_text(&text),
            "t.toml:9:1: unknown field `ammount` in [[item]]; did you mean `amount`?"
        );
        assert_eq!(
            error_text("yaer = 2025\nregion = \"x\"\n"),
            "t.toml:1:1: unknown field `yaer` in the top level; did you mean `year`?"
        );
    }

    #[test]
    fn missing_fields_point_at_the_table() {
        let text = format!("{MINIMAL}\n[[item]]\nid = \"a\"\nname = \"A\"\namount = 1\n");
        assert_eq!(
            error_text(&text),
            "t.toml:5:1: missing required field `category` in [[item]]"
        );
        assert!(error_text("region = \"x\"\n").contains("missing required field `year`"));
    }

    #[test]
    fn duplicate_ids_name_both_lines() {
        let item = "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\n";
        let text = format!("{MINIMAL}\n{item}\n{item}");
        assert_eq!(
            error_text(&text),
            "t.toml:12:6: duplicate id `a`: first used at line 5"
        );
    }

    #[test]
    fn bad_amounts_quote_the_value() {
        let text = format!(
            "{MINIMAL}\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = \"12 bilion\"\n"
        );
        assert_eq!(
            error_text(&text),
            "t.toml:9:10: `amount` = \"12 bilion\" has an unknown unit `bilion`; did you mean `billion won`?"
        );
    }

    #[test]
    fn wrong_types_say_what_was_expected() {
        assert_eq!(
            error_text("year = \"2025\"\nregion = \"x\"\n"),
            "t.toml:1:8: `year` must be an integer, found string"
        );
    }

    #[test]
    fn counts_must_be_positive_whole_numbers() {
        let with_count = |count: &str| {
            format!(
                "{MINIMAL}[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\ncounts = {{ companies = {count} }}\n"
            )
        };
        assert!(error_text(&with_count("0")).contains("counts must be at least 1"));
        assert!(error_text(&with_count("-3")).contains("counts cannot be negative"));
        assert!(error_text(&with_count("\"many\"")).contains("write a whole number"));
        assert!(error_text(&with_count("1.5")).contains("must be a whole number"));
        let file = parse(&with_count("\"1,200+\"")).unwrap();
        assert_eq!(file.items[0].counts[0].value, 1200);
        assert!(file.items[0].counts[0].at_least);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let message = error_text("year = 2025\nregion = \"x\nunit = 3\n");
        assert!(message.starts_with("t.toml:2:"), "{message}");
        assert!(message.contains("TOML syntax error"), "{message}");
    }

    #[test]
    fn cp949_bytes_are_recognised() {
        let (bytes, _, _) = encoding_rs::EUC_KR.encode("year = 2025\nregion = \"경주\"\n");
        let message = parse_bytes(&bytes, "k.toml").unwrap_err().to_string();
        assert_eq!(
            message,
            "k.toml:2:11: not valid UTF-8; the bytes look like CP949/EUC-KR: convert with `iconv -f cp949 -t utf-8`"
        );
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(MINIMAL.as_bytes());
        assert_eq!(parse_bytes(&bytes, "b.toml").unwrap().year, 2025);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let index = LineIndex::new("가나다 = 1\nx");
        assert_eq!(index.position(10), (1, 5));
        assert_eq!(index.position(14), (2, 1));
    }
}
