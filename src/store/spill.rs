//! What an import remembers of a file's daily rows when memory cannot hold it (millions of rows
//! spread over centuries, or re-imported in no useful order): the keys of the rows seen and the
//! counts before the file of the days it changed, in tables of the import's own transaction,
//! on disk like the rest of the book and dropped before the transaction commits (a rolled-back
//! import leaves none). It decides nothing about the rows.

use rusqlite::{OptionalExtension as _, params};

use super::imports::DayCounts;
use super::{BookWriter, StoreResult};

/// A daily row's key: account, day number, feature (0 for usage).
pub type FileDay = (i64, i32, i64);

impl BookWriter<'_> {
    /// Makes the tables, once per import.
    ///
    /// # Errors
    /// SQLite failed.
    pub fn make_file_days(&self) -> StoreResult<()> {
        self.tx()?.execute_batch(
            "CREATE TABLE IF NOT EXISTS import_file_day (
                 account INTEGER NOT NULL, day INTEGER NOT NULL, feature INTEGER NOT NULL,
                 PRIMARY KEY (account, day, feature)
             ) WITHOUT ROWID;
             CREATE TABLE IF NOT EXISTS import_day_before (
                 account INTEGER NOT NULL, day INTEGER NOT NULL, feature INTEGER NOT NULL,
                 stored INTEGER NOT NULL, active_users INTEGER, events INTEGER,
                 PRIMARY KEY (account, day, feature)
             ) WITHOUT ROWID;",
        )?;
        Ok(())
    }

    /// Adds `key` to the file's days; whether it was not there yet.
    ///
    /// # Errors
    /// SQLite failed.
    pub fn note_file_day(&self, (account, day, feature): FileDay) -> StoreResult<bool> {
        let added = self
            .tx()?
            .prepare_cached(
                "INSERT INTO import_file_day (account, day, feature) VALUES (?1, ?2, ?3) \
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![account, day, feature])?;
        Ok(added == 1)
    }

    /// The counts of the day `key` before the file (`Some(None)`: it was not stored), if kept.
    ///
    /// # Errors
    /// SQLite failed.
    pub fn day_before(
        &self,
        (account, day, feature): FileDay,
    ) -> StoreResult<Option<Option<DayCounts>>> {
        let before = self
            .tx()?
            .prepare_cached(
                "SELECT stored, active_users, events FROM import_day_before \
                 WHERE account = ?1 AND day = ?2 AND feature = ?3",
            )?
            .query_row(params![account, day, feature], |row| {
                let (stored, active): (bool, Option<i64>) = (row.get(0)?, row.get(1)?);
                let events = row.get(2)?;
                Ok(active.filter(|_| stored).map(|active_users| DayCounts { active_users, events }))
            })
            .optional()?;
        Ok(before)
    }

    /// Keeps `before` as the counts of the day `key` before the file, unless some are kept.
    ///
    /// # Errors
    /// SQLite failed.
    pub fn keep_day_before(
        &self,
        (account, day, feature): FileDay,
        before: Option<DayCounts>,
    ) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO import_day_before \
                 (account, day, feature, stored, active_users, events) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                account,
                day,
                feature,
                before.is_some(),
                before.map(|b| b.active_users),
                before.and_then(|b| b.events),
            ])?;
        Ok(())
    }

    /// Drops the tables, before the import commits.
    ///
    /// # Errors
    /// SQLite failed.
    pub fn drop_file_days(&self) -> StoreResult<()> {
        self.tx()?.execute_batch(
            "DROP TABLE IF EXISTS import_file_day; DROP TABLE IF EXISTS import_day_before;",
        )?;
        Ok(())
    }
}

impl super::Store {
    /// Whether the book holds an import's tables of a file's days (it never should once an
    /// import has ended).
    #[cfg(test)]
    pub(crate) fn holds_file_days(&self) -> bool {
        self.backend.sqlite().unwrap()
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name LIKE 'import\\_%' ESCAPE '\\')",
                [],
                |row| row.get(0),
            )
            .unwrap_or(true)
    }
}
