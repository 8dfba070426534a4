//! Any text through the amount parser, as a string amount and as a TOML
//! number literal, in a few units: no panic.
#![no_main]

use gyeongju_budget::amount::{Amount, Unit};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for unit in ["won", "억원", "billion won", "조원"] {
        let unit = Unit::parse(unit).expect("a known unit");
        let _ = Amount::parse(text, unit);
        let _ = Amount::from_toml_literal(text, unit);
    }
});
