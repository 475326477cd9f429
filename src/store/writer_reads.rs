//! Reads inside the writer's transaction, for a correction that must decide on what it writes
//! over: the command line finds the record, checks it against its neighbours (another contact
//! with the same email) and writes it while holding the write lock, so no other writer can come
//! between what was read and what is written (on a server, a record read alone is locked until
//! the commit; the lists are not, and the writes check versions). Nothing here writes; the
//! general reads are [`Store`](super::Store)'s.

use super::engine::sql_params;
use super::rows;
use super::{BookWriter, StoreResult};
use crate::domain::{Account, AccountId, Contact, ContactId, Opportunity, OpportunityId};

impl BookWriter<'_> {
    /// Every account, ordered by id.
    ///
    /// # Errors
    /// the engine failing or a stored value outside its vocabulary.
    pub fn read_accounts(&self) -> StoreResult<Vec<Account>> {
        let sql = format!("SELECT {} FROM account ORDER BY id", rows::ACCOUNT_COLUMNS);
        self.conn().query_rows(&sql, &[], |r| rows::account(r))
    }

    /// One account, if it exists.
    ///
    /// # Errors
    /// As [`BookWriter::read_accounts`].
    pub fn read_account(&self, id: AccountId) -> StoreResult<Option<Account>> {
        let sql = format!(
            "SELECT {} FROM account WHERE id = ?1{}",
            rows::ACCOUNT_COLUMNS,
            self.row_lock()
        );
        self.conn().query_one(&sql, sql_params![id.0], |r| rows::account(r))
    }

    /// The account whose external id is exactly `external_id`, if any (one index lookup).
    ///
    /// # Errors
    /// As [`BookWriter::read_accounts`].
    pub fn read_account_by_external_id(&self, external_id: &str) -> StoreResult<Option<Account>> {
        let sql = format!(
            "SELECT {} FROM account WHERE external_id = ?1{}",
            rows::ACCOUNT_COLUMNS,
            self.row_lock()
        );
        self.conn().query_one(&sql, sql_params![external_id], |r| rows::account(r))
    }

    /// An account's contacts, ordered by id.
    ///
    /// # Errors
    /// As [`BookWriter::read_accounts`].
    pub fn read_contacts(&self, account: AccountId) -> StoreResult<Vec<Contact>> {
        let sql = format!(
            "SELECT {} FROM contact WHERE account_id = ?1 ORDER BY id",
            rows::CONTACT_COLUMNS
        );
        self.conn().query_rows(&sql, sql_params![account.0], |r| rows::contact(r))
    }

    /// Every contact of the book, ordered by id.
    ///
    /// # Errors
    /// As [`BookWriter::read_accounts`].
    pub fn read_all_contacts(&self) -> StoreResult<Vec<Contact>> {
        let sql = format!("SELECT {} FROM contact ORDER BY id", rows::CONTACT_COLUMNS);
        self.conn().query_rows(&sql, &[], |r| rows::contact(r))
    }

    /// One contact, if it exists.
    ///
    /// # Errors
    /// As [`BookWriter::read_accounts`].
    pub fn read_contact(&self, id: ContactId) -> StoreResult<Option<Contact>> {
        let sql = format!(
            "SELECT {} FROM contact WHERE id = ?1{}",
            rows::CONTACT_COLUMNS,
            self.row_lock()
        );
        self.conn().query_one(&sql, sql_params![id.0], |r| rows::contact(r))
    }

    /// The contacts of the whole book whose email is `email`, ASCII case aside (the index on
    /// the lower-cased email finds them), ordered by id.
    ///
    /// # Errors
    /// As [`BookWriter::read_accounts`].
    pub fn read_contacts_by_email(&self, email: &str) -> StoreResult<Vec<Contact>> {
        let sql = format!(
            "SELECT {} FROM contact WHERE lower(email) = ?1 ORDER BY id",
            rows::CONTACT_COLUMNS
        );
        let wanted = email.trim().to_ascii_lowercase();
        self.conn().query_rows(&sql, sql_params![&wanted], |r| rows::contact(r))
    }

    /// One opportunity, if it exists.
    ///
    /// # Errors
    /// As [`BookWriter::read_accounts`].
    pub fn read_opportunity(&self, id: OpportunityId) -> StoreResult<Option<Opportunity>> {
        let sql = format!(
            "SELECT {} FROM opportunity WHERE id = ?1{}",
            rows::OPPORTUNITY_COLUMNS,
            self.row_lock()
        );
        self.conn().query_one(&sql, sql_params![id.0], |r| rows::opportunity(r))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

    use super::*;
    use crate::domain::{Account, Role};

    fn contact(account: AccountId, name: &str, email: &str) -> Contact {
        Contact {
            id: ContactId(0),
            account_id: account,
            external_id: None,
            name: name.into(),
            title: None,
            email: Some(email.into()),
            role: Role::Other,
            influence: None,
            sentiment: None,
            reports_to: None,
            last_engaged: None,
            left_on: None,
            version: 0,
        }
    }

    #[test]
    fn the_writer_reads_what_its_own_transaction_wrote_and_finds_emails_by_any_case() {
        for (engine, mut store) in crate::store::testing::stores("writer_reads") {
            let writer = store.writer().unwrap();
            let acme = writer.insert_account(&Account::named("A-1", "Acme")).unwrap();
            let globex = writer.insert_account(&Account::named("A-2", "Globex")).unwrap();
            let ana = writer.add_contact(&contact(acme, "Ana", "Ana@Example.com")).unwrap();
            let other = writer.add_contact(&contact(globex, "Ana B", "ana@example.com")).unwrap();
            assert_eq!(writer.read_accounts().unwrap().len(), 2, "{engine}");
            assert_eq!(writer.read_account(acme).unwrap().unwrap().name, "Acme", "{engine}");
            let by_id = writer.read_account_by_external_id("A-2").unwrap().map(|a| a.id);
            assert_eq!(by_id, Some(globex), "{engine}");
            let found = writer.read_contacts_by_email(" ANA@example.COM ").unwrap();
            let found: Vec<ContactId> = found.iter().map(|c| c.id).collect();
            assert_eq!(found, vec![ana, other], "{engine}");
            assert_eq!(writer.read_contacts(globex).unwrap().len(), 1, "{engine}");
            assert_eq!(writer.read_all_contacts().unwrap().len(), 2, "{engine}");
            assert_eq!(writer.read_contact(ana).unwrap().unwrap().name, "Ana", "{engine}");
            assert_eq!(writer.read_opportunity(OpportunityId(1)).unwrap(), None, "{engine}");
        }
    }
}
