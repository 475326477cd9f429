//! A connection lost mid-session, on the throwaway cluster: the session is ended from another
//! connection as a server restart or an administrator would end it, and the store is used on.

use std::time::{Duration, Instant};

use crate::domain::Account;
use crate::store::{Store, StoreError};
use crate::test_support::postgres::{TestDatabase, book};

/// Ends every csm session on `db` from another connection; how many were ended.
fn end_sessions(db: &TestDatabase) -> i64 {
    let mut admin = db.connect();
    let row = admin
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
             WHERE application_name = 'csm' AND datname = current_database() \
             AND pid <> pg_backend_pid()",
            &[],
        )
        .expect("end the sessions");
    let ended: i64 = row.get(0);
    // The server ends a session after answering; wait until it is gone for certain.
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(5) {
        let left: i64 = admin
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'csm' \
                 AND datname = current_database()",
                &[],
            )
            .expect("count")
            .get(0);
        if left == 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    ended
}

fn names(store: &Store) -> Vec<String> {
    store.accounts().expect("accounts").into_iter().map(|a| a.name).collect()
}

fn add(store: &mut Store, name: &str) -> Result<(), StoreError> {
    let writer = store.writer()?;
    writer.insert_account(&Account::named(format!("X-{name}"), name))?;
    writer.commit()
}

/// The edit in flight when the connection goes is refused as lost and leaves nothing; the next
/// one connects again and is saved.
#[test]
fn an_edit_in_flight_when_the_connection_goes_is_lost_and_the_next_is_saved() {
    let Some(db) = book("reconnect_in_flight") else { return };
    let mut store = Store::connect(&db.url()).expect("connected");
    add(&mut store, "Before").expect("saved");
    let writer = store.writer().expect("begun");
    assert_eq!(end_sessions(&db), 1);
    let error = writer
        .insert_account(&Account::named("X-Lost", "Lost"))
        .and_then(|_| writer.commit())
        .expect_err("the connection is gone");
    assert!(matches!(error, StoreError::ConnectionLost { .. }), "{error:?}");
    let said = error.to_string();
    assert!(said.contains("nothing of this action was saved") && !said.contains('\n'), "{said}");
    add(&mut store, "After").expect("connected again and saved");
    assert_eq!(names(&store), ["Before", "After"]);
}

/// A loss found inside a writer's transaction stays an error until the transaction ends: no
/// statement of it runs on a new connection, where it would be half a transaction.
#[test]
fn a_loss_inside_a_transaction_is_never_retried_on_a_new_connection() {
    let Some(db) = book("reconnect_no_half") else { return };
    let mut store = Store::connect(&db.url()).expect("connected");
    let writer = store.writer().expect("begun");
    writer.insert_account(&Account::named("X-1", "First")).expect("first of two");
    end_sessions(&db);
    let second = writer.insert_account(&Account::named("X-2", "Second"));
    assert!(matches!(second, Err(StoreError::ConnectionLost { .. })), "{second:?}");
    let third = writer.insert_account(&Account::named("X-3", "Third"));
    assert!(matches!(third, Err(StoreError::ConnectionLost { .. })), "{third:?}");
    let commit = writer.commit();
    assert!(matches!(commit, Err(StoreError::ConnectionLost { .. })), "{commit:?}");
    assert!(names(&store).is_empty(), "nothing of the transaction was saved");
}

/// A connection lost while idle (a server restarted overnight) costs nothing: the next read
/// and the next write find it gone before they start, connect again and run.
#[test]
fn a_connection_lost_while_idle_is_replaced_by_the_next_read_or_write() {
    let Some(db) = book("reconnect_idle") else { return };
    let mut store = Store::connect(&db.url()).expect("connected");
    add(&mut store, "Acme").expect("saved");
    end_sessions(&db);
    assert_eq!(names(&store), ["Acme"], "the read ran again on a new connection");
    end_sessions(&db);
    add(&mut store, "Globex").expect("the write began on a new connection");
    end_sessions(&db);
    let seen = store.snapshot(|s| Ok(names(s))).expect("a snapshot begun on a new connection");
    assert_eq!(seen, ["Acme", "Globex"]);
}

/// A server that is gone for good (here its database): the store says so in one line, without
/// a panic or a wait, and the actions right after fail at once instead of each waiting for the
/// server again.
#[test]
fn a_server_gone_for_good_is_told_at_once() {
    let Some(db) = book("reconnect_gone") else { return };
    let mut store = Store::connect(&db.url()).expect("connected");
    add(&mut store, "Acme").expect("saved");
    let mut admin = db.config().dbname("postgres").connect(postgres::NoTls).expect("admin");
    admin
        .batch_execute(&format!("DROP DATABASE \"{}\" WITH (FORCE)", db.name()))
        .expect("drop the book");
    let started = Instant::now();
    let first = store.accounts().expect_err("no book to connect to");
    let said = first.to_string();
    assert!(said.contains(db.name()) && !said.contains('\n'), "{said}");
    let second = add(&mut store, "Globex").expect_err("still gone");
    assert!(matches!(second, StoreError::ConnectionLost { .. }), "{second:?}");
    assert!(second.to_string().contains("nothing of this action was saved"), "{second}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

/// A connection lost while the commit itself is on its way: the server may have kept the
/// transaction or not, and the store says that it cannot tell rather than "nothing was saved".
/// The commit is held on the server by a deferred trigger that sleeps, and the session is ended
/// during that sleep from another connection.
#[test]
fn a_connection_lost_during_the_commit_is_told_as_not_known() {
    let Some(db) = book("reconnect_commit") else { return };
    db.connect()
        .batch_execute(
            "CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN PERFORM pg_sleep(5); RETURN NULL; END $$; \
             CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON account \
             DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()",
        )
        .expect("a commit that takes its time");
    let mut store = Store::connect(&db.url()).expect("connected");
    let writer = store.writer().expect("begun");
    writer.insert_account(&Account::named("X-1", "Pending")).expect("written, not committed");
    let ender = std::thread::spawn({
        let db = db.clone();
        move || {
            std::thread::sleep(Duration::from_millis(500));
            end_sessions(&db)
        }
    });
    let commit = writer.commit().expect_err("the connection went during the commit");
    assert_eq!(ender.join().expect("ended"), 1);
    assert!(matches!(commit, StoreError::CommitLost { .. }), "{commit:?}");
    let said = commit.to_string();
    assert!(said.contains("cannot be told") && !said.contains("nothing of"), "{said}");
    // Here the server never committed it, and the next read, on a new connection, shows so.
    assert!(names(&store).is_empty());
}
