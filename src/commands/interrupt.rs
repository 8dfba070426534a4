//! Removing a partial output file when the run is interrupted.
//!
//! While `--output` writes its temporary file, SIGINT (Ctrl-C), SIGTERM and
//! SIGHUP remove that file and then end the process as the signal would
//! have (so the shell still sees "interrupted"). A signal that was ignored
//! when the write began (`nohup` ignores SIGHUP) stays ignored. SIGKILL
//! cannot be caught: it can leave a `*.gyeongju-budget-partial` file.

use std::path::Path;

/// Removes the file at a path if one of the signals arrives before it is
/// dropped; dropping it restores the signals' earlier handling.
pub struct RemoveOnSignal {
    #[cfg(unix)]
    _guard: unix::Guard,
}

impl RemoveOnSignal {
    pub fn new(path: &Path) -> RemoveOnSignal {
        #[cfg(not(unix))]
        let _ = path;
        RemoveOnSignal {
            #[cfg(unix)]
            _guard: unix::Guard::new(path),
        }
    }
}

#[cfg(unix)]
mod unix {
    use std::ffi::{CString, c_char, c_int};
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::ptr::null_mut;
    use std::sync::atomic::{AtomicPtr, Ordering};

    const SIGNALS: [c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    /// The path to remove, for the handler: a pointer is all a signal
    /// handler may safely read.
    static PARTIAL: AtomicPtr<c_char> = AtomicPtr::new(null_mut());

    pub struct Guard {
        /// The handling each signal had before, for the ones replaced.
        previous: Vec<(c_int, libc::sigaction)>,
    }

    impl Guard {
        pub fn new(path: &Path) -> Guard {
            let Ok(path) = CString::new(path.as_os_str().as_bytes()) else {
                return Guard {
                    previous: Vec::new(),
                };
            };
            // Never freed (a few bytes per file written): a handler running
            // on another thread may still hold the pointer after the guard
            // is gone.
            PARTIAL.store(path.into_raw(), Ordering::SeqCst);
            let previous = SIGNALS.iter().filter_map(|&s| install(s)).collect();
            Guard { previous }
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            for (signal, action) in &self.previous {
                // SAFETY: restores an action sigaction returned earlier.
                unsafe {
                    libc::sigaction(*signal, action, null_mut());
                }
            }
            PARTIAL.store(null_mut(), Ordering::SeqCst);
        }
    }

    /// Handles `signal` with [`remove_and_die`] unless it is ignored;
    /// returns the handling it had.
    fn install(signal: c_int) -> Option<(c_int, libc::sigaction)> {
        // SAFETY: sigaction with valid pointers; the zeroed structs are
        // valid sigaction values, filled in before use.
        unsafe {
            let mut previous: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(signal, std::ptr::null(), &mut previous) != 0
                || previous.sa_sigaction == libc::SIG_IGN
            {
                return None;
            }
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = remove_and_die as extern "C" fn(c_int) as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            if libc::sigaction(signal, &action, null_mut()) != 0 {
                return None;
            }
            Some((signal, previous))
        }
    }

    /// Removes the partial file, then ends the process by the same signal.
    /// Only async-signal-safe calls: unlink, signal, raise.
    extern "C" fn remove_and_die(signal: c_int) {
        let path = PARTIAL.swap(null_mut(), Ordering::SeqCst);
        // SAFETY: `path` is null or a CString that is never freed.
        unsafe {
            if !path.is_null() {
                libc::unlink(path);
            }
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }
}
