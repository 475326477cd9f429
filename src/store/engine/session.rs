//! The few per-connection settings the store asks of an engine by what it wants, each chosen per
//! engine here and nowhere else: whether a writer can commit while another connection reads,
//! commits that need not wait for the disk, and a file mapped into memory. It must not run the
//! store's statements.

use rusqlite::OptionalExtension as _;

use super::Backend;
use crate::store::StoreResult;

impl Backend {
    /// Whether another connection can write while this one holds a read open, neither waiting
    /// for the other: SQLite in WAL mode (another journal mode makes the writer wait for the
    /// read to end), PostgreSQL always.
    pub(in crate::store) fn writes_beside_reads(&self) -> bool {
        match self {
            Self::Sqlite(conn) => conn
                .pragma_query_value(None, "journal_mode", |row| row.get::<_, String>(0))
                .is_ok_and(|mode| mode.eq_ignore_ascii_case("wal")),
            Self::Postgres(_) => true,
        }
    }

    /// Lets this connection's commits return before they reach the disk, for a connection that
    /// writes only what can be recomputed (the score cache): a crash may lose its last commits,
    /// never the book's consistency (SQLite's WAL, PostgreSQL's own log keep it).
    pub(in crate::store) fn relax_durability(&self) -> StoreResult<()> {
        match self {
            Self::Sqlite(conn) => Ok(conn.pragma_update(None, "synchronous", "NORMAL")?),
            Self::Postgres(pg) => pg.batch("SET synchronous_commit = off"),
        }
    }

    /// How many bytes of the book's file are mapped into memory; `None` where nothing can be
    /// (a book in memory, a book on a server).
    pub(in crate::store) fn file_mapping(&self) -> StoreResult<Option<i64>> {
        match self {
            // A database in memory answers nothing: there is no file to map.
            Self::Sqlite(conn) => {
                Ok(conn.query_row("PRAGMA mmap_size", [], |row| row.get(0)).optional()?)
            }
            Self::Postgres(_) => Ok(None),
        }
    }

    /// Maps up to `bytes` of the book's file into memory (0: none), where
    /// [`Backend::file_mapping`] says there is a file.
    pub(in crate::store) fn set_file_mapping(&self, bytes: i64) -> StoreResult<()> {
        match self {
            Self::Sqlite(conn) => Ok(conn.pragma_update(None, "mmap_size", bytes)?),
            Self::Postgres(_) => Ok(()),
        }
    }
}
