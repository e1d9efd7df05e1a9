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

use std::borrow::Cow;
use std::cell::RefCell;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

mod evidence;

use crate::model::{Paragraph, ParagraphKind, UnitKind};

pub use evidence::{Confidence, Evidence, Features, Model, MODEL};

/// The default [`AlignOptions::threshold`].
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Options for alignment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlignOptions {
    /// The evidence (the model's probability, 0 to 1, that a reader pairs two
    /// paragraphs) below which two paragraphs are not paired: they are removed plus added.
    /// Calibrated on the real answer keys (see ARCHITECTURE.md).
    pub threshold: f64,
    /// The largest number of paragraphs on one side of a split or merge (2 to 3).
    pub max_group: usize,
    /// Gaps with at most this many old × new pairs are scored all against all.
    pub dense_limit: usize,
    /// Candidates kept per paragraph from the inverted index.
    pub candidates: usize,
    /// How the measures of a candidate pairing combine into its score.
    pub model: Model,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions {
            threshold: DEFAULT_THRESHOLD,
            max_group: 3,
            dense_limit: 4096,
            candidates: 8,
            model: evidence::MODEL,
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
    /// Why the paragraphs were paired; `None` for equal text and for added or removed
    /// paragraphs.
    pub evidence: Option<Evidence>,
}

/// Aligns two lists of paragraphs. Units come in new-document order, each removed unit
/// after the unit that holds its old predecessor.
pub fn align(old: &[Paragraph], new: &[Paragraph], opts: &AlignOptions) -> Vec<Pairing> {
    let (mut state, gaps) = anchored(old, new);
    let scorer = Scorer::new(old, new, &state);
    for (olds, news) in gaps {
        align_gap(&scorer, &olds, &news, opts, &mut state);
    }
    // Inside the gaps left between pairings in order, candidates are judged again in
    // their narrower context, where a successor is more often the mutual best and
    // displaced less: in-order evidence needs less than the whole gap asked for.
    for _ in 0..REFINE_ROUNDS {
        let before = state.units.len();
        for (olds, news) in sub_gaps(&state, old, new) {
            align_gap(&scorer, &olds, &news, opts, &mut state);
        }
        if state.units.len() == before {
            break;
        }
    }
    pair_moves(&scorer, opts, &mut state);
    grow_groups(&scorer, opts, &mut state);
    pair_headings(&scorer, old, new, &mut state);
    finish(state, old, new)
}

/// How many times the gaps between pairings are aligned again.
const REFINE_ROUNDS: usize = 2;

/// The free paragraphs between consecutive units of the order chain of all units so
/// far, as (old indices, new indices) for each gap with paragraphs on both sides.
fn sub_gaps(state: &State, old: &[Paragraph], new: &[Paragraph]) -> Vec<Gap> {
    // (first old, last old, first new, last new, tie-break from the text of both sides,
    // so that swapping OLD and NEW swaps the result).
    let mut units: Vec<(usize, usize, usize, usize, u64)> = state
        .units
        .iter()
        .filter(|u| !u.old.is_empty() && !u.new.is_empty())
        .map(|u| {
            let side = |ps: &[Paragraph], ids: &[usize]| {
                ids.iter().fold(0u64, |h, &i| h ^ key_hash(&ps[i].key))
            };
            let (o0, o1) = (u.old[0], *u.old.last().unwrap_or(&u.old[0]));
            let (n0, n1) = (u.new[0], *u.new.last().unwrap_or(&u.new[0]));
            (o0, o1, n0, n1, side(old, &u.old) ^ side(new, &u.new))
        })
        .collect();
    units.sort_unstable_by_key(|u| u.2);
    let ends: Vec<(usize, usize)> = units.iter().map(|u| (u.0, u.2)).collect();
    let chain = order_chain(&ends, |k| units[k].4);
    let mut out = Vec::new();
    let (mut i0, mut j0) = (0, 0);
    let mut bounds: Vec<(usize, usize, usize, usize)> = chain
        .iter()
        .map(|&k| (units[k].0, units[k].1, units[k].2, units[k].3))
        .collect();
    bounds.push((state.old_used.len(), 0, state.new_used.len(), 0));
    for (i1, i_end, j1, j_end) in bounds {
        if i1 >= i0 && j1 >= j0 {
            let olds: Vec<usize> = (i0..i1).filter(|&i| !state.old_used[i]).collect();
            let news: Vec<usize> = (j0..j1).filter(|&j| !state.new_used[j]).collect();
            if !olds.is_empty() && !news.is_empty() {
                out.push((olds, news));
            }
        }
        (i0, j0) = (i_end + 1, j_end + 1);
    }
    out
}

/// A paragraph left unpaired whose best candidate sits in a unit next to it joins that
/// unit, which becomes a split or a merge: a paragraph divided in two rarely keeps
/// enough words in each half to pair on its own. The paragraph must stand next to the
/// unit's paragraphs on its own side (or keep one of the candidate's sentences nearly
/// word for word, wherever it stands), reach the threshold with the candidate alone,
/// and the unit must stay within [`AlignOptions::max_group`]. Joins of both sides are
/// found on the same state and taken best first, so that swapping OLD and NEW swaps
/// the result.
fn grow_groups(scorer: &Scorer, opts: &AlignOptions, state: &mut State) {
    let body = |kind: ParagraphKind| kind == ParagraphKind::Body;
    // (score, tie-break, new side?, unit, paragraph)
    let mut joins: Vec<(f64, u64, bool, usize, usize)> = Vec::new();
    for new_side in [true, false] {
        let (mine_ps, theirs_ps, mine_bags, theirs_bags, used) = if new_side {
            (
                scorer.new,
                scorer.old,
                &scorer.new_bags,
                &scorer.old_bags,
                &state.new_used,
            )
        } else {
            (
                scorer.old,
                scorer.new,
                &scorer.old_bags,
                &scorer.new_bags,
                &state.old_used,
            )
        };
        let free: Vec<usize> = (0..used.len())
            .filter(|&x| !used[x] && body(mine_ps[x].kind))
            .collect();
        if free.is_empty() {
            continue;
        }
        // Each free paragraph's most similar paragraph on the other side, among its
        // index candidates and the partners of the units next to it.
        let queries: Vec<&Bag> = free.iter().map(|&x| &mine_bags[x]).collect();
        let targets: Vec<&Bag> = theirs_bags.iter().collect();
        let mut near: Vec<Vec<usize>> = vec![Vec::new(); free.len()];
        for (q, t) in nearest(&queries, &targets, opts.candidates) {
            near[q].push(t);
        }
        let pair = |x: usize, y: usize| if new_side { ([y], [x]) } else { ([x], [y]) };
        let sim = |x: usize, y: usize| {
            let (o, n) = pair(x, y);
            scorer.score(&o, &n).0
        };
        // A paragraph that keeps one of another's sentences may join it from anywhere.
        let reuses = |x: usize, y: usize| {
            let (o, n) = pair(x, y);
            scorer.features(&o, &n, 0.0).reused > 0
        };
        // Which unit holds each paragraph, on this side and the other.
        let (mut mine_unit, mut theirs_unit) = (
            vec![usize::MAX; mine_ps.len()],
            vec![usize::MAX; theirs_ps.len()],
        );
        for (k, u) in state.units.iter().enumerate() {
            let (mine, theirs) = if new_side {
                (&u.new, &u.old)
            } else {
                (&u.old, &u.new)
            };
            mine.iter().for_each(|&m| mine_unit[m] = k);
            theirs.iter().for_each(|&t| theirs_unit[t] = k);
        }
        for (q, &x) in free.iter().enumerate() {
            // Units next to x, and units holding one of x's index candidates that x
            // reuses a sentence of.
            let mut near_units: Vec<usize> = [x.wrapping_sub(1), x + 1]
                .into_iter()
                .filter_map(|m| mine_unit.get(m).copied())
                .chain(
                    near[q]
                        .iter()
                        .filter(|&&y| reuses(x, y))
                        .filter_map(|&y| theirs_unit.get(y).copied()),
                )
                .filter(|&k| k != usize::MAX)
                .collect();
            near_units.sort_unstable();
            near_units.dedup();
            let mut options: Vec<(usize, usize)> = Vec::new(); // (unit, partner)
            for k in near_units {
                let u = &state.units[k];
                let (mine, theirs) = if new_side {
                    (&u.new, &u.old)
                } else {
                    (&u.old, &u.new)
                };
                // Only units that grow on this side: 1-1, or already grouped here.
                if mine.is_empty() || theirs.len() != 1 || mine.len() >= opts.max_group {
                    continue;
                }
                let next_to = mine.iter().any(|&m| m + 1 == x || x + 1 == m);
                let all_body =
                    mine.iter().all(|&m| body(mine_ps[m].kind)) && body(theirs_ps[theirs[0]].kind);
                if all_body && (next_to || reuses(x, theirs[0])) {
                    options.push((k, theirs[0]));
                }
            }
            if options.is_empty() {
                continue;
            }
            let best_overall = near[q]
                .iter()
                .copied()
                .chain(options.iter().map(|&(_, y)| y))
                .filter(|&y| body(theirs_ps[y].kind))
                .map(|y| (sim(x, y), y))
                .max_by(|a, b| {
                    a.0.total_cmp(&b.0)
                        .then(key_hash(&theirs_ps[b.1].key).cmp(&key_hash(&theirs_ps[a.1].key)))
                });
            let Some((s, y)) = best_overall else { continue };
            let Some(&(k, _)) = options.iter().find(|&&(_, p)| p == y) else {
                continue;
            };
            let (o, n) = pair(x, y);
            let f = scorer.features(&o, &n, s);
            let p = opts.model.probability(&Features { mutual: true, ..f });
            if p >= opts.threshold {
                let tie = key_hash(&mine_ps[x].key) ^ key_hash(&theirs_ps[y].key);
                joins.push((p, tie, new_side, k, x));
            }
        }
    }
    joins.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
    for (_, _, new_side, k, x) in joins {
        let used = if new_side {
            &state.new_used
        } else {
            &state.old_used
        };
        let u = &state.units[k];
        let (mine, theirs) = if new_side {
            (&u.new, &u.old)
        } else {
            (&u.old, &u.new)
        };
        if used[x] || theirs.len() != 1 || mine.len() >= opts.max_group {
            continue;
        }
        let u = &mut state.units[k];
        let side = if new_side { &mut u.new } else { &mut u.old };
        side.push(x);
        side.sort_unstable();
        if new_side {
            state.new_used[x] = true;
        } else {
            state.old_used[x] = true;
        }
        let (os, ns) = (u.old.clone(), u.new.clone());
        let (sim, _) = scorer.score(&os, &ns);
        u.similarity = sim;
        u.kind = if os.len() == 1 {
            UnitKind::Split
        } else {
            UnitKind::Merged
        };
        let f = scorer.features(&os, &ns, sim);
        let in_order = u.evidence.as_ref().is_none_or(|e| e.in_order);
        let score = u.evidence.as_ref().map_or(1.0, |e| e.score);
        u.evidence = Some(scorer.evidence(&os, &ns, &f, score, in_order));
    }
}

/// A section heading is carried forward with its section: an unpaired heading whose
/// section opens with a paragraph paired to the opening paragraph of an unpaired
/// heading's section on the other side is paired with that heading.
fn pair_headings(scorer: &Scorer, old: &[Paragraph], new: &[Paragraph], state: &mut State) {
    let heading = |p: &Paragraph| p.kind == ParagraphKind::Heading;
    let mut pairs = Vec::new();
    for u in &state.units {
        let (Some(&i), Some(&j)) = (u.old.first(), u.new.first()) else {
            continue;
        };
        if i == 0 || j == 0 || heading(&old[i]) {
            continue;
        }
        let (h, g) = (i - 1, j - 1);
        if heading(&old[h]) && heading(&new[g]) && !state.old_used[h] && !state.new_used[g] {
            // The heading inherits the confidence of the pairing that carries it.
            let score = u.evidence.as_ref().map_or(1.0, |e| e.score);
            pairs.push((h, g, score));
        }
    }
    for (h, g, score) in pairs {
        if state.old_used[h] || state.new_used[g] {
            continue;
        }
        let (sim, _) = scorer.score(&[h], &[g]);
        let (kind, evidence) = if old[h].key == new[g].key {
            (UnitKind::Unchanged, None)
        } else {
            let f = scorer.features(&[h], &[g], sim);
            (
                UnitKind::Reworded,
                Some(scorer.evidence(&[h], &[g], &f, score, true)),
            )
        };
        state.take_with(vec![h], vec![g], sim, kind, evidence);
    }
}

/// The free paragraphs of a gap: (old indices, new indices).
type Gap = (Vec<usize>, Vec<usize>);

/// The anchors taken as unchanged units, and the free paragraphs of each gap between
/// consecutive anchors of the order chain, as (old indices, new indices).
fn anchored(old: &[Paragraph], new: &[Paragraph]) -> (State, Vec<Gap>) {
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
    let mut bounds: Vec<(usize, usize)> = ordered.iter().map(|&k| anchors[k]).collect();
    bounds.push((old.len(), new.len()));
    let (mut i0, mut j0) = (0, 0);
    let mut gaps = Vec::with_capacity(bounds.len());
    for (i1, j1) in bounds {
        let olds: Vec<usize> = (i0..i1).filter(|&i| !state.old_used[i]).collect();
        let news: Vec<usize> = (j0..j1).filter(|&j| !state.new_used[j]).collect();
        gaps.push((olds, news));
        (i0, j0) = (i1 + 1, j1 + 1);
    }
    (state, gaps)
}

/// Paragraphs equal after normalisation, as (old, new) in new order: those unique on both
/// sides, and those that occur equally often on both sides (repeated headings,
/// boilerplate), paired in order, the k-th occurrence with the k-th (issue #11). A key
/// that occurs a different number of times on the two sides is left to the similarity
/// passes.
///
/// Keys are compared with compounds folded whole (`Indo-Pacific`, `Indo- Pacific` and
/// `IndoPacific` are one), so that no reading of a line-end hyphen is a change.
fn anchors(old: &[Paragraph], new: &[Paragraph]) -> Vec<(usize, usize)> {
    fn key(p: &Paragraph) -> Cow<'_, str> {
        if p.key.contains(['-', '/']) {
            Cow::Owned(crate::normalise::fold_compounds(p.key.clone()))
        } else {
            Cow::Borrowed(p.key.as_str())
        }
    }
    let mut seen: HashMap<Cow<'_, str>, (Vec<usize>, Vec<usize>)> = HashMap::default();
    for (i, p) in old.iter().enumerate() {
        seen.entry(key(p)).or_default().0.push(i);
    }
    for (j, p) in new.iter().enumerate() {
        if let Some(e) = seen.get_mut(key(p).as_ref()) {
            e.1.push(j);
        }
    }
    let mut out: Vec<(usize, usize)> = seen
        .into_values()
        .filter(|(o, n)| o.len() == n.len())
        .flat_map(|(o, n)| o.into_iter().zip(n))
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
        self.take_with(old, new, similarity, kind, None);
    }

    fn take_with(
        &mut self,
        old: Vec<usize>,
        new: Vec<usize>,
        similarity: f64,
        kind: UnitKind,
        evidence: Option<Evidence>,
    ) {
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
            evidence,
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

/// Similarity scoring over IDF-weighted bags of words, with the finer evidence that
/// [`evidence`] combines: rare shared words, shared phrases and reused sentences.
struct Scorer<'a> {
    old: &'a [Paragraph],
    new: &'a [Paragraph],
    old_bags: Vec<Bag>,
    new_bags: Vec<Bag>,
    /// Per paragraph: its sentences' term ids (sorted, distinct) and its phrases.
    old_text: Vec<Shape>,
    new_text: Vec<Shape>,
    /// Unpaired paragraphs (both sides) each term occurs in.
    df: Vec<u32>,
    /// The terms, by id (for reporting shared rare terms).
    terms: Cow<'a, [String]>,
    /// The measures of 1-1 steps already taken (see [`Scorer::features`]).
    single_features: RefCell<HashMap<(u32, u32), Features>>,
    /// The similarities of 1-1 pairs already scored (see [`Scorer::single_score`]).
    single_scores: RefCell<HashMap<(u32, u32), f64>>,
    /// The old paragraph last scored 1-1, spread out by term.
    row: RefCell<Row>,
}

/// One old paragraph's weights and postings spread out by term id, so that scoring it
/// against new paragraphs one after another looks each new term up rather than merging
/// two sorted lists every time. Candidates come grouped by old paragraph, so a row is
/// filled about once per old paragraph and gap.
#[derive(Debug, Default)]
struct Row {
    /// The old paragraph held, if any.
    old: Option<usize>,
    /// By term: its weight in the old paragraph (0 when absent).
    weight: Vec<f32>,
    /// By term: the range of the old paragraph's postings that hold it.
    postings: Vec<(u32, u32)>,
}

/// Per paragraph, (term id, count) sorted by id.
type Counts = Vec<Vec<(u32, f32)>>;

/// What [`Scorer::read`] finds: term counts and shapes of both sides, and the terms.
type Reading = ((Counts, Counts), (Vec<Shape>, Vec<Shape>), Vec<String>);

/// The finer structure of a paragraph's informative words.
#[derive(Debug, Clone, Default)]
struct Shape {
    /// Each sentence's distinct term ids, sorted.
    sentences: Vec<Vec<u32>>,
    /// (term, sentence index) for every term of every sentence, sorted: which sentences
    /// hold a term, so that sentences are compared only through the terms they share.
    postings: Vec<(u32, u32)>,
    /// Pairs of consecutive informative words inside a sentence (`price cap`,
    /// `grain initiative`), as sorted distinct codes.
    phrases: Vec<u64>,
}

impl<'a> Scorer<'a> {
    /// Builds bags for the paragraphs not yet paired; inverse document frequency is
    /// taken over those paragraphs, the ones that need telling apart. Anchored
    /// paragraphs get empty bags and are never scored.
    fn new(old: &'a [Paragraph], new: &'a [Paragraph], state: &State) -> Scorer<'a> {
        Scorer::build(old, new, state, true)
    }

    /// As [`Scorer::new`]; without `shapes` only the bags are built (enough for
    /// [`Scorer::score`], not for [`Scorer::features`]).
    fn build(
        old: &'a [Paragraph],
        new: &'a [Paragraph],
        state: &State,
        shapes: bool,
    ) -> Scorer<'a> {
        let (counts, texts, terms) = Scorer::read(old, new, state, shapes);
        Scorer::weighed((old, new), state, counts, texts, Cow::Owned(terms))
    }

    /// The term counts (and with `shapes`, the shapes) of the paragraphs not yet
    /// paired, term ids in the terms' alphabetical order, and the terms.
    fn read(old: &[Paragraph], new: &[Paragraph], state: &State, shapes: bool) -> Reading {
        let mut vocab: HashMap<String, u32> = HashMap::default();
        let mut terms: Vec<String> = Vec::new();
        let mut read = |p: &Paragraph| -> (Vec<(u32, f32)>, Shape) {
            let mut ids: Vec<u32> = Vec::new();
            let mut shape = Shape::default();
            for sentence in evidence::sentences(&p.key) {
                let start = ids.len();
                for_each_term(sentence, |t| {
                    let id = match vocab.get(t) {
                        Some(&id) => id,
                        None => {
                            let id = terms.len() as u32;
                            vocab.insert(t.to_owned(), id);
                            terms.push(t.to_owned());
                            id
                        }
                    };
                    ids.push(id);
                });
                if !shapes {
                    continue;
                }
                let words = &ids[start..];
                shape.phrases.extend(
                    words
                        .windows(2)
                        .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1])),
                );
                let mut set = words.to_vec();
                set.sort_unstable();
                set.dedup();
                if !set.is_empty() {
                    shape.sentences.push(set);
                }
            }
            shape.phrases.sort_unstable();
            shape.phrases.dedup();
            ids.sort_unstable();
            let mut out: Vec<(u32, f32)> = Vec::new();
            for id in ids {
                match out.last_mut() {
                    Some((t, c)) if *t == id => *c += 1.0,
                    _ => out.push((id, 1.0)),
                }
            }
            (out, shape)
        };
        let mut side = |ps: &[Paragraph], used: &[bool]| -> (Vec<_>, Vec<Shape>) {
            ps.iter()
                .zip(used)
                .map(|(p, &u)| if u { Default::default() } else { read(p) })
                .unzip()
        };
        let (mut old_counts, mut old_text) = side(old, &state.old_used);
        let (mut new_counts, mut new_text) = side(new, &state.new_used);
        // Ids were handed out in reading order, old side first. Renumber them in the
        // terms' alphabetical order, so that every tie broken by id and every sum taken in
        // id order comes out the same when OLD and NEW are swapped.
        let mut by_text: Vec<u32> = (0..terms.len() as u32).collect();
        by_text.sort_unstable_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
        let mut rank = vec![0u32; terms.len()];
        for (r, &id) in by_text.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        let terms: Vec<String> = by_text
            .iter()
            .map(|&id| std::mem::take(&mut terms[id as usize]))
            .collect();
        for counts in old_counts.iter_mut().chain(new_counts.iter_mut()) {
            counts.iter_mut().for_each(|(t, _)| *t = rank[*t as usize]);
            counts.sort_unstable_by_key(|&(t, _)| t);
        }
        for shape in old_text.iter_mut().chain(new_text.iter_mut()) {
            for sentence in &mut shape.sentences {
                sentence.iter_mut().for_each(|t| *t = rank[*t as usize]);
                sentence.sort_unstable();
            }
            for code in &mut shape.phrases {
                let (a, b) = ((*code >> 32) as usize, (*code & 0xffff_ffff) as usize);
                *code = (u64::from(rank[a]) << 32) | u64::from(rank[b]);
            }
            shape.phrases.sort_unstable();
            shape.postings = shape
                .sentences
                .iter()
                .enumerate()
                .flat_map(|(k, terms)| terms.iter().map(move |&t| (t, k as u32)))
                .collect();
            shape.postings.sort_unstable();
        }
        ((old_counts, new_counts), (old_text, new_text), terms)
    }

    /// The scorer of paragraphs whose term counts are known (term ids in the terms'
    /// alphabetical order, counts sorted by id): weights from the document frequency
    /// among the unpaired paragraphs.
    fn weighed(
        (old, new): (&'a [Paragraph], &'a [Paragraph]),
        state: &State,
        (old_counts, new_counts): (Counts, Counts),
        (old_text, new_text): (Vec<Shape>, Vec<Shape>),
        terms: Cow<'a, [String]>,
    ) -> Scorer<'a> {
        let mut df = vec![0u32; terms.len()];
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
            old_text,
            new_text,
            df,
            terms,
            single_features: RefCell::default(),
            single_scores: RefCell::default(),
            row: RefCell::default(),
        }
    }

    /// The similarity of old paragraph `i` with new paragraph `j` (as [`Scorer::score`]
    /// gives it), kept: refinement rounds and the move pass score the same pairs again.
    fn single_score(&self, i: usize, j: usize) -> f64 {
        let key = (i as u32, j as u32);
        if let Some(&s) = self.single_scores.borrow().get(&key) {
            return s;
        }
        let s = if self.old[i].key == self.new[j].key {
            1.0
        } else if self.old[i].kind != self.new[j].kind {
            0.0
        } else {
            let (a, b) = (&self.old_bags[i], &self.new_bags[j]);
            let total = a.total + b.total;
            if total > 0.0 {
                // Bag::overlap's sum, in the same term order (0.0 added where the
                // old paragraph lacks a term).
                let mut row = self.row.borrow_mut();
                self.fill_row(&mut row, i);
                let overlap: f32 = b
                    .items
                    .iter()
                    .map(|&(t, wb)| row.weight[t as usize].min(wb))
                    .fold(0.0, |sum, w| sum + w);
                f64::from(2.0 * overlap / total)
            } else {
                0.0
            }
        };
        self.single_scores.borrow_mut().insert(key, s);
        s
    }

    /// Makes `row` hold old paragraph `i`.
    fn fill_row(&self, row: &mut Row, i: usize) {
        if row.old == Some(i) {
            return;
        }
        if row.weight.is_empty() {
            row.weight = vec![0.0; self.terms.len()];
            row.postings = vec![(0, 0); self.terms.len()];
        }
        if let Some(before) = row.old {
            for &(t, _) in &self.old_bags[before].items {
                row.weight[t as usize] = 0.0;
                row.postings[t as usize] = (0, 0);
            }
        }
        for &(t, w) in &self.old_bags[i].items {
            row.weight[t as usize] = w;
        }
        if let Some(shape) = self.old_text.get(i) {
            let postings = &shape.postings;
            let mut k = 0;
            while k < postings.len() {
                let t = postings[k].0;
                let end = k + postings[k..].iter().take_while(|p| p.0 == t).count();
                row.postings[t as usize] = (k as u32, end as u32);
                k = end;
            }
        }
        row.old = Some(i);
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
        let (a, b) = (self.old_group(olds), self.new_group(news));
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

    /// The bag of a group of old paragraphs: the paragraph's own for one.
    fn old_group(&self, ids: &[usize]) -> Cow<'_, Bag> {
        group(&self.old_bags, ids)
    }

    /// The bag of a group of new paragraphs.
    fn new_group(&self, ids: &[usize]) -> Cow<'_, Bag> {
        group(&self.new_bags, ids)
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

fn group<'b>(bags: &'b [Bag], ids: &[usize]) -> Cow<'b, Bag> {
    match ids {
        [i] => Cow::Borrowed(&bags[*i]),
        _ => Cow::Owned(Bag::sum(&ids.iter().map(|&i| &bags[i]).collect::<Vec<_>>())),
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
    // Words are runs of alphanumeric characters. Scanned by hand, byte by byte with a
    // character decoded only where a byte is not ASCII: `str::split` with a predicate
    // decodes every character, and this runs on every word of every unpaired paragraph
    // and commitment sentence (a curly apostrophe makes most keys non-ASCII).
    let bytes = key.as_bytes();
    let word_char_at = |i: usize| -> Option<usize> {
        let b = bytes[i];
        if b.is_ascii() {
            return b.is_ascii_alphanumeric().then_some(1);
        }
        let c = key[i..].chars().next()?;
        c.is_alphanumeric().then(|| c.len_utf8())
    };
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let mut ascii_upper = false;
        let mut ascii = true;
        while i < bytes.len() {
            match word_char_at(i) {
                Some(n) => {
                    ascii_upper |= bytes[i].is_ascii_uppercase();
                    ascii &= n == 1;
                    i += n;
                }
                None => break,
            }
        }
        if i == start {
            // Not a word character: step over it whole.
            i += key[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let w = &key[start..i];
        if ascii && !ascii_upper {
            emit(w);
        } else if ascii {
            lower.clear();
            lower.push_str(w);
            lower.make_ascii_lowercase();
            emit(&lower);
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
    score: f64,
    features: Features,
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
    let singles = gap_candidates(scorer, olds, news, opts);
    let steps = steps(scorer, olds, news, &singles, opts);
    for s in best_chain(&steps, news.len()) {
        let o: Vec<usize> = olds[s.o.0..=s.o.1].to_vec();
        let n: Vec<usize> = news[s.n.0..=s.n.1].to_vec();
        let kind = match (o.len(), n.len()) {
            (1, 1) if scorer.old[o[0]].key == scorer.new[n[0]].key => UnitKind::Unchanged,
            (1, 1) => UnitKind::Reworded,
            (1, _) => UnitKind::Split,
            _ => UnitKind::Merged,
        };
        let evidence = (kind != UnitKind::Unchanged)
            .then(|| scorer.evidence(&o, &n, &s.features, s.score, true));
        state.take_with(o, n, s.sim, kind, evidence);
    }
}

/// The 1-1 candidates of a gap (positions in its free lists) with their measures,
/// including the context ones: whether each is the other's best candidate, and how far
/// apart they stand in the gap.
fn gap_candidates(
    scorer: &Scorer,
    olds: &[usize],
    news: &[usize],
    opts: &AlignOptions,
) -> Vec<(usize, usize, Features)> {
    let pairs = candidate_pairs(scorer, olds, news, opts);
    let sims: Vec<f64> = pairs
        .iter()
        .map(|&(p, q)| scorer.single_score(olds[p], news[q]))
        .collect();
    let (mut best_old, mut best_new) = (
        vec![(0.0, usize::MAX); olds.len()],
        vec![(0.0, usize::MAX); news.len()],
    );
    for (&(p, q), &sim) in pairs.iter().zip(&sims) {
        if sim > best_old[p].0 {
            best_old[p] = (sim, q);
        }
        if sim > best_new[q].0 {
            best_new[q] = (sim, p);
        }
    }
    let (lo, ln) = (olds.len().max(1) as f64, news.len().max(1) as f64);
    pairs
        .iter()
        .zip(&sims)
        .filter(|&(_, &sim)| sim > 0.0)
        .map(|(&(p, q), &sim)| {
            let mut f = scorer.features(&[olds[p]], &[news[q]], sim);
            let (for_old, for_new) = (best_old[p].1 == q, best_new[q].1 == p);
            f.mutual = for_old && for_new;
            f.one_best = for_old != for_new;
            f.displacement = ((p as f64 + 0.5) / lo - (q as f64 + 0.5) / ln).abs();
            (p, q, f)
        })
        .collect()
}

/// The measures of every 1-1 candidate the alignment considers between anchors, as
/// (old index, new index, measures), for fitting the evidence model
/// (`scripts/fit-evidence.py`).
pub fn calibration_rows(
    old: &[Paragraph],
    new: &[Paragraph],
    opts: &AlignOptions,
) -> Vec<(usize, usize, Features)> {
    let (state, gaps) = anchored(old, new);
    let scorer = Scorer::new(old, new, &state);
    let mut out = Vec::new();
    for (olds, news) in gaps {
        if !olds.is_empty() && !news.is_empty() {
            for (p, q, f) in gap_candidates(&scorer, &olds, &news, opts) {
                if scorer.old[olds[p]].kind == scorer.new[news[q]].kind {
                    out.push((olds[p], news[q], f));
                }
            }
        }
    }
    out
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
    // Buffers reused from query to query.
    let (mut rare, mut touched): (Vec<(u32, f32)>, Vec<usize>) = Default::default();
    for (q, bag) in queries.iter().enumerate() {
        rare.clear();
        rare.extend_from_slice(&bag.items);
        let by_weight = |x: &(u32, f32), y: &(u32, f32)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
        if rare.len() > RARE_TERMS {
            rare.select_nth_unstable_by(RARE_TERMS, by_weight);
            rare.truncate(RARE_TERMS);
        }
        touched.clear();
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
        for &p in &touched {
            acc[p] = 0.0;
        }
    }
    out
}

/// Scores the 1-1 steps of the candidates, and the 1-n and n-1 steps around pairs
/// where one paragraph is mostly contained in the other. A step's score is the evidence
/// model's probability; it pays `(score - threshold - 0.05 × extra paragraphs) × weight`.
fn steps(
    scorer: &Scorer,
    olds: &[usize],
    news: &[usize],
    singles: &[(usize, usize, Features)],
    opts: &AlignOptions,
) -> Vec<Step> {
    let mut out = Vec::new();
    let mut seen: HashSet<((usize, usize), (usize, usize))> = HashSet::default();
    let mut consider =
        |o: (usize, usize), n: (usize, usize), seed: &Features, out: &mut Vec<Step>| {
            if !seen.insert((o, n)) {
                return;
            }
            let (os, ns) = (&olds[o.0..=o.1], &news[n.0..=n.1]);
            // A 1-1 step is a candidate, already scored.
            let (sim, ok) = if os.len() + ns.len() == 2 {
                (seed.similarity, true)
            } else {
                scorer.score(os, ns)
            };
            if !ok || sim <= 0.0 {
                return;
            }
            let mut features = if os.len() + ns.len() == 2 {
                *seed
            } else {
                scorer.features(os, ns, sim)
            };
            features.mutual = seed.mutual;
            features.one_best = seed.one_best;
            features.displacement = seed.displacement;
            let score =
                if scorer.old[os[0]].key == scorer.new[ns[0]].key && os.len() + ns.len() == 2 {
                    1.0
                } else {
                    opts.model.probability(&features)
                };
            let extra = (os.len() + ns.len() - 2) as f64;
            let gain = (score - opts.threshold - GROUP_COST * extra) * scorer.weight(os, ns);
            if score >= opts.threshold && gain > 0.0 {
                out.push(Step {
                    o,
                    n,
                    gain,
                    sim,
                    score,
                    features,
                });
            }
        };
    for (p, q, f) in singles {
        let (p, q) = (*p, *q);
        consider((p, p), (q, q), f, &mut out);
        let (new_in_old, old_in_new) = scorer.containment(olds[p], news[q]);
        for size in 2..=opts.max_group {
            if new_in_old >= 0.5 {
                for start in q.saturating_sub(size - 1)..=q {
                    if start + size <= news.len() {
                        consider((p, p), (start, start + size - 1), f, &mut out);
                    }
                }
            }
            if old_in_new >= 0.5 {
                for start in p.saturating_sub(size - 1)..=p {
                    if start + size <= olds.len() {
                        consider((start, start + size - 1), (q, q), f, &mut out);
                    }
                }
            }
        }
    }
    out
}

/// What each paragraph beyond the second costs a split or merge step, in score: a
/// group must explain its extra paragraphs better than a 1-1 pairing plus an addition.
const GROUP_COST: f64 = 0.05;

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

/// Pairs paragraphs left over anywhere, out of order, as moves: pairs whose evidence
/// reaches the threshold, best first. A pairing out of order needs more evidence than
/// one that keeps its place, and gets it through the model's displacement term: the
/// candidates are scored in the context of all leftovers, where a move stands far from
/// its partner.
fn pair_moves(scorer: &Scorer, opts: &AlignOptions, state: &mut State) {
    let olds: Vec<usize> = (0..state.old_used.len())
        .filter(|&i| !state.old_used[i])
        .collect();
    let news: Vec<usize> = (0..state.new_used.len())
        .filter(|&j| !state.new_used[j])
        .collect();
    if olds.is_empty() || news.is_empty() {
        return;
    }
    let bar = opts.threshold;
    let mut scored: Vec<(f64, usize, usize, Features)> = gap_candidates(scorer, &olds, &news, opts)
        .into_iter()
        .filter(|&(p, q, _)| scorer.old[olds[p]].kind == scorer.new[news[q]].kind)
        .map(|(p, q, f)| {
            let (i, j) = (olds[p], news[q]);
            let score = if scorer.old[i].key == scorer.new[j].key {
                1.0
            } else {
                opts.model.probability(&f)
            };
            (score, i, j, f)
        })
        .filter(|&(score, ..)| score >= bar)
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (score, i, j, f) in scored {
        if state.old_used[i] || state.new_used[j] {
            continue;
        }
        let (kind, evidence) = if scorer.old[i].key == scorer.new[j].key {
            (UnitKind::Unchanged, None)
        } else {
            (
                UnitKind::Reworded,
                Some(scorer.evidence(&[i], &[j], &f, score, false)),
            )
        };
        state.take_with(vec![i], vec![j], f.similarity, kind, evidence);
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
    let index = TextIndex::new(old, new);
    let (olds, news): (Vec<usize>, Vec<usize>) =
        ((0..old.len()).collect(), (0..new.len()).collect());
    index.matches(&olds, &news, threshold)
}

/// Short texts of two lists, read into terms once, to be matched as [`match_texts`]
/// does in several rounds, each among what the last left.
pub(crate) struct TextIndex {
    old: Vec<Paragraph>,
    new: Vec<Paragraph>,
    /// Each text's term counts, ids in the terms' alphabetical order.
    old_counts: Counts,
    new_counts: Counts,
    terms: Vec<String>,
}

impl TextIndex {
    /// Reads the terms of every text of both lists.
    pub(crate) fn new(old: &[&str], new: &[&str]) -> TextIndex {
        let para = |(i, t): (usize, &&str)| Paragraph {
            id: i + 1,
            label: None,
            kind: ParagraphKind::Body,
            text: String::new(),
            // Terms are lower-cased and split on non-alphanumerics anyway: no folding
            // needed.
            key: (*t).to_owned(),
            line: 0,
        };
        let old: Vec<Paragraph> = old.iter().enumerate().map(para).collect();
        let new: Vec<Paragraph> = new.iter().enumerate().map(para).collect();
        let all = State {
            old_used: vec![false; old.len()],
            new_used: vec![false; new.len()],
            units: Vec::new(),
        };
        // Weights depend on which texts take part in a round; the counts do not.
        let ((old_counts, new_counts), _, terms) = Scorer::read(&old, &new, &all, false);
        TextIndex {
            old,
            new,
            old_counts,
            new_counts,
            terms,
        }
    }

    /// Pairs the old texts `olds` with the new texts `news` (indices into the lists):
    /// candidates from the inverted index, one-to-one pairs at or above `threshold`,
    /// best first, with weights from these texts alone. Returns (old index, new index,
    /// similarity).
    pub(crate) fn matches(
        &self,
        olds: &[usize],
        news: &[usize],
        threshold: f64,
    ) -> Vec<(usize, usize, f64)> {
        let mut state = State {
            old_used: vec![true; self.old.len()],
            new_used: vec![true; self.new.len()],
            units: Vec::new(),
        };
        olds.iter().for_each(|&i| state.old_used[i] = false);
        news.iter().for_each(|&j| state.new_used[j] = false);
        let pick = |counts: &Counts, used: &[bool]| -> Counts {
            counts
                .iter()
                .zip(used)
                .map(|(c, &u)| if u { Vec::new() } else { c.clone() })
                .collect()
        };
        let blank = |n: usize| vec![Shape::default(); n];
        let scorer = Scorer::weighed(
            (&self.old, &self.new),
            &state,
            (
                pick(&self.old_counts, &state.old_used),
                pick(&self.new_counts, &state.new_used),
            ),
            (blank(self.old.len()), blank(self.new.len())),
            Cow::Borrowed(&self.terms),
        );
        // A sentence has few words: three candidates each way find its partner.
        let opts = AlignOptions {
            candidates: 3,
            ..AlignOptions::default()
        };
        best_first(&scorer, olds, news, threshold, &opts)
    }
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
    fn equal_repeated_paragraphs_pair_in_order_issue_11() {
        // 70 identical headings and boilerplate lines between distinct paragraphs: a
        // byte-identical document is unchanged throughout.
        let mut texts = Vec::new();
        for _ in 0..70 {
            texts.extend(["Annex", A, "Annex", "The text above is not binding."]);
        }
        texts.extend([B, C]);
        let doc = paras(&texts);
        assert_eq!(anchors(&doc, &doc).len(), texts.len());
        let units = align(&doc, &doc, &AlignOptions::default());
        assert_eq!(units.len(), texts.len());
        for (k, u) in units.iter().enumerate() {
            assert_eq!(
                (u.kind, &u.old[..], &u.new[..], u.moved),
                (UnitKind::Unchanged, &[k][..], &[k][..], false)
            );
        }
        // Unequal counts are left to the similarity passes.
        let fewer = paras(&[A, "Annex", B, "Annex", C, "Annex"]);
        let more = paras(&[A, "Annex", B, C, "Annex"]);
        assert_eq!(anchors(&fewer, &more), [(0, 0), (2, 2), (4, 3)]);
        // A compound written three ways is one anchor.
        let old = paras(&["A free Indo-Pacific and middle-income states.", B]);
        let new = paras(&["A free Indo- Pacific and middleincome states.", B]);
        assert_eq!(anchors(&old, &new), [(0, 0), (1, 1)]);
    }

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
    fn terms_are_runs_of_letters_and_digits_in_any_script() {
        let mut got = Vec::new();
        for_each_term(
            "Russia’s ÉNERGIE—Luleå, Zelenskyy’s (IORA) ok 7 x",
            |t| got.push(t.to_owned()),
        );
        // The curly apostrophe and the dash split words; a one-letter word ("s", "x")
        // is dropped, a one-digit number ("7") kept.
        assert_eq!(
            got,
            ["russia", "énergie", "luleå", "zelenskyy", "iora", "ok", "7"]
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
