//! `new` a piece at a time makes the very text (or error, or warning) of
//! `new` on the whole document: on every year file of the repository, on
//! files written oddly on purpose, and on generated ones. Where the pieces
//! cannot show that, they step aside (`Written::Whole`), which is never a
//! different answer; the tests count how often they do not, so that they
//! cannot pass by stepping aside every time.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use gyeongju_budget::load::Batching;
use gyeongju_budget::load::progress::Silent;
use gyeongju_budget::scaffold::{Written, next_year, plan, write_in_pieces};

/// What `new` makes of a file: the text and warnings, or the error.
type Made = Result<(String, Vec<String>), String>;

fn whole(path: &Path, year: i64) -> Made {
    let bytes = std::fs::read(path).unwrap();
    let name = path.to_string_lossy();
    next_year(&bytes, &name, year)
        .map(|made| (made.text, made.warnings))
        .map_err(|error| error.to_string())
}

/// `None` where the pieces step aside.
fn in_pieces(path: &Path, year: i64, batch_bytes: usize) -> Option<Made> {
    let batching = Batching {
        from_bytes: 0,
        batch_bytes,
    };
    let planned = match plan(path, year, batching, &Silent)? {
        Ok(planned) => planned,
        Err(error) => return Some(Err(error.to_string())),
    };
    let mut out = Vec::new();
    match write_in_pieces(&planned, path, &mut out, &Silent).unwrap() {
        Written::Pieces => Some(Ok((String::from_utf8(out).unwrap(), planned.warnings()))),
        Written::Whole => None,
    }
}

/// Whether the pieces made what the whole document makes (`None`: they
/// stepped aside); panics on a difference.
fn same(path: &Path, year: i64, batch_bytes: usize) -> Option<bool> {
    let pieces = in_pieces(path, year, batch_bytes)?;
    let whole = whole(path, year);
    assert_eq!(
        pieces,
        whole,
        "{} in pieces of {batch_bytes} bytes",
        path.display()
    );
    Some(pieces.is_ok())
}

fn toml_files(directory: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            toml_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "toml") {
            found.push(path);
        }
    }
}

#[test]
fn every_year_file_of_the_repository_is_made_the_same_in_pieces() {
    let mut files = Vec::new();
    toml_files(Path::new("budgets"), &mut files);
    // The year files the cases read (not the cases themselves).
    toml_files(Path::new("tests/fixtures"), &mut files);
    toml_files(Path::new("tests/cmd/fixtures"), &mut files);
    files.sort();
    let (mut written, mut refused) = (0, 0);
    for path in &files {
        // A piece an item (a byte: cut at every header).
        match same(path, 2027, 1) {
            Some(true) => written += 1,
            Some(false) => refused += 1,
            None => {}
        }
    }
    // Most year files are made in pieces; most malformed ones are refused
    // with the loader's first error without the whole document.
    assert!(written >= 70, "{written} of {}", files.len());
    assert!(refused >= 20, "{refused} of {}", files.len());
}

/// Writes `text` to a file of its own and compares, in pieces of every
/// item and of a few; whether the pieces made it.
fn compare(text: &str, year: i64) -> bool {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("2026.toml");
    std::fs::write(&path, text).unwrap();
    let mut made = true;
    for batch_bytes in [1, 60, 1 << 16] {
        made &= same(&path, year, batch_bytes).is_some();
    }
    made
}

const HEADING: &str = "year = 2026\nregion = \"경주시\"\nunit = \"억원\"\n";

fn item(id: &str, rest: &str) -> String {
    format!(
        "[[item]]\nid = \"{id}\"\nname = \"N {id}\"\ncategory = \"c/{id}\"\namount = 1.5\n{rest}"
    )
}

#[test]
fn comments_blank_lines_and_printed_figures_between_tables() {
    let text = format!(
        "#:schema ./budget.schema.json\n# about\n{HEADING}phase = \"결산\" # 확정\n\n\n\
         # before the first item\n{}\n  \n# between\n\n{}# no blank line\n{}\n\
         # a printed total, dropped with this comment\n[[total]]\namount = 4.5\n\n\
         # kept: it comes before the next item\n{}[item.stated]\nchange = 1\n\n{}\n# the end",
        item("a", "status = \"actual\" # was spent\n"),
        item("b", "status = \"cap\"\nstated = { change = 2 }\n"),
        item("c", "note = \"n\"\n"),
        item("d", "counts.jobs = 3\n"),
        item("e", "parts = { x = 1, y = 0.5 }\nstatus = \"target\"\n"),
    );
    assert!(compare(&text, 2027));
    assert!(compare(&text, 2026));
}

#[test]
fn phases_in_english_and_korean_and_none() {
    for phase in [
        None,
        Some("executed"),
        Some("planned"),
        Some("Proposed"),
        Some("결산"),
        Some("제1회 추경"),
        Some("2026년 본예산"),
    ] {
        let phase = phase.map_or(String::new(), |p| format!("phase = \"{p}\"\n"));
        let text = format!(
            "{HEADING}source = \"s\"\n{phase}\n{}\n{}",
            item("a", ""),
            item("b", "status = \"planned\"\n")
        );
        assert!(compare(&text, 2027), "{phase}");
    }
}

#[test]
fn odd_layouts_are_made_the_same_or_left_to_the_whole_document() {
    let plain = format!("{HEADING}\n{}\n{}", item("a", ""), item("b", ""));
    // Made in pieces: a byte-order mark, CRLF line ends, no line break at
    // the end, indented and spaced headers, printed totals first.
    for text in [
        format!("\u{feff}{plain}"),
        plain.replace('\n', "\r\n"),
        plain.trim_end().to_owned(),
        format!(
            "{HEADING}\n{}\n  {}\n[[ item ]]\nid = \"z\"\nname = \"Z\"\ncategory = \"c\"\namount = 2\n",
            item("a", ""),
            item("b", "")
        ),
        format!(
            "{HEADING}\n[[total]]\namount = 3\n\n[count_labels]\njobs = \"일자리\"\n\n{}\n{}",
            item("a", "counts = { jobs = 1 }\n"),
            item("b", "")
        ),
    ] {
        assert!(compare(&text, 2027), "{text:?}");
    }
    // The whole document decides (the same answer either way): an integer
    // beyond 64 bits, a multi-line string holding a header, a table after
    // the items, items written inline.
    for text in [
        format!(
            "{plain}{}",
            item("big", "counts = { n = 18446744073709551615 }\n")
        ),
        format!(
            "{HEADING}\n{}\n{}",
            item("a", "note = \"\"\"\n[[item]]\n\"\"\"\n"),
            item("b", "")
        ),
        format!("{plain}\n[count_labels]\njobs = \"일자리\"\n"),
        format!("{HEADING}item = [{{ id = \"a\", name = \"A\", category = \"c\", amount = 1 }}]\n"),
    ] {
        compare(&text, 2027);
    }
}

#[test]
fn a_file_that_does_not_load_gives_the_loaders_first_error() {
    let plain = format!("{HEADING}\n{}\n{}", item("a", ""), item("b", ""));
    for text in [
        plain.replace("amount = 1.5", "amount = \"lots\""),
        plain.replace("id = \"b\"", "id = \"a\""),
        plain.replace("region", "regoin"),
        format!("{plain}\n[[item]]\nid = \"c\"\n"),
        format!("{plain}\n[[item]]\nid = \"c\" x\n"),
    ] {
        compare(&text, 2027);
    }
}

/// A way to write an item's optional lines.
fn item_text() -> impl Strategy<Value = String> {
    let status = prop_oneof![
        Just(""),
        Just("status = \"actual\"\n"),
        Just("status = \"planned\"\n"),
        Just("status = \"target\" # kept\n"),
        Just("status = \"cap\"\n"),
    ];
    let extra = prop_oneof![
        Just(""),
        Just("counts = { jobs = 3 }\n"),
        Just("counts.jobs = 3\n"),
        Just("stated = { change = 1 }\n"),
        Just("note = \"n\" # a note\n"),
        Just("[item.stated]\nchange_pct = 2.5\n"),
        Just("[item.counts]\njobs = \"10+\"\n"),
    ];
    let gap = prop_oneof![
        Just("\n"),
        Just(""),
        Just("\n\n# a comment\n"),
        Just("# hugging\n"),
        Just("\n[[total]]\ncategory = \"TOTAL\"\namount = 9\n\n"),
        Just("   \n\t\n"),
    ];
    (status, extra, gap).prop_map(|(status, extra, gap)| format!("{status}{extra}{gap}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn generated_files_are_made_the_same_in_pieces(
        korean in any::<bool>(),
        phase in prop_oneof![Just(""), Just("phase = \"executed\"\n"), Just("phase = \"결산\"\n"), Just("phase = \"본예산\"\n")],
        items in prop::collection::vec(item_text(), 1..12),
        batch_bytes in 1usize..400,
        year in 2020i64..2030,
    ) {
        let unit = if korean { "unit = \"천원\"\n" } else { "unit = \"billion won\"\n" };
        let mut text = format!("# generated\nyear = 2026\nregion = \"R\"\n{unit}{phase}\n");
        for (index, rest) in items.iter().enumerate() {
            let rest = rest.replace("TOTAL", &format!("t{index}"));
            text.push_str(&item(&format!("i{index}"), &rest));
        }
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("2026.toml");
        std::fs::write(&path, &text).unwrap();
        // Every generated file is made in pieces: the pieces never step aside.
        prop_assert!(same(&path, year, batch_bytes).is_some(), "{text}");
    }
}
