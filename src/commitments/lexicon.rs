//! Word lists for detection and comparison, with their strengths: single
//! words are separated by spaces, phrases by `|`, all lowercase.

use super::Strength::{self, Binding, Hedged, Intent, Support};

/// Whether the space-separated `list` contains `word`.
pub(super) fn has_word(list: &str, word: &str) -> bool {
    list.split(' ').any(|w| w == word)
}

/// The `|`-separated phrases of `list`.
pub(super) fn phrases(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.split('|')
}

/// Signatory subjects (lowercase); an optional leading `the` is allowed.
pub(super) const SUBJECTS: &str =
    "we|allies|all allies|nato allies|allied leaders|leaders|g7 leaders|\
    g7 members|g7 countries|nato leaders|quad leaders|quad partners|quad countries|alliance|\
    nato|g7|group of seven|quad|our countries|our nations|our governments|our leaders|\
    bucharest 9|b9";
/// Gazetteer names that are never taken as signatories in a list subject.
pub(super) const NON_SIGNATORIES: &str = "Russia|Russian Federation|Belarus|Iran|North Korea|DPRK|\
    Democratic People's Republic of Korea|China|People's Republic of China|PRC|Syria";
/// Words that may precede a noun subject at the start of a clause.
pub(super) const CONNECTORS: &str = "and but so thus hence therefore together today now also then \
    furthermore moreover accordingly additionally finally meanwhile";
/// Words heading an official body: `the defence ministers of …`.
pub(super) const OFFICIALS: &str = "ministers leaders heads representatives";

/// Cue phrases by strength (lowercase); the first word may take a
/// third-person form (`commits`, `is committed to`).
const BINDING_CUES: &str = "will|'ll|shall|must|are committed to|are committed|\
    are committing to|remain committed to|remain committed|stay committed to|commit to|commit|\
    recommit to|recommit|pledge to|pledge|are determined to|are determined|\
    remain determined to|remain determined|are resolved to|are resolute|remain resolute|\
    resolve to|resolve|decide to|decide|have decided to|agree to|agree|have agreed to|\
    undertake to";
const INTENT_CUES: &str = "intend to|intend|aim to|plan to|strive to|are ready to|\
    stand ready to|remain ready to|are prepared to|should|reaffirm|reiterate|call on|\
    call upon|call for|urge|demand|condemn";
const SUPPORT_CUES: &str = "support|welcome|encourage|endorse|stand with|stand by|\
    stand in support of|stand in solidarity with";
const HEDGED_CUES: &str = "may|might|could|consider|explore|seek to|look into|examine";

/// Every cue phrase with its strength.
pub(super) fn cue_table() -> impl Iterator<Item = (&'static str, Strength)> {
    [
        (BINDING_CUES, Binding),
        (INTENT_CUES, Intent),
        (SUPPORT_CUES, Support),
        (HEDGED_CUES, Hedged),
    ]
    .into_iter()
    .flat_map(|(list, s)| phrases(list).map(move |p| (p, s)))
}

/// Single-word cues that are not cues when followed by one of these words
/// (`we agree on the importance of …` states a view, not an intent).
pub(super) const BARE_CUE_EXCEPTIONS: &[(&str, &str)] =
    &[("agree", "on with that"), ("decide", "on whether")];

/// Cue words that are also nouns (`dialogue and support for Ukraine`), so a
/// one-word cue among them is not taken as a coordinated cue after `and`.
pub(super) const NOUN_LIKE_CUES: &str =
    "support pledge demand resolve welcome aim plan call study stand look";

pub(super) const MODALS: &str = "will 'll shall must should may might could";

/// Verbs that weaken a preceding modal (`will consider` is hedged).
pub(super) const HEDGED_AFTER_MODAL: &str =
    "consider|explore|seek to|look into|examine|study|try to";
pub(super) const INTENT_AFTER_MODAL: &str = "aim to|strive to|endeavour to|endeavor to";

/// Verbs that take a commitment noun phrase: `express our commitment`.
pub(super) const NOUN_CUE_VERBS: &str =
    "express make renew reaffirm reiterate restate confirm affirm \
    underscore underline emphasize emphasise re-emphasize reemphasize stress";
pub(super) const NOUN_CUE_DETERMINERS: &str = "our a an its their the";
const BINDING_NOUNS: &str = "commitment commitments pledge determination resolve";
const SUPPORT_NOUNS: &str = "support solidarity";
/// Nouns that make a noun phrase descriptive: `express our deep concern`.
pub(super) const DESCRIPTIVE_NOUNS: &str =
    "concern concerns regret condolences sympathy appreciation \
    gratitude thanks alarm outrage dismay disappointment satisfaction";
/// Words that end the modifier run of a noun phrase cue.
pub(super) const NOUN_PHRASE_STOPS: &str = "of to for in on with that and";

/// Strength of a commitment noun such as `commitment` or `support`.
pub(super) fn commitment_noun(word: &str) -> Option<Strength> {
    if has_word(BINDING_NOUNS, word) {
        Some(Binding)
    } else if has_word(SUPPORT_NOUNS, word) {
        Some(Support)
    } else {
        None
    }
}

/// Adverbs (and commas) that may stand between subject and cue.
pub(super) const FILLERS: &str = "also therefore further furthermore moreover again once jointly \
    collectively together hereby now today still all both each thus hence accordingly \
    additionally equally likewise similarly individually actively always immediately \
    urgently warmly highly greatly can do does don doesn ,";

pub(super) const INTENSIFIERS: &str = "strongly firmly fully resolutely unequivocally steadfastly \
    unwaveringly wholeheartedly deeply urgently unwavering iron-clad ironclad steadfast strong \
    firm full resolute unequivocal unconditional unshakeable unshakable enduring";

/// Multi-word intensifiers, recorded wherever they occur in the sentence.
pub(super) const PHRASE_INTENSIFIERS: &str =
    "in the strongest terms|in the strongest possible terms|\
    for as long as it takes|without reservation";

pub(super) const NEGATIONS: &str = "not never cannot 't no";

/// Fixed condition phrases.
pub(super) const CONDITIONS: &str =
    "once conditions allow|as conditions allow|when conditions allow|\
    conditions permitting|when allies agree|when all allies agree|once allies agree|\
    where appropriate|as appropriate|when appropriate|where possible|wherever possible|\
    where feasible|as soon as possible|to the extent possible|as necessary|where necessary|\
    when necessary|as needed|voluntary basis";

/// Condition openers that run to the next comma or clause mark (at most 8 words).
pub(super) const OPEN_CONDITIONS: &str = "if|unless|subject to|provided that|depending on|\
    in line with national|in line with our national|in line with their national|\
    in accordance with national|consistent with national";

pub(super) const STOPWORDS: &str =
    "the a an of to and or in on for with by at from as that this these \
    those is are be been was were it its our their we us which who has have including into all \
    also";
