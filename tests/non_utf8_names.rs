//! File names that are not UTF-8 (Linux allows any bytes but `/` and NUL)
//! are read like any other, and shown with those bytes written out as
//! `\xNN`: in output, in errors and in the names of `--output` files.
#![cfg(target_os = "linux")]

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

/// `dir/name`, where `name` is bytes.
fn named(dir: &Path, name: &[u8]) -> PathBuf {
    dir.join(OsStr::from_bytes(name))
}

/// `dir/name` as the program shows it: the directory (UTF-8 here) as it
/// is, then the name with `\xNN` for each byte that is not UTF-8.
fn shown(dir: &Path, name: &str) -> String {
    format!(
        "{}/{name}",
        dir.to_str().expect("temporary directory is UTF-8")
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

#[test]
fn a_file_named_in_bytes_that_are_not_utf8_is_summarized() {
    let dir = tempfile::tempdir().unwrap();
    let file = named(dir.path(), b"budget-\xff.toml");
    std::fs::copy("budgets/2025.toml", &file).unwrap();

    let output = run(&[
        "summarize".as_ref(),
        file.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);

    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    // The JSON string holds a backslash, written `\\` in JSON.
    let file_field = format!(
        "\"file\": \"{}\"",
        shown(dir.path(), "budget-\\xff.toml").replace('\\', "\\\\")
    );
    assert!(
        text(&output.stdout).contains(&file_field),
        "{file_field} not in:\n{}",
        text(&output.stdout)
    );
}

#[test]
fn an_error_in_such_a_file_names_it_with_its_bytes_written_out() {
    let dir = tempfile::tempdir().unwrap();
    let file = named(dir.path(), b"bad-\xfe.toml");
    // Line 8, `amount = "abc"`: the value starts at column 10, after the
    // nine characters of `amount = `.
    std::fs::write(
        &file,
        "year = 2025\nregion = \"x\"\nunit = \"원\"\n[[item]]\nid = \"a\"\nname = \"a\"\n\
         category = \"c\"\namount = \"abc\"\n",
    )
    .unwrap();

    let output = run(&["summarize".as_ref(), file.as_os_str()]);

    assert_eq!(output.status.code(), Some(2));
    let expected = format!("error: {}:8:10: ", shown(dir.path(), "bad-\\xfe.toml"));
    assert!(
        text(&output.stderr).starts_with(&expected),
        "{expected} does not start:\n{}",
        text(&output.stderr)
    );
}

#[test]
fn a_directory_holding_such_a_file_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("budgets/2025.toml", named(dir.path(), b"2025-\xff.toml")).unwrap();
    std::fs::copy("budgets/2026.toml", dir.path().join("2026.toml")).unwrap();

    for command in ["trend", "check"] {
        let output = run(&[command.as_ref(), dir.path().as_os_str()]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{command}: {}",
            text(&output.stderr)
        );
    }
}

#[test]
fn an_existing_output_file_so_named_is_named_in_the_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let target = named(dir.path(), b"out-\xfd.csv");
    std::fs::write(&target, "kept\n").unwrap();
    let mut output_flag = OsString::from("--output=");
    output_flag.push(target.as_os_str());

    let output = run(&[
        "summarize".as_ref(),
        "budgets/2025.toml".as_ref(),
        output_flag.as_os_str(),
    ]);

    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        format!(
            "error: {}: already exists; nothing was written (--force replaces it)\n",
            shown(dir.path(), "out-\\xfd.csv")
        )
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept\n");
}
