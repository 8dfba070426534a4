//! Whether sums of amounts come out the same in any order, so that items
//! folded on the worker threads add up to what the outline would add.

use rust_decimal::Decimal;

use crate::amount::Amount;

/// Whether sums of the amounts seen come out the same in any order: their
/// absolute values add up exactly at the finest scale among them, so no
/// partial sum, in any order, is too large or loses a digit, and every sum
/// is written at the finest scale of what it adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderFree {
    absolute_sum: Decimal,
    finest_scale: u32,
    holds: bool,
}

impl Default for OrderFree {
    fn default() -> Self {
        OrderFree {
            absolute_sum: Decimal::ZERO,
            finest_scale: 0,
            holds: true,
        }
    }
}

impl OrderFree {
    pub fn holds(&self) -> bool {
        self.holds
    }

    /// Notes a sum that could not be held: the rule no longer holds.
    pub fn fail(&mut self) {
        self.holds = false;
    }

    /// Takes one more amount into account.
    pub fn add(&mut self, amount: Amount) {
        let won = amount.won();
        self.add_absolute(won.abs(), won.scale());
    }

    /// Takes the amounts another part saw into account.
    pub fn merge(&mut self, other: OrderFree) {
        self.holds &= other.holds;
        self.add_absolute(other.absolute_sum, other.finest_scale);
    }

    fn add_absolute(&mut self, absolute: Decimal, scale: u32) {
        self.finest_scale = self.finest_scale.max(scale);
        match self.absolute_sum.checked_add(absolute) {
            // `Decimal` rounds only by lowering the scale.
            Some(sum) if sum.scale() >= self.finest_scale => self.absolute_sum = sum,
            _ => self.holds = false,
        }
    }
}
