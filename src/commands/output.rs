//! Where a command's text goes: standard output, or a file written
//! atomically (a temporary file beside it, then a rename) that is never
//! replaced without `--force`.

use std::io::Write;
use std::path::Path;

use crate::commands::{CommandError, Report};

/// The report for `text`: on standard output, or written to `output`.
pub fn deliver(text: String, output: Option<&Path>, force: bool) -> Result<Report, CommandError> {
    match output {
        Some(path) => {
            write_atomically(path, &text, force)?;
            Ok(Report::default())
        }
        None => Ok(Report {
            stdout: text,
            ..Report::default()
        }),
    }
}

/// Fails early, before any work, when `output` exists and may not be replaced.
pub fn refuse_existing(output: Option<&Path>, force: bool) -> Result<(), CommandError> {
    match output {
        Some(path) if !force && path.exists() => Err(exists(path)),
        _ => Ok(()),
    }
}

/// Writes a temporary file beside `path` and renames it into place, so a
/// reader never sees half a file and a failed run leaves nothing.
/// Without `force`, an existing file is never replaced, even one created
/// while the command ran.
pub fn write_atomically(path: &Path, text: &str, force: bool) -> Result<(), CommandError> {
    let failed = |reason: String| CommandError::Output {
        file: path.display().to_string(),
        reason,
    };
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".gyeongju-budget-")
        .tempfile_in(directory)
        .map_err(|e| {
            failed(format!(
                "cannot create a file in {}: {e}",
                directory.display()
            ))
        })?;
    temporary
        .write_all(text.as_bytes())
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(|e| failed(format!("cannot write: {e}")))?;
    let persisted = if force {
        temporary.persist(path)
    } else {
        temporary.persist_noclobber(path)
    };
    persisted.map_err(|e| match e.error.kind() {
        std::io::ErrorKind::AlreadyExists => exists(path),
        _ => failed(format!("cannot write: {}", e.error)),
    })?;
    Ok(())
}

fn exists(path: &Path) -> CommandError {
    CommandError::Output {
        file: path.display().to_string(),
        reason: "already exists; nothing was written (--force replaces it)".into(),
    }
}
