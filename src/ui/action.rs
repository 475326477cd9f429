//! The workspace's vocabulary of actions: what a key can ask for. It is also the language of the
//! keymap file, so every name here is stable.

use serde::Deserialize;

/// Something the user asked the workspace to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    ToggleHelp,
    FocusNext,
    FocusPrev,
    /// Back out: close the help, stop searching, clear the search.
    Back,
    ShowBook,
    ShowTodos,
    ShowRenewals,
    ShowPortfolio,
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
}
