//! SVG charts, drawn with the `svg` crate (which escapes text and
//! attributes): a horizontal bar chart of category subtotals for
//! `summarize`, a diverging bar chart of changes for `diff`, and a line
//! chart with one line per category for `trend`. Categories are those the
//! outline shows (`--depth 1` for top-level categories only); targets and
//! caps are not drawn, as they are never added up.
//!
//! Figures are exact until they become pixels: positions are the only
//! floating-point numbers, and every label is the exact figure rounded by
//! the table rules. Axes are in one display unit, named under the axis.

mod bars;
mod lines;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use svg::Document;
use svg::node::element::{Group, Line, Rectangle, Text, Title};
use unicode_width::UnicodeWidthStr;

use crate::amount::{Unit, shift_down};
use crate::diff::Diff;
use crate::render::numbers;
use crate::render::{DisplayOptions, Lang, RenderError, Renderer, UnitChoice};
use crate::summary::Summary;
use crate::trend::Trend;

pub struct SvgRenderer;

impl Renderer for SvgRenderer {
    fn summaries(
        &self,
        summaries: &[Summary],
        options: &DisplayOptions,
    ) -> Result<String, RenderError> {
        let panels = summaries
            .iter()
            .map(|summary| bars::summary_panel(summary, options))
            .collect();
        Ok(finish(panels))
    }

    fn diff(&self, diff: &Diff, options: &DisplayOptions) -> Result<String, RenderError> {
        Ok(finish(vec![bars::diff_panel(diff, options)]))
    }

    fn trend(&self, trend: &Trend, options: &DisplayOptions) -> Result<String, RenderError> {
        Ok(finish(vec![lines::trend_panel(trend, options)]))
    }
}

/// Width of every chart, in pixels.
const WIDTH: f64 = 900.0;
const FONT_SIZE: f64 = 13.0;
/// Fonts with Hangul first, so Korean names are drawn, not boxes.
const FONT_FAMILY: &str =
    "'Noto Sans CJK KR', 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif";
const INK: &str = "#222222";
const MUTED: &str = "#666666";
const GRID: &str = "#dddddd";

/// One chart, and how tall it is.
struct Panel {
    group: Group,
    height: f64,
}

/// Stacks panels into one document on a white background.
fn finish(panels: Vec<Panel>) -> String {
    let height: f64 = panels.iter().map(|p| p.height).sum::<f64>().max(1.0);
    let mut document = Document::new()
        .set("width", WIDTH)
        .set("height", height)
        .set("viewBox", (0, 0, WIDTH, height))
        .set("font-family", FONT_FAMILY)
        .set("font-size", FONT_SIZE)
        .add(
            Rectangle::new()
                .set("width", "100%")
                .set("height", "100%")
                .set("fill", "#ffffff"),
        );
    let mut top = 0.0;
    for panel in panels {
        document = document.add(
            panel
                .group
                .set("transform", format!("translate(0 {})", px(top))),
        );
        top += panel.height;
    }
    let mut text = document.to_string();
    text.push('\n');
    text
}

/// A pixel position, to a tenth of a pixel so the output is stable.
fn px(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// Text from the input, safe in XML: control characters and U+FFFE/U+FFFF
/// (which XML 1.0 forbids) are shown escaped, as are the other characters
/// [`crate::quote`] shows; line breaks become spaces. `<` and `&` are
/// escaped by the `svg` crate.
fn readable(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    crate::quote::visible(&one_line).into_owned()
}

/// A text element at (x, y); `anchor` is start, middle or end.
fn label(x: f64, y: f64, anchor: &str, content: &str) -> Text {
    Text::new(readable(content))
        .set("x", px(x))
        .set("y", px(y))
        .set("text-anchor", anchor)
        .set("fill", INK)
}

/// A tooltip, shown when the pointer rests on its parent.
fn tooltip(content: &str) -> Title {
    Title::new(readable(content))
}

/// Title and subtitle at the top of a panel.
fn heading(title: &str, subtitle: &str) -> Group {
    Group::new()
        .add(
            label(16.0, 24.0, "start", title)
                .set("font-size", 15)
                .set("font-weight", "bold"),
        )
        .add(label(16.0, 44.0, "start", subtitle).set("fill", MUTED))
}

/// Roughly how wide text is drawn: East Asian wide characters take a full
/// em, others a little over half. Layout leaves room by this measure, and
/// `tests/svg.rs` checks with the same one that no two labels overlap.
fn text_width(text: &str) -> f64 {
    UnicodeWidthStr::width(text) as f64 * FONT_SIZE * 0.55
}

/// `text`, cut to fit `room` pixels and ended with "…" when it does not
/// (the full text stays in the tooltip).
fn ellipsised(text: &str, room: f64) -> String {
    if text_width(text) <= room {
        return text.to_owned();
    }
    let mut kept = String::new();
    for character in text.chars() {
        kept.push(character);
        if text_width(&kept) + text_width("…") > room {
            kept.pop();
            break;
        }
    }
    kept.push('…');
    kept
}

/// Every how many'th of evenly spaced labels can be written without two
/// touching: `spacing` pixels apart, the widest `widest` pixels wide.
fn label_stride(widest: f64, spacing: f64) -> usize {
    let needed = widest + 8.0;
    if spacing <= 0.0 || needed <= spacing {
        return 1;
    }
    // A ratio of pixel widths: small and positive.
    (needed / spacing).ceil() as usize
}

/// The one unit of a chart's axis: the one asked for, or the file's, or
/// (for `--unit auto` and Korean per-figure amounts) a readable unit for
/// the largest figure.
fn axis_unit(options: &DisplayOptions, file_unit: Unit, largest_won: Decimal) -> Unit {
    let korean = file_unit.is_korean() || options.lang == Lang::Ko;
    match (options.unit, options.lang) {
        (UnitChoice::Fixed(unit), _) => unit,
        (UnitChoice::FileUnit, Lang::En) => file_unit,
        _ => Unit::readable_in(largest_won, korean, file_unit.currency()),
    }
}

/// A value in won, in `unit`.
fn in_unit(won: Decimal, unit: Unit) -> Decimal {
    shift_down(won, unit.exponent())
}

/// Round tick values covering `min..=max` (and zero): steps of 1, 2 or 5
/// times a power of ten, about five of them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ticks {
    values: Vec<Decimal>,
}

impl Ticks {
    fn covering(min: Decimal, max: Decimal) -> Ticks {
        let low = min.min(Decimal::ZERO);
        let high = max.max(Decimal::ZERO);
        // A fifth of each end: the range itself may leave Decimal's range.
        let fifth = |d: Decimal| d.checked_div(Decimal::from(MOST_STEPS)).unwrap_or_default();
        let step = nice_step(fifth(high).saturating_sub(fifth(low)));
        let index_of = |value: Decimal| value.checked_div(step).unwrap_or_default();
        let first = index_of(low).floor();
        let last = index_of(high)
            .ceil()
            .max(first.saturating_add(Decimal::ONE));
        let mut values = Vec::new();
        let mut index = first;
        while index <= last {
            // The outermost tick of the largest amounts may lie beyond
            // Decimal's range: the axis then ends at the largest value.
            let value = index.checked_mul(step).unwrap_or(if index < Decimal::ZERO {
                Decimal::MIN
            } else {
                Decimal::MAX
            });
            values.push(value.normalize());
            index = index.saturating_add(Decimal::ONE);
        }
        Ticks { values }
    }

    fn low(&self) -> Decimal {
        self.values.first().copied().unwrap_or_default()
    }

    fn high(&self) -> Decimal {
        self.values.last().copied().unwrap_or_default()
    }
}

/// Most steps an axis is split into.
const MOST_STEPS: i64 = 5;

/// The smallest of 1, 2, 5 × 10^k that is at least `raw`, the step a fifth
/// of the range asks for.
fn nice_step(raw: Decimal) -> Decimal {
    if raw <= Decimal::ZERO {
        return Decimal::ONE;
    }
    let mut magnitude = Decimal::ONE;
    while let Some(larger) = magnitude.checked_mul(Decimal::TEN)
        && larger <= raw
    {
        magnitude = larger;
    }
    let smallest = Decimal::new(1, 20);
    while magnitude > raw && magnitude > smallest {
        magnitude = magnitude.checked_div(Decimal::TEN).unwrap_or(smallest);
    }
    [1, 2, 5, 10]
        .into_iter()
        .filter_map(|m| magnitude.checked_mul(Decimal::from(m)))
        .find(|step| *step >= raw)
        .unwrap_or(Decimal::MAX)
}

/// A linear map from values to pixels.
struct Scale {
    low: f64,
    high: f64,
    from: f64,
    to: f64,
}

impl Scale {
    fn new(ticks: &Ticks, from: f64, to: f64) -> Scale {
        // Pixels are the one place for floating point: a position needs no
        // more than its tenth of a pixel.
        Scale {
            low: ticks.low().to_f64().unwrap_or(0.0),
            high: ticks.high().to_f64().unwrap_or(0.0),
            from,
            to,
        }
    }

    fn at(&self, value: Decimal) -> f64 {
        let span = self.high - self.low;
        let fraction = if span == 0.0 {
            0.0
        } else {
            (value.to_f64().unwrap_or(0.0) - self.low) / span
        };
        px(self.from + fraction * (self.to - self.from))
    }
}

/// A tick value as text: thousands grouped; `△` for negatives in Korean.
fn tick_text(value: Decimal, lang: Lang) -> String {
    let text = numbers::group_thousands(&value.normalize().to_string());
    match lang {
        Lang::Ko => numbers::korean_negative(&text),
        Lang::En => text,
    }
}

/// A grid line.
fn grid_line(x1: f64, y1: f64, x2: f64, y2: f64, color: &str) -> Line {
    Line::new()
        .set("x1", px(x1))
        .set("y1", px(y1))
        .set("x2", px(x2))
        .set("y2", px(y2))
        .set("stroke", color)
        .set("stroke-width", 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn ticks(min: &str, max: &str) -> Vec<String> {
        Ticks::covering(dec(min), dec(max))
            .values
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn ticks_are_round_and_cover_zero() {
        // 240.4 / 5 = 48.08: the step is 50, up to ceil(240.4 / 50) = 5 steps.
        assert_eq!(
            ticks("3.5", "240.4"),
            ["0", "50", "100", "150", "200", "250"]
        );
        // -236.2..26.7: range 262.9 / 5 = 52.58, step 100.
        assert_eq!(
            ticks("-236.2", "26.7"),
            ["-300", "-200", "-100", "0", "100"]
        );
        // 0.4..2.5: range 2.5 / 5 = 0.5, step 0.5.
        assert_eq!(ticks("0.4", "2.5"), ["0", "0.5", "1", "1.5", "2", "2.5"]);
        // Nothing but zero still has an axis.
        assert_eq!(ticks("0", "0"), ["0", "1"]);
        // 5e28 / 5 = 1e28: step 1e28, six ticks 0..5e28.
        assert_eq!(ticks("0", "5e28").len(), 6);
        // ±7.9e28: a fifth of each end is 1.58e28, together 3.17e28, step
        // 5e28; -2 × 5e28 and 2 × 5e28 are beyond Decimal, so the axis ends
        // at its extremes.
        assert_eq!(
            ticks(
                "-79228162514264337593543950335",
                "79228162514264337593543950335"
            ),
            [
                "-79228162514264337593543950335",
                "-50000000000000000000000000000",
                "0",
                "50000000000000000000000000000",
                "79228162514264337593543950335"
            ]
        );
    }

    #[test]
    fn scales_are_linear() {
        let scale = Scale::new(&Ticks::covering(dec("0"), dec("250")), 100.0, 600.0);
        assert_eq!(scale.at(dec("0")), 100.0);
        assert_eq!(scale.at(dec("125")), 350.0);
        assert_eq!(scale.at(dec("250")), 600.0);
    }

    #[test]
    fn text_is_made_safe_for_xml() {
        assert_eq!(readable("a\u{1b}[2Jb\nc"), "a\\u{1b}[2Jb c");
        assert_eq!(readable("경주 <시> & co"), "경주 <시> & co");
        // Characters XML 1.0 forbids: U+FFFE, U+FFFF, C0 and C1 controls.
        assert_eq!(
            readable("a\u{fffe}b\u{ffff}\u{1}\u{85}"),
            "a\\u{fffe}b\\u{ffff}\\u{1}\\u{85}"
        );
        assert_eq!(tick_text(dec("-1500"), Lang::Ko), "△1,500");
        assert_eq!(tick_text(dec("0.50"), Lang::En), "0.5");
    }
}
