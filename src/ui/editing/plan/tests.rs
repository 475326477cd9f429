//! The plan pane's edits through its keys, over a demo store: the state after (pane, status)
//! and the store after, undo included.

use chrono::Days;
use ratatui::crossterm::event::KeyCode;

use super::{Picked, picked_plan_item};
use crate::domain::{AccountId, Goal, GoalStatus, Milestone};
use crate::ui::App;
use crate::ui::panes::plan::Progress;
use crate::ui::state::PaneId;
use crate::ui::testing::{
    as_of, focused_on, on_each_engine, press, select_by_search, two_demo_apps,
};

/// An enterprise account in onboarding: four milestones, one done, and three open goals.
const ONBOARDING: &str = "Müller Präzisionstechnik";

fn type_text(app: &mut App, text: &str) {
    text.chars().for_each(|c| press(app, KeyCode::Char(c)));
}

fn account(app: &App) -> AccountId {
    app.state.book.detail.as_ref().unwrap().detail.facts.account.id
}

fn stored_milestones(app: &App) -> Vec<Milestone> {
    app.store().milestones(account(app)).unwrap()
}

fn stored_goals(app: &App) -> Vec<Goal> {
    app.store().goals(account(app)).unwrap()
}

fn progress(app: &App) -> Progress {
    Progress::of(&app.state.book.detail.as_ref().unwrap().milestones, as_of())
}

/// Moves the plan pane's pointer down until `found` holds for the item it points at.
fn point_at(app: &mut App, found: impl Fn(Picked<'_>) -> bool) {
    for _ in 0..20 {
        if picked_plan_item(&app.state).is_some_and(&found) {
            return;
        }
        press(app, KeyCode::Char('j'));
    }
    panic!("no such item in the plan pane");
}

#[test]
fn completing_a_milestone_counts_in_the_progress_and_undo_takes_it_back() {
    on_each_engine("completing_a_milestone_counts_in_the_progress_and_undo_takes_it_back", || {
        let mut app = focused_on(ONBOARDING, PaneId::Plan);
        let before = progress(&app);
        assert_eq!((before.done, before.total), (1, 4));
        point_at(&mut app, |p| matches!(p, Picked::Milestone(m) if m.completed_on.is_none()));
        let Some(Picked::Milestone(milestone)) = picked_plan_item(&app.state) else { panic!() };
        let milestone = milestone.clone();

        press(&mut app, KeyCode::Char('x'));
        assert_eq!(app.state.status, format!("milestone done: “{}” · u undoes", milestone.name));
        let stored = stored_milestones(&app).into_iter().find(|m| m.id == milestone.id).unwrap();
        assert_eq!(stored.completed_on, Some(as_of()));
        assert_eq!(progress(&app).done, 2);
        // The pointer stays on the milestone it acted on.
        assert!(
            matches!(picked_plan_item(&app.state), Some(Picked::Milestone(m)) if m.id == milestone.id)
        );

        press(&mut app, KeyCode::Char('u'));
        assert!(app.state.status.starts_with("undone: milestone done"), "{}", app.state.status);
        let stored = stored_milestones(&app).into_iter().find(|m| m.id == milestone.id).unwrap();
        assert_eq!(stored.completed_on, None);
        assert_eq!(progress(&app).done, 1);
    });
}

#[test]
fn a_skipped_milestone_completed_after_all_is_done_and_no_longer_skipped() {
    on_each_engine("a_skipped_milestone_completed_after_all_is_done_and_no_longer_skipped", || {
        let mut app = crate::ui::testing::demo_app();
        let accounts = app.store().accounts().unwrap();
        let id = accounts.iter().find(|a| a.name == ONBOARDING).unwrap().id;
        let w = app.store_mut().writer().unwrap();
        w.skip_open_milestones(id, as_of()).unwrap();
        w.commit().unwrap();
        crate::ui::testing::select_by_search(&mut app, ONBOARDING);
        while app.state.focus != PaneId::Plan {
            press(&mut app, KeyCode::Tab);
        }
        assert_eq!(progress(&app).skipped, 3);
        point_at(&mut app, |p| matches!(p, Picked::Milestone(m) if m.skipped_on.is_some()));
        let Some(Picked::Milestone(milestone)) = picked_plan_item(&app.state) else { panic!() };
        let milestone = milestone.clone();
        press(&mut app, KeyCode::Char('x'));
        let stored = stored_milestones(&app).into_iter().find(|m| m.id == milestone.id).unwrap();
        assert_eq!((stored.completed_on, stored.skipped_on), (Some(as_of()), None));
        assert_eq!((progress(&app).done, progress(&app).skipped), (2, 2));
    });
}

#[test]
fn a_milestone_is_edited_in_a_form_that_refuses_a_day_after_today() {
    on_each_engine("a_milestone_is_edited_in_a_form_that_refuses_a_day_after_today", || {
        let mut app = focused_on(ONBOARDING, PaneId::Plan);
        let Some(Picked::Milestone(first)) = picked_plan_item(&app.state) else { panic!() };
        let first = first.clone();
        press(&mut app, KeyCode::Char('e'));
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        (0..12).for_each(|_| press(&mut app, KeyCode::Backspace));
        type_text(&mut app, "tomorrow");
        press(&mut app, KeyCode::Enter);
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(form.error.as_deref(), Some("done on: today or a day before, or empty"));
        (0..12).for_each(|_| press(&mut app, KeyCode::Backspace));
        type_text(&mut app, "2026-11-20");
        press(&mut app, KeyCode::Enter);
        assert!(app.state.modal.editor().is_none());
        let stored = stored_milestones(&app).into_iter().find(|m| m.id == first.id).unwrap();
        assert_eq!(stored.completed_on, "2026-11-20".parse().ok());
        assert_eq!(
            (stored.name.as_str(), stored.target_date),
            (first.name.as_str(), first.target_date)
        );
    });
}

#[test]
fn a_goal_is_added_met_missed_and_walked_back_by_undo() {
    on_each_engine("a_goal_is_added_met_missed_and_walked_back_by_undo", || {
        let mut app = focused_on(ONBOARDING, PaneId::Plan);
        let goals_before = stored_goals(&app).len();
        press(&mut app, KeyCode::Char('n'));
        type_text(&mut app, "Cut month-end close to 3 days");
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, "days to close");
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, "3");
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, "+6w");
        press(&mut app, KeyCode::Enter);

        assert_eq!(app.state.status, "added goal “Cut month-end close to 3 days” · u undoes");
        let goals = stored_goals(&app);
        assert_eq!(goals.len(), goals_before + 1);
        let added = goals.iter().find(|g| g.objective == "Cut month-end close to 3 days").unwrap();
        assert_eq!(
            (added.metric.as_deref(), added.target.as_deref(), added.due, added.status),
            (
                Some("days to close"),
                Some("3"),
                as_of().checked_add_days(Days::new(42)),
                GoalStatus::Open
            )
        );
        let id = added.id;

        point_at(&mut app, |p| matches!(p, Picked::Goal(g) if g.id == id));
        press(&mut app, KeyCode::Char('x'));
        let stored = stored_goals(&app).into_iter().find(|g| g.id == id).unwrap();
        assert_eq!((stored.status, stored.met_on), (GoalStatus::Met, Some(as_of())));
        assert!(app.state.status.starts_with("goal met: “Cut month-end close"));
        press(&mut app, KeyCode::Char('m'));
        let stored = stored_goals(&app).into_iter().find(|g| g.id == id).unwrap();
        assert_eq!((stored.status, stored.met_on), (GoalStatus::Missed, None));

        press(&mut app, KeyCode::Char('u'));
        let stored = stored_goals(&app).into_iter().find(|g| g.id == id).unwrap();
        assert_eq!(stored.status, GoalStatus::Met);
        press(&mut app, KeyCode::Char('u'));
        let stored = stored_goals(&app).into_iter().find(|g| g.id == id).unwrap();
        assert_eq!(stored.status, GoalStatus::Open);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(stored_goals(&app).len(), goals_before, "undoing the add removes it");
    });
}

#[test]
fn a_goal_needs_an_objective() {
    on_each_engine("a_goal_needs_an_objective", || {
        let mut app = focused_on(ONBOARDING, PaneId::Plan);
        press(&mut app, KeyCode::Char('n'));
        press(&mut app, KeyCode::Enter);
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(
            form.error.as_deref(),
            Some("objective: what does the customer want to achieve?")
        );
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.state.status, "nothing saved");
    });
}

#[test]
fn deleting_a_goal_asks_first_and_undo_restores_it() {
    on_each_engine("deleting_a_goal_asks_first_and_undo_restores_it", || {
        let mut app = focused_on(ONBOARDING, PaneId::Plan);
        point_at(&mut app, |p| matches!(p, Picked::Goal(_)));
        let Some(Picked::Goal(goal)) = picked_plan_item(&app.state) else { panic!() };
        let goal = goal.clone();
        press(&mut app, KeyCode::Char('d'));
        assert_eq!(
            app.state.modal.confirm().unwrap().question,
            format!("Delete goal “{}”?", goal.objective)
        );
        press(&mut app, KeyCode::Char('n'));
        assert_eq!(app.state.status, "nothing deleted");
        press(&mut app, KeyCode::Char('d'));
        press(&mut app, KeyCode::Char('y'));
        assert!(stored_goals(&app).iter().all(|g| g.id != goal.id));
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(stored_goals(&app).into_iter().find(|g| g.id == goal.id), Some(goal));
    });
}

#[test]
fn plan_keys_act_only_with_the_plan_pane_focused() {
    on_each_engine("plan_keys_act_only_with_the_plan_pane_focused", || {
        let mut app = focused_on(ONBOARDING, PaneId::Accounts);
        let goals = stored_goals(&app);
        let milestones = stored_milestones(&app);
        for key in ['n', 'x', 'm', 'd'] {
            press(&mut app, KeyCode::Char(key));
            assert!(
                app.state.modal.editor().is_none() && app.state.modal.confirm().is_none(),
                "{key}"
            );
        }
        assert_eq!(stored_goals(&app), goals);
        assert_eq!(stored_milestones(&app), milestones);
    });
}

#[test]
fn the_second_edit_of_one_goal_is_told_the_record_changed() {
    on_each_engine("the_second_edit_of_one_goal_is_told_the_record_changed", || {
        let (_dir, mut first, mut second) = two_demo_apps();
        for app in [&mut first, &mut second] {
            select_by_search(app, ONBOARDING);
            while app.state.focus != PaneId::Plan {
                press(app, KeyCode::Tab);
            }
            point_at(app, |p| matches!(p, Picked::Goal(_)));
        }
        press(&mut first, KeyCode::Char('x'));
        press(&mut second, KeyCode::Char('m'));
        assert_eq!(
            second.state.status,
            "not saved: the goal was changed elsewhere since it was read; showing it as it is now"
        );
        let Some(Picked::Goal(shown)) = picked_plan_item(&second.state) else { panic!() };
        assert_eq!(shown.status, GoalStatus::Met, "reloaded as the first workspace left it");
    });
}
