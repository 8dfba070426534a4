//! Command-line arguments: the `clap` definitions of every subcommand and
//! the display options they share. Parsing only; the work is in
//! [`crate::commands`].

use clap::{Args, Parser, Subcommand};

use crate::outline::{OutlineOptions, SortKey};
use crate::render::{DisplayOptions, Format, Lang, UnitChoice};

#[derive(Debug, Parser)]
#[command(
    name = "gyeongju-budget",
    version,
    about = "Exact summaries and checks of policy budgets kept as one TOML file per year",
    long_about = "Exact summaries and checks of policy budgets kept as one TOML file per year.\n\n\
        Every figure is read digit for digit and added up exactly; rounding happens only \
        when displaying (half away from zero, --decimals places).",
    after_help = "Exit status: 0 ok, 1 findings (a failed check), 2 bad input or usage."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Category subtotals, the total, shares and per-count averages of year files
    #[command(after_help = "Examples:\n  \
        gyeongju-budget summarize budgets/2025.toml\n  \
        gyeongju-budget summarize budgets/2026.toml --unit 억원\n  \
        gyeongju-budget summarize budgets/*.toml --format csv > summary.csv\n  \
        cat budgets/2025.toml | gyeongju-budget summarize - --format json")]
    Summarize(SummarizeArgs),
    /// What changed between two year files (or two phases): absolute and percent
    #[command(after_help = "Examples:\n  \
        gyeongju-budget diff budgets/2025.toml budgets/2026.toml\n  \
        gyeongju-budget diff budgets/2025.toml budgets/2026.toml --lang ko\n  \
        gyeongju-budget diff old.toml new.toml --fail-on-change 20 --fail-on-removed\n  \
        gyeongju-budget diff old.toml new.toml --format markdown >> \"$GITHUB_STEP_SUMMARY\"")]
    Diff(DiffArgs),
    /// Every item and subtotal across years, with growth rate and sparkline
    #[command(after_help = "Examples:\n  \
        gyeongju-budget trend budgets/\n  \
        gyeongju-budget trend budgets/2025.toml budgets/2026.toml --format csv")]
    Trend(TrendArgs),
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier file
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The later file
    #[arg(value_name = "NEW")]
    pub new: String,
    /// Also show unchanged items and categories
    #[arg(long)]
    pub all: bool,
    /// Exit 1 when any item's or subtotal's absolute change exceeds PCT percent
    #[arg(long, value_name = "PCT", value_parser = parse_percent)]
    pub fail_on_change: Option<rust_decimal::Decimal>,
    /// Exit 1 when an item of OLD is missing from NEW
    #[arg(long)]
    pub fail_on_removed: bool,
    #[command(flatten)]
    pub outline: OutlineArgs,
    #[command(flatten)]
    pub display: DisplayArgs,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Budget files, or directories whose *.toml files are read
    #[arg(required = true, value_name = "FILE|DIR")]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub outline: OutlineArgs,
    #[command(flatten)]
    pub display: DisplayArgs,
}

#[derive(Debug, Args)]
pub struct SummarizeArgs {
    /// Budget files to summarize (`-` reads standard input)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    #[command(flatten)]
    pub outline: OutlineArgs,
    #[command(flatten)]
    pub display: DisplayArgs,
}

/// Options that fold and order the category tree, shared by every command.
#[derive(Debug, Args)]
pub struct OutlineArgs {
    /// Show the category tree down to N levels, with subtotals; items only
    /// inside categories above that depth (0: the grand total alone)
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// Show the N largest items of each category (by amount; by absolute
    /// change for diff), then one "... and K more" row with their subtotal
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Order of items and categories [default: the file's order; for diff,
    /// largest absolute change first]
    #[arg(long, value_enum, value_name = "KEY")]
    pub sort: Option<SortKey>,
}

impl OutlineArgs {
    pub fn options(&self) -> OutlineOptions {
        OutlineOptions {
            depth: self.depth,
            top: self.top,
            sort: self.sort,
        }
    }
}

/// Options that shape output, shared by every command.
#[derive(Debug, Args)]
pub struct DisplayArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Unit of shown amounts: won, thousand, million, billion, trillion,
    /// 천원, 만원, 백만원, 억원, 십억원, 조원, or auto (a readable unit per
    /// figure) [default: the file's unit]
    #[arg(long, value_name = "UNIT", value_parser = parse_unit_choice)]
    pub unit: Option<UnitChoice>,
    /// Most decimals shown; shares, averages and percentages show exactly this many
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(0..=12))]
    pub decimals: u32,
    /// Language of labels and conventions
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
}

impl DisplayArgs {
    pub fn options(&self) -> DisplayOptions {
        DisplayOptions {
            unit: self.unit.unwrap_or(UnitChoice::FileUnit),
            decimals: self.decimals,
            lang: self.lang,
        }
    }
}

fn parse_unit_choice(text: &str) -> Result<UnitChoice, String> {
    UnitChoice::parse(text).ok_or_else(|| {
        format!(
            "unknown unit `{text}`; use auto or one of: {}",
            crate::amount::Unit::names().collect::<Vec<_>>().join(", ")
        )
    })
}

fn parse_percent(text: &str) -> Result<rust_decimal::Decimal, String> {
    let value: rust_decimal::Decimal = text
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("`{text}` is not a percentage"))?;
    if value.is_sign_negative() {
        return Err(format!(
            "`{text}` is negative; give the largest allowed absolute change"
        ));
    }
    Ok(value)
}
