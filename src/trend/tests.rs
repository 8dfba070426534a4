use super::*;
use crate::load::parse_str;
use std::str::FromStr;

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn file(year: i64, phase: &str, items: &[(&str, &str)]) -> YearFile {
    let mut text = format!("year = {year}\nregion = \"R\"\nphase = \"{phase}\"\n");
    for (id, amount) in items {
        text.push_str(&format!(
            "[[item]]\nid = \"{id}\"\nname = \"{id}\"\ncategory = \"c\"\namount = {amount}\n"
        ));
    }
    parse_str(&text, &format!("{year}-{phase}.toml")).unwrap()
}

#[test]
fn roots_are_exact_where_the_answer_is() {
    assert_eq!(nth_root(dec("1.21"), 2), Some(dec("1.1")));
    assert_eq!(nth_root(dec("1.331"), 3).unwrap().round_dp(20), dec("1.1"));
    assert_eq!(nth_root(dec("16"), 4).unwrap().round_dp(20), dec("2"));
    assert_eq!(nth_root(dec("0"), 5), Some(dec("0")));
}

#[test]
fn cagr_over_several_years() {
    // 100 -> 121 over two years is +10% a year.
    assert_eq!(
        cagr_pct(dec("100"), dec("121"), 2).unwrap().round_dp(20),
        dec("10")
    );
    // 100 -> 50 over one year: -50%.
    assert_eq!(cagr_pct(dec("100"), dec("50"), 1), Some(dec("-50")));
    assert_eq!(cagr_pct(dec("0"), dec("50"), 3), None);
    assert_eq!(cagr_pct(dec("-5"), dec("50"), 3), None);
    assert_eq!(cagr_pct(dec("5"), dec("50"), 0), None);
    // To nothing: -100%.
    assert_eq!(cagr_pct(dec("5"), dec("0"), 2), Some(dec("-100")));
}

#[test]
fn files_are_ordered_by_year_then_phase() {
    let files = [
        file(2026, "final", &[]),
        file(2026, "supplementary-1", &[]),
        file(2025, "executed", &[]),
        file(2026, "original", &[]),
    ];
    let trend = trend(&files).unwrap();
    let labels: Vec<&str> = trend.periods.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "2025 executed",
            "2026 original",
            "2026 supplementary-1",
            "2026 final"
        ]
    );
}

/// A file whose items are `(id, category, amount)`.
fn file_in(year: i64, items: &[(&str, &str, &str)]) -> YearFile {
    let mut text = format!("year = {year}\nregion = \"R\"\n");
    for (id, category, amount) in items {
        text.push_str(&format!(
            "[[item]]\nid = \"{id}\"\nname = \"{id}\"\ncategory = \"{category}\"\namount = {amount}\n"
        ));
    }
    parse_str(&text, &format!("{year}.toml")).unwrap()
}

#[test]
fn hidden_ids_are_counted_once_across_files_read_in_any_order() {
    let files = [
        file_in(
            2024,
            &[("a", "x", "1"), ("b", "x/y", "10"), ("c", "x/y", "100")],
        ),
        file_in(
            2025,
            &[("b", "x/y", "20"), ("d", "x/z", "300"), ("a", "x", "2")],
        ),
    ];
    let folds: Vec<PeriodFold> = files
        .iter()
        .map(|file| {
            let mut fold = PeriodFold::new(file, Some(2));
            for item in file.items.clone() {
                fold.add(item).unwrap();
            }
            fold
        })
        .collect();
    let in_order = trend_of(&folds).unwrap();
    let reversed = trend_of(&[folds[1].clone(), folds[0].clone()]).unwrap();
    let categories = |trend: &Trend| -> Vec<(String, Vec<Option<String>>, usize)> {
        trend
            .rows
            .iter()
            .filter_map(|row| match row {
                TrendRow::Category(c) => Some((
                    c.category.to_string(),
                    c.series
                        .values
                        .iter()
                        .map(|v| v.map(|v| v.won().to_string()))
                        .collect(),
                    c.hidden_items,
                )),
                _ => None,
            })
            .collect()
    };
    let some = |won: &str| Some(won.to_owned());
    // x: 1 + 10 + 100 = 111, then 20 + 300 + 2 = 322 (amounts in won).
    // x/y hides b and c in 2024 and b again in 2025: two ids, not three.
    let expected = vec![
        ("x".to_owned(), vec![some("111"), some("322")], 0),
        ("x/y".to_owned(), vec![some("110"), some("20")], 2),
        ("x/z".to_owned(), vec![None, some("300")], 1),
    ];
    assert_eq!(categories(&in_order), expected);
    assert_eq!(categories(&reversed), expected);
    // `a` is the one item shown, under x, first of its rows.
    let items = |trend: &Trend| -> Vec<String> {
        trend
            .rows
            .iter()
            .map(|row| match row {
                TrendRow::Item(item) => format!("item {}", item.text.id()),
                TrendRow::Category(c) => format!("category {}", c.category),
                _ => "other".to_owned(),
            })
            .collect()
    };
    let walk = ["category x", "item a", "category x/y", "category x/z"];
    assert_eq!(items(&in_order), walk);
    assert_eq!(items(&reversed), walk);
}

#[test]
fn missing_years_are_blanks_not_zeros() {
    let files = [
        file(2023, "final", &[("a", "100"), ("b", "5")]),
        file(2024, "final", &[("b", "6")]),
        file(2025, "final", &[("a", "121"), ("b", "7")]),
    ];
    let trend = trend(&files).unwrap();
    let a = trend
        .rows
        .iter()
        .find_map(|row| match row {
            TrendRow::Item(item) if item.text.id() == "a" => Some(item),
            _ => None,
        })
        .unwrap();
    assert_eq!(a.series.values[1], None);
    assert_eq!(a.series.cagr_pct.unwrap().round_dp(20), dec("10"));
    let totals: Vec<String> = trend
        .total
        .values
        .iter()
        .map(|v| v.unwrap().won().to_string())
        .collect();
    assert_eq!(totals, ["105", "6", "128"]);
}

#[test]
fn an_items_id_and_name_are_written_as_two_fields_in_their_place() {
    let text = ItemText::new("p1", "복지관 운영");
    assert_eq!(text.id(), "p1");
    assert_eq!(text.name(), "복지관 운영");
    assert_eq!(
        serde_json::to_string(&text).unwrap(),
        r#"{"id":"p1","name":"복지관 운영"}"#
    );
    let trend = trend(&[file(2024, "본예산", &[("p1", "5")])]).unwrap();
    let TrendRow::Item(item) = &trend.rows[1] else {
        panic!("the item's row follows its category's");
    };
    let json = serde_json::to_string(item).unwrap();
    assert!(
        json.starts_with(r#"{"id":"p1","name":"p1","category":"c","values":["5"]"#),
        "{json}"
    );
}

#[test]
fn a_file_folded_an_item_a_batch_is_gathered_as_in_one_batch() {
    let files = [
        file_in(
            2024,
            &[("a", "x", "1"), ("b", "x/y", "10"), ("c", "x", "3")],
        ),
        file_in(
            2025,
            &[("c", "x", "4"), ("b", "x/y", "20"), ("d", "x", "5")],
        ),
    ];
    let rows = |batches: bool| -> Vec<String> {
        let folds: Vec<PeriodFold> = files
            .iter()
            .map(|file| {
                let mut fold = PeriodFold::new(file, Some(2));
                if batches {
                    for item in file.items.clone() {
                        fold.add(item).unwrap();
                    }
                } else {
                    fold.merge(PeriodFold::part(Some(2), file.items.clone()))
                        .unwrap();
                }
                fold
            })
            .collect();
        let trend = trend_of(&folds).unwrap();
        trend
            .rows
            .iter()
            .map(|row| match row {
                TrendRow::Item(item) => format!(
                    "{} {} {:?}",
                    item.text.id(),
                    item.text.name(),
                    item.series.values.to_vec()
                ),
                TrendRow::Category(category) => format!(
                    "{} {:?} hides {}",
                    category.category,
                    category.series.values.to_vec(),
                    category.hidden_items
                ),
                _ => String::from("other"),
            })
            .collect()
    };
    let whole = rows(false);
    // x: 1 + 10 + 3 = 14, then 4 + 20 + 5 = 29; b (in x/y/z) is hidden,
    // counted once under x/y, the category where the shown tree stops.
    let amount = |won: i64| format!("Some(Amount {{ won: {won}, precision: 0 }})");
    let expected = [
        format!("x [{}, {}] hides 0", amount(14), amount(29)),
        format!("a a [{}, None]", amount(1)),
        format!("c c [{}, {}]", amount(3), amount(4)),
        format!("d d [None, {}]", amount(5)),
        format!("x/y [{}, {}] hides 1", amount(10), amount(20)),
    ];
    assert_eq!(whole, expected);
    assert_eq!(rows(true), whole);
}
