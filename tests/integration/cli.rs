//! The command line: exit codes, standard input, colour rules and error messages.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::util::fixture;
use crate::util::{f, redliner};

/// `redliner` with the environment that changes its output cleared.

#[test]
fn exit_codes_follow_diff() {
    redliner()
        .args(["diff", &f("b9-2024.txt"), &f("b9-2024.txt")])
        .assert()
        .code(0);
    redliner()
        .args(["diff", &f("b9-2024.txt"), &f("b9-2024-noise.txt")])
        .assert()
        .code(0);
    redliner()
        .args(["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt")])
        .assert()
        .code(1);
}

#[test]
fn terminal_report_without_colour_uses_markers() {
    redliner()
        .args(["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("[-€40 billion-] {+€50 billion+}"))
        .stdout(predicate::str::contains("\u{1b}[").not())
        .stdout(predicate::str::contains("9 unchanged units not shown"));
}

#[test]
fn colour_rules() {
    let args = ["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt")].map(String::from);
    let has_escape = |cmd: &mut Command| {
        String::from_utf8(cmd.output().unwrap().stdout)
            .unwrap()
            .contains("\u{1b}[")
    };
    // Not a terminal: no colour by default.
    assert!(!has_escape(redliner().args(&args)));
    assert!(has_escape(redliner().args(&args).arg("--color=always")));
    assert!(has_escape(
        redliner()
            .args(&args)
            .arg("--color=always")
            .env("NO_COLOR", "1")
    ));
    assert!(!has_escape(
        redliner()
            .args(&args)
            .arg("--color=never")
            .env("CLICOLOR_FORCE", "1")
    ));
    assert!(has_escape(
        redliner().args(&args).env("CLICOLOR_FORCE", "1")
    ));
    assert!(!has_escape(
        redliner()
            .args(&args)
            .env("CLICOLOR_FORCE", "1")
            .env("NO_COLOR", "1")
    ));
}

#[test]
fn all_shows_unchanged_units() {
    let out = redliner()
        .args(["diff", "--all", &f("b9-2024.txt"), &f("b9-2025-draft.txt")])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches(" unchanged\n").count(), 9, "{text}");
}

#[test]
fn standard_input_as_new() {
    let new = std::fs::read(fixture("b9-2025-draft.txt")).unwrap();
    let from_stdin = redliner()
        .args(["diff", &f("b9-2024.txt"), "-", "--format", "json"])
        .write_stdin(new)
        .output()
        .unwrap();
    assert_eq!(from_stdin.status.code(), Some(1));
    let from_file = redliner()
        .args([
            "diff",
            &f("b9-2024.txt"),
            &f("b9-2025-draft.txt"),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let a: serde_json::Value = serde_json::from_slice(&from_stdin.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&from_file.stdout).unwrap();
    assert_eq!(a["new"]["source"], "-");
    assert_eq!(a["units"], b["units"]);
}

#[test]
fn json_format_is_one_document() {
    let out = redliner()
        .args([
            "diff",
            "-f",
            "json",
            &f("b9-2024.txt"),
            &f("b9-2025-restructure.txt"),
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "redliner.diff/1");
    assert_eq!(v["summary"]["split"], 1);
}

fn bad_input(content: &[u8], expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.txt");
    std::fs::write(&path, content).unwrap();
    redliner()
        .args(["diff", &f("b9-2024.txt"), path.to_str().unwrap()])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("bad.txt").and(predicate::str::contains(expect)));
}

#[test]
fn bad_inputs_exit_2_with_a_clear_message() {
    bad_input(b"", "file is empty");
    bad_input(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data");
    bad_input(
        b"W\x00e\x00 \x00w\x00i\x00l\x00l\x00",
        "UTF-16 without a byte-order mark",
    );
    bad_input(b" \n\n\t\n", "no text to compare");
}

#[test]
fn missing_path_directory_and_size_cap() {
    redliner()
        .args(["diff", &f("b9-2024.txt"), "no/such/file.txt"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no/such/file.txt")
                .and(predicate::str::contains("cannot read")),
        );
    redliner()
        .args(["diff", &f("b9-2024.txt"), &f("wh")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    redliner()
        .args([
            "diff",
            "--max-size",
            "1000",
            &f("b9-2024.txt"),
            &f("b9-2024.txt"),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("over the limit of 1000 bytes"));
}

#[test]
fn usage_errors_exit_2() {
    redliner()
        .args(["diff", &f("b9-2024.txt")])
        .assert()
        .code(2);
    redliner()
        .args(["diff", "-", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only one of OLD and NEW"));
    redliner()
        .args([
            "diff",
            "--threshold",
            "1.5",
            &f("b9-2024.txt"),
            &f("b9-2024.txt"),
        ])
        .assert()
        .code(2);
}

#[test]
fn tracked_changes_docx_against_itself_per_side_views() {
    let tracked = f("formats/b9-2025-tracked.docx");
    let out = redliner()
        .args([
            "diff",
            &tracked,
            &tracked,
            "--docx-view",
            "original,accepted",
            "-f",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["new"]["format"], "docx");
    let tracked_count = v["new"]["tracked_changes"].as_u64().unwrap();
    assert!(tracked_count > 0);
    assert!(v["summary"]["reworded"].as_u64().unwrap() > 0);
    // One view for both sides: no change.
    redliner()
        .args(["diff", &tracked, &tracked, "--docx-view", "original"])
        .assert()
        .code(0);
    redliner()
        .args([
            "diff",
            &f("b9-2024.txt"),
            &f("b9-2024.txt"),
            "--encoding",
            "klingon",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown encoding"));
}

/// Text that is not UTF-8 is decoded as the legacy encoding it is in (issue 5), and the
/// JSON says which; it is never shown as mojibake.
#[test]
fn latin1_text_is_decoded_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    std::fs::write(
        &path,
        b"We reaffirm our commitment to the caf\xe9 of the Alliance.\n",
    )
    .unwrap();
    let out = redliner()
        .args([
            "diff",
            path.to_str().unwrap(),
            path.to_str().unwrap(),
            "-f",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["old"]["paragraphs"][0]["text"]
        .as_str()
        .unwrap()
        .contains("caf\u{e9}"));
    assert_ne!(v["old"]["encoding"], "UTF-8");
}
