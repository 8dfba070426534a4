//! `check` of a large file while it is read, in bounded memory: the
//! batches are parsed on every core, and each is folded there into the
//! sums the rules compare printed figures with (per category, with their
//! rounding intervals); the calling thread only merges them. Only the
//! items a rule looks at one by one are kept: those with `parts` or
//! `stated` figures. When other files are checked with it, every item
//! is listed too, in a few dozen bytes ([`Roster`]), for the rules across
//! years (an id that changed category, an item's earlier amount).
//!
//! A file with problems is listed batch by batch as the plain way lists
//! it (see [`crate::load::stream`]); where that cannot be shown to be the
//! plain way's list, and for a sum too large in a file without problems,
//! the file is read the plain way instead: the findings are always those
//! of the plain way.

use std::path::Path;

use crate::error::{InvalidInput, LoadError};
use crate::load::progress::Progress;
use crate::load::{Batching, Fold, Folded, fold_in_batches};
use crate::model::{Item, YearFile};

use super::roster::Roster;
use super::rules::{Facts, LeafSums, Sums};

/// A file read in batches for `check`: the file with the items the rules
/// need, and the facts of all its items.
pub(super) struct Checked {
    pub(super) file: YearFile,
    pub(super) facts: Facts,
}

/// Reads `path` in batches for `check`: the file, or every problem the
/// plain way lists; `None` when it must be read the plain way (see
/// [`fold_in_batches`]; also for a sum too large to hold). `with_others`:
/// other files are checked with it, so every item is kept for the rules
/// across years.
pub(super) fn read(
    path: &Path,
    name: &str,
    with_others: bool,
    progress: &dyn Progress,
) -> Option<Result<Checked, Vec<InvalidInput>>> {
    let folded: Folded<CheckFold> =
        match fold_in_batches(Batching::default(), progress, path, &with_others)? {
            Ok(folded) => folded,
            Err(problems) => return Some(Err(problems)),
        };
    let Folded {
        mut head,
        fold,
        items,
    } = folded;
    let (kept, sums, roster) = fold.finish()?;
    head.items = kept;
    head.path = name.to_owned();
    Some(Ok(Checked {
        file: head,
        facts: Facts::streamed(items, sums, roster),
    }))
}

/// The state of a file's check while it is read.
///
/// A sum `summarize` cannot hold (the plain way's `sum-overflow`) needs
/// no fold of its own: it is a partial sum, in some order, of the amounts
/// in totals, which leaves `Decimal`'s range or its scale; the sums read
/// here are given only when the amounts' sizes together stay clear of
/// both at the finest scale written (see [`LeafSums::into_sums`]), so a
/// file with such a sum is always read the plain way.
struct CheckFold {
    /// The sums so far; `None` once one left `Decimal`'s range.
    sums: Option<LeafSums>,
    kept: Vec<Item>,
    /// Every item, when other files are checked with this one.
    roster: Option<Roster>,
}

/// What a worker makes of a batch.
struct CheckPart {
    sums: Option<LeafSums>,
    kept: Vec<Item>,
    roster: Option<Roster>,
}

impl Fold for CheckFold {
    /// Whether every item is listed (other files are checked with this
    /// one).
    type Options = bool;
    type Part = CheckPart;
    type Error = LoadError;
    /// The items kept, the sums and the roster, `None` when the file must
    /// be read the plain way.
    type Output = Option<(Vec<Item>, Sums, Option<Roster>)>;

    fn new(_head: &YearFile, list_every_item: &bool) -> CheckFold {
        CheckFold {
            sums: LeafSums::of_items([]),
            kept: Vec::new(),
            roster: list_every_item.then(Roster::default),
        }
    }

    fn part(list_every_item: &bool, items: Vec<Item>) -> CheckPart {
        let roster = list_every_item.then(|| Roster::of_items(&items, kept_for_rules));
        let kept = items
            .iter()
            .filter(|item| kept_for_rules(item))
            .cloned()
            .collect();
        CheckPart {
            sums: LeafSums::of_items(items),
            kept,
            roster,
        }
    }

    fn merge(&mut self, part: CheckPart) -> Result<(), LoadError> {
        self.sums = match (self.sums.take(), part.sums) {
            (Some(sums), Some(more)) => sums.and(more),
            _ => None,
        };
        if let (Some(roster), Some(more)) = (&mut self.roster, part.roster) {
            roster.append(more, self.kept.len());
        }
        self.kept.extend(part.kept);
        Ok(())
    }

    fn finish(self) -> Option<(Vec<Item>, Sums, Option<Roster>)> {
        Some((self.kept, self.sums?.into_sums()?, self.roster))
    }
}

/// Whether a rule looks at the item one by one: it has `parts` or
/// `stated` figures, or an id with a blank at either end.
fn kept_for_rules(item: &Item) -> bool {
    !item.parts.is_empty()
        || !item.stated.is_empty()
        || super::rules::spaced_end(&item.id).is_some()
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::check::{budget_files, check, check_bytes};
    use crate::load::progress::Silent;

    /// `check`'s fixtures, each file grown past the size read in batches
    /// with items that no rule singles out: the sets to check (each
    /// directory with budget files, each file at the top).
    fn grown_fixtures(into: &Path) -> Vec<PathBuf> {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures/check");
        let mut sets = Vec::new();
        for entry in sorted_entries(&fixtures) {
            let target = into.join(entry.file_name().unwrap());
            if entry.is_dir() {
                grow_directory(&entry, &target, &mut sets);
            } else if is_budget_file(&entry) {
                grow(&entry, &target);
                sets.push(target);
            }
        }
        sets
    }

    fn grow_directory(from: &Path, to: &Path, sets: &mut Vec<PathBuf>) {
        std::fs::create_dir_all(to).unwrap();
        let mut any = false;
        for entry in sorted_entries(from) {
            let target = to.join(entry.file_name().unwrap());
            if is_budget_file(&entry) {
                grow(&entry, &target);
                any = true;
            } else if entry.is_dir() {
                grow_directory(&entry, &target, sets);
            }
        }
        if any {
            sets.push(to.to_owned());
        }
    }

    fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        entries.sort();
        entries
    }

    fn is_budget_file(path: &Path) -> bool {
        path.is_file() && path.extension().is_some_and(|e| e == "toml")
    }

    fn grow(from: &Path, to: &Path) {
        // Bytes: some fixtures are not UTF-8 on purpose.
        let mut text = std::fs::read(from).unwrap();
        for n in 0..1000 {
            text.extend_from_slice(
                format!(
                    "\n[[item]]\nid = \"filler-{n}\"\nname = \"filler\"\ncategory = \"filler\"\namount = 1\n"
                )
                .as_bytes(),
            );
        }
        assert!(text.len() > Batching::default().from_bytes as usize);
        std::fs::write(to, text).unwrap();
    }

    /// The plain way's report for the same paths: every file read whole.
    fn read_whole(paths: &[String]) -> crate::check::CheckReport {
        let inputs: Vec<(String, Vec<u8>)> = budget_files(paths)
            .unwrap()
            .iter()
            .map(|path| {
                let name = crate::load::display_name(path).into_owned();
                (name, std::fs::read(path).unwrap())
            })
            .collect();
        check_bytes(&inputs)
    }

    #[test]
    fn large_files_are_checked_as_the_plain_way_checks_them() {
        let dir = tempfile::tempdir().unwrap();
        for set in grown_fixtures(dir.path()) {
            let paths = vec![set.to_string_lossy().into_owned()];
            let streamed = check(&paths).unwrap();
            assert_eq!(streamed, read_whole(&paths), "{}", set.display());
        }
    }

    #[test]
    fn a_set_of_several_files_is_checked_as_one() {
        let dir = tempfile::tempdir().unwrap();
        let sets: Vec<String> = grown_fixtures(dir.path())
            .iter()
            .map(|set| set.to_string_lossy().into_owned())
            .collect();
        assert_eq!(check(&sets).unwrap(), read_whole(&sets));
    }

    #[test]
    fn files_without_problems_are_read_in_batches_keeping_few_items() {
        let dir = tempfile::tempdir().unwrap();
        grown_fixtures(dir.path());
        let file = dir.path().join("changes/2025.toml");
        let alone = read(&file, "2025.toml", false, &Silent)
            .and_then(Result::ok)
            .expect("read in batches");
        // Of its 1,000 fillers and the fixture's items, only those with
        // `parts` or `stated` figures are kept; every item is listed with
        // others.
        assert!(alone.file.items.iter().all(kept_for_rules));
        assert!(!alone.file.items.is_empty());
        assert!(alone.facts.roster().is_none());
        let with_others = read(&file, "2025.toml", true, &Silent)
            .and_then(Result::ok)
            .expect("read in batches");
        assert_eq!(with_others.file.items.len(), alone.file.items.len());
        let roster = with_others.facts.roster().expect("listed");
        assert!(roster.len() > 1000);
        assert!((0..roster.len()).any(|i| roster.get(i).id == "moved"));
        // Each item kept whole is where the roster says.
        for i in 0..roster.len() {
            let listed = roster.get(i);
            if let Some(whole) = listed.whole {
                assert_eq!(with_others.file.items[whole].id, listed.id);
            }
        }
        // A sum too large to hold sends the file the plain way.
        let overflow = dir.path().join("sum-overflow.toml");
        assert!(read(&overflow, "o.toml", false, &Silent).is_none());
    }
}
