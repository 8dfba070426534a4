//! Aligned text tables for people, drawn with comfy-table.

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use crate::render::DrawsSections;
use crate::render::layout::Section;

pub struct TableRenderer;

impl DrawsSections for TableRenderer {
    fn draw(&self, sections: &[Section]) -> String {
        draw_sections(sections)
    }
}

/// Draws sections one after another, separated by a blank line.
pub fn draw_sections(sections: &[Section]) -> String {
    sections
        .iter()
        .map(draw_section)
        .collect::<Vec<_>>()
        .join("\n")
}

fn draw_section(section: &Section) -> String {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(section.headers.iter().map(|h| terminal_safe(h)));
    for row in &section.rows {
        let mut cells = row
            .cells
            .iter()
            .map(|c| terminal_safe(c))
            .collect::<Vec<_>>();
        if let Some(first) = cells.first_mut() {
            *first = format!("{}{first}", "  ".repeat(row.depth));
        }
        table.add_row(cells);
    }
    for (index, &numeric) in section.numeric.iter().enumerate() {
        if let Some(column) = table.column_mut(index)
            && numeric
        {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut text = format!("{}\n{table}\n", terminal_safe(&section.title));
    for note in &section.notes {
        text.push_str(&terminal_safe(note));
        text.push('\n');
    }
    text
}

/// Makes control characters and escape sequences from the input visible
/// instead of letting them act on the terminal. Newlines that the layout
/// put between lines of a cell are kept.
pub fn terminal_safe(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return text.to_owned();
    }
    text.chars()
        .flat_map(|c| {
            let visible: Vec<char> = if c.is_control() && c != '\n' {
                c.escape_unicode().collect()
            } else {
                vec![c]
            };
            visible
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_made_visible() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(terminal_safe("bell\u{7}"), "bell\\u{7}");
        assert_eq!(terminal_safe("two\nlines"), "two\nlines");
        assert_eq!(terminal_safe("경주"), "경주");
    }
}
