//! What the search over everything and the command palette hold between keys: the index of the
//! book's records and whether it is current, the query with its matches, and what a pick asks
//! for. Plain state that the workspace's state and popups name; the steps that change it are
//! `finding`'s, and this module must not reach the store, the modal or the update loop.

use crate::domain::AccountId;
use crate::listing::everything::{Found, RecordIndex, Target};
use crate::ui::action::Action;

/// The status line while the index is being built.
pub const INDEXING: &str = "indexing the book for search…";

/// The index of the book's records and whether it is current.
#[derive(Debug, Default)]
pub struct Records {
    pub index: Option<Box<RecordIndex>>,
    /// The book changed since the index was built (or none was).
    pub stale: bool,
    /// An index is being built beside the screen.
    pub building: bool,
    /// Someone may search: the workspace's loop runs, or the search was opened.
    pub wanted: bool,
}

impl Records {
    /// A fresh book's: nothing built yet.
    #[must_use]
    pub fn new() -> Self {
        Self { stale: true, ..Self::default() }
    }

    /// Whether to build the index now: it is wanted and stale and no build runs, nor anything
    /// that changes the book (`busy`: the build waits for it). Saying yes marks it building.
    pub fn start_build(&mut self, busy: bool) -> bool {
        if !self.wanted || !self.stale || self.building || busy {
            return false;
        }
        self.stale = false;
        self.building = true;
        true
    }
}

/// The search over everything as it is typed: the query, its matches and the picked one.
#[derive(Debug, Default)]
pub struct Finder {
    pub query: String,
    pub found: Found,
    /// The picked match, counted over every shown match in order.
    pub at: usize,
    /// How many lines of matches the popup had room for when last drawn.
    pub rows: usize,
}

impl Finder {
    /// The index of the picked match in the index, if any.
    #[must_use]
    pub fn picked(&self) -> Option<usize> {
        self.found.shown().nth(self.at)
    }
}

/// What a pick asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picked {
    /// Nothing (no match picked); the popup stays.
    Nothing,
    /// Run this action, as its key would.
    Run(Action),
    /// Open this account in the book, with this record picked in its pane or view.
    Open(AccountId, Option<Target>),
    /// A todo of no account: the todo queue with it picked.
    QueueTodo(crate::domain::TodoId),
}
