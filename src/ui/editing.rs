//! The workspace's edits: the forms that log a touchpoint, add or edit a todo, snooze one or edit
//! a stakeholder; completing and deleting todos; undo. Each edit is one transaction committed at
//! once, after which the account is rescored and every pane shows the result; the status line
//! says what happened. An edit made meanwhile in another workspace is never overwritten: the edit
//! is refused with a message and the account reloaded. This is the only code that writes to the
//! store on the user's behalf; it must not draw.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;

use super::form::{Field, Form, FormKey};
use super::panes::{stakeholders, todos};
use super::state::{AppState, View};
use super::update::{load_queue, load_selected};
use crate::config::Config;
use crate::domain::{
    AccountId, Contact, ContactId, Goal, GoalId, Interaction, InteractionId, InteractionKind,
    Milestone, MilestoneId, Priority, Role, Todo, TodoId, TodoStatus, terminal_safe,
};
use crate::scoring::role_words;
use crate::store::{BookWriter, Store, StoreError, StoreResult};

/// How many edits undo can walk back.
const UNDO_DEPTH: usize = 50;

/// A form on screen and what saving it does.
#[derive(Debug, Clone)]
pub struct Editor {
    pub form: Form,
    purpose: Purpose,
}

#[derive(Debug, Clone)]
enum Purpose {
    /// Fields: kind, date, with, summary, notes; the contacts listed in `with` order.
    LogTouch { account: AccountId, contacts: Vec<Contact> },
    /// Fields: title, due, priority, notes.
    AddTodo { account: AccountId },
    /// Same fields as adding.
    EditTodo(Todo),
    /// Field: until.
    Snooze(Todo),
    /// Fields: role, sentiment, left on.
    EditContact(Contact),
    /// Fields: kind, file, mode, dates (see `importing::form`).
    Import,
    /// Fields: objective, metric, target, due.
    AddGoal { account: AccountId },
    /// Same fields as adding.
    EditGoal(Goal),
    /// Fields: name, target, done on.
    EditMilestone(Milestone),
}

/// A question waiting for yes or no before a destructive edit.
#[derive(Debug, Clone)]
pub struct Confirm {
    pub question: String,
    doomed: Doomed,
}

/// What a yes deletes.
#[derive(Debug, Clone)]
enum Doomed {
    Todo(Todo),
    Goal(Goal),
}

/// An edit that undo can take back.
#[derive(Debug, Clone)]
pub struct UndoStep {
    /// What was done, in words: "completed “Send the proposal”".
    pub what: String,
    /// The account it changed.
    account: Option<AccountId>,
    revert: Revert,
}

#[derive(Debug, Clone)]
enum Revert {
    /// Undo adding: delete the todo `added` (with its id), still at `version` and still the
    /// same todo (an id freed by a delete elsewhere can be given to another).
    RemoveTodo { added: Todo, version: i64 },
    /// Undo an edit: put `before` back over the todo, now at `version`.
    PutTodo { before: Todo, version: i64 },
    /// Undo deleting: insert `before` again.
    RestoreTodo { before: Todo },
    /// Undo an edit: put `before` back over the contact, now at `version`.
    PutContact { before: Contact, version: i64 },
    /// Undo logging: delete the interaction.
    RemoveInteraction { id: InteractionId },
    /// Undo adding a goal: delete it if it is still the same goal at `version`.
    RemoveGoal { added: Goal, version: i64 },
    /// Undo an edit: put `before` back over the goal, now at `version`.
    PutGoal { before: Goal, version: i64 },
    /// Undo deleting: insert `before` again.
    RestoreGoal { before: Goal },
    /// Undo an edit: put `before` back over the milestone, now at `version`.
    PutMilestone { before: Milestone, version: i64 },
}

/// The choices of a touchpoint's kind, most common first.
const KINDS: [InteractionKind; 6] = [
    InteractionKind::Meeting,
    InteractionKind::Call,
    InteractionKind::Email,
    InteractionKind::Qbr,
    InteractionKind::Note,
    InteractionKind::Other,
];

/// The choices of a todo's priority, the default first.
const PRIORITIES: [Priority; 4] =
    [Priority::Normal, Priority::High, Priority::Urgent, Priority::Low];

/// The choices of a contact's role, in the stakeholder map's order.
const ROLES: [Role; 6] = [
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

fn words(code: &str) -> String {
    code.replace('_', " ")
}

fn quoted(title: &str) -> String {
    format!("“{}”", terminal_safe(title))
}

/// The open todos of the selected account in the todo pane's order.
fn open_todos(state: &AppState) -> Vec<&Todo> {
    state
        .detail
        .as_ref()
        .map_or_else(Vec::new, |s| todos::in_order(&s.detail.facts.open_todos, state.as_of))
}

/// The todo the todo keys act on: in the todo queue view the one it points at, elsewhere the
/// one the todo pane points at (the first when none is picked).
#[must_use]
pub fn picked_todo(state: &AppState) -> Option<&Todo> {
    if state.view == View::Todos {
        let queue = &state.todos;
        let picked = queue.iter().position(|t| Some(t.id) == state.queue_pick).unwrap_or(0);
        return queue.get(picked);
    }
    let todos = open_todos(state);
    let picked = todos.iter().position(|t| Some(t.id) == state.todo_pick).unwrap_or(0);
    todos.get(picked).copied()
}

/// Moves the todo queue's pointer by `delta`.
pub fn move_queue_pick(state: &mut AppState, delta: isize) {
    let at = state.todos.iter().position(|t| Some(t.id) == state.queue_pick).unwrap_or(0);
    let to = at.saturating_add_signed(delta).min(state.todos.len().saturating_sub(1));
    state.queue_pick = state.todos.get(to).map(|t| t.id);
}

/// The contacts of the selected account in the stakeholder pane's order.
fn contacts(state: &AppState) -> Vec<&Contact> {
    state.detail.as_ref().map_or_else(Vec::new, |s| {
        stakeholders::in_order(&s.detail.facts.contacts, state.as_of, state.tree)
    })
}

/// The contact the stakeholder pane points at: the one picked, else the first.
#[must_use]
pub fn picked_contact(state: &AppState) -> Option<&Contact> {
    let contacts = contacts(state);
    let picked = contacts.iter().position(|c| Some(c.id) == state.contact_pick).unwrap_or(0);
    contacts.get(picked).copied()
}

/// Moves the todo pane's pointer by `delta`.
pub fn move_todo_pick(state: &mut AppState, delta: isize) {
    let ids: Vec<TodoId> = open_todos(state).iter().map(|t| t.id).collect();
    state.todo_pick = moved(&ids, state.todo_pick, delta);
}

/// Moves the stakeholder pane's pointer by `delta`.
pub fn move_contact_pick(state: &mut AppState, delta: isize) {
    let ids: Vec<_> = contacts(state).iter().map(|c| c.id).collect();
    state.contact_pick = moved(&ids, state.contact_pick, delta);
}

fn moved<T: Copy + PartialEq>(ids: &[T], current: Option<T>, delta: isize) -> Option<T> {
    let at = ids.iter().position(|id| Some(*id) == current).unwrap_or(0);
    let last = ids.len().saturating_sub(1);
    let to = at.saturating_add_signed(delta).min(last);
    ids.get(to).copied()
}

/// The account the edits apply to, or a status saying there is none.
fn account(state: &mut AppState) -> Option<AccountId> {
    let id = state.detail.as_ref().map(|s| s.detail.facts.account.id);
    if id.is_none() {
        state.status = "no account selected".to_owned();
    }
    id
}

/// The selected account's name, safe to draw.
fn account_name(state: &AppState) -> String {
    let name = state.detail.as_ref().map_or("", |s| s.detail.facts.account.name.as_str());
    terminal_safe(name).into_owned()
}

/// Opens the form that logs a touchpoint with the selected account; the contact the
/// stakeholder pane points at is ticked when that pane has the focus.
pub fn open_log_touch(state: &mut AppState) {
    let Some(account) = account(state) else { return };
    let ticked = (state.focus == super::state::PaneId::Stakeholders)
        .then(|| picked_contact(state).map(|c| c.id))
        .flatten();
    let as_of = state.as_of;
    let mut people: Vec<Contact> =
        contacts(state).into_iter().filter(|c| c.is_current(as_of)).cloned().collect();
    people.sort_by_key(|c| ROLES.iter().position(|r| *r == c.role));
    let items = people
        .iter()
        .map(|c| {
            let label = format!("{} · {}", terminal_safe(&c.name), role_words(c.role));
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

/// Opens the form that imports a file.
pub fn open_import(state: &mut AppState) {
    state.editor = Some(Editor { form: super::importing::form(), purpose: Purpose::Import });
}

/// Opens the form that adds a todo to the selected account.
pub fn open_add_todo(state: &mut AppState) {
    let Some(account) = account(state) else { return };
    let name = account_name(state);
    let form = todo_form(format!("New todo · {name}"), None);
    state.editor = Some(Editor { form, purpose: Purpose::AddTodo { account } });
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

fn todo_form(title: String, todo: Option<&Todo>) -> Form {
    let priority =
        todo.map_or(0, |t| PRIORITIES.iter().position(|p| *p == t.priority).unwrap_or(0));
    let due = todo.and_then(|t| t.due).map(|d| d.to_string()).unwrap_or_default();
    Form::new(
        title,
        vec![
            Field::line("title", &todo.map(|t| editable(&t.title)).unwrap_or_default())
                .hint("what is there to do"),
            Field::day("due", &due).hint("none, or 2026-12-01, today, tomorrow, +3d, +2w"),
            Field::choice(
                "priority",
                PRIORITIES.iter().map(|p| p.code().to_owned()).collect(),
                priority,
            ),
            Field::text(
                "notes",
                &todo.and_then(|t| t.notes.as_deref()).map(editable).unwrap_or_default(),
            ),
        ],
    )
}

/// Opens the form that edits the todo the todo pane points at.
pub fn open_edit_todo(state: &mut AppState) {
    let Some(todo) = picked_todo(state).cloned() else {
        state.status = "no open todo to edit".to_owned();
        return;
    };
    let form = todo_form(format!("Edit todo {}", quoted(&todo.title)), Some(&todo));
    state.editor = Some(Editor { form, purpose: Purpose::EditTodo(todo) });
}

/// Opens the form that snoozes the todo the todo pane points at (a week unless changed).
pub fn open_snooze(state: &mut AppState) {
    let Some(todo) = picked_todo(state).cloned() else {
        state.status = "no open todo to snooze".to_owned();
        return;
    };
    let until = state.as_of.checked_add_days(chrono::Days::new(7)).unwrap_or(state.as_of);
    let form = Form::new(
        format!("Snooze {}", quoted(&todo.title)),
        vec![Field::day("until", &until.to_string())],
    );
    state.editor = Some(Editor { form, purpose: Purpose::Snooze(todo) });
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
            Field::choice("role", ROLES.iter().map(|r| role_words(*r).to_owned()).collect(), role),
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

/// Gives a key to the open form; saving it commits the edit.
///
/// # Errors
/// The store could not be read after the edit.
pub fn form_key(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    key: KeyEvent,
) -> StoreResult<()> {
    let Some(editor) = state.editor.as_mut() else { return Ok(()) };
    match editor.form.handle(key) {
        FormKey::Handled => Ok(()),
        FormKey::Cancel => {
            state.editor = None;
            state.status = "nothing saved".to_owned();
            Ok(())
        }
        FormKey::Submit => submit(state, store, config),
    }
}

/// A committed edit: what to say and how to take it back.
struct Done {
    account: Option<AccountId>,
    what: String,
    revert: Revert,
}

fn submit(state: &mut AppState, store: &mut Store, config: &Config) -> StoreResult<()> {
    let Some(editor) = state.editor.as_mut() else { return Ok(()) };
    let as_of = state.as_of;
    let form = &mut editor.form;
    let outcome = match &editor.purpose {
        Purpose::LogTouch { account, contacts } => {
            log_touch(form, store, *account, contacts, as_of)
        }
        Purpose::AddTodo { account } => add_todo(form, store, *account, as_of),
        Purpose::EditTodo(todo) => edit_todo(form, store, todo, as_of),
        Purpose::Snooze(todo) => snooze(form, store, todo, as_of),
        Purpose::EditContact(contact) => edit_contact(form, store, contact, as_of),
        Purpose::AddGoal { account } => plan::add_goal(form, store, *account, as_of),
        Purpose::EditGoal(goal) => plan::edit_goal(form, store, goal, as_of),
        Purpose::EditMilestone(milestone) => plan::edit_milestone(form, store, milestone, as_of),
        Purpose::Import => {
            // Not an edit of its own: the event loop runs the import the form asks for.
            if let Some(request) = super::importing::request(form) {
                state.editor = None;
                state.pending_import = Some(request);
            }
            return Ok(());
        }
    };
    let account = editor_account(&editor.purpose);
    match outcome {
        // Refused by a check of the form: it stays open with the reason.
        Ok(None) => Ok(()),
        Ok(Some(done)) => {
            state.editor = None;
            finish(state, store, config, done)
        }
        Err(e @ StoreError::Conflict(_)) => {
            state.editor = None;
            refused(state, store, config, account, &e)
        }
        // Anything else (a lock held too long, a contact deleted meanwhile): what was typed
        // stays, with the reason, to save again or cancel.
        Err(e) => {
            if let Some(editor) = state.editor.as_mut() {
                let field = editor.form.focus;
                editor.form.refuse(field, format!("not saved: {e}"));
            }
            Ok(())
        }
    }
}

const fn editor_account(purpose: &Purpose) -> Option<AccountId> {
    match purpose {
        Purpose::LogTouch { account, .. }
        | Purpose::AddTodo { account }
        | Purpose::AddGoal { account } => Some(*account),
        Purpose::EditGoal(goal) => Some(goal.account_id),
        Purpose::EditMilestone(milestone) => Some(milestone.account_id),
        Purpose::EditTodo(todo) | Purpose::Snooze(todo) => todo.account_id,
        Purpose::EditContact(contact) => Some(contact.account_id),
        Purpose::Import => None,
    }
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

fn log_touch(
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

fn refuse(form: &mut Form, field: usize, message: impl Into<String>) -> StoreResult<Option<Done>> {
    form.refuse(field, message);
    Ok(None)
}

/// The todo the todo form describes, from `base`, or the form refused.
fn todo_from_form(form: &mut Form, base: Todo, as_of: NaiveDate) -> Result<Todo, ()> {
    let Some(title) = form.optional_text(0) else {
        form.refuse(0, "title: what is there to do?");
        return Err(());
    };
    let due = match form.day(1, as_of) {
        Ok(due) => due,
        Err(message) => {
            form.refuse(1, message);
            return Err(());
        }
    };
    let priority = PRIORITIES.get(form.choice(2)).copied().unwrap_or(Priority::Normal);
    let title = unless_unchanged(Some(title), Some(&base.title)).unwrap_or_default();
    let notes = unless_unchanged(form.optional_text(3), base.notes.as_deref());
    Ok(Todo { title, due, priority, notes, ..base })
}

fn add_todo(
    form: &mut Form,
    store: &mut Store,
    account: AccountId,
    as_of: NaiveDate,
) -> StoreResult<Option<Done>> {
    let base = Todo {
        id: TodoId(0),
        account_id: Some(account),
        title: String::new(),
        notes: None,
        due: None,
        priority: Priority::Normal,
        status: TodoStatus::Open,
        snoozed_until: None,
        rule: None,
        created_on: as_of,
        completed_on: None,
        version: 0,
    };
    let Ok(todo) = todo_from_form(form, base, as_of) else { return Ok(None) };
    let id = commit(store, |w| w.insert_todo(&todo))?;
    Ok(Some(Done {
        account: Some(account),
        what: format!("added todo {}", quoted(&todo.title)),
        revert: Revert::RemoveTodo { added: Todo { id, ..todo }, version: 0 },
    }))
}

fn edit_todo(
    form: &mut Form,
    store: &mut Store,
    before: &Todo,
    as_of: NaiveDate,
) -> StoreResult<Option<Done>> {
    let Ok(todo) = todo_from_form(form, before.clone(), as_of) else { return Ok(None) };
    let version = commit(store, |w| w.update_todo(&todo))?;
    Ok(Some(Done {
        account: todo.account_id,
        what: format!("saved todo {}", quoted(&todo.title)),
        revert: Revert::PutTodo { before: before.clone(), version },
    }))
}

fn snooze(
    form: &mut Form,
    store: &mut Store,
    before: &Todo,
    as_of: NaiveDate,
) -> StoreResult<Option<Done>> {
    let until = match form.day(0, as_of) {
        Ok(Some(until)) if until > as_of => until,
        Ok(_) => return refuse(form, 0, "until: a day after today"),
        Err(message) => return refuse(form, 0, message),
    };
    let todo = Todo { snoozed_until: Some(until), ..before.clone() };
    let version = commit(store, |w| w.update_todo(&todo))?;
    Ok(Some(Done {
        account: todo.account_id,
        what: format!("snoozed {} until {until}", quoted(&todo.title)),
        revert: Revert::PutTodo { before: before.clone(), version },
    }))
}

fn edit_contact(
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
        revert: Revert::PutContact { before: before.clone(), version },
    }))
}

/// Marks the todo the todo pane points at as done today.
///
/// # Errors
/// The store could not be read after the edit.
pub fn complete_todo(state: &mut AppState, store: &mut Store, config: &Config) -> StoreResult<()> {
    let Some(before) = picked_todo(state).cloned() else {
        state.status = "no open todo to complete".to_owned();
        return Ok(());
    };
    let done = Todo { status: TodoStatus::Done, completed_on: Some(state.as_of), ..before.clone() };
    match commit(store, |w| w.update_todo(&done)) {
        Ok(version) => {
            let what = format!("done: {}", quoted(&before.title));
            let revert = Revert::PutTodo { before: before.clone(), version };
            finish(state, store, config, Done { account: before.account_id, what, revert })
        }
        Err(e) => refused(state, store, config, before.account_id, &e),
    }
}

/// Asks whether to delete the todo the todo pane points at.
pub fn ask_delete_todo(state: &mut AppState) {
    let Some(todo) = picked_todo(state).cloned() else {
        state.status = "no open todo to delete".to_owned();
        return;
    };
    let question = format!("Delete todo {}?", quoted(&todo.title));
    state.confirm = Some(Confirm { question, doomed: Doomed::Todo(todo) });
}

/// Answers the open question: `yes` deletes.
///
/// # Errors
/// The store could not be read after the edit.
pub fn answer(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    yes: bool,
) -> StoreResult<()> {
    let Some(Confirm { doomed, .. }) = state.confirm.take() else { return Ok(()) };
    if !yes {
        state.status = "nothing deleted".to_owned();
        return Ok(());
    }
    let (account, deleted) = match &doomed {
        Doomed::Todo(todo) => {
            (todo.account_id, commit(store, |w| w.delete_todo(todo.id, todo.version)))
        }
        Doomed::Goal(goal) => {
            (Some(goal.account_id), commit(store, |w| w.delete_goal(goal.id, goal.version)))
        }
    };
    match deleted {
        Ok(()) => {
            let (what, revert) = match doomed {
                Doomed::Todo(todo) => (
                    format!("deleted todo {}", quoted(&todo.title)),
                    Revert::RestoreTodo { before: todo },
                ),
                Doomed::Goal(goal) => (
                    format!("deleted goal {}", quoted(&goal.objective)),
                    Revert::RestoreGoal { before: goal },
                ),
            };
            finish(state, store, config, Done { account, what, revert })
        }
        Err(e) => refused(state, store, config, account, &e),
    }
}

/// Takes back the last edit of this session.
///
/// # Errors
/// The store could not be read after the edit.
pub fn undo(state: &mut AppState, store: &mut Store, config: &Config) -> StoreResult<()> {
    let Some(step) = state.undo.pop() else {
        state.status = "nothing to undo".to_owned();
        return Ok(());
    };
    // What the undo rewrote: (record, its version before the undone edit, its version now).
    let written = commit(store, |w| match &step.revert {
        Revert::RemoveTodo { added, version } => w.delete_same_todo(added, *version).map(|()| None),
        Revert::PutTodo { before, version } => w
            .update_todo(&Todo { version: *version, ..before.clone() })
            .map(|now| Some((Record::Todo(before.id), before.version, now))),
        Revert::RestoreTodo { before } => w.restore_todo(before).map(|()| None),
        Revert::PutContact { before, version } => w
            .update_contact(&Contact { version: *version, ..before.clone() })
            .map(|now| Some((Record::Contact(before.id), before.version, now))),
        Revert::RemoveInteraction { id } => w.delete_interaction(*id).map(|()| None),
        Revert::RemoveGoal { added, version } => w.delete_same_goal(added, *version).map(|()| None),
        Revert::PutGoal { before, version } => w
            .update_goal(&Goal { version: *version, ..before.clone() })
            .map(|now| Some((Record::Goal(before.id), before.version, now))),
        Revert::RestoreGoal { before } => w.restore_goal(before).map(|()| None),
        Revert::PutMilestone { before, version } => w
            .update_milestone(&Milestone { version: *version, ..before.clone() })
            .map(|now| Some((Record::Milestone(before.id), before.version, now))),
    });
    let account = step.account;
    match written {
        Ok(rewritten) => {
            if let Some((record, was, now)) = rewritten {
                // The record is back as it was, at a new version: the earlier steps that expect
                // it as it was follow.
                for earlier in &mut state.undo {
                    earlier.revert.rebase(record, was, now);
                }
            }
            state.status = format!("undone: {}", step.what);
            settle(state, store, config, account)
        }
        Err(e) => refused(state, store, config, account, &e),
    }
}

/// A record undo can rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Record {
    Todo(TodoId),
    Contact(ContactId),
    Goal(GoalId),
    Milestone(MilestoneId),
}

impl Revert {
    /// The record this step expects at version `was` is now at version `now`.
    fn rebase(&mut self, record: Record, was: i64, now: i64) {
        let (target, version) = match self {
            Self::RemoveTodo { added, version } => (Record::Todo(added.id), version),
            Self::PutTodo { before, version } => (Record::Todo(before.id), version),
            Self::PutContact { before, version } => (Record::Contact(before.id), version),
            Self::RemoveGoal { added, version } => (Record::Goal(added.id), version),
            Self::PutGoal { before, version } => (Record::Goal(before.id), version),
            Self::PutMilestone { before, version } => (Record::Milestone(before.id), version),
            Self::RestoreTodo { .. }
            | Self::RestoreGoal { .. }
            | Self::RemoveInteraction { .. } => {
                return;
            }
        };
        if target == record && *version == was {
            *version = now;
        }
    }
}

/// After a committed edit: remember how to undo it, say what happened, show the result.
fn finish(state: &mut AppState, store: &mut Store, config: &Config, done: Done) -> StoreResult<()> {
    state.status = format!("{} · u undoes", done.what);
    if state.undo.len() == UNDO_DEPTH {
        state.undo.remove(0);
    }
    state.undo.push(UndoStep { what: done.what, account: done.account, revert: done.revert });
    settle(state, store, config, done.account)
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
        other => format!("not saved: {other}"),
    };
    settle(state, store, config, account)
}

/// Rescores `account` (the edited record's) and reloads what the panes and the todo queue show.
fn settle(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    account: Option<AccountId>,
) -> StoreResult<()> {
    if let Some(account) = account {
        match state.book.rescore(store, config, account)? {
            Some(index) => state.refresh_account(index),
            // An account came or went: every index moved.
            None => {
                state.refresh_rows();
                state.order_renewals();
            }
        }
    }
    let pane_at = open_todos(state).iter().position(|t| Some(t.id) == state.todo_pick);
    load_selected(state, store, config)?;
    // A picked todo that left the pane (done, deleted) hands the pick to the one after it.
    let pane: Vec<TodoId> = open_todos(state).iter().map(|t| t.id).collect();
    if let Some(at) = pane_at.filter(|_| !pane.iter().any(|id| Some(*id) == state.todo_pick)) {
        state.todo_pick = pane.get(at.min(pane.len().saturating_sub(1))).copied();
    }
    if state.todos_loaded {
        let at = state.todos.iter().position(|t| Some(t.id) == state.queue_pick);
        match account {
            // Only that account's todos can have changed: swap them, no need to read the book's.
            Some(account) => {
                state.todos.retain(|t| t.account_id != Some(account));
                let open =
                    store.todos(account)?.into_iter().filter(|t| t.status == TodoStatus::Open);
                state.todos.extend(open);
                let as_of = state.as_of;
                super::views::todo_queue::sort(&mut state.todos, as_of);
            }
            None => load_queue(state, store)?,
        }
        // A picked todo that left the queue (done, deleted) hands the pick to the one after it.
        if !state.todos.iter().any(|t| Some(t.id) == state.queue_pick) {
            let at = at.unwrap_or(0).min(state.todos.len().saturating_sub(1));
            state.queue_pick = state.todos.get(at).map(|t| t.id);
        }
    }
    Ok(())
}

mod plan;

pub use plan::{
    ask_delete_goal, complete_plan_item, miss_goal, move_plan_pick, open_add_goal,
    open_edit_plan_item,
};

#[cfg(test)]
mod tests;
