//! `--format jsonl`: one flat JSON object per line, the same keys on every
//! line, and exact amounts that add up to the totals worked out by hand.

use std::collections::BTreeSet;
use std::process::Command;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

fn lines(args: &[&str]) -> Vec<serde_json::Map<String, Value>> {
    let output = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args(args)
        .args(["--format", "jsonl"])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let lines: Vec<_> = text
        .lines()
        .map(
            |line| match serde_json::from_str(line).expect("each line is JSON") {
                Value::Object(object) => object,
                other => panic!("not an object: {other}"),
            },
        )
        .collect();
    let keys =
        |line: &serde_json::Map<String, Value>| line.keys().cloned().collect::<BTreeSet<_>>();
    assert!(
        lines.iter().all(|line| keys(line) == keys(&lines[0])),
        "{args:?}"
    );
    lines
}

fn won(value: &Value) -> Decimal {
    Decimal::from_str(value.as_str().expect("amounts are strings")).expect("a decimal")
}

#[test]
fn trend_lines_add_up_to_each_year_total() {
    let lines = lines(&["trend", "budgets/"]);
    let total = |year: i64| -> Decimal {
        lines
            .iter()
            .filter(|line| line["year"] == year && line["in_totals"] == true)
            .map(|line| won(&line["amount"]))
            .sum()
    };
    // 2025: 3.5 billion won (the loans, 240.4, and the investment
    // attracted, 236.6, are memo figures).
    assert_eq!(total(2025), Decimal::from(3_500_000_000_i64));
    // 2026: 2.5 + 2.3 + 0.4 + 4.3 = 9.5 billion won (the loans, 264.6, are
    // a memo figure).
    assert_eq!(total(2026), Decimal::from(9_500_000_000_i64));
    // Targets, caps and memo figures are there, but never in totals:
    // 2 memo figures and 2 caps in 2025; 1 memo figure, 3 targets and
    // 2 caps in 2026.
    let outside = lines
        .iter()
        .filter(|line| line["in_totals"] == false)
        .count();
    assert_eq!(outside, 4 + 6);
    // `memo` tells the memo figures apart: the loans in both years and the
    // investment attracted in 2025, 3 lines; the other 7 outside are the
    // targets and caps.
    let memo: Vec<(i64, &str)> = lines
        .iter()
        .filter(|line| line["memo"] == true)
        .map(|line| (line["year"].as_i64().unwrap(), line["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        memo,
        [
            (2025, "sme-working-capital-loans"),
            (2026, "sme-working-capital-loans"),
            (2025, "investment-attracted"),
        ]
    );
}

#[test]
fn diff_lines_carry_both_sides_exactly() {
    let lines = lines(&["diff", "budgets/2025.toml", "budgets/2026.toml", "--all"]);
    let loans = lines
        .iter()
        .find(|line| line["id"] == "sme-working-capital-loans")
        .expect("the loans are compared");
    // 240.4 -> 264.6 billion won: +24.2 billion, 24.2 / 240.4 = 10.0665…%.
    assert_eq!(won(&loans["old"]), Decimal::from(240_400_000_000_i64));
    assert_eq!(won(&loans["new"]), Decimal::from(264_600_000_000_i64));
    assert_eq!(won(&loans["change"]), Decimal::from(24_200_000_000_i64));
    assert!(loans["change_pct"].as_str().unwrap().starts_with("10.0665"));
    assert_eq!(loans["change_status"], "changed");
    // The changes of the items in totals add up to the change of the total:
    // 9.5 - 3.5 = +6.0 billion won (funds +2.5, business support +2.3,
    // promotion +0.4, complexes +0.8), counting new and removed items at
    // their whole amount.
    let moved: Decimal = lines
        .iter()
        .filter(|line| line["in_totals"] == true)
        .map(|line| {
            let side = |key: &str| {
                line[key]
                    .as_str()
                    .map_or(Decimal::ZERO, |_| won(&line[key]))
            };
            side("new") - side("old")
        })
        .sum();
    assert_eq!(moved, Decimal::from(6_000_000_000_i64));
}

#[test]
fn folded_rows_say_how_many_items_they_hold() {
    let lines = lines(&["summarize", "budgets/2026.toml", "--top", "0"]);
    let folded: Vec<_> = lines
        .iter()
        .filter(|line| line["kind"] == "others")
        .collect();
    // Every category's items are folded: 4 items in totals, in 4 categories
    // (the loans are a memo figure).
    let items: u64 = folded
        .iter()
        .map(|line| line["items"].as_u64().unwrap())
        .sum();
    assert_eq!(items, 4);
    let sum: Decimal = folded.iter().map(|line| won(&line["amount"])).sum();
    // 2.5 + 2.3 + 0.4 + 4.3 = 9.5 billion won.
    assert_eq!(sum, Decimal::from(9_500_000_000_i64));
}
