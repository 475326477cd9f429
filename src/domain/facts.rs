//! Everything the scoring engine needs to know about one account, gathered in one value, and the
//! book's feature catalogue. The store fills these; the engine only reads them.
//!
//! Daily usage and feature use arrive already summed over the windows the engine asked for (see
//! `scoring::FactsRequest`): a year of daily rows then costs the engine a handful of numbers, and
//! the store lets SQLite do the summing next to the data.

use chrono::NaiveDate;

use super::entities::{
    Account, Contact, FeatureDay, NpsResponse, Opportunity, Ticket, Todo, UsageDay,
};
use super::ids::{ContactId, FeatureId};
use super::vocab::InteractionKind;
use super::window::Window;

/// What the store must load for the engine to score at one as-of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactsRequest {
    pub as_of: NaiveDate,
    /// Windows over which usage and feature use are summed.
    pub windows: Vec<Window>,
    /// Interactions dated from this day on.
    pub touches_from: NaiveDate,
    /// Tickets opened from this day on, and older ones not closed before `open_tickets_from`.
    pub tickets_from: NaiveDate,
    pub open_tickets_from: NaiveDate,
    /// NPS responses dated from this day on.
    pub nps_from: NaiveDate,
}

/// An account's active users summed over each requested window.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UsageFacts {
    /// The date of the account's earliest usage row, whatever the windows.
    pub first: Option<NaiveDate>,
    /// `(window, sum of active_users over its days)`; a window without rows may be absent.
    pub sums: Vec<(Window, i64)>,
    /// Every window that was summed, so that an absent sum means zero, not "not loaded".
    pub loaded: Vec<Window>,
}

impl UsageFacts {
    /// Sums `days` (any order) over each of `windows`.
    #[must_use]
    pub fn from_days(days: &[UsageDay], windows: &[Window]) -> Self {
        let sums = windows
            .iter()
            .map(|&w| (w, days.iter().filter(|d| w.contains(d.date)).map(|d| d.active_users).sum()))
            .collect();
        Self { first: days.iter().map(|d| d.date).min(), sums, loaded: windows.to_vec() }
    }

    /// The sum of active users over `window`, `None` if the window was never loaded.
    #[must_use]
    pub fn sum(&self, window: Window) -> Option<i64> {
        if let Some(&(_, sum)) = self.sums.iter().find(|(w, _)| *w == window) {
            return Some(sum);
        }
        debug_assert!(self.loaded.contains(&window), "usage window {window:?} was not loaded");
        self.loaded.contains(&window).then_some(0)
    }
}

/// The features an account used in each requested window.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeatureFacts {
    /// The date of the account's earliest feature-usage row, whatever the windows.
    pub first: Option<NaiveDate>,
    /// `(window, features used on some day of it, sorted)`; a window without use may be absent.
    pub used: Vec<(Window, Vec<FeatureId>)>,
    /// Every window that was looked at.
    pub loaded: Vec<Window>,
}

impl FeatureFacts {
    /// The features used (events > 0, or a row without an events value) in each of `windows`.
    #[must_use]
    pub fn from_days(days: &[FeatureDay], windows: &[Window]) -> Self {
        let used = windows
            .iter()
            .map(|&w| {
                let mut ids: Vec<FeatureId> = days
                    .iter()
                    .filter(|d| w.contains(d.date) && d.used())
                    .map(|d| d.feature)
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                (w, ids)
            })
            .collect();
        Self { first: days.iter().map(|d| d.date).min(), used, loaded: windows.to_vec() }
    }

    /// Whether `feature` was used on some day of `window`.
    #[must_use]
    pub fn used_in(&self, window: Window, feature: FeatureId) -> bool {
        debug_assert!(self.loaded.contains(&window), "feature window {window:?} was not loaded");
        self.used
            .iter()
            .find(|(w, _)| *w == window)
            .is_some_and(|(_, ids)| ids.binary_search(&feature).is_ok())
    }
}

/// What the engine needs of an interaction: when, what kind, and who took part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    pub date: NaiveDate,
    pub kind: InteractionKind,
    pub contacts: Vec<ContactId>,
}

/// The facts of one account.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountFacts {
    pub account: Account,
    pub contacts: Vec<Contact>,
    pub usage: UsageFacts,
    pub features: FeatureFacts,
    /// Tickets the request covers, dated on or before the as-of date.
    pub tickets: Vec<Ticket>,
    /// NPS responses the request covers, dated on or before the as-of date.
    pub nps: Vec<NpsResponse>,
    /// Interactions the request covers, dated on or before the as-of date.
    pub touches: Vec<Touch>,
    pub opportunities: Vec<Opportunity>,
    /// The account's open todos.
    pub open_todos: Vec<Todo>,
}

impl AccountFacts {
    /// Facts with nothing but the account itself.
    #[must_use]
    pub fn new(account: Account) -> Self {
        Self {
            account,
            contacts: Vec::new(),
            usage: UsageFacts::default(),
            features: FeatureFacts::default(),
            tickets: Vec::new(),
            nps: Vec::new(),
            touches: Vec::new(),
            opportunities: Vec::new(),
            open_todos: Vec::new(),
        }
    }
}

/// One feature of the book's catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogFeature {
    pub id: FeatureId,
    /// The name as first seen.
    pub name: String,
    /// The trimmed, case-folded name features are compared by.
    pub key: String,
    /// The date of its earliest usage row in the book; `None` while it has none.
    pub first_seen: Option<NaiveDate>,
}

/// Every feature the book's usage data has seen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeatureCatalog {
    pub features: Vec<CatalogFeature>,
}
