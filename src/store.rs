//! The store: one SQLite file holding the book. The only module that speaks SQL.
//!
//! Opening applies the pragmas csm relies on (WAL, foreign keys, a busy timeout, full sync) and
//! migrates the schema to the latest version. Reads return domain types; writes go through
//! [`BookWriter`], one transaction per user action or imported file. Nothing here scores or
//! formats: callers get facts and decide.

mod bulk;
mod edits;
mod facts;
mod imports;
mod maintenance;
mod plans;
mod playbooks;
mod reads;
mod rows;
mod schema;
mod scores;
mod spill;
mod writer;

use std::path::Path;

use rusqlite::Connection;

pub use bulk::LogFlusher;
pub use edits::Conflict;
pub use facts::BookFacts;
pub use imports::{DayCounts, Outcome};
pub use maintenance::{
    BackupError, BackupReport, CheckReport, PAGES_PER_STEP, PROBLEM_LIMIT, Problem, backup_file,
    check,
};
pub use playbooks::{DepartedContact, FiringDates, FiringRecord};
pub use schema::LATEST_VERSION;
pub use scores::{CacheAside, CachedAccount};
pub use writer::BookWriter;

/// Something went wrong in the store; the message says what and, for files, where.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("cannot create the store {path}: {source}")]
    Create { path: String, source: std::io::Error },
    #[error("cannot bring the store's schema up to date: {0}")]
    Migrate(#[from] rusqlite_migration::Error),
    #[error("store: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error(transparent)]
    Conflict(#[from] Conflict),
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// An open book of business.
pub struct Store {
    conn: Connection,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.conn.path()).finish()
    }
}

impl Store {
    /// Opens (creating it if needed) the store at `path` and migrates it to the latest schema.
    ///
    /// A new file and its directory are created readable by their owner only: the book holds
    /// contacts' names and emails.
    ///
    /// # Errors
    /// The file cannot be created or opened, is not a csm store, or cannot be migrated.
    pub fn open(path: &Path) -> StoreResult<Self> {
        let shown = path.display().to_string();
        if !path.exists() {
            create_private(path)
                .map_err(|source| StoreError::Create { path: shown.clone(), source })?;
        }
        let conn = Connection::open(path)
            .map_err(|source| StoreError::Open { path: shown.clone(), source })?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // WAL lets a report read while the workspace writes; FULL makes every acknowledged edit
        // survive a power cut, which costs a fraction of a millisecond per commit in WAL.
        // (A file system without shared memory keeps another journal mode; the store still works.)
        let _mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(|source| StoreError::Open { path: shown, source })?;
        Self::prepare(conn)
    }

    /// An empty store in memory, for tests.
    ///
    /// # Errors
    /// Only if SQLite itself fails.
    pub fn open_in_memory() -> StoreResult<Self> {
        Self::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut conn: Connection) -> StoreResult<Self> {
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        schema::migrations().to_latest(&mut conn)?;
        Ok(Self { conn })
    }

    /// The file the store lives in (`None` in memory).
    #[must_use]
    pub fn path(&self) -> Option<std::path::PathBuf> {
        self.conn.path().filter(|p| !p.is_empty()).map(std::path::PathBuf::from)
    }

    /// Another connection on the same file, for a second thread to read with (`None` for a store
    /// in memory, or when the file cannot be opened again).
    #[must_use]
    pub fn another(&self) -> Option<Self> {
        Self::open(&self.path()?).ok()
    }

    /// The schema version the store is at.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn schema_version(&self) -> StoreResult<usize> {
        let version: i64 = self.conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        Ok(usize::try_from(version).unwrap_or(0))
    }

    /// Starts one transaction of writes; nothing is visible to others until it commits.
    ///
    /// # Errors
    /// The store is locked by another writer for longer than the busy timeout.
    pub fn writer(&mut self) -> StoreResult<BookWriter<'_>> {
        BookWriter::begin(&mut self.conn)
    }

    /// Runs `read` inside one read transaction, so that everything it reads comes from the same
    /// state of the book even while another process writes.
    ///
    /// # Errors
    /// Whatever `read` returns, or SQLite failing to begin the transaction.
    pub fn snapshot<T>(&self, read: impl FnOnce(&Self) -> StoreResult<T>) -> StoreResult<T> {
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let result = read(self);
        // A read transaction has nothing to keep: ending it either way only releases the snapshot.
        let ended = self.conn.execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" });
        let value = result?;
        ended?;
        Ok(value)
    }

    /// Refreshes the planner's statistics after a bulk load, so the window queries use the index.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn optimize(&self) -> StoreResult<()> {
        // A sampled analysis: planner statistics need proportions, not a full pass over millions
        // of usage rows.
        self.conn.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE; PRAGMA optimize;")?;
        Ok(())
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
