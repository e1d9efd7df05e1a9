//! The XML parts of the package, written by hand into strings.
//!
//! A hand-written writer rather than quick-xml's: the parts are a handful of fixed
//! elements around document text, and what matters is that every piece of text goes
//! through one function, [`escape`], which escapes markup characters and replaces the
//! characters XML 1.0 forbids with visible stand-ins. quick-xml's writer would escape
//! the markup but pass a forbidden character (a stray U+0001 from a PDF) through and
//! produce a part that Word refuses.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::layout::{Item, Layout, Para, Rev, Source};
use super::notes::Note;
use super::DocxOptions;
use crate::input::docx::{is_xml_char, Template, W_NS};
use crate::model::{Comparison, Document, Paragraph, ParagraphKind};

/// The author of every change and comment.
pub(super) const AUTHOR: &str = "redliner";

const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub(super) const DECLARATION: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Text escaped for XML character data and double-quoted attributes. Characters XML
/// 1.0 forbids become visible: C0 controls their control pictures (`␁`), U+FFFE and
/// U+FFFF the replacement character; a tab or line break in an attribute is a
/// character reference.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' | '\r' => out.push_str(if c == '\n' { "&#10;" } else { "&#13;" }),
            c if is_xml_char(c) => out.push(c),
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'))
            }
            _ => out.push('\u{fffd}'),
        }
    }
    out
}

/// The style ids the document uses, NEW's where it has them.
pub(super) struct StyleIds {
    pub(super) heading: [String; 3],
    pub(super) comment_text: String,
    pub(super) comment_reference: String,
    /// Definitions of the styles NEW's styles part lacks, to add to it.
    missing: Vec<String>,
}

/// The styles redliner defines: (name, default id, definition with `{id}` for the id).
const STYLES: [(&str, &str, &str); 5] = [
    (
        "heading 1",
        "Heading1",
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>"#,
    ),
    (
        "heading 2",
        "Heading2",
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>"#,
    ),
    (
        "heading 3",
        "Heading3",
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="60"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>"#,
    ),
    (
        "annotation text",
        "CommentText",
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="60"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>"#,
    ),
    (
        "annotation reference",
        "CommentReference",
        r#"<w:style w:type="character" w:styleId="{id}"><w:name w:val="annotation reference"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>"#,
    ),
];

impl StyleIds {
    /// The ids for a document written over `template` (or on redliner's own styles).
    pub(super) fn new(template: Option<&Template>) -> StyleIds {
        let mut ids: Vec<String> = Vec::new();
        let mut missing = Vec::new();
        for (name, default_id, definition) in STYLES {
            let id = match template {
                None => default_id.to_owned(),
                Some(t) => match t.style_id(name) {
                    Some(id) => id.to_owned(),
                    None => {
                        let mut id = default_id.to_owned();
                        while t.has_style_id(&id) {
                            id.insert_str(0, "Redliner");
                        }
                        missing.push(definition.replace("{id}", &escape(&id)));
                        id
                    }
                },
            };
            ids.push(id);
        }
        let mut it = ids.into_iter();
        let mut next = || it.next().unwrap_or_default();
        StyleIds {
            heading: [next(), next(), next()],
            comment_text: next(),
            comment_reference: next(),
            missing,
        }
    }
}

/// `word/styles.xml`: NEW's (with the styles it lacks added) or redliner's own.
pub(super) fn styles(template: Option<&Template>, ids: &StyleIds) -> String {
    if let Some(own) = template.and_then(|t| t.styles.as_deref()) {
        if let Some(cut) = own.rfind("</w:styles>") {
            return format!(
                "{DECLARATION}{}{}</w:styles>",
                &own[..cut],
                ids.missing.concat()
            );
        }
    }
    let mut out = format!(
        "{DECLARATION}<w:styles xmlns:w=\"{W_NS}\"><w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/>\
         <w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr>\
         </w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
         <w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"
    );
    for (_, id, definition) in STYLES {
        out.push_str(&definition.replace("{id}", id));
    }
    out.push_str("</w:styles>");
    out
}

/// Allocates the `w:id`s of revisions and ranges: one sequence for the whole document,
/// after the comment ids, so that every id is unique.
struct Ids {
    next: usize,
    ranges: HashMap<(bool, usize), usize>,
}

impl Ids {
    fn take(&mut self) -> usize {
        self.next += 1;
        self.next - 1
    }
}

/// The attributes of a revision: id, author, date.
fn rev_attrs(ids: &mut Ids, date: &str) -> String {
    format!(
        " w:id=\"{}\" w:author=\"{AUTHOR}\" w:date=\"{}\"",
        ids.take(),
        escape(date)
    )
}

/// The element that wraps runs of a revision.
fn wrapper(rev: Rev) -> Option<&'static str> {
    match rev {
        Rev::Plain => None,
        Rev::Ins => Some("w:ins"),
        Rev::Del => Some("w:del"),
        Rev::MoveFrom => Some("w:moveFrom"),
        Rev::MoveTo => Some("w:moveTo"),
    }
}

/// A run of text: `w:t` pieces (or `w:delText` in a deletion), tabs as `w:tab`.
fn run(out: &mut String, rev: Rev, text: &str) {
    let tag = if rev == Rev::Del { "w:delText" } else { "w:t" };
    out.push_str("<w:r>");
    for (i, piece) in text.split('\t').enumerate() {
        if i > 0 {
            out.push_str("<w:tab/>");
        }
        if !piece.is_empty() {
            let _ = write!(
                out,
                "<{tag} xml:space=\"preserve\">{}</{tag}>",
                escape(piece)
            );
        }
    }
    out.push_str("</w:r>");
}

/// Whose properties a paragraph takes, and what they are.
struct Props<'a> {
    cmp: &'a Comparison,
    template: Option<&'a Template>,
    styles: &'a StyleIds,
    /// Template lines already given to a paragraph (a line is used once).
    used: HashSet<usize>,
}

impl Props<'_> {
    fn of(&mut self, source: Source) -> String {
        let (doc, id, new) = match source {
            Source::New(id) => (&self.cmp.new, id, true),
            Source::Old(id) => (&self.cmp.old, id, false),
            Source::None => return String::new(),
        };
        let Some(p) = id.checked_sub(1).and_then(|i| doc.paragraphs.get(i)) else {
            return String::new();
        };
        // A table row is written as a plain paragraph (its cells separated by ` | `): the
        // properties of its first cell's paragraph would be a table's, out of place here.
        if new && p.kind != ParagraphKind::TableRow {
            if let Some(kept) = self.template.and_then(|t| {
                let line = p.line.checked_sub(1)?;
                let kept = t.paragraphs.get(line)?;
                self.used.insert(line).then_some(kept)
            }) {
                return kept.clone();
            }
        }
        match p.kind {
            ParagraphKind::Heading => {
                let level = heading_level(doc, p);
                format!(
                    "<w:pStyle w:val=\"{}\"/>",
                    escape(&self.styles.heading[level - 1])
                )
            }
            ParagraphKind::Body | ParagraphKind::TableRow => String::new(),
        }
    }
}

/// Heading levels are not kept by redliner's model: the document's first paragraph is
/// level 1 when it is a heading, other headings level 2, and one level deeper for a
/// section number with a dot (`7.1`), at most 3.
fn heading_level(doc: &Document, p: &Paragraph) -> usize {
    if p.id == 1 && doc.paragraphs.len() > 1 {
        return 1;
    }
    let dotted = p.label.as_deref().filter(|l| {
        l.split('.')
            .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
    });
    (2 + dotted.map_or(0, |l| l.matches('.').count())).min(3)
}

/// `word/document.xml`.
pub(super) fn document(
    cmp: &Comparison,
    layout: &Layout,
    notes: &[Note],
    opts: &DocxOptions,
    styles: &StyleIds,
) -> String {
    let date = opts.date.as_str();
    let mut ids = Ids {
        next: notes.len(),
        ranges: HashMap::new(),
    };
    let mut props = Props {
        cmp,
        template: opts.template.as_ref(),
        styles,
        used: HashSet::new(),
    };
    let mut out = String::with_capacity(1024 + 2 * cmp.new.paragraphs.len() * 200);
    out.push_str(DECLARATION);
    let _ = write!(
        out,
        "<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>"
    );
    for p in &layout.paras {
        paragraph(&mut out, p, &props.of(p.source), &mut ids, date, styles);
    }
    let section = opts
        .template
        .as_ref()
        .and_then(|t| t.section.as_deref())
        .filter(|s| !s.is_empty())
        .unwrap_or(
            "<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" \
             w:bottom=\"1440\" w:left=\"1440\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>",
        );
    let _ = write!(out, "<w:sectPr>{section}</w:sectPr></w:body></w:document>");
    out
}

fn paragraph(out: &mut String, p: &Para, props: &str, ids: &mut Ids, date: &str, s: &StyleIds) {
    // Move ranges that open the paragraph stand before it, in the body: a range that
    // starts a moved block then holds its first paragraph mark, and one that ends it
    // holds the last.
    let lead = p
        .items
        .iter()
        .take_while(|i| matches!(i, Item::MoveStart { .. } | Item::MoveEnd { .. }))
        .count();
    for item in &p.items[..lead] {
        marker(out, item, ids, date, s);
    }
    out.push_str("<w:p>");
    let mark = wrapper(p.mark);
    if !props.is_empty() || mark.is_some() {
        out.push_str("<w:pPr>");
        out.push_str(props);
        if let Some(tag) = mark {
            let _ = write!(out, "<w:rPr><{tag}{}/></w:rPr>", rev_attrs(ids, date));
        }
        out.push_str("</w:pPr>");
    }
    let mut i = lead;
    while i < p.items.len() {
        match &p.items[i] {
            Item::Text(rev, _) => {
                // Consecutive runs of one revision share one wrapper.
                let rev = *rev;
                let wrap = wrapper(rev);
                if let Some(tag) = wrap {
                    let _ = write!(out, "<{tag}{}>", rev_attrs(ids, date));
                }
                while let Some(Item::Text(r, text)) = p.items.get(i) {
                    if *r != rev {
                        break;
                    }
                    if !text.is_empty() {
                        run(out, rev, text);
                    }
                    i += 1;
                }
                if let Some(tag) = wrap {
                    let _ = write!(out, "</{tag}>");
                }
                continue;
            }
            marker_item => marker(out, marker_item, ids, date, s),
        }
        i += 1;
    }
    out.push_str("</w:p>");
}

/// A comment or move range marker.
fn marker(out: &mut String, item: &Item, ids: &mut Ids, date: &str, s: &StyleIds) {
    match item {
        Item::Text(..) => {}
        Item::CommentStart(c) => {
            let _ = write!(out, "<w:commentRangeStart w:id=\"{c}\"/>");
        }
        Item::CommentEnd(c) => {
            let _ = write!(
                out,
                "<w:commentRangeEnd w:id=\"{c}\"/><w:r><w:rPr><w:rStyle w:val=\"{}\"/></w:rPr><w:commentReference w:id=\"{c}\"/></w:r>",
                escape(&s.comment_reference)
            );
        }
        Item::MoveStart { from, name } => {
            let id = ids.take();
            ids.ranges.insert((*from, *name), id);
            let tag = if *from { "moveFrom" } else { "moveTo" };
            let _ = write!(
                out,
                "<w:{tag}RangeStart w:id=\"{id}\" w:author=\"{AUTHOR}\" w:date=\"{}\" w:name=\"move{name}\"/>",
                escape(date)
            );
        }
        Item::MoveEnd { from, name } => {
            if let Some(id) = ids.ranges.get(&(*from, *name)) {
                let tag = if *from { "moveFrom" } else { "moveTo" };
                let _ = write!(out, "<w:{tag}RangeEnd w:id=\"{id}\"/>");
            }
        }
    }
}

/// `word/comments.xml`: one comment per note, each line a paragraph.
pub(super) fn comments(notes: &[Note], date: &str, s: &StyleIds) -> String {
    let mut out = format!("{DECLARATION}<w:comments xmlns:w=\"{W_NS}\">");
    for (id, note) in notes.iter().enumerate() {
        let _ = write!(
            out,
            "<w:comment w:id=\"{id}\" w:author=\"{AUTHOR}\" w:date=\"{}\" w:initials=\"RL\">",
            escape(date)
        );
        for (i, line) in note.lines.iter().enumerate() {
            let _ = write!(
                out,
                "<w:p><w:pPr><w:pStyle w:val=\"{}\"/></w:pPr>",
                escape(&s.comment_text)
            );
            if i == 0 {
                let _ = write!(
                    out,
                    "<w:r><w:rPr><w:rStyle w:val=\"{}\"/></w:rPr><w:annotationRef/></w:r>",
                    escape(&s.comment_reference)
                );
            }
            run(&mut out, Rev::Plain, line);
            out.push_str("</w:p>");
        }
        out.push_str("</w:comment>");
    }
    out.push_str("</w:comments>");
    out
}

/// `word/settings.xml`.
pub(super) fn settings() -> String {
    format!(
        "{DECLARATION}<w:settings xmlns:w=\"{W_NS}\"><w:defaultTabStop w:val=\"720\"/>\
         <w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat><w:compatSetting \
         w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" \
         w:val=\"15\"/></w:compat></w:settings>"
    )
}

/// `docProps/core.xml`: title, author and dates.
pub(super) fn core(cmp: &Comparison, date: &str) -> String {
    let title = cmp
        .new
        .title
        .as_deref()
        .map(|t| format!("<dc:title>Redline: {}</dc:title>", escape(t)))
        .unwrap_or_default();
    format!(
        "{DECLARATION}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">{title}<dc:creator>{AUTHOR}</dc:creator>\
         <cp:lastModifiedBy>{AUTHOR}</cp:lastModifiedBy>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{d}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{d}</dcterms:modified></cp:coreProperties>",
        d = escape(date)
    )
}

const CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// `[Content_Types].xml`.
pub(super) fn content_types() -> String {
    format!(
        "{DECLARATION}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/word/document.xml\" ContentType=\"{CT}.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"{CT}.styles+xml\"/>\
         <Override PartName=\"/word/settings.xml\" ContentType=\"{CT}.settings+xml\"/>\
         <Override PartName=\"/word/comments.xml\" ContentType=\"{CT}.comments+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         </Types>"
    )
}

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// `_rels/.rels`.
pub(super) fn package_rels() -> String {
    format!(
        "{DECLARATION}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         </Relationships>"
    )
}

/// `word/_rels/document.xml.rels`.
pub(super) fn document_rels() -> String {
    format!(
        "{DECLARATION}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{REL}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"{REL}/settings\" Target=\"settings.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{REL}/comments\" Target=\"comments.xml\"/>\
         </Relationships>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_is_complete() {
        assert_eq!(
            escape("a<b>&\"c\" \u{1}\u{1b}\u{fffe}\t"),
            "a&lt;b&gt;&amp;&quot;c&quot; \u{2401}\u{241b}\u{fffd}&#9;"
        );
        assert_eq!(escape("plain €"), "plain €");
    }

    #[test]
    fn runs_split_tabs_and_use_del_text_in_deletions() {
        let mut out = String::new();
        run(&mut out, Rev::Del, "a\tb");
        assert_eq!(
            out,
            "<w:r><w:delText xml:space=\"preserve\">a</w:delText><w:tab/><w:delText xml:space=\"preserve\">b</w:delText></w:r>"
        );
        let mut out = String::new();
        run(&mut out, Rev::MoveFrom, "x");
        assert_eq!(out, "<w:r><w:t xml:space=\"preserve\">x</w:t></w:r>");
    }
}
