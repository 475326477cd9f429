//! The JSON of `csm retention`, `csm forecast` and `csm backtest` (SPEC 12): a contract for
//! scripts, like the report's; change it only by adding fields. Every figure is the one the
//! computation made, so the workspace's views and the JSON cannot disagree. It must not compute.

use chrono::NaiveDate;
use serde::Serialize;
use serde::ser::SerializeMap as _;

use super::backtest::{BANDS, Backtest, BacktestRow};
use super::distribution::Method;
use super::forecast::{Call, Forecast, ForecastRow};
use super::retention::Retention;
use crate::domain::{AccountId, RenewalOutcome, RenewalRecord, Segment};

/// A JSON object whose keys keep the order given (a vocabulary's, not the alphabet's).
struct Ordered<T>(Vec<(&'static str, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

fn pretty(value: &impl Serialize) -> String {
    // Plain structs of numbers and strings cannot fail to serialise; outside text is escaped.
    let mut out = crate::format::json::to_string_pretty(value).unwrap_or_default();
    out.push('\n');
    out
}

#[derive(Serialize)]
struct JsonPeriod<'a> {
    start: NaiveDate,
    end: NaiveDate,
    segment: Option<Segment>,
    grr: Option<f64>,
    nrr: Option<f64>,
    logo: Option<f64>,
    records: &'a [RenewalRecord],
}

#[derive(Serialize)]
struct JsonRetention<'a> {
    as_of: NaiveDate,
    periods: Vec<JsonPeriod<'a>>,
}

/// `csm retention --json`.
#[must_use]
pub fn retention(as_of: NaiveDate, periods: &[Retention]) -> String {
    let periods = periods
        .iter()
        .map(|r| JsonPeriod {
            start: r.period.start,
            end: r.period.end,
            segment: r.segment,
            grr: r.grr,
            nrr: r.nrr,
            logo: r.logo,
            records: &r.records,
        })
        .collect();
    pretty(&JsonRetention { as_of, periods })
}

/// A call as SPEC 12 writes it: a word, or a number from 0 to 1.
#[derive(Serialize)]
#[serde(untagged)]
enum JsonCall {
    Word(&'static str),
    Share(f64),
}

fn call(c: Call) -> JsonCall {
    c.code().map_or(JsonCall::Share(c.probability()), JsonCall::Word)
}

#[derive(Serialize)]
struct JsonRenewal {
    account_id: AccountId,
    due: NaiveDate,
    arr_cents: i64,
    band: &'static str,
    model_p: f64,
    call: Option<JsonCall>,
    p: f64,
}

impl JsonRenewal {
    fn of(r: &ForecastRow) -> Self {
        Self {
            account_id: r.account_id,
            due: r.due,
            arr_cents: r.arr_cents,
            band: r.band.code(),
            model_p: r.model_p,
            call: r.call.map(call),
            p: r.p,
        }
    }
}

#[derive(Serialize)]
struct JsonForecast {
    as_of: NaiveDate,
    horizon_days: i64,
    rates: Ordered<f64>,
    /// The bands without history, whose rate is their prior.
    rates_from_prior: Vec<&'static str>,
    renewals: Vec<JsonRenewal>,
    arr_up_cents: i64,
    expected_cents: i64,
    p10_cents: i64,
    p50_cents: i64,
    p90_cents: i64,
    /// `exact`, or `simulated` (seeded draws) for a distribution too large to enumerate.
    method: &'static str,
    saves: Vec<AccountId>,
}

/// `csm forecast --json`.
#[must_use]
pub fn forecast(f: &Forecast) -> String {
    pretty(&JsonForecast {
        as_of: f.as_of,
        horizon_days: f.horizon_days,
        rates: Ordered(BANDS.iter().map(|&b| (b.code(), f.rates.rate(b))).collect()),
        rates_from_prior: BANDS
            .iter()
            .filter(|&&b| f.rates.from_prior(b))
            .map(|b| b.code())
            .collect(),
        renewals: f.renewals.iter().map(JsonRenewal::of).collect(),
        arr_up_cents: f.arr_up_cents,
        expected_cents: f.expected_cents,
        p10_cents: f.p10_cents,
        p50_cents: f.p50_cents,
        p90_cents: f.p90_cents,
        method: match f.method {
            Method::Exact => "exact",
            Method::Simulated => "simulated",
        },
        saves: f.saves.clone(),
    })
}

#[derive(Serialize)]
struct JsonRow {
    account_id: AccountId,
    due: NaiveDate,
    outcome: RenewalOutcome,
    arr_before: i64,
    arr_after: i64,
    health: Option<i64>,
    band: &'static str,
    components: Ordered<Option<f64>>,
    signals: Vec<&'static str>,
}

impl JsonRow {
    fn of(r: &BacktestRow) -> Self {
        let names = crate::scoring::ComponentKind::ALL.map(|k| k.name());
        Self {
            account_id: r.account_id,
            due: r.due,
            outcome: r.outcome,
            arr_before: r.arr_before,
            arr_after: r.arr_after,
            health: r.health,
            band: r.band.code(),
            components: Ordered(names.into_iter().zip(r.components).collect()),
            signals: r.signals.iter().map(|s| s.code()).collect(),
        }
    }
}

#[derive(Serialize)]
struct JsonAuc {
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
}

#[derive(Serialize)]
struct JsonBand {
    count: u64,
    churned: u64,
    rate: Option<f64>,
    /// The band's calibrated renewal rate over these records.
    calibrated: f64,
    /// Whether the band has no history, so that `calibrated` is its prior.
    prior: bool,
}

#[derive(Serialize)]
struct JsonComponent {
    auc: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    /// Records where the component had data.
    count: usize,
}

#[derive(Serialize)]
struct JsonSignal {
    with: Option<f64>,
    without: Option<f64>,
    lift: Option<f64>,
    fired: u64,
}

#[derive(Serialize)]
struct JsonBacktest {
    as_of: NaiveDate,
    lead_days: u32,
    records: Vec<JsonRow>,
    count: u64,
    churned: u64,
    churn_rate: Option<f64>,
    /// Fewer than ten records: too thin a history to judge the model.
    thin: bool,
    auc: JsonAuc,
    brier: Option<f64>,
    bands: Ordered<JsonBand>,
    components: Ordered<JsonComponent>,
    signals: Ordered<JsonSignal>,
}

/// `csm backtest --json`.
#[must_use]
pub fn backtest(as_of: NaiveDate, b: &Backtest) -> String {
    let components = b
        .components
        .iter()
        .enumerate()
        .map(|(i, (kind, auc))| {
            let count = b.rows.iter().filter(|r| r.components[i].is_some()).count();
            let json = JsonComponent { auc: auc.value, low: auc.low, high: auc.high, count };
            (kind.name(), json)
        })
        .collect();
    pretty(&JsonBacktest {
        as_of,
        lead_days: b.lead_days,
        records: b.rows.iter().map(JsonRow::of).collect(),
        count: b.count,
        churned: b.churned,
        churn_rate: b.churn_rate,
        thin: b.thin(),
        auc: JsonAuc { value: b.auc.value, low: b.auc.low, high: b.auc.high },
        brier: b.brier,
        bands: Ordered(
            b.bands
                .iter()
                .map(|band| {
                    let json = JsonBand {
                        count: band.count,
                        churned: band.churned,
                        rate: band.rate,
                        calibrated: band.calibrated,
                        prior: band.from_prior,
                    };
                    (band.band.code(), json)
                })
                .collect(),
        ),
        components: Ordered(components),
        signals: Ordered(
            b.signals
                .iter()
                .map(|s| {
                    let json = JsonSignal {
                        with: s.with,
                        without: s.without,
                        lift: s.lift,
                        fired: s.fired,
                    };
                    (s.code.code(), json)
                })
                .collect(),
        ),
    })
}
