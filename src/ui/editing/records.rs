//! The stored records the workspace edits, as undo sees them: how each is named, put back at a
//! version, removed again after it was added, or restored after it was deleted. Each is one call
//! of the store's versioned writes, refused when the record was changed elsewhere; this module
//! must not open or commit a transaction (its callers do) nor draw.

use crate::domain::{Contact, Goal, Milestone, Todo};
use crate::store::{BookWriter, StoreResult};
use crate::ui::edit::{Addable, Key, Versioned};

impl Versioned for Todo {
    fn key(&self) -> Key {
        Key::of::<Self>(self.id.0)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        w.update_todo(&Self { version, ..self.clone() })
    }
}

impl Addable for Todo {
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

    fn version(&self) -> i64 {
        self.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        w.update_goal(&Self { version, ..self.clone() })
    }
}

impl Addable for Goal {
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

    fn version(&self) -> i64 {
        self.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        w.update_contact(&Self { version, ..self.clone() })
    }
}

impl Versioned for Milestone {
    fn key(&self) -> Key {
        Key::of::<Self>(self.id.0)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        w.update_milestone(&Self { version, ..self.clone() })
    }
}
