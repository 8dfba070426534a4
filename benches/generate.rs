//! Writes a deterministic year file of N items for benchmarks and tests:
//! realistic Korean and English names, a three-level category tree
//! (분야 / 부문 / 정책사업), counts with `+`, and some string amounts with
//! units. With `--json` it writes the same data as JSON, for the
//! `serde_json` reference. With `--shuffle` the same items are written in
//! a shuffled order, as a budget book that lists its projects differently
//! from the year before.
//!
//! Usage: cargo run --release --example generate -- N [--json] [--year YEAR] [--shuffle] > file

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

fn item(rng: &mut Rng, index: u64) -> Item {
    let field = FIELDS[rng.below(FIELDS.len() as u64) as usize];
    let sector = SECTORS[rng.below(SECTORS.len() as u64) as usize];
    let program = rng.below(40);
    let thousands = 1 + rng.below(50_000_000);
    let (amount_toml, amount_json) = match rng.below(10) {
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
    };
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
        category: format!("{field}/{sector}/사업{program:02}"),
        amount_toml,
        amount_json,
        counts,
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: u64 = args
        .iter()
        .find_map(|a| a.parse().ok())
        .expect("usage: generate N [--json] [--year YEAR] [--shuffle]");
    let json = args.iter().any(|a| a == "--json");
    let shuffle = args.iter().any(|a| a == "--shuffle");
    let year: u64 = args
        .iter()
        .position(|a| a == "--year")
        .and_then(|i| args.get(i + 1))
        .and_then(|y| y.parse().ok())
        .unwrap_or(2026);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ year);
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
    let mut order: Vec<u64> = (0..count).collect();
    if shuffle {
        // Fisher-Yates with its own generator, so the items themselves are
        // the same as without `--shuffle`.
        let mut shuffler = Rng(0x2545_F491_4F6C_DD1D ^ year);
        for i in (1..order.len()).rev() {
            order.swap(i, shuffler.below(i as u64 + 1) as usize);
        }
    }
    let items: Vec<Item> = (0..count).map(|index| item(&mut rng, index)).collect();
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
