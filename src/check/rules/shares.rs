//! Shares of more than the file lists. Without a printed grand total, a
//! share is checked against the sum of the items; but when a share is
//! printed for every item counted in totals and those shares cannot add
//! up to 100%, the publisher took them of a larger total (a release that
//! lists its largest sectors only), and the items' sum is no base for
//! them. They are then not checked, with the total they fit, rather than
//! each called wrong.

use rust_decimal::Decimal;

use super::super::interval::{Interval, unit};
use super::sums::{Sums, written};
use super::{FileReport, money};
use crate::check::rule;
use crate::check::said::{MoneyRange, Said, SharesOfMoreSaid, TotalFit};
use crate::model::{Item, Percent, Position, Stated, YearFile};
use crate::notation::Approx;

/// The shares of a file that are of more than it lists, and where the
/// first of them is (which the explanation goes to; the others point at
/// it).
pub(super) struct SharesOfMore {
    first: Position,
    said: SharesOfMoreSaid,
}

impl SharesOfMore {
    /// The shares of `file` (those not named to be of another figure with
    /// `share_of`) when the file prints no grand total and its items' sum
    /// cannot be what they were taken of.
    pub(super) fn of(file: &YearFile, sums: &Sums) -> Option<SharesOfMore> {
        // Every item counted in totals is here (a file read in batches
        // keeps those with stated figures), each with a share: the first
        // item without one ends the search, as in most files it does.
        let mut at_most = Decimal::ZERO;
        let mut counted = 0usize;
        for item in counted_items(file) {
            at_most = at_most.checked_add(item_most(item)?)?;
            counted = counted.checked_add(1)?;
        }
        if counted == 0 || counted != sums.grand.terms || at_most >= Decimal::ONE_HUNDRED {
            return None;
        }
        let first = file
            .items
            .iter()
            .flat_map(|item| shares(&item.stated))
            .chain(file.totals.iter().flat_map(|total| shares(&total.stated)))
            .map(|(at, _)| at)
            .min()?;
        let said = SharesOfMoreSaid {
            // 60%, not the 60.000% a sum of 0.002s is written to.
            at_most: at_most.normalize(),
            listed: money(sums.grand.shown(), file),
            fit: total_fit(file, sums.grand.coarsest),
        };
        Some(SharesOfMore { first, said })
    }

    /// Says, at a share's position, that it is not checked and why.
    pub(super) fn report(&self, at: Position, out: &mut FileReport<'_>) {
        let said = if at == self.first {
            Said::SharesOfMore(self.said.clone())
        } else {
            Said::SharesOfMoreSee {
                line: self.first.line,
            }
        };
        out.on(rule::STATED_SHARE, at).warning(said);
    }
}

/// The items of `file` counted in totals.
fn counted_items(file: &YearFile) -> impl Iterator<Item = &Item> {
    file.items.iter().filter(|item| item.enters_totals())
}

/// The shares stated without `share_of`, with where each is written.
fn shares(stated: &[Stated]) -> impl Iterator<Item = (Position, Percent)> + '_ {
    stated
        .iter()
        .filter(|s| s.share_of.is_none())
        .filter_map(|s| s.share_pct)
        .map(|share| (share.at, share.value))
}

/// The most `item`'s share can be, the largest of its printed shares;
/// `None` when it has none, or one without a most.
fn item_most(item: &Item) -> Option<Decimal> {
    let mut item_most: Option<Decimal> = None;
    for (_, share) in shares(&item.stated) {
        let most = most(share)?;
        item_most = Some(item_most.map_or(most, |so_far| so_far.max(most)));
    }
    item_most
}

/// The most a printed share can stand for: a unit of its last digit more
/// (which holds a rounded, truncated, round or bracketed figure alike);
/// `None` for a floor ("10% 이상"), which has no most.
fn most(share: Percent) -> Option<Decimal> {
    match share.approx {
        Approx::AtLeast => None,
        Approx::AtMost => Some(share.value),
        Approx::Exact | Approx::About | Approx::Bracket => {
            share.value.checked_add(unit(share.precision)?)
        }
    }
}

/// The totals every exact share fits (an item's amount divided by its
/// share, both as written), widened to the coarsest last digit of the
/// amounts; unknown when a share is approximate or not above zero, or
/// an amount is not.
fn total_fit(file: &YearFile, coarsest: i32) -> TotalFit {
    let fit = || {
        let mut fit: Option<Interval> = None;
        for item in counted_items(file) {
            for (_, share) in shares(&item.stated) {
                let total = total_of(item, share)?;
                fit = Some(match fit {
                    None => total,
                    Some(so_far) => match so_far.intersection(total) {
                        Some(both) => both,
                        None => return Some(TotalFit::NoOne),
                    },
                });
            }
        }
        Some(TotalFit::One(MoneyRange {
            range: widened(fit?, coarsest)?,
            unit: file.unit,
        }))
    };
    fit().unwrap_or(TotalFit::Unknown)
}

/// The totals of which `item`'s amount is `share`, both as written.
fn total_of(item: &Item, share: Percent) -> Option<Interval> {
    if share.approx != Approx::Exact || item.amount.won() <= Decimal::ZERO {
        return None;
    }
    let share = Interval::rounded(share.value, share.precision)?;
    if share.low() <= Decimal::ZERO {
        return None;
    }
    written(item.amount)?
        .checked_mul(Interval::point(Decimal::ONE_HUNDRED))?
        .checked_div(share)
}

/// `range` rounded outward to whole units of 10^`precision` won.
fn widened(range: Interval, precision: i32) -> Option<Interval> {
    let step = unit(precision)?;
    let low = range.low().checked_div(step)?.floor().checked_mul(step)?;
    let high = range.high().checked_div(step)?.ceil().checked_mul(step)?;
    Some(Interval::new(low, high))
}

#[cfg(test)]
mod tests {
    use super::super::check_file;
    use super::super::tests::dec;
    use crate::check::collect::Collector;
    use crate::check::said::{Said, SharesOfMoreSaid, TotalFit};
    use crate::check::{Finding, Severity};
    use crate::load::parse_str;

    /// The findings of a file in 억원 with `items` (id, amount, stated).
    fn findings(items: &[(&str, &str, &str)]) -> Vec<Finding> {
        let mut text = String::from("year = 2025\nregion = \"G\"\nunit = \"억원\"\n");
        for (id, amount, stated) in items {
            text.push_str(&format!(
                "[[item]]\nid = \"{id}\"\nname = \"{id}\"\ncategory = \"c\"\namount = {amount}\n{stated}\n"
            ));
        }
        let file = parse_str(&text, "s.toml").unwrap();
        let mut out = Collector::default();
        check_file(&file, &mut out.file("s.toml"));
        out.findings().to_vec()
    }

    fn share(pct: &str) -> String {
        format!("stated = {{ share_pct = {pct} }}")
    }

    /// The finding at the first share, which says why, and those after it.
    fn why(found: &[Finding]) -> (&SharesOfMoreSaid, Vec<&Said>) {
        let Said::SharesOfMore(said) = &found[0].said else {
            panic!("{found:?}");
        };
        (said, found[1..].iter().map(|f| &f.said).collect())
    }

    #[test]
    fn shares_that_cannot_reach_100_percent_are_of_a_larger_total() {
        // 30, 20 and 10억 printed as 30%, 20% and 10% of a budget of 100억
        // that the file lists only 60억 of.
        let (a, b, c) = (share("30"), share("20"), share("10"));
        let found = findings(&[("a", "30", &a), ("b", "20", &b), ("c", "10", &c)]);
        assert!(found.iter().all(|f| f.severity == Severity::Warning));
        assert_eq!(
            found.iter().map(|f| f.line).collect::<Vec<_>>(),
            [9, 15, 21]
        );
        let (said, others) = why(&found);
        // Each is taken to be at most a unit of its last digit more
        // (rounded or cut off): 31 + 21 + 11 = 63 < 100.
        assert_eq!(said.at_most, dec("63"));
        assert_eq!(said.listed.amount.won(), dec("6000000000"));
        // 30 (29.5..30.5) is 29.5%..30.5% of 29.5 / 0.305 = 96.72 up to
        // 30.5 / 0.295 = 103.39; 20 of 95.12..105.13; 10 of 90.48..110.53.
        // All three: 96.72..103.39, to whole 억: 96 to 104.
        let TotalFit::One(range) = said.fit else {
            panic!("{:?}", said.fit);
        };
        assert_eq!(range.range.low(), dec("9600000000"));
        assert_eq!(range.range.high(), dec("10400000000"));
        assert_eq!(others, [&Said::SharesOfMoreSee { line: 9 }; 2]);
    }

    #[test]
    fn shares_that_fit_no_one_total_say_one_is_misprinted() {
        // 30 at 30% is of 96.72..103.39; 20 at 40% of 19.5 / 0.405 = 48.1
        // up to 20.5 / 0.395 = 51.9. At most 31 + 41 = 72.
        let (a, b) = (share("30"), share("40"));
        let found = findings(&[("a", "30", &a), ("b", "20", &b)]);
        let (said, _) = why(&found);
        assert_eq!(said.fit, TotalFit::NoOne);
        assert_eq!(said.at_most, dec("72"));
    }

    #[test]
    fn shares_that_can_reach_100_percent_are_of_the_items() {
        // 30 + 20 + 50: 30%, 20% and 50% are checked, and pass.
        let (a, b, c) = (share("30"), share("20"), share("50"));
        assert!(findings(&[("a", "30", &a), ("b", "20", &b), ("c", "50", &c)]).is_empty());
        // 60% for 50 of 100 is an error as before (at most 31 + 21 + 61
        // > 100).
        let c = share("60");
        let found = findings(&[("a", "30", &a), ("b", "20", &b), ("c", "50", &c)]);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].severity, found[0].line), (Severity::Error, 21));
    }

    #[test]
    fn an_item_without_a_share_leaves_the_items_sum_as_the_base() {
        // Nothing says b's share is small: the shares may be of 30 + 20 +
        // 50, and 30% of it holds, 10% for 20 does not.
        let (a, b) = (share("30"), share("10"));
        let found = findings(&[("a", "30", &a), ("b", "20", &b), ("c", "50", "")]);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].severity, found[0].line), (Severity::Error, 15));
    }

    #[test]
    fn a_share_of_a_named_figure_is_checked_against_it() {
        // a and b are 30% and 20% of 100: b's share of a named 40억 (50%)
        // is checked against 40, and 20 of 40 is 50%.
        let a = share("30");
        let b = "stated = [{ share_pct = 20 }, { share_pct = 50, share_of = 40 }]";
        let found = findings(&[("a", "30", &a), ("b", "20", b)]);
        let lines: Vec<_> = found.iter().map(|f| (f.line, f.severity)).collect();
        assert_eq!(lines, [(9, Severity::Warning), (15, Severity::Warning)]);
    }

    #[test]
    fn a_floor_has_no_most() {
        // a's "30% 이상" has no most, so the shares may reach 100% and the
        // items' sum, 50, stays the base: a's 30 is 60% of it, at least
        // 30%, and passes; b's 20 is 40%, not 10%.
        let a = "stated = { share_pct = \"30% 이상\" }";
        let b = share("10");
        let found = findings(&[("a", "30", a), ("b", "20", &b)]);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].severity, found[0].line), (Severity::Error, 15));
    }
}
