//! `trend FILE... | DIR`: every item and subtotal across the files given
//! (directories expand to their `*.toml` files), in time order.

use crate::cli::TrendArgs;
use crate::commands::output::{deliver, refuse_existing};
use crate::commands::{CommandError, Report};
use crate::load::budget_files;
use crate::render::renderer;
use crate::stream::load_file as load;
use crate::trend::{apply_outline, trend as trend_of};

pub fn trend(args: &TrendArgs) -> Result<Report, CommandError> {
    let display = &args.display;
    refuse_existing(display.output.as_deref(), display.force)?;
    let files = budget_files(&args.inputs)?
        .iter()
        .map(|path| load(path))
        .collect::<Result<Vec<_>, _>>()?;
    let mut trend = trend_of(&files)?;
    apply_outline(&mut trend, &args.outline.options());
    let text = renderer(display.format).trend(&trend, &display.options())?;
    deliver(text, display.output.as_deref(), display.force)
}
