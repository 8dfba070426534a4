use super::*;
use proptest::prelude::*;

fn magnitude_of(amounts: &[Decimal]) -> Option<Magnitude> {
    amounts
        .iter()
        .try_fold(Magnitude::ZERO, |magnitude, &amount| magnitude.with(amount))
}

#[test]
fn the_bound_is_the_sum_of_sizes_at_the_finest_scale() {
    let max = Decimal::MAX; // 2^96 − 1 at scale 0
    // |−(2^96 − 1)| at scale 0 fits: every sum of it alone is exact.
    assert!(magnitude_of(&[-max]).unwrap().bounds_every_sum());
    // 2^96 − 1 and 0.1: the sum of sizes needs (2^96 − 1) × 10 + 1 at
    // scale 1, beyond 96 bits (it is not even held exactly).
    let tenth = Decimal::new(1, 1);
    assert!(magnitude_of(&[max, tenth]).is_none());
    // 7.9e27 (a 28-digit integer) and 0.5: 7.9e27 × 10 + 5 at scale 1 is
    // 7.9e28 + 5 < 2^96 ≈ 7.92e28, so it fits. With 0.10 the sum is
    // held (as …000.1, 7.9e28 + 1 at scale 1), but at the scale of
    // 0.10 it is 7.9e29 + 10, beyond: not vouched for.
    let big = Decimal::from_i128_with_scale(7_900_000_000_000_000_000_000_000_000, 0);
    let half = Decimal::new(5, 1);
    assert!(magnitude_of(&[big, half]).unwrap().bounds_every_sum());
    let tenth_at_scale_2 = Decimal::new(10, 2);
    assert!(
        !magnitude_of(&[big, tenth_at_scale_2])
            .unwrap()
            .bounds_every_sum()
    );
    // 5e28 and −5e28: the sum is 0, the sum of sizes 1e29 is beyond.
    let huge = Decimal::from_i128_with_scale(50_000_000_000_000_000_000_000_000_000, 0);
    assert!(magnitude_of(&[huge, -huge]).is_none());
}

fn amount() -> impl Strategy<Value = Decimal> {
    (any::<i64>(), 0u32..=12, 0u32..=16).prop_map(|(digits, scale, widen)| {
        // Up to 19 digits, widened by up to 16 more: some sums leave
        // the 96 bits, most do not.
        // |i64| × 10^16 < 9.3e34, within i128.
        let value = i128::from(digits).saturating_mul(10i128.pow(widen));
        Decimal::from_i128_with_scale(value.checked_rem(10i128.pow(28)).unwrap_or(0), scale)
    })
}

/// A part described field by field: each shown item with its id, each
/// hidden category with its sum and the ids added up in it, and the bound
/// of sums.
fn described(part: &PeriodPart) -> Vec<String> {
    assert_eq!(part.ids.iter().count(), part.roles.len());
    assert_eq!(part.shown.names.iter().count(), part.shown.items.len());
    let mut items = part.shown.items.iter().zip(part.shown.names.iter());
    let mut shown = Vec::new();
    let mut hidden_ids: Vec<Vec<&str>> = vec![Vec::new(); part.hidden.len()];
    for (id, &role) in part.ids.iter().zip(&part.roles) {
        if role != SHOWN {
            hidden_ids[role as usize].push(id);
            continue;
        }
        let (item, name) = items.next().expect("an item for each shown id");
        shown.push(format!(
            "shown {} {} {} {}/{} {} {}",
            id,
            name,
            part.shown.categories[item.category as usize],
            item.amount.won(),
            item.amount.precision(),
            item.in_totals,
            item.memo
        ));
    }
    assert!(items.next().is_none(), "an id for each shown item");
    let hidden = part.hidden.iter().zip(hidden_ids).map(|(hidden, ids)| {
        format!(
            "hidden {} {} {}/{} {:?}",
            hidden.category,
            hidden.cut_at,
            hidden.sum.won(),
            hidden.sum.precision(),
            ids
        )
    });
    shown
        .into_iter()
        .chain(hidden)
        .chain([format!("{:?}", part.magnitude)])
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// A batch folded straight from its text is the part folded from
    /// the items the quick reader makes of it, with the same ids noted,
    /// at any depth, grouped either way; where the quick reader gives
    /// up, so does the text's fold.
    #[test]
    fn a_batch_folded_from_its_text_is_the_part_of_its_items(
        items in prop::collection::vec(crate::testing::item_lines(), 1..8),
        depth in prop::option::of(0usize..4),
        by_cut in any::<bool>(),
        lines_before in 0usize..5,
    ) {
        let unit = crate::amount::Unit::parse("천원").unwrap();
        let text = crate::testing::batch_text(&items);
        let mut ids = IdLines::default();
        let from_text = PeriodFold::part_of_text(depth, by_cut, &text, lines_before, unit, &mut ids);
        match crate::load::quick::quick_items(&text, lines_before, unit) {
            Some(items) => {
                let mut expected_ids = IdLines::default();
                for item in &items {
                    expected_ids.note(&item.id, item.line);
                }
                let expected = PeriodFold::part_grouped(depth, by_cut, items);
                let from_text = from_text.expect("folded where the quick reader reads");
                prop_assert_eq!(described(&from_text), described(&expected));
                prop_assert_eq!(ids.into_hashes(), expected_ids.into_hashes());
            }
            None => prop_assert!(from_text.is_none()),
        }
    }
}

fn sum_all<'a>(
    mut values: impl Iterator<Item = &'a Decimal>,
) -> Result<Decimal, crate::exact::Inexact> {
    values.try_fold(Decimal::ZERO, |sum, &v| exact_sum(sum, v))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Where the bound holds, every sum of the amounts in any grouping
    /// is exact: sums of each half, of every prefix in the order given
    /// and reversed, and of the halves together.
    #[test]
    fn within_the_bound_every_sum_is_exact(amounts in prop::collection::vec(amount(), 1..12)) {
        let Some(magnitude) = magnitude_of(&amounts) else { return Ok(()) };
        if !magnitude.bounds_every_sum() {
            return Ok(());
        }
        let forward = sum_all(amounts.iter());
        prop_assert!(forward.is_ok());
        prop_assert_eq!(sum_all(amounts.iter().rev()), forward);
        let (left, right) = amounts.split_at(amounts.len() / 2);
        let halves = exact_sum(
            sum_all(left.iter()).unwrap(),
            sum_all(right.iter()).unwrap(),
        );
        prop_assert_eq!(halves, forward);
    }
}
