//! The real binary, kept away from the user's own book and configuration, and one demo book
//! shared by the tests of a file.

#![allow(dead_code)] // each test file uses its own part

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub const AS_OF: &str = "2026-11-24";

/// The binary's output as text (it writes UTF-8 only).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// `csm` with `home` as its home: no `CSM_DB`, `CSM_CONFIG` or real data directory reach it.
pub fn csm(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_csm"));
    cmd.env_remove("CSM_DB")
        .env_remove("CSM_CONFIG")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"));
    cmd
}

/// Runs `cmd`, failing the test when it fails.
pub fn run(cmd: &mut Command) -> Output {
    let output = cmd.output().expect("run csm");
    assert!(output.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    output
}

/// A new, empty book at `db`, made with `csm init` (an import never creates one).
pub fn init_book(home: &Path, db: &Path) {
    run(csm(home).arg("init").arg("--db").arg(db));
}

/// One demo book shared by the tests of a file: (temp dir, book path). Tests that change a
/// book work on a copy.
pub fn demo_book() -> &'static (tempfile::TempDir, PathBuf) {
    static BOOK: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    BOOK.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db = dir.path().join("demo.db");
        run(csm(dir.path()).args(["demo", "--no-open", "--as-of", AS_OF, "--db"]).arg(&db));
        (dir, db)
    })
}

/// The demo book of [`demo_book`] copied into a book on this process's PostgreSQL server with
/// `csm server load`, shared the same way: its URL; `None` where PostgreSQL tests are skipped.
pub fn demo_server_book() -> Option<&'static str> {
    static URL: OnceLock<Option<String>> = OnceLock::new();
    let url = URL.get_or_init(|| {
        let url = csm::test_support::postgres::book("demo_server_book")?.url();
        let (dir, file) = demo_book();
        let mut load = csm(dir.path());
        load.args(["server", "load"]).arg(file).args(["--as-of", AS_OF, "--db", &url]);
        run(&mut load);
        Some(url)
    });
    url.as_deref()
}

/// A demo book of a few accounts of its own, for the tests that change it: (dir, book).
pub fn own_demo_book() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = dir.path().join("book.db");
    run(csm(dir.path())
        .args(["demo", "--no-open", "--accounts", "6", "--as-of", AS_OF, "--db"])
        .arg(&db));
    (dir, db)
}

/// `csm --as-of AS_OF --db DB ARGS` (the global options first, so that `--` may end ARGS).
pub fn on_book(dir: &Path, db: &Path, args: &[&str]) -> Command {
    let mut cmd = csm(dir);
    cmd.args(["--as-of", AS_OF, "--db"]).arg(db).args(args);
    cmd
}

/// Runs `csm ARGS` on the book, which must succeed saying nothing on standard error; its
/// standard output.
pub fn ok_on_book(dir: &Path, db: &Path, args: &[&str]) -> String {
    let output = run(&mut on_book(dir, db, args));
    assert!(output.stderr.is_empty(), "{args:?}: {}", text(&output.stderr));
    text(&output.stdout)
}
