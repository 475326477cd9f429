//! `update` on the panes' comforts: zoom, scrolling the panes without rows, focus, enter on a
//! row of the todo queue or the renewals calendar, and the filters said in full.

use super::*;
use crate::domain::AccountId;
use crate::ui::App;
use crate::ui::testing::{demo_app, draw, on_each_engine};

fn apply(app: &mut App, actions: &[Action]) {
    for &action in actions {
        app.apply(action).unwrap();
    }
}

#[test]
fn zoom_fills_the_body_with_the_focused_pane_and_back_or_esc_restores_every_pane() {
    on_each_engine(
        "zoom_fills_the_body_with_the_focused_pane_and_back_or_esc_restores_every_pane",
        || {
            let mut app = demo_app();
            apply(&mut app, &[Action::FocusNext, Action::ToggleZoom]);
            assert!(app.state.zoomed);
            assert_eq!(app.state.status, "Health pane zoomed · z again shows every pane");
            let screen = format!("{}", draw(&app, 80, 24).backend());
            assert!(screen.contains("▶ Health · "), "{screen}");
            assert!(!screen.contains("Accounts"), "only the zoomed pane is drawn:\n{screen}");
            // Another pane takes the zoom with the focus.
            apply(&mut app, &[Action::FocusNext]);
            assert!(app.state.zoomed);
            assert_eq!(app.state.status, "Renewal pane zoomed · z again shows every pane");
            apply(&mut app, &[Action::ToggleZoom]);
            assert!(!app.state.zoomed);
            apply(&mut app, &[Action::ToggleZoom, Action::Back]);
            assert!(!app.state.zoomed, "esc leaves the zoom first");
            assert_eq!(app.state.focus, PaneId::Renewal, "and keeps the focus");
            // The other views fill the screen already.
            apply(&mut app, &[Action::ShowPortfolio, Action::ToggleZoom]);
            assert!(!app.state.zoomed);
            assert_eq!(
                app.state.status,
                "zoom is for the book's panes: this view fills the screen"
            );
        },
    );
}

#[test]
fn the_movement_keys_scroll_a_pane_without_rows_and_another_account_starts_at_the_top() {
    on_each_engine(
        "the_movement_keys_scroll_a_pane_without_rows_and_another_account_starts_at_the_top",
        || {
            let mut app = demo_app();
            apply(&mut app, &[Action::FocusNext]);
            assert_eq!(app.state.focus, PaneId::Health);
            draw(&app, 80, 24);
            apply(&mut app, &[Action::SelectNext, Action::SelectNext, Action::ScrollDown]);
            let scroll = app.view_state.pane_scroll.of(PaneId::Health);
            assert_eq!(scroll.offset(), 3);
            assert_eq!(app.state.selected, 0, "the account stays selected");
            apply(&mut app, &[Action::ScrollUp, Action::SelectPrev]);
            assert_eq!(app.view_state.pane_scroll.of(PaneId::Health).offset(), 1);
            apply(&mut app, &[Action::SelectLast]);
            let end = app.view_state.pane_scroll.of(PaneId::Health).offset();
            assert!(end > 3, "the end of the pane: {end}");
            draw(&app, 80, 24);
            apply(&mut app, &[Action::PageDown]);
            assert_eq!(
                app.view_state.pane_scroll.of(PaneId::Health).offset(),
                end,
                "no further than the end"
            );
            // Another account: its health starts at the top.
            apply(&mut app, &[Action::FocusPrev, Action::SelectNext]);
            assert_eq!(app.view_state.pane_scroll.of(PaneId::Health).offset(), 0);
        },
    );
}

#[test]
fn focus_cycles_through_every_pane_both_ways() {
    on_each_engine("focus_cycles_through_every_pane_both_ways", || {
        let mut app = demo_app();
        let mut seen = vec![app.state.focus];
        for _ in 0..PaneId::ALL.len() {
            apply(&mut app, &[Action::FocusNext]);
            seen.push(app.state.focus);
        }
        assert_eq!(seen[..6], PaneId::ALL);
        assert_eq!(seen[6], PaneId::Accounts, "the ring wraps");
        apply(&mut app, &[Action::FocusPrev]);
        assert_eq!(app.state.focus, PaneId::Plan);
        // A click's focus applies in the book only.
        apply(&mut app, &[Action::Focus(PaneId::Todos)]);
        assert_eq!(app.state.focus, PaneId::Todos);
        apply(&mut app, &[Action::ShowRenewals, Action::Focus(PaneId::Health)]);
        assert_eq!(app.state.focus, PaneId::Todos);
    });
}

#[test]
fn enter_on_a_queue_todo_opens_its_account_in_the_book_on_that_todo() {
    on_each_engine("enter_on_a_queue_todo_opens_its_account_in_the_book_on_that_todo", || {
        let mut app = demo_app();
        apply(&mut app, &[Action::ShowTodos, Action::SelectNext, Action::SelectNext]);
        let todo = crate::ui::editing::picked_todo(&app.state).unwrap().clone();
        let account = todo.account_id.unwrap();
        apply(&mut app, &[Action::OpenAccount]);
        assert_eq!(app.state.view, View::Book);
        assert_eq!(app.state.focus, PaneId::Todos, "on the todo pane");
        let picked = crate::ui::editing::picked_todo(&app.state).map(|t| t.id);
        assert_eq!(picked, Some(todo.id), "pointing at the todo enter was pressed on");
        assert_eq!(app.state.selected_entry().unwrap().account.id, account);
        assert_eq!(app.state.book.detail.as_ref().unwrap().detail.facts.account.id, account);
    });
}

#[test]
fn enter_on_a_calendar_row_opens_its_account_even_when_the_filters_hide_it() {
    on_each_engine(
        "enter_on_a_calendar_row_opens_its_account_even_when_the_filters_hide_it",
        || {
            let mut app = demo_app();
            apply(&mut app, &[Action::ShowRenewals]);
            let window: Vec<AccountId> = app
                .state
                .renewal_window()
                .iter()
                .map(|&i| app.state.book.scored.accounts[i].account.id)
                .collect();
            assert!(window.len() > 3);
            // The pick starts on the first renewal and stays within the calendar.
            apply(&mut app, &[Action::SelectPrev, Action::SelectNext, Action::SelectNext]);
            assert_eq!(app.state.renewal_pick, Some(window[2]));
            apply(&mut app, &[Action::SelectLast, Action::SelectNext]);
            assert_eq!(app.state.renewal_pick, window.last().copied());
            apply(&mut app, &[Action::SelectFirst, Action::SelectNext]);
            // A search that hides the account is cleared to show it.
            apply(&mut app, &[Action::ShowBook, Action::StartSearch]);
            for c in "zzzqqq".chars() {
                apply(&mut app, &[Action::SearchType(c)]);
            }
            apply(&mut app, &[Action::SearchKeep, Action::ShowRenewals, Action::OpenAccount]);
            assert_eq!(app.state.view, View::Book);
            assert_eq!(app.state.selected_entry().unwrap().account.id, window[1]);
            assert_eq!(app.state.status, "filters and search cleared to show the account");
            assert!(app.state.search.query.is_empty());
        },
    );
}

#[test]
fn a_filter_says_every_filter_in_force_on_the_status_line() {
    on_each_engine("a_filter_says_every_filter_in_force_on_the_status_line", || {
        let mut app = demo_app();
        apply(&mut app, &[Action::FilterBand]);
        let n = app.state.book.rows.len();
        assert_eq!(app.state.status, format!("filters: at risk · {n} of 60 accounts"));
        apply(&mut app, &[Action::FilterSegment]);
        let n = app.state.book.rows.len();
        let segment = app.state.filters.segment.unwrap().code().replace('_', "-");
        assert_eq!(app.state.status, format!("filters: at risk · {segment} · {n} of 60 accounts"));
        apply(&mut app, &[Action::ClearFilters]);
        assert_eq!(app.state.status, "filters cleared");
    });
}

#[test]
fn esc_in_the_search_clears_it_before_the_zoom_and_the_calendar_pages_by_its_own_page() {
    on_each_engine(
        "esc_in_the_search_clears_it_before_the_zoom_and_the_calendar_pages_by_its_own_page",
        || {
            let mut app = demo_app();
            apply(&mut app, &[Action::ToggleZoom, Action::StartSearch, Action::SearchType('a')]);
            apply(&mut app, &[Action::Back]);
            assert!(app.state.modal.is_none(), "the search closed");
            assert!(app.state.search.query.is_empty());
            assert!(app.state.zoomed, "the zoom waits for the next esc");
            apply(&mut app, &[Action::Back]);
            assert!(!app.state.zoomed);

            apply(&mut app, &[Action::ShowRenewals]);
            draw(&app, 80, 24);
            let page = app.view_state.view_scroll.page();
            assert!(page > 10, "the calendar shows {page} lines at 80x24");
            apply(&mut app, &[Action::PageDown]);
            let window: Vec<AccountId> = app
                .state
                .renewal_window()
                .iter()
                .map(|&i| app.state.book.scored.accounts[i].account.id)
                .collect();
            assert_eq!(app.state.renewal_pick, Some(window[page]));
        },
    );
}
