//! Renewal rows (SPEC 12): how past renewals ended, keyed by (account, due). `closed_on` and
//! `outcome` are required (outcome words in any case); a blank `arr_after` is `arr_before` when
//! renewed (a flat renewal) and 0 when churned; a blank `arr_before` is the record's stored one,
//! else `arr_after` when renewed, else the account's current ARR. A churn that keeps ARR is
//! refused. The rows write history only: the accounts file stays the source of an account's
//! current ARR and renewal date, so nothing here changes an account.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::Importer;
use super::merged::outcome;
use crate::domain::{AccountId, RecordSource, RenewalOutcome, RenewalRecord};
use crate::import::cells::Cells;
use crate::store::StoreResult;

/// The natural key of a renewal record: its account and the renewal date it closes.
pub(super) type RenewalKey = (AccountId, NaiveDate);

/// The stored records by key, and what the rows made of them.
pub(super) fn by_key(records: Vec<RenewalRecord>) -> HashMap<RenewalKey, RenewalRecord> {
    records.into_iter().map(|r| ((r.account_id, r.due), r)).collect()
}

impl Importer<'_, '_> {
    pub(super) fn renewal(&mut self, cells: &mut Cells<'_>) -> StoreResult<()> {
        let account = self.account_ref(cells, "account");
        let due = cells.required_parsed("due", |t| self.date(t));
        let closed_on = cells.required_parsed("closed_on", |t| self.date(t));
        let result = cells
            .required_parsed("outcome", |t| t.parse::<RenewalOutcome>().map_err(|e| e.to_string()));
        let arr_before = self.book_money(cells, "arr_before");
        let arr_after = self.book_money(cells, "arr_after");
        let (Some(account), Some(due), Some(closed_on), Some(result)) =
            (account, due, closed_on, result)
        else {
            return Ok(());
        };
        let churned = result == RenewalOutcome::Churned;
        if churned && arr_after.is_some_and(|a| a != 0) {
            let reason = "a churned account keeps no ARR: 0 (or blank) when it churned";
            cells.fail("arr_after", reason.to_owned());
        }
        if cells.failed() {
            return Ok(());
        }
        let key = (account, due);
        let existing = self.renewals.get(&key).cloned();
        let arr_before = arr_before
            .or_else(|| existing.as_ref().map(|r| r.arr_before))
            .or(if churned { None } else { arr_after })
            .unwrap_or_else(|| self.current_arr(account));
        let arr_after = match result {
            RenewalOutcome::Churned => 0,
            RenewalOutcome::Renewed => arr_after.unwrap_or(arr_before),
        };
        let note = cells.string("note").or_else(|| existing.as_ref().and_then(|r| r.note.clone()));
        let record = RenewalRecord {
            account_id: account,
            due,
            closed_on,
            outcome: result,
            arr_before,
            arr_after,
            note,
            source: RecordSource::Imported,
        };
        let merged = self.named_renewals.note(&key, || existing);
        self.noted(merged);
        self.renewals.insert(key, record);
        Ok(())
    }

    /// The account's ARR in the book, for a row that gives none before the renewal.
    fn current_arr(&self, account: AccountId) -> i64 {
        self.account_records.get(&account).map_or(0, |a| a.arr_cents)
    }

    /// Writes the records the file named, now that every row is merged into them.
    pub(super) fn write_renewals(&mut self) -> StoreResult<()> {
        for (key, stored) in self.named_renewals.take() {
            let Some(record) = self.renewals.get(&key) else { continue };
            let outcome = outcome(stored.as_ref(), record);
            if outcome != crate::store::Outcome::Unchanged {
                self.writer.put_renewal_record(record)?;
            }
            // Counted, not touched: a renewal record is no fact of the account's health.
            self.tally.count(outcome);
        }
        Ok(())
    }
}
