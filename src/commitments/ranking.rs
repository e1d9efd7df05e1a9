//! The "key changes" that open every report: the commitment changes an analyst reads
//! first, ranked once here so that the terminal, Markdown, HTML and JSON reports agree.
//!
//! Ranks, most important first:
//!
//! 1. a **binding** commitment weakened or dropped (binding on the old side);
//! 2. any other commitment weakened or dropped;
//! 3. a commitment strengthened;
//! 4. a binding commitment added;
//! 5. any other commitment added.
//!
//! Reworded commitments whose direction is neutral or mixed are not key changes (they stay
//! in the full list). Within a rank, a commitment weakened comes before one dropped (a
//! weakening is a verdict on a pledge both texts make; a drop may still be a paraphrase
//! the matcher missed), then the report's order of commitment changes (new-document
//! order), so the ranking is deterministic.

use crate::commitments::{Direction, SignalKind, Strength};
use crate::diff::{diff_paragraphs, DiffOptions};
use crate::model::{CommitmentChange, CommitmentChangeKind, Span};

/// How many key changes a report lists before "and N more".
pub const KEY_CHANGES_SHOWN: usize = 10;

/// The rank of a key change, most important first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyRank {
    /// A binding commitment weakened or dropped.
    BindingWeakenedOrDropped,
    /// Any other commitment weakened or dropped.
    WeakenedOrDropped,
    /// A commitment strengthened.
    Strengthened,
    /// A binding commitment added.
    BindingAdded,
    /// Any other commitment added.
    Added,
}

impl KeyRank {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyRank::BindingWeakenedOrDropped => "binding weakened or dropped",
            KeyRank::WeakenedOrDropped => "weakened or dropped",
            KeyRank::Strengthened => "strengthened",
            KeyRank::BindingAdded => "binding added",
            KeyRank::Added => "added",
        }
    }
}

/// One key change: which commitment change it is, its rank and what to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyChange {
    /// Index of the change in [`crate::Comparison::commitments`].
    pub index: usize,
    /// Its rank.
    pub rank: KeyRank,
    /// The verdict in plain words: `Binding commitment dropped`, `Weakened (binding →
    /// support)`, …
    pub verdict: String,
    /// The cue on each side (`None` on the side where the commitment is absent).
    pub cue: (Option<String>, Option<String>),
    /// For a reworded commitment, the phrase change that best explains the verdict (the
    /// first signal in its direction): old and new phrase, either may be empty.
    pub phrase: Option<(String, String)>,
}

/// The rank of one commitment change, or `None` when it is not a key change.
pub fn rank(c: &CommitmentChange) -> Option<KeyRank> {
    let old_binding = c
        .old
        .as_ref()
        .is_some_and(|s| s.commitment.strength == Strength::Binding);
    let new_binding = c
        .new
        .as_ref()
        .is_some_and(|s| s.commitment.strength == Strength::Binding);
    match (c.change, c.direction) {
        (CommitmentChangeKind::Removed, _)
        | (CommitmentChangeKind::Reworded, Direction::Weaker) => Some(if old_binding {
            KeyRank::BindingWeakenedOrDropped
        } else {
            KeyRank::WeakenedOrDropped
        }),
        (CommitmentChangeKind::Reworded, Direction::Stronger) => Some(KeyRank::Strengthened),
        (CommitmentChangeKind::Reworded, _) => None,
        (CommitmentChangeKind::Added, _) => Some(if new_binding {
            KeyRank::BindingAdded
        } else {
            KeyRank::Added
        }),
    }
}

/// Every key change, ranked: by [`KeyRank`], then by position in `changes`. Reports show
/// the first [`KEY_CHANGES_SHOWN`].
pub fn key_changes(changes: &[CommitmentChange]) -> Vec<KeyChange> {
    let mut out: Vec<KeyChange> = changes
        .iter()
        .enumerate()
        .filter_map(|(index, c)| {
            let rank = rank(c)?;
            Some(KeyChange {
                index,
                rank,
                verdict: verdict(c),
                cue: (
                    c.old.as_ref().map(|s| s.commitment.cue.clone()),
                    c.new.as_ref().map(|s| s.commitment.cue.clone()),
                ),
                phrase: phrase(c),
            })
        })
        .collect();
    out.sort_by_key(|k| {
        let dropped = changes[k.index].change == CommitmentChangeKind::Removed;
        (k.rank, dropped, k.index)
    });
    out
}

/// The verdict on a commitment change in plain words.
pub fn verdict(c: &CommitmentChange) -> String {
    let strength = |s: &Option<crate::model::CommitmentSide>| {
        s.as_ref().map(|s| s.commitment.strength.as_str())
    };
    let (old, new) = (strength(&c.old), strength(&c.new));
    match c.change {
        CommitmentChangeKind::Removed => {
            format!("{} commitment dropped", capitalised(old.unwrap_or("a")))
        }
        CommitmentChangeKind::Added => {
            format!("New {} commitment", new.unwrap_or(""))
        }
        CommitmentChangeKind::Reworded => {
            let what = match c.direction {
                Direction::Weaker => "Weakened",
                Direction::Stronger => "Strengthened",
                Direction::Mixed => "Reworded (mixed: signals point both ways)",
                Direction::Neutral => "Reworded (no change in strength)",
            };
            match (old, new) {
                (Some(o), Some(n)) if o != n => format!("{what} ({o} \u{2192} {n})"),
                (Some(o), _) => format!("{what} ({o} commitment)"),
                _ => what.to_owned(),
            }
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// The phrase change behind a reworded verdict: the first signal in the overall direction
/// (a modality change first, since it is what a reader checks), else the first signal.
fn phrase(c: &CommitmentChange) -> Option<(String, String)> {
    if c.change != CommitmentChangeKind::Reworded {
        return None;
    }
    let pick = c
        .signals
        .iter()
        .filter(|s| s.direction == c.direction)
        .min_by_key(|s| usize::from(s.kind != SignalKind::Modality))
        .or_else(|| c.signals.first())?;
    Some((pick.old.clone(), pick.new.clone()))
}

/// The phrase diff of a reworded commitment's two sentences (old, new), so that reports
/// show both in full with the change marked. Empty for an added or dropped commitment.
pub fn sentence_diff(c: &CommitmentChange) -> Vec<Span> {
    match (&c.old, &c.new) {
        (Some(o), Some(n)) => {
            diff_paragraphs(
                &[o.commitment.text.as_str()],
                &[n.commitment.text.as_str()],
                DiffOptions::default(),
            )
            .spans
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commitments::detect;
    use crate::model::CommitmentSide;

    fn side(text: &str) -> Option<CommitmentSide> {
        Some(CommitmentSide {
            paragraph: 1,
            commitment: detect(text).expect("a commitment"),
        })
    }

    fn change(
        change: CommitmentChangeKind,
        old: Option<&str>,
        new: Option<&str>,
        direction: Direction,
    ) -> CommitmentChange {
        CommitmentChange {
            change,
            old: old.and_then(side),
            new: new.and_then(side),
            direction,
            signals: Vec::new(),
        }
    }

    #[test]
    fn ranks_binding_losses_first_then_document_order() {
        use CommitmentChangeKind::*;
        let list = vec![
            change(
                Added,
                None,
                Some("We will build ports."),
                Direction::Stronger,
            ),
            change(
                Added,
                None,
                Some("We support free trade."),
                Direction::Stronger,
            ),
            change(
                Reworded,
                Some("We support the plan."),
                Some("We will fund the plan."),
                Direction::Stronger,
            ),
            change(
                Removed,
                Some("We welcome the talks."),
                None,
                Direction::Weaker,
            ),
            change(Removed, Some("We will end coal."), None, Direction::Weaker),
            change(
                Reworded,
                Some("We will help."),
                Some("We will help them."),
                Direction::Neutral,
            ),
            change(
                Reworded,
                Some("We will fund the plan."),
                Some("We may fund the plan."),
                Direction::Weaker,
            ),
        ];
        let ranked = key_changes(&list);
        let order: Vec<usize> = ranked.iter().map(|k| k.index).collect();
        assert_eq!(order, vec![6, 4, 3, 2, 0, 1]);
        assert_eq!(ranked[0].rank, KeyRank::BindingWeakenedOrDropped);
        assert_eq!(ranked[0].verdict, "Weakened (binding \u{2192} hedged)");
        assert_eq!(ranked[1].verdict, "Binding commitment dropped");
        assert_eq!(ranked[2].rank, KeyRank::WeakenedOrDropped);
        assert_eq!(ranked[4].verdict, "New binding commitment");
        assert_eq!(ranked[5].rank, KeyRank::Added);
    }
}
