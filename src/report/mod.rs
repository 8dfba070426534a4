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

/// Figures not in totals (targets, caps, memo figures) that `--depth`
/// leaves out, so that a table can say they exist: a reader of a shallow
/// table must not take its total for everything the file holds. JSON
/// writes the count as `hidden_excluded`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HiddenExcluded {
    /// How many figures are left out.
    pub figures: usize,
    /// Whether memo figures are among them.
    pub memo: bool,
    /// The `--depth` that left them out.
    pub depth: usize,
    /// The `--depth` that shows them all.
    pub shown_at: usize,
}

impl HiddenExcluded {
    /// Notes one figure filed in `category`, left out at `depth`.
    pub fn note(&mut self, depth: usize, category: &CategoryPath, memo: bool) {
        self.figures = self.figures.saturating_add(1);
        self.memo |= memo;
        self.depth = depth;
        self.shown_at = self.shown_at.max(level_in(category));
    }

    pub fn is_empty(&self) -> bool {
        self.figures == 0
    }
}

impl serde::Serialize for HiddenExcluded {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.figures as u64)
    }
}

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

/// Whether `depth` cuts the tree right below `category`: the category is
/// shown, the rows filed in it are not (so it says how many items it
/// hides).
pub fn cuts_below(depth: Option<usize>, category: &CategoryPath) -> bool {
    shows_level(depth, category.depth()) && !shows(depth, category)
}

/// The level of the rows filed in `category`: one below it.
pub fn level_in(category: &CategoryPath) -> usize {
    // Depths are a path's segments: far below usize::MAX.
    category.depth().saturating_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> CategoryPath {
        CategoryPath::parse(text).unwrap()
    }

    #[test]
    fn depth_shows_levels_up_to_it_and_cuts_below_the_last() {
        let (a, ab, abc) = (path("a"), path("a/b"), path("a/b/c"));
        // --depth 2: a (level 1) and a/b (level 2) are shown; a's items
        // sit at level 2 (shown), a/b's at level 3 (not): a/b is the cut.
        assert!(shows(Some(2), &a));
        assert!(!shows(Some(2), &ab));
        assert_eq!(
            [&a, &ab, &abc].map(|c| cuts_below(Some(2), c)),
            [false, true, false]
        );
        // --depth 0 keeps nothing but the grand total, even top-level items.
        assert!(!shows(Some(0), &CategoryPath::top_level()));
        assert!(!shows_level(Some(0), 1));
        // No --depth: everything shows and nothing is cut.
        assert!(shows(None, &abc));
        assert!(!cuts_below(None, &abc));
    }
}
