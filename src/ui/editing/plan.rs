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
use crate::ui::form::{Input, Refusal, form_fields};
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

form_fields! {
    /// The fields of the goal form, in its order.
    enum GoalField { Objective => "objective", Metric => "metric", Target => "target", Due => "due" }
}

form_fields! {
    /// The fields of the milestone form, in its order.
    enum MilestoneField { Name => "name", Target => "target", DoneOn => "done on" }
}

fn goal_form(title: String, goal: Option<&Goal>) -> Form {
    let text = |value: Option<&String>| value.map(|v| editable(v)).unwrap_or_default();
    let due = goal.and_then(|g| g.due).map(|d| d.to_string()).unwrap_or_default();
    Form::keyed(title, |field| match field {
        GoalField::Objective => Input::line(&text(goal.map(|g| &g.objective)))
            .hint("what the customer wants to achieve"),
        GoalField::Metric => Input::line(&text(goal.and_then(|g| g.metric.as_ref())))
            .hint("optional: how it is measured"),
        GoalField::Target => Input::line(&text(goal.and_then(|g| g.target.as_ref())))
            .hint("optional: the figure that means met"),
        GoalField::Due => Input::day(&due).hint("none, or 2027-03-31, +6w, +90d"),
    })
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
            let title = format!("Edit milestone {}", quoted(&milestone.name));
            let form = Form::keyed(title, |field| match field {
                MilestoneField::Name => Input::line(&editable(&milestone.name)),
                MilestoneField::Target => {
                    Input::day(&day(milestone.target_date)).hint("none, or 2026-12-15, +2w")
                }
                MilestoneField::DoneOn => Input::day(&day(milestone.completed_on))
                    .hint("empty while not done; today, 2026-11-20"),
            });
            (form, Purpose::EditMilestone(milestone.clone()))
        }
    };
    let (form, purpose) = form_and_purpose;
    state.editor = Some(Editor { form, purpose });
}

/// What the goal form holds.
struct GoalDraft {
    objective: String,
    metric: Option<String>,
    target: Option<String>,
    due: Option<NaiveDate>,
}

impl GoalDraft {
    /// Reads the goal form, or says which field is refused and why.
    fn read(form: &Form, as_of: NaiveDate) -> Result<Self, Refusal<GoalField>> {
        let objective = form.optional_text(GoalField::Objective).ok_or_else(|| {
            Refusal::new(GoalField::Objective, "what does the customer want to achieve?")
        })?;
        Ok(Self {
            due: form.day(GoalField::Due, as_of)?,
            objective,
            metric: form.optional_text(GoalField::Metric),
            target: form.optional_text(GoalField::Target),
        })
    }

    /// `base` with the draft's fields; a text left as the form showed it stays as stored.
    fn over(self, base: Goal) -> Goal {
        let objective =
            unless_unchanged(Some(self.objective), Some(&base.objective)).unwrap_or_default();
        let metric = unless_unchanged(self.metric, base.metric.as_deref());
        let target = unless_unchanged(self.target, base.target.as_deref());
        Goal { objective, metric, target, due: self.due, ..base }
    }
}

/// What the milestone form holds.
struct MilestoneDraft {
    name: String,
    target_date: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
}

impl MilestoneDraft {
    /// Reads the milestone form, or says which field is refused and why.
    fn read(form: &Form, as_of: NaiveDate) -> Result<Self, Refusal<MilestoneField>> {
        let name = form
            .optional_text(MilestoneField::Name)
            .ok_or_else(|| Refusal::new(MilestoneField::Name, "the milestone needs a name"))?;
        let target_date = form.day(MilestoneField::Target, as_of)?;
        let completed_on = match form.day(MilestoneField::DoneOn, as_of)? {
            Some(day) if day > as_of => {
                let why = "today or a day before, or empty";
                return Err(Refusal::new(MilestoneField::DoneOn, why));
            }
            day => day,
        };
        Ok(Self { name, target_date, completed_on })
    }

    /// `before` with the draft's fields; a name left as the form showed it stays as stored.
    fn over(self, before: &Milestone) -> Milestone {
        let name = unless_unchanged(Some(self.name), Some(&before.name)).unwrap_or_default();
        Milestone {
            name,
            target_date: self.target_date,
            completed_on: self.completed_on,
            ..before.clone()
        }
    }
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
    let goal = match GoalDraft::read(form, as_of) {
        Ok(draft) => draft.over(base),
        Err(refusal) => return refuse(form, refusal),
    };
    let id = commit(store, |w| w.insert_goal(&goal))?;
    Ok(Some(Done {
        account: Some(account),
        what: format!("added goal {}", quoted(&goal.objective)),
        revert: Revert::remove(Goal { id, ..goal }, 0),
    }))
}

pub(super) fn edit_goal(
    form: &mut Form,
    store: &mut Store,
    before: &Goal,
    as_of: NaiveDate,
) -> StoreResult<Option<Done>> {
    let goal = match GoalDraft::read(form, as_of) {
        Ok(draft) => draft.over(before.clone()),
        Err(refusal) => return refuse(form, refusal),
    };
    let version = commit(store, |w| w.update_goal(&goal))?;
    Ok(Some(Done {
        account: Some(goal.account_id),
        what: format!("saved goal {}", quoted(&goal.objective)),
        revert: Revert::put(before.clone(), version),
    }))
}

pub(super) fn edit_milestone(
    form: &mut Form,
    store: &mut Store,
    before: &Milestone,
    as_of: NaiveDate,
) -> StoreResult<Option<Done>> {
    let milestone = match MilestoneDraft::read(form, as_of) {
        Ok(draft) => draft.over(before),
        Err(refusal) => return refuse(form, refusal),
    };
    let version = commit(store, |w| w.update_milestone(&milestone))?;
    Ok(Some(Done {
        account: Some(milestone.account_id),
        what: format!("saved milestone {}", quoted(&milestone.name)),
        revert: Revert::put(before.clone(), version),
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
                    let revert = Revert::put(before.clone(), version);
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
            let revert = Revert::put(before.clone(), version);
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
