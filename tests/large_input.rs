//! The binary on input large enough to be read in batches: such input also
//! switches the binary to its other allocator (mimalloc, chosen before the
//! first allocation from the sizes of the files named). Whatever the path,
//! the figures must be the library's plain ones.

use std::process::Command;

use gyeongju_budget::diff::{apply_outline as outline_diff, diff};
use gyeongju_budget::load::load;
use gyeongju_budget::outline::OutlineOptions;
use gyeongju_budget::render::{DisplayOptions, Format, render_summaries, renderer};
use gyeongju_budget::stream::Batching;
use gyeongju_budget::summary::{apply_outline, summarize};

/// A year file of at least `bytes`, items in two-level categories.
fn year_file(year: u32, bytes: u64) -> String {
    let mut text = format!("year = {year}\nregion = \"경주\"\nunit = \"천원\"\n");
    let mut index = 0;
    while (text.len() as u64) < bytes {
        text.push_str(&format!(
            "\n[[item]]\nid = \"i{index}\"\nname = \"항목 {index}\"\ncategory = \"c{}/d{}\"\namount = {}\n",
            index % 7,
            index % 11,
            (index * 7919 + u64::from(year)) % 100_000
        ));
        index += 1;
    }
    text
}

fn run(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn batched_files_give_the_plain_figures_from_the_binary() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let large = Batching::default().from_bytes;
    let old = dir.path().join("2025.toml");
    let new = dir.path().join("2026.toml");
    std::fs::write(&old, year_file(2025, large)).expect("written");
    std::fs::write(&new, year_file(2026, large)).expect("written");
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let outline = OutlineOptions {
        depth: Some(1),
        ..OutlineOptions::default()
    };
    let options = DisplayOptions::default();

    let mut summary = summarize(&load(new).expect("loads")).expect("sums");
    apply_outline(&mut summary, &outline);
    let expected = render_summaries(Format::Json, &[summary], &options).expect("renders");
    assert_eq!(
        run(&["summarize", "--format", "json", "--depth", "1", new]),
        expected
    );

    let mut compared = diff(&load(old).unwrap(), &load(new).unwrap(), false).expect("sums");
    outline_diff(&mut compared, &outline);
    let expected = renderer(Format::Json)
        .diff(&compared, &options)
        .expect("renders");
    assert_eq!(
        run(&["diff", "--format", "json", "--depth", "1", old, new]),
        expected
    );
}
