//! The history as one self-contained HTML page: the versions, a version × lineage grid
//! for paragraphs and one for commitments (each cell coloured *and* marked with a
//! symbol), a side panel that shows a cell's wording with the changes since the version
//! before when the cell is clicked, and an SVG line chart of phrase and entity counts.
//!
//! The page needs no script: cells are links to panel ids, and CSS shows the panel that
//! is the URL's target. The Content-Security-Policy therefore forbids every script.
//! Every piece of document text, in text nodes and attributes alike, goes through
//! [`esc`]; ids and links are built from numbers only. The diff report
//! (`render/html.rs`) keeps its escaping and styles private, so this page has its own
//! small helper and a style sheet that follows the same colours.

use std::fmt::Write as _;
use std::io::{self, Write};

use rustc_hash::FxHashMap as HashMap;

use super::super::terminal::signal_words;
use super::table::versions_words;
use super::{excerpt, latest_text, match_mark, places, symbol, LEGEND};
use crate::history::{CommitmentLineage, CommitmentVersion, History, Lineage, Status};
use crate::model::{DiffOp, Span};

const CSS: &str = include_str!("history.css");

/// Text escaped for HTML text nodes and quoted attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Writes the history as an HTML page.
pub fn history_html(h: &History, w: &mut impl Write) -> io::Result<()> {
    let holder = holders(h);
    write_head(h, w)?;
    write_header(h, w)?;
    writeln!(w, "<main><div class=\"layout\"><section class=\"grids\">")?;
    write_paragraph_grid(h, w)?;
    write_commitment_grid(h, w)?;
    write_phrases(h, &holder, w)?;
    writeln!(
        w,
        "</section><aside class=\"panels\" aria-live=\"polite\"><p class=\"hint\">Click a \
         cell of a grid to read that version\u{2019}s wording here, with the changes since \
         the version before: deletions struck through, insertions underlined.</p>"
    )?;
    for l in &h.lineages {
        write_paragraph_panels(h, l, w)?;
    }
    for c in &h.commitments {
        write_commitment_panels(h, c, w)?;
    }
    writeln!(w, "</aside></div></main>")?;
    writeln!(
        w,
        "<footer><p>Made by redliner {}. Cells: colour and symbol give the status; \
         absent cells have no panel.</p></footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    )
}

/// The paragraph lineage holding each (version, paragraph id).
fn holders(h: &History) -> HashMap<(usize, usize), usize> {
    let mut out = HashMap::default();
    for l in &h.lineages {
        for (v, c) in l.versions.iter().enumerate() {
            for &p in &c.paragraphs {
                out.insert((v, p), l.id);
            }
        }
    }
    out
}

fn write_head(h: &History, w: &mut impl Write) -> io::Result<()> {
    writeln!(
        w,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\">\n<title>History of {} \u{2014} redliner</title>\n\
         <style>{CSS}</style>\n</head>\n<body>",
        versions_words(h.versions.len())
    )
}

fn write_header(h: &History, w: &mut impl Write) -> io::Result<()> {
    writeln!(
        w,
        "<header class=\"top\"><p class=\"tool\">redliner history</p>\
         <h1>History of {}</h1>\n<table class=\"versions\"><thead><tr><th>v</th>\
         <th>date</th><th>source</th><th>title</th><th>paragraphs</th><th>commitments</th>\
         </tr></thead><tbody>",
        versions_words(h.versions.len())
    )?;
    for (v, x) in h.versions.iter().enumerate() {
        let date = x.date.as_ref().map_or("\u{2013}".to_owned(), |d| {
            format!(
                "{} <span class=\"st\">({})</span>",
                d.iso(),
                d.source.as_str()
            )
        });
        writeln!(
            w,
            "<tr><td>v{}</td><td>{date}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            v + 1,
            esc(&x.document.source),
            esc(x.document.title.as_deref().unwrap_or("\u{2013}")),
            x.document.paragraphs.len(),
            x.commitments.len()
        )?;
    }
    writeln!(w, "</tbody></table>")?;
    write_counts(h, w)?;
    writeln!(
        w,
        "</header>\n<nav class=\"jump\"><a href=\"#paragraphs\">Paragraphs</a>\
         <a href=\"#commitments\">Commitments</a><a href=\"#phrases\">Phrases and entities</a></nav>"
    )
}

fn write_counts(h: &History, w: &mut impl Write) -> io::Result<()> {
    let lives: Vec<_> = h.lineages.iter().map(Lineage::life).collect();
    let n = h.versions.len();
    let counts = [
        ("paragraph lineages", h.lineages.len()),
        (
            "in every version",
            lives.iter().filter(|l| l.present.len() == n).count(),
        ),
        (
            "dropped at some point",
            lives.iter().filter(|l| !l.dropped.is_empty()).count(),
        ),
        (
            "returned",
            lives.iter().filter(|l| !l.returned.is_empty()).count(),
        ),
        ("commitment lineages", h.commitments.len()),
    ];
    write!(w, "<ul class=\"counts\">")?;
    for (what, k) in counts {
        write!(w, "<li><b>{k}</b> {what}</li>")?;
    }
    writeln!(w, "</ul>")
}

fn write_legend(w: &mut impl Write) -> io::Result<()> {
    write!(w, "<p class=\"legend\">")?;
    for (s, what) in LEGEND {
        write!(
            w,
            "<span><span class=\"s {}\">{}</span> {what}</span>",
            s.as_str(),
            symbol(s)
        )?;
    }
    writeln!(w, "</p>")
}

fn write_grid_head(h: &History, first: &str, w: &mut impl Write) -> io::Result<()> {
    write!(
        w,
        "<div class=\"gridwrap\"><table class=\"grid\"><thead><tr><th>{first}</th>"
    )?;
    for (v, x) in h.versions.iter().enumerate() {
        write!(
            w,
            "<th title=\"{}\">v{}<br>{}</th>",
            esc(&x.document.source),
            v + 1,
            esc(&x.label())
        )?;
    }
    writeln!(w, "</tr></thead><tbody>")
}

/// One grid cell: a link to the panel of a present cell, a plain mark for an absent one.
fn write_cell(
    id: &str,
    v: usize,
    status: Status,
    what: &str,
    w: &mut impl Write,
) -> io::Result<()> {
    let class = status.as_str();
    if status.is_present() {
        write!(
            w,
            "<td class=\"s {class}\"><a href=\"#{id}-{}\" title=\"{id} in v{}: {class}{}\">{}</a></td>",
            v + 1,
            v + 1,
            esc(what),
            symbol(status)
        )
    } else {
        write!(
            w,
            "<td class=\"s {class}\"><span title=\"{id}: absent from v{}\">{}</span></td>",
            v + 1,
            symbol(status)
        )
    }
}

fn write_paragraph_grid(h: &History, w: &mut impl Write) -> io::Result<()> {
    writeln!(w, "<h2 id=\"paragraphs\">Paragraph lineages</h2>")?;
    write_legend(w)?;
    write_grid_head(h, "lineage", w)?;
    for l in &h.lineages {
        let id = format!("P{}", l.id);
        let class = if l.kind == crate::ParagraphKind::Heading {
            " class=\"heading\""
        } else {
            ""
        };
        write!(
            w,
            "<tr{class}><th scope=\"row\" title=\"{}\">{id} <span class=\"ex\">{}</span></th>",
            esc(&excerpt(&latest_text(h, l), 300)),
            esc(&excerpt(&latest_text(h, l), 48))
        )?;
        for (v, c) in l.versions.iter().enumerate() {
            let what = format!(", {}", places(h, v, &c.paragraphs));
            write_cell(&id, v, c.status, &what, w)?;
        }
        writeln!(w, "</tr>")?;
    }
    writeln!(w, "</tbody></table></div>")
}

fn write_commitment_grid(h: &History, w: &mut impl Write) -> io::Result<()> {
    writeln!(w, "<h2 id=\"commitments\">Commitment lineages</h2>")?;
    write_legend(w)?;
    write_grid_head(h, "commitment", w)?;
    for c in &h.commitments {
        let id = format!("C{}", c.id);
        let latest = c.versions.iter().rev().find_map(|x| x.commitment.as_ref());
        let text = latest.map_or("", |s| s.commitment.text.as_str());
        write!(
            w,
            "<tr><th scope=\"row\" title=\"{}\">{id} <span class=\"ex\">{}</span></th>",
            esc(&excerpt(text, 300)),
            esc(&excerpt(text, 48))
        )?;
        for (v, x) in c.versions.iter().enumerate() {
            let what = match (&x.commitment, x.direction) {
                (Some(s), Some(d)) => format!(", {}, {}", h.place(v, s.paragraph), d.as_str()),
                (Some(s), None) => format!(", {}", h.place(v, s.paragraph)),
                _ => String::new(),
            };
            write_cell(&id, v, x.status, &what, w)?;
        }
        writeln!(w, "</tr>")?;
    }
    writeln!(w, "</tbody></table></div>")
}

/// A phrase diff as HTML, with `<del>`, `<ins>` and paragraph breaks as `¶`.
fn diff_html(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        let text = esc(&s.text).replace('\n', " \u{b6} ");
        match s.op {
            DiffOp::Equal => out.push_str(&text),
            DiffOp::Delete => {
                let _ = write!(out, "<del>{text}</del>");
            }
            DiffOp::Insert => {
                let _ = write!(out, "<ins>{text}</ins>");
            }
        }
    }
    out
}

/// What a status means for one cell, in words.
fn status_words(status: Status, since: Option<usize>, changed: bool) -> String {
    match (status, since) {
        (Status::New, _) => "new in this version".to_owned(),
        (Status::Unchanged, Some(u)) => format!("unchanged since v{}", u + 1),
        (Status::Reworded, Some(u)) => format!("reworded since v{}", u + 1),
        (Status::Returned, Some(u)) if changed => format!(
            "returned after an absence; last seen in v{}, changes shown against that wording",
            u + 1
        ),
        (Status::Returned, Some(u)) => {
            format!(
                "returned after an absence, worded as when last seen in v{}",
                u + 1
            )
        }
        (s, _) => s.as_str().to_owned(),
    }
}

/// Links to the previous and next present cells of a lineage.
fn neighbours(id: &str, present: &[usize], v: usize) -> String {
    let at = present.iter().position(|&p| p == v).unwrap_or(0);
    let mut out = String::new();
    if at > 0 {
        let p = present[at - 1] + 1;
        let _ = write!(out, "<a href=\"#{id}-{p}\">\u{2190} v{p}</a> ");
    }
    if let Some(n) = present.get(at + 1) {
        let n = n + 1;
        let _ = write!(out, "<a href=\"#{id}-{n}\">v{n} \u{2192}</a>");
    }
    out
}

fn write_paragraph_panels(h: &History, l: &Lineage, w: &mut impl Write) -> io::Result<()> {
    let id = format!("P{}", l.id);
    let present = l.life().present;
    for (v, c) in l.versions.iter().enumerate() {
        if !c.status.is_present() {
            continue;
        }
        let mut notes = status_words(c.status, c.since, c.changed);
        if c.moved {
            notes.push_str("; moved");
        }
        if c.paragraphs.len() > 1 {
            notes.push_str(&format!(
                "; {} paragraphs (split or merge)",
                c.paragraphs.len()
            ));
        }
        let text = if c.diff.is_empty() {
            esc(&h.text(v, &c.paragraphs)).replace('\n', " \u{b6} ")
        } else {
            diff_html(&c.diff)
        };
        writeln!(
            w,
            "<section class=\"panel\" id=\"{id}-{}\"><h3>{id} in v{} {} \u{b7} {}</h3>\
             <p class=\"st\">{}</p><p class=\"text\">{text}</p><p class=\"nav\">{}</p></section>",
            v + 1,
            v + 1,
            esc(&h.versions[v].label()),
            esc(&places(h, v, &c.paragraphs)),
            esc(&notes),
            neighbours(&id, &present, v)
        )?;
    }
    Ok(())
}

fn write_commitment_panels(
    h: &History,
    c: &CommitmentLineage,
    w: &mut impl Write,
) -> io::Result<()> {
    let id = format!("C{}", c.id);
    let present = c.life().present;
    for (v, x) in c.versions.iter().enumerate() {
        let Some(side) = &x.commitment else { continue };
        let k = &side.commitment;
        let text = if x.diff.is_empty() {
            esc(&k.text)
        } else {
            diff_html(&x.diff)
        };
        let holder = x.paragraph_lineage.map_or(String::new(), |p| {
            format!(" in <a href=\"#P{p}-{}\">P{p}</a>", v + 1)
        });
        writeln!(
            w,
            "<section class=\"panel\" id=\"{id}-{}\"><h3>{id} in v{} {} \u{b7} {}{holder}</h3>\
             <p class=\"st\">{} \u{b7} {} (cue \u{2018}{}\u{2019}){}</p><p class=\"text\">{text}</p>",
            v + 1,
            v + 1,
            esc(&h.versions[v].label()),
            esc(&h.place(v, side.paragraph)),
            esc(&status_words(x.status, x.since, x.changed)),
            k.strength.as_str(),
            esc(&k.cue),
            direction(x)
        )?;
        for s in &x.signals {
            writeln!(w, "<p class=\"sig\">{}</p>", esc(&signal_words(s)))?;
        }
        writeln!(
            w,
            "<p class=\"nav\">{}</p></section>",
            neighbours(&id, &present, v)
        )?;
    }
    Ok(())
}

fn direction(x: &CommitmentVersion) -> String {
    match (x.direction, x.since) {
        (Some(d), Some(u)) => format!(" \u{b7} <b>{}</b> than in v{}", d.as_str(), u + 1),
        _ => String::new(),
    }
}

/// Line colours and dash patterns for the chart: every series differs in both.
const SERIES: [(&str, &str); 8] = [
    ("#0969da", ""),
    ("#cf222e", "6 3"),
    ("#1a7f37", "2 3"),
    ("#8250df", "8 3 2 3"),
    ("#bc4c00", "4 4"),
    ("#1b7c83", "1 2"),
    ("#9a6700", "10 4"),
    ("#6e7781", "3 2 1 2"),
];

fn write_phrases(
    h: &History,
    holder: &HashMap<(usize, usize), usize>,
    w: &mut impl Write,
) -> io::Result<()> {
    writeln!(w, "<h2 id=\"phrases\">Phrases and entities</h2>")?;
    if h.phrases.is_empty() {
        return writeln!(
            w,
            "<p class=\"st\">None tracked; use <code>--phrase</code> or <code>--entity</code>.</p>"
        );
    }
    write_chart(h, w)?;
    write_phrase_table(h, w)?;
    for p in &h.phrases {
        writeln!(
            w,
            "<h3>Where \u{201c}{}\u{201d} occurs</h3><ul class=\"loc\">",
            esc(&p.query)
        )?;
        if let Some(note) = &p.note {
            writeln!(w, "<li class=\"st\">{}</li>", esc(note))?;
        }
        for l in &p.locations {
            let place = esc(&h.place(l.version, l.paragraph));
            let link = match holder.get(&(l.version, l.paragraph)) {
                Some(id) => format!("<a href=\"#P{id}-{}\">{place}</a>", l.version + 1),
                None => place,
            };
            let mark = match_mark(l.kind);
            writeln!(
                w,
                "<li>v{} {}: {link} {mark}{} \u{d7}{}</li>",
                l.version + 1,
                esc(&h.versions[l.version].label()),
                esc(&l.form),
                l.count
            )?;
        }
        writeln!(w, "</ul>")?;
    }
    Ok(())
}

fn write_phrase_table(h: &History, w: &mut impl Write) -> io::Result<()> {
    write!(w, "<table class=\"phr\"><thead><tr><th>phrase</th>")?;
    for (v, x) in h.versions.iter().enumerate() {
        write!(w, "<th>v{} {}</th>", v + 1, esc(&x.label()))?;
    }
    writeln!(w, "<th>total</th></tr></thead><tbody>")?;
    let row = |name: String, counts: &[usize], w: &mut dyn Write| -> io::Result<()> {
        write!(w, "<tr><td>{name}</td>")?;
        for n in counts {
            write!(w, "<td>{n}</td>")?;
        }
        writeln!(w, "<td>{}</td></tr>", counts.iter().sum::<usize>())
    };
    for p in &h.phrases {
        let name = format!("{} \u{201c}{}\u{201d}", p.kind.as_str(), esc(&p.query));
        row(name, &p.counts, w)?;
        for v in &p.variants {
            row(
                format!("&nbsp;&nbsp;\u{2248} {}", esc(&v.text)),
                &v.counts,
                w,
            )?;
        }
        for v in &p.excluded {
            row(
                format!("&nbsp;&nbsp;not counted: {}", esc(&v.text)),
                &v.counts,
                w,
            )?;
        }
    }
    writeln!(
        w,
        "</tbody></table><p class=\"st\">Counts are on canonical text (quotes, \
        case, hyphens and possessives folded); \u{2248} marks near variants, counted apart; \
        \u{201c}not counted\u{201d} marks an entity\u{2019}s name inside the name of something \
        else.</p>"
    )
}

/// Chart geometry: width, height and margins.
struct Chart {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    versions: usize,
    max: usize,
}

impl Chart {
    fn x(&self, v: usize) -> f64 {
        self.left + (self.width - self.left - self.right) * (v as f64 + 0.5) / self.versions as f64
    }

    fn y(&self, count: usize) -> f64 {
        let span = self.height - self.top - self.bottom;
        self.height - self.bottom - span * count as f64 / self.max as f64
    }
}

fn write_chart(h: &History, w: &mut impl Write) -> io::Result<()> {
    let c = Chart {
        width: 640.0,
        height: 260.0,
        left: 40.0,
        right: 20.0,
        top: 14.0,
        bottom: 40.0,
        versions: h.versions.len(),
        max: h
            .phrases
            .iter()
            .flat_map(|p| p.counts.iter().copied())
            .max()
            .unwrap_or(0)
            .max(1),
    };
    writeln!(
        w,
        "<figure class=\"chart\"><svg viewBox=\"0 0 {} {}\" role=\"img\" \
         aria-label=\"Occurrences per version of each tracked phrase and entity\" \
         xmlns=\"http://www.w3.org/2000/svg\">",
        c.width, c.height
    )?;
    write_axes(h, &c, w)?;
    for (k, p) in h.phrases.iter().enumerate() {
        write_series(h, &c, k, p, w)?;
    }
    writeln!(w, "</svg>")?;
    write_chart_legend(h, w)
}

fn write_axes(h: &History, c: &Chart, w: &mut impl Write) -> io::Result<()> {
    for t in ticks(c.max) {
        writeln!(
            w,
            "<line class=\"tick\" x1=\"{}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{t}</text>",
            c.left,
            c.width - c.right,
            c.left - 6.0,
            c.y(t) + 4.0,
            y = c.y(t)
        )?;
    }
    for v in 0..c.versions {
        writeln!(
            w,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">v{} {}</text>",
            c.x(v),
            c.height - c.bottom + 18.0,
            v + 1,
            esc(&h.versions[v].label())
        )?;
    }
    writeln!(
        w,
        "<line class=\"axis\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\"/>",
        c.left,
        c.top,
        c.height - c.bottom
    )
}

/// One phrase's line, with a marker and a tooltip per version.
fn write_series(
    h: &History,
    c: &Chart,
    k: usize,
    p: &crate::history::PhraseTrack,
    w: &mut impl Write,
) -> io::Result<()> {
    let (colour, dash) = SERIES[k % SERIES.len()];
    let points: Vec<String> = (0..c.versions)
        .map(|v| format!("{:.1},{:.1}", c.x(v), c.y(p.counts[v])))
        .collect();
    writeln!(
        w,
        "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" \
         stroke-dasharray=\"{dash}\" points=\"{}\"/>",
        points.join(" ")
    )?;
    for v in 0..c.versions {
        writeln!(
            w,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{colour}\"><title>{} in v{} {}: \
             {}</title></circle>",
            c.x(v),
            c.y(p.counts[v]),
            esc(&p.query),
            v + 1,
            esc(&h.versions[v].label()),
            p.counts[v]
        )?;
    }
    Ok(())
}

fn write_chart_legend(h: &History, w: &mut impl Write) -> io::Result<()> {
    write!(w, "<figcaption><ul>")?;
    for (k, p) in h.phrases.iter().enumerate() {
        let (colour, dash) = SERIES[k % SERIES.len()];
        write!(
            w,
            "<li><svg width=\"34\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" x2=\"34\" \
             y1=\"5\" y2=\"5\" stroke=\"{colour}\" stroke-width=\"3\" stroke-dasharray=\"{dash}\"/>\
             </svg> {} \u{201c}{}\u{201d}</li>",
            p.kind.as_str(),
            esc(&p.query)
        )?;
    }
    writeln!(w, "</ul></figcaption></figure>")
}

/// Up to six round tick values from 0 to `max`.
fn ticks(max: usize) -> Vec<usize> {
    let step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]
        .into_iter()
        .find(|s| max / s <= 5)
        .unwrap_or(max.div_ceil(5).max(1));
    (0..=max).step_by(step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(
            esc("<a href=\"x\">O'Neil & co</a>"),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;"
        );
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(1), [0, 1]);
        assert_eq!(ticks(7), [0, 2, 4, 6]);
        assert_eq!(ticks(48), [0, 10, 20, 30, 40]);
    }
}
