use super::*;
use crate::load::Fold;
use crate::load::places::item_places;
use crate::load::quick::quick_items;
use crate::summary::every_row::PlacedRows;
use proptest::prelude::*;

/// An item's lines after its `id`, mostly such as the quick reader takes
/// (in totals or not, sums near `Decimal`'s limit), now and then one of
/// [`crate::testing::item_lines`] (many of which it gives up on).
fn mostly_read_lines() -> impl Strategy<Value = String> {
    let read = (
        prop::sample::select(vec!["x", "x/y", " x / y", "x/y/z", "q", "q/r/s/t"]),
        prop::sample::select(vec![
            "",
            "status = \"cap\"\n",
            "memo = true\n",
            "status = \"planned\"\n",
            "# a comment\n\n",
        ]),
        prop::sample::select(vec![
            "1",
            "-2.50",
            "\"3천원\"",
            "0.125",
            "79228162514264337593543950335",
        ]),
    )
        .prop_map(|(category, more, amount)| {
            format!("name = \"이름\"\ncategory = \"{category}\"\namount = {amount}\n{more}")
        });
    prop_oneof![12 => read, 1 => crate::testing::item_lines()]
}

/// The batch's text: each item's header, now and then indented (the
/// quick reader takes it, but it is no place), then its id and lines.
fn batch_of(items: &[(bool, String)]) -> String {
    items
        .iter()
        .enumerate()
        .map(|(at, (indented, lines))| {
            let indent = if *indented { "  " } else { "" };
            format!("{indent}[[item]]\nid = \"i{}\"\n{lines}", at % 3)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        ..crate::testing::regressions_beside_the_source()
    })]

    /// A batch read straight from its text gives the part made of the
    /// items the quick reader reads from it and their places, with the
    /// same ids noted; where the quick reader gives up, or the items have
    /// no places, so does the text's reading (and the batch is read the
    /// usual way).
    #[test]
    fn a_batch_read_from_its_text_is_the_part_of_its_placed_items(
        items in prop::collection::vec((prop::bool::weighted(0.05), mostly_read_lines()), 1..12),
        start in 0u64..5000,
        lines_before in 0usize..5,
    ) {
        let unit = Unit::parse("천원").unwrap();
        let text = batch_of(&items);
        let mut ids = IdLines::default();
        let from_text = placed_part(&text, start, lines_before, unit, &mut ids);
        let read = quick_items(&text, lines_before, unit);
        let places = read
            .as_ref()
            .and_then(|items| item_places(text.as_bytes(), start, lines_before, items));
        match (read, places) {
            (Some(items), Some(places)) => {
                let mut expected_ids = IdLines::default();
                for item in &items {
                    expected_ids.note(&item.id, item.line);
                }
                let expected = PlacedRows::part_placed(&(), items, Some(places));
                let from_text = from_text.expect("read where the items have places");
                prop_assert_eq!(format!("{from_text:?}"), format!("{expected:?}"));
                prop_assert_eq!(ids.into_hashes(), expected_ids.into_hashes());
            }
            _ => prop_assert!(from_text.is_none()),
        }
    }
}

/// Two items in totals of one category written two ways share its sum;
/// a target is placed among the excluded; each place runs to the next
/// header, the last to the batch's end.
#[test]
fn places_and_sums_of_a_small_batch() {
    let text = "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"x/y\"\namount = 1\n\
                [[item]]\nid = \"b\"\nname = \"B\"\ncategory = \"x\"\namount = 2\n\
                status = \"target\"\n\
                [[item]]\nid = \"c\"\nname = \"C\"\ncategory = \" x / y \"\namount = 4\n";
    let mut ids = IdLines::default();
    let part = placed_part(text, 100, 9, Unit::WON, &mut ids).expect("read");
    // Item a: 9 + 9 + 11 + 17 + 11 bytes; b: 9 + 9 + 11 + 15 + 11 + 18.
    let (a, b) = (57u32, 73u32);
    let c = text.len() as u32 - a - b;
    assert_eq!(part.categories.len(), 1);
    let (category, sum, count) = &part.categories[0];
    assert_eq!(category.as_str(), "x/y");
    assert_eq!(sum.won(), rust_decimal::Decimal::from(5));
    assert_eq!(*count, 2);
    let place = |offset, len, line| ItemPlace { offset, len, line };
    assert_eq!(
        part.items,
        [
            (0, place(100, a, 10)),
            (0, place(100 + a + b, c, 10 + 5 + 6))
        ]
    );
    assert_eq!(part.excluded, [place(100 + a, b, 15)]);
    assert_eq!(ids.into_hashes().len(), 3);
}

/// An indented header is read by the quick reader but is no place: the
/// batch is left to the usual way.
#[test]
fn an_indented_header_leaves_the_batch_to_the_usual_way() {
    let text = "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"x\"\namount = 1\n  [[item]]\n\
                id = \"b\"\nname = \"B\"\ncategory = \"x\"\namount = 2\n";
    assert!(quick_items(text, 0, Unit::WON).is_some());
    assert!(placed_part(text, 0, 0, Unit::WON, &mut IdLines::default()).is_none());
}
