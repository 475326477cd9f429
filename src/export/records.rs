//! The records of the JSON export, one serialisable view per entity. They borrow the domain types
//! and name every field themselves, so renaming a domain field can never silently change the
//! format a later import reads. Fields appear in the order the store's columns do.

use chrono::NaiveDate;
use serde::Serialize;

use crate::book::BookEntry;
use crate::domain::{
    Account, Advocacy, CatalogFeature, Contact, ContactId, FeatureDay, Goal, GoalStatus,
    Interaction, InteractionKind, Milestone, NpsResponse, Opportunity, OpportunityKind,
    OpportunityStatus, Priority, RecordSource, RenewalOutcome, RenewalRecord, Role, Segment,
    Ticket, Todo, TodoStatus, UsageDay,
};
use crate::report::{JsonComponents, JsonRenewal};
use crate::scoring::{Band, ExpansionCode, SignalCode};
use crate::store::{BookUser, Firing, SourceId};

/// Everything stored about one account, read in the export's snapshot.
#[derive(Debug, Default)]
pub(super) struct AccountRecords {
    pub contacts: Vec<Contact>,
    pub usage: Vec<UsageDay>,
    pub feature_usage: Vec<FeatureDay>,
    pub tickets: Vec<Ticket>,
    pub nps: Vec<NpsResponse>,
    pub interactions: Vec<Interaction>,
    pub todos: Vec<Todo>,
    pub opportunities: Vec<Opportunity>,
    pub milestones: Vec<Milestone>,
    pub goals: Vec<Goal>,
    pub sources: Vec<SourceId>,
    pub firings: Vec<Firing>,
    pub renewals: Vec<RenewalRecord>,
    pub qbrs: Vec<crate::qbr::record::QbrRecord>,
    pub forecast_call: Option<crate::store::StoredCall>,
}

/// One account: its fields, its score at the as-of date (`null` when it was not scored) and its
/// records.
#[derive(Debug, Serialize)]
pub(super) struct AccountOut<'a> {
    pub id: i64,
    pub external_id: &'a str,
    pub name: &'a str,
    pub domain: Option<&'a str>,
    pub segment: Option<Segment>,
    pub industry: Option<&'a str>,
    pub region: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub arr_cents: i64,
    pub seats_licensed: Option<i64>,
    pub contract_start: Option<NaiveDate>,
    pub renewal_date: Option<NaiveDate>,
    pub lifecycle_stage: Option<&'a str>,
    pub advocacy: Option<Advocacy>,
    pub score: Option<ScoreOut>,
    pub contacts: Vec<ContactOut<'a>>,
    pub usage: Vec<UsageOut>,
    pub feature_usage: Vec<FeatureUsageOut>,
    pub tickets: Vec<TicketOut<'a>>,
    pub nps_responses: Vec<NpsOut<'a>>,
    pub interactions: Vec<InteractionOut<'a>>,
    pub todos: Vec<TodoOut<'a>>,
    pub opportunities: Vec<OpportunityOut<'a>>,
    pub milestones: Vec<MilestoneOut<'a>>,
    pub goals: Vec<GoalOut<'a>>,
    /// The account's ids in the systems it was imported from.
    pub sources: Vec<SourceOut<'a>>,
    /// The playbook rules that fired for the account, so that a restored book does not fire
    /// them again.
    pub playbook_firings: Vec<FiringOut<'a>>,
    /// How its past renewals ended, as stored (recorded in csm or imported; the outcomes read
    /// from closed renewal opportunities are not stored, so not here).
    pub renewal_records: Vec<RenewalOut<'a>>,
    /// Its QBRs: the open one being prepared and the held ones.
    pub qbrs: Vec<QbrOut<'a>>,
    /// The CSM's call on its next renewal, overriding the model in the forecast (`null` when
    /// the model decides).
    pub forecast_call: Option<CallOut>,
}

impl<'a> AccountOut<'a> {
    pub(super) fn of(
        a: &'a Account,
        scored: Option<&BookEntry>,
        records: &'a AccountRecords,
        as_of: NaiveDate,
    ) -> Self {
        Self {
            id: a.id.0,
            external_id: &a.external_id,
            name: &a.name,
            domain: a.domain.as_deref(),
            segment: a.segment,
            industry: a.industry.as_deref(),
            region: a.region.as_deref(),
            owner: a.owner.as_deref(),
            arr_cents: a.arr_cents,
            seats_licensed: a.seats_licensed,
            contract_start: a.contract_start,
            renewal_date: a.renewal_date,
            lifecycle_stage: a.lifecycle_stage.as_deref(),
            advocacy: a.advocacy,
            score: scored.map(|entry| ScoreOut::of(entry, as_of)),
            contacts: records.contacts.iter().map(ContactOut::of).collect(),
            usage: records.usage.iter().map(UsageOut::of).collect(),
            feature_usage: records.feature_usage.iter().map(FeatureUsageOut::of).collect(),
            tickets: records.tickets.iter().map(TicketOut::of).collect(),
            nps_responses: records.nps.iter().map(NpsOut::of).collect(),
            interactions: records
                .interactions
                .iter()
                .map(|i| InteractionOut::of(i, &records.contacts))
                .collect(),
            todos: records.todos.iter().map(TodoOut::of).collect(),
            opportunities: records.opportunities.iter().map(OpportunityOut::of).collect(),
            milestones: records.milestones.iter().map(MilestoneOut::of).collect(),
            goals: records.goals.iter().map(GoalOut::of).collect(),
            sources: records
                .sources
                .iter()
                .map(|s| SourceOut { source: &s.source, external_id: &s.external_id })
                .collect(),
            playbook_firings: records.firings.iter().map(FiringOut::of).collect(),
            renewal_records: records.renewals.iter().map(RenewalOut::of).collect(),
            qbrs: records.qbrs.iter().map(QbrOut::of).collect(),
            forecast_call: records
                .forecast_call
                .map(|c| CallOut { call: c.call, set_on: c.set_on }),
        }
    }
}

/// An account's score summary, named as in the JSON report (SPEC 8) where the two overlap.
#[derive(Debug, Serialize)]
pub(super) struct ScoreOut {
    pub health: Option<i64>,
    pub band: Band,
    pub delta_30: Option<i64>,
    pub components: JsonComponents,
    pub signals: Vec<SignalCode>,
    pub expansion: Vec<ExpansionCode>,
    pub renewal: Option<JsonRenewal>,
    pub open_todos: u32,
    pub overdue_todos: u32,
    pub attention: i64,
    pub nps: NpsTallyOut,
}

/// The latest answers of the account's respondents in the NPS window, by kind.
#[derive(Debug, Serialize)]
pub(super) struct NpsTallyOut {
    pub promoters: u32,
    pub passives: u32,
    pub detractors: u32,
}

impl ScoreOut {
    fn of(entry: &BookEntry, as_of: NaiveDate) -> Self {
        let s = &entry.summary;
        Self {
            health: s.health,
            band: s.band,
            delta_30: s.delta,
            components: JsonComponents::of(s.components),
            signals: s.signal_codes(),
            expansion: s.expansion_codes(),
            renewal: entry.account.renewal_date.map(|date| JsonRenewal::of(date, as_of)),
            open_todos: s.open_todos,
            overdue_todos: s.overdue_todos,
            attention: s.attention,
            nps: NpsTallyOut {
                promoters: s.nps.promoters,
                passives: s.nps.passives,
                detractors: s.nps.detractors,
            },
        }
    }
}

/// A feature of the book's catalogue; feature usage refers to it by id.
#[derive(Debug, Serialize)]
pub(super) struct FeatureOut<'a> {
    pub id: i64,
    pub name: &'a str,
    pub key: &'a str,
    pub first_seen: Option<NaiveDate>,
}

impl<'a> FeatureOut<'a> {
    pub(super) fn of(f: &'a CatalogFeature) -> Self {
        Self { id: f.id.0, name: &f.name, key: &f.key, first_seen: f.first_seen }
    }
}

#[derive(Debug, Serialize)]
pub struct ContactOut<'a> {
    pub id: i64,
    pub external_id: Option<&'a str>,
    pub name: &'a str,
    pub title: Option<&'a str>,
    pub email: Option<&'a str>,
    pub role: Role,
    pub influence: Option<u8>,
    pub sentiment: Option<i8>,
    pub reports_to: Option<i64>,
    pub last_engaged: Option<NaiveDate>,
    pub left_on: Option<NaiveDate>,
}

impl<'a> ContactOut<'a> {
    /// The record `contact` as the export writes it.
    pub fn of(c: &'a Contact) -> Self {
        Self {
            id: c.id.0,
            external_id: c.external_id.as_deref(),
            name: &c.name,
            title: c.title.as_deref(),
            email: c.email.as_deref(),
            role: c.role,
            influence: c.influence,
            sentiment: c.sentiment,
            reports_to: c.reports_to.map(|id| id.0),
            last_engaged: c.last_engaged,
            left_on: c.left_on,
        }
    }
}

#[derive(Debug, Serialize)]
pub(super) struct UsageOut {
    pub date: NaiveDate,
    pub active_users: i64,
    pub events: Option<i64>,
}

impl UsageOut {
    fn of(u: &UsageDay) -> Self {
        Self { date: u.date, active_users: u.active_users, events: u.events }
    }
}

#[derive(Debug, Serialize)]
pub(super) struct FeatureUsageOut {
    pub date: NaiveDate,
    pub feature_id: i64,
    pub events: Option<i64>,
}

impl FeatureUsageOut {
    fn of(f: &FeatureDay) -> Self {
        Self { date: f.date, feature_id: f.feature.0, events: f.events }
    }
}

#[derive(Debug, Serialize)]
pub(super) struct TicketOut<'a> {
    pub id: i64,
    pub external_id: Option<&'a str>,
    pub opened: NaiveDate,
    pub closed: Option<NaiveDate>,
    pub priority: Priority,
    /// As the help desk gave it: `good`, `4`, `80%`, ...
    pub rating: Option<String>,
    pub status: Option<&'a str>,
    pub subject: Option<&'a str>,
}

impl<'a> TicketOut<'a> {
    fn of(t: &'a Ticket) -> Self {
        Self {
            id: t.id.0,
            external_id: t.external_id.as_deref(),
            opened: t.opened,
            closed: t.closed,
            priority: t.priority,
            rating: t.rating.map(|r| r.to_string()),
            status: t.status.as_deref(),
            subject: t.subject.as_deref(),
        }
    }
}

#[derive(Debug, Serialize)]
pub(super) struct NpsOut<'a> {
    pub id: i64,
    pub email: Option<&'a str>,
    pub score: u8,
    pub date: NaiveDate,
    pub comment: Option<&'a str>,
}

impl<'a> NpsOut<'a> {
    fn of(n: &'a NpsResponse) -> Self {
        Self {
            id: n.id.0,
            email: n.email.as_deref(),
            score: n.score,
            date: n.date,
            comment: n.comment.as_deref(),
        }
    }
}

/// A participant of an interaction: the contact's id, and its email so that an import into
/// another book (where ids differ) can find the contact again.
#[derive(Debug, Serialize)]
pub(super) struct ParticipantOut<'a> {
    pub id: i64,
    pub email: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub(super) struct InteractionOut<'a> {
    pub id: i64,
    pub external_id: Option<&'a str>,
    pub date: NaiveDate,
    pub kind: InteractionKind,
    pub summary: Option<&'a str>,
    pub body: Option<&'a str>,
    pub contacts: Vec<ParticipantOut<'a>>,
}

impl<'a> InteractionOut<'a> {
    fn of(i: &'a Interaction, contacts: &'a [Contact]) -> Self {
        let email =
            |id: ContactId| contacts.iter().find(|c| c.id == id).and_then(|c| c.email.as_deref());
        Self {
            id: i.id.0,
            external_id: i.external_id.as_deref(),
            date: i.date,
            kind: i.kind,
            summary: i.summary.as_deref(),
            body: i.body.as_deref(),
            contacts: i
                .contacts
                .iter()
                .map(|&id| ParticipantOut { id: id.0, email: email(id) })
                .collect(),
        }
    }
}

/// A todo as the JSON export names its fields; `csm todo list --json` names them the same.
#[derive(Debug, Serialize)]
pub struct TodoOut<'a> {
    pub id: i64,
    pub title: &'a str,
    pub notes: Option<&'a str>,
    pub due: Option<NaiveDate>,
    pub priority: Priority,
    pub status: TodoStatus,
    pub snoozed_until: Option<NaiveDate>,
    pub rule: Option<&'a str>,
    pub created_on: NaiveDate,
    pub completed_on: Option<NaiveDate>,
}

impl<'a> TodoOut<'a> {
    /// The record `t` as the export writes it.
    #[must_use]
    pub fn of(t: &'a Todo) -> Self {
        Self {
            id: t.id.0,
            title: &t.title,
            notes: t.notes.as_deref(),
            due: t.due,
            priority: t.priority,
            status: t.status,
            snoozed_until: t.snoozed_until,
            rule: t.rule.as_deref(),
            created_on: t.created_on,
            completed_on: t.completed_on,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OpportunityOut<'a> {
    pub id: i64,
    pub external_id: Option<&'a str>,
    pub name: Option<&'a str>,
    pub kind: OpportunityKind,
    pub amount_cents: Option<i64>,
    pub stage: Option<&'a str>,
    pub close_date: Option<NaiveDate>,
    pub probability: Option<f64>,
    pub status: OpportunityStatus,
}

impl<'a> OpportunityOut<'a> {
    /// The record `opportunity` as the export writes it.
    pub fn of(o: &'a Opportunity) -> Self {
        Self {
            id: o.id.0,
            external_id: o.external_id.as_deref(),
            name: o.name.as_deref(),
            kind: o.kind,
            amount_cents: o.amount_cents,
            stage: o.stage.as_deref(),
            close_date: o.close_date,
            probability: o.probability,
            status: o.status,
        }
    }
}

#[derive(Debug, Serialize)]
pub(super) struct MilestoneOut<'a> {
    pub id: i64,
    pub name: &'a str,
    pub target_date: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    /// The day it was closed as skipped, the account having left onboarding.
    pub skipped_on: Option<NaiveDate>,
}

impl<'a> MilestoneOut<'a> {
    fn of(m: &'a Milestone) -> Self {
        Self {
            id: m.id.0,
            name: &m.name,
            target_date: m.target_date,
            completed_on: m.completed_on,
            skipped_on: m.skipped_on,
        }
    }
}

#[derive(Debug, Serialize)]
pub(super) struct GoalOut<'a> {
    pub id: i64,
    pub objective: &'a str,
    pub metric: Option<&'a str>,
    pub target: Option<&'a str>,
    pub status: GoalStatus,
    pub due: Option<NaiveDate>,
    pub met_on: Option<NaiveDate>,
}

impl<'a> GoalOut<'a> {
    fn of(g: &'a Goal) -> Self {
        Self {
            id: g.id.0,
            objective: &g.objective,
            metric: g.metric.as_deref(),
            target: g.target.as_deref(),
            status: g.status,
            due: g.due,
            met_on: g.met_on,
        }
    }
}

/// An id the account carries in one source system.
#[derive(Debug, Serialize)]
pub(super) struct SourceOut<'a> {
    pub source: &'a str,
    pub external_id: &'a str,
}

/// A playbook rule's firing for the account.
#[derive(Debug, Serialize)]
pub(super) struct FiringOut<'a> {
    pub rule: &'a str,
    pub occasion: &'a str,
    pub fired_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub todo_id: Option<i64>,
}

impl<'a> FiringOut<'a> {
    fn of(f: &'a Firing) -> Self {
        Self {
            rule: &f.rule,
            occasion: &f.occasion,
            fired_on: f.fired_on,
            ended_on: f.ended_on,
            todo_id: f.todo_id.map(|t| t.0),
        }
    }
}

/// A stored renewal record of the account, named as `csm renewals --json` names one.
#[derive(Debug, Serialize)]
pub(super) struct RenewalOut<'a> {
    pub due: NaiveDate,
    pub closed_on: NaiveDate,
    pub outcome: RenewalOutcome,
    pub arr_before: i64,
    pub arr_after: i64,
    pub note: Option<&'a str>,
    pub source: RecordSource,
}

impl<'a> RenewalOut<'a> {
    fn of(r: &'a RenewalRecord) -> Self {
        Self {
            due: r.due,
            closed_on: r.closed_on,
            outcome: r.outcome,
            arr_before: r.arr_before,
            arr_after: r.arr_after,
            note: r.note.as_deref(),
            source: r.source,
        }
    }
}

/// A QBR of the account: its day, attendees, the deck's choices and texts, the day it was held.
#[derive(Debug, Serialize)]
pub(super) struct QbrOut<'a> {
    pub planned_on: Option<NaiveDate>,
    pub contacts: &'a [ContactId],
    pub guests: &'a [String],
    pub choices: &'a crate::qbr::deck::DeckChoices,
    pub held_on: Option<NaiveDate>,
    pub interaction_id: Option<crate::domain::InteractionId>,
}

impl<'a> QbrOut<'a> {
    fn of(q: &'a crate::qbr::record::QbrRecord) -> Self {
        Self {
            planned_on: q.planned_on,
            contacts: &q.contacts,
            guests: &q.guests,
            choices: &q.choices,
            held_on: q.held_on,
            interaction_id: q.interaction,
        }
    }
}

/// A CSM's call: a word (`commit`, `likely`, `at_risk`, `lost`) or a share from 0 to 1, and
/// the day it was set.
#[derive(Debug, Serialize)]
pub(super) struct CallOut {
    pub call: crate::outcomes::Call,
    pub set_on: NaiveDate,
}

/// A person who owns accounts.
#[derive(Debug, Serialize)]
pub(super) struct UserOut<'a> {
    pub id: i64,
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub crm_id: Option<&'a str>,
}

impl<'a> UserOut<'a> {
    pub(super) fn of(u: &'a BookUser) -> Self {
        Self { id: u.id, name: &u.name, email: u.email.as_deref(), crm_id: u.crm_id.as_deref() }
    }
}
