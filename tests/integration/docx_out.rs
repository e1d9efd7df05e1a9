//! The DOCX redline (issue #14).
//!
//! - Round trips: on every fixture pair the other tests use (the synthetic B9 revisions,
//!   the real pairs of `fixtures/real/`, the history series, other input formats), the
//!   redline read back by redliner's own DOCX reader with every change accepted compares
//!   with NEW, and with every change rejected with OLD, as unchanged and unmoved in every
//!   unit, labels included.
//! - Every part is well-formed; revision and range ids are unique; every move source has
//!   its destination and every comment its range, reference and text; nothing refers
//!   outside the package.
//! - Commitment comments sit on their sentences and say what changed.
//! - Output is deterministic; NEW's styles are kept when NEW is a DOCX; the CLI refuses
//!   a terminal and bad dates.
//! - LibreOffice opens every redline (`soffice --headless --convert-to pdf`, all files in
//!   one run). Without soffice the test fails, saying so, unless
//!   `REDLINER_SKIP_LIBREOFFICE=1` asks to skip it outside CI; `REDLINER_SOFFICE` names
//!   another binary. The PDFs are kept in `target/docx-redlines/`.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use redliner::input::{self, DocxView};
use redliner::normalise::fold;
use redliner::render::{docx, DocxDate, DocxOptions, DOCX_PARTS};
use redliner::{
    compare, parse_document, read_document, CommitmentChangeKind, Comparison, DiffOp, Document,
    Options, UnitKind,
};

use crate::props::{edit, edited};
use crate::util::{f, fixture, read_back, redliner, PAIRS};

/// Every pair the round trip covers, by path under `fixtures/`.
fn pairs() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = PAIRS
        .iter()
        .map(|(o, n)| (o.to_string(), n.to_string()))
        .collect();
    let dir = fixture("real");
    let mut keys: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    keys.sort();
    for key in keys {
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&key).unwrap()).unwrap();
        let side = |s: &str| json[s].as_str().unwrap().to_owned();
        out.push((side("old"), side("new")));
    }
    let series = [
        "b9-2024.txt",
        "history/b9-series-2.txt",
        "history/b9-series-3.txt",
        "history/b9-series-4.txt",
        "history/b9-series-5.txt",
    ];
    for w in series.windows(2) {
        out.push((w[0].to_owned(), w[1].to_owned()));
    }
    for (o, n) in [
        ("formats/b9-2024.docx", "formats/b9-2025-draft.docx"),
        ("b9-2024.txt", "formats/b9-2025-draft.docx"),
        (
            "formats/b9-2024-pandoc.docx",
            "formats/b9-2025-tracked.docx",
        ),
        ("formats/b9-2024.pdf", "formats/b9-2025-draft.html"),
        ("formats/b9-2025-draft.docx", "formats/b9-2024.html"),
    ] {
        out.push((o.to_owned(), n.to_owned()));
    }
    let mut seen = HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    out
}

/// One redline and what it was made from.
struct Redline {
    old: String,
    new: String,
    cmp: Comparison,
    bytes: Vec<u8>,
}

fn options_for(new: &Path) -> DocxOptions {
    let bytes = std::fs::read(new).unwrap();
    let template = (input::detect(&bytes, new).unwrap() == input::Format::Docx)
        .then(|| input::docx::template(&new.to_string_lossy(), &bytes).unwrap());
    DocxOptions {
        template,
        ..DocxOptions::default()
    }
}

fn render(cmp: &Comparison, opts: &DocxOptions) -> Vec<u8> {
    let mut out = Vec::new();
    docx(cmp, opts, &mut out).unwrap();
    out
}

fn make(old: &str, new: &str) -> Redline {
    let opts = Options::default();
    let o = read_document(&fixture(old), &opts).unwrap_or_else(|e| panic!("{old}: {e}"));
    let n = read_document(&fixture(new), &opts).unwrap_or_else(|e| panic!("{new}: {e}"));
    let cmp = compare(o, n, &opts);
    let bytes = render(&cmp, &options_for(&fixture(new)));
    Redline {
        old: old.to_owned(),
        new: new.to_owned(),
        cmp,
        bytes,
    }
}

/// The redlines of every pair, made once for all the tests here.
fn redlines() -> &'static [Redline] {
    static ALL: OnceLock<Vec<Redline>> = OnceLock::new();
    ALL.get_or_init(|| pairs().iter().map(|(o, n)| make(o, n)).collect())
}

/// Panics unless comparing `got` with `want` finds nothing: every unit unchanged and in
/// place, and every label the same.
fn assert_same(got: Document, want: Document, what: &str) {
    let opts = Options::default();
    let cmp = compare(got, want, &opts);
    for u in &cmp.units {
        if u.kind != UnitKind::Unchanged || u.moved {
            let text = |d: &Document, ids: &[usize]| -> Vec<String> {
                ids.iter().map(|&i| d.paragraph(i).text.clone()).collect()
            };
            panic!(
                "{what}: {:?} (moved {}) read back {:?}, expected {:?}",
                u.kind,
                u.moved,
                text(&cmp.old, &u.old),
                text(&cmp.new, &u.new)
            );
        }
        let (a, b) = (cmp.old.paragraph(u.old[0]), cmp.new.paragraph(u.new[0]));
        assert_eq!(a.label, b.label, "{what}: label of {:?}", b.text);
        assert_eq!(a.kind, b.kind, "{what}: kind of {:?}", b.text);
    }
    assert_eq!(cmp.old.paragraphs.len(), cmp.new.paragraphs.len(), "{what}");
}

#[test]
fn accepting_gives_new_and_rejecting_gives_old_on_every_pair() {
    let (mut moved, mut split, mut merged, mut sentences, mut removed, mut added) =
        (0, 0, 0, 0, 0, 0);
    for r in redlines() {
        let what = format!("{} → {}", r.old, r.new);
        assert_same(
            read_back(&r.bytes, DocxView::Accepted),
            r.cmp.new.clone(),
            &format!("{what}, accepted"),
        );
        assert_same(
            read_back(&r.bytes, DocxView::Original),
            r.cmp.old.clone(),
            &format!("{what}, rejected"),
        );
        for u in &r.cmp.units {
            moved += usize::from(u.moved && !u.old.is_empty() && !u.new.is_empty());
            split += usize::from(u.kind == UnitKind::Split);
            merged += usize::from(u.kind == UnitKind::Merged);
            removed += usize::from(u.kind == UnitKind::Removed);
            added += usize::from(u.kind == UnitKind::Added);
            sentences += u
                .diff
                .iter()
                .filter(|s| s.op == DiffOp::Delete && s.moved.is_some())
                .count();
        }
    }
    // The pairs exercise every kind of change the redline writes.
    eprintln!(
        "{} pairs: {moved} moved units, {split} splits, {merged} merges, {sentences} moved sentences, {removed} removed, {added} added",
        redlines().len()
    );
    assert!(redlines().len() >= 30);
    assert!(moved >= 10 && split >= 5 && merged >= 5 && sentences >= 3);
    assert!(removed >= 50 && added >= 50);
}

#[test]
fn the_tracked_document_reads_as_new_by_default_and_counts_its_changes() {
    let r = &redlines()[1];
    assert_eq!(r.new, "b9-2025-draft.txt");
    let opts = Options::default();
    let doc = parse_document("redline.docx", &r.bytes, &opts).unwrap();
    assert_same(doc, r.cmp.new.clone(), "default view");
    let changes = input::docx_tracked_changes("redline.docx", &r.bytes).unwrap();
    assert!(changes >= 10, "{changes}");
}

fn compare_texts(old: &str, new: &str) -> Option<Comparison> {
    let opts = Options::default();
    let o = parse_document("old", old.as_bytes(), &opts).ok()?;
    let n = parse_document("new", new.as_bytes(), &opts).ok()?;
    Some(compare(o, n, &opts))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Random edits of real paragraphs (words changed, paragraphs deleted, inserted,
    /// swapped, split and merged): the redline still accepts to NEW and rejects to OLD,
    /// and its parts check out.
    #[test]
    fn random_edits_round_trip(start in 0usize..40, len in 4usize..12, edits in prop::collection::vec(edit(), 1..8)) {
        let (old, new) = edited(start, len, &edits);
        let Some(cmp) = compare_texts(&old.join("\n\n"), &new.join("\n\n")) else {
            return Ok(());
        };
        let bytes = render(&cmp, &DocxOptions::default());
        check_package("random edits", &bytes);
        assert_same(read_back(&bytes, DocxView::Accepted), cmp.new.clone(), "accepted");
        assert_same(read_back(&bytes, DocxView::Original), cmp.old.clone(), "rejected");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any two texts, however odd, give a package whose parts check out and that accepts
    /// to NEW and rejects to OLD.
    #[test]
    fn any_two_texts_give_a_valid_round_trip(a in "(\\PC|\n|\\. |€4 billion|2%| |&|<|\\]\\]>){1,120}", b in "(\\PC|\n|\\. |€5 billion|3\\.5%| |\"|>){1,120}") {
        if let Some(cmp) = compare_texts(&a, &b) {
            let bytes = render(&cmp, &DocxOptions::default());
            check_package("any text", &bytes);
            assert_same(read_back(&bytes, DocxView::Accepted), cmp.new.clone(), "accepted");
            assert_same(read_back(&bytes, DocxView::Original), cmp.old.clone(), "rejected");
        }
    }
}

// ---------------------------------------------------------------------------------------
// The parts.

/// The parts of a package, by name, in archive order.
fn parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut raw = Vec::new();
            f.read_to_end(&mut raw).unwrap();
            let s = String::from_utf8_lossy(&raw).into_owned();
            (f.name().unwrap().into_owned(), s)
        })
        .collect()
}

fn part<'p>(parts: &'p [(String, String)], name: &str) -> &'p str {
    &parts.iter().find(|(n, _)| n == name).unwrap().1
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).unwrap().map(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .unwrap()
            .into_owned()
    })
}

/// Every event of a well-formed part, or a panic that names the part.
fn events(name: &str, xml: &str, mut each: impl FnMut(&Event<'_>)) {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(ev) => each(&ev),
            Err(e) => panic!(
                "{name} is not well-formed at {}: {e}",
                reader.buffer_position()
            ),
        }
    }
}

/// What the check of a package counted.
#[derive(Debug, Default)]
struct Counts {
    ins: usize,
    del: usize,
    move_from: usize,
    move_to: usize,
    moves: usize,
    comments: usize,
}

/// Checks a package: its parts, their well-formedness, ids, moves and comments.
fn check_package(what: &str, bytes: &[u8]) -> Counts {
    let parts = parts(bytes);
    let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, DOCX_PARTS, "{what}");
    for (name, xml) in &parts {
        assert!(
            xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\""),
            "{name}"
        );
        events(name, xml, |_| {});
        assert!(!xml.contains("TargetMode"), "{what}: {name} refers outside");
        assert!(!xml.contains("http://www.w3.org/1999/xlink"), "{name}");
    }
    let types = part(&parts, "[Content_Types].xml");
    for name in &names[2..] {
        assert!(
            types.contains(&format!("PartName=\"/{name}\"")) || name.ends_with(".rels"),
            "{name}"
        );
    }
    let mut counts = Counts::default();
    let mut ids = HashSet::new();
    let mut open: HashMap<(&'static str, String), String> = HashMap::new();
    let mut names_from = Vec::new();
    let mut names_to = Vec::new();
    let (mut comment_starts, mut comment_ends, mut comment_refs) =
        (HashSet::new(), HashSet::new(), Vec::new());
    let doc = part(&parts, "word/document.xml");
    events("document.xml", doc, |ev| {
        let (Event::Start(e) | Event::Empty(e)) = ev else {
            return;
        };
        let name = e.name().into_inner();
        let id = || attr(e, "w:id").unwrap_or_else(|| panic!("{what}: {name} without w:id"));
        match name {
            "w:ins" | "w:del" | "w:moveFrom" | "w:moveTo" => {
                assert!(ids.insert(id()), "{what}: id {} used twice", id());
                assert_eq!(attr(e, "w:author").as_deref(), Some("redliner"));
                assert!(attr(e, "w:date").is_some());
                match name {
                    "w:ins" => counts.ins += 1,
                    "w:del" => counts.del += 1,
                    "w:moveFrom" => counts.move_from += 1,
                    _ => counts.move_to += 1,
                }
                let kind = if name == "w:moveFrom" { "from" } else { "to" };
                if matches!(name, "w:moveFrom" | "w:moveTo") {
                    assert!(
                        open.keys().any(|(k, _)| *k == kind),
                        "{what}: {name} {} outside its move range",
                        id()
                    );
                }
            }
            "w:moveFromRangeStart" | "w:moveToRangeStart" => {
                assert!(ids.insert(id()), "{what}: id {} used twice", id());
                let kind = if name == "w:moveFromRangeStart" {
                    "from"
                } else {
                    "to"
                };
                let move_name = attr(e, "w:name").unwrap();
                open.insert((kind, id()), move_name.clone());
                if kind == "from" {
                    names_from.push(move_name);
                } else {
                    names_to.push(move_name);
                }
            }
            "w:moveFromRangeEnd" | "w:moveToRangeEnd" => {
                let kind = if name == "w:moveFromRangeEnd" {
                    "from"
                } else {
                    "to"
                };
                assert!(
                    open.remove(&(kind, id())).is_some(),
                    "{what}: {name} {} closes no range",
                    id()
                );
            }
            "w:commentRangeStart" => {
                assert!(ids.insert(id()), "{what}: id {} used twice", id());
                comment_starts.insert(id());
            }
            "w:commentRangeEnd" => {
                assert!(comment_starts.contains(&id()), "{what}: end before start");
                assert!(comment_ends.insert(id()));
            }
            "w:commentReference" => comment_refs.push(id()),
            _ => {}
        }
    });
    assert!(open.is_empty(), "{what}: move ranges left open: {open:?}");
    names_from.sort();
    names_to.sort();
    assert_eq!(
        names_from, names_to,
        "{what}: every move source has its destination"
    );
    let unique: HashSet<&String> = names_from.iter().collect();
    assert_eq!(
        unique.len(),
        names_from.len(),
        "{what}: a move name used twice"
    );
    counts.moves = names_from.len();
    let mut comments = Vec::new();
    events("comments.xml", part(&parts, "word/comments.xml"), |ev| {
        if let Event::Start(e) = ev {
            if e.name().into_inner() == "w:comment" {
                comments.push(attr(e, "w:id").unwrap());
            }
        }
    });
    let refs: HashSet<&String> = comment_refs.iter().collect();
    assert_eq!(
        refs.len(),
        comment_refs.len(),
        "{what}: a comment referenced twice"
    );
    let listed: HashSet<&String> = comments.iter().collect();
    assert_eq!(
        refs, listed,
        "{what}: every reference has its comment and back"
    );
    assert_eq!(comment_starts.len(), comments.len(), "{what}");
    assert_eq!(comment_ends.len(), comments.len(), "{what}");
    counts.comments = comments.len();
    counts
}

#[test]
fn every_part_is_well_formed_with_consistent_ids_moves_and_comments() {
    let mut total = Counts::default();
    for r in redlines() {
        let what = format!("{} → {}", r.old, r.new);
        let c = check_package(&what, &r.bytes);
        assert_eq!(c.comments, r.cmp.commitments.len(), "{what}");
        let changed = r.cmp.units.iter().any(|u| u.is_change());
        assert_eq!(
            c.ins + c.del + c.move_from + c.move_to > 0,
            changed,
            "{what}"
        );
        total.ins += c.ins;
        total.del += c.del;
        total.move_from += c.move_from;
        total.move_to += c.move_to;
        total.moves += c.moves;
        total.comments += c.comments;
    }
    eprintln!("{total:?}");
    assert!(total.moves >= 15, "{total:?}");
    assert!(total.move_from >= total.moves && total.move_to >= total.moves);
}

// ---------------------------------------------------------------------------------------
// Comments.

/// The text inside each comment's range, as NEW (accepted) or OLD (rejected) reads it.
fn comment_texts(bytes: &[u8], old_side: bool) -> HashMap<String, String> {
    let parts = parts(bytes);
    let mut open: Vec<String> = Vec::new();
    let mut out: HashMap<String, String> = HashMap::new();
    // Depth inside content hidden in this view, and whether a text element is open.
    let (mut hidden, mut text_on) = (0usize, false);
    let hides = |n: &str| {
        if old_side {
            matches!(n, "w:ins" | "w:moveTo")
        } else {
            matches!(n, "w:del" | "w:moveFrom")
        }
    };
    let mut in_ppr = false;
    events(
        "document.xml",
        part(&parts, "word/document.xml"),
        |ev| match ev {
            Event::Start(e) => {
                let n = e.name().into_inner();
                if n == "w:pPr" {
                    in_ppr = true;
                }
                if hides(n) && !in_ppr {
                    hidden += 1;
                }
                text_on = matches!(n, "w:t" | "w:delText");
            }
            Event::Empty(e) => match e.name().into_inner() {
                "w:commentRangeStart" => open.push(attr(e, "w:id").unwrap()),
                "w:commentRangeEnd" => {
                    let id = attr(e, "w:id").unwrap();
                    open.retain(|o| *o != id);
                }
                _ => {}
            },
            Event::End(e) => {
                let n = e.name().into_inner();
                if n == "w:pPr" {
                    in_ppr = false;
                } else if hides(n) {
                    hidden = hidden.saturating_sub(1);
                }
                text_on = false;
            }
            Event::Text(t) if text_on && hidden == 0 => {
                for id in &open {
                    out.entry(id.clone())
                        .or_default()
                        .push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if text_on && hidden == 0 => {
                let c = match r.resolve_char_ref().unwrap() {
                    Some(c) => c,
                    None => match &**r {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        _ => '\'',
                    },
                };
                for id in &open {
                    out.entry(id.clone()).or_default().push(c);
                }
            }
            _ => {}
        },
    );
    out
}

#[test]
fn each_commitment_change_is_a_comment_on_its_sentence_in_plain_words() {
    let r = &redlines()[1];
    assert_eq!(
        (r.old.as_str(), r.new.as_str()),
        ("b9-2024.txt", "b9-2025-draft.txt")
    );
    assert!(!r.cmp.commitments.is_empty());
    let package = parts(&r.bytes);
    let comments = part(&package, "word/comments.xml");
    for said in [
        "weakened: \u{2018}will\u{2019} \u{2192} \u{2018}may consider\u{2019}",
        "weakened: \u{2018}are committed to\u{2019} \u{2192} \u{2018}support\u{2019}",
        "strength: binding \u{2192} hedged",
        "modality, weaker: 'will' \u{2192} 'may consider'",
    ] {
        assert!(comments.contains(said), "{said} not in {comments}");
    }
    // Every comment's range holds its sentence: NEW's for added and reworded
    // commitments, OLD's (deleted text) for dropped ones.
    for r in redlines() {
        let (new_texts, old_texts) = (
            comment_texts(&r.bytes, false),
            comment_texts(&r.bytes, true),
        );
        for (i, c) in r.cmp.commitments.iter().enumerate() {
            let (texts, side) = match c.change {
                CommitmentChangeKind::Removed => (&old_texts, c.old.as_ref()),
                _ => (&new_texts, c.new.as_ref()),
            };
            let want = &side.unwrap().commitment.text;
            let got = texts.get(&i.to_string()).map(String::as_str).unwrap_or("");
            assert_eq!(
                fold(got.trim(), false),
                fold(want, false),
                "{} → {}: comment {i}",
                r.old,
                r.new
            );
        }
    }
    let dropped = redlines()
        .iter()
        .flat_map(|r| parts(&r.bytes))
        .filter(|(n, x)| n == "word/comments.xml" && x.contains("dropped binding commitment"))
        .count();
    assert!(dropped > 0);
}

// ---------------------------------------------------------------------------------------
// Determinism, styles, hostile text.

#[test]
fn two_runs_give_the_same_bytes() {
    for r in redlines().iter().take(6) {
        let again = make(&r.old, &r.new);
        assert!(
            again.bytes == r.bytes,
            "{} → {}: not deterministic",
            r.old,
            r.new
        );
    }
    let run = |out: &Path| {
        redliner()
            .args([
                "diff",
                &f("b9-2024.txt"),
                &f("b9-2025-restructure.txt"),
                "-o",
            ])
            .arg(out)
            .assert()
            .code(1);
        std::fs::read(out).unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (
        run(&dir.path().join("a.docx")),
        run(&dir.path().join("b.docx")),
    );
    assert!(a == b, "the CLI wrote two different files");
    let r = redlines()
        .iter()
        .find(|r| r.new == "b9-2025-restructure.txt")
        .unwrap();
    assert!(a == r.bytes, "the CLI and the library differ");
    // Fixed time stamps: the zip format's earliest, on every entry.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&a)).unwrap();
    for i in 0..zip.len() {
        let stamp = zip.by_index(i).unwrap().last_modified().unwrap();
        assert_eq!((stamp.year(), stamp.month(), stamp.day()), (1980, 1, 1));
    }
}

#[test]
fn the_date_is_the_one_asked_for() {
    let r = &redlines()[1];
    let date: DocxDate = "2025-06-24T11:30:00+02:00".parse().unwrap();
    let bytes = render(
        &r.cmp,
        &DocxOptions {
            date,
            ..DocxOptions::default()
        },
    );
    let doc = parts(&bytes);
    let body = part(&doc, "word/document.xml");
    assert!(body.contains("w:date=\"2025-06-24T09:30:00Z\""));
    assert!(!body.contains("2000-01-01"));
    assert!(part(&doc, "word/comments.xml").contains("w:date=\"2025-06-24T09:30:00Z\""));
    assert!(part(&parts(&r.bytes), "word/document.xml").contains("w:date=\"2000-01-01T00:00:00Z\""));
}

#[test]
fn new_docx_keeps_its_styles_and_paragraph_properties() {
    let r = redlines()
        .iter()
        .find(|r| r.old == "formats/b9-2024.docx" && r.new == "formats/b9-2025-draft.docx")
        .unwrap();
    let source = parts(&std::fs::read(fixture(&r.new)).unwrap());
    let ours = parts(&r.bytes);
    let styles = part(&ours, "word/styles.xml");
    // NEW's own styles, and its page size, are there.
    let source_styles = part(&source, "word/styles.xml");
    let ids: Vec<String> = {
        let mut ids = Vec::new();
        events("styles", source_styles, |ev| {
            if let Event::Start(e) = ev {
                if let Some(id) = attr(e, "w:styleId") {
                    ids.push(id);
                }
            }
        });
        ids
    };
    assert!(ids.len() >= 5, "{ids:?}");
    for id in &ids {
        assert!(
            styles.contains(&format!("w:styleId=\"{id}\"")),
            "style {id} lost"
        );
    }
    let body = part(&ours, "word/document.xml");
    let source_body = part(&source, "word/document.xml");
    let pg = source_body
        .split("<w:pgSz ")
        .nth(1)
        .and_then(|s| s.split("/>").next())
        .unwrap();
    assert!(body.contains(&format!("<w:pgSz {pg}/>")), "page size {pg}");
    // Justified paragraphs stay justified; numbering is gone (labels are text).
    assert!(source_body.contains("w:jc w:val=\"both\"") == body.contains("w:jc w:val=\"both\""));
    assert!(!body.contains("w:numPr") && !styles.contains("w:numPr"));
    // A text NEW gets redliner's own styles, with headings.
    let text = &redlines()[1];
    let own = parts(&text.bytes);
    assert!(part(&own, "word/styles.xml").contains("w:styleId=\"Heading1\""));
    assert!(part(&own, "word/document.xml").contains("<w:pStyle w:val=\"Heading1\"/>"));
}

#[test]
fn hostile_text_and_characters_xml_forbids_stay_well_formed() {
    let opts = Options::default();
    let text = |verb: &str| {
        format!(
            "1. We {verb} act <now> & \"then\" ]]> <w:p> 'here' MARK.\n\n2. Allies will say </w:t> here.\n"
        )
    };
    let old = parse_document("a<b>.txt", text("will").as_bytes(), &opts).unwrap();
    let new = parse_document("c&d.txt", text("may").as_bytes(), &opts).unwrap();
    let mut cmp = compare(old, new, &opts);
    // Characters no XML 1.0 document may hold, as a PDF or an HTML page can deliver.
    let bad = "\u{1}\u{b}\u{fffe}";
    for p in cmp
        .old
        .paragraphs
        .iter_mut()
        .chain(cmp.new.paragraphs.iter_mut())
    {
        p.text = p.text.replace("MARK", bad);
    }
    for u in &mut cmp.units {
        for s in &mut u.diff {
            s.text = s.text.replace("MARK", bad);
            s.old_text = s.old_text.as_ref().map(|t| t.replace("MARK", bad));
        }
    }
    cmp.new.title = Some(format!("<title> & {bad}"));
    let bytes = render(&cmp, &DocxOptions::default());
    check_package("hostile", &bytes);
    let doc = parts(&bytes);
    let body = part(&doc, "word/document.xml");
    assert!(body.contains("act &lt;now&gt; &amp; &quot;then&quot; ]]&gt; &lt;w:p&gt;"));
    assert!(
        body.contains("\u{2401}\u{240b}\u{fffd}"),
        "visible stand-ins"
    );
    assert!(!body.contains('\u{1}'));
    let back = read_back(&bytes, DocxView::Accepted);
    assert!(back.paragraphs[0]
        .text
        .contains("act <now> & \"then\" ]]> <w:p> 'here'"));
    assert!(back.paragraphs[1].text.contains("</w:t>"));
}

// ---------------------------------------------------------------------------------------
// The command line.

#[test]
fn cli_writes_docx_by_flag_or_extension_and_checks_its_options() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("redline.docx");
    redliner()
        .args(["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt"), "-o"])
        .arg(&out)
        .args(["--docx-date", "2026-01-02T03:04:05Z"])
        .assert()
        .code(1);
    let bytes = std::fs::read(&out).unwrap();
    assert!(part(&parts(&bytes), "word/document.xml").contains("2026-01-02T03:04:05Z"));
    // To a pipe: fine.
    let piped = redliner()
        .args([
            "diff",
            &f("b9-2024.txt"),
            &f("b9-2025-draft.txt"),
            "--format",
            "docx",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(piped.starts_with(b"PK\x03\x04"));
    assert!(
        piped == redlines()[1].bytes,
        "the pipe and the library differ"
    );
    // A bad date, a date for another format, bad input: exit 2, no file.
    let bad = dir.path().join("bad.docx");
    for (args, says) in [
        (
            vec!["--docx-date", "2026-02-30T00:00:00Z"],
            "is not a date and time",
        ),
        (vec!["--docx-date", "yesterday"], "--docx-date"),
        (
            vec!["--format", "json", "--docx-date", "2026-01-01T00:00:00Z"],
            "applies to --format docx only",
        ),
    ] {
        let assert = redliner()
            .args(["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt"), "-o"])
            .arg(&bad)
            .args(&args)
            .assert()
            .code(2);
        let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(err.contains(says), "{args:?}: {err}");
    }
    redliner()
        .args([
            "diff",
            &f("formats/bad/truncated.docx"),
            &f("b9-2024.txt"),
            "-o",
        ])
        .arg(&bad)
        .assert()
        .code(2);
    assert!(!bad.exists());
}

#[test]
fn cli_refuses_to_write_docx_to_a_terminal() {
    // `script` gives the command a pseudo-terminal as its standard output.
    let cmd = format!(
        "{} diff {} {} --format docx",
        env!("CARGO_BIN_EXE_redliner"),
        f("b9-2024.txt"),
        f("b9-2025-draft.txt")
    );
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("script (util-linux) runs the command on a terminal");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("writes a binary file"), "{text}");
    assert!(!text.contains("PK\u{3}\u{4}"));
}

// ---------------------------------------------------------------------------------------
// LibreOffice.

/// The soffice binary, or `None` when the caller explicitly asked to skip.
fn soffice() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("REDLINER_SOFFICE") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|n| dir.join(n)))
        .find(|p| p.is_file());
    if found.is_some() {
        return found;
    }
    let skip = std::env::var_os("REDLINER_SKIP_LIBREOFFICE").is_some_and(|v| v == "1");
    if skip && std::env::var_os("CI").is_none() {
        eprintln!("SKIPPED, NOT PASSED: LibreOffice test, soffice not found (REDLINER_SKIP_LIBREOFFICE=1)");
        return None;
    }
    panic!(
        "soffice not found on PATH, so LibreOffice cannot open the redlines. Install it \
         (apt-get install libreoffice-writer-nogui), point REDLINER_SOFFICE at it, or \
         outside CI set REDLINER_SKIP_LIBREOFFICE=1 to skip this test explicitly."
    );
}

/// Words of a text, folded and lower-cased, for finding a phrase in extracted PDF text.
fn words(text: &str) -> String {
    fold(text, true)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn libreoffice_opens_every_redline() {
    let Some(exe) = soffice() else {
        return;
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/docx-redlines");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let name = |i: usize, r: &Redline| {
        let stem = |p: &str| {
            Path::new(p)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .replace('.', "-")
        };
        format!("{i:02}-{}--{}", stem(&r.old), stem(&r.new))
    };
    let mut files = Vec::new();
    for (i, r) in redlines().iter().enumerate() {
        let path = dir.join(format!("{}.docx", name(i, r)));
        std::fs::write(&path, &r.bytes).unwrap();
        files.push(path);
    }
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(&exe)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&dir)
        .args(&files)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
    let deadline = Instant::now() + Duration::from_secs(600);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("LibreOffice did not finish within 600 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut log = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(status.success(), "soffice failed ({status}): {log}");
    for (i, r) in redlines().iter().enumerate() {
        let pdf = dir.join(format!("{}.pdf", name(i, r)));
        let bytes = std::fs::read(&pdf)
            .unwrap_or_else(|e| panic!("LibreOffice made no PDF of {}: {e}\n{log}", r.new));
        assert!(
            bytes.starts_with(b"%PDF-") && bytes.len() > 2000,
            "{}",
            pdf.display()
        );
        pdf_shows(&bytes, r);
    }
}

/// The PDF shows the redline's text: a phrase kept, a phrase deleted and a phrase
/// inserted (each from the start of a span, which the redline writes as one run).
#[cfg(feature = "pdf")]
fn pdf_shows(pdf: &[u8], r: &Redline) {
    let doc = parse_document("redline.pdf", pdf, &Options::default()).unwrap();
    let all = words(
        &doc.paragraphs
            .iter()
            .map(|p| format!("{} {}", p.label.as_deref().unwrap_or(""), p.text))
            .collect::<Vec<_>>()
            .join(" "),
    );
    for (op, n) in [(DiffOp::Equal, 5), (DiffOp::Delete, 4), (DiffOp::Insert, 4)] {
        let phrase = r
            .cmp
            .units
            .iter()
            .flat_map(|u| &u.diff)
            .filter(|s| s.op == op)
            .map(|s| words(s.text.split('\n').next().unwrap_or("")))
            .find(|w| w.split(' ').count() >= n)
            .map(|w| w.split(' ').take(n).collect::<Vec<_>>().join(" "));
        if let Some(phrase) = phrase {
            assert!(
                all.contains(&phrase),
                "{}: {op:?} {phrase:?} not in the PDF",
                r.new
            );
        }
    }
}

#[cfg(not(feature = "pdf"))]
fn pdf_shows(_pdf: &[u8], _r: &Redline) {}
