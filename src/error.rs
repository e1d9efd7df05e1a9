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
    /// The file decodes, but holds no paragraph to compare.
    #[error("{path}: no text to compare (only whitespace or furniture)")]
    NoText {
        /// The path as given.
        path: PathBuf,
    },
}

/// A `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
