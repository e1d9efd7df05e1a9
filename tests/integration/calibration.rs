//! Calibration of the alignment threshold on real statements: pairs judged by hand in
//! `fixtures/keys/real-pairs.json`. Prints precision and recall for a sweep of
//! thresholds and holds the default to full precision (a wrong pairing misleads an
//! analyst more than an honest "removed" plus "added").

use serde_json::Value;

use redliner::{compare, read_document, Options};

use crate::util::fixture;

struct Judged {
    old: String,
    new: String,
    old_snippet: String,
    new_snippet: String,
    same: bool,
}

fn judged() -> Vec<Judged> {
    let key: Value =
        serde_json::from_slice(&std::fs::read(fixture("keys/real-pairs.json")).unwrap()).unwrap();
    let field = |p: &Value, k: &str| p[k].as_str().unwrap().to_owned();
    key["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| Judged {
            old: field(p, "old"),
            new: field(p, "new"),
            old_snippet: field(p, "old_snippet"),
            new_snippet: field(p, "new_snippet"),
            same: p["same"].as_bool().unwrap(),
        })
        .collect()
}

/// (true positives, false positives, false negatives) at a threshold.
fn score(threshold: f64, pairs: &[Judged]) -> (usize, usize, usize) {
    let mut opts = Options::default();
    opts.align.threshold = threshold;
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut last: Option<(String, String, redliner::Comparison)> = None;
    for p in pairs {
        if last
            .as_ref()
            .is_none_or(|(o, n, _)| *o != p.old || *n != p.new)
        {
            let old = read_document(&fixture(&p.old), &opts).unwrap();
            let new = read_document(&fixture(&p.new), &opts).unwrap();
            last = Some((p.old.clone(), p.new.clone(), compare(old, new, &opts)));
        }
        let cmp = &last.as_ref().unwrap().2;
        let find = |d: &redliner::Document, s: &str| {
            let hits: Vec<usize> = d
                .paragraphs
                .iter()
                .filter(|x| x.text.contains(s))
                .map(|x| x.id)
                .collect();
            assert_eq!(hits.len(), 1, "{}: {s:?}", d.source);
            hits[0]
        };
        let (o, n) = (
            find(&cmp.old, &p.old_snippet),
            find(&cmp.new, &p.new_snippet),
        );
        let paired = cmp
            .units
            .iter()
            .any(|u| u.old.contains(&o) && u.new.contains(&n));
        match (paired, p.same) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            (false, false) => {}
        }
    }
    (tp, fp, fn_)
}

#[test]
fn default_threshold_pairs_only_what_is_the_same() {
    let pairs = judged();
    let default = Options::default().align.threshold;
    println!("threshold  precision  recall");
    for t in [0.20, 0.25, default, 0.35, 0.40] {
        let (tp, fp, fn_) = score(t, &pairs);
        println!(
            "{t:9.2}  {:9.2}  {:6.2}",
            tp as f64 / (tp + fp).max(1) as f64,
            tp as f64 / (tp + fn_) as f64
        );
    }
    let (tp, fp, fn_) = score(default, &pairs);
    assert_eq!(
        fp, 0,
        "the default threshold pairs paragraphs judged different"
    );
    // Rewritten successors below the threshold are the price of that precision; at least
    // half of the judged successors must still be found.
    assert!(tp * 2 >= tp + fn_, "recall too low: {tp} of {}", tp + fn_);
}
