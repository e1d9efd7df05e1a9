//! `redliner check`: exit codes, `--fail-on` lists, compiler-like lines, GitHub
//! annotations with real line numbers in the NEW file, and `redliner.toml` (which flags
//! override).

use assert_cmd::Command;
use predicates::prelude::*;

use crate::util::fixture;

fn redliner() -> Command {
    let mut cmd = Command::cargo_bin("redliner").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

fn f(name: &str) -> String {
    fixture(name).to_string_lossy().into_owned()
}

fn check(old: &str, new: &str) -> Command {
    let mut cmd = redliner();
    cmd.args(["check", &f(old), &f(new)]);
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
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
    assert_eq!(
        lines[..2],
        [
            format!(
                "{old}:\u{a7}5: removed commitment ('support'): \"We support initiatives to \
                 fortify NATO / EU borders with Russia and Belarus, as\u{2026}\""
            ),
            format!("{new}:\u{a7}11: weakened commitment: 'will' \u{2192} 'may consider'"),
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
        out.contains(":\u{a7}8: number changed: '2%' \u{2192} '3.5%'"),
        "{out}"
    );
    assert!(
        out.contains(":\u{a7}6: number changed: added '2026'"),
        "{out}"
    );
    let out = stdout(check("b9-2024.txt", "b9-2025-restructure.txt").args(["--fail-on", "any"]));
    // Added, moved, split, removed, merged: one line each.
    assert_eq!(out.lines().count(), 6, "{out}");
    assert!(out.contains("moved from old \u{a7}3"));
    let out = stdout(check("b9-2024.txt", "b9-2025-draft.txt").args(["--fail-on", "reworded"]));
    assert!(out.contains(":\u{b6}12: reworded ("), "{out}");
}

#[test]
fn github_annotations_point_at_lines_of_the_new_file() {
    let new = "b9-2025-commitments.txt";
    let out = stdout(check("b9-2024.txt", new).args([
        "--format",
        "github",
        "--fail-on",
        "weakened-commitment,removed-commitment",
    ]));
    let lines: Vec<&str> = out.lines().collect();
    let path = f(new);
    // The dropped sentence was in §5, which is still there.
    assert!(lines[0].starts_with(&format!(
        "::warning file={path},line={},title=redliner removed-commitment::old \u{a7}5: \
         removed commitment ('support')",
        line_of(new, "Responding to hybrid challenges")
    )));
    assert!(lines[1].contains(&format!(
        ",line={},",
        line_of(new, "We may consider continuing")
    )));
    // A paragraph removed as a whole is annotated on the new paragraph before the gap.
    let new = "b9-2025-restructure.txt";
    let out =
        stdout(check("b9-2024.txt", new).args(["--format", "github", "--fail-on", "removed"]));
    assert!(out.starts_with(&format!(
        "::warning file={},line={},title=redliner removed::old \u{a7}7: removed paragraph: \"In view",
        f(new),
        line_of(new, "We express our profound concern")
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
