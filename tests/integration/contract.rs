//! The `redliner.diff/1` JSON contract of docs/json-format.md, held on every fixture pair.

use std::collections::HashMap;

use serde_json::Value;

use crate::util::{compare_fixtures, json_of, PAIRS};

fn texts(side: &Value) -> HashMap<u64, String> {
    side["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_u64().unwrap(),
                p["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn ids(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect()
}

fn check_document(side: &Value) {
    assert!(side["source"].is_string());
    assert!(side["title"].is_string() || side["title"].is_null());
    assert!(side["encoding"].as_str().unwrap().starts_with("UTF-"));
    for (k, p) in side["paragraphs"].as_array().unwrap().iter().enumerate() {
        assert_eq!(p["id"].as_u64().unwrap(), k as u64 + 1);
        assert!(p["label"].is_string() || p["label"].is_null());
        assert!(matches!(
            p["kind"].as_str().unwrap(),
            "heading" | "body" | "table-row"
        ));
        assert!(!p["text"].as_str().unwrap().is_empty());
        assert!(p["line"].as_u64().unwrap() >= 1);
    }
    for f in side["furniture"].as_array().unwrap() {
        assert!(f["text"].is_string() && f["reason"].is_string() && f["line"].is_u64());
    }
}

/// Joining `equal` (old characters) and `delete` spans gives the old paragraphs; joining
/// `equal` and `insert` spans gives the new ones. Paragraphs of a unit are joined by "\n".
fn check_reconstruction(unit: &Value, old: &HashMap<u64, String>, new: &HashMap<u64, String>) {
    let mut rebuilt_old = String::new();
    let mut rebuilt_new = String::new();
    for span in unit["diff"].as_array().unwrap() {
        let text = span["text"].as_str().unwrap();
        match span["op"].as_str().unwrap() {
            "equal" => {
                rebuilt_old.push_str(span.get("old_text").and_then(Value::as_str).unwrap_or(text));
                rebuilt_new.push_str(text);
            }
            "delete" => rebuilt_old.push_str(text),
            "insert" => rebuilt_new.push_str(text),
            other => panic!("unknown op {other}"),
        }
    }
    let join = |side: &HashMap<u64, String>, key: &str| {
        ids(&unit[key])
            .iter()
            .map(|id| side[id].as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        rebuilt_old.trim_end(),
        join(old, "old"),
        "old side of {unit}"
    );
    assert_eq!(
        rebuilt_new.trim_end(),
        join(new, "new"),
        "new side of {unit}"
    );
}

fn check_units(report: &Value) {
    let old = texts(&report["old"]);
    let new = texts(&report["new"]);
    let units = report["units"].as_array().unwrap();
    let mut seen_old: Vec<u64> = Vec::new();
    let mut seen_new: Vec<u64> = Vec::new();
    let mut last_new = 0;
    let mut counts: HashMap<String, u64> = HashMap::new();
    for (k, u) in units.iter().enumerate() {
        let kind = u["kind"].as_str().unwrap();
        let (o, n) = (ids(&u["old"]), ids(&u["new"]));
        let sim = u["similarity"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&sim));
        match kind {
            "unchanged" | "reworded" => assert_eq!((o.len(), n.len()), (1, 1), "{u}"),
            "added" => assert_eq!((o.len(), n.len()), (0, 1)),
            "removed" => assert_eq!((o.len(), n.len()), (1, 0)),
            "split" => assert!(o.len() == 1 && (2..=3).contains(&n.len())),
            "merged" => assert!(n.len() == 1 && (2..=3).contains(&o.len())),
            other => panic!("unknown kind {other}"),
        }
        *counts.entry(kind.to_owned()).or_default() += 1;
        *counts.entry("moved".into()).or_default() += u64::from(u["moved"].as_bool().unwrap());
        // New-document order; a removed unit follows the unit holding its old predecessor.
        if let Some(&first) = n.first() {
            assert!(first > last_new, "units out of new order at {u}");
            last_new = first;
        } else if o[0] > 1 {
            // Right after the unit holding its predecessor, or after other removed
            // units that follow that same unit (a split or merge may hold paragraphs
            // that are not neighbours).
            let holder = units[..k]
                .iter()
                .rev()
                .find(|p| !ids(&p["new"]).is_empty() || ids(&p["old"]).contains(&(o[0] - 1)));
            assert!(
                holder.is_some_and(|p| ids(&p["old"]).contains(&(o[0] - 1))),
                "removed {o:?} does not follow its predecessor: {holder:?}"
            );
        } else {
            assert!(
                units[..k].iter().all(|p| ids(&p["new"]).is_empty()),
                "removed first paragraph is not first"
            );
        }
        check_reconstruction(u, &old, &new);
        check_evidence(u, kind, &o, &n);
        check_moves(units, k);
        seen_old.extend(o);
        seen_new.extend(n);
    }
    seen_old.sort_unstable();
    seen_new.sort_unstable();
    assert_eq!(
        seen_old,
        (1..=old.len() as u64).collect::<Vec<_>>(),
        "every old id in exactly one unit"
    );
    assert_eq!(
        seen_new,
        (1..=new.len() as u64).collect::<Vec<_>>(),
        "every new id in exactly one unit"
    );
    for (kind, n) in counts {
        assert_eq!(
            report["summary"][&kind].as_u64().unwrap(),
            n,
            "summary of {kind}"
        );
    }
}

fn check_commitment_side(side: &Value, paragraphs: &Value) {
    let id = side["paragraph"].as_u64().unwrap() as usize;
    let text = side["text"].as_str().unwrap();
    // The sentence is part of the paragraph it names.
    assert!(
        paragraphs[id - 1]["text"].as_str().unwrap().contains(text),
        "{text:?} not in paragraph {id}"
    );
    assert!(side["subject"].is_string() && side["cue"].is_string() && side["negated"].is_boolean());
    assert!(side["intensifiers"].is_array() && side["conditions"].is_array());
}

fn check_commitments(report: &Value) {
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for c in report["commitments"].as_array().unwrap() {
        let change = c["change"].as_str().unwrap();
        *counts.entry(change).or_default() += 1;
        let (old, new) = (&c["old"], &c["new"]);
        match change {
            "added" => assert!(old.is_null() && new.is_object() && c["direction"] == "stronger"),
            "removed" => assert!(new.is_null() && old.is_object() && c["direction"] == "weaker"),
            "reworded" => assert!(
                old.is_object() && new.is_object() && !c["signals"].as_array().unwrap().is_empty()
            ),
            other => panic!("unknown change {other}"),
        }
        if old.is_object() {
            check_commitment_side(old, &report["old"]["paragraphs"]);
        }
        if new.is_object() {
            check_commitment_side(new, &report["new"]["paragraphs"]);
        }
        let strengths = ["binding", "intent", "support", "hedged"];
        for (key, side) in [("old", old), ("new", new)] {
            let s = &c["strength"][key];
            assert_eq!(s.is_null(), side.is_null());
            assert!(s.is_null() || strengths.contains(&s.as_str().unwrap()));
        }
        for s in c["signals"].as_array().unwrap() {
            let kinds = [
                "modality",
                "intensity",
                "number",
                "entity",
                "negation",
                "condition",
                "scope",
                "other",
            ];
            assert!(kinds.contains(&s["type"].as_str().unwrap()));
            assert!(["stronger", "weaker", "neutral", "mixed"]
                .contains(&s["direction"].as_str().unwrap()));
            assert!(s["old"].is_string() && s["new"].is_string());
        }
    }
    let summary = &report["summary"]["commitments"];
    for kind in ["added", "removed", "reworded"] {
        assert_eq!(
            summary[kind].as_u64().unwrap(),
            counts.get(kind).copied().unwrap_or(0),
            "{kind}"
        );
    }
}

/// Pairings that are not equal text carry a confidence and their evidence; `rewritten`
/// only on reworded units.
fn check_evidence(u: &Value, kind: &str, o: &[u64], n: &[u64]) {
    let paired = !o.is_empty() && !n.is_empty();
    if paired && kind != "unchanged" {
        let c = u["confidence"]
            .as_str()
            .unwrap_or_else(|| panic!("no confidence: {u}"));
        assert!(matches!(c, "high" | "medium" | "low"), "{c}");
        let e = &u["evidence"];
        for f in ["score", "similarity"] {
            assert!((0.0..=1.0).contains(&e[f].as_f64().unwrap()), "{f}: {e}");
        }
        assert!(e["shared_rare_terms"].is_array() && e["reused_sentences"].is_u64());
        assert!(e["in_order"].is_boolean());
    } else {
        assert!(
            u.get("confidence").is_none() && u.get("evidence").is_none(),
            "{u}"
        );
    }
    if u.get("rewritten").is_some() {
        assert_eq!((kind, &u["rewritten"]), ("reworded", &Value::Bool(true)));
    }
}

/// Every moved span points to a unit whose span points back, with the same words.
fn check_moves(units: &[Value], k: usize) {
    // The words (letters and digits) of a sentence: the punctuation at its end may sit
    // in an equal span.
    let words = |t: &str| {
        redliner::normalise::fold(t, true)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    for span in units[k]["diff"].as_array().unwrap() {
        for (field, back, op, other_side) in [
            ("moved_to", "moved_from", "delete", "new"),
            ("moved_from", "moved_to", "insert", "old"),
        ] {
            let Some(m) = span.get(field) else { continue };
            assert_eq!(span["op"], op, "{field} on {span}");
            let target = &units[m["unit"].as_u64().unwrap() as usize];
            assert!(ids(&target[other_side]).contains(&m["paragraph"].as_u64().unwrap()));
            let text = words(span["text"].as_str().unwrap());
            assert!(
                target["diff"].as_array().unwrap().iter().any(|s| s
                    .get(back)
                    .is_some_and(|b| b["unit"].as_u64() == Some(k as u64))
                    && words(s["text"].as_str().unwrap()) == text),
                "no {back} partner for {span}"
            );
        }
    }
}

/// Panics unless a `redliner.diff/1` report keeps the contract.
pub(crate) fn check_report(report: &Value) {
    assert_eq!(report["schema"], "redliner.diff/1");
    check_document(&report["old"]);
    check_document(&report["new"]);
    check_commitments(report);
    check_units(report);
}

#[test]
fn every_pair_keeps_the_contract() {
    for (old, new) in PAIRS {
        check_report(&json_of(&compare_fixtures(old, new)));
    }
}

/// The real pairs with answer keys keep the contract too.
#[test]
fn real_pairs_keep_the_contract() {
    let dir = crate::util::fixture("real");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    assert!(names.len() >= 10);
    for path in names {
        let key: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let cmp = compare_fixtures(key["old"].as_str().unwrap(), key["new"].as_str().unwrap());
        let report = json_of(&cmp);
        check_document(&report["old"]);
        check_document(&report["new"]);
        check_commitments(&report);
        check_units(&report);
    }
}

#[test]
fn output_is_deterministic() {
    for (old, new) in PAIRS {
        let render = || {
            let mut out = Vec::new();
            redliner::render::json(&compare_fixtures(old, new), &mut out).unwrap();
            out
        };
        assert!(render() == render(), "{old} -> {new}");
    }
}
