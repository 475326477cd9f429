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
            "SELECT rule, account_id, occasion, ended_on IS NULL FROM playbook_firing",
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
