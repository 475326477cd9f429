//! Edits of the records a person changes by hand in the workspace (todos, contacts,
//! interactions), inside the writer's transaction. Each update or delete names the version of
//! the record it was made on and is refused with a [`Conflict`] when the record moved since, so
//! two workspaces on one store never silently overwrite each other. The check is part of the
//! writing statement ([`BookWriter::write_at`]), not only a read before it, so it holds on an
//! engine that does not serialise writers. Nothing here decides what an edit means; callers pass
//! the whole record as it should be.

use super::engine::{Param, StoreRow as _, sql_params};
use super::{BookWriter, StoreResult, fields};
use crate::domain::{AccountId, Contact, InteractionId, Todo, TodoId};

/// Why an edit was refused: the record is no longer the one the editor read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    #[error("the {0} was changed elsewhere since it was read")]
    Changed(&'static str),
    #[error("the {0} was deleted elsewhere")]
    Deleted(&'static str),
    #[error("the {0} exists again")]
    Exists(&'static str),
}

/// The record as a person names it.
fn noun(table: &'static str) -> &'static str {
    if table == "onboarding_milestone" { "milestone" } else { table }
}

impl BookWriter<'_> {
    /// Whether `table` has a row `id`.
    pub(super) fn exists(&self, table: &'static str, id: i64) -> StoreResult<bool> {
        let sql = format!("SELECT 1 FROM {table} WHERE id = ?1");
        Ok(self.conn().query_one(&sql, sql_params![id], |_| Ok(()))?.is_some())
    }

    /// Checks that `table`'s row `id` is still at `version`, returning its account: the account
    /// to mark, and a refusal before the edit writes anything. The write itself must still be
    /// guarded ([`BookWriter::write_at`]): another writer may change the row after this read.
    pub(super) fn check_version(
        &self,
        table: &'static str,
        id: i64,
        version: i64,
    ) -> StoreResult<Option<AccountId>> {
        // An account is its own account.
        let owner = if table == "account" { "id" } else { "account_id" };
        // Locked as read (on a server): an edit in flight elsewhere is waited for, not read past.
        let sql = format!("SELECT {owner}, version FROM {table} WHERE id = ?1{}", self.row_lock());
        let found = self
            .conn()
            .query_one(&sql, sql_params![id], |r| Ok((r.get_opt_i64(0)?, r.get_i64(1)?)))?;
        let noun = noun(table);
        match found {
            None => Err(Conflict::Deleted(noun).into()),
            Some((_, current)) if current != version => Err(Conflict::Changed(noun).into()),
            Some((account, _)) => Ok(account.map(AccountId)),
        }
    }

    /// Runs `sql`, an UPDATE or DELETE ending `WHERE id = ?1` (bound among `params`) of
    /// `table`'s row `id`, with `AND version = ?n` added when the editor names the `version` it
    /// read. The version is checked by the statement that writes, so an edit committed elsewhere
    /// after the caller's read is never overwritten. No row written is a [`Conflict`]: changed
    /// when the row is still there, deleted when it is gone.
    pub(super) fn write_at(
        &self,
        table: &'static str,
        id: i64,
        version: Option<i64>,
        sql: &str,
        params: &[Param<'_>],
    ) -> StoreResult<()> {
        let Some(version) = version else {
            self.conn().execute(sql, params)?;
            return Ok(());
        };
        let guarded = format!("{sql} AND version = ?{}", params.len() + 1);
        let mut all = params.to_vec();
        all.push(Param::Int(version));
        if self.conn().execute(&guarded, &all)? > 0 {
            return Ok(());
        }
        let exists = self.exists(table, id)?;
        let noun = noun(table);
        Err(if exists { Conflict::Changed(noun) } else { Conflict::Deleted(noun) }.into())
    }

    /// Replaces a todo with `t`, which must carry the version it was read at; returns the new
    /// version.
    ///
    /// # Errors
    /// [`Conflict`] when the todo was changed or deleted meanwhile; the engine failing.
    pub fn update_todo(&self, t: &Todo) -> StoreResult<i64> {
        if let Some(account) = self.check_version("todo", t.id.0, t.version)? {
            self.touch(account);
        }
        if let Some(account) = t.account_id {
            self.touch(account);
        }
        let params = fields::TODO.with_id(t.id.0, fields::todo(t));
        self.write_at("todo", t.id.0, Some(t.version), fields::TODO.update_sql(), &params)?;
        Ok(t.version + 1)
    }

    /// Deletes the todo `id`, read at `version`.
    ///
    /// # Errors
    /// [`Conflict`] when the todo was changed or deleted meanwhile; the engine failing.
    pub fn delete_todo(&self, id: TodoId, version: i64) -> StoreResult<()> {
        if let Some(account) = self.check_version("todo", id.0, version)? {
            self.touch(account);
        }
        let sql = "DELETE FROM todo WHERE id = ?1";
        self.write_at("todo", id.0, Some(version), sql, sql_params![id.0])
    }

    /// Deletes `added`, read at `version`, if it is still that todo: the same title, account
    /// and day of creation (a deleted todo's id can be given to a new one).
    ///
    /// # Errors
    /// [`Conflict`] when the todo was changed or deleted meanwhile; the engine failing.
    pub fn delete_same_todo(&self, added: &Todo, version: i64) -> StoreResult<()> {
        let sql = format!(
            "SELECT title = ?2 AND account_id IS NOT DISTINCT FROM ?3 AND created_on = ?4 \
             FROM todo WHERE id = ?1{}",
            self.row_lock()
        );
        let same = self.conn().query_one(
            &sql,
            sql_params![added.id.0, &added.title, added.account_id.map(|a| a.0), added.created_on],
            |r| r.get_bool(0),
        )?;
        if same == Some(false) {
            return Err(Conflict::Changed("todo").into());
        }
        self.delete_todo(added.id, version)
    }

    /// Puts back a deleted todo exactly as it was, with its id and version.
    ///
    /// # Errors
    /// [`Conflict::Exists`] when a todo with its id exists; the account is gone; the engine failing.
    pub fn restore_todo(&self, t: &Todo) -> StoreResult<()> {
        if self.exists("todo", t.id.0)? {
            return Err(Conflict::Exists("todo").into());
        }
        if let Some(account) = t.account_id {
            self.touch(account);
        }
        let params = fields::TODO.restored(t.id.0, fields::todo(t), t.version);
        self.conn().execute(fields::TODO.restore_sql(), &params)?;
        self.after_explicit_id("todo", t.id.0)
    }

    /// Replaces a contact with `c` (its account included: an import may move it), which must
    /// carry the version it was read at; returns the new version.
    ///
    /// # Errors
    /// [`Conflict`] when the contact was changed or deleted meanwhile; a value out of range;
    /// the engine failing.
    pub fn update_contact(&self, c: &Contact) -> StoreResult<i64> {
        if let Some(account) = self.check_version("contact", c.id.0, c.version)? {
            self.touch(account);
        }
        self.touch(c.account_id);
        let params = fields::CONTACT.with_id(c.id.0, fields::contact(c));
        self.write_at("contact", c.id.0, Some(c.version), fields::CONTACT.update_sql(), &params)?;
        Ok(c.version + 1)
    }

    /// Deletes a timeline entry (and its links to contacts).
    ///
    /// # Errors
    /// [`Conflict::Deleted`] when it is already gone; the engine failing.
    pub fn delete_interaction(&self, id: InteractionId) -> StoreResult<()> {
        let sql = format!("SELECT account_id FROM interaction WHERE id = ?1{}", self.row_lock());
        let account = self.conn().query_one(&sql, sql_params![id.0], |r| r.get_i64(0))?;
        let Some(account) = account else {
            return Err(Conflict::Deleted("interaction").into());
        };
        self.touch(AccountId(account));
        self.conn().execute("DELETE FROM interaction WHERE id = ?1", sql_params![id.0])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
