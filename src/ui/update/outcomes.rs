//! `update`'s part for the figures of renewal outcomes the views show: the portfolio's
//! retention, read when the portfolio is on screen and read again after an edit or a book read
//! again, and the model check's backtest, asked for as an effect (see [`model_check`]). It reads
//! the store only for retention (a sum over the renewal records); it must not draw.

use super::super::ids::View;
use super::super::load::load_retention;
use super::super::model_check;
use super::super::msg::Effect;
use super::super::state::AppState;
use crate::config::Config;
use crate::store::{Store, StoreResult};

/// After a message: an edit (`edited`) may have changed the renewal history, so what was
/// computed from it is dropped; the portfolio on screen reads its retention, and the model check
/// on screen asks for its backtest when it has none.
///
/// # Errors
/// The store could not be read.
pub fn after(
    state: &mut AppState,
    store: &Store,
    config: &Config,
    edited: bool,
) -> StoreResult<Option<Effect>> {
    if edited {
        state.model_check.stale();
        state.book.retention = None;
    }
    if state.view == View::Portfolio && state.book.retention.is_none() {
        load_retention(state, store)?;
    }
    Ok(model_check::wanted(state, config))
}
