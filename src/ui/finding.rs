//! `update`'s part for finding: search everything (over the index of the book's records) and the
//! command palette (over the keymap's actions and the accounts). It keeps the index current (a
//! book read again or an edit makes it stale, and the event loop builds a new one beside the
//! screen), steps the popups with the keys typed, and says what a pick opens or runs. It reads
//! the store only to build an index when no loop can, and must not draw.

use chrono::NaiveDate;

use super::ids::{PaneId, PlanItem, View};
use super::load::load_queue;
use super::modal::Modal;
use super::state::{AppState, Filters, Search};
use crate::config::Config;
use crate::domain::{AccountId, terminal_safe};
use crate::listing::everything::{BookRecords, RecordIndex, Target};
use crate::store::{Store, StoreResult};

pub mod model;
pub mod palette;

pub use model::{Finder, INDEXING, Picked, Records};
pub use palette::Palette;

/// The most matches a group of the search over everything holds: more than the tallest popup
/// shows, which [`Found::fit`](crate::listing::everything::Found::fit) cuts to its room.
const FOUND_CAP: usize = 40;

/// Reads every record of the book at `as_of` and indexes it (timeline entries after `as_of`
/// are left out: the timeline does not show them yet).
///
/// # Errors
/// The store could not be read.
pub fn read_records(store: &Store, as_of: NaiveDate) -> StoreResult<Box<RecordIndex>> {
    let mut entries = store.all_interactions()?;
    entries.retain(|i| i.date <= as_of);
    Ok(Box::new(RecordIndex::new(BookRecords {
        accounts: store.accounts()?,
        contacts: store.all_contacts()?,
        todos: store.open_todos()?,
        entries,
        goals: store.all_goals()?,
        opportunities: store.all_opportunities()?,
    })))
}

/// Takes in a built index (or why none could be built); an open search shows its matches.
pub fn indexed(state: &mut AppState, index: Result<Box<RecordIndex>, String>) {
    state.records.building = false;
    match index {
        Ok(index) => {
            state.records.index = Some(index);
            if state.status == INDEXING {
                state.status.clear();
            }
            if let Modal::Find(finder) = &mut state.modal {
                search(&mut state.records, finder);
            }
        }
        // An index built beside the screen fails when the book cannot be read (a server gone):
        // the action that met the same failure has already said what it did not save, which
        // matters more than the search, and the search says it again once it is opened.
        Err(why) if asked_for(state) => {
            state.status = format!("search could not index the book: {why}");
        }
        Err(_) => {}
    }
}

/// Whether the person is waiting on the index: the search is open, or nothing else is said.
fn asked_for(state: &AppState) -> bool {
    matches!(state.modal, Modal::Find(_)) || state.status.is_empty() || state.status == INDEXING
}

/// Opens the search over everything (the index is built first if there is none yet).
pub fn open_finder(state: &mut AppState) {
    state.records.wanted = true;
    if state.records.index.is_none() {
        state.status = INDEXING.to_owned();
    }
    state.modal = Modal::Find(Finder::default());
}

/// Opens the command palette over the keymap in force (the one the help is drawn from).
pub fn open_palette(state: &mut AppState, config: &Config) {
    match super::keymap::Keymap::load(&config.keymap) {
        Ok(keymap) => state.modal = Modal::Palette(Box::new(Palette::new(&keymap))),
        Err(why) => state.status = format!("no palette: {why}"),
    }
}

/// Runs the search of `finder`'s query again.
fn search(records: &mut Records, finder: &mut Finder) {
    let found = records.index.as_mut().map(|i| i.find(&finder.query, FOUND_CAP));
    finder.found = found.unwrap_or_default().fit(finder.rows);
    finder.at = 0;
}

/// A character typed into the open search or palette.
pub fn typed(state: &mut AppState, text: &str) {
    match &mut state.modal {
        Modal::Find(finder) => {
            finder.query.push_str(text);
            search(&mut state.records, finder);
        }
        Modal::Palette(palette) => {
            palette.query.push_str(text);
            palette.search(&state.book.scored.accounts);
        }
        _ => {}
    }
}

/// Backspace in the open search or palette.
pub fn erased(state: &mut AppState) {
    match &mut state.modal {
        Modal::Find(finder) => {
            finder.query.pop();
            search(&mut state.records, finder);
        }
        Modal::Palette(palette) => {
            palette.query.pop();
            palette.search(&state.book.scored.accounts);
        }
        _ => {}
    }
}

/// Moves the pick of the open search or palette by `delta`, within its list.
pub fn moved(state: &mut AppState, delta: isize) {
    let (at, len) = match &mut state.modal {
        Modal::Find(finder) => {
            let len = finder.found.shown().count();
            (&mut finder.at, len)
        }
        Modal::Palette(palette) => {
            let len = palette.shown.len();
            (&mut palette.at, len)
        }
        _ => return,
    };
    *at = at.saturating_add_signed(delta).min(len.saturating_sub(1));
}

/// Enter in the open search or palette: closes it and says what it asks for.
pub fn pick(state: &mut AppState) -> Picked {
    let picked = match &state.modal {
        Modal::Find(finder) => {
            let record = finder.picked().and_then(|i| state.records.index.as_ref()?.record(i));
            match record {
                None => Picked::Nothing,
                Some(r) => match (r.account, r.target) {
                    (Some(account), target) => Picked::Open(account, Some(target)),
                    (None, Target::Todo(todo)) => Picked::QueueTodo(todo),
                    (None, _) => Picked::Nothing,
                },
            }
        }
        Modal::Palette(palette) => palette.picked(&state.book.scored.accounts),
        _ => Picked::Nothing,
    };
    if picked != Picked::Nothing {
        state.modal = Modal::None;
    }
    picked
}

/// Selects `account` in the book view's list (the list's filters and search are cleared when
/// they hide it) and shows the pane or view `target` is in, with the list focused for an
/// account. Returns whether the account is in the book.
pub fn open(state: &mut AppState, account: AccountId, target: Option<Target>) -> bool {
    let row = match state.book.row_of(account) {
        Some(row) => Some(row),
        None => {
            // A churned account is shown among the churned ones.
            let churned =
                state.book.scored.accounts.iter().any(|e| e.account.id == account && e.churned);
            state.filters = Filters { churned, ..Filters::default() };
            state.search = Search::default();
            state.refresh_rows();
            state.status = "filters and search cleared to show the account".to_owned();
            state.book.row_of(account)
        }
    };
    let Some(row) = row else {
        state.status = "that account is not in the book any more".to_owned();
        return false;
    };
    state.selected = row;
    state.zoomed = false;
    state.focus = match target {
        Some(Target::Contact(_)) => PaneId::Stakeholders,
        Some(Target::Todo(_)) => PaneId::Todos,
        Some(Target::Goal(_)) => PaneId::Plan,
        Some(Target::Opportunity(_)) => PaneId::Renewal,
        _ => PaneId::Accounts,
    };
    let view =
        if matches!(target, Some(Target::Entry { .. })) { View::Timeline } else { View::Book };
    state.show(view);
    true
}

/// Points the pane or view `target` is in at it, once its account is loaded.
pub fn point_at(state: &mut AppState, target: Target) {
    match target {
        Target::Account(_) => {}
        Target::Contact(id) => state.contact_pick = Some(id),
        Target::Todo(id) => state.todo_pick = Some(id),
        Target::Entry { id, .. } => state.timeline_pick = Some(id),
        Target::Goal(id) => state.plan_pick = Some(PlanItem::Goal(id)),
        Target::Opportunity(id) => state.opportunity_pick = Some(id),
    }
}

/// Shows the todo queue with `todo` picked (a todo of no account has no pane to be in).
///
/// # Errors
/// The store could not be read.
pub fn open_in_queue(
    state: &mut AppState,
    store: &Store,
    todo: crate::domain::TodoId,
) -> StoreResult<()> {
    if !state.book.todos_loaded {
        load_queue(state, store)?;
    }
    state.queue_pick = Some(todo);
    state.show(View::Todos);
    Ok(())
}

/// The name of `account` as the popups draw it.
#[must_use]
pub fn account_name(state: &AppState, account: Option<AccountId>) -> String {
    let name = account.and_then(|id| state.records.index.as_ref()?.account_name(id));
    name.map_or_else(|| "no account".to_owned(), |n| terminal_safe(n).into_owned())
}

#[cfg(test)]
mod tests;
