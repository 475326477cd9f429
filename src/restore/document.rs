//! The JSON export read back: one owned, deserialisable type per record of
//! [`crate::export`]'s records, named field for field as the export names them, and turned into
//! the domain's records under their ids. What the export writes for people and programs but a
//! book does not store (an account's score) is read past. Fields added to the export since a
//! file was written (users, sources, firings) may be absent. It must not write.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::{
    Account, AccountId, Advocacy, CatalogFeature, Contact, ContactId, FeatureDay, FeatureId, Goal,
    GoalId, GoalStatus, Interaction, InteractionId, InteractionKind, Milestone, MilestoneId, NpsId,
    NpsResponse, Opportunity, OpportunityId, OpportunityKind, OpportunityStatus, Priority,
    RecordSource, RenewalOutcome, RenewalRecord, Role, Segment, Ticket, TicketId, Todo, TodoId,
    TodoStatus, UsageDay,
};
use crate::store::{BookUser, Firing};

#[derive(Debug, Deserialize)]
pub(super) struct FeatureIn {
    pub id: i64,
    pub name: String,
    pub key: String,
    pub first_seen: Option<NaiveDate>,
}

impl FeatureIn {
    pub fn record(&self) -> CatalogFeature {
        CatalogFeature {
            id: FeatureId(self.id),
            name: self.name.clone(),
            key: self.key.clone(),
            first_seen: self.first_seen,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct UserIn {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub crm_id: Option<String>,
}

impl UserIn {
    pub fn record(&self) -> BookUser {
        BookUser {
            id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            crm_id: self.crm_id.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct AccountIn {
    pub id: i64,
    pub external_id: String,
    pub name: String,
    pub domain: Option<String>,
    pub segment: Option<Segment>,
    pub industry: Option<String>,
    pub region: Option<String>,
    pub owner: Option<String>,
    pub arr_cents: i64,
    pub seats_licensed: Option<i64>,
    pub contract_start: Option<NaiveDate>,
    pub renewal_date: Option<NaiveDate>,
    pub lifecycle_stage: Option<String>,
    pub advocacy: Option<Advocacy>,
    pub contacts: Vec<ContactIn>,
    pub usage: Vec<UsageIn>,
    pub feature_usage: Vec<FeatureUsageIn>,
    pub tickets: Vec<TicketIn>,
    pub nps_responses: Vec<NpsIn>,
    pub interactions: Vec<InteractionIn>,
    pub todos: Vec<TodoIn>,
    pub opportunities: Vec<OpportunityIn>,
    pub milestones: Vec<MilestoneIn>,
    pub goals: Vec<GoalIn>,
    /// Absent from exports written before sources and firings were kept.
    #[serde(default)]
    pub sources: Vec<SourceIn>,
    #[serde(default)]
    pub playbook_firings: Vec<FiringIn>,
    /// Absent from exports written before renewal records were kept.
    #[serde(default)]
    pub renewal_records: Vec<RenewalIn>,
    /// Absent from exports written before QBRs were kept.
    #[serde(default)]
    pub qbrs: Vec<QbrIn>,
    /// Absent from exports written before forecast calls were kept.
    #[serde(default)]
    pub forecast_call: Option<CallIn>,
}

impl AccountIn {
    pub fn record(&self) -> Account {
        Account {
            id: AccountId(self.id),
            external_id: self.external_id.clone(),
            name: self.name.clone(),
            domain: self.domain.clone(),
            segment: self.segment,
            industry: self.industry.clone(),
            region: self.region.clone(),
            owner: self.owner.clone(),
            arr_cents: self.arr_cents,
            seats_licensed: self.seats_licensed,
            contract_start: self.contract_start,
            renewal_date: self.renewal_date,
            lifecycle_stage: self.lifecycle_stage.clone(),
            advocacy: self.advocacy,
            version: 0,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct ContactIn {
    pub id: i64,
    pub external_id: Option<String>,
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub role: Role,
    pub influence: Option<u8>,
    pub sentiment: Option<i8>,
    pub reports_to: Option<i64>,
    pub last_engaged: Option<NaiveDate>,
    pub left_on: Option<NaiveDate>,
}

impl ContactIn {
    pub fn record(&self, account: AccountId) -> Contact {
        Contact {
            id: ContactId(self.id),
            account_id: account,
            external_id: self.external_id.clone(),
            name: self.name.clone(),
            title: self.title.clone(),
            email: self.email.clone(),
            role: self.role,
            influence: self.influence,
            sentiment: self.sentiment,
            reports_to: self.reports_to.map(ContactId),
            last_engaged: self.last_engaged,
            left_on: self.left_on,
            version: 0,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct UsageIn {
    pub date: NaiveDate,
    pub active_users: i64,
    pub events: Option<i64>,
}

impl UsageIn {
    pub fn record(&self) -> UsageDay {
        UsageDay { date: self.date, active_users: self.active_users, events: self.events }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct FeatureUsageIn {
    pub date: NaiveDate,
    pub feature_id: i64,
    pub events: Option<i64>,
}

impl FeatureUsageIn {
    pub fn record(&self) -> FeatureDay {
        FeatureDay { date: self.date, feature: FeatureId(self.feature_id), events: self.events }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct TicketIn {
    pub id: i64,
    pub external_id: Option<String>,
    pub opened: NaiveDate,
    pub closed: Option<NaiveDate>,
    pub priority: Priority,
    pub rating: Option<String>,
    pub status: Option<String>,
    pub subject: Option<String>,
}

impl TicketIn {
    /// The ticket; the reason its rating cannot be read, if so.
    pub fn record(&self, account: AccountId) -> Result<Ticket, String> {
        let rating = match &self.rating {
            None => None,
            Some(text) => Some(text.parse().map_err(|e| format!("{e}"))?),
        };
        Ok(Ticket {
            id: TicketId(self.id),
            account_id: account,
            external_id: self.external_id.clone(),
            opened: self.opened,
            closed: self.closed,
            priority: self.priority,
            rating,
            status: self.status.clone(),
            subject: self.subject.clone(),
        })
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct NpsIn {
    pub id: i64,
    pub email: Option<String>,
    pub score: u8,
    pub date: NaiveDate,
    pub comment: Option<String>,
}

impl NpsIn {
    pub fn record(&self, account: AccountId) -> NpsResponse {
        NpsResponse {
            id: NpsId(self.id),
            account_id: account,
            email: self.email.clone(),
            score: self.score,
            date: self.date,
            comment: self.comment.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct ParticipantIn {
    pub id: i64,
}

#[derive(Debug, Deserialize)]
pub(super) struct InteractionIn {
    pub id: i64,
    pub external_id: Option<String>,
    pub date: NaiveDate,
    pub kind: InteractionKind,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub contacts: Vec<ParticipantIn>,
}

impl InteractionIn {
    pub fn record(&self, account: AccountId) -> Interaction {
        Interaction {
            id: InteractionId(self.id),
            account_id: account,
            external_id: self.external_id.clone(),
            date: self.date,
            kind: self.kind,
            summary: self.summary.clone(),
            body: self.body.clone(),
            contacts: self.contacts.iter().map(|c| ContactId(c.id)).collect(),
            version: 0,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct TodoIn {
    pub id: i64,
    pub title: String,
    pub notes: Option<String>,
    pub due: Option<NaiveDate>,
    pub priority: Priority,
    pub status: TodoStatus,
    pub snoozed_until: Option<NaiveDate>,
    pub rule: Option<String>,
    pub created_on: NaiveDate,
    pub completed_on: Option<NaiveDate>,
}

impl TodoIn {
    pub fn record(&self, account: Option<AccountId>) -> Todo {
        Todo {
            id: TodoId(self.id),
            account_id: account,
            title: self.title.clone(),
            notes: self.notes.clone(),
            due: self.due,
            priority: self.priority,
            status: self.status,
            snoozed_until: self.snoozed_until,
            rule: self.rule.clone(),
            created_on: self.created_on,
            completed_on: self.completed_on,
            version: 0,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct OpportunityIn {
    pub id: i64,
    pub external_id: Option<String>,
    pub name: Option<String>,
    pub kind: OpportunityKind,
    pub amount_cents: Option<i64>,
    pub stage: Option<String>,
    pub close_date: Option<NaiveDate>,
    pub probability: Option<f64>,
    pub status: OpportunityStatus,
}

impl OpportunityIn {
    pub fn record(&self, account: AccountId) -> Opportunity {
        Opportunity {
            id: OpportunityId(self.id),
            account_id: account,
            external_id: self.external_id.clone(),
            name: self.name.clone(),
            kind: self.kind,
            amount_cents: self.amount_cents,
            stage: self.stage.clone(),
            close_date: self.close_date,
            probability: self.probability,
            status: self.status,
            version: 0,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct MilestoneIn {
    pub id: i64,
    pub name: String,
    pub target_date: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    /// Absent in an export written before milestones could be skipped.
    pub skipped_on: Option<NaiveDate>,
}

impl MilestoneIn {
    pub fn record(&self, account: AccountId) -> Milestone {
        Milestone {
            id: MilestoneId(self.id),
            account_id: account,
            name: self.name.clone(),
            target_date: self.target_date,
            completed_on: self.completed_on,
            skipped_on: self.skipped_on,
            version: 0,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct GoalIn {
    pub id: i64,
    pub objective: String,
    pub metric: Option<String>,
    pub target: Option<String>,
    pub status: GoalStatus,
    pub due: Option<NaiveDate>,
    pub met_on: Option<NaiveDate>,
}

impl GoalIn {
    pub fn record(&self, account: AccountId) -> Goal {
        Goal {
            id: GoalId(self.id),
            account_id: account,
            objective: self.objective.clone(),
            metric: self.metric.clone(),
            target: self.target.clone(),
            status: self.status,
            due: self.due,
            met_on: self.met_on,
            version: 0,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct SourceIn {
    pub source: String,
    pub external_id: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct RenewalIn {
    pub due: NaiveDate,
    pub closed_on: NaiveDate,
    pub outcome: RenewalOutcome,
    pub arr_before: i64,
    pub arr_after: i64,
    pub note: Option<String>,
    pub source: RecordSource,
}

impl RenewalIn {
    pub fn record(&self, account: AccountId) -> RenewalRecord {
        RenewalRecord {
            account_id: account,
            due: self.due,
            closed_on: self.closed_on,
            outcome: self.outcome,
            arr_before: self.arr_before,
            arr_after: self.arr_after,
            note: self.note.clone(),
            source: self.source,
        }
    }
}

/// A CSM's call on the account's next renewal: a word or a share from 0 to 1, read as the
/// command line reads it.
#[derive(Debug, Deserialize)]
pub(super) struct CallIn {
    pub call: CallText,
    pub set_on: NaiveDate,
}

/// A call as the export writes it: a word, or a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum CallText {
    Word(String),
    Share(f64),
}

impl CallIn {
    /// The call, or why it is not one.
    pub fn call(&self) -> Result<crate::outcomes::Call, String> {
        let text = match &self.call {
            CallText::Word(word) => word.clone(),
            CallText::Share(share) => share.to_string(),
        };
        text.parse().map_err(|e: crate::outcomes::forecast::BadCall| e.to_string())
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct QbrIn {
    pub planned_on: Option<NaiveDate>,
    #[serde(default)]
    pub contacts: Vec<ContactId>,
    #[serde(default)]
    pub guests: Vec<String>,
    #[serde(default)]
    pub choices: crate::qbr::deck::DeckChoices,
    pub held_on: Option<NaiveDate>,
    pub interaction_id: Option<InteractionId>,
}

impl QbrIn {
    pub fn record(&self, account: AccountId) -> crate::qbr::record::QbrRecord {
        crate::qbr::record::QbrRecord {
            planned_on: self.planned_on,
            contacts: self.contacts.clone(),
            guests: self.guests.clone(),
            choices: self.choices.clone(),
            held_on: self.held_on,
            interaction: self.interaction_id,
            ..crate::qbr::record::QbrRecord::new(account)
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct FiringIn {
    pub rule: String,
    pub occasion: String,
    pub fired_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub todo_id: Option<i64>,
}

impl FiringIn {
    pub fn record(&self) -> Firing {
        Firing {
            rule: self.rule.clone(),
            occasion: self.occasion.clone(),
            fired_on: self.fired_on,
            ended_on: self.ended_on,
            todo_id: self.todo_id.map(TodoId),
        }
    }
}
