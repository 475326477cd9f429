//! What is open over the workspace and what the session's edits left behind, as plain data:
//! the form on screen and what saving it does, the question a destructive edit waits on, and
//! the steps undo takes back. The behaviour (opening, saving, answering, undoing) is `editing`'s;
//! this module only names the shapes, so the state can hold them without depending on the write
//! path.

use super::form::Form;
use crate::domain::{AccountId, Contact, Goal, InteractionId, Milestone, Todo};

/// A form on screen and what saving it does.
#[derive(Debug, Clone)]
pub struct Editor {
    pub form: Form,
    pub(super) purpose: Purpose,
}

#[derive(Debug, Clone)]
pub(super) enum Purpose {
    /// The touchpoint form; the contacts listed in the order of its `with` field.
    LogTouch { account: AccountId, contacts: Vec<Contact> },
    /// The todo form.
    AddTodo { account: AccountId },
    /// The todo form.
    EditTodo(Todo),
    /// The snooze form.
    Snooze(Todo),
    /// The stakeholder form.
    EditContact(Contact),
    /// The import form (see `importing::form`).
    Import,
    /// The goal form.
    AddGoal { account: AccountId },
    /// The goal form.
    EditGoal(Goal),
    /// The milestone form.
    EditMilestone(Milestone),
}

/// A question waiting for yes or no before a destructive edit.
#[derive(Debug, Clone)]
pub struct Confirm {
    pub question: String,
    pub(super) doomed: Doomed,
}

/// What a yes deletes.
#[derive(Debug, Clone)]
pub(super) enum Doomed {
    Todo(Todo),
    Goal(Goal),
}

/// An edit that undo can take back.
#[derive(Debug, Clone)]
pub struct UndoStep {
    /// What was done, in words: "completed “Send the proposal”".
    pub what: String,
    /// The account it changed.
    pub(super) account: Option<AccountId>,
    pub(super) revert: Revert,
}

#[derive(Debug, Clone)]
pub(super) enum Revert {
    /// Undo adding: delete the todo `added` (with its id), still at `version` and still the
    /// same todo (an id freed by a delete elsewhere can be given to another).
    RemoveTodo { added: Todo, version: i64 },
    /// Undo an edit: put `before` back over the todo, now at `version`.
    PutTodo { before: Todo, version: i64 },
    /// Undo deleting: insert `before` again.
    RestoreTodo { before: Todo },
    /// Undo an edit: put `before` back over the contact, now at `version`.
    PutContact { before: Contact, version: i64 },
    /// Undo logging: delete the interaction.
    RemoveInteraction { id: InteractionId },
    /// Undo adding a goal: delete it if it is still the same goal at `version`.
    RemoveGoal { added: Goal, version: i64 },
    /// Undo an edit: put `before` back over the goal, now at `version`.
    PutGoal { before: Goal, version: i64 },
    /// Undo deleting: insert `before` again.
    RestoreGoal { before: Goal },
    /// Undo an edit: put `before` back over the milestone, now at `version`.
    PutMilestone { before: Milestone, version: i64 },
}
