//! `summarize FILE...`: one summary per file, in the chosen format. Each
//! file is added up while it is read, keeping only the rows `--depth`
//! shows and, with `--top`, each category's best items.

use crate::cli::SummarizeArgs;
use crate::commands::output::{deliver_display, refuse_existing};
use crate::commands::{CommandError, Report, no_items_warning, printed_total_warning};
use crate::load::display_name;
use crate::model::{YearFile, lacks_items};
use crate::outline::OutlineOptions;
use crate::render::render_summaries;
use crate::stream::{self, Batching, Progress};
use crate::summary::{Summary, SummaryBuilder, apply_outline};
use crate::top::TopSelection;

pub fn summarize(args: &SummarizeArgs, progress: &dyn Progress) -> Result<Report, CommandError> {
    let outline = args.outline.options();
    let display = &args.display;
    refuse_existing(display.output.as_deref(), display.force)?;
    let mut warnings = Vec::new();
    let summaries = args
        .files
        .iter()
        .map(|path| {
            let selection = outline.top.map(|top| TopSelection {
                top,
                sort: outline.sort,
            });
            let (head, builder, items) = summarize_file(path, &outline, selection, progress)?;
            let mut summary = if builder.is_exact() {
                builder.finish()
            } else {
                // Sums near `Decimal`'s limits might depend on their order:
                // every item is kept, for the outline to fold.
                summarize_file(path, &outline, None, progress)?.1.finish()
            };
            if lacks_items(items, &head.totals) {
                warnings.push(no_items_warning(display_name(path)));
            }
            warnings.extend(printed_total_warning(&head, Some(summary.total)));
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

/// Reads one file into a builder: the file's heading, the builder and how
/// many items were read.
fn summarize_file(
    path: &str,
    outline: &OutlineOptions,
    selection: Option<TopSelection>,
    progress: &dyn Progress,
) -> Result<(YearFile, SummaryBuilder, usize), CommandError> {
    let mut items = 0usize;
    let (head, builder) = stream::read_prepared(
        Batching::default(),
        progress,
        path,
        |head| match selection {
            Some(selection) => SummaryBuilder::selecting(head, outline.depth, selection),
            None => SummaryBuilder::new(head, outline.depth),
        },
        |batch| {
            let count = batch.len();
            let part = SummaryBuilder::part_selecting(outline.depth, selection, batch);
            (count, part)
        },
        |builder, (count, part)| {
            items = items.saturating_add(count);
            builder.merge(part).map_err(CommandError::from)
        },
    )?;
    Ok((head, builder, items))
}
