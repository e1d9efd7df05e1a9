//! What a DOCX redline keeps of the NEW document when that is a DOCX itself: its styles
//! part, the properties of each body paragraph and the page setup, as WordprocessingML
//! fragments that are safe to write into another package.
//!
//! Nothing is copied byte for byte. Every element is rebuilt from what quick-xml parsed:
//! names are checked, attribute values are unescaped and escaped again, characters that
//! XML 1.0 forbids are dropped, and comments, processing instructions and DOCTYPEs are
//! left out. So whatever the source holds, the fragments are well-formed, and they refer
//! to no other part: numbering (`w:numPr`; labels are written as text), the paragraph
//! mark's run properties (which carry the source's own tracked changes), section breaks
//! inside paragraphs and change records are dropped.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use quick_xml::XmlVersion;

/// The WordprocessingML main namespace (transitional), which `w:` must name.
pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// NEW's formatting, for a redline written over it (see `redliner::render::docx`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Template {
    /// `word/styles.xml`, rebuilt, with numbering links (`w:numPr`) removed from the
    /// styles; `None` when the part is absent, unreadable or not a `w:styles` part.
    pub styles: Option<String>,
    /// (lower-case name, style id) of every style in `styles`.
    pub style_names: Vec<(String, String)>,
    /// The content of each paragraph's `w:pPr` (possibly empty), in the order the reader
    /// numbers paragraphs: a body paragraph's entry is `paragraphs[line - 1]`, where
    /// `line` is the [`Paragraph::line`](crate::Paragraph) the reader gave it.
    pub paragraphs: Vec<String>,
    /// The page setup of the body's last section (`w:pgSz`, `w:pgMar`, `w:cols`,
    /// `w:docGrid`), as the content of a `w:sectPr`.
    pub section: Option<String>,
}

impl Template {
    /// The id of the style named `name` (case-insensitive), if NEW's styles have one.
    pub fn style_id(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.style_names
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, id)| id.as_str())
    }

    /// True when NEW's styles define a style with this id.
    pub fn has_style_id(&self, id: &str) -> bool {
        self.style_names.iter().any(|(_, i)| i == id)
    }
}

/// Which elements a [`Copier`] leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    /// Paragraph properties: all but numbering, mark run properties, section breaks and
    /// change records; only `w:` elements and attributes (the fragment is written into a
    /// document that declares no other prefix).
    ParagraphProperties,
    /// Section properties: page size, margins, columns and grid only.
    Section,
    /// A whole styles part: all but numbering links.
    Styles,
}

impl Keep {
    fn keeps(self, local: &str, depth: usize) -> bool {
        match self {
            Keep::ParagraphProperties => !matches!(
                local,
                "numPr" | "rPr" | "sectPr" | "pPrChange" | "numberingChange"
            ),
            Keep::Section => depth > 1 || matches!(local, "pgSz" | "pgMar" | "cols" | "docGrid"),
            Keep::Styles => !matches!(local, "numPr" | "numberingChange"),
        }
    }

    /// Fragments may use only the `w:` prefix (and `xml:`), and declare nothing.
    fn w_only(self) -> bool {
        self != Keep::Styles
    }
}

/// Rebuilds the content of one element (or a whole part) from parser events.
pub(super) struct Copier {
    keep: Keep,
    out: String,
    /// Names of the open elements being copied.
    open: Vec<String>,
    /// Depth inside an element being left out (0 when copying).
    dropping: usize,
}

impl Copier {
    pub(super) fn new(keep: Keep) -> Copier {
        Copier {
            keep,
            out: String::new(),
            open: Vec::new(),
            dropping: 0,
        }
    }

    /// The copied XML.
    pub(super) fn finish(self) -> String {
        let mut out = self.out;
        for name in self.open.iter().rev() {
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
        out
    }

    pub(super) fn event(&mut self, ev: &Event<'_>) {
        match ev {
            Event::Start(e) => self.start(e, false),
            Event::Empty(e) => self.start(e, true),
            Event::End(_) => self.end(),
            Event::Text(t) if self.dropping == 0 && !self.open.is_empty() => {
                escape_into(&mut self.out, &t.xml10_content(), false);
            }
            Event::CData(t) if self.dropping == 0 && !self.open.is_empty() => {
                escape_into(&mut self.out, t, false);
            }
            Event::GeneralRef(r) if self.dropping == 0 && !self.open.is_empty() => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => super::predefined_entity(r),
                };
                if let Some(c) = c {
                    escape_into(&mut self.out, c.encode_utf8(&mut [0; 4]), false);
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        if self.dropping > 0 {
            self.dropping += usize::from(!empty);
            return;
        }
        let Some(tag) = self.tag(e) else {
            self.dropping = usize::from(!empty);
            return;
        };
        self.out.push_str(&tag.0);
        if empty {
            self.out.push_str("/>");
        } else {
            self.out.push('>');
            self.open.push(tag.1);
        }
    }

    /// `<name attr="value"` for an element that is kept, and its name.
    fn tag(&self, e: &BytesStart<'_>) -> Option<(String, String)> {
        let name = e.name().into_inner();
        let (prefix, local) = name.split_once(':').unwrap_or(("", name));
        if !is_name(name) || !self.keep.keeps(local, self.open.len() + 1) {
            return None;
        }
        if self.keep.w_only() && prefix != "w" {
            return None;
        }
        let mut tag = format!("<{name}");
        for a in e.attributes() {
            let a = a.ok()?;
            let key = a.key.into_inner();
            if !is_name(key) {
                return None;
            }
            let key_prefix = key.split_once(':').map_or("", |(p, _)| p);
            if self.keep.w_only() && !matches!(key_prefix, "w" | "xml") {
                continue;
            }
            let value = a.normalized_value(XmlVersion::Implicit1_0).ok()?;
            tag.push(' ');
            tag.push_str(key);
            tag.push_str("=\"");
            escape_into(&mut tag, &value, true);
            tag.push('"');
        }
        Some((tag, name.to_owned()))
    }

    fn end(&mut self) {
        if self.dropping > 0 {
            self.dropping -= 1;
            return;
        }
        if let Some(name) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(&name);
            self.out.push('>');
        }
    }
}

/// An XML name as WordprocessingML uses them: letters, digits, `_`, `-`, `.`, one `:`.
fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_');
    first_ok
        && s.matches(':').count() <= 1
        && !s.ends_with(':')
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
}

/// True for a character XML 1.0 allows in a document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Appends `text` escaped for XML character data or, with `attr`, for a double-quoted
/// attribute value (where tabs and line breaks are written as references, so that
/// attribute normalisation keeps them). Characters XML 1.0 forbids are left out: this
/// copies formatting, never document text.
fn escape_into(out: &mut String, text: &str, attr: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' if attr => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Rebuilds a styles part; `None` unless it is well-formed with a `w:styles` root that
/// binds `w` to the WordprocessingML namespace.
pub(super) fn styles(xml: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut copier = Copier::new(Keep::Styles);
    let mut root_seen = false;
    loop {
        let ev = reader.read_event().ok()?;
        match &ev {
            Event::Eof => break,
            Event::Start(e) if !root_seen => {
                root_seen = true;
                let binds_w = e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.into_inner() == "xmlns:w" && &*a.value == W_NS);
                if e.name().into_inner() != "w:styles" || !binds_w {
                    return None;
                }
            }
            Event::Empty(_) if !root_seen => return None,
            _ => {}
        }
        copier.event(&ev);
    }
    let out = copier.finish();
    out.ends_with("</w:styles>").then_some(out)
}

/// Collects the paragraph properties and the final page setup while the reader walks a
/// document part.
#[derive(Default)]
pub(super) struct Capture {
    depth: usize,
    /// The `w:pPr` being copied: its depth and the copier.
    ppr: Option<(usize, Copier)>,
    /// The body-level `w:sectPr` being copied.
    sect: Option<(usize, Copier)>,
    /// The last body-level section's page setup.
    pub(super) section: Option<String>,
}

impl Capture {
    /// Sees one event; returns a paragraph's properties when its `w:pPr` closes.
    /// `may_start` is false inside content the reader skips (`mc:Fallback` copies), where
    /// no properties are taken.
    pub(super) fn event(&mut self, ev: &Event<'_>, may_start: bool) -> Option<String> {
        match ev {
            Event::Start(e) => {
                self.depth += 1;
                if let Some((_, c)) = self.ppr.as_mut().or(self.sect.as_mut()) {
                    c.event(ev);
                } else if may_start && super::local(e) == "pPr" {
                    self.ppr = Some((self.depth, Copier::new(Keep::ParagraphProperties)));
                } else if may_start && super::local(e) == "sectPr" && self.depth == 3 {
                    self.sect = Some((self.depth, Copier::new(Keep::Section)));
                }
                None
            }
            Event::End(_) => {
                let depth = self.depth;
                self.depth = self.depth.saturating_sub(1);
                if self.ppr.as_ref().is_some_and(|(d, _)| *d == depth) {
                    return self.ppr.take().map(|(_, c)| c.finish());
                }
                if self.sect.as_ref().is_some_and(|(d, _)| *d == depth) {
                    self.section = self.sect.take().map(|(_, c)| c.finish());
                    return None;
                }
                if let Some((_, c)) = self.ppr.as_mut().or(self.sect.as_mut()) {
                    c.event(ev);
                }
                None
            }
            Event::Empty(e) => {
                if let Some((_, c)) = self.ppr.as_mut().or(self.sect.as_mut()) {
                    c.event(ev);
                } else if may_start && super::local(e) == "pPr" {
                    return Some(String::new());
                }
                None
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(xml: &str, keep: Keep) -> String {
        let mut reader = Reader::from_str(xml);
        let mut c = Copier::new(keep);
        loop {
            match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(ev) => c.event(&ev),
            }
        }
        c.finish()
    }

    #[test]
    fn paragraph_properties_lose_numbering_marks_and_other_prefixes() {
        let xml = r#"<w:pStyle w:val="Heading2"/><w:keepNext/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr><w14:foo w14:x="1"/><w:jc w:val="both" w14:y="2"/><w:rPr><w:ins w:id="1"/></w:rPr><w:pPrChange w:id="2"><w:pPr/></w:pPrChange>"#;
        assert_eq!(
            copy(xml, Keep::ParagraphProperties),
            r#"<w:pStyle w:val="Heading2"/><w:keepNext/><w:jc w:val="both"/>"#
        );
    }

    #[test]
    fn values_are_escaped_again_and_bad_characters_dropped() {
        let xml = "<w:x w:val=\"a &amp; &lt;b&gt; &quot;c&quot; &#1;\"/>";
        assert_eq!(
            copy(xml, Keep::ParagraphProperties),
            "<w:x w:val=\"a &amp; &lt;b&gt; &quot;c&quot; \"/>"
        );
    }

    #[test]
    fn section_keeps_page_setup_only() {
        let xml = r#"<w:headerReference w:type="default" r:id="rId5"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440"/><w:cols w:space="708"><w:col w:w="1"/></w:cols>"#;
        assert_eq!(
            copy(xml, Keep::Section),
            r#"<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440"/><w:cols w:space="708"><w:col w:w="1"/></w:cols>"#
        );
    }

    #[test]
    fn styles_part_is_rebuilt_without_numbering() {
        let xml = format!(
            r#"<?xml version="1.0"?><!-- c --><w:styles xmlns:w="{W_NS}" xmlns:w14="x"><w:style w:type="paragraph" w:styleId="L"><w:name w:val="List &amp; more"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:ind w:left="720"/></w:pPr></w:style></w:styles>"#
        );
        let out = styles(&xml).unwrap();
        assert_eq!(
            out,
            format!(
                r#"<w:styles xmlns:w="{W_NS}" xmlns:w14="x"><w:style w:type="paragraph" w:styleId="L"><w:name w:val="List &amp; more"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style></w:styles>"#
            )
        );
        assert_eq!(styles("<w:styles xmlns:w=\"other\"></w:styles>"), None);
        assert_eq!(styles("<w:styles"), None);
    }
}
