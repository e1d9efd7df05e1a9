//! PDF: text rebuilt from glyph positions into paragraphs, with page furniture set aside.
//!
//! `pdf-extract` (over `lopdf`) decodes the fonts and reports each glyph with its position
//! and size. Its own plain-text output loses the layout this module needs, so glyphs are
//! collected here and then:
//!
//! 1. grouped into lines (same baseline, moving right), with spaces where glyphs are
//!    further apart than a fraction of the font size;
//! 2. page furniture is set aside: lines at the top or bottom of a page that recur on
//!    other pages (digits aside), and page numbers (`3`, `- 3 -`, `Page 3 of 7`);
//! 3. lines are joined into paragraphs. A paragraph ends at a gap wider than the usual
//!    line pitch, a change of font size, a line that starts with a paragraph number, or a
//!    short line that ends a sentence. A paragraph that runs over a page break is
//!    rejoined, whatever its next word is;
//! 4. joins undo hyphenation (`defen-` + `ce`), keeping the hyphen of a compound the
//!    document writes with one elsewhere or after a prefix such as `co-`, and of words
//!    broken before a capital (`NATO-` + `Ukraine`);
//! 5. ligatures (`ﬁ`, `ﬀ`) become letters and symbol-font bullets become `•`;
//! 6. a number alone on its line stays the label of the paragraph after it.
//!
//! `pdf-extract` panics on PDFs it does not support, by design. Extraction runs on its own
//! thread with a large stack, under `catch_unwind`, and a panic becomes an error; the
//! panic message is kept out of standard error by a panic hook that stays silent only on
//! that thread while it extracts. An encrypted PDF that needs a password, and a PDF with
//! no text layer, get errors that say so.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::any::Any;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use crate::error::{Error, Result};
use crate::model::{Document, Furniture, FurnitureReason};
use crate::normalise::{self, Block, NormaliseOptions};

/// Reads a PDF into a document.
pub fn parse(source: &str, bytes: &[u8], norm: NormaliseOptions) -> Result<Document> {
    let path = Path::new(source);
    let Extracted { pages, title } = extract_glyphs(bytes, path)?;
    let glyphs = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .filter(|g| !g.text.trim().is_empty())
        .count();
    if glyphs == 0 {
        return Err(Error::PdfNoText {
            path: path.to_path_buf(),
            pages: pages.len(),
        });
    }
    let (mut blocks, mut furniture) = layout(&pages);
    let meta = take_title_block(title, &mut blocks, &mut furniture);
    normalise::from_blocks(source, "PDF", meta, blocks, furniture, norm)
}

/// One glyph: its position (PDF user space, y up), advance and size in points, and the
/// direction of its baseline in quarter turns, `None` when it is diagonal (a watermark).
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    width: f64,
    size: f64,
    turn: Option<u8>,
    text: String,
}

impl Glyph {
    /// The position along the line and down the page, for text turned `turn` quarter
    /// turns: rotated text reads like upright text once turned back.
    fn reading_position(&self, turn: u8) -> (f64, f64) {
        match turn {
            1 => (self.y, self.x),
            2 => (-self.x, self.y),
            3 => (-self.y, -self.x),
            _ => (self.x, -self.y),
        }
    }
}

/// The baseline direction of a text matrix in quarter turns, if it is within 5° of one.
fn quarter_turn(trm: &Transform) -> Option<u8> {
    let degrees = trm.m12.atan2(trm.m11).to_degrees().rem_euclid(360.0);
    let nearest = (degrees / 90.0).round();
    ((degrees - nearest * 90.0).abs() < 5.0).then_some((nearest as u8) % 4)
}

#[derive(Debug, Default, Clone)]
struct Page {
    glyphs: Vec<Glyph>,
}

/// Collects glyphs page by page.
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    glyphs: usize,
    operations: usize,
    /// The limit that stopped extraction, if one did.
    exceeded: Option<String>,
}

impl Collector {
    /// Counts one callback; past a limit, stops extraction with an error.
    fn tick(&mut self, glyph: bool) -> std::result::Result<(), OutputError> {
        self.operations += 1;
        self.glyphs += usize::from(glyph);
        if self.glyphs > MAX_GLYPHS {
            self.exceeded = Some(format!(
                "it draws more than {MAX_GLYPHS} characters (forms that draw each other \
                 over and over?); refused"
            ));
        } else if self.operations > MAX_OPERATIONS {
            self.exceeded = Some(format!(
                "it makes more than {MAX_OPERATIONS} drawing operations; refused"
            ));
        }
        match self.exceeded {
            Some(_) => Err(OutputError::IoError(std::io::Error::other(
                "limit exceeded",
            ))),
            None => Ok(()),
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> std::result::Result<(), OutputError> {
        self.pages.push(Page::default());
        Ok(())
    }

    fn end_page(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> std::result::Result<(), OutputError> {
        self.tick(true)?;
        let size = font_size * (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        // Some fonts report no advance; half an em keeps words apart without gaps.
        let advance = if width > 0.0 { width } else { 0.5 };
        if let Some(page) = self.pages.last_mut() {
            page.glyphs.push(Glyph {
                x: trm.m31,
                y: trm.m32,
                width: advance * size,
                size,
                turn: quarter_turn(trm),
                text: text.to_owned(),
            });
        }
        Ok(())
    }

    fn begin_word(&mut self) -> std::result::Result<(), OutputError> {
        self.tick(false)
    }

    fn end_word(&mut self) -> std::result::Result<(), OutputError> {
        self.tick(false)
    }

    fn end_line(&mut self) -> std::result::Result<(), OutputError> {
        self.tick(false)
    }

    fn stroke(
        &mut self,
        _ctm: &Transform,
        _colorspace: &pdf_extract::ColorSpace,
        _color: &[f64],
        _path: &pdf_extract::Path,
    ) -> std::result::Result<(), OutputError> {
        self.tick(false)
    }

    fn fill(
        &mut self,
        _ctm: &Transform,
        _colorspace: &pdf_extract::ColorSpace,
        _color: &[f64],
        _path: &pdf_extract::Path,
    ) -> std::result::Result<(), OutputError> {
        self.tick(false)
    }
}

thread_local! {
    /// Set while this thread runs pdf-extract: its panics are errors, not crashes.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs, once, a panic hook that says nothing for panics on a thread that is
/// extracting a PDF, and defers to the previous hook for every other panic.
fn install_quiet_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Stack for the extraction thread: lopdf's parser recurses into nested objects. (A
/// larger stack costs about a millisecond to map on every PDF.)
const STACK: usize = 64 * 1024 * 1024;

/// The most glyphs one PDF may draw (a 500-page statement draws about 1.5 million).
/// Forms that draw each other over and over multiply glyphs without bound.
pub const MAX_GLYPHS: usize = 4_000_000;

/// The most drawing callbacks (words, lines, paths) one PDF may make.
const MAX_OPERATIONS: usize = 40_000_000;

/// What extraction gives: the glyphs of each page, and the title in the document
/// information dictionary.
#[derive(Debug, Default, Clone)]
struct Extracted {
    pages: Vec<Page>,
    title: Option<String>,
}

fn extract_glyphs(bytes: &[u8], path: &Path) -> Result<Extracted> {
    match child::program() {
        Some(program) => child::extract(program, bytes, path),
        None => extract_in_process(bytes, path),
    }
}

/// Extracts on a thread of this process, under `catch_unwind`. Bounded in glyphs and
/// operations, but a stack overflow or an allocation failure here ends the process: the
/// redliner binary therefore extracts in a child process ([`child`]).
fn extract_in_process(bytes: &[u8], path: &Path) -> Result<Extracted> {
    install_quiet_hook();
    let run = || {
        QUIET.with(|q| q.set(true));
        let result = catch_unwind(AssertUnwindSafe(|| load_and_collect(bytes, path)));
        QUIET.with(|q| q.set(false));
        result
    };
    let outcome = std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("pdf-extract".into())
            .stack_size(STACK)
            .spawn_scoped(s, run)
            .map(|h| h.join())
    });
    match outcome {
        Ok(Ok(Ok(result))) => result,
        Ok(Ok(Err(panic))) | Ok(Err(panic)) => Err(Error::Pdf {
            path: path.to_path_buf(),
            what: format!(
                "the PDF reader gave up on this file ({})",
                panic_message(&*panic)
            ),
        }),
        Err(e) => Err(Error::Pdf {
            path: path.to_path_buf(),
            what: format!("cannot start the PDF reader ({e})"),
        }),
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unsupported content".into()
    }
}

fn load_and_collect(bytes: &[u8], path: &Path) -> Result<Extracted> {
    let pdf_err = |what: String| Error::Pdf {
        path: path.to_path_buf(),
        what,
    };
    let encrypted = || Error::PdfEncrypted {
        path: path.to_path_buf(),
    };
    let mut doc = match pdf_extract::Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(e) if is_password_error(&e) => return Err(encrypted()),
        Err(e) => return Err(pdf_err(e.to_string())),
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(encrypted());
    }
    let mut collector = Collector::default();
    let output = pdf_extract::output_doc(&doc, &mut collector);
    if let Some(limit) = collector.exceeded.take() {
        return Err(pdf_err(limit));
    }
    output.map_err(|e| match e {
        OutputError::PdfError(ref inner) if is_password_error(inner) => encrypted(),
        e => pdf_err(e.to_string()),
    })?;
    if collector.pages.is_empty() {
        return Err(pdf_err("it has no pages".into()));
    }
    Ok(Extracted {
        pages: collector.pages,
        title: info_title(&doc),
    })
}

/// The `/Title` of the document information dictionary, decoded (UTF-16 with its byte
/// order mark, or PDFDocEncoding, read here as Latin-1).
fn info_title(doc: &pdf_extract::Document) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info {
        pdf_extract::Object::Reference(id) => doc.get_object(*id).ok()?,
        other => other,
    };
    let bytes = info.as_dict().ok()?.get(b"Title").ok()?.as_str().ok()?;
    let text = if let Some(be) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = be
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// A PDF made from a document with a title block (a DOCX with Title and Date
/// paragraphs) starts with the title its information dictionary states: that first
/// paragraph, and a date alone on the paragraph after it, are metadata, not text.
fn take_title_block(
    title: Option<String>,
    blocks: &mut Vec<Block>,
    furniture: &mut Vec<Furniture>,
) -> normalise::Meta {
    let mut meta = normalise::Meta::default();
    let Some(title) = title else {
        return meta;
    };
    // Compared by key, so that a title hyphenated across its lines still matches.
    let same =
        |a: &str, b: &str| normalise::paragraph_key(a, true) == normalise::paragraph_key(b, true);
    if blocks.len() < 2 || !same(&blocks[0].text, &title) {
        return meta;
    }
    let mut count = 1;
    if blocks.len() > 2 && crate::history::dates::is_date_line(&blocks[1].text) {
        meta.date = Some(blocks[1].text.trim().to_owned());
        count = 2;
    }
    for b in blocks.drain(..count) {
        furniture.push(Furniture {
            text: b.text.trim().to_owned(),
            reason: FurnitureReason::DocumentTitle,
            line: b.line,
        });
    }
    meta.title = Some(title);
    meta
}

fn is_password_error(e: &pdf_extract::Error) -> bool {
    let text = e.to_string().to_ascii_lowercase();
    matches!(e, pdf_extract::Error::Decryption(_))
        || text.contains("password")
        || text.contains("decrypt")
        || text.contains("encrypt")
}

/// A line of text on a page.
#[derive(Debug, Clone)]
struct Line {
    page: usize,
    y: f64,
    x0: f64,
    x1: f64,
    size: f64,
    text: String,
    /// The widest space between two of its words: a justified line of a few words
    /// that a line break ended is stretched across the width.
    gap: f64,
    /// Its letters with their advance widths in thousandths of an em: the font's own
    /// measure, which tells a bold or italic face from the body's (see [`Faces`]).
    letters: Vec<(char, u16)>,
}

/// The direction most of a page's text runs in (quarter turns).
fn dominant_turn(page: &Page) -> u8 {
    let mut counts = [0usize; 4];
    for g in &page.glyphs {
        if let Some(t) = g.turn {
            counts[usize::from(t)] += 1;
        }
    }
    (0..4u8)
        .max_by_key(|&t| (counts[usize::from(t)], 4 - t))
        .unwrap_or(0)
}

/// Groups a page's glyphs into lines, in the order the page draws them. Text running in
/// another direction than most of the page's (diagonal watermarks, a turned table
/// heading) is left out.
fn lines_of(page: &Page, number: usize) -> Vec<Line> {
    let turn = dominant_turn(page);
    let mut lines: Vec<Line> = Vec::new();
    let mut space = false;
    for g in page.glyphs.iter().filter(|g| g.turn == Some(turn)) {
        if g.text.trim().is_empty() {
            space = true;
            continue;
        }
        let (x, y) = g.reading_position(turn);
        let size = g.size.max(1.0);
        match lines.last_mut() {
            Some(l) if (y - l.y).abs() < 0.45 * size.max(l.size) && x > l.x0 - 0.5 * size => {
                let gap = x - l.x1;
                if gap < -0.5 * size && l.text.ends_with(g.text.as_str()) {
                    continue; // drawn twice, as for fake bold
                }
                if gap > 0.18 * size || (space && gap > -0.1 * size) {
                    l.text.push(' ');
                    l.gap = l.gap.max(gap);
                }
                l.text.push_str(&g.text);
                l.x1 = l.x1.max(x + g.width);
                l.size = l.size.max(size);
                l.letters.extend(letter(g));
            }
            _ => lines.push(Line {
                page: number,
                y,
                x0: x,
                x1: x + g.width,
                size,
                text: g.text.clone(),
                gap: 0.0,
                letters: letter(g).into_iter().collect(),
            }),
        }
        space = false;
    }
    lines
}

/// A glyph that is one letter, with its advance in thousandths of an em.
fn letter(g: &Glyph) -> Option<(char, u16)> {
    let mut chars = g.text.chars();
    let c = chars.next().filter(|c| c.is_alphabetic())?;
    if chars.next().is_some() || g.size <= 0.0 {
        return None;
    }
    let em = (g.width / g.size * 1000.0).round();
    (1.0..=3000.0).contains(&em).then_some((c, em as u16))
}

/// The key under which a header or footer line recurs: digits and case do not count.
fn furniture_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '#'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// `3`, `- 3 -`, `Page 3`, `Page 3 of 7`, `3 / 7`, `3 of 7`.
fn is_page_number(t: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    let words: Vec<&str> = t.split_whitespace().collect();
    let page = |w: &str| w.eq_ignore_ascii_case("page") || w.eq_ignore_ascii_case("p.");
    match words.as_slice() {
        [n] => digits(n) || (n.contains('/') && n.split('/').all(digits)),
        ["-" | "–" | "—", n, "-" | "–" | "—"] => digits(n),
        [p, n] => page(p) && digits(n),
        [n, "/", m] => digits(n) && digits(m),
        [n, of, m] => digits(n) && of.eq_ignore_ascii_case("of") && digits(m),
        [p, n, of, m] => page(p) && digits(n) && of.eq_ignore_ascii_case("of") && digits(m),
        _ => false,
    }
}

/// How many lines at the top and at the bottom of a page can be a header or footer.
const BAND: usize = 4;

/// The indices of a page's lines from top to bottom.
fn by_height(lines: &[Line]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|&a, &b| lines[a].y.total_cmp(&lines[b].y));
    order
}

/// Marks header and footer lines among the top and bottom [`BAND`] lines of each page:
/// lines that recur at the same height on another page (digits aside), and page numbers
/// that are the first or last line of their page or stand apart from the text.
fn find_furniture(pages: &[Vec<Line>]) -> Vec<Vec<bool>> {
    let orders: Vec<Vec<usize>> = pages.iter().map(|l| by_height(l)).collect();
    let band = |order: &[usize]| -> Vec<(usize, usize)> {
        let n = order.len();
        let bottom = n.saturating_sub(BAND).max(BAND.min(n));
        order
            .iter()
            .enumerate()
            .filter(|&(rank, _)| rank < BAND || rank >= bottom)
            .map(|(rank, &i)| (rank, i))
            .collect()
    };
    let mut seen: HashMap<String, Vec<(usize, f64)>> = HashMap::default();
    for (p, (lines, order)) in pages.iter().zip(&orders).enumerate() {
        for (_, i) in band(order) {
            seen.entry(furniture_key(&lines[i].text))
                .or_default()
                .push((p, lines[i].y));
        }
    }
    let mut marks: Vec<Vec<bool>> = pages.iter().map(|l| vec![false; l.len()]).collect();
    for (p, (lines, order)) in pages.iter().zip(&orders).enumerate() {
        for (rank, i) in band(order) {
            let l = &lines[i];
            let t = l.text.trim();
            let tolerance = l.size.max(3.0);
            // On two pages at least, and on a quarter of them: a line of body text can
            // recur at one height by chance (`The United States and the European Union
            // share` at the top of two pages of twenty-three), a header on most pages.
            let recurs = t.chars().count() <= 120
                && seen.get(&furniture_key(t)).is_some_and(|at| {
                    let mut on: Vec<usize> = at
                        .iter()
                        .filter(|&&(_, y)| (y - l.y).abs() <= tolerance)
                        .map(|&(q, _)| q)
                        .collect();
                    on.dedup();
                    on.len() >= 2 && on.len() >= pages.len().div_ceil(4)
                });
            let extreme = rank == 0 || rank + 1 == order.len();
            let apart = |other: Option<&usize>| {
                other.is_none_or(|&j| (lines[j].y - l.y).abs() > 2.0 * l.size)
            };
            let isolated =
                apart(rank.checked_sub(1).and_then(|r| order.get(r))) && apart(order.get(rank + 1));
            marks[p][i] = recurs || (is_page_number(t) && (extreme || isolated));
        }
    }
    mark_one_off_headers(pages, &orders, &mut marks);
    marks
}

/// A running header that occurs only once (a two-page statement: `JOINT STATEMENT – B9
/// DMM 2024` after `Page 1 of 2`, or a one-page one numbered `Page 1 of 1`) cannot recur:
/// the top line of a page that follows a page ending in a page number (of the first page,
/// when it is numbered itself) is a header when it stands apart from the text, is short,
/// has no lower-case letter and does not end a sentence (issue #11).
fn mark_one_off_headers(pages: &[Vec<Line>], orders: &[Vec<usize>], marks: &mut [Vec<bool>]) {
    let numbered_page = |p: usize, marks: &[Vec<bool>]| {
        pages[p]
            .iter()
            .zip(&marks[p])
            .any(|(l, &m)| m && is_page_number(l.text.trim()))
    };
    for p in 0..pages.len() {
        // The first page has no page before it: there, its own page number counts, and
        // the line must be no larger than the one under it (a title is larger).
        let numbered = if p == 0 {
            numbered_page(0, marks)
        } else {
            numbered_page(p - 1, marks)
        };
        let (lines, order) = (&pages[p], &orders[p]);
        let (Some(&top), Some(&next)) = (order.first(), order.get(1)) else {
            continue;
        };
        let l = &lines[top];
        let t = l.text.trim();
        let header = numbered
            && (p > 0 || l.size <= lines[next].size)
            && !marks[p][top]
            && (lines[next].y - l.y).abs() > 2.0 * l.size
            && t.split_whitespace().count() <= 10
            && t.chars().any(char::is_alphabetic)
            && !t.chars().any(char::is_lowercase)
            && !ends_sentence(t);
        marks[p][top] |= header;
    }
}

/// The body text's face, as the advance width each letter has most often at body size.
/// A line set in another face (a bold title at body size: pdf-extract reports no font
/// weight) has letters of other widths: in most fonts, bold letters are wider.
struct Faces {
    body: HashMap<char, u16>,
}

impl Faces {
    fn of(lines: &[Line], body_size: f64) -> Faces {
        let mut counts: HashMap<(char, u16), usize> = HashMap::default();
        for l in lines.iter().filter(|l| (l.size - body_size).abs() < 0.6) {
            for &k in &l.letters {
                *counts.entry(k).or_default() += 1;
            }
        }
        let mut body: HashMap<char, (u16, usize)> = HashMap::default();
        for ((c, w), n) in counts {
            let e = body.entry(c).or_insert((w, 0));
            if (n, std::cmp::Reverse(w)) > (e.1, std::cmp::Reverse(e.0)) {
                *e = (w, n);
            }
        }
        Faces {
            body: body.into_iter().map(|(c, (w, _))| (c, w)).collect(),
        }
    }

    /// The face a line is set in: the body's when at most one letter in ten has another
    /// width, another when nine in ten do; with fewer than four letters, or in between
    /// (a bold lead-in, then body text), no verdict.
    fn face(&self, line: &Line) -> Face {
        let (mut judged, mut other) = (0usize, 0usize);
        for (c, w) in &line.letters {
            if let Some(b) = self.body.get(c) {
                judged += 1;
                other += usize::from(b.abs_diff(*w) > 2);
            }
        }
        if judged < 4 {
            Face::Unknown
        } else if 10 * other <= judged {
            Face::Body
        } else if 10 * other >= 9 * judged {
            Face::Other
        } else {
            Face::Unknown
        }
    }
}

/// What is known of the faces at a line: whether the paragraph so far is set wholly in
/// another face than the body text's (bold, say), and the line's own face.
#[derive(Debug, Clone, Copy)]
struct FacesSeen {
    block_in_other_face: bool,
    before: Face,
    line: Face,
}

/// The face a line is set in, as [`Faces::face`] judges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Face {
    Body,
    Other,
    Unknown,
}

/// The measures paragraph breaks are judged by.
struct Metrics {
    /// The usual distance between baselines of body text.
    pitch: f64,
    /// The usual font size of body text.
    body_size: f64,
    /// The right edge of the text block.
    right: f64,
    /// The width of the text block.
    width: f64,
    /// Most body lines run to the right edge: the text is justified, so a line that
    /// ends even an em short of the edge is a paragraph's last.
    justified: bool,
    /// Paragraphs are set apart by space: nearly every short line that ends a sentence
    /// is followed by a wider gap than the line pitch. In such a document a short line
    /// followed at the usual pitch was ended by a line break inside its paragraph.
    spaced: bool,
}

fn metrics(lines: &[Line]) -> Metrics {
    let mut sizes: HashMap<i64, usize> = HashMap::default();
    for l in lines {
        *sizes.entry((l.size * 2.0).round() as i64).or_default() += l.text.len();
    }
    let body_size = sizes
        .into_iter()
        .max_by_key(|&(s, n)| (n, s))
        .map_or(10.0, |(s, _)| s as f64 / 2.0);
    let mut gaps: HashMap<i64, usize> = HashMap::default();
    for w in lines.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let dy = b.y - a.y;
        if a.page == b.page && dy > 0.0 && (a.size - body_size).abs() < 0.6 {
            *gaps.entry((dy * 4.0).round() as i64).or_default() += 1;
        }
    }
    let pitch = gaps
        .into_iter()
        .max_by_key(|&(g, n)| (n, -g))
        .map_or(body_size * 1.2, |(g, _)| g as f64 / 4.0);
    let body: Vec<&Line> = lines
        .iter()
        .filter(|l| (l.size - body_size).abs() < 0.6)
        .collect();
    let right = body.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
    let left = body.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
    let full = body.iter().filter(|l| l.x1 > right - 1.0).count();
    let justified = body.len() >= 10 && 2 * full > body.len();
    let width = (right - left).max(1.0);
    let (mut ends, mut spaced) = (0usize, 0usize);
    for w in lines.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let short = a.x1 < right - short_by(justified, width, a.size);
        if a.page == b.page && (a.size - body_size).abs() < 0.6 && short && ends_sentence(&a.text) {
            ends += 1;
            spaced += usize::from(b.y - a.y > pitch * 1.25 + 0.5);
        }
    }
    Metrics {
        pitch,
        body_size,
        right,
        width,
        justified,
        spaced: ends >= 3 && 10 * spaced >= 9 * ends,
    }
}

/// Lays the pages out as blocks (paragraphs) and furniture.
fn layout(pages: &[Page]) -> (Vec<Block>, Vec<Furniture>) {
    let per_page: Vec<Vec<Line>> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| lines_of(p, i + 1))
        .collect();
    let marks = find_furniture(&per_page);
    let mut furniture = Vec::new();
    let mut body = Vec::new();
    let mut line_no = 0;
    for (lines, marks) in per_page.into_iter().zip(marks) {
        for (l, furn) in lines.into_iter().zip(marks) {
            line_no += 1;
            if furn {
                furniture.push(Furniture {
                    reason: if is_page_number(l.text.trim()) {
                        FurnitureReason::PageNumber
                    } else {
                        FurnitureReason::RunningHeader
                    },
                    text: clean(&l.text),
                    line: line_no,
                });
            } else {
                body.push((line_no, l));
            }
        }
    }
    let lines: Vec<Line> = body.iter().map(|(_, l)| l.clone()).collect();
    let m = metrics(&lines);
    let vocabulary = vocabulary(&lines);
    let faces = Faces::of(&lines, m.body_size);
    let mut blocks: Vec<Block> = Vec::new();
    let mut prev: Option<&Line> = None;
    // Whether every line of the block so far is set in another face than the body's.
    let mut block_in_other_face = false;
    let mut prev_face = Face::Unknown;
    for (no, l) in &body {
        let text = clean(&l.text);
        let face = faces.face(l);
        let faces_seen = FacesSeen {
            block_in_other_face,
            before: prev_face,
            line: face,
        };
        prev_face = face;
        match (prev, blocks.last_mut()) {
            (Some(p), Some(b)) if !breaks(p, l, &b.text, &m, faces_seen) => {
                join(&mut b.text, &text, &vocabulary);
                block_in_other_face &= face == Face::Other;
            }
            _ => {
                blocks.push(Block {
                    heading: l.size > m.body_size * 1.12,
                    text,
                    label: None,
                    line: *no,
                    table_row: false,
                });
                block_in_other_face = face == Face::Other;
            }
        }
        prev = Some(l);
    }
    (blocks, furniture)
}

/// True when line `cur` starts a new paragraph after line `prev`, whose paragraph so far
/// is `para`, set in the faces `faces`.
fn breaks(prev: &Line, cur: &Line, para: &str, m: &Metrics, faces: FacesSeen) -> bool {
    // `12.` alone on its line labels what follows.
    if is_bare_label(para) {
        return false;
    }
    if (cur.size - prev.size).abs() > 0.6 {
        return true;
    }
    let short = prev.x1 < m.right - short_by(m.justified, m.width, prev.size);
    // A label starts a paragraph, unless the line before runs on to it: full to the
    // edge, without a sentence's end, and starting where this line starts (`President
    // Joseph` / `R. Biden`, `definitions and` / `(ii) …`).
    if normalise::split_label(cur.text.trim()).0.is_some() {
        let runs_on = !short && !ends_sentence(&prev.text) && (cur.x0 - prev.x0).abs() < 1.0;
        if !runs_on {
            return true;
        }
    }
    if short && ends_sentence(&prev.text) && !(m.spaced && cur.page == prev.page) {
        return true;
    }
    // A title in bold at body size, right above its text: the face changes where the
    // line does. Not a bold lead-in (`Title:` then text) or a list item's.
    let t = prev.text.trim_end();
    let ends_open = t.ends_with(RUNS_ON);
    let stretched = prev.gap > 3.0 * prev.size;
    let lead_in = ends_open || t.ends_with(':') || normalise::split_label(para).0.is_some();
    if faces.block_in_other_face && faces.line == Face::Body && !lead_in {
        return true;
    }
    // And after a line that a line break ended (short, or stretched by justification),
    // a title set wholly in bold starts.
    let broken = short || stretched;
    if broken && faces.before == Face::Body && faces.line == Face::Other {
        return true;
    }
    // A title set at body size right above its text (`Peace and Stability` / `We
    // discussed…`): a paragraph's only line, ending before 60% of the width or
    // stretched by justification (a space over three ems: a line break ended it),
    // without punctuation at its end, with a capital starting the next line. Where
    // paragraphs are set apart by space, such a line without a face of its own is a
    // line break inside its paragraph (`31 May 2023` / `Luleå, Sweden`).
    let title = para == clean(&prev.text)
        && (!m.spaced || faces.block_in_other_face)
        && (prev.x1 < m.right - 0.4 * m.width || stretched)
        && !ends_open
        && !ends_sentence(t)
        && cur.text.trim_start().starts_with(char::is_uppercase);
    if title {
        return true;
    }
    if cur.page != prev.page {
        // The space between paragraphs is lost at a page break, but a sentence's end on
        // a line that a line break cut short, stretched by justification (spaces of
        // over an em and a half; a list item's first line has its label's tab), still
        // ends one.
        return ends_sentence(t)
            && prev.gap > 1.5 * prev.size
            && normalise::split_label(prev.text.trim()).0.is_none();
    }
    let pitch = m.pitch * cur.size / m.body_size;
    let dy = cur.y - prev.y;
    dy > pitch * 1.25 + 0.5 || dy < -0.5 * cur.size
}

/// Marks that end a line whose sentence runs on to the next: a comma, a semicolon, a
/// hyphen or dash, an opening bracket.
const RUNS_ON: [char; 7] = [',', ';', '-', '\u{AD}', '–', '—', '('];

/// How far short of the right edge a line must end to be a paragraph's last: an em in
/// justified text, else an eighth of the width (and two ems at least).
fn short_by(justified: bool, width: f64, size: f64) -> f64 {
    if justified {
        size
    } else {
        (0.12 * width).max(2.0 * size)
    }
}

fn is_bare_label(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty() && !t.contains(' ') && normalise::split_label(&format!("{t} x")).0.is_some()
}

fn ends_sentence(t: &str) -> bool {
    let t = t
        .trim_end()
        .trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', ')', ']']);
    t.ends_with(['.', '!', '?', ';', ':'])
}

/// Lower-case words of the document, for deciding whether a line-end hyphen belongs to
/// the word.
/// The document's words, as evidence for line-end hyphens ([`normalise::document_words`]).
fn vocabulary(lines: &[Line]) -> HashSet<String> {
    normalise::document_words(&lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>())
}

const COMPOUND_PREFIXES: [&str; 16] = [
    "co", "non", "anti", "pre", "post", "self", "multi", "cross", "inter", "counter", "euro",
    "well", "long", "full", "high", "low",
];

/// Appends a line to a paragraph, undoing hyphenation at the break.
fn join(para: &mut String, next: &str, vocabulary: &HashSet<String>) {
    let hyphen = para
        .char_indices()
        .next_back()
        .filter(|&(_, c)| matches!(c, '-' | '\u{AD}' | '\u{2010}'));
    let Some((at, mark)) = hyphen else {
        if !broken_word(para, next, vocabulary) {
            para.push(' ');
        }
        para.push_str(next);
        return;
    };
    let stem = trailing_letters(&para[..at]).to_lowercase();
    let first = leading_letters(next).to_lowercase();
    let lower_next = next.chars().next().is_some_and(char::is_lowercase);
    let joined = vocabulary.contains(&format!("{stem}{first}"));
    // No compound's hyphen follows a full stop: `amazonaws.-` / `com` is hyphenation
    // inside an address.
    let after_stop = para[..at].ends_with('.') && lower_next;
    let drop = mark == '\u{AD}'
        || after_stop
        || (lower_next
            && !stem.is_empty()
            && !vocabulary.contains(&format!("{stem}-{first}"))
            && (joined
                || !(COMPOUND_PREFIXES.contains(&stem.as_str())
                    || normalise::both_words(&stem, &first, vocabulary))));
    if drop {
        para.truncate(at);
    } else if mark != '-' {
        para.truncate(at);
        para.push('-');
    }
    para.push_str(next);
}

/// Words of one or two letters, which a piece of a broken word may be by chance.
const SHORT_WORDS: [&str; 28] = [
    "a", "i", "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me",
    "my", "no", "of", "on", "or", "so", "to", "up", "us", "we", "eu", "un",
];

/// A word broken at a line end without a hyphen (a layout's emergency break: `th` /
/// `e Quad`): neither piece is a word, but the two together are a word of the document.
fn broken_word(para: &str, next: &str, vocabulary: &HashSet<String>) -> bool {
    let (left, right) = (trailing_letters(para), leading_letters(next));
    let is_word = |w: &str| {
        let w = w.to_lowercase();
        if w.chars().count() <= 2 {
            SHORT_WORDS.contains(&w.as_str())
        } else {
            vocabulary.contains(&w)
        }
    };
    !left.is_empty()
        && !right.is_empty()
        && !is_word(left)
        && !is_word(right)
        && vocabulary.contains(&format!("{left}{right}").to_lowercase())
}

/// The letters that end `s` (the stem before a line break).
fn trailing_letters(s: &str) -> &str {
    &s[s.trim_end_matches(char::is_alphabetic).len()..]
}

/// The letters that start `s` (the word after a line break).
fn leading_letters(s: &str) -> &str {
    &s[..s.len() - s.trim_start_matches(char::is_alphabetic).len()]
}

/// Ligatures become letters, private-use symbol bullets become `•`, and runs of spaces
/// from justified text become one.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            '\u{F0B7}' | '\u{F0A7}' | '\u{F076}' | '\u{F0D8}' | '\u{F0FC}' => out.push('•'),
            c if c.is_whitespace() && c != '\u{A0}' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out.trim().to_owned()
}

/// Extraction in a child process, so that no PDF can crash, exhaust or hang redliner.
///
/// pdf-extract recurses without a depth limit (a form that draws itself overflows the
/// stack, which aborts the process: `catch_unwind` cannot stop it) and decompresses
/// streams without a size limit (a Flate bomb of a few kilobytes inflates to
/// gigabytes). Neither can be bounded from outside the crate, so the redliner binary
/// runs it in a child: itself, re-invoked with the hidden subcommand [`CHILD_COMMAND`].
/// The child limits its own address space ([`MEMORY_LIMIT`]) and CPU time
/// ([`CPU_SECONDS`]), reads the PDF on standard input and writes the glyphs to standard
/// output; the parent kills it after [`TIMEOUT`]. An abort, a kill or a limit in the
/// child becomes an [`Error::Pdf`] that says which bound was hit.
pub mod child {
    use std::io::{Read, Write};
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};
    use std::sync::OnceLock;
    use std::time::Duration;

    use wait_timeout::ChildExt;

    use super::{Extracted, Glyph, Page};
    use crate::error::{Error, Result};

    /// The hidden subcommand of the redliner binary that extracts a PDF for its parent.
    pub const CHILD_COMMAND: &str = "__extract-pdf";
    /// The child's address-space limit: 1 GiB.
    pub const MEMORY_LIMIT: u64 = 1 << 30;
    /// The child's CPU-time limit, in seconds.
    pub const CPU_SECONDS: u64 = 60;
    /// How long the parent waits for the child before killing it.
    pub const TIMEOUT: Duration = Duration::from_secs(120);
    /// The most glyph data the parent reads back (far above [`super::MAX_GLYPHS`]).
    const MAX_OUTPUT: u64 = 1 << 30;

    static PROGRAM: OnceLock<PathBuf> = OnceLock::new();

    /// From now on, extract PDFs by running `program CHILD_COMMAND` (the redliner
    /// binary passes itself). Without this, extraction runs in this process.
    pub fn isolate_with(program: PathBuf) {
        let _ = PROGRAM.set(program);
    }

    pub(super) fn program() -> Option<&'static Path> {
        PROGRAM.get().map(PathBuf::as_path)
    }

    /// The child's side: limits itself, reads a PDF on standard input, writes the
    /// result to standard output. Returns the exit status.
    pub fn main() -> u8 {
        limit_self();
        let mut bytes = Vec::new();
        let read = std::io::stdin()
            .lock()
            .take(crate::input::DEFAULT_MAX_SIZE.saturating_mul(4))
            .read_to_end(&mut bytes);
        if read.is_err() {
            return 2;
        }
        let result = super::extract_in_process(&bytes, Path::new("-"));
        let mut out = std::io::stdout().lock();
        if out
            .write_all(&encode(&result))
            .and_then(|()| out.flush())
            .is_err()
        {
            return 2;
        }
        0
    }

    #[cfg(unix)]
    fn limit_self() {
        use nix::sys::resource::{setrlimit, Resource};
        // Failures leave the parent's timeout as the only bound.
        let _ = setrlimit(Resource::RLIMIT_CORE, 0, 0);
        let _ = setrlimit(Resource::RLIMIT_AS, MEMORY_LIMIT, MEMORY_LIMIT);
        let _ = setrlimit(Resource::RLIMIT_CPU, CPU_SECONDS, CPU_SECONDS + 5);
    }

    #[cfg(not(unix))]
    fn limit_self() {}

    /// The parent's side: runs the child on `bytes` and reads its result.
    pub(super) fn extract(program: &Path, bytes: &[u8], path: &Path) -> Result<Extracted> {
        let fail = |what: String| Error::Pdf {
            path: path.to_path_buf(),
            what,
        };
        let mut child = Command::new(program)
            .arg(CHILD_COMMAND)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| fail(format!("cannot start the PDF reader ({e})")))?;
        let (mut stdin, stdout, stderr) = (
            child.stdin.take().expect("piped"),
            child.stdout.take().expect("piped"),
            child.stderr.take().expect("piped"),
        );
        std::thread::scope(|s| {
            // A child that dies early closes the pipe: the write error is expected.
            s.spawn(move || {
                let _ = stdin.write_all(bytes);
            });
            let out = s.spawn(move || drain(stdout, MAX_OUTPUT));
            let err = s.spawn(move || drain(stderr, 64 * 1024));
            let status = match child.wait_timeout(TIMEOUT) {
                Ok(Some(status)) => Ok(status),
                Ok(None) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    Err(fail(format!(
                        "reading it took longer than {} s; refused",
                        TIMEOUT.as_secs()
                    )))
                }
                Err(e) => Err(fail(format!("cannot wait for the PDF reader ({e})"))),
            };
            let out = out.join().unwrap_or_default();
            let err = err.join().unwrap_or_default();
            let status = status?;
            if status.success() {
                if let Some(result) = decode(&out, path) {
                    return result;
                }
            }
            Err(fail(died(status, &String::from_utf8_lossy(&err))))
        })
    }

    fn drain(mut r: impl Read, limit: u64) -> Vec<u8> {
        let mut v = Vec::new();
        let _ = (&mut r).take(limit).read_to_end(&mut v);
        v
    }

    /// Why the child stopped, from its status and standard error.
    fn died(status: std::process::ExitStatus, stderr: &str) -> String {
        if stderr.contains("memory allocation") || stderr.contains("capacity overflow") {
            return format!(
                "reading it needs more than the PDF reader's {} MiB of memory (a \
                 decompression bomb, or content that multiplies itself); refused",
                MEMORY_LIMIT >> 20
            );
        }
        if stderr.contains("overflowed its stack") {
            return "its content nests without end (for example a form that draws \
                    itself); refused"
                .into();
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            // SIGXCPU (24) when the CPU limit is hit, SIGKILL (9) past its hard limit.
            if matches!(status.signal(), Some(24 | 9)) {
                return format!(
                    "reading it takes more than {CPU_SECONDS} s of processing; refused"
                );
            }
            if let Some(sig) = status.signal() {
                return format!("the PDF reader stopped on signal {sig}; refused");
            }
        }
        format!("the PDF reader failed ({status})")
    }

    /// Result tags on the child's standard output.
    const OK: u8 = 0;
    const ENCRYPTED: u8 = 1;
    const FAILED: u8 = 2;
    const NO_TEXT: u8 = 3;
    const PAGE: u8 = b'P';
    const GLYPH: u8 = b'G';
    const TITLE: u8 = b'T';

    /// A compact, exact encoding: floats as their bits, so the parent lays out exactly
    /// what an in-process extraction would.
    fn encode(result: &Result<Extracted>) -> Vec<u8> {
        let mut out = Vec::new();
        match result {
            Ok(Extracted { pages, title }) => {
                out.push(OK);
                if let Some(title) = title {
                    out.push(TITLE);
                    out.extend_from_slice(&(title.len() as u32).to_le_bytes());
                    out.extend_from_slice(title.as_bytes());
                }
                for page in pages {
                    out.push(PAGE);
                    for g in &page.glyphs {
                        out.push(GLYPH);
                        for f in [g.x, g.y, g.width, g.size] {
                            out.extend_from_slice(&f.to_le_bytes());
                        }
                        out.push(g.turn.unwrap_or(u8::MAX));
                        out.extend_from_slice(&(g.text.len() as u32).to_le_bytes());
                        out.extend_from_slice(g.text.as_bytes());
                    }
                }
            }
            Err(Error::PdfEncrypted { .. }) => out.push(ENCRYPTED),
            Err(Error::PdfNoText { pages, .. }) => {
                out.push(NO_TEXT);
                out.extend_from_slice(&(*pages as u64).to_le_bytes());
            }
            Err(Error::Pdf { what, .. }) => {
                out.push(FAILED);
                out.extend_from_slice(what.as_bytes());
            }
            Err(e) => {
                out.push(FAILED);
                out.extend_from_slice(e.to_string().as_bytes());
            }
        }
        out
    }

    /// The child's result, or `None` when its output is cut short or malformed.
    fn decode(data: &[u8], path: &Path) -> Option<Result<Extracted>> {
        let (&tag, mut rest) = data.split_first()?;
        let path = path.to_path_buf();
        match tag {
            ENCRYPTED => return Some(Err(Error::PdfEncrypted { path })),
            NO_TEXT => {
                let pages = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
                let pages = usize::try_from(pages).ok()?;
                return Some(Err(Error::PdfNoText { path, pages }));
            }
            FAILED => {
                let what = String::from_utf8_lossy(rest).into_owned();
                return Some(Err(Error::Pdf { path, what }));
            }
            OK => {}
            _ => return None,
        }
        let mut pages: Vec<Page> = Vec::new();
        let mut title = None;
        let mut take = |n: usize| -> Option<&[u8]> {
            let (head, tail) = (rest.get(..n)?, rest.get(n..)?);
            rest = tail;
            Some(head)
        };
        while let Some(&[kind]) = take(1) {
            match kind {
                PAGE => pages.push(Page::default()),
                TITLE => {
                    let len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
                    title = Some(std::str::from_utf8(take(len)?).ok()?.to_owned());
                }
                GLYPH => {
                    let mut f = [0.0; 4];
                    for v in &mut f {
                        *v = f64::from_le_bytes(take(8)?.try_into().ok()?);
                    }
                    let turn = take(1)?[0];
                    let len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
                    let text = std::str::from_utf8(take(len)?).ok()?.to_owned();
                    pages.last_mut()?.glyphs.push(Glyph {
                        x: f[0],
                        y: f[1],
                        width: f[2],
                        size: f[3],
                        turn: (turn != u8::MAX).then_some(turn),
                        text,
                    });
                }
                _ => return None,
            }
        }
        Some(Ok(Extracted { pages, title }))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn results_survive_the_pipe_exactly() {
            let page = Page {
                glyphs: vec![Glyph {
                    x: 0.1 + 0.2,
                    y: -3.5e-7,
                    width: 1.0 / 3.0,
                    size: 12.0,
                    turn: None,
                    text: "ﬁ".into(),
                }],
            };
            let p = Path::new("x.pdf");
            let sent = Extracted {
                pages: vec![page.clone(), Page::default()],
                title: Some("Joint Statement – ﬁrst".into()),
            };
            let back = decode(&encode(&Ok(sent)), p).unwrap().unwrap();
            assert_eq!(back.pages.len(), 2);
            assert_eq!(back.title.as_deref(), Some("Joint Statement – ﬁrst"));
            let g = &back.pages[0].glyphs[0];
            assert_eq!((g.x, g.y, g.width), (0.1 + 0.2, -3.5e-7, 1.0 / 3.0));
            assert_eq!((g.turn, g.text.as_str()), (None, "ﬁ"));
            let enc = encode(&Err(Error::PdfEncrypted { path: p.into() }));
            assert!(matches!(
                decode(&enc, p),
                Some(Err(Error::PdfEncrypted { .. }))
            ));
            let mut cut = encode(&Ok(Extracted {
                pages: vec![page],
                title: None,
            }));
            cut.pop();
            assert!(decode(&cut, p).is_none());
            assert!(decode(&[], p).is_none());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(words: &[&str]) -> HashSet<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn line_end_hyphen_between_two_words_of_the_document_is_kept_issue_11() {
        let words = vocab(&["greenhouse", "gas", "with", "out"]);
        let mut s = "cut greenhouse-".to_owned();
        join(&mut s, "gas emissions", &words);
        assert_eq!(s, "cut greenhouse-gas emissions");
        // Short pieces are not trusted, and a joined spelling elsewhere wins.
        let mut s = "with-".to_owned();
        join(&mut s, "out delay", &words);
        assert_eq!(s, "without delay");
        let mut s = "green-".to_owned();
        join(&mut s, "house", &vocab(&["green", "house", "greenhouse"]));
        assert_eq!(s, "greenhouse");
    }

    #[test]
    fn pieces_around_a_line_end_hyphen_are_not_words_issue_11() {
        let lines = [
            line(1, 700.0, 72.0, 500.0, "we strengthen multilateral-"),
            line(1, 686.0, 72.0, 500.0, "ism and multilateral work"),
        ];
        let v = vocabulary(&lines);
        assert!(v.contains("multilateral") && v.contains("and"));
        assert!(!v.contains("ism") && !v.contains("multilateral-"));
        let mut s = "strengthen multilateral-".to_owned();
        join(&mut s, "ism and", &v);
        assert_eq!(s, "strengthen multilateralism and");
    }

    #[test]
    fn first_line_repeating_the_pdf_title_is_metadata_issue_11() {
        let block = |text: &str, line| Block {
            text: text.into(),
            heading: false,
            label: None,
            line,
            table_row: false,
        };
        let all = || {
            vec![
                block("Joint  Statement", 1),
                block("24 September 2021", 2),
                block("We met today.", 3),
            ]
        };
        let (mut blocks, mut furniture) = (all(), Vec::new());
        let meta = take_title_block(Some("Joint Statement".into()), &mut blocks, &mut furniture);
        assert_eq!(meta.title.as_deref(), Some("Joint Statement"));
        assert_eq!(meta.date.as_deref(), Some("24 September 2021"));
        assert_eq!(blocks.len(), 1);
        assert!(furniture
            .iter()
            .all(|f| f.reason == FurnitureReason::DocumentTitle));
        // Another /Title, or none, leaves the text alone.
        for title in [Some("Annual Report".to_owned()), None] {
            let mut blocks = all();
            let meta = take_title_block(title, &mut blocks, &mut Vec::new());
            assert!(meta.title.is_none() && blocks.len() == 3);
        }
    }

    #[test]
    fn hyphenation_is_undone_unless_the_word_has_one() {
        let none = vocab(&[]);
        let mut s = "our defen-".to_owned();
        join(&mut s, "ce plans", &none);
        assert_eq!(s, "our defence plans");
        let mut s = "the full-".to_owned();
        join(&mut s, "scale war", &vocab(&["full-scale"]));
        assert_eq!(s, "the full-scale war");
        let mut s = "we co-".to_owned();
        join(&mut s, "operate", &none);
        assert_eq!(s, "we co-operate");
        let mut s = "NATO-".to_owned();
        join(&mut s, "Ukraine Council", &none);
        assert_eq!(s, "NATO-Ukraine Council");
        let mut s = "soft\u{AD}".to_owned();
        join(&mut s, "ware", &none);
        assert_eq!(s, "software");
        let mut s = "ends here.".to_owned();
        join(&mut s, "Next", &none);
        assert_eq!(s, "ends here. Next");
    }

    fn glyph(x: f64, y: f64, turn: Option<u8>, text: &str) -> Glyph {
        Glyph {
            x,
            y,
            width: 6.0,
            size: 11.0,
            turn,
            text: text.into(),
        }
    }

    #[test]
    fn watermarks_are_left_out_and_turned_pages_read() {
        let mut page = Page::default();
        for (i, c) in "Text".chars().enumerate() {
            page.glyphs.push(glyph(
                100.0 + 6.0 * i as f64,
                700.0,
                Some(0),
                &c.to_string(),
            ));
        }
        for (i, c) in "DRAFT".chars().enumerate() {
            let at = 200.0 + 40.0 * i as f64;
            page.glyphs.push(glyph(at, at, None, &c.to_string()));
        }
        let texts: Vec<String> = lines_of(&page, 1).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["Text"]);
        // A page whose text runs upwards (turned 90°): two lines, read in order.
        let mut turned = Page::default();
        for (line, word) in [(100.0, "One"), (114.0, "Two")] {
            for (i, c) in word.chars().enumerate() {
                turned
                    .glyphs
                    .push(glyph(line, 300.0 + 6.0 * i as f64, Some(1), &c.to_string()));
            }
        }
        let lines = lines_of(&turned, 1);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["One", "Two"]);
        assert!(lines[1].y > lines[0].y);
    }

    #[test]
    fn ligatures_and_bullets() {
        assert_eq!(clean("\u{FB01}elds  of e\u{FB00}ort\t"), "fields of effort");
        assert_eq!(clean("\u{F0B7} item"), "• item");
    }

    #[test]
    fn page_numbers() {
        for yes in [
            "3",
            "- 3 -",
            "Page 3",
            "Page 3 of 7",
            "3 / 7",
            "3 of 7",
            "3/7",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["3.", "2024 budget", "Page three", "12345"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    fn line(page: usize, y: f64, x0: f64, x1: f64, text: &str) -> Line {
        Line {
            page,
            y,
            x0,
            x1,
            size: 11.0,
            text: text.into(),
            gap: 0.0,
            letters: Vec::new(),
        }
    }

    #[test]
    fn a_running_header_that_occurs_once_is_furniture_issue_11() {
        let pages = vec![
            vec![
                line(0, 100.0, 72.0, 500.0, "1. We meet today and agree on this."),
                line(0, 114.0, 72.0, 400.0, "We continue the sentence"),
                line(0, 750.0, 280.0, 320.0, "Page 1 of 2"),
            ],
            vec![
                line(1, 50.0, 72.0, 300.0, "JOINT STATEMENT \u{2013} B9 DMM 2024"),
                line(1, 100.0, 72.0, 500.0, "on the second page."),
                line(1, 114.0, 72.0, 500.0, "2. A SHORT CAPITAL LINE"),
                line(1, 750.0, 280.0, 320.0, "Page 2 of 2"),
            ],
        ];
        let marks = find_furniture(&pages);
        assert_eq!(marks[1], [true, false, false, true]);
        assert_eq!(marks[0], [false, false, true]);
    }

    /// Ragged-right text whose paragraphs are not set apart by space.
    fn ragged() -> Metrics {
        Metrics {
            pitch: 14.0,
            body_size: 11.0,
            right: 500.0,
            width: 430.0,
            justified: false,
            spaced: false,
        }
    }

    /// Justified text with space between paragraphs, as a word processor sets it.
    fn justified_and_spaced() -> Metrics {
        Metrics {
            justified: true,
            spaced: true,
            ..ragged()
        }
    }

    const NO_FACE: FacesSeen = FacesSeen {
        block_in_other_face: false,
        before: Face::Unknown,
        line: Face::Unknown,
    };

    #[test]
    fn paragraph_breaks() {
        let m = ragged();
        let a = line(1, 100.0, 70.0, 500.0, "runs to the margin and");
        let b = line(1, 114.0, 70.0, 300.0, "ends short.");
        let c = line(1, 128.0, 70.0, 500.0, "Next paragraph");
        assert!(!breaks(&a, &b, "x", &m, NO_FACE));
        assert!(breaks(&b, &c, "x", &m, NO_FACE));
        let gap = line(1, 150.0, 70.0, 500.0, "after a gap");
        assert!(breaks(&a, &gap, "x", &m, NO_FACE));
        let over = line(2, 60.0, 70.0, 500.0, "Capitalised continuation");
        assert!(!breaks(&a, &over, "x", &m, NO_FACE));
        let numbered = line(1, 114.0, 70.0, 500.0, "12. New point");
        assert!(breaks(&b, &numbered, "x", &m, NO_FACE));
        assert!(!breaks(&a, &gap, "12.", &m, NO_FACE));
    }

    /// A label at a line start begins a paragraph, unless the line before runs on to it
    /// (issue #11: `President Joseph` / `R. Biden`, `definitions and` / `(ii) …`).
    #[test]
    fn a_label_that_a_full_line_runs_on_to_is_text_issue_11() {
        let m = justified_and_spaced();
        let full = line(1, 100.0, 70.0, 500.0, "Today, we, President Joseph");
        let initial = line(1, 114.0, 70.0, 480.0, "R. Biden, Jr. and Prime Minister");
        assert!(!breaks(&full, &initial, "x", &m, NO_FACE));
        let roman = line(1, 114.0, 70.0, 480.0, "(ii) set out a roadmap");
        assert!(!breaks(&full, &roman, "x", &m, NO_FACE));
        // After a sentence's end, or from another indent (a hanging list), a new item.
        let ended = line(1, 100.0, 70.0, 500.0, "the first item ends here;");
        assert!(breaks(&ended, &roman, "x", &m, NO_FACE));
        let bullet = line(1, 114.0, 58.0, 480.0, "\u{2022} Second item");
        let item = line(1, 100.0, 70.0, 500.0, "the first item runs on and");
        assert!(breaks(&item, &bullet, "x", &m, NO_FACE));
    }

    /// In justified text a paragraph's last line ends short of the edge, however little;
    /// at a page break that is all there is to go by (issue #11).
    #[test]
    fn justified_text_ends_a_paragraph_an_em_short_issue_11() {
        let last = line(
            1,
            700.0,
            70.0,
            470.0,
            "partnerships including joint exercises.",
        );
        let over = line(
            2,
            60.0,
            70.0,
            500.0,
            "President Yoon and President Biden agree",
        );
        assert!(breaks(&last, &over, "x", &justified_and_spaced(), NO_FACE));
        assert!(!breaks(&last, &over, "x", &ragged(), NO_FACE));
        // Stretched by a line break, a sentence's end before a page break.
        let mut stretched = line(1, 700.0, 70.0, 500.0, "taken together, can benefit all.");
        stretched.gap = 20.0;
        assert!(breaks(
            &stretched,
            &over,
            "x",
            &justified_and_spaced(),
            NO_FACE
        ));
        stretched.gap = 6.0;
        assert!(!breaks(
            &stretched,
            &over,
            "x",
            &justified_and_spaced(),
            NO_FACE
        ));
    }

    /// Where paragraphs are set apart by space, a short line followed at the usual pitch
    /// was ended by a line break inside its paragraph (Markdown's two trailing spaces).
    #[test]
    fn a_line_break_inside_a_spaced_paragraph_is_no_paragraph_break_issue_11() {
        let m = justified_and_spaced();
        let short = line(1, 100.0, 70.0, 200.0, "without threat or use of force.");
        let next = line(1, 114.0, 70.0, 500.0, "Together, with our partners, we");
        assert!(!breaks(&short, &next, "x", &m, NO_FACE));
        assert!(breaks(&short, &next, "x", &ragged(), NO_FACE));
        let apart = line(1, 137.0, 70.0, 500.0, "Together, with our partners, we");
        assert!(breaks(&short, &apart, "x", &m, NO_FACE));
        // Nor is a short line without a face of its own a title there.
        let date = line(1, 100.0, 70.0, 160.0, "31 May 2023");
        let place = line(1, 114.0, 70.0, 160.0, "Lule\u{e5}, Sweden");
        assert!(!breaks(&date, &place, "31 May 2023", &m, NO_FACE));
    }

    /// A line set wholly in bold above a line in the body's face is a title, whatever its
    /// length; a bold lead-in ending in a colon, or a list item's, is not (issue #11).
    #[test]
    fn a_bold_line_above_body_text_is_a_title_issue_11() {
        let m = justified_and_spaced();
        let bold_then_body = FacesSeen {
            block_in_other_face: true,
            before: Face::Other,
            line: Face::Body,
        };
        let mut title = line(1, 100.0, 70.0, 500.0, "COVID-19 and Global Health Security");
        title.gap = 17.0;
        let next = line(
            1,
            114.0,
            70.0,
            500.0,
            "For more than two years, the world has",
        );
        let para = "COVID-19 and Global Health Security";
        assert!(breaks(&title, &next, para, &m, bold_then_body));
        assert!(!breaks(&title, &next, para, &m, NO_FACE));
        let lead = line(
            1,
            100.0,
            70.0,
            500.0,
            "Strengthened Cyber Resilience and Defense:",
        );
        let para = "Strengthened Cyber Resilience and Defense:";
        assert!(!breaks(&lead, &next, para, &m, bold_then_body));
        // After a line that a line break ended (stretched by justification), a bold
        // line starts a title.
        let mut ended = line(1, 86.0, 70.0, 500.0, "zero, economies.");
        ended.gap = 200.0;
        let body_then_bold = FacesSeen {
            block_in_other_face: false,
            before: Face::Body,
            line: Face::Other,
        };
        assert!(breaks(&ended, &title, "x", &m, body_then_bold));
        ended.gap = 5.0;
        assert!(!breaks(&ended, &title, "x", &m, body_then_bold));
        let item = line(
            1,
            100.0,
            70.0,
            500.0,
            "\u{2022} Build Back Better Health Security: The",
        );
        assert!(!breaks(
            &item,
            &next,
            &clean(&item.text),
            &m,
            bold_then_body
        ));
    }

    /// A face is told by its letters' advance widths: the body's are the commonest.
    #[test]
    fn faces_are_told_by_letter_widths_issue_11() {
        let set = |text: &str, widths: &[u16]| {
            let mut l = line(1, 100.0, 70.0, 500.0, text);
            l.letters = text
                .chars()
                .filter(|c| c.is_alphabetic())
                .zip(widths.iter().cycle())
                .map(|(c, &w)| (c, w))
                .collect();
            l
        };
        let body = [
            set("and the war goes on", &[500]),
            set("the war and then", &[500]),
        ];
        let faces = Faces::of(&body, 11.0);
        assert_eq!(faces.face(&set("then and war", &[500])), Face::Body);
        assert_eq!(faces.face(&set("the war and", &[560])), Face::Other);
        assert_eq!(faces.face(&set("on", &[560])), Face::Unknown);
        assert_eq!(
            faces.face(&set("the war and then", &[560, 500])),
            Face::Unknown
        );
    }

    #[test]
    fn a_word_broken_without_a_hyphen_is_rejoined_issue_11() {
        let words = vocab(&["the", "quad", "some", "thing", "something"]);
        let mut s = "Futures, th".to_owned();
        join(&mut s, "e Quad Fellowship", &words);
        assert_eq!(s, "Futures, the Quad Fellowship");
        // Pieces that are words stay apart.
        let mut s = "we do some".to_owned();
        join(&mut s, "thing now", &words);
        assert_eq!(s, "we do some thing now");
        let mut s = "as a".to_owned();
        join(&mut s, "part", &vocab(&["apart"]));
        assert_eq!(s, "as a part");
        // A hyphen after a full stop is hyphenation inside an address.
        let mut s = "(amazonaws.-".to_owned();
        join(&mut s, "com)", &words);
        assert_eq!(s, "(amazonaws.com)");
    }

    /// A body line that happens to recur at one height on two pages of many is text.
    #[test]
    fn a_body_line_on_two_pages_of_many_is_not_a_header_issue_11() {
        let page = |p: usize, first: &str| {
            vec![
                line(p, 40.0, 72.0, 300.0, "JOINT STATEMENT"),
                line(p, 60.0, 72.0, 500.0, first),
                line(
                    p,
                    74.0,
                    72.0,
                    500.0,
                    "and more words on the page that differ",
                ),
            ]
        };
        let pages: Vec<Vec<Line>> = (0..12)
            .map(|p| {
                let first = if p == 3 || p == 9 {
                    "The United States and the European Union share".to_owned()
                } else {
                    format!("Text of page {p} that is its own")
                };
                page(p, &first)
            })
            .collect();
        let marks = find_furniture(&pages);
        assert!(
            marks.iter().all(|m| m[0]),
            "the header recurs on every page"
        );
        assert!(!marks[3][1] && !marks[9][1], "{:?}", marks[3]);
    }

    #[test]
    fn a_title_line_right_above_its_text_ends_its_paragraph_issue_11() {
        let m = ragged();
        let next = line(1, 114.0, 70.0, 500.0, "We discussed the war and");
        // Short, or stretched across the width by justification before a line break.
        let short = line(1, 100.0, 70.0, 200.0, "Peace and Stability");
        assert!(breaks(&short, &next, "Peace and Stability", &m, NO_FACE));
        let mut stretched = line(1, 100.0, 70.0, 500.0, "Peace and Stability");
        stretched.gap = 90.0;
        assert!(breaks(
            &stretched,
            &next,
            "Peace and Stability",
            &m,
            NO_FACE
        ));
        // Not the paragraph's first line, a line with ordinary spaces, or a lower-case
        // continuation: one paragraph.
        assert!(!breaks(
            &short,
            &next,
            "Earlier words Peace and Stability",
            &m,
            NO_FACE
        ));
        stretched.gap = 12.0;
        assert!(!breaks(
            &stretched,
            &next,
            "Peace and Stability",
            &m,
            NO_FACE
        ));
        let lower = line(1, 114.0, 70.0, 500.0, "and the war");
        let mut wide = line(1, 100.0, 70.0, 500.0, "We condemn the attack by");
        wide.gap = 90.0;
        assert!(!breaks(
            &wide,
            &lower,
            "We condemn the attack by",
            &m,
            NO_FACE
        ));
    }
}
