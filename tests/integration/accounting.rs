//! Nothing is lost: every letter and digit of every input is in a paragraph, a label or
//! the furniture list. Inline HTML formatting tags are markup, not words, and are the
//! one exception.

use std::collections::BTreeMap;

use redliner::{read_document, Options};

use crate::util::fixture;

fn letters(text: &str, into: &mut BTreeMap<char, i64>, sign: i64) {
    for c in text.chars().filter(|c| c.is_alphanumeric()) {
        *into.entry(c).or_default() += sign;
    }
}

/// The text less inline formatting tags (`<u>`, `</span>`, `<span style="…">`): the
/// same tag names the normaliser treats as markup.
fn strip_inline_tags(raw: &str) -> String {
    const INLINE: [&str; 11] = [
        "b", "i", "u", "s", "em", "strong", "sup", "sub", "span", "br", "mark",
    ];
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let name: String = after
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        match after.find('>') {
            Some(end) if INLINE.contains(&name.to_ascii_lowercase().as_str()) => {
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn every_word_is_accounted_for() {
    let mut files = vec![
        "b9-2024.txt",
        "b9-2025-draft.txt",
        "b9-2025-restructure.txt",
        "b9-2024-noise.txt",
        "b9-2025-commitments.txt",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    for entry in std::fs::read_dir(fixture("wh")).unwrap() {
        files.push(format!(
            "wh/{}",
            entry.unwrap().file_name().to_string_lossy()
        ));
    }
    files.sort();
    for name in files {
        let path = fixture(&name);
        let raw = strip_inline_tags(&std::fs::read_to_string(&path).unwrap());
        let doc = read_document(&path, &Options::default()).unwrap();
        let mut balance = BTreeMap::new();
        letters(&raw, &mut balance, 1);
        for p in &doc.paragraphs {
            letters(p.label.as_deref().unwrap_or(""), &mut balance, -1);
            letters(&p.text, &mut balance, -1);
        }
        for f in &doc.furniture {
            letters(&f.text, &mut balance, -1);
        }
        balance.retain(|_, n| *n != 0);
        assert!(
            balance.is_empty(),
            "{name}: letters lost (+) or invented (-): {balance:?}"
        );
    }
}
