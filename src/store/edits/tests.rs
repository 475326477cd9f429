//! The version check made by the writing statement itself, the revisions bumped at commit, ids
//! put back by undo, and two writers interleaving on a server.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use super::Conflict;
use crate::domain::{Account, AccountId, Priority, Todo, TodoId, TodoStatus};
use crate::store::engine::{StoreRow as _, sql_params};
use crate::store::testing::{stores, two_on_postgres};
use crate::store::{Store, StoreError};

fn conflict(result: Result<impl std::fmt::Debug, StoreError>) -> Conflict {
    match result {
        Err(StoreError::Conflict(c)) => c,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn with_accounts(store: &mut Store, accounts: usize) -> Vec<AccountId> {
    let w = store.writer().unwrap();
    let ids = (0..accounts)
        .map(|n| w.insert_account(&Account::named(format!("A-{n}"), format!("Account {n}"))))
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    w.commit().unwrap();
    ids
}

fn todo(account: AccountId, title: &str) -> Todo {
    Todo {
        id: TodoId(0),
        account_id: Some(account),
        title: title.into(),
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
fn a_stale_write_changes_nothing_even_past_the_read_check() {
    for (engine, mut store) in stores("stale_write") {
        let ids = with_accounts(&mut store, 1);
        let read = Account { id: ids[0], ..Account::named("A-0", "Account 0") };
        // Someone else's edit, committed after `read` was read.
        let w = store.writer().unwrap();
        w.edit_account(&Account { name: "Acme Corp".into(), ..read.clone() }).unwrap();
        w.commit().unwrap();
        // A write made on the old version that no read refused (two writers interleaving where
        // the engine lets them): the statement refuses it, and wrote nothing.
        let w = store.writer().unwrap();
        let stale = w.update_account_at(&Account { name: "Acme Inc".into(), ..read }, Some(0));
        assert_eq!(conflict(stale), Conflict::Changed("account"), "{engine}");
        let stored = w
            .conn()
            .query_one(
                "SELECT name, version FROM account WHERE id = ?1",
                sql_params![ids[0].0],
                |r| Ok((r.get_string(0)?, r.get_i64(1)?)),
            )
            .unwrap();
        assert_eq!(stored, Some(("Acme Corp".to_owned(), 1)), "{engine}");
    }
}

#[test]
fn a_write_on_a_row_deleted_since_is_told_deleted() {
    for (engine, mut store) in stores("deleted_since") {
        let ids = with_accounts(&mut store, 1);
        let todo = todo(ids[0], "Call the sponsor");
        let w = store.writer().unwrap();
        let id = w.insert_todo(&todo).unwrap();
        w.commit().unwrap();
        let w = store.writer().unwrap();
        w.delete_todo(id, 0).unwrap();
        let sql = "UPDATE todo SET title = ?2, version = version + 1 WHERE id = ?1";
        let late = w.write_at("todo", id.0, Some(0), sql, sql_params![id.0, "Too late"]);
        assert_eq!(conflict(late), Conflict::Deleted("todo"), "{engine}");
        // The right version writes, once.
        let w2 = w.insert_todo(&todo).unwrap();
        w.write_at("todo", w2.0, Some(0), sql, sql_params![w2.0, "Again"]).unwrap();
        let again = w.write_at("todo", w2.0, Some(0), sql, sql_params![w2.0, "Twice"]);
        assert_eq!(conflict(again), Conflict::Changed("todo"), "{engine}");
    }
}

#[test]
fn an_undone_delete_keeps_its_id_and_later_inserts_get_new_ones() {
    for (engine, mut store) in stores("restore_ids") {
        let ids = with_accounts(&mut store, 1);
        let w = store.writer().unwrap();
        let first = w.insert_todo(&todo(ids[0], "Call the sponsor")).unwrap();
        w.commit().unwrap();
        let deleted = store.todo(first).unwrap().unwrap();
        let w = store.writer().unwrap();
        w.delete_todo(first, 0).unwrap();
        w.commit().unwrap();
        // Undo: back under its own id, then an ordinary insert beside it.
        let w = store.writer().unwrap();
        w.restore_todo(&deleted).unwrap();
        let next = w.insert_todo(&todo(ids[0], "Send the deck")).unwrap();
        // A todo put back under an id never handed out here (a book copied in with its ids):
        // the inserts after it go past it rather than into it.
        let far = TodoId(next.0 + 3);
        w.restore_todo(&Todo { id: far, ..todo(ids[0], "Copied in") }).unwrap();
        let later: Vec<TodoId> =
            (0..5).map(|n| w.insert_todo(&todo(ids[0], &format!("Later {n}"))).unwrap()).collect();
        w.commit().unwrap();
        assert_eq!(store.todo(first).unwrap(), Some(deleted), "{engine}");
        assert_ne!(next, first, "{engine}");
        assert!(later.iter().all(|id| *id != far && *id != first && *id != next), "{engine}");
        assert_eq!(store.todos(ids[0]).unwrap().len(), 8, "{engine}");
    }
}

#[test]
fn a_commit_bumps_each_touched_account_once_however_many_there_are() {
    for (engine, store) in stores("bump_revisions") {
        bumps_each_touched_account_once(engine, store);
    }
}

fn bumps_each_touched_account_once(engine: &str, mut store: Store) {
    // More accounts than one bumping statement takes, and a remainder.
    let ids = with_accounts(&mut store, 1_201);
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

/// Two workspaces on one server edit the same todo from the same version: the second waits on
/// the first's row lock until it commits, then is told the todo changed; the first's edit stays.
#[test]
fn two_writers_on_a_server_the_second_waits_and_is_told_it_changed() {
    let Some((mut first, mut second)) = two_on_postgres("interleave") else {
        return;
    };
    let ids = with_accounts(&mut first, 1);
    let w = first.writer().unwrap();
    let id = w.insert_todo(&todo(ids[0], "Call the sponsor")).unwrap();
    w.commit().unwrap();
    let read = first.todo(id).unwrap().unwrap();

    let w = first.writer().unwrap();
    assert_eq!(w.update_todo(&Todo { title: "First".into(), ..read.clone() }).unwrap(), 1);
    let committed = Arc::new(AtomicBool::new(false));
    let (started, begun) = mpsc::channel();
    let other = {
        let committed = Arc::clone(&committed);
        let read = read.clone();
        std::thread::spawn(move || {
            let w = second.writer().unwrap();
            started.send(()).unwrap();
            let result = w.update_todo(&Todo { title: "Second".into(), ..read });
            // Read the moment the second writer got its answer.
            let after_commit = committed.load(Ordering::SeqCst);
            (conflict(result), after_commit)
        })
    };
    begun.recv().unwrap();
    // Long enough for the second writer to reach the row and wait on it.
    std::thread::sleep(Duration::from_millis(300));
    committed.store(true, Ordering::SeqCst);
    w.commit().unwrap();
    let (told, after_commit) = other.join().unwrap();
    assert_eq!(told, Conflict::Changed("todo"));
    assert!(after_commit, "the second writer answered before the first committed");
    let stored = first.todo(id).unwrap().unwrap();
    assert_eq!((stored.title.as_str(), stored.version), ("First", 1), "nothing lost");
}
