//! `docs/output-formats.md` lists every column of every data format; these
//! tests hold the program to it (and it to the program), and check what
//! spreadsheets and DuckDB get: a byte order mark, cp949, sums that add up.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const DOC: &str = "docs/output-formats.md";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(args: &[&str]) -> String {
    let output = run(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The first column of each table under each `### <command> --format <f>`
/// heading, in order.
fn documented() -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(DOC).expect("the page exists");
    let mut sections = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            current = Some(heading.to_owned());
            sections.insert(heading.to_owned(), Vec::new());
        } else if line.starts_with("## ") {
            current = None;
        } else if let (Some(section), Some(rest)) = (&current, line.strip_prefix("| `")) {
            let name = rest.split('`').next().expect("a closing backtick");
            sections
                .get_mut(section)
                .expect("opened above")
                .push(name.to_owned());
        }
    }
    sections
}

/// Two years with every kind of row: folded items, an unchanged item, a
/// renamed and a moved item, a new one, counts, parts, a target, a memo
/// figure and an unchanged cap (all filed in `x`, so that `--depth 1`
/// leaves them out), and printed totals (`[[total]]`): a grand total in
/// both years, one for category `y` in OLD only.
fn two_years(dir: &Path) -> (String, String) {
    let item = |id: &str, name: &str, category: &str, amount: &str, extra: &str| {
        format!(
            "[[item]]\nid = \"{id}\"\nname = \"{name}\"\ncategory = \"{category}\"\namount = {amount}\n{extra}"
        )
    };
    let head =
        |year| format!("year = {year}\nregion = \"R\"\nunit = \"억원\"\nphase = \"본예산\"\n");
    let old = [
        head(2025),
        item(
            "a",
            "A",
            "x/p",
            "10",
            "counts = { companies = 5 }\nparts = { base = 6, extra = 4 }\n",
        ),
        item("b", "B", "x/p", "5", ""),
        item("c", "C", "x/p", "3", ""),
        item("r", "Old name", "y", "2", ""),
        item("m", "M", "y", "4", ""),
        item("t", "T", "x", "100", "status = \"target\"\n"),
        item("loan", "Loan", "x", "40", "memo = true\n"),
        item("k", "K", "x", "7", "status = \"cap\"\n"),
        // The items in totals: 10 + 5 + 3 + 2 + 4 = 24.
        "[[total]]\namount = 24\n[[total]]\ncategory = \"y\"\namount = 6\n".to_owned(),
    ]
    .concat();
    let new = [
        head(2026),
        item("a", "A", "x/p", "12", "counts = { companies = \"6+\" }\n"),
        item("b", "B", "x/p", "5", ""),
        item("c", "C", "x/p", "4", ""),
        item("r", "New name", "y", "3", ""),
        item("m", "M", "z", "5", ""),
        item("t", "T", "x", "150", "status = \"target\"\n"),
        item("loan", "Loan", "x", "45", "memo = true\n"),
        item("k", "K", "x", "7", "status = \"cap\"\n"),
        item("fresh", "Fresh", "x", "1", ""),
        // 12 + 5 + 4 + 3 + 5 + 1 = 30.
        "[[total]]\namount = 30\n".to_owned(),
    ]
    .concat();
    let old_path = dir.join("2025.toml");
    let new_path = dir.join("2026.toml");
    std::fs::write(&old_path, old).unwrap();
    std::fs::write(&new_path, new).unwrap();
    (
        old_path.to_str().unwrap().to_owned(),
        new_path.to_str().unwrap().to_owned(),
    )
}

/// The runs whose output together shows every kind of row of a command.
fn runs(command: &str, old: &str, new: &str) -> Vec<Vec<String>> {
    let args = |rest: &[&str]| -> Vec<String> {
        std::iter::once(command)
            .chain(rest.iter().copied())
            .map(str::to_owned)
            .collect()
    };
    match command {
        "summarize" => vec![
            args(&[old, new, "--top", "1"]),
            args(&[old, new, "--depth", "1"]),
        ],
        "diff" => vec![
            args(&[old, new, "--top", "1"]),
            args(&[old, new]),
            args(&[old, new, "--depth", "1"]),
        ],
        "trend" => vec![
            args(&[old, new, "--top", "1"]),
            args(&[old, new, "--depth", "1"]),
        ],
        _ => unreachable!(),
    }
}

fn object_keys(value: &Value, keys: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                keys.insert(key.clone());
                object_keys(inner, keys);
            }
        }
        Value::Array(values) => values.iter().for_each(|v| object_keys(v, keys)),
        _ => {}
    }
}

/// What the program writes for one command and format: CSV header columns
/// in order, JSON Lines and JSON keys sorted.
fn emitted(command: &str, format: &str, old: &str, new: &str) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    let mut keys = BTreeSet::new();
    for mut args in runs(command, old, new) {
        args.extend(["--format".to_owned(), format.to_owned()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let text = stdout(&args);
        match format {
            "csv" => {
                let header = text.lines().next().expect("a header line");
                let mut these: Vec<String> = Vec::new();
                for name in header.split(',') {
                    // Trend's period columns are named by their files.
                    let name = if name.starts_with("202") {
                        "<period>"
                    } else {
                        name
                    };
                    if these.last().is_none_or(|last| last != name) {
                        these.push(name.to_owned());
                    }
                }
                if !columns.is_empty() {
                    assert_eq!(columns, these, "{command}: one header for every run");
                }
                columns = these;
            }
            "jsonl" => {
                for line in text.lines() {
                    let value: Value = serde_json::from_str(line).expect("each line is JSON");
                    let these: Vec<String> = value
                        .as_object()
                        .expect("each line is an object")
                        .keys()
                        .cloned()
                        .collect();
                    if !columns.is_empty() {
                        assert_eq!(columns, these, "{command}: the same keys on every line");
                    }
                    columns = these;
                }
            }
            "json" => object_keys(&serde_json::from_str(&text).expect("JSON"), &mut keys),
            _ => unreachable!(),
        }
    }
    if format == "json" {
        keys.into_iter().collect()
    } else {
        columns
    }
}

#[test]
fn the_docs_list_every_column_the_program_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = two_years(dir.path());
    let documented = documented();
    for command in ["summarize", "diff", "trend"] {
        for format in ["csv", "jsonl", "json"] {
            let heading = format!("{command} --format {format}");
            let listed = documented
                .get(&heading)
                .unwrap_or_else(|| panic!("{DOC} has no section `### {heading}`"));
            let written = emitted(command, format, &old, &new);
            if format != "csv" {
                // serde_json sorts an object's keys, so only CSV is
                // compared in order.
                let listed: BTreeSet<&String> = listed.iter().collect();
                let written: BTreeSet<&String> = written.iter().collect();
                assert_eq!(listed, written, "{heading}: {DOC} and the program differ");
            } else {
                assert_eq!(listed, &written, "{heading}: {DOC} and the program differ");
            }
        }
    }
}

#[test]
fn bom_starts_the_csv_and_leaves_it_otherwise_alone() {
    let plain = run(&["summarize", "budgets/2026.toml", "--format", "csv"]).stdout;
    let marked = run(&["summarize", "budgets/2026.toml", "--format", "csv", "--bom"]).stdout;
    // U+FEFF in UTF-8 is EF BB BF.
    assert_eq!(&marked[..3], [0xEF, 0xBB, 0xBF]);
    assert_eq!(&marked[3..], plain.as_slice());
}

#[test]
fn cp949_writes_hangul_in_two_bytes_and_refuses_what_it_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("k.toml");
    std::fs::write(
        &file,
        "year = 2026\nregion = \"경주\"\nunit = \"억원\"\n[[item]]\nid = \"a\"\nname = \"가\"\ncategory = \"c\"\namount = 1\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let output = run(&["summarize", file, "--format", "csv", "--encoding", "cp949"]);
    assert_eq!(output.status.code(), Some(0));
    // 가 is the first syllable of KS X 1001: B0 A1 in cp949 (EA B0 80 in UTF-8).
    let bytes = output.stdout;
    assert!(bytes.windows(4).any(|w| w == b",\xB0\xA1,"), "{bytes:?}");
    assert!(!bytes.windows(3).any(|w| w == "가".as_bytes()));

    let emoji = dir.path().join("e.toml");
    std::fs::write(
        &emoji,
        "year = 2026\nregion = \"R\"\nunit = \"억원\"\n[[item]]\nid = \"a\"\nname = \"Smile 😀\"\ncategory = \"c\"\namount = 1\n",
    )
    .unwrap();
    let output = run(&[
        "summarize",
        emoji.to_str().unwrap(),
        "--format",
        "csv",
        "--encoding",
        "cp949",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    // Header, total, category, then the item on line 4.
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: line 4 of the output: `😀` (U+1F600) cannot be written in cp949; nothing was written (--bom writes UTF-8 that Excel reads)\n"
    );

    let json = run(&["summarize", file, "--format", "json", "--bom"]);
    assert_eq!(json.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&json.stderr),
        "error: --bom and --encoding apply to --format csv only\n"
    );
}

/// DuckDB reads the CSV without options, and the item rows' changes add up
/// to the total change; `memo` reads as a boolean that tells memo figures
/// from targets and caps, and a printed total is a row of its own.
/// Skipped where Python's duckdb is not installed (CI installs nothing by
/// hand).
#[test]
fn duckdb_reads_the_diff_csv_and_item_changes_add_up() {
    let available = Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        without_tool("skipped: python3 with duckdb is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("diff.csv");
    let text = stdout(&[
        "diff",
        "budgets/2025.toml",
        "budgets/2026.toml",
        "--format",
        "csv",
    ]);
    std::fs::write(&csv, text).unwrap();
    let printed_csv = dir.path().join("printed.csv");
    let text = stdout(&[
        "diff",
        "tests/cmd/fixtures/printed-totals/2024.toml",
        "tests/cmd/fixtures/printed-totals/2025.toml",
        "--format",
        "csv",
    ]);
    std::fs::write(&printed_csv, text).unwrap();
    let script = format!(
        "import duckdb\n\
         c = duckdb.connect()\n\
         rel = \"read_csv('{}', types = {{'change': 'DECIMAL(38,10)'}})\"\n\
         items = c.sql(f\"SELECT SUM(change) FROM {{rel}} WHERE kind = 'item' AND in_totals\").fetchall()[0][0]\n\
         total = c.sql(f\"SELECT change FROM {{rel}} WHERE kind = 'total'\").fetchall()[0][0]\n\
         print(items.normalize(), total.normalize())\n\
         print(c.sql(f\"SELECT DISTINCT typeof(memo) FROM {{rel}}\").fetchall()[0][0])\n\
         for memo in (True, False):\n\
         \x20   ids = c.sql(f\"SELECT string_agg(id, ' ' ORDER BY id) FROM {{rel}} WHERE kind = 'item' AND NOT in_totals AND memo = {{memo}}\").fetchall()[0][0]\n\
         \x20   print(ids)\n\
         printed = \"read_csv('{}')\"\n\
         print(c.sql(f\"SELECT coalesce(category, '-'), old, new, change FROM {{printed}} WHERE kind = 'printed_total' ORDER BY depth\").fetchall())\n",
        csv.display(),
        printed_csv.display()
    );
    let output = Command::new("python3")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Items in totals: promotion +0.4, funds +2.5, business support +2.3,
    // complexes +0.8 = +6.0; the total: 9.5 - 3.5 = +6.0 (billion won).
    // The loans and the investment attracted are memo figures, outside;
    // the three 2026 targets are outside too, and not memo figures (the
    // unchanged caps are not listed without --all). Printed totals, in
    // 억원: the grand total 100 -> 120, +20; welfare's 30 -> 35, +5.
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "6 6\nBOOLEAN\n\
         investment-attracted sme-working-capital-loans\n\
         culture-leading-complex-bid e-mobility-complex follow-up-investment-target\n\
         [('-', 100, 120, 20), ('welfare', 30, 35, 5)]\n"
    );
}

/// A test that needs an outside tool skips where it is not installed, for a
/// developer's quick run; `.ci/run` installs the tools and sets
/// `GYEONGJU_BUDGET_TEST_TOOLS=required`, so in CI a missing tool fails the
/// test instead of passing it unseen.
fn without_tool(why: &str) {
    assert!(
        std::env::var_os("GYEONGJU_BUDGET_TEST_TOOLS").is_none_or(|v| v != "required"),
        "{why} (.ci/run installs it)"
    );
    eprintln!("{why}");
}
