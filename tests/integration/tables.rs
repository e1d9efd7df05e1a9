//! Tables are one paragraph per row, kind `table-row` (issue #11).
//!
//! - A Markdown table, converted by pandoc to DOCX and HTML, gives the same rows from all
//!   three (`REDLINER_SKIP_CONVERTERS=1` skips the conversion; otherwise a missing pandoc
//!   fails the test and says so).
//! - A changed cell is one reworded row with only its words marked; swapped rows are
//!   moves; an added row is one added table row; the pipes of Markdown syntax never show
//!   as changed text, and re-aligning a table's source changes nothing.
//! - Every letter of a document with tables is in a paragraph or the furniture, and
//!   every unit rebuilds both sides; odd tables never panic.
//! - The DOCX redline of two documents with tables reads back as NEW and OLD.

use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use redliner::input::DocxView;
use redliner::render::{docx, DocxOptions};
use redliner::{compare, parse_document, Comparison, DiffOp, Document, Options, UnitKind};

use crate::contract::check_report;
use crate::props::rebuilt;
use crate::util::{json_of, read_back, redliner};

/// A short statement with a table of pledges: one Markdown row per entry of `rows`.
fn statement(rows: &[&str]) -> String {
    let mut text = String::from(
        "# Defence spending pledges\n\nThe ministers agreed on the following national pledges for the coming years.\n\n| Country | Pledge | Deadline |\n|---|:---:|---:|\n",
    );
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text.push_str("\nWe will review these pledges at our next meeting in Vilnius.\n");
    text
}

const ROWS: [&str; 4] = [
    "| Poland | **4%** of GDP on air and missile defence | 2024 |",
    "| Estonia | 3.2% of GDP with new coastal artillery | 2025 |",
    "| Latvia | 3.1% of GDP for conscription and training | 2026 |",
    "| Lithuania | 3% of GDP toward a brigade for Germany | 2027 |",
];

fn doc(name: &str, text: &str) -> Document {
    parse_document(name, text.as_bytes(), &Options::default()).unwrap()
}

fn run(old: &str, new: &str) -> Comparison {
    let cmp = compare(doc("old.md", old), doc("new.md", new), &Options::default());
    rebuilt(&cmp);
    cmp
}

/// (kind, text) of every paragraph.
fn shapes(d: &Document) -> Vec<(String, String)> {
    d.paragraphs
        .iter()
        .map(|p| (p.kind.as_str().to_owned(), p.text.clone()))
        .collect()
}

/// The texts of a document's table rows.
fn rows(d: &Document) -> Vec<String> {
    shapes(d)
        .into_iter()
        .filter(|(k, _)| k == "table-row")
        .map(|(_, t)| t)
        .collect()
}

/// The changed text of a comparison: every deleted and inserted span, trimmed.
fn changed(cmp: &Comparison) -> Vec<(DiffOp, String)> {
    cmp.units
        .iter()
        .flat_map(|u| &u.diff)
        .filter(|s| s.op != DiffOp::Equal)
        .map(|s| (s.op, s.text.trim().to_owned()))
        .collect()
}

#[test]
fn markdown_rows_are_table_row_paragraphs() {
    let d = doc("t.md", &statement(&ROWS));
    let rows = rows(&d);
    assert_eq!(
        rows,
        [
            "Country | Pledge | Deadline",
            "Poland | 4% of GDP on air and missile defence | 2024",
            "Estonia | 3.2% of GDP with new coastal artillery | 2025",
            "Latvia | 3.1% of GDP for conscription and training | 2026",
            "Lithuania | 3% of GDP toward a brigade for Germany | 2027",
        ]
    );
    assert!(d
        .paragraphs
        .iter()
        .all(|p| p.kind.as_str() != "table-row" || p.label.is_none()));
    let rules: Vec<_> = d
        .furniture
        .iter()
        .map(|f| (f.reason.as_str(), f.text.as_str(), f.line))
        .collect();
    assert_eq!(rules, [("table delimiter row", "|---|:---:|---:|", 6)]);
}

#[test]
fn a_changed_cell_is_one_reworded_row_with_only_its_word_marked() {
    let mut new = ROWS;
    new[1] = "| Estonia | 3.2% of GDP with new coastal missiles | 2025 |";
    let cmp = run(&statement(&ROWS), &statement(&new));
    let changes: Vec<_> = cmp.units.iter().filter(|u| u.is_change()).collect();
    assert_eq!(changes.len(), 1, "{:?}", cmp.summary);
    let u = changes[0];
    assert_eq!(u.kind, UnitKind::Reworded);
    assert!(!u.moved);
    assert_eq!(cmp.old.paragraph(u.old[0]).kind.as_str(), "table-row");
    assert_eq!(cmp.new.paragraph(u.new[0]).kind.as_str(), "table-row");
    assert_eq!(
        changed(&cmp),
        [
            (DiffOp::Delete, "artillery".to_owned()),
            (DiffOp::Insert, "missiles".to_owned())
        ]
    );
}

#[test]
fn markdown_pipes_never_show_as_changed_text() {
    // A change in the first and in the last column, and the source re-aligned the way
    // editors and pandoc pad tables: no outer pipes, padded cells, another delimiter row.
    let old = statement(&ROWS);
    let new = "# Defence spending pledges\n\nThe ministers agreed on the following national pledges for the coming years.\n\nCountry   | Pledge                                      | Deadline\n:-------- | ------------------------------------------- | --------\nPoland    | **4%** of GDP on air and missile defence    | 2024\nEstonia   | 3.2% of GDP with new coastal artillery      | 2025\nLatvija   | 3.1% of GDP for conscription and training   | 2026\nLithuania | 3% of GDP toward a brigade for Germany      | 2028\n\nWe will review these pledges at our next meeting in Vilnius.\n";
    let cmp = run(&old, new);
    assert_eq!(cmp.summary.reworded, 2, "{:?}", cmp.summary);
    assert_eq!(
        cmp.summary.added + cmp.summary.removed + cmp.summary.moved,
        0
    );
    let changed = changed(&cmp);
    assert!(!changed.is_empty());
    for (_, text) in &changed {
        assert!(!text.contains('|'), "pipes in changed text: {changed:?}");
    }
    // Only the re-alignment: nothing at all.
    let realigned = new.replace("Latvija", "Latvia  ").replace("2028", "2027");
    let cmp = run(&old, &realigned);
    assert!(!cmp.summary.has_changes(), "{:?}", cmp.summary);
}

#[test]
fn swapped_rows_are_moves_not_removals() {
    let new = [ROWS[0], ROWS[2], ROWS[1], ROWS[3]];
    let cmp = run(&statement(&ROWS), &statement(&new));
    assert_eq!(cmp.summary.added, 0, "{:?}", cmp.summary);
    assert_eq!(cmp.summary.removed, 0, "{:?}", cmp.summary);
    assert_eq!(cmp.summary.moved, 1, "{:?}", cmp.summary);
    let moved: Vec<_> = cmp.units.iter().filter(|u| u.moved).collect();
    assert_eq!(moved[0].kind, UnitKind::Unchanged);
    assert_eq!(
        cmp.new.paragraph(moved[0].new[0]).kind.as_str(),
        "table-row"
    );
}

#[test]
fn an_added_row_is_one_added_table_row() {
    let mut new = ROWS.to_vec();
    new.insert(2, "| Romania | 2.5% of GDP for a new air base | 2030 |");
    let cmp = run(&statement(&ROWS), &statement(&new));
    assert_eq!(cmp.summary.added, 1, "{:?}", cmp.summary);
    assert_eq!(
        cmp.summary.reworded + cmp.summary.removed + cmp.summary.moved,
        0
    );
    let u = cmp
        .units
        .iter()
        .find(|u| u.kind == UnitKind::Added)
        .unwrap();
    let p = cmp.new.paragraph(u.new[0]);
    assert_eq!(p.kind.as_str(), "table-row");
    assert_eq!(p.text, "Romania | 2.5% of GDP for a new air base | 2030");
}

#[test]
fn cli_json_names_the_kind_and_the_furniture_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    let mut new = ROWS;
    new[3] = "| Lithuania | 3% of GDP toward a brigade for Germany | 2028 |";
    std::fs::write(&a, statement(&ROWS)).unwrap();
    std::fs::write(&b, statement(&new)).unwrap();
    let out = redliner()
        .args(["diff", "--format", "json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = json["new"]["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "heading",
            "body",
            "table-row",
            "table-row",
            "table-row",
            "table-row",
            "table-row",
            "body"
        ]
    );
    assert_eq!(json["new"]["furniture"][0]["reason"], "table delimiter row");
    assert_eq!(json["summary"]["reworded"], 1, "{}", json["summary"]);
    // The terminal report shows the row with its one change.
    let out = redliner()
        .args(["diff", "--color", "never", "--width", "0"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Lithuania | 3% of GDP toward a brigade for Germany | [-2027-] {+2028+}"),
        "{text}"
    );
}

#[test]
fn every_letter_of_tables_is_accounted_for() {
    let text = "# Tables\n\n| A | B |\n|---|---|\n| ragged |\n| more | cells | than | header |\n| `code | span` | \\| escaped \\| |\n\nProse with a | pipe is no table.\n\n|---|---|\n\nx | y\n- | -\nlast | row at EOF";
    let d = doc("t.md", text);
    let count = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
    let kept: usize = d
        .paragraphs
        .iter()
        .map(|p| count(&p.text) + count(p.label.as_deref().unwrap_or("")))
        .sum::<usize>()
        + d.furniture.iter().map(|f| count(&f.text)).sum::<usize>();
    assert_eq!(kept, count(text), "{:?}", shapes(&d));
    let rows = rows(&d);
    assert_eq!(
        rows,
        [
            "A | B",
            "ragged |",
            "more | cells | than | header",
            "`code | span` | | escaped |",
            "x | y",
            "last | row at EOF"
        ]
    );
    // Both sides of every unit rebuild from its spans, with tables changed every way.
    let mut new = vec![ROWS[3], ROWS[0], "| Romania | | 2030 |", ROWS[2]];
    new[3] = "| Latvia | 3.5% of GDP for conscription | 2026 | extra |";
    let cmp = run(&statement(&ROWS), &statement(&new));
    assert!(cmp.summary.has_changes());
}

#[test]
fn tables_keep_the_json_contract_and_every_report_is_deterministic() {
    let mut new = vec![ROWS[1], ROWS[0], "| Romania | | 2030 |", ROWS[3]];
    new[3] = "| Lithuania | 3.5% of GDP toward a brigade for Germany | 2027 | extra |";
    let (old, new) = (statement(&ROWS), statement(&new));
    let report = json_of(&run(&old, &new));
    check_report(&report);
    let kinds = |side: &str| -> usize {
        report[side]["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["kind"] == "table-row")
            .count()
    };
    assert_eq!((kinds("old"), kinds("new")), (5, 5));
    let render = || {
        let cmp = run(&old, &new);
        let mut outs = vec![Vec::new(), Vec::new(), Vec::new(), Vec::new()];
        redliner::render::json(&cmp, &mut outs[0]).unwrap();
        redliner::render::html(
            &cmp,
            &redliner::render::HtmlOptions::default(),
            &mut outs[1],
        )
        .unwrap();
        redliner::render::markdown(
            &cmp,
            &redliner::render::MarkdownOptions::default(),
            &mut outs[2],
        )
        .unwrap();
        docx(&cmp, &DocxOptions::default(), &mut outs[3]).unwrap();
        outs
    };
    assert!(render() == render());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Text made of table pieces parses without a panic and loses no letter or digit.
    #[test]
    fn any_table_like_text_parses_and_loses_nothing(text in "(\\|| \\| |---|:--|\\\\\\||`|\n|a|Bé|1|\\*\\*| ){0,120}") {
        let Ok(d) = parse_document("fuzz.md", text.as_bytes(), &Options::default()) else {
            return Ok(());
        };
        let count = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
        let kept: usize = d.paragraphs.iter().map(|p| count(&p.text) + count(p.label.as_deref().unwrap_or(""))).sum::<usize>()
            + d.furniture.iter().map(|f| count(&f.text)).sum::<usize>();
        prop_assert_eq!(kept, count(&text));
        let again = parse_document("fuzz.md", text.as_bytes(), &Options::default()).unwrap();
        prop_assert_eq!(shapes(&d), shapes(&again));
    }
}

/// Converts with pandoc; `None` when converters are skipped.
fn pandoc(args: &[&str], out: &Path) -> Option<Vec<u8>> {
    if std::env::var_os("REDLINER_SKIP_CONVERTERS").is_some() {
        return None;
    }
    let run = Command::new("pandoc")
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("pandoc is needed for this test ({e}); REDLINER_SKIP_CONVERTERS=1 skips it")
        });
    assert!(
        run.status.success(),
        "pandoc {args:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    Some(std::fs::read(out).unwrap_or_else(|e| panic!("{}: {e}", out.display())))
}

#[test]
fn one_table_gives_the_same_rows_from_markdown_docx_and_html() {
    let source = "We list the pledges.\n\n| Country | Pledge | Deadline |\n|:---|:---:|---:|\n| Poland | **4%** of GDP on *air* defence | 2024 |\n| Estonia | 3.2% of GDP, with a \\| in it |  |\n|  | an empty first cell | 2026 |\n| Lithuania | 3% of GDP | 2027 |\n\nWe will review these pledges in Vilnius.\n";
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("t.md");
    std::fs::write(&md, source).unwrap();
    let md_s = md.to_str().unwrap();
    let docx_path = dir.path().join("t.docx");
    let html_path = dir.path().join("t.html");
    let Some(docx_bytes) = pandoc(&[md_s, "-o", docx_path.to_str().unwrap()], &docx_path) else {
        return;
    };
    let html_bytes = pandoc(
        &[
            md_s,
            "-s",
            "--metadata",
            "pagetitle=Pledges",
            "-o",
            html_path.to_str().unwrap(),
        ],
        &html_path,
    )
    .unwrap();
    let opts = Options::default();
    let from_md = shapes(&parse_document("t.md", source.as_bytes(), &opts).unwrap());
    let from_docx = shapes(&parse_document("t.docx", &docx_bytes, &opts).unwrap());
    let from_html = shapes(&parse_document("t.html", &html_bytes, &opts).unwrap());
    let want: Vec<(String, String)> = [
        ("body", "We list the pledges."),
        ("table-row", "Country | Pledge | Deadline"),
        ("table-row", "Poland | 4% of GDP on air defence | 2024"),
        ("table-row", "Estonia | 3.2% of GDP, with a | in it |"),
        ("table-row", "| an empty first cell | 2026"),
        ("table-row", "Lithuania | 3% of GDP | 2027"),
        ("body", "We will review these pledges in Vilnius."),
    ]
    .iter()
    .map(|(k, t)| (k.to_string(), t.to_string()))
    .collect();
    assert_eq!(from_md, want, "Markdown");
    assert_eq!(from_docx, want, "DOCX");
    assert_eq!(from_html, want, "HTML");
    // And so the three compare as unchanged with each other.
    for (name, bytes) in [("t.docx", &docx_bytes), ("t.html", &html_bytes)] {
        let cmp = compare(
            parse_document("t.md", source.as_bytes(), &opts).unwrap(),
            parse_document(name, bytes, &opts).unwrap(),
            &opts,
        );
        assert!(!cmp.summary.has_changes(), "{name}: {:?}", cmp.summary);
    }
}

#[test]
fn the_docx_redline_of_tables_reads_back_as_new_and_old() {
    let mut new = vec![ROWS[0], ROWS[2], ROWS[1]];
    new.push("| Romania | 2.5% of GDP for a new air base | 2030 |");
    new[0] = "| Poland | **5%** of GDP on air and missile defence | 2024 |";
    let cmp = run(&statement(&ROWS), &statement(&new));
    assert!(cmp.summary.reworded >= 1 && cmp.summary.added == 1 && cmp.summary.removed == 1);
    let mut bytes = Vec::new();
    docx(&cmp, &DocxOptions::default(), &mut bytes).unwrap();
    let opts = Options::default();
    for (view, want) in [
        (DocxView::Accepted, &cmp.new),
        (DocxView::Original, &cmp.old),
    ] {
        let got = read_back(&bytes, view);
        // A row is written as a plain paragraph: the same text, read back as body.
        let texts =
            |d: &Document| -> Vec<String> { d.paragraphs.iter().map(|p| p.text.clone()).collect() };
        assert_eq!(texts(&got), texts(want), "{view:?}");
        let back = compare(got, want.clone(), &opts);
        assert!(!back.summary.has_changes(), "{view:?}: {:?}", back.summary);
    }
}

#[test]
fn history_lineages_of_rows_are_table_rows() {
    let v2 = [ROWS[0], ROWS[1], ROWS[2]];
    let v3 = [ROWS[0], ROWS[1], ROWS[2], ROWS[3]];
    let docs = [statement(&ROWS), statement(&v2), statement(&v3)]
        .iter()
        .enumerate()
        .map(|(i, t)| doc(&format!("v{i}.md"), t))
        .collect();
    let h = redliner::history::build(docs, &redliner::HistoryOptions::default()).unwrap();
    let kind_of = |text: &str| {
        h.lineages
            .iter()
            .find(|l| {
                l.versions.iter().enumerate().any(|(v, c)| {
                    !c.paragraphs.is_empty() && h.text(v, &c.paragraphs).starts_with(text)
                })
            })
            .map(|l| l.kind.as_str())
    };
    assert_eq!(kind_of("Lithuania"), Some("table-row"));
    assert_eq!(kind_of("Country"), Some("table-row"));
    assert_eq!(kind_of("We will review"), Some("body"));
    // The row dropped in v2 and back in v3 is one lineage, not two.
    let lithuania = h
        .lineages
        .iter()
        .filter(|l| {
            l.versions.iter().enumerate().any(|(v, c)| {
                !c.paragraphs.is_empty() && h.text(v, &c.paragraphs).starts_with("Lithuania")
            })
        })
        .count();
    assert_eq!(lithuania, 1);
}
