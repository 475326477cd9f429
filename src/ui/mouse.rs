//! The mouse, as actions: a click on a view's tab shows that view, a click on a pane of the book
//! focuses it (and on a row of the account list selects that row), a click on a todo of the
//! todo queue picks it, the wheel scrolls what is
//! under it (focusing a pane of the book first). The keyboard stays complete without it. It reads
//! the layout the drawing uses, so a click lands on what is drawn there; it must not change the
//! state (the actions go through `update`) or touch the store.

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::ids::{PaneId, View};
use super::render::{book_areas, screen_areas, tabs};
use super::state::AppState;
use super::view_state::ViewState;

/// The actions a mouse event on a screen of `screen` asks for, in order (none for motion, other
/// buttons, or while a form, a question, the help, an import's report or the search being typed
/// holds the keys).
#[must_use]
pub fn actions(
    state: &AppState,
    view_state: &ViewState,
    screen: Rect,
    event: MouseEvent,
) -> Vec<Action> {
    if !state.modal.is_none() {
        return Vec::new();
    }
    let at = Position::new(event.column, event.row);
    let wheel = match event.kind {
        MouseEventKind::Down(MouseButton::Left) => None,
        MouseEventKind::ScrollDown => Some(Action::ScrollDown),
        MouseEventKind::ScrollUp => Some(Action::ScrollUp),
        _ => return Vec::new(),
    };
    if at.y == screen.y {
        return match wheel {
            None => tab_at(screen.width, at.x).map(show).into_iter().collect(),
            Some(_) => Vec::new(),
        };
    }
    let [_, body, _] = screen_areas(state, screen);
    if !body.contains(at) || state.book.scored.accounts.is_empty() {
        return Vec::new();
    }
    if state.view == View::Todos && wheel.is_none() {
        return super::views::todo_queue::todo_at(state, view_state, body, at.y)
            .map(Action::PickTodo)
            .into_iter()
            .collect();
    }
    if state.view != View::Book {
        return wheel.into_iter().collect();
    }
    let areas = book_areas(state, body);
    if let Some((pane, _, _)) = areas.strip.iter().find(|(_, area, _)| area.contains(at)) {
        return vec![Action::Focus(*pane)];
    }
    let Some(&(pane, area)) = areas.panes.iter().find(|(_, area)| area.contains(at)) else {
        return Vec::new();
    };
    let mut actions = vec![Action::Focus(pane)];
    match wheel {
        Some(scroll) => actions.push(scroll),
        None if pane == PaneId::Accounts => {
            actions.extend(account_row(state, view_state, area, at.y));
        }
        None => {}
    }
    actions
}

/// Whether `event` can ask for anything: a left click or the wheel.
#[must_use]
pub const fn matters(event: MouseEvent) -> bool {
    matches!(
        event.kind,
        MouseEventKind::Down(MouseButton::Left)
            | MouseEventKind::ScrollDown
            | MouseEventKind::ScrollUp
    )
}

/// The view whose tab covers column `x` of the tab row.
fn tab_at(width: u16, x: u16) -> Option<View> {
    tabs(width).into_iter().find_map(|(view, start, label)| {
        let end = start.saturating_add(u16::try_from(label.chars().count()).unwrap_or(u16::MAX));
        (start..end).contains(&x).then_some(view)
    })
}

/// The action that shows `view`.
const fn show(view: View) -> Action {
    match view {
        View::Book => Action::ShowBook,
        View::Todos => Action::ShowTodos,
        View::Renewals => Action::ShowRenewals,
        View::Portfolio => Action::ShowPortfolio,
        View::Timeline => Action::ShowTimeline,
        View::Qbr => Action::ShowQbr,
        View::Forecast => Action::ShowForecast,
        View::ModelCheck => Action::ShowModelCheck,
    }
}

/// Selecting the account list's row drawn on screen row `y` of the list's `area` (its border
/// and its header row hold none).
fn account_row(state: &AppState, view_state: &ViewState, area: Rect, y: u16) -> Option<Action> {
    let first = area.y.checked_add(2)?;
    let last = area.bottom().checked_sub(1)?;
    if y < first || y >= last {
        return None;
    }
    let row = view_state.list_scroll.get() + usize::from(y - first);
    (row < state.book.rows.len()).then_some(Action::SelectRow(row))
}

#[cfg(test)]
mod tests;
