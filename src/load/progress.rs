//! Telling the caller how reading a large file goes, and naming the file
//! on a progress bar. The library only reports; the binary decides whether
//! and how to show it.

/// Told how reading a large file goes, to show a progress bar. The
/// library only reports; the binary decides whether and how to show it.
pub trait Progress: Sync {
    /// A file of `total_bytes` starts being read.
    fn start(&self, _file: &str, _total_bytes: u64) {}
    /// `bytes` more have been read.
    fn advance(&self, _bytes: u64) {}
    /// The file has been read.
    fn finish(&self) {}
}

/// Most columns a progress bar's label for a file takes.
pub const PROGRESS_LABEL_COLUMNS: usize = 24;

/// How a progress bar names a file in at most `columns` terminal columns:
/// its file name, made visible, with `…` in place of its start when it is
/// longer (the end of a name tells files apart: `…-2025.toml`).
pub fn progress_label(path: &str, columns: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let name = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned());
    let name = crate::quote::visible(&name).into_owned();
    if unicode_width::UnicodeWidthStr::width(name.as_str()) <= columns {
        return name;
    }
    let mut kept = Vec::new();
    let mut used = 1; // the `…`
    for c in name.chars().rev() {
        let width = c.width().unwrap_or(0);
        if used + width > columns {
            break;
        }
        used += width;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {}

/// One pass over a file shown as a share of a bar that covers several: the
/// pass's `advance`s, of `pass_bytes` in all, move the bar `share` bytes in
/// all, in step. Starting and finishing the bar is left to the caller.
pub struct Share<'p> {
    progress: &'p dyn Progress,
    pass_bytes: u64,
    share: u64,
    /// The pass's bytes told so far, and the bar's bytes moved for them.
    done: std::sync::Mutex<(u64, u64)>,
}

impl<'p> Share<'p> {
    pub fn new(progress: &'p dyn Progress, pass_bytes: u64, share: u64) -> Share<'p> {
        Share {
            progress,
            pass_bytes,
            share,
            done: std::sync::Mutex::new((0, 0)),
        }
    }

    /// Moves the bar to the end of the share (a pass that ended early).
    pub fn complete(&self) {
        self.advance(self.pass_bytes);
    }
}

impl Progress for Share<'_> {
    fn advance(&self, bytes: u64) {
        let Ok(mut done) = self.done.lock() else {
            return;
        };
        let told = done.0.saturating_add(bytes).min(self.pass_bytes);
        // At most `share`: `told` is at most `pass_bytes`.
        let moved = (u128::from(told) * u128::from(self.share))
            .checked_div(u128::from(self.pass_bytes))
            .map_or(self.share, |moved| moved as u64);
        let step = moved.saturating_sub(done.1);
        *done = (told, moved.max(done.1));
        drop(done);
        if step > 0 {
            self.progress.advance(step);
        }
    }
}

#[cfg(test)]
mod label_tests {
    use super::*;

    #[test]
    fn progress_labels_keep_the_end_of_a_file_name() {
        assert_eq!(progress_label("budgets/2025.toml", 24), "2025.toml");
        // 32 characters: `…` and the last 23 fill 24 columns.
        assert_eq!(
            progress_label("/data/national-budget-detail-2025.toml", 24),
            "…budget-detail-2025.toml"
        );
        // `…_2025.toml` takes 11 columns; `시` would take two more.
        assert_eq!(
            progress_label("세출예산_경주시_2025.toml", 12),
            "…_2025.toml"
        );
        assert_eq!(progress_label("a\u{1b}b.toml", 24), "a\\u{1b}b.toml");
    }
}
