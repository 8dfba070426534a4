//! Hostile text through every command and every format: names, ids,
//! categories, regions, sources, count names and file names built from
//! terminal escapes, bidi overrides, zero-width characters, line breaks,
//! formula triggers, Markdown and XML breakers and workflow commands
//! (`tests/cmd/fixtures/hostile-output/`, and file names made here, since
//! git cannot portably hold names with line breaks). The bytes that come
//! out must hold no hidden character (line breaks between lines aside), no
//! formula trigger at a CSV cell's start, no live Markdown, only valid XML,
//! and in GitHub's format only well-formed workflow commands or lines that
//! cannot start one. `tests/cmd/hostile-output.md` shows the outputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gyeongju_budget::quote::is_hidden;

const FIXTURES: &str = "tests/cmd/fixtures/hostile-output";
const FORMATS: [&str; 6] = ["table", "json", "csv", "markdown", "jsonl", "svg"];

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

/// No hidden character but the line breaks between lines.
fn assert_nothing_hidden(what: &str, output: &str) {
    if let Some(c) = output.chars().find(|&c| c != '\n' && is_hidden(c)) {
        panic!("{what}: raw {c:?} in\n{output}");
    }
}

/// A GitHub Actions log line either is a well-formed workflow command or
/// cannot start one (`::` after spaces at its start, `##[` anywhere).
fn assert_inert_or_well_formed(what: &str, line: &str) {
    if !line.trim_start().starts_with("::") {
        assert!(!line.contains("##["), "{what}: {line}");
        return;
    }
    let rest = line
        .strip_prefix("::")
        .unwrap_or_else(|| panic!("{what}: {line}"));
    let (command, rest) = rest
        .split_once(' ')
        .unwrap_or_else(|| panic!("{what}: {line}"));
    assert!(
        ["error", "warning", "notice"].contains(&command),
        "{what}: {line}"
    );
    let (properties, message) = rest
        .split_once("::")
        .unwrap_or_else(|| panic!("{what}: {line}"));
    for property in properties.split(',') {
        let (key, value) = property
            .split_once('=')
            .unwrap_or_else(|| panic!("{what}: {line}"));
        assert!(
            ["file", "line", "col", "title"].contains(&key),
            "{what}: {line}"
        );
        assert!(!value.contains([':', ',', '\r', '\n']), "{what}: {line}");
    }
    // A message's own `%` is escaped: every `%` starts `%25`, `%0A` or `%0D`.
    for (index, _) in message.match_indices('%') {
        let escape = &message[index..message.len().min(index + 3)];
        assert!(["%25", "%0A", "%0D"].contains(&escape), "{what}: {line}");
    }
}

fn assert_safe_csv(what: &str, output: &str) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(output.as_bytes());
    for record in reader.records() {
        for field in record.unwrap().iter() {
            let start = field.trim_start();
            let trigger = field.starts_with(['\t', '\r'])
                || start.starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠']);
            // A negative number is a number, not a formula.
            let number = start.parse::<f64>().is_ok();
            assert!(!trigger || number, "{what}: formula trigger in {field:?}");
        }
    }
}

fn assert_inert_markdown(what: &str, output: &str) {
    for line in output.lines() {
        for (index, _) in line.match_indices('&') {
            let rest = &line[index..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&nbsp;"]
                    .iter()
                    .any(|e| rest.starts_with(e)),
                "{what}: live character reference in {line}"
            );
        }
        assert!(!line.contains("~~"), "{what}: strikethrough in {line}");
        assert!(
            !line.replace("\\://", "").contains("://"),
            "{what}: autolink in {line}"
        );
        assert!(
            !line.to_lowercase().contains("www."),
            "{what}: autolink in {line}"
        );
        assert!(!line.contains("a@b"), "{what}: mail autolink in {line}");
    }
}

/// No line of a table may look like the start of another row's first
/// cell: the fixture's name `Loans\n│ Total │ … │ 999,999 │` tries.
fn assert_no_fake_row(what: &str, output: &str) {
    assert!(
        !output.lines().any(|line| line.starts_with("│ Total │ …")),
        "{what}: fake row in\n{output}"
    );
}

/// Everything a format must guarantee about one command's output.
fn assert_safe(what: &str, format: &str, output: &Output) {
    let stdout = text(&output.stdout);
    let stderr = text(&output.stderr);
    assert_nothing_hidden(what, &stdout);
    assert_nothing_hidden(what, &stderr);
    for line in stderr.lines() {
        assert_inert_or_well_formed(what, line);
    }
    if format != "github" {
        for line in stdout.lines() {
            assert!(!line.trim_start().starts_with("::"), "{what}: {line}");
        }
    }
    match format {
        "csv" => assert_safe_csv(what, &stdout),
        "markdown" => assert_inert_markdown(what, &stdout),
        "svg" => {
            roxmltree::Document::parse(&stdout).unwrap_or_else(|e| panic!("{what}: {e}"));
        }
        "json" => {
            serde_json::from_str::<serde_json::Value>(&stdout)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
        }
        "jsonl" => {
            for line in stdout.lines() {
                serde_json::from_str::<serde_json::Value>(line)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
            }
        }
        "github" => {
            for line in stdout.lines() {
                assert_inert_or_well_formed(what, line);
            }
        }
        _ => assert_no_fake_row(what, &stdout),
    }
}

/// The fixtures in a temporary directory, with a 2027 file of 2026's
/// region for `trend`.
fn fixture_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["2025.toml", "2026.toml", "errors.toml"] {
        std::fs::copy(Path::new(FIXTURES).join(name), dir.path().join(name)).unwrap();
    }
    let next = std::fs::read_to_string(dir.path().join("2026.toml"))
        .unwrap()
        .replace("year = 2026", "year = 2027")
        .replace("amount = 12", "amount = 15");
    std::fs::write(dir.path().join("2027.toml"), next).unwrap();
    dir
}

#[test]
fn every_command_and_format_is_safe_with_hostile_text() {
    let dir = fixture_dir();
    let commands: [&[&str]; 5] = [
        &["summarize", "2025.toml"],
        &["summarize", "2025.toml", "2026.toml", "--lang", "ko"],
        &["diff", "2025.toml", "2026.toml", "--fail-on-removed"],
        &["diff", "2025.toml", "2026.toml", "--all"],
        &["trend", "2026.toml", "2027.toml"],
    ];
    for command in commands {
        for format in FORMATS {
            let mut args = command.to_vec();
            args.extend(["--format", format]);
            let output = run(&args, dir.path());
            let what = args.join(" ");
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{what}: {}",
                text(&output.stderr)
            );
            assert_safe(&what, format, &output);
        }
    }
}

#[test]
fn check_is_safe_with_hostile_text_in_every_format() {
    let dir = fixture_dir();
    for format in ["human", "json", "github"] {
        for verbose in [false, true] {
            let mut args = vec!["check", ".", "--format", format];
            if verbose {
                args.push("--verbose");
            }
            let output = run(&args, dir.path());
            let what = args.join(" ");
            assert_eq!(output.status.code(), Some(1), "{what}");
            assert_safe(&what, format, &output);
        }
    }
}

#[test]
fn errors_quote_hostile_text_safely() {
    let dir = fixture_dir();
    let output = run(&["summarize", "errors.toml"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert_safe("summarize errors.toml", "table", &output);
    assert_eq!(text(&output.stderr).lines().count(), 1);
}

#[test]
fn new_and_import_write_hostile_text_as_escapes() {
    let dir = fixture_dir();
    let made = run(
        &["new", "2025.toml", "--year", "2026", "--output", "-"],
        dir.path(),
    );
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    assert_safe("new", "toml", &made);
    std::fs::write(
        dir.path().join("in.csv"),
        "id,name,category,amount\nx\u{1b}[2J,\"Loans\n│ Total │\",=cmd\u{202e},1\n",
    )
    .unwrap();
    let imported = run(
        &[
            "import",
            "in.csv",
            "--year",
            "2025",
            "--region",
            "R\u{9b}",
            "--unit",
            "won",
            "--map",
            "id=id",
            "--map",
            "name=name",
            "--map",
            "category=category",
            "--map",
            "amount=amount",
        ],
        dir.path(),
    );
    assert_eq!(
        imported.status.code(),
        Some(0),
        "{}",
        text(&imported.stderr)
    );
    assert_safe("import", "toml", &imported);
}

/// A file in `dir` named `name`, a valid year file of `year` whose one
/// item's parts do not add up (a `check` finding that names the file).
fn year_file(dir: &Path, name: &str, year: u32) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "year = {year}\nregion = \"R\"\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 10\nparts = {{ a = 20 }}\n"
        ),
    )
    .unwrap();
    path
}

/// File names cannot forge workflow commands, table rows or formulas, nor
/// act on the terminal: `check` of a directory that holds them (with the
/// same year twice, so that findings name the files), `summarize` of each.
#[cfg(unix)]
#[test]
fn hostile_file_names_are_shown_safely() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "x\n::error file=README.md,line=1::Injected\n.toml",
        "::error title=x::y.toml",
        " =x.toml",
        "a\u{1b}]0;t\u{7}\u{202e}.toml",
        "b ##[error]c.toml",
    ];
    for name in names {
        year_file(dir.path(), name, 2025);
    }
    for format in ["human", "json", "github"] {
        let args = ["check", ".", "--format", format, "--verbose"];
        let output = run(&args, dir.path());
        let what = format!("check {format} of hostile file names");
        assert_eq!(output.status.code(), Some(1), "{what}");
        assert_safe(&what, format, &output);
    }
    for name in names {
        for format in FORMATS {
            let output = run(&["summarize", name, "--format", format], dir.path());
            assert_eq!(output.status.code(), Some(0), "{name:?} {format}");
            assert_safe(&format!("summarize {name:?} {format}"), format, &output);
        }
        // Lines that start with the file name.
        for format in ["human", "github"] {
            let output = run(
                &["check", name, "--verbose", "--format", format],
                dir.path(),
            );
            assert_eq!(output.status.code(), Some(1), "{name:?} {format}");
            assert_safe(&format!("check {name:?} {format}"), format, &output);
        }
        // A file name in an error message.
        let broken = dir.path().join(format!("{name}.bad.toml"));
        std::fs::write(&broken, "year = ").unwrap();
        let output = run(&["summarize", broken.to_str().unwrap()], dir.path());
        assert_eq!(output.status.code(), Some(2));
        assert_safe(&format!("error naming {name:?}"), "table", &output);
        assert_eq!(text(&output.stderr).lines().count(), 1, "{name:?}");
        std::fs::remove_file(broken).unwrap();
    }
}

/// A key, an id or a category of 256 KiB is quoted as a short excerpt
/// with `…`, not repeated whole.
#[test]
fn error_messages_quote_short_excerpts_of_huge_values() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "k".repeat(1 << 18);
    let cases = [
        format!("year = 2025\nregion = \"R\"\n{huge} = 1\n"),
        format!(
            "year = 2025\nregion = \"R\"\n[[item]]\nid = \"{huge}\"\nname = \"a\"\ncategory = \"c\"\namount = 1\n\
             [[item]]\nid = \"{huge}\"\nname = \"b\"\ncategory = \"c\"\namount = 1\n"
        ),
        format!(
            "year = 2025\nregion = \"R\"\n[[item]]\nid = \"a\"\nname = \"a\"\ncategory = \"c\"\namount = 1\n\
             counts = {{ {huge} = 1 }}\nparts = {{ {huge} = \"x\" }}\n"
        ),
        // Findings of the rules (parts that do not add up, a total that
        // does not match) quote the id and the category.
        format!(
            "year = 2025\nregion = \"R\"\n[[item]]\nid = \"{huge}\"\nname = \"a\"\ncategory = \"{huge}\"\n\
             amount = 1\nparts = {{ a = 2 }}\n[[total]]\ncategory = \"{huge}\"\namount = 5\n"
        ),
    ];
    for (index, document) in cases.iter().enumerate() {
        std::fs::write(dir.path().join("huge.toml"), document).unwrap();
        for format in ["human", "github"] {
            let output = run(&["check", "huge.toml", "--format", format], dir.path());
            let stdout = text(&output.stdout);
            assert_eq!(output.status.code(), Some(1), "case {index}");
            for line in stdout.lines() {
                // Two excerpts and a message with its advice: a few
                // hundred characters, not the 256 KiB value.
                let length = line.chars().count();
                assert!(length < 400, "case {index}: {length} chars");
            }
            assert!(stdout.contains("kkkk…"), "case {index}: {stdout}");
        }
    }
}
