//! The module's internal tokenizer: words and punctuation marks with their
//! byte spans, and the paragraph prefix that detection and comparison skip.

use std::ops::Range;

/// How many tokens detection looks ahead for an apposition, a coordinated
/// cue or a closing `]`, which keeps it linear on pathological input.
pub(super) const SCAN_LIMIT: usize = 80;

/// A word or punctuation mark with its byte span in the source text.
#[derive(Debug, Clone)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Lowercased text with curly apostrophes folded to `'`.
    pub(super) low: String,
    pub(super) word: bool,
}

pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn alnum_at(cs: &[(usize, char)], i: usize) -> bool {
    cs.get(i).is_some_and(|c| c.1.is_alphanumeric())
}

pub(super) fn byte_at(cs: &[(usize, char)], i: usize, len: usize) -> usize {
    cs.get(i).map_or(len, |c| c.0)
}

/// Splits text into words (letters and digits, joined by inner `-`, `.`, and
/// `,` between digits) and single punctuation marks. An apostrophe inside a
/// word starts a new word, so `we’ll` is `we` + `'ll`.
pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(&(start, c)) = cs.get(i) {
        let suffix = is_apostrophe(c) && i > 0 && alnum_at(&cs, i - 1) && alnum_at(&cs, i + 1);
        let next = if c.is_whitespace() {
            i + 1
        } else if c.is_alphanumeric() || suffix {
            word_end(&cs, i + 1)
        } else {
            i + 1
        };
        if !c.is_whitespace() {
            let end = byte_at(&cs, next, text.len());
            toks.push(make_tok(text, start..end, c.is_alphanumeric() || suffix));
        }
        i = next;
    }
    toks
}

fn make_tok(text: &str, span: Range<usize>, word: bool) -> Tok {
    let raw = text.get(span.clone()).unwrap_or("");
    Tok {
        start: span.start,
        end: span.end,
        low: raw.to_lowercase().replace(['’', 'ʼ'], "'"),
        word,
    }
}

/// Index one past the last char of the word that continues at `i`.
fn word_end(cs: &[(usize, char)], mut i: usize) -> usize {
    while let Some(&(_, c)) = cs.get(i) {
        let digit = |k: usize| cs.get(k).is_some_and(|x| x.1.is_ascii_digit());
        let joins = match c {
            '-' | '‑' | '.' => alnum_at(cs, i - 1) && alnum_at(cs, i + 1),
            ',' => digit(i - 1) && digit(i + 1),
            _ => c.is_alphanumeric(),
        };
        if !joins {
            break;
        }
        i += 1;
    }
    i
}

/// First token after `[…]` artefacts, list markers and paragraph numbers.
pub(super) fn skip_prefix(toks: &[Tok]) -> usize {
    let mut i = 0;
    loop {
        let Some(t) = toks.get(i) else { return i };
        let marker = !t.word && matches!(t.low.as_str(), "*" | "-" | "•" | "#" | ">" | "\\" | "_");
        let number = t.word && t.low.len() <= 3 && t.low.bytes().all(|b| b.is_ascii_digit());
        let closes = |k: usize| {
            toks.get(k)
                .is_some_and(|n| matches!(n.low.as_str(), "." | ")" | "\\"))
        };
        i = if !t.word && t.low == "[" {
            let close = toks
                .get(i..)
                .and_then(|r| r.iter().take(SCAN_LIMIT).position(|n| n.low == "]"));
            close.map_or(i + 1, |p| i + p + 1)
        } else if marker {
            i + 1
        } else if number && closes(i + 1) {
            (i + 1..toks.len())
                .find(|&k| !closes(k))
                .unwrap_or(toks.len())
        } else {
            return i;
        };
    }
}
