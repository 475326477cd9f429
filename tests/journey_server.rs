//! The workspace on a book on a PostgreSQL server, in a pseudo-terminal: a demo book loaded into
//! the server, every view visited and a todo completed while the server's sessions of csm are
//! counted (one workspace holds at most two connections at a time), and a server that goes away
//! for good while the workspace is up: it stays up, says so, and quits cleanly.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "pty/session.rs"]
mod session;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use csm::test_support::postgres::{TestDatabase, database};
use session::{AS_OF, Session};

/// A small demo book loaded into a new book on the test server; its URL.
fn server_book(label: &str, dir: &Path) -> Option<TestDatabase> {
    let db = database(label)?;
    let file = dir.join("demo.db");
    let run = |args: &[&str], book: &std::ffi::OsStr| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_csm"))
            .args(["--as-of", AS_OF, "--db"])
            .arg(book)
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    run(&["demo", "--no-open", "--accounts", "12", "--years", "1"], file.as_os_str());
    let url = std::ffi::OsString::from(db.url());
    run(&["server", "init"], &url);
    run(&["server", "load", file.to_str().unwrap()], &url);
    Some(db)
}

/// The workspace on `db`, in a terminal of 24 by 80.
fn workspace(db: &TestDatabase, dir: &Path) -> Session {
    Session::within(std::ffi::OsStr::new(&db.url()), dir, &[], 24, 80)
}

/// Counts csm's sessions on `db` every few milliseconds until stopped; the most seen at once.
fn count_sessions(db: &TestDatabase) -> (Arc<AtomicBool>, std::thread::JoinHandle<i64>) {
    let stop = Arc::new(AtomicBool::new(false));
    let peak = AtomicI64::new(0);
    let mut admin = db.connect();
    let name = db.name().to_owned();
    let stopped = Arc::clone(&stop);
    let counter = std::thread::spawn(move || {
        while !stopped.load(Ordering::Relaxed) {
            let now: i64 = admin
                .query_one(
                    "SELECT count(*) FROM pg_stat_activity \
                     WHERE application_name = 'csm' AND datname = $1",
                    &[&name],
                )
                .unwrap()
                .get(0);
            peak.fetch_max(now, Ordering::Relaxed);
            std::thread::sleep(Duration::from_millis(5));
        }
        peak.load(Ordering::Relaxed)
    });
    (stop, counter)
}

#[test]
fn every_view_and_an_edit_on_a_server_book_with_two_connections_at_most() {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = server_book("journey_server", dir.path()) else { return };
    let (stop, counter) = count_sessions(&db);
    let mut s = workspace(&db, dir.path());
    s.wait_for("12 of 12");
    s.wait_for("todos created");
    s.keys("j");
    s.pump(Duration::from_millis(200));
    for (key, shows) in [
        ("3", "┏ Renewals next"),
        ("4", "┌ Portfolio ─"),
        ("5", "┏ Timeline ·"),
        ("6", "┏ QBR brief ·"),
        ("7", "┏ Forecast ·"),
        ("8", "┏ Model check ·"),
        ("1", "Accounts by attention"),
        ("2", "┏ Todo queue"),
    ] {
        s.keys(key);
        s.wait_for(shows);
        s.pump(Duration::from_millis(300));
    }
    // The todo queue is open: x marks the todo pointed at done, on the server.
    s.keys("x");
    s.wait_for("done: “");
    s.keys("q");
    let status = s.wait_for_exit("csm did not quit");
    assert!(status.success(), "{status:?}");
    assert!(!s.parser.screen().alternate_screen(), "the alternate screen was left");
    stop.store(true, Ordering::Relaxed);
    let peak = counter.join().unwrap();
    eprintln!("peak connections of one workspace: {peak}");
    assert!((1..=2).contains(&peak), "one workspace held {peak} connections at once");

    let mut check = db.connect();
    let done: i64 =
        check.query_one("SELECT count(*) FROM todo WHERE status = 'done'", &[]).unwrap().get(0);
    assert!(done >= 1, "the completed todo is on the server");
}

/// The server goes away for good (here the book's database refuses every connection) while the
/// workspace is up: the next action that needs it says it cannot be reached, in one line, and
/// the workspace stays up and quits cleanly on q.
#[test]
fn a_server_gone_while_the_workspace_is_up_is_told_and_q_still_quits() {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = server_book("journey_server_gone", dir.path()) else { return };
    let mut s = workspace(&db, dir.path());
    s.wait_for("12 of 12");
    s.wait_for("todos created");
    s.keys("2");
    s.wait_for("┏ Todo queue");
    let mut admin = db.config().dbname("postgres").connect(postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!(
            "ALTER DATABASE \"{0}\" ALLOW_CONNECTIONS false; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{0}'",
            db.name()
        ))
        .unwrap();
    s.pump(Duration::from_millis(300));
    // The todo queue open before the server went: x on a todo needs the server.
    s.keys("x");
    s.wait_for("cannot connect to");
    let screen = s.screen();
    assert!(screen.contains("cannot connect to"), "{screen}");
    assert!(s.parser.screen().alternate_screen(), "the workspace is still up");
    s.keys("q");
    let status = s.wait_for_exit("csm did not quit after the server went");
    assert!(status.success(), "{status:?}");
    assert!(!s.parser.screen().alternate_screen(), "the alternate screen was left");
}
