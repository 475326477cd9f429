//! How a deck writes dates and numbers for a customer: "24 Nov 2026", "1,234", "3 days". It
//! must not read records nor decide what a slide says.

use chrono::NaiveDate;

/// A day as a reader outside the company writes it: "24 Nov 2026", with no-break spaces so a
/// line never breaks inside it.
#[must_use]
pub fn day(date: NaiveDate) -> String {
    date.format("%-d\u{a0}%b\u{a0}%Y").to_string()
}

/// A whole number with thousands separated by commas: 12,345.
#[must_use]
pub fn number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` with its noun: "1 day", "3 days".
#[must_use]
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// A value of a goal or chart as shown: whole numbers plain, others with one decimal.
#[must_use]
pub fn amount(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 && x.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)] // checked to be whole and in range
        return number(x.round() as i64);
    }
    format!("{x:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_days_read_as_english() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1000), "1,000");
        assert_eq!(number(-1_234_567), "-1,234,567");
        assert_eq!(day(NaiveDate::from_ymd_opt(2026, 11, 4).unwrap()), "4\u{a0}Nov\u{a0}2026");
        assert_eq!(count(1, "ticket"), "1 ticket");
        assert_eq!(count(2, "ticket"), "2 tickets");
        assert_eq!(amount(40.0), "40");
        assert_eq!(amount(2.5), "2.5");
    }
}
