//! Budget phases: what a file's free-text `phase` names, the order a
//! budget goes through them, and what publishers compare each one with.
//!
//! A budget is proposed (예산안, 정부안, 概算, proposal), passed (본예산,
//! 당초예산, 当初, original, enacted), amended by supplementary budgets
//! (1회 추경, 제2회 추가경정예산, 補正, supplementary-2), and finally settled
//! (최종예산 is the last amended budget; 결산, 決算, settlement is what was
//! spent). The `phase` field stays free text: a spelling this module does
//! not recognise is kept as written and sorted after the known ones.
#![warn(clippy::arithmetic_side_effects)]

use std::cmp::Ordering;
use std::fmt;

use serde::Serialize;

/// A recognised budget phase, in the order a budget goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "number")]
pub enum PhaseKind {
    /// The budget as proposed to the council or parliament.
    Proposal,
    /// The original budget as passed (본예산, 당초예산).
    Passed,
    /// The n-th supplementary budget (an unnumbered one counts as the first).
    Supplementary(u32),
    /// The budget after its last amendment (최종예산).
    Final,
    /// What was spent: the settled accounts (결산).
    Settlement,
}

/// Spellings, matched on the phase lower-cased with spaces, `-` and `_`
/// removed, in this order: a supplementary proposal (추경안) is a
/// supplementary budget, a final budget (최종예산) is not a passed one.
const SUPPLEMENTARY: &[&str] = &["supplementary", "supp", "추경", "추가경정", "補正", "补正"];
const SETTLEMENT: &[&str] = &[
    "settlement",
    "settled",
    "executed",
    "actual",
    "closing",
    "결산",
    "決算",
];
const FINAL: &[&str] = &["final", "amended", "최종", "最終"];
const PROPOSAL: &[&str] = &[
    "proposal",
    "proposed",
    "preliminary",
    "recommended",
    "tentative",
    "executive",
    "draft",
    "request",
    "예산안",
    "정부안",
    "편성안",
    "概算",
    "要求",
    "予算案",
    "政府案",
];
const PASSED: &[&str] = &[
    "passed",
    "enacted",
    "adopted",
    "approved",
    "original",
    "planned",
    "plan",
    "budget",
    "본예산",
    "당초",
    "확정",
    "예산",
    "当初",
    "本予算",
];

impl PhaseKind {
    /// The kind a phase's text names, or `None` for a spelling not known.
    pub fn recognise(text: &str) -> Option<PhaseKind> {
        let key: String = text
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
            .collect();
        let has = |words: &[&str]| words.iter().any(|w| key.contains(w));
        if has(SUPPLEMENTARY) {
            Some(PhaseKind::Supplementary(ordinal(&key).unwrap_or(1)))
        } else if has(SETTLEMENT) {
            Some(PhaseKind::Settlement)
        } else if has(FINAL) {
            Some(PhaseKind::Final)
        } else if has(PROPOSAL) {
            Some(PhaseKind::Proposal)
        } else if has(PASSED) {
            Some(PhaseKind::Passed)
        } else {
            None
        }
    }

    /// The phase publishers compare a figure of this phase with, and
    /// whether it is in the same year (`true`) or the year before.
    pub fn default_base(self) -> (PhaseKind, BaseYear) {
        match self {
            PhaseKind::Proposal | PhaseKind::Passed => (PhaseKind::Passed, BaseYear::Earlier),
            PhaseKind::Supplementary(1) => (PhaseKind::Passed, BaseYear::Same),
            // n is at least 2 here: 1 is the arm above.
            PhaseKind::Supplementary(n) => (
                PhaseKind::Supplementary(n.saturating_sub(1)),
                BaseYear::Same,
            ),
            PhaseKind::Final => (PhaseKind::Final, BaseYear::Earlier),
            PhaseKind::Settlement => (PhaseKind::Settlement, BaseYear::Earlier),
        }
    }

    /// The English name used in messages.
    pub fn name_en(self) -> String {
        match self {
            PhaseKind::Proposal => "proposal".into(),
            PhaseKind::Passed => "passed budget".into(),
            PhaseKind::Supplementary(n) => format!("supplementary budget {n}"),
            PhaseKind::Final => "final budget".into(),
            PhaseKind::Settlement => "settlement".into(),
        }
    }

    /// The Korean name used in messages.
    pub fn name_ko(self) -> String {
        match self {
            PhaseKind::Proposal => "예산안".into(),
            PhaseKind::Passed => "본예산".into(),
            PhaseKind::Supplementary(n) => format!("제{n}회 추경"),
            PhaseKind::Final => "최종예산".into(),
            PhaseKind::Settlement => "결산".into(),
        }
    }
}

impl fmt::Display for PhaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name_en())
    }
}

/// Where a default base lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseYear {
    /// The same year's earlier version (a supplementary budget's).
    Same,
    /// The nearest earlier year.
    Earlier,
}

/// The number of a supplementary budget: the first run of digits
/// (`제2회`, `2차`, `supplementary-2`, `第2次`), or an English ordinal.
fn ordinal(key: &str) -> Option<u32> {
    let digits: String = key
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    if let Ok(number) = digits.parse::<u32>() {
        return (number > 0).then_some(number);
    }
    const WORDS: [(&str, u32); 5] = [
        ("first", 1),
        ("second", 2),
        ("third", 3),
        ("fourth", 4),
        ("fifth", 5),
    ];
    WORDS
        .iter()
        .find(|(word, _)| key.contains(word))
        .map(|(_, n)| *n)
}

/// Where a phase stands in a budget's life, for sorting: no phase first,
/// then the known phases in order, then spellings not recognised.
pub fn rank(phase: Option<&str>) -> (u8, Option<PhaseKind>) {
    match phase {
        None => (0, None),
        Some(text) => match PhaseKind::recognise(text) {
            Some(kind) => (1, Some(kind)),
            None => (2, None),
        },
    }
}

/// Orders two phases of the same year as a budget goes through them;
/// phases of the same rank by their text.
pub fn order(a: Option<&str>, b: Option<&str>) -> Ordering {
    rank(a).cmp(&rank(b)).then_with(|| a.cmp(&b))
}

/// Whether a phase as written matches a phase asked for (`base = "2025
/// 본예산"` asks for the passed budget, however the file spells it).
pub fn matches(written: Option<&str>, asked: &str) -> bool {
    let Some(written) = written else {
        return false;
    };
    match (PhaseKind::recognise(written), PhaseKind::recognise(asked)) {
        (Some(a), Some(b)) => a == b,
        _ => written.trim().to_lowercase() == asked.trim().to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<PhaseKind> {
        PhaseKind::recognise(text)
    }

    #[test]
    fn korean_english_and_japanese_spellings_are_recognised() {
        use PhaseKind::*;
        for text in [
            "예산안",
            "본예산안",
            "정부안",
            "2026년도 예산안",
            "draft",
            "proposal",
            "概算要求",
        ] {
            assert_eq!(kind(text), Some(Proposal), "{text}");
        }
        for text in [
            "본예산",
            "당초예산",
            "original",
            "enacted",
            "planned",
            "当初予算",
            "예산",
        ] {
            assert_eq!(kind(text), Some(Passed), "{text}");
        }
        for text in [
            "추경",
            "1회추경",
            "제1회 추가경정예산",
            "supplementary",
            "補正予算",
        ] {
            assert_eq!(kind(text), Some(Supplementary(1)), "{text}");
        }
        for text in [
            "제2회추경",
            "2차 추경",
            "supplementary-2",
            "second supplementary",
            "第2次補正",
        ] {
            assert_eq!(kind(text), Some(Supplementary(2)), "{text}");
        }
        assert_eq!(kind("제1회 추경안"), Some(Supplementary(1)));
        assert_eq!(kind("최종예산"), Some(Final));
        assert_eq!(kind("final"), Some(Final));
        // US local budgets: "the amended 2011 Budget", "the Preliminary
        // Budget", "the City Manager's Recommended Budget".
        assert_eq!(kind("Amended Budget"), Some(Final));
        assert_eq!(kind("preliminary"), Some(Proposal));
        assert_eq!(kind("Recommended Budget"), Some(Proposal));
        assert_eq!(kind("Tentative Budget"), Some(Proposal));
        // A governor's or president's proposal, not a budget executed.
        assert_eq!(kind("Executive Budget"), Some(Proposal));
        // A Tokyo ward's 予算要求 (the departments' requests), as "request".
        assert_eq!(kind("予算要求"), Some(Proposal));
        for text in ["결산", "executed", "settlement", "決算"] {
            assert_eq!(kind(text), Some(Settlement), "{text}");
        }
        assert_eq!(kind("mid-year review"), None);
    }

    #[test]
    fn phases_sort_as_a_budget_goes_through_them() {
        let mut phases = vec![
            Some("결산"),
            Some("제2회추경"),
            Some("추경"),
            Some("mid-year review"),
            Some("본예산"),
            None,
            Some("예산안"),
            Some("최종예산"),
        ];
        phases.sort_by(|a, b| order(*a, *b));
        assert_eq!(
            phases,
            [
                None,
                Some("예산안"),
                Some("본예산"),
                Some("추경"),
                Some("제2회추경"),
                Some("최종예산"),
                Some("결산"),
                Some("mid-year review"),
            ]
        );
    }

    #[test]
    fn each_phase_has_its_publishers_base() {
        use PhaseKind::*;
        assert_eq!(Proposal.default_base(), (Passed, BaseYear::Earlier));
        assert_eq!(Passed.default_base(), (Passed, BaseYear::Earlier));
        assert_eq!(Supplementary(1).default_base(), (Passed, BaseYear::Same));
        assert_eq!(
            Supplementary(3).default_base(),
            (Supplementary(2), BaseYear::Same)
        );
        assert_eq!(Settlement.default_base(), (Settlement, BaseYear::Earlier));
    }

    #[test]
    fn a_phase_asked_for_matches_any_spelling_of_it() {
        assert!(matches(Some("당초예산"), "본예산"));
        assert!(matches(Some("original"), "passed"));
        assert!(!matches(Some("예산안"), "본예산"));
        assert!(matches(Some("Mid-year"), "mid-year"));
        assert!(!matches(None, "본예산"));
    }
}
