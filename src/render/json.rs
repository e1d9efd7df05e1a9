//! The `redliner.diff/1` JSON format, documented in `docs/json-format.md`. These structs
//! are the contract; internal types are never serialised directly.

use std::io::{self, Write};

use serde::Serialize;

use crate::commitments::ranking::{key_changes, KeyChange};
use crate::commitments::Signal;
use crate::model::{
    CommitmentChange, CommitmentSide, CommitmentSummary, Comparison, DiffOp, Document, Span,
    Summary, Unit,
};

/// The version tag of the format.
pub const SCHEMA: &str = "redliner.diff/1";

#[derive(Serialize)]
struct Out<'a> {
    schema: &'static str,
    old: DocOut<'a>,
    new: DocOut<'a>,
    units: Vec<UnitOut<'a>>,
    commitments: Vec<CommitmentOut<'a>>,
    key_changes: Vec<KeyOut>,
    summary: SummaryOut,
    notes: &'a [String],
}

#[derive(Serialize)]
struct DocOut<'a> {
    source: &'a str,
    title: Option<&'a str>,
    date: Option<&'a str>,
    encoding: &'a str,
    format: &'a str,
    tracked_changes: Option<usize>,
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
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    rewritten: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<EvidenceOut<'a>>,
    diff: Vec<SpanOut<'a>>,
}

#[derive(Serialize)]
struct EvidenceOut<'a> {
    score: f64,
    similarity: f64,
    shared_rare_terms: &'a [String],
    reused_sentences: usize,
    in_order: bool,
}

#[derive(Serialize)]
struct MoveOut {
    unit: usize,
    paragraph: usize,
}

#[derive(Serialize)]
struct SpanOut<'a> {
    op: &'static str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    old_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    moved_to: Option<MoveOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    moved_from: Option<MoveOut>,
}

#[derive(Serialize)]
struct CommitmentOut<'a> {
    change: &'static str,
    old: Option<SideOut<'a>>,
    new: Option<SideOut<'a>>,
    strength: StrengthOut,
    direction: &'static str,
    signals: Vec<SignalOut<'a>>,
}

/// One entry of `key_changes`: a ranked pointer into `commitments`.
#[derive(Serialize)]
struct KeyOut {
    rank: &'static str,
    verdict: String,
    commitment: usize,
    old_paragraph: Option<usize>,
    new_paragraph: Option<usize>,
    old_cue: Option<String>,
    new_cue: Option<String>,
    phrase: Option<PhraseOut>,
}

#[derive(Serialize)]
struct PhraseOut {
    old: String,
    new: String,
}

fn key(cmp: &Comparison, k: KeyChange) -> KeyOut {
    let c = &cmp.commitments[k.index];
    KeyOut {
        rank: k.rank.as_str(),
        verdict: k.verdict,
        commitment: k.index,
        old_paragraph: c.old.as_ref().map(|s| s.paragraph),
        new_paragraph: c.new.as_ref().map(|s| s.paragraph),
        old_cue: k.cue.0,
        new_cue: k.cue.1,
        phrase: k.phrase.map(|(old, new)| PhraseOut { old, new }),
    }
}

#[derive(Serialize)]
struct SideOut<'a> {
    paragraph: usize,
    text: &'a str,
    subject: &'a str,
    cue: &'a str,
    negated: bool,
    intensifiers: &'a [String],
    conditions: &'a [String],
}

#[derive(Serialize)]
struct StrengthOut {
    old: Option<&'static str>,
    new: Option<&'static str>,
}

/// A typed signal, as both the diff and the history formats write it.
#[derive(Serialize)]
pub(crate) struct SignalOut<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    old: &'a str,
    new: &'a str,
    direction: &'static str,
}

/// Counts of commitment changes, as both the diff and the history formats write them.
#[derive(Serialize)]
pub(crate) struct CommitmentCounts {
    added: usize,
    removed: usize,
    reworded: usize,
    stronger: usize,
    weaker: usize,
    neutral: usize,
    mixed: usize,
}

impl From<&CommitmentSummary> for CommitmentCounts {
    fn from(c: &CommitmentSummary) -> Self {
        CommitmentCounts {
            added: c.added,
            removed: c.removed,
            reworded: c.reworded,
            stronger: c.stronger,
            weaker: c.weaker,
            neutral: c.neutral,
            mixed: c.mixed,
        }
    }
}

/// Counts of units by kind, as both the diff and the history formats write them.
#[derive(Serialize)]
pub(crate) struct UnitCounts {
    unchanged: usize,
    reworded: usize,
    added: usize,
    removed: usize,
    split: usize,
    merged: usize,
    moved: usize,
}

impl From<&Summary> for UnitCounts {
    fn from(s: &Summary) -> Self {
        UnitCounts {
            unchanged: s.unchanged,
            reworded: s.reworded,
            added: s.added,
            removed: s.removed,
            split: s.split,
            merged: s.merged,
            moved: s.moved,
        }
    }
}

#[derive(Serialize)]
struct SummaryOut {
    #[serde(flatten)]
    units: UnitCounts,
    commitments: CommitmentCounts,
}

fn doc(d: &Document) -> DocOut<'_> {
    DocOut {
        source: &d.source,
        title: d.title.as_deref(),
        date: d.date.as_deref(),
        encoding: &d.encoding,
        format: &d.format,
        tracked_changes: d.tracked_changes,
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
        similarity: round3(u.similarity),
        degraded: u.degraded,
        rewritten: u.rewritten,
        confidence: u.evidence.as_ref().map(|e| e.confidence.as_str()),
        evidence: u.evidence.as_ref().map(|e| EvidenceOut {
            score: round3(e.score),
            similarity: round3(e.similarity),
            shared_rare_terms: &e.shared_rare_terms,
            reused_sentences: e.reused_sentences,
            in_order: e.in_order,
        }),
        diff: u.diff.iter().map(span).collect(),
    }
}

/// Rounded to three decimals, so that the output does not depend on a float's last bits.
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

impl<'a> From<&'a Signal> for SignalOut<'a> {
    fn from(s: &'a Signal) -> Self {
        SignalOut {
            kind: s.kind.as_str(),
            old: &s.old,
            new: &s.new,
            direction: s.direction.as_str(),
        }
    }
}

fn side(s: &CommitmentSide) -> SideOut<'_> {
    let c = &s.commitment;
    SideOut {
        paragraph: s.paragraph,
        text: &c.text,
        subject: &c.subject,
        cue: &c.cue,
        negated: c.negated,
        intensifiers: &c.intensifiers,
        conditions: &c.conditions,
    }
}

fn commitment(c: &CommitmentChange) -> CommitmentOut<'_> {
    let strength = |s: &Option<CommitmentSide>| s.as_ref().map(|s| s.commitment.strength.as_str());
    CommitmentOut {
        change: c.change.as_str(),
        old: c.old.as_ref().map(side),
        new: c.new.as_ref().map(side),
        strength: StrengthOut {
            old: strength(&c.old),
            new: strength(&c.new),
        },
        direction: c.direction.as_str(),
        signals: c.signals.iter().map(SignalOut::from).collect(),
    }
}

fn span(s: &Span) -> SpanOut<'_> {
    let end = s.moved.map(|m| MoveOut {
        unit: m.unit,
        paragraph: m.paragraph,
    });
    let (moved_to, moved_from) = match s.op {
        DiffOp::Delete => (end, None),
        _ => (None, end),
    };
    SpanOut {
        op: s.op.as_str(),
        text: &s.text,
        old_text: s.old_text.as_deref(),
        moved_to,
        moved_from,
    }
}

/// Writes the comparison as one line of `redliner.diff/1` JSON, then a newline.
pub fn json(cmp: &Comparison, w: &mut impl Write) -> io::Result<()> {
    let out = Out {
        schema: SCHEMA,
        old: doc(&cmp.old),
        new: doc(&cmp.new),
        units: cmp.units.iter().map(unit).collect(),
        commitments: cmp.commitments.iter().map(commitment).collect(),
        key_changes: key_changes(&cmp.commitments)
            .into_iter()
            .map(|k| key(cmp, k))
            .collect(),
        summary: SummaryOut {
            units: UnitCounts::from(&cmp.summary),
            commitments: CommitmentCounts::from(&cmp.commitment_summary),
        },
        notes: &cmp.notes,
    };
    serde_json::to_writer(&mut *w, &out)?;
    w.write_all(b"\n")
}
