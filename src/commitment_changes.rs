//! The commitments stage of the pipeline: which commitments were added, dropped or
//! reworded between two aligned documents.
//!
//! Within each changed unit, sentences are aligned ([`align_sentences`]), so that they
//! can move inside a split or merged unit. A pair whose sentences differ is a reworded
//! commitment when both are commitments, a dropped or new one when only one side is.
//! Commitments left without a partner anywhere (in added and removed paragraphs, or
//! unpaired sentences) are then aligned across the whole document, because statements
//! move a pledge from one paragraph to another more often than they drop it.

use crate::model::{
    CommitmentChange, CommitmentChangeKind, CommitmentSide, Document, Unit, UnitKind,
};
use crate::normalise::fold;

use crate::align::match_texts;
use crate::commitments::{
    align_sentences, compare, detect, split_sentences, Direction, Signal, SignalKind,
};

/// How similar (weighted words, as for paragraphs) two commitments in different places
/// must be to count as one commitment reworded rather than one dropped and one added.
/// Higher than the paragraph threshold: a sentence has few words, and two pledges on
/// the same subject share most of them without being the same pledge.
const MOVED_COMMITMENT_SIMILARITY: f64 = 0.5;

/// A sentence of a paragraph, with where it sits in the report.
#[derive(Debug, Clone)]
struct Sentence<'a> {
    paragraph: usize,
    text: &'a str,
    /// (unit position, sentence position) in report order.
    order: (usize, usize),
}

/// A change and where it sits in the report.
type Placed = ((usize, usize), CommitmentChange);

/// Finds the commitment changes between `old` and `new`, given their aligned units.
pub fn changes(old: &Document, new: &Document, units: &[Unit]) -> Vec<CommitmentChange> {
    let mut found: Vec<Placed> = Vec::new();
    let mut dropped: Vec<Sentence> = Vec::new();
    let mut fresh: Vec<Sentence> = Vec::new();
    for (k, u) in units.iter().enumerate() {
        if u.kind == UnitKind::Unchanged {
            continue;
        }
        let a = sentences(old, &u.old, k);
        let b = sentences(new, &u.new, k);
        for pair in align_sentences(&texts(&a), &texts(&b)) {
            match pair {
                (Some(i), Some(j)) => found.extend(paired(&a[i], &b[j])),
                (Some(i), None) => dropped.push(a[i].clone()),
                (None, Some(j)) => fresh.push(b[j].clone()),
                (None, None) => {}
            }
        }
    }
    found.extend(across_document(&dropped, &fresh));
    found.sort_by_key(|(order, _)| *order);
    found.into_iter().map(|(_, c)| c).collect()
}

fn texts<'a>(s: &[Sentence<'a>]) -> Vec<&'a str> {
    s.iter().map(|x| x.text).collect()
}

fn sentences<'a>(doc: &'a Document, ids: &[usize], unit: usize) -> Vec<Sentence<'a>> {
    let mut out = Vec::new();
    for &id in ids {
        let text = &doc.paragraph(id).text;
        for range in split_sentences(text) {
            let n = out.len();
            out.push(Sentence {
                paragraph: id,
                text: &text[range],
                order: (unit, n),
            });
        }
    }
    out
}

/// Two aligned sentences: a reworded commitment, a commitment that stopped or started
/// being one, or nothing to report.
fn paired(a: &Sentence, b: &Sentence) -> Option<Placed> {
    if fold(a.text, false) == fold(b.text, false) {
        return None;
    }
    let side = |s: &Sentence| {
        detect(s.text).map(|c| CommitmentSide {
            paragraph: s.paragraph,
            commitment: c,
        })
    };
    let order = b.order;
    match (side(a), side(b)) {
        (Some(o), Some(n)) => reworded(o, n).map(|c| (order, c)),
        (Some(o), None) => Some((
            order,
            one_sided(CommitmentChangeKind::Removed, Some(o), None),
        )),
        (None, Some(n)) => Some((order, one_sided(CommitmentChangeKind::Added, None, Some(n)))),
        (None, None) => None,
    }
}

/// Words that link a sentence to the one before without changing what it commits to.
const CONNECTIVES: [&str; 14] = [
    "addition",
    "additionally",
    "also",
    "finally",
    "further",
    "furthermore",
    "hence",
    "however",
    "in",
    "indeed",
    "lastly",
    "meanwhile",
    "moreover",
    "therefore",
];

/// True when every signal is `other` and only connectives came or went.
fn only_connectives(signals: &[Signal]) -> bool {
    signals.iter().all(|s| {
        s.kind == SignalKind::Other
            && s.old
                .split_whitespace()
                .chain(s.new.split_whitespace())
                .all(|w| CONNECTIVES.contains(&w.to_lowercase().as_str()))
    })
}

fn reworded(o: CommitmentSide, n: CommitmentSide) -> Option<CommitmentChange> {
    let (signals, direction) = compare(&o.commitment, &n.commitment);
    (!signals.is_empty() && !only_connectives(&signals)).then_some(CommitmentChange {
        change: CommitmentChangeKind::Reworded,
        old: Some(o),
        new: Some(n),
        direction,
        signals,
    })
}

fn one_sided(
    change: CommitmentChangeKind,
    old: Option<CommitmentSide>,
    new: Option<CommitmentSide>,
) -> CommitmentChange {
    let direction = if change == CommitmentChangeKind::Added {
        Direction::Stronger
    } else {
        Direction::Weaker
    };
    CommitmentChange {
        change,
        old,
        new,
        direction,
        signals: Vec::new(),
    }
}

/// The sentences that are commitments, with what was found in them.
fn commitments<'a>(s: &[Sentence<'a>]) -> Vec<(Sentence<'a>, CommitmentSide)> {
    s.iter()
        .filter_map(|x| {
            let c = detect(x.text)?;
            Some((
                x.clone(),
                CommitmentSide {
                    paragraph: x.paragraph,
                    commitment: c,
                },
            ))
        })
        .collect()
}

/// Aligns the commitments left over on both sides across the whole document: a pair is
/// a reworded commitment (or the same one, moved, which is not reported); the rest are
/// added or dropped.
fn across_document(dropped: &[Sentence], fresh: &[Sentence]) -> Vec<Placed> {
    let (old, new) = (commitments(dropped), commitments(fresh));
    let old_texts: Vec<&str> = old.iter().map(|(s, _)| s.text).collect();
    let new_texts: Vec<&str> = new.iter().map(|(s, _)| s.text).collect();
    let pairs = match_texts(&old_texts, &new_texts, MOVED_COMMITMENT_SIMILARITY);
    let (mut old_paired, mut new_paired) = (vec![false; old.len()], vec![false; new.len()]);
    let mut out = Vec::new();
    for (i, j, _) in pairs {
        (old_paired[i], new_paired[j]) = (true, true);
        if fold(old[i].0.text, false) != fold(new[j].0.text, false) {
            let order = new[j].0.order;
            out.extend(reworded(old[i].1.clone(), new[j].1.clone()).map(|c| (order, c)));
        }
    }
    for (i, (s, side)) in old.iter().enumerate().filter(|(i, _)| !old_paired[*i]) {
        let _ = i;
        out.push((
            s.order,
            one_sided(CommitmentChangeKind::Removed, Some(side.clone()), None),
        ));
    }
    for (j, (s, side)) in new.iter().enumerate().filter(|(j, _)| !new_paired[*j]) {
        let _ = j;
        out.push((
            s.order,
            one_sided(CommitmentChangeKind::Added, None, Some(side.clone())),
        ));
    }
    out
}

/// Every commitment of one document, in order, with the paragraph holding it.
pub fn document_commitments(doc: &Document) -> Vec<CommitmentSide> {
    doc.paragraphs
        .iter()
        .flat_map(|p| {
            split_sentences(&p.text)
                .into_iter()
                .filter_map(|r| detect(&p.text[r]))
                .map(|commitment| CommitmentSide {
                    paragraph: p.id,
                    commitment,
                })
        })
        .collect()
}
