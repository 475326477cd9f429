//! Daily rows: usage keyed by (account, date), feature use by (account, date, feature). Millions
//! of them: accounts and features are resolved once per distinct text, and each row is one
//! statement (two when the day is already stored).

use chrono::Datelike as _;

use super::{Importer, Resolved};
use crate::domain::{AccountId, FeatureDay, FeatureId, UsageDay};
use crate::import::cells::Cells;
use crate::import::refs::Accounts;
use crate::import::values::{DateOrder, parse_count, parse_date};
use crate::store::{Outcome, StoreResult};

/// New usage days gathered before they are written.
const NEW_USAGE_BATCH: usize = 4096;

/// Reads usage rows into days, on its own: a usage file can be read on one thread while
/// another writes its rows ([`Importer::put_usage`]).
#[derive(Debug)]
pub struct UsageReader {
    accounts: Accounts,
    resolved: Resolved,
    order: Option<DateOrder>,
}

impl UsageReader {
    /// The account and day of a usage row; `None` when the row has problems (in `cells`).
    pub fn read(&mut self, cells: &mut Cells<'_>) -> Option<(AccountId, UsageDay)> {
        read_usage(&self.accounts, &mut self.resolved, self.order, cells)
    }
}

fn read_usage(
    accounts: &Accounts,
    resolved: &mut Resolved,
    order: Option<DateOrder>,
    cells: &mut Cells<'_>,
) -> Option<(AccountId, UsageDay)> {
    let account = resolved.account(accounts, cells, "account");
    let date = cells.required_parsed("date", |t| parse_date(t, order));
    let active = cells.required_parsed("active_users", parse_count);
    let events = cells.parse("events", parse_count);
    let (Some(account), Some(date), Some(active)) = (account, date, active) else {
        return None;
    };
    if cells.failed() {
        return None;
    }
    Some((
        account,
        UsageDay { date, active_users: i64::from(active), events: events.map(i64::from) },
    ))
}

impl Importer<'_, '_> {
    pub(super) fn usage(&mut self, cells: &mut Cells<'_>) -> StoreResult<()> {
        match read_usage(&self.accounts, &mut self.resolved, self.order, cells) {
            Some((account, day)) => self.put_usage(account, day),
            None => Ok(()),
        }
    }

    /// A reader of usage rows that knows the accounts this importer knows.
    #[must_use]
    pub fn usage_reader(&self) -> UsageReader {
        UsageReader {
            accounts: self.accounts.clone(),
            resolved: Resolved::default(),
            order: self.order,
        }
    }

    /// Writes one usage row read by a [`UsageReader`].
    ///
    /// # Errors
    /// SQLite failed.
    pub fn put_usage(&mut self, account: AccountId, day: UsageDay) -> StoreResult<()> {
        let date = day.date;
        let key = (account.0, date.num_days_from_ce(), 0);
        if self.had_no_usage(account)? && self.seen_days.insert(key) {
            // New for certain: written with others, a statement per many rows.
            self.new_usage.push((account, day));
            if self.new_usage.len() >= NEW_USAGE_BATCH {
                self.write_new_usage()?;
            }
            self.tally.count(Outcome::New, false);
            if self.fresh_account != Some(account) {
                self.touched.insert(account);
                self.fresh_account = Some(account);
            }
            return Ok(());
        }
        // A repeat may be of a day still waiting to be written.
        self.write_new_usage()?;
        let outcome = self.writer.put_usage_day(account, &day)?;
        self.counted_day(outcome, key);
        if outcome != Outcome::Unchanged {
            self.touched.insert(account);
        }
        Ok(())
    }

    pub(super) fn feature_use(&mut self, cells: &mut Cells<'_>) -> StoreResult<()> {
        let account = self.account_ref(cells, "account");
        let date = cells.required_parsed("date", |t| self.date(t));
        let feature = cells.required("feature");
        let events = cells.parse("events", parse_count);
        let (Some(account), Some(date), Some(feature)) = (account, date, feature) else {
            return Ok(());
        };
        if cells.failed() {
            return Ok(());
        }
        let feature = self.feature_id(feature)?;
        let day = FeatureDay { date, feature, events: events.map(i64::from) };
        let outcome = self.writer.put_feature_day(account, &day)?;
        self.counted_day(outcome, (account.0, date.num_days_from_ce(), feature.0));
        if outcome != Outcome::Unchanged {
            self.touched.insert(account);
        }
        Ok(())
    }

    /// Whether `account` had no stored usage before this file's first row of it.
    fn had_no_usage(&mut self, account: AccountId) -> StoreResult<bool> {
        // Rows of one account come together: the previous row's account is known.
        if self.fresh_account == Some(account) {
            return Ok(true);
        }
        if let Some(&none) = self.no_stored_usage.get(&account) {
            return Ok(none);
        }
        let none = !self.writer.has_usage(account)?;
        self.no_stored_usage.insert(account, none);
        Ok(none)
    }

    /// Writes the new usage days gathered so far.
    pub(super) fn write_new_usage(&mut self) -> StoreResult<()> {
        if !self.new_usage.is_empty() {
            self.writer.add_new_usage_days(&self.new_usage)?;
            self.new_usage.clear();
        }
        Ok(())
    }

    fn feature_id(&mut self, name: &str) -> StoreResult<FeatureId> {
        if let Some(id) = self.features.get(name) {
            return Ok(*id);
        }
        let id = self.writer.feature(name)?;
        self.features.insert(name.to_owned(), id);
        Ok(id)
    }

    /// Counts a daily row; a day an earlier row of this file wrote is a repeat (the later row
    /// wins, as it was written last).
    fn counted_day(&mut self, outcome: Outcome, key: (i64, i32, i64)) {
        let repeated = match outcome {
            Outcome::New => {
                self.seen_days.insert(key);
                false
            }
            Outcome::Updated | Outcome::Unchanged => !self.seen_days.insert(key),
        };
        self.tally.count(outcome, repeated);
    }
}
