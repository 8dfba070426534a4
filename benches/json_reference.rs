//! The `serde_json` reference for the benchmarks: parses the JSON twin of a
//! generated year file into typed structs and computes the same depth-2
//! subtotals as `summarize --depth 2`, exactly, with `rust_decimal`.
//!
//! Usage: cargo run --release --example json_reference -- FILE.json

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;

#[derive(Deserialize)]
struct YearFile {
    #[allow(dead_code)]
    year: i64,
    #[allow(dead_code)]
    region: String,
    #[allow(dead_code)]
    unit: String,
    item: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    #[allow(dead_code)]
    id: String,
    #[allow(dead_code)]
    name: String,
    category: String,
    amount: String,
    #[allow(dead_code)]
    counts: Option<HashMap<String, String>>,
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: json_reference FILE.json");
    let text = std::fs::read_to_string(path).expect("readable file");
    let file: YearFile = serde_json::from_str(&text).expect("valid JSON");
    let mut subtotals: HashMap<String, Decimal> = HashMap::new();
    let mut total = Decimal::ZERO;
    for item in &file.item {
        let amount = Decimal::from_str(&item.amount).expect("decimal amount");
        total += amount;
        let mut path = String::new();
        for (depth, segment) in item.category.split('/').take(2).enumerate() {
            if depth > 0 {
                path.push('/');
            }
            path.push_str(segment);
            *subtotals.entry(path.clone()).or_default() += amount;
        }
    }
    let mut keys: Vec<&String> = subtotals.keys().collect();
    keys.sort();
    for key in keys {
        println!("{key}\t{}", subtotals[key]);
    }
    println!("total\t{total}");
}
