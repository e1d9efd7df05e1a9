//! The HTML report: one self-contained page (styles and script inline, no external
//! resources) with a header, a commitments panel and the two versions side by side, aligned
//! unit by unit, for journalists to open and share.
//!
//! Every piece of document text, in text nodes and attributes alike, goes through [`Esc`],
//! which escapes `& < > " '`; links and ids are built from numbers only. A
//! Content-Security-Policy admits only the page's own style and script, by hash, so even a
//! markup mistake could not run anything else.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};

use sha2::{Digest, Sha256};

use super::terminal::signal_words;
use super::{key_lines, paragraph_ref, paragraph_refs, COMMITMENT_GROUPS};
use crate::align::Confidence;
use crate::commitments::ranking::sentence_diff;
use crate::model::{
    CommitmentChange, CommitmentChangeKind, Comparison, DiffOp, Document, Span, SpanMove, Unit,
    UnitKind,
};

const CSS: &str = include_str!("html/report.css");
const JS: &str = include_str!("html/report.js");

/// Options for the HTML report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HtmlOptions {
    /// Open with unchanged units hidden (the reader can still show them).
    pub changes_only: bool,
}

/// Text escaped for HTML text nodes and double- or single-quoted attribute values.
struct Esc<'a>(&'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..i])?;
            f.write_str(match rest.as_bytes()[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[i + 1..];
        }
        f.write_str(rest)
    }
}

/// Writes the HTML report.
pub fn html(cmp: &Comparison, opts: &HtmlOptions, w: &mut impl Write) -> io::Result<()> {
    let rows = layout(cmp);
    write_head(cmp, w)?;
    write_header(cmp, w)?;
    write_commitments(cmp, w)?;
    write_bar(cmp, opts, w)?;
    write_table(cmp, &rows, w)?;
    write_furniture(cmp, w)?;
    writeln!(
        w,
        "<footer><p>Made by redliner {}. Deletions are struck through, insertions \
         underlined.</p></footer>",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(w, "<script>{JS}</script>\n</body>\n</html>")
}

/// `'sha256-…'` for a Content-Security-Policy source list.
fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

/// Standard base64 with padding; hand-written because it is a dozen lines.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn title_of(d: &Document) -> &str {
    d.title.as_deref().unwrap_or(&d.source)
}

fn write_head(cmp: &Comparison, w: &mut impl Write) -> io::Result<()> {
    writeln!(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>")?;
    writeln!(w, "<meta charset=\"utf-8\">")?;
    writeln!(
        w,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        w,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src {}; script-src {}; img-src 'none'; base-uri 'none'; form-action 'none'\">",
        csp_hash(CSS),
        csp_hash(JS)
    )?;
    writeln!(w, "<meta name=\"generator\" content=\"redliner\">")?;
    writeln!(
        w,
        "<title>redliner: {} \u{2192} {}</title>",
        Esc(title_of(&cmp.old)),
        Esc(title_of(&cmp.new))
    )?;
    writeln!(w, "<style>{CSS}</style>\n</head>\n<body>")
}

fn write_header(cmp: &Comparison, w: &mut impl Write) -> io::Result<()> {
    writeln!(
        w,
        "<header class=\"top\">\n<p class=\"tool\">redliner comparison</p>"
    )?;
    writeln!(w, "<div class=\"docs\">")?;
    write_doc(&cmp.old, "o", "Old", w)?;
    write_doc(&cmp.new, "n", "New", w)?;
    writeln!(w, "</div>")?;
    let s = &cmp.summary;
    let counts = [
        ("unchanged", s.unchanged),
        ("reworded", s.reworded),
        ("added", s.added),
        ("removed", s.removed),
        ("split", s.split),
        ("merged", s.merged),
        ("moved", s.moved),
    ];
    write_counts("Units", &counts, w)?;
    let c = &cmp.commitment_summary;
    let counts = [
        ("added", c.added),
        ("dropped", c.removed),
        ("weakened", c.weaker),
        ("strengthened", c.stronger),
        ("mixed", c.mixed),
        ("no direction", c.neutral),
        ("reworded in all", c.reworded),
    ];
    write_counts("Commitments", &counts, w)?;
    for note in &cmp.notes {
        writeln!(w, "<p class=\"note\">Note: {}</p>", Esc(note))?;
    }
    writeln!(w, "</header>")
}

fn write_doc(d: &Document, class: &str, side: &str, w: &mut impl Write) -> io::Result<()> {
    writeln!(w, "<div class=\"doc {class}\">")?;
    writeln!(
        w,
        "<h1><span class=\"side\">{side}</span> {}</h1>",
        Esc(title_of(d))
    )?;
    write!(w, "<p>{}", Esc(&d.source))?;
    if let Some(date) = &d.date {
        write!(w, " \u{b7} {}", Esc(date))?;
    }
    write!(
        w,
        " \u{b7} {} paragraphs \u{b7} {}",
        d.paragraphs.len(),
        Esc(&d.format)
    )?;
    if let Some(n) = d.tracked_changes {
        write!(w, " \u{b7} {n} tracked changes")?;
    }
    writeln!(w, "</p>\n</div>")
}

fn write_counts(title: &str, counts: &[(&str, usize)], w: &mut impl Write) -> io::Result<()> {
    write!(
        w,
        "<ul class=\"counts\" aria-label=\"{title}\"><li>{title}:</li>"
    )?;
    for (name, n) in counts {
        write!(w, "<li><b>{n}</b> {name}</li>")?;
    }
    writeln!(w, "</ul>")
}

/// Added and dropped lists longer than this are collapsed into a `<details>` element.
const COLLAPSE_OVER: usize = 5;

/// The ranked key changes, each linking to its unit's row.
fn write_key_changes(cmp: &Comparison, index: &UnitIndex, w: &mut impl Write) -> io::Result<()> {
    let (lines, more) = key_lines(cmp);
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(
        w,
        "<section class=\"key\" aria-label=\"Key changes\">\n<h2>Key changes</h2>\n<ol>"
    )?;
    for (k, line) in &lines {
        let c = &cmp.commitments[k.index];
        let unit = match (&c.new, &c.old) {
            (Some(n), _) => index.holding(false, n.paragraph),
            (None, Some(o)) => index.holding(true, o.paragraph),
            (None, None) => 0,
        };
        writeln!(
            w,
            "<li class=\"r-{}\"><b>{}</b>: {} <a href=\"#u{unit}\">{}</a></li>",
            k.rank as u8,
            Esc(&line.verdict),
            Esc(&line.change),
            Esc(&line.place)
        )?;
    }
    writeln!(w, "</ol>")?;
    if more > 0 {
        writeln!(
            w,
            "<p class=\"more\">and {more} more: see the commitments panel below for the full list.</p>"
        )?;
    }
    writeln!(w, "</section>")
}

/// The commitments panel: one list per group, weakened and strengthened first, long
/// lists of added and dropped commitments collapsed; each entry links to its unit's row.
fn write_commitments(cmp: &Comparison, w: &mut impl Write) -> io::Result<()> {
    let index = UnitIndex::new(cmp);
    write_key_changes(cmp, &index, w)?;
    writeln!(
        w,
        "<nav class=\"cm\" aria-label=\"Commitment changes\">\n<h2>Commitments</h2>"
    )?;
    if cmp.commitments.is_empty() {
        writeln!(w, "<p>No commitment was added, dropped or reworded.</p>")?;
    }
    for (title, member) in COMMITMENT_GROUPS {
        let group: Vec<&CommitmentChange> = cmp.commitments.iter().filter(|c| member(c)).collect();
        if group.is_empty() {
            continue;
        }
        let one_sided = group[0].change != CommitmentChangeKind::Reworded;
        let collapse = one_sided && group.len() > COLLAPSE_OVER;
        if collapse {
            writeln!(
                w,
                "<details class=\"grp\"><summary><h3>{title} ({})</h3></summary>\n<ul>",
                group.len()
            )?;
        } else {
            writeln!(w, "<h3>{title} ({})</h3>\n<ul>", group.len())?;
        }
        for c in group {
            write_commitment(cmp, &index, c, w)?;
        }
        writeln!(w, "</ul>")?;
        if collapse {
            writeln!(w, "</details>")?;
        }
    }
    writeln!(w, "</nav>")
}

fn write_commitment(
    cmp: &Comparison,
    index: &UnitIndex,
    c: &CommitmentChange,
    w: &mut impl Write,
) -> io::Result<()> {
    let (old_side, doc, side) = match (&c.new, &c.old) {
        (Some(n), _) if c.change != CommitmentChangeKind::Removed => (false, &cmp.new, n),
        (_, Some(o)) => (true, &cmp.old, o),
        _ => return Ok(()),
    };
    let unit = index.holding(old_side, side.paragraph);
    let strength = match (&c.old, &c.new) {
        (Some(o), Some(n)) if o.commitment.strength != n.commitment.strength => format!(
            "{} \u{2192} {}",
            o.commitment.strength.as_str(),
            n.commitment.strength.as_str()
        ),
        _ => side.commitment.strength.as_str().to_owned(),
    };
    let cue = match (&c.old, &c.new) {
        (Some(o), Some(n)) if o.commitment.cue != n.commitment.cue => format!(
            "\u{2018}{}\u{2019} \u{2192} \u{2018}{}\u{2019}",
            o.commitment.cue, n.commitment.cue
        ),
        _ => format!("\u{2018}{}\u{2019}", side.commitment.cue),
    };
    if let (Some(o), Some(n)) = (&c.old, &c.new) {
        // Both sentences in full, each with its side of the phrase diff marked.
        write!(
            w,
            "<li><a href=\"#u{unit}\">{} \u{2192} {}</a> <span class=\"st\">{} \u{b7} cue {}</span>",
            Esc(&paragraph_ref(&cmp.old, o.paragraph)),
            Esc(&paragraph_ref(&cmp.new, n.paragraph)),
            Esc(&strength),
            Esc(&cue)
        )?;
        let spans = sentence_diff(c);
        for (label, side) in [("old", Side::Old), ("new", Side::New)] {
            write!(w, "<q class=\"s\"><i>{label}:</i> ")?;
            for p in side_paragraphs(&spans, side, 1).iter().flatten() {
                write_piece(p.0, p.1, false, w)?;
            }
            write!(w, "</q>")?;
        }
    } else {
        write!(
            w,
            "<li><a href=\"#u{unit}\">{} {}</a> <span class=\"st\">{} \u{b7} cue {}</span> {}",
            if old_side { "old" } else { "new" },
            Esc(&paragraph_ref(doc, side.paragraph)),
            Esc(&strength),
            Esc(&cue),
            Esc(&one_sided_text(&side.commitment.text))
        )?;
    }
    for s in &c.signals {
        write!(
            w,
            "<br><span class=\"sig\">{}</span>",
            Esc(&signal_words(s))
        )?;
    }
    writeln!(w, "</li>")
}

/// An added or dropped sentence as the panel lists it: cut at a word after about 150
/// characters, since its row (one click away) shows it whole and long statements add
/// and drop hundreds of commitments. Reworded commitments are never cut.
fn one_sided_text(text: &str) -> String {
    match super::cut_at_word(text, 150) {
        None => text.to_owned(),
        Some(cut) => format!("{cut} \u{2026}"),
    }
}

/// For each side, the 1-based index of the unit holding each paragraph (0 for none):
/// built once, so that the commitments panel is linear in commitment changes.
struct UnitIndex {
    old: Vec<usize>,
    new: Vec<usize>,
}

impl UnitIndex {
    fn new(cmp: &Comparison) -> UnitIndex {
        let mut old = vec![0; cmp.old.paragraphs.len() + 1];
        let mut new = vec![0; cmp.new.paragraphs.len() + 1];
        for (i, u) in cmp.units.iter().enumerate().rev() {
            for &p in &u.old {
                old[p] = i + 1;
            }
            for &p in &u.new {
                new[p] = i + 1;
            }
        }
        UnitIndex { old, new }
    }

    /// The 1-based index of the unit holding a paragraph of one side.
    fn holding(&self, old_side: bool, paragraph: usize) -> usize {
        let ids = if old_side { &self.old } else { &self.new };
        ids.get(paragraph).copied().unwrap_or(0)
    }
}

fn write_bar(cmp: &Comparison, opts: &HtmlOptions, w: &mut impl Write) -> io::Result<()> {
    let changed = cmp.units.iter().filter(|u| u.is_change()).count();
    writeln!(
        w,
        "<div class=\"bar\" role=\"toolbar\" aria-label=\"View\">\
         <label><input type=\"checkbox\" id=\"only\"{}> Changes only</label>\
         <button type=\"button\" id=\"prev\">\u{2191} Previous</button>\
         <button type=\"button\" id=\"next\">Next \u{2193}</button>\
         <span class=\"keys\">{changed} changes \u{b7} keys <kbd>n</kbd> next, \
         <kbd>p</kbd> previous</span></div>",
        if opts.changes_only { " checked" } else { "" }
    )
}

/// What the table shows, in order: units, and markers where moved units used to be.
enum Row {
    /// The unit with this 0-based index.
    Unit(usize),
    /// The old position of the moved unit with this 0-based index.
    Ghost(usize),
}

/// Units in their (new-document) order, each moved unit's old position marked after the
/// unmoved unit holding its nearest old predecessor (or at the top).
fn layout(cmp: &Comparison) -> Vec<Row> {
    // Unmoved units by their last old paragraph, so that each moved unit finds its anchor
    // by binary search: linear-logarithmic in units, however many moved.
    let mut unmoved: Vec<(usize, usize)> = cmp
        .units
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.moved)
        .filter_map(|(j, v)| v.old.last().map(|&l| (l, j)))
        .collect();
    unmoved.sort_unstable();
    let mut after: BTreeMap<Option<usize>, Vec<(usize, usize)>> = BTreeMap::new();
    for (i, u) in cmp.units.iter().enumerate() {
        let Some(&first) = u.old.first().filter(|_| u.moved) else {
            continue;
        };
        // The unmoved unit with the greatest last old paragraph before `first` (the last
        // in unit order when several share it).
        let n = unmoved.partition_point(|&(l, _)| l < first);
        let anchor = n.checked_sub(1).map(|k| {
            let l = unmoved[k].0;
            let start = unmoved[..k].partition_point(|&(m, _)| m < l);
            unmoved[start..=k]
                .iter()
                .map(|&(_, j)| j)
                .max()
                .unwrap_or(unmoved[k].1)
        });
        after.entry(anchor).or_default().push((first, i));
    }
    let mut rows = Vec::with_capacity(cmp.units.len() + after.len());
    let mut ghosts = |rows: &mut Vec<Row>, key: Option<usize>| {
        let mut list = after.remove(&key).unwrap_or_default();
        list.sort_unstable();
        rows.extend(list.into_iter().map(|(_, i)| Row::Ghost(i)));
    };
    ghosts(&mut rows, None);
    for i in 0..cmp.units.len() {
        rows.push(Row::Unit(i));
        ghosts(&mut rows, Some(i));
    }
    rows
}

fn write_table(cmp: &Comparison, rows: &[Row], w: &mut impl Write) -> io::Result<()> {
    writeln!(w, "<main>\n<h2>Side by side</h2>")?;
    writeln!(
        w,
        "<table class=\"sbs\">\n<thead><tr><th scope=\"col\">Old: {}</th>\
         <th scope=\"col\">New: {}</th></tr></thead>",
        Esc(&cmp.old.source),
        Esc(&cmp.new.source)
    )?;
    for row in rows {
        match *row {
            Row::Unit(i) => write_unit(cmp, i, w)?,
            Row::Ghost(i) => write_ghost(cmp, i, w)?,
        }
    }
    writeln!(w, "</table>\n</main>")
}

fn write_ghost(cmp: &Comparison, i: usize, w: &mut impl Write) -> io::Result<()> {
    let u = &cmp.units[i];
    writeln!(
        w,
        "<tbody class=\"ghost\" id=\"m{n}\"><tr><td class=\"o\"><span class=\"lab\">{}</span> \
         <a class=\"mv\" href=\"#u{n}\">moved to {} \u{2192}</a></td><td class=\"n gap\"></td>\
         </tr></tbody>",
        Esc(&paragraph_refs(&cmp.old, &u.old)),
        Esc(&paragraph_refs(&cmp.new, &u.new)),
        n = i + 1
    )
}

/// One unit as a `<tbody>`: as many rows as its larger side has paragraphs, the smaller
/// side's cell spanning them all.
fn write_unit(cmp: &Comparison, i: usize, w: &mut impl Write) -> io::Result<()> {
    let u = &cmp.units[i];
    let kind = u.kind.as_str();
    let state = if u.is_change() { "changed" } else { "same" };
    let moved = if u.moved { " moved" } else { "" };
    writeln!(
        w,
        "<tbody class=\"unit k-{kind} {state}{moved}\" id=\"u{}\" tabindex=\"-1\">",
        i + 1
    )?;
    let old = side_paragraphs(&u.diff, Side::Old, u.old.len());
    let new = side_paragraphs(&u.diff, Side::New, u.new.len());
    let rows = u.old.len().max(u.new.len()).max(1);
    for r in 0..rows {
        write!(w, "<tr>")?;
        write_cell(cmp, i, Side::Old, &old, r, rows, w)?;
        write_cell(cmp, i, Side::New, &new, r, rows, w)?;
        writeln!(w, "</tr>")?;
    }
    writeln!(w, "</tbody>")
}

/// A run of one side's text: what happened to it, and where it moved if it did.
type Piece<'a> = (DiffOp, &'a str, Option<SpanMove>);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Old,
    New,
}

/// The pieces of one side's paragraphs: each side rebuilt from the spans (equal text in
/// that side's own characters) and cut at the `\n` that separates paragraphs.
fn side_paragraphs(spans: &[Span], side: Side, count: usize) -> Vec<Vec<Piece<'_>>> {
    let mut paras: Vec<Vec<Piece<'_>>> = vec![Vec::new()];
    for s in spans {
        let text = match (s.op, side) {
            (DiffOp::Equal, Side::Old) => s.old_text.as_deref().unwrap_or(&s.text),
            (DiffOp::Equal, Side::New) => &s.text,
            (DiffOp::Delete, Side::Old) | (DiffOp::Insert, Side::New) => &s.text,
            _ => continue,
        };
        for (k, piece) in text.split('\n').enumerate() {
            if k > 0 {
                paras.push(Vec::new());
            }
            if !piece.is_empty() {
                paras
                    .last_mut()
                    .expect("never empty")
                    .push((s.op, piece, s.moved));
            }
        }
    }
    // The contract says one piece per paragraph; never lose text if it were otherwise.
    while paras.len() > count.max(1) {
        let last = paras.pop().expect("longer than one");
        let prev = paras.last_mut().expect("longer than one");
        prev.push((DiffOp::Equal, " ", None));
        prev.extend(last);
    }
    paras.resize_with(count, Vec::new);
    paras
}

#[allow(clippy::too_many_arguments)]
fn write_cell(
    cmp: &Comparison,
    i: usize,
    side: Side,
    paras: &[Vec<Piece<'_>>],
    row: usize,
    rows: usize,
    w: &mut impl Write,
) -> io::Result<()> {
    let u = &cmp.units[i];
    let (doc, ids, class) = match side {
        Side::Old => (&cmp.old, &u.old, "o"),
        Side::New => (&cmp.new, &u.new, "n"),
    };
    if ids.is_empty() {
        if row == 0 {
            let what = if side == Side::Old {
                "not in the old version (added)"
            } else {
                "not in the new version (removed)"
            };
            let span = if rows > 1 {
                format!(" rowspan=\"{rows}\"")
            } else {
                String::new()
            };
            write!(w, "<td class=\"{class} gap\"{span}>{what}</td>")?;
        }
        return Ok(());
    }
    let spanning = ids.len() == 1 && rows > 1;
    if spanning && row > 0 {
        return Ok(());
    }
    let k = if spanning { 0 } else { row };
    let Some(&id) = ids.get(k) else {
        return write!(w, "<td class=\"{class} gap\"></td>");
    };
    if spanning {
        write!(
            w,
            "<td class=\"{class} span\" rowspan=\"{rows}\" id=\"{class}{id}\">"
        )?;
    } else {
        write!(w, "<td class=\"{class}\" id=\"{class}{id}\">")?;
    }
    write_meta(cmp, i, side, doc, id, k, w)?;
    write!(w, "<p>")?;
    let whole = matches!(u.kind, UnitKind::Added | UnitKind::Removed);
    for &(op, text, moved) in &paras[k] {
        if let Some(m) = moved {
            // A sentence that moved: shown as moved, with a link to its other end.
            let (arrow, place) = match side {
                Side::Old => ("\u{2192}", paragraph_ref(&cmp.new, m.paragraph)),
                Side::New => ("\u{2190}", paragraph_ref(&cmp.old, m.paragraph)),
            };
            let body = text.trim_end();
            write!(
                w,
                "<span class=\"mvd\">{}</span> <a class=\"mv\" href=\"#u{}\">{arrow} {}</a>{}",
                Esc(body),
                m.unit + 1,
                Esc(&place),
                Esc(&text[body.len()..])
            )?;
        } else if u.rewritten {
            write_shared(op, text, w)?;
        } else {
            write_piece(op, text, whole, w)?;
        }
    }
    write!(w, "</p></td>")
}

/// The line above a paragraph: side name (shown when the columns stack), label, and on the
/// new side the unit's kind, similarity, split or merge, and move links.
#[allow(clippy::too_many_arguments)]
fn write_meta(
    cmp: &Comparison,
    i: usize,
    side: Side,
    doc: &Document,
    id: usize,
    k: usize,
    w: &mut impl Write,
) -> io::Result<()> {
    let u = &cmp.units[i];
    let name = if side == Side::Old { "Old" } else { "New" };
    write!(
        w,
        "<div class=\"meta\"><span class=\"sname side\">{name}</span>\
         <span class=\"lab\">{}</span>",
        Esc(&paragraph_ref(doc, id))
    )?;
    if side == Side::New && k == 0 {
        write_kind(cmp, u, i, w)?;
    }
    write!(w, "</div>")
}

fn write_kind(cmp: &Comparison, u: &Unit, i: usize, w: &mut impl Write) -> io::Result<()> {
    let text = match u.kind {
        UnitKind::Unchanged => String::new(),
        UnitKind::Reworded if u.rewritten => format!(
            "rewritten \u{b7} {:.0}% similar \u{b7} shared phrases marked",
            u.similarity * 100.0
        ),
        UnitKind::Reworded => format!("reworded \u{b7} {:.0}% similar", u.similarity * 100.0),
        UnitKind::Split => format!(
            "split: {} \u{2192} {} \u{b7} {:.0}% similar",
            paragraph_refs(&cmp.old, &u.old),
            paragraph_refs(&cmp.new, &u.new),
            u.similarity * 100.0
        ),
        UnitKind::Merged => format!(
            "merged: {} \u{2192} {} \u{b7} {:.0}% similar",
            paragraph_refs(&cmp.old, &u.old),
            paragraph_refs(&cmp.new, &u.new),
            u.similarity * 100.0
        ),
        k => k.as_str().to_owned(),
    };
    if !text.is_empty() {
        write!(w, "<span class=\"kind\">{}</span>", Esc(&text))?;
    }
    if u.moved && !u.old.is_empty() {
        write!(
            w,
            "<a class=\"mv\" href=\"#m{}\">moved from {}</a>",
            i + 1,
            Esc(&paragraph_refs(&cmp.old, &u.old))
        )?;
    }
    if let Some(e) = u
        .evidence
        .as_ref()
        .filter(|e| e.confidence != Confidence::High)
    {
        let c = e.confidence.as_str();
        write!(
            w,
            "<span class=\"conf {c}\" title=\"evidence {:.2}\">{c} confidence: check this pairing</span>",
            e.score
        )?;
    }
    if u.degraded {
        write!(w, "<span>coarse diff (size cap)</span>")?;
    }
    Ok(())
}

/// One piece of a rewritten unit, whose two texts stand side by side: the phrases they
/// share (equal runs of two words or more) are marked, the rest is plain.
fn write_shared(op: DiffOp, text: &str, w: &mut impl Write) -> io::Result<()> {
    let body = text.trim_end();
    let words = body
        .split_whitespace()
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .count();
    if op == DiffOp::Equal && words >= 2 {
        write!(
            w,
            "<mark class=\"shared\">{}</mark>{}",
            Esc(body),
            Esc(&text[body.len()..])
        )
    } else {
        write!(w, "{}", Esc(text))
    }
}

/// One piece of text; deletions in `<del>`, insertions in `<ins>`, with the trailing
/// space outside the mark so that strike-through and underline hug the words.
fn write_piece(op: DiffOp, text: &str, whole: bool, w: &mut impl Write) -> io::Result<()> {
    let body = text.trim_end();
    let tail = &text[body.len()..];
    let class = if whole { " class=\"whole\"" } else { "" };
    match op {
        DiffOp::Equal => write!(w, "{}", Esc(text)),
        _ if body.is_empty() => write!(w, "{}", Esc(text)),
        DiffOp::Delete => write!(w, "<del{class}>{}</del>{}", Esc(body), Esc(tail)),
        DiffOp::Insert => write!(w, "<ins{class}>{}</ins>{}", Esc(body), Esc(tail)),
    }
}

fn write_furniture(cmp: &Comparison, w: &mut impl Write) -> io::Result<()> {
    let sides = [("old", &cmp.old), ("new", &cmp.new)];
    let n: usize = sides.iter().map(|(_, d)| d.furniture.len()).sum();
    if n == 0 {
        return Ok(());
    }
    writeln!(
        w,
        "<details class=\"furn\"><summary>Furniture: {n} pieces of text not compared</summary><ul>"
    )?;
    for (side, d) in sides {
        for f in &d.furniture {
            writeln!(
                w,
                "<li>{side}, line {}: {} ({})</li>",
                f.line,
                Esc(&f.text),
                f.reason.as_str()
            )?;
        }
    }
    writeln!(w, "</ul></details>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        let s = Esc("<script>\"x\" & 'y'</script>").to_string();
        assert_eq!(
            s,
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn base64_matches_known_values() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn side_paragraphs_rebuild_each_side() {
        let spans = vec![
            Span {
                op: DiffOp::Equal,
                text: "One.\nTwo ".into(),
                old_text: Some("One. Two ".into()),
                moved: None,
            },
            Span {
                op: DiffOp::Delete,
                text: "old".into(),
                old_text: None,
                moved: None,
            },
            Span {
                op: DiffOp::Insert,
                text: "new".into(),
                old_text: None,
                moved: None,
            },
        ];
        let old = side_paragraphs(&spans, Side::Old, 1);
        assert_eq!(
            old,
            vec![vec![
                (DiffOp::Equal, "One. Two ", None),
                (DiffOp::Delete, "old", None)
            ]]
        );
        let new = side_paragraphs(&spans, Side::New, 2);
        assert_eq!(
            new,
            vec![
                vec![(DiffOp::Equal, "One.", None)],
                vec![(DiffOp::Equal, "Two ", None), (DiffOp::Insert, "new", None)]
            ]
        );
    }
}
