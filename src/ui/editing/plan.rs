//! The plan pane's edits: completing an onboarding milestone or editing its name and dates;
//! adding, editing, meeting, missing and deleting success-plan goals. Each is one transaction,
//! undoable, versioned against edits made elsewhere, like every edit of `editing`.

use chrono::NaiveDate;

use super::{
    Confirm, Done, Doomed, Editor, Form, Purpose, Revert, account, account_name, commit, editable,
    finish, quoted, refuse, refused, unless_unchanged,
};
use crate::config::Config;
use crate::domain::{AccountId, Goal, GoalId, GoalStatus, Milestone, terminal_safe};
use crate::store::{Store, StoreResult};
use crate::ui::form::Field;
use crate::ui::ids::PlanItem;
use crate::ui::panes::plan::items;
use crate::ui::state::AppState;

/// The record the plan pane points at.
#[derive(Debug, Clone, Copy)]
pub enum Picked<'a> {
    Milestone(&'a Milestone),
    Goal(&'a Goal),
}

/// The milestone or goal the plan pane points at: the one picked, else the first.
#[must_use]
pub fn picked_plan_item(state: &AppState) -> Option<Picked<'_>> {
    let selected = state.detail.as_ref()?;
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
    let items = state.detail.as_ref().map(items).unwrap_or_default();
    state.plan_pick = super::moved(&items, state.plan_pick, delta);
}

fn goal_form(title: String, goal: Option<&Goal>) -> Form {
    let text = |value: Option<&String>| value.map(|v| editable(v)).unwrap_or_default();
    let due = goal.and_then(|g| g.due).map(|d| d.to_string()).unwrap_or_default();
    Form::new(
        title,
        vec![
            Field::line("objective", &text(goal.map(|g| &g.objective)))
                .hint("what the customer wants to achieve"),
            Field::line("metric", &text(goal.and_then(|g| g.metric.as_ref())))
                .hint("optional: how it is measured"),
            Field::line("target", &text(goal.and_then(|g| g.target.as_ref())))
                .hint("optional: the figure that means met"),
            Field::day("due", &due).hint("none, or 2027-03-31, +6w, +90d"),
        ],
    )
}

/// Opens the form that adds a goal to the selected account's success plan.
pub fn open_add_goal(state: &mut AppState) {
    let Some(account) = account(state) else { return };
    let form = goal_form(format!("New goal · {}", account_name(state)), None);
    state.editor = Some(Editor { form, purpose: Purpose::AddGoal { account } });
}

/// Opens the form that edits the milestone or goal the plan pane points at.
pub fn open_edit_plan_item(state: &mut AppState) {
    let form_and_purpose = match picked_plan_item(state) {
        None => {
            state.status = "no milestone or goal to edit".to_owned();
            return;
        }
        Some(Picked::Goal(goal)) => {
            let form = goal_form(format!("Edit goal {}", quoted(&goal.objective)), Some(goal));
            (form, Purpose::EditGoal(goal.clone()))
        }
        Some(Picked::Milestone(milestone)) => {
            let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let form = Form::new(
                format!("Edit milestone {}", quoted(&milestone.name)),
                vec![
                    Field::line("name", &editable(&milestone.name)),
                    Field::day("target", &day(milestone.target_date))
                        .hint("none, or 2026-12-15, +2w"),
                    Field::day("done on", &day(milestone.completed_on))
                        .hint("empty while not done; today, 2026-11-20"),
                ],
            );
            (form, Purpose::EditMilestone(milestone.clone()))
        }
    };
    let (form, purpose) = form_and_purpose;
    state.editor = Some(Editor { form, purpose });
}

/// The goal the goal form describes, from `base`, or the form refused.
fn goal_from_form(form: &mut Form, base: Goal, as_of: NaiveDate) -> Option<Goal> {
    let Some(objective) = form.optional_text(0) else {
        form.refuse(0, "objective: what does the customer want to achieve?");
        return None;
    };
    let due = match form.day(3, as_of) {
        Ok(due) => due,
        Err(message) => {
            form.refuse(3, message);
            return None;
        }
    };
    let objective = unless_unchanged(Some(objective), Some(&base.objective)).unwrap_or_default();
    let metric = unless_unchanged(form.optional_text(1), base.metric.as_deref());
    let target = unless_unchanged(form.optional_text(2), base.target.as_deref());
    Some(Goal { objective, metric, target, due, ..base })
}

pub(super) fn add_goal(
    form: &mut Form,
    store: &mut Store,
    account: AccountId,
    as_of: NaiveDate,
) -> StoreResult<Option<Done>> {
    let base = Goal {
        id: GoalId(0),
        account_id: account,
        objective: String::new(),
        metric: None,
        target: None,
        status: GoalStatus::Open,
        due: None,
        met_on: None,
        version: 0,
    };
    let Some(goal) = goal_from_form(form, base, as_of) else { return Ok(None) };
    let id = commit(store, |w| w.insert_goal(&goal))?;
    Ok(Some(Done {
        account: Some(account),
        what: format!("added goal {}", quoted(&goal.objective)),
        revert: Revert::RemoveGoal { added: Goal { id, ..goal }, version: 0 },
    }))
}

pub(super) fn edit_goal(
    form: &mut Form,
    store: &mut Store,
    before: &Goal,
    as_of: NaiveDate,
) -> StoreResult<Option<Done>> {
    let Some(goal) = goal_from_form(form, before.clone(), as_of) else { return Ok(None) };
    let version = commit(store, |w| w.update_goal(&goal))?;
    Ok(Some(Done {
        account: Some(goal.account_id),
        what: format!("saved goal {}", quoted(&goal.objective)),
        revert: Revert::PutGoal { before: before.clone(), version },
    }))
}

pub(super) fn edit_milestone(
    form: &mut Form,
    store: &mut Store,
    before: &Milestone,
    as_of: NaiveDate,
) -> StoreResult<Option<Done>> {
    let Some(name) = form.optional_text(0) else {
        return refuse(form, 0, "name: the milestone needs a name");
    };
    let target_date = match form.day(1, as_of) {
        Ok(day) => day,
        Err(message) => return refuse(form, 1, message),
    };
    let completed_on = match form.day(2, as_of) {
        Ok(Some(day)) if day > as_of => {
            return refuse(form, 2, "done on: today or a day before, or empty");
        }
        Ok(day) => day,
        Err(message) => return refuse(form, 2, message),
    };
    let name = unless_unchanged(Some(name), Some(&before.name)).unwrap_or_default();
    let milestone = Milestone { name, target_date, completed_on, ..before.clone() };
    let version = commit(store, |w| w.update_milestone(&milestone))?;
    Ok(Some(Done {
        account: Some(milestone.account_id),
        what: format!("saved milestone {}", quoted(&milestone.name)),
        revert: Revert::PutMilestone { before: before.clone(), version },
    }))
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
            let after = Milestone { completed_on: done.then_some(as_of), ..before.clone() };
            let what = if done {
                format!("milestone done: {}", quoted(&before.name))
            } else {
                format!("milestone not done: {}", quoted(&before.name))
            };
            match commit(store, |w| w.update_milestone(&after)) {
                Ok(version) => {
                    let revert = Revert::PutMilestone { before: before.clone(), version };
                    finish(
                        state,
                        store,
                        config,
                        Done { account: Some(before.account_id), what, revert },
                    )
                }
                Err(e) => refused(state, store, config, Some(before.account_id), &e),
            }
        }
        Some(Picked::Goal(before)) => {
            let before = before.clone();
            let met = before.status != GoalStatus::Met;
            let status = if met { GoalStatus::Met } else { GoalStatus::Open };
            set_goal_status(state, store, config, &before, status)
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
    set_goal_status(state, store, config, &before, status)
}

fn set_goal_status(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    before: &Goal,
    status: GoalStatus,
) -> StoreResult<()> {
    let met_on = (status == GoalStatus::Met).then_some(state.as_of);
    let after = Goal { status, met_on, ..before.clone() };
    let what = match status {
        GoalStatus::Met => format!("goal met: {}", quoted(&before.objective)),
        GoalStatus::Missed => format!("goal missed: {}", quoted(&before.objective)),
        GoalStatus::Open => format!("goal open again: {}", quoted(&before.objective)),
    };
    let account = Some(before.account_id);
    match commit(store, |w| w.update_goal(&after)) {
        Ok(version) => {
            let revert = Revert::PutGoal { before: before.clone(), version };
            finish(state, store, config, Done { account, what, revert })
        }
        Err(e) => refused(state, store, config, account, &e),
    }
}

/// Asks whether to delete the goal the plan pane points at.
pub fn ask_delete_goal(state: &mut AppState) {
    let Some(Picked::Goal(goal)) = picked_plan_item(state) else {
        state.status = "no goal here: d deletes a goal".to_owned();
        return;
    };
    let question = format!("Delete goal “{}”?", terminal_safe(&goal.objective));
    state.confirm = Some(Confirm { question, doomed: Doomed::Goal(goal.clone()) });
}

#[cfg(test)]
mod tests;
