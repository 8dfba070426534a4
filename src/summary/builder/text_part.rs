//! A batch's [`SummaryPart`] without `--top`, read straight from the
//! batch's text (see [`quick_fields`]) instead of from the items the quick
//! reader would make of it: an item `--depth` hides (nine in ten of a
//! national file's at `--depth 2`) is read for its id, category and
//! amount only, and its category's path is made once a batch for each way
//! it is written. Only the items that go on as they are (shown, or not in
//! the totals) are made into [`Item`]s. The part is the one
//! [`part_hiding`] makes of the quick reader's items.
//!
//! [`Item`]: crate::model::Item
//! [`part_hiding`]: super::part::part_hiding
#![warn(clippy::arithmetic_side_effects)]

use std::collections::HashMap;

use super::part::{PartEvent, SummaryPart, add_to_sum, sum_key};
use crate::amount::Unit;
use crate::load::IdLines;
use crate::load::quick::{WrittenPaths, quick_fields};
use crate::report::shows;
use crate::report::top::OrderFree;

/// What a batch's items written with one category path become.
#[derive(Clone, Copy)]
enum Way {
    /// Shown at this depth: each goes on as it is.
    Shown,
    /// Hidden by `--depth`: those in totals are added up in the sum of
    /// this number (one for each category they are added up in).
    Hidden(usize),
}

/// [`part_hiding`](super::part::part_hiding) of the items the quick reader reads
/// from `text`, each item's id and line noted in `ids`; `None` where the
/// quick reader gives up, or a category is not a path the loader takes
/// (the batch is then read the usual way, which says why).
pub(super) fn part_hiding_of_text(
    depth: Option<usize>,
    cut_at: Option<usize>,
    text: &str,
    lines_before: usize,
    unit: Unit,
    ids: &mut IdLines,
) -> Option<SummaryPart> {
    let mut part = SummaryPart {
        events: Vec::new(),
        placed: Vec::new(),
        order_free: OrderFree::default(),
    };
    let mut paths = WrittenPaths::default();
    // By the place of each way a category is written.
    let mut ways: Vec<Way> = Vec::new();
    // Sums by the text that names them (see `sum_key`): two ways of
    // writing one path, or two paths below one cut, share a sum.
    let mut sum_numbers: HashMap<String, usize, foldhash::fast::RandomState> = HashMap::default();
    // Where each sum is in the part's events, by its number.
    let mut added_at: Vec<Option<usize>> = Vec::new();
    quick_fields(text, lines_before, unit, |fields| {
        let at = paths.place_of(fields.category)?;
        let category = paths.path(at);
        ids.note(fields.id, fields.line);
        if at == ways.len() {
            let way = if shows(depth, category) {
                Way::Shown
            } else {
                let key = sum_key(category, depth, cut_at);
                let next = sum_numbers.len();
                let number = *sum_numbers.entry(key.to_owned()).or_insert(next);
                if number == added_at.len() {
                    added_at.push(None);
                }
                Way::Hidden(number)
            };
            ways.push(way);
        }
        let in_totals = fields.status.enters_totals() && !fields.memo;
        match ways.get(at)? {
            Way::Hidden(number) if in_totals => {
                if cut_at.is_some() {
                    part.order_free.add(fields.amount);
                }
                add_to_sum(
                    &mut part.events,
                    added_at.get_mut(*number)?,
                    fields.amount,
                    false,
                    || match cut_at {
                        Some(cut_at) => category.ancestor(cut_at),
                        None => category.clone(),
                    },
                );
            }
            // Figures not in totals go to the builder even when hidden, so
            // that it counts them.
            Way::Shown | Way::Hidden(_) => {
                let item = fields.into_item_in(category.clone());
                part.events.push(PartEvent::Shown(Box::new(item)));
            }
        }
        Some(())
    })?;
    Some(part)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::SummaryBuilder;
    use proptest::prelude::*;

    /// A part as text: each event in order (an item's every field, a
    /// sum's category, amount, count and fold mark), and its order check.
    fn described(part: &SummaryPart) -> Vec<String> {
        part.events
            .iter()
            .map(|event| match event {
                PartEvent::Shown(item) => format!("shown {item:?}"),
                PartEvent::Hidden {
                    category,
                    sum,
                    count,
                    folded,
                } => format!(
                    "hidden {category:?} {}/{} {count} {folded}",
                    sum.won(),
                    sum.precision()
                ),
            })
            .chain([format!("{:?} {}", part.order_free, part.placed.len())])
            .collect()
    }

    /// An item's lines after its `id` that the quick reader mostly takes
    /// (most of [`crate::testing::item_lines`] are given up on: a bad path
    /// or amount in any item leaves the whole batch to the usual way), now
    /// and then one of those.
    fn mostly_read_lines() -> impl Strategy<Value = String> {
        let read = (
            prop::sample::select(vec!["x", "x/y", " x / y", "x/y/z", "x/w/z", "q", "q/r/s/t"]),
            prop::sample::select(vec!["", "status = \"cap\"\n", "memo = true\n"]),
            prop::sample::select(vec!["1", "-2.50", "\"3천원\"", "0.125"]),
        )
            .prop_map(|(category, more, amount)| {
                format!("name = \"이름\"\ncategory = \"{category}\"\namount = {amount}\n{more}")
            });
        prop_oneof![12 => read, 1 => crate::testing::item_lines()]
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 200,
            ..crate::testing::regressions_beside_the_source()
        })]

        /// A batch read straight from its text gives the part made of the
        /// items the quick reader reads from it, with the same ids noted,
        /// at any depth, cut or not; where the quick reader gives up, so
        /// does the text's reading.
        #[test]
        fn a_batch_read_from_its_text_is_the_part_of_its_items(
            items in prop::collection::vec(mostly_read_lines(), 1..12),
            depth in prop::option::of(0usize..4),
            cut in any::<bool>(),
            lines_before in 0usize..5,
        ) {
            let unit = Unit::parse("천원").unwrap();
            let cut_at = depth.filter(|&depth| cut && depth > 0);
            let text = crate::testing::batch_text(&items);
            let mut ids = IdLines::default();
            let from_text = part_hiding_of_text(depth, cut_at, &text, lines_before, unit, &mut ids);
            match crate::load::quick::quick_items(&text, lines_before, unit) {
                Some(items) => {
                    let mut expected_ids = IdLines::default();
                    for item in &items {
                        expected_ids.note(&item.id, item.line);
                    }
                    let expected = super::super::part::part_hiding(depth, cut_at, items);
                    let from_text = from_text.expect("read where the quick reader reads");
                    prop_assert_eq!(described(&from_text), described(&expected));
                    prop_assert_eq!(ids.into_hashes(), expected_ids.into_hashes());
                }
                None => prop_assert!(from_text.is_none()),
            }
        }
    }

    /// Items hidden by `--depth 2` whose category is written two ways
    /// share a sum, as those of two categories below one cut do.
    #[test]
    fn hidden_items_written_two_ways_share_their_sum() {
        let unit = Unit::parse("won").unwrap();
        let text = "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"x/y/z\"\namount = 1\n\
                    [[item]]\nid = \"b\"\nname = \"B\"\ncategory = \"x\"\namount = 2\n\
                    [[item]]\nid = \"c\"\nname = \"C\"\ncategory = \" x / y / z \"\namount = 4\n\
                    [[item]]\nid = \"d\"\nname = \"D\"\ncategory = \"x/y/w\"\namount = 8\n";
        let mut ids = IdLines::default();
        let cut = part_hiding_of_text(Some(2), Some(2), text, 0, unit, &mut ids).unwrap();
        let cut = described(&cut);
        // Cut at x/y: a (1), c (4) and d (8) are one sum of 1 + 4 + 8 = 13
        // won, where a comes; b (in x, shown at depth 2) goes on as it is.
        assert_eq!(cut.len(), 3);
        assert!(cut[0].starts_with("hidden CategoryPath { text: \"x/y\", depth: 2 } 13/"));
        assert!(cut[1].starts_with("shown Item { id: \"b\""));
        // Not cut, the sums are by category: x/y/z (1 + 4 = 5) where a
        // comes, then b, then x/y/w (8).
        let mut ids = IdLines::default();
        let uncut = part_hiding_of_text(Some(2), None, text, 0, unit, &mut ids).unwrap();
        let uncut = described(&uncut);
        assert_eq!(uncut.len(), 4);
        assert!(uncut[0].starts_with("hidden CategoryPath { text: \"x/y/z\", depth: 3 } 5/"));
        assert!(uncut[1].starts_with("shown Item { id: \"b\""));
        assert!(uncut[2].starts_with("hidden CategoryPath { text: \"x/y/w\", depth: 3 } 8/"));
        let items = crate::load::quick::quick_items(text, 0, unit).unwrap();
        assert_eq!(uncut, described(&SummaryBuilder::part(Some(2), items)));
    }
}
