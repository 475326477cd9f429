//! `update` on the book view's list and the views: selection, search, filters, sort, the
//! timeline, movement, the todo queue's pick, paste, focus and help; each on the demo book of
//! each engine.

use super::*;
use crate::scoring::Band;
use crate::ui::state::SortKey;
use crate::ui::testing::{demo_app, on_each_engine, on_each_engine_demo_app};
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
    on_each_engine("moving_the_selection_stays_in_bounds_and_loads_the_details", || {
        let mut app = demo_app();
        let n = app.state.book.rows.len();
        apply(&mut app, &[Action::SelectPrev]);
        assert_eq!(app.state.selected, 0);
        apply(&mut app, &[Action::SelectNext, Action::SelectNext]);
        assert_eq!(app.state.selected, 2);
        let selected = app.state.selected_entry().unwrap().account.id;
        assert_eq!(app.state.book.detail.as_ref().unwrap().detail.facts.account.id, selected);
        apply(&mut app, &[Action::SelectLast, Action::SelectNext]);
        assert_eq!(app.state.selected, n - 1);
        apply(&mut app, &[Action::SelectFirst]);
        assert_eq!(app.state.selected, 0);
    });
}

#[test]
fn search_folds_accents_and_back_clears_it() {
    on_each_engine("search_folds_accents_and_back_clears_it", || {
        let mut app = demo_app();
        apply(&mut app, &[Action::StartSearch]);
        for c in "societe".chars() {
            apply(&mut app, &[Action::SearchType(c)]);
        }
        assert_eq!(app.state.book.rows.len(), 1);
        assert_eq!(selected_name(&app), "Société Lumière");
        assert_eq!(
            app.state.book.detail.as_ref().unwrap().detail.facts.account.name,
            "Société Lumière"
        );
        apply(&mut app, &[Action::SearchKeep]);
        assert!(!app.state.modal.is_search());
        assert_eq!(app.state.book.rows.len(), 1, "the query stays after enter");
        apply(&mut app, &[Action::Back]);
        assert_eq!(app.state.book.rows.len(), 60);
        assert_eq!(selected_name(&app), "Société Lumière", "the selection survives");
    });
}

#[test]
fn typing_and_erasing_a_search_matches_a_fresh_search() {
    on_each_engine("typing_and_erasing_a_search_matches_a_fresh_search", || {
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
        assert_eq!(typed.state.book.rows, fresh.state.book.rows);
        assert!(!typed.state.book.rows.is_empty());
        // A space starts a new word of the pattern: still a correct narrowing.
        apply(&mut typed, &[Action::SearchType(' '), Action::SearchType('m')]);
        let mut fresh = demo_app();
        apply(&mut fresh, &[Action::StartSearch]);
        for c in "ha m".chars() {
            apply(&mut fresh, &[Action::SearchType(c)]);
        }
        assert_eq!(typed.state.book.rows, fresh.state.book.rows);
    });
}

#[test]
fn filters_combine_and_clear() {
    on_each_engine("filters_combine_and_clear", || {
        let mut app = demo_app();
        apply(&mut app, &[Action::FilterBand]);
        assert_eq!(app.state.filters.band, Some(Band::AtRisk));
        assert!(
            app.state
                .book
                .rows
                .iter()
                .all(|&i| app.state.book.scored.accounts[i].summary.band == Band::AtRisk)
        );
        let at_risk = app.state.book.rows.len();
        assert!(at_risk > 0);
        apply(&mut app, &[Action::FilterSegment]);
        assert!(app.state.book.rows.len() <= at_risk);
        assert!(app.state.book.rows.iter().all(|&i| {
            let e = &app.state.book.scored.accounts[i];
            e.summary.band == Band::AtRisk
                && e.account.segment == Some(crate::domain::Segment::Enterprise)
        }));
        apply(&mut app, &[Action::ClearFilters]);
        assert_eq!(app.state.book.rows.len(), 60);
        assert_eq!(app.state.status, "filters cleared");
    });
}

#[test]
fn sorting_by_health_puts_the_lowest_first() {
    on_each_engine("sorting_by_health_puts_the_lowest_first", || {
        let mut app = demo_app();
        apply(&mut app, &[Action::CycleSort]);
        assert_eq!(app.state.sort, SortKey::Health);
        let healths: Vec<i64> = app
            .state
            .book
            .rows
            .iter()
            .map(|&i| app.state.book.scored.accounts[i].summary.health.unwrap_or(i64::MAX))
            .collect();
        assert!(healths.windows(2).all(|w| w[0] <= w[1]), "{healths:?}");
        apply(&mut app, &[Action::CycleSort, Action::CycleSort, Action::CycleSort]);
        assert_eq!(app.state.sort, SortKey::Name);
        let names: Vec<String> = app
            .state
            .book
            .rows
            .iter()
            .map(|&i| app.state.book.scored.accounts[i].account.name.to_lowercase())
            .collect();
        assert!(names.windows(2).all(|w| w[0] <= w[1]));
    });
}

/// The screen drawn once, as the loop would between keys: the views learn their size.
fn drawn(app: &crate::ui::App) {
    crate::ui::testing::draw(app, 80, 24);
}

#[test]
fn enter_on_the_list_opens_the_timeline_and_esc_returns_to_the_book() {
    on_each_engine("enter_on_the_list_opens_the_timeline_and_esc_returns_to_the_book", || {
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
        let detail = app.state.book.detail.as_ref().unwrap();
        assert_eq!(detail.detail.facts.account.name, "Halvorsen Maritime");
        assert!(detail.timeline.len() > 10);
        assert!(detail.timeline.windows(2).all(|w| w[0].date >= w[1].date), "newest first");
        apply(&mut app, &[Action::Back]);
        assert_eq!(app.state.view, View::Book);
        assert_eq!(app.state.search.query, "halvorsen maritime");
        apply(&mut app, &[Action::Back]);
        assert!(app.state.search.query.is_empty());
        assert_eq!(selected_name(&app), "Halvorsen Maritime");
    });
}

#[test]
fn the_timeline_opens_by_number_but_enter_only_from_the_book() {
    on_each_engine("the_timeline_opens_by_number_but_enter_only_from_the_book", || {
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
        assert!(app.state.book.rows.is_empty());
        assert_eq!(app.state.view, View::Book);
        assert_eq!(app.state.status, "no account selected");
    });
}

#[test]
fn movement_keys_scroll_the_list_views_and_move_the_selection_in_the_book() {
    on_each_engine(
        "movement_keys_scroll_the_list_views_and_move_the_selection_in_the_book",
        || {
            let mut app = demo_app();
            let shown = app.state.selected_entry().unwrap().account.id;
            {
                // The QBR brief scrolls; the timeline moves its pick (see `editing`'s tests).
                let show = Action::ShowQbr;
                apply(&mut app, &[show]);
                let view = app.state.view;
                let scroll = &app.view_state.view_scroll;
                assert_eq!(scroll.offset(), 0, "{view:?} opens at the top");
                drawn(&app);
                apply(&mut app, &[Action::SelectNext, Action::SelectNext]);
                assert_eq!(app.view_state.view_scroll.offset(), 2, "{view:?}");
                apply(&mut app, &[Action::SelectPrev]);
                assert_eq!(app.view_state.view_scroll.offset(), 1, "{view:?}");
                drawn(&app);
                apply(&mut app, &[Action::PageDown]);
                let paged = app.view_state.view_scroll.offset();
                assert!(paged > 5, "{view:?} pages by the lines shown: {paged}");
                apply(&mut app, &[Action::PageUp]);
                assert_eq!(app.view_state.view_scroll.offset(), 1, "{view:?}");
                apply(&mut app, &[Action::SelectLast]);
                let end = app.view_state.view_scroll.offset();
                assert!(end >= paged, "{view:?}");
                apply(&mut app, &[Action::SelectNext, Action::PageDown]);
                assert_eq!(app.view_state.view_scroll.offset(), end, "{view:?} stops at the end");
                drawn(&app);
                assert_eq!(app.view_state.view_scroll.offset(), end, "{view:?} the end is drawn");
                apply(&mut app, &[Action::SelectFirst]);
                assert_eq!(app.view_state.view_scroll.offset(), 0, "{view:?}");
                apply(&mut app, &[Action::SelectPrev]);
                assert_eq!(app.view_state.view_scroll.offset(), 0, "{view:?}");
                assert_eq!(app.state.selected, 0, "{view:?} leaves the selection alone");
                apply(&mut app, &[Action::SelectNext]);
            }
            // Another account's timeline starts at the top.
            apply(&mut app, &[Action::ShowTimeline]);
            drawn(&app);
            apply(&mut app, &[Action::PageDown]);
            drawn(&app);
            assert!(app.view_state.view_scroll.offset() > 0);
            // A band filter that leaves the account out selects another.
            while app.state.selected_entry().map(|e| e.account.id) == Some(shown) {
                apply(&mut app, &[Action::FilterBand]);
            }
            assert_eq!(app.state.view, View::Timeline);
            assert_eq!(app.view_state.view_scroll.offset(), 0);
            // Changing the view starts the new one at the top.
            apply(&mut app, &[Action::ShowTodos]);
            assert_eq!(app.view_state.view_scroll.offset(), 0);
            // The book's movement keys move the selection.
            apply(&mut app, &[Action::ClearFilters, Action::ShowBook, Action::SelectFirst]);
            apply(&mut app, &[Action::SelectNext, Action::SelectNext]);
            assert_eq!(app.state.selected, 2);
            assert_eq!(app.view_state.view_scroll.offset(), 0);
        },
    );
}

#[test]
fn movement_keys_pick_a_todo_in_the_queue_and_the_todo_keys_act_on_it() {
    use crate::domain::TodoStatus;
    on_each_engine_demo_app("movement_keys_pick_a_todo", |mut app| {
        apply(&mut app, &[Action::ShowTodos]);
        let queue = app.state.book.todos.clone();
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
        assert!(app.state.book.todos.iter().all(|t| t.id != done.id));
        assert_eq!(app.state.book.todos.len(), queue.len() - 1);
        let stored = app.store().todos(done.account_id.unwrap()).unwrap();
        assert_eq!(stored.iter().find(|t| t.id == done.id).unwrap().status, TodoStatus::Done);
        assert_eq!(picked(&app), Some(queue[2].id), "the next todo is picked");
        app.handle_key(crossterm_key('u')).unwrap();
        let ids = |todos: &[crate::domain::Todo]| todos.iter().map(|t| t.id).collect::<Vec<_>>();
        assert_eq!(ids(&app.state.book.todos), ids(&queue), "undo puts it back in its place");
    });
}

fn crossterm_key(c: char) -> ratatui::crossterm::event::KeyEvent {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn a_paste_into_a_form_is_text_and_never_keys() {
    on_each_engine("a_paste_into_a_form_is_text_and_never_keys", || {
        let mut app = demo_app();
        let todos = app.store().open_todos().unwrap().len();
        let (selected, undo) = (selected_name(&app), app.state.undo.len());
        apply(&mut app, &[Action::AddTodo]);
        assert!(app.state.modal.editor().is_some());
        // Pasted as keys, the line break saved the todo, u undid it and q quit.
        paste(&mut app.state, "Follow up with finance\nuq");
        assert!(!app.state.quit);
        assert_eq!(app.store().open_todos().unwrap().len(), todos, "nothing saved");
        assert_eq!(app.state.undo.len(), undo, "nothing undone");
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(form.text(form.focus), "Follow up with finance uq");
        // Enter typed afterwards saves what was pasted.
        apply(&mut app, &[Action::FormKey(crossterm_key_code(KeyCode::Enter))]);
        assert!(app.state.modal.editor().is_none());
        let stored = app.store().open_todos().unwrap();
        assert!(stored.iter().any(|t| t.title == "Follow up with finance uq"), "saved");
        assert_eq!(selected_name(&app), selected);
    });
}

#[test]
fn a_paste_with_no_field_open_does_nothing_and_says_so() {
    on_each_engine("a_paste_with_no_field_open_does_nothing_and_says_so", || {
        let mut app = demo_app();
        let (rows, filters) = (app.state.book.rows.clone(), app.state.filters.clone());
        // As keys, "renewal q" cycled a filter, refreshed, ... and quit.
        paste(&mut app.state, "renewal q\nw");
        assert_eq!(app.state.status, PASTE_IGNORED);
        assert!(!app.state.quit);
        assert_eq!(app.state.book.rows, rows);
        assert_eq!(app.state.filters, filters);
        assert!(app.state.search.query.is_empty());
        assert_eq!(app.state.view, View::Book);
        // With the search open, a paste is typed into it, on one line.
        apply(&mut app, &[Action::StartSearch]);
        paste(&mut app.state, "Stonegate\n");
        assert_eq!(app.state.search.query, "Stonegate ");
        assert!(app.state.book.rows.len() < rows.len());
        assert!(!app.state.quit);
    });
}

fn crossterm_key_code(code: ratatui::crossterm::event::KeyCode) -> KeyEvent {
    KeyEvent::new(code, ratatui::crossterm::event::KeyModifiers::NONE)
}

#[test]
fn focus_help_views_and_back() {
    on_each_engine("focus_help_views_and_back", || {
        let mut app = demo_app();
        apply(&mut app, &[Action::FocusNext]);
        assert_eq!(app.state.focus, PaneId::Health);
        apply(&mut app, &[Action::FocusPrev, Action::FocusPrev]);
        assert_eq!(app.state.focus, PaneId::Plan);
        apply(&mut app, &[Action::ToggleHelp]);
        assert!(app.state.modal.is_help());
        apply(&mut app, &[Action::Back]);
        assert!(!app.state.modal.is_help());
        apply(&mut app, &[Action::ShowRenewals]);
        assert_eq!(app.state.view, View::Renewals);
        apply(&mut app, &[Action::Back]);
        assert_eq!(app.state.view, View::Book);
        apply(&mut app, &[Action::Back]);
        assert_eq!(app.state.focus, PaneId::Accounts);
        apply(&mut app, &[Action::Quit]);
        assert!(app.state.quit);
    });
}
