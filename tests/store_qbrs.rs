//! QBR records in the store (SPEC 9): versioned (a stale write is a conflict), one open QBR per
//! account with the held ones kept as history, and marking one held logging its `qbr`
//! interaction in the same transaction, which putting it back to open removes again.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use chrono::NaiveDate;
use csm::domain::{Account, AccountId, InteractionKind};
use csm::qbr::deck::{DeckChoices, PlanAction};
use csm::qbr::record::QbrRecord;
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

fn planned(account: AccountId) -> QbrRecord {
    QbrRecord {
        planned_on: Some(date("2026-12-10")),
        guests: vec!["Dana (our VP)".into()],
        choices: DeckChoices {
            summary: Some("A <b>good</b> quarter".into()),
            asks: vec!["An executive sponsor".into()],
            joint_plan: vec![PlanAction {
                action: "Roll out to finance".into(),
                customer_owner: "Ana".into(),
                our_owner: "Sam".into(),
                due: Some(date("2027-02-01")),
            }],
            ..DeckChoices::default()
        },
        ..QbrRecord::new(account)
    }
}

#[test]
fn a_qbr_round_trips_with_its_choices_and_every_edit_names_its_version() {
    on_each_engine("qbr_a_qbr_round_trips_with_its_choices_a", |mut store| {
        let acme = book(&mut store);
        let w = store.writer().unwrap();
        let stored = w.insert_qbr(&planned(acme), false).unwrap();
        w.commit().unwrap();
        assert!(stored.stored());
        assert_eq!(store.open_qbr(acme).unwrap(), Some(stored.clone()));

        let w = store.writer().unwrap();
        let mut edited = stored.clone();
        edited.choices.asks.push("A reference call".into());
        assert_eq!(w.update_qbr(&edited).unwrap(), 1);
        // The same version again is stale: someone wrote since it was read.
        let err = w.update_qbr(&edited).unwrap_err();
        assert!(matches!(err, StoreError::Conflict(Conflict::Changed("QBR"))), "{err:?}");
        w.commit().unwrap();
        let read = store.open_qbr(acme).unwrap().unwrap();
        assert_eq!(read.version, 1);
        assert_eq!(read.choices.asks, ["An executive sponsor", "A reference call"]);

        let w = store.writer().unwrap();
        let err = w.delete_qbr(read.id, 0).unwrap_err();
        assert!(matches!(err, StoreError::Conflict(Conflict::Changed("QBR"))), "{err:?}");
        w.delete_qbr(read.id, 1).unwrap();
        w.commit().unwrap();
        assert_eq!(store.open_qbr(acme).unwrap(), None);
    });
}

#[test]
fn one_open_qbr_per_account_and_held_ones_stay_as_history() {
    on_each_engine("qbr_one_open_qbr_per_account_and_held_on", |mut store| {
        let acme = book(&mut store);
        let w = store.writer().unwrap();
        let first = w.insert_qbr(&planned(acme), false).unwrap();
        let err = w.insert_qbr(&planned(acme), false).unwrap_err();
        assert!(matches!(err, StoreError::Conflict(Conflict::Exists("open QBR"))), "{err:?}");
        let held = w.hold_qbr(&first, date("2026-12-10"), "Quarterly business review").unwrap();
        // Held, it leaves room for the next one.
        let next = w.insert_qbr(&planned(acme), false).unwrap();
        w.commit().unwrap();

        let all = store.qbrs(acme).unwrap();
        assert_eq!(all.iter().map(|q| q.id).collect::<Vec<_>>(), [next.id, first.id]);
        assert_eq!(store.open_qbr(acme).unwrap().unwrap().id, next.id);
        assert_eq!(all[1].held_on, Some(date("2026-12-10")));

        // The held one was logged as a qbr interaction dated that day.
        let logged: Vec<_> = store
            .interactions(acme)
            .unwrap()
            .into_iter()
            .filter(|i| i.kind == InteractionKind::Qbr)
            .collect();
        assert_eq!(logged.len(), 1);
        assert_eq!(logged[0].date, date("2026-12-10"));
        assert_eq!(Some(logged[0].id), held.interaction);
        assert_eq!(logged[0].body.as_deref(), Some("Also attending: Dana (our VP)"));

        // Put back to open while another is open: refused; the first deleted, it goes back and
        // its interaction leaves the timeline.
        let w = store.writer().unwrap();
        let reopened = QbrRecord { held_on: None, ..held.clone() };
        let err = w.update_qbr(&reopened).unwrap_err();
        assert!(matches!(err, StoreError::Conflict(Conflict::Exists("open QBR"))), "{err:?}");
        w.delete_qbr(next.id, 0).unwrap();
        w.update_qbr(&reopened).unwrap();
        w.commit().unwrap();
        assert!(store.interactions(acme).unwrap().iter().all(|i| i.kind != InteractionKind::Qbr));
        let open = store.open_qbr(acme).unwrap().unwrap();
        assert_eq!((open.id, open.interaction), (first.id, None));
    });
}

/// The demo book as of `as_of`, written by the binary.
fn demo(dir: &std::path::Path, as_of: &str) -> std::path::PathBuf {
    let db = dir.join("book.db");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_csm"))
        .args(["demo", "--no-open", "--as-of", as_of, "--db"])
        .arg(&db)
        .status()
        .unwrap();
    assert!(status.success());
    db
}

/// The open todos of the quarterly business review (the `qbr-enterprise` cadence rule) of
/// `account` after the playbooks run at `as_of`.
fn review_todos(db: &std::path::Path, as_of: &str, account: AccountId) -> usize {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_csm"))
        .args(["--as-of", as_of, "--db"])
        .arg(db)
        .args(["playbooks", "run"])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let store = Store::open(db).unwrap();
    let todos = store.todos(account).unwrap();
    todos.iter().filter(|t| t.title.contains("2027-Q1 business review")).count()
}

#[test]
fn a_qbr_marked_held_meets_the_quarterly_review_cadence() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "2026-11-24");
    let mut store = Store::open(&db).unwrap();
    let accounts = store.accounts().unwrap();
    let named = |name: &str| accounts.iter().find(|a| a.name == name).unwrap().id;
    let (held, other) = (named("Halvorsen Maritime"), named("Northwind Logistics"));
    // Held on the first days of the next quarter: that quarter's review is on the timeline.
    let w = store.writer().unwrap();
    let open = w.insert_qbr(&QbrRecord::new(held), false).unwrap();
    w.hold_qbr(&open, date("2027-01-04"), "Quarterly business review").unwrap();
    w.commit().unwrap();
    drop(store);
    assert_eq!(review_todos(&db, "2027-01-05", held), 0, "met by the QBR held");
    assert_eq!(review_todos(&db, "2027-01-05", other), 1, "an enterprise account without one");
}
