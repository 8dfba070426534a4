//! `summarize FILE...`: one summary per file, in the chosen format.

use crate::cli::SummarizeArgs;
use crate::commands::{CommandError, Report};
use crate::load::load;
use crate::render::render_summaries;
use crate::summary::{Summary, apply_outline, summarize as summarize_file};

pub fn summarize(args: &SummarizeArgs) -> Result<Report, CommandError> {
    let summaries = args
        .files
        .iter()
        .map(|path| {
            let mut summary = summarize_file(&load(path)?)?;
            apply_outline(&mut summary, &args.outline.options());
            Ok(summary)
        })
        .collect::<Result<Vec<Summary>, CommandError>>()?;
    let stdout = render_summaries(args.display.format, &summaries, &args.display.options())?;
    Ok(Report {
        stdout,
        ..Report::default()
    })
}
