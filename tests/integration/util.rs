//! Shared helpers: fixture paths and running a comparison.

use std::path::PathBuf;

use redliner::input::{self, DocxView, InputOptions};
use redliner::{compare, parse_document, read_document, Comparison, Document, Options};

/// The path of a file under `fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The redliner binary with the colour and terminal environment cleared, so that
/// output does not depend on the shell running the tests.
pub fn redliner() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("redliner").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        .env_remove("TERM");
    cmd
}

/// The path of a file under `fixtures/`, as a string for command arguments.
pub fn f(name: &str) -> String {
    fixture(name).to_string_lossy().into_owned()
}

/// Compares two fixtures with default options.
pub fn compare_fixtures(old: &str, new: &str) -> Comparison {
    let opts = Options::default();
    let o = read_document(&fixture(old), &opts).unwrap_or_else(|e| panic!("{old}: {e}"));
    let n = read_document(&fixture(new), &opts).unwrap_or_else(|e| panic!("{new}: {e}"));
    compare(o, n, &opts)
}

/// The JSON report of a comparison, parsed.
pub fn json_of(cmp: &Comparison) -> serde_json::Value {
    let mut out = Vec::new();
    redliner::render::json(cmp, &mut out).unwrap();
    serde_json::from_slice(&out).unwrap()
}

/// Every pair the tests run: the synthetic revisions of the seed and the real successive
/// statements.
pub const PAIRS: &[(&str, &str)] = &[
    ("b9-2024.txt", "b9-2024.txt"),
    ("b9-2024.txt", "b9-2025-draft.txt"),
    ("b9-2024.txt", "b9-2025-restructure.txt"),
    ("b9-2024.txt", "b9-2024-noise.txt"),
    ("b9-2024.txt", "b9-2025-commitments.txt"),
    (
        "wh/quad-2021-03-joint-statement.md",
        "wh/quad-2021-09-joint-statement.md",
    ),
    (
        "wh/quad-2021-09-joint-statement.md",
        "wh/quad-2022-05-joint-statement.md",
    ),
    (
        "wh/quad-2022-05-joint-statement.md",
        "wh/quad-2023-05-joint-statement.md",
    ),
    (
        "wh/g7-2023-02-ukraine-statement.md",
        "wh/g7-2024-02-ukraine-statement.md",
    ),
    (
        "wh/nato-2021-06-summit-fact-sheet.md",
        "wh/nato-2022-06-summit-fact-sheet.md",
    ),
    (
        "wh/g7-2021-06-carbis-bay-communique.md",
        "wh/g7-2023-05-hiroshima-communique.md",
    ),
];

/// A DOCX redline read back in one view: `Accepted` should give NEW, `Original` OLD.
pub fn read_back(bytes: &[u8], view: DocxView) -> Document {
    let mut input = InputOptions::default();
    input.docx_view = view;
    input.format = Some(input::Format::Docx);
    let opts = Options {
        input,
        ..Options::default()
    };
    parse_document("redline.docx", bytes, &opts).unwrap()
}
