//! The history as text: comfy-table tables for a terminal, or the same content as
//! GitHub-flavoured Markdown. Sections: versions, steps, the paragraph grid and the
//! wording of every lineage that changed, the commitment grid and the signals of every
//! commitment that changed, and the phrase counts with their locations.

use std::io::{self, Write};

use comfy_table::{
    presets, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width,
};

use super::super::markdown::escape;
use super::super::terminal::signal_words;
use super::{
    excerpt, latest_text, marked, match_mark, places, symbol, version_header, Marks, LEGEND,
};
use crate::history::{CommitmentLineage, History, Life, Lineage, Match, PhraseTrack, Status};

/// Terminal or Markdown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Terminal,
    Markdown,
}

struct Out<'a> {
    h: &'a History,
    flavour: Flavour,
    width: u16,
}

/// Writes the history as terminal tables, `width` columns wide.
pub fn history_table(h: &History, width: u16, w: &mut impl Write) -> io::Result<()> {
    let out = Out {
        h,
        flavour: Flavour::Terminal,
        width,
    };
    out.write(w)
}

/// Writes the history as GitHub-flavoured Markdown.
pub fn history_markdown(h: &History, w: &mut impl Write) -> io::Result<()> {
    let out = Out {
        h,
        flavour: Flavour::Markdown,
        width: u16::MAX,
    };
    out.write(w)
}

fn plain(text: &str) -> String {
    text.to_owned()
}

/// Excerpt lengths in table cells.
const EXCERPT: usize = 70;

impl Out<'_> {
    fn write(&self, w: &mut impl Write) -> io::Result<()> {
        let h = self.h;
        self.heading(
            1,
            &format!(
                "History of {}: {} paragraph lineages, {} commitment lineages",
                versions_words(h.versions.len()),
                h.lineages.len(),
                h.commitments.len()
            ),
            w,
        )?;
        self.heading(2, "Versions", w)?;
        writeln!(w, "{}", self.versions_table())?;
        if !h.steps.is_empty() {
            writeln!(w, "\n{}", self.steps_table())?;
        }
        self.paragraphs(w)?;
        self.commitments(w)?;
        self.phrases(w)?;
        for note in &h.notes {
            writeln!(w, "\nnote: {}", self.esc(note))?;
        }
        Ok(())
    }

    fn esc(&self, text: &str) -> String {
        match self.flavour {
            Flavour::Terminal => text.to_owned(),
            Flavour::Markdown => escape(text),
        }
    }

    fn heading(&self, level: usize, text: &str, w: &mut impl Write) -> io::Result<()> {
        match self.flavour {
            Flavour::Terminal if level == 1 => writeln!(w, "{text}"),
            Flavour::Terminal => writeln!(w, "\n{text}"),
            Flavour::Markdown if level == 1 => writeln!(w, "# {}", self.esc(text)),
            Flavour::Markdown => writeln!(w, "\n{} {}\n", "#".repeat(level), self.esc(text)),
        }
    }

    fn table(&self) -> Table {
        let mut t = Table::new();
        match self.flavour {
            Flavour::Terminal => {
                t.load_style(presets::UTF8_FULL_CONDENSED)
                    .set_content_arrangement(ContentArrangement::Dynamic)
                    .set_width(self.width);
            }
            Flavour::Markdown => {
                t.load_style(presets::ASCII_MARKDOWN);
            }
        }
        t.force_no_tty();
        t
    }

    fn marks(&self) -> Marks {
        match self.flavour {
            Flavour::Terminal => Marks {
                del: ("[-", "-]"),
                ins: ("{+", "+}"),
                escape: plain,
            },
            Flavour::Markdown => Marks {
                del: ("~~", "~~"),
                ins: ("**", "**"),
                escape,
            },
        }
    }

    fn versions_table(&self) -> Table {
        let mut t = self.table();
        t.set_header(["v", "date", "source", "title", "paragraphs", "commitments"]);
        for (v, ver) in self.h.versions.iter().enumerate() {
            let date = ver.date.as_ref().map_or("\u{2013}".to_owned(), |d| {
                format!("{} ({})", d.iso(), d.source.as_str())
            });
            let title = ver.document.title.as_deref().unwrap_or("\u{2013}");
            t.add_row(vec![
                Cell::new(format!("v{}", v + 1)),
                Cell::new(date),
                Cell::new(self.esc(&ver.document.source)),
                Cell::new(self.esc(&excerpt(title, 50))),
                right(ver.document.paragraphs.len()),
                right(ver.commitments.len()),
            ]);
        }
        t
    }

    fn steps_table(&self) -> Table {
        let mut t = self.table();
        t.set_header([
            "step",
            "unchanged",
            "reworded",
            "added",
            "removed",
            "split",
            "merged",
            "moved",
            "commitments + / \u{2212} / ~",
        ]);
        for (k, s) in self.h.steps.iter().enumerate() {
            let u = &s.summary;
            let c = &s.commitments;
            let mut row = vec![Cell::new(format!("v{} \u{2192} v{}", k + 1, k + 2))];
            row.extend(
                [
                    u.unchanged,
                    u.reworded,
                    u.added,
                    u.removed,
                    u.split,
                    u.merged,
                    u.moved,
                ]
                .map(right),
            );
            row.push(Cell::new(format!(
                "{} / {} / {}",
                c.added, c.removed, c.reworded
            )));
            t.add_row(row);
        }
        t
    }

    fn legend(&self) -> String {
        let parts: Vec<String> = LEGEND
            .iter()
            .map(|(s, what)| format!("{} {what}", self.esc(symbol(*s))))
            .collect();
        // "Legend:" first, so that Markdown never reads the leading `+` as a list item.
        format!("Legend: {}", parts.join(", "))
    }

    /// Grid header: id, one column per version, then the life summary and a text. Only
    /// the text column wraps; the others keep their width.
    fn grid(&self, text: &str) -> Table {
        let mut t = self.table();
        let mut head = vec!["id".to_owned()];
        head.extend((0..self.h.versions.len()).map(|v| self.version_column(v)));
        head.extend(["first", "dropped", "returned", "reworded", text].map(String::from));
        t.set_header(head);
        let last = t.column_count() - 1;
        for (k, column) in t.column_iter_mut().enumerate() {
            column.set_constraint(if k == last {
                ColumnConstraint::LowerBoundary(Width::Fixed(30))
            } else {
                ColumnConstraint::ContentWidth
            });
        }
        t
    }

    /// A version's column header: `v1 2024` in Markdown, two lines in a terminal, and
    /// only `v1` in a compact grid.
    fn version_column(&self, v: usize) -> String {
        match self.flavour {
            Flavour::Markdown => version_header(self.h, v),
            Flavour::Terminal if self.compact() => format!("v{}", v + 1),
            Flavour::Terminal => format!("v{}\n{}", v + 1, self.h.versions[v].label()),
        }
    }

    /// Whether grid cells show only the status symbol, without the paragraph: in a
    /// terminal too narrow for a place in every version column and some text.
    fn compact(&self) -> bool {
        let n = self.h.versions.len();
        self.flavour == Flavour::Terminal && 40 + 9 * n + 30 > usize::from(self.width)
    }

    fn life_cells(&self, life: &Life) -> Vec<Cell> {
        vec![
            Cell::new(
                life.first
                    .map_or("\u{2013}".into(), |v| format!("v{}", v + 1)),
            ),
            Cell::new(short_list(&life.dropped)),
            Cell::new(short_list(&life.returned)),
            right(life.rewordings),
        ]
    }

    fn paragraphs(&self, w: &mut impl Write) -> io::Result<()> {
        let h = self.h;
        self.heading(2, "Paragraph lineages", w)?;
        writeln!(w, "{}\n", self.legend())?;
        let mut t = self.grid("text (latest wording)");
        for l in &h.lineages {
            let mut row = vec![Cell::new(format!("P{}", l.id))];
            for (v, c) in l.versions.iter().enumerate() {
                row.push(self.cell(c.status, &places(h, v, &c.paragraphs)));
            }
            row.extend(self.life_cells(&l.life()));
            row.push(Cell::new(self.esc(&excerpt(&latest_text(h, l), EXCERPT))));
            t.add_row(row);
        }
        writeln!(w, "{t}")?;
        let changed: Vec<&Lineage> = h.lineages.iter().filter(|l| drifted(&l.life())).collect();
        if changed.is_empty() {
            return Ok(());
        }
        self.heading(2, "Wording of the paragraphs that changed", w)?;
        for l in changed {
            self.paragraph_drift(l, w)?;
        }
        Ok(())
    }

    fn cell(&self, status: Status, place: &str) -> Cell {
        let text = if place.is_empty() || self.compact() {
            symbol(status).to_owned()
        } else {
            format!("{} {place}", symbol(status))
        };
        Cell::new(self.esc(&text))
    }

    fn item(&self, text: &str, w: &mut impl Write) -> io::Result<()> {
        match self.flavour {
            Flavour::Terminal => writeln!(w, "    {text}"),
            Flavour::Markdown => writeln!(w, "- {text}"),
        }
    }

    fn title(&self, text: &str, w: &mut impl Write) -> io::Result<()> {
        match self.flavour {
            Flavour::Terminal => writeln!(w, "\n  {text}"),
            Flavour::Markdown => writeln!(w, "\n**{}**\n", self.esc(text)),
        }
    }

    fn paragraph_drift(&self, l: &Lineage, w: &mut impl Write) -> io::Result<()> {
        let h = self.h;
        let life = l.life();
        self.title(&format!("P{} ({})", l.id, life_words(&life)), w)?;
        for (v, c) in l.versions.iter().enumerate() {
            let place = places(h, v, &c.paragraphs);
            let text = match c.status {
                Status::Absent if life.dropped.contains(&v) => "dropped".to_owned(),
                Status::Absent => continue,
                Status::Unchanged => "unchanged".to_owned(),
                _ if c.diff.is_empty() => {
                    self.esc(&h.text(v, &c.paragraphs).replace('\n', " \u{b6} "))
                }
                _ => marked(&c.diff, &self.marks()),
            };
            let head = match (c.status, c.since) {
                (Status::Returned, Some(u)) if c.changed => {
                    format!("{place} (changes since v{})", u + 1)
                }
                (Status::Returned, Some(u)) => format!("{place} (worded as in v{})", u + 1),
                _ => place,
            };
            let head = format!("{}  {} {head}", self.v(v), symbol(c.status));
            self.item(&format!("{}  {text}", self.esc(head.trim_end())), w)?;
        }
        Ok(())
    }

    fn v(&self, v: usize) -> String {
        format!("v{} {}", v + 1, self.h.versions[v].label())
    }

    fn commitments(&self, w: &mut impl Write) -> io::Result<()> {
        let h = self.h;
        self.heading(2, "Commitment lineages", w)?;
        writeln!(w, "{}\n", self.legend())?;
        let mut t = self.grid("sentence (latest wording)");
        for c in &h.commitments {
            let mut row = vec![Cell::new(format!("C{}", c.id))];
            for (v, cell) in c.versions.iter().enumerate() {
                let place = cell
                    .commitment
                    .as_ref()
                    .map_or(String::new(), |s| h.place(v, s.paragraph));
                row.push(self.cell(cell.status, &place));
            }
            row.extend(self.life_cells(&c.life()));
            let latest = c.versions.iter().rev().find_map(|x| x.commitment.as_ref());
            let text = latest.map_or(String::new(), |s| excerpt(&s.commitment.text, EXCERPT));
            row.push(Cell::new(self.esc(&text)));
            t.add_row(row);
        }
        writeln!(w, "{t}")?;
        let changed: Vec<&CommitmentLineage> = h
            .commitments
            .iter()
            .filter(|c| drifted(&c.life()))
            .collect();
        if changed.is_empty() {
            return Ok(());
        }
        self.heading(2, "Commitments that changed, with their signals", w)?;
        for c in changed {
            self.commitment_drift(c, w)?;
        }
        Ok(())
    }

    fn commitment_drift(&self, c: &CommitmentLineage, w: &mut impl Write) -> io::Result<()> {
        let h = self.h;
        let life = c.life();
        self.title(&format!("C{} ({})", c.id, life_words(&life)), w)?;
        for (v, cell) in c.versions.iter().enumerate() {
            let Some(side) = &cell.commitment else {
                if life.dropped.contains(&v) {
                    let line = format!("{}  {} dropped", self.v(v), symbol(cell.status));
                    self.item(&self.esc(&line), w)?;
                }
                continue;
            };
            let k = &side.commitment;
            let mut head = format!(
                "{}  {} {} [{}; cue '{}']",
                self.v(v),
                symbol(cell.status),
                h.place(v, side.paragraph),
                k.strength.as_str(),
                k.cue
            );
            if let Some(d) = cell.direction {
                head.push_str(&format!(" {}", direction_words(d, cell.since)));
            }
            let text = match cell.status {
                Status::Unchanged => "unchanged".to_owned(),
                _ if cell.diff.is_empty() => self.esc(&k.text),
                _ => marked(&cell.diff, &self.marks()),
            };
            self.item(&format!("{}  {text}", self.esc(&head)), w)?;
            for s in &cell.signals {
                match self.flavour {
                    Flavour::Terminal => writeln!(w, "            {}", signal_words(s))?,
                    Flavour::Markdown => writeln!(w, "  - {}", self.esc(&signal_words(s)))?,
                }
            }
        }
        Ok(())
    }

    fn phrases(&self, w: &mut impl Write) -> io::Result<()> {
        let h = self.h;
        if h.phrases.is_empty() {
            return Ok(());
        }
        self.heading(2, "Phrases and entities", w)?;
        let mut t = self.table();
        let mut head = vec!["phrase".to_owned()];
        head.extend((0..h.versions.len()).map(|v| version_header(h, v)));
        head.push("total".to_owned());
        t.set_header(head);
        for p in &h.phrases {
            let name = format!("{} \"{}\"", p.kind.as_str(), p.query);
            t.add_row(self.count_row(&name, &p.counts));
            for f in p.forms.iter().skip(1) {
                t.add_row(self.count_row(&format!("  incl. {f}"), &form_counts(p, f, h)));
            }
            for var in &p.variants {
                t.add_row(self.count_row(&format!("  \u{2248} {}", var.text), &var.counts));
            }
            for var in &p.excluded {
                let name = format!("  not counted: {}", var.text);
                t.add_row(self.count_row(&name, &var.counts));
            }
        }
        writeln!(w, "{t}")?;
        writeln!(
            w,
            "{}",
            self.esc(
                "Counts are on canonical text (quotes, case, hyphens and possessives folded); \
                 ≈ marks near variants, counted apart; \"not counted\" marks an entity's name \
                 inside the name of something else."
            )
        )?;
        for p in &h.phrases {
            self.locations(p, w)?;
        }
        Ok(())
    }

    fn count_row(&self, name: &str, counts: &[usize]) -> Vec<Cell> {
        let mut row = vec![Cell::new(self.esc(name))];
        row.extend(counts.iter().map(|&n| right(n)));
        row.push(right(counts.iter().sum::<usize>()));
        row
    }

    fn locations(&self, p: &PhraseTrack, w: &mut impl Write) -> io::Result<()> {
        let h = self.h;
        self.title(&format!("Where \"{}\" occurs", p.query), w)?;
        if let Some(note) = &p.note {
            self.item(&self.esc(&format!("note: {note}")), w)?;
        }
        if p.locations.is_empty() {
            return self.item("nowhere", w);
        }
        for (v, _) in h.versions.iter().enumerate() {
            let here: Vec<String> = p
                .locations
                .iter()
                .filter(|l| l.version == v)
                .map(|l| {
                    let mark = match_mark(l.kind);
                    format!(
                        "{} {mark}{} \u{d7}{}",
                        h.place(v, l.paragraph),
                        l.form,
                        l.count
                    )
                })
                .collect();
            if !here.is_empty() {
                let line = format!("{}: {}", self.v(v), here.join("; "));
                self.item(&self.esc(&line), w)?;
            }
        }
        Ok(())
    }
}

/// `1 version`, `4 versions`.
pub(super) fn versions_words(n: usize) -> String {
    if n == 1 {
        "1 version".to_owned()
    } else {
        format!("{n} versions")
    }
}

/// Counts of one form of a tracked phrase per version, from its locations.
fn form_counts(p: &PhraseTrack, form: &str, h: &History) -> Vec<usize> {
    let mut counts = vec![0; h.versions.len()];
    for l in p
        .locations
        .iter()
        .filter(|l| l.kind == Match::Form && l.form == form)
    {
        counts[l.version] += l.count;
    }
    counts
}

/// `v3, v5`, or the first three and how many more: `v3, v5, v7 …+4`.
fn short_list(vs: &[usize]) -> String {
    if vs.is_empty() {
        return "\u{2013}".to_owned();
    }
    let shown: Vec<String> = vs.iter().take(3).map(|v| format!("v{}", v + 1)).collect();
    match vs.len() {
        n if n > 3 => format!("{} \u{2026}+{}", shown.join(", "), n - 3),
        _ => shown.join(", "),
    }
}

fn right(n: usize) -> Cell {
    Cell::new(n).set_alignment(CellAlignment::Right)
}

/// A lineage worth showing in full: its wording changed, or it came back.
fn drifted(life: &Life) -> bool {
    life.rewordings > 0 || !life.returned.is_empty()
}

/// `first in v1, dropped in v3, returned in v5, reworded 2 times`.
fn life_words(life: &Life) -> String {
    let vs = |xs: &[usize]| {
        xs.iter()
            .map(|v| format!("v{}", v + 1))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    if let Some(f) = life.first {
        parts.push(format!("first in v{}", f + 1));
    }
    if !life.dropped.is_empty() {
        parts.push(format!("dropped in {}", vs(&life.dropped)));
    }
    if !life.returned.is_empty() {
        parts.push(format!("returned in {}", vs(&life.returned)));
    }
    match life.rewordings {
        0 => {}
        1 => parts.push("reworded once".to_owned()),
        n => parts.push(format!("reworded {n} times")),
    }
    parts.join(", ")
}

/// `stronger since v2`.
fn direction_words(d: crate::commitments::Direction, since: Option<usize>) -> String {
    match since {
        Some(u) => format!("{} than in v{}", comparative(d), u + 1),
        None => comparative(d).to_owned(),
    }
}

fn comparative(d: crate::commitments::Direction) -> &'static str {
    match d {
        crate::commitments::Direction::Stronger => "stronger",
        crate::commitments::Direction::Weaker => "weaker",
        crate::commitments::Direction::Neutral => "no stronger or weaker",
        crate::commitments::Direction::Mixed => "mixed: stronger in one way, weaker in another",
    }
}
