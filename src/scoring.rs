//! The scoring engine (SPEC 4): pure functions from an account's facts, an as-of date and the
//! model to its health, band, trend, signals, renewal and expansion, each explainable.
//!
//! No I/O and no clock: the as-of date is always an argument, so every number is reproducible.

mod attention;
mod book;
mod components;
mod coverage;
mod explain;
mod health;
mod model;
mod nps;
mod renewal;
mod rounding;
mod signals;
mod summary;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

pub use crate::domain::{Window, back};
pub use attention::{Attention, AttentionReason, AttentionSource, overdue_todos};
pub use book::{BandTotals, BookMetrics, RenewalBucket};
pub use components::{Adoption, Components, Engagement, Support, Usage, mean_active_users};
pub use coverage::{Coverage, THIN_BELOW};
pub use explain::{BandDrop, BandLift, ComponentKind, DropOutcome, Explanation, LiftOutcome};
pub use health::{Band, Health};
pub use model::{KeyFeatures, Model};
pub use nps::NpsTally;
pub use renewal::{Renewal, RenewalPhase};
pub use rounding::{round_half_away, round_to_hundredth, round_to_int, round_to_tenth, tenths};
pub use signals::{ExpansionCode, Signal, SignalCode};
pub use summary::{AccountSummary, CodeSet};

use crate::config::ScoringConfig;
use crate::domain::{AccountFacts, AccountId, FactsRequest};

/// How much history a score needs: the report needs today and the trend date; the workspace also
/// draws the weekly sparkline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Health now and `delta_30`.
    Report,
    /// Also the weekly sparkline.
    WithSparkline,
}

/// The dates the engine evaluates health at: the as-of date, the trend date, and (with the
/// sparkline) every week back, newest first.
fn evaluation_dates(as_of: NaiveDate, config: &ScoringConfig, depth: Depth) -> Vec<NaiveDate> {
    let w = config.windows;
    let mut dates = vec![as_of, back(as_of, i64::from(w.trend))];
    if depth == Depth::WithSparkline {
        dates.extend((1..i64::from(w.sparkline_weeks)).map(|week| back(as_of, 7 * week)));
    }
    dates.sort_unstable_by(|a, b| b.cmp(a));
    dates.dedup();
    dates
}

/// What the store must load to score at `as_of` with `depth`: the recent window of every
/// evaluation date and the previous window of usage_drop, and how far back tickets, touches and
/// NPS answers matter.
#[must_use]
pub fn facts_request(as_of: NaiveDate, config: &ScoringConfig, depth: Depth) -> FactsRequest {
    let w = config.windows;
    let dates = evaluation_dates(as_of, config, depth);
    let oldest = dates.iter().copied().min().unwrap_or(as_of);
    let mut windows: Vec<Window> = dates.iter().map(|&d| Window::ending(d, w.recent)).collect();
    windows.push(Window::ending(back(as_of, i64::from(w.recent)), w.recent));
    windows.sort_unstable();
    windows.dedup();
    FactsRequest {
        as_of,
        windows,
        touches_from: back(oldest, i64::from(w.engagement) - 1)
            .min(back(as_of, i64::from(w.gone_dark) - 1)),
        tickets_from: back(oldest, i64::from(w.support) - 1),
        open_tickets_from: oldest,
        nps_from: back(as_of, i64::from(w.nps) - 1),
    }
}

/// Everything the engine says about one account at one date.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountScore {
    pub account_id: AccountId,
    pub as_of: NaiveDate,
    pub components: Components,
    pub health: Health,
    /// The share of the model's weights whose component had data (beside the health, not in it).
    pub coverage: Coverage,
    /// Integer health now minus integer health `trend` days before; `None` if either is unscored.
    pub delta: Option<i64>,
    /// Integer health `trend` days before.
    pub previous_health: Option<i64>,
    /// Weekly integer health, oldest first, ending at the as-of date (empty at `Depth::Report`).
    pub sparkline: Vec<Option<i64>>,
    pub signals: Vec<Signal<SignalCode>>,
    pub expansion: Vec<Signal<ExpansionCode>>,
    pub renewal: Option<Renewal>,
}

impl AccountScore {
    /// Whether the risk signal `code` fired.
    #[must_use]
    pub fn has_signal(&self, code: SignalCode) -> bool {
        self.signals.iter().any(|s| s.code == code)
    }

    /// "based on support and engagement only" when the health rests on less than half of the
    /// model's weight; `None` otherwise.
    #[must_use]
    pub fn thin_data(&self) -> Option<String> {
        self.coverage.reason(self.health.value.is_some())
    }
}

/// Scores one account at `as_of`. `facts` must cover [`facts_request`] for `as_of` and `depth`.
#[must_use]
pub fn score_account(
    facts: &AccountFacts,
    model: &Model<'_>,
    as_of: NaiveDate,
    depth: Depth,
) -> AccountScore {
    let health_at = |date| Health::of(&Components::at(facts, model, date), model).value;
    let components = Components::at(facts, model, as_of);
    let health = Health::of(&components, model);
    let coverage = Coverage::of(&components, model);
    let previous_health = health_at(back(as_of, i64::from(model.config.windows.trend)));
    let delta = health.value.zip(previous_health).map(|(now, then)| now - then);
    let sparkline = match depth {
        Depth::Report => Vec::new(),
        Depth::WithSparkline => (0..i64::from(model.config.windows.sparkline_weeks))
            .rev()
            .map(|week| if week == 0 { health.value } else { health_at(back(as_of, 7 * week)) })
            .collect(),
    };
    let renewal = facts.account.renewal_date.map(|date| Renewal::new(date, as_of));
    let inputs =
        signals::SignalInputs { components: &components, health, delta, previous_health, renewal };
    let signals = signals::risk_signals(facts, model, as_of, &inputs);
    let expansion = signals::expansion_signals(facts, model, &components, health.band);
    AccountScore {
        account_id: facts.account.id,
        as_of,
        components,
        health,
        coverage,
        delta,
        previous_health,
        sparkline,
        signals,
        expansion,
        renewal,
    }
}
