//! Horizontal bar charts: category subtotals (`summarize`) and the change
//! of each category, to the right for increases and to the left for
//! decreases (`diff`).

use rust_decimal::Decimal;
use svg::node::element::{Group, Rectangle};

use crate::amount::{Amount, Unit};
use crate::diff::{Change, ChangeStatus, Diff, DiffRow};
use crate::render::layout::FigureStyle;
use crate::render::svg::{
    GRID, INK, MUTED, Panel, Scale, Ticks, WIDTH, axis_unit, ellipsised, grid_line, heading,
    in_unit, label, label_stride, text_width, tick_text, tooltip,
};
use crate::render::{DisplayOptions, Lang, UnitChoice};
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
/// Least room for the figure written beside a bar.
const FIGURE_ROOM: f64 = 130.0;
const WIDEST_LABELS: f64 = 300.0;
/// Most bars in one chart: beyond it, top-level categories only, and past
/// the largest of those one bar for the rest, so that a national file
/// still makes a picture of a few hundred pixels.
const MOST_BARS: usize = 30;

/// One bar: a category, its value in won, and the figure written beside it.
struct Bar {
    name: String,
    depth: usize,
    won: Decimal,
    figure: String,
    fill: &'static str,
}

/// The rows a chart can hold: all if few; else the top-level ones, and
/// past `MOST_BARS - 1` of those the largest (by `size`) in their order,
/// with the rest returned apart to be drawn as one bar.
fn bounded<T>(
    rows: Vec<T>,
    depth: impl Fn(&T) -> usize,
    size: impl Fn(&T) -> Decimal,
) -> (Vec<T>, Vec<T>) {
    if rows.len() <= MOST_BARS {
        return (rows, Vec::new());
    }
    let top: Vec<T> = rows.into_iter().filter(|row| depth(row) <= 1).collect();
    if top.len() <= MOST_BARS {
        return (top, Vec::new());
    }
    let mut by_size: Vec<usize> = (0..top.len()).collect();
    by_size.sort_by_key(|&index| std::cmp::Reverse(size(&top[index]).abs()));
    let keep_count = MOST_BARS.saturating_sub(1);
    let mut kept_indexes = by_size[..keep_count].to_vec();
    kept_indexes.sort_unstable();
    let mut kept = Vec::new();
    let mut rest = Vec::new();
    for (index, row) in top.into_iter().enumerate() {
        if kept_indexes.binary_search(&index).is_ok() {
            kept.push(row);
        } else {
            rest.push(row);
        }
    }
    (kept, rest)
}

/// The label of the one bar for `count` categories left out.
fn rest_label(count: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("… {count} more categories"),
        Lang::Ko => format!("… 외 {count}개 분류"),
    }
}

/// The exact sum of some amounts; `None` if it leaves `Decimal`'s range.
fn sum_of(mut amounts: impl Iterator<Item = Amount>) -> Option<Amount> {
    amounts.try_fold(Amount::ZERO, Amount::checked_add)
}

pub(super) fn summary_panel(summary: &Summary, options: &DisplayOptions) -> Panel {
    let style = FigureStyle::new(options, summary.file_unit);
    let categories: Vec<&crate::summary::CategoryRow> = summary
        .rows
        .iter()
        .filter_map(|row| match row {
            Row::Category(category) => Some(category),
            _ => None,
        })
        .collect();
    let (shown, rest) = bounded(categories, |c| c.depth, |c| c.subtotal.won());
    let mut bars: Vec<Bar> = shown
        .into_iter()
        .map(|category| Bar {
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
        })
        .collect();
    if let Some(sum) = sum_of(rest.iter().map(|c| c.subtotal))
        && !rest.is_empty()
    {
        let share = rest
            .iter()
            .map(|c| c.share_pct)
            .try_fold(Decimal::ZERO, |total, share| total.checked_add(share?));
        bars.push(Bar {
            name: rest_label(rest.len(), options.lang),
            depth: 0,
            won: sum.won(),
            figure: format!("{} · {}", style.amount(sum), style.percent(share)),
            fill: UNCHANGED,
        });
    }
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
    let categories: Vec<&crate::diff::CategoryChange> = diff
        .rows
        .iter()
        .filter_map(|row| match row {
            DiffRow::Category(category) => Some(category),
            _ => None,
        })
        .collect();
    let (shown, rest) = bounded(categories, |c| c.depth, |c| moved(&c.change).won());
    let fill_of = |won: Decimal| {
        if won > Decimal::ZERO {
            INCREASE
        } else if won < Decimal::ZERO {
            DECREASE
        } else {
            UNCHANGED
        }
    };
    let mut bars: Vec<Bar> = shown
        .into_iter()
        .map(|category| {
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
            Bar {
                name: category.category.last().to_owned(),
                depth: category.depth.saturating_sub(1),
                won,
                figure,
                fill: fill_of(won),
            }
        })
        .collect();
    if let Some(sum) = sum_of(rest.iter().map(|c| moved(&c.change)))
        && !rest.is_empty()
    {
        bars.push(Bar {
            name: rest_label(rest.len(), options.lang),
            depth: 0,
            won: sum.won(),
            figure: style.change(sum),
            fill: fill_of(sum.won()),
        });
    }
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
    let in_axis_unit = |unit: Unit| {
        let values: Vec<Decimal> = bars.iter().map(|b| in_unit(b.won, unit)).collect();
        let ticks = Ticks::covering(
            values.iter().copied().min().unwrap_or_default(),
            values.iter().copied().max().unwrap_or_default(),
        );
        (unit, values, ticks)
    };
    let (mut unit, mut values, mut ticks) = in_axis_unit(axis_unit(options, file_unit, largest));
    let names_width = bars
        .iter()
        .map(|b| b.depth as f64 * INDENT + text_width(&b.name))
        .fold(0.0, f64::max)
        .min(WIDEST_LABELS);
    // Figures are written beside their bars: room for the widest.
    let figure_room = bars
        .iter()
        .map(|b| text_width(&b.figure) + 12.0)
        .fold(FIGURE_ROOM, f64::max);
    let left_room = if ticks.low() < Decimal::ZERO {
        figure_room
    } else {
        0.0
    };
    let (from, to) = (16.0 + names_width + 12.0 + left_room, WIDTH - figure_room);
    // Tick labels in a small file unit (천원) too wide for their spacing:
    // the axis is drawn in a readable unit instead, named under it.
    if options.unit == UnitChoice::FileUnit && crowded(&ticks, to - from, options.lang) {
        let korean = file_unit.is_korean() || options.lang == Lang::Ko;
        (unit, values, ticks) =
            in_axis_unit(Unit::readable_in(largest, korean, file_unit.currency()));
    }
    let scale = Scale::new(&ticks, from, to);
    let bottom = TOP + ROW * bars.len() as f64;
    let mut group = Group::new().add(heading(title, subtitle)).add(axis(
        &ticks,
        &scale,
        bottom,
        unit,
        options.lang,
    ));
    for (index, (bar, value)) in bars.iter().zip(&values).enumerate() {
        let room = names_width - bar.depth as f64 * INDENT;
        group = group.add(draw_bar(index, bar, *value, &scale, room));
    }
    Panel {
        group,
        height: bottom + 56.0,
    }
}

/// Whether the tick labels are wider than the space between ticks
/// across `width` pixels.
fn crowded(ticks: &Ticks, width: f64, lang: Lang) -> bool {
    let gaps = ticks.values.len().saturating_sub(1).max(1) as f64;
    let widest = ticks
        .values
        .iter()
        .map(|&t| text_width(&tick_text(t, lang)))
        .fold(0.0, f64::max);
    label_stride(widest, width / gaps) > 1
}

/// Grid lines at the ticks, the zero line, tick labels and the unit.
fn axis(ticks: &Ticks, scale: &Scale, bottom: f64, unit: Unit, lang: Lang) -> Group {
    let mut group = Group::new();
    let texts: Vec<String> = ticks.values.iter().map(|&t| tick_text(t, lang)).collect();
    let widest = texts.iter().map(|t| text_width(t)).fold(0.0, f64::max);
    let spacing = match ticks.values.as_slice() {
        [first, second, ..] => scale.at(*second) - scale.at(*first),
        _ => f64::INFINITY,
    };
    // Labels too wide for their spacing: every k-th, counted from zero so
    // that zero keeps its label.
    let stride = label_stride(widest, spacing);
    let zero_index = ticks.values.iter().position(|t| t.is_zero()).unwrap_or(0);
    let mut labelled: Vec<f64> = Vec::new();
    let shown = |x: f64, labelled: &mut Vec<f64>| {
        let free = labelled
            .iter()
            .all(|&other| (other - x).abs() >= widest + 8.0);
        if free {
            labelled.push(x);
        }
        free
    };
    let last = ticks.values.len().saturating_sub(1);
    // Zero and every k-th from it, then the ends where they fit.
    let mut order: Vec<usize> = (0..ticks.values.len())
        .filter(|i| i.abs_diff(zero_index).checked_rem(stride) == Some(0))
        .collect();
    order.extend([0, last]);
    for &tick in &ticks.values {
        let color = if tick.is_zero() { MUTED } else { GRID };
        let x = scale.at(tick);
        group = group.add(grid_line(x, TOP - 4.0, x, bottom, color));
    }
    for index in order {
        let x = scale.at(ticks.values[index]);
        // A tick already labelled is no farther than 0 from itself.
        if shown(x, &mut labelled) {
            group = group.add(label(x, bottom + 16.0, "middle", &texts[index]).set("fill", MUTED));
        }
    }
    let middle = (scale.at(ticks.low()) + scale.at(ticks.high())) / 2.0;
    group.add(label(middle, bottom + 36.0, "middle", unit.name()).set("fill", MUTED))
}

/// One bar with its name (cut to `name_room` pixels) and figure.
fn draw_bar(index: usize, bar: &Bar, value: Decimal, scale: &Scale, name_room: f64) -> Group {
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
            &ellipsised(&bar.name, name_room),
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
