//! The options that shape the output of the tree reports (`summarize`,
//! `diff`, `trend`): format, unit, decimals, language, colour, CSV bytes,
//! width, and where it goes. With what the terminal is like, they make the
//! renderers' [`DisplayOptions`].

use clap::{Args, ValueEnum};

use super::OutputArgs;
use super::units::{UnitNames, parse_unit_choice};
use crate::render::{CsvEncoding, DisplayOptions, Format, Lang, UnitChoice};
use crate::terminal::Terminal;

/// When to colour output (`--color`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says
    /// otherwise; in a pipe too with CLICOLOR_FORCE.
    #[default]
    Auto,
    Always,
    Never,
}

/// Options that shape the output of `summarize`, `diff` and `trend`.
#[derive(Debug, Args)]
pub struct DisplayArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Unit of shown amounts: won, thousand, million, billion, trillion,
    /// 천원, 만원, 백만원, 억원, 십억원, 조원, or auto (a readable unit per
    /// figure) [default: the file's unit; with --lang ko, exact 조·억·만원
    /// per figure]
    #[arg(long, value_name = "UNIT", hide_possible_values = true,
          value_parser = UnitNames { parse: parse_unit_choice, auto: true })]
    pub unit: Option<UnitChoice>,
    /// Most decimals shown; shares, averages and percentages show exactly
    /// this many [default: 2; with --lang ko, amounts are exact unless given]
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u32).range(0..=12))]
    pub decimals: Option<u32>,
    /// Language of labels, conventions and warnings (errors stay in English)
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Colour increases and decreases in tables: auto (on a terminal,
    /// unless NO_COLOR, CLICOLOR=0 or TERM=dumb; in a pipe too with
    /// CLICOLOR_FORCE), always, never. Share bars show on a terminal or
    /// with `always`
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(flatten)]
    pub output: OutputArgs,
    /// CSV only: start with a UTF-8 byte order mark, so that Excel 2016 or
    /// later shows Hangul when the file is opened by double-click
    #[arg(long, conflicts_with = "encoding")]
    pub bom: bool,
    /// CSV only: character encoding; cp949 for Excel 2013 and older on
    /// Korean Windows
    #[arg(long, value_enum, value_name = "ENCODING", default_value_t = CsvEncoding::Utf8)]
    pub encoding: CsvEncoding,
    /// Fit tables into N columns: names wrap, figures stay whole, notes
    /// move under the table [default: the terminal's width; no limit when
    /// piped or written to a file]; 0: no limit
    #[arg(long, value_name = "N")]
    pub width: Option<u16>,
}

impl DisplayArgs {
    /// The rendering options these arguments ask for, where standard
    /// output is what `terminal` says.
    pub fn options(&self, terminal: Terminal) -> DisplayOptions {
        let table = self.format == Format::Table;
        let to_file = self.output.file().is_some();
        let to_terminal = !to_file && terminal.stdout_is_terminal;
        let color = match self.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            // Output to a file is never coloured unless asked.
            ColorWhen::Auto => !to_file && terminal.wants_colour,
        };
        DisplayOptions {
            unit: self.unit.unwrap_or(UnitChoice::FileUnit),
            decimals: self.decimals.unwrap_or(DisplayOptions::DEFAULT_DECIMALS),
            decimals_asked: self.decimals.is_some(),
            lang: self.lang,
            color: table && color,
            // Bars are characters, not colour: NO_COLOR leaves them.
            share_bars: table && (to_terminal || self.color == ColorWhen::Always),
            width: match self.width {
                Some(0) => None,
                Some(columns) => Some(columns),
                None if to_terminal => terminal.width,
                None => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn options(args: &[&str], terminal: Terminal) -> DisplayOptions {
        let cli = Cli::try_parse_from(
            ["gyeongju-budget", "summarize", "budgets/2025.toml"]
                .iter()
                .chain(args),
        )
        .unwrap();
        match &cli.command {
            Command::Summarize(summarize) => summarize.display.options(terminal),
            _ => unreachable!(),
        }
    }

    const TERMINAL: Terminal = Terminal {
        stdout_is_terminal: true,
        wants_colour: true,
        width: Some(80),
    };
    const PIPE: Terminal = Terminal {
        stdout_is_terminal: false,
        wants_colour: false,
        width: None,
    };

    #[test]
    fn tables_fit_a_terminal_but_not_a_pipe() {
        let width = |args: &[&str], terminal| options(args, terminal).width;
        assert_eq!(width(&[], TERMINAL), Some(80));
        assert_eq!(width(&[], PIPE), None);
        assert_eq!(width(&["--output", "x.txt"], TERMINAL), None);
        assert_eq!(width(&["--width", "100"], PIPE), Some(100));
        assert_eq!(width(&["--width", "0"], TERMINAL), None);
    }

    fn styling(options: DisplayOptions) -> (bool, bool) {
        (options.color, options.share_bars)
    }

    #[test]
    fn colour_and_bars_only_on_a_terminal_by_default() {
        assert_eq!(styling(options(&[], TERMINAL)), (true, true));
        assert_eq!(styling(options(&[], PIPE)), (false, false));
        // A file is not a terminal, even when standard output is.
        assert_eq!(
            styling(options(&["--output", "x.txt"], TERMINAL)),
            (false, false)
        );
    }

    #[test]
    fn no_color_turns_colour_off_but_not_the_bars() {
        let no_color = Terminal {
            wants_colour: false,
            ..TERMINAL
        };
        assert_eq!(styling(options(&[], no_color)), (false, true));
        assert_eq!(
            styling(options(&["--color", "never"], TERMINAL)),
            (false, true)
        );
        // An explicit flag wins over the environment.
        assert_eq!(
            styling(options(&["--color", "always"], no_color)),
            (true, true)
        );
    }

    #[test]
    fn clicolor_force_colours_a_pipe_but_draws_no_bars() {
        let forced = Terminal {
            wants_colour: true,
            ..PIPE
        };
        assert_eq!(styling(options(&[], forced)), (true, false));
        assert_eq!(
            styling(options(&["--color", "never"], forced)),
            (false, false)
        );
        assert_eq!(
            styling(options(&["--output", "x.txt"], forced)),
            (false, false)
        );
    }

    #[test]
    fn always_styles_pipes_but_only_tables() {
        assert_eq!(styling(options(&["--color", "always"], PIPE)), (true, true));
        for format in ["markdown", "json", "csv", "jsonl", "svg"] {
            assert_eq!(
                styling(options(
                    &["--color", "always", "--format", format],
                    TERMINAL
                )),
                (false, false),
                "{format}"
            );
        }
    }
}
