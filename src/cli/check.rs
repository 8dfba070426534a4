//! The arguments of `check PATH...`.

use std::path::PathBuf;

use clap::Args;

use super::{OutputArgs, ProgressArgs};
use crate::check::Deny;
use crate::check::render::CheckFormat;
use crate::render::Lang;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Budget files, or directories whose *.toml files are all checked (`-` reads standard input)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Report format
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Fail (exit status 1) on warnings too
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,
    /// List the checks that passed too
    #[arg(long, short)]
    pub verbose: bool,
    /// Language of the messages (the loader's own errors stay in English)
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}
