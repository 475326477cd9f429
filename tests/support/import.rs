//! What the import tests share: a book of their own on either engine (a file, or a book on this
//! process's throwaway PostgreSQL server), running `csm` on it, the fixtures, a dump of every
//! table to prove that a refused file wrote nothing, and the runner that puts one test on each
//! engine. It must not change what csm does: it only runs the binary and reads the book.

#![allow(dead_code)] // each test file uses its own part

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

use csm::domain::Account;
use csm::store::Store;
use csm::test_support::postgres::{self, TestDatabase};

#[path = "engines.rs"]
mod engines;
#[allow(unused_imports)] // each test file uses its own part
pub use engines::{Engine, on_each_engine};

pub const AS_OF: &str = "2026-11-24";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Runs `csm ARGS` on the book `db` (a path or a URL), with the configuration file
/// `dir/config.toml` (absent unless a test writes one): (success, stdout, stderr) as bytes.
fn run(db: &OsStr, dir: &Path, args: &[&str]) -> (bool, Vec<u8>, Vec<u8>) {
    let config = dir.join("config.toml");
    let mut command = Command::new(env!("CARGO_BIN_EXE_csm"));
    command.env_remove("CSM_CONFIG").env_remove("CSM_DB").args(["--as-of", AS_OF, "--db"]).arg(db);
    // A named configuration file must exist; without one, the platform's place is kept away
    // from the user's own.
    if config.exists() {
        command.arg("--config").arg(config);
    } else {
        command.env("XDG_CONFIG_HOME", dir.join("no-config"));
    }
    let out = command.args(args).output().unwrap();
    (out.status.success(), out.stdout, out.stderr)
}

/// The arguments of `csm import KIND FILE EXTRA…`.
fn import_args<'a>(kind: &'a str, file: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let file = file.to_str().unwrap();
    ["import", kind, file].into_iter().chain(extra.iter().copied()).collect()
}

/// A run's (success, stdout, stderr), its output as text.
fn text((ok, out, err): (bool, Vec<u8>, Vec<u8>)) -> (bool, String, String) {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (ok, text(&out), text(&err))
}

/// Runs `csm ARGS` on the book file `db`, with the configuration file beside it (absent unless
/// a test writes one): (success, stdout, stderr) as bytes.
pub fn csm(db: &Path, args: &[&str]) -> (bool, Vec<u8>, Vec<u8>) {
    run(db.as_os_str(), db.parent().unwrap(), args)
}

/// Runs `csm import KIND FILE` (plus `extra`) on the book file `db`: (success, stdout,
/// stderr). A book that does not exist yet is made first with `csm init`, as a user would (an
/// import never creates one).
pub fn import(db: &Path, kind: &str, file: &Path, extra: &[&str]) -> (bool, String, String) {
    if !db.exists() {
        let (ok, _, err) = csm(db, &["init"]);
        assert!(ok, "csm init: {}", String::from_utf8_lossy(&err));
    }
    text(csm(db, &import_args(kind, file, extra)))
}

pub fn date(s: &str) -> Option<chrono::NaiveDate> {
    Some(s.parse().unwrap())
}

pub fn account(store: &Store, external_id: &str) -> Account {
    store.accounts().unwrap().into_iter().find(|a| a.external_id == external_id).unwrap()
}

/// Where a book is.
enum Place {
    File(PathBuf),
    Server(TestDatabase),
}

/// A book of its own, on one engine, with a temporary directory beside it for the files
/// imported into it and its configuration.
pub struct Book {
    pub dir: tempfile::TempDir,
    place: Place,
}

impl Book {
    /// An empty book on `engine`: a file made as `csm init` makes one, or a server's book made
    /// as `csm server init` makes one (`csm init` refuses a server).
    pub fn new(engine: &Engine) -> Self {
        if engine.is_sqlite() {
            return Self::new_file();
        }
        // The runner hands a test PostgreSQL only where its books can be made.
        let place = Place::Server(postgres::book(engine.label()).unwrap());
        Self { dir: tempfile::tempdir().unwrap(), place }
    }

    /// An empty book file, for the tests that are about a file.
    pub fn new_file() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("book.db");
        drop(Store::create(&db).unwrap());
        Self { dir, place: Place::File(db) }
    }

    /// The book's file.
    ///
    /// # Panics
    /// The book is on a server.
    pub fn path(&self) -> &Path {
        match &self.place {
            Place::File(path) => path,
            Place::Server(_) => panic!("a book on a server has no file"),
        }
    }

    /// A book holding the two HubSpot companies (`18233441001` Nimbus Lark at
    /// nimbuslark.example, `18233441002` Copperfield at copperfield.example).
    pub fn with_companies(engine: &Engine) -> Self {
        let book = Self::new(engine);
        book.imported("accounts", &fixture("hubspot_companies.csv"), &[]);
        book
    }

    /// What `--db` names: the file's path or the server's URL.
    pub fn location(&self) -> OsString {
        match &self.place {
            Place::File(path) => path.clone().into_os_string(),
            Place::Server(db) => db.url().into(),
        }
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

    /// Runs `csm ARGS` on the book, with the configuration file beside it (absent unless a
    /// test writes one): (success, stdout, stderr) as bytes.
    pub fn csm(&self, args: &[&str]) -> (bool, Vec<u8>, Vec<u8>) {
        run(&self.location(), self.dir.path(), args)
    }

    /// Runs `csm import KIND FILE` (plus `extra`) on the book: (success, stdout, stderr).
    pub fn import(&self, kind: &str, file: &Path, extra: &[&str]) -> (bool, String, String) {
        text(self.csm(&import_args(kind, file, extra)))
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

    /// Every row of every table, in the form of [`dump`].
    pub fn dump(&self) -> Vec<String> {
        match &self.place {
            Place::File(path) => dump(path),
            Place::Server(db) => dump_server(db),
        }
    }

    pub fn store(&self) -> Store {
        match &self.place {
            Place::File(path) => Store::open(path).unwrap(),
            Place::Server(db) => Store::connect(&db.url()).unwrap(),
        }
    }

    pub fn account(&self, external_id: &str) -> Account {
        account(&self.store(), external_id)
    }
}

/// A row as `table: column=cell|column=cell…`, each cell as its text quoted, or `NULL`: the
/// same text on either engine for the same values (integers and dates as SQLite keeps them,
/// bytes as `\x` and hex, as PostgreSQL writes them).
fn row_line(table: &str, cells: impl Iterator<Item = (String, Option<String>)>) -> String {
    let cells: Vec<String> = cells
        .map(|(column, cell)| match cell {
            Some(text) => format!("{column}={text:?}"),
            None => format!("{column}=NULL"),
        })
        .collect();
    format!("{table}: {}", cells.join("|"))
}

/// Every row of every table of the book file `db`, each table's rows in order, for "nothing
/// was written".
pub fn dump(db: &Path) -> Vec<String> {
    use rusqlite::types::ValueRef;
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut tables =
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").unwrap();
    let tables: Vec<String> =
        tables.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect();
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
        let rows = stmt
            .query_map([], |row| {
                let cells = columns.iter().enumerate().map(|(i, column)| {
                    let cell = match row.get_ref(i).unwrap() {
                        ValueRef::Null => None,
                        ValueRef::Integer(n) => Some(n.to_string()),
                        ValueRef::Real(x) => Some(x.to_string()),
                        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
                        ValueRef::Blob(b) => {
                            Some(b.iter().fold("\\x".to_owned(), |s, b| s + &format!("{b:02x}")))
                        }
                    };
                    (column.clone(), cell)
                });
                Ok(row_line(&table, cells))
            })
            .unwrap();
        let mut rows: Vec<String> = rows.map(Result::unwrap).collect();
        rows.sort();
        out.extend(rows);
    }
    out
}

/// Every row of every table of the server's book `db` (the public schema, less csm's history
/// of migrations, which no import writes), in the form of [`dump`], through a client of its
/// own: in two round trips, each cell as PostgreSQL writes it as text (dates in ISO form,
/// floats shortest, bytes in hex).
fn dump_server(db: &TestDatabase) -> Vec<String> {
    use ::postgres::SimpleQueryMessage;
    let mut client = db.connect();
    let rows = |messages: Vec<SimpleQueryMessage>| {
        messages.into_iter().filter_map(|message| match message {
            SimpleQueryMessage::Row(row) => Some(row),
            _ => None,
        })
    };
    let tables: Vec<String> = rows(
        client
            .simple_query(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = 'public' AND c.relkind = 'r' \
                 AND c.relname <> 'csm_schema_history' ORDER BY 1",
            )
            .unwrap(),
    )
    .map(|row| row.get(0).unwrap().to_owned())
    .collect();
    let every: String = tables.iter().map(|table| format!("SELECT * FROM \"{table}\";")).collect();
    let mut out = Vec::new();
    // The statements answer in turn, each ending with its count.
    let mut answering = tables.iter();
    let mut table = answering.next();
    let mut lines = Vec::new();
    for message in client.simple_query(&every).unwrap() {
        match message {
            SimpleQueryMessage::Row(row) => {
                let cells = (0..row.len())
                    .map(|i| (row.columns()[i].name().to_owned(), row.get(i).map(str::to_owned)));
                lines.push(row_line(table.unwrap(), cells));
            }
            SimpleQueryMessage::CommandComplete(_) => {
                lines.sort();
                out.append(&mut lines);
                table = answering.next();
            }
            _ => {}
        }
    }
    out
}
