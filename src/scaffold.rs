//! Next year's file from this year's (`new`): the same region, unit, ids,
//! names, categories and counts, every amount carried over for editing,
//! and every item `planned`, with the file's comments and layout kept.
//!
//! The text is edited in place with `toml_edit`, so only the values that
//! change are rewritten: `year`, `phase` and each item's `status`. The
//! phase becomes a planned one in the file's own language and spelling: a
//! phase that already names a plan or a passed budget (`planned`,
//! `original`, `본예산`, `예산안`) is kept as written, another Korean one
//! (`결산`, `제1회 추경`) becomes `본예산`, anything else `planned`. Targets and caps keep their status: a target or a cap
//! is still one next year. What the publisher printed about this year
//! (`[[total]]` tables, an item's `stated` figures) is dropped, since it
//! would not hold for the new year.
//!
//! A large file is edited a piece at a time ([`pieces`]), to the same text.
#![warn(clippy::arithmetic_side_effects)]

use std::cmp::Ordering;

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

use crate::error::LoadError;
use crate::load::parse_bytes;
use crate::load::progress::{Progress, Silent};
use crate::model::Status;

mod pieces;

pub use pieces::{Plan, Written, plan, write_in_pieces};

/// The phase of a file made by `new` from a file without one, or with
/// one in English that is not a plan.
pub const NEW_PHASE: &str = "planned";

/// The phase of a file made by `new` from one written in Korean.
pub const NEW_PHASE_KOREAN: &str = "본예산";

/// Spellings of a phase that is still a plan next year (compared in lower
/// case, without spaces, `-` or `_`).
const PLAN_PHASES: &[&str] = &[
    "planned", "plan", "original", "passed", "enacted", "adopted", "approved", "proposal",
    "proposed", "draft",
];

/// Korean words of a plan or passed budget, found anywhere in the phase;
/// a supplementary budget, final budget or settlement is not one.
const KOREAN_PLAN_WORDS: &[&str] = &["본예산", "당초", "예산안", "정부안", "편성안", "계획"];
const KOREAN_LATER_WORDS: &[&str] = &["추경", "추가경정", "최종", "결산"];

/// The phase of next year's file, in the language and spelling of this
/// year's `phase`.
pub fn next_phase(phase: Option<&str>) -> String {
    let Some(phase) = phase else {
        return NEW_PHASE.to_owned();
    };
    let key: String = phase
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .collect();
    let has = |words: &[&str]| words.iter().any(|word| key.contains(word));
    let korean = phase.chars().any(|c| ('가'..='힣').contains(&c));
    if PLAN_PHASES.contains(&key.as_str()) || (has(KOREAN_PLAN_WORDS) && !has(KOREAN_LATER_WORDS)) {
        phase.to_owned()
    } else if korean {
        NEW_PHASE_KOREAN.to_owned()
    } else {
        NEW_PHASE.to_owned()
    }
}

/// Printed figures that belong to one year only.
const TOP_LEVEL_DROPPED: &[&str] = &["total"];
const ITEM_DROPPED: &[&str] = &["stated"];

/// A new year file, and what the user should know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextYear {
    pub text: String,
    pub warnings: Vec<String>,
}

/// Why no new file could be made.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The model file does not load.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The file made does not load: a defect of `new`, never of the input.
    #[error("{}: the new file for {year} would not load ({}); please report this", crate::quote::visible(.file), crate::quote::visible(.reason))]
    Unloadable {
        file: String,
        year: i64,
        reason: String,
    },
    /// The model file loads, but its text cannot be edited in place.
    #[error(
        "{}:{line}:{column}: `new` cannot edit this file in place: {reason}",
        crate::quote::visible(.file)
    )]
    Uneditable {
        file: String,
        line: usize,
        column: usize,
        reason: String,
    },
}

/// Makes the file for `year` from the bytes of a year file named `file`.
pub fn next_year(bytes: &[u8], file: &str, year: i64) -> Result<NextYear, ScaffoldError> {
    next_year_reporting(bytes, file, year, &Silent)
}

/// [`next_year`], telling `progress` how it goes in `bytes.len()` bytes:
/// a quarter for each pass over the text (reading it, reading it for
/// editing, writing it, reading the new file), since each pass takes time
/// in step with the file's size.
pub fn next_year_reporting(
    bytes: &[u8],
    file: &str,
    year: i64,
    progress: &dyn Progress,
) -> Result<NextYear, ScaffoldError> {
    let size = bytes.len() as u64;
    let quarter = size / 4;
    let model = parse_bytes(bytes, file)?;
    progress.advance(quarter);
    let text = String::from_utf8_lossy(bytes);
    let (mut document, mut warnings) = editable(text.trim_start_matches('\u{feff}'), file)?;
    progress.advance(quarter);
    set_year_and_phase(
        document.as_table_mut(),
        year,
        &next_phase(model.phase.as_deref()),
    );
    for name in TOP_LEVEL_DROPPED {
        document.remove(name);
    }
    plan_items(document.as_table_mut());
    let text = with_note(&document.to_string(), file, model.year);
    progress.advance(quarter);
    parse_bytes(text.as_bytes(), file).map_err(|error| ScaffoldError::Unloadable {
        file: file.to_owned(),
        year,
        reason: error.to_string(),
    })?;
    // The three quarters above are at most `size`.
    progress.advance(size.saturating_sub(quarter.saturating_mul(3)));
    if year <= model.year {
        warnings.push(format!(
            "{}: the new year {year} is not after the file's year {}",
            crate::quote::visible(file),
            model.year
        ));
    }
    Ok(NextYear { text, warnings })
}

/// The text as a `toml_edit` document. The loader reads integers of any
/// length exactly (an amount of 28 digits, a count up to 2^64 - 1), while
/// `toml_edit` holds 64-bit signed integers only: such a number is written
/// as a string of the same digits, which the loader reads the same, with a
/// warning naming where.
fn editable(original: &str, file: &str) -> Result<(DocumentMut, Vec<String>), ScaffoldError> {
    let mut text = original.to_owned();
    let mut warnings = Vec::new();
    // Each turn quotes one literal: two quotes added, its underscores
    // dropped. The first error is always past the literals quoted before
    // it, so undoing those changes finds its place in the original text,
    // where the user looks for it.
    let (mut added, mut dropped) = (0usize, 0usize);
    loop {
        let error = match text.parse::<DocumentMut>() {
            Ok(document) => return Ok((document, warnings)),
            Err(error) => error,
        };
        let span = error.span().unwrap_or(0..0);
        let at = span.start.saturating_add(dropped).saturating_sub(added);
        let (line, column) = line_and_column(original, at);
        let literal = text.get(span.clone()).unwrap_or("");
        let digits = literal.trim_start_matches(['+', '-']);
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '_') {
            return Err(ScaffoldError::Uneditable {
                file: file.to_owned(),
                line,
                column,
                reason: error.message().to_owned(),
            });
        }
        let quoted = format!("\"{}\"", literal.replace('_', ""));
        warnings.push(format!(
            "{}:{line}:{column}: {literal} is written as the string {quoted} in the new file \
             (the same figure; an integer this long cannot be edited in place)",
            crate::quote::visible(file)
        ));
        dropped = dropped.saturating_add(literal.matches('_').count());
        text.replace_range(span, &quoted);
        added = added.saturating_add(2);
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |at| at.saturating_add(1));
    let line = before.matches('\n').count().saturating_add(1);
    let column = before
        .get(line_start..)
        .map_or(0, |rest| rest.chars().count())
        .saturating_add(1);
    (line, column)
}

fn set_year_and_phase(root: &mut Table, year: i64, phase: &str) {
    if let Some(value) = root.get_mut("year").and_then(Item::as_value_mut) {
        replace_keeping_decor(value, year);
    }
    match root.get_mut("phase").and_then(Item::as_value_mut) {
        Some(value) => replace_keeping_decor(value, phase),
        None => {
            root.insert("phase", toml_edit::value(phase));
            let after = ["unit", "region", "year"]
                .into_iter()
                .find(|key| root.contains_key(key))
                .unwrap_or("year");
            let placement = Placement::new(root.iter().map(|(key, _)| key), "phase", after);
            root.sort_values_by(|a, _, b, _| placement.compare(a.get(), b.get()));
        }
    }
}

/// Every item's status becomes `planned`, except targets and caps.
fn plan_items(root: &mut Table) {
    match root.get_mut("item") {
        Some(Item::ArrayOfTables(items)) => items.iter_mut().for_each(plan_table),
        Some(Item::Value(Value::Array(items))) => items
            .iter_mut()
            .filter_map(Value::as_inline_table_mut)
            .for_each(plan_inline_table),
        _ => {}
    }
}

fn plan_table(item: &mut Table) {
    for name in ITEM_DROPPED {
        item.remove(name);
    }
    if let Some(value) = item.get_mut("status").and_then(Item::as_value_mut) {
        plan_status(value);
        return;
    }
    item.insert("status", toml_edit::value(Status::Planned.name()));
    let placement = Placement::new(item.iter().map(|(key, _)| key), "status", "amount");
    item.sort_values_by(|a, _, b, _| placement.compare(a.get(), b.get()));
}

fn plan_inline_table(item: &mut InlineTable) {
    for name in ITEM_DROPPED {
        item.remove(name);
    }
    if let Some(value) = item.get_mut("status") {
        plan_status(value);
        return;
    }
    let mut status: Value = Status::Planned.name().into();
    // Going last, the new value takes over the space before the `}`.
    if item.iter().last().is_some_and(|(key, _)| key == "amount")
        && let Some(amount) = item.get_mut("amount")
    {
        let suffix = amount.decor().suffix().cloned();
        amount.decor_mut().set_suffix("");
        if let Some(suffix) = suffix {
            status.decor_mut().set_suffix(suffix);
        }
    }
    item.insert("status", status);
    let placement = Placement::new(item.iter().map(|(key, _)| key), "status", "amount");
    item.sort_values_by(|a, _, b, _| placement.compare(a.get(), b.get()));
}

fn plan_status(value: &mut Value) {
    let keeps = value
        .as_str()
        .and_then(Status::parse)
        .is_some_and(|status| !status.enters_totals());
    if !keeps {
        replace_keeping_decor(value, Status::Planned.name());
    }
}

/// A value's new content, with the spaces and comment around it kept.
fn replace_keeping_decor(value: &mut Value, content: impl Into<Value>) {
    let decor = value.decor().clone();
    *value = content.into();
    *value.decor_mut() = decor;
}

/// An ordering of keys that keeps their order and puts `new` right after
/// `after` (or last when `after` is absent).
struct Placement {
    keys: Vec<String>,
    new: &'static str,
    slot: usize,
}

impl Placement {
    fn new<'k>(keys: impl Iterator<Item = &'k str>, new: &'static str, after: &str) -> Self {
        let keys: Vec<String> = keys.filter(|k| *k != new).map(str::to_owned).collect();
        let slot = keys.iter().position(|k| k == after).unwrap_or(keys.len());
        Placement { keys, new, slot }
    }

    fn compare(&self, a: &str, b: &str) -> Ordering {
        self.rank(a).cmp(&self.rank(b))
    }

    fn rank(&self, key: &str) -> (usize, Ordering) {
        if key == self.new {
            (self.slot, Ordering::Greater)
        } else {
            let index = self.keys.iter().position(|k| k == key);
            (index.unwrap_or(usize::MAX), Ordering::Equal)
        }
    }
}

/// A comment saying where the file came from, after a `#:schema`
/// directive (which editors read only on the first line).
fn with_note(text: &str, file: &str, model_year: i64) -> String {
    // The name is shown visibly: a line break in it would end the comment
    // and put the rest of the name into the file as TOML.
    let note = format!(
        "# Started from {} by `gyeongju-budget new`: the amounts are {model_year}'s, to be edited.\n",
        crate::quote::visible(file)
    );
    match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("#:schema") => format!("{first}\n{note}{rest}"),
        _ => format!("{note}{text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_cannot_add_lines_to_the_new_file() {
        let text = with_note("year = 2026\n", "x\n[[item]]\nid = \"evil\".toml", 2026);
        assert_eq!(
            text,
            "# Started from x\\u{a}[[item]]\\u{a}id = \"evil\".toml by `gyeongju-budget new`: \
             the amounts are 2026's, to be edited.\nyear = 2026\n"
        );
    }

    fn next(text: &str) -> String {
        next_year(text.as_bytes(), "t.toml", 2027).unwrap().text
    }

    const ITEM: &str = "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\n";

    fn warnings_of(text: &str) -> Vec<String> {
        next_year(text.as_bytes(), "t.toml", 2027).unwrap().warnings
    }

    #[test]
    fn integers_beyond_64_bits_are_placed_where_the_file_has_them() {
        // Line 8 `amount = 1_000...`: the digits start after the 9
        // characters of `amount = `, column 10. Line 9 `counts = { a = 1...,
        // b = 3... }`: `counts = { a = ` is 15 characters (column 16), and
        // `, b = ` follows the 20 digits of a, so b starts at 16 + 20 + 6 =
        // column 42. Quoting the earlier literals (two quotes added, the
        // underscores dropped) must not move these places.
        let text = format!(
            "year = 2026\nregion = \"R\"\nunit = \"won\"\n{ITEM}amount = 1_000_000_000_000_000_000_000\n\
             counts = {{ a = 18446744073709551615, b = 18446744073709551614 }}\n"
        );
        let places: Vec<String> = warnings_of(&text)
            .iter()
            .filter(|warning| warning.contains("is written as the string"))
            .map(|warning| warning.split(": ").next().unwrap().to_owned())
            .collect();
        assert_eq!(places, ["t.toml:8:10", "t.toml:9:16", "t.toml:9:42"]);
    }

    #[test]
    fn the_phase_keeps_the_files_language_and_spelling() {
        // Already a plan or a passed budget: kept as written.
        for kept in [
            "본예산",
            "2026년 본예산",
            "예산안",
            "당초예산",
            "planned",
            "original",
            "Proposed",
        ] {
            assert_eq!(next_phase(Some(kept)), kept);
        }
        // Korean phases of a later stage: the Korean planned budget.
        for korean in ["결산", "제1회 추경", "최종예산", "추경예산", "집행"] {
            assert_eq!(next_phase(Some(korean)), "본예산", "{korean}");
        }
        assert_eq!(next_phase(Some("executed")), "planned");
        assert_eq!(next_phase(Some("supplementary-1")), "planned");
        assert_eq!(next_phase(None), "planned");
    }

    #[test]
    fn new_writes_a_korean_phase_for_a_korean_file() {
        let made = next(&format!(
            "year = 2026\nregion = \"경주시\"\nphase = \"결산\" # 확정\n\n{ITEM}amount = 1\n"
        ));
        assert!(made.contains("phase = \"본예산\" # 확정\n"), "{made}");
        let made = next(&format!(
            "year = 2026\nregion = \"경주시\"\nphase = \"본예산\"\n\n{ITEM}amount = 1\n"
        ));
        assert!(made.contains("phase = \"본예산\"\n"), "{made}");
    }

    #[test]
    fn year_phase_and_statuses_change_and_nothing_else() {
        let text = format!(
            "# about\nyear = 2026 # the year\nregion = \"R\"\nunit = \"억원\"\nphase = \"executed\"\n\n\
             {ITEM}amount = 1.50 # as printed\nstatus = \"actual\"\n\n\
             [[item]]\nid = \"t\"\nname = \"T\"\ncategory = \"c\"\namount = \"1조\"\nstatus = \"target\"\n"
        );
        assert_eq!(
            next(&text),
            format!(
                "# Started from t.toml by `gyeongju-budget new`: the amounts are 2026's, to be edited.\n\
                 # about\nyear = 2027 # the year\nregion = \"R\"\nunit = \"억원\"\nphase = \"planned\"\n\n\
                 {ITEM}amount = 1.50 # as printed\nstatus = \"planned\"\n\n\
                 [[item]]\nid = \"t\"\nname = \"T\"\ncategory = \"c\"\namount = \"1조\"\nstatus = \"target\"\n"
            )
        );
    }

    #[test]
    fn a_missing_phase_or_status_is_added_in_its_place() {
        let text = format!(
            "year = 2026\nregion = \"R\"\nsource = \"s\"\n\n{ITEM}amount = 3\nnote = \"n\"\n"
        );
        let made = next(&text);
        assert!(
            made.contains("year = 2027\nregion = \"R\"\nphase = \"planned\"\nsource = \"s\"\n"),
            "{made}"
        );
        assert!(
            made.contains("amount = 3\nstatus = \"planned\"\nnote = \"n\"\n"),
            "{made}"
        );
    }

    #[test]
    fn inline_items_are_planned_too() {
        let text = "year = 2026\nregion = \"R\"\nitem = [\n  { id = \"a\", name = \"A\", category = \"c\", amount = 1 },\n  { id = \"b\", name = \"B\", category = \"c\", amount = 2, status = \"cap\" },\n]\n";
        let made = next(text);
        assert!(
            made.contains(
                "{ id = \"a\", name = \"A\", category = \"c\", amount = 1, status = \"planned\" }"
            ),
            "{made}"
        );
        assert!(made.contains("amount = 2, status = \"cap\" }"), "{made}");
    }

    #[test]
    fn a_schema_directive_stays_on_the_first_line() {
        let made = next("#:schema ./budget.schema.json\nyear = 2026\nregion = \"R\"\n");
        assert!(
            made.starts_with("#:schema ./budget.schema.json\n# Started from t.toml"),
            "{made}"
        );
    }

    #[test]
    fn figures_printed_for_one_year_are_dropped() {
        // The editing step on its own, on a document the loader would
        // refuse (an item with only an id and `stated`), so that only the
        // dropping is under test.
        let mut document: DocumentMut =
            "year = 2026\n[[item]]\nid = \"a\"\nstated = { change = 1 }\n\n[[total]]\namount = 3\n"
                .parse()
                .unwrap();
        for name in TOP_LEVEL_DROPPED {
            document.remove(name);
        }
        plan_items(document.as_table_mut());
        assert_eq!(
            document.to_string(),
            "year = 2026\n[[item]]\nid = \"a\"\nstatus = \"planned\"\n"
        );
    }

    #[test]
    fn a_year_that_is_not_later_is_a_warning() {
        let made = next_year(b"year = 2028\nregion = \"R\"\n", "t.toml", 2027).unwrap();
        assert_eq!(
            made.warnings,
            ["t.toml: the new year 2027 is not after the file's year 2028"]
        );
    }

    #[test]
    fn a_file_that_does_not_load_is_refused() {
        let error = next_year(b"year = 2026\n", "t.toml", 2027).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("missing required field `region`")
        );
    }
}
