//! The phrase diff inside one aligned unit: tokens diffed on their comparison keys with
//! `similar`, then cleaned up so that highlights read as phrases.
//!
//! `similar` finds the edit script. Its own semantic cleanup keeps short coincidental
//! matches, so the cleanup that folds them into the surrounding change, in the manner of
//! diff-match-patch's `cleanupSemantic` but on words, is written here.

use similar::{capture_diff_slices, Algorithm, DiffOp as SimOp};

mod moves;

pub use moves::mark_moved_sentences;

use crate::model::{DiffOp, Span};
use crate::normalise::fold;
use crate::tokenize::{tokenize, Token};

/// Options for the phrase diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiffOptions {
    /// Fold case in token keys.
    pub ignore_case: bool,
    /// Above this many tokens on either side the unit gets a coarse diff (all deleted,
    /// all inserted), flagged as degraded. A size cap rather than a clock keeps the
    /// output deterministic.
    pub max_tokens: usize,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            ignore_case: false,
            max_tokens: 20_000,
        }
    }
}

/// The tokens of one side of a unit: one or more paragraphs.
struct Side<'a> {
    tokens: Vec<(&'a str, &'a str)>,
    keys: Vec<String>,
}

impl<'a> Side<'a> {
    fn new(paragraphs: &[&'a str], ignore_case: bool) -> Side<'a> {
        let mut tokens = Vec::new();
        for (n, text) in paragraphs.iter().enumerate() {
            let toks = tokenize(text);
            let last = toks.len();
            for (k, Token { span, space, .. }) in toks.into_iter().enumerate() {
                // Paragraph breaks inside a split or merged unit show as a newline.
                let space = if k + 1 == last && n + 1 < paragraphs.len() {
                    "\n"
                } else {
                    &text[space]
                };
                tokens.push((&text[span], space));
            }
        }
        let keys = tokens.iter().map(|(t, _)| fold(t, ignore_case)).collect();
        Side { tokens, keys }
    }

    fn text(&self, range: std::ops::Range<usize>) -> String {
        self.tokens[range]
            .iter()
            .flat_map(|(t, s)| [*t, *s])
            .collect()
    }

    fn weight(&self, range: std::ops::Range<usize>) -> usize {
        self.keys[range].iter().map(|k| k.chars().count()).sum()
    }
}

/// The result of diffing one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseDiff {
    /// Spans covering every token of both sides.
    pub spans: Vec<Span>,
    /// True when the size cap was hit and the diff is coarse.
    pub degraded: bool,
}

/// Diffs the paragraphs of an old side against those of a new side.
pub fn diff_paragraphs(old: &[&str], new: &[&str], opts: DiffOptions) -> PhraseDiff {
    let a = Side::new(old, opts.ignore_case);
    let b = Side::new(new, opts.ignore_case);
    let degraded = a.tokens.len() > opts.max_tokens || b.tokens.len() > opts.max_tokens;
    let runs = if degraded {
        vec![Run::Change(0..a.tokens.len(), 0..b.tokens.len())]
    } else {
        let ops = capture_diff_slices(Algorithm::Myers, &a.keys, &b.keys);
        cleanup(runs_of(&ops), &a, &b)
    };
    PhraseDiff {
        spans: spans_of(&runs, &a, &b),
        degraded,
    }
}

/// A stretch of equal tokens, or of changed tokens on either side.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Run {
    Equal(std::ops::Range<usize>, std::ops::Range<usize>),
    Change(std::ops::Range<usize>, std::ops::Range<usize>),
}

/// Turns `similar`'s ops into alternating equal and change runs.
fn runs_of(ops: &[SimOp]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for op in ops {
        let (o, n) = (op.old_range(), op.new_range());
        if let SimOp::Equal { .. } = op {
            runs.push(Run::Equal(o, n));
            continue;
        }
        match runs.last_mut() {
            Some(Run::Change(ro, rn)) => {
                ro.end = o.end.max(ro.end);
                rn.end = n.end.max(rn.end);
            }
            _ => runs.push(Run::Change(o, n)),
        }
    }
    runs
}

/// Words that carry no meaning of their own: an equal run made only of these (and
/// commas) between two changes is folded into the change.
const GLUE: [&str; 26] = [
    "the", "of", "and", "a", "an", "to", "in", "on", "for", "with", "by", "at", "as", "its",
    "their", "our", "is", "are", "be", "that", "this", "or", "from", "we", "it", ",",
];

/// Folds an equal run between two changes into them when it is glue, or when it is no
/// longer than the changes on both sides (diff-match-patch's rule, measured in
/// characters of words), so that highlights read as phrases.
fn cleanup(mut runs: Vec<Run>, a: &Side, b: &Side) -> Vec<Run> {
    loop {
        let mut merged = false;
        let mut i = 1;
        while i + 1 < runs.len() {
            if let (Run::Change(lo, ln), Run::Equal(eo, _), Run::Change(ro, rn)) =
                (&runs[i - 1], &runs[i], &runs[i + 1])
            {
                let left = a.weight(lo.clone()).max(b.weight(ln.clone()));
                let right = a.weight(ro.clone()).max(b.weight(rn.clone()));
                let eq = a.weight(eo.clone());
                let glue = eo.len() <= 3
                    && a.keys[eo.clone()]
                        .iter()
                        .all(|k| GLUE.contains(&k.to_lowercase().as_str()));
                let sentence_end = a.keys[eo.clone()].iter().any(|k| k == ".");
                if glue || (!sentence_end && eq <= left.min(right)) {
                    let joined = Run::Change(lo.start..ro.end, ln.start..rn.end);
                    runs.splice(i - 1..i + 2, [joined]);
                    merged = true;
                    continue;
                }
            }
            i += 1;
        }
        if !merged {
            return runs;
        }
    }
}

/// Turns runs into spans: equal text with the new side's characters (and the old ones
/// when they differ, in noise or whitespace, so the old text can be rebuilt exactly),
/// deletions before insertions.
fn spans_of(runs: &[Run], a: &Side, b: &Side) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut push = |op, text: String, old_text: Option<String>| {
        if !text.is_empty() {
            spans.push(Span {
                op,
                text,
                old_text,
                moved: None,
            });
        }
    };
    for run in runs {
        match run {
            Run::Equal(o, n) => {
                let (new_text, old_text) = (b.text(n.clone()), a.text(o.clone()));
                let differs = new_text != old_text;
                push(DiffOp::Equal, new_text, differs.then_some(old_text));
            }
            Run::Change(o, n) => {
                push(DiffOp::Delete, a.text(o.clone()), None);
                push(DiffOp::Insert, b.text(n.clone()), None);
            }
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(old: &str, new: &str) -> String {
        let d = diff_paragraphs(&[old], &[new], DiffOptions::default());
        d.spans
            .iter()
            .map(|s| match s.op {
                DiffOp::Equal => s.text.clone(),
                DiffOp::Delete => format!("[-{}-]", s.text),
                DiffOp::Insert => format!("{{+{}+}}", s.text),
            })
            .collect()
    }

    #[test]
    fn phrases_not_confetti() {
        assert_eq!(
            show(
                "We strongly condemn Russia's war.",
                "We condemn Russia's war."
            ),
            "We [-strongly -]condemn Russia's war."
        );
        assert_eq!(
            show("We will continue to support the effort of the Allies.", "We may consider support for the efforts of Allies."),
            "We [-will continue to support the effort of the -]{+may consider support for the efforts of +}Allies."
        );
        assert_eq!(
            show(
                "a baseline funding of €40 billion within the next year",
                "a baseline funding of €50 billion within the next year"
            ),
            "a baseline funding of [-€40 billion -]{+€50 billion +}within the next year"
        );
    }

    #[test]
    fn noise_is_equal_and_keeps_old_characters() {
        let d = diff_paragraphs(
            &["Russia’s “war”"],
            &["Russia's \"war\""],
            DiffOptions::default(),
        );
        assert_eq!(d.spans.len(), 1);
        assert_eq!(d.spans[0].op, DiffOp::Equal);
        assert_eq!(d.spans[0].text, "Russia's \"war\"");
        assert_eq!(d.spans[0].old_text.as_deref(), Some("Russia’s “war”"));
    }

    #[test]
    fn split_shows_a_paragraph_break() {
        let d = diff_paragraphs(
            &["One two. Three four."],
            &["One two.", "Three four."],
            DiffOptions::default(),
        );
        assert_eq!(d.spans.len(), 1);
        assert_eq!(d.spans[0].text, "One two.\nThree four.");
    }

    #[test]
    fn size_cap_degrades_gracefully() {
        let opts = DiffOptions {
            max_tokens: 3,
            ..DiffOptions::default()
        };
        let d = diff_paragraphs(&["a b c d e"], &["a b c d f"], opts);
        assert!(d.degraded);
        assert_eq!(
            d.spans.iter().map(|s| s.op).collect::<Vec<_>>(),
            [DiffOp::Delete, DiffOp::Insert]
        );
    }
}
