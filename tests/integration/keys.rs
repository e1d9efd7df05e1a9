//! The synthetic revisions of the seed against their answer keys, unit by unit.

use serde_json::Value;

use redliner::{Comparison, Document};

use crate::util::{compare_fixtures, fixture};

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The id of the one paragraph containing `snippet`.
fn resolve(doc: &Document, snippet: &str) -> usize {
    let want = collapse(snippet);
    let hits: Vec<usize> = doc
        .paragraphs
        .iter()
        .filter(|p| collapse(&p.text).contains(&want))
        .map(|p| p.id)
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "{}: snippet {snippet:?} found in paragraphs {hits:?}",
        doc.source
    );
    hits[0]
}

fn ids(doc: &Document, snippets: &Value) -> Vec<usize> {
    snippets
        .as_array()
        .unwrap()
        .iter()
        .map(|s| resolve(doc, s.as_str().unwrap()))
        .collect()
}

fn check_key(name: &str) -> Comparison {
    let key: Value =
        serde_json::from_slice(&std::fs::read(fixture(&format!("keys/{name}.json"))).unwrap())
            .unwrap();
    let cmp = compare_fixtures(key["old"].as_str().unwrap(), key["new"].as_str().unwrap());
    let mut expected = Vec::new();
    for change in key["changes"].as_array().unwrap() {
        let old = ids(&cmp.old, &change["old"]);
        let new = ids(&cmp.new, &change["new"]);
        let unit = cmp
            .units
            .iter()
            .find(|u| u.old == old && u.new == new)
            .unwrap_or_else(|| panic!("{name}: no unit {old:?} -> {new:?} ({})", change["note"]));
        assert_eq!(
            unit.kind.as_str(),
            change["kind"].as_str().unwrap(),
            "{name}: {old:?} -> {new:?}"
        );
        assert_eq!(
            unit.moved,
            change["moved"].as_bool().unwrap_or(false),
            "{name}: moved {old:?} -> {new:?}"
        );
        expected.push((old, new));
    }
    for u in &cmp.units {
        if !expected.contains(&(u.old.clone(), u.new.clone())) {
            assert!(
                !u.is_change(),
                "{name}: unexpected {:?} {:?} -> {:?} moved={}",
                u.kind,
                u.old,
                u.new,
                u.moved
            );
        }
    }
    let s = &cmp.summary;
    let got = serde_json::json!({"unchanged": s.unchanged, "reworded": s.reworded, "added": s.added,
        "removed": s.removed, "split": s.split, "merged": s.merged, "moved": s.moved});
    assert_eq!(got, key["summary"], "{name}: summary");
    cmp
}

#[test]
fn light_edit_matches_its_key() {
    let cmp = check_key("b9-2025-draft");
    // Only the edited phrases are highlighted: every reworded unit keeps most of its text equal.
    for u in cmp.units.iter().filter(|u| u.is_change()) {
        let changed: usize = u
            .diff
            .iter()
            .filter(|s| s.op != redliner::DiffOp::Equal)
            .map(|s| s.text.len())
            .sum();
        let total: usize = u.diff.iter().map(|s| s.text.len()).sum();
        assert!(
            changed * 5 < total,
            "{:?}: {changed} of {total} bytes highlighted",
            u.new
        );
    }
}

#[test]
fn restructure_matches_its_key() {
    check_key("b9-2025-restructure");
}

#[test]
fn format_noise_is_no_change() {
    let cmp = check_key("b9-2024-noise");
    assert!(!cmp.summary.has_changes());
    // The header, page numbers and footers are listed as furniture.
    let reasons: Vec<&str> = cmp
        .new
        .furniture
        .iter()
        .map(|f| f.reason.as_str())
        .collect();
    assert!(
        reasons.contains(&"page number") && reasons.contains(&"running header or footer"),
        "{reasons:?}"
    );
}

#[test]
fn commitment_revision_matches_its_key() {
    check_key("b9-2025-commitments");
}

#[test]
fn identical_and_pure_reordering_are_not_rewordings() {
    let same = compare_fixtures("b9-2024.txt", "b9-2024.txt");
    assert!(!same.summary.has_changes());
    assert_eq!(same.summary.unchanged, same.old.paragraphs.len());

    // The seed with its paragraphs in reverse order.
    let text = std::fs::read_to_string(fixture("b9-2024.txt")).unwrap();
    let mut lines: Vec<&str> = text.lines().filter(|l| l.trim().len() > 40).collect();
    lines.reverse();
    let opts = redliner::Options::default();
    let old = redliner::parse_document("old", text.as_bytes(), &opts).unwrap();
    let new = redliner::parse_document("new", lines.join("\n").as_bytes(), &opts).unwrap();
    let n = new.paragraphs.len();
    let cmp = redliner::compare(old, new, &opts);
    let s = cmp.summary;
    assert_eq!(
        (s.reworded, s.added, s.removed, s.split, s.merged),
        (0, 0, 0, 0, 0),
        "{s:?}"
    );
    assert_eq!(s.unchanged, n);
    // Reversing n paragraphs keeps one in place: the rest are moved.
    assert_eq!(s.moved, n - 1);
}
