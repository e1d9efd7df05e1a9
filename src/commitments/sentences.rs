//! Sentence segmentation: [`split_sentences`] and its rules for
//! abbreviations, decimals, ellipses, closing quotes, paragraph numbers,
//! blank lines and list items.

use std::ops::Range;

use super::lexicon::WordList;

/// Splits `text` into sentences, returned as trimmed byte ranges into `text`
/// that together cover every non-whitespace character exactly once.
///
/// See the module docs for the rules (abbreviations, decimals, ellipses,
/// closing quotes, paragraph numbers, blank lines, list items).
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut cuts: Vec<usize> = ['.', '!', '?']
        .into_iter()
        .flat_map(|t| text.match_indices(t))
        .filter_map(|(i, _)| terminator_cut(text, i))
        .collect();
    cuts.extend(line_cuts(text));
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut from = 0;
    for cut in cuts.into_iter().chain(std::iter::once(text.len())) {
        push_trimmed(text, from..cut, &mut out);
        from = cut;
    }
    out
}

fn push_trimmed(text: &str, span: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(seg) = text.get(span.clone()) else {
        return;
    };
    let lead = seg.len() - seg.trim_start().len();
    let body = seg.trim();
    if !body.is_empty() {
        let start = span.start + lead;
        out.push(start..start + body.len());
    }
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '*' | '_'
    )
}

/// Byte offset where a new sentence starts if the char at byte `i` ends one.
fn terminator_cut(text: &str, i: usize) -> Option<usize> {
    let c = text.get(i..)?.chars().next()?;
    if !matches!(c, '.' | '!' | '?') {
        return None;
    }
    let rest = text.get(i + 1..)?;
    let (offset, after) = rest.char_indices().find(|&(_, x)| !is_closer(x))?;
    let cut = i + 1 + offset;
    let next = text.get(cut..)?.chars().find(|c| !c.is_whitespace());
    if c == '.' && offset == 0 && missing_space(text, i) {
        return Some(cut);
    }
    if !after.is_whitespace() || next.is_some_and(char::is_lowercase) {
        return None;
    }
    let next_digit = next.is_some_and(|c| c.is_ascii_digit());
    if c == '.' && !period_ends_sentence(text, i, next_digit) {
        return None;
    }
    Some(cut)
}

/// Whether the period at byte `i` ends a sentence whose next one was typed without a
/// space (`… missile programs.Both leaders urge …`): a lower-case word of three letters
/// or more before it, a capitalised word after. `U.S.Government`, `e.g.The` and
/// `whitehouse.gov` do not qualify.
fn missing_space(text: &str, i: usize) -> bool {
    let before = text.get(..i).unwrap_or("");
    let word = before.chars().rev().take_while(|c| c.is_alphabetic());
    let (letters, lower) = word.fold((0, true), |(n, all), c| (n + 1, all && c.is_lowercase()));
    let mut after = text.get(i + 1..).unwrap_or("").chars();
    letters >= 3
        && lower
        && after.next().is_some_and(char::is_uppercase)
        && after.next().is_some_and(char::is_lowercase)
}

/// Whether the period at byte `i` ends a sentence.
fn period_ends_sentence(text: &str, i: usize, next_digit: bool) -> bool {
    let before = text.get(..i).unwrap_or("");
    if before.ends_with('.') {
        return false;
    }
    let from = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(k, c)| k + c.len_utf8());
    let raw = before.get(from..).unwrap_or("");
    let word = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
    !(is_abbreviation(word, next_digit) || is_paragraph_number(text, from, word))
}

fn is_abbreviation(word: &str, next_digit: bool) -> bool {
    let last = word.rsplit(['-', '/']).next().unwrap_or(word);
    // SHORT_FORMS is lowercase ASCII, so `eq_ignore_ascii_case` with an
    // entry means equality with the ASCII-lowercased word.
    TITLES.contains(last)
        || SHORT_FORMS.contains(&last.to_ascii_lowercase())
        || (next_digit && NUMBER_ABBREVIATIONS.contains(last))
        || is_initialism(last)
}

/// `R` (an initial) or dotted single letters such as `U.S` or `e.g`.
fn is_initialism(word: &str) -> bool {
    let single = |p: &str| p.chars().count() == 1 && p.chars().all(char::is_alphabetic);
    let parts: Vec<&str> = word.split('.').collect();
    if !parts.iter().all(|p| single(p)) {
        return false;
    }
    parts.len() >= 2 || word.chars().all(char::is_uppercase)
}

/// `1`, `12` or `2\` opening a line after a sentence or clause end.
fn is_paragraph_number(text: &str, from: usize, word: &str) -> bool {
    let digits = word.trim_end_matches('\\');
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let before = text.get(..from).unwrap_or("");
    let line_start = before.trim_end_matches([' ', '\t']);
    if !(line_start.is_empty() || line_start.ends_with('\n')) {
        return false;
    }
    let gap_start = before.trim_end().len();
    let blank_line = before
        .get(gap_start..)
        .is_some_and(|g| g.matches('\n').count() >= 2);
    gap_start == 0 || blank_line || ends_clause(before)
}

fn ends_clause(before: &str) -> bool {
    before
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | ';' | ':') || is_closer(c))
}

/// Cuts at blank lines, before bullet items, and before numbered items that
/// follow a sentence or clause end.
fn line_cuts(text: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim();
        let before = text.get(..offset).unwrap_or("");
        let numbered = starts_numbered(body) && ends_clause(before);
        if offset > 0 && (body.is_empty() || starts_bullet(body) || numbered) {
            cuts.push(offset);
        }
        offset += line.len();
    }
    cuts
}

fn starts_bullet(body: &str) -> bool {
    let mut chars = body.chars();
    let marker = chars.next();
    matches!(marker, Some('-' | '*' | '•' | '◦' | '▪' | '‣' | '+'))
        && chars.next().is_some_and(char::is_whitespace)
}

fn starts_numbered(body: &str) -> bool {
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let rest = body.get(digits..).unwrap_or("").trim_start_matches('\\');
    (1..=3).contains(&digits)
        && (rest.starts_with(". ") || rest.starts_with(") ") || rest.starts_with(".\t"))
}

/// Titles that never end a sentence (case-sensitive).
static TITLES: WordList = WordList::new(
    "Mr Mrs Ms Dr Prof Gen Lt Col Maj Capt Adm Sgt St Jr Sr Hon Rev Amb Sen Rep \
    Gov Pres Mt Ft",
);
/// Abbreviations that never end a sentence (case-insensitive; listed in
/// lowercase ASCII).
static SHORT_FORMS: WordList = WordList::new("e.g i.e vs cf approx incl viz al ca resp");
/// Abbreviations that do not end a sentence when a number follows.
static NUMBER_ABBREVIATIONS: WordList =
    WordList::new("No no Nos Art art Arts Para para p pp Fig Vol Sec Ch Nr");

#[cfg(test)]
mod tests {
    //! Sources of the test sentences: see `test_support`.

    use crate::commitments::test_support::sentences;

    #[test]
    fn paragraph_numbers_stay_with_their_sentence() {
        let text = "1. We, the defence ministers of Bulgaria, the Czech Republic, Estonia, Hungary, Latvia, Lithuania, Poland, Romania and the Slovak Republic met today in the Bucharest 9 format, to further discuss, consult and coordinate on the current security environment in the Euro-Atlantic area and to advance our cooperation in order to promote further consolidation of deterrence and defence on the Eastern Flank.\n2. NATO, on its 75 years anniversary, remains the strongest Alliance in history. At the recent Washington Summit, Allies reaffirmed their enduring transatlantic bond, unity, and solidarity in the face of both main threats, Russia and terrorism, and other security risks and challenges.";
        let s = sentences(text);
        assert_eq!(s.len(), 3, "{s:#?}");
        assert!(s[0].starts_with("1. We, the defence ministers"));
        assert!(s[1].starts_with("2. NATO, on its 75 years"));
        assert!(s[2].starts_with("At the recent Washington Summit"));
    }

    #[test]
    fn a_sentence_typed_without_a_space_after_its_period_is_cut() {
        // U.S.-ROK joint statement, 2022 (fixtures/wh): "programs.Both leaders".
        let text = "We urge the DPRK to abandon its ballistic missile programs.Both leaders urge all UN Member States to act. The U.S.Government and whitehouse.gov stay whole.";
        let s = sentences(text);
        assert_eq!(
            s,
            [
                "We urge the DPRK to abandon its ballistic missile programs.",
                "Both leaders urge all UN Member States to act.",
                "The U.S.Government and whitehouse.gov stay whole."
            ]
        );
    }

    #[test]
    fn paragraph_number_after_heading_and_blank_line() {
        let text = " JOINT STATEMENT BY THE DEFENCE MINISTERS OF THE BUCHAREST 9 \n\n1. We, the defence ministers of Bulgaria met today.";
        let s = sentences(text);
        assert_eq!(
            s,
            [
                "JOINT STATEMENT BY THE DEFENCE MINISTERS OF THE BUCHAREST 9",
                "1. We, the defence ministers of Bulgaria met today."
            ]
        );
    }

    #[test]
    fn hard_wrapped_year_at_line_start_still_ends_a_sentence() {
        let text = "1.5 degrees. We commit to net zero no later than\n    2050, halving our collective emissions over the two decades to 2030,\n    increasing and improving climate finance to 2025; and to conserve or\n    protect at least 30 percent of our land and oceans by 2030. We\n    acknowledge our duty to safeguard the planet for future generations.";
        let s = sentences(text);
        assert_eq!(s.len(), 3, "{s:#?}");
        assert!(s[1].starts_with("We commit to net zero") && s[1].ends_with("by 2030."));
        assert!(s[1].contains("to 2025; and to conserve"), "split on ';'");
    }

    #[test]
    fn us_abbreviations_do_not_split() {
        let text = "**Greater Sharing of Responsibility**:  Non-U.S. defense spending has\nrisen for seven consecutive years since the Wales Defense Investment\nPledge adopted during the Obama-Biden Administration in 2014.  Allied\nleaders will recommit to the Wales Pledge in its entirety and to\nproviding NATO with cash, capabilities, and contributions of ready\nforces.";
        let s = sentences(text);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert!(s[1].starts_with("Allied\nleaders will recommit"));
        let text = "technological solutions for military needs. The U.S. will contribute by\nfacilitating access to U.S. entities, such as test centers and\naccelerator sites, drawn from across the extensive and diverse U.S.\ninnovation sector.  \n  \n**Combating Climate Change and Promoting Energy Resilience:** Ahead of\nthe Summit, NATO hosted its first-ever high-level dialogue on climate\nchange and related security implications. The U.S. has been a leader in\nthe alliance on spurring NATO’s adaptation to these issues.";
        let s = sentences(text);
        assert_eq!(s.len(), 4, "{s:#?}");
        assert!(
            s[1].starts_with("The U.S. will contribute") && s[1].ends_with("innovation sector.")
        );
        assert!(s[3].starts_with("The U.S. has been a leader"));
    }

    #[test]
    fn initials_and_jr_do_not_split() {
        let text = "Today, we — Prime Minister Anthony Albanese of Australia, Prime Minister\nNarendra Modi of India, Prime Minister Kishida Fumio of Japan, and\nPresident Joseph R. Biden, Jr. of the United States — met for the third\nin-person Quad Leaders’ Summit, hosted by Prime Minister Albanese.  ";
        assert_eq!(sentences(text), [text.trim()]);
    }

    #[test]
    fn decimals_and_amounts_do_not_split() {
        let text = "Since the\nstart of the pandemic, we have committed $8.6 billion to the vaccines\npillar of ACT-A to finance the procurement of vaccines, including $1.9\nbillion since we last met in February.  This provides for the equivalent\nof over one billion doses.";
        let s = sentences(text);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert!(s[0].ends_with("in February."));
        let one = "As stated at the Washington Summit, Allies intend to provide a minimum baseline funding of €40 billion within the next year, and to provide sustainable levels of security assistance for Ukraine to prevail.";
        assert_eq!(sentences(one), [one]);
        let one = "We underscore the need for continued efforts to scale up official development assistance (ODA) and expand its catalytic use including through innovative financing mechanisms, recognizing the importance of respective commitments, such as the 0.7% ODA/GNI target that some countries adopted.";
        assert_eq!(sentences(one), [one]);
    }

    #[test]
    fn us_dollar_amount_does_not_split() {
        // Adapted: the corpus has no "U.S. $" amount; the sentence is the
        // Carbis Bay "$12 trillion" sentence with the amount restated.
        let text = "To mitigate the impact of the pandemic, we have provided unprecedented support totalling over U.S. $1.5 trillion. We will continue to support our economies.";
        let s = sentences(text);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert!(s[0].ends_with("U.S. $1.5 trillion."));
    }

    #[test]
    fn ellipses_do_not_split() {
        let text = "*“The transatlantic alliance is the strong foundation on which our\ncollective security and our shared prosperity are built.  The\npartnership between Europe and the United States, in my view, is and\nmust remain the cornerstone of all that we hope to accomplish in the\n21<sup>st</sup> century, just as we did in the 20<sup>th</sup> century…\nThe United States is fully committed to our NATO Alliance… we’ll keep\nfaith with Article 5.”*";
        let s = sentences(text);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert!(s[1].contains("century…\nThe United States is fully committed"));
        assert!(s[1].ends_with("Article 5.”*"));
        let three_dots = "We will act... The Alliance will respond.";
        assert_eq!(sentences(three_dots), [three_dots]);
    }

    #[test]
    fn split_comes_after_a_closing_quote() {
        let text = "We are\ncommitted to strengthening our preparedness and resilience against\nemergencies such as market disruptions, and considering ways to jointly\naddress any such disruptions, including through the support of the IEA’s\n“Voluntary Critical Mineral Security Program.” We welcome joint progress\nin efforts to diversify supply chains.";
        let s = sentences(text);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert!(s[0].ends_with("Security Program.”"));
        assert!(s[1].starts_with("We welcome joint progress"));
    }

    #[test]
    fn list_items_split_but_semicolons_do_not() {
        let text = "**We are determined to work together and with others to:**\n\n-   support a free and open Indo-Pacific and oppose any unilateral\n    attempts to change the status quo by force or coercion;\n-   foster a strong and resilient global economic recovery, maintain\n    financial stability, and promote jobs and sustainable growth;\n-   promote the evolution of the Multilateral Development Banks (MDBs);";
        let s = sentences(text);
        assert_eq!(s.len(), 4, "{s:#?}");
        assert!(s[1].starts_with("-   support a free") && s[1].ends_with("coercion;"));
        assert!(s[3].ends_with("(MDBs);"));
        let recital = "**A New Strategic Concept**:  Allies will agree to revise NATO’s\nStrategic Concept, a framework that will guide the Alliance’s approach\nto the evolving strategic environment, which includes Russia’s\naggressive policies and actions; challenges posed by the People’s\nRepublic of China to our collective security, prosperity, and values;\nand transnational threats such as terrorism, cyber threats, and climate\nchange.  The new Strategic Concept will be prepared for adoption at the\nNATO Summit in 2022.";
        let s = sentences(recital);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert!(s[0].ends_with("climate\nchange."));
    }

    #[test]
    fn numbered_items_after_a_colon_split() {
        let text = "2\\. **We will champion international principles and shared values by:**\n1. upholding the free and open international order;\n2. promoting universal human rights, gender equality and human dignity;";
        let s = sentences(text);
        assert_eq!(s.len(), 3, "{s:#?}");
        assert!(s[2].starts_with("2. promoting"));
    }

    #[test]
    fn other_abbreviations_do_not_split() {
        // Adapted: the corpus has none of these abbreviations. Each line is a
        // corpus sentence with an abbreviation inserted.
        let cases = [
            "We also reaffirm UNSC Resolution No. 2593 (2021), which demands that Afghan territory must never again be used to threaten or attack any country.",
            "Consistent with our obligations under Art. 3 of the Washington Treaty, we make an enduring commitment to invest at least 2% of our GDP annually on defence.",
            "We welcome the work by Gen. Smith and Dr. Jones and Mr. Lee and St. John’s College on climate finance.",
            "We will support critical technologies, e.g. semiconductors, i.e. chips of the future.",
            "We thank Lord Nick Stern for his paper, as commissioned by the UK G7 Presidency, on growth, jobs, etc. and the recovery.",
        ];
        for text in cases {
            assert_eq!(sentences(text), [text]);
        }
        let etc_then_capital = "We share key priorities including jobs, skills, etc. We will act.";
        assert_eq!(sentences(etc_then_capital).len(), 2);
        let no_as_word = "Russia said No. We will act.";
        assert_eq!(sentences(no_as_word).len(), 2);
    }

    #[test]
    fn blank_lines_end_sentences_without_punctuation() {
        let text = "**<u>Key Summit Outcomes</u>**:\n\n**A New Strategic Concept**:  Allies will agree to revise NATO’s\nStrategic Concept.";
        let s = sentences(text);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert_eq!(s[0], "**<u>Key Summit Outcomes</u>**:");
    }

    #[test]
    fn odd_inputs_keep_the_partition_invariant() {
        let cases = [
            "",
            "   ",
            ".",
            "...",
            "…",
            "1.",
            "U.S.",
            "\n\n\n",
            "é. É. ü? Ü! 😀. A",
            "“”’.”’ ) ] * _",
            "- \n- \n* ",
            "2\\.\n3\\.",
            "No. 5. Art. 7.",
            "a.b.c. D.E.F. g",
            "Ÿ̈.\u{a0}\u{a0}Ÿ",
        ];
        for text in cases {
            sentences(text);
        }
    }
}
