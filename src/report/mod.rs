//! What the three tree reports (`summarize`, `diff`, `trend`) share: the
//! category tree they fill, the roll-up of its subtotals, the `--depth`
//! rule, the outline (`--depth`, `--top`, `--sort`), percentages and
//! averages. Each report keeps only what is its own: how items are paired
//! or folded, and the figures of a row.
//!
//! Nothing here imports a report, and no report imports another.
#![warn(clippy::arithmetic_side_effects)]

pub mod average;
pub mod outline;
pub mod percent;
pub mod rollup;
pub mod top;
pub mod tree;
