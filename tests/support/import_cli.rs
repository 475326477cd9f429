//! `csm import` run through the real binary on fixture files, and the store read back: shared
//! by the import tests.

#![allow(dead_code)] // each test file uses its own part

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use csm::domain::Account;
use csm::store::Store;

pub const AS_OF: &str = "2026-11-24";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Runs `csm import KIND FILE` (plus `extra`) on the book `db`: (success, stdout, stderr).
pub fn import(db: &Path, kind: &str, file: &Path, extra: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_csm"))
        .args(["--as-of", AS_OF, "--db"])
        .arg(db)
        .args(["import", kind])
        .arg(file)
        .args(extra)
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

pub fn imported(db: &Path, kind: &str, file: &Path) -> String {
    let (ok, out, err) = import(db, kind, file, &[]);
    assert!(ok, "{err}");
    out
}

pub fn date(s: &str) -> Option<NaiveDate> {
    Some(s.parse().unwrap())
}

pub fn account(store: &Store, external_id: &str) -> Account {
    store.accounts().unwrap().into_iter().find(|a| a.external_id == external_id).unwrap()
}

/// Every table's rows, for "nothing was written".
pub fn dump(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = Vec::new();
    let tables = [
        "account",
        "contact",
        "usage",
        "feature",
        "feature_usage",
        "nps_response",
        "ticket",
        "interaction",
        "interaction_contact",
        "opportunity",
    ];
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2")).unwrap();
        let columns = stmt.column_count();
        let rows = stmt
            .query_map([], |row| {
                let cells: Vec<String> =
                    (0..columns).map(|i| format!("{:?}", row.get_ref(i).unwrap())).collect();
                Ok(format!("{table}: {}", cells.join("|")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}
