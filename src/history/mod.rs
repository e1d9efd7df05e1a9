//! History across many versions: every paragraph, commitment and phrase followed through
//! a series of statements.
//!
//! [`build`] orders the versions (as given, or by date), compares each version with the
//! next ([`crate::compare::compare`], N − 1 comparisons, run in parallel), and chains the results:
//!
//! - **Paragraph lineages.** Units of successive comparisons are linked; paragraphs
//!   linked directly or through splits and merges form one [`Lineage`], so a split shows
//!   as two paragraphs of one lineage in a version (its branches), each with the
//!   paragraph it came from. A paragraph that the previous version does not explain
//!   (added) is matched against every lineage that was present in *some* older version
//!   but not in the previous one, with every wording that lineage ever had, at a word
//!   similarity of 0.5 (a pairing out of context needs more evidence than one in
//!   order). A match is a return.
//! - **Commitment lineages.** Commitments (as [`crate::commitments::changes::document_commitments`]
//!   finds them, each distinct sentence detected once for the whole series)
//!   are linked the same way: reworded commitments as `redliner diff` reports them,
//!   then identical sentences anywhere, then the remaining ones that `diff` did not
//!   report as added or dropped (a rewording of connectives only, a move) by sentence
//!   similarity at 0.5. Each changed version carries the typed signals and direction
//!   against the version before it.
//! - **Phrases and entities** are counted per version on canonical text, with near
//!   variants and locations (see [`canonical`]).
//!
//! Every lineage has a [`Status`] per version: `new` the first time it is present,
//! `unchanged` or `reworded` against the previous version, `absent`, or `returned`
//! (present again after at least one version without it).
//!
//! ```
//! use redliner::history::{build, HistoryOptions, Status};
//! use redliner::{parse_document, Options};
//!
//! let opts = Options::default();
//! let version = |name, text: &str| parse_document(name, text.as_bytes(), &opts);
//! let docs = vec![
//!     version("2023.txt", "1. We will spend 2% of GDP on defence.\n2. We condemn the attack on the port.\n")?,
//!     version("2024.txt", "1. We will spend 2% of GDP on defence.\n")?,
//!     version("2025.txt", "1. We will spend 3% of GDP on defence.\n2. We condemn the attack on the port.\n")?,
//! ];
//! let history = build(docs, &HistoryOptions::default())?;
//! let condemn = &history.lineages[1];
//! let statuses: Vec<Status> = condemn.versions.iter().map(|v| v.status).collect();
//! assert_eq!(statuses, [Status::New, Status::Absent, Status::Returned]);
//! assert_eq!(history.commitments[0].versions[2].signals[0].new, "3%");
//!
//! let mut json = Vec::new();
//! redliner::render::history_json(&history, &mut json)?;
//! assert!(String::from_utf8(json)?.contains("\"schema\":\"redliner.history/1\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod chain;
mod commitments;
pub(crate) mod dates;
mod paragraphs;
mod phrases;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

pub use dates::{find_date, DateSource, VersionDate};
pub use phrases::{canonical, Location, Match, PhraseKind, PhraseTrack, Variant};

use crate::commitments::{Direction, Signal};
use crate::compare::Options;
use crate::model::{
    CommitmentSide, CommitmentSummary, Comparison, Document, ParagraphKind, Span, Summary,
};

/// How the versions are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum VersionOrder {
    /// In the order given.
    #[default]
    Arguments,
    /// By date (front matter, title or date line); versions with equal dates keep the
    /// order given. A version without a date is an error.
    Date,
}

/// Options for [`build`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryOptions {
    /// Options for each pairwise comparison.
    pub compare: Options,
    /// How the versions are ordered.
    pub order: VersionOrder,
    /// Phrases to count in each version.
    pub phrases: Vec<String>,
    /// Entity names to count in each version.
    pub entities: Vec<String>,
}

/// What can go wrong while building a history (reading the files is the caller's).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HistoryError {
    /// Sorting by date, and a version has none.
    #[error("{source_name}: no date to sort by: no `date:` in YAML front matter, no date in the title, and no date line (such as `20 May 2023, Hiroshima`) in the first or last {lines} paragraphs or the footer; add `date: YYYY-MM-DD` front matter, or give the versions in order without sorting by date")]
    NoDate {
        /// The version's source, as given.
        source_name: String,
        /// How many paragraphs at each end were searched.
        lines: usize,
    },
    /// No version was given.
    #[error("a history needs at least one version")]
    NoVersions,
}

/// The status of a lineage in one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Present for the first time.
    New,
    /// Present, worded as in the previous version.
    Unchanged,
    /// Present, worded differently from the previous version.
    Reworded,
    /// Not present.
    Absent,
    /// Present again after at least one version without it.
    Returned,
}

impl Status {
    /// The name used in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Unchanged => "unchanged",
            Status::Reworded => "reworded",
            Status::Absent => "absent",
            Status::Returned => "returned",
        }
    }

    /// True unless absent.
    pub fn is_present(self) -> bool {
        self != Status::Absent
    }
}

/// One version of the series.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// The document.
    pub document: Document,
    /// Its date, when one was found.
    pub date: Option<VersionDate>,
    /// Its 0-based position among the versions as given.
    pub given: usize,
    /// Every commitment in it, in document order.
    pub commitments: Vec<CommitmentSide>,
}

impl Version {
    /// A short name: the date in ISO form, else the file name.
    pub fn label(&self) -> String {
        match &self.date {
            Some(d) => d.iso(),
            None => {
                let s = &self.document.source;
                s.rsplit(['/', '\\']).next().unwrap_or(s).to_owned()
            }
        }
    }
}

/// What the comparison of one version with the next found, in counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Units by kind.
    pub summary: Summary,
    /// Commitment changes by kind.
    pub commitments: CommitmentSummary,
    /// Notes on how the comparison degraded, if it did.
    pub notes: Vec<String>,
}

/// When a lineage was present, dropped, back and reworded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Life {
    /// The first version it is present in.
    pub first: Option<usize>,
    /// The last version it is present in.
    pub last: Option<usize>,
    /// Every version it is present in.
    pub present: Vec<usize>,
    /// Versions where it is absent after being present in the version before.
    pub dropped: Vec<usize>,
    /// Versions where it is back after being absent.
    pub returned: Vec<usize>,
    /// How many times its wording changed from one appearance to the next.
    pub rewordings: usize,
}

impl Life {
    fn of(cells: impl Iterator<Item = (Status, bool)>) -> Life {
        let mut life = Life::default();
        let mut before = Status::Absent;
        for (v, (status, changed)) in cells.enumerate() {
            if status.is_present() {
                life.first.get_or_insert(v);
                life.last = Some(v);
                life.present.push(v);
            } else if before.is_present() {
                life.dropped.push(v);
            }
            if status == Status::Returned {
                life.returned.push(v);
            }
            life.rewordings += usize::from(changed);
            before = status;
        }
        life
    }
}

/// A paragraph lineage in one version.
#[derive(Debug, Clone, PartialEq)]
pub struct LineageVersion {
    /// Its status.
    pub status: Status,
    /// Ids (1-based) of its paragraphs in this version; more than one after a split or
    /// before a merge (the branches).
    pub paragraphs: Vec<usize>,
    /// For each paragraph, the ids of the paragraphs it came from in version `since`.
    pub from: Vec<Vec<usize>>,
    /// The latest earlier version where the lineage was present.
    pub since: Option<usize>,
    /// Worded differently from version `since`.
    pub changed: bool,
    /// The comparison with the previous version flagged it as moved.
    pub moved: bool,
    /// The phrase diff against version `since`, when the wording changed.
    pub diff: Vec<Span>,
}

/// One paragraph's life across the versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Lineage {
    /// 1-based number, in reading order.
    pub id: usize,
    /// Heading or body (of its first paragraph).
    pub kind: ParagraphKind,
    /// One entry per version.
    pub versions: Vec<LineageVersion>,
}

impl Lineage {
    /// When it was present, dropped, back and reworded.
    pub fn life(&self) -> Life {
        Life::of(self.versions.iter().map(|c| (c.status, c.changed)))
    }

    /// The most paragraphs it has in any version (2 or more: it split or merged).
    pub fn branches(&self) -> usize {
        self.versions
            .iter()
            .map(|c| c.paragraphs.len())
            .max()
            .unwrap_or(0)
    }
}

/// A commitment lineage in one version.
#[derive(Debug, Clone, PartialEq)]
pub struct CommitmentVersion {
    /// Its status.
    pub status: Status,
    /// The commitment in this version, if present.
    pub commitment: Option<CommitmentSide>,
    /// The latest earlier version where it was present.
    pub since: Option<usize>,
    /// Worded differently from version `since`.
    pub changed: bool,
    /// What changed since version `since`, when the wording changed.
    pub signals: Vec<Signal>,
    /// The overall direction of those signals, when the wording changed.
    pub direction: Option<Direction>,
    /// Id of the paragraph lineage holding it in this version.
    pub paragraph_lineage: Option<usize>,
    /// The phrase diff of the sentence against version `since`, when it changed.
    pub diff: Vec<Span>,
}

/// One commitment's life across the versions.
#[derive(Debug, Clone, PartialEq)]
pub struct CommitmentLineage {
    /// 1-based number, in reading order.
    pub id: usize,
    /// One entry per version.
    pub versions: Vec<CommitmentVersion>,
}

impl CommitmentLineage {
    /// When it was present, dropped, back and reworded.
    pub fn life(&self) -> Life {
        Life::of(self.versions.iter().map(|c| (c.status, c.changed)))
    }
}

/// The history of a series of versions; renderers read only this.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The versions, in the order used.
    pub versions: Vec<Version>,
    /// `steps[k]` compares `versions[k]` with `versions[k + 1]`.
    pub steps: Vec<Step>,
    /// Paragraph lineages, in reading order.
    pub lineages: Vec<Lineage>,
    /// Commitment lineages, in reading order.
    pub commitments: Vec<CommitmentLineage>,
    /// Tracked phrases, then entities, in the order given.
    pub phrases: Vec<PhraseTrack>,
    /// Notes on how the history degraded, if it did.
    pub notes: Vec<String>,
}

impl History {
    /// The text of paragraphs (1-based ids) of version `v`, joined by `"\n"`.
    pub fn text(&self, v: usize, paragraphs: &[usize]) -> String {
        let doc = &self.versions[v].document;
        let texts: Vec<&str> = paragraphs
            .iter()
            .map(|&id| doc.paragraph(id).text.as_str())
            .collect();
        texts.join("\n")
    }

    /// `§3` for a labelled paragraph of version `v`, `¶7` (its position) otherwise.
    pub fn place(&self, v: usize, id: usize) -> String {
        match &self.versions[v].document.paragraph(id).label {
            Some(l) if l != "\u{2022}" => format!("\u{a7}{l}"),
            _ => format!("\u{b6}{id}"),
        }
    }
}

/// Builds the history of `documents`: orders them, compares each with the next, and
/// chains paragraphs, commitments and phrases through the series.
pub fn build(documents: Vec<Document>, opts: &HistoryOptions) -> Result<History, HistoryError> {
    if documents.is_empty() {
        return Err(HistoryError::NoVersions);
    }
    let mut versions = order(documents, opts.order)?;
    let found = commitments::every_version(&versions);
    for (v, list) in versions.iter_mut().zip(found) {
        v.commitments = list;
    }
    let comparisons = par_map(versions.len() - 1, |k| {
        let (old, new) = (&versions[k].document, &versions[k + 1].document);
        crate::compare::compare(old.clone(), new.clone(), &opts.compare)
    });
    let lineages = paragraphs::lineages(&versions, &comparisons, &opts.compare);
    let commitments = commitments::lineages(&versions, &comparisons, &lineages, &opts.compare);
    let phrases = phrases::track(&versions, &opts.phrases, &opts.entities);
    let notes = notes(&versions, &comparisons);
    let steps = comparisons
        .into_iter()
        .map(|c| Step {
            summary: c.summary,
            commitments: c.commitment_summary,
            notes: c.notes,
        })
        .collect();
    Ok(History {
        versions,
        steps,
        lineages,
        commitments,
        phrases,
        notes,
    })
}

/// The versions with their dates, in the order asked for.
fn order(documents: Vec<Document>, order: VersionOrder) -> Result<Vec<Version>, HistoryError> {
    let mut versions: Vec<Version> = documents
        .into_iter()
        .enumerate()
        .map(|(given, document)| Version {
            date: find_date(&document),
            document,
            given,
            commitments: Vec::new(),
        })
        .collect();
    if order == VersionOrder::Date {
        if let Some(v) = versions.iter().find(|v| v.date.is_none()) {
            return Err(HistoryError::NoDate {
                source_name: v.document.source.clone(),
                lines: 3,
            });
        }
        versions.sort_by(|a, b| match (&a.date, &b.date) {
            (Some(x), Some(y)) => x.chronological(y),
            _ => std::cmp::Ordering::Equal,
        });
    }
    Ok(versions)
}

/// Notes from the pairwise comparisons, each saying which pair it is about.
fn notes(versions: &[Version], comparisons: &[Comparison]) -> Vec<String> {
    let mut out = Vec::new();
    for (k, c) in comparisons.iter().enumerate() {
        for n in &c.notes {
            out.push(format!(
                "{} \u{2192} {}: {n}",
                versions[k].label(),
                versions[k + 1].label()
            ));
        }
    }
    out
}

/// `f(0..n)` on up to as many threads as the machine has cores, results in order.
fn par_map<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(n);
    if threads <= 1 {
        return (0..n).map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= n {
                    break;
                }
                let r = f(k);
                results.lock().expect("a worker panicked")[k] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .expect("a worker panicked")
        .into_iter()
        .map(|r| r.expect("every task ran"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_document;

    fn doc(name: &str, text: &str) -> Document {
        parse_document(name, text.as_bytes(), &Options::default()).unwrap()
    }

    #[test]
    fn sorting_by_date_names_the_file_without_one() {
        let a = doc("a.md", "---\ndate: '2022-05-24'\n---\nWe will act.\n");
        let b = doc("b.md", "We will act together.\n");
        let opts = HistoryOptions {
            order: VersionOrder::Date,
            ..HistoryOptions::default()
        };
        let err = build(vec![a, b], &opts).unwrap_err().to_string();
        assert!(err.starts_with("b.md: no date to sort by"), "{err}");
    }

    #[test]
    fn sorting_by_date_keeps_ties_in_the_order_given() {
        let docs = vec![
            doc("c.md", "---\ndate: '2023-05-20'\n---\nWe will act.\n"),
            doc("a.md", "BUCHAREST, 2021\n\nWe will act now.\n"),
            doc(
                "b.md",
                "We will act soon.\n\nDone at Brussels in May 2023.\n",
            ),
        ];
        let opts = HistoryOptions {
            order: VersionOrder::Date,
            ..HistoryOptions::default()
        };
        let h = build(docs, &opts).unwrap();
        let order: Vec<&str> = h
            .versions
            .iter()
            .map(|v| v.document.source.as_str())
            .collect();
        assert_eq!(order, ["a.md", "b.md", "c.md"]);
        assert_eq!(
            h.versions[1].date.as_ref().unwrap().source,
            DateSource::DateLine
        );
    }

    #[test]
    fn life_reads_drops_and_returns() {
        use Status::*;
        let life = Life::of(
            [
                (New, false),
                (Reworded, true),
                (Absent, false),
                (Returned, true),
            ]
            .into_iter(),
        );
        assert_eq!(life.first, Some(0));
        assert_eq!(life.present, [0, 1, 3]);
        assert_eq!(life.dropped, [2]);
        assert_eq!(life.returned, [3]);
        assert_eq!(life.rewordings, 2);
    }
}
