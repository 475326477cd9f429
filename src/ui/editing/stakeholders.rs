//! The stakeholder pane's edits: its pointer and the form that sets a contact's role, sentiment
//! and leaving day. Each is one transaction through `commit`, undoable, versioned against edits
//! made elsewhere, like every edit of `editing`; this module must not draw, nor add or delete
//! contacts.

use chrono::NaiveDate;

use super::{Done, Editor, Form, Purpose, Revert, commit, moved, refuse};
use crate::domain::{Contact, Role, terminal_safe};
use crate::store::{Store, StoreResult};
use crate::ui::form::Field;
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
    let form = Form::new(
        format!("Edit {}", terminal_safe(&contact.name)),
        vec![
            Field::choice("role", ROLES.iter().map(|r| r.words().to_owned()).collect(), role),
            Field::choice(
                "sentiment",
                SENTIMENTS.iter().map(|(_, w)| (*w).to_owned()).collect(),
                sentiment,
            ),
            Field::day("left on", &left).hint("empty while still there; today, 2026-11-02"),
        ],
    );
    state.editor = Some(Editor { form, purpose: Purpose::EditContact(contact) });
}

pub(super) fn edit_contact(
    form: &mut Form,
    store: &mut Store,
    before: &Contact,
    as_of: NaiveDate,
) -> StoreResult<Option<Done>> {
    let left_on = match form.day(2, as_of) {
        Ok(left_on) => left_on,
        Err(message) => return refuse(form, 2, message),
    };
    let contact = Contact {
        role: ROLES.get(form.choice(0)).copied().unwrap_or(before.role),
        sentiment: SENTIMENTS.get(form.choice(1)).map_or(before.sentiment, |(s, _)| *s),
        left_on,
        ..before.clone()
    };
    let version = commit(store, |w| w.update_contact(&contact))?;
    let mut changes = Vec::new();
    if contact.role != before.role {
        changes.push(format!("now {}", contact.role.words()));
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
        revert: Revert::PutContact { before: before.clone(), version },
    }))
}
