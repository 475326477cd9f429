//! Recording how the selected account's renewal ended, from the renewal pane (SPEC 12): a form
//! (outcome, new ARR, next renewal date, closed on, note) for the renewal due on the account's
//! renewal date. Saving stores the record and moves the account's ARR and renewal date in one
//! transaction (`BookWriter::record_renewal`; a churn clears the date and marks the stage),
//! checked by `domain::check_renewal`; undo takes both back. A churn leaves the new ARR and the
//! next renewal as the form first showed them unread: a churned account keeps neither. It only
//! reads the form into an edit; it must not draw.

use chrono::{Months, NaiveDate};

use super::amounts::{read_money, shown};
use super::{account_name, open};
use crate::domain::{
    Account, AccountId, RecordSource, RenewalOutcome, RenewalRecord, check_renewal,
};
use crate::store::{BookWriter, RecordedRenewal, StoreResult};
use crate::ui::edit::{Addable, Done, Edit, FormEdit, Key, Revert, Versioned};
use crate::ui::form::{Form, Input, Refusal, form_fields};
use crate::ui::state::AppState;

form_fields! {
    /// The fields of the renewal form, in its order.
    pub(super) enum RenewalField {
        Outcome => "outcome",
        Arr => "new ARR",
        Next => "renews on",
        Closed => "closed on",
        Note => "note",
    }
}

impl RenewalField {
    /// The field a rule of `check_renewal` names (the form's labels are shorter).
    fn of_rule(field: &str) -> Self {
        match field {
            "new ARR" | "ARR before" => Self::Arr,
            "next renewal" => Self::Next,
            "closed on" => Self::Closed,
            _ => Self::Outcome,
        }
    }
}

/// The outcomes the form offers, in its order.
const OUTCOMES: [RenewalOutcome; 2] = [RenewalOutcome::Renewed, RenewalOutcome::Churned];

/// Opens the form that records how the selected account's renewal ended.
pub fn open_record_renewal(state: &mut AppState) {
    let Some(account) = state.book.detail.as_ref().map(|s| s.detail.facts.account.clone()) else {
        state.status = "no account selected".to_owned();
        return;
    };
    let Some(due) = account.renewal_date else {
        state.status = "no renewal date to record an outcome for: E sets one".to_owned();
        return;
    };
    let (name, currency) = (account_name(state), state.currency.clone());
    open(state, RecordRenewal { account, due, name, currency });
}

/// Recording the outcome of `account`'s renewal due `due`, on the account as read.
#[derive(Debug)]
struct RecordRenewal {
    account: Account,
    due: NaiveDate,
    name: String,
    currency: String,
}

impl RecordRenewal {
    /// The next renewal the form proposes: a year after the one it closes.
    fn next(&self) -> Option<NaiveDate> {
        self.due.checked_add_months(Months::new(12))
    }
}

impl FormEdit for RecordRenewal {
    type Field = RenewalField;
    type Edit = Recording;

    fn title(&self) -> String {
        format!("Renewal due {} · {}", self.due, self.name)
    }

    fn input(&self, field: RenewalField) -> Input {
        match field {
            RenewalField::Outcome => {
                Input::choice(OUTCOMES.iter().map(|o| o.code().to_owned()).collect(), 0)
            }
            RenewalField::Arr => Input::line(&shown(self.account.arr_cents))
                .hint(&format!("in {}: the ARR after the renewal", self.currency)),
            RenewalField::Next => {
                let next = self.next().map(|d| d.to_string()).unwrap_or_default();
                Input::day(&next).hint("2027-12-31, or empty")
            }
            RenewalField::Closed => Input::day("today").hint("the day it was decided"),
            RenewalField::Note => Input::line("").hint("optional: why it renewed or left"),
        }
    }

    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<Recording, Refusal<RenewalField>> {
        use RenewalField as F;
        let outcome = OUTCOMES.get(form.choice(F::Outcome)).copied().unwrap_or(OUTCOMES[0]);
        let churned = outcome == RenewalOutcome::Churned;
        let arr_text = form.text(F::Arr);
        let next_text = form.text(F::Next);
        // A churn reads what was typed over the proposals only: left as shown, they mean nothing.
        let arr_after = if churned && arr_text == shown(self.account.arr_cents) {
            0
        } else {
            read_money(&arr_text, F::Arr, &self.currency)?
                .ok_or_else(|| Refusal::new(F::Arr, "the ARR after the renewal (0 when churned)"))?
        };
        let proposed = self.next().map(|d| d.to_string()).unwrap_or_default();
        let next = if churned && next_text == proposed { None } else { form.day(F::Next, as_of)? };
        let closed_on = form
            .day(F::Closed, as_of)?
            .ok_or_else(|| Refusal::new(F::Closed, "the day it was decided"))?;
        let record = RenewalRecord {
            account_id: self.account.id,
            due: self.due,
            closed_on,
            outcome,
            arr_before: self.account.arr_cents,
            arr_after,
            note: form.optional_text(F::Note),
            source: RecordSource::Recorded,
        };
        check_renewal(&record, next, as_of).map_err(|r| Refusal {
            field: RenewalField::of_rule(r.field),
            message: r.to_string(),
        })?;
        let what = if churned {
            format!("recorded the churn of {} on {closed_on}", self.name)
        } else {
            format!("recorded the renewal of {} on {closed_on}", self.name)
        };
        Ok(Recording { account: self.account.clone(), record, next, what })
    }
}

/// A renewal outcome ready to record: the record, and the account as read.
#[derive(Debug)]
struct Recording {
    account: Account,
    record: RenewalRecord,
    next: Option<NaiveDate>,
    what: String,
}

impl Edit for Recording {
    fn account(&self) -> Option<AccountId> {
        Some(self.account.id)
    }

    fn write(self: Box<Self>, w: &BookWriter<'_>) -> StoreResult<Done> {
        let recorded = w.record_renewal(&self.account, &self.record, self.next)?;
        let version = recorded.after.version;
        Ok(Done { what: self.what, revert: Revert::remove(Recorded(recorded), version) })
    }
}

/// A recorded renewal as undo knows it: by its account, whose version the recording moved, so
/// that undoing a later edit of the account keeps this step's version current.
#[derive(Debug, Clone)]
struct Recorded(RecordedRenewal);

impl Versioned for Recorded {
    fn key(&self) -> Key {
        Key::of::<Account>(self.0.after.id.0)
    }

    fn account(&self) -> Option<AccountId> {
        Some(self.0.after.id)
    }

    fn version(&self) -> i64 {
        self.0.after.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        w.edit_account(&Account { version, ..self.0.after.clone() })
    }
}

impl Addable for Recorded {
    fn insert(&self, w: &BookWriter<'_>) -> StoreResult<Self> {
        let r = &self.0;
        w.record_renewal(&r.before, &r.record, r.after.renewal_date).map(Self)
    }

    fn delete(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        w.undo_renewal(&self.0)
    }

    fn remove_same(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<()> {
        let mut recorded = self.0.clone();
        recorded.after.version = version;
        w.undo_renewal(&recorded)
    }

    fn restore(&self, w: &BookWriter<'_>) -> StoreResult<()> {
        self.insert(w).map(drop)
    }
}

#[cfg(test)]
mod tests;
