//! Files gathered one after another into what a trend needs of them: every
//! shown id's figure in each file, the hidden items' sums per category,
//! and the distinct ids each shown category hides. Each file's fold is
//! taken in as soon as it is read and then freed, so a decade of national
//! files never sits in memory at once; ids and categories are kept once,
//! not once a file.
#![warn(clippy::arithmetic_side_effects)]

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;

use crate::amount::Amount;
use crate::model::{CategoryPath, YearFile};

use super::arena::{FigureAt, Figures, TextAt, Texts};
use super::fold::{HiddenCategory, PeriodFold, SHOWN, ShownBatch, ShownItem};
use super::periods::period_order;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
type FastSet<T> = HashSet<T, foldhash::fast::RandomState>;

/// The files of a trend, gathered in the order they were read (see
/// [`super::trend_of`] for the order they are shown in).
#[derive(Default)]
pub struct Gathered {
    /// Each file's heading, without items.
    pub(super) files: Vec<YearFile>,
    /// Each file's hidden items, summed per category in order of first
    /// appearance (their ids are in `hidden_ids`).
    pub(super) hidden: Vec<Vec<HiddenSum>>,
    /// Every id shown in some file, in the order first met.
    pub(super) histories: Vec<History>,
    /// The histories' ids and names.
    pub(super) texts: Texts,
    /// The histories' figures.
    pub(super) figures: Figures,
    /// The place among `histories` of each id by its number
    /// ([`NO_HISTORY`] for an id never shown, or numbered after the last
    /// id shown).
    pub(super) history_of: Vec<u32>,
    /// Categories of shown items, each once (shared with the items' rows).
    pub(super) categories: Vec<Arc<CategoryPath>>,
    pub(super) category_index: FastMap<CategoryPath, u32>,
    /// Numbers for the ids shown or hidden, each once.
    pub(super) id_numbers: IdNumbers,
    /// The distinct ids hidden below each category where the shown tree
    /// stops (the hidden categories cut to `--depth`).
    pub(super) hidden_ids: FastMap<CategoryPath, IdSet>,
}

/// In [`Gathered::history_of`]: an id without a history.
const NO_HISTORY: u32 = u32::MAX;

/// The sum of one category's hidden items in one file.
pub(super) struct HiddenSum {
    pub(super) category: CategoryPath,
    pub(super) cut_at: usize,
    pub(super) sum: Amount,
}

/// One id across the files (file numbers are places in
/// [`Gathered::files`], in reading order; a trend has far fewer than 4
/// billion files, and a file fewer than 4 billion items).
/// Its text and figures are among [`Gathered::texts`] and
/// [`Gathered::figures`].
pub(super) struct History {
    /// The id, then the name in the file of the latest figure.
    text: TextAt,
    /// The id's length in `text`.
    id_len: u32,
    /// Where the id is met first, in time order: its file and its place
    /// among that file's shown items.
    pub(super) first: (u32, u32),
    /// The file of the latest figure, in time order.
    pub(super) latest_file: u32,
    /// The last figure taken in (one for each file it is in).
    last: u32,
}

/// An item's figure in one file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Figure {
    /// Index into [`Gathered::categories`].
    pub(super) category: u32,
    pub(super) amount: Amount,
    pub(super) in_totals: bool,
    pub(super) memo: bool,
}

impl Gathered {
    /// Takes in one file's fold, after the files taken before it: its ids
    /// in file order, each numbered, a shown one's figure added to its
    /// history and a hidden one counted where the shown tree stops above
    /// it.
    pub fn add(&mut self, fold: PeriodFold) {
        let file = self.files.len();
        self.files.push(fold.file);
        // The sets the hidden entries' ids are counted in, taken out of
        // `hidden_ids` while the file's ids are gathered.
        let mut sets: Vec<(CategoryPath, IdSet)> = Vec::new();
        let mut set_at: FastMap<CategoryPath, usize> = FastMap::default();
        let mut set_of_entry = Vec::with_capacity(fold.hidden.len());
        let hidden = fold
            .hidden
            .into_iter()
            .map(|category| {
                let (sum, shown_at) = hidden_sum(category);
                let set = *set_at.entry(shown_at).or_insert_with_key(|shown_at| {
                    let set = self.hidden_ids.remove(shown_at).unwrap_or_default();
                    sets.push((shown_at.clone(), set));
                    sets.len().saturating_sub(1)
                });
                set_of_entry.push(set);
                sum
            })
            .collect();
        self.hidden.push(hidden);
        // The shown items in file order, each with its name and its
        // category's number.
        let batches: Vec<(ShownBatch, Vec<u32>)> = fold
            .shown
            .into_iter()
            .map(|mut batch| {
                let numbers = std::mem::take(&mut batch.categories)
                    .into_iter()
                    .map(|category| self.category_number(category))
                    .collect();
                (batch, numbers)
            })
            .collect();
        let mut shown = batches.iter().flat_map(|(batch, numbers)| {
            batch
                .items
                .iter()
                .zip(batch.names.iter())
                .map(|(item, name)| (item, name, numbers[item.category as usize]))
        });
        let file = u32::try_from(file).expect("fewer than 4 billion files");
        let mut place = 0u32;
        // Each batch's ids freed once gathered.
        for batch in fold.ids {
            for (id, &role) in batch.ids.iter().zip(&batch.roles) {
                let number = self.id_numbers.number(id);
                if role != SHOWN {
                    let given = self.id_numbers.len();
                    sets[set_of_entry[role as usize]].1.insert(number, given);
                    continue;
                }
                let (item, name, category) = shown.next().expect("a shown item for each shown id");
                self.add_shown(file, place, number, (id, name), item, category);
                place = place
                    .checked_add(1)
                    .expect("fewer than 4 billion items in a file");
            }
        }
        for (shown_at, set) in sets {
            self.hidden_ids.insert(shown_at, set);
        }
    }

    /// Adds a shown item's figure to the history of its id (numbered
    /// `number`), a new history if the id has none.
    fn add_shown(
        &mut self,
        file: u32,
        place: u32,
        number: u32,
        (id, name): (&str, &str),
        item: &ShownItem,
        category: u32,
    ) {
        let figure = Figure {
            category,
            amount: item.amount,
            in_totals: item.in_totals,
            memo: item.memo,
        };
        let number = number as usize;
        if self.history_of.len() <= number {
            self.history_of.resize(number.saturating_add(1), NO_HISTORY);
        }
        let histories = &mut self.histories;
        let slot = self.history_of[number];
        if slot == NO_HISTORY {
            self.history_of[number] =
                u32::try_from(histories.len()).expect("fewer than 4 billion ids");
            histories.push(History {
                text: self.texts.push(&[id, name]),
                id_len: u32::try_from(id.len()).expect("an id is less than 4 GiB"),
                first: (file, place),
                latest_file: file,
                last: self.figures.push(None, file, figure),
            });
            return;
        }
        let files = &self.files;
        let later = |a: u32, b: u32| period_order(&files[a as usize], &files[b as usize]);
        let history = &mut histories[slot as usize];
        if later(file, history.first.0) == Ordering::Less {
            history.first = (file, place);
        }
        // The last of equals wins, as an id written twice in one file
        // keeps its last item.
        if later(file, history.latest_file) != Ordering::Less {
            history.latest_file = file;
            if history.name(&self.texts) != name {
                history.text = self.texts.push(&[id, name]);
            }
        }
        let last = self.figures.get_mut(history.last);
        if last.file == file {
            last.figure = figure;
        } else {
            history.last = self.figures.push(Some(history.last), file, figure);
        }
    }

    fn category_number(&mut self, category: CategoryPath) -> u32 {
        if let Some(&number) = self.category_index.get(&category) {
            return number;
        }
        let number = u32::try_from(self.categories.len()).expect("fewer than 4 billion categories");
        self.category_index.insert(category.clone(), number);
        self.categories.push(Arc::new(category));
        number
    }

    /// The headings of the files, in the order they were read.
    pub fn files(&self) -> &[YearFile] {
        &self.files
    }
}

/// The sum of a category's hidden items in a file, and the category where
/// the shown tree stops above them (where their ids are counted).
fn hidden_sum(category: HiddenCategory) -> (HiddenSum, CategoryPath) {
    let shown_at = match category.cut_at.checked_sub(1) {
        Some(level) => category
            .category
            .ancestors_and_self()
            .nth(level)
            .unwrap_or_else(|| category.category.clone()),
        None => CategoryPath::top_level(),
    };
    let sum = HiddenSum {
        category: category.category,
        cut_at: category.cut_at,
        sum: category.sum,
    };
    (sum, shown_at)
}

/// A number for each distinct id, the ids kept one after another in one
/// text and found through a table of numbers: some 22 bytes an id of
/// eight characters, against about 40 for a map from owned strings. Ids
/// are compared whole, so two ids with the same hash keep two numbers.
///
/// Year files list their items in much the same order year after year,
/// so the ids of one file's hidden items mostly come in the order they
/// were numbered: the id after the last one asked for is tried first, a
/// look at the next bytes of `text` instead of a search of the table.
#[derive(Default)]
pub(crate) struct IdNumbers {
    text: String,
    /// Where each id ends in `text`, by number (ids of a decade of files
    /// are far fewer than 4 GiB).
    ends: Vec<u32>,
    table: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
    /// The number after the last one given (the first tried next).
    after_last: u32,
}

impl IdNumbers {
    /// The number of `id`, a new one if it is new.
    fn number(&mut self, id: &str) -> u32 {
        let number = self.find_or_add(id);
        self.after_last = number.saturating_add(1);
        number
    }

    fn find_or_add(&mut self, id: &str) -> u32 {
        let IdNumbers {
            text,
            ends,
            table,
            hasher,
            after_last,
        } = self;
        // Numbers name ids one to one: the id numbered `after_last` is
        // this one's number if it is this id.
        if (*after_last as usize) < ends.len() && id_at(text, ends, *after_last) == id {
            return *after_last;
        }
        let hash = hasher.hash_one(id);
        if let Some(&number) = table.find(hash, |&number| id_at(text, ends, number) == id) {
            return number;
        }
        let number = u32::try_from(ends.len()).expect("fewer than 4 billion ids");
        text.push_str(id);
        ends.push(u32::try_from(text.len()).expect("ids of less than 4 GiB"));
        table.insert_unique(hash, number, |&number| {
            hasher.hash_one(id_at(text, ends, number))
        });
        number
    }
}

impl IdNumbers {
    /// How many distinct ids are numbered.
    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// A set of id numbers: a hash set while it holds few of the numbers
/// given out, a bitmap over all of them once it holds more than one in
/// [`IdSet::DENSE_FROM`]. Some 8 bytes an entry in the set against an
/// eighth of a byte a number given out in the bitmap: where `--depth`
/// hides most of a decade of national files, each category where the
/// shown tree stops holds a fair share of all the ids, and its set took
/// megabytes.
pub(super) enum IdSet {
    Sparse(FastSet<u32>),
    /// A bit per number, and how many are set.
    Dense(Vec<u64>, usize),
}

impl Default for IdSet {
    fn default() -> IdSet {
        IdSet::Sparse(FastSet::default())
    }
}

impl IdSet {
    /// A set holding more than one number in this many is kept as a
    /// bitmap (it then takes less room).
    const DENSE_FROM: usize = 64;

    /// Adds `number`, of `given` numbers given out so far.
    fn insert(&mut self, number: u32, given: usize) {
        match self {
            IdSet::Sparse(set) => {
                set.insert(number);
                if set.len() >= given.div_ceil(Self::DENSE_FROM).max(64) {
                    let numbers: Vec<u32> = set.drain().collect();
                    *self = IdSet::Dense(Vec::new(), 0);
                    for number in numbers {
                        self.insert(number, given);
                    }
                }
            }
            IdSet::Dense(bits, count) => {
                let number = number as usize;
                let word = number / 64;
                if word >= bits.len() {
                    // Room for every number given out so far, so that the
                    // bitmap grows a few times, not once a number.
                    bits.resize(given.max(number.saturating_add(1)).div_ceil(64), 0);
                }
                let bit = 1u64 << (number % 64);
                if bits[word] & bit == 0 {
                    bits[word] |= bit;
                    *count = count.saturating_add(1);
                }
            }
        }
    }

    /// How many numbers the set holds.
    pub(super) fn len(&self) -> usize {
        match self {
            IdSet::Sparse(set) => set.len(),
            IdSet::Dense(_, count) => *count,
        }
    }
}

/// The id numbered `number` in an [`IdNumbers`]' text.
fn id_at<'t>(text: &'t str, ends: &[u32], number: u32) -> &'t str {
    let number = number as usize;
    let start = number
        .checked_sub(1)
        .map_or(0, |before| ends[before] as usize);
    &text[start..ends[number] as usize]
}

impl History {
    /// Where its id and name are among the texts, and the id's length.
    pub(super) fn text(&self) -> (TextAt, u32) {
        (self.text, self.id_len)
    }

    /// The name in the file of the latest figure.
    pub(super) fn name<'t>(&self, texts: &'t Texts) -> &'t str {
        &texts.get(self.text)[self.id_len as usize..]
    }

    /// Its figures, the last taken in first (one for each file it is in).
    pub(super) fn figures<'f>(&self, figures: &'f Figures) -> impl Iterator<Item = &'f FigureAt> {
        figures.back_from(self.last)
    }

    /// Whether the id enters totals in some file.
    pub(super) fn ever_in_totals(&self, figures: &Figures) -> bool {
        self.figures(figures).any(|at| at.figure.in_totals)
    }

    /// The figure in the latest file it is in.
    pub(super) fn latest(&self, figures: &Figures) -> Figure {
        let latest = self.latest_file;
        self.figures(figures)
            .find(|at| at.file == latest)
            .map(|at| at.figure)
            .expect("the latest file has a figure")
    }

    /// The figures in time order, one per file (`rank` gives each file's
    /// place in time), blank where the id is absent.
    pub(super) fn by_period(&self, figures: &Figures, rank: &[usize]) -> Vec<Option<Figure>> {
        let mut by_period = vec![None; rank.len()];
        for at in self.figures(figures) {
            by_period[rank[at.file as usize]] = Some(at.figure);
        }
        by_period
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Whether kept in a hash set or a bitmap, the set counts each
        /// number once, as a plain set of them does.
        #[test]
        fn an_id_set_counts_distinct_numbers(
            numbers in prop::collection::vec(0u32..3_000, 0..2_000),
        ) {
            let mut set = IdSet::default();
            let mut plain = HashSet::new();
            // Numbers are given out in order: `given` is one past the
            // largest met so far.
            let mut given = 0usize;
            for number in numbers {
                given = given.max((number as usize).saturating_add(1));
                set.insert(number, given);
                plain.insert(number);
                prop_assert_eq!(set.len(), plain.len());
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Ids are numbered as a map from each id to the count of distinct
        /// ids before it numbers them, however often and in whatever
        /// order they come back (runs in order, as year files list them,
        /// and at random).
        #[test]
        fn ids_are_numbered_in_order_of_first_appearance(
            picks in prop::collection::vec((0usize..40, 1usize..6), 0..60),
        ) {
            let mut numbers = IdNumbers::default();
            let mut plain: HashMap<String, u32> = HashMap::new();
            for (start, run) in picks {
                for at in start..start.saturating_add(run) {
                    let id = format!("p{at:03}");
                    let next = u32::try_from(plain.len()).unwrap();
                    let expected = *plain.entry(id.clone()).or_insert(next);
                    prop_assert_eq!(numbers.number(&id), expected);
                    prop_assert_eq!(numbers.len(), plain.len());
                }
            }
        }
    }

    #[test]
    fn a_set_holding_many_of_the_numbers_becomes_a_bitmap() {
        let mut set = IdSet::default();
        // 64 of 6,400 numbers: one in a hundred, still a set; the 100th
        // of them reaches one in 64 (6,400 / 64 = 100).
        for number in 0..99u32 {
            set.insert(number * 64, 6_400);
        }
        assert!(matches!(set, IdSet::Sparse(_)));
        set.insert(99 * 64, 6_400);
        assert!(matches!(set, IdSet::Dense(..)));
        assert_eq!(set.len(), 100);
        // Again, and one beyond the numbers given so far.
        set.insert(0, 6_400);
        set.insert(10_000, 10_001);
        assert_eq!(set.len(), 101);
    }
}
