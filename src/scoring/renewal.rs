//! Renewal countdown and phase (SPEC 4.5).

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

/// Where an account stands on the way to its renewal date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewalPhase {
    /// The renewal date has passed.
    Overdue,
    /// 0 to 30 days: contract finalisation.
    Finalize,
    /// 31 to 60 days: the proposal.
    Proposal,
    /// 61 to 90 days: business review and value demonstration.
    Review,
    /// 91 to 120 days: renewal strategy.
    Strategy,
    /// More than 120 days out.
    Later,
}

impl RenewalPhase {
    /// Every phase, nearest first.
    pub const ALL: [Self; 6] =
        [Self::Overdue, Self::Finalize, Self::Proposal, Self::Review, Self::Strategy, Self::Later];

    /// The phase of a renewal `days` away.
    #[must_use]
    pub const fn of(days: i64) -> Self {
        match days {
            ..0 => Self::Overdue,
            0..=30 => Self::Finalize,
            31..=60 => Self::Proposal,
            61..=90 => Self::Review,
            91..=120 => Self::Strategy,
            _ => Self::Later,
        }
    }

    /// The stable code used in reports.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Overdue => "overdue",
            Self::Finalize => "finalize",
            Self::Proposal => "proposal",
            Self::Review => "review",
            Self::Strategy => "strategy",
            Self::Later => "later",
        }
    }
}

impl fmt::Display for RenewalPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An account's renewal as seen from the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Renewal {
    pub date: NaiveDate,
    /// `date - as_of`, negative when overdue.
    pub days: i64,
    pub phase: RenewalPhase,
}

impl Renewal {
    /// The renewal on `date` seen from `as_of`.
    #[must_use]
    pub fn new(date: NaiveDate, as_of: NaiveDate) -> Self {
        let days = (date - as_of).num_days();
        Self { date, days, phase: RenewalPhase::of(days) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_at_their_edges() {
        let cases = [
            (-1, RenewalPhase::Overdue),
            (0, RenewalPhase::Finalize),
            (30, RenewalPhase::Finalize),
            (31, RenewalPhase::Proposal),
            (60, RenewalPhase::Proposal),
            (61, RenewalPhase::Review),
            (90, RenewalPhase::Review),
            (91, RenewalPhase::Strategy),
            (120, RenewalPhase::Strategy),
            (121, RenewalPhase::Later),
        ];
        for (days, phase) in cases {
            assert_eq!(RenewalPhase::of(days), phase, "{days}");
        }
    }

    #[test]
    fn days_count_from_the_as_of_date() {
        let as_of: NaiveDate = "2026-11-24".parse().unwrap();
        let renewal = Renewal::new("2027-01-15".parse().unwrap(), as_of);
        // 6 days left in November + 31 in December + 15 in January = 52.
        assert_eq!((renewal.days, renewal.phase), (52, RenewalPhase::Proposal));
    }
}
