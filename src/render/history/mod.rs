//! Rendering a [`History`]: terminal and Markdown tables, the `redliner.history/1` JSON
//! format, and a self-contained HTML page with a version × lineage grid.

mod html;
mod json;
mod table;

pub use html::history_html;
pub use json::{history_json, SCHEMA as HISTORY_SCHEMA};
pub use table::{history_markdown, history_table};

use crate::history::{History, Match, Status};
use crate::model::{DiffOp, Span};

/// The symbol of a status, shown next to its colour so that it reads without colour.
pub(crate) fn symbol(s: Status) -> &'static str {
    match s {
        Status::New => "+",
        Status::Unchanged => "=",
        Status::Reworded => "~",
        Status::Absent => "\u{b7}",
        Status::Returned => "\u{21ba}",
    }
}

/// The statuses with their symbols and meanings, for legends.
pub(crate) const LEGEND: [(Status, &str); 5] = [
    (Status::New, "new"),
    (Status::Unchanged, "unchanged"),
    (Status::Reworded, "reworded"),
    (Status::Returned, "returned after an absence"),
    (Status::Absent, "absent"),
];

/// How a location's kind is marked before its words.
pub(crate) fn match_mark(kind: Match) -> &'static str {
    match kind {
        Match::Form => "",
        Match::Variant => "\u{2248} ",
        Match::Excluded => "not counted: ",
    }
}

/// At most `n` characters of `text` on one line, with `…` when cut.
pub(crate) fn excerpt(text: &str, n: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        return flat;
    }
    let cut: String = flat.chars().take(n.saturating_sub(1)).collect();
    format!("{}\u{2026}", cut.trim_end())
}

/// The paragraphs a lineage holds in version `v`, as places: `§3`, `¶7+¶8`.
pub(crate) fn places(h: &History, v: usize, ids: &[usize]) -> String {
    ids.iter()
        .map(|&id| h.place(v, id))
        .collect::<Vec<_>>()
        .join("+")
}

/// The text of the latest version where a lineage is present.
pub(crate) fn latest_text(h: &History, lineage: &crate::history::Lineage) -> String {
    lineage
        .versions
        .iter()
        .enumerate()
        .rev()
        .find(|(_, c)| !c.paragraphs.is_empty())
        .map(|(v, c)| h.text(v, &c.paragraphs))
        .unwrap_or_default()
}

/// Column header for version `v`: `v1 2021-03-12`.
pub(crate) fn version_header(h: &History, v: usize) -> String {
    format!("v{} {}", v + 1, h.versions[v].label())
}

/// Markers around deleted and inserted text, and the escaping of text between them.
pub(crate) struct Marks {
    /// Before and after deleted text.
    pub del: (&'static str, &'static str),
    /// Before and after inserted text.
    pub ins: (&'static str, &'static str),
    /// Escapes document text for the output format.
    pub escape: fn(&str) -> String,
}

/// A phrase diff on one line, the markers hugging the words; paragraph breaks (inside
/// a split or merged lineage) become ` ¶ `.
pub(crate) fn marked(spans: &[Span], m: &Marks) -> String {
    let mut out = String::new();
    for s in spans {
        // A change glued to the word before it (the space went with the other side)
        // gets a space, so that the two words stay apart.
        let starts_word = s.text.chars().next().is_some_and(char::is_alphanumeric);
        if s.op != DiffOp::Equal && starts_word && out.ends_with(char::is_alphanumeric) {
            out.push(' ');
        }
        let body = s.text.trim_end();
        let tail = match &s.text[body.len()..] {
            "" => "",
            t if t.contains('\n') => " \u{b6} ",
            _ => " ",
        };
        let body = (m.escape)(&body.replace('\n', " \u{b6} "));
        match s.op {
            DiffOp::Equal => out.push_str(&body),
            DiffOp::Delete => out.push_str(&format!("{}{body}{}", m.del.0, m.del.1)),
            DiffOp::Insert => out.push_str(&format!("{}{body}{}", m.ins.0, m.ins.1)),
        }
        out.push_str(tail);
    }
    out
}
