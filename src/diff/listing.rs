//! One year file's items as `diff` keeps them: for every item a compact
//! record (its id in one shared text, an index into the file's distinct
//! categories, its amount, status and memo mark), and only for the items
//! whose rows the output shows at the asked depth, what those rows print
//! besides (name and counts).
//!
//! A national comparison keeps two files of a million items each: whole
//! `Item`s cost about 450 bytes apiece, a record about 45. The items are
//! folded into records on the worker threads while the file is read (see
//! [`ListingFold`]), so they never pile up. A batch the quick reader takes
//! is listed straight from its text: no item is made, an id is copied
//! once into the listing's text, a name and counts only for the rows
//! shown, and a category's path only the first time it is met written so
//! (hidden rows are most of a national file). The worker threads also find
//! each batch's categories in one table that the whole file shares, so
//! that the thread taking the batches in order only appends them.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use crate::amount::{Amount, Unit};
use crate::compact::{Categories, IdText, index_of};
use crate::load::quick::{WrittenPaths, quick_fields};
use crate::load::{Fold, IdLines};
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
    pub(super) fn of_items(items: Vec<Item>, depth: Option<usize>) -> Listing {
        let categories = RwLock::new(Categories::default());
        let part = ListedPart::of_items(items, depth, &categories);
        let mut listing = Listing {
            categories: categories
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner),
            ..Listing::default()
        };
        listing.append(part);
        listing
    }

    /// Appends the listing of the items that follow.
    fn append(&mut self, more: ListedPart) {
        let shown_before = index_of(self.shown.len());
        if shown_before == 0 {
            self.records.extend(more.records);
        } else {
            self.records
                .extend(more.records.into_iter().map(|record| Record {
                    shown: match record.shown {
                        NOT_SHOWN => NOT_SHOWN,
                        shown => shown.saturating_add(shown_before),
                    },
                    ..record
                }));
        }
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

    /// How many items' rows were kept.
    pub(super) fn shown_count(&self) -> usize {
        self.shown.len()
    }

    /// The printed part of an item's row, if it was kept.
    pub(super) fn shown(&self, index: usize) -> Option<&Shown> {
        let shown = self.records[index].shown;
        (shown != NOT_SHOWN).then(|| &self.shown[shown as usize])
    }
}

/// A batch's items as a [`Listing`] keeps them, their categories
/// already indexed in the table the whole file shares.
#[derive(Debug, Default)]
pub struct ListedPart {
    ids: IdText,
    records: Vec<Record>,
    shown: Vec<Shown>,
}

impl ListedPart {
    /// Items in file order, keeping the rows `depth` shows (every row for
    /// `None`), their categories found in (or added to) `shared`.
    fn of_items(
        mut items: Vec<Item>,
        depth: Option<usize>,
        shared: &RwLock<Categories>,
    ) -> ListedPart {
        // Each item's category among the batch's, found by reference: only
        // the first item of each category gives up its path, none is
        // copied (a batch of a national file has about a thousand).
        let mut firsts: Vec<usize> = Vec::new();
        let in_batch: Vec<u32> = {
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
        let shows_path: Vec<bool> = paths.iter().map(|path| shows(depth, path)).collect();
        let in_file = in_shared_table(paths, shared);
        let mut part = ListedPart::default();
        for (item, category) in items.into_iter().zip(in_batch) {
            let shown = if shows_path[category as usize] {
                part.shown.push(Shown {
                    name: item.name,
                    counts: item.counts,
                });
                index_of(part.shown.len().saturating_sub(1))
            } else {
                NOT_SHOWN
            };
            part.ids.push(&item.id);
            part.records.push(Record {
                amount: item.amount,
                category: in_file[category as usize],
                shown,
                status: item.status,
                memo: item.memo,
            });
        }
        part
    }
}

impl ListedPart {
    /// The items of a batch as the quick reader reads them from `text`
    /// (see [`quick_fields`]), without making them into [`Item`]s: each
    /// id is copied into the part's text, a name and counts only for a row
    /// `depth` shows, and a category's path only when the shared table
    /// does not hold it written this way yet. `None` where the quick
    /// reader gives up, or a category is not a path the loader takes (the
    /// batch is then read the usual way, which says why).
    fn of_text(
        text: &str,
        lines_before: usize,
        unit: Unit,
        depth: Option<usize>,
        shared: &RwLock<Categories>,
        ids: &mut IdLines,
    ) -> Option<ListedPart> {
        let most_items = text.len() / LEAST_ITEM_BYTES;
        let mut part = ListedPart {
            ids: IdText::with_capacity(most_items, text.len() / 8),
            records: Vec::with_capacity(most_items),
            shown: Vec::new(),
        };
        // Categories the table lacks, each once as written, and the records
        // that wait for their index in the table.
        let mut lacking = WrittenPaths::default();
        let mut waiting: Vec<(usize, usize)> = Vec::new();
        {
            let table = shared.read().unwrap_or_else(PoisonError::into_inner);
            quick_fields(text, lines_before, unit, |fields| {
                let (category, path) = match table.find_text(fields.category) {
                    Some(found) => (found, &table.paths()[found as usize]),
                    None => {
                        let at = lacking.place_of(fields.category)?;
                        waiting.push((part.records.len(), at));
                        (NOT_SHOWN, lacking.path(at))
                    }
                };
                let shown = if shows(depth, path) {
                    part.shown.push(Shown {
                        name: fields.name.to_owned(),
                        counts: fields.owned_counts(),
                    });
                    index_of(part.shown.len().saturating_sub(1))
                } else {
                    NOT_SHOWN
                };
                ids.note(fields.id, fields.line);
                part.ids.push(fields.id);
                part.records.push(Record {
                    amount: fields.amount,
                    category,
                    shown,
                    status: fields.status,
                    memo: fields.memo,
                });
                Some(())
            })?;
        }
        if !waiting.is_empty() {
            let in_file = in_shared_table(lacking.into_paths(), shared);
            for (record, at) in waiting {
                part.records[record].category = in_file[at];
            }
        }
        Some(part)
    }
}

/// The index of each of a batch's distinct categories in the table the
/// file shares, adding those it lacks: most batches find every one, and
/// take the table only to read it.
fn in_shared_table(paths: Vec<CategoryPath>, shared: &RwLock<Categories>) -> Vec<u32> {
    let mut found: Vec<Option<u32>> = {
        let table = shared.read().unwrap_or_else(PoisonError::into_inner);
        paths.iter().map(|path| table.find(path)).collect()
    };
    if found.iter().any(Option::is_none) {
        let mut table = shared.write().unwrap_or_else(PoisonError::into_inner);
        for (path, found) in paths.into_iter().zip(&mut found) {
            if found.is_none() {
                // Another worker may have added it meanwhile.
                *found = Some(table.find_or_add(path));
            }
        }
    }
    found.into_iter().flatten().collect()
}

/// What [`ListingFold`] is told: the depth whose rows are kept, the size
/// of the file (to make room for its items once), and the table of
/// categories that the worker threads share while one file is read
/// (emptied for each file, taken by the listing when it is done).
#[derive(Debug, Default)]
pub struct ListingOptions {
    depth: Option<usize>,
    file_bytes: u64,
    categories: Arc<RwLock<Categories>>,
}

impl ListingOptions {
    pub fn keeping(depth: Option<usize>) -> ListingOptions {
        ListingOptions {
            depth,
            ..ListingOptions::default()
        }
    }

    /// Makes room for the items of a file of this many bytes at once:
    /// a listing grown an append at a time copies its records and ids
    /// again at every doubling (a national file's, tens of megabytes,
    /// into fresh pages each time).
    pub fn for_file_of(self, bytes: u64) -> ListingOptions {
        ListingOptions {
            file_bytes: bytes,
            ..self
        }
    }
}

/// No item is written in fewer bytes (`[[item]]`, `id`, `name`,
/// `category` and `amount` lines): a listing with room for a file's bytes
/// over this never grows. Room reserved but never written costs address
/// space, not memory.
const LEAST_ITEM_BYTES: usize = 40;

/// At most this many items' room is made at once (more is grown into).
const MOST_ROOM: usize = 1 << 24;

/// At most this many bytes of ids' room are made at once.
const MOST_TEXT_ROOM: usize = 1 << 28;

impl Listing {
    /// An empty listing with room for the items of a file of `bytes`:
    /// records and id ends for as many items as it could hold, and its
    /// ids' text for the whole file.
    fn with_room_for(bytes: u64) -> Listing {
        let bytes = usize::try_from(bytes).unwrap_or(usize::MAX);
        let items = (bytes / LEAST_ITEM_BYTES).min(MOST_ROOM);
        Listing {
            ids: IdText::with_capacity(items, bytes.min(MOST_TEXT_ROOM)),
            records: Vec::with_capacity(items),
            ..Listing::default()
        }
    }
}

/// Folds a file into a [`Listing`] while it is read (see
/// [`crate::load::fold_file`]).
#[derive(Debug, Default)]
pub struct ListingFold {
    listing: Listing,
    categories: Arc<RwLock<Categories>>,
}

impl Fold for ListingFold {
    type Options = ListingOptions;
    /// A batch's listing, its categories in the shared table.
    type Part = ListedPart;
    type Error = crate::error::LoadError;
    type Output = Listing;

    fn new(_head: &YearFile, options: &ListingOptions) -> ListingFold {
        // A new reading of a file (the plain way after a streamed read that
        // gave up, too) starts from no category.
        *options
            .categories
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Categories::default();
        ListingFold {
            listing: Listing::with_room_for(options.file_bytes),
            categories: Arc::clone(&options.categories),
        }
    }

    fn part(options: &ListingOptions, items: Vec<Item>) -> ListedPart {
        ListedPart::of_items(items, options.depth, &options.categories)
    }

    /// A batch the quick reader takes is listed straight from its text,
    /// without making its items (see [`ListedPart::of_text`]).
    fn part_of_text(
        options: &ListingOptions,
        text: &str,
        lines_before: usize,
        unit: Unit,
        ids: &mut IdLines,
    ) -> Option<ListedPart> {
        ListedPart::of_text(
            text,
            lines_before,
            unit,
            options.depth,
            &options.categories,
            ids,
        )
    }

    fn merge(&mut self, part: ListedPart) -> Result<(), Self::Error> {
        self.listing.append(part);
        Ok(())
    }

    fn finish(mut self) -> Listing {
        // Every part is in: no worker reads the table any more.
        self.listing.categories = std::mem::take(
            &mut *self
                .categories
                .write()
                .unwrap_or_else(PoisonError::into_inner),
        );
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
        let options = ListingOptions::keeping(Some(2));
        let mut fold = ListingFold::new(&whole, &options);
        for batch in whole.items.chunks(2) {
            fold.merge(ListingFold::part(&options, batch.to_vec()))
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

    /// A part described without the table's indices: each record's id,
    /// category path, amount, status, memo mark and kept row.
    fn described(part: &ListedPart, table: &RwLock<Categories>) -> Vec<String> {
        let table = table.read().unwrap();
        part.records
            .iter()
            .enumerate()
            .map(|(at, record)| {
                let shown = (record.shown != NOT_SHOWN).then(|| &part.shown[record.shown as usize]);
                format!(
                    "{} {} {}/{} {:?} {} {:?}",
                    part.ids.get(at),
                    table.paths()[record.category as usize],
                    record.amount.won(),
                    record.amount.precision(),
                    record.status,
                    record.memo,
                    shown.map(|s| (&s.name, &s.counts)),
                )
            })
            .collect()
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(crate::testing::regressions_beside_the_source())]

        /// A batch listed straight from its text is the listing of the
        /// items the quick reader makes of it, with the same ids noted;
        /// where the quick reader gives up, so does the listing.
        #[test]
        fn a_batch_listed_from_its_text_is_the_listing_of_its_items(
            batches in prop::collection::vec(prop::collection::vec(crate::testing::item_lines(), 1..6), 1..4),
            depth in prop::option::of(1usize..4),
        ) {
            let unit = Unit::parse("천원").unwrap();
            let (from_text, from_items) = (RwLock::default(), RwLock::default());
            let mut lines_before = 0;
            for (batch_at, batch) in batches.iter().enumerate() {
                let text: String = batch
                    .iter()
                    .enumerate()
                    .map(|(at, lines)| format!("[[item]]\nid = \"i{batch_at}-{at}\"\n{lines}"))
                    .collect();
                let mut ids = IdLines::default();
                let listed = ListedPart::of_text(&text, lines_before, unit, depth, &from_text, &mut ids);
                match crate::load::quick::quick_items(&text, lines_before, unit) {
                    Some(items) => {
                        let mut expected_ids = IdLines::default();
                        for item in &items {
                            expected_ids.note(&item.id, item.line);
                        }
                        let expected = ListedPart::of_items(items, depth, &from_items);
                        let listed = listed.expect("listed where the quick reader reads");
                        prop_assert_eq!(described(&listed, &from_text), described(&expected, &from_items));
                        prop_assert_eq!(ids.into_hashes(), expected_ids.into_hashes());
                    }
                    None => prop_assert!(listed.is_none()),
                }
                lines_before = lines_before.saturating_add(text.lines().count());
            }
        }
    }
}
