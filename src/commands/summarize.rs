//! `summarize FILE...`: one summary per file, in the chosen format. Each
//! file is added up while it is read, keeping only the rows `--depth`
//! shows and, with `--top`, each category's best items.

use crate::amount::one_currency_for;
use std::path::Path;

use crate::cli::{DisplayArgs, SummarizeArgs};
use std::io::Write;

use crate::commands::output::{
    deliver_display, deliver_streamed, deliver_streamed_from, plain_table, refuse_existing,
};
use crate::commands::{CommandError, Report, StreamError, no_items_warning, printed_total_warning};
use crate::error::LoadError;
use crate::load::progress::Progress;
use crate::load::{Batching, FileStamp, Folded, display_name, fold_file, fold_in_batches};
use crate::model::{YearFile, lacks_items};
use crate::render::{CsvEncoding, Format, RenderError, rows_renderer};
use crate::render::{
    DisplayOptions, RowsRenderer, render_summaries, write_every_row_tables, write_summary_tables,
};
use crate::report::outline::OutlineOptions;
use crate::summary::every_row::{Planned, RowPlan, WriteError, plan_rows};
use crate::summary::top_rows::TopRows;
use crate::summary::{ItemRow, Row};
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
    if let Some(report) = summarize_every_row(args, terminal, progress)? {
        return Ok(report);
    }
    if let Some(report) = summarize_top_rows(args, terminal, progress)? {
        return Ok(report);
    }
    let mut warnings = Vec::new();
    let summaries = args
        .files
        .iter()
        .map(|path| {
            let Folded {
                head,
                fold: builder,
                items,
            } = read_summary(path, outline, progress)?;
            let mut summary = if builder.is_exact() {
                builder.finish()
            } else {
                // Sums near `Decimal`'s limits might depend on their order:
                // every item and category is kept, for the outline to fold.
                let every_item = SummaryOptions::every_item(outline);
                summarize_file(path, every_item, progress)?.fold.finish()
            };
            if lacks_items(items, &head.totals) {
                warnings.push(no_items_warning(&display_name(path), display.lang));
            }
            warnings.extend(printed_total_warning(
                &head,
                Some(summary.total),
                display.lang,
            ));
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
    let options = display.options(terminal);
    if plain_table(display) {
        // Drawn as it is written: no table is held whole.
        let write = move |summaries: &Vec<Summary>, out: &mut dyn Write| {
            write_summary_tables(summaries, &options, out).map_err(StreamError::Write)
        };
        return Ok(Report {
            warnings,
            ..deliver_streamed_from(&display.output, summaries, write)?
        });
    }
    let text = render_summaries(display.format, &summaries, &options)?;
    Ok(Report {
        warnings,
        ..deliver_display(text, display)?
    })
}

/// Reads one file into a builder, keeping what `outline` shows; with
/// `--depth`, only the categories shown. Where sums near `Decimal`'s
/// limits could depend on how items are grouped (an inexact read, or a sum
/// too large), the file is read again keeping every category, which gives
/// the same sums, or the same error, as before the cut.
fn read_summary(
    path: &Path,
    outline: OutlineOptions,
    progress: &dyn Progress,
) -> Result<Folded<SummaryBuilder>, CommandError> {
    let quick = SummaryOptions::from(outline);
    let cuts = quick.cuts();
    let read = summarize_file(path, quick, progress);
    let trusted = match &read {
        Ok(folded) => folded.fold.is_exact(),
        Err(error) => !matches!(error, CommandError::Overflow(_)),
    };
    if cuts && !trusted {
        return summarize_file(path, SummaryOptions::uncut(outline), progress);
    }
    read
}

/// Reads one file into a builder, keeping what `options` show (each read
/// has options of its own: its threads share them).
fn summarize_file(
    path: &Path,
    options: SummaryOptions,
    progress: &dyn Progress,
) -> Result<Folded<SummaryBuilder>, CommandError> {
    fold_file::<SummaryBuilder, CommandError>(Batching::default(), progress, path, &options)
}

/// Every row of one large file as JSON Lines or CSV, in two passes that
/// never hold the items (see [`crate::summary::every_row`]), written while
/// it is made. `None` where the plain path makes the output: several
/// files, `--depth`, `--top` or `--sort`, `--encoding cp949` (which must
/// see the whole text before writing any), another format, and any file
/// that is not read in batches or whose items' places are not all known.
fn summarize_every_row(
    args: &SummarizeArgs,
    terminal: Terminal,
    progress: &dyn Progress,
) -> Result<Option<Report>, CommandError> {
    let display = &args.display;
    // The table is drawn from the rows in passes of its own.
    let renderer = rows_renderer(display.format);
    let ([path], true) = (
        args.files.as_slice(),
        renderer.is_some() || plain_table(display),
    ) else {
        return Ok(None);
    };
    let plain_outline = args.outline.options() == OutlineOptions::default();
    let plain_bytes =
        display.encoding == CsvEncoding::Utf8 && (display.format == Format::Csv || !display.bom);
    if !plain_outline || !plain_bytes {
        return Ok(None);
    }
    // Rows are read twice: without a stamp to tell a changed file, once.
    let Some(before) = FileStamp::of(path) else {
        return Ok(None);
    };
    // A file too small for batches is never planned (and need not be
    // looked at again to know it).
    if before.bytes() < Batching::default().from_bytes {
        return Ok(None);
    }
    let Some(planned) = plan_rows(top_batching(), progress, path) else {
        return Ok(None);
    };
    let Planned {
        head,
        items,
        mut plan,
    } = planned?;
    if renderer.is_some_and(|renderer| !renderer.writes_averages()) {
        plan.leave_out_averages();
    }
    let (warnings, options) =
        streamed_preamble(path, &head, items, plan.head(), display, terminal)?;
    let bom = display.bom;
    let path = path.clone();
    let write = move |out: &mut dyn Write| -> Result<(), StreamError> {
        match renderer {
            Some(renderer) => write_rows(renderer, &plan, &path, &options, bom, out)?,
            None => write_every_row_tables(&plan, &path, &options, out).map_err(
                |error| match error {
                    WriteError::Read(error) => StreamError::Command(error.into()),
                    WriteError::Write(error) => StreamError::Write(error),
                },
            )?,
        }
        // Rows were read from the file twice: it must not have changed.
        if !before.is_unchanged(&path) {
            return Err(StreamError::Command(
                LoadError::Unreadable {
                    file: display_name(&path).into_owned(),
                    reason: "it changed while it was read".into(),
                }
                .into(),
            ));
        }
        Ok(())
    };
    let report = deliver_streamed(&display.output, write)?;
    Ok(Some(Report { warnings, ..report }))
}

/// Every row as `renderer` writes it, in two passes (see
/// [`RowPlan::write`]), after a byte order mark with `bom`.
fn write_rows(
    renderer: &dyn RowsRenderer,
    plan: &RowPlan,
    path: &Path,
    options: &DisplayOptions,
    bom: bool,
    out: &mut dyn Write,
) -> Result<(), StreamError> {
    let rendered = |error: RenderError| StreamError::Command(error.into());
    if bom {
        out.write_all("\u{feff}".as_bytes())
            .map_err(StreamError::Write)?;
    }
    let head = renderer.head(plan.head(), options).map_err(rendered)?;
    out.write_all(&head).map_err(StreamError::Write)?;
    let render = |rows: &[Row], excluded: &[ItemRow]| {
        renderer
            .rows(plan.head(), rows, excluded, options)
            .map_err(rendered)
    };
    let mut write_bytes = |bytes: &[u8]| out.write_all(bytes).map_err(StreamError::Write);
    plan.write(path, &render, &mut write_bytes)
        .map_err(|error| match error {
            WriteError::Read(error) => StreamError::Command(error.into()),
            WriteError::Write(error) => error,
        })
}

/// `summarize --top` of one large file as JSON Lines or CSV, written as
/// it is made: the read keeps each category's best items by their places
/// in the file, and their rows are read back as they are written (see
/// [`crate::summary::top_rows`]). `None` where the plain path makes the
/// output: several files, no `--top`, `--depth 0`, `--encoding cp949`,
/// another format, a file not read in batches or with problems (the plain
/// path reports them), and any read that cannot give the plain path's rows
/// (see [`SummaryBuilder::into_top_rows`]).
fn summarize_top_rows(
    args: &SummarizeArgs,
    terminal: Terminal,
    progress: &dyn Progress,
) -> Result<Option<Report>, CommandError> {
    let display = &args.display;
    let outline = args.outline.options();
    let (Some(renderer), [path]) = (rows_renderer(display.format), args.files.as_slice()) else {
        return Ok(None);
    };
    let plain_bytes =
        display.encoding == CsvEncoding::Utf8 && (display.format == Format::Csv || !display.bom);
    if outline.top.is_none() || outline.depth == Some(0) || !plain_bytes {
        return Ok(None);
    }
    // Rows are read twice: without a stamp to tell a changed file, once.
    let Some(before) = FileStamp::of(path) else {
        return Ok(None);
    };
    let options = SummaryOptions::placing(outline);
    let Some(Ok(read)) =
        fold_in_batches::<SummaryBuilder>(top_batching(), progress, path, &options)
    else {
        return Ok(None);
    };
    let Folded { head, fold, items } = read;
    let Some(plan) = fold.into_top_rows() else {
        return Ok(None);
    };
    let (warnings, options) =
        streamed_preamble(path, &head, items, plan.head(), display, terminal)?;
    let bom = display.bom;
    let path = path.clone();
    let write = move |out: &mut dyn Write| -> Result<(), StreamError> {
        let rendered = |error: RenderError| StreamError::Command(error.into());
        if bom {
            out.write_all("\u{feff}".as_bytes())
                .map_err(StreamError::Write)?;
        }
        let head = renderer.head(plan.head(), &options).map_err(rendered)?;
        out.write_all(&head).map_err(StreamError::Write)?;
        let render = |rows: &[Row], excluded: &[ItemRow]| {
            renderer
                .rows(plan.head(), rows, excluded, &options)
                .map_err(rendered)
        };
        let mut write_bytes = |bytes: &[u8]| out.write_all(bytes).map_err(StreamError::Write);
        write_top_rows(&plan, &path, &render, &mut write_bytes)?;
        // Kept items were read from the file again: it must not have changed.
        if !before.is_unchanged(&path) {
            return Err(changed_while_read(&path));
        }
        Ok(())
    };
    let report = deliver_streamed(&display.output, write)?;
    Ok(Some(Report { warnings, ..report }))
}

/// What a summary written as it is made says before its rows, as the
/// plain path would: the warnings (no items, a printed total that is not
/// the items' sum), and the display options, once `--unit` is known to
/// be in the file's currency.
fn streamed_preamble(
    path: &Path,
    head: &YearFile,
    items: usize,
    summary: &Summary,
    display: &DisplayArgs,
    terminal: Terminal,
) -> Result<(Vec<String>, DisplayOptions), CommandError> {
    let mut warnings = Vec::new();
    if lacks_items(items, &head.totals) {
        warnings.push(no_items_warning(&display_name(path), display.lang));
    }
    warnings.extend(printed_total_warning(
        head,
        Some(summary.total),
        display.lang,
    ));
    let options = display.options(terminal);
    one_currency_for(
        [(summary.file.as_str(), summary.file_unit.currency())],
        options.unit.fixed(),
    )?;
    Ok((warnings, options))
}

/// The batches a `--top` read, and the first read of every row, are cut
/// into: larger than the default, so that each batch adds up many items
/// of a category in one sum (a category's items lie scattered over the
/// file, and every sum a batch sends is added up its category's lineage
/// on the calling thread; with the default, a national file of two
/// thousand categories sent about as many sums as it has items).
fn top_batching() -> Batching {
    Batching {
        batch_bytes: 2 << 20,
        ..Batching::default()
    }
}

/// [`TopRows::write`], with its errors as the command's.
fn write_top_rows(
    plan: &TopRows,
    path: &Path,
    render: &crate::summary::every_row::RenderStretch<'_, StreamError>,
    write: &mut dyn FnMut(&[u8]) -> Result<(), StreamError>,
) -> Result<(), StreamError> {
    plan.write(path, render, write)
        .map_err(|error| match error {
            WriteError::Read(error) => StreamError::Command(error.into()),
            WriteError::Write(error) => error,
        })
}

/// The error of a file that changed between its two reads.
fn changed_while_read(path: &Path) -> StreamError {
    StreamError::Command(
        LoadError::Unreadable {
            file: display_name(path).into_owned(),
            reason: "it changed while it was read".into(),
        }
        .into(),
    )
}
