//! The arguments of `diff OLD NEW`, and its gates.

use std::path::PathBuf;

use clap::Args;
use rust_decimal::Decimal;

use super::{DisplayArgs, OutlineArgs, ProgressArgs};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier file
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later file
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Also show unchanged items and categories
    #[arg(long)]
    pub all: bool,
    /// Exit 1 when any item's or subtotal's absolute change exceeds PCT percent
    #[arg(long, value_name = "PCT", value_parser = parse_percent)]
    pub fail_on_change: Option<Decimal>,
    /// Exit 1 when an item of OLD is missing from NEW
    #[arg(long)]
    pub fail_on_removed: bool,
    #[command(flatten)]
    pub outline: OutlineArgs,
    #[command(flatten)]
    pub display: DisplayArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// `20`, `20%` or `2.5`: the largest absolute change allowed, in percent.
fn parse_percent(text: &str) -> Result<Decimal, String> {
    let value: Decimal = text
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("`{text}` is not a percentage"))?;
    if value.is_sign_negative() {
        return Err(format!(
            "`{text}` is negative; give the largest allowed absolute change"
        ));
    }
    Ok(value)
}
