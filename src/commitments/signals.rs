//! Comparison of two versions of a commitment: typed signals and the
//! tiered overall direction.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::ops::Range;

use super::detection::all_cues;
use super::entities::{canonical, entity_spans, named_people};
use super::lexicon::{
    commitment_noun, FILLERS, INTENSIFIERS, NEGATIONS, NOUN_CUE_DETERMINERS, STOPWORDS,
};
use super::numbers::{amounts_in, Amount, NumKind};
use super::words::{skip_prefix, tokenize, Tok};
use super::{Commitment, Direction, Signal, SignalKind};

/// The text of a commitment, tokenised once for all signals.
struct Parsed<'a> {
    toks: Vec<Tok<'a>>,
    ents: Vec<(Range<usize>, &'static str)>,
    amounts: Vec<Amount>,
}

impl<'a> Parsed<'a> {
    fn new(text: &'a str) -> Self {
        let toks = tokenize(text);
        let ents = entity_spans(text);
        let amounts = amounts_in(text, &toks, &ents);
        Parsed {
            toks,
            ents,
            amounts,
        }
    }
}

/// Compares two versions of a commitment: typed signals plus the overall
/// direction (see the module docs for the tiered rule).
pub fn compare(old: &Commitment, new: &Commitment) -> (Vec<Signal>, Direction) {
    let (a, b) = (Parsed::new(&old.text), Parsed::new(&new.text));
    let mut signals = Vec::new();
    signals.extend(modality_signal(old, new));
    signals.extend(negation_signal(old, new));
    signals.extend(set_signal(
        SignalKind::Intensity,
        &old.intensifiers,
        &new.intensifiers,
        Direction::Stronger,
    ));
    number_signals(&a.amounts, &b.amounts, &mut signals);
    // Named as written; aliases are one entity (`United Nations` → `UN` is no change).
    let names = |p: &Parsed| -> Vec<String> { p.ents.iter().map(|(_, n)| n.to_string()).collect() };
    signals.extend(set_signal_by(
        SignalKind::Entity,
        &names(&a),
        &names(&b),
        Direction::Neutral,
        |n| canonical(n).to_lowercase(),
    ));
    signals.extend(people_signal(old, new));
    signals.extend(set_signal(
        SignalKind::Condition,
        &old.conditions,
        &new.conditions,
        Direction::Weaker,
    ));
    if !old.subject.eq_ignore_ascii_case(&new.subject) {
        signals.push(signal(
            SignalKind::Other,
            &old.subject,
            &new.subject,
            Direction::Neutral,
        ));
    }
    let phrases_from = signals.len();
    // Content words outside what the other signals explain, read once for both uses.
    let words = (residual_words(old, &a), residual_words(new, &b));
    other_signals(&old.text, &new.text, &words, &mut signals);
    let mut direction = overall(&signals);
    if signals.iter().all(|s| s.direction == Direction::Neutral) {
        if let Some((balance, gone, came)) = content_balance((old, &a), (new, &b), &words) {
            direction = balance;
            if !relabel_phrases(&mut signals[phrases_from..], balance) {
                signals.push(signal(SignalKind::Scope, &gone, &came, balance));
            }
        }
    }
    (signals, direction)
}

/// Makes the replaced phrases that carry a content balance ([`content_balance`]) scope
/// signals in its direction: those that lean its way (more content dropped than added
/// for `weaker`), or all of them for `mixed` or when none leans. The reader sees the
/// phrase pairs of the word diff, not a bag of words. False when there is no phrase.
fn relabel_phrases(phrases: &mut [Signal], direction: Direction) -> bool {
    let weight = |t: &str| {
        tokenize(t)
            .iter()
            .filter(|x| x.word && !STOPWORDS.contains(&x.low))
            .count()
    };
    let leans = |s: &Signal| match direction {
        Direction::Stronger => weight(&s.new) > weight(&s.old),
        Direction::Weaker => weight(&s.old) > weight(&s.new),
        _ => true,
    };
    let candidates = |s: &Signal| s.kind == SignalKind::Other;
    let any_leans = phrases.iter().any(|s| candidates(s) && leans(s));
    let mut done = false;
    for s in phrases.iter_mut().filter(|s| candidates(s)) {
        if !any_leans || leans(s) {
            s.kind = SignalKind::Scope;
            s.direction = direction;
            done = true;
        }
    }
    done
}

/// When no signal gives a direction, the balance of content decides: a rewording that
/// drops at least twice as many content words as it adds, and [`BALANCE_MARGIN`] more,
/// narrowed the pledge (weaker); the reverse widened it (stronger); one that drops and
/// adds [`BALANCE_BOTH`] or more each changed it both ways (mixed). Content words are
/// those of [`residual_words`], compared by [`stem_key`]. The counts were fitted on the
/// calibration pairs' keyed rewordings (docs/commitments.md).
fn content_balance(
    (old, pa): (&Commitment, &Parsed),
    (new, pb): (&Commitment, &Parsed),
    (a, b): &(BTreeSet<&str>, BTreeSet<&str>),
) -> Option<(Direction, String, String)> {
    let keys =
        |set: &BTreeSet<&str>| -> BTreeSet<String> { set.iter().map(|w| stem_key(w)).collect() };
    let (ka, kb) = (keys(a), keys(b));
    // Words in document order, once each, that the other side lacks.
    let only = |c: &Commitment, p: &Parsed, mine: &BTreeSet<&str>, other: &BTreeSet<String>| {
        let mut seen = BTreeSet::new();
        p.toks
            .iter()
            .filter(|t| t.word && mine.contains(t.low()))
            .filter(|t| !other.contains(&stem_key(t.low())) && seen.insert(stem_key(t.low())))
            .map(|t| c.text.get(t.start..t.end).unwrap_or("").to_string())
            .collect::<Vec<String>>()
    };
    let (gone, came) = (only(old, pa, a, &kb), only(new, pb, b, &ka));
    let (g, c) = (gone.len(), came.len());
    let direction = if c >= 2 * g && c >= g + BALANCE_MARGIN {
        Direction::Stronger
    } else if g >= 2 * c && g >= c + BALANCE_MARGIN {
        Direction::Weaker
    } else if g >= BALANCE_BOTH && c >= BALANCE_BOTH {
        Direction::Mixed
    } else {
        return None;
    };
    Some((direction, gone.join(", "), came.join(", ")))
}

/// How many more content words one side of a rewording must have (see
/// [`content_balance`]).
const BALANCE_MARGIN: usize = 5;
/// How many content words each side must drop and add to be a change both ways.
const BALANCE_BOTH: usize = 6;

/// The people a commitment names outside its subject (`hold President Putin … to
/// account`) are whom it binds itself to or against: one named on one side only narrows
/// the pledge when it is dropped and widens it when it is added. A person in either
/// subject (`President Biden and President Moon reaffirm`) is who commits, not scope,
/// and a person who stays named (`President Zelenskyy’s Peace Formula` on both sides)
/// is no change.
fn people_signal(old: &Commitment, new: &Commitment) -> Option<Signal> {
    let in_subject = |p: &String| {
        let surname = p.rsplit(' ').next().unwrap_or(p);
        old.subject.contains(surname) || new.subject.contains(surname)
    };
    let named = |c: &Commitment| -> Vec<String> {
        named_people(&c.text)
            .into_iter()
            .filter(|p| !in_subject(p))
            .collect()
    };
    let (a, b) = (named(old), named(new));
    let surname = |p: &String| p.rsplit(' ').next().unwrap_or(p).to_owned();
    let (sa, sb): (BTreeSet<String>, BTreeSet<String>) = (
        a.iter().map(surname).collect(),
        b.iter().map(surname).collect(),
    );
    let gone: Vec<&String> = a.iter().filter(|p| !sb.contains(&surname(p))).collect();
    let came: Vec<&String> = b.iter().filter(|p| !sa.contains(&surname(p))).collect();
    let direction = match (gone.is_empty(), came.is_empty()) {
        (true, true) => return None,
        (false, true) => Direction::Weaker,
        (true, false) => Direction::Stronger,
        // One named person for another: wording, not scope.
        (false, false) => Direction::Neutral,
    };
    let join = |v: &[&String]| v.iter().map(|p| p.as_str()).collect::<Vec<_>>().join("; ");
    Some(signal(
        SignalKind::Scope,
        &join(&gone),
        &join(&came),
        direction,
    ))
}

/// `Stronger` for more, `Weaker` for less, `Neutral` for equal.
fn direction_of(order: Ordering) -> Direction {
    match order {
        Ordering::Greater => Direction::Stronger,
        Ordering::Less => Direction::Weaker,
        Ordering::Equal => Direction::Neutral,
    }
}

fn signal(kind: SignalKind, old: &str, new: &str, direction: Direction) -> Signal {
    Signal {
        kind,
        old: old.to_string(),
        new: new.to_string(),
        direction,
    }
}

/// Lowercase cue words without intensifiers, with third-person forms folded
/// and the modifiers of a commitment noun dropped (`reaffirm our consistent
/// support` is `reaffirm our support`).
fn normal_cue(cue: &str) -> Vec<String> {
    let words = cue_words(cue);
    let det = words.iter().position(|w| NOUN_CUE_DETERMINERS.contains(w));
    let noun = words.iter().rposition(|w| commitment_noun(w).is_some());
    match (det, noun) {
        (Some(d), Some(n)) if d < n => words
            .iter()
            .enumerate()
            .filter(|&(k, _)| k <= d || k >= n)
            .map(|(_, w)| w.clone())
            .collect(),
        _ => words,
    }
}

/// Lowercase cue words without intensifiers, with third-person forms folded.
fn cue_words(cue: &str) -> Vec<String> {
    let fold = |w: &str| -> String {
        match w {
            "is" => "are".to_string(),
            "has" => "have".to_string(),
            _ if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") => {
                w.get(..w.len() - 1).unwrap_or(w).to_string()
            }
            _ => w.to_string(),
        }
    };
    tokenize(cue)
        .iter()
        .filter(|t| t.word && !INTENSIFIERS.contains(&t.low))
        .map(|t| fold(&t.low))
        .collect()
}

fn modality_signal(old: &Commitment, new: &Commitment) -> Option<Signal> {
    let same_cue = normal_cue(&old.cue) == normal_cue(&new.cue);
    if old.strength == new.strength && same_cue {
        return None;
    }
    // The same cue on both sides is never a modality change, even when another cue
    // opens one of them (`we also agree to coordinate …` → `the Presidents reiterate
    // their common goal … and agree to further strengthen …`).
    let has = |c: &Commitment, cue: &str| {
        let want = normal_cue(cue);
        all_cues(&c.text).iter().any(|(x, _)| normal_cue(x) == want)
    };
    if old.strength != new.strength && (has(new, &old.cue) || has(old, &new.cue)) {
        return None;
    }
    let direction = direction_of(new.strength.cmp(&old.strength));
    Some(signal(SignalKind::Modality, &old.cue, &new.cue, direction))
}

/// The first negation word in a sentence (ignoring `not only`).
fn negation_word(text: &str) -> String {
    let toks = tokenize(text);
    let found = toks.iter().enumerate().find(|(k, t)| {
        let only = toks.get(k + 1).is_some_and(|n| n.low == "only");
        NEGATIONS.contains(&t.low) && t.low != "no" && !(t.low == "not" && only)
    });
    found
        .and_then(|(_, t)| text.get(t.start..t.end))
        .unwrap_or("")
        .to_string()
}

fn negation_signal(old: &Commitment, new: &Commitment) -> Option<Signal> {
    if old.negated == new.negated {
        return None;
    }
    let word = |c: &Commitment| {
        if c.negated {
            negation_word(&c.text)
        } else {
            String::new()
        }
    };
    let direction = if new.negated {
        Direction::Weaker
    } else {
        Direction::Stronger
    };
    Some(signal(
        SignalKind::Negation,
        &word(old),
        &word(new),
        direction,
    ))
}

/// One signal for a changed set: more items gives `added`, fewer its flip,
/// a swap of equal size is neutral.
fn set_signal(
    kind: SignalKind,
    old: &[String],
    new: &[String],
    added: Direction,
) -> Option<Signal> {
    set_signal_by(kind, old, new, added, str::to_lowercase)
}

/// [`set_signal`] with items told apart by `key` (entities by their alias group);
/// the items are shown as written.
fn set_signal_by(
    kind: SignalKind,
    old: &[String],
    new: &[String],
    added: Direction,
    key: impl Fn(&str) -> String,
) -> Option<Signal> {
    let keys = |v: &[String]| -> BTreeSet<String> { v.iter().map(|s| key(s)).collect() };
    let (a, b) = (keys(old), keys(new));
    let pick = |v: &[String], other: &BTreeSet<String>| -> Vec<String> {
        let mut seen = BTreeSet::new();
        v.iter()
            .filter(|s| {
                let k = key(s);
                !other.contains(&k) && seen.insert(k)
            })
            .cloned()
            .collect()
    };
    let (gone, came) = (pick(old, &b), pick(new, &a));
    if gone.is_empty() && came.is_empty() {
        return None;
    }
    let direction = match came.len().cmp(&gone.len()) {
        Ordering::Greater => added,
        Ordering::Less => added.flip(),
        Ordering::Equal => Direction::Neutral,
    };
    Some(signal(kind, &gone.join("; "), &came.join("; "), direction))
}

fn number_signals(a: &[Amount], b: &[Amount], out: &mut Vec<Signal>) {
    for class in 0..7 {
        let xs: Vec<&Amount> = a.iter().filter(|x| x.kind.class() == class).collect();
        let ys: Vec<&Amount> = b.iter().filter(|y| y.kind.class() == class).collect();
        for i in 0..xs.len().max(ys.len()) {
            match (xs.get(i), ys.get(i)) {
                (Some(x), Some(y)) if !same_amount(x, y) => {
                    out.push(signal(
                        SignalKind::Number,
                        &x.text,
                        &y.text,
                        number_direction(x, y),
                    ));
                }
                (Some(x), None) => {
                    out.push(signal(SignalKind::Number, &x.text, "", Direction::Neutral))
                }
                (None, Some(y)) => {
                    out.push(signal(SignalKind::Number, "", &y.text, Direction::Neutral))
                }
                _ => {}
            }
        }
    }
}

fn same_amount(x: &Amount, y: &Amount) -> bool {
    x.kind == y.kind && (x.value - y.value).abs() <= 1e-9 * x.value.abs().max(1.0)
}

fn number_direction(x: &Amount, y: &Amount) -> Direction {
    let larger = if y.value > x.value {
        Direction::Stronger
    } else {
        Direction::Weaker
    };
    match (&x.kind, &y.kind) {
        (NumKind::Money(c), NumKind::Money(d)) if c != d => Direction::Neutral,
        (NumKind::Percent | NumKind::Money(_) | NumKind::Scaled, _) => larger,
        (NumKind::Deadline, _) => larger.flip(),
        (NumKind::Horizon, _) => larger,
        _ => Direction::Neutral,
    }
}

/// Content words of a commitment outside cue, subject, intensifiers,
/// conditions, negations, amounts, entity names, bare numbers (such as
/// resolution numbers, which are no amounts) and single letters (`S&T`).
fn residual_words<'p>(c: &Commitment, parsed: &'p Parsed) -> BTreeSet<&'p str> {
    let words = |s: &str| -> Vec<String> {
        tokenize(s)
            .into_iter()
            .map(|t| t.low.into_owned())
            .collect()
    };
    let mut known: BTreeSet<String> = words(&c.cue).into_iter().chain(words(&c.subject)).collect();
    // The people named are [`people_signal`]'s.
    for part in c
        .intensifiers
        .iter()
        .chain(&c.conditions)
        .chain(&named_people(&c.text))
    {
        known.extend(words(part));
    }
    let mut masked: Vec<&Range<usize>> = parsed.amounts.iter().map(|a| &a.span).collect();
    masked.extend(parsed.ents.iter().map(|(r, _)| r));
    let first = skip_prefix(&parsed.toks);
    parsed
        .toks
        .iter()
        .skip(first)
        .filter(|t| t.word && !t.low.starts_with('\''))
        .filter(|t| !STOPWORDS.contains(&t.low) && !NEGATIONS.contains(&t.low))
        // `continue to`, `also`, `further`: fillers that change no content.
        .filter(|t| !FILLERS.contains(&t.low) && !t.low.starts_with("continu"))
        .filter(|t| !t.low.bytes().all(|b| b.is_ascii_digit()) && t.low.chars().nth(1).is_some())
        .filter(|t| !known.contains(t.low()) && !masked.iter().any(|r| r.contains(&t.start)))
        .map(|t| t.low())
        .collect()
}

/// Quantifiers of extent: one of them added or dropped alone widens or narrows the
/// pledge (`'entire internationally recognized territory'` → `'internationally
/// recognized territory'`).
const QUANTIFIERS: [&str; 9] = [
    "entire", "all", "every", "whole", "full", "any", "each", "both", "only",
];

/// The phrases that changed, as the word diff of the two sentences has them, in
/// document order; words another signal already explains (cue, intensifiers,
/// conditions, amounts, names: the `words` of [`residual_words`] leave them out) do
/// not make a phrase of their own.
fn other_signals(
    old: &str,
    new: &str,
    (a, b): &(BTreeSet<&str>, BTreeSet<&str>),
    out: &mut Vec<Signal>,
) {
    let content = |text: &str, keep: &BTreeSet<&str>| -> usize {
        tokenize(text)
            .iter()
            .filter(|t| t.word && keep.contains(t.low()))
            .count()
    };
    let diff = crate::diff::diff_paragraphs(&[old], &[new], crate::diff::DiffOptions::default());
    // (gone, came, whether the hunk sits inside one word).
    let mut hunks: Vec<(String, String, bool)> = Vec::new();
    let mut open = false;
    // Whether the equal text before the open hunk ends inside a word.
    let mut word_before = false;
    for span in &diff.spans {
        match span.op {
            crate::model::DiffOp::Equal => {
                // A hunk of one word's characters between two equal pieces of that word
                // (`A/` + `RES/` + `ES-11/6`, a document symbol) changes a name.
                if let Some(h) = hunks.last_mut().filter(|_| open) {
                    let joined = |t: &str| !t.is_empty() && !t.contains(char::is_whitespace);
                    let after = span.text.chars().next().is_some_and(|c| !c.is_whitespace());
                    h.2 = word_before && after && (joined(&h.0) || joined(&h.1));
                }
                word_before = span.text.chars().last().is_some_and(|c| !c.is_whitespace());
                open = false;
            }
            op => {
                if !open {
                    hunks.push((String::new(), String::new(), false));
                    open = true;
                }
                let h = hunks.last_mut().expect("pushed");
                let side = if op == crate::model::DiffOp::Delete {
                    &mut h.0
                } else {
                    &mut h.1
                };
                side.push_str(&span.text);
            }
        }
    }
    // One modifier added or dropped alone qualifies the object (`naval propulsion` →
    // `naval nuclear propulsion`, `NATO's next Strategic Concept`): wording. A quantifier
    // of extent (`the entire territory`) is scope.
    let lone = |t: &str, n: usize| {
        n == 1
            && tokenize(t).iter().filter(|x| x.word).count() == 1
            && !QUANTIFIERS.contains(&t.to_lowercase().as_str())
    };
    for (gone, came, in_word) in hunks {
        let (gone, came) = (gone.trim(), came.trim());
        let (g, c) = (content(gone, a), content(came, b));
        if g + c == 0 || unmatched_words(gone, came, a, b) {
            continue;
        }
        // Content dropped with nothing in its place narrows the pledge; content added
        // where nothing stood widens it; a phrase replaced by another is wording.
        let (kind, direction) = match (gone.is_empty(), came.is_empty()) {
            _ if in_word => (SignalKind::Other, Direction::Neutral),
            (false, true) if g > 0 && !lone(gone, g) => (SignalKind::Scope, Direction::Weaker),
            (true, false) if c > 0 && !lone(came, c) => (SignalKind::Scope, Direction::Stronger),
            _ => (SignalKind::Other, Direction::Neutral),
        };
        out.push(signal(kind, gone, came, direction));
    }
}

/// True when every content word of the hunk has its match on the other side (the same
/// words reordered, or an inflection): nothing changed but the order.
fn unmatched_words(gone: &str, came: &str, a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> bool {
    let words = |t: &str, keep: &BTreeSet<&str>| -> Vec<String> {
        tokenize(t)
            .iter()
            .filter(|x| x.word && keep.contains(x.low()))
            .map(|x| x.low().to_owned())
            .collect()
    };
    let (g, c) = (words(gone, a), words(came, b));
    // A word moved within the sentence appears deleted here and inserted elsewhere:
    // words present in the other sentence at all are not a change of content.
    let in_other = |w: &String, other: &BTreeSet<&str>| {
        let k = stem_key(w);
        other.iter().any(|o| stem_key(o) == k)
    };
    g.iter().all(|w| in_other(w, b)) && c.iter().all(|w| in_other(w, a))
}

/// A word with light inflection removed, for comparing content words:
/// the plural `-s`, `-ing` and `-ed` rule of `stem` in `src/align.rs`, then
/// a final `e` and the spelling `iz` → `is`, so `continue` and
/// `continuing`, `denuclearization` and `denuclearisation` match.
fn stem_key(w: &str) -> String {
    let n = w.len();
    let stem = if n > 5 && w.ends_with("ing") {
        w.get(..n - 3)
    } else if n > 4 && w.ends_with("ed") && !w.ends_with("eed") {
        w.get(..n - 2)
    } else if n > 3 && w.ends_with('s') && !["ss", "us", "is"].iter().any(|e| w.ends_with(e)) {
        w.get(..n - 1)
    } else {
        None
    };
    let stem = stem.unwrap_or(w);
    stem.strip_suffix('e').unwrap_or(stem).replace("iz", "is")
}

/// Tiered overall direction: modality and negation, then number, then
/// intensity and condition; the first tier with a direction decides. (The content
/// balance of [`compare`] comes on top, where this gives no direction.)
pub(super) fn overall(signals: &[Signal]) -> Direction {
    // Modality and negation say what kind of promise it is: they count twice.
    let weight = |s: &Signal| match s.kind {
        SignalKind::Modality | SignalKind::Negation => 2,
        _ => 1,
    };
    let count = |d: Direction| -> usize {
        signals
            .iter()
            .filter(|s| s.direction == d)
            .map(weight)
            .sum()
    };
    let (up, down) = (count(Direction::Stronger), count(Direction::Weaker));
    match (up, down) {
        (0, 0) => Direction::Neutral,
        (_, 0) => Direction::Stronger,
        (0, _) => Direction::Weaker,
        // One way clearly outweighs the other: twice the weight.
        _ if up >= 2 * down => Direction::Stronger,
        _ if down >= 2 * up => Direction::Weaker,
        _ => Direction::Mixed,
    }
}

#[cfg(test)]
mod tests {
    //! Sources of the test sentences: see `test_support`.

    use super::*;
    use crate::commitments::test_support::found;
    use crate::commitments::Strength;

    fn kinds(signals: &[Signal]) -> Vec<SignalKind> {
        signals.iter().map(|s| s.kind).collect()
    }

    fn only(signals: &[Signal], kind: SignalKind) -> &Signal {
        let mut of_kind = signals.iter().filter(|s| s.kind == kind);
        let first = of_kind
            .next()
            .unwrap_or_else(|| panic!("no {kind:?} in {signals:?}"));
        assert!(of_kind.next().is_none(), "several {kind:?} in {signals:?}");
        first
    }

    #[test]
    fn two_percent_equals_two_per_cent() {
        let old = found("To make it happen, consistent with our obligations under Article 3 of the Washington Treaty, we make an enduring commitment to invest at least 2% of our GDP annually on defence.");
        let new = found("To make it happen, consistent with our obligations under Article 3 of the Washington Treaty, we make an enduring commitment to invest at least two per cent of our GDP annually on defence.");
        assert_ne!(old.text, new.text);
        let (signals, direction) = compare(&old, &new);
        assert!(signals.is_empty(), "{signals:?}");
        assert_eq!(direction, Direction::Neutral);
    }

    #[test]
    fn higher_percentage_is_stronger() {
        let old = found(
            "We make an enduring commitment to invest at least 2% of our GDP annually on defence.",
        );
        let new = found("We make an enduring commitment to invest at least 3.5% of our GDP annually on defence.");
        let (signals, direction) = compare(&old, &new);
        let n = only(&signals, SignalKind::Number);
        assert_eq!(
            (n.old.as_str(), n.new.as_str(), n.direction),
            ("2%", "3.5%", Direction::Stronger)
        );
        assert_eq!(direction, Direction::Stronger);
    }

    #[test]
    fn larger_amount_is_stronger() {
        let old = found("As stated at the Washington Summit, Allies intend to provide a minimum baseline funding of €40 billion within the next year.");
        let new = found("As stated at the Washington Summit, Allies intend to provide a minimum baseline funding of €50 billion within the next year.");
        let (signals, direction) = compare(&old, &new);
        assert_eq!(kinds(&signals), [SignalKind::Number]);
        let n = only(&signals, SignalKind::Number);
        assert_eq!(
            (n.old.as_str(), n.new.as_str(), n.direction),
            ("€40 billion", "€50 billion", Direction::Stronger)
        );
        assert_eq!(direction, Direction::Stronger);
        let (back, direction) = compare(&new, &old);
        assert_eq!(only(&back, SignalKind::Number).direction, Direction::Weaker);
        assert_eq!(direction, Direction::Weaker);
    }

    #[test]
    fn later_deadline_is_weaker_and_later_horizon_stronger() {
        let old = found(
            "We commit to conserve or protect at least 30 percent of our land and oceans by 2030.",
        );
        let new = found(
            "We commit to conserve or protect at least 30 percent of our land and oceans by 2035.",
        );
        let (signals, direction) = compare(&old, &new);
        let n = only(&signals, SignalKind::Number);
        assert_eq!(
            (n.old.as_str(), n.new.as_str(), n.direction),
            ("2030", "2035", Direction::Weaker)
        );
        assert_eq!(direction, Direction::Weaker);
        let old = found("Allied leaders will launch an ambitious set of initiatives to ensure NATO continues to provide security to our citizens through 2030 and beyond.");
        let new = found("Allied leaders will launch an ambitious set of initiatives to ensure NATO continues to provide security to our citizens through 2035 and beyond.");
        let (signals, _) = compare(&old, &new);
        assert_eq!(
            only(&signals, SignalKind::Number).direction,
            Direction::Stronger
        );
    }

    #[test]
    fn currency_change_is_a_neutral_number_signal() {
        let old = found("Allies intend to provide a minimum baseline funding of €40 billion.");
        let new = found("Allies intend to provide a minimum baseline funding of $50 billion.");
        let (signals, direction) = compare(&old, &new);
        assert_eq!(
            only(&signals, SignalKind::Number).direction,
            Direction::Neutral
        );
        assert_eq!(direction, Direction::Neutral);
    }

    #[test]
    fn will_continue_to_may_consider_is_weaker() {
        let old = found("We will continue to support our partners from the region, such as the Republic of Moldova.");
        let new = found("We may consider supporting our partners from the region, such as the Republic of Moldova.");
        assert_eq!(new.cue, "may consider");
        let (signals, direction) = compare(&old, &new);
        let m = only(&signals, SignalKind::Modality);
        assert_eq!(
            (m.old.as_str(), m.new.as_str(), m.direction),
            ("will", "may consider", Direction::Weaker)
        );
        assert_eq!(direction, Direction::Weaker);
    }

    #[test]
    fn committed_to_support_is_weaker_and_back_is_stronger() {
        let old = found(
            "We are committed to developing mobility corridors for allied forces and capabilities.",
        );
        let new =
            found("We support developing mobility corridors for allied forces and capabilities.");
        let (signals, direction) = compare(&old, &new);
        assert_eq!(kinds(&signals), [SignalKind::Modality]);
        assert_eq!(
            only(&signals, SignalKind::Modality).direction,
            Direction::Weaker
        );
        assert_eq!(direction, Direction::Weaker);
        let (_, back) = compare(&new, &old);
        assert_eq!(back, Direction::Stronger);
    }

    #[test]
    fn same_strength_cue_change_is_neutral_and_inflection_is_ignored() {
        let old = found("We are committed to developing mobility corridors.");
        let new = found("We pledge to develop mobility corridors.");
        let (signals, _) = compare(&old, &new);
        assert_eq!(
            only(&signals, SignalKind::Modality).direction,
            Direction::Neutral
        );
        let old = found("The Quad is committed to improving the region’s connectivity.");
        let new = found("We are committed to improving the region’s connectivity.");
        let (signals, direction) = compare(&old, &new);
        assert_eq!(
            kinds(&signals),
            [SignalKind::Entity, SignalKind::Other],
            "{signals:?}"
        );
        assert_eq!(direction, Direction::Neutral);
    }

    #[test]
    fn dropping_strongly_is_weaker() {
        let old = found("We strongly support Ukraine’s sovereignty and territorial integrity.");
        let new = found("We support Ukraine’s sovereignty and territorial integrity.");
        let (signals, direction) = compare(&old, &new);
        assert_eq!(kinds(&signals), [SignalKind::Intensity]);
        let i = only(&signals, SignalKind::Intensity);
        assert_eq!(
            (i.old.as_str(), i.new.as_str(), i.direction),
            ("strongly", "", Direction::Weaker)
        );
        assert_eq!(direction, Direction::Weaker);
        let (back, _) = compare(&new, &old);
        assert_eq!(
            only(&back, SignalKind::Intensity).direction,
            Direction::Stronger
        );
    }

    #[test]
    fn added_entity_is_neutral() {
        let old = found("We support initiatives to fortify NATO / EU borders with Russia, as these projects will strengthen security of all NATO Allies and EU member states.");
        let new = found("We support initiatives to fortify NATO / EU borders with Russia and Belarus, as these projects will strengthen security of all NATO Allies and EU member states.");
        let (signals, direction) = compare(&old, &new);
        assert_eq!(kinds(&signals), [SignalKind::Entity]);
        let e = only(&signals, SignalKind::Entity);
        assert_eq!(
            (e.old.as_str(), e.new.as_str(), e.direction),
            ("", "Belarus", Direction::Neutral)
        );
        assert_eq!(direction, Direction::Neutral);
    }

    #[test]
    fn added_condition_is_weaker_and_dropped_is_stronger() {
        let old = found("We will deliver 500 million doses by the end of 2021.");
        let new =
            found("We will deliver 500 million doses by the end of 2021, once conditions allow.");
        let (signals, direction) = compare(&old, &new);
        assert_eq!(kinds(&signals), [SignalKind::Condition]);
        let c = only(&signals, SignalKind::Condition);
        assert_eq!(
            (c.old.as_str(), c.new.as_str(), c.direction),
            ("", "once conditions allow", Direction::Weaker)
        );
        assert_eq!(direction, Direction::Weaker);
        let (_, back) = compare(&new, &old);
        assert_eq!(back, Direction::Stronger);
    }

    #[test]
    fn added_negation_is_weaker() {
        let old = found("We will recognise the results.");
        let new = found("We will not recognise the results.");
        let (signals, direction) = compare(&old, &new);
        assert_eq!(kinds(&signals), [SignalKind::Negation]);
        let n = only(&signals, SignalKind::Negation);
        assert_eq!(
            (n.old.as_str(), n.new.as_str(), n.direction),
            ("", "not", Direction::Weaker)
        );
        assert_eq!(direction, Direction::Weaker);
    }

    #[test]
    fn modality_outranks_number() {
        let old = found("Allies will provide a minimum baseline funding of €40 billion.");
        let new = found("Allies may consider a minimum baseline funding of €50 billion.");
        let (signals, direction) = compare(&old, &new);
        assert_eq!(
            only(&signals, SignalKind::Modality).direction,
            Direction::Weaker
        );
        assert_eq!(
            only(&signals, SignalKind::Number).direction,
            Direction::Stronger
        );
        assert_eq!(direction, Direction::Weaker);
    }

    #[test]
    fn characters_added_inside_a_word_are_no_scope() {
        // G7 on Ukraine, May 2023: the General Assembly resolution's symbol.
        let (signals, direction) = compare(
            &found("We recall resolution A/ES-11/6 and will pursue peace."),
            &found("We recall resolution A/RES/ES-11/6 and will pursue peace."),
        );
        assert!(
            signals.iter().all(|s| s.kind != SignalKind::Scope),
            "{signals:?}"
        );
        assert_eq!(direction, Direction::Neutral);
    }

    #[test]
    fn a_named_person_outside_the_subject_is_scope() {
        let people = |old: &str, new: &str| -> Vec<(String, String, Direction)> {
            compare(&found(old), &found(new))
                .0
                .into_iter()
                .filter(|s| {
                    s.kind == SignalKind::Scope
                        && (s.old.contains("President") || s.new.contains("President"))
                })
                .map(|s| (s.old, s.new, s.direction))
                .collect()
        };
        // Dropped: narrower.
        assert_eq!(
            people(
                "We will hold President Putin and those responsible to account.",
                "We will hold those responsible to account."
            ),
            [(
                "President Putin".to_owned(),
                String::new(),
                Direction::Weaker
            )]
        );
        // Added: wider.
        assert_eq!(
            people(
                "We will hold those responsible to account.",
                "We will hold President Putin and those responsible to account."
            ),
            [(
                String::new(),
                "President Putin".to_owned(),
                Direction::Stronger
            )]
        );
        // Who commits is not scope, and a person kept is no change.
        assert!(people(
            "President Biden and President Moon commit to support President Zelenskyy.",
            "President Biden and President Yoon commit to support President Zelenskyy’s plan."
        )
        .is_empty());
    }

    #[test]
    fn a_cue_kept_in_another_clause_is_no_modality_change() {
        // U.S.-ROK 2021 → 2022: `agree to` stays, after a restating clause that now
        // opens the sentence.
        let old = found("We also agree to coordinate our approaches to the DPRK in lockstep.");
        let new = found("President Yoon and President Biden reiterate their common goal of the complete denuclearization of the Korean Peninsula and agree to further strengthen the airtight coordination to this end.");
        assert_eq!(
            (old.cue.as_str(), new.cue.as_str()),
            ("agree to", "reiterate")
        );
        let (signals, _) = compare(&old, &new);
        assert!(
            signals.iter().all(|s| s.kind != SignalKind::Modality),
            "{signals:#?}"
        );
        // A cue that is really gone still is one (`will` → `may consider`).
        let (signals, direction) = compare(
            &found("We will continue to support Ukraine."),
            &found("We may consider supporting Ukraine."),
        );
        assert!(signals.iter().any(|s| s.kind == SignalKind::Modality));
        assert_eq!(direction, Direction::Weaker);
    }

    #[test]
    fn one_modifier_alone_is_wording_and_a_quantifier_is_scope() {
        // AUKUS 2022-04 → 2022-09 (the subject and standard changes left out, adapted).
        let (signals, direction) = compare(
            &found("We are fully committed to sharing naval propulsion technology with Australia."),
            &found("We are fully committed to sharing naval nuclear propulsion technology with Australia."),
        );
        assert_eq!(direction, Direction::Neutral, "{signals:#?}");
        assert!(signals.iter().all(|s| s.kind != SignalKind::Scope));
        // Adapted from G7 Ukraine 2023-02: the issue's `entire` example.
        let (signals, direction) = compare(
            &found("We will support Ukraine in restoring its entire internationally recognized territory."),
            &found("We will support Ukraine in restoring its internationally recognized territory."),
        );
        assert_eq!(direction, Direction::Weaker, "{signals:#?}");
        assert!(signals
            .iter()
            .any(|s| s.kind == SignalKind::Scope && s.old == "entire"));
    }

    #[test]
    fn an_alias_is_the_same_entity() {
        // The case: `United Nations` became `UN` (adapted sentence).
        let (signals, direction) = compare(
            &found("We will support the United Nations and the Republic of Korea in this work."),
            &found("We will support the UN and the ROK in this work."),
        );
        assert!(
            signals.iter().all(|s| s.kind != SignalKind::Entity),
            "{signals:#?}"
        );
        assert_eq!(direction, Direction::Neutral);
        // A different body is still named as written.
        let (signals, _) = compare(
            &found("We will support the United Nations in this work."),
            &found("We will support the WTO in this work."),
        );
        let e = only(&signals, SignalKind::Entity);
        assert_eq!((e.old.as_str(), e.new.as_str()), ("United Nations", "WTO"));
    }

    #[test]
    fn the_balance_of_content_decides_when_no_signal_does() {
        // Calibration pairs of the real keys (G7 Ukraine 2022-05 → 2023-05, U.S.-ROK
        // 2021 → 2022), each keyed by reading both sentences.
        let cases = [
            (
                "As we do so, we will work together and with our partners to ensure stable and sustainable global energy supplies and affordable prices for consumers, including by accelerating reduction of our overall reliance on fossil fuels and our transition to clean energy in accordance with our climate objectives.",
                "We remain dedicated to concrete collaborative actions in order to enhance energy security and achieve climate commitments.",
                Direction::Weaker,
            ),
            (
                "Moreover, we commit to develop cooperation in overseas nuclear markets, including joint participation in nuclear power plant projects, while ensuring the highest standards of international nuclear safety, security, and nonproliferation are maintained.",
                "Acknowledging the shared goals of deepening strategic ties, while respecting each country’s intellectual investments, both leaders commit to using tools such as the ROK-U.S. Memorandum of Understanding on Nuclear Technology Transfer and Export Cooperation to provide a solid foundation for strengthened cooperation in the U.S., ROK and overseas nuclear markets and the High-Level Bilateral Commission, to further cooperation for spent fuel management, nuclear export promotion, assured fuel supply and nuclear security.",
                Direction::Stronger,
            ),
            (
                "To this end, we agree to cooperate to increase resiliency in our supply chains, including in priority sectors such as semiconductors, eco-friendly EV batteries, strategic and critical materials, and pharmaceuticals.",
                "Both leaders agree to strengthen the resiliency and diversity of these networks including by cooperating on early warning systems to detect and address potential supply chain disruptions and working together to address sourcing and processing of critical minerals.",
                Direction::Mixed,
            ),
        ];
        for (old, new, want) in cases {
            let (signals, direction) = compare(&found(old), &found(new));
            assert_eq!(direction, want, "{signals:#?}");
            // The verdict is carried by the rewritten phrases themselves.
            let scope: Vec<&Signal> = signals
                .iter()
                .filter(|s| s.kind == SignalKind::Scope && s.direction == want)
                .collect();
            assert!(!scope.is_empty(), "{signals:#?}");
            assert!(
                scope
                    .iter()
                    .all(|s| old.contains(&s.old) && new.contains(&s.new)),
                "phrases of the sentences, not a bag of words: {scope:#?}"
            );
        }
        // A few words replaced is wording, whatever their balance.
        let (_, direction) = compare(
            &found("We support the rule of law, freedom of navigation and overflight, peaceful resolution of disputes, democratic values, and territorial integrity."),
            &found("We support the rule of law, freedom of navigation and overflight, peaceful settlement of disputes, democratic values, and sovereignty."),
        );
        assert_eq!(direction, Direction::Neutral);
    }

    #[test]
    fn conflicting_signals_are_mixed() {
        let old = found("We support the reforms.");
        let new = found("We strongly support the reforms where appropriate.");
        let (signals, direction) = compare(&old, &new);
        assert_eq!(
            only(&signals, SignalKind::Intensity).direction,
            Direction::Stronger
        );
        assert_eq!(
            only(&signals, SignalKind::Condition).direction,
            Direction::Weaker
        );
        assert_eq!(direction, Direction::Mixed);
    }

    #[test]
    fn other_changes_are_reported_as_neutral() {
        let old =
            found("We will make every effort to enhance national resilience and capabilities.");
        let new =
            found("We will make every effort to enhance regional resilience and capabilities.");
        let (signals, direction) = compare(&old, &new);
        let o = only(&signals, SignalKind::Other);
        assert_eq!(
            (o.old.as_str(), o.new.as_str(), o.direction),
            ("national", "regional", Direction::Neutral)
        );
        assert_eq!(direction, Direction::Neutral);
        let (same, direction) = compare(&old, &old);
        assert!(same.is_empty());
        assert_eq!(direction, Direction::Neutral);
    }

    #[test]
    fn adjectives_joined_by_and_keep_the_noun_cue() {
        // Quad 2021-09 ¶6 → Quad 2023-05 ¶6.
        let old = found("We reaffirm our unwavering support for ASEAN unity and centrality and for the practical implementation of ASEAN Outlook on the Indo-Pacific.");
        let new = found(
            "Today we reaffirm our consistent and unwavering support for ASEAN centrality and unity.",
        );
        assert_eq!(
            (new.cue.as_str(), new.strength),
            (
                "reaffirm our consistent and unwavering support",
                Strength::Support
            )
        );
        let (signals, _) = compare(&old, &new);
        let found_kinds = kinds(&signals);
        assert!(!found_kinds.contains(&SignalKind::Modality), "{signals:?}");
        // "consistent and unwavering": one intensifier more.
        let i = only(&signals, SignalKind::Intensity);
        assert_eq!(
            (i.old.as_str(), i.new.as_str(), i.direction),
            ("", "consistent", Direction::Stronger)
        );
    }

    #[test]
    fn adjective_added_to_noun_cue_is_no_modality_change() {
        // Quad 2022-05 → Quad 2023-05 ¶34 (Myanmar).
        let old = found("We reaffirm our support for ASEAN-led efforts to seek a solution in Myanmar and welcome the role of Special Envoy of the ASEAN Chair.");
        let new = found("We reaffirm our consistent support to ASEAN-led efforts, including the work of the ASEAN Chair and Office of the Special Envoy.");
        let (signals, _) = compare(&old, &new);
        assert!(
            !kinds(&signals).contains(&SignalKind::Modality),
            "{signals:?}"
        );
        // "consistent" is an intensifier (the real key reads this as stronger).
        assert_eq!(
            only(&signals, SignalKind::Intensity).direction,
            Direction::Stronger
        );
    }

    #[test]
    fn moved_intensifier_is_no_signal() {
        // The word order of Quad 2022-05 → 2023-05 ¶35, on a pledge.
        let old = found("We support unequivocally the territorial integrity of Ukraine in all its forms and manifestations and   reiterate the importance of accountability.");
        let new = found("We unequivocally support the territorial integrity of Ukraine in all its forms and manifestations including its waters.");
        assert_eq!(old.intensifiers, ["unequivocally"]);
        assert_eq!(new.intensifiers, ["unequivocally"]);
        let (signals, direction) = compare(&old, &new);
        assert!(
            !kinds(&signals).contains(&SignalKind::Intensity),
            "{signals:?}"
        );
        let o = only(&signals, SignalKind::Other);
        assert!(!o.old.contains("unequivocally"), "{o:?}");
        assert_eq!(direction, Direction::Neutral);
    }

    #[test]
    fn inflected_and_cue_words_are_no_other_change() {
        // B9 ¶11 and its 2025 draft (fixtures/keys/b9-2025-commitments.json).
        let old = found("We will continue our efforts to implement NATO´s new defence plans to strengthen our collective defence.");
        let new = found("We may consider continuing our efforts to implement NATO´s new defence plans to strengthen our collective defence.");
        let (signals, direction) = compare(&old, &new);
        assert_eq!(kinds(&signals), [SignalKind::Modality], "{signals:?}");
        assert_eq!(direction, Direction::Weaker);
        // A word of the cue on one side is no content change on the other.
        let old = found("We will continue to support our partners from the region, such as the Republic of Moldova.");
        let new =
            found("We support our partners from the region, such as the Republic of Moldova.");
        // "continue to" is a filler: only the modality changed.
        let (signals, _) = compare(&old, &new);
        assert_eq!(kinds(&signals), [SignalKind::Modality], "{signals:?}");
        // Quad 2022-05 → Quad 2023-05 ¶33 (shortened): US and UK spelling.
        let old = found(
            "We reaffirm our commitment to the complete denuclearization of the Korean Peninsula.",
        );
        let new = found(
            "We reaffirm our commitment to the complete denuclearisation of the Korean Peninsula.",
        );
        assert!(compare(&old, &new).0.is_empty());
    }

    #[test]
    fn resolution_numbers_are_no_number_signal() {
        // Quad 2021-09 ¶11 → Quad 2022-05 (counter-terrorism paragraph).
        let old = found("We reaffirm our commitment to ensuring that Afghan territory is not used to threaten or attack any country or to shelter or train terrorists, or to plan or to finance terrorist acts, and reiterate the importance of combating terrorism in Afghanistan.");
        let new = found("We also reaffirm UNSC Resolution 2593 (2021), which demands that Afghan territory must never again be used to threaten or attack any country or to shelter or train terrorists, or to plan or finance terrorist attacks.");
        let (signals, _) = compare(&old, &new);
        assert!(
            !kinds(&signals).contains(&SignalKind::Number),
            "{signals:?}"
        );
    }

    #[test]
    fn single_letters_are_no_other_words() {
        // Quad 2021-09 ¶3 → ¶17: `S&T` is `s`, `&`, `t`.
        let old = found("We will also strengthen our Science and Technology (S&T) cooperation in the areas of clinical trials and genomic surveillance so that we can accelerate our efforts to end this pandemic and build better health security.");
        let new = found("In the long term, we will strengthen the global health architecture and pandemic prevention, preparedness and response (PPR) to build better health security, including by enhancing finance and health coordination and bolstering on-going science and technology cooperation, such as through clinical trials and genomic surveillance.");
        let (signals, _) = compare(&old, &new);
        // The rewritten phrase widens the pledge (health architecture, PPR, finance
        // added), so it is a scope signal now; no phrase is a lone letter either way.
        let phrases: Vec<&Signal> = signals
            .iter()
            .filter(|s| matches!(s.kind, SignalKind::Other | SignalKind::Scope))
            .collect();
        assert!(!phrases.is_empty(), "{signals:?}");
        for o in phrases {
            let words: Vec<&str> = o.old.split(' ').chain(o.new.split(' ')).collect();
            assert!(!words.contains(&"s") && !words.contains(&"t"), "{o:?}");
        }
    }
}
