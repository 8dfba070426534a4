//! Categories written two ways in one file: `교통 및 물류` and `교통및물류`,
//! `산업·중소기업` and `산업ㆍ중소기업`, `Finance` and `finance`. Each
//! spelling is a category of its own, with its own subtotal, so the money
//! of one line of the budget is split in two without a word. The format
//! never reinterprets a category; `check` points at the second spelling.
//!
//! Worked out from the categories [`Sums`] holds (those with items counted
//! in totals, and their ancestors), so it takes no memory per item: a
//! key and a reference a category (24 bytes), sorted, while the rule
//! runs.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use super::FileReport;
use super::sums::{Sums, path_hash};
use crate::check::rule;
use crate::check::said::Said;
use crate::model::{CategoryPath, Position};

/// Whether a character is left out when spellings are compared: white
/// space, and the middle dots Korean text writes several ways (not a
/// full stop: `1.2` and `12` are other numbers).
fn left_out(c: char) -> bool {
    c.is_whitespace() || matches!(c, '·' | 'ㆍ' | '・' | '‧' | '∙')
}

/// A segment as compared: lower case, without the characters
/// [`left_out`].
fn spelled(segment: &str) -> impl Iterator<Item = char> + '_ {
    segment
        .chars()
        .filter(|&c| !left_out(c))
        .flat_map(char::to_lowercase)
}

/// The parent of `path` (its text) and its last segment as compared,
/// hashed: categories with the same key are spelled alike under one
/// parent (or collide, which [`alike`] rules out).
fn key(path: &CategoryPath) -> u64 {
    let mut hasher = foldhash::fast::FixedState::default().build_hasher();
    hasher.write(path.prefix(path.depth().saturating_sub(1)).as_bytes());
    hasher.write_u8(b'/');
    for c in spelled(path.last()) {
        hasher.write_u32(u32::from(c));
    }
    hasher.finish()
}

/// Whether two categories have one parent and are spelled alike.
fn alike(a: &CategoryPath, b: &CategoryPath) -> bool {
    a.depth() == b.depth()
        && a.prefix(a.depth().saturating_sub(1)) == b.prefix(b.depth().saturating_sub(1))
        && spelled(a.last()).eq(spelled(b.last()))
}

/// Warns of each category spelled like another under the same parent (a
/// parent spelled two ways is warned of itself, not each child below
/// it), at the later one's first item, naming the earlier one and its
/// line.
pub(super) fn category_spellings(sums: &Sums, out: &mut FileReport<'_>) {
    let paths: Vec<&CategoryPath> = sums.by_category.keys().collect();
    let mut keys: Vec<(u64, u32)> = paths
        .iter()
        .enumerate()
        .map(|(index, path)| (key(path), u32::try_from(index).unwrap_or(u32::MAX)))
        .collect();
    keys.sort_unstable();
    let mut groups: Vec<Vec<&CategoryPath>> = Vec::new();
    for run in keys.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        let mut members: Vec<&CategoryPath> = run
            .iter()
            .filter_map(|&(_, index)| paths.get(index as usize).copied())
            .collect();
        // Hashes that merely collide are no spelling of one another.
        while let Some(first) = members.first().copied() {
            let (same, rest): (Vec<_>, Vec<_>) = members.into_iter().partition(|p| alike(first, p));
            if same.len() > 1 {
                groups.push(same);
            }
            members = rest;
        }
    }
    if groups.is_empty() {
        return;
    }
    let first_at = first_places(sums, &groups);
    let mut found: Vec<(Position, Said)> = Vec::new();
    for group in groups {
        let mut placed: Vec<(Position, &CategoryPath)> = group
            .into_iter()
            .map(|path| {
                (
                    first_at.get(path.as_str()).copied().unwrap_or_default(),
                    path,
                )
            })
            .collect();
        placed.sort();
        let (first_line, first) = (placed[0].0.line, placed[0].1);
        for &(at, path) in &placed[1..] {
            let said = Said::CategorySpelledTwice {
                category: path.to_string(),
                first: first.to_string(),
                first_line,
            };
            found.push((at, said));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    for (at, said) in found {
        out.on(rule::CATEGORY_SPELLING, at).warning(said);
    }
}

/// Where the first item of each category of `groups` is: the first of
/// the items written in it or below it.
fn first_places<'s>(
    sums: &'s Sums,
    groups: &[Vec<&'s CategoryPath>],
) -> HashMap<&'s str, Position> {
    let written: HashMap<u64, Position> = sums.first_at.iter().copied().collect();
    let mut first_at: HashMap<&str, Position> = HashMap::new();
    for &path in groups.iter().flatten() {
        let below = sums
            .by_category
            .range::<CategoryPath, _>(path..)
            .map(|(below, _)| below)
            // Paths sort segment by segment: those below come next.
            .take_while(|below| below.is_within(path));
        for below in below {
            if let Some(&at) = written.get(&path_hash(below)) {
                let first = first_at.entry(path.as_str()).or_insert(at);
                *first = (*first).min(at);
            }
        }
    }
    first_at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> CategoryPath {
        CategoryPath::parse(text).unwrap()
    }

    #[test]
    fn spaces_case_and_middle_dots_are_left_out() {
        assert!(alike(&path("교통 및 물류"), &path("교통및물류")));
        assert!(alike(&path("산업·중소기업"), &path("산업ㆍ중소기업")));
        assert!(alike(&path("Finance"), &path("finance")));
        assert!(alike(&path("a/교통 및 물류"), &path("a/교통및물류")));
        assert_eq!(key(&path("a/교통 및 물류")), key(&path("a/교통및물류")));
    }

    #[test]
    fn the_later_spelling_is_warned_of_naming_the_first_item_of_the_earlier() {
        // `a` has no item of its own: its first is the one below it, on
        // line 11 (`a b` is another category, on line 6).
        let text = "year = 2025\nregion = \"R\"\n\
             [[item]]\nid = \"1\"\nname = \"1\"\ncategory = \"a b\"\namount = 1\n\
             [[item]]\nid = \"2\"\nname = \"2\"\ncategory = \"a/c\"\namount = 1\n\
             [[item]]\nid = \"3\"\nname = \"3\"\ncategory = \"A\"\namount = 1\n";
        let report = crate::check::check_bytes(&[("f.toml".to_owned(), text.as_bytes().to_vec())]);
        let found: Vec<_> = report
            .findings
            .iter()
            .map(|f| (f.rule, f.line, f.said.clone()))
            .collect();
        assert_eq!(
            found,
            [(
                rule::CATEGORY_SPELLING,
                16,
                Said::CategorySpelledTwice {
                    category: "A".into(),
                    first: "a".into(),
                    first_line: 11,
                }
            )]
        );
    }

    #[test]
    fn other_names_and_other_parents_are_not_alike() {
        assert!(!alike(&path("교통"), &path("교통및물류")));
        assert!(!alike(&path("loans"), &path("loan")));
        assert!(!alike(&path("a/교통"), &path("b/교통")));
        assert!(!alike(&path("교통"), &path("a/교통")));
        assert!(!alike(&path("1.1 일반행정"), &path("11 일반행정")));
    }
}
