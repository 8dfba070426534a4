//! A stated change that misses its usual base but fits another version of
//! the figures among the files checked. Publishers do not always compare
//! with the version `check` takes by default: a county's passed budget
//! "지난해 최종예산 대비", a passed national budget against the
//! government's proposal. Such a figure is right, only against another
//! base; calling it an error would be a false alarm, passing it silently
//! would hide a base nobody named. It is a warning that names the file it
//! fits and the `base` that says so. A supplementary budget whose usual
//! base (the version before it) is missing is not checked (information);
//! when its figures fit an earlier version of its year ("당초예산 대비"),
//! the information names that version and the `base` too.

use super::base::{Base, NoBase, base_name, named_base, same_region};
use super::changes::{Change, stated_changes_against};
use crate::amount::Amount;
use crate::check::collect::{Collector, FileReport};
use crate::check::said::{Said, Why};
use crate::model::{BaseRef, Stated, YearFile};

/// [`stated_changes_against`] the figures' base; when they fail there,
/// were compared with the usual base (no `base` named), and every figure
/// of `stated` fits another version of the figures, the errors become
/// warnings naming that version.
pub(super) fn judged_changes<'f>(
    files: &[&'f YearFile],
    (file, stated, new): (&YearFile, &Stated, Amount),
    base: Result<Base, NoBase>,
    change_against: &dyn Fn(usize) -> Change<'f>,
    out: &mut FileReport<'_>,
) {
    let before = out.mark();
    let unnamed = stated.base.is_none() && file.base.is_none();
    let usual = base
        .as_ref()
        .ok()
        .filter(|b| b.usual_missing.is_none() && unnamed)
        .map(|b| b.index);
    // A supplementary budget whose usual base (the version before it) is
    // missing is not checked; another earlier version of its year may be
    // what the publisher compared with ("당초예산 대비").
    let usual_missing = unnamed
        && matches!(
            &base,
            Err(NoBase {
                why: Why::UsualBaseMissing { .. },
                ..
            })
        );
    let change = base
        .as_ref()
        .map(|b| change_against(b.index))
        .map_err(Clone::clone);
    stated_changes_against(file, stated, new, change, base.ok(), out);
    let wanted = match usual {
        Some(_) => out.errors_since(before),
        None => usual_missing,
    };
    if !wanted {
        return;
    }
    let fitting = other_bases(files, file, usual)
        .find(|(other, _)| fits(file, stated, new, change_against(*other)));
    let Some((other, named)) = fitting else {
        return;
    };
    let paired = stated.change.is_some() && stated.change_pct.is_some();
    let fits_other = |said| Said::FitsOtherBase {
        said,
        other: base_name(files[other]),
        named: named.to_string(),
        paired,
    };
    if usual.is_some() {
        out.errors_to_warnings(before, fits_other);
    } else {
        out.not_checked_fits(before, fits_other);
    }
}

/// The files a publisher may have compared `file` with instead of its
/// usual base (`usual`, when it is among the files): the other versions
/// of that base's year and the earlier versions of the file's own year,
/// of the same region and currency; each with the `base` that names it
/// (and only it).
fn other_bases<'a>(
    files: &'a [&YearFile],
    file: &'a YearFile,
    usual: Option<usize>,
) -> impl Iterator<Item = (usize, BaseRef)> + 'a {
    let base_year = usual.map(|usual| files[usual].year);
    files
        .iter()
        .enumerate()
        .filter(move |&(index, other)| {
            Some(index) != usual
                && !std::ptr::eq(*other, file)
                && same_region(other, file)
                && (Some(other.year) == base_year
                    || other.year == file.year
                        && crate::phase::order(other.phase.as_deref(), file.phase.as_deref())
                            .is_lt())
        })
        .filter_map(move |(index, other)| {
            let named = BaseRef {
                year: Some(other.year),
                phase: other.phase.clone(),
            };
            // Only a version the suggested `base` finds, and no other.
            named_base(files, file, &named)
                .is_ok_and(|found| found == index)
                .then_some((index, named))
        })
}

/// Whether every figure of `stated` holds against `change`'s base: no
/// error, no warning, and nothing left unchecked.
fn fits(file: &YearFile, stated: &Stated, new: Amount, change: Change<'_>) -> bool {
    let mut scratch = Collector::default();
    stated_changes_against(
        file,
        stated,
        new,
        Ok(change),
        None,
        &mut scratch.file(&file.path),
    );
    scratch.all_hold()
}

#[cfg(test)]
mod tests {
    use crate::check::said::Said;
    use crate::check::{Severity, check_bytes};

    /// A one-item file of region G in 억원: `a` at `amount`, with `extra`
    /// lines (a `stated` table, a `base`) after the item or the heading.
    fn file(name: &str, year: i64, phase: &str, amount: u32, extra: &str) -> (String, Vec<u8>) {
        let text = format!(
            "year = {year}\nregion = \"G\"\nunit = \"억원\"\nphase = \"{phase}\"\n\
             [[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = {amount}\n{extra}"
        );
        (name.to_owned(), text.into_bytes())
    }

    /// Each finding's rule and severity, and the other base it names.
    fn findings(files: &[(String, Vec<u8>)]) -> Vec<(&'static str, Severity, Option<String>)> {
        check_bytes(files)
            .findings
            .into_iter()
            .map(|f| {
                let other = match f.said {
                    Said::FitsOtherBase { other, named, .. } => {
                        Some(format!("{} {named}", other.path))
                    }
                    _ => None,
                };
                (f.rule, f.severity, other)
            })
            .collect()
    }

    // 2025: passed 1,000, supplementary 1,100; 2026 passed 1,155. Against
    // the passed budget the change is 155 (15.5%), against the
    // supplementary budget 55 (5%).
    fn year_2025() -> [(String, Vec<u8>); 2] {
        [
            file("2025.toml", 2025, "본예산", 1000, ""),
            file("2025-supp.toml", 2025, "제1회 추경", 1100, ""),
        ]
    }

    #[test]
    fn figures_that_all_fit_another_version_are_warnings_naming_it() {
        let [passed, supp] = year_2025();
        let stated = "stated = { change = 55, change_pct = 5.0 }\n";
        let new = file("2026.toml", 2026, "본예산", 1155, stated);
        let fits = Some("2025-supp.toml 2025 제1회 추경".to_owned());
        assert_eq!(
            findings(&[passed, supp, new]),
            [
                ("stated-change", Severity::Warning, fits.clone()),
                ("stated-change-pct", Severity::Warning, fits),
            ]
        );
    }

    #[test]
    fn a_figure_that_fits_no_version_stays_an_error() {
        let [passed, supp] = year_2025();
        // 55 fits the supplementary budget, 6% fits nothing: the pair does
        // not fit it, so both stay errors against the usual base.
        let stated = "stated = { change = 55, change_pct = 6.0 }\n";
        let new = file("2026.toml", 2026, "본예산", 1155, stated);
        assert_eq!(
            findings(&[passed, supp, new]),
            [
                ("stated-change", Severity::Error, None),
                ("stated-change-pct", Severity::Error, None),
            ]
        );
    }

    #[test]
    fn a_named_base_is_taken_at_its_word() {
        let [passed, supp] = year_2025();
        let stated = "stated = { change = 55, base = \"2025 본예산\" }\n";
        let new = file("2026.toml", 2026, "본예산", 1155, stated);
        assert_eq!(
            findings(&[passed, supp, new]),
            [("stated-change", Severity::Error, None)]
        );
        // Naming the version it fits makes it pass.
        let [passed, supp] = year_2025();
        let stated = "stated = { change = 55, base = \"2025 추경\" }\n";
        let new = file("2026.toml", 2026, "본예산", 1155, stated);
        assert_eq!(findings(&[passed, supp, new]), []);
    }

    #[test]
    fn a_supplementary_budget_without_the_one_before_it_names_the_version_it_fits() {
        // The second supplementary budget (1,100) against the passed budget
        // (1,000): the first supplementary budget, its usual base, is
        // missing, so nothing is checked; the figures fit the passed one.
        let passed = file("2025.toml", 2025, "본예산", 1000, "");
        let stated = "stated = { change = 100, change_pct = 10.0 }\n";
        let supp = file("2025-supp2.toml", 2025, "제2회 추경", 1100, stated);
        let fits = Some("2025.toml 2025 본예산".to_owned());
        assert_eq!(
            findings(&[passed, supp]),
            [
                ("stated-change", Severity::Info, fits.clone()),
                ("stated-change-pct", Severity::Info, fits),
            ]
        );
        // Figures that do not fit it are only "not checked".
        let passed = file("2025.toml", 2025, "본예산", 1000, "");
        let stated = "stated = { change = 50 }\n";
        let supp = file("2025-supp2.toml", 2025, "제2회 추경", 1100, stated);
        assert_eq!(
            findings(&[passed, supp]),
            [("stated-change", Severity::Info, None)]
        );
    }

    #[test]
    fn a_later_version_of_the_same_year_is_no_base() {
        // A proposal of 1,155 against a passed budget of the same year
        // (1,100) that came after it: 55 fits it, but a publisher cannot
        // have compared with a budget not yet passed.
        let stated = "stated = { change = 55 }\n";
        let files = [
            file("2025.toml", 2025, "본예산", 1000, ""),
            file("2026-proposal.toml", 2026, "예산안", 1155, stated),
            file("2026.toml", 2026, "본예산", 1100, ""),
        ];
        assert_eq!(findings(&files), [("stated-change", Severity::Error, None)]);
    }
}
