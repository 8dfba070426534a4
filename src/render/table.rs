//! Aligned text tables for people, drawn with comfy-table; with
//! `color`, increases are green and decreases red (ANSI colours, which
//! comfy-table leaves out of its width measurements).

use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table, presets};

use crate::quote::visible;
use crate::render::layout::{LayoutRow, Section, Tone};
use crate::render::{DisplayOptions, DrawsSections};

pub struct TableRenderer;

impl DrawsSections for TableRenderer {
    fn draw(&self, sections: &[Section], options: &DisplayOptions) -> String {
        draw_sections(sections, options.color)
    }
}

/// Draws sections one after another, separated by a blank line.
pub fn draw_sections(sections: &[Section], color: bool) -> String {
    sections
        .iter()
        .map(|section| draw_section(section, color))
        .collect::<Vec<_>>()
        .join("\n")
}

fn draw_section(section: &Section, color: bool) -> String {
    let mut table = Table::new();
    // The binary decides about colour; comfy-table must not look at the
    // terminal itself.
    table.force_no_tty();
    if color {
        table.enforce_styling().style_text_only();
    }
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(section.headers.iter().map(|h| visible(h).into_owned()));
    for row in &section.rows {
        table.add_row(row_cells(row, color));
    }
    for (index, &numeric) in section.numeric.iter().enumerate() {
        if let Some(column) = table.column_mut(index)
            && numeric
        {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut text = format!("{}\n{table}\n", visible(&section.title));
    for note in &section.notes {
        text.push_str(&visible(note));
        text.push('\n');
    }
    text
}

fn row_cells(row: &LayoutRow, color: bool) -> Vec<Cell> {
    row.cells
        .iter()
        .enumerate()
        .map(|(index, text)| {
            let mut text = terminal_safe(text);
            if index == 0 {
                text = format!("{}{text}", "  ".repeat(row.depth));
            }
            let cell = Cell::new(text);
            match row.tone(index) {
                Tone::Up if color => cell.fg(Color::DarkGreen),
                Tone::Down if color => cell.fg(Color::DarkRed),
                _ => cell,
            }
        })
        .collect()
}

/// Makes control characters and escape sequences from the input visible
/// instead of letting them act on the terminal. Newlines that the layout
/// put between lines of a cell are kept (see [`crate::quote::visible_lines`]).
pub fn terminal_safe(text: &str) -> String {
    crate::quote::visible_lines(text).into_owned()
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
