//! Each row's share of the grand total, worked out once every item is in
//! (a `Decimal` division a row: a national file shows 100,000 items), on
//! two threads for a summary of many rows, since nothing else runs then.
#![warn(clippy::arithmetic_side_effects)]

use crate::amount::Amount;
use crate::report::percent::percent_of;
use crate::summary::Row;

/// Rows from which the shares are worked out on two threads: below,
/// starting a thread costs more than it saves.
const SHARED_OUT_FROM: usize = 1 << 14;

/// Sets the share of `total` of every category, item and folded row.
pub(super) fn set_shares(rows: &mut [Row], total: Amount) {
    let parallel = rows.len() >= SHARED_OUT_FROM;
    crate::parallel::each_half(rows, parallel, |rows| {
        rows.iter_mut().for_each(|row| set_share(row, total));
    });
}

/// A row's share of `total`.
fn set_share(row: &mut Row, total: Amount) {
    let total = total.won();
    match row {
        Row::Category(category) => {
            category.share_pct = percent_of(category.subtotal.won(), total);
        }
        Row::Item(item) => item.share_pct = percent_of(item.amount.won(), total),
        Row::Others(others) | Row::Unchanged(others) => {
            others.share_pct = percent_of(others.subtotal.won(), total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CategoryPath, Status};
    use crate::summary::{CategoryRow, ItemRow, OthersRow};
    use rust_decimal::Decimal;

    fn won(won: i64) -> Amount {
        Amount::new(Decimal::from(won), 0)
    }

    fn item(amount: i64) -> Row {
        Row::Item(ItemRow {
            id: String::new(),
            name: String::new(),
            category: CategoryPath::parse("x").unwrap(),
            status: Status::Actual,
            amount: won(amount),
            share_pct: None,
            averages: Vec::new(),
            parts: Vec::new(),
            note: None,
            source: None,
            line: 0,
            memo: false,
        })
    }

    fn share(row: &Row) -> Option<Decimal> {
        match row {
            Row::Category(category) => category.share_pct,
            Row::Item(item) => item.share_pct,
            Row::Others(others) | Row::Unchanged(others) => others.share_pct,
        }
    }

    /// Enough rows to be shared out on two threads: every row in either
    /// half has its share, as one thread would set it.
    #[test]
    fn every_row_of_a_large_summary_has_its_share() {
        let category = CategoryPath::parse("x").unwrap();
        let mut rows = vec![Row::Category(CategoryRow {
            category: category.clone(),
            depth: 1,
            subtotal: won(200),
            share_pct: None,
            items: 2,
            hidden_items: 0,
        })];
        // Items worth 1 and 3 won, one after the other.
        rows.extend((0..SHARED_OUT_FROM + 1).map(|at| item(if at % 2 == 0 { 1 } else { 3 })));
        rows.push(Row::Others(OthersRow {
            category,
            items: 5,
            subtotal: won(-10),
            share_pct: None,
        }));
        set_shares(&mut rows, won(400));
        let shares: Vec<Option<Decimal>> = rows.iter().map(share).collect();
        // Of 400 won: 200 is 50%, 1 is 0.25%, 3 is 0.75%, -10 is -2.5%.
        assert_eq!(shares[0], Some(Decimal::new(50, 0)));
        for (at, share) in shares[1..shares.len() - 1].iter().enumerate() {
            let expected = if at % 2 == 0 {
                Decimal::new(25, 2)
            } else {
                Decimal::new(75, 2)
            };
            assert_eq!(*share, Some(expected), "item {at}");
        }
        assert_eq!(shares.last(), Some(&Some(Decimal::new(-25, 1))));
        // A zero total has no shares.
        set_shares(&mut rows, won(0));
        assert!(rows.iter().all(|row| share(row).is_none()));
    }
}
