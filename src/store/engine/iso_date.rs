//! Days as the store binds and reads them: ISO `YYYY-MM-DD`, written and parsed by hand (the
//! store's most frequent values), the form SQLite keeps and PostgreSQL reads into a `date`. It
//! must not know about rows or statements.

use chrono::NaiveDate;
use rusqlite::types::ValueRef;

/// Parses an ISO `YYYY-MM-DD` date. Hand-written because dates are the most read values of the
/// store and chrono's general format parser costs several times more per date.
pub(in crate::store) fn iso_date(text: &[u8]) -> Option<NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *text else {
        return None;
    };
    let digit = |c: u8| c.is_ascii_digit().then(|| u32::from(c - b'0'));
    let year = digit(y1)? * 1000 + digit(y2)? * 100 + digit(y3)? * 10 + digit(y4)?;
    let month = digit(m1)? * 10 + digit(m2)?;
    let day = digit(d1)? * 10 + digit(d2)?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// A date bound as ISO `YYYY-MM-DD` text without going through chrono's formatter, which costs
/// more than the insert itself when a year of daily usage is written.
#[derive(Debug, Clone, Copy)]
pub(in crate::store) struct IsoDate([u8; 10]);

impl IsoDate {
    pub(in crate::store) fn new(date: NaiveDate) -> Self {
        use chrono::Datelike as _;
        let (y, m, d) = (date.year().clamp(0, 9999).unsigned_abs(), date.month(), date.day());
        let digit = |n: u32| b'0' + u8::try_from(n % 10).unwrap_or(0);
        Self([
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ])
    }

    /// The date as `YYYY-MM-DD`.
    pub(in crate::store) fn text(&self) -> &str {
        // Only ASCII digits and dashes were ever written into it.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The date again (a year before 0 or after 9999 was clamped when it was written).
    pub(in crate::store) fn day(&self) -> Option<NaiveDate> {
        iso_date(&self.0)
    }
}

impl rusqlite::ToSql for IsoDate {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::Borrowed(ValueRef::Text(&self.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::{IsoDate, iso_date};

    #[test]
    fn iso_dates_format_as_chrono_does() {
        for text in ["2026-11-24", "0999-01-01", "2024-02-29", "9999-12-31"] {
            let date: chrono::NaiveDate = text.parse().unwrap();
            assert_eq!(&IsoDate::new(date).0, text.as_bytes());
        }
    }

    #[test]
    fn iso_dates_parse_and_impossible_ones_do_not() {
        assert_eq!(iso_date(b"2026-11-24"), "2026-11-24".parse().ok());
        assert_eq!(iso_date(b"2024-02-29"), "2024-02-29".parse().ok());
        for bad in
            [&b"2026-02-30"[..], b"2026-13-01", b"2026-1-01", b"2026/11/24", b"", b"2026-11-24T"]
        {
            assert_eq!(iso_date(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }
}
