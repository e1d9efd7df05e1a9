//! The phrase diff inside one aligned unit: tokens diffed on their comparison keys, then
//! cleaned up so that highlights read as phrases.
//!
//! The keys are interned to integers. Sentences and short paragraphs get `similar`'s
//! Myers, a shortest edit script (the commitment signals read these); paragraphs get
//! `imara-diff`'s minimal Myers, also shortest and several times faster; long units (a
//! heavily rewritten merge of several paragraphs), where Myers' cost grows with length
//! times edits, get `imara-diff`'s Histogram, which anchors on the rarest shared words
//! (issue #12). `imara-diff`'s output is post-processed so that each change slides as far
//! down as it can. Neither crate's cleanup drops short coincidental matches, so the
//! cleanup that folds them into the surrounding change, in the manner of diff-match-patch's
//! `cleanupSemantic` but on words, is written here.

use std::borrow::Cow;

use imara_diff::{Algorithm, Diff, NoSliderHeuristic, Token as Id};
use rustc_hash::FxHashMap as HashMap;

mod moves;

pub use moves::mark_moved_sentences;

use crate::model::{DiffOp, Span};
use crate::normalise::{fold, paragraph_key};
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
    keys: Vec<Cow<'a, str>>,
    /// Characters of the keys before each token (prefix sums, one more than keys): the
    /// phrase cleanup weighs ranges over and over as it merges them.
    chars: Vec<usize>,
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
        // Plain ASCII words and numbers fold to themselves: most tokens skip the fold.
        let keys = tokens
            .iter()
            .map(|&(t, _)| {
                if !ignore_case && t.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    Cow::Borrowed(t)
                } else {
                    Cow::Owned(fold(t, ignore_case))
                }
            })
            .collect::<Vec<Cow<'a, str>>>();
        let mut chars = Vec::with_capacity(keys.len() + 1);
        let mut total = 0;
        chars.push(0);
        for k in &keys {
            total += k.chars().count();
            chars.push(total);
        }
        Side {
            tokens,
            keys,
            chars,
        }
    }

    fn text(&self, range: std::ops::Range<usize>) -> String {
        self.tokens[range]
            .iter()
            .flat_map(|(t, s)| [*t, *s])
            .collect()
    }

    fn weight(&self, range: std::ops::Range<usize>) -> usize {
        self.chars[range.end] - self.chars[range.start]
    }
}

/// Units of at most this many tokens (both sides) get a minimal edit script (Myers);
/// longer ones, where Myers' cost grows with length times edits, get Histogram's.
const MINIMAL_UP_TO: usize = 600;
/// Units of at most this many tokens get `similar`'s Myers, the kernel the commitment
/// rules were calibrated with; from here to [`MINIMAL_UP_TO`], `imara-diff`'s.
const SHORT_UP_TO: usize = 200;

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
        let (before, after, distinct) = intern(&a.keys, &b.keys);
        let size = before.len() + after.len();
        let runs = if size <= SHORT_UP_TO {
            let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &before, &after);
            runs_of_sim(&ops)
        } else {
            let algorithm = if size <= MINIMAL_UP_TO {
                Algorithm::MyersMinimal
            } else {
                Algorithm::Histogram
            };
            let mut diff = Diff::default();
            diff.compute_with(algorithm, &before, &after, distinct);
            diff.postprocess_with(&before, &after, NoSliderHeuristic);
            runs_of(&diff, a.keys.len(), b.keys.len())
        };
        cleanup(runs, &a, &b)
    };
    PhraseDiff {
        spans: spans_of(&runs, &a, &b, opts.ignore_case),
        degraded,
    }
}

/// A stretch of equal tokens, or of changed tokens on either side.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Run {
    Equal(std::ops::Range<usize>, std::ops::Range<usize>),
    Change(std::ops::Range<usize>, std::ops::Range<usize>),
}

/// Both sides' keys as ids, equal ids for equal keys, and the number of distinct keys.
fn intern<'a>(a: &'a [Cow<'_, str>], b: &'a [Cow<'_, str>]) -> (Vec<Id>, Vec<Id>, u32) {
    let mut ids: HashMap<&str, u32> = HashMap::default();
    let mut id = |k: &'a Cow<'_, str>| {
        let next = ids.len() as u32;
        Id(*ids.entry(k.as_ref()).or_insert(next))
    };
    let before = a.iter().map(&mut id).collect();
    let after = b.iter().map(&mut id).collect();
    (before, after, ids.len() as u32)
}

/// Turns `similar`'s ops into alternating equal and change runs.
fn runs_of_sim(ops: &[similar::DiffOp]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for op in ops {
        let (o, n) = (op.old_range(), op.new_range());
        if let similar::DiffOp::Equal { .. } = op {
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

/// Turns `imara-diff`'s edit script into alternating equal and change runs.
fn runs_of(diff: &Diff, a_len: usize, b_len: usize) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let (mut i, mut j) = (0, 0);
    for h in diff.hunks() {
        let (o, n) = (
            h.before.start as usize..h.before.end as usize,
            h.after.start as usize..h.after.end as usize,
        );
        if o.start > i {
            runs.push(Run::Equal(i..o.start, j..n.start));
        }
        runs.push(Run::Change(o.clone(), n.clone()));
        (i, j) = (o.end, n.end);
    }
    if i < a_len {
        runs.push(Run::Equal(i..a_len, j..b_len));
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
///
/// A change whose two sides have one paragraph key (`lock-ins` and `lockins`, `ODA/GNI`
/// and `ODA/ GNI`: compounds and line-break spaces folded, see
/// [`paragraph_key`](crate::normalise::paragraph_key)) is noise, so it is equal text too.
fn spans_of(runs: &[Run], a: &Side, b: &Side, ignore_case: bool) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut push = |op, text: String, old_text: Option<String>| {
        if text.is_empty() {
            return;
        }
        if let (DiffOp::Equal, Some(last)) = (op, spans.last_mut()) {
            if last.op == DiffOp::Equal {
                let mut old = last.old_text.take().unwrap_or_else(|| last.text.clone());
                old.push_str(old_text.as_deref().unwrap_or(&text));
                last.text.push_str(&text);
                last.old_text = (old != last.text).then_some(old);
                return;
            }
        }
        spans.push(Span {
            op,
            text,
            old_text,
            moved: None,
        });
    };
    for run in runs {
        let (o, n, changed) = match run {
            Run::Equal(o, n) => (o, n, false),
            Run::Change(o, n) => (o, n, true),
        };
        let (old_text, new_text) = (a.text(o.clone()), b.text(n.clone()));
        let equal = !changed
            || (!old_text.is_empty()
                && !new_text.is_empty()
                && paragraph_key(&old_text, ignore_case) == paragraph_key(&new_text, ignore_case));
        if equal {
            let differs = new_text != old_text;
            push(DiffOp::Equal, new_text, differs.then_some(old_text));
        } else {
            push(DiffOp::Delete, old_text, None);
            push(DiffOp::Insert, new_text, None);
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

    /// A compound read two ways, or a space left by a line break beside a slash, is
    /// equal text inside a changed paragraph, with the old characters kept.
    #[test]
    fn compound_and_line_break_variants_are_equal_issue_11() {
        let d = diff_paragraphs(
            &["avoiding carbon lock-ins and the ODA/GNI target, firmly"],
            &["avoiding carbon lockins and the ODA/ GNI target, gently"],
            DiffOptions::default(),
        );
        assert_eq!(
            show(
                "avoiding carbon lock-ins and the ODA/GNI target, firmly",
                "avoiding carbon lockins and the ODA/ GNI target, gently"
            ),
            "avoiding carbon lockins and the ODA/ GNI target, [-firmly-]{+gently+}"
        );
        assert_eq!(
            d.spans[0].old_text.as_deref(),
            Some("avoiding carbon lock-ins and the ODA/GNI target, ")
        );
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

    #[test]
    fn long_units_keep_phrase_highlights_and_both_texts() {
        // Over MINIMAL_UP_TO tokens: the Histogram path. Distinct numbered sentences, two
        // edits far apart, a sentence added after a full stop.
        let sentences: Vec<String> = (0..80)
            .map(|k| format!("Allies will fund project {k} in region {}.", k % 7))
            .collect();
        let old = sentences.join(" ");
        let mut edited = sentences.clone();
        edited[10] = "Allies may fund project 10 in region 3.".into();
        edited[60] = "Allies will fund project 60 in region 4 and beyond.".into();
        edited.insert(40, "We add a sentence here.".into());
        let new = edited.join(" ");
        assert!(tokenize(&old).len() + tokenize(&new).len() > MINIMAL_UP_TO);
        let d = diff_paragraphs(&[&old], &[&new], DiffOptions::default());
        let side = |keep: DiffOp| -> String {
            d.spans
                .iter()
                .filter(|s| s.op == DiffOp::Equal || s.op == keep)
                .map(|s| match (s.op, keep, &s.old_text) {
                    (DiffOp::Equal, DiffOp::Delete, Some(o)) => o.clone(),
                    _ => s.text.clone(),
                })
                .collect()
        };
        assert_eq!(side(DiffOp::Delete), old);
        assert_eq!(side(DiffOp::Insert), new);
        let changed: Vec<(DiffOp, &str)> = d
            .spans
            .iter()
            .filter(|s| s.op != DiffOp::Equal)
            .map(|s| (s.op, s.text.trim()))
            .collect();
        assert_eq!(
            changed,
            [
                (DiffOp::Delete, "will"),
                (DiffOp::Insert, "may"),
                (DiffOp::Insert, "We add a sentence here."),
                (DiffOp::Insert, "and beyond"),
            ]
        );
    }
}
