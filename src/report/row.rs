//! The one row model of the tree reports: a category, an item, or a row
//! standing for several items (folded by `--top`, or left out as
//! unchanged). Each report fills it with its own figures (amounts and
//! shares, changes, series), and [`Report`] applies the outline to it.
#![warn(clippy::arithmetic_side_effects)]

use serde::Serialize;

use crate::model::CategoryPath;
use crate::report::outline::{OutlineOptions, OutlineRow, SortKey, SortValue, outline};
use crate::report::{HiddenExcluded, level_in, shows};

/// A line of a report's tree, depth first: each category is followed by
/// its own items and subcategories.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Row<C, I, O> {
    Category(C),
    Item(I),
    /// Items folded by `--top`: "... and K more".
    Others(O),
    /// Unchanged rows left out (`diff` without `--all`), as one row per
    /// category (the file's top level has an empty category).
    Unchanged(O),
}

impl<C, I, O> Row<C, I, O> {
    /// The row's `kind` as every output format names it: `category`,
    /// `item`, `others` or `unchanged`.
    pub fn kind(&self) -> &'static str {
        match self {
            Row::Category(_) => "category",
            Row::Item(_) => "item",
            Row::Others(_) => "others",
            Row::Unchanged(_) => "unchanged",
        }
    }
}

/// A report's category row.
pub trait CategoryFigures {
    fn category(&self) -> &CategoryPath;
    /// Notes that `count` items below the category are not shown.
    fn hide_items(&mut self, count: usize);
    /// What `--sort` and `--top` read from the row's figures (amount,
    /// change, percent change); names and ids are read by the row.
    fn figure(&self, key: SortKey) -> SortValue;
}

/// A report's item row.
pub trait ItemFigures {
    fn category(&self) -> &CategoryPath;
    fn name(&self) -> &str;
    fn id(&self) -> &str;
    /// A memo figure (`memo = true`), on any side or in any period.
    fn is_memo(&self) -> bool;
    /// As [`CategoryFigures::figure`].
    fn figure(&self, key: SortKey) -> SortValue;
}

/// A report's row standing for several items of one category.
pub trait OthersFigures<I>: Sized {
    /// What folding needs besides the items (totals, years ...).
    type Context;

    fn category(&self) -> &CategoryPath;
    /// How many items the row stands for.
    fn items(&self) -> usize;
    /// The row for `items` of `category` folded by `--top`; `None` when
    /// their figures cannot be held exactly (they then stay unfolded).
    fn fold(category: &CategoryPath, items: &[&I], context: &Self::Context) -> Option<Self>;
}

impl<C, I, O> OutlineRow for Row<C, I, O>
where
    C: CategoryFigures,
    I: ItemFigures,
    O: OthersFigures<I>,
{
    type Context = O::Context;

    fn level(&self) -> usize {
        match self {
            Row::Category(c) => c.category().depth(),
            Row::Item(i) => level_in(i.category()),
            Row::Others(o) | Row::Unchanged(o) => level_in(o.category()),
        }
    }

    fn is_item(&self) -> bool {
        matches!(self, Row::Item(_))
    }

    fn is_folded(&self) -> bool {
        matches!(self, Row::Others(_))
    }

    fn items_represented(&self) -> usize {
        match self {
            Row::Category(_) => 0,
            Row::Item(_) => 1,
            Row::Others(o) | Row::Unchanged(o) => o.items(),
        }
    }

    fn sort_value(&self, key: SortKey) -> SortValue {
        match (key, self) {
            (_, Row::Others(_) | Row::Unchanged(_)) => SortValue::Missing,
            (SortKey::Name, Row::Category(c)) => SortValue::Text(c.category().last().to_owned()),
            (SortKey::Name, Row::Item(i)) => SortValue::Text(i.name().to_owned()),
            (SortKey::Id, Row::Category(c)) => SortValue::Text(c.category().to_string()),
            (SortKey::Id, Row::Item(i)) => SortValue::Text(i.id().to_owned()),
            (_, Row::Category(c)) => c.figure(key),
            (_, Row::Item(i)) => i.figure(key),
        }
    }

    fn folded(folded: &[Self], _level: usize, context: &O::Context) -> Option<Self> {
        let items: Vec<&I> = folded
            .iter()
            .filter_map(|row| match row {
                Row::Item(item) => Some(item),
                _ => None,
            })
            .collect();
        let category = items.first()?.category();
        O::fold(category, &items, context).map(Row::Others)
    }

    fn hide_items(&mut self, count: usize) {
        if let Row::Category(category) = self {
            category.hide_items(count);
        }
    }
}

/// A report whose rows the outline shapes: `summarize`, `diff`, `trend`.
pub trait Report {
    type Category: CategoryFigures;
    type Item: ItemFigures;
    type Others: OthersFigures<Self::Item>;

    /// The report's own order when `--sort` is not given.
    const DEFAULT_SORT: Option<SortKey>;
    /// What `--top` keeps the largest of.
    const TOP_KEY: SortKey;

    /// What folding rows needs (see [`OthersFigures::Context`]).
    fn fold_context(&self) -> <Self::Others as OthersFigures<Self::Item>>::Context;
    /// The tree's rows.
    #[allow(clippy::type_complexity)]
    fn rows_mut(&mut self) -> &mut Vec<Row<Self::Category, Self::Item, Self::Others>>;
    /// Targets, caps and memo figures: listed beside the tree, never added
    /// up.
    fn excluded_mut(&mut self) -> &mut Vec<Self::Item>;
    /// What `--depth` left out of them.
    fn hidden_excluded_mut(&mut self) -> &mut HiddenExcluded;
}

/// Applies `--depth`, `--top` and `--sort` to a report's rows; targets,
/// caps and memo figures follow the same depth rule as items, and those
/// left out are counted.
pub fn apply_outline<R: Report>(report: &mut R, options: &OutlineOptions) {
    let context = report.fold_context();
    let rows = std::mem::take(report.rows_mut());
    *report.rows_mut() = outline(rows, options, R::DEFAULT_SORT, R::TOP_KEY, &context);
    let Some(depth) = options.depth else {
        return;
    };
    let (shown, hidden): (Vec<R::Item>, Vec<R::Item>) = std::mem::take(report.excluded_mut())
        .into_iter()
        .partition(|item| shows(Some(depth), item.category()));
    *report.excluded_mut() = shown;
    let tally = report.hidden_excluded_mut();
    for item in &hidden {
        tally.note(depth, item.category(), item.is_memo());
    }
}
