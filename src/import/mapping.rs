//! `--map KEY=COLUMN` and `--filter COLUMN=VALUE`: which header feeds which
//! field of an item, which rows are kept, and reading one row into a draft
//! item.

use crate::amount::{Amount, Unit};
use crate::import::cell::{Cell, Column};
use crate::import::error::{ImportError, RowProblem};
use crate::model::{CategoryPath, Count};

/// The keys `--map` accepts, for help texts.
pub const MAP_KEYS: &[&str] = &["id", "name", "category", "amount", "count.NAME"];

/// Stands in for a `/` inside one category cell, which would otherwise
/// split the cell into two levels of the category path.
const SLASH_IN_CELL: &str = "／";

/// Which header feeds which field, as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    id: Option<String>,
    name: String,
    /// One header per level of the category path, top level first.
    category: Vec<String>,
    amount: String,
    /// `(count name, header)`, e.g. `("companies", "지원기업수")`.
    counts: Vec<(String, String)>,
}

#[derive(Default)]
struct Partial {
    id: Option<String>,
    name: Option<String>,
    category: Vec<String>,
    amount: Option<String>,
    counts: Vec<(String, String)>,
}

impl ColumnMap {
    /// Checks `KEY=COLUMN` pairs. `category` takes several headers joined
    /// by `/` (or given as several `--map category=` in order); the others
    /// take one header each.
    pub fn parse(pairs: &[(String, String)]) -> Result<ColumnMap, ImportError> {
        let mut partial = Partial::default();
        for (key, column) in pairs {
            let key = key.trim();
            let column = column.trim();
            if key == "category" {
                for level in column.split('/').map(str::trim) {
                    if level.is_empty() {
                        return Err(ImportError::EmptyMap { key: key.into() });
                    }
                    partial.category.push(level.to_owned());
                }
                continue;
            }
            if column.is_empty() {
                return Err(ImportError::EmptyMap { key: key.into() });
            }
            let slot = match key {
                "id" => &mut partial.id,
                "name" => &mut partial.name,
                "amount" => &mut partial.amount,
                _ => {
                    partial.counts.push((count_name(key)?, column.to_owned()));
                    continue;
                }
            };
            if slot.replace(column.to_owned()).is_some() {
                return Err(ImportError::MappedTwice { key: key.into() });
            }
        }
        let mut seen_counts = std::collections::HashSet::new();
        if let Some((name, _)) = partial
            .counts
            .iter()
            .find(|(name, _)| !seen_counts.insert(name.as_str()))
        {
            return Err(ImportError::MappedTwice {
                key: format!("count.{name}"),
            });
        }
        if partial.category.is_empty() {
            return Err(ImportError::MissingMap { key: "category" });
        }
        Ok(ColumnMap {
            id: partial.id,
            name: partial
                .name
                .ok_or(ImportError::MissingMap { key: "name" })?,
            category: partial.category,
            amount: partial
                .amount
                .ok_or(ImportError::MissingMap { key: "amount" })?,
            counts: partial.counts,
        })
    }

    /// Whether the amount column's header names a budget figure (예산액,
    /// 세출예산, 予算額, budget), not money spent (예산집행액, 결산액).
    pub fn amount_is_budget(&self) -> bool {
        names_a_budget_figure(&self.amount)
    }

    /// The header mapped to `amount`.
    pub fn amount_column(&self) -> &str {
        &self.amount
    }

    /// Whether ids come from a column (otherwise they are derived).
    pub fn has_id_column(&self) -> bool {
        self.id.is_some()
    }

    /// Finds every mapped header in the header row.
    pub(crate) fn resolve(&self, headers: &[String], file: &str) -> Result<Columns, ImportError> {
        let find = |column: &str, role: String| -> Result<Mapped, ImportError> {
            Ok(Mapped {
                index: header_index(headers, column, &format!("mapped to {role}"), file)?,
                header: column.to_owned(),
                role,
            })
        };
        Ok(Columns {
            id: self
                .id
                .as_deref()
                .map(|c| find(c, "id".into()))
                .transpose()?,
            name: find(&self.name, "name".into())?,
            category: self
                .category
                .iter()
                .map(|c| find(c, "category".into()))
                .collect::<Result<_, _>>()?,
            amount: find(&self.amount, "amount".into())?,
            counts: self
                .counts
                .iter()
                .map(|(name, c)| Ok((name.clone(), find(c, format!("count.{name}"))?)))
                .collect::<Result<_, ImportError>>()?,
        })
    }
}

/// Words of a header that name budgeted money.
const BUDGET_WORDS: &[&str] = &["예산", "budget", "予算"];

/// Words that make a budget header one of money spent or settled:
/// 예산집행액 (budget executed), 예산대비 지출액, 결산 예산현액.
const SPENT_WORDS: &[&str] = &[
    "집행", "지출", "결산", "실적", "execut", "spent", "spend", "actual", "outturn", "決算",
    "執行", "支出",
];

/// Whether a header names a budget figure: it says budget and not spent.
fn names_a_budget_figure(header: &str) -> bool {
    let header = header.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|word| header.contains(word));
    has(BUDGET_WORDS) && !has(SPENT_WORDS)
}

/// The name after `count.`, checked to be a bare TOML key.
fn count_name(key: &str) -> Result<String, ImportError> {
    let Some(name) = key.strip_prefix("count.") else {
        return Err(ImportError::UnknownMapKey {
            key: key.to_owned(),
            suggestion: MAP_KEYS
                .iter()
                .copied()
                .find(|known| strsim::damerau_levenshtein(key, known) <= 2),
        });
    };
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !bare {
        return Err(ImportError::BadCountName { name: key.into() });
    }
    Ok(name.to_owned())
}

/// The position of a header; its name must appear exactly once.
fn header_index(
    headers: &[String],
    column: &str,
    used_as: &str,
    file: &str,
) -> Result<usize, ImportError> {
    let mut matches = headers
        .iter()
        .enumerate()
        .filter(|(_, header)| header.as_str() == column);
    let Some((index, _)) = matches.next() else {
        return Err(ImportError::MissingColumn {
            file: file.to_owned(),
            column: column.to_owned(),
            used_as: used_as.to_owned(),
            headers: headers.to_vec(),
        });
    };
    let others = matches.count();
    if others > 0 {
        return Err(ImportError::AmbiguousColumn {
            file: file.to_owned(),
            column: column.to_owned(),
            count: others.saturating_add(1),
        });
    }
    Ok(index)
}

/// A mapped header and where it is in the row.
#[derive(Debug, Clone)]
struct Mapped {
    header: String,
    role: String,
    index: usize,
}

impl Mapped {
    fn column(&self) -> Column<'_> {
        Column {
            name: &self.header,
            role: &self.role,
        }
    }

    fn cell<'c>(&self, cells: &'c [Cell]) -> Result<&'c Cell, RowProblem> {
        cells.get(self.index).ok_or_else(|| RowProblem::ShortRow {
            column: self.header.clone(),
            fields: cells.len(),
            position: self.index.saturating_add(1),
        })
    }
}

/// The mapped columns of one file, found in its header row.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    id: Option<Mapped>,
    name: Mapped,
    category: Vec<Mapped>,
    amount: Mapped,
    counts: Vec<(String, Mapped)>,
}

/// One row read into the fields of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Draft {
    /// From the id column; `None` when ids are derived.
    pub id: Option<String>,
    pub name: String,
    pub category: CategoryPath,
    pub amount: Amount,
    pub counts: Vec<Count>,
}

impl Columns {
    /// Reads one row; the first problem found is reported.
    pub fn read(&self, cells: &[Cell], unit: Unit) -> Result<Draft, RowProblem> {
        let text = |mapped: &Mapped| mapped.cell(cells)?.required_text(mapped.column());
        let id = self.id.as_ref().map(text).transpose()?;
        let name = text(&self.name)?;
        let category = self.category_path(cells)?;
        let amount = self
            .amount
            .cell(cells)?
            .amount(self.amount.column(), unit)?;
        let mut counts = Vec::new();
        for (count_name, mapped) in &self.counts {
            if let Some((value, at_least)) = mapped.cell(cells)?.count(mapped.column())? {
                counts.push(Count {
                    name: count_name.clone(),
                    value,
                    at_least,
                });
            }
        }
        Ok(Draft {
            id,
            name,
            category,
            amount,
            counts,
        })
    }

    fn category_path(&self, cells: &[Cell]) -> Result<CategoryPath, RowProblem> {
        let mut segments = Vec::with_capacity(self.category.len());
        for mapped in &self.category {
            let segment = mapped.cell(cells)?.required_text(mapped.column())?;
            segments.push(segment.replace('/', SLASH_IN_CELL));
        }
        let joined = segments.join("/");
        CategoryPath::parse(&joined).ok_or_else(|| RowProblem::BadCategory {
            column: self.category[0].header.clone(),
            value: crate::error::quote(&joined),
            reason: "it has an empty level",
        })
    }
}

/// `--filter COLUMN=VALUE`: filters on one column are alternatives (any
/// value matches), filters on different columns must all match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Each column with its accepted values, in the order first given.
    by_column: Vec<(String, Vec<String>)>,
}

impl Filters {
    pub fn parse(pairs: &[(String, String)]) -> Filters {
        let mut filters = Filters::default();
        for (column, value) in pairs {
            let (column, value) = (column.trim(), value.trim().to_owned());
            match filters.by_column.iter_mut().find(|(c, _)| c == column) {
                Some((_, values)) => values.push(value),
                None => filters.by_column.push((column.to_owned(), vec![value])),
            }
        }
        filters
    }

    pub(crate) fn resolve(&self, headers: &[String], file: &str) -> Result<RowFilter, ImportError> {
        let conditions = self
            .by_column
            .iter()
            .map(|(column, values)| {
                Ok((
                    header_index(headers, column, "named in --filter", file)?,
                    values.clone(),
                ))
            })
            .collect::<Result<_, ImportError>>()?;
        Ok(RowFilter { conditions })
    }
}

/// Filters found in the header row.
#[derive(Debug, Clone)]
pub(crate) struct RowFilter {
    conditions: Vec<(usize, Vec<String>)>,
}

impl RowFilter {
    pub fn keeps(&self, cells: &[Cell]) -> bool {
        self.conditions.iter().all(|(index, values)| {
            cells
                .get(*index)
                .and_then(Cell::text)
                .is_some_and(|text| values.iter().any(|v| v.as_str() == text))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|&n| n.to_owned()).collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|&(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    #[test]
    fn budget_headers_are_told_from_money_spent() {
        for budget in [
            "예산액",
            "세출예산액",
            "본예산액",
            "2025 예산(천원)",
            "Budget",
            "budget amount",
            "予算額",
        ] {
            assert!(names_a_budget_figure(budget), "{budget}");
        }
        for other in [
            "금액",
            "amount",
            "결산액",
            "예산집행액",
            "예산대비 지출액",
            "Budget executed",
            "actual budget outturn",
            "金額",
            "予算執行額",
        ] {
            assert!(!names_a_budget_figure(other), "{other}");
        }
        assert!(lofin_map().amount_is_budget());
    }

    fn lofin_map() -> ColumnMap {
        ColumnMap::parse(&pairs(&[
            ("category", "분야명/부문명"),
            ("name", "세부사업명"),
            ("amount", "예산액"),
            ("count.companies", "기업수"),
        ]))
        .unwrap()
    }

    fn text_cells(values: &[&str]) -> Vec<Cell> {
        values.iter().map(|&v| Cell::Text(v.to_owned())).collect()
    }

    const HEADERS: &[&str] = &[
        "자치단체명",
        "분야명",
        "부문명",
        "세부사업명",
        "예산액",
        "기업수",
    ];

    #[test]
    fn reads_a_row() {
        let columns = lofin_map().resolve(&headers(HEADERS), "f.csv").unwrap();
        let unit = Unit::parse("천원").unwrap();
        let draft = columns
            .read(
                &text_cells(&[
                    "경주시",
                    "산업",
                    "중소기업/벤처",
                    "운전자금",
                    "1,250",
                    "600+",
                ]),
                unit,
            )
            .unwrap();
        assert_eq!(draft.id, None);
        assert_eq!(draft.category.to_string(), "산업/중소기업／벤처");
        // 1,250 천원 = 1,250,000 won.
        assert_eq!(draft.amount.won().to_string(), "1250000");
        assert_eq!(draft.counts[0].to_string(), "600+");
    }

    #[test]
    fn short_rows_and_empty_cells_are_named() {
        let columns = lofin_map().resolve(&headers(HEADERS), "f.csv").unwrap();
        let unit = Unit::WON;
        assert_eq!(
            columns
                .read(&text_cells(&["경주시", "산업", "기업"]), unit)
                .unwrap_err()
                .to_string(),
            "the row has 3 fields, so it has no column `세부사업명` (field 4)"
        );
        assert_eq!(
            columns
                .read(&text_cells(&["경주시", "산업", " ", "x", "1", ""]), unit)
                .unwrap_err()
                .to_string(),
            "`부문명` (category) is empty"
        );
    }

    #[test]
    fn missing_maps_and_keys_are_errors() {
        let error = |list: &[(&str, &str)]| ColumnMap::parse(&pairs(list)).unwrap_err().to_string();
        assert_eq!(
            error(&[("name", "n"), ("amount", "a")]),
            "missing --map category=COLUMN: the category of each item must come from a column"
        );
        assert_eq!(
            error(&[("amout", "a")]),
            "unknown --map key `amout` (did you mean `amount`?); use id, name, category, amount or count.NAME"
        );
        assert_eq!(
            error(&[("name", "a"), ("name", "b")]),
            "--map name is given twice"
        );
        assert!(error(&[("count.기업", "a")]).contains("cannot name a count"));
        assert_eq!(
            error(&[("category", "a//b")]),
            "--map category= names no column"
        );
    }

    #[test]
    fn category_levels_may_be_given_one_by_one() {
        let map = ColumnMap::parse(&pairs(&[
            ("category", "분야명"),
            ("category", "부문명"),
            ("name", "세부사업명"),
            ("amount", "예산액"),
        ]))
        .unwrap();
        assert_eq!(map.category, ["분야명", "부문명"]);
        assert!(!map.has_id_column());
    }

    #[test]
    fn missing_columns_list_the_headers() {
        let map = ColumnMap::parse(&pairs(&[
            ("category", "분야명"),
            ("name", "사업명"),
            ("amount", "예산액"),
        ]))
        .unwrap();
        assert_eq!(
            map.resolve(&headers(HEADERS), "f.csv")
                .unwrap_err()
                .to_string(),
            "f.csv: no column `사업명` (mapped to name); the header row has: \
             자치단체명, 분야명, 부문명, 세부사업명, 예산액, 기업수"
        );
        let twice = headers(&["분야명", "사업명", "예산액", "사업명"]);
        assert!(
            map.resolve(&twice, "f.csv")
                .unwrap_err()
                .to_string()
                .contains("appears 2 times")
        );
    }

    #[test]
    fn filters_on_one_column_are_alternatives() {
        let filters = Filters::parse(&pairs(&[
            ("자치단체명", "경주시"),
            ("자치단체명", "포항시"),
            ("분야명", "산업"),
        ]));
        let filter = filters.resolve(&headers(HEADERS), "f.csv").unwrap();
        assert!(filter.keeps(&text_cells(&["경주시", "산업"])));
        assert!(filter.keeps(&text_cells(&[" 포항시 ", "산업"])));
        assert!(!filter.keeps(&text_cells(&["경주시", "관광"])));
        assert!(!filter.keeps(&text_cells(&["울산시", "산업"])));
        assert!(!filter.keeps(&text_cells(&["경주시"])));
        assert!(
            Filters::parse(&pairs(&[("시군", "경주시")]))
                .resolve(&headers(HEADERS), "f.csv")
                .unwrap_err()
                .to_string()
                .starts_with("f.csv: no column `시군` (named in --filter)")
        );
    }
}
