//! The CSMs' calls on the renewals ahead (SPEC 12): one per account, overriding the model's
//! probability in the forecast. Every change names the version of the account's call it read
//! (0 when it never had one), and a stale one is a [`Conflict::Changed`]; taking a call back
//! keeps the row without a call, so its version keeps counting. Nothing here forecasts.

use super::engine::{StoreRow, sql_params};
use super::rows;
use super::{BookWriter, Conflict, Store, StoreResult};
use crate::domain::AccountId;
use crate::outcomes::forecast::Call;
use chrono::NaiveDate;

/// What the conflict names.
const NOUN: &str = "forecast call";

/// An account's call as stored: the call, the day it was set, and the version of the account's
/// call (how many times it changed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoredCall {
    pub account_id: AccountId,
    pub call: Call,
    pub set_on: NaiveDate,
    pub version: i64,
}

/// The row of an account: its call and day, if it has one now, and its version.
type Row = (Option<(Call, NaiveDate)>, i64);

fn row<R: StoreRow + ?Sized>(r: &R) -> Result<Row, R::Error> {
    let call: Option<Call> = rows::parsed_opt(r, 0)?;
    let set_on = r.get_opt_date(1)?;
    let version = r.get_i64(2)?;
    Ok((call.zip(set_on), version))
}

/// The call, its day and its version of `account_id = ?1` (the locking clause after it).
const ONE_CALL: &str = "SELECT call, set_on, version FROM forecast_call WHERE account_id = ?1";

impl Store {
    /// Every account's call, by account (the accounts back on the model left out).
    ///
    /// # Errors
    /// Only if the engine fails or a stored call is not one.
    pub fn forecast_calls(&self) -> StoreResult<Vec<StoredCall>> {
        self.backend.query_rows(
            "SELECT account_id, call, set_on, version FROM forecast_call \
             WHERE call IS NOT NULL ORDER BY account_id",
            &[],
            |r| {
                Ok(StoredCall {
                    account_id: AccountId(r.get_i64(0)?),
                    call: rows::parsed(r, 1)?,
                    set_on: r.get_date(2)?,
                    version: r.get_i64(3)?,
                })
            },
        )
    }

    /// `account`'s call, if it has one.
    ///
    /// # Errors
    /// Only if the engine fails or the stored call is not one.
    pub fn forecast_call_of(&self, account: AccountId) -> StoreResult<Option<StoredCall>> {
        let found = self.backend.query_one(ONE_CALL, sql_params![account.0], |r| row(r))?;
        Ok(found.and_then(|(call, version)| {
            call.map(|(call, set_on)| StoredCall { account_id: account, call, set_on, version })
        }))
    }

    /// The version of `account`'s call: 0 when it never had one.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn forecast_call_version(&self, account: AccountId) -> StoreResult<i64> {
        let version = self.backend.query_one(
            "SELECT version FROM forecast_call WHERE account_id = ?1",
            sql_params![account.0],
            |r| r.get_i64(0),
        )?;
        Ok(version.unwrap_or(0))
    }
}

impl BookWriter<'_> {
    /// `account`'s call as stored now (`None` when it is on the model) and its version.
    ///
    /// # Errors
    /// Only if the engine fails or the stored call is not one.
    pub fn forecast_call(&self, account: AccountId) -> StoreResult<(Option<StoredCall>, i64)> {
        // Locked as read (on a server): a change of the call waits for this transaction.
        let sql = format!("{ONE_CALL}{}", self.row_lock());
        let found = self.conn().query_one(&sql, sql_params![account.0], |r| row(r))?;
        let (call, version) = found.unwrap_or((None, 0));
        let stored =
            call.map(|(call, set_on)| StoredCall { account_id: account, call, set_on, version });
        Ok((stored, version))
    }

    /// Puts `call` set on `set_on` (or, with `None`, the model) as `account`'s, if its call is
    /// still at `read` (the version read; 0 for an account that never had one); returns the new
    /// version. The previous call, for undo, is what the caller read.
    ///
    /// # Errors
    /// [`Conflict::Changed`] when the call changed since it was read; the engine failing (the
    /// account does not exist).
    pub fn put_forecast_call(
        &self,
        account: AccountId,
        call: Option<(Call, NaiveDate)>,
        read: i64,
    ) -> StoreResult<i64> {
        let (_, version) = self.forecast_call(account)?;
        if version != read {
            return Err(Conflict::Changed(NOUN).into());
        }
        let text = call.map(|(c, _)| c.to_string());
        let day = call.map(|(_, d)| d);
        // The version is checked inside the write too, so that two writers that interleave
        // (PostgreSQL's transactions may) cannot both pass the read above.
        let written = self.conn().execute(
            "INSERT INTO forecast_call (account_id, call, set_on, version) \
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account_id) DO UPDATE SET \
             call = excluded.call, set_on = excluded.set_on, version = excluded.version \
             WHERE forecast_call.version = ?5",
            sql_params![account.0, text.as_deref(), day, version + 1, read],
        )?;
        if written == 0 {
            return Err(Conflict::Changed(NOUN).into());
        }
        Ok(version + 1)
    }

    /// Sets `account`'s call to `call` on `set_on`, if still at `read`; returns the new version.
    ///
    /// # Errors
    /// As [`BookWriter::put_forecast_call`].
    pub fn set_forecast_call(
        &self,
        account: AccountId,
        call: Call,
        set_on: NaiveDate,
        read: i64,
    ) -> StoreResult<i64> {
        self.put_forecast_call(account, Some((call, set_on)), read)
    }

    /// Takes `account`'s call back (the model decides again), if still at `read`; returns the
    /// new version.
    ///
    /// # Errors
    /// As [`BookWriter::put_forecast_call`].
    pub fn clear_forecast_call(&self, account: AccountId, read: i64) -> StoreResult<i64> {
        self.put_forecast_call(account, None, read)
    }

    /// Puts back `previous` (the call read before a change; `None`: the model) as `account`'s
    /// call, if it is still at `version` (the one the change returned): undo.
    ///
    /// # Errors
    /// As [`BookWriter::put_forecast_call`].
    pub fn restore_forecast_call(
        &self,
        account: AccountId,
        previous: Option<&StoredCall>,
        version: i64,
    ) -> StoreResult<i64> {
        self.put_forecast_call(account, previous.map(|p| (p.call, p.set_on)), version)
    }
}
