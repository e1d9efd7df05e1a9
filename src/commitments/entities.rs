//! The entity gazetteer: names of countries, organisations and initiatives
//! from `data/entities.txt`, found in text by longest match.

use std::ops::Range;
use std::sync::OnceLock;

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
        let found = gazetteer()
            .iter()
            .find_map(|n| match_name(text, pos, n).map(|end| (end, n.as_str())));
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

#[cfg(test)]
mod tests {
    //! Sources of the test sentences: see `test_support`.

    use super::*;

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
    }
}
