//! A bounded, deterministic stand-in for the cargo-fuzz targets in `fuzz/`
//! (which need a nightly toolchain): a few thousand mutations of the
//! committed budget files and fixtures, and of amount strings, through the
//! loader, the checker, the summary and the amount parser, and pairs of
//! them, with amounts and counts at the edge of what the loader accepts,
//! through every command and every format. Nothing may panic, and the
//! loader and the checker must agree on what is usable.
//!
//! `FUZZ_SMOKE_RENDER_ROUNDS=100000 cargo test --release --test fuzz_smoke`
//! runs the rendering loop longer, with other random choices
//! (`FUZZ_SMOKE_SEED`).

use gyeongju_budget::amount::{Amount, Unit};
use gyeongju_budget::check::check_bytes;
use gyeongju_budget::load::{parse_bytes, parse_bytes_recoverable};
use gyeongju_budget::summary::summarize;

mod render_all;

const FILE_MUTATIONS: usize = 3000;
const AMOUNT_INPUTS: usize = 5000;

/// xorshift64*: small, fast, and the same sequence on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Pieces of budget files and amounts that take the parser down its
/// less-travelled paths.
const TOKENS: &[&str] = &[
    "[[item]]\n",
    "[[total]]\n",
    "[item]\n",
    "=",
    "\"",
    "'",
    "{",
    "}",
    "[",
    "]",
    ",",
    ".",
    "\n",
    "\r",
    "\r\n",
    "#",
    "1e400",
    "1e-400",
    "nan",
    "inf",
    "-",
    "+",
    "△",
    "억",
    "조",
    "만원",
    "천",
    "billion won",
    "₩",
    "%",
    "600+",
    "0",
    "-3",
    "99999999999999999999",
    "123456789012345678901234567890",
    "\u{1b}[2J",
    "\u{0}",
    "\u{feff}",
    "경주",
    "\u{ff}",
    "stated = { change = 1, change_pct = 2.5, share_pct = 50 }\n",
    "overlaps = true\n",
    "parts = { a = 1, b = 2 }\n",
    "counts = { companies = \"1,200+\" }\n",
    "category = \"a/b\"\n",
    "amount = 1.5\n",
    "id = \"a\"\n",
    "year = 2024\n",
    "status = \"target\"\n",
];

/// The committed budget files and fixtures, as seeds.
fn seeds() -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    for dir in [
        "budgets",
        "tests/cmd/fixtures",
        "tests/cmd/fixtures/check",
        "tests/cmd/fixtures/check/changes",
        "tests/cmd/fixtures/hostile",
    ] {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        seeds.extend(paths.iter().map(|path| std::fs::read(path).unwrap()));
    }
    assert!(seeds.len() > 50);
    seeds
}

/// Whole lines that keep a file valid TOML more often than byte edits do,
/// so the rules behind the loader get their share of odd input.
const LINES: &[&str] = &[
    "[[item]]",
    "[[total]]",
    "id = \"a\"",
    "id = \"sme-working-capital-loans\"",
    "name = \"N\"",
    "category = \"finance\"",
    "category = \"finance/loans\"",
    "amount = 0",
    "amount = -3.5",
    "amount = 264.6",
    "amount = \"2,646억원\"",
    "amount = 1e27",
    "amount = 0.000001",
    "status = \"cap\"",
    "overlaps = true",
    "parts = { a = 240.4, b = 24.2 }",
    "parts = { a = -1 }",
    "stated = { change = 24.2, change_pct = 10.07, share_pct = 96.5 }",
    "stated = { change_pct = 0, share_pct = -5 }",
    "stated = { change = \"-1조원\" }",
    "counts = { companies = \"600+\" }",
    "year = 2024",
    "year = 2026",
    "unit = \"억원\"",
    "phase = \"final\"",
    "region = \"Gyeongju\"",
];

/// Values put in place of a line's own, keeping its key.
const VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "2.5",
    "264.6",
    "240.40",
    "1e27",
    "-0.001",
    "\"2,646억원\"",
    "\"1조\"",
    "\"600+\"",
    "\"\"",
    "true",
    "\"a/b\"",
    "{ a = 1, b = 1 }",
    "{ change = 1, change_pct = 100 }",
    "{ share_pct = 100.0 }",
    "2024",
    "2027",
    "\"target\"",
];

/// Deletes, repeats, swaps or inserts whole lines, or changes a value.
fn mutate_lines(rng: &mut Rng, input: &mut Vec<u8>) {
    let text = String::from_utf8_lossy(input).into_owned();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for _ in 0..=rng.below(3) {
        let at = rng.below(lines.len() + 1);
        match rng.below(6) {
            3 | 4 if at < lines.len() && lines[at].contains(" = ") => {
                let key = lines[at].split(" = ").next().unwrap_or("").to_owned();
                lines[at] = format!("{key} = {}", rng.pick(VALUES));
            }
            0 if at < lines.len() => {
                lines.remove(at);
            }
            1 if at < lines.len() => {
                let line = lines[at].clone();
                lines.insert(at, line);
            }
            2 if lines.len() > 1 => {
                let (last, other) = (lines.len() - 1, rng.below(lines.len()));
                lines.swap(at.min(last), other);
            }
            _ => lines.insert(at, (*rng.pick(LINES)).to_owned()),
        }
    }
    *input = (lines.join("\n") + "\n").into_bytes();
}

/// Flips, inserts, deletes or copies bytes, or inserts tokens.
fn mutate_bytes(rng: &mut Rng, input: &mut Vec<u8>) {
    for _ in 0..=rng.below(4) {
        let at = rng.below(input.len() + 1);
        match rng.below(6) {
            0 if !input.is_empty() => {
                let at = at.min(input.len() - 1);
                input[at] ^= 1 << rng.below(8);
            }
            1 => input.insert(at, rng.next() as u8),
            2 => {
                let end = (at + rng.below(16)).min(input.len());
                input.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(64)).min(input.len());
                let copy = input[at..end].to_vec();
                let to = rng.below(input.len() + 1);
                input.splice(to..to, copy);
            }
            _ => {
                let token = rng.pick(TOKENS).as_bytes();
                input.splice(at..at, token.iter().copied());
            }
        }
    }
}

#[test]
fn mutated_budget_files_never_panic_the_loader_or_the_checker() {
    let seeds = seeds();
    let usable: Vec<Vec<u8>> = seeds
        .iter()
        .filter(|seed| parse_bytes(seed, "s.toml").is_ok())
        .cloned()
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut loaded, mut rejected) = (0, 0);
    for round in 0..FILE_MUTATIONS {
        // Half the rounds edit usable files line by line, so the rules
        // behind the loader see odd input too; the rest edit any bytes.
        let mut input;
        if round % 2 == 0 {
            input = rng.pick(&usable).clone();
            mutate_lines(&mut rng, &mut input);
        } else {
            input = rng.pick(&seeds).clone();
            mutate_bytes(&mut rng, &mut input);
        }
        let load = parse_bytes(&input, "m.toml");
        let recovered = parse_bytes_recoverable(&input, "m.toml");
        assert_eq!(
            load.is_ok(),
            recovered.is_ok(),
            "{:?}",
            String::from_utf8_lossy(&input)
        );
        let report = check_bytes(&[("m.toml".to_owned(), input.clone())]);
        match &load {
            Ok(file) => {
                loaded += 1;
                let _ = summarize(file);
            }
            Err(_) => {
                rejected += 1;
                assert!(report.counts.errors > 0);
            }
        }
    }
    // The mutations reach both sides of the loader.
    assert!(
        loaded > FILE_MUTATIONS / 20 && rejected > FILE_MUTATIONS / 20,
        "{loaded} {rejected}"
    );
}

#[test]
fn pairs_of_mutated_years_never_panic_the_checker() {
    let seeds = [
        std::fs::read("budgets/2025.toml").unwrap(),
        std::fs::read("budgets/2026.toml").unwrap(),
        std::fs::read("tests/cmd/fixtures/check/changes/2024.toml").unwrap(),
        std::fs::read("tests/cmd/fixtures/check/changes/2025.toml").unwrap(),
    ];
    let mut rng = Rng(42);
    for _ in 0..500 {
        let inputs: Vec<(String, Vec<u8>)> = seeds
            .iter()
            .enumerate()
            .map(|(index, seed)| {
                let mut input = seed.clone();
                mutate_lines(&mut rng, &mut input);
                (format!("{}.toml", 2024 + index % 2), input)
            })
            .collect();
        let report = check_bytes(&inputs);
        assert_eq!(report.counts.files, inputs.len());
    }
}

const AMOUNT_PIECES: &[&str] = &[
    "0",
    "1",
    "2",
    "5",
    "9",
    "12",
    "600",
    "2,646",
    "1,234,567",
    "26,46",
    ".",
    ",",
    "e",
    "E",
    "-",
    "+",
    "△",
    "−",
    "_",
    " ",
    "억",
    "조",
    "만",
    "천",
    "백",
    "십",
    "원",
    "won",
    "billion",
    "million",
    "trillion",
    "thousand",
    "₩",
    "KRW",
    "nan",
    "inf",
    "%",
    "1e400",
    "99999999999999999999",
];

#[test]
fn random_amounts_never_panic_the_parser() {
    let units: Vec<Unit> = ["won", "억원", "billion won", "조원"]
        .iter()
        .map(|name| Unit::parse(name).unwrap())
        .collect();
    let mut rng = Rng(7);
    let mut parsed = 0;
    for _ in 0..AMOUNT_INPUTS {
        let text: String = (0..=rng.below(6))
            .map(|_| *rng.pick(AMOUNT_PIECES))
            .collect();
        let unit = *rng.pick(&units);
        if Amount::parse(&text, unit).is_ok() {
            parsed += 1;
        }
        let _ = Amount::from_toml_literal(&text, unit);
    }
    assert!(parsed > AMOUNT_INPUTS / 20, "only {parsed} parsed");
}

/// Amounts at the edge of what the loader accepts: the largest and
/// smallest a `Decimal` holds, the finest step, and terms whose sums need
/// more than 28 digits.
const EXTREME_AMOUNTS: &[&str] = &[
    "\"50000000000000000조\"",
    "\"-50000000000000000조\"",
    "\"10000000000000000조\"",
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "1234567890123456789012345678",
    "12345678901234567890",
    "0.12345678901234567890",
    "0.0000000000000000000000000001",
    "\"0.5원\"",
    "-1",
    "0",
];

/// Counts at the edge: the largest a count holds, and bounds.
const EXTREME_COUNTS: &[&str] = &[
    "counts = { companies = 18446744073709551615 }",
    "counts = { companies = 3, jobs = \"1+\" }",
    "counts = { companies = \"18446744073709551615+\" }",
    "counts = { companies = 7 }",
];

/// Puts extreme amounts in place of some `amount` values, and extreme
/// counts after some of them.
fn extremize(rng: &mut Rng, input: &mut Vec<u8>) {
    let text = String::from_utf8_lossy(input).into_owned();
    let mut lines: Vec<String> = Vec::new();
    let in_won = rng.below(2) == 0;
    for line in text.lines() {
        if in_won && line.starts_with("unit = ") {
            // Bare extremes are meant in won: in 억원 most would not load.
            lines.push("unit = \"won\"".to_owned());
        } else if line.starts_with("amount = ") && rng.below(2) == 0 {
            lines.push(format!("amount = {}", rng.pick(EXTREME_AMOUNTS)));
            if rng.below(3) == 0 {
                lines.push((*rng.pick(EXTREME_COUNTS)).to_owned());
            }
        } else {
            lines.push(line.to_owned());
        }
    }
    *input = (lines.join("\n") + "\n").into_bytes();
}

#[test]
fn extreme_pairs_render_in_every_command_and_format() {
    let rounds: usize = std::env::var("FUZZ_SMOKE_RENDER_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120);
    let seed: u64 = std::env::var("FUZZ_SMOKE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_CAFE);
    let usable: Vec<Vec<u8>> = seeds()
        .into_iter()
        .filter(|seed| parse_bytes(seed, "s.toml").is_ok())
        .collect();
    let displays = render_all::display_options();
    let outlines = render_all::outline_options();
    let mut rng = Rng(seed);
    let mut rendered = 0;
    for _ in 0..rounds {
        let mut pair = [rng.pick(&usable).clone(), rng.pick(&usable).clone()];
        for input in &mut pair {
            extremize(&mut rng, input);
            if rng.below(4) == 0 {
                mutate_lines(&mut rng, input);
            }
        }
        let (Ok(old), Ok(new)) = (
            parse_bytes(&pair[0], "old.toml"),
            parse_bytes(&pair[1], "new.toml"),
        ) else {
            continue;
        };
        rendered += 1;
        let outline = rng.pick(&outlines);
        let display = rng.pick(&displays);
        render_all::render_everything(&old, &new, outline, display);
    }
    // About a quarter of the pairs load (extremes in 억원 files, line
    // edits): enough, whatever the seed.
    assert!(
        rendered > rounds / 10,
        "only {rendered} of {rounds} pairs loaded"
    );
}
