//! Command-line arguments: the `clap` definitions of every subcommand and
//! the option groups they share. Parsing only; the work is in
//! [`crate::commands`], and what the terminal is like is found out apart
//! from parsing ([`crate::terminal::Terminal`]).
//!
//! One file per subcommand's arguments; the groups several commands
//! flatten in ([`OutputArgs`], [`DisplayArgs`], [`OutlineArgs`],
//! [`ProgressArgs`]) are declared once each. A group's help says what is
//! true for every command that uses it; where a command means something
//! more specific, its variant below rewords the option (`mut_arg`), so
//! that each command's `--help` stays true for that command.

mod check;
mod completions;
mod diff;
mod display;
mod import;
mod new;
mod outline;
mod output;
mod summarize;
mod trend;
mod units;

use clap::{Parser, Subcommand};

pub use check::CheckArgs;
pub use completions::CompletionsArgs;
pub use diff::DiffArgs;
pub use display::{ColorWhen, DisplayArgs};
pub use import::ImportArgs;
pub use new::NewArgs;
pub use outline::{OutlineArgs, ProgressArgs};
pub use output::OutputArgs;
pub use summarize::SummarizeArgs;
pub use trend::TrendArgs;

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
    /// Never show a progress bar while a command reads large files (also
    /// accepted after the command)
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
                Command::Check(args) => args.progress.quiet,
                Command::Import(args) => args.progress.quiet,
                Command::New(args) => args.progress.quiet,
                _ => false,
            }
    }
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
        mut_arg("output", |arg| arg.help(
            "Write the year file here instead of to standard output (atomically)")),
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
        mut_arg("output", |arg| arg.help(
            "Write the report to FILE instead of standard output (atomically); \
             the exit status is the same")),
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
        mut_arg("output", |arg| arg.help(
            "Where to write [default: <YEAR>.toml beside FILE]; `-` for standard output")),
        mut_arg("force", |arg| arg.help("Replace the output file if it exists")),
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
