//! A series' values, one per period, kept as the periods that have one:
//! across a decade of national files most items are shown in a year or
//! two, and a blank for every other year took most of a trend's memory
//! (24 bytes a period, some 250 bytes an item over ten files).
#![warn(clippy::arithmetic_side_effects)]

use serde::Serialize;

use crate::amount::Amount;

/// One value per period, `None` where the figure is absent: read like a
/// slice of `Option<Amount>` (`iter`, `len`, indexing), kept as the
/// present values with their periods.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Values {
    periods: u32,
    /// The periods with a value, in order, each with it (always `Some`,
    /// so that it can be lent out as the slice's element would be).
    present: Box<[(u32, Option<Amount>)]>,
}

/// What an absent period is read as.
static ABSENT: Option<Amount> = None;

impl Values {
    /// How many periods there are (present or not).
    pub fn len(&self) -> usize {
        self.periods as usize
    }

    /// Whether there are no periods.
    pub fn is_empty(&self) -> bool {
        self.periods == 0
    }

    /// The value of period `index` (`None` where absent or past the end).
    pub fn get(&self, index: usize) -> Option<&Option<Amount>> {
        if index >= self.len() {
            return None;
        }
        Some(
            self.present
                .iter()
                .find(|(period, _)| *period as usize == index)
                .map_or(&ABSENT, |(_, value)| value),
        )
    }

    /// Each period's value, in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            present: &self.present,
            front: 0,
            back: self.periods,
        }
    }

    /// The values as a vector, one per period.
    pub fn to_vec(&self) -> Vec<Option<Amount>> {
        self.iter().copied().collect()
    }

    /// The first period's value.
    pub fn first(&self) -> Option<&Option<Amount>> {
        self.get(0)
    }

    /// The last period's value.
    pub fn last(&self) -> Option<&Option<Amount>> {
        self.len().checked_sub(1).and_then(|last| self.get(last))
    }
}

impl From<Vec<Option<Amount>>> for Values {
    fn from(values: Vec<Option<Amount>>) -> Values {
        let periods = u32::try_from(values.len()).expect("fewer than 4 billion periods");
        let present = values
            .into_iter()
            .zip(0u32..)
            .filter(|(value, _)| value.is_some())
            .map(|(value, period)| (period, value))
            .collect();
        Values { periods, present }
    }
}

impl std::ops::Index<usize> for Values {
    type Output = Option<Amount>;

    fn index(&self, index: usize) -> &Option<Amount> {
        self.get(index).expect("a period within the series")
    }
}

impl<'a> IntoIterator for &'a Values {
    type Item = &'a Option<Amount>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The values of the periods `front..back`, in order.
#[derive(Clone)]
pub struct Iter<'a> {
    /// The present values among them.
    present: &'a [(u32, Option<Amount>)],
    front: u32,
    back: u32,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Option<Amount>;

    fn next(&mut self) -> Option<&'a Option<Amount>> {
        if self.front >= self.back {
            return None;
        }
        let period = self.front;
        self.front = period.saturating_add(1);
        match self.present.split_first() {
            Some(((at, value), rest)) if *at == period => {
                self.present = rest;
                Some(value)
            }
            _ => Some(&ABSENT),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.back.saturating_sub(self.front) as usize;
        (left, Some(left))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        let period = self.back.saturating_sub(1);
        self.back = period;
        match self.present.split_last() {
            Some(((at, value), rest)) if *at == period => {
                self.present = rest;
                Some(value)
            }
            _ => Some(&ABSENT),
        }
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// As the vector of values it stands for (`[null, "100"]` in JSON).
impl Serialize for Values {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// As the vector of values it stands for.
impl std::fmt::Debug for Values {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::Unit;
    use proptest::prelude::*;

    fn won(value: i64) -> Amount {
        Amount::parse(&value.to_string(), Unit::WON).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Read forwards, backwards, by index or as JSON, the values are
        /// those of the vector they were made of.
        #[test]
        fn values_read_as_the_vector_they_were_made_of(
            given in prop::collection::vec(prop::option::of(-1_000i64..1_000), 0..12),
        ) {
            let vector: Vec<Option<Amount>> = given.iter().map(|v| v.map(won)).collect();
            let values = Values::from(vector.clone());
            prop_assert_eq!(values.len(), vector.len());
            prop_assert_eq!(values.iter().len(), vector.len());
            prop_assert_eq!(values.to_vec(), vector.clone());
            let backwards: Vec<Option<Amount>> = values.iter().rev().copied().collect();
            let mut reversed = vector.clone();
            reversed.reverse();
            prop_assert_eq!(backwards, reversed);
            for (index, value) in vector.iter().enumerate() {
                prop_assert_eq!(&values[index], value);
            }
            prop_assert_eq!(values.get(vector.len()), None);
            prop_assert_eq!(values.first(), vector.first());
            prop_assert_eq!(values.last(), vector.last());
            prop_assert_eq!(
                serde_json::to_string(&values).unwrap(),
                serde_json::to_string(&vector).unwrap()
            );
            prop_assert_eq!(format!("{values:?}"), format!("{vector:?}"));
        }
    }

    #[test]
    fn an_iterator_met_from_both_ends_yields_each_period_once() {
        // Periods 0..4 with values at 1 and 3: front takes 0 and 1, back
        // takes 3 and 2, then nothing is left.
        let values = Values::from(vec![None, Some(won(1)), None, Some(won(3))]);
        let mut iter = values.iter();
        assert_eq!(iter.next(), Some(&None));
        assert_eq!(iter.next_back(), Some(&Some(won(3))));
        assert_eq!(iter.next(), Some(&Some(won(1))));
        assert_eq!(iter.len(), 1);
        assert_eq!(iter.next_back(), Some(&None));
        assert_eq!(iter.next(), None);
        assert_eq!(iter.next_back(), None);
    }
}
