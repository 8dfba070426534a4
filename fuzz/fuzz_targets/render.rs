//! Any bytes as two year files (split at the first `\0`, or the same file
//! twice), loaded, then through `summarize`, `diff` and `trend` in every
//! format, with display and outline options picked by the input's last
//! byte: no panic, whatever the figures. Extreme but accepted amounts (up
//! to 7.9 × 10^28 won) are in the dictionary `fuzz/render.dict`.
#![no_main]

use gyeongju_budget::load::parse_bytes;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/render_all/mod.rs"]
mod render_all;

fuzz_target!(|data: &[u8]| {
    let (old, new) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, data),
    };
    let (Ok(old), Ok(new)) = (parse_bytes(old, "old.toml"), parse_bytes(new, "new.toml")) else {
        return;
    };
    let choice = usize::from(data.last().copied().unwrap_or(0));
    let displays = render_all::display_options();
    let outlines = render_all::outline_options();
    render_all::render_everything(
        &old,
        &new,
        &outlines[choice % outlines.len()],
        &displays[(choice / outlines.len()) % displays.len()],
    );
});
