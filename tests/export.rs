//! The real binary's `export`, `backup` and `check` on a generated demo book: the exports agree
//! with `report --json` for the same date, the CSV parses back, a backup is a sound copy, and a
//! check tells a sound book from an inconsistent or damaged one by its exit status.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;
#[path = "support/engines.rs"]
mod engines;

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Output;

use binary::{AS_OF, csm, demo_book, demo_server_book, run, text};
use engines::{Engine, on_each_engine};
use serde_json::Value;

/// What `--db` names for the demo book on `engine`: the file, or the file loaded into a
/// server's book.
fn demo_on(engine: &Engine) -> OsString {
    if engine.is_sqlite() {
        demo_book().1.clone().into_os_string()
    } else {
        demo_server_book().unwrap().into()
    }
}

/// Runs `csm ARGS --as-of AS_OF --db BOOK` on the demo book `db` (see [`demo_on`]).
fn on_demo(db: &OsStr, args: &[&str]) -> Output {
    let (dir, _) = demo_book();
    run(csm(dir.path()).args(args).args(["--as-of", AS_OF, "--db"]).arg(db))
}

fn report_accounts(db: &OsStr) -> (Value, BTreeMap<String, Value>) {
    let report: Value = serde_json::from_slice(&on_demo(db, &["report", "--json"]).stdout).unwrap();
    let accounts = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["external_id"].as_str().unwrap().to_owned(), a.clone()))
        .collect();
    (report, accounts)
}

/// The external ids of the demo's former customers (churned at the as-of date): the export
/// holds them beside the active accounts the report lists.
fn former_customers(db: &OsStr) -> Vec<String> {
    let listed: Value =
        serde_json::from_slice(&on_demo(db, &["accounts", "--churned", "--json"]).stdout).unwrap();
    listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["external_id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_json_export_agrees_with_the_report() {
    on_each_engine(|engine| {
        let db = demo_on(engine);
        let export: Value = serde_json::from_slice(&on_demo(&db, &["export"]).stdout).unwrap();
        let (report, by_id) = report_accounts(&db);
        assert_eq!(export["format"], "csm-export");
        assert_eq!(export["version"], 1);
        assert_eq!(export["as_of"], AS_OF);
        assert_eq!(export["book"], report["book"]);
        let formers = former_customers(&db);
        let accounts = export["accounts"].as_array().unwrap();
        assert_eq!(accounts.len(), by_id.len() + formers.len());
        let active =
            accounts.iter().filter(|a| !formers.iter().any(|f| a["external_id"] == f.as_str()));
        for account in active {
            let expected = &by_id[account["external_id"].as_str().unwrap()];
            let score = &account["score"];
            assert_eq!(account["id"], expected["id"]);
            assert_eq!(account["name"], expected["name"]);
            assert_eq!(account["arr_cents"], expected["arr_cents"]);
            for field in [
                "health",
                "band",
                "delta_30",
                "components",
                "signals",
                "expansion",
                "renewal",
                "open_todos",
            ] {
                assert_eq!(score[field], expected[field], "{field} of {}", account["name"]);
            }
            // Every account carries its usage, but the one whose product data is not connected.
            let usage = account["usage"].as_array().unwrap();
            let thin = account["name"] == "Larkspur Legal Partners";
            assert_eq!(usage.is_empty(), thin, "{}", account["name"]);
        }
    });
}

#[test]
fn the_csv_export_parses_back_with_one_row_per_account() {
    on_each_engine(|engine| {
        let db = demo_on(engine);
        let output = on_demo(&db, &["export", "--format", "csv"]);
        assert!(output.stdout.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a byte-order mark");
        let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
        let headers = reader.headers().unwrap().clone();
        assert_eq!(&headers[0], "external_id");
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let (_, by_id) = report_accounts(&db);
        let formers = former_customers(&db);
        assert_eq!(rows.len(), by_id.len() + formers.len());
        let mut negative_deltas = 0;
        for row in rows.iter().filter(|r| !formers.iter().any(|f| f == &r[column("external_id")])) {
            let expected = &by_id[&row[column("external_id")]];
            let health = expected["health"].as_i64().map(|h| h.to_string()).unwrap_or_default();
            assert_eq!(row[column("health")], health);
            assert_eq!(row[column("band")], *expected["band"].as_str().unwrap());
            let cents = expected["arr_cents"].as_i64().unwrap();
            assert_eq!(row[column("arr")], format!("{}.{:02}", cents / 100, cents % 100));
            let delta = expected["delta_30"].as_i64().map(|d| d.to_string()).unwrap_or_default();
            assert_eq!(row[column("delta_30")], delta);
            negative_deltas += usize::from(delta.starts_with('-'));
            let signals: Vec<&str> = expected["signals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            assert_eq!(row[column("signals")], signals.join(";"));
            let days =
                expected["renewal"]["days"].as_i64().map(|d| d.to_string()).unwrap_or_default();
            assert_eq!(row[column("renewal_days")], days);
        }
        assert!(
            negative_deltas > 0,
            "the demo book has falling accounts, written as plain numbers"
        );
    });
}

#[test]
fn an_export_to_a_file_is_private_and_says_what_it_wrote() {
    on_each_engine(|engine| {
        let db = demo_on(engine);
        let (dir, _) = demo_book();
        let file = dir.path().join("book.json");
        let output = on_demo(&db, &["export", "-o", file.to_str().unwrap()]);
        let size = std::fs::metadata(&file).unwrap().len();
        let accounts = report_accounts(&db).1.len() + former_customers(&db).len();
        assert_eq!(
            text(&output.stdout),
            format!("wrote {}: {accounts} accounts as JSON, {size} bytes\n", file.display())
        );
        let export: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(export["accounts"].as_array().unwrap().len(), accounts);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    });
}

/// A private copy of the demo book to change: (dir, path).
fn copy_of_demo() -> (tempfile::TempDir, PathBuf) {
    let (home, db) = demo_book();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    run(csm(home.path()).arg("backup").arg(&copy).arg("--db").arg(db));
    (dir, copy)
}

fn check(home: &Path, db: &Path) -> Output {
    csm(home).arg("check").arg("--db").arg(db).output().unwrap()
}

// SQLite only: `csm backup` copies a book file (a server's book is backed up with pg_dump).
#[test]
fn a_backup_is_a_sound_copy_that_leaves_the_book_alone() {
    // A book of its own: the shared one gets its score cache written by the other tests.
    let (home, db) = copy_of_demo();
    let (home, db) = (&home, &db);
    let dest = home.path().join("backup.db");
    let before = std::fs::read(db).unwrap();
    let output = run(csm(home.path()).arg("backup").arg(&dest).arg("--db").arg(db));
    assert_eq!(std::fs::read(db).unwrap(), before, "the book is unchanged");
    let size = std::fs::metadata(&dest).unwrap().len();
    assert_eq!(
        text(&output.stdout),
        format!("wrote {}: a copy of the book at {}, {size} bytes\n", dest.display(), db.display())
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o600);
    }

    // The copy is a store with the same book.
    let report = |book: &Path| {
        let output =
            run(csm(home.path()).args(["report", "--json", "--as-of", AS_OF, "--db"]).arg(book));
        serde_json::from_slice::<Value>(&output.stdout).unwrap()
    };
    assert_eq!(report(&dest), report(db));
    let checked = check(home.path(), &dest);
    assert_eq!(checked.status.code(), Some(0));

    // An existing file is kept unless --force.
    let again = csm(home.path()).arg("backup").arg(&dest).arg("--db").arg(db).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        text(&again.stderr),
        format!("csm: {} already exists: pass --force to overwrite it\n", dest.display())
    );
    run(csm(home.path()).arg("backup").arg(&dest).arg("--force").arg("--db").arg(db));
}

// SQLite only: `csm check` checks a book file's pages and references, and names the file.
#[test]
fn a_sound_book_checks_ok() {
    let (home, db) = demo_book();
    let output = check(home.path(), db);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let accounts = report_accounts(db.as_os_str()).1.len() + former_customers(db.as_os_str()).len();
    assert_eq!(
        text(&output.stdout),
        format!(
            "ok: the book at {} is intact ({accounts} accounts, schema {})\n",
            db.display(),
            csm::store::LATEST_VERSION
        )
    );
}

// SQLite only: `csm check` is for a book file, and the fault is written into the file.
#[test]
fn a_dangling_reference_fails_the_check_with_status_2() {
    let (dir, copy) = copy_of_demo();
    let raw = rusqlite::Connection::open(&copy).unwrap();
    raw.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO contact (id, account_id, name) VALUES (90001, 424242, 'Ghost');",
    )
    .unwrap();
    drop(raw);
    let output = check(dir.path(), &copy);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        text(&output.stdout),
        "problem: contact row 90001: account_id refers to a missing account\n"
    );
    assert_eq!(
        text(&output.stderr),
        format!("csm: the book at {} is not intact: 1 problem found\n", copy.display())
    );
}

// SQLite only: the damage is to a book file's bytes.
#[test]
fn a_damaged_file_is_reported_not_a_panic() {
    let (dir, copy) = copy_of_demo();
    let mut bytes = std::fs::read(&copy).unwrap();
    let middle = bytes.len() / 2 / 4096 * 4096;
    bytes[middle..middle + 4096].fill(0xA5);
    std::fs::write(&copy, &bytes).unwrap();
    let output = check(dir.path(), &copy);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(text(&output.stdout).starts_with("problem: damaged: "), "{}", text(&output.stdout));
    assert!(stderr.starts_with("csm: the book at ") && !stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
}

// SQLite only: a missing book is a missing file; `check` and `backup` refuse a server.
#[test]
fn a_missing_book_is_an_error_not_a_verdict() {
    let dir = tempfile::tempdir().unwrap();
    for command in [&["check"][..], &["backup", "copy.db"], &["export"]] {
        let output = csm(dir.path())
            .args(command)
            .arg("--db")
            .arg(dir.path().join("missing.db"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        assert!(text(&output.stderr).starts_with("csm: no book at "), "{command:?}");
    }
}
