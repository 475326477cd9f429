//! Edits of the records a person changes by hand in the workspace (todos, contacts,
//! interactions), inside the writer's transaction. Each update or delete names the version of
//! the record it was made on and is refused with a [`Conflict`] when the record moved since, so
//! two workspaces on one store never silently overwrite each other. The check is part of the
//! writing statement ([`BookWriter::write_at`]), not only a read before it, so it holds on an
//! engine that does not serialise writers. Nothing here decides what an edit means; callers pass
//! the whole record as it should be.

use rusqlite::{OptionalExtension, params};

use super::rows::IsoDate;
use super::{BookWriter, StoreResult};
use crate::domain::{AccountId, Contact, ContactId, InteractionId, Todo, TodoId};

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
        let sql = format!("SELECT {owner}, version FROM {table} WHERE id = ?1");
        let found: Option<(Option<i64>, i64)> = self
            .tx()?
            .prepare_cached(&sql)?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
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
        params: &[&dyn rusqlite::ToSql],
    ) -> StoreResult<()> {
        let Some(version) = version else {
            self.tx()?.prepare_cached(sql)?.execute(params)?;
            return Ok(());
        };
        let guarded = format!("{sql} AND version = ?{}", params.len() + 1);
        let mut all = params.to_vec();
        all.push(&version);
        if self.tx()?.prepare_cached(&guarded)?.execute(all.as_slice())? > 0 {
            return Ok(());
        }
        let sql = format!("SELECT 1 FROM {table} WHERE id = ?1");
        let exists = self.tx()?.prepare_cached(&sql)?.query_row([id], |_| Ok(())).optional()?;
        let noun = noun(table);
        Err(if exists.is_some() { Conflict::Changed(noun) } else { Conflict::Deleted(noun) }.into())
    }

    /// Replaces a todo with `t`, which must carry the version it was read at; returns the new
    /// version.
    ///
    /// # Errors
    /// [`Conflict`] when the todo was changed or deleted meanwhile; SQLite failing.
    pub fn update_todo(&self, t: &Todo) -> StoreResult<i64> {
        if let Some(account) = self.check_version("todo", t.id.0, t.version)? {
            self.touch(account);
        }
        if let Some(account) = t.account_id {
            self.touch(account);
        }
        self.write_at(
            "todo",
            t.id.0,
            Some(t.version),
            "UPDATE todo SET account_id = ?2, title = ?3, notes = ?4, due = ?5, priority = ?6, \
             status = ?7, snoozed_until = ?8, rule = ?9, created_on = ?10, completed_on = ?11, \
             version = version + 1 WHERE id = ?1",
            params![
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
            ],
        )?;
        Ok(t.version + 1)
    }

    /// Deletes the todo `id`, read at `version`.
    ///
    /// # Errors
    /// [`Conflict`] when the todo was changed or deleted meanwhile; SQLite failing.
    pub fn delete_todo(&self, id: TodoId, version: i64) -> StoreResult<()> {
        if let Some(account) = self.check_version("todo", id.0, version)? {
            self.touch(account);
        }
        self.write_at("todo", id.0, Some(version), "DELETE FROM todo WHERE id = ?1", params![id.0])
    }

    /// Deletes `added`, read at `version`, if it is still that todo: the same title, account
    /// and day of creation (a deleted todo's id can be given to a new one).
    ///
    /// # Errors
    /// [`Conflict`] when the todo was changed or deleted meanwhile; SQLite failing.
    pub fn delete_same_todo(&self, added: &Todo, version: i64) -> StoreResult<()> {
        let same: Option<bool> = self
            .tx()?
            .prepare_cached(
                "SELECT title = ?2 AND account_id IS NOT DISTINCT FROM ?3 AND created_on = ?4 \
                 FROM todo WHERE id = ?1",
            )?
            .query_row(
                params![
                    added.id.0,
                    added.title,
                    added.account_id.map(|a| a.0),
                    IsoDate::new(added.created_on)
                ],
                |r| r.get(0),
            )
            .optional()?;
        if same == Some(false) {
            return Err(Conflict::Changed("todo").into());
        }
        self.delete_todo(added.id, version)
    }

    /// Puts back a deleted todo exactly as it was, with its id and version.
    ///
    /// # Errors
    /// [`Conflict::Exists`] when a todo with its id exists; the account is gone; SQLite failing.
    pub fn restore_todo(&self, t: &Todo) -> StoreResult<()> {
        let exists: Option<i64> = self
            .tx()?
            .prepare_cached("SELECT 1 FROM todo WHERE id = ?1")?
            .query_row([t.id.0], |r| r.get(0))
            .optional()?;
        if exists.is_some() {
            return Err(Conflict::Exists("todo").into());
        }
        if let Some(account) = t.account_id {
            self.touch(account);
        }
        self.tx()?
            .prepare_cached(
                "INSERT INTO todo (id, account_id, title, notes, due, priority, status, \
                 snoozed_until, rule, created_on, completed_on, version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
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
                t.version,
            ])?;
        Ok(())
    }

    /// Replaces a contact with `c` (its account included: an import may move it), which must
    /// carry the version it was read at; returns the new version.
    ///
    /// # Errors
    /// [`Conflict`] when the contact was changed or deleted meanwhile; a value out of range;
    /// SQLite failing.
    pub fn update_contact(&self, c: &Contact) -> StoreResult<i64> {
        if let Some(account) = self.check_version("contact", c.id.0, c.version)? {
            self.touch(account);
        }
        self.touch(c.account_id);
        self.write_at(
            "contact",
            c.id.0,
            Some(c.version),
            "UPDATE contact SET external_id = ?2, name = ?3, title = ?4, email = ?5, role = ?6, \
             influence = ?7, sentiment = ?8, reports_to = ?9, last_engaged = ?10, \
             left_on = ?11, account_id = ?12, version = version + 1 WHERE id = ?1",
            params![
                c.id.0,
                c.external_id,
                c.name,
                c.title,
                c.email,
                c.role.code(),
                c.influence,
                c.sentiment,
                c.reports_to.map(|id: ContactId| id.0),
                IsoDate::opt(c.last_engaged),
                IsoDate::opt(c.left_on),
                c.account_id.0,
            ],
        )?;
        Ok(c.version + 1)
    }

    /// Deletes a timeline entry (and its links to contacts).
    ///
    /// # Errors
    /// [`Conflict::Deleted`] when it is already gone; SQLite failing.
    pub fn delete_interaction(&self, id: InteractionId) -> StoreResult<()> {
        let account: Option<i64> = self
            .tx()?
            .prepare_cached("SELECT account_id FROM interaction WHERE id = ?1")?
            .query_row([id.0], |r| r.get(0))
            .optional()?;
        let Some(account) = account else {
            return Err(Conflict::Deleted("interaction").into());
        };
        self.touch(AccountId(account));
        self.tx()?.prepare_cached("DELETE FROM interaction WHERE id = ?1")?.execute([id.0])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
