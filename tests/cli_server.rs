//! A book on a PostgreSQL server named on the command line (`--db postgres://…`, `CSM_DB`):
//! `csm server init` and `csm server migrate` on the throwaway cluster, each saying what it did
//! in a line; every failure (a malformed URL, a closed port, a wrong password, no schema) one line
//! on standard error, exit 1, and never the password; the commands that only make sense on a
//! file say what to use instead.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::net::TcpListener;
use std::process::{Command, Output};

use binary::{csm, text};
use csm::test_support::postgres::{PASSWORD, PASSWORD_USER, database};

/// Runs `cmd`, expecting a failure: its one line on standard error, checked to name no password.
fn one_line_failure(cmd: &mut Command) -> String {
    let output: Output = cmd.output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{cmd:?}: {}", text(&output.stderr));
    assert!(output.stdout.is_empty(), "{}", text(&output.stdout));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("hunter2") && !stderr.contains(PASSWORD), "{stderr}");
    stderr
}

/// Runs `cmd`, expecting success with nothing on standard error; its standard output.
fn success(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{cmd:?}: {}", text(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
    text(&output.stdout)
}

fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn server_init_makes_the_schema_once_and_migrate_finds_it_current() {
    let Some(db) = database("cli_server_init") else { return };
    let home = tempfile::tempdir().unwrap();
    let url = db.url();
    let init = || {
        let mut cmd = csm(home.path());
        cmd.args(["server", "init", "--db", &url]);
        cmd
    };
    assert_eq!(success(&mut init()), format!("schema created at version 14 ({url})\n"));
    assert_eq!(success(&mut init()), format!("already at version 14 ({url})\n"));
    // From CSM_DB, as every other command.
    let mut migrate = csm(home.path());
    migrate.args(["server", "migrate"]).env("CSM_DB", &url);
    assert_eq!(success(&mut migrate), format!("already at version 14 ({url})\n"));
    // The book is then opened by every command through the same URL.
    let mut todos = csm(home.path());
    todos.args(["--as-of", "2026-11-24", "todo", "list"]).env("CSM_DB", &url);
    assert_eq!(success(&mut todos), "no open todos as of 2026-11-24\n");
    let mut greeting = csm(home.path());
    greeting.args(["--db", &url]);
    let greeting = success(&mut greeting);
    assert!(greeting.starts_with(&format!("Welcome to csm. The book at {url} has no accounts")));
}

#[test]
fn a_database_without_the_schema_says_how_to_make_it() {
    let Some(db) = database("cli_server_no_schema") else { return };
    let home = tempfile::tempdir().unwrap();
    let url = db.url();
    let expected = format!(
        "csm: no csm schema in database {} at 127.0.0.1:{}: run `csm server init --db {url}`\n",
        db.name(),
        db.port()
    );
    let said = one_line_failure(csm(home.path()).args(["server", "migrate", "--db", &url]));
    assert_eq!(said, expected);
    let said = one_line_failure(csm(home.path()).args(["--db", &url, "report", "--json"]));
    assert_eq!(said, expected);
}

#[test]
fn a_wrong_password_is_told_without_it() {
    let Some(db) = database("cli_server_password") else { return };
    let home = tempfile::tempdir().unwrap();
    let url = format!("postgres://{PASSWORD_USER}@127.0.0.1:{}/{}", db.port(), db.name());
    let said = one_line_failure(
        csm(home.path()).args(["server", "init", "--db", &url]).env("PGPASSWORD", "hunter2"),
    );
    assert!(said.contains("refused the password of user csm_with_password"), "{said}");
    // The right one, from the environment, lets the user in (to find no schema there).
    let said = one_line_failure(
        csm(home.path()).args(["server", "migrate", "--db", &url]).env("PGPASSWORD", PASSWORD),
    );
    assert!(said.starts_with("csm: no csm schema in database"), "{said}");
}

#[test]
fn a_malformed_url_is_one_line_without_its_password() {
    let home = tempfile::tempdir().unwrap();
    let said = one_line_failure(csm(home.path()).args([
        "server",
        "init",
        "--db",
        "postgres://ann:hunter2@db:54x/book",
    ]));
    assert_eq!(said, "csm: the PostgreSQL URL: the port \"54x\" is not a number from 1 to 65535\n");
    let said = one_line_failure(
        csm(home.path()).arg("report").env("CSM_DB", "postgres://ann:hunter2@db/book?ssl=on"),
    );
    assert!(said.contains("unknown parameter \"ssl\""), "{said}");
}

#[test]
fn a_closed_port_is_one_line_naming_the_place() {
    let home = tempfile::tempdir().unwrap();
    let port = closed_port();
    let url = format!("postgres://ann:hunter2@127.0.0.1:{port}/book");
    for args in [&["server", "init"][..], &["report"], &["accounts"], &[]] {
        let said = one_line_failure(csm(home.path()).args(args).args(["--db", &url]));
        assert!(
            said.starts_with(&format!(
                "csm: nothing answers at 127.0.0.1:{port} (connection refused)"
            )),
            "{args:?}: {said}"
        );
    }
}

/// The commands that only make sense on a file say what to use instead, before connecting.
#[test]
fn the_commands_of_a_file_say_what_to_use_on_a_server() {
    let home = tempfile::tempdir().unwrap();
    let url = format!("postgres://ann:hunter2@127.0.0.1:{}/book", closed_port());
    for (args, says) in [
        (&["init"][..], "csm server init --db postgres://ann@127.0.0.1:"),
        (&["demo", "--no-open"], "csm server load FILE"),
        (&["backup", "copy.db"], "pg_dump"),
        (&["check"], "not available for a book on a PostgreSQL server yet"),
    ] {
        let said = one_line_failure(csm(home.path()).args(args).args(["--db", &url]));
        assert!(said.contains(says), "{args:?}: {said}");
    }
    let book = home.path().join("book.db");
    let said = one_line_failure(csm(home.path()).args(["server", "init", "--db"]).arg(&book));
    assert!(said.contains("pass --db postgres://USER@HOST:PORT/DATABASE"), "{said}");
}
