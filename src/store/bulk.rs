//! Loading a file of millions of rows as fast as the disk allows without giving up
//! consistency: the one entry point ([`Store::bulk_load`]) that sets the store up for a bulk
//! load, flushes SQLite's write-ahead log to disk while the load still writes, and copies it
//! into the database file while the caller's next work runs ([`Store::settle_while`]). How a
//! bulk load is made fast is the engine's business and stays here; nothing here decides what
//! is written, or when a transaction ends.
//!
//! On PostgreSQL the rows themselves go by `COPY` (the writer's business); the server checks
//! them as it checks any write (the days' account once per statement, by the schema's own
//! triggers) and has no log for csm to flush or copy, so the set-up and the settling
//! do nothing there. What a load means on a server is only this: once it is in, the tables it
//! filled have their statistics refreshed (`ANALYZE`), so that the reads that follow (the
//! rescoring's sums over millions of days) are planned for the table as it now is.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use rusqlite::Connection;

use super::engine::Backend;
use super::{Store, StoreError, StoreResult};

/// How often the log is flushed while a bulk import writes: often enough that the disk keeps
/// up with the writing, seldom enough that flushing costs nothing.
const FLUSH_EVERY: Duration = Duration::from_millis(100);

impl Store {
    /// Runs `load` (the writers of one bulk load: millions of rows of usage) with the store set
    /// up for it, and back for everyday writes afterwards, whether `load` succeeded or not.
    /// What `load` writes is held to the same rules as everyday writes (on SQLite checked at
    /// commit rather than row by row, see [`Store::bulk_import`]; on PostgreSQL by the server,
    /// the days' accounts once per statement); its commits are as durable. The returned [`Settle`] is what the load left
    /// for the engine to put in place, to pass to [`Store::settle_while`] once the load is
    /// known to have written something. On PostgreSQL the set-up is nothing, and a load that
    /// succeeded has the statistics of the usage table refreshed before this returns.
    ///
    /// # Errors
    /// `load`'s error, or the store failing to change its settings.
    pub fn bulk_load<T, E: From<StoreError>>(
        &mut self,
        load: impl FnOnce(&mut Self) -> Result<T, E>,
    ) -> Result<(T, Settle), E> {
        self.bulk_import(true)?;
        let flushing = self.flush_log_aside();
        let loaded = load(self);
        drop(flushing);
        let restored = self.bulk_import(false);
        let value = loaded?;
        restored?;
        self.analyze_loaded()?;
        Ok((value, Settle { file: self.file().map(Path::to_owned) }))
    }

    /// Runs `work` (rescoring what a bulk load changed) while what the load left (`settle`) is
    /// put in place beside it: SQLite's log copied into the database file on a connection and
    /// a thread of its own. Returns once both are done. A copy that fails is left to the next
    /// checkpoint: the log is durable either way. On PostgreSQL there is nothing to put in
    /// place: `work` runs alone.
    pub fn settle_while<T>(&mut self, settle: Settle, work: impl FnOnce(&mut Self) -> T) -> T {
        let copying = settle.file.map(checkpoint_aside);
        let done = work(self);
        if let Some(copying) = copying {
            let _ = copying.join();
        }
        done
    }

    /// Sets the store up for one bulk import (`true`) or back for everyday writes (`false`).
    ///
    /// In bulk, foreign keys are not checked on each written row: a writer checks at commit
    /// that every account it wrote for exists, so a writer that only writes rows of accounts
    /// (usage) keeps the same guarantee. Nor are the schema's CHECKs: the only rows written in
    /// bulk are days of usage, whose counts are read as unsigned numbers, so the only CHECK
    /// they meet (counts are not negative) holds by construction, and the import's writes of a
    /// day (`add_new_usage_days`, `set_usage_day`) refuse a negative count themselves. And the
    /// commit leaves the write-ahead log for [`Store::settle_while`] to copy into the
    /// database file, rather than copying it before it returns. It cannot change inside a
    /// transaction.
    ///
    /// On PostgreSQL, nothing: the server checks the rows as it checks any write.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub(super) fn bulk_import(&mut self, bulk: bool) -> StoreResult<()> {
        let Backend::Sqlite(conn) = &self.backend else { return Ok(()) };
        conn.pragma_update(None, "foreign_keys", !bulk)?;
        conn.pragma_update(None, "ignore_check_constraints", bulk)?;
        // 1000 pages is SQLite's default.
        conn.pragma_update(None, "wal_autocheckpoint", if bulk { 0 } else { 1000 })?;
        Ok(())
    }

    /// On PostgreSQL, refreshes the statistics of the tables a bulk load fills, after it
    /// committed: the planner would otherwise plan the next reads for the table before the
    /// load (autovacuum catches up later, too late for the rescoring that follows). A role
    /// that does not own the tables is only warned by the server, and the load stands. On
    /// SQLite, nothing: its planner needs no statistics for these reads.
    fn analyze_loaded(&self) -> StoreResult<()> {
        if let Backend::Postgres(pg) = &self.backend {
            pg.batch("ANALYZE usage")?;
        }
        Ok(())
    }

    /// Flushes the write-ahead log to disk every [`FLUSH_EVERY`] on a thread of its own, until
    /// the returned flusher is dropped: a bulk import writes a hundred megabytes of log, which
    /// the commit would otherwise wait to reach the disk in one go. `None` for a store in
    /// memory. A flush never changes what the commit guarantees; it only leaves less for it.
    fn flush_log_aside(&self) -> Option<LogFlusher> {
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

    /// The database file (`None` in memory).
    fn file(&self) -> Option<&Path> {
        self.backend.sqlite().ok()?.path().filter(|p| !p.is_empty()).map(Path::new)
    }
}

/// What a bulk load left for the engine to put in place once it is known to have written
/// something ([`Store::settle_while`]); the default leaves nothing.
#[derive(Debug, Default)]
#[must_use]
pub struct Settle {
    /// The database file whose write-ahead log is to be copied into it (`None` in memory).
    file: Option<PathBuf>,
}

/// Starts copying the write-ahead log of the book at `path` into its file on a connection and
/// a thread of its own; join the handle before returning.
fn checkpoint_aside(path: PathBuf) -> JoinHandle<()> {
    thread::spawn(move || {
        let Ok(conn) = Connection::open(&path) else { return };
        let _ = conn.pragma_update(None, "synchronous", "FULL");
        // The database file is not flushed here by a descriptor of our own: closing it
        // would release the locks SQLite holds on the file for this process. The checkpoint
        // flushes it when it copied the whole log, else the closing one does.
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    })
}

/// Flushes a store's write-ahead log to disk now and then ([`Store::flush_log_aside`]) until
/// dropped.
#[derive(Debug)]
struct LogFlusher {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AccountId;

    /// Whether the store checks foreign keys row by row, as everyday writes do.
    fn checks_each_row(store: &Store) -> bool {
        store
            .backend
            .sqlite()
            .expect("sqlite")
            .pragma_query_value(None, "foreign_keys", |row| row.get(0))
            .expect("pragma")
    }

    /// The store is back to everyday writes after a bulk load, whether the load failed or not.
    #[test]
    fn a_bulk_load_ends_in_everyday_writes_even_when_it_fails() {
        let mut store = Store::open_in_memory().expect("store");
        let failed: Result<((), Settle), StoreError> = store.bulk_load(|store| {
            assert!(!checks_each_row(store), "row-by-row checks stay on in bulk");
            Err(StoreError::Busy)
        });
        assert!(matches!(failed, Err(StoreError::Busy)), "{failed:?}");
        assert!(checks_each_row(&store));
        let (value, _) = store.bulk_load(|_| Ok::<_, StoreError>(7)).expect("load");
        assert_eq!(value, 7);
        assert!(checks_each_row(&store));
    }

    /// A bulk load runs on either engine, giving the load's value and leaving the store for
    /// everyday writes; on PostgreSQL the usage table's statistics then count the rows loaded.
    #[test]
    fn a_bulk_load_writes_on_both_engines_and_a_server_has_fresh_statistics() {
        use crate::domain::{Account, UsageDay};
        for (engine, mut store) in crate::store::testing::stores("bulk_load_engines") {
            let day = UsageDay {
                date: "2026-01-01".parse().expect("date"),
                active_users: 3,
                events: None,
            };
            let (account, settle) = store
                .bulk_load(|store| {
                    let writer = store.writer()?;
                    let account = writer.insert_account(&Account::named("A-1", "Acme"))?;
                    let days: Vec<_> = (0..3)
                        .map(|i| {
                            (account, UsageDay { date: day.date + chrono::Days::new(i), ..day })
                        })
                        .collect();
                    writer.add_new_usage_days(&days)?;
                    writer.commit()?;
                    Ok::<_, StoreError>(account)
                })
                .expect("load");
            assert_eq!(store.settle_while(settle, |_| 7), 7, "{engine}");
            let to = day.date + chrono::Days::new(9);
            assert_eq!(store.usage(account, day.date, to).expect("read").len(), 3, "{engine}");
            if let super::Backend::Postgres(_) = &store.backend {
                let counted = store
                    .backend
                    .query_one(
                        "SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE relname = 'usage'",
                        &[],
                        |r| crate::store::engine::StoreRow::get_i64(r, 0),
                    )
                    .expect("statistics");
                assert_eq!(counted, Some(3), "{engine}: the load's rows are in the statistics");
            }
            let writer = store.writer().expect("everyday writer");
            assert!(writer.add_new_usage_days(&[(AccountId(999), day)]).is_err(), "{engine}");
        }
    }

    /// A bulk load leaves its pages in the log, and the settling puts them in the database
    /// file while the work beside it runs.
    #[test]
    fn settling_puts_the_loaded_pages_in_the_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("book.db");
        let mut store = Store::create(&path).expect("store");
        let size = || std::fs::metadata(&path).expect("book").len();
        let before = size();
        let (_, settle) = store
            .bulk_load(|store| {
                store.backend.sqlite()?.execute_batch(
                    "CREATE TABLE filler (x BLOB);
                     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
                     INSERT INTO filler SELECT randomblob(4000) FROM n;",
                )?;
                Ok::<_, StoreError>(())
            })
            .expect("load");
        assert_eq!(size(), before, "the load's pages are still in the log");
        let worked = store.settle_while(settle, |_| "rescored");
        assert_eq!(worked, "rescored");
        assert!(size() > before + 300_000, "{} bytes, from {before}", size());
    }
}
