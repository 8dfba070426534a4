use super::*;
use proptest::prelude::*;

const ITEM: &str = "[[item]]\nid = \"a\"\nname = \"A b\"\ncategory = \"c/d\"\n";

#[test]
fn a_plain_piece_gets_its_status_after_the_amount() {
    let piece = format!(
        "{ITEM}amount = 1.5\n\nnote = \"n\"\n\n{ITEM}status = \"actual\"\namount = \"3억\"\n\n\n\
             {ITEM}amount = 2\nstatus = \"cap\"\ncounts = {{ jobs = 3, \"x y\" = \"10+\" }}\n"
    );
    let planned = format!(
        "{ITEM}amount = 1.5\nstatus = \"planned\"\n\nnote = \"n\"\n\n{ITEM}status = \"planned\"\namount = \"3억\"\n\n\n\
             {ITEM}amount = 2\nstatus = \"cap\"\ncounts = {{ jobs = 3, \"x y\" = \"10+\" }}\n"
    );
    assert_eq!(edit_plain(&piece).as_deref(), Some(planned.as_str()));
    assert_eq!(
        edit_document(&piece, "t.toml", Unit::WON).as_deref(),
        Some(planned.as_str())
    );
}

#[test]
fn what_is_not_plain_is_left_to_toml_edit() {
    for rest in [
        "amount = 1#no space\n",
        "amount = \"1\"# no space\n",
        "amount = 1\n  # indented\n",
        "amount = 1\n# c\r\n",
        "counts = { a = 1 } # c\n",
        "amount = 1\nstated = { change = 1 }\n",
        "amount = 1\ncounts.jobs = 3\n",
        "amount = 1\n[item.counts]\njobs = 3\n",
        "amount = 1\n[[total]]\namount = 1\n",
        "amount = 1\r\n",
        "amount = 1",
        "amount  = 1\n",
        "amount = 1 \n",
        "amount = 1\n  \n",
        "amount = 12345678901234567890\n",
        "amount = 1e3\n",
        "amount = 1\nnote = \"a \\\" b\"\n",
        "amount = 1\nnote = \"\"\"\nx\"\"\"\n",
        "amount = 1\ncounts = { a = { b = 1 } }\n",
        "amount = 1\ncounts = {a = 1}\n",
        "amount = 1\nparts = [1, 2]\n",
        "amount = 1\nstatus = 'actual'\n",
    ] {
        assert_eq!(edit_plain(&format!("{ITEM}{rest}")), None, "{rest:?}");
    }
}

fn plain_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_owned()),
        Just("# a comment = \"x\"\n".to_owned()),
        Just("#\n".to_owned()),
        Just("status = \"actual\" # was spent\n".to_owned()),
        Just("status = \"cap\"\t# kept\n".to_owned()),
        Just("status = \"actual\"\n".to_owned()),
        Just("status = \"planned\"\n".to_owned()),
        Just("status = \"target\"\n".to_owned()),
        Just("status = \"cap\"\n".to_owned()),
        Just("note = \"a = b, c\"\n".to_owned()),
        Just("memo = true\n".to_owned()),
        Just("counts = { jobs = 3, \"일자리\" = \"10+\" }\n".to_owned()),
        Just("parts = { a-b = 1.5, c_d = -2 }\n".to_owned()),
        "[1-9][0-9]{0,11}(\\.[0-9]{1,3})?".prop_map(|n| format!("amount = {n}\n")),
        "[1-9][0-9]{0,5}".prop_map(|n| format!("amount = {n}  # as printed\n")),
        "[가-힣a-z ,=]{0,8}".prop_map(|n| format!("name = \"{n}\"\n")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Where the plain way edits a piece, `toml_edit` makes the same
    /// text (the items are not checked to load here: the lines are
    /// drawn freely, an item may lack a field or repeat one).
    #[test]
    fn the_plain_way_writes_what_toml_edit_writes(
        items in prop::collection::vec(prop::collection::vec(plain_line(), 0..6), 1..5)
    ) {
        let mut piece = String::new();
        for lines in &items {
            piece.push_str("[[item]]\n");
            let mut seen = std::collections::HashSet::new();
            for line in lines {
                let key = line.split(" = ").next().unwrap_or("");
                // A key once per table, as TOML wants.
                if key.trim().is_empty() || seen.insert(key.to_owned()) {
                    piece.push_str(line);
                }
            }
            if seen.insert("amount".to_owned()) {
                piece.push_str("amount = 7\n");
            }
        }
        let plain = edit_plain(&piece);
        prop_assert!(plain.is_some(), "{piece}");
        let mut document: DocumentMut = piece.parse().unwrap();
        plan_items(document.as_table_mut());
        prop_assert_eq!(plain.unwrap(), document.to_string());
    }
}
