//! The workspace's vocabulary of actions: what a key can ask for. It is also the language of the
//! keymap file, so every name here is stable.

use serde::Deserialize;

use super::state::View;

/// Something the user asked the workspace to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    ToggleHelp,
    FocusNext,
    FocusPrev,
    /// Back out, one step at a time: close the help, drop the search being typed, leave a view
    /// for the book, clear a kept search, give the list the focus.
    Back,
    ShowBook,
    ShowTodos,
    ShowRenewals,
    ShowPortfolio,
    /// The timeline of the selected account.
    ShowTimeline,
    /// From the account list: the selected account's timeline.
    OpenTimeline,
    SelectNext,
    SelectPrev,
    SelectFirst,
    SelectLast,
    PageDown,
    PageUp,
    StartSearch,
    CycleSort,
    FilterBand,
    FilterSegment,
    FilterOwner,
    FilterPhase,
    FilterSignal,
    ClearFilters,
    ToggleTree,
    /// A character typed into the search (not a key binding).
    #[serde(skip)]
    SearchType(char),
    /// Backspace in the search.
    #[serde(skip)]
    SearchErase,
    /// Enter in the search: keep the query and return to the list.
    #[serde(skip)]
    SearchKeep,
}

impl Action {
    /// What the action does, for the help overlay.
    #[must_use]
    pub const fn describe(self) -> &'static str {
        match self {
            Self::Quit => "quit",
            Self::ToggleHelp => "this help",
            Self::FocusNext => "next pane",
            Self::FocusPrev => "previous pane",
            Self::Back => "back out",
            Self::ShowBook => "book view",
            Self::ShowTodos => "todo queue of the book",
            Self::ShowRenewals => "renewals, next 120 days",
            Self::ShowPortfolio => "portfolio dashboard",
            Self::ShowTimeline => "timeline of the account",
            Self::OpenTimeline => "open the timeline",
            Self::SelectNext => "next row",
            Self::SelectPrev => "previous row",
            Self::SelectFirst => "first row",
            Self::SelectLast => "last row",
            Self::PageDown => "page down",
            Self::PageUp => "page up",
            Self::StartSearch => "search accounts by name",
            Self::CycleSort => "next sort order",
            Self::FilterBand => "filter: band",
            Self::FilterSegment => "filter: segment",
            Self::FilterOwner => "filter: owner",
            Self::FilterPhase => "filter: renewal phase",
            Self::FilterSignal => "filter: risk signal",
            Self::ClearFilters => "clear filters and search",
            Self::ToggleTree => "roles or reporting tree",
            Self::SearchType(_) | Self::SearchErase | Self::SearchKeep => "edit the search",
        }
    }

    /// What the action does in `view`: the movement keys scroll the views that scroll.
    #[must_use]
    pub const fn describe_in(self, view: View) -> &'static str {
        if !view.scrolls() {
            return self.describe();
        }
        match self {
            Self::SelectNext => "scroll down",
            Self::SelectPrev => "scroll up",
            Self::SelectFirst => "scroll to the top",
            Self::SelectLast => "scroll to the end",
            other => other.describe(),
        }
    }
}
