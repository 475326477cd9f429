//! Backups taken while other connections write, and checks of sound, inconsistent and damaged
//! files.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{BackupError, Problem, check};
use crate::demo::{DemoOptions, generate};
use crate::store::{LATEST_VERSION, Store};

/// A small demo book in a file: (directory, path, open store).
fn book() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.db");
    let mut store = Store::create(&path).unwrap();
    let as_of = "2026-11-24".parse().unwrap();
    generate(&mut store, &DemoOptions { accounts: 8, seed: 3, as_of, years: 3 }).unwrap();
    (dir, path, store)
}

fn add_account(conn: &Connection, external_id: &str) {
    conn.execute(
        "INSERT INTO account (external_id, name) VALUES (?1, 'Late Arrival')",
        [external_id],
    )
    .unwrap();
}

fn accounts_in(path: &Path) -> usize {
    Store::open(path).unwrap().account_count().unwrap()
}

#[test]
fn a_backup_is_a_sound_store_with_the_same_book() {
    let (dir, path, store) = book();
    let before = std::fs::read(&path).unwrap();
    let dest = dir.path().join("copy.db");
    let report = store.backup(&dest, false).unwrap();
    assert_eq!(report.path, dest);
    assert_eq!(report.bytes, std::fs::metadata(&dest).unwrap().len());
    assert!(check(&dest).unwrap().is_intact());
    assert_eq!(accounts_in(&dest), store.account_count().unwrap());
    // The source is read, never written.
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("partial") || name.starts_with("copy.db-"))
        .collect();
    assert!(left.is_empty(), "the partial copy was renamed, its journal removed: {left:?}");
}

#[cfg(unix)]
#[test]
fn a_backup_is_private() {
    use std::os::unix::fs::PermissionsExt as _;
    let (dir, _path, store) = book();
    let dest = dir.path().join("copy.db");
    store.backup(&dest, false).unwrap();
    let mode = std::fs::metadata(&dest).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_write_held_open_during_the_backup_stays_out_of_it() {
    let (dir, path, store) = book();
    let accounts = store.account_count().unwrap();
    let writer = Connection::open(&path).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    add_account(&writer, "uncommitted");
    let dest = dir.path().join("copy.db");
    let mut steps = 0;
    store.backup_in_steps(&dest, false, 2, |_| steps += 1).unwrap();
    writer.execute_batch("COMMIT").unwrap();
    assert!(steps > 1, "the copy went in several steps");
    assert_eq!(accounts_in(&dest), accounts);
    assert_eq!(store.account_count().unwrap(), accounts + 1);
    assert!(check(&dest).unwrap().is_intact());
    assert!(check(&path).unwrap().is_intact());
}

#[test]
fn a_commit_between_steps_restarts_the_copy_on_the_new_state() {
    let (dir, path, store) = book();
    let accounts = store.account_count().unwrap();
    let writer = Connection::open(&path).unwrap();
    let dest = dir.path().join("copy.db");
    let mut steps = 0;
    let report = store
        .backup_in_steps(&dest, false, 2, |_| {
            steps += 1;
            // Commits in the middle of the copy, twice: each makes SQLite start over.
            if steps == 3 || steps == 6 {
                add_account(&writer, &format!("late-{steps}"));
            }
        })
        .unwrap();
    assert!(report.restarts >= 1, "{report:?}");
    assert!(check(&dest).unwrap().is_intact());
    assert_eq!(accounts_in(&dest), accounts + 2);
    assert!(check(&path).unwrap().is_intact());
}

#[test]
fn a_backup_refuses_an_existing_file_unless_told_and_never_the_book_itself() {
    let (dir, path, store) = book();
    let dest = dir.path().join("copy.db");
    std::fs::write(&dest, b"keep me").unwrap();
    assert!(matches!(store.backup(&dest, false), Err(BackupError::Exists(_))));
    assert_eq!(std::fs::read(&dest).unwrap(), b"keep me");
    std::fs::write(super::opening::with_suffix(&dest, "-wal"), b"stale journal").unwrap();
    store.backup(&dest, true).unwrap();
    assert!(!super::opening::with_suffix(&dest, "-wal").exists(), "the stale journal is gone");
    assert_eq!(accounts_in(&dest), store.account_count().unwrap());
    assert!(matches!(store.backup(&path, true), Err(BackupError::SameFile(_))));
}

#[test]
fn a_sound_book_checks_intact() {
    let (_dir, path, store) = book();
    let report = check(&path).unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.schema, LATEST_VERSION);
    assert_eq!(report.accounts, Some(store.account_count().unwrap()));
}

#[test]
fn a_dangling_reference_is_named() {
    let (_dir, path, _store) = book();
    let raw = Connection::open(&path).unwrap();
    raw.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO contact (id, account_id, name) VALUES (90001, 424242, 'Ghost');",
    )
    .unwrap();
    let report = check(&path).unwrap();
    assert!(!report.is_intact());
    let problem = Problem::DanglingReference {
        table: "contact".into(),
        rowid: Some(90001),
        column: "account_id".into(),
        parent: "account".into(),
    };
    assert_eq!(report.problems, vec![problem.clone()]);
    assert_eq!(problem.to_string(), "contact row 90001: account_id refers to a missing account");
}

#[test]
fn a_damaged_file_is_reported_not_an_error() {
    let (dir, path, store) = book();
    let dest = dir.path().join("copy.db");
    store.backup(&dest, false).unwrap();
    let mut bytes = std::fs::read(&dest).unwrap();
    let page = 4096;
    let middle = bytes.len() / 2 / page * page;
    bytes[middle..middle + page].fill(0xA5);
    std::fs::write(&dest, &bytes).unwrap();
    let report = check(&dest).unwrap();
    assert!(!report.is_intact());
    assert!(matches!(report.problems[0], Problem::Damaged(_)), "{report:?}");
    assert!(check(&path).unwrap().is_intact());
}

#[test]
fn a_database_without_a_book_is_not_a_book() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    Connection::open(&path).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    assert_eq!(check(&path).unwrap().problems, vec![Problem::NotABook]);
}

#[test]
fn a_file_that_is_not_a_database_is_not_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "these are my notes, not a database\n".repeat(200)).unwrap();
    let report = check(&path).unwrap();
    let [Problem::NotADatabase(found)] = report.problems.as_slice() else { panic!("{report:?}") };
    assert!(found.contains("is not a SQLite database"), "{found}");
}

/// A book cut to nothing is not an intact empty book: the check says what it found and leaves
/// the file as it was.
#[test]
fn an_empty_or_truncated_file_is_not_intact() {
    let (dir, path, store) = book();
    drop(store);
    let whole = std::fs::read(&path).unwrap();
    for len in [0, 1, 2000] {
        let cut = dir.path().join(format!("cut-{len}.db"));
        std::fs::write(&cut, &whole[..len]).unwrap();
        let report = check(&cut).unwrap();
        assert!(!report.is_intact(), "{len} bytes: {report:?}");
        assert!(matches!(report.problems.as_slice(), [Problem::NotADatabase(_)]), "{report:?}");
        assert_eq!(std::fs::metadata(&cut).unwrap().len(), len as u64);
    }
}

#[test]
fn a_backup_from_the_file_leaves_an_older_schema_as_it_is() {
    let (dir, path, store) = book();
    drop(store);
    Connection::open(&path).unwrap().pragma_update(None, "user_version", 3).unwrap();
    let before = std::fs::read(&path).unwrap();
    let dest = dir.path().join("copy.db");
    super::backup_file(&path, &dest, false).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before, "the source is not migrated");
    assert_eq!(check(&dest).unwrap().schema, 3);
    assert!(matches!(super::backup_file(&path, &path, true), Err(BackupError::SameFile(_))));
}

/// A book on a server is not a file: a backup of it refuses, saying what backs a server up,
/// and writes nothing.
#[test]
fn a_backup_of_a_book_on_a_server_says_pg_dump_does_it() {
    for (engine, store) in crate::store::testing::stores("backup_on_server") {
        if engine == "sqlite" {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("copy.db");
        let refused = store.backup(&dest, false).unwrap_err();
        assert!(matches!(refused, BackupError::OnServer), "{refused:?}");
        assert!(refused.to_string().contains("pg_dump"), "{refused}");
        assert!(!dest.exists());
    }
}
