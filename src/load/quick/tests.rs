use super::*;

fn billion() -> Unit {
    Unit::parse("billion won").unwrap()
}

#[test]
fn items_are_added_to_those_before_or_left_as_they_were() {
    let one = "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"x\"\namount = 1\n";
    let mut items = quick_items(one, 0, Unit::WON).expect("plain");
    // The same item again, on line 7 (six lines before it).
    assert_eq!(quick_items_into(one, 6, Unit::WON, &mut items), Some(()));
    let lines: Vec<usize> = items.iter().map(|item| item.line).collect();
    assert_eq!(lines, [1, 7]);
    // A good item, then one with a literal string: given up whole.
    let awkward = format!("{one}[[item]]\nid = 'b'\nname = \"B\"\ncategory = \"x\"\namount = 2\n");
    assert_eq!(quick_items_into(&awkward, 0, Unit::WON, &mut items), None);
    assert_eq!(items.len(), 2);
}

#[test]
fn reads_the_common_shape() {
    let text = "[[item]]\nid = \"a\"  # the id\nname = \"대출\"\ncategory = \"f/l\"\n\
                    amount = 240.40\ncounts = { companies = \"600+\", \"기업\" = 3 }\n\
                    parts = { x = 1, y = \"2억원\" }\nstatus = \"planned\"\n\n[[item]]\n\
                    id = \"b\"\nname = \"B\"\ncategory = \"g\"\namount = -3\noverlaps = true\n";
    let items = quick_items(text, 10, billion()).expect("the common shape");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].line, 11);
    assert_eq!(items[0].amount.won().to_string(), "240400000000");
    assert_eq!(items[0].amount.precision(), 7);
    assert_eq!(items[0].counts[1].name, "기업");
    assert_eq!(items[0].parts[1].amount.won().to_string(), "200000000");
    assert_eq!(
        items[0].category_at,
        Position {
            line: 14,
            column: 12
        }
    );
    assert_eq!(
        items[0].parts_at,
        Some(Position {
            line: 17,
            column: 9
        })
    );
    assert_eq!(items[1].line, 20);
    assert!(items[1].overlaps);
}

use proptest::prelude::*;

/// One item line as people write it, valid or not.
fn field_line() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "status = \"planned\"",
        "status = \"target\"",
        "status = \"actul\"",
        "counts = { companies = \"1,200+\" }",
        "counts = { companies = 0 }",
        "counts = { \"기업\" = 7, jobs = \"30\" }",
        "parts = { a = 1.5, b = \"2억원\" }",
        "parts = {}",
        "note = \"  \"",
        "note = \"비고 # not a comment\"",
        "source = \"https://example.org/a?b=c\"",
        "overlaps = false",
        "overlaps = \"yes\"",
        "# a comment line",
        "",
        "amount2 = 3",
    ])
    .prop_map(str::to_owned)
}

fn amount_literal() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "0",
        "-0",
        "12",
        "240.40",
        "-3.5",
        "\"264.6 billion won\"",
        "\"1조 2,000억원\"",
        "\"26,46\"",
        "\"₩30,000,000\"",
        "99999999999999999999999999999",
        "\"\"",
    ])
    .prop_map(str::to_owned)
}

proptest! {
    #![proptest_config(crate::testing::regressions_beside_the_source())]

    /// Wherever the quick reader answers, it answers what the general
    /// parser and the loader's checks answer.
    #[test]
    fn agrees_with_the_general_parser(
        items in prop::collection::vec(
            (amount_literal(), prop::collection::vec(field_line(), 0..4), "[a-c]{1,2}(/[a-c]{1,2}){0,2}"),
            1..6,
        ),
        lines_before in 0usize..50,
        crlf in any::<bool>(),
    ) {
        let mut text = String::new();
        for (index, (amount, fields, category)) in items.iter().enumerate() {
            text.push_str(&format!(
                "[[item]]\nid = \"i{index}\"\nname = \"n\"\ncategory = \"{category}\"\namount = {amount}\n"
            ));
            for field in fields {
                text.push_str(field);
                text.push('\n');
            }
        }
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let unit = billion();
        let quick = quick_items(&text, lines_before, unit);
        // Looking categories up gives the same items (after one item
        // already read, kept as it was).
        let mut paths = WrittenPaths::default();
        let first = "[[item]]\nid = \"z\"\nname = \"n\"\ncategory = \"a/b\"\namount = 1\n";
        let mut looked_up = Vec::new();
        quick_items_into_looking_up(first, 0, unit, &mut looked_up, &mut paths).unwrap();
        let read = quick_items_into_looking_up(&text, lines_before, unit, &mut looked_up, &mut paths);
        prop_assert_eq!(read.is_some(), quick.is_some());
        prop_assert_eq!(format!("{:?}", &looked_up[1..]), format!("{:?}", quick.as_deref().unwrap_or_default()));
        if let Some(quick) = quick {
            let general = crate::load::parse_batch(&text, "t.toml", lines_before, unit);
            let general = general.map(|(items, _)| items);
            prop_assert_eq!(format!("{:?}", Some(quick)), format!("{general:?}"));
        }
    }
}

proptest! {
    #![proptest_config(crate::testing::regressions_beside_the_source())]

    /// On any text at all the quick reader neither panics nor answers
    /// differently from the general parser.
    #[test]
    fn never_panics_and_never_disagrees(
        lines in prop::collection::vec(
            "(\\[\\[item\\]\\]|id = \"[a-z]{0,3}\"|name = \"\\PC{0,6}\"|category = \"[a-z/ ]{0,6}\"|amount = [-0-9.e_+]{0,6}|amount = \"\\PC{0,8}\"|counts = \\{ [a-z]{1,3} = [-0-9\"+,]{0,5} \\}|\\PC{0,12})",
            0..16,
        )
    ) {
        // Half the items start well formed, so that the quick reader
        // answers often enough for the comparison to bite.
        let start = if lines.len() % 2 == 0 { "id = \"a\"\nname = \"n\"\ncategory = \"c\"\n" } else { "" };
        let text = format!("[[item]]\n{start}{}\n", lines.join("\n"));
        let unit = billion();
        if let Some(quick) = quick_items(&text, 0, unit) {
            let general = crate::load::parse_batch(&text, "t.toml", 0, unit).map(|(items, _)| items);
            prop_assert_eq!(format!("{:?}", Some(quick)), format!("{general:?}"));
        }
    }
}

#[test]
fn leaves_everything_else_to_the_general_parser() {
    let item =
        |body: &str| format!("[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\n{body}\n");
    for body in [
        "amount = 1e3",
        "amount = +1",
        "amount = 1_000",
        "amount = 01",
        "amount = 1.",
        "amount = \"1\\u0031\"",
        "amount = '1'",
        "amount = \"\"\"1\"\"\"",
        "amount = 1\nammount = 2",
        "amount = 1\namount = 2",
        "amount = 1\ncounts.companies = 3",
        "amount = 1\n[item.counts]\ncompanies = 3",
        "amount = 1\n[[total]]\namount = 1",
        // A top-level table after the items (the file's count labels).
        "amount = 1\n[count_labels]\nsmes = \"SME\"",
        "amount = 1\nstated = { change = 1 }",
        "amount = 1\ncounts = { companies = 0 }",
        "amount = 1\ncounts = { a = 1, }",
        "amount = \"12 dollars\"",
        "amount = 1\nstatus = \"planed\"",
        "amount = 1 x",
        "amount = 1\rx",
    ] {
        assert!(quick_items(&item(body), 0, billion()).is_none(), "{body}");
    }
    // A lone carriage return that ends the batch (the file), which
    // TOML refuses; a line ending in `\r\n` is fine.
    let lone_cr_at_end = item("amount = 1") + "\r";
    assert!(quick_items(&lone_cr_at_end, 0, billion()).is_none());
    assert!(quick_items(&(item("amount = 1") + "\r\n"), 0, billion()).is_some());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 256,
        ..crate::testing::regressions_beside_the_source()
    })]

    /// The quick look for control characters says what the close one
    /// does, for texts of tabs, C0 and C1 controls, DEL, `Â` (C2 C3,
    /// whose first byte starts the C1 controls too), Hangul and ASCII.
    #[test]
    fn the_quick_look_for_controls_is_the_close_one(
        text in "[\\t\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{a0}-\\u{c3}a 경]{0,40}"
    ) {
        proptest::prop_assert_eq!(has_control(&text), has_control_closely(text.as_bytes()));
    }

    /// Keys and blanks read a byte at a time end where a `char` pattern
    /// ends them.
    #[test]
    fn keys_and_blanks_end_where_characters_say(text in "[ \\ta-z_\\-0-9경é=.\"]{0,20}") {
        let key_end = text
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(text.len());
        let expected = (key_end > 0).then(|| text.split_at(key_end));
        proptest::prop_assert_eq!(bare_key(&text), expected);
        proptest::prop_assert_eq!(text.skip_blanks(), text.trim_start_matches([' ', '\t']));
    }
}
