use rust_decimal::Decimal;

use super::*;
use crate::load::places::ItemPlace;
use crate::load::{Fold, parse_str};
use crate::report::outline::OutlineOptions;
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
    // b folds, so x is known to have more items than it keeps: its bar
    // (7) is told the workers.
    let first = file(&[("m", 9), ("n", 7), ("b", 1)]);
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
    let first = file(&[("a", 9), ("b", 7), ("d", 1)]);
    let mut builder = <SummaryBuilder as Fold>::new(&first, &options);
    builder
        .merge(<SummaryBuilder as Fold>::part(
            &options,
            first.items.clone(),
        ))
        .unwrap();
    // The bar of 7 folds a 5 in this read.
    let small = file(&[("c", 5)]);
    let part = <SummaryBuilder as Fold>::part(&options, small.items.clone());
    assert!(sent(&part).is_empty());
    // A second read with the same options: 5 is no longer below a bar.
    let _again = <SummaryBuilder as Fold>::new(&first, &options);
    let small = file(&[("c", 5)]);
    let part = <SummaryBuilder as Fold>::part(&options, small.items.clone());
    assert_eq!(sent(&part), ["c"]);
}

/// What a part sends, in order, as text: items whole, sums, and items
/// kept by their places (with the number of events before each).
fn described(part: &SummaryPart) -> Vec<String> {
    let mut lines: Vec<String> = part
        .events
        .iter()
        .map(|event| match event {
            PartEvent::Shown(item) => format!("item {}", item.id),
            PartEvent::Hidden {
                category,
                sum,
                count,
                folded,
            } => format!("sum {category} {} {count} {folded}", sum.won()),
        })
        .collect();
    lines.extend(part.placed.iter().map(|(before, event)| {
        format!(
            "placed {before} {} {} {:?} {:?}",
            event.category,
            event.placed.amount.won(),
            event.placed.place,
            event.text
        )
    }));
    lines
}

#[test]
fn a_batch_taken_in_pieces_makes_the_part_it_makes_whole() {
    // With --depth 2 and --top 2: three items of x, two of x/y (hidden,
    // added up at x/y), a memo item of z and one of z in totals.
    let text = "year = 2025\nregion = \"R\"\nunit = \"won\"\n\
        [[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"x\"\namount = 9\n\
        [[item]]\nid = \"b\"\nname = \"B\"\ncategory = \"x/y\"\namount = 4\n\
        [[item]]\nid = \"c\"\nname = \"C\"\ncategory = \"z\"\namount = 3\nmemo = true\n\
        [[item]]\nid = \"d\"\nname = \"D\"\ncategory = \"x\"\namount = 7\n\
        [[item]]\nid = \"e\"\nname = \"E\"\ncategory = \"x/y\"\namount = 5\n\
        [[item]]\nid = \"f\"\nname = \"F\"\ncategory = \"x\"\namount = 8\n\
        [[item]]\nid = \"g\"\nname = \"G\"\ncategory = \"z\"\namount = 6\n";
    let head = parse_str(text, "t.toml").unwrap();
    let places: Vec<ItemPlace> = (0..head.items.len())
        .map(|at| ItemPlace {
            offset: 100 * at as u32,
            len: 100,
            line: at as u32,
        })
        .collect();
    for sort in [None, Some(SortKey::Name)] {
        let options = SummaryOptions::placing(OutlineOptions {
            depth: Some(2),
            top: Some(2),
            sort,
        });
        let whole = <SummaryBuilder as Fold>::part_placed(
            &options,
            head.items.clone(),
            Some(places.clone()),
        );
        // x keeps a (9) and f (8): d (7) folds; x/y adds up b and e
        // (4 + 5 = 9, at b's place); the memo c goes on whole; z keeps g.
        // a goes on before any event, f and g after three.
        let text = |id: &str| sort.map(|_| id.to_owned());
        let expected = [
            "sum x/y 9 2 false".to_owned(),
            "item c".to_owned(),
            "sum x 7 1 true".to_owned(),
            format!("placed 0 x 9 {:?} {:?}", places[0], text("A")),
            format!("placed 3 x 8 {:?} {:?}", places[5], text("F")),
            format!("placed 3 z 6 {:?} {:?}", places[6], text("G")),
        ];
        assert_eq!(described(&whole), expected);
        for cut in 1..head.items.len() {
            let pieces = [
                (head.items[..cut].to_vec(), Some(places[..cut].to_vec())),
                (head.items[cut..].to_vec(), Some(places[cut..].to_vec())),
            ];
            let in_pieces =
                <SummaryBuilder as Fold>::part_in_pieces(&options, &mut pieces.into_iter());
            assert_eq!(described(&in_pieces), described(&whole), "cut at {cut}");
        }
    }
}
