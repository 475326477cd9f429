//! `update`: the only code that changes the workspace's state, reading the store on its behalf
//! and handing edits to `editing` (the only code that writes). Each action is applied in full
//! before the next draw; details of the selected account are loaded here, never while drawing.

use super::action::Action;
use super::briefing;
use super::editing;
use super::finding::{self, Picked};
use super::importing::{ImportReport, ImportView};
use super::load::{load_queue, load_selected};
use super::modal::Modal;
use super::model_check;
use super::msg::{Effect, Effects, Msg};
use super::pane::Moves;
use super::panes;
use super::scroll::ViewScroll;
use super::state::{AppState, FilterKind, Filters, PaneId, Search, View};
use super::view_state::ViewState;
use crate::config::Config;
use crate::domain::TodoId;
use crate::store::{Store, StoreResult};

/// Takes `msg` into `state`: an action, or the result of work done beside the screen. Reads from
/// `store` what the new state shows and writes the edits asked for (through `editing`); moves
/// the screen's scroll in `view_state`; the work that needs a thread or a connection of its own
/// is returned as effects for the event loop to run, never started here.
///
/// # Errors
/// The store could not be read; the state is left as it was before the load.
pub fn update(
    state: &mut AppState,
    view_state: &mut ViewState,
    store: &mut Store,
    config: &Config,
    msg: Msg,
) -> StoreResult<Effects> {
    let shown = state.view;
    if let Modal::Find(finder) = &mut state.modal {
        // The search's groups show as many matches as its popup had room for.
        finder.rows = view_state.finder_rows.get();
    }
    let edited = matches!(&msg, Msg::Action(action) if action.edits());
    let mut effects = dispatch(state, view_state, store, config, msg)?;
    effects.extend(outcomes::after(state, store, config, edited)?);
    if state.view != shown {
        // A different view starts scrolled to the top.
        view_state.view_scroll.reset();
    }
    // The search over everything is indexed again beside the screen once the book changed.
    // The playbooks' run and an import change the book: the index waits for them.
    let busy = state.playbooks_running
        || matches!(state.import, Some(ImportView::Waiting(_) | ImportView::Running { .. }));
    if state.records.start_build(busy) {
        effects.push(Effect::IndexRecords);
    }
    Ok(effects)
}

/// Takes `msg` in; [`update`] then scrolls a view just shown to its top.
fn dispatch(
    state: &mut AppState,
    view_state: &ViewState,
    store: &mut Store,
    config: &Config,
    msg: Msg,
) -> StoreResult<Effects> {
    match msg {
        Msg::Action(action) => {
            let effects = act(state, view_state, store, config, action)?;
            background::remind_waiting(state);
            Ok(effects)
        }
        Msg::Paste(text) => {
            paste(state, &text);
            Ok(Effects::new())
        }
        Msg::Opened => Ok(background::opened(state)),
        Msg::ImportProgressed(progress) => {
            background::import_progressed(state, progress);
            Ok(Effects::new())
        }
        Msg::ImportFinished(outcome) => {
            background::import_finished(state, store, config, outcome);
            Ok(Effects::new())
        }
        Msg::PlaybooksFinished(outcome) => {
            background::playbooks_finished(state, store, config, outcome)
        }
        Msg::ForecastRead(inputs) => forecast::loaded(state, store, config, inputs),
        Msg::RecordsIndexed(index) => {
            finding::indexed(state, index);
            Ok(Effects::new())
        }
        Msg::ModelChecked(done) => {
            model_check::checked(state, done);
            Ok(Effects::new())
        }
        Msg::Terminate => {
            state.quit = true;
            Ok(Effects::new())
        }
        Msg::Failed(why) => {
            // A failed read leaves the workspace usable; say what happened.
            state.status = why;
            Ok(Effects::new())
        }
    }
}

/// Applies `action` to `state`; the import it asks for, if any, is returned as an effect.
fn act(
    state: &mut AppState,
    view_state: &ViewState,
    store: &mut Store,
    config: &Config,
    action: Action,
) -> StoreResult<Effects> {
    if report_key(state, action) {
        return Ok(Effects::new());
    }
    if action.edits() && matches!(state.import, Some(ImportView::Running { .. })) {
        state.status = "an import is running: edits wait until it ends".to_owned();
        return Ok(Effects::new());
    }
    // The import form may open: the import it asks for starts once the playbooks have run.
    if action.edits() && action != Action::Import && state.playbooks_running {
        state.status = "the playbooks are running: edits wait until they end".to_owned();
        return Ok(Effects::new());
    }
    let mut effects = Effects::new();
    let before = state.selected_entry().map(|e| e.account.id);
    // The todo the book opens on, when enter in the queue goes to a todo's account.
    let mut opened_on = None;
    // The record a pick of the search over everything points its pane or view at, once its
    // account is selected and loaded below.
    let mut point_at = None;
    match action {
        Action::Quit => state.quit = true,
        Action::ToggleHelp => state.modal.toggle_help(),
        Action::Back => {
            if state.modal.is_help() {
                state.modal = Modal::None;
            } else if state.modal.is_search() {
                state.modal = Modal::None;
                state.search.query.clear();
                state.apply_search();
            } else if state.zoomed && state.view == View::Book {
                state.zoomed = false;
            } else if !state.modal.is_none() {
                // Anything else open closes (a form and a question take their own keys, so
                // only an action sent directly gets here).
                state.modal = Modal::None;
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
        Action::FocusNext => focus(state, state.focus.cycle(false)),
        Action::FocusPrev => focus(state, state.focus.cycle(true)),
        Action::Focus(pane) => {
            if state.view == View::Book && state.focus != pane {
                focus(state, pane);
            }
        }
        Action::PickTodo(todo) => {
            if state.view == View::Todos && state.book.todos.iter().any(|t| t.id == todo) {
                state.queue_pick = Some(todo);
            }
        }
        Action::SelectRow(row) => {
            if state.view == View::Book && row < state.book.rows.len() {
                state.selected = row;
            }
        }
        Action::ShowBook => state.show(View::Book),
        Action::ShowTodos => {
            if !state.book.todos_loaded {
                load_queue(state, store)?;
            }
            state.show(View::Todos);
        }
        Action::ShowRenewals => state.show(View::Renewals),
        Action::ShowPortfolio => state.show(View::Portfolio),
        Action::ShowTimeline => state.show(View::Timeline),
        Action::ShowForecast => effects = forecast::show(state, store, config)?,
        Action::ToggleForecastHorizon => forecast::toggle_horizon(state, config),
        Action::CallRenewal => forecast::call(state, store)?,
        Action::ShowModelCheck => model_check::show(state, config),
        Action::CycleLead => model_check::cycle_lead(state, config),
        Action::ShowQbr => {
            if state.selected_entry().is_some() {
                state.show(View::Qbr);
            } else {
                state.status = "no account selected".to_owned();
            }
        }
        Action::WriteQbr => briefing::write(state, store, config)?,
        Action::EditQbr => {
            briefing::prepare(state, store, config)?;
            editing::open_edit_qbr(state);
        }
        Action::SwitchQbrTab => {
            state.qbr_deck_tab = !state.qbr_deck_tab;
            view_state.view_scroll.reset();
        }
        Action::MarkQbrHeld => {
            briefing::prepare(state, store, config)?;
            editing::mark_qbr_held(state, store, config)?;
        }
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
        | Action::ScrollDown
        | Action::ScrollUp => move_in_view(state, view_state, action),
        Action::ToggleZoom => toggle_zoom(state),
        Action::OpenAccount => opened_on = open_account(state),
        Action::StartSearch => {
            state.show(View::Book);
            state.focus = PaneId::Accounts;
            state.modal = Modal::Search;
        }
        Action::SearchType(c) => {
            state.search.query.push(c);
            state.apply_search();
        }
        Action::SearchErase => {
            state.search.query.pop();
            state.apply_search();
        }
        Action::FindAnything => finding::open_finder(state),
        Action::OpenPalette => finding::open_palette(state, config),
        Action::QueryType(c) => finding::typed(state, c.encode_utf8(&mut [0; 4])),
        Action::QueryErase => finding::erased(state),
        Action::QueryMove(delta) => finding::moved(state, delta),
        Action::QueryPick => match finding::pick(state) {
            Picked::Nothing => {}
            // The palette's action runs as its key would, where the palette was opened.
            Picked::Run(action) => return act(state, view_state, store, config, action),
            Picked::Open(account, target) => {
                if finding::open(state, account, target) {
                    point_at = target;
                }
            }
            Picked::QueueTodo(todo) => finding::open_in_queue(state, store, todo)?,
        },
        Action::SearchKeep if state.modal.is_search() => state.modal = Modal::None,
        Action::SearchKeep => {}
        Action::CycleSort => {
            state.cycle_sort();
            state.status = format!("sorted by {}", state.sort.label());
        }
        Action::FilterBand => filter(state, FilterKind::Band),
        Action::FilterSegment => filter(state, FilterKind::Segment),
        Action::FilterOwner => filter(state, FilterKind::Owner),
        Action::FilterPhase => filter(state, FilterKind::Phase),
        Action::FilterSignal => filter(state, FilterKind::Signal),
        Action::FilterChurned => filter(state, FilterKind::Churned),
        Action::ClearFilters => {
            state.filters = Filters::default();
            state.search = Search::default();
            if state.modal.is_search() {
                state.modal = Modal::None;
            }
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
        Action::EditAccount => editing::open_edit_account(state),
        Action::AddOpportunity => editing::open_add_opportunity(state),
        Action::EditOpportunity => editing::open_edit_opportunity(state),
        Action::CloseOpportunity => editing::open_close_opportunity(state),
        Action::RecordRenewal => editing::open_record_renewal(state),
        Action::AddContact => editing::open_add_contact(state),
        Action::DeleteContact => editing::ask_delete_contact(state),
        Action::EditInteraction => editing::open_edit_entry(state),
        Action::DeleteInteraction => editing::ask_delete_entry(state),
        Action::AddGoal => editing::open_add_goal(state),
        Action::EditPlanItem => editing::open_edit_plan_item(state),
        Action::CompletePlanItem => editing::complete_plan_item(state, store, config)?,
        Action::MissGoal => editing::miss_goal(state, store, config)?,
        Action::DeleteGoal => editing::ask_delete_goal(state),
        Action::Undo => editing::undo(state, store, config)?,
        Action::Refresh => effects = forecast::refreshed(state, store, config)?,
        Action::Import => editing::open_import(state),
        Action::FormKey(key) => {
            if let Some(request) = editing::form_key(state, store, config, key)? {
                effects = background::import_asked(state, request);
            }
        }
        Action::Answer(yes) => editing::answer(state, store, config, yes)?,
    }
    let after = state.selected_entry().map(|e| e.account.id);
    if after != before {
        // Another account's todos and contacts: the panes point at their first.
        state.todo_pick = None;
        state.contact_pick = None;
        state.plan_pick = None;
        state.opportunity_pick = None;
        state.timeline_pick = None;
        // Another account's health and renewal start at their top.
        view_state.pane_scroll.reset();
    }
    if opened_on.is_some() {
        state.todo_pick = opened_on;
    }
    if after != before || (after.is_some() && state.book.detail.is_none()) {
        load_selected(state, store, config)?;
        if after != before && matches!(state.view, View::Timeline | View::Qbr) {
            // Another account's timeline starts at its newest interaction, its brief at the top.
            view_state.view_scroll.reset();
        }
    }
    if let Some(target) = point_at {
        finding::point_at(state, target);
    }
    if state.view == View::Qbr {
        // Built when the view opens or shows another account (or a fresh book), never per draw.
        briefing::prepare(state, store, config)?;
    }
    // An import that ended while something was open shows its report once nothing is.
    state.modal.open_ended(&mut state.import);
    Ok(effects)
}

/// A page of the list on screen: the todo queue's or the renewals calendar's in those views,
/// else the account list's.
fn page(state: &AppState, view_state: &ViewState) -> isize {
    let page = match state.view {
        View::Todos | View::Renewals | View::Forecast => view_state.view_scroll.page(),
        _ => view_state.list_page.get(),
    };
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
    let Some(row) = state.book.row_of(account) else {
        state.status = "the todo's account is hidden by the list's search or filters".to_owned();
        return Ok(false);
    };
    state.selected = row;
    state.todo_pick = None;
    state.contact_pick = None;
    state.plan_pick = None;
    state.opportunity_pick = None;
    state.timeline_pick = None;
    load_selected(state, store, config)?;
    Ok(true)
}

/// How far a movement key moves a selection, in rows.
fn movement(state: &AppState, view_state: &ViewState, action: Action) -> isize {
    match action {
        Action::SelectNext | Action::ScrollDown => 1,
        Action::SelectPrev | Action::ScrollUp => -1,
        Action::SelectFirst => isize::MIN,
        Action::SelectLast => isize::MAX,
        Action::PageDown => page(state, view_state),
        Action::PageUp => -page(state, view_state),
        _ => 0,
    }
}

/// While an import's report is open, the keys read it: movement scrolls, back closes it (quit
/// still quits). Returns whether the report took the key.
fn report_key(state: &mut AppState, action: Action) -> bool {
    let Modal::ImportReport(ImportReport { lines, scroll, .. }) = &mut state.modal else {
        return false;
    };
    let last = lines.len().saturating_sub(1);
    match action {
        Action::Quit => return false,
        Action::Back | Action::ToggleHelp => state.modal = Modal::None,
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

/// A movement key: moves what the view or the focused pane points at, or scrolls the content
/// of those with nothing to pick.
fn move_in_view(state: &mut AppState, view_state: &ViewState, action: Action) {
    let delta = movement(state, view_state, action);
    match state.view {
        View::Todos => {
            editing::move_queue_pick(state, delta);
            // A page turns the view too, so the picked todo keeps its place on screen.
            match action {
                Action::PageDown => view_state.view_scroll.scroll_pages(1),
                Action::PageUp => view_state.view_scroll.scroll_pages(-1),
                _ => {}
            }
        }
        View::Renewals => move_renewal_pick(state, delta),
        // As in the timeline: the scroll keys and the wheel scroll its lines (the chart below).
        View::Forecast => match action {
            Action::ScrollDown | Action::ScrollUp => scroll(&view_state.view_scroll, action),
            _ => state.forecast.move_pick(delta),
        },
        // The timeline's movement keys move its pointer by entries (a page: the entries a page
        // shows); the scroll keys and the wheel scroll its lines, through a long entry.
        View::Timeline => match action {
            Action::ScrollDown | Action::ScrollUp => scroll(&view_state.view_scroll, action),
            Action::PageDown | Action::PageUp => {
                let page = isize::try_from(view_state.timeline_page.get().max(1)).unwrap_or(1);
                let sign = if action == Action::PageDown { 1 } else { -1 };
                editing::move_entry_pick(state, sign * page);
            }
            _ => editing::move_entry_pick(state, delta),
        },
        View::Portfolio | View::Qbr | View::ModelCheck => scroll(&view_state.view_scroll, action),
        View::Book => match panes::pane(state.focus).moves {
            Moves::Accounts => match action {
                Action::SelectFirst => state.selected = 0,
                _ => state.move_selection(delta),
            },
            Moves::Todos => editing::move_todo_pick(state, delta),
            Moves::Contacts => editing::move_contact_pick(state, delta),
            Moves::PlanItems => editing::move_plan_pick(state, delta),
            Moves::Opportunities => editing::move_opportunity_pick(state, delta),
            Moves::Scroll => scroll(view_state.pane_scroll.of(state.focus), action),
        },
    }
}

/// A movement key where the content scrolls: it moves, the selection stays.
fn scroll(scroll: &ViewScroll, action: Action) {
    match action {
        Action::SelectNext | Action::ScrollDown => scroll.scroll_by(1),
        Action::SelectPrev | Action::ScrollUp => scroll.scroll_by(-1),
        Action::SelectFirst => scroll.to_top(),
        Action::SelectLast => scroll.to_end(),
        Action::PageDown => scroll.scroll_pages(1),
        Action::PageUp => scroll.scroll_pages(-1),
        _ => {}
    }
}

/// Moves the renewals calendar's pick by `delta` accounts, within the calendar.
fn move_renewal_pick(state: &mut AppState, delta: isize) {
    let accounts = &state.book.scored.accounts;
    let window = state.renewal_window();
    let at = window
        .iter()
        .position(|&i| Some(accounts[i].account.id) == state.renewal_pick)
        .unwrap_or(0);
    let to = at.saturating_add_signed(delta).min(window.len().saturating_sub(1));
    state.renewal_pick = window.get(to).map(|&i| accounts[i].account.id);
}

/// Cycles one filter, and says on the status line every filter in force and what they leave:
/// the list's title may be too narrow to show them all.
fn filter(state: &mut AppState, which: FilterKind) {
    state.cycle_filter(which);
    let active = state.filters.describe();
    let shown = format!(
        "{} of {} accounts",
        state.book.rows.len(),
        state.book.scored.listed(state.filters.churned)
    );
    state.status = if active.is_empty() {
        format!("no filter · {shown}")
    } else {
        format!("filters: {} · {shown}", active.join(" · "))
    };
}

/// Gives `pane` the focus; a zoomed book shows it zoomed, and says which it is.
fn focus(state: &mut AppState, pane: PaneId) {
    state.focus = pane;
    if state.zoomed {
        state.status = format!("{} pane zoomed · z again shows every pane", pane.title());
    }
}

/// Zooms the focused pane of the book, or back; the other views fill the screen already.
fn toggle_zoom(state: &mut AppState) {
    if state.view != View::Book {
        state.status = "zoom is for the book's panes: this view fills the screen".to_owned();
        return;
    }
    state.zoomed = !state.zoomed;
    let pane = state.focus.title();
    state.status = if state.zoomed {
        format!("{pane} pane zoomed · z again shows every pane")
    } else {
        "every pane shown".to_owned()
    };
}

/// Opens the account of the record picked in a list in the book view, selected in the list
/// (the list's search and filters are cleared when they hide it): the todo queue's todo (the
/// book opens on the todo pane pointing at it, which is returned), the renewals calendar's
/// account, or the timeline's own account (the timeline is one account's: enter goes back to
/// it, e edits the entry).
fn open_account(state: &mut AppState) -> Option<TodoId> {
    let (account, todo) = match state.view {
        View::Todos => {
            let todo = editing::picked_todo(state);
            (todo.and_then(|t| t.account_id), todo.map(|t| t.id))
        }
        View::Renewals => {
            let accounts = &state.book.scored.accounts;
            let window = state.renewal_window();
            let picked = window
                .iter()
                .find(|&&i| Some(accounts[i].account.id) == state.renewal_pick)
                .or_else(|| window.first());
            (picked.map(|&i| accounts[i].account.id), None)
        }
        View::Timeline => (state.selected_entry().map(|e| e.account.id), None),
        View::Forecast => (state.forecast.picked(), None),
        _ => return None,
    };
    let Some(account) = account else {
        state.status = "no account to open".to_owned();
        return None;
    };
    let row = match state.book.row_of(account) {
        Some(row) => Some(row),
        None => {
            state.filters = Filters::default();
            state.search = Search::default();
            state.refresh_rows();
            state.status = "filters and search cleared to show the account".to_owned();
            state.book.row_of(account)
        }
    };
    let row = row?;
    state.selected = row;
    state.focus = if todo.is_some() { PaneId::Todos } else { PaneId::Accounts };
    state.zoomed = false;
    state.show(View::Book);
    todo
}

mod background;
mod forecast;
mod outcomes;
mod paste;

#[cfg(test)]
use paste::PASTE_IGNORED;
pub use paste::paste;

#[cfg(test)]
mod pane_tests;
#[cfg(test)]
mod record_list_tests;
#[cfg(test)]
mod tests;
