//! HTML: the blocks of a page's main content become paragraphs.
//!
//! The page is tokenised by `html5ever` (so entities, `&nbsp;`, raw-text elements and
//! malformed markup are handled as browsers do), and the tokens drive a small element stack
//! of our own rather than html5ever's tree builder: the tree builder checks element scope
//! by walking the whole stack of open elements, which makes 10,000 nested `<div>`s take
//! seconds and 100,000 take minutes. Here every step is constant time, and nothing
//! recurses, so nesting depth costs neither time nor stack.
//!
//! * `<p>`, `<li>`, `<h1>`–`<h6>`, `<blockquote>` and any other block element holding
//!   text directly become blocks; a block inside another ends the outer one's text
//!   (so `<li><p>…</p></li>` is one paragraph, not two). Two `<br>` in a row end a block.
//! * Each table row (`<tr>`) is one table-row block, its `<td>` and `<th>` cells joined
//!   by [`normalise::table_row_text`] (several blocks in one cell by a space);
//!   `<thead>`, `<tbody>` and `<tfoot>` change nothing, and a `<caption>` is a block of
//!   its own. A nested table's rows are rows of their own, after the row holding them.
//!   Layout tables are tables too; `colspan` and `rowspan` are not expanded, and a list
//!   inside a cell gives no label.
//! * `<ol>` numbering (`start`, `type`, `<li value>`) becomes labels; `<ul>` items get `•`.
//! * Dropped: `<head>`, `<script>`, `<style>`, `<nav>`, `<aside>`, `<footer>`, forms'
//!   controls, a `<header>` outside the article, hidden elements, and elements whose role,
//!   class or id marks them as menus, cookie banners, share buttons, breadcrumbs or notes.
//! * The main content is `<main>`, else the `<article>` with most text, else the deepest
//!   element holding most of the page's text outside links.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::LocalName;

use super::text::Decoded;
use crate::error::{Error, Result};
use crate::model::{Document, Furniture, FurnitureReason};
use crate::normalise::{self, Block, NormaliseOptions};

/// The deepest element nesting accepted. Real pages stay under a hundred levels; browsers
/// stop nesting at 512. Deeper input is malformed or hostile, and is refused.
pub const MAX_DEPTH: usize = 4096;

/// Parses a decoded HTML page or fragment into a document.
pub fn parse(source: &str, decoded: &Decoded<'_>, norm: NormaliseOptions) -> Result<Document> {
    let page = extract_page(&decoded.text).ok_or_else(|| Error::HtmlTooDeep {
        path: Path::new(source).to_path_buf(),
        limit: MAX_DEPTH,
    })?;
    normalise::from_blocks(
        source,
        decoded.encoding,
        normalise::Meta {
            title: page.title,
            date: page.date,
        },
        page.blocks,
        page.furniture,
        norm,
    )
}

/// What a page holds: the blocks to compare, the text set aside with its reason, and the
/// `<title>`, which is the document's title (metadata), not a paragraph.
#[derive(Debug, Default)]
pub struct Page {
    /// The blocks of the main content (and substantive text outside it), in order.
    pub blocks: Vec<Block>,
    /// Every other text block, with why it is not compared.
    pub furniture: Vec<Furniture>,
    /// The text of `<title>`, or else of the title block's `<h1>`, if any.
    pub title: Option<String>,
    /// The date in the title block, if any.
    pub date: Option<String>,
}

/// The blocks of the page's main content, in order; `None` when elements nest deeper than
/// [`MAX_DEPTH`].
pub fn extract(html: &str) -> Option<Vec<Block>> {
    extract_page(html).map(|p| p.blocks)
}

/// The page's blocks, furniture and title; `None` when elements nest deeper than
/// [`MAX_DEPTH`].
pub fn extract_page(html: &str) -> Option<Page> {
    let sink = Sink(RefCell::new(Extractor::new()));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let mut ex = tokenizer.sink.0.into_inner();
    if ex.too_deep {
        return None;
    }
    ex.finish();
    Some(ex.into_page())
}

struct Sink(RefCell<Extractor>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        self.0.borrow_mut().token(token, line)
    }
}

/// Elements whose content is never part of the statement.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "aside", "footer", "button",
    "select", "textarea", "svg", "math", "iframe", "object", "canvas", "audio", "video", "map",
    "dialog", "menu", "title", "noscript", "xmp", "noembed", "noframes",
];

/// Skipped elements whose content is not text a reader sees (code, media, the head):
/// it is not listed as furniture either.
const NOT_TEXT: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
    "audio", "video", "map", "title", "xmp", "noembed", "noframes", "select", "textarea",
];

/// Elements that break text into blocks.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements that never have content or an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];

/// Roles and class or id words that mark page furniture.
const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "menu",
    "menubar",
    "dialog",
    "alertdialog",
    "search",
    "complementary",
    "doc-noteref",
    "doc-endnotes",
    "doc-footnote",
];
const FURNITURE_WORDS: &[&str] = &[
    "cookie",
    "consent",
    "share",
    "social",
    "breadcrumb",
    "newsletter",
    "skip",
    "navbar",
    "menu",
    "sidebar",
    "related",
    "advert",
    "promo",
    "subscribe",
    "popup",
    "modal",
    "footnote",
];

/// An element in the arena: its parent, and the last element created inside it (so that
/// "inside" is a range test).
struct Node {
    end: usize,
    depth: usize,
    kind: NodeKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    Main,
    Article,
    Other,
}

/// An open element on the stack.
struct Open {
    name: LocalName,
    node: usize,
    block: bool,
    skip: bool,
    /// Skipped content that is not text (see [`NOT_TEXT`]).
    quiet: bool,
    /// A `<header>` outside any `<main>` or `<article>`: the site's, not the statement's.
    site_header: bool,
    /// pandoc's title block, `<header id="title-block-header">`: the document's metadata.
    title_block: bool,
    /// An element of class `date` inside the title block.
    date: bool,
    /// Numbering state when this is a list.
    list: Option<List>,
    /// Indices of the nearest open `p`, list item, list and scope boundary, this one
    /// included, so that implied end tags cost no stack walk.
    near: Near,
}

#[derive(Clone, Copy, Default)]
struct Near {
    p: Option<usize>,
    li: Option<usize>,
    list: Option<usize>,
    boundary: Option<usize>,
    table: Option<usize>,
    row: Option<usize>,
    cell: Option<usize>,
}

/// An open table row: where its `<tr>` stands on the stack, the [`Found`] it fills when it
/// closes, and its cells' text so far.
struct Row {
    tr: usize,
    found: usize,
    cells: Vec<String>,
}

struct List {
    ordered: bool,
    next: i64,
    step: i64,
    style: char,
}

/// A block found in the page, with where it stands.
struct Found {
    block: Block,
    node: usize,
    weight: usize,
    /// An `<h1>`: the page title, kept even when it stands outside the content block.
    title: bool,
    /// Inside the site's `<header>`: only its `<h1>` can belong to the statement, and only
    /// on a page without `<main>` or `<article>`.
    site_header: bool,
    /// Inside a title block (title, subtitle, author, date), and whether it is the date.
    title_block: bool,
    date: bool,
}

struct Extractor {
    nodes: Vec<Node>,
    stack: Vec<Open>,
    open_count: HashMap<LocalName, usize>,
    skipping: usize,
    quiet: usize,
    headings: usize,
    titles: usize,
    links: usize,
    article_or_main: usize,
    site_headers: usize,
    title_blocks: usize,
    dates: usize,
    text: String,
    link_chars: usize,
    line: u64,
    label: Option<String>,
    br_pending: bool,
    /// Open `<b>` and `<strong>` elements, and whether the block so far has text outside
    /// them: a block that is all bold up to a `<br>` is a title line.
    bold: usize,
    unbold_text: bool,
    bold_line: bool,
    /// Where the current line starts in `text` (after the last `<br>`), and whether it
    /// has text outside bold elements: a wholly bold line after text is a title too.
    line_start: usize,
    unbold_line: bool,
    found: Vec<Found>,
    /// Text of skipped elements (navigation, banners, hidden text), with its line.
    skipped: Vec<(String, usize)>,
    title: String,
    too_deep: bool,
    /// Open table rows, innermost last.
    rows: Vec<Row>,
    /// Stack indices of the open `<table>` elements, innermost last.
    tables: Vec<usize>,
}

impl Extractor {
    fn new() -> Extractor {
        Extractor {
            nodes: vec![Node {
                end: usize::MAX,
                depth: 0,
                kind: NodeKind::Other,
            }],
            stack: Vec::new(),
            open_count: HashMap::new(),
            skipping: 0,
            quiet: 0,
            headings: 0,
            titles: 0,
            links: 0,
            article_or_main: 0,
            site_headers: 0,
            title_blocks: 0,
            dates: 0,
            text: String::new(),
            link_chars: 0,
            line: 1,
            label: None,
            br_pending: false,
            bold: 0,
            unbold_text: false,
            bold_line: false,
            line_start: 0,
            unbold_line: false,
            found: Vec::new(),
            skipped: Vec::new(),
            title: String::new(),
            too_deep: false,
            rows: Vec::new(),
            tables: Vec::new(),
        }
    }

    fn token(&mut self, token: Token, line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => return self.tag(tag, line),
            Token::CharacterTokens(t) => self.chars(&t, line),
            _ => {}
        }
        TokenSinkResult::Continue
    }

    fn chars(&mut self, t: &str, line: u64) {
        if self.stack.last().is_some_and(|o| &*o.name == "title") {
            self.title.push_str(t);
            return;
        }
        if self.quiet > 0 {
            return;
        }
        if self.text.trim().is_empty() {
            self.line = line;
        }
        if t.trim_matches(is_html_space).is_empty() {
            self.text.push(' ');
            return;
        }
        // A line of no-break spaces between two `<br>` is an empty line all the same.
        if t.chars().all(is_blank) {
            self.text.push_str(t);
            return;
        }
        self.br_pending = false;
        self.unbold_text |= self.bold == 0;
        self.unbold_line |= self.bold == 0;
        self.text.push_str(t);
        if self.links > 0 {
            self.link_chars += t.chars().count();
        }
    }

    fn tag(&mut self, tag: Tag, line: u64) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        match tag.kind {
            TagKind::StartTag if name == "br" => self.line_break(),
            TagKind::StartTag => {
                let raw = match name {
                    "script" => Some(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                        Some(RawKind::Rawtext)
                    }
                    "title" | "textarea" => Some(RawKind::Rcdata),
                    _ => None,
                };
                if name == "plaintext" {
                    self.open(&tag, line);
                    return TokenSinkResult::Plaintext;
                }
                // As in browsers, `<div/>` opens a div: only void elements have no content.
                if !VOID.contains(&name) {
                    self.open(&tag, line);
                } else if name == "hr" || name == "img" {
                    self.flush();
                }
                if let Some(kind) = raw {
                    return TokenSinkResult::RawData(kind);
                }
            }
            TagKind::EndTag if name == "br" => self.line_break(),
            TagKind::EndTag => self.close(&tag.name),
        }
        TokenSinkResult::Continue
    }

    /// One `<br>` is a space; two in a row end the block, and so does one after a line
    /// set wholly in bold that is not a run-in lead ending in a colon (`<b>Climate</b><br>`
    /// is a title, as `**Climate**` alone on a Markdown line is).
    ///
    /// A wholly bold line after text (`economies.<br><b>Trade and Labor</b><br>`) is a
    /// title as well: the text before it ends a block of its own.
    fn line_break(&mut self) {
        let text = self.text.trim_matches(is_blank);
        if !self.br_pending && !self.unbold_text && !text.is_empty() && !text.ends_with(':') {
            self.bold_line = true;
            self.flush();
            return;
        }
        self.part_bold_line();
        if self.bold_line || self.br_pending {
            self.flush();
        } else {
            self.text.push(' ');
            self.br_pending = true;
            self.line_start = self.text.len();
            self.unbold_line = false;
        }
    }

    /// When the current line (since the last `<br>`) is set wholly in bold, is no run-in
    /// lead ending in a colon, and follows text: ends that text as a block of its own and
    /// leaves the line, marked a title, as the current block.
    fn part_bold_line(&mut self) {
        let start = self.line_start.min(self.text.len());
        let (before, line) = self.text.split_at(start);
        let line = line.trim_matches(is_blank);
        if self.unbold_line
            || self.bold_line
            || before.trim_matches(is_blank).is_empty()
            || line.is_empty()
            || line.ends_with(':')
        {
            return;
        }
        let line = self.text.split_off(start);
        self.line_start = 0;
        self.flush();
        self.text = line;
        self.bold_line = true;
    }

    fn open(&mut self, tag: &Tag, line: u64) {
        if self.too_deep || self.stack.len() >= MAX_DEPTH {
            self.too_deep = true;
            return;
        }
        let name: &str = &tag.name;
        self.implied_ends(name);
        let block = BLOCKS.contains(&name);
        if block {
            self.flush();
            self.line = line;
        }
        let skip = self.is_furniture(tag);
        let quiet = skip && NOT_TEXT.contains(&name);
        let parent = self.stack.last();
        let parent_node = parent.map_or(0, |o| o.node);
        let mut near = parent.map(|o| o.near).unwrap_or_default();
        let index = self.stack.len();
        match name {
            "p" => near.p = Some(index),
            "li" | "dd" | "dt" => near.li = Some(index),
            "ol" | "ul" | "dl" => near.list = Some(index),
            "table" | "td" | "th" | "caption" | "button" | "object" | "template" => {
                near.boundary = Some(index)
            }
            _ => {}
        }
        match name {
            "table" => near.table = Some(index),
            "tr" => near.row = Some(index),
            "td" | "th" => near.cell = Some(index),
            _ => {}
        }
        let node = if block {
            self.new_node(parent_node, name, tag)
        } else {
            parent_node
        };
        let list = self.list_state(tag);
        if name == "li" {
            self.label = self.next_label();
        }
        let site_header = name == "header" && self.article_or_main == 0;
        self.site_headers += usize::from(site_header);
        let title_block =
            name == "header" && attr(tag, "id").is_some_and(|v| v == "title-block-header");
        self.title_blocks += usize::from(title_block);
        let date = self.title_blocks > 0
            && attr(tag, "class").is_some_and(|c| c.split_ascii_whitespace().any(|t| t == "date"));
        self.dates += usize::from(date);
        self.count(&tag.name, 1);
        self.stack.push(Open {
            name: tag.name.clone(),
            node,
            block,
            skip,
            quiet,
            site_header,
            title_block,
            date,
            list,
            near,
        });
        self.quiet += usize::from(quiet);
        self.entered(name, skip);
        self.table_opened(name, index, node, line);
    }

    /// Starts a table, a row or a cell. A row is kept only where its text would be
    /// compared or listed; inside skipped content its cells stay ordinary blocks.
    fn table_opened(&mut self, name: &str, index: usize, node: usize, line: u64) {
        match name {
            "table" => self.tables.push(index),
            "tr" if self.skipping == 0 && self.quiet == 0 => {
                self.found.push(Found {
                    block: Block {
                        text: String::new(),
                        heading: false,
                        label: None,
                        line: usize::try_from(line).unwrap_or(usize::MAX),
                        table_row: true,
                    },
                    node,
                    weight: 0,
                    title: false,
                    site_header: self.site_headers > 0,
                    title_block: self.title_blocks > 0,
                    date: false,
                });
                self.rows.push(Row {
                    tr: index,
                    found: self.found.len() - 1,
                    cells: Vec::new(),
                });
            }
            "td" | "th" => {
                if let Some(row) = self.current_row() {
                    row.cells.push(String::new());
                }
            }
            _ => {}
        }
    }

    /// The open row that text now belongs to: the innermost row, when it is inside the
    /// innermost table (a nested table's caption is not in the outer row).
    fn current_row(&mut self) -> Option<&mut Row> {
        let table = self.tables.last().copied();
        self.rows.last_mut().filter(|r| Some(r.tr) > table)
    }

    /// Ends a table or a row that was at stack index `index`; a row's text is its cells'.
    fn table_closed(&mut self, index: usize) {
        if self.rows.last().is_some_and(|r| r.tr == index) {
            if let Some(row) = self.rows.pop() {
                let text = normalise::table_row_text(&row.cells).unwrap_or_default();
                self.found[row.found].block.text = text;
            }
        }
        if self.tables.last() == Some(&index) {
            self.tables.pop();
        }
    }

    fn entered(&mut self, name: &str, skip: bool) {
        self.skipping += usize::from(skip);
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.headings += 1;
                self.titles += usize::from(name == "h1");
            }
            "a" => self.links += 1,
            "b" | "strong" => self.bold += 1,
            "main" | "article" => self.article_or_main += 1,
            _ => {}
        }
    }

    fn new_node(&mut self, parent: usize, name: &str, tag: &Tag) -> usize {
        let role_main = attr(tag, "role").is_some_and(|r| r.eq_ignore_ascii_case("main"));
        let kind = match name {
            "main" => NodeKind::Main,
            _ if role_main => NodeKind::Main,
            "article" => NodeKind::Article,
            _ => NodeKind::Other,
        };
        let depth = self.nodes[parent].depth + 1;
        self.nodes.push(Node {
            end: usize::MAX,
            depth,
            kind,
        });
        self.nodes.len() - 1
    }

    fn count(&mut self, name: &LocalName, delta: isize) {
        let c = self.open_count.entry(name.clone()).or_insert(0);
        *c = c.saturating_add_signed(delta);
    }

    /// End tags that HTML implies: a new paragraph or block closes an open `p`, a new list
    /// item closes the previous one, a heading closes a heading.
    fn implied_ends(&mut self, name: &str) {
        let Some(top) = self.stack.last() else {
            return;
        };
        let near = top.near;
        let target = match name {
            "li" => near.li.filter(|&i| Some(i) > near.list),
            "dd" | "dt" => near.li.filter(|&i| Some(i) > near.list),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                if matches!(&*top.name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") =>
            {
                Some(self.stack.len() - 1)
            }
            // A new cell closes the open cell of the same table, a new row or row group
            // the open row.
            "td" | "th" => near.cell.filter(|&i| Some(i) > near.table),
            "tr" | "tbody" | "thead" | "tfoot" => near.row.filter(|&i| Some(i) > near.table),
            _ if BLOCKS.contains(&name) => None,
            _ => return,
        };
        let target = target.or_else(|| near.p.filter(|&i| Some(i) > near.boundary));
        if let Some(i) = target {
            while self.stack.len() > i {
                self.pop();
            }
        }
    }

    /// An end tag closes the nearest open element of its name; a stray one is ignored.
    fn close(&mut self, name: &LocalName) {
        if self.open_count.get(name).copied().unwrap_or(0) == 0 {
            if &**name == "p" {
                self.flush();
            }
            return;
        }
        while let Some(top) = self.stack.last() {
            let done = top.name == *name;
            self.pop();
            if done {
                break;
            }
        }
    }

    fn pop(&mut self) {
        if self.stack.last().is_some_and(|o| o.block) {
            self.flush();
        }
        let Some(o) = self.stack.pop() else {
            return;
        };
        if o.node != self.stack.last().map_or(0, |p| p.node) {
            self.nodes[o.node].end = self.nodes.len() - 1;
        }
        self.count(&o.name, -1);
        self.table_closed(self.stack.len());
        self.skipping -= usize::from(o.skip);
        self.quiet -= usize::from(o.quiet);
        self.site_headers -= usize::from(o.site_header);
        self.title_blocks -= usize::from(o.title_block);
        self.dates -= usize::from(o.date);
        match &*o.name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.headings -= 1;
                self.titles -= usize::from(&*o.name == "h1");
            }
            "a" => self.links -= 1,
            "b" | "strong" => self.bold -= 1,
            "main" | "article" => self.article_or_main -= 1,
            "li" => self.label = None,
            _ => {}
        }
    }

    fn finish(&mut self) {
        while !self.stack.is_empty() {
            self.pop();
        }
        self.flush();
    }

    /// Ends the current block: collapses its whitespace and keeps it if it has text.
    fn flush(&mut self) {
        // A wholly bold last line after text and a `<br>` is a title of its own.
        self.part_bold_line();
        self.br_pending = false;
        self.unbold_text = false;
        self.unbold_line = false;
        self.line_start = 0;
        let bold_line = std::mem::take(&mut self.bold_line);
        if self.text.is_empty() {
            return;
        }
        let text: Vec<&str> = self
            .text
            .split(is_html_space)
            .filter(|w| !w.is_empty())
            .collect();
        // No-break spaces at the ends are layout (a spacer line before a `<br>`).
        let text = text.join(" ").trim_matches(is_blank).to_owned();
        self.text.clear();
        let link_chars = std::mem::take(&mut self.link_chars);
        if text.is_empty() || self.quiet > 0 {
            return;
        }
        if self.skipping > 0 {
            let line = usize::try_from(self.line).unwrap_or(usize::MAX);
            self.skipped.push((text, line));
            return;
        }
        let weight = text.chars().count().saturating_sub(link_chars);
        if let Some(row) = self.current_row() {
            // Text in a row before any cell (malformed markup) opens one.
            match row.cells.last_mut() {
                Some(cell) if !cell.is_empty() => {
                    cell.push(' ');
                    cell.push_str(&text);
                }
                Some(cell) => cell.push_str(&text),
                None => row.cells.push(text),
            }
            let at = row.found;
            self.found[at].weight += weight;
            self.label = None;
            return;
        }
        self.found.push(Found {
            block: Block {
                text,
                heading: self.headings > 0 || bold_line,
                label: self.label.take(),
                line: usize::try_from(self.line).unwrap_or(usize::MAX),
                table_row: false,
            },
            node: self.stack.last().map_or(0, |o| o.node),
            weight,
            title: self.titles > 0,
            site_header: self.site_headers > 0,
            title_block: self.title_blocks > 0,
            date: self.dates > 0,
        });
    }

    fn is_furniture(&self, tag: &Tag) -> bool {
        let name: &str = &tag.name;
        if SKIPPED.contains(&name) {
            return true;
        }
        if attr(tag, "hidden").is_some()
            || attr(tag, "aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            return true;
        }
        if attr(tag, "style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        }) {
            return true;
        }
        if attr(tag, "role")
            .is_some_and(|r| FURNITURE_ROLES.iter().any(|f| r.eq_ignore_ascii_case(f)))
        {
            return true;
        }
        // LibreOffice writes its page header and footer as <div title="header">.
        if attr(tag, "title").is_some_and(|t| t == "header" || t == "footer") && name == "div" {
            return true;
        }
        ["class", "id"]
            .iter()
            .filter_map(|a| attr(tag, a))
            .any(furniture_words)
    }

    fn list_state(&self, tag: &Tag) -> Option<List> {
        let ordered = match &*tag.name {
            "ol" => true,
            "ul" | "menu" | "dir" => false,
            _ => return None,
        };
        let reversed = attr(tag, "reversed").is_some();
        let start = attr(tag, "start").and_then(|s| s.trim().parse().ok());
        let style = attr(tag, "type")
            .and_then(|t| t.chars().next())
            .filter(|c| matches!(c, '1' | 'a' | 'A' | 'i' | 'I'))
            .unwrap_or('1');
        Some(List {
            ordered,
            next: start.unwrap_or(1),
            step: if reversed { -1 } else { 1 },
            style,
        })
    }

    /// The label of a new list item: the next number of the nearest list, or a bullet.
    fn next_label(&mut self) -> Option<String> {
        let list_at = self.stack.last()?.near.list?;
        let list = self.stack.get_mut(list_at)?.list.as_mut()?;
        if !list.ordered {
            return Some("•".into());
        }
        let n = list.next;
        list.next += list.step;
        Some(match list.style {
            'a' => alpha(n).to_ascii_lowercase(),
            'A' => alpha(n),
            'i' => roman(n).to_ascii_lowercase(),
            'I' => roman(n),
            _ => n.to_string(),
        })
    }

    /// The blocks of the main content, and substantive text outside it, to compare;
    /// every other block becomes furniture with its reason, so nothing is dropped
    /// silently (issue #11).
    fn into_page(self) -> Page {
        let root = self.content_root();
        let (start, end) = (root, self.nodes[root].end);
        let marked = self.nodes[root].kind != NodeKind::Other;
        let title: Vec<&str> = self
            .title
            .split(is_html_space)
            .filter(|w| !w.is_empty())
            .collect();
        let title = title.join(" ");
        let mut page = Page {
            title: (!title.is_empty()).then_some(title),
            ..Page::default()
        };
        // A page that is nothing but a title block keeps it as its text.
        let only_title = self.found.iter().all(|f| f.title_block);
        for f in self.found {
            if f.block.text.is_empty() {
                // A table row without text.
                continue;
            }
            let inside = f.node >= start && f.node <= end;
            if f.title_block && !only_title {
                if f.title && page.title.is_none() {
                    page.title = Some(f.block.text.clone());
                }
                if f.date && page.date.is_none() {
                    page.date = Some(f.block.text.clone());
                }
                page.furniture.push(Furniture {
                    text: f.block.text,
                    reason: FurnitureReason::DocumentTitle,
                    line: f.block.line,
                });
                continue;
            }
            let reason = if (inside && !f.site_header) || (f.title && !(f.site_header && marked)) {
                None
            } else if f.site_header && f.title && page.title.as_deref() == Some(&f.block.text) {
                Some(FurnitureReason::DocumentTitle)
            } else if f.site_header || !substantive(&f) {
                Some(FurnitureReason::OutsideMainContent)
            } else {
                None
            };
            match reason {
                None => page.blocks.push(f.block),
                Some(reason) => page.furniture.push(Furniture {
                    text: f.block.text,
                    reason,
                    line: f.block.line,
                }),
            }
        }
        page.furniture
            .extend(self.skipped.into_iter().map(|(text, line)| Furniture {
                text,
                reason: FurnitureReason::PageChrome,
                line,
            }));
        page
    }

    /// `<main>` with most text, else `<article>` with most text, else the deepest element
    /// holding 85% of the page's text outside links (menus and link lists are mostly
    /// links), else the whole page.
    fn content_root(&self) -> usize {
        let mut weight = vec![0usize; self.nodes.len()];
        for f in &self.found {
            weight[f.node] += f.weight;
        }
        // Nodes are numbered in document order, so every child follows its parent and the
        // parent of node i is the nearest earlier node whose range holds i.
        let parents = self.parents();
        for i in (1..self.nodes.len()).rev() {
            weight[parents[i]] += weight[i];
        }
        let heaviest = |kind: NodeKind| {
            (1..self.nodes.len())
                .filter(|&i| self.nodes[i].kind == kind && weight[i] > 0)
                .max_by_key(|&i| weight[i])
        };
        if let Some(main) = heaviest(NodeKind::Main).or_else(|| heaviest(NodeKind::Article)) {
            return main;
        }
        let total = weight[0];
        (0..self.nodes.len())
            .filter(|&i| weight[i] * 100 >= total * 85)
            .max_by_key(|&i| self.nodes[i].depth)
            .unwrap_or(0)
    }

    fn parents(&self) -> Vec<usize> {
        let mut parents = vec![0; self.nodes.len()];
        let mut open: Vec<usize> = vec![0];
        for (i, parent) in parents.iter_mut().enumerate().skip(1) {
            while let Some(&top) = open.last() {
                if top == 0 || self.nodes[top].end >= i {
                    break;
                }
                open.pop();
            }
            *parent = open.last().copied().unwrap_or(0);
            open.push(i);
        }
        parents
    }
}

/// Text outside the main content that reads as a statement's own (a sentence of some
/// length, mostly not links) is compared rather than set aside: a changed pledge there
/// must show.
fn substantive(f: &Found) -> bool {
    let words = f.block.text.split_whitespace().count();
    let chars = f.block.text.chars().count();
    let ends = f
        .block
        .text
        .trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', ')'])
        .ends_with(['.', '!', '?', ';', ':']);
    words >= 8 && ends && f.weight * 4 >= chars * 3
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

/// HTML white space or a no-break space: what a spacer line holds.
fn is_blank(c: char) -> bool {
    is_html_space(c) || c == '\u{a0}'
}

fn attr<'t>(tag: &'t Tag, name: &str) -> Option<&'t str> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| &*a.value)
}

/// Words that, joined to a furniture word in one class or id token, keep it furniture
/// (`share-buttons`, `cookie_banner`, `social-media-links`).
const WIDGET_WORDS: &[&str] = &[
    "bar",
    "banner",
    "box",
    "button",
    "block",
    "container",
    "wrapper",
    "links",
    "link",
    "icons",
    "icon",
    "list",
    "tools",
    "tool",
    "widget",
    "area",
    "panel",
    "notice",
    "media",
    "nav",
    "buttons",
    "top",
    "bottom",
    "header",
    "footer",
    "section",
    "inner",
    "outer",
    "main",
    "site",
    "page",
    "global",
    "primary",
    "secondary",
    "mobile",
    "desktop",
    "wrap",
    "trail",
];

/// True when a class or id token marks furniture: every part of it (split at `-` and
/// `_`) is a furniture word, such as `breadcrumbs`, or a widget word, such as `buttons`,
/// and one at least is a furniture word. Whole tokens only: `shared-values` and
/// `social-policy` are content (issue #11).
fn furniture_words(value: &str) -> bool {
    let is = |list: &[&str], seg: &str| {
        list.iter()
            .any(|w| seg == *w || seg.strip_suffix('s') == Some(*w))
    };
    value.split_whitespace().any(|token| {
        let token = token.to_ascii_lowercase();
        let segs: Vec<&str> = token.split(['-', '_']).filter(|s| !s.is_empty()).collect();
        segs.iter().any(|s| is(FURNITURE_WORDS, s))
            && segs
                .iter()
                .all(|s| is(FURNITURE_WORDS, s) || is(WIDGET_WORDS, s))
    })
}

fn alpha(n: i64) -> String {
    if n < 1 {
        return n.to_string();
    }
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push((b'A' + (n % 26) as u8) as char);
        n /= 26;
    }
    out.iter().rev().collect()
}

fn roman(n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    let parts = [
        ["", "M", "MM", "MMM", "", "", "", "", "", ""],
        ["", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"],
        ["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"],
        ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"],
    ];
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    digits
        .iter()
        .zip(parts.iter())
        .map(|(&d, p)| p[d as usize])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<(Option<String>, bool, String)> {
        extract(html)
            .unwrap_or_default()
            .into_iter()
            .map(|b| (b.label, b.heading, b.text))
            .collect()
    }

    fn texts(html: &str) -> Vec<String> {
        extract(html)
            .unwrap_or_default()
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    #[test]
    fn leaf_blocks_headings_and_list_labels() {
        let got = blocks(
            "<h1>Title</h1><ol start=3><li><p>Three&nbsp;point</p></li><li>Four <b>bold</b></li></ol><ul><li>Dot</li></ul><ol type=a><li>x<li>y</ol>",
        );
        let want = [
            (None, true, "Title"),
            (Some("3"), false, "Three\u{a0}point"),
            (Some("4"), false, "Four bold"),
            (Some("•"), false, "Dot"),
            (Some("a"), false, "x"),
            (Some("b"), false, "y"),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(l, h, t)| (l.map(String::from), *h, t.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn furniture_is_dropped_and_main_content_kept() {
        let page = r#"<html><head><title>T</title><script>var p = "<p>no</p>";</script></head>
            <body><header><nav><ul><li>Home</li></ul></nav></header>
            <div class="cookie-banner"><p>We use cookies.</p></div>
            <main><article><header><h1>Statement</h1></header><p>One &amp; two.</p>
            <div class="share-buttons">Share</div><p hidden>Hidden.</p></article></main>
            <footer><p>Copyright</p></footer></body></html>"#;
        assert_eq!(texts(page), ["Statement", "One & two."]);
    }

    #[test]
    fn a_bold_line_before_a_break_is_a_title_issue_11() {
        let got = blocks("<p><strong>Peace and Stability</strong><br />We discussed.</p><p><b>Climate:</b><br>We met. <b>Now</b><br>we act.</p>");
        let got: Vec<(bool, &str)> = got.iter().map(|b| (b.1, b.2.as_str())).collect();
        assert_eq!(
            got,
            [
                (true, "Peace and Stability"),
                (false, "We discussed."),
                (false, "Climate: We met. Now we act.")
            ]
        );
    }

    /// A wholly bold line after text and a break is a title too, in the middle of a
    /// block or at its end; a run-in lead ending in a colon is not.
    #[test]
    fn a_bold_line_after_text_is_a_title_issue_11() {
        let got = blocks("<p>economies.<br><strong>Trade and</strong> <strong>Labor</strong><br>&nbsp;<br>The session met.</p><p>coercion. &nbsp;<br><strong>G. Trade Initiatives</strong></p><p>We agree to<br><b>Climate:</b></p>");
        let got: Vec<(bool, &str)> = got.iter().map(|b| (b.1, b.2.as_str())).collect();
        assert_eq!(
            got,
            [
                (false, "economies."),
                (true, "Trade and Labor"),
                (false, "The session met."),
                (false, "coercion."),
                (true, "G. Trade Initiatives"),
                (false, "We agree to Climate:"),
            ]
        );
    }

    #[test]
    fn a_line_of_no_break_spaces_between_breaks_ends_the_block_issue_11() {
        assert_eq!(
            texts("<p>We met.<br />\n&nbsp;<br />\nWe agreed.<br />We left.</p>"),
            ["We met.", "We agreed. We left."]
        );
    }

    #[test]
    fn pandoc_title_block_is_metadata_issue_11() {
        let page = r#"<html><head><title>Joint Statement</title></head><body>
            <header id="title-block-header"><h1 class="title">Joint Statement</h1>
            <p class="author">The Leaders</p><p class="date">2021-09-24</p></header>
            <p>We met today.</p></body></html>"#;
        let got = extract_page(page).unwrap();
        assert_eq!(
            got.blocks
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>(),
            ["We met today."]
        );
        assert_eq!(got.title.as_deref(), Some("Joint Statement"));
        assert_eq!(got.date.as_deref(), Some("2021-09-24"));
        assert_eq!(
            furniture(page),
            [
                (
                    "Joint Statement".into(),
                    "document title or date (metadata)"
                ),
                ("The Leaders".into(), "document title or date (metadata)"),
                ("2021-09-24".into(), "document title or date (metadata)")
            ]
        );
    }

    /// (text, reason) of every furniture block.
    fn furniture(html: &str) -> Vec<(String, &'static str)> {
        extract_page(html)
            .unwrap()
            .furniture
            .into_iter()
            .map(|f| (f.text, f.reason.as_str()))
            .collect()
    }

    #[test]
    fn no_text_is_dropped_silently_issue_11() {
        let page = r#"<html><head><title>B9  Statement</title></head><body>
            <header><h1>B9 Statement</h1><p><a href="/">Home</a></p></header>
            <nav><a href="/">Home</a></nav>
            <main><p>The ministers met in Bucharest.</p></main>
            <div><p>We will never recognise the illegal annexation of Crimea by Russia.</p>
            <p><a href="/more">Read more</a></p></div>
            <div class="cookie-banner"><p>We use cookies.</p></div>
            <p hidden>Hidden.</p><script>var x = "code";</script></body></html>"#;
        // A pledge outside <main> is compared; what is set aside is listed with its reason.
        assert_eq!(
            texts(page),
            [
                "The ministers met in Bucharest.",
                "We will never recognise the illegal annexation of Crimea by Russia."
            ]
        );
        assert_eq!(
            furniture(page),
            [
                ("B9 Statement".into(), "document title or date (metadata)"),
                ("Home".into(), "outside the main content"),
                ("Read more".into(), "outside the main content"),
                ("Home".into(), "page navigation, banner or hidden text"),
                (
                    "We use cookies.".into(),
                    "page navigation, banner or hidden text"
                ),
                ("Hidden.".into(), "page navigation, banner or hidden text"),
            ]
        );
        assert_eq!(
            extract_page(page).unwrap().title.as_deref(),
            Some("B9 Statement")
        );
    }

    #[test]
    fn class_and_id_rules_match_whole_tokens_issue_11() {
        let page = r#"<main><section class="shared-values"><p>Shared values.</p></section>
            <section id="social-policy"><p>Social policy.</p></section>
            <div class="social-share-buttons">Share</div><div class="Breadcrumbs">Home</div>
            <div id="cookie_banner">Cookies</div><div class="x share">Tweet</div></main>"#;
        assert_eq!(texts(page), ["Shared values.", "Social policy."]);
        assert_eq!(furniture(page).len(), 4);
        assert!(furniture_words("share-buttons") && furniture_words("menu"));
        assert!(!furniture_words("shared-values") && !furniture_words("socialist"));
        assert!(!furniture_words("social-policy") && !furniture_words("menu-of-options"));
    }

    #[test]
    fn site_header_gives_only_its_title_and_only_without_main() {
        let page = "<header><h1>Joint statement</h1><p>Official site of the B9</p></header><div><p>The ministers met today in Bucharest to discuss security.</p></div>";
        assert_eq!(
            texts(page),
            [
                "Joint statement",
                "The ministers met today in Bucharest to discuss security."
            ]
        );
        let page =
            "<header><h1>B9 portal</h1></header><main><h1>Joint statement</h1><p>Text.</p></main>";
        assert_eq!(texts(page), ["Joint statement", "Text."]);
    }

    #[test]
    fn densest_block_without_main() {
        let page = "<div id=menu-wrap><a href=/>Home</a> <a href=/x>News</a></div><div><div><p>First paragraph of the statement text.</p><p>Second paragraph of the statement text.</p></div></div><div><a href=/y>Link farm</a></div>";
        assert_eq!(
            texts(page),
            [
                "First paragraph of the statement text.",
                "Second paragraph of the statement text."
            ]
        );
    }

    /// (table row?, text) of every block.
    fn rows(html: &str) -> Vec<(bool, String)> {
        extract(html)
            .unwrap_or_default()
            .into_iter()
            .map(|b| (b.table_row, b.text))
            .collect()
    }

    fn owned(want: &[(bool, &str)]) -> Vec<(bool, String)> {
        want.iter().map(|(r, t)| (*r, t.to_string())).collect()
    }

    #[test]
    fn each_table_row_is_one_block_issue_11() {
        let page = "<main><p>Before.</p><table><caption>Pledges by country</caption>
            <thead><tr><th>Country</th><th>Pledge</th><th>Year</th></tr></thead>
            <tbody><tr><td><p>Poland</p><p>and Estonia</p></td><td><b>4%</b>  of GDP</td><td></td></tr>
            <tr><td>Latvia</td><td></td><td>2026</td></tr><tr><td> </td><td></td></tr></tbody>
            <tfoot><tr><td colspan=3>Total</td></tr></tfoot></table><p>After.</p></main>";
        assert_eq!(
            rows(page),
            owned(&[
                (false, "Before."),
                (false, "Pledges by country"),
                (true, "Country | Pledge | Year"),
                (true, "Poland and Estonia | 4% of GDP |"),
                (true, "Latvia | | 2026"),
                (true, "Total"),
                (false, "After."),
            ])
        );
    }

    #[test]
    fn table_end_tags_may_be_left_out() {
        let page = "<main><table><tr><th>A<th>B<tr><td>1<td>2</table><p>Next.</main>";
        assert_eq!(
            rows(page),
            owned(&[(true, "A | B"), (true, "1 | 2"), (false, "Next.")])
        );
    }

    #[test]
    fn nested_table_rows_follow_the_row_holding_them() {
        let page = "<main><table><tr><td>a</td><td>b<table><caption>Inner</caption><tr><td>n1</td><td>n2</td></tr></table>c</td></tr>
            <tr><td>d</td><td>e</td></tr></table></main>";
        assert_eq!(
            rows(page),
            owned(&[
                (true, "a | b c"),
                (false, "Inner"),
                (true, "n1 | n2"),
                (true, "d | e")
            ])
        );
    }

    #[test]
    fn hidden_cells_are_furniture_and_keep_their_column() {
        let page =
            "<main><table><tr><td>Seen</td><td hidden>Unseen</td><td>Too</td></tr></table></main>";
        assert_eq!(rows(page), owned(&[(true, "Seen | | Too")]));
        assert_eq!(
            furniture(page),
            [("Unseen".into(), "page navigation, banner or hidden text")]
        );
        // A table inside navigation stays furniture, cell by cell.
        let page = "<nav><table><tr><td>Home</td><td>About</td></tr></table></nav><main><p>Text of the statement.</p></main>";
        assert_eq!(rows(page), owned(&[(false, "Text of the statement.")]));
        assert_eq!(furniture(page).len(), 2);
    }

    #[test]
    fn malformed_markup_still_gives_text() {
        let got = texts(
            "<p>One<p>Two <i>three<div>Four</i></div><li>stray</li></b></p></p>Five<br><br>Six",
        );
        assert_eq!(got, ["One", "Two three", "Four", "stray", "Five", "Six"]);
    }

    #[test]
    fn deep_nesting_is_refused_quickly_and_allowed_to_the_limit() {
        let deep =
            |n: usize, close: &str| format!("{}<p>deep</p>{}", "<div>".repeat(n), close.repeat(n));
        let start = std::time::Instant::now();
        assert!(extract(&deep(100_000, "</div>")).is_none());
        assert!(extract(&deep(100_000, "</span>")).is_none());
        assert!(extract(&"<b>".repeat(100_000)).is_none());
        assert_eq!(texts(&deep(MAX_DEPTH - 10, "</div>")), ["deep"]);
        // Stray end tags cost nothing: each is looked up, not searched for.
        let stray = format!("<div><p>x</p>{}</div>", "</span>".repeat(100_000));
        assert_eq!(texts(&stray), ["x"]);
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }

    #[test]
    fn numbering_helpers() {
        assert_eq!(alpha(27), "AA");
        assert_eq!(roman(14), "XIV");
    }
}
