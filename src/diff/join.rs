//! Finding, for many items of the new file, the old item with the same
//! id, where the two files list them in different orders.
//!
//! One hash table of a million old ids, looked up in the new file's order,
//! is a cache miss for every id put in and every id looked up. Instead both
//! sides are first cut into partitions by a few bits of their ids' hashes,
//! each read front to back in its file's order, and then each partition's
//! old ids go into a small table (a few thousand entries, held in the
//! cache) that the same partition's new ids are looked up in. Half the
//! partitions are matched on each of two threads.
//!
//! Each entry keeps its id's length and first bytes, so that an id of at
//! most [`INLINE_ID`] bytes is matched without reading either file's text.
#![warn(clippy::arithmetic_side_effects)]

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

use hashbrown::HashTable;

use crate::compact::{IdText, index_of};

/// The hash bits that pick a partition: 256 partitions, so that a
/// million ids make tables of about four thousand.
const PARTITION_BITS: u32 = 8;
const PARTITIONS: usize = 1 << PARTITION_BITS;

/// Bytes of an id kept in its entry.
const INLINE_ID: usize = 11;

/// What "no match" is written as in [`matched`]'s answer.
pub(super) const NO_MATCH: (u32, u32) = (u32::MAX, u32::MAX);

/// An id as an entry keeps it: 32 bits of its hash (other bits than the
/// partition's), its length (saturated at `u8::MAX`) and its first bytes
/// (zero after its end). Two ids of at most [`INLINE_ID`] bytes are the
/// same exactly when their keys are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    hash: u32,
    len: u8,
    start: [u8; INLINE_ID],
}

impl Key {
    /// The key of `id` whose hash is `hash`, and the partition it falls
    /// in.
    fn of(hash: u64, id: &str) -> (Key, usize) {
        let bytes = id.as_bytes();
        let kept = bytes.len().min(INLINE_ID);
        let mut start = [0; INLINE_ID];
        start[..kept].copy_from_slice(&bytes[..kept]);
        let key = Key {
            // The low half; the partition is read from the top bits.
            hash: hash as u32,
            len: u8::try_from(bytes.len()).unwrap_or(u8::MAX),
            start,
        };
        let partition = (hash >> (u64::BITS - PARTITION_BITS)) as usize;
        (key, partition)
    }

    /// The hash a partition's table files the key by: its 32 bits spread
    /// over 64, since the table reads its buckets from the low bits and a
    /// tag from the top seven.
    fn table_hash(&self) -> u64 {
        u64::from(self.hash).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    /// Whether the whole id is in the key.
    fn is_whole(&self) -> bool {
        usize::from(self.len) <= INLINE_ID
    }
}

/// An old item: its key, its index in its listing, and what it carries.
#[derive(Debug, Clone, Copy)]
struct Old {
    key: Key,
    index: u32,
    payload: u32,
}

/// A new item: its key, and its place among the new items asked about.
#[derive(Debug, Clone, Copy)]
struct New {
    key: Key,
    at: u32,
}

/// For each new item at `new_indices` (indices into `new_ids`), the old
/// item at `old_indices` (indices into `old_ids`) with the same id, with
/// `payload` of its index; [`NO_MATCH`] where none has it. Ids are unique
/// within each file (the loader sees to that), so there is at most one.
/// On two threads if `parallel`.
pub(super) fn matched(
    old: (&IdText, &[u32]),
    payload: impl Fn(usize) -> u32 + Sync,
    new: (&IdText, &[u32]),
    parallel: bool,
) -> Vec<(u32, u32)> {
    let hasher = foldhash::fast::FixedState::default();
    matched_by(|id| hasher.hash_one(id), old, payload, new, parallel)
}

/// [`matched`], ids hashed by `hash` (tests give one that makes ids
/// collide).
fn matched_by(
    hash: impl Fn(&str) -> u64 + Sync,
    (old_ids, old_indices): (&IdText, &[u32]),
    payload: impl Fn(usize) -> u32 + Sync,
    (new_ids, new_indices): (&IdText, &[u32]),
    parallel: bool,
) -> Vec<(u32, u32)> {
    let (mut old_parts, mut new_parts) = crate::parallel::both(
        parallel,
        || {
            partitioned(&hash, old_ids, old_indices, |key, _, index| Old {
                key,
                index,
                payload: payload(index as usize),
            })
        },
        || partitioned(&hash, new_ids, new_indices, |key, at, _| New { key, at }),
    );
    let found: Vec<AtomicU64> = (0..new_indices.len())
        .map(|_| AtomicU64::new(packed(NO_MATCH)))
        .collect();
    let old_second = old_parts.split_off(PARTITIONS / 2);
    let new_second = new_parts.split_off(PARTITIONS / 2);
    let join = |olds: Vec<Vec<Old>>, news: Vec<Vec<New>>| {
        let mut table: HashTable<Old> = HashTable::new();
        for (olds, news) in olds.into_iter().zip(news) {
            table.clear();
            table.reserve(olds.len(), |old| old.key.table_hash());
            for old in olds {
                table.insert_unique(old.key.table_hash(), old, |old| old.key.table_hash());
            }
            for new in news {
                let new_index = new_indices[new.at as usize] as usize;
                let same = |old: &Old| {
                    old.key == new.key
                        && (new.key.is_whole()
                            || old_ids.get(old.index as usize) == new_ids.get(new_index))
                };
                if let Some(old) = table.find(new.key.table_hash(), same) {
                    found[new.at as usize]
                        .store(packed((old.index, old.payload)), Ordering::Relaxed);
                }
            }
        }
    };
    crate::parallel::both(
        parallel,
        || join(old_parts, new_parts),
        || join(old_second, new_second),
    );
    found
        .into_iter()
        .map(|found| unpacked(found.into_inner()))
        .collect()
}

/// The items at `indices` cut into partitions by their ids' hashes, in
/// the order given within each partition, as `entry` makes them of each
/// key, place among `indices` and index.
fn partitioned<E>(
    hash: impl Fn(&str) -> u64,
    ids: &IdText,
    indices: &[u32],
    entry: impl Fn(Key, u32, u32) -> E,
) -> Vec<Vec<E>> {
    // About as many in each, and some room to spare.
    let room = (indices.len() / PARTITIONS).saturating_add(indices.len() / (PARTITIONS * 8));
    let mut parts: Vec<Vec<E>> = (0..PARTITIONS).map(|_| Vec::with_capacity(room)).collect();
    for (at, &index) in indices.iter().enumerate() {
        let id = ids.get(index as usize);
        let (key, partition) = Key::of(hash(id), id);
        parts[partition].push(entry(key, index_of(at), index));
    }
    parts
}

fn packed((high, low): (u32, u32)) -> u64 {
    (u64::from(high) << 32) | u64::from(low)
}

fn unpacked(value: u64) -> (u32, u32) {
    ((value >> 32) as u32, value as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(ids: &[String]) -> IdText {
        let mut text = IdText::default();
        for id in ids {
            text.push(id);
        }
        text
    }

    /// The definition: each new id asked about with the index of the old
    /// id asked about that is the same, and its payload.
    fn by_definition(
        old: &[String],
        old_indices: &[u32],
        new: &[String],
        new_indices: &[u32],
    ) -> Vec<(u32, u32)> {
        new_indices
            .iter()
            .map(|&n| {
                old_indices
                    .iter()
                    .find(|&&o| old[o as usize] == new[n as usize])
                    .map_or(NO_MATCH, |&o| (o, o.wrapping_mul(7)))
            })
            .collect()
    }

    /// Distinct ids, short and long, many sharing their first eleven bytes
    /// (told apart only by the text), some with zero bytes.
    fn ids() -> impl Strategy<Value = Vec<String>> {
        prop::collection::btree_set(
            prop_oneof!["[a-c]{0,4}", "budget-2026[\0a-c]{0,4}", "[a-c\0]{9,13}",],
            0..80,
        )
        .prop_map(|set| set.into_iter().collect())
        .prop_shuffle()
    }

    proptest! {
        #![proptest_config(crate::testing::regressions_beside_the_source())]

        /// Whatever the ids, the subsets asked about and the threads, each
        /// new id finds the old one of the definition.
        #[test]
        fn each_new_id_finds_the_old_id_that_is_the_same(
            old in ids(),
            new in ids(),
            old_taken in prop::collection::vec(any::<bool>(), 80),
            new_taken in prop::collection::vec(any::<bool>(), 80),
            parallel in any::<bool>(),
        ) {
            // Half of NEW's ids are OLD's too.
            let new: Vec<String> = new
                .into_iter()
                .zip(&old)
                .enumerate()
                .map(|(at, (new, old))| if at % 2 == 0 { old.clone() } else { new })
                .collect();
            let mut unique = new.clone();
            unique.sort();
            unique.dedup();
            prop_assume!(unique.len() == new.len());
            let taken = |ids: &[String], taken: &[bool]| -> Vec<u32> {
                (0..ids.len()).filter(|&i| taken[i]).map(index_of).collect()
            };
            let (old_indices, new_indices) = (taken(&old, &old_taken), taken(&new, &new_taken));
            let expected = by_definition(&old, &old_indices, &new, &new_indices);
            let found = matched(
                (&text(&old), &old_indices),
                |index| index_of(index).wrapping_mul(7),
                (&text(&new), &new_indices),
                parallel,
            );
            prop_assert_eq!(found, expected.clone());
            // A hash of the first byte alone: ids collide all the time, and
            // the text must tell them apart.
            let found = matched_by(
                |id| id.bytes().next().map_or(0, u64::from).wrapping_mul(0x0101_0101_0101_0101),
                (&text(&old), &old_indices),
                |index| index_of(index).wrapping_mul(7),
                (&text(&new), &new_indices),
                parallel,
            );
            prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn long_ids_alike_in_their_first_bytes_are_told_apart_by_their_text() {
        let old: Vec<String> = ["budget-2026-0001", "budget-2026-0002", "budget-2026", "b\0"]
            .map(String::from)
            .to_vec();
        let new: Vec<String> = [
            "budget-2026-0002",
            "budget-2026-0003",
            "b",
            "b\0",
            "budget-2026",
        ]
        .map(String::from)
        .to_vec();
        let found = matched(
            (&text(&old), &[0, 1, 2, 3]),
            |index| index_of(index).wrapping_mul(7),
            (&text(&new), &[0, 1, 2, 3, 4]),
            false,
        );
        // 0002 is old 1, 0003 and "b" are nowhere, "b\0" is old 3 and
        // "budget-2026" old 2 (payloads seven times the index).
        assert_eq!(found, [(1, 7), NO_MATCH, NO_MATCH, (3, 21), (2, 14)]);
    }
}
