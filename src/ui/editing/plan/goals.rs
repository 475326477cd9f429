//! The goal form: adding a success-plan goal (`AddGoal`) and editing one (`EditGoal`), its
//! objective, metric, target and due day. It only reads the form into an edit; writing it is
//! `editing`'s. It must not draw.

use chrono::NaiveDate;

use crate::domain::{AccountId, Goal, GoalId, GoalStatus};
use crate::ui::edit::FormEdit;
use crate::ui::editing::records::{Add, Save};
use crate::ui::editing::{editable, quoted, unless_unchanged};
use crate::ui::form::{Form, Input, Refusal, form_fields};

form_fields! {
    /// The fields of the goal form, in its order.
    pub(super) enum GoalField {
        Objective => "objective",
        Metric => "metric",
        Target => "target",
        Due => "due",
    }
}

/// The input of `field` in the goal form, holding `goal`'s value (empty when adding).
fn goal_input(goal: Option<&Goal>, field: GoalField) -> Input {
    let text = |value: Option<&String>| value.map(|v| editable(v)).unwrap_or_default();
    match field {
        GoalField::Objective => Input::line(&text(goal.map(|g| &g.objective)))
            .hint("what the customer wants to achieve"),
        GoalField::Metric => Input::line(&text(goal.and_then(|g| g.metric.as_ref())))
            .hint("optional: how it is measured"),
        GoalField::Target => Input::line(&text(goal.and_then(|g| g.target.as_ref())))
            .hint("optional: the figure that means met"),
        GoalField::Due => {
            let due = goal.and_then(|g| g.due).map(|d| d.to_string()).unwrap_or_default();
            Input::day(&due).hint("none, or 2027-03-31, +6w, +90d")
        }
    }
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

/// Adding a goal to the success plan of `account` (named `name`).
#[derive(Debug)]
pub(super) struct AddGoal {
    pub account: AccountId,
    pub name: String,
}

impl FormEdit for AddGoal {
    type Field = GoalField;
    type Edit = Add<Goal>;

    fn title(&self) -> String {
        format!("New goal · {}", self.name)
    }

    fn input(&self, field: GoalField) -> Input {
        goal_input(None, field)
    }

    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<Add<Goal>, Refusal<GoalField>> {
        let base = Goal {
            id: GoalId(0),
            account_id: self.account,
            objective: String::new(),
            metric: None,
            target: None,
            status: GoalStatus::Open,
            due: None,
            met_on: None,
            version: 0,
        };
        let goal = GoalDraft::read(form, as_of)?.over(base);
        Ok(Add { what: format!("added goal {}", quoted(&goal.objective)), record: goal })
    }
}

/// Editing a goal's objective, metric, target and due day.
#[derive(Debug)]
pub(super) struct EditGoal(pub Goal);

impl FormEdit for EditGoal {
    type Field = GoalField;
    type Edit = Save<Goal>;

    fn title(&self) -> String {
        format!("Edit goal {}", quoted(&self.0.objective))
    }

    fn input(&self, field: GoalField) -> Input {
        goal_input(Some(&self.0), field)
    }

    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<Save<Goal>, Refusal<GoalField>> {
        let after = GoalDraft::read(form, as_of)?.over(self.0.clone());
        let what = format!("saved goal {}", quoted(&after.objective));
        Ok(Save { before: self.0.clone(), after, what })
    }
}
