//! The arguments of `summarize FILE...`.

use std::path::PathBuf;

use clap::Args;

use super::{DisplayArgs, OutlineArgs, ProgressArgs};

#[derive(Debug, Args)]
pub struct SummarizeArgs {
    /// Budget files to summarize (`-` reads standard input)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub outline: OutlineArgs,
    #[command(flatten)]
    pub display: DisplayArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}
