//! `update`'s part for the model check view: the backtest of the health model it shows, asked
//! for as an effect when the view opens (the first backtest of a book scores every past renewal:
//! seconds on a large book, run beside the screen), kept per lead, and made stale by an edit or
//! a book read again. It steps what [`model`] holds; it must not run the backtest itself (but
//! through [`run`], for the event loop), start threads or draw.

pub mod model;

use chrono::NaiveDate;

pub use model::{CHECKING, Checked, LEADS};

use super::ids::View;
use super::msg::Effect;
use super::state::AppState;
use crate::config::Config;
use crate::outcomes::backtest_at;
use crate::store::Store;

/// Opens the model check at its lead (the configured one the first time); a failure is tried
/// again.
pub fn show(state: &mut AppState, config: &Config) {
    let check = &mut state.model_check;
    check.lead = Some(check.lead(config.outcomes.lead_days));
    check.failed = None;
    state.show(View::ModelCheck);
}

/// The next lead of [`LEADS`] (the first after a lead not in it).
pub fn cycle_lead(state: &mut AppState, config: &Config) {
    if state.view != View::ModelCheck {
        return;
    }
    let check = &mut state.model_check;
    let now = check.lead(config.outcomes.lead_days);
    let next = LEADS.iter().position(|&l| l == now).map_or(LEADS[0], |i| LEADS[(i + 1) % 3]);
    check.lead = Some(next);
    check.failed = None;
    state.status = format!("model check: health {next} days before each renewal");
}

/// The backtest to run now, if any: the view is open and its lead has no result, none runs and
/// none failed. Saying yes marks it running.
pub fn wanted(state: &mut AppState, config: &Config) -> Option<Effect> {
    let check = &mut state.model_check;
    let lead = check.lead(config.outcomes.lead_days);
    if state.view != View::ModelCheck
        || check.running.is_some()
        || check.failed.is_some()
        || check.results.contains_key(&lead)
    {
        return None;
    }
    check.running = Some(lead);
    if state.status.is_empty() {
        state.status = CHECKING.to_owned();
    }
    Some(Effect::CheckModel { lead, generation: check.generation })
}

/// Takes in a finished backtest: kept when its history is still current (else dropped, and
/// [`wanted`] asks again).
pub fn checked(state: &mut AppState, done: Checked) {
    let check = &mut state.model_check;
    check.running = None;
    if state.status == CHECKING {
        state.status.clear();
    }
    if done.generation != check.generation {
        return;
    }
    match done.result {
        Ok(backtest) => {
            check.results.insert(done.lead, *backtest);
        }
        Err(why) => {
            state.status = format!("the model check failed: {why}");
            check.failed = Some(why);
        }
    }
}

/// Runs the backtest a [`Effect::CheckModel`] asks for on `store`.
pub fn run(
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
    lead: u32,
    generation: u64,
) -> Checked {
    let result = backtest_at(store, config, as_of, Some(lead)).map(Box::new);
    Checked { lead, generation, result: result.map_err(|e| e.to_string()) }
}

#[cfg(test)]
mod tests;
