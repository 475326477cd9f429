//! The todo edits: the pointers of the todo pane and of the todo queue; adding, editing and
//! snoozing a todo through its form (one `FormEdit` each); completing and deleting one. Each is
//! one transaction, undoable, versioned against edits made elsewhere, like every edit of
//! `editing`; this module must not draw.

use chrono::NaiveDate;

use super::records::{Add, Delete, Save};
use super::{account, account_name, apply, ask, editable, moved, open, quoted, unless_unchanged};
use crate::config::Config;
use crate::domain::{AccountId, Priority, Todo, TodoId, TodoStatus};
use crate::store::{Store, StoreResult};
use crate::ui::edit::FormEdit;
use crate::ui::form::{Form, Input, Refusal, form_fields};
use crate::ui::panes::todos;
use crate::ui::state::{AppState, View};

/// The choices of a todo's priority, in rising order so the choice cycles low, normal, high,
/// urgent and round again.
const PRIORITIES: [Priority; 4] =
    [Priority::Low, Priority::Normal, Priority::High, Priority::Urgent];

/// Where the priority choice starts on a new todo: normal.
const DEFAULT_PRIORITY: usize = 1;

/// What the account choice says of a todo of no account: the book's own.
const NO_ACCOUNT: &str = "no account";

/// The open todos of the selected account in the todo pane's order.
pub(super) fn open_todos(state: &AppState) -> Vec<&Todo> {
    state
        .book
        .detail
        .as_ref()
        .map_or_else(Vec::new, |s| todos::in_order(&s.detail.facts.open_todos, state.as_of))
}

/// The todo the todo keys act on: in the todo queue view the one it points at, elsewhere the
/// one the todo pane points at (the first when none is picked).
#[must_use]
pub fn picked_todo(state: &AppState) -> Option<&Todo> {
    if state.view == View::Todos {
        let queue = &state.book.todos;
        let picked = queue.iter().position(|t| Some(t.id) == state.queue_pick).unwrap_or(0);
        return queue.get(picked);
    }
    let todos = open_todos(state);
    let picked = todos.iter().position(|t| Some(t.id) == state.todo_pick).unwrap_or(0);
    todos.get(picked).copied()
}

/// Moves the todo queue's pointer by `delta`.
pub fn move_queue_pick(state: &mut AppState, delta: isize) {
    let at = state.book.todos.iter().position(|t| Some(t.id) == state.queue_pick).unwrap_or(0);
    let to = at.saturating_add_signed(delta).min(state.book.todos.len().saturating_sub(1));
    state.queue_pick = state.book.todos.get(to).map(|t| t.id);
}

/// Moves the todo pane's pointer by `delta`.
pub fn move_todo_pick(state: &mut AppState, delta: isize) {
    let ids: Vec<TodoId> = open_todos(state).iter().map(|t| t.id).collect();
    state.todo_pick = moved(&ids, state.todo_pick, delta);
}

/// Opens the form that adds a todo to the selected account; in the todo queue, picked on a
/// todo of no account (the book's own), one of no account.
pub fn open_add_todo(state: &mut AppState) {
    if state.view == View::Todos && picked_todo(state).is_some_and(|t| t.account_id.is_none()) {
        open(state, AddTodo { account: None, name: NO_ACCOUNT.to_owned() });
        return;
    }
    let Some(account) = account(state) else { return };
    let name = account_name(state);
    open(state, AddTodo { account: Some(account), name });
}

/// Opens the form that edits the todo the todo pane points at.
pub fn open_edit_todo(state: &mut AppState) {
    let Some(todo) = picked_todo(state).cloned() else {
        state.status = "no open todo to edit".to_owned();
        return;
    };
    let accounts = &state.book.scored.accounts;
    let account = todo.account_id.and_then(|id| accounts.iter().find(|e| e.account.id == id));
    let belongs = account.map_or_else(|| NO_ACCOUNT.to_owned(), |e| editable(&e.account.name));
    open(state, EditTodo { todo, belongs });
}

/// Opens the form that snoozes the todo the todo pane points at (a week unless changed).
pub fn open_snooze(state: &mut AppState) {
    let Some(todo) = picked_todo(state).cloned() else {
        state.status = "no open todo to snooze".to_owned();
        return;
    };
    let until = state.as_of.checked_add_days(chrono::Days::new(7)).unwrap_or(state.as_of);
    open(state, Snooze { todo, until });
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
    let after =
        Todo { status: TodoStatus::Done, completed_on: Some(state.as_of), ..before.clone() };
    let what = format!("done: {}", quoted(&before.title));
    apply(state, store, config, Box::new(Save { before, after, what }))
}

/// Asks whether to delete the todo the todo pane points at.
pub fn ask_delete_todo(state: &mut AppState) {
    let Some(todo) = picked_todo(state).cloned() else {
        state.status = "no open todo to delete".to_owned();
        return;
    };
    let question = format!("Delete todo {}?", quoted(&todo.title));
    let what = format!("deleted todo {}", quoted(&todo.title));
    ask(state, question, Delete { record: todo, what });
}

form_fields! {
    /// The fields of the todo form, in its order.
    enum TodoField {
        Title => "title",
        Due => "due",
        Priority => "priority",
        Notes => "notes",
        Account => "account",
    }
}

/// The input of `field` in the todo form, holding `todo`'s value (empty when adding).
fn todo_input(todo: Option<&Todo>, field: TodoField) -> Input {
    match field {
        TodoField::Title => Input::line(&todo.map(|t| editable(&t.title)).unwrap_or_default())
            .hint("what is there to do"),
        TodoField::Due => {
            let due = todo.and_then(|t| t.due).map(|d| d.to_string()).unwrap_or_default();
            Input::day(&due).hint("none, or 2026-12-01, tomorrow, friday, in 2 weeks")
        }
        TodoField::Priority => {
            let at = todo.and_then(|t| PRIORITIES.iter().position(|p| *p == t.priority));
            Input::choice(
                PRIORITIES.iter().map(|p| p.code().to_owned()).collect(),
                at.unwrap_or(DEFAULT_PRIORITY),
            )
        }
        TodoField::Notes => {
            Input::text(&todo.and_then(|t| t.notes.as_deref()).map(editable).unwrap_or_default())
        }
        // Each form says whose todo it is (see `AddTodo` and `EditTodo`).
        TodoField::Account => Input::choice(vec![NO_ACCOUNT.to_owned()], 0),
    }
}

/// What the todo form holds.
struct TodoDraft {
    title: String,
    due: Option<NaiveDate>,
    priority: Priority,
    notes: Option<String>,
}

impl TodoDraft {
    /// Reads the todo form, or says which field is refused and why.
    fn read(form: &Form, as_of: NaiveDate) -> Result<Self, Refusal<TodoField>> {
        let title = form
            .optional_text(TodoField::Title)
            .ok_or_else(|| Refusal::new(TodoField::Title, "what is there to do?"))?;
        let due = form.day(TodoField::Due, as_of)?;
        let priority = PRIORITIES.get(form.choice(TodoField::Priority)).copied();
        let notes = form.optional_text(TodoField::Notes);
        Ok(Self { title, due, priority: priority.unwrap_or(Priority::Normal), notes })
    }

    /// `base` with the draft's fields; a text left as the form showed it stays as stored.
    fn over(self, base: Todo) -> Todo {
        let title = unless_unchanged(Some(self.title), Some(&base.title)).unwrap_or_default();
        let notes = unless_unchanged(self.notes, base.notes.as_deref());
        Todo { title, due: self.due, priority: self.priority, notes, ..base }
    }
}

/// Adding a todo to `account` (named `name`), or to none: the book's own.
#[derive(Debug)]
struct AddTodo {
    account: Option<AccountId>,
    name: String,
}

impl FormEdit for AddTodo {
    type Field = TodoField;
    type Edit = Add<Todo>;

    fn title(&self) -> String {
        format!("New todo · {}", self.name)
    }

    /// The account choice offers the account, first, or none (a todo of the book's own).
    fn input(&self, field: TodoField) -> Input {
        match (field, self.account) {
            (TodoField::Account, Some(_)) => {
                Input::choice(vec![self.name.clone(), NO_ACCOUNT.to_owned()], 0)
            }
            _ => todo_input(None, field),
        }
    }

    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<Add<Todo>, Refusal<TodoField>> {
        let account = self.account.filter(|_| form.choice(TodoField::Account) == 0);
        let base = Todo {
            id: TodoId(0),
            account_id: account,
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
        let todo = TodoDraft::read(form, as_of)?.over(base);
        Ok(Add { what: format!("added todo {}", quoted(&todo.title)), record: todo })
    }
}

/// Editing a todo's title, due day, priority and notes; `belongs` names its account (or none),
/// which editing does not change.
#[derive(Debug)]
struct EditTodo {
    todo: Todo,
    belongs: String,
}

impl FormEdit for EditTodo {
    type Field = TodoField;
    type Edit = Save<Todo>;

    fn title(&self) -> String {
        format!("Edit todo {}", quoted(&self.todo.title))
    }

    fn input(&self, field: TodoField) -> Input {
        match field {
            TodoField::Account => Input::choice(vec![self.belongs.clone()], 0),
            _ => todo_input(Some(&self.todo), field),
        }
    }

    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<Save<Todo>, Refusal<TodoField>> {
        let after = TodoDraft::read(form, as_of)?.over(self.todo.clone());
        let what = format!("saved todo {}", quoted(&after.title));
        Ok(Save { before: self.todo.clone(), after, what })
    }
}

form_fields! {
    /// The one field of the snooze form.
    enum SnoozeField { Until => "until" }
}

/// Snoozing a todo until a day after today, `until` unless changed.
#[derive(Debug)]
struct Snooze {
    todo: Todo,
    until: NaiveDate,
}

impl FormEdit for Snooze {
    type Field = SnoozeField;
    type Edit = Save<Todo>;

    fn title(&self) -> String {
        format!("Snooze {}", quoted(&self.todo.title))
    }

    fn input(&self, SnoozeField::Until: SnoozeField) -> Input {
        Input::day(&self.until.to_string())
    }

    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<Save<Todo>, Refusal<SnoozeField>> {
        let until = match form.day(SnoozeField::Until, as_of)? {
            Some(until) if until > as_of => until,
            _ => return Err(Refusal::new(SnoozeField::Until, "a day after today")),
        };
        let after = Todo { snoozed_until: Some(until), ..self.todo.clone() };
        let what = format!("snoozed {} until {until}", quoted(&after.title));
        Ok(Save { before: self.todo.clone(), after, what })
    }
}
