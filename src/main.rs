//! The `gyeongju-budget` binary: parses arguments, runs the command, maps
//! the outcome to an exit status (0 ok, 1 findings, 2 bad input or usage)
//! and ends quietly when the reader of its output goes away. It alone
//! looks at the terminal: for colour, and for a progress bar on long reads.
//!
//! It starts as any Rust program does: std's start-up ignores SIGPIPE (so
//! a closed pipe is an error to end on quietly) and opens a closed standard
//! descriptor on `/dev/null` (so an `--output` file never takes its
//! number). Starting from the C runtime's `main` instead, and choosing the
//! allocator from the files named, saved a fraction of a millisecond a run,
//! which no one can notice; see "Start-up tricks, measured" in
//! benches/BENCHMARKS.md.

use std::io::{ErrorKind, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::Parser;
use gyeongju_budget::cli::{Cli, Command};
use gyeongju_budget::commands::{self, MadeFrom, Report, StreamError, StreamedOutput};
use gyeongju_budget::load::progress::{PROGRESS_LABEL_COLUMNS, Progress, progress_label};
use gyeongju_budget::quote::log_line;
use gyeongju_budget::terminal::Terminal;
use indicatif::{ProgressDrawTarget, ProgressStyle};

/// Reading a national file allocates small strings by the million on every
/// core; mimalloc does that much faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long mimalloc keeps memory freed before giving it back to the
/// system, in milliseconds: its own default is a second. Reading a
/// national file frees every batch's parsed items as it goes, and `diff`
/// frees the first file's working memory before reading the second: kept a
/// second, that memory was still counted when the peak came (`diff` of two
/// million-item files peaked at 337 MB, 227 MB with 100 ms). Shorter delays
/// cost system time for little more (0 ms: 210 MB, and `summarize` about
/// a tenth slower).
const PURGE_DELAY_MS: std::ffi::c_long = 100;

/// The same for `trend`, which reads its files one after another while
/// the figures gathered from those before stay: each file's working
/// memory, freed as the next is read, was still kept when the peak came.
/// Ten 100,000-item files peaked at about 42 MB with 100 ms, 36 MB with
/// 10 ms. Once what is kept of each id took less (tenth session), 10 ms
/// left the peak anywhere from 32 to 36 MB, 1 ms at 31.3-31.8 MB (0 ms:
/// 31.0-31.4 MB), for some 3% more processor time and the same time
/// taken (both cores are busy reading either way).
const TREND_PURGE_DELAY_MS: std::ffi::c_long = 1;

/// mimalloc's `mi_option_purge_delay` (the sixteenth of its options in
/// `mimalloc.h`; libmimalloc-sys names only some of them).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

const SUCCESS: u8 = 0;
const FINDINGS: u8 = 1;
const BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    // SAFETY: sets one of mimalloc's options to a value it documents; any
    // thread may do so at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    ExitCode::from(run())
}

fn run() -> u8 {
    let cli = Cli::parse();
    if matches!(cli.command, Command::Trend(_)) {
        // SAFETY: as in `main`.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, TREND_PURGE_DELAY_MS) };
    }
    let bar = ProgressBar::new(!cli.quiet() && std::io::stderr().is_terminal());
    let outcome = commands::run_reporting(&cli.command, Terminal::of_stdout(), &bar);
    bar.clear();
    match outcome {
        Ok(report) => finish(report),
        Err(error) => {
            tell("error", &error.to_string());
            BAD_INPUT
        }
    }
}

/// A progress bar on standard error for reading large files: shown only on
/// a terminal, only without `--quiet`, and only once reading has taken more
/// than a second, so that quick runs never flicker. Files read at the same
/// time (`diff` reads both at once) share one bar.
struct ProgressBar {
    enabled: bool,
    current: Mutex<Option<Reading>>,
}

/// The bar of the files being read, when it was started, and how many of
/// them are still being read.
struct Reading {
    bar: indicatif::ProgressBar,
    started: Instant,
    files: usize,
}

impl ProgressBar {
    const DELAY: Duration = Duration::from_secs(1);

    fn new(enabled: bool) -> ProgressBar {
        ProgressBar {
            enabled,
            current: Mutex::new(None),
        }
    }

    fn clear(&self) {
        if let Ok(mut current) = self.current.lock()
            && let Some(reading) = current.take()
        {
            reading.bar.finish_and_clear();
        }
    }
}

impl Progress for ProgressBar {
    fn start(&self, file: &str, total_bytes: u64) {
        if !self.enabled {
            return;
        }
        let Ok(mut current) = self.current.lock() else {
            return;
        };
        if let Some(reading) = current.as_mut() {
            reading.files += 1;
            reading.bar.inc_length(total_bytes);
            reading.bar.set_message(format!("{} files", reading.files));
            return;
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(total_bytes),
            ProgressDrawTarget::hidden(),
        );
        // The bar takes what the label and figures leave of the terminal's
        // width, so the line never wraps.
        let style =
            ProgressStyle::with_template("{msg} [{wide_bar}] {bytes}/{total_bytes}, {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style.progress_chars("=> "));
        bar.set_message(progress_label(file, PROGRESS_LABEL_COLUMNS));
        *current = Some(Reading {
            bar,
            started: Instant::now(),
            files: 1,
        });
    }

    fn advance(&self, bytes: u64) {
        let Ok(current) = self.current.lock() else {
            return;
        };
        if let Some(reading) = current.as_ref() {
            if reading.bar.is_hidden() && reading.started.elapsed() > Self::DELAY {
                reading.bar.set_draw_target(ProgressDrawTarget::stderr());
            }
            reading.bar.inc(bytes);
        }
    }

    fn finish(&self) {
        let Ok(mut current) = self.current.lock() else {
            return;
        };
        let done = current.as_mut().is_some_and(|reading| {
            reading.files -= 1;
            reading.files == 0
        });
        if done && let Some(reading) = current.take() {
            reading.bar.finish_and_clear();
        }
    }
}

fn finish(report: Report) -> u8 {
    for warning in &report.warnings {
        tell("warning", warning);
    }
    for finding in &report.finding_lines {
        tell("finding", finding);
    }
    let mut stdout = std::io::stdout().lock();
    let written = match report.stream {
        Some(stream) => write_streamed(stream, &mut stdout),
        None => {
            let bytes = report
                .stdout_bytes
                .as_deref()
                .unwrap_or(report.stdout.as_bytes());
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map(|()| MadeFrom::default())
                .map_err(StreamError::Write)
        }
    };
    let made_from = match written {
        // The reader went away: the output ends early, but a gate's
        // answer (exit status 1 for findings) must not turn into success.
        Err(StreamError::Write(error)) if error.kind() != ErrorKind::BrokenPipe => {
            tell("error", &format!("cannot write output: {error}"));
            return BAD_INPUT;
        }
        Err(StreamError::Command(error)) => {
            tell("error", &error.to_string());
            return BAD_INPUT;
        }
        Err(StreamError::Write(_)) => MadeFrom::default(),
        Ok(made_from) => made_from,
    };
    // The output is written and flushed, and the process exits next: the
    // system takes its memory back at once, where freeing what the output
    // was made from (a national summary's 100,000 rows) took tens of
    // milliseconds on one core.
    std::mem::forget(made_from);
    if report.findings { FINDINGS } else { SUCCESS }
}

/// Output made while it is written, through a buffer: a stretch of rows
/// may be written in many small pieces. Gives back what it was made from.
fn write_streamed(stream: StreamedOutput, stdout: &mut dyn Write) -> Result<MadeFrom, StreamError> {
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, stdout);
    let made_from = stream.write_keeping(&mut buffered)?;
    buffered.flush().map_err(StreamError::Write)?;
    Ok(made_from)
}

/// One message on standard error, `label: text`. Text from the input is
/// made visible once more here (no escape sequence reaches the terminal,
/// whatever a message forgot to quote); no line, the first or a
/// further one, can start a CI workflow command. A closed or full standard error is ignored: the
/// exit status still tells the outcome.
fn tell(label: &str, text: &str) {
    let mut message = String::new();
    for (index, line) in text.split('\n').enumerate() {
        if index == 0 {
            message.push_str(label);
            message.push_str(": ");
        }
        message.push_str(&log_line(line));
        message.push('\n');
    }
    let _ = std::io::stderr().lock().write_all(message.as_bytes());
}
