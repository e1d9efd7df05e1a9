//! British and American spellings folded to one form for `--ignore-spelling`.
//!
//! Only paragraph comparison keys are folded (the display text keeps every letter), so
//! a paragraph that differs from its counterpart in spelling alone is unchanged. The
//! rules are a short list written by hand, each with its exceptions: `-ise`/`-ize` (not
//! `advise`, `exercise`, `enterprise`, …), `-yse`/`-yze`, `-our`/`-or`, `-re`/`-er`,
//! `defence`/`defense`, `programme`/`program`, doubled `l` (`travelled`), and a few
//! single words (`judgement`, `fulfil`, `ageing`, `grey`).

/// Folds every word of `key` to its American spelling.
pub fn fold_spelling(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut word = String::new();
    for c in key.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
            continue;
        }
        flush(&mut word, &mut out);
        out.push(c);
    }
    flush(&mut word, &mut out);
    out
}

fn flush(word: &mut String, out: &mut String) {
    if word.is_empty() {
        return;
    }
    let lower = word.to_ascii_lowercase();
    match american(&lower) {
        Some(us) => out.push_str(&recase(word, &us)),
        None => out.push_str(word),
    }
    word.clear();
}

/// `us` with the case pattern of `original`: all capitals, a capital first, or lower.
fn recase(original: &str, us: &str) -> String {
    if original.len() > 1 && original.chars().all(|c| c.is_ascii_uppercase()) {
        us.to_ascii_uppercase()
    } else if original.starts_with(|c: char| c.is_ascii_uppercase()) {
        let mut s = us.to_owned();
        s[..1].make_ascii_uppercase();
        s
    } else {
        us.to_owned()
    }
}

/// Words ending in `-ise` that are never spelt `-ize`.
const ISE_KEPT: &[&str] = &[
    "advertise",
    "prise",
    "advise",
    "apprise",
    "arise",
    "chastise",
    "circumcise",
    "comprise",
    "compromise",
    "concise",
    "demise",
    "despise",
    "devise",
    "disguise",
    "enterprise",
    "excise",
    "exercise",
    "expertise",
    "franchise",
    "improvise",
    "incise",
    "likewise",
    "merchandise",
    "otherwise",
    "noise",
    "poise",
    "praise",
    "precise",
    "premise",
    "promise",
    "raise",
    "reprise",
    "revise",
    "rise",
    "supervise",
    "surmise",
    "surprise",
    "televise",
    "treatise",
    "wise",
    "clockwise",
    "cruise",
    "bruise",
    "guise",
    "paradise",
    "sunrise",
    "upraise",
    "appraise",
];

const OUR_ROOTS: &[&str] = &[
    "ardour",
    "armour",
    "behaviour",
    "candour",
    "clamour",
    "colour",
    "endeavour",
    "favour",
    "fervour",
    "flavour",
    "harbour",
    "honour",
    "humour",
    "labour",
    "neighbour",
    "odour",
    "parlour",
    "rigour",
    "rumour",
    "saviour",
    "savour",
    "splendour",
    "tumour",
    "valour",
    "vapour",
    "vigour",
];
const OUR_ENDINGS: &[&str] = &[
    "", "s", "ed", "ing", "able", "ably", "ite", "ites", "hood", "hoods", "ful", "less", "er",
    "ers", "ly", "al", "ist", "ism",
];

const RE_ROOTS: &[&str] = &[
    "centre",
    "theatre",
    "metre",
    "litre",
    "fibre",
    "calibre",
    "sombre",
    "spectre",
    "lustre",
    "meagre",
    "sabre",
    "kilometre",
    "centimetre",
    "millimetre",
    "epicentre",
];

const DOUBLE_L: &[&str] = &[
    "travel", "label", "model", "cancel", "fuel", "signal", "channel", "counsel", "level", "total",
    "marshal", "equal", "dial", "quarrel", "tunnel", "jewel", "panel", "rival", "shovel", "spiral",
    "pedal", "libel", "grovel", "funnel", "tunnel",
];

const SINGLE: &[(&str, &str)] = &[
    ("defence", "defense"),
    ("defences", "defenses"),
    ("offence", "offense"),
    ("offences", "offenses"),
    ("pretence", "pretense"),
    ("licence", "license"),
    ("licences", "licenses"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("catalogue", "catalog"),
    ("catalogues", "catalogs"),
    ("judgement", "judgment"),
    ("judgements", "judgments"),
    ("acknowledgement", "acknowledgment"),
    ("acknowledgements", "acknowledgments"),
    ("fulfil", "fulfill"),
    ("fulfils", "fulfills"),
    ("fulfilment", "fulfillment"),
    ("enrol", "enroll"),
    ("enrols", "enrolls"),
    ("enrolment", "enrollment"),
    ("ageing", "aging"),
    ("grey", "gray"),
    ("manoeuvre", "maneuver"),
    ("manoeuvres", "maneuvers"),
    ("cheque", "check"),
    ("aluminium", "aluminum"),
    ("sceptical", "skeptical"),
    ("sceptic", "skeptic"),
];

/// The American spelling of a lower-case word, when it has a British one.
fn american(w: &str) -> Option<String> {
    if let Some(&(_, us)) = SINGLE.iter().find(|(gb, _)| *gb == w) {
        return Some(us.to_owned());
    }
    ise(w)
        .or_else(|| yse(w))
        .or_else(|| our(w))
        .or_else(|| re(w))
        .or_else(|| double_l(w))
}

fn ise(w: &str) -> Option<String> {
    const ENDINGS: &[&str] = &[
        "isations", "isation", "isers", "iser", "ising", "ised", "ises", "ise",
    ];
    let end = ENDINGS.iter().find(|e| w.ends_with(**e))?;
    let stem = &w[..w.len() - end.len()];
    if stem.len() < 3 || ISE_KEPT.contains(&format!("{stem}ise").as_str()) {
        return None;
    }
    if ISE_KEPT
        .iter()
        .any(|k| format!("{stem}ise").ends_with(k) && k.len() > 4)
    {
        return None;
    }
    Some(format!("{stem}iz{}", &end[2..]))
}

fn yse(w: &str) -> Option<String> {
    ["analys", "paralys", "catalys", "dialys"]
        .iter()
        .find_map(|root| {
            let rest = w.strip_prefix(root)?;
            matches!(rest, "e" | "ed" | "es" | "ing" | "er" | "ers")
                .then(|| format!("{}z{rest}", &root[..root.len() - 1]))
        })
}

fn our(w: &str) -> Option<String> {
    OUR_ROOTS.iter().find_map(|root| {
        let rest = w.strip_prefix(root)?;
        OUR_ENDINGS
            .contains(&rest)
            .then(|| format!("{}or{rest}", &root[..root.len() - 3]))
    })
}

fn re(w: &str) -> Option<String> {
    RE_ROOTS.iter().find_map(|root| {
        let rest = w.strip_prefix(root)?;
        let stem = &root[..root.len() - 2];
        match rest {
            "" | "s" => Some(format!("{stem}er{rest}")),
            "d" => Some(format!("{stem}ered")),
            _ => None,
        }
    })
}

fn double_l(w: &str) -> Option<String> {
    DOUBLE_L.iter().find_map(|root| {
        let rest = w.strip_prefix(root)?.strip_prefix('l')?;
        matches!(rest, "ed" | "ing" | "er" | "ers").then(|| format!("{root}{rest}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn british_and_american_spellings_fold_alike_issue_11() {
        for (gb, us) in [
            (
                "We recognise the organisation",
                "We recognize the organization",
            ),
            ("Defence and honour", "Defense and honor"),
            ("favourable labour", "favorable labor"),
            ("the centre of the programme", "the center of the program"),
            ("we analysed and travelled", "we analyzed and traveled"),
            ("DEFENCE", "DEFENSE"),
            ("fulfil our judgement", "fulfill our judgment"),
        ] {
            assert_eq!(fold_spelling(gb), fold_spelling(us), "{gb}");
            assert_eq!(fold_spelling(gb), us);
        }
        for kept in [
            "We advise, exercise and revise; otherwise enterprise and expertise rise.",
            "our hour, four tours, sure, are, here, were, called, filled, controlled",
            "precise premise, promise, compromise, surprise, wise",
        ] {
            assert_eq!(fold_spelling(kept), kept);
        }
    }
}
