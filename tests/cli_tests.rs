//! The command line, tested as data: each `tests/cmd/*.toml` case names its
//! arguments, input files, expected output and exit status, and the README's
//! `console` examples, and those of every page in `docs/`, run the same way
//! so they cannot rot.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.md")
        .case("README.md")
        .case("docs/*.md");
}
