//! `check` reports as text: one line per finding for people, one JSON
//! document for scripts, or GitHub Actions workflow commands that
//! annotate a pull request. Every format writes the findings as worded
//! in one language ([`words`]).
//!
//! Messages quote names, ids and values from files downloaded from
//! anywhere, so every line is made safe for a terminal (control
//! characters and escape sequences shown, not acted on) and kept to one
//! line.

pub mod words;

use clap::ValueEnum;
use serde::Serialize;

use crate::quote::log_line;

use super::{CheckReport, Counts, Figures, Severity, file_order};
use crate::render::Lang;

/// How `check` writes its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// `file:line:column: severity[rule]: message`, then a summary line.
    Human,
    /// One JSON document with the findings, the passed checks and counts.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`).
    Github,
}

/// Renders a report. `verbose` lists the checks that passed too (JSON
/// always does).
pub fn render_check(
    report: &CheckReport,
    format: CheckFormat,
    verbose: bool,
) -> Result<String, serde_json::Error> {
    render_check_in(report, format, verbose, Lang::En)
}

/// [`render_check`] with the messages and the counts line in `lang`
/// (the loader's own messages stay in English).
pub fn render_check_in(
    report: &CheckReport,
    format: CheckFormat,
    verbose: bool,
    lang: Lang,
) -> Result<String, serde_json::Error> {
    let worded = Worded::of(report, lang);
    Ok(match format {
        CheckFormat::Human => human_in(&worded, verbose, lang),
        CheckFormat::Json => {
            crate::quote::json_visible(serde_json::to_string_pretty(&worded)?) + "\n"
        }
        CheckFormat::Github => github_in(&worded, verbose, lang),
    })
}

/// A report with its findings worded in one language: what every format
/// writes, and the JSON document as it is.
#[derive(Serialize)]
struct Worded {
    version: u32,
    files: Vec<String>,
    counts: Counts,
    findings: Vec<WordedFinding>,
    passed: Vec<WordedPassed>,
}

#[derive(Serialize)]
struct WordedFinding {
    file: String,
    line: usize,
    column: usize,
    severity: Severity,
    rule: &'static str,
    /// One line, with the figures involved.
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    figures: Option<Figures>,
}

#[derive(Serialize)]
struct WordedPassed {
    file: String,
    line: usize,
    column: usize,
    rule: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    figures: Option<Figures>,
}

impl Worded {
    fn of(report: &CheckReport, lang: Lang) -> Worded {
        Worded {
            version: report.version,
            files: report.files.clone(),
            counts: report.counts,
            findings: report
                .findings
                .iter()
                .map(|f| WordedFinding {
                    file: f.file.clone(),
                    line: f.line,
                    column: f.column,
                    severity: f.severity,
                    rule: f.rule,
                    message: words::message(&f.said, lang),
                    figures: f.figures,
                })
                .collect(),
            passed: report
                .passed
                .iter()
                .map(|p| WordedPassed {
                    file: p.file.clone(),
                    line: p.line,
                    column: p.column,
                    rule: p.rule,
                    message: words::message(&p.said, lang),
                    figures: p.figures,
                })
                .collect(),
        }
    }
}

/// One line per finding (and passed check, if asked) in file order, then
/// the counts. A line starts with a file name, so it is made unable to
/// start a CI workflow command, like every other log line.
pub fn human(report: &CheckReport, verbose: bool) -> String {
    human_in(&Worded::of(report, Lang::En), verbose, Lang::En)
}

fn human_in(report: &Worded, verbose: bool, lang: Lang) -> String {
    let order = file_order(&report.files);
    let place = |file: &str, line: usize, column: usize| -> Place {
        (order.get(file).copied().unwrap_or(usize::MAX), line, column)
    };
    let mut lines: Vec<(Place, String)> = report
        .findings
        .iter()
        .map(|f| {
            let text = format!(
                "{}:{}:{}: {}[{}]: {}",
                f.file,
                f.line,
                f.column,
                f.severity.name(),
                f.rule,
                shorten_quoted(&f.message)
            );
            (place(&f.file, f.line, f.column), text)
        })
        .collect();
    if verbose {
        lines.extend(
            report
                .passed
                .iter()
                .map(|p| (place(&p.file, p.line, p.column), passed_line(p))),
        );
    }
    lines.sort_by_key(|(place, _)| *place);
    let mut text = String::new();
    for (_, line) in lines {
        text.push_str(&log_line(&line));
        text.push('\n');
    }
    text.push_str(&counts_line(report.counts, lang));
    text.push('\n');
    text
}

/// Workflow commands for the findings; passed checks (if asked) and the
/// counts as plain log lines, which cannot start a workflow command
/// however the files are named.
pub fn github(report: &CheckReport, verbose: bool) -> String {
    github_in(&Worded::of(report, Lang::En), verbose, Lang::En)
}

fn github_in(report: &Worded, verbose: bool, lang: Lang) -> String {
    let mut text = String::new();
    for finding in &report.findings {
        text.push_str(&workflow_command(finding));
        text.push('\n');
    }
    if verbose {
        for passed in &report.passed {
            text.push_str(&log_line(&passed_line(passed)));
            text.push('\n');
        }
    }
    text.push_str(&log_line(&counts_line(report.counts, lang)));
    text.push('\n');
    text
}

fn passed_line(passed: &WordedPassed) -> String {
    format!(
        "{}:{}:{}: ok[{}]: {}",
        passed.file,
        passed.line,
        passed.column,
        passed.rule,
        shorten_quoted(&passed.message)
    )
}

/// `::error file=budgets/2026.toml,line=14,col=9,title=parts-sum::message`.
fn workflow_command(finding: &WordedFinding) -> String {
    let command = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    format!(
        "::{command} file={},line={},col={},title={}::{}",
        escape_property(&finding.file),
        finding.line,
        finding.column,
        finding.rule,
        escape_data(&shorten_quoted(&finding.message))
    )
}

/// GitHub's escaping of a workflow command's message.
fn escape_data(text: &str) -> String {
    one_line(text).replace('%', "%25")
}

/// GitHub's escaping of a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A message with every name it quotes between backticks cut to a short
/// excerpt with `…` (see [`crate::quote::short`]), so that an id or a
/// category of megabytes gives a line of a few dozen characters. The
/// figures outside the quotes are kept whole.
fn shorten_quoted(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .map(|(index, part)| {
            if index % 2 == 1 {
                crate::quote::short(part)
            } else {
                part.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// `checked 2 files: 0 errors, 0 warnings, 0 infos; 4 checks passed`.
pub fn summary_line(report: &CheckReport) -> String {
    summary_line_in(report, Lang::En)
}

/// The counts line in `lang`: `파일 2개 검사: 오류 0개, 경고 0개, 참고 0개; 통과 4개`.
pub fn summary_line_in(report: &CheckReport, lang: Lang) -> String {
    counts_line(report.counts, lang)
}

fn counts_line(counts: Counts, lang: Lang) -> String {
    if lang == Lang::Ko {
        return format!(
            "파일 {}개 검사: 오류 {}개, 경고 {}개, 참고 {}개; 통과 {}개",
            counts.files, counts.errors, counts.warnings, counts.infos, counts.passed
        );
    }
    format!(
        "checked {}: {}, {}, {}; {} passed",
        plural(counts.files, "file"),
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        plural(counts.infos, "info"),
        plural(counts.passed, "check"),
    )
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Where a line goes: file in the report's order, line, column.
type Place = (usize, usize, usize);

/// Terminal-safe and on one line: line breaks are shown as escapes too.
fn one_line(text: &str) -> String {
    crate::quote::visible(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::REPORT_VERSION;

    fn report(message: &str, file: &str) -> Worded {
        Worded {
            version: REPORT_VERSION,
            files: vec![file.to_owned()],
            counts: Counts {
                files: 1,
                errors: 1,
                ..Counts::default()
            },
            findings: vec![WordedFinding {
                file: file.to_owned(),
                line: 3,
                column: 7,
                severity: Severity::Error,
                rule: "parts-sum",
                message: message.to_owned(),
                figures: None,
            }],
            passed: vec![],
        }
    }

    #[test]
    fn control_characters_are_shown_not_sent() {
        let text = human_in(
            &report("bad `\u{1b}[2J`\nnext\r", "a\u{7}.toml"),
            false,
            Lang::En,
        );
        assert_eq!(
            text,
            "a\\u{7}.toml:3:7: error[parts-sum]: bad `\\u{1b}[2J`\\u{a}next\\u{d}\n\
             checked 1 file: 1 error, 0 warnings, 0 infos; 0 checks passed\n"
        );
    }

    #[test]
    fn quoted_names_are_cut_short() {
        let long = "k".repeat(100);
        let message = format!("the parts of `{long}` add up to 2 won, not `1`");
        assert_eq!(
            shorten_quoted(&message),
            format!(
                "the parts of `{}…` add up to 2 won, not `1`",
                "k".repeat(40)
            )
        );
        assert_eq!(shorten_quoted("no quotes"), "no quotes");
    }

    #[test]
    fn workflow_commands_are_escaped() {
        let text = github_in(
            &report("100% off, see: x\nnext", "dir,a:b.toml"),
            false,
            Lang::En,
        );
        assert_eq!(
            text.lines().next().unwrap(),
            "::error file=dir%2Ca%3Ab.toml,line=3,col=7,title=parts-sum::100%25 off, see: x\\u{a}next"
        );
    }
}
