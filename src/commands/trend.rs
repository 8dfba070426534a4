//! `trend FILE... | DIR`: every item and subtotal across the files given
//! (directories expand to their `*.toml` files), in time order. Each file
//! is folded while it is read, keeping only what a trend needs of the
//! items `--depth` shows, and taken in before the next file is read.

use crate::amount::one_currency_for;
use crate::cli::TrendArgs;
use crate::commands::output::{deliver_display, deliver_streamed, plain_table, refuse_existing};
use crate::commands::{CommandError, Report, StreamError, no_items_warning, printed_total_warning};
use crate::load::progress::Progress;
use crate::load::{Batching, Fold, budget_files, display_name, fold_file};
use crate::model::lacks_items;
use crate::render::{renderer, write_trend_tables};
use crate::terminal::Terminal;
use crate::trend::{Gathered, PeriodFold, apply_outline, check_periods};
use std::io::Write;

pub fn trend(
    args: &TrendArgs,
    terminal: Terminal,
    progress: &dyn Progress,
) -> Result<Report, CommandError> {
    let display = &args.display;
    refuse_existing(&display.output)?;
    let outline = args.outline.options();
    let mut warnings = Vec::new();
    // One file at a time: each is folded, taken in and freed before the
    // next is read.
    let mut gathered = Gathered::default();
    for path in budget_files(&args.inputs)? {
        let folded =
            fold_file::<PeriodFold, CommandError>(Batching::default(), progress, &path, &outline)?;
        if lacks_items(folded.items, &folded.head.totals) {
            warnings.push(no_items_warning(&display_name(&path)));
        }
        gathered.add(folded.fold.finish());
    }
    let files = gathered.files().to_vec();
    one_currency_for(
        files
            .iter()
            .map(|file| (file.path.as_str(), file.unit.currency())),
        display.options(terminal).unit.fixed(),
    )?;
    warnings.extend(check_periods(&files, args.mixed_regions)?);
    let mut trend = gathered.trend()?;
    // In column order, each file once: the Total row is computed per column.
    warnings.extend(trend.periods.iter().zip(&trend.total.values).filter_map(
        |(period, listed)| {
            let file = files.iter().find(|file| file.path == period.file)?;
            printed_total_warning(file, *listed)
        },
    ));
    // What the trend was made from was freed as it was made; the
    // headings go too before it is drawn.
    drop(files);
    apply_outline(&mut trend, &outline);
    let options = display.options(terminal);
    if plain_table(display) {
        // Drawn as it is written: no table is held whole.
        let write = move |out: &mut dyn Write| {
            write_trend_tables(&trend, &options, out).map_err(StreamError::Write)
        };
        return Ok(Report {
            warnings,
            ..deliver_streamed(&display.output, write)?
        });
    }
    let text = renderer(display.format).trend(&trend, &options)?;
    Ok(Report {
        warnings,
        ..deliver_display(text, display)?
    })
}
