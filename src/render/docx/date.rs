//! The date every tracked change and comment of a DOCX redline carries.

use std::fmt;
use std::str::FromStr;

/// The date used when none is given: fixed, so that the same inputs always give the same
/// file, byte for byte.
pub const DEFAULT_DOCX_DATE: &str = "2000-01-01T00:00:00Z";

/// A revision date: an RFC 3339 date and time, kept in UTC as `YYYY-MM-DDTHH:MM:SSZ`
/// (the form Word writes). An offset is applied (`2025-06-24T09:00:00+02:00` is
/// `2025-06-24T07:00:00Z`) and fractions of a second are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocxDate(String);

impl Default for DocxDate {
    fn default() -> Self {
        DocxDate(DEFAULT_DOCX_DATE.to_owned())
    }
}

impl DocxDate {
    /// The date as written into the document.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocxDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a date was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxDateError(String);

impl fmt::Display for DocxDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DocxDateError {}

impl FromStr for DocxDate {
    type Err = DocxDateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s).map_err(|why| {
            DocxDateError(format!(
                "{s:?} is not a date and time such as 2025-06-24T09:30:00Z ({why})"
            ))
        })
    }
}

/// The number of a fixed-width field of ASCII digits, or `None`.
fn digits(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn parse(s: &str) -> Result<DocxDate, &'static str> {
    let s = s.trim();
    if !s.is_ascii() || s.len() < 20 {
        return Err("expected YYYY-MM-DDTHH:MM:SS and Z or an offset");
    }
    let b = s.as_bytes();
    let shape = b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b'T' | b't')
        && b[13] == b':'
        && b[16] == b':';
    if !shape {
        return Err("expected YYYY-MM-DDTHH:MM:SS");
    }
    let field = |r: std::ops::Range<usize>| digits(&s[r]).ok_or("a field is not a number");
    let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
    let (hour, minute, second) = (field(11..13)?, field(14..16)?, field(17..19)?);
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Err("a decimal point without digits");
        }
        rest = &frac[n..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return Err("expected Z or an offset such as +02:00 at the end"),
            };
            let o = &rest[1..];
            if o.len() != 5 || o.as_bytes()[2] != b':' {
                return Err("an offset is written +HH:MM");
            }
            let (oh, om) = (
                digits(&o[..2]).ok_or("bad offset")?,
                digits(&o[3..]).ok_or("bad offset")?,
            );
            if oh > 23 || om > 59 {
                return Err("the offset is out of range");
            }
            sign * (oh * 60 + om) * 60
        }
    };
    if year < 1 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err("no such day");
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err("no such time of day");
    }
    let secs =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    let (days, time) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    if !(1..=9999).contains(&y) {
        return Err("the year is out of range");
    }
    Ok(DocxDate(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        time / 3600,
        time / 60 % 60,
        time % 60
    )))
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (counting whole
/// 400-year eras of 146,097 days from 0000-03-01, with March as the first month so that
/// leap days fall at the end of a year).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (m + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let d = day_of_year - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = year_of_era + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        s.parse::<DocxDate>().unwrap().to_string()
    }

    #[test]
    fn dates_are_kept_in_utc() {
        assert_eq!(ok("2025-06-24T09:30:00Z"), "2025-06-24T09:30:00Z");
        assert_eq!(ok("2025-06-24t09:30:00.123z"), "2025-06-24T09:30:00Z");
        assert_eq!(ok("2025-06-24T01:30:00+02:00"), "2025-06-23T23:30:00Z");
        assert_eq!(ok("2024-12-31T23:30:00-01:00"), "2025-01-01T00:30:00Z");
        assert_eq!(ok("2024-02-29T00:00:00Z"), "2024-02-29T00:00:00Z");
        assert_eq!(DocxDate::default().as_str(), DEFAULT_DOCX_DATE);
        assert_eq!(ok(DEFAULT_DOCX_DATE), DEFAULT_DOCX_DATE);
    }

    #[test]
    fn bad_dates_say_why() {
        for bad in [
            "",
            "2025-06-24",
            "2025-06-24 09:30:00Z",
            "2025-02-29T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-06-24T24:00:00Z",
            "2025-06-24T09:30:60Z",
            "2025-06-24T09:30:00",
            "2025-06-24T09:30:00+2:00",
            "2025-06-24T09:30:00.Z",
            "0000-01-01T00:00:00Z",
            "२०२५-06-24T09:30:00Z",
            "tomorrow",
        ] {
            let e = bad.parse::<DocxDate>().unwrap_err().to_string();
            assert!(e.contains("is not a date and time"), "{bad}: {e}");
        }
    }

    #[test]
    fn calendar_round_trips() {
        for days in [-719_468, -1, 0, 1, 10_957, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(10_957), (2000, 1, 1));
    }
}
