//! A stated share that misses this year's total but fits the share of a
//! category the figure sits in. Releases often give a line's share of its
//! account or sector ("일반회계의 25%") without saying so; checked against
//! the grand total it would be a false alarm, passed silently it would
//! hide what it is a share of. It is a warning that names the category,
//! its total, and the `share_of` that says so.

use super::money;
use super::stated::{Whole, stated_share};
use super::sums::{Sums, shown, sum};
use crate::amount::Amount;
use crate::check::collect::{Collector, FileReport};
use crate::check::said::Said;
use crate::model::{CategoryPath, Located, Percent, Stated, YearFile};

/// A share of `part`, an item or a printed total of `category` (`None`:
/// the grand total), whose check failed since `before`: if it fits the
/// share of an enclosing category, its errors become warnings naming it.
pub(super) fn judged_share(
    (file, sums): (&YearFile, &Sums),
    (stated, share, part): (&Stated, Located<Percent>, Amount),
    (category, in_totals, is_total): (Option<&CategoryPath>, bool, bool),
    before: usize,
    out: &mut FileReport<'_>,
) {
    if !out.errors_since(before) || stated.share_of.is_some() {
        return;
    }
    let Some(category) = category else {
        return;
    };
    // The enclosing categories, nearest first; a printed total is not a
    // share of itself.
    let mut enclosing: Vec<CategoryPath> = category.ancestors_and_self().collect();
    if is_total {
        enclosing.pop();
    }
    let fitting = enclosing.into_iter().rev().find_map(|outer| {
        let (whole, total) = whole_of(file, sums, &outer, (part, category, in_totals, is_total))?;
        let mut scratch = Collector::default();
        stated_share(
            file,
            stated,
            share,
            part,
            Some(whole),
            &mut scratch.file(&file.path),
        );
        scratch.all_hold().then_some((outer, total))
    });
    let Some((outer, total)) = fitting else {
        return;
    };
    out.errors_to_warnings(before, |said| Said::FitsShareOf {
        said,
        category: outer.to_string(),
        total: money(total, file),
    });
}

/// What a share of `part` would be of, were it a share of `outer`: its
/// printed total if the file has one, or else the sum of its items (with
/// the part inside it when the part is counted there); and that total as
/// shown.
fn whole_of(
    file: &YearFile,
    sums: &Sums,
    outer: &CategoryPath,
    (part, category, in_totals, is_total): (Amount, &CategoryPath, bool, bool),
) -> Option<(Whole, Amount)> {
    if let Some(printed) = file
        .totals
        .iter()
        .find(|t| t.category.as_ref() == Some(outer))
    {
        return Some((Whole::Named(printed.amount.value), printed.amount.value));
    }
    let inside = sums.of_category(Some(outer))?;
    let total = shown(inside.exact, inside.coarsest);
    let whole = if is_total {
        Whole::Rest(inside.without(sums.of_category(Some(category))?)?)
    } else if in_totals {
        Whole::Rest(inside.without(sum([part])?)?)
    } else {
        Whole::Apart(inside)
    };
    Some((whole, total))
}

#[cfg(test)]
mod tests {
    use crate::check::said::Said;
    use crate::check::{Severity, check_bytes};

    /// A file in 억원 with a printed grand total of 1,000: `a/x` 200 and
    /// `a/y` 600 (category `a`: 800), `b` 200; `extra` goes into item
    /// `a/x` (its `stated` table) and `tail` after every table.
    fn findings(extra: &str, tail: &str) -> Vec<(&'static str, Severity, Option<String>)> {
        let text = format!(
            "year = 2025\nregion = \"G\"\nunit = \"억원\"\n[[total]]\namount = 1000\n\
             [[item]]\nid = \"x\"\nname = \"X\"\ncategory = \"a/x\"\namount = 200\n{extra}\n\
             [[item]]\nid = \"y\"\nname = \"Y\"\ncategory = \"a/y\"\namount = 600\n\
             [[item]]\nid = \"b\"\nname = \"B\"\ncategory = \"b\"\namount = 200\n{tail}"
        );
        check_bytes(&[("t.toml".to_owned(), text.into_bytes())])
            .findings
            .into_iter()
            .map(|f| {
                let of = match f.said {
                    Said::FitsShareOf { category, .. } => Some(category),
                    _ => None,
                };
                (f.rule, f.severity, of)
            })
            .collect()
    }

    #[test]
    fn a_share_of_an_enclosing_category_is_a_warning_naming_it() {
        // 200 is 20% of 1,000, 25% of `a` (800) and 100% of `a/x`.
        assert_eq!(
            findings("stated = { share_pct = 25 }", ""),
            [("stated-share", Severity::Warning, Some("a".to_owned()))]
        );
        // The nearest category first.
        assert_eq!(
            findings("stated = { share_pct = 100 }", ""),
            [("stated-share", Severity::Warning, Some("a/x".to_owned()))]
        );
    }

    #[test]
    fn a_printed_subtotal_is_the_whole_it_is_checked_against() {
        // `a` printed as 900 (an error of its own, listed after the
        // share): 200 is 22.2% of it, 25% of its items' sum.
        let printed = "[[total]]\ncategory = \"a\"\namount = 900\n";
        let mismatch = ("total-mismatch", Severity::Error, None);
        assert_eq!(
            findings("stated = { share_pct = 22.2 }", printed),
            [
                ("stated-share", Severity::Warning, Some("a".to_owned())),
                mismatch.clone()
            ]
        );
        assert_eq!(
            findings("stated = { share_pct = 25 }", printed),
            [("stated-share", Severity::Error, None), mismatch]
        );
    }

    #[test]
    fn a_share_that_fits_no_category_or_names_its_whole_stays_an_error() {
        assert_eq!(
            findings("stated = { share_pct = 30 }", ""),
            [("stated-share", Severity::Error, None)]
        );
        // `share_of` says what it is a share of: taken at its word.
        assert_eq!(
            findings("stated = { share_pct = 25, share_of = 1000 }", ""),
            [("stated-share", Severity::Error, None)]
        );
    }

    #[test]
    fn a_printed_totals_share_is_tried_against_the_categories_above_it() {
        // `a/x` printed as 200 with 25%: of `a` (800), not of itself.
        let total = "[[total]]\ncategory = \"a/x\"\namount = 200\nstated = { share_pct = 25 }\n";
        assert_eq!(
            findings("", total),
            [("stated-share", Severity::Warning, Some("a".to_owned()))]
        );
        let total = "[[total]]\ncategory = \"a/x\"\namount = 200\nstated = { share_pct = 100 }\n";
        assert_eq!(
            findings("", total),
            [("stated-share", Severity::Error, None)]
        );
    }
}
