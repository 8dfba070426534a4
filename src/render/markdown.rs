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
    if !section.notes.is_empty() {
        text.push('\n');
        for note in &section.notes {
            text.push_str(&escape(note));
            text.push('\n');
        }
    }
    text
}

fn pipe_row(cells: impl Iterator<Item = String>) -> String {
    let cells: Vec<String> = cells.collect();
    format!("| {} |\n", cells.join(" | "))
}

/// Keeps a cell on one table row and its text literal.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => escaped.push_str("\\|"),
            '\n' => escaped.push_str("<br>"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '*' | '_' | '`' | '[' | ']' | '\\' => {
                escaped.push('\\');
                escaped.push(c);
            }
            c if crate::quote::is_hidden(c) => {
                escaped.push_str(&crate::quote::visible(&c.to_string()))
            }
            c => escaped.push(c),
        }
    }
    escaped
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
}
