//! The entity gazetteer: names of countries, organisations and initiatives
//! from `data/entities.txt`, found in text by longest match.

use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::words::is_apostrophe;

/// The entity gazetteer: one name per line, `#` comments. This is the one
/// place that names its path (relative to this source file).
const ENTITIES_TXT: &str = include_str!("../../data/entities.txt");

/// Gazetteer names, longest first.
fn gazetteer() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<String> = ENTITIES_TXT
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        names.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        names.dedup();
        names
    })
}

/// Gazetteer names that are one entity, the first of each group its name in signals:
/// an abbreviation or a second name is no change of entity (`United Nations` → `UN`).
const ALIASES: &[&[&str]] = &[
    &["United Nations", "UN"],
    &["United Nations Security Council", "UN Security Council"],
    &["Republic of Korea", "ROK", "South Korea"],
    &[
        "North Korea",
        "DPRK",
        "Democratic People's Republic of Korea",
    ],
    &["People's Republic of China", "PRC"],
    &["European Union", "EU"],
    &["United States", "United States of America"],
    &["United Kingdom", "UK"],
    &["International Atomic Energy Agency", "IAEA"],
    &["World Trade Organization", "WTO"],
    &["World Health Organization", "WHO"],
    &["Pacific Islands Forum", "PIF"],
    &["International Monetary Fund", "IMF"],
    &["G7", "Group of Seven"],
];

/// The name a gazetteer entity goes by in signals: the first of its [`ALIASES`] group,
/// or itself.
pub(super) fn canonical(name: &str) -> &str {
    ALIASES
        .iter()
        .find(|group| group.contains(&name))
        .map_or(name, |group| group[0])
}

/// The leading run of `s` of alphanumeric characters other than
/// apostrophes (`ʼ` is a letter).
fn key_of(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric() || is_apostrophe(c))
        .map_or(s.len(), |(i, _)| i);
    s.get(..end).unwrap_or("")
}

/// Gazetteer names by [`key_of`], longest name first.
///
/// [`match_name`] compares these characters exactly, and the character
/// after the run must in the text be whitespace for whitespace, an
/// apostrophe for an apostrophe, the same character otherwise, or (at the
/// end of the name) not alphanumeric. So a name matches at `pos` only if its
/// key equals the key of the text at `pos`, and looking up that key finds
/// every name that can match, in gazetteer order.
fn gazetteer_index() -> &'static FxHashMap<&'static str, Vec<&'static str>> {
    static INDEX: OnceLock<FxHashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
        for name in gazetteer() {
            index.entry(key_of(name)).or_default().push(name.as_str());
        }
        index
    })
}

/// The gazetteer names that may occur at `pos`, longest first.
fn candidates(text: &str, pos: usize) -> &'static [&'static str] {
    let key = key_of(text.get(pos..).unwrap_or(""));
    gazetteer_index().get(key).map_or(&[], Vec::as_slice)
}

/// Whether a gazetteer name could start at byte `pos` of `text`: `false`
/// means [`entity_spans`] has no span starting there.
pub(super) fn may_start_entity(text: &str, pos: usize) -> bool {
    !candidates(text, pos).is_empty()
}

/// Gazetteer names found in `text`, longest match first, without overlaps.
pub(super) fn entity_spans(text: &str) -> Vec<(Range<usize>, &'static str)> {
    let mut out = Vec::new();
    let mut prev_alnum = false;
    let mut skip_to = 0;
    for (pos, c) in text.char_indices() {
        let starts = c.is_alphanumeric() && !prev_alnum && pos >= skip_to;
        prev_alnum = c.is_alphanumeric();
        if !starts {
            continue;
        }
        let found = candidates(text, pos)
            .iter()
            .find_map(|n| match_name(text, pos, n).map(|end| (end, *n)));
        if let Some((end, name)) = found {
            out.push((pos..end, name));
            skip_to = end;
        }
    }
    out
}

/// End byte if `name` occurs at `pos` and ends on a word boundary. Spaces
/// in the name match any run of whitespace; apostrophes match each other.
fn match_name(text: &str, pos: usize, name: &str) -> Option<usize> {
    let rest = text.get(pos..)?;
    let mut t = rest.char_indices().peekable();
    for nc in name.chars() {
        if nc.is_whitespace() {
            t.next().filter(|&(_, c)| c.is_whitespace())?;
            while t.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
            continue;
        }
        let (_, tc) = t.next()?;
        if tc != nc && !(is_apostrophe(tc) && is_apostrophe(nc)) {
            return None;
        }
    }
    let end = pos + t.peek().map_or(rest.len(), |&(i, _)| i);
    let after = text.get(end..)?.chars().next();
    (!after.is_some_and(char::is_alphanumeric)).then_some(end)
}

/// Titles that name a person when a capitalised name follows (`President Putin`,
/// `Prime Minister Kishida`). Longest first, so `Prime Minister` wins over `Minister`.
const PERSON_TITLES: [&str; 11] = [
    "Secretary-General",
    "Secretary General",
    "Prime Minister",
    "Vice President",
    "Chancellor",
    "President",
    "Minister",
    "Premier",
    "Emperor",
    "Queen",
    "King",
];

/// The people a sentence names by title and surname (`President Putin`,
/// `President Zelenskyy’s` → `President Zelenskyy`), in order, each once. The name is
/// the run of capitalised words after the title (initials and `Jr.` included); people
/// are told apart by their last name word, so `President Joseph R. Biden` and
/// `President Biden` are one.
pub(super) fn named_people(text: &str) -> Vec<String> {
    let mut out: Vec<(String, &str)> = Vec::new();
    let bytes = text.as_bytes();
    let mut skip_to = 0;
    for (pos, _) in text.char_indices() {
        if pos < skip_to || pos > 0 && bytes[pos - 1].is_ascii_alphanumeric() {
            continue;
        }
        let Some(title) = PERSON_TITLES.iter().find(|t| text[pos..].starts_with(**t)) else {
            continue;
        };
        let mut rest = &text[pos + title.len()..];
        let mut last: Option<&str> = None;
        loop {
            // `Biden, Jr.`: the comma belongs to the name only before `Jr`.
            if rest.starts_with(", Jr") {
                rest = &rest[1..];
            }
            let trimmed = rest.trim_start_matches(' ');
            if trimmed.len() == rest.len() {
                break;
            }
            let word_len = trimmed
                .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
                .unwrap_or(trimmed.len());
            let word = trimmed[..word_len].trim_end_matches('.');
            if !word.chars().next().is_some_and(char::is_uppercase) {
                break;
            }
            if word != "Jr" {
                last = Some(word);
            }
            rest = &trimmed[word_len..];
            // A possessive ends the name (`Zelenskyy’s Peace Formula`).
            if rest.starts_with(['\u{2019}', '\'']) {
                break;
            }
        }
        skip_to = text.len() - rest.len();
        if let Some(name) = last {
            if !out.iter().any(|(_, n)| *n == name) {
                out.push((format!("{title} {name}"), name));
            }
        }
    }
    out.into_iter().map(|(person, _)| person).collect()
}

#[cfg(test)]
mod tests {
    //! Sources of the test sentences: see `test_support`.

    use super::*;

    #[test]
    fn people_are_named_by_title_and_surname() {
        assert_eq!(
            named_people(
                "We will hold President Putin and the Lukashenko regime to account, and welcome \
                 President Zelenskyy’s Peace Formula with President Joseph R. Biden, Jr. and \
                 Prime Minister Kishida."
            ),
            [
                "President Putin",
                "President Zelenskyy",
                "President Biden",
                "Prime Minister Kishida"
            ]
        );
        // A title without a name, or before a lower-case word, names nobody.
        assert!(
            named_people("The President of the European Commission and the president said")
                .is_empty()
        );
        // One person named twice, once in full, is one.
        assert_eq!(
            named_people("President Joseph R. Biden and later President Biden"),
            ["President Biden"]
        );
    }

    #[test]
    fn longest_entity_name_wins() {
        let names = |t: &str| {
            entity_spans(t)
                .into_iter()
                .map(|(_, n)| n)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names("We will also cooperate closely to support our partners from the region, such as the Republic of Moldova."),
            ["Republic of Moldova"]
        );
        assert_eq!(
            names("NATO efforts will be focused on establishing the NATO Security Assistance and Training for Ukraine (NSATU)."),
            ["NATO", "NATO Security Assistance and Training for Ukraine", "NSATU"]
        );
        assert_eq!(
            names("by the Russian Federation’s drones"),
            ["Russian Federation"]
        );
        assert_eq!(
            names("the Law of the Sea (UNCLOS), who said"),
            Vec::<&str>::new()
        );
        assert_eq!(names("the Republic of\nMoldova"), ["Republic of Moldova"]);
        // `ʼ` (U+02BC) is a letter, yet matches the apostrophe of a name.
        assert_eq!(
            names("the Peopleʼs Republic of China, the People’s Republic of China"),
            ["People's Republic of China", "People's Republic of China"]
        );
    }

    /// [`entity_spans`] without the index: every name tried at every start.
    fn scan_spans(text: &str) -> Vec<(Range<usize>, &'static str)> {
        let mut out = Vec::new();
        let (mut prev_alnum, mut skip_to) = (false, 0);
        for (pos, c) in text.char_indices() {
            let starts = c.is_alphanumeric() && !prev_alnum && pos >= skip_to;
            prev_alnum = c.is_alphanumeric();
            let found = gazetteer()
                .iter()
                .filter(|_| starts)
                .find_map(|n| match_name(text, pos, n).map(|end| (end, n.as_str())));
            if let Some((end, name)) = found {
                out.push((pos..end, name));
                skip_to = end;
            }
        }
        out
    }

    #[test]
    fn index_finds_what_a_scan_finds() {
        let mut texts = vec![
            include_str!("../../fixtures/b9-2024.txt").to_string(),
            include_str!("../../fixtures/wh/nato-2022-06-summit-fact-sheet.md").to_string(),
        ];
        // Every name, glued to odd neighbours and with its apostrophes and
        // spaces varied.
        for name in gazetteer() {
            for (l, r) in [
                ("", ""),
                ("x", ""),
                ("", "s"),
                ("(", ")"),
                ("ʼ", "ʼ"),
                ("1", ""),
            ] {
                texts.push(format!("{l}{name}{r} and {l}{name}{r}"));
            }
            texts.push(name.replace('\'', "ʼ").replace(' ', "\n  "));
            texts.push(name.replace('\'', "’"));
            texts.push(name.chars().rev().collect());
        }
        for text in &texts {
            assert_eq!(entity_spans(text), scan_spans(text), "{text:?}");
            for (r, _) in entity_spans(text) {
                assert!(may_start_entity(text, r.start), "{text:?}");
            }
        }
    }
}
