//! Chaining items (paragraphs or commitments) of successive versions into lineages.
//!
//! The pairwise comparisons say which items of version `v − 1` became which items of
//! version `v`. Items joined by those links, directly or through splits and merges, are
//! one lineage: a union-find over all items of all versions. An item that the previous
//! version does not explain (an added paragraph, a new commitment) is then matched
//! against lineages that were present in *some* older version but not in the previous
//! one, with every wording they ever had: a match means the lineage returned. Lineages
//! come out in reading order, and each gets a status per version.

use crate::align::match_texts;

use super::Status;

/// One item of one version, as the chainer sees it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Item<'a> {
    /// Items only match items of the same group on return (headings with headings,
    /// table rows with table rows).
    pub group: u8,
    /// The text scored for a return.
    pub text: &'a str,
    /// Equal keys mean equal wording.
    pub key: &'a str,
}

/// Items of version `v − 1` (`old`) that became items of version `v` (`new`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Link {
    /// Indices into the older version's items, ascending.
    pub old: Vec<usize>,
    /// Indices into the newer version's items, ascending.
    pub new: Vec<usize>,
    /// The pairwise comparison flagged the unit as moved.
    pub moved: bool,
}

/// A lineage in one version.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Cell {
    /// Present, changed, absent, back.
    pub status: Status,
    /// Its items in this version, ascending.
    pub items: Vec<usize>,
    /// For each item, the items it came from in version `since`.
    pub from: Vec<Vec<usize>>,
    /// The latest earlier version where the lineage was present.
    pub since: Option<usize>,
    /// The wording differs from that in `since`.
    pub changed: bool,
    /// Some link into this version was flagged as moved.
    pub moved: bool,
}

/// A lineage: one cell per version.
pub(super) type Row = Vec<Cell>;

/// Union-find over all items of all versions, with path halving.
struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins two sets; the smaller index stays the root, so roots do not depend on
    /// the order of the calls.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        self.parent[hi] = lo;
    }
}

/// Global numbering of the items of all versions.
struct Index {
    offset: Vec<usize>,
}

impl Index {
    fn new(items: &[Vec<Item>]) -> Index {
        let mut offset = vec![0];
        for v in items {
            offset.push(offset.last().unwrap() + v.len());
        }
        Index { offset }
    }

    fn of(&self, v: usize, i: usize) -> usize {
        self.offset[v] + i
    }

    fn len(&self) -> usize {
        *self.offset.last().unwrap()
    }
}

/// Where an item that returned came from: version and items there.
type Origin = (usize, Vec<usize>);

/// Chains `items` (per version) through `links` (`links[k]` joins versions `k` and
/// `k + 1`) into lineages; a lineage absent from the previous version returns when one
/// of its wordings is at least `threshold` similar to an unexplained item.
pub(super) fn chain(items: &[Vec<Item>], links: &[Vec<Link>], threshold: f64) -> Vec<Row> {
    let index = Index::new(items);
    let mut sets = Sets {
        parent: (0..index.len()).collect(),
    };
    let mut incoming: Vec<Option<(Vec<usize>, bool)>> = vec![None; index.len()];
    for (k, step) in links.iter().enumerate() {
        for l in step {
            for &j in &l.new {
                let a = index.of(k + 1, j);
                for &i in &l.old {
                    sets.union(index.of(k, i), a);
                }
                incoming[a] = Some((l.old.clone(), l.moved));
            }
        }
    }
    let mut origins: Vec<Option<Origin>> = vec![None; index.len()];
    for v in 2..items.len() {
        let unexplained: Vec<usize> = (0..items[v].len())
            .filter(|&j| incoming[index.of(v, j)].is_none())
            .collect();
        for (j, origin) in returns(items, &index, &mut sets, v, &unexplained, threshold) {
            sets.union(index.of(origin.0, origin.1[0]), index.of(v, j));
            origins[index.of(v, j)] = Some(origin);
        }
    }
    let rows = rows(items, &index, &mut sets);
    rows.into_iter()
        .map(|members| cells(items, &index, &members, &incoming, &origins))
        .collect()
}

/// A lineage absent from version `v − 1` that was present earlier: its wordings, one
/// per version where it was present (items joined by a space).
struct Dropped {
    group: u8,
    wordings: Vec<(usize, Vec<usize>, String)>,
}

/// The lineages present before `v − 1` but not in it, with their wordings.
fn dropped(items: &[Vec<Item>], index: &Index, sets: &mut Sets, v: usize) -> Vec<Dropped> {
    let mut by_root: Vec<(usize, usize, usize)> = Vec::new();
    for (u, version) in items.iter().enumerate().take(v) {
        for i in 0..version.len() {
            by_root.push((sets.find(index.of(u, i)), u, i));
        }
    }
    by_root.sort_unstable();
    let mut out: Vec<Dropped> = Vec::new();
    for group in by_root.chunk_by(|a, b| a.0 == b.0) {
        if group.iter().any(|&(_, u, _)| u == v - 1) {
            continue;
        }
        let mut wordings: Vec<(usize, Vec<usize>, String)> = Vec::new();
        for per_version in group.chunk_by(|a, b| a.1 == b.1) {
            let u = per_version[0].1;
            let ids: Vec<usize> = per_version.iter().map(|&(_, _, i)| i).collect();
            let text: Vec<&str> = ids.iter().map(|&i| items[u][i].text).collect();
            wordings.push((u, ids, text.join(" ")));
        }
        let (u, i) = (group[0].1, group[0].2);
        out.push(Dropped {
            group: items[u][i].group,
            wordings,
        });
    }
    out
}

/// Matches the unexplained items of version `v` with dropped lineages, best first, one
/// item per lineage. Every wording of a lineage is a candidate; rounds repeat while a
/// round pairs something, because a lineage taken in one round frees its other
/// wordings' partners for the next.
fn returns(
    items: &[Vec<Item>],
    index: &Index,
    sets: &mut Sets,
    v: usize,
    unexplained: &[usize],
    threshold: f64,
) -> Vec<(usize, Origin)> {
    let mut m = Matching {
        lost: dropped(items, index, sets, v),
        fresh: unexplained.iter().map(|&j| (j, items[v][j])).collect(),
        taken_root: Vec::new(),
        taken_item: Vec::new(),
        out: Vec::new(),
    };
    m.taken_root = vec![false; m.lost.len()];
    // Groups: body, heading, table row (see `paragraphs::kind_group`).
    while [0u8, 1, 2].into_iter().any(|g| m.round(g, threshold)) {}
    m.out.sort_by_key(|(j, _)| *j);
    m.out
}

/// The state of return matching in one version.
struct Matching<'a> {
    lost: Vec<Dropped>,
    fresh: Vec<(usize, Item<'a>)>,
    taken_root: Vec<bool>,
    taken_item: Vec<usize>,
    out: Vec<(usize, Origin)>,
}

impl Matching<'_> {
    /// One round for one group; true when something was paired.
    fn round(&mut self, group: u8, threshold: f64) -> bool {
        let cands: Vec<(usize, usize)> = (0..self.lost.len())
            .filter(|&d| !self.taken_root[d] && self.lost[d].group == group)
            .flat_map(|d| (0..self.lost[d].wordings.len()).map(move |w| (d, w)))
            .collect();
        let fresh: Vec<&(usize, Item)> = self
            .fresh
            .iter()
            .filter(|(j, it)| it.group == group && !self.taken_item.contains(j))
            .collect();
        if cands.is_empty() || fresh.is_empty() {
            return false;
        }
        let old: Vec<&str> = cands
            .iter()
            .map(|&(d, w)| self.lost[d].wordings[w].2.as_str())
            .collect();
        let new: Vec<&str> = fresh.iter().map(|(_, it)| it.text).collect();
        let mut paired = false;
        for (a, b, _) in match_texts(&old, &new, threshold) {
            let ((d, w), j) = (cands[a], fresh[b].0);
            if self.taken_root[d] || self.taken_item.contains(&j) {
                continue;
            }
            let (u, ids, _) = &self.lost[d].wordings[w];
            self.taken_root[d] = true;
            self.taken_item.push(j);
            self.out.push((j, (*u, ids.clone())));
            paired = true;
        }
        paired
    }
}

/// Lineages as lists of (version, item), in reading order. Versions are read in turn;
/// a lineage met for the first time goes after the lineage of the item before it in that
/// version, past lineages absent from that version (so older text comes first), and
/// before the next lineage present in it.
fn rows(items: &[Vec<Item>], index: &Index, sets: &mut Sets) -> Vec<Vec<(usize, usize)>> {
    let mut members: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut row_of_root: Vec<Option<usize>> = vec![None; index.len()];
    for (v, version) in items.iter().enumerate() {
        for i in 0..version.len() {
            let root = sets.find(index.of(v, i));
            let row = *row_of_root[root].get_or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[row].push((v, i));
        }
    }
    let present = |row: usize, v: usize| members[row].iter().any(|m| m.0 == v);
    let mut order: Vec<usize> = Vec::new();
    let mut placed = vec![false; members.len()];
    for (v, version) in items.iter().enumerate() {
        let mut anchor: Option<usize> = None;
        for i in 0..version.len() {
            let row = row_of_root[sets.find(index.of(v, i))].expect("every item has a row");
            if !placed[row] {
                let start = anchor.map_or(0, |a| a + 1);
                let at = (start..order.len())
                    .find(|&k| present(order[k], v))
                    .unwrap_or(order.len());
                order.insert(at, row);
                placed[row] = true;
            }
            anchor = order.iter().position(|&r| r == row);
        }
    }
    order
        .into_iter()
        .map(|r| std::mem::take(&mut members[r]))
        .collect()
}

/// The cells of one lineage, one per version.
fn cells(
    items: &[Vec<Item>],
    index: &Index,
    members: &[(usize, usize)],
    incoming: &[Option<(Vec<usize>, bool)>],
    origins: &[Option<Origin>],
) -> Row {
    let mut out: Row = Vec::with_capacity(items.len());
    let mut last: Option<usize> = None;
    for v in 0..items.len() {
        let ids: Vec<usize> = members.iter().filter(|m| m.0 == v).map(|m| m.1).collect();
        if ids.is_empty() {
            out.push(absent());
            continue;
        }
        let key = |u: usize, ids: &[usize]| -> Vec<&str> {
            ids.iter().map(|&i| items[u][i].key).collect::<Vec<_>>()
        };
        let changed = last.is_some_and(|u| key(u, &out[u].items) != key(v, &ids));
        let status = match last {
            None => Status::New,
            Some(u) if u + 1 < v => Status::Returned,
            Some(_) if changed => Status::Reworded,
            Some(_) => Status::Unchanged,
        };
        let globals: Vec<usize> = ids.iter().map(|&i| index.of(v, i)).collect();
        let moved = globals
            .iter()
            .any(|&g| incoming[g].as_ref().is_some_and(|x| x.1));
        let from = globals
            .iter()
            .map(|&g| came_from(g, incoming, origins))
            .collect();
        out.push(Cell {
            status,
            items: ids,
            from,
            since: last,
            changed,
            moved,
        });
        last = Some(v);
    }
    out
}

/// The items an item came from: through a link from the previous version, or through
/// a return from an older one.
fn came_from(
    g: usize,
    incoming: &[Option<(Vec<usize>, bool)>],
    origins: &[Option<Origin>],
) -> Vec<usize> {
    match (&incoming[g], &origins[g]) {
        (Some((old, _)), _) => old.clone(),
        (None, Some(o)) => o.1.clone(),
        (None, None) => Vec::new(),
    }
}

fn absent() -> Cell {
    Cell {
        status: Status::Absent,
        items: Vec::new(),
        from: Vec::new(),
        since: None,
        changed: false,
        moved: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str) -> Item<'_> {
        Item {
            group: 0,
            text,
            key: text,
        }
    }

    fn link(old: usize, new: usize) -> Link {
        Link {
            old: vec![old],
            new: vec![new],
            moved: false,
        }
    }

    const A: &str = "Allies will spend two percent of gross domestic product on defence";
    const B: &str = "We condemn the illegal war of aggression against Ukraine";
    const C: &str = "The meeting took place in Bucharest under the Romanian chair";

    #[test]
    fn a_dropped_item_returns_two_versions_later() {
        let v: Vec<Vec<Item>> = vec![
            vec![item(A), item(B)],
            vec![item(A)],
            vec![item(A), item(C)],
            vec![item(A), item(B)],
        ];
        let links = vec![vec![link(0, 0)], vec![link(0, 0)], vec![link(0, 0)]];
        let rows = chain(&v, &links, 0.5);
        let statuses: Vec<Vec<Status>> = rows
            .iter()
            .map(|r| r.iter().map(|c| c.status).collect())
            .collect();
        use Status::*;
        assert_eq!(
            statuses,
            [
                vec![New, Unchanged, Unchanged, Unchanged],
                vec![New, Absent, Absent, Returned],
                vec![Absent, Absent, New, Absent],
            ]
        );
        assert_eq!(rows[1][3].since, Some(0));
        assert_eq!(rows[1][3].from, [vec![1]]);
        assert!(!rows[1][3].changed);
    }

    #[test]
    fn split_branches_stay_one_lineage() {
        let v: Vec<Vec<Item>> = vec![vec![item(A)], vec![item(B), item(C)]];
        let links = vec![vec![Link {
            old: vec![0],
            new: vec![0, 1],
            moved: false,
        }]];
        let rows = chain(&v, &links, 0.5);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][1].items, [0, 1]);
        assert_eq!(rows[0][1].from, [vec![0], vec![0]]);
        assert_eq!(rows[0][1].status, Status::Reworded);
    }

    #[test]
    fn new_lineages_sit_after_their_predecessor() {
        let v: Vec<Vec<Item>> = vec![vec![item(A), item(B)], vec![item(A), item(C), item(B)]];
        let links = vec![vec![link(0, 0), link(1, 2)]];
        let rows = chain(&v, &links, 0.5);
        let first: Vec<usize> = rows
            .iter()
            .map(|r| r.iter().find(|c| !c.items.is_empty()).unwrap().items[0])
            .collect();
        assert_eq!(first, [0, 1, 1]);
        assert_eq!(rows[1][1].status, Status::New);
    }
}
