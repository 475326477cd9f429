//! The records of a book of business, as the store keeps them and the engine reads them.
//!
//! Money is integer cents in the book's currency; dates are calendar dates (`NaiveDate`).

use chrono::NaiveDate;

use super::ids::{
    AccountId, ContactId, FeatureId, GoalId, InteractionId, MilestoneId, NpsId, OpportunityId,
    TicketId, TodoId,
};
use super::vocab::{
    Advocacy, GoalStatus, InteractionKind, OpportunityKind, OpportunityStatus, Priority, Rating,
    Role, Segment, TodoStatus,
};

/// A customer account.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub id: AccountId,
    /// The id in the CRM the account came from (or one csm made up).
    pub external_id: String,
    pub name: String,
    pub domain: Option<String>,
    pub segment: Option<Segment>,
    pub industry: Option<String>,
    pub region: Option<String>,
    /// The CSM who owns the account.
    pub owner: Option<String>,
    /// Annual recurring revenue in cents of the book's currency.
    pub arr_cents: i64,
    pub seats_licensed: Option<i64>,
    pub contract_start: Option<NaiveDate>,
    pub renewal_date: Option<NaiveDate>,
    pub lifecycle_stage: Option<String>,
    pub advocacy: Option<Advocacy>,
    /// How many times the record was edited; set by the store (see [`crate::store::Conflict`]).
    pub version: i64,
}

impl Account {
    /// An account known only by its external id and name (id 0 until stored): no domain,
    /// segment, owner, seats, dates or ARR. Other fields are set with struct update syntax.
    #[must_use]
    pub fn named(external_id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id: AccountId(0),
            external_id: external_id.into(),
            name: name.into(),
            domain: None,
            segment: None,
            industry: None,
            region: None,
            owner: None,
            arr_cents: 0,
            seats_licensed: None,
            contract_start: None,
            renewal_date: None,
            lifecycle_stage: None,
            advocacy: None,
            version: 0,
        }
    }
}

/// A stakeholder at a customer account.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub id: ContactId,
    pub account_id: AccountId,
    pub external_id: Option<String>,
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub role: Role,
    /// Influence on the decision, 1 (little) to 5 (decisive).
    pub influence: Option<u8>,
    /// Sentiment towards us, -2 (very negative) to 2 (very positive).
    pub sentiment: Option<i8>,
    pub reports_to: Option<ContactId>,
    /// The last date the contact engaged, as imported from another tool (not derived).
    pub last_engaged: Option<NaiveDate>,
    /// The day the contact left the company.
    pub left_on: Option<NaiveDate>,
    /// How many times the record was edited; set by the store (see [`crate::store::Conflict`]).
    pub version: i64,
}

impl Contact {
    /// A contact of `account_id` known only by its name (id 0 until stored): role `other`, no
    /// title, email, influence, sentiment or dates. Other fields are set with struct update
    /// syntax.
    #[must_use]
    pub fn named(account_id: AccountId, name: impl Into<String>) -> Self {
        Self {
            id: ContactId(0),
            account_id,
            external_id: None,
            name: name.into(),
            title: None,
            email: None,
            role: Role::Other,
            influence: None,
            sentiment: None,
            reports_to: None,
            last_engaged: None,
            left_on: None,
            version: 0,
        }
    }

    /// A contact is current at `date` when it has not left the company on or before it.
    #[must_use]
    pub fn is_current(&self, date: NaiveDate) -> bool {
        self.left_on.is_none_or(|left| left > date)
    }
}

/// Active users of an account on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsageDay {
    pub date: NaiveDate,
    pub active_users: i64,
    pub events: Option<i64>,
}

/// Use of one product feature by an account on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureDay {
    pub date: NaiveDate,
    pub feature: FeatureId,
    /// Events that day; a row without a value counts as used.
    pub events: Option<i64>,
}

impl FeatureDay {
    /// The feature was used that day: events > 0, or a row without an events value.
    #[must_use]
    pub fn used(&self) -> bool {
        self.events.is_none_or(|events| events > 0)
    }
}

/// A support ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub id: TicketId,
    pub account_id: AccountId,
    pub external_id: Option<String>,
    pub opened: NaiveDate,
    pub closed: Option<NaiveDate>,
    pub priority: Priority,
    pub rating: Option<Rating>,
    pub status: Option<String>,
    pub subject: Option<String>,
}

impl Ticket {
    /// The day the ticket counts as closed. Dates decide: a closed date closes the ticket whatever
    /// its status; a solved or closed status without a closed date closes it on its opened date.
    #[must_use]
    pub fn effective_close(&self) -> Option<NaiveDate> {
        self.closed
            .or_else(|| self.status.as_deref().filter(|s| status_closes(s)).map(|_| self.opened))
    }

    /// Open at `date`: opened on or before it and not closed on or before it.
    #[must_use]
    pub fn is_open_at(&self, date: NaiveDate) -> bool {
        self.opened <= date && self.effective_close().is_none_or(|closed| closed > date)
    }
}

/// Whether a help-desk status means the ticket is done: `solved` or `closed` (Zendesk's words),
/// in any case.
#[must_use]
pub fn status_closes(status: &str) -> bool {
    let status = status.trim();
    status.eq_ignore_ascii_case("solved") || status.eq_ignore_ascii_case("closed")
}

/// One answer to the NPS survey.
#[derive(Debug, Clone, PartialEq)]
pub struct NpsResponse {
    pub id: NpsId,
    pub account_id: AccountId,
    pub email: Option<String>,
    /// 0 to 10.
    pub score: u8,
    pub date: NaiveDate,
    pub comment: Option<String>,
}

/// A timeline entry: a call, email, meeting, QBR, the CSM's own note, or other.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    pub id: InteractionId,
    pub account_id: AccountId,
    pub external_id: Option<String>,
    pub date: NaiveDate,
    pub kind: InteractionKind,
    pub summary: Option<String>,
    pub body: Option<String>,
    /// The contacts who took part.
    pub contacts: Vec<ContactId>,
    /// How many times the record was edited; set by the store (see [`crate::store::Conflict`]).
    pub version: i64,
}

/// Something the CSM has to do, possibly made by a playbook rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Todo {
    pub id: TodoId,
    pub account_id: Option<AccountId>,
    pub title: String,
    pub notes: Option<String>,
    pub due: Option<NaiveDate>,
    pub priority: Priority,
    pub status: TodoStatus,
    pub snoozed_until: Option<NaiveDate>,
    /// The playbook rule that made it, if any.
    pub rule: Option<String>,
    pub created_on: NaiveDate,
    pub completed_on: Option<NaiveDate>,
    /// How many times the record was edited; set by the store (see [`crate::store::Conflict`]).
    pub version: i64,
}

/// A sales opportunity: renewal, expansion, contraction, new business.
#[derive(Debug, Clone, PartialEq)]
pub struct Opportunity {
    pub id: OpportunityId,
    pub account_id: AccountId,
    pub external_id: Option<String>,
    pub name: Option<String>,
    pub kind: OpportunityKind,
    pub amount_cents: Option<i64>,
    pub stage: Option<String>,
    pub close_date: Option<NaiveDate>,
    /// Probability to close, 0 to 100.
    pub probability: Option<f64>,
    pub status: OpportunityStatus,
    /// How many times the record was edited; set by the store (see [`crate::store::Conflict`]).
    pub version: i64,
}

impl Opportunity {
    /// The opportunity closed as `status` (or reopened): a won deal is certain (probability
    /// 100 %), a lost one over (0 %); an open one keeps its probability.
    #[must_use]
    pub fn settled(self, status: OpportunityStatus) -> Self {
        let probability = match status {
            OpportunityStatus::Won => Some(100.0),
            OpportunityStatus::Lost => Some(0.0),
            OpportunityStatus::Open => self.probability,
        };
        Self { status, probability, ..self }
    }
}

/// A step of an account's onboarding path.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    pub id: MilestoneId,
    pub account_id: AccountId,
    pub name: String,
    pub target_date: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    /// The day it was closed as skipped, the account having left onboarding (see
    /// [`crate::domain::far_behind`]); kept as history, neither done nor late.
    pub skipped_on: Option<NaiveDate>,
    /// How many times the record was edited; set by the store (see [`crate::store::Conflict`]).
    pub version: i64,
}

/// A goal of an account's success plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub id: GoalId,
    pub account_id: AccountId,
    pub objective: String,
    pub metric: Option<String>,
    pub target: Option<String>,
    pub status: GoalStatus,
    pub due: Option<NaiveDate>,
    pub met_on: Option<NaiveDate>,
    /// How many times the record was edited; set by the store (see [`crate::store::Conflict`]).
    pub version: i64,
}
