//! The periods of a trend: which files make one series (one region, one
//! file per year and phase), and their order in time.
#![warn(clippy::arithmetic_side_effects)]

use std::cmp::Ordering;

use super::{Period, Trend};
use crate::model::YearFile;
use crate::render::Lang;

/// Why files cannot make one series.
#[derive(Debug, thiserror::Error)]
pub enum PeriodError {
    /// Files of different regions, not asked for (`--mixed-regions`).
    #[error(
        "the files are of different regions: {regions}; a trend follows one region \
         (pass --mixed-regions to show them together anyway)"
    )]
    MixedRegions {
        /// Each region with its files: `수원시 (a.toml), Gyeongju (b.toml)`.
        regions: String,
    },
    /// Two files for the same region, year and phase.
    #[error(
        "{}: {} {year} ({}) is also in {}; a trend takes one file per year and phase",
        crate::quote::visible(.second),
        crate::quote::short(.region),
        crate::quote::short(.phase),
        crate::quote::visible(.first)
    )]
    DuplicatePeriod {
        first: String,
        second: String,
        region: String,
        year: i64,
        phase: String,
    },
}

/// Checks that `files` make one series: one region (unless
/// `mixed_regions`), and one file per region, year and phase (phases
/// compared as `check`'s `duplicate-year` rule does: `본예산` and
/// `당초예산` are one phase). Returns the warning a mix of regions gets, in
/// `lang`.
pub fn check_periods<'f>(
    files: impl IntoIterator<Item = &'f YearFile>,
    mixed_regions: bool,
    lang: Lang,
) -> Result<Option<String>, PeriodError> {
    let mut seen: Vec<&YearFile> = Vec::new();
    for file in files {
        if let Some(first) = seen.iter().find(|f| same_period(f, file)) {
            return Err(PeriodError::DuplicatePeriod {
                first: first.path.clone(),
                second: file.path.clone(),
                region: file.region.clone(),
                year: file.year,
                phase: file.phase.clone().unwrap_or_else(|| "no phase".to_owned()),
            });
        }
        seen.push(file);
    }
    let mut regions: Vec<(&str, Vec<&str>)> = Vec::new();
    for file in &seen {
        let region = file.region.trim();
        match regions.iter_mut().find(|(r, _)| *r == region) {
            Some((_, paths)) => paths.push(&file.path),
            None => regions.push((region, vec![&file.path])),
        }
    }
    if regions.len() < 2 {
        return Ok(None);
    }
    let regions = regions
        .iter()
        .map(|(region, paths)| {
            let paths: Vec<String> = paths
                .iter()
                .map(|path| crate::quote::visible(path).into_owned())
                .collect();
            format!("{} ({})", crate::quote::short(region), paths.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ");
    if mixed_regions {
        Ok(Some(match lang {
            Lang::En => format!("one series of different regions, as asked: {regions}"),
            Lang::Ko => format!("요청대로 서로 다른 지역을 한 계열로 봅니다: {regions}"),
        }))
    } else {
        Err(PeriodError::MixedRegions { regions })
    }
}

/// Same region, year and phase.
fn same_period(a: &YearFile, b: &YearFile) -> bool {
    let phase_key = |file: &YearFile| {
        file.phase
            .as_ref()
            .map(|p| match crate::phase::PhaseKind::recognise(p) {
                Some(kind) => kind.name_en(),
                None => p.trim().to_lowercase(),
            })
    };
    a.region.trim() == b.region.trim() && a.year == b.year && phase_key(a) == phase_key(b)
}

impl Trend {
    /// The regions of the periods, each once, in time order: one for a
    /// proper trend, more with `--mixed-regions`.
    pub fn regions(&self) -> Vec<&str> {
        let mut regions: Vec<&str> = Vec::new();
        for period in &self.periods {
            if !regions.contains(&period.region.as_str()) {
                regions.push(&period.region);
            }
        }
        regions
    }
}

pub(super) fn period(file: &YearFile) -> Period {
    Period {
        file: file.path.clone(),
        year: file.year,
        phase: file.phase.clone(),
        region: file.region.clone(),
        file_unit: file.unit,
        label: match &file.phase {
            Some(phase) => format!("{} {phase}", file.year),
            None => file.year.to_string(),
        },
    }
}

/// Year, then budget phase in the order a budget goes through them
/// (see [`crate::phase`]).
pub(super) fn period_order(a: &YearFile, b: &YearFile) -> Ordering {
    a.year
        .cmp(&b.year)
        .then_with(|| crate::phase::order(a.phase.as_deref(), b.phase.as_deref()))
        .then_with(|| a.path.cmp(&b.path))
}
