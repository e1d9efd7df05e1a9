//! How one unit's text is cut up for the layout: each side's paragraphs by span, the
//! tokens of an equal span paired with their old counterparts, the labels written as
//! text, and the moved sentences whose two ends become a named move.

use std::collections::HashMap;

use crate::model::{DiffOp, Paragraph, Unit};
use crate::normalise::{fold, split_label};
use crate::tokenize::tokenize;

/// A side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// OLD.
    Old,
    /// NEW.
    New,
}

/// A piece of one side's text of a unit: which span it comes from, and whether that
/// span is a change (rather than equal text).
#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) text: String,
    pub(super) span: usize,
    pub(super) changed: bool,
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
pub(super) fn pair_sentence_moves(
    units: &[Unit],
    in_block: &[bool],
    moves: &mut usize,
) -> HashMap<(usize, usize), usize> {
    type Key = (usize, usize, usize, usize, String);
    let mut deleted: HashMap<Key, Vec<usize>> = HashMap::new();
    let mut inserted: Vec<(Key, (usize, usize))> = Vec::new();
    for (k, u) in units.iter().enumerate() {
        if in_block[k] {
            continue;
        }
        let places = span_paragraphs(u);
        for (s, span) in u.diff.iter().enumerate() {
            let Some(m) = span.moved else { continue };
            if span.text.contains('\n') || in_block.get(m.unit).copied().unwrap_or(true) {
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

/// The largest char boundary of `s` at or before `k`.
pub(super) fn floor_boundary(s: &str, mut k: usize) -> usize {
    k = k.min(s.len());
    while !s.is_char_boundary(k) {
        k -= 1;
    }
    k
}

/// One side's text of a unit, cut into its paragraphs (`count` of them), each a list of
/// pieces by span.
pub(super) fn side_pieces(u: &Unit, side: Side, count: usize) -> Vec<Vec<Piece>> {
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
pub(super) struct Bit<'t> {
    pub(super) text: &'t str,
    pub(super) word: bool,
}

/// The tokens and spaces of two texts whose tokens are equal one for one (an equal
/// span), paired; `None` when they do not pair up.
pub(super) fn token_pairs<'t>(old: &'t str, new: &'t str) -> Option<Vec<(Bit<'t>, Bit<'t>)>> {
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
    fn boundaries_fall_between_characters() {
        assert_eq!(floor_boundary("a€b", 2), 1);
        assert_eq!(floor_boundary("ab", 9), 2);
    }
}
