//! The one roll-up of subtotals: an amount added at a category counts in
//! that category and in every category above it, up to the grand total,
//! exactly; so does an item count. Sums are kept rolled up as amounts
//! arrive, so a file can be summed while it is read and an overflow is
//! met at the item that causes it.
#![warn(clippy::arithmetic_side_effects)]

use crate::amount::{Amount, Currency};
use crate::error::{Figure, OverflowError};
use crate::exact::Inexact;
use crate::report::tree::{CategoryTree, NodeId, ROOT};

/// Per-node subtotals and item counts of one file over a [`CategoryTree`],
/// each including everything below the node.
#[derive(Debug, Default, Clone)]
pub struct Subtotals {
    /// `None` where no amount has been added yet (a blank, not a zero).
    sums: Vec<Option<Amount>>,
    items: Vec<usize>,
}

impl Subtotals {
    /// Adds `amount` exactly at `node` and every ancestor; `file` names
    /// the file in the error when a sum cannot be held exactly.
    pub fn add(
        &mut self,
        tree: &CategoryTree,
        node: NodeId,
        amount: Amount,
        file: &str,
        currency: Currency,
    ) -> Result<(), OverflowError> {
        self.sums.resize(tree.len(), None);
        for ancestor in tree.lineage(node) {
            let sum = self.sums[ancestor].unwrap_or(Amount::ZERO);
            self.sums[ancestor] = Some(
                sum.exact_add(amount)
                    .map_err(|reason| overflow_at(tree, ancestor, file, currency, reason))?,
            );
        }
        Ok(())
    }

    /// The subtotals of amounts added each at its own node only: `own`
    /// holds each node's own sum (`None` for none), rolled up here into
    /// every ancestor. `None` when a sum cannot be held exactly; the
    /// caller adds up in order then, as [`Subtotals::add`] meets the error
    /// at the amount that causes it. The same as adding each amount with
    /// [`Subtotals::add`] only where the order of the additions cannot
    /// matter (see [`crate::report::top::OrderFree`]).
    pub fn rolled_up(tree: &CategoryTree, mut own: Vec<Option<Amount>>) -> Option<Subtotals> {
        own.resize(tree.len(), None);
        // A node's parent comes before it.
        for node in (1..own.len()).rev() {
            let (Some(parent), Some(sum)) = (tree.parent(node), own[node]) else {
                continue;
            };
            let above = own[parent].unwrap_or(Amount::ZERO);
            own[parent] = Some(above.exact_add(sum).ok()?);
        }
        Some(Subtotals {
            sums: own,
            items: Vec::new(),
        })
    }

    /// Counts `items` more items at `node` and every ancestor.
    pub fn count(&mut self, tree: &CategoryTree, node: NodeId, items: usize) {
        self.items.resize(tree.len(), 0);
        for ancestor in tree.lineage(node) {
            // Item counts stay below the number of items in memory.
            self.items[ancestor] = self.items[ancestor].saturating_add(items);
        }
    }

    /// The subtotal at `node`; `None` when nothing was added at or below it.
    pub fn sum(&self, node: NodeId) -> Option<Amount> {
        self.sums.get(node).copied().flatten()
    }

    /// The items counted at or below `node`.
    pub fn items(&self, node: NodeId) -> usize {
        self.items.get(node).copied().unwrap_or(0)
    }

    /// The grand total: zero when nothing was added.
    pub fn total(&self) -> Amount {
        self.sum(ROOT).unwrap_or(Amount::ZERO)
    }
}

/// The sum at `node` of `tree` could not be held in `file`.
pub fn overflow_at(
    tree: &CategoryTree,
    node: NodeId,
    file: &str,
    currency: Currency,
    reason: Inexact,
) -> OverflowError {
    OverflowError {
        file: file.to_owned(),
        scope: tree.path(node).map_or_else(
            || "the file".to_owned(),
            |path| format!("category `{path}`"),
        ),
        figure: Figure::Sum,
        reason,
        currency,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CategoryPath;
    use rust_decimal::Decimal;

    fn path(text: &str) -> CategoryPath {
        CategoryPath::parse(text).unwrap()
    }

    #[test]
    fn amounts_and_counts_roll_up_to_the_root() {
        let mut tree = CategoryTree::new();
        let deep = tree.node(&path("a/b"));
        let other = tree.node(&path("c"));
        let a = tree.node(&path("a"));
        let mut subtotals = Subtotals::default();
        let won = |n: i64| Amount::new(Decimal::from(n), 0);
        subtotals
            .add(&tree, deep, won(5), "f", Currency::Krw)
            .unwrap();
        subtotals.add(&tree, a, won(2), "f", Currency::Krw).unwrap();
        subtotals.count(&tree, deep, 1);
        subtotals.count(&tree, a, 1);
        let sum = |node| subtotals.sum(node).map(Amount::won);
        // a holds its own 2 and a/b's 5: 7; the root adds nothing at c.
        assert_eq!(sum(a), Some(Decimal::from(7)));
        assert_eq!(sum(deep), Some(Decimal::from(5)));
        assert_eq!(sum(other), None);
        assert_eq!(subtotals.total().won(), Decimal::from(7));
        assert_eq!((subtotals.items(a), subtotals.items(deep)), (2, 1));
        assert_eq!(subtotals.items(other), 0);
    }
}
