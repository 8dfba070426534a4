//! The tables of `summarize`: the category tree with subtotals, shares and
//! averages, then the targets and caps that are never added up.

use rust_decimal::Decimal;

use crate::render::DisplayOptions;
use crate::render::layout::{FigureStyle, LayoutRow, RowKind, Section, file_title};
use crate::summary::{ItemRow, Row, Summary};

/// The sections `summarize` shows for one file.
pub fn summary_sections(summary: &Summary, options: &DisplayOptions) -> Vec<Section> {
    let style = FigureStyle::new(options, summary.file_unit);
    let labels = style.labels();
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
                    style.percent(category.share_pct),
                    String::new(),
                ],
            },
            Row::Item(item) => LayoutRow {
                kind: RowKind::Item,
                depth: item.category.depth(),
                cells: item_cells(item, &style),
            },
            Row::Others(others) => LayoutRow {
                kind: RowKind::Item,
                depth: others.category.depth(),
                cells: vec![
                    labels.others(others.items),
                    String::new(),
                    style.amount(others.subtotal),
                    style.percent(others.share_pct),
                    String::new(),
                ],
            },
        })
        .collect();
    let total_share = (!summary.total.is_zero()).then_some(Decimal::ONE_HUNDRED);
    rows.push(LayoutRow {
        kind: RowKind::Total,
        depth: 0,
        cells: vec![
            labels.total.to_owned(),
            String::new(),
            style.amount(summary.total),
            style.percent(total_share),
            String::new(),
        ],
    });
    let notes = summary
        .source
        .iter()
        .map(|source| format!("{}: {source}", labels.source))
        .collect();
    let mut sections = vec![Section {
        title: format!(
            "{} · {}",
            file_title(&summary.region, summary.year, summary.phase.as_deref()),
            style.caption()
        ),
        headers: [
            labels.category_or_item,
            labels.status,
            labels.amount,
            labels.share,
            labels.per_count,
        ]
        .map(str::to_owned)
        .to_vec(),
        numeric: vec![false, false, true, true, false],
        rows,
        notes,
    }];
    if !summary.excluded.is_empty() {
        sections.push(excluded_section(&summary.excluded, &style));
    }
    sections
}

fn item_cells(item: &ItemRow, style: &FigureStyle) -> Vec<String> {
    vec![
        item.name.clone(),
        item.status.to_string(),
        style.amount(item.amount),
        style.percent(item.share_pct),
        item.averages
            .iter()
            .map(|a| style.average(a))
            .collect::<Vec<_>>()
            .join("\n"),
    ]
}

fn excluded_section(items: &[ItemRow], style: &FigureStyle) -> Section {
    let labels = style.labels();
    Section {
        title: labels.excluded.to_owned(),
        headers: [
            labels.item,
            labels.status,
            labels.amount,
            labels.category,
            labels.per_count,
        ]
        .map(str::to_owned)
        .to_vec(),
        numeric: vec![false, false, true, false, false],
        rows: items
            .iter()
            .map(|item| {
                let mut cells = item_cells(item, style);
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
