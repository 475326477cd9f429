//! The stakeholder pane's edits: its pointer and the form that sets a contact's role, sentiment
//! and leaving day (`EditContact`). Saving it is one transaction, undoable, versioned against
//! edits made elsewhere, like every edit of `editing`; this module must not draw, nor add or
//! delete contacts.

use chrono::NaiveDate;

use super::moved;
use super::open;
use super::records::Save;
use crate::domain::{Contact, Role, terminal_safe};
use crate::ui::edit::FormEdit;
use crate::ui::form::{Form, Input, Refusal, form_fields};
use crate::ui::panes::stakeholders;
use crate::ui::state::AppState;

/// The choices of a contact's role, in the stakeholder map's order.
pub(super) const ROLES: [Role; 6] = [
    Role::ExecutiveSponsor,
    Role::EconomicBuyer,
    Role::Champion,
    Role::Influencer,
    Role::EndUser,
    Role::Other,
];

/// The choices of a contact's sentiment: unknown, then -2 to +2.
const SENTIMENTS: [(Option<i8>, &str); 6] = [
    (None, "unknown"),
    (Some(-2), "−2 hostile"),
    (Some(-1), "−1 negative"),
    (Some(0), "0 neutral"),
    (Some(1), "+1 positive"),
    (Some(2), "+2 advocate"),
];

form_fields! {
    /// The fields of the stakeholder form, in its order.
    enum ContactField { Role => "role", Sentiment => "sentiment", LeftOn => "left on" }
}

/// What the stakeholder form holds.
struct ContactDraft {
    role: Role,
    sentiment: Option<i8>,
    left_on: Option<NaiveDate>,
}

impl ContactDraft {
    /// Reads the stakeholder form, or says which field is refused and why.
    fn read(form: &Form, as_of: NaiveDate) -> Result<Self, Refusal<ContactField>> {
        // A choice is always one of its options; the first stands in for none.
        let role = ROLES.get(form.choice(ContactField::Role)).unwrap_or(&ROLES[0]);
        let sentiment =
            SENTIMENTS.get(form.choice(ContactField::Sentiment)).unwrap_or(&SENTIMENTS[0]);
        Ok(Self {
            role: *role,
            sentiment: sentiment.0,
            left_on: form.day(ContactField::LeftOn, as_of)?,
        })
    }

    /// `before` with the draft's fields.
    fn over(self, before: &Contact) -> Contact {
        Contact {
            role: self.role,
            sentiment: self.sentiment,
            left_on: self.left_on,
            ..before.clone()
        }
    }
}

/// The contacts of the selected account in the stakeholder pane's order.
pub(super) fn contacts(state: &AppState) -> Vec<&Contact> {
    state.book.detail.as_ref().map_or_else(Vec::new, |s| {
        stakeholders::in_order(&s.detail.facts.contacts, state.as_of, state.tree)
    })
}

/// The contact the stakeholder pane points at: the one picked, else the first.
#[must_use]
pub(super) fn picked_contact(state: &AppState) -> Option<&Contact> {
    let contacts = contacts(state);
    let picked = contacts.iter().position(|c| Some(c.id) == state.contact_pick).unwrap_or(0);
    contacts.get(picked).copied()
}

/// Moves the stakeholder pane's pointer by `delta`.
pub fn move_contact_pick(state: &mut AppState, delta: isize) {
    let ids: Vec<_> = contacts(state).iter().map(|c| c.id).collect();
    state.contact_pick = moved(&ids, state.contact_pick, delta);
}

/// Opens the form that edits the stakeholder the stakeholder pane points at.
pub fn open_edit_contact(state: &mut AppState) {
    let Some(contact) = picked_contact(state).cloned() else {
        state.status = "no contact to edit".to_owned();
        return;
    };
    open(state, EditContact(contact));
}

/// Editing a contact's role, sentiment and leaving day.
#[derive(Debug)]
struct EditContact(Contact);

impl FormEdit for EditContact {
    type Field = ContactField;
    type Edit = Save<Contact>;

    fn title(&self) -> String {
        format!("Edit {}", terminal_safe(&self.0.name))
    }

    fn input(&self, field: ContactField) -> Input {
        let contact = &self.0;
        match field {
            ContactField::Role => {
                let at = ROLES.iter().position(|r| *r == contact.role).unwrap_or(0);
                Input::choice(ROLES.iter().map(|r| r.words().to_owned()).collect(), at)
            }
            ContactField::Sentiment => {
                let at = SENTIMENTS.iter().position(|(s, _)| *s == contact.sentiment);
                let words = SENTIMENTS.iter().map(|(_, w)| (*w).to_owned()).collect();
                Input::choice(words, at.unwrap_or(0))
            }
            ContactField::LeftOn => {
                let left = contact.left_on.map(|d| d.to_string()).unwrap_or_default();
                Input::day(&left).hint("empty while still there; today, 2026-11-02")
            }
        }
    }

    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<Save<Contact>, Refusal<ContactField>> {
        let before = &self.0;
        let after = ContactDraft::read(form, as_of)?.over(before);
        let what = format!("{}: {}", terminal_safe(&after.name), changes(before, &after));
        Ok(Save { before: before.clone(), after, what })
    }
}

/// What an edit changed of a contact, in words for the status line.
fn changes(before: &Contact, after: &Contact) -> String {
    let mut changes = Vec::new();
    if after.role != before.role {
        changes.push(format!("now {}", after.role.words()));
    }
    if after.sentiment != before.sentiment {
        let label = SENTIMENTS.iter().find(|(s, _)| *s == after.sentiment).map_or("", |(_, w)| w);
        changes.push(format!("sentiment {label}"));
    }
    if after.left_on != before.left_on {
        changes.push(after.left_on.map_or("still there".to_owned(), |d| format!("left {d}")));
    }
    if changes.is_empty() {
        changes.push("unchanged".to_owned());
    }
    changes.join(", ")
}
