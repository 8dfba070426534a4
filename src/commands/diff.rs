//! `diff OLD NEW`: the comparison in the chosen format, odd pairings as
//! warnings, and the CI gates (`--fail-on-change`, `--fail-on-removed`).

use crate::amount::one_currency_for;
use crate::cli::DiffArgs;
use crate::commands::output::{deliver_display, deliver_streamed, plain_table, refuse_existing};
use crate::commands::{CommandError, Report, StreamError, no_items_warning, printed_total_warning};
use crate::diff::{
    Listing, ListingFold, ListingOptions, apply_outline, diff_listed, gate_findings,
};
use crate::error::LoadError;
use crate::load::progress::Progress;
use crate::load::{Batching, Fold, fold_file, is_stdin, reads_again};
use crate::model::{YearFile, lacks_items};
use crate::render::pairing::pairing_warning;
use crate::render::{renderer, write_diff_tables};
use crate::terminal::Terminal;
use std::io::Write;

pub fn diff(
    args: &DiffArgs,
    terminal: Terminal,
    progress: &dyn Progress,
) -> Result<Report, CommandError> {
    let display = &args.display;
    refuse_existing(&display.output)?;
    let outline = args.outline.options();
    // The gates look at every item, so they need every item's row.
    let gated = args.fail_on_change.is_some() || args.fail_on_removed;
    let depth = if gated { None } else { outline.depth };
    // Each file keeps a compact record of every item, and whole rows only
    // where `depth` shows them.
    let read = |path: &std::path::Path, keep: Option<usize>| {
        // Standard input, or a file that cannot be looked at, makes no
        // room ahead: its listing grows as it is read.
        let bytes = std::fs::metadata(path)
            .ok()
            .filter(|meta| meta.is_file() && !is_stdin(path))
            .map_or(0, |meta| meta.len());
        fold_file::<ListingFold, LoadError>(
            Batching::default(),
            progress,
            path,
            &ListingOptions::keeping(keep).for_file_of(bytes),
        )
        .map(|read| (read.head, read.fold.finish()))
    };
    // OLD is read again whole if an item moved into view from a category
    // the depth hides; standard input or a pipe cannot be, so it keeps
    // every row from the start.
    let old_again = reads_again(&args.old);
    let old_keep = if old_again { depth } else { None };
    // Two files on disk are read at once: a read alone leaves a core idle
    // now and then (starting, at the end of the file, while its reading
    // thread waits), and the other read fills those gaps. Their working
    // memory together is still well below the files'. Standard input or a
    // pipe is read alone (both could name the same one), OLD first.
    let (mut old, new) = if old_again && reads_again(&args.new) {
        let (old, new) = crate::parallel::both(
            true,
            || read(&args.old, old_keep),
            || read(&args.new, depth),
        );
        // OLD's error first, as when it is read first.
        (old?, new?)
    } else {
        // NEW is not read when OLD fails (it may be a terminal).
        let old = read(&args.old, old_keep)?;
        (old, read(&args.new, depth)?)
    };
    one_currency_for(
        [&old.0, &new.0].map(|file| (file.path.as_str(), file.unit.currency())),
        display.options(terminal).unit.fixed(),
    )?;
    let empty_files = [&old, &new]
        .into_iter()
        .filter(|(file, items)| lacks_items(items.len(), &file.totals))
        .map(|(file, _)| no_items_warning(&file.path, display.lang))
        .collect::<Vec<_>>();
    let listed = |(old, old_items): &(YearFile, Listing)| {
        diff_listed((old, old_items), (&new.0, &new.1), args.all, depth)
    };
    let mut diff = match listed(&old)? {
        Some(diff) => diff,
        None => {
            // An item moved into a category the depth shows from one it
            // hides: its old row was not kept. Rare; read OLD again whole.
            old = read(&args.old, None)?;
            listed(&old)?.expect("every old row kept")
        }
    };
    // The listings are done with: rendering the rows gets their memory.
    let ((old, old_items), (new, new_items)) = (old, new);
    drop_apart((old_items, new_items));
    let finding_lines = crate::render::gate::finding_lines(&gate_findings(
        &diff,
        args.fail_on_change,
        args.fail_on_removed,
    ));
    let printed_totals = [(&old, diff.total.old), (&new, diff.total.new)]
        .into_iter()
        .filter_map(|(file, listed)| printed_total_warning(file, listed, display.lang))
        .collect::<Vec<_>>();
    apply_outline(&mut diff, &outline);
    let warnings = empty_files
        .into_iter()
        .chain(printed_totals)
        .chain(
            diff.warnings
                .iter()
                .map(|warning| pairing_warning(warning, display.lang)),
        )
        .collect();
    let findings = !finding_lines.is_empty();
    let options = display.options(terminal);
    let delivered = if plain_table(display) {
        // Drawn as it is written: no table is held whole.
        let write = move |out: &mut dyn Write| {
            write_diff_tables(&diff, &options, out).map_err(StreamError::Write)
        };
        deliver_streamed(&display.output, write)?
    } else {
        let text = renderer(display.format).diff(&diff, &options)?;
        deliver_display(text, display)?
    };
    Ok(Report {
        warnings,
        findings,
        finding_lines,
        ..delivered
    })
}

/// Drops `value` on a thread of its own, or here where none can be had:
/// freeing two national listings (two million records, the names of the
/// rows kept) is work of its own, done while the rows are shaped.
fn drop_apart<T: Send + 'static>(value: T) {
    // A thread that cannot be made gives its closure back dropped,
    // `value` with it.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}
