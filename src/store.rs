//! The store: one SQLite file holding the book. The only module that speaks SQL.
//!
//! Opening looks at the file first (see [`opening`]: only [`Store::create`] makes a new book),
//! applies the pragmas csm relies on (WAL, foreign keys, a busy timeout, full sync) and migrates
//! the schema to the latest version; a book that may not be written is opened for reading only,
//! never migrated. Reads return domain types; writes go through
//! [`BookWriter`], one transaction per user action or imported file. Nothing here scores or
//! formats: callers get facts and decide.

mod bulk;
mod corrections;
mod edits;
mod engine;
mod error;
mod facts;
mod fields;
mod forecast_calls;
mod handle;
mod imports;
mod maintenance;
mod new_days;
mod opening;
mod outcome_cache;
mod placeholders;
mod plans;
mod playbooks;
mod qbrs;
mod reads;
mod renewals;
mod restore;
mod rows;
mod schema;
mod scores;
mod server;
mod sources;
mod spill;
#[cfg(test)]
pub(crate) mod testing;
mod users;
mod writer;
mod writer_reads;

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

pub use bulk::Settle;
pub use corrections::DeletedContact;
pub use edits::Conflict;
pub use error::{BackendKind, StoreError};
pub use facts::BookFacts;
pub use forecast_calls::StoredCall;
pub use handle::StoreHandle;
pub use imports::{DayCounts, Outcome};
pub use maintenance::{
    BackupError, BackupReport, CheckReport, PAGES_PER_STEP, PROBLEM_LIMIT, Problem, backup_file,
    check,
};
pub use playbooks::{DepartedContact, FiringDates, FiringRecord};
pub use renewals::{CHURNED_STAGE, RecordedRenewal};
pub use restore::{Firing, RefusedDay};
pub use schema::{LATEST_VERSION, OLDEST_READABLE};
pub use scores::{CacheAside, CachedAccount};
pub use server::{
    SchemaChange, ServerError, ServerUrl, SslMode, init_schema, is_server_url, migrate_schema,
};
pub use sources::SourceId;
pub use users::BookUser;
pub use writer::BookWriter;

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// An open book of business.
pub struct Store {
    backend: engine::Backend,
    /// Why the book may not be written, when it was opened for reading only.
    read_only: Option<String>,
    /// The file, registered as open in this process; dropped after the connection.
    _book: Option<opening::OpenBook>,
    /// The server the book is on, when it is not a file: where a handle connects again.
    server: Option<ServerUrl>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path())
            .field("server", &self.server)
            .field("read_only", &self.read_only)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Creates a new, empty book at `path` (and its directory), readable by its owner only: the
    /// book holds contacts' names and emails. An existing file is never touched.
    ///
    /// # Errors
    /// Something is already at `path`, or the file cannot be created or set up.
    pub fn create(path: &Path) -> StoreResult<Self> {
        create_private(path).map_err(|source| StoreError::Create {
            path: crate::domain::shown_path(path),
            source,
        })?;
        let made = opening::look_new(path).and_then(|book| Self::open_writable(path, book));
        if made.is_err() {
            // The file was made here a moment ago and holds no book: left, it would be refused
            // as empty by every command, and block the `csm init` that retries.
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(opening::with_suffix(path, suffix));
            }
        }
        made
    }

    /// Opens the existing book at `path` for reading and writing, and migrates it to the latest
    /// schema. A missing, empty or foreign file is refused: only [`Store::create`] makes a book.
    ///
    /// # Errors
    /// The file is missing, not a book, cannot be written, is busy, or cannot be migrated.
    pub fn open(path: &Path) -> StoreResult<Self> {
        let book = opening::look(path)?;
        if let Some(why) = opening::access_barrier(path) {
            return Err(StoreError::ReadOnly { path: crate::domain::shown_path(path), why });
        }
        if let Some((file, owner)) = opening::foreign_file(path) {
            // A -wal with content holds committed changes, whoever's it is.
            let wal = std::fs::metadata(opening::with_suffix(path, "-wal"));
            let pending = wal.is_ok_and(|meta| meta.len() > 0);
            let (path, file) = (crate::domain::shown_path(path), crate::domain::shown_path(&file));
            return Err(StoreError::ForeignFile { path, file, owner, pending });
        }
        // Checked again on failure: the file or its file system may have turned read-only since.
        Self::open_writable(path, book).map_err(|e| match opening::access_barrier(path) {
            Some(why) if e.is_write_failure() => {
                StoreError::ReadOnly { path: crate::domain::shown_path(path), why }
            }
            _ => e,
        })
    }

    /// Opens the existing book at `path` to read it: for writing when this process may write it
    /// (so that it is migrated and its score cache kept), else for reading only, creating no
    /// file beside it (a read-only file, directory or file system, a full disk, another user's
    /// book). A store opened for reading refuses every write.
    ///
    /// # Errors
    /// The file is missing or not a book, is busy, holds changes that cannot be read without
    /// writing, or is at a schema this csm cannot read without migrating it.
    pub fn open_to_read(path: &Path) -> StoreResult<Self> {
        let book = opening::look(path)?;
        let why = match opening::read_barrier(path) {
            Some(why) => why,
            None => match Self::open_writable(path, book) {
                Err(e) if e.is_write_failure() => format!("it cannot be written: {e}"),
                other => return other,
            },
        };
        // The failed attempt's connection is closed: the file may be looked at again.
        let book = opening::look(path)?;
        let conn = opening::unwritable_connection(path, &why)?;
        opening::identify(&conn, path)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| StoreError::open(path, e))?;
        let found = usize::try_from(version).unwrap_or(0);
        if !(schema::OLDEST_READABLE..=schema::LATEST_VERSION).contains(&found) {
            // The reads speak the latest schema, and this book cannot be migrated to it.
            return Err(StoreError::OtherSchema {
                path: crate::domain::shown_path(path),
                found,
                latest: schema::LATEST_VERSION,
                why,
            });
        }
        Ok(Self {
            backend: engine::Backend::sqlite_over(conn),
            read_only: Some(why),
            _book: Some(book),
            server: None,
        })
    }

    fn open_writable(path: &Path, book: opening::OpenBook) -> StoreResult<Self> {
        // No CREATE: a file removed since it was looked at is an error, not a new book.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| StoreError::open(path, e))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Before the first pragma that writes: another program's database is left as it was.
        opening::identify(&conn, path)?;
        // WAL lets a report read while the workspace writes; FULL makes every acknowledged edit
        // survive a power cut, which costs a fraction of a millisecond per commit in WAL.
        // (A file system without shared memory keeps another journal mode; the store still works.)
        let _mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(|e| StoreError::open(path, e))?;
        Self::prepare(conn, Some(book)).map_err(|e| e.while_opening(path))
    }

    /// Opens the book on the PostgreSQL server `url` names (`postgres://USER@HOST:PORT/DB`), as
    /// [`Store::connect_to`] does.
    ///
    /// # Errors
    /// The URL is malformed, the server cannot be reached or refuses the connection, or the
    /// database's schema is missing or not this csm's.
    pub fn connect(url: &str) -> StoreResult<Self> {
        Self::connect_to(&ServerUrl::parse(url)?)
    }

    /// An empty store in memory, for tests.
    ///
    /// # Errors
    /// Only if SQLite itself fails.
    pub fn open_in_memory() -> StoreResult<Self> {
        Self::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, book: Option<opening::OpenBook>) -> StoreResult<Self> {
        let ready = Self::set_up(&mut conn);
        if let Err(e) = ready {
            // The connection closes before the file stops counting as open here.
            drop(conn);
            drop(book);
            return Err(e);
        }
        let backend = engine::Backend::sqlite_over(conn);
        Ok(Self { backend, read_only: None, _book: book, server: None })
    }

    fn set_up(conn: &mut Connection) -> StoreResult<()> {
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        schema::migrations().to_latest(conn)?;
        Ok(())
    }

    /// Why the store may not be written, when it was opened for reading only.
    #[must_use]
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// The file the store lives in (`None` in memory): the store's own business, as the rest
    /// of csm reaches the book again through a [`StoreHandle`].
    fn path(&self) -> Option<std::path::PathBuf> {
        let conn = self.backend.sqlite().ok()?;
        conn.path().filter(|p| !p.is_empty()).map(std::path::PathBuf::from)
    }

    /// The schema version the store is at.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn schema_version(&self) -> StoreResult<usize> {
        let version: i64 =
            self.backend.sqlite()?.pragma_query_value(None, "user_version", |row| row.get(0))?;
        Ok(usize::try_from(version).unwrap_or(0))
    }

    /// Starts one transaction of writes; nothing is visible to others until it commits.
    ///
    /// # Errors
    /// The store is locked by another writer for longer than the busy timeout, or was opened
    /// for reading only.
    pub fn writer(&mut self) -> StoreResult<BookWriter<'_>> {
        if let Some(why) = &self.read_only {
            let path = self.path().map(|p| crate::domain::shown_path(&p)).unwrap_or_default();
            return Err(StoreError::ReadOnly { path, why: why.clone() });
        }
        BookWriter::begin(&mut self.backend)
    }

    /// Runs `read` inside one read transaction, so that everything it reads comes from the same
    /// state of the book even while another process writes.
    ///
    /// # Errors
    /// Whatever `read` returns, or SQLite failing to begin the transaction.
    pub fn snapshot<T>(&self, read: impl FnOnce(&Self) -> StoreResult<T>) -> StoreResult<T> {
        let end = |ok: bool| if ok { "COMMIT" } else { "ROLLBACK" };
        let result;
        let ended = match &self.backend {
            engine::Backend::Sqlite(conn) => {
                conn.execute_batch("BEGIN DEFERRED")?;
                result = read(self);
                conn.execute_batch(end(result.is_ok())).map_err(StoreError::from)
            }
            // Every statement of `read` sees the state of the book at its first.
            engine::Backend::Postgres(pg) => {
                pg.begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
                result = read(self);
                // Never COMMIT: a read has nothing to save, and a connection lost at its end
                // is no save of unknown outcome.
                pg.end("ROLLBACK")
            }
        };
        // A read transaction has nothing to keep: ending it either way only releases the snapshot.
        let value = result?;
        ended?;
        Ok(value)
    }

    /// Refreshes the planner's statistics after a bulk load, so the window queries use the index.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn optimize(&self) -> StoreResult<()> {
        // A sampled analysis: planner statistics need proportions, not a full pass over millions
        // of usage rows. A server also vacuums: that marks the new pages visible to all, so the
        // first reports read the first days of use from the index alone, and the server's own
        // vacuum of the new rows does not run in the middle of them.
        self.batch(match self.backend {
            engine::Backend::Sqlite(_) => "PRAGMA analysis_limit = 1000; ANALYZE; PRAGMA optimize;",
            engine::Backend::Postgres(_) => "VACUUM (ANALYZE)",
        })
    }

    /// Runs statements without parameters, on either engine.
    fn batch(&self, sql: &str) -> StoreResult<()> {
        match &self.backend {
            engine::Backend::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            engine::Backend::Postgres(pg) => pg.batch(sql),
        }
    }

    /// A store over a connected PostgreSQL client whose schema was checked: the book on a
    /// server, with no way to connect again (for tests of the engine itself).
    ///
    /// # Errors
    /// The session cannot be set up.
    #[cfg(test)]
    pub(crate) fn over_postgres(client: ::postgres::Client) -> StoreResult<Self> {
        Ok(Self {
            backend: engine::Backend::Postgres(Box::new(engine::Postgres::new(client))),
            read_only: None,
            _book: None,
            server: None,
        })
    }

    /// As [`Store::over_postgres`], connecting again through `reconnect` once the connection
    /// was lost.
    fn over_postgres_reconnecting(
        client: ::postgres::Client,
        reconnect: engine::Reconnect,
    ) -> Self {
        let pg = engine::Postgres::new(client).reconnecting(reconnect);
        Self {
            backend: engine::Backend::Postgres(Box::new(pg)),
            read_only: None,
            _book: None,
            server: None,
        }
    }
}

#[cfg(unix)]
fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(parent)?;
    }
    std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    Ok(())
}

#[cfg(not(unix))]
fn create_private(path: &Path) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    Ok(())
}
