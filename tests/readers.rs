//! The two readers against each other on generated year files: the batched
//! reader (forced on, whatever the size, with batches of a few dozen bytes)
//! and the plain one must give the same file, or the same first error at
//! the same line and column, the one `check` lists first; and the same
//! summary, or the same error.
//!
//! The files have the year-file shape with whatever TOML allows or forbids
//! in it: static arrays (`item = []`) before `[[item]]` tables, duplicate
//! keys and ids, literal and multi-line strings (some holding `[[item]]`),
//! quoted and dotted keys, sub-tables, comments, CRLF, sums too large to
//! hold, and a mistake placed anywhere.

use gyeongju_budget::commands::CommandError;
use gyeongju_budget::load::progress::Silent;
use gyeongju_budget::load::{
    Batching, Folded, fold_file, load, load_file, parse_bytes_recoverable,
};
use gyeongju_budget::render::{DisplayOptions, Format, render_summaries};
use gyeongju_budget::report::outline::OutlineOptions;
use gyeongju_budget::summary::SummaryBuilder;
use proptest::prelude::*;

/// An amount of 5 × 10²⁸ won: two are more than a sum can hold.
const HUGE: &str = "50000000000000000조";

/// One of the ways to write a line: mostly the usual ones, often an
/// unusual but valid one, now and then a wrong one.
fn written(
    usual: &[&'static str],
    unusual: &[&'static str],
    wrong: &[&'static str],
) -> BoxedStrategy<&'static str> {
    let mut choices: Vec<(u32, BoxedStrategy<&'static str>)> = Vec::new();
    for (weight, lines) in [(24, usual), (6, unusual), (1, wrong)] {
        if !lines.is_empty() {
            choices.push((weight, prop::sample::select(lines.to_vec()).boxed()));
        }
    }
    prop::strategy::Union::new_weighted(choices).boxed()
}

/// The top of a file: the year, the region, maybe a unit, and something
/// else TOML allows there (or forbids before `[[item]]` tables).
fn head() -> impl Strategy<Value = String> {
    let region = written(
        &["region = \"경주\"\n"],
        &[
            "region = '경주'\n",
            "\"region\" = \"x\"\n",
            "region = \"\"\"\n경주\"\"\"\n",
            "region = \"a\" # 주석\n",
        ],
        &[],
    );
    let unit = written(
        &["", "unit = \"억원\"\n"],
        &["unit = '천원'\n", "unit = \"원\"\n"],
        &[],
    );
    // Static arrays are what `[[item]]` and `[[total]]` tables may not
    // extend: wrong, but the point of this test, so they come often.
    let extra = prop_oneof![
        6 => prop::sample::select(vec!["", "# a comment\n\n", "phase = \"planned\"\n"]),
        2 => prop::sample::select(vec![
            "phase = \"\"\"\n[[item]]\nid = \"fake\"\n\"\"\"\n",
            "[[total]]\namount = 7\n",
            " [[item]]\nid = \"h\"\nname = \"H\"\ncategory = \"a/h\"\namount = \"50000000000000000조\"\n",
        ]),
        1 => prop::sample::select(vec![
            "item = []\n",
            "item = [{ id = \"s\", name = \"S\", category = \"a/b\", amount = 5 }]\n",
            "total = [{ amount = 3 }]\n",
            "total = []\n",
            "item.x = 1\n",
        ]),
    ];
    (unit, region, prop::collection::vec(extra, 0..3)).prop_map(|(unit, region, extras)| {
        format!("year = 2025\n{unit}{region}{}", extras.concat())
    })
}

/// One `[[item]]` (and now and then a `[[total]]`) as text; `{}` in its
/// id stands for its index (some ids repeat another's instead).
fn table() -> impl Strategy<Value = String> {
    let header = written(
        &["[[item]]"],
        &["[[ item ]]", " [[item]]", "[[item]] # 사업"],
        &[],
    );
    let id = written(
        &["id = \"i{}\""],
        &["id = 'i{}'", "\"id\" = \"i{}\""],
        &["id = \"i0\""],
    );
    let name = written(
        &["name = \"n\""],
        &[
            "name = 'n # not a comment'",
            "name = \"\"\"\nmulti\nline\"\"\"",
            "name = \"\"\"\n[[item]]\nid = \"fake\"\n\"\"\"",
            "name = '''\n[[item]]'''",
            "name = \"a\\tb\"",
        ],
        &[],
    );
    let category = written(
        &["category = \"a/b\"", "category = \"a\""],
        &["category = 'a/c/d'"],
        &["category.x = 1"],
    );
    let amount = written(
        &[
            "amount = 1",
            "amount = 240.40",
            "amount = \"2억원\"",
            "amount = \"50000000000000000조\"",
        ],
        &["amount = -3", "amount = 1_000"],
        &["amount = 1e3", "amount = \"12 bilion\"", "amount = 0x10"],
    );
    let extra = written(
        &[
            "",
            "# a comment",
            "counts = { c = 3 }",
            "status = \"planned\"",
        ],
        &[
            "   ",
            "counts.c = 3",
            "counts = {\n  c = 3,\n}",
            "parts = { x = 1, \"y\" = \"2억원\" }",
            "note = \"x\" # c",
            "overlaps = true",
            "stated = { change = 1 }",
            "[item.counts]\nc = 2",
        ],
        &["amount = 2", "ammount = 1"],
    );
    let total = written(
        &["[[total]]\ncategory = \"a\"\namount = \"3억원\""],
        &[],
        &["[[total]]\namount = 1"],
    );
    (
        header,
        id,
        name,
        category,
        amount,
        prop::collection::vec(extra, 0..3),
        prop::option::weighted(0.1, total),
    )
        .prop_map(|(header, id, name, category, amount, extras, total)| {
            let mut text = format!("\n{header}\n{id}\n{name}\n{category}\n{amount}\n");
            let mut seen = Vec::new();
            for extra in extras {
                if seen.contains(&extra) {
                    continue;
                }
                seen.push(extra);
                text.push_str(extra);
                text.push('\n');
            }
            if let Some(total) = total {
                text.push_str(&format!("\n{total}\n"));
            }
            text
        })
}

/// A mistake to place somewhere, as bytes.
fn mistake() -> impl Strategy<Value = Vec<u8>> {
    prop::sample::select(vec![
        b"id = = 3\n".to_vec(),
        b"x = \"unterminated\n".to_vec(),
        b"\0".to_vec(),
        b"\xff".to_vec(),
        b"\xea\xb2".to_vec(),
        b"[item]\n".to_vec(),
        b"[[item]\n".to_vec(),
        b"\r".to_vec(),
    ])
}

/// A whole file: its top, its tables, maybe a mistake at some byte, maybe
/// with CRLF line ends.
fn year_file() -> impl Strategy<Value = Vec<u8>> {
    (
        head(),
        prop::collection::vec(table(), 0..8),
        prop::option::weighted(0.2, (mistake(), any::<prop::sample::Index>())),
        any::<bool>(),
    )
        .prop_map(|(head, tables, mistake, crlf)| {
            let mut text = head;
            for (index, table) in tables.iter().enumerate() {
                text.push_str(&table.replace("{}", &index.to_string()));
            }
            // A fraction beside a 29-digit sum is beyond `Decimal`, and how it
            // is rounded depends on the order of the additions (issue 12,
            // item 4, is about that): whole figures only in such files.
            if text.contains(HUGE) {
                text = text.replace("240.40", "240");
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            let mut bytes = text.into_bytes();
            if let Some((mistake, at)) = mistake {
                let at = at.index(bytes.len() + 1);
                bytes.splice(at..at, mistake);
            }
            bytes
        })
}

/// Every file read in batches, however small.
fn forced(batch_bytes: usize) -> Batching {
    Batching {
        from_bytes: 0,
        batch_bytes,
    }
}

/// Never in batches.
fn plain() -> Batching {
    Batching {
        from_bytes: u64::MAX,
        batch_bytes: 1 << 20,
    }
}

/// A summary read the way `summarize` reads it, as JSON, or the error.
fn summarized(batching: Batching, path: &str, depth: Option<usize>) -> String {
    let outline = OutlineOptions {
        depth,
        ..OutlineOptions::default()
    };
    let read: Result<Folded<SummaryBuilder>, CommandError> =
        fold_file(batching, &Silent, path, &outline.into());
    match read {
        Ok(folded) => render_summaries(
            Format::Json,
            &[folded.fold.finish()],
            &DisplayOptions::default(),
        )
        .expect("renders"),
        Err(error) => format!("error: {error}"),
    }
}

/// The first problem `check` lists (it lists them in file order), if any.
fn checked_first(bytes: &[u8], path: &str) -> Option<String> {
    let mut problems = parse_bytes_recoverable(bytes, path).err()?;
    problems.sort_by_key(|problem| (problem.line, problem.column));
    problems.first().map(ToString::to_string)
}

fn loaded(path: &str, batching: Option<Batching>) -> String {
    let read = match batching {
        Some(batching) => load_file(batching, &Silent, path),
        None => load(path),
    };
    match read {
        Ok(file) => format!("{file:?}"),
        Err(error) => format!("error: {error}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn both_readers_give_the_same_file_or_the_same_first_error(
        bytes in year_file(),
        batch_bytes in 8usize..300,
        depth in prop::option::of(0usize..3),
    ) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("y.toml");
        std::fs::write(&path, &bytes).expect("written");
        let path = path.to_str().expect("UTF-8 path");
        let plain_file = loaded(path, None);
        prop_assert_eq!(&loaded(path, Some(forced(batch_bytes))), &plain_file);
        let checked = checked_first(&bytes, path);
        prop_assert_eq!(checked.as_deref(), plain_file.strip_prefix("error: "));
        prop_assert_eq!(
            summarized(forced(batch_bytes), path, depth),
            summarized(plain(), path, depth)
        );
    }
}

/// The generator makes what the test is for: files the plain reader takes,
/// files it refuses, and both among those read in batches.
#[test]
fn the_generated_files_include_every_kind() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut good, mut bad, mut static_arrays, mut too_large) = (0, 0, 0, 0);
    let dir = tempfile::tempdir().expect("a temporary directory");
    for _ in 0..200 {
        let bytes = year_file().new_tree(&mut runner).expect("a file").current();
        let path = dir.path().join("y.toml");
        std::fs::write(&path, &bytes).expect("written");
        let path = path.to_str().expect("UTF-8 path");
        if loaded(path, None).starts_with("error:") {
            bad += 1;
        } else {
            good += 1;
        }
        if summarized(plain(), path, None).contains("too large") {
            too_large += 1;
        }
        let text = String::from_utf8_lossy(&bytes);
        if text.contains("item = [") && text.contains("[[item]]") {
            static_arrays += 1;
        }
    }
    assert!(good >= 20 && bad >= 20, "{good} read, {bad} refused");
    assert!(static_arrays >= 10, "{static_arrays}");
    assert!(too_large >= 10, "{too_large}");
}
