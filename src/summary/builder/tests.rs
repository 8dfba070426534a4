use rust_decimal::Decimal;

use super::*;
use crate::load::{Fold, parse_str};
use crate::report::outline::SortKey;

/// A file whose items, in category `x`, are worth these won.
fn file(items: &[(&str, i64)]) -> YearFile {
    let mut text = String::from("year = 2025\nregion = \"R\"\nunit = \"won\"\n");
    for (id, amount) in items {
        text.push_str(&format!(
            "[[item]]\nid = \"{id}\"\nname = \"{id}\"\ncategory = \"x\"\namount = {amount}\n"
        ));
    }
    parse_str(&text, "t.toml").unwrap()
}

fn top_two(sort: Option<SortKey>) -> SummaryOptions {
    SummaryOptions::from(OutlineOptions {
        depth: None,
        top: Some(2),
        sort,
    })
}

/// The ids a part sends to the calling thread as items.
fn sent(part: &SummaryPart) -> Vec<&str> {
    part.events
        .iter()
        .filter_map(|event| match event {
            PartEvent::Shown(item) => Some(item.id.as_str()),
            PartEvent::Hidden { .. } => None,
        })
        .collect()
}

#[test]
fn later_batches_fold_what_misses_the_bar_where_they_are_read() {
    let options = top_two(None);
    let first = file(&[("a", 9), ("b", 7), ("c", 1)]);
    let mut builder = <SummaryBuilder as Fold>::new(&first, &options);
    let part = <SummaryBuilder as Fold>::part(&options, first.items.clone());
    // No bar yet: the batch's own best two go on, c folds.
    assert_eq!(sent(&part), ["a", "b"]);
    builder.merge(part).unwrap();
    // x keeps 9 and 7: the bar is 7. A later 7 ranks below the first
    // (file order), 5 is below it, 8 beats it.
    let second = file(&[("d", 7), ("e", 5), ("f", 8)]);
    let part = <SummaryBuilder as Fold>::part(&options, second.items.clone());
    assert_eq!(sent(&part), ["f"]);
    builder.merge(part).unwrap();
    let summary = builder.finish();
    let kept: Vec<&str> = summary
        .rows
        .iter()
        .filter_map(|row| match row {
            Row::Item(item) => Some(item.id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(kept, ["a", "f"]);
    let folded = summary.rows.iter().find_map(|row| match row {
        Row::Others(others) => Some((others.items, others.subtotal.won())),
        _ => None,
    });
    // b 7 (pushed out by f) + c 1 + d 7 + e 5 = 20, four items.
    assert_eq!(folded, Some((4, Decimal::from(20))));
}

#[test]
fn an_amount_equal_to_the_bar_goes_on_when_names_break_ties() {
    let options = top_two(Some(SortKey::Name));
    let first = file(&[("m", 9), ("n", 7)]);
    let mut builder = <SummaryBuilder as Fold>::new(&first, &options);
    builder
        .merge(<SummaryBuilder as Fold>::part(
            &options,
            first.items.clone(),
        ))
        .unwrap();
    // "a" sorts before "n": with 7 too, it would be kept instead.
    let second = file(&[("a", 7), ("z", 5)]);
    let part = <SummaryBuilder as Fold>::part(&options, second.items.clone());
    assert_eq!(sent(&part), ["a"]);
}

#[test]
fn each_read_starts_without_bars() {
    let options = top_two(None);
    let first = file(&[("a", 9), ("b", 7)]);
    let mut builder = <SummaryBuilder as Fold>::new(&first, &options);
    builder
        .merge(<SummaryBuilder as Fold>::part(
            &options,
            first.items.clone(),
        ))
        .unwrap();
    // A second read with the same options: 5 is no longer below a bar.
    let _again = <SummaryBuilder as Fold>::new(&first, &options);
    let small = file(&[("c", 5)]);
    let part = <SummaryBuilder as Fold>::part(&options, small.items.clone());
    assert_eq!(sent(&part), ["c"]);
}
