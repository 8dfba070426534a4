//! `summarize FILE...`: one summary per file, in the chosen format. Each
//! file is added up while it is read, keeping only the rows `--depth`
//! shows and, with `--top`, each category's best items.

use crate::amount::one_currency_for;
use std::path::Path;

use crate::cli::SummarizeArgs;
use crate::commands::output::{deliver_display, refuse_existing};
use crate::commands::{CommandError, Report, no_items_warning, printed_total_warning};
use crate::load::progress::Progress;
use crate::load::{Batching, Folded, display_name, fold_file};
use crate::model::lacks_items;
use crate::render::render_summaries;
use crate::report::outline::OutlineOptions;
use crate::summary::{Summary, SummaryBuilder, SummaryOptions, apply_outline};
use crate::terminal::Terminal;

pub fn summarize(
    args: &SummarizeArgs,
    terminal: Terminal,
    progress: &dyn Progress,
) -> Result<Report, CommandError> {
    let outline = args.outline.options();
    let display = &args.display;
    refuse_existing(&display.output)?;
    let mut warnings = Vec::new();
    let summaries = args
        .files
        .iter()
        .map(|path| {
            let Folded {
                head,
                fold: builder,
                items,
            } = summarize_file(path, &outline, progress)?;
            let mut summary = if builder.is_exact() {
                builder.finish()
            } else {
                // Sums near `Decimal`'s limits might depend on their order:
                // every item is kept, for the outline to fold.
                let every_item = OutlineOptions {
                    top: None,
                    ..outline
                };
                summarize_file(path, &every_item, progress)?.fold.finish()
            };
            if lacks_items(items, &head.totals) {
                warnings.push(no_items_warning(&display_name(path)));
            }
            warnings.extend(printed_total_warning(&head, Some(summary.total)));
            apply_outline(&mut summary, &outline);
            Ok(summary)
        })
        .collect::<Result<Vec<Summary>, CommandError>>()?;
    // One document has one unit: files in different currencies are
    // summarized one at a time.
    one_currency_for(
        summaries
            .iter()
            .map(|summary| (summary.file.as_str(), summary.file_unit.currency())),
        display.options(terminal).unit.fixed(),
    )?;
    let text = render_summaries(display.format, &summaries, &display.options(terminal))?;
    Ok(Report {
        warnings,
        ..deliver_display(text, display)?
    })
}

/// Reads one file into a builder, keeping what `outline` shows.
fn summarize_file(
    path: &Path,
    outline: &OutlineOptions,
    progress: &dyn Progress,
) -> Result<Folded<SummaryBuilder>, CommandError> {
    // Options of its own for each read: the threads share them.
    let options = SummaryOptions::from(*outline);
    fold_file::<SummaryBuilder, CommandError>(Batching::default(), progress, path, &options)
}
