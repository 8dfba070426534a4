//! `--output FILE` and `--force`: where a command's text goes, for every
//! command that writes one. Commands whose output means something more
//! specific reword the help (see the `mut_arg`s in [`super::Command`]).

use std::path::{Path, PathBuf};

use clap::Args;

#[derive(Debug, Clone, Default, Args)]
pub struct OutputArgs {
    /// Write to FILE instead of standard output (atomically)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists
    #[arg(long)]
    pub force: bool,
}

impl OutputArgs {
    /// The file asked for, if any (`None`: standard output).
    pub fn file(&self) -> Option<&Path> {
        self.output.as_deref()
    }
}
