//! Consistency across files: the year against the file's name, one file
//! per region, year and phase, and an item's category across years.

use std::path::Path;

use super::base::same_region;
use super::{FileReport, Said};
use crate::check::rule;
use crate::model::{Item, YearFile};
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
    if named == file.year {
        out.on(rule::YEAR_FILENAME, file.year_at).passed(Said::new(
            format!("year {} matches the file name", file.year),
            format!("연도 {}: 파일 이름과 일치", file.year),
        ));
    } else {
        out.on(rule::YEAR_FILENAME, file.year_at).error(Said::new(
            format!("`year` = {} but the file name says {named}", file.year),
            format!("`year` = {}, 파일 이름은 {named}", file.year),
        ));
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
    let phase = file
        .phase
        .as_deref()
        .map_or_else(|| "no phase".to_owned(), |p| format!("phase {p}"));
    let phase_ko = file
        .phase
        .as_deref()
        .map_or_else(|| "단계 없음".to_owned(), ToOwned::to_owned);
    out.on(rule::DUPLICATE_YEAR, file.year_at).error(Said::new(
        format!(
            "{} {} ({phase}) is also in {}; keep one file per year and phase",
            file.region, file.year, first.path
        ),
        format!(
            "{} {}({phase_ko}) 파일이 {}에도 있습니다. 연도와 단계마다 파일 하나만 두세요",
            file.region, file.year, first.path
        ),
    ));
}

/// An id whose category differs from the previous year's.
pub(super) fn category_changed(
    item: &Item,
    previous: &YearFile,
    old: &Item,
    out: &mut FileReport<'_>,
) {
    if old.category == item.category {
        return;
    }
    out.on(rule::CATEGORY_CHANGED, item.category_at)
        .warning(Said::new(
            format!(
                "`{}` is in `{}` here but was in `{}` in {} (line {}): subtotals are not \
                 comparable across the years",
                item.id, item.category, old.category, previous.path, old.line
            ),
            format!(
                "`{}`의 분류가 여기서는 `{}`, {}({}행)에서는 `{}`입니다: 연도 간 소계를 비교할 수 \
                 없습니다",
                item.id, item.category, previous.path, old.line, old.category
            ),
        ));
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
