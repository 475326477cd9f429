//! Writes to the book, all inside one transaction: either every write of a user action or
//! imported file lands, or none does (dropping the writer without `commit` rolls back).
//!
//! Inserts take a domain record and ignore its `id`: the store assigns ids.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::engine::{Backend, Conn, Param, Postgres, StoreRow as _, sql_params};
use super::rows::IsoDate;
use super::{StoreError, StoreResult};
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
            let _ = self.pg.batch("ROLLBACK");
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
                pg.batch("BEGIN")?;
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
                // Whatever COMMIT answers, the transaction is over: no ROLLBACK after it.
                tx.open = false;
                tx.pg.batch("COMMIT")?;
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

    /// Adds an account.
    ///
    /// # Errors
    /// A constraint failed (e.g. a duplicate external id) or SQLite failed.
    pub fn insert_account(&self, a: &Account) -> StoreResult<AccountId> {
        let id = self.conn().query_one(
            "INSERT INTO account (external_id, name, domain, segment, industry, region, owner, \
             arr_cents, seats_licensed, contract_start, renewal_date, lifecycle_stage, advocacy) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id",
            sql_params![
                &a.external_id,
                &a.name,
                a.domain.as_deref(),
                a.segment.map(|s| s.code()),
                a.industry.as_deref(),
                a.region.as_deref(),
                a.owner.as_deref(),
                a.arr_cents,
                a.seats_licensed,
                a.contract_start,
                a.renewal_date,
                a.lifecycle_stage.as_deref(),
                a.advocacy.map(|v| v.code()),
            ],
            |r| r.get_i64(0),
        )?;
        let id = id.ok_or_else(|| StoreError::constraint("no id returned".to_owned()))?;
        Ok(AccountId(id))
    }

    /// Adds a contact.
    ///
    /// # Errors
    /// The account does not exist, a value is out of range, or SQLite failed.
    pub fn insert_contact(&self, c: &Contact) -> StoreResult<ContactId> {
        self.touch(c.account_id);
        let id = self
            .tx()?
            .prepare_cached(
                "INSERT INTO contact (account_id, external_id, name, title, email, role, influence, \
                 sentiment, reports_to, last_engaged, left_on) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
            )?
            .query_row(params![
                c.account_id.0,
                c.external_id,
                c.name,
                c.title,
                c.email,
                c.role.code(),
                c.influence,
                c.sentiment,
                c.reports_to.map(|id| id.0),
                IsoDate::opt(c.last_engaged),
                IsoDate::opt(c.left_on),
            ], |r| r.get(0))?;
        Ok(ContactId(id))
    }

    /// Sets whom a contact reports to (the reporting tree of the stakeholder map).
    ///
    /// # Errors
    /// Either contact does not exist, or SQLite failed.
    pub fn set_reports_to(
        &self,
        contact: ContactId,
        manager: Option<ContactId>,
    ) -> StoreResult<()> {
        let account: i64 = self
            .tx()?
            .prepare_cached("SELECT account_id FROM contact WHERE id = ?1")?
            .query_row([contact.0], |r| r.get(0))?;
        self.touch(AccountId(account));
        self.tx()?
            .prepare_cached(
                "UPDATE contact SET reports_to = ?2, version = version + 1 WHERE id = ?1",
            )?
            .execute(params![contact.0, manager.map(|m| m.0)])?;
        Ok(())
    }

    /// Adds or replaces an account's usage on the given days.
    ///
    /// # Errors
    /// The account does not exist, a count is negative, or SQLite failed.
    pub fn upsert_usage(&self, account: AccountId, days: &[UsageDay]) -> StoreResult<()> {
        self.touch(account);
        let mut insert = self.tx()?.prepare_cached(
            "INSERT INTO usage (account_id, date, active_users, events) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (account_id, date) DO UPDATE SET active_users = excluded.active_users, \
             events = excluded.events",
        )?;
        for day in days {
            insert.execute(params![
                account.0,
                IsoDate::new(day.date),
                day.active_users,
                day.events
            ])?;
        }
        Ok(())
    }

    /// The catalogue id of a feature, adding it on first sight. Names are compared trimmed and
    /// case-folded; the first spelling seen is kept for display. The feature counts as seen from
    /// its earliest usage row (see [`BookWriter::upsert_feature_usage`]), not from this call.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn feature(&self, name: &str) -> StoreResult<FeatureId> {
        let key = fold_key(name);
        let existing = self
            .tx()?
            .prepare_cached("SELECT id FROM feature WHERE key = ?1")?
            .query_row([&key], |row| row.get(0))
            .optional()?;
        if let Some(id) = existing {
            return Ok(FeatureId(id));
        }
        let id = self
            .tx()?
            .prepare_cached("INSERT INTO feature (key, name) VALUES (?1, ?2) RETURNING id")?
            .query_row(params![key, name.trim()], |r| r.get(0))?;
        Ok(FeatureId(id))
    }

    /// Adds or replaces an account's feature use on the given days, keeping each feature's
    /// first-seen date up to date.
    ///
    /// # Errors
    /// The account or a feature does not exist, or SQLite failed.
    pub fn upsert_feature_usage(&self, account: AccountId, days: &[FeatureDay]) -> StoreResult<()> {
        self.touch(account);
        let mut insert = self.tx()?.prepare_cached(
            "INSERT INTO feature_usage (account_id, date, feature_id, events) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (account_id, date, feature_id) DO UPDATE SET events = excluded.events",
        )?;
        let mut earliest: HashMap<FeatureId, NaiveDate> = HashMap::new();
        for day in days {
            insert.execute(params![
                account.0,
                IsoDate::new(day.date),
                day.feature.0,
                day.events
            ])?;
            earliest.entry(day.feature).and_modify(|d| *d = (*d).min(day.date)).or_insert(day.date);
        }
        let mut seen = self.tx()?.prepare_cached(
            "UPDATE feature SET first_seen = ?2 \
             WHERE id = ?1 AND (first_seen IS NULL OR first_seen > ?2)",
        )?;
        for (feature, date) in earliest {
            seen.execute(params![feature.0, IsoDate::new(date)])?;
        }
        Ok(())
    }

    /// Adds a ticket.
    ///
    /// # Errors
    /// The account does not exist, or SQLite failed.
    pub fn insert_ticket(&self, t: &Ticket) -> StoreResult<TicketId> {
        self.touch(t.account_id);
        let id = self
            .tx()?
            .prepare_cached(
                "INSERT INTO ticket (account_id, external_id, opened, closed, priority, rating, \
                 status, subject) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
            )?
            .query_row(
                params![
                    t.account_id.0,
                    t.external_id,
                    IsoDate::new(t.opened),
                    IsoDate::opt(t.closed),
                    t.priority.code(),
                    t.rating.map(|r| r.to_string()),
                    t.status,
                    t.subject,
                ],
                |r| r.get(0),
            )?;
        Ok(TicketId(id))
    }

    /// Adds an NPS response.
    ///
    /// # Errors
    /// The account does not exist, the score is above 10, or SQLite failed.
    pub fn insert_nps(&self, n: &NpsResponse) -> StoreResult<NpsId> {
        self.touch(n.account_id);
        let id = self
            .tx()?
            .prepare_cached(
                "INSERT INTO nps_response (account_id, email, score, date, comment) \
                 VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
            )?
            .query_row(
                params![n.account_id.0, n.email, n.score, IsoDate::new(n.date), n.comment],
                |r| r.get(0),
            )?;
        Ok(NpsId(id))
    }

    /// Adds a timeline entry with its participating contacts.
    ///
    /// # Errors
    /// The account or a contact does not exist, or SQLite failed.
    pub fn insert_interaction(&self, i: &Interaction) -> StoreResult<InteractionId> {
        self.touch(i.account_id);
        let id: i64 = self
            .tx()?
            .prepare_cached(
                "INSERT INTO interaction (account_id, external_id, date, kind, summary, body) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
            )?
            .query_row(
                params![
                    i.account_id.0,
                    i.external_id,
                    IsoDate::new(i.date),
                    i.kind.code(),
                    i.summary,
                    i.body
                ],
                |r| r.get(0),
            )?;
        let mut link = self.tx()?.prepare_cached(
            "INSERT INTO interaction_contact (interaction_id, contact_id) VALUES (?1, ?2) \
             ON CONFLICT DO NOTHING",
        )?;
        for contact in &i.contacts {
            link.execute(params![id, contact.0])?;
        }
        Ok(InteractionId(id))
    }

    /// Adds a todo.
    ///
    /// # Errors
    /// The account does not exist, or SQLite failed.
    pub fn insert_todo(&self, t: &Todo) -> StoreResult<TodoId> {
        if let Some(account) = t.account_id {
            self.touch(account);
        }
        let id = self
            .tx()?
            .prepare_cached(
                "INSERT INTO todo (account_id, title, notes, due, priority, status, snoozed_until, \
                 rule, created_on, completed_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
                 RETURNING id",
            )?
            .query_row(
                params![
                    t.account_id.map(|a| a.0),
                    t.title,
                    t.notes,
                    IsoDate::opt(t.due),
                    t.priority.code(),
                    t.status.code(),
                    IsoDate::opt(t.snoozed_until),
                    t.rule,
                    IsoDate::new(t.created_on),
                    IsoDate::opt(t.completed_on),
                ],
                |r| r.get(0),
            )?;
        Ok(TodoId(id))
    }

    /// Adds an opportunity.
    ///
    /// # Errors
    /// The account does not exist, a value is out of range, or SQLite failed.
    pub fn insert_opportunity(&self, o: &Opportunity) -> StoreResult<OpportunityId> {
        self.touch(o.account_id);
        let id = self
            .tx()?
            .prepare_cached(
                "INSERT INTO opportunity (account_id, external_id, name, kind, amount_cents, stage, \
                 close_date, probability, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
                 RETURNING id",
            )?
            .query_row(params![
                o.account_id.0,
                o.external_id,
                o.name,
                o.kind.code(),
                o.amount_cents,
                o.stage,
                IsoDate::opt(o.close_date),
                o.probability,
                o.status.code(),
            ], |r| r.get(0))?;
        Ok(OpportunityId(id))
    }

    /// Appends an onboarding milestone to its account's path.
    ///
    /// # Errors
    /// The account does not exist, or SQLite failed.
    pub fn insert_milestone(&self, m: &Milestone) -> StoreResult<MilestoneId> {
        self.touch(m.account_id);
        let id = self
            .tx()?
            .prepare_cached(
                "INSERT INTO onboarding_milestone (account_id, position, name, target_date, completed_on, \
                 skipped_on) \
                 VALUES (?1, (SELECT count(*) FROM onboarding_milestone WHERE account_id = ?1), \
                 ?2, ?3, ?4, ?5) RETURNING id",
            )?
            .query_row(params![
                m.account_id.0,
                m.name,
                IsoDate::opt(m.target_date),
                IsoDate::opt(m.completed_on),
                IsoDate::opt(m.skipped_on)
            ], |r| r.get(0))?;
        Ok(MilestoneId(id))
    }

    /// Adds a success-plan goal.
    ///
    /// # Errors
    /// The account does not exist, or SQLite failed.
    pub fn insert_goal(&self, g: &Goal) -> StoreResult<GoalId> {
        self.touch(g.account_id);
        let id = self
            .tx()?
            .prepare_cached(
                "INSERT INTO goal (account_id, objective, metric, target, status, due, met_on) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            )?
            .query_row(
                params![
                    g.account_id.0,
                    g.objective,
                    g.metric,
                    g.target,
                    g.status.code(),
                    IsoDate::opt(g.due),
                    IsoDate::opt(g.met_on),
                ],
                |r| r.get(0),
            )?;
        Ok(GoalId(id))
    }
}
