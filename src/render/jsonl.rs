//! JSON Lines: one flat JSON object per item row, for loading into DuckDB,
//! pandas or Spark. Amounts are exact decimal strings in won, as in JSON
//! (each line says so in `unit`); every line of one command has the same
//! keys (`null` where a value does not apply), so readers infer one table.
//! Every key is described in `docs/output-formats.md`.
//!
//! - `summarize`: one line per item (targets and caps included, with their
//!   status), and per row of items folded by `--top` (kind `others`).
//! - `diff`: one line per compared item (and folded row).
//! - `trend`: one line per item and period with a value: the long format
//!   that `GROUP BY year` wants.
//!
//! `diff` and `trend` also write the totals the files print (`[[total]]`)
//! as lines of kind `printed_total`, `in_totals` false, so that JSON Lines
//! keeps every figure JSON has that the items cannot give.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::Amount;
use crate::diff::{Change, ChangeStatus, Diff, DiffRow, ItemChange};
use crate::model::{CategoryPath, Status};
use crate::render::exact_text::push_decimal;
use crate::render::{DisplayOptions, RenderError, Renderer, RowsRenderer};
use crate::summary::{ItemRow, Row, Summary};
use crate::trend::{Period, Series, Trend, TrendRow};

pub struct JsonlRenderer;

/// One line of `summarize`.
#[derive(Serialize)]
struct SummaryLine<'a> {
    file: &'a str,
    year: i64,
    region: &'a str,
    phase: Option<&'a str>,
    kind: &'static str,
    id: Option<&'a str>,
    name: Option<&'a str>,
    category: String,
    status: Option<Status>,
    /// False for targets, caps, memo figures and printed totals, which
    /// never enter totals.
    in_totals: bool,
    amount: Amount,
    unit: &'static str,
    share_pct: Option<Decimal>,
    /// How many items a row of kind `others` stands for.
    items: usize,
    /// True for a memo figure (`memo = true`): with `in_totals` false, it
    /// tells memo figures from targets and caps.
    memo: bool,
}

/// One line of `diff`.
#[derive(Serialize)]
struct DiffLine<'a> {
    old_file: &'a str,
    new_file: &'a str,
    old_year: i64,
    new_year: i64,
    kind: &'static str,
    id: Option<&'a str>,
    name: Option<&'a str>,
    old_name: Option<&'a str>,
    category: String,
    old_category: Option<String>,
    old_status: Option<Status>,
    new_status: Option<Status>,
    change_status: ChangeStatus,
    /// False for targets, caps, memo figures and printed totals, which
    /// never enter totals.
    in_totals: bool,
    old: Option<Amount>,
    new: Option<Amount>,
    change: Option<Amount>,
    unit: &'static str,
    change_pct: Option<Decimal>,
    /// How many items the line stands for; 0 for a printed total.
    items: usize,
    /// True for a memo figure on either side (`memo = true`).
    memo: bool,
}

/// One line of `trend`.
#[derive(Serialize)]
struct TrendLine<'a> {
    file: &'a str,
    year: i64,
    phase: Option<&'a str>,
    period: &'a str,
    kind: &'static str,
    id: Option<&'a str>,
    name: Option<&'a str>,
    category: String,
    /// False for targets, caps, memo figures and printed totals, which
    /// never enter totals.
    in_totals: bool,
    amount: Amount,
    unit: &'static str,
    /// How many items the line stands for; 0 for a printed total.
    items: usize,
    /// True for a memo figure in some period (`memo = true`).
    memo: bool,
}

/// JSON Lines amounts are always in the base unit of the file's currency
/// (won, yen, dollars), whatever `--unit` says; a trend line takes its
/// period's (see `at_period`), this is only the placeholder before it.
const UNIT: &str = "won";

impl Renderer for JsonlRenderer {
    fn summaries(
        &self,
        summaries: &[Summary],
        _options: &DisplayOptions,
    ) -> Result<String, RenderError> {
        let mut text = Vec::new();
        for summary in summaries {
            push_summary_rows(&mut text, summary, &summary.rows, &summary.excluded)?;
        }
        Ok(String::from_utf8(text).expect("JSON of UTF-8 text is UTF-8"))
    }

    fn diff(&self, diff: &Diff, _options: &DisplayOptions) -> Result<String, RenderError> {
        let mut text = String::new();
        if let Some(change) = &diff.printed_total {
            push_line(
                &mut text,
                &diff_printed(diff, &CategoryPath::top_level(), change),
            )?;
        }
        for row in &diff.rows {
            match row {
                DiffRow::Item(item) => push_line(&mut text, &diff_item(diff, item))?,
                DiffRow::Others(others) | DiffRow::Unchanged(others) => push_line(
                    &mut text,
                    &DiffLine {
                        items: others.items,
                        ..diff_line(diff, fold_kind(row), &others.category, &others.change)
                    },
                )?,
                DiffRow::Category(category) => {
                    if let Some(change) = &category.printed_total {
                        push_line(&mut text, &diff_printed(diff, &category.category, change))?;
                    }
                }
            }
        }
        for item in &diff.excluded {
            push_line(
                &mut text,
                &DiffLine {
                    in_totals: false,
                    ..diff_item(diff, item)
                },
            )?;
        }
        Ok(text)
    }

    fn trend(&self, trend: &Trend, _options: &DisplayOptions) -> Result<String, RenderError> {
        let mut text = String::new();
        if let Some(series) = &trend.printed_total {
            let base = trend_printed(&CategoryPath::top_level());
            push_series(&mut text, trend, &base, series)?;
        }
        for row in &trend.rows {
            match row {
                TrendRow::Item(item) => {
                    let base = TrendLine {
                        id: Some(item.text.id()),
                        name: Some(item.text.name()),
                        memo: item.memo,
                        ..trend_line("item", &item.category, true)
                    };
                    push_series(&mut text, trend, &base, &item.series)?;
                }
                TrendRow::Others(others) | TrendRow::Unchanged(others) => {
                    let base = TrendLine {
                        items: others.items,
                        ..trend_line(row.kind(), &others.category, true)
                    };
                    push_series(&mut text, trend, &base, &others.series)?;
                }
                TrendRow::Category(category) => {
                    if let Some(series) = &category.printed_total {
                        let base = trend_printed(&category.category);
                        push_series(&mut text, trend, &base, series)?;
                    }
                }
            }
        }
        for item in &trend.excluded {
            let base = TrendLine {
                id: Some(item.text.id()),
                name: Some(item.text.name()),
                memo: item.memo,
                ..trend_line("item", &item.category, false)
            };
            push_series(&mut text, trend, &base, &item.series)?;
        }
        Ok(text)
    }
}

/// Every row after the first has its own line: nothing before the rows.
impl RowsRenderer for JsonlRenderer {
    fn head(&self, _summary: &Summary, _options: &DisplayOptions) -> Result<Vec<u8>, RenderError> {
        Ok(Vec::new())
    }

    fn rows(
        &self,
        summary: &Summary,
        rows: &[Row],
        excluded: &[ItemRow],
        _options: &DisplayOptions,
    ) -> Result<Vec<u8>, RenderError> {
        // A line of an item takes about 300 bytes: room made once.
        let lines = rows.len().saturating_add(excluded.len());
        let mut text = Vec::with_capacity(lines.saturating_mul(384));
        push_summary_rows(&mut text, summary, rows, excluded)?;
        Ok(text)
    }

    /// JSON Lines writes no averages (JSON and CSV have them).
    fn writes_averages(&self) -> bool {
        false
    }
}

/// The lines of `summary`'s `rows` (of those, items and folded rows) and
/// `excluded` rows.
fn push_summary_rows(
    text: &mut Vec<u8>,
    summary: &Summary,
    rows: &[Row],
    excluded: &[ItemRow],
) -> Result<(), RenderError> {
    let start = LineStart::of(summary)?;
    for row in rows {
        match row {
            Row::Item(item) => start.push_item(text, item, true)?,
            Row::Others(others) | Row::Unchanged(others) => push_line_bytes(
                text,
                &SummaryLine {
                    amount: others.subtotal,
                    share_pct: others.share_pct,
                    items: others.items,
                    ..summary_line(summary, row.kind(), &others.category)
                },
            )?,
            Row::Category(_) => {}
        }
    }
    for item in excluded {
        start.push_item(text, item, false)?;
    }
    Ok(())
}

/// The line of an item written field by field, with the fields every line
/// of a summary shares written once: the same bytes as serializing its
/// [`SummaryLine`] (`summary_item`, with `in_totals`), without building it
/// (a national file writes a million such lines). Strings go through
/// `serde_json`, figures through [`push_decimal`]; tests compare both ways.
struct LineStart {
    /// `{"file":…,"year":…,"region":…,"phase":…,"kind":`
    head: Vec<u8>,
    /// The unit's name, as a JSON string.
    unit: Vec<u8>,
}

impl LineStart {
    fn of(summary: &Summary) -> Result<LineStart, RenderError> {
        let mut head = b"{\"file\":".to_vec();
        serde_json::to_writer(&mut head, &summary.file)?;
        head.extend_from_slice(b",\"year\":");
        serde_json::to_writer(&mut head, &summary.year)?;
        head.extend_from_slice(b",\"region\":");
        serde_json::to_writer(&mut head, &summary.region)?;
        head.extend_from_slice(b",\"phase\":");
        serde_json::to_writer(&mut head, &summary.phase)?;
        head.extend_from_slice(b",\"kind\":");
        let unit = serde_json::to_vec(summary.file_unit.currency().base_name())?;
        Ok(LineStart { head, unit })
    }

    /// The line of `item`: in totals, or a target, cap or memo figure.
    fn push_item(
        &self,
        text: &mut Vec<u8>,
        item: &ItemRow,
        in_totals: bool,
    ) -> Result<(), RenderError> {
        let start = text.len();
        text.extend_from_slice(&self.head);
        text.extend_from_slice(b"\"item\",\"id\":");
        serde_json::to_writer(&mut *text, &item.id)?;
        text.extend_from_slice(b",\"name\":");
        serde_json::to_writer(&mut *text, &item.name)?;
        text.extend_from_slice(b",\"category\":");
        serde_json::to_writer(&mut *text, item.category.as_str())?;
        text.extend_from_slice(b",\"status\":\"");
        text.extend_from_slice(item.status.name().as_bytes());
        text.extend_from_slice(b"\",\"in_totals\":");
        text.extend_from_slice(json_bool(in_totals));
        text.extend_from_slice(b",\"amount\":\"");
        push_decimal(text, item.amount.won());
        text.extend_from_slice(b"\",\"unit\":");
        text.extend_from_slice(&self.unit);
        text.extend_from_slice(b",\"share_pct\":");
        match item.share_pct {
            Some(share) => {
                text.push(b'"');
                push_decimal(text, share);
                text.push(b'"');
            }
            None => text.extend_from_slice(b"null"),
        }
        text.extend_from_slice(b",\"items\":1,\"memo\":");
        text.extend_from_slice(json_bool(item.memo));
        text.push(b'}');
        crate::quote::make_json_visible(text, start);
        text.push(b'\n');
        Ok(())
    }
}

fn json_bool(value: bool) -> &'static [u8] {
    if value { b"true" } else { b"false" }
}

fn summary_line<'a>(
    summary: &'a Summary,
    kind: &'static str,
    category: &CategoryPath,
) -> SummaryLine<'a> {
    SummaryLine {
        file: &summary.file,
        year: summary.year,
        region: &summary.region,
        phase: summary.phase.as_deref(),
        kind,
        id: None,
        name: None,
        category: category.to_string(),
        status: None,
        in_totals: true,
        amount: Amount::ZERO,
        unit: summary.file_unit.currency().base_name(),
        share_pct: None,
        items: 1,
        memo: false,
    }
}

/// The line of an item, as [`LineStart::push_item`] writes it.
#[cfg(test)]
fn summary_item<'a>(summary: &'a Summary, item: &'a ItemRow) -> SummaryLine<'a> {
    SummaryLine {
        id: Some(&item.id),
        name: Some(&item.name),
        status: Some(item.status),
        amount: item.amount,
        share_pct: item.share_pct,
        memo: item.memo,
        ..summary_line(summary, "item", &item.category)
    }
}

fn diff_line<'a>(
    diff: &'a Diff,
    kind: &'static str,
    category: &CategoryPath,
    change: &Change,
) -> DiffLine<'a> {
    DiffLine {
        old_file: &diff.old.file,
        new_file: &diff.new.file,
        old_year: diff.old.year,
        new_year: diff.new.year,
        kind,
        id: None,
        name: None,
        old_name: None,
        category: category.to_string(),
        old_category: None,
        old_status: None,
        new_status: None,
        change_status: change.status,
        in_totals: true,
        old: change.old,
        new: change.new,
        change: change.change,
        unit: diff.new.file_unit.currency().base_name(),
        change_pct: change.change_pct,
        items: 1,
        memo: false,
    }
}

/// A printed total compared (`[[total]]`, of `category` or, at the top
/// level, the grand total): never in totals, standing for no item.
fn diff_printed<'a>(diff: &'a Diff, category: &CategoryPath, change: &Change) -> DiffLine<'a> {
    DiffLine {
        in_totals: false,
        items: 0,
        ..diff_line(diff, "printed_total", category, change)
    }
}

fn diff_item<'a>(diff: &'a Diff, item: &'a ItemChange) -> DiffLine<'a> {
    DiffLine {
        id: Some(&item.id),
        name: Some(&item.name),
        old_name: item.old_name.as_deref(),
        old_category: item.old_category.as_ref().map(ToString::to_string),
        old_status: item.old_status,
        new_status: item.new_status,
        memo: item.memo,
        ..diff_line(diff, "item", &item.category, &item.change)
    }
}

/// A printed total (`[[total]]`, of `category` or, at the top level, the
/// grand total): never in totals, standing for no item.
fn trend_printed<'a>(category: &CategoryPath) -> TrendLine<'a> {
    TrendLine {
        items: 0,
        ..trend_line("printed_total", category, false)
    }
}

fn trend_line<'a>(kind: &'static str, category: &CategoryPath, in_totals: bool) -> TrendLine<'a> {
    TrendLine {
        file: "",
        year: 0,
        phase: None,
        period: "",
        kind,
        id: None,
        name: None,
        category: category.to_string(),
        in_totals,
        amount: Amount::ZERO,
        unit: UNIT,
        items: 1,
        memo: false,
    }
}

/// One line per period in which the series has a value.
fn push_series(
    text: &mut String,
    trend: &Trend,
    base: &TrendLine<'_>,
    series: &Series,
) -> Result<(), RenderError> {
    for (period, value) in trend.periods.iter().zip(&series.values) {
        if let Some(amount) = value {
            push_line(
                text,
                &TrendLine {
                    amount: *amount,
                    ..at_period(base, period)
                },
            )?;
        }
    }
    Ok(())
}

/// The line of `base` for one period.
fn at_period<'a>(base: &TrendLine<'a>, period: &'a Period) -> TrendLine<'a> {
    TrendLine {
        file: &period.file,
        year: period.year,
        phase: period.phase.as_deref(),
        period: &period.label,
        kind: base.kind,
        id: base.id,
        name: base.name,
        category: base.category.clone(),
        in_totals: base.in_totals,
        amount: base.amount,
        unit: period.file_unit.currency().base_name(),
        items: base.items,
        memo: base.memo,
    }
}

/// `others` for items folded by `--top`, `unchanged` for what `diff`
/// leaves out without `--all`.
fn fold_kind(row: &DiffRow) -> &'static str {
    match row {
        DiffRow::Unchanged(_) => "unchanged",
        _ => "others",
    }
}

/// [`push_line`] into bytes.
fn push_line_bytes(text: &mut Vec<u8>, record: &impl Serialize) -> Result<(), RenderError> {
    let start = text.len();
    serde_json::to_writer(&mut *text, record)?;
    crate::quote::make_json_visible(text, start);
    text.push(b'\n');
    Ok(())
}

fn push_line(text: &mut String, record: &impl Serialize) -> Result<(), RenderError> {
    text.push_str(&crate::quote::json_visible(serde_json::to_string(record)?));
    text.push('\n');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::csv::tests::{AWKWARD, awkward_texts, summary_of};

    /// Each item's line written field by field and serialized from its
    /// [`SummaryLine`], as before.
    fn both_ways(summary: &Summary) -> (String, String) {
        let start = LineStart::of(summary).unwrap();
        let items = summary
            .rows
            .iter()
            .filter_map(|row| match row {
                Row::Item(item) => Some((item, true)),
                _ => None,
            })
            .chain(summary.excluded.iter().map(|item| (item, false)));
        let (mut fields, mut serialized) = (Vec::new(), String::new());
        for (item, in_totals) in items {
            start.push_item(&mut fields, item, in_totals).unwrap();
            let line = SummaryLine {
                in_totals,
                ..summary_item(summary, item)
            };
            push_line(&mut serialized, &line).unwrap();
        }
        (String::from_utf8(fields).unwrap(), serialized)
    }

    #[test]
    fn item_lines_written_field_by_field_are_the_serialized_lines() {
        let summary = summary_of(AWKWARD);
        let (fields, serialized) = both_ways(&summary);
        assert_eq!(fields, serialized);
        // Four items, the bidi mark of the memo figure's name escaped.
        assert_eq!(fields.lines().count(), 4, "{fields}");
        assert!(fields.contains(r#""name":"memo\u202e""#), "{fields}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 64,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// Whatever the text of a file's names, ids, categories and
        /// heading, both ways write the same bytes.
        #[test]
        fn any_text_is_written_as_serialized(texts in awkward_texts()) {
            let summary = texts.put_into(summary_of(AWKWARD));
            let (fields, serialized) = both_ways(&summary);
            proptest::prop_assert_eq!(fields, serialized);
        }
    }
}
