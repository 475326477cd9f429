//! The reference of the days of usage to their account on a PostgreSQL server, which triggers
//! hold a statement at a time (migration 14): it binds any client, a hand-written psql session
//! as much as csm, and csm tells its refusal in the same words as before. Runs on the throwaway
//! test cluster; skipped, saying why, where PostgreSQL is not installed.

use postgres::error::SqlState;

use crate::domain::{AccountId, UsageDay};
use crate::store::engine::StoreRow as _;
use crate::store::{ServerUrl, Store};
use crate::test_support::postgres::book;

/// Two accounts (1 and 2), with two days of usage for account 1 and one for account 2.
const ACCOUNTS_AND_DAYS: &str = "
    INSERT INTO account (id, external_id, name) VALUES (1, 'A-1', 'Acme'), (2, 'A-2', 'Bolt');
    INSERT INTO usage (account_id, date, active_users) VALUES
        (1, '2026-01-01', 3), (1, '2026-01-02', 4), (2, '2026-01-01', 5);
";

fn days(client: &mut postgres::Client, account: i64) -> i64 {
    let sql = "SELECT count(*) FROM usage WHERE account_id = $1";
    client.query_one(sql, &[&account]).expect("count").get(0)
}

/// What the server said to a refused statement: its SQLSTATE and detail.
fn refusal(error: &postgres::Error) -> (SqlState, String) {
    let db = error.as_db_error().expect("a refusal of the server");
    (db.code().clone(), db.detail().unwrap_or_default().to_owned())
}

/// A day of an account that does not exist is refused however a plain session writes it: one
/// row, many rows with one orphan among them, a copy, an upsert, an update moving a day to a
/// missing account; and nothing of the refused statement stays.
#[test]
fn a_plain_session_cannot_write_a_day_of_a_missing_account() {
    let Some(db) = book("usage_reference_orphans") else { return };
    let mut client = db.connect();
    client.batch_execute(ACCOUNTS_AND_DAYS).expect("accounts and days");
    let missing = "Key (account_id)=(999) is not present in table \"account\".";
    let refused = [
        "INSERT INTO usage (account_id, date, active_users) VALUES (999, '2026-02-01', 1)",
        "INSERT INTO usage (account_id, date, active_users) \
         SELECT CASE WHEN n = 500 THEN 999 ELSE 1 END, DATE '2027-01-01' + n, 1 \
         FROM generate_series(1, 1000) n",
        "INSERT INTO usage (account_id, date, active_users) VALUES (999, '2026-01-01', 1) \
         ON CONFLICT (account_id, date) DO UPDATE SET active_users = 2",
        "UPDATE usage SET account_id = 999 WHERE account_id = 1 AND date = '2026-01-02'",
    ];
    for sql in refused {
        let error = client.batch_execute(sql).expect_err(sql);
        assert_eq!(refusal(&error), (SqlState::FOREIGN_KEY_VIOLATION, missing.to_owned()), "{sql}");
    }
    let mut copy = client.copy_in("COPY usage FROM STDIN").expect("copy");
    std::io::Write::write_all(&mut copy, b"1\t2026-03-01\t1\t\\N\n999\t2026-03-01\t1\t\\N\n")
        .expect("rows");
    let error = copy.finish().expect_err("an orphan copied");
    assert_eq!(refusal(&error), (SqlState::FOREIGN_KEY_VIOLATION, missing.to_owned()));
    assert_eq!((days(&mut client, 1), days(&mut client, 2), days(&mut client, 999)), (2, 1, 0));
    // What the server takes still goes in: a day moved to another account that exists.
    client
        .batch_execute(
            "UPDATE usage SET account_id = 2 WHERE account_id = 1 AND date = '2026-01-02'",
        )
        .expect("moved to an account that exists");
    assert_eq!((days(&mut client, 1), days(&mut client, 2)), (1, 2));
}

/// An account deleted takes its days (and only its own) with it, by one row or many; emptied
/// with its tables, it empties usage too; its id cannot change under its days.
#[test]
fn deleting_an_account_removes_its_days() {
    let Some(db) = book("usage_reference_cascade") else { return };
    let mut client = db.connect();
    client.batch_execute(ACCOUNTS_AND_DAYS).expect("accounts and days");
    client.batch_execute("DELETE FROM account WHERE id = 1").expect("deleted");
    assert_eq!((days(&mut client, 1), days(&mut client, 2)), (0, 1));

    let error = client.batch_execute("UPDATE account SET id = 3 WHERE id = 2").expect_err("moved");
    let held = "Key (id)=(2) is still referenced from table \"usage\".";
    assert_eq!(refusal(&error), (SqlState::FOREIGN_KEY_VIOLATION, held.to_owned()));
    client.batch_execute("UPDATE account SET name = 'Bolt Inc' WHERE id = 2").expect("renamed");

    client
        .batch_execute(
            "INSERT INTO account (id, external_id, name) VALUES (1, 'A-1', 'Acme'); \
             INSERT INTO usage (account_id, date, active_users) VALUES (1, '2026-01-05', 1)",
        )
        .expect("account 1 again");
    client.batch_execute("DELETE FROM account").expect("all deleted");
    let left: i64 = client.query_one("SELECT count(*) FROM usage", &[]).expect("count").get(0);
    assert_eq!(left, 0);

    client.batch_execute(ACCOUNTS_AND_DAYS).expect("again");
    client.batch_execute("TRUNCATE account CASCADE").expect("emptied");
    let left: i64 = client.query_one("SELECT count(*) FROM usage", &[]).expect("count").get(0);
    assert_eq!(left, 0);
}

/// csm tells the server's refusal of a day of a missing account in the words it used when the
/// reference was declared, which are SQLite's with the account named.
#[test]
fn csm_tells_the_refusal_as_before() {
    let Some(db) = book("usage_reference_words") else { return };
    let url = ServerUrl::parse(&db.url()).expect("url");
    let mut store = Store::connect_to(&url).expect("store");
    let writer = store.writer().expect("writer");
    let day = UsageDay { date: "2026-01-01".parse().expect("date"), active_users: 1, events: None };
    let refused = writer.add_new_usage_days(&[(AccountId(999), day)]).expect_err("refused");
    assert!(refused.is_constraint(), "{refused:?}");
    assert_eq!(refused.to_string(), "store: FOREIGN KEY constraint failed: no account 999");
    drop(writer);
    let writer = store.writer().expect("writer");
    let refused = writer.set_usage_day(AccountId(999), &day).expect_err("refused");
    assert_eq!(refused.to_string(), "store: FOREIGN KEY constraint failed: no account 999");
}

/// Two sessions at once: days written while another session deletes their account never stay
/// behind it. Deleted first (not yet committed), the account makes the days wait, then refuses
/// them; days written first make the delete wait, then go with the account.
#[test]
fn days_and_the_deletion_of_their_account_at_once_leave_no_orphan() {
    let Some(db) = book("usage_reference_race") else { return };
    let mut client = db.connect();
    client.batch_execute(ACCOUNTS_AND_DAYS).expect("accounts and days");
    let later = |sql: &'static str| {
        let db = db.clone();
        std::thread::spawn(move || db.connect().batch_execute(sql))
    };

    let mut deleting = client.transaction().expect("begin");
    deleting.batch_execute("DELETE FROM account WHERE id = 1").expect("deleted, not committed");
    let writing =
        later("INSERT INTO usage (account_id, date, active_users) VALUES (1, '2026-05-01', 1)");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!writing.is_finished(), "the days wait for the deletion to end");
    deleting.commit().expect("committed");
    let error = writing.join().expect("thread").expect_err("refused");
    let missing = "Key (account_id)=(1) is not present in table \"account\".";
    assert_eq!(refusal(&error), (SqlState::FOREIGN_KEY_VIOLATION, missing.to_owned()));
    assert_eq!(days(&mut client, 1), 0);

    let mut writing = client.transaction().expect("begin");
    writing
        .batch_execute(
            "INSERT INTO usage (account_id, date, active_users) VALUES (2, '2026-05-01', 1)",
        )
        .expect("written, not committed");
    let deleting = later("DELETE FROM account WHERE id = 2");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!deleting.is_finished(), "the deletion waits for the days to be committed");
    writing.commit().expect("committed");
    deleting.join().expect("thread").expect("deleted");
    assert_eq!(days(&mut client, 2), 0);
}

/// As with the declared reference, a role may write days with no right on account but reading
/// it, and may delete an account without the right to delete its days by hand: the checks and
/// the cascade run as the tables' owner.
#[test]
fn the_reference_asks_no_more_rights_than_a_declared_one() {
    let Some(db) = book("usage_reference_rights") else { return };
    let mut client = db.connect();
    client.batch_execute(ACCOUNTS_AND_DAYS).expect("accounts and days");
    client
        .batch_execute(
            "CREATE ROLE csm_test_clerk; \
             GRANT SELECT, INSERT, UPDATE ON usage TO csm_test_clerk; \
             GRANT SELECT, DELETE ON account TO csm_test_clerk; \
             SET ROLE csm_test_clerk",
        )
        .expect("a role with few rights");
    client
        .batch_execute(
            "INSERT INTO usage (account_id, date, active_users) VALUES (2, '2026-06-01', 1)",
        )
        .expect("a day written without the right to lock accounts");
    let error = client
        .batch_execute(
            "INSERT INTO usage (account_id, date, active_users) VALUES (999, '2026-06-01', 1)",
        )
        .expect_err("still refused");
    assert_eq!(refusal(&error).0, SqlState::FOREIGN_KEY_VIOLATION);
    client.batch_execute("DELETE FROM account WHERE id = 2").expect("deleted with its days");
    // The functions run as the tables' owner, so no one calls them but their triggers: attached
    // to a table of the caller's own, one would empty usage for a caller with no right on it.
    let error = client
        .batch_execute(
            "CREATE TEMP TABLE mine (id bigint); \
             CREATE TRIGGER mine_empties AFTER TRUNCATE ON mine \
             FOR EACH STATEMENT EXECUTE FUNCTION csm_account_emptied_empties_usage()",
        )
        .expect_err("not the clerk's to call");
    assert_eq!(refusal(&error).0, SqlState::INSUFFICIENT_PRIVILEGE);
    client.batch_execute("RESET ROLE").expect("back");
    assert_eq!(days(&mut client, 2), 0);
    assert_eq!(days(&mut client, 1), 2, "the days of the account kept stay");
}

/// A delete of an account in a transaction reading an older snapshot (REPEATABLE READ) would
/// miss a day committed since and leave it without its account: refused as a serialization
/// failure, nothing deleted. In READ COMMITTED the same delete takes its days; and csm's writer
/// runs in READ COMMITTED even where the server's default is another level.
#[test]
fn an_account_is_deleted_only_where_every_committed_day_is_seen() {
    let Some(db) = book("usage_reference_isolation") else { return };
    let mut client = db.connect();
    client.batch_execute(ACCOUNTS_AND_DAYS).expect("accounts and days");
    let mut older = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .start()
        .expect("begun");
    let error = older.batch_execute("DELETE FROM account WHERE id = 1").expect_err("refused");
    assert_eq!(refusal(&error).0, SqlState::T_R_SERIALIZATION_FAILURE);
    drop(older);
    assert_eq!(days(&mut client, 1), 2, "nothing deleted");
    client.batch_execute("DELETE FROM account WHERE id = 1").expect("deleted");
    assert_eq!(days(&mut client, 1), 0);

    client
        .batch_execute(&format!(
            "ALTER DATABASE \"{}\" SET default_transaction_isolation = 'repeatable read'",
            db.name()
        ))
        .expect("another default");
    let mut store = Store::connect(&db.url()).expect("connected");
    let writer = store.writer().expect("begun");
    let level = writer
        .conn()
        .query_one("SHOW transaction_isolation", &[], |row| row.get_string(0))
        .expect("read")
        .expect("a level");
    assert_eq!(level, "read committed");
}
