//! `csm server load BOOK`: a book file copied into the empty book on a PostgreSQL server, after
//! which every command answers the same on the server as on the file (`report --json` byte for
//! byte); a second load into the book now holding records is refused, nothing copied; a load
//! whose target is a file says what it does instead.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::process::Command;

use binary::{csm, text};
use csm::test_support::postgres::database;

/// Runs `cmd` to its end: (exit code, standard output, standard error).
fn run(cmd: &mut Command) -> (Option<i32>, String, String) {
    let output = cmd.output().unwrap();
    (output.status.code(), text(&output.stdout), text(&output.stderr))
}

#[test]
fn a_book_file_loaded_into_a_server_reports_byte_for_byte_as_the_file() {
    let Some(db) = database("cli_server_load") else { return };
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("demo.db");
    let file = file.to_str().unwrap();
    let url = db.url();
    let csm_on = |book: &str, args: &[&str]| {
        let mut cmd = csm(home.path());
        cmd.args(["--db", book, "--as-of", "2026-12-07"]).args(args);
        cmd
    };
    let demo = run(&mut csm_on(file, &["demo", "--no-open", "--accounts", "12", "--years", "1"]));
    assert_eq!(demo.0, Some(0), "{}", demo.2);
    assert_eq!(run(&mut csm_on(&url, &["server", "init"])).0, Some(0));

    let (code, out, err) = run(&mut csm_on(&url, &["server", "load", file]));
    assert_eq!(code, Some(0), "{err}");
    // The 12 accounts of the demo and the one former customer its year of history holds.
    assert!(out.starts_with(&format!("{file}: copied 13 accounts, ")), "{out}");
    assert!(out.trim_end().ends_with(&format!("into {url}")), "{out}");
    // The tables it filled are vacuumed and analysed before the load returns.
    let fresh: bool = db
        .connect()
        .query_one(
            "SELECT last_vacuum IS NOT NULL AND last_analyze IS NOT NULL \
             FROM pg_stat_user_tables WHERE relname = 'usage'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(fresh, "usage is vacuumed and analysed after the load");

    for args in [&["report", "--json"][..], &["accounts"], &["forecast", "--json"], &["export"]] {
        let on_file = run(&mut csm_on(file, args));
        let on_server = run(&mut csm_on(&url, args));
        assert_eq!(on_file.0, Some(0), "{args:?}: {}", on_file.2);
        assert_eq!(on_server, on_file, "{args:?}");
    }

    // Once is all: the server's book holds records now.
    let (code, out, err) = run(&mut csm_on(&url, &["server", "load", file]));
    assert_eq!((code, out.as_str()), (Some(1), ""), "{err}");
    assert!(err.contains("is not empty (it holds 13 accounts"), "{err}");
    assert!(err.trim_end().ends_with("nothing was copied"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    // A load names a server as its target, never a file.
    let (code, _, err) = run(&mut csm_on(file, &["server", "load", file]));
    assert_eq!(code, Some(1));
    assert!(err.contains("not into the file"), "{err}");
}
