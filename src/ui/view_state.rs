//! Where the screen is scrolled and how tall a page is: the geometry only drawing can know (it
//! alone knows the terminal's size), kept beside the workspace's state rather than in it. The
//! event loop owns it; `update` moves it and the renderers clamp it and record their pages. It
//! must not hold what the workspace shows (that is `AppState`), touch the store or draw.
//!
//! Drawing writes here through `Cell`s, as ratatui's own `ListState` is written by a draw: the
//! renderers take the state and this by shared reference, so a test can draw a workspace it
//! only borrows. The `Cell`s are confined to this struct and to [`ViewScroll`].

use std::cell::Cell;

use super::ids::PaneId;
use super::scroll::ViewScroll;
use crate::domain::InteractionId;

/// How the workspace's screen is scrolled.
#[derive(Debug)]
pub struct ViewState {
    /// First visible row of the account list, kept by the list pane so the selection stays in
    /// view.
    pub list_scroll: Cell<usize>,
    /// Rows the list pane showed last time: a page for page up and down.
    pub list_page: Cell<usize>,
    /// The scroll of the current view's content (todo queue, renewals, portfolio, timeline,
    /// brief); back to the top whenever the view changes.
    pub view_scroll: ViewScroll,
    /// How far each pane without rows (health, renewal) is scrolled; back to the top when
    /// another account is selected.
    pub pane_scroll: PaneScrolls,
    /// The timeline entry the last drawing brought into sight: another one picked since is
    /// brought into sight whole, at the next drawing.
    pub timeline_shown: Cell<Option<InteractionId>>,
    /// How many entries' heads the timeline showed last time: a page for page up and down.
    pub timeline_page: Cell<usize>,
    /// How many lines of matches the search over everything showed last time: its groups show
    /// as many as fit.
    pub finder_rows: Cell<usize>,
    /// The forecast row the last drawing brought into sight: another one picked since is
    /// brought into sight at the next drawing (the scroll keys scroll freely meanwhile).
    pub forecast_shown: Cell<Option<crate::domain::AccountId>>,
}

impl Default for ViewState {
    fn default() -> Self {
        Self {
            list_scroll: Cell::new(0),
            list_page: Cell::new(10),
            view_scroll: ViewScroll::default(),
            pane_scroll: PaneScrolls::default(),
            timeline_shown: Cell::new(None),
            timeline_page: Cell::new(3),
            finder_rows: Cell::new(0),
            forecast_shown: Cell::new(None),
        }
    }
}

/// The scroll of each pane whose content has no rows to pick.
#[derive(Debug, Default)]
pub struct PaneScrolls([ViewScroll; PaneId::ALL.len()]);

impl PaneScrolls {
    /// The scroll of `pane`.
    #[must_use]
    pub fn of(&self, pane: PaneId) -> &ViewScroll {
        &self.0[pane as usize]
    }

    /// Every pane back to the top, for another account.
    pub fn reset(&self) {
        self.0.iter().for_each(ViewScroll::reset);
    }
}
