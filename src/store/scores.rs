//! The score cache: reading every account with its cached summary, and saving fresh summaries.
//!
//! A cached summary is valid for one as-of date, one model fingerprint and one revision of the
//! account's facts; anything else reads as missing, and the caller rescores. The cache keeps the
//! most recent as-of dates only: today's view, and the few dates a script last asked about.

use chrono::NaiveDate;
use rusqlite::{Row, params};

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

fn count(row: &Row<'_>, idx: usize) -> rusqlite::Result<u32> {
    let n: i64 = row.get(idx)?;
    Ok(u32::try_from(n).unwrap_or(0))
}

fn summary(row: &Row<'_>, at: usize) -> rusqlite::Result<Option<AccountSummary>> {
    let Some(band) = row.get::<_, Option<String>>(at + 1)? else {
        return Ok(None);
    };
    let Some(band) = Band::from_code(&band) else {
        return Ok(None);
    };
    Ok(Some(AccountSummary {
        health: row.get(at)?,
        band,
        delta: row.get(at + 2)?,
        components: [row.get(at + 3)?, row.get(at + 4)?, row.get(at + 5)?, row.get(at + 6)?],
        signals: CodeSet(count(row, at + 7)?),
        expansion: CodeSet(count(row, at + 8)?),
        open_todos: count(row, at + 9)?,
        overdue_todos: count(row, at + 10)?,
        attention: row.get(at + 11)?,
        nps: NpsTally {
            promoters: count(row, at + 12)?,
            passives: count(row, at + 13)?,
            detractors: count(row, at + 14)?,
        },
    }))
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
        let columns = rows::ACCOUNT_COLUMNS
            .split(", ")
            .map(|c| format!("a.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {columns}, a.revision, s.health, s.band, s.delta, s.usage, s.adoption, s.support, \
             s.engagement, s.signals, s.expansion, s.open_todos, s.overdue_todos, s.attention, \
             s.nps_promoters, s.nps_passives, s.nps_detractors \
             FROM account a LEFT JOIN account_score s ON s.account_id = a.id AND s.as_of = ?1 \
             AND s.model = ?2 AND s.revision = a.revision ORDER BY a.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let accounts = stmt
            .query_map(params![as_of, model], |row| {
                Ok(CachedAccount {
                    account: rows::account(row)?,
                    revision: row.get(14)?,
                    summary: summary(row, 15)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(accounts)
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

    /// Caches `summary` as the score of `account` at `revision` for `as_of` under `model`.
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
        let [usage, adoption, support, engagement] = summary.components;
        self.tx()
            .prepare_cached(
                "INSERT OR REPLACE INTO account_score (account_id, as_of, model, revision, health, \
                 band, delta, usage, adoption, support, engagement, signals, expansion, open_todos, \
                 overdue_todos, attention, nps_promoters, nps_passives, nps_detractors) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            )?
            .execute(params![
                account.0,
                as_of,
                model,
                revision,
                summary.health,
                summary.band.code(),
                summary.delta,
                usage,
                adoption,
                support,
                engagement,
                summary.signals.0,
                summary.expansion.0,
                summary.open_todos,
                summary.overdue_todos,
                summary.attention,
                summary.nps.promoters,
                summary.nps.passives,
                summary.nps.detractors,
            ])?;
        Ok(())
    }
}
