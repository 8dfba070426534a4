//! The year file as the program sees it once loaded: one region's budget
//! figures for one year (and optionally one phase), item by item.
//!
//! The field names and meanings here are a contract with users' files; see
//! docs/year-file.md. Extend, never rename.
#![warn(clippy::arithmetic_side_effects)]

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::{Amount, Unit};
use crate::notation::Approx;

/// The years a year file may have: four digits, from the first modern
/// budgets to well past any plan. `year = 25` or `-1` is a typo, never a
/// budget year.
pub const YEARS: std::ops::RangeInclusive<i64> = 1900..=2199;

/// What is said of a year file without items, whose total of 0 is no
/// budget: on standard error by `summarize`, `diff` and `trend` (after the
/// file's name), as a `no-items` warning by `check`.
pub const NO_ITEMS: &str = "has no items ([[item]] tables), so its total is 0";

/// [`NO_ITEMS`] with `--lang ko`.
pub const NO_ITEMS_KO: &str = "항목([[item]] 표)이 없어 합계가 0입니다";

/// Whether a file with `items` items and these printed totals is one
/// without items to warn about: it has none, and no `[[total]]` says it
/// lists its lines only in part (`partial = true`, as a file of printed
/// totals alone does on purpose).
pub fn lacks_items(items: usize, totals: &[Total]) -> bool {
    items == 0 && !totals.iter().any(|total| total.partial)
}

/// One budget file.
#[derive(Debug, Clone)]
pub struct YearFile {
    /// The name the file goes by in output and errors: the path as the
    /// user gave it, `<stdin>` for standard input, and any bytes of the
    /// name that are not UTF-8 as `\xNN` ([`crate::load::display_name`]).
    pub path: String,
    pub year: i64,
    pub region: String,
    /// Unit of bare numbers in the file.
    pub unit: Unit,
    pub phase: Option<String>,
    /// `base = "2025 본예산"`: what the file's stated changes are compared
    /// with, when not the publishers' usual base for its phase.
    pub base: Option<Located<BaseRef>>,
    pub source: Option<String>,
    /// How the file's count keys are shown (`count_labels = { smes =
    /// "중소기업" }`): in place of the key, in every language.
    pub count_labels: CountLabels,
    pub items: Vec<Item>,
    /// Subtotals and totals as the publisher printed them (`[[total]]`).
    pub totals: Vec<Total>,
    /// Where the `year` value is written.
    pub year_at: Position,
}

/// One line of the budget: a programme, a fund, a loan, a target or a cap.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub name: String,
    pub category: CategoryPath,
    pub amount: Amount,
    pub status: Status,
    pub counts: Vec<Count>,
    pub parts: Vec<Part>,
    pub note: Option<String>,
    pub source: Option<String>,
    /// Line of the item's `[[item]]` header (1-based).
    pub line: usize,
    /// Where the `category` value is written.
    pub category_at: Position,
    /// Where the `parts` table is written, if there is one.
    pub parts_at: Option<Position>,
    /// `overlaps = true`: the parts count some money twice on purpose, so
    /// they may add up to more than the amount.
    pub overlaps: bool,
    /// Figures the publisher printed about this item.
    pub stated: StatedFigures,
    /// `memo = true`: a figure reported beside the budget but not the
    /// publisher's own spending (private investment attracted, bank loans
    /// it only subsidises): shown, compared and checked, never added into
    /// a total.
    pub memo: bool,
}

impl Item {
    /// Whether the item adds into subtotals and the total: actual or
    /// planned money, and not a memo figure.
    pub fn enters_totals(&self) -> bool {
        self.status.enters_totals() && !self.memo
    }
}

/// The [`Stated`] figures of an item or a total, boxed: most items have
/// none, and a national file holds a million items, so the item stays
/// small. Several when sources printed the figure differently
/// (`stated = [{ change_pct = 5.8, source = "A" }, { ... }]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatedFigures(Option<Box<[Stated]>>);

impl From<Stated> for StatedFigures {
    fn from(stated: Stated) -> Self {
        StatedFigures::from(vec![stated])
    }
}

impl From<Vec<Stated>> for StatedFigures {
    fn from(mut stated: Vec<Stated>) -> Self {
        stated.retain(|s| !s.is_empty());
        StatedFigures((!stated.is_empty()).then(|| stated.into_boxed_slice()))
    }
}

impl std::ops::Deref for StatedFigures {
    type Target = [Stated];

    fn deref(&self) -> &[Stated] {
        self.0.as_deref().unwrap_or(&[])
    }
}

/// What kind of figure an item is. Targets and caps are not money spent or
/// lent, so they never enter totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Actual,
    Planned,
    Target,
    Cap,
}

impl Status {
    pub const NAMES: [&'static str; 4] = ["actual", "planned", "target", "cap"];

    pub fn parse(text: &str) -> Option<Status> {
        match text {
            "actual" => Some(Status::Actual),
            "planned" => Some(Status::Planned),
            "target" => Some(Status::Target),
            "cap" => Some(Status::Cap),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        Status::NAMES[self as usize]
    }

    /// Whether items of this status add up into subtotals and the total.
    pub fn enters_totals(self) -> bool {
        matches!(self, Status::Actual | Status::Planned)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A `/`-separated category path such as `finance/loans`, kept as one
/// string of trimmed segments (a national file has a million of them).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CategoryPath {
    text: String,
    depth: usize,
}

impl CategoryPath {
    /// Splits and checks a path; `None` if a segment is empty.
    pub fn parse(text: &str) -> Option<CategoryPath> {
        let mut depth = 0usize;
        let mut tidy = true;
        for segment in text.split('/') {
            let trimmed = segment.trim();
            if trimmed.is_empty() {
                return None;
            }
            tidy &= trimmed.len() == segment.len();
            // Segments of a string: fewer than its length.
            depth = depth.saturating_add(1);
        }
        let text = if tidy {
            text.to_owned()
        } else {
            text.split('/').map(str::trim).collect::<Vec<_>>().join("/")
        };
        Some(CategoryPath { text, depth })
    }

    /// The segments, top level first.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.text.split('/')
    }

    /// The path and each of its ancestors, shortest first: `a`, `a/b`, `a/b/c`.
    pub fn ancestors_and_self(&self) -> impl Iterator<Item = CategoryPath> + '_ {
        let ends = self
            .text
            .match_indices('/')
            .map(|(at, _)| at)
            .chain(std::iter::once(self.text.len()));
        ends.enumerate().map(|(level, end)| CategoryPath {
            text: self.text[..end].to_owned(),
            depth: level.saturating_add(1),
        })
    }

    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The first `depth` segments, as text: the path of the ancestor at
    /// that depth, or the whole path if it is no deeper.
    pub fn prefix(&self, depth: usize) -> &str {
        let Some(slashes) = depth.checked_sub(1) else {
            return "";
        };
        // `/` is one byte that no other character's UTF-8 contains.
        match memchr::memchr_iter(b'/', self.text.as_bytes()).nth(slashes) {
            Some(end) => &self.text[..end],
            None => &self.text,
        }
    }

    /// The ancestor at `depth` ([`CategoryPath::prefix`]), or the path
    /// itself if it is no deeper.
    pub fn ancestor(&self, depth: usize) -> CategoryPath {
        CategoryPath {
            text: self.prefix(depth).to_owned(),
            depth: self.depth.min(depth),
        }
    }

    /// The file's top level, above every category: empty, depth 0. Only
    /// rows that stand for several top-level rows use it.
    pub fn top_level() -> CategoryPath {
        CategoryPath {
            text: String::new(),
            depth: 0,
        }
    }

    pub fn last(&self) -> &str {
        self.text.rsplit('/').next().unwrap_or("")
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// Paths sort segment by segment, as a list of names would: `a`, `a/b`,
/// then `a-b`.
impl Ord for CategoryPath {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.segments().cmp(other.segments())
    }
}

impl PartialOrd for CategoryPath {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for CategoryPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for CategoryPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A count of beneficiaries or outputs (`companies = "600+"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub name: String,
    pub value: u64,
    /// Written as `N+`: at least `value`.
    pub at_least: bool,
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.value, if self.at_least { "+" } else { "" })
    }
}

/// Display labels a file gives its own count keys, by key.
pub type CountLabels = std::collections::BTreeMap<String, String>;

/// One named piece of an item's amount (`carried-over = 240.4`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub amount: Amount,
}

/// A place in a budget file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A value and where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub at: Position,
}

/// A percentage as printed (`11.54`), exact, with the power of ten of its
/// last written digit (`-2` for `11.54`): it is known to half a unit of
/// that digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent {
    pub value: Decimal,
    pub precision: i32,
    /// Printed as a round figure ("약 5%"), a floor ("5% 이상") or a
    /// ceiling; a round one's `precision` is its last non-zero digit.
    pub approx: Approx,
}

impl Percent {
    /// The percentage as printed with `approx`: a round one, or a bracket
    /// ("9%대"), is known only to its last non-zero digit.
    pub fn approximate(self, approx: Approx) -> Percent {
        let precision = if matches!(approx, Approx::About | Approx::Bracket) {
            crate::notation::magnitude(self.value, self.precision)
        } else {
            self.precision
        };
        Percent {
            precision,
            approx,
            ..self
        }
    }
}

/// What a publisher printed about a figure (`stated = { change = 150,
/// change_pct = 11.54, share_pct = 15.3 }`), to be checked against what
/// the files compute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stated {
    /// Change from the previous year, an amount.
    pub change: Option<Located<Amount>>,
    /// How exactly `change` was printed; a round one's precision is its
    /// last non-zero digit.
    pub change_approx: Approx,
    /// Change from the previous year, in percent of the previous year.
    pub change_pct: Option<Located<Percent>>,
    /// Percent of this year's total.
    pub share_pct: Option<Located<Percent>>,
    /// What `share_pct` is a share of, when the publisher printed it
    /// against a figure this file does not total (an account's total of
    /// 1.9조 when the file lists only some of its lines); a round figure
    /// ("약 1.9조") is known to its last non-zero digit.
    pub share_of: Option<Located<Amount>>,
    /// What this figure's change is compared with, when not the file's
    /// base.
    pub base: Option<Located<BaseRef>>,
    /// Who printed these figures, when sources differ.
    pub source: Option<String>,
}

impl Stated {
    pub fn is_empty(&self) -> bool {
        self.change.is_none()
            && self.change_pct.is_none()
            && self.share_pct.is_none()
            && self.base.is_none()
    }

    /// Whether a change against an earlier figure is stated.
    pub fn states_a_change(&self) -> bool {
        self.change.is_some() || self.change_pct.is_some()
    }
}

/// A file to compare with, named by year and phase (`"2025 본예산"`,
/// `"2025"`, or a phase alone for the same year: `"본예산"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseRef {
    /// `None`: the same year as the file that names it.
    pub year: Option<i64>,
    pub phase: Option<String>,
}

impl BaseRef {
    /// Reads `"2025 본예산"`, `"2025년 본예산"`, `"2025"` or `"본예산"`;
    /// `None` for an empty text.
    pub fn parse(text: &str) -> Option<BaseRef> {
        let text = text.trim();
        let digits = text
            .len()
            .saturating_sub(text.trim_start_matches(|c: char| c.is_ascii_digit()).len());
        let (year, rest) = if digits == 4 {
            let rest = text[digits..]
                .trim_start_matches("년도")
                .trim_start_matches('년');
            (text[..digits].parse().ok(), rest)
        } else {
            (None, text)
        };
        let rest = rest.trim();
        if year.is_none() && rest.is_empty() {
            return None;
        }
        Some(BaseRef {
            year,
            phase: (!rest.is_empty()).then(|| rest.to_owned()),
        })
    }
}

impl fmt::Display for BaseRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.year, &self.phase) {
            (Some(year), Some(phase)) => write!(f, "{year} {phase}"),
            (Some(year), None) => write!(f, "{year}"),
            (None, Some(phase)) => f.write_str(phase),
            (None, None) => Ok(()),
        }
    }
}

/// A subtotal or the grand total as the publisher printed it (`[[total]]`).
/// Never added into anything: it is only compared with the sum of the items.
#[derive(Debug, Clone)]
pub struct Total {
    /// The category it totals; `None` for the grand total.
    pub category: Option<CategoryPath>,
    pub amount: Located<Amount>,
    /// `overlaps = true`: the items below count some money twice on
    /// purpose, so they may add up to more than the printed total.
    pub overlaps: bool,
    /// `partial = true`: the file lists only some of the lines this total
    /// covers (a release that names 8 of 12 sectors), so the items may add
    /// up to less than it.
    pub partial: bool,
    pub stated: StatedFigures,
    pub note: Option<String>,
    pub source: Option<String>,
    /// Line of the `[[total]]` header (1-based).
    pub line: usize,
}

impl fmt::Display for Total {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.category {
            Some(category) => write!(f, "the total of `{category}`"),
            None => f.write_str("the grand total"),
        }
    }
}

impl CategoryPath {
    /// Whether `self` is `ancestor` or lies below it.
    pub fn is_within(&self, ancestor: &CategoryPath) -> bool {
        match self.text.strip_prefix(ancestor.text.as_str()) {
            Some(rest) => rest.is_empty() || rest.starts_with('/'),
            None => false,
        }
    }
}

#[cfg(test)]
mod category_tests {
    use super::*;

    fn path(text: &str) -> CategoryPath {
        CategoryPath::parse(text).unwrap()
    }

    #[test]
    fn paths_are_trimmed_and_checked() {
        assert_eq!(path(" finance / loans ").to_string(), "finance/loans");
        assert_eq!(path("finance / loans"), path("finance/loans"));
        assert_eq!(path("a/b/c").depth(), 3);
        assert_eq!(path("a/b/c").last(), "c");
        assert_eq!(CategoryPath::parse("a//b"), None);
        assert_eq!(CategoryPath::parse(" / a"), None);
        assert_eq!(CategoryPath::parse(""), None);
    }

    #[test]
    fn ancestors_come_shortest_first() {
        let names: Vec<String> = path("a/b/c")
            .ancestors_and_self()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(names, ["a", "a/b", "a/b/c"]);
        let depths: Vec<usize> = path("a/b/c")
            .ancestors_and_self()
            .map(|p| p.depth())
            .collect();
        assert_eq!(depths, [1, 2, 3]);
    }

    #[test]
    fn prefixes_stop_at_the_depth_asked_or_the_path_s_end() {
        // Korean segments: `/` is found by its byte, never inside a
        // character's UTF-8.
        let korean = path("사회복지/기초생활/생계급여");
        let prefixes: Vec<&str> = (0..=4).map(|depth| korean.prefix(depth)).collect();
        assert_eq!(
            prefixes,
            [
                "",
                "사회복지",
                "사회복지/기초생활",
                "사회복지/기초생활/생계급여",
                "사회복지/기초생활/생계급여"
            ]
        );
        assert_eq!(korean.ancestor(2), path("사회복지/기초생활"));
    }

    #[test]
    fn paths_sort_segment_by_segment() {
        let mut paths = [path("a-b"), path("a/b"), path("a")];
        paths.sort();
        let sorted: Vec<String> = paths.iter().map(ToString::to_string).collect();
        assert_eq!(sorted, ["a", "a/b", "a-b"]);
    }

    #[test]
    fn a_base_is_a_year_a_phase_or_both() {
        let base = |text: &str| BaseRef::parse(text).map(|b| (b.year, b.phase));
        assert_eq!(
            base("2025 본예산"),
            Some((Some(2025), Some("본예산".into())))
        );
        assert_eq!(
            base("2025년 본예산"),
            Some((Some(2025), Some("본예산".into())))
        );
        assert_eq!(base(" 2025 "), Some((Some(2025), None)));
        assert_eq!(base("제1회 추경"), Some((None, Some("제1회 추경".into()))));
        assert_eq!(base("  "), None);
        assert_eq!(
            BaseRef::parse("2025년도 결산").unwrap().to_string(),
            "2025 결산"
        );
    }

    #[test]
    fn within_means_the_same_or_below() {
        assert!(path("a/b").is_within(&path("a")));
        assert!(path("a").is_within(&path("a")));
        assert!(!path("a/bc").is_within(&path("a/b")));
        assert!(!path("ab").is_within(&path("a")));
    }
}
