//! What the three tree reports (`summarize`, `diff`, `trend`) share: the
//! category tree they fill, the roll-up of its subtotals, the `--depth`
//! rule, the outline (`--depth`, `--top`, `--sort`), percentages and
//! averages. Each report keeps only what is its own: how items are paired
//! or folded, and the figures of a row.
//!
//! Nothing here imports a report, and no report imports another.
#![warn(clippy::arithmetic_side_effects)]

pub mod average;
pub mod outline;
pub mod percent;
pub mod rollup;
pub mod row;
pub mod top;
pub mod tree;

use crate::model::CategoryPath;

pub use row::{Report, Row, apply_outline};

/// The one depth rule: with `--depth D`, rows of levels 1 to D are shown,
/// a top-level category being level 1 and a row filed in a category one
/// level below it; `None` shows every level.
pub fn shows_level(depth: Option<usize>, level: usize) -> bool {
    depth.is_none_or(|d| level <= d)
}

/// Whether the rows filed in `category` (its items, targets and caps) are
/// shown at `depth`.
pub fn shows(depth: Option<usize>, category: &CategoryPath) -> bool {
    shows_level(depth, level_in(category))
}

/// The level of the rows filed in `category`: one below it.
pub fn level_in(category: &CategoryPath) -> usize {
    // Depths are a path's segments: far below usize::MAX.
    category.depth().saturating_add(1)
}
