//! Daily rows: usage keyed by (account, date), feature use by (account, date, feature). Millions
//! of them: accounts and features are resolved once per distinct text; the days of an account
//! without stored usage are new for certain and written in bulk (the store's fastest way), any
//! other row is read and written on its own. Two rows for one day merge (the later row's counts win, a blank
//! keeps the earlier one) and count once, against the book before the file.

use std::sync::Arc;

use chrono::Datelike as _;

use super::merged::outcome;
use super::seen::DayKey;
use super::{Importer, Resolved};
use crate::domain::{AccountId, FeatureDay, FeatureId, UsageDay};
use crate::import::cells::Cells;
use crate::import::refs::Accounts;
use crate::import::values::{DateOrder, parse_count, parse_date};
use crate::store::{DayCounts, Outcome, StoreResult};

/// Days the file changed whose counts before it are kept in memory (about 20 MB), before they
/// go to the store: a file that changes millions of stored days must not fill memory. The
/// crate's own tests keep two, so that their files take the store's path too.
const DAYS_BEFORE_HELD: usize = if cfg!(test) { 2 } else { 1 << 19 };

/// Reads usage rows into days, on its own: a usage file can be read on one thread while
/// another writes its rows ([`Importer::put_usage`]).
#[derive(Debug)]
pub struct UsageReader {
    accounts: Arc<Accounts>,
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
            accounts: Arc::clone(&self.accounts),
            resolved: Resolved::default(),
            order: self.order,
        }
    }

    /// Writes one usage row read by a [`UsageReader`].
    ///
    /// # Errors
    /// The store failed.
    pub fn put_usage(&mut self, account: AccountId, day: UsageDay) -> StoreResult<()> {
        let key = (account.0, day.date.num_days_from_ce(), 0);
        let fresh = self.had_no_usage(account)?;
        if fresh && self.first_row_of_day(key)? {
            // New for certain: written in bulk with others.
            self.new_usage.push((account, day));
            if self.new_usage.len() >= self.writer.new_usage_batch() {
                self.write_new_usage()?;
            }
            self.tally.count(Outcome::New);
            if self.fresh_account != Some(account) {
                self.touched.insert(account);
                self.fresh_account = Some(account);
            }
            return Ok(());
        }
        // A repeat may be of a day still waiting to be written.
        self.write_new_usage()?;
        let now = self.writer.usage_day(account, day.date)?;
        let row = DayCounts { active_users: day.active_users, events: day.events };
        if let Some(merged) = self.daily_row(account, key, row, now, fresh)? {
            let day = UsageDay { events: merged.events, ..day };
            self.writer.set_usage_day(account, &day)?;
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
        let key = (account.0, date.num_days_from_ce(), feature.0);
        let now = self.writer.feature_day_events(account, date, feature)?;
        let now = now.map(|events| DayCounts { active_users: 0, events });
        let row = DayCounts { active_users: 0, events: events.map(i64::from) };
        if let Some(merged) = self.daily_row(account, key, row, now, false)? {
            let day = FeatureDay { date, feature, events: merged.events };
            self.writer.set_feature_day(account, &day)?;
        }
        Ok(())
    }

    /// Counts one daily row whose day the store holds as `now` (an earlier row of the file may
    /// have written it): the row laid over it (a blank count of events keeps the one before),
    /// and the day counted against how it was before the file, so that a later row for the same
    /// day merges into the earlier one instead of counting as an update of it. `fresh`: the
    /// account had no stored usage, so every day of it is new. The counts to store, when they
    /// differ from `now`.
    fn daily_row(
        &mut self,
        account: AccountId,
        key: DayKey,
        row: DayCounts,
        now: Option<DayCounts>,
        fresh: bool,
    ) -> StoreResult<Option<DayCounts>> {
        let merged = DayCounts { events: row.events.or(now.and_then(|n| n.events)), ..row };
        let first = self.first_row_of_day(key)?;
        let before = match (first, fresh) {
            (true, _) => now,
            (false, true) => None,
            // Only days the file changed are remembered: any other is as it was.
            (false, false) => self.day_before(key)?.unwrap_or(now),
        };
        let was = (!first).then(|| outcome(before.as_ref(), &now.unwrap_or(merged)));
        let is = outcome(before.as_ref(), &merged);
        if let Some(was) = was {
            self.tally.merged += 1;
            self.tally.uncount(was);
        }
        self.tally.count(is);
        if !fresh {
            let changed = |o: Option<Outcome>| o.is_some_and(|o| o != Outcome::Unchanged);
            let count = self.changed_days.entry(account).or_default();
            *count =
                (*count + usize::from(changed(Some(is)))).saturating_sub(usize::from(changed(was)));
            if changed(Some(is)) {
                self.keep_day_before(key, before)?;
            }
        }
        Ok((Some(merged) != now).then_some(merged))
    }

    /// Whether no earlier row of the file named the day `key`: told from memory, else from the
    /// store once memory cannot hold the file's days.
    fn first_row_of_day(&mut self, key: DayKey) -> StoreResult<bool> {
        if let Some(first) = self.seen_days.insert(key) {
            return Ok(first);
        }
        self.file_days_in_store()?;
        self.writer.note_file_day(key)
    }

    /// The counts of the day `key` before the file, when the file changed it.
    fn day_before(&self, key: DayKey) -> StoreResult<Option<Option<DayCounts>>> {
        match self.days_before.get(&key) {
            Some(before) => Ok(Some(*before)),
            None if self.days_before_full => self.writer.day_before(key),
            None => Ok(None),
        }
    }

    /// Keeps the counts of the day `key` before the file (the first kept stands): in memory
    /// up to [`DAYS_BEFORE_HELD`] days, then in the store.
    fn keep_day_before(&mut self, key: DayKey, before: Option<DayCounts>) -> StoreResult<()> {
        if self.days_before_full {
            return self.writer.keep_day_before(key, before);
        }
        if self.days_before.contains_key(&key) {
            return Ok(());
        }
        if self.days_before.len() < DAYS_BEFORE_HELD {
            self.days_before.insert(key, before);
            return Ok(());
        }
        self.file_days_in_store()?;
        for (key, before) in self.days_before.drain() {
            self.writer.keep_day_before(key, before)?;
        }
        // From now on every day goes to the store (the map stays empty).
        self.days_before.shrink_to_fit();
        self.days_before_full = true;
        self.writer.keep_day_before(key, before)
    }

    /// Makes the store's tables of the file's days, once.
    fn file_days_in_store(&mut self) -> StoreResult<()> {
        if !self.file_days_stored {
            self.writer.make_file_days()?;
            self.file_days_stored = true;
        }
        Ok(())
    }

    /// Marks the accounts whose days the file changed: known only once every row is in, as a
    /// later row may put back what an earlier one changed.
    pub(super) fn mark_changed_days(&mut self) {
        for (&account, &days) in &self.changed_days {
            if days > 0 {
                self.writer.mark_changed(account);
                self.touched.insert(account);
            }
        }
    }

    /// Whether `account` had no stored usage before this file's first row of it.
    fn had_no_usage(&mut self, account: AccountId) -> StoreResult<bool> {
        // Rows of one account come together: the previous row's account is known.
        if self.fresh_account == Some(account) {
            return Ok(true);
        }
        // Read once, at the file's first usage row: before it wrote any.
        let stored = match &self.stored_usage {
            Some(stored) => stored,
            None => self.stored_usage.insert(self.writer.accounts_with_usage()?),
        };
        let none = !stored.contains(&account);
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
}
