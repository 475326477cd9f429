//! The store's errors: what went wrong, said for the person reading it. A lock held by another
//! program is told as such wherever SQLite reported it. Nothing here opens or reads a book.

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
        "{path} is damaged ({source}): `csm check` lists what is wrong; restore it from a backup"
    )]
    Damaged { path: String, source: rusqlite::Error },
    #[error("cannot open the store {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("cannot create the store {path}: {source}")]
    Create { path: String, source: std::io::Error },
    #[error("cannot bring the store's schema up to date: {0}")]
    Migrate(rusqlite_migration::Error),
    #[error("store: {0}")]
    Sql(rusqlite::Error),
    #[error(transparent)]
    Conflict(#[from] Conflict),
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

impl StoreError {
    /// Whether a write broke one of the schema's rules (a taken id or key, a value out of
    /// range, a reference to nothing): the data's fault, not the store's.
    #[must_use]
    pub fn is_constraint(&self) -> bool {
        matches!(self, Self::Sql(e) if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation))
    }
}

/// Whether SQLite gave up waiting for another connection's lock.
fn is_busy(error: &rusqlite::Error) -> bool {
    error.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
}

// A lock held beyond the busy timeout is told as what it is, wherever it surfaced.
impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        if is_busy(&error) { Self::Busy } else { Self::Sql(error) }
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(error: rusqlite_migration::Error) -> Self {
        match &error {
            rusqlite_migration::Error::RusqliteError { err, .. } if is_busy(err) => Self::Busy,
            _ => Self::Migrate(error),
        }
    }
}

impl StoreError {
    /// The failed open of `path` that `source` stopped.
    pub(super) fn open(path: &Path, source: rusqlite::Error) -> Self {
        if is_busy(&source) {
            Self::Busy
        } else if matches!(
            source.sqlite_error_code(),
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
        ) {
            Self::Damaged { path: crate::domain::shown_path(path), source }
        } else {
            Self::Open { path: crate::domain::shown_path(path), source }
        }
    }

    /// The error of setting up the book at `path`, told as damage when SQLite found it damaged.
    pub(super) fn while_opening(self, path: &Path) -> Self {
        match self {
            Self::Sql(source)
            | Self::Migrate(rusqlite_migration::Error::RusqliteError { err: source, .. }) => {
                Self::open(path, source)
            }
            other => other,
        }
    }

    /// Whether the error says a file could not be written or created (as opposed to a book
    /// that is damaged or busy).
    pub(super) fn is_write_failure(&self) -> bool {
        match self {
            Self::Open { source, .. } | Self::Sql(source) => opening::is_write_failure(source),
            Self::Migrate(rusqlite_migration::Error::RusqliteError { err, .. }) => {
                opening::is_write_failure(err)
            }
            _ => false,
        }
    }
}
