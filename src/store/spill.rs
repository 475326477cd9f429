//! What an import remembers of a file's daily rows when memory cannot hold it (millions of rows
//! spread over centuries, or re-imported in no useful order): the keys of the rows seen and the
//! counts before the file of the days it changed, in tables of the import's own transaction,
//! on disk like the rest of the book and dropped before the transaction commits (a rolled-back
//! import leaves none). It decides nothing about the rows.

use super::engine::{Conn, StoreRow as _, sql_params};
use super::imports::DayCounts;
use super::{BookWriter, StoreResult};

/// A daily row's key: account, day number, feature (0 for usage).
pub type FileDay = (i64, i32, i64);

/// The tables, per engine. SQLite: tables of the book's own, dropped before the commit. On
/// PostgreSQL the book is shared: each import has temporary tables of its own session, which
/// the server drops with the transaction however it ends, so that two imports at once never
/// meet in them.
fn file_day_tables(conn: Conn<'_>) -> [&'static str; 2] {
    match conn {
        Conn::Sqlite(_) => [
            "CREATE TABLE IF NOT EXISTS import_file_day (
                 account INTEGER NOT NULL, day INTEGER NOT NULL, feature INTEGER NOT NULL,
                 PRIMARY KEY (account, day, feature)
             ) WITHOUT ROWID",
            "CREATE TABLE IF NOT EXISTS import_day_before (
                 account INTEGER NOT NULL, day INTEGER NOT NULL, feature INTEGER NOT NULL,
                 stored INTEGER NOT NULL, active_users INTEGER, events INTEGER,
                 PRIMARY KEY (account, day, feature)
             ) WITHOUT ROWID",
        ],
        Conn::Postgres(_) => [
            "CREATE TEMPORARY TABLE IF NOT EXISTS import_file_day (
                 account bigint NOT NULL, day integer NOT NULL, feature bigint NOT NULL,
                 PRIMARY KEY (account, day, feature)
             ) ON COMMIT DROP",
            "CREATE TEMPORARY TABLE IF NOT EXISTS import_day_before (
                 account bigint NOT NULL, day integer NOT NULL, feature bigint NOT NULL,
                 stored boolean NOT NULL, active_users bigint, events bigint,
                 PRIMARY KEY (account, day, feature)
             ) ON COMMIT DROP",
        ],
    }
}

impl BookWriter<'_> {
    /// Makes the tables, once per import.
    ///
    /// # Errors
    /// The engine failed.
    pub fn make_file_days(&self) -> StoreResult<()> {
        for table in file_day_tables(self.conn()) {
            self.conn().execute(table, &[])?;
        }
        Ok(())
    }

    /// Adds `key` to the file's days; whether it was not there yet.
    ///
    /// # Errors
    /// The engine failed.
    pub fn note_file_day(&self, (account, day, feature): FileDay) -> StoreResult<bool> {
        let added = self.conn().execute(
            "INSERT INTO import_file_day (account, day, feature) VALUES (?1, ?2, ?3) \
             ON CONFLICT DO NOTHING",
            sql_params![account, i64::from(day), feature],
        )?;
        Ok(added == 1)
    }

    /// The counts of the day `key` before the file (`Some(None)`: it was not stored), if kept.
    ///
    /// # Errors
    /// The engine failed.
    pub fn day_before(
        &self,
        (account, day, feature): FileDay,
    ) -> StoreResult<Option<Option<DayCounts>>> {
        self.conn().query_one(
            "SELECT stored, active_users, events FROM import_day_before \
             WHERE account = ?1 AND day = ?2 AND feature = ?3",
            sql_params![account, i64::from(day), feature],
            |row| {
                let (stored, active) = (row.get_bool(0)?, row.get_opt_i64(1)?);
                let events = row.get_opt_i64(2)?;
                Ok(active.filter(|_| stored).map(|active_users| DayCounts { active_users, events }))
            },
        )
    }

    /// Keeps `before` as the counts of the day `key` before the file, unless some are kept.
    ///
    /// # Errors
    /// The engine failed.
    pub fn keep_day_before(
        &self,
        (account, day, feature): FileDay,
        before: Option<DayCounts>,
    ) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO import_day_before \
             (account, day, feature, stored, active_users, events) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            sql_params![
                account,
                i64::from(day),
                feature,
                before.is_some(),
                before.map(|b| b.active_users),
                before.and_then(|b| b.events),
            ],
        )?;
        Ok(())
    }

    /// Drops the tables, before the import commits.
    ///
    /// # Errors
    /// The engine failed.
    pub fn drop_file_days(&self) -> StoreResult<()> {
        for table in ["import_file_day", "import_day_before"] {
            self.conn().execute(&format!("DROP TABLE IF EXISTS {table}"), &[])?;
        }
        Ok(())
    }
}

impl super::Store {
    /// Whether the book holds an import's tables of a file's days (it never should once an
    /// import has ended).
    #[cfg(test)]
    pub(crate) fn holds_file_days(&self) -> bool {
        let sql = match self.backend.conn() {
            Conn::Sqlite(_) => {
                "SELECT 1 FROM sqlite_schema WHERE name LIKE 'import\\_%' ESCAPE '\\'"
            }
            Conn::Postgres(_) => {
                "SELECT 1 FROM pg_class WHERE relname IN ('import_file_day', 'import_day_before')"
            }
        };
        self.backend.query_one(sql, &[], |_| Ok(())).map_or(true, |found| found.is_some())
    }
}
