//! The `redliner.diff/1` JSON format, documented in `docs/json-format.md`. These structs
//! are the contract; internal types are never serialised directly.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::{Comparison, Document, Span, Unit};

/// The version tag of the format.
pub const SCHEMA: &str = "redliner.diff/1";

#[derive(Serialize)]
struct Out<'a> {
    schema: &'static str,
    old: DocOut<'a>,
    new: DocOut<'a>,
    units: Vec<UnitOut<'a>>,
    commitments: [(); 0],
    summary: SummaryOut,
    notes: &'a [String],
}

#[derive(Serialize)]
struct DocOut<'a> {
    source: &'a str,
    title: Option<&'a str>,
    date: Option<&'a str>,
    encoding: &'a str,
    paragraphs: Vec<ParagraphOut<'a>>,
    furniture: Vec<FurnitureOut<'a>>,
}

#[derive(Serialize)]
struct ParagraphOut<'a> {
    id: usize,
    label: Option<&'a str>,
    kind: &'static str,
    line: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct FurnitureOut<'a> {
    text: &'a str,
    reason: &'static str,
    line: usize,
}

#[derive(Serialize)]
struct UnitOut<'a> {
    kind: &'static str,
    moved: bool,
    old: &'a [usize],
    new: &'a [usize],
    similarity: f64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    degraded: bool,
    diff: Vec<SpanOut<'a>>,
}

#[derive(Serialize)]
struct SpanOut<'a> {
    op: &'static str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    old_text: Option<&'a str>,
}

#[derive(Serialize)]
struct SummaryOut {
    unchanged: usize,
    reworded: usize,
    added: usize,
    removed: usize,
    split: usize,
    merged: usize,
    moved: usize,
}

fn doc(d: &Document) -> DocOut<'_> {
    DocOut {
        source: &d.source,
        title: d.title.as_deref(),
        date: d.date.as_deref(),
        encoding: &d.encoding,
        paragraphs: d
            .paragraphs
            .iter()
            .map(|p| ParagraphOut {
                id: p.id,
                label: p.label.as_deref(),
                kind: p.kind.as_str(),
                line: p.line,
                text: &p.text,
            })
            .collect(),
        furniture: d
            .furniture
            .iter()
            .map(|f| FurnitureOut {
                text: &f.text,
                reason: f.reason.as_str(),
                line: f.line,
            })
            .collect(),
    }
}

fn unit(u: &Unit) -> UnitOut<'_> {
    UnitOut {
        kind: u.kind.as_str(),
        moved: u.moved,
        old: &u.old,
        new: &u.new,
        // Rounded so that the output does not depend on the last bits of a float.
        similarity: (u.similarity * 1000.0).round() / 1000.0,
        degraded: u.degraded,
        diff: u.diff.iter().map(span).collect(),
    }
}

fn span(s: &Span) -> SpanOut<'_> {
    SpanOut {
        op: s.op.as_str(),
        text: &s.text,
        old_text: s.old_text.as_deref(),
    }
}

/// Writes the comparison as one line of `redliner.diff/1` JSON, then a newline.
pub fn json(cmp: &Comparison, w: &mut impl Write) -> io::Result<()> {
    let s = &cmp.summary;
    let out = Out {
        schema: SCHEMA,
        old: doc(&cmp.old),
        new: doc(&cmp.new),
        units: cmp.units.iter().map(unit).collect(),
        commitments: [],
        summary: SummaryOut {
            unchanged: s.unchanged,
            reworded: s.reworded,
            added: s.added,
            removed: s.removed,
            split: s.split,
            merged: s.merged,
            moved: s.moved,
        },
        notes: &cmp.notes,
    };
    serde_json::to_writer(&mut *w, &out)?;
    w.write_all(b"\n")
}
