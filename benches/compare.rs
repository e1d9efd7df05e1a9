//! Benchmarks of the library stages on real statements (divan). Run with
//! `cargo bench --bench compare`. Whole-process timings against `git diff --word-diff`
//! and `dwdiff` are in `scripts/bench.sh`.

use std::path::PathBuf;

use redliner::{compare, parse_document, Document, Options};

fn main() {
    divan::main();
}

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read(path).expect("fixture")
}

fn parse(name: &str) -> Document {
    parse_document(name, &fixture(name), &Options::default()).expect("parses")
}

const G7_OLD: &str = "wh/g7-2021-06-carbis-bay-communique.md";
const G7_NEW: &str = "wh/g7-2023-05-hiroshima-communique.md";
const QUAD_OLD: &str = "wh/quad-2022-05-joint-statement.md";
const QUAD_NEW: &str = "wh/quad-2023-05-joint-statement.md";

#[divan::bench]
fn normalise_g7_2023(bencher: divan::Bencher) {
    let bytes = fixture(G7_NEW);
    bencher.bench(|| {
        parse_document("g7", divan::black_box(&bytes), &Options::default()).expect("parses")
    });
}

#[divan::bench(args = [(G7_OLD, G7_NEW), (QUAD_OLD, QUAD_NEW), ("b9-2024.txt", "b9-2025-restructure.txt")])]
fn compare_pair(bencher: divan::Bencher, pair: (&str, &str)) {
    let (old, new) = (parse(pair.0), parse(pair.1));
    bencher.bench(|| compare(old.clone(), new.clone(), &Options::default()));
}

#[divan::bench]
fn render_json_g7(bencher: divan::Bencher) {
    let cmp = compare(parse(G7_OLD), parse(G7_NEW), &Options::default());
    bencher.bench(|| {
        let mut out = Vec::with_capacity(1 << 20);
        redliner::render::json(&cmp, &mut out).expect("writes");
        out
    });
}
