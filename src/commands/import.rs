//! `import FILE ...`: a CSV or spreadsheet export turned into a year file,
//! on standard output or written atomically to `--output`.

use crate::cli::ImportArgs;
use crate::commands::output::{deliver, refuse_existing};
use crate::commands::{CommandError, Report};
use crate::import::import_reporting;
use crate::load::progress::Progress;

pub fn import(args: &ImportArgs, progress: &dyn Progress) -> Result<Report, CommandError> {
    refuse_existing(&args.output)?;
    let imported = import_reporting(&args.file, &args.options(), progress)?;
    let mut report = deliver(imported.toml, &args.output)?;
    report.warnings = imported.warnings;
    Ok(report)
}
