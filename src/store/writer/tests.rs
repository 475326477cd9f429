//! What a person reads when the book refuses a write, on each engine, and a change whose write
//! was refused never reported saved.

use crate::domain::{Account, AccountId, Priority, Todo, TodoId, TodoStatus};
use crate::store::testing::stores;
use crate::store::{Store, StoreError};

/// The refusal of `write`, tried in a transaction of its own (dropped after).
fn refusal(
    store: &mut Store,
    write: impl FnOnce(&super::BookWriter<'_>) -> Result<(), StoreError>,
) -> StoreError {
    let w = store.writer().unwrap();
    let refused = write(&w).expect_err("refused");
    assert!(refused.is_constraint(), "{refused:?}");
    refused
}

fn todo_of(account: AccountId) -> Todo {
    Todo {
        id: TodoId(0),
        account_id: Some(account),
        title: "Call".into(),
        notes: None,
        due: None,
        priority: Priority::Normal,
        status: TodoStatus::Open,
        snoozed_until: None,
        rule: None,
        created_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        completed_on: None,
        version: 0,
    }
}

#[test]
fn a_refused_write_reads_the_same_on_both_engines_without_the_row() {
    for (engine, mut store) in stores("refusal_words") {
        let w = store.writer().unwrap();
        w.insert_account(&Account::named("A-1", "Acme")).unwrap();
        w.commit().unwrap();

        let taken = refusal(&mut store, |w| {
            w.insert_account(&Account::named("A-1", "Acme again")).map(drop)
        });
        assert_eq!(
            taken.to_string(),
            "store: UNIQUE constraint failed: account.external_id",
            "{engine}"
        );

        let negative = Account { arr_cents: -5, ..Account::named("A-2", "Globex") };
        let negative = refusal(&mut store, |w| w.insert_account(&negative).map(drop)).to_string();
        assert!(negative.starts_with("store: CHECK constraint failed: "), "{engine}: {negative}");
        assert!(negative.contains("arr_cents"), "{engine}: {negative}");
        assert!(!negative.contains("Globex"), "{engine}: the refused row is not shown: {negative}");

        let nowhere = refusal(&mut store, |w| w.insert_todo(&todo_of(AccountId(999))).map(drop));
        let nowhere = nowhere.to_string();
        assert!(nowhere.starts_with("store: FOREIGN KEY constraint failed"), "{engine}: {nowhere}");
    }
}

/// SQLite goes on after a refused statement; PostgreSQL ends the transaction there, and its
/// COMMIT would roll back without a word: the commit says nothing was saved instead.
#[test]
fn a_commit_after_a_refused_write_on_a_server_says_nothing_was_saved() {
    for (engine, mut store) in stores("commit_after_refusal") {
        let w = store.writer().unwrap();
        let kept = w.insert_account(&Account::named("A-1", "Acme")).unwrap();
        assert!(w.insert_account(&Account::named("A-1", "Twice")).is_err(), "{engine}");
        let committed = w.commit();
        match engine {
            "postgres" => {
                let told = committed.expect_err("not saved").to_string();
                assert!(told.contains("none of it was saved"), "{engine}: {told}");
                assert_eq!(store.account(kept).unwrap(), None, "{engine}");
            }
            _ => {
                committed.unwrap();
                assert!(store.account(kept).unwrap().is_some(), "{engine}");
            }
        }
    }
}
