//! Usage curves: an account's daily active users over the past year and the days it used each
//! product feature, from a few knobs (level now, trend, weekly rhythm, noise).
//!
//! The curves are calibrated so that the mean of the last 30 days is the planned utilization
//! whatever weekday the as-of date falls on, which is what keeps the stories on the right side of
//! the scoring thresholds. This module only fills buffers; it must not write to the store.

use chrono::{Datelike, NaiveDate, Weekday};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::shift;
use crate::domain::{FeatureDay, FeatureId, UsageDay};

/// The days of usage history of an account that has been a customer all year.
pub(super) const YEAR: i64 = 365;

/// The shape of an account's active users over time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Trend {
    /// A straight line reaching today's level from `year_ago` times it a year ago: below 1 a
    /// growing account, 1 a flat one, above 1 a declining one.
    Linear { year_ago: f64 },
    /// Steady at `before` times today's level until `days_ago`, then falling to today's level
    /// over `ramp` days: users quietly walking away.
    Cliff { days_ago: i64, ramp: i64, before: f64 },
    /// A new account: from a fifth of today's level on its first day to the full level after
    /// `ramp` days.
    RampUp { ramp: i64 },
}

/// Knobs of an account's daily usage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct UsageShape {
    /// Mean active users over the last 30 days, as a share of the licensed seats.
    pub now: f64,
    pub trend: Trend,
    /// A weekend day's activity as a share of a weekday's.
    pub weekend: f64,
    /// Day-to-day noise, as a fraction of the day's level (0.1 is ±10 %).
    pub noise: f64,
    /// Days of history before the as-of date: the first usage row is on `D - history`.
    pub history: i64,
}

impl UsageShape {
    /// The level `days_ago` days before the as-of date, 1.0 being today's.
    fn level(&self, days_ago: i64) -> f64 {
        let k = days_ago as f64;
        match self.trend {
            Trend::Linear { year_ago } => 1.0 + (year_ago - 1.0) * k / YEAR as f64,
            Trend::Cliff { days_ago: start, ramp, before } => {
                if days_ago >= start {
                    before
                } else if days_ago <= start - ramp {
                    1.0
                } else {
                    let into = (start - days_ago) as f64 / ramp.max(1) as f64;
                    before + (1.0 - before) * into
                }
            }
            Trend::RampUp { ramp } => {
                let since_first = (self.history - days_ago) as f64;
                (0.2 + 0.8 * since_first / ramp.max(1) as f64).min(1.0)
            }
        }
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Fills `out` with one row per day from `D - history` to `D` for an account with `seats`
/// licensed seats. `out` and `scratch` are cleared first, so one pair of buffers serves every
/// account.
pub(super) fn fill_usage(
    out: &mut Vec<UsageDay>,
    scratch: &mut Vec<f64>,
    shape: &UsageShape,
    seats: i64,
    as_of: NaiveDate,
    rng: &mut ChaCha8Rng,
) {
    out.clear();
    scratch.clear();
    let history = shape.history.clamp(0, YEAR - 1);
    for k in (0..=history).rev() {
        let rhythm = if is_weekend(shift(as_of, -k)) { shape.weekend } else { 1.0 };
        let jitter = 1.0 + shape.noise * (2.0 * rng.random::<f64>() - 1.0);
        scratch.push(shape.level(k) * rhythm * jitter);
    }
    // Scale the noisy curve so that its mean over the last 30 days is exactly the planned level:
    // the noise must not carry a story across a threshold.
    let recent = scratch.len().min(30);
    let recent_mean = scratch[scratch.len() - recent..].iter().sum::<f64>() / recent.max(1) as f64;
    let scale = if recent_mean > 0.0 { shape.now * seats as f64 / recent_mean } else { 0.0 };
    // Events per active user vary by account (how intensely the team works in the product).
    let per_user = rng.random_range(6.0..30.0);
    for (k, value) in (0..=history).rev().zip(scratch.iter()) {
        let users = (scale * value).round().max(0.0);
        let events = users * per_user * (0.7 + 0.6 * rng.random::<f64>());
        out.push(UsageDay {
            date: shift(as_of, -k),
            active_users: users as i64,
            events: Some(events.round() as i64),
        });
    }
}

/// Which features of the catalogue an account uses, and since when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FeatureShape {
    /// Features used in the last 30 days.
    pub now: usize,
    /// Features used at some point; those beyond `now` were dropped five to seven weeks ago,
    /// so they still count 30 days back but no longer today.
    pub before: usize,
}

/// The catalogue in order of popularity; an account adopts roughly in this order.
pub(super) const CATALOGUE: [&str; 8] =
    ["Dashboards", "Reports", "Alerts", "Workflows", "Integrations", "Mobile", "API", "SSO"];

/// Days of feature-level history: a year, like the daily usage.
pub(super) const FEATURE_DAYS: i64 = 365;

/// Fills `out` with the days an account used its features over the last [`FEATURE_DAYS`],
/// sorted by date then feature: one to three days a week for the account's three main
/// features, one or two for the others. Every feature in use has at least one day in each
/// week, so adoption over 30 days is exactly what the shape says.
pub(super) fn fill_features(
    out: &mut Vec<FeatureDay>,
    shape: FeatureShape,
    features: &[FeatureId],
    history: i64,
    as_of: NaiveDate,
    rng: &mut ChaCha8Rng,
) {
    out.clear();
    let history = history.clamp(0, FEATURE_DAYS - 1);
    let weeks = history / 7;
    // Popular features first, lightly shuffled: a random rank bonus of up to three places.
    let mut order: Vec<(usize, usize)> =
        (0..features.len()).map(|i| (i + rng.random_range(0..4usize), i)).collect();
    order.sort_unstable();
    let used = shape.before.max(shape.now).min(features.len());
    for (position, &(_, index)) in order.iter().take(used).enumerate() {
        // The first two features come with the contract; later ones are adopted along the way,
        // at the latest six weeks ago so that both recent windows see them.
        let first_week =
            if position < 2 || weeks <= 6 { weeks } else { rng.random_range(6..=weeks) };
        let last_week = if position < shape.now { 0 } else { rng.random_range(5..=7) };
        for week in last_week..=first_week.max(last_week) {
            let mut offsets = [0i64, 1, 2, 3, 4, 5, 6];
            let days = rng.random_range(1..=if position < 3 { 3 } else { 2 });
            for slot in 0..days {
                let other = rng.random_range(slot..offsets.len());
                offsets.swap(slot, other);
                let days_ago = week * 7 + offsets[slot];
                if days_ago > history {
                    continue;
                }
                out.push(FeatureDay {
                    date: shift(as_of, -days_ago),
                    feature: features[index],
                    events: Some(rng.random_range(1..40)),
                });
            }
        }
    }
    out.sort_unstable_by_key(|day| (day.date, day.feature));
}
