//! Keeping large summaries readable: `--depth`, `--top` and `--sort` act
//! on the rows of `summarize`, `diff` and `trend` alike.
//!
//! Rows arrive depth first (a category, then what it holds). They are
//! sorted among their siblings, the items of each category past the N
//! largest are folded into one "... and K more" row that carries their exact
//! subtotal (so shown rows still add up to the category), and everything
//! deeper than `--depth` is dropped, each category saying how many items it
//! no longer shows.
#![warn(clippy::arithmetic_side_effects)]

use std::cmp::Ordering;

use clap::ValueEnum;
use rust_decimal::Decimal;

use crate::report::shows_level;

/// What the user asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutlineOptions {
    /// Category levels shown; items show only inside categories above it.
    /// `Some(0)` keeps nothing but the grand total.
    pub depth: Option<usize>,
    /// Items shown per category; the rest fold into one row.
    pub top: Option<usize>,
    /// Sibling order; `None` keeps each command's default.
    pub sort: Option<SortKey>,
}

/// Orders for siblings in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortKey {
    /// Largest amount first.
    Amount,
    /// Largest absolute change first.
    Change,
    /// Largest absolute percent change first.
    ChangePct,
    /// By name (categories by their last segment), A to Z.
    Name,
    /// By id (categories by path), A to Z.
    Id,
}

/// What a sort key reads from a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortValue {
    /// Sorted by absolute value, largest first.
    Magnitude(Decimal),
    /// Sorted A to Z.
    Text(String),
    /// Sorted last.
    Missing,
}

/// A row that the outline can sort, fold and cut.
pub trait OutlineRow: Sized {
    /// What folding needs to compute subtotals (totals, years ...).
    type Context;

    /// 1 for a top-level category; an item is one deeper than its category.
    fn level(&self) -> usize;
    fn is_item(&self) -> bool;
    /// Whether the row stands for items folded already (by `--top` while
    /// the file was read).
    fn is_folded(&self) -> bool {
        false
    }
    /// How many items the row stands for: 1 for an item, K for a folded
    /// row, 0 for a category.
    fn items_represented(&self) -> usize {
        usize::from(self.is_item())
    }
    fn sort_value(&self, key: SortKey) -> SortValue;
    /// The row that stands for `folded` items at `level`; `None` when
    /// their subtotal cannot be held exactly (they then stay unfolded).
    fn folded(folded: &[Self], level: usize, context: &Self::Context) -> Option<Self>;
    /// Notes on a category that `count` items below it are not shown.
    fn hide_items(&mut self, count: usize);
}

/// Applies the options to depth-first rows. `default_sort` is the command's
/// own order when `--sort` is not given; `top_key` ranks items for `--top`.
pub fn outline<R: OutlineRow>(
    rows: Vec<R>,
    options: &OutlineOptions,
    default_sort: Option<SortKey>,
    top_key: SortKey,
    context: &R::Context,
) -> Vec<R> {
    if options.top.is_none() && options.sort.or(default_sort).is_none() {
        return match options.depth {
            Some(depth) => cut_in_place(rows, depth),
            None => rows,
        };
    }
    // The tree is of the rows' places: sorting and folding move a place
    // (a few bytes) rather than a row (a `diff` row is a few hundred), and
    // each row is moved once, into the result.
    let mut forest = build_forest(&rows);
    let mut rows = Rows::of(rows);
    shape(
        &mut forest,
        &mut rows,
        options,
        options.sort.or(default_sort),
        top_key,
        context,
    );
    // Room for the rows that came in (rows folded by `--top` may grow it).
    let mut flat = Vec::with_capacity(rows.len());
    flatten(forest, &mut rows, options.depth, &mut flat);
    flat
}

/// `--depth` alone, without rebuilding the tree: the rows deeper than
/// `depth` are dropped where they are, each kept category told how many
/// items it no longer shows, as [`flatten`] does over the tree. A row's
/// parent is the nearest row before it of a lower level; a row shown has
/// every ancestor shown (levels only grow down the tree), so the rows
/// dropped below a kept category are counted by the nearest kept row open
/// above them.
fn cut_in_place<R: OutlineRow>(mut rows: Vec<R>, depth: usize) -> Vec<R> {
    // The kept rows still open: their level, their place among the kept
    // rows, and the items dropped below them.
    let mut open: Vec<(usize, usize, usize)> = Vec::new();
    let mut kept = 0;
    for at in 0..rows.len() {
        let level = rows[at].level();
        while open
            .last()
            .is_some_and(|&(open_level, _, _)| open_level >= level)
        {
            close_kept(&mut open, &mut rows);
        }
        if shows_level(Some(depth), level) {
            rows.swap(kept, at);
            open.push((level, kept, 0));
            kept = kept.saturating_add(1);
        } else if let Some((_, _, hidden)) = open.last_mut() {
            // Item counts stay below the number of items in memory.
            *hidden = hidden.saturating_add(rows[at].items_represented());
        }
    }
    while !open.is_empty() {
        close_kept(&mut open, &mut rows);
    }
    rows.truncate(kept);
    rows
}

/// Closes the last open kept row, telling it the items dropped below it.
fn close_kept<R: OutlineRow>(open: &mut Vec<(usize, usize, usize)>, rows: &mut [R]) {
    let (_, place, hidden) = open.pop().expect("called with an open row");
    if hidden > 0 {
        rows[place].hide_items(hidden);
    }
}

/// The rows the tree's nodes stand for, by place; a row is taken out
/// once, when it is flattened (or folded).
struct Rows<R>(Vec<Option<R>>);

impl<R> Rows<R> {
    fn of(rows: Vec<R>) -> Rows<R> {
        Rows(rows.into_iter().map(Some).collect())
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn get(&self, place: usize) -> &R {
        self.0[place]
            .as_ref()
            .expect("a row is read before it is taken")
    }

    fn get_mut(&mut self, place: usize) -> &mut R {
        self.0[place]
            .as_mut()
            .expect("a row is read before it is taken")
    }

    fn take(&mut self, place: usize) -> R {
        self.0[place].take().expect("a row is taken once")
    }

    /// Puts `row` at a place of its own, and gives the place.
    fn add(&mut self, row: R) -> usize {
        self.0.push(Some(row));
        self.0.len().saturating_sub(1)
    }
}

/// A row's place, and the nodes below it.
struct Node {
    row: usize,
    children: Vec<Node>,
}

/// Rebuilds the tree from depth-first rows by their levels.
fn build_forest<R: OutlineRow>(rows: &[R]) -> Vec<Node> {
    let mut roots: Vec<Node> = Vec::new();
    // The open nodes, each with its row's level.
    let mut open: Vec<(Node, usize)> = Vec::new();
    for (place, row) in rows.iter().enumerate() {
        let level = row.level();
        while open
            .last()
            .is_some_and(|(_, open_level)| *open_level >= level)
        {
            close(&mut open, &mut roots);
        }
        let node = Node {
            row: place,
            children: Vec::new(),
        };
        open.push((node, level));
    }
    while !open.is_empty() {
        close(&mut open, &mut roots);
    }
    roots
}

fn close(open: &mut Vec<(Node, usize)>, roots: &mut Vec<Node>) {
    let (node, _) = open.pop().expect("called with an open node");
    match open.last_mut() {
        Some((parent, _)) => parent.children.push(node),
        None => roots.push(node),
    }
}

fn shape<R: OutlineRow>(
    siblings: &mut Vec<Node>,
    rows: &mut Rows<R>,
    options: &OutlineOptions,
    sort: Option<SortKey>,
    top_key: SortKey,
    context: &R::Context,
) {
    if let Some(key) = sort {
        sort_by_value(siblings, rows, key);
    }
    if let Some(top) = options.top {
        fold_beyond_top(siblings, rows, top, top_key, context);
    }
    for node in siblings.iter_mut() {
        shape(&mut node.children, rows, options, sort, top_key, context);
    }
}

/// Sorts `siblings` stably by their rows' `key`, each row's value read
/// once (a change is a subtraction, a name a copy) instead of at every
/// comparison.
fn sort_by_value<R: OutlineRow>(siblings: &mut Vec<Node>, rows: &Rows<R>, key: SortKey) {
    if siblings.len() < 2 {
        return;
    }
    let mut order: Vec<(SortValue, usize)> = siblings
        .iter()
        .map(|node| rows.get(node.row).sort_value(key))
        .zip(0..)
        .collect();
    // Ties in their first order, as a stable sort leaves them.
    order.sort_unstable_by(|a, b| compare(&a.0, &b.0).then(a.1.cmp(&b.1)));
    let mut nodes: Vec<Option<Node>> = std::mem::take(siblings).into_iter().map(Some).collect();
    let mut sorted = Vec::with_capacity(order.len());
    sorted.extend(
        order
            .into_iter()
            .filter_map(|(_, index)| nodes[index].take()),
    );
    *siblings = sorted;
}

/// Keeps the `top` largest items in place and folds the rest into one row
/// after the last item kept.
fn fold_beyond_top<R: OutlineRow>(
    siblings: &mut Vec<Node>,
    rows: &mut Rows<R>,
    top: usize,
    top_key: SortKey,
    context: &R::Context,
) {
    // A row folded while reading kept only the `top` best items beside it:
    // it goes where a fold here would put it, after the last item kept.
    if let Some(at) = siblings
        .iter()
        .position(|node| rows.get(node.row).is_folded())
    {
        let folded = siblings.remove(at);
        let position = siblings
            .iter()
            .rposition(|node| rows.get(node.row).is_item())
            .map_or(0, |last| last.saturating_add(1));
        siblings.insert(position, folded);
    }
    let mut item_ranks: Vec<(usize, SortValue)> = siblings
        .iter()
        .enumerate()
        .filter(|(_, node)| rows.get(node.row).is_item())
        .map(|(index, node)| (index, rows.get(node.row).sort_value(top_key)))
        .collect();
    if item_ranks.len() <= top {
        return;
    }
    item_ranks.sort_by(|a, b| compare(&a.1, &b.1).then(a.0.cmp(&b.0)));
    let mut folded_indexes: Vec<usize> = item_ranks[top..].iter().map(|(i, _)| *i).collect();
    folded_indexes.sort_unstable();
    let level = rows.get(siblings[folded_indexes[0]].row).level();
    // Items have no rows below them: folding one drops its node whole.
    let folded_places: Vec<usize> = folded_indexes
        .iter()
        .map(|&index| siblings[index].row)
        .collect();
    let folded: Vec<R> = folded_places
        .iter()
        .map(|&place| rows.take(place))
        .collect();
    let Some(folded_row) = R::folded(&folded, level, context) else {
        // Too large to sum exactly: show every item rather than a wrong row
        // (each on its own, as a fold would have left it).
        for (place, row) in folded_places.into_iter().zip(folded) {
            rows.0[place] = Some(row);
        }
        for &index in &folded_indexes {
            siblings[index].children.clear();
        }
        return;
    };
    let mut kept = Vec::with_capacity(siblings.len().saturating_sub(folded_indexes.len()));
    let mut last_kept_item = None;
    for (index, node) in std::mem::take(siblings).into_iter().enumerate() {
        if folded_indexes.binary_search(&index).is_err() {
            if rows.get(node.row).is_item() {
                last_kept_item = Some(kept.len());
            }
            kept.push(node);
        }
    }
    let position = last_kept_item.map_or(0, |i| i.saturating_add(1));
    kept.insert(
        position,
        Node {
            row: rows.add(folded_row),
            children: Vec::new(),
        },
    );
    *siblings = kept;
}

fn flatten<R: OutlineRow>(
    forest: Vec<Node>,
    rows: &mut Rows<R>,
    depth: Option<usize>,
    flat: &mut Vec<R>,
) {
    for node in forest {
        if !shows_level(depth, rows.get(node.row).level()) {
            continue;
        }
        let hidden = depth.map_or(0, |d| hidden_items(&node.children, rows, d));
        if hidden > 0 {
            rows.get_mut(node.row).hide_items(hidden);
        }
        flat.push(rows.take(node.row));
        flatten(node.children, rows, depth, flat);
    }
}

/// Items at or below these nodes that `depth` cuts away, counting only the
/// items directly under kept categories (deeper ones are counted by the
/// category that is cut).
fn hidden_items<R: OutlineRow>(children: &[Node], rows: &Rows<R>, depth: usize) -> usize {
    children
        .iter()
        .filter(|child| !shows_level(Some(depth), rows.get(child.row).level()))
        // Item counts stay below the number of items in memory.
        .map(|child| {
            rows.get(child.row)
                .items_represented()
                .saturating_add(count_items(&child.children, rows))
        })
        .sum()
}

fn count_items<R: OutlineRow>(nodes: &[Node], rows: &Rows<R>) -> usize {
    nodes
        .iter()
        .map(|n| {
            rows.get(n.row)
                .items_represented()
                .saturating_add(count_items(&n.children, rows))
        })
        .sum()
}

/// Largest magnitude first, then A to Z, missing values last.
pub(crate) fn compare(a: &SortValue, b: &SortValue) -> Ordering {
    match (a, b) {
        (SortValue::Magnitude(x), SortValue::Magnitude(y)) => y.abs().cmp(&x.abs()),
        (SortValue::Text(x), SortValue::Text(y)) => x.cmp(y),
        (SortValue::Missing, SortValue::Missing) => Ordering::Equal,
        (SortValue::Missing, _) => Ordering::Greater,
        (_, SortValue::Missing) => Ordering::Less,
        (SortValue::Magnitude(_), SortValue::Text(_)) => Ordering::Less,
        (SortValue::Text(_), SortValue::Magnitude(_)) => Ordering::Greater,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test row: a category (`c`) or item (`i`) with a value.
    #[derive(Debug, Clone, PartialEq, Eq)]
    struct TestRow {
        label: String,
        level: usize,
        item: bool,
        value: i64,
        hidden: usize,
    }

    impl OutlineRow for TestRow {
        type Context = ();

        fn level(&self) -> usize {
            self.level
        }
        fn is_item(&self) -> bool {
            self.item
        }
        fn sort_value(&self, key: SortKey) -> SortValue {
            match key {
                SortKey::Name | SortKey::Id => SortValue::Text(self.label.clone()),
                _ => SortValue::Magnitude(Decimal::from(self.value)),
            }
        }
        fn folded(folded: &[Self], level: usize, _: &()) -> Option<Self> {
            let value = folded
                .iter()
                .try_fold(0i64, |sum, r| sum.checked_add(r.value))?;
            Some(TestRow {
                label: format!("+{}", folded.len()),
                level,
                item: false,
                value,
                hidden: 0,
            })
        }
        fn hide_items(&mut self, count: usize) {
            self.hidden = count;
        }
    }

    fn row(label: &str, level: usize, item: bool, value: i64) -> TestRow {
        TestRow {
            label: label.into(),
            level,
            item,
            value,
            hidden: 0,
        }
    }

    /// a (30) { x 10, y 15, z 5 }, b (7) { c (7) { w 7 } }
    fn rows() -> Vec<TestRow> {
        vec![
            row("a", 1, false, 30),
            row("x", 2, true, 10),
            row("y", 2, true, 15),
            row("z", 2, true, 5),
            row("b", 1, false, 7),
            row("c", 2, false, 7),
            row("w", 3, true, 7),
        ]
    }

    fn labels(rows: &[TestRow]) -> Vec<String> {
        rows.iter()
            .map(|r| match r.hidden {
                0 => r.label.clone(),
                n => format!("{}({n} hidden)", r.label),
            })
            .collect()
    }

    fn apply(options: OutlineOptions) -> Vec<TestRow> {
        outline(rows(), &options, None, SortKey::Amount, &())
    }

    #[test]
    fn nothing_asked_changes_nothing() {
        assert_eq!(apply(OutlineOptions::default()), rows());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// `--depth` alone, cut in place, keeps and counts what the tree
        /// rebuilt and flattened does, for any levels (jumps too) and rows
        /// that already say they hide items.
        #[test]
        fn cutting_in_place_is_flattening_the_tree(
            shapes in proptest::collection::vec((1usize..6, proptest::bool::ANY, 0usize..3), 0..40),
            depth in 0usize..6,
        ) {
            let rows: Vec<TestRow> = shapes
                .iter()
                .enumerate()
                .map(|(at, &(level, item, hidden))| TestRow {
                    hidden,
                    ..row(&at.to_string(), level, item, 1)
                })
                .collect();
            let mut flat = Vec::new();
            let forest = build_forest(&rows);
            flatten(forest, &mut Rows::of(rows.clone()), Some(depth), &mut flat);
            proptest::prop_assert_eq!(cut_in_place(rows, depth), flat);
        }

        /// Sorting by values read once is the stable sort comparing the
        /// values read at each step, ties (many here) in their first order.
        #[test]
        fn sorting_by_values_read_once_is_the_stable_sort(
            values in proptest::collection::vec((-3i64..4, "[ab]{0,2}"), 0..40),
            by_name in proptest::bool::ANY,
        ) {
            let key = if by_name { SortKey::Name } else { SortKey::Amount };
            let rows: Vec<TestRow> = values
                .iter()
                .enumerate()
                .map(|(at, (value, name))| TestRow { hidden: at, ..row(name, 2, true, *value) })
                .collect();
            let mut sorted: Vec<Node> = (0..rows.len())
                .map(|row| Node { row, children: Vec::new() })
                .collect();
            let places = Rows::of(rows.clone());
            sort_by_value(&mut sorted, &places, key);
            let mut expected = rows;
            expected.sort_by(|a, b| compare(&a.sort_value(key), &b.sort_value(key)));
            let sorted: Vec<TestRow> = sorted.iter().map(|node| places.get(node.row).clone()).collect();
            proptest::prop_assert_eq!(sorted, expected);
        }
    }

    #[test]
    fn depth_cuts_levels_and_counts_what_it_hid() {
        let depth = |d| {
            labels(&apply(OutlineOptions {
                depth: Some(d),
                ..OutlineOptions::default()
            }))
        };
        assert!(depth(0).is_empty());
        assert_eq!(depth(1), ["a(3 hidden)", "b(1 hidden)"]);
        assert_eq!(depth(2), ["a", "x", "y", "z", "b", "c(1 hidden)"]);
        assert_eq!(depth(3), labels(&rows()));
    }

    #[test]
    fn top_folds_the_rest_into_one_row_that_adds_up() {
        let shown = apply(OutlineOptions {
            top: Some(1),
            ..OutlineOptions::default()
        });
        // y (15) is the largest of a's items; x and z (10 + 5) fold.
        assert_eq!(labels(&shown), ["a", "y", "+2", "b", "c", "w"]);
        assert_eq!(shown[2].value, 15);
        assert_eq!(shown[1].value + shown[2].value, 30);
    }

    #[test]
    fn items_whose_sum_overflows_stay_unfolded() {
        let rows = vec![
            row("a", 1, false, 0),
            row("x", 2, true, i64::MAX),
            row("y", 2, true, i64::MAX),
            row("z", 2, true, i64::MIN),
        ];
        let options = OutlineOptions {
            top: Some(1),
            ..OutlineOptions::default()
        };
        let shown = outline(rows.clone(), &options, None, SortKey::Amount, &());
        assert_eq!(labels(&shown), labels(&rows));
    }

    #[test]
    fn sorting_orders_siblings_at_every_level() {
        let by = |key| {
            labels(&apply(OutlineOptions {
                sort: Some(key),
                ..OutlineOptions::default()
            }))
        };
        assert_eq!(by(SortKey::Amount), ["a", "y", "x", "z", "b", "c", "w"]);
        assert_eq!(by(SortKey::Name), ["a", "x", "y", "z", "b", "c", "w"]);
    }
}
