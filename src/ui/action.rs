//! The workspace's vocabulary of actions: what a key can ask for. It is also the language of the
//! keymap file, so every name here is stable.

use ratatui::crossterm::event::KeyEvent;
use serde::Deserialize;

use super::ids::View;

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
    /// The QBR brief of the selected account.
    ShowQbr,
    /// The renewal forecast: what the book will renew, with the CSMs' calls.
    ShowForecast,
    /// In the forecast view: the picked renewal's call (commit, likely, at risk, lost, a
    /// percentage, or back to the model).
    CallRenewal,
    /// In the forecast view: the renewals of the configured horizon, or of 12 months.
    ToggleForecastHorizon,
    /// Write the selected account's QBR brief to a Markdown file and its deck to an HTML file.
    WriteQbr,
    /// In the QBR view: prepare the QBR (planned day, attendees, the deck's texts and choices).
    EditQbr,
    /// In the QBR view at 80 columns: show the deck outline instead of the brief, or back.
    SwitchQbrTab,
    /// In the QBR view: the QBR was held today; log it on the timeline with its attendees.
    MarkQbrHeld,
    /// The model check: does the health score predict churn on this book (the backtest).
    ShowModelCheck,
    /// In the model check: the next lead (90, 60, 120 days before each renewal).
    CycleLead,
    /// The focused pane fills the body (again: back to every pane).
    ToggleZoom,
    /// The focused pane's or the view's content one line down (in a list: the next row).
    ScrollDown,
    /// One line up (in a list: the previous row).
    ScrollUp,
    /// From the todo queue or the renewals calendar: the picked row's account in the book view.
    OpenAccount,
    SelectNext,
    SelectPrev,
    SelectFirst,
    SelectLast,
    PageDown,
    PageUp,
    StartSearch,
    /// Search every record of the book: accounts, contacts, todos, timeline entries, goals,
    /// opportunities.
    FindAnything,
    /// The command palette: every action and every account, by a fuzzy query.
    OpenPalette,
    CycleSort,
    FilterBand,
    FilterSegment,
    FilterOwner,
    FilterPhase,
    FilterSignal,
    /// Show the accounts churned at the as-of date instead of the active book (again: back).
    FilterChurned,
    ClearFilters,
    ToggleTree,
    /// Log a call, meeting, email… with the selected account.
    LogTouchpoint,
    /// Add a todo to the selected account.
    AddTodo,
    /// Edit the todo the todo pane points at.
    EditTodo,
    /// Mark the todo the todo pane points at as done.
    CompleteTodo,
    /// Snooze the todo the todo pane points at.
    SnoozeTodo,
    /// Delete the todo the todo pane points at (asks first).
    DeleteTodo,
    /// Edit any field of the contact the stakeholder pane points at.
    EditStakeholder,
    /// Edit the selected account's facts: name, owner, ARR, renewal date…
    EditAccount,
    /// Add an opportunity to the selected account.
    AddOpportunity,
    /// Edit the opportunity the renewal pane points at.
    EditOpportunity,
    /// Close the opportunity the renewal pane points at as won or lost.
    CloseOpportunity,
    /// Record how the selected account's renewal ended: renewed at a new ARR, or churned.
    RecordRenewal,
    /// Add a contact to the selected account.
    AddContact,
    /// Delete the contact the stakeholder pane points at (asks first).
    DeleteContact,
    /// Edit the timeline entry the timeline view points at.
    EditInteraction,
    /// Delete the timeline entry the timeline view points at (asks first).
    DeleteInteraction,
    /// Add a goal to the selected account's success plan.
    AddGoal,
    /// Edit the milestone or goal the plan pane points at.
    EditPlanItem,
    /// Mark the milestone the plan pane points at done, or the goal met (again: not yet).
    CompletePlanItem,
    /// Mark the goal the plan pane points at missed (again: open).
    MissGoal,
    /// Delete the goal the plan pane points at (asks first).
    DeleteGoal,
    /// Take back the last edit.
    Undo,
    /// Read the book again, with edits made elsewhere (another workspace, an import).
    Refresh,
    /// Import a CSV or JSON lines file into the book.
    Import,
    /// A click or the wheel on a pane of the book: it takes the focus (not a key binding).
    #[serde(skip)]
    Focus(super::ids::PaneId),
    /// A click on a row of the account list: it is selected (not a key binding).
    #[serde(skip)]
    SelectRow(usize),
    /// A click on a todo of the todo queue: the todo keys act on it (not a key binding).
    #[serde(skip)]
    PickTodo(crate::domain::TodoId),
    /// A key for the open form (not a key binding).
    #[serde(skip)]
    FormKey(KeyEvent),
    /// The answer to the open question (not a key binding).
    #[serde(skip)]
    Answer(bool),
    /// A character typed into the search (not a key binding).
    #[serde(skip)]
    SearchType(char),
    /// Backspace in the search.
    #[serde(skip)]
    SearchErase,
    /// Enter in the search: keep the query and return to the list.
    #[serde(skip)]
    SearchKeep,
    /// Text typed into the search over everything or the palette (not a key binding).
    #[serde(skip)]
    QueryType(char),
    /// Backspace there.
    #[serde(skip)]
    QueryErase,
    /// Up or down there: the pick moves by this many lines.
    #[serde(skip)]
    QueryMove(isize),
    /// Enter there: open the picked record or account, or run the picked action.
    #[serde(skip)]
    QueryPick,
}

impl Action {
    /// Whether the action writes to the book (and so waits while an import runs).
    #[must_use]
    pub const fn edits(self) -> bool {
        matches!(
            self,
            Self::LogTouchpoint
                | Self::AddTodo
                | Self::EditTodo
                | Self::CompleteTodo
                | Self::SnoozeTodo
                | Self::DeleteTodo
                | Self::EditStakeholder
                | Self::EditAccount
                | Self::AddOpportunity
                | Self::EditOpportunity
                | Self::CloseOpportunity
                | Self::RecordRenewal
                | Self::EditQbr
                | Self::MarkQbrHeld
                | Self::CallRenewal
                | Self::AddContact
                | Self::DeleteContact
                | Self::EditInteraction
                | Self::DeleteInteraction
                | Self::AddGoal
                | Self::EditPlanItem
                | Self::CompletePlanItem
                | Self::MissGoal
                | Self::DeleteGoal
                | Self::Undo
                | Self::Import
        )
    }

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
            Self::ShowQbr => "QBR brief of the account",
            Self::ShowForecast => "renewal forecast",
            Self::CallRenewal => "set the call (or model)",
            Self::ToggleForecastHorizon => "90 days or 12 months",
            Self::WriteQbr => "write the QBR brief and deck to files",
            Self::EditQbr => "prepare the QBR: texts, goals, wins",
            Self::SwitchQbrTab => "brief or deck outline",
            Self::MarkQbrHeld => "the QBR was held today",
            Self::ShowModelCheck => "model check: does health predict churn",
            Self::CycleLead => "lead: 90, 60, 120 days",
            Self::ToggleZoom => "zoom the pane (again: every pane)",
            Self::ScrollDown => "scroll down",
            Self::ScrollUp => "scroll up",
            Self::OpenAccount => "open the account in the book",
            Self::SelectNext => "next row",
            Self::SelectPrev => "previous row",
            Self::SelectFirst => "first row",
            Self::SelectLast => "last row",
            Self::PageDown => "page down",
            Self::PageUp => "page up",
            Self::StartSearch => "search accounts by name",
            Self::FindAnything => "search every record",
            Self::OpenPalette => "command palette",
            Self::CycleSort => "next sort order",
            Self::FilterBand => "filter: band",
            Self::FilterSegment => "filter: segment",
            Self::FilterOwner => "filter: owner",
            Self::FilterPhase => "filter: renewal phase",
            Self::FilterSignal => "filter: risk signal",
            Self::FilterChurned => "filter: churned accounts",
            Self::ClearFilters => "clear filters and search",
            Self::ToggleTree => "roles or reporting tree",
            Self::LogTouchpoint => "log a touchpoint",
            Self::AddTodo => "add a todo",
            Self::EditTodo => "edit the todo",
            Self::CompleteTodo => "mark the todo done",
            Self::SnoozeTodo => "snooze the todo",
            Self::DeleteTodo => "delete the todo",
            Self::EditStakeholder => "edit the contact",
            Self::EditAccount => "edit the account",
            Self::AddOpportunity => "add an opportunity",
            Self::EditOpportunity => "edit the opportunity",
            Self::CloseOpportunity => "close it won or lost",
            Self::RecordRenewal => "record how the renewal ended",
            Self::AddContact => "add a contact",
            Self::DeleteContact => "delete the contact",
            Self::EditInteraction => "edit the timeline entry",
            Self::DeleteInteraction => "delete the timeline entry",
            Self::AddGoal => "add a success-plan goal",
            Self::EditPlanItem => "edit the milestone or goal",
            Self::CompletePlanItem => "milestone done, goal met",
            Self::MissGoal => "goal missed",
            Self::DeleteGoal => "delete the goal",
            Self::Undo => "undo the last edit",
            Self::Refresh => "read edits made elsewhere",
            Self::Import => "import a file",
            Self::Focus(_) => "focus the pane",
            Self::SelectRow(_) | Self::PickTodo(_) => "select the row",
            Self::FormKey(_) => "fill in the form",
            Self::Answer(_) => "answer the question",
            Self::SearchType(_) | Self::SearchErase | Self::SearchKeep => "edit the search",
            Self::QueryType(_) | Self::QueryErase | Self::QueryMove(_) | Self::QueryPick => {
                "find or pick"
            }
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
