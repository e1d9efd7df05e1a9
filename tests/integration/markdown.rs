//! The Markdown report: reviewed snapshots on the pairs the terminal snapshots cover,
//! escaping, the byte budget and its honest last line; and `diff -o`, which writes any
//! format to a file atomically.

use assert_cmd::Command;
use predicates::prelude::*;

use redliner::render::{markdown, MarkdownOptions};
use redliner::{compare, parse_document, Comparison, Options};

use crate::util::f;
use crate::util::{compare_fixtures, PAIRS};

fn render(cmp: &Comparison, max_bytes: usize) -> String {
    let mut out = Vec::new();
    markdown(cmp, &MarkdownOptions { max_bytes }, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn report(old: &str, new: &str) -> String {
    render(&compare_fixtures(old, new), 0).replace(env!("CARGO_MANIFEST_DIR"), "<repo>")
}

#[test]
fn markdown_light_edit() {
    insta::assert_snapshot!(report("b9-2024.txt", "b9-2025-draft.txt"));
}

#[test]
fn markdown_restructure() {
    insta::assert_snapshot!(report("b9-2024.txt", "b9-2025-restructure.txt"));
}

#[test]
fn markdown_commitment_edits() {
    insta::assert_snapshot!(report("b9-2024.txt", "b9-2025-commitments.txt"));
}

#[test]
fn markdown_quad_2022_2023() {
    insta::assert_snapshot!(report(
        "wh/quad-2022-05-joint-statement.md",
        "wh/quad-2023-05-joint-statement.md"
    ));
}

#[test]
fn deterministic_and_within_budget_on_every_pair() {
    for (old, new) in PAIRS {
        let cmp = compare_fixtures(old, new);
        let full = render(&cmp, 60_000);
        assert_eq!(full, render(&cmp, 60_000), "{old} {new}");
        assert!(full.len() <= 60_000, "{old} {new}: {} bytes", full.len());
    }
}

/// Changes shown in a report: unit headings and commitment items.
fn shown(report: &str) -> usize {
    let units = report
        .lines()
        .filter(|l| l.starts_with("**") && l.contains(" \u{2192} ") && l.contains("** \u{b7} "))
        .count();
    let items = report
        .lines()
        .filter(|l| l.starts_with("- old **") || l.starts_with("- new **") || l.starts_with("- **"))
        .count();
    units + items
}

#[test]
fn budget_cuts_whole_changes_and_says_how_many() {
    let cmp = compare_fixtures(
        "wh/g7-2021-06-carbis-bay-communique.md",
        "wh/g7-2023-05-hiroshima-communique.md",
    );
    let total = cmp.units.iter().filter(|u| u.is_change()).count() + cmp.commitments.len();
    let full = render(&cmp, 0);
    assert_eq!(shown(&full), total);
    assert!(full.len() > 60_000, "the pair must be long enough to cut");
    for budget in [1024, 5_000, 60_000] {
        let cut = render(&cmp, budget);
        assert!(cut.len() <= budget, "{budget}: {} bytes", cut.len());
        let last = cut.lines().last().unwrap();
        let missing = total - shown(&cut);
        assert!(
            last.starts_with(&format!("**{missing} more changes not shown**")),
            "{budget}: {last}"
        );
        assert!(full.starts_with(&cut[..cut.len() - last.len() - 2]));
    }
}

#[test]
fn document_text_cannot_make_markup() {
    let opts = Options::default();
    // A link in the source shows as its text (its target is furniture); the escaped
    // one stays as text that looks like a link, and must not become one.
    let old =
        "1. We will act on *all* of \\[this\\](javascript:alert(1)) <script>x</script> | a.\n\n\
               2. Allies spend $1.5 trillion and $2 billion & more_than_that ~~x~~.\n";
    let new =
        "1. We may act on *all* of \\[this\\](javascript:alert(1)) <img src=x onerror=y> | a.\n\n\
               2. Allies spend $1.5 trillion and $3 billion & more_than_that ~~x~~ `code`.\n";
    let cmp = compare(
        parse_document("old|`x`.md", old.as_bytes(), &opts).unwrap(),
        parse_document("new.md", new.as_bytes(), &opts).unwrap(),
        &opts,
    );
    let md = render(&cmp, 0);
    for raw in [
        "<script",
        "<img",
        "](javascript",
        "*all*",
        "$1.5",
        "_than",
        "|`x`",
        "~~x~~",
        "`code",
    ] {
        let bare = md
            .match_indices(raw)
            .filter(|(i, _)| !md[..*i].ends_with('\\'));
        assert_eq!(bare.count(), 0, "{raw:?} unescaped in:\n{md}");
    }
    // The new sentence of the reworded commitment, with its insertion marked.
    assert!(md.contains("\\<**img src=x onerror=y**\\>"));
    assert!(md.contains("\\[this\\](javascript:alert(1))"));
    assert!(md.contains("old\\|\\`x\\`.md"));
    assert!(md.contains("~~will~~") && md.contains("**may**"));
}

// ---------------------------------------------------------------------------------------
// `diff -o FILE`

fn redliner() -> Command {
    let mut cmd = Command::cargo_bin("redliner").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn output_file_gets_the_report_and_stdout_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["markdown", "html", "json", "terminal"] {
        let out = dir.path().join(format!("report.{format}"));
        redliner()
            .args(["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt")])
            .args(["--format", format, "-o"])
            .arg(&out)
            .assert()
            .code(1)
            .stdout("");
        let written = std::fs::read_to_string(&out).unwrap();
        assert!(written.contains("50 billion"), "{format}");
        assert!(!written.contains('\u{1b}'), "{format}: no colour in a file");
    }
    assert_eq!(files_in(dir.path()).len(), 4, "no temporary files left");
}

#[test]
fn failed_run_leaves_the_old_report_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    std::fs::write(&out, "the earlier report").unwrap();
    let missing = dir.path().join("missing.txt");
    redliner()
        .args(["diff", &f("b9-2024.txt")])
        .arg(&missing)
        .args(["--format", "html", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("missing.txt"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "the earlier report");
    assert_eq!(files_in(dir.path()), ["report.html"]);
    // A directory in the way, and a directory that does not exist.
    for bad in [
        dir.path().to_path_buf(),
        dir.path().join("nowhere/report.html"),
    ] {
        redliner()
            .args(["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt"), "-o"])
            .arg(&bad)
            .assert()
            .code(2);
    }
    assert_eq!(files_in(dir.path()), ["report.html"]);
}

#[test]
fn max_bytes_is_checked() {
    let args = ["diff", &f("b9-2024.txt"), &f("b9-2025-draft.txt")].map(String::from);
    redliner()
        .args(&args)
        .args(["--format", "html", "--max-bytes", "5000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("markdown only"));
    redliner()
        .args(&args)
        .args(["--format", "markdown", "--max-bytes", "10"])
        .assert()
        .code(2);
    redliner()
        .args(&args)
        .args(["--format", "markdown", "--max-bytes", "1024"])
        .assert()
        .code(1)
        .stdout(predicate::function(|s: &str| s.len() <= 1024));
}
