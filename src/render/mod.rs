//! Rendering: turns computed data into text, one renderer per output
//! format behind the [`Renderer`] trait. Table-like formats (table,
//! markdown) share one layout of [`Section`]s; JSON, JSON Lines and CSV
//! write the data; SVG draws charts.
//!
//! Rounding happens here and only here: half away from zero, to
//! `--decimals` places (see [`numbers`]).
#![warn(clippy::arithmetic_side_effects)]

mod csv;
mod decimal_text;
mod exact_text;
pub mod gate;
mod json;
mod jsonl;
mod laid_once;
mod laid_rows;
pub mod layout;
mod markdown;
pub mod numbers;
pub mod pairing;
mod summary_tables;
mod svg;
mod table;
mod table_body;
mod wrap;

use clap::ValueEnum;

use crate::amount::Unit;
use crate::diff::Diff;
use crate::summary::{ItemRow, Row, Summary};
use crate::trend::Trend;

pub use layout::Section;
pub use summary_tables::{write_every_row_tables, write_summary_tables};
pub use table::terminal_safe;

/// The output formats every command offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned tables for people.
    Table,
    /// One JSON document; amounts are exact decimal strings in won.
    Json,
    /// One row per item, subtotal, part and average.
    Csv,
    /// Pipe tables to paste into a pull request or report.
    Markdown,
    /// One JSON object per item row, for DuckDB, pandas or Spark.
    Jsonl,
    /// A chart: category bars, diverging change bars, or trend lines.
    Svg,
}

/// Language of labels and conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

/// Which unit amounts are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitChoice {
    /// The unit of the file being shown (the default).
    FileUnit,
    /// One unit for every figure.
    Fixed(Unit),
    /// A readable unit picked per figure.
    Auto,
}

impl UnitChoice {
    /// Reads `--unit`: a unit name, or `auto`.
    pub fn parse(text: &str) -> Option<UnitChoice> {
        if text.eq_ignore_ascii_case("auto") {
            return Some(UnitChoice::Auto);
        }
        Unit::parse(text).map(UnitChoice::Fixed)
    }

    /// The one unit for a whole column, or `None` when each figure picks its own.
    pub fn column_unit(self, file_unit: Unit) -> Option<Unit> {
        match self {
            UnitChoice::FileUnit => Some(file_unit),
            UnitChoice::Fixed(unit) => Some(unit),
            UnitChoice::Auto => None,
        }
    }

    /// The unit asked for by name, if any.
    pub fn fixed(self) -> Option<Unit> {
        match self {
            UnitChoice::Fixed(unit) => Some(unit),
            _ => None,
        }
    }

    /// The unit for machine formats, which never pick per figure.
    pub fn machine_unit(self, file_unit: Unit) -> Unit {
        self.column_unit(file_unit).unwrap_or(file_unit)
    }
}

/// How figures are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisplayOptions {
    pub unit: UnitChoice,
    /// Most decimals shown; quotients are shown with exactly this many.
    pub decimals: u32,
    /// `--decimals` was given: Korean amounts are then rounded to it
    /// (`54.51억원`) instead of shown exactly (`54억 5,050만원`).
    pub decimals_asked: bool,
    pub lang: Lang,
    /// Colour increases green and decreases red (tables only). Decided by
    /// the binary from `--color`, the colour variables and the terminal; the library
    /// never asks the terminal itself.
    pub color: bool,
    /// Draw each share as a small bar after the percentage (tables only).
    pub share_bars: bool,
    /// Fit tables into this many columns (a terminal's width); `None`
    /// draws every row on one line, however wide.
    pub width: Option<u16>,
}

impl DisplayOptions {
    /// Decimals shown when `--decimals` is not given.
    pub const DEFAULT_DECIMALS: u32 = 2;
}

impl Default for DisplayOptions {
    fn default() -> Self {
        DisplayOptions {
            unit: UnitChoice::FileUnit,
            decimals: DisplayOptions::DEFAULT_DECIMALS,
            decimals_asked: false,
            lang: Lang::En,
            color: false,
            share_bars: false,
            width: None,
        }
    }
}

/// The character encoding of CSV output (`--encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum CsvEncoding {
    /// UTF-8, as every other format.
    #[default]
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Code page 949 (EUC-KR with its Windows extensions), which Excel
    /// 2013 and older read CSV in on Korean Windows.
    #[value(name = "cp949", alias = "euc-kr")]
    Cp949,
}

/// Why output could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] ::csv::Error),
    /// A character of the output has no code in cp949; nothing is written
    /// rather than a mangled figure or name.
    #[error(
        "line {line} of the output: `{character}` (U+{code:04X}) cannot be written in cp949; nothing was written (--bom writes UTF-8 that Excel reads)",
        code = u32::from(*character)
    )]
    Unencodable { character: char, line: usize },
    #[error("--bom and --encoding apply to --format csv only")]
    NotCsv,
}

/// CSV text as spreadsheet programs want its bytes: UTF-8 with a byte
/// order mark (`bom`), or cp949. Fails, naming the line, on a character
/// cp949 lacks, rather than writing a substitute.
pub fn csv_bytes(text: &str, bom: bool, encoding: CsvEncoding) -> Result<Vec<u8>, RenderError> {
    match encoding {
        CsvEncoding::Utf8 => {
            let mark: &[u8] = if bom { "\u{feff}".as_bytes() } else { b"" };
            Ok([mark, text.as_bytes()].concat())
        }
        CsvEncoding::Cp949 => {
            let (bytes, _, unmappable) = encoding_rs::EUC_KR.encode(text);
            if !unmappable {
                return Ok(bytes.into_owned());
            }
            let mut line: usize = 1;
            for character in text.chars() {
                if character == '\n' {
                    // Lines number fewer than the text's bytes.
                    line = line.saturating_add(1);
                } else if encoding_rs::EUC_KR
                    .encode(character.encode_utf8(&mut [0; 4]))
                    .2
                {
                    return Err(RenderError::Unencodable { character, line });
                }
            }
            unreachable!("encoding_rs found a character that it cannot encode")
        }
    }
}

/// One output format.
pub trait Renderer {
    fn summaries(
        &self,
        summaries: &[Summary],
        options: &DisplayOptions,
    ) -> Result<String, RenderError>;
    fn diff(&self, diff: &Diff, options: &DisplayOptions) -> Result<String, RenderError>;
    fn trend(&self, trend: &Trend, options: &DisplayOptions) -> Result<String, RenderError>;
}

/// A format that can write `summarize`'s rows a stretch at a time, for
/// every row of a large file (see [`crate::summary::every_row`]): what
/// [`Renderer::summaries`] writes for one summary is `head` followed by
/// `rows` of its rows and excluded rows, however they are cut into
/// stretches.
pub trait RowsRenderer: Sync {
    /// What comes before the rows (CSV: the header and the Total record);
    /// `summary`'s own rows are not read.
    fn head(&self, summary: &Summary, options: &DisplayOptions) -> Result<Vec<u8>, RenderError>;
    /// A stretch of `summary`'s rows, and of its excluded rows (which come
    /// after every row).
    fn rows(
        &self,
        summary: &Summary,
        rows: &[Row],
        excluded: &[ItemRow],
        options: &DisplayOptions,
    ) -> Result<Vec<u8>, RenderError>;
    /// Whether the item rows' averages are written: where they are not,
    /// they need not be worked out.
    fn writes_averages(&self) -> bool {
        true
    }
}

/// The format's [`RowsRenderer`], for the formats that have one.
pub fn rows_renderer(format: Format) -> Option<&'static dyn RowsRenderer> {
    match format {
        Format::Jsonl => Some(&jsonl::JsonlRenderer),
        Format::Csv => Some(&csv::CsvRenderer),
        _ => None,
    }
}

/// The table-like formats draw the shared layout of [`Section`]s, so each
/// only says how to draw sections.
trait DrawsSections {
    fn draw(&self, sections: &[Section], options: &DisplayOptions) -> String;
}

impl<T: DrawsSections> Renderer for T {
    fn summaries(
        &self,
        summaries: &[Summary],
        options: &DisplayOptions,
    ) -> Result<String, RenderError> {
        let sections: Vec<Section> = summaries
            .iter()
            .flat_map(|s| layout::summary_sections(s, options))
            .collect();
        Ok(self.draw(&sections, options))
    }

    fn diff(&self, diff: &Diff, options: &DisplayOptions) -> Result<String, RenderError> {
        Ok(self.draw(&layout::diff_sections(diff, options), options))
    }

    fn trend(&self, trend: &Trend, options: &DisplayOptions) -> Result<String, RenderError> {
        Ok(self.draw(&layout::trend_sections(trend, options), options))
    }
}

/// `diff`'s tables, written as they are drawn (what [`Renderer::diff`]
/// gives in [`Format::Table`]): no table is held whole.
pub fn write_diff_tables(
    diff: &Diff,
    options: &DisplayOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    table::write_lazy_sections(layout::diff_lazy_sections(diff, options), options, out)
}

/// `trend`'s tables, written as they are drawn (see [`write_diff_tables`]).
pub fn write_trend_tables(
    trend: &Trend,
    options: &DisplayOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    table::write_lazy_sections(layout::trend_lazy_sections(trend, options), options, out)
}

/// The renderer for a format.
pub fn renderer(format: Format) -> Box<dyn Renderer> {
    match format {
        Format::Table => Box::new(table::TableRenderer),
        Format::Json => Box::new(json::JsonRenderer),
        Format::Csv => Box::new(csv::CsvRenderer),
        Format::Markdown => Box::new(markdown::MarkdownRenderer),
        Format::Jsonl => Box::new(jsonl::JsonlRenderer),
        Format::Svg => Box::new(svg::SvgRenderer),
    }
}

/// Renders summaries in a format.
pub fn render_summaries(
    format: Format,
    summaries: &[Summary],
    options: &DisplayOptions,
) -> Result<String, RenderError> {
    renderer(format).summaries(summaries, options)
}
