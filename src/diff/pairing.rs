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

use super::listing::{Listing, Record, Shown};
use crate::amount::Amount;
use crate::compact::{IdIndex, index_of};
use crate::exact::Inexact;
use crate::model::CategoryPath;
use crate::parallel::both;

/// Below this many items to match, a second thread costs more than it
/// saves.
const PARALLEL_FROM: usize = 1 << 16;

/// The mark for "no old item" among the indices of old items.
const NONE: u32 = u32::MAX;

/// One side's item: its place in its file's listing.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry<'f> {
    listing: &'f Listing,
    index: usize,
}

impl<'f> Entry<'f> {
    pub fn record(&self) -> &'f Record {
        self.listing.record(self.index)
    }

    pub fn id(&self) -> &'f str {
        self.listing.id(self.index)
    }

    pub fn category(&self) -> &'f CategoryPath {
        self.listing.category(self.index)
    }

    pub fn amount(&self) -> Amount {
        self.record().amount
    }

    /// What the item's row prints besides its record, if it was kept.
    pub fn shown(&self) -> Option<&'f Shown> {
        self.listing.shown(self.index)
    }
}

/// The same id on either side. `old_category` is the old item's category
/// among [`OldCategories`], when it enters totals.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pair<'f> {
    pub old: Option<Entry<'f>>,
    pub old_category: Option<usize>,
    pub new: Option<Entry<'f>>,
}

impl<'f> Pair<'f> {
    pub fn old_in_totals(&self) -> Option<Entry<'f>> {
        self.old.filter(|item| item.record().enters_totals())
    }

    pub fn new_in_totals(&self) -> Option<Entry<'f>> {
        self.new.filter(|item| item.record().enters_totals())
    }

    /// The item as it now stands, or as it last stood if removed.
    pub fn current(&self) -> Entry<'f> {
        self.new.or(self.old).expect("a pair has at least one side")
    }

    pub fn category(&self) -> &'f CategoryPath {
        self.current().category()
    }

    /// A memo figure on either side.
    pub fn memo(&self) -> bool {
        [self.old, self.new]
            .iter()
            .flatten()
            .any(|side| side.record().memo)
    }

    /// Whether every side of the pair kept what its row prints.
    pub fn shown_on_both_sides(&self) -> bool {
        [self.old, self.new]
            .iter()
            .flatten()
            .all(|side| side.shown().is_some())
    }
}

/// Which old item each new item is, which old items are gone, and the old
/// side folded by category.
#[derive(Debug)]
pub(super) struct Pairing<'f> {
    old: &'f Listing,
    new: &'f Listing,
    /// For each new item, the index of the old item with the same id, or
    /// [`NONE`].
    old_of_new: Vec<u32>,
    /// For each new item, that old item's category (as in
    /// [`OldCategories::of_item`]), looked up while the ids are.
    old_category_of_new: Vec<u32>,
    /// Old items that no new item has, in the old file's order.
    removed: Vec<u32>,
    pub old_categories: OldCategories<'f>,
}

impl<'f> Pairing<'f> {
    /// Matches by id; ids are unique within each file (the loader sees to
    /// that). Large files are matched on two threads.
    pub fn of(old: &'f Listing, new: &'f Listing) -> Pairing<'f> {
        Self::on_threads(old, new, old.len().min(new.len()) >= PARALLEL_FROM)
    }

    /// [`Pairing::of`], on two threads or one.
    fn on_threads(old: &'f Listing, new: &'f Listing, parallel: bool) -> Pairing<'f> {
        // The old side's fold needs no ids: it runs beside the map.
        let (old_categories, (same, by_id)) = both(
            parallel,
            || OldCategories::of(old),
            || ids_not_in_step(old, new),
        );
        let find = |range: std::ops::Range<usize>| -> (Vec<u32>, Vec<u32>) {
            range
                .map(|index| {
                    let found = by_id.find(old.ids(), new.id(index));
                    let category = found.map_or(OUTSIDE, |i| old_categories.of_item[i]);
                    (found.map_or(NONE, index_of), category)
                })
                .unzip()
        };
        // Looking ids up is waiting on memory: two threads wait at once.
        let middle = same.saturating_add(new.len().saturating_sub(same) / 2);
        let ((mut old_of_new, mut old_category_of_new), (second_index, second_category)) =
            both(parallel, || find(same..middle), || find(middle..new.len()));
        old_of_new.extend(second_index);
        old_category_of_new.extend(second_category);
        let mut matched = vec![false; old.len().saturating_sub(same)];
        for &index in &old_of_new {
            // Unmatched old items are indexed from `same` on.
            if let Some(slot) = (index as usize)
                .checked_sub(same)
                .and_then(|i| matched.get_mut(i))
            {
                *slot = true;
            }
        }
        let removed = matched
            .iter()
            .enumerate()
            .filter(|(_, matched)| !**matched)
            // Indexes into the old items: below their count.
            .map(|(offset, _)| index_of(same.saturating_add(offset)))
            .collect();
        // The pairs in step come first.
        old_of_new.splice(0..0, (0..same).map(index_of));
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
        let (old, new) = (self.old, self.new);
        let entry = |listing: &'f Listing, index: usize| Entry { listing, index };
        let kept = self
            .old_of_new
            .iter()
            .zip(&self.old_category_of_new)
            .enumerate()
            .map(move |(index, (&old_index, &category))| Pair {
                old: (old_index != NONE).then(|| entry(old, old_index as usize)),
                old_category: in_totals(category),
                new: Some(entry(new, index)),
            });
        let removed = self.removed.iter().map(move |&index| Pair {
            old: Some(entry(old, index as usize)),
            old_category: in_totals(self.old_categories.of_item[index as usize]),
            new: None,
        });
        kept.chain(removed)
    }
}

/// How many items at the start of both files have the same ids in the same
/// order, and the remaining old items indexed by id. Consecutive years
/// mostly list the same ids in the same order: those pair up directly, and
/// only the rest go through the index.
fn ids_not_in_step(old: &Listing, new: &Listing) -> (usize, IdIndex) {
    let same = (0..old.len().min(new.len()))
        .take_while(|&index| old.id(index) == new.id(index))
        .count();
    (same, IdIndex::of(old.ids(), same))
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
    pub fn of(items: &'f Listing) -> OldCategories<'f> {
        // Each of the listing's categories' index here, once an item in
        // totals has it.
        let mut index = vec![OUTSIDE; items.categories().len()];
        let mut folded = OldCategories {
            paths: Vec::new(),
            sums: Vec::new(),
            of_item: Vec::with_capacity(items.len()),
        };
        for record in items.records() {
            if !record.enters_totals() {
                folded.of_item.push(OUTSIDE);
                continue;
            }
            let listed = record.category as usize;
            if index[listed] == OUTSIDE {
                index[listed] = index_of(folded.paths.len());
                folded.paths.push(&items.categories()[listed]);
                folded.sums.push(Ok(Amount::ZERO));
            }
            let category = index[listed];
            folded.of_item.push(category);
            let sum = &mut folded.sums[category as usize];
            *sum = sum.and_then(|sum| sum.exact_add(record.amount));
        }
        folded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_str;
    use crate::model::Item;

    fn listed(items: &[Item]) -> Listing {
        Listing::of_items(items.to_vec(), None)
    }

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
            described(&Pairing::of(&listed(&old), &listed(&new))),
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
        let id = |item: Option<Entry<'_>>| item.map_or("-".to_owned(), |i| i.id().to_owned());
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
            let (old, new) = (listed(&old), listed(&new));
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
        let old = listed(&old);
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
