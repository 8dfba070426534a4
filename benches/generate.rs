//! Writes a deterministic year file of N items for benchmarks and tests:
//! realistic Korean and English names, a category tree of mixed depth
//! (분야 / 부문 / 정책사업, with a tenth of the items directly under a 분야
//! and a fifth directly under a 부문, as budget books have them; `--uniform`
//! puts every item at depth 3), counts with `+`, and some string amounts
//! with units.
//!
//! - `--json` writes the same data as JSON, for the `serde_json` reference.
//! - `--shuffle` writes the same items in a shuffled order, as a budget book
//!   that lists its projects differently from the year before.
//! - `--next` writes the year after `--year - 1`'s file: the same items with
//!   about a third of the amounts changed, 1% removed and 1% new (the file
//!   `diff` and a two-year `check` are measured with).
//! - `--categories C` spreads the depth-3 items over about C categories
//!   (1,920 without it), for the file with a million categories.
//!
//! Usage: cargo run --release --example generate -- N [--json] [--year YEAR]
//! [--shuffle] [--next] [--uniform] [--categories C] > file

use std::io::{BufWriter, Write};

use gyeongju_budget::render::numbers::group_thousands;

const FIELDS: [&str; 8] = [
    "일반공공행정",
    "공공질서및안전",
    "교육",
    "문화및관광",
    "환경",
    "사회복지",
    "농림해양수산",
    "산업ㆍ중소기업및에너지",
];
const SECTORS: [&str; 6] = [
    "기반조성",
    "경쟁력강화",
    "지원사업",
    "시설관리",
    "인력양성",
    "연구개발",
];
const WORDS: [&str; 12] = [
    "Smart", "Green", "Regional", "Youth", "Digital", "Coastal", "Rural", "Urban", "Heritage",
    "Energy", "Startup", "Care",
];
const NOUNS: [&str; 10] = [
    "지원",
    "육성",
    "정비",
    "운영",
    "구축",
    "개선",
    "확충",
    "보조",
    "활성화",
    "조성",
];

/// A small deterministic generator (xorshift), so every run writes the same file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Item {
    id: String,
    name: String,
    category: String,
    /// A TOML value as written: a bare number in 천원, or a string.
    amount_toml: String,
    /// The same amount as a JSON string in 천원.
    amount_json: String,
    counts: Option<(u64, bool)>,
}

/// The shape of the category tree.
struct Shape {
    /// Every item at depth 3: the files written before mixed depths.
    uniform: bool,
    /// Depth-3 categories under each 분야 / 부문 pair.
    programs: u64,
}

impl Shape {
    /// The category of an item, from the draws already made for it.
    fn category(&self, field: &str, sector: &str, program: u64, depth_draw: u64) -> String {
        let width = self.programs.saturating_sub(1).to_string().len().max(2);
        match depth_draw {
            // A tenth of the items directly under a 분야, a fifth directly
            // under a 부문.
            0 if !self.uniform => field.to_owned(),
            1 | 2 if !self.uniform => format!("{field}/{sector}"),
            _ => format!("{field}/{sector}/사업{program:0width$}"),
        }
    }
}

fn item(rng: &mut Rng, index: u64, shape: &Shape) -> Item {
    let field = FIELDS[rng.below(FIELDS.len() as u64) as usize];
    let sector = SECTORS[rng.below(SECTORS.len() as u64) as usize];
    let program = rng.below(shape.programs);
    // No draw for the uniform shape, so that it writes byte for byte the
    // files of the generator before mixed depths.
    let depth_draw = if shape.uniform { 9 } else { rng.below(10) };
    let (amount_toml, amount_json) = amount(rng);
    let counts = (rng.below(3) == 0).then(|| (1 + rng.below(900), rng.below(2) == 0));
    Item {
        id: format!("p{index:07}"),
        name: format!(
            "{} {} {} {}",
            WORDS[rng.below(WORDS.len() as u64) as usize],
            sector,
            NOUNS[rng.below(NOUNS.len() as u64) as usize],
            index
        ),
        category: shape.category(field, sector, program, depth_draw),
        amount_toml,
        amount_json,
        counts,
    }
}

/// An amount as written in TOML and in JSON (천원).
fn amount(rng: &mut Rng) -> (String, String) {
    let thousands = 1 + rng.below(50_000_000);
    match rng.below(10) {
        // Most amounts are bare integers in the file's unit (천원).
        0..=6 => (thousands.to_string(), thousands.to_string()),
        // Some carry decimals.
        7 => {
            let tenths = rng.below(10);
            (
                format!("{thousands}.{tenths}"),
                format!("{thousands}.{tenths}"),
            )
        }
        // Some are strings with a unit: exactly the same value in 원.
        8 => {
            let won = thousands * 1000;
            (format!("\"{won} 원\""), thousands.to_string())
        }
        _ => {
            let grouped = group_thousands(&thousands.to_string());
            (format!("\"{grouped}천원\""), thousands.to_string())
        }
    }
}

/// `count` items of the year whose generator is seeded with `seed`.
fn items(count: u64, seed: u64, shape: &Shape) -> Vec<Item> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed);
    (0..count)
        .map(|index| item(&mut rng, index, shape))
        .collect()
}

/// The year after `items`: about a third of the amounts changed, 1% of
/// the items removed and as many new ones (ids after the last).
fn next_year(items: Vec<Item>, year: u64, shape: &Shape) -> Vec<Item> {
    let mut rng = Rng(0x6A09_E667_F3BC_C908 ^ year);
    let count = items.len() as u64;
    let mut next: Vec<Item> = Vec::with_capacity(items.len());
    for mut item in items {
        match rng.below(300) {
            0..=2 => continue,
            3..=102 => (item.amount_toml, item.amount_json) = amount(&mut rng),
            _ => {}
        }
        next.push(item);
    }
    let mut fresh = Rng(0xBB67_AE85_84CA_A73B ^ year);
    let added = count / 100;
    next.extend((0..added).map(|k| item(&mut fresh, count + k, shape)));
    next
}

/// The number after `flag`, if given.
fn number_after(args: &[String], flag: &str) -> Option<u64> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .and_then(|y| y.parse().ok())
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: generate N [--json] [--year YEAR] [--shuffle] [--next] [--uniform] \
                 [--categories C]";
    let count: u64 = args.first().and_then(|a| a.parse().ok()).expect(usage);
    let json = args.iter().any(|a| a == "--json");
    let shuffle = args.iter().any(|a| a == "--shuffle");
    let next = args.iter().any(|a| a == "--next");
    let year = number_after(&args, "--year").unwrap_or(2026);
    // 8 분야 × 6 부문 pairs share the depth-3 categories.
    let pairs = (FIELDS.len() * SECTORS.len()) as u64;
    let shape = Shape {
        uniform: args.iter().any(|a| a == "--uniform"),
        programs: number_after(&args, "--categories").map_or(40, |c| c.div_ceil(pairs).max(1)),
    };
    let items = if next {
        next_year(items(count, year - 1, &shape), year, &shape)
    } else {
        items(count, year, &shape)
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    if json {
        writeln!(
            out,
            "{{\"year\":{year},\"region\":\"전국\",\"unit\":\"천원\",\"item\":["
        )?;
    } else {
        writeln!(
            out,
            "year = {year}\nregion = \"전국\"\nunit = \"천원\"\nphase = \"본예산\""
        )?;
    }
    let mut order: Vec<u64> = (0..items.len() as u64).collect();
    if shuffle {
        // Fisher-Yates with its own generator, so the items themselves are
        // the same as without `--shuffle`.
        let mut shuffler = Rng(0x2545_F491_4F6C_DD1D ^ year);
        for i in (1..order.len()).rev() {
            order.swap(i, shuffler.below(i as u64 + 1) as usize);
        }
    }
    for (written, &index) in order.iter().enumerate() {
        let item = &items[index as usize];
        if json {
            let counts = item.counts.map_or(String::new(), |(n, plus)| {
                format!(
                    ",\"counts\":{{\"companies\":\"{n}{}\"}}",
                    if plus { "+" } else { "" }
                )
            });
            writeln!(
                out,
                "{}{{\"id\":\"{}\",\"name\":\"{}\",\"category\":\"{}\",\"amount\":\"{}\"{counts}}}",
                if written == 0 { "" } else { "," },
                item.id,
                item.name,
                item.category,
                item.amount_json
            )?;
        } else {
            write!(
                out,
                "\n[[item]]\nid = \"{}\"\nname = \"{}\"\ncategory = \"{}\"\namount = {}\n",
                item.id, item.name, item.category, item.amount_toml
            )?;
            if let Some((n, plus)) = item.counts {
                writeln!(
                    out,
                    "counts = {{ companies = \"{n}{}\" }}",
                    if plus { "+" } else { "" }
                )?;
            }
        }
    }
    if json {
        writeln!(out, "]}}")?;
    }
    out.flush()
}
