//! Markdown pipe tables, ready to paste into a pull request or a report.

use crate::render::layout::{RowKind, Section};
use crate::render::{DisplayOptions, DrawsSections};

pub struct MarkdownRenderer;

impl DrawsSections for MarkdownRenderer {
    fn draw(&self, sections: &[Section], _options: &DisplayOptions) -> String {
        write_sections(sections)
    }
}

/// Writes sections as `###` headings with a pipe table each.
pub fn write_sections(sections: &[Section]) -> String {
    sections
        .iter()
        .map(write_section)
        .collect::<Vec<_>>()
        .join("\n")
}

fn write_section(section: &Section) -> String {
    let section = &section.without_empty_columns();
    let mut text = format!("### {}\n\n", escape(&section.title));
    text.push_str(&pipe_row(section.headers.iter().map(|h| escape(h))));
    text.push_str(&pipe_row(
        section
            .numeric
            .iter()
            .map(|&numeric| if numeric { "---:" } else { "---" }.to_owned()),
    ));
    for row in &section.rows {
        let cells = row.cells.iter().enumerate().map(|(index, cell)| {
            let cell = escape(cell);
            if index > 0 {
                return cell;
            }
            let indented = format!("{}{cell}", "&nbsp;&nbsp;".repeat(row.depth));
            match row.kind {
                RowKind::Item => indented,
                RowKind::Category | RowKind::Total => format!("**{indented}**"),
            }
        });
        text.push_str(&pipe_row(cells));
    }
    // Each note a paragraph of its own: lines in a row would run together.
    for note in &section.notes {
        text.push('\n');
        text.push_str(&escape(note));
        text.push('\n');
    }
    text
}

fn pipe_row(cells: impl Iterator<Item = String>) -> String {
    let cells: Vec<String> = cells.collect();
    format!("| {} |\n", cells.join(" | "))
}

/// Keeps a cell on one table row and its text literal: no emphasis,
/// links, strikethrough (`~`), HTML or character references (`&#124;`
/// would become `|`), and no autolinks (`https://…`, `www.…`, `a@b.c`:
/// GitHub links those by their `:`, `@` and the dot after `www`, which are
/// escaped where they would make a link).
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' => escaped.push_str("\\|"),
            '\n' => escaped.push_str("<br>"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '*' | '_' | '`' | '[' | ']' | '\\' | '~' | '@' => {
                escaped.push('\\');
                escaped.push(c);
            }
            ':' if chars.peek() == Some(&'/') => escaped.push_str("\\:"),
            '.' if ends_with_www(&escaped) => escaped.push_str("\\."),
            c if crate::quote::is_hidden(c) => {
                escaped.push_str(&crate::quote::visible(&c.to_string()))
            }
            c => escaped.push(c),
        }
    }
    escaped
}

/// Whether `text` ends in `www`, in any case (GitHub links `www.` text).
fn ends_with_www(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 3 && bytes[bytes.len().saturating_sub(3)..].eq_ignore_ascii_case(b"www")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(escape("a|b\nc"), "a\\|b<br>c");
        assert_eq!(escape("<script>"), "&lt;script&gt;");
        assert_eq!(escape("*bold* [link]"), "\\*bold\\* \\[link\\]");
    }

    #[test]
    fn references_autolinks_and_strikethrough_stay_text() {
        assert_eq!(escape("&#124; &#x3C;"), "&amp;#124; &amp;#x3C;");
        assert_eq!(escape("~~old~~"), "\\~\\~old\\~\\~");
        assert_eq!(escape("https://x.io"), "https\\://x.io");
        assert_eq!(escape("WWW.x.io"), "WWW\\.x.io");
        assert_eq!(escape("a@b.kr"), "a\\@b.kr");
        // Ordinary punctuation is left alone.
        assert_eq!(escape("Roads: 1.5% up"), "Roads: 1.5% up");
    }
}
