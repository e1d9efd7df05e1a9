//! Benchmarks of the library stages on real statements (divan), one bench per stage
//! of input → normalise → align → diff → commitments → render, so that a regression
//! shows where it is. Run with `cargo bench --bench compare`. Whole-process timings
//! against `git diff --word-diff` and `dwdiff` are in `scripts/bench.sh`.

use std::path::PathBuf;

use redliner::render::{DocxOptions, HtmlOptions, MarkdownOptions, TerminalOptions};
use redliner::{compare, parse_document, AlignOptions, Comparison, DiffOptions, Document, Options};

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

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn g7() -> Comparison {
    compare(parse(G7_OLD), parse(G7_NEW), &Options::default())
}

/// Alignment alone: the paragraphs of the G7 pair into units.
#[divan::bench]
fn align_g7(bencher: divan::Bencher) {
    let (old, new) = (parse(G7_OLD), parse(G7_NEW));
    bencher.bench(|| {
        redliner::align::align(&old.paragraphs, &new.paragraphs, &AlignOptions::default())
    });
}

/// The phrase diff of every paired unit of the G7 pair.
#[divan::bench]
fn diff_units_g7(bencher: divan::Bencher) {
    let cmp = g7();
    let text = |d: &Document, ids: &[usize]| -> Vec<String> {
        ids.iter().map(|&id| d.paragraph(id).text.clone()).collect()
    };
    let sides: Vec<(Vec<String>, Vec<String>)> = cmp
        .units
        .iter()
        .filter(|u| !u.old.is_empty() && !u.new.is_empty())
        .map(|u| (text(&cmp.old, &u.old), text(&cmp.new, &u.new)))
        .collect();
    bencher.bench(|| {
        sides
            .iter()
            .map(|(o, n)| {
                redliner::diff::diff_paragraphs(&strs(o), &strs(n), DiffOptions::default())
                    .spans
                    .len()
            })
            .sum::<usize>()
    });
}

/// Commitment detection over every sentence of the G7 2023 communiqué.
#[divan::bench]
fn commitments_detect_g7_2023(bencher: divan::Bencher) {
    let doc = parse(G7_NEW);
    bencher.bench(|| redliner::commitments::changes::document_commitments(&doc).len());
}

/// The sentences of every paragraph of the G7 pair.
fn g7_sentences() -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let side = |d: &Document| -> Vec<Vec<String>> {
        d.paragraphs
            .iter()
            .map(|p| {
                redliner::commitments::split_sentences(&p.text)
                    .into_iter()
                    .map(|r| p.text[r].to_owned())
                    .collect()
            })
            .collect()
    };
    (side(&parse(G7_OLD)), side(&parse(G7_NEW)))
}

/// Sentence splitting of every paragraph of the G7 pair.
#[divan::bench]
fn commitments_split_sentences_g7(bencher: divan::Bencher) {
    let (old, new) = (parse(G7_OLD), parse(G7_NEW));
    bencher.bench(|| {
        old.paragraphs
            .iter()
            .chain(&new.paragraphs)
            .map(|p| redliner::commitments::split_sentences(&p.text).len())
            .sum::<usize>()
    });
}

/// Sentence alignment of paragraph k of the G7 2021 communiqué with paragraph k of
/// the 2023 one, for every k: unrelated paragraphs, the costly case.
#[divan::bench]
fn commitments_align_sentences_g7(bencher: divan::Bencher) {
    let (old, new) = g7_sentences();
    bencher.bench(|| {
        old.iter()
            .zip(&new)
            .map(|(a, b)| redliner::commitments::align_sentences(&strs(a), &strs(b)).len())
            .sum::<usize>()
    });
}

/// Signals and direction of each pair of neighbouring commitments of the G7 pair.
#[divan::bench]
fn commitments_compare_g7(bencher: divan::Bencher) {
    let (old, new) = g7_sentences();
    let found: Vec<redliner::commitments::Commitment> = old
        .iter()
        .chain(&new)
        .flatten()
        .filter_map(|s| redliner::commitments::detect(s))
        .collect();
    bencher.bench(|| {
        found
            .windows(2)
            .map(|w| redliner::commitments::compare(&w[0], &w[1]).0.len())
            .sum::<usize>()
    });
}

/// Commitment changes between the G7 pair, given its units.
#[divan::bench]
fn commitments_changes_g7(bencher: divan::Bencher) {
    let cmp = g7();
    bencher.bench(|| redliner::commitments::changes::changes(&cmp.old, &cmp.new, &cmp.units).len());
}

fn rendered(f: impl Fn(&mut Vec<u8>)) -> usize {
    let mut out = Vec::with_capacity(1 << 20);
    f(&mut out);
    out.len()
}

#[divan::bench]
fn render_terminal_g7(bencher: divan::Bencher) {
    let cmp = g7();
    bencher.bench(|| {
        rendered(|out| {
            redliner::render::terminal(&cmp, &TerminalOptions::default(), out).expect("writes")
        })
    });
}

#[divan::bench]
fn render_html_g7(bencher: divan::Bencher) {
    let cmp = g7();
    bencher.bench(|| {
        rendered(|out| redliner::render::html(&cmp, &HtmlOptions::default(), out).expect("writes"))
    });
}

#[divan::bench]
fn render_markdown_g7(bencher: divan::Bencher) {
    let cmp = g7();
    bencher.bench(|| {
        rendered(|out| {
            redliner::render::markdown(&cmp, &MarkdownOptions::default(), out).expect("writes")
        })
    });
}

#[divan::bench]
fn render_docx_g7(bencher: divan::Bencher) {
    let cmp = g7();
    let opts = DocxOptions::default();
    bencher.bench(|| {
        rendered(|out| {
            redliner::render::docx(&cmp, &opts, &mut std::io::Cursor::new(out)).expect("writes")
        })
    });
}
