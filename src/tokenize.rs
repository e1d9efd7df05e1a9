//! Splitting paragraph text into tokens: words, numbers with their units, and punctuation.
//!
//! Written by hand because `unicode-segmentation`'s word bounds split `3.5%`, drop `%`
//! and `€`, and cut `€40 billion` into three pieces, while an analyst reads each of these
//! as one quantity. Every token keeps its byte span in the paragraph text.

use std::ops::Range;

/// A token of a paragraph: a word, a number with its unit, or a punctuation mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range of the token in the text.
    pub span: Range<usize>,
    /// Byte range of the whitespace that follows it.
    pub space: Range<usize>,
    /// True for words and numbers, false for punctuation.
    pub is_word: bool,
}

const SCALES: [&str; 8] = [
    "billion",
    "million",
    "trillion",
    "thousand",
    "bn",
    "per cent",
    "percent",
    "percentage points",
];

/// Splits `text` into tokens. Whitespace is never a token; it trails the token before it.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = text.len() - text.trim_start().len();
    while i < text.len() {
        let rest = &text[i..];
        let (len, is_word) = number_len(rest)
            .map(|n| (n, true))
            .or_else(|| word_len(rest).map(|n| (n, true)))
            .unwrap_or_else(|| (punct_len(rest), false));
        let end = i + len;
        let space_end = end + (text[end..].len() - text[end..].trim_start().len());
        out.push(Token {
            span: i..end,
            space: end..space_end,
            is_word,
        });
        i = space_end;
    }
    out
}

fn is_currency(c: char) -> bool {
    matches!(c, '€' | '$' | '£' | '¥' | '₹' | '₩')
}

/// A number: optional currency sign, digits with `,` or `.` groups, then an optional
/// `%` or scale word (`billion`, `per cent`).
fn number_len(s: &str) -> Option<usize> {
    let mut i = 0;
    let mut chars = s.char_indices().peekable();
    if let Some(&(_, c)) = chars.peek() {
        if is_currency(c) {
            i = c.len_utf8();
            chars.next();
        }
    }
    let digits_start = i;
    while let Some((j, c)) = chars.next() {
        if c.is_ascii_digit() {
            i = j + 1;
        } else if matches!(c, '.' | ',')
            && chars.peek().is_some_and(|&(_, d)| d.is_ascii_digit())
            && i > digits_start
        {
            continue;
        } else {
            break;
        }
    }
    if i == digits_start {
        return None;
    }
    // `2%`, `2 %`
    let tail = &s[i..];
    if let Some(after) = tail.strip_prefix('%') {
        return Some(s.len() - after.len());
    }
    if tail.chars().next().is_some_and(char::is_alphanumeric) {
        // `2nd`, `5G`, `COVID19a`: a word, not an amount.
        return None;
    }
    let after_space = tail.trim_start_matches([' ', '\u{A0}']);
    if after_space.len() < tail.len() && after_space.len() + 2 >= tail.len() {
        for scale in SCALES {
            if let Some(rest) = strip_word_prefix(after_space, scale) {
                return Some(s.len() - rest.len());
            }
        }
    }
    Some(i)
}

/// Strips a whole word (case-insensitive) from the start of `s`.
fn strip_word_prefix<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let head = s.get(..word.len())?;
    let rest = &s[word.len()..];
    (head.eq_ignore_ascii_case(word) && !rest.chars().next().is_some_and(char::is_alphanumeric))
        .then_some(rest)
}

/// A word: letters and digits, with inner apostrophes and hyphens (`Russia's`,
/// `co-operation`), and dotted abbreviations (`U.S.`, `e.g.`).
fn word_len(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    if !first.is_alphanumeric() {
        return None;
    }
    if let Some(n) = abbreviation_len(s) {
        return Some(n);
    }
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((j, c)) = chars.next() {
        let inner = matches!(c, '\'' | '’' | '-' | '‑' | '\u{AD}')
            && end > 0
            && chars.peek().is_some_and(|&(_, d)| d.is_alphanumeric());
        if c.is_alphanumeric() || is_mark(c) || inner {
            end = j + c.len_utf8();
        } else {
            break;
        }
    }
    Some(end)
}

fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// `U.S.`, `e.g.`, `i.e.`: single letters each followed by a full stop, at least two.
fn abbreviation_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() && b[i].is_ascii_alphabetic() && b[i + 1] == b'.' {
        i += 2;
    }
    let ends_word = b.get(i).is_none_or(|c| !c.is_ascii_alphanumeric());
    (i >= 4 && ends_word).then_some(i)
}

/// Punctuation: one character, or a run of the same one (`...`).
fn punct_len(s: &str) -> usize {
    let mut chars = s.chars();
    let first = chars.next().map_or(1, char::len_utf8);
    let c0 = s.chars().next();
    first
        + chars
            .take_while(|&c| Some(c) == c0 && c == '.')
            .map(char::len_utf8)
            .sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).into_iter().map(|t| &text[t.span]).collect()
    }

    #[test]
    fn numbers_keep_their_units() {
        assert_eq!(
            words("spend 2% or 3.5% of GDP, €40 billion and U.S. $1.5 trillion by 2035."),
            [
                "spend",
                "2%",
                "or",
                "3.5%",
                "of",
                "GDP",
                ",",
                "€40 billion",
                "and",
                "U.S.",
                "$1.5 trillion",
                "by",
                "2035",
                "."
            ]
        );
        assert_eq!(
            words("at least 30 percent of 1,000 doses"),
            ["at", "least", "30 percent", "of", "1,000", "doses"]
        );
    }

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens() {
        assert_eq!(
            words("Russia’s co-operation (e.g. drones)... COVID-19 5G"),
            [
                "Russia’s",
                "co-operation",
                "(",
                "e.g.",
                "drones",
                ")",
                "...",
                "COVID-19",
                "5G"
            ]
        );
        assert_eq!(words("end - dash"), ["end", "-", "dash"]);
    }

    #[test]
    fn spans_cover_the_text() {
        let text = "  We  will, €5 bn.\u{A0}Next ";
        let toks = tokenize(text);
        let mut rebuilt = String::new();
        for t in &toks {
            rebuilt.push_str(&text[t.span.clone()]);
            rebuilt.push_str(&text[t.space.clone()]);
        }
        assert_eq!(rebuilt, text.trim_start());
    }
}
