//! Reading inputs: files and standard input become documents, whatever their format.
//!
//! This is the only stage that touches the file system. [`parse`] detects the format from
//! the content (never from the file name): a zip archive holding a Word document is DOCX,
//! `%PDF-` is PDF, a leading HTML tag or doctype is HTML, and anything else is text in
//! UTF-8, UTF-16 with a byte-order mark, or a legacy 8-bit encoding found by `chardetng`.
//! Each format module turns its input into the same [`Document`] model:
//!
//! * [`text`]: decoding, then [`normalise::parse`];
//! * [`docx`]: paragraphs, styles, numbering and tracked changes, then
//!   [`normalise::from_blocks`];
//! * [`html`]: the main content's blocks and `<ol>` numbering, then `from_blocks`;
//! * [`pdf`] (cargo feature `pdf`): lines rebuilt from glyph positions, paragraphs
//!   rejoined, page furniture set aside, then `from_blocks`.
//!
//! Every failure is an [`Error`] that names the file and the problem; no input makes the
//! library panic.

pub mod docx;
pub mod html;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod spelling;
pub mod text;

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Document;
use crate::normalise::{self, NormaliseOptions};

pub use text::{decode, Decoded, TextEncoding};

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Plain text or Markdown.
    Text,
    /// A Word document (Office Open XML).
    Docx,
    /// A web page or HTML fragment.
    Html,
    /// A PDF with a text layer.
    Pdf,
}

impl Format {
    /// Every format, in the order they are listed to users.
    pub const ALL: [Format; 4] = [Format::Text, Format::Docx, Format::Html, Format::Pdf];

    /// The name used in messages and on the command line: `text`, `docx`, `html`, `pdf`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    /// The format with the name `name` (case-insensitive; `txt`, `md` and `htm` too).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "text" | "txt" | "md" | "markdown" => Some(Format::Text),
            "docx" => Some(Format::Docx),
            "html" | "htm" => Some(Format::Html),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which text of a DOCX with tracked changes to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocxView {
    /// The text before the tracked changes: deletions kept, insertions left out.
    Original,
    /// The text with every tracked change accepted (what Word shows with markup hidden).
    #[default]
    Accepted,
}

impl DocxView {
    /// `original` or `accepted`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocxView::Original => "original",
            DocxView::Accepted => "accepted",
        }
    }
}

/// How to read an input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct InputOptions {
    /// Read the input as this format instead of detecting it from the content.
    pub format: Option<Format>,
    /// Which side of a DOCX's tracked changes to read.
    pub docx_view: DocxView,
    /// Compare footnote and endnote text too (DOCX); otherwise it is furniture.
    pub footnotes: bool,
    /// Decode text and HTML with this encoding instead of detecting it.
    pub encoding: Option<TextEncoding>,
    /// Fold British and American spellings in comparison keys (`--ignore-spelling`).
    pub ignore_spelling: bool,
}

/// A parsed input with what was learnt on the way.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Parsed {
    /// The document.
    pub document: Document,
    /// The format it was read as.
    pub format: Format,
    /// For a DOCX, how many tracked changes (insertions, deletions and moves) its body has.
    pub tracked_changes: Option<usize>,
}

/// Turns the bytes of one input into a document: detects the format, decodes, and
/// normalises. `source` names the input in messages and output.
pub fn parse(
    source: &str,
    bytes: &[u8],
    opts: &InputOptions,
    norm: NormaliseOptions,
) -> Result<Document> {
    parse_detailed(source, bytes, opts, norm).map(|p| p.document)
}

/// Like [`parse`], and also says which format the input was read as and, for a DOCX, how
/// many tracked changes it has.
pub fn parse_detailed(
    source: &str,
    bytes: &[u8],
    opts: &InputOptions,
    norm: NormaliseOptions,
) -> Result<Parsed> {
    let path = Path::new(source);
    if bytes.is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    let format = match opts.format {
        Some(f) => {
            check_requested(f, bytes, path)?;
            f
        }
        None => detect(bytes, path)?,
    };
    let mut tracked_changes = None;
    let mut document = match format {
        Format::Text => {
            let decoded = text::decode_as(bytes, path, opts.encoding)?;
            normalise::parse(source, &decoded.text, decoded.encoding, norm)?
        }
        Format::Html => {
            let decoded = text::decode_html(bytes, path, opts.encoding)?;
            html::parse(source, &decoded, norm)?
        }
        Format::Docx => {
            let (doc, changes) = docx::parse(source, bytes, opts, norm)?;
            tracked_changes = Some(changes);
            doc
        }
        Format::Pdf => parse_pdf(source, bytes, norm)?,
    };
    if opts.ignore_spelling {
        for p in &mut document.paragraphs {
            p.key = spelling::fold_spelling(&p.key);
        }
    }
    Ok(Parsed {
        document,
        format,
        tracked_changes,
    })
}

#[cfg(feature = "pdf")]
fn parse_pdf(source: &str, bytes: &[u8], norm: NormaliseOptions) -> Result<Document> {
    pdf::parse(source, bytes, norm)
}

#[cfg(not(feature = "pdf"))]
fn parse_pdf(source: &str, _bytes: &[u8], _norm: NormaliseOptions) -> Result<Document> {
    Err(Error::Unsupported {
        path: Path::new(source).to_path_buf(),
        what: "this is a PDF, and this build of redliner has no PDF support (cargo feature `pdf`)"
            .into(),
    })
}

/// The number of tracked changes in a DOCX body (insertions, deletions and moves, each
/// counted once however many runs it spans).
pub fn docx_tracked_changes(source: &str, bytes: &[u8]) -> Result<usize> {
    docx::tracked_changes(source, bytes)
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
const OLE2_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Detects the format from the content alone.
pub fn detect(bytes: &[u8], path: &Path) -> Result<Format> {
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
        return Ok(Format::Docx);
    }
    if is_pdf(bytes) {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(OLE2_MAGIC) {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            what: "a Word 97-2003 document (.doc) or a password-protected Office file; \
                   save it as DOCX without a password"
                .into(),
        });
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            what: "an RTF document; save it as DOCX or plain text".into(),
        });
    }
    if text::sniff_html(bytes) {
        return Ok(Format::Html);
    }
    Ok(Format::Text)
}

/// `%PDF-` in the first kilobyte (readers accept a little junk before it).
fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// A requested format must match the content where the format has a signature.
fn check_requested(format: Format, bytes: &[u8], path: &Path) -> Result<()> {
    let what = match format {
        Format::Docx if !bytes.starts_with(ZIP_MAGIC) && !bytes.starts_with(EMPTY_ZIP_MAGIC) => {
            "it is not a zip archive, as every DOCX is"
        }
        Format::Pdf if !is_pdf(bytes) => "it has no %PDF- signature",
        _ => return Ok(()),
    };
    Err(Error::WrongFormat {
        path: path.to_path_buf(),
        format: match format {
            Format::Docx => "DOCX",
            _ => "PDF",
        },
        what: what.into(),
    })
}

/// The default cap on input size: 256 MiB.
pub const DEFAULT_MAX_SIZE: u64 = 256 * 1024 * 1024;

/// Reads the whole of `path`, or standard input when `path` is `-`, refusing more than
/// `max_size` bytes.
pub fn read_bytes(path: &Path, max_size: u64) -> Result<Vec<u8>> {
    let io_err = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(max_size.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(io_err)?;
    } else {
        let meta = std::fs::metadata(path).map_err(io_err)?;
        if meta.is_dir() {
            return Err(io_err(std::io::Error::other("is a directory")));
        }
        if meta.len() > max_size {
            return Err(too_large(path, meta.len(), max_size));
        }
        // Room for the whole file and the byte that tells it grew: no doubling of the
        // buffer (a 10 MB file would otherwise take 16 MB).
        bytes.reserve_exact(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
        std::fs::File::open(path)
            .and_then(|f| f.take(max_size.saturating_add(1)).read_to_end(&mut bytes))
            .map_err(io_err)?;
    }
    if bytes.len() as u64 > max_size {
        return Err(too_large(path, bytes.len() as u64, max_size));
    }
    Ok(bytes)
}

/// The most a configuration file may hold: 1 MiB.
pub const MAX_SMALL_TEXT: u64 = 1024 * 1024;

/// Reads a small UTF-8 text file such as a configuration, refusing more than
/// [`MAX_SMALL_TEXT`] bytes, so that `/dev/zero` or a FIFO cannot make it read forever.
pub fn read_small_text(path: &Path) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_SMALL_TEXT + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_SMALL_TEXT {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than {MAX_SMALL_TEXT} bytes, too large for a configuration file"),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not valid UTF-8"))
}

fn too_large(path: &Path, size: u64, limit: u64) -> Error {
    Error::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("x")
    }

    #[test]
    fn detects_by_content_not_name() {
        assert_eq!(detect(b"PK\x03\x04rest", p()).unwrap(), Format::Docx);
        assert_eq!(detect(b"\n%PDF-1.7\n", p()).unwrap(), Format::Pdf);
        assert_eq!(
            detect(b"  <!DOCTYPE html><p>x", Path::new("a.txt")).unwrap(),
            Format::Html
        );
        assert_eq!(
            detect(b"1. We meet <b>here</b>.", Path::new("a.html")).unwrap(),
            Format::Text
        );
        let e = detect(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....", p()).unwrap_err();
        assert!(e.to_string().contains("Word 97-2003"), "{e}");
        let e = detect(b"{\\rtf1\\ansi", p()).unwrap_err();
        assert!(e.to_string().contains("RTF"), "{e}");
    }

    #[test]
    fn requested_format_must_fit() {
        let opts = InputOptions {
            format: Some(Format::Pdf),
            ..InputOptions::default()
        };
        let e = parse("x.pdf", b"hello", &opts, NormaliseOptions::default()).unwrap_err();
        assert!(e.to_string().contains("no %PDF- signature"), "{e}");
        let opts = InputOptions {
            format: Some(Format::Text),
            ..InputOptions::default()
        };
        let d = parse(
            "x.html",
            b"<p>Kept as text.</p>",
            &opts,
            NormaliseOptions::default(),
        )
        .unwrap();
        assert_eq!(d.paragraphs[0].text, "<p>Kept as text.</p>");
    }

    #[test]
    fn format_names() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.as_str()), Some(f));
        }
        assert_eq!(Format::from_name("TXT"), Some(Format::Text));
        assert_eq!(Format::from_name("odt"), None);
    }
}
