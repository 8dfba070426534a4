//! What a file was when it was first read, so that a command which reads
//! it a second time (rows written from a second pass, `new` in pieces)
//! can tell that it still reads the same file, unchanged, and otherwise
//! says so instead of mixing figures from two versions.

use std::path::Path;
use std::time::SystemTime;

/// A file's identity and state: which file the path leads to (device and
/// inode, where the platform has them), its size and when it was last
/// written. A file replaced by another (an editor's save, `git pull`) or
/// written to in place no longer has the stamp it had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: SystemTime,
    #[cfg(unix)]
    device: u64,
    #[cfg(unix)]
    inode: u64,
}

impl FileStamp {
    /// The stamp of the file at `path` now; `None` when its metadata or
    /// time of writing cannot be read (then no second read can be trusted).
    pub fn of(path: &Path) -> Option<FileStamp> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(FileStamp {
            len: metadata.len(),
            modified: metadata.modified().ok()?,
            #[cfg(unix)]
            device: std::os::unix::fs::MetadataExt::dev(&metadata),
            #[cfg(unix)]
            inode: std::os::unix::fs::MetadataExt::ino(&metadata),
        })
    }

    /// The file's size in bytes when it was stamped.
    pub fn bytes(&self) -> u64 {
        self.len
    }

    /// Whether `path` still leads to this file, unchanged.
    pub fn is_unchanged(&self, path: &Path) -> bool {
        FileStamp::of(path).as_ref() == Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::FileStamp;

    #[test]
    fn a_file_written_again_or_replaced_is_no_longer_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2026.toml");
        std::fs::write(&path, "year = 2026\n").unwrap();
        let stamp = FileStamp::of(&path).unwrap();
        assert!(stamp.is_unchanged(&path));

        // The same length, written again a moment later.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, "year = 2027\n").unwrap();
        assert!(!stamp.is_unchanged(&path));

        // Replaced by another file with the same length and time of writing.
        let stamp = FileStamp::of(&path).unwrap();
        let other = dir.path().join("other.toml");
        std::fs::write(&other, "year = 2028\n").unwrap();
        let written = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::fs::File::options()
            .write(true)
            .open(&other)
            .unwrap()
            .set_modified(written)
            .unwrap();
        std::fs::rename(&other, &path).unwrap();
        #[cfg(unix)]
        assert!(!stamp.is_unchanged(&path));

        assert!(FileStamp::of(&dir.path().join("missing.toml")).is_none());
    }
}
