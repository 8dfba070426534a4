//! The shape of every computation that runs while a file is read: a state
//! made from the file's heading, parts that worker threads make from
//! batches of items, merged in file order on the calling thread, and a
//! last step that turns the state into the computation's result.
//!
//! `summarize` and `trend` fold this way ([`crate::summary::SummaryBuilder`],
//! [`crate::trend::PeriodFold`]); loading a whole file is the fold that
//! keeps every item ([`Whole`]).

use std::hash::BuildHasher;

use crate::amount::Unit;
use crate::error::LoadError;
use crate::load::places::ItemPlace;
use crate::model::{Item, YearFile};

/// A computation folded over a year file's items while the file is read
/// (see [`crate::load::fold_file`]).
///
/// `part` runs on the worker threads, so the work that does not depend on
/// earlier batches belongs there; `merge` takes the parts in file order.
/// A file read the plain way is one part.
pub trait Fold: Sized {
    /// What the command asked for (`--depth`, `--top`): told to every step.
    type Options: Sync;
    /// What a worker thread makes of a batch of items.
    type Part: Send;
    /// An error of the fold's own (a sum too large to hold).
    type Error;
    /// The result once every item is in.
    type Output;

    /// The state for a file with this heading (year, region, unit, ...;
    /// its items are not read here).
    fn new(head: &YearFile, options: &Self::Options) -> Self;
    /// What a batch of items, in file order, adds.
    fn part(options: &Self::Options, items: Vec<Item>) -> Self::Part;
    /// Whether the fold wants to know where each item is written (see
    /// [`Fold::part_placed`]); finding out costs a scan of each batch.
    fn wants_places(_options: &Self::Options) -> bool {
        false
    }
    /// [`Fold::part`] with the items' places in the file, for a fold that
    /// [`Fold::wants_places`]: `None` where they are not known (a file read
    /// the plain way, a batch written unusually).
    fn part_placed(
        options: &Self::Options,
        items: Vec<Item>,
        _places: Option<Vec<ItemPlace>>,
    ) -> Self::Part {
        Self::part(options, items)
    }
    /// For a fold that reads large batches but keeps little of each item:
    /// how many bytes of a batch the reader parses at a time, handing the
    /// items of each piece to [`Fold::part_in_pieces`] (so that a batch's
    /// parsed items are never all held at once). `None`: whole batches.
    fn piece_bytes(_options: &Self::Options) -> Option<usize> {
        None
    }
    /// [`Fold::part_placed`] of a batch given a piece at a time, in file
    /// order: each piece's items, and their places where the fold
    /// [`Fold::wants_places`] and they are known. Every piece is taken.
    fn part_in_pieces(
        options: &Self::Options,
        pieces: &mut dyn Iterator<Item = Piece>,
    ) -> Self::Part {
        let (items, places) = joined(pieces);
        Self::part_placed(options, items, places)
    }
    /// For a fold that keeps little of each item: its part of a batch
    /// read straight from the batch's text (see
    /// [`crate::load::quick::quick_fields`]), each item's id and line noted
    /// in `ids`, without making the items. `None` (whatever was noted is
    /// dropped) leaves the batch to the usual way ([`Fold::part`] of the
    /// items read), as the default does.
    fn part_of_text(
        _options: &Self::Options,
        _text: &str,
        _lines_before: usize,
        _unit: Unit,
        _ids: &mut IdLines,
    ) -> Option<Self::Part> {
        None
    }
    /// [`Fold::part_of_text`] told where the batch starts in the file
    /// (`start`, its first byte's offset), for a fold that keeps items'
    /// places (see [`crate::load::places`]); the default ignores it.
    fn part_of_text_at(
        options: &Self::Options,
        text: &str,
        _start: u64,
        lines_before: usize,
        unit: Unit,
        ids: &mut IdLines,
    ) -> Option<Self::Part> {
        Self::part_of_text(options, text, lines_before, unit, ids)
    }
    /// Takes a batch's part; parts come in file order.
    fn merge(&mut self, part: Self::Part) -> Result<(), Self::Error>;
    /// The result of everything merged.
    fn finish(self) -> Self::Output;
}

/// The ids of a batch's items, hashed, with their lines: what the
/// streamed read needs of each item to find repeated ids
/// ([`crate::load::repeats`]).
#[derive(Debug, Default)]
pub struct IdLines {
    hashes: Vec<(u64, usize)>,
}

impl IdLines {
    /// Notes the id of the item whose header is on `line`.
    pub fn note(&mut self, id: &str, line: usize) {
        let hasher = foldhash::fast::FixedState::default();
        self.hashes.push((hasher.hash_one(id), line));
    }

    /// Each id's hash with its item's line, in the order noted.
    pub(crate) fn into_hashes(self) -> Vec<(u64, usize)> {
        self.hashes
    }
}

/// A piece of a batch (see [`Fold::piece_bytes`]): its items, and their
/// places if known.
pub type Piece = (Vec<Item>, Option<Vec<ItemPlace>>);

/// The items of every piece, one after another, with their places: `None`
/// unless every piece's are known.
pub fn joined(pieces: &mut dyn Iterator<Item = Piece>) -> Piece {
    let mut items = Vec::new();
    let mut places = Some(Vec::new());
    for (piece, piece_places) in pieces {
        places = match (places, piece_places) {
            (Some(mut all), Some(more)) => {
                all.extend(more);
                Some(all)
            }
            _ => None,
        };
        items.extend(piece);
    }
    (items, places)
}

/// A file folded: its heading (with every printed total, but no items),
/// the fold, and how many items were read.
pub struct Folded<F> {
    pub head: YearFile,
    pub fold: F,
    pub items: usize,
}

/// Keeps every item, in file order: loading a whole file.
pub(crate) struct Whole {
    items: Vec<Item>,
}

impl Fold for Whole {
    /// How many items to make room for.
    type Options = usize;
    type Part = Vec<Item>;
    type Error = LoadError;
    type Output = Vec<Item>;

    fn new(_head: &YearFile, capacity: &usize) -> Whole {
        Whole {
            items: Vec::with_capacity(*capacity),
        }
    }

    fn part(_: &usize, items: Vec<Item>) -> Vec<Item> {
        items
    }

    fn merge(&mut self, part: Vec<Item>) -> Result<(), LoadError> {
        self.items.extend(part);
        Ok(())
    }

    fn finish(self) -> Vec<Item> {
        self.items
    }
}
