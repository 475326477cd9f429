//! After an undo the lists point at the record it put back, whichever list shows it: the todo
//! pane and queue, the stakeholder, plan and renewal panes, the timeline. The next key (enter,
//! e) then acts on that record, not on the neighbour the pick moved to while it was gone.

use ratatui::crossterm::event::KeyCode;

use super::opportunities::picked_opportunity;
use super::picked_todo;
use super::plan::{Picked, picked_plan_item};
use super::stakeholders::picked_contact;
use super::timeline::picked_entry;
use crate::ui::App;
use crate::ui::ids::PlanItem;
use crate::ui::state::{PaneId, View};
use crate::ui::testing::{demo_app, focused_on, on_each_engine, press};

fn todo_id(app: &App) -> crate::domain::TodoId {
    picked_todo(&app.state).expect("a picked todo").id
}

#[test]
fn completing_then_undoing_in_the_queue_picks_the_todo_again_and_e_edits_it() {
    on_each_engine(
        "completing_then_undoing_in_the_queue_picks_the_todo_again_and_e_edits_it",
        || {
            let mut app = demo_app();
            press(&mut app, KeyCode::Char('2'));
            press(&mut app, KeyCode::Char('j'));
            press(&mut app, KeyCode::Char('j'));
            let todo = picked_todo(&app.state).unwrap().clone();
            press(&mut app, KeyCode::Char('x'));
            assert_ne!(todo_id(&app), todo.id, "done: the pick moved on");
            press(&mut app, KeyCode::Char('u'));
            assert!(app.state.status.starts_with("undone: done"), "{}", app.state.status);
            assert_eq!(todo_id(&app), todo.id, "back on the todo undo restored");
            press(&mut app, KeyCode::Char('e'));
            let form = &app.state.modal.editor().expect("the todo form").form;
            assert_eq!(form.text(0), todo.title, "e edits that todo, not a neighbour");
        },
    );
}

#[test]
fn completing_then_undoing_in_the_todo_pane_picks_the_todo_again() {
    on_each_engine("completing_then_undoing_in_the_todo_pane_picks_the_todo_again", || {
        let mut app = focused_on("Halvorsen Maritime", PaneId::Todos);
        press(&mut app, KeyCode::Char('j'));
        let todo = picked_todo(&app.state).unwrap().clone();
        press(&mut app, KeyCode::Char('x'));
        assert_ne!(todo_id(&app), todo.id);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(todo_id(&app), todo.id);
        press(&mut app, KeyCode::Enter);
        let form = &app.state.modal.editor().expect("the todo form").form;
        assert_eq!(form.text(0), todo.title, "enter edits the restored todo");
    });
}

#[test]
fn undoing_a_contact_s_delete_picks_the_contact_again() {
    on_each_engine("undoing_a_contact_s_delete_picks_the_contact_again", || {
        let mut app = focused_on("Halvorsen Maritime", PaneId::Stakeholders);
        press(&mut app, KeyCode::Char('j'));
        let contact = picked_contact(&app.state).unwrap().id;
        press(&mut app, KeyCode::Char('d'));
        press(&mut app, KeyCode::Char('y'));
        // The CSM moves on, then thinks better of the delete.
        press(&mut app, KeyCode::Char('j'));
        assert_ne!(picked_contact(&app.state).unwrap().id, contact);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(picked_contact(&app.state).unwrap().id, contact);
    });
}

#[test]
fn undoing_a_goal_s_delete_picks_the_goal_again() {
    on_each_engine("undoing_a_goal_s_delete_picks_the_goal_again", || {
        let mut app = focused_on("Müller Präzisionstechnik", PaneId::Plan);
        for _ in 0..20 {
            if matches!(picked_plan_item(&app.state), Some(Picked::Goal(_))) {
                break;
            }
            press(&mut app, KeyCode::Char('j'));
        }
        let Some(Picked::Goal(goal)) = picked_plan_item(&app.state) else { panic!("no goal") };
        let goal = goal.id;
        press(&mut app, KeyCode::Char('d'));
        press(&mut app, KeyCode::Char('y'));
        press(&mut app, KeyCode::Char('k'));
        assert_ne!(app.state.plan_pick, Some(PlanItem::Goal(goal)));
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.state.plan_pick, Some(PlanItem::Goal(goal)));
        assert!(matches!(picked_plan_item(&app.state), Some(Picked::Goal(g)) if g.id == goal));
    });
}

#[test]
fn undoing_an_opportunity_s_edit_picks_it_again_after_the_pick_moved() {
    on_each_engine("undoing_an_opportunity_s_edit_picks_it_again_after_the_pick_moved", || {
        let mut app = focused_on("Ceiba Academy", PaneId::Renewal);
        let first = picked_opportunity(&app.state).unwrap().id;
        press(&mut app, KeyCode::Char('e'));
        press(&mut app, KeyCode::Char('X'));
        press(&mut app, KeyCode::Enter);
        assert!(app.state.status.starts_with("saved"), "{}", app.state.status);
        press(&mut app, KeyCode::Char('j'));
        assert_ne!(picked_opportunity(&app.state).unwrap().id, first, "two opportunities");
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(picked_opportunity(&app.state).unwrap().id, first);
    });
}

#[test]
fn undoing_a_timeline_delete_picks_the_entry_again() {
    on_each_engine("undoing_a_timeline_delete_picks_the_entry_again", || {
        let mut app = demo_app();
        crate::ui::testing::select_by_search(&mut app, "Halvorsen Maritime");
        press(&mut app, KeyCode::Char('5'));
        assert_eq!(app.state.view, View::Timeline);
        press(&mut app, KeyCode::Char('j'));
        let entry = picked_entry(&app.state).unwrap().id;
        press(&mut app, KeyCode::Char('d'));
        press(&mut app, KeyCode::Char('y'));
        assert_ne!(picked_entry(&app.state).unwrap().id, entry);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(picked_entry(&app.state).unwrap().id, entry);
    });
}
