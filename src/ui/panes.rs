//! The panes of the book view. Each draws one part of the state into its area; none touches the
//! store, scores, or changes the state.

pub mod accounts;
pub mod health;
pub mod plan;
pub mod renewal;
pub mod stakeholders;
pub mod todos;
