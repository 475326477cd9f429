//! Date windows that end on (and include) a given day, and the mean active users over one.

use chrono::{Days, NaiveDate};

use crate::domain::UsageDay;

/// The days `[start, end]`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Window {
    /// The `days` days ending on `end`: `Window::ending(d, 30)` is `W30 = [D-29, D]`.
    #[must_use]
    pub fn ending(end: NaiveDate, days: u32) -> Self {
        Self {
            start: back(end, i64::from(days.max(1)) - 1),
            end,
        }
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

/// The mean active users of `window` (SPEC 4.1): the sum over the window's days on or after
/// `first` divided by the number of those days, a day without a row counting 0; `None` when no
/// day of the window is on or after `first`. `days` must be sorted by date.
#[must_use]
pub fn mean_active_users(
    days: &[UsageDay],
    first: Option<NaiveDate>,
    window: Window,
) -> Option<f64> {
    let from = window.start.max(first?);
    if from > window.end {
        return None;
    }
    let counted = (window.end - from).num_days() + 1;
    let lo = days.partition_point(|d| d.date < from);
    let hi = days.partition_point(|d| d.date <= window.end);
    let sum: i64 = days[lo..hi].iter().map(|d| d.active_users).sum();
    #[allow(clippy::cast_precision_loss)] // user counts are far below 2^52
    Some(sum as f64 / counted as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn day(s: &str, users: i64) -> UsageDay {
        UsageDay {
            date: date(s),
            active_users: users,
            events: None,
        }
    }

    #[test]
    fn w30_includes_both_ends() {
        let w = Window::ending(date("2026-11-24"), 30);
        assert_eq!(w.start, date("2026-10-26"));
        assert!(w.contains(date("2026-10-26")) && w.contains(date("2026-11-24")));
        assert!(!w.contains(date("2026-10-25")) && !w.contains(date("2026-11-25")));
    }

    #[test]
    fn missing_days_count_zero_and_days_before_first_do_not_count() {
        let d = date("2026-11-24");
        let w30 = Window::ending(d, 30);
        // Usage started 10 days before D (first = D-10 = 11-14): the mean covers the 11 days
        // 11-14..=11-24. Rows: 11-14 = 11, 11-20 = 22, nothing else: (11 + 22) / 11 = 3.0.
        let days = [day("2026-11-14", 11), day("2026-11-20", 22)];
        assert_eq!(
            mean_active_users(&days, Some(date("2026-11-14")), w30),
            Some(3.0)
        );
        // With first long ago, all 30 days count: 33 / 30 = 1.1.
        let mean = mean_active_users(&days, Some(date("2025-01-01")), w30).unwrap();
        assert!((mean - 1.1).abs() < 1e-12);
        // A row outside the window does not count: 11-14 is outside [10-26 - 30, 10-25].
        let p30 = Window::ending(back(d, 30), 30);
        assert_eq!(
            mean_active_users(&days, Some(date("2025-01-01")), p30),
            Some(0.0)
        );
    }

    #[test]
    fn a_window_before_first_has_no_mean() {
        let w = Window::ending(date("2026-11-24"), 30);
        assert_eq!(mean_active_users(&[], Some(date("2026-11-25")), w), None);
        assert_eq!(mean_active_users(&[], None, w), None);
        // first = D: one day counts, and a zero row is a real zero.
        let days = [day("2026-11-24", 0)];
        assert_eq!(
            mean_active_users(&days, Some(date("2026-11-24")), w),
            Some(0.0)
        );
    }
}
