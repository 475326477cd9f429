//! `csm todo add|done|snooze|delete|list`: the todos of the book from the command line. Each
//! write is one versioned transaction that scores again only the account it touched, and
//! answers with one line saying what changed; a refusal names the field and writes nothing.
//! It must not print (the caller writes what it returns) nor read or score the whole book.

use std::borrow::Cow;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::CliError;
use super::record::{account, day, refused, rescore};
use crate::config::Config;
use crate::domain::{AccountId, Priority, Todo, TodoId, TodoStanding, TodoStatus, terminal_safe};
use crate::export::TodoOut;
use crate::store::Store;

/// The subcommands of `csm todo`.
#[derive(Debug, clap::Subcommand)]
pub enum TodoCommand {
    /// Add a todo to an account.
    Add {
        /// The account: its external id, its name, or a part of the name only it has.
        account: String,
        /// What there is to do.
        title: String,
        /// The due day: 2026-12-01, today, tomorrow, friday, next friday, in 2 weeks, eom, next
        /// month, +3d.
        #[arg(long, value_name = "D")]
        due: Option<String>,
        /// urgent, high, normal or low.
        #[arg(long, value_name = "P", default_value = "normal")]
        priority: String,
    },
    /// Mark a todo as done on the as-of date.
    Done {
        /// The todo's id, as `todo list` shows it.
        id: String,
    },
    /// Put a todo off until a later day (a week unless --until says otherwise).
    Snooze {
        /// The todo's id, as `todo list` shows it.
        id: String,
        /// The day it comes back: a day after the as-of date.
        #[arg(long, value_name = "D")]
        until: Option<String>,
    },
    /// Delete a todo.
    Delete {
        /// The todo's id, as `todo list` shows it.
        id: String,
    },
    /// List the open todos, by due day, then priority.
    List {
        /// Only the overdue ones (a snoozed todo is not overdue).
        #[arg(long)]
        overdue: bool,
        /// Only those of this account.
        #[arg(long, value_name = "ACCOUNT")]
        account: Option<String>,
        /// Print JSON: an array of todos, their fields named as in `csm export`, with
        /// `account_id` and `account` (its name) added.
        #[arg(long)]
        json: bool,
    },
}

impl TodoCommand {
    /// Whether the command writes the book (else it opens the book to read only).
    #[must_use]
    pub fn writes(&self) -> bool {
        !matches!(self, Self::List { .. })
    }
}

/// Runs `csm todo`; returns what to print.
///
/// # Errors
/// A refused input, naming its field; the store could not be read or written.
pub(super) fn run(
    store: &mut Store,
    config: &Config,
    command: &TodoCommand,
    as_of: NaiveDate,
) -> Result<String, CliError> {
    match command {
        TodoCommand::Add { account: query, title, due, priority } => {
            let account = account(store, query)?;
            let title = title.trim();
            if title.is_empty() {
                return Err(refused("title", "what is there to do?"));
            }
            let due = due.as_deref().map(|d| day("due", d, as_of)).transpose()?;
            let priority: Priority = priority.parse().map_err(|e| refused("priority", e))?;
            let todo = Todo {
                id: TodoId(0),
                account_id: Some(account.id),
                title: title.to_owned(),
                notes: None,
                due,
                priority,
                status: TodoStatus::Open,
                snoozed_until: None,
                rule: None,
                created_on: as_of,
                completed_on: None,
                version: 0,
            };
            let writer = store.writer()?;
            let id = writer.insert_todo(&todo)?;
            writer.commit()?;
            rescore(store, config, as_of, account.id);
            let due = due.map(|d| format!(", due {d}")).unwrap_or_default();
            let priority =
                if priority == Priority::Normal { String::new() } else { format!(", {priority}") };
            Ok(format!(
                "added todo {} {} to {}{due}{priority}\n",
                id.0,
                quoted(title),
                terminal_safe(&account.name)
            ))
        }
        TodoCommand::Done { id } => {
            let before = open_todo(store, id, "done")?;
            let after =
                Todo { status: TodoStatus::Done, completed_on: Some(as_of), ..before.clone() };
            let of = save(store, config, as_of, &after)?;
            Ok(format!("done: todo {} {}{of} on {as_of}\n", after.id.0, quoted(&after.title)))
        }
        TodoCommand::Snooze { id, until } => {
            let before = open_todo(store, id, "snoozed")?;
            // As the workspace's snooze form: a week unless said otherwise, and never today or
            // earlier, which would not put anything off.
            let until = match until {
                Some(text) => day("until", text, as_of)?,
                None => as_of.checked_add_days(Days::new(7)).unwrap_or(as_of),
            };
            if until <= as_of {
                return Err(refused("until", format!("a day after {as_of}, the as-of date")));
            }
            let after = Todo { snoozed_until: Some(until), ..before };
            let of = save(store, config, as_of, &after)?;
            Ok(format!("snoozed todo {} {}{of} until {until}\n", after.id.0, quoted(&after.title)))
        }
        TodoCommand::Delete { id } => {
            let todo = find(store, id)?;
            let of = of_account(store, todo.account_id)?;
            let writer = store.writer()?;
            writer.delete_todo(todo.id, todo.version)?;
            writer.commit()?;
            if let Some(account) = todo.account_id {
                rescore(store, config, as_of, account);
            }
            Ok(format!("deleted todo {} {}{of}\n", todo.id.0, quoted(&todo.title)))
        }
        TodoCommand::List { overdue, account: query, json } => {
            list(store, as_of, *overdue, query.as_deref(), *json)
        }
    }
}

/// The todo the id `text` names.
fn find(store: &Store, text: &str) -> Result<Todo, CliError> {
    let shown = terminal_safe(text);
    let id: i64 = text
        .trim()
        .parse()
        .map_err(|_| refused("id", format!("“{shown}” is not a todo id (a number)")))?;
    store.todo(TodoId(id))?.ok_or_else(|| refused("id", format!("there is no todo {id}")))
}

/// The todo the id `text` names, which must still be open to be `done` or `snoozed`.
fn open_todo(store: &Store, text: &str, verb: &str) -> Result<Todo, CliError> {
    let todo = find(store, text)?;
    if todo.status == TodoStatus::Done {
        return Err(refused(
            "id",
            format!("todo {} is done already: it cannot be {verb}", todo.id.0),
        ));
    }
    Ok(todo)
}

/// Writes `after` over the todo as it was read (refused when it was changed meanwhile), scores
/// its account again and returns " of ACCOUNT" for the answer.
fn save(
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
    after: &Todo,
) -> Result<String, CliError> {
    let of = of_account(store, after.account_id)?;
    let writer = store.writer()?;
    writer.update_todo(after)?;
    writer.commit()?;
    if let Some(account) = after.account_id {
        rescore(store, config, as_of, account);
    }
    Ok(of)
}

/// " of ACCOUNT" for a todo of an account, nothing for one of the CSM's own.
fn of_account(store: &Store, account: Option<AccountId>) -> Result<String, CliError> {
    let Some(id) = account else { return Ok(String::new()) };
    Ok(store.account(id)?.map(|a| format!(" of {}", terminal_safe(&a.name))).unwrap_or_default())
}

fn quoted(title: &str) -> String {
    format!("“{}”", terminal_safe(title))
}

/// A listed todo in JSON: the export's fields and its account.
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    todo: TodoOut<'a>,
    account_id: Option<i64>,
    account: Option<&'a str>,
}

/// The open todos, of one account or all, the overdue ones only when asked.
fn list(
    store: &Store,
    as_of: NaiveDate,
    overdue: bool,
    query: Option<&str>,
    json: bool,
) -> Result<String, CliError> {
    let only = query.map(|q| account(store, q)).transpose()?.map(|a| a.id);
    let (accounts, todos) = store.snapshot(|store| Ok((store.accounts()?, store.open_todos()?)))?;
    let name = |id: Option<AccountId>| {
        let at = id.and_then(|id| accounts.binary_search_by_key(&id, |a| a.id).ok());
        at.map(|i| accounts[i].name.as_str())
    };
    let todos: Vec<&Todo> = todos
        .iter()
        .filter(|t| only.is_none() || t.account_id == only)
        .filter(|t| !overdue || t.standing(as_of).is_overdue())
        .collect();
    if json {
        let listed: Vec<Listed<'_>> = todos
            .iter()
            .map(|t| Listed {
                todo: TodoOut::of(t),
                account_id: t.account_id.map(|a| a.0),
                account: name(t.account_id),
            })
            .collect();
        let text = crate::format::json::to_string_pretty(&listed)
            .map_err(|e| CliError::Output(std::io::Error::other(e)))?;
        return Ok(text + "\n");
    }
    if todos.is_empty() {
        let which = if overdue { "overdue" } else { "open" };
        return Ok(format!("no {which} todos as of {as_of}\n"));
    }
    let mut out = String::new();
    for todo in todos {
        let due = todo.due.map_or_else(|| "-".repeat(10), |d| d.to_string());
        let standing = match todo.standing(as_of) {
            TodoStanding::Overdue => "  (overdue)".to_owned(),
            TodoStanding::DueToday => "  (due today)".to_owned(),
            TodoStanding::Snoozed { until } => format!("  (snoozed until {until})"),
            _ => String::new(),
        };
        let account = name(todo.account_id).map_or(Cow::Borrowed("(no account)"), terminal_safe);
        out.push_str(&format!(
            "{:>6}  {due}  {:<6}  {account}: {}{standing}\n",
            todo.id.0,
            todo.priority.code(),
            terminal_safe(&todo.title)
        ));
    }
    Ok(out)
}
