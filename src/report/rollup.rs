//! The roll-up of subtotals: an amount added at a category counts in that
//! category and in every category above it, up to the grand total, exactly.
#![warn(clippy::arithmetic_side_effects)]

use crate::amount::Amount;
use crate::error::{Figure, OverflowError};
use crate::exact::Inexact;
use crate::report::tree::{CategoryTree, NodeId};

/// Adds `amount` exactly to the sums of `node` and every ancestor up to
/// the root. `sums` is indexed by node and grows with the tree; `None`
/// means no item has been added there yet.
pub fn add_along_lineage(
    tree: &CategoryTree,
    sums: &mut Vec<Option<Amount>>,
    node: NodeId,
    amount: Amount,
    file: &str,
) -> Result<(), OverflowError> {
    sums.resize(tree.len(), None);
    for ancestor in tree.lineage(node) {
        let sum = sums[ancestor].unwrap_or(Amount::ZERO);
        sums[ancestor] = Some(
            sum.exact_add(amount)
                .map_err(|reason| overflow_at(tree, ancestor, file, reason))?,
        );
    }
    Ok(())
}

/// The sum at `node` of `tree` could not be held in `file`.
pub fn overflow_at(
    tree: &CategoryTree,
    node: NodeId,
    file: &str,
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
    }
}
