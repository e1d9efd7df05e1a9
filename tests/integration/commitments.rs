//! Commitment changes: the synthetic revision against its answer key (precision and
//! recall printed), the trap sentences, the light edit, a real pair of G7 statements
//! checked by hand, and the `commitments` command.

use assert_cmd::Command;
use serde_json::Value;

use redliner::{CommitmentChange, CommitmentChangeKind, Comparison};

use crate::util::{compare_fixtures, fixture};

fn sentence(c: &CommitmentChange, old: bool) -> Option<&str> {
    let side = if old { &c.old } else { &c.new };
    side.as_ref().map(|s| s.commitment.text.as_str())
}

/// Does a reported change match a keyed one (same kind, snippets in its sentences)?
fn matches(c: &CommitmentChange, key: &Value) -> bool {
    let snippet_ok = |old: bool| match key[if old { "old" } else { "new" }].as_str() {
        Some(s) => sentence(c, old).is_some_and(|t| t.contains(s)),
        None => sentence(c, old).is_none(),
    };
    c.change.as_str() == key["change"].as_str().unwrap() && snippet_ok(true) && snippet_ok(false)
}

#[test]
fn commitment_revision_precision_and_recall() {
    let key: Value =
        serde_json::from_slice(&std::fs::read(fixture("keys/b9-2025-commitments.json")).unwrap())
            .unwrap();
    let cmp = compare_fixtures("b9-2024.txt", "b9-2025-commitments.txt");
    let keyed = key["commitments"].as_array().unwrap();
    let found = keyed
        .iter()
        .filter(|k| cmp.commitments.iter().any(|c| matches(c, k)))
        .count();
    let correct = cmp
        .commitments
        .iter()
        .filter(|c| keyed.iter().any(|k| matches(c, k)))
        .count();
    let (mut signals_keyed, mut signals_found, mut signals_reported) = (0, 0, 0);
    for k in keyed {
        let Some(c) = cmp.commitments.iter().find(|c| matches(c, k)) else {
            continue;
        };
        assert_eq!(
            c.direction.as_str(),
            k["direction"].as_str().unwrap(),
            "direction of {k}"
        );
        let kinds: Vec<&str> = c.signals.iter().map(|s| s.kind.as_str()).collect();
        signals_reported += kinds.iter().filter(|&&s| s != "other").count();
        for s in k["signals"].as_array().unwrap() {
            signals_keyed += 1;
            signals_found += usize::from(kinds.contains(&s.as_str().unwrap()));
        }
    }
    println!(
        "commitment changes: precision {correct}/{}, recall {found}/{}; typed signals: found {signals_found}/{signals_keyed}, reported (not `other`) {signals_reported}",
        cmp.commitments.len(),
        keyed.len()
    );
    assert_eq!((correct, found), (cmp.commitments.len(), keyed.len()));
    assert_eq!(signals_found, signals_keyed);
    assert_eq!(
        signals_reported, signals_keyed,
        "a typed signal was reported that the key does not have"
    );
    for trap in key["traps"].as_array().unwrap() {
        let trap = trap.as_str().unwrap();
        assert!(
            !cmp.commitments
                .iter()
                .any(|c| sentence(c, true).is_some_and(|t| t.contains(trap))
                    || sentence(c, false).is_some_and(|t| t.contains(trap))),
            "trap reported as a commitment change: {trap}"
        );
        // The trap's paragraph is still reported as reworded.
        assert!(cmp
            .units
            .iter()
            .any(|u| u.kind == redliner::UnitKind::Reworded
                && u.diff.iter().any(|s| s.text.contains("occasion"))));
    }
}

fn signal(cmp: &Comparison, kind: &str) -> Vec<(String, String, String)> {
    cmp.commitments
        .iter()
        .flat_map(|c| &c.signals)
        .filter(|s| s.kind.as_str() == kind)
        .map(|s| {
            (
                s.old.clone(),
                s.new.clone(),
                s.direction.as_str().to_owned(),
            )
        })
        .collect()
}

#[test]
fn light_edit_signals() {
    let cmp = compare_fixtures("b9-2024.txt", "b9-2025-draft.txt");
    let numbers = signal(&cmp, "number");
    assert!(
        numbers.contains(&("2%".into(), "3.5%".into(), "stronger".into())),
        "{numbers:?}"
    );
    assert!(
        numbers.contains(&(
            "€40 billion".into(),
            "€50 billion".into(),
            "stronger".into()
        )),
        "{numbers:?}"
    );
    let modality = signal(&cmp, "modality");
    assert!(
        modality.contains(&("will".into(), "may consider".into(), "weaker".into())),
        "{modality:?}"
    );
    assert!(
        modality.contains(&("are committed to".into(), "support".into(), "weaker".into())),
        "{modality:?}"
    );
    assert_eq!(
        signal(&cmp, "entity"),
        [("".into(), "Georgia".into(), "neutral".into())]
    );
    assert!(cmp
        .commitments
        .iter()
        .all(|c| c.change == CommitmentChangeKind::Reworded));
}

#[test]
fn format_noise_changes_no_commitment() {
    assert!(compare_fixtures("b9-2024.txt", "b9-2024-noise.txt")
        .commitments
        .is_empty());
    // The restructure drops one paragraph (one commitment) and merges two with "In
    // addition," as the only new words: a connective is not a rewording.
    let restructure = compare_fixtures("b9-2024.txt", "b9-2025-restructure.txt");
    let kinds: Vec<_> = restructure.commitments.iter().map(|c| c.change).collect();
    assert_eq!(kinds, [CommitmentChangeKind::Removed]);
}

/// G7 leaders' statements on Ukraine, February 2023 and February 2024: two different
/// texts. Checked by hand: the four commitments reported as reworded are the same pledge
/// reworded (economic support, investigations, the aggression tribunal, energy revenue);
/// the call on Russia to withdraw is a demand, no commitment; every commitment reported
/// as added is absent from the old statement and every dropped one from the new.
#[test]
fn real_g7_ukraine_statements() {
    let cmp = compare_fixtures(
        "wh/g7-2023-02-ukraine-statement.md",
        "wh/g7-2024-02-ukraine-statement.md",
    );
    let reworded: Vec<(&str, &str)> = cmp
        .commitments
        .iter()
        .filter(|c| c.change == CommitmentChangeKind::Reworded)
        .map(|c| (sentence(c, true).unwrap(), sentence(c, false).unwrap()))
        .collect();
    assert!(reworded.len() >= 4, "{reworded:#?}");
    assert!(
        !cmp.commitments.iter().any(|c| [&c.old, &c.new]
            .into_iter()
            .flatten()
            .any(|s| s.commitment.text.starts_with("We call on Russia"))),
        "a demand on Russia is no commitment"
    );
    for (old, new) in [
        (
            "We will continue to help maintain Ukraine’s economic",
            "We will help Ukraine meet its urgent financing needs",
        ),
        (
            "We support investigations by the Prosecutor",
            "We support investigations by the Prosecutor",
        ),
        (
            "In this regard, we support exploring efforts to develop an international centre",
            "We welcome ongoing discussions in the Core Group",
        ),
        (
            "We will continue to reduce Russia’s revenue",
            "We will continue taking steps to limit Russia’s future energy revenues",
        ),
    ] {
        assert!(
            reworded
                .iter()
                .any(|(o, n)| o.starts_with(old) && n.starts_with(new)),
            "{old} → {new}: {reworded:#?}"
        );
    }
    let fold = |s: &str| redliner::normalise::fold(s, true);
    let old_text = fold(
        &cmp.old
            .paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    let new_text = fold(
        &cmp.new
            .paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    for c in &cmp.commitments {
        match c.change {
            CommitmentChangeKind::Added => assert!(
                !old_text.contains(&fold(sentence(c, false).unwrap())),
                "added but present: {c:?}"
            ),
            CommitmentChangeKind::Removed => assert!(
                !new_text.contains(&fold(sentence(c, true).unwrap())),
                "dropped but present: {c:?}"
            ),
            CommitmentChangeKind::Reworded => {}
        }
    }
    assert!(cmp.commitment_summary.added > 20 && cmp.commitment_summary.removed > 20);
}

/// The issue's example, read in both texts: "We are united in our determination to hold
/// President Putin and those responsible to account" (2023) becomes "We remain committed
/// to holding those responsible accountable" (2024). One reworded commitment, narrower:
/// the named leader is no longer held to account. And where President Zelenskyy stays
/// named (his Peace Formula), his name is no change.
#[test]
fn a_named_leader_dropped_narrows_the_pledge() {
    let cmp = compare_fixtures(
        "wh/g7-2023-02-ukraine-statement.md",
        "wh/g7-2024-02-ukraine-statement.md",
    );
    let putin: Vec<&CommitmentChange> = cmp
        .commitments
        .iter()
        .filter(|c| {
            sentence(c, true).is_some_and(|s| s.starts_with("We are united in our determination"))
        })
        .collect();
    assert_eq!(putin.len(), 1, "{putin:#?}");
    let c = putin[0];
    assert_eq!(c.change, CommitmentChangeKind::Reworded);
    assert!(sentence(c, false)
        .unwrap()
        .starts_with("We remain committed to holding those responsible accountable"));
    assert_eq!(c.direction.as_str(), "weaker", "{:#?}", c.signals);
    let scope: Vec<(&str, &str)> = c
        .signals
        .iter()
        .filter(|s| s.kind == redliner::commitments::SignalKind::Scope)
        .map(|s| (s.old.as_str(), s.new.as_str()))
        .collect();
    assert!(scope.contains(&("President Putin", "")), "{scope:?}");
    // A named-people signal lists the names alone, joined by `; `.
    let names_zelenskyy = |side: &str| side.split("; ").any(|p| p == "President Zelenskyy");
    assert!(
        !cmp.commitments
            .iter()
            .flat_map(|c| &c.signals)
            .filter(|s| s.kind == redliner::commitments::SignalKind::Scope)
            .any(|s| names_zelenskyy(&s.old) || names_zelenskyy(&s.new)),
        "Zelenskyy is named on both sides"
    );
    // The other example there, as the key reads it: diplomacy dropped, support
    // for the Peace Formula kept, a just peace committed to: changed both ways.
    let formula: Vec<&CommitmentChange> = cmp
        .commitments
        .iter()
        .filter(|c| {
            sentence(c, true).is_some_and(|s| s.starts_with("We remain committed to diplomacy"))
        })
        .collect();
    assert_eq!(formula.len(), 1, "{formula:#?}");
    assert_eq!(formula[0].change, CommitmentChangeKind::Reworded);
    assert!(sentence(formula[0], false)
        .unwrap()
        .starts_with("As we move forward, we continue our support to Ukraine"));
    assert_eq!(
        formula[0].direction.as_str(),
        "mixed",
        "{:#?}",
        formula[0].signals
    );
}

#[test]
fn commitments_command_table_and_json() {
    let out = Command::cargo_bin("redliner")
        .unwrap()
        .args([
            "commitments",
            fixture("b9-2024.txt").to_str().unwrap(),
            "-f",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "redliner.commitments/1");
    let list = v["commitments"].as_array().unwrap();
    assert_eq!(v["summary"]["total"].as_u64().unwrap() as usize, list.len());
    assert!(list
        .iter()
        .any(|c| c["cue"] == "are committed to" && c["label"] == "9"));
    // "We strongly condemn … and urgently call for …" states a position and a demand.
    assert!(!list.iter().any(|c| c["cue"] == "condemn"
        || c["text"]
            .as_str()
            .unwrap()
            .starts_with("We strongly condemn")));
    // "This meeting will provide an opportunity…" is a description, not a commitment.
    assert!(!list.iter().any(|c| c["text"]
        .as_str()
        .unwrap()
        .starts_with("This meeting will provide")));

    let table = Command::cargo_bin("redliner")
        .unwrap()
        .env("COLUMNS", "100")
        .args(["commitments", fixture("b9-2024.txt").to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(
        text.contains("commitments in 14 paragraphs") && text.contains("binding"),
        "{text}"
    );
    let mut table_lines = text
        .lines()
        .filter(|l| l.starts_with(['│', '┌', '└', '╞', '├']));
    assert!(
        table_lines.all(|l| l.chars().count() <= 100),
        "table wider than COLUMNS"
    );
    Command::cargo_bin("redliner")
        .unwrap()
        .args(["commitments", "no/such/file"])
        .assert()
        .code(2);
}

/// U.S.-ROK 2021 → 2022, read in both texts: the extended-deterrence clause of the
/// defense commitment became a sentence of its own, so the reworded commitment did not
/// drop it: no direction, and no scope signal for the clause.
#[test]
fn a_clause_split_into_its_own_sentence_is_not_dropped() {
    let cmp = compare_fixtures(
        "wh/us-rok-2021-05-joint-statement.md",
        "wh/us-rok-2022-05-joint-statement.md",
    );
    let found: Vec<&CommitmentChange> = cmp
        .commitments
        .iter()
        .filter(|c| {
            sentence(c, true).is_some_and(|s| {
                s.starts_with("President Biden and President Moon reaffirm their mutual commitment")
            })
        })
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    let c = found[0];
    assert_eq!(c.change, CommitmentChangeKind::Reworded);
    assert_eq!(c.direction.as_str(), "neutral", "{:#?}", c.signals);
    assert!(
        c.signals
            .iter()
            .all(|s| s.kind != redliner::commitments::SignalKind::Scope),
        "{:#?}",
        c.signals
    );
}

/// Quad joint statements 2022 → 2023, read in both texts: "Today, we – [the four
/// leaders] – convene in Tokyo to renew our steadfast commitment to a free and open
/// Indo-Pacific that is inclusive and resilient" becomes "Together, we reaffirm our
/// steadfast commitment to a free and open Indo-Pacific that is inclusive and
/// resilient". The meeting's purpose is the commitment; its paragraph pairs with the
/// 2023 paragraph on the meeting, which commits to nothing, so the pledge is found in
/// the next paragraph: one commitment reworded, not one dropped and one added.
#[test]
fn a_meetings_purpose_is_a_commitment_and_is_found_where_it_moved() {
    let cmp = compare_fixtures(
        "wh/quad-2022-05-joint-statement.md",
        "wh/quad-2023-05-joint-statement.md",
    );
    let old = |c: &&CommitmentChange| {
        sentence(c, true).is_some_and(|s| s.contains("convene in Tokyo to renew our steadfast"))
    };
    let found: Vec<&CommitmentChange> = cmp.commitments.iter().filter(old).collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    let c = found[0];
    assert_eq!(c.change, CommitmentChangeKind::Reworded);
    assert!(
        sentence(c, false).is_some_and(|s| s.starts_with("Together, we reaffirm our steadfast")),
        "{c:#?}"
    );
    assert_eq!(
        c.old.as_ref().map(|o| o.commitment.cue.as_str()),
        Some("renew our steadfast commitment")
    );
    assert_eq!(c.direction.as_str(), "neutral", "{:#?}", c.signals);
}
