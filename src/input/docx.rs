//! DOCX (Office Open XML): paragraphs with their styles, automatic numbering resolved into
//! labels, tracked changes read in the view asked for, and headers, footers and notes set
//! aside as furniture.
//!
//! The package is read with `zip` through bounded readers: an archive with too many
//! entries, an entry that unpacks far beyond its compressed size, or parts that add up to
//! more than [`MAX_UNPACKED`] bytes are refused before they fill memory. The XML is read
//! with `quick-xml`'s pull parser, so deep nesting costs no stack.
//!
//! What is read, and how:
//! * the main part is found through `_rels/.rels`, and styles, numbering, notes, headers
//!   and footers through its relationships;
//! * a paragraph is a heading when its style (or a style it is based on) has an outline
//!   level, or is a Title or Heading style;
//! * numbering (`w:numPr`, directly or through the style) is counted per abstract list as
//!   Word does, with `w:startOverride` restarts, and rendered from `w:lvlText` and
//!   `w:numFmt` into a bare label (`3`, `b`, `iv`, `1.2`, `•`);
//! * tracked changes: the accepted view drops `w:del` and `w:moveFrom` and keeps `w:ins`
//!   and `w:moveTo`; the original view does the reverse. A paragraph mark that is deleted
//!   (accepted view) or inserted (original view) joins its paragraph to the next;
//! * a table row (`w:tr`) is one table-row block of its cells (`w:tc`), a cell's
//!   paragraphs joined by a space; a row deleted or inserted whole (`w:trPr`) is in one
//!   view only; a nested table's rows come after the row that holds the table; cell spans
//!   (`w:gridSpan`, `w:vMerge`) are not expanded;
//! * hidden text (`w:vanish`), field instructions, bookmarks, comment anchors, property
//!   change records and `mc:Fallback` copies are ignored.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use quick_xml::XmlVersion;
use zip::ZipArchive;

mod template;

use template::Capture;
pub use template::{is_xml_char, Template, W_NS};

use super::{DocxView, InputOptions};
use crate::error::{Error, Result};
use crate::model::{Document, Furniture, FurnitureReason};
use crate::normalise::{self, Block, NormaliseOptions};

/// The most entries an archive may have. Real documents have a few dozen.
pub const MAX_ENTRIES: usize = 10_000;
/// The most bytes the parts redliner reads may unpack to, together.
pub const MAX_UNPACKED: u64 = 256 * 1024 * 1024;
/// The largest compression ratio accepted for a part over [`RATIO_FLOOR`] bytes. XML
/// compresses about 10:1; only runs of one repeated byte reach 1000:1.
pub const MAX_RATIO: u64 = 200;
/// Parts smaller than this are never refused for their compression ratio.
pub const RATIO_FLOOR: u64 = 8 * 1024 * 1024;

const MAIN_REL: &str = "/officeDocument";

/// Reads a DOCX into a document; also returns the number of tracked changes in its body.
pub fn parse(
    source: &str,
    bytes: &[u8],
    opts: &InputOptions,
    norm: NormaliseOptions,
) -> Result<(Document, usize)> {
    let path = Path::new(source);
    let mut pkg = Package::open(bytes, path)?;
    let main = pkg.main_part()?;
    let parts = pkg.related(&main)?;
    let styles = match &parts.styles {
        Some(p) => Styles::parse(&pkg.read_xml(p)?.unwrap_or_default()),
        None => Styles::default(),
    };
    let mut numbering = match &parts.numbering {
        Some(p) => Numbering::parse(&pkg.read_xml(p)?.unwrap_or_default()),
        None => Numbering::default(),
    };
    let xml = pkg
        .read_xml(&main)?
        .ok_or_else(|| missing_main(path, &main))?;
    let body = walk(&xml, opts.docx_view).map_err(|e| corrupt_xml(path, &main, e))?;
    let changes = body.change_count();
    let mut blocks = body_blocks(&body, &styles, &mut numbering);
    let mut furniture = Vec::new();
    let last_line = body.paras.len().max(1);
    for header in &parts.headers {
        furniture_from(&mut pkg, header, opts.docx_view, 1, &mut furniture)?;
    }
    for footer in &parts.footers {
        furniture_from(&mut pkg, footer, opts.docx_view, last_line, &mut furniture)?;
    }
    let notes = read_notes(&mut pkg, &parts, opts.docx_view)?;
    place_notes(
        notes,
        &body.note_refs,
        opts.footnotes,
        last_line,
        &mut blocks,
        &mut furniture,
    );
    let meta = take_title_block(&body.paras, &styles, &mut blocks, &mut furniture);
    let doc = normalise::from_blocks(source, "UTF-8", meta, blocks, furniture, norm)?;
    Ok((doc, changes))
}

/// The number of tracked changes (insertions, deletions and moves) in a DOCX body.
pub fn tracked_changes(source: &str, bytes: &[u8]) -> Result<usize> {
    let path = Path::new(source);
    let mut pkg = Package::open(bytes, path)?;
    let main = pkg.main_part()?;
    let xml = pkg
        .read_xml(&main)?
        .ok_or_else(|| missing_main(path, &main))?;
    let body = walk(&xml, DocxView::Accepted).map_err(|e| corrupt_xml(path, &main, e))?;
    Ok(body.change_count())
}

/// NEW's formatting for a redline written over it: its styles part, the properties of
/// each paragraph (indexed as the reader numbers them, see [`Template::paragraphs`]) and
/// its page setup. A styles part that cannot be used is left out rather than refused.
pub fn template(source: &str, bytes: &[u8]) -> Result<Template> {
    let path = Path::new(source);
    let mut pkg = Package::open(bytes, path)?;
    let main = pkg.main_part()?;
    let parts = pkg.related(&main)?;
    let xml = pkg
        .read_xml(&main)?
        .ok_or_else(|| missing_main(path, &main))?;
    let mut capture = Capture::default();
    let body = walk_with(&xml, DocxView::Accepted, Some(&mut capture))
        .map_err(|e| corrupt_xml(path, &main, e))?;
    let mut out = Template {
        paragraphs: body
            .paras
            .into_iter()
            .map(|p| p.ppr.unwrap_or_default())
            .collect(),
        section: capture.section,
        ..Template::default()
    };
    if let Some(part) = &parts.styles {
        if let Some(styles) = pkg.read_xml(part)?.as_deref().and_then(template::styles) {
            let mut names: Vec<(String, String)> = Styles::parse(&styles)
                .by_id
                .into_iter()
                .map(|(id, s)| (s.name.to_ascii_lowercase(), id))
                .collect();
            names.sort();
            out.style_names = names;
            out.styles = Some(styles);
        }
    }
    Ok(out)
}

fn corrupt(path: &Path, what: String) -> Error {
    Error::Corrupt {
        path: path.to_path_buf(),
        format: "DOCX",
        what,
    }
}

fn corrupt_xml(path: &Path, part: &str, e: String) -> Error {
    corrupt(path, format!("{part} is not well-formed XML ({e})"))
}

fn bomb(path: &Path, what: String) -> Error {
    Error::ZipBomb {
        path: path.to_path_buf(),
        what,
    }
}

fn missing_main(path: &Path, main: &str) -> Error {
    Error::NotDocx {
        path: path.to_path_buf(),
        what: format!("the package has no main document part ({main})"),
    }
}

/// The zip archive, with the running total of what has been unpacked from it.
struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    path: &'a Path,
    unpacked: u64,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], path: &'a Path) -> Result<Package<'a>> {
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| corrupt(path, format!("cannot read the zip archive ({e})")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(bomb(
                path,
                format!(
                    "the archive has {} entries, over the limit of {MAX_ENTRIES}",
                    zip.len()
                ),
            ));
        }
        Ok(Package {
            zip,
            path,
            unpacked: 0,
        })
    }

    /// Reads a part as UTF-8 text through a bounded reader; `None` when it is absent.
    fn read_xml(&mut self, name: &str) -> Result<Option<String>> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let path = self.path;
        let mut file = self
            .zip
            .by_index(index)
            .map_err(|e| corrupt(path, format!("cannot open {name} ({e})")))?;
        if file.encrypted() {
            return Err(Error::Unsupported {
                path: path.to_path_buf(),
                what: format!("{name} is encrypted; save the document without a password"),
            });
        }
        let (declared, packed) = (file.size(), file.compressed_size().max(1));
        let left = MAX_UNPACKED.saturating_sub(self.unpacked);
        if declared > left {
            return Err(bomb(path, format!("{name} declares {declared} bytes unpacked; the limit for all parts is {MAX_UNPACKED} bytes")));
        }
        if declared > RATIO_FLOOR && declared / packed > MAX_RATIO {
            return Err(bomb(
                path,
                format!(
                    "{name} unpacks from {packed} to {declared} bytes, a ratio over {MAX_RATIO}:1"
                ),
            ));
        }
        let mut buf = Vec::new();
        (&mut file)
            .take(declared + 1)
            .read_to_end(&mut buf)
            .map_err(|e| corrupt(path, format!("cannot unpack {name} ({e})")))?;
        if buf.len() as u64 > declared {
            return Err(bomb(
                path,
                format!("{name} unpacks to more than the {declared} bytes its header declares"),
            ));
        }
        self.unpacked += buf.len() as u64;
        String::from_utf8(buf)
            .map(Some)
            .map_err(|_| corrupt(path, format!("{name} is not UTF-8 XML")))
    }

    /// The main document part named by the package relationships, or the usual name.
    fn main_part(&mut self) -> Result<String> {
        let rels = self.read_xml("_rels/.rels")?.unwrap_or_default();
        let main = relationships(&rels, "")
            .into_iter()
            .find(|(kind, _)| kind.ends_with(MAIN_REL))
            .map(|(_, target)| target)
            .unwrap_or_else(|| "word/document.xml".to_owned());
        if self.zip.index_for_name(&main).is_some() {
            return Ok(main);
        }
        Err(self.not_a_docx(&main)?)
    }

    /// Says what a zip archive without a Word main part is.
    fn not_a_docx(&mut self, main: &str) -> Result<Error> {
        let path = self.path.to_path_buf();
        if self.zip.index_for_name("mimetype").is_some() {
            let mime = self.read_xml("mimetype")?.unwrap_or_default();
            if mime.starts_with("application/vnd.oasis.opendocument") {
                return Ok(Error::Unsupported {
                    path,
                    what: format!(
                        "an OpenDocument file ({}), not a DOCX; save it as DOCX",
                        mime.trim()
                    ),
                });
            }
        }
        let types = self.read_xml("[Content_Types].xml")?.unwrap_or_default();
        let what = if types.contains("wordprocessingml") {
            format!("the DOCX package has no {main}; the file is damaged")
        } else {
            format!("a zip archive without {main}")
        };
        Ok(Error::NotDocx { path, what })
    }

    /// The parts related to the main part.
    fn related(&mut self, main: &str) -> Result<Parts> {
        let (dir, file) = main.rsplit_once('/').unwrap_or(("", main));
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let rels = self.read_xml(&rels_name)?.unwrap_or_default();
        let mut parts = Parts::default();
        for (kind, target) in relationships(&rels, dir) {
            let kind = kind.rsplit('/').next().unwrap_or("");
            match kind {
                "styles" => parts.styles = Some(target),
                "numbering" => parts.numbering = Some(target),
                "footnotes" => parts.footnotes = Some(target),
                "endnotes" => parts.endnotes = Some(target),
                "header" => parts.headers.push(target),
                "footer" => parts.footers.push(target),
                _ => {}
            }
        }
        Ok(parts)
    }
}

/// Parts the main document refers to.
#[derive(Default)]
struct Parts {
    styles: Option<String>,
    numbering: Option<String>,
    footnotes: Option<String>,
    endnotes: Option<String>,
    headers: Vec<String>,
    footers: Vec<String>,
}

/// The (type, target) pairs of a relationships part, with targets resolved against `dir`.
fn relationships(xml: &str, dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut reader = Reader::from_str(xml);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) if local(&e) == "Relationship" => {
                if attr(&e, "TargetMode").is_some_and(|m| m == "External") {
                    continue;
                }
                if let (Some(kind), Some(target)) = (attr(&e, "Type"), attr(&e, "Target")) {
                    out.push((kind, resolve(dir, &target)));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Resolves a relationship target: absolute from the package root, or relative to `dir`.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn local<'b>(e: &'b BytesStart<'_>) -> &'b str {
    let name = e.name().into_inner();
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

fn prefix<'b>(e: &'b BytesStart<'_>) -> &'b str {
    e.name().into_inner().split_once(':').map_or("", |(p, _)| p)
}

/// The value of the attribute with local name `name`, unescaped.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.into_inner();
        let key = key.rsplit_once(':').map_or(key, |(_, l)| l);
        (key == name).then(|| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.to_string(), |v| v.into_owned())
        })
    })
}

/// A toggle property such as `<w:vanish/>` or `<w:vanish w:val="false"/>`.
fn toggle(e: &BytesStart<'_>) -> bool {
    attr(e, "val").is_none_or(|v| !matches!(v.as_str(), "false" | "0" | "off"))
}

/// The numbering a paragraph asks for: a list instance and a level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct NumRef {
    id: Option<String>,
    level: Option<u8>,
}

impl NumRef {
    fn or(&self, other: &NumRef) -> NumRef {
        NumRef {
            id: self.id.clone().or_else(|| other.id.clone()),
            level: self.level.or(other.level),
        }
    }
}

#[derive(Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: NumRef,
}

/// Paragraph and numbering styles.
#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default_paragraph: Option<String>,
}

impl Styles {
    fn parse(xml: &str) -> Styles {
        let mut styles = Styles::default();
        let mut reader = Reader::from_str(xml);
        let mut current: Option<(String, Style)> = None;
        while let Ok(ev) = reader.read_event() {
            match ev {
                Event::Start(e) if local(&e) == "style" => {
                    let id = attr(&e, "styleId").unwrap_or_default();
                    if attr(&e, "default").is_some_and(|d| d == "1" || d == "true")
                        && attr(&e, "type").is_some_and(|t| t == "paragraph")
                    {
                        styles.default_paragraph = Some(id.clone());
                    }
                    current = Some((id, Style::default()));
                }
                Event::Start(e) | Event::Empty(e) => {
                    if let Some((_, style)) = current.as_mut() {
                        style_property(style, &e);
                    }
                }
                Event::End(e) if e.local_name().into_inner() == "style" => {
                    if let Some((id, style)) = current.take() {
                        styles.by_id.insert(id, style);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        styles
    }

    /// The style and the styles it is based on, nearest first (at most 16: cycles end).
    fn chain<'s>(&'s self, id: Option<&'s str>) -> impl Iterator<Item = &'s Style> + 's {
        let start = id
            .or(self.default_paragraph.as_deref())
            .and_then(|id| self.by_id.get(id));
        std::iter::successors(start, |s| {
            s.based_on.as_deref().and_then(|b| self.by_id.get(b))
        })
        .take(16)
    }

    fn is_heading(&self, id: Option<&str>) -> bool {
        for s in self.chain(id) {
            if let Some(level) = s.outline {
                return level < 9;
            }
            let name = s.name.to_ascii_lowercase();
            if name == "title" || name == "subtitle" || name.starts_with("heading") {
                return true;
            }
        }
        false
    }

    /// What a paragraph in this style states about the document, if it is one of the
    /// styles of a title block: Word's Title and Subtitle, and the Author and Date that
    /// pandoc writes from a source's metadata.
    fn title_role(&self, id: Option<&str>) -> Option<TitleRole> {
        self.chain(id)
            .find_map(|s| match s.name.to_ascii_lowercase().as_str() {
                "title" => Some(TitleRole::Title),
                "subtitle" | "author" => Some(TitleRole::Other),
                "date" => Some(TitleRole::Date),
                _ => None,
            })
    }

    fn num(&self, id: Option<&str>) -> NumRef {
        self.chain(id)
            .fold(NumRef::default(), |acc, s| acc.or(&s.num))
    }
}

fn style_property(style: &mut Style, e: &BytesStart<'_>) {
    let val = || attr(e, "val");
    match local(e) {
        "name" => style.name = val().unwrap_or_default(),
        "basedOn" => style.based_on = val(),
        "outlineLvl" => style.outline = val().and_then(|v| v.parse().ok()),
        "numId" => style.num.id = val(),
        "ilvl" => style.num.level = val().and_then(|v| v.parse().ok()),
        _ => {}
    }
}

/// One level of a list definition.
#[derive(Debug, Clone)]
struct Level {
    start: i64,
    format: String,
    text: String,
    legal: bool,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            start: 1,
            format: "decimal".into(),
            text: String::new(),
            legal: false,
        }
    }
}

#[derive(Debug, Default)]
struct AbstractNum {
    levels: HashMap<u8, Level>,
    style_link: Option<String>,
}

#[derive(Debug, Default)]
struct Num {
    abstract_id: String,
    start_overrides: HashMap<u8, i64>,
    level_overrides: HashMap<u8, Level>,
}

/// List definitions and the running counters.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, AbstractNum>,
    nums: HashMap<String, Num>,
    counters: HashMap<String, [Option<i64>; 9]>,
    started: HashSet<(String, u8)>,
}

/// Where the numbering parser is.
#[derive(Default)]
struct NumParse {
    abstract_id: Option<String>,
    num_id: Option<String>,
    override_level: Option<u8>,
    level: Option<(u8, Level)>,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut at = NumParse::default();
        let mut reader = Reader::from_str(xml);
        while let Ok(ev) = reader.read_event() {
            match ev {
                Event::Start(e) => n.open(&e, &mut at, false),
                Event::Empty(e) => n.open(&e, &mut at, true),
                Event::End(e) => n.close(e.local_name().into_inner(), &mut at),
                Event::Eof => break,
                _ => {}
            }
        }
        n
    }

    fn open(&mut self, e: &BytesStart<'_>, at: &mut NumParse, empty: bool) {
        let val = || attr(e, "val");
        match local(e) {
            "abstractNum" if !empty => {
                let id = attr(e, "abstractNumId").unwrap_or_default();
                self.abstracts.entry(id.clone()).or_default();
                at.abstract_id = Some(id);
            }
            "num" if !empty => {
                let id = attr(e, "numId").unwrap_or_default();
                self.nums.entry(id.clone()).or_default();
                at.num_id = Some(id);
            }
            "lvlOverride" => at.override_level = attr(e, "ilvl").and_then(|v| v.parse().ok()),
            "lvl" if !empty => {
                let ilvl = attr(e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                at.level = Some((ilvl, Level::default()));
            }
            name => {
                if let Some((_, level)) = at.level.as_mut() {
                    match name {
                        "start" => level.start = val().and_then(|v| v.parse().ok()).unwrap_or(1),
                        "numFmt" => level.format = val().unwrap_or_default(),
                        "lvlText" => level.text = val().unwrap_or_default(),
                        "isLgl" => level.legal = toggle(e),
                        _ => {}
                    }
                    return;
                }
                self.num_property(name, val(), at);
            }
        }
    }

    fn num_property(&mut self, name: &str, val: Option<String>, at: &NumParse) {
        match (name, &at.num_id, &at.abstract_id) {
            ("abstractNumId", Some(num), _) => {
                if let Some(n) = self.nums.get_mut(num) {
                    n.abstract_id = val.unwrap_or_default();
                }
            }
            ("startOverride", Some(num), _) => {
                if let (Some(n), Some(l), Some(v)) = (
                    self.nums.get_mut(num),
                    at.override_level,
                    val.and_then(|v| v.parse().ok()),
                ) {
                    n.start_overrides.insert(l, v);
                }
            }
            ("numStyleLink", None, Some(abs)) => {
                if let Some(a) = self.abstracts.get_mut(abs) {
                    a.style_link = val;
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &str, at: &mut NumParse) {
        match name {
            "lvl" => {
                let Some((ilvl, level)) = at.level.take() else {
                    return;
                };
                if let (Some(num), Some(_)) = (&at.num_id, at.override_level) {
                    if let Some(n) = self.nums.get_mut(num) {
                        n.level_overrides.insert(ilvl, level);
                    }
                } else if let Some(a) = at
                    .abstract_id
                    .as_ref()
                    .and_then(|a| self.abstracts.get_mut(a))
                {
                    a.levels.insert(ilvl, level);
                }
            }
            "abstractNum" => at.abstract_id = None,
            "num" => at.num_id = None,
            "lvlOverride" => at.override_level = None,
            _ => {}
        }
    }

    /// The abstract list behind a list instance, following a numbering-style link.
    fn abstract_of(&self, num_id: &str, styles: &Styles) -> Option<String> {
        let mut id = self.nums.get(num_id)?.abstract_id.clone();
        for _ in 0..4 {
            let a = self.abstracts.get(&id)?;
            match &a.style_link {
                Some(link) if a.levels.is_empty() => {
                    let linked = styles.num(Some(link)).id?;
                    id = self.nums.get(&linked)?.abstract_id.clone();
                }
                _ => return Some(id),
            }
        }
        None
    }

    /// Advances the counter of `num_id` at `ilvl` and renders its label.
    fn next(&mut self, num_id: &str, ilvl: u8, styles: &Styles) -> Option<String> {
        let ilvl = ilvl.min(8);
        let abs_id = self.abstract_of(num_id, styles)?;
        let num = self.nums.get(num_id)?;
        let levels: Vec<Level> = (0..=ilvl)
            .map(|l| {
                num.level_overrides
                    .get(&l)
                    .or_else(|| self.abstracts.get(&abs_id).and_then(|a| a.levels.get(&l)))
                    .cloned()
                    .unwrap_or_default()
            })
            .collect();
        let restart = num.start_overrides.get(&ilvl).copied();
        let counters = self.counters.entry(abs_id).or_insert([None; 9]);
        let level = &levels[usize::from(ilvl)];
        if let Some(start) = restart {
            if self.started.insert((num_id.to_owned(), ilvl)) {
                counters[usize::from(ilvl)] = Some(start - 1);
            }
        }
        let i = usize::from(ilvl);
        counters[i] = Some(counters[i].map_or(level.start, |c| c + 1));
        for deeper in counters.iter_mut().skip(i + 1) {
            *deeper = None;
        }
        render_label(level, &levels, counters)
    }
}

/// Renders `%1.%2.`-style level text, then reduces it to a bare label.
fn render_label(level: &Level, levels: &[Level], counters: &[Option<i64>; 9]) -> Option<String> {
    match level.format.as_str() {
        "bullet" => return Some("•".into()),
        "none" if !level.text.contains('%') => return None,
        _ => {}
    }
    let mut out = String::new();
    let mut chars = level.text.chars().peekable();
    while let Some(c) = chars.next() {
        let digit = chars.peek().and_then(|d| d.to_digit(10));
        match (c, digit) {
            ('%', Some(d @ 1..=9)) => {
                chars.next();
                let k = (d - 1) as usize;
                let lvl = levels.get(k).unwrap_or(level);
                let value = counters[k].unwrap_or(lvl.start);
                let format = if level.legal {
                    "decimal"
                } else {
                    lvl.format.as_str()
                };
                out.push_str(&format_number(value, format));
            }
            _ => out.push(c),
        }
    }
    bare_label(&out)
}

/// `1.` → `1`, `(a)` → `a`, `1.2.` → `1.2`, `Article 4` stays.
fn bare_label(rendered: &str) -> Option<String> {
    let t = rendered.trim();
    if t.is_empty() {
        return None;
    }
    let probe = format!("{t} x");
    if let (Some(label), _) = normalise::split_label(&probe) {
        return Some(label);
    }
    let core = t.trim_matches(|c: char| matches!(c, '.' | ')' | '(' | ':' | ' ' | '[' | ']'));
    (!core.is_empty()).then(|| core.to_owned())
}

fn format_number(n: i64, format: &str) -> String {
    match format {
        "lowerLetter" => letters(n).to_ascii_lowercase(),
        "upperLetter" => letters(n),
        "lowerRoman" => roman(n).to_ascii_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" if (0..10).contains(&n) => format!("0{n}"),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

/// Word's letter numbering: A…Z, then AA…ZZ, AAA….
fn letters(n: i64) -> String {
    if n < 1 {
        return n.to_string();
    }
    let letter = (b'A' + ((n - 1) % 26) as u8) as char;
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1).min(50) as usize).collect()
}

fn roman(n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    const TABLE: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// A note (footnote or endnote) by kind and id.
type NoteKey = (bool, String);

/// A paragraph as the XML gives it, before numbering and tracked-change joins.
#[derive(Debug, Default)]
struct RawPara {
    text: String,
    style: Option<String>,
    num: NumRef,
    outline: Option<u8>,
    /// The paragraph mark is gone in this view: the paragraph joins the next.
    mark_removed: bool,
    /// The note this paragraph belongs to, in a notes part.
    note: Option<NoteKey>,
    /// The whole paragraph is inside content this view leaves out (a deleted table row).
    gone: bool,
    /// The paragraph's properties, rebuilt, when a [`Template`] is being taken.
    ppr: Option<String>,
    /// The table row (by [`Walked::row_cells`] index) and 0-based cell it stands in: the
    /// innermost one, for a paragraph of a nested table.
    cell: Option<(usize, usize)>,
    /// Where the paragraph's lines split it into paragraphs of their own (byte offsets
    /// in `text`), and whether the piece before is a title: see [`Walker::line_break`].
    cuts: Vec<(usize, bool)>,
    /// Since the last cut: text outside bold runs was seen, and where the last line
    /// break fell.
    unbold: bool,
    last_break: Option<usize>,
    /// Text outside bold runs was seen since the last line break.
    line_unbold: bool,
    /// The piece after the last cut is a title: a wholly bold last line after text.
    tail_title: bool,
}

impl RawPara {
    /// Whether the line that starts at `line_from` (after a line break) is set wholly in
    /// bold, is no run-in lead ending in a colon, and follows text since the last cut: a
    /// title after text.
    fn bold_line_after_text(&self, line_from: usize) -> bool {
        let from = self.cuts.last().map_or(0, |c| c.0);
        let line_from = line_from.max(from);
        let line = self.text[line_from..].trim();
        !line.is_empty()
            && !self.line_unbold
            && !line.ends_with(':')
            && !self.text[from..line_from].trim().is_empty()
    }

    /// A paragraph whose last line, after a line break and text, is set wholly in bold
    /// ends in a title (`economies.` / `**G. Trade-Related …**`): the line is cut off.
    fn end_with_bold_line(&mut self) {
        if let Some(at) = self.last_break.filter(|&at| self.bold_line_after_text(at)) {
            self.cuts.push((at, false));
            self.tail_title = true;
        }
    }
}

/// The result of walking one part.
#[derive(Debug, Default)]
struct Walked {
    paras: Vec<RawPara>,
    change_ids: HashSet<String>,
    anonymous_changes: usize,
    note_refs: Vec<NoteKey>,
    /// For every `w:tr` of the part, in the order they open, its number of `w:tc` cells.
    row_cells: Vec<usize>,
}

impl Walked {
    fn change_count(&self) -> usize {
        self.change_ids.len() + self.anonymous_changes
    }
}

/// Elements whose whole content is ignored.
const SKIPPED: &[&str] = &[
    "pPrChange",
    "rPrChange",
    "sectPr",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "numberingChange",
    "Fallback",
    "instrText",
    "delInstrText",
    "sdtPr",
];

/// The state of the walk through a part's XML.
struct Walker {
    view: DocxView,
    out: Walked,
    open: Vec<RawPara>,
    skip: usize,
    in_ppr: bool,
    in_mark_rpr: bool,
    in_rpr: bool,
    runs: usize,
    vanish: bool,
    text_on: bool,
    hidden: usize,
    changes: Vec<bool>,
    /// Open table rows, true for one deleted (or inserted) in this view's terms.
    rows: Vec<bool>,
    /// Open table rows by index in [`Walked::row_cells`], innermost last.
    open_rows: Vec<usize>,
    in_trpr: bool,
    note: Option<NoteKey>,
    /// The current run is bold (`w:b` in its properties).
    bold: bool,
}

/// Walks a part (document, notes, header or footer) into raw paragraphs.
fn walk(xml: &str, view: DocxView) -> std::result::Result<Walked, String> {
    walk_with(xml, view, None)
}

/// Like [`walk`]; with a [`Capture`], also keeps each paragraph's properties and the
/// page setup of the last section.
fn walk_with(
    xml: &str,
    view: DocxView,
    mut capture: Option<&mut Capture>,
) -> std::result::Result<Walked, String> {
    let mut w = Walker {
        view,
        out: Walked::default(),
        open: Vec::new(),
        skip: 0,
        in_ppr: false,
        in_mark_rpr: false,
        in_rpr: false,
        runs: 0,
        vanish: false,
        bold: false,
        text_on: false,
        hidden: 0,
        changes: Vec::new(),
        rows: Vec::new(),
        open_rows: Vec::new(),
        in_trpr: false,
        note: None,
    };
    let mut reader = Reader::from_str(xml);
    loop {
        let ev = reader.read_event().map_err(|e| e.to_string())?;
        if let Some(c) = capture.as_deref_mut() {
            if let Some(ppr) = c.event(&ev, w.skip == 0) {
                if let Some(p) = w.open.last_mut() {
                    p.ppr = Some(ppr);
                }
            }
        }
        match ev {
            Event::Start(e) => w.start(&e, false),
            Event::Empty(e) => w.start(&e, true),
            Event::End(e) => w.end(e.local_name().into_inner()),
            Event::Text(t) if w.text_on => w.push(&t.xml10_content()),
            Event::CData(t) if w.text_on => w.push(&t),
            Event::GeneralRef(r) if w.text_on => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => predefined_entity(&r),
                };
                if let Some(c) = c {
                    w.push(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    while let Some(p) = w.open.pop() {
        w.out.paras.push(p);
    }
    Ok(w.out)
}

fn predefined_entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

impl Walker {
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        if self.skip > 0 {
            self.skip += usize::from(!empty);
            return;
        }
        let name = local(e);
        if SKIPPED.contains(&name) {
            self.skip = usize::from(!empty);
            return;
        }
        match name {
            "p" if !empty => self.open.push(RawPara {
                note: self.note.clone(),
                gone: self.hidden > 0,
                cell: self
                    .open_rows
                    .last()
                    .map(|&r| (r, self.out.row_cells[r].saturating_sub(1))),
                ..RawPara::default()
            }),
            "pPr" => self.in_ppr = !empty,
            "rPr" if self.in_ppr => self.in_mark_rpr = !empty,
            "rPr" if self.runs > 0 => self.in_rpr = !empty,
            // A change record in paragraph properties (numbering) is formatting.
            "ins" | "del" if self.in_ppr && !self.in_mark_rpr && !empty => self.changes.push(false),
            "ins" | "del" if self.in_ppr && !self.in_mark_rpr => {}
            "ins" | "moveTo" => self.change(e, empty, self.view == DocxView::Original),
            "del" | "moveFrom" => self.change(e, empty, self.view == DocxView::Accepted),
            "tr" if !empty => {
                self.rows.push(false);
                self.open_rows.push(self.out.row_cells.len());
                self.out.row_cells.push(0);
            }
            "tc" if !empty => {
                if let Some(&r) = self.open_rows.last() {
                    self.out.row_cells[r] += 1;
                }
            }
            "trPr" => self.in_trpr = !empty,
            "r" if !empty => {
                self.runs += 1;
                self.vanish = false;
                self.bold = false;
            }
            "footnote" | "endnote" if !empty => self.open_note(e, name == "footnote"),
            _ if self.in_ppr && !self.in_mark_rpr => self.paragraph_property(e, name),
            "vanish" | "specVanish" if self.in_rpr => self.vanish = toggle(e),
            "b" if self.in_rpr => self.bold = toggle(e),
            _ if self.in_rpr => {}
            _ if self.runs > 0 => self.run_content(e, name, empty),
            _ => {}
        }
    }

    fn open_note(&mut self, e: &BytesStart<'_>, footnote: bool) {
        let normal = attr(e, "type").is_none_or(|t| t == "normal");
        if normal {
            self.note = Some((footnote, attr(e, "id").unwrap_or_default()));
        } else {
            // Separators and continuation notices.
            self.skip = 1;
        }
    }

    fn paragraph_property(&mut self, e: &BytesStart<'_>, name: &str) {
        let Some(p) = self.open.last_mut() else {
            return;
        };
        let val = || attr(e, "val");
        match name {
            "pStyle" => p.style = val(),
            "numId" => p.num.id = val(),
            "ilvl" => p.num.level = val().and_then(|v| v.parse().ok()),
            "outlineLvl" => p.outline = val().and_then(|v| v.parse().ok()),
            _ => {}
        }
    }

    fn run_content(&mut self, e: &BytesStart<'_>, name: &str, empty: bool) {
        match name {
            // `m:t` is the text of an equation (Office Math), part of the sentence.
            "t" if matches!(prefix(e), "w" | "m" | "") => self.text_on = !empty,
            "delText" => self.text_on = !empty,
            "br" | "cr" if !matches!(attr(e, "type").as_deref(), Some("page" | "column")) => {
                self.line_break();
                self.push(" ");
            }
            "tab" | "ptab" | "br" | "cr" => self.push(" "),
            "noBreakHyphen" => self.push("\u{2011}"),
            "footnoteReference" | "endnoteReference" if self.visible() => {
                let key = (
                    name == "footnoteReference",
                    attr(e, "id").unwrap_or_default(),
                );
                self.out.note_refs.push(key);
            }
            _ => {}
        }
    }

    /// A tracked insertion or deletion; `hides` when this view leaves its content out.
    fn change(&mut self, e: &BytesStart<'_>, empty: bool, hides: bool) {
        match attr(e, "id") {
            Some(id) => {
                self.out.change_ids.insert(id);
            }
            None => self.out.anonymous_changes += 1,
        }
        if self.in_trpr {
            // A whole table row inserted or deleted.
            if let Some(row) = self.rows.last_mut() {
                if hides && !*row {
                    *row = true;
                    self.hidden += 1;
                }
            }
            if !empty {
                self.changes.push(false);
            }
            return;
        }
        if self.in_mark_rpr {
            if hides {
                if let Some(p) = self.open.last_mut() {
                    p.mark_removed = true;
                }
            }
            if !empty {
                self.changes.push(false);
            }
            return;
        }
        if !empty {
            self.changes.push(hides);
            self.hidden += usize::from(hides);
        }
    }

    fn end(&mut self, name: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            "p" => {
                if let Some(mut p) = self.open.pop() {
                    p.end_with_bold_line();
                    self.out.paras.push(p);
                }
            }
            "pPr" => self.in_ppr = false,
            "trPr" => self.in_trpr = false,
            "tr" => {
                if self.rows.pop() == Some(true) {
                    self.hidden = self.hidden.saturating_sub(1);
                }
                self.open_rows.pop();
            }
            "rPr" if self.in_mark_rpr => self.in_mark_rpr = false,
            "rPr" => self.in_rpr = false,
            "r" => {
                self.runs = self.runs.saturating_sub(1);
                self.vanish = false;
            }
            "t" | "delText" => self.text_on = false,
            "ins" | "del" | "moveTo" | "moveFrom" if self.changes.pop() == Some(true) => {
                self.hidden = self.hidden.saturating_sub(1);
            }
            "footnote" | "endnote" => self.note = None,
            _ => {}
        }
    }

    fn visible(&self) -> bool {
        self.hidden == 0 && !self.vanish
    }

    fn push(&mut self, s: &str) {
        if !self.visible() {
            return;
        }
        if let Some(p) = self.open.last_mut() {
            if !self.bold && !s.trim().is_empty() {
                p.unbold = true;
                p.line_unbold = true;
            }
            p.text.push_str(s);
        }
    }

    /// A line break inside a paragraph splits it where Markdown would see two: after an
    /// empty line (two breaks with nothing but spaces between, as a converter writes a
    /// blank line it was given), and around a line set wholly in bold that is not a
    /// run-in lead ending in a colon (a title, as `**Climate**` alone on a line is, after
    /// text or before it).
    fn line_break(&mut self) {
        if !self.visible() {
            return;
        }
        let Some(p) = self.open.last_mut() else {
            return;
        };
        let from = p.cuts.last().map_or(0, |c| c.0);
        let line_from = p.last_break.unwrap_or(from).max(from);
        let line = p.text[line_from..].trim();
        let all = p.text[from..].trim();
        if let (Some(at), true) = (p.last_break, line.is_empty()) {
            if at > from && !p.text[from..at].trim().is_empty() {
                p.cuts.push((at, false));
            }
        } else if !all.is_empty() && !p.unbold && !all.ends_with(':') {
            p.cuts.push((p.text.len(), true));
        } else if p.bold_line_after_text(line_from) {
            // A bold line after text: the text before it is a paragraph, the line a title.
            p.cuts.push((line_from, false));
            p.cuts.push((p.text.len(), true));
        }
        if p.cuts.last().is_some_and(|c| c.0 > from) {
            p.unbold = false;
        }
        p.last_break = Some(p.text.len());
        p.line_unbold = false;
    }
}

/// The part a paragraph plays in a title block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TitleRole {
    Title,
    Date,
    Other,
}

/// The title block at the top of the body (paragraphs in the Title, Subtitle, Author and
/// Date styles, before any other text) is the document's metadata, not its text: a DOCX
/// made from a Markdown file with front matter, or from a template, states the title
/// that way. Those blocks become furniture, and their text the document's title and
/// date. A Title paragraph further down is an ordinary heading.
fn take_title_block(
    paras: &[RawPara],
    styles: &Styles,
    blocks: &mut Vec<Block>,
    furniture: &mut Vec<Furniture>,
) -> normalise::Meta {
    let mut meta = normalise::Meta::default();
    let role = |b: &Block| {
        paras
            .get(b.line.wrapping_sub(1))
            .and_then(|p| styles.title_role(p.style.as_deref()))
    };
    let count = blocks.iter().take_while(|b| role(b).is_some()).count();
    if count == blocks.len() {
        // Nothing but a title: it is the text.
        return meta;
    }
    for b in blocks.drain(..count) {
        let text = b.text.trim().to_owned();
        match role(&b) {
            Some(TitleRole::Title) if meta.title.is_none() && !text.is_empty() => {
                meta.title = Some(text.clone());
            }
            Some(TitleRole::Date) if meta.date.is_none() && !text.is_empty() => {
                meta.date = Some(text.clone());
            }
            _ => {}
        }
        if !text.is_empty() {
            furniture.push(Furniture {
                text,
                reason: FurnitureReason::DocumentTitle,
                line: b.line,
            });
        }
    }
    meta
}

/// Turns the body's raw paragraphs into blocks: joins paragraphs whose mark is gone in
/// this view, resolves numbering and headings.
///
/// Each table row (`w:tr`) is one table-row block, its cells (`w:tc`) joined by
/// [`normalise::table_row_text`], a cell's paragraphs by a space. A row stands where its
/// first visible paragraph stands; a nested table's rows are rows of their own, after the
/// row that holds them. A row deleted in this view (or inserted, in the original view)
/// has no visible paragraph and gives nothing. Numbering inside a cell still counts, but
/// gives no label.
fn body_blocks(walked: &Walked, styles: &Styles, numbering: &mut Numbering) -> Vec<Block> {
    let paras = &walked.paras;
    let mut blocks = Vec::new();
    // Row index → (block index, cells' paragraph texts).
    let mut rows: HashMap<usize, (usize, Vec<Vec<String>>)> = HashMap::new();
    let mut carry = String::new();
    for (i, p) in paras.iter().enumerate() {
        if p.gone {
            continue;
        }
        if p.mark_removed {
            carry.push_str(&p.text);
            continue;
        }
        let text = std::mem::take(&mut carry) + &p.text;
        let num = p.num.or(&styles.num(p.style.as_deref()));
        let label = match (&num.id, num.level) {
            (Some(id), level) if id != "0" => numbering.next(id, level.unwrap_or(0), styles),
            _ => None,
        };
        if let Some((row, cell)) = p.cell {
            let (_, cells) = rows.entry(row).or_insert_with(|| {
                blocks.push(Block {
                    text: String::new(),
                    heading: false,
                    label: None,
                    line: i + 1,
                    table_row: true,
                });
                let width = walked.row_cells.get(row).copied().unwrap_or(0).max(1);
                (blocks.len() - 1, vec![Vec::new(); width])
            });
            if let Some(c) = cells.get_mut(cell) {
                if !text.trim().is_empty() {
                    c.push(text);
                }
            }
            continue;
        }
        let heading = match p.outline {
            Some(level) => level < 9,
            None => styles.is_heading(p.style.as_deref()),
        };
        if p.cuts.is_empty() {
            blocks.push(Block {
                text,
                heading,
                label,
                line: i + 1,
                table_row: false,
            });
            continue;
        }
        // Pieces cut at line breaks (see `Walker::line_break`); carried text shifts them.
        let shift = text.len() - p.text.len();
        let mut start = 0;
        let mut label = label;
        let ends = p.cuts.iter().map(|&(at, title)| (at + shift, title));
        for (end, title) in ends.chain([(text.len(), p.tail_title)]) {
            let piece = text[start..end].trim();
            start = end;
            if piece.is_empty() {
                continue;
            }
            blocks.push(Block {
                text: piece.to_owned(),
                heading: heading || title,
                label: label.take(),
                line: i + 1,
                table_row: false,
            });
        }
    }
    if !carry.is_empty() {
        blocks.push(Block {
            text: carry,
            heading: false,
            label: None,
            line: paras.len(),
            table_row: false,
        });
    }
    for (at, cells) in rows.into_values() {
        let cells: Vec<String> = cells.iter().map(|c| c.join(" ")).collect();
        blocks[at].text = normalise::table_row_text(&cells).unwrap_or_default();
    }
    blocks.retain(|b| !(b.table_row && b.text.is_empty()));
    blocks
}

/// Adds a header or footer part's text to the furniture.
fn furniture_from(
    pkg: &mut Package<'_>,
    part: &str,
    view: DocxView,
    line: usize,
    furniture: &mut Vec<Furniture>,
) -> Result<()> {
    let Some(xml) = pkg.read_xml(part)? else {
        return Ok(());
    };
    let walked = walk(&xml, view).map_err(|e| corrupt_xml(pkg.path, part, e))?;
    for p in walked.paras {
        let text = p.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() && !furniture.iter().any(|f: &Furniture| f.text == text) {
            furniture.push(Furniture {
                text,
                reason: FurnitureReason::RunningHeader,
                line,
            });
        }
    }
    Ok(())
}

/// Footnote and endnote paragraphs by note.
fn read_notes(
    pkg: &mut Package<'_>,
    parts: &Parts,
    view: DocxView,
) -> Result<HashMap<NoteKey, Vec<String>>> {
    let mut notes: HashMap<NoteKey, Vec<String>> = HashMap::new();
    for part in [&parts.footnotes, &parts.endnotes].into_iter().flatten() {
        let Some(xml) = pkg.read_xml(part)? else {
            continue;
        };
        let walked = walk(&xml, view).map_err(|e| corrupt_xml(pkg.path, part, e))?;
        for p in walked.paras {
            if let Some(key) = p.note {
                if !p.text.trim().is_empty() {
                    notes.entry(key).or_default().push(p.text);
                }
            }
        }
    }
    Ok(notes)
}

/// Notes in the order the body refers to them: compared paragraphs labelled `fn1`,
/// `en1`, … when `compare` is set, furniture otherwise.
fn place_notes(
    mut notes: HashMap<NoteKey, Vec<String>>,
    refs: &[NoteKey],
    compare: bool,
    line: usize,
    blocks: &mut Vec<Block>,
    furniture: &mut Vec<Furniture>,
) {
    let (mut footnotes, mut endnotes) = (0, 0);
    for key in refs {
        let Some(paras) = notes.remove(key) else {
            continue;
        };
        let counter = if key.0 { &mut footnotes } else { &mut endnotes };
        *counter += 1;
        let label = format!("{}{}", if key.0 { "fn" } else { "en" }, counter);
        for (i, text) in paras.into_iter().enumerate() {
            if compare {
                blocks.push(Block {
                    text,
                    heading: false,
                    label: (i == 0).then(|| label.clone()),
                    line,
                    table_row: false,
                });
            } else {
                furniture.push(Furniture {
                    text: format!("[{label}] {}", text.trim()),
                    reason: FurnitureReason::Footnote,
                    line,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_from_level_text() {
        let level = |format: &str, text: &str| Level {
            start: 1,
            format: format.into(),
            text: text.into(),
            legal: false,
        };
        let counters = [Some(3), Some(2), None, None, None, None, None, None, None];
        let levels = [level("decimal", "%1."), level("lowerLetter", "(%2)")];
        assert_eq!(
            render_label(&levels[0], &levels, &counters).as_deref(),
            Some("3")
        );
        assert_eq!(
            render_label(&levels[1], &levels, &counters).as_deref(),
            Some("b")
        );
        let nested = level("decimal", "%1.%2.");
        assert_eq!(
            render_label(&nested, &levels, &counters).as_deref(),
            Some("3.b")
        );
        let bullet = level("bullet", "\u{F0B7}");
        assert_eq!(
            render_label(&bullet, &levels, &counters).as_deref(),
            Some("•")
        );
        assert_eq!(render_label(&level("none", ""), &levels, &counters), None);
        let article = level("upperRoman", "Article %1");
        assert_eq!(
            render_label(&article, std::slice::from_ref(&article), &counters).as_deref(),
            Some("Article III")
        );
        assert_eq!(letters(28), "BB");
        assert_eq!(roman(1994), "MCMXCIV");
    }

    #[test]
    fn targets_resolve() {
        assert_eq!(resolve("word", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve("word", "/word/n.xml"), "word/n.xml");
        assert_eq!(resolve("word/sub", "../media/x.xml"), "word/media/x.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn texts(xml: &str, view: DocxView) -> Vec<String> {
        let body = walk(
            &format!("<w:document {W}><w:body>{xml}</w:body></w:document>"),
            view,
        )
        .unwrap();
        let blocks = body_blocks(&body, &Styles::default(), &mut Numbering::default());
        blocks.into_iter().map(|b| b.text).collect()
    }

    /// The blocks of a body made of `xml`, as (heading, text).
    fn headed_blocks(xml: &str) -> Vec<(bool, String)> {
        let body = walk(
            &format!("<w:document {W}><w:body>{xml}</w:body></w:document>"),
            DocxView::Accepted,
        )
        .unwrap();
        body_blocks(&body, &Styles::default(), &mut Numbering::default())
            .into_iter()
            .map(|b| (b.heading, b.text))
            .collect()
    }

    #[test]
    fn a_bold_last_line_after_text_is_a_title_issue_11() {
        let r = |t: &str| format!("<w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r>");
        let b = |t: &str| format!("<w:r><w:rPr><w:b/></w:rPr><w:t>{t}</w:t></w:r>");
        let br = "<w:r><w:br/></w:r>";
        let xml = [
            format!(
                "<w:p>{}{br}{}</w:p>",
                r("to economic coercion."),
                b("G. Trade Initiatives")
            ),
            format!("<w:p>{}{br}{}</w:p>", r("We agree to"), b("Climate:")),
        ]
        .concat();
        let got = headed_blocks(&xml);
        let got: Vec<(bool, &str)> = got.iter().map(|(h, t)| (*h, t.as_str())).collect();
        assert_eq!(
            got,
            [
                (false, "to economic coercion."),
                (true, "G. Trade Initiatives"),
                (false, "We agree to Climate:"),
            ]
        );
    }

    #[test]
    fn line_breaks_split_where_markdown_sees_paragraphs_issue_11() {
        let r = |t: &str| format!("<w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r>");
        let b = |t: &str| format!("<w:r><w:rPr><w:b/></w:rPr><w:t>{t}</w:t></w:r>");
        let br = "<w:r><w:br/></w:r>";
        let xml = [
            format!(
                "<w:p>{}{br}{}</w:p>",
                b("Peace and Stability"),
                r("We discussed.")
            ),
            format!(
                "<w:p>{}{br}{}{br}{}</w:p>",
                r("We met."),
                r("\u{a0}"),
                r("We agreed.")
            ),
            format!(
                "<w:p>{}{br}{}{br}{}</w:p>",
                r("We met."),
                b("Now"),
                r("we act.")
            ),
            format!("<w:p>{}{br}{}</w:p>", b("Climate:"), r("We act.")),
            format!(
                "<w:p>{}<w:r><w:br w:type=\"page\"/></w:r>{}</w:p>",
                b("Bold"),
                r("next.")
            ),
        ]
        .concat();
        let got = headed_blocks(&xml);
        let got: Vec<(bool, &str)> = got.iter().map(|(h, t)| (*h, t.as_str())).collect();
        assert_eq!(
            got,
            [
                (true, "Peace and Stability"),
                (false, "We discussed."),
                (false, "We met."),
                (false, "We agreed."),
                // A bold line after text is a title, as `**Now**` on its line is in
                // Markdown (which reads `We met.`, `Now`, `we act.`).
                (false, "We met."),
                (true, "Now"),
                (false, "we act."),
                (false, "Climate: We act."),
                (false, "Bold next.")
            ]
        );
    }

    #[test]
    fn title_block_at_the_top_is_metadata_issue_11() {
        let styles = Styles::parse(&format!(
            r#"<w:styles {W}><w:style w:styleId="Title"><w:name w:val="Title"/></w:style><w:style w:styleId="Date"><w:name w:val="Date"/></w:style><w:style w:styleId="Author"><w:name w:val="Author"/></w:style></w:styles>"#
        ));
        let p = |style: &str, t: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#
            )
        };
        let xml = [
            p("Title", "Joint Statement"),
            p("Author", "The Leaders"),
            p("Date", "2021-09-24"),
            p("Normal", "We met today."),
            p("Title", "A later title is a heading"),
        ]
        .concat();
        let body = walk(
            &format!("<w:document {W}><w:body>{xml}</w:body></w:document>"),
            DocxView::Accepted,
        )
        .unwrap();
        let mut blocks = body_blocks(&body, &styles, &mut Numbering::default());
        let mut furniture = Vec::new();
        let meta = take_title_block(&body.paras, &styles, &mut blocks, &mut furniture);
        assert_eq!(meta.title.as_deref(), Some("Joint Statement"));
        assert_eq!(meta.date.as_deref(), Some("2021-09-24"));
        let kept: Vec<(&str, bool)> = blocks
            .iter()
            .map(|b| (b.text.as_str(), b.heading))
            .collect();
        assert_eq!(
            kept,
            [
                ("We met today.", false),
                ("A later title is a heading", true)
            ]
        );
        let set_aside: Vec<(&str, FurnitureReason)> = furniture
            .iter()
            .map(|f| (f.text.as_str(), f.reason))
            .collect();
        assert_eq!(
            set_aside,
            [
                ("Joint Statement", FurnitureReason::DocumentTitle),
                ("The Leaders", FurnitureReason::DocumentTitle),
                ("2021-09-24", FurnitureReason::DocumentTitle)
            ]
        );
        // A document that is nothing but a title keeps it as its text.
        let body = walk(
            &format!(
                "<w:document {W}><w:body>{}</w:body></w:document>",
                p("Title", "Only")
            ),
            DocxView::Accepted,
        )
        .unwrap();
        let mut blocks = body_blocks(&body, &styles, &mut Numbering::default());
        let meta = take_title_block(&body.paras, &styles, &mut blocks, &mut Vec::new());
        assert!(meta.title.is_none() && blocks.len() == 1);
    }

    #[test]
    fn equation_text_is_kept_issue_11() {
        let xml = r#"<w:p><w:r><w:t xml:space="preserve">We will spend </w:t></w:r><m:oMath><m:r><m:t>2</m:t></m:r><m:r><m:t>%</m:t></m:r></m:oMath><w:r><w:t xml:space="preserve"> of GDP.</w:t></w:r></w:p>"#;
        assert_eq!(texts(xml, DocxView::Accepted), ["We will spend 2% of GDP."]);
    }

    #[test]
    fn tracked_changes_in_both_views() {
        let xml = r#"<w:p><w:r><w:t xml:space="preserve">We will spend </w:t></w:r><w:del w:id="1"><w:r><w:delText>2%</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>3.5%</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> of GDP.</w:t></w:r></w:p>"#;
        assert_eq!(
            texts(xml, DocxView::Accepted),
            ["We will spend 3.5% of GDP."]
        );
        assert_eq!(texts(xml, DocxView::Original), ["We will spend 2% of GDP."]);
        let split = r#"<w:p><w:pPr><w:rPr><w:ins w:id="7"/></w:rPr></w:pPr><w:r><w:t>One.</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve"> Two.</w:t></w:r></w:p>"#;
        assert_eq!(texts(split, DocxView::Accepted), ["One.", " Two."]);
        assert_eq!(texts(split, DocxView::Original), ["One. Two."]);
    }

    #[test]
    fn moves_in_both_views_issue_14() {
        // A paragraph moved up (mark and text), and a sentence moved inside a paragraph.
        let xml = r#"<w:p><w:pPr><w:rPr><w:moveTo w:id="1"/></w:rPr></w:pPr><w:moveToRangeStart w:id="2" w:name="move1"/><w:moveTo w:id="3"><w:r><w:t>Moved.</w:t></w:r></w:moveTo><w:moveToRangeEnd w:id="2"/></w:p><w:p><w:moveFromRangeStart w:id="4" w:name="move2"/><w:moveFrom w:id="5"><w:r><w:t xml:space="preserve">Second. </w:t></w:r></w:moveFrom><w:moveFromRangeEnd w:id="4"/><w:r><w:t xml:space="preserve">Stays. </w:t></w:r><w:moveToRangeStart w:id="6" w:name="move2"/><w:moveTo w:id="7"><w:r><w:t>Second.</w:t></w:r></w:moveTo><w:moveToRangeEnd w:id="6"/></w:p><w:p><w:pPr><w:rPr><w:moveFrom w:id="8"/></w:rPr></w:pPr><w:moveFromRangeStart w:id="9" w:name="move1"/><w:moveFrom w:id="10"><w:r><w:t>Moved.</w:t></w:r></w:moveFrom><w:moveFromRangeEnd w:id="9"/></w:p><w:p><w:r><w:t>Last.</w:t></w:r></w:p>"#;
        assert_eq!(
            texts(xml, DocxView::Accepted),
            ["Moved.", "Stays. Second.", "Last."]
        );
        assert_eq!(
            texts(xml, DocxView::Original),
            ["Second. Stays. ", "Moved.", "Last."]
        );
    }

    #[test]
    fn template_keeps_properties_by_reader_paragraph() {
        let doc = format!(
            r#"<w:document xmlns:w="{W_NS}"><w:body><w:p><w:pPr><w:pStyle w:val="Title"/><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>A</w:t></w:r></w:p><mc:AlternateContent><mc:Fallback><w:p><w:pPr><w:jc w:val="right"/></w:pPr></w:p></mc:Fallback></mc:AlternateContent><w:p><w:r><w:t>B</w:t></w:r></w:p><w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:t>C</w:t></w:r></w:p><w:sectPr><w:footerReference w:id="x"/><w:pgSz w:w="12240" w:h="15840"/></w:sectPr></w:body></w:document>"#
        );
        let mut capture = Capture::default();
        let walked = walk_with(&doc, DocxView::Accepted, Some(&mut capture)).unwrap();
        let props: Vec<_> = walked.paras.iter().map(|p| p.ppr.clone()).collect();
        assert_eq!(
            props,
            [
                Some(r#"<w:pStyle w:val="Title"/>"#.to_owned()),
                None,
                Some(r#"<w:jc w:val="both"/>"#.to_owned())
            ]
        );
        assert_eq!(
            capture.section.as_deref(),
            Some(r#"<w:pgSz w:w="12240" w:h="15840"/>"#)
        );
    }

    #[test]
    fn tracked_table_rows() {
        let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
        let xml = format!(
            r#"<w:tbl><w:tr>{}{}</w:tr><w:tr><w:trPr><w:del w:id="4"/></w:trPr>{}{}</w:tr><w:tr><w:trPr><w:ins w:id="5"/></w:trPr>{}{}</w:tr></w:tbl>"#,
            cell("Kept"),
            cell("row"),
            cell("Deleted"),
            cell("row"),
            cell("Inserted"),
            cell("row")
        );
        // A row deleted or inserted whole is there in one view only, as one row.
        assert_eq!(
            texts(&xml, DocxView::Accepted),
            ["Kept | row", "Inserted | row"]
        );
        assert_eq!(
            texts(&xml, DocxView::Original),
            ["Kept | row", "Deleted | row"]
        );
    }

    /// (table row?, text) of every block.
    fn rows(xml: &str, view: DocxView) -> Vec<(bool, String)> {
        let body = walk(
            &format!("<w:document {W}><w:body>{xml}</w:body></w:document>"),
            view,
        )
        .unwrap();
        let blocks = body_blocks(&body, &Styles::default(), &mut Numbering::default());
        blocks.into_iter().map(|b| (b.table_row, b.text)).collect()
    }

    fn para(t: &str) -> String {
        format!(r#"<w:p><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:p>"#)
    }

    fn row(cells: &[&str]) -> String {
        let cells: String = cells.iter().map(|c| format!("<w:tc>{c}</w:tc>")).collect();
        format!("<w:tr>{cells}</w:tr>")
    }

    #[test]
    fn each_table_row_is_one_block_issue_11() {
        let xml = format!(
            "{}<w:tbl><w:tblPr/>{}{}{}</w:tbl>{}",
            para("Before."),
            row(&[&para("Country"), &para("Pledge")]),
            // A cell of two paragraphs, and an empty cell (no text, or no paragraph).
            row(&[&(para("Poland") + &para("and Estonia")), "<w:p/>"]),
            row(&[&para("Latvia"), &para("  4%  of GDP ")]),
            para("After.")
        );
        let got = rows(&xml, DocxView::Accepted);
        let want = [
            (false, "Before."),
            (true, "Country | Pledge"),
            (true, "Poland and Estonia |"),
            (true, "Latvia | 4% of GDP"),
            (false, "After."),
        ];
        let want: Vec<(bool, String)> = want.iter().map(|(r, t)| (*r, t.to_string())).collect();
        assert_eq!(got, want);
        // A row with nothing in it gives no block.
        let empty = format!(
            "<w:tbl>{}{}</w:tbl>",
            row(&["<w:p/>", ""]),
            row(&[&para("A")])
        );
        assert_eq!(rows(&empty, DocxView::Accepted), [(true, "A".to_owned())]);
    }

    #[test]
    fn nested_table_rows_follow_the_row_holding_them() {
        let inner = format!(
            "<w:tbl>{}{}</w:tbl>",
            row(&[&para("n1"), &para("n2")]),
            row(&[&para("n3"), &para("n4")])
        );
        let xml = format!(
            "<w:tbl>{}{}</w:tbl>{}",
            row(&[&para("a"), &(para("b") + &inner + &para("c"))]),
            row(&[&para("d"), &para("e")]),
            para("After.")
        );
        let got = rows(&xml, DocxView::Accepted);
        let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["a | b c", "n1 | n2", "n3 | n4", "d | e", "After."]);
        assert_eq!(
            got.iter().map(|(r, _)| *r).collect::<Vec<_>>(),
            [true, true, true, true, false]
        );
    }

    #[test]
    fn tracked_changes_inside_cells() {
        let cell = r#"<w:p><w:r><w:t xml:space="preserve">We spend </w:t></w:r><w:del w:id="1"><w:r><w:delText>2%</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>3%</w:t></w:r></w:ins></w:p>"#;
        let xml = format!("<w:tbl>{}</w:tbl>", row(&[&para("Poland"), cell]));
        assert_eq!(
            rows(&xml, DocxView::Accepted),
            [(true, "Poland | We spend 3%".to_owned())]
        );
        assert_eq!(
            rows(&xml, DocxView::Original),
            [(true, "Poland | We spend 2%".to_owned())]
        );
    }

    #[test]
    fn furniture_inside_paragraphs_is_ignored() {
        let xml = r#"<w:p><w:bookmarkStart w:id="0" w:name="_Hlk1"/><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF x </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Shown</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:commentRangeStart w:id="3"/><w:r><w:t xml:space="preserve"> text &amp; more</w:t><w:tab/><w:t>&#8217;s</w:t></w:r><w:r><w:rPr><w:rPrChange w:id="9"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr><w:t>.</w:t></w:r></w:p>"#;
        assert_eq!(
            texts(xml, DocxView::Accepted),
            ["Shown text & more \u{2019}s."]
        );
    }

    #[test]
    fn numbering_counts_per_list_with_restarts() {
        let numbering = r#"<w:numbering xmlns:w="x"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="11"/></w:lvlOverride></w:num></w:numbering>"#;
        let mut n = Numbering::parse(numbering);
        let s = Styles::default();
        let got: Vec<_> = [
            ("1", 0),
            ("1", 1),
            ("1", 1),
            ("2", 0),
            ("1", 1),
            ("3", 0),
            ("3", 0),
        ]
        .iter()
        .map(|(id, l)| n.next(id, *l, &s).unwrap_or_default())
        .collect();
        // A second instance of the same list continues it; a start override restarts it.
        assert_eq!(got, ["1", "a", "b", "2", "a", "11", "12"]);
    }
}
