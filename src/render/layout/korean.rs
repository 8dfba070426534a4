//! Korean words for what files write in English: statuses, the usual
//! budget phases and the usual count keys. Words not listed here are
//! shown as written: a file may name its phases and counts in any
//! language, and a label the file gives its own count keys
//! (`count_labels`) always wins.

use crate::model::Status;
use crate::phase::PhaseKind;

/// `실적`, `계획`, `목표`, `한도`.
pub fn status(status: Status) -> &'static str {
    match status {
        Status::Actual => "실적",
        Status::Planned => "계획",
        Status::Target => "목표",
        Status::Cap => "한도",
    }
}

/// The status of an item in a file of the given phase: an `actual` item
/// (the default status) of a budget (예산안, 본예산, 추경, 최종예산) is
/// money budgeted, `예산`, not results (`실적`), which only settled
/// accounts or an unknown phase show.
pub fn status_in_phase(status: Status, phase: Option<&str>) -> &'static str {
    let budget = phase
        .and_then(PhaseKind::recognise)
        .is_some_and(|kind| kind != PhaseKind::Settlement);
    match status {
        Status::Actual if budget => "예산",
        _ => self::status(status),
    }
}

/// English phase spellings and their Korean names, matched ignoring case
/// and the difference between `-`, `_` and a space. A numbered
/// supplementary budget (`supplementary-2`) is handled apart.
const PHASES: &[(&str, &str)] = &[
    ("proposal", "예산안"),
    ("proposed", "예산안"),
    ("draft", "예산안"),
    ("original", "본예산"),
    ("passed", "본예산"),
    ("enacted", "본예산"),
    ("supplementary", "추경"),
    ("final", "최종예산"),
    ("settlement", "결산"),
    ("settled", "결산"),
    ("closing", "결산"),
    // What was executed is settled accounts, as the phase model has it.
    ("executed", "결산"),
    ("actual", "실적"),
    ("planned", "계획"),
    ("plan", "계획"),
];

/// The Korean name of a phase written in English (`executed` → `집행`,
/// `supplementary-2` → `제2회 추경`), or `None` to show it as written.
pub fn phase(written: &str) -> Option<String> {
    let key = written.trim().to_lowercase().replace(['_', ' '], "-");
    if let Some(number) = key
        .strip_prefix("supplementary-")
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    {
        return Some(format!("제{}회 추경", number.trim_start_matches('0')));
    }
    PHASES
        .iter()
        .find(|(english, _)| *english == key)
        .map(|(_, korean)| (*korean).to_owned())
}

/// How Korean names a count: the thing counted and its counter word
/// (`companies` → 기업, 개사: `기업 9개사`, `억원/개사`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountWords {
    pub noun: &'static str,
    pub counter: &'static str,
}

const fn words(noun: &'static str, counter: &'static str) -> CountWords {
    CountWords { noun, counter }
}

/// The usual count keys of English files.
const COUNTS: &[(&str, CountWords)] = &[
    ("companies", words("기업", "개사")),
    ("company", words("기업", "개사")),
    ("firms", words("기업", "개사")),
    ("businesses", words("기업", "개사")),
    ("smes", words("중소기업", "개사")),
    ("jobs", words("일자리", "명")),
    ("employees", words("고용", "명")),
    ("people", words("인원", "명")),
    ("persons", words("인원", "명")),
    ("residents", words("주민", "명")),
    ("beneficiaries", words("수혜자", "명")),
    ("participants", words("참여자", "명")),
    ("students", words("학생", "명")),
    ("households", words("가구", "가구")),
    ("projects", words("사업", "건")),
    ("programmes", words("사업", "건")),
    ("programs", words("사업", "건")),
    ("issues", words("해결 과제", "건")),
    ("cases", words("건수", "건")),
    ("complexes", words("단지", "곳")),
    ("sites", words("개소", "곳")),
    ("facilities", words("시설", "곳")),
    ("events", words("행사", "회")),
];

/// The Korean words of a usual count key, or `None` to show it as written.
pub fn count(key: &str) -> Option<CountWords> {
    let key = key.trim().to_lowercase();
    COUNTS
        .iter()
        .find(|(english, _)| *english == key)
        .map(|(_, words)| *words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_phases_have_korean_names() {
        assert_eq!(phase("executed").as_deref(), Some("결산"));
        assert_eq!(phase("Planned").as_deref(), Some("계획"));
        assert_eq!(phase("original").as_deref(), Some("본예산"));
        assert_eq!(phase("supplementary-2").as_deref(), Some("제2회 추경"));
        assert_eq!(phase("supplementary_1").as_deref(), Some("제1회 추경"));
        assert_eq!(phase("supplementary").as_deref(), Some("추경"));
        // Korean spellings and unknown words are shown as written.
        assert_eq!(phase("본예산"), None);
        assert_eq!(phase("mid-year review"), None);
        assert_eq!(phase("supplementary-x"), None);
    }

    #[test]
    fn usual_count_keys_have_counters() {
        assert_eq!(count("companies").map(|w| w.counter), Some("개사"));
        assert_eq!(count("jobs").map(|w| w.counter), Some("명"));
        assert_eq!(count("projects").map(|w| w.counter), Some("건"));
        assert_eq!(count("기업"), None);
        assert_eq!(count("widgets"), None);
    }

    #[test]
    fn every_status_has_a_korean_name() {
        let names: Vec<&str> = [Status::Actual, Status::Planned, Status::Target, Status::Cap]
            .into_iter()
            .map(status)
            .collect();
        assert_eq!(names, ["실적", "계획", "목표", "한도"]);
    }

    #[test]
    fn actual_money_of_a_budget_is_budgeted_money() {
        for budget in [
            "본예산",
            "passed",
            "예산안",
            "제1회 추경",
            "supplementary-2",
            "final",
        ] {
            assert_eq!(
                status_in_phase(Status::Actual, Some(budget)),
                "예산",
                "{budget}"
            );
        }
        for settled in ["결산", "executed", "settlement"] {
            assert_eq!(
                status_in_phase(Status::Actual, Some(settled)),
                "실적",
                "{settled}"
            );
        }
        assert_eq!(status_in_phase(Status::Actual, None), "실적");
        assert_eq!(status_in_phase(Status::Actual, Some("quarterly")), "실적");
        assert_eq!(status_in_phase(Status::Planned, Some("본예산")), "계획");
        assert_eq!(status_in_phase(Status::Cap, Some("본예산")), "한도");
    }

    #[test]
    fn executed_is_settlement_as_in_the_phase_model() {
        assert_eq!(phase("executed").as_deref(), Some("결산"));
        assert_eq!(
            PhaseKind::recognise("executed")
                .map(PhaseKind::name_ko)
                .as_deref(),
            Some("결산")
        );
    }
}
