//! The layout shared by the table-like formats: titled sections of rows
//! and cells, built once from the data, then drawn by the table or the
//! markdown renderer.

use crate::amount::{Amount, Unit};
use crate::render::numbers;
use crate::render::{DisplayOptions, UnitChoice};
use crate::summary::{Average, Bound, ItemRow, Row, Summary};

/// A titled table with notes under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub headers: Vec<&'static str>,
    /// Right-aligned (numeric) columns.
    pub numeric: Vec<bool>,
    pub rows: Vec<LayoutRow>,
    pub notes: Vec<String>,
}

/// One row: its cells, and how deep in the category tree it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutRow {
    pub kind: RowKind,
    /// Indentation level of the first cell.
    pub depth: usize,
    /// Cells; a cell may hold several lines separated by `\n`.
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Category,
    Item,
    Total,
}

/// Formats amounts for one file's column unit or per figure.
pub struct AmountStyle {
    column_unit: Option<Unit>,
    fixed_unit: Option<Unit>,
    korean: bool,
    decimals: u32,
}

impl AmountStyle {
    pub fn new(options: &DisplayOptions, file_unit: Unit) -> AmountStyle {
        AmountStyle {
            column_unit: options.unit.column_unit(file_unit),
            fixed_unit: match options.unit {
                UnitChoice::Fixed(unit) => Some(unit),
                _ => None,
            },
            korean: file_unit.is_korean() || options.lang == crate::render::Lang::Ko,
            decimals: options.decimals,
        }
    }

    /// `amounts in billion won`, or the per-figure note for `auto`.
    pub fn caption(&self) -> String {
        match self.column_unit {
            Some(unit) => format!("amounts in {unit}"),
            None => "amounts in readable units".to_owned(),
        }
    }

    /// A written amount: bare in the column unit, or with its own unit.
    pub fn amount(&self, value: Amount) -> String {
        match self.column_unit {
            Some(unit) => numbers::amount(value, unit, self.decimals),
            None => numbers::amount_with_unit(
                value,
                Unit::readable_for(value.won(), self.korean),
                self.decimals,
            ),
        }
    }

    /// An average, always with its unit: `≤ 400.67 million won per company`.
    pub fn average(&self, average: &Average) -> String {
        let unit = self
            .fixed_unit
            .unwrap_or_else(|| Unit::readable_for(average.value, self.korean));
        let sign = match average.bound {
            Bound::Exact => "",
            Bound::AtMost => "≤ ",
            Bound::AtLeast => "≥ ",
        };
        let value = numbers::quotient_in(average.value, unit, self.decimals);
        format!(
            "{sign}{} per {}",
            numbers::with_unit(value, unit),
            singular(&average.per)
        )
    }
}

/// `companies` → `company`, `jobs` → `job`; other words as written.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["xes", "ches", "shes", "sses"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_owned();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !word.ends_with("ss") => stem.to_owned(),
        _ => word.to_owned(),
    }
}

/// `Gyeongju 2026 (planned)`.
pub fn file_title(region: &str, year: i64, phase: Option<&str>) -> String {
    match phase {
        Some(phase) => format!("{region} {year} ({phase})"),
        None => format!("{region} {year}"),
    }
}

/// The sections `summarize` shows for one file.
pub fn summary_sections(summary: &Summary, options: &DisplayOptions) -> Vec<Section> {
    let style = AmountStyle::new(options, summary.file_unit);
    let decimals = options.decimals;
    let mut rows: Vec<LayoutRow> = summary
        .rows
        .iter()
        .map(|row| match row {
            Row::Category(category) => LayoutRow {
                kind: RowKind::Category,
                depth: category.depth - 1,
                cells: vec![
                    category.category.last().to_owned(),
                    String::new(),
                    style.amount(category.subtotal),
                    numbers::percent(category.share_pct, decimals),
                    String::new(),
                ],
            },
            Row::Item(item) => LayoutRow {
                kind: RowKind::Item,
                depth: item.category.depth(),
                cells: item_cells(item, &style, decimals),
            },
        })
        .collect();
    let total_share = (!summary.total.is_zero()).then_some(rust_decimal::Decimal::ONE_HUNDRED);
    rows.push(LayoutRow {
        kind: RowKind::Total,
        depth: 0,
        cells: vec![
            "Total".to_owned(),
            String::new(),
            style.amount(summary.total),
            numbers::percent(total_share, decimals),
            String::new(),
        ],
    });
    let mut notes = Vec::new();
    if let Some(source) = &summary.source {
        notes.push(format!("Source: {source}"));
    }
    let mut sections = vec![Section {
        title: format!(
            "{} · {}",
            file_title(&summary.region, summary.year, summary.phase.as_deref()),
            style.caption()
        ),
        headers: vec!["Category / item", "Status", "Amount", "Share", "Per count"],
        numeric: vec![false, false, true, true, false],
        rows,
        notes,
    }];
    if !summary.excluded.is_empty() {
        sections.push(excluded_section(&summary.excluded, &style, decimals));
    }
    sections
}

fn item_cells(item: &ItemRow, style: &AmountStyle, decimals: u32) -> Vec<String> {
    vec![
        item.name.clone(),
        item.status.to_string(),
        style.amount(item.amount),
        numbers::percent(item.share_pct, decimals),
        item.averages
            .iter()
            .map(|a| style.average(a))
            .collect::<Vec<_>>()
            .join("\n"),
    ]
}

fn excluded_section(items: &[ItemRow], style: &AmountStyle, decimals: u32) -> Section {
    Section {
        title: "Targets and caps (not in totals)".to_owned(),
        headers: vec!["Item", "Status", "Amount", "Category", "Per count"],
        numeric: vec![false, false, true, false, false],
        rows: items
            .iter()
            .map(|item| {
                let mut cells = item_cells(item, style, decimals);
                cells[3] = item.category.to_string();
                LayoutRow {
                    kind: RowKind::Item,
                    depth: 0,
                    cells,
                }
            })
            .collect(),
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_counts_read_as_singular() {
        assert_eq!(singular("companies"), "company");
        assert_eq!(singular("jobs"), "job");
        assert_eq!(singular("complexes"), "complex");
        assert_eq!(singular("branches"), "branch");
        assert_eq!(singular("business"), "business");
        assert_eq!(singular("기업"), "기업");
        assert_eq!(singular("s"), "s");
    }
}
