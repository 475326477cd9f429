//! The stakeholder pane's edits: its pointer, the contact form (every field: name, title, email,
//! role, influence, sentiment, whom they report to, the day they left) that adds a contact
//! (`AddContact`) or edits one (`EditContact`), and deleting the contact pointed at after a
//! question, its timeline links and reporting lines kept for undo. A form is refused by the
//! book's own rules (`domain::check_contact`). Each edit is one transaction, undoable,
//! versioned against edits made elsewhere, like every edit of `editing`; this module must not
//! draw.

use chrono::NaiveDate;

use super::records::{Add, Save};
use super::{account, account_name, ask, editable, moved, open, quoted, ruled, unless_unchanged};
use crate::domain::{AccountId, Contact, ContactId, Role, check_contact, terminal_safe};
use crate::store::{BookWriter, StoreResult};
use crate::ui::edit::{Done, Edit, FormEdit, Revert};
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

/// The choices of a contact's influence: unknown, then 1 to 5.
const INFLUENCES: [(Option<u8>, &str); 6] = [
    (None, "unknown"),
    (Some(1), "1 little"),
    (Some(2), "2"),
    (Some(3), "3"),
    (Some(4), "4"),
    (Some(5), "5 decisive"),
];

form_fields! {
    /// The fields of the contact form, in its order; the labels are those the book's rules name.
    enum ContactField {
        Name => "name",
        Title => "title",
        Email => "email",
        Role => "role",
        Influence => "influence",
        Sentiment => "sentiment",
        ReportsTo => "reports to",
        LeftOn => "left on",
    }
}

/// The account's contacts a contact may report to: no one first, then the others by name.
#[derive(Debug)]
struct Bosses(Vec<(Option<ContactId>, String)>);

impl Bosses {
    /// Every contact of `all` but `except`, by name.
    fn among(all: &[Contact], except: ContactId) -> Self {
        let mut others: Vec<&Contact> = all.iter().filter(|c| c.id != except).collect();
        others.sort_by(|a, b| a.name.cmp(&b.name));
        let mut choices = vec![(None, "no one".to_owned())];
        choices.extend(others.into_iter().map(|c| {
            let left = if c.left_on.is_some() { " · left" } else { "" };
            (Some(c.id), format!("{} · {}{left}", terminal_safe(&c.name), c.role.words()))
        }));
        Self(choices)
    }

    fn input(&self, boss: Option<ContactId>) -> Input {
        let at = self.0.iter().position(|(id, _)| *id == boss).unwrap_or(0);
        Input::choice(self.0.iter().map(|(_, w)| w.clone()).collect(), at)
    }

    fn chosen(&self, form: &Form) -> Option<ContactId> {
        self.0.get(form.choice(ContactField::ReportsTo)).and_then(|(id, _)| *id)
    }
}

/// The input of `field` in the contact form, holding `contact`'s value.
fn contact_input(contact: &Contact, bosses: &Bosses, field: ContactField) -> Input {
    let text = |value: Option<&str>| value.map(editable).unwrap_or_default();
    match field {
        ContactField::Name => Input::line(&editable(&contact.name)).hint("first and last name"),
        ContactField::Title => {
            Input::line(&text(contact.title.as_deref())).hint("optional: VP Operations")
        }
        ContactField::Email => {
            Input::line(&text(contact.email.as_deref())).hint("optional: ana@example.com")
        }
        ContactField::Role => {
            let at = ROLES.iter().position(|r| *r == contact.role).unwrap_or(0);
            Input::choice(ROLES.iter().map(|r| r.words().to_owned()).collect(), at)
        }
        ContactField::Influence => {
            let at = INFLUENCES.iter().position(|(i, _)| *i == contact.influence);
            let words = INFLUENCES.iter().map(|(_, w)| (*w).to_owned()).collect();
            Input::choice(words, at.unwrap_or(0))
        }
        ContactField::Sentiment => {
            let at = SENTIMENTS.iter().position(|(s, _)| *s == contact.sentiment);
            let words = SENTIMENTS.iter().map(|(_, w)| (*w).to_owned()).collect();
            Input::choice(words, at.unwrap_or(0))
        }
        ContactField::ReportsTo => bosses.input(contact.reports_to),
        ContactField::LeftOn => {
            let left = contact.left_on.map(|d| d.to_string()).unwrap_or_default();
            Input::day(&left).hint("empty while still there; today, 2026-11-02")
        }
    }
}

/// `base` with what the contact form holds, checked against the book's rules among `others`
/// (the account's contacts); a text left as the form showed it stays as stored.
fn read_contact(
    form: &Form,
    as_of: NaiveDate,
    base: &Contact,
    bosses: &Bosses,
    others: &[Contact],
) -> Result<Contact, Refusal<ContactField>> {
    // A choice is always one of its options; the first stands in for none.
    let role = ROLES.get(form.choice(ContactField::Role)).unwrap_or(&ROLES[0]);
    let influence = INFLUENCES.get(form.choice(ContactField::Influence)).and_then(|i| i.0);
    let sentiment = SENTIMENTS.get(form.choice(ContactField::Sentiment)).and_then(|s| s.0);
    let name = unless_unchanged(Some(form.text(ContactField::Name)), Some(&base.name));
    let contact = Contact {
        name: name.unwrap_or_default(),
        title: unless_unchanged(form.optional_text(ContactField::Title), base.title.as_deref()),
        email: unless_unchanged(form.optional_text(ContactField::Email), base.email.as_deref()),
        role: *role,
        influence,
        sentiment,
        reports_to: bosses.chosen(form),
        left_on: form.day(ContactField::LeftOn, as_of)?,
        ..base.clone()
    };
    check_contact(&contact, others).map_err(|r| ruled(&r, ContactField::Name))?;
    Ok(contact)
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

/// The contacts of the selected account, as stored.
fn all_contacts(state: &AppState) -> Vec<Contact> {
    state.book.detail.as_ref().map_or_else(Vec::new, |s| s.detail.facts.contacts.clone())
}

/// Opens the form that adds a contact to the selected account.
pub fn open_add_contact(state: &mut AppState) {
    let Some(account) = account(state) else { return };
    let others = all_contacts(state);
    let bosses = Bosses::among(&others, ContactId(0));
    let name = account_name(state);
    open(state, AddContact { account, name, others, bosses });
}

/// Opens the form that edits the stakeholder the stakeholder pane points at.
pub fn open_edit_contact(state: &mut AppState) {
    let Some(contact) = picked_contact(state).cloned() else {
        state.status = "no contact to edit".to_owned();
        return;
    };
    let others = all_contacts(state);
    let bosses = Bosses::among(&others, contact.id);
    open(state, EditContact { contact, others, bosses });
}

/// Asks whether to delete the contact the stakeholder pane points at.
pub fn ask_delete_contact(state: &mut AppState) {
    let Some(contact) = picked_contact(state).cloned() else {
        state.status = "no contact to delete".to_owned();
        return;
    };
    let question = format!(
        "Delete contact {} ({}), with their part in the timeline?",
        quoted(&contact.name),
        contact.role.words()
    );
    let what = format!("deleted contact {}", quoted(&contact.name));
    ask(state, question, DeleteContact { contact, what });
}

/// Adding a contact to `account` (named `name`), among its contacts `others`.
#[derive(Debug)]
struct AddContact {
    account: AccountId,
    name: String,
    others: Vec<Contact>,
    bosses: Bosses,
}

impl AddContact {
    /// A contact of the account with nothing known yet: its role is other until chosen.
    fn blank(&self) -> Contact {
        Contact::named(self.account, "")
    }
}

impl FormEdit for AddContact {
    type Field = ContactField;
    type Edit = Add<Contact>;

    fn title(&self) -> String {
        format!("New contact · {}", self.name)
    }

    fn input(&self, field: ContactField) -> Input {
        contact_input(&self.blank(), &self.bosses, field)
    }

    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<Add<Contact>, Refusal<ContactField>> {
        let contact = read_contact(form, as_of, &self.blank(), &self.bosses, &self.others)?;
        let what = format!("added contact {} ({})", quoted(&contact.name), contact.role.words());
        Ok(Add { record: contact, what })
    }
}

/// Editing every field of a contact, among its account's contacts `others`.
#[derive(Debug)]
struct EditContact {
    contact: Contact,
    others: Vec<Contact>,
    bosses: Bosses,
}

impl FormEdit for EditContact {
    type Field = ContactField;
    type Edit = Save<Contact>;

    fn title(&self) -> String {
        format!("Edit {}", terminal_safe(&self.contact.name))
    }

    fn input(&self, field: ContactField) -> Input {
        contact_input(&self.contact, &self.bosses, field)
    }

    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<Save<Contact>, Refusal<ContactField>> {
        let before = &self.contact;
        let after = read_contact(form, as_of, before, &self.bosses, &self.others)?;
        let what =
            format!("{}: {}", terminal_safe(&after.name), changes(before, &after, &self.others));
        Ok(Save { before: before.clone(), after, what })
    }
}

/// Deletes `contact`, as read, with its part in timeline entries; the contacts who reported to
/// them report to no one. Undo puts all of it back.
#[derive(Debug)]
struct DeleteContact {
    contact: Contact,
    what: String,
}

impl Edit for DeleteContact {
    fn account(&self) -> Option<AccountId> {
        Some(self.contact.account_id)
    }

    fn write(self: Box<Self>, w: &BookWriter<'_>) -> StoreResult<Done> {
        let deleted = w.delete_contact(self.contact.id, self.contact.version)?;
        Ok(Done { what: self.what, revert: Revert::restore(deleted) })
    }
}

/// What an edit changed of a contact, in words for the status line; `others` name the boss.
fn changes(before: &Contact, after: &Contact, others: &[Contact]) -> String {
    let mut changes = Vec::new();
    if after.name != before.name {
        changes.push(format!("was {}", quoted(&before.name)));
    }
    if after.title != before.title {
        changes.push(after.title.as_deref().map_or("no title".to_owned(), quoted));
    }
    if after.email != before.email {
        changes.push(
            after.email.as_deref().map_or("no email".to_owned(), |e| terminal_safe(e).into_owned()),
        );
    }
    if after.role != before.role {
        changes.push(format!("now {}", after.role.words()));
    }
    if after.influence != before.influence {
        changes.push(
            after.influence.map_or("influence unknown".to_owned(), |i| format!("influence {i}")),
        );
    }
    if after.sentiment != before.sentiment {
        let label = SENTIMENTS.iter().find(|(s, _)| *s == after.sentiment).map_or("", |(_, w)| w);
        changes.push(format!("sentiment {label}"));
    }
    if after.reports_to != before.reports_to {
        let boss = after.reports_to.and_then(|id| others.iter().find(|c| c.id == id));
        changes.push(boss.map_or("reports to no one".to_owned(), |b| {
            format!("reports to {}", terminal_safe(&b.name))
        }));
    }
    if after.left_on != before.left_on {
        changes.push(after.left_on.map_or("still there".to_owned(), |d| format!("left {d}")));
    }
    if changes.is_empty() {
        changes.push("unchanged".to_owned());
    }
    changes.join(", ")
}
