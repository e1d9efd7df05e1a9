//! The DOCX redline: NEW's paragraphs with every change as a Word tracked change, and a
//! comment on each commitment change.
//!
//! Accepting every change in Word gives NEW's text, rejecting every change gives OLD's
//! (up to furniture, and to noise that redliner folds away, such as quote style); the
//! layout is explained in [`layout`]. Reworded paragraphs carry the phrase diff as
//! `w:ins`/`w:del` runs, added and removed paragraphs are inserted or deleted whole (the
//! paragraph mark too), moved paragraphs and moved sentences are `w:moveFrom`/`w:moveTo`
//! pairs in named ranges, and splits and merges are paragraph marks inserted or deleted.
//! Labels are written as text before their paragraphs, and renumbering is tracked like
//! any other change, so that rejecting gives OLD's numbers.
//!
//! The output is deterministic: every change carries the author `redliner` and one date
//! ([`DocxOptions::date`], by default [`DEFAULT_DOCX_DATE`]), ids are counted in document
//! order, and the zip entries have a fixed order and the zip format's earliest time
//! stamp. The package has no external relationships and embeds nothing.
//!
//! When NEW is a DOCX, [`DocxOptions::template`] (from
//! [`crate::input::docx::template`]) carries its styles part and the properties of its
//! paragraphs into the redline; see README for what is kept.

mod date;
mod layout;
mod notes;
mod pieces;
mod xml;

use std::io::{self, Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

pub use date::{DocxDate, DocxDateError, DEFAULT_DOCX_DATE};

use crate::input::docx::Template;
use crate::model::Comparison;

/// How the redline is written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocxOptions {
    /// The date of every tracked change and comment.
    pub date: DocxDate,
    /// NEW's formatting, when NEW is a DOCX: its styles and paragraph properties.
    pub template: Option<Template>,
}

/// The parts of the package, in the order they are written.
pub const PARTS: [&str; 8] = [
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/settings.xml",
    "word/comments.xml",
];

/// Writes the comparison as a DOCX package with tracked changes and comments.
pub fn docx(cmp: &Comparison, opts: &DocxOptions, w: &mut impl Write) -> io::Result<()> {
    let notes = notes::notes(cmp);
    let anchors: Vec<layout::Anchor> = notes.iter().map(|n| n.anchor.clone()).collect();
    let laid = layout::layout(cmp, &anchors);
    let styles = xml::StyleIds::new(opts.template.as_ref());
    let date = opts.date.as_str();
    let parts: [String; 8] = [
        xml::content_types(),
        xml::package_rels(),
        xml::core(cmp, date),
        xml::document(cmp, &laid, &notes, opts, &styles),
        xml::document_rels(),
        xml::styles(opts.template.as_ref(), &styles),
        xml::settings(),
        xml::comments(&notes, date, &styles),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let file = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (name, body) in PARTS.iter().zip(&parts) {
        zip.start_file(*name, file).map_err(io::Error::other)?;
        zip.write_all(body.as_bytes())?;
    }
    let bytes = zip.finish().map_err(io::Error::other)?.into_inner();
    w.write_all(&bytes)
}
