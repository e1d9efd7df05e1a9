//! `redliner history` (issue #6): the Quad series against its hand-checked key, the
//! synthetic B9 series with a paragraph that returns, phrase counts against a plain
//! count on canonical text, the JSON contract, the HTML page, ordering by date and
//! determinism.

use serde_json::Value;

use redliner::history::{build, canonical, History, HistoryOptions, Status, VersionOrder};
use redliner::{read_document, DiffOp, Options};

use crate::util::fixture;
use crate::util::redliner;

const QUAD: [&str; 4] = [
    "wh/quad-2021-03-joint-statement.md",
    "wh/quad-2021-09-joint-statement.md",
    "wh/quad-2022-05-joint-statement.md",
    "wh/quad-2023-05-joint-statement.md",
];

/// The synthetic B9 series: the seed, then four revisions.
const B9: [&str; 5] = [
    "b9-2024.txt",
    "history/b9-series-2.txt",
    "history/b9-series-3.txt",
    "history/b9-series-4.txt",
    "history/b9-series-5.txt",
];

fn history_of(names: &[&str], phrases: &[&str], entities: &[&str]) -> History {
    let opts = HistoryOptions {
        phrases: phrases.iter().map(|s| s.to_string()).collect(),
        entities: entities.iter().map(|s| s.to_string()).collect(),
        ..HistoryOptions::default()
    };
    let docs = names
        .iter()
        .map(|n| read_document(&fixture(n), &Options::default()).unwrap())
        .collect();
    build(docs, &opts).unwrap()
}

fn paths(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|n| fixture(n).to_string_lossy().into_owned())
        .collect()
}

fn json_of(args: &[String]) -> Value {
    let out = redliner().arg("history").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Per-version texts of a lineage (paragraph or commitment) in the JSON, with runs of
/// white space (no-break spaces too) collapsed, as the key's snippets are matched.
fn texts(l: &Value) -> Vec<Option<String>> {
    l["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().map(collapse))
        .collect()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The lineage of `kind` whose text contains the key's first snippet in that version.
fn find_keyed<'a>(lineages: &'a [Value], kind: &str, key: &Value) -> &'a Value {
    let versions = key["versions"].as_array().unwrap();
    let (v, snippet) = versions
        .iter()
        .enumerate()
        .find_map(|(v, e)| e["snippet"].as_str().map(|s| (v, s)))
        .expect("a keyed lineage has a snippet");
    let found: Vec<&Value> = lineages
        .iter()
        .filter(|l| l["kind"] == kind && texts(l)[v].as_ref().is_some_and(|t| t.contains(snippet)))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{kind} lineages holding {snippet:?} in v{}",
        v + 1
    );
    found[0]
}

/// Checks one keyed lineage; returns the number of version entries checked.
fn check_keyed(lineages: &[Value], kind: &str, key: &Value) -> usize {
    let l = find_keyed(lineages, kind, key);
    let name = key["name"].as_str().unwrap();
    let mut checked = 0;
    for (v, e) in key["versions"].as_array().unwrap().iter().enumerate() {
        if e.is_null() {
            continue;
        }
        let cell = &l["versions"][v];
        if let Some(status) = e["status"].as_str() {
            assert_eq!(cell["status"], status, "{name}: status in v{}", v + 1);
        }
        if let Some(snippet) = e["snippet"].as_str() {
            let text = collapse(cell["text"].as_str().unwrap_or_default());
            assert!(
                text.contains(snippet),
                "{name}: v{} lacks {snippet:?}: {text}",
                v + 1
            );
        }
        checked += 1;
    }
    for s in key["signals"].as_array().into_iter().flatten() {
        let v = s["version"].as_u64().unwrap() as usize - 1;
        let signals = l["versions"][v]["signals"].as_array().unwrap();
        assert!(
            signals
                .iter()
                .any(|x| x["type"] == s["type"] && x["old"] == s["old"] && x["new"] == s["new"]),
            "{name}: no signal {s} in v{}: {signals:?}",
            v + 1
        );
    }
    checked
}

#[test]
fn quad_series_matches_the_hand_checked_key() {
    let key: Value =
        serde_json::from_slice(&std::fs::read(fixture("history/quad-key.json")).unwrap()).unwrap();
    let series: Vec<&str> = key["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let mut args = paths(&series);
    for p in key["phrases"].as_array().unwrap() {
        args.extend(["--phrase".into(), p["phrase"].as_str().unwrap().into()]);
    }
    for e in key["entities"].as_array().unwrap() {
        args.extend(["--entity".into(), e["entity"].as_str().unwrap().into()]);
    }
    args.extend(["--format".into(), "json".into()]);
    let out = json_of(&args);
    let lineages = out["lineages"].as_array().unwrap();
    let mut checked = 0;
    for k in key["paragraphs"].as_array().unwrap() {
        checked += check_keyed(lineages, "paragraph", k);
    }
    for k in key["commitments"].as_array().unwrap() {
        checked += check_keyed(lineages, "commitment", k);
    }
    let tracked = out["phrases"].as_array().unwrap();
    let keyed = key["phrases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p, "phrase"));
    let keyed = keyed.chain(
        key["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e, "entity")),
    );
    for (k, kind) in keyed {
        let query = &k[kind];
        let t = tracked.iter().find(|t| &t["query"] == query).unwrap();
        assert_eq!(t["counts"], k["counts"], "counts of {query}");
        for (text, counts) in k["excluded"].as_object().into_iter().flatten() {
            let ex = t["excluded"].as_array().unwrap();
            assert!(
                ex.iter()
                    .any(|e| e["text"] == *text && e["counts"] == *counts),
                "{query}: excluded {text} {counts} not in {ex:?}"
            );
        }
    }
    println!("quad key: {checked} version entries checked");
    for d in key["known_differences"].as_array().unwrap() {
        println!("known difference: {}: {}", d["what"], d["tool"]);
    }
}

#[test]
fn synthetic_series_shows_the_return_in_version_5() {
    let h = history_of(&B9, &["irreversible path"], &["Russia", "Georgia"]);
    let meeting = h
        .lineages
        .iter()
        .find(|l| {
            h.text(0, &l.versions[0].paragraphs)
                .starts_with("In view of the upcoming")
        })
        .unwrap();
    let statuses: Vec<Status> = meeting.versions.iter().map(|c| c.status).collect();
    use Status::*;
    assert_eq!(statuses, [New, Unchanged, Absent, Absent, Returned]);
    let life = meeting.life();
    assert_eq!(
        (life.first, life.dropped, life.returned),
        (Some(0), vec![2], vec![4])
    );
    let back = &meeting.versions[4];
    assert_eq!((back.since, back.changed), (Some(1), true));
    let deleted: Vec<&str> = back
        .diff
        .iter()
        .filter(|s| s.op == DiffOp::Delete)
        .map(|s| s.text.trim())
        .collect();
    assert_eq!(deleted, ["Defence Ministers meeting"]);
    // Its commitment returns with it.
    let pledge = h
        .commitments
        .iter()
        .find(|c| {
            c.versions[0]
                .commitment
                .as_ref()
                .is_some_and(|s| s.commitment.text.starts_with("In view of"))
        })
        .unwrap();
    assert_eq!(pledge.life().returned, [4]);
    // Every other paragraph is present in every version.
    for l in h.lineages.iter().filter(|l| l.id != meeting.id) {
        assert_eq!(l.life().present, [0, 1, 2, 3, 4], "P{}", l.id);
    }
}

#[test]
fn synthetic_series_follows_a_split_and_the_number_drift() {
    let h = history_of(&B9, &["irreversible path"], &["Russia"]);
    let split = h.lineages.iter().find(|l| l.branches() == 2).unwrap();
    let statuses: Vec<Status> = split.versions.iter().map(|c| c.status).collect();
    use Status::*;
    assert_eq!(statuses, [New, Unchanged, Unchanged, Reworded, Unchanged]);
    // §5 is paragraph 6 (the title is paragraph 1); both parts came from it.
    assert_eq!(split.versions[3].from, [vec![6], vec![6]]);
    assert!(h
        .text(3, &split.versions[3].paragraphs)
        .contains("\nOur pledge to defend"));
    let gdp = h
        .commitments
        .iter()
        .find(|c| {
            c.versions[0]
                .commitment
                .as_ref()
                .is_some_and(|s| s.commitment.text.contains("at least 2% of our GDP"))
        })
        .unwrap();
    let numbers: Vec<(usize, String, String)> = gdp
        .versions
        .iter()
        .enumerate()
        .flat_map(|(v, c)| {
            c.signals
                .iter()
                .filter(|s| s.kind.as_str() == "number" && !s.old.is_empty())
                .map(move |s| (v, s.old.clone(), s.new.clone()))
        })
        .collect();
    assert_eq!(
        numbers,
        [
            (1, "2%".into(), "2.5%".into()),
            (3, "2.5%".into(), "3.5%".into())
        ]
    );
    assert!(gdp.versions[1..]
        .iter()
        .all(|c| c.direction != Some(redliner::commitments::Direction::Weaker)));
    let p = &h.phrases[0];
    assert_eq!(p.counts, [0, 1, 1, 0, 0]);
    assert_eq!(p.variants[0].text, "irreversible pathway");
    assert_eq!(p.variants[0].counts, [0, 0, 0, 1, 1]);
    assert_eq!(h.phrases[1].forms, ["russia", "russian federation"]);
}

/// A plain count: non-overlapping occurrences of `needle` in `hay` between word
/// boundaries (a space or an end), as a regular expression `\bneedle\b` would find.
fn plain_count(hay: &str, needle: &str) -> usize {
    let mut n = 0;
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let start = from + i;
        let end = start + needle.len();
        let before = start == 0 || hay.as_bytes()[start - 1] == b' ';
        let after = end == hay.len() || hay.as_bytes()[end] == b' ';
        if before && after {
            n += 1;
            from = end;
        } else {
            from = start + 1;
        }
    }
    n
}

#[test]
fn phrase_counts_agree_with_a_plain_count_on_canonical_text() {
    let cases: [(&[&str], &[&str]); 2] = [
        (
            &QUAD,
            &[
                "free and open Indo-Pacific",
                "rules-based order",
                "Indo-Pacific",
                "climate change",
                "we will",
                "Quad",
                "COVID-19",
            ],
        ),
        (
            &B9,
            &[
                "irreversible path",
                "NATO’s",
                "Eastern Flank",
                "Allies",
                "2%",
            ],
        ),
    ];
    for (series, phrases) in cases {
        let h = history_of(series, phrases, &[]);
        for p in &h.phrases {
            let needle = canonical(&p.query);
            let plain: Vec<usize> = h
                .versions
                .iter()
                .map(|v| {
                    v.document
                        .paragraphs
                        .iter()
                        .map(|para| plain_count(&canonical(&para.text), &needle))
                        .sum()
                })
                .collect();
            assert_eq!(p.counts, plain, "{:?}", p.query);
            assert!(
                p.counts.iter().sum::<usize>() > 0,
                "{:?} never found",
                p.query
            );
        }
    }
}

#[test]
fn json_accounts_for_every_paragraph_and_commitment() {
    let mut args = paths(&QUAD);
    args.extend(["--format", "json", "--phrase", "free and open Indo-Pacific"].map(String::from));
    let out = json_of(&args);
    assert_eq!(out["schema"], "redliner.history/1");
    let versions = out["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 4);
    assert_eq!(versions[3]["date"], "2023-05-20");
    assert_eq!(versions[3]["date_source"], "front matter");
    assert_eq!(out["steps"].as_array().unwrap().len(), 3);
    let statuses = ["new", "unchanged", "reworded", "absent", "returned"];
    let lineages = out["lineages"].as_array().unwrap();
    for (kind, count) in [("paragraph", "paragraphs"), ("commitment", "commitments")] {
        // Paragraph ids, or (paragraph, sentence) for commitments, per version.
        let mut seen: Vec<Vec<String>> = versions.iter().map(|_| Vec::new()).collect();
        for l in lineages.iter().filter(|l| l["kind"] == kind) {
            let cells = l["versions"].as_array().unwrap();
            assert_eq!(cells.len(), 4);
            for (v, c) in cells.iter().enumerate() {
                let status = c["status"].as_str().unwrap();
                assert!(statuses.contains(&status));
                assert_eq!(c["text"].is_null(), status == "absent", "{}", l["id"]);
                if kind == "paragraph" {
                    for p in c["paragraphs"].as_array().unwrap() {
                        seen[v].push(format!("{:04}", p["id"].as_u64().unwrap()));
                    }
                } else if !c["text"].is_null() {
                    seen[v].push(format!("{} {}", c["paragraph"], c["text"]));
                }
            }
        }
        for (v, ids) in seen.iter_mut().enumerate() {
            let n = versions[v][count].as_u64().unwrap() as usize;
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), n, "{kind}s of v{}", v + 1);
            if kind == "paragraph" {
                let expected: Vec<String> = (1..=n).map(|i| format!("{i:04}")).collect();
                assert_eq!(*ids, expected);
            }
        }
    }
}

#[test]
fn output_is_byte_identical_run_to_run() {
    let mut args = paths(&B9);
    args.extend(["--phrase", "irreversible path", "--entity", "Russia"].map(String::from));
    for format in ["table", "json", "html", "markdown"] {
        let run = || {
            redliner()
                .arg("history")
                .args(&args)
                .args(["--format", format])
                .output()
                .unwrap()
                .stdout
        };
        let (a, b) = (run(), run());
        assert!(!a.is_empty());
        assert!(a == b, "{format} output differs between runs");
    }
}

#[test]
fn sort_by_date_orders_versions_and_names_a_file_without_a_date() {
    let shuffled = [QUAD[2], QUAD[0], QUAD[3], QUAD[1]];
    let mut args = paths(&shuffled);
    args.extend(["--sort", "date", "--format", "json"].map(String::from));
    let out = json_of(&args);
    let dates: Vec<&str> = out["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2021-03-12", "2021-09-24", "2022-05-24", "2023-05-20"]
    );
    let dir = tempfile::tempdir().unwrap();
    let undated = dir.path().join("undated.txt");
    std::fs::write(&undated, "We will act together.\n").unwrap();
    let mut args = paths(&QUAD[..2]);
    args.push(undated.to_string_lossy().into_owned());
    let out = redliner()
        .arg("history")
        .args(&args)
        .args(["--sort", "date"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("undated.txt: no date to sort by"), "{err}");
}

#[test]
fn html_page_is_self_contained_with_grid_panels_and_chart() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("history.html");
    let mut args = paths(&B9);
    args.extend(
        [
            "--phrase",
            "irreversible path",
            "--entity",
            "Russia",
            "--format",
            "html",
            "-o",
        ]
        .map(String::from),
    );
    args.push(page.to_string_lossy().into_owned());
    let out = redliner().arg("history").args(&args).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    // The returned paragraph: colour class and symbol, and a panel with the changes.
    assert!(html.contains("<td class=\"s returned\"><a href=\"#P8-5\""));
    let panel = html.split("id=\"P8-5\"").nth(1).unwrap();
    let panel = &panel[..panel.find("</section>").unwrap()];
    assert!(
        panel.contains("<del>Defence Ministers meeting</del>"),
        "{panel}"
    );
    assert!(panel.contains("<ins>Summit</ins>"));
    // One panel per present cell of each grid.
    let h = history_of(&B9, &[], &[]);
    let present: usize = h
        .lineages
        .iter()
        .map(|l| l.life().present.len())
        .chain(h.commitments.iter().map(|c| c.life().present.len()))
        .sum();
    assert_eq!(html.matches("<section class=\"panel\"").count(), present);
    // The chart: one line per tracked phrase or entity.
    assert_eq!(html.matches("<polyline").count(), 2);
}

#[test]
fn markdown_and_table_formats() {
    let args = paths(&B9[..3]);
    let out = redliner()
        .arg("history")
        .args(&args)
        .args(["--format", "markdown", "--sort", "date"])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# History of 3 versions"));
    assert!(md.contains("| P8 "), "{md}");
    let out = redliner().arg("history").args(&args).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("Paragraph lineages"));
    assert!(table.contains("v2 → v3"));
    assert!(!table.contains('\u{1b}'));
}

#[test]
fn dated_series_sorts_by_its_footer_year() {
    let h = {
        let mut docs: Vec<_> = B9
            .iter()
            .rev()
            .map(|n| read_document(&fixture(n), &Options::default()).unwrap())
            .collect();
        docs.rotate_left(2);
        let opts = HistoryOptions {
            order: VersionOrder::Date,
            ..HistoryOptions::default()
        };
        build(docs, &opts).unwrap()
    };
    let years: Vec<String> = h.versions.iter().map(|v| v.label()).collect();
    assert_eq!(years, ["2024", "2025", "2026", "2027", "2028"]);
}
