//! Loads the facts the scoring engine needs for the whole book in one pass per table.
//!
//! Each query streams one table in account order; rows are dealt to their account by id. Usage
//! is read only from the history start the engine asked for, through the `(account_id, date)`
//! key, so a year of daily rows costs only the recent windows.

use chrono::NaiveDate;
use rusqlite::params;

use super::rows;
use super::{Store, StoreResult};
use crate::domain::{AccountFacts, AccountId, FeatureCatalog, FeatureDay, FeatureId, UsageDay};

/// The facts of every account of the book, ordered by account id, and the feature catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct BookFacts {
    pub catalog: FeatureCatalog,
    pub accounts: Vec<AccountFacts>,
}

impl Store {
    /// The facts of every account as of `as_of`, with usage and feature days from `history_from`.
    ///
    /// Records dated after `as_of` are left out; contacts, opportunities and open todos are the
    /// current ones (SPEC 3: a past date uses the account's current attributes).
    ///
    /// # Errors
    /// Only if SQLite fails or a stored value is outside its vocabulary.
    pub fn book_facts(&self, as_of: NaiveDate, history_from: NaiveDate) -> StoreResult<BookFacts> {
        let mut accounts: Vec<AccountFacts> = self
            .accounts()?
            .into_iter()
            .map(AccountFacts::new)
            .collect();
        let slot = |accounts: &mut Vec<AccountFacts>, id: AccountId| -> Option<usize> {
            accounts.binary_search_by_key(&id, |f| f.account.id).ok()
        };

        let mut stmt = self.conn.prepare(
            "SELECT a.id, (SELECT min(date) FROM usage u WHERE u.account_id = a.id), \
             (SELECT min(date) FROM feature_usage f WHERE f.account_id = a.id) FROM account a",
        )?;
        let mut firsts = stmt.query([])?;
        while let Some(row) = firsts.next()? {
            if let Some(i) = slot(&mut accounts, AccountId(row.get(0)?)) {
                accounts[i].usage_first = row.get(1)?;
                accounts[i].features_first = row.get(2)?;
            }
        }

        // The join drives the usage key per account (a range seek each) instead of scanning
        // the whole table for the window.
        let mut stmt = self.conn.prepare(
            "SELECT u.account_id, u.date, u.active_users, u.events FROM account a \
             JOIN usage u ON u.account_id = a.id AND u.date BETWEEN ?1 AND ?2 ORDER BY a.id, u.date",
        )?;
        let mut usage = stmt.query(params![history_from, as_of])?;
        let mut current = None;
        while let Some(row) = usage.next()? {
            let id = AccountId(row.get(0)?);
            if current.is_none_or(|(cid, _)| cid != id) {
                current = slot(&mut accounts, id).map(|i| (id, i));
            }
            if let Some((_, i)) = current {
                accounts[i].usage.push(UsageDay {
                    date: row.get(1)?,
                    active_users: row.get(2)?,
                    events: row.get(3)?,
                });
            }
        }

        let mut stmt = self.conn.prepare(
            "SELECT f.account_id, f.date, f.feature_id, f.events FROM account a \
             JOIN feature_usage f ON f.account_id = a.id AND f.date BETWEEN ?1 AND ?2 \
             ORDER BY a.id, f.date, f.feature_id",
        )?;
        let mut features = stmt.query(params![history_from, as_of])?;
        let mut current = None;
        while let Some(row) = features.next()? {
            let id = AccountId(row.get(0)?);
            if current.is_none_or(|(cid, _)| cid != id) {
                current = slot(&mut accounts, id).map(|i| (id, i));
            }
            if let Some((_, i)) = current {
                accounts[i].features.push(FeatureDay {
                    date: row.get(1)?,
                    feature: FeatureId(row.get(2)?),
                    events: row.get(3)?,
                });
            }
        }

        let sql = format!(
            "SELECT {} FROM contact ORDER BY account_id, id",
            rows::CONTACT_COLUMNS
        );
        for contact in self.conn.prepare(&sql)?.query_map([], rows::contact)? {
            let contact = contact?;
            if let Some(i) = slot(&mut accounts, contact.account_id) {
                accounts[i].contacts.push(contact);
            }
        }
        let sql = format!(
            "SELECT {} FROM ticket WHERE opened <= ?1 ORDER BY account_id, opened, id",
            rows::TICKET_COLUMNS
        );
        for ticket in self.conn.prepare(&sql)?.query_map([as_of], rows::ticket)? {
            let ticket = ticket?;
            if let Some(i) = slot(&mut accounts, ticket.account_id) {
                accounts[i].tickets.push(ticket);
            }
        }
        let sql = format!(
            "SELECT {} FROM nps_response WHERE date <= ?1 ORDER BY account_id, date, id",
            rows::NPS_COLUMNS
        );
        for response in self.conn.prepare(&sql)?.query_map([as_of], rows::nps)? {
            let response = response?;
            if let Some(i) = slot(&mut accounts, response.account_id) {
                accounts[i].nps.push(response);
            }
        }
        let sql = format!(
            "SELECT {} FROM interaction i WHERE i.date <= ?1 ORDER BY i.account_id, i.date, i.id",
            rows::INTERACTION_COLUMNS
        );
        for interaction in self
            .conn
            .prepare(&sql)?
            .query_map([as_of], rows::interaction)?
        {
            let interaction = interaction?;
            if let Some(i) = slot(&mut accounts, interaction.account_id) {
                accounts[i].interactions.push(interaction);
            }
        }
        let sql = format!(
            "SELECT {} FROM opportunity ORDER BY account_id, id",
            rows::OPPORTUNITY_COLUMNS
        );
        for opportunity in self.conn.prepare(&sql)?.query_map([], rows::opportunity)? {
            let opportunity = opportunity?;
            if let Some(i) = slot(&mut accounts, opportunity.account_id) {
                accounts[i].opportunities.push(opportunity);
            }
        }
        let sql = format!(
            "SELECT {} FROM todo WHERE status = 'open' AND account_id IS NOT NULL \
             ORDER BY account_id, id",
            rows::TODO_COLUMNS
        );
        for todo in self.conn.prepare(&sql)?.query_map([], rows::todo)? {
            let todo = todo?;
            if let Some(i) = todo.account_id.and_then(|id| slot(&mut accounts, id)) {
                accounts[i].open_todos.push(todo);
            }
        }

        Ok(BookFacts {
            catalog: self.feature_catalog()?,
            accounts,
        })
    }
}
