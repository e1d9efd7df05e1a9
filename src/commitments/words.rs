//! The module's internal tokenizer: words and punctuation marks with their
//! byte spans, and the paragraph prefix that detection and comparison skip.

use std::borrow::Cow;
use std::ops::Range;

/// How many tokens detection looks ahead for an apposition, a coordinated
/// cue or a closing `]`, which keeps it linear on pathological input.
pub(super) const SCAN_LIMIT: usize = 80;

/// A word or punctuation mark with its byte span in the source text.
#[derive(Debug, Clone)]
pub(super) struct Tok<'a> {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Lowercased text with curly apostrophes folded to `'`; borrowed from
    /// the source when it is already lowercase ASCII.
    pub(super) low: Cow<'a, str>,
    pub(super) word: bool,
}

impl Tok<'_> {
    /// The lowercased text.
    pub(super) fn low(&self) -> &str {
        &self.low
    }
}

pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// The char starting at byte `pos`, if any (ASCII without decoding).
fn char_at(text: &str, pos: usize) -> Option<char> {
    match text.as_bytes().get(pos) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text.get(pos..)?.chars().next(),
        None => None,
    }
}

fn alnum_at(text: &str, pos: usize) -> bool {
    char_at(text, pos).is_some_and(char::is_alphanumeric)
}

/// Splits text into words (letters and digits, joined by inner `-`, `.`, and
/// `,` between digits) and single punctuation marks. An apostrophe inside a
/// word starts a new word, so `we’ll` is `we` + `'ll`.
pub(super) fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::with_capacity(text.len() / 6 + 1);
    toks.extend(tokens(text));
    toks
}

/// The tokens of [`tokenize`], one at a time.
pub(super) fn tokens(text: &str) -> Tokens<'_> {
    Tokens {
        text,
        pos: 0,
        prev_alnum: false,
    }
}

/// Iterator over the tokens of a text: see [`tokens`].
pub(super) struct Tokens<'a> {
    text: &'a str,
    /// Byte offset of the next char to read.
    pos: usize,
    /// Whether the char before `pos` is alphanumeric.
    prev_alnum: bool,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Tok<'a>;

    fn next(&mut self) -> Option<Tok<'a>> {
        let text = self.text;
        loop {
            let (start, c) = (self.pos, char_at(text, self.pos)?);
            let after = start + c.len_utf8();
            let suffix = is_apostrophe(c) && self.prev_alnum && alnum_at(text, after);
            let word = c.is_alphanumeric() || suffix;
            let (next, last) = if word {
                word_end(text, after, c)
            } else {
                (after, c)
            };
            self.prev_alnum = last.is_alphanumeric();
            self.pos = next;
            if !c.is_whitespace() {
                return Some(make_tok(text, start..next, word));
            }
        }
    }
}

fn make_tok(text: &str, span: Range<usize>, word: bool) -> Tok<'_> {
    let raw = text.get(span.clone()).unwrap_or("");
    Tok {
        start: span.start,
        end: span.end,
        low: fold(raw),
        word,
    }
}

/// Lowercase with curly apostrophes folded to `'`; ASCII text (the usual
/// case) skips the Unicode tables and the apostrophe pass.
fn fold(raw: &str) -> Cow<'_, str> {
    if raw.is_ascii() {
        if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Owned(raw.to_ascii_lowercase());
        }
        return Cow::Borrowed(raw);
    }
    let low = raw.to_lowercase();
    Cow::Owned(if low.contains(['’', 'ʼ']) {
        low.replace(['’', 'ʼ'], "'")
    } else {
        low
    })
}

/// Byte offset one past the last char of the word that continues at `pos`
/// after the char `prev`, and the word's last char.
fn word_end(text: &str, mut pos: usize, mut prev: char) -> (usize, char) {
    loop {
        // Fast path: ASCII letters and digits always continue a word.
        let rest = text.as_bytes().get(pos..).unwrap_or(&[]);
        let run = rest
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if let Some(&last) = run.checked_sub(1).and_then(|k| rest.get(k)) {
            prev = char::from(last);
            pos += run;
        }
        let Some(c) = char_at(text, pos) else { break };
        let after = pos + c.len_utf8();
        let joins = match c {
            '-' | '‑' | '.' => prev.is_alphanumeric() && alnum_at(text, after),
            ',' => {
                prev.is_ascii_digit() && char_at(text, after).is_some_and(|d| d.is_ascii_digit())
            }
            _ => c.is_alphanumeric(),
        };
        if !joins {
            break;
        }
        prev = c;
        pos = after;
    }
    (pos, prev)
}

/// First token after `[…]` artefacts, list markers and paragraph numbers.
pub(super) fn skip_prefix(toks: &[Tok]) -> usize {
    let mut i = 0;
    loop {
        let Some(t) = toks.get(i) else { return i };
        let marker = !t.word && matches!(t.low(), "*" | "-" | "•" | "#" | ">" | "\\" | "_");
        let number = t.word && t.low.len() <= 3 && t.low.bytes().all(|b| b.is_ascii_digit());
        let closes = |k: usize| {
            toks.get(k)
                .is_some_and(|n| matches!(n.low(), "." | ")" | "\\"))
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
