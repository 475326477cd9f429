//! The store's errors: what went wrong, said for the person reading it, in terms that do not
//! depend on the engine: an engine's failure is a [`StoreError::Backend`] of a
//! [`BackendKind`] the callers can act on, with the engine's own words as its message. A lock
//! held by another program is told as such wherever the engine reported it. Nothing here opens
//! or reads a book.

use std::path::Path;

use rusqlite::ErrorCode;

use super::{Conflict, opening};

/// Something went wrong in the store; the message says what and, for files, where.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no book at {0}")]
    Missing(String),
    #[error("{0} is a directory, not a csm book")]
    Directory(String),
    #[error("{0} is not a regular file: not a csm book")]
    NotAFile(String),
    #[error("{0} is empty (0 bytes): not a csm book")]
    Empty(String),
    #[error("{path} is not a SQLite database ({found}): not a csm book")]
    NotSqlite { path: String, found: String },
    #[error("{path} is a SQLite database of another program (tables: {tables}), not a csm book")]
    Foreign { path: String, tables: String },
    #[error(
        "{path} is a book at schema {found}, newer than this csm knows ({latest}): use a newer csm"
    )]
    Newer { path: String, found: usize, latest: usize },
    #[error("cannot read {path}: {source}")]
    Unreadable { path: String, source: std::io::Error },
    #[error(
        "{path} cannot be written ({why}): csm can read it (report, export, check, backup) but not change it"
    )]
    ReadOnly { path: String, why: String },
    #[error(
        "{file} belongs to another user (uid {owner}), so {path} cannot be written: {} (csm can still read it: report, export, check, backup)",
        foreign_advice(.path, *.pending)
    )]
    ForeignFile { path: String, file: String, owner: u32, pending: bool },
    #[error(
        "{path} has changes not yet written into it (in {pending}), which cannot be read without writing beside the book ({why}): copy both files together to a place you can write and use the copy, or open the book once where it can be written"
    )]
    PendingChanges { path: String, pending: String, why: String },
    #[error(
        "{path} is at schema {found}, not this csm's {latest}, and cannot be brought up to date here ({why}): open it once where it can be written, or use the csm that wrote it"
    )]
    OtherSchema { path: String, found: usize, latest: usize, why: String },
    #[error("another program is writing the book; try again when it has finished")]
    Busy,
    #[error(
        "{path} is damaged ({reason}): `csm check` lists what is wrong; restore it from a backup"
    )]
    Damaged { path: String, reason: String },
    #[error("cannot open the store {path}: {reason}")]
    Open { path: String, kind: BackendKind, reason: String },
    #[error("cannot create the store {path}: {source}")]
    Create { path: String, source: std::io::Error },
    /// The schema could not be migrated: why, and the engine's failure that stopped it, if one
    /// did.
    #[error("cannot bring the store's schema up to date: {message}")]
    Migrate { message: String, failed: Option<(BackendKind, String)> },
    /// The engine failed: what kind of failure, in its own words.
    #[error("store: {message}")]
    Backend { kind: BackendKind, message: String },
    #[error(transparent)]
    Conflict(#[from] Conflict),
    /// The connection to the server went away during the action (the server restarted, the
    /// network dropped, the session was ended): nothing of it was saved, and the next action
    /// connects again.
    #[error(
        "the connection to the server was lost ({reason}): nothing of this action was saved; csm connects again on the next"
    )]
    ConnectionLost { reason: String },
    /// The connection went away while the server was asked to commit: the commit may have
    /// happened or not, and no one can tell from this side (the server may have written it
    /// before the answer was lost). The next action connects again and reads what was kept.
    #[error(
        "the connection to the server was lost while this action was being saved ({reason}): whether the server kept it cannot be told from here; csm connects again on the next action and shows what was kept"
    )]
    CommitLost { reason: String },
    /// A book on a PostgreSQL server could not be reached, entered or used.
    #[error(transparent)]
    Server(#[from] super::ServerError),
}

/// What the owner of a book locked out by another user's `-wal` or `-shm` can do. An empty
/// `-wal` (a reader's) may go; one with content (`pending`) holds changes committed by a user
/// the owner let write, which are lost if it is removed.
fn foreign_advice(path: &str, pending: bool) -> String {
    if pending {
        // Whether the changes are a colleague's or planted, only the owner can tell: csm reads
        // the book without them and says both ways out (paths once: the line must stay short).
        format!(
            "its -wal holds changes not in the book, which csm leaves out: if you let that user \
             make them, have them (or root) move them in with \
             `sqlite3 {path} 'PRAGMA wal_checkpoint(TRUNCATE)'`; otherwise remove the -wal and \
             -shm (and -journal, if there) once no program has the book open"
        )
    } else {
        format!(
            "remove {path}-wal and {path}-shm (and {path}-journal, if there) once no program has \
             the book open"
        )
    }
}

/// What kind of failure the engine reported, as far as a caller can do something about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    /// A write broke one of the schema's rules (a taken id or key, a value out of range, a
    /// reference to nothing): the data's fault, not the store's.
    Constraint,
    /// The book is damaged, or not a book the engine can read.
    Corrupt,
    /// The book could not be written or reached (read-only, a full disk, no permission, an
    /// input or output failure).
    Io,
    /// Anything else: a bug, or the engine failing in a way no caller can act on.
    Other,
}

impl StoreError {
    /// Whether a write broke one of the schema's rules (a taken id or key, a value out of
    /// range, a reference to nothing): the data's fault, not the store's.
    #[must_use]
    pub fn is_constraint(&self) -> bool {
        matches!(self, Self::Backend { kind: BackendKind::Constraint, .. })
    }

    /// A write refused by the schema's rules, said in `message`: what the store reports when it
    /// checks a rule itself rather than leaving it to the engine.
    pub(super) fn constraint(message: String) -> Self {
        Self::Backend { kind: BackendKind::Constraint, message }
    }
}

/// Whether SQLite gave up waiting for another connection's lock.
fn is_busy(error: &rusqlite::Error) -> bool {
    error.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
}

/// What kind of failure SQLite's `error` is.
fn kind_of(error: &rusqlite::Error) -> BackendKind {
    match error.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => BackendKind::Constraint,
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => BackendKind::Corrupt,
        _ if opening::is_write_failure(error) => BackendKind::Io,
        _ => BackendKind::Other,
    }
}

// A lock held beyond the busy timeout is told as what it is, wherever it surfaced.
impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        if is_busy(&error) {
            Self::Busy
        } else {
            Self::Backend { kind: kind_of(&error), message: error.to_string() }
        }
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(error: rusqlite_migration::Error) -> Self {
        match &error {
            rusqlite_migration::Error::RusqliteError { err, .. } if is_busy(err) => Self::Busy,
            rusqlite_migration::Error::RusqliteError { err, .. } => Self::Migrate {
                message: error.to_string(),
                failed: Some((kind_of(err), err.to_string())),
            },
            _ => Self::Migrate { message: error.to_string(), failed: None },
        }
    }
}

impl StoreError {
    /// The failed open of `path` that `source` stopped.
    pub(super) fn open(path: &Path, source: rusqlite::Error) -> Self {
        match Self::from(source) {
            Self::Backend { kind, message } => Self::failed_open(path, kind, message),
            other => other,
        }
    }

    /// The open of `path` stopped by the engine's failure of `kind`, told as damage when the
    /// engine found the book damaged.
    fn failed_open(path: &Path, kind: BackendKind, reason: String) -> Self {
        let path = crate::domain::shown_path(path);
        if kind == BackendKind::Corrupt {
            Self::Damaged { path, reason }
        } else {
            Self::Open { path, kind, reason }
        }
    }

    /// The error of setting up the book at `path`, told as damage when the engine found it
    /// damaged.
    pub(super) fn while_opening(self, path: &Path) -> Self {
        match self {
            Self::Backend { kind, message }
            | Self::Migrate { failed: Some((kind, message)), .. } => {
                Self::failed_open(path, kind, message)
            }
            other => other,
        }
    }

    /// Whether the error says a file could not be written or created (as opposed to a book
    /// that is damaged or busy).
    pub(super) fn is_write_failure(&self) -> bool {
        matches!(
            self,
            Self::Backend { kind: BackendKind::Io, .. }
                | Self::Open { kind: BackendKind::Io, .. }
                | Self::Migrate { failed: Some((BackendKind::Io, _)), .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AccountId, UsageDay};
    use crate::store::Store;

    fn sqlite(code: std::ffi::c_int) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some("said".to_owned()))
    }

    /// SQLite's failures become the kinds callers act on, in SQLite's words.
    #[test]
    fn the_engines_failures_are_told_by_kind() {
        let kind = |code| match StoreError::from(sqlite(code)) {
            StoreError::Backend { kind, message } => {
                assert_eq!(message, "said");
                Some(kind)
            }
            _ => None,
        };
        assert_eq!(kind(rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE), Some(BackendKind::Constraint));
        assert_eq!(kind(rusqlite::ffi::SQLITE_CORRUPT), Some(BackendKind::Corrupt));
        assert_eq!(kind(rusqlite::ffi::SQLITE_FULL), Some(BackendKind::Io));
        assert_eq!(kind(rusqlite::ffi::SQLITE_ERROR), Some(BackendKind::Other));
        assert!(matches!(StoreError::from(sqlite(rusqlite::ffi::SQLITE_BUSY)), StoreError::Busy));
        let path = Path::new("book.db");
        let damaged = StoreError::open(path, sqlite(rusqlite::ffi::SQLITE_NOTADB));
        assert!(matches!(damaged, StoreError::Damaged { .. }), "{damaged:?}");
        let full = StoreError::open(path, sqlite(rusqlite::ffi::SQLITE_FULL));
        assert!(full.is_write_failure(), "{full:?}");
    }

    /// A reference to no account is a broken rule whether the engine checks it row by row or
    /// the store checks it at the commit of a bulk load.
    #[test]
    fn a_missing_account_is_a_constraint_either_way() {
        let mut store = Store::open_in_memory().expect("store");
        let day =
            UsageDay { date: "2026-01-01".parse().expect("date"), active_users: 1, events: None };
        let writer = store.writer().expect("writer");
        let row_by_row = writer.add_new_usage_days(&[(AccountId(999), day)]).expect_err("refused");
        assert!(row_by_row.is_constraint(), "{row_by_row:?}");
        drop(writer);
        let (at_commit, _) = store
            .bulk_load(|store| {
                let writer = store.writer()?;
                writer.add_new_usage_days(&[(AccountId(999), day)])?;
                Ok::<_, StoreError>(writer.commit().expect_err("refused at commit"))
            })
            .expect("loaded");
        assert!(at_commit.is_constraint(), "{at_commit:?}");
        assert!(at_commit.to_string().starts_with("store: FOREIGN KEY constraint failed"));
    }
}
