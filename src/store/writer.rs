//! Writes to the book, all inside one transaction: either every write of a user action or
//! imported file lands, or none does (dropping the writer without `commit` rolls back).
//!
//! Inserts take a domain record and ignore its `id`: the store assigns ids.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use chrono::NaiveDate;
use rusqlite::Transaction;

use super::engine::{Backend, Conn, Param, Postgres, StoreRow as _, sql_params};
use super::{StoreError, StoreResult, fields};
use crate::domain::{
    Account, AccountId, Contact, ContactId, FeatureDay, FeatureId, Goal, GoalId, Interaction,
    InteractionId, Milestone, MilestoneId, NpsId, NpsResponse, Opportunity, OpportunityId, Ticket,
    TicketId, Todo, TodoId, UsageDay, fold_key,
};

/// Accounts whose revision one statement bumps, well under SQLite's limit of bound parameters.
const REVISIONS_PER_BUMP: usize = 500;

/// `UPDATE account SET revision = revision + 1 WHERE id IN (?1, …, ?n)`.
fn bump_sql(n: usize) -> String {
    let list: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
    format!("UPDATE account SET revision = revision + 1 WHERE id IN ({})", list.join(", "))
}

/// One open transaction of writes to the book.
///
/// Every write that changes an account's facts marks the account; committing bumps the revision
/// of each marked account once, which invalidates its cached score.
pub struct BookWriter<'s> {
    tx: Tx<'s>,
    touched: RefCell<BTreeSet<AccountId>>,
    /// The account touched last, which is in `touched`.
    last_touched: Cell<Option<AccountId>>,
}

/// The open transaction, per engine.
enum Tx<'s> {
    Sqlite(Transaction<'s>),
    Postgres(ServerTx<'s>),
}

/// A transaction open on a PostgreSQL book's client: rolled back when dropped uncommitted.
struct ServerTx<'s> {
    pg: &'s Postgres,
    open: bool,
}

impl Drop for ServerTx<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing to report to: the caller is already leaving with an error of its own, and
            // a client that cannot roll back has lost its connection, which rolls back anyway.
            let _ = self.pg.end("ROLLBACK");
        }
    }
}

impl<'s> BookWriter<'s> {
    pub(super) fn begin(backend: &'s mut Backend) -> StoreResult<Self> {
        let tx = match backend {
            // IMMEDIATE takes the write lock now, so a concurrent writer waits here (busy
            // timeout) instead of failing halfway through.
            Backend::Sqlite(conn) => Tx::Sqlite(
                conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?,
            ),
            // Rows are locked as they are written; versions are checked inside the writes.
            Backend::Postgres(pg) => {
                // Always READ COMMITTED, whatever the server's default: the checks of the days'
                // account must see every day committed so far (see migration 14).
                pg.begin("BEGIN ISOLATION LEVEL READ COMMITTED")?;
                Tx::Postgres(ServerTx { pg, open: true })
            }
        };
        Ok(Self { tx, touched: RefCell::new(BTreeSet::new()), last_touched: Cell::new(None) })
    }

    /// Where this transaction's statements run.
    pub(super) fn conn(&self) -> Conn<'_> {
        match &self.tx {
            Tx::Sqlite(tx) => Conn::Sqlite(tx),
            Tx::Postgres(tx) => Conn::Postgres(tx.pg),
        }
    }

    /// The SQLite transaction, for the writes not yet written for both engines; on a server,
    /// an error saying so.
    pub(super) fn tx(&self) -> StoreResult<&Transaction<'s>> {
        match &self.tx {
            Tx::Sqlite(tx) => Ok(tx),
            Tx::Postgres(_) => Err(StoreError::not_on_server()),
        }
    }

    pub(super) fn touch(&self, account: AccountId) {
        // An import touches one account for many rows in a row; the set needs it once.
        if self.last_touched.replace(Some(account)) != Some(account) {
            self.touched.borrow_mut().insert(account);
        }
    }

    /// Makes every write of this transaction durable and visible.
    ///
    /// # Errors
    /// The engine could not commit; nothing was written.
    pub fn commit(self) -> StoreResult<()> {
        if let Tx::Sqlite(tx) = &self.tx {
            let per_row: bool = tx.pragma_query_value(None, "foreign_keys", |row| row.get(0))?;
            if !per_row {
                self.check_accounts_exist()?;
            }
        }
        self.bump_revisions()?;
        match self.tx {
            Tx::Sqlite(tx) => tx.commit()?,
            Tx::Postgres(mut tx) => {
                // After a statement failed, PostgreSQL answers COMMIT by rolling back, without
                // an error: ask first, so that a change not saved is told as such (the
                // transaction, dropped open, is rolled back).
                tx.pg.batch("SELECT 1")?;
                // Whatever COMMIT answers, the transaction is over: no ROLLBACK after it.
                tx.open = false;
                tx.pg.end("COMMIT")?;
            }
        }
        Ok(())
    }

    /// Bumps the revision of every touched account, [`REVISIONS_PER_BUMP`] accounts a statement:
    /// one statement for an edit, a few hundred for an import of the largest book, instead of
    /// one per account (on a server, each statement is a round trip while the rows stay locked).
    fn bump_revisions(&self) -> StoreResult<()> {
        let touched = self.touched.borrow();
        let ids: Vec<Param<'_>> = touched.iter().map(|a| Param::Int(a.0)).collect();
        for chunk in ids.chunks(REVISIONS_PER_BUMP) {
            self.conn().execute(&bump_sql(chunk.len()), chunk)?;
        }
        Ok(())
    }

    /// With foreign keys not checked row by row, what SQLite would have checked: that every
    /// account this transaction wrote for exists (a concurrent writer may have deleted one
    /// since the caller read it).
    fn check_accounts_exist(&self) -> StoreResult<()> {
        for account in self.touched.borrow().iter() {
            let exists = self.conn().query_one(
                "SELECT 1 FROM account WHERE id = ?1",
                sql_params![account.0],
                |_| Ok(()),
            )?;
            if exists.is_none() {
                let message = format!("FOREIGN KEY constraint failed: no account {}", account.0);
                return Err(StoreError::constraint(message));
            }
        }
        Ok(())
    }

    /// Runs an insert ending `RETURNING id`; the id the engine gave the row.
    pub(super) fn insert_returning_id(&self, sql: &str, params: &[Param<'_>]) -> StoreResult<i64> {
        self.conn()
            .query_one(sql, params, |r| r.get_i64(0))?
            .ok_or_else(|| StoreError::constraint("no id returned".to_owned()))
    }

    /// What a read that the transaction writes on next ends with, so that the rows it returns
    /// stay as read until the commit: on PostgreSQL, `FOR NO KEY UPDATE` (another writer's
    /// edit of them waits for this transaction, and this one waits for an edit in flight
    /// instead of reading what is about to be replaced; records added under them meanwhile are
    /// not held up, as an update's own lock would not); nothing on SQLite, where the writer
    /// holds the whole book from its start.
    pub(super) fn row_lock(&self) -> &'static str {
        match self.tx {
            Tx::Sqlite(_) => "",
            Tx::Postgres(_) => " FOR NO KEY UPDATE",
        }
    }

    /// After a row of `table` was put back under its own `id` (undo): a PostgreSQL identity
    /// does not move for an id given explicitly, so its sequence is brought past `id` when it
    /// has not handed that far yet (a book copied in with its ids), or the next plain insert
    /// would be given a taken id. SQLite gives the next id after the largest stored by itself.
    pub(super) fn after_explicit_id(&self, table: &'static str, id: i64) -> StoreResult<()> {
        match self.conn() {
            Conn::Sqlite(_) => Ok(()),
            Conn::Postgres(_) => {
                // Only forward: a sequence moved back would hand out ids already given.
                let sql = format!(
                    "SELECT setval(seq, ?1) FROM \
                     (SELECT pg_get_serial_sequence('{table}', 'id')::regclass AS seq) s \
                     WHERE ?1 > COALESCE(pg_sequence_last_value(seq), 0)"
                );
                self.conn().query_one(&sql, sql_params![id], |_| Ok(()))?;
                Ok(())
            }
        }
    }

    /// Links the timeline entry `interaction` to `contacts` (a link already there stays).
    pub(super) fn link_contacts(
        &self,
        interaction: i64,
        contacts: &[ContactId],
    ) -> StoreResult<()> {
        for contact in contacts {
            self.conn().execute(
                "INSERT INTO interaction_contact (interaction_id, contact_id) VALUES (?1, ?2) \
                 ON CONFLICT DO NOTHING",
                sql_params![interaction, contact.0],
            )?;
        }
        Ok(())
    }

    /// Adds an account.
    ///
    /// # Errors
    /// A constraint failed (e.g. a duplicate external id) or the engine failed.
    pub fn insert_account(&self, a: &Account) -> StoreResult<AccountId> {
        let id = self.insert_returning_id(fields::ACCOUNT.insert_sql(), &fields::account(a))?;
        Ok(AccountId(id))
    }

    /// Adds a contact.
    ///
    /// # Errors
    /// The account does not exist, a value is out of range, or the engine failed.
    pub fn insert_contact(&self, c: &Contact) -> StoreResult<ContactId> {
        self.touch(c.account_id);
        let id = self.insert_returning_id(fields::CONTACT.insert_sql(), &fields::contact(c))?;
        Ok(ContactId(id))
    }

    /// Sets whom a contact reports to (the reporting tree of the stakeholder map).
    ///
    /// # Errors
    /// Either contact does not exist, or the engine failed.
    pub fn set_reports_to(
        &self,
        contact: ContactId,
        manager: Option<ContactId>,
    ) -> StoreResult<()> {
        let sql = format!("SELECT account_id FROM contact WHERE id = ?1{}", self.row_lock());
        let account = self
            .conn()
            .query_one(&sql, sql_params![contact.0], |r| r.get_i64(0))?
            .ok_or_else(|| StoreError::constraint(format!("no contact {}", contact.0)))?;
        self.touch(AccountId(account));
        self.conn().execute(
            "UPDATE contact SET reports_to = ?2, version = version + 1 WHERE id = ?1",
            sql_params![contact.0, manager.map(|m| m.0)],
        )?;
        Ok(())
    }

    /// Adds or replaces an account's usage on the given days.
    ///
    /// # Errors
    /// The account does not exist, a count is negative, or the engine failed.
    pub fn upsert_usage(&self, account: AccountId, days: &[UsageDay]) -> StoreResult<()> {
        self.touch(account);
        for day in days {
            self.conn().execute(
                "INSERT INTO usage (account_id, date, active_users, events) \
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account_id, date) DO UPDATE SET \
                 active_users = excluded.active_users, events = excluded.events",
                sql_params![account.0, day.date, day.active_users, day.events],
            )?;
        }
        Ok(())
    }

    /// The catalogue id of a feature, adding it on first sight. Names are compared trimmed and
    /// case-folded; the first spelling seen is kept for display. The feature counts as seen from
    /// its earliest usage row (see [`BookWriter::upsert_feature_usage`]), not from this call.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn feature(&self, name: &str) -> StoreResult<FeatureId> {
        let key = fold_key(name);
        let find = "SELECT id FROM feature WHERE key = ?1";
        if let Some(id) = self.conn().query_one(find, sql_params![&key], |r| r.get_i64(0))? {
            return Ok(FeatureId(id));
        }
        // Another writer may add the same feature meanwhile (on a server): its row is the one.
        let added = self.conn().query_one(
            "INSERT INTO feature (key, name) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING \
             RETURNING id",
            sql_params![&key, name.trim()],
            |r| r.get_i64(0),
        )?;
        let id = match added {
            Some(id) => id,
            None => self
                .conn()
                .query_one(find, sql_params![&key], |r| r.get_i64(0))?
                .ok_or_else(|| StoreError::constraint(format!("no feature {key}")))?,
        };
        Ok(FeatureId(id))
    }

    /// Adds or replaces an account's feature use on the given days, keeping each feature's
    /// first-seen date up to date.
    ///
    /// # Errors
    /// The account or a feature does not exist, or the engine failed.
    pub fn upsert_feature_usage(&self, account: AccountId, days: &[FeatureDay]) -> StoreResult<()> {
        self.touch(account);
        let mut earliest: HashMap<FeatureId, NaiveDate> = HashMap::new();
        for day in days {
            self.conn().execute(
                "INSERT INTO feature_usage (account_id, date, feature_id, events) \
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account_id, date, feature_id) \
                 DO UPDATE SET events = excluded.events",
                sql_params![account.0, day.date, day.feature.0, day.events],
            )?;
            earliest.entry(day.feature).and_modify(|d| *d = (*d).min(day.date)).or_insert(day.date);
        }
        self.move_first_seen_back(earliest)
    }

    /// Moves each feature's first-seen day back to the day given with it, where that is earlier
    /// (or the feature has none yet): what every write of feature days keeps up to date.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub(super) fn move_first_seen_back(
        &self,
        earliest: impl IntoIterator<Item = (FeatureId, NaiveDate)>,
    ) -> StoreResult<()> {
        for (feature, date) in earliest {
            self.conn().execute(
                "UPDATE feature SET first_seen = ?2 \
                 WHERE id = ?1 AND (first_seen IS NULL OR first_seen > ?2)",
                sql_params![feature.0, date],
            )?;
        }
        Ok(())
    }

    /// Adds a ticket.
    ///
    /// # Errors
    /// The account does not exist, or the engine failed.
    pub fn insert_ticket(&self, t: &Ticket) -> StoreResult<TicketId> {
        self.touch(t.account_id);
        let rating = t.rating.map(|r| r.to_string());
        let values = fields::ticket(t, rating.as_deref());
        Ok(TicketId(self.insert_returning_id(fields::TICKET.insert_sql(), &values)?))
    }

    /// Adds an NPS response.
    ///
    /// # Errors
    /// The account does not exist, the score is above 10, or the engine failed.
    pub fn insert_nps(&self, n: &NpsResponse) -> StoreResult<NpsId> {
        self.touch(n.account_id);
        Ok(NpsId(self.insert_returning_id(fields::NPS.insert_sql(), &fields::nps(n))?))
    }

    /// Adds a timeline entry with its participating contacts.
    ///
    /// # Errors
    /// The account or a contact does not exist, or the engine failed.
    pub fn insert_interaction(&self, i: &Interaction) -> StoreResult<InteractionId> {
        self.touch(i.account_id);
        let values = fields::interaction(i);
        let id = self.insert_returning_id(fields::INTERACTION.insert_sql(), &values)?;
        self.link_contacts(id, &i.contacts)?;
        Ok(InteractionId(id))
    }

    /// Adds a todo.
    ///
    /// # Errors
    /// The account does not exist, or the engine failed.
    pub fn insert_todo(&self, t: &Todo) -> StoreResult<TodoId> {
        if let Some(account) = t.account_id {
            self.touch(account);
        }
        Ok(TodoId(self.insert_returning_id(fields::TODO.insert_sql(), &fields::todo(t))?))
    }

    /// Adds an opportunity.
    ///
    /// # Errors
    /// The account does not exist, a value is out of range, or the engine failed.
    pub fn insert_opportunity(&self, o: &Opportunity) -> StoreResult<OpportunityId> {
        self.touch(o.account_id);
        let values = fields::opportunity(o);
        Ok(OpportunityId(self.insert_returning_id(fields::OPPORTUNITY.insert_sql(), &values)?))
    }

    /// Appends an onboarding milestone to its account's path.
    ///
    /// # Errors
    /// The account does not exist, or the engine failed.
    pub fn insert_milestone(&self, m: &Milestone) -> StoreResult<MilestoneId> {
        static INSERT: LazyLock<String> = LazyLock::new(|| {
            let table = &fields::MILESTONE;
            format!(
                "INSERT INTO {} (account_id, position, {}) VALUES (?1, \
                 (SELECT count(*) FROM onboarding_milestone WHERE account_id = ?1), {}) \
                 RETURNING id",
                table.name(),
                table.column_list(),
                fields::placeholders(2, table.width())
            )
        });
        self.touch(m.account_id);
        let mut params = vec![Param::Int(m.account_id.0)];
        params.extend(fields::milestone(m));
        Ok(MilestoneId(self.insert_returning_id(&INSERT, &params)?))
    }

    /// Adds a success-plan goal.
    ///
    /// # Errors
    /// The account does not exist, or the engine failed.
    pub fn insert_goal(&self, g: &Goal) -> StoreResult<GoalId> {
        self.touch(g.account_id);
        Ok(GoalId(self.insert_returning_id(fields::GOAL.insert_sql(), &fields::goal(g))?))
    }
}

#[cfg(test)]
mod tests;
