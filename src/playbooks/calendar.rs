//! The calendar periods of cadence rules (month, quarter, half-year, year) and the onboarding
//! predicate: date arithmetic only, no store and no rules.

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::Account;

/// The period of `every_months` months (1, 3, 6 or 12) that holds `date`: its first day and its
/// label (`2026-11`, `2026-Q4`, `2026-H2`, `2026`).
#[must_use]
pub fn period(date: NaiveDate, every_months: u32) -> (NaiveDate, String) {
    let every = every_months.clamp(1, 12);
    let index = (date.month0() / every) + 1;
    let first_month = (index - 1) * every + 1;
    let start = NaiveDate::from_ymd_opt(date.year(), first_month, 1).unwrap_or(date);
    let year = date.year();
    let label = match every {
        1 => format!("{year}-{first_month:02}"),
        3 => format!("{year}-Q{index}"),
        6 => format!("{year}-H{index}"),
        12 => format!("{year}"),
        _ => format!("{year}-P{index}"),
    };
    (start, label)
}

/// `date` moved by `days` (negative: earlier), saturating at the calendar's ends.
#[must_use]
pub fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    let moved = if days >= 0 {
        date.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.unwrap_or(if days < 0 { NaiveDate::MIN } else { NaiveDate::MAX })
}

/// Whether `account` is onboarding at `as_of`: its lifecycle stage has the word `onboarding` or
/// `implementation` (CRMs spell it `Onboarding`, `Onboarding - Phase 1`, `In implementation`;
/// `Post-onboarding` is another word), or, with no stage recorded, its contract started on or
/// before `as_of` and no more than `path_days` ago.
#[must_use]
pub fn in_onboarding(account: &Account, as_of: NaiveDate, path_days: i64) -> bool {
    match account.lifecycle_stage.as_deref().map(str::trim) {
        Some(stage) if !stage.is_empty() => crate::domain::stage_says_onboarding(stage),
        _ => account
            .contract_start
            .is_some_and(|start| start <= as_of && as_of <= shift(start, path_days)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_and_their_labels() {
        let d = date("2026-11-24");
        assert_eq!(period(d, 3), (date("2026-10-01"), "2026-Q4".to_owned()));
        assert_eq!(period(d, 1), (date("2026-11-01"), "2026-11".to_owned()));
        assert_eq!(period(d, 6), (date("2026-07-01"), "2026-H2".to_owned()));
        assert_eq!(period(d, 12), (date("2026-01-01"), "2026".to_owned()));
        assert_eq!(period(date("2027-03-31"), 3), (date("2027-01-01"), "2027-Q1".to_owned()));
        assert_eq!(period(date("2027-04-01"), 3), (date("2027-04-01"), "2027-Q2".to_owned()));
    }

    #[test]
    fn onboarding_by_stage_or_without_one_by_the_contract_start() {
        let mut account = crate::playbooks::tests::account(crate::domain::Segment::Smb, None);
        let d = date("2026-11-24");
        account.lifecycle_stage = Some(" Onboarding ".into());
        assert!(in_onboarding(&account, d, 30), "the stage says so, whatever the dates");
        for stage in ["Onboarding - Phase 1", "In implementation", "IMPLEMENTATION"] {
            account.lifecycle_stage = Some(stage.into());
            assert!(in_onboarding(&account, d, 30), "{stage}");
        }
        for stage in ["adoption", "Post-onboarding review"] {
            account.lifecycle_stage = Some(stage.into());
            assert!(!in_onboarding(&account, d, 30), "{stage}");
        }
        // No stage: the contract started within the path (2026-10-25 + 30 = 2026-11-24).
        account.lifecycle_stage = None;
        account.contract_start = Some(date("2026-10-25"));
        assert!(in_onboarding(&account, d, 30));
        assert!(!in_onboarding(&account, date("2026-11-25"), 30), "a day past the path");
        assert!(!in_onboarding(&account, date("2026-10-24"), 30), "before the contract");
        account.contract_start = None;
        assert!(!in_onboarding(&account, d, 30));
    }

    #[test]
    fn shifting_both_ways() {
        assert_eq!(shift(date("2026-11-24"), 7), date("2026-12-01"));
        assert_eq!(shift(date("2026-03-01"), -1), date("2026-02-28"));
    }
}
