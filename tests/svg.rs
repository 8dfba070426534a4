//! `--format svg`: charts that parse as SVG (with usvg, as a renderer
//! sees them), with one bar per category shown, bars as long as their
//! figures, colours by direction, and names written as text.

use std::process::Command;

use usvg::{Group, Node, Paint, Tree};

fn svg(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args(args)
        .args(["--format", "svg"])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn parse(text: &str) -> Tree {
    Tree::from_str(text, &usvg::Options::default()).expect("valid SVG")
}

/// Groups whose id starts with `prefix`, in document order.
fn groups<'t>(group: &'t Group, prefix: &str, found: &mut Vec<&'t Group>) {
    for node in group.children() {
        if let Node::Group(child) = node {
            if child.id().starts_with(prefix) {
                found.push(child);
            }
            groups(child, prefix, found);
        }
    }
}

fn groups_of<'t>(tree: &'t Tree, prefix: &str) -> Vec<&'t Group> {
    let mut found = Vec::new();
    groups(tree.root(), prefix, &mut found);
    found
}

/// The bar of a bar group: its one filled shape.
fn bar(group: &Group) -> (f32, f32, (u8, u8, u8)) {
    let path = group
        .children()
        .iter()
        .find_map(|node| match node {
            Node::Path(path) => Some(path),
            _ => None,
        })
        .expect("a bar");
    let bounds = path.abs_bounding_box();
    let Some(Paint::Color(color)) = path.fill().map(|f| f.paint()) else {
        panic!("a bar is filled with a colour");
    };
    (
        bounds.left(),
        bounds.width(),
        (color.red, color.green, color.blue),
    )
}

#[test]
fn summarize_draws_one_bar_per_category_as_long_as_its_subtotal() {
    let tree = parse(&svg(&["summarize", "budgets/2025.toml"]));
    let bars = groups_of(&tree, "bar-");
    // finance, loans, investment, attracted, infrastructure, complexes.
    assert_eq!(bars.len(), 6);
    let (finance_x, finance, _) = bar(bars[0]);
    let (infrastructure_x, infrastructure, _) = bar(bars[4]);
    assert_eq!(finance_x, infrastructure_x, "bars start at zero");
    // 240.4 / 3.5 = 68.69; pixels are rounded to a tenth.
    let ratio = finance / infrastructure;
    assert!((ratio - 240.4 / 3.5).abs() < 0.5, "{ratio}");
}

#[test]
fn summarize_draws_a_chart_per_file() {
    let tree = parse(&svg(&[
        "summarize",
        "budgets/2025.toml",
        "budgets/2026.toml",
    ]));
    // 2025: 6 categories; 2026: finance, loans, funds, business-support,
    // investment, promotion, infrastructure, complexes.
    assert_eq!(groups_of(&tree, "bar-").len(), 6 + 8);
}

#[test]
fn diff_draws_increases_right_and_decreases_left() {
    let tree = parse(&svg(&[
        "diff",
        "budgets/2025.toml",
        "budgets/2026.toml",
        "--depth",
        "1",
    ]));
    let bars = groups_of(&tree, "bar-");
    // Largest change first: investment -236.2, finance +26.7,
    // business-support +2.3 (new), infrastructure +0.8.
    assert_eq!(bars.len(), 4);
    let (investment_x, investment, red) = bar(bars[0]);
    let (finance_x, finance, green) = bar(bars[1]);
    assert_eq!(red, (0xd7, 0x30, 0x27));
    assert_eq!(green, (0x1a, 0x98, 0x50));
    // The decrease ends where the increase starts: at zero.
    assert!((investment_x + investment - finance_x).abs() < 0.2);
    // 236.2 / 26.7 = 8.85.
    let ratio = investment / finance;
    assert!((ratio - 236.2 / 26.7).abs() < 0.1, "{ratio}");
}

#[test]
fn trend_draws_one_line_per_category() {
    let text = svg(&["trend", "budgets/"]);
    let tree = parse(&text);
    // finance, loans, funds, investment, attracted, promotion,
    // infrastructure, complexes, business-support.
    let series = groups_of(&tree, "series-");
    assert_eq!(series.len(), 9);
    // finance has a value in both years: a line and two dots; funds only
    // in 2026: one dot and no line.
    let shapes = |group: &Group| group.children().len();
    assert_eq!(shapes(series[0]), 3);
    assert_eq!(shapes(series[2]), 1);
    assert_eq!(
        groups_of(
            &parse(&svg(&["trend", "budgets/", "--depth", "1"])),
            "series-"
        )
        .len(),
        4
    );
}

#[test]
fn names_are_text_not_markup() {
    let text = svg(&["summarize", "tests/fixtures/chart-names.toml"]);
    assert!(text.contains("R&amp;D &lt;pilot&gt;"), "{text}");
    assert!(!text.contains('\u{7}'));
    let document = roxmltree::Document::parse(&text).expect("well-formed XML");
    let texts: Vec<String> = document
        .descendants()
        .filter(|node| node.has_tag_name("text"))
        .filter_map(|node| node.text())
        .map(|text| text.trim().to_owned())
        .collect();
    for name in [
        "R&D <pilot>",
        "연구개발",
        "문화&관광",
        "bell\\u{7}",
        "경주시 <R&D> 2026",
    ] {
        assert!(texts.iter().any(|t| t == name), "{name} not in {texts:?}");
    }
    // Axis in the file's unit, 억원: ticks 0, 10, 20, 30.
    assert!(texts.iter().any(|t| t == "억원"), "{texts:?}");
    assert_eq!(groups_of(&parse(&text), "bar-").len(), 4);
}

#[test]
fn charts_are_written_to_output_files() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("diff.svg");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
            .args([
                "diff",
                "budgets/2025.toml",
                "budgets/2026.toml",
                "--format",
                "svg",
                "--output",
            ])
            .arg(&path)
            .args(extra)
            .output()
            .unwrap()
    };
    let first = run(&[]);
    assert_eq!(first.status.code(), Some(0));
    assert!(first.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        svg(&["diff", "budgets/2025.toml", "budgets/2026.toml"])
    );
    let again = run(&[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(run(&["--force"]).status.code(), Some(0));
}
