//! Commitments: sentence segmentation, rule-based detection of commitments in
//! political statements, sentence alignment inside a paragraph unit, and typed
//! comparison of two versions of one commitment.
//!
//! # What counts as a commitment
//!
//! Following the G7 Research Group, a commitment is a discrete, specific,
//! publicly expressed, collectively agreed statement of future intent.
//! [`detect`] accepts a sentence when a *signatory subject* is followed by a
//! *cue*:
//!
//! - Subjects: `we` (also `Together, we`, `We, the leaders of …,`), `Allies`,
//!   `Allied leaders`, `Leaders`, `the Alliance`, `NATO`, `the G7`, `the Quad`,
//!   `Quad partners`, `our countries`, `the defence ministers of …`, and lists
//!   of two or more gazetteer names (`Bulgaria, … and Slovakia`) that do not
//!   name a non-signatory such as Russia, Belarus, China, Iran or North Korea.
//!   A noun subject must start a clause (sentence start, after a comma, colon,
//!   dash, or a connector such as `and`); `we` may appear anywhere. An
//!   apposition after the subject (`We, the defence ministers of …, met`) is
//!   skipped, and a cue coordinated with `and` (`We note X and will Y`) counts
//!   unless a `that`/`which`/`who` clause intervenes.
//! - Adverbs, negations and `continue to` may sit between subject and cue
//!   (`we will, therefore, collaborate`, `we also encourage`, `we continue to
//!   support`). The cue is matched as whole words, case-insensitively, with
//!   third-person forms (`NATO reaffirms`, `the Quad is committed to`).
//! - Not commitments: past tense (`Allies reaffirmed`, `we welcomed`), reports
//!   and descriptions (`This will provide …`, `Russia remains …`, `NATO …
//!   remains the strongest Alliance`: `remains` is not a cue), and descriptive
//!   verbs: `recognise`, `acknowledge`, `note`, `recall`, `emphasize`, `need`,
//!   `look forward to`, `express … concern`, `agree on …`. `express our
//!   commitment to` and `express our support for` *are* commitments, as is a
//!   sentence that opens `Our pledge …` and calls it iron-clad or unwavering.
//!
//! # Strength scale
//!
//! [`Strength`] is ordinal, `Hedged < Support < Intent < Binding`:
//!
//! | strength  | cues |
//! |-----------|------|
//! | `Binding` | will, shall, must, are/remain committed to, commit to, pledge, resolve, are determined/resolved/resolute, decide, agree to, undertake to; express/make/renew a commitment |
//! | `Intent`  | intend to, aim to, plan to, strive to, are/stand ready to, should; reaffirm, reiterate; call on/for, urge, demand, condemn |
//! | `Support` | support, welcome, encourage, endorse, stand with, express our support |
//! | `Hedged`  | may, might, could, consider, explore, seek to, look into, examine |
//!
//! Reaffirm and reiterate restate a position rather than add an undertaking,
//! so on their own they are `Intent`; with a commitment noun they take the
//! noun's strength (`reaffirm our commitment` is `Binding`, `reaffirm our
//! strong support` and `reaffirm our consistent and unwavering support` are
//! `Support`; adjectives may be joined by `and` or commas). A change of those
//! adjectives alone is no modality change. Call on, urge, demand and condemn press
//! others or state a position without the signatories binding themselves to
//! act, and `should` is normative, so they are `Intent` too. A modal followed
//! by a weaker verb takes the weaker strength (`will consider`, `shall seek
//! to` are `Hedged`; `will aim to` is `Intent`). Qualifiers such as `where
//! appropriate` or `as conditions allow` do not lower the strength: they are
//! recorded in [`Commitment::conditions`] and show up as
//! [`SignalKind::Condition`], so one edit is reported once.
//!
//! # Signals and directions
//!
//! [`compare`] reports typed [`Signal`]s:
//!
//! - `Modality`: strength changed (direction follows the scale) or the cue
//!   changed at equal strength (neutral).
//! - `Negation`: a `not`/`never`/`cannot` on the cue added (weaker) or removed
//!   (stronger). `not only` is not a negation.
//! - `Intensity`: intensifiers (strongly, firmly, fully, unwavering,
//!   iron-clad, steadfast, `in the strongest terms`, `for as long as it
//!   takes`, …) added (stronger), dropped (weaker), swapped (neutral). Single
//!   words count between subject and cue end (`we strongly condemn`, `reaffirm
//!   our unwavering support`) and as adverbs right after a cue that does not
//!   end in `to`/`for` (`we condemn unequivocally`), so a moved intensifier
//!   is no signal; not in the object (`ensure that the Alliance fully
//!   resources`, `call for full implementation`); phrases count anywhere.
//! - `Number`: amounts compared by value with [`parse_number`], so `2%` equals
//!   `two per cent`. Percentages, money and scaled amounts: larger is
//!   stronger. Deadline years (`by`, `before`, `in`, `from`, `end of`, `no
//!   later than`): later is weaker. Horizon years (`through`, `until`,
//!   `beyond`): later is stronger. Other years, bare numbers, currency
//!   changes and added or dropped amounts: neutral. Amounts pair up in order
//!   within their kind; paragraph numbers, digits inside entity names
//!   (`Bucharest 9`) and numbers that name something (`Resolution 2593
//!   (2021)`, `1267 Sanctions Committee`, `26/11`) are ignored.
//! - `Entity`: names from `data/entities.txt` (longest match wins, so
//!   `Republic of Moldova` is one entity) added or removed; neutral, because
//!   whether a new name widens or narrows a commitment depends on who it is.
//!   Names are compared as written, so `Moldova` → `Republic of Moldova` is
//!   reported.
//! - `Condition`: qualifier added (weaker), dropped (stronger), swapped
//!   (neutral).
//! - `Other`: subject changed, or content words outside all of the above
//!   (and outside both cues) changed; neutral. Words that differ only by
//!   light inflection (`continue`/`continuing`, `-s`, `-ed`) or by `-ize`/
//!   `-ise` spelling are not reported.
//!
//! # Overall direction
//!
//! Signals are read in tiers: first modality and negation, then number, then
//! intensity and condition. The first tier with a non-neutral signal decides:
//! the majority direction within it wins and a tie is neutral. Lower tiers
//! are not consulted once a tier has spoken, so `will` → `may consider` stays
//! weaker even if an amount grew.
//!
//! # Sentence segmentation
//!
//! [`split_sentences`] splits after `.`, `!` or `?` (plus closing quotes,
//! brackets and Markdown emphasis) when whitespace and a non-lowercase
//! character follow, except after abbreviations (titles such as `Mr.`,
//! `Jr.`; `e.g.`, `i.e.`; initials and dotted acronyms such as `R.`,
//! `U.S.`; `No.`/`Art.` before a number), ellipses and paragraph numbers
//! (`1.` at the start of a line). It also splits at blank lines and before
//! bulleted list items. It never splits on `;` or `:`.
//!
//! # Limitations
//!
//! One commitment per sentence (the first cue found). Pronouns other than
//! `we` (`They will agree …`), institutions (`our DFIs intend to`, `NATO
//! efforts will`) and a single country (`Japan will …`) are not taken as
//! signatories. Bullet items that continue a lead-in (`We are determined
//! to:` / `- support …`) carry no subject of their own. Ongoing action (`we
//! are taking steps`, `we continue to impose`) and mandates (`we task our
//! ministers`, `we invite`) are not cues. A coordinated cue after a `that`
//! clause is missed (`We are united in recognizing that … and will work`).
//! Contractions other than `we’ll` and `don’t` are not handled.

// Layout: `sentences` segments text; `detection` finds a commitment in one
// sentence using the word lists in `lexicon`; `signals` compares two
// commitments with the help of `numbers` (amounts) and `entities` (the
// gazetteer); `sentence_align` pairs sentences; `words` is the tokenizer
// they share. The dump that checks an optimisation changes no result is an ignored
// test, `tests/integration/commitments_dump.rs`; the timings are divan benches.
pub mod changes;
mod detection;
mod entities;
mod lexicon;
mod numbers;
pub mod ranking;
mod sentence_align;
mod sentences;
mod signals;
#[cfg(test)]
mod test_support;
mod words;

pub use detection::detect;
pub use numbers::parse_number;
pub use sentence_align::align_sentences;
pub use sentences::split_sentences;
pub use signals::compare;

/// How strongly a commitment binds its signatories (ordinal, weakest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// Exploratory or conditional language: may, consider, explore, seek to.
    Hedged,
    /// Endorsement of something: support, welcome, encourage.
    Support,
    /// Stated intention or position: intend, aim, reaffirm, urge, should.
    Intent,
    /// Undertaking to act: will, shall, must, are committed, pledge, decide.
    Binding,
}

impl Strength {
    /// Lowercase name: `hedged`, `support`, `intent` or `binding`.
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Hedged => "hedged",
            Strength::Support => "support",
            Strength::Intent => "intent",
            Strength::Binding => "binding",
        }
    }
}

/// A commitment found in one sentence by [`detect`].
#[derive(Debug, Clone, PartialEq)]
pub struct Commitment {
    /// The whole sentence, trimmed.
    pub text: String,
    /// The signatory subject as it appears, e.g. `We` or `Allies`.
    pub subject: String,
    /// The matched cue phrase as it appears, e.g. `are committed to`.
    pub cue: String,
    /// Strength of the cue on the ordinal scale.
    pub strength: Strength,
    /// Intensifiers between subject and cue end or right after the cue,
    /// plus intensifying phrases anywhere (`in the strongest terms`), as
    /// they appear.
    pub intensifiers: Vec<String>,
    /// Conditions and qualifiers anywhere in the sentence, as they appear.
    pub conditions: Vec<String>,
    /// Whether the cue is negated (`will not`, `never`, `do not support`).
    pub negated: bool,
    /// Byte offset in `text` where the subject starts: who commits to what runs from
    /// there, after the framing that sets the occasion (`Today, as we mark the
    /// one-year anniversary of AUKUS, we reaffirm …`).
    pub subject_at: usize,
}

/// The aspect of a commitment that a [`Signal`] reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SignalKind {
    /// The cue or its strength changed.
    Modality,
    /// Intensifiers were added, dropped or swapped.
    Intensity,
    /// An amount, percentage or year changed.
    Number,
    /// Named countries, organisations or initiatives changed.
    Entity,
    /// The cue gained or lost a negation.
    Negation,
    /// Conditions or qualifiers were added, dropped or swapped.
    Condition,
    /// Content dropped (narrower, weaker) or added (wider, stronger) without a
    /// replacement: actions, objects, beneficiaries, named targets.
    Scope,
    /// Anything else: the subject, or a phrase replaced by another.
    Other,
}

impl SignalKind {
    /// Lowercase name, e.g. `modality`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignalKind::Modality => "modality",
            SignalKind::Intensity => "intensity",
            SignalKind::Number => "number",
            SignalKind::Entity => "entity",
            SignalKind::Negation => "negation",
            SignalKind::Condition => "condition",
            SignalKind::Scope => "scope",
            SignalKind::Other => "other",
        }
    }
}

/// Whether a change makes a commitment stronger, weaker or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// The new version commits more.
    Stronger,
    /// The new version commits less.
    Weaker,
    /// No direction: the wording changed, not what is committed.
    Neutral,
    /// Signals point both ways with no clear balance (a stronger cue on a narrower
    /// object, a deadline added with a condition).
    Mixed,
}

impl Direction {
    /// Lowercase name: `stronger`, `weaker` or `neutral`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Stronger => "stronger",
            Direction::Weaker => "weaker",
            Direction::Neutral => "neutral",
            Direction::Mixed => "mixed",
        }
    }

    fn flip(self) -> Direction {
        match self {
            Direction::Stronger => Direction::Weaker,
            Direction::Weaker => Direction::Stronger,
            Direction::Neutral => Direction::Neutral,
            Direction::Mixed => Direction::Mixed,
        }
    }
}

/// One typed difference between two versions of a commitment.
#[derive(Debug, Clone, PartialEq)]
pub struct Signal {
    /// What changed.
    pub kind: SignalKind,
    /// The old text of the changed part, empty when something was added.
    /// Several items (intensifiers, entities, conditions) are joined with
    /// `; `; the words of an `Other` signal with spaces.
    pub old: String,
    /// The new text of the changed part, empty when something was dropped;
    /// joined like `old`.
    pub new: String,
    /// Whether this change strengthens or weakens the commitment.
    pub direction: Direction,
}

#[cfg(test)]
mod tests {
    use super::test_support::{sentences, Lcg};
    use super::*;

    #[test]
    fn strength_scale_is_ordered_and_named() {
        use Strength::*;
        let mut scale = [Binding, Hedged, Intent, Support];
        scale.sort();
        assert_eq!(scale, [Hedged, Support, Intent, Binding]);
        let names: Vec<&str> = scale.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, ["hedged", "support", "intent", "binding"]);
        assert_eq!(SignalKind::Condition.as_str(), "condition");
        assert_eq!(Direction::Weaker.as_str(), "weaker");
    }

    #[test]
    fn random_text_never_panics() {
        const PIECES: &[&str] = &[
            "We",
            "we",
            "will",
            "not",
            "Allies",
            "NATO",
            ",",
            ".",
            "…",
            "...",
            "?",
            "!",
            "”",
            "“",
            "’",
            "'",
            "%",
            "€",
            "$",
            "U.S.",
            "2%",
            "3,5",
            "1,000",
            "2¾",
            "two",
            "per",
            "cent",
            "billion",
            "by",
            "2030",
            "Republic",
            "of",
            "Moldova",
            "and",
            "[",
            "]",
            "-",
            "*",
            "1.",
            "2\\.",
            "\n",
            "\n\n",
            " ",
            "\u{a0}",
            "é",
            "😀",
            "strongly",
            "our",
            "pledge",
            "iron-clad",
            "if",
            "once",
            "conditions",
            "allow",
            "express",
            "concern",
            "the",
            "Quad",
        ];
        let mut rng = Lcg(42);
        for _ in 0..400 {
            let len = rng.next(40);
            let mut text = String::new();
            for _ in 0..len {
                text.push_str(PIECES[rng.next(PIECES.len())]);
                if rng.next(3) > 0 {
                    text.push(' ');
                }
            }
            let parts = sentences(&text);
            let found: Vec<Commitment> = parts.iter().filter_map(|p| detect(p)).collect();
            for pair in found.windows(2) {
                let _ = compare(&pair[0], &pair[1]);
            }
            let _ = parse_number(&text);
            let half = parts.len() / 2;
            let _ = align_sentences(&parts[..half], &parts[half..]);
        }
    }
}
