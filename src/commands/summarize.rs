//! `summarize FILE...`: one summary per file, in the chosen format. Each
//! file is added up while it is read, keeping only the rows `--depth`
//! shows.

use crate::cli::SummarizeArgs;
use crate::commands::output::{deliver_display, refuse_existing};
use crate::commands::{CommandError, Report, no_items_warning};
use crate::load::display_name;
use crate::model::lacks_items;
use crate::render::render_summaries;
use crate::stream::{self, Batching, Progress};
use crate::summary::{Summary, SummaryBuilder, apply_outline};

pub fn summarize(args: &SummarizeArgs, progress: &dyn Progress) -> Result<Report, CommandError> {
    let outline = args.outline.options();
    let display = &args.display;
    refuse_existing(display.output.as_deref(), display.force)?;
    let mut warnings = Vec::new();
    let summaries = args
        .files
        .iter()
        .map(|path| {
            let mut items = 0usize;
            let (head, builder) = stream::read_prepared(
                Batching::default(),
                progress,
                path,
                |head| SummaryBuilder::new(head, outline.depth),
                |batch| (batch.len(), SummaryBuilder::part(outline.depth, batch)),
                |builder, (count, part)| {
                    items = items.saturating_add(count);
                    builder.merge(part).map_err(CommandError::from)
                },
            )?;
            if lacks_items(items, &head.totals) {
                warnings.push(no_items_warning(display_name(path)));
            }
            let mut summary = builder.finish();
            apply_outline(&mut summary, &outline);
            Ok(summary)
        })
        .collect::<Result<Vec<Summary>, CommandError>>()?;
    let text = render_summaries(display.format, &summaries, &display.options())?;
    Ok(Report {
        warnings,
        ..deliver_display(text, display)?
    })
}
