//! What `diff` computes: the comparison of two files, row by row, as
//! plain data for the renderers (amounts in won).

#[allow(clippy::wildcard_imports)]
use super::*;

/// What `diff` computes. Amounts are in won.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub old: Side,
    pub new: Side,
    pub total: Change,
    /// The grand totals the files print (`[[total]]` without a category),
    /// beside `total`, the sum of the items; a side that prints none has
    /// no figure. `None` (left out of JSON) when neither file prints one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed_total: Option<Change>,
    /// The category tree with item rows: the new file's order, then what
    /// only the old file has (`apply_outline` then sorts by change).
    pub rows: Vec<DiffRow>,
    /// Targets, caps and memo figures on both sides: compared, never
    /// added up.
    pub excluded: Vec<ItemChange>,
    /// Those `--depth` leaves out (JSON: their count, when there are any).
    #[serde(skip_serializing_if = "HiddenExcluded::is_empty")]
    pub hidden_excluded: HiddenExcluded,
    /// How many of them are unchanged and so not listed without `--all`
    /// (JSON: when there are any), so that none goes without a word.
    #[serde(skip_serializing_if = "is_zero")]
    pub unchanged_excluded: usize,
    /// Odd pairings that are still compared (different regions, OLD later
    /// than NEW); JSON has them worded (`render::pairing`).
    pub warnings: Vec<PairingWarning>,
}

/// One of the two files compared.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub file: String,
    pub year: i64,
    pub region: String,
    pub phase: Option<String>,
    pub file_unit: Unit,
    /// Labels the file gives its count keys, for display only.
    #[serde(skip)]
    pub count_labels: CountLabels,
}

/// How a figure moved from OLD to NEW.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `change_status` in every output format: an item's own `status`
    /// (actual, planned ...) is `old_status` and `new_status`.
    #[serde(rename = "change_status")]
    pub status: ChangeStatus,
    pub old: Option<Amount>,
    pub new: Option<Amount>,
    /// `new - old`, exact, a missing side counting as zero (a new item
    /// changes by its amount, a removed one by minus its amount); `None`
    /// only when neither side has the figure or the difference overflows.
    pub change: Option<Amount>,
    /// `(new - old) / |old| × 100`; `None` for new, removed, or from zero.
    pub change_pct: Option<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeStatus {
    Changed,
    Unchanged,
    New,
    Removed,
    /// Printed totals only: one file prints no figure, so how it moved is
    /// not known (no change, no percent).
    Unknown,
}

/// A row of the compared tree: a category, an item, the items `--top`
/// folds, or the unchanged rows left out without `--all`.
pub type DiffRow = crate::report::Row<CategoryChange, ItemChange, OthersChange>;

/// Items of one category folded into one row, compared as one.
#[derive(Debug, Clone, Serialize)]
pub struct OthersChange {
    pub category: CategoryPath,
    pub items: usize,
    #[serde(flatten)]
    pub change: Change,
    #[serde(flatten)]
    pub share: ShareChange,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryChange {
    pub category: CategoryPath,
    pub depth: usize,
    #[serde(flatten)]
    pub change: Change,
    #[serde(flatten)]
    pub share: ShareChange,
    /// Items below this category that `--depth` does not show.
    pub hidden_items: usize,
    /// The totals the files print for this category (`[[total]]` with
    /// its `category`), beside `change`, the sum of its items; `None`
    /// (left out of JSON) when neither file prints one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed_total: Option<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemChange {
    pub id: String,
    /// The new name, or the old one for a removed item.
    pub name: String,
    /// The old name, when the item was renamed.
    pub old_name: Option<String>,
    /// The new category, or the old one for a removed item.
    pub category: CategoryPath,
    /// The old category, when the item moved.
    pub old_category: Option<CategoryPath>,
    pub old_status: Option<Status>,
    pub new_status: Option<Status>,
    #[serde(flatten)]
    pub change: Change,
    #[serde(flatten)]
    pub share: ShareChange,
    pub counts: Vec<CountChange>,
    /// A memo figure on either side (`memo = true`); left out of JSON when
    /// false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub memo: bool,
}

/// Shares of each side's grand total, and their difference in percentage
/// points (a share that goes from 10% to 12% changed by +2 %p, not +20%).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ShareChange {
    pub old_share_pct: Option<Decimal>,
    pub new_share_pct: Option<Decimal>,
    pub share_change_pp: Option<Decimal>,
}

/// A count and its average on each side (`companies 600+ → 620`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountChange {
    pub per: String,
    pub old: Option<Average>,
    pub new: Option<Average>,
}

impl DiffRow {
    /// The comparison the row shows.
    pub fn change(&self) -> &Change {
        match self {
            DiffRow::Category(c) => &c.change,
            DiffRow::Item(i) => &i.change,
            DiffRow::Others(o) | DiffRow::Unchanged(o) => &o.change,
        }
    }
}
