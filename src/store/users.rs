//! The people who own accounts (`book_user`): a name, and the CRM id and email an owner column
//! may hold instead of it, so that an owner reads as a person rather than `0055g00000QrStUAAV`.
//! Reads and writes of that table, and the owner of an account rewritten; which owner means
//! which user is decided by the import, not here.

use super::engine::{StoreRow as _, sql_params};
use super::{BookWriter, Store, StoreResult};
use crate::domain::AccountId;

/// A person who owns accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookUser {
    /// Set by the store (0 until stored).
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    /// The user's id in the CRM (Salesforce `OwnerId`, HubSpot owner id).
    pub crm_id: Option<String>,
}

impl Store {
    /// Every user, by id.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn users(&self) -> StoreResult<Vec<BookUser>> {
        self.backend.query_rows(
            "SELECT id, name, email, crm_id FROM book_user ORDER BY id",
            &[],
            |row| {
                Ok(BookUser {
                    id: row.get_i64(0)?,
                    name: row.get_string(1)?,
                    email: row.get_opt_string(2)?,
                    crm_id: row.get_opt_string(3)?,
                })
            },
        )
    }
}

impl BookWriter<'_> {
    /// Adds a user; its id.
    ///
    /// # Errors
    /// Another user has the email or CRM id, or the engine failed.
    pub fn insert_user(&self, user: &BookUser) -> StoreResult<i64> {
        self.insert_returning_id(
            "INSERT INTO book_user (name, email, crm_id) VALUES (?1, ?2, ?3) RETURNING id",
            sql_params![&user.name, user.email.as_deref(), user.crm_id.as_deref()],
        )
    }

    /// Replaces the user `user.id` with `user`.
    ///
    /// # Errors
    /// Another user has the email or CRM id, or the engine failed.
    pub fn update_user(&self, user: &BookUser) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE book_user SET name = ?2, email = ?3, crm_id = ?4 WHERE id = ?1",
            sql_params![user.id, &user.name, user.email.as_deref(), user.crm_id.as_deref()],
        )?;
        Ok(())
    }

    /// Sets an account's owner, as the account's edit would (its version moves).
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn set_account_owner(&self, account: AccountId, owner: &str) -> StoreResult<()> {
        self.touch(account);
        self.conn().execute(
            "UPDATE account SET owner = ?2, version = version + 1 WHERE id = ?1",
            sql_params![account.0, owner],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_round_trip_and_one_email_is_one_user() {
        for (engine, mut store) in crate::store::testing::stores("users") {
            let writer = store.writer().expect("writer");
            let priya = BookUser {
                id: 0,
                name: "Priya Natarajan".into(),
                email: Some("priya@vendor.example".into()),
                crm_id: Some("0055g00000QrStUAAV".into()),
            };
            let id = writer.insert_user(&priya).expect("user");
            writer.commit().expect("commit");
            // A refused insert ends its transaction on a server: it is one of its own.
            let writer = store.writer().expect("writer");
            let twin = BookUser { crm_id: None, ..priya.clone() };
            let refused = writer.insert_user(&twin).expect_err("one email, one user");
            assert!(refused.is_constraint(), "{engine}: {refused:?}");
            drop(writer);
            let writer = store.writer().expect("writer");
            writer
                .update_user(&BookUser { id, name: "Priya N.".into(), ..priya.clone() })
                .expect("edit");
            writer.commit().expect("commit");
            let users = store.users().expect("read");
            assert_eq!(users, [BookUser { id, name: "Priya N.".into(), ..priya }], "{engine}");
        }
    }
}
