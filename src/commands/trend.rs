//! `trend FILE... | DIR`: every item and subtotal across the files given
//! (directories expand to their `*.toml` files), in time order. Each file
//! is folded while it is read, keeping only the items `--depth` shows.

use crate::amount::one_currency_for;
use crate::cli::TrendArgs;
use crate::commands::output::{deliver_display, refuse_existing};
use crate::commands::{CommandError, Report, no_items_warning, printed_total_warning};
use crate::load::progress::Progress;
use crate::load::{Batching, Fold, budget_files, display_name, fold_file};
use crate::model::lacks_items;
use crate::render::renderer;
use crate::terminal::Terminal;
use crate::trend::{PeriodFold, apply_outline, check_periods, trend_of};

pub fn trend(
    args: &TrendArgs,
    terminal: Terminal,
    progress: &dyn Progress,
) -> Result<Report, CommandError> {
    let display = &args.display;
    refuse_existing(&display.output)?;
    let outline = args.outline.options();
    let mut warnings = Vec::new();
    let folds = budget_files(&args.inputs)?
        .iter()
        .map(|path| {
            let folded = fold_file::<PeriodFold, CommandError>(
                Batching::default(),
                progress,
                path,
                &outline,
            )?;
            if lacks_items(folded.items, &folded.head.totals) {
                warnings.push(no_items_warning(&display_name(path)));
            }
            Ok(folded.fold.finish())
        })
        .collect::<Result<Vec<_>, CommandError>>()?;
    one_currency_for(
        folds
            .iter()
            .map(|fold| (fold.file.path.as_str(), fold.file.unit.currency())),
        display.options(terminal).unit.fixed(),
    )?;
    warnings.extend(check_periods(
        folds.iter().map(|fold| &fold.file),
        args.mixed_regions,
    )?);
    let mut trend = trend_of(&folds)?;
    // In column order, each file once: the Total row is computed per column.
    warnings.extend(trend.periods.iter().zip(&trend.total.values).filter_map(
        |(period, listed)| {
            let fold = folds.iter().find(|fold| fold.file.path == period.file)?;
            printed_total_warning(&fold.file, *listed)
        },
    ));
    apply_outline(&mut trend, &outline);
    let text = renderer(display.format).trend(&trend, &display.options(terminal))?;
    // Freeing every file's items one by one takes longer than exiting.
    std::mem::forget(folds);
    Ok(Report {
        warnings,
        ..deliver_display(text, display)?
    })
}
