//! Renewal records (SPEC 12): reading the stored ones, the history a report of a date knows
//! (stored records plus closed renewal opportunities, see `domain::effective_records`), and
//! writing a record by its natural key (account and due). Nothing here moves an account's ARR or
//! renewal date: recording a renewal in csm does that in its own write, an import never does.

use std::collections::BTreeSet;

use super::engine::{Param, StoreRow, sql_params};
use super::rows;
use super::{BookWriter, Store, StoreResult};
use crate::domain::{Account, AccountId, RenewalRecord, churned_at, effective_records};
use chrono::NaiveDate;

/// The lifecycle stage a recorded churn gives its account.
pub const CHURNED_STAGE: &str = "churned";

/// A renewal recorded in csm and what it changed, so undo can put the account back.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRenewal {
    /// The record as stored (version 0).
    pub record: RenewalRecord,
    /// The account as it was read before the recording.
    pub before: Account,
    /// The account as the recording left it, at its new version.
    pub after: Account,
    /// The CSM's call on the renewal it closed, taken back with it (a call is on the renewal
    /// ahead), and the version of the account's call the recording left.
    pub call: Option<(super::StoredCall, i64)>,
}

const COLUMNS: &str = "account_id, due, closed_on, outcome, arr_before, arr_after, note, source";

fn record<R: StoreRow + ?Sized>(row: &R) -> Result<RenewalRecord, R::Error> {
    Ok(RenewalRecord {
        account_id: AccountId(row.get_i64(0)?),
        due: row.get_date(1)?,
        closed_on: row.get_date(2)?,
        outcome: rows::parsed(row, 3)?,
        arr_before: row.get_i64(4)?,
        arr_after: row.get_i64(5)?,
        note: row.get_opt_string(6)?,
        source: rows::parsed(row, 7)?,
    })
}

impl Store {
    /// Every stored renewal record (recorded or imported), by account then due, whenever it
    /// closed. Closed renewal opportunities are not in it: see [`Store::renewal_records_at`].
    ///
    /// # Errors
    /// Only if the engine fails or a stored value is outside its vocabulary.
    pub fn renewal_records(&self) -> StoreResult<Vec<RenewalRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM renewal_record ORDER BY account_id, due");
        self.backend.query_rows(&sql, &[], |r| record(r))
    }

    /// One account's stored renewal records, by due.
    ///
    /// # Errors
    /// As [`Store::renewal_records`].
    pub fn renewal_records_of(&self, account: AccountId) -> StoreResult<Vec<RenewalRecord>> {
        let sql =
            format!("SELECT {COLUMNS} FROM renewal_record WHERE account_id = ?1 ORDER BY due");
        self.backend.query_rows(&sql, sql_params![account.0], |r| record(r))
    }

    /// The renewal history a report as of `as_of` knows, by account then due: the stored records
    /// and the outcomes of closed renewal opportunities where no record is due within 60 days of
    /// their close, all closed on or before `as_of`.
    ///
    /// # Errors
    /// As [`Store::renewal_records`].
    pub fn renewal_records_at(&self, as_of: NaiveDate) -> StoreResult<Vec<RenewalRecord>> {
        let stored = self.renewal_records()?;
        let sql = format!(
            "SELECT {} FROM opportunity WHERE kind = 'renewal' AND status <> 'open' \
             AND close_date IS NOT NULL ORDER BY id",
            rows::OPPORTUNITY_COLUMNS
        );
        let closed = self.backend.query_rows(&sql, &[], |r| rows::opportunity(r))?;
        Ok(effective_records(&stored, &closed, as_of))
    }

    /// The accounts churned at `as_of` (see `domain::churned_at`): they leave the active book of
    /// that date.
    ///
    /// # Errors
    /// As [`Store::renewal_records`].
    pub fn churned_at(&self, as_of: NaiveDate) -> StoreResult<BTreeSet<AccountId>> {
        Ok(churned_at(&self.renewal_records_at(as_of)?, as_of))
    }

    /// Whether `account` is churned at `as_of`, reading its records alone (after an edit of
    /// one account, the rest of the book need not be read).
    ///
    /// # Errors
    /// As [`Store::renewal_records`].
    pub fn account_churned_at(&self, account: AccountId, as_of: NaiveDate) -> StoreResult<bool> {
        let stored = self.renewal_records_of(account)?;
        let opportunities = self.opportunities(account)?;
        let records = effective_records(&stored, &opportunities, as_of);
        Ok(churned_at(&records, as_of).contains(&account))
    }
}

impl BookWriter<'_> {
    /// The stored record of `account`'s renewal due `due`, with its version, if any.
    ///
    /// # Errors
    /// As [`Store::renewal_records`].
    pub fn renewal_record(
        &self,
        account: AccountId,
        due: NaiveDate,
    ) -> StoreResult<Option<(RenewalRecord, i64)>> {
        // Locked as read (on a server): the write that follows decides on it.
        let sql = format!(
            "SELECT {COLUMNS}, version FROM renewal_record WHERE account_id = ?1 AND due = ?2{}",
            self.row_lock()
        );
        self.conn()
            .query_one(&sql, sql_params![account.0, due], |row| Ok((record(row)?, row.get_i64(8)?)))
    }

    /// Writes `r` under its natural key (account and due), replacing the record stored there
    /// and bumping its version; returns whether it is new. The account's own fields are left
    /// as they are.
    ///
    /// # Errors
    /// The account does not exist; a value the schema refuses (a negative ARR, a churn with
    /// ARR after it, a source other than recorded or imported); the engine failing.
    pub fn put_renewal_record(&self, r: &RenewalRecord) -> StoreResult<bool> {
        // One statement: two writers putting the same renewal cannot both insert it (the
        // second updates the first's row once it is committed). The version it ends at tells
        // a new record (0) from a replaced one.
        let version = self.conn().query_one(
            "INSERT INTO renewal_record (account_id, due, closed_on, outcome, arr_before, \
             arr_after, note, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
             ON CONFLICT (account_id, due) DO UPDATE SET closed_on = excluded.closed_on, \
             outcome = excluded.outcome, arr_before = excluded.arr_before, \
             arr_after = excluded.arr_after, note = excluded.note, source = excluded.source, \
             version = renewal_record.version + 1 \
             RETURNING version",
            &values(r),
            |row| row.get_i64(0),
        )?;
        Ok(version == Some(0))
    }

    /// Records how `account`'s renewal due `r.due` ended, in this transaction: stores `r` (as
    /// recorded) and sets the account's ARR to `r.arr_after` and its renewal date to `next`; a
    /// churn also makes its lifecycle stage `churned`. `account` must carry the version it was
    /// read at. Nothing here checks the values: see `domain::check_renewal`.
    ///
    /// # Errors
    /// [`super::Conflict`] when the account changed meanwhile or a record of that renewal exists
    /// already; a value the schema refuses; the engine failing.
    pub fn record_renewal(
        &self,
        account: &Account,
        r: &RenewalRecord,
        next: Option<NaiveDate>,
    ) -> StoreResult<RecordedRenewal> {
        if self.renewal_record(account.id, r.due)?.is_some() {
            return Err(super::Conflict::Exists("renewal record").into());
        }
        let record = RenewalRecord {
            account_id: account.id,
            source: crate::domain::RecordSource::Recorded,
            ..r.clone()
        };
        let mut after = Account { arr_cents: r.arr_after, renewal_date: next, ..account.clone() };
        if record.churned() {
            after.lifecycle_stage = Some(CHURNED_STAGE.to_owned());
        }
        after.version = self.edit_account(&after)?;
        self.put_renewal_record(&record)?;
        // The call was on the renewal this closes: the next one starts on the model.
        let call = match self.forecast_call(account.id)? {
            (Some(call), read) => Some((call, self.clear_forecast_call(account.id, read)?)),
            (None, _) => None,
        };
        Ok(RecordedRenewal { record, before: account.clone(), after, call })
    }

    /// Undoes a recording: deletes its record and puts the account's fields (and the call it
    /// took back) back as they were read, if none changed since.
    ///
    /// # Errors
    /// [`super::Conflict`] when the record or the account changed meanwhile; the engine failing.
    pub fn undo_renewal(&self, recorded: &RecordedRenewal) -> StoreResult<()> {
        let r = &recorded.record;
        self.delete_renewal_record(r.account_id, r.due, 0)?;
        self.edit_account(&Account { version: recorded.after.version, ..recorded.before.clone() })?;
        if let Some((call, version)) = &recorded.call {
            self.restore_forecast_call(r.account_id, Some(call), *version)?;
        }
        Ok(())
    }

    /// Deletes the record of `account`'s renewal due `due`, read at `version` (undo of a
    /// recording).
    ///
    /// # Errors
    /// [`super::Conflict`] when it was changed or deleted meanwhile; the engine failing.
    pub fn delete_renewal_record(
        &self,
        account: AccountId,
        due: NaiveDate,
        version: i64,
    ) -> StoreResult<()> {
        match self.renewal_record(account, due)? {
            None => return Err(super::Conflict::Deleted("renewal record").into()),
            Some((_, current)) if current != version => {
                return Err(super::Conflict::Changed("renewal record").into());
            }
            Some(_) => {}
        }
        // Checked again by the statement: another writer may have changed it since the read.
        let deleted = self.conn().execute(
            "DELETE FROM renewal_record WHERE account_id = ?1 AND due = ?2 AND version = ?3",
            sql_params![account.0, due, version],
        )?;
        if deleted == 0 {
            let gone = self.renewal_record(account, due)?.is_none();
            let noun = "renewal record";
            let conflict =
                if gone { super::Conflict::Deleted(noun) } else { super::Conflict::Changed(noun) };
            return Err(conflict.into());
        }
        Ok(())
    }
}

/// `r`'s fields as parameters 1 to 8, in [`COLUMNS`] order.
fn values(r: &RenewalRecord) -> [Param<'_>; 8] {
    [
        Param::Int(r.account_id.0),
        r.due.into(),
        r.closed_on.into(),
        r.outcome.code().into(),
        r.arr_before.into(),
        r.arr_after.into(),
        r.note.as_deref().into(),
        r.source.code().into(),
    ]
}
