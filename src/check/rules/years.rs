//! Consistency across files: the year against the file's name, one file
//! per region, year and phase, and an item's category across years.

use std::path::Path;

use super::FileReport;
use super::base::same_region;
use crate::check::roster::Listed;
use crate::check::rule;
use crate::check::said::Said;
use crate::model::YearFile;
use crate::phase::PhaseKind;

/// A phase for telling files apart: its kind if recognised (`본예산` and
/// `당초예산` are the same phase), else its text.
pub(super) fn phase_key(file: &YearFile) -> Option<String> {
    file.phase.as_ref().map(|p| match PhaseKind::recognise(p) {
        Some(kind) => kind.name_en(),
        None => p.trim().to_lowercase(),
    })
}

/// `2025.toml` (or `budget-2025-final.toml`) holds `year = 2025`.
pub(super) fn year_matches_file_name(file: &YearFile, out: &mut FileReport<'_>) {
    let Some(named) = year_in_file_name(&file.path) else {
        return;
    };
    let year = file.year;
    let entry = out.on(rule::YEAR_FILENAME, file.year_at);
    if named == year {
        entry.passed(Said::YearMatches { year });
    } else {
        entry.error(Said::YearMismatch { year, named });
    }
}

/// The one year (a run of four digits from 1900 to 2199, not part of a
/// longer number) in a file's name; `None` if there is none or several.
pub(super) fn year_in_file_name(path: &str) -> Option<i64> {
    let stem = Path::new(path).file_stem()?.to_str()?;
    let mut years = stem
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 4)
        .filter_map(|run| run.parse::<i64>().ok())
        .filter(|year| crate::model::YEARS.contains(year));
    let year = years.next()?;
    years.next().is_none().then_some(year)
}

/// Two files for the same region, year and phase.
pub(super) fn duplicate_year(earlier: &[&YearFile], file: &YearFile, out: &mut FileReport<'_>) {
    let Some(first) = earlier
        .iter()
        .find(|f| same_region(f, file) && f.year == file.year && phase_key(f) == phase_key(file))
    else {
        return;
    };
    out.on(rule::DUPLICATE_YEAR, file.year_at)
        .error(Said::DuplicateYear {
            region: file.region.clone(),
            year: file.year,
            phase: file.phase.clone(),
            first: first.path.clone(),
        });
}

/// An id whose category differs from the previous year's (`old`, the item
/// of that id in `previous`).
pub(super) fn category_changed(
    item: &Listed<'_>,
    previous: &YearFile,
    old: &Listed<'_>,
    out: &mut FileReport<'_>,
) {
    if old.category == item.category {
        return;
    }
    out.on(rule::CATEGORY_CHANGED, item.category_at)
        .warning(Said::CategoryChanged {
            id: item.id.to_owned(),
            category: item.category.to_string(),
            old_category: old.category.to_string(),
            previous: previous.path.clone(),
            old_line: old.line,
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_in_a_file_name_is_one_run_of_four_digits() {
        assert_eq!(year_in_file_name("budgets/2025.toml"), Some(2025));
        assert_eq!(year_in_file_name("gyeongju-2026-final.toml"), Some(2026));
        assert_eq!(year_in_file_name("2019/budget.toml"), None);
        assert_eq!(year_in_file_name("2024-2025.toml"), None);
        assert_eq!(year_in_file_name("20250.toml"), None);
        assert_eq!(year_in_file_name("v1234.toml"), None);
        assert_eq!(year_in_file_name("<stdin>"), None);
    }
}
