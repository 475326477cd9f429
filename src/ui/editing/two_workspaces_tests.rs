//! Two workspaces on one demo book, on each engine (two connections to one database on the
//! server): an edit in one shows in the other on refresh, and a second edit of a record
//! changed meanwhile is told so rather than written over.

use crate::domain::{Todo, TodoStatus};
use crate::ui::App;
use crate::ui::state::PaneId;
use crate::ui::testing::{on_each_engine, press, select_by_search, two_demo_apps};
use ratatui::crossterm::event::KeyCode;

use super::picked_todo;
use super::tests::{focus, listed_open_todos, stored_todos, type_text};

/// Both workspaces on `account`, their todo panes focused on the same todo.
fn both_on_a_todo(first: &mut App, second: &mut App, account: &str) -> Todo {
    for app in [&mut *first, &mut *second] {
        select_by_search(app, account);
        focus(app, PaneId::Todos);
    }
    let todo = picked_todo(&first.state).unwrap().clone();
    assert_eq!(picked_todo(&second.state).map(|t| t.id), Some(todo.id));
    todo
}

#[test]
fn an_edit_in_one_workspace_shows_in_the_other_on_refresh() {
    on_each_engine("an_edit_in_one_workspace_shows_in_the_other_on_refresh", || {
        let (_dir, mut first, mut second) = two_demo_apps();
        for app in [&mut first, &mut second] {
            select_by_search(app, "Quillfeather Books");
        }
        press(&mut first, KeyCode::Char('a'));
        type_text(&mut first, "Written in the first workspace");
        press(&mut first, KeyCode::Enter);
        let titles = |app: &App| -> Vec<String> {
            let open = &app.state.book.detail.as_ref().unwrap().detail.facts.open_todos;
            open.iter().map(|t| t.title.clone()).collect()
        };
        assert!(!titles(&second).contains(&"Written in the first workspace".to_owned()));
        let listed = listed_open_todos(&second);
        press(&mut second, KeyCode::Char('r'));
        assert_eq!(second.state.status, "refreshed: 1 account changed");
        assert!(titles(&second).contains(&"Written in the first workspace".to_owned()));
        assert_eq!(listed_open_todos(&second), listed + 1);
        assert_eq!(second.state.selected_entry().unwrap().account.name, "Quillfeather Books");
        press(&mut second, KeyCode::Char('r'));
        assert_eq!(second.state.status, "refreshed: no account changed");
    });
}

#[test]
fn the_second_edit_of_one_todo_is_told_the_record_changed() {
    on_each_engine("the_second_edit_of_one_todo_is_told_the_record_changed", || {
        let (_dir, mut first, mut second) = two_demo_apps();
        let todo = both_on_a_todo(&mut first, &mut second, "Quillfeather Books");
        press(&mut first, KeyCode::Char('e'));
        type_text(&mut first, " (first)");
        press(&mut first, KeyCode::Enter);
        press(&mut second, KeyCode::Char('e'));
        type_text(&mut second, " (second)");
        press(&mut second, KeyCode::Enter);

        assert_eq!(
            second.state.status,
            "not saved: the todo was changed elsewhere since it was read; showing it as it is now"
        );
        let stored = stored_todos(&second).into_iter().find(|t| t.id == todo.id).unwrap();
        assert_eq!(stored.title, format!("{} (first)", todo.title), "the first edit stands");
        assert_eq!(picked_todo(&second.state).unwrap().title, stored.title, "reloaded");
        // Now that it shows the current todo, the second workspace's edit goes through.
        press(&mut second, KeyCode::Char('x'));
        let stored = stored_todos(&second).into_iter().find(|t| t.id == todo.id).unwrap();
        assert_eq!(
            (stored.status, stored.title.clone()),
            (TodoStatus::Done, format!("{} (first)", todo.title))
        );
        // And the first cannot undo over it.
        press(&mut first, KeyCode::Char('u'));
        assert!(first.state.status.starts_with("not saved: the todo was changed elsewhere"));
        let stored = stored_todos(&first).into_iter().find(|t| t.id == todo.id).unwrap();
        assert_eq!(stored.status, TodoStatus::Done);
    });
}

#[test]
fn completing_a_todo_deleted_elsewhere_says_so() {
    on_each_engine("completing_a_todo_deleted_elsewhere_says_so", || {
        let (_dir, mut first, mut second) = two_demo_apps();
        let todo = both_on_a_todo(&mut first, &mut second, "Quillfeather Books");
        press(&mut first, KeyCode::Char('d'));
        press(&mut first, KeyCode::Char('y'));
        press(&mut second, KeyCode::Char('x'));
        assert_eq!(
            second.state.status,
            "not saved: the todo was deleted elsewhere; showing it as it is now"
        );
        assert!(stored_todos(&second).iter().all(|t| t.id != todo.id));
        assert!(picked_todo(&second.state).is_none_or(|t| t.id != todo.id));
    });
}

#[test]
fn the_second_edit_of_one_stakeholder_is_told_the_record_changed() {
    on_each_engine("the_second_edit_of_one_stakeholder_is_told_the_record_changed", || {
        let (_dir, mut first, mut second) = two_demo_apps();
        for app in [&mut first, &mut second] {
            select_by_search(app, "Quillfeather Books");
            focus(app, PaneId::Stakeholders);
        }
        for app in [&mut first, &mut second] {
            press(app, KeyCode::Char('e'));
            press(app, KeyCode::Right);
            press(app, KeyCode::Enter);
        }
        let status = &second.state.status;
        assert!(status.starts_with("not saved: the contact was changed elsewhere"), "{status}");
    });
}
