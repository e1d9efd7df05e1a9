//! Sentences that moved: a sentence deleted in one place and inserted, word for word,
//! in another (a merge, a split, a redistribution of text between paragraphs) is marked
//! as moved at both ends, each pointing to the other, instead of reading as an
//! unrelated deletion and insertion.
//!
//! Runs over the phrase diffs of all units once they are built. A deleted or inserted
//! span is cut into sentences; a sentence of at least [`MIN_WORDS`] words whose folded
//! words equal those of a sentence on the other side (deleted there if this one is
//! inserted) is a move. Matching is first come, first served in document order, so the
//! result is deterministic. Spans are only cut, never changed, so both sides of every
//! unit still rebuild exactly.

use rustc_hash::FxHashMap as HashMap;

use crate::commitments::split_sentences;
use crate::model::{DiffOp, Span, SpanMove, Unit};
use crate::normalise::fold;

/// Shorter sentences ("We agree.") recur by coincidence and are not marked as moved.
pub const MIN_WORDS: usize = 6;

/// One sentence of a deleted or inserted span.
struct Piece {
    unit: usize,
    span: usize,
    range: std::ops::Range<usize>,
    /// The paragraph id holding it, on the span's side.
    paragraph: usize,
}

/// A moved sentence's place in its span, and its other end.
type Cut = (std::ops::Range<usize>, SpanMove);

/// The comparison form of a sentence: folded words, lower case, single spaces.
fn sentence_key(text: &str) -> Option<String> {
    let folded = fold(text, true);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    (words.len() >= MIN_WORDS).then(|| words.join(" "))
}

/// Marks the sentences that moved between (or inside) units.
pub fn mark_moved_sentences(units: &mut [Unit]) {
    let mut deleted: HashMap<String, Vec<Piece>> = HashMap::default();
    let mut inserted: Vec<(String, Piece)> = Vec::new();
    for (k, unit) in units.iter().enumerate() {
        // Paragraph boundaries ("\n") counted on each side as the spans go by.
        let (mut old_para, mut new_para) = (0usize, 0usize);
        for (s, span) in unit.diff.iter().enumerate() {
            let side_text = match span.op {
                DiffOp::Equal => {
                    old_para += span
                        .old_text
                        .as_deref()
                        .unwrap_or(&span.text)
                        .matches('\n')
                        .count();
                    new_para += span.text.matches('\n').count();
                    continue;
                }
                _ => &span.text,
            };
            for range in split_sentences(side_text) {
                let (ids, base) = match span.op {
                    DiffOp::Delete => (&unit.old, old_para),
                    _ => (&unit.new, new_para),
                };
                let before = side_text[..range.start].matches('\n').count();
                let Some(&paragraph) = ids.get(base + before).or(ids.last()) else {
                    continue;
                };
                let Some(key) = sentence_key(&side_text[range.clone()]) else {
                    continue;
                };
                let piece = Piece {
                    unit: k,
                    span: s,
                    range,
                    paragraph,
                };
                match span.op {
                    DiffOp::Delete => deleted.entry(key).or_default().push(piece),
                    _ => inserted.push((key, piece)),
                }
            }
            let n = side_text.matches('\n').count();
            match span.op {
                DiffOp::Delete => old_para += n,
                _ => new_para += n,
            }
        }
    }
    // (unit, span) -> cuts: (range, other end).
    let mut cuts: HashMap<(usize, usize), Vec<Cut>> = HashMap::default();
    for (key, ins) in inserted {
        let Some(list) = deleted.get_mut(&key) else {
            continue;
        };
        if list.is_empty() {
            continue;
        }
        let del = list.remove(0);
        cuts.entry((del.unit, del.span)).or_default().push((
            del.range.clone(),
            SpanMove {
                unit: ins.unit,
                paragraph: ins.paragraph,
            },
        ));
        cuts.entry((ins.unit, ins.span)).or_default().push((
            ins.range.clone(),
            SpanMove {
                unit: del.unit,
                paragraph: del.paragraph,
            },
        ));
    }
    if cuts.is_empty() {
        return;
    }
    for (k, unit) in units.iter_mut().enumerate() {
        let mut spans = Vec::with_capacity(unit.diff.len());
        for (s, span) in std::mem::take(&mut unit.diff).into_iter().enumerate() {
            let Some(mut marks) = cuts.remove(&(k, s)) else {
                spans.push(span);
                continue;
            };
            marks.sort_by_key(|(r, _)| r.start);
            let mut at = 0;
            let piece = |text: &str, moved| Span {
                op: span.op,
                text: text.to_owned(),
                old_text: None,
                moved,
            };
            for (range, end) in marks {
                if range.start > at {
                    spans.push(piece(&span.text[at..range.start], None));
                }
                spans.push(piece(&span.text[range.clone()], Some(end)));
                at = range.end;
            }
            if at < span.text.len() {
                spans.push(piece(&span.text[at..], None));
            }
        }
        unit.diff = spans;
    }
}
