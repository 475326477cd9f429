//! The workspace: an interactive terminal view of the book over the store and the engine.
//!
//! `app` runs the loop (draw, wait for an event, turn it into a message, update, run the effects
//! update asks for); `update` is the only code that changes the state or writes to the store; `render` and the panes draw the
//! state and never query the store or score.

mod action;
mod app;
mod book_view;
mod briefing;
mod document;
mod edit;
mod editing;
mod finding;
mod forecasting;
mod form;
mod ids;
mod importing;
mod input_modes;
mod keymap;
mod load;
mod modal;
mod model_check;
mod mouse;
mod msg;
mod opening_run;
mod out_of_memory;
mod pane;
mod panes;
mod playbook_status;
mod popups;
mod render;
mod scroll;
mod state;
mod theme;
mod update;
mod view_state;
mod views;
mod widgets;

#[cfg(test)]
mod testing;

pub use action::Action;
pub use app::{App, RunError, run};
pub use form::{DAY_FORMS, parse_day};
pub use keymap::{DEFAULT_KEYMAP, KeyBinding, Keymap, KeymapOverrides};
pub use msg::{Effect, Effects, Msg};
pub use out_of_memory::TerminalRestoringAllocator;
pub use playbook_status::playbook_status;
pub use render::render;
pub use scroll::ViewScroll;
pub use state::{AppState, FilterKind, PaneId, SortKey, View};
pub use theme::Theme;
pub use update::update;
pub use view_state::ViewState;
