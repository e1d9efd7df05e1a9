//! The Word comment on each commitment change: where it is anchored (the sentence, in
//! NEW for an added or reworded commitment, in OLD for a dropped one) and what it says,
//! in the words the other reports use.

use super::layout::Anchor;
use crate::commitments::Direction;
use crate::model::{CommitmentChange, CommitmentChangeKind, CommitmentSide, Comparison};
use crate::render::paragraph_ref;
use crate::render::terminal::signal_words;

/// A comment: its range and its paragraphs of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Note {
    pub(super) anchor: Anchor,
    pub(super) lines: Vec<String>,
}

/// One note per commitment change, in the comparison's order.
pub(super) fn notes(cmp: &Comparison) -> Vec<Note> {
    // Sentences already anchored, per (side, paragraph), so that two changes on the
    // same words take successive occurrences.
    let mut taken: Vec<(bool, usize, std::ops::Range<usize>)> = Vec::new();
    let mut out = Vec::new();
    for c in &cmp.commitments {
        let old_side = match (&c.old, &c.new) {
            (Some(_), _) if c.change == CommitmentChangeKind::Removed => true,
            (_, Some(_)) => false,
            (Some(_), None) => true,
            (None, None) => continue,
        };
        let (doc, side) = if old_side {
            (&cmp.old, c.old.as_ref())
        } else {
            (&cmp.new, c.new.as_ref())
        };
        let Some(side) = side else { continue };
        let Some(p) = side
            .paragraph
            .checked_sub(1)
            .and_then(|i| doc.paragraphs.get(i))
        else {
            continue;
        };
        let range = sentence_range(&p.text, &side.commitment.text, |r| {
            taken
                .iter()
                .any(|(o, id, t)| *o == old_side && *id == p.id && *t == r)
        });
        taken.push((old_side, p.id, range.clone()));
        out.push(Note {
            anchor: Anchor {
                old_side,
                paragraph: p.id,
                range,
            },
            lines: lines(cmp, c),
        });
    }
    out
}

/// The first occurrence of `sentence` in `text` that is not `taken`, else the whole text.
fn sentence_range(
    text: &str,
    sentence: &str,
    taken: impl Fn(std::ops::Range<usize>) -> bool,
) -> std::ops::Range<usize> {
    if !sentence.is_empty() {
        for (at, _) in text.match_indices(sentence) {
            let r = at..at + sentence.len();
            if !taken(r.clone()) {
                return r;
            }
        }
    }
    0..text.len()
}

fn strength(s: &CommitmentSide) -> &'static str {
    s.commitment.strength.as_str()
}

/// What the comment says, one paragraph per line.
fn lines(cmp: &Comparison, c: &CommitmentChange) -> Vec<String> {
    let mut out = Vec::new();
    match (c.change, &c.old, &c.new) {
        (CommitmentChangeKind::Added, _, Some(n)) => {
            out.push(format!(
                "new {} commitment (cue \u{2018}{}\u{2019})",
                strength(n),
                n.commitment.cue
            ));
            qualifiers(n, &mut out);
        }
        (CommitmentChangeKind::Removed, Some(o), _) => {
            out.push(format!(
                "dropped {} commitment (cue \u{2018}{}\u{2019})",
                strength(o),
                o.commitment.cue
            ));
            qualifiers(o, &mut out);
        }
        (_, Some(o), Some(n)) => {
            let verb = match c.direction {
                Direction::Weaker => "weakened",
                Direction::Stronger => "strengthened",
                Direction::Mixed => "reworded (signals both ways)",
                Direction::Neutral => "reworded",
            };
            let (oc, nc) = (&o.commitment.cue, &n.commitment.cue);
            if oc.to_lowercase() != nc.to_lowercase() {
                out.push(format!(
                    "{verb}: \u{2018}{oc}\u{2019} \u{2192} \u{2018}{nc}\u{2019}"
                ));
            } else {
                out.push(format!("{verb} commitment (cue \u{2018}{nc}\u{2019})"));
            }
            if strength(o) == strength(n) {
                out.push(format!("strength: {}", strength(n)));
            } else {
                out.push(format!(
                    "strength: {} \u{2192} {}",
                    strength(o),
                    strength(n)
                ));
            }
            let (from, to) = (
                paragraph_ref(&cmp.old, o.paragraph),
                paragraph_ref(&cmp.new, n.paragraph),
            );
            if from != to {
                out.push(format!("was in {from} of the old version"));
            }
        }
        _ => out.push(format!("commitment {}", c.change.as_str())),
    }
    out.extend(c.signals.iter().map(signal_words));
    out
}

/// Intensifiers, conditions and negation of an added or dropped commitment.
fn qualifiers(s: &CommitmentSide, out: &mut Vec<String>) {
    let k = &s.commitment;
    if k.negated {
        out.push("negated".into());
    }
    if !k.intensifiers.is_empty() {
        out.push(format!("intensifiers: {}", k.intensifiers.join(", ")));
    }
    if !k.conditions.is_empty() {
        out.push(format!("conditions: {}", k.conditions.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_found_once_each() {
        let text = "We will act. We will act.";
        let first = sentence_range(text, "We will act.", |_| false);
        assert_eq!(first, 0..12);
        let second = sentence_range(text, "We will act.", |r| r == first);
        assert_eq!(second, 13..25);
        assert_eq!(sentence_range(text, "Missing.", |_| false), 0..25);
    }
}
