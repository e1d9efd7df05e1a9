//! The CI policy behind `redliner check`: which kinds of change fail a build, read from a
//! `--fail-on` list or a `redliner.toml` file, and the evaluation of a [`Comparison`] into
//! violations, each with its place in the documents. Pure library code: nothing here
//! prints.
//!
//! ```
//! use redliner::check::{evaluate, Policy};
//! use redliner::{compare, parse_document, Options};
//!
//! let opts = Options::default();
//! let old = parse_document("old.md", b"1. We will spend 2% of GDP on defence.\n", &opts)?;
//! let new = parse_document("new.md", b"1. We may spend 2% of GDP on defence.\n", &opts)?;
//! let cmp = compare(old, new, &opts);
//! let found = evaluate(&cmp, &Policy::default());
//! assert_eq!(
//!     found[0].message,
//!     "weakened commitment: 'will' \u{2192} 'may': \"We may spend 2% of GDP on defence.\""
//! );
//! assert_eq!(found[0].place, "\u{a7}1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::commitments::{Direction, SignalKind};
use crate::model::{CommitmentChange, CommitmentChangeKind, Comparison, DiffOp, Unit, UnitKind};
use crate::render::{cut_at_word, paragraph_ref, paragraph_refs};
use crate::tokenize::tokenize;

/// A kind of change that a policy can fail on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A commitment was dropped.
    RemovedCommitment,
    /// A reworded commitment became weaker.
    WeakenedCommitment,
    /// A paragraph was added.
    Added,
    /// A paragraph was removed.
    Removed,
    /// A paragraph was reworded, split or merged with its wording changed.
    Reworded,
    /// A number (amount, percentage, year) changed inside a paragraph or a commitment.
    NumberChange,
    /// Any change at all: every changed or moved unit.
    Any,
}

impl Rule {
    /// Every rule, in the order they are listed and reported.
    pub const ALL: [Rule; 7] = [
        Rule::RemovedCommitment,
        Rule::WeakenedCommitment,
        Rule::Added,
        Rule::Removed,
        Rule::Reworded,
        Rule::NumberChange,
        Rule::Any,
    ];

    /// The name used in `--fail-on` and `redliner.toml`, e.g. `weakened-commitment`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::RemovedCommitment => "removed-commitment",
            Rule::WeakenedCommitment => "weakened-commitment",
            Rule::Added => "added",
            Rule::Removed => "removed",
            Rule::Reworded => "reworded",
            Rule::NumberChange => "number-change",
            Rule::Any => "any",
        }
    }

    /// The rule with this name (surrounding whitespace and case ignored).
    pub fn from_name(name: &str) -> Option<Rule> {
        let name = name.trim();
        Rule::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(name))
    }
}

/// What went wrong reading a policy.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// A name in the list is not a rule.
    #[error("unknown rule {name:?} (known: {known})")]
    UnknownRule {
        /// The name as given.
        name: String,
        /// The known names, comma-separated.
        known: String,
    },
    /// The list names no rule.
    #[error("the list of rules is empty (known: {known})")]
    Empty {
        /// The known names, comma-separated.
        known: String,
    },
    /// The configuration file is not valid TOML or has unexpected keys.
    #[error("{0}")]
    Toml(String),
}

/// The set of rules whose violations fail the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    rules: BTreeSet<Rule>,
}

impl Default for Policy {
    /// `removed-commitment,weakened-commitment`.
    fn default() -> Self {
        Policy::new([Rule::RemovedCommitment, Rule::WeakenedCommitment])
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    check: Option<CheckSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckSection {
    fail_on: Option<FailOn>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum FailOn {
    List(Vec<String>),
    One(String),
}

impl Policy {
    /// A policy of these rules.
    pub fn new(rules: impl IntoIterator<Item = Rule>) -> Policy {
        Policy {
            rules: rules.into_iter().collect(),
        }
    }

    /// The rules, in [`Rule::ALL`] order.
    pub fn rules(&self) -> impl Iterator<Item = Rule> + '_ {
        self.rules.iter().copied()
    }

    /// True when the policy fails on this rule.
    pub fn contains(&self, rule: Rule) -> bool {
        self.rules.contains(&rule)
    }

    /// Parses a comma-separated list such as `removed-commitment,number-change`.
    pub fn parse_list(list: &str) -> Result<Policy, PolicyError> {
        Policy::from_names(list.split(',').filter(|n| !n.trim().is_empty()))
    }

    fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Policy, PolicyError> {
        let known = || Rule::ALL.map(Rule::name).join(", ");
        let mut rules = BTreeSet::new();
        for name in names {
            let rule = Rule::from_name(name).ok_or_else(|| PolicyError::UnknownRule {
                name: name.trim().to_owned(),
                known: known(),
            })?;
            rules.insert(rule);
        }
        if rules.is_empty() {
            return Err(PolicyError::Empty { known: known() });
        }
        Ok(Policy { rules })
    }

    /// Reads the policy from the text of a `redliner.toml`: `[check] fail_on = [...]` (a
    /// list of names, or one comma-separated string). `None` when the file sets none.
    /// Unknown tables and unknown keys in `[check]` are errors, so that a misspelt
    /// `[chek]` or `fail-on` does not silently fall back to the default.
    pub fn from_toml(text: &str) -> Result<Option<Policy>, PolicyError> {
        let file: ConfigFile =
            toml::from_str(text).map_err(|e| PolicyError::Toml(e.to_string()))?;
        match file.check.and_then(|c| c.fail_on) {
            None => Ok(None),
            Some(FailOn::One(list)) => Policy::parse_list(&list).map(Some),
            Some(FailOn::List(names)) => {
                Policy::from_names(names.iter().map(String::as_str)).map(Some)
            }
        }
    }

    /// The rules as a `--fail-on` list.
    pub fn describe(&self) -> String {
        self.rules().map(Rule::name).collect::<Vec<_>>().join(",")
    }
}

/// One change that the policy fails on, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The rule it breaks.
    pub rule: Rule,
    /// True when the text is only in the old document (something removed); `paragraph`,
    /// `place` and `line` then refer to the old document.
    pub in_old: bool,
    /// Id of the paragraph holding the change.
    pub paragraph: usize,
    /// Its reference, `§8` or `¶12`.
    pub place: String,
    /// 1-based source line of that paragraph.
    pub line: usize,
    /// Where the change shows in the new document: the paragraph's own line, or for a
    /// removal the line of the new paragraph next to where the removed text stood.
    pub new_line: usize,
    /// The reference of the new paragraph at `new_line`.
    pub new_place: String,
    /// What happened, e.g. `weakened commitment: 'will' → 'may'`.
    pub message: String,
    /// The text the finding is about: the commitment's sentence, or the paragraph.
    pub subject: String,
    /// A stable id: a hash of the rule and the folded `subject` (case, punctuation and
    /// numbering ignored), so that renumbering or re-wrapping keeps it. Baselines
    /// record it.
    pub id: String,
}

/// The stable id of a finding of `rule` about `subject`: 16 hex digits of the SHA-256
/// of the rule's name and the subject's words in lower case.
pub fn finding_id(rule: Rule, subject: &str) -> String {
    use sha2::{Digest, Sha256};
    let folded: Vec<String> = subject
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let digest = Sha256::digest(format!("{}\n{}", rule.name(), folded.join(" ")).as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The findings worth a warning whatever the policy: dropped and weakened commitments,
/// removed paragraphs and changed numbers. `--format github` shows those outside the
/// policy as warnings; rewordings and additions are left to the report.
pub fn findings(cmp: &Comparison) -> Vec<Violation> {
    let all = Policy::new([
        Rule::RemovedCommitment,
        Rule::WeakenedCommitment,
        Rule::Removed,
        Rule::NumberChange,
    ]);
    evaluate(cmp, &all)
}

/// Every violation of `policy` in a comparison, in new-document order.
pub fn evaluate(cmp: &Comparison, policy: &Policy) -> Vec<Violation> {
    let mut out = Vec::new();
    for (i, u) in cmp.units.iter().enumerate() {
        if let Some(v) = unit_violation(cmp, i, u, policy) {
            out.push(v);
        }
        if policy.contains(Rule::NumberChange) {
            out.extend(number_violation(cmp, i, u));
        }
    }
    for c in &cmp.commitments {
        out.extend(commitment_violation(cmp, c, policy));
    }
    out.sort_by(|a, b| {
        (a.new_line, a.rule, &a.message, a.line).cmp(&(b.new_line, b.rule, &b.message, b.line))
    });
    out.dedup_by(|a, b| a.rule == b.rule && a.new_line == b.new_line && a.message == b.message);
    out
}

/// A violation located at a paragraph of one side.
fn at(
    cmp: &Comparison,
    unit: usize,
    in_old: bool,
    paragraph: usize,
    rule: Rule,
    message: String,
    subject: Option<&str>,
) -> Violation {
    let doc = if in_old { &cmp.old } else { &cmp.new };
    let subject = subject.unwrap_or(&doc.paragraph(paragraph).text).to_owned();
    let new_id = if in_old {
        new_anchor(cmp, unit)
    } else {
        Some(paragraph)
    };
    Violation {
        rule,
        in_old,
        paragraph,
        place: paragraph_ref(doc, paragraph),
        line: doc.paragraph(paragraph).line,
        new_line: new_id.map_or(1, |id| cmp.new.paragraph(id).line),
        new_place: new_id.map_or_else(String::new, |id| paragraph_ref(&cmp.new, id)),
        message,
        id: finding_id(rule, &subject),
        subject,
    }
}

/// The new paragraph where a unit shows in the new document: its first own, else the last
/// of the units before it, else the first of the units after it.
fn new_anchor(cmp: &Comparison, unit: usize) -> Option<usize> {
    let units = &cmp.units;
    units[unit].new.first().copied().or_else(|| {
        units[..unit]
            .iter()
            .rev()
            .find_map(|u| u.new.last().copied())
            .or_else(|| units[unit..].iter().find_map(|u| u.new.first().copied()))
    })
}

/// The unit's own violation: the most specific unit rule in the policy, else `any`.
fn unit_violation(cmp: &Comparison, i: usize, u: &Unit, policy: &Policy) -> Option<Violation> {
    let wording_changed = u.diff.iter().any(|s| s.op != DiffOp::Equal);
    let (rule, in_old, message) = match u.kind {
        UnitKind::Added if policy.contains(Rule::Added) => (
            Rule::Added,
            false,
            format!(
                "added paragraph: {}",
                excerpt(&cmp.new.paragraph(u.new[0]).text)
            ),
        ),
        UnitKind::Removed if policy.contains(Rule::Removed) => (
            Rule::Removed,
            true,
            format!(
                "removed paragraph: {}",
                excerpt(&cmp.old.paragraph(u.old[0]).text)
            ),
        ),
        UnitKind::Reworded | UnitKind::Split | UnitKind::Merged
            if wording_changed && policy.contains(Rule::Reworded) =>
        {
            (Rule::Reworded, false, describe_unit(cmp, u))
        }
        _ if u.is_change() && policy.contains(Rule::Any) => {
            (Rule::Any, u.new.is_empty(), describe_unit(cmp, u))
        }
        _ => return None,
    };
    let paragraph = if in_old { u.old[0] } else { u.new[0] };
    Some(at(cmp, i, in_old, paragraph, rule, message, None))
}

/// `reworded (92% similar)`, `split from §5 into §6+§7`, `moved from old §3`, …
fn describe_unit(cmp: &Comparison, u: &Unit) -> String {
    let old = paragraph_refs(&cmp.old, &u.old);
    let new = paragraph_refs(&cmp.new, &u.new);
    // Formatted as the terminal report formats it, so that the two agree.
    let similar = format!("{:.0}", u.similarity * 100.0);
    let mut s = match u.kind {
        UnitKind::Reworded => format!("reworded ({similar}% similar)"),
        UnitKind::Split => format!("split from old {old} into {new} ({similar}% similar)"),
        UnitKind::Merged => format!("merged from old {old} into {new} ({similar}% similar)"),
        UnitKind::Added => format!(
            "added paragraph: {}",
            excerpt(&cmp.new.paragraph(u.new[0]).text)
        ),
        UnitKind::Removed => format!(
            "removed paragraph: {}",
            excerpt(&cmp.old.paragraph(u.old[0]).text)
        ),
        UnitKind::Unchanged => format!("moved from old {old}, wording unchanged"),
    };
    if u.moved && u.kind != UnitKind::Unchanged {
        s.push_str(&format!(", moved from old {old}"));
    }
    s
}

/// The numbers deleted and inserted inside a reworded, split or merged unit, hunk by hunk
/// (a hunk is a run of deletions and insertions between equal text).
fn number_violation(cmp: &Comparison, i: usize, u: &Unit) -> Option<Violation> {
    if !matches!(
        u.kind,
        UnitKind::Reworded | UnitKind::Split | UnitKind::Merged
    ) {
        return None;
    }
    let mut changes = Vec::new();
    for hunk in u.diff.split(|s| s.op == DiffOp::Equal) {
        let numbers = |op: DiffOp| -> Vec<String> {
            hunk.iter()
                .filter(|s| s.op == op)
                .flat_map(|s| {
                    tokenize(&s.text)
                        .into_iter()
                        .map(|t| s.text[t.span].to_owned())
                })
                .filter(|t| is_number(t))
                .collect()
        };
        let (old, new) = (numbers(DiffOp::Delete), numbers(DiffOp::Insert));
        if !old.is_empty() || !new.is_empty() {
            changes.push(change_words(&old.join(", "), &new.join(", ")));
        }
    }
    if changes.is_empty() {
        return None;
    }
    let message = format!("number changed: {}", changes.join("; "));
    Some(at(
        cmp,
        i,
        false,
        u.new[0],
        Rule::NumberChange,
        message,
        None,
    ))
}

/// A number token: digits, or a currency sign then digits (`2%`, `€40 billion`, `2026`);
/// not a name with a digit in it (`B9`, `G7`, `COVID-19`).
fn is_number(token: &str) -> bool {
    let rest = token.trim_start_matches(['€', '$', '£', '¥', '₹', '₩']);
    rest.starts_with(|c: char| c.is_ascii_digit())
}

/// `'a' → 'b'`, `added 'b'` or `dropped 'a'`.
fn change_words(old: &str, new: &str) -> String {
    match (old.is_empty(), new.is_empty()) {
        (true, _) => format!("added '{new}'"),
        (_, true) => format!("dropped '{old}'"),
        _ => format!("'{old}' \u{2192} '{new}'"),
    }
}

/// Violations of one commitment change: dropped, weakened, or with a number signal.
fn commitment_violation(cmp: &Comparison, c: &CommitmentChange, policy: &Policy) -> Vec<Violation> {
    let mut out = Vec::new();
    let unit_of = |old: bool, id: usize| {
        cmp.units
            .iter()
            .position(|u| if old { &u.old } else { &u.new }.contains(&id))
            .unwrap_or(0)
    };
    if let (CommitmentChangeKind::Removed, Some(o)) = (c.change, &c.old) {
        if policy.contains(Rule::RemovedCommitment) {
            let message = format!(
                "removed commitment ('{}'): {}",
                o.commitment.cue,
                excerpt(&o.commitment.text)
            );
            let unit = unit_of(true, o.paragraph);
            out.push(at(
                cmp,
                unit,
                true,
                o.paragraph,
                Rule::RemovedCommitment,
                message,
                Some(&o.commitment.text),
            ));
        }
        return out;
    }
    let (Some(n), CommitmentChangeKind::Reworded) = (&c.new, c.change) else {
        return out;
    };
    let unit = unit_of(false, n.paragraph);
    if c.direction == Direction::Weaker && policy.contains(Rule::WeakenedCommitment) {
        let what: Vec<String> = c
            .signals
            .iter()
            .filter(|s| s.direction == Direction::Weaker)
            .map(|s| signal_change(s.kind, &s.old, &s.new))
            .collect();
        let message = format!(
            "weakened commitment: {}: {}",
            what.join("; "),
            excerpt(&n.commitment.text)
        );
        out.push(at(
            cmp,
            unit,
            false,
            n.paragraph,
            Rule::WeakenedCommitment,
            message,
            Some(&n.commitment.text),
        ));
    }
    // Numbers inside one unit are reported from its diff; a commitment matched across
    // units (moved between paragraphs) reports its own.
    let across = c
        .old
        .as_ref()
        .is_some_and(|o| unit_of(true, o.paragraph) != unit);
    if policy.contains(Rule::NumberChange) && across {
        for s in c.signals.iter().filter(|s| s.kind == SignalKind::Number) {
            let message = format!("number changed: {}", change_words(&s.old, &s.new));
            out.push(at(
                cmp,
                unit,
                false,
                n.paragraph,
                Rule::NumberChange,
                message,
                Some(&n.commitment.text),
            ));
        }
    }
    out
}

/// A signal's change in a few words; the kind is named when one side is empty.
fn signal_change(kind: SignalKind, old: &str, new: &str) -> String {
    match (old.is_empty(), new.is_empty()) {
        (false, false) => format!("'{old}' \u{2192} '{new}'"),
        (true, _) => format!("added {} '{new}'", kind.as_str()),
        (_, true) => format!("dropped {} '{old}'", kind.as_str()),
    }
}

/// The first words of a text, quoted, with an ellipsis when cut.
fn excerpt(text: &str) -> String {
    match cut_at_word(text, 80) {
        None => format!("\"{text}\""),
        Some(cut) => format!("\"{cut}\u{2026}\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lists() {
        let p = Policy::parse_list("number-change, Added,added").unwrap();
        assert_eq!(p.describe(), "added,number-change");
        assert!(matches!(
            Policy::parse_list("weaker"),
            Err(PolicyError::UnknownRule { .. })
        ));
        assert!(matches!(
            Policy::parse_list(" , "),
            Err(PolicyError::Empty { .. })
        ));
    }

    #[test]
    fn reads_toml() {
        let p = Policy::from_toml("[check]\nfail_on = [\"any\"]\n").unwrap();
        assert_eq!(p, Some(Policy::new([Rule::Any])));
        let p = Policy::from_toml("[check]\nfail_on = \"added,removed\"\n").unwrap();
        assert_eq!(p, Some(Policy::new([Rule::Added, Rule::Removed])));
        assert_eq!(Policy::from_toml("[check]\n").unwrap(), None);
        // A misspelt table is an error, not the default policy (issue #13).
        assert!(Policy::from_toml("[chek]\nfail_on = [\"any\"]\n").is_err());
        assert!(Policy::from_toml("[check]\nfail-on = [\"any\"]\n").is_err());
        assert!(Policy::from_toml("[check\n").is_err());
    }

    #[test]
    fn finding_ids_ignore_numbering_case_and_spacing() {
        let a = finding_id(Rule::WeakenedCommitment, "We  will spend 2% on defence.");
        let b = finding_id(Rule::WeakenedCommitment, "we will spend 2%\non Defence");
        assert_eq!(a, b);
        assert_eq!(a.len(), 16);
        assert_ne!(
            a,
            finding_id(Rule::RemovedCommitment, "We will spend 2% on defence.")
        );
        assert_ne!(
            a,
            finding_id(Rule::WeakenedCommitment, "We may spend 2% on defence.")
        );
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        assert_eq!(excerpt("short"), "\"short\"");
        let long = "word ".repeat(30);
        let e = excerpt(&long);
        assert!(e.ends_with("word\u{2026}\""), "{e}");
    }
}
