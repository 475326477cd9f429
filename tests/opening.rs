//! Opening a book through the binary: only `init` and `demo` create one; a missing, empty,
//! truncated or foreign file, or a directory, is refused by every command with what was found,
//! and left exactly as it was.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::path::Path;
use std::process::Output;

use binary::{AS_OF, csm, demo_book, run, text};

/// Runs `csm ARGS --db DB` with `home` as its home.
fn on(home: &Path, db: &Path, args: &[&str]) -> Output {
    csm(home).args(args).args(["--as-of", AS_OF, "--db"]).arg(db).output().unwrap()
}

fn accounts_csv(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("accounts.csv");
    std::fs::write(&file, "external_id,name,arr\nA1,Acme,1000\n").unwrap();
    file
}

#[test]
fn an_empty_truncated_or_foreign_file_is_never_turned_into_a_book() {
    let dir = tempfile::tempdir().unwrap();
    let (_, demo) = demo_book();
    let whole = std::fs::read(demo).unwrap();
    let csv = accounts_csv(dir.path());
    let csv = csv.to_str().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("empty.db", Vec::new(), "is empty (0 bytes): not a csm book"),
        ("one.db", whole[..1].to_vec(), "is not a SQLite database (1 byte"),
        ("cut.db", whole[..3000].to_vec(), "is not a SQLite database (3000 bytes"),
        ("notes.db", b"my notes\n".repeat(100), "is not a SQLite database (it does not start"),
    ];
    let commands: [&[&str]; 8] = [
        &["report"],
        &["report", "--json"],
        &["export", "-o", out],
        &["qbr", "A1"],
        &["import", "accounts", csv],
        &["playbooks", "run"],
        &["backup", out],
        &[],
    ];
    for (name, bytes, said) in cases {
        let db = dir.path().join(name);
        std::fs::write(&db, &bytes).unwrap();
        for args in commands {
            let output = on(dir.path(), &db, args);
            let stderr = text(&output.stderr);
            assert!(!output.status.success(), "{name} {args:?} succeeded");
            assert!(stderr.contains(said), "{name} {args:?}: {stderr}");
        }
        // The check finds the file not intact (exit 3) and says what it found.
        let output = on(dir.path(), &db, &["check"]);
        assert_eq!(output.status.code(), Some(3), "{name}: {}", text(&output.stderr));
        assert!(text(&output.stdout).contains(said), "{name}: {}", text(&output.stdout));
        assert_eq!(std::fs::read(&db).unwrap(), bytes, "{name} was changed");
        assert!(!Path::new(out).exists(), "{name}: an output was written");
    }
}

/// A book cut at a page boundary passes the look at its header; SQLite finds it damaged, and
/// every command says so, pointing to the check and a backup, and leaves it as it was.
#[test]
fn a_book_cut_short_is_said_to_be_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let whole = std::fs::read(&demo_book().1).unwrap();
    let db = dir.path().join("cut.db");
    std::fs::write(&db, &whole[..8192]).unwrap();
    for args in [&["report"][..], &["import", "accounts", "x.csv"], &[]] {
        let output = on(dir.path(), &db, args);
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("cut.db is damaged (database disk image is malformed)"),
            "{stderr}"
        );
        assert!(stderr.contains("`csm check`"), "{stderr}");
    }
    assert_eq!(on(dir.path(), &db, &["check"]).status.code(), Some(3));
    assert_eq!(std::fs::read(&db).unwrap(), &whole[..8192]);
}

#[test]
fn a_directory_is_named_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let commands = [
        &["report"][..],
        &["check"],
        &["import", "accounts", "x.csv"],
        &["backup", "b.db"],
        &["init"],
        &["demo", "--no-open", "--replace"],
    ];
    for args in commands {
        let output = on(dir.path(), dir.path(), args);
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{args:?}");
        assert!(stderr.contains("is a directory, not a csm book"), "{args:?}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_is_never_removed_to_make_a_demo_book() {
    use std::os::unix::fs::FileTypeExt as _;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.db");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for args in [&["demo", "--no-open"][..], &["demo", "--no-open", "--replace"]] {
        let output = on(dir.path(), &fifo, args);
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{args:?}");
        assert!(stderr.contains("is not a regular file: not a csm book"), "{args:?}: {stderr}");
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "{args:?} replaced the FIFO");
    }
}

#[test]
fn an_import_never_creates_a_book_and_init_does_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let csv = accounts_csv(dir.path());
    let output = on(dir.path(), &db, &["import", "accounts", csv.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(stderr.contains("no book at") && stderr.contains("csm init"), "{stderr}");
    assert!(!db.exists(), "the import created a book");

    let output = run(csm(dir.path()).arg("init").arg("--db").arg(&db));
    assert!(text(&output.stdout).starts_with("created an empty book at "));
    run(csm(dir.path()).args(["import", "accounts"]).arg(&csv).arg("--db").arg(&db));
    let before = std::fs::read(&db).unwrap();
    // A second init leaves the book (and its accounts) alone.
    let output = on(dir.path(), &db, &["init"]);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("already exists"), "{}", text(&output.stderr));
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let report = on(dir.path(), &db, &["report", "--json"]);
    assert!(text(&report.stdout).contains("Acme"));

    // Without --db, init makes the book in the data directory, where the workspace looks.
    run(csm(dir.path()).arg("init"));
    assert!(dir.path().join("data").join("csm").join("csm.db").exists());
}

#[test]
fn the_workspace_on_a_missing_book_says_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let output = on(dir.path(), &db, &[]);
    assert!(output.status.success());
    let stdout = text(&output.stdout);
    assert!(stdout.contains("csm init") && stdout.contains("csm demo"), "{stdout}");
    assert!(!db.exists());
    // Once made, the empty book points to the import instead.
    run(csm(dir.path()).arg("init").arg("--db").arg(&db));
    let stdout = text(&on(dir.path(), &db, &[]).stdout);
    assert!(stdout.contains("has no accounts yet"), "{stdout}");
    assert!(stdout.contains("csm import accounts FILE") && !stdout.contains("csm init"));
}

/// Another program holding the book's write lock beyond the wait: the message says so and that
/// trying again will do, instead of SQLite's "database is locked".
#[test]
fn a_book_another_program_is_writing_says_so_and_to_retry() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    std::fs::copy(&demo_book().1, &db).unwrap();
    let csv = accounts_csv(dir.path());
    let writer = rusqlite::Connection::open(&db).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    for args in [&["import", "accounts", csv.to_str().unwrap()][..], &["playbooks", "run"]] {
        let output = on(dir.path(), &db, args);
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{args:?}");
        assert!(
            stderr.contains("another program is writing the book; try again when it has finished"),
            "{args:?}: {stderr}"
        );
    }
    writer.execute_batch("ROLLBACK").unwrap();
    run(csm(dir.path()).args(["import", "accounts"]).arg(&csv).arg("--db").arg(&db));
}

/// Another program's SQLite database is a SQLite file with a valid header: no command may write
/// csm's schema (or even WAL mode) into it, and a book from a newer csm is named as such.
#[test]
fn another_programs_database_and_a_newer_book_are_left_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let csv = accounts_csv(dir.path());
    let csv = csv.to_str().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE notes (x)").unwrap();
    let newer = dir.path().join("newer.db");
    std::fs::copy(&demo_book().1, &newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let cases = [
        (&other, "is a SQLite database of another program (tables: notes), not a csm book"),
        (&newer, "is a book at schema 99, newer than this csm knows"),
    ];
    let commands: [&[&str]; 6] = [
        &["report"],
        &["export", "-o", out],
        &["qbr", "A1"],
        &["import", "accounts", csv],
        &["playbooks", "run"],
        &[],
    ];
    for (db, said) in cases {
        let bytes = std::fs::read(db).unwrap();
        for args in commands {
            let output = on(dir.path(), db, args);
            let stderr = text(&output.stderr);
            assert!(!output.status.success(), "{args:?} succeeded");
            assert!(stderr.contains(said), "{args:?}: {stderr}");
        }
        assert_eq!(std::fs::read(db).unwrap(), bytes, "{} was changed", db.display());
        assert!(!Path::new(out).exists(), "an output was written");
    }
}
