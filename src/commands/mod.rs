//! The subcommands, one file each. A command takes its parsed arguments and
//! returns a [`Report`]: the text for standard output, warnings for
//! standard error, and whether it found problems (exit status 1).
#![warn(clippy::arithmetic_side_effects)]

mod check;
mod completion;
mod diff;
mod import;
mod interrupt;
mod new;
pub mod output;
mod shell;
mod summarize;
mod trend;

pub use check::check;
pub use completion::completions;
pub use diff::diff;
pub use import::import;
pub use new::new;
pub use shell::{man, schema};
pub use summarize::summarize;
pub use trend::trend;

use crate::amount::{Amount, Unit};
use crate::cli::Command;
use crate::error::LoadError;
use crate::error::OverflowError;
use crate::import::ImportError;
use crate::load::display_name;
use crate::load::progress::{Progress, Silent};
use crate::model::YearFile;
use crate::quote::visible;
use crate::render::numbers::{exact_in, with_unit};
use crate::render::{Lang, RenderError};
use crate::scaffold::ScaffoldError;
use crate::terminal::Terminal;
use crate::trend::PeriodError;
use rust_decimal::Decimal;

/// What a command produced.
#[derive(Debug, Default)]
pub struct Report {
    pub stdout: String,
    /// Output written while it is made, instead of `stdout` (every row of
    /// a large file): the binary gives it standard output.
    pub stream: Option<StreamedOutput>,
    /// The output as bytes when it is not plain UTF-8 (`--bom`,
    /// `--encoding cp949`): written instead of `stdout`.
    pub stdout_bytes: Option<Vec<u8>>,
    /// Lines for standard error that do not stop the command.
    pub warnings: Vec<String>,
    /// What a check found, one line each, for standard error.
    pub finding_lines: Vec<String>,
    /// The command found what it was asked to fail on (exit status 1).
    pub findings: bool,
}

/// Output made while it is written, a stretch at a time, so that it is
/// never held whole (see [`crate::summary::every_row`]). The library never
/// prints: whoever runs the command says where it goes.
pub struct StreamedOutput(Box<StreamWriter>);

type StreamWriter = dyn FnOnce(&mut dyn std::io::Write) -> Result<MadeFrom, StreamError> + Send;

impl StreamedOutput {
    pub fn new(
        write: impl FnOnce(&mut dyn std::io::Write) -> Result<(), StreamError> + Send + 'static,
    ) -> StreamedOutput {
        StreamedOutput(Box::new(|out| write(out).map(|()| MadeFrom::default())))
    }

    /// Output that `write` makes from `source` (summaries in memory),
    /// which is handed back once it is written (see [`MadeFrom`]).
    pub fn made_from<T: Send + 'static>(
        source: T,
        write: impl FnOnce(&T, &mut dyn std::io::Write) -> Result<(), StreamError> + Send + 'static,
    ) -> StreamedOutput {
        StreamedOutput(Box::new(move |out| {
            write(&source, out)?;
            Ok(MadeFrom {
                _source: Some(Box::new(source)),
            })
        }))
    }

    /// Writes the output to `out`.
    pub fn write_to(self, out: &mut dyn std::io::Write) -> Result<(), StreamError> {
        self.write_keeping(out).map(drop)
    }

    /// Writes the output to `out`, handing back what it was made from.
    pub fn write_keeping(self, out: &mut dyn std::io::Write) -> Result<MadeFrom, StreamError> {
        (self.0)(out)
    }
}

/// What streamed output was made from (the summaries of a table), handed
/// back once the output is written. Dropped, it is freed as anything is.
/// A process about to exit may instead leave it to the system
/// (`std::mem::forget`), which takes the whole memory back at once: a
/// summary of a national file holds some 100,000 rows of several strings
/// each, and freeing them one by one took a tenth of `summarize --depth
/// 2`'s time.
#[derive(Default)]
pub struct MadeFrom {
    /// Held only to be dropped, or forgotten.
    _source: Option<Box<dyn Send>>,
}

impl std::fmt::Debug for StreamedOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StreamedOutput")
    }
}

/// Why output made while it was written stopped.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// Where it went would take no more (a closed pipe among others).
    #[error("cannot write output: {0}")]
    Write(std::io::Error),
    /// The rest of the output could not be made.
    #[error(transparent)]
    Command(CommandError),
}

/// Why a command could not do its work (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Overflow(#[from] OverflowError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Scaffold(#[from] ScaffoldError),
    #[error(transparent)]
    Periods(#[from] PeriodError),
    #[error(transparent)]
    Currency(#[from] crate::amount::MixedCurrencies),
    /// The output file could not be written.
    #[error("{file}: {reason}")]
    Output { file: String, reason: String },
}

/// The warning for a year file named `file` without items (see
/// [`crate::model::lacks_items`]), in `lang`.
pub(crate) fn no_items_warning(file: &str, lang: Lang) -> String {
    let said = match lang {
        Lang::En => crate::model::NO_ITEMS,
        Lang::Ko => crate::model::NO_ITEMS_KO,
    };
    format!("{file}: {said}")
}

/// The warning for a file whose `Total` row, the sum of the items it
/// lists (`listed`), is not the grand total it prints: it prints another
/// figure, or marks it `partial = true`. A reader quoting that row would
/// quote a figure the publisher never printed. `None` when they agree.
/// In `lang`.
pub(crate) fn printed_total_warning(
    file: &YearFile,
    listed: Option<Amount>,
    lang: Lang,
) -> Option<String> {
    let printed = file.totals.iter().find(|total| total.category.is_none())?;
    // No figure at all (no item in totals) is a sum of zero.
    let listed = listed.map_or(Decimal::ZERO, Amount::won);
    let printed_won = printed.amount.value.won();
    let differs = printed_won != listed;
    if !differs && !printed.partial {
        return None;
    }
    let name = visible(&display_name(&file.path)).into_owned();
    let (listed, printed_won) = (written(listed, file.unit), written(printed_won, file.unit));
    let line = printed.line;
    Some(match lang {
        Lang::En => {
            let partial = if printed.partial {
                "; the file lists only part of it (partial = true)"
            } else {
                ""
            };
            format!(
                "{name}: the Total row is the sum of the listed items ({listed}), not the \
                 printed grand total ({printed_won}, {name}:{line}){partial}"
            )
        }
        Lang::Ko => {
            let partial = if printed.partial {
                "; 파일에는 그 일부만 나열되어 있습니다(partial = true)"
            } else {
                ""
            };
            format!(
                "{name}: 합계 행은 나열된 항목의 합({listed})이지, 발표 합계\
                 ({printed_won}, {name}:{line})가 아닙니다{partial}"
            )
        }
    })
}

/// An amount in the file's unit, grouped, without trailing zeros.
fn written(won: Decimal, unit: Unit) -> String {
    with_unit(exact_in(won, unit), unit)
}

/// Runs one parsed command, its output going to a pipe.
pub fn run(command: &Command) -> Result<Report, CommandError> {
    let mut report = run_reporting(command, Terminal::default(), &Silent)?;
    if let Some(stream) = report.stream.take() {
        let mut bytes = Vec::new();
        stream.write_to(&mut bytes).map_err(|error| match error {
            StreamError::Command(error) => error,
            StreamError::Write(error) => unreachable!("writing to memory failed: {error}"),
        })?;
        match String::from_utf8(bytes) {
            Ok(text) if !text.starts_with('\u{feff}') => report.stdout = text,
            Ok(text) => report.stdout_bytes = Some(text.into_bytes()),
            Err(error) => report.stdout_bytes = Some(error.into_bytes()),
        }
    }
    Ok(report)
}

/// Runs one parsed command for standard output connected to `terminal`,
/// telling `progress` how reading large files goes.
pub fn run_reporting(
    command: &Command,
    terminal: Terminal,
    progress: &dyn Progress,
) -> Result<Report, CommandError> {
    match command {
        Command::Summarize(args) => summarize(args, terminal, progress),
        Command::Diff(args) => diff(args, terminal, progress),
        Command::Trend(args) => trend(args, terminal, progress),
        Command::Import(args) => import(args, progress),
        Command::Check(args) => check(args, progress),
        Command::New(args) => new(args, progress),
        Command::Schema => schema(),
        Command::Completions(args) => completions(args),
        Command::Man => man(),
    }
}
