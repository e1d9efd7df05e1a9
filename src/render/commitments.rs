//! `redliner commitments FILE`: every commitment of one document, as a table or as
//! `redliner.commitments/1` JSON.

use std::io::{self, Write};

use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;

use crate::commitments::Strength;
use crate::model::{CommitmentSide, Document};

/// The version tag of the JSON format.
pub const SCHEMA: &str = "redliner.commitments/1";

/// Writes the commitments as a table: paragraph, cue, strength, sentence (wrapped to
/// `width` columns overall), intensifiers and conditions, then counts by strength.
pub fn commitments_table(
    doc: &Document,
    list: &[CommitmentSide],
    width: u16,
    w: &mut impl Write,
) -> io::Result<()> {
    let title = doc
        .title
        .as_deref()
        .map(|t| format!(" \u{2014} {t}"))
        .unwrap_or_default();
    writeln!(
        w,
        "{}{title}: {} commitments in {} paragraphs",
        doc.source,
        list.len(),
        doc.paragraphs.len()
    )?;
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width);
    t.set_header([
        "\u{a7}",
        "cue",
        "strength",
        "sentence",
        "intensifiers",
        "conditions",
    ]);
    for c in list {
        let k = &c.commitment;
        let cue = if k.negated {
            format!("{} (negated)", k.cue)
        } else {
            k.cue.clone()
        };
        t.add_row([
            place(doc, c.paragraph),
            cue,
            k.strength.as_str().to_owned(),
            k.text.clone(),
            k.intensifiers.join(", "),
            k.conditions.join(", "),
        ]);
    }
    writeln!(w, "{t}")?;
    let mut counts = Table::new();
    counts
        .load_style(presets::UTF8_FULL_CONDENSED)
        .force_no_tty();
    counts.set_header(["binding", "intent", "support", "hedged"]);
    counts.add_row(STRENGTHS.map(|s| list.iter().filter(|c| c.commitment.strength == s).count()));
    writeln!(w, "{counts}")
}

const STRENGTHS: [Strength; 4] = [
    Strength::Binding,
    Strength::Intent,
    Strength::Support,
    Strength::Hedged,
];

/// `§3` for a labelled paragraph, `¶7` (its position) otherwise.
fn place(doc: &Document, id: usize) -> String {
    match &doc.paragraph(id).label {
        Some(l) if l != "\u{2022}" => format!("\u{a7}{l}"),
        _ => format!("\u{b6}{id}"),
    }
}

#[derive(Serialize)]
struct Out<'a> {
    schema: &'static str,
    source: &'a str,
    title: Option<&'a str>,
    commitments: Vec<Item<'a>>,
    summary: Counts,
}

#[derive(Serialize)]
struct Item<'a> {
    paragraph: usize,
    label: Option<&'a str>,
    text: &'a str,
    subject: &'a str,
    cue: &'a str,
    strength: &'static str,
    negated: bool,
    intensifiers: &'a [String],
    conditions: &'a [String],
}

#[derive(Serialize)]
struct Counts {
    total: usize,
    binding: usize,
    intent: usize,
    support: usize,
    hedged: usize,
}

/// Writes the commitments as one line of `redliner.commitments/1` JSON.
pub fn commitments_json(
    doc: &Document,
    list: &[CommitmentSide],
    w: &mut impl Write,
) -> io::Result<()> {
    let count = |s: Strength| list.iter().filter(|c| c.commitment.strength == s).count();
    let out = Out {
        schema: SCHEMA,
        source: &doc.source,
        title: doc.title.as_deref(),
        commitments: list
            .iter()
            .map(|c| Item {
                paragraph: c.paragraph,
                label: doc.paragraph(c.paragraph).label.as_deref(),
                text: &c.commitment.text,
                subject: &c.commitment.subject,
                cue: &c.commitment.cue,
                strength: c.commitment.strength.as_str(),
                negated: c.commitment.negated,
                intensifiers: &c.commitment.intensifiers,
                conditions: &c.commitment.conditions,
            })
            .collect(),
        summary: Counts {
            total: list.len(),
            binding: count(Strength::Binding),
            intent: count(Strength::Intent),
            support: count(Strength::Support),
            hedged: count(Strength::Hedged),
        },
    };
    serde_json::to_writer(&mut *w, &out)?;
    w.write_all(b"\n")
}
