//! Commitment lineages: the commitments of successive versions are linked, and the
//! chainer turns the links into lineages with signals between appearances.
//!
//! Links between version `v − 1` and `v`, in this order, each commitment in at most one:
//!
//! 1. reworded commitments as the pairwise comparison reports them, so that history
//!    and `redliner diff` agree on what changed;
//! 2. identical sentences (equal comparison keys), in document order;
//! 3. the remaining commitments that the comparison did not report as added or dropped
//!    (reworded in connectives only, or moved unchanged in substance), by sentence
//!    similarity at [`SAME_COMMITMENT`];
//! 4. extensions: of the commitments still unlinked, even those the comparison reported
//!    as dropped and added, a pair where the shorter sentence has at least
//!    [`MIN_CONTENT_WORDS`] content words and at least [`EXTENDED`] of them are in the
//!    longer one. Statements most often carry a pledge forward by adding clauses to it
//!    (`consult on rules … for the sustainable use of space` gains `, and extend support
//!    to countries in the region through joint workshops …`), which the weighted
//!    similarity scores low because the added words outweigh the shared ones. Here the
//!    history reports a rewording where `redliner diff` reports a drop and an addition.

use rustc_hash::FxHashMap as HashMap;

use crate::align::match_texts;
use crate::commitments::{compare, detect, split_sentences, Commitment, Direction, Signal};
use crate::compare::Options;
use crate::diff::{diff_paragraphs, DiffOptions};
use crate::model::{CommitmentChangeKind, CommitmentSide, Comparison};
use crate::normalise::fold;

use super::chain::{chain, Cell, Item, Link};
use super::{CommitmentLineage, CommitmentVersion, Lineage, Version};

/// How similar two commitment sentences must be to be one commitment when nothing else
/// links them: the threshold the commitments stage uses across a document.
const SAME_COMMITMENT: f64 = 0.5;

/// The share of the shorter sentence's content words that the longer one must have for
/// the two to be one commitment, extended.
const EXTENDED: f64 = 0.8;

/// The fewest content words a sentence needs before containment says anything.
const MIN_CONTENT_WORDS: usize = 6;

/// Chains the commitments of `versions` through the comparisons `steps`.
pub(super) fn lineages(
    versions: &[Version],
    steps: &[Comparison],
    paragraph_lineages: &[Lineage],
    opts: &Options,
) -> Vec<CommitmentLineage> {
    let keys: Vec<Vec<String>> = versions
        .iter()
        .map(|v| {
            v.commitments
                .iter()
                .map(|c| fold(&c.commitment.text, opts.ignore_case))
                .collect()
        })
        .collect();
    let items = items(versions, &keys);
    let mut reported: Vec<Vec<Reported>> = Vec::new();
    let links: Vec<Vec<Link>> = steps
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let (links, found) = link_step(&versions[k], &versions[k + 1], &keys, k, c);
            reported.push(found);
            links
        })
        .collect();
    let holder = holders(paragraph_lineages);
    let ctx = Context {
        versions,
        reported: &reported,
        holder: &holder,
        diff: DiffOptions {
            ignore_case: opts.ignore_case,
            ..opts.diff
        },
    };
    chain(&items, &links, SAME_COMMITMENT)
        .into_iter()
        .enumerate()
        .map(|(k, row)| CommitmentLineage {
            id: k + 1,
            versions: (0..row.len()).map(|v| ctx.version(&row, v)).collect(),
        })
        .collect()
}

/// Every commitment of every version, as
/// [`document_commitments`](crate::commitments::changes::document_commitments) finds them,
/// but with each distinct sentence detected once: successive versions share most of
/// their sentences, and detection is the costliest step of a long series.
pub(super) fn every_version(versions: &[Version]) -> Vec<Vec<CommitmentSide>> {
    let mut seen: HashMap<String, Option<Commitment>> = HashMap::default();
    let mut out = Vec::with_capacity(versions.len());
    for v in versions {
        let mut list = Vec::new();
        for p in &v.document.paragraphs {
            for range in split_sentences(&p.text) {
                let sentence = &p.text[range];
                let found = match seen.get(sentence) {
                    Some(c) => c.clone(),
                    None => {
                        let c = detect(sentence);
                        seen.insert(sentence.to_owned(), c.clone());
                        c
                    }
                };
                list.extend(found.map(|commitment| CommitmentSide {
                    paragraph: p.id,
                    commitment,
                }));
            }
        }
        out.push(list);
    }
    out
}

/// The chainer's view of every version's commitments.
fn items<'a>(versions: &'a [Version], keys: &'a [Vec<String>]) -> Vec<Vec<Item<'a>>> {
    versions
        .iter()
        .zip(keys)
        .map(|(v, keys)| {
            v.commitments
                .iter()
                .zip(keys)
                .map(|(c, key)| Item {
                    group: 0,
                    text: &c.commitment.text,
                    key,
                })
                .collect()
        })
        .collect()
}

/// A reworded commitment as the comparison reported it: (old index, new index), signals
/// and direction.
type Reported = ((usize, usize), Vec<Signal>, Direction);

/// The index of a commitment in a version's list, by paragraph and sentence.
fn position(list: &[CommitmentSide], side: &CommitmentSide) -> Option<usize> {
    list.iter()
        .position(|c| c.paragraph == side.paragraph && c.commitment.text == side.commitment.text)
}

/// The commitments of two successive versions, and which are linked so far.
struct Linker<'a> {
    a: &'a [CommitmentSide],
    b: &'a [CommitmentSide],
    /// Linked, per side.
    used: (Vec<bool>, Vec<bool>),
    /// Reported by the comparison as dropped (old side) or added (new side).
    told: (Vec<bool>, Vec<bool>),
    pairs: Vec<(usize, usize)>,
}

impl<'a> Linker<'a> {
    fn new(a: &'a [CommitmentSide], b: &'a [CommitmentSide]) -> Linker<'a> {
        let both = || (vec![false; a.len()], vec![false; b.len()]);
        Linker {
            a,
            b,
            used: both(),
            told: both(),
            pairs: Vec::new(),
        }
    }

    fn link(&mut self, i: usize, j: usize) {
        (self.used.0[i], self.used.1[j]) = (true, true);
        self.pairs.push((i, j));
    }

    /// Unlinked indices of each side, leaving out those the comparison reported when
    /// `untold` is set.
    fn rest(&self, untold: bool) -> (Vec<usize>, Vec<usize>) {
        let free = |used: &[bool], told: &[bool]| -> Vec<usize> {
            (0..used.len())
                .filter(|&i| !(used[i] || (untold && told[i])))
                .collect()
        };
        (
            free(&self.used.0, &self.told.0),
            free(&self.used.1, &self.told.1),
        )
    }

    /// Step 1: the reworded pairs the comparison reported, with their signals; the
    /// commitments it reported as dropped or added are marked.
    fn reported(&mut self, cmp: &Comparison) -> Vec<Reported> {
        let mut out = Vec::new();
        for c in &cmp.commitments {
            let i = c.old.as_ref().and_then(|s| position(self.a, s));
            let j = c.new.as_ref().and_then(|s| position(self.b, s));
            match (c.change, i, j) {
                (CommitmentChangeKind::Reworded, Some(i), Some(j))
                    if !self.used.0[i] && !self.used.1[j] =>
                {
                    self.link(i, j);
                    out.push(((i, j), c.signals.clone(), c.direction));
                }
                (_, i, j) => {
                    i.into_iter().for_each(|i| self.told.0[i] = true);
                    j.into_iter().for_each(|j| self.told.1[j] = true);
                }
            }
        }
        out
    }

    /// Step 2: identical sentences (equal keys), in document order.
    fn identical(&mut self, keys_a: &[String], keys_b: &[String]) {
        let (rest_a, rest_b) = self.rest(false);
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::default();
        for &j in rest_b.iter().rev() {
            by_key.entry(keys_b[j].as_str()).or_default().push(j);
        }
        for i in rest_a {
            if let Some(j) = by_key.get_mut(keys_a[i].as_str()).and_then(Vec::pop) {
                self.link(i, j);
            }
        }
    }

    /// Step 3: commitments the comparison did not report, by sentence similarity.
    fn similar(&mut self) {
        let (rest_a, rest_b) = self.rest(true);
        let text = |list: &'a [CommitmentSide], ids: &[usize]| -> Vec<&'a str> {
            ids.iter()
                .map(|&i| list[i].commitment.text.as_str())
                .collect()
        };
        let (ta, tb) = (text(self.a, &rest_a), text(self.b, &rest_b));
        for (x, y, _) in match_texts(&ta, &tb, SAME_COMMITMENT) {
            self.link(rest_a[x], rest_b[y]);
        }
    }

    /// Step 4: one sentence extending the other.
    fn extended(&mut self) {
        let (rest_a, rest_b) = self.rest(false);
        for (i, j) in extensions(self.a, &rest_a, self.b, &rest_b) {
            self.link(i, j);
        }
    }
}

/// The links between two successive versions, and the reworded pairs the comparison
/// reported (with their signals).
fn link_step(
    old: &Version,
    new: &Version,
    keys: &[Vec<String>],
    k: usize,
    cmp: &Comparison,
) -> (Vec<Link>, Vec<Reported>) {
    let mut linker = Linker::new(&old.commitments, &new.commitments);
    let reported = linker.reported(cmp);
    linker.identical(&keys[k], &keys[k + 1]);
    linker.similar();
    linker.extended();
    let mut pairs = linker.pairs;
    pairs.sort_unstable();
    let links = pairs
        .into_iter()
        .map(|(i, j)| Link {
            old: vec![i],
            new: vec![j],
            moved: false,
        })
        .collect();
    (links, reported)
}

/// Words that carry no content, for containment.
const STOP: [&str; 40] = [
    "a",
    "about",
    "all",
    "also",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "for",
    "from",
    "has",
    "have",
    "in",
    "including",
    "into",
    "is",
    "it",
    "its",
    "of",
    "on",
    "or",
    "our",
    "such",
    "that",
    "the",
    "their",
    "these",
    "this",
    "those",
    "through",
    "to",
    "us",
    "we",
    "which",
    "will",
    "with",
    "within",
];

/// Content words of a sentence: canonical words, no stop words, a plural `s` dropped.
fn content_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = super::phrases::words(text)
        .into_iter()
        .filter(|w| !STOP.contains(&w.as_str()))
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem.to_owned(),
            _ => w,
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Pairs of unlinked commitments where one sentence extends the other (see the module
/// docs), best contained first, each commitment in at most one pair.
fn extensions(
    a: &[CommitmentSide],
    rest_a: &[usize],
    b: &[CommitmentSide],
    rest_b: &[usize],
) -> Vec<(usize, usize)> {
    let words = |list: &[CommitmentSide], ids: &[usize]| -> Vec<Vec<String>> {
        ids.iter()
            .map(|&i| content_words(&list[i].commitment.text))
            .collect()
    };
    let (wa, wb) = (words(a, rest_a), words(b, rest_b));
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for (x, sa) in wa.iter().enumerate() {
        for (y, sb) in wb.iter().enumerate() {
            let (short, long) = if sa.len() <= sb.len() {
                (sa, sb)
            } else {
                (sb, sa)
            };
            if short.len() < MIN_CONTENT_WORDS {
                continue;
            }
            let shared = short
                .iter()
                .filter(|w| long.binary_search(w).is_ok())
                .count();
            let share = shared as f64 / short.len() as f64;
            if share >= EXTENDED {
                scored.push((share, x, y));
            }
        }
    }
    scored.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    let (mut ua, mut ub) = (vec![false; wa.len()], vec![false; wb.len()]);
    let mut out = Vec::new();
    for (_, x, y) in scored {
        if !ua[x] && !ub[y] {
            (ua[x], ub[y]) = (true, true);
            out.push((rest_a[x], rest_b[y]));
        }
    }
    out
}

/// The paragraph lineage holding each (version, paragraph id).
fn holders(lineages: &[Lineage]) -> HashMap<(usize, usize), usize> {
    let mut out = HashMap::default();
    for l in lineages {
        for (v, cell) in l.versions.iter().enumerate() {
            for &p in &cell.paragraphs {
                out.insert((v, p), l.id);
            }
        }
    }
    out
}

/// What the cells of a commitment lineage are turned into versions with.
struct Context<'a> {
    versions: &'a [Version],
    reported: &'a [Vec<Reported>],
    holder: &'a HashMap<(usize, usize), usize>,
    diff: DiffOptions,
}

impl Context<'_> {
    /// Cell `v` of a commitment lineage with the commitment, signals and diff.
    fn version(&self, row: &[Cell], v: usize) -> CommitmentVersion {
        let cell = &row[v];
        let side = |w: usize, cell: &Cell| -> Option<&CommitmentSide> {
            cell.items
                .first()
                .map(|&i| &self.versions[w].commitments[i])
        };
        let now = side(v, cell);
        let before = cell.since.and_then(|u| side(u, &row[u]));
        let (signals, direction, diff) = match (before, now) {
            (Some(o), Some(n)) if cell.changed => {
                let (signals, direction) = self.signals(row, v, o, n);
                let (a, b) = ([o.commitment.text.as_str()], [n.commitment.text.as_str()]);
                let spans = diff_paragraphs(&a, &b, self.diff).spans;
                (signals, Some(direction), spans)
            }
            _ => (Vec::new(), None, Vec::new()),
        };
        CommitmentVersion {
            status: cell.status,
            commitment: now.cloned(),
            since: cell.since,
            changed: cell.changed,
            signals,
            direction,
            paragraph_lineage: now.and_then(|n| self.holder.get(&(v, n.paragraph)).copied()),
            diff,
        }
    }

    /// The signals from `o` (version `since`) to `n` (version `v`): as the comparison
    /// reported them when it paired the two, else compared here.
    fn signals(
        &self,
        row: &[Cell],
        v: usize,
        o: &CommitmentSide,
        n: &CommitmentSide,
    ) -> (Vec<Signal>, Direction) {
        let cell = &row[v];
        if let (Some(u), Some(&j)) = (cell.since, cell.items.first()) {
            if u + 1 == v {
                let i = row[u].items[0];
                if let Some((_, s, d)) = self.reported[u].iter().find(|r| r.0 == (i, j)) {
                    return (s.clone(), *d);
                }
            }
        }
        compare(&o.commitment, &n.commitment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commitments::changes::document_commitments;

    #[test]
    fn cached_detection_finds_what_document_commitments_finds() {
        let texts = [
            include_str!("../../fixtures/b9-2024.txt"),
            include_str!("../../fixtures/b9-2025-commitments.txt"),
            include_str!("../../fixtures/wh/quad-2022-05-joint-statement.md"),
        ];
        let versions: Vec<Version> = texts
            .iter()
            .enumerate()
            .map(|(k, t)| Version {
                document: crate::parse_document(
                    &format!("v{k}"),
                    t.as_bytes(),
                    &Options::default(),
                )
                .unwrap(),
                date: None,
                given: k,
                commitments: Vec::new(),
            })
            .collect();
        let cached = every_version(&versions);
        for (v, list) in versions.iter().zip(&cached) {
            assert_eq!(*list, document_commitments(&v.document));
        }
    }
}
