//! How a renewal ended (SPEC 12): one record per closed renewal of an account, whether recorded
//! in csm, imported from a CRM or read from a closed renewal opportunity. Plain data: the store
//! keeps the records, retention, the forecast and the backtest read them; nothing here reads a
//! store or scores.

use chrono::NaiveDate;

use super::AccountId;

/// One closed renewal of an account; serialised with the names `csm renewals --json` and
/// retention's cohorts give it (SPEC 12).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RenewalRecord {
    pub account_id: AccountId,
    /// The renewal date the record closes.
    pub due: NaiveDate,
    /// The day the renewal was decided: before it, the outcome is unknown.
    pub closed_on: NaiveDate,
    pub outcome: RenewalOutcome,
    /// The account's ARR before the renewal, in cents.
    pub arr_before: i64,
    /// The account's ARR after it, in cents: 0 when it churned.
    pub arr_after: i64,
    pub note: Option<String>,
    pub source: RecordSource,
}

impl RenewalRecord {
    /// Whether the record is known at `as_of`: a report of a date knows only the renewals
    /// closed on or before it.
    #[must_use]
    pub fn known_at(&self, as_of: NaiveDate) -> bool {
        self.closed_on <= as_of
    }

    #[must_use]
    pub fn churned(&self) -> bool {
        self.outcome == RenewalOutcome::Churned
    }
}

super::vocab::vocabulary!(
    /// How a renewal ended.
    RenewalOutcome, "outcome" {
        Renewed => "renewed",
        Churned => "churned",
    }
);

super::vocab::vocabulary!(
    /// Where a renewal record came from.
    RecordSource, "record source" {
        /// Recorded in csm (the workspace or `csm renewal record`).
        Recorded => "recorded",
        /// Read from a `renewals` import.
        Imported => "imported",
        /// Made from a closed renewal opportunity with no record of its own.
        Opportunity => "opportunity",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_record_is_known_from_the_day_it_closed() {
        let record = RenewalRecord {
            account_id: AccountId(1),
            due: day("2026-03-31"),
            closed_on: day("2026-03-20"),
            outcome: RenewalOutcome::Churned,
            arr_before: 12_000_000,
            arr_after: 0,
            note: None,
            source: RecordSource::Recorded,
        };
        assert!(!record.known_at(day("2026-03-19")));
        assert!(record.known_at(day("2026-03-20")));
        assert!(record.churned());
    }

    #[test]
    fn outcomes_are_read_in_any_case_and_others_refused() {
        assert_eq!("RENEWED".parse::<RenewalOutcome>().unwrap(), RenewalOutcome::Renewed);
        let refused = "contracted".parse::<RenewalOutcome>().unwrap_err();
        assert_eq!(refused.accepted, "renewed, churned");
    }
}
