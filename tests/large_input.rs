//! The binary on input large enough to be read in batches: such input also
//! switches the binary to its other allocator (mimalloc, chosen before the
//! first allocation from the sizes of the files named). Whatever the path,
//! the figures must be the library's plain ones.

use std::path::Path;
use std::process::Command;

use gyeongju_budget::diff::{apply_outline as outline_diff, diff};
use gyeongju_budget::load::load;
use gyeongju_budget::load::stream::Batching;
use gyeongju_budget::render::{DisplayOptions, Format, UnitChoice, render_summaries, renderer};
use gyeongju_budget::report::outline::OutlineOptions;
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

/// Every row of a large file (JSON Lines and CSV, which the binary writes
/// in two passes, reading items back from the file): the library's plain
/// rendering, byte for byte, on standard output and in an `--output` file,
/// with a byte order mark, a unit and decimals.
#[test]
fn every_row_of_a_large_file_is_the_plain_rendering() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("2026.toml");
    // Targets among the items: they come last, outside the totals.
    let text = year_file(2026, 2 * Batching::default().from_bytes)
        .replace("amount = 7", "status = \"target\"\namount = 7");
    std::fs::write(&path, text).expect("written");
    let path = path.to_str().unwrap();
    let summary = summarize(&load(path).expect("loads")).expect("sums");
    for (format, name) in [(Format::Jsonl, "jsonl"), (Format::Csv, "csv")] {
        let plain = |options: &DisplayOptions| {
            render_summaries(format, std::slice::from_ref(&summary), options).expect("renders")
        };
        let expected = plain(&DisplayOptions::default());
        assert!(expected.contains("\"target\"") || expected.contains(",target,"));
        assert_eq!(run(&["summarize", "--format", name, path]), expected);

        let written = dir.path().join(format!("rows.{name}"));
        run(&[
            "summarize",
            "--format",
            name,
            path,
            "--output",
            written.to_str().unwrap(),
        ]);
        assert_eq!(std::fs::read_to_string(&written).unwrap(), expected);

        let options = DisplayOptions {
            unit: UnitChoice::parse("억원").unwrap(),
            decimals: 0,
            decimals_asked: true,
            ..DisplayOptions::default()
        };
        assert_eq!(
            run(&[
                "summarize",
                "--format",
                name,
                path,
                "--unit",
                "억원",
                "--decimals",
                "0"
            ]),
            plain(&options)
        );
    }
    // As a table too (measured in one pass, drawn in another, the text
    // that goes under a narrow table in more), on one line a row and
    // fitted to 40 columns.
    let table = |options: &DisplayOptions| {
        render_summaries(Format::Table, std::slice::from_ref(&summary), options).expect("renders")
    };
    assert_eq!(run(&["summarize", path]), table(&DisplayOptions::default()));
    let narrow = DisplayOptions {
        width: Some(40),
        ..DisplayOptions::default()
    };
    assert!(table(&narrow).contains("Status:"));
    assert_eq!(run(&["summarize", "--width", "40", path]), table(&narrow));
    let marked = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args(["summarize", "--format", "csv", "--bom", path])
        .output()
        .expect("runs");
    let expected = render_summaries(Format::Csv, &[summary], &DisplayOptions::default()).unwrap();
    assert_eq!(marked.stdout, ["\u{feff}", &expected].concat().as_bytes());
}

/// The first error of each way of reading the same bytes: `summarize` by
/// path (in batches, the file being large) and on standard input, and
/// `check` by path and on standard input, each with its exit status.
fn first_errors(path: &Path) -> [(String, Option<i32>); 4] {
    let binary = || Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"));
    let stdin = || std::fs::File::open(path).expect("readable");
    let shown = |output: std::process::Output, stream: Vec<u8>| {
        let text = String::from_utf8(stream).expect("UTF-8 messages");
        let first = text.lines().next().unwrap_or("").to_owned();
        (first, output.status.code())
    };
    let summarize = |command: &mut Command| {
        let output = command.output().expect("runs");
        let stderr = output.stderr.clone();
        shown(output, stderr)
    };
    let check = |command: &mut Command| {
        let output = command.output().expect("runs");
        let stdout = output.stdout.clone();
        shown(output, stdout)
    };
    [
        summarize(binary().arg("summarize").arg(path)),
        summarize(binary().args(["summarize", "-"]).stdin(stdin())),
        check(binary().arg("check").arg(path)),
        check(binary().args(["check", "-"]).stdin(stdin())),
    ]
}

/// `top` and `tail` with 1,000 comment lines between them, enough for the
/// file to be read in batches.
fn padded(top: &str, tail: &str) -> String {
    let padding = "# padding, so that the file is read in batches ....................\n";
    let text = format!("{top}{}{tail}", padding.repeat(1000));
    assert!(text.len() as u64 >= Batching::default().from_bytes);
    text
}

/// Every way of reading `text` gives the error `message` at `at`
/// (`line:column`): `summarize` with exit status 2, `check` with 1.
fn assert_same_first_error(text: &str, at: &str, message: &str) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("large.toml");
    std::fs::write(&path, text).expect("written");
    let shown = path.display();
    assert_eq!(
        first_errors(&path),
        [
            (format!("error: {shown}:{at}: {message}"), Some(2)),
            (format!("error: <stdin>:{at}: {message}"), Some(2)),
            (format!("{shown}:{at}: error[syntax]: {message}"), Some(1)),
            (format!("<stdin>:{at}: error[syntax]: {message}"), Some(1)),
        ]
    );
}

const ITEM: &str = "\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\n";

#[test]
fn static_arrays_then_tables_are_refused_whatever_the_size() {
    // Lines 1-3 the top, 4-1003 the padding, 1004 empty, 1005 `[[item]]`:
    // the duplicate key is `item` there, column 3.
    for static_items in [
        "item = []\n",
        "item = [{ id = \"s\", name = \"S\", category = \"c\", amount = 5 }]\n",
    ] {
        let top = format!("year = 2025\nregion = \"경주\"\n{static_items}");
        let text = padded(&top, ITEM);
        assert_same_first_error(&text, "1005:3", "TOML syntax error: duplicate key");
    }
    // Lines 1005-1009 the item, 1010 empty, 1011 `[[total]]`.
    let top = "year = 2025\nregion = \"경주\"\ntotal = [{ amount = 1 }]\n";
    let text = padded(
        top,
        &format!("{ITEM}\n[[total]]\ncategory = \"c\"\namount = 1\n"),
    );
    assert_same_first_error(&text, "1011:3", "TOML syntax error: duplicate key");
}

/// Two items before the first `[[item]]` that starts a line (their headers
/// are indented) whose sum is beyond `Decimal`: each is 5 × 10²⁸ won, the
/// sum 10²⁹, more than 79,228,162,514,264,337,593,543,950,335.
const HUGE_PAIR: &str = " [[item]]\nid = \"x\"\nname = \"X\"\ncategory = \"a/b\"\namount = \"50000000000000000조\"\n [[item]]\nid = \"y\"\nname = \"Y\"\ncategory = \"a/b\"\namount = \"50000000000000000조\"\n";

#[test]
fn a_sum_too_large_early_does_not_hide_a_mistake_later() {
    // Lines 1-2 the year and region, 3-12 the two items, 13-1012 the
    // padding, 1013 empty, 1014 `[[item]]`, 1015 `id = = 3`: the second
    // `=` is in column 6.
    let top = format!("year = 2025\nregion = \"경주\"\n{HUGE_PAIR}");
    let text = padded(&top, "\n[[item]]\nid = = 3\n");
    assert_same_first_error(
        &text,
        "1015:6",
        "TOML syntax error: extra `=`, expected nothing",
    );
}

#[test]
fn a_sum_too_large_is_the_same_error_by_path_and_on_standard_input() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("large.toml");
    let top = format!("year = 2025\nregion = \"경주\"\n{HUGE_PAIR}");
    std::fs::write(&path, padded(&top, ITEM)).expect("written");
    let [by_path, on_stdin, ..] = first_errors(&path);
    assert_eq!(by_path.1, Some(2), "{by_path:?}");
    assert!(by_path.0.contains("too large"), "{by_path:?}");
    let by_path = by_path.0.replace(&path.display().to_string(), "<stdin>");
    assert_eq!((by_path, Some(2)), on_stdin);
}

/// `summarize -` on a stream that never ends: `start`, then `line` over and
/// over (as `yes` would), then `foreign`, then more lines for ever. The
/// writer stops when the program closes the pipe.
fn summarize_endless(
    start: &str,
    line: &str,
    lines: usize,
    foreign: &[u8],
) -> (String, Option<i32>) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args(["summarize", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut stdin = child.stdin.take().expect("a pipe");
    let (start, block, foreign) = (start.to_owned(), line.repeat(lines), foreign.to_vec());
    let writer = std::thread::spawn(move || {
        let written = stdin
            .write_all(start.as_bytes())
            .and_then(|()| stdin.write_all(block.as_bytes()))
            .and_then(|()| stdin.write_all(&foreign));
        while written.is_ok() {
            if stdin.write_all(block.as_bytes()).is_err() {
                break;
            }
        }
    });
    let output = child.wait_with_output().expect("ends");
    writer
        .join()
        .expect("the writer ends once the pipe is closed");
    assert!(output.stdout.is_empty());
    (
        String::from_utf8(output.stderr).expect("UTF-8 messages"),
        output.status.code(),
    )
}

#[test]
fn an_endless_stream_ends_at_its_first_foreign_byte() {
    // 100,000 lines of 26 bytes (2.6 MB, more than one block of reading)
    // after the 2 lines of the top: the foreign byte is on line 100,003,
    // column 1.
    let top = "year = 2025\nregion = \"경주\"\n";
    let line = "# 끝없는 입력 ......\n";
    assert_eq!(line.len(), 2 + 9 + 1 + 6 + 1 + 6 + 1);
    let nul = "TOML syntax error: a NUL byte, which no TOML text holds (is this a binary file, or UTF-16 without a byte order mark?)";
    assert_eq!(
        summarize_endless(top, line, 100_000, b"\0"),
        (format!("error: <stdin>:100003:1: {nul}\n"), Some(2))
    );
    assert_eq!(
        summarize_endless(top, line, 100_000, b"\xff"),
        (
            "error: <stdin>:100003:1: not valid UTF-8\n".to_owned(),
            Some(2)
        )
    );
}

#[test]
fn random_bytes_end_at_once() {
    let output = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args(["summarize", "/dev/urandom"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 messages");
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    // Where the first byte that is not UTF-8 (or a NUL) falls is chance;
    // that it is reported, not the whole device read, is not.
    assert!(stderr.starts_with("error: /dev/urandom:"), "{stderr}");
    assert!(
        stderr.contains("not valid UTF-8") || stderr.contains("a NUL byte"),
        "{stderr}"
    );
}

/// The whole output of a command on `path` and on the same bytes on
/// standard input (read the plain way), the path written as `<stdin>`.
fn by_path_and_on_stdin(args: &[&str], path: &Path) -> [(String, String, Option<i32>); 2] {
    let run = |command: &mut Command| {
        let output = command.output().expect("runs");
        let text = |bytes: Vec<u8>| {
            String::from_utf8(bytes)
                .expect("UTF-8 output")
                .replace(&path.display().to_string(), "<stdin>")
        };
        (
            text(output.stdout),
            text(output.stderr),
            output.status.code(),
        )
    };
    let binary = || Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"));
    let stdin = std::fs::File::open(path).expect("readable");
    [
        run(binary().args(args).arg(path)),
        run(binary().args(args).arg("-").stdin(stdin)),
    ]
}

/// A file read in batches with mistakes early, in the middle and late, and
/// multi-line strings that hold `[[item]]` lines across the cuts: `check`
/// lists every problem, and `summarize` gives the first, exactly as the
/// plain reading of standard input does.
#[test]
fn mistakes_in_batches_are_listed_and_reported_as_the_plain_way_does() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // Past 256 KiB, where the plain way reports the parser's first syntax
    // error instead of listing every one.
    let mut text = year_file(2026, 270 << 10);
    let note = "note = \"\"\"\nnot a header:\n[[item]]\nid = \"fake\"\n\"\"\"\n";
    for index in (3..3000).step_by(37) {
        let id = format!("id = \"i{index}\"\n");
        text = text.replacen(&id, &format!("{id}{note}"), 1);
    }
    let with = |text: &str, index: usize, defect: &str| {
        let id = format!("id = \"i{index}\"\n");
        assert!(text.contains(&id), "{index}");
        text.replacen(&id, &format!("{id}{defect}"), 1)
    };
    let fields = with(
        &with(
            &with(&text, 5, "ammount = 1\n"),
            1500,
            "status = \"maybe\"\n",
        ),
        2900,
        "counts = 3\n",
    );
    let repeated = fields.replacen("id = \"i2500\"", "id = \"i7\"", 1);
    let syntax = with(&repeated, 2950, "id = = 3\n");
    for (what, text) in [("fields and a repeated id", repeated), ("syntax", syntax)] {
        let path = dir.path().join(format!("{what}.toml"));
        std::fs::write(&path, &text).expect("written");
        for args in [&["summarize", "--depth", "1"][..], &["check"]] {
            let [by_path, on_stdin] = by_path_and_on_stdin(args, &path);
            assert_ne!(by_path.2, Some(0), "{what} {args:?}: {by_path:?}");
            assert_eq!(by_path, on_stdin, "{what} {args:?}");
        }
    }
}
