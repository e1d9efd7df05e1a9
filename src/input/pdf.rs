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

use std::any::Any;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
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
            }
            _ => lines.push(Line {
                page: number,
                y,
                x0: x,
                x1: x + g.width,
                size,
                text: g.text.clone(),
                gap: 0.0,
            }),
        }
        space = false;
    }
    lines
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
    let mut seen: HashMap<String, Vec<(usize, f64)>> = HashMap::new();
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
            let recurs = t.chars().count() <= 120
                && seen.get(&furniture_key(t)).is_some_and(|at| {
                    at.iter()
                        .any(|&(q, y)| q != p && (y - l.y).abs() <= tolerance)
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
}

fn metrics(lines: &[Line]) -> Metrics {
    let mut sizes: HashMap<i64, usize> = HashMap::new();
    for l in lines {
        *sizes.entry((l.size * 2.0).round() as i64).or_default() += l.text.len();
    }
    let body_size = sizes
        .into_iter()
        .max_by_key(|&(s, n)| (n, s))
        .map_or(10.0, |(s, _)| s as f64 / 2.0);
    let mut gaps: HashMap<i64, usize> = HashMap::new();
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
    Metrics {
        pitch,
        body_size,
        right,
        width: (right - left).max(1.0),
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
    let mut blocks: Vec<Block> = Vec::new();
    let mut prev: Option<&Line> = None;
    for (no, l) in &body {
        let text = clean(&l.text);
        match (prev, blocks.last_mut()) {
            (Some(p), Some(b)) if !breaks(p, l, &b.text, &m) => {
                join(&mut b.text, &text, &vocabulary)
            }
            _ => blocks.push(Block {
                heading: l.size > m.body_size * 1.12,
                text,
                label: None,
                line: *no,
                table_row: false,
            }),
        }
        prev = Some(l);
    }
    (blocks, furniture)
}

/// True when line `cur` starts a new paragraph after line `prev`, whose paragraph so far
/// is `para`.
fn breaks(prev: &Line, cur: &Line, para: &str, m: &Metrics) -> bool {
    // `12.` alone on its line labels what follows.
    if is_bare_label(para) {
        return false;
    }
    if (cur.size - prev.size).abs() > 0.6 {
        return true;
    }
    if normalise::split_label(cur.text.trim()).0.is_some() {
        return true;
    }
    let short = prev.x1 < m.right - (0.12 * m.width).max(2.0 * prev.size);
    if short && ends_sentence(&prev.text) {
        return true;
    }
    // A title set at body size right above its text (`Peace and Stability` / `We
    // discussed…`): a paragraph's only line, ending before 60% of the width or
    // stretched by justification (a space over three ems: a line break ended it),
    // without punctuation at its end, with a capital starting the next line.
    let t = prev.text.trim_end();
    let title = para == clean(&prev.text)
        && (prev.x1 < m.right - 0.4 * m.width || prev.gap > 3.0 * prev.size)
        && !t.ends_with([',', ';', '-', '\u{AD}', '–', '—', '('])
        && !ends_sentence(t)
        && cur.text.trim_start().starts_with(char::is_uppercase);
    if title {
        return true;
    }
    if cur.page != prev.page {
        return false;
    }
    let pitch = m.pitch * cur.size / m.body_size;
    let dy = cur.y - prev.y;
    dy > pitch * 1.25 + 0.5 || dy < -0.5 * cur.size
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
        para.push(' ');
        para.push_str(next);
        return;
    };
    let stem_start = para[..at]
        .rfind(|c: char| !c.is_alphabetic())
        .map_or(0, |i| {
            i + para[i..].chars().next().map_or(1, char::len_utf8)
        });
    let stem = para[stem_start..at].to_lowercase();
    let first: String = next
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    let lower_next = next.chars().next().is_some_and(char::is_lowercase);
    let joined = vocabulary.contains(&format!("{stem}{first}"));
    let drop = mark == '\u{AD}'
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

    #[test]
    fn paragraph_breaks() {
        let m = Metrics {
            pitch: 14.0,
            body_size: 11.0,
            right: 500.0,
            width: 430.0,
        };
        let a = line(1, 100.0, 70.0, 500.0, "runs to the margin and");
        let b = line(1, 114.0, 70.0, 300.0, "ends short.");
        let c = line(1, 128.0, 70.0, 500.0, "Next paragraph");
        assert!(!breaks(&a, &b, "x", &m));
        assert!(breaks(&b, &c, "x", &m));
        let gap = line(1, 150.0, 70.0, 500.0, "after a gap");
        assert!(breaks(&a, &gap, "x", &m));
        let over = line(2, 60.0, 70.0, 500.0, "Capitalised continuation");
        assert!(!breaks(&a, &over, "x", &m));
        let numbered = line(1, 114.0, 70.0, 500.0, "12. New point");
        assert!(breaks(&a, &numbered, "x", &m));
        assert!(!breaks(&a, &gap, "12.", &m));
    }

    #[test]
    fn a_title_line_right_above_its_text_ends_its_paragraph_issue_11() {
        let m = Metrics {
            pitch: 14.0,
            body_size: 11.0,
            right: 500.0,
            width: 430.0,
        };
        let next = line(1, 114.0, 70.0, 500.0, "We discussed the war and");
        // Short, or stretched across the width by justification before a line break.
        let short = line(1, 100.0, 70.0, 200.0, "Peace and Stability");
        assert!(breaks(&short, &next, "Peace and Stability", &m));
        let mut stretched = line(1, 100.0, 70.0, 500.0, "Peace and Stability");
        stretched.gap = 90.0;
        assert!(breaks(&stretched, &next, "Peace and Stability", &m));
        // Not the paragraph's first line, a line with ordinary spaces, or a lower-case
        // continuation: one paragraph.
        assert!(!breaks(
            &short,
            &next,
            "Earlier words Peace and Stability",
            &m
        ));
        stretched.gap = 12.0;
        assert!(!breaks(&stretched, &next, "Peace and Stability", &m));
        let lower = line(1, 114.0, 70.0, 500.0, "and the war");
        let mut wide = line(1, 100.0, 70.0, 500.0, "We condemn the attack by");
        wide.gap = 90.0;
        assert!(!breaks(&wide, &lower, "We condemn the attack by", &m));
    }
}
