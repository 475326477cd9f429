//! `csm import` through the binary as a script drives it: a file from standard input (`-`),
//! references to accounts the book does not have (the nearest names, `--skip-unmatched`), and
//! standard error that holds only the messages when it is not a terminal.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use support::{AS_OF, csm, dump, import};

const ACCOUNTS: &str = "external_id,name,domain,arr\n\
    A-1,Halvorsen Maritime,halvorsen.example,120000\n\
    A-2,Northwind Logistics,northwind.example,80000\n\
    A-3,Société Lumière,lumiere.example,50000\n";

/// `csm import ARGS` on `db` with `input` on standard input: (success, stdout, stderr).
fn import_stdin(db: &Path, args: &[&str], input: &[u8]) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_csm"))
        .env_remove("CSM_CONFIG")
        .env_remove("CSM_DB")
        .env("XDG_CONFIG_HOME", db.with_file_name("no-config"))
        .args(["--as-of", AS_OF, "--db"])
        .arg(db)
        .arg("import")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

/// A new book at `dir/book.db` holding [`ACCOUNTS`].
fn book_with_accounts(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("book.db");
    let file = dir.join("accounts.csv");
    std::fs::write(&file, ACCOUNTS).unwrap();
    let (ok, _, err) = import(&db, "accounts", &file, &[]);
    assert!(ok, "{err}");
    db
}

#[test]
fn a_dash_imports_standard_input_and_names_it_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let (ok, _, err) = csm(&db, &["init"]);
    assert!(ok, "{}", String::from_utf8_lossy(&err));
    let (ok, out, err) = import_stdin(&db, &["accounts", "-"], ACCOUNTS.as_bytes());
    assert!(ok, "{err}");
    assert!(
        out.starts_with("standard input: imported 3 rows of accounts: 3 new, 0 updated"),
        "{out}"
    );
    assert_eq!(err, "", "nothing but the summary");
    assert!(!dir.path().join("-").exists(), "no file named -");

    let before = dump(&db);
    let bad = "external_id,name,arr\nA-9,Fjord Analytics,12000\nA-10,Kestrel Labs,-5\n";
    let (ok, out, err) = import_stdin(&db, &["accounts", "-"], bad.as_bytes());
    assert!(!ok);
    assert_eq!(out, "");
    assert!(err.contains("standard input:3: arr: "), "{err}");
    assert!(err.contains("nothing was imported from standard input"), "{err}");
    assert_eq!(dump(&db), before, "nothing written");
}

#[test]
fn a_dash_reads_a_large_standard_input_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with_accounts(dir.path());
    let mut usage = String::from("account,date,active_users\n");
    for day in 0..2000 {
        let date =
            chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(day);
        usage.push_str(&format!("A-1,{date},{}\nA-2,{date},{}\n", day % 50, day % 30));
    }
    let (ok, out, err) = import_stdin(&db, &["usage", "-"], usage.as_bytes());
    assert!(ok, "{err}");
    assert!(out.contains("imported 4,000 rows of usage: 4,000 new"), "{out}");
}

const CONTACTS: &str = "account,name,email\n\
    A-1,Ann Berg,ann@halvorsen.example\n\
    Halvorsen Maritim,Bo Lind,bo@halvorsen.example\n\
    Northwind Logistics,Cy Park,cy@northwind.example\n\
    Lumiere SA,Di Roy,di@lumiere.example\n";

#[test]
fn an_unmatched_account_names_the_nearest_accounts_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with_accounts(dir.path());
    let file = dir.path().join("contacts.csv");
    std::fs::write(&file, CONTACTS).unwrap();
    let before = dump(&db);
    let (ok, out, err) = import(&db, "contacts", &file, &[]);
    assert!(!ok);
    assert_eq!(out, "");
    let shown = file.display();
    assert_eq!(
        err,
        format!(
            "csm: {shown}:3: account: no account has the external id, name or domain \
             “Halvorsen Maritim” (import the accounts first); nearest: “Halvorsen Maritime”\n\
             {shown}:5: account: no account has the external id, name or domain “Lumiere SA” \
             (import the accounts first); nearest: “Société Lumière”\n\
             nothing was imported from {shown}\n"
        )
    );
    assert_eq!(dump(&db), before, "nothing written");
}

#[test]
fn skip_unmatched_imports_the_rest_and_lists_what_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with_accounts(dir.path());
    let file = dir.path().join("contacts.csv");
    std::fs::write(&file, CONTACTS).unwrap();
    let (ok, out, err) = import(&db, "contacts", &file, &["--skip-unmatched", "--dry-run"]);
    assert!(ok, "{err}");
    assert!(out.contains("would import 2 rows of contacts: 2 new"), "{out}");
    assert!(out.contains("would skip 2 rows naming an account the book does not have:"), "{out}");
    let (ok, out, err) = import(&db, "contacts", &file, &["--skip-unmatched"]);
    assert!(ok, "{err}");
    assert_eq!(err, "");
    let shown = file.display();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        format!("{shown}: imported 2 rows of contacts: 2 new, 0 updated, 0 unchanged")
    );
    assert_eq!(lines[1], "skipped 2 rows naming an account the book does not have:");
    assert_eq!(
        lines[2],
        format!(
            "  {shown}:3: account: no account has the external id, name or domain \
             “Halvorsen Maritim” (import the accounts first); nearest: “Halvorsen Maritime”"
        )
    );
    assert!(lines[3].starts_with(&format!("  {shown}:5: account: ")), "{out}");
    assert!(lines[3].contains("“Lumiere SA”") && lines[3].contains("nearest: “Société Lumière”"));
    let store = csm::store::Store::open(&db).unwrap();
    let mut names: Vec<String> =
        store.all_contacts().unwrap().into_iter().map(|c| c.name).collect();
    names.sort();
    assert_eq!(names, ["Ann Berg", "Cy Park"]);

    // From standard input, the skipped rows are located in it.
    let more = "account,name\nNowhere Inc,Ed Fox\n";
    let (ok, out, err) = import_stdin(&db, &["contacts", "-", "--skip-unmatched"], more.as_bytes());
    assert!(ok, "{err}");
    assert!(out.contains("skipped 1 row naming"), "{out}");
    assert!(out.contains("  standard input:2: account: no account has"), "{out}");
}
