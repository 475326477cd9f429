//! The names of the workspace's parts: its views, the panes of the book view and the plan
//! lines the plan keys act on. Plain identifiers that every other part of the workspace may use;
//! this module depends on nothing of the workspace and holds no behaviour beyond naming.

use crate::domain::{GoalId, MilestoneId};

/// The panes of the book view, in focus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PaneId {
    Accounts,
    Health,
    Renewal,
    Stakeholders,
    Todos,
    /// Onboarding milestones and success-plan goals.
    Plan,
}

impl PaneId {
    /// Every pane in focus order.
    pub const ALL: [Self; 6] =
        [Self::Accounts, Self::Health, Self::Renewal, Self::Stakeholders, Self::Todos, Self::Plan];

    /// The pane's section in the keymap.
    #[must_use]
    pub const fn section(self) -> &'static str {
        match self {
            Self::Accounts => "accounts",
            Self::Health => "health",
            Self::Renewal => "renewal",
            Self::Stakeholders => "stakeholders",
            Self::Todos => "todos",
            Self::Plan => "plan",
        }
    }

    /// The pane's title.
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Self::Accounts => "Accounts",
            Self::Health => "Health",
            Self::Renewal => "Renewal",
            Self::Stakeholders => "Stakeholders",
            Self::Todos => "Todos",
            Self::Plan => "Plan",
        }
    }

    /// The next pane in focus order (wrapping); `back` goes the other way.
    #[must_use]
    pub fn cycle(self, back: bool) -> Self {
        let i = Self::ALL.iter().position(|&p| p == self).unwrap_or(0);
        let n = Self::ALL.len();
        Self::ALL[if back { (i + n - 1) % n } else { (i + 1) % n }]
    }
}

/// The views of the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum View {
    Book,
    Todos,
    Renewals,
    Portfolio,
    /// The selected account's interactions, newest first.
    Timeline,
    /// The selected account's QBR brief, as it will be written.
    Qbr,
    /// The renewals ahead with their probabilities, the CSMs' calls and the range.
    Forecast,
    /// Does the health score predict churn on this book: the backtest, in figures and words.
    ModelCheck,
}

impl View {
    /// Every view, in the order of their number keys.
    pub const ALL: [Self; 8] = [
        Self::Book,
        Self::Todos,
        Self::Renewals,
        Self::Portfolio,
        Self::Timeline,
        Self::Qbr,
        Self::Forecast,
        Self::ModelCheck,
    ];

    /// The view's name in the tab bar.
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Self::Book => "Book",
            Self::Todos => "Todo queue",
            Self::Renewals => "Renewals",
            Self::Portfolio => "Portfolio",
            Self::Timeline => "Timeline",
            Self::Qbr => "QBR",
            Self::Forecast => "Forecast",
            Self::ModelCheck => "Model check",
        }
    }

    /// The view's name in a tab bar too narrow for every title and the date.
    #[must_use]
    pub const fn short_title(self) -> &'static str {
        match self {
            Self::Todos => "Todos",
            other => other.title(),
        }
    }

    /// The view's name in a tab bar too narrow for the short titles (80 columns).
    #[must_use]
    pub const fn tiny_title(self) -> &'static str {
        match self {
            Self::Todos => "Todo",
            Self::Renewals => "Renew",
            Self::Portfolio => "Port",
            Self::Timeline => "Time",
            Self::Forecast => "Fcst",
            Self::ModelCheck => "Check",
            other => other.short_title(),
        }
    }

    /// The view's own section in the keymap, for the views with keys of their own.
    #[must_use]
    pub const fn section(self) -> Option<&'static str> {
        match self {
            Self::Todos => Some("todo_queue"),
            Self::Renewals => Some("renewals"),
            Self::Timeline => Some("timeline"),
            Self::Qbr => Some("qbr"),
            Self::Forecast => Some("forecast"),
            Self::ModelCheck => Some("model_check"),
            Self::Book | Self::Portfolio => None,
        }
    }

    /// Whether the movement keys scroll the view's content (rather than move a selection: the
    /// book's accounts, the todo queue's todos, the renewals calendar's accounts, the timeline's
    /// entries).
    #[must_use]
    pub const fn scrolls(self) -> bool {
        matches!(self, Self::Portfolio | Self::Qbr | Self::ModelCheck)
    }
}

/// One line of the plan the plan keys can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanItem {
    Milestone(MilestoneId),
    Goal(GoalId),
}
