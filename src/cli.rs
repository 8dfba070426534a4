//! Command-line arguments: the `clap` definitions of every subcommand and
//! the display options they share. Parsing only; the work is in
//! [`crate::commands`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::amount::Unit;
use crate::check::Deny;
use crate::check::render::CheckFormat;
use crate::import::ImportOptions;
use crate::model::Status;
use crate::outline::{OutlineOptions, SortKey};
use crate::render::{CsvEncoding, DisplayOptions, Format, Lang, UnitChoice};

#[derive(Debug, Parser)]
#[command(
    name = "gyeongju-budget",
    version,
    about = "Exact summaries and checks of policy budgets kept as one TOML file per year",
    long_about = "Exact summaries and checks of policy budgets kept as one TOML file per year.\n\n\
        Every figure is read digit for digit and added up exactly; rounding happens only \
        when displaying (half away from zero, --decimals places).",
    after_help = "Examples:\n  \
        gyeongju-budget summarize budgets/2025.toml\n  \
        gyeongju-budget diff budgets/2025.toml budgets/2026.toml\n  \
        gyeongju-budget trend budgets/\n  \
        gyeongju-budget check budgets/ --format github\n  \
        gyeongju-budget import export.csv --year 2025 --region 경주시 --map name=사업명 ...\n  \
        gyeongju-budget new budgets/2026.toml --year 2027\n  \
        gyeongju-budget schema > docs/budget.schema.json\n  \
        gyeongju-budget completions bash\n  \
        gyeongju-budget man | man -l -\n\n\
        Exit status: 0 ok, 1 findings (a failed check), 2 bad input or usage."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Never show a progress bar while summarize, diff or trend read large
    /// files (also accepted after those commands)
    #[arg(long, short)]
    pub quiet: bool,
}

impl Cli {
    /// `--quiet`, given before the command or after one that reads files.
    pub fn quiet(&self) -> bool {
        self.quiet
            || match &self.command {
                Command::Summarize(args) => args.progress.quiet,
                Command::Diff(args) => args.progress.quiet,
                Command::Trend(args) => args.progress.quiet,
                _ => false,
            }
    }

    /// Tells the display options where standard output goes. The binary
    /// asks the terminal and the environment; the library never does.
    pub fn set_terminal(&mut self, terminal: Terminal) {
        if let Some(display) = self.command.display_mut() {
            display.terminal = terminal;
        }
    }
}

/// What the binary found out about standard output and the environment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Terminal {
    /// Standard output is a terminal (not a pipe or a file).
    pub stdout_is_terminal: bool,
    /// The environment wants colour on standard output, by the usual
    /// conventions as anstream reads them: on a terminal unless `NO_COLOR`
    /// (<https://no-color.org>), `CLICOLOR=0` or `TERM=dumb`; even in a
    /// pipe with `CLICOLOR_FORCE`, unless `NO_COLOR`.
    pub wants_colour: bool,
    /// Columns of the terminal standard output is (`COLUMNS`, or asked).
    pub width: Option<u16>,
}

/// When to colour output (`--color`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says
    /// otherwise; in a pipe too with CLICOLOR_FORCE.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Category subtotals, the total, shares and per-count averages of year files
    #[command(
        mut_arg("top", |arg| arg.help(
            "Show the N largest items of each category by amount, then one \
             \"... and K more\" row with their subtotal")),
        mut_arg("sort", |arg| arg.help(
            "Order of items and categories among their siblings [default: the \
             file's order]; change and change-pct order by amount here")),
    )]
    #[command(after_help = "Examples:\n  \
        gyeongju-budget summarize budgets/2025.toml\n  \
        gyeongju-budget summarize budgets/2026.toml --unit 억원\n  \
        gyeongju-budget summarize budgets/*.toml --format csv > summary.csv\n  \
        cat budgets/2025.toml | gyeongju-budget summarize - --format json\n\n\
        Exit status: 0 ok, 2 bad input or usage.")]
    Summarize(SummarizeArgs),
    /// What changed between two year files (or two phases): absolute and percent
    #[command(
        mut_arg("top", |arg| arg.help(
            "Show the N items of each category that changed most (by absolute \
             change), then one \"... and K more\" row with their subtotals")),
        mut_arg("sort", |arg| arg.help(
            "Order of items and categories among their siblings [default: \
             change, the largest absolute change first]; amount: the NEW amount")),
    )]
    #[command(after_help = "Examples:\n  \
        gyeongju-budget diff budgets/2025.toml budgets/2026.toml\n  \
        gyeongju-budget diff budgets/2025.toml budgets/2026.toml --lang ko\n  \
        gyeongju-budget diff old.toml new.toml --fail-on-change 20 --fail-on-removed\n  \
        gyeongju-budget diff old.toml new.toml --format markdown >> \"$GITHUB_STEP_SUMMARY\"\n\n\
        Exit status: 0 ok, 1 a --fail-on-change or --fail-on-removed gate failed, \
        2 bad input or usage.")]
    Diff(DiffArgs),
    /// Every item and subtotal across years, with growth rate and sparkline
    #[command(
        mut_arg("top", |arg| arg.help(
            "Show the N items of each category with the largest latest amount, \
             then one \"... and K more\" row with their subtotals")),
        mut_arg("sort", |arg| arg.help(
            "Order of items and categories among their siblings [default: the \
             files' order]; amount: the latest amount; change: last minus \
             first; change-pct: the growth rate")),
    )]
    #[command(after_help = "Examples:\n  \
        gyeongju-budget trend budgets/\n  \
        gyeongju-budget trend budgets/2025.toml budgets/2026.toml --format csv\n\n\
        Exit status: 0 ok, 2 bad input or usage.")]
    Trend(TrendArgs),
    /// Turn a CSV or spreadsheet export of open fiscal data into a year file
    #[command(
        after_help = "Rows are numbered as a spreadsheet shows them: the header is row 1.\n\n\
        Examples:\n  \
        gyeongju-budget import 세출예산.csv --year 2025 --region 경주시 \\\n      \
        --filter 자치단체명=경주시 --map category=분야명/부문명 \\\n      \
        --map name=세부사업명 --map amount=예산액 --unit 천원 --output budgets/2025.toml\n  \
        gyeongju-budget import budget.xlsx --sheet 2026 --year 2026 --region Gyeongju \\\n      \
        --map id=code --map category=sector/programme --map name=project \\\n      \
        --map amount=amount --map count.companies=companies --unit won\n\n\
        Exit status: 0 written, 2 bad input or usage (nothing is written)."
    )]
    Import(ImportArgs),
    /// Validate budget files and fact-check the totals and changes a publisher printed
    #[command(
        after_help = "Exit status: 0 no errors, 1 errors (or warnings with --deny warnings), \
        2 input unusable (unreadable file, no budget files).\n\n\
        Examples:\n  \
        gyeongju-budget check budgets/\n  \
        gyeongju-budget check budgets/2025.toml budgets/2026.toml --verbose\n  \
        gyeongju-budget check budgets/ --format github --deny warnings"
    )]
    Check(CheckArgs),
    /// Start next year's file from this year's: same items, all planned, amounts to edit
    #[command(
        after_help = "Writes <YEAR>.toml beside FILE (or --output), keeping its comments and \
        layout; an existing file is replaced only with --force.\n\n\
        Examples:\n  \
        gyeongju-budget new budgets/2026.toml --year 2027\n  \
        gyeongju-budget new budgets/2026.toml --year 2027 --output - | less\n\n\
        Exit status: 0 written, 2 bad input or usage (nothing is written)."
    )]
    New(NewArgs),
    /// Print the JSON Schema of the year file, for completion and checks in editors
    #[command(
        after_help = "Put `#:schema ./docs/budget.schema.json` (a path relative to the file, \
        or a URL) on the first line of a year file; taplo and Even Better TOML read it.\n\n\
        Examples:\n  \
        gyeongju-budget schema > docs/budget.schema.json\n\n\
        Exit status: 0 ok, 2 usage."
    )]
    Schema,
    /// Print a shell completion script
    #[command(after_help = "Examples:\n  \
        gyeongju-budget completions bash > ~/.local/share/bash-completion/completions/gyeongju-budget\n  \
        gyeongju-budget completions zsh > ~/.zfunc/_gyeongju-budget\n  \
        gyeongju-budget completions fish > ~/.config/fish/completions/gyeongju-budget.fish\n  \
        gyeongju-budget completions powershell >> $PROFILE\n\n\
        Exit status: 0 ok, 2 usage.")]
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    #[command(after_help = "Examples:\n  \
        gyeongju-budget man | man -l -\n  \
        gyeongju-budget man > ~/.cargo/share/man/man1/gyeongju-budget.1\n\n\
        man finds a page in share/man/man1 beside any bin directory on PATH \
        (~/.cargo/bin for cargo install), or in MANPATH.\n\n\
        Exit status: 0 ok, 2 usage.")]
    Man,
}

impl Command {
    fn display_mut(&mut self) -> Option<&mut DisplayArgs> {
        match self {
            Command::Summarize(args) => Some(&mut args.display),
            Command::Diff(args) => Some(&mut args.display),
            Command::Trend(args) => Some(&mut args.display),
            _ => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// This year's file, the model for the new one
    #[arg(value_name = "FILE")]
    pub source: String,
    /// The year of the new file
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i64).range(crate::model::YEARS))]
    pub year: i64,
    /// Where to write [default: <YEAR>.toml beside FILE]; `-` for standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
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
    #[command(flatten)]
    pub progress: ProgressArgs,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Budget files, or directories whose *.toml files are read
    #[arg(required = true, value_name = "FILE|DIR")]
    pub inputs: Vec<String>,
    /// Show files of several regions as one series (otherwise an error):
    /// a warning names them, and the title names every region
    #[arg(long)]
    pub mixed_regions: bool,
    #[command(flatten)]
    pub outline: OutlineArgs,
    #[command(flatten)]
    pub display: DisplayArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Budget files, or directories whose *.toml files are all checked (`-` reads standard input)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Report format
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Fail (exit status 1) on warnings too
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,
    /// List the checks that passed too
    #[arg(long, short)]
    pub verbose: bool,
    /// Language of the messages (the loader's own errors stay in English)
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Write the report to FILE instead of standard output (atomically);
    /// the exit status is the same
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists
    #[arg(long)]
    pub force: bool,
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
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// `--quiet` for the commands that read files with a progress bar.
#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Never show a progress bar (one appears on a terminal when reading
    /// large files takes more than a second)
    #[arg(long, short)]
    pub quiet: bool,
}

/// Options that fold and order the category tree, shared by every command.
#[derive(Debug, Args)]
pub struct OutlineArgs {
    /// Show the category tree down to N levels, with subtotals; items only
    /// inside categories above that depth (0: the grand total alone)
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// Show the N largest items of each category, then one "... and K
    /// more" row with their subtotal (each command says largest by what)
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Order of items and categories among their siblings (each command
    /// says its default)
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

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// CSV (UTF-8 or CP949, any of , ; tab | as delimiter) or spreadsheet
    /// (XLSX, XLS, XLSB, ODS); `-` reads CSV from standard input
    #[arg(value_name = "FILE")]
    pub file: String,
    /// The budget year of the file written
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i64).range(crate::model::YEARS))]
    pub year: i64,
    /// Who publishes the budget (the file's `region`)
    #[arg(long, value_name = "NAME")]
    pub region: String,
    /// Which column feeds which field, by header name: id, name, amount,
    /// category (several headers joined by `/`, top level first), count.NAME;
    /// repeat for each. Without an id column, ids are derived from the
    /// category path and name
    #[arg(long = "map", value_name = "KEY=COLUMN", required = true,
          value_parser = parse_pair)]
    pub maps: Vec<(String, String)>,
    /// Unit of the amount column (becomes the file's `unit`): won, 원,
    /// thousand, 천원, 만원, million, 백만원, 억원, billion, 십억원, …
    #[arg(long, value_name = "UNIT", hide_possible_values = true,
          value_parser = UnitNames { parse: parse_unit, auto: false })]
    pub unit: Unit,
    /// Keep only rows whose COLUMN holds VALUE; repeat for more values of
    /// one column (any matches) or more columns (all must match)
    #[arg(long = "filter", value_name = "COLUMN=VALUE", value_parser = parse_pair)]
    pub filters: Vec<(String, String)>,
    /// Worksheet to read from a spreadsheet [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Write the year file here instead of to standard output (atomically)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists
    #[arg(long)]
    pub force: bool,
    /// Skip rows that cannot be read, with a warning each, instead of failing
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// Add up the amounts of rows that share an id instead of failing
    #[arg(long)]
    pub sum_duplicates: bool,
    /// The file's `phase`, e.g. original, supplementary-1, final
    #[arg(long, value_name = "TEXT")]
    pub phase: Option<String>,
    /// Status of every item: actual, planned, target or cap [default: actual]
    #[arg(long, value_name = "STATUS", value_parser = parse_status)]
    pub status: Option<Status>,
}

impl ImportArgs {
    pub fn options(&self) -> ImportOptions {
        ImportOptions {
            year: self.year,
            region: self.region.clone(),
            unit: self.unit,
            phase: self.phase.clone(),
            status: self.status,
            maps: self.maps.clone(),
            filters: self.filters.clone(),
            sheet: self.sheet.clone(),
            skip_bad_rows: self.skip_bad_rows,
            sum_duplicates: self.sum_duplicates,
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
    /// figure) [default: the file's unit; with --lang ko, exact 조·억·만원
    /// per figure]
    #[arg(long, value_name = "UNIT", hide_possible_values = true,
          value_parser = UnitNames { parse: parse_unit_choice, auto: true })]
    pub unit: Option<UnitChoice>,
    /// Most decimals shown; shares, averages and percentages show exactly
    /// this many [default: 2; with --lang ko, amounts are exact unless given]
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u32).range(0..=12))]
    pub decimals: Option<u32>,
    /// Language of labels and conventions
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Colour increases and decreases in tables: auto (on a terminal,
    /// unless NO_COLOR, CLICOLOR=0 or TERM=dumb; in a pipe too with
    /// CLICOLOR_FORCE), always, never. Share bars show on a terminal or
    /// with `always`
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Write to FILE instead of standard output (atomically)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists
    #[arg(long)]
    pub force: bool,
    /// CSV only: start with a UTF-8 byte order mark, so that Excel 2016 or
    /// later shows Hangul when the file is opened by double-click
    #[arg(long, conflicts_with = "encoding")]
    pub bom: bool,
    /// CSV only: character encoding; cp949 for Excel 2013 and older on
    /// Korean Windows
    #[arg(long, value_enum, value_name = "ENCODING", default_value_t = CsvEncoding::Utf8)]
    pub encoding: CsvEncoding,
    /// Fit tables into N columns: names wrap, figures stay whole, notes
    /// move under the table [default: the terminal's width; no limit when
    /// piped or written to a file]; 0: no limit
    #[arg(long, value_name = "N")]
    pub width: Option<u16>,
    /// Set by the binary, never from the command line.
    #[arg(skip)]
    pub terminal: Terminal,
}

impl DisplayArgs {
    pub fn options(&self) -> DisplayOptions {
        let table = self.format == Format::Table;
        let to_terminal = self.output.is_none() && self.terminal.stdout_is_terminal;
        let color = match self.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            // Output to a file is never coloured unless asked.
            ColorWhen::Auto => self.output.is_none() && self.terminal.wants_colour,
        };
        DisplayOptions {
            unit: self.unit.unwrap_or(UnitChoice::FileUnit),
            decimals: self.decimals.unwrap_or(DisplayOptions::DEFAULT_DECIMALS),
            decimals_asked: self.decimals.is_some(),
            lang: self.lang,
            color: table && color,
            // Bars are characters, not colour: NO_COLOR leaves them.
            share_bars: table && (to_terminal || self.color == ColorWhen::Always),
            width: match self.width {
                Some(0) => None,
                Some(columns) => Some(columns),
                None if to_terminal => self.terminal.width,
                None => None,
            },
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

/// A unit argument: read by `parse`, with the unit names (and `auto`)
/// offered to shell completion. Any spelling `parse` knows is accepted,
/// not only the names offered.
#[derive(Clone)]
struct UnitNames<T> {
    parse: fn(&str) -> Result<T, String>,
    auto: bool,
}

impl<T: Clone + Send + Sync + 'static> clap::builder::TypedValueParser for UnitNames<T> {
    type Value = T;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        clap::builder::TypedValueParser::parse_ref(&self.parse, command, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        // One word each (`thousand`, not `thousand won`): shells complete words.
        // `thousand` begins the won, yen and dollar units alike: once.
        let mut names: Vec<&str> = Vec::new();
        for word in Unit::names().map(|name| name.split(' ').next().unwrap_or(name)) {
            if !names.contains(&word) {
                names.push(word);
            }
        }
        let names = names.into_iter();
        let auto = self.auto.then_some("auto");
        Some(Box::new(
            names.chain(auto).map(clap::builder::PossibleValue::new),
        ))
    }
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

fn parse_unit(text: &str) -> Result<Unit, String> {
    Unit::parse(text).ok_or_else(|| {
        format!(
            "unknown unit `{text}`; use one of: {}",
            Unit::names().collect::<Vec<_>>().join(", ")
        )
    })
}

fn parse_status(text: &str) -> Result<Status, String> {
    Status::parse(text).ok_or_else(|| format!("use one of: {}", Status::NAMES.join(", ")))
}

/// `KEY=VALUE`, split at the first `=`.
fn parse_pair(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(key, value)| (key.trim().to_owned(), value.trim().to_owned()))
        .filter(|(key, _)| !key.is_empty())
        .ok_or_else(|| format!("expected KEY=VALUE, found `{text}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(args: &[&str], terminal: Terminal) -> DisplayOptions {
        let mut cli = Cli::try_parse_from(
            ["gyeongju-budget", "summarize", "budgets/2025.toml"]
                .iter()
                .chain(args),
        )
        .unwrap();
        cli.set_terminal(terminal);
        match &cli.command {
            Command::Summarize(summarize) => summarize.display.options(),
            _ => unreachable!(),
        }
    }

    const TERMINAL: Terminal = Terminal {
        stdout_is_terminal: true,
        wants_colour: true,
        width: Some(80),
    };
    const PIPE: Terminal = Terminal {
        stdout_is_terminal: false,
        wants_colour: false,
        width: None,
    };

    #[test]
    fn tables_fit_a_terminal_but_not_a_pipe() {
        let width = |args: &[&str], terminal| options(args, terminal).width;
        assert_eq!(width(&[], TERMINAL), Some(80));
        assert_eq!(width(&[], PIPE), None);
        assert_eq!(width(&["--output", "x.txt"], TERMINAL), None);
        assert_eq!(width(&["--width", "100"], PIPE), Some(100));
        assert_eq!(width(&["--width", "0"], TERMINAL), None);
    }

    fn styling(options: DisplayOptions) -> (bool, bool) {
        (options.color, options.share_bars)
    }

    #[test]
    fn colour_and_bars_only_on_a_terminal_by_default() {
        assert_eq!(styling(options(&[], TERMINAL)), (true, true));
        assert_eq!(styling(options(&[], PIPE)), (false, false));
        // A file is not a terminal, even when standard output is.
        assert_eq!(
            styling(options(&["--output", "x.txt"], TERMINAL)),
            (false, false)
        );
    }

    #[test]
    fn no_color_turns_colour_off_but_not_the_bars() {
        let no_color = Terminal {
            wants_colour: false,
            ..TERMINAL
        };
        assert_eq!(styling(options(&[], no_color)), (false, true));
        assert_eq!(
            styling(options(&["--color", "never"], TERMINAL)),
            (false, true)
        );
        // An explicit flag wins over the environment.
        assert_eq!(
            styling(options(&["--color", "always"], no_color)),
            (true, true)
        );
    }

    #[test]
    fn clicolor_force_colours_a_pipe_but_draws_no_bars() {
        let forced = Terminal {
            wants_colour: true,
            ..PIPE
        };
        assert_eq!(styling(options(&[], forced)), (true, false));
        assert_eq!(
            styling(options(&["--color", "never"], forced)),
            (false, false)
        );
        assert_eq!(
            styling(options(&["--output", "x.txt"], forced)),
            (false, false)
        );
    }

    #[test]
    fn always_styles_pipes_but_only_tables() {
        assert_eq!(styling(options(&["--color", "always"], PIPE)), (true, true));
        for format in ["markdown", "json", "csv", "jsonl", "svg"] {
            assert_eq!(
                styling(options(
                    &["--color", "always", "--format", format],
                    TERMINAL
                )),
                (false, false),
                "{format}"
            );
        }
    }
}
