//! The session across a book read again: every part of it stays while the book and what is
//! derived from it are replaced.

use std::path::PathBuf;

use ratatui::crossterm::event::KeyCode;

use super::{AppState, PaneId, PlanItem, SortKey, View};
use crate::ui::Action;
use crate::ui::modal::Modal;
use crate::ui::testing::{demo_app, on_each_engine, press, select_by_search};

/// Every field of the session but the selected row's index (compared by account, since a
/// book read again may move it) and the status (a refresh says what it did), as text. It names
/// every field: a field added to the state does not compile here until it is counted in or
/// set aside with its reason.
fn session(state: &AppState) -> String {
    let AppState {
        as_of,
        currency,
        book: _,
        selected: _,
        sort,
        filters,
        search,
        focus,
        view,
        tree,
        zoomed,
        renewal_pick,
        status: _,
        quit,
        queue_pick,
        todo_pick,
        contact_pick,
        plan_pick,
        opportunity_pick,
        timeline_pick,
        modal,
        undo,
        import,
        playbooks_running,
        qbr_dir,
        qbr_deck_tab,
        // Derived from the book, like it: a book read again makes it stale.
        records: _,
        // The user's horizon and pick are the session's; its inputs and figures are derived
        // from the book and follow it.
        forecast,
        // Its backtests are derived from the book's history: a book read again makes them
        // stale; the lead chosen is kept.
        model_check,
    } = state;
    let forecast = (forecast.year, forecast.pick);
    let selected = state.selected_entry().map(|e| e.account.id);
    format!(
        "{as_of:?} {currency:?} {selected:?} {sort:?} {filters:?} {search:?} {focus:?} {view:?} \
         {tree:?} {zoomed:?} {renewal_pick:?} {quit:?} {queue_pick:?} {todo_pick:?} \
         {contact_pick:?} {plan_pick:?} {opportunity_pick:?} {timeline_pick:?} {modal:?} {undo:?} {import:?} {playbooks_running:?} \
         {qbr_dir:?} {qbr_deck_tab:?} {forecast:?} {:?}",
        model_check.lead
    )
}

#[test]
fn a_book_read_again_replaces_the_book_and_keeps_every_part_of_the_session() {
    on_each_engine(
        "a_book_read_again_replaces_the_book_and_keeps_every_part_of_the_session",
        || {
            let mut app = demo_app();
            select_by_search(&mut app, "Quillfeather Books");
            while app.state.focus != PaneId::Todos {
                press(&mut app, KeyCode::Tab);
            }
            let todo =
                app.state.book.detail.as_ref().and_then(|d| d.detail.facts.open_todos.first());
            let todo = todo.expect("a todo").id;
            press(&mut app, KeyCode::Char('x'));
            assert_eq!(app.state.undo.len(), 1, "an edit to undo");
            let chosen = app.state.selected_entry().expect("selected").account.clone();

            // A search, a filter and a sort that leave the account among others, below the first row.
            app.state.search.query = "o".to_owned();
            app.state.filters.segment = chosen.segment;
            app.state.sort = SortKey::Arr;
            app.state.refresh_rows();
            let row = app.state.selected;
            assert!(row > 0, "the account is not the first row");
            assert_eq!(app.state.selected_entry().map(|e| e.account.id), Some(chosen.id));

            let (contact, milestone) = {
                let detail = app.state.book.detail.as_ref().expect("details");
                let contact = detail.detail.facts.contacts.first().expect("a contact").id;
                (contact, detail.milestones.first().map(|m| PlanItem::Milestone(m.id)))
            };
            // The screen's scroll is beside the state: a book read again does not reach it.
            app.view_state.list_scroll.set(2);
            app.view_state.list_page.set(17);
            app.view_state.view_scroll.scroll_by(3);
            app.view_state.pane_scroll.of(PaneId::Health).scroll_by(4);
            let scrolled = format!("{:?}", app.view_state);
            let state = &mut app.state;
            state.show(View::Timeline);
            state.focus = PaneId::Stakeholders;
            state.zoomed = true;
            state.tree = true;
            state.renewal_pick = Some(chosen.id);
            state.queue_pick = Some(todo);
            state.todo_pick = Some(todo);
            state.contact_pick = Some(contact);
            state.plan_pick = milestone;
            state.modal = Modal::Help;
            state.playbooks_running = true;
            state.qbr_dir = PathBuf::from("briefs");
            state.status = "kept".to_owned();
            let before = session(state);

            // A book without the account of the first row: every index after it moves.
            let mut book = state.book.scored.clone();
            let gone = book.accounts.remove(state.book.rows[0]).account.id;
            let left = book.accounts.len();
            state.replace_book(book);
            assert_eq!(session(state), before);
            assert_eq!(state.status, "kept");
            assert_eq!(state.selected, row - 1, "the same account, one row up");
            assert_eq!(state.book.scored.accounts.len(), left, "the book is the new one");
            assert!(
                state.book.rows.iter().all(|&i| state.book.scored.accounts[i].account.id != gone)
            );
            assert!(state.book.detail.is_none(), "what was loaded of the old book goes with it");

            // And read again from the store by a refresh: the account is back in its row.
            app.apply(Action::Refresh).expect("refreshed");
            assert_eq!(session(&app.state), before);
            assert_eq!(format!("{:?}", app.view_state), scrolled);
            assert_eq!(app.state.selected, row);
            assert_eq!(app.state.book.scored.accounts.len(), left + 1);
            assert!(app.state.status.starts_with("refreshed: "), "{}", app.state.status);
            let detail = app.state.book.detail.as_ref().expect("the account's details read again");
            assert_eq!(detail.detail.facts.account.id, chosen.id);
        },
    );
}
