//! `csm backtest`: does the health score predict churn on this book? Every renewal record with
//! the health its account had a lead before the due date, and the figures of SPEC 12 (AUC with
//! its interval, leave-one-out Brier, churn by band, each component's AUC, each signal's lift),
//! as text or JSON with the rows. A read: it writes nothing but the caches of scores, and must
//! not compute a figure itself (see [`crate::outcomes`]).

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::CliError;
use super::forecast::share_text;
use crate::config::Config;
use crate::format::thousands;
use crate::outcomes::backtest::THIN_BELOW;
use crate::outcomes::plain_words::plain_words;
use crate::outcomes::{Backtest, backtest_at, json};
use crate::scoring::round_to_hundredth;
use crate::store::Store;

/// `csm backtest` at `as_of` with `lead` days (the configured lead without).
pub(super) fn run(
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
    lead: Option<u32>,
    as_json: bool,
) -> Result<String, CliError> {
    let b = backtest_at(store, config, as_of, lead)?;
    Ok(if as_json { json::backtest(as_of, &b) } else { text(as_of, &b) })
}

fn maybe(value: Option<f64>, show: impl Fn(f64) -> String) -> String {
    value.map_or_else(|| "—".to_owned(), show)
}

/// An AUC to two decimals.
fn auc_text(value: f64) -> String {
    format!("{:.2}", round_to_hundredth(value))
}

fn text(as_of: NaiveDate, b: &Backtest) -> String {
    let mut out = format!(
        "Backtest of the health model as of {as_of}: health {} days before each renewal, \
         from the facts of that day\n\n",
        b.lead_days
    );
    let _ = writeln!(
        out,
        "Renewals {}, churned {} (churn rate {})",
        thousands(b.count),
        thousands(b.churned),
        maybe(b.churn_rate, share_text)
    );
    if b.thin() {
        let _ = writeln!(
            out,
            "The history is too thin to judge the model: {} renewal records, at least {THIN_BELOW} \
             are needed. Here is what there is.",
            b.count
        );
    }
    let auc = match (b.auc.value, b.auc.low, b.auc.high) {
        (Some(v), Some(lo), Some(hi)) => {
            format!("{} (95 % interval {} to {})", auc_text(v), auc_text(lo), auc_text(hi))
        }
        (Some(v), ..) => {
            format!("{} (no interval with fewer than two of each outcome)", auc_text(v))
        }
        (None, ..) => "— (it needs both churned and renewed records with a health)".to_owned(),
    };
    let _ = writeln!(out, "AUC of 100 - health: {auc}");
    let _ = writeln!(
        out,
        "Brier score of the band rates (each record left out of its own): {}",
        maybe(b.brier, |v| format!("{v:.3}"))
    );

    let _ = writeln!(
        out,
        "\n{:<10} {:>8} {:>8} {:>11} {:>13}",
        "Band", "Records", "Churned", "Churn rate", "Renewal rate"
    );
    for band in &b.bands {
        let rate = if band.from_prior {
            format!("{} (prior)", share_text(band.calibrated))
        } else {
            share_text(band.calibrated)
        };
        let _ = writeln!(
            out,
            "{:<10} {:>8} {:>8} {:>11} {:>13}",
            band.band.word(),
            thousands(band.count),
            thousands(band.churned),
            maybe(band.rate, share_text),
            rate
        );
    }
    if b.bands.iter().any(|band| band.from_prior) {
        out.push_str(
            "A band without history uses its prior renewal rate from the configuration.\n",
        );
    }

    out.push_str("\nEach component alone (AUC of 100 - component, records with its data):\n");
    for (i, (kind, estimate)) in b.components.iter().enumerate() {
        let with_data = b.rows.iter().filter(|r| r.components[i].is_some()).count();
        let _ = writeln!(
            out,
            "  {:<11} {:>5}  ({} records)",
            kind.name(),
            maybe(estimate.value, auc_text),
            thousands(with_data as u64)
        );
    }
    out.push_str("\nRisk signals a lead before renewal: churn rate with / without, and lift:\n");
    for s in &b.signals {
        let lift = maybe(s.lift, |v| format!("x{v:.1}"));
        let _ = writeln!(
            out,
            "  {:<16} {:>7} / {:<7}  {:>6}  (fired {} times)",
            s.code.code(),
            maybe(s.with, share_text),
            maybe(s.without, share_text),
            lift,
            thousands(s.fired)
        );
    }
    out.push_str("\nIn plain words:\n");
    for sentence in plain_words(b) {
        let _ = writeln!(out, "  - {sentence}");
    }
    out
}
