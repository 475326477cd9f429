//! Retention, the forecast and the backtest of a stored book at one date, as the command line
//! and the workspace's views run them: the renewal history known at the date, the accounts
//! churned by then left out of the forecast, the band rates learnt from the history. The views
//! call these from their update, never while drawing (the first backtest of a book scores every
//! past renewal). It must not format anything.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::backtest::{Backtest, backtest};
use super::forecast::{Call, Forecast, OpenRenewal, forecast};
use super::history::{backtest_rows, learnt_rates};
use super::retention::{Retention, default_periods, retention};
use crate::book::ScoredBook;
use crate::config::Config;
use crate::domain::{AccountId, churned_at};
use crate::store::{Store, StoreResult};

/// Retention over the default periods at `as_of` (the last four full quarters and their span),
/// for the book and each segment.
///
/// # Errors
/// The store could not be read.
pub fn retention_at(store: &Store, as_of: NaiveDate) -> StoreResult<Vec<Retention>> {
    store.snapshot(|store| {
        let records = store.renewal_records_at(as_of)?;
        let accounts = store.accounts()?;
        let segment_of = |id: AccountId| {
            accounts.binary_search_by_key(&id, |a| a.id).ok().and_then(|i| accounts[i].segment)
        };
        Ok(retention(&records, segment_of, as_of, &default_periods(as_of)))
    })
}

/// The open renewals of `book`: its accounts with a renewal date, but those in `churned`, each
/// with its band at the book's date.
#[must_use]
pub fn open_renewals(
    book: &ScoredBook,
    churned: &std::collections::BTreeSet<AccountId>,
) -> Vec<OpenRenewal> {
    book.accounts
        .iter()
        .filter(|e| !churned.contains(&e.account.id))
        .filter_map(|e| {
            Some(OpenRenewal {
                account_id: e.account.id,
                due: e.account.renewal_date?,
                arr_cents: e.account.arr_cents,
                band: e.summary.band,
            })
        })
        .collect()
}

/// The forecast of `book` (scored at the forecast's date) over `horizon_days` (the configured
/// horizon without), with the CSMs' `calls`. The band rates are learnt from the history known at
/// the book's date, through the past-health cache (written back when the book can be written).
///
/// # Errors
/// The store could not be read.
pub fn forecast_of(
    store: &mut Store,
    config: &Config,
    book: &ScoredBook,
    horizon_days: Option<u32>,
    calls: &BTreeMap<AccountId, Call>,
) -> StoreResult<Forecast> {
    let as_of = book.as_of;
    let records = store.renewal_records_at(as_of)?;
    let rates = learnt_rates(store, config, &records, as_of)?;
    let open = open_renewals(book, &churned_at(&records, as_of));
    let horizon = i64::from(horizon_days.unwrap_or(config.outcomes.horizon_days));
    Ok(forecast(as_of, horizon, &open, &rates, calls, config.outcomes.seed))
}

/// The book scored at `as_of` and its forecast over `horizon_days` (the configured horizon
/// without), with the CSMs' `calls`: [`forecast_of`], with the history and its band rates read
/// on a second connection while this one loads the book (each is about half the work), where
/// the book is a file another connection can open.
///
/// # Errors
/// The store could not be read.
pub fn forecast_at(
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
    horizon_days: Option<u32>,
    calls: &BTreeMap<AccountId, Call>,
) -> StoreResult<(ScoredBook, Forecast)> {
    let Some(mut other) = store.handle().and_then(|book| book.open().ok()) else {
        let book = ScoredBook::load(store, config, as_of)?;
        let forecast = forecast_of(store, config, &book, horizon_days, calls)?;
        return Ok((book, forecast));
    };
    let (book, history) = std::thread::scope(|scope| {
        let history = scope.spawn(move || {
            let records = other.renewal_records_at(as_of)?;
            let rates = learnt_rates(&mut other, config, &records, as_of)?;
            Ok::<_, crate::store::StoreError>((records, rates))
        });
        let book = ScoredBook::load(store, config, as_of);
        // A panic there is a bug like one here: it goes on unwinding, not turned into an error.
        let history = history.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (book, history)
    });
    let (book, (records, rates)) = (book?, history?);
    let open = open_renewals(&book, &churned_at(&records, as_of));
    let horizon = i64::from(horizon_days.unwrap_or(config.outcomes.horizon_days));
    let forecast = forecast(as_of, horizon, &open, &rates, calls, config.outcomes.seed);
    Ok((book, forecast))
}

/// The backtest at `as_of` with a lead of `lead_days` (the configured lead without), over the
/// history known at `as_of`.
///
/// # Errors
/// The store could not be read.
pub fn backtest_at(
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
    lead_days: Option<u32>,
) -> StoreResult<Backtest> {
    let lead = lead_days.unwrap_or(config.outcomes.lead_days);
    let records = store.renewal_records_at(as_of)?;
    let rows = backtest_rows(store, config, &records, as_of, lead)?;
    Ok(backtest(rows, lead, &config.outcomes))
}
