//! The CSMs' forecast calls in the store (SPEC 12): one per account, versioned (a stale write is
//! a conflict, even after the call was taken back and set again), taken back to the model, and
//! put back by undo.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use chrono::NaiveDate;
use csm::domain::{Account, AccountId};
use csm::outcomes::Call;
use csm::store::{Conflict, Store, StoreError};
use csm::test_support::stores::on_each_engine;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// One account in `store`, its id.
fn book(store: &mut Store) -> AccountId {
    let w = store.writer().unwrap();
    let acme = w.insert_account(&Account::named("A-1", "Acme")).unwrap();
    w.commit().unwrap();
    acme
}

#[test]
fn a_call_is_set_changed_taken_back_and_restored() {
    on_each_engine("calls_a_call_is_set_changed_taken_back_a", |mut store| {
        let acme = book(&mut store);
        assert!(store.forecast_calls().unwrap().is_empty());
        assert_eq!(store.forecast_call_version(acme).unwrap(), 0);
        let w = store.writer().unwrap();
        assert_eq!(w.set_forecast_call(acme, Call::Commit, date("2026-12-01"), 0).unwrap(), 1);
        assert_eq!(w.set_forecast_call(acme, Call::Share(0.7), date("2026-12-02"), 1).unwrap(), 2);
        w.commit().unwrap();
        let calls = store.forecast_calls().unwrap();
        assert_eq!(calls.len(), 1);
        assert_eq!(
            (calls[0].call, calls[0].set_on, calls[0].version),
            (Call::Share(0.7), date("2026-12-02"), 2)
        );
        let before = calls[0];
        let w = store.writer().unwrap();
        assert_eq!(w.clear_forecast_call(acme, 2).unwrap(), 3);
        w.commit().unwrap();
        assert!(store.forecast_calls().unwrap().is_empty(), "back on the model");
        assert_eq!(store.forecast_call_version(acme).unwrap(), 3, "the version keeps counting");
        // Undo of the clear puts the call back as it was, day included.
        let w = store.writer().unwrap();
        assert_eq!(w.restore_forecast_call(acme, Some(&before), 3).unwrap(), 4);
        w.commit().unwrap();
        let calls = store.forecast_calls().unwrap();
        assert_eq!((calls[0].call, calls[0].set_on), (Call::Share(0.7), date("2026-12-02")));
    });
}

#[test]
fn a_stale_version_is_refused_and_changes_nothing() {
    on_each_engine("calls_a_stale_version_is_refused_and_cha", |mut store| {
        let acme = book(&mut store);
        let w = store.writer().unwrap();
        w.set_forecast_call(acme, Call::Likely, date("2026-12-01"), 0).unwrap();
        w.clear_forecast_call(acme, 1).unwrap();
        w.commit().unwrap();
        // Read at version 0 (no call yet), written after another writer set and took one back.
        let w = store.writer().unwrap();
        let refused = w.set_forecast_call(acme, Call::Lost, date("2026-12-03"), 0).unwrap_err();
        assert!(matches!(refused, StoreError::Conflict(Conflict::Changed(_))), "{refused}");
        drop(w);
        assert!(store.forecast_calls().unwrap().is_empty());
        assert_eq!(store.forecast_call_version(acme).unwrap(), 2);
    });
}

#[test]
fn a_call_goes_with_its_account() {
    on_each_engine("calls_a_call_goes_with_its_account", |mut store| {
        let acme = book(&mut store);
        let w = store.writer().unwrap();
        w.set_forecast_call(acme, Call::AtRisk, date("2026-12-01"), 0).unwrap();
        w.commit().unwrap();
        // A refused write ends its transaction on a server: it is one of its own.
        let w = store.writer().unwrap();
        let unknown = w.set_forecast_call(AccountId(999), Call::AtRisk, date("2026-12-01"), 0);
        assert!(unknown.is_err(), "no call on an account that does not exist");
        drop(w);
        assert_eq!(store.forecast_calls().unwrap()[0].call, Call::AtRisk);
    });
}

#[test]
fn recording_the_renewal_takes_its_call_back_and_undo_puts_it_back() {
    use csm::domain::{RecordSource, RenewalOutcome, RenewalRecord};
    on_each_engine("calls_recording_the_renewal", |mut store| {
        let w = store.writer().unwrap();
        let account = Account {
            arr_cents: 1_000_000,
            renewal_date: Some(date("2026-12-01")),
            ..Account::named("A-1", "Acme")
        };
        let acme = w.insert_account(&account).unwrap();
        w.set_forecast_call(acme, Call::Commit, date("2026-11-20"), 0).unwrap();
        let account = w.read_accounts().unwrap().remove(0);
        let record = RenewalRecord {
            account_id: acme,
            due: date("2026-12-01"),
            closed_on: date("2026-11-24"),
            outcome: RenewalOutcome::Renewed,
            arr_before: 1_000_000,
            arr_after: 1_100_000,
            note: None,
            source: RecordSource::Recorded,
        };
        let recorded = w.record_renewal(&account, &record, Some(date("2027-12-01"))).unwrap();
        w.commit().unwrap();
        assert!(store.forecast_calls().unwrap().is_empty(), "the next renewal starts on the model");
        let w = store.writer().unwrap();
        w.undo_renewal(&recorded).unwrap();
        w.commit().unwrap();
        let calls = store.forecast_calls().unwrap();
        assert_eq!((calls.len(), calls[0].call), (1, Call::Commit));
    });
}

/// Two workspaces on one server set the first call of an account at once (neither saw a call):
/// the second waits for the first's commit, is told the call changed, and the first call stays.
#[test]
fn two_first_calls_on_a_server_one_wins_and_the_other_is_told() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, mpsc};
    let Some((mut first, mut second)) = csm::test_support::stores::two_on_postgres("calls_race")
    else {
        return;
    };
    let acme = book(&mut first);
    let w = first.writer().unwrap();
    assert_eq!(w.set_forecast_call(acme, Call::Commit, date("2026-12-01"), 0).unwrap(), 1);
    let committed = Arc::new(AtomicBool::new(false));
    let (started, begun) = mpsc::channel();
    let other = {
        let committed = Arc::clone(&committed);
        std::thread::spawn(move || {
            let w = second.writer().unwrap();
            started.send(()).unwrap();
            let result = w.set_forecast_call(acme, Call::Lost, date("2026-12-02"), 0);
            let after_commit = committed.load(Ordering::SeqCst);
            (matches!(result, Err(StoreError::Conflict(Conflict::Changed(_)))), after_commit)
        })
    };
    begun.recv().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    committed.store(true, Ordering::SeqCst);
    w.commit().unwrap();
    let (told, after_commit) = other.join().unwrap();
    assert!(told, "the second first call is told the call changed");
    assert!(after_commit, "the second writer answered before the first committed");
    let calls = first.forecast_calls().unwrap();
    assert_eq!((calls.len(), calls[0].call, calls[0].version), (1, Call::Commit, 1));
}
