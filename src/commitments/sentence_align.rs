//! Sentence alignment inside one paragraph unit: content-word similarity,
//! then an optimal (Hungarian) or, for long inputs, greedy one-to-one pairing.

use std::borrow::Cow;
use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use super::lexicon::STOPWORDS;
use super::words::tokens;

/// Dice similarity at or above which two sentences may be paired.
const ALIGN_THRESHOLD: f64 = 0.3;

/// Largest side for which [`align_sentences`] runs the optimal assignment;
/// bigger inputs fall back to best-first greedy pairing.
const ALIGN_OPTIMAL_MAX: usize = 150;

/// Pairs the sentences of one aligned paragraph unit by content similarity.
///
/// Similarity is the Dice coefficient over sets of lowercase content words
/// (stopwords and possessive endings dropped); pairs below 0.3 are never
/// matched. The assignment maximises total similarity (Hungarian method,
/// with a tiny preference for nearby positions to break ties), falling back
/// to best-first greedy pairing when a side has more than 150 sentences.
/// Unmatched sentences become `(Some(old), None)` or `(None, Some(new))`.
/// Output is ordered by new index; a removed sentence follows the entry of
/// its nearest matched old predecessor (or comes first if it has none).
pub fn align_sentences(old: &[&str], new: &[&str]) -> Vec<(Option<usize>, Option<usize>)> {
    let bytes: usize = old.iter().chain(new).map(|s| s.len()).sum();
    let mut ids = WordIds::with_capacity(bytes / 8);
    let a: Vec<Vec<usize>> = old.iter().map(|s| ids.content_words(s)).collect();
    let b: Vec<Vec<usize>> = new.iter().map(|s| ids.content_words(s)).collect();
    let sim: Vec<Vec<f64>> = a
        .iter()
        .zip(old)
        .map(|(x, xs)| {
            b.iter()
                .zip(new)
                .map(|(y, ys)| similarity(x, y, xs, ys))
                .collect()
        })
        .collect();
    let pairs = if old.len().max(new.len()) <= ALIGN_OPTIMAL_MAX {
        optimal_pairs(&sim)
    } else {
        greedy_pairs(&sim)
    };
    order_pairs(old.len(), new.len(), &pairs)
}

/// Word ids for one call of [`align_sentences`]: equal words, equal ids.
struct WordIds<'a> {
    ids: FxHashMap<Cow<'a, str>, usize>,
}

impl<'a> WordIds<'a> {
    fn with_capacity(words: usize) -> Self {
        let ids = FxHashMap::with_capacity_and_hasher(words, Default::default());
        WordIds { ids }
    }

    /// The set of lowercase content words of `s` (stopwords and possessive
    /// endings dropped), as sorted ids.
    fn content_words(&mut self, s: &'a str) -> Vec<usize> {
        let mut words: Vec<usize> = tokens(s)
            .filter(|t| t.word && !t.low.starts_with('\'') && !STOPWORDS.contains(&t.low))
            .map(|t| self.id(t.low))
            .collect();
        words.sort_unstable();
        words.dedup();
        words
    }

    fn id(&mut self, word: Cow<'a, str>) -> usize {
        let next = self.ids.len();
        *self.ids.entry(word).or_insert(next)
    }
}

/// Dice coefficient of two word-id sets (sorted, deduplicated).
fn similarity(x: &[usize], y: &[usize], xs: &str, ys: &str) -> f64 {
    if x.is_empty() && y.is_empty() {
        let same = !xs.trim().is_empty() && xs.trim() == ys.trim();
        return if same { 1.0 } else { 0.0 };
    }
    let common = x.iter().filter(|w| y.binary_search(w).is_ok()).count();
    2.0 * common as f64 / (x.len() + y.len()) as f64
}

/// Weight of a pair: similarity with a tiny positional tie-break, or 0.
fn pair_weight(sim: &[Vec<f64>], i: usize, j: usize) -> f64 {
    let s = sim.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0.0);
    if s < ALIGN_THRESHOLD {
        return 0.0;
    }
    s - 1e-6 * (i.abs_diff(j) as f64) / (1.0 + sim.len() as f64)
}

fn optimal_pairs(sim: &[Vec<f64>]) -> Vec<(usize, usize)> {
    let rows = sim.len();
    let cols = sim.first().map_or(0, Vec::len);
    let n = rows.max(cols);
    let cost: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| -pair_weight(sim, i, j)).collect())
        .collect();
    hungarian(&cost)
        .into_iter()
        .enumerate()
        .filter(|&(i, j)| pair_weight(sim, i, j) > 0.0)
        .collect()
}

/// Minimum-cost perfect assignment on a square matrix (Hungarian method with
/// row and column potentials); returns the column chosen for each row.
fn hungarian(cost: &[Vec<f64>]) -> Vec<usize> {
    let n = cost.len();
    let mut state = Assignment {
        u: vec![0.0; n + 1],
        v: vec![0.0; n + 1],
        owner: vec![0; n + 1],
        back: vec![0; n + 1],
    };
    for row in 1..=n {
        state.add_row(cost, row);
    }
    let mut assign = vec![0; n];
    for (j, &r) in state.owner.iter().enumerate().skip(1) {
        if let Some(slot) = r.checked_sub(1).and_then(|r| assign.get_mut(r)) {
            *slot = j - 1;
        }
    }
    assign
}

/// State of [`hungarian`]: potentials `u` (rows) and `v` (columns), the row
/// owning each column (1-based, 0 = free; column 0 is a sentinel) and the
/// predecessor of each column on the current augmenting path.
struct Assignment {
    u: Vec<f64>,
    v: Vec<f64>,
    owner: Vec<usize>,
    back: Vec<usize>,
}

impl Assignment {
    /// Adds `row` to the matching along a shortest augmenting path.
    fn add_row(&mut self, cost: &[Vec<f64>], row: usize) {
        let size = self.v.len();
        self.owner[0] = row;
        let (mut col, mut min, mut used) = (0, vec![f64::INFINITY; size], vec![false; size]);
        while self.owner[col] != 0 {
            used[col] = true;
            col = self.step(cost, col, &mut min, &used);
            if col == 0 {
                return;
            }
        }
        while col != 0 {
            let prev = self.back[col];
            self.owner[col] = self.owner[prev];
            col = prev;
        }
    }

    /// Extends the path from `col`; returns the next column to visit.
    fn step(&mut self, cost: &[Vec<f64>], col: usize, min: &mut [f64], used: &[bool]) -> usize {
        let r = self.owner[col];
        let row = cost.get(r.wrapping_sub(1)).map_or(&[][..], Vec::as_slice);
        let u = self.u[r];
        let (mut delta, mut next) = (f64::INFINITY, 0);
        // Column `j` (from 1) meets cost `row[j - 1]`.
        let costs = row.iter().copied().chain(std::iter::repeat(0.0));
        let columns = min.iter_mut().zip(used).zip(&self.v).zip(&mut self.back);
        for ((j, (((m, &done), &v), back)), c) in columns.enumerate().skip(1).zip(costs) {
            if done {
                continue;
            }
            let reduced = c - u - v;
            if reduced < *m {
                *m = reduced;
                *back = col;
            }
            if *m < delta {
                delta = *m;
                next = j;
            }
        }
        let columns = min.iter_mut().zip(used).zip(&mut self.v).zip(&self.owner);
        for (((m, &done), v), &owner) in columns {
            if done {
                if let Some(u) = self.u.get_mut(owner) {
                    *u += delta;
                }
                *v -= delta;
            } else {
                *m -= delta;
            }
        }
        next
    }
}

fn greedy_pairs(sim: &[Vec<f64>]) -> Vec<(usize, usize)> {
    let mut cands: Vec<(f64, usize, usize)> = Vec::new();
    for (i, row) in sim.iter().enumerate() {
        for j in 0..row.len() {
            let w = pair_weight(sim, i, j);
            if w > 0.0 {
                cands.push((w, i, j));
            }
        }
    }
    cands.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let (mut used_old, mut used_new) = (BTreeSet::new(), BTreeSet::new());
    let mut pairs = Vec::new();
    for (_, i, j) in cands {
        if used_old.insert(i) {
            if used_new.insert(j) {
                pairs.push((i, j));
            } else {
                used_old.remove(&i);
            }
        }
    }
    pairs
}

/// One aligned entry: old index, new index.
type Pair = (Option<usize>, Option<usize>);

fn order_pairs(
    n_old: usize,
    n_new: usize,
    pairs: &[(usize, usize)],
) -> Vec<(Option<usize>, Option<usize>)> {
    let mut old_to_new = vec![None; n_old];
    let mut new_to_old = vec![None; n_new];
    for &(i, j) in pairs {
        if let (Some(a), Some(b)) = (old_to_new.get_mut(i), new_to_old.get_mut(j)) {
            *a = Some(j);
            *b = Some(i);
        }
    }
    let mut keyed: Vec<((usize, u8, usize), Pair)> = new_to_old
        .iter()
        .enumerate()
        .map(|(j, &i)| ((j + 1, 0, 0), (i, Some(j))))
        .collect();
    for (i, m) in old_to_new.iter().enumerate() {
        if m.is_none() {
            let anchor = old_to_new
                .get(..i)
                .unwrap_or(&[])
                .iter()
                .rev()
                .find_map(|&m| m);
            keyed.push(((anchor.map_or(0, |j| j + 1), 1, i), (Some(i), None)));
        }
    }
    keyed.sort_by_key(|&(k, _)| k);
    keyed.into_iter().map(|(_, p)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commitments::test_support::Lcg;

    #[test]
    fn alignment_follows_moves_and_places_removals_after_predecessor() {
        let old = [
            "We will make every effort to enhance national resilience and capabilities.",
            "Our pledge to defend every inch of Allied territory is iron-clad.",
            "We support initiatives to fortify NATO / EU borders with Russia and Belarus.",
        ];
        let new = [
            "We support initiatives to fortify NATO / EU borders with Russia.",
            "We will make every effort to enhance national resilience and military capabilities.",
            "We welcome the 3rd Summit of the Forum for India-Pacific Islands Cooperation.",
        ];
        assert_eq!(
            align_sentences(&old, &new),
            [
                (Some(2), Some(0)),
                (Some(0), Some(1)),
                (Some(1), None),
                (None, Some(2)),
            ]
        );
    }

    #[test]
    fn alignment_is_optimal_not_first_come() {
        // Best-first greedy would pair old 0 with new 1 (0.75) and leave two
        // sentences unmatched; the optimal assignment pairs both (0.5 + 0.44).
        let old = [
            "Sanctions target energy revenue.",
            "Energy exports face price caps.",
        ];
        let new = [
            "Sanctions target banking sectors.",
            "Sanctions target energy exports.",
        ];
        assert_eq!(
            align_sentences(&old, &new),
            [(Some(0), Some(0)), (Some(1), Some(1))]
        );
        let sim = vec![vec![0.5, 0.75], vec![0.0, 4.0 / 9.0]];
        assert_eq!(greedy_pairs(&sim), [(0, 1)], "the fallback is greedy");
    }

    fn permutations(n: usize) -> Vec<Vec<usize>> {
        if n == 0 {
            return vec![Vec::new()];
        }
        let mut out = Vec::new();
        for p in permutations(n - 1) {
            for at in 0..=p.len() {
                let mut q = p.clone();
                q.insert(at, n - 1);
                out.push(q);
            }
        }
        out
    }

    #[test]
    fn hungarian_matches_brute_force() {
        let mut rng = Lcg(7);
        for round in 0..60 {
            let n = 1 + round % 6;
            let cost: Vec<Vec<f64>> = (0..n)
                .map(|_| (0..n).map(|_| rng.next(100) as f64 / 10.0).collect())
                .collect();
            let total = |assign: &[usize]| -> f64 {
                assign.iter().enumerate().map(|(i, &j)| cost[i][j]).sum()
            };
            let got = hungarian(&cost);
            let mut cols = got.clone();
            cols.sort_unstable();
            assert_eq!(cols, (0..n).collect::<Vec<_>>(), "not a permutation");
            let best = permutations(n)
                .iter()
                .map(|p| total(p))
                .fold(f64::INFINITY, f64::min);
            assert!((total(&got) - best).abs() < 1e-9, "round {round}: {cost:?}");
        }
    }

    #[test]
    fn alignment_threshold_and_ties() {
        let old = [
            "Collective defence remains NATO’s core and enduring principle.",
            "We will act.",
        ];
        let new = ["We will act."];
        assert_eq!(
            align_sentences(&old, &new),
            [(Some(0), None), (Some(1), Some(0))]
        );
        let twice = ["We will act.", "We will act."];
        assert_eq!(
            align_sentences(&twice, &twice),
            [(Some(0), Some(0)), (Some(1), Some(1))]
        );
        assert!(align_sentences(&[], &[]).is_empty());
        assert_eq!(align_sentences(&[], &["We will act."]), [(None, Some(0))]);
        assert_eq!(
            align_sentences(&["", "  "], &[""]),
            [(Some(0), None), (Some(1), None), (None, Some(0))]
        );
    }
}
