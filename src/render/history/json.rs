//! The `redliner.history/1` JSON format, documented in `docs/json-format.md`. These
//! structs are the contract; the library's history types are never serialised directly.
//! Versions are numbered from 1 here, as they are on the command line.

use std::io::{self, Write};

use serde::Serialize;

use crate::history::{CommitmentLineage, History, Life, Lineage, PhraseTrack, Variant};
use crate::render::json::{CommitmentCounts, SignalOut, UnitCounts};

/// The version tag of the format.
pub const SCHEMA: &str = "redliner.history/1";

#[derive(Serialize)]
struct Out<'a> {
    schema: &'static str,
    versions: Vec<VersionOut<'a>>,
    steps: Vec<StepOut>,
    lineages: Vec<LineageOut<'a>>,
    phrases: Vec<PhraseOut<'a>>,
    summary: SummaryOut,
    notes: &'a [String],
}

#[derive(Serialize)]
struct VersionOut<'a> {
    version: usize,
    source: &'a str,
    date: Option<String>,
    date_source: Option<&'static str>,
    date_text: Option<&'a str>,
    title: Option<&'a str>,
    given: usize,
    paragraphs: usize,
    commitments: usize,
}

#[derive(Serialize)]
struct StepOut {
    from: usize,
    to: usize,
    units: UnitCounts,
    commitments: CommitmentCounts,
}

#[derive(Serialize)]
struct LineageOut<'a> {
    id: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph_kind: Option<&'static str>,
    first: Option<usize>,
    last: Option<usize>,
    present: Vec<usize>,
    dropped: Vec<usize>,
    returned: Vec<usize>,
    rewordings: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    branches: Option<usize>,
    versions: Vec<CellOut<'a>>,
}

#[derive(Serialize)]
struct CellOut<'a> {
    version: usize,
    status: &'static str,
    text: Option<String>,
    since: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraphs: Option<Vec<ParagraphOut<'a>>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    moved: bool,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    commitment: Option<CommitmentOut<'a>>,
}

#[derive(Serialize)]
struct ParagraphOut<'a> {
    id: usize,
    label: Option<&'a str>,
    from: &'a [usize],
}

#[derive(Serialize)]
struct CommitmentOut<'a> {
    paragraph: Option<usize>,
    label: Option<&'a str>,
    paragraph_lineage: Option<String>,
    cue: Option<&'a str>,
    strength: Option<&'static str>,
    direction: Option<&'static str>,
    signals: Vec<SignalOut<'a>>,
}

#[derive(Serialize)]
struct PhraseOut<'a> {
    query: &'a str,
    kind: &'static str,
    canonical: &'a str,
    forms: &'a [String],
    counts: &'a [usize],
    variants: Vec<VariantOut<'a>>,
    excluded: Vec<VariantOut<'a>>,
    locations: Vec<LocationOut<'a>>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct VariantOut<'a> {
    text: &'a str,
    counts: &'a [usize],
}

#[derive(Serialize)]
struct LocationOut<'a> {
    version: usize,
    paragraph: usize,
    label: Option<&'a str>,
    form: &'a str,
    #[serde(rename = "match")]
    kind: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct SummaryOut {
    versions: usize,
    paragraph_lineages: usize,
    commitment_lineages: usize,
    paragraphs_in_every_version: usize,
    paragraphs_dropped: usize,
    paragraphs_returned: usize,
    commitments_in_every_version: usize,
    commitments_dropped: usize,
    commitments_returned: usize,
}

/// Writes the history as one line of `redliner.history/1` JSON.
pub fn history_json(h: &History, w: &mut impl Write) -> io::Result<()> {
    let mut lineages: Vec<LineageOut> = h.lineages.iter().map(|l| paragraph(h, l)).collect();
    lineages.extend(h.commitments.iter().map(|c| commitment(h, c)));
    let out = Out {
        schema: SCHEMA,
        versions: versions(h),
        steps: steps(h),
        lineages,
        phrases: h.phrases.iter().map(|p| phrase(h, p)).collect(),
        summary: summary(h),
        notes: &h.notes,
    };
    serde_json::to_writer(&mut *w, &out)?;
    w.write_all(b"\n")
}

fn versions(h: &History) -> Vec<VersionOut<'_>> {
    h.versions
        .iter()
        .enumerate()
        .map(|(v, x)| VersionOut {
            version: v + 1,
            source: &x.document.source,
            date: x.date.as_ref().map(|d| d.iso()),
            date_source: x.date.as_ref().map(|d| d.source.as_str()),
            date_text: x.date.as_ref().map(|d| d.text.as_str()),
            title: x.document.title.as_deref(),
            given: x.given + 1,
            paragraphs: x.document.paragraphs.len(),
            commitments: x.commitments.len(),
        })
        .collect()
}

fn steps(h: &History) -> Vec<StepOut> {
    h.steps
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let (u, c) = (&s.summary, &s.commitments);
            StepOut {
                from: k + 1,
                to: k + 2,
                units: UnitCounts::from(u),
                commitments: CommitmentCounts::from(c),
            }
        })
        .collect()
}

/// The life fields, with versions numbered from 1.
fn life_out<'a>(
    id: String,
    kind: &'static str,
    life: Life,
    versions: Vec<CellOut<'a>>,
) -> LineageOut<'a> {
    let one = |xs: Vec<usize>| xs.into_iter().map(|v| v + 1).collect();
    LineageOut {
        id,
        kind,
        paragraph_kind: None,
        first: life.first.map(|v| v + 1),
        last: life.last.map(|v| v + 1),
        present: one(life.present),
        dropped: one(life.dropped),
        returned: one(life.returned),
        rewordings: life.rewordings,
        branches: None,
        versions,
    }
}

fn paragraph<'a>(h: &'a History, l: &'a Lineage) -> LineageOut<'a> {
    let cells = l
        .versions
        .iter()
        .enumerate()
        .map(|(v, c)| {
            let doc = &h.versions[v].document;
            CellOut {
                version: v + 1,
                status: c.status.as_str(),
                text: (!c.paragraphs.is_empty()).then(|| h.text(v, &c.paragraphs)),
                since: c.since.map(|u| u + 1),
                paragraphs: Some(
                    c.paragraphs
                        .iter()
                        .zip(&c.from)
                        .map(|(&id, from)| ParagraphOut {
                            id,
                            label: doc.paragraph(id).label.as_deref(),
                            from,
                        })
                        .collect(),
                ),
                moved: c.moved,
                commitment: None,
            }
        })
        .collect();
    let mut out = life_out(format!("P{}", l.id), "paragraph", l.life(), cells);
    out.paragraph_kind = Some(l.kind.as_str());
    out.branches = Some(l.branches());
    out
}

fn commitment<'a>(h: &'a History, c: &'a CommitmentLineage) -> LineageOut<'a> {
    let cells = c
        .versions
        .iter()
        .enumerate()
        .map(|(v, x)| {
            let side = x.commitment.as_ref();
            CellOut {
                version: v + 1,
                status: x.status.as_str(),
                text: side.map(|s| s.commitment.text.clone()),
                since: x.since.map(|u| u + 1),
                paragraphs: None,
                moved: false,
                commitment: Some(CommitmentOut {
                    paragraph: side.map(|s| s.paragraph),
                    label: side.and_then(|s| {
                        h.versions[v]
                            .document
                            .paragraph(s.paragraph)
                            .label
                            .as_deref()
                    }),
                    paragraph_lineage: x.paragraph_lineage.map(|p| format!("P{p}")),
                    cue: side.map(|s| s.commitment.cue.as_str()),
                    strength: side.map(|s| s.commitment.strength.as_str()),
                    direction: x.direction.map(|d| d.as_str()),
                    signals: x.signals.iter().map(SignalOut::from).collect(),
                }),
            }
        })
        .collect();
    life_out(format!("C{}", c.id), "commitment", c.life(), cells)
}

fn phrase<'a>(h: &'a History, p: &'a PhraseTrack) -> PhraseOut<'a> {
    PhraseOut {
        query: &p.query,
        kind: p.kind.as_str(),
        canonical: &p.canonical,
        forms: &p.forms,
        counts: &p.counts,
        variants: p.variants.iter().map(variant).collect(),
        excluded: p.excluded.iter().map(variant).collect(),
        locations: p
            .locations
            .iter()
            .map(|l| LocationOut {
                version: l.version + 1,
                paragraph: l.paragraph,
                label: h.versions[l.version]
                    .document
                    .paragraph(l.paragraph)
                    .label
                    .as_deref(),
                form: &l.form,
                kind: l.kind.as_str(),
                count: l.count,
            })
            .collect(),
        note: p.note.as_deref(),
    }
}

fn variant(v: &Variant) -> VariantOut<'_> {
    VariantOut {
        text: &v.text,
        counts: &v.counts,
    }
}

fn summary(h: &History) -> SummaryOut {
    let n = h.versions.len();
    let lives: Vec<Life> = h.lineages.iter().map(Lineage::life).collect();
    let clives: Vec<Life> = h.commitments.iter().map(CommitmentLineage::life).collect();
    let every = |ls: &[Life]| ls.iter().filter(|l| l.present.len() == n).count();
    let dropped = |ls: &[Life]| ls.iter().filter(|l| !l.dropped.is_empty()).count();
    let back = |ls: &[Life]| ls.iter().filter(|l| !l.returned.is_empty()).count();
    SummaryOut {
        versions: n,
        paragraph_lineages: h.lineages.len(),
        commitment_lineages: h.commitments.len(),
        paragraphs_in_every_version: every(&lives),
        paragraphs_dropped: dropped(&lives),
        paragraphs_returned: back(&lives),
        commitments_in_every_version: every(&clives),
        commitments_dropped: dropped(&clives),
        commitments_returned: back(&clives),
    }
}
