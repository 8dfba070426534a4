//! The arguments of `trend FILE... | DIR`.

use std::path::PathBuf;

use clap::Args;

use super::{DisplayArgs, OutlineArgs, ProgressArgs};

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Budget files, or directories whose *.toml files are read
    #[arg(required = true, value_name = "FILE|DIR")]
    pub inputs: Vec<PathBuf>,
    /// Show files of several regions as one series (otherwise an error):
    /// a warning names them, and the title names every region
    #[arg(long)]
    pub mixed_regions: bool,
    #[command(flatten)]
    pub outline: OutlineArgs,
    #[command(flatten)]
    pub display: DisplayArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}
