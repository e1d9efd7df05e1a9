//! The terminal report: the ranked key changes, one block per changed unit with its phrase
//! diff, the commitment changes (reworded ones as both sentences, diff marked), the furniture
//! that was set aside, and a summary table. Without colour, deletions are `[-…-]` and
//! insertions `{+…+}`, as in `git diff --word-diff=plain`; a sentence that moved is
//! `[>moved to ¶5: …>]` where it left and `{>moved from ¶3: …<}` where it arrived; in a
//! rewritten unit, shown as its two texts, shared phrases are `[=…=]`.

use std::io::{self, Write};

use anstyle::{AnsiColor, Effects, Style};
use comfy_table::{presets, Cell, CellAlignment, Table};

use super::{key_lines, paragraph_ref, paragraph_refs, side_text, COMMITMENT_GROUPS};
use crate::align::Confidence;
use crate::commitments::ranking::sentence_diff;
use crate::commitments::{Direction, Signal, SignalKind};
use crate::model::{
    CommitmentChange, CommitmentChangeKind, Comparison, DiffOp, Document, Span, Unit, UnitKind,
};

/// Options for the terminal report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TerminalOptions {
    /// Emit ANSI colours; the caller decides from `--color`, `NO_COLOR` and the TTY.
    pub color: bool,
    /// Show unchanged units too.
    pub all: bool,
    /// Wrap lines at this many columns (0: no wrapping). Continuation lines keep the
    /// line's indentation; tables are never wrapped.
    pub width: usize,
}

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_owned()
        }
    }

    fn header(&self) -> Style {
        Style::new().effects(Effects::BOLD)
    }
}

const DELETE: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .effects(Effects::STRIKETHROUGH);
const INSERT: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)))
    .effects(Effects::UNDERLINE);
const MOVED: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
const DIM: Style = Style::new().effects(Effects::DIMMED);
const SHARED: Style = Style::new().effects(Effects::BOLD);
const CHECK: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Magenta)));

/// Writes the terminal report.
pub fn terminal(cmp: &Comparison, opts: &TerminalOptions, w: &mut impl Write) -> io::Result<()> {
    if opts.width == 0 {
        return write_report(cmp, opts, w);
    }
    let mut wrapped = Wrap {
        inner: w,
        width: opts.width,
        line: Vec::new(),
    };
    write_report(cmp, opts, &mut wrapped)?;
    wrapped.flush()
}

/// A writer that wraps each line at a width, at spaces, ignoring ANSI sequences when it
/// counts columns. Lines of tables (box-drawing characters) are left as they are.
struct Wrap<'a, W: Write> {
    inner: &'a mut W,
    width: usize,
    line: Vec<u8>,
}

impl<W: Write> Write for Wrap<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for part in buf.split_inclusive(|&b| b == b'\n') {
            self.line.extend_from_slice(part);
            if part.ends_with(b"\n") {
                let line = std::mem::take(&mut self.line);
                let text = String::from_utf8_lossy(&line);
                self.inner
                    .write_all(wrap_line(&text, self.width).as_bytes())?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            let text = String::from_utf8_lossy(&line);
            self.inner
                .write_all(wrap_line(&text, self.width).as_bytes())?;
        }
        self.inner.flush()
    }
}

/// Columns a piece of text takes, not counting ANSI escape sequences.
fn columns(text: &str) -> usize {
    let mut n = 0;
    let mut in_escape = false;
    for c in text.chars() {
        match c {
            '\u{1b}' => in_escape = true,
            c if in_escape => in_escape = !c.is_ascii_alphabetic(),
            _ => n += 1,
        }
    }
    n
}

/// One line (with its line feed, if any) wrapped at `width`; continuation lines are
/// indented as the line is, plus two spaces.
fn wrap_line(line: &str, width: usize) -> String {
    let body = line.trim_end_matches('\n');
    if columns(body) <= width || body.contains(['\u{2502}', '\u{2506}', '\u{2500}']) {
        return line.to_owned();
    }
    let indent_len = body.len() - body.trim_start_matches(' ').len();
    // A commitment line (`    §9     [binding; …] text`) continues under its signals.
    let rest = &body[indent_len..];
    let hanging = if indent_len == 4 && rest.starts_with(['\u{a7}', '\u{b6}']) {
        indent_len + 7
    } else {
        indent_len + 2
    };
    let indent = " ".repeat(hanging.min(width / 2));
    let mut out = String::with_capacity(line.len() + 16);
    let mut col = 0;
    for (i, word) in body[indent_len..].split(' ').enumerate() {
        let w = columns(word);
        if i == 0 {
            out.push_str(&body[..indent_len]);
            col = indent_len;
        } else if col + 1 + w > width && col > indent.len() {
            out.push('\n');
            out.push_str(&indent);
            col = indent.len();
        } else {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += w;
    }
    if line.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn write_report(cmp: &Comparison, opts: &TerminalOptions, w: &mut impl Write) -> io::Result<()> {
    let p = Painter { color: opts.color };
    writeln!(
        w,
        "{}",
        p.paint(p.header(), &format!("--- {}", describe(&cmp.old)))
    )?;
    writeln!(
        w,
        "{}",
        p.paint(p.header(), &format!("+++ {}", describe(&cmp.new)))
    )?;
    write_key_changes(cmp, &p, w)?;
    let mut hidden = 0;
    for u in &cmp.units {
        if !u.is_change() && !opts.all {
            hidden += 1;
            continue;
        }
        writeln!(w)?;
        write_unit(cmp, u, &p, w)?;
    }
    if hidden > 0 {
        writeln!(
            w,
            "\n{}",
            p.paint(
                DIM,
                &format!("({hidden} unchanged units not shown; --all shows them)")
            )
        )?;
    }
    write_commitments(cmp, &p, w)?;
    write_furniture(cmp, &p, w)?;
    for note in &cmp.notes {
        writeln!(w, "\nnote: {note}")?;
    }
    writeln!(w)?;
    writeln!(w, "{}", summary_table(cmp))
}

fn describe(d: &Document) -> String {
    let title = d
        .title
        .as_deref()
        .map(|t| format!(" \u{2014} {t}"))
        .unwrap_or_default();
    format!(
        "{}{title} ({} paragraphs, {} furniture)",
        d.source,
        d.paragraphs.len(),
        d.furniture.len()
    )
}

fn write_unit(cmp: &Comparison, u: &Unit, p: &Painter, w: &mut impl Write) -> io::Result<()> {
    let kind = if u.rewritten {
        "rewritten"
    } else {
        u.kind.as_str()
    };
    let mut head = format!(
        "{} \u{2192} {}  {kind}",
        paragraph_refs(&cmp.old, &u.old),
        paragraph_refs(&cmp.new, &u.new),
    );
    if matches!(
        u.kind,
        UnitKind::Reworded | UnitKind::Split | UnitKind::Merged
    ) {
        head.push_str(&format!(" ({:.0}% similar)", u.similarity * 100.0));
    }
    write!(w, "{}", p.paint(p.header(), &head))?;
    if u.moved {
        write!(w, "  {}", p.paint(MOVED, "[moved]"))?;
    }
    if let Some(e) = u
        .evidence
        .as_ref()
        .filter(|e| e.confidence != Confidence::High)
    {
        let note = format!("[{} confidence: check this pairing]", e.confidence.as_str());
        write!(w, "  {}", p.paint(CHECK, &note))?;
    }
    if u.degraded {
        write!(w, "  (coarse diff: size cap)")?;
    }
    writeln!(w)?;
    if u.rewritten {
        return write_rewritten(cmp, u, p, w);
    }
    write!(w, "    ")?;
    let mut last = ' ';
    for s in &u.diff {
        // A change glued to the word before it (the space went with the other side)
        // gets a space so that the two words stay apart.
        let starts_word = s.text.chars().next().is_some_and(char::is_alphanumeric);
        if s.op != DiffOp::Equal && starts_word && last.is_alphanumeric() {
            write!(w, " ")?;
        }
        write_span(cmp, s, u.kind, p, w)?;
        last = s.text.chars().last().unwrap_or(last);
    }
    writeln!(w)
}

/// A rewritten unit: the old text and the new text one after the other, each with the
/// phrases the two share marked, since a phrase diff of it would be nearly all red and
/// green.
fn write_rewritten(cmp: &Comparison, u: &Unit, p: &Painter, w: &mut impl Write) -> io::Result<()> {
    for (label, side) in [("old", DiffOp::Delete), ("new", DiffOp::Insert)] {
        write!(w, "    {}: ", p.paint(DIM, label))?;
        for s in &u.diff {
            let Some(text) = side_text(s, side) else {
                continue;
            };
            if s.op != DiffOp::Equal && s.moved.is_some() {
                write_span(cmp, s, u.kind, p, w)?;
                continue;
            }
            let body = text.trim_end();
            let tail = &text[body.len()..];
            let words = body
                .split_whitespace()
                .filter(|t| t.chars().any(char::is_alphanumeric))
                .count();
            let shared = s.op == DiffOp::Equal && words >= SHARED_WORDS;
            let shown = match (shared, p.color) {
                (false, _) => body.to_owned(),
                (true, true) => p.paint(SHARED, body),
                (true, false) => format!("[={body}=]"),
            };
            write!(w, "{}{}", indent_breaks(&shown), indent_breaks(tail))?;
        }
        writeln!(w)?;
    }
    Ok(())
}

/// Equal runs of at least this many words (not counting punctuation) are marked as
/// shared in a rewritten unit.
const SHARED_WORDS: usize = 2;

/// Writes one span; trailing whitespace goes outside the markers so that they hug words.
fn write_span(
    cmp: &Comparison,
    s: &Span,
    kind: UnitKind,
    p: &Painter,
    w: &mut impl Write,
) -> io::Result<()> {
    let body = s.text.trim_end();
    let tail = &s.text[body.len()..];
    let whole = matches!(kind, UnitKind::Added | UnitKind::Removed);
    let shown = if body.is_empty() {
        // Only white space changed here: there is nothing to mark (`{++}` says nothing).
        String::new()
    } else if let Some(m) = s.moved {
        // A sentence that moved: where it went or came from, in the move colour.
        let (arrow, place) = match s.op {
            DiffOp::Delete => ("moved to", paragraph_ref(&cmp.new, m.paragraph)),
            _ => ("moved from", paragraph_ref(&cmp.old, m.paragraph)),
        };
        if p.color {
            format!(
                "{} {}",
                p.paint(MOVED, &format!("[{arrow} {place}]")),
                p.paint(MOVED, body)
            )
        } else if s.op == DiffOp::Delete {
            format!("[>{arrow} {place}: {body}>]")
        } else {
            format!("{{>{arrow} {place}: {body}<}}")
        }
    } else {
        match (s.op, p.color) {
            (DiffOp::Equal, _) => body.to_owned(),
            (DiffOp::Delete, true) => p.paint(DELETE, body),
            (DiffOp::Insert, true) => p.paint(INSERT, body),
            (DiffOp::Delete, false) if whole => body.to_owned(),
            (DiffOp::Insert, false) if whole => body.to_owned(),
            (DiffOp::Delete, false) => format!("[-{body}-]"),
            (DiffOp::Insert, false) => format!("{{+{body}+}}"),
        }
    };
    write!(w, "{}", indent_breaks(&shown))?;
    write!(w, "{}", indent_breaks(tail))
}

/// Paragraph breaks inside split and merged units start an indented `¶` line.
fn indent_breaks(text: &str) -> String {
    text.replace('\n', "\n    \u{b6} ")
}

/// The ranked key changes, at most [`KEY_CHANGES_SHOWN`](crate::commitments::ranking::KEY_CHANGES_SHOWN).
fn write_key_changes(cmp: &Comparison, p: &Painter, w: &mut impl Write) -> io::Result<()> {
    let (lines, more) = key_lines(cmp);
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(w, "\n{}", p.paint(p.header(), "Key changes"))?;
    for (i, (_, k)) in lines.iter().enumerate() {
        writeln!(
            w,
            "  {:>2}. {}: {} ({})",
            i + 1,
            p.paint(p.header(), &k.verdict),
            k.change,
            k.place
        )?;
    }
    if more > 0 {
        writeln!(
            w,
            "      and {more} more: see Commitments below for the full list"
        )?;
    }
    Ok(())
}

fn write_commitments(cmp: &Comparison, p: &Painter, w: &mut impl Write) -> io::Result<()> {
    if cmp.commitments.is_empty() {
        return Ok(());
    }
    writeln!(w, "\n{}", p.paint(p.header(), "Commitments"))?;
    for (title, member) in COMMITMENT_GROUPS {
        let group: Vec<&CommitmentChange> = cmp.commitments.iter().filter(|c| member(c)).collect();
        if group.is_empty() {
            continue;
        }
        writeln!(w, "\n  {} ({})", p.paint(p.header(), title), group.len())?;
        for c in group {
            write_commitment(cmp, c, p, w)?;
        }
    }
    let s = &cmp.commitment_summary;
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED).force_no_tty();
    t.set_header([
        "commitments added",
        "dropped",
        "reworded",
        "stronger",
        "weaker",
        "mixed",
        "no direction",
    ]);
    t.add_row(
        [
            s.added, s.removed, s.reworded, s.stronger, s.weaker, s.mixed, s.neutral,
        ]
        .map(|n| Cell::new(n).set_alignment(CellAlignment::Right)),
    );
    writeln!(w, "\n{t}")
}

fn write_commitment(
    cmp: &Comparison,
    c: &CommitmentChange,
    p: &Painter,
    w: &mut impl Write,
) -> io::Result<()> {
    let (doc, side, style) = match (&c.new, &c.old) {
        (Some(n), _) if c.change != CommitmentChangeKind::Removed => (&cmp.new, n, INSERT),
        (_, Some(o)) => (&cmp.old, o, DELETE),
        _ => return Ok(()),
    };
    let place = paragraph_ref(doc, side.paragraph);
    let strength = match (&c.old, &c.new) {
        (Some(o), Some(n)) if o.commitment.strength != n.commitment.strength => {
            format!(
                "{} \u{2192} {}",
                o.commitment.strength.as_str(),
                n.commitment.strength.as_str()
            )
        }
        _ => side.commitment.strength.as_str().to_owned(),
    };
    if c.change == CommitmentChangeKind::Reworded {
        // Both sentences in full, each with its side of the phrase diff marked.
        let cue = match (&c.old, &c.new) {
            (Some(o), Some(n)) if o.commitment.cue != n.commitment.cue => {
                format!("'{}' \u{2192} '{}'", o.commitment.cue, n.commitment.cue)
            }
            _ => format!("'{}'", side.commitment.cue),
        };
        // Where it stood in the old version, when that reads differently.
        let moved = c
            .old
            .as_ref()
            .map(|o| paragraph_ref(&cmp.old, o.paragraph))
            .filter(|o| *o != place)
            .map(|o| format!(" (old {o})"))
            .unwrap_or_default();
        writeln!(w, "    {place:<6} [{strength}; cue {cue}]{moved}")?;
        let spans = sentence_diff(c);
        for (label, op) in [("old", DiffOp::Delete), ("new", DiffOp::Insert)] {
            writeln!(
                w,
                "           {}: {}",
                p.paint(DIM, label),
                sentence_side(&spans, op, p)
            )?;
        }
    } else {
        writeln!(
            w,
            "    {place:<6} [{}; cue '{}'] {}",
            strength,
            side.commitment.cue,
            p.paint(style, &side.commitment.text)
        )?;
    }
    for s in &c.signals {
        writeln!(w, "           {}", p.paint(DIM, &signal_words(s)))?;
    }
    Ok(())
}

/// One side of a sentence diff (`Delete` for the old sentence, `Insert` for the new),
/// with that side's changes marked as in the unit diffs.
fn sentence_side(spans: &[Span], side: DiffOp, p: &Painter) -> String {
    let mut out = String::new();
    for s in spans {
        let Some(text) = side_text(s, side) else {
            continue;
        };
        let body = text.trim_end();
        let tail = &text[body.len()..];
        let shown = match (s.op, p.color) {
            _ if body.is_empty() => String::new(),
            (DiffOp::Equal, _) => body.to_owned(),
            (DiffOp::Delete, true) => p.paint(DELETE, body),
            (DiffOp::Insert, true) => p.paint(INSERT, body),
            (DiffOp::Delete, false) => format!("[-{body}-]"),
            (DiffOp::Insert, false) => format!("{{+{body}+}}"),
        };
        if s.op != DiffOp::Equal
            && body.starts_with(char::is_alphanumeric)
            && out.ends_with(|c: char| c.is_alphanumeric())
        {
            out.push(' ');
        }
        out.push_str(&shown);
        out.push_str(&tail.replace('\n', " "));
    }
    out.trim_end().to_owned()
}

/// A signal in plain words: `modality, weaker: 'will' → 'may consider'`.
pub(crate) fn signal_words(s: &Signal) -> String {
    let dir = match s.direction {
        Direction::Neutral => String::new(),
        d => format!(", {}", d.as_str()),
    };
    if s.kind == SignalKind::Other {
        // A phrase of the word diff replaced by another, quoted whole.
        return format!("wording: '{}' \u{2192} '{}'", s.old, s.new);
    }
    let what = match (s.old.is_empty(), s.new.is_empty()) {
        (true, false) => format!("added '{}'", s.new),
        (false, true) => format!("dropped '{}'", s.old),
        _ => format!("'{}' \u{2192} '{}'", s.old, s.new),
    };
    format!("{}{dir}: {what}", s.kind.as_str())
}

fn write_furniture(cmp: &Comparison, p: &Painter, w: &mut impl Write) -> io::Result<()> {
    let sides = [("old", &cmp.old), ("new", &cmp.new)];
    if sides.iter().all(|(_, d)| d.furniture.is_empty()) {
        return Ok(());
    }
    writeln!(w, "\n{}", p.paint(p.header(), "Furniture (not compared)"))?;
    for (side, d) in sides {
        for f in &d.furniture {
            let text: String = f.text.chars().take(70).collect();
            let more = if f.text.chars().count() > 70 {
                "\u{2026}"
            } else {
                ""
            };
            writeln!(
                w,
                "  {side}:{:<5} {text}{more}  {}",
                f.line,
                p.paint(DIM, &format!("({})", f.reason.as_str()))
            )?;
        }
    }
    Ok(())
}

fn summary_table(cmp: &Comparison) -> Table {
    let s = &cmp.summary;
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED).force_no_tty();
    t.set_header([
        "unchanged",
        "reworded",
        "added",
        "removed",
        "split",
        "merged",
        "moved",
    ]);
    t.add_row(
        [
            s.unchanged,
            s.reworded,
            s.added,
            s.removed,
            s.split,
            s.merged,
            s.moved,
        ]
        .map(|n| Cell::new(n).set_alignment(CellAlignment::Right)),
    );
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_with_indentation() {
        let line = "    one two three four five six\n";
        assert_eq!(
            wrap_line(line, 16),
            "    one two\n      three four\n      five six\n"
        );
        assert_eq!(wrap_line("short\n", 14), "short\n");
        // Escape sequences take no columns.
        let red = "\u{1b}[31mone\u{1b}[0m two";
        assert_eq!(wrap_line(red, 7), red);
    }
}
