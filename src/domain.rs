//! Plain domain types of a book of business: accounts, contacts, usage, tickets, NPS, interactions,
//! todos, opportunities, onboarding milestones and goals, with their vocabularies.
//!
//! No I/O here: the store reads and writes these types, the engine scores them.

mod entities;
mod facts;
mod ids;
mod onboarding;
mod record_rules;
mod renewal_history;
mod renewal_outcome;
mod salesforce_id;
mod standing;
mod text;
mod vocab;
mod window;

pub use entities::{
    Account, Contact, FeatureDay, Goal, Interaction, Milestone, NpsResponse, Opportunity, Ticket,
    Todo, UsageDay, status_closes,
};
pub use facts::{
    AccountFacts, CatalogFeature, FactsRequest, FeatureCatalog, FeatureFacts, Touch, UsageFacts,
};
pub use ids::{
    AccountId, ContactId, FeatureId, GoalId, InteractionId, MilestoneId, NpsId, OpportunityId,
    TicketId, TodoId,
};
pub use onboarding::{MilestoneStanding, far_behind, leaves_onboarding, stage_says_onboarding};
pub use record_rules::{
    FieldRefusal, check_account, check_contact, check_interaction, check_opportunity, check_renewal,
};
pub use renewal_history::{SAME_RENEWAL_DAYS, churned_at, effective_records, from_opportunity};
pub use renewal_outcome::{RecordSource, RenewalOutcome, RenewalRecord};
pub use salesforce_id::salesforce_id_key;
pub use standing::{TodoCounts, TodoStanding};
pub use text::{
    MESSAGE_LINE_CHARS, cut, fold_key, is_unsafe, safe_message, shown_path, terminal_safe,
    terminal_safe_lines,
};
pub use vocab::{
    Advocacy, GoalStatus, InteractionKind, OpportunityKind, OpportunityStatus, Priority, Rating,
    Role, Segment, TodoStatus, UnknownValue,
};
pub use window::{Window, back};
