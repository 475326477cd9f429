//! What is open over the workspace, as plain data: the form on screen and what saving it does,
//! and the question a destructive edit waits on. The behaviour (opening, saving, answering) is
//! `editing`'s; this module only names the shapes, so the state can hold them without depending
//! on the write path.

use super::form::Form;
use crate::domain::{AccountId, Contact, Goal, Milestone, Todo};

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
