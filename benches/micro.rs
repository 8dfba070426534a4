//! Micro-benchmarks (divan) of the two hot paths: reading amounts as
//! written, and adding items up the category tree.
//!
//! Run: cargo bench --bench micro

use divan::{Bencher, black_box};
use gyeongju_budget::amount::{Amount, Unit};
use gyeongju_budget::load::parse_str;
use gyeongju_budget::summary::summarize;

fn main() {
    divan::main();
}

const AMOUNTS: [&str; 8] = [
    "264.6",
    "264.6 billion won",
    "2,646억원",
    "1조 2,000억원",
    "3억 5,000만원",
    "₩30,000,000",
    "12,345,678천원",
    "-3.5",
];

#[divan::bench(args = AMOUNTS)]
fn parse_amount_string(text: &str) -> Amount {
    Amount::parse(black_box(text), Unit::WON).expect("valid amount")
}

#[divan::bench(args = ["264.6", "39802425", "2.5e3"])]
fn parse_toml_literal(text: &str) -> Amount {
    Amount::from_toml_literal(black_box(text), Unit::WON).expect("valid literal")
}

/// A year file of `count` items over 8 × 6 × 40 categories.
fn year_file_text(count: usize) -> String {
    let mut text = String::from("year = 2026\nregion = \"R\"\nunit = \"천원\"\n");
    for index in 0..count {
        text.push_str(&format!(
            "[[item]]\nid = \"p{index}\"\nname = \"n{index}\"\ncategory = \"f{}/s{}/p{}\"\namount = {}\n",
            index % 8,
            index % 6,
            index % 40,
            1 + index * 7919 % 50_000_000
        ));
    }
    text
}

#[divan::bench(args = [1_000, 100_000])]
fn aggregate(bencher: Bencher, count: usize) {
    let file = parse_str(&year_file_text(count), "bench.toml").expect("valid file");
    bencher.bench(|| summarize(black_box(&file)).expect("no overflow"));
}
