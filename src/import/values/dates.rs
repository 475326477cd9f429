//! Dates and date-times in the shapes exports use (SPEC 7): ISO dates, date-times with or without
//! a zone, Unix seconds and milliseconds, and slashed dates whose order the file must settle.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};

use super::{quoted, word_key};

/// Which field comes first in a slashed date such as `03/05/2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateOrder {
    /// `MM/DD/YYYY`, the US order (Salesforce reports, SurveyMonkey).
    MonthFirst,
    /// `DD/MM/YYYY`, the order of most other locales (`05.03.2024` in German).
    DayFirst,
}

impl DateOrder {
    /// The order as a person writes the pattern.
    #[must_use]
    pub const fn pattern(self) -> &'static str {
        match self {
            Self::MonthFirst => "MM/DD/YYYY",
            Self::DayFirst => "DD/MM/YYYY",
        }
    }
}

impl fmt::Display for DateOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::MonthFirst => "mdy",
            Self::DayFirst => "dmy",
        })
    }
}

/// Reads `--date-format`, ignoring case and punctuation: `mdy`, `MM/DD/YYYY`, `M/D/YYYY`, `us`
/// or `month-first` for month first; `dmy`, `DD/MM/YYYY`, `DD.MM.YYYY`, `D/M/YYYY`, `eu`, `uk`
/// or `day-first` for day first.
impl FromStr for DateOrder {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match word_key(s).as_str() {
            "mdy" | "mmddyyyy" | "mdyyyy" | "us" | "monthfirst" => Ok(Self::MonthFirst),
            "dmy" | "ddmmyyyy" | "dmyyyy" | "eu" | "uk" | "dayfirst" => Ok(Self::DayFirst),
            _ => Err(format!(
                "{} is not a date format (mdy or MM/DD/YYYY; dmy or DD/MM/YYYY)",
                quoted(s)
            )),
        }
    }
}

/// The calendar date a cell names.
///
/// Accepted: `YYYY-MM-DD`; an ISO or RFC 3339 date-time (`T` or a space between date and time,
/// minutes or seconds, fractional seconds) with a zone (`Z`, `+01:00`, `+0100`, `+01`, ` UTC`)
/// or without one; Unix time as 10 digits (seconds) or 13 digits (milliseconds), in UTC; and a
/// slashed date `M/D/YYYY` or `D/M/YYYY` (also with `.` or `-`), optionally followed by a time
/// such as `02:02:11 PM`.
///
/// A date-time counts on the date it shows, in its own offset: `2024-03-05T23:30:00-12:00` is
/// 5 March, although it is 6 March in UTC. A slashed date is read in `order`; without one, a
/// date that only one order can read (`12/31/2026`) is read that way, one that both orders read
/// the same (`05/05/2026`) is that date, and one that the orders read differently is an error
/// asking for `--date-format` (see [`DateOrderEvidence`] to settle a whole file instead).
pub fn parse_date(s: &str, order: Option<DateOrder>) -> Result<NaiveDate, String> {
    let text = s.trim();
    if let Some(date) = iso(text) {
        return date.ok_or_else(|| not_real(s)).and_then(|d| iso_time_checked(text, d, s));
    }
    if let Some(date) = unix(text) {
        return date.ok_or_else(|| not_a_date(s));
    }
    match Slashed::read(text) {
        Some(slashed) => slashed.date(order, s),
        None => Err(not_a_date(s)),
    }
}

/// What one cell proves about a file's slashed dates: `Some(order)` when the cell is a slashed
/// date that only that order can read (`12/31/2026` is month first, `31/12/2026` day first);
/// `None` for any other cell, including one both orders read (`03/05/2026`).
#[must_use]
pub fn slashed_order_evidence(s: &str) -> Option<DateOrder> {
    Slashed::read(s.trim())?.evidence()
}

/// The order of a file's slashed dates, gathered cell by cell: feed it every date cell of the
/// file (every date column: one file has one locale), then ask [`DateOrderEvidence::order`].
/// It never guesses: an order comes from `--date-format` or from a cell that proves it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateOrderEvidence {
    /// The first cell that can only be month first, as written, and where it is.
    month_first: Option<(String, Place)>,
    /// The first cell that can only be day first, as written, and where it is.
    day_first: Option<(String, Place)>,
    /// The first cell that the two orders read as different dates, as written, and where.
    ambiguous: Option<(String, Place)>,
}

/// Where a cell is, as the caller numbers it (for csm: physical line and column index).
pub type Place = (usize, usize);

impl DateOrderEvidence {
    /// Takes one cell into account (blank cells and cells that are not slashed dates prove nothing).
    pub fn observe(&mut self, s: &str) {
        self.observe_at(s, (0, 0));
    }

    /// As [`DateOrderEvidence::observe`], remembering where the cell is for [`Self::place`].
    pub fn observe_at(&mut self, s: &str, place: Place) {
        let Some(slashed) = Slashed::read(s.trim()) else { return };
        let first = match slashed.evidence() {
            Some(DateOrder::MonthFirst) => &mut self.month_first,
            Some(DateOrder::DayFirst) => &mut self.day_first,
            None if slashed.is_ambiguous() => &mut self.ambiguous,
            None => return,
        };
        first.get_or_insert_with(|| (s.trim().to_owned(), place));
    }

    /// Where the cell that [`Self::order`]'s error quotes last is: the day-first cell of a
    /// mix, else the first ambiguous one.
    #[must_use]
    pub fn place(&self) -> Option<Place> {
        match (&self.month_first, &self.day_first, &self.ambiguous) {
            (Some(_), Some((_, place)), _) | (None, None, Some((_, place))) => Some(*place),
            _ => None,
        }
    }

    /// The order to pass to [`parse_date`] for every cell of the file: the `given` one (from
    /// `--date-format`) when there is one, else the one the cells prove, else `None` when no
    /// cell needs one. An error, for the file as a whole, when the cells prove both orders or
    /// when some cell could be read both ways and none proves which.
    pub fn order(&self, given: Option<DateOrder>) -> Result<Option<DateOrder>, String> {
        if given.is_some() {
            return Ok(given);
        }
        match (&self.month_first, &self.day_first, &self.ambiguous) {
            (Some((m, _)), Some((d, _)), _) => Err(format!(
                "the slashed dates mix orders: {} is month first, {} day first",
                quoted(m),
                quoted(d)
            )),
            (Some(_), None, _) => Ok(Some(DateOrder::MonthFirst)),
            (None, Some(_), _) => Ok(Some(DateOrder::DayFirst)),
            (None, None, Some((a, _))) => Err(needs_order(a)),
            (None, None, None) => Ok(None),
        }
    }
}

fn not_a_date(s: &str) -> String {
    format!("{} is not a date", quoted(s))
}

fn not_real(s: &str) -> String {
    format!("{} is not a real date", quoted(s))
}

fn needs_order(s: &str) -> String {
    format!("{} could be MM/DD/YYYY or DD/MM/YYYY: pass --date-format mdy or dmy", quoted(s))
}

/// `Some` when `text` starts with the shape `YYYY-MM-DD`: the date, or `None` when that is no
/// day of the calendar (`2026-02-30`).
fn iso(text: &str) -> Option<Option<NaiveDate>> {
    let head = text.as_bytes().get(..10)?;
    let shaped = head.iter().enumerate().all(|(i, b)| match i {
        4 | 7 => *b == b'-',
        _ => b.is_ascii_digit(),
    });
    if !shaped {
        return None;
    }
    // The digits are checked, so reading them by hand is what `%Y-%m-%d` would read, without
    // the format machinery (usage files have millions of these).
    let number = |range: std::ops::Range<usize>| {
        head[range].iter().fold(0_u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let year = i32::try_from(number(0..4)).ok()?;
    Some(NaiveDate::from_ymd_opt(year, number(5..7), number(8..10)))
}

/// The date of an ISO cell once what follows the date is known to be a time (and a zone).
fn iso_time_checked(text: &str, date: NaiveDate, s: &str) -> Result<NaiveDate, String> {
    let rest = text.get(10..).unwrap_or_default();
    if rest.is_empty() || iso_date_time(text).is_some() { Ok(date) } else { Err(not_a_date(s)) }
}

/// The date shown by an ISO date-time, with or without a zone. The zone is checked but never
/// applied: the shown date is the date.
fn iso_date_time(text: &str) -> Option<NaiveDate> {
    let rest = text.get(10..)?;
    let time = rest.strip_prefix(['T', 't', ' '])?;
    // Zendesk and Rails write the zone as a word; UTC and GMT are offset zero.
    let time = ["UTC", "GMT"]
        .iter()
        .find_map(|zone| strip_suffix_ignore_case(time, zone).map(|t| format!("{}Z", t.trim_end())))
        .unwrap_or_else(|| time.to_owned());
    let normal = format!("{}T{time}", text.get(..10)?);
    let zoned = ["%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M%#z"]
        .iter()
        .find_map(|f| DateTime::parse_from_str(&normal, f).ok())
        .map(|t| t.date_naive());
    zoned.or_else(|| {
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(&normal, f).ok())
            .map(|t| t.date())
    })
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| text.get(..cut)).flatten()
}

/// `Some` when `text` is Unix time: 10 digits of seconds or 13 of milliseconds (Pendo, HubSpot's
/// API), read in UTC. Other lengths are not taken as time: 8 digits could be `YYYYMMDD`.
fn unix(text: &str) -> Option<Option<NaiveDate>> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i64 = text.parse().ok()?;
    match text.len() {
        10 => Some(DateTime::from_timestamp(value, 0).map(|t| t.date_naive())),
        13 => Some(DateTime::from_timestamp_millis(value).map(|t| t.date_naive())),
        _ => None,
    }
}

/// A date written `A/B/YYYY` (or with `.` or `-`), where A and B are the month and the day in an
/// order the file must tell.
#[derive(Debug, Clone, Copy)]
struct Slashed {
    first: u32,
    second: u32,
    year: i32,
}

impl Slashed {
    /// The fields of a slashed date, optionally followed by a time of day; `None` for any other
    /// shape (two-digit years included: they would be a second guess).
    fn read(text: &str) -> Option<Self> {
        let (date, time) = match text.split_once(char::is_whitespace) {
            Some((date, time)) => (date, Some(time.trim())),
            None => (text, None),
        };
        if time.is_some_and(|t| !is_time_of_day(t)) {
            return None;
        }
        let separator = date.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
        let mut fields = date.split(separator);
        let (first, second, year) = (fields.next()?, fields.next()?, fields.next()?);
        let small = |f: &str| (1..=2).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit());
        if fields.next().is_some() || !small(first) || !small(second) {
            return None;
        }
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Self {
            first: first.parse().ok()?,
            second: second.parse().ok()?,
            year: year.parse().ok()?,
        })
    }

    fn month_first(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.first, self.second)
    }

    fn day_first(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.second, self.first)
    }

    fn evidence(self) -> Option<DateOrder> {
        match (self.month_first(), self.day_first()) {
            (Some(_), None) => Some(DateOrder::MonthFirst),
            (None, Some(_)) => Some(DateOrder::DayFirst),
            _ => None,
        }
    }

    /// Both orders read a date, and not the same one.
    fn is_ambiguous(self) -> bool {
        matches!((self.month_first(), self.day_first()), (Some(m), Some(d)) if m != d)
    }

    fn date(self, order: Option<DateOrder>, s: &str) -> Result<NaiveDate, String> {
        let wrong_order =
            |o: DateOrder| format!("{} is not a date in {} order", quoted(s), o.pattern());
        match order {
            Some(o @ DateOrder::MonthFirst) => self.month_first().ok_or_else(|| wrong_order(o)),
            Some(o @ DateOrder::DayFirst) => self.day_first().ok_or_else(|| wrong_order(o)),
            None => match (self.month_first(), self.day_first()) {
                (Some(m), Some(d)) if m != d => Err(needs_order(s)),
                (Some(date), _) | (None, Some(date)) => Ok(date),
                (None, None) => Err(not_real(s)),
            },
        }
    }
}

/// A time of day as US exports write it after a slashed date: `14:02`, `14:02:11`, `2:02 PM`.
fn is_time_of_day(text: &str) -> bool {
    ["%H:%M", "%H:%M:%S", "%H:%M:%S%.f", "%I:%M %p", "%I:%M:%S %p"]
        .iter()
        .any(|f| NaiveTime::parse_from_str(text, f).is_ok())
}

#[cfg(test)]
mod tests;
