//! The workspace's edits, run the same way whatever their kind. A form opens for a `FormEdit`
//! (log a touchpoint or edit a timeline entry; add, edit or snooze a todo; add or edit a
//! contact; add or edit a goal; edit a milestone; edit the account; add, edit or close an
//! opportunity; record how a renewal ended) and saving it reads it into an `Edit`; a key that needs no form (complete a todo,
//! meet or miss a goal) writes its `Edit` at once; a delete asks first, its question carrying the
//! `Edit` a yes writes; undo takes any of them back. Each edit is one transaction committed at
//! once, after which the account is rescored and every pane shows the result; the status line
//! says what happened. An edit made meanwhile in another workspace is never overwritten: the edit
//! is refused with a message and the account reloaded. The kinds live in modules of their own
//! (todos, touchpoints, timeline, stakeholders, plan, account, opportunities, renewals); this one names
//! none of them. This is the only code that writes to the store on the user's behalf; it must
//! not draw.

use ratatui::crossterm::event::KeyEvent;

use super::edit::{Done, Edit, FormEdit, UndoStep};
use super::form::{FieldKey, FormKey, Refusal};
use super::importing::ImportRequest;
use super::load::{load_queue, load_selected};
use super::modal::{Confirm, Editor, Modal, Purpose};
use super::state::AppState;
use crate::config::Config;
use crate::domain::{
    AccountId, FieldRefusal, Todo, TodoId, TodoStanding, TodoStatus, terminal_safe,
};
use crate::store::{BookWriter, Store, StoreError, StoreResult};
use todos::open_todos;

/// How many edits undo can walk back.
const UNDO_DEPTH: usize = 50;

fn quoted(title: &str) -> String {
    format!("“{}”", terminal_safe(title))
}

fn moved<T: Copy + PartialEq>(ids: &[T], current: Option<T>, delta: isize) -> Option<T> {
    let at = ids.iter().position(|id| Some(*id) == current).unwrap_or(0);
    let last = ids.len().saturating_sub(1);
    let to = at.saturating_add_signed(delta).min(last);
    ids.get(to).copied()
}

/// The account the edits apply to, or a status saying there is none.
fn account(state: &mut AppState) -> Option<AccountId> {
    let id = state.book.detail.as_ref().map(|s| s.detail.facts.account.id);
    if id.is_none() {
        state.status = "no account selected".to_owned();
    }
    id
}

/// The selected account's name, safe to draw.
fn account_name(state: &AppState) -> String {
    let name = state.book.detail.as_ref().map_or("", |s| s.detail.facts.account.name.as_str());
    terminal_safe(name).into_owned()
}

/// Opens the form that imports a file.
pub fn open_import(state: &mut AppState) {
    state.modal = Modal::Form(Editor::import(super::importing::form()));
}

/// Opens the form of `kind` over the workspace.
fn open(state: &mut AppState, kind: impl FormEdit) {
    state.modal = Modal::Form(Editor::new(kind));
}

/// `text` as a form shows it: safe to draw, line breaks kept.
fn editable(text: &str) -> String {
    text.split('\n').map(terminal_safe).collect::<Vec<_>>().join("\n")
}

/// What the form holds for a stored `value` shown as [`editable`]: the stored value itself when
/// the person left the field as shown, so a field with characters unsafe to draw is not
/// rewritten by an edit of another field.
fn unless_unchanged(typed: Option<String>, stored: Option<&str>) -> Option<String> {
    match stored {
        Some(stored) if typed.as_deref() == Some(editable(stored).trim()) => {
            Some(stored.to_owned())
        }
        _ => typed,
    }
}

/// A refusal of the book's rules (`domain::record_rules`) as the form shows it: on the field of
/// the same label, else on `otherwise`.
fn ruled<K: FieldKey>(refusal: &FieldRefusal, otherwise: K) -> Refusal<K> {
    let field = K::ALL.iter().copied().find(|k| k.label() == refusal.field);
    Refusal { field: field.unwrap_or(otherwise), message: refusal.to_string() }
}

/// Gives a key to the open form; saving it commits the edit. Saving the import form writes
/// nothing: it returns the import asked for, which `update` hands to the event loop.
///
/// # Errors
/// The store could not be read after the edit.
pub fn form_key(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    key: KeyEvent,
) -> StoreResult<Option<ImportRequest>> {
    let Some(editor) = state.modal.editor_mut() else { return Ok(None) };
    match editor.form.handle(key) {
        FormKey::Handled => Ok(None),
        FormKey::Cancel => {
            state.modal = Modal::None;
            state.status = "nothing saved".to_owned();
            Ok(None)
        }
        FormKey::Submit => submit(state, store, config),
    }
}

/// Saves the open form: the edit it asks for is written, or the form shows why not; the import
/// form gives the import it asks for.
fn submit(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
) -> StoreResult<Option<ImportRequest>> {
    let as_of = state.as_of;
    let Some(Editor { form, purpose }) = state.modal.editor_mut() else { return Ok(None) };
    let edit = match purpose {
        Purpose::Edit(kind) => match kind.read_form(form, as_of) {
            Some(edit) => edit,
            // Refused by a check of the form: it stays open with the reason.
            None => return Ok(None),
        },
        Purpose::Import => {
            // Not an edit of its own: the import runs beside the screen, on its own connection.
            let request = super::importing::request(form);
            if request.is_some() {
                state.modal = Modal::None;
            }
            return Ok(request);
        }
    };
    let account = edit.account();
    match commit(store, |w| edit.write(w)) {
        Ok(done) => {
            state.modal = Modal::None;
            finish(state, store, config, account, done)?;
        }
        // Refused, or kept or not without anyone knowing (a connection lost during the
        // commit): the form closes and the panes show what the book holds now, so a saved
        // record is never saved twice by a second try.
        Err(e @ (StoreError::Conflict(_) | StoreError::CommitLost { .. })) => {
            state.modal = Modal::None;
            refused(state, store, config, account, &e)?;
        }
        // Anything else (a lock held too long, a contact deleted meanwhile): what was typed
        // stays, with the reason, to save again or cancel.
        Err(e) => {
            if let Some(editor) = state.modal.editor_mut() {
                editor.form.fail(not_saved(&e));
            }
        }
    }
    Ok(None)
}

/// Runs `write` in one transaction and commits it.
fn commit<T>(
    store: &mut Store,
    write: impl FnOnce(&BookWriter<'_>) -> StoreResult<T>,
) -> StoreResult<T> {
    let writer = store.writer()?;
    let value = write(&writer)?;
    writer.commit()?;
    Ok(value)
}

/// Writes `edit` at once, with no form to fill in: remembered for undo and shown, or refused
/// with the reason.
fn apply(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    edit: Box<dyn Edit>,
) -> StoreResult<()> {
    let account = edit.account();
    match commit(store, |w| edit.write(w)) {
        Ok(done) => finish(state, store, config, account, done),
        Err(e) => refused(state, store, config, account, &e),
    }
}

/// Asks `question` before a destructive edit; a yes writes `then`.
fn ask(state: &mut AppState, question: String, then: impl Edit + 'static) {
    state.modal = Modal::Confirm(Confirm { question, then: Box::new(then) });
}

/// Answers the open question: `yes` writes the edit it asked about.
///
/// # Errors
/// The store could not be read after the edit.
pub fn answer(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    yes: bool,
) -> StoreResult<()> {
    let Some(Confirm { then, .. }) = state.modal.take_confirm() else { return Ok(()) };
    if !yes {
        state.status = "nothing deleted".to_owned();
        return Ok(());
    }
    apply(state, store, config, then)
}

/// After a committed edit of `account`: remember how to undo it, say what happened, show the
/// result.
fn finish(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    account: Option<AccountId>,
    done: Done,
) -> StoreResult<()> {
    state.status = format!("{} · u undoes", done.what);
    if state.undo.len() == UNDO_DEPTH {
        state.undo.remove(0);
    }
    state.undo.push(UndoStep { what: done.what, account, revert: done.revert });
    settle(state, store, config, account)
}

/// An edit the store refused: say why and show what is there now.
fn refused(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    account: Option<AccountId>,
    error: &StoreError,
) -> StoreResult<()> {
    state.status = match error {
        StoreError::Conflict(conflict) => format!("not saved: {conflict}; showing it as it is now"),
        other => not_saved(other),
    };
    settle(state, store, config, account)
}

/// What the status line or a form says of an edit the store did not take: "not saved", unless
/// no one can tell (a connection lost during the commit), which is said as it is.
fn not_saved(error: &StoreError) -> String {
    match error {
        StoreError::CommitLost { .. } => error.to_string(),
        other => format!("not saved: {other}"),
    }
}

/// Rescores `account` (the edited record's) and reloads what the panes and the todo queue show.
fn settle(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    account: Option<AccountId>,
) -> StoreResult<()> {
    // The search over everything must see the edit: its index is built again.
    state.records.stale = true;
    if let Some(account) = account {
        match state.book.scored.rescore(store, config, account)? {
            Some(index) => state.refresh_account(index),
            // An account came or went: every index moved.
            None => {
                state.refresh_rows();
                state.book.order_renewals();
            }
        }
        let churned =
            state.book.scored.accounts.iter().any(|e| e.account.id == account && e.churned);
        if churned && !state.filters.churned {
            // A recorded churn or a lost renewal takes the account out of the list: say where
            // it went.
            state.status.push_str(" · churned, it left the list: C lists the churned accounts");
        }
    }
    let as_of = state.as_of;
    let pane_at = open_todos(state).iter().position(|t| Some(t.id) == state.todo_pick);
    let pane_snoozed =
        open_todos(state).iter().any(|t| Some(t.id) == state.todo_pick && is_snoozed(t, as_of));
    let timeline_at = timeline::picked_at(state);
    // A call, or an account's band, ARR or renewal date, moves the forecast's figures at once.
    super::forecasting::settle(&mut state.forecast, &state.book.scored, store, config)?;
    load_selected(state, store, config)?;
    timeline::keep_place(state, timeline_at);
    // A picked todo that left the pane (done, deleted) or went to its end (snoozed just now)
    // hands the pick to the one now in its place: the CSM goes on down the list.
    let pane: Vec<(TodoId, bool)> =
        open_todos(state).iter().map(|t| (t.id, is_snoozed(t, as_of))).collect();
    let stayed =
        pane.iter().any(|&(id, snoozed)| Some(id) == state.todo_pick && (pane_snoozed || !snoozed));
    if let Some(at) = pane_at.filter(|_| !stayed) {
        state.todo_pick = pane.get(at.min(pane.len().saturating_sub(1))).map(|(id, _)| *id);
    }
    if state.book.todos_loaded {
        let at = state.book.todos.iter().position(|t| Some(t.id) == state.queue_pick);
        let queue_snoozed =
            state.book.todos.iter().any(|t| Some(t.id) == state.queue_pick && is_snoozed(t, as_of));
        match account {
            // Only that account's todos can have changed: swap them, no need to read the book's.
            Some(account) => {
                state.book.todos.retain(|t| t.account_id != Some(account));
                let open =
                    store.todos(account)?.into_iter().filter(|t| t.status == TodoStatus::Open);
                state.book.todos.extend(open);
                super::views::todo_queue::sort(&mut state.book.todos, as_of);
            }
            None => load_queue(state, store)?,
        }
        // As in the pane: gone, or snoozed just now to the queue's last group.
        let stayed =
            state.book.todos.iter().any(|t| {
                Some(t.id) == state.queue_pick && (queue_snoozed || !is_snoozed(t, as_of))
            });
        if !stayed {
            let at = at.unwrap_or(0).min(state.book.todos.len().saturating_sub(1));
            state.queue_pick = state.book.todos.get(at).map(|t| t.id);
        }
    }
    Ok(())
}

/// Whether `todo` is snoozed past `as_of`: listed last, out of the overdue and today groups.
fn is_snoozed(todo: &Todo, as_of: chrono::NaiveDate) -> bool {
    matches!(todo.standing(as_of), TodoStanding::Snoozed { .. })
}

mod account;
mod amounts;
mod forecast_call;
mod opportunities;
mod plan;
mod qbr;
mod records;
mod renewals;
mod stakeholders;
mod timeline;
mod todos;
mod touchpoints;
mod undo;

pub use account::open_edit_account;
pub use forecast_call::{call_words, open_call};
pub use opportunities::{
    move_opportunity_pick, open_add_opportunity, open_close_opportunity, open_edit_opportunity,
};
pub use plan::{
    ask_delete_goal, complete_plan_item, miss_goal, move_plan_pick, open_add_goal,
    open_edit_plan_item,
};
pub use qbr::{mark_qbr_held, open_edit_qbr};
pub use renewals::open_record_renewal;
pub use stakeholders::{
    ask_delete_contact, move_contact_pick, open_add_contact, open_edit_contact,
};
pub use timeline::{ask_delete_entry, move_entry_pick, open_edit_entry};
pub use todos::{
    ask_delete_todo, complete_todo, move_queue_pick, move_todo_pick, open_add_todo, open_edit_todo,
    open_snooze, picked_todo,
};
pub use touchpoints::open_log_touch;
pub use undo::undo;

#[cfg(test)]
mod contact_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod timeline_tests;
#[cfg(test)]
mod two_workspaces_tests;
#[cfg(test)]
mod undo_pick_tests;

#[cfg(test)]
mod not_saved_tests {
    use super::not_saved;
    use crate::store::StoreError;

    /// A commit whose outcome no one can tell is never told as "not saved"; any other failure is.
    #[test]
    fn a_commit_lost_on_its_way_is_not_told_as_not_saved() {
        let lost = StoreError::CommitLost { reason: "the connection closed".to_owned() };
        let said = not_saved(&lost);
        assert!(!said.contains("not saved") && said.contains("cannot be told"), "{said}");
        let gone = StoreError::ConnectionLost { reason: "the connection closed".to_owned() };
        assert!(not_saved(&gone).starts_with("not saved: the connection to the server was lost"));
    }
}
