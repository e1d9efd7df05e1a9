//! The equivalence dump of the commitments stage (an ignored test).
//!
//! `cargo test --release --test integration commitments_dump -- --ignored` writes every
//! result of [`detect`], [`compare`], [`split_sentences`] and [`align_sentences`] over
//! the fixtures (plus random slices of them) to the file named by
//! `REDLINER_COMMITMENTS_DUMP` (default `/tmp/redliner-commitments-dump.txt`), so that
//! an optimisation can be checked to change no result: dump before, dump after, compare
//! the files. Their timings are divan benches (`cargo bench --bench compare`).

use std::fmt::Write as _;

use redliner::commitments::{align_sentences, compare, detect, split_sentences, Commitment};

/// A small fixed-seed generator, so that the random slices are the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

const G7_OLD: &str = "fixtures/wh/g7-2021-06-carbis-bay-communique.md";
const G7_NEW: &str = "fixtures/wh/g7-2023-05-hiroshima-communique.md";

fn read(path: &str) -> String {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Fixture files: `fixtures/*.txt` and `fixtures/wh/*.md`, sorted.
fn fixture_paths() -> Vec<String> {
    let mut out = Vec::new();
    for (dir, ext) in [("fixtures", "txt"), ("fixtures/wh", "md")] {
        let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let entries = std::fs::read_dir(&full).unwrap_or_else(|e| panic!("{dir}: {e}"));
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(&format!(".{ext}")) {
                out.push(format!("{dir}/{name}"));
            }
        }
    }
    out.sort();
    out
}

/// Blocks of `text`: runs of lines between blank lines (a line of
/// whitespace is blank), as written.
fn blocks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        match (line.trim().is_empty(), start) {
            (true, Some(s)) => {
                out.push(text[s..offset].trim());
                start = None;
            }
            (false, None) => start = Some(offset),
            _ => {}
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push(text[s..].trim());
    }
    out
}

/// Paragraphs as the pipeline sees them, roughly: blocks split before list
/// items, lines joined with a space.
fn paragraphs(block: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in block.lines().map(str::trim) {
        let item = line.starts_with("- ") || line.starts_with("* ") || line.starts_with("• ");
        match out.last_mut() {
            Some(p) if !item => {
                p.push(' ');
                p.push_str(line);
            }
            _ => out.push(line.to_string()),
        }
    }
    out
}

/// Sentences of each paragraph.
fn sentences_of(paras: &[&'static str]) -> Vec<Vec<&'static str>> {
    paras
        .iter()
        .map(|p| split_sentences(p).into_iter().map(|r| &p[r]).collect())
        .collect()
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// One document: its blocks and paragraphs, with their sentences.
struct Side {
    blocks: Vec<&'static str>,
    block_sents: Vec<Vec<&'static str>>,
    paras: Vec<&'static str>,
    sents: Vec<Vec<&'static str>>,
}

fn side(path: &str) -> Side {
    let blocks = blocks(leak(read(path)));
    let paras: Vec<&str> = blocks
        .iter()
        .flat_map(|b| paragraphs(b))
        .map(leak)
        .collect();
    Side {
        block_sents: sentences_of(&blocks),
        sents: sentences_of(&paras),
        blocks,
        paras,
    }
}

/// Every result over one file: sentences, detections, alignments, comparisons.
fn dump_file(out: &mut String, path: &str, all_pairs: bool) -> Vec<Commitment> {
    let s = side(path);
    let _ = writeln!(out, "## {path}");
    let whole = read(path);
    let _ = writeln!(out, "split {:?}", split_sentences(&whole));
    dump_units(out, &s.blocks, &s.block_sents);
    dump_units(out, &s.paras, &s.sents);
    let found: Vec<Commitment> = s.sents.iter().flatten().filter_map(|t| detect(t)).collect();
    for (i, x) in found.iter().enumerate() {
        let partners = if all_pairs {
            0..found.len()
        } else {
            i..found.len().min(i + 6)
        };
        for y in found.get(partners).unwrap_or(&[]) {
            let _ = writeln!(out, "compare {:?} {:?}", compare(x, y), compare(y, x));
        }
    }
    found
}

/// Sentences, detections and alignments of neighbouring units.
fn dump_units(out: &mut String, units: &[&str], sents: &[Vec<&str>]) {
    for (p, sents) in units.iter().zip(sents) {
        let _ = writeln!(out, "unit {:?}", split_sentences(p));
        let flat = p.split_whitespace().collect::<Vec<_>>().join(" ");
        for text in sents.iter().copied().chain(std::iter::once(flat.as_str())) {
            let _ = writeln!(out, "detect {text:?} => {:?}", detect(text));
        }
    }
    for pair in sents.windows(2) {
        let _ = writeln!(out, "align {:?}", align_sentences(&pair[0], &pair[1]));
    }
}

/// Random slices of the fixtures, odd boundaries included.
fn dump_random(out: &mut String, texts: &[String]) {
    let mut rng = Lcg(2024);
    let mut prev: Option<Commitment> = None;
    for _ in 0..4000 {
        let t = &texts[rng.next(texts.len())];
        let mut from = rng.next(t.len());
        let mut to = (from + rng.next(600)).min(t.len());
        while !t.is_char_boundary(from) {
            from -= 1;
        }
        while !t.is_char_boundary(to) {
            to -= 1;
        }
        let slice = &t[from..to.max(from)];
        let ranges = split_sentences(slice);
        let parts: Vec<&str> = ranges.iter().map(|r| &slice[r.clone()]).collect();
        let c = detect(slice);
        let _ = writeln!(out, "random {ranges:?} {c:?}");
        for p in &parts {
            let _ = writeln!(out, " {:?}", detect(p));
        }
        let half = parts.len() / 2;
        let _ = writeln!(
            out,
            " {:?}",
            align_sentences(&parts[..half], &parts[half..])
        );
        if let (Some(x), Some(y)) = (&prev, &c) {
            let _ = writeln!(out, " {:?}", compare(x, y));
        }
        prev = c.or(prev);
    }
}

#[test]
#[ignore = "writes the equivalence dump; run with --ignored"]
fn dump_results() {
    let mut out = String::new();
    let paths = fixture_paths();
    let mut b9 = Vec::new();
    for path in &paths {
        let found = dump_file(&mut out, path, path.contains("b9-"));
        if path.contains("b9-") {
            b9.extend(found);
        }
    }
    for x in &b9 {
        for y in &b9 {
            let _ = writeln!(out, "b9 {:?}", compare(x, y));
        }
    }
    let (a, b) = (side(G7_OLD), side(G7_NEW));
    let flat = |s: &Side| s.sents.iter().flatten().copied().collect::<Vec<_>>();
    let _ = writeln!(out, "g7 {:?}", align_sentences(&flat(&a), &flat(&b)));
    let texts: Vec<String> = paths.iter().map(|p| read(p)).collect();
    dump_random(&mut out, &texts);
    let path = std::env::var("REDLINER_COMMITMENTS_DUMP")
        .unwrap_or_else(|_| "/tmp/redliner-commitments-dump.txt".to_string());
    std::fs::write(&path, &out).unwrap_or_else(|e| panic!("{path}: {e}"));
    println!("{} lines written to {path}", out.lines().count());
}
