//! Invariants that must hold for any input, checked with proptest against
//! independent integer arithmetic.

use gyeongju_budget::amount::{Amount, Unit};
use gyeongju_budget::diff::{ChangeStatus, DiffRow, diff};
use gyeongju_budget::load::parse_str;
use gyeongju_budget::report::outline::OutlineOptions;
use gyeongju_budget::summary::{Row, apply_outline, summarize};
use gyeongju_budget::trend::{TrendRow, trend};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Largest scale (decimals in billion won) the generated amounts use.
const MAX_DECIMALS: u32 = 4;

#[derive(Debug, Clone)]
struct GeneratedItem {
    mantissa: i64,
    decimals: u32,
    category: &'static str,
    status: &'static str,
}

fn generated_item() -> impl Strategy<Value = GeneratedItem> {
    (
        -10_000_000_000i64..10_000_000_000,
        0..=MAX_DECIMALS,
        prop::sample::select(vec!["a", "a/x", "a/y/z", "b", "b/x", "c/d/e/f"]),
        prop::sample::select(vec!["actual", "planned", "target", "cap"]),
    )
        .prop_map(|(mantissa, decimals, category, status)| GeneratedItem {
            mantissa,
            decimals,
            category,
            status,
        })
}

/// The literal `mantissa × 10^-decimals`, written as a TOML float or integer.
fn literal(item: &GeneratedItem) -> String {
    Decimal::new(item.mantissa, item.decimals).to_string()
}

fn year_file_text(items: &[GeneratedItem]) -> String {
    year_file_text_for(2025, items)
}

/// A year file whose item ids are `i0`, `i1`, ... in order, so two files
/// generated from lists of different lengths share their first ids.
fn year_file_text_for(year: i64, items: &[GeneratedItem]) -> String {
    let mut text = format!("year = {year}\nregion = \"R\"\nunit = \"billion won\"\n");
    for (index, item) in items.iter().enumerate() {
        text.push_str(&format!(
            "[[item]]\nid = \"i{index}\"\nname = \"n\"\ncategory = \"{}\"\namount = {}\nstatus = \"{}\"\n",
            item.category,
            literal(item),
            item.status
        ));
    }
    text
}

/// The expected total in won, from integers alone: each amount is
/// `mantissa × 10^(9 - decimals)` won.
fn expected_total_won(items: &[GeneratedItem]) -> i128 {
    items
        .iter()
        .filter(|item| matches!(item.status, "actual" | "planned"))
        .map(|item| i128::from(item.mantissa) * 10i128.pow(9 - item.decimals))
        .sum()
}

proptest! {
    #[test]
    fn the_total_is_the_exact_sum_of_actual_and_planned_items(
        items in prop::collection::vec(generated_item(), 0..40)
    ) {
        let file = parse_str(&year_file_text(&items), "p.toml").unwrap();
        let summary = summarize(&file).unwrap();
        prop_assert_eq!(summary.total.won(), Decimal::from_i128_with_scale(expected_total_won(&items), 0));
    }

    #[test]
    fn top_level_subtotals_add_up_to_the_total(
        items in prop::collection::vec(generated_item(), 1..40)
    ) {
        let file = parse_str(&year_file_text(&items), "p.toml").unwrap();
        let summary = summarize(&file).unwrap();
        let top_level: Decimal = summary
            .rows
            .iter()
            .filter_map(|row| match row {
                Row::Category(category) if category.depth == 1 => Some(category.subtotal.won()),
                _ => None,
            })
            .sum();
        prop_assert_eq!(top_level, summary.total.won());
    }

    #[test]
    fn amounts_with_units_are_read_exactly(
        mantissa in -1_000_000_000_000i64..1_000_000_000_000,
        decimals in 0u32..6,
        unit in prop::sample::select(vec![
            "won", "thousand won", "million won", "billion won", "trillion won",
            "원", "천원", "만원", "백만원", "억원", "십억원", "조원",
        ]),
        space in any::<bool>(),
    ) {
        let unit = Unit::parse(unit).unwrap();
        let number = Decimal::new(mantissa, decimals);
        let text = format!("{number}{}{}", if space { " " } else { "" }, unit.name());
        let amount = Amount::parse(&text, Unit::WON).unwrap();
        // mantissa × 10^(exponent - decimals), computed with integers.
        let shift = unit.exponent() as i32 - decimals as i32;
        let expected = if shift >= 0 {
            Decimal::from_i128_with_scale(i128::from(mantissa) * 10i128.pow(shift as u32), 0)
        } else {
            Decimal::from_i128_with_scale(i128::from(mantissa), (-shift) as u32)
        };
        prop_assert_eq!(amount.won(), expected);
        prop_assert_eq!(amount.precision(), shift);
    }

    #[test]
    fn korean_compound_numerals_are_read_exactly(
        jo in 0u64..10_000,
        eok in 0u64..10_000,
        man in 0u64..10_000,
        won in 0u64..10_000,
        grouped in any::<bool>(),
    ) {
        prop_assume!(jo + eok + man + won > 0);
        let show = |n: u64| if grouped && n >= 1000 {
            format!("{},{:03}", n / 1000, n % 1000)
        } else {
            n.to_string()
        };
        let mut parts = Vec::new();
        for (value, unit) in [(jo, "조"), (eok, "억"), (man, "만"), (won, "")] {
            if value > 0 {
                parts.push(format!("{}{unit}", show(value)));
            }
        }
        let text = format!("{}원", parts.join(" "));
        let expected = i128::from(jo) * 1_000_000_000_000
            + i128::from(eok) * 100_000_000
            + i128::from(man) * 10_000
            + i128::from(won);
        let amount = Amount::parse(&text, Unit::WON).unwrap();
        prop_assert_eq!(amount.won(), Decimal::from_i128_with_scale(expected, 0));
    }

    #[test]
    fn a_file_compared_with_itself_has_no_changes(
        items in prop::collection::vec(generated_item(), 0..30)
    ) {
        let file = parse_str(&year_file_text(&items), "p.toml").unwrap();
        let same = diff(&file, &file, true).unwrap();
        prop_assert_eq!(same.total.status, ChangeStatus::Unchanged);
        for row in &same.rows {
            let change = row.change();
            prop_assert_eq!(change.status, ChangeStatus::Unchanged);
            prop_assert!(change.change.unwrap().is_zero());
        }
        // Without --all, one remainder row stands for every item in totals,
        // so the rows shown still add up to the total.
        let shown = diff(&file, &file, false).unwrap();
        let in_totals = items
            .iter()
            .filter(|item| matches!(item.status, "actual" | "planned"))
            .count();
        match shown.rows.as_slice() {
            [] => prop_assert_eq!(in_totals, 0),
            [DiffRow::Unchanged(rest)] => {
                prop_assert_eq!(rest.items, in_totals);
                prop_assert_eq!(rest.change.old.unwrap().won(), same.total.old.unwrap().won());
            }
            other => prop_assert!(false, "unexpected rows {other:?}"),
        }
        prop_assert!(shown.excluded.is_empty());
    }

    #[test]
    fn changes_are_exact_and_add_up_to_the_change_of_the_total(
        old_items in prop::collection::vec(generated_item(), 0..30),
        new_items in prop::collection::vec(generated_item(), 0..30),
    ) {
        let old = parse_str(&year_file_text_for(2025, &old_items), "old.toml").unwrap();
        let new = parse_str(&year_file_text_for(2026, &new_items), "new.toml").unwrap();
        let compared = diff(&old, &new, true).unwrap();
        let mut item_changes = Decimal::ZERO;
        for row in &compared.rows {
            let DiffRow::Item(item) = row else { continue };
            let old_won = item.change.old.map_or(Decimal::ZERO, |a| a.won());
            let new_won = item.change.new.map_or(Decimal::ZERO, |a| a.won());
            if let Some(change) = item.change.change {
                prop_assert_eq!(change.won(), new_won - old_won);
            }
            item_changes += new_won - old_won;
        }
        let total_change = compared.total.change.unwrap().won();
        prop_assert_eq!(item_changes, total_change);
        prop_assert_eq!(
            total_change,
            Decimal::from_i128_with_scale(expected_total_won(&new_items) - expected_total_won(&old_items), 0)
        );
    }

    #[test]
    fn a_two_year_trend_grows_at_the_diff_percent_change(
        old_items in prop::collection::vec(generated_item(), 1..20),
        new_items in prop::collection::vec(generated_item(), 1..20),
    ) {
        let old = parse_str(&year_file_text_for(2025, &old_items), "old.toml").unwrap();
        let new = parse_str(&year_file_text_for(2026, &new_items), "new.toml").unwrap();
        let compared = diff(&old, &new, true).unwrap();
        let over_time = trend(&[new.clone(), old.clone()]).unwrap();
        let percent_by_id: std::collections::HashMap<String, Option<Decimal>> = compared
            .rows
            .iter()
            .filter_map(|row| match row {
                DiffRow::Item(item) => Some((item.id.clone(), item.change.change_pct)),
                _ => None,
            })
            .collect();
        for row in &over_time.rows {
            let TrendRow::Item(item) = row else { continue };
            let first = item.series.values[0];
            let positive_base = first.is_some_and(|a| a.won() > Decimal::ZERO);
            let non_negative_end = item.series.values[1].is_some_and(|a| a.won() >= Decimal::ZERO);
            if positive_base && non_negative_end {
                prop_assert_eq!(item.series.cagr_pct, percent_by_id[item.text.id()]);
            } else {
                prop_assert_eq!(item.series.cagr_pct, None);
            }
        }
    }

    #[test]
    fn folded_rows_add_up_to_their_category(
        items in prop::collection::vec(generated_item(), 1..40),
        top in 0usize..4,
    ) {
        let file = parse_str(&year_file_text(&items), "p.toml").unwrap();
        let mut summary = summarize(&file).unwrap();
        let options = OutlineOptions { top: Some(top), ..OutlineOptions::default() };
        apply_outline(&mut summary, &options);
        // Each category's subtotal is the exact sum of the item and folded
        // rows directly under it plus its direct subcategories.
        for (index, row) in summary.rows.iter().enumerate() {
            let Row::Category(category) = row else { continue };
            let mut direct = Decimal::ZERO;
            for below in &summary.rows[index + 1..] {
                let (level, value) = match below {
                    Row::Category(c) => (c.depth, c.subtotal.won()),
                    Row::Item(i) => (i.category.depth() + 1, i.amount.won()),
                    Row::Others(o) | Row::Unchanged(o) => (o.category.depth() + 1, o.subtotal.won()),
                };
                if level <= category.depth {
                    break;
                }
                if level == category.depth + 1 {
                    direct += value;
                }
            }
            prop_assert_eq!(direct, category.subtotal.won());
        }
        let shown_items = summary.rows.iter().filter(|r| matches!(r, Row::Item(_))).count();
        let categories_with_items = summary
            .rows
            .iter()
            .filter_map(|r| match r { Row::Item(i) => Some(i.category.clone()), _ => None })
            .collect::<std::collections::HashSet<_>>()
            .len();
        prop_assert!(shown_items <= top * categories_with_items.max(1));
    }

    #[test]
    fn the_amount_parser_never_panics(text in "\\PC{0,40}") {
        let _ = Amount::parse(&text, Unit::WON);
        let _ = Amount::from_toml_literal(&text, Unit::WON);
    }

    #[test]
    fn the_loader_never_panics(text in "(year = 2025\n|region = \"r\"\n|\\[\\[item\\]\\]\n|amount = \\PC{0,12}\n|id = \"a\"\n|\\PC{0,20}\n){0,12}") {
        let _ = parse_str(&text, "p.toml");
    }
}
