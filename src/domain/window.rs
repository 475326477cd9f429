//! Date windows that end on (and include) a given day.

use chrono::{Days, NaiveDate};

/// The days `[start, end]`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Window {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Window {
    /// The `days` days ending on `end`: `Window::ending(d, 30)` is `W30 = [D-29, D]`.
    #[must_use]
    pub fn ending(end: NaiveDate, days: u32) -> Self {
        Self { start: back(end, i64::from(days.max(1)) - 1), end }
    }

    /// Whether `date` lies in the window.
    #[must_use]
    pub fn contains(self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// `date` minus `days` days (saturating at chrono's earliest date).
#[must_use]
pub fn back(date: NaiveDate, days: i64) -> NaiveDate {
    u64::try_from(days)
        .ok()
        .and_then(|d| date.checked_sub_days(Days::new(d)))
        .unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn w30_includes_both_ends() {
        let w = Window::ending(date("2026-11-24"), 30);
        assert_eq!(w.start, date("2026-10-26"));
        assert!(w.contains(date("2026-10-26")) && w.contains(date("2026-11-24")));
        assert!(!w.contains(date("2026-10-25")) && !w.contains(date("2026-11-25")));
    }

    #[test]
    fn back_counts_calendar_days() {
        assert_eq!(back(date("2026-03-01"), 1), date("2026-02-28"));
        assert_eq!(back(date("2026-11-24"), 59), date("2026-09-26"));
    }
}
