use super::*;
use crate::render::layout::RowKind;
use proptest::prelude::*;

#[test]
fn escape_sequences_are_made_visible() {
    assert_eq!(terminal_safe("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
    assert_eq!(terminal_safe("bell\u{7}"), "bell\\u{7}");
    assert_eq!(terminal_safe("two\nlines"), "two\nlines");
    assert_eq!(terminal_safe("경주"), "경주");
}

fn drawn(section: &Section, color: bool, width: Option<u16>, stretch: usize) -> String {
    let mut out = Vec::new();
    write_section(section, color, width, stretch, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// A section like `diff`'s: names at three depths, a status column
/// saying one thing, figures of several words, notes in a column of
/// their own, a tone on some figures.
fn sample() -> Section {
    let row = |depth: usize, name: &str, status: &str, amount: &str, notes: &str| LayoutRow {
        kind: RowKind::Item,
        depth,
        cells: [name, status, amount, "", notes]
            .map(str::to_owned)
            .to_vec(),
        tones: vec![Tone::Plain, Tone::Plain, Tone::Up],
    };
    Section {
        title: "경주시 2025 · 단위 원".into(),
        headers: ["Category / item", "Status", "Amount", "Empty", "Notes"]
            .map(str::to_owned)
            .to_vec(),
        numeric: vec![false, false, true, false, false],
        rows: vec![
            row(0, "Welfare", "", "54억 5,050만원", ""),
            row(
                1,
                "Senior meals delivered daily",
                "actual",
                "1,200",
                "moved\nfrom roads",
            ),
            row(2, "경로당 냉난방비 지원", "actual", "-3,400", ""),
            row(1, "Bus", "actual", "12", "new line"),
        ],
        notes: vec!["Source: the city's budget book".into()],
        notes_column: Some(4),
    }
}

/// Drawn a row or two at a time, a table is the one drawn whole: the
/// same header once, the same rows, the same lines under it.
#[test]
fn stretches_of_rows_draw_the_one_table() {
    let section = sample();
    for width in [None, Some(200), Some(80), Some(40), Some(24)] {
        for color in [false, true] {
            let whole = drawn(&section, color, width, usize::MAX);
            for stretch in 1..=3 {
                assert_eq!(drawn(&section, color, width, stretch), whole, "{width:?}");
            }
        }
    }
    // The top border, the header and its line once; the bottom once.
    let whole = drawn(&section, false, None, 1);
    assert_eq!(whole.matches('┌').count(), 1);
    assert_eq!(whole.matches('└').count(), 1);
    assert_eq!(whole.matches('╞').count(), 1);
    // The empty column is left out; each row is drawn on one line but
    // the one whose notes are two: title, top, header, its line, 1 + 2
    // + 1 + 1 row lines, bottom, the note = 11.
    assert!(!whole.contains("Empty"));
    assert_eq!(whole.lines().count(), 11);
}

/// At 40 columns the notes go under the table, each row's label then
/// its notes, and the status column saying `actual` in every row it
/// fills says it once.
#[test]
fn narrow_tables_move_text_below_once_per_stretch_split() {
    let text = drawn(&sample(), false, Some(40), 1);
    assert!(
        text.contains(
            "\nNotes:\n  Senior meals delivered daily: moved\n    from roads\n  Bus: new line\n"
        ),
        "{text}"
    );
    assert!(text.contains("Status: actual\n"), "{text}");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        ..crate::testing::regressions_beside_the_source()
    })]

    /// However the rows are cut into stretches, the table is the same.
    #[test]
    fn any_stretch_draws_the_same_table(
        rows in prop::collection::vec(
            (0usize..4, "[a-z경 ]{0,14}", "(actual|plan|)", "-?[0-9]{1,7}( [0-9]{2})?", "([a-z ]{0,8}\n?){0,2}", any::<bool>()),
            0..12,
        ),
        width in prop::option::of(24u16..120),
        stretch in 1usize..5,
        color in any::<bool>(),
    ) {
        let mut section = sample();
        section.rows = rows
            .into_iter()
            .map(|(depth, name, status, amount, notes, up)| LayoutRow {
                kind: RowKind::Item,
                depth,
                cells: vec![name, status, amount, String::new(), notes],
                tones: if up { vec![Tone::Plain, Tone::Plain, Tone::Down] } else { Vec::new() },
            })
            .collect();
        prop_assert_eq!(
            drawn(&section, color, width, stretch),
            drawn(&section, color, width, usize::MAX)
        );
        // The rows the painter draws are the ones comfy-table draws.
        let stats = {
            let mut stats = SectionStats::new(&section, width);
            stats.add(&section.rows);
            stats
        };
        let painted = TableDrawing::new(&section, &stats, color, width);
        prop_assert!(painted.painter.is_some());
        let mut by_comfy = TableDrawing::new(&section, &stats, color, width);
        by_comfy.painter = None;
        prop_assert_eq!(painted.rows(&section.rows), by_comfy.rows(&section.rows));
    }
}
