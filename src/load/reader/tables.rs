//! The file's tables: the top level, `[[item]]`, `[[total]]`, stated
//! figures and an item's parts, each checked against its allowed fields.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Fields, Found, Reader, Value};
use crate::amount::{Amount, Unit};
use crate::error::{Problem, quote};
use crate::model::{
    BaseRef, CategoryPath, CountLabels, Item, Located, Part, Stated, Status, Total, YearFile,
};
use crate::notation::{Approx, magnitude, plain_sign, split_approximation};

const TOP_LEVEL_FIELDS: &[&str] = &[
    "year",
    "region",
    "unit",
    "phase",
    "base",
    "source",
    "count_labels",
    "item",
    "total",
];
const ITEM_FIELDS: &[&str] = &[
    "id", "name", "category", "amount", "status", "counts", "parts", "note", "source", "overlaps",
    "memo", "stated",
];
const TOTAL_FIELDS: &[&str] = &[
    "category", "amount", "overlaps", "partial", "stated", "note", "source",
];
const STATED_FIELDS: &[&str] = &[
    "change",
    "change_pct",
    "share_pct",
    "share_of",
    "base",
    "source",
    "approx",
];

impl<'a> Reader<'a> {
    pub(super) fn year_file(&self, root: &DeTable<'_>, span: Range<usize>) -> Option<YearFile> {
        let fields = self.fields(root, span, "the top level".into(), TOP_LEVEL_FIELDS);
        let year_value = self.keep(self.required(&fields, "year"));
        let year = year_value.and_then(|value| self.keep(self.year(value)));
        let region = self.keep(
            self.required(&fields, "region")
                .and_then(|value| self.text("region", value)),
        );
        // A bad unit is recorded; the items are still read (in won) for
        // their own problems.
        let unit = self.optional(&fields, "unit", Unit::WON, |value| self.unit(value));
        let phase = self.optional_text(&fields, "phase");
        let base = self.optional(&fields, "base", None, |value| {
            self.base_ref("base", value).map(Some)
        });
        let source = self.optional_text(&fields, "source");
        let count_labels = self.optional(&fields, "count_labels", CountLabels::new(), |value| {
            Ok(self.count_labels(value))
        });
        let items = self.optional(&fields, "item", Vec::new(), |value| {
            Ok(self.items(value, unit.unwrap_or(Unit::WON)))
        });
        let totals = self.optional(&fields, "total", Vec::new(), |value| {
            Ok(self.totals(value, unit.unwrap_or(Unit::WON)))
        });
        if self.has_problems() {
            return None;
        }
        Some(YearFile {
            path: self.file.to_owned(),
            year: year?,
            region: region?,
            unit: unit?,
            phase: phase?,
            base: base?,
            source: source?,
            count_labels: count_labels?,
            items: items?,
            totals: totals?,
            year_at: self.position(&year_value?.span()),
        })
    }

    pub(super) fn items(&self, value: &Value<'_>, unit: Unit) -> Vec<Item> {
        let Some(array) = self.keep(self.array_of_tables("item", value)) else {
            return Vec::new();
        };
        let mut first_line_of_id: HashMap<String, usize> = HashMap::new();
        let mut items = Vec::with_capacity(array.len());
        for element in array {
            let item = self.item(element, unit);
            // An item with other problems still claims its id.
            let id = item
                .as_ref()
                .map(|i| i.id.clone())
                .or_else(|| written_id(element));
            let Some(id) = id else {
                continue;
            };
            if let Some(&first_line) = first_line_of_id.get(&id) {
                let id_span = element
                    .as_ref()
                    .as_table()
                    .and_then(|t| t.get("id"))
                    .map_or(element.span(), Spanned::span);
                self.record(*self.error(&id_span, Problem::DuplicateId { id, first_line }));
                continue;
            }
            let line = self.lines.position(header_span_of(element).start).0;
            if let Some(claims) = &self.claims {
                claims.borrow_mut().ids.push((id.clone(), line));
            }
            first_line_of_id.insert(id, line);
            items.extend(item);
        }
        items
    }

    pub(super) fn array_of_tables<'t, 'i>(
        &self,
        field: &'static str,
        value: &'t Value<'i>,
    ) -> Found<&'t [Value<'i>]> {
        match value.as_ref() {
            DeValue::Array(array) => Ok(array.as_ref()),
            _ => Err(self.wrong_type(
                field,
                if field == "item" {
                    "an array of tables ([[item]])"
                } else {
                    "an array of tables ([[total]])"
                },
                value,
            )),
        }
    }

    /// The fields of one `[[name]]` element, with the problem count from
    /// before they were read (a reader returns nothing if its table added
    /// problems); `None`, recorded, if the element is not a table.
    pub(super) fn array_table<'t, 'i>(
        &self,
        element: &'t Value<'i>,
        name: &str,
        expected: &'static str,
        allowed: &[&str],
    ) -> Option<(Fields<'t, 'i>, usize)> {
        let DeValue::Table(table) = element.as_ref() else {
            self.record(*self.wrong_type(name, expected, element));
            return None;
        };
        let problems_before = self.problem_count();
        let span = header_span(table, element.span());
        let fields = self.fields(table, span, format!("[[{name}]]"), allowed);
        Some((fields, problems_before))
    }

    pub(super) fn item(&self, element: &Value<'_>, unit: Unit) -> Option<Item> {
        let (fields, problems_before) =
            self.array_table(element, "item", "a table ([[item]])", ITEM_FIELDS)?;
        let id = self.keep(
            self.required(&fields, "id")
                .and_then(|v| self.text("id", v)),
        );
        let name = self.keep(
            self.required(&fields, "name")
                .and_then(|v| self.text("name", v)),
        );
        let category_value = self.keep(self.required(&fields, "category"));
        let category = category_value.and_then(|value| self.keep(self.category(value)));
        let amount = self.keep(
            self.required(&fields, "amount")
                .and_then(|value| self.amount("amount", value, unit)),
        );
        let status = self.optional(&fields, "status", Status::Actual, |value| {
            self.status(value)
        });
        let counts = self.optional(
            &fields,
            "counts",
            Vec::new(),
            |value| Ok(self.counts(value)),
        );
        let parts = self.optional(&fields, "parts", Vec::new(), |value| {
            Ok(self.parts(value, unit))
        });
        let note = self.optional_text(&fields, "note");
        let source = self.optional_text(&fields, "source");
        let overlaps = self.optional(&fields, "overlaps", false, |value| {
            self.boolean("overlaps", value)
        });
        let stated = self.optional(&fields, "stated", Vec::new(), |value| {
            Ok(self.stated_list(value, unit))
        });
        let memo = self.optional(&fields, "memo", false, |value| self.boolean("memo", value));
        if self.problem_count() > problems_before {
            return None;
        }
        Some(Item {
            memo: memo?,
            id: id?,
            name: name?,
            category: category?,
            amount: amount?,
            status: status?,
            counts: counts?,
            parts: parts?,
            note: note?,
            source: source?,
            line: self.lines.position(fields.span.start).0,
            category_at: self.position(&category_value?.span()),
            parts_at: fields
                .get("parts")
                .map(|value| self.position(&value.span())),
            overlaps: overlaps?,
            stated: stated?.into(),
        })
    }

    pub(super) fn totals(&self, value: &Value<'_>, unit: Unit) -> Vec<Total> {
        let Some(array) = self.keep(self.array_of_tables("total", value)) else {
            return Vec::new();
        };
        let mut first_line_of_category: HashMap<Option<CategoryPath>, usize> = HashMap::new();
        let mut totals = Vec::with_capacity(array.len());
        for element in array {
            let total = self.total(element, unit);
            // A total with other problems still claims its category.
            let category = match &total {
                Some(total) => Some(total.category.clone()),
                None => written_total_category(element),
            };
            let Some(category) = category else {
                continue;
            };
            if let Some(&first_line) = first_line_of_category.get(&category) {
                let total = match &category {
                    Some(category) => {
                        format!(
                            "the total of `{}`",
                            crate::quote::short(&category.to_string())
                        )
                    }
                    None => "the grand total".to_owned(),
                };
                self.record(*self.error(
                    &header_span_of(element),
                    Problem::DuplicateTotal { total, first_line },
                ));
                continue;
            }
            let line = self.lines.position(header_span_of(element).start).0;
            if let Some(claims) = &self.claims {
                claims.borrow_mut().totals.push((category.clone(), line));
            }
            first_line_of_category.insert(category, line);
            totals.extend(total);
        }
        totals
    }

    pub(super) fn total(&self, element: &Value<'_>, unit: Unit) -> Option<Total> {
        let (fields, problems_before) =
            self.array_table(element, "total", "a table ([[total]])", TOTAL_FIELDS)?;
        let category = self.optional(&fields, "category", None, |value| {
            self.category(value).map(Some)
        });
        let amount_value = self.keep(self.required(&fields, "amount"));
        let amount = amount_value.and_then(|value| self.keep(self.amount("amount", value, unit)));
        let overlaps = self.optional(&fields, "overlaps", false, |value| {
            self.boolean("overlaps", value)
        });
        let partial = self.optional(&fields, "partial", false, |value| {
            self.boolean("partial", value)
        });
        let stated = self.optional(&fields, "stated", Vec::new(), |value| {
            Ok(self.stated_list(value, unit))
        });
        let note = self.optional_text(&fields, "note");
        let source = self.optional_text(&fields, "source");
        if self.problem_count() > problems_before {
            return None;
        }
        Some(Total {
            partial: partial?,
            category: category?,
            amount: Located {
                value: amount?,
                at: self.position(&amount_value?.span()),
            },
            overlaps: overlaps?,
            stated: stated?.into(),
            note: note?,
            source: source?,
            line: self.lines.position(fields.span.start).0,
        })
    }

    /// `stated = { ... }`, or a list of them, one per source.
    pub(super) fn stated_list(&self, value: &Value<'_>, unit: Unit) -> Vec<Stated> {
        match value.as_ref() {
            DeValue::Array(array) => array
                .iter()
                .map(|element| self.stated(element, unit))
                .collect(),
            _ => vec![self.stated(value, unit)],
        }
    }

    /// `stated = { change = 150, change_pct = 11.54, share_pct = 15.3 }`.
    pub(super) fn stated(&self, value: &Value<'_>, unit: Unit) -> Stated {
        let DeValue::Table(table) = value.as_ref() else {
            self.record(*self.wrong_type(
                "stated",
                "a table such as { change = 150, change_pct = 11.54 }, or a list of them",
                value,
            ));
            return Stated::default();
        };
        let fields = self.fields(table, value.span(), "`stated`".into(), STATED_FIELDS);
        let located = |value: &Value<'_>| self.position(&value.span());
        // `approx = true`: every figure here is a round one.
        let all_approx = fields
            .get("approx")
            .and_then(|value| self.keep(self.boolean("stated.approx", value)))
            .unwrap_or(false);
        let marked = |approx: Approx| {
            if all_approx && approx == Approx::Exact {
                Approx::About
            } else {
                approx
            }
        };
        let percent = |field: &str, value: &Value<'_>| {
            let percent = self.keep(self.percent(field, value))?;
            Some(Located {
                value: percent.approximate(marked(percent.approx)),
                at: located(value),
            })
        };
        let change = fields.get("change").and_then(|value| {
            let (amount, approx) = self.keep(self.stated_amount("stated.change", value, unit))?;
            let approx = marked(approx);
            Some((
                Located {
                    value: approx_amount(amount, approx),
                    at: located(value),
                },
                approx,
            ))
        });
        Stated {
            change: change.map(|(amount, _)| amount),
            change_approx: change.map_or(Approx::Exact, |(_, approx)| approx),
            change_pct: fields
                .get("change_pct")
                .and_then(|value| percent("stated.change_pct", value)),
            share_pct: fields
                .get("share_pct")
                .and_then(|value| percent("stated.share_pct", value)),
            share_of: fields
                .get("share_of")
                .and_then(|value| self.keep(self.share_of(value, unit, all_approx))),
            base: fields
                .get("base")
                .and_then(|value| self.keep(self.base_ref("stated.base", value))),
            source: fields
                .get("source")
                .and_then(|value| self.keep(self.text("stated.source", value))),
        }
    }

    /// A stated amount, which may be printed as a round figure ("약 5조
    /// 7,000억원", "1조원 이상") or with a table's signs ("▲3.5", "-").
    pub(super) fn stated_amount(
        &self,
        field: &str,
        value: &Value<'_>,
        unit: Unit,
    ) -> Found<(Amount, Approx)> {
        let DeValue::String(text) = value.as_ref() else {
            return self.amount(field, value, unit).map(|a| (a, Approx::Exact));
        };
        let (plain, approx) = split_approximation(text);
        let plain = plain_sign(&plain).unwrap_or(plain);
        Amount::parse(&plain, unit)
            .map(|amount| (amount, approx))
            .map_err(|reason| {
                self.error(
                    &value.span(),
                    Problem::BadAmount {
                        field: field.into(),
                        value: quote(text),
                        reason,
                    },
                )
            })
    }

    /// `share_of = "1조 9,000억"`: the figure a stated share is of, exact
    /// or round; a bound or a bracket is no figure to divide by.
    fn share_of(&self, value: &Value<'_>, unit: Unit, all_approx: bool) -> Found<Located<Amount>> {
        let (amount, approx) = self.stated_amount("stated.share_of", value, unit)?;
        let approx = match approx {
            Approx::Exact if all_approx => Approx::About,
            Approx::Exact | Approx::About => approx,
            Approx::AtLeast | Approx::AtMost | Approx::Bracket => {
                return Err(self.error(
                    &value.span(),
                    Problem::BadText {
                        field: "stated.share_of".into(),
                        value: quote(match value.as_ref() {
                            DeValue::String(text) => text,
                            _ => "",
                        }),
                        reason: "is a bound or a bracket, not a total to take a share of: give the total as \
                                 printed, or a round one such as \"약 1.9조\"",
                    },
                ));
            }
        };
        Ok(Located {
            value: approx_amount(amount, approx),
            at: self.position(&value.span()),
        })
    }

    /// `base = "2025 본예산"`: a year, a phase, or both.
    pub(super) fn base_ref(&self, field: &str, value: &Value<'_>) -> Found<Located<BaseRef>> {
        let text = self.text(field, value)?;
        let base = BaseRef::parse(&text).ok_or_else(|| {
            self.error(
                &value.span(),
                Problem::BadText {
                    field: field.into(),
                    value: quote(&text),
                    reason: "is not a year and a phase such as \"2025 본예산\"",
                },
            )
        })?;
        Ok(Located {
            value: base,
            at: self.position(&value.span()),
        })
    }

    pub(super) fn parts(&self, value: &Value<'_>, unit: Unit) -> Vec<Part> {
        let DeValue::Table(table) = value.as_ref() else {
            self.record(*self.wrong_type("parts", "a table such as { additional = 24.2 }", value));
            return Vec::new();
        };
        table
            .iter()
            .filter_map(|(key, amount)| {
                let field = format!("parts.{}", key.as_ref());
                Some(Part {
                    name: key.as_ref().to_string(),
                    amount: self.keep(self.amount(&field, amount, unit))?,
                })
            })
            .collect()
    }
}

/// A stated amount printed as a round figure is known only to its last
/// non-zero digit ("약 5조 7,000억" to the 1,000억).
fn approx_amount(amount: Amount, approx: Approx) -> Amount {
    if approx == Approx::Exact {
        return amount;
    }
    Amount::new(amount.won(), magnitude(amount.won(), amount.precision()))
}

/// Where an `[[item]]` table starts: its span, or failing that its first key.
fn header_span(table: &DeTable<'_>, span: Range<usize>) -> Range<usize> {
    let first_key = table.keys().map(|k| k.span()).min_by_key(|s| s.start);
    match first_key {
        Some(key) if span.start > key.start || span.is_empty() => key,
        _ => span,
    }
}

fn header_span_of(element: &Value<'_>) -> Range<usize> {
    match element.as_ref() {
        DeValue::Table(table) => header_span(table, element.span()),
        _ => element.span(),
    }
}

/// The `id` of an `[[item]]` that could not be read, if it has a usable one.
fn written_id(element: &Value<'_>) -> Option<String> {
    let id = element.as_ref().as_table()?.get("id")?.as_ref().as_str()?;
    (!id.trim().is_empty()).then(|| id.to_owned())
}

/// The category of a `[[total]]` that could not be read: `Some(None)` for
/// the grand total, `None` when the category itself is unusable.
fn written_total_category(element: &Value<'_>) -> Option<Option<CategoryPath>> {
    let table = element.as_ref().as_table()?;
    match table.get("category") {
        None => Some(None),
        Some(value) => CategoryPath::parse(value.as_ref().as_str()?).map(Some),
    }
}
