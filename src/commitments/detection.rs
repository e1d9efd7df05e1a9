//! Commitment detection in one sentence: signatory subjects, cues and their
//! strength, negation, intensifiers and conditions.

use std::cell::OnceCell;
use std::ops::Range;

use super::entities::{entity_spans, may_start_entity};
use super::lexicon::{
    commitment_noun, cues_for, has_word, inflects, ing_base, past_base, phrases, Cue,
    ASSERTING_VERBS, BARE_CUE_EXCEPTIONS, CONDITIONS, CONNECTORS, DESCRIPTIVE_NOUNS, FILLERS,
    FLAGGING_VERBS, HEDGED_AFTER_MODAL, INTENSIFIERS, INTENT_AFTER_MODAL, LEADER_TITLES,
    MEETING_VERBS, MODALS, NEGATIONS, NON_SIGNATORIES, NOUN_CUE_DETERMINERS, NOUN_CUE_VERBS,
    NOUN_LIKE_CUES, NOUN_PHRASE_STOPS, OFFICIALS, OPEN_CONDITIONS, OPINION_VERBS, PAST_CUES,
    PHRASE_INTENSIFIERS, POSITION_NOUNS, SCHEDULE_EVENTS, SCHEDULE_HOSTS, SCHEDULE_VERBS,
    SIGNATORY_GOVERNMENTS, SUBJECTS, TIME_NOUNS, UNDERTAKING_VERBS,
};
use super::words::{skip_prefix, tokenize, Tok, SCAN_LIMIT};
use super::Strength::{Hedged, Intent};
use super::{Commitment, Strength};

/// A cue found after a subject: token span, strength and negation.
#[derive(Debug, Clone)]
struct CueHit {
    /// Where the adverbs before the cue start (intensifier scope).
    from: usize,
    span: Range<usize>,
    strength: Strength,
    negated: bool,
}

/// Cues that restate: a commitment when what they restate is one (`reaffirm our
/// commitment`, `reiterate that we will`), a position when their object is one.
const RESTATING_CUES: [&str; 3] = ["reaffirm", "reiterate", "reconfirm"];

/// Cues that call on someone: commitments only when that someone is a signatory.
const CALLS: [&str; 2] = ["call on", "call upon"];

/// Outcome of looking for a commitment noun phrase.
enum NounPhrase {
    /// A commitment noun: end token and strength.
    Cue(usize, Strength),
    /// A descriptive noun (`concern`): the verb is not a cue here.
    Blocked,
    /// No noun phrase; try the plain cue table.
    Absent,
}

/// A subject + cue match; `wide` makes the whole sentence the intensifier scope.
#[derive(Debug, Clone)]
struct Hit {
    subject: Range<usize>,
    cue: CueHit,
    wide: bool,
}

/// Whether a word before `and` or a comma in a noun phrase cue reads as an
/// adjective (`consistent`, `strong`), not a noun (`responsibility`).
fn adjective_like(w: &str) -> bool {
    const SUFFIXES: [&str; 11] = [
        "ent", "ant", "ful", "ive", "al", "ous", "ic", "ing", "ed", "able", "ible",
    ];
    INTENSIFIERS.contains(w)
        || matches!(
            w,
            "strong" | "firm" | "deep" | "full" | "clear" | "close" | "broad"
        )
        || (SUFFIXES.iter().any(|s| w.ends_with(s)) && !w.ends_with("ment"))
}

/// A tokenised sentence with its entity spans (found on first use: only a
/// list subject needs them).
struct Sentence<'a> {
    text: &'a str,
    toks: Vec<Tok<'a>>,
    ents: OnceCell<Vec<(Range<usize>, &'static str)>>,
    /// First token after list markers, paragraph numbers and `[…]` artefacts.
    first: usize,
}

/// Detects a commitment in one sentence, or returns `None` if the sentence
/// is not a commitment (see the module docs for subjects, cues and traps).
///
/// `cue` is the matched cue phrase as it appears in the sentence.
pub fn detect(sentence: &str) -> Option<Commitment> {
    // A sentence ending in a colon introduces a list: the items carry the commitments.
    if sentence.trim_end().ends_with(':') {
        return None;
    }
    let s = Sentence::new(sentence);
    let hit = (s.first..s.toks.len())
        .find_map(|i| s.hit_at(i))
        .or_else(|| s.possessive())?;
    Some(s.build(&hit))
}

/// Every cue of a sentence as detection reads it: the cue after each signatory subject,
/// and the cues of clauses coordinated with it (`… reiterate their common goal … and
/// agree to further strengthen …`), as (cue text, strength), in order.
pub(super) fn all_cues(sentence: &str) -> Vec<(String, Strength)> {
    if sentence.trim_end().ends_with(':') {
        return Vec::new();
    }
    let s = Sentence::new(sentence);
    let mut out = Vec::new();
    for i in s.first..s.toks.len() {
        let Some(hit) = s.hit_at(i) else { continue };
        let mut cue = hit.cue;
        loop {
            out.push((s.slice(cue.span.clone()), cue.strength));
            match s.coordinated(cue.span.end) {
                Some(next) if next.span.end > cue.span.end => cue = next,
                _ => break,
            }
        }
    }
    out
}

impl<'a> Sentence<'a> {
    fn new(text: &'a str) -> Self {
        let toks = tokenize(text);
        let first = skip_prefix(&toks);
        Sentence {
            text,
            toks,
            ents: OnceCell::new(),
            first,
        }
    }

    /// Whether token `k` is a word written with a capital.
    fn capitalised(&self, k: usize) -> bool {
        self.toks
            .get(k)
            .is_some_and(|t| t.word && self.text[t.start..].starts_with(char::is_uppercase))
    }

    fn word(&self, k: usize) -> Option<&str> {
        self.toks.get(k).filter(|t| t.word).map(|t| t.low())
    }

    fn low(&self, k: usize) -> Option<&str> {
        self.toks.get(k).map(|t| t.low())
    }

    fn slice(&self, span: Range<usize>) -> String {
        let (Some(a), Some(b)) = (
            self.toks.get(span.start),
            self.toks.get(span.end.wrapping_sub(1)),
        ) else {
            return String::new();
        };
        self.text.get(a.start..b.end).unwrap_or("").to_string()
    }

    /// End of `phrase` (its lowercase words) matched at `k`.
    fn phrase_end(&self, k: usize, phrase: &[&str]) -> Option<usize> {
        let mut at = k;
        for &w in phrase {
            (self.low(at)? == w).then_some(())?;
            at += 1;
        }
        Some(at)
    }

    fn hit_at(&self, i: usize) -> Option<Hit> {
        if self.low(i) != Some("we") && !self.clause_start(i) {
            return None;
        }
        if self.low(i) == Some("we") && self.relative_we(i) {
            return None;
        }
        // `We believe we should …`, `we are convinced that we can …`: a view.
        let before = |k: usize| {
            k.checked_sub(1)
                .filter(|&p| p >= self.first)
                .and_then(|p| self.low(p))
        };
        let opinion = |w: Option<&str>| w.is_some_and(|w| OPINION_VERBS.contains(w));
        if opinion(before(i)) || (before(i) == Some("that") && opinion(before(i - 1))) {
            return None;
        }
        self.subject_ends(i).into_iter().find_map(|end| {
            let cue = self
                .cue_or_purpose(end)
                .or_else(|| self.after_apposition(end))
                .or_else(|| self.coordinated(end))?;
            Some(Hit {
                subject: i..end,
                cue,
                wide: false,
            })
        })
    }

    /// Whether `we` at `i` opens a contact relative clause, whose verb describes the noun
    /// before it rather than commits: right after the noun of a sentence-opening noun
    /// phrase (`The plan we announce today delivers …`, `The endeavor we launch today will
    /// help …`). A time noun there is an adverb, not a clause (`This year we will …`). A
    /// `which we will` clause is left alone: `disinformation campaigns, which we will not
    /// leave unaddressed` is a pledge.
    fn relative_we(&self, i: usize) -> bool {
        let Some(prev) = i.checked_sub(1).filter(|&p| p >= self.first) else {
            return false;
        };
        let f = self.first;
        let opens_noun_phrase = matches!(self.low(f), Some("the" | "these" | "those" | "our"));
        let words_only = (f..i).all(|k| self.word(k).is_some());
        let time = self.low(prev).is_some_and(|w| TIME_NOUNS.contains(w));
        opens_noun_phrase && words_only && (2..=4).contains(&(i - f)) && !time
    }

    fn clause_start(&self, i: usize) -> bool {
        let Some(prev) = i.checked_sub(1).filter(|&p| p >= self.first) else {
            return true;
        };
        let low = self.low(prev).unwrap_or("");
        match self.toks.get(prev) {
            Some(t) if !t.word => {
                matches!(low, "," | ";" | ":" | "—" | "–" | "(" | "\"" | "“" | "*")
            }
            _ => CONNECTORS.contains(low),
        }
    }

    /// Token `k`, or the one after it if `k` is `the`.
    fn after_the(&self, k: usize) -> usize {
        if self.low(k) == Some("the") {
            k + 1
        } else {
            k
        }
    }

    /// Possible subject ends at token `i`, longest first.
    fn subject_ends(&self, i: usize) -> Vec<usize> {
        let j = self.after_the(i);
        let mut ends: Vec<usize> = SUBJECTS
            .starting(self.low(j).unwrap_or(""))
            .iter()
            .filter_map(|s| self.phrase_end(j, s))
            .chain(self.officials_of(i))
            .chain(self.signatory_list(i))
            .chain(self.signatory_government(i))
            .chain(self.leaders(i))
            .collect();
        ends.sort_unstable_by(|a, b| b.cmp(a));
        ends.dedup();
        ends
    }

    /// One signatory government: `India`, `the United States` (see
    /// [`SIGNATORY_GOVERNMENTS`]).
    fn signatory_government(&self, i: usize) -> Option<usize> {
        // Alone, a name must open the clause: after `and` it ends a longer noun phrase
        // ("the partnership between Europe and the United States is …").
        let prev = i.checked_sub(1).filter(|&p| p >= self.first);
        if prev.is_some_and(|p| self.toks.get(p).is_some_and(|t| t.word)) {
            return None;
        }
        let k = self.after_the(i);
        let end = self.entity_end(k)?;
        let start = self.toks.get(k)?.start;
        let ents = self.ents.get()?;
        let (_, name) = ents.iter().find(|(r, _)| r.start == start)?;
        phrases(SIGNATORY_GOVERNMENTS)
            .any(|n| n == *name)
            .then_some(end)
    }

    /// Leaders by title and name, one or several joined by `and` or commas:
    /// `President Biden`, `President Yoon and President Biden`, `Prime Minister Kishida
    /// Fumio`. A name is one to three capitalised words.
    fn leaders(&self, i: usize) -> Option<usize> {
        let (mut k, mut last) = (i, None);
        loop {
            let title_end = LEADER_TITLES
                .starting(self.low(k).unwrap_or(""))
                .iter()
                .filter_map(|t| self.phrase_end(k, t))
                .max()?;
            let mut end = title_end;
            while end < title_end + 3 && self.capitalised(end) {
                end += 1;
            }
            if end == title_end {
                return last;
            }
            last = Some(end);
            k = end;
            if self.low(k) == Some(",") {
                k += 1;
            }
            if self.low(k) == Some("and") {
                k += 1;
            } else if self.low(k.wrapping_sub(1)) != Some(",") {
                return last;
            }
        }
    }

    /// `the defence ministers of <list>`, `the leaders of <list>`.
    fn officials_of(&self, i: usize) -> Option<usize> {
        let j = self.after_the(i);
        let of_at = (j..j + 6).filter(|&k| self.low(k) == Some("of"));
        let mut found = None;
        for k in of_at {
            let words = (j..k).filter_map(|w| self.word(w));
            if words.clone().count() == k - j && words.clone().any(|w| OFFICIALS.contains(w)) {
                found = found.or_else(|| self.signatory_list(k + 1));
            }
        }
        found
    }

    /// Two or more gazetteer names joined by commas and `and`.
    fn signatory_list(&self, i: usize) -> Option<usize> {
        let (mut k, mut count, mut last) = (i, 0, None);
        loop {
            k = self.after_the(k);
            let Some(end) = self.entity_end(k) else { break };
            count += 1;
            last = Some(end);
            k = end;
            if self.low(k) == Some(",") {
                k += 1;
            }
            if matches!(self.low(k), Some("and" | "&")) {
                k += 1;
            } else if self.low(k - 1) != Some(",") {
                break;
            }
        }
        last.filter(|_| count >= 2)
    }

    /// Token index after a signatory entity starting at token `k`.
    fn entity_end(&self, k: usize) -> Option<usize> {
        let start = self.toks.get(k)?.start;
        if !may_start_entity(self.text, start) {
            return None;
        }
        let ents = self.ents.get_or_init(|| entity_spans(self.text));
        let (span, name) = ents.iter().find(|(r, _)| r.start == start)?;
        if phrases(NON_SIGNATORIES).any(|n| n == *name) {
            return None;
        }
        let end = (k..self.toks.len())
            .find(|&t| self.toks.get(t).is_some_and(|x| x.start >= span.end))
            .unwrap_or(self.toks.len());
        Some(end)
    }

    /// Skips adverbs, commas, `continue to` and negations; reports negation.
    fn skip_fillers(&self, mut k: usize) -> (usize, bool) {
        let mut negated = false;
        while let Some(w) = self.low(k) {
            let next = self.low(k + 1);
            let two_word_filler = (matches!(w, "continue" | "continues") && next == Some("to"))
                || (w == "not" && next == Some("only"));
            if two_word_filler {
                k += 2;
            } else if w == "no" && self.low(k + 1) == Some("longer") {
                negated = true;
                k += 2;
            } else if FILLERS.contains(w) || INTENSIFIERS.contains(w) {
                k += 1;
            } else if NEGATIONS.contains(w) && w != "no" {
                negated = true;
                k += 1;
            } else {
                break;
            }
        }
        (k, negated)
    }

    fn cue_at(&self, p: usize) -> Option<CueHit> {
        let (q, neg) = self.skip_fillers(p);
        let (q, end, strength) = match self.noun_cue(q) {
            NounPhrase::Cue(end, strength) => (q, end, strength),
            NounPhrase::Blocked => return None,
            NounPhrase::Absent => match self.table_cue(q).or_else(|| self.in_our_cue(q)) {
                Some((end, strength)) => (q, end, strength),
                None => {
                    let (start, end, strength) = self.under_way(p, q)?;
                    // `we are providing … and will expand`: the pledge joined on is the
                    // commitment, when it is stronger than the work under way.
                    if let Some(joined) = self.coordinated(end).filter(|c| c.strength > strength) {
                        return Some(joined);
                    }
                    (start, end, strength)
                }
            },
        };
        let (end, strength, neg_after) = self.after_modal(q, end, strength);
        if self.schedule_at(end) || self.asserts_a_view(q, end) || self.greets(q, end) {
            return None;
        }
        Some(CueHit {
            from: p,
            span: q..end,
            strength,
            negated: neg || neg_after,
        })
    }

    /// Whether a modal cue at `q` (ending at `end`) announces a view to be stated, not an
    /// undertaking: `Leaders will affirm that …`, `Leaders will also affirm the importance
    /// of …`. The verb after the modal is one of [`ASSERTING_VERBS`] and its object is a
    /// `that` clause or a position ([`Sentence::restates_a_position`]); `Allies will
    /// reaffirm their commitment to …` stays a commitment.
    fn asserts_a_view(&self, q: usize, end: usize) -> bool {
        if !self.low(q).is_some_and(|w| MODALS.contains(w)) {
            return false;
        }
        let (r, _) = self.skip_fillers(end);
        self.word(r).is_some_and(|w| ASSERTING_VERBS.contains(w))
            && (self.low(r + 1) == Some("that") || self.restates_a_position(r + 1))
    }

    /// Whether a welcome at `q` greets a person (`President Yoon Suk Yeol welcomes
    /// President Joseph R. Biden to the Republic of Korea`): hospitality, not support. A
    /// person's plan or effort (`welcome President Zelenskyy’s Peace Formula`) is still
    /// supported.
    fn greets(&self, q: usize, end: usize) -> bool {
        if !self.word(q).is_some_and(|w| inflects(w, "welcome")) || end != q + 1 {
            return false;
        }
        let Some(after_title) = LEADER_TITLES
            .starting(self.low(end).unwrap_or(""))
            .iter()
            .filter_map(|t| self.phrase_end(end, t))
            .max()
        else {
            return false;
        };
        let mut k = after_title;
        while self.capitalised(k) || self.low(k) == Some(".") {
            k += 1;
        }
        // Tokens fold curly apostrophes: `’s` and `’` read `'s` and `'`.
        let possessive = self.low(k).is_some_and(|w| w.starts_with('\''));
        k > after_title && !possessive
    }

    /// Whether the cue's complement at `k` is a meeting in the calendar: `will meet`,
    /// `will convene`, `will welcome`, `agree to hold our next summit`.
    fn schedule_at(&self, k: usize) -> bool {
        let (r, _) = self.skip_fillers(k);
        let Some(next) = self.low(r) else {
            return false;
        };
        SCHEDULE_VERBS.contains_inflected(next)
            || (SCHEDULE_HOSTS.contains_inflected(next)
                && (r + 1..r + 10)
                    .any(|t| self.low(t).is_some_and(|w| SCHEDULE_EVENTS.contains(w))))
    }

    /// `express our commitment`, `reaffirm our strong support`;
    /// `express our concern` is blocked.
    fn noun_cue(&self, q: usize) -> NounPhrase {
        match self.word(q) {
            Some(verb) if NOUN_CUE_VERBS.contains_inflected(verb) => self.noun_phrase(q + 1),
            Some(verb) if self.reported_past(q, verb, &NOUN_CUE_VERBS).is_some() => {
                self.noun_phrase(q + 1)
            }
            _ => NounPhrase::Absent,
        }
    }

    /// The base of `verb` at `q` when it is the simple past of a word of `list` and
    /// the sentence dates the act to no other time than the statement's own (see
    /// [`Sentence::dated`]).
    fn reported_past(
        &self,
        q: usize,
        verb: &str,
        list: &super::lexicon::WordList,
    ) -> Option<String> {
        past_base(verb, list).filter(|_| !self.dated(q))
    }

    /// Whether the sentence places the past act at token `q` at another time or place
    /// than the meeting the statement records: a `When …` clause, `ago`, `since`, `last`,
    /// `recent`, `previously`, `earlier`, a year before the cue (`in 2021`), or `in` or
    /// `at` and a name opening a clause before it (`In addition, in Elmau, we agreed …`).
    /// Such a sentence recalls an earlier commitment.
    fn dated(&self, q: usize) -> bool {
        let f = self.first;
        let year = |w: &str| {
            w.len() == 4
                && (w.starts_with("19") || w.starts_with("20"))
                && w.bytes().all(|b| b.is_ascii_digit())
        };
        let place = |k: usize| {
            matches!(self.low(k), Some("in" | "at"))
                && self.capitalised(k + 1)
                && (k == f || self.low(k - 1) == Some(","))
        };
        let when = |w: &str| {
            matches!(
                w,
                "ago" | "since" | "last" | "recent" | "recently" | "previously" | "earlier"
            )
        };
        self.low(f) == Some("when")
            || (f..q).any(|k| place(k) || self.low(k).is_some_and(year))
            || (f..self.toks.len()).any(|k| self.low(k).is_some_and(when))
    }

    /// An undertaking under way, after the subject at `p` with the cue search at `q`:
    /// `we are deepening our engagement`, `we are also planning to`, `we continue to
    /// strengthen our coordination` (the `continue to` skipped as a filler). The verb
    /// must be one of [`UNDERTAKING_VERBS`]: `we continue to make progress` reports, and
    /// `we are announcing` describes. Intent, or hedged for `exploring`.
    fn under_way(&self, p: usize, q: usize) -> Option<(usize, usize, Strength)> {
        let strength = |base: &str| if base == "explore" { Hedged } else { Intent };
        if self.word(q).is_some_and(|w| inflects(w, "are")) {
            let (r, _) = self.skip_fillers(q + 1);
            let base = ing_base(self.word(r)?, &UNDERTAKING_VERBS)?;
            return Some((q, r + 1, strength(&base)));
        }
        let verb = self.word(q)?;
        let continues = (p..q).find(|&k| {
            self.low(k).is_some_and(|w| inflects(w, "continue")) && self.low(k + 1) == Some("to")
        })?;
        UNDERTAKING_VERBS
            .contains(verb)
            .then(|| (continues, q + 1, strength(verb)))
    }

    /// `are steadfast in our commitment`, `stand united in our commitment`.
    fn in_our_cue(&self, q: usize) -> Option<(usize, Strength)> {
        let verb = self.word(q)?;
        ["are", "remain", "stand"]
            .iter()
            .any(|v| inflects(verb, v))
            .then_some(())?;
        let in_at = (q + 1..q + 5)
            .take_while(|&k| self.word(k).is_some())
            .find(|&k| self.low(k) == Some("in"))?;
        match self.noun_phrase(in_at + 1) {
            NounPhrase::Cue(end, s) => Some((end, s)),
            _ => None,
        }
    }

    /// A commitment noun phrase starting at the determiner `k`.
    fn noun_phrase(&self, k: usize) -> NounPhrase {
        if !self
            .word(k)
            .is_some_and(|w| NOUN_CUE_DETERMINERS.contains(w))
        {
            // Without a determiner, the noun itself or after one modifier: `reaffirm
            // support for`, `reiterate commitment to`, `in common determination`.
            let noun = |j: usize| self.word(j).and_then(commitment_noun);
            let modifier = self
                .word(k)
                .is_some_and(|w| !NOUN_PHRASE_STOPS.contains(w) && !DESCRIPTIVE_NOUNS.contains(w));
            return match (noun(k), noun(k + 1)) {
                (Some(s), _) => NounPhrase::Cue(k + 1, s),
                (None, Some(s)) if modifier => NounPhrase::Cue(k + 2, s),
                _ => NounPhrase::Absent,
            };
        }
        let (mut j, mut words) = (k + 1, 0);
        while words < 4 {
            if self.joins_modifiers(j, k) {
                j += 1;
                continue;
            }
            let Some(w) = self.word(j) else { break };
            if let Some(s) = commitment_noun(w) {
                return NounPhrase::Cue(j + 1, s);
            }
            if DESCRIPTIVE_NOUNS.contains(w) {
                return NounPhrase::Blocked;
            }
            if NOUN_PHRASE_STOPS.contains(w) {
                break;
            }
            (j, words) = (j + 1, words + 1);
        }
        NounPhrase::Absent
    }

    /// Whether token `j` is an `and` or a comma joining two modifiers of the
    /// noun phrase whose determiner is at `k` (`our consistent and
    /// unwavering support`, `our strong, steadfast commitment`).
    fn joins_modifiers(&self, j: usize, k: usize) -> bool {
        let modifier = |at: usize| {
            self.word(at).is_some_and(|w| {
                !NOUN_PHRASE_STOPS.contains(w) && !NOUN_CUE_DETERMINERS.contains(w)
            })
        };
        matches!(self.low(j), Some("and" | ","))
            && j > k + 1
            && self.word(j - 1).is_some_and(adjective_like)
            && modifier(j + 1)
    }

    /// Longest cue of the cue table at `q`; of equally long ones, the last
    /// in the table.
    fn table_cue(&self, q: usize) -> Option<(usize, Strength)> {
        let word = self.word(q)?;
        let past = self.reported_past(q, word, &PAST_CUES);
        let (end, _, cue) = cues_for(word)
            .chain(past.iter().flat_map(|b| cues_for(b)))
            .filter_map(|c| self.cue_phrase_end(q, c).map(|e| (e, c.order, c)))
            .max_by_key(|&(e, order, _)| (e, order))?;
        let next = self.low(end).unwrap_or("");
        let excluded = BARE_CUE_EXCEPTIONS
            .iter()
            .any(|(phrase, nexts)| *phrase == cue.phrase && has_word(nexts, next));
        // Calling on fellow signatories ("we call on all Allies to …") is an undertaking
        // of the group; calling on anyone else is a demand.
        let fellow = |k: usize| {
            let k = if self.low(k) == Some("all") { k + 1 } else { k };
            !self.subject_ends(k).is_empty()
        };
        if CALLS.contains(&cue.phrase) && !fellow(end) {
            return None;
        }
        if RESTATING_CUES.contains(&cue.phrase) && self.restates_a_position(end) {
            return None;
        }
        (!excluded).then_some((end, cue.strength))
    }

    /// Whether a determiner and a commitment noun (`our commitment`, `our support`)
    /// follow token `j` in the sentence.
    fn pledge_noun_after(&self, j: usize) -> bool {
        (j + 1..self.toks.len()).any(|i| {
            self.word(i)
                .is_some_and(|w| NOUN_CUE_DETERMINERS.contains(w))
                && self
                    .word(i + 1)
                    .is_some_and(|w| commitment_noun(w).is_some())
        })
    }

    /// Whether the words from `k` name a position held rather than a course of action:
    /// `reiterate our condemnation of`, `reaffirm the importance of`, `reaffirm their
    /// view that`, `reaffirm shared concerns`. The noun heading the object, within four
    /// words and before `of`, `to`, `that` and the like, is a word of
    /// [`POSITION_NOUNS`] or [`DESCRIPTIVE_NOUNS`].
    fn restates_a_position(&self, k: usize) -> bool {
        for j in k..k + 4 {
            let Some(w) = self.word(j) else { return false };
            if POSITION_NOUNS.contains(w) || DESCRIPTIVE_NOUNS.contains(w) {
                // `… and our commitment to pursuing designations`: a pledge joined on.
                return !self.pledge_noun_after(j);
            }
            if commitment_noun(w).is_some() || NOUN_PHRASE_STOPS.contains(w) {
                return false;
            }
        }
        false
    }

    /// Matches a cue phrase whose first word the word at `q` inflects
    /// (see [`cues_for`]); intensifiers and fillers are allowed inside (`are fully
    /// committed to`, `are also dedicated to`).
    fn cue_phrase_end(&self, q: usize, cue: &Cue) -> Option<usize> {
        let mut k = q + 1;
        for &w in &cue.rest {
            while self
                .low(k)
                .is_some_and(|t| t != w && (INTENSIFIERS.contains(t) || FILLERS.contains(t)))
            {
                k += 1;
            }
            (self.low(k)? == w).then_some(())?;
            k += 1;
        }
        Some(k)
    }

    /// After a modal: a weakening verb (`will consider`) and negation.
    fn after_modal(&self, q: usize, end: usize, s: Strength) -> (usize, Strength, bool) {
        if !self.low(q).is_some_and(|w| MODALS.contains(w)) {
            return (end, s, false);
        }
        let (r, negated) = self.skip_fillers(end);
        let next = self.low(r).unwrap_or("");
        // `will not waver`: resolve that does not flag is a pledge kept, not refused.
        let negated = negated && !FLAGGING_VERBS.contains(next);
        // `will continue exploring`, `will continue working to`: the gerund after
        // `continue` is the verb, as the infinitive after `continue to` is.
        let gerund = matches!(next, "continue" | "continues")
            .then(|| self.low(r + 1))
            .flatten()
            .and_then(|w| w.strip_suffix("ing"))
            .filter(|stem| stem.len() >= 3);
        let with_e = gerund.map(|stem| format!("{stem}e"));
        let (r, bases) = match gerund {
            Some(stem) => (r + 1, [Some(stem), with_e.as_deref()]),
            None => (r, [Some(next), None]),
        };
        let weakeners = bases.into_iter().flatten().flat_map(|b| {
            let hedged = HEDGED_AFTER_MODAL.starting(b).iter().map(|p| (p, Hedged));
            hedged.chain(INTENT_AFTER_MODAL.starting(b).iter().map(|p| (p, Intent)))
        });
        // The first word is `next` or the gerund's base; the rest must follow.
        let weaker = weakeners
            .filter_map(|(p, ws)| self.phrase_end(r + 1, &p[1..]).map(|e| (e, ws)))
            .max_by_key(|&(e, _)| e);
        match weaker {
            Some((e, ws)) => (e, s.min(ws), negated),
            None => (end, s, negated),
        }
    }

    /// `We, the leaders of …, met` / `NATO, on its anniversary, remains`.
    fn after_apposition(&self, end: usize) -> Option<CueHit> {
        if !matches!(self.low(end)?, "," | "—" | "–" | "(") {
            return None;
        }
        (end + 1..self.toks.len().min(end + SCAN_LIMIT))
            .take_while(|&k| !matches!(self.low(k), Some(";" | "." | "!" | "?")))
            .filter(|&k| matches!(self.low(k), Some("," | "—" | "–" | ")")))
            .find_map(|k| self.cue_or_purpose(k + 1))
    }

    /// A cue at `p`, or the purpose of a meeting: `We have convened to reaffirm our
    /// commitment to …`, `we … convene in Tokyo to renew our steadfast commitment to …`.
    /// The subject met in order to commit, so the cue of the `to` clause is theirs; a
    /// meeting to `discuss` or `consult` commits to nothing.
    fn cue_or_purpose(&self, p: usize) -> Option<CueHit> {
        self.cue_at(p).or_else(|| {
            let (mut k, _) = self.skip_fillers(p);
            if self.word(k).is_some_and(|w| inflects(w, "have")) {
                k += 1;
            }
            let verb = self.word(k)?;
            let meets = MEETING_VERBS.contains_inflected(verb)
                || verb == "met"
                || past_base(verb, &MEETING_VERBS).is_some()
                || (inflects(verb, "come") || verb == "came")
                    && self.low(k + 1) == Some("together");
            meets.then_some(())?;
            (k + 1..self.toks.len().min(k + 16))
                .take_while(|&t| {
                    !matches!(
                        self.low(t),
                        Some(";" | "." | "!" | "?" | "that" | "which" | "where")
                    )
                })
                .filter(|&t| self.low(t) == Some("to"))
                .find_map(|t| {
                    self.cue_at(t + 1)
                        .filter(|c| !self.low(c.span.start).is_some_and(|w| MODALS.contains(w)))
                })
        })
    }

    /// `We note X and will Y`, unless a relative clause intervenes.
    fn coordinated(&self, end: usize) -> Option<CueHit> {
        for k in end..self.toks.len().min(end + SCAN_LIMIT) {
            match self.low(k)? {
                "that" | "which" | "who" | "whose" | ";" | ":" | "." => return None,
                "and" => {
                    let cue = self.cue_at(k + 1).filter(|c| !self.noun_like(c));
                    if cue.is_some() {
                        return cue;
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// A one-word cue that may be a noun (`dialogue and support for …`).
    fn noun_like(&self, cue: &CueHit) -> bool {
        let one_word = cue.span.len() == 1;
        let low = self.low(cue.span.start).unwrap_or("");
        one_word && NOUN_LIKE_CUES.contains_inflected(low)
    }

    /// `Our pledge to defend … is iron-clad.`
    fn possessive(&self) -> Option<Hit> {
        let f = self.first;
        (self.low(f)? == "our").then_some(())?;
        let (noun, strength) = (f + 1..f + 4).find_map(|k| {
            let w = self.word(k)?;
            commitment_noun(w).map(|s| (k, s))
        })?;
        let tail = self.toks.get(noun + 1..)?;
        tail.iter()
            .any(|t| INTENSIFIERS.contains(&t.low))
            .then_some(())?;
        let cue = CueHit {
            from: f,
            span: f..noun + 1,
            strength,
            negated: false,
        };
        Some(Hit {
            subject: f..f + 1,
            cue,
            wide: true,
        })
    }

    /// Tokens where single-word intensifiers count: subject, the adverbs
    /// before the cue, the cue and the intensifiers right after it (`we
    /// condemn unequivocally`), or the whole sentence for a `wide` hit.
    fn intensifier_scope(&self, hit: &Hit) -> Vec<usize> {
        if hit.wide {
            return (self.first..self.toks.len()).collect();
        }
        let end = hit.cue.span.end;
        // Only adverbs, and not after `to`/`for`: `call for full
        // implementation` and `committed to fully implementing` qualify
        // the object.
        let open = end
            .checked_sub(1)
            .and_then(|k| self.word(k))
            .is_some_and(|w| !NOUN_PHRASE_STOPS.contains(w));
        let adverb = |k: usize| {
            self.low(k)
                .is_some_and(|w| w.ends_with("ly") && INTENSIFIERS.contains(w))
        };
        let after = if open {
            (end..self.toks.len()).take_while(|&k| adverb(k)).count()
        } else {
            0
        };
        hit.subject
            .clone()
            .chain(hit.cue.from..end + after)
            .collect()
    }

    fn build(&self, hit: &Hit) -> Commitment {
        let mut intensifiers: Vec<String> = self
            .intensifier_scope(hit)
            .into_iter()
            .filter(|&k| self.low(k).is_some_and(|w| INTENSIFIERS.contains(w)))
            .map(|k| self.slice(k..k + 1))
            .collect();
        for k in self.first..self.toks.len() {
            let at = PHRASE_INTENSIFIERS.starting(self.low(k).unwrap_or(""));
            if let Some(end) = at.iter().find_map(|p| self.phrase_end(k, p)) {
                intensifiers.push(self.slice(k..end));
            }
        }
        let lead = self.text.len() - self.text.trim_start().len();
        let subject_at = self
            .toks
            .get(hit.subject.start)
            .map_or(0, |t| t.start.saturating_sub(lead));
        Commitment {
            subject_at,
            text: self.text.trim().to_string(),
            subject: self.slice(hit.subject.clone()),
            cue: self.slice(hit.cue.span.clone()),
            strength: hit.cue.strength,
            intensifiers,
            conditions: self.conditions(),
            negated: hit.cue.negated,
        }
    }

    fn conditions(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut k = self.first;
        while k < self.toks.len() {
            match self.condition_at(k) {
                Some(end) => {
                    out.push(self.slice(k..end));
                    k = end;
                }
                None => k += 1,
            }
        }
        out
    }

    fn condition_at(&self, k: usize) -> Option<usize> {
        let first = self.low(k)?;
        let fixed = CONDITIONS
            .starting(first)
            .iter()
            .filter_map(|c| self.phrase_end(k, c))
            .max();
        if fixed.is_some() {
            return fixed;
        }
        let open = OPEN_CONDITIONS
            .starting(first)
            .iter()
            .filter_map(|c| self.phrase_end(k, c))
            .max()?;
        let limit = self.toks.len().min(open + 8);
        let stop = (open..limit).find(|&t| {
            let punct = self.toks.get(t).is_some_and(|x| !x.word);
            punct && matches!(self.low(t), Some("," | ";" | ":" | "." | "(" | ")"))
        });
        Some(stop.unwrap_or(limit))
    }
}

#[cfg(test)]
mod tests {
    //! Sources of the test sentences: see `test_support`.

    use super::*;
    use crate::commitments::split_sentences;
    use crate::commitments::test_support::found;

    #[test]
    fn trap_sentences_are_not_commitments() {
        let traps = [
            // Condemnations, demands, views, schedule items and list lead-ins
            // (docs/real-keys.md).
            "4. [bookmark: _Hlk177536541]We strongly condemn Russia’s illegal war of aggression against Ukraine and urgently call for the immediate cessation of all attacks on Ukraine’s civilian infrastructure and population.",
            "We call on Russia to immediately cease its war of aggression.",
            "We urge Iran to stop and reverse all measures that reduce transparency and to ensure full and timely cooperation with the International Atomic Energy Agency.",
            "We call for transparent and results-oriented reform at the World Health Organization.",
            "We urge China to press Russia to stop its military aggression.",
            "We reiterate that Russia’s irresponsible nuclear rhetoric is unacceptable.",
            "We believe we should navigate this time of uncertainty and opportunity together.",
            "We agree to hold our next in-person summit in 2023 hosted by Australia.",
            "Allied leaders will meet for the first time at 32.",
            "NATO Allies will also welcome the new members.",
            "We intend to pursue the following phased approach, moving through each phase based on mutual commitments from each nation:",
            "Ukraine will prevail.",
            // B9 seed.
            "This will provide a clear demand signal to Allied defence industry through firm orders and contracts.",
            "2. NATO, on its 75 years anniversary, remains the strongest Alliance in history.",
            "3. As reaffirmed at the Washington Summit, Russia, with its expanding military capabilities, remains the most significant and direct threat to Allied security.",
            "At the recent Washington Summit, Allies reaffirmed their enduring transatlantic bond, unity, and solidarity in the face of both main threats, Russia and terrorism, and other security risks and challenges.",
            "We cannot discount the possibility of an attack from Russia against the territorial integrity and sovereignty of the Allies, along with other provocative activities.",
            "As stated many times before, NATO does not seek confrontation and poses no threat to Russia.",
            "6. We express our profound concern over the repeated incursions of NATO airspace, in Poland, Romania, Latvia and other NATO countries by the Russian Federation’s drones and missiles, and the escalations of tensions along NATO’s borders.",
            "We need a collective answer within NATO to challenges posed by modern weapons and technologies including through boosting our capabilities of detecting, identifying and, if necessary, engaging low and slow flying objects.",
            "Collective defence remains NATO’s core and enduring principle.",
            "This meeting will provide an opportunity to assess the implementation of key decisions regarding NATO’s deterrence and defence against all challenges and threats, across all domains, as agreed at the Madrid, Vilnius and Washington Summits.",
            "We recognise the importance of strengthening the defence industry across the Alliance.",
            "Enhancing allied industrial base will ensure that NATO remains equipped with cutting-edge capabilities to meet current and future challenges.",
            "1. We, the defence ministers of Bulgaria, the Czech Republic, Estonia, Hungary, Latvia, Lithuania, Poland, Romania and the Slovak Republic met today in the Bucharest 9 format, to further discuss, consult and coordinate on the current security environment in the Euro-Atlantic area and to advance our cooperation in order to promote further consolidation of deterrence and defence on the Eastern Flank.",
            // White House corpus.
            "We bring diverse perspectives and are united in a shared vision for the free and open Indo-Pacific.",
            "We strive for a region that is free, open, inclusive, healthy, anchored by democratic values, and unconstrained by coercion.",
            "We recall that our joint efforts toward this positive vision arose out of an international tragedy, the tsunami of 2004.",
            "We look forward to a successful COP 26 in Glasgow.",
            "With steadfast commitment to the health and safety of our own people, we also recognize that none of us can be safe as long as the pandemic continues to spread.",
            "As long-standing supporters of Myanmar and its people, we emphasize the urgent need to restore democracy and the priority of strengthening democratic resilience.",
            "In that spirit, we welcomed the participation of the Leaders of Australia, Brazil, Comoros, Cook Islands, India, Indonesia, Republic of Korea, and Vietnam.",
            "1. We, the Leaders of the Group of Seven, met together in Cornwall, United Kingdom on 11-13 June 2021 at a critical juncture for our people and planet.",
            "We, the leaders of Australia, India, Japan, and the United States, convened today in person as “the Quad” for the first time.",
            "Today, we — Prime Minister Anthony Albanese of Australia, Prime Minister Narendra Modi of India, Prime Minister Kishida Fumio of Japan, and President Joseph R. Biden, Jr. of the United States — met for the third in-person Quad Leaders’ Summit, hosted by Prime Minister Albanese.",
            "Now in its 73rd year, NATO is the most powerful and successful Alliance in history.",
            "President Biden will participate on June 14 in the NATO Summit in Brussels that brings together the leaders of all 30 Allied nations.",
            "The new Strategic Concept will be prepared for adoption at the NATO Summit in 2022.",
            "At the Summit, Allied leaders will hear directly from the President and discuss their ongoing efforts.",
            "At the Summit, leaders will receive a Progress Report on the Building Integrity program.",
            "We are firmly convinced that these values remain the best foundation for the social and economic advancement of all humanity.",
            "We remain firmly of the view that Russia is a party to the conflict in Eastern Ukraine, not a mediator.",
            "We agree on the importance of upholding human rights and of international labour standards, including those deriving from International Labour Organisation membership, throughout global supply chains and tackling instances of forced labour.",
            "We reiterate our deep concern over the continued human rights violations and abuses in Iran.",
            // Restating a position (the seed; decided again with the real keys, where
            // `reiterate the importance of` and `reaffirm their view that` are traps).
            "We reaffirm the importance of Allies providing the required high-readiness forces and capabilities, and infrastructure, across all domains to achieve this.",
            "We reiterate our condemnation of Russia’s unprovoked, unjustifiable and illegal military aggression against Ukraine.",
            "The United States and the European Union reaffirm their view that online platforms should exercise greater responsibility.",
            // `reaffirm the need to …`, `reiterate the necessity to …`: a view of what is
            // needed, as `the importance of` (U.S.-ROK 2022, G7 Carbis Bay 2021).
            "The two Presidents also reaffirm the need to ensure that the Internet continues to play a positive role in promoting equity, equality and safety for women and girls in both our societies.",
            "We reiterate the necessity to create the conditions for timely civilian-led transitions to democratic, constitutional rule in both countries.",
            // `reaffirm the … role of`: a view of what something is for (TTC 2023-05).
            "On this occasion, the United States and the European Union reiterated the central role of the TTC in the broader transatlantic partnership.",
            "We reaffirm the essential role of UHC in addressing various health challenges.",
            // The seed's, an intent until the real keys made `the need to` a trap.
            "We reiterate the need for Russia’s full compliance with international law, including the inviolability of NATO airspace.",
            "We acknowledge our duty to safeguard the planet for future generations.",
            "Full of potential, the Quad looks forward to the future; it seeks to uphold peace and prosperity and strengthen democratic resilience, based on universal values.",
            "Since the start of the pandemic, we have committed $8.6 billion to the vaccines pillar of ACT-A to finance the procurement of vaccines, including $1.9 billion since we last met in February.",
        ];
        for t in traps {
            assert_eq!(detect(t), None, "trap detected: {t}");
        }
    }

    #[test]
    fn true_commitments_are_detected_with_cue_and_strength() {
        use Strength::*;
        let cases: &[(&str, &str, &str, Strength)] = &[
            ("We will make every effort to enhance national resilience and capabilities to effectively further strengthen NATO resilience, thus more effectively address these complex threats.", "We", "will", Binding),
            ("Our pledge to defend every inch of Allied territory is iron-clad.", "Our", "Our pledge", Binding),
            ("We support initiatives to fortify NATO / EU borders with Russia and Belarus, as these projects will strengthen security of all NATO Allies and EU member states.", "We", "support", Support),
            ("Furthermore, we must work to strengthen NATO’s overall Integrated Air and Missile Defence (IAMD), including through the swift implementation of the agreed IAMD Rotational Model.", "we", "must work to", Intent),
            ("7. In view of the upcoming NATO Defence Ministers meeting, we remain resolute in our efforts to strengthen the Eastern Flank in a coherent and robust manner, from the Baltic to the Black Sea.", "we", "remain resolute", Binding),
            ("8. We are committed to ensure that the Alliance fully resources the new generation of NATO defence plans to ensure that every inch of Allied territory is defended at all times.", "We", "are committed to", Binding),
            ("To make it happen, consistent with our obligations under Article 3 of the Washington Treaty, we make an enduring commitment to invest at least 2% of our GDP annually on defence.", "we", "make an enduring commitment", Binding),
            ("9. We express our commitment to developing mobility corridors for allied forces and capabilities, ensuring rapid deployment across the entire SACEUR’s Area of Responsibility.", "We", "express our commitment", Binding),
            ("As stated at the Washington Summit, Allies intend to provide a minimum baseline funding of €40 billion within the next year, and to provide sustainable levels of security assistance for Ukraine to prevail.", "Allies", "intend to", Intent),
            ("We express our support for building a robust and effective NATO-Ukraine Joint Analysis, Training, and Education Centre (JATEC) that will be an important pillar of practical cooperation.", "We", "express our support", Support),
            ("We call on all Allies to prioritise delivering the most critical capabilities, such as air and missile defence and battle decisive munitions, required in the short term to execute NATO’s defence plans, consistent with the NATO defence planning process.", "We", "call on", Intent),
            ("12. We remain committed to developing our collective and individual response to all type of threats to our security and stability.", "We", "remain committed to", Binding),
            ("5. Responding to hybrid challenges is primarily a national prerogative, but also, we are ready to contribute to allied efforts to deter and defend against Russia’s rising hybrid actions, including those conducted through proxies.", "we", "are ready to", Intent),
            ("2. Together, we commit to promoting a free, open rules-based order, rooted in international law to advance security and prosperity and counter threats to both in the Indo-Pacific and beyond.", "we", "commit to", Binding),
            ("On this historic occasion of March 12, 2021, the first-ever leader-level summit of the Quad, we pledge to strengthen our cooperation on the defining challenges of our time.", "we", "pledge to", Binding),
            ("We will, therefore, collaborate to strengthen equitable vaccine access for the Indo-Pacific, with close coordination with multilateral organizations including the World Health Organization and COVAX.", "We", "will", Binding),
            ("We reaffirm our strong support for ASEAN’s unity and centrality as well as the ASEAN Outlook on the Indo-Pacific.", "We", "reaffirm our strong support", Support),
            ("Together, we reaffirm our steadfast commitment to a free and open Indo-Pacific that is inclusive and resilient.", "we", "reaffirm our steadfast commitment", Binding),
            ("We continue to support the objectives of the 2050 Strategy for the Blue Pacific Continent, and commit to working with partners, including through Partners in the Blue Pacific, to support engagement with these objectives.", "We", "support", Support),
            ("We also encourage further development of disaster risk finance markets.", "We", "encourage", Support),
            ("We are resolved to deepen our current partnership to a new deal with Africa.", "We", "are resolved to", Binding),
            ("We will explore all options to ensure affordable and accessible COVID-19 tools for the poorest countries, including non-profit production, tiered and transparent pricing, and sharing by manufacturers of a proportion of production with COVAX.", "We", "will explore", Hedged),
            ("We shall seek to advance this open agenda in collaboration with other countries and within the multilateral rules-based system.", "We", "shall seek to", Intent),
            ("Through this, together with our partners, we seek to holistically address energy security, climate crisis, and geopolitical risk.", "we", "seek to", Intent),

            ("The Quad is committed to cooperation with partners in the region who share the vision of a free and open Indo-Pacific.", "The Quad", "is committed to", Binding),
            ("The G7 commits to leverage different types of blended finance vehicles including through our greater strategic approach to development finance.", "The G7", "commits to", Binding),
            ("**Increased Consultation and Cohesion**:  Allies will commit to enhance political coordination at NATO on all matters related to their individual and collective security.", "Allies", "will", Binding),
            ("Allied leaders will launch an ambitious set of initiatives to ensure NATO continues to provide security to our citizens through 2030 and beyond.", "Allied leaders", "will", Binding),
            ("The Quad countries have led and will continue to lead global efforts for COVID-19 response, with a view to building better health security and strengthening health systems.", "The Quad countries", "will", Binding),
            ("In this context, we acknowledge as the G7 our contribution to the decline of biodiversity and pledge to play our part in its restoration and conservation.", "we", "pledge to", Binding),
            ("We are steadfast in our commitment to the Paris agreement, keeping a limit of 1.5°C global temperature rise within reach.", "We", "are steadfast in our commitment", Binding),
            ("We stand in solidarity with the people of Türkiye and Syria and pledge our continued support to tackling the consequences of this catastrophe.", "We", "stand in solidarity with", Support),
            ("The partnership between Europe and the United States is fully committed to our NATO Alliance… we’ll keep faith with Article 5.", "we", "’ll", Binding),
        ];
        for &(text, subject, cue, strength) in cases {
            let c = found(text);
            assert_eq!(
                (c.subject.as_str(), c.cue.as_str(), c.strength),
                (subject, cue, strength),
                "{text}"
            );
        }
    }

    #[test]
    fn a_simple_past_cue_reports_the_meetings_commitment() {
        // Joint statements written as a record of the meeting (U.S.-Japan 2021, AUKUS
        // 2022-04, Quad 2023).
        let cases = [
            ("We also committed today to commence new trilateral cooperation on hypersonics and counter-hypersonics, and electronic warfare capabilities.", "committed today to", Strength::Binding),
            ("Japan resolved to bolster its own national defense capabilities to further strengthen the Alliance and regional security.", "resolved to", Strength::Binding),
            ("We reaffirmed our commitment to AUKUS and to a free and open Indo-Pacific.", "reaffirmed our commitment", Strength::Binding),
            ("The United States restated its unwavering support for Japan’s defense under the U.S.-Japan Treaty of Mutual Cooperation and Security.", "restated its unwavering support", Strength::Support),
            ("Quad Leaders reiterated our strong resolve to maintain the peace and stability in the region.", "reiterated our strong resolve", Strength::Binding),
        ];
        for (text, cue, strength) in cases {
            let c = found(text);
            assert_eq!((c.cue.as_str(), c.strength), (cue, strength), "{text}");
        }
        // Dated to another time or place, the same verbs recall an earlier commitment
        // (traps of the real keys, and the B9 seed's `At the recent Washington Summit`).
        let recalled = [
            "When we announced the AUKUS partnership in September 2021, we committed to set the highest nuclear non-proliferation standard.",
            "Two years ago our nations pledged to foster deeper integration of our scientists, industrial bases, and supply chains as part of AUKUS.",
            "In addition, in Elmau, we agreed to launch a price cap on Russian oil and petroleum products.",
            "Together with the international community, we, the G7, have provided and pledged additional support since the start of the war exceeding USD 24 billion for 2022 and beyond, in both financial and material means.",
            "At the recent Washington Summit, Allies reaffirmed their enduring transatlantic bond, unity, and solidarity in the face of both main threats, Russia and terrorism, and other security risks and challenges.",
        ];
        for t in recalled {
            assert_eq!(detect(t), None, "recalled commitment detected: {t}");
        }
        // Verbs of events stay descriptions in the past.
        assert_eq!(detect("We launched the Quad Fellowship in 2021."), None);
    }

    #[test]
    fn work_under_way_is_an_intent() {
        let cases = [
            ("We are also deepening our engagement with industry, including through Open RAN Track 1.5 events.", "are also deepening", Strength::Intent),
            ("The United States and the European Union are working to facilitate conformity assessment across a range of sectors, such as machinery.", "are working", Strength::Intent),
            ("We continue to strengthen our bilateral coordination in these areas as well as working with other partners, including the G7, to diversify our supply chains.", "continue to strengthen", Strength::Intent),
            ("We are also planning to conduct coordinated export control outreach with partners.", "are also planning", Strength::Intent),
            ("Going forward, we are exploring additional ways to collaborate.", "are exploring", Strength::Hedged),
            // A pledge joined on is stronger than the work under way (Quad 2023).
            ("Through IPMDA, we are providing near-real-time, integrated and cost-effective maritime domain data to maritime agencies in Southeast Asia and the Pacific, and will expand coverage to partners in the Indian Ocean region in the coming months.", "will", Strength::Binding),
        ];
        for (text, cue, strength) in cases {
            let c = found(text);
            assert_eq!((c.cue.as_str(), c.strength), (cue, strength), "{text}");
        }
        // Progress reported and things announced are no undertaking (AUKUS traps).
        for t in [
            "We continue to make progress across our current capability development programs, including holding the first demonstration of AUKUS artificial intelligence and autonomous capabilities.",
            "The steps we are announcing today will help us to advance these mutually beneficial objectives in the decades to come.",
            "We continue to call for the end to violence in Myanmar, the release of all political detainees, including foreigners, engagement in constructive dialogue, and for the early restoration of democracy.",
        ] {
            assert_eq!(detect(t), None, "trap detected: {t}");
        }
    }

    #[test]
    fn noun_cues_without_a_determiner_and_intent_nouns() {
        let cases = [
            ("The United States and the ROK reaffirm support for ASEAN centrality and the ASEAN-led regional architecture.", "reaffirm support", Strength::Support),
            ("Both leaders commit to further strengthen deterrence by reinforcing combined defense posture, and reiterate commitment to a conditions-based transition of wartime operational control.", "commit to", Strength::Binding),
            ("President Biden also expresses his support for inter-Korean dialogue, engagement, and cooperation.", "expresses his support", Strength::Support),
            ("In particular, we underscore the importance of candid communication with the PRC, including at the leader level, and express the intent to work with the PRC where possible on areas of common interest.", "express the intent", Strength::Intent),
            ("We stand for the rule of law, freedom of navigation and overflight, peaceful resolution of disputes, democratic values, and territorial integrity of states.", "stand for", Strength::Support),
            ("We remain fully resolved to uphold peace and stability in the Indo-Pacific maritime domain.", "remain fully resolved to", Strength::Binding),
        ];
        for (text, cue, strength) in cases {
            let c = found(text);
            assert_eq!((c.cue.as_str(), c.strength), (cue, strength), "{text}");
        }
        // A descriptive noun still blocks: `express grave concern`.
        assert_eq!(
            detect("We express grave concern over the human rights situation in the DPRK."),
            None
        );
    }

    #[test]
    fn views_announced_greetings_and_contact_clauses_are_no_commitments() {
        // Traps of the real keys (NATO 2021 fact sheet, AUKUS, U.S.-ROK 2022).
        for t in [
            "Leaders will also affirm the importance of defending our networks and ensuring Allies rely on trustworthy providers for next generation telecommunication networks.",
            "Leaders will affirm that NATO’s ability to ensure our common defense relies on maintaining our technological edge.",
            "President Yoon Suk Yeol welcomes President Joseph R. Biden to the Republic of Korea (ROK), marking the earliest meeting in a ROK President’s term in office with the President of the United States (U.S.).",
            "The endeavor we launch today will help sustain peace and stability in the Indo-Pacific region.",
            "The plan we announce today delivers on this commitment and reflects our longstanding leadership in, and respect for, the global nuclear non-proliferation regime.",
        ] {
            assert_eq!(detect(t), None, "trap detected: {t}");
        }
        // What stays a commitment next to them.
        for (t, cue) in [
            // Adapted from the NATO 2021 fact sheet: a commitment restated, not a view.
            ("Leaders will reaffirm their commitment to Article 5.", "will"),
            ("We welcome President Zelenskyy’s Peace Formula.", "welcome"),
            ("This year we will launch the Quad Fellowship.", "will"),
            ("We deplore the Russian leadership’s attempt to deprive Russian citizens of access to unbiased information through censorship, and denounce its malicious disinformation campaigns, which we will not leave unaddressed.", "will"),
        ] {
            assert_eq!(found(t).cue, cue, "{t}");
        }
    }

    #[test]
    fn a_meetings_purpose_carries_its_commitment() {
        // Quad 2021-03, Quad 2022-05 and G7 2023-02 (fixtures/wh).
        let c = found("We have convened to reaffirm our commitment to quadrilateral cooperation between Australia, India, Japan, and the United States.");
        assert_eq!(
            (c.subject.as_str(), c.cue.as_str()),
            ("We", "reaffirm our commitment")
        );
        let c = found("Today, we – Prime Minister Anthony Albanese of Australia, Prime Minister Narendra Modi of India, Prime Minister Fumio Kishida of Japan, and President Joe Biden of the United States – convene in Tokyo to renew our steadfast commitment to a free and open Indo-Pacific that is inclusive and resilient.");
        assert_eq!(
            (c.cue.as_str(), c.strength),
            ("renew our steadfast commitment", Strength::Binding)
        );
        let c = found("At the one-year mark of Russia’s brutal invasion of Ukraine, we, the Leaders of the Group of Seven (G7), met with Ukraine’s President Volodymyr Zelenskyy to reaffirm our unwavering support for Ukraine.");
        assert_eq!(c.strength, Strength::Support);
        // Meeting to talk commits to nothing; a meeting with no purpose neither.
        for t in [
            "1. We, the defence ministers of Bulgaria, Romania and the Slovak Republic met today in the Bucharest 9 format, to further discuss, consult and coordinate on the current security environment.",
            "Today, we — Prime Minister Anthony Albanese of Australia and President Joseph R. Biden, Jr. of the United States — met for the third in-person Quad Leaders’ Summit, hosted by Prime Minister Albanese.",
        ] {
            assert_eq!(detect(t), None, "{t}");
        }
    }

    #[test]
    fn fillers_inside_a_cue_phrase_keep_the_cue() {
        // TTC 2024: `are also dedicated to`, as `are fully committed to` keeps its cue.
        let c = found("We are also dedicated to continuing to equip our workforce with the skills necessary to meet the needs created by rapidly changing technology, including AI.");
        assert_eq!(
            (c.cue.as_str(), c.strength),
            ("are also dedicated to", Strength::Binding)
        );
    }

    #[test]
    fn named_signatories_are_subjects() {
        let c = found("**Expanded Global Partnerships**: For the first time ever, the leaders of Australia, Japan, New Zealand, and the Republic of Korea will deepen cooperation with NATO.");
        assert_eq!(
            c.subject,
            "the leaders of Australia, Japan, New Zealand, and the Republic of Korea"
        );
        assert_eq!(c.cue, "will");
        // The same subject attending a meeting is a schedule item.
        assert_eq!(detect("For the first time ever, the leaders of Australia, Japan, New Zealand, and the Republic of Korea will participate in a NATO Summit."), None);
        // One signatory government, and leaders by title and name.
        for (sentence, subject) in [
            ("India commits to train 500 health workers.", "India"),
            (
                "The United States will offer 100 scholarships.",
                "The United States",
            ),
            (
                "President Yoon and President Biden reaffirm their commitment to maintain peace.",
                "President Yoon and President Biden",
            ),
            (
                "The two Presidents commit to press for the immediate cessation of violence.",
                "The two Presidents",
            ),
            (
                "Each of our governments has committed to the plan.",
                "Each of our governments",
            ),
        ] {
            assert_eq!(found(sentence).subject, subject, "{sentence}");
        }
        // Ukraine is not a signatory of the statements about it.
        assert_eq!(
            detect("Ukraine will continue to defend its territory."),
            None
        );
        // Adapted from B9 ¶11: the subject "We" replaced by the signatories.
        let c = found("Bulgaria, the Czech Republic, Estonia, Hungary, Latvia, Lithuania, Poland, Romania and Slovakia will continue our efforts to implement NATO´s new defence plans.");
        assert_eq!(c.subject, "Bulgaria, the Czech Republic, Estonia, Hungary, Latvia, Lithuania, Poland, Romania and Slovakia");
        let c = found("The defence ministers of Bulgaria, Romania and Poland reaffirm their commitment to the Eastern Flank.");
        assert_eq!(
            c.subject,
            "The defence ministers of Bulgaria, Romania and Poland"
        );
        assert_eq!(c.strength, Strength::Binding);
        // A list naming non-signatories, or a single country, is not a subject.
        assert_eq!(
            detect("Russia and Belarus must withdraw their forces."),
            None
        );
        assert_eq!(detect("As a result, Russia will bear the costs."), None);
    }

    #[test]
    fn intensifiers_are_recorded_in_scope() {
        let c = found("We strongly support Ukraine’s sovereignty and territorial integrity.");
        assert_eq!(c.intensifiers, ["strongly"]);
        let c = found("Our pledge to defend every inch of Allied territory is iron-clad.");
        assert_eq!(c.intensifiers, ["iron-clad"]);
        let c = found("We continue to stand in unwavering support of Ukraine and its brave people as they heroically defend their nation, land and democratic values.");
        assert_eq!(
            (c.cue.as_str(), c.strength),
            ("stand in unwavering support of", Strength::Support)
        );
        assert_eq!(c.intensifiers, ["unwavering"]);
        let c = found("We reaffirm our unwavering support for Ukraine for as long as it takes to bring a comprehensive, just and lasting peace.");
        assert_eq!(c.intensifiers, ["unwavering", "for as long as it takes"]);
        // "fully" qualifies another verb, after the cue: out of scope.
        let c = found("We are committed to ensure that the Alliance fully resources the new generation of NATO defence plans.");
        assert!(c.intensifiers.is_empty(), "{:?}", c.intensifiers);
    }

    #[test]
    fn conditions_are_recorded() {
        let c = found("We will continue to take action against third-country actors who materially support Russia’s war including by imposing additional measures on entities, where appropriate, in third countries.");
        assert_eq!(c.conditions, ["where appropriate"]);
        let c = found("Recognising the importance of adaptation in our own national planning, we also commit to submitting adaptation communications as soon as possible, and if feasible by COP26.");
        assert_eq!(
            c.conditions,
            ["as soon as possible", "if feasible by COP26"]
        );
        let c = found("10. Acknowledging that military support is offered on a sovereign, voluntary basis, Allies intend to continue providing non-lethal, political, economic, financial, and humanitarian support to Ukraine.");
        assert_eq!(
            (c.subject.as_str(), c.conditions.as_slice()),
            ("Allies", ["voluntary basis".to_string()].as_slice())
        );
        let c = found("They will agree, and we will agree to reduce greenhouse gases from military activities and installations in line with national commitments under the Paris Agreement, and agree to initiate a dialogue.");
        assert_eq!(
            c.conditions,
            ["in line with national commitments under the Paris Agreement"]
        );
    }

    #[test]
    fn negation_is_detected_on_the_cue_only() {
        let c = found("As in the case of Crimea and Sevastopol, we will never recognize these illegal annexation attempts.");
        assert!(c.negated);
        let c = found("We will never recognise so-called “elections”, past and future, held by Russia in the territories of Ukraine, nor their results.");
        assert!(c.negated);
        let c = found("Going forward, we will not only deepen our cooperation in these critical areas, but we will broaden it to new ones.");
        assert!(!c.negated, "'not only' is not a negation");
        // G7 Ukraine statement, May 2023: an emphatic pledge, not a negated one.
        let c = found("We will not tire in our commitment to mitigate the impact of Russia’s illegal actions on the rest of the world.");
        assert_eq!((c.cue.as_str(), c.negated), ("will", false));
        let c = found("We will never waver in our support for Ukraine.");
        assert!(!c.negated);
        let c =
            found("We are committed to ensuring that Iran will never develop a nuclear weapon.");
        assert!(!c.negated, "negation in the object clause");
        // Adapted: the corpus has no negated "support".
        for text in [
            "We do not support these measures.",
            "We don’t support these measures.",
        ] {
            let c = found(text);
            assert_eq!((c.cue.as_str(), c.negated), ("support", true), "{text}");
        }
    }

    #[test]
    fn modal_with_weaker_verb_takes_the_weaker_strength() {
        let c = found("We will consider mechanisms and share best practices to address risks to the resilience of the critical global supply chains.");
        assert_eq!(
            (c.cue.as_str(), c.strength),
            ("will consider", Strength::Hedged)
        );
        let c = found("Building on the work of the Global Partnership for Artificial Intelligence (GPAI), we will aim to rally all partners around our open and human centric approach to artificial intelligence.");
        assert_eq!(
            (c.cue.as_str(), c.strength),
            ("will aim to", Strength::Intent)
        );
        let c = found("We will continue to work together with these and all our partners in tackling global challenges.");
        assert_eq!((c.cue.as_str(), c.strength), ("will", Strength::Binding));
        // The gerund after `continue` is the verb (TTC 2022-12 and 2023-05).
        let c = found("With a view to providing mutual benefits and enhancing transatlantic trade, the United States and the European Union will continue exploring opportunities to improve cooperation in conformity assessment.");
        assert_eq!(
            (c.cue.as_str(), c.strength),
            ("will continue exploring", Strength::Hedged)
        );
        let c = found("We will continue working to strengthen supply chains.");
        assert_eq!(
            (c.cue.as_str(), c.strength),
            ("will continue working to", Strength::Intent)
        );
        let c = found("We will continue supporting Ukraine.");
        assert_eq!((c.cue.as_str(), c.strength), ("will", Strength::Binding));
    }

    #[test]
    fn detect_survives_odd_input() {
        for text in [
            "",
            " ",
            "we",
            "We will",
            "Our",
            "Our pledge",
            "[",
            "[we will",
            "1.",
            "’’’",
            "we’",
            "and and and",
            "We, , , ,",
        ] {
            let _ = detect(text);
        }
        assert_eq!(detect("We will").map(|c| c.cue), Some("will".to_string()));
    }

    #[test]
    fn pathological_input_stays_fast() {
        let long = "we ".repeat(8_000) + &"[".repeat(2_000) + &"Allies, ".repeat(2_000);
        let start = std::time::Instant::now();
        assert_eq!(detect(&long), None);
        let _ = split_sentences(&long);
        assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    }

    #[test]
    fn joined_adjectives_stay_in_the_noun_cue() {
        // Quad 2023-05 ¶6.
        let c = found(
            "Today we reaffirm our consistent and unwavering support for ASEAN centrality and unity.",
        );
        assert_eq!(
            (c.cue.as_str(), c.strength),
            (
                "reaffirm our consistent and unwavering support",
                Strength::Support
            )
        );
        assert_eq!(c.intensifiers, ["consistent", "unwavering"]);
        // Adapted from Quad 2022-05 ¶3: "steadfast" preceded by "strong,".
        let c = found("Together, we reaffirm our strong, steadfast commitment to a free and open Indo-Pacific that is inclusive and resilient.");
        assert_eq!(
            (c.cue.as_str(), c.strength),
            (
                "reaffirm our strong, steadfast commitment",
                Strength::Binding
            )
        );
    }

    #[test]
    fn intensifier_right_after_the_cue_counts() {
        let c = found("We support unequivocally the territorial integrity of Ukraine and   reiterate the importance of accountability.");
        assert_eq!(c.intensifiers, ["unequivocally"]);
    }
}
