//! Output that is safe to show: control characters from documents and file names are
//! made visible before any human-readable report is rendered, so that a document cannot
//! set a window title, clear the screen or conceal words in a terminal.
//!
//! C0 controls other than tab and line feed become their Unicode control pictures
//! (ESC is `␛`, BEL `␇`, CR `␍`), DEL becomes `␡`, and C1 controls (U+0080 to U+009F, which
//! some terminals read as ESC sequences) and the bidirectional overrides become `\u{9b}`.
//! JSON keeps the characters: serde writes them escaped. DOCX keeps those XML allows, and
//! its writer shows the others as control pictures.

use std::borrow::Cow;
use std::io::{self, Write};

use redliner::Document;

/// True for a character that must never reach a terminal raw.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The text with every unsafe character shown visibly; borrowed when there is none.
pub(crate) fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !is_unsafe(c) => out.push(c),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// Like [`visible`], and line feeds and tabs too (for one-line places: file names,
/// labels, titles).
pub(crate) fn visible_line(text: &str) -> String {
    visible(text)
        .replace('\n', "\u{2424}")
        .replace('\t', "\u{2409}")
}

fn fix(s: &mut String) {
    if let Cow::Owned(v) = visible(s) {
        *s = v;
    }
}

fn fix_line(s: &mut String) {
    if s.chars().any(|c| is_unsafe(c) || c == '\n' || c == '\t') {
        *s = visible_line(s);
    }
}

/// Makes every displayed string of a document visible: its source name, title, date,
/// paragraph texts and labels, and furniture. Comparison keys are left as they are, so
/// the comparison itself does not change.
pub(crate) fn document(doc: &mut Document) {
    fix_line(&mut doc.source);
    if let Some(t) = doc.title.as_mut() {
        fix_line(t);
    }
    if let Some(d) = doc.date.as_mut() {
        fix_line(d);
    }
    for p in &mut doc.paragraphs {
        fix(&mut p.text);
        if let Some(l) = p.label.as_mut() {
            fix_line(l);
        }
    }
    for f in &mut doc.furniture {
        fix(&mut f.text);
    }
}

/// A writer that shows unsafe characters visibly: the last line of defence for reports
/// that emit no escape sequences of their own (everything but coloured terminal output).
pub(crate) struct Visible<W: Write> {
    inner: W,
    /// The bytes of an incomplete UTF-8 character left from the last write.
    pending: Vec<u8>,
}

impl<W: Write> Visible<W> {
    pub(crate) fn new(inner: W) -> Self {
        Visible {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for Visible<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(s) => s.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            // Not UTF-8: pass the bytes through unchanged but for C0 controls.
            Err(_) => {
                let bytes = std::mem::take(&mut self.pending);
                let shown: Vec<u8> = bytes
                    .into_iter()
                    .map(|b| match b {
                        b'\n' | b'\t' => b,
                        0..=0x1f | 0x7f => b'?',
                        _ => b,
                    })
                    .collect();
                self.inner.write_all(&shown)?;
                return Ok(buf.len());
            }
        };
        let text = std::str::from_utf8(&self.pending[..valid]).expect("checked");
        self.inner.write_all(visible(text).as_bytes())?;
        self.pending.drain(..valid);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.inner.write_all(&rest)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown() {
        assert_eq!(visible("a\u{1b}]0;x\u{7}b"), "a\u{241b}]0;x\u{2407}b");
        assert_eq!(visible("\u{9b}2J\u{7f}"), "\\u{9b}2J\u{2421}");
        assert_eq!(visible("line\n\ttab"), "line\n\ttab");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(visible_line("a\nb"), "a\u{2424}b");
    }

    #[test]
    fn the_writer_handles_split_characters() {
        let mut out = Visible::new(Vec::new());
        let text = "é\u{1b}[8m€".as_bytes();
        for b in text {
            out.write_all(std::slice::from_ref(b)).unwrap();
        }
        out.flush().unwrap();
        assert_eq!(String::from_utf8(out.inner).unwrap(), "é\u{241b}[8m€");
    }
}
