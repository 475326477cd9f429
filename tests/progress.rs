//! Progress on standard error: a bar for long work when standard error is a terminal (read in
//! a pseudo-terminal), nothing but the usual messages when it is not, and nothing at all
//! but the output with `-q`.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "pty/session.rs"]
mod session;
#[path = "support/import.rs"]
mod support;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use session::Session;
use support::csm;

/// A book of 200 accounts and a usage file of `days` days of each at `dir`: (book, file).
fn book_and_usage(dir: &Path, days: u32) -> (PathBuf, PathBuf) {
    let db = dir.join("book.db");
    let (ok, _, err) = csm(&db, &["init"]);
    assert!(ok, "{}", String::from_utf8_lossy(&err));
    let accounts = dir.join("accounts.csv");
    let mut text = String::from("external_id,name\n");
    for a in 0..200 {
        text.push_str(&format!("A-{a},Account {a}\n"));
    }
    std::fs::write(&accounts, text).unwrap();
    let (ok, _, err) = csm(&db, &["import", "accounts", accounts.to_str().unwrap()]);
    assert!(ok, "{}", String::from_utf8_lossy(&err));
    let usage = dir.join("usage.csv");
    let mut text = String::with_capacity(days as usize * 200 * 24);
    text.push_str("account,date,active_users\n");
    let start = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    for day in 0..days {
        let date = start + chrono::Duration::days(i64::from(day));
        for a in 0..200 {
            text.push_str(&format!("A-{a},{date},{}\n", (a * day) % 97));
        }
    }
    std::fs::write(&usage, text).unwrap();
    (db, usage)
}

#[test]
fn without_a_terminal_standard_error_holds_only_the_usual_messages() {
    let dir = tempfile::tempdir().unwrap();
    let (db, usage) = book_and_usage(dir.path(), 400);
    let (ok, out, err) = csm(&db, &["import", "usage", usage.to_str().unwrap()]);
    assert!(ok, "{}", String::from_utf8_lossy(&err));
    assert!(String::from_utf8(out).unwrap().contains("80,000 rows of usage"));
    assert_eq!(String::from_utf8(err).unwrap(), "", "no bar, no chatter");
    let (ok, out, err) = csm(&db, &["export"]);
    assert!(ok && !out.is_empty());
    assert_eq!(String::from_utf8(err).unwrap(), "");

    let demo = dir.path().join("demo.db");
    let (ok, _, err) = csm(&demo, &["demo", "--no-open", "--accounts", "300"]);
    assert!(ok);
    let err = String::from_utf8(err).unwrap();
    assert!(err.starts_with("Demo book of 300 accounts"), "{err}");
    assert_eq!(err.lines().count(), 1, "the one note: {err}");
    // A cold scoring pass: the cache emptied.
    let conn = rusqlite::Connection::open(&demo).unwrap();
    conn.execute("DELETE FROM account_score", []).unwrap();
    drop(conn);
    let (ok, out, err) = csm(&demo, &["report", "--json"]);
    assert!(ok && !out.is_empty());
    assert_eq!(String::from_utf8(err).unwrap(), "");

    // -q leaves the note out too; the output is the same.
    let quiet = dir.path().join("quiet.db");
    let (ok, _, err) = csm(&quiet, &["-q", "demo", "--no-open", "--accounts", "300"]);
    assert!(ok);
    assert_eq!(String::from_utf8(err).unwrap(), "");
    let (_, loud, _) = csm(&demo, &["report"]);
    let (_, hushed, err) = csm(&demo, &["report", "--quiet"]);
    assert_eq!(loud, hushed);
    assert!(err.is_empty());
}

/// What csm wrote to the terminal until it ended (or the test fails after two minutes: a large
/// import in a debug build on a busy machine takes a while).
fn in_a_terminal(db: &Path, args: &[&OsStr]) -> String {
    let mut session = Session::command(db, args, 24, 100);
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = session.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "csm {args:?} did not end");
        session.pump(Duration::from_millis(50));
    };
    session.pump(Duration::from_millis(200));
    assert!(status.success(), "{}", String::from_utf8_lossy(&session.raw));
    String::from_utf8_lossy(&session.raw).into_owned()
}

#[test]
fn a_large_import_in_a_terminal_shows_a_bar_unless_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let (db, usage) = book_and_usage(dir.path(), 1250);
    let args = [OsStr::new("import"), OsStr::new("usage"), usage.as_os_str()];
    let shown = in_a_terminal(&db, &args);
    assert!(shown.contains("250,000 rows of usage: 250,000 new"), "{shown}");
    let bar = shown.find("importing ").expect("a bar was drawn");
    assert!(shown[bar..].contains(" MiB/"), "the bar counts the file's bytes: {shown}");
    assert!(shown[bar..].contains('█'), "{shown}");
    let summary = shown.find(&format!("{}: imported", usage.display())).unwrap();
    assert!(bar < summary, "the bar comes before the summary");
    assert!(shown[..summary].ends_with("\x1b[2K"), "and is cleared first: {shown:?}");

    let quiet = [OsStr::new("-q"), OsStr::new("import"), OsStr::new("usage"), usage.as_os_str()];
    let shown = in_a_terminal(&db, &quiet);
    assert!(
        shown.contains("250,000 rows of usage: 0 new, 0 updated, 250,000 unchanged"),
        "{shown}"
    );
    assert!(!shown.contains("importing"), "no bar with -q: {shown}");
    assert!(!shown.contains('█'), "{shown}");
}
