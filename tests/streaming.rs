//! The streamed loader against the plain one: for every committed budget
//! file and fixture (good and bad) and for generated files full of traps,
//! reading in tiny batches must give exactly what reading the whole file
//! gives: the same items, totals and positions, or the same error.

use std::path::{Path, PathBuf};

use gyeongju_budget::commands::CommandError;
use gyeongju_budget::error::OverflowError;
use gyeongju_budget::load::load;
use gyeongju_budget::load::progress::Silent;
use gyeongju_budget::load::stream::load_in_batches;
use gyeongju_budget::load::{Batching, Fold, Folded, fold_file, load_file};
use gyeongju_budget::model::{Item, YearFile};
use gyeongju_budget::render::{DisplayOptions, Format, render_summaries};
use gyeongju_budget::report::outline::OutlineOptions;
use gyeongju_budget::summary::{Summary, SummaryBuilder, SummaryOptions, apply_outline, summarize};

/// A summary built item by item ([`SummaryBuilder::add`]) rather than
/// from parts made on the worker threads.
struct ItemByItem(SummaryBuilder);

impl Fold for ItemByItem {
    type Options = OutlineOptions;
    type Part = Vec<Item>;
    type Error = OverflowError;
    type Output = Summary;

    fn new(head: &YearFile, outline: &OutlineOptions) -> ItemByItem {
        ItemByItem(<SummaryBuilder as Fold>::new(
            head,
            &SummaryOptions::from(*outline),
        ))
    }

    fn part(_: &OutlineOptions, items: Vec<Item>) -> Vec<Item> {
        items
    }

    fn merge(&mut self, items: Vec<Item>) -> Result<(), OverflowError> {
        items.iter().try_for_each(|item| self.0.add(item))
    }

    fn finish(self) -> Summary {
        self.0.finish()
    }
}

/// `F` folded over the file at `path` in `batching`'s batches.
fn read_folded<F: Fold>(batching: Batching, path: &str, options: &F::Options) -> F
where
    CommandError: From<F::Error>,
{
    let read: Result<Folded<F>, CommandError> = fold_file(batching, &Silent, path, options);
    read.expect("streams").fold
}

/// Every file streamed, in batches of a few dozen bytes.
fn tiny_batches(batch_bytes: usize) -> Batching {
    Batching {
        from_bytes: 0,
        batch_bytes,
    }
}

fn toml_files_under(dir: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![PathBuf::from(dir)];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The plain and the streamed result, as comparable text.
fn both_ways(path: &Path, batching: Batching) -> (String, String) {
    let path = path.to_str().expect("fixture paths are UTF-8");
    let show = |result: Result<_, _>| match result {
        Ok(file) => format!("{file:?}"),
        Err(error) => format!("error: {error}"),
    };
    (show(load(path)), show(load_file(batching, &Silent, path)))
}

#[test]
fn committed_files_read_the_same_in_batches() {
    let mut files = toml_files_under("budgets");
    files.extend(toml_files_under("tests/fixtures"));
    files.extend(toml_files_under("tests/cmd/fixtures"));
    assert!(files.len() > 80, "the corpus is missing: {}", files.len());
    for path in &files {
        for batch_bytes in [16, 97, 4096] {
            let (plain, streamed) = both_ways(path, tiny_batches(batch_bytes));
            assert_eq!(
                plain,
                streamed,
                "{} in batches of {batch_bytes}",
                path.display()
            );
        }
    }
}

/// A year file of `count` items whose layout tries every trap for a cutter
/// that looks for `\n[[item]]`: a multi-line note that holds that very
/// text, sub-tables after an item, comments, CRLF line ends, printed
/// totals between items, string amounts, and a byte order mark.
fn tricky_file(count: usize, crlf: bool) -> String {
    tricky_file_with(count, crlf, true)
}

fn tricky_file_with(count: usize, crlf: bool, fake_headers: bool) -> String {
    let mut text =
        String::from("\u{feff}# generated\nyear = 2026\nregion = \"경주\"\nunit = \"억원\"\n");
    for index in 0..count {
        text.push_str(&format!(
            "\n[[item]]\nid = \"i{index}\"\nname = \"항목 {index}\"\ncategory = \"c{}/d{}\"\n",
            index % 3,
            index % 5
        ));
        match index % 6 {
            0 => text.push_str(&format!("amount = {}.5\n", index * 7)),
            1 => text.push_str(&format!("amount = \"{}억 5,000만원\"\n", index)),
            2 if fake_headers => text.push_str(&format!(
                "amount = {index}\nnote = \"\"\"\nnot a header:\n[[item]]\nid = \"fake{index}\"\n\"\"\"\n"
            )),
            2 => text.push_str(&format!("amount = {index}\nnote = '''\nmulti-line\n'''\n")),
            3 => text.push_str(&format!(
                "amount = {index} # a comment\n[item.counts]\ncompanies = \"{}+\"\n",
                index + 1
            )),
            4 => text.push_str(&format!(
                "amount = -{index}\nstatus = \"planned\"\n\n[[total]]\ncategory = \"t{index}\"\namount = 1\n"
            )),
            _ => text.push_str(&format!("amount = {index}\nstatus = \"target\"\n")),
        }
    }
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    text
}

#[test]
fn generated_files_read_the_same_in_batches() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (count, crlf) in [(50, false), (50, true), (400, false)] {
        let path = dir.path().join(format!("tricky-{count}-{crlf}.toml"));
        std::fs::write(&path, tricky_file(count, crlf)).expect("written");
        for batch_bytes in [1, 64, 333, 1 << 20] {
            let (plain, streamed) = both_ways(&path, tiny_batches(batch_bytes));
            assert!(
                plain.starts_with("YearFile"),
                "the generated file loads: {plain}"
            );
            assert_eq!(
                plain, streamed,
                "{count} items, CRLF {crlf}, batches of {batch_bytes}"
            );
        }
    }
}

#[test]
fn batches_are_really_used_where_no_string_holds_a_header() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("plain-strings.toml");
    std::fs::write(&path, tricky_file_with(200, true, false)).expect("written");
    let path = path.to_str().expect("UTF-8 path");
    let streamed = load_in_batches(100, path)
        .expect("no batch falls back")
        .expect("loads");
    assert_eq!(
        format!("{streamed:?}"),
        format!("{:?}", load(path).expect("loads"))
    );
    assert_eq!(streamed.items.len(), 200);
}

#[test]
fn errors_late_in_a_file_are_the_plain_errors() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let good = tricky_file(120, false);
    let broken = [
        ("duplicate", good.replace("id = \"i97\"", "id = \"i3\"")),
        (
            "total twice",
            good.replace("category = \"t100\"", "category = \"t4\""),
        ),
        (
            "unknown field",
            good.replace("id = \"i97\"", "id = \"i97\"\nammount = 1"),
        ),
        ("syntax", good.replace("id = \"i97\"", "id = \"i97")),
        (
            "bad amount",
            good.replace("amount = 97", "amount = \"97 dollars\""),
        ),
        (
            "not UTF-8",
            format!("{good}\n# \u{fffd}").replace('\u{fffd}', "\u{7f}"),
        ),
    ];
    for (what, text) in broken {
        let path = dir.path().join(format!("{what}.toml"));
        std::fs::write(&path, text).expect("written");
        let (plain, streamed) = both_ways(&path, tiny_batches(200));
        assert_eq!(plain, streamed, "{what}");
    }
    let path = dir.path().join("cp949.toml");
    let mut bytes = good.into_bytes();
    bytes.extend_from_slice(b"\n# \xb0\xe6\xc1\xd6\n");
    std::fs::write(&path, bytes).expect("written");
    let (plain, streamed) = both_ways(&path, tiny_batches(200));
    assert!(plain.starts_with("error:"), "{plain}");
    assert_eq!(plain, streamed, "CP949 at the end");
}

#[test]
fn streamed_summaries_match_plain_summaries_at_every_depth() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("tricky.toml");
    std::fs::write(&path, tricky_file(300, false)).expect("written");
    let path = path.to_str().expect("UTF-8 path");
    for depth in [None, Some(0), Some(1), Some(2), Some(3)] {
        let outline = OutlineOptions {
            depth,
            ..OutlineOptions::default()
        };
        let mut plain = summarize(&load(path).expect("loads")).expect("sums");
        apply_outline(&mut plain, &outline);
        let mut streamed = read_folded::<ItemByItem>(tiny_batches(150), path, &outline).finish();
        apply_outline(&mut streamed, &outline);
        let mut merged =
            read_folded::<SummaryBuilder>(tiny_batches(150), path, &outline.into()).finish();
        apply_outline(&mut merged, &outline);
        let json = |summary| {
            render_summaries(Format::Json, &[summary], &DisplayOptions::default()).expect("renders")
        };
        let plain = json(plain);
        assert_eq!(plain, json(streamed), "depth {depth:?}");
        assert_eq!(plain, json(merged), "depth {depth:?}, merged from parts");
    }
}

/// `diff` and `trend` fold the items `--depth` hides while reading; what
/// they show must be what the full computation shows once cut to depth.
#[test]
fn folded_diffs_and_trends_match_full_ones_at_every_depth() {
    use gyeongju_budget::diff::{apply_outline as outline_diff, diff, diff_to_depth};
    use gyeongju_budget::render::renderer;
    use gyeongju_budget::trend::{PeriodFold, apply_outline as outline_trend, trend, trend_of};

    let dir = tempfile::tempdir().expect("a temporary directory");
    let old_path = dir.path().join("2025.toml");
    let new_path = dir.path().join("2026.toml");
    std::fs::write(&old_path, tricky_file_with(90, false, false)).expect("written");
    let newer = tricky_file_with(120, false, false)
        .replace("year = 2026", "year = 2027")
        .replace("amount = 14", "amount = 41");
    std::fs::write(&new_path, newer).expect("written");
    let paths = [
        old_path.to_str().expect("UTF-8"),
        new_path.to_str().expect("UTF-8"),
    ];
    let files = paths.map(|path| load(path).expect("loads"));
    let options = DisplayOptions::default();
    for depth in [None, Some(0), Some(1), Some(2), Some(3)] {
        let outline = OutlineOptions {
            depth,
            ..OutlineOptions::default()
        };
        let mut full = diff(&files[0], &files[1], true).expect("sums");
        outline_diff(&mut full, &outline);
        let mut folded = diff_to_depth(&files[0], &files[1], true, depth).expect("sums");
        outline_diff(&mut folded, &outline);
        let show_diff = |d| renderer(Format::Json).diff(&d, &options).expect("renders");
        assert_eq!(
            show_diff(full),
            show_diff(folded),
            "diff at depth {depth:?}"
        );

        let mut full = trend(&files).expect("sums");
        outline_trend(&mut full, &outline);
        let folds: Vec<PeriodFold> = files
            .iter()
            .map(|file| {
                let mut fold = PeriodFold::new(file, depth);
                for item in file.items.clone() {
                    fold.add(item).expect("sums");
                }
                fold
            })
            .collect();
        let mut folded = trend_of(&folds).expect("sums");
        outline_trend(&mut folded, &outline);
        // As `trend` reads: batches folded apart, then merged in order.
        let folds: Vec<PeriodFold> = paths
            .iter()
            .map(|path| read_folded::<PeriodFold>(tiny_batches(200), path, &outline))
            .collect();
        let mut merged = trend_of(&folds).expect("sums");
        outline_trend(&mut merged, &outline);
        let show_trend = |t| renderer(Format::Json).trend(&t, &options).expect("renders");
        let full = show_trend(full);
        assert_eq!(full, show_trend(folded), "trend at depth {depth:?}");
        assert_eq!(
            full,
            show_trend(merged),
            "trend at depth {depth:?}, merged from parts"
        );
    }
}

/// A file whose categories sit at depths 1 to 3, with items directly under
/// categories that also hold subcategories, many equal amounts (and equal
/// names) to break ties between, negative amounts, and targets.
fn mixed_depth_file(count: usize) -> String {
    let categories = ["a", "a/b", "a/b/c", "d", "a/e", "d/f/g", "h"];
    let mut text = String::from("year = 2026\nregion = \"경주\"\nunit = \"천원\"\n");
    for index in 0..count {
        let category = categories[(index * 5 + index / 7) % categories.len()];
        // Amounts repeat every 11 items, a third of them negative.
        let amount = (index % 11) as i64 * if index % 3 == 0 { -10 } else { 10 };
        let status = if index % 13 == 0 { "target" } else { "planned" };
        text.push_str(&format!(
            "\n[[item]]\nid = \"x{:03}\"\nname = \"사업 {}\"\ncategory = \"{category}\"\n\
             amount = \"{amount}.5\"\nstatus = \"{status}\"\n",
            (count - index) * 7 % 1000,
            index % 4,
        ));
    }
    text
}

/// `--top` folds while reading: each category keeps its best items and
/// adds the rest up, batch by batch. Whatever the batches, the rows (and
/// each folded row's count and exact amount) must be what folding every
/// item gives, for every `--sort` (which breaks ties) and `--depth`.
#[test]
fn top_folded_while_reading_matches_top_over_every_item() {
    use gyeongju_budget::report::outline::SortKey;

    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("mixed.toml");
    std::fs::write(&path, mixed_depth_file(400)).expect("written");
    let mut files = vec![path];
    files.extend(toml_files_under("budgets"));
    files.extend(toml_files_under("tests/fixtures"));
    let json = |summary| {
        render_summaries(Format::Json, &[summary], &DisplayOptions::default()).expect("renders")
    };
    let mut folded_rows = 0;
    for path in &files {
        let path = path.to_str().expect("UTF-8 path");
        let Ok(file) = load(path) else { continue };
        for top in [0, 1, 3] {
            for sort in [
                None,
                Some(SortKey::Amount),
                Some(SortKey::Name),
                Some(SortKey::Id),
            ] {
                for depth in [None, Some(2)] {
                    let outline = OutlineOptions {
                        depth,
                        top: Some(top),
                        sort,
                    };
                    let mut plain = summarize(&file).expect("sums");
                    apply_outline(&mut plain, &outline);
                    let builder =
                        read_folded::<SummaryBuilder>(tiny_batches(300), path, &outline.into());
                    assert!(builder.is_exact(), "{path}: amounts far from the limits");
                    let mut merged = builder.finish();
                    apply_outline(&mut merged, &outline);
                    folded_rows += merged
                        .rows
                        .iter()
                        .filter(|row| matches!(row, gyeongju_budget::summary::Row::Others(_)))
                        .count();
                    let mut added =
                        read_folded::<ItemByItem>(tiny_batches(300), path, &outline).finish();
                    apply_outline(&mut added, &outline);
                    let plain = json(plain);
                    let what = format!("{path}, top {top}, sort {sort:?}, depth {depth:?}");
                    assert_eq!(plain, json(merged), "{what}, merged from parts");
                    assert_eq!(plain, json(added), "{what}, item by item");
                }
            }
        }
    }
    // The mixed file alone folds in every category at every setting.
    assert!(folded_rows > 100, "folded rows: {folded_rows}");
}

/// Sums whose order could matter (amounts near `Decimal`'s 28 digits) are
/// left to the plain computation: the builder says it is not sure.
#[test]
fn top_while_reading_is_unsure_where_order_could_change_a_sum() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("precise.toml");
    // 10^21 won and 10^-8 won: read in this order every sum is exact, but
    // 10^21 + 10^-8 would need 30 significant digits (Decimal keeps 28).
    let text = "year = 2026\nregion = \"R\"\n\
        [[item]]\nid = \"a\"\nname = \"a\"\ncategory = \"x\"\namount = 1000000000000000000000\n\
        [[item]]\nid = \"c\"\nname = \"c\"\ncategory = \"x\"\namount = -1000000000000000000000\n\
        [[item]]\nid = \"b\"\nname = \"b\"\ncategory = \"x\"\namount = 0.00000001\n";
    std::fs::write(&path, text).expect("written");
    let path = path.to_str().expect("UTF-8 path");
    let outline = OutlineOptions {
        depth: None,
        top: Some(0),
        sort: None,
    };
    let builder = read_folded::<ItemByItem>(tiny_batches(40), path, &outline);
    assert!(!builder.0.is_exact());
}

/// Line (1-based) of the `[[item]]` header of the item whose id line is
/// `id_line`, and of that id line, in `text`.
fn item_lines(text: &str, id_line: &str) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|line| *line == id_line)
        .expect("the id is written");
    let header = lines[..at]
        .iter()
        .rposition(|line| *line == "[[item]]")
        .expect("under a header");
    (header + 1, at + 1)
}

/// A repeated id or printed total is found while streaming, with the very
/// message the plain way gives, and without falling back to it; but only
/// once the whole file is known to parse, since a syntax error anywhere
/// comes first.
#[test]
fn repeats_are_reported_while_streaming_with_the_plain_message() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for crlf in [false, true] {
        let good = tricky_file_with(200, false, false);
        // i3 again near the end, and i5 again after it.
        let repeated = good
            .replace("id = \"i180\"", "id = \"i3\"")
            .replace("id = \"i190\"", "id = \"i5\"");
        let (first, _) = item_lines(&good, "id = \"i3\"");
        let (_, again) = item_lines(&good, "id = \"i180\"");
        let crlf_text = |text: String| {
            if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            }
        };
        let path = dir.path().join(format!("repeated-{crlf}.toml"));
        std::fs::write(&path, crlf_text(repeated.clone())).expect("written");
        let path = path.to_str().expect("UTF-8 path");
        let error = load_in_batches(100, path)
            .expect("decided while streaming")
            .expect_err("a repeated id");
        // The id's value starts at column 6 of `id = "i3"`.
        assert_eq!(
            error.to_string(),
            format!("{path}:{again}:6: duplicate id `i3`: first used at line {first}")
        );
        assert_eq!(error.to_string(), load(path).unwrap_err().to_string());

        // The same with a syntax error after both repeats: it is reported.
        let broken = repeated.replace("id = \"i198\"", "id = \"i198");
        std::fs::write(path, crlf_text(broken)).expect("written");
        assert!(
            load_in_batches(100, path).is_none(),
            "the plain way decides"
        );
        let (plain, streamed) = both_ways(Path::new(path), tiny_batches(100));
        let (_, syntax_line) = item_lines(&good, "id = \"i198\"");
        assert!(
            plain.contains(&format!(":{syntax_line}:")) && plain.contains("syntax"),
            "the syntax error: {plain}"
        );
        assert_eq!(plain, streamed);
    }

    // A total printed twice: every 6th item from the 4th prints the total
    // of `t{index}`; t190 becomes t10.
    let twice = tricky_file_with(200, false, false).replace("\"t190\"", "\"t10\"");
    let path = dir.path().join("total-twice.toml");
    std::fs::write(&path, &twice).expect("written");
    let path = path.to_str().expect("UTF-8 path");
    let error = load_in_batches(100, path)
        .expect("decided while streaming")
        .expect_err("a repeated total");
    let line_of = |needle: &str| {
        let at = twice.find(needle).expect("written");
        twice[..at].lines().count()
    };
    // The `[[total]]` header is the line before its category.
    let (first, again) = (
        line_of("category = \"t10\"\n"),
        line_of("category = \"t10\"\namount = 1\n\n[[item]]\nid = \"i191\""),
    );
    assert_eq!(
        error.to_string(),
        format!("{path}:{again}:1: the total of `t10` is given twice: first at line {first}")
    );
    assert_eq!(error.to_string(), load(path).unwrap_err().to_string());
}

/// Every row of the file at `path` as `summarize --format FORMAT` makes it
/// in two passes (items read back from the file a stretch at a time), and
/// as the plain summary renders it; `None` where no plan is made (the
/// plain path then makes the output) or where the file has a repeated id
/// (the error the plain path gives, see above).
fn every_row_both_ways(
    path: &Path,
    batching: Batching,
    format: Format,
) -> Option<(String, String)> {
    use gyeongju_budget::render::rows_renderer;
    use gyeongju_budget::summary::every_row::{Planned, plan_rows};

    let Planned { plan, .. } = plan_rows(batching, &Silent, path)?.ok()?;
    let options = DisplayOptions::default();
    let renderer = rows_renderer(format).expect("writes rows");
    let mut written = renderer.head(plan.head(), &options).expect("renders");
    let render = |rows: &[_], excluded: &[_]| renderer.rows(plan.head(), rows, excluded, &options);
    let mut write = |bytes: &[u8]| {
        written.extend_from_slice(bytes);
        Ok(())
    };
    if plan.write(path, &render, &mut write).is_err() {
        panic!("{}: rows written", path.display());
    }
    let plain = summarize(&load(path).expect("loads")).expect("sums");
    let plain = render_summaries(format, &[plain], &options).expect("renders");
    Some((plain, String::from_utf8(written).expect("UTF-8")))
}

#[test]
fn every_row_read_back_is_every_row_of_the_plain_summary() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for crlf in [false, true] {
        let path = dir.path().join(format!("plain-strings-{crlf}.toml"));
        std::fs::write(&path, tricky_file_with(200, crlf, false)).expect("written");
        for batch_bytes in [1, 333, 1 << 20] {
            for format in [Format::Jsonl, Format::Csv] {
                let (plain, streamed) =
                    every_row_both_ways(&path, tiny_batches(batch_bytes), format)
                        .expect("every item's place is known");
                assert_eq!(
                    plain, streamed,
                    "{format:?}, CRLF {crlf}, batches of {batch_bytes}"
                );
            }
        }
    }
}

#[test]
fn every_row_of_committed_files_read_back_is_every_row_of_the_plain_summary() {
    let mut planned = 0;
    let mut files = toml_files_under("budgets");
    files.extend(toml_files_under("tests/fixtures"));
    files.extend(toml_files_under("tests/cmd/fixtures"));
    for path in &files {
        for format in [Format::Jsonl, Format::Csv] {
            // Files with problems have no plan: the plain path reports them.
            if let Some((plain, streamed)) = every_row_both_ways(path, tiny_batches(97), format) {
                assert_eq!(plain, streamed, "{} as {format:?}", path.display());
                planned += 1;
            }
        }
    }
    assert!(planned > 80, "only {planned} committed files were planned");
}

/// Every committed file's tables of every row, drawn in passes over the
/// file (items read back a stretch at a time), are the plain tables byte
/// for byte: one line a row or fitted to a width (text moved under the
/// table), with colour, share bars, in Korean.
#[test]
fn every_row_tables_of_committed_files_are_the_plain_tables() {
    use gyeongju_budget::render::{Lang, write_every_row_tables};
    use gyeongju_budget::summary::every_row::{Planned, plan_rows};

    let choices = [
        DisplayOptions::default(),
        DisplayOptions {
            width: Some(40),
            color: true,
            ..DisplayOptions::default()
        },
        DisplayOptions {
            width: Some(80),
            share_bars: true,
            lang: Lang::Ko,
            ..DisplayOptions::default()
        },
    ];
    let mut files = toml_files_under("budgets");
    files.extend(toml_files_under("tests/fixtures"));
    files.extend(toml_files_under("tests/cmd/fixtures"));
    let mut compared = 0;
    for path in &files {
        let Some(Ok(Planned { plan, .. })) = plan_rows(tiny_batches(97), &Silent, path) else {
            continue;
        };
        let plain = summarize(&load(path).expect("loads")).expect("sums");
        for options in &choices {
            let mut streamed = Vec::new();
            if write_every_row_tables(&plan, path, options, &mut streamed).is_err() {
                panic!("{}: tables written", path.display());
            }
            let expected = render_summaries(Format::Table, std::slice::from_ref(&plain), options)
                .expect("renders");
            assert_eq!(
                String::from_utf8(streamed).expect("UTF-8"),
                expected,
                "{} with {options:?}",
                path.display()
            );
            compared += 1;
        }
    }
    assert!(compared > 120, "only {compared} tables compared");
}

#[test]
fn a_header_inside_a_string_leaves_every_row_to_the_plain_path() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("fake-headers.toml");
    std::fs::write(&path, tricky_file(100, false)).expect("written");
    // In one batch the file parses, but a multi-line note starts a line
    // with `[[item]]`: the items' places are not trusted.
    assert!(every_row_both_ways(&path, tiny_batches(1 << 20), Format::Jsonl).is_none());
}

#[test]
fn a_file_changed_between_the_passes_is_an_error_not_other_rows() {
    use gyeongju_budget::summary::every_row::{Planned, WriteError, plan_rows};

    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("changing.toml");
    let text = tricky_file_with(100, false, false);
    std::fs::write(&path, &text).expect("written");
    let Planned { plan, .. } = plan_rows(tiny_batches(500), &Silent, &path)
        .expect("planned")
        .expect("plans");
    // One item's amount is rewritten one line lower.
    std::fs::write(&path, text.replace("id = \"i50\"", "\nid = \"i50\"")).expect("written");
    let render = |_: &[_], _: &[_]| Ok::<_, ()>(Vec::new());
    let error = plan
        .write(&path, &render, &mut |_| Ok(()))
        .expect_err("the file changed");
    let WriteError::Read(error) = error else {
        panic!("a reading error")
    };
    assert!(
        error.to_string().contains("changed while it was read"),
        "{error}"
    );
}

/// A multi-line string that holds `[[item]]` lines makes a cut at a guess
/// fall inside it: that batch is joined with the next ones, not the whole
/// file read the plain way.
#[test]
fn strings_that_hold_headers_are_joined_with_the_next_batches() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for crlf in [false, true] {
        let path = dir.path().join(format!("fake-headers-{crlf}.toml"));
        std::fs::write(&path, tricky_file(300, crlf)).expect("written");
        let path = path.to_str().expect("UTF-8 path");
        for batch_bytes in [1, 100, 333] {
            let streamed = load_in_batches(batch_bytes, path)
                .expect("no batch falls back")
                .expect("loads");
            assert_eq!(
                format!("{streamed:?}"),
                format!("{:?}", load(path).expect("loads")),
                "CRLF {crlf}, batches of {batch_bytes}"
            );
            assert_eq!(streamed.items.len(), 300);
        }
    }
}

/// A file with strings that hold headers, and `defect` written after the
/// id line of item `at`; past 256 KiB when `large` (where the plain way
/// reports the parser's first syntax error rather than listing them).
fn file_with(large: bool, at: usize, defect: &str) -> String {
    let text = tricky_file(if large { 2600 } else { 300 }, false);
    assert!(!large || text.len() > 256 << 10, "{}", text.len());
    let id = format!("id = \"i{at}\"\n");
    assert!(text.contains(&id));
    text.replacen(&id, &format!("{id}{defect}"), 1)
}

/// A mistake in one batch is reported as the plain way reports it, found
/// batch by batch; where the batch alone cannot show that (a header that
/// names a table outside it), the plain way decides.
#[test]
fn a_mistake_in_one_batch_is_the_plain_error_without_the_plain_way() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // (large, defect, decided while streaming); syntax errors and errors
    // of meaning only in a large file.
    let cases = [
        ("syntax", true, "id = = 3\n", Some(true)),
        ("unquoted key", true, "일자리 = 5\n", Some(true)),
        ("key twice", true, "name = \"again\"\n", Some(true)),
        ("syntax, small", false, "id = = 3\n", Some(false)),
        ("unknown field", false, "ammount = 1\n", Some(true)),
        ("bad status", false, "status = \"maybe\"\n", Some(true)),
        (
            "sub-table",
            false,
            "[item.stated]\nchange_pct = \"x\"\n",
            Some(true),
        ),
        // The item's other fields go to the next item.
        (
            "total",
            false,
            "\n[[total]]\namount = \"zz\"\n\n[[item]]\nid = \"x\"\n",
            Some(true),
        ),
        (
            "top-level table",
            false,
            "\n[count_labels]\ncompanies = 5\n",
            Some(false),
        ),
        ("a list's line", false, "memo = [\n[1]]\n", Some(false)),
        // Decided only where a `[[total]]` comes before it in its batch.
        (
            "a total's part",
            false,
            "\n[total.stated]\nchange = \"zz\"\n",
            None,
        ),
    ];
    for (what, large, defect, decided) in cases {
        // The first batch, or the last (large files are slow to read
        // the plain way in a debug build).
        let places: &[usize] = match (large, what) {
            (true, "syntax") => &[2597],
            (true, _) => &[2],
            (false, _) => &[2, 150, 297],
        };
        for &at in places {
            let path = dir.path().join(format!("{what}-{at}.toml"));
            std::fs::write(&path, file_with(large, at, defect)).expect("written");
            let batch_bytes = if large { 4096 } else { 333 };
            let (plain, streamed) = both_ways(&path, tiny_batches(batch_bytes));
            assert!(plain.starts_with("error:"), "{what} at {at}: {plain}");
            assert_eq!(plain, streamed, "{what} at {at}");
            if let Some(decided) = decided {
                let in_batches = load_in_batches(batch_bytes, &path);
                assert_eq!(in_batches.is_some(), decided, "{what} at {at}");
            }
        }
    }
}

/// Several mistakes: a syntax error anywhere comes before any other, and
/// an error of meaning (a key given twice) before a problem of a field.
#[test]
fn a_syntax_error_late_wins_over_other_mistakes_early() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // Item 5's amount, in the first batch.
    let bad_amount = |text: String| text.replacen("amount = 5\n", "amount = \"x\"\n", 1);
    let key_twice = file_with(true, 2590, "name = \"again\"\n");
    let syntax = file_with(true, 2590, "id = = 3\n");
    let unknown = file_with(true, 2590, "ammount = 1\n");
    for (what, text, late) in [
        ("syntax", bad_amount(syntax.clone()), "extra `=`"),
        ("key twice", bad_amount(key_twice), "duplicate key"),
        ("unknown field", bad_amount(unknown), "\"x\""),
        (
            "syntax after a key twice",
            syntax.replacen("id = \"i5\"\n", "id = \"i5\"\nname = \"again\"\n", 1),
            "extra `=`",
        ),
    ] {
        let path = dir.path().join(format!("{what}.toml"));
        std::fs::write(&path, text).expect("written");
        let (plain, streamed) = both_ways(&path, tiny_batches(4096));
        assert!(plain.contains(late), "{what}: {plain}");
        assert_eq!(plain, streamed, "{what}");
        assert!(load_in_batches(4096, &path).is_some(), "{what}");
    }
}

/// `trend` sums the items `--depth` hides per category where the shown
/// tree stops ([`ShownCutFold`]) instead of per category of their own: once
/// outlined, every row (sums, hidden counts, order) must be what the plain
/// grouping gives, at every depth, with `--top` and `--sort` too, for files
/// whose items move between categories from year to year.
#[test]
fn trends_summed_per_shown_category_are_the_plain_grouping_s() {
    use gyeongju_budget::render::renderer;
    use gyeongju_budget::report::outline::SortKey;
    use gyeongju_budget::trend::{
        PeriodFold, ShownCutFold, apply_outline as outline_trend, trend_of,
    };

    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut paths = Vec::new();
    for (year, count) in [(2024, 150), (2025, 170), (2026, 90)] {
        let path = dir.path().join(format!("{year}.toml"));
        // Each year files the same ids under other categories.
        let text = mixed_depth_file(count).replace("year = 2026", &format!("year = {year}"));
        std::fs::write(&path, text).expect("written");
        paths.push(path.to_str().expect("UTF-8").to_owned());
    }
    let options = DisplayOptions::default();
    let shapes = [
        (None, None),
        (Some(2), None),
        (None, Some(SortKey::Amount)),
        (Some(1), Some(SortKey::ChangePct)),
    ];
    for depth in [None, Some(0), Some(1), Some(2), Some(3)] {
        for (top, sort) in shapes {
            let outline = OutlineOptions { depth, top, sort };
            let json = |folds: &[PeriodFold]| {
                let mut trend = trend_of(folds).expect("sums");
                outline_trend(&mut trend, &outline);
                renderer(Format::Json)
                    .trend(&trend, &options)
                    .expect("renders")
            };
            let plain: Vec<PeriodFold> = paths
                .iter()
                .map(|path| read_folded::<PeriodFold>(tiny_batches(300), path, &outline))
                .collect();
            let by_cut: Vec<PeriodFold> = paths
                .iter()
                .map(|path| read_folded::<ShownCutFold>(tiny_batches(300), path, &outline).finish())
                .collect();
            assert!(by_cut.iter().all(PeriodFold::sums_are_exact));
            assert_eq!(
                json(&plain),
                json(&by_cut),
                "depth {depth:?}, top {top:?}, sort {sort:?}"
            );
        }
    }
}

/// Where a sum of a file's items might leave `Decimal`'s range, the fold
/// per shown category says so (and `trend` then reads the files the plain
/// way, whose error, if any, names the category that overflows).
#[test]
fn trends_whose_sums_might_overflow_are_left_to_the_plain_grouping() {
    use gyeongju_budget::trend::ShownCutFold;

    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("2026.toml");
    // 5e28 − 5e28 + 1 won is held, but 5e28 + 5e28 (the sum of their
    // sizes) leaves Decimal (about 7.9e28): another order of the same
    // items could overflow, so the fold cannot vouch for every sum.
    let mut text = String::from("year = 2026\nregion = \"경주\"\nunit = \"원\"\n");
    for (id, category, amount) in [
        ("a", "x/y/z", "50000000000000000 trillion won"),
        ("b", "x/y/w", "-50000000000000000 trillion won"),
        ("c", "x", "1"),
    ] {
        text.push_str(&format!(
            "\n[[item]]\nid = \"{id}\"\nname = \"{id}\"\ncategory = \"{category}\"\namount = \"{amount}\"\n"
        ));
    }
    std::fs::write(&path, text).expect("written");
    let path = path.to_str().expect("UTF-8");
    let outline = OutlineOptions {
        depth: Some(1),
        ..OutlineOptions::default()
    };
    let fold = read_folded::<ShownCutFold>(tiny_batches(40), path, &outline).finish();
    assert!(!fold.sums_are_exact());
}
