//! `new FILE --year YEAR`: next year's file from this year's, written
//! atomically to `<YEAR>.toml` beside FILE (or `--output`; `-` prints it).
//!
//! A large file is edited a piece at a time ([`crate::scaffold::plan`],
//! [`write_in_pieces`]) and written as made; a small one, standard input,
//! and whatever the pieces cannot show to be the same are edited as one
//! document ([`next_year_reporting`]), which makes the same text.

use std::path::{Path, PathBuf};

use crate::cli::{NewArgs, OutputArgs};
use crate::commands::output::{deliver, refuse_existing, write_atomically_with};
use crate::commands::{CommandError, Report, StreamError, StreamedOutput};
use crate::error::LoadError;
use crate::load::progress::{Progress, Share, Silent};
use crate::load::{Batching, STDIN_NAME, display_name, is_stdin, read_bytes};
use crate::scaffold::{Plan, Written, next_year_reporting, plan, write_in_pieces};

pub fn new(args: &NewArgs, progress: &dyn Progress) -> Result<Report, CommandError> {
    let output = OutputArgs {
        output: output_path(args)?,
        force: args.output.force,
    };
    refuse_existing(&output)?;
    // Files read in batches by the other commands are edited in pieces.
    if let Some(report) = new_in_pieces(args, &output, Batching::default(), progress)? {
        return Ok(report);
    }
    let name = display_name(&args.source);
    let bytes = read_bytes(&args.source)?;
    // Standard input has no size to show progress against.
    if !is_stdin(&args.source) {
        progress.start(&name, bytes.len() as u64);
    }
    let made = next_year_reporting(&bytes, &name, args.year, progress);
    progress.finish();
    let made = made?;
    let mut report = deliver(made.text, &output)?;
    report.warnings = made.warnings;
    Ok(report)
}

/// `new` a piece at a time, for a file of at least `batching.from_bytes`;
/// `None` where the whole document must be edited instead (nothing was
/// written then).
fn new_in_pieces(
    args: &NewArgs,
    output: &OutputArgs,
    batching: Batching,
    progress: &dyn Progress,
) -> Result<Option<Report>, CommandError> {
    let source = &args.source;
    let size = match std::fs::metadata(source) {
        Ok(metadata) if !is_stdin(source) && metadata.is_file() => metadata.len(),
        _ => return Ok(None),
    };
    if size < batching.from_bytes {
        return Ok(None);
    }
    // One bar over both passes: reading the file to know it loads is
    // quick, editing it takes the rest (on standard output, editing
    // without writing, to know that every piece can be edited before a
    // byte is written; it is written once the bar is gone).
    progress.start(&display_name(source), size);
    let (reading, editing) = (size / 5, size.saturating_sub(size / 5));
    let planned = {
        let share = Share::new(progress, size, reading);
        let planned = plan(source, args.year, batching, &share);
        share.complete();
        planned
    };
    let planned = match planned {
        Some(Ok(planned)) => planned,
        Some(Err(error)) => {
            progress.finish();
            return Err(error.into());
        }
        None => {
            progress.finish();
            return Ok(None);
        }
    };
    let share = Share::new(progress, size, editing);
    let report = match output.file() {
        Some(path) => write_file(&planned, source, path, output.force, &share),
        None => write_standard_output(&planned, source, &share),
    };
    progress.finish();
    report
}

/// The new file written to `path` as made; `None` (and nothing left at
/// `path`) where the whole document must be edited instead.
fn write_file(
    planned: &Plan,
    source: &Path,
    path: &Path,
    force: bool,
    progress: &dyn Progress,
) -> Result<Option<Report>, CommandError> {
    let mut whole = false;
    let written = write_atomically_with(path, force, |out| {
        match write_in_pieces(planned, source, out, progress) {
            Ok(Written::Pieces) => Ok(()),
            Ok(Written::Whole) => {
                whole = true;
                // Stops the writing, which removes the temporary file.
                Err(StreamError::Write(std::io::ErrorKind::Interrupted.into()))
            }
            Err(error) => Err(StreamError::Write(error)),
        }
    });
    match written {
        _ if whole => Ok(None),
        Ok(()) => Ok(Some(Report {
            warnings: planned.warnings(),
            ..Report::default()
        })),
        Err(error) => Err(error),
    }
}

/// The new file on standard output, made as it is written, once a pass
/// that writes nothing has shown that every piece can be edited; `None`
/// where the whole document must be edited instead.
fn write_standard_output(
    planned: &Plan,
    source: &Path,
    progress: &dyn Progress,
) -> Result<Option<Report>, CommandError> {
    match write_in_pieces(planned, source, &mut std::io::sink(), progress) {
        Ok(Written::Pieces) => {}
        _ => return Ok(None),
    }
    let warnings = planned.warnings();
    let (planned, source) = (planned.clone(), source.to_path_buf());
    let write = move |out: &mut dyn std::io::Write| {
        match write_in_pieces(&planned, &source, out, &Silent) {
            Ok(Written::Pieces) => Ok(()),
            // It read differently the first time: it changed since.
            Ok(Written::Whole) => Err(StreamError::Command(
                LoadError::Unreadable {
                    file: planned.file.clone(),
                    reason: "it changed while it was read".into(),
                }
                .into(),
            )),
            Err(error) => Err(StreamError::Write(error)),
        }
    };
    Ok(Some(Report {
        stream: Some(StreamedOutput::new(write)),
        warnings,
        ..Report::default()
    }))
}

/// `--output` (`None` for `-`, standard output), or `<YEAR>.toml` beside
/// the model file.
fn output_path(args: &NewArgs) -> Result<Option<PathBuf>, CommandError> {
    match &args.output.output {
        Some(path) if path.as_os_str() == "-" => Ok(None),
        Some(path) => Ok(Some(path.clone())),
        None if is_stdin(&args.source) => Err(CommandError::Output {
            file: STDIN_NAME.to_owned(),
            reason: "a file read from standard input has no directory: give --output".into(),
        }),
        None => Ok(Some(
            args.source.with_file_name(format!("{}.toml", args.year)),
        )),
    }
}
