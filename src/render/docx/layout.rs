//! From a comparison to a sequence of paragraphs whose runs and marks carry tracked
//! changes, arranged so that the text visible with every change accepted is NEW and the
//! text visible with every change rejected is OLD.
//!
//! # Where things go
//!
//! *Anchors* are the paired units that stand in order on both sides (not moved) and whose
//! paragraphs are consecutive on each side. They are written in place, their phrase diff
//! inline: equal text plain, deletions and insertions as tracked runs, a paragraph break
//! present on one side only as a paragraph mark inserted or deleted (which is how a split
//! or a merge is undone by accepting or rejecting it). Between two anchors every other
//! old paragraph is written (in OLD's order), then every other new one (in NEW's order):
//! removed paragraphs as deletions, added ones as insertions, and a moved unit as a
//! `w:moveFrom` block where OLD had it and a `w:moveTo` block where NEW has it, with
//! deletions inside the source and insertions inside the destination. A paired unit
//! whose paragraphs are not consecutive on a side cannot be written in one place without
//! reordering that side; it is written as its old paragraphs deleted and its new ones
//! inserted, each where its side has it.
//!
//! *Moved sentences* (a deletion whose sentence is inserted elsewhere, see
//! [`crate::diff::mark_moved_sentences`]) become `w:moveFrom`/`w:moveTo` pairs too,
//! except inside a moved block (move ranges are not nested).
//!
//! # Equal text that differs in noise
//!
//! An equal span whose old characters differ (`’` for `'`, a space more or less, a
//! paragraph break where the other side has a space) is matched token by token: tokens
//! that differ only in noise show NEW's characters untracked, tokens and spaces that
//! differ otherwise (a space present on one side only, case under `--ignore-case`) are
//! tracked, and breaks are marks inserted or deleted. Rejecting every change therefore
//! gives OLD's text up to noise that its comparison key folds away.

use std::collections::HashMap;

use crate::model::{Comparison, DiffOp, Document, Paragraph, Unit};
use crate::normalise::{fold, split_label};
use crate::tokenize::tokenize;

/// The revision a run of text or a paragraph mark carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Rev {
    /// On both sides.
    Plain,
    /// Inserted: NEW only.
    Ins,
    /// Deleted: OLD only.
    Del,
    /// Moved away from here: OLD only.
    MoveFrom,
    /// Moved here: NEW only.
    MoveTo,
}

impl Rev {
    /// Visible when every change is rejected.
    pub(super) fn in_old(self) -> bool {
        matches!(self, Rev::Plain | Rev::Del | Rev::MoveFrom)
    }

    /// Visible when every change is accepted.
    pub(super) fn in_new(self) -> bool {
        matches!(self, Rev::Plain | Rev::Ins | Rev::MoveTo)
    }
}

/// One piece of a paragraph's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Item {
    /// Text, with no line break in it.
    Text(Rev, String),
    /// The start of the range of comment `n`.
    CommentStart(usize),
    /// The end of the range of comment `n` (and its reference).
    CommentEnd(usize),
    /// The start of the source (`from`) or destination range of move `name`.
    MoveStart { from: bool, name: usize },
    /// The end of that range.
    MoveEnd { from: bool, name: usize },
}

/// Whose paragraph properties an output paragraph takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// The old paragraph with this id.
    Old(usize),
    /// The new paragraph with this id.
    New(usize),
    /// Neither (the closing empty paragraph).
    None,
}

/// One output paragraph: its content, the revision of its mark, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Para {
    pub(super) items: Vec<Item>,
    pub(super) mark: Rev,
    pub(super) source: Source,
}

/// The laid-out document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Layout {
    pub(super) paras: Vec<Para>,
    /// How many moves (unit blocks and sentences) are named.
    pub(super) moves: usize,
}

/// A side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Old,
    New,
}

/// Where a comment range starts or ends: a byte offset in a paragraph's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    offset: usize,
    end: bool,
    comment: usize,
}

/// A comment range on one side: the paragraph and the byte range of its sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Anchor {
    pub(super) old_side: bool,
    pub(super) paragraph: usize,
    pub(super) range: std::ops::Range<usize>,
}

/// The position on one side while text is written.
#[derive(Debug, Clone, Default)]
struct Cursor {
    /// The paragraphs being written on this side (none when the side is not).
    ids: Vec<usize>,
    idx: usize,
    offset: usize,
}

impl Cursor {
    fn at(ids: &[usize]) -> Cursor {
        Cursor {
            ids: ids.to_vec(),
            idx: 0,
            offset: 0,
        }
    }

    fn paragraph(&self) -> Option<usize> {
        self.ids.get(self.idx).copied()
    }

    fn next(&mut self) {
        self.idx += 1;
        self.offset = 0;
    }
}

/// How a piece of text advances the two cursors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Adv {
    /// The same text on both sides.
    Both,
    /// Old text only.
    Old,
    /// New text only.
    New,
    /// New text shown for old text of this many bytes that differs in noise only.
    Noise(usize),
}

/// How a unit is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// In place, its diff inline.
    Anchor,
    /// A move: a source block where OLD had it, a destination block where NEW has it.
    Block(usize),
    /// Each old paragraph deleted and each new one inserted where its side has it.
    Separate,
}

/// A piece of one side's text of a unit: which span it comes from, and whether that
/// span is a change (rather than equal text).
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    span: usize,
    changed: bool,
}

/// Lays out a comparison, with comment ranges at `anchors` (one per comment).
pub(super) fn layout(cmp: &Comparison, anchors: &[Anchor]) -> Layout {
    let mut b = Builder::new(cmp, anchors);
    let classes = classify(&cmp.units, &mut b.moves);
    b.sentence_moves = pair_sentence_moves(&cmp.units, &classes, &mut b.moves);
    let anchor_units: Vec<usize> = (0..cmp.units.len())
        .filter(|&k| classes[k] == Class::Anchor)
        .collect();
    // What stands between anchors: (gap, first paragraph id, unit, paragraph index or
    // None for a whole block).
    type Place = (usize, usize, usize, Option<usize>);
    let (mut olds, mut news): (Vec<Place>, Vec<Place>) = (Vec::new(), Vec::new());
    let old_gap = |id: usize| {
        anchor_units.partition_point(|&a| cmp.units[a].old.last().is_some_and(|&l| l < id))
    };
    let new_gap = |id: usize| {
        anchor_units.partition_point(|&a| cmp.units[a].new.last().is_some_and(|&l| l < id))
    };
    for (k, u) in cmp.units.iter().enumerate() {
        match classes[k] {
            Class::Anchor => {}
            Class::Block(_) => {
                olds.push((old_gap(u.old[0]), u.old[0], k, None));
                news.push((new_gap(u.new[0]), u.new[0], k, None));
            }
            Class::Separate => {
                for (i, &id) in u.old.iter().enumerate() {
                    olds.push((old_gap(id), id, k, Some(i)));
                }
                for (i, &id) in u.new.iter().enumerate() {
                    news.push((new_gap(id), id, k, Some(i)));
                }
            }
        }
    }
    olds.sort_unstable();
    news.sort_unstable();
    let (mut oi, mut ni) = (0, 0);
    for gap in 0..=anchor_units.len() {
        while oi < olds.len() && olds[oi].0 == gap {
            let (_, _, k, i) = olds[oi];
            b.side_of(k, Side::Old, i, classes[k]);
            oi += 1;
        }
        while ni < news.len() && news[ni].0 == gap {
            let (_, _, k, i) = news[ni];
            b.side_of(k, Side::New, i, classes[k]);
            ni += 1;
        }
        if let Some(&k) = anchor_units.get(gap) {
            b.in_place(k);
        }
    }
    b.finish()
}

/// Anchors, move blocks and separated units. Anchors must stand in order on both sides
/// and have consecutive paragraphs; a unit the aligner did not mark as moved but that
/// breaks the order is written as a move too.
fn classify(units: &[Unit], moves: &mut usize) -> Vec<Class> {
    let consecutive = |ids: &[usize]| ids.windows(2).all(|w| w[1] == w[0] + 1);
    let (mut last_old, mut last_new) = (0, 0);
    units
        .iter()
        .map(|u| {
            if u.old.is_empty() || u.new.is_empty() || !consecutive(&u.old) || !consecutive(&u.new)
            {
                return Class::Separate;
            }
            if !u.moved && u.old[0] > last_old && u.new[0] > last_new {
                last_old = *u.old.last().unwrap_or(&last_old);
                last_new = *u.new.last().unwrap_or(&last_new);
                return Class::Anchor;
            }
            *moves += 1;
            Class::Block(*moves)
        })
        .collect()
}

/// For each side, the paragraph (id) each span of a unit starts in.
fn span_paragraphs(u: &Unit) -> Vec<(usize, usize)> {
    let (mut o, mut n) = (0usize, 0usize);
    let at = |ids: &[usize], i: usize| ids.get(i).or(ids.last()).copied().unwrap_or(0);
    u.diff
        .iter()
        .map(|s| {
            let here = (at(&u.old, o), at(&u.new, n));
            let old_text = s.old_text.as_deref().unwrap_or(&s.text);
            match s.op {
                DiffOp::Equal => {
                    o += old_text.matches('\n').count();
                    n += s.text.matches('\n').count();
                }
                DiffOp::Delete => o += s.text.matches('\n').count(),
                DiffOp::Insert => n += s.text.matches('\n').count(),
            }
            here
        })
        .collect()
}

/// The words of a sentence, folded, for matching the two ends of a moved sentence.
fn sentence_words(text: &str) -> String {
    let folded = fold(text, true);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// Names the moved sentences whose two ends can both be written as a move: (unit, span)
/// → move name. Each deleted end points to the unit and new paragraph of its inserted
/// end and back; ends that match on those and on their words are paired in order.
fn pair_sentence_moves(
    units: &[Unit],
    classes: &[Class],
    moves: &mut usize,
) -> HashMap<(usize, usize), usize> {
    type Key = (usize, usize, usize, usize, String);
    let mut deleted: HashMap<Key, Vec<usize>> = HashMap::new();
    let mut inserted: Vec<(Key, (usize, usize))> = Vec::new();
    for (k, u) in units.iter().enumerate() {
        if matches!(classes[k], Class::Block(_)) {
            continue;
        }
        let places = span_paragraphs(u);
        for (s, span) in u.diff.iter().enumerate() {
            let Some(m) = span.moved else { continue };
            if span.text.contains('\n') || matches!(classes.get(m.unit), Some(Class::Block(_))) {
                continue;
            }
            let words = sentence_words(&span.text);
            match span.op {
                DiffOp::Delete => deleted
                    .entry((k, places[s].0, m.unit, m.paragraph, words))
                    .or_default()
                    .push(s),
                DiffOp::Insert => {
                    inserted.push(((m.unit, m.paragraph, k, places[s].1, words), (k, s)))
                }
                DiffOp::Equal => {}
            }
        }
    }
    for list in deleted.values_mut() {
        list.reverse();
    }
    let mut names = HashMap::new();
    for (key, end) in inserted {
        let del_unit = key.0;
        if let Some(s) = deleted.get_mut(&key).and_then(Vec::pop) {
            *moves += 1;
            names.insert((del_unit, s), *moves);
            names.insert(end, *moves);
        }
    }
    names
}

/// Written before an unlabelled paragraph whose text reads like a label (`2. We will`,
/// from a bold `**2. We will**` line): U+2060 WORD JOINER, invisible and folded away by
/// redliner's comparison keys, keeps the reader from taking `2.` for the label.
pub(super) const NOT_A_LABEL: &str = "\u{2060}";

/// The label as text before a paragraph, chosen so that redliner's reader splits it off
/// again (`12.`, `(a)`, `•`): the bare label itself where one of the usual forms reads
/// back as it, else a form that at least leaves the text whole, else the label as it is.
/// An unlabelled paragraph gets [`NOT_A_LABEL`] when its text would read as labelled.
pub(super) fn label_text(p: &Paragraph) -> Option<String> {
    let Some(label) = p.label.as_deref().filter(|l| !l.trim().is_empty()) else {
        let looks_labelled = split_label(&p.text).0.is_some() || p.text.starts_with('#');
        return looks_labelled.then(|| NOT_A_LABEL.to_owned());
    };
    let forms = [
        format!("{label}."),
        format!("({label})"),
        format!("{label})"),
        label.to_owned(),
    ];
    let read = |form: &str| {
        let line = format!("{form} {}", p.text);
        let (got, rest) = split_label(&line);
        (got, rest == p.text)
    };
    let exact = forms
        .iter()
        .find(|f| matches!(read(f), (Some(l), true) if l == label));
    let whole = || forms.iter().find(|f| matches!(read(f), (Some(_), true)));
    let form = exact.or_else(whole).unwrap_or(&forms[3]);
    Some(format!("{form} "))
}

struct Builder<'a> {
    cmp: &'a Comparison,
    paras: Vec<Para>,
    items: Vec<Item>,
    old: Cursor,
    new: Cursor,
    /// Comment marks by side (0 old, 1 new) and paragraph id, in reverse order (the next
    /// one last).
    marks: [HashMap<usize, Vec<Mark>>; 2],
    started: Vec<bool>,
    ended: Vec<bool>,
    moves: usize,
    sentence_moves: HashMap<(usize, usize), usize>,
}

impl<'a> Builder<'a> {
    fn new(cmp: &'a Comparison, anchors: &[Anchor]) -> Builder<'a> {
        let mut marks: [HashMap<usize, Vec<Mark>>; 2] = [HashMap::new(), HashMap::new()];
        for (comment, a) in anchors.iter().enumerate() {
            let list = marks[usize::from(!a.old_side)]
                .entry(a.paragraph)
                .or_default();
            list.push(Mark {
                offset: a.range.start,
                end: false,
                comment,
            });
            list.push(Mark {
                offset: a.range.end,
                end: true,
                comment,
            });
        }
        for side in &mut marks {
            for list in side.values_mut() {
                // Ends before starts at one offset; the next mark last.
                list.sort_by_key(|m| (m.offset, !m.end, m.comment));
                list.reverse();
            }
        }
        Builder {
            cmp,
            paras: Vec::new(),
            items: Vec::new(),
            old: Cursor::default(),
            new: Cursor::default(),
            marks,
            started: vec![false; anchors.len()],
            ended: vec![false; anchors.len()],
            moves: 0,
            sentence_moves: HashMap::new(),
        }
    }

    fn cursor(&mut self, side: Side) -> &mut Cursor {
        match side {
            Side::Old => &mut self.old,
            Side::New => &mut self.new,
        }
    }

    fn doc(&self, side: Side) -> &'a Document {
        match side {
            Side::Old => &self.cmp.old,
            Side::New => &self.cmp.new,
        }
    }

    /// Emits the comment marks of `side` at or before its cursor (all of the current
    /// paragraph's with `all`).
    fn flush(&mut self, side: Side, all: bool) {
        let cursor = match side {
            Side::Old => &self.old,
            Side::New => &self.new,
        };
        let (Some(p), offset) = (cursor.paragraph(), cursor.offset) else {
            return;
        };
        loop {
            let Some(list) = self.marks[side as usize].get_mut(&p) else {
                return;
            };
            match list.last().copied() {
                Some(m) if all || m.offset <= offset => {
                    list.pop();
                    self.mark(m);
                }
                _ => return,
            }
        }
    }

    fn mark(&mut self, m: Mark) {
        if m.end {
            if self.started[m.comment] && !self.ended[m.comment] {
                self.ended[m.comment] = true;
                self.items.push(Item::CommentEnd(m.comment));
            }
        } else if !self.started[m.comment] {
            self.started[m.comment] = true;
            self.items.push(Item::CommentStart(m.comment));
        }
    }

    /// The next comment mark inside the next `len` bytes of `side`, as an offset from
    /// its cursor.
    fn next_mark(&self, side: Side, len: usize) -> Option<usize> {
        let cursor = match side {
            Side::Old => &self.old,
            Side::New => &self.new,
        };
        let p = cursor.paragraph()?;
        let m = self.marks[side as usize].get(&p)?.last()?;
        (m.offset > cursor.offset && m.offset < cursor.offset + len)
            .then(|| m.offset - cursor.offset)
    }

    /// Writes a piece of text (no line breaks), cut where comment ranges start or end.
    fn text(&mut self, rev: Rev, text: &str, adv: Adv) {
        let sides: &[Side] = match adv {
            Adv::Both => &[Side::Old, Side::New],
            Adv::Old => &[Side::Old],
            Adv::New | Adv::Noise(_) => &[Side::New],
        };
        let mut rest = text;
        loop {
            for &s in sides {
                self.flush(s, false);
            }
            if matches!(adv, Adv::Noise(_)) {
                self.flush(Side::Old, false);
            }
            let cut = sides
                .iter()
                .filter_map(|&s| self.next_mark(s, rest.len()))
                .min()
                .map(|k| floor_boundary(rest, k))
                .filter(|&k| k > 0 && k < rest.len());
            let piece = match cut {
                Some(k) => &rest[..k],
                None => rest,
            };
            if !piece.is_empty() {
                match self.items.last_mut() {
                    Some(Item::Text(r, t)) if *r == rev => t.push_str(piece),
                    _ => self.items.push(Item::Text(rev, piece.to_owned())),
                }
            }
            for &s in sides {
                self.cursor(s).offset += piece.len();
            }
            rest = &rest[piece.len()..];
            if cut.is_none() {
                break;
            }
        }
        if let Adv::Noise(old_len) = adv {
            self.old.offset += old_len;
        }
        for &s in sides {
            self.flush(s, false);
        }
        if matches!(adv, Adv::Noise(_)) {
            self.flush(Side::Old, false);
        }
    }

    /// Ends the current paragraph with a mark carrying `rev`; the sides that see the
    /// mark move to their next paragraph.
    fn brk(&mut self, rev: Rev) {
        if rev.in_old() {
            self.flush(Side::Old, true);
        }
        if rev.in_new() {
            self.flush(Side::New, true);
        }
        let source = match (rev.in_new(), self.new.paragraph(), self.old.paragraph()) {
            (true, Some(id), _) => Source::New(id),
            (_, _, Some(id)) if rev.in_old() => Source::Old(id),
            _ => Source::None,
        };
        self.paras.push(Para {
            items: std::mem::take(&mut self.items),
            mark: rev,
            source,
        });
        if rev.in_old() {
            self.old.next();
        }
        if rev.in_new() {
            self.new.next();
        }
    }

    fn label(&self, side: Side) -> Option<String> {
        let c = match side {
            Side::Old => &self.old,
            Side::New => &self.new,
        };
        let doc = self.doc(side);
        let id = c.paragraph()?;
        doc.paragraphs.get(id.checked_sub(1)?).and_then(label_text)
    }

    /// The labels of the paragraphs both sides start now: plain when they read the same.
    fn label_both(&mut self) {
        match (self.label(Side::Old), self.label(Side::New)) {
            (Some(a), Some(b)) if a == b => self.items.push(Item::Text(Rev::Plain, a)),
            (a, b) => {
                if let Some(a) = a {
                    self.items.push(Item::Text(Rev::Del, a));
                }
                if let Some(b) = b {
                    self.items.push(Item::Text(Rev::Ins, b));
                }
            }
        }
    }

    fn label_side(&mut self, side: Side, rev: Rev) {
        if let Some(l) = self.label(side) {
            self.items.push(Item::Text(rev, l));
        }
    }

    /// Text of one side that may hold paragraph breaks (marks carrying `rev`).
    fn side_text(&mut self, side: Side, rev: Rev, text: &str) {
        let adv = match side {
            Side::Old => Adv::Old,
            Side::New => Adv::New,
        };
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.brk(rev);
                self.label_side(side, rev);
            }
            self.text(rev, line, adv);
        }
    }

    /// An anchor: both sides in place, the phrase diff inline.
    fn in_place(&mut self, k: usize) {
        let u = &self.cmp.units[k];
        self.old = Cursor::at(&u.old);
        self.new = Cursor::at(&u.new);
        self.label_both();
        for (s, span) in u.diff.iter().enumerate() {
            let name = self.sentence_moves.get(&(k, s)).copied();
            match span.op {
                DiffOp::Equal => self.equal(&span.text, span.old_text.as_deref()),
                DiffOp::Delete | DiffOp::Insert => {
                    let (side, rev, from) = match (span.op, name) {
                        (DiffOp::Delete, None) => (Side::Old, Rev::Del, true),
                        (DiffOp::Delete, Some(_)) => (Side::Old, Rev::MoveFrom, true),
                        (_, None) => (Side::New, Rev::Ins, false),
                        (_, Some(_)) => (Side::New, Rev::MoveTo, false),
                    };
                    if let Some(name) = name {
                        self.items.push(Item::MoveStart { from, name });
                    }
                    self.side_text(side, rev, &span.text);
                    if let Some(name) = name {
                        self.items.push(Item::MoveEnd { from, name });
                    }
                }
            }
        }
        self.brk(Rev::Plain);
        self.old = Cursor::default();
        self.new = Cursor::default();
    }

    /// Equal text of an anchor: NEW's characters, with OLD's where they differ in more
    /// than noise (see the module documentation).
    fn equal(&mut self, new: &str, old: Option<&str>) {
        let Some(old) = old.filter(|o| *o != new) else {
            for (i, line) in new.split('\n').enumerate() {
                if i > 0 {
                    self.brk(Rev::Plain);
                    self.label_both();
                }
                self.text(Rev::Plain, line, Adv::Both);
            }
            return;
        };
        let Some(pairs) = token_pairs(old, new) else {
            self.side_text(Side::Old, Rev::Del, old);
            self.side_text(Side::New, Rev::Ins, new);
            return;
        };
        for (o, n) in pairs {
            if o.word {
                self.token(o.text, n.text);
            } else {
                self.space(o.text, n.text);
            }
        }
    }

    fn token(&mut self, old: &str, new: &str) {
        if old == new {
            self.text(Rev::Plain, new, Adv::Both);
        } else if fold(old, false) == fold(new, false) {
            self.text(Rev::Plain, new, Adv::Noise(old.len()));
        } else {
            self.text(Rev::Del, old, Adv::Old);
            self.text(Rev::Ins, new, Adv::New);
        }
    }

    /// The whitespace between two equal tokens: a paragraph break on one side only is a
    /// mark inserted or deleted, and a space on one side only is tracked.
    fn space(&mut self, old: &str, new: &str) {
        let (ob, nb) = (old.contains('\n'), new.contains('\n'));
        let strip = |s: &str| s.replace('\n', "");
        let (os, ns) = (strip(old), strip(new));
        match (ob, nb) {
            (false, false) if old == new => self.text(Rev::Plain, new, Adv::Both),
            (false, false) if !old.is_empty() && !new.is_empty() => {
                self.text(Rev::Plain, new, Adv::Noise(old.len()))
            }
            _ => {
                if os == ns && !os.is_empty() {
                    self.text(Rev::Plain, &ns, Adv::Both);
                } else {
                    self.text(Rev::Del, &os, Adv::Old);
                    self.text(Rev::Ins, &ns, Adv::New);
                }
                match (ob, nb) {
                    (true, true) => {
                        self.brk(Rev::Plain);
                        self.label_both();
                    }
                    (true, false) => {
                        self.brk(Rev::Del);
                        self.label_side(Side::Old, Rev::Del);
                    }
                    (false, true) => {
                        self.brk(Rev::Ins);
                        self.label_side(Side::New, Rev::Ins);
                    }
                    (false, false) => {}
                }
            }
        }
    }

    /// One side of a unit written on its own: a whole move block, or one paragraph of a
    /// separated unit (`only`).
    fn side_of(&mut self, k: usize, side: Side, only: Option<usize>, class: Class) {
        let u = &self.cmp.units[k];
        let ids = match side {
            Side::Old => &u.old,
            Side::New => &u.new,
        };
        let paras = side_pieces(u, side, ids.len());
        let block = match class {
            Class::Block(name) => Some(name),
            _ => None,
        };
        let (equal_rev, change_rev, moved_rev) = match (side, block) {
            (Side::Old, Some(_)) => (Rev::MoveFrom, Rev::Del, Rev::MoveFrom),
            (Side::Old, None) => (Rev::Del, Rev::Del, Rev::MoveFrom),
            (Side::New, Some(_)) => (Rev::MoveTo, Rev::Ins, Rev::MoveTo),
            (Side::New, None) => (Rev::Ins, Rev::Ins, Rev::MoveTo),
        };
        let from = side == Side::Old;
        let adv = if from { Adv::Old } else { Adv::New };
        let range = match only {
            Some(i) => i..i + 1,
            None => 0..ids.len(),
        };
        *self.cursor(side) = Cursor {
            ids: ids.clone(),
            idx: range.start,
            offset: 0,
        };
        if let Some(name) = block {
            self.items.push(Item::MoveStart { from, name });
        }
        for i in range {
            self.label_side(side, equal_rev);
            for piece in paras.get(i).map(Vec::as_slice).unwrap_or_default() {
                let name = self.sentence_moves.get(&(k, piece.span)).copied();
                let rev = match (piece.changed, name) {
                    (false, _) => equal_rev,
                    (true, None) => change_rev,
                    (true, Some(_)) => moved_rev,
                };
                if let Some(name) = name {
                    self.items.push(Item::MoveStart { from, name });
                }
                self.text(rev, &piece.text, adv);
                if let Some(name) = name {
                    self.items.push(Item::MoveEnd { from, name });
                }
            }
            self.brk(equal_rev);
        }
        // After the last mark, so that the range holds it: the writer puts a range
        // marker that opens a paragraph between paragraphs.
        if let Some(name) = block {
            self.items.push(Item::MoveEnd { from, name });
        }
        *self.cursor(side) = Cursor::default();
    }

    /// Closes the document: comment ranges never reached are placed at the end, and the
    /// last paragraph mark is plain (Word keeps a final mark whatever is rejected).
    fn finish(mut self) -> Layout {
        for c in 0..self.started.len() {
            if !self.started[c] {
                self.mark(Mark {
                    offset: 0,
                    end: false,
                    comment: c,
                });
            }
            self.mark(Mark {
                offset: 0,
                end: true,
                comment: c,
            });
        }
        if !self.items.is_empty() || self.paras.last().is_none_or(|p| p.mark != Rev::Plain) {
            self.paras.push(Para {
                items: std::mem::take(&mut self.items),
                mark: Rev::Plain,
                source: Source::None,
            });
        }
        Layout {
            paras: self.paras,
            moves: self.moves,
        }
    }
}

/// The largest char boundary of `s` at or before `k`.
fn floor_boundary(s: &str, mut k: usize) -> usize {
    k = k.min(s.len());
    while !s.is_char_boundary(k) {
        k -= 1;
    }
    k
}

/// One side's text of a unit, cut into its paragraphs (`count` of them), each a list of
/// pieces by span.
fn side_pieces(u: &Unit, side: Side, count: usize) -> Vec<Vec<Piece>> {
    let mut paras: Vec<Vec<Piece>> = vec![Vec::new()];
    for (s, span) in u.diff.iter().enumerate() {
        let text = match (span.op, side) {
            (DiffOp::Equal, Side::Old) => span.old_text.as_deref().unwrap_or(&span.text),
            (DiffOp::Equal, Side::New) | (DiffOp::Delete, Side::Old) => &span.text,
            (DiffOp::Insert, Side::New) => &span.text,
            _ => continue,
        };
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                paras.push(Vec::new());
            }
            if !line.is_empty() {
                if let Some(p) = paras.last_mut() {
                    p.push(Piece {
                        text: line.to_owned(),
                        span: s,
                        changed: span.op != DiffOp::Equal,
                    });
                }
            }
        }
    }
    // A stray line break cannot add a paragraph the side does not have.
    while paras.len() > count.max(1) {
        let extra = paras.pop().unwrap_or_default();
        if let Some(p) = paras.last_mut() {
            p.extend(extra.into_iter().map(|mut piece| {
                piece.text.insert(0, ' ');
                piece
            }));
        }
    }
    paras
}

/// A token or the whitespace after it.
#[derive(Debug, Clone, Copy)]
struct Bit<'t> {
    text: &'t str,
    word: bool,
}

/// The tokens and spaces of two texts whose tokens are equal one for one (an equal
/// span), paired; `None` when they do not pair up.
fn token_pairs<'t>(old: &'t str, new: &'t str) -> Option<Vec<(Bit<'t>, Bit<'t>)>> {
    let bits = |text: &'t str| -> Option<Vec<Bit<'t>>> {
        let toks = tokenize(text);
        let lead = toks.first().map_or(text.len(), |t| t.span.start);
        let mut out = vec![Bit {
            text: &text[..lead],
            word: false,
        }];
        let mut at = lead;
        for t in toks {
            if t.span.start != at {
                return None;
            }
            out.push(Bit {
                text: &text[t.span.clone()],
                word: true,
            });
            out.push(Bit {
                text: &text[t.space.clone()],
                word: false,
            });
            at = t.space.end;
        }
        (at == text.len()).then_some(out)
    };
    let (a, b) = (bits(old)?, bits(new)?);
    (a.len() == b.len()).then(|| a.into_iter().zip(b).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ParagraphKind;

    fn para(label: Option<&str>, text: &str) -> Paragraph {
        Paragraph {
            id: 1,
            label: label.map(str::to_owned),
            kind: ParagraphKind::Body,
            text: text.into(),
            key: text.into(),
            line: 1,
        }
    }

    /// The paragraphs visible with every change rejected and with every change accepted,
    /// read the way Word (and redliner's reader) join a paragraph whose mark is gone.
    fn views(l: &Layout) -> (Vec<String>, Vec<String>) {
        let view = |keep: fn(Rev) -> bool| {
            let (mut out, mut carry) = (Vec::new(), String::new());
            for p in &l.paras {
                for item in &p.items {
                    if let Item::Text(r, t) = item {
                        if keep(*r) {
                            carry.push_str(t);
                        }
                    }
                }
                if keep(p.mark) {
                    out.push(std::mem::take(&mut carry));
                }
            }
            out.push(carry);
            out.retain(|t| !t.is_empty());
            out
        };
        (view(Rev::in_old), view(Rev::in_new))
    }

    fn lines(doc: &Document) -> Vec<String> {
        doc.paragraphs
            .iter()
            .map(|p| label_text(p).unwrap_or_default() + &p.text)
            .collect()
    }

    fn laid(old: &str, new: &str) -> (Comparison, Layout) {
        let opts = crate::Options::default();
        let o = crate::parse_document("old.txt", old.as_bytes(), &opts).unwrap();
        let n = crate::parse_document("new.txt", new.as_bytes(), &opts).unwrap();
        let cmp = crate::compare(o, n, &opts);
        let l = layout(&cmp, &[]);
        (cmp, l)
    }

    const OLD: &str = "1. Allies reaffirmed their commitment to collective defence and to the security of the whole Euro-Atlantic area. We will spend at least 2% of our GDP on defence every year.\n\n2. We condemn the illegal war of aggression against Ukraine in the strongest terms.\n\n3. The Alliance will strengthen cooperation with partners in the Indo-Pacific region on cyber defence.\n\n4. We remain committed to arms control, disarmament and non-proliferation as essential elements of security.\n\n5. We thank the host nation for its \u{201c}warm\u{201d} hospitality during the meeting in Vilnius.\n";
    const NEW: &str = "1. Allies reaffirmed their commitment to collective defence and to the security of the whole Euro-Atlantic area.\n\n2. We will spend at least 2% of our GDP on defence every year.\n\n3. We condemn the illegal war of aggression against Ukraine in the strongest terms. We remain committed to arms control, disarmament and non-proliferation as essential elements of security.\n\n4. We thank the host nation for its \"warm\" hospitality during the meeting in Vilnius.\n\n5. The Alliance will strengthen cooperation with partners in the Indo-Pacific region on cyber defence.\n";

    #[test]
    fn split_merge_move_and_noise_accept_to_new_and_reject_to_old() {
        let (cmp, l) = laid(OLD, NEW);
        let kinds: Vec<_> = cmp.units.iter().map(|u| (u.kind, u.moved)).collect();
        use crate::model::UnitKind::*;
        assert_eq!(
            kinds,
            [
                (Split, false),
                (Merged, false),
                (Unchanged, false),
                (Unchanged, true)
            ]
        );
        let (old, new) = views(&l);
        assert_eq!(new, lines(&cmp.new));
        // Rejecting restores OLD, but for the quotes, which differ in noise only.
        let old_lines: Vec<String> = lines(&cmp.old)
            .into_iter()
            .map(|t| t.replace(['\u{201c}', '\u{201d}'], "\""))
            .collect();
        assert_eq!(old, old_lines);
        let marks: Vec<Rev> = l.paras.iter().map(|p| p.mark).collect();
        // The split's break is an inserted mark; the moved paragraph leaves a moveFrom
        // block and arrives as a moveTo block; the merge (of paragraphs 2 and 4, which
        // are not consecutive) is written as deletions and insertions.
        assert!(marks.contains(&Rev::Ins));
        assert!(marks.contains(&Rev::MoveFrom) && marks.contains(&Rev::MoveTo));
        assert!(marks.contains(&Rev::Del));
        assert_eq!(l.moves, 1);
        let starts = |from| {
            l.paras
                .iter()
                .flat_map(|p| &p.items)
                .filter(|i| matches!(i, Item::MoveStart { from: f, .. } if *f == from))
                .count()
        };
        assert_eq!((starts(true), starts(false)), (1, 1));
    }

    #[test]
    fn a_moved_sentence_is_a_named_move() {
        let old = "We condemn the illegal war of aggression against Ukraine in the strongest terms. Our support for Ukraine will continue for as long as it takes.\n\nWe remain committed to arms control, disarmament and non-proliferation as essential elements of security.\n";
        let new = "We condemn the illegal war of aggression against Ukraine in the strongest terms.\n\nWe remain committed to arms control, disarmament and non-proliferation as essential elements of security. Our support for Ukraine will continue for as long as it takes.\n";
        let (cmp, l) = laid(old, new);
        let (o, n) = views(&l);
        assert_eq!((o, n), (lines(&cmp.old), lines(&cmp.new)));
        let items: Vec<&Item> = l.paras.iter().flat_map(|p| &p.items).collect();
        let moved: Vec<&Item> = items
            .iter()
            .copied()
            .filter(|i| matches!(i, Item::Text(Rev::MoveFrom | Rev::MoveTo, _)))
            .collect();
        assert_eq!(moved.len(), 2, "{items:?}");
        assert!(items.contains(&&Item::MoveStart {
            from: true,
            name: 1
        }));
        assert!(items.contains(&&Item::MoveEnd {
            from: false,
            name: 1
        }));
    }

    #[test]
    fn comment_ranges_cover_their_sentence() {
        let (cmp, _) = laid(OLD, NEW);
        let p = &cmp.new.paragraphs[1];
        let anchors = [Anchor {
            old_side: false,
            paragraph: p.id,
            range: 0..p.text.len(),
        }];
        let l = layout(&cmp, &anchors);
        let mut inside = String::new();
        let mut on = false;
        for item in l.paras.iter().flat_map(|p| &p.items) {
            match item {
                Item::CommentStart(0) => on = true,
                Item::CommentEnd(0) => on = false,
                Item::Text(r, t) if on && r.in_new() => inside.push_str(t),
                _ => {}
            }
        }
        assert_eq!(inside, p.text);
    }

    #[test]
    fn labels_read_back_as_themselves() {
        let l = |label: &str| label_text(&para(Some(label), "We meet here.")).unwrap();
        assert_eq!(l("12"), "12. ");
        assert_eq!(l("a"), "a. ");
        assert_eq!(l("iv"), "iv. ");
        assert_eq!(l("7.1"), "7.1. ");
        assert_eq!(l("\u{2022}"), "\u{2022} ");
        assert_eq!(l("fn1"), "fn1 ");
        assert_eq!(label_text(&para(None, "x")), None);
        assert_eq!(
            label_text(&para(None, "2. We will")).as_deref(),
            Some(NOT_A_LABEL)
        );
    }

    #[test]
    fn tokens_pair_with_their_spaces() {
        let pairs = token_pairs("One two.\nThree", "One two. Three").unwrap();
        let spaces: Vec<(&str, &str)> = pairs
            .iter()
            .filter(|(o, _)| !o.word)
            .map(|(o, n)| (o.text, n.text))
            .collect();
        assert_eq!(
            spaces,
            [("", ""), (" ", " "), ("", ""), ("\n", " "), ("", "")]
        );
        assert!(token_pairs("a b", "a b c").is_none());
    }

    #[test]
    fn revisions_are_seen_from_the_right_side() {
        assert!(Rev::Del.in_old() && !Rev::Del.in_new());
        assert!(Rev::MoveTo.in_new() && !Rev::MoveTo.in_old());
        assert!(Rev::Plain.in_old() && Rev::Plain.in_new());
        assert_eq!(floor_boundary("a€b", 2), 1);
    }
}
