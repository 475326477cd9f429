//! Loading a file of millions of rows as fast as the disk allows without giving up
//! consistency: the store set up for one bulk import, its write-ahead log flushed to disk while
//! the import still writes, and copied into the database file while the import's accounts are
//! rescored. Nothing here decides what is written, or when a transaction ends.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use rusqlite::Connection;

use super::{Store, StoreResult};

/// How often the log is flushed while a bulk import writes: often enough that the disk keeps
/// up with the writing, seldom enough that flushing costs nothing.
const FLUSH_EVERY: Duration = Duration::from_millis(100);

impl Store {
    /// Sets the store up for one bulk import (`true`) or back for everyday writes (`false`).
    ///
    /// In bulk, foreign keys are not checked on each written row: a writer checks at commit
    /// that every account it wrote for exists, so a writer that only writes rows of accounts
    /// (usage) keeps the same guarantee. Nor are the schema's CHECKs: the only rows written in
    /// bulk are days of usage, whose counts are read as unsigned numbers, so the only CHECK
    /// they meet (counts are not negative) holds by construction, and the import's writes of a
    /// day (`add_new_usage_days`, `set_usage_day`) refuse a negative count themselves. And the
    /// commit leaves the write-ahead log for [`Store::checkpoint_aside`] to copy into the
    /// database file, rather than copying it before it returns. It cannot change inside a
    /// transaction.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn bulk_import(&mut self, bulk: bool) -> StoreResult<()> {
        self.conn.pragma_update(None, "foreign_keys", !bulk)?;
        self.conn.pragma_update(None, "ignore_check_constraints", bulk)?;
        // 1000 pages is SQLite's default.
        self.conn.pragma_update(None, "wal_autocheckpoint", if bulk { 0 } else { 1000 })?;
        Ok(())
    }

    /// Flushes the write-ahead log to disk every [`FLUSH_EVERY`] on a thread of its own, until
    /// the returned flusher is dropped: a bulk import writes a hundred megabytes of log, which
    /// the commit would otherwise wait to reach the disk in one go. `None` for a store in
    /// memory. A flush never changes what the commit guarantees; it only leaves less for it.
    #[must_use]
    pub fn flush_log_aside(&self) -> Option<LogFlusher> {
        let log = PathBuf::from(format!("{}-wal", self.file()?.display()));
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = thread::spawn(move || {
            let mut file = None;
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(FLUSH_EVERY) {
                // Opened once it exists: the first write creates it. A descriptor of our own is
                // safe on the log, not on the database file: SQLite locks the database file and
                // the shared-memory index, never the log, so closing this releases nothing.
                if file.is_none() {
                    file = std::fs::OpenOptions::new().read(true).write(true).open(&log).ok();
                }
                if let Some(file) = &file {
                    let _ = file.sync_data();
                }
            }
        });
        Some(LogFlusher { stop: Some(stop), thread: Some(thread) })
    }

    /// Starts copying the write-ahead log into the database file on a connection and a thread
    /// of its own, so that a bulk import's pages are copied while its accounts are rescored;
    /// join the handle before returning. `None` for a store in memory. A copy that fails is
    /// left to the next checkpoint: the log is durable either way.
    #[must_use]
    pub fn checkpoint_aside(&self) -> Option<JoinHandle<()>> {
        let path = self.file()?.to_owned();
        Some(thread::spawn(move || {
            let Ok(conn) = Connection::open(&path) else { return };
            let _ = conn.pragma_update(None, "synchronous", "FULL");
            // The database file is not flushed here by a descriptor of our own: closing it
            // would release the locks SQLite holds on the file for this process. The checkpoint
            // flushes it when it copied the whole log, else the closing one does.
            let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        }))
    }

    /// The database file (`None` in memory).
    fn file(&self) -> Option<&Path> {
        self.conn.path().filter(|p| !p.is_empty()).map(Path::new)
    }
}

/// Flushes a store's write-ahead log to disk now and then ([`Store::flush_log_aside`]) until
/// dropped.
#[derive(Debug)]
pub struct LogFlusher {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for LogFlusher {
    fn drop(&mut self) {
        // A closed channel stops the thread at once.
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
