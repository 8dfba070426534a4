//! `schema` and `man`: what editors and `man` need to know about the
//! program, printed on standard output (`completions` is in
//! [`super::completion`]).

use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, roman};

use crate::cli::Cli;
use crate::commands::{CommandError, Report};
use crate::schema::year_file_schema;

/// The JSON Schema of the year file.
pub fn schema() -> Result<Report, CommandError> {
    Ok(printed(year_file_schema()))
}

/// The man page, in roff: one page for the program and every command
/// (synopsis, options and examples of each), so one file installs it all,
/// then its exit statuses, environment and related pages.
///
/// clap_mangen draws the parts; this page adds what it leaves out. Words
/// are never hyphenated and lines are not justified; examples are set line
/// for line (`.nf`), so they can be copied; a synopsis names the value of
/// each option (`--depth <N>`); `code` in help texts is set in bold.
pub fn man() -> Result<Report, CommandError> {
    let mut command = Cli::command();
    command.build();
    let failed = |e: std::io::Error| CommandError::Output {
        file: "<man page>".into(),
        reason: e.to_string(),
    };
    let top = Man::new(command.clone());
    let mut text = String::new();
    let mut part = Vec::new();
    top.render_title(&mut part).map_err(failed)?;
    text.push_str(&String::from_utf8_lossy(&part));
    text.push_str(".nh\n.ad l\n");
    for render in [
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ] {
        let mut part = Vec::new();
        render(&top, &mut part).map_err(failed)?;
        text.push_str(&with_value_names(&String::from_utf8_lossy(&part), &command));
    }
    text.push_str(&Roff::new().control("SH", ["COMMANDS"]).to_roff());
    for sub in command.get_subcommands().filter(|c| c.get_name() != "help") {
        text.push_str(&command_section(sub).map_err(failed)?);
    }
    if let Some(after_help) = command.get_after_help() {
        // The top-level help's exit statuses have a section of their own.
        let after_help = after_help.to_string();
        let examples: Vec<&str> = after_help
            .split("\n\n")
            .filter(|paragraph| !paragraph.starts_with("Exit status"))
            .collect();
        text.push_str(".SH EXAMPLES\n");
        text.push_str(&help_text_roff(&examples.join("\n\n")));
    }
    text.push_str(TRAILING_SECTIONS);
    let mut part = Vec::new();
    top.render_version_section(&mut part).map_err(failed)?;
    text.push_str(&String::from_utf8_lossy(&part));
    Ok(printed(code_in_bold(&text)))
}

/// EXIT STATUS, ENVIRONMENT and SEE ALSO, which clap_mangen has no parts for.
const TRAILING_SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success; for \fBcheck\fR, no errors were found.
.TP
\fB1\fR
Findings: \fBcheck\fR found errors (or warnings, with \fB\-\-deny warnings\fR), or a \fBdiff\fR gate (\fB\-\-fail\-on\-change\fR, \fB\-\-fail\-on\-removed\fR) failed.
.TP
\fB2\fR
Bad input or usage: a file that cannot be read or is not a valid year file, an unknown option or value, an \fB\-\-output\fR file that exists without \fB\-\-force\fR. Nothing is written.
.PP
Output piped into a command that stops reading (\fBhead\fR) ends quietly with status 0.
.SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
Set to anything but the empty string: tables are not coloured (\fB\-\-color always\fR still colours them).
.TP
\fBCLICOLOR\fR
\fB0\fR: tables are not coloured.
.TP
\fBCLICOLOR_FORCE\fR
Set and not \fB0\fR: tables are coloured in a pipe too, unless \fBNO_COLOR\fR is set.
.TP
\fBTERM\fR
\fBdumb\fR: tables are not coloured.
.TP
\fBCOLUMNS\fR
The width tables fit on a terminal (else the terminal's own width); \fB\-\-width\fR wins.
.SH "SEE ALSO"
\fBman\fR(1), \fBbash\fR(1), \fBzsh\fR(1), \fBfish\fR(1), \fBtaplo\fR(1); docs/year-file.md of the source distribution, which documents the year file.
"#;

/// One command's part of the man page: its name and purpose, synopsis,
/// options, examples and exit statuses.
fn command_section(command: &clap::Command) -> Result<String, std::io::Error> {
    let man = Man::new(command.clone());
    let name = command.get_bin_name().unwrap_or(command.get_name());
    let about = command
        .get_about()
        .map(ToString::to_string)
        .unwrap_or_default();
    let mut text = Roff::new()
        .control("SS", [name])
        .text([roman(about)])
        .to_roff();
    for render in [Man::render_synopsis_section, Man::render_options_section] {
        let mut part = Vec::new();
        render(&man, &mut part)?;
        text.push_str(".PP\n");
        text.push_str(&with_value_names(&without_headings(&part), command));
    }
    if let Some(after_help) = command.get_after_help() {
        text.push_str(&help_text_roff(&after_help.to_string()));
    }
    Ok(text)
}

/// A rendered part without its `.SH` headings: inside a command's `.SS`,
/// its synopsis and options are paragraphs.
fn without_headings(part: &[u8]) -> String {
    String::from_utf8_lossy(part)
        .lines()
        .filter(|line| !line.starts_with(".SH "))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// A synopsis that names each option's value: clap_mangen writes
/// `[--depth]`, the page says `[--depth <N>]`.
fn with_value_names(roff: &str, command: &clap::Command) -> String {
    let mut text = roff.to_owned();
    for arg in command.get_arguments() {
        let (Some(long), true) = (arg.get_long(), arg.get_action().takes_values()) else {
            continue;
        };
        let value = arg
            .get_value_names()
            .and_then(|names| names.first())
            .map_or_else(|| arg.get_id().as_str().to_uppercase(), ToString::to_string);
        let written = format!("\\fB\\-\\-{}\\fR]", long.replace('-', "\\-"));
        let named = format!(
            "\\fB\\-\\-{}\\fR \\fI<{}>\\fR]",
            long.replace('-', "\\-"),
            value.replace('-', "\\-")
        );
        text = text.replace(&written, &named);
        // A required option: `<--year>` becomes `--year <YEAR>`.
        let required = format!("<\\fB\\-\\-{}\\fR>", long.replace('-', "\\-"));
        text = text.replace(&required, named.trim_end_matches(']'));
    }
    text
}

/// A help text's paragraphs in roff: `Examples:` paragraphs with one
/// command per line, set as written (`.nf`), the others as text.
fn help_text_roff(text: &str) -> String {
    let mut roff = String::new();
    for paragraph in text.split("\n\n") {
        roff.push_str(".PP\n");
        match paragraph.strip_prefix("Examples:\n") {
            Some(examples) => {
                roff.push_str("Examples:\n.RS 4\n.nf\n");
                for line in examples.lines() {
                    roff.push_str(&roff_line(line.strip_prefix("  ").unwrap_or(line)));
                    roff.push('\n');
                }
                roff.push_str(".fi\n.RE\n");
            }
            None => {
                roff.push_str(&roff_line(&paragraph.replace('\n', " ")));
                roff.push('\n');
            }
        }
    }
    roff
}

/// Text escaped for roff: backslashes and dashes as themselves (a plain
/// `-` may print as a hyphen that a shell does not take for a minus), and
/// a leading `.` or `'` not read as a request.
fn roff_line(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// `code` in help texts set in bold, outside examples (`.nf` blocks).
fn code_in_bold(roff: &str) -> String {
    let mut text = String::with_capacity(roff.len());
    let mut literal = false;
    for line in roff.lines() {
        match line {
            ".nf" => literal = true,
            ".fi" => literal = false,
            _ => {}
        }
        if literal || line.matches('`').count() % 2 != 0 {
            text.push_str(line);
        } else {
            let mut bold = false;
            for piece in line.split('`') {
                text.push_str(piece);
                text.push_str(if bold { "\\fR" } else { "\\fB" });
                bold = !bold;
            }
            // One piece too many was closed: drop the last marker.
            text.truncate(text.len().saturating_sub(3));
        }
        text.push('\n');
    }
    text
}

fn printed(stdout: String) -> Report {
    Report {
        stdout,
        ..Report::default()
    }
}
