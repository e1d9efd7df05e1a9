//! Normalising: decoded text becomes a [`Document`] of labelled paragraphs, with furniture
//! set aside, and every paragraph gets a comparison key with noise folded away.
//!
//! The display text keeps the original characters; only [`fold`] decides what counts as
//! the same. Markdown markup (`#`, `**`, `\` escapes) is formatting, not
//! words, and is dropped from the display text.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::path::Path;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::error::{Error, Result};
use crate::model::{Document, Furniture, FurnitureReason, Paragraph, ParagraphKind};

/// Options for the normaliser.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NormaliseOptions {
    /// Fold case in comparison keys.
    pub ignore_case: bool,
}

/// Folds the noise that is never a change: quote style, dashes, no-break and thin
/// spaces, soft hyphens and zero-width characters, compatibility forms such as `ﬁ`
/// (NFKC), whitespace runs, and case when `ignore_case` is set.
pub fn fold(text: &str, ignore_case: bool) -> String {
    let out = close_hyphen_spaces(fold_pass(text, ignore_case));
    // Most text is already in NFKC once quotes, dashes and spaces are folded; the full
    // normalisation runs only where the quick check says it may change something, and
    // is followed by one more folding pass (NFKC can produce spaces and dashes).
    if out.is_ascii() || is_nfkc_quick(out.chars()) == IsNormalized::Yes {
        out
    } else {
        fold_pass(&out.nfkc().collect::<String>(), ignore_case)
    }
}

/// `cross- border` and `cross-border` are one word written two ways (a line break after
/// the hyphen loses the difference), so a space between a hyphen ending a word and a
/// lower-case word is folded away. `low- and middle-income` folds to `low-and`, on both
/// sides alike.
fn close_hyphen_spaces(folded: String) -> String {
    if !folded.contains("- ") {
        return folded;
    }
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len());
    for (k, &c) in chars.iter().enumerate() {
        let joins = c == ' '
            && k >= 2
            && chars[k - 1] == '-'
            && chars[k - 2].is_alphabetic()
            && chars.get(k + 1).is_some_and(|n| n.is_lowercase());
        if !joins {
            out.push(c);
        }
    }
    out
}

/// A paragraph's key with compounds folded whole ([`fold_compounds`]), so that
/// `Indo-Pacific`, `Indo- Pacific` and `IndoPacific` are one: paragraphs equal under it
/// are anchored as unchanged. (The key itself keeps the hyphens, which the similarity
/// passes read as word boundaries.)
pub fn paragraph_key(text: &str, ignore_case: bool) -> String {
    fold_compounds(fold(text, ignore_case))
}

/// `Indo-Pacific`, `Indo- Pacific` and `IndoPacific`, or `middle-income`,
/// `middle- income` and `middleincome`, are one compound written three ways: a line
/// break after the hyphen loses the difference, and no reading of it can ever be a
/// change (issue #11). So a hyphen between two letters or digits, or ending a word
/// before a space and a letter or digit, is folded away with that space. `low- and
/// middle-income` folds to `lowand middleincome`, on both sides alike.
pub fn fold_compounds(folded: String) -> String {
    let folded = close_join_spaces(folded);
    if !folded.contains('-') {
        return folded;
    }
    let s = folded.as_str();
    let mut out = String::with_capacity(s.len());
    // `copied` is where the text not yet copied starts; hyphens are found with memchr.
    let (mut copied, mut from) = (0, 0);
    while let Some(at) = memchr::memchr(b'-', &s.as_bytes()[from..]) {
        let k = from + at;
        from = k + 1;
        if !s[..k]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let mut ahead = s[k + 1..].chars();
        match ahead.next() {
            Some(n) if n.is_alphanumeric() => {
                out.push_str(&s[copied..k]);
                copied = k + 1;
            }
            Some(' ') if ahead.next().is_some_and(char::is_alphanumeric) => {
                out.push_str(&s[copied..k]);
                copied = k + 2;
                from = k + 2;
            }
            _ => {}
        }
    }
    out.push_str(&s[copied..]);
    out
}

/// A slash or a dash joins the words on either side, and a space on one side of it only
/// is where a line was broken (`ODA/ GNI`, `https:// www`, `Mission —to`, since a line
/// may break after a slash or before a dash), never a change of wording. So that space
/// goes: before a dash that a word follows, and on either side of a slash between two
/// words. A dash or slash spaced on both sides (`2021 - 2024`, `A / B`) is kept.
fn close_join_spaces(folded: String) -> String {
    if !(folded.contains(" -") || folded.contains("/ ") || folded.contains(" /")) {
        return folded;
    }
    let chars: Vec<char> = folded.chars().collect();
    let at = |k: usize| chars.get(k).copied();
    let solid = |k: Option<char>| k.is_some_and(|c| c != ' ');
    let mut out = String::with_capacity(folded.len());
    for (k, &c) in chars.iter().enumerate() {
        let before = k.checked_sub(1).and_then(at);
        let closes = c == ' '
            && k >= 1
            && ((before.is_some_and(char::is_alphanumeric)
                && at(k + 1) == Some('-')
                && at(k + 2).is_some_and(char::is_alphanumeric))
                || (before == Some('/') && k >= 2 && solid(at(k - 2)) && solid(at(k + 1)))
                || (at(k + 1) == Some('/') && solid(before) && solid(at(k + 2))));
        if !closes {
            out.push(c);
        }
    }
    out
}

/// Folds quotes and dashes, drops invisible characters, collapses white space, and
/// lower-cases if asked. Runs of plain ASCII are copied whole; only the other
/// characters go one by one.
fn fold_pass(text: &str, ignore_case: bool) -> String {
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut k = 0;
    while k < bytes.len() {
        let b = bytes[k];
        if b < 0x80 {
            if is_space(b) {
                space = !out.is_empty();
                k += 1;
                continue;
            }
            if std::mem::take(&mut space) && !closes_up(char::from(b)) {
                out.push(' ');
            }
            if b == b'`' {
                out.push('\'');
                k += 1;
                continue;
            }
            let start = k;
            while k < bytes.len() && bytes[k] < 0x80 && !is_space(bytes[k]) && bytes[k] != b'`' {
                k += 1;
            }
            let at = out.len();
            out.push_str(&text[start..k]);
            if ignore_case {
                out[at..].make_ascii_lowercase();
            }
            continue;
        }
        let Some(c) = text[k..].chars().next() else {
            break;
        };
        k += c.len_utf8();
        let Some(c) = fold_char_or_keep(c) else {
            continue;
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if std::mem::take(&mut space) && !closes_up(c) {
            out.push(' ');
        }
        if ignore_case && !c.is_lowercase() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Punctuation that closes up to the word before it: a space in front of it (`Ukraine .`,
/// `partners ,`) is a typing slip, never a change of wording, so the key drops it.
fn closes_up(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?')
}

fn fold_char_or_keep(c: char) -> Option<char> {
    match c {
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
        _ => Some(fold_char(c).unwrap_or(c)),
    }
}

/// The folded form of a quote or dash, before NFKC (which would turn `´` into a space and
/// a combining accent).
fn fold_char(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{B4}' | '`'
        | '\u{2BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{AB}' | '\u{BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{2043}' => '-',
        _ => return None,
    })
}

/// One source line, with its 1-based number.
#[derive(Debug, Clone)]
struct Line<'a> {
    no: usize,
    /// The line as read, borrowed from the input until furniture handling rewrites it:
    /// one copy of a large input fewer while it is parsed.
    text: Cow<'a, str>,
    /// A form feed preceded this line: a page break.
    page_break: bool,
    /// The line was a page number, now set aside as furniture.
    was_page_number: bool,
    /// The line is a row of a Markdown pipe table with this many columns (the header's).
    table: Option<usize>,
}

/// A paragraph as a structured format (DOCX, HTML) delivers it: its style says whether it
/// is a heading, and its numbering may come from outside the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The paragraph text; numbering inside it (`1. …`) is still split off.
    pub text: String,
    /// The format marks it as a heading or title.
    pub heading: bool,
    /// Numbering resolved by the format (`1`, `a`), if any.
    pub label: Option<String>,
    /// Where it starts in the source: a line, or the paragraph's position.
    pub line: usize,
    /// The block is a table row whose `text` is already [`table_row_text`]: it becomes a
    /// [`ParagraphKind::TableRow`] paragraph, with no label and no furniture test.
    pub table_row: bool,
}

/// The text of one table row: each cell's text, with Markdown markup dropped and spaces
/// collapsed as in any paragraph, joined by ` | `. An empty cell stays empty between
/// its separators (`a | | c`), so that columns keep their places. `None` when no cell
/// has any text: such a row holds nothing to compare. Every reader builds its rows with
/// this one function, so that a table gives the same rows from Markdown, DOCX and HTML.
pub fn table_row_text<S: AsRef<str>>(cells: &[S]) -> Option<String> {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| collapse_spaces(&strip_markup(c.as_ref().trim())))
        .collect();
    if cells.iter().all(String::is_empty) {
        return None;
    }
    Some(collapse_spaces(&cells.join(" | ")))
}

/// Builds a document from blocks that a structured format produced, with the furniture it
/// found (headers, footers, bookmarks). Labels, display text and keys are made exactly
/// as for plain text, so every format yields the same paragraphs.
pub fn from_blocks(
    source: &str,
    encoding: &str,
    meta: Meta,
    blocks: Vec<Block>,
    mut furniture: Vec<Furniture>,
    opts: NormaliseOptions,
) -> Result<Document> {
    let mut paragraphs = Vec::new();
    for b in rejoin_continuations(blocks) {
        let text = b.text.trim();
        if b.table_row {
            if !text.is_empty() {
                paragraphs.push(table_paragraph(
                    paragraphs.len() + 1,
                    text.to_owned(),
                    b.line,
                    opts,
                ));
            }
            continue;
        }
        if let Some(reason) = furniture_line(text) {
            furniture.push(Furniture {
                text: text.to_owned(),
                reason,
                line: b.line,
            });
            continue;
        }
        let raw = RawBlock {
            line: b.line,
            text: text.to_owned(),
            table: None,
        };
        if let Some(mut p) = make_paragraph(&raw, opts) {
            if b.heading {
                p.kind = ParagraphKind::Heading;
            }
            if b.label.is_some() {
                p.label = b.label;
            }
            p.id = paragraphs.len() + 1;
            paragraphs.push(p);
        }
    }
    finish(source, encoding, meta, paragraphs, furniture)
}

/// A block that starts in lower case after one that does not end a sentence continues
/// it, as in text ([`continues`]): a converter that starts a new paragraph mid-sentence
/// (a list item's last line written outside the item) does not make two paragraphs.
/// Headings, table rows and numbered blocks are never joined.
fn rejoin_continuations(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for b in blocks {
        if let Some(prev) = out.last_mut() {
            let plain = |b: &Block| !b.heading && !b.table_row;
            if plain(prev)
                && plain(&b)
                && b.label.is_none()
                && continues(prev.text.trim(), b.text.trim())
            {
                prev.text.push(' ');
                prev.text.push_str(b.text.trim_start());
                continue;
            }
        }
        out.push(b);
    }
    out
}

/// Parses decoded text into a document.
pub fn parse(source: &str, text: &str, encoding: &str, opts: NormaliseOptions) -> Result<Document> {
    let mut lines = split_lines(text);
    let mut furniture = Vec::new();
    let meta = take_front_matter(&mut lines, &mut furniture);
    mark_tables(&mut lines, &mut furniture);
    mark_furniture(&mut lines, &mut furniture);
    let mut blocks = segment(&lines);
    take_link_targets(&mut blocks, &mut furniture);
    let mut paragraphs: Vec<Paragraph> = blocks
        .into_iter()
        .filter_map(|b| make_paragraph(&b, opts))
        .collect();
    for (i, p) in paragraphs.iter_mut().enumerate() {
        p.id = i + 1;
    }
    finish(source, encoding, meta, paragraphs, furniture)
}

/// Checks that there is text, sorts the furniture and settles the title.
fn finish(
    source: &str,
    encoding: &str,
    meta: Meta,
    paragraphs: Vec<Paragraph>,
    mut furniture: Vec<Furniture>,
) -> Result<Document> {
    if paragraphs.is_empty() {
        return Err(Error::NoText {
            path: Path::new(source).to_path_buf(),
        });
    }
    furniture.sort_by_key(|f: &Furniture| f.line);
    let title = meta.title.or_else(|| {
        let first = &paragraphs[0];
        (first.kind == ParagraphKind::Heading).then(|| first.text.clone())
    });
    Ok(Document {
        source: source.to_owned(),
        title,
        date: meta.date,
        encoding: encoding.to_owned(),
        format: "text".to_owned(),
        tracked_changes: None,
        paragraphs,
        furniture,
    })
}

fn split_lines(text: &str) -> Vec<Line<'_>> {
    // One line per newline and form feed (memchr counts both fast): the vector is
    // allocated once, not doubled as it grows.
    let count = memchr::memchr2_iter(b'\n', b'\x0c', text.as_bytes()).count() + 1;
    let mut out = Vec::with_capacity(count);
    let mut page_break = false;
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        // A form feed starts a new page; the text on either side of it is kept.
        let mut parts = raw.split('\x0c').peekable();
        while let Some(part) = parts.next() {
            out.push(Line {
                no: i + 1,
                text: Cow::Borrowed(part),
                page_break,
                was_page_number: false,
                table: None,
            });
            page_break = parts.peek().is_some();
        }
    }
    out
}

/// A document's title and date, when the format states them apart from its text (front
/// matter, an HTML `<title>`, a DOCX Title or Date paragraph).
#[derive(Debug, Default, Clone)]
pub struct Meta {
    /// The title, as written.
    pub title: Option<String>,
    /// The date, as written.
    pub date: Option<String>,
}

/// YAML front matter: a `---` first line, closed by `---` or `...` within 200 lines. Its
/// `title` and `date` are read with a YAML parser (`yaml-rust2`), so escaped, folded and
/// continued scalars come out as YAML means them. Front matter that is not valid YAML, or
/// that uses aliases (which can multiply without bound), is not read: it is still
/// furniture, listed with a reason that says so, and never a failure.
fn take_front_matter(lines: &mut Vec<Line>, furniture: &mut Vec<Furniture>) -> Meta {
    if lines.first().map(|l| l.text.trim_end()) != Some("---") {
        return Meta::default();
    }
    let Some(end) = lines
        .iter()
        .take(200)
        .skip(1)
        .position(|l| matches!(l.text.trim_end(), "---" | "..."))
    else {
        return Meta::default();
    };
    let taken: Vec<Line> = lines.drain(..end + 2).collect();
    let body: Vec<&str> = taken[1..=end].iter().map(|l| &*l.text).collect();
    let meta = read_yaml_meta(&body.join("\n"));
    let reason = match meta {
        Some(_) => FurnitureReason::FrontMatter,
        None => FurnitureReason::FrontMatterMalformed,
    };
    for l in taken {
        if !l.text.trim().is_empty() {
            furniture.push(Furniture {
                text: l.text.into_owned(),
                reason,
                line: l.no,
            });
        }
    }
    meta.unwrap_or_default()
}

/// The most front matter that is parsed, in bytes.
const MAX_FRONT_MATTER: usize = 64 * 1024;

/// `title` and `date` from a YAML mapping; `None` when the text is not one.
fn read_yaml_meta(text: &str) -> Option<Meta> {
    use yaml_rust2::{Yaml, YamlLoader};
    if text.len() > MAX_FRONT_MATTER || uses_yaml_aliases(text) {
        return None;
    }
    let docs = YamlLoader::load_from_str(text).ok()?;
    let map = match docs.first() {
        Some(Yaml::Hash(map)) => map,
        None => return Some(Meta::default()),
        Some(_) => return None,
    };
    let field = |name: &str| {
        let v = map.get(&Yaml::String(name.to_owned()))?;
        match v {
            Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
            Yaml::Integer(i) => Some(i.to_string()),
            Yaml::Boolean(b) => Some(b.to_string()),
            _ => None,
        }
    };
    Some(Meta {
        title: field("title"),
        date: field("date"),
    })
}

/// Whether YAML text may use an anchor or alias (`&a`, `*a` after a space, `[`, `{`,
/// `,`, `:` or `-`, or at a line start), outside quoted scalars. Aliases are refused:
/// a few lines of them expand exponentially ("billion laughs").
fn uses_yaml_aliases(text: &str) -> bool {
    text.lines().any(|line| {
        let mut quote = None;
        let mut prev = ' ';
        for c in line.chars() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c == '#' && prev.is_whitespace() => break,
                None if (c == '&' || c == '*') && " \t[{,:-".contains(prev) => return true,
                None => {}
            }
            prev = c;
        }
        false
    })
}

/// Sets furniture aside: bookmarks inside lines, image placeholders, page numbers,
/// separators, running headers and trailing footers. Furniture lines become empty.
fn mark_furniture(lines: &mut [Line], furniture: &mut Vec<Furniture>) {
    for l in lines.iter_mut() {
        if l.text.contains("[bookmark:") {
            let (rest, marks) = strip_bookmarks(&l.text);
            for m in marks {
                furniture.push(Furniture {
                    text: m,
                    reason: FurnitureReason::Bookmark,
                    line: l.no,
                });
            }
            l.text = Cow::Owned(rest);
        }
        if l.table.is_some() {
            continue;
        }
        if let Some(reason) = furniture_line(l.text.trim()) {
            l.was_page_number = reason == FurnitureReason::PageNumber;
            take(l, reason, furniture);
        }
    }
    let page_evidence = lines.iter().any(|l| l.page_break)
        || furniture
            .iter()
            .any(|f| f.reason == FurnitureReason::PageNumber);
    let headers = running_headers(lines, page_evidence);
    let footer_from = trailing_footer(lines);
    for i in headers.into_values().flatten() {
        take(&mut lines[i], FurnitureReason::RunningHeader, furniture);
    }
    for l in lines.iter_mut().skip(footer_from) {
        if !l.text.trim().is_empty() {
            take(l, FurnitureReason::Footer, furniture);
        }
    }
}

/// Moves a whole line into the furniture list.
fn take(l: &mut Line, reason: FurnitureReason, furniture: &mut Vec<Furniture>) {
    furniture.push(Furniture {
        text: l.text.trim().to_owned(),
        reason,
        line: l.no,
    });
    l.text = Cow::Borrowed("");
}

/// Removes `[bookmark: …]` markers, returning the rest of the line and the markers.
fn strip_bookmarks(line: &str) -> (String, Vec<String>) {
    let mut rest = String::new();
    let mut marks = Vec::new();
    let mut s = line;
    while let Some(start) = s.find("[bookmark:") {
        let Some(len) = s[start..].find(']') else {
            break;
        };
        rest.push_str(&s[..start]);
        marks.push(s[start..start + len + 1].to_owned());
        s = &s[start + len + 1..];
    }
    rest.push_str(s);
    (rest, marks)
}

/// Whole lines that are furniture by their shape alone.
fn furniture_line(t: &str) -> Option<FurnitureReason> {
    if t.is_empty() {
        return None;
    }
    if is_image(t) {
        return Some(FurnitureReason::Image);
    }
    if is_page_number(t) {
        return Some(FurnitureReason::PageNumber);
    }
    // Markdown converters leave `<!-- -->` between lists; a reader never sees it.
    if t.starts_with("<!--") && t.ends_with("-->") {
        return Some(FurnitureReason::Comment);
    }
    // `---`, `* * *`, `\###`: rules and end marks, escaped or spaced out.
    if !t.starts_with(['-', '*', '_', '=', '#', '~', '\\']) {
        return None;
    }
    let marks: Vec<char> = t.chars().filter(|&c| c != '\\' && c != ' ').collect();
    let first = *marks.first()?;
    if marks.len() >= 3
        && matches!(first, '-' | '*' | '_' | '=' | '#' | '~')
        && marks.iter().all(|&c| c == first)
    {
        return Some(FurnitureReason::Separator);
    }
    None
}

fn is_image(t: &str) -> bool {
    if t.starts_with("![") && t.ends_with(')') {
        return true;
    }
    if t.len() > 80 || t.contains(' ') {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    let Some((stem, ext)) = lower.rsplit_once('.') else {
        return false;
    };
    matches!(
        ext,
        "png" | "jpg" | "jpeg" | "gif" | "emf" | "wmf" | "bmp" | "tif" | "tiff" | "svg"
    ) && !stem.is_empty()
        && stem.len() <= 64
        && stem
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
}

/// `12`, `- 12 -`, `Page 3`, `Page 3 of 7`, `3 / 7`.
fn is_page_number(t: &str) -> bool {
    if t.len() > 24 {
        return false;
    }
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    let words: Vec<&str> = t.split_whitespace().collect();
    match words.as_slice() {
        [n] => digits(n),
        ["-" | "–" | "—", n, "-" | "–" | "—"] => digits(n),
        [p, n] => p.eq_ignore_ascii_case("page") && digits(n),
        [p, n, of, m] => {
            p.eq_ignore_ascii_case("page")
                && digits(n)
                && of.eq_ignore_ascii_case("of")
                && digits(m)
        }
        [n, "/", m] => digits(n) && digits(m),
        _ => false,
    }
}

/// Digits do not distinguish running headers (`Page 3`, `2024`).
fn header_key(t: &str) -> String {
    t.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Running headers and footers: short lines that repeat, in a document with evidence of
/// pages (a form feed or a page number), each occurrence standing on its own (blank or
/// furniture lines around it) or next to a page number or page break. Lines inside a
/// wrapped paragraph never qualify, however often they repeat. Markdown headings and
/// bold titles are never headers. Returns the keys of header lines with the indices of
/// their occurrences.
fn running_headers(lines: &[Line], page_evidence: bool) -> HashMap<String, Vec<usize>> {
    let mut found: HashMap<String, Vec<usize>> = HashMap::default();
    if !page_evidence {
        return found;
    }
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        if l.table.is_some() {
            continue;
        }
        if t.is_empty() || t.chars().count() > 80 || t.starts_with('#') || t.starts_with("**") {
            continue;
        }
        if t.ends_with(['.', ';', ':', ',']) || split_label(t).0.is_some() {
            continue;
        }
        if is_isolated(lines, i) || near_page_mark(lines, i) {
            found.entry(header_key(t)).or_default().push(i);
        }
    }
    found.retain(|_, at| at.len() >= 2);
    found
}

/// No text on the lines right before and after line `i` (a page break counts as none).
fn is_isolated(lines: &[Line], i: usize) -> bool {
    let blank = |k: Option<&Line>| k.is_none_or(|l| l.text.trim().is_empty());
    let before = i.checked_sub(1).and_then(|k| lines.get(k));
    let next = lines.get(i + 1);
    (blank(before) || lines[i].page_break) && (blank(next) || next.is_some_and(|l| l.page_break))
}

/// A page number (already set aside, so an emptied line that was one) or a page break
/// within two lines of line `i`.
fn near_page_mark(lines: &[Line], i: usize) -> bool {
    let lo = i.saturating_sub(2);
    let hi = (i + 3).min(lines.len());
    (lo..hi).any(|k| lines[k].page_break || lines[k].was_page_number)
}

/// The index from which trailing lines are a footer: short lines in capitals (six words
/// at most) after the last line that ends a sentence, such as a letterhead exported from DOCX. Returns
/// `lines.len()` when there is none.
fn trailing_footer(lines: &[Line]) -> usize {
    let mut start = lines.len();
    for (i, l) in lines.iter().enumerate().rev() {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        // A table row is never a footer, nor is anything above it.
        if l.table.is_some() {
            break;
        }
        let capitals = t.chars().any(char::is_uppercase) && !t.chars().any(char::is_lowercase);
        let short = t.chars().count() <= 60 && t.split_whitespace().count() <= 6;
        if !capitals || !short || ends_sentence(t) {
            break;
        }
        start = i;
    }
    // A document that is nothing but capitals has no footer.
    let has_body = lines[..start].iter().any(|l| !l.text.trim().is_empty());
    if has_body {
        start
    } else {
        lines.len()
    }
}

/// A table-row paragraph from a row's text ([`table_row_text`]): no label is taken from
/// it and it is never a heading.
fn table_paragraph(id: usize, text: String, line: usize, opts: NormaliseOptions) -> Paragraph {
    Paragraph {
        id,
        label: None,
        kind: ParagraphKind::TableRow,
        key: fold(&text, opts.ignore_case),
        text,
        line,
    }
}

/// Finds Markdown pipe tables: a header row, a delimiter row with as many cells (`|---|:--:|`,
/// `--- | ---`), then every following line with a pipe up to a blank line or a line
/// without one. Both rows need an unescaped `|`, so prose that merely contains one, or a
/// `---` rule, is no table. The delimiter row becomes furniture; the other rows are marked
/// with the header's number of columns.
fn mark_tables(lines: &mut [Line], furniture: &mut Vec<Furniture>) {
    let mut i = 0;
    while i + 1 < lines.len() {
        let header = lines[i].text.trim();
        let width = pipe_cells(header)
            .filter(|_| !header.starts_with('#'))
            .map(|cells| cells.len());
        let columns = match width {
            Some(n) if is_delimiter_row(&lines[i + 1].text) == Some(n) => n,
            _ => {
                i += 1;
                continue;
            }
        };
        lines[i].table = Some(columns);
        take(&mut lines[i + 1], FurnitureReason::TableRule, furniture);
        i += 2;
        while i < lines.len() && pipe_cells(lines[i].text.trim()).is_some() {
            lines[i].table = Some(columns);
            i += 1;
        }
    }
}

/// The cells of a pipe-table line, or `None` when it has no unescaped `|`. Cells are
/// separated by `|` unless it is escaped (`\|`, which stays in the cell for
/// [`strip_markup`] to unescape); a leading and a trailing pipe are optional.
fn pipe_cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    let bytes = t.as_bytes();
    let mut cells = Vec::new();
    let (mut start, mut k) = (0, 0);
    while k < bytes.len() {
        match bytes[k] {
            b'\\' => k += 1,
            b'|' => {
                cells.push(&t[start..k]);
                start = k + 1;
            }
            _ => {}
        }
        k += 1;
    }
    if cells.is_empty() {
        return None;
    }
    let closed = start == t.len();
    cells.push(&t[start.min(t.len())..]);
    if t.starts_with('|') {
        cells.remove(0);
    }
    if closed && cells.len() > 1 {
        cells.pop();
    }
    Some(cells)
}

/// The number of columns a delimiter row (`|---|:---:|`, `--- | ---`) sets, or `None`
/// when the line is not one.
fn is_delimiter_row(line: &str) -> Option<usize> {
    let cells = pipe_cells(line)?;
    let rule = |c: &str| {
        let c = c.trim();
        let inner = c.strip_prefix(':').unwrap_or(c);
        let inner = inner.strip_suffix(':').unwrap_or(inner);
        !inner.is_empty() && inner.bytes().all(|b| b == b'-')
    };
    cells.iter().all(|c| rule(c)).then_some(cells.len())
}

fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end_matches(['"', '\'', '”', '’', ')', '*', '_']);
    t.ends_with(['.', '!', '?', ';', ':'])
}

/// A paragraph before labels and markup are taken off: its lines joined.
struct RawBlock {
    line: usize,
    text: String,
    /// A row of a pipe table, as written, with the table's number of columns.
    table: Option<usize>,
}

/// Groups lines into paragraphs. A document whose blank-line-separated blocks often span
/// several lines is hard-wrapped: each block is a paragraph, with list items and headings
/// starting new ones. Otherwise each line is a paragraph. A block that starts in lower
/// case after one that does not end a sentence continues it (a page break fell inside).
fn segment(lines: &[Line]) -> Vec<RawBlock> {
    let wrapped = is_wrapped(lines);
    let mut hyphens = Hyphens::new(lines);
    let mut blocks: Vec<RawBlock> = Vec::new();
    let mut open = false;
    let mut after_heading = false;
    let mut block_indent = 0;
    // An opening `**` alone before a hard line break (`economies.  ` / `**  ` / `Trade
    // and Labor Dialogue**`): to CommonMark two literal asterisks, but meant to open
    // the bold title on the lines after it, which is a paragraph of its own.
    let mut opened: Option<&str> = None;
    for l in lines {
        let t = l.text.trim();
        if t.is_empty() {
            open = false;
            continue;
        }
        let delimiter = ["**", "__"].into_iter().find(|&d| t == d);
        if let Some(d) = delimiter.filter(|_| hard_break(&l.text) && l.table.is_none()) {
            let closes = open
                && blocks
                    .last()
                    .is_some_and(|b| b.text.matches(d).count() % 2 == 1);
            if !closes {
                opened = Some(d);
                open = false;
                continue;
            }
        }
        let with_opener;
        let t = match opened.take() {
            Some(d) => {
                with_opener = format!("{d}{t}");
                with_opener.as_str()
            }
            None => t,
        };
        if l.table.is_some() {
            // A table row is a paragraph of its own: nothing joins it, and it joins
            // nothing.
            blocks.push(RawBlock {
                line: l.no,
                text: t.to_owned(),
                table: l.table,
            });
            (open, after_heading) = (false, false);
            continue;
        }
        // A line of nothing but inline tags (`</span>`) goes with the line before it.
        if open && t.contains('<') && strip_inline_tags(t).trim().is_empty() {
            if let Some(b) = blocks.last_mut().filter(|b| b.table.is_none()) {
                b.text.push(' ');
                b.text.push_str(t);
                continue;
            }
        }
        let starts_new = !open
            || !wrapped
            || after_heading
            || (starts_paragraph(t)
                && blocks
                    .last()
                    .is_none_or(|b| interrupts(&b.text, block_indent, l)));
        // A bold title may itself wrap (`**Space` / `**`): it ends at a hard line break.
        after_heading = is_heading_line(t)
            || (open
                && !starts_new
                && hard_break(&l.text)
                && blocks.last().is_some_and(|b| {
                    is_heading_line(&strip_inline_tags(&format!("{} {t}", b.text)))
                }));
        match blocks.last_mut() {
            // A number alone on its line labels the paragraph that follows.
            Some(b) if b.table.is_some() => {
                block_indent = indent_of(&l.text);
                blocks.push(RawBlock {
                    line: l.no,
                    text: t.to_owned(),
                    table: None,
                })
            }
            Some(b) if label_core(b.text.trim()).is_some() => {
                b.text.push(' ');
                b.text.push_str(t);
            }
            Some(b) if !starts_new => join_line(&mut b.text, t, &mut hyphens),
            Some(b) if !open && continues(&b.text, t) => join_line(&mut b.text, t, &mut hyphens),
            _ => {
                block_indent = indent_of(&l.text);
                blocks.push(RawBlock {
                    line: l.no,
                    text: t.to_owned(),
                    table: None,
                })
            }
        }
        open = true;
    }
    blocks
}

/// Wrapped text breaks lines mid-sentence; one paragraph per line ends lines with a
/// sentence. Decided on the lines that another line follows in the same block.
fn is_wrapped(lines: &[Line]) -> bool {
    let (mut inner, mut mid_sentence) = (0usize, 0usize);
    for pair in lines.windows(2) {
        let (a, b) = (pair[0].text.trim(), pair[1].text.trim());
        let table = pair[0].table.is_some() || pair[1].table.is_some();
        if table || a.is_empty() || b.is_empty() || starts_paragraph(b) {
            continue;
        }
        inner += 1;
        mid_sentence += usize::from(!ends_sentence(a));
    }
    inner > 0 && mid_sentence * 2 > inner
}

/// Lines that begin a paragraph even inside a wrapped block: headings and Markdown list
/// items (`-`, `*`, `+`, `•`, `1.`, `1)`). Other numbering (`(a)`, `iv.`) and dashes
/// start a paragraph only after a blank line: a re-wrapped line may begin with them.
fn starts_paragraph(t: &str) -> bool {
    if is_heading_line(t) {
        return true;
    }
    let head = t.split_whitespace().next().unwrap_or("");
    let numbered = head.strip_suffix(['.', ')']).is_some_and(is_number);
    split_label(t).0.is_some() && (matches!(head, "-" | "*" | "+" | "•") || numbered)
}

/// Whether a list-item line ends the running paragraph `block`, whose first line was
/// indented `block_indent`. As in CommonMark, a bullet or an item numbered 1 always does;
/// another number only ends a list item, and only from no deeper than that item, since a
/// re-wrapped sentence (`…; and` / `3) the…`) may put any number at a line start.
fn interrupts(block: &str, block_indent: usize, line: &Line) -> bool {
    let t = line.text.trim();
    let head = t.split_whitespace().next().unwrap_or("");
    match head.strip_suffix(['.', ')']) {
        Some(n) if is_number(n) => {
            n.trim_start_matches('0') == "1"
                || (split_label(block.trim()).0.is_some() && indent_of(&line.text) <= block_indent)
        }
        _ => true,
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A Markdown hard line break: two spaces or a backslash at the end of the line.
fn hard_break(line: &str) -> bool {
    line.ends_with("  ") || line.ends_with('\\')
}

/// A Markdown heading, or a line set wholly in bold that is not a run-in lead ending in
/// a colon (`**Climate:** text…`): a paragraph of its own.
fn is_heading_line(t: &str) -> bool {
    let bold = t.len() > 4 && t.starts_with("**") && t.ends_with("**");
    t.starts_with('#') || (bold && !t[..t.len() - 2].trim_end().ends_with(':'))
}

/// True when `next` continues `prev` across a break: `prev` ends mid-sentence and
/// `next` starts in lower case.
fn continues(prev: &str, next: &str) -> bool {
    !ends_sentence(prev)
        && !prev.ends_with("**")
        && next.chars().next().is_some_and(char::is_lowercase)
}

/// Joins a wrapped line, deciding what a hyphen at the end of the line was.
fn join_line(text: &mut String, next: &str, hyphens: &mut Hyphens) {
    let first = next.chars().next();
    let next_lower = first.is_some_and(char::is_lowercase);
    let word = last_word(text.trim_end_matches(['-', '\u{AD}']));
    if text.ends_with('\u{AD}') {
        text.pop();
    } else if text.ends_with('-')
        && text[..text.len() - 1]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '.')
        && first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        // `Indo-` / `Pacific`, `COVID-` / `19`: a compound, kept whole.
    } else if next_lower && text.ends_with('-') && !word.is_empty() {
        match hyphens.kind(&word, first_word(next)) {
            LineEndHyphen::Suspended => text.push(' '),
            LineEndHyphen::Compound => {}
            LineEndHyphen::Break => drop(text.pop()),
        }
    } else {
        text.push(' ');
    }
    text.push_str(next);
}

fn first_word(text: &str) -> &str {
    let end = text
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(text.len());
    &text[..end]
}

/// What a hyphen at the end of a wrapped line was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineEndHyphen {
    /// `low-` / `and middle-income`: a suspended hyphen, followed by a space.
    Suspended,
    /// `co-` / `operate`, `decision-` / `making`: part of the word.
    Compound,
    /// `defen-` / `ce`: hyphenation, to be removed.
    Break,
}

/// Decides line-end hyphens from the document itself: a word written elsewhere with its
/// hyphen is a compound, written elsewhere without it is hyphenation. When the document
/// does not say, Markdown (which converters wrap without hyphenating) keeps the hyphen
/// and other text (exports of DOCX and PDF, which hyphenate) drops it. The word list is
/// built only when the first line-end hyphen is met.
struct Hyphens<'a> {
    lines: &'a [Line<'a>],
    words: Option<HashSet<String>>,
    markdown: bool,
}

impl<'a> Hyphens<'a> {
    fn new(lines: &'a [Line<'a>]) -> Hyphens<'a> {
        let markdown = lines
            .iter()
            .any(|l| l.text.contains("**") || l.text.trim_start().starts_with('#'));
        Hyphens {
            lines,
            words: None,
            markdown,
        }
    }

    fn kind(&mut self, left: &str, right: &str) -> LineEndHyphen {
        if matches!(right, "and" | "or" | "nor" | "to") {
            return LineEndHyphen::Suspended;
        }
        if is_compound_prefix(left) || left.chars().next().is_some_and(char::is_uppercase) {
            return LineEndHyphen::Compound;
        }
        let lines = self.lines;
        let words = self.words.get_or_insert_with(|| {
            document_words(&lines.iter().map(|l| &*l.text).collect::<Vec<_>>())
        });
        let (l, r) = (left.to_lowercase(), right.to_lowercase());
        if words.contains(&format!("{l}-{r}")) {
            LineEndHyphen::Compound
        } else if words.contains(&format!("{l}{r}")) {
            LineEndHyphen::Break
        } else if both_words(&l, &r, words) || self.markdown {
            LineEndHyphen::Compound
        } else {
            LineEndHyphen::Break
        }
    }
}

/// The words of a document's lines (three letters or more, inner hyphens kept), the
/// evidence for deciding line-end hyphens. The pieces around a line-end hyphen are left
/// out: `ism` after `multilateral-` is not a word of the document. Text and PDF input
/// both decide from this list.
pub(crate) fn document_words(lines: &[&str]) -> HashSet<String> {
    let hyphened = |l: &str| l.trim_end().ends_with(['-', '\u{AD}', '\u{2010}']);
    let mut words = HashSet::default();
    for (i, l) in lines.iter().enumerate() {
        let tokens: Vec<&str> = l
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| !w.is_empty())
            .collect();
        let skip_first = i > 0 && hyphened(lines[i - 1]);
        let skip_last = hyphened(l);
        for (k, w) in tokens.iter().enumerate() {
            let edge = (k == 0 && skip_first) || (k + 1 == tokens.len() && skip_last);
            if w.len() > 2 && !edge {
                words.insert(w.to_lowercase());
            }
        }
    }
    words
}

/// A line-end hyphen between two words that the document also uses on their own
/// (`greenhouse-` / `gas`) joins a compound: hyphenation splits a word into pieces that
/// are not words (`defen-` / `ce`). Short pieces (`with-` / `out`) are not trusted. The
/// caller has already checked that the document never writes the two joined.
pub(crate) fn both_words(left: &str, right: &str, words: &HashSet<String>) -> bool {
    left.chars().count() >= 5
        && right.chars().count() >= 3
        && words.contains(left)
        && words.contains(right)
}

fn last_word(text: &str) -> String {
    let rev: String = text
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect();
    rev.chars().rev().collect()
}

fn is_compound_prefix(word: &str) -> bool {
    const PREFIXES: [&str; 14] = [
        "co", "non", "anti", "pre", "post", "re", "self", "multi", "cross", "inter", "counter",
        "euro", "well", "long",
    ];
    PREFIXES.iter().any(|p| word.eq_ignore_ascii_case(p))
}

fn make_paragraph(b: &RawBlock, opts: NormaliseOptions) -> Option<Paragraph> {
    if let Some(columns) = b.table {
        let mut cells = pipe_cells(&b.text).unwrap_or_else(|| vec![b.text.as_str()]);
        // A short row keeps its columns (the missing cells are empty); a long one keeps
        // its extra cells, whose words are words of the input.
        if cells.len() < columns {
            cells.resize(columns, "");
        }
        let text = table_row_text(&cells)?;
        return Some(table_paragraph(0, text, b.line, opts));
    }
    let mut t = b.text.trim();
    let mut kind = ParagraphKind::Body;
    if t.starts_with('#') {
        t = t.trim_start_matches('#').trim();
        kind = ParagraphKind::Heading;
    }
    let (label, rest) = split_label(t);
    let bare = if rest.contains('<') {
        Cow::Owned(strip_inline_tags(rest).trim().to_owned())
    } else {
        Cow::Borrowed(rest)
    };
    let bold_title = bare.len() > 4
        && bare.starts_with("**")
        && bare.ends_with("**")
        && !bare[2..bare.len() - 2].contains("**");
    let mut text = collapse_spaces(&strip_markup(rest));
    let mut label = label;
    if bold_title && label.is_none() {
        // `**1. Preamble**`: the number inside the bold is the label, as it is when
        // HTML or DOCX has already taken the bold off.
        if let (Some(inner), rest) = split_label(&text) {
            let rest = rest.to_owned();
            (label, text) = (Some(inner), rest);
        }
    }
    if text.is_empty() {
        // Nothing but a label and markup: keep it all as text, so nothing is lost.
        (text, label) = (collapse_spaces(t), None);
    }
    if text.is_empty() {
        return None;
    }
    if bold_title || looks_like_heading(&text, label.is_some()) {
        kind = ParagraphKind::Heading;
    }
    Some(Paragraph {
        id: 0,
        label,
        kind,
        key: fold(&text, opts.ignore_case),
        text,
        line: b.line,
    })
}

/// Short lines in capitals, or short lines that end no sentence and carry no label.
fn looks_like_heading(text: &str, labelled: bool) -> bool {
    if text.len() > 600 {
        return false;
    }
    let n = text.chars().count();
    let capitals = text.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !text.chars().any(char::is_lowercase);
    (capitals && n <= 150) || (!labelled && n <= 80 && !ends_sentence(text) && !text.ends_with(','))
}

/// Drops Markdown markup that is formatting rather than words: `**`, `__`, backslash
/// escapes and inline HTML formatting tags (`<u>`, `<sup>`, …). Links are kept as written: their targets are words of the input too.
fn strip_markup(t: &str) -> String {
    if !t.contains(['*', '_', '\\', '<']) {
        return t.to_owned();
    }
    let t = strip_inline_tags(&strip_single_stars(&t.replace("**", "").replace("__", "")));
    let mut out = String::with_capacity(t.len());
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => {
                out.extend(chars.next());
            }
            _ => out.push(c),
        }
    }
    out
}

/// A Markdown link, `[text](target)` or `[text](target "title")`, shows as its text: the
/// target is markup, like `**`, and a link added or removed around the same words is not
/// a change of wording (a statement exported to HTML or DOCX loses its links). An image
/// (`![alt](src)`) and an escaped `\[` stay as they are.
fn strip_links(t: &str, targets: &mut Vec<String>) -> String {
    let t = &strip_autolinks(t);
    let b = t.as_bytes();
    let mut out = String::with_capacity(t.len());
    let (mut copied, mut k) = (0, 0);
    while let Some(at) = memchr::memchr(b'[', &b[k..]) {
        let open = k + at;
        k = open + 1;
        if open > 0 && matches!(b[open - 1], b'!' | b'\\') {
            continue;
        }
        let Some(close) = matching(b, open, b'[', b']') else {
            continue;
        };
        if b.get(close + 1) != Some(&b'(') {
            continue;
        }
        let Some(end) = matching(b, close + 1, b'(', b')') else {
            continue;
        };
        out.push_str(&t[copied..open]);
        out.push_str(&t[open + 1..close]);
        targets.push(t[close + 1..=end].to_owned());
        copied = end + 1;
        k = end + 1;
    }
    out.push_str(&t[copied..]);
    out
}

/// A Markdown autolink, `<https://example.org>`, shows as the address without its
/// angle brackets.
fn strip_autolinks(t: &str) -> Cow<'_, str> {
    if !t.contains('<') {
        return Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(at) = rest.find('<') {
        let after = &rest[at + 1..];
        let end = after.find(|c: char| c == '>' || c.is_whitespace() || c == '<');
        let scheme = ["http://", "https://", "mailto:", "www."]
            .iter()
            .any(|p| after.starts_with(p));
        match end {
            Some(e) if scheme && after[e..].starts_with('>') => {
                out.push_str(&rest[..at]);
                out.push_str(&after[..e]);
                rest = &after[e + 1..];
            }
            _ => {
                out.push_str(&rest[..=at]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Markdown links show as their text; their targets are furniture.
fn take_link_targets(blocks: &mut [RawBlock], furniture: &mut Vec<Furniture>) {
    let mut targets = Vec::new();
    for b in blocks
        .iter_mut()
        .filter(|b| b.text.contains("](") || b.text.contains('<'))
    {
        b.text = strip_links(&b.text, &mut targets);
        furniture.extend(targets.drain(..).map(|text| Furniture {
            text,
            reason: FurnitureReason::LinkTarget,
            line: b.line,
        }));
    }
}

/// The index of the bracket that closes the one at `open`, counting nested pairs and
/// skipping escaped ones; `None` when it is not closed.
fn matching(b: &[u8], open: usize, left: u8, right: u8) -> Option<usize> {
    let mut depth = 0usize;
    let mut k = open;
    while k < b.len() {
        match b[k] {
            b'\\' => k += 1,
            c if c == left => depth += 1,
            c if c == right => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
        k += 1;
    }
    None
}

/// Removes `*` used for emphasis (`*President Biden*`): every `*` that touches a word on
/// one side. A star standing alone between spaces (`a * b`) stays.
fn strip_single_stars(t: &str) -> String {
    if !t.contains('*') {
        return t.to_owned();
    }
    let chars: Vec<char> = t.chars().collect();
    let lone = |k: usize| {
        let before = k.checked_sub(1).map(|i| chars[i]);
        let after = chars.get(k + 1).copied();
        before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace)
    };
    (0..chars.len())
        .filter(|&k| chars[k] != '*' || lone(k))
        .map(|k| chars[k])
        .collect()
}

/// Inline HTML tags that only format text, as Markdown converters leave them
/// (`12<sup>th</sup>`, `<u>Key Outcomes</u>`).
const INLINE_TAGS: [&str; 11] = [
    "b", "i", "u", "s", "em", "strong", "sup", "sub", "span", "br", "mark",
];

/// Removes inline formatting tags, keeping the text between them.
fn strip_inline_tags(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let tag_len = after.find('>').filter(|&n| {
            n <= 60 && !after[..n].contains('<') && !after.starts_with(char::is_whitespace)
        });
        let name = tag_len.map(|n| {
            let inner = after[..n].trim_start_matches('/').trim_end_matches('/');
            inner
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        });
        match (tag_len, name) {
            (Some(n), Some(name)) if INLINE_TAGS.contains(&name.as_str()) => rest = &after[n + 1..],
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Collapses runs of ASCII whitespace; other spaces (no-break, thin) are kept as written.
fn collapse_spaces(t: &str) -> String {
    let clean = !t.contains(['\t', '\n', '\r', '\x0b']) && !t.contains("  ") && t.trim() == t;
    if clean {
        return t.to_owned();
    }
    let mut out = String::with_capacity(t.len());
    for w in t
        .split([' ', '\t', '\n', '\r', '\x0b'])
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    // A no-break space left alone at an end ("Awareness \u{a0}") is no part of the text.
    let trimmed = out.trim();
    if trimmed.len() < out.len() {
        return trimmed.to_owned();
    }
    out
}

/// Splits paragraph numbering off the text: `1.`, `1)`, `(a)`, `iv.`, `1 -`, `1.2.`,
/// `12.` followed by spaces, and bullets. Returns the bare label (`1`, `a`, `iv`, `•`)
/// so that `1.` and `1)` are the same label.
pub fn split_label(t: &str) -> (Option<String>, &str) {
    // `**1.** text`: a label set in bold.
    if let Some((head, rest)) = t.strip_prefix("**").and_then(|s| s.split_once("**")) {
        if let (Some(core), true) = (label_core(head), rest.starts_with(char::is_whitespace)) {
            if !rest.trim_start().is_empty() {
                return (Some(core.to_owned()), rest.trim_start());
            }
        }
    }
    let Some((head, rest)) = t.split_once(|c: char| c.is_whitespace()) else {
        return (None, t);
    };
    let rest_trim = rest.trim_start();
    if rest_trim.is_empty() {
        return (None, t);
    }
    if matches!(
        head,
        "-" | "*" | "+" | "•" | "·" | "▪" | "◦" | "‣" | "⁃" | "–" | ""
    ) {
        return (Some("•".into()), rest_trim);
    }
    if let Some(core) = label_core(head) {
        return (Some(core.to_owned()), rest_trim);
    }
    // `7.1 Text`, `7.1.2 text`: a section number without a final dot (one dot only before
    // a capital, so that `2.5 million` stays text).
    if is_dotted_number(head)
        && (head.matches('.').count() >= 2 || rest_trim.starts_with(char::is_uppercase))
    {
        return (Some(head.to_owned()), rest_trim);
    }
    // `SECTION 1.`, `Art. 5.`, `Article 5:` (a number that ends with `.` or `:`, or after
    // a word in capitals): the number is the label, so renumbering is no change. `Article
    // 5 of the Treaty` stays text.
    if let Some(label) = named_label(head, rest_trim) {
        return label;
    }
    // `1 - text`
    if is_number(head) {
        if let Some(after) = rest_trim.strip_prefix(['-', '–', '—']) {
            if after.starts_with(char::is_whitespace) {
                return (Some(head.to_owned()), after.trim_start());
            }
        }
    }
    (None, t)
}

fn named_label<'t>(head: &str, rest: &'t str) -> Option<(Option<String>, &'t str)> {
    const WORDS: [&str; 5] = ["section", "art.", "article", "chapter", "part"];
    if !WORDS.iter().any(|w| head.eq_ignore_ascii_case(w)) {
        return None;
    }
    let (num, after) = rest.split_once(char::is_whitespace)?;
    let after = after.trim_start();
    let capitals = head.chars().all(|c| !c.is_lowercase());
    let bare = num.trim_end_matches(['.', ':']);
    let marked = bare.len() < num.len();
    let numbered = is_number(bare) || is_dotted_number(bare) || is_roman(bare);
    (numbered && (marked || capitals) && !after.is_empty()).then(|| (Some(bare.to_owned()), after))
}

fn label_core(head: &str) -> Option<&str> {
    let inner = if let Some(i) = head.strip_prefix('(').and_then(|h| h.strip_suffix(')')) {
        i
    } else {
        // `2\.`: Markdown's escaped dot, written where a number must not start a list.
        let inner = head.strip_suffix(['.', ')'])?;
        inner.strip_suffix('\\').unwrap_or(inner)
    };
    let ok = is_number(inner)
        || is_dotted_number(inner)
        || (inner.chars().count() == 1 && inner.chars().all(|c| c.is_ascii_alphabetic()))
        || is_roman(inner);
    ok.then_some(inner)
}

/// A roman numeral from 1 to 39 in canonical form, all lower or all upper case (`iv`,
/// `XII`), so that abbreviations such as `(MLC)` are not taken for numbering.
fn is_roman(s: &str) -> bool {
    const ONES: [&str; 10] = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
    const TENS: [&str; 4] = ["", "x", "xx", "xxx"];
    // The longest, `xxxviii`, has seven letters.
    if s.is_empty() || s.len() > 7 {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if s != lower && s != s.to_ascii_uppercase() {
        return false;
    }
    TENS.iter().any(|t| {
        lower
            .strip_prefix(t)
            .is_some_and(|rest| ONES[1..].contains(&rest) || (!t.is_empty() && rest.is_empty()))
    })
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_dotted_number(s: &str) -> bool {
    s.contains('.') && s.split('.').all(is_number)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character definition that [`fold_pass`] and [`fold_compounds`]
    /// implement faster.
    fn fold_pass_reference(text: &str, ignore_case: bool) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in text.chars().filter_map(fold_char_or_keep) {
            if c.is_whitespace() {
                space = !out.is_empty();
                continue;
            }
            if std::mem::take(&mut space) && !matches!(c, '.' | ',' | ';' | ':' | '!' | '?') {
                out.push(' ');
            }
            if ignore_case {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }

    fn fold_compounds_reference(text: &str) -> String {
        let chars: Vec<char> = close_join_spaces(text.to_owned()).chars().collect();
        let mut out = String::new();
        let mut k = 0;
        while k < chars.len() {
            let after_word = k >= 1 && chars[k - 1].is_alphanumeric();
            if chars[k] == '-' && after_word {
                let next = chars.get(k + 1).copied();
                if next.is_some_and(char::is_alphanumeric) {
                    k += 1;
                    continue;
                }
                if next == Some(' ') && chars.get(k + 2).is_some_and(|n| n.is_alphanumeric()) {
                    k += 2;
                    continue;
                }
            }
            out.push(chars[k]);
            k += 1;
        }
        out
    }

    #[test]
    fn fast_folds_agree_with_their_definitions() {
        let samples = [
            "",
            "  Plain ASCII, with  double  spaces\t\ttabs\nand LINES. ",
            "back`tick and \u{0B}vertical\u{0C}feed\r\n",
            "Russia’s “war” – in Indo‑Pacific\u{AD}ally\u{200B}zero\u{A0}nbsp",
            "ÉTATS-UNIS Straße ǅ İstanbul ΣΊΣΥΦΟΣ `x`",
            "low- and middle-income, cross- border, a--b, -x, x-, 3-4, é-é, é- é, a- -b",
            "ODA/ GNI, ODA /GNI, A / B, https:// www, Mission -to, x - y, / -a, - /",
            "\u{2028}line\u{3000}ideographic space\u{85}next",
            "Ukraine . We stand , together ; firmly : now ! Why ? \u{a0}.",
        ];
        for text in samples {
            for ignore_case in [false, true] {
                assert_eq!(
                    fold_pass(text, ignore_case),
                    fold_pass_reference(text, ignore_case),
                    "{text:?}"
                );
            }
            assert_eq!(
                fold_compounds(text.to_owned()),
                fold_compounds_reference(text),
                "{text:?}"
            );
        }
    }

    fn doc(text: &str) -> Document {
        parse("t", text, "UTF-8", NormaliseOptions::default()).unwrap()
    }

    fn texts(d: &Document) -> Vec<&str> {
        d.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn folds_noise_but_not_words() {
        let a = fold("Russia\u{2019}s \u{201C}war\u{201D} \u{2013} de\u{AD}fence\u{A0}\u{2009}of \u{FB01}elds", false);
        assert_eq!(a, "Russia's \"war\" - defence of fields");
        assert_eq!(fold("NATO\u{B4}s", false), "NATO's");
        assert_eq!(
            fold("cross- border aid - and", false),
            fold("cross-border aid - and", false)
        );
        assert_ne!(fold("a - b", false), fold("a -b", false));
        assert_eq!(fold("  We  Will ", true), "we will");
        assert_ne!(fold("will", false), fold("may", false));
    }

    #[test]
    fn compound_variants_fold_alike_issue_11() {
        for (a, b) in [
            ("Indo-Pacific", "Indo- Pacific"),
            ("Indo-Pacific", "IndoPacific"),
            ("middle-income", "middleincome"),
            ("Kunming-Montreal", "Kunming- Montreal"),
            ("life-long", "lifelong"),
            ("COVID-19 and cutting-edge", "COVID- 19 and cuttingedge"),
        ] {
            assert_eq!(
                paragraph_key(a, false),
                paragraph_key(b, false),
                "{a} / {b}"
            );
        }
        assert_ne!(
            paragraph_key("re-cover", false),
            paragraph_key("re cover", false)
        );
        assert_ne!(
            paragraph_key("2021 - 2024", false),
            paragraph_key("20212024", false)
        );
        assert_eq!(fold("rules-based", false), "rules-based");
    }

    /// A line broken after a slash or before a dash (a PDF's lines, re-joined) adds a
    /// space on one side of it, which is no change; spaced on both sides, it stays.
    #[test]
    fn a_space_beside_a_slash_or_dash_is_a_line_break_issue_11() {
        for (a, b) in [
            ("the 0.7% ODA/GNI target", "the 0.7% ODA/ GNI target"),
            (
                "see https://www.pmc.gov.au/x",
                "see https:// www.pmc.gov.au/x",
            ),
            (
                "the 100-Day Mission\u{2014}to have",
                "the 100-Day Mission \u{2014}to have",
            ),
            ("UNFCCC-COP27/The 4th", "UNFCCC-COP27 /The 4th"),
        ] {
            assert_eq!(
                paragraph_key(a, false),
                paragraph_key(b, false),
                "{a} / {b}"
            );
        }
        for (a, b) in [
            ("A / B", "A/B"),
            ("2021 - 2024", "2021-2024"),
            ("and/or", "and or"),
        ] {
            assert_ne!(
                paragraph_key(a, false),
                paragraph_key(b, false),
                "{a} / {b}"
            );
        }
    }

    #[test]
    fn line_end_hyphen_before_a_capital_or_digit_keeps_the_compound_issue_11() {
        let d =
            doc("We work for a free Indo-\nPacific with COVID-\n19 vaccines for all and\nmore.\n");
        assert_eq!(
            texts(&d),
            ["We work for a free Indo-Pacific with COVID-19 vaccines for all and more."]
        );
    }

    #[test]
    fn section_and_article_labels_issue_11() {
        for (input, label, rest) in [
            (
                "7.1 Text of the section",
                Some("7.1"),
                "Text of the section",
            ),
            ("7.1.2 more text", Some("7.1.2"), "more text"),
            (
                "SECTION 1. The parties agree.",
                Some("1"),
                "The parties agree.",
            ),
            (
                "Art. 5. The parties agree.",
                Some("5"),
                "The parties agree.",
            ),
            (
                "Article 5: The parties agree.",
                Some("5"),
                "The parties agree.",
            ),
            (
                "Article 5 of the Treaty is our bedrock.",
                None,
                "Article 5 of the Treaty is our bedrock.",
            ),
            ("2.5 million people fled.", None, "2.5 million people fled."),
        ] {
            let (l, r) = split_label(input);
            assert_eq!((l.as_deref(), r), (label, rest), "{input}");
        }
    }

    #[test]
    fn labels() {
        for (input, label, rest) in [
            ("1. We meet", Some("1"), "We meet"),
            ("1) We meet", Some("1"), "We meet"),
            ("(a) text", Some("a"), "text"),
            ("iv. text", Some("iv"), "text"),
            ("(XII) text", Some("XII"), "text"),
            ("x) text", Some("x"), "text"),
            ("12.   text", Some("12"), "text"),
            ("1 - text", Some("1"), "text"),
            ("-   **End** now", Some("•"), "**End** now"),
            ("2.3. text", Some("2.3"), "text"),
            ("**1.** We will", Some("1"), "We will"),
        ] {
            let (l, r) = split_label(input);
            assert_eq!((l.as_deref(), r), (label, rest), "{input}");
        }
        for input in [
            "**Bold** title text",
            "U.S. leaders met",
            "2021 determined to",
            "Mr. Biden",
            "We will",
        ] {
            assert_eq!(split_label(input).0, None, "{input}");
        }
    }

    #[test]
    fn one_paragraph_per_line_with_artefacts() {
        let d = doc("TITLE OF IT\n\n1. [bookmark: _Hlk1]We will act.\nNext line stands alone.\nimage1.png\nB MEETING\n\nBUCHAREST, 2024\n");
        assert_eq!(
            texts(&d),
            ["TITLE OF IT", "We will act.", "Next line stands alone."]
        );
        assert_eq!(d.paragraphs[0].kind, ParagraphKind::Heading);
        assert_eq!(d.paragraphs[1].label.as_deref(), Some("1"));
        let reasons: Vec<_> = d
            .furniture
            .iter()
            .map(|f| (f.text.as_str(), f.reason))
            .collect();
        assert_eq!(
            reasons,
            [
                ("[bookmark: _Hlk1]", FurnitureReason::Bookmark),
                ("image1.png", FurnitureReason::Image),
                ("B MEETING", FurnitureReason::Footer),
                ("BUCHAREST, 2024", FurnitureReason::Footer)
            ]
        );
        assert_eq!(d.title.as_deref(), Some("TITLE OF IT"));
    }

    #[test]
    fn bold_heading_line_ends_its_paragraph() {
        let d = doc("Intro text that runs on\nover two lines.\n\n**Global issues**  \nWe remain resolved to\nuphold peace.\n");
        assert_eq!(
            texts(&d),
            [
                "Intro text that runs on over two lines.",
                "Global issues",
                "We remain resolved to uphold peace."
            ]
        );
        assert_eq!(d.paragraphs[1].kind, ParagraphKind::Heading);
    }

    #[test]
    fn wrapped_markdown_with_front_matter() {
        let d = doc("---\ntitle: \"Quad\\u2019s \\\"Spirit\\\"\"\ndate: '2021-03-12'\n---\n \n1. We have convened to\nreaffirm our commitment.  \n   \n**Health**\n\n-   **End the pandemic** by\n    driving an effort.  \n-   Second item\n    wrapped.\n");
        assert_eq!(
            texts(&d),
            [
                "We have convened to reaffirm our commitment.",
                "Health",
                "End the pandemic by driving an effort.",
                "Second item wrapped."
            ]
        );
        assert_eq!(d.title.as_deref(), Some("Quad\u{2019}s \"Spirit\""));
        assert_eq!(d.date.as_deref(), Some("2021-03-12"));
        assert_eq!(d.paragraphs[1].kind, ParagraphKind::Heading);
        assert_eq!(d.paragraphs[2].label.as_deref(), Some("•"));
        assert_eq!(d.furniture.len(), 4);
        assert_eq!(d.paragraphs[0].line, 6);
    }

    #[test]
    fn front_matter_is_read_as_yaml_issue_13() {
        let d = doc(concat!(
            "---\ntags: statements\ndate: '2021-04-16'\n",
            "title: \"U.S.- Japan Joint Leaders\\u2019 Statement: \\u201CU.S. \\u2013 JAPAN GLOBAL\\\n",
            "  \\ PARTNERSHIP FOR A NEW\\_ERA\\u201D\"\n---\nWe meet today.\n"
        ));
        assert_eq!(
            d.title.as_deref(),
            Some("U.S.- Japan Joint Leaders\u{2019} Statement: \u{201C}U.S. \u{2013} JAPAN GLOBAL PARTNERSHIP FOR A NEW\u{a0}ERA\u{201D}")
        );
        assert_eq!(d.date.as_deref(), Some("2021-04-16"));
        assert!(d
            .furniture
            .iter()
            .all(|f| f.reason == FurnitureReason::FrontMatter));
        // Malformed front matter, or aliases: listed as furniture with a reason, not read.
        for bad in [
            "---\ntitle: \"unclosed\ndate: [1, 2\n---\nWe meet today.\n",
            "---\na: &a [x, x]\nb: &b [*a, *a]\ntitle: *b\n---\nWe meet today.\n",
        ] {
            let d = doc(bad);
            assert_eq!(texts(&d), ["We meet today."], "{bad}");
            assert_eq!(d.title, None, "{bad}");
            assert!(!d.furniture.is_empty());
            assert!(d
                .furniture
                .iter()
                .all(|f| f.reason == FurnitureReason::FrontMatterMalformed));
        }
    }

    #[test]
    fn page_break_inside_paragraph_and_hyphenation() {
        let text = "1) We strengthen our defen-\nce and the\n\nPage 1 of 2\n\nB9 Statement\n\neastern flank. We co-\noperate.\n\n2) Second para-\ngraph here.\n\nB9 Statement\n\nPage 2 of 2\n";
        let d = doc(text);
        assert_eq!(
            texts(&d),
            [
                "We strengthen our defence and the eastern flank. We co-operate.",
                "Second paragraph here."
            ]
        );
        let reasons: Vec<_> = d.furniture.iter().map(|f| f.reason).collect();
        assert_eq!(
            reasons,
            [
                FurnitureReason::PageNumber,
                FurnitureReason::RunningHeader,
                FurnitureReason::RunningHeader,
                FurnitureReason::PageNumber
            ]
        );
    }

    #[test]
    fn line_end_hyphens() {
        // Plain text: hyphenation is removed unless the document writes the compound.
        let d = doc("We support low-\nand middle-income countries and decision-\nmaking by the Türkiye-\nbrokered deal and\nthe defen-\nce of decision-making.\n");
        assert_eq!(texts(&d), ["We support low- and middle-income countries and decision-making by the Türkiye-brokered deal and the defence of decision-making."]);
        // Markdown keeps a hyphen the document does not explain.
        let d = doc("**Title**\n\nWe support humanitarian-\nassistance and more\nwords here.\n");
        assert_eq!(
            texts(&d)[1],
            "We support humanitarian-assistance and more words here."
        );
    }

    #[test]
    fn rewrapped_number_starts_a_paragraph_only_as_commonmark_allows_issue_11() {
        // `3)` after a wrap inside running text is part of the sentence.
        let d = doc("The recommendations propose 1) a joint standards\nstrategy; 2) support for smart charging; and\n3) a common approach to the issue.\n");
        assert_eq!(texts(&d).len(), 1, "{:?}", texts(&d));
        // An item numbered 1 interrupts running text; later items follow their list,
        // also after a nested item indented deeper.
        let d = doc("We agreed the following points,\nas set out below:\n1. First item of\nthe list.\n2. Second item\nof the list.\n    1. Nested point\n    of the item.\n3. Third item of the list.\n");
        let t = texts(&d);
        assert_eq!(t.len(), 5, "{t:?}");
        assert_eq!(d.paragraphs[4].label.as_deref(), Some("3"));
        // A continuation indented like the item's text is not a sibling item.
        let d = doc("1. We propose\n   two things for the\n   year; and\n   2) more work\n   on the rest.\n");
        assert_eq!(texts(&d).len(), 1, "{:?}", texts(&d));
    }

    #[test]
    fn bold_title_wrapped_before_its_closing_stars_ends_at_the_hard_break_issue_11() {
        let d = doc("**Space\n      **  \nSpace-related applications can\nhelp with many\nthings we share.\n");
        assert_eq!(
            texts(&d),
            [
                "Space",
                "Space-related applications can help with many things we share."
            ]
        );
        assert_eq!(d.paragraphs[0].kind, ParagraphKind::Heading);
    }

    /// `**` alone before a hard break opens the bold title on the lines after it (to
    /// CommonMark two literal asterisks); one that closes a title stays with it.
    #[test]
    fn an_opening_pair_of_stars_alone_on_its_line_opens_a_title_issue_11() {
        let d = doc("We act to reduce
coercion.  
**  
G. Trade-Related Environment and
Health Initiatives**

**Joint Initiatives with
Kenya  
**  
We support secure and
resilient connectivity.
");
        assert_eq!(
            texts(&d),
            [
                "We act to reduce coercion.",
                "Trade-Related Environment and Health Initiatives",
                "Joint Initiatives with Kenya",
                "We support secure and resilient connectivity."
            ]
        );
        assert_eq!(d.paragraphs[1].label.as_deref(), Some("G"));
        assert_eq!(d.paragraphs[1].kind, ParagraphKind::Heading);
    }

    #[test]
    fn markdown_links_show_as_their_text_issue_11() {
        let d = doc("We launch the [CoRe Partnership](https://example.org/a_(b).pdf \"t\") and\n[climate work](x) today; ![logo](l.png) and \\[1] stay.\n");
        assert_eq!(texts(&d), ["We launch the CoRe Partnership and climate work today; ![logo](l.png) and [1] stay."]);
        let target = &d.furniture[0];
        assert_eq!(
            (target.text.as_str(), target.reason, target.line),
            (
                "(https://example.org/a_(b).pdf \"t\")",
                FurnitureReason::LinkTarget,
                1
            )
        );
        assert_eq!(d.furniture[1].text, "(x)");
        let mut targets = Vec::new();
        assert_eq!(
            strip_links("a [b [c]](d) e [f] (g) [h", &mut targets),
            "a b [c] e [f] (g) [h"
        );
        assert_eq!(targets, ["(d)"]);
        assert_eq!(
            strip_links(
                "see [LINK: <https://x.org/a>] and <b> or a < b",
                &mut targets
            ),
            "see [LINK: https://x.org/a] and <b> or a < b"
        );
    }

    #[test]
    fn structured_blocks_continuing_a_sentence_are_rejoined_issue_11() {
        let block = |text: &str, heading: bool, label: Option<&str>| Block {
            text: text.into(),
            heading,
            label: label.map(Into::into),
            line: 1,
            table_row: false,
        };
        let blocks = vec![
            block(
                "We will deliver our goal through the PGII",
                false,
                Some("•"),
            ),
            block("as outlined in the annex.", false, None),
            block("Climate", true, None),
            block("our work goes on.", false, None),
            block("We agree to", false, None),
            block("act now.", false, Some("a")),
        ];
        let d = from_blocks(
            "x.html",
            "UTF-8",
            Meta::default(),
            blocks,
            Vec::new(),
            NormaliseOptions::default(),
        )
        .unwrap();
        assert_eq!(
            texts(&d),
            [
                "We will deliver our goal through the PGII as outlined in the annex.",
                "Climate",
                "our work goes on.",
                "We agree to",
                "act now."
            ]
        );
    }

    #[test]
    fn bold_title_with_inline_tags_ends_at_its_hard_break_issue_11() {
        let d = doc("We close here and\nwrap the line.\n\n**IV. <span style=\"u\">Conclusion and Next\nSteps</span>**<span style=\"u\">  \n</span>  \nSince its first meeting, the\ncouncil has met often.\n");
        let t = texts(&d);
        assert_eq!(t[1], "Conclusion and Next Steps", "{t:?}");
        assert_eq!(d.paragraphs[1].label.as_deref(), Some("IV"));
        assert_eq!(t[2], "Since its first meeting, the council has met often.");
    }

    #[test]
    fn escaped_markdown_number_is_a_label_issue_11() {
        let d = doc("2\\. **We will champion** shared values.\n");
        assert_eq!(d.paragraphs[0].label.as_deref(), Some("2"));
        assert_eq!(texts(&d), ["We will champion shared values."]);
    }

    #[test]
    fn line_end_hyphen_after_an_abbreviation_keeps_the_compound_issue_11() {
        let d =
            doc("**T**\n\nWe announced a U.S.-\nJapan Strategic Partnership to\nhelp our work.\n");
        assert_eq!(
            texts(&d)[1],
            "We announced a U.S.-Japan Strategic Partnership to help our work."
        );
    }

    #[test]
    fn rewrapped_dash_or_roman_numeral_does_not_start_a_paragraph() {
        let d = doc("We seek a region where no country is\n– one where all are free.\n(iv) Given the revenues, we\nact. We also\nsee more.\n\n(v) Next item here.\n");
        assert_eq!(texts(&d).len(), 2, "{:?}", texts(&d));
        let d = doc("**Climate Change:**\nAhead of the Summit, we\nmet with partners of\nthe region and\nagreed.\n");
        assert_eq!(texts(&d), ["Climate Change: Ahead of the Summit, we met with partners of the region and agreed."]);
    }

    #[test]
    fn separators_are_furniture() {
        let d = doc("Text here.\n\n\\###\n\n* * *\n");
        assert_eq!(texts(&d), ["Text here."]);
        assert!(d
            .furniture
            .iter()
            .all(|f| f.reason == FurnitureReason::Separator));
        assert_eq!(d.furniture.len(), 2);
    }

    #[test]
    fn number_alone_on_its_line_labels_the_next() {
        let d = doc("12.\nWe will act.\n\n(b)\n\nWe agree.\n");
        assert_eq!(texts(&d), ["We will act.", "We agree."]);
        assert_eq!(d.paragraphs[0].label.as_deref(), Some("12"));
        assert_eq!(d.paragraphs[1].label.as_deref(), Some("b"));
    }

    #[test]
    fn inline_tags_are_markup() {
        assert_eq!(
            strip_markup("*President Biden, 2021* and a * b"),
            "President Biden, 2021 and a * b"
        );
        assert_eq!(
            strip_markup("<u>Key Outcomes</u>: the 12<sup>th</sup> <s>l</s>evel a < b <x>"),
            "Key Outcomes: the 12th level a < b <x>"
        );
    }

    #[test]
    fn crlf_and_empty() {
        let d = doc("First paragraph here.\r\nSecond paragraph here.\r\n");
        assert_eq!(
            texts(&d),
            ["First paragraph here.", "Second paragraph here."]
        );
        assert!(matches!(
            parse("e", " \n\n", "UTF-8", NormaliseOptions::default()),
            Err(Error::NoText { .. })
        ));
    }

    /// (kind, label, text) of every paragraph.
    fn shapes(d: &Document) -> Vec<(&'static str, Option<&str>, &str)> {
        d.paragraphs
            .iter()
            .map(|p| (p.kind.as_str(), p.label.as_deref(), p.text.as_str()))
            .collect()
    }

    #[test]
    fn pipe_cells_split_on_unescaped_pipes() {
        assert_eq!(pipe_cells("| a | b |"), Some(vec![" a ", " b "]));
        assert_eq!(pipe_cells("a | b"), Some(vec!["a ", " b"]));
        assert_eq!(pipe_cells("| a \\| b | c"), Some(vec![" a \\| b ", " c"]));
        assert_eq!(pipe_cells("a \\\\| b"), Some(vec!["a \\\\", " b"]));
        assert_eq!(pipe_cells("| a |  | c |"), Some(vec![" a ", "  ", " c "]));
        assert_eq!(pipe_cells("|"), Some(vec![""]));
        assert_eq!(pipe_cells("||"), Some(vec![""]));
        assert_eq!(pipe_cells("no pipe \\| here"), None);
        assert_eq!(pipe_cells("ends in a backslash \\"), None);
        assert_eq!(is_delimiter_row("|---|:---:|---:|"), Some(3));
        assert_eq!(is_delimiter_row(" --- | --- "), Some(2));
        assert_eq!(is_delimiter_row("| :- |"), Some(1));
        assert_eq!(is_delimiter_row("---"), None);
        assert_eq!(is_delimiter_row("| --- | x |"), None);
        assert_eq!(is_delimiter_row("| : |"), None);
    }

    #[test]
    fn table_row_text_keeps_empty_cells_and_drops_markup() {
        assert_eq!(
            table_row_text(&["**Poland**", " 4%  of GDP ", "2024"]).as_deref(),
            Some("Poland | 4% of GDP | 2024")
        );
        assert_eq!(table_row_text(&["a", "", "c"]).as_deref(), Some("a | | c"));
        assert_eq!(table_row_text(&["", "b"]).as_deref(), Some("| b"));
        assert_eq!(table_row_text(&["a", ""]).as_deref(), Some("a |"));
        assert_eq!(table_row_text(&["a \\| b"]).as_deref(), Some("a | b"));
        assert_eq!(table_row_text(&["", " "]), None);
        assert_eq!(table_row_text::<&str>(&[]), None);
    }

    #[test]
    fn pipe_table_rows_are_paragraphs_and_the_rule_is_furniture_issue_11() {
        let d = doc("# Pledges\n\nWe list them.\n\n| Country | Pledge |\n|---|:---:|\n| 1. Poland | **4%** of GDP |\n| Estonia |  |\n\nThe end.\n");
        assert_eq!(
            shapes(&d),
            [
                ("heading", None, "Pledges"),
                ("body", None, "We list them."),
                ("table-row", None, "Country | Pledge"),
                ("table-row", None, "1. Poland | 4% of GDP"),
                ("table-row", None, "Estonia |"),
                ("body", None, "The end."),
            ]
        );
        assert_eq!(
            d.paragraphs.iter().map(|p| p.line).collect::<Vec<_>>(),
            [1, 3, 5, 7, 8, 10]
        );
        assert_eq!(d.furniture.len(), 1);
        assert_eq!(d.furniture[0].reason, FurnitureReason::TableRule);
        assert_eq!(d.furniture[0].text, "|---|:---:|");
        assert_eq!(d.furniture[0].line, 6);
        assert_eq!(d.furniture[0].reason.as_str(), "table delimiter row");
    }

    #[test]
    fn table_without_outer_pipes_and_ragged_rows() {
        let d =
            doc("Name | Role | Year\n--- | --- | ---\nAda | Chair\nBob | Member | 2024 | extra\n");
        assert_eq!(
            texts(&d),
            [
                "Name | Role | Year",
                "Ada | Chair |",
                "Bob | Member | 2024 | extra"
            ]
        );
        assert!(d
            .paragraphs
            .iter()
            .all(|p| p.kind == ParagraphKind::TableRow));
    }

    #[test]
    fn prose_with_a_pipe_and_lone_rules_are_no_table() {
        let d = doc("Allies | partners met in Vilnius.\nThey agreed on a plan.\n");
        assert!(d
            .paragraphs
            .iter()
            .all(|p| p.kind != ParagraphKind::TableRow));
        assert!(d.furniture.is_empty());
        // A delimiter row with no header, and one whose header has another width.
        let d = doc("|---|---|\n\nText here.\n\n| a | b | c |\n|---|---|\n");
        assert!(d
            .paragraphs
            .iter()
            .all(|p| p.kind != ParagraphKind::TableRow));
        assert!(d
            .furniture
            .iter()
            .all(|f| f.reason != FurnitureReason::TableRule));
        // A heading line is never a table's header.
        let d = doc("# A | B\n|---|---|\n");
        assert_eq!(d.paragraphs[0].kind, ParagraphKind::Heading);
    }

    #[test]
    fn wrapped_text_never_joins_table_rows_issue_11() {
        // Hard-wrapped prose around a table: no row joins a neighbour or another row,
        // even when the row starts in lower case or the prose ends mid-sentence.
        let text = "The ministers agreed on the figures that are given\nin the table below, which they will review each year:\n| country | share |\n|---|---|\n| poland | four per cent |\n| estonia | three per cent |\nand the text goes\non after it without a break.\n\nlower case paragraph after\na blank line here.\n";
        let d = doc(text);
        assert_eq!(
            shapes(&d),
            [
                (
                    "body",
                    None,
                    "The ministers agreed on the figures that are given in the table below, which they will review each year:"
                ),
                ("table-row", None, "country | share"),
                ("table-row", None, "poland | four per cent"),
                ("table-row", None, "estonia | three per cent"),
                ("body", None, "and the text goes on after it without a break."),
                ("body", None, "lower case paragraph after a blank line here."),
            ]
        );
        // A table at the end, after a blank line, with a lower-case first row.
        let d = doc("It ends with\n\n| a | b |\n|---|---|\n| x | y |");
        assert_eq!(texts(&d), ["It ends with", "a | b", "x | y"]);
    }

    #[test]
    fn table_rows_are_never_headers_footers_or_page_numbers() {
        // Short capitalised rows at the end would read as a letterhead footer, and a
        // row of one number as a page number.
        let d = doc("We will act.\n\n| NAME | ROLE |\n|---|---|\n| 12 |\n| ADA | CHAIR |\n");
        assert_eq!(
            texts(&d),
            ["We will act.", "NAME | ROLE", "12 |", "ADA | CHAIR"]
        );
        assert_eq!(d.furniture.len(), 1);
    }

    #[test]
    fn odd_tables_do_not_panic_and_lose_no_letter() {
        let inputs = [
            "| a |\n|---|",
            "|---|\n|---|\n|---|",
            "| `a | b` | c |\n|---|---|\n| `x|y` | z |",
            "| é | ü |\n|:-:|:-:|\n| ß \\|",
            "||\n|-|\n||\n| |",
            "|\n|-",
            "a|b\n-|-\n\\|\\|\n|||",
            "| x |\n| - |\n\x0c| y |",
        ];
        for text in inputs {
            let Ok(d) = parse("t", text, "UTF-8", NormaliseOptions::default()) else {
                continue;
            };
            let count = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
            let kept: usize = d.paragraphs.iter().map(|p| count(&p.text)).sum::<usize>()
                + d.furniture.iter().map(|f| count(&f.text)).sum::<usize>();
            assert_eq!(kept, count(text), "{text:?}: {d:?}");
        }
    }
}
