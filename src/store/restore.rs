//! Writing a book back from its export (`csm restore`): every record under the id it had, so
//! that the relations between them (a contact's manager, an interaction's participants, a
//! playbook firing's todo, feature usage's feature) hold as they did, and the book's reports and
//! export read as the original's. Also the reads the export needs for what only a restore uses
//! (an account's playbook firings and source ids). Writes into an empty book only; the caller
//! checks ([`Store::restore_refusal`]).

use chrono::NaiveDate;

use super::engine::{Conn, StoreRow as _, sql_params};
use super::{BookUser, BookWriter, SourceId, Store, StoreError, StoreResult};
use crate::domain::{
    Account, AccountId, CatalogFeature, Contact, FeatureDay, Goal, Interaction, Milestone,
    NpsResponse, Opportunity, Ticket, Todo, TodoId, UsageDay,
};

/// A playbook rule's firing for an account: the occasion it fired for, when, until when the
/// occasion lasted, and the todo it made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Firing {
    pub rule: String,
    pub occasion: String,
    pub fired_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub todo_id: Option<TodoId>,
}

/// Which of the days given to [`BookWriter::load_days`] the book refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusedDay {
    /// The usage day at this index.
    Usage(usize),
    /// The feature day at this index.
    Feature(usize),
    /// One of them, not known which: the server checked the batch as a whole.
    Batch,
}

impl Store {
    /// An account's playbook firings, by rule and occasion.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn firings_of(&self, account: AccountId) -> StoreResult<Vec<Firing>> {
        self.backend.query_rows(
            "SELECT rule, occasion, fired_on, ended_on, todo_id FROM playbook_firing \
             WHERE account_id = ?1 ORDER BY rule, occasion",
            sql_params![account.0],
            |row| {
                Ok(Firing {
                    rule: row.get_string(0)?,
                    occasion: row.get_string(1)?,
                    fired_on: row.get_date(2)?,
                    ended_on: row.get_opt_date(3)?,
                    todo_id: row.get_opt_i64(4)?.map(TodoId),
                })
            },
        )
    }

    /// An account's ids in its source systems, by source, then id.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn sources_of(&self, account: AccountId) -> StoreResult<Vec<SourceId>> {
        self.backend.query_rows(
            "SELECT source, external_id FROM account_source WHERE account_id = ?1 \
             ORDER BY source, external_id",
            sql_params![account.0],
            |row| {
                Ok(SourceId {
                    source: row.get_string(0)?,
                    external_id: row.get_string(1)?,
                    account_id: account,
                })
            },
        )
    }

    /// Why the book cannot take a restore (`None`: it is empty): a restore writes records under
    /// their ids, which must not meet the book's own.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn restore_refusal(&self) -> StoreResult<Option<String>> {
        let count = |table: &str| -> StoreResult<i64> {
            let sql = format!("SELECT count(*) FROM {table}");
            Ok(self.backend.query_one(&sql, &[], |r| r.get_i64(0))?.unwrap_or(0))
        };
        let held = [
            ("account", count("account")?),
            ("todo", count("todo")?),
            ("feature", count("feature")?),
            ("user", count("book_user")?),
        ];
        let held: Vec<String> = held
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(what, n)| format!("{n} {what}{}", if *n == 1 { "" } else { "s" }))
            .collect();
        Ok((!held.is_empty()).then(|| held.join(", ")))
    }
}

impl BookWriter<'_> {
    /// Leaves the checks of references to the commit: a restore writes a contact before the
    /// manager it reports to may be written.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn defer_references(&self) -> StoreResult<()> {
        match self.conn() {
            Conn::Sqlite(tx) => tx.pragma_update(None, "defer_foreign_keys", true)?,
            // The references a restore may write ahead of their target are declared
            // deferrable on PostgreSQL; the others are written in order.
            Conn::Postgres(_) => {
                self.conn().execute("SET CONSTRAINTS ALL DEFERRED", &[])?;
            }
        }
        Ok(())
    }

    /// After records were written under their ids: the ids the book hands out next come after
    /// them. SQLite takes the next id from the largest in the table; PostgreSQL from a sequence
    /// an explicit id does not move, which is set here.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn ids_after_restore(&self) -> StoreResult<()> {
        if let Conn::Postgres(_) = self.conn() {
            for table in IDENTIFIED {
                // `setval` is strict: an empty table (max null) leaves its sequence as it is.
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
                );
                self.conn().query_one(&sql, &[], |_| Ok(()))?;
            }
        }
        Ok(())
    }

    /// Writes `a` under its id.
    ///
    /// # Errors
    /// The id or external id is taken, a value breaks the schema, or the engine failed.
    pub fn load_account(&self, a: &Account) -> StoreResult<()> {
        self.touch(a.id);
        self.conn().execute(
            "INSERT INTO account (id, external_id, name, domain, segment, industry, region, \
             owner, arr_cents, seats_licensed, contract_start, renewal_date, lifecycle_stage, \
             advocacy) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            sql_params![
                a.id.0,
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
        )?;
        Ok(())
    }

    /// Writes the catalogue's feature `f` under its id.
    ///
    /// # Errors
    /// The id or key is taken, or the engine failed.
    pub fn load_feature(&self, f: &CatalogFeature) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO feature (id, key, name, first_seen) VALUES (?1, ?2, ?3, ?4)",
            sql_params![f.id.0, &f.key, &f.name, f.first_seen],
        )?;
        Ok(())
    }

    /// Writes `c` under its id, its manager included.
    ///
    /// # Errors
    /// The id or external id is taken, a value breaks the schema, or the engine failed.
    pub fn load_contact(&self, c: &Contact) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO contact (id, account_id, external_id, name, title, email, role, \
             influence, sentiment, reports_to, last_engaged, left_on) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            sql_params![
                c.id.0,
                c.account_id.0,
                c.external_id.as_deref(),
                &c.name,
                c.title.as_deref(),
                c.email.as_deref(),
                c.role.code(),
                c.influence.map(i64::from),
                c.sentiment.map(i64::from),
                c.reports_to.map(|r| r.0),
                c.last_engaged,
                c.left_on,
            ],
        )?;
        Ok(())
    }

    /// Writes a day of `account`'s usage.
    ///
    /// # Errors
    /// The day is written already, a count is negative, or the engine failed.
    pub fn load_usage_day(&self, account: AccountId, u: &UsageDay) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO usage (account_id, date, active_users, events) VALUES (?1, ?2, ?3, ?4)",
            sql_params![account.0, u.date, u.active_users, u.events],
        )?;
        Ok(())
    }

    /// Writes a day of `account`'s use of a feature (the catalogue's first-seen day is the
    /// catalogue's, not moved).
    ///
    /// # Errors
    /// The day is written already, a count is negative, or the engine failed.
    pub fn load_feature_day(&self, account: AccountId, f: &FeatureDay) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO feature_usage (account_id, date, feature_id, events) \
             VALUES (?1, ?2, ?3, ?4)",
            sql_params![account.0, f.date, f.feature.0, f.events],
        )?;
        Ok(())
    }

    /// Writes days of usage and of feature use, gathered across accounts: on PostgreSQL each
    /// kind by one `COPY`, as a statement per day would spend a round trip on each of the
    /// millions a large book holds; on SQLite a statement per day, as a write there costs no
    /// trip. The caller checks the counts first (not negative); what the book refuses then
    /// (a day written twice) names the day on SQLite, only the batch on PostgreSQL, whose copy
    /// checks the rows together. On PostgreSQL a refusal aborts the transaction: do not commit.
    ///
    /// # Errors
    /// A day is written already, a value breaks the schema, or the engine failed; with which day,
    /// when the engine can tell.
    pub fn load_days(
        &self,
        usage: &[(AccountId, UsageDay)],
        features: &[(AccountId, FeatureDay)],
    ) -> Result<(), (RefusedDay, StoreError)> {
        let Conn::Postgres(pg) = self.conn() else {
            for (i, (account, day)) in usage.iter().enumerate() {
                self.load_usage_day(*account, day).map_err(|e| (RefusedDay::Usage(i), e))?;
            }
            for (i, (account, day)) in features.iter().enumerate() {
                self.load_feature_day(*account, day).map_err(|e| (RefusedDay::Feature(i), e))?;
            }
            return Ok(());
        };
        let batch = |e| (RefusedDay::Batch, e);
        if !usage.is_empty() {
            super::imports::copy_usage_days(pg, usage).map_err(batch)?;
        }
        if !features.is_empty() {
            super::new_days::copy_feature_days(pg, features).map_err(batch)?;
        }
        Ok(())
    }

    /// Writes `t` under its id.
    ///
    /// # Errors
    /// The id or external id is taken, a value breaks the schema, or the engine failed.
    pub fn load_ticket(&self, t: &Ticket) -> StoreResult<()> {
        let rating = t.rating.map(|r| r.to_string());
        self.conn().execute(
            "INSERT INTO ticket (id, account_id, external_id, opened, closed, priority, \
             rating, status, subject) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
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

    /// Writes `n` under its id.
    ///
    /// # Errors
    /// The id is taken, a value breaks the schema, or the engine failed.
    pub fn load_nps(&self, n: &NpsResponse) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO nps_response (id, account_id, email, score, date, comment) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
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

    /// Writes `i` under its id, with its participants.
    ///
    /// # Errors
    /// The id or external id is taken, a value breaks the schema, or the engine failed.
    pub fn load_interaction(&self, i: &Interaction) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO interaction (id, account_id, external_id, date, kind, summary, body) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            sql_params![
                i.id.0,
                i.account_id.0,
                i.external_id.as_deref(),
                i.date,
                i.kind.code(),
                i.summary.as_deref(),
                i.body.as_deref()
            ],
        )?;
        for contact in &i.contacts {
            self.conn().execute(
                "INSERT INTO interaction_contact (interaction_id, contact_id) VALUES (?1, ?2)",
                sql_params![i.id.0, contact.0],
            )?;
        }
        Ok(())
    }

    /// Writes `t` under its id.
    ///
    /// # Errors
    /// The id is taken, a value breaks the schema, or the engine failed.
    pub fn load_todo(&self, t: &Todo) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO todo (id, account_id, title, notes, due, priority, status, \
             snoozed_until, rule, created_on, completed_on) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            sql_params![
                t.id.0,
                t.account_id.map(|a| a.0),
                &t.title,
                t.notes.as_deref(),
                t.due,
                t.priority.code(),
                t.status.code(),
                t.snoozed_until,
                t.rule.as_deref(),
                t.created_on,
                t.completed_on,
            ],
        )?;
        Ok(())
    }

    /// Writes `o` under its id.
    ///
    /// # Errors
    /// The id or external id is taken, a value breaks the schema, or the engine failed.
    pub fn load_opportunity(&self, o: &Opportunity) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO opportunity (id, account_id, external_id, name, kind, amount_cents, \
             stage, close_date, probability, status) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            sql_params![
                o.id.0,
                o.account_id.0,
                o.external_id.as_deref(),
                o.name.as_deref(),
                o.kind.code(),
                o.amount_cents,
                o.stage.as_deref(),
                o.close_date,
                o.probability,
                o.status.code(),
            ],
        )?;
        Ok(())
    }

    /// Writes `m` under its id, at `position` in its account's path.
    ///
    /// # Errors
    /// The id is taken, or the engine failed.
    pub fn load_milestone(&self, m: &Milestone, position: usize) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO onboarding_milestone (id, account_id, position, name, target_date, \
             completed_on, skipped_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            sql_params![
                m.id.0,
                m.account_id.0,
                i64::try_from(position).unwrap_or(i64::MAX),
                &m.name,
                m.target_date,
                m.completed_on,
                m.skipped_on
            ],
        )?;
        Ok(())
    }

    /// Writes `g` under its id.
    ///
    /// # Errors
    /// The id is taken, a value breaks the schema, or the engine failed.
    pub fn load_goal(&self, g: &Goal) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO goal (id, account_id, objective, metric, target, status, due, met_on) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            sql_params![
                g.id.0,
                g.account_id.0,
                &g.objective,
                g.metric.as_deref(),
                g.target.as_deref(),
                g.status.code(),
                g.due,
                g.met_on,
            ],
        )?;
        Ok(())
    }

    /// Writes the user `u` under its id.
    ///
    /// # Errors
    /// The id, email or CRM id is taken, or the engine failed.
    pub fn load_user(&self, u: &BookUser) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO book_user (id, name, email, crm_id) VALUES (?1, ?2, ?3, ?4)",
            sql_params![u.id, &u.name, u.email.as_deref(), u.crm_id.as_deref()],
        )?;
        Ok(())
    }

    /// Writes a playbook firing of `account`.
    ///
    /// # Errors
    /// The firing is written already, or the engine failed.
    pub fn load_firing(&self, account: AccountId, f: &Firing) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO playbook_firing (rule, account_id, occasion, fired_on, ended_on, \
             todo_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            sql_params![
                &f.rule,
                account.0,
                &f.occasion,
                f.fired_on,
                f.ended_on,
                f.todo_id.map(|t| t.0)
            ],
        )?;
        Ok(())
    }
}

/// The tables whose ids the book hands out, which a restore writes under their own.
const IDENTIFIED: [&str; 12] = [
    "account",
    "contact",
    "feature",
    "ticket",
    "nps_response",
    "interaction",
    "todo",
    "opportunity",
    "onboarding_milestone",
    "goal",
    "book_user",
    "qbr",
];

#[cfg(test)]
mod tests;
