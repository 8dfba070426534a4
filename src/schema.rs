//! The JSON Schema of the year file, for editors: with `#:schema` at the
//! top of a file, taplo and Even Better TOML complete field names and mark
//! mistakes while the file is typed.
//!
//! The loader walks the TOML by hand (for exact decimals and positioned
//! errors), so the model types carry no serde derives. The schema comes
//! from the documentation types here instead, which mirror
//! docs/year-file.md field for field; the tests keep them honest against
//! the loader. The loader stays the authority: the schema is a typing aid.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::Value;

use crate::amount::Unit;
use crate::model::Status;

/// The schema as pretty-printed JSON, ending with a newline.
pub fn year_file_schema() -> String {
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<YearFileDoc>()
        .to_value();
    drop_null(&mut schema);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is plain JSON");
    text.push('\n');
    text
}

/// A TOML file never holds `null`: optional fields are simply left out,
/// so the `null` that schemars allows for `Option` fields is removed.
fn drop_null(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if let Some(Value::Array(types)) = object.get_mut("type") {
                types.retain(|t| t != "null");
                if let [single] = types.as_slice() {
                    let single = single.clone();
                    object.insert("type".into(), single);
                }
            }
            if let Some(Value::Array(choices)) = object.get_mut("anyOf") {
                choices.retain(|choice| *choice != serde_json::json!({ "type": "null" }));
                if choices.len() == 1 {
                    // A `$ref` beside a description must be wrapped in draft 7.
                    let only = object.remove("anyOf").expect("just seen");
                    object.insert("allOf".into(), only);
                }
            }
            object.values_mut().for_each(drop_null);
        }
        Value::Array(values) => values.iter_mut().for_each(drop_null),
        _ => {}
    }
}

/// A gyeongju-budget year file: one region's budget figures for one year
/// (and optionally one budget phase), item by item.
#[derive(JsonSchema)]
#[schemars(title = "gyeongju-budget year file", deny_unknown_fields)]
#[allow(dead_code)]
struct YearFileDoc {
    /// The budget year, from 1900 to 2199.
    #[schemars(range(min = 1900, max = 2199))]
    year: i64,
    /// Who publishes the budget.
    region: Text,
    /// Unit of bare numbers in this file: won/원, thousand won/천원, 만원,
    /// million won/백만원, 억원, billion won/십억원, trillion won/조원.
    /// Default: won.
    unit: Option<UnitName>,
    /// Budget phase, free text: original, supplementary-1, final,
    /// executed, planned …
    phase: Option<Text>,
    /// What this file's stated changes are compared with, when not the
    /// publishers' usual base for its phase: a year and/or a phase such
    /// as "2025 본예산" (a phase alone: the same year's).
    base: Option<Text>,
    /// Where the figures come from.
    source: Option<Text>,
    /// How output names the file's count keys: `{ smes = "중소기업" }`
    /// shows `중소기업` wherever `smes` would be shown, in every language.
    /// Put it before the first `[[item]]` (or write a `[count_labels]`
    /// table).
    count_labels: Option<CountLabelsDoc>,
    /// The budget lines, one `[[item]]` table each.
    item: Option<Vec<ItemDoc>>,
    /// Subtotals and totals as the publisher printed them, for `check`.
    total: Option<Vec<TotalDoc>>,
}

/// One line of the budget: a programme, a fund, a loan, a target or a cap.
#[derive(JsonSchema)]
#[schemars(rename = "Item", deny_unknown_fields)]
#[allow(dead_code)]
struct ItemDoc {
    /// Unique in the file and stable across years: `diff` and `trend`
    /// match years on it.
    id: Text,
    /// Shown in tables; any language.
    name: Text,
    /// `/`-separated path such as `finance/loans`, without empty segments;
    /// subtotals roll up the tree.
    category: CategoryText,
    /// A number in the file's `unit`, or a string with its own unit
    /// (`"264.6 billion won"`, `"2,646억원"`, `"1조 2,000억원"`).
    amount: AmountDoc,
    /// actual (the default), planned, target or cap; targets and caps
    /// never enter totals.
    status: Option<StatusDoc>,
    /// Counts of beneficiaries or outputs; each gives an average. Whole
    /// numbers of at least 1, or strings such as "600+" (at least 600).
    counts: Option<CountsDoc>,
    /// A breakdown of the amount, by name.
    parts: Option<PartsDoc>,
    /// Free text.
    note: Option<Text>,
    /// Where this item's figures come from.
    source: Option<Text>,
    /// The parts overlap on purpose (they double-count): `check` reports a
    /// larger sum as information, not an error.
    overlaps: Option<bool>,
    /// A figure reported beside the budget but not the publisher's own
    /// spending (private investment attracted, bank loans it only
    /// subsidises): shown, compared and checked, never added into a total.
    memo: Option<bool>,
    /// What the publisher printed about this item, for `check`; a list
    /// when sources printed it differently.
    stated: Option<StatedListDoc>,
}

/// A subtotal or grand total as printed (`[[total]]`).
#[derive(JsonSchema)]
#[schemars(rename = "Total", deny_unknown_fields)]
#[allow(dead_code)]
struct TotalDoc {
    /// The category the total covers; the grand total when absent.
    category: Option<CategoryText>,
    amount: AmountDoc,
    /// The items below overlap on purpose (they double-count).
    overlaps: Option<bool>,
    /// The file lists only some of the lines this total covers: the items
    /// may add up to less than it, and are no base for its change.
    partial: Option<bool>,
    stated: Option<StatedListDoc>,
    note: Option<Text>,
    source: Option<Text>,
}

/// Figures a publisher printed against the previous year and the total.
#[derive(JsonSchema)]
#[schemars(rename = "Stated", deny_unknown_fields)]
#[allow(dead_code)]
struct StatedDoc {
    /// The printed change against the previous year, an amount.
    change: Option<StatedAmountDoc>,
    /// The printed percent change against the previous year.
    change_pct: Option<PercentDoc>,
    /// The printed share of this year's total, in percent.
    share_pct: Option<PercentDoc>,
    /// What `share_pct` is a share of, when not this year's total: an
    /// amount such as "1조 9,000억" or a round "약 1.9조".
    share_of: Option<StatedAmountDoc>,
    /// What this figure's change is compared with, when not the file's
    /// base: a year and/or a phase such as "2025 본예산".
    base: Option<Text>,
    /// Who printed these figures, when sources differ.
    source: Option<Text>,
    /// `true`: every figure in this table is a round one (as if written
    /// "약 …"), checked at its written magnitude (default `false`).
    approx: Option<bool>,
}

/// One `stated` table, or a list of them (one per source).
struct StatedListDoc;

impl JsonSchema for StatedListDoc {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StatedList".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let one = generator.subschema_for::<StatedDoc>();
        json_schema!({
            "anyOf": [
                one,
                { "type": "array", "items": one },
            ],
        })
    }
}

struct PercentDoc;

impl JsonSchema for PercentDoc {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Percent".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A percentage as printed: 11.54 or \"11.54%\".",
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": "[0-9]" },
            ],
        })
    }
}

/// Text with something other than white space in it.
struct Text;

impl JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": "\\S" })
    }
}

/// Each segment between `/` holds something other than white space.
pub const CATEGORY_PATTERN: &str = "^[^/]*[^/\\s][^/]*(/[^/]*[^/\\s][^/]*)*$";

/// A count written as a string: digits (maybe grouped with `,`), not all
/// zero, then `+` for "at least".
pub const COUNT_PATTERN: &str = "^[0-9,]*[1-9][0-9,]*\\+?$";

struct CategoryText;

impl JsonSchema for CategoryText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Category".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "`/`-separated path such as `finance/loans`, without empty segments.",
            "type": "string",
            "pattern": CATEGORY_PATTERN,
        })
    }
}

struct UnitName;

impl JsonSchema for UnitName {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Unit".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = Unit::names().collect();
        json_schema!({
            "type": "string",
            // The names complete in editors; the pattern accepts every
            // spelling the loader does (any case, any spaces).
            "anyOf": [{ "enum": names }, { "pattern": unit_pattern() }],
        })
    }
}

/// Every spelling of every unit, in any case and with white space anywhere.
pub fn unit_pattern() -> String {
    format!("^\\s*(?:{})\\s*$", unit_spellings())
}

/// The alternation of every unit spelling, unanchored.
fn unit_spellings() -> String {
    let spellings: Vec<String> = Unit::spellings()
        .map(|spelling| {
            spelling
                .chars()
                .map(|c| {
                    if c.is_ascii_alphabetic() {
                        format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
                    } else if c == '$' {
                        "\\$".to_owned()
                    } else {
                        c.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\\s*")
        })
        .collect();
    spellings.join("|")
}

/// A number as amount strings write it: digits, or digits grouped in
/// threes by commas, then maybe a fraction (`2,646`, `264.6`).
const NUMBER_PATTERN: &str = "(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\\.[0-9]+)?";

/// An amount written as a string, as the loader reads it: a sign (`-`,
/// `−`, `△`, `+`), maybe a currency sign or code (`₩`, `KRW`, `$`, `US$`,
/// `USD`, `¥`, `JPY`), then either one number with an optional unit
/// (`264.6 billion won`, `1.5 million dollars`) or myriad numerals,
/// numbers and 천·백·십·만·억·조·원 (or 千·百·十·万·億·兆·円, or 달러) in
/// any mix (`1조 2,000억원`, `2천5백만원`, `115兆5,415億円`). It never
/// refuses what the loader reads; what it lets through that the loader
/// refuses (`원` alone, 만 after 억 in the wrong order) `check` still
/// reports.
pub fn amount_pattern() -> String {
    let korean = "(?:[천백십만억조원千百十万億兆円]|달러)";
    format!(
        "^\\s*[-−△+]?\\s*(?:(?:₩|￦|KRW|krw|US\\$|\\$|USD|usd|¥|￥|JPY|jpy)\\s*)?(?:{NUMBER_PATTERN}\\s*(?:{units})?|(?:{NUMBER_PATTERN}|{korean})(?:\\s*(?:{NUMBER_PATTERN}|{korean}))*)\\s*$",
        units = unit_spellings(),
    )
}

struct AmountDoc;

impl JsonSchema for AmountDoc {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number in the file's `unit` (read from its literal text, so 240.40 keeps its trailing zero), or a string with its own unit: \"264.6 billion won\", \"2,646억원\", \"1조 2,000억원\", \"₩30,000,000\", \"△3.5\"; in a file in yen or dollars, \"115兆5,415億円\", \"$489.6 million\". An amount in another currency than the file's unit is an error.",
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": amount_pattern() },
            ],
        })
    }
}

/// An amount as a publisher printed it: round ("약 1조", "1,200여억원"),
/// a bracket ("1,700억원대"), a bound ("1조원 이상"), a table's signs
/// ("▲281", "281억 감소"). The loader reads the words off and parses the
/// rest as an amount; the schema only asks for a number or a string with
/// a digit in it (or a table's lone dash, nil), never more than the loader.
struct StatedAmountDoc;

impl JsonSchema for StatedAmountDoc {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StatedAmount".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An amount as printed, read like an item's amount: a number in the file's `unit` or a string with its own unit, which may be round (\"약 1조\", \"1,200여억원\"), a bracket (\"1,700억원대\"), a bound (\"1조원 이상\") or signed as tables print it (\"▲281\", \"281억 감소\").",
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": "[0-9]" },
                { "type": "string", "pattern": "^\\s*[-–—−]\\s*$" },
            ],
        })
    }
}

struct StatusDoc;

impl JsonSchema for StatusDoc {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Status".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "enum": Status::NAMES })
    }
}

struct CountsDoc;

impl JsonSchema for CountsDoc {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Counts".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "additionalProperties": {
                "anyOf": [
                    { "type": "integer", "minimum": 1 },
                    { "type": "string", "pattern": COUNT_PATTERN },
                ],
            },
        })
    }
}

struct CountLabelsDoc;

impl JsonSchema for CountLabelsDoc {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CountLabels".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<Text>(),
        })
    }
}

struct PartsDoc;

impl JsonSchema for PartsDoc {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Parts".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<AmountDoc>(),
        })
    }
}
