//! Compact tables for keeping every item of a national file in a few
//! dozen bytes: ids one after another in one text ([`IdText`]), and each
//! distinct category once, items holding its index ([`Categories`]).
//! Built per batch on the worker threads and appended in file order.
//!
//! A year file holds at most [`crate::load::MAX_INPUT_BYTES`] (1 GiB), so
//! its id text, items and categories all count below `u32::MAX`: indices
//! are kept as `u32`.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::model::CategoryPath;

/// An index or offset within one year file, kept in four bytes.
pub fn index_of(at: usize) -> u32 {
    u32::try_from(at).expect("a year file holds less than 4 GiB")
}

/// Every item's id, one after another in one text, in file order.
#[derive(Debug, Default)]
pub struct IdText {
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<u32>,
}

impl IdText {
    /// An empty text with room for `ids` ids of `bytes` bytes in all.
    pub fn with_capacity(ids: usize, bytes: usize) -> IdText {
        IdText {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(ids),
        }
    }

    pub fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(index_of(self.text.len()));
    }

    /// The id of the item at `index`.
    pub fn get(&self, index: usize) -> &str {
        let start = index
            .checked_sub(1)
            .map_or(0, |before| self.ends[before] as usize);
        &self.text[start..self.ends[index] as usize]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Appends the ids of the items that follow.
    pub fn append(&mut self, more: IdText) {
        let base = index_of(self.text.len());
        self.text.push_str(&more.text);
        self.ends
            .extend(more.ends.iter().map(|end| end.saturating_add(base)));
    }
}

/// The items of an [`IdText`] found by id: sixteen bytes an item, each
/// entry holding the item's index and the start of
/// its id, so that an id of at most [`INLINE_ID`] bytes is told apart
/// without reading the text (looking a million ids up in another order
/// than the text's, a read of the text is a cache miss each). The entries are kept in two tables,
/// split by a bit of the id's hash, so that a large index is filled on two
/// threads at once (filling is a cache miss an entry, too).
#[derive(Debug)]
pub struct IdIndex {
    halves: [HashTable<IdSlot>; 2],
    hasher: foldhash::fast::RandomState,
}

impl Default for IdIndex {
    fn default() -> IdIndex {
        IdIndex {
            halves: [HashTable::new(), HashTable::new()],
            hasher: foldhash::fast::RandomState::default(),
        }
    }
}

/// From this many ids, the two tables of an [`IdIndex`] are filled on two
/// threads.
const INDEX_ON_TWO_THREADS: usize = 1 << 16;

/// Which of an [`IdIndex`]'s two tables holds the id of this hash: a bit
/// that neither the table's bucket (the low bits) nor its tag (the top
/// seven) is taken from.
fn half_of(hash: u64) -> usize {
    usize::from(hash & (1 << 40) != 0)
}

/// Bytes of an id kept in its [`IdIndex`] entry.
const INLINE_ID: usize = 11;

/// An [`IdIndex`] entry: the item's index, its id's length (saturated at
/// `u8::MAX`) and the id's first bytes (zero after its end).
#[derive(Debug, Clone, Copy)]
struct IdSlot {
    index: u32,
    len: u8,
    start: [u8; INLINE_ID],
}

impl IdSlot {
    fn of(index: u32, id: &str) -> IdSlot {
        let bytes = id.as_bytes();
        let kept = bytes.len().min(INLINE_ID);
        let mut start = [0; INLINE_ID];
        start[..kept].copy_from_slice(&bytes[..kept]);
        IdSlot {
            index,
            len: u8::try_from(bytes.len()).unwrap_or(u8::MAX),
            start,
        }
    }

    /// Whether this entry is `id`'s; the text is read only for an id
    /// longer than what the entry keeps.
    fn is(&self, probe: &IdSlot, ids: &IdText, id: &str) -> bool {
        self.len == probe.len
            && self.start == probe.start
            && (id.len() <= INLINE_ID || ids.get(self.index as usize) == id)
    }
}

impl IdIndex {
    /// Indexes the ids from `from` on; ids are unique within a file (the
    /// loader sees to that).
    pub fn of(ids: &IdText, from: usize) -> IdIndex {
        let count = ids.len().saturating_sub(from);
        IdIndex::on_threads(ids, from..ids.len(), count >= INDEX_ON_TWO_THREADS)
    }

    /// The ids of the items at `indices` indexed, the two tables filled on
    /// two threads or one.
    fn on_threads<I>(ids: &IdText, indices: I, parallel: bool) -> IdIndex
    where
        I: Iterator<Item = usize> + Clone + Sync,
    {
        let hasher = foldhash::fast::RandomState::default();
        let count = indices.size_hint().0;
        // About half the ids go into each table.
        let room = (count / 2).saturating_add(count / 16);
        let fill = |half: usize| {
            let hash = |slot: &IdSlot| hasher.hash_one(ids.get(slot.index as usize));
            let mut table = HashTable::with_capacity(room);
            for index in indices.clone() {
                let id = ids.get(index);
                let id_hash = hasher.hash_one(id);
                if half_of(id_hash) == half {
                    let slot = IdSlot::of(index_of(index), id);
                    table.insert_unique(id_hash, slot, hash);
                }
            }
            table
        };
        let (low, high) = crate::parallel::both(parallel, || fill(0), || fill(1));
        IdIndex {
            halves: [low, high],
            hasher,
        }
    }

    /// The index of the item of `ids` (the text this index was made of)
    /// with this id.
    pub fn find(&self, ids: &IdText, id: &str) -> Option<usize> {
        // An index into a file: below `u32::MAX`, and unused here.
        let probe = IdSlot::of(0, id);
        let hash = self.hasher.hash_one(id);
        self.halves[half_of(hash)]
            .find(hash, |slot| slot.is(&probe, ids, id))
            .map(|slot| slot.index as usize)
    }
}

/// Each distinct category once, in order of first appearance, found by
/// path through a table of indices (each path kept once).
#[derive(Debug, Default)]
pub struct Categories {
    paths: Vec<CategoryPath>,
    index: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
    /// The last category asked for: neighbouring items often share one.
    last: Option<u32>,
}

impl Categories {
    /// Categories known to be distinct, in order.
    pub fn of_distinct(paths: Vec<CategoryPath>) -> Categories {
        let mut categories = Categories {
            paths,
            ..Categories::default()
        };
        for index in 0..categories.paths.len() {
            let hash = categories.hash(&categories.paths[index]);
            let paths = &categories.paths;
            let hasher = &categories.hasher;
            categories.index.insert_unique(hash, index_of(index), |&i| {
                hasher.hash_one(paths[i as usize].as_str())
            });
        }
        categories
    }

    /// A path's hash is its text's: the text alone tells paths apart.
    fn hash(&self, category: &CategoryPath) -> u64 {
        self.hash_text(category.as_str())
    }

    fn hash_text(&self, text: &str) -> u64 {
        self.hasher.hash_one(text)
    }

    /// The index of `category`, if it is here.
    pub fn find(&self, category: &CategoryPath) -> Option<u32> {
        let paths = &self.paths;
        self.index
            .find(self.hash(category), |&i| paths[i as usize] == *category)
            .copied()
    }

    /// The index of the category whose path is written `text` exactly as
    /// it is kept (segments trimmed, see [`CategoryPath::parse`]), if it is
    /// here: a category written otherwise is not found by its text.
    pub fn find_text(&self, text: &str) -> Option<u32> {
        let paths = &self.paths;
        self.index
            .find(self.hash_text(text), |&i| {
                paths[i as usize].as_str() == text
            })
            .copied()
    }

    /// The index of `category`, added if new (a copy of the path is kept).
    pub fn intern(&mut self, category: &CategoryPath) -> u32 {
        if let Some(last) = self.last
            && self.paths[last as usize] == *category
        {
            return last;
        }
        let index = match self.find(category) {
            Some(index) => index,
            None => self.add(category.clone()),
        };
        self.last = Some(index);
        index
    }

    /// Adds a category that is not here yet.
    fn add(&mut self, category: CategoryPath) -> u32 {
        let index = index_of(self.paths.len());
        let hash = self.hash(&category);
        self.paths.push(category);
        let (paths, hasher) = (&self.paths, &self.hasher);
        self.index.insert_unique(hash, index, |&i| {
            hasher.hash_one(paths[i as usize].as_str())
        });
        index
    }

    /// The index of `category`, added if new (taking the path).
    pub fn find_or_add(&mut self, category: CategoryPath) -> u32 {
        match self.find(&category) {
            Some(index) => index,
            None => self.add(category),
        }
    }

    /// Takes in another table's categories; for each of its indices, the
    /// index here.
    pub fn absorb(&mut self, more: Categories) -> Vec<u32> {
        more.paths
            .into_iter()
            .map(|path| self.find_or_add(path))
            .collect()
    }

    /// Every category, by index.
    pub fn paths(&self) -> &[CategoryPath] {
        &self.paths
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_appended_read_back_in_order() {
        let mut ids = IdText::default();
        ids.push("a");
        ids.push("");
        let mut more = IdText::default();
        more.push("ccc");
        more.push("dd");
        ids.append(more);
        let read: Vec<&str> = (0..ids.len()).map(|i| ids.get(i)).collect();
        assert_eq!(read, ["a", "", "ccc", "dd"]);
        let index = IdIndex::of(&ids, 1);
        // "a" comes before the part indexed.
        assert_eq!(index.find(&ids, "a"), None);
        assert_eq!(index.find(&ids, "dd"), Some(3));
        assert_eq!(index.find(&ids, ""), Some(1));
        assert_eq!(index.find(&ids, "d"), None);
    }

    #[test]
    fn an_index_filled_on_two_threads_finds_every_id_it_holds_and_no_other() {
        let mut ids = IdText::default();
        for n in 0..1000 {
            ids.push(&format!("id-{n}"));
        }
        for parallel in [false, true] {
            let index = IdIndex::on_threads(&ids, 10..ids.len(), parallel);
            // Both tables hold some of the 990 ids indexed.
            assert!(index.halves.iter().all(|half| half.len() > 100));
            assert_eq!(index.halves.iter().map(HashTable::len).sum::<usize>(), 990);
            for n in 0..1000 {
                let expected = (n >= 10).then_some(n);
                assert_eq!(index.find(&ids, &format!("id-{n}")), expected);
                assert_eq!(index.find(&ids, &format!("other-{n}")), None);
            }
        }
    }

    #[test]
    fn ids_longer_than_an_entry_keeps_are_told_apart_by_their_text() {
        let mut ids = IdText::default();
        // The first eleven bytes the same; lengths the same or not.
        for id in [
            "budget-2026-0001",
            "budget-2026-0002",
            "budget-2026-",
            "budget-2026",
            "b\0",
        ] {
            ids.push(id);
        }
        let index = IdIndex::of(&ids, 0);
        assert_eq!(index.find(&ids, "budget-2026-0002"), Some(1));
        assert_eq!(index.find(&ids, "budget-2026-0001"), Some(0));
        assert_eq!(index.find(&ids, "budget-2026-0003"), None);
        assert_eq!(index.find(&ids, "budget-2026-"), Some(2));
        assert_eq!(index.find(&ids, "budget-2026"), Some(3));
        // An id that ends where another has a zero byte.
        assert_eq!(index.find(&ids, "b"), None);
        assert_eq!(index.find(&ids, "b\0"), Some(4));
        assert_eq!(index.find(&ids, "b\0\0"), None);
    }

    #[test]
    fn categories_absorbed_keep_their_first_index() {
        let path = |text| CategoryPath::parse(text).unwrap();
        let mut first = Categories::default();
        assert_eq!(first.intern(&path("x")), 0);
        assert_eq!(first.intern(&path("y")), 1);
        assert_eq!(first.intern(&path("x")), 0);
        let mut second = Categories::default();
        second.intern(&path("z"));
        second.intern(&path("x"));
        // z is new (2), x was 0.
        assert_eq!(first.absorb(second), [2, 0]);
        assert_eq!(first.find(&path("z")), Some(2));
        assert_eq!(first.paths().len(), 3);
        let distinct = Categories::of_distinct(vec![path("q"), path("x")]);
        assert_eq!(distinct.find(&path("x")), Some(1));
        assert_eq!(first.absorb(distinct), [3, 0]);
    }
}
