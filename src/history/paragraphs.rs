//! Paragraph lineages: the units of each pairwise comparison become links, and the
//! chainer turns them into lineages with a status per version.

use rustc_hash::FxHashMap as HashMap;

use crate::compare::Options;
use crate::diff::{diff_paragraphs, DiffOptions};
use crate::model::{Comparison, ParagraphKind, Span};

use super::chain::{chain, Cell, Item, Link};
use super::{Lineage, LineageVersion, Version};

/// The word similarity a paragraph needs with an older wording to count as its return:
/// a pairing out of context needs more evidence than one in order.
const RETURN_SIMILARITY: f64 = 0.5;

/// Chains the paragraphs of `versions` through the units of `steps`.
pub(super) fn lineages(versions: &[Version], steps: &[Comparison], opts: &Options) -> Vec<Lineage> {
    let items: Vec<Vec<Item>> = versions
        .iter()
        .map(|v| {
            v.document
                .paragraphs
                .iter()
                .map(|p| Item {
                    group: kind_group(p.kind),
                    text: &p.text,
                    key: &p.key,
                })
                .collect()
        })
        .collect();
    let links: Vec<Vec<Link>> = steps.iter().map(links).collect();
    let diffs = UnitDiffs::new(steps);
    let diff_opts = DiffOptions {
        ignore_case: opts.ignore_case,
        ..opts.diff
    };
    chain(&items, &links, RETURN_SIMILARITY)
        .into_iter()
        .enumerate()
        .map(|(k, row)| {
            let versions: Vec<LineageVersion> = row
                .iter()
                .enumerate()
                .map(|(v, _)| version(versions, &diffs, &row, v, diff_opts))
                .collect();
            let first = row.iter().position(|c| !c.items.is_empty());
            let kind = first.map_or(ParagraphKind::Body, |v| {
                let id = versions[v].paragraphs[0];
                items_kind(&items[v][id - 1])
            });
            Lineage {
                id: k + 1,
                kind,
                versions,
            }
        })
        .collect()
}

/// The chainer's group of a paragraph kind: a return is only ever of the same kind, as
/// the alignment pairs only paragraphs of one kind.
fn kind_group(kind: ParagraphKind) -> u8 {
    match kind {
        ParagraphKind::Body => 0,
        ParagraphKind::Heading => 1,
        ParagraphKind::TableRow => 2,
    }
}

fn items_kind(item: &Item) -> ParagraphKind {
    match item.group {
        1 => ParagraphKind::Heading,
        2 => ParagraphKind::TableRow,
        _ => ParagraphKind::Body,
    }
}

/// The paired units of one comparison as links (0-based indices).
fn links(c: &Comparison) -> Vec<Link> {
    c.units
        .iter()
        .filter(|u| !u.old.is_empty() && !u.new.is_empty())
        .map(|u| Link {
            old: u.old.iter().map(|i| i - 1).collect(),
            new: u.new.iter().map(|j| j - 1).collect(),
            moved: u.moved,
        })
        .collect()
}

/// A unit of a comparison: (step, old paragraph ids, new paragraph ids).
type UnitKey<'a> = (usize, &'a [usize], &'a [usize]);

/// The phrase diffs the comparisons already made, by unit, so that a lineage reworded
/// in place reuses its unit's diff.
struct UnitDiffs<'a> {
    by_unit: HashMap<UnitKey<'a>, &'a [Span]>,
}

impl<'a> UnitDiffs<'a> {
    fn new(steps: &'a [Comparison]) -> UnitDiffs<'a> {
        let mut by_unit = HashMap::default();
        for (k, c) in steps.iter().enumerate() {
            for u in &c.units {
                by_unit.insert((k, u.old.as_slice(), u.new.as_slice()), u.diff.as_slice());
            }
        }
        UnitDiffs { by_unit }
    }
}

/// Cell `v` of a paragraph lineage, with ids made 1-based and the diff against the
/// lineage's paragraphs in version `since`.
fn version(
    versions: &[Version],
    diffs: &UnitDiffs,
    row: &[Cell],
    v: usize,
    opts: DiffOptions,
) -> LineageVersion {
    let cell = &row[v];
    let ids = |xs: &[usize]| xs.iter().map(|i| i + 1).collect::<Vec<usize>>();
    let paragraphs = ids(&cell.items);
    let from: Vec<Vec<usize>> = cell.from.iter().map(|f| ids(f)).collect();
    let diff = match cell.since {
        Some(u) if cell.changed => {
            let before = ids(&row[u].items);
            let reused = (u + 1 == v)
                .then(|| {
                    diffs
                        .by_unit
                        .get(&(u, before.as_slice(), paragraphs.as_slice()))
                })
                .flatten();
            match reused {
                Some(spans) => spans.to_vec(),
                None => fresh_diff(versions, u, &before, v, &paragraphs, opts),
            }
        }
        _ => Vec::new(),
    };
    LineageVersion {
        status: cell.status,
        paragraphs,
        from,
        since: cell.since,
        changed: cell.changed,
        moved: cell.moved,
        diff,
    }
}

/// A phrase diff between paragraphs of two versions that no single unit paired (a
/// return, or a lineage whose branches came from several units).
fn fresh_diff(
    versions: &[Version],
    u: usize,
    before: &[usize],
    v: usize,
    after: &[usize],
    opts: DiffOptions,
) -> Vec<Span> {
    let texts = |w: usize, ids: &[usize]| -> Vec<&str> {
        ids.iter()
            .map(|&id| versions[w].document.paragraph(id).text.as_str())
            .collect()
    };
    diff_paragraphs(&texts(u, before), &texts(v, after), opts).spans
}
