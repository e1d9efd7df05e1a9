//! The date of a version, for `--sort date`: from the YAML front matter `date`, else a
//! date in the title, else a short date line near the top or bottom of the text (`20 May
//! 2023, Hiroshima`, `BUCHAREST, 2024`).
//!
//! Dates are read by hand rather than with a date crate: statements write them in four
//! shapes (`2023-05-20`, `20 May 2023`, `May 20, 2023`, `May 2023`) or as a bare year,
//! and a partial date (year only) must sort before a full one in the same year.

use std::cmp::Ordering;

use crate::model::{Document, FurnitureReason};

/// Where a version's date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateSource {
    /// The `date:` field of the YAML front matter.
    FrontMatter,
    /// The document title.
    Title,
    /// A short line at the top or bottom of the text, or in the furniture (a footer).
    DateLine,
}

impl DateSource {
    /// The name used in reports and JSON: `front matter`, `title` or `date line`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::FrontMatter => "front matter",
            DateSource::Title => "title",
            DateSource::DateLine => "date line",
        }
    }
}

/// A calendar date, possibly partial (a year, or a year and month).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionDate {
    /// The year, 1900 to 2099.
    pub year: u16,
    /// The month, 1 to 12, when given.
    pub month: Option<u8>,
    /// The day of the month, when given.
    pub day: Option<u8>,
    /// Where it was found.
    pub source: DateSource,
    /// The text it was read from, as written.
    pub text: String,
}

impl VersionDate {
    /// ISO 8601 form with as much precision as was given: `2023-05-20`, `2023-05`, `2023`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Chronological order; a partial date sorts before any fuller date within it.
    pub fn chronological(&self, other: &VersionDate) -> Ordering {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0)).cmp(&(
            other.year,
            other.month.unwrap_or(0),
            other.day.unwrap_or(0),
        ))
    }
}

/// Paragraphs at the top and at the bottom that may be a date line.
const DATE_LINE_PARAGRAPHS: usize = 3;
/// A date line is short: a place and a date, not a sentence that mentions a year.
const DATE_LINE_CHARS: usize = 60;

/// The date of a document: front matter, else title, else a date line.
pub fn find_date(doc: &Document) -> Option<VersionDate> {
    let at = |text: &str, source| parse_date(text).map(|d| d.with(source, text));
    if let Some(d) = doc
        .date
        .as_deref()
        .and_then(|t| at(t, DateSource::FrontMatter))
    {
        return Some(d);
    }
    if let Some(d) = doc.title.as_deref().and_then(|t| at(t, DateSource::Title)) {
        return Some(d);
    }
    let n = doc.paragraphs.len();
    let edges = doc
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < DATE_LINE_PARAGRAPHS || i + DATE_LINE_PARAGRAPHS >= n)
        .map(|(_, p)| p.text.as_str());
    let furniture = doc
        .furniture
        .iter()
        .filter(|f| f.reason != FurnitureReason::FrontMatter)
        .map(|f| f.text.as_str());
    edges
        .chain(furniture)
        .map(str::trim)
        .filter(|t| t.chars().count() <= DATE_LINE_CHARS)
        .find_map(|t| at(t, DateSource::DateLine))
}

/// The date parts found in a text, before the source is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Parts {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

impl Parts {
    fn with(self, source: DateSource, text: &str) -> VersionDate {
        VersionDate {
            year: self.year,
            month: self.month,
            day: self.day,
            source,
            text: text.trim().to_owned(),
        }
    }
}

/// Whether `text` is a date and nothing more (`2021-09-24`, `24 September 2021`,
/// `September 24, 2021`): at most four words.
pub fn is_date_line(text: &str) -> bool {
    let text = text.trim();
    text.split_whitespace().count() <= 4 && parse_date(text).is_some_and(|p| p.day.is_some())
}

/// The first date in `text`: ISO (`2023-05-20`, `2023-05`), `20 May 2023`, `May 20, 2023`,
/// `May 2023`, or a year on its own (1900–2099).
fn parse_date(text: &str) -> Option<Parts> {
    let words = words(text);
    for (i, w) in words.iter().enumerate() {
        let next = |k: usize| words.get(i + k).map(String::as_str);
        if let Some(p) = iso(w) {
            return Some(p);
        }
        if let (Some(day), Some(m), Some(y)) = (day(w), next(1).and_then(month), next(2)) {
            if let Some(year) = year(y) {
                return Some(full(year, m, day));
            }
        }
        if let Some(m) = month(w) {
            match (next(1), next(2)) {
                (Some(d), Some(y)) if day(d).is_some() && year(y).is_some() => {
                    return Some(full(year(y)?, m, day(d)?));
                }
                (Some(y), _) if year(y).is_some() => {
                    return Some(Parts {
                        year: year(y)?,
                        month: Some(m),
                        day: None,
                    });
                }
                _ => {}
            }
        }
    }
    words.iter().find_map(|w| year(w)).map(|year| Parts {
        year,
        month: None,
        day: None,
    })
}

fn full(year: u16, month: u8, day: u8) -> Parts {
    Parts {
        year,
        month: Some(month),
        day: Some(day),
    }
}

/// Words of letters, digits and inner `-` (for ISO dates), in lower case.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

fn iso(w: &str) -> Option<Parts> {
    let mut it = w.split('-');
    let (y, m) = (it.next()?, it.next()?);
    let d = it.next();
    if y.len() != 4 || m.len() != 2 || d.is_some_and(|d| d.len() != 2) {
        return None;
    }
    let month = m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?;
    let day = match d {
        Some(d) => Some(d.parse::<u8>().ok().filter(|d| (1..=31).contains(d))?),
        None => None,
    };
    Some(Parts {
        year: year(y)?,
        month: Some(month),
        day,
    })
}

fn year(w: &str) -> Option<u16> {
    (w.len() == 4)
        .then(|| w.parse::<u16>().ok())
        .flatten()
        .filter(|y| (1900..=2099).contains(y))
}

/// `20`, `20th`, `1st`: a day of the month.
fn day(w: &str) -> Option<u8> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.len() > 2 {
        return None;
    }
    digits.parse::<u8>().ok().filter(|d| (1..=31).contains(d))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month by its English name or three-letter abbreviation (`Sept` too).
fn month(w: &str) -> Option<u8> {
    let w = if w == "sept" { "sep" } else { w };
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(w)))
        .map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(t: &str) -> Option<String> {
        parse_date(t).map(|p| p.with(DateSource::DateLine, t).iso())
    }

    #[test]
    fn the_shapes_statements_use() {
        assert_eq!(parsed("2021-03-12").as_deref(), Some("2021-03-12"));
        assert_eq!(
            parsed("2021-09-24 21:55:24-04:00").as_deref(),
            Some("2021-09-24")
        );
        assert_eq!(
            parsed("20 May 2023, Hiroshima").as_deref(),
            Some("2023-05-20")
        );
        assert_eq!(
            parsed("Brussels, June 14th 2021").as_deref(),
            Some("2021-06-14")
        );
        assert_eq!(parsed("March 12, 2021").as_deref(), Some("2021-03-12"));
        assert_eq!(parsed("Summit of May 2022").as_deref(), Some("2022-05"));
        assert_eq!(parsed("BUCHAREST, 2024").as_deref(), Some("2024"));
        assert_eq!(parsed("Sept 2021").as_deref(), Some("2021-09"));
    }

    #[test]
    fn numbers_that_are_not_dates() {
        assert_eq!(parsed("THE BUCHAREST 9"), None);
        assert_eq!(parsed("more than 1,800 practitioners"), None);
        assert_eq!(parsed("Resolution 1267"), None);
        assert_eq!(parsed("2021-13-01 and nothing else"), None);
        assert_eq!(parsed("may we all"), None);
    }

    #[test]
    fn partial_dates_sort_first_within_their_span() {
        let d = |t: &str| parse_date(t).unwrap().with(DateSource::DateLine, t);
        assert_eq!(d("2023").chronological(&d("2023-01-01")), Ordering::Less);
        assert_eq!(
            d("May 2023").chronological(&d("2023-05-20")),
            Ordering::Less
        );
        assert_eq!(d("2022-12-31").chronological(&d("2023")), Ordering::Less);
    }
}
