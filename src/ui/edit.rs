//! What an edit leaves behind, as plain data and small contracts: the steps undo takes back and
//! the stored records they put back, named by what they can do (be put back at a version, be
//! removed again or restored) rather than by their type, so a new kind of record joins undo by
//! implementing a trait. The behaviour (writing, undoing) is `editing`'s; this module only names
//! the shapes, so the state can hold them without depending on the write path. It must not
//! write, nor know any one kind of record.

use std::any::TypeId;
use std::fmt::Debug;

use crate::domain::{AccountId, InteractionId};
use crate::store::{BookWriter, StoreResult};

/// Which stored record: its type and its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    record: TypeId,
    id: i64,
}

impl Key {
    /// The record of type `T` with id `id`.
    #[must_use]
    pub fn of<T: 'static>(id: i64) -> Self {
        Self { record: TypeId::of::<T>(), id }
    }
}

/// A stored record with a version: an edit writes over it, undo puts it back as it was.
pub trait Versioned: Debug {
    /// Which record it is.
    fn key(&self) -> Key;
    /// Its version as read.
    fn version(&self) -> i64;
    /// Writes this record over the stored one, which must still be at `version` (else the store
    /// refuses: it was changed elsewhere); returns its new version.
    ///
    /// # Errors
    /// The store refused or failed.
    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64>;
}

/// A record the workspace also adds and deletes: undo removes it again or restores it.
pub trait Addable: Versioned {
    /// Deletes it, if it is still this very record at `version` (its id may have been freed
    /// by a delete elsewhere and given to another).
    ///
    /// # Errors
    /// The store refused or failed.
    fn remove_same(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<()>;
    /// Inserts it again as it was, id and all.
    ///
    /// # Errors
    /// The store refused or failed.
    fn restore(&self, w: &BookWriter<'_>) -> StoreResult<()>;
}

/// An edit that undo can take back.
#[derive(Debug)]
pub struct UndoStep {
    /// What was done, in words: "completed “Send the proposal”".
    pub what: String,
    /// The account it changed.
    pub(super) account: Option<AccountId>,
    pub(super) revert: Revert,
}

/// How to take an edit back.
#[derive(Debug)]
pub(super) enum Revert {
    /// Undo adding: delete `added` (with its id), if it is still the same record at `version`.
    Remove { added: Box<dyn Addable>, version: i64 },
    /// Undo an edit: put `before` back over the record, now at `version`.
    Put { before: Box<dyn Versioned>, version: i64 },
    /// Undo deleting: insert `deleted` again.
    Restore { deleted: Box<dyn Addable> },
    /// Undo logging: delete the interaction (never edited, so it has no version).
    Forget(InteractionId),
}

impl Revert {
    /// Undo adding `added`, stored at `version`.
    pub(super) fn remove(added: impl Addable + 'static, version: i64) -> Self {
        Self::Remove { added: Box::new(added), version }
    }

    /// Undo an edit of `before`, stored now at `version`.
    pub(super) fn put(before: impl Versioned + 'static, version: i64) -> Self {
        Self::Put { before: Box::new(before), version }
    }

    /// Undo deleting `deleted`.
    pub(super) fn restore(deleted: impl Addable + 'static) -> Self {
        Self::Restore { deleted: Box::new(deleted) }
    }
}
