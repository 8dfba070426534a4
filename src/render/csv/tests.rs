//! Tests of the CSV renderer; [`AWKWARD`] and [`awkward_texts`] serve the
//! JSON Lines renderer's tests too.

use super::items::push_field;
use super::*;
use crate::report::average::Bound;
use crate::summary::Summary;
use proptest::prelude::*;

/// A file with an item of every kind of record (parts, averages of an
/// exact count and of an at-least count), text a spreadsheet would run
/// or a terminal would act on, a target and a memo figure.
pub(crate) const AWKWARD: &str = "year = 2025\nregion = \"=R\"\nphase = \"본예산\"\n\
    unit = \"천원\"\n\n[[item]]\nid = \"a\"\nname = \"Loans, \\\"quoted\\\"\"\n\
    category = \"f/l\"\namount = 240.40\ncounts = { companies = \"600+\", \"기업\" = 3 }\n\
    parts = { x = 1, y = \"2억원\" }\n\n[[item]]\nid = \"-b\"\nname = \"=HYPERLINK()\"\n\
    category = \"g\"\namount = -3\nstatus = \"target\"\ncounts = { jobs = \"3+\" }\n\n\
    [[item]]\nid = \"c\"\nname = \"memo\\u202E\"\ncategory = \"g/h\"\namount = \"1,234천원\"\n\
    memo = true\n\n[[item]]\nid = \"d\"\nname = \"D\"\ncategory = \"g/h\"\namount = 0.5\n";

pub(crate) fn summary_of(text: &str) -> Summary {
    let file = crate::load::parse_str(text, "t.toml").expect("the file parses");
    crate::summary::summarize(&file).expect("the sums fit")
}

/// Text for names and ids: quotes, separators, formula signs, line
/// breaks, controls, bidi marks, Hangul.
pub(crate) fn awkward_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            proptest::sample::select(vec![
                '"', ',', '=', '+', '-', '@', '\t', '\r', '\n', '\u{1b}', '\u{7f}', '\u{85}',
                '\u{202E}', '\u{2028}', '\u{FEFF}', '\u{FF1D}', '\u{3000}', ' ', ':', '#', '[',
                '\\', '가', 'ㆍ', '원',
            ]),
            proptest::char::range('a', 'z'),
        ],
        0..12,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// Awkward texts for every place a summary carries text.
pub(crate) fn awkward_texts() -> impl Strategy<Value = AwkwardTexts> {
    (
        awkward_text(),
        awkward_text(),
        awkward_text(),
        awkward_text(),
        awkward_text(),
        proptest::option::of(awkward_text()),
        awkward_text(),
    )
        .prop_map(
            |(id, name, segment, file, region, phase, part)| AwkwardTexts {
                id,
                name,
                segment,
                file,
                region,
                phase,
                part,
            },
        )
}

/// Texts put everywhere a summary carries text, by [`AwkwardTexts::put_into`].
#[derive(Debug)]
pub(crate) struct AwkwardTexts {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) segment: String,
    pub(crate) file: String,
    pub(crate) region: String,
    pub(crate) phase: Option<String>,
    pub(crate) part: String,
}

impl AwkwardTexts {
    /// `summary` with these texts in its heading and in every item
    /// (id, name, category, part names, what averages are per).
    pub(crate) fn put_into(self, mut summary: Summary) -> Summary {
        summary.file = self.file;
        summary.region = self.region;
        summary.phase = self.phase;
        let category = crate::model::CategoryPath::parse(&format!("x{}/y", self.segment));
        let shown = summary.rows.iter_mut().filter_map(|row| match row {
            Row::Item(item) => Some(item),
            _ => None,
        });
        for item in summary.excluded.iter_mut().chain(shown) {
            item.id.clone_from(&self.id);
            item.name.clone_from(&self.name);
            if let Some(category) = &category {
                item.category = category.clone();
            }
            for row in &mut item.parts {
                row.name.clone_from(&self.part);
            }
            for average in &mut item.averages {
                average.per.clone_from(&self.part);
            }
        }
        summary
    }
}

/// The records of an item as they were serialized before they were
/// written field by field: the reference for [`write_item`].
fn write_item_serialized(
    writer: &mut csv::Writer<Vec<u8>>,
    base: &SummaryRecord<'_>,
    item: &ItemRow,
    unit: Unit,
) -> Result<(), RenderError> {
    let category = safe_string(item.category.to_string());
    let item_record = || SummaryRecord {
        depth: item.category.depth(),
        category: category.clone(),
        id: safe_cow(&item.id),
        status: item.status.name(),
        memo: item.memo,
        ..base.clone_base()
    };
    writer.serialize(SummaryRecord {
        kind: "item",
        name: safe_cow(&item.name),
        amount: item.amount.in_unit(unit),
        share_pct: item.share_pct,
        ..item_record()
    })?;
    for part in &item.parts {
        writer.serialize(SummaryRecord {
            kind: "part",
            name: safe_cow(&part.name),
            amount: part.amount.in_unit(unit),
            ..item_record()
        })?;
    }
    for average in &item.averages {
        writer.serialize(SummaryRecord {
            kind: "average",
            name: safe_cow(&item.name),
            amount: shift_down(average.value, unit.exponent()).normalize(),
            per: safe_cow(&average.per),
            count: Some(average.count),
            count_at_least: Some(average.count_at_least),
            bound: match average.bound {
                Bound::Exact => "exact",
                Bound::AtMost => "at_most",
                Bound::AtLeast => "at_least",
            },
            ..item_record()
        })?;
    }
    Ok(())
}

/// Each item's records written both ways, in `unit`.
fn both_ways(summary: &Summary, unit: Unit) -> (String, String) {
    let base = summary_base(summary, unit);
    let excluded_base = SummaryRecord {
        in_totals: false,
        ..base.clone_base()
    };
    let items = summary
        .rows
        .iter()
        .filter_map(|row| match row {
            Row::Item(item) => Some((&base, item)),
            _ => None,
        })
        .chain(summary.excluded.iter().map(|item| (&excluded_base, item)));
    let writer = || {
        csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new())
    };
    let (mut fields, mut serialized) = (Vec::new(), writer());
    for (base, item) in items {
        write_item(&mut fields, &RecordStart::of(base), item, unit);
        write_item_serialized(&mut serialized, base, item, unit).unwrap();
    }
    let serialized = String::from_utf8(finish_bytes(serialized).unwrap()).unwrap();
    (String::from_utf8(fields).unwrap(), serialized)
}

#[test]
fn items_written_field_by_field_are_the_serialized_records() {
    let summary = summary_of(AWKWARD);
    for unit in ["천원", "원", "억원", "조원"] {
        let unit = Unit::parse(unit).unwrap();
        let (fields, serialized) = both_ways(&summary, unit);
        assert_eq!(fields, serialized, "{unit:?}");
    }
    let (fields, _) = both_ways(&summary, Unit::parse("천원").unwrap());
    // Four items (the target and the memo figure after the others),
    // three parts or averages of `a` (x, y, companies, 기업: four),
    // one average of the target: 4 + 4 + 1 records.
    assert_eq!(fields.lines().count(), 9, "{fields}");
    assert!(fields.contains(",'=HYPERLINK(),"), "{fields}");
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 64,
        ..crate::testing::regressions_beside_the_source()
    })]

    /// Whatever the text of a file's names, ids, categories and
    /// heading, both ways write the same bytes.
    #[test]
    fn any_text_is_written_as_serialized(texts in awkward_texts()) {
        let summary = texts.put_into(summary_of(AWKWARD));
        let (fields, serialized) = both_ways(&summary, Unit::parse("천원").unwrap());
        proptest::prop_assert_eq!(fields, serialized);
    }
}

/// A record of `fields` as `csv::Writer` writes it, and as
/// [`push_field`] does.
fn record_both_ways(fields: &[Vec<u8>]) -> (Vec<u8>, Vec<u8>) {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    writer.write_record(fields).unwrap();
    let mut pushed = Vec::new();
    for field in fields {
        push_field(&mut pushed, field);
    }
    // The last comma ends the record instead.
    pushed.pop();
    pushed.push(b'\n');
    (finish_bytes(writer).unwrap(), pushed)
}

#[test]
fn fields_are_quoted_as_the_csv_writer_quotes_them() {
    // Written by hand: quotes around a field with a comma, a quote or
    // a line break, its quotes doubled; other fields as they are.
    let fields: Vec<Vec<u8>> = ["a", "", "b,c", "say \"hi\"", "x\ny", "\r", "'=1", "가 나"]
        .iter()
        .map(|field| field.as_bytes().to_vec())
        .collect();
    let (written, pushed) = record_both_ways(&fields);
    let expected = "a,,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\",\"\r\",'=1,가 나\n";
    assert_eq!(String::from_utf8(pushed).unwrap(), expected);
    assert_eq!(String::from_utf8(written).unwrap(), expected);
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 256,
        ..crate::testing::regressions_beside_the_source()
    })]

    /// Any bytes in any number of fields (two at least: a record of
    /// one empty field is the writer's own case) come out as the CSV
    /// writer writes them.
    #[test]
    fn any_field_is_pushed_as_the_csv_writer_writes_it(
        fields in proptest::collection::vec(
            proptest::collection::vec(
                prop_oneof![
                    proptest::sample::select(vec![b',', b'"', b'\r', b'\n', b' ', b'\'', b'\t']),
                    proptest::num::u8::ANY,
                ],
                0..10,
            ),
            2..6,
        ),
    ) {
        let (written, pushed) = record_both_ways(&fields);
        proptest::prop_assert_eq!(written, pushed);
    }
}

#[test]
fn formulas_are_neutralised() {
    assert_eq!(safe_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    assert_eq!(safe_text("+1"), "'+1");
    assert_eq!(safe_text("-cmd"), "'-cmd");
    assert_eq!(safe_text("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(safe_text("\tx"), "'\\u{9}x");
    assert_eq!(safe_text("a\u{1b}[2J"), "a\\u{1b}[2J");
    assert_eq!(safe_text("Loans"), "Loans");
    assert_eq!(safe_text("  =1+1"), "'  =1+1");
    assert_eq!(safe_text("\u{3000}+1"), "'\u{3000}+1");
    for sign in ['＝', '＋', '－', '＠'] {
        assert_eq!(safe_text(&format!("{sign}1+1")), format!("'{sign}1+1"));
    }
    assert_eq!(safe_text(" x =1"), " x =1");
}
