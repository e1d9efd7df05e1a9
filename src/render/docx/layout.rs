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

use super::pieces::{
    floor_boundary, label_text, pair_sentence_moves, side_pieces, token_pairs, Side,
};
use crate::model::{Comparison, DiffOp, Document, Unit};
use crate::normalise::fold;

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

/// Lays out a comparison, with comment ranges at `anchors` (one per comment).
pub(super) fn layout(cmp: &Comparison, anchors: &[Anchor]) -> Layout {
    let mut b = Builder::new(cmp, anchors);
    let classes = classify(&cmp.units, &mut b.moves);
    let in_block: Vec<bool> = classes
        .iter()
        .map(|c| matches!(c, Class::Block(_)))
        .collect();
    b.sentence_moves = pair_sentence_moves(&cmp.units, &in_block, &mut b.moves);
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn revisions_are_seen_from_the_right_side() {
        assert!(Rev::Del.in_old() && !Rev::Del.in_new());
        assert!(Rev::MoveTo.in_new() && !Rev::MoveTo.in_old());
        assert!(Rev::Plain.in_old() && Rev::Plain.in_new());
    }
}
