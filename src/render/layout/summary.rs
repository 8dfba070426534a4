//! The tables of `summarize`: the category tree with subtotals, shares and
//! averages, then the targets and caps that are never added up.

use rust_decimal::Decimal;

use crate::amount::Amount;
use crate::render::layout::{
    Cells, FigureStyle, LayoutRow, RowKind, Section, one_line, one_line_into,
};
use crate::render::{DisplayOptions, numbers};
use crate::summary::{ItemRow, Row, Summary};

/// The sections `summarize` shows for one file.
pub fn summary_sections(summary: &Summary, options: &DisplayOptions) -> Vec<Section> {
    let layout = SummaryLayout::new(summary, options);
    let mut main = layout.head();
    main.rows = summary.rows.iter().map(|row| layout.row(row)).collect();
    main.rows.push(layout.total());
    let mut sections = vec![main];
    if !summary.excluded.is_empty() {
        let memo = summary.excluded.iter().any(|item| item.memo);
        let mut excluded = layout.excluded_head(memo);
        excluded.rows = summary
            .excluded
            .iter()
            .map(|item| layout.excluded_row(item))
            .collect();
        sections.push(excluded);
    }
    sections
}

/// How one file's summary is laid out, a row at a time: the sections
/// `summarize` shows are [`SummaryLayout::head`] with a row for each of
/// the summary's rows and then [`SummaryLayout::total`], and, when there
/// are targets, caps or memo figures, [`SummaryLayout::excluded_head`]
/// with a row for each (so that every row of a large file can be drawn a
/// stretch at a time).
pub struct SummaryLayout<'a> {
    summary: &'a Summary,
    style: FigureStyle,
    share_bars: bool,
}

impl<'a> SummaryLayout<'a> {
    /// The layout of `summary` (whose rows are not read).
    pub fn new(summary: &'a Summary, options: &DisplayOptions) -> SummaryLayout<'a> {
        let style = FigureStyle::new(options, summary.file_unit)
            .with_count_labels(&summary.count_labels)
            .with_phase(summary.phase.as_deref());
        SummaryLayout {
            summary,
            style,
            share_bars: options.share_bars,
        }
    }

    /// The main section without its rows: the category tree's title,
    /// headings and notes.
    pub fn head(&self) -> Section {
        let (summary, style) = (self.summary, &self.style);
        let labels = style.labels();
        let notes = summary
            .source
            .iter()
            .map(|source| format!("{}: {source}", labels.source))
            .chain(labels.hidden_excluded(&summary.hidden_excluded))
            .collect();
        let mut headers = [
            labels.category_or_item,
            labels.status,
            labels.amount,
            labels.share,
            labels.per_count,
        ]
        .map(str::to_owned)
        .to_vec();
        let mut numeric = vec![false, false, true, true, false];
        if self.share_bars {
            // The column right after the shares, with one bar per row.
            headers.insert(SHARE_BAR_COLUMN, String::new());
            numeric.insert(SHARE_BAR_COLUMN, false);
        }
        Section {
            title: format!(
                "{} · {}",
                style.file_title(&summary.region, summary.year, summary.phase.as_deref()),
                style.caption()
            ),
            headers,
            numeric,
            rows: Vec::new(),
            notes,
            notes_column: None,
        }
    }

    /// A category's or an item's row of the main section.
    pub fn row(&self, row: &Row) -> LayoutRow {
        let mut cells = Vec::with_capacity(6);
        let (kind, depth) = self.row_cells(row, &mut cells);
        LayoutRow::plain(kind, depth, cells)
    }

    /// The cells of [`SummaryLayout::row`], put into `cells`; gives the
    /// row's kind and depth.
    pub fn row_cells(&self, row: &Row, cells: &mut impl Cells) -> (RowKind, usize) {
        let labels = self.style.labels();
        match row {
            Row::Category(category) => {
                let share = (category.subtotal, category.share_pct);
                self.share_cells(category.category.last(), share, cells);
                // A category is at depth 1 or deeper.
                (RowKind::Category, category.depth.saturating_sub(1))
            }
            Row::Item(item) => {
                self.item_cells(item, self.share_bars, cells);
                (RowKind::Item, item.category.depth())
            }
            Row::Others(others) | Row::Unchanged(others) => {
                let label = if matches!(row, Row::Unchanged(_)) {
                    labels.unchanged(others.items)
                } else {
                    labels.others(others.items)
                };
                self.share_cells(&label, (others.subtotal, others.share_pct), cells);
                (RowKind::Item, others.category.depth())
            }
        }
    }

    /// The last row of the main section: the grand total.
    pub fn total(&self) -> LayoutRow {
        let summary = self.summary;
        let total_share = (!summary.total.is_zero()).then_some(Decimal::ONE_HUNDRED);
        self.share_row(
            RowKind::Total,
            0,
            self.style.labels().total.to_owned(),
            summary.total,
            total_share,
        )
    }

    /// The section of targets, caps and memo figures without its rows;
    /// `memo` says whether one of them is a memo figure.
    pub fn excluded_head(&self, memo: bool) -> Section {
        let labels = self.style.labels();
        let title = if memo {
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
            rows: Vec::new(),
            notes: Vec::new(),
            notes_column: None,
        }
    }

    /// A target's, cap's or memo figure's row.
    pub fn excluded_row(&self, item: &ItemRow) -> LayoutRow {
        let mut cells = Vec::with_capacity(5);
        self.item_cells(item, false, &mut cells);
        cells[3] = one_line(&item.category.to_string());
        if item.memo {
            cells[1] = self.style.labels().memo.to_owned();
        }
        LayoutRow::plain(RowKind::Item, 0, cells)
    }

    fn share_row(
        &self,
        kind: RowKind,
        depth: usize,
        label: String,
        amount: Amount,
        share_pct: Option<Decimal>,
    ) -> LayoutRow {
        let mut cells = Vec::with_capacity(6);
        self.share_cells(&label, (amount, share_pct), &mut cells);
        LayoutRow::plain(kind, depth, cells)
    }

    /// A row's cells with a label, an amount and its share, and a bar
    /// after the share when bars are drawn.
    fn share_cells(
        &self,
        label: &str,
        (amount, share_pct): (Amount, Option<Decimal>),
        cells: &mut impl Cells,
    ) {
        let style = &self.style;
        cells.cell_with(|text| one_line_into(label, text));
        cells.cell_with(|_| {});
        cells.cell_with(|text| style.amount_into(amount, text));
        cells.cell_with(|text| style.percent_into(share_pct, text));
        if self.share_bars {
            cells.cell_with(|text| text.push_str(&share_bar(share_pct)));
        }
        cells.cell_with(|_| {});
    }

    /// An item's cells: its name, status, amount, share (and its bar with
    /// `bar`), and averages.
    fn item_cells(&self, item: &ItemRow, bar: bool, cells: &mut impl Cells) {
        let style = &self.style;
        cells.cell_with(|text| one_line_into(&item.name, text));
        cells.cell_with(|text| text.push_str(style.status_text(item.status)));
        cells.cell_with(|text| style.amount_into(item.amount, text));
        cells.cell_with(|text| style.percent_into(item.share_pct, text));
        if bar {
            cells.cell_with(|text| text.push_str(&share_bar(item.share_pct)));
        }
        cells.cell_with(|text| {
            for (index, average) in item.averages.iter().enumerate() {
                if index > 0 {
                    text.push('\n');
                }
                one_line_into(&style.average(average), text);
            }
        });
    }
}

/// The column right after the shares, with one bar per row.
const SHARE_BAR_COLUMN: usize = 4;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::csv::tests::{AWKWARD, AwkwardTexts, awkward_text, summary_of};
    use crate::render::laid_rows::LaidRows;
    use crate::render::table::RowText;
    use crate::render::{Lang, UnitChoice};
    use proptest::prelude::*;
    use std::str::FromStr;

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 48,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// Rows laid out straight into kept rows (a table of a summary in
        /// memory) say, cell by cell, what the rows laid out one by one
        /// say: in English and Korean, every unit choice, with and without
        /// share bars, for names with line breaks and other awkward text.
        #[test]
        fn rows_laid_out_straight_are_the_rows_laid_out(
            name in awkward_text(),
            segment in awkward_text(),
            korean in any::<bool>(),
            unit in prop_oneof![
                Just(UnitChoice::FileUnit),
                Just(UnitChoice::Auto),
                Just(UnitChoice::Fixed(crate::amount::Unit::parse("억원").unwrap())),
            ],
            decimals in 0u32..4,
            share_bars in any::<bool>(),
        ) {
            let texts = AwkwardTexts {
                id: "i".into(),
                name,
                segment,
                file: "f".into(),
                region: "r".into(),
                phase: None,
                part: "p".into(),
            };
            let summary = texts.put_into(summary_of(AWKWARD));
            let options = DisplayOptions {
                unit,
                decimals,
                lang: if korean { Lang::Ko } else { Lang::En },
                share_bars,
                ..DisplayOptions::default()
            };
            let layout = SummaryLayout::new(&summary, &options);
            let rows: Vec<LayoutRow> = summary.rows.iter().map(|row| layout.row(row)).collect();
            let straight =
                LaidRows::lay_out(&summary.rows, |row, cells| layout.row_cells(row, cells).1)
                    .unwrap();
            let kept = LaidRows::keep(&rows).unwrap();
            prop_assert_eq!(straight.iter().count(), rows.len());
            for ((straight, kept), row) in straight.iter().zip(kept.iter()).zip(&rows) {
                prop_assert_eq!(straight.depth(), row.depth);
                prop_assert_eq!(straight.cell_count(), kept.cell_count());
                for index in 0..=row.cells.len() {
                    prop_assert_eq!(straight.cell(index), kept.cell(index));
                    prop_assert_eq!(straight.cell(index), row.cells.get(index).map(String::as_str));
                }
                for index in 0..row.cells.len() {
                    prop_assert_eq!(straight.tone(index), row.tone(index));
                }
            }
        }
    }

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
