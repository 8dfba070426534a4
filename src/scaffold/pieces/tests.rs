use super::*;

fn pieces_of(text: &str, block: usize) -> Vec<String> {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("t.toml");
    std::fs::write(&path, text).unwrap();
    let file = std::fs::File::open(&path).unwrap();
    Splitter::new(file, block)
        .map(|piece| String::from_utf8(piece.unwrap()).unwrap())
        .collect()
}

const TEXT: &str =
    "year = 2026\n[[item]]\nid = \"a\"\n\n[[item]]\nid = \"b\"\n  [[item]]\n# c\n[[item]]\n";

#[test]
fn the_text_is_cut_before_headers_that_start_a_line() {
    // A block of a byte: a cut at every header that starts a line (the
    // indented one is no cut).
    assert_eq!(
        pieces_of(TEXT, 1),
        [
            "year = 2026\n",
            "[[item]]\nid = \"a\"\n\n",
            "[[item]]\nid = \"b\"\n  [[item]]\n# c\n",
            "[[item]]\n"
        ]
    );
    // Blocks of 40 bytes (the text is 73): the heading is cut at the
    // first header, then the second block reads to the end, cut at its
    // last header.
    assert_eq!(TEXT.len(), 73);
    assert_eq!(
        pieces_of(TEXT, 40),
        [
            "year = 2026\n",
            "[[item]]\nid = \"a\"\n\n[[item]]\nid = \"b\"\n  [[item]]\n# c\n",
            "[[item]]\n"
        ]
    );
    // Pieces joined are the text again, whatever the block.
    for block in [1, 7, 64, 4096] {
        assert_eq!(pieces_of(TEXT, block).concat(), TEXT);
    }
    // No header: all of it is the heading.
    assert_eq!(pieces_of("year = 2026\n", 4), ["year = 2026\n"]);
}

#[test]
fn a_piece_is_edited_as_the_whole_document_is() {
    let piece = "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\nstated = { change = 1 }\n\n\
                     # dropped with the total\n[[total]]\namount = 1\n\n# kept\n";
    assert_eq!(
        edit_piece(piece.as_bytes(), "t.toml", Unit::WON).as_deref(),
        Some(
            "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\nstatus = \"planned\"\n\n# kept\n"
        )
    );
}

#[test]
fn a_piece_that_may_not_be_edited_alone_is_refused() {
    for piece in [
        // A table of the top level, or a value, after the items.
        "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\n[count_labels]\nx = \"y\"\n",
        "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\n[item]\n",
        // An integer `toml_edit` cannot hold.
        "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 99999999999999999999\n",
        // A multi-line string cut in two.
        "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"c\"\namount = 1\nnote = \"\"\"\n",
        // What would not load once edited (CRLF: not a plain piece).
        "[[item]]\r\nid = \"a\"\r\nname = \"A\"\r\namount = 1\r\n",
    ] {
        assert_eq!(
            edit_piece(piece.as_bytes(), "t.toml", Unit::WON),
            None,
            "{piece}"
        );
    }
}
