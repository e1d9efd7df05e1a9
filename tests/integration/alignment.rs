//! Alignment behaviour that the real keys measure in bulk, pinned on small texts: reused
//! sentences, moved sentences, rewritten successors, confidence, and the threshold
//! governing every pass.

use assert_cmd::Command;
use redliner::{compare, parse_document, DiffOp, Options, UnitKind};
use serde_json::Value;

fn run(old: &str, new: &str, opts: &Options) -> redliner::Comparison {
    let o = parse_document("old.txt", old.as_bytes(), opts).unwrap();
    let n = parse_document("new.txt", new.as_bytes(), opts).unwrap();
    compare(o, n, opts)
}

const A: &str = "1. We condemn the attacks on energy infrastructure across the region and stand with the people affected. We will continue to supply transformers, generators and spare parts to the grid operators. Repairs must be finished before the winter.";
const B: &str = "2. Allies will deepen cooperation on cyber defence, including information sharing between national response teams and joint exercises.";
const C: &str = "3. We support the reconstruction conference in the spring and encourage private investors to join the platform for recovery.";

/// A sentence that leaves one paragraph for another is marked moved at both ends, and
/// the reports say where it went.
#[test]
fn a_sentence_moved_between_paragraphs_is_marked_at_both_ends() {
    let moved = "We will continue to supply transformers, generators and spare parts to the grid operators.";
    let a2 = A.replace(&format!(" {moved}"), "");
    let c2 = format!("{C} {moved}");
    let old = format!("{A}\n{B}\n{C}\n");
    let new = format!("{a2}\n{B}\n{c2}\n");
    let cmp = run(&old, &new, &Options::default());
    let spans: Vec<(usize, &redliner::Span)> = cmp
        .units
        .iter()
        .enumerate()
        .flat_map(|(k, u)| u.diff.iter().map(move |s| (k, s)))
        .filter(|(_, s)| s.moved.is_some())
        .collect();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    let (from_unit, del) = spans.iter().find(|(_, s)| s.op == DiffOp::Delete).unwrap();
    let (to_unit, ins) = spans.iter().find(|(_, s)| s.op == DiffOp::Insert).unwrap();
    assert_eq!(del.moved.unwrap().unit, *to_unit);
    assert_eq!(ins.moved.unwrap().unit, *from_unit);
    assert_eq!(del.moved.unwrap().paragraph, 3, "went to new ¶3");
    assert_eq!(ins.moved.unwrap().paragraph, 1, "came from old ¶1");
    assert!(del.text.starts_with("We will continue to supply"));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.txt"), &old).unwrap();
    std::fs::write(dir.path().join("new.txt"), &new).unwrap();
    let cli = |format: &str| {
        let out = Command::cargo_bin("redliner")
            .unwrap()
            .current_dir(dir.path())
            .args([
                "diff", "old.txt", "new.txt", "--color", "never", "--format", format,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap()
    };
    let term = cli("terminal");
    assert!(
        term.contains("[>moved to §3: We will continue to supply"),
        "{term}"
    );
    assert!(
        term.contains("{>moved from §1: We will continue to supply"),
        "{term}"
    );
    assert!(!term.contains("[-We will continue to supply"), "{term}");
    let md = cli("markdown");
    assert!(
        md.contains("(moved to §3)") && md.contains("(moved from §1)"),
        "{md}"
    );
    let html = cli("html");
    assert!(html.contains("class=\"mvd\""), "no moved span in the HTML");
    let json: Value = serde_json::from_str(&cli("json")).unwrap();
    let moved_to = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| u["diff"].as_array().unwrap())
        .filter(|s| s.get("moved_to").is_some())
        .count();
    assert_eq!(moved_to, 1);
}

/// A new paragraph that opens with an old paragraph's first sentence word for word is
/// its successor, however little else the two share.
#[test]
fn a_reused_opening_sentence_makes_a_successor() {
    let old = "Allies reaffirm their commitment to the Black Sea Grain Initiative and to food security worldwide. Shipments reached forty countries last year, easing prices in Africa and Asia. Insurance for vessels remains costly.\nThe summit will meet in Vilnius.\n";
    let new = "Allies reaffirm their commitment to the Black Sea Grain Initiative and to food security worldwide. Russia withdrew from the arrangement in July, and we condemn its strikes on Odesa's ports and silos. Alternative corridors along the Danube now carry most exports.\nThe summit will meet in Vilnius.\n";
    let cmp = run(old, new, &Options::default());
    let u = &cmp.units[0];
    assert_eq!(
        (u.kind, u.old.as_slice(), u.new.as_slice()),
        (UnitKind::Reworded, &[1][..], &[1][..])
    );
    let e = u.evidence.as_ref().unwrap();
    assert_eq!(e.reused_sentences, 2, "the sentence on both sides: {e:?}");
}

/// `--threshold` governs the move pass too: a far move pairs at the default and not at a
/// threshold above its evidence.
#[test]
fn threshold_governs_moves() {
    let a2 = "1. We condemn the attacks on energy infrastructure and stand with the people affected. We will keep supplying transformers and spare parts to grid operators across Ukraine. Repairs must be finished soon.";
    let old = format!("{A}\n{B}\n{C}\n");
    let new = format!("{B}\n{C}\n{a2}\n");
    let move_evidence = |t: f64| {
        let mut opts = Options::default();
        opts.align.threshold = t;
        run(&old, &new, &opts)
            .units
            .iter()
            .find(|u| u.moved && u.kind == UnitKind::Reworded)
            .map(|u| u.evidence.as_ref().unwrap().score)
    };
    let score = move_evidence(redliner::align::DEFAULT_THRESHOLD).expect("moved at the default");
    assert!(score < 1.0, "{score}");
    // Before, the move pass paired anything at 0.5 whatever the threshold.
    assert_eq!(move_evidence(0.9), Some(score));
    assert_eq!(move_evidence(1.0), None);
}

/// A successor rewritten beyond a phrase diff is labelled rewritten, shown as two texts
/// with the shared phrases marked, and flagged for checking when the evidence is thin.
#[test]
fn rewritten_successor_is_shown_as_two_texts() {
    let old = "The Quad Vaccine Partnership will deliver one billion doses to the Indo-Pacific by the end of 2022, working with COVAX and the manufacturing hub in Hyderabad.\nThe leaders will meet again next year.\n";
    let new = "Through the Quad Vaccine Partnership we delivered more than 400 million doses; the Hyderabad hub now turns to routine immunisation and to the next pandemic.\nThe leaders will meet again next year.\n";
    let cmp = run(old, new, &Options::default());
    let u = &cmp.units[0];
    assert_eq!(u.kind, UnitKind::Reworded, "{:?}", cmp.units);
    assert!(u.rewritten);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.txt"), old).unwrap();
    std::fs::write(dir.path().join("new.txt"), new).unwrap();
    let out = Command::cargo_bin("redliner")
        .unwrap()
        .current_dir(dir.path())
        .args(["diff", "old.txt", "new.txt", "--color", "never"])
        .output()
        .unwrap();
    let term = String::from_utf8(out.stdout).unwrap();
    assert!(term.contains("rewritten ("), "{term}");
    assert!(
        term.contains("    old: The [=Quad Vaccine Partnership=]"),
        "{term}"
    );
    assert!(
        term.contains("    new: Through the [=Quad Vaccine Partnership=]"),
        "{term}"
    );
    assert!(!term.contains("[-"), "no phrase diff: {term}");
}

/// The help shows the threshold's default.
#[test]
fn help_shows_the_threshold_default() {
    let out = Command::cargo_bin("redliner")
        .unwrap()
        .args(["diff", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("[default: 0.5]"), "{help}");
}
