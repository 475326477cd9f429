//! What the import tests share: running `csm import` on a book of their own, the fixtures, and a
//! dump of every table to prove that a refused file wrote nothing.

#![allow(dead_code)] // each test file uses its own part

use std::path::{Path, PathBuf};
use std::process::Command;

use csm::domain::Account;
use csm::store::Store;

pub const AS_OF: &str = "2026-11-24";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Runs `csm ARGS` on the book `db`, with the configuration file beside it (absent unless a
/// test writes one): (success, stdout, stderr) as bytes.
pub fn csm(db: &Path, args: &[&str]) -> (bool, Vec<u8>, Vec<u8>) {
    let config = db.with_file_name("config.toml");
    let mut command = Command::new(env!("CARGO_BIN_EXE_csm"));
    command.env_remove("CSM_CONFIG").env_remove("CSM_DB").args(["--as-of", AS_OF, "--db"]).arg(db);
    // A named configuration file must exist; without one, the platform's place is kept away
    // from the user's own.
    if config.exists() {
        command.arg("--config").arg(config);
    } else {
        command.env("XDG_CONFIG_HOME", db.with_file_name("no-config"));
    }
    let out = command.args(args).output().unwrap();
    (out.status.success(), out.stdout, out.stderr)
}

/// Runs `csm import KIND FILE` (plus `extra`) on the book `db`: (success, stdout, stderr). A
/// book that does not exist yet is made first with `csm init`, as a user would (an import never
/// creates one).
pub fn import(db: &Path, kind: &str, file: &Path, extra: &[&str]) -> (bool, String, String) {
    if !db.exists() {
        let (ok, _, err) = csm(db, &["init"]);
        assert!(ok, "csm init: {}", String::from_utf8_lossy(&err));
    }
    let file = file.to_str().unwrap();
    let args: Vec<&str> = ["import", kind, file].into_iter().chain(extra.iter().copied()).collect();
    let (ok, out, err) = csm(db, &args);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (ok, text(&out), text(&err))
}

/// `csm import` that must succeed: its stdout.
pub fn imported(db: &Path, kind: &str, file: &Path) -> String {
    let (ok, out, err) = import(db, kind, file, &[]);
    assert!(ok, "{err}");
    out
}

pub fn date(s: &str) -> Option<chrono::NaiveDate> {
    Some(s.parse().unwrap())
}

pub fn account(store: &Store, external_id: &str) -> Account {
    store.accounts().unwrap().into_iter().find(|a| a.external_id == external_id).unwrap()
}

/// Every row of every table, for "nothing was written".
pub fn dump(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut tables =
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").unwrap();
    let tables: Vec<String> =
        tables.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect();
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1")).unwrap();
        let columns = stmt.column_count();
        let rows = stmt
            .query_map([], |row| {
                let cells: Vec<String> =
                    (0..columns).map(|i| format!("{:?}", row.get_ref(i).unwrap())).collect();
                Ok(format!("{table}: {}", cells.join("|")))
            })
            .unwrap();
        let mut rows: Vec<String> = rows.map(Result::unwrap).collect();
        rows.sort();
        out.extend(rows);
    }
    out
}

/// A book of its own in a temporary directory, and the files imported into it.
pub struct Book {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Book {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("book.db");
        drop(Store::create(&db).unwrap());
        Self { dir, db }
    }

    /// A book holding the two HubSpot companies (`18233441001` Nimbus Lark at
    /// nimbuslark.example, `18233441002` Copperfield at copperfield.example).
    pub fn with_companies() -> Self {
        let book = Self::new();
        book.imported("accounts", &fixture("hubspot_companies.csv"), &[]);
        book
    }

    /// Writes the book's configuration file.
    pub fn config(&self, toml: &str) {
        std::fs::write(self.dir.path().join("config.toml"), toml).unwrap();
    }

    /// Writes `bytes` to the file `name` beside the book.
    pub fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    pub fn import(&self, kind: &str, file: &Path, extra: &[&str]) -> (bool, String, String) {
        import(&self.db, kind, file, extra)
    }

    /// An import that must succeed: its stdout, the file's path shown as `FILE`.
    pub fn imported(&self, kind: &str, file: &Path, extra: &[&str]) -> String {
        let (ok, out, err) = self.import(kind, file, extra);
        assert!(ok, "{err}");
        // Besides what the playbooks made after the import, nothing on stderr.
        let other = err.lines().filter(|l| !l.starts_with("playbooks: ")).count();
        assert_eq!(other, 0, "{err}");
        out.replace(file.to_str().unwrap(), "FILE")
    }

    /// An import that must be refused without writing anything: its problems, one a line, the
    /// file's path shown as `FILE` (and `MAP` for a `--map` file beside the book).
    pub fn refused(&self, kind: &str, file: &Path, extra: &[&str]) -> String {
        let before = self.dump();
        let (ok, out, err) = self.import(kind, file, extra);
        assert!(!ok, "imported: {out}");
        assert!(out.is_empty(), "{out}");
        assert_eq!(self.dump(), before, "a refused file wrote nothing");
        let shown = file.to_str().unwrap();
        let map = self.dir.path().join("map.toml");
        let err = err.replace(shown, "FILE").replace(map.to_str().unwrap(), "MAP");
        let err = err.strip_prefix("csm: ").unwrap_or_else(|| panic!("{err}"));
        match err.strip_suffix("nothing was imported from FILE\n") {
            Some(problems) => problems.to_owned(),
            None => err.to_owned(),
        }
    }

    pub fn dump(&self) -> Vec<String> {
        dump(&self.db)
    }

    pub fn store(&self) -> Store {
        Store::open(&self.db).unwrap()
    }

    pub fn account(&self, external_id: &str) -> Account {
        account(&self.store(), external_id)
    }
}
