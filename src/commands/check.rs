//! `check PATH...`: validates budget files and fact-checks printed figures;
//! exit status 1 when it finds errors (or warnings, if denied). The report
//! goes to standard output, or atomically to `--output`.

use crate::check::check_reporting;
use crate::check::render::render_check_in;
use crate::cli::CheckArgs;
use crate::commands::output::{deliver, refuse_existing};
use crate::commands::{CommandError, Report};
use crate::load::progress::Progress;
use crate::render::RenderError;

pub fn check(args: &CheckArgs, progress: &dyn Progress) -> Result<Report, CommandError> {
    refuse_existing(&args.output)?;
    let report = check_reporting(&args.paths, progress)?;
    let text = render_check_in(&report, args.format, args.verbose, args.lang)
        .map_err(RenderError::from)?;
    Ok(Report {
        findings: report.fails(args.deny),
        ..deliver(text, &args.output)?
    })
}
