//! Numbers: [`parse_number`] and the amounts in a sentence (percentages,
//! money, scaled amounts, years), classified for comparison.

use std::ops::Range;

#[cfg(test)]
use super::entities::entity_spans;
use super::words::{skip_prefix, tokenize, Tok};

/// Unit information read around a number.
#[derive(Debug, Clone, Default, PartialEq)]
struct Unit {
    currency: Option<&'static str>,
    percent: bool,
    scaled: bool,
}

/// How a number is compared.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum NumKind {
    Percent,
    Money(&'static str),
    Scaled,
    Plain,
    Deadline,
    Horizon,
    Year,
}

impl NumKind {
    pub(super) fn class(&self) -> u8 {
        match self {
            NumKind::Percent => 0,
            NumKind::Money(_) => 1,
            NumKind::Scaled => 2,
            NumKind::Plain => 3,
            NumKind::Deadline => 4,
            NumKind::Horizon => 5,
            NumKind::Year => 6,
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Amount {
    pub(super) span: Range<usize>,
    pub(super) text: String,
    pub(super) value: f64,
    pub(super) kind: NumKind,
}

/// Parses one amount token such as `2%`, `3.5%`, `two per cent`,
/// `€40 billion`, `U.S. $1.5 trillion`, `$2¾ billion`, `2035` or `1,000`.
///
/// Percentages give the number of percent (`2%` is `2.0`); scale words
/// multiply (`€40 billion` is `4e10`). A comma followed by three digits
/// groups thousands; a single comma followed by one or two digits is a
/// decimal comma. Number words need a unit (`two per cent`, `one billion`).
/// Returns `None` for anything else, including trailing words.
pub fn parse_number(s: &str) -> Option<f64> {
    let toks = tokenize(s);
    let (value, _, end) = read_amount(&toks, 0)?;
    (end == toks.len()).then_some(value)
}

/// Reads an amount at token `k`: value, unit and the index after it.
fn read_amount(toks: &[Tok], k: usize) -> Option<(f64, Unit, usize)> {
    let low = |i: usize| toks.get(i).map_or("", |t| t.low());
    let (mut unit, k) = read_currency(toks, k);
    let (mut value, mut k, from_words) = read_number(toks, k)?;
    if let Some(scale) = scale_of(low(k)) {
        value *= scale;
        unit.scaled = true;
        k += 1;
    }
    if low(k) == "%" || low(k) == "percent" || low(k) == "per-cent" {
        unit.percent = true;
        k += 1;
    } else if low(k) == "per" && low(k + 1) == "cent" {
        unit.percent = true;
        k += 2;
    }
    if unit.currency.is_none() {
        let (c, n) = currency_suffix(low(k), low(k + 1));
        unit.currency = c;
        k += n;
    }
    let bare = !unit.scaled && !unit.percent && unit.currency.is_none();
    (!(from_words && bare)).then_some((value, unit, k))
}

fn read_currency(toks: &[Tok], k: usize) -> (Unit, usize) {
    let low = |i: usize| toks.get(i).map_or("", |t| t.low());
    let symbol = |w: &str| match w {
        "$" | "usd" => Some("$"),
        "€" | "eur" => Some("€"),
        "£" | "gbp" => Some("£"),
        "¥" | "jpy" => Some("¥"),
        _ => None,
    };
    let skip = match (low(k), low(k + 1), low(k + 2)) {
        ("u.s", ".", "$") => 2,
        ("us", "$", _) => 1,
        _ => 0,
    };
    match symbol(low(k + skip)) {
        Some(c) => (
            Unit {
                currency: Some(c),
                ..Unit::default()
            },
            k + skip + 1,
        ),
        None => (Unit::default(), k),
    }
}

fn currency_suffix(a: &str, b: &str) -> (Option<&'static str>, usize) {
    match (a, b) {
        ("us", "dollars") => (Some("$"), 2),
        ("dollars", _) => (Some("$"), 1),
        ("euros" | "euro", _) => (Some("€"), 1),
        ("pounds", _) => (Some("£"), 1),
        ("yen", _) => (Some("¥"), 1),
        _ => (None, 0),
    }
}

fn scale_of(word: &str) -> Option<f64> {
    match word {
        "thousand" => Some(1e3),
        "million" | "mn" => Some(1e6),
        "billion" | "bn" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

/// A numeral token or a run of number words: value, end, from words.
fn read_number(toks: &[Tok], k: usize) -> Option<(f64, usize, bool)> {
    let t = toks.get(k)?;
    if t.low.starts_with(|c: char| c.is_ascii_digit()) {
        return plain_value(&t.low).map(|v| (v, k + 1, false));
    }
    let mut value = 0.0;
    let mut j = k;
    while let Some(w) = toks.get(j).filter(|t| t.word).map(|t| t.low()) {
        match (small_number(w), w) {
            (Some(v), _) => value += v,
            (None, "hundred") if j > k => value *= 100.0,
            _ => break,
        }
        j += 1;
    }
    (j > k).then_some((value, j, true))
}

fn small_number(word: &str) -> Option<f64> {
    match word.split_once('-') {
        Some((tens, units)) => Some(ten_value(tens)? + unit_value(units).filter(|&u| u < 10.0)?),
        None => unit_value(word).or_else(|| ten_value(word)),
    }
}

/// `zero` to `nineteen`.
fn unit_value(word: &str) -> Option<f64> {
    let v = match word {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        _ => return None,
    };
    Some(f64::from(v))
}

/// `twenty` to `ninety`.
fn ten_value(word: &str) -> Option<f64> {
    let v = match word {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    };
    Some(f64::from(v))
}

/// Value of a numeral such as `40`, `3.5`, `1,000`, `3,5` or `2¾`.
fn plain_value(s: &str) -> Option<f64> {
    let frac = match s.chars().next_back() {
        Some('¼') => 0.25,
        Some('½') => 0.5,
        Some('¾') => 0.75,
        _ => 0.0,
    };
    let body = s.trim_end_matches(['¼', '½', '¾']);
    let numeric = body
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
    if !numeric || !body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let v: f64 = normalise_separators(body)?.parse().ok()?;
    Some(v + frac)
}

fn normalise_separators(body: &str) -> Option<String> {
    let groups: Vec<&str> = body.split(',').collect();
    match groups.as_slice() {
        [one] => Some((*one).to_string()),
        [int, dec] if (1..=2).contains(&dec.len()) && !body.contains('.') => {
            Some(format!("{int}.{dec}"))
        }
        [first, rest @ ..] => {
            let lead_ok = (1..=3).contains(&first.len()) && !first.contains('.');
            let int_part = |g: &&str| g.split('.').next().map_or(0, str::len) == 3;
            let inner_ok = rest.iter().rev().skip(1).all(|g| !g.contains('.'));
            (lead_ok && inner_ok && rest.iter().all(int_part)).then(|| groups.concat())
        }
        [] => None,
    }
}

/// All amounts in `text` outside entity names and the paragraph prefix.
#[cfg(test)]
pub(super) fn amounts(text: &str) -> Vec<Amount> {
    amounts_in(text, &tokenize(text), &entity_spans(text))
}

/// [`amounts`] given the tokens and entity spans of `text`.
pub(super) fn amounts_in(
    text: &str,
    toks: &[Tok],
    ents: &[(Range<usize>, &'static str)],
) -> Vec<Amount> {
    let mut out = Vec::new();
    let mut k = skip_prefix(toks);
    while let Some(t) = toks.get(k) {
        if let Some(end) = identifier_end(toks, k) {
            k = end;
            continue;
        }
        let in_entity = ents.iter().any(|(r, _)| r.contains(&t.start));
        match read_amount(toks, k).filter(|_| !in_entity) {
            Some((value, unit, end)) => {
                let span = t.start..toks.get(end - 1).map_or(t.end, |e| e.end);
                let kind = classify(toks, k, end, &unit);
                let text = text.get(span.clone()).unwrap_or("").to_string();
                out.push(Amount {
                    span,
                    text,
                    value,
                    kind,
                });
                k = end;
            }
            None => k += 1,
        }
    }
    out
}

/// If token `k` is a number that names something rather than counts it,
/// the token after it: a resolution number and its year (`Resolution 2593
/// (2021)`, `UNSCR 1267(1999)`), a committee (`1267 Sanctions Committee`)
/// or a dated name (`26/11`).
fn identifier_end(toks: &[Tok], k: usize) -> Option<usize> {
    let low = |i: usize| toks.get(i).map_or("", |t| t.low());
    let digits = |i: usize| {
        let w = low(i);
        !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(k) {
        return None;
    }
    // Part of a code that joins letters and numbers with `/` or `-` and no space
    // (`A/RES/ES-11/6`): a symbol, not a count. Numbers joined to numbers only hold no
    // letter and are left to the rules below.
    let glued = |i: usize| i >= 1 && toks[i - 1].end == toks[i].start;
    let mut i = k;
    while glued(i) && matches!(low(i - 1), "/" | "-") && glued(i - 1) {
        i -= 2;
        if low(i).chars().any(char::is_alphabetic) {
            return Some(k + 1);
        }
    }
    let before = k.checked_sub(1).map_or("", low);
    let resolution = matches!(before, "resolution" | "resolutions" | "unscr" | "unscrs");
    let committee = matches!(low(k + 1), "sanctions" | "committee");
    let dated = low(k + 1) == "/" && digits(k + 2);
    if dated {
        return Some(k + 3);
    }
    if !(resolution || committee) {
        return None;
    }
    let year = low(k + 1) == "(" && digits(k + 2) && low(k + 3) == ")";
    Some(if year { k + 4 } else { k + 1 })
}

fn classify(toks: &[Tok], k: usize, end: usize, unit: &Unit) -> NumKind {
    let low = |i: Option<usize>| i.and_then(|i| toks.get(i)).map_or("", |t| t.low());
    if unit.percent {
        return NumKind::Percent;
    }
    if let Some(c) = unit.currency {
        return NumKind::Money(c);
    }
    if unit.scaled {
        return NumKind::Scaled;
    }
    let tok = low(Some(k));
    let year = end == k + 1
        && tok.len() == 4
        && tok.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y));
    if !year {
        return NumKind::Plain;
    }
    let (p1, p2) = (low(k.checked_sub(1)), low(k.checked_sub(2)));
    match (p2, p1) {
        (_, "by" | "before" | "in" | "from" | "starting") => NumKind::Deadline,
        ("end" | "start" | "beginning" | "middle", "of") | ("later", "than") => NumKind::Deadline,
        (_, "through" | "until" | "till" | "beyond") => NumKind::Horizon,
        _ => NumKind::Year,
    }
}

#[cfg(test)]
mod tests {
    //! Sources of the test sentences: see `test_support`.

    use super::*;

    #[test]
    fn parse_number_reads_amount_tokens() {
        let cases = [
            ("2%", 2.0),
            ("3.5%", 3.5),
            ("two per cent", 2.0),
            ("twenty-five percent", 25.0),
            ("€40 billion", 4e10),
            ("U.S. $1.5 trillion", 1.5e12),
            ("US$ 3 million", 3e6),
            ("$2¾ billion", 2.75e9),
            ("39 billion US dollars", 3.9e10),
            ("2035", 2035.0),
            ("1,000", 1000.0),
            ("100,000", 100_000.0),
            ("1,000.5", 1000.5),
            ("3,5%", 3.5),
            ("one billion", 1e9),
        ];
        for (text, value) in cases {
            let got = parse_number(text).unwrap_or_else(|| panic!("no value for {text}"));
            assert!((got - value).abs() < 1e-6 * value.max(1.0), "{text}: {got}");
        }
        for text in [
            "",
            "two",
            "2% of GDP",
            "abc",
            "1,00,0",
            "$",
            "per cent",
            "2..5",
        ] {
            assert_eq!(parse_number(text), None, "{text}");
        }
    }

    #[test]
    fn years_are_classified_by_preposition() {
        let kinds = |t: &str| amounts(t).into_iter().map(|a| a.kind).collect::<Vec<_>>();
        assert_eq!(
            kinds("We commit to net zero no later than 2050 and to protect 30 percent of our land by 2030."),
            [NumKind::Deadline, NumKind::Percent, NumKind::Deadline]
        );
        assert_eq!(kinds("through 2030 and beyond"), [NumKind::Horizon]);
        assert_eq!(
            kinds("since 2014, Article 5"),
            [NumKind::Year, NumKind::Plain]
        );
        assert!(
            kinds("the Bucharest 9 format").is_empty(),
            "entity digits are not numbers"
        );
    }

    #[test]
    fn identifiers_are_not_numbers() {
        // Quad 2022-05 (counter-terrorism paragraph) and Quad 2023-05 ¶35.
        for text in [
            "We also reaffirm UNSC Resolution 2593 (2021), which demands that Afghan territory must never again be used to threaten or attack any country or to shelter or train terrorists, or to plan or finance terrorist attacks.",
            "We reaffirm that in our fight against global terrorism, we will take concerted action against all terrorist groups, including those individuals and entities designated pursuant to the UNSC Resolution 1267(1999).",
            "We reiterate our condemnation of terrorist attacks, including the 26/11 attacks in Mumbai and in Pathankot, and our commitment to pursuing designations, as appropriate, by the UN Security Council 1267 Sanctions Committee.",
        ] {
            assert!(amounts(text).is_empty(), "{text}");
        }
        // Quad 2021-09 ¶11 (shortened): the year counts, not the number.
        assert_eq!(
            amounts("in accordance with UNSCR 2593 in 2021")
                .into_iter()
                .map(|a| a.text)
                .collect::<Vec<_>>(),
            ["2021"]
        );
    }

    #[test]
    fn numbers_inside_a_code_are_not_numbers() {
        // G7 on Ukraine, February and May 2023: a resolution's symbol, and the disease.
        assert!(amounts("We recall resolution A/RES/ES-11/6 on peace in Ukraine.").is_empty());
        assert!(amounts("We will end the COVID-19 pandemic.").is_empty());
        // A year after a code still counts.
        assert_eq!(
            amounts("We recall A/RES/ES-11/6 and will act by 2030.")
                .into_iter()
                .map(|a| a.text)
                .collect::<Vec<_>>(),
            ["2030"]
        );
    }
}
