//! Writing a book back from its export (`csm restore`): every record under the id it had, so
//! that the relations between them (a contact's manager, an interaction's participants, a
//! playbook firing's todo, feature usage's feature) hold as they did, and the book's reports and
//! export read as the original's. Also the reads the export needs for what only a restore uses
//! (an account's playbook firings and source ids). Writes into an empty book only; the caller
//! checks ([`Store::restore_refusal`]).

use chrono::NaiveDate;
use rusqlite::params;

use super::rows::{IsoDate, date, date_opt};
use super::{BookUser, BookWriter, SourceId, Store, StoreResult};
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

impl Store {
    /// An account's playbook firings, by rule and occasion.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn firings_of(&self, account: AccountId) -> StoreResult<Vec<Firing>> {
        let mut stmt = self.backend.sqlite()?.prepare_cached(
            "SELECT rule, occasion, fired_on, ended_on, todo_id FROM playbook_firing \
             WHERE account_id = ?1 ORDER BY rule, occasion",
        )?;
        let firings = stmt
            .query_map([account.0], |row| {
                Ok(Firing {
                    rule: row.get(0)?,
                    occasion: row.get(1)?,
                    fired_on: date(row, 2)?,
                    ended_on: date_opt(row, 3)?,
                    todo_id: row.get::<_, Option<i64>>(4)?.map(TodoId),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(firings)
    }

    /// An account's ids in its source systems, by source, then id.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn sources_of(&self, account: AccountId) -> StoreResult<Vec<SourceId>> {
        let mut stmt = self.backend.sqlite()?.prepare_cached(
            "SELECT source, external_id FROM account_source WHERE account_id = ?1 \
             ORDER BY source, external_id",
        )?;
        let ids = stmt
            .query_map([account.0], |row| {
                Ok(SourceId { source: row.get(0)?, external_id: row.get(1)?, account_id: account })
            })?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// Why the book cannot take a restore (`None`: it is empty): a restore writes records under
    /// their ids, which must not meet the book's own.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn restore_refusal(&self) -> StoreResult<Option<String>> {
        let count = |table: &str| -> StoreResult<i64> {
            Ok(self.backend.sqlite()?.query_row(
                &format!("SELECT count(*) FROM {table}"),
                [],
                |r| r.get(0),
            )?)
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
    /// Only if SQLite fails.
    pub fn defer_references(&self) -> StoreResult<()> {
        self.tx()?.pragma_update(None, "defer_foreign_keys", true)?;
        Ok(())
    }

    /// Writes `a` under its id.
    ///
    /// # Errors
    /// The id or external id is taken, a value breaks the schema, or SQLite failed.
    pub fn load_account(&self, a: &Account) -> StoreResult<()> {
        self.touch(a.id);
        self.tx()?
            .prepare_cached(
                "INSERT INTO account (id, external_id, name, domain, segment, industry, region, \
                 owner, arr_cents, seats_licensed, contract_start, renewal_date, lifecycle_stage, \
                 advocacy) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(params![
                a.id.0,
                a.external_id,
                a.name,
                a.domain,
                a.segment.map(|s| s.code()),
                a.industry,
                a.region,
                a.owner,
                a.arr_cents,
                a.seats_licensed,
                IsoDate::opt(a.contract_start),
                IsoDate::opt(a.renewal_date),
                a.lifecycle_stage,
                a.advocacy.map(|v| v.code()),
            ])?;
        Ok(())
    }

    /// Writes the catalogue's feature `f` under its id.
    ///
    /// # Errors
    /// The id or key is taken, or SQLite failed.
    pub fn load_feature(&self, f: &CatalogFeature) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO feature (id, key, name, first_seen) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![f.id.0, f.key, f.name, IsoDate::opt(f.first_seen)])?;
        Ok(())
    }

    /// Writes `c` under its id, its manager included.
    ///
    /// # Errors
    /// The id or external id is taken, a value breaks the schema, or SQLite failed.
    pub fn load_contact(&self, c: &Contact) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO contact (id, account_id, external_id, name, title, email, role, \
                 influence, sentiment, reports_to, last_engaged, left_on) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                c.id.0,
                c.account_id.0,
                c.external_id,
                c.name,
                c.title,
                c.email,
                c.role.code(),
                c.influence,
                c.sentiment,
                c.reports_to.map(|r| r.0),
                IsoDate::opt(c.last_engaged),
                IsoDate::opt(c.left_on),
            ])?;
        Ok(())
    }

    /// Writes a day of `account`'s usage.
    ///
    /// # Errors
    /// The day is written already, a count is negative, or SQLite failed.
    pub fn load_usage_day(&self, account: AccountId, u: &UsageDay) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO usage (account_id, date, active_users, events) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![account.0, IsoDate::new(u.date), u.active_users, u.events])?;
        Ok(())
    }

    /// Writes a day of `account`'s use of a feature (the catalogue's first-seen day is the
    /// catalogue's, not moved).
    ///
    /// # Errors
    /// The day is written already, a count is negative, or SQLite failed.
    pub fn load_feature_day(&self, account: AccountId, f: &FeatureDay) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO feature_usage (account_id, date, feature_id, events) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![account.0, IsoDate::new(f.date), f.feature.0, f.events])?;
        Ok(())
    }

    /// Writes `t` under its id.
    ///
    /// # Errors
    /// The id or external id is taken, a value breaks the schema, or SQLite failed.
    pub fn load_ticket(&self, t: &Ticket) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO ticket (id, account_id, external_id, opened, closed, priority, \
                 rating, status, subject) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
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

    /// Writes `n` under its id.
    ///
    /// # Errors
    /// The id is taken, a value breaks the schema, or SQLite failed.
    pub fn load_nps(&self, n: &NpsResponse) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO nps_response (id, account_id, email, score, date, comment) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
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

    /// Writes `i` under its id, with its participants.
    ///
    /// # Errors
    /// The id or external id is taken, a value breaks the schema, or SQLite failed.
    pub fn load_interaction(&self, i: &Interaction) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO interaction (id, account_id, external_id, date, kind, summary, body) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                i.id.0,
                i.account_id.0,
                i.external_id,
                IsoDate::new(i.date),
                i.kind.code(),
                i.summary,
                i.body
            ])?;
        let mut link = self.tx()?.prepare_cached(
            "INSERT INTO interaction_contact (interaction_id, contact_id) VALUES (?1, ?2)",
        )?;
        for contact in &i.contacts {
            link.execute(params![i.id.0, contact.0])?;
        }
        Ok(())
    }

    /// Writes `t` under its id.
    ///
    /// # Errors
    /// The id is taken, a value breaks the schema, or SQLite failed.
    pub fn load_todo(&self, t: &Todo) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO todo (id, account_id, title, notes, due, priority, status, \
                 snoozed_until, rule, created_on, completed_on) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                t.id.0,
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
            ])?;
        Ok(())
    }

    /// Writes `o` under its id.
    ///
    /// # Errors
    /// The id or external id is taken, a value breaks the schema, or SQLite failed.
    pub fn load_opportunity(&self, o: &Opportunity) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO opportunity (id, account_id, external_id, name, kind, amount_cents, \
                 stage, close_date, probability, status) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                o.id.0,
                o.account_id.0,
                o.external_id,
                o.name,
                o.kind.code(),
                o.amount_cents,
                o.stage,
                IsoDate::opt(o.close_date),
                o.probability,
                o.status.code(),
            ])?;
        Ok(())
    }

    /// Writes `m` under its id, at `position` in its account's path.
    ///
    /// # Errors
    /// The id is taken, or SQLite failed.
    pub fn load_milestone(&self, m: &Milestone, position: usize) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO onboarding_milestone (id, account_id, position, name, target_date, \
                 completed_on, skipped_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                m.id.0,
                m.account_id.0,
                i64::try_from(position).unwrap_or(i64::MAX),
                m.name,
                IsoDate::opt(m.target_date),
                IsoDate::opt(m.completed_on),
                IsoDate::opt(m.skipped_on)
            ])?;
        Ok(())
    }

    /// Writes `g` under its id.
    ///
    /// # Errors
    /// The id is taken, a value breaks the schema, or SQLite failed.
    pub fn load_goal(&self, g: &Goal) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO goal (id, account_id, objective, metric, target, status, due, met_on) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                g.id.0,
                g.account_id.0,
                g.objective,
                g.metric,
                g.target,
                g.status.code(),
                IsoDate::opt(g.due),
                IsoDate::opt(g.met_on),
            ])?;
        Ok(())
    }

    /// Writes the user `u` under its id.
    ///
    /// # Errors
    /// The id, email or CRM id is taken, or SQLite failed.
    pub fn load_user(&self, u: &BookUser) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO book_user (id, name, email, crm_id) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![u.id, u.name, u.email, u.crm_id])?;
        Ok(())
    }

    /// Writes a playbook firing of `account`.
    ///
    /// # Errors
    /// The firing is written already, or SQLite failed.
    pub fn load_firing(&self, account: AccountId, f: &Firing) -> StoreResult<()> {
        self.tx()?
            .prepare_cached(
                "INSERT INTO playbook_firing (rule, account_id, occasion, fired_on, ended_on, \
                 todo_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                f.rule,
                account.0,
                f.occasion,
                IsoDate::new(f.fired_on),
                IsoDate::opt(f.ended_on),
                f.todo_id.map(|t| t.0)
            ])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Priority, TodoStatus};

    /// Records written under their ids read back under them, a contact's manager written after
    /// it included; a book with records refuses a restore, naming what it holds.
    #[test]
    fn records_keep_their_ids_and_a_book_with_records_refuses_a_restore() {
        let mut store = Store::open_in_memory().expect("store");
        assert_eq!(store.restore_refusal().expect("read"), None);
        let day: NaiveDate = "2026-11-02".parse().expect("date");
        let writer = store.writer().expect("writer");
        writer.defer_references().expect("deferred");
        writer
            .load_account(&Account { id: AccountId(40), ..Account::named("A-40", "Acme") })
            .expect("a");
        let contact = |id, reports_to: Option<i64>| Contact {
            id: crate::domain::ContactId(id),
            account_id: AccountId(40),
            external_id: None,
            name: format!("C{id}"),
            title: None,
            email: None,
            role: crate::domain::Role::Other,
            influence: None,
            sentiment: None,
            reports_to: reports_to.map(crate::domain::ContactId),
            last_engaged: None,
            left_on: None,
            version: 0,
        };
        writer.load_contact(&contact(7, Some(9))).expect("before its manager");
        writer.load_contact(&contact(9, None)).expect("manager");
        let todo = Todo {
            id: TodoId(12),
            account_id: Some(AccountId(40)),
            title: "Call".into(),
            notes: None,
            due: None,
            priority: Priority::Normal,
            status: TodoStatus::Open,
            snoozed_until: None,
            rule: Some("qbr".into()),
            created_on: day,
            completed_on: None,
            version: 0,
        };
        writer.load_todo(&todo).expect("todo");
        let firing = Firing {
            rule: "qbr".into(),
            occasion: "2026-Q4".into(),
            fired_on: day,
            ended_on: None,
            todo_id: Some(TodoId(12)),
        };
        writer.load_firing(AccountId(40), &firing).expect("firing");
        writer.set_account_source("zendesk", "3601", AccountId(40)).expect("source");
        writer.commit().expect("references hold at commit");
        let contacts = store.contacts(AccountId(40)).expect("contacts");
        assert_eq!(contacts[0].reports_to, Some(crate::domain::ContactId(9)));
        assert_eq!(store.firings_of(AccountId(40)).expect("firings"), [firing]);
        assert_eq!(store.sources_of(AccountId(40)).expect("sources")[0].external_id, "3601");
        assert_eq!(store.restore_refusal().expect("read").as_deref(), Some("1 account, 1 todo"));
    }
}
