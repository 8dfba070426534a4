//! `gyeongju-budget ... | head` must end quietly with status 0 when the
//! reader goes away, not print an error or die of SIGPIPE.

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
