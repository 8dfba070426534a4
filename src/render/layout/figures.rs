//! How a table writes its figures: amounts in the unit and style asked
//! for, changes with their sign, percentages, points and averages.

use rust_decimal::Decimal;

use crate::amount::{Amount, Currency, Unit};
use crate::model::{CountLabels, Status};
use crate::render::numbers;
use crate::render::{DisplayOptions, Lang, UnitChoice};
use crate::report::average::{Average, Bound};

use super::korean;
use super::labels::{ENGLISH, KOREAN, Labels, file_title, period_label, singular};

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
#[derive(Debug, Clone)]
pub struct FigureStyle {
    mode: AmountMode,
    /// A unit the user asked for explicitly; averages use it too.
    fixed_unit: Option<Unit>,
    korean_units: bool,
    /// The file's currency: readable units and myriad words are in it.
    currency: Currency,
    decimals: u32,
    pub lang: Lang,
    /// Labels the file gives its own count keys.
    count_labels: CountLabels,
    /// The phase of the file whose items are shown, which names an
    /// `actual` item in Korean (예산 in a budget, 실적 in settled accounts).
    phase: Option<String>,
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
            currency: file_unit.currency(),
            decimals: options.decimals,
            lang: options.lang,
            count_labels: CountLabels::new(),
            phase: None,
        }
    }

    /// The style naming statuses as they read in a file of `phase`.
    pub fn with_phase(mut self, phase: Option<&str>) -> FigureStyle {
        self.phase = phase.map(str::to_owned);
        self
    }

    /// The style showing the file's own labels for its count keys.
    pub fn with_count_labels(mut self, labels: &CountLabels) -> FigureStyle {
        self.count_labels = labels.clone();
        self
    }

    /// A status: `actual`, or in Korean `실적` (`예산` in a budget's file).
    pub fn status(&self, status: Status) -> String {
        self.status_in(status, self.phase.as_deref())
    }

    /// [`FigureStyle::status`], not copied.
    pub fn status_text(&self, status: Status) -> &'static str {
        self.status_text_in(status, self.phase.as_deref())
    }

    /// A status of an item in a file of `phase`.
    pub fn status_in(&self, status: Status, phase: Option<&str>) -> String {
        self.status_text_in(status, phase).to_owned()
    }

    fn status_text_in(&self, status: Status, phase: Option<&str>) -> &'static str {
        match self.lang {
            Lang::En => status.name(),
            Lang::Ko => korean::status_in_phase(status, phase),
        }
    }

    /// A phase: as written, or its Korean name when Korean output knows it.
    pub fn phase(&self, phase: &str) -> String {
        match self.lang {
            Lang::Ko => korean::phase(phase).unwrap_or_else(|| phase.to_owned()),
            Lang::En => phase.to_owned(),
        }
    }

    /// `2025` or `2025 executed` (`2025 결산`): a column heading for one file.
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

    /// A count: `600+`, `1,200+`; in Korean with its counter, `600개사
    /// 이상`. Thousands are grouped as in amounts, whether the file wrote
    /// `"1,200+"` or `"1200+"`.
    pub fn count_value(&self, key: &str, value: u64, at_least: bool) -> String {
        let value = numbers::group_thousands(&value.to_string());
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
            (_, Lang::Ko) => {
                let words = self.currency.myriads();
                let (jo, eok, man, base) = (words.jo, words.eok, words.man, words.base);
                format!("금액은 {jo}·{eok}·{man}{base} 단위로 표기")
            }
        }
    }

    /// A written amount.
    pub fn amount(&self, value: Amount) -> String {
        let text = match self.mode {
            AmountMode::Column(unit) => numbers::amount(value, unit, self.decimals),
            AmountMode::PerFigure { korean } => numbers::amount_with_unit(
                value,
                Unit::readable_in(value.won(), korean, self.currency),
                self.decimals,
            ),
            AmountMode::KoreanCompound => {
                numbers::korean_compound_in(value, self.decimals, self.currency)
            }
            AmountMode::KoreanExact => numbers::korean_exact_in(value, self.currency),
        };
        self.negative_mark(text)
    }

    /// [`FigureStyle::amount`], appended to `out`: straight into it for
    /// bare numbers in English (a table's column of a national file's
    /// figures), through a string of its own otherwise.
    pub fn amount_into(&self, value: Amount, out: &mut String) {
        match (self.mode, self.lang) {
            (AmountMode::Column(unit), Lang::En) => {
                numbers::amount_into(value, unit, self.decimals, out);
            }
            _ => out.push_str(&self.amount(value)),
        }
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

    /// [`FigureStyle::percent`], appended to `out`: straight into it in
    /// English.
    pub fn percent_into(&self, value: Option<Decimal>, out: &mut String) {
        match (value, self.lang) {
            (Some(value), Lang::En) => {
                numbers::fixed_into(value, self.decimals, out);
                out.push('%');
            }
            _ => out.push_str(&self.percent(value)),
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
            .unwrap_or_else(|| Unit::readable_in(average.value, self.korean_units, self.currency));
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
        // 1200 groups as 1,200, as amounts do; 999 has no group.
        assert_eq!(ko.count_value("companies", 1200, true), "1,200개사 이상");
        assert_eq!(en.count_value("companies", 1200, true), "1,200+");
        assert_eq!(en.count_value("companies", 1_234_567, false), "1,234,567");
        assert_eq!(en.count_value("companies", 999, false), "999");
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
        assert_eq!(ko.period_label(2025, Some("executed")), "2025 결산");
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
