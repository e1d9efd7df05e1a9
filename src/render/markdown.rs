//! The Markdown report, for pull-request comments and issue trackers: GitHub-flavoured
//! Markdown with summary tables, the ranked key changes, the commitment changes (reworded
//! ones as two full sentences with the phrase diff marked), then each changed unit with
//! `~~deleted~~` and `**inserted**` phrases, cut to a byte budget from the end, so that
//! units go before commitments, with an honest count of what was left out.
//!
//! Every piece of document text goes through [`escape`], so nothing in a statement can
//! turn into a link, an image, raw HTML, a heading, a list, a table cell or a formula.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::terminal::signal_words;
use super::{key_lines, paragraph_ref, paragraph_refs, side_text, COMMITMENT_GROUPS};
use crate::align::Confidence;
use crate::commitments::ranking::sentence_diff;
use crate::model::{
    CommitmentChange, CommitmentChangeKind, Comparison, DiffOp, Document, Span, SpanMove, Unit,
    UnitKind,
};

/// The default byte budget: under GitHub's limit of 65,536 characters for a comment.
pub const DEFAULT_MAX_BYTES: usize = 60_000;

/// Options for the Markdown report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// The most bytes to write, or 0 for no limit. When the report would be longer, whole
    /// changes are left out from the end and a last line says how many.
    pub max_bytes: usize,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// A block of output that is either shown whole or counted as not shown.
struct Block {
    text: String,
    /// Changed units in the block.
    units: usize,
    /// Commitment changes in the block.
    commitments: usize,
}

/// Writes the Markdown report.
pub fn markdown(cmp: &Comparison, opts: &MarkdownOptions, w: &mut impl Write) -> io::Result<()> {
    let head = header(cmp);
    let blocks = blocks(cmp);
    let budget = if opts.max_bytes == 0 {
        usize::MAX
    } else {
        opts.max_bytes
    };
    let total: usize = head.len() + blocks.iter().map(|b| b.text.len()).sum::<usize>();
    if total <= budget {
        w.write_all(head.as_bytes())?;
        return blocks
            .iter()
            .try_for_each(|b| w.write_all(b.text.as_bytes()));
    }
    // Keep room for the closing line, whose length depends on the counts.
    let reserve = omitted_line(usize::MAX / 2, usize::MAX / 2, budget).len();
    let mut shown = 0;
    if head.len() + reserve <= budget {
        w.write_all(head.as_bytes())?;
        let mut used = head.len();
        for b in &blocks {
            if used + b.text.len() + reserve > budget {
                break;
            }
            w.write_all(b.text.as_bytes())?;
            used += b.text.len();
            shown += 1;
        }
    }
    let rest = &blocks[shown..];
    let units = rest.iter().map(|b| b.units).sum();
    let commitments = rest.iter().map(|b| b.commitments).sum();
    w.write_all(omitted_line(units, commitments, budget).as_bytes())
}

/// The last line of a report that was cut.
fn omitted_line(units: usize, commitments: usize, budget: usize) -> String {
    let n = units + commitments;
    let changes = if n == 1 { "change" } else { "changes" };
    let paragraphs = if units == 1 { "unit" } else { "units" };
    format!(
        "\n**{n} more {changes} not shown** ({units} changed {paragraphs}, {commitments} \
         commitment changes): this report is cut to {budget} bytes.\n"
    )
}

/// Title, documents and summary tables.
fn header(cmp: &Comparison) -> String {
    let mut s = String::new();
    let changed = cmp.units.iter().filter(|u| u.is_change()).count();
    let _ = writeln!(
        s,
        "### redliner: {changed} of {} units changed\n",
        cmp.units.len()
    );
    s.push_str("| | old | new |\n|---|---|---|\n");
    let row = |s: &mut String, name: &str, f: fn(&Document) -> String| {
        let _ = writeln!(s, "| {name} | {} | {} |", f(&cmp.old), f(&cmp.new));
    };
    row(&mut s, "source", |d| escape(&d.source));
    if cmp.old.title.is_some() || cmp.new.title.is_some() {
        row(&mut s, "title", |d| {
            escape(d.title.as_deref().unwrap_or(""))
        });
    }
    if cmp.old.date.is_some() || cmp.new.date.is_some() {
        row(&mut s, "date", |d| escape(d.date.as_deref().unwrap_or("")));
    }
    row(&mut s, "paragraphs", |d| d.paragraphs.len().to_string());
    let u = &cmp.summary;
    s.push_str("\n| unchanged | reworded | added | removed | split | merged | moved |\n");
    s.push_str("|---:|---:|---:|---:|---:|---:|---:|\n");
    let _ = writeln!(
        s,
        "| {} | {} | {} | {} | {} | {} | {} |",
        u.unchanged, u.reworded, u.added, u.removed, u.split, u.merged, u.moved
    );
    let c = &cmp.commitment_summary;
    s.push_str(
        "\n| commitments added | dropped | weakened | strengthened | mixed | no direction | reworded in all |\n",
    );
    s.push_str("|---:|---:|---:|---:|---:|---:|---:|\n");
    let _ = writeln!(
        s,
        "| {} | {} | {} | {} | {} | {} | {} |",
        c.added, c.removed, c.weaker, c.stronger, c.mixed, c.neutral, c.reworded
    );
    for note in &cmp.notes {
        let _ = write!(s, "\n> **Note:** {}\n", escape(note));
    }
    s
}

/// The key changes, then every commitment change, then every changed unit, each as a
/// block. Blocks are cut from the end, so a byte cap leaves out paragraph units before it
/// touches the commitments.
fn blocks(cmp: &Comparison) -> Vec<Block> {
    let mut out = Vec::new();
    let (keys, more) = key_lines(cmp);
    if !keys.is_empty() {
        let mut text = String::from("\n#### Key changes\n\n");
        for (i, (_, k)) in keys.iter().enumerate() {
            let _ = writeln!(
                text,
                "{}. **{}**: {} \u{b7} {}",
                i + 1,
                escape(&k.verdict),
                escape(&k.change),
                escape(&k.place)
            );
        }
        if more > 0 {
            let _ = writeln!(
                text,
                "\n*and {more} more: see Commitment changes below for the full list.*"
            );
        }
        out.push(Block {
            text,
            units: 0,
            commitments: 0,
        });
    }
    if !cmp.commitments.is_empty() {
        out.push(Block {
            text: "\n#### Commitment changes\n".into(),
            units: 0,
            commitments: 0,
        });
    }
    for (title, member) in COMMITMENT_GROUPS {
        let group: Vec<&CommitmentChange> = cmp.commitments.iter().filter(|c| member(c)).collect();
        for (i, c) in group.iter().enumerate() {
            let mut text = String::new();
            if i == 0 {
                let _ = write!(text, "\n**{title} ({})**\n\n", group.len());
            }
            text.push_str(&commitment_item(cmp, c));
            out.push(Block {
                text,
                units: 0,
                commitments: 1,
            });
        }
    }
    let changed: Vec<&Unit> = cmp.units.iter().filter(|u| u.is_change()).collect();
    if !changed.is_empty() {
        out.push(Block {
            text: "\n#### Changes\n".into(),
            units: 0,
            commitments: 0,
        });
    }
    for u in changed {
        out.push(Block {
            text: unit_block(cmp, u),
            units: 1,
            commitments: 0,
        });
    }
    out
}

/// One changed unit: a heading line, then its text with the changes marked.
fn unit_block(cmp: &Comparison, u: &Unit) -> String {
    let mut s = format!(
        "\n**{} \u{2192} {}** \u{b7} {}",
        escape(&paragraph_refs(&cmp.old, &u.old)),
        escape(&paragraph_refs(&cmp.new, &u.new)),
        if u.rewritten {
            "rewritten"
        } else {
            u.kind.as_str()
        }
    );
    if matches!(
        u.kind,
        UnitKind::Reworded | UnitKind::Split | UnitKind::Merged
    ) {
        let _ = write!(s, " ({:.0}% similar)", u.similarity * 100.0);
    }
    if u.moved {
        s.push_str(" \u{b7} moved");
    }
    if let Some(e) = u
        .evidence
        .as_ref()
        .filter(|e| e.confidence != Confidence::High)
    {
        let _ = write!(
            s,
            " \u{b7} {} confidence: check this pairing",
            e.confidence.as_str()
        );
    }
    if u.degraded {
        s.push_str(" \u{b7} coarse diff (size cap)");
    }
    s.push_str("\n\n");
    if u.rewritten {
        // Two texts, each with the phrases they share in italics: a phrase diff of a
        // rewritten paragraph would be nearly all struck through and bold.
        for (label, side) in [("Old", DiffOp::Delete), ("New", DiffOp::Insert)] {
            let _ = write!(
                s,
                "*{label}:* {}\n\n",
                marked_side(cmp, u, side).replace('\n', "\n\n")
            );
        }
        return s;
    }
    let whole = matches!(u.kind, UnitKind::Added | UnitKind::Removed);
    // Paragraphs of a split or merged unit stay apart: a blank line between them.
    let (lead, gap) = if whole { ("> ", "\n>\n") } else { ("", "\n\n") };
    let body = marked_text(cmp, u, whole);
    let paragraphs: Vec<String> = body.lines().map(|l| format!("{lead}{l}")).collect();
    s.push_str(&paragraphs.join(gap));
    s.push('\n');
    s
}

/// One side of a rewritten unit (`side` is `Delete` for the old text, `Insert` for the
/// new), with the phrases both sides share in `*italics*`.
fn marked_side(cmp: &Comparison, u: &Unit, side: DiffOp) -> String {
    let mut out = String::new();
    for span in &u.diff {
        let Some(text) = side_text(span, side) else {
            continue;
        };
        for (i, piece) in text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let body = piece.trim_end();
            if body.is_empty() {
                continue;
            }
            let escaped = escape_line_start(body, &out);
            let words = body
                .split_whitespace()
                .filter(|t| t.chars().any(char::is_alphanumeric))
                .count();
            if let Some(m) = span.moved.filter(|_| span.op != DiffOp::Equal) {
                push_marked(&mut out, &escaped, "*", None);
                out.push_str(&moved_note(cmp, span.op, m));
            } else if span.op == DiffOp::Equal && words >= 2 {
                push_marked(&mut out, &escaped, "*", None);
            } else {
                out.push_str(&escaped);
            }
            if body.len() < piece.len() {
                out.push(' ');
            }
        }
    }
    out
}

/// ` (moved to §5)` after a sentence that left, ` (moved from ¶3)` after one that came.
fn moved_note(cmp: &Comparison, op: DiffOp, m: SpanMove) -> String {
    let (what, place) = match op {
        DiffOp::Delete => ("moved to", paragraph_ref(&cmp.new, m.paragraph)),
        _ => ("moved from", paragraph_ref(&cmp.old, m.paragraph)),
    };
    format!(" ({what} {})", escape(&place))
}

/// The unit's text with `~~deleted~~` and `**inserted**` phrases, one paragraph a line.
/// Added and removed units are shown plain: the heading says what happened to them. A
/// sentence that moved is in `*italics*` with where it went or came from.
fn marked_text(cmp: &Comparison, u: &Unit, whole: bool) -> String {
    let mut out = String::new();
    // A closing delimiter after punctuation is not one when a letter follows it.
    let mut guard = false;
    // The last character of text, not of markup, for spacing glued changes apart.
    let mut last = None;
    for span in &u.diff {
        for (i, piece) in span.text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
                guard = false;
                last = None;
            }
            let body = piece.trim_end();
            if body.is_empty() {
                continue;
            }
            let marker = match span.op {
                _ if span.moved.is_some() => "*",
                _ if whole => "",
                DiffOp::Equal => "",
                DiffOp::Delete => "~~",
                DiffOp::Insert => "**",
            };
            let escaped = escape_line_start(body, &out);
            if guard && escaped.starts_with(char::is_alphanumeric) {
                out.push_str("<!-- -->");
            }
            guard = push_marked(&mut out, &escaped, marker, last);
            if let Some(m) = span.moved {
                out.push_str(&moved_note(cmp, span.op, m));
                guard = false;
            }
            last = body.chars().last();
            if body.len() < piece.len() {
                out.push(' ');
                guard = false;
                last = Some(' ');
            }
        }
    }
    out
}

/// Appends `body` wrapped in `marker`. An empty HTML comment goes before the opening run
/// where punctuation would otherwise stop it from counting (`NATO~~.~~` does not strike
/// the full stop, `NATO<!-- -->~~.~~` does). Returns true when the closing run needs the
/// same guard if a letter follows.
fn push_marked(out: &mut String, body: &str, marker: &str, last: Option<char>) -> bool {
    if marker.is_empty() {
        out.push_str(body);
        return false;
    }
    let before = out.chars().last();
    let first = body.chars().next();
    if before.is_some_and(char::is_alphanumeric) && first.is_some_and(|c| !c.is_alphanumeric()) {
        out.push_str("<!-- -->");
    }
    if first.is_some_and(char::is_alphanumeric)
        && last.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | ',' | ';' | ':'))
    {
        // A change glued to the word or sentence before it: keep the two apart.
        out.push(' ');
    }
    out.push_str(marker);
    out.push_str(body);
    out.push_str(marker);
    body.chars().last().is_some_and(|c| !c.is_alphanumeric())
}

/// Escapes `text`, and also what would start a block (list, heading, quote, rule) when it
/// begins a line of output.
fn escape_line_start(text: &str, out: &str) -> String {
    let at_start = out.is_empty() || out.ends_with('\n');
    let escaped = escape(text);
    if !at_start {
        return escaped;
    }
    let digits = escaped.chars().take_while(char::is_ascii_digit).count();
    match escaped[digits..].chars().next() {
        Some('.' | ')') if digits > 0 => format!("{}\\{}", &escaped[..digits], &escaped[digits..]),
        Some('-' | '+' | '#' | '=') if digits == 0 => format!("\\{escaped}"),
        _ => escaped,
    }
}

/// One commitment change as a list item with its signals.
fn commitment_item(cmp: &Comparison, c: &CommitmentChange) -> String {
    let (which, doc, side) = match (&c.new, &c.old) {
        (Some(n), _) if c.change != CommitmentChangeKind::Removed => ("new", &cmp.new, n),
        (_, Some(o)) => ("old", &cmp.old, o),
        _ => return String::new(),
    };
    let strength = match (&c.old, &c.new) {
        (Some(o), Some(n)) if o.commitment.strength != n.commitment.strength => format!(
            "{} \u{2192} {}",
            o.commitment.strength.as_str(),
            n.commitment.strength.as_str()
        ),
        _ => side.commitment.strength.as_str().to_owned(),
    };
    let cue = match (&c.old, &c.new) {
        (Some(o), Some(n)) if o.commitment.cue != n.commitment.cue => format!(
            "\u{2018}{}\u{2019} \u{2192} \u{2018}{}\u{2019}",
            escape(&o.commitment.cue),
            escape(&n.commitment.cue)
        ),
        _ => format!("\u{2018}{}\u{2019}", escape(&side.commitment.cue)),
    };
    let mut s;
    if let (Some(o), Some(n)) = (&c.old, &c.new) {
        // Both sentences in full, each with its side of the phrase diff marked.
        s = format!(
            "- **{} \u{2192} {}** \u{b7} {strength} \u{b7} cue {cue}\n",
            escape(&paragraph_ref(&cmp.old, o.paragraph)),
            escape(&paragraph_ref(&cmp.new, n.paragraph)),
        );
        let spans = sentence_diff(c);
        for (label, op) in [("old", DiffOp::Delete), ("new", DiffOp::Insert)] {
            let _ = writeln!(s, "  - *{label}:* {}", marked_sentence(&spans, op));
        }
    } else {
        s = format!(
            "- {which} **{}** \u{b7} {strength} \u{b7} cue {cue}: {}\n",
            escape(&paragraph_ref(doc, side.paragraph)),
            escape(&side.commitment.text)
        );
    }
    for signal in &c.signals {
        let _ = writeln!(s, "  - {}", escape(&signal_words(signal)));
    }
    s
}

/// One side of a commitment's sentence diff (`Delete`: the old sentence with `~~deleted~~`
/// phrases; `Insert`: the new one with `**inserted**` phrases), escaped.
fn marked_sentence(spans: &[Span], side: DiffOp) -> String {
    let mut out = String::new();
    let mut guard = false;
    let mut last = None;
    for span in spans {
        let Some(text) = side_text(span, side) else {
            continue;
        };
        let body = text.trim_end();
        if body.is_empty() {
            if !text.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        let marker = match span.op {
            DiffOp::Equal => "",
            DiffOp::Delete => "~~",
            DiffOp::Insert => "**",
        };
        let escaped = escape(body);
        if guard && escaped.starts_with(char::is_alphanumeric) {
            out.push_str("<!-- -->");
        }
        guard = push_marked(&mut out, &escaped, marker, last);
        last = body.chars().last();
        if body.len() < text.len() {
            out.push(' ');
            guard = false;
            last = Some(' ');
        }
    }
    out.trim_end().to_owned()
}

/// Escapes text for use inline in GitHub-flavoured Markdown, table cells included: every
/// character that can open emphasis, strike-through, code, links, images, raw HTML,
/// entities, math, a heading (`#`) or a table cell boundary gets a backslash. Line breaks become spaces.
///
/// Document text must not ping people or turn into links either: a zero-width space
/// (`&#8203;`) follows every `@` (mentions such as `@octocat` or `@org/team`, and e-mail
/// addresses), the `:` of `https://`-like schemes, and the `www` of a bare host.
pub fn escape(text: &str) -> String {
    const BREAK: &str = "&#8203;";
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, c) in text.char_indices() {
        match c {
            '@' => {
                out.push('@');
                out.push_str(BREAK);
            }
            ':' if text[i + 1..].starts_with("//") => {
                out.push(':');
                out.push_str(BREAK);
            }
            '.' if bare_www(&text[..i]) => {
                out.push_str(BREAK);
                out.push('.');
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '|' | '&' | '$' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// True when `before` ends with a word `www` (the start of a bare host name).
fn bare_www(before: &str) -> bool {
    let Some(head) = before.len().checked_sub(3).and_then(|n| before.get(n..)) else {
        return false;
    };
    head.eq_ignore_ascii_case("www")
        && !before[..before.len() - 3]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("a*b_c [x](javascript:y) <img> | $1 & ~~"),
            "a\\*b\\_c \\[x\\](javascript:y) \\<img\\> \\| \\$1 \\& \\~\\~"
        );
        assert_eq!(escape("# Title!"), "\\# Title\\!");
    }

    #[test]
    fn mentions_and_autolinks_are_neutralised() {
        assert_eq!(escape("@octocat"), "@&#8203;octocat");
        assert_eq!(escape("a@b.org"), "a@&#8203;b.org");
        assert_eq!(
            escape("see https://x.org and WWW.nato.int"),
            "see https:&#8203;//x.org and WWW&#8203;.nato.int"
        );
        assert_eq!(escape("awww. ok: /"), "awww. ok: /");
    }

    #[test]
    fn block_starts_are_escaped_only_at_line_start() {
        assert_eq!(escape_line_start("2024. Year", ""), "2024\\. Year");
        assert_eq!(escape_line_start("- item", "x\n"), "\\- item");
        assert_eq!(escape_line_start("- item", "x "), "- item");
        assert_eq!(
            escape_line_start("# not a heading", ""),
            "\\# not a heading"
        );
    }

    #[test]
    fn delimiters_next_to_punctuation_stay_valid() {
        let mut s = String::from("NATO");
        assert!(push_marked(&mut s, ".", "~~", Some('O')));
        assert_eq!(s, "NATO<!-- -->~~.~~");
        let mut s = String::from("We ");
        assert!(!push_marked(&mut s, "may", "**", Some(' ')));
        assert_eq!(s, "We **may**");
    }
}
