//! JSON: the computed data as one document. Amounts are exact decimal
//! strings in the base unit of the files' currency (`unit`: won, yen,
//! dollars); quotients (shares, averages) carry 28 significant digits.

use serde::Serialize;

use crate::amount::Currency;

use crate::diff::Diff;
use crate::render::{DisplayOptions, RenderError, Renderer};
use crate::summary::Summary;
use crate::trend::Trend;

/// Version of the JSON shape; raised only on an incompatible change (2:
/// subtotals are `amount`, a comparison's status is `change_status`).
pub const JSON_VERSION: u32 = 2;

pub struct JsonRenderer;

/// The envelope every JSON document shares.
#[derive(Serialize)]
struct Document<T: Serialize> {
    version: u32,
    /// The unit of every amount in the document.
    unit: &'static str,
    #[serde(flatten)]
    body: T,
}

#[derive(Serialize)]
struct Summaries<'a> {
    summaries: &'a [Summary],
}

#[derive(Serialize)]
struct DiffBody<'a> {
    diff: &'a Diff,
}

#[derive(Serialize)]
struct TrendBody<'a> {
    trend: &'a Trend,
}

/// `currency` is the one currency of the document's files (commands
/// refuse to mix currencies).
fn write<T: Serialize>(body: T, currency: Currency) -> Result<String, RenderError> {
    let document = Document {
        version: JSON_VERSION,
        unit: currency.base_name(),
        body,
    };
    let mut text = crate::quote::json_visible(serde_json::to_string_pretty(&document)?);
    text.push('\n');
    Ok(text)
}

impl Renderer for JsonRenderer {
    fn summaries(
        &self,
        summaries: &[Summary],
        _options: &DisplayOptions,
    ) -> Result<String, RenderError> {
        let currency = summaries
            .first()
            .map_or(Currency::Krw, |summary| summary.file_unit.currency());
        write(Summaries { summaries }, currency)
    }

    fn diff(&self, diff: &Diff, _options: &DisplayOptions) -> Result<String, RenderError> {
        write(DiffBody { diff }, diff.new.file_unit.currency())
    }

    fn trend(&self, trend: &Trend, _options: &DisplayOptions) -> Result<String, RenderError> {
        let currency = trend
            .periods
            .first()
            .map_or(Currency::Krw, |period| period.file_unit.currency());
        write(TrendBody { trend }, currency)
    }
}
