//! The pipeline: read and parse both inputs, align, diff each unit, and find the
//! commitment changes. `lib.rs` only re-exports what this module builds.

use std::path::Path;

use crate::align::{self, AlignOptions};
use crate::commitments::changes as commitment_changes;
use crate::diff::{self, DiffOptions};
use crate::error::Result;
use crate::input;
use crate::model::{
    CommitmentSummary, Comparison, DiffOp, Document, Span, Summary, Unit, UnitKind, REWRITTEN_SHARE,
};
use crate::normalise::NormaliseOptions;

/// Options for the whole comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Fold case when comparing.
    pub ignore_case: bool,
    /// Alignment settings.
    pub align: AlignOptions,
    /// Phrase diff settings (its `ignore_case` is taken from here).
    pub diff: DiffOptions,
    /// The largest input accepted, in bytes.
    pub max_size: u64,
    /// How inputs are read (format, DOCX view, …).
    pub input: input::InputOptions,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ignore_case: false,
            align: AlignOptions::default(),
            diff: DiffOptions::default(),
            max_size: input::DEFAULT_MAX_SIZE,
            input: input::InputOptions::default(),
        }
    }
}

/// Reads and parses a document from a path, or from standard input when it is `-`.
pub fn read_document(path: &Path, opts: &Options) -> Result<Document> {
    let bytes = input::read_bytes(path, opts.max_size)?;
    parse_document(&path.to_string_lossy(), &bytes, opts)
}

/// Parses a document from its bytes; `source` names it in messages and output.
pub fn parse_document(source: &str, bytes: &[u8], opts: &Options) -> Result<Document> {
    let norm = NormaliseOptions {
        ignore_case: opts.ignore_case,
    };
    let parsed = input::parse_detailed(source, bytes, &opts.input, norm)?;
    let mut doc = parsed.document;
    doc.format = parsed.format.as_str().to_owned();
    doc.tracked_changes = parsed.tracked_changes;
    Ok(doc)
}

/// Compares two documents: aligns their paragraphs, diffs each unit, and finds the
/// commitments added, dropped or reworded.
pub fn compare(old: Document, new: Document, opts: &Options) -> Comparison {
    // Sentence analysis for the commitments stage does not depend on the alignment:
    // it runs on a second thread meanwhile.
    let (pairings, prepared) = std::thread::scope(|s| {
        let prepared = s.spawn(|| commitment_changes::Prepared::new(&old, &new));
        let pairings = align::align(&old.paragraphs, &new.paragraphs, &opts.align);
        (pairings, prepared.join().unwrap_or_default())
    });
    let diff_opts = DiffOptions {
        ignore_case: opts.ignore_case,
        ..opts.diff
    };
    // The commitments stage needs only which paragraphs each unit holds: it runs on a
    // second thread while the units are diffed and their moved sentences marked.
    let ids = |v: &[usize]| v.iter().map(|i| i + 1).collect::<Vec<usize>>();
    let held: Vec<(UnitKind, Vec<usize>, Vec<usize>)> = pairings
        .iter()
        .map(|p| (p.kind, ids(&p.old), ids(&p.new)))
        .collect();
    let (units, commitments) = std::thread::scope(|s| {
        let commitments = s.spawn(|| {
            let places: Vec<commitment_changes::Place> = held
                .iter()
                .map(|(kind, old_ids, new_ids)| commitment_changes::Place {
                    kind: *kind,
                    old: old_ids,
                    new: new_ids,
                })
                .collect();
            commitment_changes::changes_prepared(&old, &new, &places, &prepared)
        });
        let mut units: Vec<Unit> = pairings
            .into_iter()
            .map(|p| unit(&old, &new, p, diff_opts))
            .collect();
        diff::mark_moved_sentences(&mut units);
        (units, commitments.join())
    });
    let commitments = match commitments {
        Ok(c) => c,
        // The thread only panics on a bug; rethrow it here as the sequential code would.
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let degraded = units.iter().filter(|u| u.degraded).count();
    let mut notes = Vec::new();
    if degraded > 0 {
        notes.push(format!(
            "{degraded} unit(s) exceeded the word-diff cap of {} tokens and are shown as whole deletions and insertions",
            diff_opts.max_tokens
        ));
    }
    Comparison {
        summary: Summary::of(&units),
        commitment_summary: CommitmentSummary::of(&commitments),
        commitments,
        old,
        new,
        units,
        notes,
    }
}

fn unit(old: &Document, new: &Document, p: align::Pairing, opts: DiffOptions) -> Unit {
    let old_texts: Vec<&str> = p
        .old
        .iter()
        .map(|&i| old.paragraphs[i].text.as_str())
        .collect();
    let new_texts: Vec<&str> = p
        .new
        .iter()
        .map(|&j| new.paragraphs[j].text.as_str())
        .collect();
    let whole = |op, texts: &[&str]| diff::PhraseDiff {
        spans: vec![Span {
            op,
            text: texts.join("\n"),
            old_text: None,
            moved: None,
        }],
        degraded: false,
    };
    // Added, removed and identical units need no tokenising.
    let phrase = if old_texts.is_empty() {
        whole(DiffOp::Insert, &new_texts)
    } else if new_texts.is_empty() {
        whole(DiffOp::Delete, &old_texts)
    } else if p.kind == UnitKind::Unchanged {
        // Equal keys: any difference is noise, shown with the new side's characters.
        let mut equal = whole(DiffOp::Equal, &new_texts);
        let old_joined = old_texts.join("\n");
        if old_joined != equal.spans[0].text {
            equal.spans[0].old_text = Some(old_joined);
        }
        equal
    } else {
        diff::diff_paragraphs(&old_texts, &new_texts, opts)
    };
    // Only a long unit reads better as two texts: a short one (a heading whose case
    // changed) keeps its inline marks.
    let rewritten = p.kind == UnitKind::Reworded
        && words(&old_texts) >= REWRITTEN_MIN_WORDS
        && words(&new_texts) >= REWRITTEN_MIN_WORDS
        && kept_share(&phrase.spans) < REWRITTEN_SHARE;
    Unit {
        kind: p.kind,
        moved: p.moved,
        old: p.old.iter().map(|i| i + 1).collect(),
        new: p.new.iter().map(|j| j + 1).collect(),
        similarity: p.similarity,
        diff: phrase.spans,
        degraded: phrase.degraded,
        rewritten,
        evidence: p.evidence,
    }
}

/// Words a side needs for a unit to be shown as rewritten (two texts, shared phrases
/// marked) rather than with inline marks.
const REWRITTEN_MIN_WORDS: usize = 12;

fn words(texts: &[&str]) -> usize {
    texts.iter().map(|t| t.split_whitespace().count()).sum()
}

/// The share of a phrase diff's words that are equal, both sides counted.
fn kept_share(spans: &[Span]) -> f64 {
    let words = |t: &str| t.split_whitespace().count();
    let (mut kept, mut all) = (0, 0);
    for s in spans {
        let n = words(&s.text);
        match s.op {
            DiffOp::Equal => {
                kept += 2 * n;
                all += n + s.old_text.as_deref().map_or(n, words);
            }
            DiffOp::Delete | DiffOp::Insert => all += n,
        }
    }
    if all == 0 {
        1.0
    } else {
        kept as f64 / all as f64
    }
}
