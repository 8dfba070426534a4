//! The JSON Schema of the year file (`docs/budget.schema.json`): in step
//! with `gyeongju-budget schema`, met by every file the loader accepts,
//! and broken by the mistakes editors should mark. Property tests hold its
//! patterns against the loader's own parsing.

use std::path::Path;
use std::process::Command;
use std::sync::LazyLock;

use gyeongju_budget::amount::{Amount, Unit};
use gyeongju_budget::load::parse_str;
use gyeongju_budget::model::CategoryPath;
use jsonschema::Validator;
use proptest::prelude::*;
use serde_json::{Value, json};

const COMMITTED: &str = "docs/budget.schema.json";

fn validator() -> &'static Validator {
    static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
        let text = std::fs::read_to_string(COMMITTED).expect("the schema is committed");
        let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
        jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
    });
    &VALIDATOR
}

/// A TOML text as JSON, the way editors hand it to the schema.
fn as_json(toml_text: &str) -> Value {
    let value: toml::Value = toml::from_str(toml_text).expect("test input is TOML");
    serde_json::to_value(value).expect("TOML values convert to JSON")
}

fn errors(validator: &Validator, toml_text: &str) -> Vec<String> {
    validator
        .iter_errors(&as_json(toml_text))
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

#[test]
fn the_committed_schema_is_what_the_program_prints() {
    let output = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .arg("schema")
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(0));
    let committed = std::fs::read_to_string(COMMITTED).expect("the schema is committed");
    assert!(
        String::from_utf8_lossy(&output.stdout) == committed,
        "{COMMITTED} is stale: run `cargo run -- schema > {COMMITTED}`"
    );
}

#[test]
fn the_bundled_budgets_meet_the_schema() {
    let validator = validator();
    for path in ["budgets/2025.toml", "budgets/2026.toml"] {
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(errors(validator, &text), Vec::<String>::new(), "{path}");
    }
}

/// The schema is never stricter than the loader: every test file that
/// loads meets it too, in every folder below these (and there are enough
/// of them to mean something: round stated figures, `approx`, ...).
#[test]
fn every_file_that_loads_meets_the_schema() {
    let validator = validator();
    let mut checked = 0;
    let mut folders: Vec<std::path::PathBuf> =
        ["budgets", "docs", "tests/fixtures", "tests/cmd/fixtures"]
            .map(Into::into)
            .to_vec();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if parse_str(&text, "f.toml").is_err() {
                continue;
            }
            // Figures beyond 64 bits (tests/cmd/fixtures/exact/) are TOML
            // that the loader reads from their text but no JSON value
            // holds: an editor's schema check cannot see them either.
            if toml::from_str::<toml::Value>(&text).is_err() {
                continue;
            }
            assert_eq!(
                errors(validator, &text),
                Vec::<String>::new(),
                "{}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 90, "only {checked} files loaded");
}

const HEAD: &str = "year = 2026\nregion = \"Gyeongju\"\nunit = \"billion won\"\n";
const ITEM: &str = "[[item]]\nid = \"a\"\nname = \"A\"\n";

#[test]
fn mistakes_are_marked_where_they_are() {
    let validator = validator();
    let cases = [
        // A typo in a field name: unknown fields are refused.
        (
            format!("{HEAD}{ITEM}category = \"c\"\nammount = 1\n"),
            "/item/0",
        ),
        (format!("yaer = 2026\n{HEAD}"), ""),
        // A status that does not exist.
        (
            format!("{HEAD}{ITEM}category = \"c\"\namount = 1\nstatus = \"done\"\n"),
            "/item/0/status",
        ),
        // An empty segment in a category path.
        (
            format!("{HEAD}{ITEM}category = \"finance//loans\"\namount = 1\n"),
            "/item/0/category",
        ),
        (
            format!("{HEAD}{ITEM}category = \"finance/ \"\namount = 1\n"),
            "/item/0/category",
        ),
        // Counts: at least 1, or digits with `+`.
        (
            format!("{HEAD}{ITEM}category = \"c\"\namount = 1\ncounts = {{ companies = 0 }}\n"),
            "/item/0/counts/companies",
        ),
        (
            format!(
                "{HEAD}{ITEM}category = \"c\"\namount = 1\ncounts = {{ companies = \"many\" }}\n"
            ),
            "/item/0/counts/companies",
        ),
        (
            format!("{HEAD}{ITEM}category = \"c\"\namount = 1\ncounts = {{ companies = 1.5 }}\n"),
            "/item/0/counts/companies",
        ),
        // An amount that is neither a number nor a string with digits.
        (
            format!("{HEAD}{ITEM}category = \"c\"\namount = true\n"),
            "/item/0/amount",
        ),
        (
            format!("{HEAD}{ITEM}category = \"c\"\namount = \"lots\"\n"),
            "/item/0/amount",
        ),
        // Amounts with digits that `check` still refuses: a misspelt unit,
        // commas that do not group thousands, words around the number.
        (
            format!("{HEAD}{ITEM}category = \"c\"\namount = \"5 bilion won\"\n"),
            "/item/0/amount",
        ),
        (
            format!("{HEAD}{ITEM}category = \"c\"\namount = \"26,46억원\"\n"),
            "/item/0/amount",
        ),
        (
            format!("{HEAD}{ITEM}category = \"c\"\namount = \"about 5ish\"\n"),
            "/item/0/amount",
        ),
        (
            format!("{HEAD}{ITEM}category = \"c\"\namount = 1\nparts = {{ a = \"1.2.3\" }}\n"),
            "/item/0/parts/a",
        ),
        (
            format!("{HEAD}{ITEM}category = \"c\"\namount = 1\nparts = {{ a = \"some\" }}\n"),
            "/item/0/parts/a",
        ),
        // A missing required field.
        (format!("{HEAD}{ITEM}amount = 1\n"), "/item/0"),
        ("region = \"Gyeongju\"\n".to_owned(), ""),
        // Wrong types and empty text.
        (
            "year = \"2026\"\nregion = \"Gyeongju\"\n".to_owned(),
            "/year",
        ),
        ("year = 2026\nregion = \" \"\n".to_owned(), "/region"),
        (
            "year = 2026\nregion = \"R\"\nunit = \"bilion won\"\n".to_owned(),
            "/unit",
        ),
    ];
    for (text, place) in cases {
        let found = errors(validator, &text);
        assert!(!found.is_empty(), "not marked:\n{text}");
        assert!(
            found
                .iter()
                .all(|error| error.starts_with(&format!("{place}:"))),
            "marked elsewhere than {place:?}: {found:?}\n{text}"
        );
        assert!(
            parse_str(&text, "t.toml").is_err(),
            "the loader accepts:\n{text}"
        );
    }
}

/// Every field of `stated` the loader reads is in the schema: `approx`
/// (every figure round) too, in an item's table, a total's and a list;
/// and the schema marks a non-boolean `approx` where the loader refuses it.
#[test]
fn every_stated_field_meets_the_schema() {
    let validator = validator();
    let stated = "change = \"1.2 billion won\"\nchange_pct = 10\nshare_pct = \"40%\"\n\
                  share_of = \"약 30 billion won\"\nbase = \"2025\"\nsource = \"Daily\"\napprox = true\n";
    let files = [
        format!("{HEAD}{ITEM}category = \"c\"\namount = 12\n[item.stated]\n{stated}"),
        format!(
            "{HEAD}{ITEM}category = \"c\"\namount = 12\n\
             [[item.stated]]\n{stated}[[item.stated]]\nchange_pct = 9\napprox = false\n"
        ),
        format!(
            "{HEAD}{ITEM}category = \"c\"\namount = 12\n\
             [[total]]\namount = 12\n[total.stated]\n{stated}"
        ),
    ];
    for text in files {
        let loaded = parse_str(&text, "t.toml");
        assert!(loaded.is_ok(), "{loaded:?}\n{text}");
        assert_eq!(errors(validator, &text), Vec::<String>::new(), "{text}");
    }
    let wrong = format!(
        "{HEAD}{ITEM}category = \"c\"\namount = 12\n[item.stated]\nchange_pct = 10\napprox = \"yes\"\n"
    );
    let found = errors(validator, &wrong);
    assert!(
        !found.is_empty() && found.iter().all(|e| e.starts_with("/item/0/stated")),
        "{found:?}"
    );
    assert!(parse_str(&wrong, "t.toml").is_err());
}

/// The CLI's bad-input fixtures whose mistake is one a schema can see.
#[test]
fn bad_fixtures_are_marked_too() {
    let validator = validator();
    for (name, place) in [
        ("unknown-field", "/item/0"),
        ("bad-status", "/item/0/status"),
        ("zero-count", "/item/0/counts/companies"),
        ("negative-count", "/item/0/counts/companies"),
        ("wrong-type", "/item/0/amount"),
        ("unknown-file-unit", "/unit"),
    ] {
        let path = format!("tests/cmd/fixtures/{name}.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let found = errors(validator, &text);
        assert!(!found.is_empty(), "{path} is not marked");
        assert!(
            found.iter().all(|e| e.starts_with(&format!("{place}:"))),
            "{path}: {found:?}"
        );
    }
}

fn schema_accepts(validator: &Validator, field: &str, value: Value) -> bool {
    let item = json!({ "id": "a", "name": "A", "category": "c", "amount": 1 });
    let mut document = json!({ "year": 2026, "region": "R", "item": [item] });
    match field {
        "unit" => document["unit"] = value,
        "count" => document["item"][0]["counts"] = json!({ "n": value }),
        field => document["item"][0][field] = value,
    }
    validator.is_valid(&document)
}

/// A unit's spelling in random case with spaces between its letters.
fn unit_spelling() -> impl Strategy<Value = String> {
    let spellings: Vec<&'static str> = Unit::spellings().collect();
    (proptest::sample::select(spellings), any::<u64>()).prop_map(|(spelling, bits)| {
        spelling
            .chars()
            .enumerate()
            .map(|(i, c)| {
                let bit = |n: usize| bits >> ((2 * i + n) % 64) & 1 == 1;
                let c = if bit(0) { c.to_ascii_uppercase() } else { c };
                if bit(1) {
                    format!(" {c}")
                } else {
                    c.to_string()
                }
            })
            .collect()
    })
}

/// Amount strings as people write them: a sign, a currency mark, digits
/// (grouped or not), a fraction, a unit or Korean numerals, spaces.
fn amount_text() -> impl Strategy<Value = String> {
    let signs = vec!["", "-", "−", "△", "+", "- "];
    let currencies = vec!["", "₩", "￦", "KRW ", "krw"];
    let suffixes: Vec<String> = Unit::spellings()
        .map(str::to_owned)
        .chain(
            [
                "",
                "억원",
                "조 ",
                "만원",
                "천만원",
                "천",
                "억 ",
                "원",
                "백만",
            ]
            .map(str::to_owned),
        )
        .collect();
    (
        proptest::sample::select(signs),
        proptest::sample::select(currencies),
        1u64..10_000_000,
        any::<bool>(),
        proptest::option::of(0u32..100),
        any::<bool>(),
        proptest::sample::select(suffixes),
        proptest::option::of((
            1u32..10_000,
            proptest::sample::select(vec!["만원", "만", "", "억원"]),
        )),
    )
        .prop_map(
            |(sign, currency, number, grouped, fraction, space, suffix, rest)| {
                let digits = if grouped {
                    gyeongju_budget::render::numbers::group_thousands(&number.to_string())
                } else {
                    number.to_string()
                };
                let fraction = fraction.map_or_else(String::new, |f| format!(".{f}"));
                let space = if space { " " } else { "" };
                let rest = rest.map_or_else(String::new, |(n, unit)| format!(" {n}{unit}"));
                format!("{sign}{currency}{digits}{fraction}{space}{suffix}{rest}")
            },
        )
}

proptest! {
    #[test]
    fn the_unit_pattern_accepts_exactly_what_the_loader_reads(
        text in prop_oneof![unit_spelling(), "[ a-zA-Z원천만백억십조₩]{0,12}"]
    ) {
        let validator = validator();
        prop_assert_eq!(
            schema_accepts(validator, "unit", json!(text)),
            Unit::parse(&text).is_some(),
            "{:?}", text
        );
    }

    #[test]
    fn the_category_pattern_accepts_exactly_what_the_loader_reads(
        text in "[a /\t가]{0,8}"
    ) {
        let validator = validator();
        prop_assert_eq!(
            schema_accepts(validator, "category", json!(text)),
            CategoryPath::parse(&text).is_some(),
            "{:?}", text
        );
    }

    /// Strings the schema takes as counts are counts to the loader.
    #[test]
    fn counts_the_schema_accepts_load(text in "[0-9,+ ]{0,8}") {
        let validator = validator();
        if schema_accepts(validator, "count", json!(text)) {
            let file = format!("{HEAD}{ITEM}category = \"c\"\namount = 1\ncounts = {{ n = \"{text}\" }}\n");
            prop_assert!(parse_str(&file, "t.toml").is_ok(), "{:?}", text);
        }
    }

    /// An amount string without a digit never reads as an amount.
    #[test]
    fn amounts_without_digits_never_load(text in "[^0-9]{0,12}") {
        prop_assert!(Amount::parse(&text, Unit::WON).is_err(), "{:?}", text);
    }

    /// The schema never marks an amount string that the loader reads.
    #[test]
    fn amounts_that_load_meet_the_schema(
        text in prop_oneof![amount_text(), "[-−△+₩ 0-9,.억만조천백십원a-z]{0,12}"]
    ) {
        if Amount::parse(&text, Unit::WON).is_ok() {
            prop_assert!(schema_accepts(validator(), "amount", json!(text)), "{:?}", text);
        }
    }
}

#[test]
fn the_schema_file_is_where_the_readme_says() {
    assert!(Path::new(COMMITTED).is_file());
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(readme.contains("#:schema ./docs/budget.schema.json"));
}

/// Amounts in yen and dollars, read in a file of that currency, meet the
/// schema's amount pattern too.
#[test]
fn amounts_in_yen_and_dollars_meet_the_schema() {
    let validator = validator();
    let cases = [
        ("億円", "115兆5,415億円"),
        ("億円", "38兆2778億円"),
        ("百万円", "¥1,200"),
        ("million dollars", "$489.6 million"),
        ("million dollars", "US$ 3 billion"),
        ("million dollars", "7 million USD"),
        ("dollars", "2억 달러"),
    ];
    for (unit, text) in cases {
        let unit = Unit::parse(unit).unwrap();
        assert!(Amount::parse(text, unit).is_ok(), "{text} loads");
        assert!(
            schema_accepts(validator, "amount", json!(text)),
            "{text} meets the schema"
        );
    }
}
