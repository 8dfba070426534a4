//! Every command's computation and every format's renderer over loaded
//! files, shared by the deterministic smoke run (`tests/fuzz_smoke.rs`) and
//! the cargo-fuzz target `fuzz/fuzz_targets/render.rs`. Errors (a sum that
//! cannot be held exactly) are fine; a panic is not.

use gyeongju_budget::amount::Unit;
use gyeongju_budget::diff::{self, diff};
use gyeongju_budget::model::YearFile;
use gyeongju_budget::render::{DisplayOptions, Format, Lang, UnitChoice, renderer};
use gyeongju_budget::report::outline::{OutlineOptions, SortKey};
use gyeongju_budget::summary::{self, summarize};
use gyeongju_budget::trend::{self, trend};

/// The display options tried: the default, and ones that take the
/// renderers down their other paths (a fixed small unit for the largest
/// figures, readable units, Korean, colour and share bars, a narrow
/// terminal, no decimals and many).
pub fn display_options() -> Vec<DisplayOptions> {
    let won = Unit::parse("won").expect("a known unit");
    let jo = Unit::parse("조원").expect("a known unit");
    vec![
        DisplayOptions::default(),
        DisplayOptions {
            unit: UnitChoice::Fixed(won),
            decimals: 0,
            decimals_asked: true,
            lang: Lang::Ko,
            color: true,
            share_bars: true,
            width: Some(40),
        },
        DisplayOptions {
            unit: UnitChoice::Auto,
            decimals: 12,
            decimals_asked: true,
            lang: Lang::En,
            color: true,
            share_bars: true,
            width: Some(200),
        },
        DisplayOptions {
            unit: UnitChoice::Fixed(jo),
            lang: Lang::Ko,
            ..DisplayOptions::default()
        },
    ]
}

/// The outline options tried: none, and depth, top and sort together.
pub fn outline_options() -> Vec<OutlineOptions> {
    vec![
        OutlineOptions {
            depth: None,
            top: None,
            sort: None,
        },
        OutlineOptions {
            depth: Some(1),
            top: Some(1),
            sort: Some(SortKey::Change),
        },
        OutlineOptions {
            depth: Some(0),
            top: None,
            sort: Some(SortKey::ChangePct),
        },
        OutlineOptions {
            depth: None,
            top: Some(2),
            sort: Some(SortKey::Amount),
        },
    ]
}

/// Every output format.
pub fn every_format() -> [Format; 6] {
    // A format added to the program fails to compile here until listed.
    let _listed = |format: Format| match format {
        Format::Table
        | Format::Json
        | Format::Csv
        | Format::Markdown
        | Format::Jsonl
        | Format::Svg => {}
    };
    [
        Format::Table,
        Format::Json,
        Format::Csv,
        Format::Markdown,
        Format::Jsonl,
        Format::Svg,
    ]
}

/// `summarize`, `diff` and `trend` of `old` and `new`, shaped by `outline`,
/// in every format with `options`.
pub fn render_everything(
    old: &YearFile,
    new: &YearFile,
    outline: &OutlineOptions,
    options: &DisplayOptions,
) {
    let formats = &every_format();
    let summaries: Vec<_> = [old, new]
        .into_iter()
        .filter_map(|file| summarize(file).ok())
        .map(|mut summary| {
            summary::apply_outline(&mut summary, outline);
            summary
        })
        .collect();
    for format in formats {
        let _ = renderer(*format).summaries(&summaries, options);
    }
    for include_unchanged in [false, true] {
        if let Ok(mut compared) = diff(old, new, include_unchanged) {
            diff::apply_outline(&mut compared, outline);
            for format in formats {
                let _ = renderer(*format).diff(&compared, options);
            }
        }
    }
    if let Ok(mut series) = trend(&[old.clone(), new.clone()]) {
        trend::apply_outline(&mut series, outline);
        for format in formats {
            let _ = renderer(*format).trend(&series, options);
        }
    }
}
