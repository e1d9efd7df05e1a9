//! Format noise never shows as change (issue #11, section 1): every statement in
//! `fixtures/wh/` re-wrapped at 58 columns with breaks after hyphens, with its quotes
//! swapped between curly and straight, and both at once, compares as unchanged; and so
//! does each one converted by pandoc to HTML and DOCX, and by LibreOffice from that DOCX
//! to a justified, hyphenated PDF with a running header and page numbers.
//! `REDLINER_SKIP_CONVERTERS=1` skips the conversions when the tools are missing;
//! otherwise a missing tool fails the test and says so.

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
    Some(format!("{name}: {}", changed_units(&json)))
}

/// A report's summary and its first three changed units, each with the spans that
/// differ (and the old text of spans equal only by key): what a failure needs to show.
fn changed_units(json: &serde_json::Value) -> String {
    let units: Vec<String> = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["kind"] != "unchanged" || u["moved"] == true)
        .take(3)
        .map(|u| {
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
    format!("{}\n  {}", json["summary"], units.join("\n  "))
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
    let mut failures = changed_variants("rewrap", |b| rewrap(b, 58));
    failures.extend(changed_variants("rewrap+requote", |b| {
        rewrap(&requote(b), 58)
    }));
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

/// Runs an external converter; `false` when converters are skipped.
fn convert(tool: &str, args: &[&str]) -> bool {
    if std::env::var_os("REDLINER_SKIP_CONVERTERS").is_some() {
        return false;
    }
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} is needed for this test ({e}); REDLINER_SKIP_CONVERTERS=1 skips it")
    });
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

/// The running header every page of the converted PDFs carries.
const RUNNING_HEADER: &str = "JOINT STATEMENT – CONVERTED COPY";

/// A pandoc reference document (pandoc's own, edited) that makes the DOCX, and the PDF
/// LibreOffice makes from it, look like a printed statement: text justified and
/// hyphenated on a narrow page, a running header and `Page N of M` on every page.
fn reference_docx(dir: &Path) -> PathBuf {
    let out = Command::new("pandoc")
        .args(["--print-default-data-file", "reference.docx"])
        .output()
        .expect("pandoc");
    assert!(out.status.success());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(out.stdout)).unwrap();
    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let path = dir.join("reference.docx");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut entry, &mut xml).unwrap();
        let edit = |xml: &mut String, anchor: &str, add: &str| {
            let at = xml
                .find(anchor)
                .unwrap_or_else(|| panic!("{name}: no {anchor}"));
            xml.insert_str(at + anchor.len(), add);
        };
        match name.as_str() {
            "word/styles.xml" => edit(&mut xml, "<w:pPrDefault>\n      <w:pPr>", r#"<w:jc w:val="both"/>"#),
            "word/settings.xml" => edit(
                &mut xml,
                "<w:zoom w:percent=\"100\" />",
                r#"<w:autoHyphenation w:val="true"/><w:hyphenationZone w:val="72"/>"#,
            ),
            "word/document.xml" => {
                xml = xml.replace(
                    "<w:sectPr />",
                    r#"<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="2880" w:bottom="1440" w:left="2880" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>"#,
                )
            }
            "word/_rels/document.xml.rels" => {
                xml = xml.replace(
                    "</Relationships>",
                    &format!(r#"<Relationship Type="{REL}/header" Id="rIdHeader" Target="header1.xml"/><Relationship Type="{REL}/footer" Id="rIdFooter" Target="footer1.xml"/></Relationships>"#),
                )
            }
            "[Content_Types].xml" => {
                let part = "application/vnd.openxmlformats-officedocument.wordprocessingml";
                xml = xml.replace(
                    "</Types>",
                    &format!(r#"<Override PartName="/word/header1.xml" ContentType="{part}.header+xml"/><Override PartName="/word/footer1.xml" ContentType="{part}.footer+xml"/></Types>"#),
                )
            }
            _ => {}
        }
        w.start_file(name.as_str(), opts).unwrap();
        std::io::Write::write_all(&mut w, xml.as_bytes()).unwrap();
    }
    let parts = [
        (
            "word/header1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:hdr {W}><w:p><w:r><w:t>{RUNNING_HEADER}</w:t></w:r></w:p></w:hdr>"#
            ),
        ),
        (
            "word/footer1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:ftr {W}><w:p><w:r><w:t xml:space="preserve">Page </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> of </w:t></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>"#
            ),
        ),
    ];
    for (name, xml) in parts {
        w.start_file(name, opts).unwrap();
        std::io::Write::write_all(&mut w, xml.as_bytes()).unwrap();
    }
    w.finish().unwrap();
    path
}

/// The source as pandoc's Markdown reader must get it to read the text that CommonMark
/// (and redliner) reads, or that its author meant:
/// - a wrapped line holding only a year and a full stop (`    2026.` inside a list item)
///   is to pandoc an empty list numbered 2026, so the year would leave the converted
///   copy; CommonMark lets no number but 1 start a list inside a paragraph. Such a line
///   is escaped (`2026\.`), which changes nothing a reader sees;
/// - an opening `**` alone before a hard line break (`**  ` / `Trade and Labor
///   Dialogue**`) is to pandoc two literal asterisks; it is moved onto the line it opens.
fn pandoc_markdown(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut prev_blank = true;
    // Asterisk pairs seen in the paragraph so far, and an opener waiting for its line.
    let (mut stars, mut opener) = (0usize, false);
    for line in source.split_inclusive('\n') {
        let t = line.trim();
        if t == "**" && line.trim_end_matches('\n').ends_with("  ") && stars % 2 == 0 {
            opener = true;
            continue;
        }
        let bare_number = t
            .strip_suffix('.')
            .is_some_and(|n| !n.is_empty() && n != "1" && n.bytes().all(|b| b.is_ascii_digit()));
        let at = line.len() - line.trim_start().len();
        if std::mem::take(&mut opener) {
            out.push_str(&line[..at]);
            out.push_str("**");
            out.push_str(&line[at..]);
        } else if bare_number && !prev_blank {
            let stop = at + t.len() - 1;
            out.push_str(&line[..stop]);
            out.push('\\');
            out.push_str(&line[stop..]);
        } else {
            out.push_str(line);
        }
        stars = if t.is_empty() {
            0
        } else {
            stars + t.matches("**").count()
        };
        prev_blank = t.is_empty();
    }
    out
}

#[test]
fn pandoc_gets_a_wrapped_year_escaped_and_an_opener_on_its_line() {
    assert_eq!(
        pandoc_markdown("-   visits beginning in\n    2026.\n\n1.\n"),
        "-   visits beginning in\n    2026\\.\n\n1.\n"
    );
    assert_eq!(
        pandoc_markdown("economies.  \n**  \nTrade and Labor**  \n\n**Jamaica  \n**  \nText\n"),
        "economies.  \n**Trade and Labor**  \n\n**Jamaica  \n**  \nText\n"
    );
}

/// The converted copies that still compare as changed (issue #11). The test holds the
/// rest to "unchanged, exit 0" and these to "still changed", so that a fix must take its
/// copy off this list (`REDLINER_SHOW_KNOWN=1` reports these copies' diffs as failures,
/// to read them; `REDLINER_KEEP_CONVERTED=1` keeps the converted files). It is empty:
/// every copy compares unchanged, given the source as [`pandoc_markdown`] hands it over.
const STILL_CHANGED: &[&str] = &[];

/// Every statement of `fixtures/wh/` converted by pandoc to HTML (standalone, with its
/// title block) and to DOCX (with the reference document above), and by LibreOffice
/// from that DOCX to PDF, compares with its Markdown source as unchanged, exit 0, except
/// the copies in [`STILL_CHANGED`], which must still differ.
#[test]
fn statements_through_pandoc_and_libreoffice_are_unchanged_issue_11() {
    if std::env::var_os("REDLINER_SKIP_CONVERTERS").is_some() {
        return;
    }
    let guard = tempfile::tempdir().unwrap();
    let root = guard.path().to_owned();
    // REDLINER_KEEP_CONVERTED=1 leaves the converted copies behind, to read them.
    if std::env::var_os("REDLINER_KEEP_CONVERTED").is_some() {
        eprintln!("converted copies kept in {}", guard.keep().display());
    }
    let dir = root.as_path();
    let reference = reference_docx(dir);
    let sources = wh();
    let mut converted: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut docx_files = Vec::new();
    for src in &sources {
        let stem = src.file_stem().unwrap().to_string_lossy().into_owned();
        let html = dir.join(format!("{stem}.html"));
        let docx = dir.join(format!("{stem}.docx"));
        let for_pandoc = dir.join(format!("{stem}.pandoc.md"));
        std::fs::write(
            &for_pandoc,
            pandoc_markdown(&std::fs::read_to_string(src).unwrap()),
        )
        .unwrap();
        let s = for_pandoc.to_str().unwrap();
        convert("pandoc", &[s, "-s", "-o", html.to_str().unwrap()]);
        convert(
            "pandoc",
            &[
                s,
                "--reference-doc",
                reference.to_str().unwrap(),
                "-o",
                docx.to_str().unwrap(),
            ],
        );
        converted.push((src.clone(), html));
        converted.push((src.clone(), docx.clone()));
        converted.push((src.clone(), docx.with_extension("pdf")));
        docx_files.push(docx.to_str().unwrap().to_owned());
    }
    // One LibreOffice run converts them all (it starts slowly).
    let outdir = dir.to_str().unwrap().to_owned();
    let mut args = vec!["--headless", "--convert-to", "pdf", "--outdir", &outdir];
    args.extend(docx_files.iter().map(String::as_str));
    convert("soffice", &args);

    let mut failures = Vec::new();
    let mut still_changed = Vec::new();
    let mut pdf_furniture = std::collections::BTreeSet::new();
    for (src, copy) in &converted {
        let out = crate::util::redliner()
            .args(["diff", "--format", "json"])
            .arg(src)
            .arg(copy)
            .output()
            .unwrap();
        let name = copy.file_name().unwrap().to_string_lossy();
        let json: serde_json::Value = match serde_json::from_slice(&out.stdout) {
            Ok(j) => j,
            Err(_) => {
                failures.push(format!(
                    "{name}: exit {:?}: {}",
                    out.status.code(),
                    String::from_utf8_lossy(&out.stderr)
                ));
                continue;
            }
        };
        if copy.extension().is_some_and(|e| e == "pdf") {
            for f in json["new"]["furniture"].as_array().unwrap() {
                pdf_furniture.insert(f["reason"].as_str().unwrap().to_owned());
            }
        }
        let known = STILL_CHANGED.contains(&name.as_ref())
            && std::env::var_os("REDLINER_SHOW_KNOWN").is_none();
        if known {
            if out.status.code() == Some(1) {
                still_changed.push(name.into_owned());
            } else {
                failures.push(format!(
                    "{name}: exit {:?}; take it off STILL_CHANGED if it now compares unchanged",
                    out.status.code()
                ));
            }
            continue;
        }
        if out.status.code() != Some(0) {
            failures.push(format!(
                "{name}: exit {:?} {}",
                out.status.code(),
                changed_units(&json)
            ));
        }
    }
    // The PDFs did carry what the test is about.
    for reason in [
        "running header or footer",
        "page number",
        "document title or date (metadata)",
    ] {
        assert!(
            pdf_furniture.contains(reason),
            "no {reason:?} in {pdf_furniture:?}"
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} converted copies changed:\n{}",
        failures.len(),
        converted.len(),
        failures.join("\n")
    );
    assert_eq!(
        still_changed.len(),
        STILL_CHANGED.len(),
        "{still_changed:?}"
    );
    println!(
        "{} of {} converted copies compare unchanged; {} are known to differ",
        converted.len() - still_changed.len(),
        converted.len(),
        still_changed.len()
    );
}
