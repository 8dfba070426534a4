//! Shared pieces of the unit tests.

use proptest::sample;
use proptest::strategy::Strategy;
use proptest::test_runner::{Config, FileFailurePersistence};

/// Proptest's settings, keeping failing cases in a
/// `<module>.proptest-regressions` file beside the module's source rather
/// than at the top level.
pub fn regressions_beside_the_source() -> Config {
    Config {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    }
}

/// An item's lines after its `id` (for tests of readers that take items
/// straight from text): tidy and untidy paths of several depths, a bad
/// path, statuses, memo marks, counts, amounts in figures and text, one at
/// `Decimal`'s limit.
pub fn item_lines() -> impl Strategy<Value = String> {
    (
        sample::select(vec![
            "x", "x/y", " x / y", "x/y/z", "q", "q/r", "q/r/s/t", "a//b",
        ]),
        sample::select(vec!["", "status = \"target\"\n", "status = \"planned\"\n"]),
        sample::select(vec![
            "",
            "memo = true\n",
            "counts = { companies = \"600+\", 기업 = 3 }\n",
        ]),
        sample::select(vec![
            "1",
            "-2.50",
            "\"3천원\"",
            "1e3",
            "79228162514264337593543950335",
        ]),
    )
        .prop_map(|(category, status, more, amount)| {
            format!("name = \"이름\"\ncategory = \"{category}\"\namount = {amount}\n{status}{more}")
        })
}

/// A batch of items whose lines after the `id` are `items`, with ids
/// `i0`, `i1`, `i2` repeating (so that a batch may repeat an id).
pub fn batch_text(items: &[String]) -> String {
    items
        .iter()
        .enumerate()
        .map(|(at, lines)| format!("[[item]]\nid = \"i{}\"\n{lines}", at % 3))
        .collect()
}
