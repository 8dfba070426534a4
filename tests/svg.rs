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
    let tree = parse(&svg(&["summarize", "budgets/2026.toml"]));
    let bars = groups_of(&tree, "bar-");
    // finance, funds, business-support, investment, promotion,
    // infrastructure, complexes (the loans are a memo figure, not drawn).
    assert_eq!(bars.len(), 7);
    let (finance_x, finance, _) = bar(bars[0]);
    let (infrastructure_x, infrastructure, _) = bar(bars[5]);
    assert_eq!(finance_x, infrastructure_x, "bars start at zero");
    // 4.3 / 2.5 = 1.72; pixels are rounded to a tenth.
    let ratio = infrastructure / finance;
    assert!((ratio - 4.3 / 2.5).abs() < 0.02, "{ratio}");
}

#[test]
fn summarize_draws_a_chart_per_file() {
    let tree = parse(&svg(&[
        "summarize",
        "budgets/2025.toml",
        "budgets/2026.toml",
    ]));
    // 2025: infrastructure, complexes (the loans and the investment are
    // memo figures); 2026: finance, funds, business-support, investment,
    // promotion, infrastructure, complexes.
    assert_eq!(groups_of(&tree, "bar-").len(), 2 + 7);
}

#[test]
fn diff_draws_increases_right_and_decreases_left() {
    let tree = parse(&svg(&[
        "diff",
        "tests/cmd/fixtures/tree-old.toml",
        "tests/cmd/fixtures/tree.toml",
        "--depth",
        "1",
    ]));
    let bars = groups_of(&tree, "bar-");
    // Largest change first: a 250 -> 255 (+5), b 11 -> 10 (-1). (The
    // bundled files no longer have a decrease in their totals: what fell,
    // the investment attracted, is a memo figure.)
    assert_eq!(bars.len(), 2);
    let (a_x, a, green) = bar(bars[0]);
    let (b_x, b, red) = bar(bars[1]);
    assert_eq!(red, (0xd7, 0x30, 0x27));
    assert_eq!(green, (0x1a, 0x98, 0x50));
    // The decrease ends where the increase starts: at zero.
    assert!((b_x + b - a_x).abs() < 0.2);
    // 5 / 1 = 5.
    let ratio = a / b;
    assert!((ratio - 5.0).abs() < 0.1, "{ratio}");
}

#[test]
fn trend_draws_one_line_per_category() {
    let text = svg(&["trend", "budgets/"]);
    let tree = parse(&text);
    // The top level only, never a category over its own subcategories:
    // finance, investment, infrastructure, business-support.
    let series = groups_of(&tree, "series-");
    assert_eq!(series.len(), 4);
    // finance has a value in both years: a line and two dots;
    // business-support only in 2026: one dot and no line.
    let shapes = |group: &Group| group.children().len();
    assert_eq!(shapes(series[0]), 3);
    assert_eq!(shapes(series[3]), 1);
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

/// Each text of a chart as a box, measured as the program lays text out
/// (`text_width` in src/render/svg: a wide character one em, others 0.55
/// em; the box from 0.8 em above the baseline to 0.2 em below).
fn text_boxes(text: &str) -> Vec<(String, [f64; 4])> {
    let document = roxmltree::Document::parse(text).expect("well-formed XML");
    let number = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.ancestors()
            .find_map(|n| n.attribute(name))
            .map(|v| v.parse::<f64>().expect("a number"))
    };
    let mut boxes = Vec::new();
    for node in document.descendants().filter(|n| n.has_tag_name("text")) {
        // The svg crate writes each text on a line of its own.
        let content = node.text().unwrap_or_default().trim().to_owned();
        let size = number(node, "font-size").expect("a font size");
        let shift: f64 = node
            .ancestors()
            .filter_map(|n| n.attribute("transform"))
            .map(|t| {
                let inner = t.trim_start_matches("translate(").trim_end_matches(')');
                inner.split(' ').nth(1).unwrap().parse::<f64>().unwrap()
            })
            .sum();
        let x = number(node, "x").unwrap();
        let y = number(node, "y").unwrap() + shift;
        let width = unicode_width::UnicodeWidthStr::width(content.as_str()) as f64 * size * 0.55;
        let left = match node.attribute("text-anchor") {
            Some("middle") => x - width / 2.0,
            Some("end") => x - width,
            _ => x,
        };
        boxes.push((
            content,
            [left, y - 0.8 * size, left + width, y + 0.2 * size],
        ));
    }
    boxes
}

/// The pairs of texts whose boxes overlap by more than half a pixel.
fn overlaps(text: &str) -> Vec<(String, String)> {
    let boxes = text_boxes(text);
    let mut found = Vec::new();
    for (i, (a, [al, at, ar, ab])) in boxes.iter().enumerate() {
        for (b, [bl, bt, br, bb]) in &boxes[i + 1..] {
            let wide = ar.min(*br) - al.max(*bl);
            let high = ab.min(*bb) - at.max(*bt);
            if wide > 0.5 && high > 0.5 {
                found.push((a.clone(), b.clone()));
            }
        }
    }
    found
}

/// Twelve years of 112 top-level categories (each with two
/// subcategories) in 천원, with long Korean names: what a province's
/// books look like.
fn provincial_years(dir: &std::path::Path) {
    for year in 2015..2027 {
        let mut text =
            format!("year = {year}\nregion = \"경상북도\"\nunit = \"천원\"\nphase = \"본예산\"\n");
        for category in 0..112 {
            for sub in 0..2 {
                // Amounts that differ by year, category and subcategory.
                let amount = 1_000_000 * (1 + (category * 7 + sub * 3 + year as usize) % 900);
                text.push_str(&format!(
                    "[[item]]\nid = \"i{category}-{sub}\"\nname = \"Item\"\ncategory = \"분야{category:03} 아주 긴 이름의 정책 분야 명칭입니다/세부{sub}\"\namount = {amount}\n"
                ));
            }
        }
        std::fs::write(dir.join(format!("{year}.toml")), text).unwrap();
    }
}

/// The height a chart says it has.
fn height(text: &str) -> f64 {
    let document = roxmltree::Document::parse(text).unwrap();
    document
        .root_element()
        .attribute("height")
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn real_sized_charts_keep_their_labels_apart_and_their_size_bounded() {
    let dir = tempfile::tempdir().unwrap();
    provincial_years(dir.path());
    let years = |year: u32| {
        dir.path()
            .join(format!("{year}.toml"))
            .display()
            .to_string()
    };
    let folder = dir.path().display().to_string();
    let charts = [
        ("trend", svg(&["trend", &folder])),
        ("diff", svg(&["diff", &years(2015), &years(2026)])),
        ("summarize", svg(&["summarize", &years(2026)])),
        (
            "summarize ko",
            svg(&["summarize", &years(2026), "--lang", "ko"]),
        ),
        (
            "bundled diff",
            svg(&["diff", "budgets/2025.toml", "budgets/2026.toml"]),
        ),
        (
            "bundled trend",
            svg(&["trend", "budgets/2025.toml", "budgets/2026.toml"]),
        ),
        (
            "bundled summarize",
            svg(&["summarize", "budgets/2025.toml"]),
        ),
    ];
    for (name, chart) in &charts {
        assert_eq!(overlaps(chart), Vec::<(String, String)>::new(), "{name}");
    }
    // 112 top-level categories: 29 bars, one for the other 83, at 24 px a
    // row under a 64 px heading with 56 px for the axis: 64 + 30 × 24 + 56
    // = 840 px, however many categories the file has.
    assert_eq!(height(&charts[2].1), 840.0);
    assert!(charts[2].1.contains("… 83 more categories"));
    // Trend: 8 lines of their own and one for the other 104 categories,
    // so the legend holds nine names and no colour repeats.
    let trend = parse(&charts[0].1);
    assert_eq!(groups_of(&trend, "series-").len(), 9);
    assert!(charts[0].1.contains("… 104 more categories"));
}

#[test]
fn trend_never_draws_a_category_over_its_own_children() {
    let dir = tempfile::tempdir().unwrap();
    for year in [2025, 2026] {
        let text = format!(
            "year = {year}\nregion = \"R\"\nunit = \"억원\"\n\
             [[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"roads/repair\"\namount = 10\n\
             [[item]]\nid = \"b\"\nname = \"B\"\ncategory = \"roads/new\"\namount = 5\n\
             [[item]]\nid = \"c\"\nname = \"C\"\ncategory = \"parks\"\namount = 3\n"
        );
        std::fs::write(dir.path().join(format!("{year}.toml")), text).unwrap();
    }
    let chart = svg(&["trend", &dir.path().display().to_string()]);
    let tree = parse(&chart);
    // Two top-level categories: roads and parks are drawn, not roads'
    // subcategories repair and new, whose sum roads already is.
    let names: Vec<String> = text_boxes(&chart)
        .into_iter()
        .map(|(text, _)| text)
        .filter(|text| ["roads", "parks", "repair", "new"].contains(&text.as_str()))
        .collect();
    assert_eq!(names, ["roads", "parks"]);
    assert_eq!(groups_of(&tree, "series-").len(), 2);
}
