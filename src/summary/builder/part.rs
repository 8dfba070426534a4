//! What a worker thread makes of a batch for
//! [`SummaryBuilder::merge`](super::SummaryBuilder::merge)
//! ([`SummaryPart`]): items shown go on as they are, items `--depth` hides
//! are added up per category where their category first appears.
#![warn(clippy::arithmetic_side_effects)]

use std::collections::HashMap;

use super::PlacedItem;
use crate::amount::Amount;
use crate::model::{CategoryPath, Item};
use crate::report::shows;
use crate::report::top::OrderFree;

/// A batch of items prepared for
/// [`SummaryBuilder::merge`](super::SummaryBuilder::merge).
pub struct SummaryPart {
    pub(super) events: Vec<PartEvent>,
    /// Items kept by their places, each with the number of events that
    /// come before it in file order.
    pub(super) placed: Vec<(usize, PlacedEvent)>,
    /// The amounts added up here, for [`TopItems::order_free`].
    pub(super) order_free: OrderFree,
}

/// An item shown and in totals that a placing read keeps by its place:
/// its category, amount and place, and the text that breaks ties.
pub(super) struct PlacedEvent {
    pub(super) category: CategoryPath,
    pub(super) placed: PlacedItem,
    pub(super) text: Option<String>,
}

/// Items in file order: shown ones as they are, hidden ones (and those
/// `--top` folds) added up per category at the place their category first
/// appears.
pub(super) enum PartEvent {
    Shown(Box<Item>),
    Hidden {
        category: CategoryPath,
        sum: Amount,
        count: usize,
        /// Shown at this depth, but folded by `--top`.
        folded: bool,
    },
}

/// The sum each item of a batch is added up in, numbered: items of one
/// category together, or, for items `--depth` hides, of the category it
/// cuts. Numbers run below `count`.
struct SumKeys {
    of_item: Vec<usize>,
    count: usize,
}

/// The text that names an item's sum in a batch: its category's path, or
/// for an item `--depth` hides, the path of the category it cuts.
pub(super) fn sum_key(
    category: &CategoryPath,
    depth: Option<usize>,
    cut_at: Option<usize>,
) -> &str {
    match cut_at {
        Some(cut_at) if !shows(depth, category) => category.prefix(cut_at),
        _ => category.as_str(),
    }
}

/// [`SumKeys`] of the items `--depth` hides and that enter the totals
/// (without `--top`, the only ones added up in a batch); other items have
/// none.
fn hidden_sum_keys(items: &[Item], depth: Option<usize>, cut_at: Option<usize>) -> SumKeys {
    let mut numbers: HashMap<&str, usize, foldhash::fast::RandomState> = HashMap::default();
    let of_item = items
        .iter()
        .map(|item| {
            if shows(depth, &item.category) || !item.enters_totals() {
                return usize::MAX;
            }
            let next = numbers.len();
            *numbers
                .entry(sum_key(&item.category, depth, cut_at))
                .or_insert(next)
        })
        .collect();
    SumKeys {
        of_item,
        count: numbers.len(),
    }
}

/// [`SummaryBuilder::part_with`] without `--top`: items `--depth` hides
/// are added up per category (or at the category it cuts), the rest go
/// on as they are.
pub(super) fn part_hiding(
    depth: Option<usize>,
    cut_at: Option<usize>,
    items: Vec<Item>,
) -> SummaryPart {
    let sum_keys = hidden_sum_keys(&items, depth, cut_at);
    let mut part = SummaryPart {
        events: Vec::new(),
        placed: Vec::new(),
        order_free: OrderFree::default(),
    };
    let mut added_at: Vec<Option<usize>> = vec![None; sum_keys.count];
    for (index, item) in items.into_iter().enumerate() {
        // Figures not in totals go to the builder even when hidden, so
        // that it counts them.
        if shows(depth, &item.category) || !item.enters_totals() {
            part.events.push(PartEvent::Shown(Box::new(item)));
            continue;
        }
        if cut_at.is_some() {
            part.order_free.add(item.amount);
        }
        let amount = item.amount;
        let category = item.category;
        add_to_sum(
            &mut part.events,
            &mut added_at[sum_keys.of_item[index]],
            amount,
            false,
            || match cut_at {
                Some(cut_at) => category.ancestor(cut_at),
                None => category,
            },
        );
    }
    part
}

/// Adds an item worth `amount` to the sum at `*at` in `events`; where
/// there is none yet, or the sum would leave `Decimal`'s range, starts a
/// new one (of `category`) at the end, so nothing is lost on the way.
pub(super) fn add_to_sum(
    events: &mut Vec<PartEvent>,
    at: &mut Option<usize>,
    amount: Amount,
    folded: bool,
    category: impl FnOnce() -> CategoryPath,
) {
    let added = at.and_then(|at| match &mut events[at] {
        PartEvent::Hidden { sum, count, .. } => {
            *sum = sum.checked_add(amount)?;
            *count = count.saturating_add(1);
            Some(())
        }
        PartEvent::Shown(_) => None,
    });
    if added.is_none() {
        *at = Some(events.len());
        events.push(PartEvent::Hidden {
            category: category(),
            sum: amount,
            count: 1,
            folded,
        });
    }
}
