//! The stakeholder pane's edits: its pointer and the form that sets a contact's role, sentiment
//! and leaving day. Each is one transaction through `commit`, undoable, versioned against edits
//! made elsewhere, like every edit of `editing`; this module must not draw, nor add or delete
//! contacts.

use chrono::NaiveDate;

use super::{Done, Editor, Form, Purpose, Revert, commit, moved, refuse};
use crate::domain::{Contact, Role, terminal_safe};
use crate::scoring::role_words;
use crate::store::{Store, StoreResult};
use crate::ui::form::{Input, Refusal, form_fields};
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
    state.detail.as_ref().map_or_else(Vec::new, |s| {
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
    let role = ROLES.iter().position(|r| *r == contact.role).unwrap_or(0);
    let sentiment = SENTIMENTS.iter().position(|(s, _)| *s == contact.sentiment).unwrap_or(0);
    let left = contact.left_on.map(|d| d.to_string()).unwrap_or_default();
    let form = Form::keyed(format!("Edit {}", terminal_safe(&contact.name)), |field| match field {
        ContactField::Role => {
            Input::choice(ROLES.iter().map(|r| role_words(*r).to_owned()).collect(), role)
        }
        ContactField::Sentiment => {
            Input::choice(SENTIMENTS.iter().map(|(_, w)| (*w).to_owned()).collect(), sentiment)
        }
        ContactField::LeftOn => {
            Input::day(&left).hint("empty while still there; today, 2026-11-02")
        }
    });
    state.editor = Some(Editor { form, purpose: Purpose::EditContact(contact) });
}

pub(super) fn edit_contact(
    form: &mut Form,
    store: &mut Store,
    before: &Contact,
    as_of: NaiveDate,
) -> StoreResult<Option<Done>> {
    let contact = match ContactDraft::read(form, as_of) {
        Ok(draft) => draft.over(before),
        Err(refusal) => return refuse(form, refusal),
    };
    let version = commit(store, |w| w.update_contact(&contact))?;
    let mut changes = Vec::new();
    if contact.role != before.role {
        changes.push(format!("now {}", role_words(contact.role)));
    }
    if contact.sentiment != before.sentiment {
        let label = SENTIMENTS.iter().find(|(s, _)| *s == contact.sentiment).map_or("", |(_, w)| w);
        changes.push(format!("sentiment {label}"));
    }
    if contact.left_on != before.left_on {
        changes.push(contact.left_on.map_or("still there".to_owned(), |d| format!("left {d}")));
    }
    if changes.is_empty() {
        changes.push("unchanged".to_owned());
    }
    Ok(Some(Done {
        account: Some(contact.account_id),
        what: format!("{}: {}", terminal_safe(&contact.name), changes.join(", ")),
        revert: Revert::put(before.clone(), version),
    }))
}
