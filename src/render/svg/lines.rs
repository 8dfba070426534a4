//! The line chart of `trend`: one line per category across the periods,
//! broken where a category has no value, with a dot at every value and a
//! legend on the right.
//!
//! Lines are drawn for one level of the category tree (the first with
//! more than one category, plus shallower categories without
//! subcategories), so no category is drawn over its own children; past
//! the largest few, the rest are summed into one "others" line, so that
//! colours never repeat and the legend stays short.

use svg::node::element::path::Data;
use svg::node::element::{Circle, Group, Line, Path};

use crate::amount::Amount;
use crate::render::layout::FigureStyle;
use crate::render::svg::{
    GRID, MUTED, Panel, Scale, Ticks, WIDTH, axis_unit, ellipsised, grid_line, heading, in_unit,
    label, label_stride, px, text_width, tick_text, tooltip,
};
use crate::render::{DisplayOptions, Lang};
use crate::trend::{CategorySeries, Trend, TrendRow};

/// Ten colours that stay apart (Tableau 10).
const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];
const TOP: f64 = 84.0;
const PLOT_HEIGHT: f64 = 300.0;
/// Least room left of the plot, for the value labels.
const LEFT: f64 = 48.0;
/// Most lines: each with its own colour, plus one for the rest.
const MOST_LINES: usize = 8;
const LEGEND_ROW: f64 = 18.0;
const INDENT: f64 = 12.0;
const WIDEST_LEGEND: f64 = 300.0;

/// One category's line.
struct Series {
    name: String,
    depth: usize,
    values: Vec<Option<Amount>>,
}

/// The categories drawn: those at the first level with more than one
/// category, and shallower ones that have no subcategory.
fn drawn_level(trend: &Trend) -> Vec<&CategorySeries> {
    let categories: Vec<&CategorySeries> = trend
        .rows
        .iter()
        .filter_map(|row| match row {
            TrendRow::Category(category) => Some(category),
            _ => None,
        })
        .collect();
    let deepest = categories.iter().map(|c| c.depth).max().unwrap_or(1);
    let level = (1..=deepest)
        .find(|&d| categories.iter().filter(|c| c.depth == d).count() > 1)
        .unwrap_or(deepest);
    categories
        .iter()
        .enumerate()
        .filter(|&(index, category)| {
            let has_child = categories
                .get(index.saturating_add(1))
                .is_some_and(|next| next.depth > category.depth);
            category.depth == level || (category.depth < level && !has_child)
        })
        .map(|(_, category)| *category)
        .collect()
}

/// The largest `MOST_LINES` series (by their latest value) in their
/// order, and one series summing the rest; without it if that sum cannot
/// be held exactly.
fn folded(series: Vec<Series>, lang: Lang) -> Vec<Series> {
    if series.len() <= MOST_LINES.saturating_add(1) {
        return series;
    }
    let latest = |s: &Series| {
        s.values
            .iter()
            .rev()
            .flatten()
            .next()
            .map_or(rust_decimal::Decimal::ZERO, |a| a.won().abs())
    };
    let mut by_size: Vec<usize> = (0..series.len()).collect();
    by_size.sort_by_key(|&index| std::cmp::Reverse(latest(&series[index])));
    let mut kept_indexes = by_size[..MOST_LINES].to_vec();
    kept_indexes.sort_unstable();
    let periods = series.first().map_or(0, |s| s.values.len());
    let mut kept = Vec::new();
    let mut rest: Vec<Option<Option<Amount>>> = vec![Some(None); periods];
    let mut rest_count = 0usize;
    for (index, one) in series.into_iter().enumerate() {
        if kept_indexes.binary_search(&index).is_ok() {
            kept.push(one);
            continue;
        }
        rest_count = rest_count.saturating_add(1);
        for (sum, value) in rest.iter_mut().zip(&one.values) {
            if let (Some(total), Some(amount)) = (sum.as_mut(), value) {
                // `None` inside: nothing yet; outer `None`: overflowed.
                *sum = total.unwrap_or(Amount::ZERO).checked_add(*amount).map(Some);
            }
        }
    }
    if let Some(values) = rest.into_iter().collect::<Option<Vec<_>>>() {
        kept.push(Series {
            name: match lang {
                Lang::En => format!("… {rest_count} more categories"),
                Lang::Ko => format!("… 외 {rest_count}개 분류"),
            },
            depth: 0,
            values,
        });
    }
    kept
}

pub(super) fn trend_panel(trend: &Trend, options: &DisplayOptions) -> Panel {
    let Some(latest) = trend.periods.last() else {
        return Panel {
            group: Group::new(),
            height: 0.0,
        };
    };
    let style = FigureStyle::new(options, latest.file_unit);
    let level = drawn_level(trend);
    let shallowest = level.iter().map(|c| c.depth).min().unwrap_or(1);
    let series = folded(
        level
            .into_iter()
            .map(|category| Series {
                name: category.category.last().to_owned(),
                depth: category.depth.saturating_sub(shallowest),
                values: category.series.values.to_vec(),
            })
            .collect(),
        options.lang,
    );
    let all_values = series.iter().flat_map(|s| s.values.iter().flatten());
    let largest = all_values
        .clone()
        .map(|a| a.won().abs())
        .max()
        .unwrap_or_default();
    let unit = axis_unit(options, latest.file_unit, largest);
    let ticks = Ticks::covering(
        all_values
            .clone()
            .map(|a| in_unit(a.won(), unit))
            .min()
            .unwrap_or_default(),
        all_values
            .map(|a| in_unit(a.won(), unit))
            .max()
            .unwrap_or_default(),
    );
    let legend_width = series
        .iter()
        .map(|s| s.depth as f64 * INDENT + text_width(&s.name))
        .fold(0.0, f64::max)
        .min(WIDEST_LEGEND)
        + 40.0;
    let right = WIDTH - 16.0 - legend_width;
    let y_scale = Scale::new(&ticks, TOP + PLOT_HEIGHT, TOP);
    // Room on the left for the widest value label.
    let left = ticks
        .values
        .iter()
        .map(|&t| text_width(&tick_text(t, options.lang)) + 24.0)
        .fold(LEFT, f64::max);
    let x_at = |period: usize| match trend.periods.len() {
        1 => (left + right) / 2.0,
        n => px(left + 20.0 + (right - left - 40.0) * period as f64 / n.saturating_sub(1) as f64),
    };
    let first = trend.periods.first().map_or(latest.year, |p| p.year);
    let title = format!("{}: {first}–{}", trend.regions().join(" + "), latest.year);
    let total = |value: Option<&Option<Amount>>| {
        value
            .copied()
            .flatten()
            .map_or_else(|| "—".to_owned(), |a| style.amount(a))
    };
    let subtitle = format!(
        "{} · {} {} → {} ({} {})",
        match options.lang {
            Lang::En => "Category subtotals by period",
            Lang::Ko => "기간별 분류 소계",
        },
        style.labels().total,
        total(trend.total.values.first()),
        total(trend.total.values.last()),
        style.labels().cagr,
        trend.total.cagr_pct.map_or_else(
            || style.labels().not_applicable.to_owned(),
            |cagr| style.percent_change(cagr)
        ),
    );
    let mut group = Group::new().add(heading(&title, &subtitle)).add(value_axis(
        &ticks,
        &y_scale,
        (left, right),
        unit.name(),
        options.lang,
    ));
    let period_labels: Vec<String> = trend
        .periods
        .iter()
        .map(|p| style.period_label(p.year, p.phase.as_deref()))
        .collect();
    let widest = period_labels
        .iter()
        .map(|l| text_width(l))
        .fold(0.0, f64::max);
    // Too many periods for their labels: every k-th, the first included.
    let stride = label_stride(widest, x_at(1) - x_at(0));
    for (index, text) in period_labels.iter().enumerate() {
        if index.checked_rem(stride) == Some(0) {
            group = group.add(label(x_at(index), TOP + PLOT_HEIGHT + 18.0, "middle", text));
        }
    }
    for (index, one) in series.iter().enumerate() {
        let color = PALETTE[index.checked_rem(PALETTE.len()).unwrap_or(0)];
        let points: Vec<Option<(f64, f64)>> = one
            .values
            .iter()
            .enumerate()
            .map(|(period, value)| {
                value.map(|a| (x_at(period), y_scale.at(in_unit(a.won(), unit))))
            })
            .collect();
        group = group
            .add(draw_series(index, one, &points, color, &style))
            .add(legend_entry(index, one, right + 24.0, color));
    }
    let legend_bottom = TOP + LEGEND_ROW * series.len() as f64;
    Panel {
        group,
        height: (TOP + PLOT_HEIGHT + 40.0).max(legend_bottom + 16.0),
    }
}

/// Horizontal grid lines with their values on the left, and the unit.
fn value_axis(
    ticks: &Ticks,
    scale: &Scale,
    (left, right): (f64, f64),
    unit: &str,
    lang: Lang,
) -> Group {
    let mut group = Group::new();
    for &tick in &ticks.values {
        let y = scale.at(tick);
        let color = if tick.is_zero() { MUTED } else { GRID };
        group = group
            .add(grid_line(left, y, right, y, color))
            .add(label(left - 8.0, y + 4.0, "end", &tick_text(tick, lang)).set("fill", MUTED));
    }
    group.add(label(16.0, TOP - 16.0, "start", unit).set("fill", MUTED))
}

/// The line through consecutive values, and a dot at each value.
fn draw_series(
    index: usize,
    series: &Series,
    points: &[Option<(f64, f64)>],
    color: &str,
    style: &FigureStyle,
) -> Group {
    let mut group = Group::new()
        .set("id", format!("series-{}", index.saturating_add(1)))
        .add(tooltip(&series.name));
    let mut data = Data::new();
    let mut drawing = false;
    for pair in points.windows(2) {
        if let [Some(from), Some(to)] = pair {
            if !drawing {
                data = data.move_to(*from);
            }
            data = data.line_to(*to);
            drawing = true;
        } else {
            drawing = false;
        }
    }
    if !data.is_empty() {
        group = group.add(
            Path::new()
                .set("d", data)
                .set("fill", "none")
                .set("stroke", color)
                .set("stroke-width", 2),
        );
    }
    for (point, value) in points.iter().zip(&series.values) {
        if let (Some((x, y)), Some(amount)) = (point, value) {
            group = group.add(
                Circle::new()
                    .set("cx", *x)
                    .set("cy", *y)
                    .set("r", 3.5)
                    .set("fill", color)
                    .add(tooltip(&format!(
                        "{}: {}",
                        series.name,
                        style.amount(*amount)
                    ))),
            );
        }
    }
    group
}

fn legend_entry(index: usize, series: &Series, x: f64, color: &str) -> Group {
    let y = TOP + LEGEND_ROW * index as f64;
    let x = x + series.depth as f64 * INDENT;
    Group::new()
        .add(
            Line::new()
                .set("x1", px(x))
                .set("y1", px(y))
                .set("x2", px(x + 18.0))
                .set("y2", px(y))
                .set("stroke", color)
                .set("stroke-width", 3),
        )
        .add(label(
            x + 24.0,
            y + 4.0,
            "start",
            &ellipsised(&series.name, WIDEST_LEGEND - series.depth as f64 * INDENT),
        ))
}
