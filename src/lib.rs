//! gyeongju-budget: exact summaries, comparisons and checks of policy
//! budgets kept as one TOML file per year.
//!
//! The library holds all logic; the binary only parses arguments and maps
//! errors to exit codes. Computations return plain `Serialize` data and the
//! renderers turn it into text; nothing here prints.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod amount;
pub mod check;
pub mod cli;
pub mod commands;
pub mod compact;
pub mod diff;
pub mod error;
pub mod exact;
pub mod import;
pub mod load;
pub mod model;
pub mod notation;
pub mod ordered;
pub mod parallel;
pub mod phase;
pub mod quote;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod summary;
pub mod terminal;
#[cfg(test)]
mod testing;
pub mod trend;

// The outline, the category tree and `--top` while reading moved into
// `report`; their old paths stay for code written against them.
pub use report::{outline, top, tree};
