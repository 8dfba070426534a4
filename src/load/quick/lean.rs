//! One item read back from its place the shortest way (see
//! [`crate::load::places`]): every row of a national file reads a million
//! items a second time, nearly all written exactly as the generator and
//! most people write them:
//!
//! ```toml
//! [[item]]
//! id = "p0000042"
//! name = "Youth 지원사업 육성 42"
//! category = "교육/지원사업/사업07"
//! amount = 1234567
//! counts = { companies = "600+" }
//! ```
//!
//! Each line is told by its first bytes (`id = "`, `amount = `) instead of
//! being split into a key and a value and filed in a draft, and counts are
//! read only when the output writes averages. Anything else (another key,
//! a comment, spaces around `=` or at the end of a line, a carriage return,
//! a second table) is left to [`super::quick_fields`] and the general
//! parser, so what this reader gives is always what they give.
#![warn(clippy::arithmetic_side_effects)]

use super::{Fields, Value, amount, counts, plain_string, text, value};
use crate::amount::Unit;
use crate::model::{Position, Status};

/// The fields of the one item `text` holds (starting at its `[[item]]`,
/// on line `line` of the file), as [`super::quick_fields`] hands them over;
/// its counts only if `with_counts` (none otherwise). `None` where the
/// item is not written in the one shape this reader takes.
pub(crate) fn lean_fields(
    text: &str,
    line: usize,
    unit: Unit,
    with_counts: bool,
) -> Option<Fields<'_>> {
    let mut rest = text.strip_prefix("[[item]]\n")?;
    let mut id = None;
    let mut name = None;
    let mut category = None;
    let mut figure = None;
    let mut written_counts = None;
    // Lines after the header's.
    let mut after_header = 0usize;
    while !rest.is_empty() {
        after_header = after_header.checked_add(1)?;
        let end =
            memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |at| at.saturating_add(1));
        let (whole, after) = rest.split_at(end);
        rest = after;
        let content = whole.strip_suffix('\n').unwrap_or(whole);
        let Some(&first) = content.as_bytes().first() else {
            continue;
        };
        match first {
            b'i' => set(&mut id, string(content.strip_prefix("id = ")?)?)?,
            b'n' => set(&mut name, string(content.strip_prefix("name = ")?)?)?,
            b'a' => set(
                &mut figure,
                amount_of(content.strip_prefix("amount = ")?, unit)?,
            )?,
            b'c' => match content.strip_prefix("category = ") {
                Some(written) => set(&mut category, (string(written)?, after_header))?,
                None => {
                    let written = content.strip_prefix("counts = ")?;
                    let read = if with_counts {
                        counts_of(written)?
                    } else {
                        Vec::new()
                    };
                    set(&mut written_counts, read)?;
                }
            },
            _ => return None,
        }
    }
    let (category, category_line) = category?;
    Some(Fields {
        id: id?,
        name: name?,
        category,
        amount: figure?,
        status: Status::Actual,
        counts: written_counts.unwrap_or_default(),
        parts: Vec::new(),
        note: None,
        source: None,
        line,
        header: 0,
        // `category = ` takes eleven columns.
        category_at: Position {
            line: line.checked_add(category_line)?,
            column: 12,
        },
        parts_at: None,
        overlaps: false,
        memo: false,
    })
}

/// Sets a field met the first time; `None` for a key written twice.
fn set<T>(field: &mut Option<T>, value: T) -> Option<()> {
    match field {
        Some(_) => None,
        None => {
            *field = Some(value);
            Some(())
        }
    }
}

/// A plain string that ends its line, not all white space.
fn string(written: &str) -> Option<&str> {
    let (string, after) = plain_string(written)?;
    if !after.is_empty() {
        return None;
    }
    text(Value::Text(string))
}

/// An amount that ends its line.
fn amount_of(written: &str, unit: Unit) -> Option<crate::amount::Amount> {
    let (figure, after) = value(written, false)?;
    if !after.is_empty() {
        return None;
    }
    amount(figure, unit)
}

/// A table of counts that ends its line.
fn counts_of(written: &str) -> Option<Vec<(&str, u64, bool)>> {
    match value(written, true)? {
        (Value::Table(entries), "") => counts(entries),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::quick::quick_items;
    use proptest::prelude::*;

    const PLAIN: &str = "[[item]]\nid = \"a\"\nname = \"대출\"\ncategory = \"f/l\"\n\
                         amount = 240.40\ncounts = { companies = \"600+\", \"기업\" = 3 }\n\n";

    #[test]
    fn reads_the_plain_shape_as_the_quick_reader_does() {
        let fields = lean_fields(PLAIN, 11, Unit::WON, true).expect("the plain shape");
        assert_eq!(fields.id, "a");
        assert_eq!(fields.name, "대출");
        assert_eq!(fields.category, "f/l");
        assert_eq!(fields.amount.won().to_string(), "240.40");
        assert_eq!(
            fields.counts,
            [("companies", 600, true), ("기업", 3, false)]
        );
        // The header on line 11, the category three lines further.
        assert_eq!(
            fields.category_at,
            Position {
                line: 14,
                column: 12
            }
        );
        let item = fields.into_item().unwrap();
        let quick = quick_items(PLAIN, 10, Unit::WON).unwrap();
        assert_eq!(format!("{:?}", [item]), format!("{quick:?}"));
    }

    #[test]
    fn counts_are_read_only_when_asked() {
        let fields = lean_fields(PLAIN, 1, Unit::WON, false).expect("the plain shape");
        assert!(fields.counts.is_empty());
    }

    #[test]
    fn leaves_every_other_shape_to_the_quick_reader() {
        let item = |body: &str| format!("[[item]]\nid = \"a\"\nname = \"A\"\n{body}\n");
        for body in [
            // Missing fields.
            "amount = 1",
            "category = \"c\"",
            // What the quick reader takes but this one does not.
            "category = \"c\"\namount = 1\nstatus = \"planned\"",
            "category = \"c\"\namount = 1\nmemo = true",
            "category = \"c\"\namount = 1\nparts = { a = 1 }",
            "category = \"c\"\namount = 1  # a comment",
            "category = \"c\"\namount=1",
            "category = \"c\"\n  amount = 1",
            "category = \"c\"\namount = 1\r",
            "category = \"c\"\namount = 1\n# a comment",
            "category = \"c\"\namount = 1\n[[item]]\nid = \"b\"",
            "category = \"c\"\namount = 1\n[[total]]\namount = 1",
            // What neither takes.
            "category = \"c\"\namount = 1\namount = 2",
            "category = \"c\"\namount = 1 x",
            "category = \" \"\namount = 1",
            "category = \"c\"\namount = 1\ncounts = { companies = 0 }",
            "category = \"c\"\namount = 1\ncounts = 3",
        ] {
            assert!(
                lean_fields(&item(body), 1, Unit::WON, true).is_none(),
                "{body}"
            );
        }
        assert!(lean_fields("  [[item]]\nid = \"a\"", 1, Unit::WON, true).is_none());
    }

    proptest! {
        #![proptest_config(crate::testing::regressions_beside_the_source())]

        /// Wherever this reader answers, it gives the item the quick reader
        /// gives (which the general parser's tests hold to the loader's).
        #[test]
        fn agrees_with_the_quick_reader(
            lines in prop::collection::vec(
                "(id = \"[a-z ]{0,3}\"|name = \"\\PC{0,6}\"|category = \"[a-z/ ]{0,6}\"|amount = [-0-9.]{0,6}|amount = \"[0-9,억천원 ]{0,8}\"|counts = \\{ [a-z]{1,3} = [-0-9\"+,]{0,5} \\}|counts = \\{\\}|\\PC{0,12})",
                0..8,
            ),
            line in 1usize..1000,
            with_counts in any::<bool>(),
        ) {
            // Half the items start well formed, so that both readers
            // answer often enough for the comparison to bite.
            let start = if lines.len() % 2 == 0 {
                "id = \"a\"\nname = \"n\"\ncategory = \"c\"\namount = 1\n"
            } else {
                ""
            };
            let text = format!("[[item]]\n{start}{}\n", lines.join("\n"));
            let Some(fields) = lean_fields(&text, line, Unit::WON, with_counts) else {
                return Ok(());
            };
            // Counts left unread are checked by the first read only.
            if !with_counts && lean_fields(&text, line, Unit::WON, true).is_none() {
                return Ok(());
            }
            let quick = quick_items(&text, line.saturating_sub(1), Unit::WON);
            let mut item = fields.into_item();
            if let (false, Some(item), Some([quick])) = (with_counts, &mut item, quick.as_deref()) {
                // Unread counts: the item is the quick reader's but for them.
                item.counts.clone_from(&quick.counts);
            }
            prop_assert_eq!(format!("{:?}", item.map(|item| vec![item])), format!("{quick:?}"));
        }
    }
}
