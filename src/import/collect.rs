//! Gathering imported rows into items: ids from a column or derived from
//! the category path and name, and rows that share an id (an error, or
//! added up exactly with `--sum-duplicates`).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use sha2::{Digest, Sha256};

use crate::amount::Amount;
use crate::import::error::RowProblem;
use crate::import::mapping::Draft;
use crate::model::{CategoryPath, Count};

/// Bytes of the SHA-256 hash kept in a derived id (16 hex digits).
const DERIVED_ID_BYTES: usize = 8;

/// The id of a project with no code column: the first 16 hex digits of the
/// SHA-256 of its category path and name, joined by a newline
/// (`분야/부문\n세부사업명`, each cell trimmed). The same project gets the
/// same id every year, so `diff` can match years on it; 64 bits make a
/// clash between different projects practically impossible, and one would
/// still be caught as a duplicate id.
pub fn derived_id(category: &CategoryPath, name: &str) -> String {
    let hash = Sha256::digest(format!("{category}\n{name}").as_bytes());
    hash[..DERIVED_ID_BYTES]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// An item as it will be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Collected {
    pub id: String,
    pub name: String,
    pub category: CategoryPath,
    pub amount: Amount,
    pub counts: Vec<Count>,
    /// Row the item was first read from.
    pub first_row: usize,
}

/// Items in order of first appearance, with an index by id.
pub(crate) struct Collector {
    items: Vec<Collected>,
    by_id: HashMap<String, usize>,
    sum_duplicates: bool,
}

impl Collector {
    pub fn new(sum_duplicates: bool) -> Collector {
        Collector {
            items: Vec::new(),
            by_id: HashMap::new(),
            sum_duplicates,
        }
    }

    pub fn add(&mut self, draft: Draft, row: usize) -> Result<(), RowProblem> {
        let id = draft
            .id
            .unwrap_or_else(|| derived_id(&draft.category, &draft.name));
        match self.by_id.entry(id) {
            Entry::Vacant(entry) => {
                self.items.push(Collected {
                    id: entry.key().clone(),
                    name: draft.name,
                    category: draft.category,
                    amount: draft.amount,
                    counts: draft.counts,
                    first_row: row,
                });
                // The item just pushed.
                entry.insert(self.items.len().saturating_sub(1));
                Ok(())
            }
            Entry::Occupied(entry) => {
                let first = &mut self.items[*entry.get()];
                if !self.sum_duplicates {
                    return Err(RowProblem::DuplicateId {
                        id: entry.key().clone(),
                        first_row: first.first_row,
                    });
                }
                add_duplicate(
                    first,
                    draft.name,
                    draft.category,
                    draft.amount,
                    draft.counts,
                )
            }
        }
    }

    pub fn into_items(self) -> Vec<Collected> {
        self.items
    }
}

/// Adds a row to the item it shares an id with. The two must be the same
/// project: same name, category and counts, or the sum would mix projects.
fn add_duplicate(
    first: &mut Collected,
    name: String,
    category: CategoryPath,
    amount: Amount,
    counts: Vec<Count>,
) -> Result<(), RowProblem> {
    let differs = |field| RowProblem::DuplicateDiffers {
        id: first.id.clone(),
        first_row: first.first_row,
        field,
    };
    if name != first.name {
        return Err(differs("name"));
    }
    if category != first.category {
        return Err(differs("category"));
    }
    if counts != first.counts {
        return Err(differs("count"));
    }
    first.amount = first
        .amount
        .checked_add(amount)
        .ok_or_else(|| RowProblem::SumOverflow {
            id: first.id.clone(),
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::Unit;

    fn draft(id: Option<&str>, name: &str, amount: &str) -> Draft {
        Draft {
            id: id.map(str::to_owned),
            name: name.to_owned(),
            category: CategoryPath::parse("산업/중소기업").unwrap(),
            amount: Amount::parse(amount, Unit::parse("천원").unwrap()).unwrap(),
            counts: Vec::new(),
        }
    }

    #[test]
    fn derived_ids_are_stable_and_documented() {
        // Independently: printf '산업/중소기업\n운전자금' | sha256sum | cut -c1-16
        let category = CategoryPath::parse("산업/중소기업").unwrap();
        assert_eq!(derived_id(&category, "운전자금"), "393cf30bdcd63061");
        assert_ne!(
            derived_id(&category, "운전자금 "),
            derived_id(&category, "운전자금")
        );
    }

    #[test]
    fn duplicates_are_errors_unless_summed() {
        let mut strict = Collector::new(false);
        strict.add(draft(Some("A"), "a", "1"), 2).unwrap();
        assert_eq!(
            strict.add(draft(Some("A"), "a", "2"), 5),
            Err(RowProblem::DuplicateId {
                id: "A".into(),
                first_row: 2
            })
        );

        let mut summing = Collector::new(true);
        summing.add(draft(None, "a", "1,000"), 2).unwrap();
        summing.add(draft(None, "b", "7"), 3).unwrap();
        summing.add(draft(None, "a", "△250.5"), 4).unwrap();
        let items = summing.into_items();
        assert_eq!(items.len(), 2);
        // 1,000 - 250.5 = 749.5 천원 = 749,500 won.
        assert_eq!(items[0].amount.won().to_string(), "749500");
        assert_eq!(items[0].first_row, 2);
    }

    #[test]
    fn summed_rows_must_be_the_same_project() {
        let mut summing = Collector::new(true);
        summing.add(draft(Some("A"), "a", "1"), 2).unwrap();
        assert_eq!(
            summing.add(draft(Some("A"), "b", "1"), 3),
            Err(RowProblem::DuplicateDiffers {
                id: "A".into(),
                first_row: 2,
                field: "name"
            })
        );
    }
}
