//! `update`: the only code that changes the workspace's state, reading the store on its behalf
//! and handing edits to `editing` (the only code that writes). Each action is applied in full
//! before the next draw; details of the selected account are loaded here, never while drawing.

use std::collections::BTreeMap;

use super::action::Action;
use super::briefing;
use super::editing;
use super::importing::ImportView;
use super::state::{AppState, FilterKind, PaneId, Selected, View};
use super::views::todo_queue;
use crate::book::{ScoredBook, account_detail};
use crate::config::Config;
use crate::domain::{InteractionKind, terminal_safe};
use crate::scoring::Depth;
use crate::store::{Store, StoreResult};

/// Applies `action` to `state`, reading from `store` what the new state shows and writing the
/// edits it asks for (through `editing`).
///
/// # Errors
/// The store could not be read; the state is left as it was before the load.
pub fn update(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    action: Action,
) -> StoreResult<()> {
    if report_key(state, action) {
        return Ok(());
    }
    if action.edits() && matches!(state.import, Some(ImportView::Running { .. })) {
        state.status = "an import is running: edits wait until it ends".to_owned();
        return Ok(());
    }
    // The import form may open: the import it asks for starts once the playbooks have run.
    if action.edits() && action != Action::Import && state.playbooks_running {
        state.status = "the playbooks are running: edits wait until they end".to_owned();
        return Ok(());
    }
    let before = state.selected_entry().map(|e| e.account.id);
    match action {
        Action::Quit => state.quit = true,
        Action::ToggleHelp => state.help = !state.help,
        Action::Back => {
            if state.help {
                state.help = false;
            } else if state.search.typing {
                state.search.typing = false;
                state.search.query.clear();
                state.apply_search();
            } else if state.view != View::Book {
                // A kept search stays: back in the book, the list is as it was left.
                state.show(View::Book);
            } else if !state.search.query.is_empty() {
                state.search.query.clear();
                state.apply_search();
            } else {
                state.focus = PaneId::Accounts;
            }
        }
        Action::FocusNext => state.focus = state.focus.cycle(false),
        Action::FocusPrev => state.focus = state.focus.cycle(true),
        Action::ShowBook => state.show(View::Book),
        Action::ShowTodos => {
            if !state.todos_loaded {
                load_queue(state, store)?;
            }
            state.show(View::Todos);
        }
        Action::ShowRenewals => state.show(View::Renewals),
        Action::ShowPortfolio => state.show(View::Portfolio),
        Action::ShowTimeline => state.show(View::Timeline),
        Action::ShowQbr => {
            if state.selected_entry().is_some() {
                state.show(View::Qbr);
            } else {
                state.status = "no account selected".to_owned();
            }
        }
        Action::WriteQbr => briefing::write(state, store, config)?,
        Action::OpenTimeline => {
            // Only from the book, where the list and its selection are on screen.
            if state.view == View::Book {
                if state.selected_entry().is_some() {
                    state.show(View::Timeline);
                } else {
                    state.status = "no account selected".to_owned();
                }
            }
        }
        Action::SelectNext
        | Action::SelectPrev
        | Action::SelectFirst
        | Action::SelectLast
        | Action::PageDown
        | Action::PageUp
            if state.view == View::Todos =>
        {
            let delta = movement(state, action);
            editing::move_queue_pick(state, delta);
            // A page turns the view too, so the picked todo keeps its place on screen.
            match action {
                Action::PageDown => state.view_scroll.scroll_pages(1),
                Action::PageUp => state.view_scroll.scroll_pages(-1),
                _ => {}
            }
        }
        Action::SelectNext
        | Action::SelectPrev
        | Action::SelectFirst
        | Action::SelectLast
        | Action::PageDown
        | Action::PageUp
            if state.view.scrolls() =>
        {
            scroll(state, action);
        }
        Action::SelectNext
        | Action::SelectPrev
        | Action::SelectFirst
        | Action::SelectLast
        | Action::PageDown
        | Action::PageUp
            if matches!(state.focus, PaneId::Todos | PaneId::Stakeholders | PaneId::Plan) =>
        {
            let delta = movement(state, action);
            match state.focus {
                PaneId::Todos => editing::move_todo_pick(state, delta),
                PaneId::Plan => editing::move_plan_pick(state, delta),
                _ => editing::move_contact_pick(state, delta),
            }
        }
        Action::SelectFirst => state.selected = 0,
        Action::SelectNext
        | Action::SelectPrev
        | Action::SelectLast
        | Action::PageDown
        | Action::PageUp => {
            let delta = movement(state, action);
            state.move_selection(delta);
        }
        Action::StartSearch => {
            state.show(View::Book);
            state.focus = PaneId::Accounts;
            state.search.typing = true;
        }
        Action::SearchType(c) => {
            state.search.query.push(c);
            state.apply_search();
        }
        Action::SearchErase => {
            state.search.query.pop();
            state.apply_search();
        }
        Action::SearchKeep => state.search.typing = false,
        Action::CycleSort => {
            state.cycle_sort();
            state.status = format!("sorted by {}", state.sort.label());
        }
        Action::FilterBand => state.cycle_filter(FilterKind::Band),
        Action::FilterSegment => state.cycle_filter(FilterKind::Segment),
        Action::FilterOwner => state.cycle_filter(FilterKind::Owner),
        Action::FilterPhase => state.cycle_filter(FilterKind::Phase),
        Action::FilterSignal => state.cycle_filter(FilterKind::Signal),
        Action::ClearFilters => {
            state.filters = super::state::Filters::default();
            state.search = super::state::Search::default();
            state.refresh_rows();
            state.status = "filters cleared".to_owned();
        }
        Action::ToggleTree => state.tree = !state.tree,
        Action::LogTouchpoint if follow_picked_todo(state, store, config)? => {
            editing::open_log_touch(state);
        }
        Action::AddTodo if follow_picked_todo(state, store, config)? => {
            editing::open_add_todo(state);
        }
        Action::LogTouchpoint | Action::AddTodo => {}
        Action::EditTodo => editing::open_edit_todo(state),
        Action::CompleteTodo => editing::complete_todo(state, store, config)?,
        Action::SnoozeTodo => editing::open_snooze(state),
        Action::DeleteTodo => editing::ask_delete_todo(state),
        Action::EditStakeholder => editing::open_edit_contact(state),
        Action::AddGoal => editing::open_add_goal(state),
        Action::EditPlanItem => editing::open_edit_plan_item(state),
        Action::CompletePlanItem => editing::complete_plan_item(state, store, config)?,
        Action::MissGoal => editing::miss_goal(state, store, config)?,
        Action::DeleteGoal => editing::ask_delete_goal(state),
        Action::Undo => editing::undo(state, store, config)?,
        Action::Refresh => refresh(state, store, config)?,
        Action::Import => editing::open_import(state),
        Action::FormKey(key) => editing::form_key(state, store, config, key)?,
        Action::Answer(yes) => editing::answer(state, store, config, yes)?,
    }
    let after = state.selected_entry().map(|e| e.account.id);
    if after != before {
        // Another account's todos and contacts: the panes point at their first.
        state.todo_pick = None;
        state.contact_pick = None;
        state.plan_pick = None;
    }
    if after != before || (after.is_some() && state.detail.is_none()) {
        load_selected(state, store, config)?;
        if after != before && matches!(state.view, View::Timeline | View::Qbr) {
            // Another account's timeline starts at its newest interaction, its brief at the top.
            state.view_scroll.reset();
        }
    }
    if state.view == View::Qbr {
        // Built when the view opens or shows another account (or a fresh book), never per draw.
        briefing::prepare(state, store, config)?;
    }
    Ok(())
}

/// A page of the list on screen: the account list's, or the todo queue's in that view.
fn page(state: &AppState) -> isize {
    let page = if state.view == View::Todos { state.view_scroll.page() } else { state.page.get() };
    isize::try_from(page.max(1)).unwrap_or(1)
}

/// In the todo queue, the account edits apply to is the picked todo's: selects it in the list
/// (and loads it) first. Says why not and returns false when the list's filters hide it.
fn follow_picked_todo(state: &mut AppState, store: &Store, config: &Config) -> StoreResult<bool> {
    if state.view != View::Todos {
        return Ok(true);
    }
    let Some(account) = editing::picked_todo(state).and_then(|t| t.account_id) else {
        return Ok(true);
    };
    if state.selected_entry().is_some_and(|e| e.account.id == account) {
        return Ok(true);
    }
    let accounts = &state.book.accounts;
    let Some(row) = state.rows.iter().position(|&i| accounts[i].account.id == account) else {
        state.status = "the todo's account is hidden by the list's search or filters".to_owned();
        return Ok(false);
    };
    state.selected = row;
    state.todo_pick = None;
    state.contact_pick = None;
    state.plan_pick = None;
    load_selected(state, store, config)?;
    Ok(true)
}

/// How far a movement key moves a selection, in rows.
fn movement(state: &AppState, action: Action) -> isize {
    match action {
        Action::SelectNext => 1,
        Action::SelectPrev => -1,
        Action::SelectFirst => isize::MIN,
        Action::SelectLast => isize::MAX,
        Action::PageDown => page(state),
        Action::PageUp => -page(state),
        _ => 0,
    }
}

/// While an import's report is open, the keys read it: movement scrolls, back closes it (quit
/// still quits). Returns whether the report took the key.
fn report_key(state: &mut AppState, action: Action) -> bool {
    let Some(ImportView::Report { lines, scroll, .. }) = &mut state.import else { return false };
    let last = lines.len().saturating_sub(1);
    match action {
        Action::Quit => return false,
        Action::Back | Action::ToggleHelp => state.import = None,
        Action::SelectNext => *scroll = (*scroll + 1).min(last),
        Action::SelectPrev => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll = (*scroll + 10).min(last),
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::SelectFirst => *scroll = 0,
        Action::SelectLast => *scroll = last,
        _ => {}
    }
    true
}

/// Reads the book again, keeping the user's place: another workspace's (or an import's) edits
/// show, and the accounts they changed are rescored.
pub(super) fn refresh(state: &mut AppState, store: &mut Store, config: &Config) -> StoreResult<()> {
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
pub(super) fn put_book(
    state: &mut AppState,
    store: &Store,
    config: &Config,
    book: ScoredBook,
) -> StoreResult<usize> {
    let changed = book.accounts.len().abs_diff(state.book.accounts.len())
        + book.accounts.iter().zip(&state.book.accounts).filter(|(a, b)| a != b).count();
    state.replace_book(book);
    state.qbr = None;
    load_selected(state, store, config)?;
    if state.view == View::Todos {
        load_queue(state, store)?;
    }
    Ok(changed)
}

/// A movement key in a view that scrolls: its content moves, the selection stays.
fn scroll(state: &AppState, action: Action) {
    let scroll = &state.view_scroll;
    match action {
        Action::SelectNext => scroll.scroll_by(1),
        Action::SelectPrev => scroll.scroll_by(-1),
        Action::SelectFirst => scroll.to_top(),
        Action::SelectLast => scroll.to_end(),
        Action::PageDown => scroll.scroll_pages(1),
        Action::PageUp => scroll.scroll_pages(-1),
        _ => {}
    }
}

/// Reads every open todo of the book for the todo queue, in the queue's order.
///
/// # Errors
/// The store could not be read.
pub fn load_queue(state: &mut AppState, store: &Store) -> StoreResult<()> {
    state.todos = store.open_todos()?;
    todo_queue::sort(&mut state.todos, state.as_of);
    state.todos_loaded = true;
    Ok(())
}

/// Loads what the panes show of the selected account: its full score with the sparkline, its
/// timeline, and each contact's last touch.
///
/// # Errors
/// The store could not be read.
pub fn load_selected(state: &mut AppState, store: &Store, config: &Config) -> StoreResult<()> {
    let Some(id) = state.selected_entry().map(|e| e.account.id) else {
        state.detail = None;
        return Ok(());
    };
    let Some(detail) = account_detail(store, config, id, state.as_of, Depth::WithSparkline)? else {
        state.detail = None;
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
    state.detail = Some(Selected { detail, timeline, last_touch, milestones, goals });
    Ok(())
}

/// What the status line says when pasted text has nowhere to go.
pub const PASTE_IGNORED: &str = "paste ignored: no field is open";

/// Takes pasted text (bracketed paste: the terminal hands it over as one piece, never as keys):
/// into the open form's focused field, or the search being typed; anywhere else it does
/// nothing, and the status line says so. No part of a paste is ever read as a key binding.
pub fn paste(state: &mut AppState, text: &str) {
    if let Some(editor) = state.editor.as_mut() {
        if !editor.form.paste(text) {
            state.status = "paste ignored: the focused field takes no text".to_owned();
        }
    } else if state.search.typing && state.confirm.is_none() && !state.help {
        state.search.query.push_str(&terminal_safe(text));
        state.apply_search();
    } else {
        state.status = PASTE_IGNORED.to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::Band;
    use crate::ui::state::SortKey;
    use crate::ui::testing::demo_app;
    use ratatui::crossterm::event::{KeyCode, KeyEvent};

    fn apply(app: &mut crate::ui::App, actions: &[Action]) {
        for &action in actions {
            app.apply(action).unwrap();
        }
    }

    fn selected_name(app: &crate::ui::App) -> String {
        app.state.selected_entry().unwrap().account.name.clone()
    }

    #[test]
    fn moving_the_selection_stays_in_bounds_and_loads_the_details() {
        let mut app = demo_app();
        let n = app.state.rows.len();
        apply(&mut app, &[Action::SelectPrev]);
        assert_eq!(app.state.selected, 0);
        apply(&mut app, &[Action::SelectNext, Action::SelectNext]);
        assert_eq!(app.state.selected, 2);
        let selected = app.state.selected_entry().unwrap().account.id;
        assert_eq!(app.state.detail.as_ref().unwrap().detail.facts.account.id, selected);
        apply(&mut app, &[Action::SelectLast, Action::SelectNext]);
        assert_eq!(app.state.selected, n - 1);
        apply(&mut app, &[Action::SelectFirst]);
        assert_eq!(app.state.selected, 0);
    }

    #[test]
    fn search_folds_accents_and_back_clears_it() {
        let mut app = demo_app();
        apply(&mut app, &[Action::StartSearch]);
        for c in "societe".chars() {
            apply(&mut app, &[Action::SearchType(c)]);
        }
        assert_eq!(app.state.rows.len(), 1);
        assert_eq!(selected_name(&app), "Société Lumière");
        assert_eq!(app.state.detail.as_ref().unwrap().detail.facts.account.name, "Société Lumière");
        apply(&mut app, &[Action::SearchKeep]);
        assert!(!app.state.search.typing);
        assert_eq!(app.state.rows.len(), 1, "the query stays after enter");
        apply(&mut app, &[Action::Back]);
        assert_eq!(app.state.rows.len(), 60);
        assert_eq!(selected_name(&app), "Société Lumière", "the selection survives");
    }

    #[test]
    fn typing_and_erasing_a_search_matches_a_fresh_search() {
        let mut typed = demo_app();
        apply(&mut typed, &[Action::StartSearch]);
        for c in "harbor".chars() {
            apply(&mut typed, &[Action::SearchType(c)]);
        }
        for _ in 0..4 {
            apply(&mut typed, &[Action::SearchErase]);
        }
        let mut fresh = demo_app();
        apply(&mut fresh, &[Action::StartSearch, Action::SearchType('h'), Action::SearchType('a')]);
        assert_eq!(typed.state.search.query, "ha");
        assert_eq!(typed.state.rows, fresh.state.rows);
        assert!(!typed.state.rows.is_empty());
        // A space starts a new word of the pattern: still a correct narrowing.
        apply(&mut typed, &[Action::SearchType(' '), Action::SearchType('m')]);
        let mut fresh = demo_app();
        apply(&mut fresh, &[Action::StartSearch]);
        for c in "ha m".chars() {
            apply(&mut fresh, &[Action::SearchType(c)]);
        }
        assert_eq!(typed.state.rows, fresh.state.rows);
    }

    #[test]
    fn filters_combine_and_clear() {
        let mut app = demo_app();
        apply(&mut app, &[Action::FilterBand]);
        assert_eq!(app.state.filters.band, Some(Band::AtRisk));
        assert!(
            app.state.rows.iter().all(|&i| app.state.book.accounts[i].summary.band == Band::AtRisk)
        );
        let at_risk = app.state.rows.len();
        assert!(at_risk > 0);
        apply(&mut app, &[Action::FilterSegment]);
        assert!(app.state.rows.len() <= at_risk);
        assert!(app.state.rows.iter().all(|&i| {
            let e = &app.state.book.accounts[i];
            e.summary.band == Band::AtRisk
                && e.account.segment == Some(crate::domain::Segment::Enterprise)
        }));
        apply(&mut app, &[Action::ClearFilters]);
        assert_eq!(app.state.rows.len(), 60);
        assert_eq!(app.state.status, "filters cleared");
    }

    #[test]
    fn sorting_by_health_puts_the_lowest_first() {
        let mut app = demo_app();
        apply(&mut app, &[Action::CycleSort]);
        assert_eq!(app.state.sort, SortKey::Health);
        let healths: Vec<i64> = app
            .state
            .rows
            .iter()
            .map(|&i| app.state.book.accounts[i].summary.health.unwrap_or(i64::MAX))
            .collect();
        assert!(healths.windows(2).all(|w| w[0] <= w[1]), "{healths:?}");
        apply(&mut app, &[Action::CycleSort, Action::CycleSort, Action::CycleSort]);
        assert_eq!(app.state.sort, SortKey::Name);
        let names: Vec<String> = app
            .state
            .rows
            .iter()
            .map(|&i| app.state.book.accounts[i].account.name.to_lowercase())
            .collect();
        assert!(names.windows(2).all(|w| w[0] <= w[1]));
    }

    /// The screen drawn once, as the loop would between keys: the views learn their size.
    fn drawn(app: &crate::ui::App) {
        crate::ui::testing::draw(app, 80, 24);
    }

    #[test]
    fn enter_on_the_list_opens_the_timeline_and_esc_returns_to_the_book() {
        let mut app = demo_app();
        apply(&mut app, &[Action::SelectNext, Action::OpenTimeline]);
        assert_eq!(app.state.view, View::Timeline);
        assert_eq!(app.state.selected, 1, "the timeline is the selected account's");
        apply(&mut app, &[Action::Back]);
        assert_eq!(app.state.view, View::Book);

        // A kept search survives the trip: esc leaves the timeline first, then clears it.
        apply(&mut app, &[Action::StartSearch]);
        for c in "halvorsen maritime".chars() {
            apply(&mut app, &[Action::SearchType(c)]);
        }
        apply(&mut app, &[Action::SearchKeep, Action::OpenTimeline]);
        assert_eq!(app.state.view, View::Timeline);
        let detail = app.state.detail.as_ref().unwrap();
        assert_eq!(detail.detail.facts.account.name, "Halvorsen Maritime");
        assert!(detail.timeline.len() > 10);
        assert!(detail.timeline.windows(2).all(|w| w[0].date >= w[1].date), "newest first");
        apply(&mut app, &[Action::Back]);
        assert_eq!(app.state.view, View::Book);
        assert_eq!(app.state.search.query, "halvorsen maritime");
        apply(&mut app, &[Action::Back]);
        assert!(app.state.search.query.is_empty());
        assert_eq!(selected_name(&app), "Halvorsen Maritime");
    }

    #[test]
    fn the_timeline_opens_by_number_but_enter_only_from_the_book() {
        let mut app = demo_app();
        apply(&mut app, &[Action::ShowRenewals, Action::OpenTimeline]);
        assert_eq!(app.state.view, View::Renewals, "enter does nothing outside the book");
        apply(&mut app, &[Action::ShowTimeline]);
        assert_eq!(app.state.view, View::Timeline);

        // With no account to show, enter says so and stays in the book.
        apply(&mut app, &[Action::ShowBook, Action::StartSearch]);
        for c in "zzzqqq".chars() {
            apply(&mut app, &[Action::SearchType(c)]);
        }
        apply(&mut app, &[Action::SearchKeep, Action::OpenTimeline]);
        assert!(app.state.rows.is_empty());
        assert_eq!(app.state.view, View::Book);
        assert_eq!(app.state.status, "no account selected");
    }

    #[test]
    fn movement_keys_scroll_the_list_views_and_move_the_selection_in_the_book() {
        let mut app = demo_app();
        let shown = app.state.selected_entry().unwrap().account.id;
        for show in [Action::ShowRenewals, Action::ShowTimeline] {
            apply(&mut app, &[show]);
            let view = app.state.view;
            let scroll = &app.state.view_scroll;
            assert_eq!(scroll.offset(), 0, "{view:?} opens at the top");
            drawn(&app);
            apply(&mut app, &[Action::SelectNext, Action::SelectNext]);
            assert_eq!(app.state.view_scroll.offset(), 2, "{view:?}");
            apply(&mut app, &[Action::SelectPrev]);
            assert_eq!(app.state.view_scroll.offset(), 1, "{view:?}");
            drawn(&app);
            apply(&mut app, &[Action::PageDown]);
            let paged = app.state.view_scroll.offset();
            assert!(paged > 5, "{view:?} pages by the lines shown: {paged}");
            apply(&mut app, &[Action::PageUp]);
            assert_eq!(app.state.view_scroll.offset(), 1, "{view:?}");
            apply(&mut app, &[Action::SelectLast]);
            let end = app.state.view_scroll.offset();
            assert!(end >= paged, "{view:?}");
            apply(&mut app, &[Action::SelectNext, Action::PageDown]);
            assert_eq!(app.state.view_scroll.offset(), end, "{view:?} stops at the end");
            drawn(&app);
            assert_eq!(app.state.view_scroll.offset(), end, "{view:?} the end is drawn");
            apply(&mut app, &[Action::SelectFirst]);
            assert_eq!(app.state.view_scroll.offset(), 0, "{view:?}");
            apply(&mut app, &[Action::SelectPrev]);
            assert_eq!(app.state.view_scroll.offset(), 0, "{view:?}");
            assert_eq!(app.state.selected, 0, "{view:?} leaves the selection alone");
            apply(&mut app, &[Action::SelectNext]);
        }
        // Another account's timeline starts at the top.
        apply(&mut app, &[Action::ShowTimeline]);
        drawn(&app);
        apply(&mut app, &[Action::PageDown]);
        assert!(app.state.view_scroll.offset() > 0);
        // A band filter that leaves the account out selects another.
        while app.state.selected_entry().map(|e| e.account.id) == Some(shown) {
            apply(&mut app, &[Action::FilterBand]);
        }
        assert_eq!(app.state.view, View::Timeline);
        assert_eq!(app.state.view_scroll.offset(), 0);
        // Changing the view starts the new one at the top.
        apply(&mut app, &[Action::ShowTodos]);
        assert_eq!(app.state.view_scroll.offset(), 0);
        // The book's movement keys move the selection.
        apply(&mut app, &[Action::ClearFilters, Action::ShowBook, Action::SelectFirst]);
        apply(&mut app, &[Action::SelectNext, Action::SelectNext]);
        assert_eq!(app.state.selected, 2);
        assert_eq!(app.state.view_scroll.offset(), 0);
    }

    #[test]
    fn movement_keys_pick_a_todo_in_the_queue_and_the_todo_keys_act_on_it() {
        use crate::domain::TodoStatus;
        let mut app = demo_app();
        apply(&mut app, &[Action::ShowTodos]);
        let queue = app.state.todos.clone();
        assert!(queue.len() > 20);
        let picked = |app: &crate::ui::App| editing::picked_todo(&app.state).map(|t| t.id);
        assert_eq!(picked(&app), Some(queue[0].id), "the first todo to begin with");
        apply(&mut app, &[Action::SelectNext, Action::SelectNext]);
        assert_eq!(picked(&app), Some(queue[2].id));
        drawn(&app);
        apply(&mut app, &[Action::PageDown]);
        let paged = queue.iter().position(|t| Some(t.id) == picked(&app)).unwrap();
        assert!(paged > 5, "a page down picks a todo a page further: {paged}");
        apply(&mut app, &[Action::SelectLast]);
        assert_eq!(picked(&app), Some(queue[queue.len() - 1].id));
        apply(&mut app, &[Action::SelectFirst, Action::SelectNext]);
        assert_eq!(picked(&app), Some(queue[1].id));

        // x completes the picked todo: it leaves the queue and the store has it done; the next
        // todo is picked.
        let done = queue[1].clone();
        app.handle_key(crossterm_key('x')).unwrap();
        assert_eq!(app.state.status, format!("done: “{}” · u undoes", done.title));
        assert!(app.state.todos.iter().all(|t| t.id != done.id));
        assert_eq!(app.state.todos.len(), queue.len() - 1);
        let stored = app.store().todos(done.account_id.unwrap()).unwrap();
        assert_eq!(stored.iter().find(|t| t.id == done.id).unwrap().status, TodoStatus::Done);
        assert_eq!(picked(&app), Some(queue[2].id), "the next todo is picked");
        app.handle_key(crossterm_key('u')).unwrap();
        let ids = |todos: &[crate::domain::Todo]| todos.iter().map(|t| t.id).collect::<Vec<_>>();
        assert_eq!(ids(&app.state.todos), ids(&queue), "undo puts it back in its place");
    }

    fn crossterm_key(c: char) -> ratatui::crossterm::event::KeyEvent {
        use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn a_paste_into_a_form_is_text_and_never_keys() {
        let mut app = demo_app();
        let todos = app.store().open_todos().unwrap().len();
        let (selected, undo) = (selected_name(&app), app.state.undo.len());
        apply(&mut app, &[Action::AddTodo]);
        assert!(app.state.editor.is_some());
        // Pasted as keys, the line break saved the todo, u undid it and q quit.
        paste(&mut app.state, "Follow up with finance\nuq");
        assert!(!app.state.quit);
        assert_eq!(app.store().open_todos().unwrap().len(), todos, "nothing saved");
        assert_eq!(app.state.undo.len(), undo, "nothing undone");
        let form = &app.state.editor.as_ref().unwrap().form;
        assert_eq!(form.text(form.focus), "Follow up with finance uq");
        // Enter typed afterwards saves what was pasted.
        apply(&mut app, &[Action::FormKey(crossterm_key_code(KeyCode::Enter))]);
        assert!(app.state.editor.is_none());
        let stored = app.store().open_todos().unwrap();
        assert!(stored.iter().any(|t| t.title == "Follow up with finance uq"), "saved");
        assert_eq!(selected_name(&app), selected);
    }

    #[test]
    fn a_paste_with_no_field_open_does_nothing_and_says_so() {
        let mut app = demo_app();
        let (rows, filters) = (app.state.rows.clone(), app.state.filters.clone());
        // As keys, "renewal q" cycled a filter, refreshed, ... and quit.
        paste(&mut app.state, "renewal q\nw");
        assert_eq!(app.state.status, PASTE_IGNORED);
        assert!(!app.state.quit);
        assert_eq!(app.state.rows, rows);
        assert_eq!(app.state.filters, filters);
        assert!(app.state.search.query.is_empty());
        assert_eq!(app.state.view, View::Book);
        // With the search open, a paste is typed into it, on one line.
        apply(&mut app, &[Action::StartSearch]);
        paste(&mut app.state, "Stonegate\n");
        assert_eq!(app.state.search.query, "Stonegate ");
        assert!(app.state.rows.len() < rows.len());
        assert!(!app.state.quit);
    }

    fn crossterm_key_code(code: ratatui::crossterm::event::KeyCode) -> KeyEvent {
        KeyEvent::new(code, ratatui::crossterm::event::KeyModifiers::NONE)
    }

    #[test]
    fn focus_help_views_and_back() {
        let mut app = demo_app();
        apply(&mut app, &[Action::FocusNext]);
        assert_eq!(app.state.focus, PaneId::Health);
        apply(&mut app, &[Action::FocusPrev, Action::FocusPrev]);
        assert_eq!(app.state.focus, PaneId::Plan);
        apply(&mut app, &[Action::ToggleHelp]);
        assert!(app.state.help);
        apply(&mut app, &[Action::Back]);
        assert!(!app.state.help);
        apply(&mut app, &[Action::ShowRenewals]);
        assert_eq!(app.state.view, View::Renewals);
        apply(&mut app, &[Action::Back]);
        assert_eq!(app.state.view, View::Book);
        apply(&mut app, &[Action::Back]);
        assert_eq!(app.state.focus, PaneId::Accounts);
        apply(&mut app, &[Action::Quit]);
        assert!(app.state.quit);
    }
}
