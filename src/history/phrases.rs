//! Phrase and entity tracking: how often a phrase or a name occurs in each version, where,
//! and in which near variants.
//!
//! # Canonical text
//!
//! Text and query are both brought to canonical words ([`canonical`]): the comparison
//! key's folding ([`fold`]: quote style, dashes, no-break spaces, compatibility forms),
//! then lower case; a word is a run of letters and digits with inner apostrophes, so
//! hyphens and all other punctuation separate words (`rules-based` = `rules based`); a
//! possessive `'s` or a trailing apostrophe is dropped (`Russia’s` = `Russia`). A phrase
//! occurs where its canonical words occur in a row inside one paragraph; occurrences are
//! counted left to right without overlap, like a regular-expression search for the
//! canonical phrase between word boundaries in the canonical text.
//!
//! # Near variants
//!
//! A near variant is a run of as many words as the phrase, not equal to it, where every
//! word equals the phrase's word or is a near form of it: the same word in the other
//! spelling (British and American: `defence`/`defense`, `-ise`/`-ize`, `-isation`/
//! `-ization`, `centre`/`center`, `labour`/`labor`, `programme`/`program`), or the word
//! with an inflection or derivation (`path` → `pathway`, `Russia` → `Russian`, `China` →
//! `Chinese`, `Ukraine` → `Ukrainian`, `commitment` → `commitments`). Variants are
//! counted apart from the phrase, never added to its count.
//!
//! # Entities
//!
//! An entity is a name counted like a phrase, plus the gazetteer's longer names that
//! begin with a derived form of a one-word name (`Russia` also counts `Russian
//! Federation`). A longer gazetteer name that contains the name and ends with it is the
//! same entity (`Republic of Moldova`, `North Korea`, `People's Republic of China`) and
//! counts. One that contains it elsewhere names something else (`South China Sea`,
//! `Ukraine Defense Contact Group`, `UN Security Council`): the name inside it is not
//! counted, but listed as excluded, so that nothing disappears unseen. The last word of
//! such a name may take a plural `s` (`the East and South China Seas`).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use crate::normalise::fold;

use super::Version;

/// The gazetteer of the commitments module, read here for entity aliases.
const ENTITIES_TXT: &str = include_str!("../../data/entities.txt");

/// Whether a tracked string is a phrase or an entity name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhraseKind {
    /// A phrase given with `--phrase`.
    Phrase,
    /// A name given with `--entity`.
    Entity,
}

impl PhraseKind {
    /// The name used in reports and JSON: `phrase` or `entity`.
    pub fn as_str(self) -> &'static str {
        match self {
            PhraseKind::Phrase => "phrase",
            PhraseKind::Entity => "entity",
        }
    }
}

/// A near variant of a tracked phrase, with its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The variant's canonical words.
    pub text: String,
    /// Occurrences per version.
    pub counts: Vec<usize>,
}

/// What kind of occurrence a location records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Match {
    /// The phrase, or a form of the entity: counted.
    Form,
    /// A near variant: counted apart.
    Variant,
    /// The entity's name inside a longer name of something else: not counted.
    Excluded,
}

impl Match {
    /// The name used in reports and JSON: `form`, `variant` or `excluded`.
    pub fn as_str(self) -> &'static str {
        match self {
            Match::Form => "form",
            Match::Variant => "variant",
            Match::Excluded => "excluded",
        }
    }
}

/// Where a phrase, one of its forms, a variant or an excluded name occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Index of the version in [`super::History::versions`].
    pub version: usize,
    /// The paragraph's 1-based id.
    pub paragraph: usize,
    /// The canonical words found.
    pub form: String,
    /// Counted, a variant, or excluded.
    pub kind: Match,
    /// Occurrences in that paragraph.
    pub count: usize,
}

/// A tracked phrase or entity across the versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseTrack {
    /// The phrase as given.
    pub query: String,
    /// Phrase or entity.
    pub kind: PhraseKind,
    /// The phrase's canonical words.
    pub canonical: String,
    /// The canonical forms counted: the phrase, then entity aliases.
    pub forms: Vec<String>,
    /// Occurrences of the forms per version.
    pub counts: Vec<usize>,
    /// Near variants, most frequent first.
    pub variants: Vec<Variant>,
    /// For an entity, the longer names of other things that contain its name, with the
    /// occurrences not counted, most frequent first.
    pub excluded: Vec<Variant>,
    /// Every paragraph holding a form, a variant or an excluded name, in version and
    /// paragraph order.
    pub locations: Vec<Location>,
    /// A remark on the query (an entity missing from the gazetteer, an empty phrase).
    pub note: Option<String>,
}

/// Canonical text: canonical words joined by single spaces (see the module docs).
pub fn canonical(text: &str) -> String {
    words(text).join(" ")
}

/// The canonical words of a text.
pub(super) fn words(text: &str) -> Vec<String> {
    let folded = fold(text, true);
    folded
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter_map(|w| {
            let w = w.trim_start_matches('\'');
            let w = w.strip_suffix("'s").unwrap_or(w).trim_end_matches('\'');
            (!w.is_empty()).then(|| w.to_owned())
        })
        .collect()
}

/// Tracks the phrases and entities over the versions.
pub(super) fn track(
    versions: &[Version],
    phrases: &[String],
    entities: &[String],
) -> Vec<PhraseTrack> {
    if phrases.is_empty() && entities.is_empty() {
        return Vec::new();
    }
    let texts = Texts::new(versions);
    let queries = phrases
        .iter()
        .map(|p| (p, PhraseKind::Phrase))
        .chain(entities.iter().map(|e| (e, PhraseKind::Entity)));
    queries
        .map(|(q, kind)| track_one(&texts, q, kind))
        .collect()
}

/// The paragraphs of all versions as canonical words, each distinct paragraph once:
/// successive versions repeat most paragraphs word for word.
struct Texts {
    /// Canonical words of each distinct paragraph text.
    unique: Vec<Vec<String>>,
    /// For each version, the index in `unique` of each of its paragraphs.
    paragraphs: Vec<Vec<usize>>,
}

impl Texts {
    fn new(versions: &[Version]) -> Texts {
        let mut index: HashMap<&str, usize> = HashMap::default();
        let mut unique = Vec::new();
        let paragraphs = versions
            .iter()
            .map(|v| {
                let ps = &v.document.paragraphs;
                ps.iter()
                    .map(|p| {
                        *index.entry(p.text.as_str()).or_insert_with(|| {
                            unique.push(words(&p.text));
                            unique.len() - 1
                        })
                    })
                    .collect()
            })
            .collect();
        Texts { unique, paragraphs }
    }
}

fn track_one(texts: &Texts, query: &str, kind: PhraseKind) -> PhraseTrack {
    let phrase = words(query);
    let forms = match kind {
        PhraseKind::Phrase => Forms {
            counted: vec![phrase.clone()],
            containers: Vec::new(),
            note: None,
        },
        PhraseKind::Entity => entity_forms(query, &phrase),
    };
    let note = if phrase.is_empty() {
        Some("the phrase has no words to count".to_owned())
    } else {
        forms.note.clone()
    };
    let (counts, apart, locations) = count(texts, &phrase, &forms);
    let (variants, excluded) = split_apart(apart);
    PhraseTrack {
        query: query.to_owned(),
        kind,
        canonical: phrase.join(" "),
        forms: forms.counted.iter().map(|f| f.join(" ")).collect(),
        counts,
        variants,
        excluded,
        locations,
        note,
    }
}

/// Counts per version, variants and excluded names per version, and locations.
type Counted = (
    Vec<usize>,
    BTreeMap<(Match, String), Vec<usize>>,
    Vec<Location>,
);

fn count(texts: &Texts, phrase: &[String], forms: &Forms) -> Counted {
    let n = texts.paragraphs.len();
    let found: Vec<Vec<(Match, String, usize)>> = texts
        .unique
        .iter()
        .map(|words| find(words, phrase, forms))
        .collect();
    let mut counts = vec![0; n];
    let mut apart: BTreeMap<(Match, String), Vec<usize>> = BTreeMap::new();
    let mut locations = Vec::new();
    for (v, paragraphs) in texts.paragraphs.iter().enumerate() {
        for (p, &u) in paragraphs.iter().enumerate() {
            for (kind, form, k) in &found[u] {
                if *kind == Match::Form {
                    counts[v] += k;
                } else {
                    let per_version = apart.entry((*kind, form.clone()));
                    per_version.or_insert_with(|| vec![0; n])[v] += k;
                }
                locations.push(Location {
                    version: v,
                    paragraph: p + 1,
                    form: form.clone(),
                    kind: *kind,
                    count: *k,
                });
            }
        }
    }
    (counts, apart, locations)
}

/// Variants and excluded names with their counts, each list most frequent first.
fn split_apart(apart: BTreeMap<(Match, String), Vec<usize>>) -> (Vec<Variant>, Vec<Variant>) {
    let (mut variants, mut excluded) = (Vec::new(), Vec::new());
    for ((kind, text), counts) in apart {
        let list = if kind == Match::Variant {
            &mut variants
        } else {
            &mut excluded
        };
        list.push(Variant { text, counts });
    }
    for list in [&mut variants, &mut excluded] {
        list.sort_by_key(|v: &Variant| std::cmp::Reverse(v.counts.iter().sum::<usize>()));
    }
    (variants, excluded)
}

/// What is looked for: forms that count, and longer names whose occurrences of the
/// name do not.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Forms {
    counted: Vec<Vec<String>>,
    containers: Vec<Vec<String>>,
    note: Option<String>,
}

/// The gazetteer names, as canonical words.
fn gazetteer() -> Vec<Vec<String>> {
    ENTITIES_TXT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(words)
        .collect()
}

/// The forms of an entity: the name, then gazetteer names that begin with a derived
/// form of a one-word name; and the gazetteer names that contain the name but do not end
/// with it.
fn entity_forms(query: &str, name: &[String]) -> Forms {
    let gazetteer = gazetteer();
    let mut counted = vec![name.to_vec()];
    let mut containers = Vec::new();
    for g in &gazetteer {
        let longer = g.len() > name.len();
        let inside = !name.is_empty() && g.windows(name.len()).any(|w| w == name);
        if let [one] = name {
            if g.len() > 1 && derived(one, &g[0]) && !counted.contains(g) {
                counted.push(g.clone());
            }
        }
        if longer && inside && !g.ends_with(name) && !containers.contains(g) {
            containers.push(g.clone());
        }
    }
    let note = (!gazetteer.iter().any(|g| g == name)).then(|| {
        format!("{query:?} is not in the gazetteer (data/entities.txt); it is counted as written")
    });
    Forms {
        counted,
        containers,
        note,
    }
}

/// Where `name` occurs at `i` in `text`; the last word may take a plural `s`.
fn occurs(text: &[String], i: usize, name: &[String], plural_last: bool) -> bool {
    let Some(window) = text.get(i..i + name.len()) else {
        return false;
    };
    window.iter().zip(name).enumerate().all(|(k, (t, n))| {
        t == n || (plural_last && k + 1 == name.len() && t.strip_suffix('s') == Some(n))
    })
}

/// Occurrences in one paragraph: (kind, canonical words found, count). Longer names of
/// other things are found first (their words are excluded), then forms, left to right,
/// the longest form winning at a position, then variants in the words left.
fn find(text: &[String], phrase: &[String], forms: &Forms) -> Vec<(Match, String, usize)> {
    let mut covered = vec![false; text.len()];
    let mut hits: BTreeMap<(Match, String), usize> = BTreeMap::new();
    let passes: [(&[Vec<String>], Match, bool); 2] = [
        (&forms.containers, Match::Excluded, true),
        (&forms.counted, Match::Form, false),
    ];
    for (names, kind, plural) in passes {
        let mut i = 0;
        while i < text.len() {
            let found = names
                .iter()
                .filter(|f| !f.is_empty() && !covered[i] && occurs(text, i, f, plural))
                .max_by_key(|f| f.len());
            let Some(f) = found else {
                i += 1;
                continue;
            };
            let seen = text[i..i + f.len()].join(" ");
            covered[i..i + f.len()].fill(true);
            *hits.entry((kind, seen)).or_default() += 1;
            i += f.len();
        }
    }
    variants(text, phrase, &covered, &mut hits);
    hits.into_iter()
        .map(|((kind, form), count)| (kind, form, count))
        .collect()
}

/// Near variants of `phrase` in the words no form or excluded name covers.
fn variants(
    text: &[String],
    phrase: &[String],
    covered: &[bool],
    hits: &mut BTreeMap<(Match, String), usize>,
) {
    let n = phrase.len();
    let mut i = 0;
    while n > 0 && i + n <= text.len() {
        let window = &text[i..i + n];
        let free = !covered[i..i + n].iter().any(|&c| c);
        if free && window != phrase && window.iter().zip(phrase).all(|(a, b)| near(a, b)) {
            *hits.entry((Match::Variant, window.join(" "))).or_default() += 1;
            i += n;
        } else {
            i += 1;
        }
    }
}

/// The same word, in another spelling, or with an inflection or derivation.
fn near(a: &str, b: &str) -> bool {
    // Every rule keeps the first letter: most words are rejected here, unfolded.
    if a.chars().next() != b.chars().next() {
        return false;
    }
    a == b || spelling(a) == spelling(b) || derived(a, b) || derived(b, a)
}

/// Endings that make a related word: inflections, demonyms, `path` → `pathway`.
const ENDINGS: [&str; 18] = [
    "s", "es", "ed", "d", "ing", "n", "ns", "an", "ans", "ian", "ians", "ean", "eans", "ese",
    "way", "ways", "er", "ers",
];

/// `long` is `short` (at least four letters, a final vowel optionally dropped) plus one
/// of [`ENDINGS`]: `russia` → `russian`, `china` → `chinese`, `path` → `pathway`.
fn derived(short: &str, long: &str) -> bool {
    if short.chars().count() < 4 || long.len() <= short.len() {
        return false;
    }
    let stem = short.trim_end_matches(['a', 'e', 'y']);
    [short, stem].iter().any(|s| {
        s.chars().count() >= 4
            && long
                .strip_prefix(s)
                .is_some_and(|rest| ENDINGS.contains(&rest))
    })
}

/// A word in one spelling, so that British and American forms compare equal.
fn spelling(w: &str) -> String {
    const RULES: [(&str, &str); 12] = [
        ("isation", "ization"),
        ("isations", "izations"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ising", "izing"),
        ("yse", "yze"),
        ("ence", "ense"),
        ("tre", "ter"),
        ("tres", "ters"),
        ("ogue", "og"),
        ("amme", "am"),
    ];
    if w.chars().count() < 5 {
        return w.to_owned();
    }
    for (uk, us) in RULES {
        if let Some(stem) = w.strip_suffix(uk) {
            return format!("{stem}{us}");
        }
    }
    // labour, honour, favour, colour (not four, your).
    if w.len() >= 6 {
        for end in ["our", "ours", "oured", "ouring"] {
            if let Some(stem) = w.strip_suffix(end) {
                return format!("{stem}or{}", &end[3..]);
            }
        }
    }
    w.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(t: &str) -> Vec<String> {
        words(t)
    }

    #[test]
    fn canonical_folds_quotes_case_hyphens_and_possessives() {
        assert_eq!(
            canonical("Russia’s “irreversible” Path — rules-based order"),
            "russia irreversible path rules based order"
        );
        assert_eq!(
            canonical("NATO´s  defence\u{a0}plans"),
            "nato defence plans"
        );
        assert_eq!(canonical("Allies' don't"), "allies don't");
    }

    #[test]
    fn near_forms() {
        assert!(near("path", "pathway"));
        assert!(near("russian", "russia"));
        assert!(near("china", "chinese"));
        assert!(near("ukraine", "ukrainian"));
        assert!(near("defence", "defense"));
        assert!(near("militarisation", "militarization"));
        assert!(near("centre", "center"));
        assert!(near("labour", "labor"));
        assert!(!near("four", "for"));
        assert!(!near("nation", "notion"));
        assert!(!near("path", "patch"));
        assert!(!near("state", "statue"));
        assert!(!near("the", "they"));
        assert!(!near("state", "statement"));
        assert!(!near("nation", "national"));
    }

    #[test]
    fn forms_are_counted_and_variants_kept_apart() {
        let text =
            w("An irreversible path, an irreversible pathway, and the irreversible path again.");
        let phrase = w("irreversible path");
        let forms = Forms {
            counted: vec![phrase.clone()],
            containers: Vec::new(),
            note: None,
        };
        assert_eq!(
            find(&text, &phrase, &forms),
            [
                (Match::Form, "irreversible path".to_owned(), 2),
                (Match::Variant, "irreversible pathway".to_owned(), 1)
            ]
        );
    }

    #[test]
    fn entity_aliases_and_exclusions_come_from_the_gazetteer() {
        let forms = entity_forms("Russia", &w("Russia"));
        assert_eq!(forms.counted, [w("Russia"), w("Russian Federation")]);
        assert_eq!(forms.note, None);
        let found = find(
            &w("the Russian Federation and Russia, and Russian drones"),
            &w("Russia"),
            &forms,
        );
        assert_eq!(
            found,
            [
                (Match::Form, "russia".to_owned(), 1),
                (Match::Form, "russian federation".to_owned(), 1),
                (Match::Variant, "russian".to_owned(), 1)
            ]
        );
        let china = entity_forms("China", &w("China"));
        let found = find(
            &w("in the East and South China Seas; the People’s Republic of China"),
            &w("China"),
            &china,
        );
        assert_eq!(
            found,
            [
                (Match::Form, "china".to_owned(), 1),
                (Match::Excluded, "south china seas".to_owned(), 1)
            ]
        );
        let unknown = entity_forms("Ruritania", &w("Ruritania"));
        assert_eq!(unknown.counted, [w("Ruritania")]);
        assert!(unknown.note.unwrap().contains("not in the gazetteer"));
    }
}
