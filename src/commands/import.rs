//! `import FILE ...`: a CSV or spreadsheet export turned into a year file,
//! on standard output or written atomically to `--output`.

use crate::cli::ImportArgs;
use crate::commands::output::{deliver, refuse_existing};
use crate::commands::{CommandError, Report};
use crate::import::import as import_file;

pub fn import(args: &ImportArgs) -> Result<Report, CommandError> {
    refuse_existing(&args.output)?;
    let imported = import_file(&args.file, &args.options())?;
    let mut report = deliver(imported.toml, &args.output)?;
    report.warnings = imported.warnings;
    Ok(report)
}
