//! Plain text: bytes become a string, with the encoding found in this order: a byte-order
//! mark, an encoding asked for, valid UTF-8, and a guess by `chardetng` among the legacy
//! encodings (Windows-1252, Latin-1, Windows-1250, …). HTML adds its `<meta charset>`
//! before UTF-8. Binary data, and UTF-16 without a byte-order mark (which no detector
//! recognises), are refused with a message that says what was found.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;

use crate::error::{Error, Result};

/// Decoded text and the encoding it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'b> {
    /// The text, without a byte-order mark: borrowed from the bytes when they were UTF-8
    /// already, so that a large input is not held twice.
    pub text: Cow<'b, str>,
    /// The name of the encoding, such as `UTF-8`, `UTF-8 (BOM)` or `windows-1252`.
    pub encoding: &'static str,
}

/// A text encoding that can be asked for by name (`--encoding latin1`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TextEncoding(&'static Encoding);

impl TextEncoding {
    /// The encoding with this WHATWG label (`utf-8`, `latin1`, `windows-1250`, `cp1252`,
    /// `iso-8859-2`, …), case-insensitive.
    pub fn for_label(label: &str) -> Option<TextEncoding> {
        Encoding::for_label(label.trim().as_bytes()).map(TextEncoding)
    }

    /// The canonical name, such as `windows-1252`.
    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

impl std::fmt::Debug for TextEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TextEncoding({})", self.name())
    }
}

/// Decodes bytes as text, detecting the encoding.
///
/// Empty input, binary data and undecodable text are errors that name `path`.
pub fn decode<'b>(bytes: &'b [u8], path: &Path) -> Result<Decoded<'b>> {
    decode_as(bytes, path, None)
}

/// Decodes bytes as text with `forced`, or with the encoding detected when it is `None`.
pub fn decode_as<'b>(
    bytes: &'b [u8],
    path: &Path,
    forced: Option<TextEncoding>,
) -> Result<Decoded<'b>> {
    decode_with(bytes, path, forced, None)
}

/// Decodes an HTML page: like [`decode_as`], with the page's own `<meta charset>`
/// consulted before UTF-8 and the guess.
pub fn decode_html<'b>(
    bytes: &'b [u8],
    path: &Path,
    forced: Option<TextEncoding>,
) -> Result<Decoded<'b>> {
    decode_with(bytes, path, forced, meta_charset(bytes))
}

fn decode_with<'b>(
    bytes: &'b [u8],
    path: &Path,
    forced: Option<TextEncoding>,
    declared: Option<&'static Encoding>,
) -> Result<Decoded<'b>> {
    if bytes.is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    let decoded = if let Some(d) = with_bom(bytes, path)? {
        d
    } else if let Some(TextEncoding(enc)) = forced {
        check_binary(bytes, path)?;
        legacy(bytes, path, enc)?
    } else {
        check_binary(bytes, path)?;
        match declared.filter(|e| *e != encoding_rs::UTF_8) {
            Some(enc) => legacy(bytes, path, enc)?,
            None => detected(bytes, path)?,
        }
    };
    check_controls(&decoded.text, path)?;
    Ok(decoded)
}

/// UTF-8 or UTF-16 announced by a byte-order mark.
fn with_bom<'b>(bytes: &'b [u8], path: &Path) -> Result<Option<Decoded<'b>>> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (utf8(rest, path, 3)?, "UTF-8 (BOM)")
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (
            Cow::Owned(utf16(rest, path, u16::from_le_bytes)?),
            "UTF-16LE",
        )
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (
            Cow::Owned(utf16(rest, path, u16::from_be_bytes)?),
            "UTF-16BE",
        )
    } else {
        return Ok(None);
    };
    Ok(Some(Decoded { text, encoding }))
}

/// Valid UTF-8, or else the legacy encoding `chardetng` finds. A file that is UTF-8 up to
/// a stray byte is damaged UTF-8, not a legacy encoding: decoding it as Windows-1252
/// would garble every accented letter before the stray byte.
fn detected<'b>(bytes: &'b [u8], path: &Path) -> Result<Decoded<'b>> {
    let err = match std::str::from_utf8(bytes) {
        Ok(s) => {
            return Ok(Decoded {
                text: Cow::Borrowed(s),
                encoding: "UTF-8",
            })
        }
        Err(e) => e,
    };
    if !bytes[..err.valid_up_to()].is_ascii() {
        utf8(bytes, path, 0)?;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, Utf8Detection::Deny);
    legacy(bytes, path, enc)
}

/// Decodes with a known encoding, refusing bytes that do not decode.
fn legacy<'b>(bytes: &'b [u8], path: &Path, enc: &'static Encoding) -> Result<Decoded<'b>> {
    if enc == encoding_rs::UTF_8 {
        return Ok(Decoded {
            text: utf8(bytes, path, 0)?,
            encoding: "UTF-8",
        });
    }
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        let offset = text
            .char_indices()
            .find(|&(_, c)| c == '\u{FFFD}')
            .map_or(0, |(i, _)| i);
        return Err(Error::Undecodable {
            path: path.to_path_buf(),
            encoding: enc.name(),
            offset,
        });
    }
    Ok(Decoded {
        text,
        encoding: enc.name(),
    })
}

fn utf8<'b>(bytes: &'b [u8], path: &Path, base: usize) -> Result<Cow<'b, str>> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let offset = e.valid_up_to();
            let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
            Err(Error::InvalidUtf8 {
                path: path.to_path_buf(),
                offset: base + offset,
                line,
                byte: bytes.get(offset).copied().unwrap_or(0),
            })
        }
    }
}

fn utf16(bytes: &[u8], path: &Path, word: fn([u8; 2]) -> u16) -> Result<String> {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| word([c[0], c.get(1).copied().unwrap_or(0)]))
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
    if let Some(offset) = memchr::memchr(0, bytes) {
        let head = &bytes[..bytes.len().min(4096)];
        let nuls = head.iter().filter(|&&b| b == 0).count();
        let what = if nuls * 3 >= head.len() {
            "NUL bytes in a regular pattern: UTF-16 without a byte-order mark, or a binary file"
        } else {
            "NUL byte"
        };
        return Err(Error::Binary {
            path: PathBuf::from(path),
            offset,
            what: what.into(),
        });
    }
    Ok(())
}

/// Control characters other than tab, line feed, carriage return, vertical tab and form
/// feed mean binary data. Text editors and DOCX exports produce none of them.
fn check_controls(text: &str, path: &Path) -> Result<()> {
    // Byte by byte: C0 controls and DEL are single bytes, C1 controls (U+0080 to U+009F)
    // are 0xC2 followed by 0x80 to 0x9F. Offsets are byte offsets, as `char_indices` gives.
    let bytes = text.as_bytes();
    let bad = (0..bytes.len()).find(|&k| match bytes[k] {
        b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => false,
        0x00..=0x1F | 0x7F => true,
        0xC2 => bytes
            .get(k + 1)
            .is_some_and(|&n| (0x80..=0x9F).contains(&n) && n != 0x85),
        _ => false,
    });
    match bad {
        Some(offset) => {
            let c = text[offset..].chars().next().unwrap_or('\0');
            Err(Error::Binary {
                path: path.to_path_buf(),
                offset,
                what: format!("control character U+{:04X}", c as u32),
            })
        }
        None => Ok(()),
    }
}

/// The encoding a page declares in its first 1024 bytes: `<meta charset="…">` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`. A simplified form of the
/// HTML prescan: enough for pages that declare their encoding in the usual way.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        rest = &rest[at + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(enc) = charset_in(tag) {
            // A page that says UTF-16 is read as UTF-8 by browsers: it was decoded already
            // if it had a byte-order mark.
            return Some(match enc.name() {
                "UTF-16LE" | "UTF-16BE" => encoding_rs::UTF_8,
                _ => enc,
            });
        }
    }
    None
}

fn charset_in(tag: &str) -> Option<&'static Encoding> {
    let at = tag.find("charset")?;
    let value = tag[at + 7..].trim_start().strip_prefix('=')?.trim_start();
    let value = value.trim_start_matches(['"', '\'']);
    let end = value
        .find(|c: char| matches!(c, '"' | '\'' | ';' | '/' | '>') || c.is_ascii_whitespace())
        .unwrap_or(value.len());
    Encoding::for_label(&value.as_bytes()[..end])
}

/// HTML elements that can open a page or a fragment. A text document never starts with
/// one of these as a tag.
const HTML_OPENERS: &[&str] = &[
    "html",
    "head",
    "body",
    "meta",
    "title",
    "link",
    "style",
    "script",
    "div",
    "p",
    "main",
    "article",
    "section",
    "header",
    "nav",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "ul",
    "ol",
    "blockquote",
    "span",
    "font",
    "center",
    "base",
];

/// True when the content starts like an HTML page or fragment: a doctype, an XML
/// declaration or comment followed by `<html`, or a known element's tag.
pub fn sniff_html(bytes: &[u8]) -> bool {
    let head: Cow<'_, str> = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
    {
        let (enc, _) = Encoding::for_bom(bytes).unwrap_or((encoding_rs::UTF_16LE, 2));
        Cow::Owned(
            enc.decode_with_bom_removal(&bytes[..bytes.len().min(8192)])
                .0
                .into_owned(),
        )
    } else {
        String::from_utf8_lossy(&bytes[..bytes.len().min(8192)])
    };
    let lower = head.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n', '\x0c']);
    let lower = lower.to_ascii_lowercase();
    if lower.starts_with("<!doctype html") {
        return true;
    }
    if lower.starts_with("<?xml") || lower.starts_with("<!--") {
        return lower.contains("<html") || lower.contains("<body");
    }
    let Some(tag) = lower.strip_prefix('<') else {
        return false;
    };
    let name_end = tag
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(tag.len());
    let after = tag[name_end..].chars().next();
    HTML_OPENERS.contains(&&tag[..name_end])
        && matches!(after, Some('>' | ' ' | '/' | '\t' | '\r' | '\n'))
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
        assert_eq!((&*d.text, d.encoding), ("abc", "UTF-8 (BOM)"));
    }

    #[test]
    fn utf16_with_bom() {
        let d = decode(b"\xFF\xFEa\x00\xe9\x00", p()).unwrap();
        assert_eq!((&*d.text, d.encoding), ("a\u{e9}", "UTF-16LE"));
        let d = decode(b"\xFE\xFF\x00a\x00b", p()).unwrap();
        assert_eq!(d.text, "ab");
    }

    #[test]
    fn windows_1252_is_detected() {
        let bytes = b"The ministers\x92 \x93caf\xe9\x94 statement costs \x8040 billion.\n";
        let d = decode(bytes, p()).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(
            d.text,
            "The ministers\u{2019} \u{201C}caf\u{e9}\u{201D} statement costs \u{20AC}40 billion.\n"
        );
        let d = decode(b"D\xe9claration commune de la r\xe9union\n", p()).unwrap();
        assert_eq!(d.text, "D\u{e9}claration commune de la r\u{e9}union\n");
    }

    #[test]
    fn forced_encoding_wins() {
        let latin2 = TextEncoding::for_label("iso-8859-2").unwrap();
        let d = decode_as(b"Gda\xf1sk", p(), Some(latin2)).unwrap();
        assert_eq!((&*d.text, d.encoding), ("Gdańsk", "ISO-8859-2"));
        assert!(TextEncoding::for_label("klingon").is_none());
    }

    #[test]
    fn refuses_empty_binary_and_damaged_utf8() {
        assert!(matches!(decode(b"", p()), Err(Error::Empty { .. })));
        let e = decode(b"a\x00b\x00c\x00", p()).unwrap_err().to_string();
        assert!(e.contains("UTF-16 without a byte-order mark"), "{e}");
        // UTF-8 (the ’) up to a stray Latin-1 byte: damaged UTF-8, not Windows-1252.
        let e = decode(b"Russia\xe2\x80\x99s\ncaf\xe9", p()).unwrap_err();
        assert!(
            matches!(
                e,
                Error::InvalidUtf8 {
                    line: 2,
                    offset: 14,
                    byte: 0xE9,
                    ..
                }
            ),
            "{e}"
        );
        let e = decode(b"ab\x01cd", p()).unwrap_err().to_string();
        assert!(e.contains("U+0001"), "{e}");
    }

    #[test]
    fn html_meta_charset() {
        let page = b"<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1250\"></head><body><p>Gda\xf1sk</p>";
        let d = decode_html(page, p(), None).unwrap();
        assert_eq!(d.encoding, "windows-1250");
        assert!(d.text.contains("Gdańsk"));
        let page = "<meta charset='utf-8'><p>Gdańsk</p>".as_bytes();
        assert_eq!(decode_html(page, p(), None).unwrap().encoding, "UTF-8");
    }

    #[test]
    fn html_sniffing() {
        for yes in [
            "<!doctype HTML>",
            "\u{FEFF}\n <html lang=en>",
            "<p>One.</p>",
            "<?xml version=\"1.0\"?>\n<html>",
            "<!-- saved --><html>",
            "<div class=x>",
        ] {
            assert!(sniff_html(yes.as_bytes()), "{yes}");
        }
        for no in [
            "1. We meet.",
            "<b> is a tag",
            "<https://nato.int> says",
            "<!-- just a comment -->\nText",
            "---\ntitle: x\n---\n<p>",
        ] {
            assert!(!sniff_html(no.as_bytes()), "{no}");
        }
    }
}
