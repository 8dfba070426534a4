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
        eprintln!("bash is not installed: syntax not checked");
        return;
    };
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
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
