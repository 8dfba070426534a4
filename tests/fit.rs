//! Tables fit the width they are given (`--width`, a terminal's width by
//! default): every line of `summarize`, `diff` and `trend` output, in
//! English and Korean, with long names, is at most that many columns;
//! without a width (a pipe), rows stay one line each.

use std::process::Command;

use unicode_width::UnicodeWidthStr;

fn run(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args(args)
        .env_remove("COLUMNS")
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn widest_line(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// A year file whose one item has a name of 300 characters.
fn long_name_file(dir: &tempfile::TempDir) -> String {
    let name = "Very long programme name that goes on ".repeat(8);
    let path = dir.path().join("2026.toml");
    std::fs::write(
        &path,
        format!(
            "year = 2026\nregion = \"R\"\nunit = \"억원\"\n\n[[item]]\nid = \"a\"\n\
             name = \"{}\"\ncategory = \"a/b\"\namount = 12.5\ncounts = {{ companies = 3 }}\n",
            name.trim()
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn every_line_fits_the_width() {
    let dir = tempfile::tempdir().unwrap();
    let long = long_name_file(&dir);
    let korean = "tests/cmd/fixtures/korean-2025.toml";
    let cases: Vec<Vec<&str>> = vec![
        vec!["summarize", "budgets/2025.toml"],
        vec!["summarize", "budgets/2026.toml", "--lang", "ko"],
        vec!["summarize", korean, "--lang", "ko"],
        vec!["summarize", &long],
        vec!["diff", "budgets/2025.toml", "budgets/2026.toml"],
        vec![
            "diff",
            "budgets/2025.toml",
            "budgets/2026.toml",
            "--lang",
            "ko",
        ],
        vec![
            "diff",
            korean,
            "tests/cmd/fixtures/korean-2026.toml",
            "--lang",
            "ko",
        ],
        vec!["trend", "budgets"],
        vec!["trend", "budgets", "--lang", "ko"],
    ];
    for width in ["80", "72"] {
        for case in &cases {
            let mut args = case.clone();
            args.extend(["--width", width]);
            let text = run(&args);
            let limit: usize = width.parse().unwrap();
            assert!(
                widest_line(&text) <= limit,
                "{args:?} is {} wide:\n{text}",
                widest_line(&text)
            );
        }
    }
}

#[test]
fn long_names_wrap_and_end_in_an_ellipsis() {
    let dir = tempfile::tempdir().unwrap();
    let long = long_name_file(&dir);
    let text = run(&["summarize", &long, "--width", "80"]);
    assert!(text.contains("Very long programme"), "{text}");
    assert!(text.contains('…'), "{text}");
    // Piped without a width, the name is whole on one line.
    let piped = run(&["summarize", &long]);
    let name = "Very long programme name that goes on ".repeat(8);
    assert!(piped.contains(name.trim()), "{piped}");
    assert!(widest_line(&piped) > 300);
}

#[test]
fn diff_notes_move_under_a_narrowed_table() {
    let narrowed = run(&[
        "diff",
        "budgets/2025.toml",
        "budgets/2026.toml",
        "--width",
        "80",
    ]);
    assert!(!narrowed.contains("┆ Notes"), "{narrowed}");
    assert!(
        narrowed.contains("Notes:\n  Local Era Venture Fund and G-Star North Gyeongsang Potential Fund: companies —"),
        "{narrowed}"
    );
    // The memo figures' notes move under their own table.
    assert!(
        narrowed.contains("\n  Investment attracted: companies 9 → —"),
        "{narrowed}"
    );
    let piped = run(&["diff", "budgets/2025.toml", "budgets/2026.toml"]);
    assert!(piped.contains("┆ Notes"), "{piped}");
    // `--width 0` is no limit, as when piped.
    let unlimited = run(&[
        "diff",
        "budgets/2025.toml",
        "budgets/2026.toml",
        "--width",
        "0",
    ]);
    assert_eq!(unlimited, piped);
}
