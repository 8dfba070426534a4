//! Matching the items of two year files by id, and the old file's sums by
//! category, worked out so that comparing two national files reads each
//! file front to back.
//!
//! A million items that a new budget book lists in another order than the
//! old one would otherwise be visited in the new order on both sides: every
//! old item (its status, category and amount) a jump to somewhere else in
//! half a gigabyte, a cache miss each. So the old side is folded once in its
//! own order into small per-item and per-category tables, and the pairing
//! keeps indices, not items.

use std::collections::HashMap;

use crate::amount::Amount;
use crate::exact::Inexact;
use crate::model::{CategoryPath, Item};
use crate::parallel::both;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Below this many items to match, a second thread costs more than it
/// saves.
const PARALLEL_FROM: usize = 1 << 16;

/// The same id on either side. `old_category` is the old item's category
/// among [`OldCategories`], when it enters totals.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pair<'f> {
    pub old: Option<&'f Item>,
    pub old_category: Option<usize>,
    pub new: Option<&'f Item>,
}

impl<'f> Pair<'f> {
    pub fn old_in_totals(&self) -> Option<&'f Item> {
        self.old.filter(|item| item.enters_totals())
    }

    pub fn new_in_totals(&self) -> Option<&'f Item> {
        self.new.filter(|item| item.enters_totals())
    }

    /// The item as it now stands, or as it last stood if removed.
    pub fn current(&self) -> &'f Item {
        self.new.or(self.old).expect("a pair has at least one side")
    }

    pub fn category(&self) -> &'f CategoryPath {
        &self.current().category
    }
}

/// Which old item each new item is, which old items are gone, and the old
/// side folded by category.
#[derive(Debug)]
pub(super) struct Pairing<'f> {
    old: &'f [Item],
    new: &'f [Item],
    /// For each new item, the index of the old item with the same id.
    old_of_new: Vec<Option<usize>>,
    /// For each new item, that old item's category (as in
    /// [`OldCategories::of_item`]), looked up while the ids are.
    old_category_of_new: Vec<u32>,
    /// Old items that no new item has, in the old file's order.
    removed: Vec<usize>,
    pub old_categories: OldCategories<'f>,
}

impl<'f> Pairing<'f> {
    /// Matches by id; ids are unique within each file (the loader sees to
    /// that). Large files are matched on two threads.
    pub fn of(old: &'f [Item], new: &'f [Item]) -> Pairing<'f> {
        Self::on_threads(old, new, old.len().min(new.len()) >= PARALLEL_FROM)
    }

    /// [`Pairing::of`], on two threads or one.
    fn on_threads(old: &'f [Item], new: &'f [Item], parallel: bool) -> Pairing<'f> {
        // The old side's fold needs no ids: it runs beside the map.
        let (old_categories, (same, by_id)) = both(
            parallel,
            || OldCategories::of(old),
            || ids_not_in_step(old, new),
        );
        let (new_rest, old_rest) = (&new[same..], &old[same..]);
        let find = |items: &[Item]| -> (Vec<Option<usize>>, Vec<u32>) {
            items
                .iter()
                .map(|item| {
                    let index = by_id.get(item.id.as_str()).copied();
                    let category = index.map_or(OUTSIDE, |i| old_categories.of_item[i]);
                    (index, category)
                })
                .unzip()
        };
        // Looking ids up is waiting on memory: two threads wait at once.
        let (first, second) = new_rest.split_at(new_rest.len() / 2);
        let ((mut old_of_new, mut old_category_of_new), (second_index, second_category)) =
            both(parallel, || find(first), || find(second));
        old_of_new.extend(second_index);
        old_category_of_new.extend(second_category);
        let mut matched = vec![false; old_rest.len()];
        for &index in old_of_new.iter().flatten() {
            // Unmatched old items are indexed from `same` on.
            if let Some(slot) = index.checked_sub(same).and_then(|i| matched.get_mut(i)) {
                *slot = true;
            }
        }
        let removed = matched
            .iter()
            .enumerate()
            .filter(|(_, matched)| !**matched)
            // Indexes into the old items: below their count.
            .map(|(offset, _)| same.saturating_add(offset))
            .collect();
        // The pairs in step come first.
        old_of_new.splice(0..0, (0..same).map(Some));
        old_category_of_new.splice(0..0, old_categories.of_item[..same].iter().copied());
        Pairing {
            old,
            new,
            old_of_new,
            old_category_of_new,
            removed,
            old_categories,
        }
    }

    /// Every pair: the new file's order, then items only the old has.
    pub fn pairs(&self) -> impl Iterator<Item = Pair<'f>> + '_ {
        let kept = self
            .new
            .iter()
            .zip(&self.old_of_new)
            .zip(&self.old_category_of_new)
            .map(|((item, &old_index), &category)| Pair {
                old: old_index.map(|index| &self.old[index]),
                old_category: in_totals(category),
                new: Some(item),
            });
        let removed = self.removed.iter().map(|&index| Pair {
            old: Some(&self.old[index]),
            old_category: in_totals(self.old_categories.of_item[index]),
            new: None,
        });
        kept.chain(removed)
    }
}

/// How many items at the start of both files have the same ids in the same
/// order, and the remaining old items' ids, mapped to their places in the
/// old file. Consecutive years mostly list the same ids in the same order:
/// those pair up directly, and only the rest go through the map.
fn ids_not_in_step<'f>(old: &'f [Item], new: &[Item]) -> (usize, FastMap<&'f str, usize>) {
    let same = old
        .iter()
        .zip(new)
        .take_while(|(o, n)| o.id == n.id)
        .count();
    let rest = &old[same..];
    let mut by_id = FastMap::with_capacity_and_hasher(rest.len(), Default::default());
    by_id.extend(
        rest.iter()
            .enumerate()
            .map(|(offset, item)| (item.id.as_str(), same.saturating_add(offset))),
    );
    (same, by_id)
}

/// [`OldCategories::of_item`]'s mark for an item outside totals.
const OUTSIDE: u32 = u32::MAX;

fn in_totals(category: u32) -> Option<usize> {
    (category != OUTSIDE).then_some(category as usize)
}

/// The old file's items that enter totals, folded by category in the old
/// file's own order.
#[derive(Debug)]
pub(super) struct OldCategories<'f> {
    /// Each category, in order of first appearance.
    pub paths: Vec<&'f CategoryPath>,
    /// The exact sum of each category's items, or why it could not be
    /// held exactly.
    pub sums: Vec<Result<Amount, Inexact>>,
    /// For each old item, its category's index, or [`OUTSIDE`] if it does
    /// not enter totals: four bytes an item, so that looking it up in the
    /// new file's order stays in the cache.
    of_item: Vec<u32>,
}

impl<'f> OldCategories<'f> {
    pub fn of(items: &'f [Item]) -> OldCategories<'f> {
        let mut index: FastMap<&'f CategoryPath, usize> = FastMap::default();
        let mut folded = OldCategories {
            paths: Vec::new(),
            sums: Vec::new(),
            of_item: Vec::with_capacity(items.len()),
        };
        // Neighbouring items often share a category: skip the map then.
        let mut last: Option<(&CategoryPath, usize)> = None;
        for item in items {
            if !item.enters_totals() {
                folded.of_item.push(OUTSIDE);
                continue;
            }
            let category = match last {
                Some((path, category)) if *path == item.category => category,
                _ => *index.entry(&item.category).or_insert_with(|| {
                    folded.paths.push(&item.category);
                    folded.sums.push(Ok(Amount::ZERO));
                    // The path just pushed.
                    folded.paths.len().saturating_sub(1)
                }),
            };
            last = Some((&item.category, category));
            folded
                .of_item
                .push(u32::try_from(category).expect("fewer categories than u32::MAX"));
            let sum = &mut folded.sums[category];
            *sum = sum.and_then(|sum| sum.exact_add(item.amount));
        }
        folded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_str;

    fn items(ids_and_categories: &[(&str, &str, &str)]) -> Vec<Item> {
        let mut text = String::from("year = 2026\nregion = \"R\"\nunit = \"won\"\n");
        for (id, category, status) in ids_and_categories {
            text.push_str(&format!(
                "[[item]]\nid = \"{id}\"\nname = \"{id}\"\ncategory = \"{category}\"\namount = 1\nstatus = \"{status}\"\n"
            ));
        }
        parse_str(&text, "test.toml").unwrap().items
    }

    #[test]
    fn pairs_follow_the_new_order_then_the_removed_in_old_order() {
        let old = items(&[
            ("a", "x", "actual"),
            ("b", "x", "actual"),
            ("gone1", "x", "actual"),
            ("c", "x", "actual"),
            ("gone2", "x", "actual"),
        ]);
        let new = items(&[
            ("a", "x", "actual"),
            ("c", "x", "actual"),
            ("fresh", "x", "actual"),
            ("b", "x", "actual"),
        ]);
        assert_eq!(
            described(&Pairing::of(&old, &new)),
            [
                "a→a true",
                "c→c true",
                "-→fresh false",
                "b→b true",
                "gone1→- true",
                "gone2→- true"
            ]
        );
    }

    /// Items with the given ids, in totals (category `in`) or not (a target
    /// in category `out`).
    fn with_ids(template: &Item, ids: &[(u16, bool)]) -> Vec<Item> {
        ids.iter()
            .map(|&(id, in_totals)| {
                let mut item = template.clone();
                item.id = format!("p{id}");
                item.category = CategoryPath::parse(if in_totals { "in" } else { "out" }).unwrap();
                if !in_totals {
                    item.status = crate::model::Status::Target;
                }
                item
            })
            .collect()
    }

    /// The pairs as the plain definition gives them: each new item with the
    /// old item of its id, then the old items no new one has.
    fn by_definition(old: &[Item], new: &[Item]) -> Vec<String> {
        let id = |item: Option<&Item>| item.map_or("-".to_owned(), |i| i.id.clone());
        let in_totals = |item: Option<&Item>| item.is_some_and(|i| i.enters_totals());
        let kept = new.iter().map(|n| {
            let o = old.iter().find(|o| o.id == n.id);
            format!("{}→{} {}", id(o), n.id, in_totals(o))
        });
        let removed = old
            .iter()
            .filter(|o| !new.iter().any(|n| n.id == o.id))
            .map(|o| format!("{}→- {}", o.id, in_totals(Some(o))));
        kept.chain(removed).collect()
    }

    /// `old→new` for each pair (`-` for a missing side), and whether the
    /// old side enters totals.
    fn described(pairing: &Pairing<'_>) -> Vec<String> {
        let id = |item: Option<&Item>| item.map_or("-".to_owned(), |i| i.id.clone());
        pairing
            .pairs()
            .map(|pair| {
                // The folded old side must say what the old item says.
                assert_eq!(pair.old_category.is_some(), pair.old_in_totals().is_some());
                format!(
                    "{}→{} {}",
                    id(pair.old),
                    id(pair.new),
                    pair.old_category.is_some()
                )
            })
            .collect()
    }

    /// Ids, each in totals or not.
    type IdList = Vec<(u16, bool)>;

    /// Ids 0..300 with a status each, in a shuffled order, and a share of
    /// them (plus fresh ones) in another shuffled order, sometimes with a
    /// run in step at the start.
    fn two_lists() -> impl Strategy<Value = (IdList, IdList)> {
        (
            prop::collection::vec(any::<bool>(), 0..300),
            prop::collection::vec(any::<bool>(), 600),
            0usize..50,
        )
            .prop_flat_map(|(statuses, kept, in_step)| {
                let old: Vec<(u16, bool)> = (0u16..).zip(statuses).collect();
                let new: Vec<(u16, bool)> = (0u16..600)
                    .filter(|&id| kept[usize::from(id)])
                    .map(|id| (id, id % 3 != 0))
                    .collect();
                let in_step = in_step.min(old.len()).min(new.len());
                (
                    Just(old).prop_shuffle(),
                    Just(new).prop_shuffle(),
                    Just(in_step),
                )
            })
            .prop_map(|(old, mut new, in_step)| {
                // Give NEW the same first ids as OLD, in the same order.
                for (position, &(id, _)) in old.iter().take(in_step).enumerate() {
                    if let Some(at) = new.iter().position(|&(n, _)| n == id) {
                        new.swap(position, at);
                    } else {
                        new.insert(position, (id, true));
                    }
                }
                (old, new)
            })
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(crate::testing::regressions_beside_the_source())]

        #[test]
        fn pairing_on_one_or_two_threads_is_the_definition((old_ids, new_ids) in two_lists()) {
            let template = items(&[("t", "x", "actual")]).remove(0);
            let old = with_ids(&template, &old_ids);
            let new = with_ids(&template, &new_ids);
            let expected = by_definition(&old, &new);
            prop_assert_eq!(described(&Pairing::on_threads(&old, &new, false)), expected.clone());
            prop_assert_eq!(described(&Pairing::on_threads(&old, &new, true)), expected);
        }
    }

    #[test]
    fn old_categories_fold_only_items_in_totals() {
        let old = items(&[
            ("a", "x", "actual"),
            ("t", "y", "target"),
            ("b", "z", "planned"),
            ("c", "x", "actual"),
        ]);
        let folded = OldCategories::of(&old);
        let paths: Vec<String> = folded.paths.iter().map(|p| p.to_string()).collect();
        assert_eq!(paths, ["x", "z"]);
        // x holds a and c (1 won each), z holds b.
        let sums: Vec<String> = folded
            .sums
            .iter()
            .map(|s| s.unwrap().won().to_string())
            .collect();
        assert_eq!(sums, ["2", "1"]);
        assert_eq!(folded.of_item, [0, OUTSIDE, 1, 0]);
    }
}
