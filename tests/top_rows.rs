//! `summarize --top` of a large file as JSON Lines or CSV, written as it is
//! made (the read keeps each category's best items by their places in the
//! file; their rows are read back as they are written), against the plain
//! path: the summary of every item, shaped by the outline and rendered
//! whole. The bytes must be the same for every `--top`, `--sort` and
//! `--depth`, whatever the batches.

use std::path::{Path, PathBuf};
use std::process::Command;

use gyeongju_budget::load::progress::Silent;
use gyeongju_budget::load::{Batching, Folded, fold_in_batches, load};
use gyeongju_budget::render::{DisplayOptions, Format, render_summaries, rows_renderer};
use gyeongju_budget::report::outline::{OutlineOptions, SortKey};
use gyeongju_budget::summary::{SummaryBuilder, SummaryOptions, apply_outline, summarize};
use proptest::prelude::*;

/// Every file read in batches of `batch_bytes`.
fn tiny_batches(batch_bytes: usize) -> Batching {
    Batching {
        from_bytes: 0,
        batch_bytes,
    }
}

/// The plain path's output and the rows written as they are made; `None`
/// where the read gives no rows to write (a file with problems, an item
/// whose place is not known: the plain path makes the output).
fn both_ways(
    path: &Path,
    batching: Batching,
    outline: OutlineOptions,
    format: Format,
) -> Option<(String, String)> {
    let options = SummaryOptions::placing(outline);
    let Folded { fold, .. } =
        fold_in_batches::<SummaryBuilder>(batching, &Silent, path, &options)?.ok()?;
    let plan = fold.into_top_rows()?;
    let display = DisplayOptions::default();
    let renderer = rows_renderer(format).expect("writes rows");
    let mut written = renderer.head(plan.head(), &display).expect("renders");
    let render = |rows: &[_], excluded: &[_]| renderer.rows(plan.head(), rows, excluded, &display);
    let mut write = |bytes: &[u8]| {
        written.extend_from_slice(bytes);
        Ok(())
    };
    if plan.write(path, &render, &mut write).is_err() {
        panic!("{}: rows written", path.display());
    }
    let mut plain = summarize(&load(path).expect("loads")).expect("sums");
    apply_outline(&mut plain, &outline);
    let plain = render_summaries(format, &[plain], &display).expect("renders");
    Some((plain, String::from_utf8(written).expect("UTF-8")))
}

/// A file whose categories sit at depths 1 to 3, with items directly under
/// categories that also hold subcategories, equal amounts and names to
/// break ties between, negative amounts, counts (averages), parts, memo
/// figures and targets.
fn mixed_depth_file(count: usize) -> String {
    let categories = ["a", "a/b", "a/b/c", "d", "a/e", "d/f/g", "h", "=x"];
    let mut text = String::from("year = 2026\nregion = \"경주\"\nunit = \"천원\"\n");
    for index in 0..count {
        let category = categories[(index * 5 + index / 7) % categories.len()];
        // Amounts repeat every 11 items, a third of them negative.
        let amount = (index % 11) as i64 * if index % 3 == 0 { -10 } else { 10 };
        let status = if index % 13 == 0 { "target" } else { "planned" };
        let extra = match index % 17 {
            0 => "memo = true\n",
            1 => "counts = { jobs = \"12+\" }\n",
            2 => "parts = { \"국비\" = \"1.5\", local = 1 }\n",
            _ => "",
        };
        text.push_str(&format!(
            "\n[[item]]\nid = \"x{:06}\"\nname = \"사업 {}\"\ncategory = \"{category}\"\n\
             amount = \"{amount}.5\"\nstatus = \"{status}\"\n{extra}",
            // Different for every index below 100,003 (a prime).
            index * 7919 % 100_003,
            index % 4,
        ));
    }
    text
}

fn every_outline() -> Vec<OutlineOptions> {
    let mut outlines = Vec::new();
    for top in [0, 1, 3] {
        for sort in [
            None,
            Some(SortKey::Amount),
            Some(SortKey::Name),
            Some(SortKey::Id),
            Some(SortKey::Change),
        ] {
            for depth in [None, Some(1), Some(2), Some(3)] {
                outlines.push(OutlineOptions {
                    depth,
                    top: Some(top),
                    sort,
                });
            }
        }
    }
    outlines
}

#[test]
fn top_rows_read_back_are_the_plain_rows() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("mixed.toml");
    std::fs::write(&path, mixed_depth_file(300)).expect("written");
    let mut compared = 0;
    for outline in every_outline() {
        for batch_bytes in [200, 4096] {
            for format in [Format::Csv, Format::Jsonl] {
                let (plain, streamed) =
                    both_ways(&path, tiny_batches(batch_bytes), outline, format)
                        .expect("every kept item's place is known");
                assert_eq!(
                    plain, streamed,
                    "{outline:?}, {format:?}, batches of {batch_bytes}"
                );
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 3 * 5 * 4 * 2 * 2);
}

#[test]
fn top_rows_of_committed_files_are_the_plain_rows() {
    let mut files = Vec::new();
    let mut pending = vec![
        PathBuf::from("budgets"),
        PathBuf::from("tests/fixtures"),
        PathBuf::from("tests/cmd/fixtures"),
    ];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir)
            .expect("a committed directory")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    let mut planned = 0;
    for path in &files {
        for outline in [
            OutlineOptions {
                depth: None,
                top: Some(1),
                sort: None,
            },
            OutlineOptions {
                depth: Some(2),
                top: Some(2),
                sort: Some(SortKey::Name),
            },
        ] {
            // Files with problems have no rows here: the plain path
            // reports them.
            if let Some((plain, streamed)) = both_ways(path, tiny_batches(97), outline, Format::Csv)
            {
                assert_eq!(plain, streamed, "{} {outline:?}", path.display());
                planned += 1;
            }
        }
    }
    assert!(planned > 80, "only {planned} committed files were planned");
}

/// Without `--top`, with `--depth 0`, or where a kept item's place is not
/// known, there are no rows to write this way.
#[test]
fn only_a_placed_top_read_has_rows_to_write() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("mixed.toml");
    std::fs::write(&path, mixed_depth_file(50)).expect("written");
    let read = |options: SummaryOptions| {
        let Folded { fold, .. } =
            fold_in_batches::<SummaryBuilder>(tiny_batches(300), &Silent, &path, &options)
                .expect("read in batches")
                .expect("no problems");
        fold.into_top_rows().is_some()
    };
    let top = OutlineOptions {
        depth: None,
        top: Some(2),
        sort: None,
    };
    assert!(read(SummaryOptions::placing(top)));
    assert!(!read(SummaryOptions::from(top)));
    assert!(!read(SummaryOptions::placing(OutlineOptions {
        depth: Some(0),
        ..top
    })));
    assert!(!read(SummaryOptions::placing(OutlineOptions::default())));
    // A `[[item]]` at the start of a line inside a multi-line string: the
    // places of that batch are not trusted.
    let fake = dir.path().join("fake.toml");
    let text = mixed_depth_file(50).replacen(
        "amount = \"0.5\"",
        "note = \"\"\"\n[[item]]\n\"\"\"\namount = \"0.5\"",
        1,
    );
    std::fs::write(&fake, text).expect("written");
    let Folded { fold, .. } = fold_in_batches::<SummaryBuilder>(
        tiny_batches(1 << 20),
        &Silent,
        &fake,
        &SummaryOptions::placing(top),
    )
    .expect("read in batches")
    .expect("no problems");
    assert!(fold.into_top_rows().is_none());
}

/// The command writes a large file's `--top` rows this way, and they are
/// the plain path's.
#[test]
fn the_command_writes_the_plain_rows() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("large.toml");
    // Over 64 KiB: read in batches.
    std::fs::write(&path, mixed_depth_file(1500)).expect("written");
    assert!(std::fs::metadata(&path).unwrap().len() > 64 << 10);
    for (format, name) in [(Format::Csv, "csv"), (Format::Jsonl, "jsonl")] {
        let output = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
            .args([
                "summarize",
                "--top",
                "2",
                "--sort",
                "name",
                "--format",
                name,
            ])
            .arg(&path)
            .output()
            .expect("runs");
        assert!(output.status.success(), "{output:?}");
        let outline = OutlineOptions {
            depth: None,
            top: Some(2),
            sort: Some(SortKey::Name),
        };
        let mut plain = summarize(&load(&path).expect("loads")).expect("sums");
        apply_outline(&mut plain, &outline);
        let plain = render_summaries(format, &[plain], &DisplayOptions::default()).unwrap();
        assert_eq!(String::from_utf8(output.stdout).unwrap(), plain, "{name}");
    }
}

/// One generated item: a category of a small tree, an amount and a name
/// from small sets (so that ties are many), and a status.
fn generated_item() -> impl Strategy<Value = (usize, i64, usize, usize)> {
    (0usize..7, -4i64..6, 0usize..3, 0usize..5)
}

fn generated_file(items: &[(usize, i64, usize, usize)]) -> String {
    let categories = ["a", "a/b", "a/b/c", "d", "d/e", "f/g/h", "a/i"];
    let statuses = ["planned", "actual", "target", "cap", "planned"];
    let mut text = String::from("year = 2025\nregion = \"R\"\nunit = \"won\"\n");
    for (index, &(category, amount, name, status)) in items.iter().enumerate() {
        let memo = if status == 4 { "memo = true\n" } else { "" };
        text.push_str(&format!(
            "[[item]]\nid = \"i{}\"\nname = \"n{name}\"\ncategory = \"{}\"\namount = {}\nstatus = \"{}\"\n{memo}",
            (index * 7) % 61,
            categories[category],
            amount * 5,
            statuses[status],
        ));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn top_rows_match_the_plain_rows_for_any_file(
        items in prop::collection::vec(generated_item(), 1..60),
        top in 0usize..4,
        sort in prop::sample::select(vec![None, Some(SortKey::Amount), Some(SortKey::Name), Some(SortKey::Id)]),
        depth in prop::sample::select(vec![None, Some(1), Some(2), Some(3)]),
        batch_bytes in 1usize..600,
    ) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("p.toml");
        // Ids (i0, i7, i14 ...) are all different below 61 items.
        std::fs::write(&path, generated_file(&items)).expect("written");
        let outline = OutlineOptions { depth, top: Some(top), sort };
        let (plain, streamed) = both_ways(&path, tiny_batches(batch_bytes), outline, Format::Csv)
            .expect("a file without problems has rows to write");
        prop_assert_eq!(plain, streamed);
    }
}
