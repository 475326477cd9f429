//! Renewal records in the store (SPEC 12): written by their natural key (account and due),
//! refused by the schema when they say something impossible, and read as the history a report
//! of a date knows (stored records plus closed renewal opportunities where no record exists).

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::collections::BTreeSet;

use chrono::NaiveDate;
use csm::domain::{
    Account, AccountId, Opportunity, OpportunityId, OpportunityKind, OpportunityStatus,
    RecordSource, RenewalOutcome, RenewalRecord,
};
use csm::store::{Conflict, Store, StoreError};
use csm::test_support::stores::on_each_engine;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn record(account: AccountId, due: &str, closed_on: &str, arr: (i64, i64)) -> RenewalRecord {
    RenewalRecord {
        account_id: account,
        due: date(due),
        closed_on: date(closed_on),
        outcome: if arr.1 == 0 { RenewalOutcome::Churned } else { RenewalOutcome::Renewed },
        arr_before: arr.0,
        arr_after: arr.1,
        note: Some("signed".into()),
        source: RecordSource::Imported,
    }
}

fn renewal_opportunity(account: AccountId, closed: &str, status: OpportunityStatus) -> Opportunity {
    Opportunity {
        id: OpportunityId(0),
        account_id: account,
        external_id: None,
        name: Some("Renewal".into()),
        kind: OpportunityKind::Renewal,
        amount_cents: Some(4_000_000),
        stage: None,
        close_date: Some(date(closed)),
        probability: None,
        status,
        version: 0,
    }
}

/// Two accounts, Acme and Globex, in `store`, a fresh book.
fn book(store: &mut Store) -> (AccountId, AccountId) {
    let w = store.writer().unwrap();
    let acme = w.insert_account(&Account::named("A-1", "Acme")).unwrap();
    let globex = w.insert_account(&Account::named("A-2", "Globex")).unwrap();
    w.commit().unwrap();
    (acme, globex)
}

#[test]
fn records_round_trip_by_account_and_due_and_a_second_write_replaces_the_first() {
    on_each_engine("renewals_records_round_trip_by_account_a", |mut store| {
        let (acme, globex) = book(&mut store);
        let w = store.writer().unwrap();
        assert!(
            w.put_renewal_record(&record(globex, "2026-01-31", "2026-01-20", (500, 0))).unwrap()
        );
        assert!(
            w.put_renewal_record(&record(acme, "2026-03-31", "2026-03-20", (1000, 1200))).unwrap()
        );
        assert!(
            w.put_renewal_record(&record(acme, "2025-03-31", "2025-03-15", (900, 1000))).unwrap()
        );
        // The same account and due again: the record is replaced and its version moves.
        let again = record(acme, "2026-03-31", "2026-03-25", (1000, 1100));
        assert!(!w.put_renewal_record(&again).unwrap());
        assert_eq!(w.renewal_record(acme, date("2026-03-31")).unwrap(), Some((again.clone(), 1)));
        w.commit().unwrap();

        let all = store.renewal_records().unwrap();
        let keys: Vec<(AccountId, NaiveDate)> = all.iter().map(|r| (r.account_id, r.due)).collect();
        assert_eq!(
            keys,
            [(acme, date("2025-03-31")), (acme, date("2026-03-31")), (globex, date("2026-01-31"))]
        );
        assert_eq!(all[1], again);
        assert_eq!(store.renewal_records_of(globex).unwrap(), [all[2].clone()]);
    });
}

#[test]
fn the_schema_refuses_impossible_records_and_writes_nothing_of_them() {
    on_each_engine("renewals_the_schema_refuses_impossible_r", |mut store| {
        let (acme, _) = book(&mut store);
        let negative =
            RenewalRecord { arr_after: -1, ..record(acme, "2026-03-31", "2026-03-20", (1000, 1)) };
        let negative_before = record(acme, "2026-03-31", "2026-03-20", (-5, 100));
        let churn_with_arr = RenewalRecord {
            outcome: RenewalOutcome::Churned,
            ..record(acme, "2026-03-31", "2026-03-20", (1000, 1000))
        };
        // Opportunity outcomes are read, never stored.
        let derived = RenewalRecord {
            source: RecordSource::Opportunity,
            ..record(acme, "2026-03-31", "2026-03-20", (1000, 1000))
        };
        let orphan = record(AccountId(99), "2026-03-31", "2026-03-20", (1000, 1000));
        // Each in a transaction of its own: a refused write ends its transaction on a server.
        for refused in [negative, negative_before, churn_with_arr, derived, orphan] {
            let w = store.writer().unwrap();
            assert!(w.put_renewal_record(&refused).is_err(), "{refused:?}");
        }
        assert!(store.renewal_records().unwrap().is_empty());
    });
}

#[test]
fn deleting_a_record_names_the_version_it_read() {
    on_each_engine("renewals_deleting_a_record_names_the_ver", |mut store| {
        let (acme, _) = book(&mut store);
        let w = store.writer().unwrap();
        w.put_renewal_record(&record(acme, "2026-03-31", "2026-03-20", (1000, 1000))).unwrap();
        w.put_renewal_record(&record(acme, "2026-03-31", "2026-03-21", (1000, 900))).unwrap();
        let stale = w.delete_renewal_record(acme, date("2026-03-31"), 0).unwrap_err();
        assert!(matches!(stale, StoreError::Conflict(Conflict::Changed("renewal record"))));
        w.delete_renewal_record(acme, date("2026-03-31"), 1).unwrap();
        let gone = w.delete_renewal_record(acme, date("2026-03-31"), 1).unwrap_err();
        assert!(matches!(gone, StoreError::Conflict(Conflict::Deleted("renewal record"))));
        w.commit().unwrap();
        assert!(store.renewal_records().unwrap().is_empty());
    });
}

/// Acme has an imported renewal due 2026-03-31 (closed 2026-03-20) and two won renewal
/// opportunities: one closed 2026-04-10 (10 days after that due: the same renewal, left out) and
/// one closed 2027-03-28 (a year later: an outcome of its own at its amount, $40,000). Globex has
/// no record and a renewal opportunity lost on 2026-06-30: a churn of $40,000, closed and due that
/// day. An open renewal opportunity and a won expansion count for nothing.
#[test]
fn the_history_at_a_date_holds_records_and_closed_renewal_opportunities_known_then() {
    on_each_engine("renewals_the_history_at_a_date_holds_rec", |mut store| {
        let (acme, globex) = book(&mut store);
        let w = store.writer().unwrap();
        w.put_renewal_record(&record(acme, "2026-03-31", "2026-03-20", (1000, 1200))).unwrap();
        w.insert_opportunity(&renewal_opportunity(acme, "2026-04-10", OpportunityStatus::Won))
            .unwrap();
        w.insert_opportunity(&renewal_opportunity(acme, "2027-03-28", OpportunityStatus::Won))
            .unwrap();
        w.insert_opportunity(&renewal_opportunity(globex, "2026-06-30", OpportunityStatus::Lost))
            .unwrap();
        w.insert_opportunity(&renewal_opportunity(globex, "2026-05-01", OpportunityStatus::Open))
            .unwrap();
        let expansion = Opportunity {
            kind: OpportunityKind::Expansion,
            ..renewal_opportunity(globex, "2026-05-01", OpportunityStatus::Won)
        };
        w.insert_opportunity(&expansion).unwrap();
        w.commit().unwrap();

        let all = store.renewal_records_at(date("2027-12-31")).unwrap();
        let shown: Vec<(AccountId, &str, RecordSource, i64, i64)> = all
            .iter()
            .map(|r| {
                let due = if r.due == date("2026-03-31") {
                    "2026-03-31"
                } else if r.due == date("2027-03-28") {
                    "2027-03-28"
                } else {
                    "2026-06-30"
                };
                (r.account_id, due, r.source, r.arr_before, r.arr_after)
            })
            .collect();
        assert_eq!(
            shown,
            [
                (acme, "2026-03-31", RecordSource::Imported, 1000, 1200),
                (acme, "2027-03-28", RecordSource::Opportunity, 4_000_000, 4_000_000),
                (globex, "2026-06-30", RecordSource::Opportunity, 4_000_000, 0),
            ]
        );
        assert_eq!(all[2].closed_on, date("2026-06-30"));
        assert!(all[2].churned());

        // A report as of 2026-06-29 knows only Acme's first record.
        let then = store.renewal_records_at(date("2026-06-29")).unwrap();
        assert_eq!(then.len(), 1);
        assert!(store.renewal_records_at(date("2026-03-19")).unwrap().is_empty());
    });
}

/// Globex's renewal due 2026-03-31 was lost on 2026-03-10: churned from that day, before its
/// due. Acme renewed. On 2027-02-01 Globex signed again for the renewal due 2027-03-31.
#[test]
fn an_account_is_churned_from_the_close_of_its_churn_until_a_later_renewal() {
    on_each_engine("renewals_an_account_is_churned_from_the_", |mut store| {
        let (acme, globex) = book(&mut store);
        let w = store.writer().unwrap();
        w.put_renewal_record(&record(acme, "2026-03-31", "2026-03-20", (1000, 1200))).unwrap();
        w.put_renewal_record(&record(globex, "2026-03-31", "2026-03-10", (800, 0))).unwrap();
        w.put_renewal_record(&record(globex, "2027-03-31", "2027-02-01", (0, 500))).unwrap();
        w.commit().unwrap();
        assert!(store.churned_at(date("2026-03-09")).unwrap().is_empty());
        let globex_only: BTreeSet<AccountId> = [globex].into();
        assert_eq!(store.churned_at(date("2026-03-10")).unwrap(), globex_only);
        assert_eq!(store.churned_at(date("2027-01-31")).unwrap(), globex_only);
        assert!(store.churned_at(date("2027-02-01")).unwrap().is_empty());
    });
}

/// A lost renewal opportunity churns an account with no record of its own.
#[test]
fn a_lost_renewal_opportunity_churns_its_account_from_its_close_date() {
    on_each_engine("renewals_a_lost_renewal_opportunity_chur", |mut store| {
        let (_, globex) = book(&mut store);
        let w = store.writer().unwrap();
        w.insert_opportunity(&renewal_opportunity(globex, "2026-06-30", OpportunityStatus::Lost))
            .unwrap();
        w.commit().unwrap();
        assert!(store.churned_at(date("2026-06-29")).unwrap().is_empty());
        assert_eq!(store.churned_at(date("2026-06-30")).unwrap(), [globex].into());
    });
}

/// Acme ($10,000, renewal 2026-03-31, stage "adoption") renews at $12,000 until 2027-03-31;
/// undo puts back the ARR, the date and the record's absence.
#[test]
fn recording_a_renewal_moves_the_account_in_the_same_write_and_undo_puts_it_back() {
    on_each_engine("renewals_recording_a_renewal_moves_the_a", |mut store| {
        let w = store.writer().unwrap();
        let acme = Account {
            arr_cents: 1_000_000,
            renewal_date: Some(date("2026-03-31")),
            lifecycle_stage: Some("adoption".into()),
            ..Account::named("A-1", "Acme")
        };
        let id = w.insert_account(&acme).unwrap();
        w.commit().unwrap();
        let read = store.account(id).unwrap().unwrap();

        let renewed = RenewalRecord {
            source: RecordSource::Imported, // the store records it as recorded, whatever it is given
            ..record(id, "2026-03-31", "2026-03-20", (1_000_000, 1_200_000))
        };
        let w = store.writer().unwrap();
        let done = w.record_renewal(&read, &renewed, Some(date("2027-03-31"))).unwrap();
        w.commit().unwrap();
        let after = store.account(id).unwrap().unwrap();
        assert_eq!((after.arr_cents, after.renewal_date), (1_200_000, Some(date("2027-03-31"))));
        assert_eq!(after.lifecycle_stage.as_deref(), Some("adoption"));
        assert_eq!(after, done.after);
        let stored = store.renewal_records().unwrap();
        assert_eq!(stored, [RenewalRecord { source: RecordSource::Recorded, ..renewed.clone() }]);

        // The same renewal cannot be recorded twice.
        let w = store.writer().unwrap();
        let twice = w.record_renewal(&after, &renewed, None).unwrap_err();
        assert!(matches!(twice, StoreError::Conflict(Conflict::Exists("renewal record"))));
        w.undo_renewal(&done).unwrap();
        w.commit().unwrap();
        let back = store.account(id).unwrap().unwrap();
        assert_eq!(Account { version: read.version, ..back.clone() }, read);
        assert!(store.renewal_records().unwrap().is_empty());
    });
}

#[test]
fn a_recorded_churn_clears_the_renewal_and_marks_the_stage() {
    on_each_engine("renewals_a_recorded_churn_clears_the_ren", |mut store| {
        let w = store.writer().unwrap();
        let acme = Account {
            arr_cents: 1_000_000,
            renewal_date: Some(date("2026-03-31")),
            ..Account::named("A-1", "Acme")
        };
        let id = w.insert_account(&acme).unwrap();
        w.commit().unwrap();
        let read = store.account(id).unwrap().unwrap();
        let w = store.writer().unwrap();
        let churn = record(id, "2026-03-31", "2026-03-20", (1_000_000, 0));
        w.record_renewal(&read, &churn, None).unwrap();
        // An edit made on the account as read before the recording is refused.
        let stale = w.edit_account(&Account { arr_cents: 5, ..read.clone() }).unwrap_err();
        assert!(matches!(stale, StoreError::Conflict(Conflict::Changed("account"))));
        w.commit().unwrap();
        let after = store.account(id).unwrap().unwrap();
        assert_eq!((after.arr_cents, after.renewal_date), (0, None));
        assert_eq!(after.lifecycle_stage.as_deref(), Some("churned"));
        assert_eq!(store.churned_at(date("2026-03-20")).unwrap(), [id].into());
    });
}
