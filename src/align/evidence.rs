//! Evidence that two paragraphs are one paragraph carried forward.
//!
//! One similarity number cannot tell a rewritten successor from a paragraph that only
//! shares the statement's vocabulary. A reader uses more: the same rare names and
//! figures (`IORA`, `price cap`, `Black Sea Grain Initiative`), the same phrases, a
//! sentence kept word for word, and where the paragraph stands. [`Features`] measures
//! each of these for a candidate step, and [`Model`] combines them into the probability
//! that a reader would pair the two, a logistic model fitted on the calibration keys in
//! `fixtures/real/` (`scripts/fit-evidence.py`; ARCHITECTURE.md gives the figures).

use std::borrow::Cow;

use serde::Serialize;

use super::{Bag, Scorer, Shape};

/// How sure the alignment is that a pairing is right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Worth checking: the evidence only just passed the threshold.
    Low,
    /// Probably right.
    Medium,
    /// Equal text, a reused sentence, or overwhelming shared content.
    High,
}

impl Confidence {
    /// The name used in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    /// The confidence a combined score earns.
    pub(super) fn of(score: f64) -> Confidence {
        if score >= HIGH {
            Confidence::High
        } else if score >= MEDIUM {
            Confidence::Medium
        } else {
            Confidence::Low
        }
    }
}

/// Scores from which a pairing is high or medium confidence.
const HIGH: f64 = 0.9;
const MEDIUM: f64 = 0.7;

/// Why a pairing was made: the measures behind it, for a reader who checks it.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The combined score: the model's probability that a reader pairs these.
    pub score: f64,
    /// Weighted word similarity (as [`super::Pairing::similarity`]).
    pub similarity: f64,
    /// Rare informative words both sides share (found in at most three of the
    /// paragraphs being aligned), in order of first use in the new text.
    pub shared_rare_terms: Vec<String>,
    /// Sentences kept word for word or nearly (at least 80% of their words).
    pub reused_sentences: usize,
    /// The pairing keeps the order of the paragraphs around it.
    pub in_order: bool,
    /// Derived from `score`.
    pub confidence: Confidence,
}

/// The measures of one candidate step.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Features {
    /// Weighted word similarity (IDF Dice).
    pub similarity: f64,
    /// Shared informative words that occur in at most [`RARE_DF`] unpaired paragraphs.
    pub rare: u32,
    /// Shared pairs of consecutive informative words.
    pub phrases: u32,
    /// The best Dice coefficient between a sentence of one side and one of the other.
    pub sentence: f64,
    /// Sentences of either side with a near-verbatim partner on the other.
    pub reused: u32,
    /// Each side is the other's best 1-1 candidate in its gap.
    pub mutual: bool,
    /// One side (not both) is the other's best 1-1 candidate in its gap.
    pub one_best: bool,
    /// The larger share of one side's weighted words found on the other side.
    pub containment: f64,
    /// How far apart the two stand in their gap, as a share of its length (0 to 1).
    pub displacement: f64,
}

/// A word in at most this many unpaired paragraphs (both sides together) is rare.
pub(super) const RARE_DF: u32 = 3;
/// Sentence similarity from which a sentence counts as reused.
const REUSED: f64 = 0.8;
/// Sentences shorter than this (informative words) are not evidence of reuse.
const MIN_SENTENCE: usize = 6;

/// The logistic model over [`Features`]: `p = 1 / (1 + exp(-z))` with `z` the weighted
/// sum below. Fitted on the calibration keys (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Model {
    /// The intercept.
    pub bias: f64,
    /// Weight of [`Features::similarity`].
    pub similarity: f64,
    /// Weight of `ln(1 + rare)`.
    pub rare: f64,
    /// Weight of `ln(1 + phrases)`.
    pub phrases: f64,
    /// Weight of [`Features::sentence`].
    pub sentence: f64,
    /// Weight of [`Features::mutual`] (0 or 1).
    pub mutual: f64,
    /// Weight of [`Features::one_best`] (0 or 1).
    pub one_best: f64,
    /// Weight of [`Features::containment`].
    pub containment: f64,
    /// Weight of [`Features::displacement`].
    pub displacement: f64,
}

/// The fitted coefficients.
pub const MODEL: Model = Model {
    bias: -6.318,
    similarity: 3.195,
    rare: 1.461,
    phrases: 0.818,
    sentence: 3.782,
    mutual: 2.603,
    one_best: 1.387,
    containment: 3.995,
    displacement: -2.885,
};

impl Model {
    /// The probability that a reader pairs a step with these measures.
    pub fn probability(&self, f: &Features) -> f64 {
        let z = self.bias
            + self.similarity * f.similarity
            + self.rare * f64::from(f.rare).ln_1p()
            + self.phrases * f64::from(f.phrases).ln_1p()
            + self.sentence * f.sentence
            + self.mutual * f64::from(u8::from(f.mutual))
            + self.one_best * f64::from(u8::from(f.one_best))
            + self.containment * f.containment
            + self.displacement * f.displacement;
        let p = 1.0 / (1.0 + (-z).exp());
        // A sentence kept word for word is decisive, whatever the rest says: the new
        // paragraph is the old one's successor, or a split or merge with it.
        if f.reused > 0 {
            p.max(REUSE_SCORE)
        } else {
            p
        }
    }
}

/// The score a step with a reused sentence has at least.
const REUSE_SCORE: f64 = 0.95;

/// The sentences of a comparison key: cut after `.`, `!`, `?` or `;` followed by a
/// space. Abbreviations cut too; for evidence that only shortens a sentence.
pub(super) fn sentences(key: &str) -> impl Iterator<Item = &str> {
    let bytes = key.as_bytes();
    let mut start = 0;
    let mut k = 0;
    std::iter::from_fn(move || {
        while k < bytes.len() {
            let end = matches!(bytes[k], b'.' | b'!' | b'?' | b';')
                && bytes.get(k + 1).is_none_or(|&b| b == b' ');
            k += 1;
            if end {
                let s = &key[start..k];
                start = k;
                return Some(s);
            }
        }
        if start < bytes.len() {
            let s = &key[start..];
            start = bytes.len();
            return Some(s);
        }
        None
    })
}

/// Sentence lengths, (term, sentence) postings and phrases of a group of paragraphs.
type GroupShape<'s> = (Vec<usize>, Cow<'s, [(u32, u32)]>, Cow<'s, [u64]>);

/// The sentence lengths, the (term, sentence) postings and the phrases (sorted,
/// distinct) of a group of paragraphs, sentences numbered across the group.
fn shapes<'s>(ids: &[usize], text: &'s [Shape]) -> GroupShape<'s> {
    let lengths = ids
        .iter()
        .flat_map(|&i| text[i].sentences.iter().map(Vec::len))
        .collect();
    if let [i] = ids {
        return (
            lengths,
            Cow::Borrowed(text[*i].postings.as_slice()),
            Cow::Borrowed(text[*i].phrases.as_slice()),
        );
    }
    let mut postings = Vec::new();
    let mut phrases = Vec::new();
    let mut offset = 0;
    for &i in ids {
        postings.extend(text[i].postings.iter().map(|&(t, k)| (t, k + offset)));
        offset += text[i].sentences.len() as u32;
        phrases.extend_from_slice(&text[i].phrases);
    }
    postings.sort_unstable();
    phrases.sort_unstable();
    phrases.dedup();
    (lengths, Cow::Owned(postings), Cow::Owned(phrases))
}

/// Count of equal items in two sorted, distinct lists.
fn common<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

impl Scorer<'_> {
    /// The measures of a step that do not depend on its context (mutual best and
    /// displacement are the caller's).
    pub(super) fn features(&self, olds: &[usize], news: &[usize], similarity: f64) -> Features {
        // Refinement rounds and the move pass meet the same 1-1 steps again; their
        // measures are kept (only `similarity` is the caller's, and is copied in).
        if let ([i], [j]) = (olds, news) {
            let key = (*i as u32, *j as u32);
            let known = self.single_features.borrow().get(&key).copied();
            let f = known.unwrap_or_else(|| {
                let f = self.measure(olds, news, similarity);
                self.single_features.borrow_mut().insert(key, f);
                f
            });
            return Features { similarity, ..f };
        }
        self.measure(olds, news, similarity)
    }

    fn measure(&self, olds: &[usize], news: &[usize], similarity: f64) -> Features {
        let (os, opost, op) = shapes(olds, &self.old_text);
        let (ns, npost, np) = shapes(news, &self.new_text);
        // Terms shared by each pair of sentences, counted through the postings: only
        // pairs that share a term are visited, so unrelated paragraphs cost little.
        let mut shared = vec![0u32; os.len() * ns.len()];
        if let ([i], [j]) = (olds, news) {
            return self.measure_single(
                *i,
                *j,
                similarity,
                (&os, &opost, &op),
                (&ns, &npost, &np),
                shared,
            );
        }
        let (mut i, mut j) = (0, 0);
        while i < opost.len() && j < npost.len() {
            let t = opost[i].0;
            match t.cmp(&npost[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let i_end = i + opost[i..].iter().take_while(|p| p.0 == t).count();
                    let j_end = j + npost[j..].iter().take_while(|p| p.0 == t).count();
                    for &(_, a) in &opost[i..i_end] {
                        for &(_, b) in &npost[j..j_end] {
                            shared[a as usize * ns.len() + b as usize] += 1;
                        }
                    }
                    (i, j) = (i_end, j_end);
                }
            }
        }
        let (a, b) = (self.old_group(olds), self.new_group(news));
        let (overlap, rare) = self.shared(&a, &b, |_| ());
        let share = |t: f32| if t > 0.0 { overlap / f64::from(t) } else { 0.0 };
        let (sentence, reused) = best_sentences(&os, &ns, shared);
        Features {
            similarity,
            rare,
            phrases: common(&op, &np) as u32,
            sentence,
            reused,
            mutual: false,
            one_best: false,
            containment: share(a.total).max(share(b.total)),
            displacement: 0.0,
        }
    }

    /// [`Scorer::measure`] for one old and one new paragraph, through the old
    /// paragraph's dense row (see [`Row`]): the same counts and sums, each new term
    /// looked up instead of two sorted lists merged.
    fn measure_single(
        &self,
        i: usize,
        j: usize,
        similarity: f64,
        (os, _, op): (&[usize], &[(u32, u32)], &[u64]),
        (ns, npost, np): (&[usize], &[(u32, u32)], &[u64]),
        mut shared: Vec<u32>,
    ) -> Features {
        let mut row = self.row.borrow_mut();
        self.fill_row(&mut row, i);
        let opost = &self.old_text[i].postings;
        for &(t, b) in npost {
            let (start, end) = row.postings[t as usize];
            for &(_, a) in &opost[start as usize..end as usize] {
                shared[a as usize * ns.len() + b as usize] += 1;
            }
        }
        // The weighted overlap and the rare terms shared, summed in term order as
        // [`Scorer::shared`] sums them (adding 0.0 for a term the old side lacks
        // changes no sum).
        let (mut overlap, mut rare) = (0.0f32, 0);
        for &(t, wb) in &self.new_bags[j].items {
            let wa = row.weight[t as usize];
            overlap += wa.min(wb);
            rare += u32::from(wa > 0.0 && self.df[t as usize] <= RARE_DF);
        }
        drop(row);
        let overlap = f64::from(overlap);
        let share = |t: f32| if t > 0.0 { overlap / f64::from(t) } else { 0.0 };
        let (sentence, reused) = best_sentences(os, ns, shared);
        Features {
            similarity,
            rare,
            phrases: common(op, np) as u32,
            sentence,
            reused,
            mutual: false,
            one_best: false,
            containment: share(self.old_bags[i].total).max(share(self.new_bags[j].total)),
            displacement: 0.0,
        }
    }
}

/// The best Dice coefficient between a sentence of one side and one of the other, and
/// the sentences of either side kept nearly word for word, from the terms each pair of
/// sentences shares (`shared`, old sentence by new sentence).
fn best_sentences(os: &[usize], ns: &[usize], mut shared: Vec<u32>) -> (f64, u32) {
    // New sentences reused are flagged after the matrix.
    let mut best: f64 = 0.0;
    let (mut old_reused, cols) = (0, shared.len());
    shared.resize(cols + ns.len(), 0);
    for (a, &la) in os.iter().enumerate() {
        let mut row_reused = false;
        for (b, &lb) in ns.iter().enumerate() {
            let common = shared[a * ns.len() + b];
            if common == 0 || la.min(lb) < MIN_SENTENCE.min(4) {
                continue;
            }
            let dice = 2.0 * f64::from(common) / (la + lb) as f64;
            best = best.max(dice);
            if dice >= REUSED && la.min(lb) >= MIN_SENTENCE {
                row_reused = true;
                shared[cols + b] = 1;
            }
        }
        old_reused += usize::from(row_reused);
    }
    let reused = old_reused + shared[cols..].iter().filter(|&&r| r > 0).count();
    (best, reused as u32)
}

impl Scorer<'_> {
    /// The weighted overlap of two bags and the number of rare terms they share, each
    /// of which is also passed to `rare`.
    fn shared(&self, a: &Bag, b: &Bag, mut rare: impl FnMut(u32)) -> (f64, u32) {
        let (mut i, mut j, mut overlap, mut n) = (0, 0, 0.0f32, 0);
        while i < a.items.len() && j < b.items.len() {
            let ((ta, wa), (tb, wb)) = (a.items[i], b.items[j]);
            if ta == tb {
                overlap += wa.min(wb);
                if self.df[ta as usize] <= RARE_DF {
                    n += 1;
                    rare(ta);
                }
            }
            i += usize::from(ta <= tb);
            j += usize::from(tb <= ta);
        }
        (f64::from(overlap), n)
    }

    /// The evidence to report for a step that was taken.
    pub(super) fn evidence(
        &self,
        olds: &[usize],
        news: &[usize],
        features: &Features,
        score: f64,
        in_order: bool,
    ) -> Evidence {
        let mut shared_rare_terms: Vec<String> = Vec::new();
        let (a, b) = (self.old_group(olds), self.new_group(news));
        self.shared(&a, &b, |t| {
            shared_rare_terms.push(self.terms[t as usize].clone())
        });
        shared_rare_terms.sort();
        Evidence {
            score,
            similarity: features.similarity,
            shared_rare_terms,
            reused_sentences: features.reused as usize,
            in_order,
            confidence: Confidence::of(score),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_cut_at_stops_followed_by_space() {
        let got: Vec<&str> =
            sentences("We will act. Russia must stop; it is 2.5 percent! End").collect();
        assert_eq!(
            got,
            [
                "We will act.",
                " Russia must stop;",
                " it is 2.5 percent!",
                " End"
            ]
        );
        assert_eq!(sentences("").count(), 0);
    }

    #[test]
    fn reuse_is_decisive_and_evidence_adds_up() {
        let weak = Features {
            similarity: 0.15,
            ..Features::default()
        };
        let rare = Features {
            rare: 4,
            phrases: 3,
            mutual: true,
            ..weak
        };
        let reused = Features { reused: 1, ..weak };
        let (pw, pr, pu) = (
            MODEL.probability(&weak),
            MODEL.probability(&rare),
            MODEL.probability(&reused),
        );
        assert!(pw < 0.5, "{pw}");
        assert!(pr > pw, "{pr} vs {pw}");
        assert!(pu >= REUSE_SCORE, "{pu}");
        let far = Features {
            displacement: 0.9,
            ..rare
        };
        assert!(MODEL.probability(&far) < pr);
    }

    #[test]
    fn confidence_bands() {
        assert_eq!(Confidence::of(0.95), Confidence::High);
        assert_eq!(Confidence::of(0.75), Confidence::Medium);
        assert_eq!(Confidence::of(0.55), Confidence::Low);
    }
}
