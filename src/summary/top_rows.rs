//! `summarize --top` of a large file as JSON Lines or CSV, written as it
//! is made rather than held.
//!
//! The read ([`super::SummaryBuilder`] made with
//! [`super::SummaryOptions::placing`]) keeps of each category's best items
//! only their amounts and places in the file (see
//! [`crate::load::places`]), not whole rows. [`TopRows::write`] then walks
//! the category tree in the outline's order (what [`super::apply_outline`]
//! makes of [`super::SummaryBuilder::finish`]'s rows: siblings in
//! `--sort` order, each "… and K more" row after its category's last item
//! kept), reads the kept items back a stretch at a time, and has each
//! stretch's rows rendered on worker threads, written in order. The rows
//! are the very rows of the plain path, so the output is byte for byte the
//! same.
//!
//! Only a read that keeps the outline's rows exactly is written this way:
//! `--depth 0` (no rows), a read whose sums could depend on their order,
//! or one where some item's place is not known has no [`TopRows`], and the
//! caller takes the plain path.
#![warn(clippy::arithmetic_side_effects)]

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use super::every_row::{RenderStretch, WriteError, open_again, read_back_workers, unreadable};
use super::{CategoryRow, OthersRow, Row, Summary, item_row_taking};
use crate::amount::Amount;
use crate::load::display_name;
use crate::load::places::{ItemPlace, ReadBackError, read_items};
use crate::ordered::InOrder;
use crate::report::cuts_below;
use crate::report::outline::{SortKey, SortValue, compare};
use crate::report::percent::percent_of;
use crate::report::rollup::Subtotals;
use crate::report::top::TopItems;
use crate::report::tree::{CategoryTree, NodeId, ROOT, Visit};

/// Items read back and rendered together (each is read alone: the items
/// kept lie apart in the file).
const STRETCH_ITEMS: usize = 512;

/// Rows in a stretch at most, so that a stretch of categories without
/// items stays small too.
const STRETCH_ROWS: usize = 4096;

/// What a `--top` read kept: everything but the items, which are read
/// back when their rows are written.
pub struct TopRows {
    head: Summary,
    depth: Option<usize>,
    sort: Option<SortKey>,
    tree: CategoryTree,
    subtotals: Subtotals,
    top: TopItems,
    /// Where the items kept are written, by leaf slot (their amounts are
    /// in `top`).
    placed: Vec<ItemPlace>,
    /// With `--sort name` or `id`: each kept item's name or id, by slot.
    texts: Vec<Option<String>>,
}

/// One row, in the outline's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Category(NodeId),
    /// The "… and K more" row of a category.
    Others(NodeId),
    /// An item kept, by its leaf slot.
    Item(usize),
}

/// Work for a worker thread: a stretch of rows, or (last) the targets,
/// caps and memo figures.
enum Job {
    Rows(Vec<Step>),
    Excluded,
}

impl TopRows {
    /// `head` carries the grand total and the excluded rows.
    pub(super) fn new(
        head: Summary,
        depth: Option<usize>,
        mut top: TopItems,
        tree: CategoryTree,
        subtotals: Subtotals,
        placed: Vec<ItemPlace>,
    ) -> TopRows {
        let sort = top.selection.sort;
        let texts = match sort {
            Some(SortKey::Name | SortKey::Id) => top.take_kept_texts(placed.len()),
            _ => {
                top.done_offering();
                Vec::new()
            }
        };
        TopRows {
            head,
            depth,
            sort,
            tree,
            subtotals,
            top,
            placed,
            texts,
        }
    }

    /// The summary's heading, grand total and excluded rows, without rows.
    pub fn head(&self) -> &Summary {
        &self.head
    }

    /// What `node` holds, in the outline's order: siblings sorted by
    /// `--sort` (stably, from the order of first appearance), and the
    /// folded row moved after the last item kept.
    fn children(&self, node: NodeId) -> Vec<Step> {
        let mut children = Vec::new();
        // The builder's rows put it first among the category's rows.
        if node != ROOT && self.top.folded(node).is_some() {
            children.push(Step::Others(node));
        }
        children.extend(self.tree.children(node).map(|visit| match visit {
            Visit::Category(child) => Step::Category(child),
            Visit::Leaf(slot) => Step::Item(slot),
        }));
        if let Some(key) = self.sort {
            let mut keyed: Vec<(SortValue, Step)> = children
                .into_iter()
                .map(|step| (self.sort_value(step, key), step))
                .collect();
            keyed.sort_by(|a, b| compare(&a.0, &b.0));
            children = keyed.into_iter().map(|(_, step)| step).collect();
        }
        if let Some(at) = children
            .iter()
            .position(|step| matches!(step, Step::Others(_)))
        {
            let others = children.remove(at);
            let position = children
                .iter()
                .rposition(|step| matches!(step, Step::Item(_)))
                .map_or(0, |last| last.saturating_add(1));
            children.insert(position, others);
        }
        children
    }

    /// What `--sort` reads from a row, as the outline reads it from the
    /// plain path's rows.
    fn sort_value(&self, step: Step, key: SortKey) -> SortValue {
        match (key, step) {
            (_, Step::Others(_)) => SortValue::Missing,
            (SortKey::Name, Step::Category(node)) => {
                SortValue::Text(self.path(node).last().to_owned())
            }
            (SortKey::Id, Step::Category(node)) => SortValue::Text(self.path(node).to_string()),
            (_, Step::Category(node)) => SortValue::Magnitude(self.subtotal(node).won()),
            (SortKey::Name | SortKey::Id, Step::Item(slot)) => {
                SortValue::Text(self.texts.get(slot).cloned().flatten().unwrap_or_default())
            }
            (_, Step::Item(slot)) => SortValue::Magnitude(self.top.amount(slot).won()),
        }
    }

    fn path(&self, node: NodeId) -> &crate::model::CategoryPath {
        self.tree.path(node).expect("only the root has no path")
    }

    fn subtotal(&self, node: NodeId) -> Amount {
        self.subtotals.sum(node).unwrap_or(Amount::ZERO)
    }

    /// Every row in the outline's order, depth first; stops when `each`
    /// says so.
    fn walk(&self, mut each: impl FnMut(Step) -> bool) {
        let mut open = vec![self.children(ROOT).into_iter()];
        while let Some(siblings) = open.last_mut() {
            let Some(step) = siblings.next() else {
                open.pop();
                continue;
            };
            if !each(step) {
                return;
            }
            if let Step::Category(node) = step {
                open.push(self.children(node).into_iter());
            }
        }
    }

    /// Writes every row, then the excluded rows, as the plain path's
    /// summary holds them: `render` turns a stretch of rows into bytes (on
    /// worker threads), `write` takes them in order. `path` is the file
    /// read; if its items are no longer where they were, this fails (after
    /// writing the rows before).
    pub fn write<E: Send>(
        &self,
        path: &Path,
        render: &RenderStretch<'_, E>,
        write: &mut dyn FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), WriteError<E>> {
        let name = display_name(path);
        let unreadable = |reason: String| unreadable(path, reason);
        let file = open_again(path)?;
        let stop = AtomicBool::new(false);
        let workers = read_back_workers();
        let (job_sender, job_receiver) = mpsc::sync_channel::<Job>(workers);
        std::thread::scope(|scope| {
            let stop = &stop;
            scope.spawn(move || self.send_stretches(&job_sender, stop));
            let make =
                |buffer: &mut Vec<u8>, job: Job| self.make(&job, &file, &name, render, buffer);
            let written = InOrder::on(workers).run_with(job_receiver, Vec::new, make, |made| {
                write(&made?).map_err(Failure::Write)
            });
            // The run has closed the stretches' channel; this stops the
            // walk before its next stretch.
            stop.store(true, Ordering::Relaxed);
            written
        })
        .map_err(|error| match error {
            Failure::Read(error) => unreadable(error.to_string()),
            Failure::Write(error) => WriteError::Write(error),
        })
    }

    /// The walking thread: cuts the rows into stretches, then the excluded
    /// rows, and hands them to the workers in order.
    fn send_stretches(&self, jobs: &mpsc::SyncSender<Job>, stop: &AtomicBool) {
        let send = |job: Job| !stop.load(Ordering::Relaxed) && jobs.send(job).is_ok();
        let mut stretch = Vec::new();
        let mut items = 0usize;
        let mut going = true;
        self.walk(|step| {
            if matches!(step, Step::Item(_)) {
                items = items.saturating_add(1);
            }
            stretch.push(step);
            if items >= STRETCH_ITEMS || stretch.len() >= STRETCH_ROWS {
                items = 0;
                going = send(Job::Rows(std::mem::take(&mut stretch)));
            }
            going
        });
        if going && !stretch.is_empty() {
            going = send(Job::Rows(stretch));
        }
        if going && !self.head.excluded.is_empty() {
            send(Job::Excluded);
        }
    }

    /// A stretch's rows, rendered.
    fn make<E>(
        &self,
        job: &Job,
        file: &File,
        name: &str,
        render: &RenderStretch<'_, E>,
        buffer: &mut Vec<u8>,
    ) -> Made<E> {
        let steps = match job {
            Job::Rows(steps) => steps,
            Job::Excluded => return render(&[], &self.head.excluded).map_err(Failure::Write),
        };
        let places: Vec<_> = steps
            .iter()
            .filter_map(|step| match *step {
                Step::Item(slot) => Some(self.placed[slot]),
                Step::Category(_) | Step::Others(_) => None,
            })
            .collect();
        let mut items = read_items(file, &places, name, self.head.file_unit, buffer)
            .map_err(Failure::Read)?
            .into_iter();
        let total = self.head.total;
        let mut rows = Vec::with_capacity(steps.len());
        for step in steps {
            rows.push(match *step {
                Step::Category(node) => Row::Category(self.category_row(node)),
                Step::Others(node) => Row::Others(self.others_row(node)),
                Step::Item(_) => {
                    let item = items.next().ok_or(Failure::Read(ReadBackError::Lost))?;
                    Row::Item(item_row_taking(item, Some(total)))
                }
            });
        }
        render(&rows, &[]).map_err(Failure::Write)
    }

    /// A category's row, as [`super::SummaryBuilder::finish`] makes it.
    fn category_row(&self, node: NodeId) -> CategoryRow {
        let subtotal = self.subtotal(node);
        let category = self.path(node).clone();
        let items = self.subtotals.items(node);
        CategoryRow {
            depth: category.depth(),
            subtotal,
            share_pct: percent_of(subtotal.won(), self.head.total.won()),
            items,
            hidden_items: if cuts_below(self.depth, &category) {
                items
            } else {
                0
            },
            category,
        }
    }

    /// A category's folded row, as [`super::SummaryBuilder::finish`]
    /// makes it.
    fn others_row(&self, node: NodeId) -> OthersRow {
        let folded = self
            .top
            .folded(node)
            .expect("a folded row is walked where items folded");
        OthersRow {
            category: self.path(node).clone(),
            items: folded.items,
            subtotal: folded.subtotal,
            share_pct: percent_of(folded.subtotal.won(), self.head.total.won()),
        }
    }
}

/// Why a stretch could not be made or written.
enum Failure<E> {
    Read(ReadBackError),
    Write(E),
}

/// A stretch's bytes.
type Made<E> = Result<Vec<u8>, Failure<E>>;
