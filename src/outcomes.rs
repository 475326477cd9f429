//! Renewal outcomes (SPEC 12): retention over calendar quarters, the band rates calibrated on the
//! book's own history, the forecast of the renewals ahead with its range, and the backtest of the
//! health model against what happened.
//!
//! Everything but [`history`] and [`stored`] is a pure computation over renewal records, the
//! accounts' bands and their health at past dates: no store, no clock, no text. [`history`]
//! reads the store to score accounts at many past dates at once, and [`stored`] runs each
//! computation over a stored book as the command line and the workspace do; [`json`] is the JSON contract
//! of SPEC 12, written from the computations' values. Text belongs to the command line and the
//! workspace.

pub mod auc;
pub mod backtest;
pub mod distribution;
pub mod forecast;
pub mod history;
pub mod json;
pub mod plain_words;
pub mod rates;
pub mod retention;
pub mod stored;

pub use backtest::{Backtest, BacktestRow, BandRow, Interval, SignalLift, backtest};
pub use forecast::{Call, Forecast, ForecastRow, OpenRenewal, forecast};
pub use history::{PastHealth, Probe, backtest_rows, health_at, learnt_rates};
pub use rates::{BandCount, BandRates};
pub use retention::{Period, Retention, default_periods, retention};
pub use stored::{backtest_at, forecast_at, forecast_of, open_renewals, retention_at};

/// A share as a fraction, `None` when there is nothing to share (`of` is 0).
#[must_use]
#[allow(clippy::cast_precision_loss)] // counts of records stay far below 2^53
pub fn share(part: u64, of: u64) -> Option<f64> {
    (of > 0).then(|| part as f64 / of as f64)
}
