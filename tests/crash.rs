//! Crash safety: the real workspace, driven through scripted edits (adds, undos) in a
//! pseudo-terminal, killed with SIGKILL at random moments, again and again on one store.
//! Afterwards SQLite's integrity check passes and every edit the status line acknowledged is in
//! the store. (A killed process is not a power cut: that durability rests on synchronous=FULL.)

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "pty/session.rs"]
mod session;

use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use session::{Session, demo_book};

/// Runs of the workspace, each killed once.
const RUNS: usize = 30;

/// The todo titles of every todo in the store.
fn stored_titles(db: &std::path::Path) -> Vec<String> {
    let store = csm::store::Store::open(db).unwrap();
    let mut titles = Vec::new();
    for account in store.accounts().unwrap() {
        titles.extend(store.todos(account.id).unwrap().into_iter().map(|t| t.title));
    }
    titles
}

fn integrity(db: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

/// Presses `a` until the new-todo form is open (a loaded machine may still be running the
/// playbooks when the book appears).
fn open_todo_form(s: &mut Session) {
    let waited = Instant::now() + Duration::from_secs(30);
    loop {
        s.keys("a");
        let tried = Instant::now() + Duration::from_secs(2);
        while Instant::now() < tried {
            s.pump(Duration::from_millis(5));
            if s.screen().contains("New todo") {
                return;
            }
        }
        assert!(Instant::now() < waited, "the todo form never opened:\n{}", s.screen());
    }
}

#[test]
fn sigkill_during_edits_loses_nothing_acknowledged_and_corrupts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut acknowledged: Vec<String> = Vec::new();
    let mut undone_titles: Vec<String> = Vec::new();
    for run in 0..RUNS {
        let mut s = Session::start(&db, 24, 80);
        s.wait_for("60 of 60");
        // Move to a random account, then add todos as fast as keys arrive; kill after a random
        // number of them and a random pause, often in the middle of one.
        let down = rng.random_range(0..20);
        s.keys(&"j".repeat(down));
        let edits = rng.random_range(1..=6);
        let titles: Vec<String> = (0..edits).map(|k| format!("crash {run}-{k}")).collect();
        // The first add waits for its form: while the playbooks' run at opening goes on, `a` is
        // refused ("edits wait"), and a title typed after it would be read as keys.
        open_todo_form(&mut s);
        let mut script: String = titles.iter().map(|t| format!("a{t}\r")).collect();
        script.remove(0);
        // Half the runs take the last one back: an undo is an edit like any other.
        let undo = rng.random_bool(0.5);
        if undo {
            script.push('u');
        }
        s.keys(&script);
        let undone = format!("undone: added todo “{}”", titles[edits - 1]);
        let mut undo_seen = false;
        let pause = Duration::from_millis(rng.random_range(0..150));
        // Every other run counts the pause from the first acknowledged add, so that however
        // slow a loaded machine makes the workspace, half the runs kill it among edits that
        // got in (the others may kill it before any).
        if run % 2 == 1 {
            let added = format!("added todo “crash {run}-");
            let waited = Instant::now() + Duration::from_secs(15);
            while !(s.screen().contains(&added) || s.screen().contains(&undone)) {
                assert!(Instant::now() < waited, "no add acknowledged:\n{}", s.screen());
                s.pump(Duration::from_millis(2));
            }
        }
        let deadline = Instant::now() + pause;
        let mut seen = 0;
        loop {
            s.pump(Duration::from_millis(2));
            // Edits commit in order: an acknowledged edit means every one before it committed.
            let screen = s.screen();
            if let Some(last) = (seen..edits)
                .rev()
                .find(|&k| screen.contains(&format!("added todo “{}”", titles[k])))
            {
                seen = last + 1;
            }
            undo_seen |= undo && screen.contains(&undone);
            if Instant::now() >= deadline {
                break;
            }
        }
        let pid = s.child.process_id().unwrap();
        let killed =
            std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status().unwrap();
        assert!(killed.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        while s.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "csm did not die on SIGKILL");
            std::thread::sleep(Duration::from_millis(5));
        }
        if undo_seen {
            // Its add was acknowledged before the undo; now it must be gone for good.
            seen = edits;
            undone_titles.push(titles[edits - 1].clone());
        }
        acknowledged.extend(titles.into_iter().take(seen).filter(|t| !undone_titles.contains(t)));

        assert_eq!(integrity(&db), "ok", "after run {run}");
        let stored = stored_titles(&db);
        for title in &acknowledged {
            assert!(stored.contains(title), "run {run}: “{title}” was acknowledged but is lost");
        }
        for title in &undone_titles {
            assert!(!stored.contains(title), "run {run}: “{title}” was undone but is back");
        }
    }
    let stored = stored_titles(&db).iter().filter(|t| t.starts_with("crash ")).count();
    eprintln!(
        "{} adds acknowledged, {} undone, {stored} stored",
        acknowledged.len(),
        undone_titles.len()
    );
    assert!(acknowledged.len() >= RUNS / 2, "the runs got edits in: {}", acknowledged.len());
}
