//! Logging a touchpoint (`LogTouch`): the form (kind, date, the account's current contacts,
//! summary, notes) and the interaction it inserts, dated on or before today; undo deletes it
//! again. Like every edit of `editing` it is one transaction; it must not draw, nor change the
//! contacts it links.

use chrono::NaiveDate;

use super::stakeholders::{ROLES, contacts, picked_contact};
use super::{account, account_name, open, quoted};
use crate::domain::{
    AccountId, Contact, ContactId, Interaction, InteractionId, InteractionKind, terminal_safe,
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
    /// The fields of the touchpoint form, in its order.
    enum TouchField {
        Kind => "kind",
        Date => "date",
        With => "with",
        Summary => "summary",
        Notes => "notes",
    }
}

/// What the touchpoint form holds; `with` as places in the form's list of contacts.
struct TouchDraft {
    kind: InteractionKind,
    date: NaiveDate,
    with: Vec<usize>,
    summary: String,
    notes: Option<String>,
}

impl TouchDraft {
    /// Reads the touchpoint form, or says which field is refused and why.
    fn read(form: &Form, as_of: NaiveDate) -> Result<Self, Refusal<TouchField>> {
        let date = match form.day(TouchField::Date, as_of)? {
            Some(date) if date <= as_of => date,
            Some(_) => {
                return Err(Refusal::new(
                    TouchField::Date,
                    "a touchpoint is logged on or before today",
                ));
            }
            None => {
                return Err(Refusal::new(
                    TouchField::Date,
                    "when did it happen? (today, 2026-11-20, …)",
                ));
            }
        };
        let summary = form
            .optional_text(TouchField::Summary)
            .ok_or_else(|| Refusal::new(TouchField::Summary, "say in a line what happened"))?;
        Ok(Self {
            kind: KINDS
                .get(form.choice(TouchField::Kind))
                .copied()
                .unwrap_or(InteractionKind::Meeting),
            date,
            with: form.checked(TouchField::With),
            summary,
            notes: form.optional_text(TouchField::Notes),
        })
    }
}

fn words(code: &str) -> String {
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
        match field {
            TouchField::Kind => Input::choice(KINDS.iter().map(|k| words(k.code())).collect(), 0),
            TouchField::Date => Input::day("today"),
            TouchField::With => Input::checks(
                self.contacts
                    .iter()
                    .map(|c| {
                        let label = format!("{} · {}", terminal_safe(&c.name), c.role.words());
                        (label, Some(c.id) == self.ticked)
                    })
                    .collect(),
            ),
            TouchField::Summary => Input::line("").hint("what happened, in a line"),
            TouchField::Notes => Input::text("").hint("optional: what was said, what was agreed"),
        }
    }

    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<Log, Refusal<TouchField>> {
        let TouchDraft { kind, date, with, summary, notes } = TouchDraft::read(form, as_of)?;
        let with: Vec<&Contact> = with.into_iter().filter_map(|i| self.contacts.get(i)).collect();
        let names: Vec<String> = with.iter().map(|c| terminal_safe(&c.name).into_owned()).collect();
        let named =
            if names.is_empty() { String::new() } else { format!(" with {}", names.join(", ")) };
        let what = format!("logged {} {}{named}", words(kind.code()), quoted(&summary));
        let interaction = Interaction {
            id: InteractionId(0),
            account_id: self.account,
            external_id: None,
            date,
            kind,
            summary: Some(summary),
            body: notes,
            contacts: with.iter().map(|c| c.id).collect(),
            version: 0,
        };
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
