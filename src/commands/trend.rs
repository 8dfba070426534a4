//! `trend FILE... | DIR`: every item and subtotal across the files given
//! (directories expand to their `*.toml` files), in time order. Each file
//! is folded while it is read, keeping only what a trend needs of the
//! items `--depth` shows, and taken in before the next file is read.

use crate::amount::one_currency_for;
use crate::cli::TrendArgs;
use crate::commands::output::{
    deliver_display, deliver_streamed_from, plain_table, refuse_existing,
};
use crate::commands::{CommandError, Report, StreamError, no_items_warning, printed_total_warning};
use crate::error::OverflowError;
use crate::load::progress::Progress;
use crate::load::{Batching, Fold, budget_files, display_name, fold_file, reads_again};
use crate::model::lacks_items;
use crate::render::{renderer, write_trend_tables};
use crate::report::outline::OutlineOptions;
use crate::terminal::Terminal;
use crate::trend::{Gathered, PeriodFold, ShownCutFold, Trend, apply_outline, check_periods};
use std::io::Write;

pub fn trend(
    args: &TrendArgs,
    terminal: Terminal,
    progress: &dyn Progress,
) -> Result<Report, CommandError> {
    let display = &args.display;
    refuse_existing(&display.output)?;
    let outline = args.outline.options();
    // Hidden items summed per shown category first (far less work); where
    // a sum might not be exact, the files are read again and summed per
    // category of their own, which names the sum that fails as before.
    // Standard input or a pipe would read as empty the second time, so
    // they are summed per category of their own from the start.
    let cut_first = if every_file_reads_twice(&args.inputs) {
        gathered_trend::<ShownCutFold>(args, terminal, progress, &outline, true)
    } else {
        Ok(None)
    };
    let (mut trend, warnings) = match cut_first {
        Ok(Some(made)) => made,
        Ok(None) | Err(CommandError::Overflow(_)) => {
            gathered_trend::<PeriodFold>(args, terminal, progress, &outline, false)?
                .expect("the plain grouping is never given up")
        }
        Err(error) => return Err(error),
    };
    apply_outline(&mut trend, &outline);
    let options = display.options(terminal);
    if plain_table(display) {
        // Drawn as it is written: no table is held whole. The trend is
        // handed back once written, so that a process about to end need
        // not free its rows one by one (see `MadeFrom`).
        let write = move |trend: &Trend, out: &mut dyn Write| {
            write_trend_tables(trend, &options, out).map_err(StreamError::Write)
        };
        return Ok(Report {
            warnings,
            ..deliver_streamed_from(&display.output, trend, write)?
        });
    }
    let text = renderer(display.format).trend(&trend, &options)?;
    Ok(Report {
        warnings,
        ..deliver_display(text, display)?
    })
}

/// Whether every file the inputs name is a regular file, which a second
/// read finds as the first did. An input that fails to expand counts as
/// one: the first read reports it.
fn every_file_reads_twice(inputs: &[std::path::PathBuf]) -> bool {
    budget_files(inputs).map_or(true, |paths| paths.iter().all(|path| reads_again(path)))
}

/// The trend of the files, each folded with `F` and taken in before the
/// next is read, with the warnings on them. `None` when `check_exact` and a
/// file has sums that might not be exact.
fn gathered_trend<F>(
    args: &TrendArgs,
    terminal: Terminal,
    progress: &dyn Progress,
    outline: &OutlineOptions,
    check_exact: bool,
) -> Result<Option<(Trend, Vec<String>)>, CommandError>
where
    F: Fold<Options = OutlineOptions, Error = OverflowError, Output = PeriodFold>,
{
    let display = &args.display;
    let mut warnings = Vec::new();
    let paths = budget_files(&args.inputs)?;
    // One file at a time: each is folded, taken in and freed before the
    // next is read. Taken in on another thread while the next file was
    // read, a file's fold was held beside the next one's reading: ten
    // 100k-item files peaked 1.3 MB higher (29.0 against 27.7 MB), for no
    // time that could be told apart (both cores are busy reading anyway).
    let read = (|| {
        let mut gathered = Gathered::default();
        for path in &paths {
            let folded =
                fold_file::<F, CommandError>(Batching::default(), progress, path, outline)?;
            if lacks_items(folded.items, &folded.head.totals) {
                warnings.push(no_items_warning(&display_name(path), display.lang));
            }
            let fold = folded.fold.finish();
            if check_exact && !fold.sums_are_exact() {
                return Ok(None);
            }
            gathered.add(fold);
        }
        Ok::<Option<Gathered>, CommandError>(Some(gathered))
    })();
    let Some(gathered) = read? else {
        return Ok(None);
    };
    let files = gathered.files().to_vec();
    one_currency_for(
        files
            .iter()
            .map(|file| (file.path.as_str(), file.unit.currency())),
        display.options(terminal).unit.fixed(),
    )?;
    warnings.extend(check_periods(&files, args.mixed_regions, display.lang)?);
    let trend = gathered.trend()?;
    // In column order, each file once: the Total row is computed per column.
    warnings.extend(trend.periods.iter().zip(&trend.total.values).filter_map(
        |(period, listed)| {
            let file = files.iter().find(|file| file.path == period.file)?;
            printed_total_warning(file, *listed, display.lang)
        },
    ));
    Ok(Some((trend, warnings)))
}
