//! The reader's unit tests: decoding, positions, every field's checks.

use std::io::Read;

use super::decode::{Capped, READ_BLOCK, read_capped};
use super::lines::LineIndex;
use super::*;
use crate::amount::Unit;
use crate::model::{Position, Status};

const MINIMAL: &str = "year = 2025\nregion = \"Gyeongju\"\nunit = \"billion won\"\n";

fn parse(text: &str) -> Result<YearFile, LoadError> {
    parse_str(text, "t.toml")
}

fn error_text(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

#[test]
fn reads_a_minimal_file() {
    let file = parse(MINIMAL).unwrap();
    assert_eq!(file.year, 2025);
    assert_eq!(file.region, "Gyeongju");
    assert_eq!(file.unit.name(), "billion won");
    assert!(file.items.is_empty());
}

#[test]
fn unit_defaults_to_won() {
    let file = parse("year = 2025\nregion = \"x\"\n").unwrap();
    assert_eq!(file.unit, Unit::WON);
}

#[test]
fn reads_items_with_every_field() {
    let text = format!(
        "{MINIMAL}\n[[item]]\nid = \"loans\"\nname = \"Loans\"\ncategory = \"finance/loans\"\n\
         amount = 264.6\nstatus = \"planned\"\ncounts = {{ companies = \"600+\", jobs = 12 }}\n\
         parts = {{ carried-over = 240.4, additional = \"24.2 billion won\" }}\nnote = \"n\"\nsource = \"s\"\n"
    );
    let file = parse(&text).unwrap();
    let item = &file.items[0];
    assert_eq!(item.line, 5);
    assert_eq!(item.amount.won().to_string(), "264600000000");
    assert_eq!(item.status, Status::Planned);
    assert_eq!(
        item.category.segments().collect::<Vec<_>>(),
        ["finance", "loans"]
    );
    assert_eq!(item.counts[0].to_string(), "600+");
    assert_eq!(item.counts[1].to_string(), "12");
    assert_eq!(item.parts[0].name, "carried-over");
    assert_eq!(item.parts[1].amount.won().to_string(), "24200000000");
}

#[test]
fn count_labels_are_read_before_or_after_the_items() {
    let before = format!("{MINIMAL}count_labels = {{ smes = \"중소기업\" }}\n");
    assert_eq!(parse(&before).unwrap().count_labels["smes"], "중소기업");
    let after = format!(
        "{MINIMAL}\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\n\
         \n[count_labels]\n\"일자리\" = \"명\"\n"
    );
    assert_eq!(parse(&after).unwrap().count_labels["일자리"], "명");
    assert!(parse(MINIMAL).unwrap().count_labels.is_empty());
    let empty = format!("{MINIMAL}count_labels = {{ smes = \" \" }}\n");
    assert!(
        error_text(&empty).contains("count_labels.smes"),
        "{}",
        error_text(&empty)
    );
    let not_text = format!("{MINIMAL}count_labels = {{ smes = 3 }}\n");
    assert!(error_text(&not_text).contains("`count_labels.smes` must be a string"));
    let not_table = format!("{MINIMAL}count_labels = \"SME\"\n");
    assert!(error_text(&not_table).contains("`count_labels` must be a table"));
}

#[test]
fn unknown_fields_are_named_with_a_suggestion() {
    let text =
        format!("{MINIMAL}\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\nammount = 1\n");
    assert_eq!(
        error_text(&text),
        "t.toml:9:1: unknown field `ammount` in [[item]]; did you mean `amount`?"
    );
    assert_eq!(
        error_text("yaer = 2025\nregion = \"x\"\n"),
        "t.toml:1:1: unknown field `yaer` in the top level; did you mean `year`?"
    );
}

#[test]
fn missing_fields_point_at_the_table() {
    let text = format!("{MINIMAL}\n[[item]]\nid = \"a\"\nname = \"A\"\namount = 1\n");
    assert_eq!(
        error_text(&text),
        "t.toml:5:1: missing required field `category` in [[item]]"
    );
    assert!(error_text("region = \"x\"\n").contains("missing required field `year`"));
}

#[test]
fn duplicate_ids_name_both_lines() {
    let item = "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\n";
    let text = format!("{MINIMAL}\n{item}\n{item}");
    assert_eq!(
        error_text(&text),
        "t.toml:12:6: duplicate id `a`: first used at line 5"
    );
}

#[test]
fn bad_amounts_quote_the_value() {
    let text = format!(
        "{MINIMAL}\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = \"12 bilion\"\n"
    );
    assert_eq!(
        error_text(&text),
        "t.toml:9:10: `amount` = \"12 bilion\" has an unknown unit `bilion`; did you mean `billion won`?"
    );
}

#[test]
fn wrong_types_say_what_was_expected() {
    assert_eq!(
        error_text("year = \"2025\"\nregion = \"x\"\n"),
        "t.toml:1:8: `year` must be an integer, found string"
    );
}

#[test]
fn counts_must_be_positive_whole_numbers() {
    let with_count = |count: &str| {
        format!(
            "{MINIMAL}[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\ncounts = {{ companies = {count} }}\n"
        )
    };
    assert!(error_text(&with_count("0")).contains("counts must be at least 1"));
    assert!(error_text(&with_count("-3")).contains("counts cannot be negative"));
    assert!(error_text(&with_count("\"many\"")).contains("write a whole number"));
    assert!(error_text(&with_count("1.5")).contains("must be a whole number"));
    let file = parse(&with_count("\"1,200+\"")).unwrap();
    assert_eq!(file.items[0].counts[0].value, 1200);
    assert!(file.items[0].counts[0].at_least);
}

#[test]
fn counts_in_hexadecimal_octal_and_binary_are_read_in_their_radix() {
    let with_counts = |counts: &str| {
        format!(
            "{MINIMAL}[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\ncounts = {{ {counts} }}\n"
        )
    };
    // 0x10 = 16, 0o17 = 8 + 7 = 15, 0b101 = 4 + 1 = 5, 0xFF_FF = 65,535:
    // never the digits as decimal (10, 17, 101).
    let file = parse(&with_counts("a = 0x10, b = 0o17, c = 0b101, d = 0xFF_FF")).unwrap();
    let values: Vec<u64> = file.items[0].counts.iter().map(|c| c.value).collect();
    assert_eq!(values, [16, 15, 5, 65_535]);
    assert!(file.items[0].counts.iter().all(|c| !c.at_least));
    // Column 16: `counts = { a = ` is 15 characters.
    assert_eq!(
        error_text(&with_counts("a = 0x0")),
        "t.toml:9:16: `counts.a` = \"0x0\" is not a count: counts must be at least 1 (leave the count out instead)"
    );
    // 2^64 = 0x1_0000_0000_0000_0000 is one more than any count.
    assert_eq!(
        error_text(&with_counts("a = 0x1_0000_0000_0000_0000")),
        "t.toml:9:16: `counts.a` = \"0x10000000000000000\" is not a count: it is larger than 18,446,744,073,709,551,615"
    );
    let largest = parse(&with_counts("a = 0xFFFF_FFFF_FFFF_FFFF")).unwrap();
    assert_eq!(largest.items[0].counts[0].value, u64::MAX);
}

#[test]
fn amounts_and_percentages_must_be_decimal() {
    let item = |field: &str| {
        format!("{MINIMAL}[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\n{field}\n")
    };
    // A hexadecimal figure has no last decimal digit to be precise to.
    assert!(error_text(&item("amount = 0x10")).contains("`amount` must be a decimal number"));
    assert!(
        error_text(&item("amount = 1\nparts = { a = 0o1 }"))
            .contains("`parts.a` must be a decimal number")
    );
    assert!(
        error_text(&item("amount = 1\nstated = { change_pct = 0b1 }"))
            .contains("`stated.change_pct` must be a decimal number")
    );
}

#[test]
fn percentages_beyond_decimal_name_no_currency() {
    for unit in ["billion won", "億円", "million dollars"] {
        let text = |stated: &str| {
            format!(
                "year = 2025\nregion = \"R\"\nunit = \"{unit}\"\n[[item]]\nid = \"a\"\nname = \"A\"\n\
                 category = \"c\"\namount = 1\nstated = {{ {stated} }}\n"
            )
        };
        // 1e30 is beyond 79,228,162,514,264,337,593,543,950,335 (about
        // 7.9e28); 1e-30 has 30 decimal places, more than 28.
        let large = error_text(&text("change_pct = 1e30"));
        assert!(
            large.ends_with(
                "`stated.change_pct` = \"1e30\" is too large to be held exactly \
                 (more than 79,228,162,514,264,337,593,543,950,335%)"
            ),
            "{unit}: {large}"
        );
        let fine = error_text(&text("share_pct = \"1e-30%\""));
        assert!(
            fine.ends_with("`stated.share_pct` = \"1e-30\" has more than 28 decimal places"),
            "{unit}: {fine}"
        );
    }
}

#[test]
fn years_are_from_1900_to_2199() {
    let with_year = |year: &str| format!("year = {year}\nregion = \"x\"\n");
    for year in ["-1", "0", "25", "1899", "2200", "99999", "+25", "0x76C_0"] {
        assert_eq!(
            error_text(&with_year(year)),
            format!("t.toml:1:8: `year` = \"{year}\" is not a year from 1900 to 2199"),
        );
    }
    assert_eq!(problems(&with_year("25")).len(), 1);
    assert_eq!(parse(&with_year("1900")).unwrap().year, 1900);
    assert_eq!(parse(&with_year("2199")).unwrap().year, 2199);
    assert_eq!(parse(&with_year("2_025")).unwrap().year, 2025);
    // 0x7E9 = 7 × 256 + 14 × 16 + 9 = 2025, read in its radix.
    assert_eq!(parse(&with_year("0x7E9")).unwrap().year, 2025);
    let rule = parse_str_recoverable(&with_year("25"), "t.toml").unwrap_err()[0]
        .problem
        .rule();
    assert_eq!(rule, "bad-value");
}

#[test]
fn an_unquoted_hangul_key_is_shown_quoted() {
    let hint = |line: &str| {
        let text = format!(
            "{MINIMAL}[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\n{line}\n"
        );
        let message = error_text(&text);
        let (_, hint) = message
            .split_once("must be quoted: write ")
            .unwrap_or_else(|| panic!("{message}"));
        hint.to_owned()
    };
    assert_eq!(hint("counts = { 일자리 = 5 }"), "\"일자리\" = 5");
    assert_eq!(
        hint("counts = { jobs = 3, 기업 = \"1,200+\" }"),
        "\"기업\" = \"1,200+\""
    );
    assert_eq!(hint("counts = { 일자리=5,jobs=3 }"), "\"일자리\" = 5");
    assert_eq!(hint("counts.일자리 = 5 # jobs"), "counts.\"일자리\" = 5");
    assert_eq!(hint("parts = { 국비 = 1.5 }"), "\"국비\" = 1.5");
    assert_eq!(hint("counts = { a+b = 5 }"), "\"a+b\" = 5");
    assert_eq!(hint("[item.counts]\n일자리 = 5"), "\"일자리\" = 5");
    assert_eq!(
        error_text(&format!("{MINIMAL}일자리 = 5\n")),
        "t.toml:4:1: TOML syntax error: invalid unquoted key, expected letters, numbers, `-`, `_`; \
         keys in Hangul or with other characters must be quoted: write \"일자리\" = 5"
    );
}

#[test]
fn category_paths_are_at_most_32_levels_deep() {
    let with_category = |depth: usize| {
        let path = vec!["a"; depth].join("/");
        format!("{MINIMAL}[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"{path}\"\namount = 1\n")
    };
    assert!(parse(&with_category(32)).is_ok());
    assert_eq!(
        error_text(&with_category(33)),
        "t.toml:7:12: `category` = \"a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/…\" has more than 32 levels"
    );
}

#[test]
fn syntax_errors_have_positions() {
    let message = error_text("year = 2025\nregion = \"x\nunit = 3\n");
    assert!(message.starts_with("t.toml:2:"), "{message}");
    assert!(message.contains("TOML syntax error"), "{message}");
}

#[test]
fn cp949_bytes_are_recognised() {
    let (bytes, _, _) = encoding_rs::EUC_KR.encode("year = 2025\nregion = \"경주\"\n");
    let message = parse_bytes(&bytes, "k.toml").unwrap_err().to_string();
    assert_eq!(
        message,
        "k.toml:2:11: not valid UTF-8; the bytes look like CP949/EUC-KR: convert with `iconv -f cp949 -t utf-8`"
    );
}

#[test]
fn utf16_and_cut_characters_are_named() {
    let utf16: Vec<u8> = "\u{feff}year = 2025\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_eq!(
        parse_bytes(&utf16, "u.toml").unwrap_err().to_string(),
        "u.toml:1:1: not valid UTF-8: the file is UTF-16; convert with `iconv -f utf-16 -t utf-8`"
    );
    // "경" is EA B2 BD in UTF-8; the file ends after EA B2.
    let cut = b"year = 2025\nregion = \"\xEA\xB2";
    assert_eq!(
        parse_bytes(cut, "c.toml").unwrap_err().to_string(),
        "c.toml:2:11: not valid UTF-8: the file ends in the middle of a character (was it cut short?)"
    );
}

#[test]
fn a_nul_byte_is_reported_where_it_is_before_any_later_problem() {
    // "# 경주 " is five characters: the NUL is in column 6 of line 2.
    let text = b"year = 2025\n# \xEA\xB2\xBD\xEC\xA3\xBC \0 \xFF\n";
    assert_eq!(
        parse_bytes(text, "n.toml").unwrap_err().to_string(),
        "n.toml:2:6: TOML syntax error: a NUL byte, which no TOML text holds (is this a binary file, or UTF-16 without a byte order mark?)"
    );
    // A byte that is not UTF-8 before it is reported instead.
    assert_eq!(
        parse_bytes(b"year = 2025\n\xFF\0", "n.toml")
            .unwrap_err()
            .to_string(),
        "n.toml:2:1: not valid UTF-8"
    );
}

#[test]
fn reading_stops_after_the_block_with_the_first_foreign_byte() {
    let endless = |start: &'static [u8], then: u8| start.chain(std::io::repeat(then));
    let Capped::Read(bytes) = read_capped(endless(b"year = 1\n", 0), 0, 10 << 20).unwrap() else {
        panic!("stops at the NUL");
    };
    assert_eq!(bytes.len(), READ_BLOCK);
    let Capped::Read(bytes) = read_capped(endless(b"a\n", 0xFF), 0, 10 << 20).unwrap() else {
        panic!("stops at the byte that is not UTF-8");
    };
    assert_eq!(bytes.len(), READ_BLOCK);
    assert_eq!(
        parse_bytes(&bytes, "-").unwrap_err().to_string(),
        "-:2:1: not valid UTF-8"
    );
}

#[test]
fn input_beyond_the_limit_is_refused_unless_a_foreign_byte_comes_first() {
    let endless_text = || std::io::repeat(b'y');
    assert_eq!(
        read_capped(endless_text(), 0, 3 * READ_BLOCK).unwrap(),
        Capped::TooLarge
    );
    // Exactly the limit is read; one byte more is too many.
    let exactly = vec![b'#'; 100];
    assert_eq!(
        read_capped(&exactly[..], 100, 100).unwrap(),
        Capped::Read(exactly.clone())
    );
    assert_eq!(
        read_capped(&exactly[..], 100, 99).unwrap(),
        Capped::TooLarge
    );
    // A NUL within the limit is what is reported; one past it is not.
    let mut nul_inside = vec![b'#'; 99];
    nul_inside.push(0);
    assert_eq!(
        read_capped(&nul_inside[..], 0, 100).unwrap(),
        Capped::Read(nul_inside.clone())
    );
    assert_eq!(
        read_capped(&nul_inside[..], 0, 99).unwrap(),
        Capped::TooLarge
    );
    // A character cut by a block's end is no foreign byte: "경" is
    // EA B2 BD, its first byte the last of the first block.
    let mut cut = vec![b'#'; READ_BLOCK - 1];
    cut.extend_from_slice("경\n".as_bytes());
    assert_eq!(
        read_capped(&cut[..], 0, 10 << 20).unwrap(),
        Capped::Read(cut.clone())
    );
}

#[test]
fn tables_may_follow_a_top_that_writes_item_and_total_as_tables_only() {
    assert!(tables_may_follow(MINIMAL));
    assert!(tables_may_follow(&format!(
        "{MINIMAL}[[total]]\namount = 1\n"
    )));
    for static_form in [
        "item = []\n",
        "item = [{ id = \"a\" }]\n",
        "total = [{ amount = 1 }]\n",
        "item.x = 1\n",
        "[item]\n",
    ] {
        assert!(
            !tables_may_follow(&format!("{MINIMAL}{static_form}")),
            "{static_form}"
        );
    }
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(MINIMAL.as_bytes());
    assert_eq!(parse_bytes(&bytes, "b.toml").unwrap().year, 2025);
}

#[test]
fn columns_count_characters_not_bytes() {
    let index = LineIndex::new("가나다 = 1\nx");
    assert_eq!(index.position(10), (1, 5));
    assert_eq!(index.position(14), (2, 1));
}

fn problems(text: &str) -> Vec<String> {
    parse_str_recoverable(text, "t.toml")
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn every_problem_is_collected_and_load_reports_the_first() {
    let text = format!(
        "{MINIMAL}extra = 1\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\nammount = 1\n\
         [[item]]\nid = \"b\"\nname = \"\"\ncategory = \"c\"\namount = \"12 bilion\"\n\
         counts = {{ companies = 0, jobs = -1 }}\n"
    );
    let all = problems(&text);
    assert_eq!(
        all,
        [
            "t.toml:4:1: unknown field `extra` in the top level",
            // The misspelling stands for the missing `amount`.
            "t.toml:9:1: unknown field `ammount` in [[item]]; did you mean `amount`?",
            "t.toml:12:8: `name` = \"\" is empty",
            "t.toml:14:10: `amount` = \"12 bilion\" has an unknown unit `bilion`; did you mean `billion won`?",
            "t.toml:15:24: `counts.companies` = \"0\" is not a count: counts must be at least 1 (leave the count out instead)",
            "t.toml:15:34: `counts.jobs` = \"-1\" is not a count: counts cannot be negative",
        ]
    );
    assert_eq!(error_text(&text), all[0]);
}

#[test]
fn load_reports_the_problem_nearest_the_start() {
    // `name` is read before `amount`, but `amount` is written first.
    let text = format!(
        "{MINIMAL}[[item]]\nid = \"a\"\namount = \"12 bilion\"\nname = \"\"\ncategory = \"c\"\n"
    );
    assert_eq!(problems(&text)[0], "t.toml:7:8: `name` = \"\" is empty");
    assert_eq!(
        error_text(&text),
        "t.toml:6:10: `amount` = \"12 bilion\" has an unknown unit `bilion`; did you mean `billion won`?"
    );
}

#[test]
fn every_syntax_error_is_collected_in_file_order() {
    let text = "year = 2025\nregion = \"x\nunit = = 3\nphase = [\n";
    let all = problems(text);
    assert!(all.len() >= 2, "{all:?}");
    assert!(
        all.iter().all(|p| p.contains("TOML syntax error")),
        "{all:?}"
    );
    assert!(all[0].starts_with("t.toml:2:"), "{all:?}");
    // `load` reports the first in the file, as `check` lists it, though
    // the parser's own first is the one on line 3.
    assert_eq!(error_text(text), all[0]);
    assert_eq!(
        all[1],
        "t.toml:3:8: TOML syntax error: extra `=`, expected nothing"
    );
}

#[test]
fn reads_totals_stated_figures_and_overlaps() {
    let text = format!(
        "{MINIMAL}[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"f/l\"\namount = 264.6\n\
         overlaps = true\nstated = {{ change = 24.2, change_pct = 10.07, share_pct = \"96.5%\" }}\n\
         [[total]]\ncategory = \"f\"\namount = \"2,646억원\"\noverlaps = true\n\
         [[total]]\namount = 264.6\nstated = {{ change_pct = -3 }}\n"
    );
    let file = parse(&text).unwrap();
    let item = &file.items[0];
    assert!(item.overlaps);
    let change = item.stated[0].change.unwrap();
    assert_eq!(change.value.won().to_string(), "24200000000");
    assert_eq!(
        change.at,
        Position {
            line: 10,
            column: 21
        }
    );
    let change_pct = item.stated[0].change_pct.unwrap().value;
    assert_eq!(
        (change_pct.value.to_string(), change_pct.precision),
        ("10.07".into(), -2)
    );
    let share = item.stated[0].share_pct.unwrap().value;
    assert_eq!(
        (share.value.to_string(), share.precision),
        ("96.5".into(), -1)
    );
    assert_eq!(
        item.category_at,
        Position {
            line: 7,
            column: 12
        }
    );
    assert_eq!(file.year_at, Position { line: 1, column: 8 });
    assert_eq!(file.totals.len(), 2);
    let category = &file.totals[0];
    assert_eq!(category.category.as_ref().unwrap().to_string(), "f");
    assert_eq!(category.amount.value.won().to_string(), "264600000000");
    assert_eq!(
        category.amount.at,
        Position {
            line: 13,
            column: 10
        }
    );
    assert!(category.overlaps);
    assert_eq!(category.line, 11);
    let grand = &file.totals[1];
    assert!(grand.category.is_none());
    assert_eq!(
        grand.stated[0].change_pct.unwrap().value.value.to_string(),
        "-3"
    );
}

#[test]
fn totals_and_stated_figures_are_checked() {
    let text = format!(
        "{MINIMAL}[[total]]\namount = 1\n[[total]]\namount = 2\noverlaps = \"yes\"\n\
         [[total]]\ncategory = \"a\"\namount = 3\nstated = {{ chnage = 1, share_pct = \"lots\" }}\n"
    );
    assert_eq!(
        problems(&text),
        [
            "t.toml:8:12: `overlaps` must be true or false, found string",
            // A total with a problem still counts as given.
            "t.toml:6:1: the grand total is given twice: first at line 4",
            "t.toml:12:12: unknown field `chnage` in `stated`; did you mean `change`?",
            "t.toml:12:36: `stated.share_pct` = \"lots\" is not a number",
        ]
    );
    let twice = format!("{MINIMAL}[[total]]\namount = 1\n[[total]]\namount = 2\n");
    assert_eq!(
        error_text(&twice),
        "t.toml:6:1: the grand total is given twice: first at line 4"
    );
}

#[test]
fn problems_have_stable_rule_ids() {
    let rule = |text: &str| {
        parse_str_recoverable(text, "t.toml").unwrap_err()[0]
            .problem
            .rule()
    };
    assert_eq!(rule("year = \n"), "syntax");
    assert_eq!(rule("year = 2025\n"), "missing-field");
    assert_eq!(rule("year = \"2025\"\nregion = \"x\"\n"), "wrong-type");
    assert_eq!(rule("yaer = 2025\nregion = \"x\"\n"), "unknown-field");
    assert_eq!(
        // Not `dollars`: a known unit since issue 15.
        rule("year = 2025\nregion = \"x\"\nunit = \"pesos\"\n"),
        "unknown-unit"
    );
}
