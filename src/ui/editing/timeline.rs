//! The timeline view's edits: its pointer (the entry the keys act on), editing the entry pointed
//! at through the touchpoint form filled with it (`EditEntry`), and deleting it after a
//! question, undone by putting it back with its id and participants. Refused by the book's rules
//! (`domain::check_interaction`). Each is one transaction, undoable, versioned against edits
//! made elsewhere, like every edit of `editing`; this module must not draw.

use chrono::NaiveDate;

use super::records::Save;
use super::stakeholders::ROLES;
use super::touchpoints::{TouchField, described, read_touch, touch_input};
use super::{ask, moved, open, quoted};
use crate::domain::{AccountId, Contact, Interaction};
use crate::store::{BookWriter, StoreResult};
use crate::ui::edit::{Done, Edit, FormEdit, Revert};
use crate::ui::form::{Form, Input, Refusal};
use crate::ui::state::AppState;

/// The selected account's timeline, newest first, as the view shows it.
fn entries(state: &AppState) -> &[Interaction] {
    state.book.detail.as_ref().map_or(&[], |s| s.timeline.as_slice())
}

/// The entry the timeline keys act on: the one picked, else the newest.
#[must_use]
pub fn picked_entry(state: &AppState) -> Option<&Interaction> {
    let entries = entries(state);
    let at = entries.iter().position(|i| Some(i.id) == state.timeline_pick).unwrap_or(0);
    entries.get(at)
}

/// Where the timeline's picked entry is, when one is picked and still there.
pub(super) fn picked_at(state: &AppState) -> Option<usize> {
    entries(state).iter().position(|i| Some(i.id) == state.timeline_pick)
}

/// After the timeline was read again: a picked entry that is gone (deleted) hands the pick to
/// the one now at its place `at`, so the CSM goes on down the timeline.
pub(super) fn keep_place(state: &mut AppState, at: Option<usize>) {
    let Some(at) = at else { return };
    let entries = entries(state);
    if entries.iter().all(|i| Some(i.id) != state.timeline_pick) {
        let at = at.min(entries.len().saturating_sub(1));
        state.timeline_pick = entries.get(at).map(|i| i.id);
    }
}

/// Moves the timeline's pointer by `delta` entries.
pub fn move_entry_pick(state: &mut AppState, delta: isize) {
    let ids: Vec<_> = entries(state).iter().map(|i| i.id).collect();
    state.timeline_pick = moved(&ids, picked_entry(state).map(|i| i.id), delta);
}

/// The contacts of the selected account as stored.
fn all_contacts(state: &AppState) -> &[Contact] {
    state.book.detail.as_ref().map_or(&[], |s| s.detail.facts.contacts.as_slice())
}

/// Opens the touchpoint form filled with the entry the timeline points at.
pub fn open_edit_entry(state: &mut AppState) {
    let Some(entry) = picked_entry(state).cloned() else {
        state.status = "no timeline entry to edit".to_owned();
        return;
    };
    // The people it can be with: those still there, and those it was with even if they left.
    let as_of = state.as_of;
    let mut contacts: Vec<Contact> = all_contacts(state)
        .iter()
        .filter(|c| c.is_current(as_of) || entry.contacts.contains(&c.id))
        .cloned()
        .collect();
    contacts.sort_by_key(|c| ROLES.iter().position(|r| *r == c.role));
    open(state, EditEntry { entry, contacts });
}

/// Asks whether to delete the entry the timeline points at.
pub fn ask_delete_entry(state: &mut AppState) {
    let Some(entry) = picked_entry(state).cloned() else {
        state.status = "no timeline entry to delete".to_owned();
        return;
    };
    let said = format!("{} {}", entry.date, described(&entry, all_contacts(state)));
    let question = format!("Delete {said}?");
    let what = format!("deleted {said}");
    ask(state, question, DeleteEntry { entry, what });
}

/// Editing a timeline entry's kind, date, people, summary and notes; `contacts` are the people
/// the form lists.
#[derive(Debug)]
struct EditEntry {
    entry: Interaction,
    contacts: Vec<Contact>,
}

impl FormEdit for EditEntry {
    type Field = TouchField;
    type Edit = Save<Interaction>;

    fn title(&self) -> String {
        let summary = self.entry.summary.as_deref().unwrap_or_default();
        format!("Edit {} {}", self.entry.date, quoted(summary))
    }

    fn input(&self, field: TouchField) -> Input {
        touch_input(Some(&self.entry), &self.contacts, &self.entry.contacts, field)
    }

    fn read(
        &self,
        form: &Form,
        as_of: NaiveDate,
    ) -> Result<Save<Interaction>, Refusal<TouchField>> {
        let after = read_touch(form, as_of, &self.entry, &self.contacts)?;
        let mut what = format!("saved {} {}", after.date, described(&after, &self.contacts));
        if after.external_id.is_some() {
            // An import matches it by that id: importing the same file again writes over it.
            what.push_str(" (imported: a new import of its file writes over it)");
        }
        Ok(Save { before: self.entry.clone(), after, what })
    }
}

/// Deletes `entry`, as read, with its links to contacts; undo puts it back, id and all.
#[derive(Debug)]
struct DeleteEntry {
    entry: Interaction,
    what: String,
}

impl Edit for DeleteEntry {
    fn account(&self) -> Option<AccountId> {
        Some(self.entry.account_id)
    }

    fn write(self: Box<Self>, w: &BookWriter<'_>) -> StoreResult<Done> {
        let Self { entry, what } = *self;
        w.delete_interaction_at(entry.id, entry.version)?;
        Ok(Done { what, revert: Revert::restore(entry) })
    }
}
