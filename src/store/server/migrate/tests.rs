//! The migrations on the throwaway cluster: made once, found done, brought up from an older
//! version, refused over a newer or another program's, and two at once.

use std::path::PathBuf;

use super::*;
use crate::store::server::location::ServerUrl;
use crate::test_support::postgres::{TestDatabase, database};

fn target(db: &TestDatabase) -> Target {
    ServerUrl::parse(&db.url()).expect("url").resolve(&|_| None).expect("target")
}

#[test]
fn the_migrations_are_the_files_and_reach_the_sqlite_version() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("migrations/postgres");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort_by_key(|name| {
        name.trim_start_matches('V').split('_').next().and_then(|v| v.parse::<i64>().ok())
    });
    let embedded: Vec<String> =
        MIGRATIONS.iter().map(|m| format!("V{}__{}.sql", m.version, m.name)).collect();
    assert_eq!(embedded, files, "every file of migrations/postgres/ is embedded, in order");
    assert_eq!(latest(), i64::try_from(crate::store::LATEST_VERSION).expect("small"));
}

#[test]
fn init_makes_the_schema_once_and_the_check_passes() {
    let Some(db) = database("init_once") else { return };
    let (mut client, target) = (db.connect(), target(&db));
    let error = check_schema(&mut client, &target).expect_err("no schema yet");
    assert!(error.to_string().contains("run `csm server init --db postgres://"), "{error}");
    assert_eq!(init(&mut client, &target).expect("init"), SchemaChange::Created { version: 14 });
    assert_eq!(init(&mut client, &target).expect("again"), SchemaChange::AlreadyAt { version: 14 });
    assert_eq!(
        migrate(&mut client, &target).expect("migrate"),
        SchemaChange::AlreadyAt { version: 14 }
    );
    check_schema(&mut client, &target).expect("this csm's version");
    let accounts: i64 =
        client.query_one("SELECT count(*) FROM account", &[]).expect("a table").get(0);
    assert_eq!(accounts, 0);
}

#[test]
fn an_older_schema_is_refused_until_migrated() {
    let Some(db) = database("older_schema") else { return };
    let (mut client, target) = (db.connect(), target(&db));
    apply_through(&mut client, 0, 12).expect("version 12");
    let error = check_schema(&mut client, &target).expect_err("older");
    let said = error.to_string();
    assert!(said.contains("schema 12, older than this csm's 14"), "{said}");
    assert!(said.contains("csm server migrate --db postgres://"), "{said}");
    assert!(matches!(init(&mut client, &target), Err(ServerError::Older { .. })));
    let change = migrate(&mut client, &target).expect("migrated");
    assert_eq!(change, SchemaChange::Migrated { from: 12, to: 14 });
    assert_eq!(change.to_string(), "migrated 12 → 14");
    check_schema(&mut client, &target).expect("up to date");
}

#[test]
fn a_newer_schema_stops_this_csm() {
    let Some(db) = database("newer_schema") else { return };
    let (mut client, target) = (db.connect(), target(&db));
    init(&mut client, &target).expect("init");
    client
        .batch_execute(&format!(
            "INSERT INTO {HISTORY} (version, name, checksum) VALUES (15, 'later', 'x')"
        ))
        .expect("a later csm's migration");
    let error = check_schema(&mut client, &target).expect_err("newer");
    assert!(error.to_string().contains("schema 15, made by a newer csm"), "{error}");
    assert!(matches!(migrate(&mut client, &target), Err(ServerError::Newer { found: 15, .. })));
    assert!(matches!(init(&mut client, &target), Err(ServerError::Newer { .. })));
}

#[test]
fn another_program_s_tables_are_left_alone() {
    let Some(db) = database("foreign_tables") else { return };
    let (mut client, target) = (db.connect(), target(&db));
    client.batch_execute("CREATE TABLE invoices (id int)").expect("table");
    let error = init(&mut client, &target).expect_err("foreign");
    assert!(error.to_string().contains("tables of another program (invoices)"), "{error}");
    assert!(matches!(migrate(&mut client, &target), Err(ServerError::NoSchema { .. })));
    assert!(matches!(check_schema(&mut client, &target), Err(ServerError::NoSchema { .. })));
}

#[test]
fn a_migration_changed_after_it_was_applied_is_refused() {
    let Some(db) = database("diverged_schema") else { return };
    let (mut client, target) = (db.connect(), target(&db));
    apply_through(&mut client, 0, 12).expect("version 12");
    client
        .batch_execute(&format!("UPDATE {HISTORY} SET checksum = 'other' WHERE version = 12"))
        .expect("changed");
    let error = migrate(&mut client, &target).expect_err("diverged");
    assert!(matches!(error, ServerError::Diverged { version: 12, .. }), "{error:?}");
}

/// Two `csm server init` at once: one makes the schema, the other waits for the lock and then
/// finds it made.
#[test]
fn two_inits_at_once_make_the_schema_once() {
    let Some(db) = database("two_inits") else { return };
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let (db, barrier) = (db.clone(), barrier.clone());
            std::thread::spawn(move || {
                let (mut client, target) = (db.connect(), target(&db));
                barrier.wait();
                init(&mut client, &target).expect("init")
            })
        })
        .collect();
    let mut changes: Vec<SchemaChange> =
        runs.into_iter().map(|run| run.join().expect("thread")).collect();
    changes.sort_by_key(|c| matches!(c, SchemaChange::AlreadyAt { .. }));
    assert_eq!(
        changes,
        [SchemaChange::Created { version: 14 }, SchemaChange::AlreadyAt { version: 14 }]
    );
}

/// A migration that fails changes nothing: the history and the tables stay as they were.
#[test]
fn a_failed_migration_changes_nothing() {
    let Some(db) = database("failed_migration") else { return };
    let (mut client, target) = (db.connect(), target(&db));
    apply_through(&mut client, 0, 12).expect("version 12");
    // A table in the way of V13's.
    client.batch_execute("CREATE TABLE forecast_call (x int)").expect("in the way");
    let error = migrate(&mut client, &target).expect_err("failed");
    assert!(error.to_string().contains("nothing was changed"), "{error}");
    let version: i64 = client
        .query_one(&format!("SELECT max(version)::int8 FROM {HISTORY}"), &[])
        .expect("history")
        .get(0);
    assert_eq!(version, 12);
}
