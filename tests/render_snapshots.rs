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
