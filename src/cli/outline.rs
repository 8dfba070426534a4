//! The option groups of the commands that fold a category tree and read
//! files that may be large: `summarize`, `diff` and `trend`.

use clap::Args;

use crate::report::outline::{OutlineOptions, SortKey};

/// Options that fold and order the category tree. Each command rewords
/// `--top` and `--sort` to say largest by what, and its default order.
#[derive(Debug, Args)]
pub struct OutlineArgs {
    /// Show the category tree down to N levels, with subtotals; items only
    /// inside categories above that depth (0: the grand total alone)
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// Show the N largest items of each category, then one "... and K
    /// more" row with their subtotal (each command says largest by what)
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Order of items and categories among their siblings (each command
    /// says its default)
    #[arg(long, value_enum, value_name = "KEY")]
    pub sort: Option<SortKey>,
}

impl OutlineArgs {
    pub fn options(&self) -> OutlineOptions {
        OutlineOptions {
            depth: self.depth,
            top: self.top,
            sort: self.sort,
        }
    }
}

/// `--quiet` for the commands that read files with a progress bar.
#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Never show a progress bar (one appears on a terminal when reading
    /// large files takes more than a second)
    #[arg(long, short)]
    pub quiet: bool,
}
