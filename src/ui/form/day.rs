//! Days as a person types them, in a form or on the command line: an ISO date, `today`,
//! `tomorrow`, `+3d` and `+2w`, and the words a CSM says: a weekday (`friday`, `fri`: the next
//! one after today), `next friday` (the Friday of next week, weeks starting on Monday),
//! `in 2 weeks`, `in 3 days`, `in a month`, `end of month` or `eom` (this month's last day) and
//! `next month` (its first day). Everything is counted from the as-of day given, never from the
//! clock, so the same words give the same day in tests and in a book looked at as of another
//! day. It must not know forms or fields.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// The ways a day can be typed, for hints and refusals (`tomorrow` and `+3d` are read too): short
/// enough for the hint line of a form at 80 columns.
pub const DAY_FORMS: &str = "2026-12-01, today, friday, next friday, in 2 weeks, eom, next month";

/// Reads a day as a person types it (see the module's header), counted from `today`.
#[must_use]
pub fn parse_day(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let text = text.trim().to_lowercase();
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["today"] => Some(today),
        ["tomorrow"] => today.checked_add_days(Days::new(1)),
        ["eom"] | ["end", "of", "month"] | ["end", "of", "the", "month"] => end_of_month(today),
        ["next", "month"] => first_of_month(today)?.checked_add_months(Months::new(1)),
        ["next", day] => next_week_s(today, weekday(day)?),
        [day] if weekday(day).is_some() => coming(today, weekday(day)?),
        ["in", n, unit] => later(today, count(n)?, unit),
        [offset] if offset.starts_with('+') => plus(today, &offset[1..]),
        [date] => NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        _ => None,
    }
}

/// `+N` or `+Nd` days, `+Nw` weeks after `today`.
fn plus(today: NaiveDate, offset: &str) -> Option<NaiveDate> {
    let (number, unit) = match offset.strip_suffix('w') {
        Some(weeks) => (weeks, "weeks"),
        None => (offset.strip_suffix('d').unwrap_or(offset), "days"),
    };
    later(today, number.parse().ok()?, unit)
}

/// `n` days, weeks or months after `today` (a month later is the same day of the month, or
/// the month's last day when it is shorter).
fn later(today: NaiveDate, n: u32, unit: &str) -> Option<NaiveDate> {
    match unit {
        "day" | "days" => today.checked_add_days(Days::new(u64::from(n))),
        "week" | "weeks" => today.checked_add_days(Days::new(u64::from(n).checked_mul(7)?)),
        "month" | "months" => today.checked_add_months(Months::new(n)),
        _ => None,
    }
}

/// A count in words or digits: `2`, `a`, `an`, `one`, `two`, `three`.
fn count(word: &str) -> Option<u32> {
    match word {
        "a" | "an" | "one" => Some(1),
        "two" => Some(2),
        "three" => Some(3),
        digits => digits.parse().ok(),
    }
}

/// A weekday by its name or its first three letters.
fn weekday(word: &str) -> Option<Weekday> {
    const NAMES: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    let found =
        NAMES.iter().find(|(name, _)| *name == word || (word.len() == 3 && name.starts_with(word)));
    found.map(|(_, day)| *day)
}

/// The first `day` after `today` (a week later when today is that day).
fn coming(today: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    let ahead = (7 + day.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    today.checked_add_days(Days::new(u64::from(if ahead == 0 { 7 } else { ahead })))
}

/// `day` in the week after today's (weeks start on Monday).
fn next_week_s(today: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    let monday = today
        .checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))?
        .checked_add_days(Days::new(7))?;
    monday.checked_add_days(Days::new(u64::from(day.num_days_from_monday())))
}

fn first_of_month(today: NaiveDate) -> Option<NaiveDate> {
    today.with_day(1)
}

/// The last day of today's month.
fn end_of_month(today: NaiveDate) -> Option<NaiveDate> {
    first_of_month(today)?.checked_add_months(Months::new(1))?.pred_opt()
}

#[cfg(test)]
mod tests;
