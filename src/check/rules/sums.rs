//! Sums against printed amounts: an item's `parts` against its amount,
//! and a printed `[[total]]` against the items below it (all of them, or
//! some when the total is marked `partial`). Also the sums themselves,
//! worked out once per file, which the other rules compare with.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use rust_decimal::Decimal;

use super::super::interval::{Interval, Verdict, judge, round_to};
use super::stated::Whole;
use super::{FileReport, money, too_large, total_name};
use crate::amount::Amount;
#[cfg(test)]
use crate::amount::Unit;
use crate::check::said::{Money, MoneyRange, Said, SumOf, SumOutcome, SumSaid, Terms};
use crate::check::{Figures, rule};
use crate::model::{CategoryPath, Item, Position, Total, YearFile};

/// Parts listed one by one in a message; more are summed up.
pub(super) const MAX_PARTS_LISTED: usize = 6;

/// A sum of written amounts: its exact value and every value it can
/// truly have.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sum {
    pub(super) exact: Amount,
    pub(super) possible: Interval,
    /// Every value the sum may stand for if its terms were cut off at
    /// their last digit rather than rounded (tables that truncate).
    pub(super) cut: Interval,
    pub(super) terms: usize,
    /// The power of ten of the coarsest last digit among the terms: the
    /// sum is shown to it (see [`shown`]).
    pub(super) coarsest: i32,
}

/// `None` when the sum leaves `Decimal`'s range.
pub(super) fn sum(amounts: impl IntoIterator<Item = Amount>) -> Option<Sum> {
    amounts.into_iter().try_fold(
        Sum {
            exact: Amount::ZERO,
            possible: Interval::point(Decimal::ZERO),
            cut: Interval::point(Decimal::ZERO),
            terms: 0,
            coarsest: i32::MIN,
        },
        Sum::plus,
    )
}

/// Every value a written amount may stand for.
pub(super) fn written(amount: Amount) -> Option<Interval> {
    Interval::rounded(amount.won(), amount.precision())
}

/// Every value a written amount may stand for if it was cut off at its
/// last digit rather than rounded.
pub(super) fn written_cut(amount: Amount) -> Option<Interval> {
    Interval::truncated(amount.won(), amount.precision())
}

impl Sum {
    pub(super) fn plus(self, amount: Amount) -> Option<Sum> {
        Some(Sum {
            exact: self.exact.checked_add(amount)?,
            possible: self.possible.checked_add(written(amount)?)?,
            cut: self.cut.checked_add(written_cut(amount)?)?,
            // One term per item read: fewer than memory holds.
            terms: self.terms.saturating_add(1),
            coarsest: self.coarsest.max(amount.precision()),
        })
    }

    /// The sum of the other terms, when `part` is one of the terms of
    /// `self` (or the sum of some of them).
    pub(super) fn without(self, part: Sum) -> Option<Sum> {
        Some(Sum {
            exact: self.exact.checked_sub(part.exact)?,
            possible: self.possible.without(part.possible)?,
            cut: self.cut.without(part.cut)?,
            terms: self.terms.checked_sub(part.terms)?,
            coarsest: self.coarsest,
        })
    }

    /// Two sums of different terms together (a file's batches read
    /// apart). Exact, so the order the batches come in does not matter.
    fn and(self, other: Sum) -> Option<Sum> {
        Some(Sum {
            exact: self.exact.checked_add(other.exact)?,
            possible: self.possible.checked_add(other.possible)?,
            cut: self.cut.checked_add(other.cut)?,
            terms: self.terms.saturating_add(other.terms),
            coarsest: self.coarsest.max(other.coarsest),
        })
    }

    /// The sum as shown (see [`shown`]).
    pub(super) fn shown(self) -> Amount {
        shown(self.exact, self.coarsest)
    }
}

/// A computed amount as shown: without the zeros a finer term adds past
/// the coarsest last digit of the written figures it comes from, so
/// 23,532.1억 + 3,000,000,000,000원 shows as 53,532.1억원, never as
/// 53,532.10000000억원. Digits that are not zeros are never dropped.
pub(super) fn shown(exact: Amount, coarsest: i32) -> Amount {
    let mut precision = exact.precision();
    while precision < coarsest {
        let Some(coarser) = precision.checked_add(1) else {
            break;
        };
        match round_to(exact.won(), coarser) {
            Some(won) if won == exact.won() => precision = coarser,
            _ => break,
        }
    }
    Amount::new(exact.won(), precision)
}

/// The sums of the items counted in totals (actual and planned): of the
/// whole file, and of each category with the ones below it. Worked out
/// once per file, so every rule is linear in the number of items.
pub(in crate::check) struct Sums {
    pub(super) grand: Sum,
    pub(super) by_category: BTreeMap<CategoryPath, Sum>,
    /// Where the first item of each category an item is written in is,
    /// by the hash of the category's path ([`path_hash`]): the rule on
    /// spellings names the place of the few it finds.
    pub(super) first_at: Vec<(u64, Position)>,
}

impl Sums {
    /// `None` when some sum leaves `Decimal`'s range.
    pub(super) fn of(file: &YearFile) -> Option<Sums> {
        let mut grand = sum([])?;
        let mut by_category: BTreeMap<CategoryPath, Sum> = BTreeMap::new();
        let mut first_at: Vec<(u64, Position)> = Vec::new();
        for item in file.items.iter().filter(|i| i.enters_totals()) {
            grand = grand.plus(item.amount)?;
            // A category already summed (as another's ancestor) has an
            // item before this one: the place of its first is known.
            if !by_category.contains_key(&item.category) {
                first_at.push((path_hash(&item.category), item.category_at));
            }
            for path in item.category.ancestors_and_self() {
                let subtotal = match by_category.get(&path) {
                    Some(subtotal) => subtotal.plus(item.amount)?,
                    None => sum([item.amount])?,
                };
                by_category.insert(path, subtotal);
            }
        }
        Some(Sums {
            grand,
            by_category,
            first_at,
        })
    }

    /// The items of a category (and below), or all of them; `None` when
    /// there are none.
    pub(super) fn of_category(&self, category: Option<&CategoryPath>) -> Option<Sum> {
        match category {
            Some(category) => self.by_category.get(category).copied(),
            None => Some(self.grand),
        }
    }

    /// The items outside a category: the rest of the total.
    pub(super) fn rest_of(&self, category: Option<&CategoryPath>) -> Option<Sum> {
        match self.of_category(category) {
            Some(inside) => self.grand.without(inside),
            None => Some(self.grand),
        }
    }

    pub(super) fn whole_without_item(&self, item: &Item) -> Option<Whole> {
        if item.enters_totals() {
            self.grand.without(sum([item.amount])?).map(Whole::Rest)
        } else {
            Some(Whole::Apart(self.grand))
        }
    }
}

/// Sums of some of a file's items by the category each is written in,
/// not yet added up the tree: what a batch of a file read in batches
/// adds ([`super::super::streamed`]). Added up in another order than
/// [`Sums::of`] adds them, so they stand for its sums only while no sum
/// in any order can come near `Decimal`'s limits: [`LeafSums::into_sums`]
/// makes sure of that from the sum of the amounts' sizes.
pub(in crate::check) struct LeafSums {
    /// Each category's sum, in the order the categories came, with the
    /// hash of its path: worked out once, on the worker thread that read
    /// the batch, so that the calling thread merges a batch's sums (one
    /// for nearly every one of a national file's thousands of categories)
    /// without hashing a path again.
    by_category: Vec<(u64, CategoryPath, Sum)>,
    /// Where each category's first item is, in the order of
    /// `by_category`.
    first_at: Vec<Position>,
    /// Where each category is in `by_category`, by its hash.
    index: HashTable<usize>,
    /// The sizes of every amount and of a unit of its last digit, added
    /// up: more than any partial sum or bound can reach, in any order;
    /// `None` past `Decimal`'s range.
    sizes: Option<Decimal>,
    /// The most digits after the point among the amounts and the bounds
    /// of what they stand for.
    finest_scale: u32,
}

impl LeafSums {
    /// The sums of a batch of items, which give up their categories to
    /// them (a category is kept once, not copied for each batch); `None`
    /// when one leaves `Decimal`'s range.
    pub(in crate::check) fn of_items(items: impl IntoIterator<Item = Item>) -> Option<LeafSums> {
        let mut sums = LeafSums {
            by_category: Vec::new(),
            first_at: Vec::new(),
            index: HashTable::new(),
            sizes: Some(Decimal::ZERO),
            finest_scale: 0,
        };
        // Most amounts of a file are written to one precision: its unit
        // is worked out once for a run of them.
        let mut last_unit: Option<(i32, Decimal)> = None;
        for item in items.into_iter().filter(Item::enters_totals) {
            let hash = path_hash(&item.category);
            match sums.find(hash, &item.category) {
                Some(at) => {
                    let subtotal = &mut sums.by_category[at].2;
                    *subtotal = subtotal.plus(item.amount)?;
                }
                None => sums.insert(hash, (item.category, item.category_at), sum([item.amount])?),
            }
            // What the amount stands for lies within a unit of its last
            // digit (half a unit rounded, a unit cut off), written to one
            // more digit than that unit.
            let won = item.amount.won();
            let precision = item.amount.precision();
            let unit = match last_unit {
                Some((of, unit)) if of == precision => unit,
                _ => {
                    let unit = super::super::interval::unit(precision)?;
                    last_unit = Some((precision, unit));
                    unit
                }
            };
            sums.sizes = sums
                .sizes
                .and_then(|sizes| sizes.checked_add(won.abs())?.checked_add(unit));
            let finer = u32::try_from(1i64.saturating_sub(i64::from(precision))).unwrap_or(0);
            sums.finest_scale = sums.finest_scale.max(won.scale()).max(finer);
        }
        Some(sums)
    }

    /// Where `category`, whose path hashes to `hash`, is in `by_category`.
    fn find(&self, hash: u64, category: &CategoryPath) -> Option<usize> {
        let by_category = &self.by_category;
        self.index
            .find(hash, |&at| by_category[at].1 == *category)
            .copied()
    }

    /// Adds a category not yet summed, first written `at`.
    fn insert(&mut self, hash: u64, (category, at): (CategoryPath, Position), subtotal: Sum) {
        let by_category = &self.by_category;
        self.index
            .insert_unique(hash, by_category.len(), |&at| by_category[at].0);
        self.by_category.push((hash, category, subtotal));
        self.first_at.push(at);
    }

    /// Two batches' sums together; `None` when one leaves `Decimal`'s range.
    pub(in crate::check) fn and(mut self, other: LeafSums) -> Option<LeafSums> {
        for ((hash, category, subtotal), first) in other.by_category.into_iter().zip(other.first_at)
        {
            match self.find(hash, &category) {
                Some(at) => {
                    let mine = &mut self.by_category[at].2;
                    *mine = mine.and(subtotal)?;
                    self.first_at[at] = self.first_at[at].min(first);
                }
                None => self.insert(hash, (category, first), subtotal),
            }
        }
        self.sizes = self
            .sizes
            .zip(other.sizes)
            .and_then(|(a, b)| a.checked_add(b));
        self.finest_scale = self.finest_scale.max(other.finest_scale);
        Some(self)
    }

    /// The sums of every category with the ones below it, and the grand
    /// total; `None` unless every sum in any order stays two digits clear
    /// of `Decimal`'s 28, at the finest scale written (then [`Sums::of`]
    /// gives these very sums, and the file is better read the plain way).
    pub(in crate::check) fn into_sums(self) -> Option<Sums> {
        let headroom = 26u32.checked_sub(self.finest_scale)?;
        let limit = Decimal::from_i128_with_scale(10i128.checked_pow(headroom)?, 0);
        if self.sizes? >= limit {
            return None;
        }
        let mut grand = sum([])?;
        let mut by_category: BTreeMap<CategoryPath, Sum> = BTreeMap::new();
        let first_at = self
            .by_category
            .iter()
            .zip(self.first_at)
            .map(|((hash, _, _), at)| (*hash, at))
            .collect();
        for (_, category, subtotal) in self.by_category {
            grand = grand.and(subtotal)?;
            for path in category.ancestors_and_self() {
                match by_category.entry(path) {
                    Entry::Occupied(mut above) => {
                        let both = above.get().and(subtotal)?;
                        above.insert(both);
                    }
                    Entry::Vacant(place) => {
                        place.insert(subtotal);
                    }
                }
            }
        }
        Some(Sums {
            grand,
            by_category,
            first_at,
        })
    }
}

/// The hash of a category's path, the same on every thread.
pub(super) fn path_hash(category: &CategoryPath) -> u64 {
    foldhash::fast::FixedState::default().hash_one(category.as_str())
}

/// How a sum of written figures compares with a figure stated for it.
pub(super) fn compare_sum(total: &Sum, stated: Amount, overlaps: bool) -> Option<SumOutcome> {
    if round_to(total.exact.won(), stated.precision())? == stated.won() {
        return Some(if total.exact.won() == stated.won() {
            SumOutcome::Equal
        } else {
            SumOutcome::RoundsTo
        });
    }
    let stated_range = written(stated)?;
    Some(
        match judge(total.possible, stated.won(), stated.precision())? {
            Verdict::Rounded => SumOutcome::WithinRounding,
            _ if overlaps && total.possible.low() > stated_range.high() => SumOutcome::Overlapping,
            Verdict::Truncated => SumOutcome::Truncated,
            Verdict::Inconsistent => SumOutcome::Inconsistent,
        },
    )
}

/// What a sum is compared with: `the parts` add up to `the amount`.
pub(super) struct SumLabels {
    pub(super) terms: Terms,
    pub(super) stated_as: SumOf,
    /// The terms one by one, shown when they match (`240.4 + 24.2`).
    pub(super) detail: Option<Vec<Money>>,
}

/// Reports one comparison of a sum with a stated amount.
pub(super) fn report_sum(
    out: &mut FileReport<'_>,
    rule: &'static str,
    file: &YearFile,
    at: Position,
    (total, stated, overlaps): (&Sum, Amount, bool),
    labels: SumLabels,
) {
    let Some(outcome) = compare_sum(total, stated, overlaps) else {
        return too_large(out, rule, at);
    };
    let figures = Figures {
        unit: file.unit.currency().base_name(),
        stated: stated.won(),
        computed: total.exact.won(),
        possible: total.possible,
    };
    let falls_short = outcome == SumOutcome::Inconsistent
        && matches!(labels.stated_as, SumOf::Printed(_))
        && written(stated).is_some_and(|printed| total.possible.high() < printed.low());
    let said = Said::Sum(SumSaid {
        terms: labels.terms,
        stated_as: labels.stated_as,
        outcome,
        sum: money(total.shown(), file),
        stated: money(stated, file),
        range: MoneyRange {
            range: total.possible,
            unit: file.unit,
        },
        detail: labels.detail,
        falls_short,
    });
    let entry = out.on(rule, at).figures(figures);
    match outcome {
        SumOutcome::Equal | SumOutcome::RoundsTo => entry.passed(said),
        SumOutcome::WithinRounding | SumOutcome::Overlapping => entry.info(said),
        SumOutcome::Truncated => entry.warning(said),
        SumOutcome::Inconsistent => entry.error(said),
    }
}

/// `parts` add up to the item's amount.
pub(super) fn parts_sum(file: &YearFile, item: &Item, out: &mut FileReport<'_>) {
    if item.parts.is_empty() {
        return;
    }
    let at = item.parts_at.unwrap_or(Position {
        line: item.line,
        column: 1,
    });
    let Some(total) = sum(item.parts.iter().map(|p| p.amount)) else {
        return too_large(out, rule::PARTS_SUM, at);
    };
    let detail = (item.parts.len() <= MAX_PARTS_LISTED)
        .then(|| item.parts.iter().map(|p| money(p.amount, file)).collect());
    let labels = SumLabels {
        terms: Terms::PartsOf(item.id.clone()),
        stated_as: SumOf::ItsAmount,
        detail,
    };
    report_sum(
        out,
        rule::PARTS_SUM,
        file,
        at,
        (&total, item.amount, item.overlaps),
        labels,
    );
}

/// A printed `[[total]]` against the sum of the items below it.
pub(super) fn total_matches(
    file: &YearFile,
    sums: Option<&Sums>,
    total: &Total,
    out: &mut FileReport<'_>,
) {
    let at = total.amount.at;
    let Some(sums) = sums else {
        return too_large(out, rule::TOTAL_MISMATCH, at);
    };
    let items_sum = sums.of_category(total.category.as_ref());
    if total.partial {
        return partial_total(file, items_sum, total, out);
    }
    let Some(items_sum) = items_sum else {
        let category = total
            .category
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let suggestion = suggest_category(sums, &category);
        return out
            .on(rule::TOTAL_MISMATCH, at)
            .error(Said::TotalWithoutItems {
                total: total_name(total),
                printed: money(total.amount.value, file),
                category,
                suggestion,
            });
    };
    let labels = SumLabels {
        terms: Terms::ItemsOf(total.category.as_ref().map(ToString::to_string)),
        stated_as: SumOf::Printed(total_name(total)),
        detail: None,
    };
    report_sum(
        out,
        rule::TOTAL_MISMATCH,
        file,
        at,
        (&items_sum, total.amount.value, total.overlaps),
        labels,
    );
}

/// A printed total the file lists only part of: the items may fall short
/// of it, never exceed it.
pub(super) fn partial_total(
    file: &YearFile,
    items: Option<Sum>,
    total: &Total,
    out: &mut FileReport<'_>,
) {
    let at = total.amount.at;
    let printed = money(total.amount.value, file);
    let Some(items) = items.filter(|s| s.terms > 0) else {
        return out
            .on(rule::TOTAL_MISMATCH, at)
            .passed(Said::PartialNoneListed {
                total: total_name(total),
                printed,
            });
    };
    let Some(range) = written(total.amount.value) else {
        return too_large(out, rule::TOTAL_MISMATCH, at);
    };
    let figures = Figures {
        unit: file.unit.currency().base_name(),
        stated: total.amount.value.won(),
        computed: items.exact.won(),
        possible: items.possible,
    };
    let exceeding = (items.possible.low() > range.high()).then_some(MoneyRange {
        range: items.possible,
        unit: file.unit,
    });
    let said = Said::PartialListed {
        total: total_name(total),
        printed,
        listed: money(items.shown(), file),
        exceeding,
    };
    let entry = out.on(rule::TOTAL_MISMATCH, at).figures(figures);
    if exceeding.is_some() {
        entry.error(said);
    } else {
        entry.passed(said);
    }
}

pub(super) fn suggest_category(sums: &Sums, category: &str) -> Option<String> {
    let known: Vec<String> = sums.by_category.keys().map(ToString::to_string).collect();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    crate::load::nearest(category, &known)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::render::words;

    /// A written amount in `unit`, as messages show it.
    fn show(amount: Amount, unit: Unit) -> String {
        words::show(Money { amount, unit })
    }

    #[test]
    fn computed_amounts_drop_the_zeros_a_finer_term_adds_and_nothing_else() {
        let eok = Unit::parse("억원").unwrap();
        let coarse = Amount::parse("23,532.1억원", eok).unwrap();
        let fine = Amount::parse("3,000,000,000,000원", eok).unwrap();
        let total = sum([coarse, fine]).unwrap();
        assert_eq!(show(total.exact, eok), "53,532.10000000억원");
        assert_eq!(show(total.shown(), eok), "53,532.1억원");
        let odd = Amount::parse("3,000,000,000,001원", eok).unwrap();
        let total = sum([coarse, odd]).unwrap();
        assert_eq!(show(total.shown(), eok), "53,532.10000001억원");
    }

    /// Every sum, written out with every digit its `Decimal`s keep (so a
    /// sum equal in value but kept to other digits differs).
    fn written_out(sums: &Sums) -> Vec<String> {
        std::iter::once(format!("{:?}", sums.grand))
            .chain(
                sums.by_category
                    .iter()
                    .map(|(category, sum)| format!("{category}: {sum:?}")),
            )
            .collect()
    }

    #[test]
    fn sums_of_batches_merged_are_the_whole_file_sums_to_the_last_digit() {
        // Amounts of every kind a sum's bounds are kept to: whole won,
        // decimals of 억원, a zero written to two decimals, negatives, and
        // items out of totals; one category's items in several batches.
        let text = "year = 2025\nregion = \"G\"\nunit = \"억원\"\n".to_owned()
            + &[
                ("a/b", "12.3", ""),
                ("a", "0.00", ""),
                ("a/b/c", "-4.25", ""),
                ("d", "3,000,000,000,001원", ""),
                ("a/b", "7", ""),
                ("d", "99.9", "memo = true"),
                ("a/b/c", "-0.5", ""),
                ("e", "0", ""),
                ("a", "1.10", ""),
            ]
            .iter()
            .enumerate()
            .map(|(n, (category, amount, more))| {
                format!(
                    "[[item]]\nid = \"i{n}\"\nname = \"n\"\ncategory = \"{category}\"\namount = \"{amount}\"\n{more}\n"
                )
            })
            .collect::<String>();
        let file = crate::load::parse_str(&text, "f.toml").unwrap();
        let whole = written_out(&Sums::of(&file).unwrap());
        for cut in [[0, 0], [1, 4], [3, 3], [2, 7], [9, 9]] {
            let batch = |range: std::ops::Range<usize>| {
                LeafSums::of_items(file.items[range].to_vec()).unwrap()
            };
            let merged = batch(0..cut[0])
                .and(batch(cut[0]..cut[1]))
                .and_then(|sums| sums.and(batch(cut[1]..file.items.len())))
                .and_then(LeafSums::into_sums)
                .unwrap();
            assert_eq!(written_out(&merged), whole, "batches cut at {cut:?}");
        }
        // The grand total: 12.3 + 0.00 − 4.25 + 30,000.00000001 (3e12 won)
        // + 7 − 0.5 + 0 + 1.10 억원 = 30,015.65000001 억원, the memo left out.
        assert!(whole[0].contains("3001565000001"), "{}", whole[0]);
    }
}
