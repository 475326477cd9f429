//! The renewal pane's opportunity edits: its pointer, the opportunity form that adds one
//! (`AddOpportunity`) or edits every field of one (`EditOpportunity`: name, kind, amount, stage,
//! close date, probability, status), and closing one as won or lost (`CloseOpportunity`). Closing,
//! by either form, makes the probability 100 % (won) or 0 % (lost): a closed deal is no longer a
//! guess. The domain's rules (`check_opportunity`) refuse what no opportunity may hold, on the
//! field at fault. Each edit is one transaction, undoable, versioned against edits made elsewhere,
//! like every edit of `editing`. It only reads forms into edits; it must not draw.

use chrono::NaiveDate;

use super::amounts::{read_money, shown};
use super::records::{Add, Save};
use super::{account, account_name, editable, moved, open, quoted, unless_unchanged};
use crate::domain::{
    Opportunity, OpportunityId, OpportunityKind, OpportunityStatus, check_opportunity,
};
use crate::import::values::parse_probability;
use crate::ui::edit::FormEdit;
use crate::ui::form::{Form, Input, Refusal, form_fields};
use crate::ui::panes::renewal;
use crate::ui::state::AppState;

form_fields! {
    /// The fields of the opportunity form, in its order.
    pub(super) enum OpportunityField {
        Name => "name",
        Kind => "kind",
        Amount => "amount",
        Stage => "stage",
        Close => "closes",
        Chance => "chance %",
        Status => "status",
    }
}

impl OpportunityField {
    /// The field a rule of `check_opportunity` names.
    fn of_rule(field: &str) -> Self {
        match field {
            "amount" => Self::Amount,
            "probability" => Self::Chance,
            _ => Self::Name,
        }
    }
}

form_fields! {
    /// The fields of the form that closes an opportunity.
    pub(super) enum CloseField { Outcome => "outcome", On => "closed on" }
}

/// The outcomes a closing form offers.
const OUTCOMES: [OpportunityStatus; 2] = [OpportunityStatus::Won, OpportunityStatus::Lost];

/// The opportunities of the selected account in the renewal pane's order.
pub(super) fn opportunities(state: &AppState) -> Vec<&Opportunity> {
    state
        .book
        .detail
        .as_ref()
        .map_or_else(Vec::new, |s| renewal::in_order(&s.detail.facts.opportunities))
}

/// The opportunity the renewal pane points at: the one picked, else the first.
#[must_use]
pub(super) fn picked_opportunity(state: &AppState) -> Option<&Opportunity> {
    let all = opportunities(state);
    let at = all.iter().position(|o| Some(o.id) == state.opportunity_pick).unwrap_or(0);
    all.get(at).copied()
}

/// Moves the renewal pane's pointer by `delta`.
pub fn move_opportunity_pick(state: &mut AppState, delta: isize) {
    let ids: Vec<OpportunityId> = opportunities(state).iter().map(|o| o.id).collect();
    state.opportunity_pick = moved(&ids, state.opportunity_pick, delta);
}

/// Opens the form that adds an opportunity to the selected account.
pub fn open_add_opportunity(state: &mut AppState) {
    let Some(account) = account(state) else { return };
    // A renewal unless one is already open: then the likelier new one is an expansion.
    let renewal_open = opportunities(state)
        .iter()
        .any(|o| o.kind == OpportunityKind::Renewal && o.status == OpportunityStatus::Open);
    let kind = if renewal_open { OpportunityKind::Expansion } else { OpportunityKind::Renewal };
    let draft = Opportunity {
        id: OpportunityId(0),
        account_id: account,
        external_id: None,
        name: None,
        kind,
        amount_cents: None,
        stage: None,
        close_date: None,
        probability: None,
        status: OpportunityStatus::Open,
        version: 0,
    };
    let (name, currency) = (account_name(state), state.currency.clone());
    open(state, AddOpportunity { draft, name, currency });
}

/// Opens the form that edits the opportunity the renewal pane points at.
pub fn open_edit_opportunity(state: &mut AppState) {
    let Some(opportunity) = picked_opportunity(state).cloned() else {
        state.status = "no opportunity to edit: n adds one".to_owned();
        return;
    };
    let currency = state.currency.clone();
    open(state, EditOpportunity { before: opportunity, currency });
}

/// Opens the form that closes the opportunity the renewal pane points at as won or lost.
pub fn open_close_opportunity(state: &mut AppState) {
    match picked_opportunity(state).cloned() {
        None => state.status = "no opportunity to close".to_owned(),
        Some(o) if o.status != OpportunityStatus::Open => {
            state.status = format!("{} is already {}: e edits it", title(&o), o.status);
        }
        Some(o) => open(state, CloseOpportunity(o)),
    }
}

/// The opportunity's name as a status line quotes it.
fn title(o: &Opportunity) -> String {
    quoted(o.name.as_deref().unwrap_or("unnamed"))
}

/// Refuses `o` by the domain's rules, on the field they name.
fn checked(o: Opportunity) -> Result<Opportunity, Refusal<OpportunityField>> {
    check_opportunity(&o).map_err(|refused| Refusal {
        field: OpportunityField::of_rule(refused.field),
        message: refused.to_string(),
    })?;
    Ok(o)
}

/// A probability as the form shows it: `30`, `12.5`.
fn percent(p: f64) -> String {
    if p.fract() == 0.0 { format!("{p:.0}") } else { p.to_string() }
}

/// The input of `field` in the opportunity form, holding `o`'s value.
fn opportunity_input(o: &Opportunity, currency: &str, field: OpportunityField) -> Input {
    let text = |value: Option<&String>| value.map(|v| editable(v)).unwrap_or_default();
    match field {
        OpportunityField::Name => {
            Input::line(&text(o.name.as_ref())).hint("Renewal 2027, 200 more seats…")
        }
        OpportunityField::Kind => {
            let at = OpportunityKind::ALL.iter().position(|k| *k == o.kind).unwrap_or(0);
            Input::choice(OpportunityKind::ALL.iter().map(|k| k.code().to_owned()).collect(), at)
        }
        OpportunityField::Amount => Input::line(&o.amount_cents.map(shown).unwrap_or_default())
            .hint(&format!("in {currency}: 120000, or empty")),
        OpportunityField::Stage => {
            Input::line(&text(o.stage.as_ref())).hint("optional: Proposal, Negotiation…")
        }
        OpportunityField::Close => {
            let close = o.close_date.map(|d| d.to_string()).unwrap_or_default();
            Input::day(&close).hint("expected close, 2027-01-31, or empty")
        }
        OpportunityField::Chance => {
            Input::line(&o.probability.map(percent).unwrap_or_default()).hint("0 to 100, or empty")
        }
        OpportunityField::Status => {
            let at = OpportunityStatus::ALL.iter().position(|s| *s == o.status).unwrap_or(0);
            Input::choice(OpportunityStatus::ALL.iter().map(|s| s.code().to_owned()).collect(), at)
        }
    }
}

/// `base` with what the opportunity form holds; a text left as the form showed it stays as
/// stored. A status changed to won or lost settles the probability.
fn read_opportunity(
    form: &Form,
    base: &Opportunity,
    currency: &str,
    as_of: NaiveDate,
) -> Result<Opportunity, Refusal<OpportunityField>> {
    use OpportunityField as F;
    let chance = form.optional_text(F::Chance);
    let probability = match chance {
        None => None,
        Some(text) => {
            Some(f64::from(parse_probability(&text).map_err(|why| Refusal::new(F::Chance, why))?))
        }
    };
    let kind = OpportunityKind::ALL.get(form.choice(F::Kind)).copied().unwrap_or(base.kind);
    let status = OpportunityStatus::ALL.get(form.choice(F::Status)).copied().unwrap_or(base.status);
    let after = Opportunity {
        name: unless_unchanged(form.optional_text(F::Name), base.name.as_deref()),
        kind,
        amount_cents: read_money(&form.text(F::Amount), F::Amount, currency)?,
        stage: unless_unchanged(form.optional_text(F::Stage), base.stage.as_deref()),
        close_date: form.day(F::Close, as_of)?,
        // A probability left as shown keeps its stored decimals.
        probability: if probability.map(percent) == base.probability.map(percent) {
            base.probability
        } else {
            probability
        },
        ..base.clone()
    };
    let after = if status == base.status { after } else { after.settled(status) };
    checked(after)
}

/// Adding an opportunity to the account named `name`, from `draft`'s first values.
#[derive(Debug)]
struct AddOpportunity {
    draft: Opportunity,
    name: String,
    currency: String,
}

impl FormEdit for AddOpportunity {
    type Field = OpportunityField;
    type Edit = Add<Opportunity>;

    fn title(&self) -> String {
        format!("New opportunity · {}", self.name)
    }

    fn input(&self, field: OpportunityField) -> Input {
        opportunity_input(&self.draft, &self.currency, field)
    }

    fn read(
        &self,
        form: &Form,
        as_of: NaiveDate,
    ) -> Result<Add<Opportunity>, Refusal<OpportunityField>> {
        let record = read_opportunity(form, &self.draft, &self.currency, as_of)?;
        Ok(Add { what: format!("added opportunity {}", title(&record)), record })
    }
}

/// Editing every field of an opportunity, as read at its version.
#[derive(Debug)]
struct EditOpportunity {
    before: Opportunity,
    currency: String,
}

impl FormEdit for EditOpportunity {
    type Field = OpportunityField;
    type Edit = Save<Opportunity>;

    fn title(&self) -> String {
        format!("Edit opportunity {}", title(&self.before))
    }

    fn input(&self, field: OpportunityField) -> Input {
        opportunity_input(&self.before, &self.currency, field)
    }

    fn read(
        &self,
        form: &Form,
        as_of: NaiveDate,
    ) -> Result<Save<Opportunity>, Refusal<OpportunityField>> {
        let after = read_opportunity(form, &self.before, &self.currency, as_of)?;
        let what = if after.status == self.before.status {
            format!("saved opportunity {}", title(&after))
        } else {
            format!("opportunity {} {}", title(&after), after.status)
        };
        Ok(Save { before: self.before.clone(), after, what })
    }
}

/// Closing an open opportunity as won or lost on a day.
#[derive(Debug)]
struct CloseOpportunity(Opportunity);

impl FormEdit for CloseOpportunity {
    type Field = CloseField;
    type Edit = Save<Opportunity>;

    fn title(&self) -> String {
        format!("Close {}", title(&self.0))
    }

    fn input(&self, field: CloseField) -> Input {
        match field {
            CloseField::Outcome => {
                Input::choice(OUTCOMES.iter().map(|s| s.code().to_owned()).collect(), 0)
            }
            CloseField::On => Input::day("today").hint("2026-12-01, today"),
        }
    }

    fn read(
        &self,
        form: &Form,
        as_of: NaiveDate,
    ) -> Result<Save<Opportunity>, Refusal<CloseField>> {
        let status = OUTCOMES.get(form.choice(CloseField::Outcome)).copied();
        let on = form
            .day(CloseField::On, as_of)?
            .ok_or_else(|| Refusal::new(CloseField::On, "the day it closed"))?;
        let before = &self.0;
        // No rule to check: the outcome and its probability are the form's own, and an imported
        // opportunity without a name may be closed as it is.
        let closed = Opportunity {
            close_date: Some(on),
            ..before.clone().settled(status.unwrap_or(OpportunityStatus::Won))
        };
        let what = format!("opportunity {} {} on {on}", title(&closed), closed.status);
        Ok(Save { before: before.clone(), after: closed, what })
    }
}

#[cfg(test)]
mod tests;
