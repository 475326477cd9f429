//! Every edit of the workspace through its keys, over a demo store: the state after (panes,
//! score, status) and the store after.

use chrono::{Days, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::picked_todo;
use super::stakeholders::picked_contact;
use crate::domain::{AccountId, Role, Todo, TodoStatus};
use crate::scoring::SignalCode;
use crate::ui::App;
use crate::ui::state::PaneId;
use crate::ui::testing::{as_of, demo_app, on_each_engine, press, select_by_search};

pub(super) fn type_text(app: &mut App, text: &str) {
    text.chars().for_each(|c| press(app, KeyCode::Char(c)));
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)).unwrap();
}

pub(super) fn focus(app: &mut App, pane: PaneId) {
    while app.state.focus != pane {
        press(app, KeyCode::Tab);
    }
}

fn account(app: &App) -> AccountId {
    app.state.book.detail.as_ref().unwrap().detail.facts.account.id
}

fn has_signal(app: &App, signal: SignalCode) -> bool {
    app.state.book.detail.as_ref().unwrap().detail.score.has_signal(signal)
}

pub(super) fn stored_todos(app: &App) -> Vec<Todo> {
    app.store().todos(account(app)).unwrap()
}

fn days(n: u64) -> NaiveDate {
    as_of().checked_add_days(Days::new(n)).unwrap()
}

/// The list entry of the selected account (what the account list shows).
pub(super) fn listed_open_todos(app: &App) -> u32 {
    app.state.selected_entry().unwrap().summary.open_todos
}

#[test]
fn logging_a_meeting_with_the_champion_brings_an_account_back_from_dark() {
    on_each_engine("logging_a_meeting_with_the_champion_brings_an_account_back_from_dark", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        assert!(has_signal(&app, SignalCode::GoneDark));
        let engagement_before =
            app.state.book.detail.as_ref().unwrap().detail.score.components.engagement.value;
        focus(&mut app, PaneId::Stakeholders);
        while picked_contact(&app.state).unwrap().role != Role::Champion {
            press(&mut app, KeyCode::Char('j'));
        }
        let champion = picked_contact(&app.state).unwrap().clone();

        press(&mut app, KeyCode::Char('l'));
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(form.checked(2).len(), 1, "the contact pointed at is ticked");
        (0..3).for_each(|_| press(&mut app, KeyCode::Tab));
        type_text(&mut app, "Busy season check-in");
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, "Back from leave.");
        press(&mut app, KeyCode::Enter);
        type_text(&mut app, "Wants a training.");
        ctrl(&mut app, 's');

        assert!(app.state.modal.editor().is_none());
        let status = &app.state.status;
        assert!(
            status.starts_with(&format!(
                "logged meeting “Busy season check-in” with {}",
                champion.name
            )),
            "{status}"
        );
        // The store holds it, with the champion and both lines of the notes.
        let stored = app.store().interactions(account(&app)).unwrap();
        let logged = stored.iter().find(|i| i.summary.as_deref() == Some("Busy season check-in"));
        let logged = logged.unwrap();
        assert_eq!(logged.date, as_of());
        assert_eq!(logged.contacts, vec![champion.id]);
        assert_eq!(logged.body.as_deref(), Some("Back from leave.\nWants a training."));
        // Every pane shows the new score: engagement up, no longer dark, the timeline starts with it.
        assert!(!has_signal(&app, SignalCode::GoneDark));
        let detail = app.state.book.detail.as_ref().unwrap();
        assert!(detail.detail.score.components.engagement.value > engagement_before);
        assert!(detail.detail.score.components.engagement.engaged.contains(&champion.id));
        assert_eq!(detail.timeline[0].summary.as_deref(), Some("Busy season check-in"));
        assert_eq!(detail.last_touch.get(&champion.id), Some(&as_of()));
        let listed = app.state.selected_entry().unwrap();
        assert!(!listed.summary.signals.contains(&SignalCode::GoneDark, SignalCode::ALL));
        // The account moved to where sorting the whole book would put it.
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Esc);
        let rows = app.state.book.rows.clone();
        app.state.refresh_rows();
        assert_eq!(app.state.book.rows, rows);
        select_by_search(&mut app, "Quillfeather Books");

        press(&mut app, KeyCode::Char('u'));
        assert!(app.state.status.starts_with("undone: logged meeting"), "{}", app.state.status);
        assert_eq!(app.store().interactions(account(&app)).unwrap().len(), stored.len() - 1);
        assert!(has_signal(&app, SignalCode::GoneDark), "undo brings the signal back");
    });
}

#[test]
fn a_touchpoint_needs_a_summary_and_a_day_not_after_today() {
    on_each_engine("a_touchpoint_needs_a_summary_and_a_day_not_after_today", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        let before = app.store().interactions(account(&app)).unwrap().len();
        press(&mut app, KeyCode::Char('l'));
        press(&mut app, KeyCode::Enter);
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(form.error.as_deref(), Some("summary: say in a line what happened"));
        assert_eq!(form.focus, 3, "the field at fault has the focus");
        type_text(&mut app, "Call");
        press(&mut app, KeyCode::BackTab);
        press(&mut app, KeyCode::BackTab);
        (0..5).for_each(|_| press(&mut app, KeyCode::Backspace));
        type_text(&mut app, "tomorrow");
        press(&mut app, KeyCode::Enter);
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(
            form.error.as_deref(),
            Some("date: 2026-11-25 is after today (2026-11-24): log it once it happened")
        );
        press(&mut app, KeyCode::Esc);
        assert!(app.state.modal.editor().is_none());
        assert_eq!(app.state.status, "nothing saved");
        assert_eq!(app.store().interactions(account(&app)).unwrap().len(), before);
    });
}

#[test]
fn a_form_takes_every_key_so_typing_never_triggers_a_binding() {
    on_each_engine("a_form_takes_every_key_so_typing_never_triggers_a_binding", || {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('a'));
        type_text(&mut app, "quit /sort 2 ?");
        assert!(!app.state.quit);
        assert!(!app.state.modal.is_help());
        assert_eq!(app.state.modal.editor().unwrap().form.text(0), "quit /sort 2 ?");
    });
}

#[test]
fn adding_a_todo_lists_it_counts_it_and_undo_removes_it() {
    on_each_engine("adding_a_todo_lists_it_counts_it_and_undo_removes_it", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        let listed = listed_open_todos(&app);
        press(&mut app, KeyCode::Char('a'));
        press(&mut app, KeyCode::Enter);
        assert_eq!(
            app.state.modal.editor().unwrap().form.error.as_deref(),
            Some("title: what is there to do?")
        );
        type_text(&mut app, "Send the training deck");
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, "+3d");
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Enter);

        assert_eq!(app.state.status, "added todo “Send the training deck” · u undoes");
        let todos = stored_todos(&app);
        let added = todos.iter().find(|t| t.title == "Send the training deck").unwrap();
        assert_eq!(added.due, Some(days(3)));
        assert_eq!(added.priority, crate::domain::Priority::High);
        assert_eq!(added.created_on, as_of());
        assert_eq!(added.status, TodoStatus::Open);
        let shown = &app.state.book.detail.as_ref().unwrap().detail.facts.open_todos;
        assert!(shown.iter().any(|t| t.id == added.id), "the todo pane lists it");
        assert_eq!(listed_open_todos(&app), listed + 1, "the list's count follows");

        press(&mut app, KeyCode::Char('u'));
        assert!(stored_todos(&app).iter().all(|t| t.title != "Send the training deck"));
        assert_eq!(listed_open_todos(&app), listed);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.state.status, "nothing to undo");
    });
}

#[test]
fn completing_the_todo_pointed_at_and_undoing_it() {
    on_each_engine("completing_the_todo_pointed_at_and_undoing_it", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        focus(&mut app, PaneId::Todos);
        let first = picked_todo(&app.state).unwrap().clone();
        press(&mut app, KeyCode::Char('x'));
        assert_eq!(app.state.status, format!("done: “{}” · u undoes", first.title));
        let stored = stored_todos(&app).into_iter().find(|t| t.id == first.id).unwrap();
        assert_eq!(stored.status, TodoStatus::Done);
        assert_eq!(stored.completed_on, Some(as_of()));
        assert_eq!(stored.version, first.version + 1);
        let open = &app.state.book.detail.as_ref().unwrap().detail.facts.open_todos;
        assert!(open.iter().all(|t| t.id != first.id));

        press(&mut app, KeyCode::Char('u'));
        let stored = stored_todos(&app).into_iter().find(|t| t.id == first.id).unwrap();
        assert_eq!(stored.status, TodoStatus::Open);
        assert_eq!(stored.completed_on, None);
        assert_eq!(picked_todo(&app.state).map(|t| t.id), Some(first.id));
    });
}

#[test]
fn moving_in_the_todo_pane_picks_the_todo_the_keys_act_on() {
    on_each_engine("moving_in_the_todo_pane_picks_the_todo_the_keys_act_on", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Halvorsen Maritime");
        focus(&mut app, PaneId::Todos);
        let open = app.state.book.detail.as_ref().unwrap().detail.facts.open_todos.len();
        assert!(open >= 2, "the account has todos to walk");
        let selected = app.state.selected;
        let first = picked_todo(&app.state).unwrap().id;
        press(&mut app, KeyCode::Char('j'));
        let second = picked_todo(&app.state).unwrap().id;
        assert_ne!(first, second);
        assert_eq!(app.state.selected, selected, "the account stays selected");
        press(&mut app, KeyCode::Char('G'));
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Char('g'));
        assert_eq!(picked_todo(&app.state).unwrap().id, first);
    });
}

#[test]
fn snoozing_defaults_to_a_week_and_refuses_a_day_in_the_past() {
    on_each_engine("snoozing_defaults_to_a_week_and_refuses_a_day_in_the_past", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        focus(&mut app, PaneId::Todos);
        let todo = picked_todo(&app.state).unwrap().clone();
        press(&mut app, KeyCode::Char('s'));
        (0..10).for_each(|_| press(&mut app, KeyCode::Backspace));
        type_text(&mut app, "2026-11-01");
        press(&mut app, KeyCode::Enter);
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(form.error.as_deref(), Some("until: a day after today"));
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('s'));
        press(&mut app, KeyCode::Enter);
        let stored = stored_todos(&app).into_iter().find(|t| t.id == todo.id).unwrap();
        assert_eq!(stored.snoozed_until, Some(days(7)));
        assert_eq!(
            app.state.status,
            format!("snoozed “{}” until {} · u undoes", todo.title, days(7))
        );
    });
}

#[test]
fn editing_a_todo_saves_every_field() {
    on_each_engine("editing_a_todo_saves_every_field", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        focus(&mut app, PaneId::Todos);
        let todo = picked_todo(&app.state).unwrap().clone();
        press(&mut app, KeyCode::Char('e'));
        type_text(&mut app, " today");
        press(&mut app, KeyCode::Tab);
        (0..10).for_each(|_| press(&mut app, KeyCode::Backspace));
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, "Try the shop's line.");
        ctrl(&mut app, 's');
        let stored = stored_todos(&app).into_iter().find(|t| t.id == todo.id).unwrap();
        assert_eq!(stored.title, format!("{} today", todo.title));
        assert_eq!(stored.due, None, "an emptied due date is no date");
        assert_eq!(stored.notes.as_deref(), Some("Try the shop's line."));
        assert_eq!(stored.priority, todo.priority);
        assert_eq!(stored.rule, todo.rule);
    });
}

#[test]
fn deleting_asks_first_and_undo_puts_the_todo_back_as_it_was() {
    on_each_engine("deleting_asks_first_and_undo_puts_the_todo_back_as_it_was", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        focus(&mut app, PaneId::Todos);
        let todo = picked_todo(&app.state).unwrap().clone();
        press(&mut app, KeyCode::Char('d'));
        let question = &app.state.modal.confirm().unwrap().question;
        assert_eq!(question, &format!("Delete todo “{}”?", todo.title));
        press(&mut app, KeyCode::Char('q'));
        assert!(!app.state.quit, "only yes or no answer");
        press(&mut app, KeyCode::Char('n'));
        assert_eq!(app.state.status, "nothing deleted");
        assert!(stored_todos(&app).iter().any(|t| t.id == todo.id));

        press(&mut app, KeyCode::Char('d'));
        press(&mut app, KeyCode::Char('y'));
        assert_eq!(app.state.status, format!("deleted todo “{}” · u undoes", todo.title));
        assert!(stored_todos(&app).iter().all(|t| t.id != todo.id));

        press(&mut app, KeyCode::Char('u'));
        let back = stored_todos(&app).into_iter().find(|t| t.id == todo.id).unwrap();
        assert_eq!(back, todo, "the same todo, id and all");
    });
}

#[test]
fn a_champion_who_left_shows_at_once_and_undo_brings_them_back() {
    on_each_engine("a_champion_who_left_shows_at_once_and_undo_brings_them_back", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        focus(&mut app, PaneId::Stakeholders);
        while picked_contact(&app.state).unwrap().role != Role::Champion {
            press(&mut app, KeyCode::Char('j'));
        }
        let champion = picked_contact(&app.state).unwrap().clone();
        assert!(!has_signal(&app, SignalCode::NoChampion));
        press(&mut app, KeyCode::Char('e'));
        // Past name, title and email: role champion → influencer; past influence, sentiment one
        // step down; past reports to, left today.
        (0..3).for_each(|_| press(&mut app, KeyCode::Tab));
        press(&mut app, KeyCode::Right);
        (0..2).for_each(|_| press(&mut app, KeyCode::Tab));
        press(&mut app, KeyCode::Left);
        (0..2).for_each(|_| press(&mut app, KeyCode::Tab));
        type_text(&mut app, "today");
        press(&mut app, KeyCode::Enter);

        let stored = app.store().contacts(account(&app)).unwrap();
        let stored = stored.iter().find(|c| c.id == champion.id).unwrap();
        assert_eq!(stored.role, Role::Influencer);
        assert_eq!(stored.left_on, Some(as_of()));
        assert_ne!(stored.sentiment, champion.sentiment);
        assert!(app.state.status.contains("now influencer"), "{}", app.state.status);
        assert!(app.state.status.contains(&format!("left {}", as_of())), "{}", app.state.status);
        assert!(has_signal(&app, SignalCode::NoChampion), "the map's gap shows at once");

        press(&mut app, KeyCode::Char('u'));
        let stored = app.store().contacts(account(&app)).unwrap();
        let stored = stored.iter().find(|c| c.id == champion.id).unwrap();
        assert_eq!(
            (stored.role, stored.left_on, stored.sentiment),
            (Role::Champion, None, champion.sentiment)
        );
        assert!(!has_signal(&app, SignalCode::NoChampion));
    });
}

#[test]
fn edits_need_an_account() {
    on_each_engine("edits_need_an_account", || {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('/'));
        type_text(&mut app, "zzzqqq");
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('a'));
        assert!(app.state.modal.editor().is_none());
        assert_eq!(app.state.status, "no account selected");
    });
}

#[test]
fn undo_walks_back_several_edits_of_one_todo() {
    on_each_engine("undo_walks_back_several_edits_of_one_todo", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        focus(&mut app, PaneId::Todos);
        let before = stored_todos(&app).len();
        press(&mut app, KeyCode::Char('a'));
        type_text(&mut app, "Walk back");
        press(&mut app, KeyCode::Enter);
        let added = stored_todos(&app).into_iter().find(|t| t.title == "Walk back").unwrap();
        while picked_todo(&app.state).unwrap().id != added.id {
            press(&mut app, KeyCode::Char('j'));
        }
        press(&mut app, KeyCode::Char('e'));
        type_text(&mut app, " twice");
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('x'));
        for expected in ["undone: done: “Walk back twice”", "undone: saved todo “Walk back twice”"]
        {
            press(&mut app, KeyCode::Char('u'));
            assert_eq!(app.state.status, expected);
        }
        let stored = stored_todos(&app).into_iter().find(|t| t.id == added.id).unwrap();
        assert_eq!((stored.title.as_str(), stored.status), ("Walk back", TodoStatus::Open));
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.state.status, "undone: added todo “Walk back”");
        assert_eq!(stored_todos(&app).len(), before);
    });
}

#[test]
fn an_edit_of_one_field_keeps_the_others_as_stored() {
    on_each_engine("an_edit_of_one_field_keeps_the_others_as_stored", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        focus(&mut app, PaneId::Todos);
        let todo = picked_todo(&app.state).unwrap().clone();
        // Notes with lines and a tab, a title with a control character, as an import may leave them.
        let odd = Todo {
            title: format!("{}\u{7}", todo.title),
            notes: Some("first line\nsecond\tline".to_owned()),
            ..todo.clone()
        };
        let w = app.store_mut().writer().unwrap();
        w.update_todo(&odd).unwrap();
        w.commit().unwrap();
        press(&mut app, KeyCode::Char('r'));
        press(&mut app, KeyCode::Char('e'));
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(form.text(0), todo.title, "the bell is not drawn");
        assert_eq!(form.text(3), "first line\nsecond line", "lines kept, the tab made a space");
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Enter);
        let stored = stored_todos(&app).into_iter().find(|t| t.id == todo.id).unwrap();
        assert_ne!(stored.priority, todo.priority, "the priority changed");
        assert_eq!((stored.title, stored.notes), (odd.title, odd.notes), "the rest as stored");
    });
}

#[test]
fn todo_and_stakeholder_keys_do_nothing_where_their_pane_is_not_on_screen() {
    on_each_engine(
        "todo_and_stakeholder_keys_do_nothing_where_their_pane_is_not_on_screen",
        || {
            let mut app = demo_app();
            select_by_search(&mut app, "Quillfeather Books");
            focus(&mut app, PaneId::Todos);
            let open = stored_todos(&app).iter().filter(|t| t.status == TodoStatus::Open).count();
            // The timeline (5) has edit keys of its own, for its entries.
            for view in ['3', '4'] {
                press(&mut app, KeyCode::Char(view));
                press(&mut app, KeyCode::Char('x'));
                press(&mut app, KeyCode::Char('e'));
                assert!(app.state.modal.editor().is_none(), "view {view}");
            }
            let still = stored_todos(&app).iter().filter(|t| t.status == TodoStatus::Open).count();
            assert_eq!(still, open);
        },
    );
}

#[test]
fn completing_in_the_pane_moves_the_pick_to_the_next_todo() {
    on_each_engine("completing_in_the_pane_moves_the_pick_to_the_next_todo", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Halvorsen Maritime");
        focus(&mut app, PaneId::Todos);
        let order: Vec<_> = super::open_todos(&app.state).iter().map(|t| t.id).collect();
        assert!(order.len() >= 3);
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Char('x'));
        assert_eq!(picked_todo(&app.state).map(|t| t.id), Some(order[2]));
    });
}

#[test]
fn snoozing_in_the_queue_or_the_pane_moves_the_pick_to_the_todo_now_in_its_place() {
    on_each_engine(
        "snoozing_in_the_queue_or_the_pane_moves_the_pick_to_the_todo_now_in_its_place",
        || {
            let mut app = demo_app();
            press(&mut app, KeyCode::Char('2'));
            press(&mut app, KeyCode::Char('j'));
            let order: Vec<_> = app.state.book.todos.iter().map(|t| t.id).collect();
            let snoozed = order[1];
            assert_eq!(picked_todo(&app.state).map(|t| t.id), Some(snoozed));
            press(&mut app, KeyCode::Char('s'));
            press(&mut app, KeyCode::Enter);
            // The snoozed todo went to the queue's last group; the CSM goes on with the next one.
            assert_eq!(app.state.book.todos.last().map(|t| t.id), Some(snoozed));
            assert_eq!(picked_todo(&app.state).map(|t| t.id), Some(order[2]));
            // Editing a todo that stays where it is keeps the pick on it.
            press(&mut app, KeyCode::Char('e'));
            press(&mut app, KeyCode::Enter);
            assert_eq!(picked_todo(&app.state).map(|t| t.id), Some(order[2]));

            // In the pane, the same.
            let mut app = demo_app();
            select_by_search(&mut app, "Halvorsen Maritime");
            focus(&mut app, PaneId::Todos);
            let order: Vec<_> = super::open_todos(&app.state).iter().map(|t| t.id).collect();
            assert!(order.len() >= 3);
            press(&mut app, KeyCode::Char('s'));
            press(&mut app, KeyCode::Enter);
            let now: Vec<_> = super::open_todos(&app.state).iter().map(|t| t.id).collect();
            assert_eq!(now.last(), Some(&order[0]), "listed last while snoozed");
            assert_eq!(picked_todo(&app.state).map(|t| t.id), Some(order[1]));
        },
    );
}

#[test]
fn adding_from_the_queue_adds_to_the_picked_todos_account() {
    on_each_engine("adding_from_the_queue_adds_to_the_picked_todos_account", || {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('2'));
        let picked = picked_todo(&app.state).unwrap().clone();
        let account = picked.account_id.unwrap();
        assert_ne!(app.state.selected_entry().unwrap().account.id, account);
        press(&mut app, KeyCode::Char('a'));
        type_text(&mut app, "From the queue");
        press(&mut app, KeyCode::Enter);
        let todos = app.store().todos(account).unwrap();
        assert!(todos.iter().any(|t| t.title == "From the queue"));
        assert!(
            app.state.book.todos.iter().any(|t| t.title == "From the queue"),
            "the queue shows it"
        );
    });
}

#[test]
fn undoing_an_add_never_deletes_a_todo_that_took_its_id() {
    on_each_engine("undoing_an_add_never_deletes_a_todo_that_took_its_id", || {
        let mut store = crate::ui::testing::demo_store();
        let account = store.accounts().unwrap()[0].id;
        let todo = store.todos(account).unwrap().remove(0);
        let w = store.writer().unwrap();
        let err =
            w.delete_same_todo(&Todo { title: "Mine".to_owned(), ..todo.clone() }, todo.version);
        assert!(matches!(
            err.unwrap_err(),
            crate::store::StoreError::Conflict(crate::store::Conflict::Changed("todo"))
        ));
    });
}

#[test]
fn the_priority_choice_cycles_low_normal_high_urgent() {
    on_each_engine("the_priority_choice_cycles_low_normal_high_urgent", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        press(&mut app, KeyCode::Char('a'));
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        let chosen = |app: &App| {
            let form = &app.state.modal.editor().unwrap().form;
            ["low", "normal", "high", "urgent"][form.choice(2)]
        };
        let mut seen = vec![chosen(&app)];
        for _ in 0..4 {
            press(&mut app, KeyCode::Right);
            seen.push(chosen(&app));
        }
        assert_eq!(seen, ["normal", "high", "urgent", "low", "normal"], "in order, round again");
        press(&mut app, KeyCode::Left);
        assert_eq!(chosen(&app), "low", "and back down");
    });
}

#[test]
fn a_todo_form_reads_a_due_day_in_words_and_shows_the_forms_it_reads() {
    on_each_engine("a_todo_form_reads_a_due_day_in_words_and_shows_the_forms_it_reads", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        press(&mut app, KeyCode::Char('a'));
        type_text(&mut app, "Send the renewal quote");
        press(&mut app, KeyCode::Tab);
        let screen = format!("{}", crate::ui::testing::draw(&app, 80, 24).backend());
        assert!(
            screen.contains("day: 2026-12-01, today, friday, next friday, in 2 weeks"),
            "{screen}"
        );
        type_text(&mut app, "next friday");
        press(&mut app, KeyCode::Enter);
        let added = stored_todos(&app).into_iter().find(|t| t.title == "Send the renewal quote");
        // As of Tuesday 2026-11-24, next week's Friday.
        assert_eq!(added.unwrap().due, Some(NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()));
    });
}
