//! `redliner check`: exit codes, `--fail-on` lists, compiler-like `FILE:LINE:COLUMN:`
//! lines, GitHub annotations with real line numbers (`::error` for the policy,
//! `::warning` below it), baselines, and `redliner.toml` (which flags override).

use assert_cmd::Command;
use predicates::prelude::*;

use crate::util::f;
use crate::util::fixture;

fn redliner() -> Command {
    let mut cmd = Command::cargo_bin("redliner").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

fn check(old: &str, new: &str) -> Command {
    let mut cmd = redliner();
    cmd.args(["check", &f(old), &f(new)]);
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

/// `LINE:COLUMN` (1-based, the column in characters) where `needle` first starts in `file`.
fn place_of(file: &str, needle: &str) -> String {
    let text = std::fs::read_to_string(fixture(file)).unwrap();
    let (i, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap();
    let col = line[..line.find(needle).unwrap()].chars().count() + 1;
    format!("{}:{col}", i + 1)
}

/// The 1-based line of the first line of `file` containing `needle`.
fn line_of(file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(fixture(file)).unwrap();
    1 + text.lines().position(|l| l.contains(needle)).unwrap()
}

#[test]
fn exit_codes() {
    check("b9-2024.txt", "b9-2024-noise.txt")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("redliner check: passed"));
    check("b9-2024.txt", "b9-2025-commitments.txt")
        .assert()
        .code(1);
    check("b9-2024.txt", "no-such-file.txt")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no-such-file.txt"));
    check("b9-2024.txt", "b9-2025-commitments.txt")
        .args(["--fail-on", "weakened,added"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule \"weakened\""));
}

#[test]
fn default_policy_reports_dropped_and_weakened_commitments() {
    let out = stdout(&mut check("b9-2024.txt", "b9-2025-commitments.txt"));
    let new = f("b9-2025-commitments.txt");
    let old = f("b9-2024.txt");
    let lines: Vec<&str> = out.lines().collect();
    let n = "b9-2025-commitments.txt";
    // Issue #13: real lines and a column, in the file where the text stands; the
    // weakened lines quote the sentence.
    assert_eq!(
        lines[..2],
        [
            format!(
                "{old}:{}: \u{a7}5: removed commitment ('support'): \"We support initiatives to \
                 fortify NATO / EU borders with Russia and Belarus, as\u{2026}\"",
                place_of("b9-2024.txt", "We support initiatives to fortify")
            ),
            format!(
                "{new}:{}: \u{a7}11: weakened commitment: 'will' \u{2192} 'may consider': \
                 \"We may consider continuing our efforts to implement NATO\u{b4}s new defence \
                 plans to\u{2026}\"",
                place_of(n, "We may consider continuing")
            ),
        ]
    );
    // §4's "strongly condemn" → "condemn" is a condemnation, no commitment.
    assert!(lines[2].starts_with(
        "redliner check: FAILED, 2 violations: 1 removed-commitment, 1 weakened-commitment"
    ));
    assert_eq!(lines.len(), 3);
}

#[test]
fn fail_on_lists_choose_the_rules() {
    // Nothing was added or removed as a whole paragraph in this revision.
    check("b9-2024.txt", "b9-2025-commitments.txt")
        .args(["--fail-on", "added,removed"])
        .assert()
        .code(0);
    let out = stdout(
        check("b9-2024.txt", "b9-2025-commitments.txt").args(["--fail-on", "number-change"]),
    );
    assert!(
        out.contains(": \u{a7}8: number changed: '2%' \u{2192} '3.5%'"),
        "{out}"
    );
    assert!(
        out.contains(": \u{a7}6: number changed: added '2026'"),
        "{out}"
    );
    let out = stdout(check("b9-2024.txt", "b9-2025-restructure.txt").args(["--fail-on", "any"]));
    // Added, moved, split, removed, merged: one line each.
    assert_eq!(out.lines().count(), 6, "{out}");
    assert!(out.contains("moved from old \u{a7}3"));
    let out = stdout(check("b9-2024.txt", "b9-2025-draft.txt").args(["--fail-on", "reworded"]));
    assert!(out.contains(": \u{b6}12: reworded ("), "{out}");
}

#[test]
fn github_annotations_point_at_real_lines() {
    let new = "b9-2025-commitments.txt";
    let out = stdout(check("b9-2024.txt", new).args([
        "--format",
        "github",
        "--fail-on",
        "weakened-commitment,removed-commitment",
    ]));
    let lines: Vec<&str> = out.lines().collect();
    // The dropped sentence is annotated where it stood, in the old file.
    assert!(
        lines[0].starts_with(&format!(
            "::error file={},line={},col=965,title=redliner removed-commitment::old \u{a7}5: \
         removed commitment ('support')",
            f("b9-2024.txt"),
            line_of("b9-2024.txt", "We support initiatives to fortify")
        )),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains(&format!(
        ",line={},",
        line_of(new, "We may consider continuing")
    )));
    // A paragraph removed as a whole is annotated on the new paragraph before the gap.
    let new = "b9-2025-restructure.txt";
    let out =
        stdout(check("b9-2024.txt", new).args(["--format", "github", "--fail-on", "removed"]));
    assert!(out.starts_with(&format!(
        "::error file={},line={},col=4,title=redliner removed::old \u{a7}7: removed paragraph: \"In view",
        f("b9-2024.txt"),
        line_of("b9-2024.txt", "In view of the upcoming")
    )), "{out}");
    let new = "b9-2025-commitments.txt";
    // Percent signs are escaped as the workflow command syntax asks.
    let out = stdout(check("b9-2024.txt", new).args([
        "--format",
        "github",
        "--fail-on",
        "number-change",
    ]));
    assert!(out.contains("'2%25' \u{2192} '3.5%25'"), "{out}");
}

#[test]
fn redliner_toml_sets_the_policy_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let mut cmd = check("b9-2024.txt", "b9-2025-commitments.txt");
        cmd.current_dir(dir.path()).args(extra);
        cmd
    };
    // No file: the default policy fails this revision.
    run(&[]).assert().code(1);
    std::fs::write(
        dir.path().join("redliner.toml"),
        "[check]\nfail_on = [\"added\"]\n",
    )
    .unwrap();
    run(&[])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("policy added)"));
    run(&["--fail-on", "weakened-commitment"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("1 weakened-commitment"));
    std::fs::write(
        dir.path().join("redliner.toml"),
        "[check]\nfail-on = [\"added\"]\n",
    )
    .unwrap();
    run(&[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("redliner.toml").and(predicate::str::contains("fail-on")));
    std::fs::write(
        dir.path().join("redliner.toml"),
        "[check]\nfail_on = [\"sometimes\"]\n",
    )
    .unwrap();
    run(&[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule"));
    // --config names another file, which must exist.
    let other = dir.path().join("policy.toml");
    std::fs::write(&other, "[check]\nfail_on = \"number-change\"\n").unwrap();
    run(&["--config", other.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("number changed"));
    run(&["--config", "absent.toml"]).assert().code(2);
}

/// Issue #13: `--write-baseline` records the findings; `--baseline` ignores them, by ids
/// that survive renumbering, and still fails on new ones.
#[test]
fn baselines_accept_reviewed_findings() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("accepted.json");
    let base_s = base.to_str().unwrap();
    check("b9-2024.txt", "b9-2025-commitments.txt")
        .args(["--write-baseline", base_s])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("recorded 2 findings"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&base).unwrap()).unwrap();
    assert_eq!(json["schema"], "redliner.baseline/1");
    assert_eq!(json["findings"].as_array().unwrap().len(), 2);
    check("b9-2024.txt", "b9-2025-commitments.txt")
        .args(["--baseline", base_s])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("2 in the baseline ignored"));
    // Renumbered: every label of the new file shifted by 100; the ids still match.
    let text = std::fs::read_to_string(fixture("b9-2025-commitments.txt")).unwrap();
    let renumbered: String = text
        .lines()
        .map(|l| match l.split_once(". ") {
            Some((n, rest)) if n.parse::<u32>().is_ok() => {
                format!("{}. {rest}\n", n.parse::<u32>().unwrap() + 100)
            }
            _ => format!("{l}\n"),
        })
        .collect();
    let moved = dir.path().join("renumbered.txt");
    std::fs::write(&moved, renumbered).unwrap();
    redliner()
        .args(["check", &f("b9-2024.txt"), moved.to_str().unwrap()])
        .args(["--baseline", base_s])
        .assert()
        .code(0);
    // A baseline from another pair does not cover these findings.
    let other = dir.path().join("other.json");
    check("b9-2024.txt", "b9-2025-draft.txt")
        .args(["--write-baseline", other.to_str().unwrap()])
        .assert()
        .code(0);
    check("b9-2024.txt", "b9-2025-commitments.txt")
        .args(["--baseline", other.to_str().unwrap()])
        .assert()
        .code(1);
    std::fs::write(&other, "{\"schema\": \"x\", \"findings\": []}").unwrap();
    check("b9-2024.txt", "b9-2025-commitments.txt")
        .args(["--baseline", other.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("redliner.baseline/1"));
}

/// Issue #13: GitHub output has `::warning` lines for findings outside the policy, after
/// the `::error` lines of the violations; a passing check has warnings only.
#[test]
fn github_warnings_below_the_policy() {
    let out = stdout(check("b9-2024.txt", "b9-2025-draft.txt").args(["--format", "github"]));
    let errors = out.lines().filter(|l| l.starts_with("::error ")).count();
    let warnings: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("::warning "))
        .collect();
    assert_eq!(errors, 2, "{out}");
    assert!(
        warnings
            .iter()
            .any(|l| l.contains("title=redliner number-change::")),
        "{out}"
    );
    check("b9-2024.txt", "b9-2025-draft.txt")
        .args(["--format", "github", "--fail-on", "added"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("::error ").not())
        .stdout(
            predicate::str::contains("::warning file=").and(predicate::str::contains(
                "title=redliner weakened-commitment::",
            )),
        );
}

/// Issue #13: a misspelt table in redliner.toml is an error, and `-o` writes the result.
#[test]
fn misspelt_tables_and_output_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("redliner.toml"),
        "[chek]\nfail_on = [\"any\"]\n",
    )
    .unwrap();
    check("b9-2024.txt", "b9-2025-draft.txt")
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("chek"));
    let out = dir.path().join("result.txt");
    check("b9-2024.txt", "b9-2025-draft.txt")
        .args(["--config", "/dev/null", "-o", out.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout("");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("redliner check: FAILED"), "{text}");
}

/// Issue #13: in hard-wrapped text the location is the line and column where the
/// sentence starts, not the paragraph's first line; lines come in document order.
#[test]
fn locations_in_wrapped_text_are_the_sentence_start() {
    let old = "wh/quad-2021-03-joint-statement.md";
    let out = stdout(&mut check(old, "wh/quad-2021-09-joint-statement.md"));
    let file = f(old);
    // `4. Building on …` starts line 42; "We will, therefore," is wrapped on line 47.
    assert!(
        out.contains(&format!(
            "{file}:42:4: \u{a7}4: removed commitment ('will')"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{file}:47:58: \u{a7}4: removed commitment ('will')"
        )),
        "{out}"
    );
    let text = std::fs::read_to_string(fixture(old)).unwrap();
    assert!(text.lines().nth(46).unwrap()[..].contains("We will,"));
    let places: Vec<(usize, usize)> = out
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{file}:")))
        .map(|rest| {
            let mut it = rest.split(':');
            (
                it.next().unwrap().parse().unwrap(),
                it.next().unwrap().parse().unwrap(),
            )
        })
        .collect();
    let mut sorted = places.clone();
    sorted.sort();
    assert_eq!(places, sorted);
}

/// Configuration and baseline files are read with a size limit (`/dev/zero` ends).
#[cfg(unix)]
#[test]
fn endless_config_files_are_refused() {
    for flag in ["--config", "--baseline"] {
        check("b9-2024.txt", "b9-2025-draft.txt")
            .args([flag, "/dev/zero"])
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("/dev/zero: larger than"));
    }
}
