//! What `import` and `new` tell a progress bar: the file's name and size
//! when they start, bytes read that add up to no more than the size, and
//! an end, also when they fail.

use std::sync::Mutex;

use gyeongju_budget::amount::Unit;
use gyeongju_budget::import::{ImportOptions, import_reporting};
use gyeongju_budget::load::progress::Progress;
use gyeongju_budget::scaffold::next_year_reporting;

/// Everything a progress bar was told, in order.
#[derive(Default)]
struct Recorded(Mutex<Vec<Event>>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    Start(String, u64),
    Advance(u64),
    Finish,
}

impl Progress for Recorded {
    fn start(&self, file: &str, total_bytes: u64) {
        self.0
            .lock()
            .unwrap()
            .push(Event::Start(file.to_owned(), total_bytes));
    }
    fn advance(&self, bytes: u64) {
        self.0.lock().unwrap().push(Event::Advance(bytes));
    }
    fn finish(&self) {
        self.0.lock().unwrap().push(Event::Finish);
    }
}

impl Recorded {
    fn events(&self) -> Vec<Event> {
        self.0.lock().unwrap().clone()
    }
    fn advanced(&self) -> u64 {
        self.events()
            .iter()
            .map(|event| match event {
                Event::Advance(bytes) => *bytes,
                _ => 0,
            })
            .sum()
    }
}

fn import_options() -> ImportOptions {
    ImportOptions {
        year: 2026,
        region: "경주시".into(),
        unit: Unit::parse("천원").unwrap(),
        phase: None,
        status: None,
        maps: vec![
            ("category".into(), "분야".into()),
            ("name".into(), "사업".into()),
            ("amount".into(), "금액".into()),
        ],
        filters: Vec::new(),
        sheet: None,
        skip_bad_rows: false,
        sum_duplicates: false,
    }
}

/// A CSV of 20,000 rows (about 500 KB): large enough for several steps
/// of 64 KiB.
fn large_csv(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let mut text = String::from("분야,사업,금액\n");
    for row in 0..20_000 {
        text.push_str(&format!("교육,사업 {row},{}\n", row + 1));
    }
    let path = dir.path().join("export.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn import_reports_the_csv_as_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_csv(&dir);
    let size = std::fs::metadata(&path).unwrap().len();
    let progress = Recorded::default();
    let imported = import_reporting(&path, &import_options(), &progress).unwrap();
    assert_eq!(imported.items, 20_000);
    let events = progress.events();
    assert_eq!(events[0], Event::Start(path.display().to_string(), size));
    assert_eq!(events.last(), Some(&Event::Finish));
    // Told in steps of at least 64 KiB, never more than was read: all of
    // the file but the last step's remainder.
    let advanced = progress.advanced();
    assert!(
        advanced <= size && advanced > size - 64 * 1024,
        "{advanced} of {size}"
    );
    let steps = events.len() - 2;
    assert!(steps >= 2, "{events:?}");
}

#[test]
fn import_ends_the_bar_when_it_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_csv(&dir);
    let mut options = import_options();
    options.maps[2].1 = "없는 열".into();
    let progress = Recorded::default();
    assert!(import_reporting(&path, &options, &progress).is_err());
    let events = progress.events();
    assert!(
        matches!(events.first(), Some(Event::Start(..))),
        "{events:?}"
    );
    assert_eq!(events.last(), Some(&Event::Finish));
}

#[test]
fn new_reports_its_four_passes_over_the_file() {
    let text = "year = 2025\nregion = \"경주시\"\nunit = \"천원\"\n\n\
                [[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"교육\"\namount = 1\n";
    let progress = Recorded::default();
    next_year_reporting(text.as_bytes(), "2025.toml", 2026, &progress).unwrap();
    // The text is 110 bytes (12 + 21 + 16 + 1 + 9 + 9 + 11 + 20 + 11; a
    // Hangul syllable is 3 bytes): three quarters of 27, then the 29 left.
    assert_eq!(text.len(), 110);
    assert_eq!(
        progress.events(),
        [
            Event::Advance(27),
            Event::Advance(27),
            Event::Advance(27),
            Event::Advance(29)
        ]
    );
}

#[test]
fn new_shows_one_bar_over_both_passes_of_a_large_file() {
    use clap::Parser;
    use gyeongju_budget::cli::{Cli, Command};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2025.toml");
    let mut text = String::from("year = 2025\nregion = \"경주시\"\nunit = \"천원\"\n");
    for i in 1..=1200 {
        text.push_str(&format!(
            "\n[[item]]\nid = \"i{i}\"\nname = \"N\"\ncategory = \"교육\"\namount = {i}\n"
        ));
    }
    // Beyond 64 KiB: read in batches, edited in pieces.
    assert!(text.len() > 64 << 10);
    std::fs::write(&path, &text).unwrap();
    let name = path.to_str().unwrap();
    let output = dir.path().join("2026.toml");
    let cli = Cli::try_parse_from([
        "gyeongju-budget",
        "new",
        name,
        "--year",
        "2026",
        "--output",
        output.to_str().unwrap(),
    ])
    .unwrap();
    let Command::New(args) = cli.command else {
        panic!("not new");
    };
    let progress = Recorded::default();
    gyeongju_budget::commands::new(&args, &progress).unwrap();
    // One bar over both passes: started and finished once, moved by the
    // file's size in all.
    let events = progress.events();
    assert_eq!(
        events.first(),
        Some(&Event::Start(name.to_owned(), text.len() as u64))
    );
    let count = |kind: fn(&Event) -> bool| events.iter().filter(|e| kind(e)).count();
    assert_eq!(count(|e| matches!(e, Event::Start(..))), 1, "{events:?}");
    assert_eq!(count(|e| matches!(e, Event::Finish)), 1, "{events:?}");
    assert_eq!(events.last(), Some(&Event::Finish));
    assert_eq!(progress.advanced(), text.len() as u64);
    // Every item planned (the text is the whole document's: see
    // tests/new_in_pieces.rs).
    let written = std::fs::read_to_string(&output).unwrap();
    assert_eq!(written.matches("\nstatus = \"planned\"\n").count(), 1200);
}
