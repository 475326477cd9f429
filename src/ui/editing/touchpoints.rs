//! Logging a touchpoint (`LogTouch`): the touchpoint form (kind, date, the account's current
//! contacts, summary, notes), which editing a timeline entry fills with the entry, and the
//! interaction it inserts, refused by the book's rules (`domain::check_interaction`: a summary,
//! a day on or before today); undo deletes it again. Like every edit of `editing` it is one
//! transaction; it must not draw, nor change the contacts it links.

use chrono::NaiveDate;

use super::stakeholders::{ROLES, contacts, picked_contact};
use super::{account, account_name, editable, open, quoted, ruled, unless_unchanged};
use crate::domain::{
    AccountId, Contact, ContactId, Interaction, InteractionId, InteractionKind, check_interaction,
    terminal_safe,
};
use crate::store::{BookWriter, StoreResult};
use crate::ui::edit::{Done, Edit, FormEdit, Revert};
use crate::ui::form::{Form, Input, Refusal, form_fields};
use crate::ui::state::AppState;

/// The choices of a touchpoint's kind, most common first.
const KINDS: [InteractionKind; 6] = [
    InteractionKind::Meeting,
    InteractionKind::Call,
    InteractionKind::Email,
    InteractionKind::Qbr,
    InteractionKind::Note,
    InteractionKind::Other,
];

form_fields! {
    /// The fields of the touchpoint form, in its order; the labels are those the book's rules
    /// name.
    pub(super) enum TouchField {
        Kind => "kind",
        Date => "date",
        With => "with",
        Summary => "summary",
        Notes => "notes",
    }
}

/// The input of `field` in the touchpoint form, holding `entry`'s values (a new touchpoint's
/// when none); `contacts` are the people it can be with, in the form's order, those in `with`
/// ticked.
pub(super) fn touch_input(
    entry: Option<&Interaction>,
    contacts: &[Contact],
    with: &[ContactId],
    field: TouchField,
) -> Input {
    let text = |value: Option<&str>| value.map(editable).unwrap_or_default();
    match field {
        TouchField::Kind => {
            let at = entry.and_then(|e| KINDS.iter().position(|k| *k == e.kind));
            Input::choice(KINDS.iter().map(|k| words(k.code())).collect(), at.unwrap_or(0))
        }
        TouchField::Date => Input::day(&entry.map_or("today".to_owned(), |e| e.date.to_string())),
        TouchField::With => Input::checks(
            contacts
                .iter()
                .map(|c| {
                    let label = format!("{} · {}", terminal_safe(&c.name), c.role.words());
                    (label, with.contains(&c.id))
                })
                .collect(),
        ),
        TouchField::Summary => Input::line(&text(entry.and_then(|e| e.summary.as_deref())))
            .hint("what happened, in a line"),
        TouchField::Notes => Input::text(&text(entry.and_then(|e| e.body.as_deref())))
            .hint("optional: what was said, what was agreed"),
    }
}

/// `base` with what the touchpoint form holds (`contacts` as listed in it), checked against
/// the book's rules; a text left as the form showed it stays as stored.
pub(super) fn read_touch(
    form: &Form,
    as_of: NaiveDate,
    base: &Interaction,
    contacts: &[Contact],
) -> Result<Interaction, Refusal<TouchField>> {
    let date = form.day(TouchField::Date, as_of)?.ok_or_else(|| {
        Refusal::new(TouchField::Date, "when did it happen? (today, 2026-11-20, …)")
    })?;
    let kind = KINDS.get(form.choice(TouchField::Kind)).copied();
    let with = form.checked(TouchField::With).into_iter().filter_map(|i| contacts.get(i));
    let typed = form.optional_text(TouchField::Summary);
    let interaction = Interaction {
        date,
        kind: kind.unwrap_or(InteractionKind::Meeting),
        summary: unless_unchanged(typed, base.summary.as_deref()),
        body: unless_unchanged(form.optional_text(TouchField::Notes), base.body.as_deref()),
        contacts: with.map(|c| c.id).collect(),
        ..base.clone()
    };
    check_interaction(&interaction, as_of).map_err(|r| ruled(&r, TouchField::Summary))?;
    Ok(interaction)
}

/// "meeting “Renewal call” with Ana Ruiz": an entry in words, for the status line.
pub(super) fn described(i: &Interaction, contacts: &[Contact]) -> String {
    let names: Vec<String> = i
        .contacts
        .iter()
        .filter_map(|id| contacts.iter().find(|c| c.id == *id))
        .map(|c| terminal_safe(&c.name).into_owned())
        .collect();
    let named =
        if names.is_empty() { String::new() } else { format!(" with {}", names.join(", ")) };
    let summary = i.summary.as_deref().unwrap_or_default();
    format!("{} {}{named}", words(i.kind.code()), quoted(summary))
}

pub(super) fn words(code: &str) -> String {
    code.replace('_', " ")
}

/// Opens the form that logs a touchpoint with the selected account; the contact the
/// stakeholder pane points at is ticked when that pane has the focus.
pub fn open_log_touch(state: &mut AppState) {
    let Some(account) = account(state) else { return };
    let ticked = (state.focus == crate::ui::state::PaneId::Stakeholders)
        .then(|| picked_contact(state).map(|c| c.id))
        .flatten();
    let as_of = state.as_of;
    let mut contacts: Vec<Contact> =
        contacts(state).into_iter().filter(|c| c.is_current(as_of)).cloned().collect();
    contacts.sort_by_key(|c| ROLES.iter().position(|r| *r == c.role));
    let name = account_name(state);
    open(state, LogTouch { account, name, contacts, ticked });
}

/// Logging a touchpoint with `account` (named `name`) and any of its current `contacts`, listed
/// in the form in this order, `ticked` ticked.
#[derive(Debug)]
struct LogTouch {
    account: AccountId,
    name: String,
    contacts: Vec<Contact>,
    ticked: Option<ContactId>,
}

impl FormEdit for LogTouch {
    type Field = TouchField;
    type Edit = Log;

    fn title(&self) -> String {
        format!("Log a touchpoint · {}", self.name)
    }

    fn input(&self, field: TouchField) -> Input {
        let ticked: Vec<ContactId> = self.ticked.into_iter().collect();
        touch_input(None, &self.contacts, &ticked, field)
    }

    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<Log, Refusal<TouchField>> {
        let base = Interaction {
            id: InteractionId(0),
            account_id: self.account,
            external_id: None,
            date: as_of,
            kind: InteractionKind::Meeting,
            summary: None,
            body: None,
            contacts: Vec::new(),
            version: 0,
        };
        let interaction = read_touch(form, as_of, &base, &self.contacts)?;
        let what = format!("logged {}", described(&interaction, &self.contacts));
        Ok(Log { interaction, what })
    }
}

/// Inserts `interaction`; undo deletes it.
#[derive(Debug)]
struct Log {
    interaction: Interaction,
    what: String,
}

impl Edit for Log {
    fn account(&self) -> Option<AccountId> {
        Some(self.interaction.account_id)
    }

    fn write(self: Box<Self>, w: &BookWriter<'_>) -> StoreResult<Done> {
        let id = w.insert_interaction(&self.interaction)?;
        Ok(Done { what: self.what, revert: Revert::Forget(id) })
    }
}
