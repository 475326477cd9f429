//! The summary of an account's score that the book-wide views need (list, report, metrics),
//! small enough to keep in the store's score cache. Reasons and explanations are not part of it:
//! they are recomputed for the accounts on screen. Its bytes in that cache are `cache`'s.

mod cache;

use super::attention::Attention;
use super::coverage::Coverage;
use super::health::Band;
use super::nps::NpsTally;
use super::signals::{ExpansionCode, SignalCode};
use super::{AccountScore, Model};
use crate::domain::{AccountFacts, TodoCounts, Window};

/// A set of signal codes as a bit set over the codes' order in `ALL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CodeSet(pub u32);

impl CodeSet {
    /// The set of `codes`, each a position in `all`.
    #[must_use]
    pub fn of<T: PartialEq + Copy>(codes: impl IntoIterator<Item = T>, all: &[T]) -> Self {
        let bits = codes
            .into_iter()
            .filter_map(|code| all.iter().position(|c| *c == code))
            .fold(0, |bits, i| bits | (1 << i));
        Self(bits)
    }

    /// The codes in the set, in the order of `all`.
    #[must_use]
    pub fn codes<T: Copy>(self, all: &[T]) -> Vec<T> {
        all.iter().enumerate().filter(|(i, _)| self.0 & (1 << i) != 0).map(|(_, c)| *c).collect()
    }

    /// Whether the set holds `code`, a value of `all`.
    #[must_use]
    pub fn contains<T: PartialEq>(self, code: &T, all: &[T]) -> bool {
        all.iter().position(|c| c == code).is_some_and(|i| self.0 & (1 << i) != 0)
    }

    /// How many codes the set holds.
    #[must_use]
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// What the book-wide views know of an account's score.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountSummary {
    pub health: Option<i64>,
    pub band: Band,
    pub delta: Option<i64>,
    /// Usage, adoption, support and engagement, unrounded.
    pub components: [Option<f64>; 4],
    /// The share of the model's weights whose component had data, 0-1.
    pub coverage: f64,
    pub signals: CodeSet,
    pub expansion: CodeSet,
    pub open_todos: u32,
    /// Open todos past due and not snoozed past the as-of date.
    pub overdue_todos: u32,
    /// Open todos snoozed past the as-of date, whatever their due dates.
    pub snoozed_todos: u32,
    pub attention: i64,
    pub nps: NpsTally,
}

impl AccountSummary {
    /// The summary of `score` for `facts`, with its `attention`.
    #[must_use]
    pub fn of(
        facts: &AccountFacts,
        score: &AccountScore,
        attention: &Attention,
        model: &Model<'_>,
    ) -> Self {
        let c = &score.components;
        let as_of = score.as_of;
        let todos = TodoCounts::of(&facts.open_todos, as_of);
        Self {
            health: score.health.value,
            band: score.health.band,
            delta: score.delta,
            components: [
                c.usage.value,
                c.adoption.value,
                Some(c.support.value),
                Some(c.engagement.value),
            ],
            coverage: score.coverage.share,
            signals: CodeSet::of(score.signals.iter().map(|s| s.code), SignalCode::ALL),
            expansion: CodeSet::of(score.expansion.iter().map(|s| s.code), ExpansionCode::ALL),
            open_todos: u32::try_from(facts.open_todos.len()).unwrap_or(u32::MAX),
            overdue_todos: u32::try_from(todos.overdue).unwrap_or(u32::MAX),
            snoozed_todos: u32::try_from(todos.snoozed).unwrap_or(u32::MAX),
            attention: attention.points,
            nps: NpsTally::of(facts, as_of, Window::ending(as_of, model.config.windows.nps)),
        }
    }

    /// Which components had data and the share of the weights they carry.
    #[must_use]
    pub fn coverage(&self) -> Coverage {
        Coverage { share: self.coverage, valued: self.components.map(|c| c.is_some()) }
    }

    /// "based on support and engagement only" when the health rests on less than half of the
    /// model's weight; `None` otherwise.
    #[must_use]
    pub fn thin_data(&self) -> Option<String> {
        self.coverage().reason(self.health.is_some())
    }

    /// Whether the health rests on less than half of the model's weight.
    #[must_use]
    pub fn is_thin(&self) -> bool {
        self.coverage().is_thin(self.health.is_some())
    }

    /// The risk signals, in the spec's order.
    #[must_use]
    pub fn signal_codes(&self) -> Vec<SignalCode> {
        self.signals.codes(SignalCode::ALL)
    }

    /// The expansion signals, in the spec's order.
    #[must_use]
    pub fn expansion_codes(&self) -> Vec<ExpansionCode> {
        self.expansion.codes(ExpansionCode::ALL)
    }
}
