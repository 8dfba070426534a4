//! What a trend keeps of every id while its files are read, in a few large
//! blocks instead of a few small allocations an id: the ids' texts one
//! after another, and their figures in a list per id. A decade of national
//! files has tens of thousands of ids shown; kept as a box of text and a
//! vector of figures each, they took some 40 bytes an id in vector headers
//! and left the allocator's pages scattered with them between the reading's
//! short-lived allocations. Blocks are never grown by copying, so no spare
//! half of one is ever held.
#![warn(clippy::arithmetic_side_effects)]

use super::history::Figure;

/// Texts kept one after another in blocks that never move.
#[derive(Default)]
pub(super) struct Texts {
    blocks: Vec<String>,
}

/// Where a text is among [`Texts`]: its block, its start and its length.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct TextAt {
    block: u32,
    start: u32,
    len: u32,
}

impl Texts {
    /// Bytes of a block (a longer text takes a block of its own).
    const BLOCK: usize = 256 << 10;

    /// Keeps the texts `parts` one after another; where they are.
    pub(super) fn push(&mut self, parts: &[&str]) -> TextAt {
        let len: usize = parts.iter().map(|part| part.len()).sum();
        let fits = self
            .blocks
            .last()
            .is_some_and(|block| block.capacity().saturating_sub(block.len()) >= len);
        if !fits {
            self.blocks
                .push(String::with_capacity(len.max(Self::BLOCK)));
        }
        let block = self.blocks.last_mut().expect("a block was just made");
        let start = block.len();
        for part in parts {
            block.push_str(part);
        }
        TextAt {
            block: u32::try_from(self.blocks.len().saturating_sub(1)).expect("few blocks"),
            start: u32::try_from(start).expect("a block is less than 4 GiB"),
            len: u32::try_from(len).expect("a text is less than 4 GiB"),
        }
    }

    /// The text at `at`.
    pub(super) fn get(&self, at: TextAt) -> &str {
        let start = at.start as usize;
        &self.blocks[at.block as usize][start..start.saturating_add(at.len as usize)]
    }
}

/// One figure of an id, with the one taken in before it.
#[derive(Debug, Clone, Copy)]
pub(super) struct FigureAt {
    /// The file it is in, in reading order.
    pub(super) file: u32,
    pub(super) figure: Figure,
    /// The id's figure before it ([`NONE`] for its first).
    before: u32,
}

/// No figure.
const NONE: u32 = u32::MAX;

/// Every id's figures, each id's a list from its last figure back, kept in
/// blocks that never move.
#[derive(Default)]
pub(super) struct Figures {
    blocks: Vec<Vec<FigureAt>>,
}

impl Figures {
    /// Figures a block (some 576 KiB).
    const BLOCK: usize = 16 << 10;

    /// Adds a figure after `last` (an id's last, or `None` for its first);
    /// the new figure's number.
    pub(super) fn push(&mut self, last: Option<u32>, file: u32, figure: Figure) -> u32 {
        if self
            .blocks
            .last()
            .is_none_or(|block| block.len() >= Self::BLOCK)
        {
            self.blocks.push(Vec::with_capacity(Self::BLOCK));
        }
        let full = self
            .blocks
            .len()
            .saturating_sub(1)
            .saturating_mul(Self::BLOCK);
        let block = self.blocks.last_mut().expect("a block was just made");
        let number = full.saturating_add(block.len());
        block.push(FigureAt {
            file,
            figure,
            before: last.unwrap_or(NONE),
        });
        u32::try_from(number).expect("fewer than 4 billion figures")
    }

    /// The figure numbered `number`.
    pub(super) fn get(&self, number: u32) -> &FigureAt {
        let number = number as usize;
        &self.blocks[number / Self::BLOCK][number % Self::BLOCK]
    }

    /// The figure numbered `number`, to change.
    pub(super) fn get_mut(&mut self, number: u32) -> &mut FigureAt {
        let number = number as usize;
        &mut self.blocks[number / Self::BLOCK][number % Self::BLOCK]
    }

    /// An id's figures from its last (numbered `last`) back to its first.
    pub(super) fn back_from(&self, last: u32) -> impl Iterator<Item = &FigureAt> {
        let mut next = last;
        std::iter::from_fn(move || {
            if next == NONE {
                return None;
            }
            let figure = self.get(next);
            next = figure.before;
            Some(figure)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::{Amount, Unit};

    fn figure(category: u32) -> Figure {
        Figure {
            category,
            amount: Amount::parse("1", Unit::WON).unwrap(),
            in_totals: true,
            memo: false,
        }
    }

    #[test]
    fn texts_come_back_as_kept_across_blocks() {
        let mut texts = Texts::default();
        let long = "x".repeat(Texts::BLOCK + 1);
        let kept: Vec<(String, TextAt)> = (0..2_000)
            .map(|n| {
                let id = format!("id{n}");
                let name = if n == 1_000 {
                    long.clone()
                } else {
                    format!("name {n}")
                };
                let at = texts.push(&[&id, &name]);
                (format!("{id}{name}"), at)
            })
            .collect();
        for (text, at) in kept {
            assert_eq!(texts.get(at), text);
        }
    }

    #[test]
    fn each_ids_figures_come_back_last_first() {
        let mut figures = Figures::default();
        // Two ids' figures interleaved, past the end of a block.
        let (mut a, mut b) = (None, None);
        for n in 0..(Figures::BLOCK as u32 + 10) {
            if n % 2 == 0 {
                a = Some(figures.push(a, n, figure(n)));
            } else {
                b = Some(figures.push(b, n, figure(n)));
            }
        }
        let files: Vec<u32> = figures.back_from(a.unwrap()).map(|f| f.file).collect();
        let expected: Vec<u32> = (0..(Figures::BLOCK as u32 + 10))
            .rev()
            .filter(|n| n % 2 == 0)
            .collect();
        assert_eq!(files, expected);
        assert!(
            figures
                .back_from(b.unwrap())
                .all(|f| f.file % 2 == 1 && f.figure.category == f.file)
        );
        figures.get_mut(a.unwrap()).file = 7;
        assert_eq!(figures.get(a.unwrap()).file, 7);
    }
}
