//! The line chart of `trend`: one line per category across the periods,
//! broken where a category has no value, with a dot at every value and a
//! legend on the right.

use svg::node::element::path::Data;
use svg::node::element::{Circle, Group, Line, Path};

use crate::amount::Amount;
use crate::render::layout::FigureStyle;
use crate::render::svg::{
    GRID, MUTED, Panel, Scale, Ticks, WIDTH, axis_unit, grid_line, heading, in_unit, label, px,
    text_width, tick_text, tooltip,
};
use crate::render::{DisplayOptions, Lang};
use crate::trend::{Trend, TrendRow};

/// Ten colours that stay apart (Tableau 10).
const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];
const TOP: f64 = 84.0;
const PLOT_HEIGHT: f64 = 300.0;
const LEFT: f64 = 80.0;
const LEGEND_ROW: f64 = 18.0;
const INDENT: f64 = 12.0;
const WIDEST_LEGEND: f64 = 300.0;

/// One category's line.
struct Series<'t> {
    name: &'t str,
    depth: usize,
    values: &'t [Option<Amount>],
}

pub(super) fn trend_panel(trend: &Trend, options: &DisplayOptions) -> Panel {
    let Some(latest) = trend.periods.last() else {
        return Panel {
            group: Group::new(),
            height: 0.0,
        };
    };
    let style = FigureStyle::new(options, latest.file_unit);
    let series: Vec<Series<'_>> = trend
        .rows
        .iter()
        .filter_map(|row| match row {
            TrendRow::Category(category) => Some(Series {
                name: category.category.last(),
                depth: category.depth.saturating_sub(1),
                values: &category.series.values,
            }),
            _ => None,
        })
        .collect();
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
        .map(|s| s.depth as f64 * INDENT + text_width(s.name))
        .fold(0.0, f64::max)
        .min(WIDEST_LEGEND)
        + 40.0;
    let right = WIDTH - 16.0 - legend_width;
    let y_scale = Scale::new(&ticks, TOP + PLOT_HEIGHT, TOP);
    let x_at = |period: usize| match trend.periods.len() {
        1 => (LEFT + right) / 2.0,
        n => px(LEFT + 20.0 + (right - LEFT - 40.0) * period as f64 / n.saturating_sub(1) as f64),
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
        right,
        unit.name(),
        options.lang,
    ));
    for (index, period) in trend.periods.iter().enumerate() {
        group = group.add(label(
            x_at(index),
            TOP + PLOT_HEIGHT + 18.0,
            "middle",
            &style.period_label(period.year, period.phase.as_deref()),
        ));
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
fn value_axis(ticks: &Ticks, scale: &Scale, right: f64, unit: &str, lang: Lang) -> Group {
    let mut group = Group::new();
    for &tick in &ticks.values {
        let y = scale.at(tick);
        let color = if tick.is_zero() { MUTED } else { GRID };
        group = group
            .add(grid_line(LEFT, y, right, y, color))
            .add(label(LEFT - 8.0, y + 4.0, "end", &tick_text(tick, lang)).set("fill", MUTED));
    }
    group.add(label(16.0, TOP - 16.0, "start", unit).set("fill", MUTED))
}

/// The line through consecutive values, and a dot at each value.
fn draw_series(
    index: usize,
    series: &Series<'_>,
    points: &[Option<(f64, f64)>],
    color: &str,
    style: &FigureStyle,
) -> Group {
    let mut group = Group::new()
        .set("id", format!("series-{}", index.saturating_add(1)))
        .add(tooltip(series.name));
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
    for (point, value) in points.iter().zip(series.values) {
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

fn legend_entry(index: usize, series: &Series<'_>, x: f64, color: &str) -> Group {
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
        .add(label(x + 24.0, y + 4.0, "start", series.name))
}
