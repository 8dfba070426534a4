//! Horizontal bar charts: category subtotals (`summarize`) and the change
//! of each category, to the right for increases and to the left for
//! decreases (`diff`).

use rust_decimal::Decimal;
use svg::node::element::{Group, Rectangle};

use crate::amount::{Amount, Unit};
use crate::diff::{Change, ChangeStatus, Diff, DiffRow};
use crate::render::layout::FigureStyle;
use crate::render::svg::{
    GRID, INK, MUTED, Panel, Scale, Ticks, WIDTH, axis_unit, grid_line, heading, in_unit, label,
    text_width, tick_text, tooltip,
};
use crate::render::{DisplayOptions, Lang};
use crate::summary::{Row, Summary};

/// Top-level categories darkest, deeper ones lighter.
const DEPTH_FILLS: [&str; 4] = ["#2f6db5", "#5a8fd0", "#8db3e2", "#b9d0ee"];
const INCREASE: &str = "#1a9850";
const DECREASE: &str = "#d73027";
const UNCHANGED: &str = "#999999";

const TOP: f64 = 64.0;
const ROW: f64 = 24.0;
const BAR: f64 = 16.0;
const INDENT: f64 = 14.0;
/// Room for the figure written beside a bar.
const FIGURE_ROOM: f64 = 130.0;
const WIDEST_LABELS: f64 = 340.0;

/// One bar: a category, its value in won, and the figure written beside it.
struct Bar {
    name: String,
    depth: usize,
    won: Decimal,
    figure: String,
    fill: &'static str,
}

pub(super) fn summary_panel(summary: &Summary, options: &DisplayOptions) -> Panel {
    let style = FigureStyle::new(options, summary.file_unit);
    let bars: Vec<Bar> = summary
        .rows
        .iter()
        .filter_map(|row| match row {
            Row::Category(category) => Some(Bar {
                name: category.category.last().to_owned(),
                depth: category.depth.saturating_sub(1),
                won: category.subtotal.won(),
                figure: format!(
                    "{} · {}",
                    style.amount(category.subtotal),
                    style.percent(category.share_pct)
                ),
                fill: DEPTH_FILLS[category
                    .depth
                    .saturating_sub(1)
                    .min(DEPTH_FILLS.len().saturating_sub(1))],
            }),
            _ => None,
        })
        .collect();
    let title = style.file_title(&summary.region, summary.year, summary.phase.as_deref());
    let subtitle = match options.lang {
        Lang::En => format!("Category subtotals · total {}", style.amount(summary.total)),
        Lang::Ko => format!("분류별 소계 · 합계 {}", style.amount(summary.total)),
    };
    bar_panel(&title, &subtitle, &bars, options, summary.file_unit)
}

pub(super) fn diff_panel(diff: &Diff, options: &DisplayOptions) -> Panel {
    let style = FigureStyle::new(options, diff.new.file_unit);
    let labels = style.labels();
    let bars: Vec<Bar> = diff
        .rows
        .iter()
        .filter_map(|row| match row {
            DiffRow::Category(category) => {
                let amount = moved(&category.change);
                let change = style.change(amount);
                let figure = match category.change.status {
                    ChangeStatus::New => format!("{change} ({})", labels.new),
                    ChangeStatus::Removed => format!("{change} ({})", labels.removed),
                    _ => match category.change.change_pct {
                        Some(pct) => format!("{change} ({})", style.percent_change(pct)),
                        None => change,
                    },
                };
                let won = amount.won();
                Some(Bar {
                    name: category.category.last().to_owned(),
                    depth: category.depth.saturating_sub(1),
                    won,
                    figure,
                    fill: if won > Decimal::ZERO {
                        INCREASE
                    } else if won < Decimal::ZERO {
                        DECREASE
                    } else {
                        UNCHANGED
                    },
                })
            }
            _ => None,
        })
        .collect();
    let old_label = style.period_label(diff.old.year, diff.old.phase.as_deref());
    let new_label = style.period_label(diff.new.year, diff.new.phase.as_deref());
    let title = format!("{}: {old_label} → {new_label}", diff.new.region);
    let total = |amount: Option<Amount>| amount.map_or_else(|| "—".to_owned(), |a| style.amount(a));
    let subtitle = format!(
        "{} · {} {} → {} ({})",
        match options.lang {
            Lang::En => "Change by category",
            Lang::Ko => "분류별 증감",
        },
        labels.total,
        total(diff.total.old),
        total(diff.total.new),
        style.change(moved(&diff.total)),
    );
    bar_panel(&title, &subtitle, &bars, options, diff.new.file_unit)
}

/// How much a figure moved: the change, or the whole amount of what is
/// new (up) or removed (down).
fn moved(change: &Change) -> Amount {
    match (change.change, change.new, change.old) {
        (Some(amount), _, _) | (None, Some(amount), None) => amount,
        // Negation only flips the sign: it cannot overflow.
        (None, None, Some(old)) => Amount::ZERO.checked_sub(old).unwrap_or(old),
        _ => Amount::ZERO,
    }
}

/// Names on the left, bars from zero, the figure beside each bar, and an
/// axis in one unit underneath.
fn bar_panel(
    title: &str,
    subtitle: &str,
    bars: &[Bar],
    options: &DisplayOptions,
    file_unit: Unit,
) -> Panel {
    let largest = bars.iter().map(|b| b.won.abs()).max().unwrap_or_default();
    let unit = axis_unit(options, file_unit, largest);
    let values: Vec<Decimal> = bars.iter().map(|b| in_unit(b.won, unit)).collect();
    let ticks = Ticks::covering(
        values.iter().copied().min().unwrap_or_default(),
        values.iter().copied().max().unwrap_or_default(),
    );
    let names_width = bars
        .iter()
        .map(|b| b.depth as f64 * INDENT + text_width(&b.name))
        .fold(0.0, f64::max)
        .min(WIDEST_LABELS);
    let left_room = if ticks.low() < Decimal::ZERO {
        FIGURE_ROOM
    } else {
        0.0
    };
    let scale = Scale::new(
        &ticks,
        16.0 + names_width + 12.0 + left_room,
        WIDTH - FIGURE_ROOM,
    );
    let bottom = TOP + ROW * bars.len() as f64;
    let mut group = Group::new().add(heading(title, subtitle)).add(axis(
        &ticks,
        &scale,
        bottom,
        unit,
        options.lang,
    ));
    for (index, (bar, value)) in bars.iter().zip(&values).enumerate() {
        group = group.add(draw_bar(index, bar, *value, &scale));
    }
    Panel {
        group,
        height: bottom + 56.0,
    }
}

/// Grid lines at the ticks, the zero line, tick labels and the unit.
fn axis(ticks: &Ticks, scale: &Scale, bottom: f64, unit: Unit, lang: Lang) -> Group {
    let mut group = Group::new();
    for &tick in &ticks.values {
        let x = scale.at(tick);
        let color = if tick.is_zero() { MUTED } else { GRID };
        group = group
            .add(grid_line(x, TOP - 4.0, x, bottom, color))
            .add(label(x, bottom + 16.0, "middle", &tick_text(tick, lang)).set("fill", MUTED));
    }
    let middle = (scale.at(ticks.low()) + scale.at(ticks.high())) / 2.0;
    group.add(label(middle, bottom + 36.0, "middle", unit.name()).set("fill", MUTED))
}

fn draw_bar(index: usize, bar: &Bar, value: Decimal, scale: &Scale) -> Group {
    let y = TOP + ROW * index as f64;
    let zero = scale.at(Decimal::ZERO);
    let end = scale.at(value);
    let (figure_x, anchor) = if value < Decimal::ZERO {
        (end - 6.0, "end")
    } else {
        (end + 6.0, "start")
    };
    Group::new()
        .set("id", format!("bar-{}", index.saturating_add(1)))
        .add(tooltip(&format!("{}: {}", bar.name, bar.figure)))
        .add(label(
            16.0 + bar.depth as f64 * INDENT,
            y + BAR - 3.0,
            "start",
            &bar.name,
        ))
        .add(
            Rectangle::new()
                .set("x", zero.min(end))
                .set("y", y)
                .set("width", super::px((end - zero).abs()))
                .set("height", BAR)
                .set("fill", bar.fill),
        )
        .add(label(figure_x, y + BAR - 3.0, anchor, &bar.figure).set("fill", INK))
}
