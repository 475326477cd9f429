//! The score cache: reading every account with its cached summary, and saving fresh summaries.
//!
//! A cached summary is valid for one as-of date, one model fingerprint and one revision of the
//! account's facts; anything else reads as missing, and the caller rescores. The cache keeps the
//! most recent as-of dates only: today's view, and the few dates a script last asked about.
//!
//! Opening a book reads every account, so that read is shaped for speed: the accounts and the
//! date's cached rows are two scans in account order, merged here, and each summary is one
//! fixed-size blob (see [`encode`]). Nothing here scores: a missing or unreadable summary is
//! reported as missing.

use chrono::NaiveDate;
use rusqlite::{Rows, params};

mod aside;

pub use aside::CacheAside;

use super::writer::BookWriter;
use super::{Store, StoreResult, rows};
use crate::domain::{Account, AccountId};
use crate::scoring::{AccountSummary, Band, CodeSet, NpsTally};

/// An account, the revision of its facts, and its cached summary when still valid.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedAccount {
    pub account: Account,
    pub revision: i64,
    pub summary: Option<AccountSummary>,
}

impl Store {
    /// Every account by id, with its revision and its summary cached for `as_of` under `model`
    /// at that revision, if any.
    ///
    /// # Errors
    /// Only if SQLite fails or a stored value is outside its vocabulary.
    pub fn accounts_with_scores(
        &self,
        as_of: NaiveDate,
        model: &str,
    ) -> StoreResult<Vec<CachedAccount>> {
        let mut cached_stmt = self.conn.prepare_cached(
            "SELECT account_id, revision, summary FROM account_score \
             WHERE as_of = ?1 AND model = ?2 ORDER BY account_id",
        )?;
        let found = cached_stmt.query(params![rows::IsoDate::new(as_of), model])?;
        let mut cached = CachedScores::new(found)?;
        let sql = format!("SELECT {}, revision FROM account ORDER BY id", rows::ACCOUNT_COLUMNS);
        let mut accounts_stmt = self.conn.prepare_cached(&sql)?;
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
        let mut stmt = self.conn.prepare_cached(&sql)?;
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
        let mut stmt = self.conn.prepare_cached(
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
            .conn
            .prepare_cached("SELECT count(*) FROM account_score WHERE as_of = ?1 AND model = ?2")?
            .query_row(params![rows::IsoDate::new(as_of), model], |row| row.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}

/// The cached rows of one date and model, walked in account order beside the accounts.
struct CachedScores<'s> {
    rows: Rows<'s>,
    /// The next cached row not yet matched: account, revision, summary (if readable).
    head: Option<(i64, i64, Option<AccountSummary>)>,
}

impl<'s> CachedScores<'s> {
    fn new(rows: Rows<'s>) -> rusqlite::Result<Self> {
        let mut scores = Self { rows, head: None };
        scores.advance()?;
        Ok(scores)
    }

    fn advance(&mut self) -> rusqlite::Result<()> {
        self.head = match self.rows.next()? {
            Some(row) => {
                let blob = row.get_ref(2)?.as_blob().ok();
                Some((row.get(0)?, row.get(1)?, blob.and_then(decode)))
            }
            None => None,
        };
        Ok(())
    }

    /// The summary cached for `account` at `revision`; accounts must come in increasing order.
    fn take(
        &mut self,
        account: AccountId,
        revision: i64,
    ) -> rusqlite::Result<Option<AccountSummary>> {
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

/// The version of the blob layout, its first byte: a blob of another layout reads as missing.
/// Layout 2 added the snoozed todos: a summary cached before it is scored again.
const LAYOUT: u8 = 2;

/// Bytes of an encoded summary: layout, band, presence bits, then the fields in order.
const ENCODED_LEN: usize = 3 + 8 * 2 + 8 * 4 + 4 * 5 + 8 + 4 * 3;

/// A summary as its cache blob: little-endian fields at fixed offsets, absent values as zero
/// with a presence bit (bit 0 health, bit 1 delta, bits 2-5 the components).
fn encode(summary: &AccountSummary) -> Vec<u8> {
    let mut out = Vec::with_capacity(ENCODED_LEN);
    let band = Band::ALL.iter().position(|b| *b == summary.band).unwrap_or_default();
    let optional = [summary.health.is_some(), summary.delta.is_some()]
        .into_iter()
        .chain(summary.components.iter().map(Option::is_some));
    let present = optional.enumerate().fold(0u8, |bits, (i, is)| bits | (u8::from(is) << i));
    out.extend([LAYOUT, u8::try_from(band).unwrap_or_default(), present]);
    out.extend(summary.health.unwrap_or_default().to_le_bytes());
    out.extend(summary.delta.unwrap_or_default().to_le_bytes());
    for component in summary.components {
        out.extend(component.unwrap_or_default().to_le_bytes());
    }
    let counts = [
        summary.signals.0,
        summary.expansion.0,
        summary.open_todos,
        summary.overdue_todos,
        summary.snoozed_todos,
    ];
    for count in counts {
        out.extend(count.to_le_bytes());
    }
    out.extend(summary.attention.to_le_bytes());
    for count in [summary.nps.promoters, summary.nps.passives, summary.nps.detractors] {
        out.extend(count.to_le_bytes());
    }
    out
}

/// Reads a blob written by [`encode`]; `None` for any other length, layout or band.
fn decode(blob: &[u8]) -> Option<AccountSummary> {
    if blob.len() != ENCODED_LEN {
        return None;
    }
    let mut r = Reader(blob);
    let [layout, band, present] = r.take()?;
    if layout != LAYOUT {
        return None;
    }
    let band = *Band::ALL.get(usize::from(band))?;
    let has = |bit: u8| present & (1 << bit) != 0;
    let health = i64::from_le_bytes(r.take()?);
    let delta = i64::from_le_bytes(r.take()?);
    let mut components = [None; 4];
    for (bit, component) in (2..).zip(&mut components) {
        let value = f64::from_le_bytes(r.take()?);
        *component = has(bit).then_some(value);
    }
    Some(AccountSummary {
        health: has(0).then_some(health),
        band,
        delta: has(1).then_some(delta),
        components,
        signals: CodeSet(r.u32()?),
        expansion: CodeSet(r.u32()?),
        open_todos: r.u32()?,
        overdue_todos: r.u32()?,
        snoozed_todos: r.u32()?,
        attention: i64::from_le_bytes(r.take()?),
        nps: NpsTally { promoters: r.u32()?, passives: r.u32()?, detractors: r.u32()? },
    })
}

/// Reads fixed-size fields off the front of a blob.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }
}

/// How many as-of dates the cache keeps, newest first.
const KEPT_DATES: i64 = 3;

impl BookWriter<'_> {
    /// Drops cached scores of all but the most recent as-of dates.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn prune_scores(&self) -> StoreResult<()> {
        self.tx()
            .prepare_cached(
                "DELETE FROM account_score WHERE as_of NOT IN \
                 (SELECT DISTINCT as_of FROM account_score ORDER BY as_of DESC LIMIT ?1)",
            )?
            .execute([KEPT_DATES])?;
        Ok(())
    }

    /// Caches `summary` as the score of `account` at `revision` for `as_of` under `model`,
    /// replacing what the account had cached for that date.
    ///
    /// # Errors
    /// The account does not exist, or SQLite failed.
    pub fn save_score(
        &self,
        account: AccountId,
        revision: i64,
        as_of: NaiveDate,
        model: &str,
        summary: &AccountSummary,
    ) -> StoreResult<()> {
        self.save_encoded_score(account, revision, as_of, model, &encode(summary))
    }

    fn save_encoded_score(
        &self,
        account: AccountId,
        revision: i64,
        as_of: NaiveDate,
        model: &str,
        summary: &[u8],
    ) -> StoreResult<()> {
        self.tx()
            .prepare_cached(
                "INSERT OR REPLACE INTO account_score (as_of, account_id, model, revision, summary) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
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
        let mut stmt = self.tx().prepare_cached(&insert_scores_sql(ROWS_PER_INSERT))?;
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
            self.save_encoded_score(*account, *revision, as_of, model, summary)?;
        }
        Ok(())
    }
}

/// Rows a statement of [`BookWriter::save_encoded_scores`] inserts.
const ROWS_PER_INSERT: usize = 100;

/// `INSERT OR REPLACE … VALUES (?1, ?3, ?2, ?4, ?5), (?1, ?6, ?2, ?7, ?8), …` for `rows` rows.
fn insert_scores_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| format!("(?1, ?{}, ?2, ?{}, ?{})", 3 + 3 * i, 4 + 3 * i, 5 + 3 * i))
        .collect();
    format!(
        "INSERT OR REPLACE INTO account_score (as_of, account_id, model, revision, summary) \
         VALUES {}",
        values.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> AccountSummary {
        AccountSummary {
            health: Some(-41),
            band: Band::Watch,
            delta: None,
            components: [Some(0.125), None, Some(99.5), Some(-0.0)],
            signals: CodeSet(0b1011),
            expansion: CodeSet(u32::MAX),
            open_todos: 3,
            overdue_todos: 1,
            snoozed_todos: 2,
            attention: i64::MIN,
            nps: NpsTally { promoters: 7, passives: 0, detractors: 2 },
        }
    }

    #[test]
    fn a_summary_survives_its_blob() {
        let mut all_absent = summary();
        all_absent.health = None;
        all_absent.components = [None; 4];
        for band in Band::ALL {
            for mut s in [summary(), all_absent.clone()] {
                s.band = band;
                let blob = encode(&s);
                assert_eq!(blob.len(), ENCODED_LEN);
                assert_eq!(decode(&blob), Some(s));
            }
        }
    }

    #[test]
    fn a_blob_of_another_shape_reads_as_missing() {
        let blob = encode(&summary());
        assert_eq!(decode(&blob[1..]), None, "short");
        assert_eq!(decode(&[blob.as_slice(), &[0]].concat()), None, "long");
        let mut other_layout = blob.clone();
        other_layout[0] = LAYOUT + 1;
        assert_eq!(decode(&other_layout), None);
        let mut bad_band = blob;
        bad_band[1] = 9;
        assert_eq!(decode(&bad_band), None);
    }
}
