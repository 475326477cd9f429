//! Writes an import needs beyond adding records: replacing a record the import found by its key
//! (the caller has merged the file's values over the stored ones), and reading and storing one
//! day of usage or feature use. All inside the writer's transaction, in statements both engines
//! take; days of usage known to be new go in bulk, the one place the engines differ (many rows
//! a statement on SQLite, `COPY` on PostgreSQL). Nothing here decides which record a row means
//! or whether it changed.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::NaiveDate;

use super::engine::{Conn, Param, Postgres, StoreRow as _, sql_params};
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

/// `INSERT INTO usage … VALUES` with `rows` rows of parameters, for SQLite. `OR FAIL` (SQLite's
/// own words) keeps the rows before a failing one instead of undoing the statement, which
/// spares SQLite a statement journal; a failure fails the whole import, whose transaction is
/// then rolled back.
fn usage_insert(rows: usize) -> String {
    let values = vec!["(?, ?, ?, ?)"; rows].join(", ");
    format!("INSERT OR FAIL INTO usage (account_id, date, active_users, events) VALUES {values}")
}

/// The schema's CHECK on a day of usage, made here: a bulk import on SQLite writes with the
/// schema's CHECKs off ([`super::Store::bulk_load`]). Fails in SQLite's words on both engines,
/// so that an import says the same whichever holds the book.
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
        let rating = t.rating.map(|r| r.to_string());
        self.conn().execute(
            "UPDATE ticket SET account_id = ?2, external_id = ?3, opened = ?4, closed = ?5, \
             priority = ?6, rating = ?7, status = ?8, subject = ?9 WHERE id = ?1",
            sql_params![
                t.id.0,
                t.account_id.0,
                t.external_id.as_deref(),
                t.opened,
                t.closed,
                t.priority.code(),
                rating.as_deref(),
                t.status.as_deref(),
                t.subject.as_deref(),
            ],
        )?;
        Ok(())
    }

    /// Replaces the NPS response `n.id` with `n`.
    ///
    /// # Errors
    /// A constraint failed or SQLite failed.
    pub fn update_nps(&self, n: &NpsResponse) -> StoreResult<()> {
        self.touch(n.account_id);
        self.conn().execute(
            "UPDATE nps_response SET account_id = ?2, email = ?3, score = ?4, date = ?5, \
             comment = ?6 WHERE id = ?1",
            sql_params![
                n.id.0,
                n.account_id.0,
                n.email.as_deref(),
                i64::from(n.score),
                n.date,
                n.comment.as_deref()
            ],
        )?;
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
    /// Only if the engine fails.
    pub fn usage_day(&self, account: AccountId, date: NaiveDate) -> StoreResult<Option<DayCounts>> {
        self.conn().query_one(
            "SELECT active_users, events FROM usage WHERE account_id = ?1 AND date = ?2",
            sql_params![account.0, date],
            |row| Ok(DayCounts { active_users: row.get_i64(0)?, events: row.get_opt_i64(1)? }),
        )
    }

    /// Stores `day` as the account's usage on its date, added or replaced. The account is not
    /// marked: the import marks it once it knows the file changed its facts
    /// ([`BookWriter::mark_changed`]), as a later row of the file may undo an earlier one.
    ///
    /// # Errors
    /// The account does not exist, a count is negative, or the engine failed.
    pub fn set_usage_day(&self, account: AccountId, day: &UsageDay) -> StoreResult<()> {
        refuse_negative(day)?;
        self.conn().execute(
            "INSERT INTO usage (account_id, date, active_users, events) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (account_id, date) \
             DO UPDATE SET active_users = excluded.active_users, events = excluded.events",
            sql_params![account.0, day.date, day.active_users, day.events],
        )?;
        Ok(())
    }

    /// The accounts with any stored day of usage, in one read: asking account by account
    /// costs a round trip each on a server, and a statement prepared while the table was small
    /// may keep a plan (a scan of the table) that a table grown by the import makes ruinous.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn accounts_with_usage(&self) -> StoreResult<HashSet<AccountId>> {
        let mut accounts = HashSet::new();
        self.conn().for_each_row(
            "SELECT a.id FROM account a \
             WHERE EXISTS (SELECT 1 FROM usage u WHERE u.account_id = a.id)",
            &[],
            |row| {
                accounts.insert(AccountId(row.get_i64(0)?));
                Ok(())
            },
        )?;
        Ok(accounts)
    }

    /// Adds days of usage the caller knows are not stored (their accounts had none before, and
    /// no two share a day), in bulk: a year of usage for a book is millions of rows, and one
    /// statement each costs more than the rows themselves. On SQLite many rows a statement; on
    /// PostgreSQL one `COPY` straight into the table (the days are new for certain, so there is
    /// nothing to merge), the server checking the rows as an insert would (their accounts once
    /// per copy, by the schema's triggers).
    ///
    /// # Errors
    /// An account does not exist, a day is stored already, a count is negative, or the engine
    /// failed; some of the days may then be written, and on PostgreSQL the transaction is
    /// aborted: do not commit.
    pub fn add_new_usage_days(&self, days: &[(AccountId, UsageDay)]) -> StoreResult<()> {
        let Conn::Postgres(pg) = self.conn() else { return self.insert_new_usage_days(days) };
        for (account, day) in days {
            refuse_negative(day)?;
            self.touch(*account);
        }
        copy_usage_days(pg, days)
    }

    /// How many new days [`BookWriter::add_new_usage_days`] is best given at once. On a server
    /// each call is a `COPY` of its own, whose round trips and check of the accounts named cost
    /// as much for four thousand days as for sixty thousand (about 2.5 MB held); SQLite writes
    /// [`USAGE_ROWS_PER_INSERT`] a statement whatever the call, and a smaller batch stays in the
    /// processor's cache. The crate's own tests send four thousand to a server too, so that
    /// their files of a few thousand days are copied before they end.
    #[must_use]
    pub fn new_usage_batch(&self) -> usize {
        match self.conn() {
            Conn::Postgres(_) if !cfg!(test) => 1 << 16,
            _ => 4096,
        }
    }

    /// [`BookWriter::add_new_usage_days`] on SQLite: [`USAGE_ROWS_PER_INSERT`] rows a statement.
    fn insert_new_usage_days(&self, days: &[(AccountId, UsageDay)]) -> StoreResult<()> {
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
    /// Only if the engine fails.
    pub fn feature_day_events(
        &self,
        account: AccountId,
        date: NaiveDate,
        feature: FeatureId,
    ) -> StoreResult<Option<Option<i64>>> {
        self.conn().query_one(
            "SELECT events FROM feature_usage \
             WHERE account_id = ?1 AND date = ?2 AND feature_id = ?3",
            sql_params![account.0, date, feature.0],
            |row| row.get_opt_i64(0),
        )
    }

    /// Stores `day` as the account's use of its feature on its date, added or replaced; the
    /// feature's first-seen day follows. The account is not marked, as for
    /// [`BookWriter::set_usage_day`].
    ///
    /// # Errors
    /// The account or the feature does not exist, a count is negative, or the engine failed.
    pub fn set_feature_day(&self, account: AccountId, day: &FeatureDay) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO feature_usage (account_id, date, feature_id, events) \
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account_id, date, feature_id) \
             DO UPDATE SET events = excluded.events",
            sql_params![account.0, day.date, day.feature.0, day.events],
        )?;
        self.move_first_seen_back([(day.feature, day.date)])
    }
}

/// Days of usage sent to a PostgreSQL book by one COPY: the import's days new for certain and a
/// restore's days, which share the table's columns and their order.
pub(super) fn copy_usage_days(pg: &Postgres, days: &[(AccountId, UsageDay)]) -> StoreResult<()> {
    let target = "usage (account_id, date, active_users, events)";
    super::new_days::copy_account_days(pg, target, days, |day| {
        [Param::from(day.date), Param::Int(day.active_users), Param::from(day.events)]
    })
}

#[cfg(test)]
mod tests {
    use super::DayCounts;
    use crate::domain::{Account, AccountId, UsageDay};
    use crate::store::{Store, testing};

    fn day() -> UsageDay {
        UsageDay { date: "2026-01-01".parse().expect("date"), active_users: 1, events: None }
    }

    /// An account, committed.
    fn acme(store: &mut Store) -> AccountId {
        let writer = store.writer().expect("writer");
        let id = writer.insert_account(&Account::named("A-1", "Acme")).expect("account");
        writer.commit().expect("commit");
        id
    }

    /// Usage of an account that does not exist is refused: row by row, or at commit when the
    /// rows are not checked one by one (SQLite in bulk); either way nothing is written, and
    /// the store writes again afterwards.
    #[test]
    fn usage_of_a_missing_account_is_refused_with_or_without_checks_per_row() {
        for (engine, mut store) in testing::stores("imports_missing_account") {
            let writer = store.writer().expect("writer");
            assert!(writer.add_new_usage_days(&[(AccountId(999), day())]).is_err(), "{engine}");
            drop(writer);
            for bulk in [true, false] {
                store.bulk_import(bulk).expect("set up");
                let writer = store.writer().expect("writer");
                let refused = match writer.add_new_usage_days(&[(AccountId(999), day())]) {
                    // SQLite in bulk: the row is taken, and refused at commit.
                    Ok(()) => writer.commit().expect_err("refused at commit"),
                    Err(refused) => refused,
                };
                let message = refused.to_string().to_lowercase();
                assert!(message.contains("foreign key"), "{engine}: {refused}");
            }
            assert!(store.usage(AccountId(999), day().date, day().date).expect("read").is_empty());
            let account = acme(&mut store);
            let writer = store.writer().expect("writer");
            writer.add_new_usage_days(&[(account, day())]).expect("written");
            writer.commit().expect("commit");
            assert_eq!(store.usage(account, day().date, day().date).expect("read"), [day()]);
        }
    }

    /// A negative count is refused whether the schema's CHECKs are on or off (bulk), by either
    /// way of writing a day, with the same words on both engines.
    #[test]
    fn negative_counts_are_refused_in_bulk_too() {
        for (engine, mut store) in testing::stores("imports_negative_counts") {
            let account = acme(&mut store);
            for bulk in [false, true] {
                store.bulk_import(bulk).expect("set up");
                let users = UsageDay { active_users: -1, ..day() };
                let events = UsageDay { events: Some(-3), ..day() };
                for (bad, check) in [(users, "active_users >= 0"), (events, "events >= 0")] {
                    // A writer each: on PostgreSQL a refused statement ends the transaction.
                    let writer = store.writer().expect("writer");
                    let added = writer.add_new_usage_days(&[(account, bad)]).expect_err("refused");
                    assert!(added.to_string().contains(check), "{engine}: {added}");
                    let set = writer.set_usage_day(account, &bad).expect_err("refused");
                    assert!(set.to_string().contains(check), "{engine}: {set}");
                }
            }
            store.bulk_import(false).expect("set up");
        }
    }

    /// Days written in bulk, then read, replaced and asked for one by one, in the writer's own
    /// transaction: what a usage import does with a file of new and stored days.
    #[test]
    fn days_written_in_bulk_read_back_and_are_replaced_one_by_one() {
        for (engine, mut store) in testing::stores("imports_days") {
            let account = acme(&mut store);
            let date = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 1, d).expect("date");
            let days: Vec<(AccountId, UsageDay)> = (1..=300)
                .map(|i| {
                    let d = UsageDay {
                        date: date(1) + chrono::Days::new(i),
                        active_users: i64::try_from(i).expect("small"),
                        events: (i % 2 == 0).then_some(7),
                    };
                    (account, d)
                })
                .collect();
            let writer = store.writer().expect("writer");
            assert!(writer.accounts_with_usage().expect("read").is_empty(), "{engine}");
            writer.add_new_usage_days(&days).expect("bulk");
            let with = writer.accounts_with_usage().expect("read");
            assert_eq!(with.into_iter().collect::<Vec<_>>(), [account], "{engine}");
            let second = days[1].1;
            let stored = writer.usage_day(account, second.date).expect("read");
            assert_eq!(stored, Some(DayCounts { active_users: 2, events: Some(7) }), "{engine}");
            writer.set_usage_day(account, &UsageDay { active_users: 9, ..second }).expect("set");
            let stored = writer.usage_day(account, second.date).expect("read");
            assert_eq!(stored, Some(DayCounts { active_users: 9, events: Some(7) }), "{engine}");
            assert_eq!(writer.usage_day(account, date(1)).expect("read"), None, "{engine}");
            writer.commit().expect("commit");
            let all =
                store.usage(account, date(1), date(1) + chrono::Days::new(400)).expect("read");
            assert_eq!(all.len(), 300, "{engine}");
        }
    }
}
