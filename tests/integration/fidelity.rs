//! Nothing lost, nothing invented (issue #11, sections 1 and 2): format noise compares
//! as unchanged, and no text is silently dropped.

use assert_cmd::Command;

fn redliner() -> Command {
    let mut cmd = Command::cargo_bin("redliner").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("COLUMNS");
    cmd
}

#[test]
fn byte_identical_files_with_repeated_paragraphs_are_unchanged_issue_11() {
    let mut text = String::from("# Annexes to the statement\n\n");
    for _ in 0..70 {
        text.push_str("## Annex\n\nThe Allies agree the following text.\n\n");
    }
    text.push_str("We will meet again next year.\n");
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    std::fs::write(&a, &text).unwrap();
    std::fs::write(&b, &text).unwrap();
    let out = redliner()
        .args(["diff", "--format", "json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", json["summary"]);
}

#[test]
fn html_text_outside_the_main_content_is_compared_issue_11() {
    let page = |pledge: &str| {
        format!(
            "<!DOCTYPE html><html><head><title>Statement</title></head><body>\
             <main><h1>Statement</h1><p>The ministers met in Bucharest today.</p></main>\
             <div><p>{pledge} the illegal annexation of Crimea by Russia.</p></div>\
             <section class=\"shared-values\"><p>We share values of democracy.</p></section>\
             </body></html>"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.html"), dir.path().join("b.html"));
    std::fs::write(&a, page("We will never recognise")).unwrap();
    std::fs::write(&b, page("We may recognise")).unwrap();
    let out = redliner()
        .args(["diff", "--format", "json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["reworded"], 1, "{}", json["summary"]);
    let texts = serde_json::to_string(&json).unwrap();
    assert!(texts.contains("We share values of democracy."), "{texts}");
}

#[test]
fn ignore_spelling_folds_british_and_american_issue_11() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(
        &a,
        "We will strengthen our defence and recognise the programme.\n\nThe centre holds.\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "We will strengthen our defense and recognize the program.\n\nThe center holds.\n",
    )
    .unwrap();
    // Off by default: a change of spelling is a change of wording.
    redliner().arg("diff").arg(&a).arg(&b).assert().code(1);
    redliner()
        .args(["diff", "--ignore-spelling"])
        .arg(&a)
        .arg(&b)
        .assert()
        .code(0);
}

/// A space typed before a full stop or comma is noise: the files compare unchanged.
#[test]
fn a_space_before_punctuation_is_noise_issue_11() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    std::fs::write(&a, "We will support Ukraine, firmly. We stand together.\n").unwrap();
    std::fs::write(
        &b,
        "We will support Ukraine , firmly . We stand together.\n",
    )
    .unwrap();
    let out = redliner()
        .args(["diff", "--format", "json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", json["summary"]);
    assert_eq!(json["summary"]["unchanged"], 1);
    // The new characters are shown, the old ones kept for the rebuild.
    let span = &json["units"][0]["diff"][0];
    assert_eq!(
        span["text"],
        "We will support Ukraine , firmly . We stand together."
    );
    assert_eq!(
        span["old_text"],
        "We will support Ukraine, firmly. We stand together."
    );
}

/// A heading whose case changed is a marked change, not a "rewritten" pair of texts
/// with nothing marked (the snapshots hold long rewritten paragraphs shown as two texts).
#[test]
fn a_heading_case_change_is_marked_issue_11() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    std::fs::write(&a, "# Joint Statement\n\nWe will support Ukraine.\n").unwrap();
    std::fs::write(&b, "# JOINT STATEMENT\n\nWe will support Ukraine.\n").unwrap();
    let out = redliner()
        .args(["diff", "--color", "never"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("[-Joint Statement-] {+JOINT STATEMENT+}"),
        "{text}"
    );
    assert!(!text.contains("rewritten"), "{text}");
}
