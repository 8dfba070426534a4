//! Fitting a table to a width: which columns stay, which text moves
//! under the table, and how wide each column is drawn ([`Fit`]).

#[allow(clippy::wildcard_imports)]
use super::*;

/// The columns of a section still drawn, with what is known of them.
pub(super) struct Shape<'a> {
    pub(super) head: &'a Section,
    pub(super) stats: &'a SectionStats,
    /// The columns drawn, by their index in the section.
    pub(super) columns: &'a [usize],
}

impl<'a> Shape<'a> {
    pub(super) fn new(
        head: &'a Section,
        stats: &'a SectionStats,
        columns: &'a [usize],
    ) -> Shape<'a> {
        Shape {
            head,
            stats,
            columns,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.columns.len()
    }

    pub(super) fn heading(&self, index: usize) -> &str {
        &self.head.headers[self.columns[index]]
    }

    pub(super) fn numeric(&self, index: usize) -> Option<bool> {
        self.head.numeric.get(self.columns[index]).copied()
    }

    pub(super) fn stats(&self, index: usize) -> &ColumnStats {
        &self.stats.columns[self.columns[index]]
    }

    /// The widest name with its indentation (`indent` spaces a level), or
    /// the first heading.
    pub(super) fn widest_name(&self, indent: usize) -> usize {
        self.stats.widest_name[indent.min(INDENT)].max(width_of(self.heading(0)))
    }

    /// The widest line of a column's cells (its heading aside).
    pub(super) fn widest_cell(&self, index: usize) -> usize {
        self.stats(index).widest_line
    }

    /// The widest piece of a text column that wrapping never breaks (a
    /// word, a sign with its figure, a part of a category path) or word of
    /// its heading, with room for the indentation of a continued line.
    pub(super) fn longest_piece(&self, index: usize) -> usize {
        let heading = longest_word(self.heading(index));
        self.stats(index).longest_piece.max(heading)
    }

    /// The width of a column of figures with its padding: its widest
    /// figure (or the widest group of one, when figures need not stay
    /// whole), or the longest word of its heading.
    pub(super) fn figure_width(&self, index: usize, whole_figures: bool) -> u16 {
        let figures = if whole_figures {
            self.widest_cell(index)
        } else {
            self.stats(index).longest_word
        };
        let widest = figures
            .max(longest_word(self.heading(index)))
            .saturating_add(2);
        u16::try_from(widest).unwrap_or(u16::MAX)
    }

    /// Whether the names of a table planned for `width` get fewer than
    /// [`WANTED_NAMES`] columns (or fewer than they need, when narrower).
    pub(super) fn names_squeezed(&self, width: u16) -> bool {
        let fit = Fit::plan(self, width);
        fit.widths[0] < WANTED_NAMES.min(self.widest_name(fit.indent))
    }
}

/// Takes `column` out of the columns drawn, to go under the table: its
/// heading, then each row's label followed by its lines.
pub(super) fn take_column(head: &Section, columns: &mut Vec<usize>, column: usize) -> Below {
    columns.retain(|&kept| kept != column);
    Below::Column {
        column,
        heading: head.headers[column].clone(),
        label: columns.first().copied().unwrap_or(0),
    }
}

/// Moves text columns other than the names (averages per count, a
/// category, statuses), the widest first, under the table, as the notes
/// of a `diff` are, while the names would otherwise be squeezed: each
/// row's label, then its text; a column saying the same line in every
/// row it fills (two or more), once (`Status: actual`).
pub(super) fn move_text_below_when_narrow(
    head: &Section,
    stats: &SectionStats,
    columns: &mut Vec<usize>,
    width: u16,
) -> Vec<Below> {
    let mut below = Vec::new();
    while Shape::new(head, stats, columns).names_squeezed(width) {
        let shape = Shape::new(head, stats, columns);
        let widest = (1..shape.len())
            .filter(|&index| shape.numeric(index) == Some(false))
            .max_by_key(|&index| shape.widest_cell(index));
        let Some(index) = widest else {
            break;
        };
        let column = columns[index];
        match stats.columns[column].said_once() {
            Some(only) => {
                let heading = &head.headers[column];
                below.push(Below::Once(format!(
                    "{}: {}",
                    visible(heading),
                    visible(only)
                )));
                columns.remove(index);
            }
            None => below.push(take_column(head, columns, column)),
        }
    }
    below
}

/// Leaves out a column that only draws (share bars, sparklines: cells
/// without letters or digits) when keeping it would squeeze the names
/// below [`WANTED_NAMES`] columns: the figures beside it say the same.
pub(super) fn drop_decoration_when_narrow(
    head: &Section,
    stats: &SectionStats,
    columns: &mut Vec<usize>,
    width: u16,
) {
    let shape = Shape::new(head, stats, columns);
    let Some(index) = (1..shape.len())
        .find(|&index| shape.numeric(index) == Some(false) && shape.stats(index).drawing_only)
    else {
        return;
    };
    if !shape.names_squeezed(width) {
        return;
    }
    columns.remove(index);
}

/// Spaces per level of the category tree in the first column.
pub(in crate::render) const INDENT: usize = 2;

/// Lines a name may take in a narrowed table; a longer one ends in `…`.
pub(in crate::render) const MAX_NAME_LINES: usize = 3;

/// Text columns other than names (statuses, averages, categories) get at
/// most this many columns before names give up any of theirs.
pub(super) const OTHER_TEXT_SHARE: usize = 16;

/// Narrowest the names get, however many figure columns there are.
pub(super) const NARROWEST_NAMES: usize = 8;

/// Names get at least this many columns (when they are wider) before
/// figures of several words take a line per word.
pub(super) const WHOLE_FIGURES_NAMES: usize = 10;

/// Names narrower than this (when they are wider) make a table leave out
/// its decoration (share bars).
pub(super) const WANTED_NAMES: usize = 20;

/// How a table fits a width: how wide each column's text may be (padding
/// aside).
#[derive(Debug, Clone)]
pub(super) struct Fit {
    pub(super) widths: Vec<usize>,
    /// Spaces per level of the category tree: [`INDENT`], or one when
    /// names would be squeezed with it.
    pub(super) indent: usize,
}

impl Fit {
    /// Figures keep their width; text columns other than names are first
    /// held to [`OTHER_TEXT_SHARE`]; then the widest text column gives up
    /// a column at a time, names down to [`NARROWEST_NAMES`] and other
    /// text down to its longest unbreakable piece (`≤ 400.67`,
    /// `investment/`). Figures stay whole unless that is not enough; then
    /// figures of several groups (`54억 5,050만원`) take a line per group.
    pub(super) fn plan(shape: &Shape<'_>, width: u16) -> Fit {
        let fit = Fit::with_indent(shape, width, INDENT);
        if fit.widths[0] >= WANTED_NAMES.min(shape.widest_name(INDENT)) {
            return fit;
        }
        Fit::with_indent(shape, width, 1)
    }

    pub(super) fn with_indent(shape: &Shape<'_>, width: u16, indent: usize) -> Fit {
        let whole = Fit::with_figures(shape, width, true, indent);
        let wanted = WHOLE_FIGURES_NAMES.min(shape.widest_name(indent));
        if whole.fits(width) && whole.widths[0] >= wanted {
            return whole;
        }
        // Figures of several words (`-49.09 pp`, `54억 5,050만원`) may take
        // a line per word: if that lets the table fit, or gives names more.
        let split = Fit::with_figures(shape, width, false, indent);
        match (whole.fits(width), split.fits(width)) {
            (true, true) if split.widths[0] > whole.widths[0] => split,
            (true, _) => whole,
            (false, true) => split,
            (false, false) if split.total() < whole.total() => split,
            (false, false) => whole,
        }
    }

    pub(super) fn fits(&self, width: u16) -> bool {
        self.total() <= usize::from(width)
    }

    /// The table's width: its text, with a border or separator beside each
    /// column plus one, and a space of padding on each side of every
    /// column (`│ a ┆ b │`).
    pub(super) fn total(&self) -> usize {
        let frame = self.widths.len().saturating_mul(3).saturating_add(1);
        self.widths.iter().sum::<usize>().saturating_add(frame)
    }

    pub(super) fn with_figures(
        shape: &Shape<'_>,
        width: u16,
        whole_figures: bool,
        indent: usize,
    ) -> Fit {
        let columns = shape.len();
        let mut widths = Vec::with_capacity(columns);
        let mut narrowest = Vec::with_capacity(columns);
        for index in 0..columns {
            let (natural, least) = if shape.numeric(index) == Some(true) {
                let figures =
                    usize::from(shape.figure_width(index, whole_figures)).saturating_sub(2);
                (figures, figures)
            } else if index == 0 {
                let names = shape.widest_name(indent).max(1);
                (names, NARROWEST_NAMES.min(names))
            } else {
                let natural = shape.widest_cell(index).max(width_of(shape.heading(index)));
                let least = shape.longest_piece(index).min(natural);
                (natural.min(OTHER_TEXT_SHARE).max(least), least)
            };
            widths.push(natural);
            narrowest.push(least);
        }
        let mut fit = Fit { widths, indent };
        while !fit.fits(width) {
            let widest = (0..columns)
                .filter(|&index| fit.widths[index] > narrowest[index])
                .max_by_key(|&index| (fit.widths[index], index == 0));
            let Some(index) = widest else {
                break;
            };
            fit.widths[index] = fit.widths[index].saturating_sub(1);
        }
        fit
    }
}
