//! Where a command's text goes: standard output, or a file written
//! atomically (a temporary file beside it, then a rename) that is never
//! replaced without `--force`.
//!
//! What `--output FILE` may do to the file system:
//! - create FILE, or with `--force` replace a regular file at FILE. Anything
//!   else at FILE — a FIFO, a device node, a socket, a directory, a
//!   symbolic link — is refused even with `--force`: a rename would put a
//!   regular file in its place (as root, `--output /dev/null --force` would
//!   replace `/dev/null`), and following a link would write wherever it
//!   points.
//! - a new file gets the mode the umask gives (0666 masked, as `touch`
//!   does); a replaced file keeps its mode.
//! - the temporary file is named `FILE.XXXXXX.gyeongju-budget-partial`, so
//!   that one left behind is recognisable; it is removed on any error and on
//!   SIGINT, SIGTERM and SIGHUP ([`super::interrupt`]). Only SIGKILL (or a
//!   crash of the machine) can leave one behind.

use std::fs::Permissions;
use std::io::Write;
use std::path::Path;

use crate::cli::{DisplayArgs, OutputArgs};
use crate::commands::interrupt::RemoveOnSignal;
use crate::commands::{CommandError, Report, StreamError, StreamedOutput};
use crate::quote::{path_text, visible};
use crate::render::{CsvEncoding, Format, RenderError, csv_bytes};

/// The end of a temporary file's name.
pub const PARTIAL_SUFFIX: &str = ".gyeongju-budget-partial";

/// The report for a rendered `text`, in the bytes `--bom` and
/// `--encoding` ask for (CSV only).
pub fn deliver_display(text: String, display: &DisplayArgs) -> Result<Report, CommandError> {
    if !display.bom && display.encoding == CsvEncoding::Utf8 {
        return deliver(text, &display.output);
    }
    if display.format != Format::Csv {
        return Err(RenderError::NotCsv.into());
    }
    let bytes = csv_bytes(&text, display.bom, display.encoding)?;
    match display.output.file() {
        Some(path) => {
            write_atomically(path, &bytes, display.output.force)?;
            Ok(Report::default())
        }
        None => Ok(Report {
            stdout_bytes: Some(bytes),
            ..Report::default()
        }),
    }
}

/// The report for output written as it is made (see [`StreamedOutput`]):
/// on standard output, or written to the `--output` file.
pub fn deliver_streamed(
    output: &OutputArgs,
    write: impl FnOnce(&mut dyn Write) -> Result<(), StreamError> + Send + 'static,
) -> Result<Report, CommandError> {
    match output.file() {
        Some(path) => {
            write_atomically_with(path, output.force, write)?;
            Ok(Report::default())
        }
        None => Ok(Report {
            stream: Some(StreamedOutput::new(write)),
            ..Report::default()
        }),
    }
}

/// [`deliver_streamed`] of output that `write` makes from `source`,
/// which standard output's reader gets back once it is written (see
/// [`StreamedOutput::made_from`]).
pub fn deliver_streamed_from<T: Send + 'static>(
    output: &OutputArgs,
    source: T,
    write: impl FnOnce(&T, &mut dyn Write) -> Result<(), StreamError> + Send + 'static,
) -> Result<Report, CommandError> {
    match output.file() {
        Some(path) => {
            write_atomically_with(path, output.force, |out| write(&source, out))?;
            Ok(Report::default())
        }
        None => Ok(Report {
            stream: Some(StreamedOutput::made_from(source, write)),
            ..Report::default()
        }),
    }
}

/// Whether the output is a table written as plain UTF-8 (`--bom` and
/// `--encoding` are refused for it as for every format but CSV).
pub fn plain_table(display: &DisplayArgs) -> bool {
    display.format == Format::Table && !display.bom && display.encoding == CsvEncoding::Utf8
}

/// The report for `text`: on standard output, or written to the
/// `--output` file.
pub fn deliver(text: String, output: &OutputArgs) -> Result<Report, CommandError> {
    match output.file() {
        Some(path) => {
            write_atomically(path, text.as_bytes(), output.force)?;
            Ok(Report::default())
        }
        None => Ok(Report {
            stdout: text,
            ..Report::default()
        }),
    }
}

/// Fails early, before any work, when the `--output` file exists and may
/// not be replaced (or is not a regular file).
pub fn refuse_existing(output: &OutputArgs) -> Result<(), CommandError> {
    match output.file() {
        Some(path) => replaceable(path, output.force).map(|_| ()),
        None => Ok(()),
    }
}

/// What is at `path` now: nothing (`None`), or a regular file that `force`
/// allows to replace, with its permissions. Anything else is an error.
fn replaceable(path: &Path, force: bool) -> Result<Option<Permissions>, CommandError> {
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(failed(path, format!("cannot look at it: {error}"))),
    };
    let kind = metadata.file_type();
    if kind.is_symlink() {
        return Err(failed(
            path,
            "is a symbolic link; nothing was written, even with --force \
             (name the file it points to)"
                .into(),
        ));
    }
    if !kind.is_file() {
        return Err(failed(
            path,
            format!(
                "is {}, not a regular file; nothing was written, even with --force",
                kind_name(&kind)
            ),
        ));
    }
    if !force {
        return Err(failed(
            path,
            "already exists; nothing was written (--force replaces it)".into(),
        ));
    }
    Ok(Some(metadata.permissions()))
}

#[cfg(unix)]
fn kind_name(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "something else"
    }
}

#[cfg(not(unix))]
fn kind_name(kind: &std::fs::FileType) -> &'static str {
    if kind.is_dir() {
        "a directory"
    } else {
        "something else"
    }
}

/// Writes a temporary file beside `path` and renames it into place, so a
/// reader never sees half a file and a failed or interrupted run leaves
/// nothing. Without `force`, an existing file is never replaced, even one
/// created while the command ran.
pub fn write_atomically(path: &Path, bytes: &[u8], force: bool) -> Result<(), CommandError> {
    write_atomically_with(path, force, |file| {
        file.write_all(bytes).map_err(StreamError::Write)
    })
}

/// [`write_atomically`] of what `write` writes, as it writes it: nothing
/// is left at `path` if it fails.
pub fn write_atomically_with(
    path: &Path,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> Result<(), StreamError>,
) -> Result<(), CommandError> {
    let existing = replaceable(path, force)?;
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let prefix = partial_prefix(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(PARTIAL_SUFFIX);
    #[cfg(unix)]
    builder.permissions(creation_permissions(existing.as_ref()));
    let mut temporary = builder.tempfile_in(directory).map_err(|e| {
        failed(
            path,
            format!(
                "cannot create a file in {}: {e}",
                visible(&path_text(directory))
            ),
        )
    })?;
    let removal = RemoveOnSignal::new(temporary.path());
    if let Some(permissions) = existing {
        // The file's own mode, exactly: creation was narrowed by the umask.
        temporary
            .as_file()
            .set_permissions(permissions)
            .map_err(|e| failed(path, format!("cannot keep the file's mode: {e}")))?;
    }
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut temporary);
    let written = write(&mut buffered).and_then(|()| buffered.flush().map_err(StreamError::Write));
    drop(buffered);
    written
        .and_then(|()| temporary.as_file().sync_all().map_err(StreamError::Write))
        .map_err(|error| match error {
            StreamError::Write(e) => failed(path, format!("cannot write: {e}")),
            StreamError::Command(error) => error,
        })?;
    pause_for_tests();
    // Checked once more: something may have appeared at the path while
    // the command ran.
    replaceable(path, force)?;
    let persisted = if force {
        temporary.persist(path)
    } else {
        temporary.persist_noclobber(path)
    };
    drop(removal);
    persisted.map_err(|e| match e.error.kind() {
        std::io::ErrorKind::AlreadyExists => failed(
            path,
            "already exists; nothing was written (--force replaces it)".into(),
        ),
        _ => failed(path, format!("cannot write: {}", e.error)),
    })?;
    Ok(())
}

/// `report.csv.` for `report.csv`: the temporary file names its target
/// (cut short to stay within a file name's limit).
fn partial_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut end = name.len().min(150);
    while !name.is_char_boundary(end) {
        // 0 is always a character boundary: the loop stops there.
        end = end.saturating_sub(1);
    }
    format!("{}.", &name[..end])
}

/// The mode the temporary file is created with, before the umask: 0666 for
/// a new file (so the umask decides, as for any new file), the replaced
/// file's own mode otherwise (set exactly once the file exists).
#[cfg(unix)]
fn creation_permissions(existing: Option<&Permissions>) -> Permissions {
    use std::os::unix::fs::PermissionsExt;
    existing.map_or_else(|| Permissions::from_mode(0o666), |p| p.clone())
}

/// In debug builds only, the tests can hold the finished temporary file in
/// place (`GYEONGJU_BUDGET_TEST_PAUSE_BEFORE_RENAME`) to interrupt the run
/// while it exists; release builds have no such hook.
fn pause_for_tests() {
    #[cfg(debug_assertions)]
    if std::env::var_os("GYEONGJU_BUDGET_TEST_PAUSE_BEFORE_RENAME").is_some() {
        std::thread::sleep(std::time::Duration::from_secs(20));
    }
}

fn failed(path: &Path, reason: String) -> CommandError {
    CommandError::Output {
        file: visible(&path_text(path)).into_owned(),
        reason,
    }
}
