//! The `gyeongju-budget` binary: parses arguments, runs the command, maps
//! the outcome to an exit status (0 ok, 1 findings, 2 bad input or usage)
//! and ends quietly when the reader of its output goes away. It alone
//! looks at the terminal: for colour, and for a progress bar on long reads.
//!
//! Most runs read a small file and take about a millisecond, so start-up
//! counts:
//! - The program starts from the C runtime's `main`, not through std's
//!   start-up, which finds the main thread's stack bounds in
//!   `/proc/self/maps`, sets up a stack-overflow handler and checks the
//!   standard descriptors: a tenth of such a run. Of all that, this program
//!   needs two things, done in [`main`]: a closed pipe must be an error to
//!   end on quietly, not a SIGPIPE, and a closed standard descriptor must
//!   not be taken by a file the program opens.
//! - Before anything is allocated, the allocator is chosen from the sizes of
//!   the files named: mimalloc only for national-scale input
//!   ([`gyeongju_budget::allocator`]).

#![no_main]

use std::ffi::{c_char, c_int};
use std::io::{ErrorKind, IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::Parser;
use gyeongju_budget::allocator::{ChosenAllocator, wants_mimalloc};
use gyeongju_budget::cli::Cli;
use gyeongju_budget::commands::{self, Report};
use gyeongju_budget::quote::log_line;
use gyeongju_budget::stream::{PROGRESS_LABEL_COLUMNS, Progress, progress_label};
use gyeongju_budget::terminal::Terminal;
use indicatif::{ProgressDrawTarget, ProgressStyle};

/// mimalloc for national files, the system allocator for small ones.
#[global_allocator]
static ALLOCATOR: ChosenAllocator = ChosenAllocator;

const SUCCESS: u8 = 0;
const FINDINGS: u8 = 1;
const BAD_INPUT: u8 = 2;

/// Arguments come from `std::env::args_os`, which std fills before `main`.
#[unsafe(no_mangle)]
extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    choose_allocator(argc, argv);
    open_standard_descriptors();
    ignore_sigpipe();
    c_int::from(run())
}

/// Chooses the allocator from the files named, before anything allocates.
#[cfg(unix)]
fn choose_allocator(argc: c_int, argv: *const *const c_char) {
    use std::ffi::{CStr, OsStr};
    use std::os::unix::ffi::OsStrExt;
    let count = usize::try_from(argc).unwrap_or(0);
    let arguments = (1..count).map(|index| {
        // SAFETY: the C runtime passes `argc` NUL-terminated arguments that
        // live as long as the process.
        let argument = unsafe { CStr::from_ptr(*argv.add(index)) };
        OsStr::from_bytes(argument.to_bytes())
    });
    if wants_mimalloc(arguments) {
        ChosenAllocator::choose_mimalloc();
    }
}

#[cfg(not(unix))]
fn choose_allocator(_argc: c_int, _argv: *const *const c_char) {
    ChosenAllocator::choose_mimalloc();
}

/// A closed standard descriptor is opened on `/dev/null`, as std's own
/// start-up would: otherwise the next file opened (an `--output` file)
/// would take its number, and messages meant for standard error would be
/// written into it.
#[cfg(unix)]
fn open_standard_descriptors() {
    for descriptor in 0..=2 {
        // SAFETY: fcntl and open on plain integers and a C string literal.
        unsafe {
            if libc::fcntl(descriptor, libc::F_GETFD) == -1 {
                libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
            }
        }
    }
}

#[cfg(not(unix))]
fn open_standard_descriptors() {}

#[cfg(unix)]
fn ignore_sigpipe() {
    // SAFETY: nothing else runs yet, and SIG_IGN is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
}

#[cfg(not(unix))]
fn ignore_sigpipe() {}

fn run() -> u8 {
    let cli = Cli::parse();
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
    let bytes = report
        .stdout_bytes
        .as_deref()
        .unwrap_or(report.stdout.as_bytes());
    if let Err(error) = stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        // The reader went away: the output ends early, but a gate's
        // answer (exit status 1 for findings) must not turn into success.
        if error.kind() != ErrorKind::BrokenPipe {
            tell("error", &format!("cannot write output: {error}"));
            return BAD_INPUT;
        }
    }
    if report.findings { FINDINGS } else { SUCCESS }
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
