//! The renewal history a report of a date reads (SPEC 12): the stored records plus the outcomes
//! read from closed renewal opportunities, as known at that date, and which accounts it counts as
//! churned. Pure functions over plain records; nothing here reads a store.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::{
    AccountId, Opportunity, OpportunityKind, OpportunityStatus, RecordSource, RenewalOutcome,
    RenewalRecord,
};

/// How far (in days, either way) a stored record's `due` may lie from a renewal opportunity's
/// close date and still be the record of that renewal, so the opportunity adds nothing.
pub const SAME_RENEWAL_DAYS: i64 = 60;

/// The outcome a closed renewal opportunity stands for: renewed at its amount when won, churned
/// when lost, due and closed on its close date. `None` for any other opportunity (open, of
/// another kind, or with no close date). A missing amount counts as 0.
#[must_use]
pub fn from_opportunity(o: &Opportunity) -> Option<RenewalRecord> {
    if o.kind != OpportunityKind::Renewal {
        return None;
    }
    let outcome = match o.status {
        OpportunityStatus::Won => RenewalOutcome::Renewed,
        OpportunityStatus::Lost => RenewalOutcome::Churned,
        OpportunityStatus::Open => return None,
    };
    let closed = o.close_date?;
    let amount = o.amount_cents.unwrap_or(0).max(0);
    Some(RenewalRecord {
        account_id: o.account_id,
        due: closed,
        closed_on: closed,
        outcome,
        arr_before: amount,
        arr_after: if outcome == RenewalOutcome::Churned { 0 } else { amount },
        note: o.name.clone(),
        source: RecordSource::Opportunity,
    })
}

/// The records known at `as_of` (closed on or before it), by account then due: every stored
/// record, and one per closed renewal opportunity of an account that has no stored record due
/// within [`SAME_RENEWAL_DAYS`] of its close date. Two such opportunities closed the same day
/// make one record (the first by id), since an account has one renewal per date.
#[must_use]
pub fn effective_records(
    stored: &[RenewalRecord],
    opportunities: &[Opportunity],
    as_of: NaiveDate,
) -> Vec<RenewalRecord> {
    let mut by_id: Vec<&Opportunity> = opportunities.iter().collect();
    by_id.sort_by_key(|o| o.id);
    let mut records: Vec<RenewalRecord> = stored.to_vec();
    // The stored keys in order: whether a record lies near a close date is one search, not a
    // scan of every record (a book has tens of thousands of each).
    let mut keys: Vec<(AccountId, NaiveDate)> =
        stored.iter().map(|s| (s.account_id, s.due)).collect();
    keys.sort_unstable();
    let mut derived_keys: BTreeSet<(AccountId, NaiveDate)> = BTreeSet::new();
    for record in by_id.into_iter().filter_map(from_opportunity) {
        let from = keys.partition_point(|&k| {
            k < (record.account_id, super::back(record.due, SAME_RENEWAL_DAYS))
        });
        let covered = keys.get(from).is_some_and(|&(account, due)| {
            account == record.account_id && (due - record.due).num_days() <= SAME_RENEWAL_DAYS
        });
        if !covered && derived_keys.insert((record.account_id, record.due)) {
            records.push(record);
        }
    }
    records.retain(|r| r.known_at(as_of));
    records.sort_by_key(|r| (r.account_id, r.due));
    records
}

/// The accounts churned at `as_of`: those whose latest record known at that date (closed on or
/// before it), by `due`, is a churn, whatever its source. An account that renewed after a churn
/// is back in the book.
#[must_use]
pub fn churned_at(records: &[RenewalRecord], as_of: NaiveDate) -> BTreeSet<AccountId> {
    let mut latest: std::collections::BTreeMap<AccountId, &RenewalRecord> =
        std::collections::BTreeMap::new();
    for record in records.iter().filter(|r| r.known_at(as_of)) {
        let slot = latest.entry(record.account_id).or_insert(record);
        if record.due > slot.due {
            *slot = record;
        }
    }
    latest.into_iter().filter(|(_, r)| r.churned()).map(|(id, _)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OpportunityId;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn record(account: i64, due: &str, closed_on: &str, outcome: RenewalOutcome) -> RenewalRecord {
        let churned = outcome == RenewalOutcome::Churned;
        RenewalRecord {
            account_id: AccountId(account),
            due: day(due),
            closed_on: day(closed_on),
            outcome,
            arr_before: 100_000,
            arr_after: if churned { 0 } else { 110_000 },
            note: None,
            source: RecordSource::Recorded,
        }
    }

    fn opportunity(id: i64, account: i64, closed: &str, status: OpportunityStatus) -> Opportunity {
        Opportunity {
            id: OpportunityId(id),
            account_id: AccountId(account),
            external_id: None,
            name: None,
            kind: OpportunityKind::Renewal,
            amount_cents: Some(50_000),
            stage: None,
            close_date: Some(day(closed)),
            probability: None,
            status,
            version: 0,
        }
    }

    #[test]
    fn a_closed_renewal_opportunity_is_an_outcome_at_its_amount() {
        let won = from_opportunity(&opportunity(1, 7, "2026-05-01", OpportunityStatus::Won));
        let won = won.unwrap();
        assert_eq!((won.due, won.closed_on), (day("2026-05-01"), day("2026-05-01")));
        assert_eq!(
            (won.outcome, won.arr_before, won.arr_after),
            (RenewalOutcome::Renewed, 50_000, 50_000)
        );
        assert_eq!(won.source, RecordSource::Opportunity);
        let lost = from_opportunity(&opportunity(2, 7, "2026-05-01", OpportunityStatus::Lost));
        let lost = lost.unwrap();
        assert_eq!(
            (lost.outcome, lost.arr_before, lost.arr_after),
            (RenewalOutcome::Churned, 50_000, 0)
        );
    }

    #[test]
    fn open_undated_and_other_opportunities_are_no_outcome() {
        assert_eq!(
            from_opportunity(&opportunity(1, 7, "2026-05-01", OpportunityStatus::Open)),
            None
        );
        let mut undated = opportunity(2, 7, "2026-05-01", OpportunityStatus::Won);
        undated.close_date = None;
        assert_eq!(from_opportunity(&undated), None);
        let mut expansion = opportunity(3, 7, "2026-05-01", OpportunityStatus::Won);
        expansion.kind = OpportunityKind::Expansion;
        assert_eq!(from_opportunity(&expansion), None);
    }

    /// Account 1 has a stored record due 2026-03-31. Its opportunity closed 2026-05-30 is 60 days
    /// after that due (the same renewal: no record), the one closed 2026-05-31 is 61 days after
    /// (another renewal: a record). Account 2 has no stored record: its lost opportunity is a
    /// churn. The as-of date 2026-05-30 leaves out what closed after it.
    #[test]
    fn opportunities_count_only_where_no_record_is_due_within_60_days() {
        let stored = [record(1, "2026-03-31", "2026-03-20", RenewalOutcome::Renewed)];
        let opportunities = [
            opportunity(1, 1, "2026-05-30", OpportunityStatus::Won),
            opportunity(2, 1, "2026-05-31", OpportunityStatus::Won),
            opportunity(3, 2, "2026-04-15", OpportunityStatus::Lost),
            opportunity(4, 2, "2026-04-15", OpportunityStatus::Won),
        ];
        let all = effective_records(&stored, &opportunities, day("2026-12-31"));
        let keys: Vec<(i64, String, RecordSource)> =
            all.iter().map(|r| (r.account_id.0, r.due.to_string(), r.source)).collect();
        assert_eq!(
            keys,
            [
                (1, "2026-03-31".to_owned(), RecordSource::Recorded),
                (1, "2026-05-31".to_owned(), RecordSource::Opportunity),
                (2, "2026-04-15".to_owned(), RecordSource::Opportunity),
            ]
        );
        // The first opportunity by id wins a shared day: the lost one.
        assert!(all[2].churned());
        let earlier = effective_records(&stored, &opportunities, day("2026-05-30"));
        assert_eq!(earlier.len(), 2);
        let before_any = effective_records(&stored, &opportunities, day("2026-03-19"));
        assert!(before_any.is_empty());
    }

    /// The 60 days hold before a stored due too, and among other accounts' records: account 5's
    /// record is due 2026-08-01; its opportunity closed 2026-06-02 (60 days before) is that
    /// renewal, the one closed 2026-06-01 (61 days before) another. Account 4's record, due the
    /// same day as the second, is another account's.
    #[test]
    fn a_record_due_up_to_60_days_after_a_close_covers_it_too() {
        let stored = [
            record(4, "2026-06-01", "2026-06-01", RenewalOutcome::Renewed),
            record(5, "2026-08-01", "2026-07-20", RenewalOutcome::Renewed),
            record(6, "2026-06-01", "2026-06-01", RenewalOutcome::Renewed),
        ];
        let opportunities = [
            opportunity(1, 5, "2026-06-02", OpportunityStatus::Won),
            opportunity(2, 5, "2026-06-01", OpportunityStatus::Won),
        ];
        let all = effective_records(&stored, &opportunities, day("2026-12-31"));
        let derived: Vec<(i64, String)> = all
            .iter()
            .filter(|r| r.source == RecordSource::Opportunity)
            .map(|r| (r.account_id.0, r.due.to_string()))
            .collect();
        assert_eq!(derived, [(5, "2026-06-01".to_owned())]);
    }

    /// A churn closed 2026-03-20 for the renewal due 2026-03-31 counts from 2026-03-20; the
    /// renewal recorded later for 2027-03-31 (closed 2027-02-01) brings the account back.
    #[test]
    fn an_account_is_churned_from_the_close_of_its_latest_record() {
        let records = [
            record(1, "2025-03-31", "2025-03-01", RenewalOutcome::Renewed),
            record(1, "2026-03-31", "2026-03-20", RenewalOutcome::Churned),
            record(1, "2027-03-31", "2027-02-01", RenewalOutcome::Renewed),
            record(2, "2026-06-30", "2026-06-30", RenewalOutcome::Renewed),
        ];
        assert!(churned_at(&records, day("2026-03-19")).is_empty());
        let one: BTreeSet<AccountId> = [AccountId(1)].into();
        assert_eq!(churned_at(&records, day("2026-03-20")), one);
        assert_eq!(churned_at(&records, day("2027-01-31")), one);
        assert!(churned_at(&records, day("2027-02-01")).is_empty());
    }

    /// The latest record is the latest by due, not by close: a renewal of an older due closed
    /// after the churn does not undo it.
    #[test]
    fn the_latest_record_is_chosen_by_due() {
        let records = [
            record(1, "2026-03-31", "2026-03-20", RenewalOutcome::Churned),
            record(1, "2025-03-31", "2026-04-01", RenewalOutcome::Renewed),
        ];
        let one: BTreeSet<AccountId> = [AccountId(1)].into();
        assert_eq!(churned_at(&records, day("2026-04-02")), one);
    }
}
