//! Snapshots of every renderer on `tests/fixtures/render.toml`.
//!
//! The figures in the snapshots were checked by hand (in 억원):
//! total 1200 + 50 - 10 = 1,240; 금융 1,250 = 100.81%; 대출 1,200 = 96.77%;
//! 펀드 50 = 4.03%; other -10 = -0.81%. Averages: 1200억 / 40+ 기업 is at
//! most 30억; 50억 / 3 = 16.67억; -10억 / 2+ is at least -5억. Long
//! quotients in JSON and CSV were checked against Python's `decimal` at 28
//! digits. The target (1조원) is listed apart and never added.

use gyeongju_budget::load::load;
use gyeongju_budget::render::{DisplayOptions, Format, UnitChoice, render_summaries};
use gyeongju_budget::summary::summarize;

fn render(format: Format, options: DisplayOptions) -> String {
    let file = load("tests/fixtures/render.toml").expect("fixture loads");
    let summary = summarize(&file).expect("fixture sums");
    render_summaries(format, &[summary], &options).expect("renders")
}

#[test]
fn table() {
    insta::assert_snapshot!(render(Format::Table, DisplayOptions::default()));
}

#[test]
fn table_in_readable_units() {
    let options = DisplayOptions {
        unit: UnitChoice::Auto,
        ..DisplayOptions::default()
    };
    insta::assert_snapshot!(render(Format::Table, options));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(render(Format::Markdown, DisplayOptions::default()));
}

#[test]
fn json() {
    insta::assert_snapshot!(render(Format::Json, DisplayOptions::default()));
}

#[test]
fn csv() {
    insta::assert_snapshot!(render(Format::Csv, DisplayOptions::default()));
}

/// `diff` of `tests/cmd/fixtures/units-old.toml` (억원) and
/// `units-new.toml` (billion won), checked by hand in billion won: loans
/// 240.4 -> 264.6 (+24.2, +10.07%), refund -1.0 -> -0.5 (+0.5, +50% over
/// |old|), total 239.4 -> 264.1 (+24.7). Shares: loans 100.42% -> 100.19%.
fn render_diff(format: Format) -> String {
    let old = load("tests/cmd/fixtures/units-old.toml").expect("fixture loads");
    let new = load("tests/cmd/fixtures/units-new.toml").expect("fixture loads");
    let compared = gyeongju_budget::diff::diff(&old, &new, true).expect("fixture sums");
    gyeongju_budget::render::renderer(format)
        .diff(&compared, &DisplayOptions::default())
        .expect("renders")
}

#[test]
fn diff_json() {
    insta::assert_snapshot!(render_diff(Format::Json));
}

#[test]
fn diff_csv() {
    insta::assert_snapshot!(render_diff(Format::Csv));
}

/// `trend` of the same two files: loans CAGR over one year = +10.07%; the
/// refund's base is negative, so its CAGR is undefined (null).
#[test]
fn trend_json() {
    let files = [
        "tests/cmd/fixtures/units-new.toml",
        "tests/cmd/fixtures/units-old.toml",
    ]
    .map(|path| load(path).expect("fixture loads"));
    let over_time = gyeongju_budget::trend::trend(&files).expect("fixture sums");
    let text = gyeongju_budget::render::renderer(Format::Json)
        .trend(&over_time, &DisplayOptions::default())
        .expect("renders");
    insta::assert_snapshot!(text);
}
