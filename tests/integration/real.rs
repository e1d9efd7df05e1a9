//! Real answer keys (`fixtures/real/*.json`, rubric in `docs/real-keys.md`): paragraph
//! units and commitment items of successive real statements, judged by reading both
//! texts. Scores every pair, prints the tables, and holds each pair to its floor.
//!
//! `cargo test --release --test integration real:: -- --nocapture` prints the tables.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::Value;

use redliner::{compare, read_document, Comparison, Document, Options};

use crate::util::fixture;

/// One key file, parsed, with its snippets resolved against the documents.
pub struct Key {
    pub name: String,
    pub split: String,
    pub json: Value,
    pub cmp: Comparison,
}

/// Every key under `fixtures/real/`, sorted by name, compared with `opts`.
pub fn keys(opts: &Options) -> Vec<Key> {
    let dir = fixture("real");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let json: Value =
                serde_json::from_slice(&std::fs::read(dir.join(&name)).unwrap()).unwrap();
            let path = |side: &str| fixture(json[side].as_str().unwrap());
            let old = read_document(&path("old"), opts).unwrap();
            let new = read_document(&path("new"), opts).unwrap();
            Key {
                name: name.trim_end_matches(".json").to_owned(),
                split: json["split"].as_str().unwrap().to_owned(),
                cmp: compare(old, new, opts),
                json,
            }
        })
        .collect()
}

/// The 1-based id of the paragraph a snippet names: the paragraph whose text starts
/// with it (`snippet@@N` picks the N-th of several equal ones).
pub fn resolve(doc: &Document, snippet: &str) -> usize {
    let (text, nth, explicit) = match snippet.rsplit_once("@@") {
        Some((t, n)) => (t, n.parse::<usize>().unwrap(), true),
        None => (snippet, 1, false),
    };
    let hits: Vec<usize> = doc
        .paragraphs
        .iter()
        .filter(|p| p.text.starts_with(text))
        .map(|p| p.id)
        .collect();
    assert!(
        nth >= 1 && hits.len() >= nth && (explicit || hits.len() == 1),
        "{}: snippet {snippet:?} names {} paragraphs",
        doc.source,
        hits.len()
    );
    hits[nth - 1]
}

type UnitSets = (BTreeSet<usize>, BTreeSet<usize>);

/// Unit precision, recall and F1 over the key's unambiguous units, and the same for
/// units that pair something with something (successors, splits, merges).
#[derive(Debug, Default, Clone, Copy)]
pub struct UnitScore {
    pub tool: usize,
    pub key: usize,
    pub matched: usize,
    pub tool_paired: usize,
    pub key_paired: usize,
    pub matched_paired: usize,
}

impl UnitScore {
    fn add(&mut self, o: UnitScore) {
        self.tool += o.tool;
        self.key += o.key;
        self.matched += o.matched;
        self.tool_paired += o.tool_paired;
        self.key_paired += o.key_paired;
        self.matched_paired += o.matched_paired;
    }
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.tool)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.key)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// The key's units as id sets, each with its ambiguity.
pub fn key_units(k: &Key) -> Vec<(UnitSets, bool)> {
    k.json["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let ids = |side: &str, doc: &Document| -> BTreeSet<usize> {
                u[side]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| resolve(doc, s.as_str().unwrap()))
                    .collect()
            };
            (
                (ids("old", &k.cmp.old), ids("new", &k.cmp.new)),
                u["ambiguous"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

pub fn score_units(k: &Key) -> UnitScore {
    let key = key_units(k);
    let (mut old_seen, mut new_seen) = (BTreeSet::new(), BTreeSet::new());
    for ((o, n), _) in &key {
        for i in o {
            assert!(old_seen.insert(*i), "{}: old ¶{i} in two units", k.name);
        }
        for j in n {
            assert!(new_seen.insert(*j), "{}: new ¶{j} in two units", k.name);
        }
    }
    assert_eq!(
        old_seen.len(),
        k.cmp.old.paragraphs.len(),
        "{}: old",
        k.name
    );
    assert_eq!(
        new_seen.len(),
        k.cmp.new.paragraphs.len(),
        "{}: new",
        k.name
    );
    let (mut old_out, mut new_out) = (BTreeSet::new(), BTreeSet::new());
    for ((o, n), amb) in &key {
        if *amb {
            old_out.extend(o.iter().copied());
            new_out.extend(n.iter().copied());
        }
    }
    let kept: BTreeSet<UnitSets> = key
        .iter()
        .filter(|(_, amb)| !amb)
        .map(|(u, _)| u.clone())
        .collect();
    let tool: Vec<UnitSets> = k
        .cmp
        .units
        .iter()
        .map(|u| {
            (
                u.old.iter().copied().collect(),
                u.new.iter().copied().collect(),
            )
        })
        .filter(|(o, n): &UnitSets| {
            !o.iter().any(|i| old_out.contains(i)) && !n.iter().any(|j| new_out.contains(j))
        })
        .collect();
    let paired = |u: &UnitSets| !u.0.is_empty() && !u.1.is_empty();
    let matched: Vec<&UnitSets> = tool.iter().filter(|u| kept.contains(u)).collect();
    UnitScore {
        tool: tool.len(),
        key: kept.len(),
        matched: matched.len(),
        tool_paired: tool.iter().filter(|u| paired(u)).count(),
        key_paired: kept.iter().filter(|u| paired(u)).count(),
        matched_paired: matched.iter().filter(|u| paired(u)).count(),
    }
}

/// The unit table: one row per pair, then totals for calibration, held-out and all.
pub fn unit_table(keys: &[Key]) -> (String, Vec<(String, UnitScore)>) {
    let mut out = String::new();
    writeln!(
        out,
        "| pair | split | key units | tool units | precision | recall | F1 | successors found |"
    )
    .unwrap();
    writeln!(out, "|---|---|---|---|---|---|---|---|").unwrap();
    let mut rows = Vec::new();
    let mut totals: [(&str, UnitScore); 3] = [
        ("calibration", UnitScore::default()),
        ("held-out", UnitScore::default()),
        ("all", UnitScore::default()),
    ];
    let line = |out: &mut String, name: &str, split: &str, s: &UnitScore| {
        writeln!(
            out,
            "| {name} | {split} | {} | {} | {:.3} | {:.3} | {:.3} | {}/{} |",
            s.key,
            s.tool,
            s.precision(),
            s.recall(),
            s.f1(),
            s.matched_paired,
            s.key_paired
        )
        .unwrap();
    };
    for k in keys {
        let s = score_units(k);
        line(&mut out, &k.name, &k.split, &s);
        for (split, t) in &mut totals {
            if *split == "all" || *split == k.split {
                t.add(s);
            }
        }
        rows.push((k.name.clone(), s));
    }
    for (split, t) in &totals {
        line(&mut out, &format!("**{split}**"), "", t);
    }
    (out, rows)
}

#[test]
fn real_alignment_keys() {
    let keys = keys(&Options::default());
    let (table, rows) = unit_table(&keys);
    println!("{table}");
    assert!(keys.len() >= 10, "at least ten real keys");
    for ((name, s), k) in rows.iter().zip(&keys) {
        let floor = k.json["floor"]["unit_f1"].as_f64().unwrap();
        assert!(
            s.f1() >= floor,
            "{name}: unit F1 {:.3} under its floor {floor}",
            s.f1()
        );
    }
}

/// Writes the measures of every candidate pair the alignment considers, with the key's
/// verdict, to `target/evidence-rows.csv`, for `scripts/fit-evidence.py`. Rows touching
/// an ambiguous unit are left out.
#[test]
#[ignore = "writes the calibration data for scripts/fit-evidence.py"]
fn dump_evidence_rows() {
    let opts = Options::default();
    let mut out = String::from(
        "pair,split,old,new,same,similarity,rare,phrases,sentence,reused,mutual,one_best,containment,displacement\n",
    );
    for k in keys(&opts) {
        let units = key_units(&k);
        let unit_of = |side: usize, id: usize| {
            units.iter().position(|((o, n), _)| {
                if side == 0 {
                    o.contains(&id)
                } else {
                    n.contains(&id)
                }
            })
        };
        let rows = redliner::align::calibration_rows(
            &k.cmp.old.paragraphs,
            &k.cmp.new.paragraphs,
            &opts.align,
        );
        for (i, j, f) in rows {
            let (uo, un) = (unit_of(0, i + 1).unwrap(), unit_of(1, j + 1).unwrap());
            if units[uo].1 || units[un].1 {
                continue;
            }
            writeln!(
                out,
                "{},{},{},{},{},{:.4},{},{},{:.4},{},{},{},{:.4},{:.4}",
                k.name,
                k.split,
                i + 1,
                j + 1,
                u8::from(uo == un),
                f.similarity,
                f.rare,
                f.phrases,
                f.sentence,
                f.reused,
                u8::from(f.mutual),
                u8::from(f.one_best),
                f.containment,
                f.displacement
            )
            .unwrap();
        }
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/evidence-rows.csv");
    std::fs::write(&path, out).unwrap();
    println!("wrote {}", path.display());
}

/// Unit F1 on calibration and held-out pairs for a sweep of thresholds.
#[test]
#[ignore = "prints the threshold sweep for ARCHITECTURE.md"]
fn threshold_sweep() {
    println!("| threshold | calibration P | R | F1 | held-out P | R | F1 |");
    println!("|---|---|---|---|---|---|---|");
    for t in [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] {
        let mut opts = Options::default();
        opts.align.threshold = t;
        let keys = keys(&opts);
        let (_, rows) = unit_table(&keys);
        let mut by = [UnitScore::default(), UnitScore::default()];
        for ((_, s), k) in rows.iter().zip(&keys) {
            by[usize::from(k.split == "held-out")].add(*s);
        }
        println!(
            "| {t:.2} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
            by[0].precision(),
            by[0].recall(),
            by[0].f1(),
            by[1].precision(),
            by[1].recall(),
            by[1].f1()
        );
    }
}
