//! `gyeongju-budget ... | head` must end quietly when the reader goes away,
//! not print an error, die of SIGPIPE or panic; the exit status stays what
//! the run found (0, or 1 for a gate's findings). The same when standard
//! error is closed or shares the closed pipe (`2>&1 | head`).

use std::io::{Read, Write};
use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_ends_quietly_with_status_zero() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    let mut file = std::fs::File::create(&path).unwrap();
    writeln!(file, "year = 2025\nregion = \"R\"").unwrap();
    // Far more output than a pipe buffers (64 KiB on Linux).
    for index in 0..5000 {
        writeln!(
            file,
            "[[item]]\nid = \"i{index}\"\nname = \"Item {index}\"\ncategory = \"c{}\"\namount = {index}",
            index % 50
        )
        .unwrap();
    }
    drop(file);

    let mut child = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
        .args(["summarize", "--format", "csv"])
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first_bytes = [0u8; 16];
    child
        .stdout
        .take()
        .unwrap()
        .read_exact(&mut first_bytes)
        .unwrap();
    // The reader is gone now; the program must notice and stop quietly.
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(&first_bytes, b"file,year,region");
    assert_eq!(stderr, "");
    assert_eq!(status.code(), Some(0));
}

/// A year file with `count` items that each carry an unknown field: one
/// error finding per item.
fn file_with_errors(dir: &std::path::Path, count: usize) -> std::path::PathBuf {
    let path = dir.join("bad.toml");
    let mut text = String::from("year = 2025\nregion = \"R\"\n");
    for index in 0..count {
        text.push_str(&format!(
            "[[item]]\nid = \"i{index}\"\nname = \"n\"\ncategory = \"c\"\namount = 1\nmisspelt = 1\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs the program with its standard output (and, with `stderr_too`, its
/// standard error) on one pipe whose reader takes a few bytes and goes
/// away, like `| head -c 16` (`2>&1 | head -c 16`). Returns the exit code.
fn status_behind_closed_pipe(args: &[&std::ffi::OsStr], stderr_too: bool) -> Option<i32> {
    let (reader, writer) = std::io::pipe().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"));
    command.args(args).stdout(writer.try_clone().unwrap());
    if stderr_too {
        command.stderr(writer);
    } else {
        command.stderr(Stdio::null());
        drop(writer);
    }
    let mut child = command.spawn().unwrap();
    drop(command);
    let mut reader = reader;
    let mut first_bytes = [0u8; 16];
    reader.read_exact(&mut first_bytes).unwrap();
    drop(reader);
    let status = child.wait().unwrap();
    // Died of a signal or a panic (101) would show here.
    status.code()
}

#[test]
fn gates_keep_their_status_when_the_pipe_closes() {
    let dir = tempfile::tempdir().unwrap();
    // 3,000 findings of some 100 bytes each: far more than a pipe buffers.
    let bad = file_with_errors(dir.path(), 3000);
    let bad = bad.as_os_str();
    for format in ["human", "github", "json"] {
        let args = ["check".as_ref(), bad, "--format".as_ref(), format.as_ref()];
        assert_eq!(status_behind_closed_pipe(&args, false), Some(1), "{format}");
        assert_eq!(status_behind_closed_pipe(&args, true), Some(1), "{format}");
    }
}

#[test]
fn diff_fail_on_removed_keeps_its_status_behind_closed_pipes() {
    let dir = tempfile::tempdir().unwrap();
    let year = |items: usize| {
        let mut text = String::from("year = 2025\nregion = \"R\"\n");
        for index in 0..items {
            text.push_str(&format!(
                "[[item]]\nid = \"i{index}\"\nname = \"Item {index}\"\ncategory = \"c{}\"\namount = 1\n",
                index % 40
            ));
        }
        text
    };
    let old = dir.path().join("old.toml");
    let new = dir.path().join("new.toml");
    std::fs::write(&old, year(4000)).unwrap();
    std::fs::write(&new, year(1)).unwrap();
    // 3,999 items removed: thousands of finding lines on standard error.
    let args = [
        "diff".as_ref(),
        old.as_os_str(),
        new.as_os_str(),
        "--fail-on-removed".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
    ];
    assert_eq!(status_behind_closed_pipe(&args, false), Some(1));
    assert_eq!(status_behind_closed_pipe(&args, true), Some(1));
}

/// `2>&-`: messages go nowhere, and the status is still the run's.
#[cfg(unix)]
#[test]
fn a_closed_standard_error_keeps_the_status() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let bad = file_with_errors(dir.path(), 5);
    let mut command = Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"));
    command.arg("summarize").arg(&bad).stdout(Stdio::null());
    // SAFETY: close(2) is async-signal-safe; it runs in the child only.
    unsafe {
        command.pre_exec(|| {
            libc::close(2);
            Ok(())
        });
    }
    // The load error goes nowhere, but the status still says bad input.
    assert_eq!(command.status().unwrap().code(), Some(2));
}
