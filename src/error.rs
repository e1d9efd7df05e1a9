//! The library's error type. Library code returns these and never prints.

use std::path::PathBuf;

/// Everything that can go wrong while reading or comparing documents.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path as given.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file has no bytes.
    #[error("{path}: file is empty")]
    Empty {
        /// The path as given.
        path: PathBuf,
    },
    /// The file is larger than the configured limit.
    #[error(
        "{path}: file is {size} bytes, over the limit of {limit} bytes (raise it with --max-size)"
    )]
    TooLarge {
        /// The path as given.
        path: PathBuf,
        /// Its size in bytes (at least this many).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file holds NUL bytes or control characters: it is not text.
    #[error("{path}: binary data at byte {offset} ({what}); this is not a text document")]
    Binary {
        /// The path as given.
        path: PathBuf,
        /// Byte offset of the first offending byte.
        offset: usize,
        /// What was found.
        what: String,
    },
    /// The file is not valid UTF-8.
    #[error("{path}: not valid UTF-8 (invalid byte 0x{byte:02X} at line {line}, byte {offset}); convert it to UTF-8 first")]
    InvalidUtf8 {
        /// The path as given.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
        /// The byte itself.
        byte: u8,
    },
    /// The text is in a legacy encoding that could not be decoded cleanly.
    #[error("{path}: cannot decode the text as {encoding} (invalid bytes at byte {offset}); convert it to UTF-8 first")]
    Undecodable {
        /// The path as given.
        path: PathBuf,
        /// The encoding that was detected or asked for.
        encoding: &'static str,
        /// Byte offset of the first byte that does not decode.
        offset: usize,
    },
    /// The file is in a format redliner does not read (legacy Word, RTF, OpenDocument, …).
    #[error("{path}: {what}")]
    Unsupported {
        /// The path as given.
        path: PathBuf,
        /// What the file is and what to do about it.
        what: String,
    },
    /// A format was asked for (`--from`, `--to`), but the content is not in it.
    #[error("{path}: was to be read as {format}, but {what}")]
    WrongFormat {
        /// The path as given.
        path: PathBuf,
        /// The format asked for.
        format: &'static str,
        /// What the content is instead.
        what: String,
    },
    /// A DOCX or PDF file is damaged or cut short.
    #[error("{path}: damaged or truncated {format} file: {what}")]
    Corrupt {
        /// The path as given.
        path: PathBuf,
        /// `DOCX` or `PDF`.
        format: &'static str,
        /// What is wrong with it.
        what: String,
    },
    /// A zip archive that is not a Word document, or a Word package without its main part.
    #[error("{path}: not a Word document: {what}")]
    NotDocx {
        /// The path as given.
        path: PathBuf,
        /// What is missing.
        what: String,
    },
    /// A zip archive that would unpack to more than redliner accepts: a zip bomb, or a
    /// document far larger than any statement.
    #[error("{path}: refused as a possible zip bomb: {what}")]
    ZipBomb {
        /// The path as given.
        path: PathBuf,
        /// Which limit it exceeded.
        what: String,
    },
    /// The PDF needs a password to open.
    #[error("{path}: the PDF is encrypted and needs a password to open; save an unprotected copy and compare that")]
    PdfEncrypted {
        /// The path as given.
        path: PathBuf,
    },
    /// The PDF has pages but no text layer: a scan, or pages of images.
    #[error("{path}: the PDF has no text layer on any of its {pages} page(s) (a scan or images only); run OCR on it first")]
    PdfNoText {
        /// The path as given.
        path: PathBuf,
        /// The number of pages.
        pages: usize,
    },
    /// The PDF reader could not make sense of the file.
    #[error("{path}: cannot read the PDF: {what}")]
    Pdf {
        /// The path as given.
        path: PathBuf,
        /// What went wrong.
        what: String,
    },
    /// HTML elements nest deeper than any real page does.
    #[error("{path}: HTML elements are nested more than {limit} deep; refusing it as malformed")]
    HtmlTooDeep {
        /// The path as given.
        path: PathBuf,
        /// The deepest nesting accepted.
        limit: usize,
    },
    /// The file decodes, but holds no paragraph to compare.
    #[error("{path}: no text to compare (only whitespace or furniture)")]
    NoText {
        /// The path as given.
        path: PathBuf,
    },
}

/// A `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
