//! The arguments of `new FILE --year YEAR`.

use std::path::PathBuf;

use clap::Args;

use super::{OutputArgs, ProgressArgs};

#[derive(Debug, Args)]
pub struct NewArgs {
    /// This year's file, the model for the new one
    #[arg(value_name = "FILE")]
    pub source: PathBuf,
    /// The year of the new file
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i64).range(crate::model::YEARS))]
    pub year: i64,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}
