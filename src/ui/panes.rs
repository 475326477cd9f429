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
pub const fn pane(id: PaneId) -> &'static Pane {
    match id {
        PaneId::Accounts => &accounts::PANE,
        PaneId::Health => &health::PANE,
        PaneId::Renewal => &renewal::PANE,
        PaneId::Stakeholders => &stakeholders::PANE,
        PaneId::Todos => &todos::PANE,
        PaneId::Plan => &plan::PANE,
    }
}
