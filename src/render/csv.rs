//! CSV: one row per total, category, item, part and average, with bare
//! exact numbers in their own columns and the unit in another. Text cells
//! that a spreadsheet would run as a formula are neutralised.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::{Unit, shift_down};
use crate::render::table::terminal_safe;
use crate::render::{DisplayOptions, RenderError, Renderer};
use crate::summary::{Bound, ItemRow, Row, Summary};

pub struct CsvRenderer;

/// One CSV record of `summarize`.
#[derive(Serialize, Default)]
struct SummaryRecord {
    file: String,
    year: i64,
    region: String,
    phase: String,
    kind: &'static str,
    depth: usize,
    category: String,
    id: String,
    name: String,
    status: &'static str,
    amount: Decimal,
    unit: &'static str,
    share_pct: Option<Decimal>,
    per: String,
    count: Option<u64>,
    count_at_least: Option<bool>,
    bound: &'static str,
}

impl Renderer for CsvRenderer {
    fn summaries(
        &self,
        summaries: &[Summary],
        options: &DisplayOptions,
    ) -> Result<String, RenderError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        for summary in summaries {
            let unit = options.unit.machine_unit(summary.file_unit);
            let base = SummaryRecord {
                file: safe_text(&summary.file),
                year: summary.year,
                region: safe_text(&summary.region),
                phase: safe_text(summary.phase.as_deref().unwrap_or("")),
                unit: unit.name(),
                ..SummaryRecord::default()
            };
            writer.serialize(SummaryRecord {
                kind: "total",
                amount: summary.total.in_unit(unit),
                share_pct: (!summary.total.is_zero()).then_some(Decimal::ONE_HUNDRED),
                ..base.clone_base()
            })?;
            for row in &summary.rows {
                match row {
                    Row::Category(category) => writer.serialize(SummaryRecord {
                        kind: "category",
                        depth: category.depth,
                        category: safe_text(&category.category.to_string()),
                        amount: category.subtotal.in_unit(unit),
                        share_pct: category.share_pct,
                        ..base.clone_base()
                    })?,
                    Row::Item(item) => write_item(&mut writer, &base, item, unit)?,
                }
            }
            for item in &summary.excluded {
                write_item(&mut writer, &base, item, unit)?;
            }
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
        Ok(String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8"))
    }
}

impl SummaryRecord {
    fn clone_base(&self) -> SummaryRecord {
        SummaryRecord {
            file: self.file.clone(),
            year: self.year,
            region: self.region.clone(),
            phase: self.phase.clone(),
            unit: self.unit,
            ..SummaryRecord::default()
        }
    }
}

fn write_item(
    writer: &mut csv::Writer<Vec<u8>>,
    base: &SummaryRecord,
    item: &ItemRow,
    unit: Unit,
) -> Result<(), RenderError> {
    let item_record = || SummaryRecord {
        depth: item.category.depth(),
        category: safe_text(&item.category.to_string()),
        id: safe_text(&item.id),
        status: item.status.name(),
        ..base.clone_base()
    };
    writer.serialize(SummaryRecord {
        kind: "item",
        name: safe_text(&item.name),
        amount: item.amount.in_unit(unit),
        share_pct: item.share_pct,
        ..item_record()
    })?;
    for part in &item.parts {
        writer.serialize(SummaryRecord {
            kind: "part",
            name: safe_text(&part.name),
            amount: part.amount.in_unit(unit),
            ..item_record()
        })?;
    }
    for average in &item.averages {
        writer.serialize(SummaryRecord {
            kind: "average",
            name: safe_text(&item.name),
            amount: shift_down(average.value, unit.exponent()).normalize(),
            per: safe_text(&average.per),
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

/// Prefixes text that a spreadsheet would treat as a formula with `'`
/// (CWE-1236), and makes control characters visible so that a CSV shown on
/// a terminal cannot act on it (CWE-150). Only text columns pass through
/// here; numbers stay numeric.
pub fn safe_text(text: &str) -> String {
    let visible = terminal_safe(text);
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{visible}"),
        _ => visible,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(safe_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_text("+1"), "'+1");
        assert_eq!(safe_text("-cmd"), "'-cmd");
        assert_eq!(safe_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_text("\tx"), "'\\u{9}x");
        assert_eq!(safe_text("a\u{1b}[2J"), "a\\u{1b}[2J");
        assert_eq!(safe_text("Loans"), "Loans");
    }
}
