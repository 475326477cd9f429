//! Clicks and the wheel on the demo workspace, at the sizes a CSM uses: each lands on what the
//! screen draws where it happens.
use ratatui::crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::ui::testing::{buffer_lines, demo_app, draw, on_each_engine, press};
use crate::ui::{App, PaneId, View};

fn at(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
    MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE }
}

fn click(app: &mut App, size: (u16, u16), column: u16, row: u16) {
    let event = at(MouseEventKind::Down(MouseButton::Left), column, row);
    app.handle_mouse(event, Rect::new(0, 0, size.0, size.1));
}

fn wheel(app: &mut App, size: (u16, u16), down: bool, column: u16, row: u16) {
    let kind = if down { MouseEventKind::ScrollDown } else { MouseEventKind::ScrollUp };
    app.handle_mouse(at(kind, column, row), Rect::new(0, 0, size.0, size.1));
}

/// The column and row where `text` is first drawn on the screen of `app` at `size`.
fn find(app: &App, size: (u16, u16), text: &str) -> (u16, u16) {
    let terminal = draw(app, size.0, size.1);
    let lines = buffer_lines(terminal.backend().buffer());
    for (row, line) in lines.iter().enumerate() {
        if let Some(byte) = line.find(text) {
            let column = line[..byte].chars().count();
            return (u16::try_from(column).unwrap(), u16::try_from(row).unwrap());
        }
    }
    panic!("{text:?} is not on screen:\n{}", lines.join("\n"));
}

#[test]
fn a_click_on_a_tab_shows_its_view() {
    on_each_engine("a_click_on_a_tab_shows_its_view", || {
        let mut app = demo_app();
        for size in [(80, 24), (200, 50)] {
            let (x, y) = find(&app, size, "3 Renew");
            click(&mut app, size, x + 2, y);
            assert_eq!(app.state.view, View::Renewals, "{size:?}");
            let (x, y) = find(&app, size, "1 Book");
            click(&mut app, size, x, y);
            assert_eq!(app.state.view, View::Book, "{size:?}");
        }
    });
}

#[test]
fn a_click_focuses_the_pane_under_it_and_selects_the_account_row_under_it() {
    on_each_engine(
        "a_click_focuses_the_pane_under_it_and_selects_the_account_row_under_it",
        || {
            let mut app = demo_app();
            let size = (200, 50);
            let (x, y) = find(&app, size, "Stakeholders");
            click(&mut app, size, x, y + 2);
            assert_eq!(app.state.focus, PaneId::Stakeholders);
            // The fourth account of the list, under its header.
            let fourth =
                app.state.book.scored.accounts[app.state.book.rows[3]].account.name.clone();
            let (x, y) = find(&app, size, &fourth);
            click(&mut app, size, x, y);
            assert_eq!(app.state.focus, PaneId::Accounts);
            assert_eq!(app.state.selected, 3);
            assert_eq!(app.state.selected_entry().unwrap().account.name, fourth);
            // The header and the border select nothing.
            let (x, y) = find(&app, size, "account");
            click(&mut app, size, x, y);
            assert_eq!(app.state.selected, 3);
        },
    );
}

#[test]
fn at_80x24_the_strip_names_focus_their_pane() {
    on_each_engine("at_80x24_the_strip_names_focus_their_pane", || {
        let mut app = demo_app();
        let size = (80, 24);
        let (x, y) = find(&app, size, "People");
        click(&mut app, size, x, y);
        assert_eq!(app.state.focus, PaneId::Stakeholders);
        let (x, y) = find(&app, size, "Plan");
        click(&mut app, size, x + 1, y);
        assert_eq!(app.state.focus, PaneId::Plan);
    });
}

#[test]
fn the_wheel_scrolls_the_pane_under_it() {
    on_each_engine("the_wheel_scrolls_the_pane_under_it", || {
        let mut app = demo_app();
        let size = (80, 24);
        // The health pane is shown beside the list at 80x24: the wheel over it focuses and
        // scrolls it; the account stays selected.
        let (x, y) = find(&app, size, "risk signals");
        draw(&app, size.0, size.1);
        wheel(&mut app, size, true, x, y);
        wheel(&mut app, size, true, x, y);
        assert_eq!(app.state.focus, PaneId::Health);
        assert_eq!(app.view_state.pane_scroll.of(PaneId::Health).offset(), 2);
        assert_eq!(app.state.selected, 0);
        wheel(&mut app, size, false, x, y);
        assert_eq!(app.view_state.pane_scroll.of(PaneId::Health).offset(), 1);
        // Over the list, the wheel moves the selection.
        wheel(&mut app, size, true, 3, 5);
        assert_eq!((app.state.focus, app.state.selected), (PaneId::Accounts, 1));
    });
}

#[test]
fn motion_other_buttons_and_open_forms_ask_for_nothing() {
    on_each_engine("motion_other_buttons_and_open_forms_ask_for_nothing", || {
        let mut app = demo_app();
        let size = (80, 24);
        let (x, y) = find(&app, size, "3 Renew");
        app.handle_mouse(at(MouseEventKind::Moved, x, y), Rect::new(0, 0, 80, 24));
        app.handle_mouse(
            at(MouseEventKind::Down(MouseButton::Right), x, y),
            Rect::new(0, 0, 80, 24),
        );
        assert_eq!(app.state.view, View::Book);
        press(&mut app, KeyCode::Char('a'));
        assert!(app.state.modal.editor().is_some());
        click(&mut app, size, x, y);
        assert_eq!(app.state.view, View::Book, "the form keeps the keys and the mouse");
        assert!(app.state.modal.editor().is_some());
    });
}

#[test]
fn a_click_on_a_todo_of_the_queue_picks_it_and_enter_opens_its_account() {
    on_each_engine("a_click_on_a_todo_of_the_queue_picks_it_and_enter_opens_its_account", || {
        let mut app = demo_app();
        let size = (80, 24);
        app.apply(crate::ui::Action::ShowTodos).unwrap();
        let third = app.state.book.todos[2].clone();
        let (x, y) = find(&app, size, &third.title[..12]);
        click(&mut app, size, x, y);
        assert_eq!(app.state.queue_pick, Some(third.id));
        // A group's header picks nothing.
        let (x, y) = find(&app, size, "Overdue ·");
        click(&mut app, size, x, y);
        assert_eq!(app.state.queue_pick, Some(third.id));
        app.apply(crate::ui::Action::OpenAccount).unwrap();
        assert_eq!(app.state.view, View::Book);
        assert_eq!(app.state.selected_entry().map(|e| e.account.id), third.account_id);
    });
}

#[test]
fn clicks_and_the_wheel_anywhere_on_any_size_never_panic() {
    on_each_engine("clicks_and_the_wheel_anywhere_on_any_size_never_panic", || {
        let mut app = demo_app();
        for view in [crate::ui::Action::ShowBook, crate::ui::Action::ShowTodos] {
            app.apply(view).unwrap();
            for size in [(1, 1), (3, 2), (20, 3), (40, 6), (80, 24), (200, 50)] {
                draw(&app, size.0, size.1);
                for column in (0..size.0 + 2).step_by(3) {
                    for row in 0..size.1 + 2 {
                        click(&mut app, size, column, row);
                        wheel(&mut app, size, row % 2 == 0, column, row);
                    }
                }
            }
        }
    });
}

#[test]
fn with_a_two_row_status_a_click_still_lands_on_what_is_drawn() {
    on_each_engine("with_a_two_row_status_a_click_still_lands_on_what_is_drawn", || {
        let mut app = demo_app();
        let size = (80, 24);
        app.state.status = "x".repeat(120);
        let fourth = app.state.book.scored.accounts[app.state.book.rows[3]].account.name.clone();
        let start: String = fourth.chars().take(12).collect();
        let (x, y) = find(&app, size, &start);
        click(&mut app, size, x, y);
        assert_eq!(app.state.selected, 3);
        // The list's bottom border, one row higher than with a one-row status, selects nothing.
        let (_, bottom) = find(&app, size, "60 of 60");
        click(&mut app, size, 5, bottom);
        assert_eq!(app.state.selected, 3);
    });
}

#[test]
fn a_click_below_the_queue_s_last_shown_todo_picks_nothing_hidden() {
    on_each_engine("a_click_below_the_queue_s_last_shown_todo_picks_nothing_hidden", || {
        let mut app = demo_app();
        let size = (80, 24);
        app.apply(crate::ui::Action::ShowTodos).unwrap();
        draw(&app, size.0, size.1);
        let picked = app.state.queue_pick;
        let (x, y) = find(&app, size, "more");
        click(&mut app, size, x, y);
        assert_eq!(app.state.queue_pick, picked, "the “… N more” row picks nothing");
    });
}
