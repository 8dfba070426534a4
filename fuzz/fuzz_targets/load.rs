//! Any bytes through the loader, the checker and the summary: no panic,
//! and the loader and the checker agree on whether the file is usable.
#![no_main]

use gyeongju_budget::check::check_bytes;
use gyeongju_budget::load::{parse_bytes, parse_bytes_recoverable};
use gyeongju_budget::summary::summarize;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = parse_bytes(data, "fuzz.toml");
    let recovered = parse_bytes_recoverable(data, "fuzz.toml");
    assert_eq!(loaded.is_ok(), recovered.is_ok());
    if let Ok(file) = &loaded {
        let _ = summarize(file);
    }
    let report = check_bytes(&[("fuzz.toml".to_owned(), data.to_vec())]);
    if loaded.is_err() {
        assert!(report.counts.errors > 0);
    }
});
