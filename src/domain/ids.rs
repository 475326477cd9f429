//! Newtype ids for the store's rows, so an account id can never be passed where a contact id is meant.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// The store's id of an account.
    AccountId,
    /// The store's id of a contact (stakeholder).
    ContactId,
    /// The store's id of a product feature in the book's feature catalogue.
    FeatureId,
    /// The store's id of a support ticket.
    TicketId,
    /// The store's id of an NPS response.
    NpsId,
    /// The store's id of a timeline interaction.
    InteractionId,
    /// The store's id of a todo.
    TodoId,
    /// The store's id of an opportunity.
    OpportunityId,
    /// The store's id of an onboarding milestone.
    MilestoneId,
    /// The store's id of a success-plan goal.
    GoalId,
);
