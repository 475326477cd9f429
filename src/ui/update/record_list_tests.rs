//! `update` on the lists of records: enter in the timeline goes to its account (e still edits
//! the entry), and `a` in the todo queue adds to the picked todo's account, or to none when
//! the picked todo has none.

use ratatui::crossterm::event::KeyCode;

use crate::domain::Todo;
use crate::ui::App;
use crate::ui::editing::picked_todo;
use crate::ui::state::{PaneId, View};
use crate::ui::testing::{demo_app, on_each_engine, press, select_by_search};

fn type_text(app: &mut App, text: &str) {
    text.chars().for_each(|c| press(app, KeyCode::Char(c)));
}

/// Every todo of the book, the ones of no account included.
fn every_todo(app: &App) -> Vec<Todo> {
    let store = app.store();
    let mut all = store.book_todos().unwrap();
    for account in store.accounts().unwrap() {
        all.extend(store.todos(account.id).unwrap());
    }
    all
}

#[test]
fn enter_in_the_timeline_goes_to_its_account_and_e_edits_the_entry() {
    on_each_engine("enter_in_the_timeline_goes_to_its_account_and_e_edits_the_entry", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Halvorsen Maritime");
        press(&mut app, KeyCode::Char('5'));
        press(&mut app, KeyCode::Char('e'));
        assert!(app.state.modal.editor().is_some(), "e edits the entry");
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Enter);
        assert!(app.state.modal.editor().is_none(), "enter opens no form");
        assert_eq!(app.state.view, View::Book);
        assert_eq!(app.state.focus, PaneId::Accounts);
        assert_eq!(app.state.selected_entry().unwrap().account.name, "Halvorsen Maritime");
    });
}

#[test]
fn a_in_the_queue_adds_to_the_picked_todo_s_account() {
    on_each_engine("a_in_the_queue_adds_to_the_picked_todo_s_account", || {
        let mut app = demo_app();
        let selected = app.state.selected_entry().unwrap().account.id;
        press(&mut app, KeyCode::Char('2'));
        while picked_todo(&app.state).unwrap().account_id.is_none_or(|a| a == selected) {
            press(&mut app, KeyCode::Char('j'));
        }
        let account = picked_todo(&app.state).unwrap().account_id;
        press(&mut app, KeyCode::Char('a'));
        type_text(&mut app, "Follow up on the picked todo");
        press(&mut app, KeyCode::Enter);
        let added =
            every_todo(&app).into_iter().find(|t| t.title == "Follow up on the picked todo");
        assert_eq!(
            added.unwrap().account_id,
            account,
            "the picked todo's, not the book's selection"
        );
    });
}

#[test]
fn a_in_the_queue_on_a_todo_of_no_account_adds_one_of_no_account() {
    on_each_engine("a_in_the_queue_on_a_todo_of_no_account_adds_one_of_no_account", || {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('2'));
        for _ in 0..200 {
            if picked_todo(&app.state).unwrap().account_id.is_none() {
                break;
            }
            press(&mut app, KeyCode::Char('j'));
        }
        assert_eq!(picked_todo(&app.state).unwrap().account_id, None, "the demo has some");
        press(&mut app, KeyCode::Char('a'));
        assert_eq!(app.state.modal.editor().unwrap().form.title, "New todo · no account");
        type_text(&mut app, "Plan next quarter's book review");
        press(&mut app, KeyCode::Enter);
        let added =
            every_todo(&app).into_iter().find(|t| t.title == "Plan next quarter's book review");
        let added = added.expect("stored");
        assert_eq!(added.account_id, None);
        assert!(app.state.book.todos.iter().any(|t| t.id == added.id), "the queue lists it");
        press(&mut app, KeyCode::Char('u'));
        assert!(every_todo(&app).iter().all(|t| t.id != added.id), "undo removes it");
    });
}

#[test]
fn the_todo_form_adds_to_the_account_or_to_none() {
    on_each_engine("the_todo_form_adds_to_the_account_or_to_none", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        let account = app.state.selected_entry().unwrap().account.id;
        for (title, moves, expected) in
            [("For the account", 0, Some(account)), ("For the book", 1, None)]
        {
            press(&mut app, KeyCode::Char('a'));
            type_text(&mut app, title);
            (0..4).for_each(|_| press(&mut app, KeyCode::Tab));
            let form = &app.state.modal.editor().unwrap().form;
            assert_eq!(form.fields[form.focus].label, "account");
            (0..moves).for_each(|_| press(&mut app, KeyCode::Right));
            press(&mut app, KeyCode::Enter);
            let added = every_todo(&app).into_iter().find(|t| t.title == title).expect("stored");
            assert_eq!(added.account_id, expected, "{title}");
        }
    });
}
