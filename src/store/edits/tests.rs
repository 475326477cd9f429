//! The version check made by the writing statement itself, and the revisions bumped at commit.

use rusqlite::params;

use super::Conflict;
use crate::domain::{Account, AccountId, Priority, Todo, TodoId, TodoStatus};
use crate::store::{Store, StoreError};

fn conflict(result: Result<impl std::fmt::Debug, StoreError>) -> Conflict {
    match result {
        Err(StoreError::Conflict(c)) => c,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn book_of(accounts: usize) -> (Store, Vec<AccountId>) {
    let mut store = Store::open_in_memory().unwrap();
    let w = store.writer().unwrap();
    let ids = (0..accounts)
        .map(|n| w.insert_account(&Account::named(format!("A-{n}"), format!("Account {n}"))))
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    w.commit().unwrap();
    (store, ids)
}

#[test]
fn a_stale_write_changes_nothing_even_past_the_read_check() {
    let (mut store, ids) = book_of(1);
    let read = Account { id: ids[0], ..Account::named("A-0", "Account 0") };
    // Someone else's edit, committed after `read` was read.
    let w = store.writer().unwrap();
    w.edit_account(&Account { name: "Acme Corp".into(), ..read.clone() }).unwrap();
    w.commit().unwrap();
    // A write made on the old version that no read refused (two writers interleaving where
    // the engine lets them): the statement refuses it, and wrote nothing.
    let w = store.writer().unwrap();
    let stale = w.update_account_at(&Account { name: "Acme Inc".into(), ..read }, Some(0));
    assert_eq!(conflict(stale), Conflict::Changed("account"));
    let stored: (String, i64) = w
        .tx()
        .unwrap()
        .query_row("SELECT name, version FROM account WHERE id = ?1", [ids[0].0], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(stored, ("Acme Corp".to_owned(), 1));
}

#[test]
fn a_write_on_a_row_deleted_since_is_told_deleted() {
    let (mut store, ids) = book_of(1);
    let todo = Todo {
        id: TodoId(0),
        account_id: Some(ids[0]),
        title: "Call the sponsor".into(),
        notes: None,
        due: None,
        priority: Priority::Normal,
        status: TodoStatus::Open,
        snoozed_until: None,
        rule: None,
        created_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        completed_on: None,
        version: 0,
    };
    let w = store.writer().unwrap();
    let id = w.insert_todo(&todo).unwrap();
    w.commit().unwrap();
    let w = store.writer().unwrap();
    w.delete_todo(id, 0).unwrap();
    let sql = "UPDATE todo SET title = ?2, version = version + 1 WHERE id = ?1";
    let late = w.write_at("todo", id.0, Some(0), sql, params![id.0, "Too late"]);
    assert_eq!(conflict(late), Conflict::Deleted("todo"));
    // The right version writes, once.
    let w2 = w.insert_todo(&todo).unwrap();
    w.write_at("todo", w2.0, Some(0), sql, params![w2.0, "Again"]).unwrap();
    let again = w.write_at("todo", w2.0, Some(0), sql, params![w2.0, "Twice"]);
    assert_eq!(conflict(again), Conflict::Changed("todo"));
}

#[test]
fn a_commit_bumps_each_touched_account_once_however_many_there_are() {
    for (engine, store) in crate::store::testing::stores("bump_revisions") {
        bumps_each_touched_account_once(engine, store);
    }
}

fn bumps_each_touched_account_once(engine: &str, mut store: Store) {
    // More accounts than one bumping statement takes, and a remainder.
    let w = store.writer().unwrap();
    let ids = (0..1_201)
        .map(|n| w.insert_account(&Account::named(format!("A-{n}"), format!("Account {n}"))))
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    w.commit().unwrap();
    let before: Vec<i64> =
        ids.iter().map(|&id| store.account_revision(id).unwrap().unwrap()).collect();
    let w = store.writer().unwrap();
    for &id in ids.iter().step_by(2) {
        w.touch(id);
    }
    w.touch(ids[0]);
    w.commit().unwrap();
    for (n, (&id, was)) in ids.iter().zip(before).enumerate() {
        let now = store.account_revision(id).unwrap().unwrap();
        assert_eq!(now, was + i64::from(n % 2 == 0), "{engine}: account {n}");
    }
}
