//! `completions SHELL`: clap_complete's script for each shell, with what it
//! leaves out added in.
//!
//! clap_complete's bash, zsh and fish scripts complete the values of
//! options such as `--format`; its PowerShell and elvish scripts complete
//! only option and command names, and stop at the first file name
//! (`summarize budgets/2025.toml --fo<TAB>` offered nothing). Both scripts
//! name the command being completed by its words joined with `;`
//! (`gyeongju-budget;summarize`); the parts added here follow that naming,
//! so they rest on one fact of the generated text, which the tests in
//! `tests/shell.rs` hold by completing words in elvish and by reading the
//! PowerShell script.

use clap::CommandFactory;
use clap::builder::PossibleValue;
use clap_complete::Shell;

use crate::cli::{Cli, CompletionsArgs};
use crate::commands::{CommandError, Report};

/// A completion script for one shell.
pub fn completions(args: &CompletionsArgs) -> Result<Report, CommandError> {
    let mut command = Cli::command();
    let name = command.get_name().to_owned();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, name.clone(), &mut script);
    let script = String::from_utf8_lossy(&script).into_owned();
    let script = match args.shell {
        Shell::Bash => bash_case_labels_fixed(&script, &name),
        Shell::PowerShell => powershell_with_values(&script, &value_lists(&command)),
        Shell::Elvish => elvish_with_values(&script, &value_lists(&command)),
        _ => script,
    };
    Ok(Report {
        stdout: script,
        ..Report::default()
    })
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

/// What the added parts need to know of the command tree.
#[derive(Debug, Default)]
struct ValueLists {
    /// Every command as the scripts name it: `gyeongju-budget;summarize`.
    commands: Vec<String>,
    /// The values an option takes, keyed by command and option spelling:
    /// `gyeongju-budget;summarize;--format`.
    options: Vec<(String, Vec<PossibleValue>)>,
    /// The values a command's positional arguments take (`completions
    /// bash`), keyed by command.
    positionals: Vec<(String, Vec<PossibleValue>)>,
}

/// The commands, and the values of every option and positional argument
/// that has a fixed list of them, for the whole tree.
fn value_lists(command: &clap::Command) -> ValueLists {
    let mut command = command.clone();
    command.build();
    let mut lists = ValueLists::default();
    collect(&command, command.get_name(), &mut lists);
    lists
}

fn collect(command: &clap::Command, key: &str, lists: &mut ValueLists) {
    lists.commands.push(key.to_owned());
    let mut positional_values = Vec::new();
    for arg in command.get_arguments() {
        if arg.is_hide_set() || !arg.get_action().takes_values() {
            continue;
        }
        let values: Vec<PossibleValue> = arg
            .get_possible_values()
            .into_iter()
            .filter(|value| !value.is_hide_set())
            .collect();
        if values.is_empty() {
            continue;
        }
        if arg.is_positional() {
            positional_values.extend(values);
            continue;
        }
        let shorts = arg.get_short_and_visible_aliases().unwrap_or_default();
        let longs = arg.get_long_and_visible_aliases().unwrap_or_default();
        let spellings = shorts
            .iter()
            .map(|short| format!("-{short}"))
            .chain(longs.iter().map(|long| format!("--{long}")));
        for spelling in spellings {
            lists
                .options
                .push((format!("{key};{spelling}"), values.clone()));
        }
    }
    if !positional_values.is_empty() {
        lists.positionals.push((key.to_owned(), positional_values));
    }
    for sub in command.get_subcommands() {
        for name in sub.get_name_and_visible_aliases() {
            collect(sub, &format!("{key};{name}"), lists);
        }
    }
}

/// The PowerShell script's loop that names the command: it stops at the
/// first word that is not a bare word, starts with `-` or is the word
/// being completed.
const POWERSHELL_COMMAND_LOOP: &str = "    $command = @(
        'gyeongju-budget'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'
";

/// Where the PowerShell script filters what it offers by the word typed.
const POWERSHELL_FILTER: &str = "    $completions.Where{";

/// The PowerShell script, with the command named by the words before the
/// cursor that are commands (file names and options no longer end it), and
/// the values of an option offered after it instead of option names.
fn powershell_with_values(script: &str, lists: &ValueLists) -> String {
    let Some((head, tail)) = script.split_once(POWERSHELL_COMMAND_LOOP) else {
        return script.to_owned();
    };
    let Some((middle, filter)) = tail.rsplit_once(POWERSHELL_FILTER) else {
        return script.to_owned();
    };
    let quoted: Vec<String> = lists
        .commands
        .iter()
        .map(|command| format!("'{}'", powershell_quoted(command)))
        .collect();
    let command_loop = format!(
        "    # The command is named by the words before the cursor that are
    # commands; the word just before the cursor may be an option whose
    # value is being typed.
    $commands = @({commands})
    $command = 'gyeongju-budget'
    $previous = ''
    foreach ($element in $commandElements | Select-Object -Skip 1) {{
        if ($element.Extent.StartOffset -ge $cursorPosition - $wordToComplete.Length) {{
            break
        }}
        $previous = $element.Extent.Text
        if ($commands -contains \"$command;$previous\") {{
            $command = \"$command;$previous\"
        }}
    }}
",
        commands = quoted.join(", ")
    );
    let mut values = String::from(
        "    # After an option that takes one of a list of values, those values;
    # the values of a command's arguments beside its options.
    $values = @(switch (\"$command;$previous\") {",
    );
    for (key, list) in &lists.options {
        values.push_str(&powershell_arm(key, list));
    }
    values.push_str("\n    })\n    if ($values.Count -gt 0) {\n        $completions = $values\n    } else {\n        $completions += @(switch ($command) {");
    for (key, list) in &lists.positionals {
        values.push_str(&powershell_arm(key, list));
    }
    values.push_str("\n        })\n    }\n\n");
    format!("{head}{command_loop}{middle}{values}{POWERSHELL_FILTER}{filter}")
}

/// One arm of a PowerShell `switch`: the values, each with its help.
fn powershell_arm(key: &str, values: &[PossibleValue]) -> String {
    let mut arm = format!("\n        '{}' {{", powershell_quoted(key));
    for value in values {
        let name = powershell_quoted(value.get_name());
        let help = value
            .get_help()
            .map(|help| help.to_string().replace('\n', " "))
            .filter(|help| !help.is_empty())
            .unwrap_or_else(|| value.get_name().to_owned());
        arm.push_str(&format!(
            "\n            [CompletionResult]::new('{name}', '{name}', [CompletionResultType]::ParameterValue, '{}')",
            powershell_quoted(&help)
        ));
    }
    arm.push_str("\n            break\n        }");
    arm
}

/// Text for inside PowerShell's single quotes, where the typographic
/// single quotes end a string too.
fn powershell_quoted(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}') {
            quoted.push('\'');
        }
        quoted.push(c);
    }
    quoted
}

/// The elvish script's loop that names the command: it stops at the first
/// word that starts with `-` and takes every other word, file names too.
const ELVISH_COMMAND_LOOP: &str = "    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
";

/// Where the elvish script offers the candidates of the command.
const ELVISH_OFFER: &str = "    $completions[$command]\n}";

/// The elvish script, with the command named by the words that are
/// commands (file names and options no longer end it), and the values of an
/// option offered after it instead of option names.
fn elvish_with_values(script: &str, lists: &ValueLists) -> String {
    let Some((head, tail)) = script.split_once(ELVISH_COMMAND_LOOP) else {
        return script.to_owned();
    };
    let Some((middle, end)) = tail.rsplit_once(ELVISH_OFFER) else {
        return script.to_owned();
    };
    let quoted: Vec<String> = lists
        .commands
        .iter()
        .map(|command| format!("'{}'", elvish_quoted(command)))
        .collect();
    let mut offer = format!(
        "    # The command is named by the words before the one being completed
    # that are commands; the word just before it may be an option whose
    # value is being typed.
    var commands = [{commands}]
    var previous = ''
    for word $words[1..-1] {{
        if (has-value $commands $command';'$word) {{
            set command = $command';'$word
        }}
        set previous = $word
    }}
    var values = [",
        commands = quoted.join(" ")
    );
    for (key, list) in &lists.options {
        offer.push_str(&elvish_entry(key, list));
    }
    offer.push_str("\n    ]\n    var positionals = [");
    for (key, list) in &lists.positionals {
        offer.push_str(&elvish_entry(key, list));
    }
    offer.push_str(
        "
    ]
    if (has-key $values $command';'$previous) {
        $values[$command';'$previous]
    } else {
        $completions[$command]
        if (has-key $positionals $command) {
            $positionals[$command]
        }
    }
}",
    );
    format!("{head}{middle}{offer}{end}")
}

/// One entry of an elvish map of candidates: the values, each with its help.
fn elvish_entry(key: &str, values: &[PossibleValue]) -> String {
    let mut entry = format!("\n        &'{}'= {{", elvish_quoted(key));
    for value in values {
        let help = value
            .get_help()
            .map(|help| help.to_string().replace('\n', " "))
            .unwrap_or_default();
        entry.push_str(&format!(
            "\n            cand '{}' '{}'",
            elvish_quoted(value.get_name()),
            elvish_quoted(&help)
        ));
    }
    entry.push_str("\n        }");
    entry
}

/// Text for inside elvish's single quotes.
fn elvish_quoted(text: &str) -> String {
    text.replace('\'', "''")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(shell: Shell) -> String {
        completions(&CompletionsArgs { shell }).unwrap().stdout
    }

    #[test]
    fn the_generated_loops_are_replaced() {
        // If clap_complete changes the text these parts replace, the
        // scripts come out as generated and this fails.
        let powershell = script(Shell::PowerShell);
        assert!(!powershell.contains("$element.Value.StartsWith('-')"));
        assert!(powershell.contains("$values = @(switch (\"$command;$previous\")"));
        let elvish = script(Shell::Elvish);
        assert!(!elvish.contains("str:has-prefix $word '-'"));
        assert!(elvish.contains("has-key $values $command';'$previous"));
    }

    #[test]
    fn every_listed_value_is_keyed_by_command_and_option() {
        let lists = value_lists(&Cli::command());
        let formats = lists
            .options
            .iter()
            .find(|(key, _)| key == "gyeongju-budget;check;--format")
            .map(|(_, values)| values.iter().map(|v| v.get_name()).collect::<Vec<_>>());
        assert_eq!(formats, Some(vec!["human", "json", "github"]));
        let shells = lists
            .positionals
            .iter()
            .find(|(key, _)| key == "gyeongju-budget;completions");
        assert!(shells.is_some_and(|(_, values)| values.len() == 5));
        assert!(
            lists
                .commands
                .contains(&"gyeongju-budget;help;trend".to_owned())
        );
    }

    #[test]
    fn quotes_are_doubled_for_each_shell() {
        assert_eq!(powershell_quoted("file's ‘x’"), "file''s '‘x'’");
        assert_eq!(elvish_quoted("file's"), "file''s");
    }
}
