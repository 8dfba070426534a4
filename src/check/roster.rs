//! Every item of a file as the rules across years need it (an id whose
//! category changed, an item's earlier amount): its id, category, line,
//! where its category is written and its amount, in a few dozen bytes, and
//! for the items kept whole (those with `parts` or `stated` figures) their
//! place among the file's items. Made per batch on the worker threads
//! while a file is read, so that checking two national years keeps no
//! whole items but those.

use crate::amount::Amount;
use crate::compact::{Categories, IdIndex, IdText, index_of};
use crate::model::{CategoryPath, Item, Position};
use crate::parallel::both;

/// [`Entry::whole`]'s mark for an item not kept whole.
const NOT_KEPT: u32 = u32::MAX;

/// Below this many items to match, a second thread costs more than it
/// saves.
const PARALLEL_FROM: usize = 1 << 16;

/// A file's items, in file order.
#[derive(Debug, Default)]
pub(super) struct Roster {
    ids: IdText,
    entries: Vec<Entry>,
    categories: Categories,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    amount: Amount,
    category: u32,
    line: u32,
    category_line: u32,
    category_column: u32,
    /// Its index among the file's items kept whole, or [`NOT_KEPT`].
    whole: u32,
}

/// One item of a roster.
#[derive(Debug, Clone, Copy)]
pub(super) struct Listed<'r> {
    pub(super) id: &'r str,
    pub(super) category: &'r CategoryPath,
    pub(super) category_at: Position,
    pub(super) line: usize,
    pub(super) amount: Amount,
    /// Its index among the file's items kept whole, if it is kept.
    pub(super) whole: Option<usize>,
}

impl Roster {
    /// Items in file order; `kept` tells which are kept whole (numbered
    /// in order from 0).
    pub(super) fn of_items<'i>(
        items: impl IntoIterator<Item = &'i Item>,
        kept: impl Fn(&Item) -> bool,
    ) -> Roster {
        let mut roster = Roster::default();
        let mut wholes: u32 = 0;
        for item in items {
            let whole = if kept(item) {
                wholes = wholes.saturating_add(1);
                wholes.saturating_sub(1)
            } else {
                NOT_KEPT
            };
            roster.ids.push(&item.id);
            roster.entries.push(Entry {
                amount: item.amount,
                category: roster.categories.intern(&item.category),
                line: index_of(item.line),
                category_line: index_of(item.category_at.line),
                category_column: index_of(item.category_at.column),
                whole,
            });
        }
        roster
    }

    /// Appends the roster of the items that follow, after `kept_before`
    /// items kept whole.
    pub(super) fn append(&mut self, more: Roster, kept_before: usize) {
        let categories = self.categories.absorb(more.categories);
        let kept_before = index_of(kept_before);
        self.entries
            .extend(more.entries.into_iter().map(|entry| Entry {
                category: categories[entry.category as usize],
                whole: match entry.whole {
                    NOT_KEPT => NOT_KEPT,
                    whole => whole.saturating_add(kept_before),
                },
                ..entry
            }));
        self.ids.append(more.ids);
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(super) fn get(&self, index: usize) -> Listed<'_> {
        let entry = &self.entries[index];
        Listed {
            id: self.ids.get(index),
            category: &self.categories.paths()[entry.category as usize],
            category_at: Position {
                line: entry.category_line as usize,
                column: entry.category_column as usize,
            },
            line: entry.line as usize,
            amount: entry.amount,
            whole: (entry.whole != NOT_KEPT).then_some(entry.whole as usize),
        }
    }

    /// The roster indexed by id.
    pub(super) fn index(&self) -> IdIndex {
        IdIndex::of(&self.ids, 0)
    }

    /// The index of the item with this id, given [`Roster::index`].
    pub(super) fn find(&self, index: &IdIndex, id: &str) -> Option<usize> {
        index.find(&self.ids, id)
    }

    /// For each item, the index of the item of `earlier` with the same id,
    /// if any, and whether their categories differ; on two threads for
    /// large files. Items in the same place with the same id (consecutive
    /// years mostly list them in the same order) need no look-up.
    pub(super) fn matched_in(
        &self,
        earlier: &Roster,
        index: &IdIndex,
    ) -> Vec<Option<(usize, bool)>> {
        // Each category's index in `earlier`, if it has the category: the
        // categories of a pair then differ when their indices do.
        let there: Vec<Option<u32>> = self
            .categories
            .paths()
            .iter()
            .map(|path| earlier.categories.find(path))
            .collect();
        let find = |range: std::ops::Range<usize>| -> Vec<Option<(usize, bool)>> {
            range
                .map(|at| {
                    let id = self.ids.get(at);
                    let same_place = at < earlier.len() && earlier.ids.get(at) == id;
                    let old = if same_place {
                        Some(at)
                    } else {
                        earlier.find(index, id)
                    }?;
                    let category = there[self.entries[at].category as usize];
                    Some((old, category != Some(earlier.entries[old].category)))
                })
                .collect()
        };
        let middle = self.len() / 2;
        let (mut first, second) = both(
            self.len() >= PARALLEL_FROM,
            || find(0..middle),
            || find(middle..self.len()),
        );
        first.extend(second);
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_str;

    fn items(ids: &[(&str, &str)]) -> Vec<Item> {
        let mut text = String::from("year = 2026\nregion = \"R\"\n");
        for (id, category) in ids {
            text.push_str(&format!(
                "[[item]]\nid = \"{id}\"\nname = \"n\"\ncategory = \"{category}\"\namount = 1\n"
            ));
        }
        parse_str(&text, "t.toml").unwrap().items
    }

    #[test]
    fn items_are_matched_by_id_in_place_or_not() {
        let old_items = items(&[("a", "x"), ("b", "y"), ("c", "x")]);
        let new_items = items(&[("a", "x"), ("c", "y"), ("fresh", "x"), ("b", "y")]);
        let old = Roster::of_items(&old_items, |_| false);
        let mut new = Roster::of_items(&new_items[..2], |item| item.id == "c");
        new.append(Roster::of_items(&new_items[2..], |item| item.id == "b"), 1);
        // a in place, c moved from x to y, fresh is new, b kept its y.
        assert_eq!(
            new.matched_in(&old, &old.index()),
            [Some((0, false)), Some((2, true)), None, Some((1, false))]
        );
        let wholes: Vec<Option<usize>> = (0..new.len()).map(|i| new.get(i).whole).collect();
        assert_eq!(wholes, [None, Some(0), None, Some(1)]);
        let b = new.get(3);
        assert_eq!((b.id, b.line, b.category_at.line), ("b", 18, 21));
    }
}
