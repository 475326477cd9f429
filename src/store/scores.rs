//! The score cache: reading every account with its cached summary, and saving fresh summaries.
//!
//! A cached summary is valid for one as-of date, one model fingerprint and one revision of the
//! account's facts; anything else reads as missing, and the caller rescores. The cache keeps the
//! most recent as-of dates only: today's view, and the few dates a script last asked about.
//!
//! Opening a book reads every account, so that read is shaped for speed: the accounts and the
//! date's cached rows are two scans in account order, merged here, and each summary is one blob
//! handed to the caller's decoder straight from the row, uncopied. What a summary holds is the
//! caller's business (the engine encodes its own, see `scoring`): this module keeps bytes and must
//! not know the type they encode. Nothing here scores: a missing summary, or one the decoder
//! cannot read, is reported as missing.

use chrono::NaiveDate;
use rusqlite::{Rows, params};

mod aside;

pub use aside::CacheAside;

use super::writer::BookWriter;
use super::{Store, StoreResult, rows};
use crate::domain::{Account, AccountId};

/// An account, the revision of its facts, and its cached summary `S` when still valid, as the
/// caller's decoder read it.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedAccount<S> {
    pub account: Account,
    pub revision: i64,
    pub summary: Option<S>,
}

impl Store {
    /// Every account by id, with its revision and its summary cached for `as_of` under `model`
    /// at that revision, if any, read by `decode` from the bytes it was saved as (`None`: read
    /// as missing). The bytes are the row's own, borrowed: nothing is copied to decode them.
    ///
    /// # Errors
    /// Only if SQLite fails or a stored value is outside its vocabulary.
    pub fn accounts_with_scores<S>(
        &self,
        as_of: NaiveDate,
        model: &str,
        decode: impl Fn(&[u8]) -> Option<S>,
    ) -> StoreResult<Vec<CachedAccount<S>>> {
        let mut cached_stmt = self.backend.sqlite()?.prepare_cached(
            "SELECT account_id, revision, summary FROM account_score \
             WHERE as_of = ?1 AND model = ?2 ORDER BY account_id",
        )?;
        let found = cached_stmt.query(params![rows::IsoDate::new(as_of), model])?;
        let mut cached = CachedScores::new(found, decode)?;
        let sql = format!("SELECT {}, revision FROM account ORDER BY id", rows::ACCOUNT_COLUMNS);
        let mut accounts_stmt = self.backend.sqlite()?.prepare_cached(&sql)?;
        let mut found = accounts_stmt.query([])?;
        let mut accounts = Vec::new();
        while let Some(row) = found.next()? {
            let account = rows::account(row)?;
            let revision = row.get(rows::ACCOUNT_COLUMN_COUNT)?;
            let summary = cached.take(account.id, revision)?;
            accounts.push(CachedAccount { account, revision, summary });
        }
        Ok(accounts)
    }
}

impl Store {
    /// The accounts `ids` (in id order) that exist, each with its revision, in id order: a
    /// range read when they are many, one lookup each when few.
    ///
    /// # Errors
    /// Only if SQLite fails or a stored value is outside its vocabulary.
    pub fn accounts_with_revisions(&self, ids: &[AccountId]) -> StoreResult<Vec<(Account, i64)>> {
        let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT {}, revision FROM account WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
            rows::ACCOUNT_COLUMNS
        );
        let mut stmt = self.backend.sqlite()?.prepare_cached(&sql)?;
        let mut found = Vec::with_capacity(ids.len());
        // A few scattered accounts are looked up one by one: a range from the first to the last
        // would cross most of the book.
        let ranges: Vec<(AccountId, AccountId)> = if ids.len() < 64 {
            ids.iter().map(|&id| (id, id)).collect()
        } else {
            vec![(first, last)]
        };
        for (from, to) in ranges {
            let mut rows = stmt.query([from.0, to.0])?;
            while let Some(row) = rows.next()? {
                let account = rows::account(row)?;
                if ids.binary_search(&account.id).is_ok() {
                    let revision = row.get(rows::ACCOUNT_COLUMN_COUNT)?;
                    found.push((account, revision));
                }
            }
        }
        Ok(found)
    }
}

impl Store {
    /// The revisions of the accounts `ids` (in id order) that exist, in id order.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn revisions(&self, ids: &[AccountId]) -> StoreResult<Vec<(AccountId, i64)>> {
        let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.backend.sqlite()?.prepare_cached(
            "SELECT id, revision FROM account WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
        )?;
        let mut rows = stmt.query([first.0, last.0])?;
        let mut found = Vec::with_capacity(ids.len());
        while let Some(row) = rows.next()? {
            let id = AccountId(row.get(0)?);
            if ids.binary_search(&id).is_ok() {
                found.push((id, row.get(1)?));
            }
        }
        Ok(found)
    }

    /// How many accounts have a summary cached for `as_of` under `model`, at whatever revision:
    /// one count over the date's rows, without reading the accounts.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn cached_score_count(&self, as_of: NaiveDate, model: &str) -> StoreResult<usize> {
        let n: i64 = self
            .backend
            .sqlite()?
            .prepare_cached("SELECT count(*) FROM account_score WHERE as_of = ?1 AND model = ?2")?
            .query_row(params![rows::IsoDate::new(as_of), model], |row| row.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}

/// The cached rows of one date and model, walked in account order beside the accounts, each
/// summary read by `decode`.
struct CachedScores<'s, S, D> {
    rows: Rows<'s>,
    decode: D,
    /// The next cached row not yet matched: account, revision, summary (if readable).
    head: Option<(i64, i64, Option<S>)>,
}

impl<'s, S, D: Fn(&[u8]) -> Option<S>> CachedScores<'s, S, D> {
    fn new(rows: Rows<'s>, decode: D) -> rusqlite::Result<Self> {
        let mut scores = Self { rows, decode, head: None };
        scores.advance()?;
        Ok(scores)
    }

    fn advance(&mut self) -> rusqlite::Result<()> {
        self.head = match self.rows.next()? {
            Some(row) => {
                let blob = row.get_ref(2)?.as_blob().ok();
                Some((row.get(0)?, row.get(1)?, blob.and_then(&self.decode)))
            }
            None => None,
        };
        Ok(())
    }

    /// The summary cached for `account` at `revision`; accounts must come in increasing order.
    fn take(&mut self, account: AccountId, revision: i64) -> rusqlite::Result<Option<S>> {
        // Rows of accounts that no longer exist are skipped.
        while self.head.as_ref().is_some_and(|(id, ..)| *id < account.0) {
            self.advance()?;
        }
        match self.head.take() {
            Some((id, cached_revision, summary)) if id == account.0 => {
                self.advance()?;
                Ok(summary.filter(|_| cached_revision == revision))
            }
            head => {
                self.head = head;
                Ok(None)
            }
        }
    }
}

/// How many as-of dates the cache keeps, newest first.
const KEPT_DATES: i64 = 3;

impl BookWriter<'_> {
    /// Drops cached scores of all but the most recent as-of dates.
    ///
    /// The newest dates are found by seeking the primary key (as-of date first) once per date
    /// rather than by reading every row: a write that rescores one account prunes after it, and
    /// on a large book a scan of the whole cache would cost more than the write.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn prune_scores(&self) -> StoreResult<()> {
        let mut before: Option<String> = self
            .tx()?
            .prepare_cached("SELECT max(as_of) FROM account_score")?
            .query_row([], |r| r.get(0))?;
        let mut older =
            self.tx()?.prepare_cached("SELECT max(as_of) FROM account_score WHERE as_of < ?1")?;
        for _ in 1..KEPT_DATES {
            let Some(date) = before else { return Ok(()) };
            before = older.query_row([date], |r| r.get(0))?;
        }
        if before.is_none() {
            return Ok(());
        }
        self.tx()?
            .prepare_cached("DELETE FROM account_score WHERE as_of < ?1")?
            .execute([&before])?;
        Ok(())
    }

    /// Caches `summary`, the bytes the caller encoded, as the score of `account` at `revision`
    /// for `as_of` under `model`, replacing what the account had cached for that date.
    ///
    /// # Errors
    /// The account does not exist, or SQLite failed.
    pub fn save_score(
        &self,
        account: AccountId,
        revision: i64,
        as_of: NaiveDate,
        model: &str,
        summary: &[u8],
    ) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO account_score (as_of, account_id, model, revision, summary) \
                 VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT (as_of, account_id) DO UPDATE SET model = excluded.model, \
                 revision = excluded.revision, summary = excluded.summary",
            )?
            .execute(params![rows::IsoDate::new(as_of), account.0, model, revision, summary])?;
        Ok(())
    }

    /// Caches many encoded summaries (account, revision, blob) for `as_of` under `model`, a
    /// statement of [`ROWS_PER_INSERT`] rows at a time: one row per statement spends most of its
    /// time starting and ending the statement.
    fn save_encoded_scores(
        &self,
        scores: &[(AccountId, i64, Vec<u8>)],
        as_of: NaiveDate,
        model: &str,
    ) -> StoreResult<()> {
        let date = rows::IsoDate::new(as_of);
        let mut chunks = scores.chunks_exact(ROWS_PER_INSERT);
        let mut stmt = self.tx()?.prepare_cached(&insert_scores_sql(ROWS_PER_INSERT))?;
        for chunk in chunks.by_ref() {
            // ?1 and ?2 are the date and model; each row then binds account, revision, blob.
            stmt.raw_bind_parameter(1, date)?;
            stmt.raw_bind_parameter(2, model)?;
            for (i, (account, revision, summary)) in chunk.iter().enumerate() {
                stmt.raw_bind_parameter(3 + 3 * i, account.0)?;
                stmt.raw_bind_parameter(4 + 3 * i, revision)?;
                stmt.raw_bind_parameter(5 + 3 * i, summary)?;
            }
            stmt.raw_execute()?;
        }
        for (account, revision, summary) in chunks.remainder() {
            self.save_score(*account, *revision, as_of, model, summary)?;
        }
        Ok(())
    }
}

/// Rows a statement of [`BookWriter::save_encoded_scores`] inserts.
const ROWS_PER_INSERT: usize = 100;

/// `INSERT … VALUES (?1, ?3, ?2, ?4, ?5), (?1, ?6, ?2, ?7, ?8), … ON CONFLICT … DO UPDATE` for
/// `rows` rows, which must name each account once.
fn insert_scores_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| format!("(?1, ?{}, ?2, ?{}, ?{})", 3 + 3 * i, 4 + 3 * i, 5 + 3 * i))
        .collect();
    format!(
        "INSERT INTO account_score (as_of, account_id, model, revision, summary) VALUES {} \
         ON CONFLICT (as_of, account_id) DO UPDATE SET model = excluded.model, \
         revision = excluded.revision, summary = excluded.summary",
        values.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::store::Store;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn pruning_keeps_the_three_newest_dates_whatever_their_order_of_writing() {
        let mut store = Store::open_in_memory().unwrap();
        let as_of = day("2026-11-24");
        let options = crate::demo::DemoOptions { accounts: 2, seed: 1, as_of, years: 3 };
        crate::demo::generate(&mut store, &options).unwrap();
        let accounts = store.accounts_with_scores(as_of, "m", |_| Some(())).unwrap();
        let dates = ["2026-11-20", "2026-11-24", "2026-10-01", "2026-11-22", "2026-11-21"];
        let kept = |store: &Store| {
            dates
                .iter()
                .filter(|d| store.cached_score_count(day(d), "m").unwrap() > 0)
                .copied()
                .collect::<Vec<_>>()
        };
        for (written, date) in dates.iter().enumerate() {
            let writer = store.writer().unwrap();
            for cached in &accounts {
                writer
                    .save_score(cached.account.id, cached.revision, day(date), "m", b"x")
                    .unwrap();
            }
            writer.prune_scores().unwrap();
            writer.commit().unwrap();
            if written == 1 {
                assert_eq!(
                    kept(&store),
                    ["2026-11-20", "2026-11-24"],
                    "fewer than three: all kept"
                );
            }
        }
        assert_eq!(kept(&store), ["2026-11-24", "2026-11-22", "2026-11-21"]);
    }

    #[test]
    fn the_cache_keeps_the_caller_s_bytes_and_reads_them_with_its_decoder() {
        let mut store = Store::open_in_memory().unwrap();
        let as_of = day("2026-11-24");
        let options = crate::demo::DemoOptions { accounts: 3, seed: 1, as_of, years: 3 };
        crate::demo::generate(&mut store, &options).unwrap();
        let accounts = store.accounts_with_scores(as_of, "m", |_| Some(())).unwrap();
        let [first, second, third] = accounts.as_slice() else { panic!("{accounts:?}") };
        assert!(accounts.iter().all(|c| c.summary.is_none()), "nothing cached yet");
        let writer = store.writer().unwrap();
        writer.save_score(first.account.id, first.revision, as_of, "m", b"one").unwrap();
        writer.save_score(second.account.id, second.revision, as_of, "m", b"bad").unwrap();
        writer.save_score(third.account.id, third.revision + 1, as_of, "m", b"new").unwrap();
        writer.commit().unwrap();
        let read = |model| {
            let decode = |bytes: &[u8]| (bytes != b"bad").then(|| bytes.to_vec());
            let cached = store.accounts_with_scores(as_of, model, decode).unwrap();
            cached.into_iter().map(|c| c.summary).collect::<Vec<_>>()
        };
        // Bytes the decoder refuses, and those of another revision, read as missing.
        assert_eq!(read("m"), [Some(b"one".to_vec()), None, None]);
        assert_eq!(read("other"), [None, None, None]);
    }
}
