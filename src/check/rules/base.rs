//! The file a stated change is compared with: the one a `base` names, or
//! the publishers' usual base for the file's phase (see [`crate::phase`]),
//! or else the nearest earlier year.

use crate::check::Severity;
use crate::check::said::{BaseName, UsualBase, Why};
use crate::model::{BaseRef, Located, YearFile};
use crate::phase::{BaseYear, PhaseKind};

/// Why a stated change has nothing to be compared with.
#[derive(Debug, Clone)]
pub(super) struct NoBase {
    pub(super) severity: Severity,
    pub(super) why: Why,
}

/// The file a figure of `file` is compared with: the one `asked` names,
/// or the publishers' usual base for the file's phase (see
/// [`crate::phase`]). A file without a recognised phase is compared with
/// the nearest earlier year (the file with the same phase, if several).
pub(super) fn find_base(
    files: &[&YearFile],
    file: &YearFile,
    asked: Option<&Located<BaseRef>>,
) -> Result<Base, NoBase> {
    if let Some(asked) = asked {
        return named_base(files, file, &asked.value).map(Base::usual);
    }
    let Some(kind) = file.phase.as_deref().and_then(PhaseKind::recognise) else {
        return previous_year(files, file)
            .map(Base::usual)
            .ok_or_else(|| no_earlier_year(files, file));
    };
    let (wanted, when) = kind.default_base();
    let year = match when {
        BaseYear::Same => file.year,
        BaseYear::Earlier => {
            nearest_earlier_year(files, file).ok_or_else(|| no_earlier_year(files, file))?
        }
    };
    let of_year = |f: &&YearFile| same_region(f, file) && f.year == year && !std::ptr::eq(*f, file);
    let recognised = |f: &YearFile| f.phase.as_deref().and_then(PhaseKind::recognise);
    let usual = files
        .iter()
        .position(|f| of_year(f) && recognised(f) == Some(wanted))
        .or_else(|| {
            // A file without a phase stands for the year as a whole.
            (when == BaseYear::Earlier)
                .then(|| files.iter().position(|f| of_year(f) && f.phase.is_none()))
                .flatten()
        });
    if let Some(index) = usual {
        return Ok(Base::usual(index));
    }
    let missing = UsualBase { wanted, year };
    match (when, previous_year(files, file)) {
        // Another version of the year before, as `check` always took: a
        // mismatch is then doubtful, not an error.
        (BaseYear::Earlier, Some(index)) => Ok(Base {
            index,
            usual_missing: Some(missing),
        }),
        _ => Err(NoBase {
            severity: Severity::Info,
            why: Why::UsualBaseMissing {
                kind,
                usual: missing,
            },
        }),
    }
}

/// The file a change is compared with.
#[derive(Debug, Clone)]
pub(super) struct Base {
    pub(super) index: usize,
    /// When the publishers' usual base is missing and another version of
    /// that year stands in: the usual one, for the message.
    pub(super) usual_missing: Option<UsualBase>,
}

impl Base {
    pub(super) fn usual(index: usize) -> Base {
        Base {
            index,
            usual_missing: None,
        }
    }
}

/// Nothing earlier to compare `file` with. When the region has an earlier
/// file in another currency, say so: "no earlier year" alone would send
/// the reader looking for a file that is right there.
pub(super) fn no_earlier_year(files: &[&YearFile], file: &YearFile) -> NoBase {
    let in_other_currency = files
        .iter()
        .filter(|f| f.region.trim() == file.region.trim() && f.year < file.year)
        .max_by_key(|f| f.year);
    let why = match in_other_currency {
        Some(other) => Why::EarlierInOtherCurrency {
            region: file.region.clone(),
            path: other.path.clone(),
            currency: file.unit.currency(),
            other: other.unit.currency(),
        },
        None => Why::NoEarlierYear {
            region: file.region.clone(),
        },
    };
    NoBase {
        severity: Severity::Info,
        why,
    }
}

/// The file `base = "2025 본예산"` names.
pub(super) fn named_base(
    files: &[&YearFile],
    file: &YearFile,
    asked: &BaseRef,
) -> Result<usize, NoBase> {
    let year = asked.year.unwrap_or(file.year);
    let named: Vec<usize> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| same_region(f, file) && f.year == year && !std::ptr::eq(**f, file))
        .filter(|(_, f)| {
            asked
                .phase
                .as_deref()
                .is_none_or(|phase| crate::phase::matches(f.phase.as_deref(), phase))
        })
        .map(|(index, _)| index)
        .collect();
    match named.as_slice() {
        [one] => Ok(*one),
        [] => Err(NoBase {
            severity: Severity::Warning,
            why: Why::NamedBaseNone {
                asked: asked.to_string(),
                region: file.region.clone(),
            },
        }),
        _ => Err(NoBase {
            severity: Severity::Warning,
            why: Why::NamedBaseMany {
                asked: asked.to_string(),
                region: file.region.clone(),
                count: named.len(),
            },
        }),
    }
}

pub(super) fn nearest_earlier_year(files: &[&YearFile], file: &YearFile) -> Option<i64> {
    files
        .iter()
        .filter(|f| same_region(f, file) && f.year < file.year)
        .map(|f| f.year)
        .max()
}

/// The index of the file's previous year: the nearest lower `year` of the
/// same region, preferring the same phase, then the first given.
pub(super) fn previous_year(files: &[&YearFile], file: &YearFile) -> Option<usize> {
    let earlier = || {
        files
            .iter()
            .enumerate()
            .filter(|(_, f)| same_region(f, file) && f.year < file.year)
    };
    let year = earlier().map(|(_, f)| f.year).max()?;
    let candidates = || earlier().filter(|(_, f)| f.year == year);
    candidates()
        .find(|(_, f)| f.phase == file.phase)
        .or_else(|| candidates().next())
        .map(|(index, _)| index)
}

/// Same region, and same currency: a file in another currency is never a
/// base for a stated change (no exchange rate is applied).
pub(super) fn same_region(a: &YearFile, b: &YearFile) -> bool {
    a.region.trim() == b.region.trim() && a.unit.currency() == b.unit.currency()
}

/// A file as a base in messages: its path and phase.
pub(super) fn base_name(file: &YearFile) -> BaseName {
    BaseName {
        path: file.path.clone(),
        phase: file.phase.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::file;
    use super::*;
    use crate::check::render::words::{usual_base_en, usual_base_ko};
    use crate::load::parse_str;

    #[test]
    fn without_a_known_phase_the_base_is_the_nearest_lower_year_of_the_same_region() {
        let files = [
            file("a.toml", 2023, "G", None),
            file("b.toml", 2024, "G", Some("mid-year")),
            file("c.toml", 2024, "G", Some("review")),
            file("d.toml", 2024, "Other", Some("review")),
            file("e.toml", 2025, "G", Some("review")),
            file("f.toml", 2025, "G", Some("other")),
        ];
        let all: Vec<&YearFile> = files.iter().collect();
        let base = |index: usize| base_path(&all, &files[index]);
        // Same phase first, then the first given.
        assert_eq!(base(4), Some("c.toml"));
        assert_eq!(base(5), Some("b.toml"));
        assert_eq!(base(1), Some("a.toml"));
        assert_eq!(base(0), None);
        assert_eq!(base(3), None);
    }

    fn base_path<'f>(files: &[&'f YearFile], file: &YearFile) -> Option<&'f str> {
        find_base(files, file, file.base.as_ref())
            .ok()
            .map(|b| files[b.index].path.as_str())
    }

    #[test]
    fn each_phase_is_compared_with_its_publishers_base() {
        let files = [
            file("2025-proposal.toml", 2025, "G", Some("예산안")),
            file("2025-passed.toml", 2025, "G", Some("본예산")),
            file("2025-supp1.toml", 2025, "G", Some("제1회 추경")),
            file("2025-settled.toml", 2025, "G", Some("결산")),
            file("2026-proposal.toml", 2026, "G", Some("2026년도 예산안")),
            file("2026-passed.toml", 2026, "G", Some("당초예산")),
            file("2026-supp1.toml", 2026, "G", Some("1회추경")),
            file("2026-supp2.toml", 2026, "G", Some("제2회 추가경정예산")),
            file("2026-settled.toml", 2026, "G", Some("settlement")),
            file("2026-supp4.toml", 2026, "G", Some("supplementary-4")),
        ];
        let all: Vec<&YearFile> = files.iter().collect();
        let base = |index: usize| base_path(&all, &files[index]);
        // A proposal and a passed budget: last year's passed budget.
        assert_eq!(base(4), Some("2025-passed.toml"));
        assert_eq!(base(5), Some("2025-passed.toml"));
        // A supplementary budget: the same year's version before it.
        assert_eq!(base(2), Some("2025-passed.toml"));
        assert_eq!(base(6), Some("2026-passed.toml"));
        assert_eq!(base(7), Some("2026-supp1.toml"));
        // Without the third, the fourth is not compared with anything.
        assert_eq!(base(9), None);
        // A settlement: last year's settlement.
        assert_eq!(base(8), Some("2025-settled.toml"));
        // No earlier year.
        assert_eq!(base(1), None);
    }

    #[test]
    fn a_missing_usual_base_is_stood_in_for_and_said() {
        let files = [
            file("2025.toml", 2025, "G", Some("executed")),
            file("2026.toml", 2026, "G", Some("planned")),
        ];
        let all: Vec<&YearFile> = files.iter().collect();
        let base = find_base(&all, &files[1], None).unwrap();
        assert_eq!(base.index, 0);
        let usual = base.usual_missing.unwrap();
        assert_eq!(usual_base_en(usual), "the passed budget of 2025 (본예산)");
        assert_eq!(usual_base_ko(usual), "2025년 본예산");
    }

    #[test]
    fn a_named_base_is_found_by_year_and_any_spelling_of_its_phase() {
        let with_base = |path: &str, year: i64, phase: &str, base: &str| {
            parse_str(
                &format!("year = {year}\nregion = \"G\"\nphase = \"{phase}\"\nbase = \"{base}\"\n"),
                path,
            )
            .unwrap()
        };
        let files = [
            file("2025-proposal.toml", 2025, "G", Some("예산안")),
            file("2025-passed.toml", 2025, "G", Some("original")),
            with_base("a.toml", 2026, "예산안", "2025 예산안"),
            with_base("b.toml", 2026, "제2회 추경", "본예산"),
            with_base("c.toml", 2026, "결산", "2025"),
            with_base("d.toml", 2026, "결산", "2024 본예산"),
            file("2026-passed.toml", 2026, "G", Some("passed")),
        ];
        let all: Vec<&YearFile> = files.iter().collect();
        let base = |index: usize| base_path(&all, &files[index]);
        assert_eq!(base(2), Some("2025-proposal.toml"));
        assert_eq!(base(3), Some("2026-passed.toml"));
        // Two files of 2025, and none of 2024: not found.
        assert_eq!(base(4), None);
        assert_eq!(base(5), None);
    }
}
