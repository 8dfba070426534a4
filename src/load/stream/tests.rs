use super::*;
use crate::load::places::ItemPlace;

/// Keeps each item's id and line, and the places, of a batch read a
/// piece of `piece_bytes` at a time.
struct Ids;

type Seen = (Vec<(String, usize)>, Option<Vec<ItemPlace>>);

impl Fold for Ids {
    type Options = Option<usize>;
    type Part = Seen;
    type Error = LoadError;
    type Output = ();

    fn new(_head: &YearFile, _options: &Option<usize>) -> Ids {
        Ids
    }
    fn part(options: &Option<usize>, items: Vec<Item>) -> Seen {
        Self::part_placed(options, items, None)
    }
    fn wants_places(_options: &Option<usize>) -> bool {
        true
    }
    fn part_placed(
        _options: &Option<usize>,
        items: Vec<Item>,
        places: Option<Vec<ItemPlace>>,
    ) -> Seen {
        let ids = items.into_iter().map(|item| (item.id, item.line)).collect();
        (ids, places)
    }
    fn piece_bytes(options: &Option<usize>) -> Option<usize> {
        *options
    }
    fn merge(&mut self, _part: Seen) -> Result<(), LoadError> {
        Ok(())
    }
    fn finish(self) {}
}

/// Three items after a top of two lines; the second with a comment
/// and a blank line before the third.
const BATCH: &str = "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"x\"\namount = 1\n\
        [[item]]\nid = \"b\"\nname = \"B\"\ncategory = \"x/y\"\namount = 2\n# note\n\n\
        [[item]]\nid = \"c\"\nname = \"C\"\ncategory = \"z\"\namount = 3\n";

const PLACE: Place = Place {
    start: 100,
    len: BATCH.len(),
    lines_before: 2,
};

fn read(outcome: Outcome<Seen>) -> ((usize, Seen), Vec<(u64, usize)>) {
    match outcome {
        Outcome::Read(part, hashes, totals) => {
            assert!(totals.is_empty());
            (part, hashes)
        }
        Outcome::Examined(_) => panic!("the batch reads"),
    }
}

#[test]
fn a_piece_ends_before_the_first_item_header_past_its_size() {
    // The first header at or past byte 10 is the second item's.
    let second = BATCH.find("\n[[item]]\nid = \"b\"").unwrap() + 1;
    assert_eq!(piece_end(BATCH, 10), second);
    // Past the last header: the rest of the text.
    assert_eq!(piece_end(BATCH, BATCH.len() - 5), BATCH.len());
    assert_eq!(piece_end(BATCH, BATCH.len()), BATCH.len());
}

#[test]
fn a_batch_read_in_pieces_gives_what_it_gives_whole() {
    let whole = read(read_whole::<Ids>(&None, BATCH, PLACE, "t.toml", Unit::WON));
    // The items start on lines 3, 8 and 15 (two lines before the batch).
    let lines: Vec<usize> = whole.0.1.0.iter().map(|(_, line)| *line).collect();
    assert_eq!(lines, [3, 8, 15]);
    for piece_bytes in [1, 10, 60, 100] {
        let in_pieces = read_in_pieces::<Ids>(&Some(piece_bytes), BATCH, PLACE, Unit::WON);
        assert_eq!(read(in_pieces.expect("read in pieces")), whole);
    }
    // One piece would be the whole batch: read whole.
    assert!(read_in_pieces::<Ids>(&Some(BATCH.len()), BATCH, PLACE, Unit::WON).is_none());
    assert!(read_in_pieces::<Ids>(&None, BATCH, PLACE, Unit::WON).is_none());
}

#[test]
fn a_piece_the_quick_reader_does_not_take_leaves_the_batch_whole() {
    // The third item's literal string is for the general parser.
    let batch = BATCH.replace("name = \"C\"", "name = 'C'");
    let place = Place {
        len: batch.len(),
        ..PLACE
    };
    assert!(read_in_pieces::<Ids>(&Some(10), &batch, place, Unit::WON).is_none());
    let whole = read(read_whole::<Ids>(&None, &batch, place, "t.toml", Unit::WON));
    assert_eq!(whole.0.0, 3);
}
