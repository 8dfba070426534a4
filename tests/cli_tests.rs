//! The command line, tested as data: each `tests/cmd/*.toml` case names its
//! arguments, input files, expected output and exit status, and the README's
//! `console` examples, and those of every page in `docs/`, run the same way
//! so they cannot rot.

use std::path::{Path, PathBuf};

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.md")
        .case("README.md")
        .case("docs/*.md");
}

/// The pages whose `console` blocks `cli_cases` runs.
fn documentation_pages() -> Vec<PathBuf> {
    let mut pages = vec![PathBuf::from("README.md")];
    pages.extend(markdown_files_in(Path::new("docs")));
    pages
}

fn markdown_files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// trycmd runs a block only when its fence starts the line and says
/// `console` (or `trycmd`) without `ignore`; anything else that looks like
/// a console example would be skipped without a word.
#[test]
fn no_console_example_is_skipped() {
    for page in documentation_pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for (number, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if !trimmed.starts_with("```") {
                continue;
            }
            let info = trimmed.trim_start_matches('`').trim();
            let language = info.split(',').next().unwrap_or("");
            let where_ = format!("{}:{}: {line:?}", page.display(), number + 1);
            if language == "console" || language == "trycmd" {
                assert_eq!(line, trimmed, "{where_}: an indented fence is not run");
                assert!(!info.contains("ignore"), "{where_}: an ignored example");
            }
        }
    }
    // `docs/*.md` does not reach into subdirectories: pages there would
    // not run.
    for entry in std::fs::read_dir("docs").unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            for page in markdown_files_in(&path) {
                let text = std::fs::read_to_string(&page).unwrap();
                assert!(
                    !text.contains("```console"),
                    "{}: console examples below docs/ are not run",
                    page.display()
                );
            }
        }
    }
}

/// A `toml` block whose first line is a comment naming a file of the
/// repository (`# docs/walkthrough/2025.toml: …`) shows that file whole,
/// so the walkthrough's commands run on exactly what the reader sees.
#[test]
fn files_shown_in_the_docs_are_the_files_in_the_repository() {
    let mut shown = 0;
    for page in documentation_pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("```toml\n# ") {
            let block = &rest[start + "```toml\n".len()..];
            let end = block.find("\n```\n").expect("a closing fence");
            let block = &block[..=end];
            let name = block["# ".len()..]
                .split([':', '\n'])
                .next()
                .unwrap()
                .trim();
            if name.ends_with(".toml") && Path::new(name).is_file() {
                let file = std::fs::read_to_string(name).unwrap();
                assert_eq!(block, file, "{} shows {name} as it is not", page.display());
                shown += 1;
            }
            rest = &rest[start + 1..];
        }
    }
    // README.md shows both walkthrough files.
    assert!(shown >= 2, "only {shown} files shown");
}
