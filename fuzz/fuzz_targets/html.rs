//! Fuzzes the html reader: any bytes give a document or an error, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redliner::input::{parse, Format};
use redliner::{InputOptions, NormaliseOptions};

fuzz_target!(|data: &[u8]| {
    let mut opts = InputOptions::default();
    opts.format = Some(Format::Html);
    if let Ok(doc) = parse("fuzz.html", data, &opts, NormaliseOptions::default()) {
        assert!(!doc.paragraphs.is_empty());
    }
});
