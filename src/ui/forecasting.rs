//! The forecast view's session: the inputs read from the store once (the band rates learnt from
//! the book's history, which can take seconds on a big book the first time, and the accounts
//! churned by the workspace's date), the CSMs' calls as last read, and the figures made from
//! them with the pure [`forecast`] each time the calls, the book or the horizon change. Reading
//! the inputs runs beside the screen (see `app`); everything else here is cheap and runs in
//! `update`. It must not draw.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::book::ScoredBook;
use crate::config::Config;
use crate::domain::{AccountId, churned_at};
use crate::outcomes::distribution::{SIMULATIONS, simulated_sums};
use crate::outcomes::{
    BandRates, Call, Forecast, OpenRenewal, forecast, learnt_rates, open_renewals,
};
use crate::store::{Store, StoreResult, StoredCall};

/// The horizon the view's other setting shows: 12 months.
pub const YEAR_DAYS: u32 = 365;

/// What the forecast needs from the store besides the book and the calls: read once when the
/// view opens (and again on a refresh), on a connection of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastInputs {
    pub rates: BandRates,
    pub churned: BTreeSet<AccountId>,
}

/// Reads the forecast's inputs at `as_of` (the band rates learn from the past renewals' health,
/// scored once and cached).
///
/// # Errors
/// The store could not be read.
pub fn read_inputs(
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
) -> StoreResult<ForecastInputs> {
    let records = store.renewal_records_at(as_of)?;
    let rates = learnt_rates(store, config, &records, as_of)?;
    Ok(ForecastInputs { rates, churned: churned_at(&records, as_of) })
}

/// [`read_inputs`] as the view takes it in: boxed, or why not in words (beside the loop, a panic
/// in the read is told as a failure by the thread that runs it).
pub fn read(
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
) -> Result<Box<ForecastInputs>, String> {
    read_inputs(store, config, as_of).map(Box::new).map_err(|e| e.to_string())
}

/// The forecast view's state.
#[derive(Debug, Default)]
pub struct ForecastSession {
    /// The inputs, once read.
    pub inputs: Option<ForecastInputs>,
    /// They are being read beside the screen.
    pub loading: bool,
    /// The book was read again since: they are read again when the view opens.
    pub stale: bool,
    /// Why they could not be read, when they could not.
    pub failed: Option<String>,
    /// The view shows 12 months rather than the configured horizon.
    pub year: bool,
    /// The CSMs' calls as last read, by account.
    pub calls: BTreeMap<AccountId, StoredCall>,
    /// The open renewals of the book on screen the figures were made from.
    pub open: Vec<OpenRenewal>,
    /// The figures, made from the inputs, the calls and the book.
    pub figures: Option<Forecast>,
    /// The renewal the view points at (the first when none or gone).
    pub pick: Option<AccountId>,
    /// A picture of the distribution of renewed ARR: buckets of equal width (their lowest and
    /// highest sums) with the share of seeded draws in each.
    pub spread: Vec<(i64, i64, f64)>,
}

impl ForecastSession {
    /// The horizon in days the view shows.
    #[must_use]
    pub fn horizon(&self, config: &Config) -> u32 {
        if self.year { YEAR_DAYS } else { config.outcomes.horizon_days }
    }

    /// The calls as the forecast takes them.
    #[must_use]
    pub fn call_map(&self) -> BTreeMap<AccountId, Call> {
        self.calls.iter().map(|(id, c)| (*id, c.call)).collect()
    }

    /// Makes the figures again from the kept inputs, `calls` and `book`, when any of them
    /// changed (or `force`); whether they were made again. Nothing without inputs.
    pub fn recompute(
        &mut self,
        book: &ScoredBook,
        calls: Vec<StoredCall>,
        config: &Config,
        force: bool,
    ) -> bool {
        let Some(inputs) = &self.inputs else { return false };
        let calls: BTreeMap<AccountId, StoredCall> =
            calls.into_iter().map(|c| (c.account_id, c)).collect();
        let open = open_renewals(book, &inputs.churned);
        if !force && self.figures.is_some() && calls == self.calls && open == self.open {
            return false;
        }
        self.calls = calls;
        self.open = open;
        let horizon = i64::from(self.horizon(config));
        let figures = forecast(
            book.as_of,
            horizon,
            &self.open,
            &inputs.rates,
            &self.call_map(),
            config.outcomes.seed,
        );
        self.spread = spread(&figures, config.outcomes.seed);
        self.figures = Some(figures);
        true
    }

    /// The renewal the view points at: the picked one, or the first.
    #[must_use]
    pub fn picked(&self) -> Option<AccountId> {
        let rows = &self.figures.as_ref()?.renewals;
        rows.iter()
            .find(|r| Some(r.account_id) == self.pick)
            .or_else(|| rows.first())
            .map(|r| r.account_id)
    }

    /// Moves the pick by `delta` renewals, within the list.
    pub fn move_pick(&mut self, delta: isize) {
        let Some(figures) = &self.figures else { return };
        let rows = &figures.renewals;
        let at = rows.iter().position(|r| Some(r.account_id) == self.pick).unwrap_or(0);
        let to = at.saturating_add_signed(delta).min(rows.len().saturating_sub(1));
        self.pick = rows.get(to).map(|r| r.account_id);
    }
}

/// How many buckets the picture of the distribution has.
const BUCKETS: usize = 8;

/// The distribution of `f`'s renewed ARR in [`BUCKETS`] buckets of equal width, from seeded
/// draws (the figures themselves come from the forecast, exact where it could be).
#[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn spread(f: &Forecast, seed: u64) -> Vec<(i64, i64, f64)> {
    let weighted: Vec<(i64, f64)> = f.renewals.iter().map(|r| (r.arr_cents, r.p)).collect();
    if weighted.is_empty() {
        return Vec::new();
    }
    let draws = simulated_sums(&weighted, seed, SIMULATIONS);
    let (low, high) = (draws[0], draws[draws.len() - 1]);
    let width = ((high - low) as f64 / BUCKETS as f64).max(1.0);
    let mut counts = [0_usize; BUCKETS];
    for sum in &draws {
        let at = (((sum - low) as f64 / width) as usize).min(BUCKETS - 1);
        counts[at] += 1;
    }
    let buckets = if high == low { 1 } else { BUCKETS };
    (0..buckets)
        .map(|i| {
            let from = low + (width * i as f64) as i64;
            let to = if i + 1 == buckets { high } else { low + (width * (i + 1) as f64) as i64 };
            (from, to, counts[i] as f64 / draws.len() as f64)
        })
        .collect()
}

/// Re-reads the calls and makes the figures again when they or the book changed, after an edit,
/// an undo or a book read again: the calls are a small table, the rest is kept.
///
/// # Errors
/// The store could not be read.
pub fn settle(
    session: &mut ForecastSession,
    book: &ScoredBook,
    store: &Store,
    config: &Config,
) -> StoreResult<()> {
    if session.inputs.is_some() {
        session.recompute(book, store.forecast_calls()?, config, false);
    }
    Ok(())
}
