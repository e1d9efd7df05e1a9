//! Reading inputs: files and standard input become decoded text.
//!
//! This is the only stage that touches the file system. It checks size, refuses binary
//! data and invalid UTF-8 with a precise message, strips a byte-order mark and handles
//! UTF-16 with a BOM. Format detection for DOCX, HTML and PDF plugs in here too.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Document;
use crate::normalise::{self, NormaliseOptions};

/// How to read an input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct InputOptions {}

/// Turns the bytes of one input into a document: detects the format, decodes, and
/// normalises. `source` names the input in messages and output.
pub fn parse(
    source: &str,
    bytes: &[u8],
    _opts: &InputOptions,
    norm: NormaliseOptions,
) -> Result<Document> {
    let decoded = decode(bytes, Path::new(source))?;
    normalise::parse(source, &decoded.text, decoded.encoding, norm)
}

/// The default cap on input size: 256 MiB.
pub const DEFAULT_MAX_SIZE: u64 = 256 * 1024 * 1024;

/// Decoded text and the encoding it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The name of the encoding, such as `UTF-8` or `UTF-8 (BOM)`.
    pub encoding: &'static str,
}

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
            .take(max_size + 1)
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
        std::fs::File::open(path)
            .and_then(|f| f.take(max_size + 1).read_to_end(&mut bytes))
            .map_err(io_err)?;
    }
    if bytes.len() as u64 > max_size {
        return Err(too_large(path, bytes.len() as u64, max_size));
    }
    Ok(bytes)
}

fn too_large(path: &Path, size: u64, limit: u64) -> Error {
    Error::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    }
}

/// Decodes bytes as text: UTF-8 with or without BOM, or UTF-16 with a BOM.
///
/// Empty input, binary data and invalid UTF-8 are errors that name `path`.
pub fn decode(bytes: &[u8], path: &Path) -> Result<Decoded> {
    let path_buf = || PathBuf::from(path);
    if bytes.is_empty() {
        return Err(Error::Empty { path: path_buf() });
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (utf8(rest, path, 3)?, "UTF-8 (BOM)")
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (utf16(rest, path, u16::from_le_bytes)?, "UTF-16LE")
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (utf16(rest, path, u16::from_be_bytes)?, "UTF-16BE")
    } else {
        check_binary(bytes, path)?;
        (utf8(bytes, path, 0)?, "UTF-8")
    };
    check_controls(&text, path)?;
    Ok(Decoded { text, encoding })
}

fn utf8(bytes: &[u8], path: &Path, base: usize) -> Result<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let offset = e.valid_up_to();
            let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
            Err(Error::InvalidUtf8 {
                path: path.to_path_buf(),
                offset: base + offset,
                line,
                byte: bytes[offset],
            })
        }
    }
}

fn utf16(bytes: &[u8], path: &Path, word: fn([u8; 2]) -> u16) -> Result<String> {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| word([c[0], *c.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16(&units).map_err(|_| Error::Binary {
        path: path.to_path_buf(),
        offset: 0,
        what: "invalid UTF-16 surrogate sequence".into(),
    })
}

/// NUL bytes never occur in text; a run of them is the mark of UTF-16 without a BOM or of
/// a binary format.
fn check_binary(bytes: &[u8], path: &Path) -> Result<()> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let head = &bytes[..bytes.len().min(4096)];
        let nuls = head.iter().filter(|&&b| b == 0).count();
        let what = if nuls * 3 >= head.len() {
            "NUL bytes in a regular pattern: UTF-16 without a byte-order mark, or a binary file"
        } else {
            "NUL byte"
        };
        return Err(Error::Binary {
            path: path.to_path_buf(),
            offset,
            what: what.into(),
        });
    }
    Ok(())
}

/// Control characters other than tab, line feed, carriage return, vertical tab and form
/// feed mean binary data. Text editors and DOCX exports produce none of them.
fn check_controls(text: &str, path: &Path) -> Result<()> {
    let bad = text.char_indices().find(|&(_, c)| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\u{85}'))
            || c == '\u{0}'
    });
    match bad {
        Some((offset, c)) => Err(Error::Binary {
            path: path.to_path_buf(),
            offset,
            what: format!("control character U+{:04X}", c as u32),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("x.txt")
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(b"abc", p()).unwrap().encoding, "UTF-8");
        let d = decode(b"\xEF\xBB\xBFabc", p()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("abc", "UTF-8 (BOM)"));
    }

    #[test]
    fn utf16_with_bom() {
        let d = decode(b"\xFF\xFEa\x00\xe9\x00", p()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("a\u{e9}", "UTF-16LE"));
        let d = decode(b"\xFE\xFF\x00a\x00b", p()).unwrap();
        assert_eq!(d.text, "ab");
    }

    #[test]
    fn refuses_empty_binary_and_latin1() {
        assert!(matches!(decode(b"", p()), Err(Error::Empty { .. })));
        let e = decode(b"a\x00b\x00c\x00", p()).unwrap_err().to_string();
        assert!(e.contains("UTF-16 without a byte-order mark"), "{e}");
        let e = decode(b"line one\ncaf\xe9", p()).unwrap_err();
        assert!(
            matches!(
                e,
                Error::InvalidUtf8 {
                    line: 2,
                    offset: 12,
                    byte: 0xE9,
                    ..
                }
            ),
            "{e}"
        );
        let e = decode(b"ab\x01cd", p()).unwrap_err().to_string();
        assert!(e.contains("U+0001"), "{e}");
    }
}
