//! Writes an import needs beyond adding records: replacing a record the import found by its key
//! (the caller has merged the file's values over the stored ones), and reading and storing one
//! day of usage or feature use. All inside the writer's transaction; nothing here decides which
//! record a row means or whether it changed.

use std::sync::LazyLock;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension as _, params};

use super::engine::sql_params;
use super::rows::IsoDate;
use super::{BookWriter, StoreError, StoreResult, fields};
use crate::domain::{
    Account, AccountId, FeatureDay, FeatureId, Interaction, NpsResponse, Opportunity, Ticket,
    UsageDay,
};

/// Rows of one insert statement of [`BookWriter::add_new_usage_days`]: enough that the cost of a
/// statement vanishes, with four parameters each well under SQLite's limit of parameters.
const USAGE_ROWS_PER_INSERT: usize = 128;

/// The insert of a full chunk, built once.
static FULL_USAGE_INSERT: LazyLock<String> = LazyLock::new(|| usage_insert(USAGE_ROWS_PER_INSERT));

/// `INSERT INTO usage … VALUES` with `rows` rows of parameters. `OR FAIL` keeps the rows before
/// a failing one instead of undoing the statement, which spares SQLite a statement journal; a
/// failure fails the whole import, whose transaction is then rolled back.
fn usage_insert(rows: usize) -> String {
    let values = vec!["(?, ?, ?, ?)"; rows].join(", ");
    format!("INSERT OR FAIL INTO usage (account_id, date, active_users, events) VALUES {values}")
}

/// The schema's CHECK on a day of usage, made here: a bulk import writes with the schema's CHECKs
/// off ([`super::Store::bulk_load`]). Fails as SQLite would.
fn refuse_negative(day: &UsageDay) -> StoreResult<()> {
    let negative = if day.active_users < 0 {
        "active_users >= 0"
    } else if day.events.is_some_and(|events| events < 0) {
        "events >= 0"
    } else {
        return Ok(());
    };
    Err(StoreError::constraint(format!("CHECK constraint failed: {negative}")))
}

/// One stored day of counts: an account's usage, or its use of one feature (no active users:
/// 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCounts {
    pub active_users: i64,
    pub events: Option<i64>,
}

/// What writing one row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    New,
    Updated,
    Unchanged,
}

impl BookWriter<'_> {
    /// Replaces the account `a.id` with `a`.
    ///
    /// # Errors
    /// A constraint failed (a duplicate external id) or SQLite failed.
    pub fn update_account(&self, a: &Account) -> StoreResult<()> {
        self.update_account_at(a, None)
    }

    /// As [`BookWriter::update_account`], if the row is still at `version` when one is named
    /// ([`BookWriter::write_at`]).
    pub(super) fn update_account_at(&self, a: &Account, version: Option<i64>) -> StoreResult<()> {
        self.touch(a.id);
        let params = fields::ACCOUNT.with_id(a.id.0, fields::account(a));
        self.write_at("account", a.id.0, version, fields::ACCOUNT.update_sql(), &params)?;
        Ok(())
    }

    /// Replaces the ticket `t.id` with `t`.
    ///
    /// # Errors
    /// A constraint failed or SQLite failed.
    pub fn update_ticket(&self, t: &Ticket) -> StoreResult<()> {
        self.touch(t.account_id);
        self.tx()?
            .prepare_cached(
                "UPDATE ticket SET account_id = ?2, external_id = ?3, opened = ?4, closed = ?5, \
                 priority = ?6, rating = ?7, status = ?8, subject = ?9 WHERE id = ?1",
            )?
            .execute(params![
                t.id.0,
                t.account_id.0,
                t.external_id,
                IsoDate::new(t.opened),
                IsoDate::opt(t.closed),
                t.priority.code(),
                t.rating.map(|r| r.to_string()),
                t.status,
                t.subject,
            ])?;
        Ok(())
    }

    /// Replaces the NPS response `n.id` with `n`.
    ///
    /// # Errors
    /// A constraint failed or SQLite failed.
    pub fn update_nps(&self, n: &NpsResponse) -> StoreResult<()> {
        self.touch(n.account_id);
        self.tx()?
            .prepare_cached(
                "UPDATE nps_response SET account_id = ?2, email = ?3, score = ?4, date = ?5, \
                 comment = ?6 WHERE id = ?1",
            )?
            .execute(params![
                n.id.0,
                n.account_id.0,
                n.email,
                n.score,
                IsoDate::new(n.date),
                n.comment
            ])?;
        Ok(())
    }

    /// Replaces the interaction `i.id` with `i`, its participants included.
    ///
    /// # Errors
    /// A contact does not exist, a constraint failed or SQLite failed.
    pub fn update_interaction(&self, i: &Interaction) -> StoreResult<()> {
        self.update_interaction_at(i, None)
    }

    /// As [`BookWriter::update_interaction`], if the row is still at `version` when one is named
    /// ([`BookWriter::write_at`]).
    pub(super) fn update_interaction_at(
        &self,
        i: &Interaction,
        version: Option<i64>,
    ) -> StoreResult<()> {
        self.touch(i.account_id);
        let params = fields::INTERACTION.with_id(i.id.0, fields::interaction(i));
        self.write_at("interaction", i.id.0, version, fields::INTERACTION.update_sql(), &params)?;
        let unlink = "DELETE FROM interaction_contact WHERE interaction_id = ?1";
        self.conn().execute(unlink, sql_params![i.id.0])?;
        self.link_contacts(i.id.0, &i.contacts)?;
        Ok(())
    }

    /// Replaces the opportunity `o.id` with `o`.
    ///
    /// # Errors
    /// A constraint failed or SQLite failed.
    pub fn update_opportunity(&self, o: &Opportunity) -> StoreResult<()> {
        self.update_opportunity_at(o, None)
    }

    /// As [`BookWriter::update_opportunity`], if the row is still at `version` when one is named
    /// ([`BookWriter::write_at`]).
    pub(super) fn update_opportunity_at(
        &self,
        o: &Opportunity,
        version: Option<i64>,
    ) -> StoreResult<()> {
        self.touch(o.account_id);
        let params = fields::OPPORTUNITY.with_id(o.id.0, fields::opportunity(o));
        self.write_at("opportunity", o.id.0, version, fields::OPPORTUNITY.update_sql(), &params)?;
        Ok(())
    }

    /// Marks an account whose facts changed without a write of its own: a record an import
    /// moved to another account left it.
    pub fn mark_changed(&self, account: AccountId) {
        self.touch(account);
    }

    /// An account's stored usage on `date`: active users and events; `None` when the day is not
    /// stored.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn usage_day(&self, account: AccountId, date: NaiveDate) -> StoreResult<Option<DayCounts>> {
        let counts = self
            .tx()?
            .prepare_cached(
                "SELECT active_users, events FROM usage WHERE account_id = ?1 AND date = ?2",
            )?
            .query_row(params![account.0, IsoDate::new(date)], |row| {
                Ok(DayCounts { active_users: row.get(0)?, events: row.get(1)? })
            })
            .optional()?;
        Ok(counts)
    }

    /// Stores `day` as the account's usage on its date, added or replaced. The account is not
    /// marked: the import marks it once it knows the file changed its facts
    /// ([`BookWriter::mark_changed`]), as a later row of the file may undo an earlier one.
    ///
    /// # Errors
    /// The account does not exist, a count is negative, or SQLite failed.
    pub fn set_usage_day(&self, account: AccountId, day: &UsageDay) -> StoreResult<()> {
        refuse_negative(day)?;
        self.tx()?
            .prepare_cached(
                "INSERT INTO usage (account_id, date, active_users, events) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (account_id, date) \
                 DO UPDATE SET active_users = excluded.active_users, events = excluded.events",
            )?
            .execute(params![account.0, IsoDate::new(day.date), day.active_users, day.events])?;
        Ok(())
    }

    /// Whether `account` has any stored day of usage.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn has_usage(&self, account: AccountId) -> StoreResult<bool> {
        let any = self
            .tx()?
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM usage WHERE account_id = ?1)")?
            .query_row([account.0], |row| row.get(0))?;
        Ok(any)
    }

    /// Adds days of usage the caller knows are not stored (their accounts had none before, and
    /// no two share a day), many rows per statement: a year of usage for a book is millions of
    /// rows, and one statement each costs more than the rows themselves.
    ///
    /// # Errors
    /// An account does not exist, a day is stored already, a count is negative, or SQLite
    /// failed; some of the days may then be written: do not commit.
    pub fn add_new_usage_days(&self, days: &[(AccountId, UsageDay)]) -> StoreResult<()> {
        let mut chunks = days.chunks_exact(USAGE_ROWS_PER_INSERT);
        // One statement for every full chunk: taking it from the cache for each would reset and
        // clear it each time.
        let mut full = self.tx()?.prepare_cached(&FULL_USAGE_INSERT)?;
        for chunk in chunks.by_ref() {
            self.insert_usage(&mut full, chunk)?;
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut insert = self.tx()?.prepare_cached(&usage_insert(rest.len()))?;
            self.insert_usage(&mut insert, rest)?;
        }
        Ok(())
    }

    /// Binds `days` to the parameters of `insert` (an insert of as many rows) and runs it.
    fn insert_usage(
        &self,
        insert: &mut rusqlite::Statement<'_>,
        days: &[(AccountId, UsageDay)],
    ) -> StoreResult<()> {
        for (i, (account, day)) in days.iter().enumerate() {
            refuse_negative(day)?;
            let at = 4 * i;
            insert.raw_bind_parameter(at + 1, account.0)?;
            insert.raw_bind_parameter(at + 2, IsoDate::new(day.date))?;
            insert.raw_bind_parameter(at + 3, day.active_users)?;
            insert.raw_bind_parameter(at + 4, day.events)?;
            self.touch(*account);
        }
        insert.raw_execute()?;
        Ok(())
    }

    /// An account's stored events of one feature on `date`; `None` when the day is not stored
    /// (`Some(None)`: stored without a count of events).
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn feature_day_events(
        &self,
        account: AccountId,
        date: NaiveDate,
        feature: FeatureId,
    ) -> StoreResult<Option<Option<i64>>> {
        let events = self
            .tx()?
            .prepare_cached(
                "SELECT events FROM feature_usage \
                 WHERE account_id = ?1 AND date = ?2 AND feature_id = ?3",
            )?
            .query_row(params![account.0, IsoDate::new(date), feature.0], |row| row.get(0))
            .optional()?;
        Ok(events)
    }

    /// Stores `day` as the account's use of its feature on its date, added or replaced; the
    /// feature's first-seen day follows. The account is not marked, as for
    /// [`BookWriter::set_usage_day`].
    ///
    /// # Errors
    /// The account or the feature does not exist, a count is negative, or SQLite failed.
    pub fn set_feature_day(&self, account: AccountId, day: &FeatureDay) -> StoreResult<()> {
        let date = IsoDate::new(day.date);
        self.tx()?
            .prepare_cached(
                "INSERT INTO feature_usage (account_id, date, feature_id, events) \
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account_id, date, feature_id) \
                 DO UPDATE SET events = excluded.events",
            )?
            .execute(params![account.0, date, day.feature.0, day.events])?;
        self.tx()?
            .prepare_cached(
                "UPDATE feature SET first_seen = ?2 \
                 WHERE id = ?1 AND (first_seen IS NULL OR first_seen > ?2)",
            )?
            .execute(params![day.feature.0, date])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{AccountId, UsageDay};
    use crate::store::Store;

    fn day() -> UsageDay {
        UsageDay { date: "2026-01-01".parse().expect("date"), active_users: 1, events: None }
    }

    /// Usage of an account that does not exist is refused row by row, or at commit when the
    /// rows are not checked one by one; either way nothing is written.
    #[test]
    fn usage_of_a_missing_account_is_refused_with_or_without_checks_per_row() {
        let mut store = Store::open_in_memory().expect("store");
        let writer = store.writer().expect("writer");
        assert!(writer.add_new_usage_days(&[(AccountId(999), day())]).is_err());
        drop(writer);
        store.bulk_import(true).expect("pragma");
        let writer = store.writer().expect("writer");
        writer.add_new_usage_days(&[(AccountId(999), day())]).expect("unchecked row");
        let refused = writer.commit().expect_err("refused at commit");
        assert!(refused.to_string().contains("FOREIGN KEY"), "{refused}");
        store.bulk_import(false).expect("pragma");
        assert!(store.usage(AccountId(999), day().date, day().date).expect("read").is_empty());
        // Back to checks on every row.
        let writer = store.writer().expect("writer");
        assert!(writer.add_new_usage_days(&[(AccountId(999), day())]).is_err());
    }

    /// A negative count is refused whether the schema's CHECKs are on or off (bulk), by either
    /// way of writing a day, with SQLite's own words.
    #[test]
    fn negative_counts_are_refused_in_bulk_too() {
        let mut store = Store::open_in_memory().expect("store");
        let account = {
            let writer = store.writer().expect("writer");
            let acme = crate::domain::Account::named("A-1", "Acme");
            let id = writer.insert_account(&acme).expect("account");
            writer.commit().expect("commit");
            id
        };
        for bulk in [false, true] {
            store.bulk_import(bulk).expect("pragma");
            let writer = store.writer().expect("writer");
            let users = UsageDay { active_users: -1, ..day() };
            let events = UsageDay { events: Some(-3), ..day() };
            for (bad, check) in [(users, "active_users >= 0"), (events, "events >= 0")] {
                let added = writer.add_new_usage_days(&[(account, bad)]).expect_err("refused");
                assert!(added.to_string().contains(check), "{added}");
                let set = writer.set_usage_day(account, &bad).expect_err("refused");
                assert!(set.to_string().contains(check), "{set}");
            }
        }
    }
}
