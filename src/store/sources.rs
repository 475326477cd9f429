//! An account's ids in the systems it was imported from (`account_source`): the CRM's id, the
//! help desk's organization id, the survey tool's… each remembered once the account is matched,
//! so that a second system's export of the same companies finds them again instead of adding
//! them. Reads and writes of that table only; which account a row means is decided by the
//! import, not here.

use super::engine::{StoreRow as _, sql_params};
use super::{BookWriter, Store, StoreResult};
use crate::domain::AccountId;

/// One id an account carries in one source system.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceId {
    /// The system, as the import names it (`salesforce`, `zendesk`, `csv`…).
    pub source: String,
    /// The id as the system's file wrote it.
    pub external_id: String,
    pub account_id: AccountId,
}

impl Store {
    /// Every id of every account in its source systems, by source, then id.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn account_sources(&self) -> StoreResult<Vec<SourceId>> {
        let mut ids = self.backend.query_rows(
            "SELECT source, external_id, account_id FROM account_source",
            &[],
            |row| {
                Ok(SourceId {
                    source: row.get_string(0)?,
                    external_id: row.get_string(1)?,
                    account_id: AccountId(row.get_i64(2)?),
                })
            },
        )?;
        // Sorted here, byte by byte: a server's collation would order text its own way.
        ids.sort();
        Ok(ids)
    }
}

impl BookWriter<'_> {
    /// Remembers that `source` knows `account` as `external_id`: the id now names this account
    /// (an id the source gave another account before moves). An account's facts do not change:
    /// it is not marked for rescoring.
    ///
    /// # Errors
    /// The account does not exist, or the engine failed.
    pub fn set_account_source(
        &self,
        source: &str,
        external_id: &str,
        account: AccountId,
    ) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO account_source (source, external_id, account_id) VALUES (?1, ?2, ?3) \
             ON CONFLICT (source, external_id) DO UPDATE SET account_id = excluded.account_id \
             WHERE account_source.account_id <> excluded.account_id",
            sql_params![source, external_id, account.0],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Account;

    #[test]
    fn an_id_is_remembered_once_and_moves_when_given_again() {
        for (engine, mut store) in crate::store::testing::stores("account_sources") {
            let writer = store.writer().expect("writer");
            let a = writer.insert_account(&Account::named("A-1", "Acme")).expect("a");
            let b = writer.insert_account(&Account::named("B-1", "Bolt")).expect("b");
            writer.set_account_source("zendesk", "101", a).expect("pair");
            writer.set_account_source("zendesk", "101", a).expect("same pair");
            writer.set_account_source("salesforce", "A-1", a).expect("pair");
            writer.commit().expect("commit");
            let pairs = store.account_sources().expect("read");
            assert_eq!(pairs.len(), 2, "{engine}");
            assert_eq!(
                pairs[1],
                SourceId { source: "zendesk".into(), external_id: "101".into(), account_id: a },
                "{engine}"
            );
            let writer = store.writer().expect("writer");
            writer.set_account_source("zendesk", "101", b).expect("moved");
            writer.commit().expect("commit");
            assert_eq!(store.account_sources().expect("read")[1].account_id, b, "{engine}");
        }
    }
}
