//! What an edit is, as small contracts and plain data: an [`Edit`] ready to write, a
//! [`FormEdit`] that says which form asks for one, what a written edit leaves behind for undo,
//! and the stored records undo puts back, named by what they can do (be put back at a version,
//! be removed again or restored) rather than by their type. A new kind of edit or of record is
//! then a type implementing these, in a module of its own. The behaviour (opening, writing,
//! undoing) is `editing`'s; this module only names the shapes, so the state can hold them
//! without depending on the write path. It must not touch the store, nor know any one kind of
//! edit.

use std::any::TypeId;
use std::fmt::Debug;

use chrono::NaiveDate;

use super::form::{FieldKey, Form, Input, Refusal};
use crate::domain::{AccountId, InteractionId};
use crate::store::{BookWriter, StoreResult};

/// A change to the book, complete and ready to be written in one transaction.
pub trait Edit: Debug {
    /// The account it changes: rescored once written, shown as it is now when refused.
    fn account(&self) -> Option<AccountId>;
    /// Writes it; says what was done and how to take it back.
    ///
    /// # Errors
    /// The store refused (the record changed elsewhere) or failed.
    fn write(self: Box<Self>, w: &BookWriter<'_>) -> StoreResult<Done>;
}

/// A written edit: what to say and how to take it back.
#[derive(Debug)]
pub struct Done {
    pub what: String,
    pub(super) revert: Revert,
}

/// An edit made by filling in a form: the form's fields and first values, and the edit the
/// filled-in form asks for.
pub trait FormEdit: Debug + 'static {
    /// The form's fields.
    type Field: FieldKey;
    /// What the filled-in form asks to write.
    type Edit: Edit + 'static;
    /// The form's title.
    fn title(&self) -> String;
    /// The input of `field` as the form opens.
    fn input(&self, field: Self::Field) -> Input;
    /// The edit the filled-in form asks for, or which field is refused and why.
    ///
    /// # Errors
    /// A field does not hold what the edit needs.
    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<Self::Edit, Refusal<Self::Field>>;
}

/// A [`FormEdit`] with its types forgotten, so that the form on screen can be any of them.
pub trait AnyFormEdit: Debug {
    /// The edit the filled-in `form` asks for; `None` when it is refused (the form then shows
    /// why, on the field at fault).
    fn read_form(&self, form: &mut Form, as_of: NaiveDate) -> Option<Box<dyn Edit>>;
}

impl<E: FormEdit> AnyFormEdit for E {
    fn read_form(&self, form: &mut Form, as_of: NaiveDate) -> Option<Box<dyn Edit>> {
        match self.read(form, as_of) {
            Ok(edit) => Some(Box::new(edit)),
            Err(refusal) => {
                form.refuse(refusal);
                None
            }
        }
    }
}

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

    /// Its id, when it is a record of type `T`.
    #[must_use]
    pub fn id_of<T: 'static>(self) -> Option<i64> {
        (self.record == TypeId::of::<T>()).then_some(self.id)
    }
}

/// A stored record with a version: an edit writes over it, undo puts it back as it was.
pub trait Versioned: Debug {
    /// Which record it is.
    fn key(&self) -> Key;
    /// The account it belongs to.
    fn account(&self) -> Option<AccountId>;
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
    /// Inserts it as a new record (at version 0); returns it with the id it was given.
    ///
    /// # Errors
    /// The store refused or failed.
    fn insert(&self, w: &BookWriter<'_>) -> StoreResult<Self>
    where
        Self: Sized;
    /// Deletes it, if it is still at its version.
    ///
    /// # Errors
    /// The store refused (it was changed or deleted elsewhere) or failed.
    fn delete(&self, w: &BookWriter<'_>) -> StoreResult<()>;
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

/// A deleted record undo can put back as it was, id, version and links included.
pub trait Restorable: Debug {
    /// Which record it is.
    fn key(&self) -> Key;
    /// Inserts it again as it was.
    ///
    /// # Errors
    /// The store refused (its id is taken again) or failed.
    fn restore(&self, w: &BookWriter<'_>) -> StoreResult<()>;
}

impl<T: Addable> Restorable for T {
    fn key(&self) -> Key {
        Versioned::key(self)
    }

    fn restore(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        Addable::restore(self, w)
    }
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
    Restore { deleted: Box<dyn Restorable> },
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
    pub(super) fn restore(deleted: impl Restorable + 'static) -> Self {
        Self::Restore { deleted: Box::new(deleted) }
    }
}
