//! The panes of the book view. Each draws one part of the state into its area; none touches the
//! store, scores, or changes the state.

pub mod accounts;
pub mod health;
pub mod plan;
pub mod renewal;
pub mod stakeholders;
pub mod todos;

use super::ids::PaneId;
use super::pane::Pane;

/// The pane called `id`.
#[must_use]
pub fn pane(id: PaneId) -> &'static dyn Pane {
    match id {
        PaneId::Accounts => &accounts::AccountsPane,
        PaneId::Health => &health::HealthPane,
        PaneId::Renewal => &renewal::RenewalPane,
        PaneId::Stakeholders => &stakeholders::StakeholdersPane,
        PaneId::Todos => &todos::TodosPane,
        PaneId::Plan => &plan::PlanPane,
    }
}
