//! The cache of health at past renewals: each renewal record's account scored a lead before its
//! due date, as the backtest and the forecast's band rates read it. Like the score cache, a row
//! is valid for one model fingerprint and one revision of the account's facts, and always
//! recomputable: losing it costs time, never a figure. Rows are bytes the caller encodes: this
//! module must not know what they hold, nor score.

use chrono::NaiveDate;

use super::engine::{StoreRow as _, sql_params};
use super::writer::BookWriter;
use super::{Store, StoreResult, rows};
use crate::domain::AccountId;

impl Store {
    /// The cached rows at `lead` days under `model` that are valid at their account's current
    /// revision, by account then due, each read by `decode` (`None`: left out, as missing).
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn past_health<S>(
        &self,
        lead: u32,
        model: &str,
        decode: impl Fn(&[u8]) -> Option<S>,
    ) -> StoreResult<Vec<(AccountId, NaiveDate, S)>> {
        let mut out = Vec::new();
        self.backend.conn().for_each_row(
            "SELECT c.account_id, c.due, c.summary FROM past_health c \
             JOIN account a ON a.id = c.account_id AND a.revision = c.revision \
             WHERE c.lead = ?1 AND c.model = ?2",
            sql_params![i64::from(lead), model],
            |row| {
                if let Some(summary) = decode(row.get_bytes(2)?) {
                    out.push((AccountId(row.get_i64(0)?), rows::date(row, 1)?, summary));
                }
                Ok(())
            },
        )?;
        // Sorted here: SQLite would sort through a temporary B-tree, several times slower.
        out.sort_unstable_by_key(|(id, due, _)| (*id, *due));
        Ok(out)
    }

    /// Runs `read` with up to `bytes` of the book's file mapped into memory: a pass that reads
    /// many scattered pages (health at thousands of past dates) then reads them in place rather
    /// than copying each through a system call. The mapping is undone after, whatever `read`
    /// returned; a store in memory or on a server has nothing to map.
    ///
    /// # Errors
    /// What `read` returned, or the engine failing to change the mapping.
    pub fn mapped<T>(
        &self,
        bytes: i64,
        read: impl FnOnce(&Self) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let Some(before) = self.backend.file_mapping()? else {
            return read(self);
        };
        self.backend.set_file_mapping(bytes)?;
        let result = read(self);
        let restored = self.backend.set_file_mapping(before);
        let value = result?;
        restored?;
        Ok(value)
    }

    /// Every account's revision, by id.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn all_revisions(&self) -> StoreResult<Vec<(AccountId, i64)>> {
        self.backend.query_rows("SELECT id, revision FROM account ORDER BY id", &[], |row| {
            Ok((AccountId(row.get_i64(0)?), row.get_i64(1)?))
        })
    }
}

impl BookWriter<'_> {
    /// Caches `summary` as the health of `account` `lead` days before its renewal due `due`,
    /// under `model` at `revision`, replacing what was cached there.
    ///
    /// # Errors
    /// The account does not exist, or the engine failed.
    pub fn save_past_health(
        &self,
        account: AccountId,
        due: NaiveDate,
        lead: u32,
        model: &str,
        revision: i64,
        summary: &[u8],
    ) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO past_health (account_id, due, lead, model, revision, summary) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (account_id, due, lead) DO UPDATE \
             SET model = excluded.model, revision = excluded.revision, summary = excluded.summary",
            sql_params![account.0, due, i64::from(lead), model, revision, summary],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Account;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_row_is_valid_for_its_model_lead_and_revision_only() {
        for (engine, store) in crate::store::testing::stores("past_health") {
            valid_for_its_model_lead_and_revision(engine, store);
        }
    }

    fn valid_for_its_model_lead_and_revision(engine: &str, mut store: Store) {
        let writer = store.writer().unwrap();
        let id = writer.insert_account(&Account::named("A-1", "Northwind")).unwrap();
        writer.commit().unwrap();
        let revision = store.all_revisions().unwrap()[0].1;
        let writer = store.writer().unwrap();
        writer.save_past_health(id, day("2026-03-31"), 90, "m", revision, b"one").unwrap();
        writer.save_past_health(id, day("2026-03-31"), 60, "m", revision, b"two").unwrap();
        writer.save_past_health(id, day("2025-03-31"), 90, "m", revision - 1, b"old").unwrap();
        writer.commit().unwrap();
        let read = |store: &Store, lead, model| {
            store.past_health(lead, model, |b| Some(b.to_vec())).unwrap()
        };
        assert_eq!(read(&store, 90, "m"), [(id, day("2026-03-31"), b"one".to_vec())], "{engine}");
        assert_eq!(read(&store, 60, "m"), [(id, day("2026-03-31"), b"two".to_vec())], "{engine}");
        assert!(read(&store, 90, "other").is_empty(), "{engine}");
        // A write to the account's facts moves its revision: every row of it reads as missing.
        let writer = store.writer().unwrap();
        writer.touch(id);
        writer.commit().unwrap();
        assert!(read(&store, 90, "m").is_empty(), "{engine}");
    }

    #[test]
    fn a_mapping_lasts_for_its_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("book.db")).unwrap();
        let size = |store: &Store| -> i64 {
            store.backend.file_mapping().unwrap().expect("a file to map")
        };
        let before = size(&store);
        let inside = store.mapped(1 << 24, |store| Ok(size(store))).unwrap();
        assert_eq!(inside, 1 << 24);
        assert_eq!(size(&store), before);
        // A database in memory, or on a server, has nothing to map, and reads all the same.
        for (engine, other) in crate::store::testing::stores("mapping") {
            assert_eq!(other.mapped(1 << 24, |_| Ok(7)).unwrap(), 7, "{engine}");
        }
    }
}
