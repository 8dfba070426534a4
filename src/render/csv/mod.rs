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
use crate::render::{DisplayOptions, RenderError, Renderer, RowsRenderer};
use crate::report::average::Average;
use crate::summary::{ItemRow, Row, Summary};
use crate::trend::{Series, Trend, TrendRow};
use items::{RecordStart, write_item};
pub use safe::safe_text;
use safe::{safe_cow, safe_string};

mod items;
mod safe;

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
                    i.text.id(),
                    i.text.name(),
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
                item.text.id(),
                item.text.name(),
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
    let excluded_start = start.not_in_totals();
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

#[cfg(test)]
pub(crate) mod tests;
