//! The stored records the workspace edits and the three ways an edit writes one: saved over
//! itself, added, deleted. How each record is named, put back at a version, inserted, removed
//! again or restored is one call of the store's versioned writes, refused when the record was
//! changed elsewhere. This module must not open or commit a transaction (its callers do) nor
//! draw.

use crate::domain::{Account, AccountId, Contact, Goal, Interaction, Milestone, Opportunity, Todo};
use crate::store::{BookWriter, Conflict, DeletedContact, StoreResult};
use crate::ui::edit::{Addable, Done, Edit, Key, Restorable, Revert, Versioned};

/// Writes `after` over the record as it was read (`before`); undo puts `before` back.
#[derive(Debug)]
pub(super) struct Save<T> {
    pub before: T,
    pub after: T,
    /// What saving it does, in words.
    pub what: String,
}

impl<T: Versioned + 'static> Edit for Save<T> {
    fn account(&self) -> Option<AccountId> {
        self.after.account()
    }

    fn write(self: Box<Self>, w: &BookWriter<'_>) -> StoreResult<Done> {
        let version = self.after.put(w, self.after.version())?;
        Ok(Done { what: self.what, revert: Revert::put(self.before, version) })
    }
}

/// Adds `record`; undo removes it again.
#[derive(Debug)]
pub(super) struct Add<T> {
    pub record: T,
    pub what: String,
}

impl<T: Addable + 'static> Edit for Add<T> {
    fn account(&self) -> Option<AccountId> {
        self.record.account()
    }

    fn write(self: Box<Self>, w: &BookWriter<'_>) -> StoreResult<Done> {
        let added = self.record.insert(w)?;
        // A new record is stored at version 0.
        Ok(Done { what: self.what, revert: Revert::remove(added, 0) })
    }
}

/// Deletes `record`, as read; undo restores it, id and all.
#[derive(Debug)]
pub(super) struct Delete<T> {
    pub record: T,
    pub what: String,
}

impl<T: Addable + 'static> Edit for Delete<T> {
    fn account(&self) -> Option<AccountId> {
        self.record.account()
    }

    fn write(self: Box<Self>, w: &BookWriter<'_>) -> StoreResult<Done> {
        self.record.delete(w)?;
        Ok(Done { what: self.what, revert: Revert::restore(self.record) })
    }
}

impl Versioned for Todo {
    fn key(&self) -> Key {
        Key::of::<Self>(self.id.0)
    }

    fn account(&self) -> Option<AccountId> {
        self.account_id
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        w.update_todo(&Self { version, ..self.clone() })
    }
}

impl Addable for Todo {
    fn insert(&self, w: &BookWriter<'_>) -> StoreResult<Self> {
        let id = w.insert_todo(self)?;
        Ok(Self { id, ..self.clone() })
    }

    fn delete(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        w.delete_todo(self.id, self.version)
    }

    fn remove_same(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<()> {
        w.delete_same_todo(self, version)
    }

    fn restore(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        w.restore_todo(self)
    }
}

impl Versioned for Goal {
    fn key(&self) -> Key {
        Key::of::<Self>(self.id.0)
    }

    fn account(&self) -> Option<AccountId> {
        Some(self.account_id)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        w.update_goal(&Self { version, ..self.clone() })
    }
}

impl Addable for Goal {
    fn insert(&self, w: &BookWriter<'_>) -> StoreResult<Self> {
        let id = w.insert_goal(self)?;
        Ok(Self { id, ..self.clone() })
    }

    fn delete(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        w.delete_goal(self.id, self.version)
    }

    fn remove_same(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<()> {
        w.delete_same_goal(self, version)
    }

    fn restore(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        w.restore_goal(self)
    }
}

impl Versioned for Contact {
    fn key(&self) -> Key {
        Key::of::<Self>(self.id.0)
    }

    fn account(&self) -> Option<AccountId> {
        Some(self.account_id)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        w.update_contact(&Self { version, ..self.clone() })
    }
}

impl Addable for Contact {
    fn insert(&self, w: &BookWriter<'_>) -> StoreResult<Self> {
        let id = w.add_contact(self)?;
        Ok(Self { id, ..self.clone() })
    }

    fn delete(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        w.delete_contact(self.id, self.version).map(drop)
    }

    fn remove_same(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<()> {
        // Its id may have been freed elsewhere and given to another contact: that one stays
        // (the transaction is not committed when this refuses).
        let gone = w.delete_contact(self.id, version)?;
        if gone.contact.name != self.name || gone.contact.account_id != self.account_id {
            return Err(Conflict::Changed("contact").into());
        }
        Ok(())
    }

    fn restore(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        let deleted =
            DeletedContact { contact: self.clone(), interactions: Vec::new(), reports: Vec::new() };
        w.restore_contact(&deleted)
    }
}

/// A contact deleted with its links comes back with them.
impl Restorable for DeletedContact {
    fn key(&self) -> Key {
        Key::of::<Contact>(self.contact.id.0)
    }

    fn restore(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        w.restore_contact(self)
    }
}

impl Versioned for Interaction {
    fn key(&self) -> Key {
        Key::of::<Self>(self.id.0)
    }

    fn account(&self) -> Option<AccountId> {
        Some(self.account_id)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        w.edit_interaction(&Self { version, ..self.clone() })
    }
}

/// A deleted timeline entry comes back with its id, version and participants.
impl Restorable for Interaction {
    fn key(&self) -> Key {
        Versioned::key(self)
    }

    fn restore(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        w.restore_interaction(self)
    }
}

impl Versioned for Milestone {
    fn key(&self) -> Key {
        Key::of::<Self>(self.id.0)
    }

    fn account(&self) -> Option<AccountId> {
        Some(self.account_id)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        w.update_milestone(&Self { version, ..self.clone() })
    }
}

impl Versioned for Account {
    fn key(&self) -> Key {
        Key::of::<Self>(self.id.0)
    }

    fn account(&self) -> Option<AccountId> {
        Some(self.id)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        w.edit_account(&Self { version, ..self.clone() })
    }
}

impl Versioned for Opportunity {
    fn key(&self) -> Key {
        Key::of::<Self>(self.id.0)
    }

    fn account(&self) -> Option<AccountId> {
        Some(self.account_id)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        w.edit_opportunity(&Self { version, ..self.clone() })
    }
}

impl Addable for Opportunity {
    fn insert(&self, w: &BookWriter<'_>) -> StoreResult<Self> {
        let id = w.add_opportunity(self)?;
        Ok(Self { id, ..self.clone() })
    }

    fn delete(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        w.delete_opportunity(self.id, self.version)
    }

    fn remove_same(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<()> {
        w.delete_same_opportunity(self, version)
    }

    fn restore(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        w.restore_opportunity(self)
    }
}
