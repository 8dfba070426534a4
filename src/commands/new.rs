//! `new FILE --year YEAR`: next year's file from this year's, written
//! atomically to `<YEAR>.toml` beside FILE (or `--output`; `-` prints it).

use std::path::PathBuf;

use crate::cli::{NewArgs, OutputArgs};
use crate::commands::output::{deliver, refuse_existing};
use crate::commands::{CommandError, Report};
use crate::load::progress::Progress;
use crate::load::{STDIN_NAME, display_name, is_stdin, read_bytes};
use crate::scaffold::next_year_reporting;

pub fn new(args: &NewArgs, progress: &dyn Progress) -> Result<Report, CommandError> {
    let output = OutputArgs {
        output: output_path(args)?,
        force: args.output.force,
    };
    refuse_existing(&output)?;
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
