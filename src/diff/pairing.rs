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

use super::join;
use super::listing::{Listing, Record, Shown};
use crate::amount::Amount;
use crate::compact::index_of;
use crate::exact::Inexact;
use crate::model::CategoryPath;

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
        // Walking both files in step and folding the old one by category
        // each read their listings front to back, waiting on memory: on
        // two threads, they wait at once.
        let (
            InStep {
                mut old_of_new,
                old_left,
                new_left,
            },
            old_categories,
        ) = crate::parallel::both(
            parallel,
            || InStep::walk(old, new),
            || OldCategories::of(old),
        );
        let mut old_category_of_new: Vec<u32> = old_of_new
            .iter()
            .map(|&index| match index {
                NONE => OUTSIDE,
                index => old_categories.of_item[index as usize],
            })
            .collect();
        // Each old item found carries its category: looking it up in the
        // new file's order would be one more cache miss an item. A match's
        // absence reads as no old item (`NONE`) outside totals.
        let found = join::matched(
            (old.ids(), &old_left),
            |index| old_categories.of_item[index],
            (new.ids(), &new_left),
            parallel,
        );
        for (&index, (old_index, category)) in new_left.iter().zip(found) {
            old_of_new[index as usize] = old_index;
            old_category_of_new[index as usize] = category;
        }
        // Every old item the walk passed by is in `old_left`.
        let mut matched = vec![false; old.len()];
        for &index in &old_of_new {
            if let Some(slot) = matched.get_mut(index as usize) {
                *slot = true;
            }
        }
        let removed = old_left
            .into_iter()
            .filter(|&index| !matched[index as usize])
            .collect();
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

/// Items two files list in step, paired by walking both files front to
/// back. Consecutive years mostly list the same ids in the same order,
/// with a few items removed or added here and there: those pair up
/// directly, and only the rest go through an index.
struct InStep {
    /// For each new item, the old item of the same id met in step, or
    /// [`NONE`].
    old_of_new: Vec<u32>,
    /// Old items not met in step, in file order.
    old_left: Vec<u32>,
    /// New items not met in step, in file order.
    new_left: Vec<u32>,
}

/// How far the walk looks ahead on either side for the id the other side
/// is at.
const LOOK_AHEAD: usize = 8;

/// Ids out of step the walk goes past before it gives up on files listed
/// in another order, besides one in eight of the new items walked.
const OUT_OF_STEP: usize = 64;

impl InStep {
    /// Walks both files: where the ids differ, a few items ahead on either
    /// side are looked at for the other side's id (items removed or added
    /// there), else both items are left for the index. Once the files are
    /// out of step more often than in, everything further is left.
    ///
    /// An item paired here has the same id on both sides, and ids are
    /// unique within each file: so it is the pair, and the old item of a
    /// new item left is among the old items left, if there is one.
    fn walk(old: &Listing, new: &Listing) -> InStep {
        let mut walked = InStep {
            old_of_new: vec![NONE; new.len()],
            old_left: Vec::new(),
            new_left: Vec::new(),
        };
        let (mut at_old, mut at_new) = (0usize, 0usize);
        let mut out_of_step = 0usize;
        while at_old < old.len() && at_new < new.len() {
            if old.id(at_old) == new.id(at_new) {
                walked.old_of_new[at_new] = index_of(at_old);
                at_old = at_old.saturating_add(1);
                at_new = at_new.saturating_add(1);
                continue;
            }
            out_of_step = out_of_step.saturating_add(1);
            if out_of_step > OUT_OF_STEP.saturating_add(at_new / 8) {
                break;
            }
            let ahead = |listing: &Listing, from: usize, id: &str| {
                (1..=LOOK_AHEAD)
                    .map(|step| from.saturating_add(step))
                    .take_while(|&at| at < listing.len())
                    .find(|&at| listing.id(at) == id)
            };
            if let Some(found) = ahead(old, at_old, new.id(at_new)) {
                // Old items removed here.
                walked.old_left.extend((at_old..found).map(index_of));
                at_old = found;
            } else if let Some(found) = ahead(new, at_new, old.id(at_old)) {
                // New items added here.
                walked.new_left.extend((at_new..found).map(index_of));
                at_new = found;
            } else {
                walked.old_left.push(index_of(at_old));
                walked.new_left.push(index_of(at_new));
                at_old = at_old.saturating_add(1);
                at_new = at_new.saturating_add(1);
            }
        }
        walked.old_left.extend((at_old..old.len()).map(index_of));
        walked.new_left.extend((at_new..new.len()).map(index_of));
        walked
    }
}

/// [`OldCategories::of_item`]'s mark for an item outside totals.
const OUTSIDE: u32 = u32::MAX;

// A new item the join finds no old item for has none, outside totals.
const _: () = assert!(join::NO_MATCH.0 == NONE && join::NO_MATCH.1 == OUTSIDE);

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
                let category = if in_totals {
                    format!("in{}", id % 3)
                } else {
                    "out".to_owned()
                };
                item.category = CategoryPath::parse(&category).unwrap();
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
                if let (Some(category), Some(old)) = (pair.old_category, pair.old) {
                    assert_eq!(pairing.old_categories.paths[category], old.category());
                }
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

    /// Ids 0..300 in order, and most of them in the same order with runs
    /// removed, fresh ids added and neighbours swapped here and there: the
    /// shape consecutive years have, which the walk pairs in step.
    fn mostly_in_step() -> impl Strategy<Value = (IdList, IdList)> {
        (
            prop::collection::vec(any::<bool>(), 0..300),
            prop::collection::vec(0u8..40, 300),
        )
            .prop_map(|(statuses, changes)| {
                let old: Vec<(u16, bool)> = (0u16..).zip(statuses).collect();
                let mut new: Vec<(u16, bool)> = Vec::new();
                let mut fresh = 1000u16;
                for (&(id, _), &change) in old.iter().zip(&changes) {
                    match change {
                        // Removed.
                        0..=2 => {}
                        // Fresh ids added before it.
                        3..=4 => {
                            for _ in 0..change {
                                new.push((fresh, fresh.is_multiple_of(2)));
                                fresh = fresh.saturating_add(1);
                            }
                            new.push((id, true));
                        }
                        // Swapped with the one before.
                        5 if !new.is_empty() => {
                            new.insert(new.len().saturating_sub(1), (id, false));
                        }
                        _ => new.push((id, id % 3 != 0)),
                    }
                }
                (old, new)
            })
    }

    use proptest::prelude::*;

    /// Files with these ids, paired on one thread and on two, give the
    /// pairs of the definition.
    fn pairs_as_defined(old_ids: &IdList, new_ids: &IdList) -> Result<(), TestCaseError> {
        let template = items(&[("t", "x", "actual")]).remove(0);
        let old = with_ids(&template, old_ids);
        let new = with_ids(&template, new_ids);
        let expected = by_definition(&old, &new);
        let (old, new) = (listed(&old), listed(&new));
        prop_assert_eq!(
            described(&Pairing::on_threads(&old, &new, false)),
            expected.clone()
        );
        prop_assert_eq!(described(&Pairing::on_threads(&old, &new, true)), expected);
        Ok(())
    }

    proptest! {
        #![proptest_config(crate::testing::regressions_beside_the_source())]

        #[test]
        fn pairing_files_mostly_in_step_is_the_definition((old_ids, new_ids) in mostly_in_step()) {
            pairs_as_defined(&old_ids, &new_ids)?;
        }

        #[test]
        fn pairing_on_one_or_two_threads_is_the_definition((old_ids, new_ids) in two_lists()) {
            pairs_as_defined(&old_ids, &new_ids)?;
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
