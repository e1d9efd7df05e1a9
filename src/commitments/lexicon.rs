//! Word lists for detection and comparison, with their strengths: single
//! words are separated by spaces, phrases by `|`, all lowercase.
//!
//! Lists that detection consults for every token are [`WordList`]s and
//! [`PhraseList`]s: the text of the list is the source of truth, and a hash
//! index is built from it on first use, so a lookup costs one hash instead
//! of a scan of the list.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::Strength::{self, Binding, Hedged, Intent, Support};

/// Whether the space-separated `list` contains `word`.
pub(super) fn has_word(list: &str, word: &str) -> bool {
    list.split(' ').any(|w| w == word)
}

/// The `|`-separated phrases of `list`.
pub(super) fn phrases(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.split('|')
}

/// `base` or its third-person form (`reaffirms`, `is` for `are`).
pub(super) fn inflects(word: &str, base: &str) -> bool {
    word == base
        || word
            .strip_prefix(base)
            .is_some_and(|rest| rest == "s" || rest == "es")
        || (base == "are" && word == "is")
        || (base == "have" && word == "has")
}

/// The bases that `word` is an inflection of: every `b` with
/// `inflects(word, b)`, that is `word` itself, `word` less a final `s` or
/// `es`, and `are`/`have` for `is`/`has`.
pub(super) fn inflection_bases(word: &str) -> impl Iterator<Item = &str> {
    let irregular = match word {
        "is" => Some("are"),
        "has" => Some("have"),
        _ => None,
    };
    [
        Some(word),
        word.strip_suffix('s'),
        word.strip_suffix("es"),
        irregular,
    ]
    .into_iter()
    .flatten()
}

/// A space-separated word list with a hash set built on first use.
pub(super) struct WordList {
    list: &'static str,
    /// The words, and the length in bytes of the longest.
    set: OnceLock<(FxHashSet<&'static str>, usize)>,
}

impl WordList {
    /// A list of words separated by single spaces.
    pub(super) const fn new(list: &'static str) -> Self {
        WordList {
            list,
            set: OnceLock::new(),
        }
    }

    /// Whether the list contains `word` (as [`has_word`] would say).
    pub(super) fn contains(&self, word: &str) -> bool {
        let (set, longest) = self.set.get_or_init(|| {
            let set: FxHashSet<&str> = self.list.split(' ').collect();
            let longest = set.iter().map(|w| w.len()).max().unwrap_or(0);
            (set, longest)
        });
        word.len() <= *longest && set.contains(word)
    }

    /// Whether `word` is a word of the list or an inflection of one.
    pub(super) fn contains_inflected(&self, word: &str) -> bool {
        inflection_bases(word).any(|b| self.contains(b))
    }
}

/// A `|`-separated phrase list indexed by first word on first use.
pub(super) struct PhraseList {
    list: &'static str,
    index: OnceLock<FxHashMap<&'static str, Vec<Vec<&'static str>>>>,
}

impl PhraseList {
    const fn new(list: &'static str) -> Self {
        PhraseList {
            list,
            index: OnceLock::new(),
        }
    }

    /// The words of each phrase whose first word is `first`, in list order.
    pub(super) fn starting(&self, first: &str) -> &[Vec<&'static str>] {
        let index = self.index.get_or_init(|| {
            let mut index: FxHashMap<&str, Vec<Vec<&str>>> = FxHashMap::default();
            for p in phrases(self.list) {
                let words: Vec<&str> = p.split(' ').collect();
                let first = words.first().copied().unwrap_or("");
                index.entry(first).or_default().push(words);
            }
            index
        });
        index.get(first).map_or(&[], Vec::as_slice)
    }
}

/// Signatory subjects (lowercase); an optional leading `the` is allowed.
pub(super) static SUBJECTS: PhraseList = PhraseList::new(
    "we|allies|all allies|nato allies|allied leaders|leaders|g7 leaders|\
    g7 members|g7 countries|nato leaders|quad leaders|quad partners|quad countries|alliance|\
    nato|g7|group of seven|quad|our countries|our nations|our governments|our leaders|\
    bucharest 9|b9|both leaders|two leaders|both presidents|two presidents|\
    both countries|two countries|our two countries|both sides|two sides|\
    each of our governments|each of our countries|each of our nations|our two nations|\
    our three nations|our three countries|our four countries|our four nations|\
    aukus partners|the aukus partners|secretary general|nato secretary general|\
    the united states and the european union|the united states and the eu",
);
/// Governments that sign the statements redliner is built for (G7, NATO, the Quad,
/// AUKUS, the Bucharest Nine, the U.S. and its treaty partners in joint statements),
/// as gazetteer names: one of them alone at the start of a clause is a signatory
/// subject ("India commits…", "The United States will offer…"). Ukraine, Russia and
/// third countries are not: "Ukraine will…" is about a third party.
pub(super) const SIGNATORY_GOVERNMENTS: &str = "United States|United States of America|\
    Australia|India|Japan|United Kingdom|UK|Canada|France|Germany|Italy|European Union|EU|\
    Republic of Korea|ROK|South Korea|New Zealand|Bulgaria|Czech Republic|Czechia|Estonia|\
    Hungary|Latvia|Lithuania|Poland|Romania|Slovakia";
/// Titles that, followed by a name, make a leader a signatory subject
/// ("President Yoon and President Biden commit…", "Prime Minister Kishida will…").
pub(super) static LEADER_TITLES: PhraseList =
    PhraseList::new("president|prime minister|chancellor|secretary general|secretary-general");
/// Gazetteer names that are never taken as signatories in a list subject.
pub(super) const NON_SIGNATORIES: &str = "Russia|Russian Federation|Belarus|Iran|North Korea|DPRK|\
    Democratic People's Republic of Korea|China|People's Republic of China|PRC|Syria";
/// Words that may precede a noun subject at the start of a clause.
pub(super) static CONNECTORS: WordList = WordList::new(
    "and but so thus hence therefore together today now also then \
    furthermore moreover accordingly additionally finally meanwhile",
);
/// Words heading an official body: `the defence ministers of …`.
pub(super) static OFFICIALS: WordList = WordList::new("ministers leaders heads representatives");

/// Cue phrases by strength (lowercase); the first word may take a
/// third-person form (`commits`, `is committed to`).
const BINDING_CUES: &str = "will|'ll|shall|must|are committed to|are committed|\
    are committing to|remain committed to|remain committed|stay committed to|commit to|commit|\
    recommit to|recommit|pledge to|pledge|are determined to|are determined|\
    remain determined to|remain determined|are resolved to|are resolute|remain resolute|\
    resolve to|resolve|decide to|decide|have decided to|agree to|agree|have agreed to|\
    undertake to|have committed to|have pledged to|announce|launch|remain dedicated to|are dedicated to|remain dedicated|\
    remain resolved to|remain resolved|\
    are dedicated";
const INTENT_CUES: &str = "intend to|intend|aim to|plan to|strive to|are ready to|\
    stand ready to|remain ready to|are prepared to|should|reaffirm|reiterate|reconfirm|\
    seek to|are stepping up|step up|ask our|task our|instruct our|direct our|call on|\
    call upon";
const SUPPORT_CUES: &str = "support|welcome|encourage|endorse|stand with|stand by|\
    stand in support of|stand in solidarity with|stand for";
const HEDGED_CUES: &str = "may|might|could|consider|explore|look into|examine";

/// Every cue phrase with its strength.
fn cue_table() -> impl Iterator<Item = (&'static str, Strength)> {
    [
        (BINDING_CUES, Binding),
        (INTENT_CUES, Intent),
        (SUPPORT_CUES, Support),
        (HEDGED_CUES, Hedged),
    ]
    .into_iter()
    .flat_map(|(list, s)| phrases(list).map(move |p| (p, s)))
}

/// One phrase of the cue table.
pub(super) struct Cue {
    /// Position in the table (the first of equally long matches loses).
    pub(super) order: usize,
    /// The phrase as listed.
    pub(super) phrase: &'static str,
    /// The words after the first one.
    pub(super) rest: Vec<&'static str>,
    /// Strength of the cue.
    pub(super) strength: Strength,
}

/// The cue table indexed by first word.
fn cue_index() -> &'static FxHashMap<&'static str, Vec<Cue>> {
    static INDEX: OnceLock<FxHashMap<&'static str, Vec<Cue>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: FxHashMap<&str, Vec<Cue>> = FxHashMap::default();
        for (order, (phrase, strength)) in cue_table().enumerate() {
            let mut words = phrase.split(' ');
            let first = words.next().unwrap_or("");
            index.entry(first).or_default().push(Cue {
                order,
                phrase,
                rest: words.collect(),
                strength,
            });
        }
        index
    })
}

/// The cues whose first word is `word` or a base it inflects, in no
/// particular order (every other cue has a first word `word` cannot match).
pub(super) fn cues_for(word: &str) -> impl Iterator<Item = &'static Cue> + '_ {
    inflection_bases(word)
        .filter_map(|b| cue_index().get(b))
        .flatten()
}

/// Single-word cues that are not cues when followed by one of these words
/// (`we agree on the importance of …` states a view, not an intent).
/// `we reaffirm that …` and `we reiterate that …` restate a view.
pub(super) const BARE_CUE_EXCEPTIONS: &[(&str, &str)] = &[
    ("agree", "on with that"),
    ("decide", "on whether"),
    ("reaffirm", "that"),
    ("reiterate", "that"),
    ("reconfirm", "that"),
];

/// Cue words that are also nouns (`dialogue and support for Ukraine`), so a
/// one-word cue among them is not taken as a coordinated cue after `and`.
pub(super) static NOUN_LIKE_CUES: WordList =
    WordList::new("support pledge demand resolve welcome aim plan call study stand look launch");

pub(super) static MODALS: WordList = WordList::new("will 'll shall must should may might could");

/// Verbs that weaken a preceding modal (`will consider` is hedged).
pub(super) static HEDGED_AFTER_MODAL: PhraseList =
    PhraseList::new("consider|explore|seek to|look into|examine|study|try to");
pub(super) static INTENT_AFTER_MODAL: PhraseList = PhraseList::new(
    "aim to|strive to|endeavour to|endeavor to|seek to|work to|work towards|work toward",
);

/// Verbs that take a commitment noun phrase: `express our commitment`.
pub(super) static NOUN_CUE_VERBS: WordList = WordList::new(
    "express make renew reaffirm reiterate restate confirm affirm \
    underscore underline emphasize emphasise re-emphasize reemphasize stress",
);
pub(super) static NOUN_CUE_DETERMINERS: WordList = WordList::new("our a an its their the his her");
static BINDING_NOUNS: WordList =
    WordList::new("commitment commitments pledge determination resolve");
static INTENT_NOUNS: WordList = WordList::new("intent intention intentions");
static SUPPORT_NOUNS: WordList = WordList::new("support solidarity");

/// Cues whose simple past reports a commitment made at the meeting the statement records
/// (`The United States and Japan reaffirmed their commitment`, `We also committed today
/// to`), as long as the sentence dates it to no other time. Verbs of events (`launched`,
/// `announced`, `welcomed`) are not here: in the past they describe what happened.
pub(super) static PAST_CUES: WordList = WordList::new(
    "commit recommit pledge resolve reaffirm reiterate reconfirm restate decide agree",
);

/// Verbs that, in progress after a signatory subject (`we are deepening our
/// engagement`) or after `continue to` (`we continue to strengthen our coordination`),
/// report an undertaking under way. `explore` is hedged; the rest are intent.
pub(super) static UNDERTAKING_VERBS: WordList = WordList::new(
    "work strengthen deepen expand increase enhance coordinate conduct cooperate \
    collaborate consult promote pursue advance build develop invest provide accelerate \
    boost bolster broaden intensify engage implement assist help take deliver mobilize \
    mobilise tackle address counter combat protect defend uphold reduce apply impose \
    explore plan",
);

/// The base of `word` when it is the regular simple past of a word of `list`:
/// `reaffirmed` → `reaffirm`, `agreed` → `agree`, `committed` → `commit`.
pub(super) fn past_base(word: &str, list: &WordList) -> Option<String> {
    suffixed_base(word, "ed", list)
}

/// The base of an `-ing` form in `list`: `deepening` → `deepen`, `taking` → `take`,
/// `stepping` → `step`.
pub(super) fn ing_base(word: &str, list: &WordList) -> Option<String> {
    suffixed_base(word, "ing", list)
}

/// `word` less `suffix`, then with an `e` restored or a doubled final consonant
/// undone, whichever is a word of `list`.
fn suffixed_base(word: &str, suffix: &str, list: &WordList) -> Option<String> {
    let stem = word.strip_suffix(suffix)?;
    let e = format!("{stem}e");
    let undoubled = stem
        .char_indices()
        .last()
        .filter(|&(i, c)| i > 0 && stem[..i].ends_with(c))
        .map(|(i, _)| &stem[..i]);
    let base = [Some(stem), Some(e.as_str()), undoubled]
        .into_iter()
        .flatten()
        .find(|b| list.contains(b))
        .map(str::to_owned);
    base
}
/// Nouns that make a noun phrase descriptive: `express our deep concern`.
pub(super) static DESCRIPTIVE_NOUNS: WordList = WordList::new(
    "concern concerns regret condolences sympathy appreciation \
    gratitude thanks alarm outrage dismay disappointment satisfaction call calls",
);
/// Nouns for a position held, not a course of action: what `reaffirm` or `reiterate`
/// restates when it heads their object (`the importance of`, `our view that`).
pub(super) static POSITION_NOUNS: WordList = WordList::new(
    "importance need necessity significance role view views position positions belief beliefs \
    conviction opinion condemnation concern concerns",
);
/// Words that end the modifier run of a noun phrase cue.
pub(super) static NOUN_PHRASE_STOPS: WordList = WordList::new("of to for in on with that and");

/// Strength of a commitment noun such as `commitment` or `support`.
pub(super) fn commitment_noun(word: &str) -> Option<Strength> {
    if BINDING_NOUNS.contains(word) {
        Some(Binding)
    } else if INTENT_NOUNS.contains(word) {
        Some(Intent)
    } else if SUPPORT_NOUNS.contains(word) {
        Some(Support)
    } else {
        None
    }
}

/// Verbs of opinion: a commitment cue after `we believe`, `we are convinced that` states
/// a view, not an undertaking.
pub(super) static OPINION_VERBS: WordList =
    WordList::new("believe believes think thinks convinced hope hopes");
/// Verbs that state a view when a modal announces them (`Leaders will affirm that …`).
pub(super) static ASSERTING_VERBS: WordList = WordList::new(
    "affirm reaffirm reiterate underscore underline stress emphasize emphasise recognize \
    recognise acknowledge note highlight",
);
/// Nouns of time that may open a sentence as an adverb (`This year we will …`).
pub(super) static TIME_NOUNS: WordList =
    WordList::new("year years week month months time day days decade summer autumn winter spring");

/// Verbs that make a modal's complement a meeting in the calendar, not an undertaking
/// (`Allied leaders will meet`, `NATO Allies will welcome`, `leaders will hear directly
/// from`, `will receive a Progress Report`, `will discuss`).
/// Verbs of meeting whose purpose clause may carry a commitment (`convened to reaffirm
/// our commitment`); `met` is their one irregular past.
pub(super) static MEETING_VERBS: WordList = WordList::new("meet convene gather");
pub(super) static SCHEDULE_VERBS: WordList = WordList::new(
    "meet convene reconvene gather welcome participate attend travel visit hear receive \
    discuss",
);
/// `hold`/`host` a summit or meeting is a schedule item too.
pub(super) static SCHEDULE_HOSTS: WordList = WordList::new("hold host");
pub(super) static SCHEDULE_EVENTS: WordList =
    WordList::new("summit summits meeting meetings ministerial session conference");

/// Adverbs (and commas) that may stand between subject and cue.
pub(super) static FILLERS: WordList = WordList::new(
    "also therefore further furthermore moreover again once jointly \
    collectively together hereby now today still all both each thus hence accordingly \
    additionally equally likewise similarly individually actively always immediately \
    urgently warmly highly greatly can do does don doesn ,",
);

pub(super) static INTENSIFIERS: WordList = WordList::new(
    "strongly firmly fully resolutely unequivocally steadfastly \
    unwaveringly wholeheartedly deeply urgently unwavering iron-clad ironclad steadfast strong \
    firm full resolute unequivocal unconditional unshakeable unshakable enduring consistent",
);

/// Multi-word intensifiers, recorded wherever they occur in the sentence.
pub(super) static PHRASE_INTENSIFIERS: PhraseList = PhraseList::new(
    "in the strongest terms|in the strongest possible terms|\
    for as long as it takes|without reservation",
);

pub(super) static NEGATIONS: WordList = WordList::new("not never cannot 't no");

/// Verbs of flagging resolve: negated after a modal (`will not waver`, `shall never
/// tire`) they make an emphatic pledge, not a negated one.
pub(super) static FLAGGING_VERBS: WordList =
    WordList::new("waver tire falter relent rest hesitate flinch");

/// Fixed condition phrases.
pub(super) static CONDITIONS: PhraseList = PhraseList::new(
    "once conditions allow|as conditions allow|when conditions allow|\
    conditions permitting|when allies agree|when all allies agree|once allies agree|\
    where appropriate|as appropriate|when appropriate|where possible|wherever possible|\
    where feasible|as soon as possible|to the extent possible|as necessary|where necessary|\
    when necessary|as needed|voluntary basis",
);

/// Condition openers that run to the next comma or clause mark (at most 8 words).
pub(super) static OPEN_CONDITIONS: PhraseList = PhraseList::new(
    "if|unless|subject to|provided that|depending on|\
    in line with national|in line with our national|in line with their national|\
    in accordance with national|consistent with national",
);

pub(super) static STOPWORDS: WordList = WordList::new(
    "the a an of to and or in on for with by at from as that this these \
    those is are be been was were it its our their we us which who has have including into all \
    also",
);

#[cfg(test)]
mod tests {
    //! The indexes must answer exactly as a scan of the list text would.

    use super::*;
    use crate::commitments::words::tokenize;

    static WORD_LISTS: [&WordList; 19] = [
        &CONNECTORS,
        &ASSERTING_VERBS,
        &TIME_NOUNS,
        &INTENT_NOUNS,
        &PAST_CUES,
        &UNDERTAKING_VERBS,
        &OFFICIALS,
        &NOUN_LIKE_CUES,
        &MODALS,
        &NOUN_CUE_VERBS,
        &NOUN_CUE_DETERMINERS,
        &BINDING_NOUNS,
        &SUPPORT_NOUNS,
        &DESCRIPTIVE_NOUNS,
        &NOUN_PHRASE_STOPS,
        &FILLERS,
        &INTENSIFIERS,
        &NEGATIONS,
        &STOPWORDS,
    ];
    static PHRASE_LISTS: [&PhraseList; 6] = [
        &SUBJECTS,
        &HEDGED_AFTER_MODAL,
        &INTENT_AFTER_MODAL,
        &PHRASE_INTENSIFIERS,
        &CONDITIONS,
        &OPEN_CONDITIONS,
    ];

    /// Every listed word, its inflections and near misses, and the tokens
    /// of a B9 statement.
    fn probes() -> Vec<String> {
        let lists = WORD_LISTS.iter().map(|l| l.list);
        let phrase_lists = PHRASE_LISTS.iter().map(|l| l.list);
        let cues = cue_table().map(|(p, _)| p);
        let words: Vec<&str> = lists
            .chain(phrase_lists)
            .chain(cues)
            .flat_map(|l| l.split([' ', '|']))
            .collect();
        let mut out: Vec<String> = ["", "s", "es", "is", "has", "S", "We", "Will"]
            .map(String::from)
            .to_vec();
        for w in words {
            for form in [w.to_string(), format!("{w}s"), format!("{w}es")] {
                out.push(form.clone());
                out.extend(form.char_indices().map(|(i, _)| form[..i].to_string()));
            }
        }
        let b9 = include_str!("../../fixtures/b9-2024.txt");
        out.extend(tokenize(b9).into_iter().map(|t| t.low.into_owned()));
        out
    }

    #[test]
    fn word_lists_answer_like_a_scan() {
        for w in probes() {
            for list in WORD_LISTS {
                assert_eq!(list.contains(&w), has_word(list.list, &w), "{w:?}");
                let scan = list.list.split(' ').any(|b| inflects(&w, b));
                assert_eq!(list.contains_inflected(&w), scan, "{w:?}");
            }
        }
    }

    #[test]
    fn phrase_lists_answer_like_a_scan() {
        for w in probes() {
            for list in PHRASE_LISTS {
                let scan: Vec<Vec<&str>> = phrases(list.list)
                    .filter(|p| p.split(' ').next() == Some(w.as_str()))
                    .map(|p| p.split(' ').collect())
                    .collect();
                assert_eq!(list.starting(&w), scan.as_slice(), "{w:?}");
            }
        }
    }

    #[test]
    fn cue_index_answers_like_a_scan() {
        for w in probes() {
            let mut found: Vec<usize> = cues_for(&w).map(|c| c.order).collect();
            found.sort_unstable();
            let scan: Vec<usize> = cue_table()
                .enumerate()
                .filter(|(_, (p, _))| inflects(&w, p.split(' ').next().unwrap_or("")))
                .map(|(k, _)| k)
                .collect();
            assert_eq!(found, scan, "{w:?}");
        }
        let table: Vec<(&str, Strength)> = cue_table().collect();
        for cue in cues_for("reaffirms").chain(cues_for("is")) {
            let (phrase, strength) = table[cue.order];
            let rest: Vec<&str> = phrase.split(' ').skip(1).collect();
            assert_eq!(
                (cue.phrase, cue.strength, &cue.rest),
                (phrase, strength, &rest)
            );
        }
    }
}
