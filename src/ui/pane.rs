//! What a pane of the book view is to the rest of the workspace: its name, what the movement
//! keys do while it has the focus, the actions its status line offers, and how it draws. Zoom,
//! scrolling and hints are handled once for every pane through this description, so a new pane is one
//! file in `panes/` and one line in `panes::pane`. It names behaviour; it must not change the
//! state (that is `update`'s) or touch the store.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::action::Action;
use super::ids::PaneId;
use super::state::AppState;
use super::theme::Theme;
use super::view_state::ViewState;

/// What the movement keys move while a pane has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moves {
    /// The account list's selection.
    Accounts,
    /// The todo the todo keys act on.
    Todos,
    /// The contact the stakeholder keys act on.
    Contacts,
    /// The milestone or goal the plan keys act on.
    PlanItems,
    /// The opportunity the renewal pane's keys act on.
    Opportunities,
    /// Nothing to pick: the movement keys scroll the pane's content.
    Scroll,
}

/// What a pane draws from: the workspace's state, and how the screen is scrolled (for a pane
/// whose content scrolls).
#[derive(Debug, Clone, Copy)]
pub struct Scene<'a> {
    pub state: &'a AppState,
    pub view_state: &'a ViewState,
}

/// A bordered part of the book view, as data: a pane's file holds one `PANE` constant, and
/// everything that differs between panes is in it. Draws the state only.
#[derive(Clone, Copy)]
pub struct Pane {
    /// Which pane this is.
    pub id: PaneId,
    /// What the movement keys move while the pane has the focus.
    pub moves: Moves,
    /// The actions the status line offers while the pane has the focus, most useful first.
    pub hints: &'static [Action],
    /// Draws the pane into its area, with its focus marked when asked.
    pub draw: fn(Scene<'_>, Theme, bool, Rect, &mut Buffer),
}

impl Pane {
    /// Draws the pane into `area`, with its focus marked when `focused`.
    pub fn render(
        &self,
        scene: Scene<'_>,
        theme: Theme,
        focused: bool,
        area: Rect,
        buf: &mut Buffer,
    ) {
        (self.draw)(scene, theme, focused, area, buf);
    }
}
