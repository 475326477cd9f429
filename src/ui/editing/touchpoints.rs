//! Logging a touchpoint: the form (kind, date, the account's current contacts, summary, notes)
//! and the interaction it inserts, dated on or before today; undo deletes it again. Like every edit
//! of `editing` it is one transaction through `commit`; it must not draw, nor change the contacts
//! it links.

use chrono::NaiveDate;

use super::stakeholders::{ROLES, contacts, picked_contact};
use super::{Done, Editor, Form, Purpose, Revert, account, account_name, commit, quoted, refuse};
use crate::domain::{
    AccountId, Contact, Interaction, InteractionId, InteractionKind, terminal_safe,
};
use crate::scoring::role_words;
use crate::store::{Store, StoreResult};
use crate::ui::form::{Input, Refusal, form_fields};
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
    let mut people: Vec<Contact> =
        contacts(state).into_iter().filter(|c| c.is_current(as_of)).cloned().collect();
    people.sort_by_key(|c| ROLES.iter().position(|r| *r == c.role));
    let items: Vec<_> = people
        .iter()
        .map(|c| {
            let label = format!("{} · {}", terminal_safe(&c.name), role_words(c.role));
            (label, Some(c.id) == ticked)
        })
        .collect();
    let name = account_name(state);
    let form = Form::keyed(format!("Log a touchpoint · {name}"), |field| match field {
        TouchField::Kind => Input::choice(KINDS.iter().map(|k| words(k.code())).collect(), 0),
        TouchField::Date => Input::day("today"),
        TouchField::With => Input::checks(items.clone()),
        TouchField::Summary => Input::line("").hint("what happened, in a line"),
        TouchField::Notes => Input::text("").hint("optional: what was said, what was agreed"),
    });
    state.editor = Some(Editor { form, purpose: Purpose::LogTouch { account, contacts: people } });
}

pub(super) fn log_touch(
    form: &mut Form,
    store: &mut Store,
    account: AccountId,
    contacts: &[Contact],
    as_of: NaiveDate,
) -> StoreResult<Option<Done>> {
    let draft = match TouchDraft::read(form, as_of) {
        Ok(draft) => draft,
        Err(refusal) => return refuse(form, refusal),
    };
    let TouchDraft { kind, date, with, summary, notes } = draft;
    let with: Vec<&Contact> = with.into_iter().filter_map(|i| contacts.get(i)).collect();
    let interaction = Interaction {
        id: InteractionId(0),
        account_id: account,
        external_id: None,
        date,
        kind,
        summary: Some(summary.clone()),
        body: notes,
        contacts: with.iter().map(|c| c.id).collect(),
    };
    let id = commit(store, |w| w.insert_interaction(&interaction))?;
    let names: Vec<String> = with.iter().map(|c| terminal_safe(&c.name).into_owned()).collect();
    let with = if names.is_empty() { String::new() } else { format!(" with {}", names.join(", ")) };
    Ok(Some(Done {
        account: Some(account),
        what: format!("logged {} {}{with}", words(kind.code()), quoted(&summary)),
        revert: Revert::Forget(id),
    }))
}
