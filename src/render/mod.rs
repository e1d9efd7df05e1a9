//! Rendering a [`Comparison`](crate::Comparison): one free function per format, each
//! writing to a caller's writer. Nothing else in the crate writes.

mod commitments;
mod docx;
mod history;
mod html;
mod json;
mod markdown;
mod terminal;

pub use commitments::{commitments_json, commitments_table};
pub use docx::{
    docx, DocxDate, DocxDateError, DocxOptions, DEFAULT_DOCX_DATE, PARTS as DOCX_PARTS,
};
pub use history::{history_html, history_json, history_markdown, history_table, HISTORY_SCHEMA};
pub use html::{html, HtmlOptions};
pub use json::json;
pub use markdown::{escape as escape_markdown, markdown, MarkdownOptions, DEFAULT_MAX_BYTES};
pub use terminal::{terminal, TerminalOptions};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Coloured or marked-up text for a terminal.
    Terminal,
    /// The `redliner.diff/1` JSON contract.
    Json,
    /// A self-contained side-by-side HTML page.
    Html,
    /// GitHub-flavoured Markdown for pull-request comments.
    Markdown,
    /// A Word document with tracked changes and commitment comments.
    Docx,
}

use crate::commitments::ranking::{key_changes, KeyChange, KEY_CHANGES_SHOWN};
use crate::commitments::Direction;
use crate::model::{CommitmentChange, CommitmentChangeKind, Comparison, DiffOp, Document, Span};

/// A titled group of commitment changes and the test for membership.
pub(crate) type Group = (&'static str, fn(&CommitmentChange) -> bool);

/// The groups of commitment changes, in the order an analyst reads them: the few
/// weakened and strengthened first, then the other rewordings, then the (often long)
/// lists of dropped and added ones. Every change is in exactly one group.
pub(crate) const COMMITMENT_GROUPS: [Group; 6] = [
    ("Weakened", |c| {
        c.change == CommitmentChangeKind::Reworded && c.direction == Direction::Weaker
    }),
    ("Strengthened", |c| {
        c.change == CommitmentChangeKind::Reworded && c.direction == Direction::Stronger
    }),
    ("Reworded, mixed direction", |c| {
        c.change == CommitmentChangeKind::Reworded && c.direction == Direction::Mixed
    }),
    ("Reworded, no direction", |c| {
        c.change == CommitmentChangeKind::Reworded && c.direction == Direction::Neutral
    }),
    ("Dropped", |c| c.change == CommitmentChangeKind::Removed),
    ("Added", |c| c.change == CommitmentChangeKind::Added),
];

/// A key change in plain words, for every report to format (and escape) its own way.
pub(crate) struct KeyLine {
    /// `Binding commitment dropped`, `Weakened (binding → support)`, …
    pub verdict: String,
    /// `cue 'will' → 'may'; 'entire territory' → (nothing)`.
    pub change: String,
    /// `§3 → §4`, `old ¶7` or `new §12`.
    pub place: String,
}

/// The key changes a report lists (at most [`KEY_CHANGES_SHOWN`]), each in plain
/// words, and how many more there are.
pub(crate) fn key_lines(cmp: &Comparison) -> (Vec<(KeyChange, KeyLine)>, usize) {
    let all = key_changes(&cmp.commitments);
    let more = all.len().saturating_sub(KEY_CHANGES_SHOWN);
    let shown = all
        .into_iter()
        .take(KEY_CHANGES_SHOWN)
        .map(|k| {
            let line = key_line(cmp, &k);
            (k, line)
        })
        .collect();
    (shown, more)
}

fn key_line(cmp: &Comparison, k: &KeyChange) -> KeyLine {
    let c = &cmp.commitments[k.index];
    let quote = |s: &str| {
        if s.is_empty() {
            "(nothing)".to_owned()
        } else {
            format!("\u{2018}{s}\u{2019}")
        }
    };
    // A dropped or added commitment is named by its sentence (the cue alone, `will`,
    // says nothing of what was pledged); a reworded one by its cue and phrase change.
    let only = match (&c.old, &c.new) {
        (Some(s), None) | (None, Some(s)) => Some(s.commitment.text.as_str()),
        _ => None,
    };
    let mut change = match (&k.cue, only) {
        (_, Some(sentence)) => format!("\u{201c}{}\u{201d}", excerpt(sentence, KEY_EXCERPT)),
        ((Some(o), Some(n)), None) if o != n => {
            format!("cue {} \u{2192} {}", quote(o), quote(n))
        }
        ((Some(c), _), None) | ((None, Some(c)), None) => format!("cue {}", quote(c)),
        ((None, None), None) => String::new(),
    };
    if let Some((o, n)) = &k.phrase {
        if (Some(o), Some(n)) != (k.cue.0.as_ref(), k.cue.1.as_ref()) {
            change.push_str(&format!("; {} \u{2192} {}", quote(o), quote(n)));
        }
    }
    let place = match (&c.old, &c.new) {
        (Some(o), Some(n)) => format!(
            "{} \u{2192} {}",
            paragraph_ref(&cmp.old, o.paragraph),
            paragraph_ref(&cmp.new, n.paragraph)
        ),
        (Some(o), None) => format!("old {}", paragraph_ref(&cmp.old, o.paragraph)),
        (None, Some(n)) => format!("new {}", paragraph_ref(&cmp.new, n.paragraph)),
        (None, None) => String::new(),
    };
    KeyLine {
        verdict: k.verdict.clone(),
        change,
        place,
    }
}

/// The longest a dropped or added commitment's sentence is quoted in the key changes, in
/// characters; the full sentence is in the commitments list.
const KEY_EXCERPT: usize = 140;

/// `text` cut at a word boundary to at most about `max` characters, with `…` when cut
/// (and the comma or colon the cut leaves at its end dropped).
fn excerpt(text: &str, max: usize) -> String {
    let text = text.trim();
    match cut_at_word(text, max) {
        None => text.to_owned(),
        Some(head) => format!("{}\u{2026}", head.trim_end_matches([',', ';', ':', ' '])),
    }
}

/// The start of `text` that a shortened quotation keeps: `None` when `text` has at most
/// `max` characters, else its first `max` characters up to the last space among them
/// (all of them if there is none). Callers add their own ellipsis.
pub(crate) fn cut_at_word(text: &str, max: usize) -> Option<&str> {
    let end = text.char_indices().nth(max)?.0;
    let cut = &text[..end];
    Some(cut.rsplit_once(' ').map_or(cut, |(head, _)| head))
}

/// What a span contributes to one side of its unit (`side` is `Delete` for the old
/// text, `Insert` for the new): equal text on both (with its old characters on the old
/// side), a change only on its own side.
pub(crate) fn side_text(span: &Span, side: DiffOp) -> Option<&str> {
    match span.op {
        DiffOp::Equal if side == DiffOp::Delete => {
            Some(span.old_text.as_deref().unwrap_or(&span.text))
        }
        DiffOp::Equal => Some(&span.text),
        op if op == side => Some(&span.text),
        _ => None,
    }
}

/// `§3` for a labelled paragraph, `¶7` (its position) for an unlabelled one or a bullet.
pub(crate) fn paragraph_ref(doc: &Document, id: usize) -> String {
    match &doc.paragraph(id).label {
        Some(l) if l != "\u{2022}" => format!("\u{a7}{l}"),
        _ => format!("\u{b6}{id}"),
    }
}

/// The references of several paragraphs joined with `+`, or `–` for none.
pub(crate) fn paragraph_refs(doc: &Document, ids: &[usize]) -> String {
    if ids.is_empty() {
        return "\u{2013}".into();
    }
    let names: Vec<String> = ids.iter().map(|&id| paragraph_ref(doc, id)).collect();
    names.join("+")
}
