//! What the playbooks read besides the scored book (their past firings, open milestones,
//! departed champions, the latest interaction of a kind) and what they write (firings, their
//! ends). Each read is one query over the whole book; nothing here decides whether a rule fires.

use chrono::NaiveDate;

use super::engine::{StoreRow as _, sql_params};
use super::rows;
use super::{BookWriter, Store, StoreResult};
use crate::domain::{AccountId, ContactId, InteractionKind, Milestone, TodoId};

/// A firing recorded by an earlier run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiringRecord {
    pub rule: String,
    pub account: AccountId,
    pub occasion: String,
    /// Not ended: an episode still in course (other occasions never end).
    pub open: bool,
}

/// A champion or executive sponsor who left the company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartedContact {
    pub account: AccountId,
    pub contact: ContactId,
    pub name: String,
    pub left_on: NaiveDate,
}

impl Store {
    /// The latest day the playbooks recorded a firing on, if they ever did.
    ///
    /// # Errors
    /// the engine failed or the stored date is not one.
    pub fn last_playbook_run(&self) -> StoreResult<Option<NaiveDate>> {
        let sql = "SELECT max(fired_on) FROM playbook_firing";
        Ok(self.backend.query_one(sql, &[], |r| r.get_opt_date(0))?.flatten())
    }

    /// Every firing the playbooks recorded.
    ///
    /// # Errors
    /// the engine failed.
    pub fn playbook_firings(&self) -> StoreResult<Vec<FiringRecord>> {
        self.backend.query_rows(
            "SELECT rule, account_id, occasion, ended_on IS NULL FROM playbook_firing \
             ORDER BY rule, account_id, occasion",
            &[],
            |r| {
                Ok(FiringRecord {
                    rule: r.get_string(0)?,
                    account: AccountId(r.get_i64(1)?),
                    occasion: r.get_string(2)?,
                    open: r.get_bool(3)?,
                })
            },
        )
    }

    /// The whole path (every milestone, done and skipped ones too) of each account that has a
    /// milestone neither completed nor skipped, by account and position: what the playbooks'
    /// milestone rule and the "far behind" rule read.
    ///
    /// # Errors
    /// the engine failed, or a stored date is malformed.
    pub fn open_paths(&self) -> StoreResult<Vec<Milestone>> {
        let sql = format!(
            "SELECT {} FROM onboarding_milestone WHERE account_id IN \
             (SELECT account_id FROM onboarding_milestone \
              WHERE completed_on IS NULL AND skipped_on IS NULL) \
             ORDER BY account_id, position, id",
            rows::MILESTONE_COLUMNS
        );
        self.backend.query_rows(&sql, &[], |r| rows::milestone(r))
    }

    /// The accounts that have an onboarding milestone, completed or not, in id order.
    ///
    /// # Errors
    /// the engine failed.
    pub fn accounts_with_milestones(&self) -> StoreResult<Vec<AccountId>> {
        self.backend.query_rows(
            "SELECT DISTINCT account_id FROM onboarding_milestone ORDER BY account_id",
            &[],
            |r| Ok(AccountId(r.get_i64(0)?)),
        )
    }

    /// Champions and executive sponsors who left on a day from `from` to `to`, by account.
    ///
    /// # Errors
    /// the engine failed, or a stored date is malformed.
    pub fn departed_champions(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<DepartedContact>> {
        self.backend.query_rows(
            "SELECT account_id, id, name, left_on FROM contact \
             WHERE left_on BETWEEN ?1 AND ?2 AND role IN ('champion', 'executive_sponsor') \
             ORDER BY account_id, left_on, id",
            sql_params![from, to],
            |r| {
                Ok(DepartedContact {
                    account: AccountId(r.get_i64(0)?),
                    contact: ContactId(r.get_i64(1)?),
                    name: r.get_string(2)?,
                    left_on: r.get_date(3)?,
                })
            },
        )
    }

    /// Each account's latest interaction of `kind` dated from `from` to `to`, by account.
    ///
    /// # Errors
    /// the engine failed, or a stored date is malformed.
    pub fn latest_interactions(
        &self,
        kind: InteractionKind,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(AccountId, NaiveDate)>> {
        self.backend.query_rows(
            "SELECT account_id, max(date) FROM interaction \
             WHERE kind = ?1 AND date BETWEEN ?2 AND ?3 GROUP BY account_id ORDER BY account_id",
            sql_params![kind.code(), from, to],
            |r| Ok((AccountId(r.get_i64(0)?), r.get_date(1)?)),
        )
    }
}

impl BookWriter<'_> {
    /// Records that `rule` fired for `account` on `occasion`; `false` when it had already (a
    /// run elsewhere got there first), in which case the caller creates nothing.
    ///
    /// # Errors
    /// The account does not exist, or the engine failed.
    pub fn record_firing(
        &self,
        rule: &str,
        account: AccountId,
        occasion: &str,
        fired_on: NaiveDate,
    ) -> StoreResult<bool> {
        let inserted = self.conn().execute(
            "INSERT INTO playbook_firing (rule, account_id, occasion, fired_on) \
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            sql_params![rule, account.0, occasion, fired_on],
        )?;
        Ok(inserted == 1)
    }

    /// Links a firing to the todo it made.
    ///
    /// # Errors
    /// the engine failed.
    pub fn link_firing(
        &self,
        rule: &str,
        account: AccountId,
        occasion: &str,
        todo: TodoId,
    ) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE playbook_firing SET todo_id = ?4 \
             WHERE rule = ?1 AND account_id = ?2 AND occasion = ?3",
            sql_params![rule, account.0, occasion, todo.0],
        )?;
        Ok(())
    }

    /// Ends an episode on `ended_on`.
    ///
    /// # Errors
    /// the engine failed.
    pub fn end_firing(
        &self,
        rule: &str,
        account: AccountId,
        occasion: &str,
        ended_on: NaiveDate,
    ) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE playbook_firing SET ended_on = ?4 \
             WHERE rule = ?1 AND account_id = ?2 AND occasion = ?3 AND ended_on IS NULL",
            sql_params![rule, account.0, occasion, ended_on],
        )?;
        Ok(())
    }
}

/// When a firing was recorded and ended, for tests and checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiringDates {
    pub fired_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub todo: Option<TodoId>,
}

impl Store {
    /// The dates and todo of one firing, if it was recorded.
    ///
    /// # Errors
    /// the engine failed, or a stored date is malformed.
    pub fn firing(
        &self,
        rule: &str,
        account: AccountId,
        occasion: &str,
    ) -> StoreResult<Option<FiringDates>> {
        self.backend.query_one(
            "SELECT fired_on, ended_on, todo_id FROM playbook_firing \
             WHERE rule = ?1 AND account_id = ?2 AND occasion = ?3",
            sql_params![rule, account.0, occasion],
            |r| {
                Ok(FiringDates {
                    fired_on: r.get_date(0)?,
                    ended_on: r.get_opt_date(1)?,
                    todo: r.get_opt_i64(2)?.map(TodoId),
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::domain::{
        Account, AccountId, Contact, ContactId, Interaction, InteractionId, InteractionKind,
        Milestone, MilestoneId, Role, TodoId,
    };
    use crate::store::{Store, testing};

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    /// Two accounts: the first with a departed champion, two calls and a path half done, the
    /// second with a path done.
    fn book(store: &mut Store) {
        let writer = store.writer().expect("writer");
        for id in [1, 2] {
            let account = Account { id: AccountId(id), ..Account::named(format!("A-{id}"), "A") };
            writer.load_account(&account).expect("account");
        }
        let contact = |id, role, left_on| Contact {
            id: ContactId(id),
            account_id: AccountId(1),
            external_id: None,
            name: format!("C{id}"),
            title: None,
            email: None,
            role,
            influence: None,
            sentiment: None,
            reports_to: None,
            last_engaged: None,
            left_on,
            version: 0,
        };
        writer.load_contact(&contact(1, Role::Champion, Some(day("2026-11-10")))).expect("left");
        writer.load_contact(&contact(2, Role::EndUser, Some(day("2026-11-10")))).expect("user");
        writer.load_contact(&contact(3, Role::Champion, None)).expect("stays");
        for (id, date) in [(1, "2026-10-01"), (2, "2026-11-05")] {
            let touch = Interaction {
                id: InteractionId(id),
                account_id: AccountId(1),
                external_id: None,
                date: day(date),
                kind: InteractionKind::Call,
                summary: None,
                body: None,
                contacts: vec![ContactId(3)],
                version: 0,
            };
            writer.load_interaction(&touch).expect("touch");
        }
        let milestone = |id, account, completed_on: Option<&str>| Milestone {
            id: MilestoneId(id),
            account_id: AccountId(account),
            name: format!("M{id}"),
            target_date: None,
            completed_on: completed_on.map(day),
            skipped_on: None,
            version: 0,
        };
        for (position, m) in
            [milestone(1, 1, Some("2026-10-01")), milestone(2, 1, None)].iter().enumerate()
        {
            writer.load_milestone(m, position).expect("milestone");
        }
        writer.load_milestone(&milestone(3, 2, Some("2026-09-01")), 0).expect("milestone");
        writer.commit().expect("commit");
    }

    /// The playbooks' reads find what they look for, and a firing is recorded once, linked,
    /// ended and read back, on both engines.
    #[test]
    fn the_playbooks_read_and_record_the_same_on_both_engines() {
        for (engine, mut store) in testing::stores("playbook_reads") {
            book(&mut store);
            let departed = store.departed_champions(day("2026-11-01"), day("2026-11-24"));
            let departed: Vec<_> =
                departed.expect("departed").into_iter().map(|d| (d.account, d.contact)).collect();
            assert_eq!(departed, [(AccountId(1), ContactId(1))], "{engine}");
            let latest = store.latest_interactions(
                InteractionKind::Call,
                day("2026-09-01"),
                day("2026-11-24"),
            );
            assert_eq!(latest.expect("latest"), [(AccountId(1), day("2026-11-05"))], "{engine}");
            let path: Vec<_> = store.open_paths().expect("paths").iter().map(|m| m.id).collect();
            assert_eq!(path, [MilestoneId(1), MilestoneId(2)], "{engine}: the whole open path");
            let with = store.accounts_with_milestones().expect("accounts");
            assert_eq!(with, [AccountId(1), AccountId(2)], "{engine}");

            assert_eq!(store.last_playbook_run().expect("last"), None, "{engine}");
            let fired_on = day("2026-11-20");
            let writer = store.writer().expect("writer");
            assert!(writer.record_firing("r", AccountId(1), "o", fired_on).expect("fired"));
            assert!(!writer.record_firing("r", AccountId(1), "o", fired_on).expect("again"));
            writer.commit().expect("commit");
            let firings = store.playbook_firings().expect("firings");
            assert!(firings.iter().all(|f| f.open), "{engine}: {firings:?}");
            let writer = store.writer().expect("writer");
            // The todo the firing made (written by plain SQL: the todo's write is not under test).
            writer
                .conn()
                .execute(
                    "INSERT INTO todo (id, account_id, title, created_on) VALUES (5, 1, 't', ?1)",
                    crate::store::engine::sql_params![fired_on],
                )
                .expect("todo");
            writer.link_firing("r", AccountId(1), "o", TodoId(5)).expect("linked");
            writer.end_firing("r", AccountId(1), "o", day("2026-11-22")).expect("ended");
            writer.commit().expect("commit");
            let firing = store.firing("r", AccountId(1), "o").expect("read").expect("recorded");
            assert_eq!(firing.fired_on, fired_on, "{engine}");
            assert_eq!(firing.ended_on, Some(day("2026-11-22")), "{engine}");
            assert_eq!(firing.todo, Some(TodoId(5)), "{engine}");
            assert_eq!(store.last_playbook_run().expect("last"), Some(fired_on), "{engine}");
            assert!(!store.playbook_firings().expect("firings")[0].open, "{engine}");
        }
    }
}
