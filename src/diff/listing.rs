//! One year file's items as `diff` keeps them: for every item a compact
//! record (its id in one shared text, an index into the file's distinct
//! categories, its amount, status and memo mark), and only for the items
//! whose rows the output shows at the asked depth, what those rows print
//! besides (name and counts).
//!
//! A national comparison keeps two files of a million items each: whole
//! `Item`s cost about 450 bytes apiece, a record about 45. The items are
//! folded into records on the worker threads while the file is read (see
//! [`ListingFold`]), so they never pile up.

use std::collections::HashMap;

use crate::amount::Amount;
use crate::compact::{Categories, IdText, index_of};
use crate::load::Fold;
use crate::model::{CategoryPath, Count, Item, Status, YearFile};
use crate::report::shows;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// [`Record::shown`]'s mark for an item whose row is not kept.
const NOT_SHOWN: u32 = u32::MAX;

/// One file's items, in file order.
#[derive(Debug, Default)]
pub struct Listing {
    ids: IdText,
    records: Vec<Record>,
    categories: Categories,
    /// What the shown rows print besides the record.
    shown: Vec<Shown>,
}

/// An item as pairing and adding up need it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Record {
    pub amount: Amount,
    /// Index into [`Listing`]'s categories.
    pub category: u32,
    /// Index into [`Listing`]'s shown rows, or [`NOT_SHOWN`].
    shown: u32,
    pub status: Status,
    pub memo: bool,
}

impl Record {
    /// As [`Item::enters_totals`].
    pub fn enters_totals(&self) -> bool {
        self.status.enters_totals() && !self.memo
    }
}

/// What an item's row prints besides its record.
#[derive(Debug, Clone)]
pub(super) struct Shown {
    pub name: String,
    pub counts: Vec<Count>,
}

impl Listing {
    /// The items of a file already read; every row kept.
    pub fn of_file(file: &YearFile) -> Listing {
        Listing::of_items(file.items.clone(), None)
    }

    /// Items in file order, keeping the rows `depth` shows (every row for
    /// `None`).
    pub(super) fn of_items(mut items: Vec<Item>, depth: Option<usize>) -> Listing {
        // Each item's category among the batch's, found by reference: only
        // the first item of each category gives up its path, none is
        // copied (a batch of a national file has about a thousand).
        let mut firsts: Vec<usize> = Vec::new();
        let categories: Vec<u32> = {
            let mut seen: FastMap<&CategoryPath, u32> = FastMap::default();
            items
                .iter()
                .enumerate()
                .map(|(at, item)| {
                    *seen.entry(&item.category).or_insert_with(|| {
                        firsts.push(at);
                        index_of(firsts.len().saturating_sub(1))
                    })
                })
                .collect()
        };
        let paths: Vec<CategoryPath> = firsts
            .iter()
            .map(|&at| std::mem::replace(&mut items[at].category, CategoryPath::top_level()))
            .collect();
        let mut listing = Listing {
            categories: Categories::of_distinct(paths),
            ..Listing::default()
        };
        for (item, category) in items.into_iter().zip(categories) {
            let shown = if shows(depth, &listing.categories.paths()[category as usize]) {
                listing.shown.push(Shown {
                    name: item.name,
                    counts: item.counts,
                });
                index_of(listing.shown.len().saturating_sub(1))
            } else {
                NOT_SHOWN
            };
            listing.ids.push(&item.id);
            listing.records.push(Record {
                amount: item.amount,
                category,
                shown,
                status: item.status,
                memo: item.memo,
            });
        }
        listing
    }

    /// Appends the listing of the items that follow.
    fn append(&mut self, more: Listing) {
        let categories = self.categories.absorb(more.categories);
        let shown_before = index_of(self.shown.len());
        self.records
            .extend(more.records.into_iter().map(|record| Record {
                category: categories[record.category as usize],
                shown: match record.shown {
                    NOT_SHOWN => NOT_SHOWN,
                    shown => shown.saturating_add(shown_before),
                },
                ..record
            }));
        self.shown.extend(more.shown);
        self.ids.append(more.ids);
    }

    /// How many items the file lists.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the file lists no item.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub(super) fn records(&self) -> &[Record] {
        &self.records
    }

    pub(super) fn record(&self, index: usize) -> &Record {
        &self.records[index]
    }

    pub(super) fn id(&self, index: usize) -> &str {
        self.ids.get(index)
    }

    pub(super) fn ids(&self) -> &IdText {
        &self.ids
    }

    /// Every category, by index.
    pub(super) fn categories(&self) -> &[CategoryPath] {
        self.categories.paths()
    }

    pub(super) fn category(&self, index: usize) -> &CategoryPath {
        &self.categories()[self.records[index].category as usize]
    }

    /// The printed part of an item's row, if it was kept.
    pub(super) fn shown(&self, index: usize) -> Option<&Shown> {
        let shown = self.records[index].shown;
        (shown != NOT_SHOWN).then(|| &self.shown[shown as usize])
    }
}

/// Folds a file into a [`Listing`] while it is read (see
/// [`crate::load::fold_file`]); the option is the depth whose rows are
/// kept.
#[derive(Debug, Default)]
pub struct ListingFold {
    listing: Listing,
}

impl Fold for ListingFold {
    type Options = Option<usize>;
    /// A batch's listing, with categories of its own.
    type Part = Listing;
    type Error = crate::error::LoadError;
    type Output = Listing;

    fn new(_head: &YearFile, _depth: &Option<usize>) -> ListingFold {
        ListingFold::default()
    }

    fn part(depth: &Option<usize>, items: Vec<Item>) -> Listing {
        Listing::of_items(items, *depth)
    }

    fn merge(&mut self, part: Listing) -> Result<(), Self::Error> {
        self.listing.append(part);
        Ok(())
    }

    fn finish(self) -> Listing {
        self.listing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_str;

    fn file(items: &[(&str, &str, &str)]) -> YearFile {
        let mut text = String::from("year = 2026\nregion = \"R\"\nunit = \"won\"\n");
        for (id, category, amount) in items {
            text.push_str(&format!(
                "[[item]]\nid = \"{id}\"\nname = \"N{id}\"\ncategory = \"{category}\"\namount = {amount}\n"
            ));
        }
        parse_str(&text, "test.toml").unwrap()
    }

    #[test]
    fn batches_merged_in_order_are_the_listing_of_the_whole_file() {
        let whole = file(&[
            ("a", "x", "1"),
            ("bb", "x/y", "2"),
            ("c", "z", "3"),
            ("dddd", "x/y", "4"),
            ("e", "x", "5"),
        ]);
        let depth = Some(2);
        let mut fold = ListingFold::new(&whole, &depth);
        for batch in whole.items.chunks(2) {
            fold.merge(ListingFold::part(&depth, batch.to_vec()))
                .unwrap();
        }
        let listing = fold.finish();
        let described: Vec<String> = (0..listing.len())
            .map(|i| {
                format!(
                    "{} {} {} {}",
                    listing.id(i),
                    listing.category(i),
                    listing.record(i).amount.won(),
                    listing.shown(i).map_or("-", |s| s.name.as_str())
                )
            })
            .collect();
        // Depth 2 shows the rows filed in top-level categories (x, z: level
        // 2), not those in x/y (level 3).
        assert_eq!(
            described,
            [
                "a x 1 Na",
                "bb x/y 2 -",
                "c z 3 Nc",
                "dddd x/y 4 -",
                "e x 5 Ne"
            ]
        );
        // Each category once, in order of first appearance.
        let categories: Vec<String> = listing.categories().iter().map(|c| c.to_string()).collect();
        assert_eq!(categories, ["x", "x/y", "z"]);
    }
}
