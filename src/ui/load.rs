//! Reading from the store what the workspace shows: the selected account's details, the book's
//! open todos for the queue, and the book read again in place of the one on screen. Called by
//! `update` and by the edits after a commit; it reads the store and replaces state, and must not
//! write to the store or draw.

use std::collections::BTreeMap;

use super::state::{AppState, Selected, View};
use super::views::todo_queue;
use crate::book::{ScoredBook, account_detail};
use crate::config::Config;
use crate::domain::InteractionKind;
use crate::scoring::Depth;
use crate::store::{Store, StoreResult};

/// Reads the book again, keeping the user's place: another workspace's (or an import's) edits
/// show, and the accounts they changed are rescored.
pub fn refresh(state: &mut AppState, store: &mut Store, config: &Config) -> StoreResult<()> {
    let book = ScoredBook::load(store, config, state.as_of)?;
    let changed = put_book(state, store, config, book)?;
    state.status = match changed {
        0 => "refreshed: no account changed".to_owned(),
        1 => "refreshed: 1 account changed".to_owned(),
        n => format!("refreshed: {n} accounts changed"),
    };
    Ok(())
}

/// Puts `book`, read again, in place of the one on screen, keeping the user's place, and reads
/// what the screen shows of it; how many accounts differ.
///
/// # Errors
/// The store could not be read.
pub fn put_book(
    state: &mut AppState,
    store: &Store,
    config: &Config,
    book: ScoredBook,
) -> StoreResult<usize> {
    let changed = book.accounts.len().abs_diff(state.book.scored.accounts.len())
        + book.accounts.iter().zip(&state.book.scored.accounts).filter(|(a, b)| a != b).count();
    state.replace_book(book);
    // The forecast follows the new book at once; its rates are read again when it opens.
    state.forecast.stale = true;
    super::forecasting::settle(&mut state.forecast, &state.book.scored, store, config)?;
    load_selected(state, store, config)?;
    if state.view == View::Todos {
        load_queue(state, store)?;
    }
    Ok(changed)
}

/// Reads every open todo of the book for the todo queue, in the queue's order.
///
/// # Errors
/// The store could not be read.
pub fn load_queue(state: &mut AppState, store: &Store) -> StoreResult<()> {
    state.book.todos = store.open_todos()?;
    todo_queue::sort(&mut state.book.todos, state.as_of);
    state.book.todos_loaded = true;
    Ok(())
}

/// Reads the retention the portfolio shows: the default periods at the workspace's date (the
/// last four quarters and their span), for the book and each segment.
///
/// # Errors
/// The store could not be read.
pub fn load_retention(state: &mut AppState, store: &Store) -> StoreResult<()> {
    state.book.retention = Some(crate::outcomes::retention_at(store, state.as_of)?);
    Ok(())
}

/// Loads what the panes show of the selected account: its full score with the sparkline, its
/// timeline, and each contact's last touch.
///
/// # Errors
/// The store could not be read.
pub fn load_selected(state: &mut AppState, store: &Store, config: &Config) -> StoreResult<()> {
    let Some(id) = state.selected_entry().map(|e| e.account.id) else {
        state.book.detail = None;
        return Ok(());
    };
    let Some(detail) = account_detail(store, config, id, state.as_of, Depth::WithSparkline)? else {
        state.book.detail = None;
        return Ok(());
    };
    let mut timeline: Vec<_> =
        store.interactions(id)?.into_iter().filter(|i| i.date <= state.as_of).collect();
    timeline.reverse();
    let mut last_touch = BTreeMap::new();
    for interaction in timeline.iter().filter(|i| i.kind != InteractionKind::Note) {
        for contact in &interaction.contacts {
            last_touch.entry(*contact).or_insert(interaction.date);
        }
    }
    let milestones = store.milestones(id)?;
    let goals = store.goals(id)?;
    let records = crate::domain::effective_records(
        &store.renewal_records_of(id)?,
        &detail.facts.opportunities,
        state.as_of,
    );
    let churn = records
        .iter()
        .max_by_key(|r| r.due)
        .filter(|r| crate::domain::churned_at(&records, state.as_of).contains(&id) && r.churned())
        .cloned();
    state.book.detail = Some(Selected { detail, timeline, last_touch, milestones, goals, churn });
    Ok(())
}
