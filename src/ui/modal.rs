//! What is open over the workspace, as plain data: the form on screen and what saving it does,
//! and the question a destructive edit waits on, with what a yes does. The behaviour (opening,
//! saving, answering) is `editing`'s; this module only names the shapes, so the state can hold
//! them without depending on the write path. It must not know any one kind of edit.

use super::edit::{AnyFormEdit, Edit, FormEdit};
use super::form::Form;

/// A form on screen and what saving it does.
#[derive(Debug)]
pub struct Editor {
    pub form: Form,
    pub(super) purpose: Purpose,
}

impl Editor {
    /// The form of `kind`, as it opens.
    pub(super) fn new<E: FormEdit>(kind: E) -> Self {
        let form = Form::keyed(kind.title(), |field| kind.input(field));
        Self { form, purpose: Purpose::Edit(Box::new(kind)) }
    }

    /// The import form `form`.
    pub(super) const fn import(form: Form) -> Self {
        Self { form, purpose: Purpose::Import }
    }
}

/// What saving a form does.
#[derive(Debug)]
pub(super) enum Purpose {
    /// Writes the edit the form asks for.
    Edit(Box<dyn AnyFormEdit>),
    /// Asks the event loop to run the import the form describes: not an edit of its own.
    Import,
}

/// A question waiting for yes or no before a destructive edit.
#[derive(Debug)]
pub struct Confirm {
    pub question: String,
    /// What a yes writes.
    pub(super) then: Box<dyn Edit>,
}
