//! `summarize` of every row of a large file (JSON Lines, CSV) in bounded
//! memory: two passes instead of keeping every item.
//!
//! The first pass ([`PlacedRows`], folded while the file is read in
//! batches) adds up the category tree, the grand total and the item
//! counts, exactly as [`super::SummaryBuilder`] does, but keeps of each
//! item only its place in the file ([`ItemPlace`], twelve bytes). The
//! second ([`RowPlan::write`]) walks the rows in the summary's order,
//! reads the items back a stretch at a time, and has the rows of each
//! stretch rendered on worker threads, written in order. The rows are those
//! [`super::summarize`] gives: the same categories and items in the same
//! order, the same shares and averages (worked out from the same items).
//!
//! Only a summary without `--depth`, `--top` or `--sort` is made this way;
//! a file read the plain way, or with a batch whose places are not known,
//! has no plan, and the caller takes the plain path.
#![warn(clippy::arithmetic_side_effects)]

mod from_text;

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;

use super::{CategoryRow, ItemRow, Row, Summary, item_row_taking};
use crate::amount::{Amount, Unit};
use crate::error::{LoadError, OverflowError};
use crate::load::places::{Asked, Gathered, ItemPlace, ReadBackError, Room};
use crate::load::progress::Progress;
use crate::load::quick::WrittenPaths;
use crate::load::{Batching, Fold, Folded, IdLines, display_name, first_problem, fold_in_batches};
use crate::model::{CategoryPath, Item, YearFile};
use crate::ordered::InOrder;
use crate::report::percent::percent_of;
use crate::report::rollup::Subtotals;
use crate::report::top::OrderFree;
use crate::report::tree::{CategoryTree, NodeId, Visit};

/// Items read back and rendered together: enough to keep the workers busy
/// between two writes, few enough that a stretch stays small (about
/// 150 KB of JSON Lines).
const STRETCH_ITEMS: usize = 1024;

/// Bytes of items read together, through windows (see [`Gathered`]): a
/// few passes over a large file instead of a read an item, in room that
/// stays well below the file's size (a fifth of a national file's).
const GATHER_BYTES: u64 = 32 * 1024 * 1024;

/// The first pass: the tree and its sums, and where each item is.
pub struct PlacedRows {
    head: Summary,
    tree: CategoryTree,
    subtotals: Subtotals,
    /// Items in totals, by leaf index.
    places: Vec<ItemPlace>,
    /// Targets, caps and memo figures, in file order.
    excluded: Vec<ItemPlace>,
    /// Some item's place is not known.
    unplaced: bool,
    /// Whether the sums come out the same added up in any order (each
    /// batch adds up its items per category first).
    order_free: OrderFree,
}

/// What a worker thread keeps of a batch: the sum and count of each
/// category's items in totals (in order of first appearance), and where
/// each item is. The calling thread then files each item under its
/// category and adds up a sum a category instead of an amount an item.
#[derive(Debug)]
pub struct PlacedPart {
    /// A category's path, the sum of its items in totals, their count.
    categories: Vec<(CategoryPath, Amount, usize)>,
    /// Each item in totals, in file order: its category's number in
    /// `categories` and its place.
    items: Vec<(u32, ItemPlace)>,
    /// The places of the targets, caps and memo figures, in file order.
    excluded: Vec<ItemPlace>,
    /// The batch's amounts in totals (see [`OrderFree`]).
    order_free: OrderFree,
    /// The batch has items whose places are not known.
    unplaced: bool,
}

/// Each category's number in a [`PlacedPart`], by its path's text.
type CategoryNumbers = HashMap<String, u32, foldhash::fast::RandomState>;

impl PlacedPart {
    /// A part with no items yet, with room for `items` of them.
    fn with_capacity(items: usize) -> PlacedPart {
        PlacedPart {
            categories: Vec::new(),
            items: Vec::with_capacity(items),
            excluded: Vec::new(),
            order_free: OrderFree::default(),
            unplaced: false,
        }
    }

    /// The number of `category` in [`PlacedPart::categories`], given it
    /// (with a sum of nothing) when it is met first.
    fn number_of(&mut self, numbers: &mut CategoryNumbers, category: &CategoryPath) -> u32 {
        if let Some(&number) = numbers.get(category.as_str()) {
            return number;
        }
        let number = step_index(self.categories.len());
        numbers.insert(category.as_str().to_owned(), number);
        self.categories.push((category.clone(), Amount::ZERO, 0));
        number
    }

    /// Adds an item in totals of the category numbered `number`.
    fn add(&mut self, number: u32, amount: Amount, place: ItemPlace) {
        self.order_free.add(amount);
        let (_, sum, count) = &mut self.categories[number as usize];
        match sum.exact_add(amount) {
            Ok(added) => *sum = added,
            // Added up in another order, the sums could differ.
            Err(_) => self.order_free.fail(),
        }
        *count = count.saturating_add(1);
        self.items.push((number, place));
    }
}

impl Fold for PlacedRows {
    type Options = ();
    type Part = PlacedPart;
    type Error = OverflowError;
    type Output = Option<RowPlan>;

    fn new(head: &YearFile, _: &()) -> PlacedRows {
        PlacedRows {
            head: super::SummaryBuilder::new(head, None).finish(),
            tree: CategoryTree::new(),
            subtotals: Subtotals::default(),
            places: Vec::new(),
            excluded: Vec::new(),
            unplaced: false,
            order_free: OrderFree::default(),
        }
    }

    fn part(options: &(), items: Vec<Item>) -> PlacedPart {
        PlacedRows::part_placed(options, items, None)
    }

    fn wants_places(_: &()) -> bool {
        true
    }

    fn part_placed(_: &(), items: Vec<Item>, places: Option<Vec<ItemPlace>>) -> PlacedPart {
        let mut part = PlacedPart::with_capacity(items.len());
        let Some(places) = places.filter(|places| places.len() == items.len()) else {
            part.unplaced = !items.is_empty();
            return part;
        };
        let mut numbers = CategoryNumbers::default();
        for (item, place) in items.iter().zip(places) {
            if item.enters_totals() {
                let number = part.number_of(&mut numbers, &item.category);
                part.add(number, item.amount, place);
            } else {
                part.excluded.push(place);
            }
        }
        part
    }

    /// Read straight from the batch's text, where the quick reader takes
    /// it and every item's place is known (see [`from_text`]).
    fn part_of_text_at(
        _: &(),
        text: &str,
        start: u64,
        lines_before: usize,
        unit: Unit,
        ids: &mut IdLines,
    ) -> Option<PlacedPart> {
        from_text::placed_part(text, start, lines_before, unit, ids)
    }

    fn merge(&mut self, part: PlacedPart) -> Result<(), OverflowError> {
        self.unplaced |= part.unplaced;
        self.order_free.merge(part.order_free);
        if self.unplaced || !self.order_free.holds() {
            // No plan will be made: the plain path gives the output.
            return Ok(());
        }
        // Categories are filed as their first items are, in file order,
        // so that the tree has the entries, in the order, that adding an
        // item at a time gives it.
        let mut nodes: Vec<NodeId> = Vec::with_capacity(part.categories.len());
        for (number, place) in part.items {
            let node = match nodes.get(number as usize) {
                Some(&node) => node,
                None => {
                    let node = self.tree.node(&part.categories[number as usize].0);
                    nodes.push(node);
                    node
                }
            };
            self.tree.push_leaf(node, self.places.len());
            self.places.push(place);
        }
        for ((_, sum, count), node) in part.categories.into_iter().zip(nodes) {
            self.subtotals.add(
                &self.tree,
                node,
                sum,
                &self.head.file,
                self.head.file_unit.currency(),
            )?;
            self.subtotals.count(&self.tree, node, count);
        }
        self.excluded.extend(part.excluded);
        Ok(())
    }

    /// The plan for the second pass; `None` when some item's place is not
    /// known.
    fn finish(self) -> Option<RowPlan> {
        // Sums added up a category of a batch at a time are those of an
        // item at a time only when they are free of their order.
        if self.unplaced || !self.order_free.holds() {
            return None;
        }
        let mut steps: Vec<Step> = Vec::with_capacity(
            self.tree
                .len()
                .saturating_add(self.places.len())
                .saturating_add(self.excluded.len()),
        );
        for visit in self.tree.walk() {
            steps.push(match visit {
                Visit::Category(node) => Step::Category(step_index(node)),
                Visit::Leaf(index) => Step::Item(step_index(index)),
            });
        }
        steps.extend((0..self.excluded.len()).map(|index| Step::Excluded(step_index(index))));
        let mut head = self.head;
        head.total = self.subtotals.total();
        Some(RowPlan {
            head,
            tree: self.tree,
            subtotals: self.subtotals,
            places: self.places,
            excluded: self.excluded,
            steps,
            averages: true,
        })
    }
}

/// An index of a step: a file of at most [`crate::load::MAX_INPUT_BYTES`]
/// (1 GiB) has fewer than 2^32 rows, and a step of 32 bits takes half the
/// room (eight bytes a row of a national file).
fn step_index(index: usize) -> u32 {
    u32::try_from(index).expect("a file of at most 1 GiB has fewer than 2^32 rows")
}

/// One row of the second pass, in the summary's order.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// A category, by its [`NodeId`].
    Category(u32),
    /// An item in totals, by its index in [`RowPlan::places`].
    Item(u32),
    /// A target, cap or memo figure, by its index in [`RowPlan::excluded`].
    Excluded(u32),
}

/// Everything but the items: what the second pass needs to write every row.
pub struct RowPlan {
    head: Summary,
    tree: CategoryTree,
    subtotals: Subtotals,
    places: Vec<ItemPlace>,
    excluded: Vec<ItemPlace>,
    steps: Vec<Step>,
    /// Whether the item rows have their averages (see
    /// [`RowPlan::leave_out_averages`]).
    averages: bool,
}

/// Why the second pass stopped.
#[derive(Debug)]
pub enum WriteError<E> {
    /// The file could not be read again as it was.
    Read(LoadError),
    /// Rendering or writing failed.
    Write(E),
}

impl From<std::io::Error> for WriteError<std::io::Error> {
    fn from(error: std::io::Error) -> Self {
        WriteError::Write(error)
    }
}

/// The file opened again for the second pass.
pub(crate) fn open_again<E>(path: &Path) -> Result<File, WriteError<E>> {
    File::open(path).map_err(|e| unreadable(path, format!("cannot read it again: {e}")))
}

/// The second pass could not read `path` as it was.
pub(crate) fn unreadable<E>(path: &Path, reason: String) -> WriteError<E> {
    WriteError::Read(LoadError::Unreadable {
        file: display_name(path).into_owned(),
        reason,
    })
}

/// Threads that read items back and render their rows.
pub(crate) fn read_back_workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8))
}

/// The first pass over a large file, read in batches: `None` where the
/// file is read the plain way or some item's place is not known (then
/// [`super::summarize`] and the renderers give the output), the error the
/// plain way gives where the batches found it (see [`fold_in_batches`]).
pub fn plan_rows(
    batching: Batching,
    progress: &dyn Progress,
    path: &Path,
) -> Option<Result<Planned, LoadError>> {
    match fold_in_batches::<PlacedRows>(batching, progress, path, &())? {
        Err(problems) => Some(Err(first_problem(problems))),
        Ok(Folded { head, fold, items }) => {
            let plan = fold.finish()?;
            Some(Ok(Planned { head, items, plan }))
        }
    }
}

/// A file planned: its heading (with its printed totals, no items), how
/// many items it has, and the plan.
pub struct Planned {
    pub head: YearFile,
    pub items: usize,
    pub plan: RowPlan,
}

impl RowPlan {
    /// The summary's heading and grand total, without rows.
    pub fn head(&self) -> &Summary {
        &self.head
    }

    /// Writes every row, in the order of [`super::summarize`]'s rows and
    /// then its excluded rows: `render` turns a stretch of rows into bytes
    /// (on worker threads), `write` takes them in order. `path` is the file
    /// planned; if its items are no longer where they were, this fails
    /// (after writing the rows before).
    pub fn write<E: Send>(
        &self,
        path: &Path,
        render: &RenderStretch<'_, E>,
        write: &mut dyn FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), WriteError<E>> {
        self.each_stretch(path, Part::All, render, &mut |bytes: Vec<u8>| write(&bytes))
    }

    /// Makes item rows without their averages, for an output that does
    /// not write them: each is a division of 96-bit figures.
    pub fn leave_out_averages(&mut self) {
        self.averages = false;
    }

    /// How many targets, caps and memo figures there are (rows that are
    /// not added up, after every other row).
    pub fn excluded_rows(&self) -> usize {
        self.excluded.len()
    }

    /// Goes through `part` of the rows a stretch at a time, in the order
    /// of [`RowPlan::write`]: `make` turns a stretch of rows and excluded
    /// rows into a `T` (on worker threads), `take` takes them in order.
    pub fn each_stretch<T: Send, E: Send>(
        &self,
        path: &Path,
        part: Part,
        make: &MakeStretch<'_, T, E>,
        take: &mut dyn FnMut(T) -> Result<(), E>,
    ) -> Result<(), WriteError<E>> {
        let name = display_name(path);
        let unreadable = |reason: String| unreadable(path, reason);
        let file = open_again(path)?;
        let workers = read_back_workers();
        let stretches = self.stretches(part);
        let groups = self.groups(&stretches);
        let ask = |group: &[&[Step]]| {
            Asked::new(
                group
                    .iter()
                    .flat_map(|steps| self.places_of(steps))
                    .collect(),
            )
        };
        // One group is read, then its rows made and written, on every
        // core each: a group read ahead while the rows of the one before
        // are made took a second group's room, and groups half as large
        // read the file twice as often (each group's items lie all over
        // it: a window reads most of the file, nine tenths of it between
        // the places). Its memory is kept for the next (see [`Room`]).
        // What needs no room, gathering and sorting the next group's
        // places (done on one core), is done while the rows are made.
        let mut room = Room::default();
        let mut next = groups.first().map(|&group| ask(group));
        std::thread::scope(|scope| {
            for (index, &group) in groups.iter().enumerate() {
                let Some(asked) = next.take() else {
                    break;
                };
                let gathered = Gathered::read(&file, asked, workers, room)
                    .map_err(|e| unreadable(ReadBackError::Io(e).to_string()))?;
                let ahead = groups
                    .get(index.saturating_add(1))
                    .map(|&group| scope.spawn(move || ask(group)));
                self.write_group(group, &gathered, &name, workers, make, take)
                    .map_err(|error| match error {
                        Failure::Read(error) => unreadable(error.to_string()),
                        Failure::Write(error) => WriteError::Write(error),
                    })?;
                next = ahead.map(|asking| asking.join().expect("a thread asking places panicked"));
                room = gathered.into_room();
            }
            Ok(())
        })
    }

    /// Writes the rows of a group of stretches whose items are `gathered`,
    /// rendered on `workers` threads, in order.
    fn write_group<T: Send, E: Send>(
        &self,
        group: &[&[Step]],
        gathered: &Gathered,
        name: &str,
        workers: usize,
        render: &MakeStretch<'_, T, E>,
        write: &mut dyn FnMut(T) -> Result<(), E>,
    ) -> Result<(), Failure<E>> {
        // Each stretch's items, by their order in `gathered`.
        let mut ranges = Vec::with_capacity(group.len());
        let mut at = 0usize;
        for steps in group {
            let items = steps.iter().filter(|step| is_item(step)).count();
            ranges.push(at..at.saturating_add(items));
            at = at.saturating_add(items);
        }
        let stretches = group.iter().zip(ranges);
        let make = |(steps, range): (&&[Step], std::ops::Range<usize>)| {
            self.make(steps, gathered, range, name, render)
        };
        InOrder::on(workers).run(stretches, make, |made| write(made?).map_err(Failure::Write))
    }

    /// The stretches cut into groups whose items' bytes are read together:
    /// about [`GATHER_BYTES`] each (a stretch at least).
    fn groups<'s>(&self, stretches: &'s [&'s [Step]]) -> Vec<&'s [&'s [Step]]> {
        let mut groups = Vec::new();
        let mut rest = stretches;
        while !rest.is_empty() {
            let mut bytes = 0u64;
            let cut = rest
                .iter()
                .position(|steps| {
                    let before = bytes;
                    bytes = self
                        .places_of(steps)
                        .fold(bytes, |sum, place| sum.saturating_add(u64::from(place.len)));
                    before > 0 && bytes > GATHER_BYTES
                })
                .unwrap_or(rest.len());
            let (group, after) = rest.split_at(cut);
            groups.push(group);
            rest = after;
        }
        groups
    }

    /// The places of a stretch's items, in its order.
    fn places_of<'p>(&'p self, steps: &'p [Step]) -> impl Iterator<Item = ItemPlace> + 'p {
        steps.iter().filter_map(|step| match *step {
            Step::Category(_) => None,
            Step::Item(index) => Some(self.places[index as usize]),
            Step::Excluded(index) => Some(self.excluded[index as usize]),
        })
    }

    /// The steps of `part` cut into stretches of about [`STRETCH_ITEMS`]
    /// items.
    fn stretches(&self, part: Part) -> Vec<&[Step]> {
        let mut stretches = Vec::new();
        // The excluded rows are the last steps.
        let first_excluded = self.steps.len().saturating_sub(self.excluded.len());
        let mut rest = match part {
            Part::All => &self.steps[..],
            Part::Rows => &self.steps[..first_excluded],
            Part::Excluded => &self.steps[first_excluded..],
        };
        while !rest.is_empty() {
            let mut items = 0usize;
            let cut = rest
                .iter()
                .position(|step| {
                    if !matches!(step, Step::Category(_)) {
                        items = items.saturating_add(1);
                    }
                    items > STRETCH_ITEMS
                })
                .unwrap_or(rest.len());
            let (stretch, after) = rest.split_at(cut);
            stretches.push(stretch);
            rest = after;
        }
        stretches
    }

    /// A stretch's rows, rendered: its items are those of `gathered` in
    /// `range`.
    fn make<T, E>(
        &self,
        steps: &[Step],
        gathered: &Gathered,
        range: std::ops::Range<usize>,
        name: &str,
        render: &MakeStretch<'_, T, E>,
    ) -> Made<T, E> {
        let unit = self.head.file_unit;
        let total = self.head.total;
        let mut paths = WrittenPaths::default();
        let mut places = range;
        // Each item is read the short way where it is written in the
        // plain shape (see `load::quick::lean_fields`; the read back then costs a
        // third of a full one), and as the first read read it otherwise.
        // Targets, caps and memo figures, few and never in the plain
        // shape's status, are read the full way.
        let mut read = |plain: bool| -> Result<Item, Failure<E>> {
            let index = places.next().ok_or(Failure::Read(ReadBackError::Lost))?;
            let lean = plain
                .then(|| gathered.lean_item(index, unit, self.averages, &mut paths))
                .flatten();
            match lean {
                Some(item) => Ok(item),
                None => gathered
                    .items(index..index.saturating_add(1), name, unit)
                    .map_err(Failure::Read)?
                    .pop()
                    .ok_or(Failure::Read(ReadBackError::Lost)),
            }
        };
        let mut rows = Vec::with_capacity(steps.len());
        let mut excluded = Vec::new();
        for step in steps {
            match *step {
                Step::Category(node) => {
                    rows.push(Row::Category(self.category_row(node as NodeId)));
                }
                Step::Item(_) => {
                    let item = read(true)?;
                    rows.push(Row::Item(self.item_row(item, Some(total))));
                }
                Step::Excluded(_) => {
                    let item = read(false)?;
                    excluded.push(self.item_row(item, None));
                }
            }
        }
        render(&rows, &excluded).map_err(Failure::Write)
    }

    /// An item's row, with its averages unless they are left out.
    fn item_row(&self, mut item: Item, total: Option<Amount>) -> ItemRow {
        if !self.averages {
            item.counts.clear();
        }
        item_row_taking(item, total)
    }

    /// A category's row, as [`super::SummaryBuilder::finish`] makes it
    /// without `--depth`.
    fn category_row(&self, node: NodeId) -> CategoryRow {
        let subtotal = self.subtotals.sum(node).unwrap_or(Amount::ZERO);
        let category = self
            .tree
            .path(node)
            .expect("only the root has no path")
            .clone();
        CategoryRow {
            depth: category.depth(),
            category,
            subtotal,
            share_pct: percent_of(subtotal.won(), self.head.total.won()),
            items: self.subtotals.items(node),
            hidden_items: 0,
        }
    }
}

/// Turns a stretch of rows and excluded rows into bytes.
pub type RenderStretch<'a, E> = MakeStretch<'a, Vec<u8>, E>;

/// Turns a stretch of rows and excluded rows into a `T`.
pub type MakeStretch<'a, T, E> = dyn Fn(&[Row], &[ItemRow]) -> Result<T, E> + Sync + 'a;

/// Which of the rows a pass goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Every row, then every excluded row.
    All,
    /// The categories and items in totals.
    Rows,
    /// The targets, caps and memo figures.
    Excluded,
}

/// A row of an item (in totals or not).
fn is_item(step: &Step) -> bool {
    !matches!(step, Step::Category(_))
}

/// Why a stretch could not be made or written.
enum Failure<E> {
    Read(ReadBackError),
    Write(E),
}

/// What was made of a stretch.
type Made<T, E> = Result<T, Failure<E>>;
