//! `summarize FILE...`: one summary per file, in the chosen format.

use crate::cli::SummarizeArgs;
use crate::commands::output::{deliver, refuse_existing};
use crate::commands::{CommandError, Report};
use crate::load::load;
use crate::render::render_summaries;
use crate::summary::{Summary, apply_outline, summarize as summarize_file};

pub fn summarize(args: &SummarizeArgs) -> Result<Report, CommandError> {
    let display = &args.display;
    refuse_existing(display.output.as_deref(), display.force)?;
    let summaries = args
        .files
        .iter()
        .map(|path| {
            let mut summary = summarize_file(&load(path)?)?;
            apply_outline(&mut summary, &args.outline.options());
            Ok(summary)
        })
        .collect::<Result<Vec<Summary>, CommandError>>()?;
    let text = render_summaries(display.format, &summaries, &display.options())?;
    deliver(text, display.output.as_deref(), display.force)
}
