//! The tables of `summarize`: the category tree with subtotals, shares and
//! averages, then the targets and caps that are never added up.

use rust_decimal::Decimal;

use crate::render::layout::{FigureStyle, LayoutRow, RowKind, Section, one_line};
use crate::render::{DisplayOptions, numbers};
use crate::summary::{ItemRow, Row, Summary};

/// The sections `summarize` shows for one file.
pub fn summary_sections(summary: &Summary, options: &DisplayOptions) -> Vec<Section> {
    let style = FigureStyle::new(options, summary.file_unit)
        .with_count_labels(&summary.count_labels)
        .with_phase(summary.phase.as_deref());
    let labels = style.labels();
    let share_row = |kind, depth, label: String, amount, share_pct| {
        let cells = vec![
            one_line(&label),
            String::new(),
            style.amount(amount),
            style.percent(share_pct),
            String::new(),
        ];
        LayoutRow::plain(kind, depth, cells)
    };
    let mut shares: Vec<Option<Decimal>> = Vec::new();
    let mut rows: Vec<LayoutRow> = Vec::new();
    for row in &summary.rows {
        let (layout_row, share) = match row {
            Row::Category(category) => (
                share_row(
                    RowKind::Category,
                    // A category is at depth 1 or deeper.
                    category.depth.saturating_sub(1),
                    category.category.last().to_owned(),
                    category.subtotal,
                    category.share_pct,
                ),
                category.share_pct,
            ),
            Row::Item(item) => (
                LayoutRow::plain(
                    RowKind::Item,
                    item.category.depth(),
                    item_cells(item, &style),
                ),
                item.share_pct,
            ),
            Row::Others(others) | Row::Unchanged(others) => (
                share_row(
                    RowKind::Item,
                    others.category.depth(),
                    if matches!(row, Row::Unchanged(_)) {
                        labels.unchanged(others.items)
                    } else {
                        labels.others(others.items)
                    },
                    others.subtotal,
                    others.share_pct,
                ),
                others.share_pct,
            ),
        };
        rows.push(layout_row);
        shares.push(share);
    }
    let total_share = (!summary.total.is_zero()).then_some(Decimal::ONE_HUNDRED);
    rows.push(share_row(
        RowKind::Total,
        0,
        labels.total.to_owned(),
        summary.total,
        total_share,
    ));
    shares.push(total_share);
    let notes = summary
        .source
        .iter()
        .map(|source| format!("{}: {source}", labels.source))
        .chain(labels.hidden_excluded(&summary.hidden_excluded))
        .collect();
    let mut main = Section {
        title: format!(
            "{} · {}",
            style.file_title(&summary.region, summary.year, summary.phase.as_deref()),
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
        notes_column: None,
    };
    if options.share_bars {
        insert_share_bars(&mut main, &shares);
    }
    let mut sections = vec![main];
    if !summary.excluded.is_empty() {
        sections.push(excluded_section(&summary.excluded, &style));
    }
    sections
}

/// The column right after the shares, with one bar per row.
const SHARE_BAR_COLUMN: usize = 4;

/// Adds a bar after each share, one row's share each.
fn insert_share_bars(section: &mut Section, shares: &[Option<Decimal>]) {
    section.headers.insert(SHARE_BAR_COLUMN, String::new());
    section.numeric.insert(SHARE_BAR_COLUMN, false);
    for (row, share) in section.rows.iter_mut().zip(shares) {
        row.cells.insert(SHARE_BAR_COLUMN, share_bar(*share));
    }
}

/// Eighths of a block, from one to seven.
const PARTIAL_BLOCKS: [char; 7] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// A share as a bar of block characters: ten full blocks are 100%, each
/// eighth of a block 1.25%, rounded half away from zero. Shares above 100%
/// (beside negative items) are drawn at 100%; a negative or missing share
/// draws nothing.
pub fn share_bar(share_pct: Option<Decimal>) -> String {
    const BLOCKS: u32 = 10;
    let Some(share) = share_pct.filter(|s| s.is_sign_positive()) else {
        return String::new();
    };
    let full_scale = Decimal::from(BLOCKS * 8);
    // At most 100% is drawn: capping first keeps the product small.
    let eighths = share
        .min(Decimal::ONE_HUNDRED)
        .checked_mul(full_scale)
        .and_then(|scaled| scaled.checked_div(Decimal::ONE_HUNDRED))
        .map_or(Decimal::ZERO, |eighths| numbers::round(eighths, 0));
    let eighths = u32::try_from(eighths.mantissa()).unwrap_or(0);
    let mut bar = "█".repeat((eighths / 8) as usize);
    if eighths % 8 > 0 {
        // eighths % 8 is 1..=7 here.
        bar.push(PARTIAL_BLOCKS[((eighths % 8).saturating_sub(1)) as usize]);
    }
    bar
}

fn item_cells(item: &ItemRow, style: &FigureStyle) -> Vec<String> {
    vec![
        one_line(&item.name),
        style.status(item.status),
        style.amount(item.amount),
        style.percent(item.share_pct),
        item.averages
            .iter()
            .map(|a| one_line(&style.average(a)))
            .collect::<Vec<_>>()
            .join("\n"),
    ]
}

fn excluded_section(items: &[ItemRow], style: &FigureStyle) -> Section {
    let labels = style.labels();
    let title = if items.iter().any(|item| item.memo) {
        labels.excluded_with_memo
    } else {
        labels.excluded
    };
    Section {
        title: title.to_owned(),
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
                cells[3] = one_line(&item.category.to_string());
                if item.memo {
                    cells[1] = labels.memo.to_owned();
                }
                LayoutRow::plain(RowKind::Item, 0, cells)
            })
            .collect(),
        notes: Vec::new(),
        notes_column: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn bar(share: &str) -> String {
        share_bar(Some(Decimal::from_str(share).unwrap()))
    }

    #[test]
    fn shares_are_drawn_in_eighths_of_a_tenth() {
        // 50.03% of 80 eighths is 40.02: five full blocks.
        assert_eq!(bar("50.03"), "█████");
        // 49.24% is 39.39 eighths: four blocks and seven eighths.
        assert_eq!(bar("49.24"), "████▉");
        // 0.73% is 0.58 eighths, rounded up to one.
        assert_eq!(bar("0.73"), "▏");
        // 0.625% is exactly half an eighth: half away from zero.
        assert_eq!(bar("0.625"), "▏");
        assert_eq!(bar("0.6"), "");
        assert_eq!(bar("100"), "██████████");
        // Beside negative items a share can pass 100%: drawn at 100%.
        assert_eq!(bar("100.81"), "██████████");
        // 5 × 10^28 won beside −(5 × 10^28 − 1): a share of 5 × 10^30 %,
        // whose 80-fold left Decimal's range before the cap came first.
        assert_eq!(bar("79228162514264337593543950335"), "██████████");
        assert_eq!(bar("-0.81"), "");
        assert_eq!(share_bar(None), "");
    }
}
