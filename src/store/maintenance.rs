//! The store file as a whole: a consistent copy taken while the book is in use (SQLite's online
//! backup) and the checks that say whether a file is intact (page structure, references between
//! records, schema version). Nothing here reads or changes the book's records, and nothing here
//! prints: callers get typed results and decide how to show them.
//!
//! Both are operations on a book *file*: a book on a PostgreSQL server is backed up by the
//! server's own tools (`pg_dump`) and kept intact by the server; [`Store::backup`] of such a
//! book refuses with [`BackupError::OnServer`], which says so, rather than copy nothing.

use std::path::{Path, PathBuf};

use rusqlite::backup::{Backup, Progress, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::schema::LATEST_VERSION;
use super::{Store, StoreError, StoreResult, opening};
use crate::output::{self, OutputError, PendingFile};

/// Pages copied per backup step (4 MiB at SQLite's default page size): between steps the source
/// is free, so a writer in rollback-journal mode waits at most one step, and a commit made by
/// another connection restarts the copy rather than mixing two states of the book.
pub const PAGES_PER_STEP: i32 = 1024;

/// After this many restarts caused by other connections' commits, the rest is copied in one step:
/// a book written continuously would otherwise never finish. In WAL mode one long read does not
/// block writers, so the fallback costs them nothing.
const RESTARTS_BEFORE_ONE_STEP: u32 = 3;

/// How many problems a check lists; beyond them it only counts.
pub const PROBLEM_LIMIT: usize = 200;

/// A backup that could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists")]
    Exists(String),
    #[error("{0} is the book itself")]
    SameFile(String),
    #[error("cannot write the backup {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("cannot copy the book to {path}: {reason}")]
    Copy { path: String, reason: String },
    #[error(
        "the book is on a PostgreSQL server: csm backup copies a book file; back the server's \
         database up with pg_dump"
    )]
    OnServer,
    #[error(transparent)]
    Target(#[from] OutputError),
    #[error(transparent)]
    Book(#[from] StoreError),
}

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub path: PathBuf,
    /// The size of the copy, in bytes.
    pub bytes: u64,
    /// How many times other connections' commits restarted the copy.
    pub restarts: u32,
}

impl Store {
    /// Copies the book to `dest`, a new file readable by its owner only, while other connections
    /// may go on reading and writing. The copy holds one committed state of the book.
    ///
    /// The copy is written beside `dest` and renamed onto it when complete, so `dest` never holds
    /// half a book. With `replace`, an existing `dest` (and any journal left beside it) is
    /// replaced; without it, an existing `dest` is refused. A `dest` that is not a regular file
    /// (a link, a device, a directory) is always refused.
    ///
    /// # Errors
    /// `dest` exists (without `replace`) or is the book itself, or it cannot be written; the
    /// book is on a server ([`BackupError::OnServer`]).
    pub fn backup(&self, dest: &Path, replace: bool) -> Result<BackupReport, BackupError> {
        self.backup_in_steps(dest, replace, PAGES_PER_STEP, |_| {})
    }

    /// [`Store::backup`], `pages` at a time, calling `between` after every step that leaves pages
    /// to copy.
    ///
    /// # Errors
    /// As [`Store::backup`].
    pub fn backup_in_steps(
        &self,
        dest: &Path,
        replace: bool,
        pages: i32,
        between: impl FnMut(Progress),
    ) -> Result<BackupReport, BackupError> {
        let Ok(conn) = self.backend.sqlite() else {
            return Err(BackupError::OnServer);
        };
        backup_from(conn, dest, replace, pages, between)
    }
}

/// Copies the store file at `source` to `dest` as [`Store::backup`] does, through a read-only
/// connection: the book is neither migrated nor written, so a book of an older schema is copied
/// as it is, before anything upgrades it.
///
/// # Errors
/// `source` cannot be read, or as [`Store::backup`].
pub fn backup_file(source: &Path, dest: &Path, replace: bool) -> Result<BackupReport, BackupError> {
    let book = opening::look(source)?;
    let conn = open_read_only(source)?;
    let copied = backup_from(&conn, dest, replace, PAGES_PER_STEP, |_| {});
    // The connection closes before the file stops counting as open here.
    drop(conn);
    drop(book);
    copied
}

/// A read-only connection to the book at `path`, already looked at: SQLite's own when this
/// process may write beside the book and what is beside it is the owner's (it then shares the
/// `-shm` with writers, the safest way to read a book in use), else one that creates no file
/// beside it and never takes another user's `-wal` in.
fn open_read_only(path: &Path) -> StoreResult<Connection> {
    let Some(why) = opening::read_barrier(path) else {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| StoreError::open(path, e))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // The first read opens the `-wal` and `-shm`, creating them if needed: on a full disk
        // that fails, and the book is read as the files on disk hold it.
        match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(())) {
            Err(e) if opening::is_write_failure(&e) => {}
            _ => return Ok(conn),
        }
        drop(conn);
        return opening::unwritable_connection(path, "the disk is full or cannot be written");
    };
    opening::unwritable_connection(path, &why)
}

fn backup_from(
    source: &Connection,
    dest: &Path,
    replace: bool,
    pages: i32,
    between: impl FnMut(Progress),
) -> Result<BackupReport, BackupError> {
    let shown = crate::domain::shown_path(dest);
    if dest.exists() && is_file_of(source, dest) {
        return Err(BackupError::SameFile(shown));
    }
    output::check_target(dest)?;
    if dest.exists() && !replace {
        return Err(BackupError::Exists(shown));
    }
    let write = |source| BackupError::Write { path: shown.clone(), source };
    // A new private file beside `dest`, so the rename stays on one file system; SQLite writes it
    // by name, and its journal beside it shares its name, so a crash's leftovers are both
    // removed by the next write in the directory.
    let partial = PendingFile::create(dest)?;
    let restarts = copy(source, partial.path(), pages, between)
        .map_err(|e| BackupError::Copy { path: shown.clone(), reason: e.to_string() })?;
    // A journal left beside an older `dest` would be replayed into the new copy on open.
    for suffix in ["-wal", "-shm", "-journal"] {
        remove_if_present(&opening::with_suffix(dest, suffix)).map_err(write)?;
    }
    let bytes = partial.commit()?;
    Ok(BackupReport { path: dest.to_path_buf(), bytes, restarts })
}

/// Whether `path` names the file `conn` has open.
fn is_file_of(conn: &Connection, path: &Path) -> bool {
    let Some(own) = conn.path().filter(|p| !p.is_empty()) else { return false };
    match (std::fs::canonicalize(own), std::fs::canonicalize(path)) {
        (Ok(own), Ok(other)) => own == other,
        _ => false,
    }
}

/// Runs the online backup from `source` into the file at `path`; returns how often it restarted.
fn copy(
    source: &Connection,
    path: &Path,
    pages: i32,
    mut between: impl FnMut(Progress),
) -> rusqlite::Result<u32> {
    let mut dest = Connection::open(path)?;
    let mut restarts = 0;
    {
        let backup = Backup::new(source, &mut dest)?;
        let mut remaining = None;
        loop {
            let step = if restarts >= RESTARTS_BEFORE_ONE_STEP { -1 } else { pages.max(1) };
            match backup.step(step)? {
                StepResult::Done => break,
                StepResult::More => {
                    let progress = backup.progress();
                    // The count of pages left grows only when SQLite started over.
                    if remaining.is_some_and(|left| progress.remaining > left) {
                        restarts += 1;
                    }
                    remaining = Some(progress.remaining);
                    between(progress);
                }
                // Busy, locked: another connection holds a lock for a moment; wait as a writer
                // would.
                _ => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    }
    dest.close().map_err(|(_, e)| e)?;
    Ok(restarts)
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// One thing wrong with a store file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// SQLite found the file damaged (a line of `PRAGMA integrity_check`, or the error that
    /// stopped it).
    Damaged(String),
    /// A record refers to a record that does not exist.
    DanglingReference {
        table: String,
        /// The row, for tables that have row ids.
        rowid: Option<i64>,
        column: String,
        parent: String,
    },
    /// The file is a SQLite database without a book in it.
    NotABook,
    /// The file is not a SQLite database at all (empty, cut short, something else): what was
    /// found.
    NotADatabase(String),
    /// The schema is newer than this csm knows.
    NewerSchema { found: usize, latest: usize },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Damaged(message) => write!(f, "damaged: {message}"),
            Self::DanglingReference { table, rowid: Some(rowid), column, parent } => {
                write!(f, "{table} row {rowid}: {column} refers to a missing {parent}")
            }
            Self::DanglingReference { table, rowid: None, column, parent } => {
                write!(f, "{table}: a row's {column} refers to a missing {parent}")
            }
            Self::NotABook => f.write_str("not a csm book: the file holds no accounts table"),
            Self::NotADatabase(found) => f.write_str(found),
            Self::NewerSchema { found, latest } => {
                write!(f, "schema {found} is newer than this csm knows ({latest}): use a newer csm")
            }
        }
    }
}

/// What a check of a store file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// The problems, at most [`PROBLEM_LIMIT`] of them.
    pub problems: Vec<Problem>,
    /// Problems found beyond the limit, counted only.
    pub more: usize,
    /// The schema version the file is at (0 when it could not be read).
    pub schema: usize,
    /// The schema version this csm writes.
    pub latest: usize,
    /// How many accounts the book holds, when the file could be read.
    pub accounts: Option<usize>,
}

impl CheckReport {
    /// Intact: nothing wrong was found.
    #[must_use]
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty() && self.more == 0
    }

    fn add(&mut self, problem: Problem) {
        if self.problems.len() < PROBLEM_LIMIT {
            self.problems.push(problem);
        } else {
            self.more += 1;
        }
    }
}

/// Whether an error means the file itself is damaged (or not a database at all), as opposed to
/// something the check could not do.
fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(error.sqlite_error_code(), Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase))
}

/// Checks the store file at `path` without changing it: SQLite's integrity check, every foreign
/// key, and the schema version. The file is opened read-only and never migrated, so a check can
/// run on a copy, a backup or a book in use.
///
/// # Errors
/// The file cannot be opened or read for a reason other than damage (missing, no permission,
/// locked beyond the busy timeout).
pub fn check(path: &Path) -> StoreResult<CheckReport> {
    let mut report = CheckReport {
        problems: Vec::new(),
        more: 0,
        schema: 0,
        latest: LATEST_VERSION,
        accounts: None,
    };
    let book = match opening::look(path) {
        Ok(book) => book,
        Err(e @ (StoreError::Empty(_) | StoreError::NotSqlite { .. })) => {
            report.add(Problem::NotADatabase(e.to_string()));
            return Ok(report);
        }
        Err(e) => return Err(e),
    };
    let conn = open_read_only(path)?;
    let examined = examine(&conn, &mut report);
    drop(conn);
    drop(book);
    match examined {
        Err(e) if is_damage(&e) => {
            report.add(Problem::Damaged(e.to_string()));
            Ok(report)
        }
        other => {
            other?;
            Ok(report)
        }
    }
}

/// The checks in order; damage found by the first stops the rest, which would only trip on it.
fn examine(conn: &Connection, report: &mut CheckReport) -> rusqlite::Result<()> {
    // The pragma takes its limit as a literal: a bound parameter would be read as a table name.
    let mut stmt = conn.prepare(&format!("PRAGMA integrity_check({PROBLEM_LIMIT})"))?;
    let lines: Vec<String> = stmt.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?;
    for line in lines.into_iter().filter(|line| line != "ok") {
        report.add(Problem::Damaged(line));
    }
    if !report.is_intact() {
        return Ok(());
    }

    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    report.schema = usize::try_from(version).unwrap_or(0);
    let has_accounts: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'account')",
        [],
        |row| row.get(0),
    )?;
    if !has_accounts {
        report.add(Problem::NotABook);
        return Ok(());
    }
    if report.schema > LATEST_VERSION {
        report.add(Problem::NewerSchema { found: report.schema, latest: LATEST_VERSION });
    }

    dangling_references(conn, report)?;
    let accounts: i64 = conn.query_row("SELECT count(*) FROM account", [], |row| row.get(0))?;
    report.accounts = Some(usize::try_from(accounts).unwrap_or(0));
    Ok(())
}

fn dangling_references(conn: &Connection, report: &mut CheckReport) -> rusqlite::Result<()> {
    let mut check = conn.prepare("PRAGMA foreign_key_check")?;
    let mut column = conn.prepare_cached(
        "SELECT \"from\" FROM pragma_foreign_key_list(?1) WHERE id = ?2 ORDER BY seq LIMIT 1",
    )?;
    let mut rows = check.query([])?;
    while let Some(row) = rows.next()? {
        let table: String = row.get(0)?;
        let rowid: Option<i64> = row.get(1)?;
        let parent: String = row.get(2)?;
        let key: i64 = row.get(3)?;
        let from: String =
            column.query_row(rusqlite::params![table, key], |r| r.get(0)).unwrap_or_default();
        report.add(Problem::DanglingReference { table, rowid, column: from, parent });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
