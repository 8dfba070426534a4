//! The shell side: completion scripts a shell accepts and that know every
//! command, a man page covering every command, an example in every
//! command's help, and no colour in a pipe unless asked for.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

fn stdout(args: &[&str]) -> String {
    let output = run(args);
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The commands, as the top-level help lists them.
fn commands() -> Vec<String> {
    let help = stdout(&["--help"]);
    let listed = help
        .split("Commands:\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("a list of commands");
    listed
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_command_shows_an_example_of_itself() {
    let commands = commands();
    assert!(commands.len() >= 8, "{commands:?}");
    let top = stdout(&["--help"]);
    for command in &commands {
        let help = stdout(&[command, "--help"]);
        let example = format!("Examples:\n  gyeongju-budget {command}");
        assert!(
            help.contains(&example),
            "`{command} --help` has no example:\n{help}"
        );
        assert!(
            top.contains(&format!("\n  gyeongju-budget {command} ")),
            "`--help` has no example of {command}"
        );
    }
}

#[test]
fn completion_scripts_know_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        for command in commands() {
            assert!(script.contains(&command), "{shell} lacks {command}");
        }
    }
}

#[test]
fn bash_accepts_the_bash_script() {
    let script = stdout(&["completions", "bash"]);
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("gyeongju-budget.bash");
    std::fs::write(&path, script).unwrap();
    let checked = Command::new("bash").arg("-n").arg(&path).output();
    let Ok(checked) = checked else {
        without_tool("bash is not installed: syntax not checked");
        return;
    };
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
}

/// What bash offers for the last of `words` (the word being completed;
/// `""` for a fresh one), the way a Tab press asks: the script sourced,
/// `COMP_WORDS` and `COMP_CWORD` set and the completion function called
/// with the command, the current and the previous word. `None` when bash
/// is not installed.
fn bash_completes(words: &[&str]) -> Option<Vec<String>> {
    let script = stdout(&["completions", "bash"]);
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("gyeongju-budget.bash");
    std::fs::write(&path, script).unwrap();
    let driver = r#"
        source "$SCRIPT" || exit 3
        COMP_WORDS=(gyeongju-budget "$@")
        COMP_CWORD=$#
        COMP_LINE="${COMP_WORDS[*]}"
        COMP_POINT=${#COMP_LINE}
        current="${COMP_WORDS[COMP_CWORD]}"
        previous="${COMP_WORDS[COMP_CWORD-1]}"
        _gyeongju__budget gyeongju-budget "$current" "$previous"
        printf '%s\n' "${COMPREPLY[@]}"
    "#;
    let output = Command::new("bash")
        .arg("-c")
        .arg(driver)
        .arg("bash")
        .args(words)
        .env("SCRIPT", &path)
        .output()
        .ok()?;
    assert!(
        output.status.success(),
        "{words:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

#[test]
fn bash_completes_past_the_subcommand() {
    let Some(top) = bash_completes(&["sum"]) else {
        without_tool("bash is not installed: completion not tried");
        return;
    };
    assert_eq!(top, ["summarize"]);
    // Options of a subcommand (the words clap_complete's script missed
    // for a hyphenated program name, clap-rs/clap#6421).
    let options = bash_completes(&["summarize", "--fo"]).unwrap();
    assert_eq!(options, ["--format", "--force"]);
    let options = bash_completes(&["diff", "old.toml", "new.toml", "--fail-on"]).unwrap();
    assert_eq!(options, ["--fail-on-change", "--fail-on-removed"]);
}

#[test]
fn bash_completes_the_values_of_display_options() {
    let Some(formats) = bash_completes(&["summarize", "--format", ""]) else {
        without_tool("bash is not installed: completion not tried");
        return;
    };
    assert_eq!(
        formats,
        ["table", "json", "csv", "markdown", "jsonl", "svg"]
    );
    assert_eq!(
        bash_completes(&["diff", "a.toml", "b.toml", "--lang", ""]).unwrap(),
        ["en", "ko"]
    );
    assert_eq!(
        bash_completes(&["trend", "budgets", "--sort", "change"]).unwrap(),
        ["change", "change-pct"]
    );
    assert_eq!(
        bash_completes(&["summarize", "x.toml", "--color", "a"]).unwrap(),
        ["auto", "always"]
    );
    // Units: every one-word name, Korean too, and `auto`.
    assert_eq!(
        bash_completes(&["summarize", "--unit", "b"]).unwrap(),
        ["billion"]
    );
    // 억달러 since dollars became a currency (issue 15).
    assert_eq!(
        bash_completes(&["diff", "--unit", "억"]).unwrap(),
        ["억원", "억달러"]
    );
    let units = bash_completes(&["trend", "--unit", ""]).unwrap();
    assert!(units.contains(&"천원".to_owned()) && units.contains(&"auto".to_owned()));
    // Import's unit is a file's unit: no `auto`.
    let units = bash_completes(&["import", "x.csv", "--unit", "a"]).unwrap();
    assert!(units.is_empty(), "{units:?}");
}

/// zsh and fish complete option values from the lists in their scripts.
#[test]
fn zsh_and_fish_complete_the_values_of_display_options() {
    let values = [
        ("format", "table json csv markdown jsonl svg"),
        ("lang", "en ko"),
        ("sort", "amount change change-pct name id"),
        ("color", "auto always never"),
        (
            "unit",
            // Yen and dollar units since issue 15; `thousand`, `million`
            // ... once each, as they begin units of every currency.
            "won 원 thousand 천원 만원 million 백만원 억원 billion 십억원 trillion 조원 yen 円 千円 万円 百万円 億円 十億円 兆円 dollars 달러 천달러 만달러 백만달러 억달러 십억달러 조달러 auto",
        ),
    ];
    let zsh = stdout(&["completions", "zsh"]);
    let fish = stdout(&["completions", "fish"]);
    for (option, list) in values {
        // zsh: `'--format=[Output format]:FORMAT:((table\:"…" json\:"…" …))'`;
        // fish: `complete … -l format … -a "table\t'…' json\t'…'"`.
        let zsh_spec = region(&zsh, &format!("'--{option}=["), "' \\\n");
        let fish_spec = region(&fish, &format!(" -l {option} "), "\ncomplete ");
        for value in list.split(' ') {
            let zsh_values: Vec<&str> = zsh_spec
                .split([' ', '\n', '(', ')'])
                .filter_map(|word| word.split("\\:").next())
                .collect();
            assert!(
                zsh_values.contains(&value),
                "zsh --{option} lacks {value}: {zsh_spec}"
            );
            assert!(
                fish_spec.contains(&format!("{value}\\t"))
                    || fish_spec.contains(&format!("\"{value} ")),
                "fish --{option} lacks {value}: {fish_spec}"
            );
        }
    }
}

/// What elvish offers for the last of `words` (`""` for a fresh word): the
/// script loaded as an interactive shell's rc file, as a user loads it,
/// and its argument completer called with the words, as a Tab press calls
/// it. Elvish's editor needs a terminal, so `script` gives it one. `None`
/// when elvish or `script` is not installed.
fn elvish_completes(words: &[&str]) -> Option<Vec<String>> {
    let directory = tempfile::tempdir().unwrap();
    let rc = directory.path().join("rc.elv");
    let quoted: Vec<String> = words
        .iter()
        .map(|word| format!("'{}'", word.replace('\'', "''")))
        .collect();
    let call = format!(
        "\nfor c [($edit:completion:arg-completer[gyeongju-budget] gyeongju-budget {})] {{ echo $c[stem] }}\nexit\n",
        quoted.join(" ")
    );
    std::fs::write(&rc, stdout(&["completions", "elvish"]) + &call).unwrap();
    Command::new("elvish").arg("-version").output().ok()?;
    let shell = format!("elvish -rc '{}'", rc.display());
    let output = Command::new("script")
        .args(["-qec", &shell, "/dev/null"])
        .stdin(std::process::Stdio::null())
        // Elvish keeps its history under HOME: a scratch one.
        .env("HOME", directory.path())
        .env("XDG_STATE_HOME", directory.path())
        .env("XDG_RUNTIME_DIR", directory.path())
        // and its daemon's socket under TMPDIR.
        .env("TMPDIR", directory.path())
        .output()
        .ok()?;
    stop_elvish_daemon_of(directory.path());
    let text = String::from_utf8_lossy(&output.stdout).replace('\r', "");
    assert!(
        output.status.success() && !text.contains("Exception"),
        "{words:?}: {text}"
    );
    Some(
        text.lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// An interactive elvish may start a storage daemon that outlives it; the
/// one whose database lies in this test's scratch directory is stopped.
fn stop_elvish_daemon_of(directory: &std::path::Path) {
    let Ok(processes) = std::fs::read_dir("/proc") else {
        return;
    };
    let scratch = directory.to_string_lossy().into_owned();
    for process in processes.flatten() {
        let Ok(command_line) = std::fs::read(process.path().join("cmdline")) else {
            continue;
        };
        let command_line = String::from_utf8_lossy(&command_line);
        if command_line.contains("-daemon") && command_line.contains(&scratch) {
            let pid = process.file_name().to_string_lossy().into_owned();
            let _ = Command::new("kill").arg(&pid).output();
        }
    }
}

#[test]
fn elvish_completes_values_and_options_past_file_names() {
    let Some(formats) = elvish_completes(&["summarize", "--format", ""]) else {
        without_tool("elvish or script is not installed: completion not tried");
        return;
    };
    assert_eq!(
        formats,
        ["table", "json", "csv", "markdown", "jsonl", "svg"]
    );
    // After file names and other options too; elvish filters by the
    // typed prefix itself, so the completer offers the whole list.
    let languages = elvish_completes(&["diff", "a.toml", "b.toml", "--lang", "k"]).unwrap();
    assert_eq!(languages, ["en", "ko"]);
    let sorts = elvish_completes(&["-q", "trend", "budgets", "--depth", "1", "--sort", ""]);
    assert_eq!(
        sorts.unwrap(),
        ["amount", "change", "change-pct", "name", "id"]
    );
    assert_eq!(
        elvish_completes(&["summarize", "x.toml", "--color", ""]).unwrap(),
        ["auto", "always", "never"]
    );
    let units = elvish_completes(&["trend", "--unit", ""]).unwrap();
    assert!(units.contains(&"억원".to_owned()) && units.contains(&"auto".to_owned()));
    // Import's unit is a file's unit: no `auto`.
    let units = elvish_completes(&["import", "x.csv", "--unit", ""]).unwrap();
    assert!(!units.is_empty() && !units.contains(&"auto".to_owned()));
    assert_eq!(
        elvish_completes(&["check", "--format", ""]).unwrap(),
        ["human", "json", "github"]
    );
    // Option names after a file name (clap_complete's script took the
    // file for a command and offered nothing).
    let options = elvish_completes(&["summarize", "budgets/2025.toml", "--fo"]).unwrap();
    assert!(options.contains(&"--format".to_owned()), "{options:?}");
    assert!(options.contains(&"--top".to_owned()), "{options:?}");
    // A positional argument's values beside the options.
    let shells = elvish_completes(&["completions", ""]).unwrap();
    for shell in ["bash", "elvish", "fish", "powershell", "zsh", "--help"] {
        assert!(shells.contains(&shell.to_owned()), "{shells:?}");
    }
    // A value given, the options come back.
    let next = elvish_completes(&["summarize", "--format", "csv", ""]).unwrap();
    assert!(next.contains(&"--bom".to_owned()), "{next:?}");
}

/// PowerShell is not packaged for this system, so its script is read: one
/// arm per command and option, offering each value, and a command loop that
/// goes on past file names and options.
#[test]
fn powershell_lists_the_values_of_every_option_that_has_them() {
    let script = stdout(&["completions", "powershell"]);
    let values = [
        ("summarize;--format", "table json csv markdown jsonl svg"),
        ("diff;--lang", "en ko"),
        ("trend;--sort", "amount change change-pct name id"),
        ("summarize;--color", "auto always never"),
        ("diff;--encoding", "utf-8 cp949"),
        ("check;--format", "human json github"),
        ("check;--deny", "warnings"),
        (
            "trend;--unit",
            // Yen and dollar units since issue 15; `thousand`, `million`
            // ... once each, as they begin units of every currency.
            "won 원 thousand 천원 만원 million 백만원 억원 billion 십억원 trillion 조원 yen 円 千円 万円 百万円 億円 十億円 兆円 dollars 달러 천달러 만달러 백만달러 억달러 십억달러 조달러 auto",
        ),
        (
            "import;--unit",
            "won 원 thousand 천원 만원 million 백만원 억원 billion 십억원 trillion 조원 yen 円 千円 万円 百万円 億円 十億円 兆円 dollars 달러 천달러 만달러 백만달러 억달러 십억달러 조달러",
        ),
        ("completions", "bash elvish fish powershell zsh"),
    ];
    // The arms added after clap_complete's own.
    let added = region(&script, "$values = @(switch", "$completions.Where");
    for (key, list) in values {
        let arm = region(added, &format!("'gyeongju-budget;{key}' {{"), "break");
        let offered: Vec<&str> = arm
            .split("[CompletionResult]::new('")
            .skip(1)
            .filter_map(|rest| rest.split('\'').next())
            .collect();
        assert_eq!(offered.join(" "), list, "{key}");
        assert!(
            arm.contains("[CompletionResultType]::ParameterValue"),
            "{key}"
        );
    }
    // The value arms are chosen by the command and the word before the
    // cursor; the command is made of the words that are commands.
    assert!(script.contains("switch (\"$command;$previous\")"));
    assert!(script.contains("if ($commands -contains \"$command;$previous\")"));
    assert!(script.contains("'gyeongju-budget;help;trend'"));
    assert!(!script.contains("$element.Value.StartsWith('-')"));
    assert_eq!(powershell_brackets_unbalanced(&script), None);
}

/// The first bracket of a PowerShell script that closes nothing or is
/// never closed, outside quoted strings: a patch that cut a block in two
/// shows here.
fn powershell_brackets_unbalanced(script: &str) -> Option<String> {
    let mut open = Vec::new();
    let mut chars = script.chars().peekable();
    let mut line = 1;
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            '#' => {
                // A comment to the end of the line.
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        break;
                    }
                }
            }
            '\'' => loop {
                match chars.next() {
                    Some('\'') if chars.peek() == Some(&'\'') => {
                        chars.next();
                    }
                    Some('\'') | None => break,
                    Some('\n') => line += 1,
                    Some(_) => {}
                }
            },
            '"' => {
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                }
            }
            '(' | '{' | '[' => open.push((c, line)),
            ')' | '}' | ']' => {
                let expected = match c {
                    ')' => '(',
                    '}' => '{',
                    _ => '[',
                };
                match open.pop() {
                    Some((opener, _)) if opener == expected => {}
                    other => return Some(format!("line {line}: {c} closes {other:?}")),
                }
            }
            _ => {}
        }
    }
    open.pop()
        .map(|(c, line)| format!("line {line}: {c} never closed"))
}

/// The text from the first `start` to the next `end` after it.
fn region<'s>(text: &'s str, start: &str, end: &str) -> &'s str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?}"));
    let rest = &text[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn the_man_page_covers_every_command() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH gyeongju-budget 1"));
    for command in commands() {
        assert!(
            page.contains(&format!(".SS \"gyeongju-budget {command}\"")),
            "no section for {command}"
        );
    }
}

#[test]
fn the_man_page_has_the_usual_sections_and_copyable_examples() {
    let page = stdout(&["man"]);
    for section in [".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH \"SEE ALSO\""] {
        assert!(page.contains(section), "no {section}");
    }
    for variable in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM", "COLUMNS"] {
        assert!(
            page.contains(&format!("\\fB{variable}\\fR\n")),
            "{variable}"
        );
    }
    // No hyphenation; options in a synopsis name their values; no
    // Markdown backticks.
    assert!(page.contains("\n.nh\n"));
    assert!(page.contains("[\\fB\\-\\-depth\\fR \\fI<N>\\fR]"));
    assert!(page.contains("[\\fB\\-o\\fR|\\fB\\-\\-output\\fR \\fI<FILE>\\fR]"));
    assert!(page.contains("\\fB\\-\\-year\\fR \\fI<YEAR>\\fR"));
    assert!(!page.contains('`'));
    // Examples are set line for line, as written.
    assert!(page.contains(".nf\ngyeongju\\-budget summarize budgets/2025.toml\n"));
    let Ok(rendered) = Command::new("man")
        .args(["-l", "-"])
        .env("MANWIDTH", "80")
        .env("MAN_KEEP_FORMATTING", "0")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .and_then(|mut man| {
            use std::io::Write;
            man.stdin.take().unwrap().write_all(page.as_bytes())?;
            man.wait_with_output()
        })
    else {
        without_tool("man is not installed: the page was not rendered");
        return;
    };
    let text = String::from_utf8_lossy(&rendered.stdout);
    if text.trim().is_empty() {
        without_tool("man rendered nothing: the page was not rendered");
        return;
    }
    // Whole example lines, with ASCII hyphen-minus signs a shell takes.
    for example in [
        "gyeongju-budget diff old.toml new.toml --fail-on-change 20 --fail-on-removed",
        "--map name=세부사업명 --map amount=예산액 --unit 천원 --output budgets/2025.toml",
    ] {
        assert!(
            text.lines().any(|line| line.trim() == example),
            "not on a line of its own: {example}\n{text}"
        );
    }
    assert!(!text.contains('\u{2010}'), "a typographic hyphen");
}

#[test]
fn every_commands_help_tells_its_own_truth() {
    for command in commands() {
        let help = stdout(&[&command, "--help"]);
        assert!(help.contains("Exit status: 0"), "{command}: no exit status");
        let reads_with_progress =
            ["summarize", "diff", "trend", "check", "import", "new"].contains(&command.as_str());
        assert_eq!(
            help.contains("--quiet"),
            reads_with_progress,
            "{command}: --quiet"
        );
    }
    // `diff`'s wording stays in `diff`'s help.
    for command in ["summarize", "trend"] {
        let help = stdout(&[command, "--help"]);
        let mentions_diff = help
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word == "diff");
        assert!(!mentions_diff, "{command} --help mentions diff:\n{help}");
    }
    let diff_help = stdout(&["diff", "--help"]);
    let diff_help = diff_help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(diff_help.contains("[default: change, the largest absolute change first]"));
    // `--quiet` before the command still works, as before.
    let quiet = stdout(&["--quiet", "summarize", "budgets/2025.toml", "--depth", "0"]);
    // 3.5 billion won: the loans and the investment attracted are memo
    // figures, outside the total.
    assert!(
        quiet.contains("│ Total           ┆    3.5 ┆ 100.00% │"),
        "{quiet}"
    );
}

#[test]
fn check_writes_its_report_to_a_file() {
    let directory = tempfile::tempdir().unwrap();
    let report = directory.path().join("report.txt");
    let report = report.to_str().unwrap();
    let output = run(&["check", "budgets", "--output", report]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(report).unwrap();
    assert!(written.contains("0 errors"), "{written}");
    // An existing file is kept without --force.
    let again = run(&["check", "budgets", "--output", report]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        run(&["check", "budgets", "--output", report, "--force"])
            .status
            .success()
    );
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = run(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid value 'tcsh'"));
}

const ESCAPE: char = '\u{1b}';

#[test]
fn pipes_get_no_colour_and_no_bars_unless_asked() {
    let diff = ["diff", "budgets/2025.toml", "budgets/2026.toml"];
    let summarize = ["summarize", "budgets/2025.toml"];
    for args in [&diff[..], &summarize[..]] {
        let plain = stdout(args);
        assert!(!plain.contains(ESCAPE) && !plain.contains('█'), "{args:?}");
        let never = stdout(&[args, &["--color", "never"]].concat());
        assert_eq!(never, plain);
    }
    assert!(stdout(&[&diff[..], &["--color", "always"]].concat()).contains(ESCAPE));
    assert!(stdout(&[&summarize[..], &["--color", "always"]].concat()).contains('█'));
    // Colour only ever goes to tables.
    let markdown = stdout(&[&diff[..], &["--color", "always", "--format", "markdown"]].concat());
    assert!(!markdown.contains(ESCAPE));
}

/// The colour variables, read by anstream as clap reads them: in a pipe,
/// `CLICOLOR_FORCE` colours, `NO_COLOR` wins over it, and a flag over both.
#[test]
fn clicolor_force_colours_a_pipe_unless_no_color() {
    let diff = |flags: &[&str], variables: &[(&str, &str)]| {
        let output = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
            .args(["diff", "budgets/2025.toml", "budgets/2026.toml"])
            .args(flags)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .envs(variables.iter().copied())
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).contains(ESCAPE)
    };
    assert!(!diff(&[], &[]));
    assert!(diff(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(!diff(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert!(!diff(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]));
    assert!(diff(&["--color", "always"], &[("CLICOLOR", "0")]));
    assert!(!diff(&[], &[("CLICOLOR", "0"), ("TERM", "dumb")]));
}

#[test]
fn no_color_does_not_override_an_explicit_flag() {
    let output = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args(["diff", "budgets/2025.toml", "budgets/2026.toml"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&output.stdout).contains(ESCAPE));
    let output = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args([
            "diff",
            "budgets/2025.toml",
            "budgets/2026.toml",
            "--color",
            "always",
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains(ESCAPE));
}

/// A test that needs an outside tool skips where it is not installed, for a
/// developer's quick run; `.ci/run` installs the tools and sets
/// `GYEONGJU_BUDGET_TEST_TOOLS=required`, so in CI a missing tool fails the
/// test instead of passing it unseen.
fn without_tool(why: &str) {
    assert!(
        std::env::var_os("GYEONGJU_BUDGET_TEST_TOOLS").is_none_or(|v| v != "required"),
        "{why} (.ci/run installs it)"
    );
    eprintln!("{why}");
}
