//! The fast way a summary's item records are written: straight into the
//! output bytes, field by field, as `csv::Writer` would quote them (the
//! tests hold both ways to the same bytes), since a national file writes a
//! million items.

use rust_decimal::Decimal;

use super::SummaryRecord;
use super::safe::safe_cow;
use crate::amount::{Unit, shift_down};
use crate::render::exact_text::push_decimal;
use crate::report::average::Bound;
use crate::summary::ItemRow;

/// The records of an item, its parts and its averages, written straight
/// into `out` as `csv::Writer` writes them: the same bytes as serializing
/// their [`SummaryRecord`]s (made from the summary's base as the plain path
/// makes them; tests compare both ways), without building them or going
/// through the writer field by field, since a national file writes a
/// million items.
pub(super) fn write_item(out: &mut Vec<u8>, start: &RecordStart, item: &ItemRow, unit: Unit) {
    let category = safe_cow(item.category.as_str());
    let id = safe_cow(&item.id);
    let name = safe_cow(&item.name);
    let shared = ItemFields {
        start,
        depth: item.category.depth(),
        category: &category,
        id: &id,
        status: item.status.name(),
        memo: item.memo,
    };
    shared.write(
        out,
        &Varying {
            share_pct: item.share_pct,
            ..Varying::new("item", &name, item.amount.in_unit(unit))
        },
    );
    for part in &item.parts {
        let part_name = safe_cow(&part.name);
        let record = Varying::new("part", &part_name, part.amount.in_unit(unit));
        shared.write(out, &record);
    }
    for average in &item.averages {
        let per = safe_cow(&average.per);
        let record = Varying {
            per: &per,
            count: Some(average.count),
            count_at_least: Some(average.count_at_least),
            bound: match average.bound {
                Bound::Exact => "exact",
                Bound::AtMost => "at_most",
                Bound::AtLeast => "at_least",
            },
            ..Varying::new(
                "average",
                &name,
                shift_down(average.value, unit.exponent()).normalize(),
            )
        };
        shared.write(out, &record);
    }
}

/// The fields every item record of a summary starts with (file, year,
/// region, phase), written once as CSV, and those it shares further on.
pub(super) struct RecordStart {
    /// `file,year,region,phase,`: each field followed by its comma.
    head: Vec<u8>,
    /// The unit's name, as a field.
    unit: Vec<u8>,
    in_totals: bool,
}

impl RecordStart {
    pub(super) fn of(base: &SummaryRecord<'_>) -> RecordStart {
        let mut head = Vec::new();
        push_field(&mut head, base.file.as_bytes());
        push_field(&mut head, itoa::Buffer::new().format(base.year).as_bytes());
        push_field(&mut head, base.region.as_bytes());
        push_field(&mut head, base.phase.as_bytes());
        let mut unit = Vec::new();
        push_field(&mut unit, base.unit.as_bytes());
        RecordStart {
            head,
            unit,
            in_totals: base.in_totals,
        }
    }

    /// The same start for the records of items not in totals.
    pub(super) fn not_in_totals(self) -> RecordStart {
        RecordStart {
            in_totals: false,
            ..self
        }
    }
}

/// The fields an item's records share, as [`SummaryRecord`] has them.
struct ItemFields<'r> {
    start: &'r RecordStart,
    depth: usize,
    category: &'r str,
    id: &'r str,
    status: &'static str,
    memo: bool,
}

/// The fields that differ between an item's records.
struct Varying<'v> {
    kind: &'static str,
    name: &'v str,
    amount: Decimal,
    share_pct: Option<Decimal>,
    per: &'v str,
    count: Option<u64>,
    count_at_least: Option<bool>,
    bound: &'static str,
}

impl<'v> Varying<'v> {
    fn new(kind: &'static str, name: &'v str, amount: Decimal) -> Varying<'v> {
        Varying {
            kind,
            name,
            amount,
            share_pct: None,
            per: "",
            count: None,
            count_at_least: None,
            bound: "",
        }
    }
}

impl ItemFields<'_> {
    /// One record, in [`SummaryRecord`]'s order of fields, as `serde`
    /// writes them: numbers as their digits, `None` as an empty field,
    /// booleans as `true`/`false`. Figures, numbers, booleans and the
    /// fixed words need no quotes.
    fn write(&self, out: &mut Vec<u8>, record: &Varying<'_>) {
        let start = self.start;
        let mut number = itoa::Buffer::new();
        out.extend_from_slice(&start.head);
        push_plain(out, record.kind);
        push_plain(out, number.format(self.depth));
        push_field(out, self.category.as_bytes());
        push_field(out, self.id.as_bytes());
        push_field(out, record.name.as_bytes());
        push_plain(out, self.status);
        push_plain(out, bool_text(start.in_totals));
        push_decimal(out, record.amount);
        out.push(b',');
        out.extend_from_slice(&start.unit);
        if let Some(share) = record.share_pct {
            push_decimal(out, share);
        }
        out.push(b',');
        push_field(out, record.per.as_bytes());
        if let Some(count) = record.count {
            out.extend_from_slice(number.format(count).as_bytes());
        }
        out.push(b',');
        push_plain(out, record.count_at_least.map_or("", bool_text));
        push_plain(out, record.bound);
        // `hidden_items`: an item's records hide nothing.
        out.push(b',');
        out.extend_from_slice(bool_text(self.memo).as_bytes());
        out.push(b'\n');
    }
}

/// A field that never needs quotes (digits, fixed words), and its comma.
fn push_plain(out: &mut Vec<u8>, field: &str) {
    debug_assert!(!needs_quotes(field.as_bytes()), "{field:?}");
    out.extend_from_slice(field.as_bytes());
    out.push(b',');
}

/// A field and its comma, as `csv::Writer` writes it by default: in
/// double quotes, its own quotes doubled, where it holds a comma, a quote
/// or a line break; as it is otherwise.
pub(super) fn push_field(out: &mut Vec<u8>, field: &[u8]) {
    if needs_quotes(field) {
        out.push(b'"');
        for (index, piece) in field.split(|&byte| byte == b'"').enumerate() {
            if index > 0 {
                out.extend_from_slice(b"\"\"");
            }
            out.extend_from_slice(piece);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(field);
    }
    out.push(b',');
}

/// The bytes for which `csv::Writer` (default settings: `,` between
/// fields, `"` for quotes, `\n` after a record) quotes a field.
fn needs_quotes(field: &[u8]) -> bool {
    // Eight bytes at a time, without a branch a byte: fields are short
    // (a byte-by-byte look was a tenth of writing an item's records), and
    // nearly none needs quotes. The last bytes are padded with zeros,
    // which need none.
    let (words, rest) = field.as_chunks::<8>();
    let mut last = [0u8; 8];
    last[..rest.len()].copy_from_slice(rest);
    words
        .iter()
        .chain([&last])
        .any(|word| word_needs_quotes(u64::from_le_bytes(*word)))
}

/// Whether one of the eight bytes of `word` makes a field quoted: each
/// byte looked for is XORed to zero, and a zero byte found the classic
/// way (`(x - 0x01…) & !x & 0x80…` is not zero exactly when a byte of `x`
/// is zero).
fn word_needs_quotes(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS != 0;
    let has = |byte: u8| has_zero(word ^ ONES.wrapping_mul(u64::from(byte)));
    has(b',') | has(b'"') | has(b'\r') | has(b'\n')
}

fn bool_text(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes `csv::Writer` quotes for, looked for one at a time.
    fn needs_quotes_closely(field: &[u8]) -> bool {
        field
            .iter()
            .any(|&byte| matches!(byte, b',' | b'"' | b'\r' | b'\n'))
    }

    #[test]
    fn quotes_where_a_special_byte_is_anywhere() {
        assert!(!needs_quotes(b""));
        assert!(!needs_quotes("Youth 지원사업 육성 42".as_bytes()));
        // Each byte looked for, at every place of a field of 17 bytes
        // (two words and a padded one).
        for special in [b',', b'"', b'\r', b'\n'] {
            for at in 0..17 {
                let mut field = *b"abcdefghijklmnopq";
                field[at] = special;
                assert!(needs_quotes(&field), "{special} at {at}");
            }
        }
        // Bytes one off those looked for (`+`, `-`, `!`, `#`, tab, VT).
        assert!(!needs_quotes(b"+-!#\t\x0b\x0c\x0e"));
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::regressions_beside_the_source())]

        #[test]
        fn words_at_a_time_say_what_bytes_at_a_time_say(field in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(vec![b',', b'"', b'\r', b'\n', b'+', b'!', 0, 0x80, 0xff]),
                proptest::num::u8::ANY,
            ],
            0..40,
        )) {
            proptest::prop_assert_eq!(needs_quotes(&field), needs_quotes_closely(&field));
        }
    }
}
