//! Helpers shared by the unit tests of this module.
//!
//! Test sentences are copied from the White House briefing-room texts in
//! `/work/shared/corpus/wh` (public domain) and the B9 seed; tests marked
//! "adapted" change a real sentence because the corpus has no instance of
//! the case, and say what was changed.

use super::{detect, split_sentences, Commitment};

/// Asserts the ranges are ordered, disjoint, trimmed and together hold
/// every non-whitespace character of `text`; returns the sentences.
pub(super) fn sentences(text: &str) -> Vec<&str> {
    let ranges = split_sentences(text);
    let mut last_end = 0;
    for r in &ranges {
        assert!(r.start >= last_end && r.start < r.end, "bad range {r:?}");
        last_end = r.end;
    }
    let parts: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
    for p in &parts {
        assert_eq!(*p, p.trim(), "untrimmed sentence {p:?}");
    }
    let solid = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(solid(&parts.concat()), solid(text), "coverage broken");
    parts
}

pub(super) fn found(sentence: &str) -> Commitment {
    detect(sentence).unwrap_or_else(|| panic!("no commitment in {sentence:?}"))
}

/// Deterministic pseudo-random numbers for the property tests.
pub(super) struct Lcg(pub(super) u64);

impl Lcg {
    pub(super) fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}
