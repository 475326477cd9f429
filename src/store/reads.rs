//! Typed reads of one account's records and of book-wide figures, each statement written once
//! in the SQL both engines accept.

use chrono::NaiveDate;

use super::engine::{Row, StoreRow as _, sql_params};
use super::rows;
use super::{Store, StoreResult};
use crate::domain::{
    Account, AccountId, CatalogFeature, Contact, FeatureCatalog, FeatureDay, FeatureId, Goal,
    Interaction, Milestone, NpsResponse, Opportunity, Ticket, Todo, TodoId, UsageDay,
};

impl Store {
    /// How many accounts the book holds.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn account_count(&self) -> StoreResult<usize> {
        let n =
            self.backend.query_one("SELECT count(*) FROM account", &[], |row| row.get_i64(0))?;
        Ok(n.and_then(|n| usize::try_from(n).ok()).unwrap_or(0))
    }

    /// Every account, ordered by id.
    ///
    /// # Errors
    /// Only if the engine fails or a stored value is outside its vocabulary.
    pub fn accounts(&self) -> StoreResult<Vec<Account>> {
        let sql = format!("SELECT {} FROM account ORDER BY id", rows::ACCOUNT_COLUMNS);
        self.backend.query_rows(&sql, &[], |r| rows::account(r))
    }

    /// The accounts with ids from `first` to `last`, ordered by id.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn accounts_between(&self, first: AccountId, last: AccountId) -> StoreResult<Vec<Account>> {
        let sql = format!(
            "SELECT {} FROM account WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
            rows::ACCOUNT_COLUMNS
        );
        self.backend.query_rows(&sql, sql_params![first.0, last.0], |r| rows::account(r))
    }

    /// One account, if it exists.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn account(&self, id: AccountId) -> StoreResult<Option<Account>> {
        let sql = format!("SELECT {} FROM account WHERE id = ?1", rows::ACCOUNT_COLUMNS);
        self.backend.query_one(&sql, sql_params![id.0], |r| rows::account(r))
    }

    /// The account whose external id is exactly `external_id`, if any: one index lookup, for a
    /// command that names an account by the id its CRM gave it on a large book.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn account_by_external_id(&self, external_id: &str) -> StoreResult<Option<Account>> {
        let sql = format!("SELECT {} FROM account WHERE external_id = ?1", rows::ACCOUNT_COLUMNS);
        self.backend.query_one(&sql, sql_params![external_id], |r| rows::account(r))
    }

    /// An account's revision: how many committed writes have touched its facts (`None` when
    /// the account does not exist).
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn account_revision(&self, id: AccountId) -> StoreResult<Option<i64>> {
        let sql = "SELECT revision FROM account WHERE id = ?1";
        self.backend.query_one(sql, sql_params![id.0], |r| r.get_i64(0))
    }

    /// Every contact of the book, ordered by account then id (an import places NPS answers by
    /// email across the book).
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn all_contacts(&self) -> StoreResult<Vec<Contact>> {
        let sql = format!("SELECT {} FROM contact ORDER BY account_id, id", rows::CONTACT_COLUMNS);
        self.backend.query_rows(&sql, &[], |r| rows::contact(r))
    }

    /// An account's contacts, ordered by id.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn contacts(&self, account: AccountId) -> StoreResult<Vec<Contact>> {
        let sql = format!(
            "SELECT {} FROM contact WHERE account_id = ?1 ORDER BY id",
            rows::CONTACT_COLUMNS
        );
        self.list(&sql, account, |r| rows::contact(r))
    }

    /// An account's usage on the days of `[from, to]`, by date.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn usage(
        &self,
        account: AccountId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<UsageDay>> {
        self.backend.query_rows(
            "SELECT date, active_users, events FROM usage \
             WHERE account_id = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY date",
            sql_params![account.0, from, to],
            |row| {
                Ok(UsageDay {
                    date: row.get_date(0)?,
                    active_users: row.get_i64(1)?,
                    events: row.get_opt_i64(2)?,
                })
            },
        )
    }

    /// An account's feature use on the days of `[from, to]`, by date then feature.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn feature_usage(
        &self,
        account: AccountId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<FeatureDay>> {
        self.backend.query_rows(
            "SELECT date, feature_id, events FROM feature_usage \
             WHERE account_id = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY date, feature_id",
            sql_params![account.0, from, to],
            |row| {
                Ok(FeatureDay {
                    date: row.get_date(0)?,
                    feature: FeatureId(row.get_i64(1)?),
                    events: row.get_opt_i64(2)?,
                })
            },
        )
    }

    /// Every feature the book has seen, ordered by id.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn feature_catalog(&self) -> StoreResult<FeatureCatalog> {
        let features = self.backend.query_rows(
            "SELECT id, name, key, first_seen FROM feature ORDER BY id",
            &[],
            |row| {
                Ok(CatalogFeature {
                    id: FeatureId(row.get_i64(0)?),
                    name: row.get_string(1)?,
                    key: row.get_string(2)?,
                    first_seen: row.get_opt_date(3)?,
                })
            },
        )?;
        Ok(FeatureCatalog { features })
    }

    /// An account's tickets, by opened date.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn tickets(&self, account: AccountId) -> StoreResult<Vec<Ticket>> {
        let sql = format!(
            "SELECT {} FROM ticket WHERE account_id = ?1 ORDER BY opened, id",
            rows::TICKET_COLUMNS
        );
        self.list(&sql, account, |r| rows::ticket(r))
    }

    /// Every ticket of the book, by id (an import finds the ones it sees again).
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn all_tickets(&self) -> StoreResult<Vec<Ticket>> {
        let sql = format!("SELECT {} FROM ticket ORDER BY id", rows::TICKET_COLUMNS);
        self.every(&sql, |r| rows::ticket(r))
    }

    /// An account's NPS responses, by date.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn nps_responses(&self, account: AccountId) -> StoreResult<Vec<NpsResponse>> {
        let sql = format!(
            "SELECT {} FROM nps_response WHERE account_id = ?1 ORDER BY date, id",
            rows::NPS_COLUMNS
        );
        self.list(&sql, account, |r| rows::nps(r))
    }

    /// Every NPS response of the book, by account then date (an import finds the ones it
    /// answers again).
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn all_nps_responses(&self) -> StoreResult<Vec<NpsResponse>> {
        let sql =
            format!("SELECT {} FROM nps_response ORDER BY account_id, date, id", rows::NPS_COLUMNS);
        self.backend.query_rows(&sql, &[], |r| rows::nps(r))
    }

    /// An account's timeline, oldest first.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn interactions(&self, account: AccountId) -> StoreResult<Vec<Interaction>> {
        let sql = format!(
            "SELECT {} FROM interaction i WHERE i.account_id = ?1 ORDER BY i.date, i.id",
            rows::INTERACTION_COLUMNS
        );
        self.list(&sql, account, |r| rows::interaction(r))
    }

    /// Every interaction of the book with its participants, by id (an import finds the ones
    /// it sees again).
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn all_interactions(&self) -> StoreResult<Vec<Interaction>> {
        let sql = format!("SELECT {} FROM interaction i ORDER BY i.id", rows::INTERACTION_COLUMNS);
        self.every(&sql, |r| rows::interaction(r))
    }

    /// An account's todos, open and done, by id.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn todos(&self, account: AccountId) -> StoreResult<Vec<Todo>> {
        let sql =
            format!("SELECT {} FROM todo WHERE account_id = ?1 ORDER BY id", rows::TODO_COLUMNS);
        self.list(&sql, account, |r| rows::todo(r))
    }

    /// The todo `id`, open or done, or `None` when there is none.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn todo(&self, id: TodoId) -> StoreResult<Option<Todo>> {
        let sql = format!("SELECT {} FROM todo WHERE id = ?1", rows::TODO_COLUMNS);
        self.backend.query_one(&sql, sql_params![id.0], |r| rows::todo(r))
    }

    /// The todos that belong to no account (the CSM's own), open and done, by id.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn book_todos(&self) -> StoreResult<Vec<Todo>> {
        let sql =
            format!("SELECT {} FROM todo WHERE account_id IS NULL ORDER BY id", rows::TODO_COLUMNS);
        self.backend.query_rows(&sql, &[], |r| rows::todo(r))
    }

    /// Every open todo of the book, by due date (undated last), then priority, then id.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn open_todos(&self) -> StoreResult<Vec<Todo>> {
        let sql = format!(
            "SELECT {} FROM todo WHERE status = 'open' ORDER BY due IS NULL, due, \
             CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, id",
            rows::TODO_COLUMNS
        );
        self.backend.query_rows(&sql, &[], |r| rows::todo(r))
    }

    /// An account's opportunities, by id.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn opportunities(&self, account: AccountId) -> StoreResult<Vec<Opportunity>> {
        let sql = format!(
            "SELECT {} FROM opportunity WHERE account_id = ?1 ORDER BY id",
            rows::OPPORTUNITY_COLUMNS
        );
        self.list(&sql, account, |r| rows::opportunity(r))
    }

    /// Every opportunity of the book, by id (an import finds the ones it sees again).
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn all_opportunities(&self) -> StoreResult<Vec<Opportunity>> {
        let sql = format!("SELECT {} FROM opportunity ORDER BY id", rows::OPPORTUNITY_COLUMNS);
        self.every(&sql, |r| rows::opportunity(r))
    }

    /// An account's onboarding path, in order.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn milestones(&self, account: AccountId) -> StoreResult<Vec<Milestone>> {
        let sql = format!(
            "SELECT {} FROM onboarding_milestone WHERE account_id = ?1 ORDER BY position, id",
            rows::MILESTONE_COLUMNS
        );
        self.list(&sql, account, |r| rows::milestone(r))
    }

    /// An account's success-plan goals, by id.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn goals(&self, account: AccountId) -> StoreResult<Vec<Goal>> {
        let sql =
            format!("SELECT {} FROM goal WHERE account_id = ?1 ORDER BY id", rows::GOAL_COLUMNS);
        self.list(&sql, account, |r| rows::goal(r))
    }

    /// Every success-plan goal of the book, by id.
    ///
    /// # Errors
    /// As [`Store::accounts`].
    pub fn all_goals(&self) -> StoreResult<Vec<Goal>> {
        let sql = format!("SELECT {} FROM goal ORDER BY id", rows::GOAL_COLUMNS);
        self.every(&sql, |r| rows::goal(r))
    }

    fn every<T>(
        &self,
        sql: &str,
        map: impl FnMut(&Row<'_>) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        self.backend.query_rows(sql, &[], map)
    }

    fn list<T>(
        &self,
        sql: &str,
        account: AccountId,
        map: impl FnMut(&Row<'_>) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        self.backend.query_rows(sql, sql_params![account.0], map)
    }
}
