//! `update`'s part for the forecast view: opening it asks for its inputs to be read beside the
//! screen (the first read of a big book's history takes seconds), taking them in makes the
//! figures, the horizon key makes them again, and the call key opens the picker. The figures are
//! made here from kept inputs with the pure forecast, never while drawing. It must not start
//! threads itself (it asks for the read as an effect) nor draw.

use crate::config::Config;
use crate::store::{Store, StoreResult};
use crate::ui::editing;
use crate::ui::forecasting::{ForecastInputs, settle};
use crate::ui::load::refresh;
use crate::ui::msg::{Effect, Effects};
use crate::ui::state::{AppState, View};

/// Shows the forecast view: its inputs are read beside the screen the first time (or after the
/// book was read again), else the figures are made again with the calls as stored now.
///
/// # Errors
/// The store could not be read.
pub fn show(state: &mut AppState, store: &Store, config: &Config) -> StoreResult<Effects> {
    state.show(View::Forecast);
    if state.forecast.inputs.is_none() || state.forecast.stale {
        return Ok(load(state));
    }
    settle(&mut state.forecast, &state.book.scored, store, config)?;
    Ok(Effects::new())
}

/// Asks for the inputs to be read, unless a read is under way.
fn load(state: &mut AppState) -> Effects {
    if state.forecast.loading {
        return Effects::new();
    }
    state.forecast.loading = true;
    state.forecast.failed = None;
    if state.forecast.inputs.is_none() {
        state.status = "learning the renewal rates from the book's history…".to_owned();
    }
    vec![Effect::LoadForecast]
}

/// Takes in the inputs read beside the screen (or why they could not be) and makes the figures.
///
/// # Errors
/// The store could not be read (the calls).
pub fn loaded(
    state: &mut AppState,
    store: &Store,
    config: &Config,
    inputs: Result<Box<ForecastInputs>, String>,
) -> StoreResult<Effects> {
    let session = &mut state.forecast;
    session.loading = false;
    match inputs {
        Ok(inputs) => {
            session.inputs = Some(*inputs);
            session.stale = false;
            session.recompute(&state.book.scored, store.forecast_calls()?, config, true);
            if state.status.starts_with("learning the renewal rates") {
                state.status = "forecast ready".to_owned();
            }
        }
        Err(why) => {
            state.status = format!("the forecast could not be made: {why}");
            session.failed = Some(why);
        }
    }
    Ok(Effects::new())
}

/// The other horizon: the configured one or 12 months.
pub fn toggle_horizon(state: &mut AppState, config: &Config) {
    let session = &mut state.forecast;
    session.year = !session.year;
    let calls = session.calls.values().copied().collect();
    session.recompute(&state.book.scored, calls, config, true);
    state.status = format!("renewals due within {} days", session.horizon(config));
}

/// Opens the picker of the picked renewal's call.
///
/// # Errors
/// The store could not be read (the call as stored now).
pub fn call(state: &mut AppState, store: &Store) -> StoreResult<()> {
    if state.view == View::Forecast {
        editing::open_call(state, store)?;
    }
    Ok(())
}

/// Reads the book again; in the forecast view its inputs are read again too.
///
/// # Errors
/// The store could not be read.
pub fn refreshed(state: &mut AppState, store: &mut Store, config: &Config) -> StoreResult<Effects> {
    refresh(state, store, config)?;
    if state.view == View::Forecast {
        let status = std::mem::take(&mut state.status);
        let effects = load(state);
        state.status = status;
        return Ok(effects);
    }
    Ok(Effects::new())
}
