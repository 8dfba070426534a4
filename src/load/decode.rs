//! Bytes to text: reading a file or standard input in bounded memory, and
//! telling UTF-8 from what is not (UTF-16, CP949, a NUL byte, a character
//! cut short), at the line and column where it stops being text.

use std::io::Read;
use std::path::Path;

use crate::error::{InvalidInput, LoadError, Problem};
use crate::load::{display_name, is_stdin};

/// The most bytes a year file may have: 1 GiB, about seven million items
/// written the usual way (a national file of three million items is about
/// 500 MB). Input beyond it is refused, so that an endless stream ends in
/// an error instead of filling the memory.
pub const MAX_INPUT_BYTES: usize = 1 << 30;

/// How much is read at a time, and checked before more is read.
pub(super) const READ_BLOCK: usize = 1 << 20;

/// Reads a budget file's bytes from a path, or standard input for `-`.
///
/// Reading stops early, after the block holding the first NUL byte or the
/// first byte that is not UTF-8: no year file holds one, whatever follows,
/// and [`parse_bytes`] reports it at its line and column from what was
/// read. So binary input and `/dev/zero` end at once. Input longer than
/// [`MAX_INPUT_BYTES`] without such a byte is refused.
pub fn read_bytes(path: impl AsRef<Path>) -> Result<Vec<u8>, LoadError> {
    let path = path.as_ref();
    let unreadable = |reason: String| LoadError::Unreadable {
        file: display_name(path).into_owned(),
        reason,
    };
    let too_large = || {
        unreadable(format!(
            "larger than {} bytes (1 GiB), the most a year file may have; is it an endless stream?",
            crate::render::numbers::group_thousands(&MAX_INPUT_BYTES.to_string())
        ))
    };
    if is_stdin(path) {
        return match read_capped(std::io::stdin().lock(), 0, MAX_INPUT_BYTES) {
            Ok(Capped::Read(bytes)) => Ok(bytes),
            Ok(Capped::TooLarge) => Err(too_large()),
            Err(e) => Err(unreadable(format!("cannot read standard input: {e}"))),
        };
    }
    let directory = || unreadable("is a directory, not a budget file (name a .toml file)".into());
    // The file opened is asked what it is (one look at it, where asking
    // the path first made two).
    let opened = std::fs::File::open(path).and_then(|file| {
        let metadata = file.metadata();
        if metadata.as_ref().is_ok_and(std::fs::Metadata::is_dir) {
            return Ok(None);
        }
        let size = metadata.map_or(0, |m| m.len());
        let expected = usize::try_from(size).unwrap_or(usize::MAX);
        read_capped(file, expected, MAX_INPUT_BYTES).map(Some)
    });
    match opened {
        Ok(Some(Capped::Read(bytes))) => Ok(bytes),
        Ok(Some(Capped::TooLarge)) => Err(too_large()),
        Ok(None) => Err(directory()),
        // A directory that cannot be opened is still a directory.
        Err(_) if path.is_dir() => Err(directory()),
        Err(e) => Err(unreadable(match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".into(),
            std::io::ErrorKind::PermissionDenied => "permission denied".into(),
            _ => format!("cannot read: {e}"),
        })),
    }
}

/// What [`read_capped`] read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Capped {
    /// All the input, or all up to the end of the block that holds its
    /// first NUL or non-UTF-8 byte.
    Read(Vec<u8>),
    /// More than the limit, none of it a NUL or non-UTF-8 byte.
    TooLarge,
}

/// Reads at most `limit` bytes (and one more, to tell that there are more),
/// block by block, stopping after the block that holds the first NUL or
/// non-UTF-8 byte. `expected` is the size if known (0 if not).
pub(super) fn read_capped(
    reader: impl Read,
    expected: usize,
    limit: usize,
) -> std::io::Result<Capped> {
    let mut reader = reader.take(limit as u64 + 1);
    // Allocated once: growing by doubling would copy, and hold the old and
    // the new buffer at once (2 GB for an endless pipe). Pages never written
    // cost no memory; where the system will not promise that much (no
    // overcommit), the buffer grows as it fills instead.
    let mut bytes = Vec::new();
    let most = if expected > 0 { expected } else { limit };
    let _ = bytes.try_reserve_exact(most.min(limit) + 1);
    // Bytes before this are UTF-8 without a NUL.
    let mut clean = 0;
    loop {
        let read = (&mut reader)
            .take(READ_BLOCK as u64)
            .read_to_end(&mut bytes)?;
        if read == 0 {
            return Ok(Capped::Read(bytes));
        }
        match first_foreign_byte(&bytes[clean..]) {
            Ok(valid) => clean += valid,
            Err(at) if clean + at < limit => return Ok(Capped::Read(bytes)),
            Err(_) => return Ok(Capped::TooLarge),
        }
        if bytes.len() > limit {
            return Ok(Capped::TooLarge);
        }
    }
}

/// The offset of the first NUL or non-UTF-8 byte as `Err`, or as `Ok` how
/// many bytes are plain UTF-8 (all but a character cut at the end).
fn first_foreign_byte(bytes: &[u8]) -> Result<usize, usize> {
    let valid = match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(error) if error.error_len().is_none() => error.valid_up_to(),
        Err(error) => {
            return Err(
                memchr::memchr(0, &bytes[..error.valid_up_to()]).unwrap_or(error.valid_up_to())
            );
        }
    };
    match memchr::memchr(0, &bytes[..valid]) {
        Some(at) => Err(at),
        None => Ok(valid),
    }
}

/// The text of a year file's bytes (without a byte order mark), or the
/// first thing in them that is not UTF-8 text.
pub(super) fn decode_utf8<'b>(bytes: &'b [u8], file: &str) -> Result<&'b str, Box<InvalidInput>> {
    let at_start = |problem| {
        Box::new(InvalidInput {
            file: file.to_owned(),
            line: 1,
            column: 1,
            problem,
        })
    };
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(at_start(Problem::Utf16));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let at = |offset: usize, problem| {
        let valid = &bytes[..offset];
        let line = memchr::memchr_iter(b'\n', valid).count() + 1;
        let line_start = memchr::memrchr(b'\n', valid).map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        Box::new(InvalidInput {
            file: file.to_owned(),
            line,
            column,
            problem,
        })
    };
    let utf8 = std::str::from_utf8(bytes);
    let checked = utf8
        .as_ref()
        .map_or_else(|e| e.valid_up_to(), |text| text.len());
    // The first foreign byte is reported, whichever kind it is, as when
    // reading stops there (see `read_bytes`).
    if let Some(nul) = memchr::memchr(0, &bytes[..checked]) {
        return Err(at(nul, Problem::NulByte));
    }
    utf8.map_err(|error| {
        let problem = if error.error_len().is_none() {
            // Only the last character is incomplete: UTF-8 cut short.
            Problem::EndsInCharacter
        } else {
            let (_, had_errors) = encoding_rs::EUC_KR.decode_without_bom_handling(bytes);
            Problem::NotUtf8 {
                looks_like_cp949: !had_errors,
            }
        };
        at(error.valid_up_to(), problem)
    })
}
