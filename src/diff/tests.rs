//! `diff`'s unit tests: pairing, remainders, shares, odd pairings.

use super::*;
use crate::load::{Fold, parse_str};
use std::str::FromStr;

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn file(year: i64, items: &[(&str, &str, &str, &str)]) -> YearFile {
    let mut text = format!("year = {year}\nregion = \"R\"\nunit = \"billion won\"\n");
    for (id, category, amount, status) in items {
        text.push_str(&format!(
            "[[item]]\nid = \"{id}\"\nname = \"{id}\"\ncategory = \"{category}\"\namount = {amount}\nstatus = \"{status}\"\n"
        ));
    }
    parse_str(&text, &format!("{year}.toml")).unwrap()
}

fn item<'d>(diff: &'d Diff, id: &str) -> &'d ItemChange {
    diff.rows
        .iter()
        .find_map(|row| match row {
            DiffRow::Item(item) if item.id == id => Some(item),
            _ => None,
        })
        .or_else(|| diff.excluded.iter().find(|i| i.id == id))
        .unwrap_or_else(|| panic!("no row for {id}"))
}

#[test]
fn items_are_matched_by_id() {
    let old = file(
        2025,
        &[("a", "x", "10", "actual"), ("gone", "x", "3", "actual")],
    );
    let new = file(
        2026,
        &[("a", "x", "12", "planned"), ("fresh", "y", "1", "planned")],
    );
    let diff = diff(&old, &new, true).unwrap();
    let a = item(&diff, "a");
    assert_eq!(a.change.status, ChangeStatus::Changed);
    assert_eq!(a.change.change.unwrap().won(), dec("2000000000"));
    assert_eq!(a.change.change_pct, Some(dec("20")));
    assert_eq!(item(&diff, "gone").change.status, ChangeStatus::Removed);
    assert_eq!(item(&diff, "fresh").change.status, ChangeStatus::New);
    assert_eq!(item(&diff, "fresh").change.change_pct, None);
    // Totals: 13 -> 13.
    assert_eq!(diff.total.status, ChangeStatus::Unchanged);
    // New and removed items change by their whole amount, so the item
    // changes add up to the total's: +2 - 3 + 1 = 0.
    assert_eq!(
        item(&diff, "gone").change.change.unwrap().won(),
        dec("-3000000000")
    );
    assert_eq!(
        item(&diff, "fresh").change.change.unwrap().won(),
        dec("1000000000")
    );
    assert_eq!(diff.total.change.unwrap().won(), dec("0"));
}

#[test]
fn hidden_unchanged_rows_leave_a_remainder_so_rows_add_up() {
    // x/p: a 10 -> 12, b 5 -> 5; x/q: c 7 -> 7 (whole category
    // unchanged); x: gone 2 -> -, fresh - -> 1; y: d 3 -> 3.
    let old = file(
        2025,
        &[
            ("a", "x/p", "10", "actual"),
            ("b", "x/p", "5", "actual"),
            ("c", "x/q", "7", "actual"),
            ("d", "y", "3", "actual"),
            ("gone", "x", "2", "actual"),
        ],
    );
    let new = file(
        2026,
        &[
            ("a", "x/p", "12", "actual"),
            ("b", "x/p", "5", "actual"),
            ("c", "x/q", "7", "actual"),
            ("d", "y", "3", "actual"),
            ("fresh", "x", "1", "actual"),
        ],
    );
    let diff = diff(&old, &new, false).unwrap();
    // What, status, old and new in billion won, items stood for.
    type Shown = (String, String, Option<Decimal>, Option<Decimal>, usize);
    let shown: Vec<Shown> = diff
        .rows
        .iter()
        .map(|row| {
            let (kind, label, items) = match row {
                DiffRow::Category(c) => ("category", c.category.to_string(), 0),
                DiffRow::Item(i) => ("item", i.id.clone(), 1),
                DiffRow::Others(o) => ("others", o.category.to_string(), o.items),
                DiffRow::Unchanged(o) => ("unchanged", o.category.to_string(), o.items),
            };
            let billions = |a: Option<Amount>| a.map(|a| a.won() / dec("1000000000"));
            let change = row.change();
            (
                format!("{kind} {label}"),
                format!("{:?}", change.status),
                billions(change.old),
                billions(change.new),
                items,
            )
        })
        .collect();
    let row = |what: &str, status: &str, old: Option<&str>, new: Option<&str>, items| {
        (
            what.to_owned(),
            status.to_owned(),
            old.map(dec),
            new.map(dec),
            items,
        )
    };
    assert_eq!(
        shown,
        [
            // x: 10 + 5 + 7 + 2 = 24 -> 12 + 5 + 7 + 1 = 25.
            row("category x", "Changed", Some("24"), Some("25"), 0),
            row("category x/p", "Changed", Some("15"), Some("17"), 0),
            row("item a", "Changed", Some("10"), Some("12"), 1),
            // b alone.
            row("unchanged x/p", "Unchanged", Some("5"), Some("5"), 1),
            // The new file's order, then what only the old one has.
            row("item fresh", "New", None, Some("1"), 1),
            row("item gone", "Removed", Some("2"), None, 1),
            // x/q, a whole unchanged category: c's 7.
            row("unchanged x", "Unchanged", Some("7"), Some("7"), 1),
            // y at the top level: d's 3.
            row("unchanged ", "Unchanged", Some("3"), Some("3"), 1),
        ]
    );
    // Shown rows add up: in x, 15 + 2 + 7 = 24 and 17 + 1 + 7 = 25; at
    // the top level 24 + 3 = 27 = 10 + 5 + 7 + 3 + 2.
    assert_eq!(diff.total.old.unwrap().won(), dec("27000000000"));
}

#[test]
fn shares_change_in_percentage_points() {
    // Old: a 10 of 40 = 25%; new: a 30 of 60 = 50%: +25 %p.
    let old = file(
        2025,
        &[("a", "x", "10", "actual"), ("b", "y", "30", "actual")],
    );
    let new = file(
        2026,
        &[("a", "x", "30", "actual"), ("b", "y", "30", "actual")],
    );
    let diff = diff(&old, &new, true).unwrap();
    let a = item(&diff, "a");
    assert_eq!(a.share.old_share_pct, Some(dec("25")));
    assert_eq!(a.share.new_share_pct, Some(dec("50")));
    assert_eq!(a.share.share_change_pp, Some(dec("25")));
}

#[test]
fn moved_items_count_in_their_old_category_on_the_old_side() {
    let old = file(2025, &[("a", "x", "10", "actual")]);
    let new = file(2026, &[("a", "y", "10", "actual")]);
    let diff = diff(&old, &new, false).unwrap();
    let categories: Vec<(String, ChangeStatus)> = diff
        .rows
        .iter()
        .filter_map(|row| match row {
            DiffRow::Category(c) => Some((c.category.to_string(), c.change.status)),
            _ => None,
        })
        .collect();
    assert_eq!(
        categories,
        [
            ("y".to_owned(), ChangeStatus::New),
            ("x".to_owned(), ChangeStatus::Removed)
        ]
    );
    // The item itself did not change, so it is hidden without --all.
    assert!(!diff.rows.iter().any(|r| matches!(r, DiffRow::Item(_))));
    let all = super::diff(&old, &new, true).unwrap();
    assert_eq!(
        item(&all, "a").old_category.as_ref().unwrap().to_string(),
        "x"
    );
}

#[test]
fn targets_and_caps_are_compared_apart() {
    let old = file(
        2025,
        &[("t", "x", "100", "target"), ("a", "x", "1", "actual")],
    );
    let new = file(
        2026,
        &[("t", "x", "150", "target"), ("a", "x", "1", "actual")],
    );
    let diff = diff(&old, &new, false).unwrap();
    assert_eq!(diff.total.status, ChangeStatus::Unchanged);
    assert_eq!(diff.excluded.len(), 1);
    assert_eq!(diff.excluded[0].change.change_pct, Some(dec("50")));
    // Nothing in totals changed: one remainder row stands for `a`, so
    // the rows still add up to the total (1 -> 1).
    assert!(matches!(
        diff.rows.as_slice(),
        [DiffRow::Unchanged(OthersChange { items: 1, .. })]
    ));
}

#[test]
fn odd_pairings_warn() {
    let old = file(2026, &[]);
    let new = file(2025, &[]);
    let diff = diff(&old, &new, true).unwrap();
    let worded = |lang| -> Vec<String> {
        diff.warnings
            .iter()
            .map(|warning| crate::render::pairing::pairing_warning(warning, lang))
            .collect()
    };
    assert_eq!(
        worded(crate::render::Lang::En),
        ["OLD (2026.toml, 2026) is later than NEW (2025.toml, 2025); changes are NEW minus OLD"]
    );
    assert_eq!(
        worded(crate::render::Lang::Ko),
        [
            "OLD(2026.toml, 2026년)가 NEW(2025.toml, 2025년)보다 나중 연도입니다. 증감은 \
             NEW에서 OLD를 뺀 값입니다"
        ]
    );
}

#[test]
fn printed_totals_are_compared_beside_the_sums_and_never_taken_for_zero() {
    let printed = |year: i64, totals: &str| {
        let text = format!(
            "year = {year}\nregion = \"R\"\nunit = \"billion won\"\n\
             [[item]]\nid = \"a\"\nname = \"a\"\ncategory = \"x\"\namount = 10\n{totals}"
        );
        parse_str(&text, &format!("{year}.toml")).unwrap()
    };
    let old = printed(
        2025,
        "[[total]]\namount = 12\n[[total]]\ncategory = \"x\"\namount = 10\n",
    );
    let new = printed(2026, "[[total]]\namount = 15\n");
    let d = diff(&old, &new, true).unwrap();
    // Grand: 12 → 15 billion won, +3, 3 / 12 = 25%; the sums stay 10 → 10.
    let grand = d.printed_total.expect("both files print a grand total");
    assert_eq!(grand.status, ChangeStatus::Changed);
    assert_eq!(grand.change.map(Amount::won), Some(dec("3000000000")));
    assert_eq!(grand.change_pct, Some(dec("25")));
    assert_eq!(d.total.change.map(Amount::won), Some(Decimal::ZERO));
    // Category x: only OLD prints one (10); NEW's missing figure is not 0.
    let x = d
        .rows
        .iter()
        .find_map(|row| match row {
            DiffRow::Category(c) => c.printed_total,
            _ => None,
        })
        .expect("OLD prints a total for x");
    assert_eq!(x.status, ChangeStatus::Unknown);
    assert_eq!(x.old.map(Amount::won), Some(dec("10000000000")));
    assert_eq!((x.new, x.change, x.change_pct), (None, None, None));
    // Neither prints one: no key at all.
    let plain = file(2026, &[("a", "x", "10", "actual")]);
    assert!(diff(&plain, &plain, true).unwrap().printed_total.is_none());
}

#[test]
fn a_moved_printed_total_keeps_its_category_without_all() {
    let printed = |year: i64, totals: &str| {
        let text = format!(
            "year = {year}\nregion = \"R\"\nunit = \"billion won\"\n\
             [[item]]\nid = \"a\"\nname = \"a\"\ncategory = \"x\"\namount = 10\n\
             [[item]]\nid = \"b\"\nname = \"b\"\ncategory = \"y\"\namount = 5\n\
             [[item]]\nid = \"c\"\nname = \"c\"\ncategory = \"z\"\namount = 1\n{totals}"
        );
        parse_str(&text, &format!("{year}.toml")).unwrap()
    };
    // No item changes. x prints 10 then 11 (changed); y prints 5 in OLD
    // only (unknown); z prints 1 in both (unchanged).
    let old = printed(
        2025,
        "[[total]]\ncategory = \"x\"\namount = 10\n\
         [[total]]\ncategory = \"y\"\namount = 5\n\
         [[total]]\ncategory = \"z\"\namount = 1\n",
    );
    let new = printed(
        2026,
        "[[total]]\ncategory = \"x\"\namount = 11\n\
         [[total]]\ncategory = \"z\"\namount = 1\n",
    );
    let d = diff(&old, &new, false).unwrap();
    let kept: Vec<(String, ChangeStatus)> = d
        .rows
        .iter()
        .filter_map(|row| match row {
            DiffRow::Category(c) => Some((
                c.category.to_string(),
                c.printed_total.expect("every category prints").status,
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        kept,
        [
            ("x".to_owned(), ChangeStatus::Changed),
            ("y".to_owned(), ChangeStatus::Unknown)
        ]
    );
    // Their items, and all of z, are unchanged: x's and y's remainders
    // (10 and 5 billion) and z's at the top level (1 billion) still add
    // up to the total, 16 billion on both sides.
    let remainders: Vec<Decimal> = d
        .rows
        .iter()
        .filter_map(|row| match row {
            DiffRow::Unchanged(o) => o.change.new.map(Amount::won),
            _ => None,
        })
        .collect();
    assert_eq!(
        remainders,
        [dec("10000000000"), dec("5000000000"), dec("1000000000")]
    );
}

/// An item that moves from a category `--depth` hides into one it shows
/// needs its old row, which a listing kept to that depth does not have:
/// the listed diff says so (`None`) rather than print the row without its
/// old name and category, and with the old file listed whole it is the
/// full diff.
#[test]
fn an_item_moved_into_view_asks_for_the_old_file_whole() {
    let old = file(
        2025,
        &[("a", "x/deep", "10", "actual"), ("b", "x", "1", "actual")],
    );
    let mut new = file(
        2026,
        &[("a", "x", "12", "actual"), ("b", "x", "1", "actual")],
    );
    new.items[0].name = "renamed".to_owned();
    let depth = Some(2);
    let kept = |file: &YearFile| Listing::of_items(file.items.clone(), depth);
    let (old_kept, new_kept) = (kept(&old), kept(&new));
    assert!(
        diff_listed((&old, &old_kept), (&new, &new_kept), true, depth)
            .unwrap()
            .is_none()
    );
    let whole = diff_listed(
        (&old, &Listing::of_file(&old)),
        (&new, &new_kept),
        true,
        depth,
    )
    .unwrap()
    .expect("every old row kept");
    let a = item(&whole, "a");
    assert_eq!(a.old_name.as_deref(), Some("a"));
    assert_eq!(
        a.old_category.as_ref().map(ToString::to_string).as_deref(),
        Some("x/deep")
    );
    // 10 → 12 (billion won): +2.
    assert_eq!(a.change.change.unwrap().won(), dec("2000000000"));
    let json = |d: &Diff| serde_json::to_string(d).unwrap();
    assert_eq!(
        json(&whole),
        json(&diff_to_depth(&old, &new, true, depth).unwrap())
    );
}

/// Items (id, category, amount, status) for the property below.
type ItemList = Vec<(String, String, String, String)>;

/// Two small files whose ids overlap, in categories one to three levels
/// deep, with amounts written at several scales and statuses in and out
/// of totals.
fn two_files() -> impl Strategy<Value = (ItemList, ItemList)> {
    let one = || {
        (
            0u8..12,
            prop::sample::select(vec!["a", "a/b", "a/b/c", "d", "d/e", "a/f"]),
            prop::sample::select(vec!["1", "2.5", "-3", "0", "7.25", "1000", "0.001"]),
            prop::sample::select(vec!["actual", "planned", "target"]),
        )
    };
    let list = move || {
        prop::collection::vec(one(), 0..14).prop_map(|items| {
            let mut seen = std::collections::HashSet::new();
            items
                .into_iter()
                .filter(|(id, ..)| seen.insert(*id))
                .map(|(id, category, amount, status)| {
                    (
                        format!("i{id}"),
                        category.to_owned(),
                        amount.to_owned(),
                        status.to_owned(),
                    )
                })
                .collect::<ItemList>()
        })
    };
    (list(), list())
}

fn file_of(year: i64, items: &ItemList) -> YearFile {
    let items: Vec<(&str, &str, &str, &str)> = items
        .iter()
        .map(|(i, c, a, s)| (i.as_str(), c.as_str(), a.as_str(), s.as_str()))
        .collect();
    file(year, &items)
}

/// The diff as JSON, or its error's text.
fn shown(compared: Result<Compared, OverflowError>) -> String {
    match compared {
        Ok(Compared::Diff(diff)) => serde_json::to_string(&diff).unwrap(),
        Ok(Compared::RowNotKept) => "row not kept".to_owned(),
        Ok(Compared::OrderMatters) => "order matters".to_owned(),
        Err(error) => error.to_string(),
    }
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(crate::testing::regressions_beside_the_source())]

    /// Rolling the new side's sums up at the end gives what adding each
    /// item at every ancestor in order gives, and a listing folded batch
    /// by batch (categories in one shared table) the whole file's.
    #[test]
    fn sums_rolled_up_and_listings_in_batches_are_the_diff_in_order(
        (old_items, new_items) in two_files(),
        depth in prop_oneof![Just(None), (0usize..4).prop_map(Some)],
        all in any::<bool>(),
    ) {
        let (old, new) = (file_of(2025, &old_items), file_of(2026, &new_items));
        let (old_whole, new_whole) = (Listing::of_file(&old), Listing::of_file(&new));
        let in_order = shown(compared((&old, &old_whole), (&new, &new_whole), all, depth, Summing::InOrder));
        let rolled_up = shown(compared((&old, &old_whole), (&new, &new_whole), all, depth, Summing::RolledUp));
        prop_assert_eq!(&rolled_up, &in_order);
        let in_batches = |file: &YearFile| {
            let options = ListingOptions::keeping(None);
            let mut fold = ListingFold::new(file, &options);
            for batch in file.items.chunks(3) {
                fold.merge(ListingFold::part(&options, batch.to_vec())).unwrap();
            }
            fold.finish()
        };
        let (old_batched, new_batched) = (in_batches(&old), in_batches(&new));
        let batched = shown(compared((&old, &old_batched), (&new, &new_batched), all, depth, Summing::RolledUp));
        prop_assert_eq!(&batched, &in_order);
    }
}

#[test]
fn sums_that_could_depend_on_their_order_are_added_in_order() {
    // 79,228,162,514,264,337,593,543,950,335 is Decimal's largest integer;
    // in billion won each of these is about 4 × 10^28 won: the two add
    // up to more than Decimal holds, in any order.
    let big = "40000000000000000000";
    let old = file(2025, &[("a", "x", "1", "actual")]);
    let new = file(
        2026,
        &[("a", "x", big, "actual"), ("b", "x/y", big, "actual")],
    );
    let (old_listed, new_listed) = (Listing::of_file(&old), Listing::of_file(&new));
    let rolled_up = compared(
        (&old, &old_listed),
        (&new, &new_listed),
        true,
        None,
        Summing::RolledUp,
    );
    assert!(matches!(rolled_up, Ok(Compared::OrderMatters)));
    let in_order = shown(compared(
        (&old, &old_listed),
        (&new, &new_listed),
        true,
        None,
        Summing::InOrder,
    ));
    // The in-order error names where the sum first overflows: category x
    // (b added at x/y, then at x, which holds a already).
    assert!(in_order.contains("category `x`"), "{in_order}");
    let listed = diff_listed((&old, &old_listed), (&new, &new_listed), true, None);
    assert_eq!(listed.unwrap_err().to_string(), in_order);
}
