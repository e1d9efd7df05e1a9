//! Fuzzes the whole comparison: two texts (split at the first NUL byte, or in half) are
//! read, compared and rendered as JSON and as a DOCX redline; no input panics, and a
//! text compared with itself is unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redliner::{compare, parse_document, Options};

fuzz_target!(|data: &[u8]| {
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len() / 2);
    let (old, new) = (&data[..cut], &data[(cut + 1).min(data.len())..]);
    let opts = Options::default();
    let (Ok(o), Ok(n)) = (
        parse_document("old", old, &opts),
        parse_document("new", new, &opts),
    ) else {
        return;
    };
    let pair = compare(o.clone(), n.clone(), &opts);
    let mut docx = Vec::new();
    redliner::render::docx(&pair, &redliner::render::DocxOptions::default(), &mut docx).unwrap();
    let same = compare(o.clone(), o, &opts);
    assert!(
        !same.summary.has_changes(),
        "a text compared with itself changed"
    );
    let cmp = compare(n.clone(), n, &opts);
    let mut out = Vec::new();
    redliner::render::json(&cmp, &mut out).unwrap();
});
