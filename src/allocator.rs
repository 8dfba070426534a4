//! The allocator the binary uses: the system's for ordinary budget files,
//! mimalloc for national ones.
//!
//! Reading a million items allocates small strings by the million on every
//! core, and mimalloc does that several times faster than the system
//! allocator (a quarter off `summarize` of a million items). But setting up
//! its arenas costs about a hundred page faults, a tenth of a run over a
//! 10-item file. So the choice is made once, before anything is allocated,
//! from the sizes of the files named on the command line
//! ([`wants_mimalloc`]).
//!
//! The choice never changes after the first allocation: whatever allocates
//! before a choice is made settles it on the system allocator. So every
//! block is freed by the allocator that made it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::OsStr;
use std::path::Path;
use std::sync::atomic::{AtomicU8, Ordering};

use mimalloc::MiMalloc;

use crate::stream::Batching;

const UNDECIDED: u8 = 0;
const SYSTEM: u8 = 1;
const MIMALLOC: u8 = 2;

static CHOICE: AtomicU8 = AtomicU8::new(UNDECIDED);

/// The system allocator or mimalloc, chosen once per process.
pub struct ChosenAllocator;

impl ChosenAllocator {
    /// Asks for mimalloc. Granted only if nothing has been allocated yet;
    /// returns whether mimalloc is the allocator now.
    pub fn choose_mimalloc() -> bool {
        let _ = CHOICE.compare_exchange(UNDECIDED, MIMALLOC, Ordering::AcqRel, Ordering::Acquire);
        CHOICE.load(Ordering::Acquire) == MIMALLOC
    }

    /// The choice, settling on the system allocator if none was made.
    #[inline]
    fn uses_mimalloc() -> bool {
        let choice = CHOICE.load(Ordering::Acquire);
        let choice = if choice == UNDECIDED {
            match CHOICE.compare_exchange(UNDECIDED, SYSTEM, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => SYSTEM,
                Err(settled) => settled,
            }
        } else {
            choice
        };
        choice == MIMALLOC
    }
}

// SAFETY: each call goes to one of two sound allocators, and always the
// same one for the life of the process, so blocks are freed and resized by
// the allocator that made them.
unsafe impl GlobalAlloc for ChosenAllocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if Self::uses_mimalloc() {
            unsafe { MiMalloc.alloc(layout) }
        } else {
            unsafe { System.alloc(layout) }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if Self::uses_mimalloc() {
            unsafe { MiMalloc.alloc_zeroed(layout) }
        } else {
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if Self::uses_mimalloc() {
            unsafe { MiMalloc.dealloc(ptr, layout) }
        } else {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if Self::uses_mimalloc() {
            unsafe { MiMalloc.realloc(ptr, layout, new_size) }
        } else {
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }
}

/// Whether the command line names national-scale input: a file large
/// enough to be read in batches, a directory (`trend` and `check` read
/// every year in it), or standard input (of unknown size). Options and
/// names that are not files count for nothing.
///
/// It allocates nothing for paths of usual length, so that the binary can
/// call it before choosing the allocator.
pub fn wants_mimalloc<'a>(arguments: impl IntoIterator<Item = &'a OsStr>) -> bool {
    let batched_from = Batching::default().from_bytes;
    arguments.into_iter().any(|argument| {
        if argument == "-" {
            return true;
        }
        if argument.as_encoded_bytes().starts_with(b"-") {
            return false;
        }
        std::fs::metadata(Path::new(argument))
            .is_ok_and(|meta| meta.is_dir() || meta.len() >= batched_from)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_files_directories_and_standard_input_want_mimalloc() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.toml");
        std::fs::write(&small, "year = 2026\n").unwrap();
        let large = dir.path().join("large.toml");
        let file = std::fs::File::create(&large).unwrap();
        file.set_len(Batching::default().from_bytes).unwrap();
        let wants = |arguments: &[&OsStr]| wants_mimalloc(arguments.iter().copied());

        assert!(!wants(&[]));
        assert!(!wants(&["summarize".as_ref(), small.as_os_str()]));
        assert!(!wants(&[
            "--unit".as_ref(),
            "억원".as_ref(),
            "no-such-file".as_ref()
        ]));
        assert!(wants(&[
            "summarize".as_ref(),
            small.as_os_str(),
            large.as_os_str()
        ]));
        assert!(wants(&["trend".as_ref(), dir.path().as_os_str()]));
        assert!(wants(&["summarize".as_ref(), "-".as_ref()]));
    }
}
