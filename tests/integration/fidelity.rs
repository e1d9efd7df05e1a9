//! Nothing lost, nothing invented (issue #11, sections 1 and 2): format noise compares
//! as unchanged, and no text is silently dropped.

use std::process::Output;

use crate::util::redliner;

/// Writes OLD and NEW to `a.EXT` and `b.EXT` in a scratch directory and runs
/// `redliner diff ARGS a.EXT b.EXT`.
fn diff_texts(ext: &str, old: &str, new: &str, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (
        dir.path().join(format!("a.{ext}")),
        dir.path().join(format!("b.{ext}")),
    );
    std::fs::write(&a, old).unwrap();
    std::fs::write(&b, new).unwrap();
    redliner()
        .arg("diff")
        .args(args)
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap()
}

#[test]
fn byte_identical_files_with_repeated_paragraphs_are_unchanged_issue_11() {
    let mut text = String::from("# Annexes to the statement\n\n");
    for _ in 0..70 {
        text.push_str("## Annex\n\nThe Allies agree the following text.\n\n");
    }
    text.push_str("We will meet again next year.\n");
    let out = diff_texts("md", &text, &text, &["--format", "json"]);
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
    let out = diff_texts(
        "html",
        &page("We will never recognise"),
        &page("We may recognise"),
        &["--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["reworded"], 1, "{}", json["summary"]);
    let texts = serde_json::to_string(&json).unwrap();
    assert!(texts.contains("We share values of democracy."), "{texts}");
}

#[test]
fn ignore_spelling_folds_british_and_american_issue_11() {
    let old = "We will strengthen our defence and recognise the programme.\n\nThe centre holds.\n";
    let new = "We will strengthen our defense and recognize the program.\n\nThe center holds.\n";
    // Off by default: a change of spelling is a change of wording.
    assert_eq!(diff_texts("txt", old, new, &[]).status.code(), Some(1));
    let folded = diff_texts("txt", old, new, &["--ignore-spelling"]);
    assert_eq!(folded.status.code(), Some(0));
}

/// A space typed before a full stop or comma is noise: the files compare unchanged.
#[test]
fn a_space_before_punctuation_is_noise_issue_11() {
    let out = diff_texts(
        "md",
        "We will support Ukraine, firmly. We stand together.\n",
        "We will support Ukraine , firmly . We stand together.\n",
        &["--format", "json"],
    );
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
    let out = diff_texts(
        "md",
        "# Joint Statement\n\nWe will support Ukraine.\n",
        "# JOINT STATEMENT\n\nWe will support Ukraine.\n",
        &["--color", "never"],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("[-Joint Statement-] {+JOINT STATEMENT+}"),
        "{text}"
    );
    assert!(!text.contains("rewritten"), "{text}");
}

/// A change of white space alone between two marked spans is shown as the space it is,
/// never as an empty marker (`{++}`), which a reader cannot make sense of.
#[test]
fn white_space_alone_gets_no_empty_marker() {
    let old = "First paragraph of the text is long enough here.\n\nCOVID-19 and Global Health Security\n\nFor more than two years, the world has grappled with the devastating impacts of COVID-19 on our communities.\n\nLast paragraph here is also long.\n";
    let new = "First paragraph of the text is long enough here.\n\nCOVID-19 and Global Health Security For more than two years, the world has grappled with the devastating impacts of COVID-19 on our communities.\n\nLast paragraph here is also long.\n";
    let out = diff_texts("txt", old, new, &["--width", "200"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("moved from"), "{text}");
    for empty in ["{++}", "[--]", "{+ +}", "[- -]"] {
        assert!(!text.contains(empty), "{empty} in:\n{text}");
    }
    assert!(text.contains("Security<} For more"), "{text}");
}
