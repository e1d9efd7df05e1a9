//! Alignment: pairing the paragraphs of two documents into units.
//!
//! 1. Paragraphs equal after normalisation and unique on both sides are anchors; the
//!    longest increasing subsequence of anchors fixes the order.
//! 2. Between consecutive anchors, a global dynamic programme over candidate steps (1-1,
//!    1-2, 2-1, up to 1-3 and 3-1) picks the chain of pairings with the highest total
//!    gain. A step's gain is `(similarity - threshold) * weight`, so a pairing pays only
//!    when it is more similar than the threshold, and long paragraphs weigh more.
//! 3. Similarity is a Dice coefficient over informative words weighted by inverse
//!    document frequency, so boilerplate ("We reaffirm", "the Alliance") counts for little.
//!    Bags of words add up, so a paragraph is scored against the concatenation of its
//!    neighbours to find splits and merges.
//! 4. Candidate pairs come from an inverted index over rare words; only small gaps are
//!    scored all against all.
//! 5. Paragraphs left over anywhere are paired as moves when similar enough.
//!
//! `moved` is then set on every unit outside the longest increasing subsequence of old
//! positions taken in new order.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::model::{Paragraph, ParagraphKind, UnitKind};

/// Options for alignment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlignOptions {
    /// Below this similarity a pair is not the same paragraph: it becomes removed plus
    /// added. Calibrated on the fixtures with answer keys (see ARCHITECTURE.md).
    pub threshold: f64,
    /// The similarity a leftover pair needs to be paired as a move.
    pub move_threshold: f64,
    /// The largest number of paragraphs on one side of a split or merge (2 to 3).
    pub max_group: usize,
    /// Gaps with at most this many old × new pairs are scored all against all.
    pub dense_limit: usize,
    /// Candidates kept per paragraph from the inverted index.
    pub candidates: usize,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions {
            threshold: 0.3,
            move_threshold: 0.5,
            max_group: 3,
            dense_limit: 4096,
            candidates: 8,
        }
    }
}

/// A unit of the alignment, with 0-based paragraph indices.
#[derive(Debug, Clone, PartialEq)]
pub struct Pairing {
    /// The kind of pairing.
    pub kind: UnitKind,
    /// Old paragraph indices, ascending.
    pub old: Vec<usize>,
    /// New paragraph indices, ascending.
    pub new: Vec<usize>,
    /// Weighted word similarity, 1.0 for unchanged paragraphs, 0.0 for added or removed.
    pub similarity: f64,
    /// Out of order relative to the rest.
    pub moved: bool,
}

/// Aligns two lists of paragraphs. Units come in new-document order, each removed unit
/// after the unit that holds its old predecessor.
pub fn align(old: &[Paragraph], new: &[Paragraph], opts: &AlignOptions) -> Vec<Pairing> {
    let mut state = State {
        old_used: vec![false; old.len()],
        new_used: vec![false; new.len()],
        units: Vec::new(),
    };
    let anchors = anchors(old, new);
    let ordered = order_chain(&anchors, |k| key_hash(&new[anchors[k].1].key));
    for &(i, j) in &anchors {
        state.take(vec![i], vec![j], 1.0, UnitKind::Unchanged);
    }
    let scorer = Scorer::new(old, new, &state);
    let mut bounds: Vec<(usize, usize)> = ordered.iter().map(|&k| anchors[k]).collect();
    bounds.push((old.len(), new.len()));
    let (mut i0, mut j0) = (0, 0);
    for (i1, j1) in bounds {
        let olds: Vec<usize> = (i0..i1).filter(|&i| !state.old_used[i]).collect();
        let news: Vec<usize> = (j0..j1).filter(|&j| !state.new_used[j]).collect();
        align_gap(&scorer, &olds, &news, opts, &mut state);
        (i0, j0) = (i1 + 1, j1 + 1);
    }
    pair_moves(&scorer, opts, &mut state);
    finish(state, old, new)
}

/// Paragraphs equal after normalisation and unique on both sides, as (old, new) in new order.
fn anchors(old: &[Paragraph], new: &[Paragraph]) -> Vec<(usize, usize)> {
    let mut seen: HashMap<&str, (usize, usize, usize, usize)> = HashMap::default();
    for (i, p) in old.iter().enumerate() {
        let e = seen.entry(&p.key).or_insert((0, 0, i, 0));
        e.0 += 1;
    }
    for (j, p) in new.iter().enumerate() {
        if let Some(e) = seen.get_mut(p.key.as_str()) {
            e.1 += 1;
            e.3 = j;
        }
    }
    let mut out: Vec<(usize, usize)> = seen
        .into_values()
        .filter(|&(co, cn, _, _)| co == 1 && cn == 1)
        .map(|(_, _, i, j)| (i, j))
        .collect();
    out.sort_unstable_by_key(|&(_, j)| j);
    out
}

/// The weight of an element of the order chain: how many elements, then how little they
/// were displaced, then an arbitrary but symmetric tie-break from the paragraph text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct ChainWeight {
    count: u64,
    closeness: i64,
    tie: u64,
}

impl ChainWeight {
    fn plus(self, other: ChainWeight) -> ChainWeight {
        ChainWeight {
            count: self.count + other.count,
            closeness: self.closeness + other.closeness,
            tie: self.tie.wrapping_add(other.tie),
        }
    }
}

/// The longest chain of (old, new) pairs increasing in both positions: a longest
/// increasing subsequence of old positions taken in new order. Among chains of equal
/// length it keeps the one whose pairs moved least (`|old - new|` summed), then the one
/// a hash of their text picks. Every rule looks at both sides alike, so swapping OLD and
/// NEW moves the same paragraphs; in an adjacent swap after an insertion, the paragraph
/// that left its place is the one reported as moved. `pairs` must be in new order;
/// returns indices into `pairs`.
fn order_chain(pairs: &[(usize, usize)], tie: impl Fn(usize) -> u64) -> Vec<usize> {
    let size = pairs.iter().map(|&(i, _)| i + 1).max().unwrap_or(0);
    let mut tree: Vec<(ChainWeight, usize)> = vec![(ChainWeight::default(), usize::MAX); size + 1];
    let mut prev = vec![usize::MAX; pairs.len()];
    let mut total = vec![ChainWeight::default(); pairs.len()];
    for (k, &(i, j)) in pairs.iter().enumerate() {
        // Best chain ending at an old position below i.
        let (mut best, mut from) = (ChainWeight::default(), usize::MAX);
        let mut x = i;
        while x > 0 {
            if tree[x].0 > best {
                (best, from) = tree[x];
            }
            x -= x & x.wrapping_neg();
        }
        let own = ChainWeight {
            count: 1,
            closeness: -(i.abs_diff(j) as i64),
            tie: tie(k),
        };
        total[k] = best.plus(own);
        prev[k] = from;
        let mut x = i + 1;
        while x <= size {
            if total[k] > tree[x].0 {
                tree[x] = (total[k], k);
            }
            x += x & x.wrapping_neg();
        }
    }
    let mut end = usize::MAX;
    for k in 0..pairs.len() {
        if end == usize::MAX || total[k] > total[end] {
            end = k;
        }
    }
    let mut out = Vec::new();
    while end != usize::MAX {
        out.push(end);
        end = prev[end];
    }
    out.reverse();
    out
}

/// A stable hash of a paragraph's comparison key, for tie-breaks.
fn key_hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    key.hash(&mut h);
    h.finish()
}

struct State {
    old_used: Vec<bool>,
    new_used: Vec<bool>,
    units: Vec<Pairing>,
}

impl State {
    fn take(&mut self, old: Vec<usize>, new: Vec<usize>, similarity: f64, kind: UnitKind) {
        for &i in &old {
            self.old_used[i] = true;
        }
        for &j in &new {
            self.new_used[j] = true;
        }
        self.units.push(Pairing {
            kind,
            old,
            new,
            similarity,
            moved: false,
        });
    }
}

/// A weighted bag of informative words.
#[derive(Debug, Clone, Default)]
struct Bag {
    items: Vec<(u32, f32)>,
    total: f32,
}

impl Bag {
    fn overlap(&self, other: &Bag) -> f32 {
        let (a, b) = (&self.items, &other.items);
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            let (ta, wa) = a[i];
            let (tb, wb) = b[j];
            if ta == tb {
                sum += wa.min(wb);
            }
            i += usize::from(ta <= tb);
            j += usize::from(tb <= ta);
        }
        sum
    }

    fn sum(bags: &[&Bag]) -> Bag {
        let mut items: Vec<(u32, f32)> =
            bags.iter().flat_map(|b| b.items.iter().copied()).collect();
        items.sort_unstable_by_key(|&(t, _)| t);
        let mut merged: Vec<(u32, f32)> = Vec::with_capacity(items.len());
        for (t, w) in items {
            match merged.last_mut() {
                Some((lt, lw)) if *lt == t => *lw += w,
                _ => merged.push((t, w)),
            }
        }
        Bag {
            items: merged,
            total: bags.iter().map(|b| b.total).sum(),
        }
    }
}

/// Words that say nothing about which paragraph is which. A `match` compiles to a
/// length switch and a few comparisons, faster than a set lookup on this hot path.
fn is_stopword(w: &str) -> bool {
    matches!(
        w,
        "a" | "about"
            | "across"
            | "all"
            | "also"
            | "among"
            | "an"
            | "and"
            | "any"
            | "are"
            | "as"
            | "at"
            | "be"
            | "been"
            | "being"
            | "between"
            | "both"
            | "but"
            | "by"
            | "can"
            | "could"
            | "each"
            | "for"
            | "from"
            | "had"
            | "has"
            | "have"
            | "in"
            | "including"
            | "into"
            | "is"
            | "it"
            | "its"
            | "may"
            | "more"
            | "most"
            | "must"
            | "no"
            | "not"
            | "of"
            | "on"
            | "or"
            | "other"
            | "our"
            | "over"
            | "shall"
            | "should"
            | "so"
            | "such"
            | "than"
            | "that"
            | "the"
            | "their"
            | "them"
            | "these"
            | "they"
            | "this"
            | "those"
            | "through"
            | "to"
            | "under"
            | "us"
            | "was"
            | "we"
            | "well"
            | "were"
            | "which"
            | "while"
            | "who"
            | "will"
            | "with"
            | "within"
            | "would"
    )
}

/// Similarity scoring over IDF-weighted bags of words.
struct Scorer<'a> {
    old: &'a [Paragraph],
    new: &'a [Paragraph],
    old_bags: Vec<Bag>,
    new_bags: Vec<Bag>,
}

impl<'a> Scorer<'a> {
    /// Builds bags for the paragraphs not yet paired; inverse document frequency is
    /// taken over those paragraphs, the ones that need telling apart. Anchored
    /// paragraphs get empty bags and are never scored.
    fn new(old: &'a [Paragraph], new: &'a [Paragraph], state: &State) -> Scorer<'a> {
        let mut vocab: HashMap<String, u32> = HashMap::default();
        let mut counts = |p: &Paragraph| -> Vec<(u32, f32)> {
            let mut ids: Vec<u32> = Vec::new();
            for_each_term(&p.key, |t| {
                let id = match vocab.get(t) {
                    Some(&id) => id,
                    None => {
                        let id = vocab.len() as u32;
                        vocab.insert(t.to_owned(), id);
                        id
                    }
                };
                ids.push(id);
            });
            ids.sort_unstable();
            let mut out: Vec<(u32, f32)> = Vec::new();
            for id in ids {
                match out.last_mut() {
                    Some((t, c)) if *t == id => *c += 1.0,
                    _ => out.push((id, 1.0)),
                }
            }
            out
        };
        let old_counts: Vec<_> = old
            .iter()
            .zip(&state.old_used)
            .map(|(p, &u)| if u { Vec::new() } else { counts(p) })
            .collect();
        let new_counts: Vec<_> = new
            .iter()
            .zip(&state.new_used)
            .map(|(p, &u)| if u { Vec::new() } else { counts(p) })
            .collect();
        let mut df = vec![0u32; vocab.len()];
        for c in old_counts.iter().chain(&new_counts) {
            for &(t, _) in c {
                df[t as usize] += 1;
            }
        }
        let n = state
            .old_used
            .iter()
            .chain(&state.new_used)
            .filter(|&&u| !u)
            .count() as f32;
        let idf: Vec<f32> = df.iter().map(|&d| (1.0 + n / d as f32).ln()).collect();
        let weigh = |c: Vec<(u32, f32)>| {
            let items: Vec<(u32, f32)> = c
                .into_iter()
                .map(|(t, k)| (t, k * idf[t as usize]))
                .collect();
            let total = items.iter().map(|&(_, w)| w).sum();
            Bag { items, total }
        };
        Scorer {
            old,
            new,
            old_bags: old_counts.into_iter().map(weigh).collect(),
            new_bags: new_counts.into_iter().map(weigh).collect(),
        }
    }

    /// Similarity of old paragraphs `olds` with new paragraphs `news`, and whether every
    /// part of the larger side is mostly contained in the other side.
    fn score(&self, olds: &[usize], news: &[usize]) -> (f64, bool) {
        if let ([i], [j]) = (olds, news) {
            if self.old[*i].key == self.new[*j].key {
                return (1.0, true);
            }
            // A heading is only ever the same paragraph as a heading.
            if self.old[*i].kind != self.new[*j].kind {
                return (0.0, false);
            }
        }
        let body = |p: &Paragraph| p.kind == ParagraphKind::Body;
        if olds.len() + news.len() > 2
            && !(olds.iter().all(|&i| body(&self.old[i]))
                && news.iter().all(|&j| body(&self.new[j])))
        {
            return (0.0, false);
        }
        if let ([i], [j]) = (olds, news) {
            let (a, b) = (&self.old_bags[*i], &self.new_bags[*j]);
            let total = a.total + b.total;
            let sim = if total > 0.0 {
                2.0 * a.overlap(b) / total
            } else {
                0.0
            };
            return (f64::from(sim), true);
        }
        let a = Bag::sum(&olds.iter().map(|&i| &self.old_bags[i]).collect::<Vec<_>>());
        let b = Bag::sum(&news.iter().map(|&j| &self.new_bags[j]).collect::<Vec<_>>());
        let total = a.total + b.total;
        if total <= 0.0 {
            return (0.0, false);
        }
        let sim = f64::from(2.0 * a.overlap(&b) / total);
        let contained = |parts: &[&Bag], whole: &Bag| {
            parts
                .iter()
                .all(|p| p.total > 0.0 && p.overlap(whole) >= 0.5 * p.total)
        };
        let ok = match (olds.len(), news.len()) {
            (1, _) => contained(
                &news.iter().map(|&j| &self.new_bags[j]).collect::<Vec<_>>(),
                &a,
            ),
            _ => contained(
                &olds.iter().map(|&i| &self.old_bags[i]).collect::<Vec<_>>(),
                &b,
            ),
        };
        (sim, ok)
    }

    /// The weight of a step: informative words on both sides, plus one per paragraph so
    /// that paragraphs made only of common words still count.
    fn weight(&self, olds: &[usize], news: &[usize]) -> f64 {
        let w: f32 = olds
            .iter()
            .map(|&i| self.old_bags[i].total + 1.0)
            .sum::<f32>()
            + news
                .iter()
                .map(|&j| self.new_bags[j].total + 1.0)
                .sum::<f32>();
        f64::from(w)
    }

    /// Share of new paragraph `j`'s words found in old paragraph `i` (and the reverse).
    fn containment(&self, i: usize, j: usize) -> (f32, f32) {
        let (a, b) = (&self.old_bags[i], &self.new_bags[j]);
        let o = a.overlap(b);
        let share = |t: f32| if t > 0.0 { o / t } else { 0.0 };
        (share(b.total), share(a.total))
    }
}

/// Calls `f` with each informative word of a comparison key: lower case, stop words
/// dropped, inflections taken off (see [`stem`]) so that "commitment" and "commitments" meet.
fn for_each_term(key: &str, mut f: impl FnMut(&str)) {
    let mut lower = String::new();
    let mut emit = |w: &str| {
        if w.len() < 2 && !w.bytes().all(|b| b.is_ascii_digit()) || is_stopword(w) {
            return;
        }
        f(stem(w));
    };
    if key.is_ascii() {
        // The common case, scanned by bytes: lower-case words pass through unchanged.
        for w in key
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if w.bytes().any(|b| b.is_ascii_uppercase()) {
                lower.clear();
                lower.push_str(w);
                lower.make_ascii_lowercase();
                emit(&lower);
            } else {
                emit(w);
            }
        }
        return;
    }
    for w in key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if w.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            emit(w);
        } else {
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            emit(&lower);
        }
    }
}

/// Takes off the inflections that most often separate the same word in two versions:
/// plural `s`, `-ing`, `-ed` (`commitments`, `spending`, `agreed`). Hand-written rather
/// than a Snowball stemmer: it runs on every word of every unpaired paragraph, and a full
/// stemmer costs several times more while also mangling names (`Paris`, `Congress`).
fn stem(w: &str) -> &str {
    let n = w.len();
    if n > 5 && w.ends_with("ing") {
        &w[..n - 3]
    } else if n > 4 && w.ends_with("ed") && !w.ends_with("eed") {
        &w[..n - 2]
    } else if n > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        &w[..n - 1]
    } else {
        w
    }
}

/// One candidate step of the dynamic programme, in positions of the gap's free lists
/// (inclusive ranges).
#[derive(Debug, Clone)]
struct Step {
    o: (usize, usize),
    n: (usize, usize),
    gain: f64,
    sim: f64,
}

/// Aligns the free paragraphs between two anchors.
fn align_gap(
    scorer: &Scorer,
    olds: &[usize],
    news: &[usize],
    opts: &AlignOptions,
    state: &mut State,
) {
    if olds.is_empty() || news.is_empty() {
        return;
    }
    let pairs = candidate_pairs(scorer, olds, news, opts);
    let steps = steps(scorer, olds, news, &pairs, opts);
    for s in best_chain(&steps, news.len()) {
        let o: Vec<usize> = olds[s.o.0..=s.o.1].to_vec();
        let n: Vec<usize> = news[s.n.0..=s.n.1].to_vec();
        let kind = match (o.len(), n.len()) {
            (1, 1) if scorer.old[o[0]].key == scorer.new[n[0]].key => UnitKind::Unchanged,
            (1, 1) => UnitKind::Reworded,
            (1, _) => UnitKind::Split,
            _ => UnitKind::Merged,
        };
        state.take(o, n, s.sim, kind);
    }
}

/// Candidate (old position, new position) pairs within a gap: all of them when the gap
/// is small, otherwise those that share rare words, found through an inverted index.
fn candidate_pairs(
    scorer: &Scorer,
    olds: &[usize],
    news: &[usize],
    opts: &AlignOptions,
) -> Vec<(usize, usize)> {
    if olds.len() * news.len() <= opts.dense_limit {
        return (0..olds.len())
            .flat_map(|p| (0..news.len()).map(move |q| (p, q)))
            .collect();
    }
    let old_bags: Vec<&Bag> = olds.iter().map(|&i| &scorer.old_bags[i]).collect();
    let new_bags: Vec<&Bag> = news.iter().map(|&j| &scorer.new_bags[j]).collect();
    // The two directions are independent: on large gaps, search them on two threads.
    let (backward, forward) = if olds.len() * news.len() >= PARALLEL_PAIRS {
        std::thread::scope(|s| {
            let backward = s.spawn(|| nearest(&new_bags, &old_bags, opts.candidates));
            let forward = nearest(&old_bags, &new_bags, opts.candidates);
            (backward.join().unwrap_or_default(), forward)
        })
    } else {
        (
            nearest(&new_bags, &old_bags, opts.candidates),
            nearest(&old_bags, &new_bags, opts.candidates),
        )
    };
    let mut pairs: Vec<(usize, usize)> = backward
        .into_iter()
        .map(|(q, p)| (p, q))
        .chain(forward)
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Old × new pairs from which the candidate search uses a second thread.
const PARALLEL_PAIRS: usize = 20_000;

/// How many of a paragraph's rarest words are looked up in the inverted index.
const RARE_TERMS: usize = 24;

/// For each query bag, the `k` targets sharing the most weight among the query's rarest
/// words. Very common words are skipped, so the work stays near linear.
fn nearest(queries: &[&Bag], targets: &[&Bag], k: usize) -> Vec<(usize, usize)> {
    // Term ids are dense: postings are a vector indexed by term.
    let terms = targets
        .iter()
        .flat_map(|b| b.items.last())
        .map(|&(t, _)| t as usize + 1)
        .max()
        .unwrap_or(0);
    let mut postings: Vec<Vec<(usize, f32)>> = vec![Vec::new(); terms];
    for (p, b) in targets.iter().enumerate() {
        for &(t, w) in &b.items {
            postings[t as usize].push((p, w));
        }
    }
    let cap = 64.max(targets.len() / 8);
    let mut acc = vec![0.0f32; targets.len()];
    let mut out = Vec::new();
    for (q, bag) in queries.iter().enumerate() {
        let mut rare: Vec<(u32, f32)> = bag.items.clone();
        let by_weight = |x: &(u32, f32), y: &(u32, f32)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
        if rare.len() > RARE_TERMS {
            rare.select_nth_unstable_by(RARE_TERMS, by_weight);
            rare.truncate(RARE_TERMS);
        }
        let mut touched: Vec<usize> = Vec::new();
        for &(t, w) in &rare {
            let Some(list) = postings
                .get(t as usize)
                .filter(|l| !l.is_empty() && l.len() <= cap)
            else {
                continue;
            };
            for &(p, pw) in list {
                if acc[p] == 0.0 {
                    touched.push(p);
                }
                acc[p] += w.min(pw);
            }
        }
        let by_score = |x: &usize, y: &usize| acc[*y].total_cmp(&acc[*x]).then(x.cmp(y));
        if touched.len() > k {
            touched.select_nth_unstable_by(k, by_score);
        }
        let mut best: Vec<usize> = touched.iter().take(k).copied().collect();
        best.sort_by(by_score);
        out.extend(best.into_iter().map(|p| (q, p)));
        for p in touched {
            acc[p] = 0.0;
        }
    }
    out
}

/// Scores the 1-1 steps of the candidate pairs, and the 1-n and n-1 steps around pairs
/// where one paragraph is mostly contained in the other.
fn steps(
    scorer: &Scorer,
    olds: &[usize],
    news: &[usize],
    pairs: &[(usize, usize)],
    opts: &AlignOptions,
) -> Vec<Step> {
    let mut out = Vec::new();
    let mut seen: HashSet<((usize, usize), (usize, usize))> = HashSet::default();
    let mut consider = |o: (usize, usize), n: (usize, usize), out: &mut Vec<Step>| {
        if !seen.insert((o, n)) {
            return;
        }
        let (os, ns) = (&olds[o.0..=o.1], &news[n.0..=n.1]);
        let (sim, ok) = scorer.score(os, ns);
        let extra = (os.len() + ns.len() - 2) as f64;
        let gain = (sim - opts.threshold - 0.02 * extra) * scorer.weight(os, ns);
        if ok && sim >= opts.threshold && gain > 0.0 {
            out.push(Step { o, n, gain, sim });
        }
    };
    for &(p, q) in pairs {
        consider((p, p), (q, q), &mut out);
        let (new_in_old, old_in_new) = scorer.containment(olds[p], news[q]);
        for size in 2..=opts.max_group {
            if new_in_old >= 0.5 {
                for start in q.saturating_sub(size - 1)..=q {
                    if start + size <= news.len() {
                        consider((p, p), (start, start + size - 1), &mut out);
                    }
                }
            }
            if old_in_new >= 0.5 {
                for start in p.saturating_sub(size - 1)..=p {
                    if start + size <= olds.len() {
                        consider((start, start + size - 1), (q, q), &mut out);
                    }
                }
            }
        }
    }
    out
}

/// The chain of non-overlapping, order-preserving steps with the highest total gain.
///
/// A sparse form of the alignment dynamic programme: skipping a paragraph costs nothing
/// and only candidate steps gain, so the best chain over steps sorted by old position,
/// with a Fenwick tree of best totals by new position, equals the full table's answer
/// in O(S log S) instead of O(old × new).
fn best_chain(steps: &[Step], n_len: usize) -> Vec<Step> {
    let mut by_start: Vec<usize> = (0..steps.len()).collect();
    by_start.sort_by_key(|&k| (steps[k].o.0, steps[k].n.0, steps[k].o.1, steps[k].n.1));
    let mut by_end = by_start.clone();
    by_end.sort_by_key(|&k| (steps[k].o.1, steps[k].n.1, steps[k].o.0, steps[k].n.0));
    let mut tree = MaxTree::new(n_len);
    let mut best = vec![0.0f64; steps.len()];
    let mut prev = vec![usize::MAX; steps.len()];
    let mut inserted = 0;
    for &k in &by_start {
        while inserted < by_end.len() && steps[by_end[inserted]].o.1 < steps[k].o.0 {
            let e = by_end[inserted];
            tree.update(steps[e].n.1, best[e], e);
            inserted += 1;
        }
        let (value, from) = tree.query(steps[k].n.0);
        best[k] = steps[k].gain + value;
        prev[k] = from;
    }
    let mut end = usize::MAX;
    for &k in &by_start {
        if end == usize::MAX || best[k] > best[end] {
            end = k;
        }
    }
    let mut chain = Vec::new();
    while end != usize::MAX {
        chain.push(steps[end].clone());
        end = prev[end];
    }
    chain.reverse();
    chain
}

/// A Fenwick tree answering "best total among steps ending before new position n".
struct MaxTree {
    tree: Vec<(f64, usize)>,
}

impl MaxTree {
    fn new(n: usize) -> MaxTree {
        MaxTree {
            tree: vec![(0.0, usize::MAX); n + 1],
        }
    }

    fn update(&mut self, pos: usize, value: f64, id: usize) {
        let mut i = pos + 1;
        while i < self.tree.len() {
            if value > self.tree[i].0 {
                self.tree[i] = (value, id);
            }
            i += i & i.wrapping_neg();
        }
    }

    /// The best entry at positions strictly below `pos`.
    fn query(&self, pos: usize) -> (f64, usize) {
        let mut best = (0.0, usize::MAX);
        let mut i = pos;
        while i > 0 {
            if self.tree[i].0 > best.0 {
                best = self.tree[i];
            }
            i -= i & i.wrapping_neg();
        }
        best
    }
}

/// Pairs paragraphs left over anywhere, out of order, as moves: pairs above the move
/// threshold, best first.
fn pair_moves(scorer: &Scorer, opts: &AlignOptions, state: &mut State) {
    let olds: Vec<usize> = (0..state.old_used.len())
        .filter(|&i| !state.old_used[i])
        .collect();
    let news: Vec<usize> = (0..state.new_used.len())
        .filter(|&j| !state.new_used[j])
        .collect();
    for (i, j, sim) in best_first(scorer, &olds, &news, opts.move_threshold, opts) {
        let kind = if scorer.old[i].key == scorer.new[j].key {
            UnitKind::Unchanged
        } else {
            UnitKind::Reworded
        };
        state.take(vec![i], vec![j], sim, kind);
    }
}

/// One-to-one pairs of `olds` with `news` at or above `threshold`, best first: each
/// paragraph in at most one pair. Returns (old index, new index, similarity).
fn best_first(
    scorer: &Scorer,
    olds: &[usize],
    news: &[usize],
    threshold: f64,
    opts: &AlignOptions,
) -> Vec<(usize, usize, f64)> {
    if olds.is_empty() || news.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, usize, usize)> = candidate_pairs(scorer, olds, news, opts)
        .into_iter()
        .map(|(p, q)| (scorer.score(&[olds[p]], &[news[q]]).0, olds[p], news[q]))
        .filter(|&(s, _, _)| s >= threshold)
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let (mut old_used, mut new_used): (HashSet<usize>, HashSet<usize>) = Default::default();
    let mut out = Vec::new();
    for (sim, i, j) in scored {
        if !old_used.contains(&i) && !new_used.contains(&j) {
            old_used.insert(i);
            new_used.insert(j);
            out.push((i, j, sim));
        }
    }
    out
}

/// Pairs short texts (such as sentences) of two lists with the same weighted word
/// similarity that aligns paragraphs: candidates from the inverted index, one-to-one
/// pairs at or above `threshold`, best first. Returns (old index, new index, similarity).
pub fn match_texts(old: &[&str], new: &[&str], threshold: f64) -> Vec<(usize, usize, f64)> {
    let para = |(i, t): (usize, &&str)| Paragraph {
        id: i + 1,
        label: None,
        kind: ParagraphKind::Body,
        text: String::new(),
        // Terms are lower-cased and split on non-alphanumerics anyway: no folding needed.
        key: (*t).to_owned(),
        line: 0,
    };
    let old_p: Vec<Paragraph> = old.iter().enumerate().map(para).collect();
    let new_p: Vec<Paragraph> = new.iter().enumerate().map(para).collect();
    let state = State {
        old_used: vec![false; old.len()],
        new_used: vec![false; new.len()],
        units: Vec::new(),
    };
    let scorer = Scorer::new(&old_p, &new_p, &state);
    let (olds, news): (Vec<usize>, Vec<usize>) =
        ((0..old.len()).collect(), (0..new.len()).collect());
    // A sentence has few words: three candidates each way find its partner.
    let opts = AlignOptions {
        candidates: 3,
        ..AlignOptions::default()
    };
    best_first(&scorer, &olds, &news, threshold, &opts)
}

/// Adds the added and removed units, sets `moved`, and orders the units.
fn finish(mut state: State, old: &[Paragraph], new: &[Paragraph]) -> Vec<Pairing> {
    for i in (0..state.old_used.len())
        .filter(|&i| !state.old_used[i])
        .collect::<Vec<_>>()
    {
        state.take(vec![i], vec![], 0.0, UnitKind::Removed);
    }
    for j in (0..state.new_used.len())
        .filter(|&j| !state.new_used[j])
        .collect::<Vec<_>>()
    {
        state.take(vec![], vec![j], 0.0, UnitKind::Added);
    }
    let mut units = state.units;
    let (mut paired, removed): (Vec<Pairing>, Vec<Pairing>) =
        units.drain(..).partition(|u| !u.new.is_empty());
    paired.sort_by_key(|u| u.new[0]);
    let both: Vec<usize> = (0..paired.len())
        .filter(|&k| !paired[k].old.is_empty())
        .collect();
    let ends: Vec<(usize, usize)> = both
        .iter()
        .map(|&k| (paired[k].old[0], paired[k].new[0]))
        .collect();
    let tie = |x: usize| {
        let u = &paired[both[x]];
        let side = |ps: &[Paragraph], ids: &[usize]| {
            ids.iter().fold(0u64, |h, &i| h ^ key_hash(&ps[i].key))
        };
        side(old, &u.old) ^ side(new, &u.new)
    };
    let keep: HashSet<usize> = order_chain(&ends, tie)
        .into_iter()
        .map(|x| both[x])
        .collect();
    for &k in &both {
        paired[k].moved = !keep.contains(&k);
    }
    place_removed(paired, removed)
}

/// Puts each removed unit right after the unit that holds its old predecessor.
fn place_removed(paired: Vec<Pairing>, mut removed: Vec<Pairing>) -> Vec<Pairing> {
    removed.sort_by_key(|u| u.old[0]);
    let mut holder: HashMap<usize, usize> = HashMap::default();
    for (k, u) in paired.iter().enumerate() {
        for &i in &u.old {
            holder.insert(i, k);
        }
    }
    // Followers of each paired unit (by index) or of the start (usize::MAX).
    let mut followers: HashMap<usize, Vec<Pairing>> = HashMap::default();
    let mut run_anchor = usize::MAX;
    let mut last_removed: Option<usize> = None;
    for u in removed {
        let i = u.old[0];
        if last_removed != Some(i.wrapping_sub(1)) {
            run_anchor = i
                .checked_sub(1)
                .and_then(|p| holder.get(&p).copied())
                .unwrap_or(usize::MAX);
        }
        last_removed = Some(*u.old.last().unwrap_or(&i));
        followers.entry(run_anchor).or_default().push(u);
    }
    let mut out = followers.remove(&usize::MAX).unwrap_or_default();
    for (k, u) in paired.into_iter().enumerate() {
        out.push(u);
        out.extend(followers.remove(&k).unwrap_or_default());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::fold;

    fn paras(texts: &[&str]) -> Vec<Paragraph> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Paragraph {
                id: i + 1,
                label: None,
                kind: ParagraphKind::Body,
                text: (*t).to_owned(),
                key: fold(t, false),
                line: i + 1,
            })
            .collect()
    }

    fn shape(units: &[Pairing]) -> Vec<(UnitKind, Vec<usize>, Vec<usize>, bool)> {
        units
            .iter()
            .map(|u| (u.kind, u.old.clone(), u.new.clone(), u.moved))
            .collect()
    }

    const A: &str =
        "Allies reaffirm the enduring transatlantic bond and solidarity against Russia.";
    const B: &str =
        "We will strengthen air defence on the Eastern Flank from the Baltic to the Black Sea.";
    const C: &str = "Energy security, fuel supply and military mobility corridors need investment.";
    const D: &str = "Cyber attacks and sabotage against critical infrastructure are condemned.";

    #[test]
    fn terms_drop_stopwords_and_plurals() {
        assert!(is_stopword("the") && !is_stopword("nato"));
        let mut got = Vec::new();
        for_each_term(
            "We will honour our Commitments to NATO's 2% pledge, spending as agreed",
            |t| got.push(t.to_owned()),
        );
        assert_eq!(
            got,
            [
                "honour",
                "commitment",
                "nato",
                "2",
                "pledge",
                "spend",
                "agreed"
            ]
        );
    }

    #[test]
    fn order_chain_keeps_the_longest_and_least_displaced() {
        let none = |_| 0;
        // An adjacent swap after an insertion: (old 2 -> new 3) left its place.
        assert_eq!(
            order_chain(&[(0, 0), (1, 2), (2, 3), (3, 4)], none).len(),
            4
        );
        assert_eq!(
            order_chain(&[(0, 1), (2, 2), (1, 3), (3, 4)], none),
            [0, 1, 3]
        );
        assert_eq!(
            order_chain(&[(0, 0), (2, 1), (1, 2), (3, 3)], |k| k as u64).len(),
            3
        );
        assert!(order_chain(&[], none).is_empty());
    }

    #[test]
    fn swap_moves_exactly_one() {
        let u = align(
            &paras(&[A, B, C]),
            &paras(&[B, A, C]),
            &AlignOptions::default(),
        );
        let moved: Vec<_> = u
            .iter()
            .filter(|u| u.moved)
            .map(|u| u.old.clone())
            .collect();
        assert_eq!(moved, [vec![0]]);
        assert!(u.iter().all(|u| u.kind == UnitKind::Unchanged));
    }

    #[test]
    fn reworded_split_merged_added_removed() {
        let b2 = "We will strengthen integrated air defence on the Eastern Flank from the Baltic to the Black Sea.";
        let c1 = "Energy security and fuel supply need investment.";
        let c2 = "Military mobility corridors need investment too.";
        let old = paras(&[A, B, C, D]);
        let new = paras(&[
            b2,
            c1,
            c2,
            "An entirely new paragraph about space and satellites.",
        ]);
        let u = align(&old, &new, &AlignOptions::default());
        assert_eq!(
            shape(&u),
            [
                (UnitKind::Removed, vec![0], vec![], false),
                (UnitKind::Reworded, vec![1], vec![0], false),
                (UnitKind::Split, vec![2], vec![1, 2], false),
                (UnitKind::Removed, vec![3], vec![], false),
                (UnitKind::Added, vec![], vec![3], false),
            ]
        );
        let back = align(&new, &old, &AlignOptions::default());
        assert!(back
            .iter()
            .any(|u| u.kind == UnitKind::Merged && u.old == [1, 2] && u.new == [2]));
    }

    #[test]
    fn far_move_of_a_reworded_paragraph() {
        let a2 = "Allies firmly reaffirm the enduring transatlantic bond and unity against Russia.";
        let u = align(
            &paras(&[A, B, C, D]),
            &paras(&[B, C, D, a2]),
            &AlignOptions::default(),
        );
        let moved: Vec<_> = u
            .iter()
            .filter(|u| u.moved)
            .map(|u| (u.kind, u.old.clone(), u.new.clone()))
            .collect();
        assert_eq!(moved, [(UnitKind::Reworded, vec![0], vec![3])]);
    }
}
