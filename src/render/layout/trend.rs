//! The tables of `trend`: one column per year (or phase), the compound
//! annual growth rate, and a sparkline of the series.

use rust_decimal::Decimal;

use crate::amount::Amount;
use crate::model::CategoryPath;
use crate::render::layout::{FigureStyle, LayoutRow, LazySection, RowKind, Section, one_line};
use crate::render::{DisplayOptions, Lang, numbers};
use crate::trend::{ItemSeries, Series, Trend, TrendRow};

const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The sections `trend` shows.
pub fn trend_sections(trend: &Trend, options: &DisplayOptions) -> Vec<Section> {
    trend_lazy_sections(trend, options)
        .into_iter()
        .map(LazySection::into_section)
        .collect()
}

/// Rows of a trend laid out and drawn together. A trend's row is a dozen
/// cells and some 300 bytes of drawn text: of a national trend's tens of
/// thousands of rows, the few stretches in memory at once took some 8 MB
/// at 4,096 rows a stretch, about a quarter of that at 1,024.
const TREND_STRETCH: usize = 1024;

/// The sections `trend` shows, their rows laid out a stretch at a time
/// when they are drawn.
pub fn trend_lazy_sections<'a>(trend: &'a Trend, options: &DisplayOptions) -> Vec<LazySection<'a>> {
    let Some(latest) = trend.periods.last() else {
        return Vec::new();
    };
    let style = FigureStyle::new(options, latest.file_unit);
    let labels = style.labels();
    let lay_style = style.clone();
    let lay_row = move |row: &TrendRow, rows: &mut Vec<LayoutRow>| {
        let style = &lay_style;
        let labels = style.labels();
        rows.push(match row {
            TrendRow::Category(category) => LayoutRow::plain(
                RowKind::Category,
                category.depth.saturating_sub(1),
                series_cells(category.category.last(), &category.series, style),
            ),
            TrendRow::Item(item) => LayoutRow::plain(
                RowKind::Item,
                item.category.depth(),
                series_cells(item.text.name(), &item.series, style),
            ),
            TrendRow::Others(others) | TrendRow::Unchanged(others) => LayoutRow::plain(
                RowKind::Item,
                others.category.depth(),
                series_cells(
                    &if matches!(row, TrendRow::Unchanged(_)) {
                        labels.unchanged(others.items)
                    } else {
                        labels.others(others.items)
                    },
                    &others.series,
                    style,
                ),
            ),
        });
        // A category's printed total, just under it.
        if let TrendRow::Category(category) = row
            && let Some(printed) = &category.printed_total
        {
            rows.push(LayoutRow::plain(
                RowKind::Item,
                category.depth,
                series_cells(labels.printed_total, printed, style),
            ));
        }
    };
    let mut tail = vec![LayoutRow::plain(
        RowKind::Total,
        0,
        series_cells(labels.total, &trend.total, &style),
    )];
    if let Some(printed) = &trend.printed_total {
        tail.push(LayoutRow::plain(
            RowKind::Total,
            0,
            series_cells(labels.printed_total, printed, &style),
        ));
    }

    let period_headers = trend
        .periods
        .iter()
        .map(|p| style.period_label(p.year, p.phase.as_deref()));
    let headers = |first: &str| {
        std::iter::once(first.to_owned())
            .chain(period_headers.clone())
            .chain([labels.cagr.to_owned(), labels.sparkline.to_owned()])
            .collect::<Vec<_>>()
    };
    let numeric: Vec<bool> = std::iter::once(false)
        .chain(trend.periods.iter().map(|_| true))
        .chain([true, false])
        .collect();
    let first = trend.periods.first().unwrap_or(latest);
    // Years alone unless that hides the phases: "2022–2022" says nothing,
    // "2022 본예산–2022 제1회 추경" does.
    let span = if trend.periods.len() == 1 {
        style.period_label(latest.year, latest.phase.as_deref())
    } else if first.year == latest.year || trend.cagr_phase.is_some() {
        format!(
            "{}–{}",
            style.period_label(first.year, first.phase.as_deref()),
            style.period_label(latest.year, latest.phase.as_deref())
        )
    } else {
        format!("{}–{}", first.year, latest.year)
    };
    let main = Section {
        title: format!(
            "{}: {span} · {}",
            trend.regions().join(" + "),
            style.caption()
        ),
        headers: headers(labels.category_or_item),
        numeric: numeric.clone(),
        rows: Vec::new(),
        notes: cagr_note(trend, &style)
            .into_iter()
            .chain(printed_total_note(
                None,
                &trend.total,
                trend.printed_total.as_ref(),
                trend,
                &style,
            ))
            .chain(trend.rows.iter().filter_map(|row| match row {
                TrendRow::Category(category) => printed_total_note(
                    Some(&category.category),
                    &category.series,
                    category.printed_total.as_deref(),
                    trend,
                    &style,
                ),
                _ => None,
            }))
            .chain(labels.hidden_excluded(&trend.hidden_excluded))
            .collect(),
        notes_column: None,
    };
    let mut sections = vec![LazySection::laid_out_ahead_by(
        main,
        &trend.rows,
        lay_row,
        tail,
        TREND_STRETCH,
    )];
    if !trend.excluded.is_empty() {
        let title = if trend.excluded.iter().any(|item| item.memo) {
            labels.excluded_with_memo
        } else {
            labels.excluded
        };
        let head = Section {
            title: title.to_owned(),
            headers: headers(labels.item),
            numeric,
            rows: Vec::new(),
            notes: Vec::new(),
            notes_column: None,
        };
        let lay_item = move |item: &ItemSeries, rows: &mut Vec<LayoutRow>| {
            rows.push(LayoutRow::plain(
                RowKind::Item,
                0,
                series_cells(item.text.name(), &item.series, &style),
            ));
        };
        sections.push(LazySection::new(
            head,
            &trend.excluded,
            lay_item,
            Vec::new(),
        ));
    }
    sections
}

/// The periods whose printed total is not the sum of the items:
/// `Printed total: ≠ sum of items (2024, 2025)`, or for a category's
/// `Printed total of welfare: ≠ sum of items (2024)`.
fn printed_total_note(
    category: Option<&CategoryPath>,
    sums: &Series,
    printed: Option<&Series>,
    trend: &Trend,
    style: &FigureStyle,
) -> Option<String> {
    let printed = printed?;
    let differing: Vec<String> = trend
        .periods
        .iter()
        .zip(printed.values.iter().zip(&sums.values))
        .filter(|(_, (printed, sum))| {
            printed.is_some_and(|p| sum.is_none_or(|s| p.won() != s.won()))
        })
        .map(|(period, _)| style.period_label(period.year, period.phase.as_deref()))
        .collect();
    if differing.is_empty() {
        return None;
    }
    let labels = style.labels();
    let of = category.map_or_else(String::new, |category| {
        let category = one_line(&category.to_string());
        match style.lang {
            Lang::En => format!(" of {category}"),
            Lang::Ko => format!("({category})"),
        }
    });
    Some(format!(
        "{}{of}: {} ({})",
        labels.printed_total,
        labels.differs_from_sum,
        differing.join(", ")
    ))
}

/// Why CAGR leaves columns out, when the columns mix budget phases.
fn cagr_note(trend: &Trend, style: &FigureStyle) -> Option<String> {
    let limited = trend.cagr_phase.as_ref()?;
    let phase = limited.phase.as_deref().map(|p| style.phase(p));
    Some(match (style.lang, limited.columns < 2) {
        (Lang::En, false) => format!(
            "CAGR compares {} columns only: the columns mix budget phases",
            phase.unwrap_or_else(|| "unphased".into())
        ),
        (Lang::En, true) => format!(
            "CAGR not computed: the columns mix budget phases and only one is {}",
            phase.unwrap_or_else(|| "unphased".into())
        ),
        (Lang::Ko, false) => format!(
            "연평균 증가율은 {} 열끼리만 비교했습니다(예산 단계가 섞여 있음)",
            phase.unwrap_or_else(|| "단계 표시 없는".into())
        ),
        (Lang::Ko, true) => format!(
            "연평균 증가율 없음: 예산 단계가 섞여 있고 {} 열이 하나뿐입니다",
            phase.unwrap_or_else(|| "단계 표시 없는".into())
        ),
    })
}

fn series_cells(label: &str, series: &Series, style: &FigureStyle) -> Vec<String> {
    std::iter::once(one_line(label))
        .chain(
            series
                .values
                .iter()
                .map(|v| v.map_or_else(String::new, |a| style.amount(a))),
        )
        .chain([
            series.cagr_pct.map_or_else(
                || style.labels().not_applicable.to_owned(),
                |c| style.percent_change(c),
            ),
            sparkline(&series.values),
        ])
        .collect()
}

/// Eight levels between the series' smallest and largest value; a blank
/// where a year has no value.
pub fn sparkline<'v>(
    values: impl IntoIterator<Item = &'v Option<Amount>, IntoIter: Clone>,
) -> String {
    let values = values.into_iter();
    let present = values.clone().flatten().map(|a| a.won());
    let (Some(min), Some(max)) = (present.clone().min(), present.max()) else {
        return String::new();
    };
    values
        .map(|value| match value {
            None => ' ',
            Some(amount) => SPARKS[spark_level(amount.won(), min, max).unwrap_or(3)],
        })
        .collect()
}

/// Which of the eight levels `value` takes between `min` and `max`
/// (rounded half away from zero); `None` when they are all equal.
fn spark_level(value: Decimal, min: Decimal, max: Decimal) -> Option<usize> {
    // Halves first: `max - min` may leave Decimal's range (7.9e28 − −7.9e28),
    // half of it never does. A level needs no more than a few digits.
    let half = |d: Decimal| d.checked_div(Decimal::TWO);
    let span = half(max)?.checked_sub(half(min)?)?;
    if span.is_zero() {
        return None;
    }
    let offset = half(value)?.checked_sub(half(min)?)?;
    let steps = Decimal::from(SPARKS.len().saturating_sub(1));
    let level = numbers::round(offset.checked_div(span)?.checked_mul(steps)?, 0);
    Some(
        usize::try_from(level.mantissa())
            .unwrap_or(0)
            .min(SPARKS.len().saturating_sub(1)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::Unit;

    fn amounts(values: &[Option<i64>]) -> Vec<Option<Amount>> {
        values
            .iter()
            .map(|v| v.map(|v| Amount::parse(&v.to_string(), Unit::WON).unwrap()))
            .collect()
    }

    #[test]
    fn sparklines_span_the_range_and_leave_gaps() {
        // Levels: 0, 2 × 7 / 14 = 1, and 7 of 0..=7.
        assert_eq!(
            sparkline(&amounts(&[Some(0), Some(2), None, Some(14)])),
            "▁▂ █"
        );
        // 7 × 7 / 14 = 3.5 rounds half away from zero, to level 4.
        assert_eq!(sparkline(&amounts(&[Some(0), Some(7), Some(14)])), "▁▅█");
        assert_eq!(sparkline(&amounts(&[Some(5), Some(5)])), "▄▄");
        assert_eq!(sparkline(&amounts(&[None, None])), "");
    }

    #[test]
    fn sparklines_of_the_largest_amounts_do_not_overflow() {
        let won = |text: &str| Some(Amount::parse(text, Unit::WON).unwrap());
        // max − min = 1e29 − ... beyond Decimal: −5e28, 0, 5e28 are levels
        // 0, 7 × 5e28 / 1e29 = 3.5 → 4, and 7.
        let values = [
            won("-50000000000000000조"),
            won("0"),
            won("50000000000000000조"),
        ];
        assert_eq!(sparkline(&values), "▁▅█");
    }
}
