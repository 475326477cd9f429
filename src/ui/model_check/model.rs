//! What the model check holds between messages: the backtests of the current history by lead,
//! what runs, what failed, and a finished backtest on its way to `update`. Plain state that the
//! workspace's state and messages name; the steps that change it are `model_check`'s, and this
//! module must not reach the store, the update loop or the screen.

use std::collections::BTreeMap;

use crate::outcomes::Backtest;

/// The leads the lead key cycles through, in days.
pub const LEADS: [u32; 3] = [90, 60, 120];

/// The status line while the backtest runs.
pub const CHECKING: &str = "checking the health model against every past renewal…";

/// A finished backtest, for `update` to take in.
#[derive(Debug)]
pub struct Checked {
    pub lead: u32,
    /// The generation of the history it was asked for: a result for an older one is dropped.
    pub generation: u64,
    pub result: Result<Box<Backtest>, String>,
}

/// The model check's results and what runs.
#[derive(Debug, Default)]
pub struct ModelCheck {
    /// The lead shown; `None` until chosen, the configured lead.
    pub lead: Option<u32>,
    /// The backtests of the current history, by lead.
    pub results: BTreeMap<u32, Backtest>,
    /// The lead of the backtest running beside the screen.
    pub running: Option<u32>,
    /// Why the last backtest failed, until the view opens again.
    pub failed: Option<String>,
    /// Bumped whenever the history may have changed (an edit, a book read again).
    pub generation: u64,
}

impl ModelCheck {
    /// The lead shown, the configured one until another is chosen.
    #[must_use]
    pub fn lead(&self, config_lead: u32) -> u32 {
        self.lead.unwrap_or(config_lead)
    }

    /// The backtest of `lead`, once computed.
    #[must_use]
    pub fn result(&self, lead: u32) -> Option<&Backtest> {
        self.results.get(&lead)
    }

    /// The history may have changed: every result is dropped (the view computes again).
    pub fn stale(&mut self) {
        self.generation += 1;
        self.results.clear();
    }
}
