//! Input formats: the same statement read from text, DOCX, HTML and PDF gives the same
//! paragraphs and compares as unchanged; a revision compares the same whatever the formats;
//! tracked changes read in both views; bad inputs fail with a clear message and exit 2.
//!
//! The fixtures in `fixtures/formats/` were made by `fixtures/formats/make.sh` with
//! LibreOffice, pandoc and qpdf; the tests need none of those tools.

use assert_cmd::Command;
use predicates::prelude::*;
use redliner::input::{self, DocxView, Format, InputOptions, TextEncoding};
use redliner::{compare, parse_document, read_document, Document, Options, Summary, UnitKind};

use crate::util::fixture;

fn formats(name: &str) -> String {
    format!("formats/{name}")
}

/// Every rendering of the 2024 statement, by fixture path under `fixtures/`.
fn renderings_2024() -> Vec<String> {
    let mut all = vec!["b9-2024.txt".to_owned()];
    all.extend(
        [
            "b9-2024-cp1252.txt",
            "b9-2024.docx",
            "b9-2024-pandoc.docx",
            "b9-2024.html",
            "b9-2024-writer.html",
            "b9-2024.pdf",
            "b9-2024-restricted.pdf",
        ]
        .map(formats),
    );
    all
}

/// Every rendering of the 2025 draft.
fn renderings_2025() -> Vec<String> {
    let mut all = vec!["b9-2025-draft.txt".to_owned()];
    all.extend(
        [
            "b9-2025-draft.docx",
            "b9-2025-draft.html",
            "b9-2025-draft.pdf",
        ]
        .map(formats),
    );
    all
}

fn read_with(name: &str, opts: &Options) -> Document {
    read_document(&fixture(name), opts).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read(name: &str) -> Document {
    read_with(name, &Options::default())
}

/// What must agree between renderings: label, kind and comparison key of each paragraph.
fn shape(d: &Document) -> Vec<(Option<String>, &'static str, String)> {
    d.paragraphs
        .iter()
        .map(|p| (p.label.clone(), p.kind.as_str(), p.key.clone()))
        .collect()
}

fn assert_same_statement(names: &[String]) {
    let docs: Vec<Document> = names.iter().map(|n| read(n)).collect();
    let opts = Options::default();
    for (a, da) in names.iter().zip(&docs) {
        assert_eq!(shape(da), shape(&docs[0]), "{a} vs {}", names[0]);
        for (b, db) in names.iter().zip(&docs) {
            let s = compare(da.clone(), db.clone(), &opts).summary;
            assert!(!s.has_changes(), "{a} vs {b}: {s:?}");
            assert_eq!(s.unchanged, da.paragraphs.len(), "{a} vs {b}");
        }
    }
}

#[test]
fn every_rendering_of_the_2024_statement_is_the_same() {
    assert_same_statement(&renderings_2024());
}

#[test]
fn every_rendering_of_the_2025_draft_is_the_same() {
    assert_same_statement(&renderings_2025());
}

#[test]
fn labels_survive_every_format() {
    let labels: Vec<Option<String>> = read("formats/b9-2024.pdf")
        .paragraphs
        .iter()
        .map(|p| p.label.clone())
        .collect();
    let mut want: Vec<Option<String>> = vec![None];
    want.extend((1..=10).map(|n| Some(n.to_string())));
    want.push(None);
    want.extend([Some("11".into()), Some("12".into())]);
    assert_eq!(labels, want);
}

/// The units of a comparison, without similarity scores.
/// A unit's kind with its old and new paragraph ids.
type Shape = (UnitKind, Vec<usize>, Vec<usize>);

fn units(old: &str, new: &str) -> (Summary, Vec<Shape>) {
    let opts = Options::default();
    let cmp = compare(read(old), read(new), &opts);
    let units = cmp
        .units
        .iter()
        .map(|u| (u.kind, u.old.clone(), u.new.clone()))
        .collect();
    (cmp.summary, units)
}

#[test]
fn a_revision_compares_the_same_across_formats() {
    let want = units("b9-2024.txt", "b9-2025-draft.txt");
    assert_eq!((want.0.reworded, want.0.unchanged), (5, 9));
    for old in renderings_2024() {
        for new in renderings_2025() {
            assert_eq!(units(&old, &new), want, "{old} → {new}");
        }
    }
}

fn docx_view(view: DocxView) -> Options {
    let mut opts = Options::default();
    opts.input.docx_view = view;
    opts
}

#[test]
fn tracked_changes_read_in_both_views() {
    let tracked = "formats/b9-2025-tracked.docx";
    let original = read_with(tracked, &docx_view(DocxView::Original));
    let accepted = read_with(tracked, &docx_view(DocxView::Accepted));
    assert_eq!(shape(&original), shape(&read("b9-2024.txt")));
    assert_eq!(shape(&accepted), shape(&read("b9-2025-draft.txt")));
    assert_eq!(
        shape(&read(tracked)),
        shape(&accepted),
        "accepted is the default"
    );
    // Original against accepted shows exactly the tracked edits: the five reworded
    // paragraphs of the draft, with the same phrase changes as the text files.
    let opts = Options::default();
    let from_docx = compare(original, accepted, &opts);
    let from_text = compare(read("b9-2024.txt"), read("b9-2025-draft.txt"), &opts);
    assert_eq!(from_docx.summary, from_text.summary);
    let diffs = |c: &redliner::Comparison| -> Vec<_> {
        c.units
            .iter()
            .map(|u| {
                u.diff
                    .iter()
                    .map(|s| (s.op, s.text.clone()))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    assert_eq!(diffs(&from_docx), diffs(&from_text));
}

#[test]
fn tracked_changes_are_counted() {
    let bytes = std::fs::read(fixture("formats/b9-2025-tracked.docx")).unwrap();
    // Five edited paragraphs with six replaced phrases (two in §8), each tracked as one
    // deletion and one insertion.
    assert_eq!(input::docx_tracked_changes("t.docx", &bytes).unwrap(), 12);
    let plain = std::fs::read(fixture("formats/b9-2024.docx")).unwrap();
    assert_eq!(input::docx_tracked_changes("p.docx", &plain).unwrap(), 0);
    let parsed = input::parse_detailed(
        "t.docx",
        &bytes,
        &InputOptions::default(),
        redliner::NormaliseOptions::default(),
    )
    .unwrap();
    assert_eq!(
        (parsed.format, parsed.tracked_changes),
        (Format::Docx, Some(12))
    );
}

#[test]
fn footnotes_are_furniture_unless_asked_for() {
    let plain = read("formats/notes.docx");
    assert_eq!(plain.paragraphs.len(), 3);
    assert!(plain
        .furniture
        .iter()
        .any(|f| f.text.contains("As agreed at the Vilnius Summit")
            && f.reason == redliner::FurnitureReason::Footnote));
    let mut opts = Options::default();
    opts.input.footnotes = true;
    let with_notes = read_with("formats/notes.docx", &opts);
    let last = with_notes.paragraphs.last().unwrap();
    assert_eq!(
        (last.label.as_deref(), last.text.as_str()),
        (Some("fn1"), "As agreed at the Vilnius Summit in 2023.")
    );
    // The reference mark is not part of the paragraph that carries it.
    assert_eq!(
        with_notes.paragraphs[1].text,
        "We welcome the progress made on integrated air defence."
    );
}

#[test]
fn legacy_encoding_is_detected_and_reported() {
    let d = read("formats/b9-2024-cp1252.txt");
    assert_eq!(d.encoding, "windows-1252");
    assert!(d.paragraphs[4].text.contains("Russia\u{2019}s illegal war"));
    let bytes = b"1. The ministers\x92 \x93d\xe9claration\x94 on the caf\xe9 summit.\n";
    let d = parse_document("latin.txt", bytes, &Options::default()).unwrap();
    assert_eq!(d.encoding, "windows-1252");
    assert_eq!(
        d.paragraphs[0].text,
        "The ministers\u{2019} \u{201C}d\u{e9}claration\u{201D} on the caf\u{e9} summit."
    );
    // The 2025 page declares windows-1252 in its <meta charset>.
    assert_eq!(read("formats/b9-2025-draft.html").encoding, "windows-1252");
    let mut opts = Options::default();
    opts.input.encoding = TextEncoding::for_label("iso-8859-2");
    let d = parse_document("pl.txt", b"Gda\xf1sk and Wroc\xb3aw.\n", &opts).unwrap();
    assert_eq!(d.paragraphs[0].text, "Gdańsk and Wrocław.");
}

#[test]
fn format_override_beats_detection() {
    let mut opts = Options::default();
    opts.input.format = Some(Format::Text);
    let raw = read_with("formats/b9-2024-writer.html", &opts);
    assert!(raw.paragraphs.iter().any(|p| p.text.contains("<li>")));
    opts.input.format = Some(Format::Pdf);
    let e = read_document(&fixture("b9-2024.txt"), &opts).unwrap_err();
    assert!(e.to_string().contains("was to be read as PDF"), "{e}");
}

/// Bad inputs, with a phrase their message must contain.
const BAD: &[(&str, &str)] = &[
    ("formats/bad/bomb.docx", "zip bomb"),
    ("formats/bad/truncated.docx", "damaged or truncated DOCX"),
    ("formats/bad/no-document.docx", "no word/document.xml"),
    (
        "formats/bad/encrypted.pdf",
        "encrypted and needs a password",
    ),
    ("formats/bad/image-only.pdf", "no text layer"),
    (
        "formats/bad/utf16-nobom.txt",
        "UTF-16 without a byte-order mark",
    ),
    ("formats/bad/empty.txt", "file is empty"),
    ("formats/bad/legacy.doc", "Word 97-2003"),
];

#[test]
fn bad_inputs_fail_with_a_message_naming_the_problem() {
    for (name, phrase) in BAD {
        let e = read_document(&fixture(name), &Options::default())
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(e.contains(phrase), "{name}: {e}");
        assert!(
            e.contains(&fixture(name).to_string_lossy().into_owned()),
            "{e}"
        );
    }
}

fn deep_html(depth: usize) -> String {
    format!(
        "<!DOCTYPE html><html><body>{}<p>Deep.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    )
}

#[test]
fn html_nested_100000_deep_is_refused_without_overflow() {
    let e = parse_document(
        "deep.html",
        deep_html(100_000).as_bytes(),
        &Options::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("nested more than 4096 deep"), "{e}");
    // Deep but plausible nesting is read.
    let d = parse_document("ok.html", deep_html(2_000).as_bytes(), &Options::default()).unwrap();
    assert_eq!(d.paragraphs[0].text, "Deep.");
}

fn redliner() -> Command {
    let mut cmd = Command::cargo_bin("redliner").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

#[test]
fn cli_exits_2_on_every_bad_input_without_panicking() {
    let good = fixture("b9-2024.txt");
    for (name, phrase) in BAD {
        redliner()
            .arg("diff")
            .arg(&good)
            .arg(fixture(name))
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::starts_with("redliner: error: "))
            .stderr(predicate::str::contains(*phrase))
            .stderr(predicate::str::contains("panicked").not());
    }
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.html");
    std::fs::write(&deep, deep_html(100_000)).unwrap();
    redliner()
        .arg("diff")
        .arg(&deep)
        .arg(&good)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nested more than"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn cli_compares_across_formats() {
    redliner()
        .arg("diff")
        .arg(fixture("formats/b9-2024.pdf"))
        .arg(fixture("formats/b9-2024.docx"))
        .assert()
        .code(0);
    let out = redliner()
        .args(["diff", "--format", "json"])
        .arg(fixture("formats/b9-2024-cp1252.txt"))
        .arg(fixture("formats/b9-2025-draft.html"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["old"]["encoding"], "windows-1252");
    assert_eq!(json["summary"]["reworded"], 5);
}

/// Damaged copies of real files: every one gives a document or an error, never a panic.
#[test]
fn damaged_files_never_panic() {
    let opts = Options::default();
    for name in [
        "formats/b9-2024.docx",
        "formats/b9-2024.pdf",
        "formats/b9-2024.html",
    ] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let n = bytes.len();
        for i in 0..24 {
            // Cut short, and with a run of bytes overwritten, at spread-out places.
            let at = (i * 7919 + 13) % n;
            let _ = parse_document(name, &bytes[..at.max(1)], &opts);
            let mut flipped = bytes.clone();
            for b in flipped.iter_mut().skip(at).take(64) {
                *b = b.wrapping_mul(31).wrapping_add(7);
            }
            let _ = parse_document(name, &flipped, &opts);
        }
    }
}
