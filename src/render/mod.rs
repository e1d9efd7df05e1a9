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

use crate::commitments::Direction;
use crate::model::{CommitmentChange, CommitmentChangeKind, Document};

/// A titled group of commitment changes and the test for membership.
pub(crate) type Group = (&'static str, fn(&CommitmentChange) -> bool);

/// The groups of commitment changes, in the order an analyst reads them.
pub(crate) const COMMITMENT_GROUPS: [Group; 5] = [
    ("Added", |c| c.change == CommitmentChangeKind::Added),
    ("Dropped", |c| c.change == CommitmentChangeKind::Removed),
    ("Weakened", |c| {
        c.change == CommitmentChangeKind::Reworded && c.direction == Direction::Weaker
    }),
    ("Strengthened", |c| {
        c.change == CommitmentChangeKind::Reworded && c.direction == Direction::Stronger
    }),
    ("Reworded, no direction", |c| {
        c.change == CommitmentChangeKind::Reworded && c.direction == Direction::Neutral
    }),
];

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
