//! `schema`, `completions SHELL` and `man`: what editors, shells and `man`
//! need to know about the program, printed on standard output.

use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, roman};

use crate::cli::{Cli, CompletionsArgs};
use crate::commands::{CommandError, Report};
use crate::schema::year_file_schema;

/// The JSON Schema of the year file.
pub fn schema() -> Result<Report, CommandError> {
    Ok(printed(year_file_schema()))
}

/// A completion script for one shell.
pub fn completions(args: &CompletionsArgs) -> Result<Report, CommandError> {
    let mut command = Cli::command();
    let name = command.get_name().to_owned();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, name.clone(), &mut script);
    let script = String::from_utf8_lossy(&script).into_owned();
    Ok(printed(match args.shell {
        clap_complete::Shell::Bash => bash_case_labels_fixed(&script, &name),
        _ => script,
    }))
}

/// Works around clap_complete's bash script for a binary whose name has a
/// hyphen (clap-rs/clap#6421, #6529): the loop over the words spells the
/// state of `gyeongju-budget summarize` as `gyeongju__budget__subcmd__summarize`,
/// but the case arms that complete it are labelled
/// `gyeongju__subcmd__budget__subcmd__summarize`, so nothing after the
/// subcommand completes. The labels are respelled the way the loop spells
/// them; once clap_complete is fixed there is nothing left to respell.
pub fn bash_case_labels_fixed(script: &str, bin_name: &str) -> String {
    let wrong = bin_name.replace('-', "__subcmd__");
    let right = bin_name.replace('-', "__");
    if wrong == right {
        return script.to_owned();
    }
    script.replace(&wrong, &right)
}

/// The man page, in roff: one page for the program and every command
/// (synopsis, options and examples of each), so one file installs it all.
pub fn man() -> Result<Report, CommandError> {
    let mut command = Cli::command();
    command.build();
    let failed = |e: std::io::Error| CommandError::Output {
        file: "<man page>".into(),
        reason: e.to_string(),
    };
    let top = Man::new(command.clone());
    let mut page = Vec::new();
    top.render_title(&mut page).map_err(failed)?;
    top.render_name_section(&mut page).map_err(failed)?;
    top.render_synopsis_section(&mut page).map_err(failed)?;
    top.render_description_section(&mut page).map_err(failed)?;
    top.render_options_section(&mut page).map_err(failed)?;
    let mut text = String::from_utf8_lossy(&page).into_owned();
    text.push_str(&Roff::new().control("SH", ["COMMANDS"]).to_roff());
    for sub in command.get_subcommands().filter(|c| c.get_name() != "help") {
        text.push_str(&command_section(sub).map_err(failed)?);
    }
    let mut page = Vec::new();
    top.render_extra_section(&mut page).map_err(failed)?;
    top.render_version_section(&mut page).map_err(failed)?;
    text.push_str(&retitled(&page, "EXAMPLES"));
    Ok(printed(text))
}

/// One command's part of the man page: its name and purpose, synopsis,
/// options and examples.
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
    for render in [
        Man::render_synopsis_section,
        Man::render_options_section,
        Man::render_extra_section,
    ] {
        let mut part = Vec::new();
        render(&man, &mut part)?;
        text.push_str(".PP\n");
        text.push_str(&without_headings(&part));
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

/// A rendered part whose first heading (clap_mangen's `EXTRA`) is renamed.
fn retitled(part: &[u8], title: &str) -> String {
    String::from_utf8_lossy(part).replacen(".SH EXTRA", &format!(".SH {title}"), 1)
}

fn printed(stdout: String) -> Report {
    Report {
        stdout,
        ..Report::default()
    }
}
