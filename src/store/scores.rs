//! The score cache: reading every account with its cached summary, and saving fresh summaries.
//!
//! A cached summary is valid for one as-of date, one model fingerprint and one revision of the
//! account's facts; anything else reads as missing, and the caller rescores. The cache keeps the
//! most recent as-of dates only: today's view, and the few dates a script last asked about.
//!
//! Opening a book reads every account, so that read is shaped for speed and memory: one pass
//! over the accounts in id order, each joined to the date's cached row through the cache's key,
//! and each summary handed to the caller's decoder straight from the row, uncopied, as the rows
//! stream (a book of 100,000 accounts is never held as rows and as accounts at once). What a
//! summary holds is the caller's business (the engine encodes its own, see `scoring`): this
//! module keeps bytes and must not know the type they encode. Nothing here scores: a missing
//! summary, or one the decoder cannot read, is reported as missing.

use chrono::NaiveDate;

mod aside;

pub use aside::CacheAside;

use super::engine::{Param, StoreRow as _, sql_params};
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
    /// Only if the engine fails or a stored value is outside its vocabulary.
    pub fn accounts_with_scores<S>(
        &self,
        as_of: NaiveDate,
        model: &str,
        decode: impl Fn(&[u8]) -> Option<S>,
    ) -> StoreResult<Vec<CachedAccount<S>>> {
        // The summary is read only at the account's revision: a stale one is not decoded.
        let sql = format!(
            "SELECT {}, a.revision, s.account_id, s.summary FROM account a \
             LEFT JOIN account_score s ON s.as_of = ?1 AND s.account_id = a.id \
             AND s.model = ?2 AND s.revision = a.revision ORDER BY a.id",
            qualified_account_columns()
        );
        let mut accounts = Vec::new();
        self.backend.conn().for_each_row(&sql, sql_params![as_of, model], |row| {
            let account = rows::account(row)?;
            let revision = row.get_i64(rows::ACCOUNT_COLUMN_COUNT)?;
            // A cached row is there when its key is (the summary itself is never null).
            let cached = row.get_opt_i64(rows::ACCOUNT_COLUMN_COUNT + 1)?.is_some();
            let summary =
                if cached { decode(row.get_bytes(rows::ACCOUNT_COLUMN_COUNT + 2)?) } else { None };
            accounts.push(CachedAccount { account, revision, summary });
            Ok(())
        })?;
        Ok(accounts)
    }
}

/// The account's columns named through the alias `a`, in [`rows::ACCOUNT_COLUMNS`]' order.
fn qualified_account_columns() -> String {
    rows::ACCOUNT_COLUMNS.split(", ").map(|c| format!("a.{c}")).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// The accounts `ids` (in id order) that exist, each with its revision, in id order: a
    /// range read when they are many, one lookup each when few.
    ///
    /// # Errors
    /// Only if the engine fails or a stored value is outside its vocabulary.
    pub fn accounts_with_revisions(&self, ids: &[AccountId]) -> StoreResult<Vec<(Account, i64)>> {
        let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT {}, revision FROM account WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
            rows::ACCOUNT_COLUMNS
        );
        let mut found = Vec::with_capacity(ids.len());
        // A few scattered accounts are looked up one by one: a range from the first to the last
        // would cross most of the book.
        let ranges: Vec<(AccountId, AccountId)> = if ids.len() < 64 {
            ids.iter().map(|&id| (id, id)).collect()
        } else {
            vec![(first, last)]
        };
        for (from, to) in ranges {
            self.backend.conn().for_each_row(&sql, sql_params![from.0, to.0], |row| {
                let account = rows::account(row)?;
                if ids.binary_search(&account.id).is_ok() {
                    found.push((account, row.get_i64(rows::ACCOUNT_COLUMN_COUNT)?));
                }
                Ok(())
            })?;
        }
        Ok(found)
    }
}

impl Store {
    /// The revisions of the accounts `ids` (in id order) that exist, in id order.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn revisions(&self, ids: &[AccountId]) -> StoreResult<Vec<(AccountId, i64)>> {
        let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
            return Ok(Vec::new());
        };
        let mut found = Vec::with_capacity(ids.len());
        self.backend.conn().for_each_row(
            "SELECT id, revision FROM account WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
            sql_params![first.0, last.0],
            |row| {
                let id = AccountId(row.get_i64(0)?);
                if ids.binary_search(&id).is_ok() {
                    found.push((id, row.get_i64(1)?));
                }
                Ok(())
            },
        )?;
        Ok(found)
    }

    /// How many accounts have a summary cached for `as_of` under `model`, at whatever revision:
    /// one count over the date's rows, without reading the accounts.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn cached_score_count(&self, as_of: NaiveDate, model: &str) -> StoreResult<usize> {
        let n = self.backend.query_one(
            "SELECT count(*) FROM account_score WHERE as_of = ?1 AND model = ?2",
            sql_params![as_of, model],
            |row| row.get_i64(0),
        )?;
        Ok(n.and_then(|n| usize::try_from(n).ok()).unwrap_or(0))
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
    /// Only if the engine fails.
    pub fn prune_scores(&self) -> StoreResult<()> {
        let newest = |sql: &str, params: &[Param<'_>]| -> StoreResult<Option<NaiveDate>> {
            Ok(self.conn().query_one(sql, params, |r| r.get_opt_date(0))?.flatten())
        };
        let mut before = newest("SELECT max(as_of) FROM account_score", &[])?;
        for _ in 1..KEPT_DATES {
            let Some(date) = before else { return Ok(()) };
            before =
                newest("SELECT max(as_of) FROM account_score WHERE as_of < ?1", sql_params![date])?;
        }
        let Some(before) = before else { return Ok(()) };
        self.conn().execute("DELETE FROM account_score WHERE as_of < ?1", sql_params![before])?;
        Ok(())
    }

    /// Caches `summary`, the bytes the caller encoded, as the score of `account` at `revision`
    /// for `as_of` under `model`, replacing what the account had cached for that date.
    ///
    /// # Errors
    /// The account does not exist, or the engine failed.
    pub fn save_score(
        &self,
        account: AccountId,
        revision: i64,
        as_of: NaiveDate,
        model: &str,
        summary: &[u8],
    ) -> StoreResult<()> {
        self.conn().execute(
            &insert_scores_sql(1),
            sql_params![as_of, model, account.0, revision, summary],
        )?;
        Ok(())
    }

    /// Caches many encoded summaries (account, revision, blob; each account once) for `as_of`
    /// under `model`, a statement of [`ROWS_PER_INSERT`] rows at a time and one more for the
    /// rest: one row per statement spends most of its time starting and ending the statement
    /// (and, on a server, a round trip).
    ///
    /// # Errors
    /// An account does not exist, or the engine failed.
    pub fn save_scores(
        &self,
        scores: &[(AccountId, i64, Vec<u8>)],
        as_of: NaiveDate,
        model: &str,
    ) -> StoreResult<()> {
        let mut chunks = scores.chunks_exact(ROWS_PER_INSERT);
        let full = insert_scores_sql(ROWS_PER_INSERT);
        let insert = |sql: &str, chunk: &[(AccountId, i64, Vec<u8>)]| {
            // ?1 and ?2 are the date and model; each row then binds account, revision, blob.
            let mut params: Vec<Param<'_>> = Vec::with_capacity(2 + 3 * chunk.len());
            params.extend([Param::from(as_of), Param::from(model)]);
            for (account, revision, summary) in chunk {
                params.extend([
                    Param::Int(account.0),
                    Param::Int(*revision),
                    Param::Bytes(summary),
                ]);
            }
            self.conn().execute(sql, &params)
        };
        for chunk in chunks.by_ref() {
            insert(&full, chunk)?;
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            insert(&insert_scores_sql(rest.len()), rest)?;
        }
        Ok(())
    }
}

/// Rows a statement of [`BookWriter::save_scores`] inserts.
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

    use crate::domain::{Account, AccountId};
    use crate::store::{Store, testing};

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// `n` accounts, written through the store.
    fn accounts(store: &mut Store, n: usize) -> Vec<AccountId> {
        let writer = store.writer().unwrap();
        let ids = (0..n)
            .map(|i| writer.insert_account(&Account::named(format!("A-{i}"), format!("Acme {i}"))))
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        writer.commit().unwrap();
        ids
    }

    #[test]
    fn pruning_keeps_the_three_newest_dates_whatever_their_order_of_writing() {
        for (engine, store) in testing::stores("prune_scores") {
            keeps_the_three_newest_dates(engine, store);
        }
    }

    fn keeps_the_three_newest_dates(engine: &str, mut store: Store) {
        accounts(&mut store, 2);
        let accounts = store.accounts_with_scores(day("2026-11-24"), "m", |_| Some(())).unwrap();
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
                    "{engine}: fewer than three: all kept"
                );
            }
        }
        assert_eq!(kept(&store), ["2026-11-24", "2026-11-22", "2026-11-21"], "{engine}");
    }

    #[test]
    fn the_cache_keeps_the_caller_s_bytes_and_reads_them_with_its_decoder() {
        for (engine, store) in testing::stores("score_cache_bytes") {
            keeps_the_callers_bytes(engine, store);
        }
    }

    fn keeps_the_callers_bytes(engine: &str, mut store: Store) {
        let as_of = day("2026-11-24");
        accounts(&mut store, 3);
        let accounts = store.accounts_with_scores(as_of, "m", |_| Some(())).unwrap();
        let [first, second, third] = accounts.as_slice() else { panic!("{accounts:?}") };
        assert!(accounts.iter().all(|c| c.summary.is_none()), "{engine}: nothing cached yet");
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
        assert_eq!(read("m"), [Some(b"one".to_vec()), None, None], "{engine}");
        assert_eq!(read("other"), [None, None, None], "{engine}");
        // Another date's summary is not this one's.
        assert_eq!(
            store.accounts_with_scores(day("2026-11-23"), "m", |b| Some(b.to_vec())).unwrap()[0]
                .summary,
            None,
            "{engine}"
        );
    }

    /// Many summaries at once, in statements of many rows and a remainder, read back by
    /// account; the revisions and accounts read by id as the cache's callers read them.
    #[test]
    fn summaries_saved_in_bulk_read_back_by_account() {
        for (engine, store) in testing::stores("score_cache_bulk") {
            saved_in_bulk(engine, store);
        }
    }

    fn saved_in_bulk(engine: &str, mut store: Store) {
        let as_of = day("2026-11-24");
        let ids = accounts(&mut store, super::ROWS_PER_INSERT + 7);
        let revisions = store.revisions(&ids).unwrap();
        assert_eq!(revisions.len(), ids.len(), "{engine}");
        let encoded: Vec<(AccountId, i64, Vec<u8>)> = revisions
            .iter()
            .map(|&(id, revision)| (id, revision, id.0.to_string().into_bytes()))
            .collect();
        let writer = store.writer().unwrap();
        writer.save_scores(&encoded, as_of, "m").unwrap();
        writer.commit().unwrap();
        assert_eq!(store.cached_score_count(as_of, "m").unwrap(), ids.len(), "{engine}");
        let cached = store.accounts_with_scores(as_of, "m", |b| Some(b.to_vec())).unwrap();
        for (c, id) in cached.iter().zip(&ids) {
            assert_eq!(c.account.id, *id, "{engine}");
            assert_eq!(c.summary.as_deref(), Some(id.0.to_string().as_bytes()), "{engine}");
        }
        // Scattered accounts are looked up one by one, many by a range; both in id order.
        let few = [ids[3], ids[90]];
        let found = store.accounts_with_revisions(&few).unwrap();
        assert_eq!(found.iter().map(|(a, _)| a.id).collect::<Vec<_>>(), few, "{engine}");
        let all = store.accounts_with_revisions(&ids).unwrap();
        assert_eq!(all.len(), ids.len(), "{engine}");
    }
}
