//! Format noise never shows as change (issue #11, section 1): every statement in
//! `fixtures/wh/` re-wrapped at 58 columns with breaks after hyphens, and with its
//! quotes swapped between curly and straight, compares as unchanged. A subset also goes
//! through pandoc (HTML, DOCX) and LibreOffice (PDF): `REDLINER_SKIP_CONVERTERS=1` skips
//! those when the tools are missing; otherwise a missing tool fails the test and says so.

use std::path::{Path, PathBuf};
use std::process::Command;

use redliner::{compare, parse_document, read_document, Document, Options};

fn wh() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/wh");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "{files:?}");
    files
}

/// Front matter (kept as it is) and the body of a Markdown file.
fn split_front_matter(text: &str) -> (&str, &str) {
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            let cut = 4 + end + 5;
            return (&text[..cut], &text[cut..]);
        }
    }
    ("", text)
}

/// Re-wraps every paragraph of a Markdown body at `width` columns, breaking lines after
/// hyphens inside words too (`Indo-` / `Pacific`), as editors and converters do. What
/// Markdown gives meaning to is kept: blank lines (also those holding only spaces), list
/// item starts, hard line breaks (two trailing spaces or a backslash), indentation, and
/// headings, tables and comments, which are copied as they are.
fn rewrap(body: &str, width: usize) -> String {
    let lines: Vec<&str> = body.split('\n').collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            out.push(lines[i].to_owned());
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        let block = &lines[start..i];
        let head = block[0].trim_start();
        if head.starts_with('#') || head.starts_with('|') || head.starts_with("<!--") {
            out.extend(block.iter().map(|l| (*l).to_owned()));
            continue;
        }
        for segment in segments(block) {
            out.extend(reflow(&segment, width));
        }
    }
    out.join("\n")
}

/// A line that starts a Markdown list item.
fn starts_item(l: &str) -> bool {
    let t = l.trim_start();
    t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("+ ")
        || t.split_once(['.', ')']).is_some_and(|(n, rest)| {
            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && rest.starts_with(' ')
        })
}

fn hard_break(l: &str) -> bool {
    l.ends_with("  ") || l.ends_with('\\')
}

/// The runs of lines that reflow as one: a new run starts at a list item and after a
/// hard line break.
fn segments<'a>(block: &[&'a str]) -> Vec<Vec<&'a str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    for (k, l) in block.iter().enumerate() {
        let fresh = k == 0 || starts_item(l) || hard_break(block[k - 1]);
        match out.last_mut() {
            Some(seg) if !fresh => seg.push(l),
            _ => out.push(vec![l]),
        }
    }
    out
}

/// One run of lines reflowed at `width`, keeping its first line's indent and marker, its
/// continuation indent and a hard break at its end.
fn reflow(seg: &[&str], width: usize) -> Vec<String> {
    let first = seg[0];
    let indent = first.len() - first.trim_start().len();
    let marker = if starts_item(first) {
        first.trim_start().find(' ').map_or(0, |k| k + 1)
    } else {
        0
    };
    let cont = seg
        .get(1)
        .map_or(indent + marker, |l| l.len() - l.trim_start().len());
    let last = seg[seg.len() - 1];
    let tail = if last.ends_with('\\') {
        "\\"
    } else if last.ends_with("  ") {
        "  "
    } else {
        ""
    };
    let text: Vec<&str> = seg.iter().flat_map(|l| l.split_whitespace()).collect();
    let mut words: Vec<&str> = text.clone();
    if tail == "\\" {
        if let Some(w) = words.last_mut() {
            *w = w.strip_suffix('\\').unwrap_or(w);
        }
    }
    // Break points after inner hyphens: `Indo-Pacific` is `Indo-` + `Pacific`.
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    for w in words {
        let parts: Vec<&str> = w.split_inclusive('-').collect();
        let splittable = parts.len() > 1
            && parts
                .iter()
                .all(|p| p.trim_end_matches('-').chars().any(char::is_alphanumeric));
        if splittable {
            for (k, p) in parts.into_iter().enumerate() {
                pieces.push((k == 0, p));
            }
        } else {
            pieces.push((true, w));
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut line = " ".repeat(indent);
    let mut empty = true;
    for (spaced, p) in pieces {
        let add = usize::from(spaced && !empty) + p.chars().count();
        if !empty && line.chars().count() + add > width {
            out.push(line);
            line = " ".repeat(cont);
            empty = true;
        }
        if spaced && !empty {
            line.push(' ');
        }
        line.push_str(p);
        empty = false;
    }
    line.push_str(tail);
    out.push(line);
    out
}

/// Curly quotes become straight ones, straight ones curly.
fn requote(body: &str) -> String {
    let mut out = String::new();
    let mut open = true;
    let mut prev = ' ';
    for c in body.chars() {
        let r = match c {
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\'' if prev.is_alphanumeric() => '\u{2019}',
            '"' => {
                open = !open;
                if open {
                    '\u{201D}'
                } else {
                    '\u{201C}'
                }
            }
            c => c,
        };
        out.push(r);
        prev = c;
    }
    out
}

fn changes(name: &str, old: Document, new: Document) -> Option<String> {
    let cmp = compare(old, new, &Options::default());
    if !cmp.summary.has_changes() {
        return None;
    }
    let mut out = Vec::new();
    redliner::render::json(&cmp, &mut out).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let units: Vec<String> = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["kind"] != "unchanged" || u["moved"] == true)
        .take(3)
        .map(|u| {
            // The spans that differ, which is what a failure needs to show.
            let ops: Vec<String> = u["diff"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|d| d["op"] != "equal" || d.get("old_text").is_some())
                .map(|d| {
                    let old = d.get("old_text").map(|t| format!(" (old {t})"));
                    format!("{} {}{}", d["op"], d["text"], old.unwrap_or_default())
                })
                .collect();
            format!("{} {:?}: {}", u["kind"], u["old"], ops.join(" | "))
                .chars()
                .take(1200)
                .collect()
        })
        .collect();
    Some(format!(
        "{name}: {}\n  {}",
        json["summary"],
        units.join("\n  ")
    ))
}

/// The statements of `fixtures/wh/` whose variant made by `make` compares as changed.
fn changed_variants(how: &str, make: impl Fn(&str) -> String) -> Vec<String> {
    let opts = Options::default();
    let mut failures = Vec::new();
    for path in wh() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let (front, body) = split_front_matter(&text);
        let variant = format!("{front}{}", make(body));
        let old = read_document(&path, &opts).unwrap();
        let new = parse_document(&format!("{name} ({how})"), variant.as_bytes(), &opts).unwrap();
        if let Some(c) = changes(&format!("{name} {how}"), old, new) {
            failures.push(c);
        }
    }
    failures
}

#[test]
fn requoted_statements_are_unchanged_issue_11() {
    let failures = changed_variants("requote", requote);
    assert!(
        failures.is_empty(),
        "{} changed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn rewrapped_statements_are_unchanged_issue_11() {
    let failures = changed_variants("rewrap", |b| rewrap(b, 58));
    assert!(
        failures.is_empty(),
        "{} changed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn rewrap_breaks_after_hyphens() {
    let w = rewrap(
        "We work for a free and open Indo-Pacific region today.\n",
        30,
    );
    assert!(w.contains("Indo-\n") || w.contains("Indo-Pacific"), "{w}");
    let w = rewrap("aaaa bbbb cccc dddd eeee ffff gggg hhhh Indo-Pacific\n", 45);
    assert!(w.contains("Indo-\nPacific"), "{w:?}");
}

/// Converts with an external tool; `None` when converters are skipped.
fn convert(tool: &str, args: &[&str], out: &Path) -> Option<Vec<u8>> {
    if std::env::var_os("REDLINER_SKIP_CONVERTERS").is_some() {
        return None;
    }
    let status = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} is needed for this test ({e}); REDLINER_SKIP_CONVERTERS=1 skips it")
    });
    assert!(
        status.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    Some(std::fs::read(out).unwrap_or_else(|e| panic!("{}: {e}", out.display())))
}

/// A subset, to keep the runtime modest: one statement of each series.
const CONVERTED: &[&str] = &[
    "quad-2021-09-joint-statement.md",
    "g7-2023-02-ukraine-statement.md",
    "us-japan-2021-04-joint-statement.md",
];

/// Known to fail: pandoc's title block (HTML) and Title paragraph (DOCX, and the PDF
/// LibreOffice makes from it) come out as an added heading. Left for the next round of
/// issue #11 (DOCX Title/Date as metadata).
#[test]
#[ignore = "issue #11: the pandoc title block still shows as an added paragraph"]
fn statements_through_pandoc_and_libreoffice_are_unchanged_issue_11() {
    let opts = Options::default();
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for name in CONVERTED {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/wh")
            .join(name);
        let src = path.to_str().unwrap();
        let stem = name.trim_end_matches(".md");
        let html = dir.path().join(format!("{stem}.html"));
        let docx = dir.path().join(format!("{stem}.docx"));
        let mut outputs = Vec::new();
        if let Some(b) = convert("pandoc", &[src, "-s", "-o", html.to_str().unwrap()], &html) {
            outputs.push(("html", b));
        }
        if let Some(b) = convert("pandoc", &[src, "-o", docx.to_str().unwrap()], &docx) {
            outputs.push(("docx", b));
            let pdf = dir.path().join(format!("{stem}.pdf"));
            let outdir = dir.path().to_str().unwrap();
            if let Some(b) = convert(
                "soffice",
                &[
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    outdir,
                    docx.to_str().unwrap(),
                ],
                &pdf,
            ) {
                outputs.push(("pdf", b));
            }
        }
        for (how, bytes) in outputs {
            let old = read_document(&path, &opts).unwrap();
            let new = parse_document(&format!("{stem}.{how}"), &bytes, &opts).unwrap();
            if let Some(c) = changes(&format!("{name} {how}"), old, new) {
                failures.push(c);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} changed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
