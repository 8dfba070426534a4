//! `new FILE --year YEAR`: next year's file loads, keeps every item with
//! its figures, plans what was actual, keeps comments, and never replaces
//! a file without `--force`.

mod common;

use common::names_in;
use std::path::Path;
use std::process::{Command, Output};

use gyeongju_budget::load::load;
use gyeongju_budget::model::Status;

fn new(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .arg("new")
        .args(args)
        .output()
        .expect("the binary runs")
}

/// A directory holding a copy of a bundled file.
fn copy_of(bundled: &str) -> (tempfile::TempDir, String) {
    let directory = tempfile::tempdir().unwrap();
    let name = Path::new(bundled).file_name().unwrap();
    let copy = directory.path().join(name);
    std::fs::copy(bundled, &copy).unwrap();
    (directory, copy.to_string_lossy().into_owned())
}

#[test]
fn next_year_keeps_every_item_and_plans_what_was_spent() {
    for bundled in ["budgets/2025.toml", "budgets/2026.toml"] {
        let (directory, source) = copy_of(bundled);
        let output = new(&[&source, "--year", "2030"]);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        assert!(output.stdout.is_empty());
        let written = directory.path().join("2030.toml");
        let old = load(bundled).unwrap();
        let next = load(written.to_str().unwrap()).unwrap();
        assert_eq!(next.year, 2030);
        assert_eq!(next.phase.as_deref(), Some("planned"));
        assert_eq!(
            (&next.region, next.unit, &next.source),
            (&old.region, old.unit, &old.source)
        );
        assert_eq!(next.items.len(), old.items.len());
        for (was, is) in old.items.iter().zip(&next.items) {
            assert_eq!(
                (&is.id, &is.name, &is.category),
                (&was.id, &was.name, &was.category)
            );
            // Amounts carried over exactly, with their written precision.
            assert_eq!(is.amount, was.amount, "{}", is.id);
            assert_eq!(is.counts, was.counts, "{}", is.id);
            assert_eq!(is.parts, was.parts, "{}", is.id);
            assert_eq!(is.note, was.note, "{}", is.id);
            let expected = match was.status {
                Status::Target | Status::Cap => was.status,
                Status::Actual | Status::Planned => Status::Planned,
            };
            assert_eq!(is.status, expected, "{}", is.id);
        }
    }
}

#[test]
fn comments_and_layout_survive() {
    let (directory, source) = copy_of("budgets/2025.toml");
    assert_eq!(new(&[&source, "--year", "2026"]).status.code(), Some(0));
    let before = std::fs::read_to_string(&source).unwrap();
    let after = std::fs::read_to_string(directory.path().join("2026.toml")).unwrap();
    let note = format!(
        "# Started from {source} by `gyeongju-budget new`: the amounts are 2025's, to be edited.\n"
    );
    // The same text but for the note, the year, the phase and the statuses.
    let expected = before
        .replace("year = 2025", "year = 2026")
        .replace("phase = \"executed\"", "phase = \"planned\"")
        .replace("status = \"actual\"", "status = \"planned\"");
    assert_eq!(after, format!("{note}{expected}"));
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let (directory, source) = copy_of("budgets/2026.toml");
    let target = directory.path().join("2027.toml");
    std::fs::write(&target, "keep me\n").unwrap();
    let refused = new(&[&source, "--year", "2027"]);
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("2027.toml: already exists; nothing was written (--force replaces it)"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me\n");
    assert_eq!(
        names_in(directory.path()),
        ["2026.toml", "2027.toml"],
        "no stray temporary file"
    );

    assert_eq!(
        new(&[&source, "--year", "2027", "--force"]).status.code(),
        Some(0)
    );
    assert_eq!(load(target.to_str().unwrap()).unwrap().year, 2027);
    assert_eq!(names_in(directory.path()), ["2026.toml", "2027.toml"]);
}

#[test]
fn output_names_the_file_or_standard_output() {
    let (directory, source) = copy_of("budgets/2026.toml");
    let elsewhere = directory.path().join("draft.toml");
    let written = new(&[
        &source,
        "--year",
        "2027",
        "--output",
        elsewhere.to_str().unwrap(),
    ]);
    assert_eq!(written.status.code(), Some(0));
    let printed = new(&[&source, "--year", "2027", "--output", "-"]);
    assert_eq!(printed.status.code(), Some(0));
    assert_eq!(printed.stdout, std::fs::read(&elsewhere).unwrap());
    assert_eq!(names_in(directory.path()), ["2026.toml", "draft.toml"]);
}

#[test]
fn a_file_that_does_not_load_makes_nothing() {
    let output = new(&[
        "tests/cmd/fixtures/unknown-field.toml",
        "--year",
        "2027",
        "--output",
        "-",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown field `ammount`"));
}
