//! Reading year files: bytes to text ([`decode`]), text to TOML, TOML to a
//! checked [`YearFile`] ([`reader`]). Every figure is taken from the
//! literal as written (TOML numbers through their source text), and every
//! error points at a line ([`lines`]).
//!
//! Two entry points read a file by path: [`fold_file`] folds its items
//! while they are read (in batches on every core when the file is large,
//! see [`stream`]), [`load_file`] keeps them all. [`load`] is the plain
//! way both fall back on, and [`parse_bytes`] and its kin read what is
//! already in memory.
//!
//! The reader does not stop at the first problem: it collects every problem
//! it finds where the file parses, so `check` can report them all, while
//! [`load`] reports the first.

mod decode;
mod fold;
mod lines;
pub mod places;
pub mod progress;
pub(crate) mod quick;
mod reader;
pub(crate) mod repeats;
mod stamp;
pub mod stream;
#[cfg(test)]
mod tests;

pub use decode::{MAX_INPUT_BYTES, read_bytes};
pub use fold::{Fold, Folded, IdLines, Piece, joined};
pub use reader::MAX_CATEGORY_DEPTH;
pub(crate) use reader::{
    Examined, RECOVERY_LIMIT, WrittenCount, batch_problems, category_value, count_value,
    examine_batch, nearest, parse_batch, tables_may_follow,
};
pub use stamp::FileStamp;
pub use stream::{Batching, fold_file, fold_in_batches, load_file};

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::error::{InvalidInput, LoadError};
use crate::model::YearFile;
use crate::quote::path_text;
use decode::decode_utf8;
use reader::{SyntaxErrors, read_text};

/// The name standard input goes by in output and errors.
pub const STDIN_NAME: &str = "<stdin>";

/// Loads a budget file from a path, or from standard input for `-`.
pub fn load(path: impl AsRef<Path>) -> Result<YearFile, LoadError> {
    let path = path.as_ref();
    let bytes = read_bytes(path)?;
    parse_bytes(&bytes, &display_name(path))
}

/// Whether a path names standard input (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Whether a second read of `path` finds what the first did: a regular
/// file does; standard input or a pipe would read as empty.
pub fn reads_again(path: &Path) -> bool {
    !is_stdin(path) && std::fs::metadata(path).is_ok_and(|meta| meta.is_file())
}

/// The name a path goes by in output: `<stdin>` for `-`; a name that is
/// not UTF-8 with those bytes written out ([`path_text`]).
pub fn display_name<P: AsRef<Path> + ?Sized>(path: &P) -> Cow<'_, str> {
    let path = path.as_ref();
    if is_stdin(path) {
        Cow::Borrowed(STDIN_NAME)
    } else {
        path_text(path)
    }
}

/// Expands directories into the `*.toml` files they hold (sorted by name);
/// other paths are kept as given. A directory without budget files is an
/// error.
pub fn budget_files<P: AsRef<Path>>(inputs: &[P]) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    for input in inputs {
        let input = input.as_ref();
        if is_stdin(input) || !input.is_dir() {
            files.push(input.to_path_buf());
            continue;
        }
        let unreadable = |reason: String| LoadError::Unreadable {
            file: display_name(input).into_owned(),
            reason,
        };
        let entries =
            std::fs::read_dir(input).map_err(|e| unreadable(format!("cannot read: {e}")))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            // A directory named `x.toml` is not a budget file; anything else
            // so named (a broken or looping link too) is read, and must be one.
            .filter(|path| path.extension().is_some_and(|e| e == "toml") && !path.is_dir())
            .collect();
        if found.is_empty() {
            return Err(unreadable(
                "no budget files (*.toml) in this directory".into(),
            ));
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// Parses a budget file's bytes; `file` names it in errors.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<YearFile, LoadError> {
    let text = decode_utf8(bytes, file).map_err(invalid)?;
    parse_str(text, file)
}

/// Parses a budget file's text; `file` names it in errors.
pub fn parse_str(text: &str, file: &str) -> Result<YearFile, LoadError> {
    read_text(text, file, SyntaxErrors::First).map_err(first_problem)
}

/// Parses a budget file's bytes and, if anything is wrong, returns every
/// problem found (never an empty list), in file order: every syntax error
/// if the TOML does not parse, otherwise every problem in its fields.
pub fn parse_bytes_recoverable(bytes: &[u8], file: &str) -> Result<YearFile, Vec<InvalidInput>> {
    let text = decode_utf8(bytes, file).map_err(|problem| vec![*problem])?;
    parse_str_recoverable(text, file)
}

/// [`parse_bytes_recoverable`] for text.
pub fn parse_str_recoverable(text: &str, file: &str) -> Result<YearFile, Vec<InvalidInput>> {
    read_text(text, file, SyntaxErrors::Every)
}

fn invalid(problem: Box<InvalidInput>) -> LoadError {
    LoadError::Invalid(problem)
}

/// The problem nearest the start of the file (of several at one place, the
/// first found): the one `check`, which lists them in file order, shows
/// first.
pub(crate) fn first_problem(problems: Vec<InvalidInput>) -> LoadError {
    match problems
        .into_iter()
        .min_by_key(|problem| (problem.line, problem.column))
    {
        Some(first) => invalid(Box::new(first)),
        None => LoadError::Unreadable {
            file: String::new(),
            reason: "could not be read for an unknown reason".into(),
        },
    }
}
