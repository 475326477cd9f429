//! `csm forecast`: the renewals due within the horizon with the probability of each (its band's
//! rate, learnt from the book's history, or a CSM's call), the expected renewed ARR, its range
//! and the saves that move it most (SPEC 12), as text or JSON. A read: it writes nothing but the
//! caches of scores, and must not compute a figure itself (see [`crate::outcomes`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::CliError;
use crate::config::Config;
use crate::domain::{Account, AccountId};
use crate::format::money;
use crate::outcomes::backtest::BANDS;
use crate::outcomes::{Call, Forecast, forecast_at, json};
use crate::scoring::tenths;
use crate::store::Store;

/// How many saves the text lists.
const SAVES_SHOWN: usize = 5;

/// `csm forecast` at `as_of` over `horizon` days (the configured one without), with the CSMs'
/// stored calls overriding the model.
pub(super) fn run(
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
    horizon: Option<u32>,
    as_json: bool,
) -> Result<String, CliError> {
    let calls: BTreeMap<AccountId, Call> =
        store.forecast_calls()?.into_iter().map(|c| (c.account_id, c.call)).collect();
    let (book, f) = forecast_at(store, config, as_of, horizon, &calls)?;
    if as_json {
        return Ok(json::forecast(&f));
    }
    let names = |id: AccountId| {
        book.accounts
            .binary_search_by_key(&id, |e| e.account.id)
            .ok()
            .map(|i| &book.accounts[i].account)
    };
    Ok(text(&f, names, &config.book.currency, config.outcomes.lead_days))
}

/// A call as the text shows it: its word, or its share as a percentage.
pub(super) fn call_text(call: Call) -> String {
    call.code().map_or_else(|| share_text(call.probability()), str::to_owned)
}

/// A probability as a percentage to one decimal.
pub(super) fn share_text(p: f64) -> String {
    format!("{} %", tenths(100.0 * p))
}

fn text<'a>(
    f: &Forecast,
    account: impl Fn(AccountId) -> Option<&'a Account>,
    currency: &str,
    lead: u32,
) -> String {
    let name = |id: AccountId| account(id).map_or_else(|| format!("#{id}"), |a| a.name.clone());
    let mut out = format!(
        "Renewal forecast as of {}: renewals due within {} days\n\n",
        f.as_of, f.horizon_days
    );
    let _ = writeln!(out, "Renewal rate by band (health {lead} days before each past renewal):");
    for band in BANDS {
        let count = f.rates.count(band);
        let basis = if f.rates.from_prior(band) {
            "no history: the prior".to_owned()
        } else {
            format!("{} of {} renewed", count.renewed, count.count)
        };
        let _ =
            writeln!(out, "  {:<9} {:>7}  ({basis})", band.word(), share_text(f.rates.rate(band)));
    }
    if f.renewals.is_empty() {
        out.push_str("\nNo renewal is due in the horizon.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "\n{:<10}  {:<28} {:>14}  {:<9} {:>7}  {:<8} {:>7}",
        "Due", "Account", "ARR", "Band", "Model", "Call", "p"
    );
    for r in &f.renewals {
        let call = r.call.map_or_else(String::new, call_text);
        let _ = writeln!(
            out,
            "{:<10}  {:<28} {:>14}  {:<9} {:>7}  {:<8} {:>7}",
            r.due,
            crate::format::clip(&name(r.account_id), 28),
            money(r.arr_cents, currency),
            r.band.word(),
            share_text(r.model_p),
            call,
            share_text(r.p),
        );
    }
    let called = f.renewals.iter().filter(|r| r.call.is_some()).count();
    if called > 0 {
        let _ = writeln!(
            out,
            "\n{called} of these renewals are called by a CSM: the call overrides the model."
        );
    }
    let _ = writeln!(out, "\nARR up for renewal   {}", money(f.arr_up_cents, currency));
    let _ = writeln!(out, "Expected renewed     {}", money(f.expected_cents, currency));
    let _ = writeln!(
        out,
        "P10 / P50 / P90      {} / {} / {}",
        money(f.p10_cents, currency),
        money(f.p50_cents, currency),
        money(f.p90_cents, currency)
    );
    if !f.saves.is_empty() {
        out.push_str("\nSaves that move it most (ARR at stake = (1 - p) x ARR):\n");
        for (i, id) in f.saves.iter().take(SAVES_SHOWN).enumerate() {
            if let Some(r) = f.renewals.iter().find(|r| r.account_id == *id) {
                #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
                let stake =
                    crate::scoring::round_half_away((1.0 - r.p) * r.arr_cents as f64) as i64;
                let _ = writeln!(
                    out,
                    "  {}. {}: {} at stake (p {}, due {})",
                    i + 1,
                    name(*id),
                    money(stake, currency),
                    share_text(r.p),
                    r.due
                );
            }
        }
    }
    out
}
