//! What `--output FILE` may do to the file system: create a new file with
//! the mode the umask gives, replace (with `--force`) only a regular file
//! and keep its mode, refuse anything else even with `--force`, and leave
//! no temporary file behind when interrupted.

#![cfg(unix)]

mod common;

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, Output};

use common::names_in;

const YEAR: &str = "year = 2025\nregion = \"R\"\n[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\n";

fn program() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gyeongju-budget"))
}

/// Runs with the umask set to `umask` in the child.
fn run_with_umask(args: &[&str], dir: &Path, umask: u32) -> Output {
    let mut command = program();
    command.args(args).current_dir(dir);
    // SAFETY: umask is async-signal-safe; it runs in the child only.
    unsafe {
        command.pre_exec(move || {
            libc::umask(umask as libc::mode_t);
            Ok(())
        });
    }
    command.output().unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn year_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("2025.toml"), YEAR).unwrap();
    dir
}

#[test]
fn new_files_get_the_mode_the_umask_gives() {
    let dir = year_dir();
    std::fs::write(
        dir.path().join("in.csv"),
        "id,name,category,amount\na,A,c,1\n",
    )
    .unwrap();
    let runs: [&[&str]; 3] = [
        &["summarize", "2025.toml", "--output", "out.txt"],
        &["new", "2025.toml", "--year", "2026"],
        &[
            "import",
            "in.csv",
            "--year",
            "2027",
            "--region",
            "R",
            "--unit",
            "won",
            "--map",
            "id=id",
            "--map",
            "name=name",
            "--map",
            "category=category",
            "--map",
            "amount=amount",
            "--output",
            "2027.toml",
        ],
    ];
    for (args, made) in runs.iter().zip(["out.txt", "2026.toml", "2027.toml"]) {
        // 0666 masked by 027 is 0640; by 002, 0664.
        let output = run_with_umask(args, dir.path(), 0o027);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert_eq!(mode(&dir.path().join(made)), 0o640, "{args:?}");
        std::fs::remove_file(dir.path().join(made)).unwrap();
        let output = run_with_umask(args, dir.path(), 0o002);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert_eq!(mode(&dir.path().join(made)), 0o664, "{args:?}");
    }
}

#[test]
fn a_replaced_file_keeps_its_mode() {
    let dir = year_dir();
    let out = dir.path().join("out.txt");
    for kept in [0o604, 0o644, 0o600] {
        std::fs::write(&out, "old").unwrap();
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(kept)).unwrap();
        // A umask of 077 would give 0600 to a new file: the old mode wins.
        let args = ["summarize", "2025.toml", "--output", "out.txt", "--force"];
        let output = run_with_umask(&args, dir.path(), 0o077);
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(mode(&out), kept);
        assert!(std::fs::read_to_string(&out).unwrap().contains("R 2025"));
    }
}

/// Runs `summarize --output NAME --force` in `dir` and checks that it was
/// refused with `reason` and left `dir` as it was.
fn assert_refused(dir: &Path, name: &str, reason: &str) {
    let before = names_in(dir);
    let output = program()
        .args(["summarize", "2025.toml", "--output", name, "--force"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: {name}: {reason}; nothing was written, even with --force{}\n",
            if reason.contains("symbolic") {
                " (name the file it points to)"
            } else {
                ""
            }
        )
    );
    assert_eq!(names_in(dir), before);
}

#[test]
fn a_fifo_is_refused_even_with_force() {
    let dir = year_dir();
    let fifo = dir.path().join("pipe");
    let path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid C string and mode.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    assert_refused(dir.path(), "pipe", "is a FIFO, not a regular file");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[test]
fn a_device_node_is_refused_even_with_force() {
    let dir = year_dir();
    let node = dir.path().join("null");
    let path = std::ffi::CString::new(node.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid C string; the device number of /dev/null (1, 3).
    let made = unsafe { libc::mknod(path.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
    if made != 0 {
        println!("note: mknod needs root (or CAP_MKNOD): the device-node case was not run");
        return;
    }
    assert_refused(dir.path(), "null", "is a device, not a regular file");
    assert!(
        std::fs::symlink_metadata(&node)
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn a_directory_is_refused_even_with_force() {
    let dir = year_dir();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    assert_refused(dir.path(), "sub", "is a directory, not a regular file");
}

/// A link is not followed (it could point anywhere) and not replaced by a
/// file (which would silently end the link): refused, the target untouched.
#[test]
fn a_symbolic_link_is_refused_even_with_force() {
    let dir = year_dir();
    std::fs::write(dir.path().join("target.txt"), "kept").unwrap();
    std::os::unix::fs::symlink("target.txt", dir.path().join("link.txt")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", dir.path().join("dangling.txt")).unwrap();
    assert_refused(dir.path(), "link.txt", "is a symbolic link");
    assert_refused(dir.path(), "dangling.txt", "is a symbolic link");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("target.txt")).unwrap(),
        "kept"
    );
    assert!(!dir.path().join("nowhere.txt").exists());
}

/// SIGINT, SIGTERM or SIGHUP while the temporary file exists: it is
/// removed, nothing is left at the target, and the process ends by the
/// signal. (Debug builds can hold the finished temporary file in place for
/// the test; release builds have no such hook.)
#[test]
fn an_interrupted_write_leaves_no_temporary_file() {
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        let dir = year_dir();
        let mut command = program();
        // A test run started in the background (`nohup`, `&` in a script)
        // passes SIGINT and SIGHUP on ignored, and the program rightly
        // keeps an ignored signal ignored: the child starts with the
        // default handling, as under a user's terminal.
        // SAFETY: only `signal`, which is async-signal-safe, runs between
        // fork and exec.
        unsafe {
            command.pre_exec(move || {
                libc::signal(signal, libc::SIG_DFL);
                Ok(())
            });
        }
        let mut child = command
            .args([
                "summarize",
                "2025.toml",
                "--format",
                "csv",
                "--output",
                "out.csv",
            ])
            .env("GYEONGJU_BUDGET_TEST_PAUSE_BEFORE_RENAME", "1")
            .current_dir(dir.path())
            .spawn()
            .unwrap();
        let partial = wait_for_partial_file(dir.path());
        assert!(
            partial.starts_with("out.csv.") && partial.ends_with(".gyeongju-budget-partial"),
            "{partial}"
        );
        // SAFETY: kill with the child's own id and a valid signal.
        assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(signal));
        assert_eq!(names_in(dir.path()), ["2025.toml"]);
    }
}

/// The name of the temporary file once it holds the output. Not merely
/// once it appears: the file is created a moment before the signals are
/// taken over, and its first bytes are written after, so a signal sent at
/// its first sight could end the run before the handler exists.
fn wait_for_partial_file(dir: &Path) -> String {
    for _ in 0..2000 {
        if let Some(name) = names_in(dir).into_iter().find(|n| {
            n.ends_with("-partial")
                && std::fs::metadata(dir.join(n)).is_ok_and(|meta| meta.len() > 0)
        }) {
            return name;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("no temporary file appeared");
}
