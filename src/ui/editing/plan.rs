//! The plan pane's edits: its pointer; completing an onboarding milestone or editing its name
//! and dates; adding, editing, meeting, missing and deleting success-plan goals. The forms are
//! `goals::{AddGoal, EditGoal}` and `milestones::EditMilestone`; each edit is one transaction,
//! undoable, versioned against edits made elsewhere, like every edit of `editing`. This module
//! must not draw.

use super::records::{Delete, Save};
use super::{account, account_name, apply, ask, open, quoted};
use crate::config::Config;
use crate::domain::{Goal, GoalStatus, Milestone, terminal_safe};
use crate::store::{Store, StoreResult};
use crate::ui::ids::PlanItem;
use crate::ui::panes::plan::items;
use crate::ui::state::AppState;
use goals::{AddGoal, EditGoal};
use milestones::EditMilestone;

/// The record the plan pane points at.
#[derive(Debug, Clone, Copy)]
pub enum Picked<'a> {
    Milestone(&'a Milestone),
    Goal(&'a Goal),
}

/// The milestone or goal the plan pane points at: the one picked, else the first.
#[must_use]
pub fn picked_plan_item(state: &AppState) -> Option<Picked<'_>> {
    let selected = state.book.detail.as_ref()?;
    let items = items(selected);
    let at = items.iter().position(|i| Some(*i) == state.plan_pick).unwrap_or(0);
    match *items.get(at)? {
        PlanItem::Milestone(id) => {
            selected.milestones.iter().find(|m| m.id == id).map(Picked::Milestone)
        }
        PlanItem::Goal(id) => selected.goals.iter().find(|g| g.id == id).map(Picked::Goal),
    }
}

/// Moves the plan pane's pointer by `delta`.
pub fn move_plan_pick(state: &mut AppState, delta: isize) {
    let items = state.book.detail.as_ref().map(items).unwrap_or_default();
    state.plan_pick = super::moved(&items, state.plan_pick, delta);
}

/// Opens the form that adds a goal to the selected account's success plan.
pub fn open_add_goal(state: &mut AppState) {
    let Some(account) = account(state) else { return };
    let name = account_name(state);
    open(state, AddGoal { account, name });
}

/// Opens the form that edits the milestone or goal the plan pane points at.
pub fn open_edit_plan_item(state: &mut AppState) {
    match picked_plan_item(state) {
        None => state.status = "no milestone or goal to edit".to_owned(),
        Some(Picked::Goal(goal)) => {
            let goal = goal.clone();
            open(state, EditGoal(goal));
        }
        Some(Picked::Milestone(milestone)) => {
            let milestone = milestone.clone();
            open(state, EditMilestone(milestone));
        }
    }
}

/// Marks the milestone the plan pane points at done today (or not done, when it was), or the
/// goal met today (or open again, when it was met).
///
/// # Errors
/// The store could not be read after the edit.
pub fn complete_plan_item(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
) -> StoreResult<()> {
    let as_of = state.as_of;
    match picked_plan_item(state) {
        None => {
            state.status = "no milestone or goal here".to_owned();
            Ok(())
        }
        Some(Picked::Milestone(before)) => {
            let before = before.clone();
            let done = before.completed_on.is_none_or(|d| d > as_of);
            // Done after all: no longer skipped.
            let skipped_on = if done { None } else { before.skipped_on };
            let after =
                Milestone { completed_on: done.then_some(as_of), skipped_on, ..before.clone() };
            let what = if done {
                format!("milestone done: {}", quoted(&before.name))
            } else {
                format!("milestone not done: {}", quoted(&before.name))
            };
            apply(state, store, config, Box::new(Save { before, after, what }))
        }
        Some(Picked::Goal(before)) => {
            let before = before.clone();
            let met = before.status != GoalStatus::Met;
            let status = if met { GoalStatus::Met } else { GoalStatus::Open };
            set_goal_status(state, store, config, before, status)
        }
    }
}

/// Marks the goal the plan pane points at missed (or open again, when it was).
///
/// # Errors
/// The store could not be read after the edit.
pub fn miss_goal(state: &mut AppState, store: &mut Store, config: &Config) -> StoreResult<()> {
    let Some(Picked::Goal(before)) = picked_plan_item(state) else {
        state.status = "no goal here: m marks a goal missed".to_owned();
        return Ok(());
    };
    let before = before.clone();
    let status =
        if before.status == GoalStatus::Missed { GoalStatus::Open } else { GoalStatus::Missed };
    set_goal_status(state, store, config, before, status)
}

fn set_goal_status(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    before: Goal,
    status: GoalStatus,
) -> StoreResult<()> {
    let met_on = (status == GoalStatus::Met).then_some(state.as_of);
    let after = Goal { status, met_on, ..before.clone() };
    let what = match status {
        GoalStatus::Met => format!("goal met: {}", quoted(&before.objective)),
        GoalStatus::Missed => format!("goal missed: {}", quoted(&before.objective)),
        GoalStatus::Open => format!("goal open again: {}", quoted(&before.objective)),
    };
    apply(state, store, config, Box::new(Save { before, after, what }))
}

/// Asks whether to delete the goal the plan pane points at.
pub fn ask_delete_goal(state: &mut AppState) {
    let Some(Picked::Goal(goal)) = picked_plan_item(state) else {
        state.status = "no goal here: d deletes a goal".to_owned();
        return;
    };
    let question = format!("Delete goal “{}”?", terminal_safe(&goal.objective));
    let what = format!("deleted goal {}", quoted(&goal.objective));
    let goal = goal.clone();
    ask(state, question, Delete { record: goal, what });
}

mod goals;
mod milestones;

#[cfg(test)]
mod tests;
