use super::*;
use crate::load::quick::quick_items;

fn items_of(text: &str, lines_before: usize) -> Vec<Item> {
    quick_items(text, lines_before, Unit::WON).expect("plain items")
}

const TWO: &str = "[[item]]\nid = \"a\"\nname = \"A\"\ncategory = \"x\"\namount = 1\n\n\
                       [[item]]\nid = \"b\"\nname = \"B\"\ncategory = \"x/y\"\namount = 2\n";

#[test]
fn places_run_from_header_to_header() {
    let items = items_of(TWO, 10);
    let places = item_places(TWO.as_bytes(), 1000, 10, &items).expect("places");
    // The second header is on the batch's 7th line (11 + 6 = 17), at
    // byte 56 (five lines of 9, 9, 11, 15 and 11 bytes, and a blank one).
    let second = TWO.find("\n[[item]]").unwrap() + 1;
    assert_eq!(second, 9 + 9 + 11 + 15 + 11 + 1);
    assert_eq!(
        places,
        [
            ItemPlace {
                offset: 1000,
                len: second as u32,
                line: 11
            },
            ItemPlace {
                offset: 1000 + second as u32,
                len: (TWO.len() - second) as u32,
                line: 17
            },
        ]
    );
}

#[test]
fn a_header_inside_a_string_leaves_the_batch_without_places() {
    // The general parser reads one item; a `[[item]]` starts a line of
    // its multi-line name.
    let text =
        "[[item]]\nid = \"a\"\nname = \"\"\"A\n[[item]]\"\"\"\ncategory = \"x\"\namount = 1\n";
    let (items, _) = parse_batch(text, "t.toml", 0, Unit::WON).expect("parses");
    assert_eq!(items.len(), 1);
    assert_eq!(item_places(text.as_bytes(), 0, 0, &items), None);
}

#[test]
fn an_indented_header_leaves_the_batch_without_places() {
    let text = TWO.replace("\n[[item]]", "\n  [[item]]");
    let (items, _) = parse_batch(&text, "t.toml", 0, Unit::WON).expect("parses");
    assert_eq!(items.len(), 2);
    assert_eq!(item_places(text.as_bytes(), 0, 0, &items), None);
}

#[test]
fn items_are_read_back_in_the_order_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.toml");
    let head = "year = 2025\nregion = \"R\"\n\n";
    std::fs::write(&path, format!("{head}{TWO}")).unwrap();
    let items = items_of(TWO, 3);
    let places = item_places(TWO.as_bytes(), head.len() as u64, 3, &items).unwrap();
    let file = File::open(&path).unwrap();
    let mut buffer = Vec::new();
    let read = |order: &[ItemPlace], buffer: &mut Vec<u8>| {
        read_items(&file, order, "t.toml", Unit::WON, buffer)
            .unwrap()
            .into_iter()
            .map(|item| item.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(read(&places, &mut buffer), ["a", "b"]);
    assert_eq!(read(&[places[1], places[0]], &mut buffer), ["b", "a"]);
    // The file changes: the place no longer holds the item.
    std::fs::write(&path, format!("# one more line\n{head}{TWO}")).unwrap();
    let file = File::open(&path).unwrap();
    let error = read_items(&file, &places, "t.toml", Unit::WON, &mut buffer).unwrap_err();
    assert!(
        matches!(error, ReadBackError::Changed { line: 4 }),
        "{error:?}"
    );
}

/// Places cut from a file of `len` bytes at `cuts` (a place between two
/// cuts where `keep` says so), with lines numbered by their order.
fn places_cut(len: u32, cuts: &[u32], keep: &[bool]) -> Vec<ItemPlace> {
    let mut bounds: Vec<u32> = cuts.iter().map(|cut| cut % len).collect();
    bounds.extend([0, len]);
    bounds.sort_unstable();
    bounds.dedup();
    bounds
        .windows(2)
        .zip(keep.iter().cycle())
        .enumerate()
        .filter(|(_, (_, keep))| **keep)
        .map(|(index, (pair, _))| ItemPlace {
            offset: pair[0],
            len: pair[1] - pair[0],
            line: index as u32 + 1,
        })
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 64,
        ..crate::testing::regressions_beside_the_source()
    })]

    /// However places are cut, chosen, ordered and spread over windows
    /// and threads, each place's bytes are those one read of it gives.
    #[test]
    fn windows_give_each_place_its_own_bytes(
        content in proptest::collection::vec(proptest::num::u8::ANY, 1..3000),
        cuts in proptest::collection::vec(0u32..3000, 0..40),
        keep in proptest::collection::vec(proptest::bool::weighted(0.6), 1..8),
        shuffle in proptest::collection::vec(0usize..1000, 0..40),
        gap in 0u64..200,
        bytes in 1u64..600,
        threads in 1usize..4,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bytes");
        std::fs::write(&path, &content).unwrap();
        let file = File::open(&path).unwrap();
        let mut places = places_cut(content.len() as u32, &cuts, &keep);
        // Asked in some order other than the file's.
        for (at, swap) in shuffle.iter().enumerate() {
            if !places.is_empty() {
                let (a, b) = (at % places.len(), swap % places.len());
                places.swap(a, b);
            }
        }
        let windows = Windows { gap, bytes };
        // A room used before (its buffers hold other bytes) is read over.
        let before: Vec<ItemPlace> = places.iter().rev().skip(1).copied().collect();
        let used = Gathered::read_through(&file, Asked::new(before), threads, Room::default(), windows)
            .unwrap()
            .into_room();
        let gathered =
            Gathered::read_through(&file, Asked::new(places.clone()), threads, used, windows)
                .unwrap();
        proptest::prop_assert_eq!(gathered.len(), places.len());
        for (index, place) in places.iter().enumerate() {
            let mut one = vec![0; place.len as usize];
            read_exact_at(&file, &mut one, u64::from(place.offset)).unwrap();
            proptest::prop_assert_eq!(gathered.bytes_of(index), &one[..]);
        }
    }
}

#[test]
fn items_apart_are_read_back_through_one_window_or_two() {
    // a and c, with b's 57 bytes between them: one window reads all
    // three when gaps of 57 bytes are read through, two when not (or
    // when a window holds fewer bytes than a and c); the items are the
    // same either way.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.toml");
    let third = "[[item]]\nid = \"c\"\nname = \"C\"\ncategory = \"y\"\namount = 3\n";
    let text = format!("{TWO}{third}");
    std::fs::write(&path, &text).unwrap();
    let items = items_of(&text, 0);
    let places = item_places(text.as_bytes(), 0, 0, &items).unwrap();
    // b: five lines of 9, 9, 11, 17 and 11 bytes.
    assert_eq!(places[1].len, 9 + 9 + 11 + 17 + 11);
    let file = File::open(&path).unwrap();
    let asked = vec![places[2], places[0]];
    for windows in [
        Windows {
            gap: 0,
            bytes: 1024,
        },
        Windows {
            gap: 56,
            bytes: 1024,
        },
        Windows {
            gap: 57,
            bytes: 1024,
        },
        Windows {
            gap: 1024,
            bytes: 1,
        },
        Windows::USUAL,
    ] {
        let gathered = Gathered::read_through(
            &file,
            Asked::new(asked.clone()),
            1,
            Room::default(),
            windows,
        )
        .unwrap();
        let read: Vec<(String, usize)> = gathered
            .items(0..2, "t.toml", Unit::WON)
            .unwrap()
            .into_iter()
            .map(|item| (item.id, item.line))
            .collect();
        // a on line 1; c after a's six lines (a blank one among them)
        // and b's five: line 12.
        assert_eq!(read, [("c".into(), 12), ("a".into(), 1)], "{windows:?}");
    }
}

/// Checked a half on each of two threads, bytes are UTF-8 exactly when
/// they are as a whole: a character across the middle is not cut, and a
/// broken one anywhere (at the middle too) is found.
#[test]
fn halves_checked_apart_are_utf8_as_the_whole_is() {
    // 3-byte characters after one ASCII byte: the middle falls inside one.
    let text = format!("a{}", "가".repeat(400_000));
    let bytes = text.as_bytes();
    let middle = bytes.len() / 2;
    assert_eq!(
        bytes[middle] & 0xC0,
        0x80,
        "the middle is inside a character"
    );
    let mut broken_at_middle = bytes.to_vec();
    broken_at_middle[middle] = b'x';
    let mut broken_late = bytes.to_vec();
    broken_late[bytes.len() - 1] = 0xFF;
    let mut cut_short = bytes.to_vec();
    cut_short.pop();
    for parallel in [false, true] {
        assert!(is_utf8(bytes, parallel));
        assert!(!is_utf8(&broken_at_middle, parallel));
        assert!(!is_utf8(&broken_late, parallel));
        assert!(!is_utf8(&cut_short, parallel));
        assert!(is_utf8(b"", parallel));
        assert!(!is_utf8(&[0xE0], parallel));
    }
}
