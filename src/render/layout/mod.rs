//! The layout shared by the table-like formats: titled sections of rows
//! and cells, built once from the data, then drawn by the table or the
//! markdown renderer. One file per command's layout; the figure styles and
//! the English and Korean conventions they share are here.

mod diff;
pub mod korean;
mod summary;
mod trend;

pub use diff::diff_sections;
pub use summary::summary_sections;
pub use trend::trend_sections;

use rust_decimal::Decimal;

use crate::amount::{Amount, Unit};
use crate::model::{CountLabels, Status};
use crate::render::numbers;
use crate::render::{DisplayOptions, Lang, UnitChoice};
use crate::summary::{Average, Bound};

/// Text from the input as one line in a cell: a line break in a name
/// must not draw a fake row. Every name, category and note from the data
/// passes through here before it enters a cell, so line breaks left in a
/// cell are the layout's own; the renderers make the other hidden
/// characters visible (see [`crate::quote`]).
pub(crate) fn one_line(text: &str) -> String {
    text.replace('\n', "\\u{a}")
}

/// A titled table with notes under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub headers: Vec<String>,
    /// Right-aligned (numeric) columns.
    pub numeric: Vec<bool>,
    pub rows: Vec<LayoutRow>,
    pub notes: Vec<String>,
    /// The column of free-text notes on rows, which a table narrowed to a
    /// terminal shows under itself instead.
    pub notes_column: Option<usize>,
}

impl Section {
    /// The section without the text columns whose cells are empty in
    /// every row: a Status column at `--depth 1`, a Notes column no row
    /// needs. The first column and columns of figures always stay (an
    /// empty year says the items are new).
    pub fn without_empty_columns(&self) -> Section {
        let keep: Vec<bool> = (0..self.headers.len())
            .map(|column| {
                column == 0
                    || self.numeric.get(column) == Some(&true)
                    || self.rows.iter().any(|row| {
                        row.cells
                            .get(column)
                            .is_some_and(|cell| !cell.trim().is_empty())
                    })
            })
            .collect();
        let kept = |values: &[String]| -> Vec<String> {
            values
                .iter()
                .zip(&keep)
                .filter(|(_, keep)| **keep)
                .map(|(value, _)| value.clone())
                .collect()
        };
        Section {
            title: self.title.clone(),
            headers: kept(&self.headers),
            numeric: self
                .numeric
                .iter()
                .zip(&keep)
                .filter(|(_, keep)| **keep)
                .map(|(numeric, _)| *numeric)
                .collect(),
            rows: self
                .rows
                .iter()
                .map(|row| LayoutRow {
                    kind: row.kind,
                    depth: row.depth,
                    cells: kept(&row.cells),
                    tones: if row.tones.is_empty() {
                        Vec::new()
                    } else {
                        (0..row.cells.len())
                            .filter(|&column| keep.get(column).copied().unwrap_or(true))
                            .map(|column| row.tone(column))
                            .collect()
                    },
                })
                .collect(),
            notes: self.notes.clone(),
            notes_column: self
                .notes_column
                .filter(|&column| keep[column])
                .map(|column| keep[..column].iter().filter(|keep| **keep).count()),
        }
    }
}

/// One row: its cells, and how deep in the category tree it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutRow {
    pub kind: RowKind,
    /// Indentation level of the first cell.
    pub depth: usize,
    /// Cells; a cell may hold several lines separated by `\n`.
    pub cells: Vec<String>,
    /// Which way each cell's figure moved, for colour on a terminal; one
    /// per cell, or empty when nothing in the row is coloured.
    pub tones: Vec<Tone>,
}

impl LayoutRow {
    /// A row whose cells are not coloured.
    pub fn plain(kind: RowKind, depth: usize, cells: Vec<String>) -> LayoutRow {
        LayoutRow {
            kind,
            depth,
            cells,
            tones: Vec::new(),
        }
    }

    /// The tone of a cell (plain when none was given).
    pub fn tone(&self, index: usize) -> Tone {
        self.tones.get(index).copied().unwrap_or(Tone::Plain)
    }
}

/// Whether a figure went up or down: increases are shown green and
/// decreases red on a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    Up,
    Down,
}

impl Tone {
    /// The tone of a signed change; zero is plain.
    pub fn of(value: Decimal) -> Tone {
        if value > Decimal::ZERO {
            Tone::Up
        } else if value < Decimal::ZERO {
            Tone::Down
        } else {
            Tone::Plain
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Category,
    Item,
    Total,
}

/// How amounts are written in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AmountMode {
    /// Bare numbers in one unit named in the title.
    Column(Unit),
    /// A readable unit per figure, named in each cell.
    PerFigure { korean: bool },
    /// Korean budget-book style per figure, rounded to `--decimals` in
    /// the unit it ends in: `1조 2,000억원`, `54.51억원`.
    KoreanCompound,
    /// Korean budget-book style per figure, exact: `54억 5,050만원`.
    KoreanExact,
}

/// Formats the figures of one table: amounts, changes, percentages and
/// averages, following `--unit`, `--decimals` and `--lang`.
pub struct FigureStyle {
    mode: AmountMode,
    /// A unit the user asked for explicitly; averages use it too.
    fixed_unit: Option<Unit>,
    korean_units: bool,
    decimals: u32,
    pub lang: Lang,
    /// Labels the file gives its own count keys.
    count_labels: CountLabels,
}

impl FigureStyle {
    pub fn new(options: &DisplayOptions, file_unit: Unit) -> FigureStyle {
        let korean_units = file_unit.is_korean() || options.lang == Lang::Ko;
        let mode = match (options.unit, options.lang) {
            (UnitChoice::Fixed(unit), _) => AmountMode::Column(unit),
            (UnitChoice::FileUnit, Lang::Ko) if !options.decimals_asked => AmountMode::KoreanExact,
            (_, Lang::Ko) => AmountMode::KoreanCompound,
            (UnitChoice::FileUnit, Lang::En) => AmountMode::Column(file_unit),
            (UnitChoice::Auto, Lang::En) => AmountMode::PerFigure {
                korean: korean_units,
            },
        };
        FigureStyle {
            mode,
            fixed_unit: match options.unit {
                UnitChoice::Fixed(unit) => Some(unit),
                _ => None,
            },
            korean_units,
            decimals: options.decimals,
            lang: options.lang,
            count_labels: CountLabels::new(),
        }
    }

    /// The style showing the file's own labels for its count keys.
    pub fn with_count_labels(mut self, labels: &CountLabels) -> FigureStyle {
        self.count_labels = labels.clone();
        self
    }

    /// A status: `actual`, or `실적` in Korean.
    pub fn status(&self, status: Status) -> String {
        match self.lang {
            Lang::En => status.name().to_owned(),
            Lang::Ko => korean::status(status).to_owned(),
        }
    }

    /// A phase: as written, or its Korean name when Korean output knows it.
    pub fn phase(&self, phase: &str) -> String {
        match self.lang {
            Lang::Ko => korean::phase(phase).unwrap_or_else(|| phase.to_owned()),
            Lang::En => phase.to_owned(),
        }
    }

    /// `2025` or `2025 executed` (`2025 집행`): a column heading for one file.
    pub fn period_label(&self, year: i64, phase: Option<&str>) -> String {
        period_label(year, phase.map(|p| self.phase(p)).as_deref())
    }

    /// `Gyeongju 2026 (planned)`, `Gyeongju 2026 (계획)`.
    pub fn file_title(&self, region: &str, year: i64, phase: Option<&str>) -> String {
        file_title(region, year, phase.map(|p| self.phase(p)).as_deref())
    }

    /// What a count key is called: the file's label, the Korean noun of a
    /// usual key, or the key as written.
    pub fn count_name(&self, key: &str) -> String {
        if let Some(label) = self.count_labels.get(key) {
            return label.clone();
        }
        match (self.lang, korean::count(key)) {
            (Lang::Ko, Some(words)) => words.noun.to_owned(),
            _ => key.to_owned(),
        }
    }

    /// A count: `600+`; in Korean with its counter, `600개사 이상`.
    pub fn count_value(&self, key: &str, value: u64, at_least: bool) -> String {
        match self.lang {
            Lang::En => format!("{value}{}", if at_least { "+" } else { "" }),
            Lang::Ko => {
                let counter = self.korean_counter(key).unwrap_or("");
                format!("{value}{counter}{}", if at_least { " 이상" } else { "" })
            }
        }
    }

    /// The counter word of a usual key, unless the file names the key itself.
    fn korean_counter(&self, key: &str) -> Option<&'static str> {
        if self.count_labels.contains_key(key) {
            return None;
        }
        korean::count(key).map(|words| words.counter)
    }

    pub fn labels(&self) -> &'static Labels {
        match self.lang {
            Lang::En => &ENGLISH,
            Lang::Ko => &KOREAN,
        }
    }

    /// `amounts in billion won`, or the per-figure note.
    pub fn caption(&self) -> String {
        match (self.mode, self.lang) {
            (AmountMode::Column(unit), Lang::En) => format!("amounts in {unit}"),
            (AmountMode::Column(unit), Lang::Ko) => format!("단위: {unit}"),
            (_, Lang::En) => "amounts in readable units".to_owned(),
            (_, Lang::Ko) => "금액은 조·억·만원 단위로 표기".to_owned(),
        }
    }

    /// A written amount.
    pub fn amount(&self, value: Amount) -> String {
        let text = match self.mode {
            AmountMode::Column(unit) => numbers::amount(value, unit, self.decimals),
            AmountMode::PerFigure { korean } => numbers::amount_with_unit(
                value,
                Unit::readable_for(value.won(), korean),
                self.decimals,
            ),
            AmountMode::KoreanCompound => numbers::korean_compound(value, self.decimals),
            AmountMode::KoreanExact => numbers::korean_exact(value),
        };
        self.negative_mark(text)
    }

    /// A change, signed: `+24.2` in English; `24.2` and `△3.1` in Korean.
    pub fn change(&self, value: Amount) -> String {
        self.signed(self.amount(value), value.won())
    }

    /// A share or other percentage: `50.03%`, or `n/a`.
    pub fn percent(&self, value: Option<Decimal>) -> String {
        match value {
            Some(v) => self.negative_mark(format!("{}%", numbers::fixed(v, self.decimals))),
            None => self.labels().not_applicable.to_owned(),
        }
    }

    /// A percent change, signed: `+10.07%`; `△3.10%` in Korean.
    pub fn percent_change(&self, value: Decimal) -> String {
        self.signed(self.percent(Some(value)), value)
    }

    /// A change of share in percentage points: `+1.23 pp`; `1.23%p`.
    pub fn points(&self, value: Decimal) -> String {
        let number = self.negative_mark(numbers::fixed(value, self.decimals));
        let text = match self.lang {
            Lang::En => format!("{number} pp"),
            Lang::Ko => format!("{number}%p"),
        };
        self.signed(text, value)
    }

    /// An average, always with its unit: `≤ 400.67 million won per company`.
    pub fn average(&self, average: &Average) -> String {
        format!("{}{}", self.average_value(average), self.per(&average.per))
    }

    /// ` per company` in English; `/개사` in Korean (`/` and the key
    /// as written for keys Korean output does not know). A label the file
    /// gives the key is used as written.
    pub fn per(&self, count_key: &str) -> String {
        let labelled = self.count_labels.get(count_key);
        match (self.lang, labelled) {
            (Lang::En, Some(label)) => format!(" per {label}"),
            (Lang::En, None) => format!(" per {}", singular(count_key)),
            (Lang::Ko, Some(label)) => format!("/{label}"),
            (Lang::Ko, None) => format!("/{}", self.korean_counter(count_key).unwrap_or(count_key)),
        }
    }

    /// An average's value with its unit and bound: `≤ 400.67 million won`.
    pub fn average_value(&self, average: &Average) -> String {
        let sign = match average.bound {
            Bound::Exact => "",
            Bound::AtMost => "≤ ",
            Bound::AtLeast => "≥ ",
        };
        format!("{sign}{}", self.average_number(average))
    }

    fn average_number(&self, average: &Average) -> String {
        let unit = self
            .fixed_unit
            .unwrap_or_else(|| Unit::readable_for(average.value, self.korean_units));
        let value = numbers::average_in(average.dividend, average.count, unit, self.decimals);
        self.negative_mark(numbers::with_unit(value, unit))
    }

    /// English marks an increase with `+`; Korean budget books mark only
    /// decreases, with `△`.
    fn signed(&self, text: String, value: Decimal) -> String {
        if self.lang == Lang::En && value > Decimal::ZERO {
            format!("+{text}")
        } else {
            text
        }
    }

    fn negative_mark(&self, text: String) -> String {
        match self.lang {
            Lang::Ko => numbers::korean_negative(&text),
            Lang::En => text,
        }
    }
}

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
    use std::str::FromStr;

    fn style(lang: Lang, unit: UnitChoice) -> FigureStyle {
        let options = DisplayOptions {
            unit,
            lang,
            ..DisplayOptions::default()
        };
        FigureStyle::new(&options, Unit::parse("billion won").unwrap())
    }

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn billion(text: &str) -> Amount {
        Amount::parse(text, Unit::parse("billion won").unwrap()).unwrap()
    }

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
    fn counts_are_named_in_the_output_language() {
        let labels = CountLabels::from([("smes".to_owned(), "중소기업".to_owned())]);
        let ko = style(Lang::Ko, UnitChoice::FileUnit).with_count_labels(&labels);
        let en = style(Lang::En, UnitChoice::FileUnit).with_count_labels(&labels);
        // Usual keys: Korean counters and nouns.
        assert_eq!(ko.per("companies"), "/개사");
        assert_eq!(ko.per("jobs"), "/명");
        assert_eq!(ko.count_name("companies"), "기업");
        assert_eq!(ko.count_value("companies", 600, true), "600개사 이상");
        assert_eq!(ko.count_value("projects", 10, false), "10건");
        // The file's own label, in every language.
        assert_eq!(ko.per("smes"), "/중소기업");
        assert_eq!(en.per("smes"), " per 중소기업");
        assert_eq!(ko.count_name("smes"), "중소기업");
        assert_eq!(ko.count_value("smes", 3, false), "3");
        // Unknown keys as written.
        assert_eq!(ko.per("구간"), "/구간");
        assert_eq!(ko.count_value("구간", 4, true), "4 이상");
        assert_eq!(en.per("companies"), " per company");
        assert_eq!(en.count_name("companies"), "companies");
        assert_eq!(en.count_value("companies", 600, true), "600+");
    }

    #[test]
    fn statuses_and_phases_in_korean() {
        let ko = style(Lang::Ko, UnitChoice::FileUnit);
        let en = style(Lang::En, UnitChoice::FileUnit);
        assert_eq!(ko.status(Status::Cap), "한도");
        assert_eq!(en.status(Status::Cap), "cap");
        assert_eq!(ko.period_label(2025, Some("executed")), "2025 집행");
        assert_eq!(ko.period_label(2025, Some("제1회 추경")), "2025 제1회 추경");
        assert_eq!(en.period_label(2025, Some("executed")), "2025 executed");
        assert_eq!(
            ko.file_title("경주시", 2026, Some("planned")),
            "경주시 2026 (계획)"
        );
        assert_eq!(ko.period_label(2026, None), "2026");
    }

    #[test]
    fn korean_amounts_are_exact_unless_decimals_are_asked() {
        let thousand = |text: &str| Amount::parse(text, Unit::parse("천원").unwrap()).unwrap();
        let ko = |decimals_asked: bool| {
            let options = DisplayOptions {
                lang: Lang::Ko,
                decimals_asked,
                ..DisplayOptions::default()
            };
            FigureStyle::new(&options, Unit::parse("천원").unwrap())
        };
        // 5,450,500천원 = 5,450,500,000원 = 54억 5,050만원; 54.505억 rounds to 54.51.
        assert_eq!(ko(false).amount(thousand("5450500")), "54억 5,050만원");
        assert_eq!(ko(true).amount(thousand("5450500")), "54.51억원");
        // -12,000천원 = -1,200만원; 2,500,000천원 = 25억원.
        assert_eq!(ko(false).change(thousand("-12000")), "△1,200만원");
        assert_eq!(ko(true).amount(thousand("2500000")), "25억원");
    }

    #[test]
    fn english_changes_carry_their_sign() {
        let en = style(Lang::En, UnitChoice::FileUnit);
        assert_eq!(en.change(billion("24.2")), "+24.2");
        assert_eq!(en.change(billion("-3.1")), "-3.1");
        assert_eq!(en.change(billion("0")), "0");
        assert_eq!(en.percent_change(dec("10.0665")), "+10.07%");
        assert_eq!(en.percent_change(dec("-3.1")), "-3.10%");
        assert_eq!(en.points(dec("1.234")), "+1.23 pp");
    }

    #[test]
    fn korean_marks_decreases_with_a_triangle() {
        let ko = style(Lang::Ko, UnitChoice::FileUnit);
        assert_eq!(ko.change(billion("24.2")), "242억원");
        assert_eq!(ko.change(billion("-3.1")), "△31억원");
        assert_eq!(ko.amount(billion("1200")), "1조 2,000억원");
        assert_eq!(ko.amount(billion("264.6")), "2,646억원");
        assert_eq!(ko.percent_change(dec("-3.1")), "△3.10%");
        assert_eq!(ko.points(dec("-1.5")), "△1.50%p");
        assert_eq!(ko.points(dec("2")), "2.00%p");
        let ko_in_eok = style(Lang::Ko, UnitChoice::Fixed(Unit::parse("억원").unwrap()));
        assert_eq!(ko_in_eok.change(billion("-3.1")), "△31");
    }
}
