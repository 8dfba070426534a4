//! The bars worker threads fold items against: each category's worst
//! kept amount so far, raised by the calling thread as it takes batches
//! in, read by the workers in one go per batch.

use std::hash::BuildHasher;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use hashbrown::HashTable;
use rust_decimal::Decimal;

use crate::compact::index_of;
use crate::model::CategoryPath;

/// Per category, the magnitude of the worst item kept so far, once the
/// category keeps `--top` items: the calling thread raises the bars as it
/// merges batches, and the worker threads fold an item that misses its
/// category's bar (see [`super::TopSelection::misses`]) without sending it on.
/// Every item a worker reads comes after every item that set a bar, so an
/// item that misses can never be among the best, and nearly every item of
/// a large file folds where it is read.
#[derive(Debug, Default)]
pub struct Bars {
    by_category: RwLock<BarMap>,
}

impl Bars {
    /// The bars known now, read in one go (the calling thread waits to
    /// raise them while they are read); `None` if a thread panicked.
    pub fn read(&self) -> Option<BarsNow<'_>> {
        self.by_category.read().ok().map(BarsNow)
    }

    /// The bars held to be raised; `None` while a worker reads them (or
    /// after one panicked).
    pub(super) fn try_raise(&self) -> Option<RaisedBars<'_>> {
        self.by_category.try_write().ok().map(RaisedBars)
    }

    /// Forgets every bar: a new read begins.
    pub fn clear(&self) {
        if let Ok(mut by_category) = self.by_category.write() {
            by_category.clear();
        }
    }
}

/// Bars by category path: the paths one after another in one text, each
/// bar found through the index by its path's text (a file of a million
/// categories has about as many bars).
#[derive(Debug, Default)]
struct BarMap {
    text: String,
    bars: Vec<KnownBar>,
    index: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

/// A category's bar, and where its path is in [`BarMap::text`].
#[derive(Debug)]
struct KnownBar {
    start: u32,
    end: u32,
    bar: Decimal,
}

impl BarMap {
    /// The place in `bars` of the bar of the category `path`.
    fn find(&self, path: &str) -> Option<usize> {
        let (text, bars) = (&self.text, &self.bars);
        self.index
            .find(self.hasher.hash_one(path), |&at| {
                let known = &bars[at as usize];
                text.get(known.start as usize..known.end as usize) == Some(path)
            })
            .map(|&at| at as usize)
    }

    fn get(&self, path: &str) -> Option<Decimal> {
        self.find(path).map(|at| self.bars[at].bar)
    }

    /// Sets the bar of the category `path`.
    fn set(&mut self, path: &str, bar: Decimal) {
        if let Some(at) = self.find(path) {
            self.bars[at].bar = bar;
            return;
        }
        let start = index_of(self.text.len());
        self.text.push_str(path);
        self.bars.push(KnownBar {
            start,
            end: index_of(self.text.len()),
            bar,
        });
        let at = index_of(self.bars.len().saturating_sub(1));
        let (text, bars, hasher) = (&self.text, &self.bars, &self.hasher);
        self.index
            .insert_unique(self.hasher.hash_one(path), at, |&at| {
                let known = &bars[at as usize];
                hasher.hash_one(&text[known.start as usize..known.end as usize])
            });
    }

    fn clear(&mut self) {
        *self = BarMap::default();
    }
}

/// The bars as they stand while a worker reads them.
pub struct BarsNow<'b>(RwLockReadGuard<'b, BarMap>);

impl BarsNow<'_> {
    /// The bar of `category`, if it has one yet.
    pub fn of(&self, category: &CategoryPath) -> Option<Decimal> {
        self.0.get(category.as_str())
    }
}

/// The bars held by the calling thread while it raises them.
pub(super) struct RaisedBars<'b>(RwLockWriteGuard<'b, BarMap>);

impl RaisedBars<'_> {
    /// Sets the bar of the category `path`.
    pub(super) fn set(&mut self, path: &str, bar: Decimal) {
        self.0.set(path, bar);
    }
}
