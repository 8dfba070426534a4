//! `diff OLD NEW`: the comparison in the chosen format, odd pairings as
//! warnings, and the CI gates (`--fail-on-change`, `--fail-on-removed`).

use crate::amount::one_currency_for;
use crate::cli::DiffArgs;
use crate::commands::output::{deliver_display, refuse_existing};
use crate::commands::{CommandError, Report, no_items_warning, printed_total_warning};
use crate::diff::{apply_outline, diff_to_depth, gate_findings};
use crate::load::progress::Progress;
use crate::load::{Batching, load_file};
use crate::model::lacks_items;
use crate::parallel::both;
use crate::render::pairing::pairing_warning;
use crate::render::renderer;
use crate::terminal::Terminal;

pub fn diff(
    args: &DiffArgs,
    terminal: Terminal,
    progress: &dyn Progress,
) -> Result<Report, CommandError> {
    let display = &args.display;
    refuse_existing(&display.output)?;
    // Both files at once: while one read waits on the disk or on its
    // merging thread, the other keeps the cores busy.
    let (old, new) = both(
        true,
        || load_file(Batching::default(), progress, &args.old),
        || load_file(Batching::default(), progress, &args.new),
    );
    let (old, new) = (old?, new?);
    one_currency_for(
        [&old, &new].map(|file| (file.path.as_str(), file.unit.currency())),
        display.options(terminal).unit.fixed(),
    )?;
    let empty_files = [&old, &new]
        .into_iter()
        .filter(|file| lacks_items(file.items.len(), &file.totals))
        .map(|file| no_items_warning(&file.path))
        .collect::<Vec<_>>();
    let outline = args.outline.options();
    // The gates look at every item, so they need every item's row.
    let gated = args.fail_on_change.is_some() || args.fail_on_removed;
    let depth = if gated { None } else { outline.depth };
    let mut diff = diff_to_depth(&old, &new, args.all, depth)?;
    let finding_lines = crate::render::gate::finding_lines(&gate_findings(
        &diff,
        args.fail_on_change,
        args.fail_on_removed,
    ));
    let printed_totals = [(&old, diff.total.old), (&new, diff.total.new)]
        .into_iter()
        .filter_map(|(file, listed)| printed_total_warning(file, listed))
        .collect::<Vec<_>>();
    apply_outline(&mut diff, &outline);
    let text = renderer(display.format).diff(&diff, &display.options(terminal))?;
    // Freeing two national files item by item takes longer than the
    // process's exit, which returns the memory at once.
    std::mem::forget((old, new));
    Ok(Report {
        warnings: empty_files
            .into_iter()
            .chain(printed_totals)
            .chain(diff.warnings.iter().map(pairing_warning))
            .collect(),
        findings: !finding_lines.is_empty(),
        finding_lines,
        ..deliver_display(text, display)?
    })
}
