//! Reviewed snapshots of the terminal report, colour off, on the synthetic revisions.

use redliner::render::{terminal, TerminalOptions};

use crate::util::compare_fixtures;

fn report(old: &str, new: &str) -> String {
    let mut out = Vec::new();
    terminal(
        &compare_fixtures(old, new),
        &TerminalOptions::default(),
        &mut out,
    )
    .unwrap();
    // Paths differ between machines; the fixture names do not.
    String::from_utf8(out)
        .unwrap()
        .replace(env!("CARGO_MANIFEST_DIR"), "<repo>")
}

#[test]
fn terminal_light_edit() {
    insta::assert_snapshot!(report("b9-2024.txt", "b9-2025-draft.txt"));
}

#[test]
fn terminal_restructure() {
    insta::assert_snapshot!(report("b9-2024.txt", "b9-2025-restructure.txt"));
}

#[test]
fn terminal_commitment_edits() {
    insta::assert_snapshot!(report("b9-2024.txt", "b9-2025-commitments.txt"));
}

#[test]
fn terminal_quad_2022_2023() {
    insta::assert_snapshot!(report(
        "wh/quad-2022-05-joint-statement.md",
        "wh/quad-2023-05-joint-statement.md"
    ));
}
