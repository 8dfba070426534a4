//! Line and column of a byte offset, for every problem's position.

/// Byte offsets of line starts, to turn spans into line and column.
pub(super) struct LineIndex<'t> {
    pub(super) text: &'t str,
    starts: Vec<usize>,
    /// Lines before `text` in the whole file (for a batch of a large file).
    lines_before: usize,
}

impl<'t> LineIndex<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Self::after_lines(text, 0)
    }

    pub(super) fn after_lines(text: &'t str, lines_before: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        LineIndex {
            text,
            starts,
            lines_before,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(super) fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        (line + self.lines_before, column)
    }
}
