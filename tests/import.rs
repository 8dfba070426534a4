//! `import` end to end: each committed fixture imported and read back with
//! the loader and `summarize`, totals checked against figures worked out by
//! hand; the binary's `--output`, `--force` and failure paths; and a round
//! trip of a generated 10,000-row CP949 file against an independent
//! integer sum of its amount column.

mod common;

use common::names_in;
use std::path::Path;
use std::process::{Command, Output};

use gyeongju_budget::amount::Unit;
use gyeongju_budget::import::{ImportOptions, import};
use gyeongju_budget::load::{load, parse_str};
use gyeongju_budget::render::numbers::group_thousands;
use gyeongju_budget::summary::{Row, Summary, summarize};
use rust_decimal::Decimal;

const FIXTURES: &str = "tests/cmd/fixtures/import";

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|&(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn options(unit: &str, maps: &[(&str, &str)]) -> ImportOptions {
    ImportOptions {
        year: 2025,
        region: "경주시".into(),
        unit: Unit::parse(unit).unwrap(),
        phase: None,
        status: None,
        maps: pairs(maps),
        filters: Vec::new(),
        sheet: None,
        skip_bad_rows: false,
        sum_duplicates: false,
    }
}

/// 예산액 is a budget figure: the passed budget of 2025, 본예산.
fn lofin_options() -> ImportOptions {
    ImportOptions {
        phase: Some("본예산".into()),
        ..options(
            "천원",
            &[
                ("category", "분야명/부문명"),
                ("name", "세부사업명"),
                ("amount", "예산액"),
            ],
        )
    }
}

fn xlsx_options(sheet: Option<&str>) -> ImportOptions {
    ImportOptions {
        sheet: sheet.map(str::to_owned),
        phase: Some("본예산".into()),
        ..options(
            "백만원",
            &[
                ("id", "사업코드"),
                ("category", "분야/부문"),
                ("name", "세부사업명"),
                ("amount", "예산액"),
                ("count.companies", "기업수"),
            ],
        )
    }
}

/// Imports a fixture and summarizes what the loader reads back.
fn import_and_summarize(file: &str, options: &ImportOptions) -> Summary {
    let path = format!("{FIXTURES}/{file}");
    let imported = import(&path, options).unwrap_or_else(|e| panic!("{e}"));
    let year_file = parse_str(&imported.toml, "imported.toml")
        .unwrap_or_else(|e| panic!("{e}\n{}", imported.toml));
    summarize(&year_file).unwrap()
}

fn won(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// Subtotal of a top-level category.
fn subtotal(summary: &Summary, category: &str) -> Decimal {
    summary
        .rows
        .iter()
        .find_map(|row| match row {
            Row::Category(c) if c.category.to_string() == category => Some(c.subtotal.won()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no category {category}"))
}

#[test]
fn cp949_export_filtered_to_one_city() {
    let options = ImportOptions {
        filters: pairs(&[("자치단체명", "경주시")]),
        ..lofin_options()
    };
    let summary = import_and_summarize("lofin365-2025.csv", &options);
    // 경주시 rows, in 천원:
    //   1,250,000 + 3,480,500 + 720,000 = 5,450,500 (산업·중소기업및에너지)
    //   2,105,300                       (국토및지역개발)
    //   988,000 + 64,250 = 1,052,250    (문화및관광)
    //   total 5,450,500 + 2,105,300 + 1,052,250 = 8,608,050 천원
    assert_eq!(summary.total.won(), won("8608050000"));
    assert_eq!(
        subtotal(&summary, "산업·중소기업및에너지"),
        won("5450500000")
    );
    assert_eq!(subtotal(&summary, "국토및지역개발"), won("2105300000"));
    assert_eq!(subtotal(&summary, "문화및관광"), won("1052250000"));
    assert_eq!(summary.file_unit.name(), "천원");
}

/// A budget column (예산액) without `--phase` would give items that read as
/// results (실적): the import stops and asks which budget it is. With the
/// phase, the file says it, and nothing else changes.
#[test]
fn a_budget_column_needs_a_phase() {
    let without = ImportOptions {
        phase: None,
        ..lofin_options()
    };
    let error = import(format!("{FIXTURES}/lofin365-2025.csv"), &without).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("--map amount=예산액 names a budget figure: give the budget's phase"),
        "{error}"
    );
    let imported = import(format!("{FIXTURES}/lofin365-2025.csv"), &lofin_options()).unwrap();
    let file = parse_str(&imported.toml, "x.toml").unwrap();
    assert_eq!(file.phase.as_deref(), Some("본예산"));
    // A column that is no budget figure needs no phase: 금액(원) in
    // utf8_with_bom_and_semicolons, `amount` in the bad-row tests.
}

#[test]
fn a_header_without_rows_gives_an_empty_year_file_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("header-only.csv");
    std::fs::write(&path, "분야명,부문명,세부사업명,예산액\r\n").unwrap();
    let path = path.to_str().unwrap();
    let imported = import(path, &lofin_options()).unwrap();
    assert_eq!(
        (imported.rows_read, imported.rows_kept, imported.items),
        (0, 0, 0)
    );
    assert_eq!(
        imported.warnings,
        [format!(
            "{path}: no data rows below the header; the year file has no items"
        )]
    );
    let file = parse_str(&imported.toml, "x.toml").unwrap();
    assert!(file.items.is_empty());
}

#[test]
fn cp949_export_of_both_cities() {
    let imported = import(format!("{FIXTURES}/lofin365-2025.csv"), &lofin_options()).unwrap();
    assert_eq!(
        (imported.rows_read, imported.rows_kept, imported.items),
        (8, 8, 8)
    );
    let summary = summarize(&parse_str(&imported.toml, "x.toml").unwrap()).unwrap();
    // 8,608,050 (경주시) + 5,000,000 + 450,000 (포항시) = 14,058,050 천원.
    assert_eq!(summary.total.won(), won("14058050000"));
}

#[test]
fn utf8_with_bom_and_semicolons() {
    let summary = import_and_summarize(
        "bom-semicolon.csv",
        &options(
            "won",
            &[
                ("id", "사업코드"),
                ("category", "분야/부문"),
                ("name", "사업명"),
                ("amount", "금액(원)"),
                ("count.companies", "지원기업수"),
            ],
        ),
    );
    // 240,400,000,000 + 2,500,000,000 + 236,600,000,000 - 1,500,000
    //   + 3,500,000,000 - 2,000,000 = 482,996,500,000 won.
    assert_eq!(summary.total.won(), won("482996500000"));
    // finance 240.4e9 + 2.5e9; investment 236.6e9 - 1.5e6;
    // infrastructure 3.5e9 - 2e6.
    assert_eq!(subtotal(&summary, "finance"), won("242900000000"));
    assert_eq!(subtotal(&summary, "investment"), won("236598500000"));
    assert_eq!(subtotal(&summary, "infrastructure"), won("3498000000"));
    // The count column reaches the averages: 240.4e9 / 600+ companies.
    let loans = summary
        .rows
        .iter()
        .find_map(|row| match row {
            Row::Item(item) if item.id == "F-001" => Some(item),
            _ => None,
        })
        .unwrap();
    assert_eq!(loans.averages[0].count, 600);
    assert!(loans.averages[0].count_at_least);
}

#[test]
fn xlsx_first_sheet() {
    let summary = import_and_summarize("budget.xlsx", &xlsx_options(None));
    // 1234.5 + 2000 + 1,000 (a text cell) - 50.25 = 4,184.25 백만원.
    assert_eq!(summary.total.won(), won("4184250000"));
    // 산업 1234.5 + 2000 = 3,234.5; 기반 1,000 - 50.25 = 949.75 백만원.
    assert_eq!(subtotal(&summary, "산업"), won("3234500000"));
    assert_eq!(subtotal(&summary, "기반"), won("949750000"));
}

#[test]
fn xlsx_named_sheet() {
    let summary = import_and_summarize("budget.xlsx", &xlsx_options(Some("2026")));
    // 1500 + 0.1 백만원 = 1,500,100,000 won: 0.1 exactly, not a float's idea of it.
    assert_eq!(summary.total.won(), won("1500100000"));
}

#[test]
fn the_readme_example_output_is_the_committed_year_file() {
    let options = ImportOptions {
        filters: pairs(&[("자치단체명", "경주시")]),
        ..lofin_options()
    };
    let imported = import(format!("{FIXTURES}/lofin365-2025.csv"), &options).unwrap();
    let committed = std::fs::read_to_string(format!("{FIXTURES}/lofin365-2025.toml")).unwrap();
    assert_eq!(imported.toml, committed);
}

// The binary: --output, --force, and nothing written on failure.

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args(args)
        .output()
        .unwrap()
}

/// Imports the cities that `filter` (`자치단체명=CITY`) keeps to `output`.
fn lofin_args<'a>(output: &'a str, filter: &'a str) -> Vec<&'a str> {
    vec![
        "import",
        "tests/cmd/fixtures/import/lofin365-2025.csv",
        "--year",
        "2025",
        "--region",
        "경상북도",
        "--filter",
        filter,
        "--map",
        "category=분야명/부문명",
        "--map",
        "name=세부사업명",
        "--map",
        "amount=예산액",
        "--unit",
        "천원",
        "--phase",
        "본예산",
        "--output",
        output,
    ]
}

#[test]
fn output_is_written_once_and_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("2025.toml");
    let out_text = out.to_str().unwrap();

    let first = run(&lofin_args(out_text, "자치단체명=경주시"));
    assert!(first.status.success(), "{first:?}");
    assert!(first.stdout.is_empty());
    // 경주시: 8,608,050 천원 (see cp949_export_filtered_to_one_city).
    let total = |path: &Path| {
        summarize(&load(path.to_str().unwrap()).unwrap())
            .unwrap()
            .total
            .won()
    };
    assert_eq!(total(&out), won("8608050000"));

    // Without --force an existing file stays as it was.
    let again = run(&lofin_args(out_text, "자치단체명=포항시"));
    assert_eq!(again.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(total(&out), won("8608050000"));

    // With --force it is replaced: 포항시 5,000,000 + 450,000 = 5,450,000 천원.
    let mut args = lofin_args(out_text, "자치단체명=포항시");
    args.push("--force");
    let forced = run(&args);
    assert!(forced.status.success(), "{forced:?}");
    assert_eq!(total(&out), won("5450000000"));
    // No temporary file is left behind.
    assert_eq!(names_in(dir.path()), ["2025.toml"]);
}

#[test]
fn a_failed_import_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bad.toml");
    let result = run(&[
        "import",
        "tests/cmd/fixtures/import/bad-rows.csv",
        "--year",
        "2025",
        "--region",
        "x",
        "--map",
        "id=code",
        "--map",
        "category=category",
        "--map",
        "name=name",
        "--map",
        "amount=amount",
        "--unit",
        "천원",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("bad-rows.csv:3:"));
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn long_lists_of_bad_rows_are_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many-bad.csv");
    // Rows 2..=26 are bad (25 of them), row 27 is good.
    let mut text = String::from("category,name,amount\n");
    for row in 2..=26 {
        text.push_str(&format!("c,n{row},x\n"));
    }
    text.push_str("c,good,5\n");
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap();
    let maps = [
        ("category", "category"),
        ("name", "name"),
        ("amount", "amount"),
    ];

    let message = import(path, &options("won", &maps))
        .unwrap_err()
        .to_string();
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(
        lines[0],
        format!("{path}: 25 rows cannot be imported; nothing was written")
    );
    // 20 rows listed (2..=21), then the 5 others counted, then the hint.
    assert_eq!(
        lines[1],
        format!("  {path}:2: `amount` = \"x\" is not a number")
    );
    assert_eq!(
        lines[20],
        format!("  {path}:21: `amount` = \"x\" is not a number")
    );
    assert_eq!(lines[21], "  … and 5 more");
    assert_eq!(lines[22], "--skip-bad-rows skips rows that cannot be read");
    assert_eq!(lines.len(), 23);

    let skipping = ImportOptions {
        skip_bad_rows: true,
        ..options("won", &maps)
    };
    let imported = import(path, &skipping).unwrap();
    assert_eq!(
        (imported.rows_read, imported.rows_skipped, imported.items),
        (26, 25, 1)
    );
    assert_eq!(imported.warnings.len(), 22);
    assert_eq!(imported.warnings[20], "… and 5 more rows skipped");
    assert_eq!(
        imported.warnings[21],
        format!("{path}: skipped 25 of 26 rows because they could not be read")
    );
}

// Round trip of a generated CP949 file.

const ROUND_TRIP_ROWS: usize = 10_000;

/// A small deterministic generator (a 64-bit LCG, Knuth's constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound
    }
}

#[test]
fn ten_thousand_cp949_rows_round_trip_exactly() {
    const SECTORS: [&str; 5] = [
        "일반공공행정",
        "사회복지",
        "산업·중소기업및에너지",
        "문화및관광",
        "국토및지역개발",
    ];
    const DIVISIONS: [&str; 3] = ["기획", "지원", "기반"];
    let mut random = Lcg(20250101);
    let mut text = String::from("회계연도,자치단체명,분야명,부문명,세부사업명,예산액\r\n");
    // The expected total, kept apart from the program: tenths of 천원 (100 won).
    let mut expected_tenths: i128 = 0;
    let mut kept_rows = 0;
    let mut kept_projects = std::collections::HashSet::new();
    for _ in 0..ROUND_TRIP_ROWS {
        let project = random.next(9_000);
        let city = if random.next(4) == 0 {
            "포항시"
        } else {
            "경주시"
        };
        let whole = random.next(50_000_000);
        let tenth = random.next(10);
        let with_decimal = random.next(10) == 0;
        let negative = random.next(20) == 0;
        let mut amount = group_thousands(&whole.to_string());
        let mut tenths = i128::from(whole) * 10;
        if with_decimal {
            amount = format!("{amount}.{tenth}");
            tenths += i128::from(tenth);
        }
        let amount = match (negative, random.next(2)) {
            (false, _) => amount,
            (true, 0) => format!("△{amount}"),
            (true, _) => format!("({amount})"),
        };
        if city == "경주시" {
            expected_tenths += if negative { -tenths } else { tenths };
            kept_rows += 1;
            kept_projects.insert(project);
        }
        // The category follows the project, so rows of one project agree.
        let sector = SECTORS[(project % 5) as usize];
        let division = DIVISIONS[(project % 3) as usize];
        text.push_str(&format!(
            "2025,{city},{sector},{division},세부사업 {project:04},\"{amount}\"\r\n"
        ));
    }
    let (bytes, _, unmappable) = encoding_rs::EUC_KR.encode(&text);
    assert!(!unmappable);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("세출.csv");
    std::fs::write(&input, &bytes).unwrap();
    let output = dir.path().join("2025.toml");

    let result = run(&[
        "import",
        input.to_str().unwrap(),
        "--year",
        "2025",
        "--region",
        "경주시",
        "--filter",
        "자치단체명=경주시",
        "--map",
        "category=분야명/부문명",
        "--map",
        "name=세부사업명",
        "--map",
        "amount=예산액",
        "--unit",
        "천원",
        "--phase",
        "본예산",
        "--sum-duplicates",
        "--output",
        output.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{result:?}");
    assert!(kept_rows > 7_000, "the generator keeps about 3 rows in 4");

    let file = load(output.to_str().unwrap()).unwrap();
    // Rows of one project were added up into one item.
    assert_eq!(file.items.len(), kept_projects.len());
    assert!(file.items.len() < kept_rows);
    let summary = summarize(&file).unwrap();
    let expected_won = Decimal::from_i128_with_scale(expected_tenths * 100, 0);
    assert_eq!(summary.total.won(), expected_won);
}
