//! The `gyeongju-budget` binary: parses arguments, runs the command, maps
//! the outcome to an exit status (0 ok, 1 findings, 2 bad input or usage)
//! and ends quietly when the reader of its output goes away.

use std::io::{ErrorKind, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use gyeongju_budget::cli::{Cli, Terminal};
use gyeongju_budget::commands::{self, Report};

/// Budget files of a million items allocate small strings by the million on
/// every core; mimalloc does that several times faster than the system's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FINDINGS: u8 = 1;
const BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    cli.set_terminal(Terminal {
        stdout_is_terminal: std::io::stdout().is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty()),
    });
    match commands::run(&cli.command) {
        Ok(report) => finish(report),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(BAD_INPUT)
        }
    }
}

fn finish(report: Report) -> ExitCode {
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    for finding in &report.finding_lines {
        eprintln!("finding: {finding}");
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(report.stdout.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if error.kind() == ErrorKind::BrokenPipe {
            return ExitCode::SUCCESS;
        }
        eprintln!("error: cannot write output: {error}");
        return ExitCode::from(BAD_INPUT);
    }
    if report.findings {
        ExitCode::from(FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}
