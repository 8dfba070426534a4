//! What a finding or a passed check says, as data: which comparison was
//! made, how it came out, and the typed figures behind it (amounts with
//! the unit they are shown in, percentages with the decimals they are
//! shown with, the file and phase compared with). The words, in English
//! and in Korean, are rendering's (see `render::words`).

use rust_decimal::Decimal;

use super::interval::{Interval, Verdict};
use crate::amount::{Amount, Currency, Unit};
use crate::error::Problem;
use crate::exact::Inexact;
use crate::notation::Approx;
use crate::phase::PhaseKind;

/// What a finding or a passed check says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// A problem the loader found, in the loader's own (English) words.
    Loader(Problem),
    /// Lines with syntax errors left out of the report.
    MoreSyntaxErrors { count: usize },
    /// The file has no items, so its total is 0.
    NoItems,
    /// The items of `scope` add up to more than can be held exactly.
    SumOverflow { scope: String, reason: Inexact },
    /// Not checked: the figures are too large to compare exactly.
    TooLarge,
    /// A sum of written amounts against the amount stated for it.
    Sum(SumSaid),
    /// A printed total of a category no item counted in totals is in.
    TotalWithoutItems {
        total: TotalName,
        printed: Money,
        category: String,
        /// The nearest category that has items.
        suggestion: Option<String>,
    },
    /// A `partial` total none of whose items are listed.
    PartialNoneListed { total: TotalName, printed: Money },
    /// A `partial` total and the sum of the items listed of it.
    PartialListed {
        total: TotalName,
        printed: Money,
        listed: Money,
        /// Set when the items listed add up to more than the total, whose
        /// part they are: what they allow as written.
        exceeding: Option<MoneyRange>,
    },
    /// Not checked: the total a share is taken of may be zero.
    ShareOfZero,
    /// Not checked: the shares printed for every item cannot add up to
    /// 100%, so they are of more than the items listed.
    SharesOfMore(SharesOfMoreSaid),
    /// Not checked, for the reason said at `line`.
    SharesOfMoreSee { line: usize },
    /// A stated figure against the figure computed for it.
    Stated(StatedSaid),
    /// A stated change not checked, and why.
    NotChecked(Why),
    /// Not checked: the earlier figure of a percent change may be zero.
    PreviousMayBeZero(Context),
    /// A stated change and percent change checked together.
    Together(TogetherSaid),
    /// `year` matches the year in the file's name.
    YearMatches { year: i64 },
    /// `year` differs from the year in the file's name.
    YearMismatch { year: i64, named: i64 },
    /// A second file for one region, year and phase.
    DuplicateYear {
        region: String,
        year: i64,
        phase: Option<String>,
        /// The file that came first.
        first: String,
    },
    /// An id starts or ends with a blank or invisible `character`.
    IdSpaced {
        id: String,
        /// The id without such characters at its ends.
        trimmed: String,
        edge: Edge,
        character: char,
    },
    /// A category spelled like an earlier one under the same parent, but
    /// for spaces, letter case or middle dots.
    CategorySpelledTwice {
        category: String,
        first: String,
        first_line: usize,
    },
    /// An item's category differs from the earlier file's.
    CategoryChanged {
        id: String,
        category: String,
        old_category: String,
        previous: String,
        old_line: usize,
    },
    /// A finding made against a stand-in for the publishers' usual base,
    /// which is missing: an error turned into a warning that names it.
    StoodIn { said: Box<Said>, usual: UsualBase },
    /// A finding made against the usual base, where every figure of the
    /// same `stated` fits `other` instead: an error turned into a warning
    /// that names it and the `base` that would say so. `paired`: a change
    /// and a percent change were printed together, and both fit.
    FitsOtherBase {
        said: Box<Said>,
        other: BaseName,
        named: String,
        paired: bool,
    },
    /// A share checked against this year's total, which fits the share of
    /// `category` (whose total is `total`) instead: an error turned into a
    /// warning that names it and the `share_of` that would say so.
    FitsShareOf {
        said: Box<Said>,
        category: String,
        total: Money,
    },
}

/// An amount as the file writes it, shown in the file's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    pub amount: Amount,
    pub unit: Unit,
}

/// Every value a computed amount can take, shown exactly in `unit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoneyRange {
    pub range: Interval,
    pub unit: Unit,
}

/// Every value a computed percentage can take, shown with `decimals`
/// places, rounded outward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PercentRange {
    pub range: Interval,
    pub decimals: u32,
}

/// A printed total: the grand total, or a category's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalName {
    pub category: Option<String>,
}

/// The file a figure was compared with: its path and phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseName {
    pub path: String,
    pub phase: Option<String>,
}

/// The publishers' usual base of a phase: the `wanted` phase of `year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsualBase {
    pub wanted: PhaseKind,
    pub year: i64,
}

/// Which end of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

/// A sum compared with a stated amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SumSaid {
    pub terms: Terms,
    pub stated_as: SumOf,
    pub outcome: SumOutcome,
    /// The sum, as shown.
    pub sum: Money,
    pub stated: Money,
    /// Every value the sum can take as written.
    pub range: MoneyRange,
    /// The terms one by one, when there are few (`240.4 + 24.2`).
    pub detail: Option<Vec<Money>>,
    /// The items fall short of a printed total, however the figures were
    /// rounded: a file that lists only some of them says so with
    /// `partial = true`, which the message suggests.
    pub falls_short: bool,
}

/// What is added up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Terms {
    /// The parts of an item.
    PartsOf(String),
    /// The items of a category, or all of them.
    ItemsOf(Option<String>),
}

/// What the sum is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SumOf {
    /// The item's own amount.
    ItsAmount,
    /// A printed total.
    Printed(TotalName),
}

/// How a sum of written figures compares with a figure stated for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SumOutcome {
    /// Exactly the stated figure.
    Equal,
    /// The exact sum rounded like the stated figure is the stated figure.
    RoundsTo,
    /// Not exactly, but within the rounding of the written figures.
    WithinRounding,
    /// More than stated, and marked as overlapping on purpose.
    Overlapping,
    /// Only if the stated figure was truncated rather than rounded.
    Truncated,
    Inconsistent,
}

/// A stated figure compared with what the files compute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedSaid {
    pub label: Label,
    pub stated: StatedFigure,
    pub verdict: Verdict,
    pub computed: Computed,
    pub range: Range,
    pub context: Context,
}

/// Which stated figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Change,
    PercentChange,
    Share,
}

/// A stated figure as printed: its value, how it was printed (`about`,
/// `at least`, …) and by whom, when the file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedFigure {
    pub value: Figure,
    pub approx: Approx,
    pub source: Option<String>,
}

/// A figure as written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Money(Money),
    /// A percentage, digits as written.
    Percent(Decimal),
}

/// The figure computed for a stated one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Computed {
    Money(Money),
    /// A percentage shown with `decimals` places.
    Percent {
        value: Decimal,
        decimals: u32,
    },
}

/// Every value the computed figure can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    Money(MoneyRange),
    Percent(PercentRange),
}

/// What a computed figure is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Context {
    /// A share of a total (the grand total as printed, or the sum).
    ShareOf { total: Money, printed: bool },
    /// A share of the figure the file says it is of (`share_of`).
    ShareOfNamed { total: Money },
    /// A change from the earlier figure in `base` to the new one.
    Change {
        old: Money,
        base: BaseName,
        new: Money,
    },
}

/// Shares printed for every item of a file without a printed grand
/// total that cannot add up to 100%.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharesOfMoreSaid {
    /// The most they can add up to, in percent.
    pub at_most: Decimal,
    /// What the items add up to.
    pub listed: Money,
    pub fit: TotalFit,
}

/// The totals the shares printed fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TotalFit {
    /// Every total in the range fits every share.
    One(MoneyRange),
    /// No one total fits them all: one of them at least is misprinted.
    NoOne,
    /// Not worked out (a share printed as a round figure or a bound).
    Unknown,
}

/// Why a stated change was not checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// No earlier year of the region among the files.
    NoEarlierYear { region: String },
    /// No earlier year of the region in the file's currency; the nearest
    /// earlier file of the region, at `path`, is in `other` and is never
    /// compared (no exchange rate is applied).
    EarlierInOtherCurrency {
        region: String,
        path: String,
        currency: Currency,
        other: Currency,
    },
    /// The publishers' usual base of a `kind` is not among the files.
    UsualBaseMissing { kind: PhaseKind, usual: UsualBase },
    /// `base` names no file.
    NamedBaseNone { asked: String, region: String },
    /// `base` names several files.
    NamedBaseMany {
        asked: String,
        region: String,
        count: usize,
    },
    /// The earlier file has no item with the id. `partial`: it lists only
    /// some of the lines of the item's category (`partial = true`), so
    /// that is no surprise.
    NoItem {
        id: String,
        path: String,
        partial: bool,
    },
    /// The earlier file has nothing for the total.
    NothingFor { total: TotalName, path: String },
    /// A file lists only part of the category (or of the budget).
    ListsPart {
        path: String,
        category: Option<String>,
    },
    /// The figures are too large to compare exactly.
    TooLarge,
}

/// A stated change and percent change checked together with the new
/// figure (and the earlier one, if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TogetherSaid {
    pub change: Money,
    /// How the change was printed (`about`, a bracket): it was read at
    /// its written magnitude.
    pub change_approx: Approx,
    /// The stated percent change, digits as written.
    pub percent: Decimal,
    pub percent_approx: Approx,
    pub source: Option<String>,
    pub new: Money,
    /// The earlier figure and the file it is in.
    pub earlier: Option<(Money, BaseName)>,
    /// What the figures allow together.
    pub range: PercentRange,
    pub outcome: TogetherOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TogetherOutcome {
    /// One true set of values satisfies them all, every figure read as
    /// printed exactly.
    Fit,
    /// One true set of values satisfies them all, with at least one of
    /// them read as the round figure (or bracket) it was printed as: worth
    /// an info line, as a single round figure that fits is.
    FitAsRound,
    /// Only if the amounts were truncated rather than rounded.
    AmountsCut,
    /// No true set of values does; `truncated`: unless the percentage was
    /// truncated.
    CannotHold { truncated: bool },
}
