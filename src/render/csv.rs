//! CSV: one row per total, printed total (`[[total]]`, in `diff` and
//! `trend`), category, item, part and average (for `diff`,
//! with old and new side by side; for `trend`, one column per period),
//! with bare exact numbers in their own columns and the unit in another.
//! Text cells that a spreadsheet would run as a formula are neutralised.
//! Every column is described in `docs/output-formats.md`.

use std::borrow::Cow;
use std::cell::RefCell;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::{Amount, Unit, shift_down};
use crate::diff::{Change, ChangeStatus, Diff, DiffRow, ItemChange, ShareChange, compare};
use crate::model::Status;
use crate::render::exact_text::push_decimal;
use crate::render::{DisplayOptions, RenderError, Renderer, RowsRenderer};
use crate::report::average::Average;
use crate::report::average::Bound;
use crate::summary::{ItemRow, Row, Summary};
use crate::trend::{Series, Trend, TrendRow};

pub struct CsvRenderer;

/// One CSV record of `summarize`. Its text borrows where it can: every
/// row of a national file is a million records.
#[derive(Serialize, Default)]
struct SummaryRecord<'a> {
    file: Cow<'a, str>,
    year: i64,
    region: Cow<'a, str>,
    phase: Cow<'a, str>,
    kind: &'static str,
    depth: usize,
    category: Cow<'a, str>,
    id: Cow<'a, str>,
    name: Cow<'a, str>,
    status: &'static str,
    /// False for targets and caps (and their parts and averages).
    in_totals: bool,
    amount: Decimal,
    unit: &'static str,
    share_pct: Option<Decimal>,
    per: Cow<'a, str>,
    count: Option<u64>,
    count_at_least: Option<bool>,
    bound: &'static str,
    hidden_items: Option<usize>,
    /// True for a memo figure (`memo = true`) and its parts and averages:
    /// with `in_totals` false, it tells them from targets and caps.
    memo: bool,
}

impl Renderer for CsvRenderer {
    fn summaries(
        &self,
        summaries: &[Summary],
        options: &DisplayOptions,
    ) -> Result<String, RenderError> {
        let out = Records::default();
        let mut writer = csv::Writer::from_writer(&out);
        for summary in summaries {
            let unit = options.unit.machine_unit(summary.file_unit);
            write_summary_total(&mut writer, summary, unit)?;
            write_summary_rows(&mut writer, summary, &summary.rows, &summary.excluded, unit)?;
        }
        writer.flush().map_err(csv::Error::from)?;
        drop(writer);
        Ok(String::from_utf8(out.0.into_inner()).expect("CSV of UTF-8 strings is UTF-8"))
    }

    fn diff(&self, diff: &Diff, options: &DisplayOptions) -> Result<String, RenderError> {
        let unit = options.unit.machine_unit(diff.new.file_unit);
        let mut writer = csv::Writer::from_writer(Vec::new());
        let sides = DiffRecord {
            old_file: safe_text(&diff.old.file),
            new_file: safe_text(&diff.new.file),
            old_year: diff.old.year,
            new_year: diff.new.year,
            in_totals: true,
            unit: unit.name(),
            ..DiffRecord::default()
        };
        let total = DiffRecord {
            kind: "total",
            ..sides.clone()
        };
        writer.serialize(total.with_change(&diff.total, unit))?;
        // The printed grand total just under the total, as the table has
        // it; never in totals, so that no sum of rows takes it in.
        let printed = DiffRecord {
            kind: "printed_total",
            in_totals: false,
            ..sides.clone()
        };
        if let Some(change) = &diff.printed_total {
            writer.serialize(printed.clone().with_change(change, unit))?;
        }
        for row in &diff.rows {
            match row {
                DiffRow::Category(category) => {
                    let path = safe_text(&category.category.to_string());
                    writer.serialize(
                        DiffRecord {
                            kind: "category",
                            depth: category.depth,
                            category: path.clone(),
                            hidden_items: Some(category.hidden_items),
                            ..sides.clone()
                        }
                        .with_change(&category.change, unit)
                        .with_share(&category.share),
                    )?;
                    if let Some(change) = &category.printed_total {
                        writer.serialize(
                            DiffRecord {
                                depth: category.depth,
                                category: path,
                                ..printed.clone()
                            }
                            .with_change(change, unit),
                        )?;
                    }
                }
                DiffRow::Item(item) => write_item_change(&mut writer, &sides, item, unit)?,
                DiffRow::Others(others) | DiffRow::Unchanged(others) => writer.serialize(
                    DiffRecord {
                        kind: fold_kind(row),
                        depth: others.category.depth(),
                        category: safe_text(&others.category.to_string()),
                        hidden_items: Some(others.items),
                        ..sides.clone()
                    }
                    .with_change(&others.change, unit)
                    .with_share(&others.share),
                )?,
            }
        }
        let excluded = DiffRecord {
            in_totals: false,
            ..sides.clone()
        };
        for item in &diff.excluded {
            write_item_change(&mut writer, &excluded, item, unit)?;
        }
        finish(writer)
    }

    fn trend(&self, trend: &Trend, options: &DisplayOptions) -> Result<String, RenderError> {
        let unit = trend
            .periods
            .last()
            .map_or(Unit::WON, |p| options.unit.machine_unit(p.file_unit));
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut header: Vec<String> = [
            "kind",
            "depth",
            "category",
            "id",
            "name",
            "in_totals",
            "unit",
        ]
        .map(str::to_owned)
        .to_vec();
        header.extend(trend.periods.iter().map(|p| safe_text(&p.label)));
        header.push("cagr_pct".to_owned());
        header.push("hidden_items".to_owned());
        header.push("memo".to_owned());
        writer.write_record(&header)?;
        let record = |kind: &str,
                      in_totals: bool,
                      depth: usize,
                      category: String,
                      id: &str,
                      name: &str,
                      series: &Series,
                      hidden: Option<usize>,
                      memo: bool| {
            let mut fields = vec![
                kind.to_owned(),
                depth.to_string(),
                safe_text(&category),
                safe_text(id),
                safe_text(name),
                in_totals.to_string(),
                unit.name().to_owned(),
            ];
            fields.extend(
                series
                    .values
                    .iter()
                    .map(|v| v.map_or_else(String::new, |a| a.in_unit(unit).to_string())),
            );
            fields.push(series.cagr_pct.map_or_else(String::new, |c| c.to_string()));
            fields.push(hidden.map_or_else(String::new, |h| h.to_string()));
            fields.push(memo.to_string());
            fields
        };
        // A printed total (`[[total]]`) just under the row it prints, as
        // the table has it; never in totals, so that no sum takes it in.
        let printed = |depth: usize, category: String, series: &Series| {
            record(
                "printed_total",
                false,
                depth,
                category,
                "",
                "",
                series,
                None,
                false,
            )
        };
        writer.write_record(record(
            "total",
            true,
            0,
            String::new(),
            "",
            "",
            &trend.total,
            None,
            false,
        ))?;
        if let Some(series) = &trend.printed_total {
            writer.write_record(printed(0, String::new(), series))?;
        }
        for row in &trend.rows {
            writer.write_record(match row {
                TrendRow::Category(c) => record(
                    "category",
                    true,
                    c.depth,
                    c.category.to_string(),
                    "",
                    "",
                    &c.series,
                    Some(c.hidden_items),
                    false,
                ),
                TrendRow::Item(i) => record(
                    "item",
                    true,
                    i.category.depth(),
                    i.category.to_string(),
                    &i.id,
                    &i.name,
                    &i.series,
                    None,
                    i.memo,
                ),
                TrendRow::Others(o) | TrendRow::Unchanged(o) => record(
                    row.kind(),
                    true,
                    o.category.depth(),
                    o.category.to_string(),
                    "",
                    "",
                    &o.series,
                    Some(o.items),
                    false,
                ),
            })?;
            if let TrendRow::Category(c) = row
                && let Some(series) = &c.printed_total
            {
                writer.write_record(printed(c.depth, c.category.to_string(), series))?;
            }
        }
        for item in &trend.excluded {
            // Targets, caps and memo figures: items outside the totals.
            writer.write_record(record(
                "item",
                false,
                item.category.depth(),
                item.category.to_string(),
                &item.id,
                &item.name,
                &item.series,
                None,
                item.memo,
            ))?;
        }
        finish(writer)
    }
}

/// The header (from the first record written) and the Total record come
/// first; the rows of any stretch follow without a header.
impl RowsRenderer for CsvRenderer {
    fn head(&self, summary: &Summary, options: &DisplayOptions) -> Result<Vec<u8>, RenderError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        write_summary_total(
            &mut writer,
            summary,
            options.unit.machine_unit(summary.file_unit),
        )?;
        finish_bytes(writer)
    }

    fn rows(
        &self,
        summary: &Summary,
        rows: &[Row],
        excluded: &[ItemRow],
        options: &DisplayOptions,
    ) -> Result<Vec<u8>, RenderError> {
        // A record of an item takes about 200 bytes, its averages as
        // many again: room made once.
        let records = rows.len().saturating_add(excluded.len());
        let out = Records(Vec::with_capacity(records.saturating_mul(384)).into());
        let mut writer = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(&out);
        let unit = options.unit.machine_unit(summary.file_unit);
        write_summary_rows(&mut writer, summary, rows, excluded, unit)?;
        writer.flush().map_err(csv::Error::from)?;
        drop(writer);
        Ok(out.0.into_inner())
    }
}

/// The bytes of a summary's records: the CSV writer writes the records it
/// serializes into them, and [`write_item`] writes items' records straight
/// into them (after the writer has written out what it holds).
#[derive(Default)]
struct Records(RefCell<Vec<u8>>);

impl std::io::Write for &Records {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The fields every record of `summary` shares.
fn summary_base(summary: &Summary, unit: Unit) -> SummaryRecord<'_> {
    SummaryRecord {
        file: safe_cow(&summary.file),
        year: summary.year,
        region: safe_cow(&summary.region),
        phase: safe_cow(summary.phase.as_deref().unwrap_or("")),
        unit: unit.name(),
        in_totals: true,
        ..SummaryRecord::default()
    }
}

/// The Total record (with the header, if it is the writer's first).
fn write_summary_total<W: std::io::Write>(
    writer: &mut csv::Writer<W>,
    summary: &Summary,
    unit: Unit,
) -> Result<(), RenderError> {
    writer.serialize(SummaryRecord {
        kind: "total",
        amount: summary.total.in_unit(unit),
        share_pct: (!summary.total.is_zero()).then_some(Decimal::ONE_HUNDRED),
        ..summary_base(summary, unit)
    })?;
    Ok(())
}

/// The records of `summary`'s `rows`, then of its `excluded` rows.
fn write_summary_rows(
    writer: &mut csv::Writer<&Records>,
    summary: &Summary,
    rows: &[Row],
    excluded: &[ItemRow],
    unit: Unit,
) -> Result<(), RenderError> {
    let base = summary_base(summary, unit);
    let start = RecordStart::of(&base);
    for row in rows {
        match row {
            Row::Category(category) => writer.serialize(SummaryRecord {
                kind: "category",
                depth: category.depth,
                category: safe_string(category.category.to_string()),
                amount: category.subtotal.in_unit(unit),
                share_pct: category.share_pct,
                hidden_items: Some(category.hidden_items),
                ..base.clone_base()
            })?,
            Row::Item(item) => {
                // Items are written past the writer, after what it holds.
                writer.flush().map_err(csv::Error::from)?;
                write_item(&mut writer.get_ref().0.borrow_mut(), &start, item, unit);
            }
            Row::Others(others) | Row::Unchanged(others) => writer.serialize(SummaryRecord {
                kind: row.kind(),
                depth: others.category.depth(),
                category: safe_string(others.category.to_string()),
                hidden_items: Some(others.items),
                amount: others.subtotal.in_unit(unit),
                share_pct: others.share_pct,
                ..base.clone_base()
            })?,
        }
    }
    let excluded_start = RecordStart {
        in_totals: false,
        ..start
    };
    writer.flush().map_err(csv::Error::from)?;
    for item in excluded {
        write_item(
            &mut writer.get_ref().0.borrow_mut(),
            &excluded_start,
            item,
            unit,
        );
    }
    Ok(())
}

/// `others` for items folded by `--top`, `unchanged` for what `diff`
/// leaves out without `--all`.
fn fold_kind(row: &DiffRow) -> &'static str {
    match row {
        DiffRow::Unchanged(_) => "unchanged",
        _ => "others",
    }
}

fn finish(writer: csv::Writer<Vec<u8>>) -> Result<String, RenderError> {
    let bytes = finish_bytes(writer)?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8"))
}

fn finish_bytes(writer: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, RenderError> {
    Ok(writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?)
}

/// One CSV record of `diff`.
#[derive(Serialize, Default, Clone)]
struct DiffRecord {
    old_file: String,
    new_file: String,
    old_year: i64,
    new_year: i64,
    kind: &'static str,
    depth: usize,
    category: String,
    old_category: String,
    id: String,
    name: String,
    old_name: String,
    change_status: &'static str,
    old_status: &'static str,
    new_status: &'static str,
    /// False for targets and caps (and their averages).
    in_totals: bool,
    old: Option<Decimal>,
    new: Option<Decimal>,
    change: Option<Decimal>,
    change_pct: Option<Decimal>,
    old_share_pct: Option<Decimal>,
    new_share_pct: Option<Decimal>,
    share_change_pp: Option<Decimal>,
    unit: &'static str,
    per: String,
    old_count: Option<u64>,
    new_count: Option<u64>,
    /// Items a category does not show (`--depth`), or a folded row stands for.
    hidden_items: Option<usize>,
    /// True for a memo figure on either side (`memo = true`).
    memo: bool,
}

impl DiffRecord {
    fn with_change(self, change: &Change, unit: Unit) -> DiffRecord {
        let exact = |a: Option<Amount>| a.map(|a| a.in_unit(unit));
        DiffRecord {
            change_status: match change.status {
                ChangeStatus::Changed => "changed",
                ChangeStatus::Unchanged => "unchanged",
                ChangeStatus::New => "new",
                ChangeStatus::Removed => "removed",
                ChangeStatus::Unknown => "unknown",
            },
            old: exact(change.old),
            new: exact(change.new),
            change: exact(change.change),
            change_pct: change.change_pct,
            ..self
        }
    }

    fn with_share(self, share: &ShareChange) -> DiffRecord {
        DiffRecord {
            old_share_pct: share.old_share_pct,
            new_share_pct: share.new_share_pct,
            share_change_pp: share.share_change_pp,
            ..self
        }
    }
}

fn write_item_change(
    writer: &mut csv::Writer<Vec<u8>>,
    sides: &DiffRecord,
    item: &ItemChange,
    unit: Unit,
) -> Result<(), RenderError> {
    let base = || DiffRecord {
        depth: item.category.depth(),
        category: safe_text(&item.category.to_string()),
        old_category: item
            .old_category
            .as_ref()
            .map_or_else(String::new, |c| safe_text(&c.to_string())),
        id: safe_text(&item.id),
        name: safe_text(&item.name),
        old_name: item.old_name.as_deref().map_or_else(String::new, safe_text),
        old_status: item.old_status.map_or("", Status::name),
        new_status: item.new_status.map_or("", Status::name),
        memo: item.memo,
        ..sides.clone()
    };
    writer.serialize(
        DiffRecord {
            kind: "item",
            ..base()
        }
        .with_change(&item.change, unit)
        .with_share(&item.share),
    )?;
    for count in &item.counts {
        let value = |a: &Option<Average>| a.as_ref().map(|a| Amount::new(a.value, 0));
        let quotient = |a: &Option<Average>| {
            a.as_ref()
                .map(|a| shift_down(a.value, unit.exponent()).normalize())
        };
        let mut record = DiffRecord {
            kind: "average",
            per: safe_text(&count.per),
            old_count: count.old.as_ref().map(|a| a.count),
            new_count: count.new.as_ref().map(|a| a.count),
            ..base()
        }
        .with_change(&compare(value(&count.old), value(&count.new)), unit);
        record.old = quotient(&count.old);
        record.new = quotient(&count.new);
        // The averages' difference: each is a 28-digit quotient, so the
        // change is exact to their precision.
        record.change = record
            .new
            .zip(record.old)
            .and_then(|(n, o)| n.checked_sub(o));
        writer.serialize(record)?;
    }
    Ok(())
}

impl<'a> SummaryRecord<'a> {
    fn clone_base(&self) -> SummaryRecord<'a> {
        SummaryRecord {
            file: self.file.clone(),
            year: self.year,
            region: self.region.clone(),
            phase: self.phase.clone(),
            unit: self.unit,
            in_totals: self.in_totals,
            ..SummaryRecord::default()
        }
    }
}

/// The records of an item, its parts and its averages, written straight
/// into `out` as `csv::Writer` writes them: the same bytes as serializing
/// their [`SummaryRecord`]s (made from the summary's base as the plain path
/// makes them; tests compare both ways), without building them or going
/// through the writer field by field, since a national file writes a
/// million items.
fn write_item(out: &mut Vec<u8>, start: &RecordStart, item: &ItemRow, unit: Unit) {
    let category = safe_cow(item.category.as_str());
    let id = safe_cow(&item.id);
    let name = safe_cow(&item.name);
    let shared = ItemFields {
        start,
        depth: item.category.depth(),
        category: &category,
        id: &id,
        status: item.status.name(),
        memo: item.memo,
    };
    shared.write(
        out,
        &Varying {
            share_pct: item.share_pct,
            ..Varying::new("item", &name, item.amount.in_unit(unit))
        },
    );
    for part in &item.parts {
        let part_name = safe_cow(&part.name);
        let record = Varying::new("part", &part_name, part.amount.in_unit(unit));
        shared.write(out, &record);
    }
    for average in &item.averages {
        let per = safe_cow(&average.per);
        let record = Varying {
            per: &per,
            count: Some(average.count),
            count_at_least: Some(average.count_at_least),
            bound: match average.bound {
                Bound::Exact => "exact",
                Bound::AtMost => "at_most",
                Bound::AtLeast => "at_least",
            },
            ..Varying::new(
                "average",
                &name,
                shift_down(average.value, unit.exponent()).normalize(),
            )
        };
        shared.write(out, &record);
    }
}

/// The fields every item record of a summary starts with (file, year,
/// region, phase), written once as CSV, and those it shares further on.
struct RecordStart {
    /// `file,year,region,phase,`: each field followed by its comma.
    head: Vec<u8>,
    /// The unit's name, as a field.
    unit: Vec<u8>,
    in_totals: bool,
}

impl RecordStart {
    fn of(base: &SummaryRecord<'_>) -> RecordStart {
        let mut head = Vec::new();
        push_field(&mut head, base.file.as_bytes());
        push_field(&mut head, itoa::Buffer::new().format(base.year).as_bytes());
        push_field(&mut head, base.region.as_bytes());
        push_field(&mut head, base.phase.as_bytes());
        let mut unit = Vec::new();
        push_field(&mut unit, base.unit.as_bytes());
        RecordStart {
            head,
            unit,
            in_totals: base.in_totals,
        }
    }
}

/// The fields an item's records share, as [`SummaryRecord`] has them.
struct ItemFields<'r> {
    start: &'r RecordStart,
    depth: usize,
    category: &'r str,
    id: &'r str,
    status: &'static str,
    memo: bool,
}

/// The fields that differ between an item's records.
struct Varying<'v> {
    kind: &'static str,
    name: &'v str,
    amount: Decimal,
    share_pct: Option<Decimal>,
    per: &'v str,
    count: Option<u64>,
    count_at_least: Option<bool>,
    bound: &'static str,
}

impl<'v> Varying<'v> {
    fn new(kind: &'static str, name: &'v str, amount: Decimal) -> Varying<'v> {
        Varying {
            kind,
            name,
            amount,
            share_pct: None,
            per: "",
            count: None,
            count_at_least: None,
            bound: "",
        }
    }
}

impl ItemFields<'_> {
    /// One record, in [`SummaryRecord`]'s order of fields, as `serde`
    /// writes them: numbers as their digits, `None` as an empty field,
    /// booleans as `true`/`false`. Figures, numbers, booleans and the
    /// fixed words need no quotes.
    fn write(&self, out: &mut Vec<u8>, record: &Varying<'_>) {
        let start = self.start;
        let mut number = itoa::Buffer::new();
        out.extend_from_slice(&start.head);
        push_plain(out, record.kind);
        push_plain(out, number.format(self.depth));
        push_field(out, self.category.as_bytes());
        push_field(out, self.id.as_bytes());
        push_field(out, record.name.as_bytes());
        push_plain(out, self.status);
        push_plain(out, bool_text(start.in_totals));
        push_decimal(out, record.amount);
        out.push(b',');
        out.extend_from_slice(&start.unit);
        if let Some(share) = record.share_pct {
            push_decimal(out, share);
        }
        out.push(b',');
        push_field(out, record.per.as_bytes());
        if let Some(count) = record.count {
            out.extend_from_slice(number.format(count).as_bytes());
        }
        out.push(b',');
        push_plain(out, record.count_at_least.map_or("", bool_text));
        push_plain(out, record.bound);
        // `hidden_items`: an item's records hide nothing.
        out.push(b',');
        out.extend_from_slice(bool_text(self.memo).as_bytes());
        out.push(b'\n');
    }
}

/// A field that never needs quotes (digits, fixed words), and its comma.
fn push_plain(out: &mut Vec<u8>, field: &str) {
    debug_assert!(!needs_quotes(field.as_bytes()), "{field:?}");
    out.extend_from_slice(field.as_bytes());
    out.push(b',');
}

/// A field and its comma, as `csv::Writer` writes it by default: in
/// double quotes, its own quotes doubled, where it holds a comma, a quote
/// or a line break; as it is otherwise.
fn push_field(out: &mut Vec<u8>, field: &[u8]) {
    if needs_quotes(field) {
        out.push(b'"');
        for (index, piece) in field.split(|&byte| byte == b'"').enumerate() {
            if index > 0 {
                out.extend_from_slice(b"\"\"");
            }
            out.extend_from_slice(piece);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(field);
    }
    out.push(b',');
}

/// The bytes for which `csv::Writer` (default settings: `,` between
/// fields, `"` for quotes, `\n` after a record) quotes a field.
fn needs_quotes(field: &[u8]) -> bool {
    field
        .iter()
        .any(|&byte| matches!(byte, b',' | b'"' | b'\r' | b'\n'))
}

fn bool_text(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

/// Prefixes text that a spreadsheet would treat as a formula with `'`
/// (CWE-1236), and makes control characters and line breaks visible so that
/// a CSV shown on a terminal cannot act on it (CWE-150). Only text columns pass through
/// here; numbers stay numeric.
pub fn safe_text(text: &str) -> String {
    safe_cow(text).into_owned()
}

/// [`safe_text`], borrowing `text` where it is safe as it is.
fn safe_cow(text: &str) -> Cow<'_, str> {
    // Line breaks too: a quoted cell may hold one, but a CSV printed in a
    // log or a terminal would then show a line the data forged; and a cell
    // at a line's start cannot start a CI workflow command.
    let visible = crate::quote::log_line(text);
    if starts_like_a_formula(text) {
        Cow::Owned(format!("'{visible}"))
    } else {
        visible
    }
}

/// [`safe_text`] of a text made for the record, kept where it is safe.
fn safe_string(text: String) -> Cow<'static, str> {
    let changed = match safe_cow(&text) {
        Cow::Owned(safe) => Some(safe),
        Cow::Borrowed(_) => None,
    };
    Cow::Owned(changed.unwrap_or(text))
}

/// Whether a spreadsheet could read the cell as a formula: it starts with
/// `=`, `+`, `-` or `@`, or their full-width forms (`＝＋－＠`, which some
/// spreadsheets in CJK locales accept too), after any spaces; or with a tab
/// or carriage return.
fn starts_like_a_formula(text: &str) -> bool {
    if text.starts_with(['\t', '\r']) {
        return true;
    }
    text.trim_start().starts_with([
        '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ])
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::summary::Summary;
    use proptest::prelude::*;

    /// A file with an item of every kind of record (parts, averages of an
    /// exact count and of an at-least count), text a spreadsheet would run
    /// or a terminal would act on, a target and a memo figure.
    pub(crate) const AWKWARD: &str = "year = 2025\nregion = \"=R\"\nphase = \"본예산\"\n\
        unit = \"천원\"\n\n[[item]]\nid = \"a\"\nname = \"Loans, \\\"quoted\\\"\"\n\
        category = \"f/l\"\namount = 240.40\ncounts = { companies = \"600+\", \"기업\" = 3 }\n\
        parts = { x = 1, y = \"2억원\" }\n\n[[item]]\nid = \"-b\"\nname = \"=HYPERLINK()\"\n\
        category = \"g\"\namount = -3\nstatus = \"target\"\ncounts = { jobs = \"3+\" }\n\n\
        [[item]]\nid = \"c\"\nname = \"memo\\u202E\"\ncategory = \"g/h\"\namount = \"1,234천원\"\n\
        memo = true\n\n[[item]]\nid = \"d\"\nname = \"D\"\ncategory = \"g/h\"\namount = 0.5\n";

    pub(crate) fn summary_of(text: &str) -> Summary {
        let file = crate::load::parse_str(text, "t.toml").expect("the file parses");
        crate::summary::summarize(&file).expect("the sums fit")
    }

    /// Text for names and ids: quotes, separators, formula signs, line
    /// breaks, controls, bidi marks, Hangul.
    pub(crate) fn awkward_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(vec![
                    '"', ',', '=', '+', '-', '@', '\t', '\r', '\n', '\u{1b}', '\u{7f}', '\u{85}',
                    '\u{202E}', '\u{2028}', '\u{FEFF}', '\u{FF1D}', '\u{3000}', ' ', ':', '#', '[',
                    '\\', '가', 'ㆍ', '원',
                ]),
                proptest::char::range('a', 'z'),
            ],
            0..12,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    /// Awkward texts for every place a summary carries text.
    pub(crate) fn awkward_texts() -> impl Strategy<Value = AwkwardTexts> {
        (
            awkward_text(),
            awkward_text(),
            awkward_text(),
            awkward_text(),
            awkward_text(),
            proptest::option::of(awkward_text()),
            awkward_text(),
        )
            .prop_map(
                |(id, name, segment, file, region, phase, part)| AwkwardTexts {
                    id,
                    name,
                    segment,
                    file,
                    region,
                    phase,
                    part,
                },
            )
    }

    /// Texts put everywhere a summary carries text, by [`AwkwardTexts::put_into`].
    #[derive(Debug)]
    pub(crate) struct AwkwardTexts {
        pub(crate) id: String,
        pub(crate) name: String,
        pub(crate) segment: String,
        pub(crate) file: String,
        pub(crate) region: String,
        pub(crate) phase: Option<String>,
        pub(crate) part: String,
    }

    impl AwkwardTexts {
        /// `summary` with these texts in its heading and in every item
        /// (id, name, category, part names, what averages are per).
        pub(crate) fn put_into(self, mut summary: Summary) -> Summary {
            summary.file = self.file;
            summary.region = self.region;
            summary.phase = self.phase;
            let category = crate::model::CategoryPath::parse(&format!("x{}/y", self.segment));
            let shown = summary.rows.iter_mut().filter_map(|row| match row {
                Row::Item(item) => Some(item),
                _ => None,
            });
            for item in summary.excluded.iter_mut().chain(shown) {
                item.id.clone_from(&self.id);
                item.name.clone_from(&self.name);
                if let Some(category) = &category {
                    item.category = category.clone();
                }
                for row in &mut item.parts {
                    row.name.clone_from(&self.part);
                }
                for average in &mut item.averages {
                    average.per.clone_from(&self.part);
                }
            }
            summary
        }
    }

    /// The records of an item as they were serialized before they were
    /// written field by field: the reference for [`write_item`].
    fn write_item_serialized(
        writer: &mut csv::Writer<Vec<u8>>,
        base: &SummaryRecord<'_>,
        item: &ItemRow,
        unit: Unit,
    ) -> Result<(), RenderError> {
        let category = safe_string(item.category.to_string());
        let item_record = || SummaryRecord {
            depth: item.category.depth(),
            category: category.clone(),
            id: safe_cow(&item.id),
            status: item.status.name(),
            memo: item.memo,
            ..base.clone_base()
        };
        writer.serialize(SummaryRecord {
            kind: "item",
            name: safe_cow(&item.name),
            amount: item.amount.in_unit(unit),
            share_pct: item.share_pct,
            ..item_record()
        })?;
        for part in &item.parts {
            writer.serialize(SummaryRecord {
                kind: "part",
                name: safe_cow(&part.name),
                amount: part.amount.in_unit(unit),
                ..item_record()
            })?;
        }
        for average in &item.averages {
            writer.serialize(SummaryRecord {
                kind: "average",
                name: safe_cow(&item.name),
                amount: shift_down(average.value, unit.exponent()).normalize(),
                per: safe_cow(&average.per),
                count: Some(average.count),
                count_at_least: Some(average.count_at_least),
                bound: match average.bound {
                    Bound::Exact => "exact",
                    Bound::AtMost => "at_most",
                    Bound::AtLeast => "at_least",
                },
                ..item_record()
            })?;
        }
        Ok(())
    }

    /// Each item's records written both ways, in `unit`.
    fn both_ways(summary: &Summary, unit: Unit) -> (String, String) {
        let base = summary_base(summary, unit);
        let excluded_base = SummaryRecord {
            in_totals: false,
            ..base.clone_base()
        };
        let items = summary
            .rows
            .iter()
            .filter_map(|row| match row {
                Row::Item(item) => Some((&base, item)),
                _ => None,
            })
            .chain(summary.excluded.iter().map(|item| (&excluded_base, item)));
        let writer = || {
            csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::new())
        };
        let (mut fields, mut serialized) = (Vec::new(), writer());
        for (base, item) in items {
            write_item(&mut fields, &RecordStart::of(base), item, unit);
            write_item_serialized(&mut serialized, base, item, unit).unwrap();
        }
        let serialized = String::from_utf8(finish_bytes(serialized).unwrap()).unwrap();
        (String::from_utf8(fields).unwrap(), serialized)
    }

    #[test]
    fn items_written_field_by_field_are_the_serialized_records() {
        let summary = summary_of(AWKWARD);
        for unit in ["천원", "원", "억원", "조원"] {
            let unit = Unit::parse(unit).unwrap();
            let (fields, serialized) = both_ways(&summary, unit);
            assert_eq!(fields, serialized, "{unit:?}");
        }
        let (fields, _) = both_ways(&summary, Unit::parse("천원").unwrap());
        // Four items (the target and the memo figure after the others),
        // three parts or averages of `a` (x, y, companies, 기업: four),
        // one average of the target: 4 + 4 + 1 records.
        assert_eq!(fields.lines().count(), 9, "{fields}");
        assert!(fields.contains(",'=HYPERLINK(),"), "{fields}");
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
            let (fields, serialized) = both_ways(&summary, Unit::parse("천원").unwrap());
            proptest::prop_assert_eq!(fields, serialized);
        }
    }

    /// A record of `fields` as `csv::Writer` writes it, and as
    /// [`push_field`] does.
    fn record_both_ways(fields: &[Vec<u8>]) -> (Vec<u8>, Vec<u8>) {
        let mut writer = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        writer.write_record(fields).unwrap();
        let mut pushed = Vec::new();
        for field in fields {
            push_field(&mut pushed, field);
        }
        // The last comma ends the record instead.
        pushed.pop();
        pushed.push(b'\n');
        (finish_bytes(writer).unwrap(), pushed)
    }

    #[test]
    fn fields_are_quoted_as_the_csv_writer_quotes_them() {
        // Written by hand: quotes around a field with a comma, a quote or
        // a line break, its quotes doubled; other fields as they are.
        let fields: Vec<Vec<u8>> = ["a", "", "b,c", "say \"hi\"", "x\ny", "\r", "'=1", "가 나"]
            .iter()
            .map(|field| field.as_bytes().to_vec())
            .collect();
        let (written, pushed) = record_both_ways(&fields);
        let expected = "a,,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\",\"\r\",'=1,가 나\n";
        assert_eq!(String::from_utf8(pushed).unwrap(), expected);
        assert_eq!(String::from_utf8(written).unwrap(), expected);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 256,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// Any bytes in any number of fields (two at least: a record of
        /// one empty field is the writer's own case) come out as the CSV
        /// writer writes them.
        #[test]
        fn any_field_is_pushed_as_the_csv_writer_writes_it(
            fields in proptest::collection::vec(
                proptest::collection::vec(
                    prop_oneof![
                        proptest::sample::select(vec![b',', b'"', b'\r', b'\n', b' ', b'\'', b'\t']),
                        proptest::num::u8::ANY,
                    ],
                    0..10,
                ),
                2..6,
            ),
        ) {
            let (written, pushed) = record_both_ways(&fields);
            proptest::prop_assert_eq!(written, pushed);
        }
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(safe_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_text("+1"), "'+1");
        assert_eq!(safe_text("-cmd"), "'-cmd");
        assert_eq!(safe_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_text("\tx"), "'\\u{9}x");
        assert_eq!(safe_text("a\u{1b}[2J"), "a\\u{1b}[2J");
        assert_eq!(safe_text("Loans"), "Loans");
        assert_eq!(safe_text("  =1+1"), "'  =1+1");
        assert_eq!(safe_text("\u{3000}+1"), "'\u{3000}+1");
        for sign in ['＝', '＋', '－', '＠'] {
            assert_eq!(safe_text(&format!("{sign}1+1")), format!("'{sign}1+1"));
        }
        assert_eq!(safe_text(" x =1"), " x =1");
    }
}
