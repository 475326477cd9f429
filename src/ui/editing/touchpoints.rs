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
use crate::store::{Store, StoreResult};
use crate::ui::form::Field;
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
    let items = people
        .iter()
        .map(|c| {
            let label = format!("{} · {}", terminal_safe(&c.name), c.role.words());
            (label, Some(c.id) == ticked)
        })
        .collect();
    let name = account_name(state);
    let form = Form::new(
        format!("Log a touchpoint · {name}"),
        vec![
            Field::choice("kind", KINDS.iter().map(|k| words(k.code())).collect(), 0),
            Field::day("date", "today"),
            Field::checks("with", items),
            Field::line("summary", "").hint("what happened, in a line"),
            Field::text("notes", "").hint("optional: what was said, what was agreed"),
        ],
    );
    state.editor = Some(Editor { form, purpose: Purpose::LogTouch { account, contacts: people } });
}

pub(super) fn log_touch(
    form: &mut Form,
    store: &mut Store,
    account: AccountId,
    contacts: &[Contact],
    as_of: NaiveDate,
) -> StoreResult<Option<Done>> {
    let date = match form.day(1, as_of) {
        Ok(Some(date)) if date <= as_of => date,
        Ok(Some(_)) => return refuse(form, 1, "date: a touchpoint is logged on or before today"),
        Ok(None) => return refuse(form, 1, "date: when did it happen? (today, 2026-11-20, …)"),
        Err(message) => return refuse(form, 1, message),
    };
    let Some(summary) = form.optional_text(3) else {
        return refuse(form, 3, "summary: say in a line what happened");
    };
    let kind = KINDS.get(form.choice(0)).copied().unwrap_or(InteractionKind::Meeting);
    let with: Vec<&Contact> = form.checked(2).into_iter().filter_map(|i| contacts.get(i)).collect();
    let interaction = Interaction {
        id: InteractionId(0),
        account_id: account,
        external_id: None,
        date,
        kind,
        summary: Some(summary.clone()),
        body: form.optional_text(4),
        contacts: with.iter().map(|c| c.id).collect(),
    };
    let id = commit(store, |w| w.insert_interaction(&interaction))?;
    let names: Vec<String> = with.iter().map(|c| terminal_safe(&c.name).into_owned()).collect();
    let with = if names.is_empty() { String::new() } else { format!(" with {}", names.join(", ")) };
    Ok(Some(Done {
        account: Some(account),
        what: format!("logged {} {}{with}", words(kind.code()), quoted(&summary)),
        revert: Revert::RemoveInteraction { id },
    }))
}
