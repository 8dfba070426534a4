//! `import FILE ...`: a CSV or spreadsheet export turned into a year file,
//! on standard output or written atomically to `--output`.

use std::io::Write;
use std::path::Path;

use crate::cli::ImportArgs;
use crate::commands::{CommandError, Report};
use crate::import::import as import_file;

pub fn import(args: &ImportArgs) -> Result<Report, CommandError> {
    if let Some(output) = &args.output
        && !args.force
        && output.exists()
    {
        return Err(exists(output));
    }
    let imported = import_file(&args.file, &args.options())?;
    let Some(output) = &args.output else {
        return Ok(Report {
            stdout: imported.toml,
            warnings: imported.warnings,
            ..Report::default()
        });
    };
    write_atomically(output, &imported.toml, args.force)?;
    Ok(Report {
        warnings: imported.warnings,
        ..Report::default()
    })
}

/// Writes a temporary file beside `path` and renames it into place, so a
/// reader never sees half a file and a failed import leaves nothing.
/// Without `force`, an existing file is never replaced, even one created
/// while the import ran.
fn write_atomically(path: &Path, text: &str, force: bool) -> Result<(), CommandError> {
    let failed = |reason: String| CommandError::Output {
        file: path.display().to_string(),
        reason,
    };
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".gyeongju-budget-import-")
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
