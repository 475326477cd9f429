//! The milestone form (`EditMilestone`): an onboarding milestone's name, target day and the day
//! it was done, never after today. It only reads the form into an edit; writing it is
//! `editing`'s. It must not draw, nor add or delete milestones.

use chrono::NaiveDate;

use crate::domain::Milestone;
use crate::ui::edit::FormEdit;
use crate::ui::editing::records::Save;
use crate::ui::editing::{editable, quoted, unless_unchanged};
use crate::ui::form::{Form, Input, Refusal, form_fields};

form_fields! {
    /// The fields of the milestone form, in its order.
    pub(super) enum MilestoneField { Name => "name", Target => "target", DoneOn => "done on" }
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
            // A skipped milestone given the day it was done is done after all.
            skipped_on: before.skipped_on.filter(|_| self.completed_on.is_none()),
            ..before.clone()
        }
    }
}

/// Editing a milestone's name and days.
#[derive(Debug)]
pub(super) struct EditMilestone(pub Milestone);

impl FormEdit for EditMilestone {
    type Field = MilestoneField;
    type Edit = Save<Milestone>;

    fn title(&self) -> String {
        format!("Edit milestone {}", quoted(&self.0.name))
    }

    fn input(&self, field: MilestoneField) -> Input {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let milestone = &self.0;
        match field {
            MilestoneField::Name => Input::line(&editable(&milestone.name)),
            MilestoneField::Target => {
                Input::day(&day(milestone.target_date)).hint("none, or 2026-12-15, +2w")
            }
            MilestoneField::DoneOn => Input::day(&day(milestone.completed_on))
                .hint("empty while not done; today, 2026-11-20"),
        }
    }

    fn read(
        &self,
        form: &Form,
        as_of: NaiveDate,
    ) -> Result<Save<Milestone>, Refusal<MilestoneField>> {
        let after = MilestoneDraft::read(form, as_of)?.over(&self.0);
        let what = format!("saved milestone {}", quoted(&after.name));
        Ok(Save { before: self.0.clone(), after, what })
    }
}
