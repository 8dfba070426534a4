//! Words that differ between English and Korean output, and the titles
//! of files and periods.

use crate::report::HiddenExcluded;

/// Words that differ between English and Korean output.
pub struct Labels {
    pub category_or_item: &'static str,
    pub item: &'static str,
    pub status: &'static str,
    pub amount: &'static str,
    pub share: &'static str,
    pub per_count: &'static str,
    pub category: &'static str,
    pub total: &'static str,
    /// The grand total the file prints (`[[total]]`), beside the sum.
    pub printed_total: &'static str,
    /// Marks a printed total that is not the sum of the items.
    pub differs_from_sum: &'static str,
    pub excluded: &'static str,
    /// The status shown for a memo figure (`memo = true`).
    pub memo: &'static str,
    /// `excluded` when memo figures are among them.
    pub excluded_with_memo: &'static str,
    pub change: &'static str,
    pub change_pct: &'static str,
    pub share_change: &'static str,
    pub notes: &'static str,
    pub cagr: &'static str,
    pub sparkline: &'static str,
    pub new: &'static str,
    pub removed: &'static str,
    pub not_applicable: &'static str,
    pub renamed_from: &'static str,
    pub moved_from: &'static str,
    pub source: &'static str,
}

pub static ENGLISH: Labels = Labels {
    category_or_item: "Category / item",
    item: "Item",
    status: "Status",
    amount: "Amount",
    share: "Share",
    per_count: "Per count",
    category: "Category",
    total: "Total",
    printed_total: "Printed total",
    differs_from_sum: "≠ sum of items",
    excluded: "Targets and caps (not in totals)",
    memo: "memo",
    excluded_with_memo: "Not in totals (targets, caps and memo figures)",
    change: "Change",
    change_pct: "Change %",
    share_change: "Share change",
    notes: "Notes",
    cagr: "CAGR",
    sparkline: "Trend",
    new: "new",
    removed: "removed",
    not_applicable: "n/a",
    renamed_from: "renamed from",
    moved_from: "moved from",
    source: "Source",
};

pub static KOREAN: Labels = Labels {
    category_or_item: "분류 / 항목",
    item: "항목",
    status: "구분",
    amount: "금액",
    share: "비중",
    per_count: "단위당",
    category: "분류",
    total: "합계",
    printed_total: "발표 합계",
    differs_from_sum: "항목 합계와 다름",
    excluded: "목표·한도 (합계 제외)",
    memo: "참고",
    excluded_with_memo: "합계 제외 (목표·한도·참고 수치)",
    change: "증감",
    change_pct: "증감률",
    share_change: "비중 증감",
    notes: "비고",
    cagr: "연평균 증가율",
    sparkline: "추이",
    new: "신규",
    removed: "폐지",
    not_applicable: "해당 없음",
    renamed_from: "이전 명칭",
    moved_from: "이전 분류",
    source: "출처",
};

impl Labels {
    /// The label of a row standing for `count` folded items.
    pub fn others(&self, count: usize) -> String {
        if std::ptr::eq(self, &KOREAN) {
            format!("… 외 {count}건")
        } else {
            format!("… and {count} more")
        }
    }

    /// The label of a row standing for `count` unchanged items that
    /// `diff` leaves out without `--all`.
    pub fn unchanged(&self, count: usize) -> String {
        if std::ptr::eq(self, &KOREAN) {
            format!("… 증감 없음 {count}건")
        } else if count == 1 {
            "… 1 unchanged item".to_owned()
        } else {
            format!("… {count} unchanged items")
        }
    }

    /// The note under a diff that leaves out `count` unchanged figures not
    /// in totals (without `--all`); `None` when it leaves none out.
    pub fn unchanged_excluded(&self, count: usize) -> Option<String> {
        Some(match count {
            0 => return None,
            _ if std::ptr::eq(self, &KOREAN) => format!(
                "증감 없는 합계 제외 수치 {count}건(목표·한도·참고 수치)은 표시하지 않았습니다. --all로 표시됩니다"
            ),
            1 => "1 unchanged figure not in totals (a target, cap or memo figure) is not listed; --all lists it".to_owned(),
            _ => format!(
                "{count} unchanged figures not in totals (targets, caps or memo figures) are not listed; --all lists them"
            ),
        })
    }

    /// The note under a table whose `--depth` leaves out figures not in
    /// totals, so that no one takes its total for all the file holds;
    /// `None` when it leaves none out.
    pub fn hidden_excluded(&self, hidden: &HiddenExcluded) -> Option<String> {
        if hidden.is_empty() {
            return None;
        }
        let HiddenExcluded {
            figures,
            memo,
            depth,
            shown_at,
        } = *hidden;
        Some(if std::ptr::eq(self, &KOREAN) {
            let kinds = match (figures, memo) {
                (1, true) => "참고 수치",
                (_, true) => "목표·한도·참고 수치",
                (_, false) => "목표·한도",
            };
            format!(
                "합계 제외 수치 {figures}건({kinds})은 --depth {depth}에서 표시하지 않았습니다. --depth {shown_at}에서 표시됩니다"
            )
        } else if figures == 1 {
            let kind = if memo {
                "a memo figure"
            } else {
                "a target or cap"
            };
            format!(
                "1 figure not in totals ({kind}) is not shown at --depth {depth}; --depth {shown_at} shows it"
            )
        } else {
            let kinds = if memo {
                "targets, caps and memo figures"
            } else {
                "targets and caps"
            };
            format!(
                "{figures} figures not in totals ({kinds}) are not shown at --depth {depth}; --depth {shown_at} shows them"
            )
        })
    }
}

/// `companies` → `company`, `jobs` → `job`; other words as written.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["xes", "ches", "shes", "sses"] {
        if word.ends_with(ending) {
            return word[..word.len().saturating_sub(2)].to_owned();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !word.ends_with("ss") => stem.to_owned(),
        _ => word.to_owned(),
    }
}

/// `2025` or `2025 executed`: a column heading for one file.
pub fn period_label(year: i64, phase: Option<&str>) -> String {
    match phase {
        Some(phase) => format!("{year} {phase}"),
        None => year.to_string(),
    }
}

/// `Gyeongju 2026 (planned)`.
pub fn file_title(region: &str, year: i64, phase: Option<&str>) -> String {
    match phase {
        Some(phase) => format!("{region} {year} ({phase})"),
        None => format!("{region} {year}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_counts_read_as_singular() {
        assert_eq!(singular("companies"), "company");
        assert_eq!(singular("jobs"), "job");
        assert_eq!(singular("complexes"), "complex");
        assert_eq!(singular("branches"), "branch");
        assert_eq!(singular("business"), "business");
        assert_eq!(singular("기업"), "기업");
        assert_eq!(singular("s"), "s");
    }

    #[test]
    fn unchanged_figures_not_listed_are_counted() {
        assert_eq!(ENGLISH.unchanged_excluded(0), None);
        assert_eq!(
            ENGLISH.unchanged_excluded(1).unwrap(),
            "1 unchanged figure not in totals (a target, cap or memo figure) is not listed; --all lists it"
        );
        assert!(
            ENGLISH
                .unchanged_excluded(3)
                .unwrap()
                .starts_with("3 unchanged figures")
        );
        assert!(
            KOREAN
                .unchanged_excluded(3)
                .unwrap()
                .starts_with("증감 없는 합계 제외 수치 3건")
        );
    }

    #[test]
    fn figures_left_out_by_depth_are_named_by_kind() {
        let hidden = |figures, memo| HiddenExcluded {
            figures,
            memo,
            depth: 1,
            shown_at: 2,
        };
        assert_eq!(ENGLISH.hidden_excluded(&HiddenExcluded::default()), None);
        assert_eq!(
            ENGLISH.hidden_excluded(&hidden(2, false)).unwrap(),
            "2 figures not in totals (targets and caps) are not shown at --depth 1; --depth 2 shows them"
        );
        assert_eq!(
            KOREAN.hidden_excluded(&hidden(2, false)).unwrap(),
            "합계 제외 수치 2건(목표·한도)은 --depth 1에서 표시하지 않았습니다. --depth 2에서 표시됩니다"
        );
        assert_eq!(
            KOREAN.hidden_excluded(&hidden(1, true)).unwrap(),
            "합계 제외 수치 1건(참고 수치)은 --depth 1에서 표시하지 않았습니다. --depth 2에서 표시됩니다"
        );
    }
}
