//! The rules `check` applies to files that load, one module per concern:
//! the sums of parts and items against printed amounts ([`sums`]), stated
//! shares and the judging of stated figures ([`stated`]), stated changes
//! against an earlier file ([`changes`], [`together`]), the file a change
//! is compared with ([`base`]) and consistency across years ([`years`]).
//!
//! Every comparison treats a written figure as standing for any value
//! within half a unit of its last digit (see [`super::interval`]). Sums
//! that match only within that rounding are reported as information, so
//! a typo that happens to fall inside it stays visible without failing.
//! Each rule reports into the [`FileReport`] of the file it checks.

mod base;
mod changes;
mod ids;
mod other_base;
mod other_whole;
mod shares;
mod spellings;
mod stated;
mod sums;
mod together;
mod years;

use std::cell::OnceCell;

use rust_decimal::Decimal;

use super::collect::FileReport;
use super::roster::Roster;
use super::rule;
use super::said::{Money, Said, TotalName};
use crate::amount::Amount;
use crate::compact::IdIndex;
use crate::model::{Position, Total, YearFile};

use crate::error::OverflowError;
use base::find_base;
use changes::{item_change, total_change};
use ids::id_spaced;
pub(super) use ids::spaced_end;
use other_base::judged_changes;
use other_whole::judged_share;
use shares::SharesOfMore;
use spellings::category_spellings;
use stated::{Whole, stated_share};
pub(super) use sums::{LeafSums, Sums};
use sums::{parts_sum, total_matches};
use years::{category_changed, duplicate_year, year_matches_file_name};

/// Applies the rules that need only this file. Returns `false` when the
/// file's sums cannot be held exactly, so its figures cannot be compared.
#[cfg(test)]
pub(super) fn check_file(file: &YearFile, out: &mut FileReport<'_>) -> bool {
    check_file_with(file, &Facts::of(file), out)
}

/// What the rules need to know of all of a file's items, worked out once:
/// from the whole file, or while it is read (then the file keeps only the
/// items the rules look at one by one; see [`super::streamed`]).
pub(in crate::check) struct Facts {
    /// How many items the file has.
    items: usize,
    /// The sum `summarize` cannot hold exactly, if any.
    overflow: Option<OverflowError>,
    sums: Option<Sums>,
    /// Every item, compact, for the rules across years; `None` when the
    /// file's own items are every item (read whole) or it is checked
    /// alone.
    roster: Option<Roster>,
}

impl Facts {
    /// The facts of a whole file.
    pub(in crate::check) fn of(file: &YearFile) -> Facts {
        let overflow = crate::summary::summarize(file).err();
        Facts {
            items: file.items.len(),
            // Not needed when a sum overflows: the file is not compared.
            sums: overflow.is_none().then(|| Sums::of(file)).flatten(),
            overflow,
            roster: None,
        }
    }

    /// The roster of every item, when the file was read in batches to be
    /// checked with others.
    #[cfg(test)]
    pub(in crate::check) fn roster(&self) -> Option<&Roster> {
        self.roster.as_ref()
    }

    /// The facts of a file read in batches, without an overflow, with its
    /// roster when other files are checked with it.
    pub(in crate::check) fn streamed(items: usize, sums: Sums, roster: Option<Roster>) -> Facts {
        Facts {
            items,
            overflow: None,
            sums: Some(sums),
            roster,
        }
    }
}

/// [`check_file`], with the facts of all of the file's items worked out.
pub(super) fn check_file_with(file: &YearFile, facts: &Facts, out: &mut FileReport<'_>) -> bool {
    let start = Position { line: 1, column: 1 };
    if crate::model::lacks_items(facts.items, &file.totals) {
        out.on(rule::NO_ITEMS, start).warning(Said::NoItems);
    }
    if let Some(overflow) = &facts.overflow {
        out.on(rule::SUM_OVERFLOW, start).error(Said::SumOverflow {
            scope: overflow.scope.clone(),
            reason: overflow.reason,
        });
        return false;
    }
    let sums = facts.sums.as_ref();
    if let Some(sums) = sums {
        category_spellings(sums, out);
    }
    // A printed grand total is what the publisher took shares of; the
    // items may be only some of its lines.
    let printed = file
        .totals
        .iter()
        .find(|t| t.category.is_none())
        .map(|t| Whole::Printed(t.amount.value));
    // A share stated to be of another figure (`share_of`) is of that.
    let named = |stated: &crate::model::Stated| stated.share_of.map(|of| Whole::Named(of.value));
    // Otherwise of the items' sum, unless the shares say they are not.
    let of_more = printed
        .is_none()
        .then(|| sums.and_then(|s| SharesOfMore::of(file, s)))
        .flatten();
    let of_more =
        |stated: &crate::model::Stated| of_more.as_ref().filter(|_| stated.share_of.is_none());
    for item in &file.items {
        id_spaced(item, out);
        parts_sum(file, item, out);
        for stated in item.stated.iter() {
            let Some(share) = stated.share_pct else {
                continue;
            };
            if let Some(of_more) = of_more(stated) {
                of_more.report(share.at, out);
                continue;
            }
            let whole = named(stated)
                .or(printed)
                .or_else(|| sums.and_then(|s| s.whole_without_item(item)));
            let before = out.mark();
            stated_share(file, stated, share, item.amount, whole, out);
            if let Some(sums) = sums {
                let of = (Some(&item.category), item.enters_totals(), false);
                judged_share((file, sums), (stated, share, item.amount), of, before, out);
            }
        }
    }
    for total in &file.totals {
        total_matches(file, sums, total, out);
        for stated in total.stated.iter() {
            let Some(share) = stated.share_pct else {
                continue;
            };
            if let Some(of_more) = of_more(stated) {
                of_more.report(share.at, out);
                continue;
            }
            let whole = named(stated).or(printed).or_else(|| {
                sums.and_then(|s| s.rest_of(total.category.as_ref()))
                    .map(Whole::Rest)
            });
            let before = out.mark();
            stated_share(file, stated, share, total.amount.value, whole, out);
            if let Some(sums) = sums {
                let of = (total.category.as_ref(), true, true);
                let figures = (stated, share, total.amount.value);
                judged_share((file, sums), figures, of, before, out);
            }
        }
    }
    true
}

/// Applies the rules across years to the files that load, each with its
/// [`Facts`].
pub(super) fn check_years(
    checked: &[(&YearFile, &Facts)],
    collector: &mut super::collect::Collector,
) {
    let files: Vec<&YearFile> = checked.iter().map(|(file, _)| *file).collect();
    let files = files.as_slice();
    let sums: Vec<Option<&Sums>> = checked
        .iter()
        .map(|(_, facts)| facts.sums.as_ref())
        .collect();
    // A file read whole lists its items itself.
    let listed: Vec<Option<Roster>> = checked
        .iter()
        .map(|(file, facts)| {
            facts
                .roster
                .is_none()
                .then(|| Roster::of_items(&file.items, |_| true))
        })
        .collect();
    let rosters: Vec<&Roster> = checked
        .iter()
        .zip(&listed)
        .map(|((_, facts), listed)| {
            facts
                .roster
                .as_ref()
                .or(listed.as_ref())
                .expect("a roster read or made")
        })
        .collect();
    let indexed: Vec<OnceCell<Previous<'_>>> = files.iter().map(|_| OnceCell::new()).collect();
    let previous = |index: usize| {
        indexed[index].get_or_init(|| Previous {
            file: files[index],
            roster: rosters[index],
            ids: rosters[index].index(),
            sums: sums[index],
        })
    };
    for (index, file) in files.iter().enumerate() {
        let out = &mut collector.file(&file.path);
        year_matches_file_name(file, out);
        duplicate_year(&files[..index], file, out);
        let file_base = find_base(files, file, file.base.as_ref());
        let base_of = |stated: &crate::model::Stated| match &stated.base {
            Some(asked) => find_base(files, file, Some(asked)),
            None => file_base.clone(),
        };
        let roster = rosters[index];
        let base = file_base.as_ref().ok().map(|base| previous(base.index));
        let matched = base.map(|base| roster.matched_in(base.roster, &base.ids));
        for at in 0..roster.len() {
            let listed = roster.get(at);
            if let (Some(base), Some(Some((old, true)))) =
                (base, matched.as_ref().map(|matched| matched[at]))
            {
                category_changed(&listed, base.file, &base.roster.get(old), out);
            }
            let Some(item) = listed.whole.map(|whole| &file.items[whole]) else {
                continue;
            };
            let against = |index: usize| item_change(item, previous(index));
            for stated in item.stated.iter().filter(|s| s.states_a_change()) {
                let figures = (*file, stated, item.amount);
                judged_changes(files, figures, base_of(stated), &against, out);
            }
        }
        for total in &file.totals {
            let against = |at: usize| total_change(file, sums[index], total, previous(at));
            for stated in total.stated.iter().filter(|s| s.states_a_change()) {
                let figures = (*file, stated, total.amount.value);
                judged_changes(files, figures, base_of(stated), &against, out);
            }
        }
    }
}

/// The file a change is compared with, indexed for the rules.
struct Previous<'f> {
    file: &'f YearFile,
    roster: &'f Roster,
    ids: IdIndex,
    sums: Option<&'f Sums>,
}

impl Previous<'_> {
    /// The amount of the item with this id, if the file has one.
    fn amount_of(&self, id: &str) -> Option<Amount> {
        self.roster
            .find(&self.ids, id)
            .map(|index| self.roster.get(index).amount)
    }
}

/// How much `part` is of `whole`, in percent; 0 for a whole of 0.
fn percent_of(part: Decimal, whole: Decimal) -> Decimal {
    crate::report::percent::percent_of(part, whole).unwrap_or_default()
}

/// A comparison that cannot be made exactly, said as information.
fn too_large(out: &mut FileReport<'_>, rule: &'static str, at: Position) {
    out.on(rule, at).info(Said::TooLarge);
}

/// A written amount of `file`, shown in the file's unit.
fn money(amount: Amount, file: &YearFile) -> Money {
    Money {
        amount,
        unit: file.unit,
    }
}

/// A printed total, for messages.
fn total_name(total: &Total) -> TotalName {
    TotalName {
        category: total.category.as_ref().map(ToString::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::collect::Collector;
    use crate::load::parse_str;

    /// A file of `year` for `region`, with a phase if given, and nothing else.
    pub(super) fn file(path: &str, year: i64, region: &str, phase: Option<&str>) -> YearFile {
        let phase = phase.map_or(String::new(), |p| format!("phase = \"{p}\"\n"));
        parse_str(
            &format!("year = {year}\nregion = \"{region}\"\n{phase}"),
            path,
        )
        .unwrap()
    }

    pub(super) fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn a_file_without_items_is_a_warning() {
        let mut out = Collector::default();
        assert!(check_file(
            &file("e.toml", 2025, "G", None),
            &mut out.file("e.toml")
        ));
        let rules: Vec<(&str, Severity, usize)> = out
            .findings()
            .iter()
            .map(|f| (f.rule, f.severity, f.line))
            .collect();
        assert_eq!(rules, [("no-items", Severity::Warning, 1)]);
        let with_item = parse_str(
            "year = 2025\nregion = \"G\"\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 0\n",
            "i.toml",
        )
        .unwrap();
        let mut out = Collector::default();
        check_file(&with_item, &mut out.file("i.toml"));
        // One item, even of 0 won, is a budget line: no warning.
        assert!(out.findings().is_empty());
        // A printed total whose lines are listed only in part (here none)
        // says the file has no items on purpose.
        let totals_only = parse_str(
            "year = 2025\nregion = \"G\"\n[[total]]\namount = 5\npartial = true\n",
            "t.toml",
        )
        .unwrap();
        let mut out = Collector::default();
        check_file(&totals_only, &mut out.file("t.toml"));
        assert!(out.findings().iter().all(|f| f.rule != rule::NO_ITEMS));
        let without_partial = parse_str(
            "year = 2025\nregion = \"G\"\n[[total]]\namount = 5\n",
            "t.toml",
        )
        .unwrap();
        let mut out = Collector::default();
        check_file(&without_partial, &mut out.file("t.toml"));
        assert!(out.findings().iter().any(|f| f.rule == rule::NO_ITEMS));
    }
}
