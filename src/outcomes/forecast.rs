//! The renewal forecast (SPEC 12): each open renewal due within the horizon with its band's
//! calibrated rate, a CSM's call overriding it, the expected renewed ARR, the distribution's
//! P10/P50/P90, and the saves that would move it most. Inputs are plain values (the accounts'
//! bands at the as-of date, the learnt rates, the calls); nothing here reads or scores.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;

use super::distribution::{Method, quantiles};
use super::rates::BandRates;
use crate::domain::AccountId;
use crate::scoring::{Band, round_half_away};

/// A CSM's call on a renewal, which overrides the model's probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Call {
    Commit,
    Likely,
    AtRisk,
    Lost,
    /// A probability from 0 to 1.
    Share(f64),
}

/// A call that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a call: use commit, likely, at_risk, lost, a percentage (70%) or a share (0.7)"
)]
pub struct BadCall(pub String);

impl Call {
    /// The probability of renewal the call stands for.
    #[must_use]
    pub fn probability(self) -> f64 {
        match self {
            Self::Commit => 1.0,
            Self::Likely => 0.8,
            Self::AtRisk => 0.4,
            Self::Lost => 0.0,
            Self::Share(p) => p,
        }
    }

    /// The word of a named call; `None` for a share.
    #[must_use]
    pub const fn code(self) -> Option<&'static str> {
        match self {
            Self::Commit => Some("commit"),
            Self::Likely => Some("likely"),
            Self::AtRisk => Some("at_risk"),
            Self::Lost => Some("lost"),
            Self::Share(_) => None,
        }
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code() {
            Some(code) => f.write_str(code),
            None => write!(f, "{}", self.probability()),
        }
    }
}

impl std::str::FromStr for Call {
    type Err = BadCall;

    /// `commit`, `likely`, `at_risk` (or `at risk`), `lost` in any case, a percentage `70%`, or
    /// a share `0.7`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || BadCall(text.to_owned());
        let trimmed = text.trim();
        // A percentage as csm writes one ("70.0 %") or as people type it ("70%").
        if let Some(percent) = trimmed.strip_suffix('%') {
            let share = percent.trim().parse::<f64>().map_err(|_| bad())? / 100.0;
            return if (0.0..=1.0).contains(&share) { Ok(Self::Share(share)) } else { Err(bad()) };
        }
        let word = trimmed.to_lowercase().replace([' ', '-'], "_");
        let share = match word.as_str() {
            "commit" => return Ok(Self::Commit),
            "likely" => return Ok(Self::Likely),
            "at_risk" => return Ok(Self::AtRisk),
            "lost" => return Ok(Self::Lost),
            share => share.parse::<f64>().map_err(|_| bad())?,
        };
        if (0.0..=1.0).contains(&share) { Ok(Self::Share(share)) } else { Err(bad()) }
    }
}

impl serde::Serialize for Call {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.code() {
            Some(code) => serializer.serialize_str(code),
            None => serializer.serialize_f64(self.probability()),
        }
    }
}

/// An active account with a renewal date, its ARR and its band at the as-of date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpenRenewal {
    pub account_id: AccountId,
    pub due: NaiveDate,
    pub arr_cents: i64,
    pub band: Band,
}

/// One renewal of the forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastRow {
    pub account_id: AccountId,
    pub due: NaiveDate,
    pub arr_cents: i64,
    pub band: Band,
    /// The band's calibrated rate.
    pub model_p: f64,
    pub call: Option<Call>,
    /// The probability used: the call's, else the model's.
    pub p: f64,
}

/// The forecast at one date over one horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub as_of: NaiveDate,
    pub horizon_days: i64,
    pub rates: BandRates,
    /// By due date, then account.
    pub renewals: Vec<ForecastRow>,
    pub arr_up_cents: i64,
    pub expected_cents: i64,
    pub p10_cents: i64,
    pub p50_cents: i64,
    pub p90_cents: i64,
    pub method: Method,
    /// Every renewal with `p < 1`, by `(1 - p) * ARR` descending, then account id.
    pub saves: Vec<AccountId>,
}

/// The forecast at `as_of` of the renewals of `open` due within `horizon_days` (`0 <= days <=
/// horizon`), with `rates` for the model and `calls` overriding it; `seed` seeds the simulations
/// when the exact distribution is too large.
#[must_use]
#[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)] // cents far below 2^53
pub fn forecast(
    as_of: NaiveDate,
    horizon_days: i64,
    open: &[OpenRenewal],
    rates: &BandRates,
    calls: &BTreeMap<AccountId, Call>,
    seed: u64,
) -> Forecast {
    let mut renewals: Vec<ForecastRow> = open
        .iter()
        .filter(|r| (0..=horizon_days).contains(&(r.due - as_of).num_days()))
        .map(|r| {
            let model_p = rates.rate(r.band);
            let call = calls.get(&r.account_id).copied();
            let p = call.map_or(model_p, Call::probability);
            ForecastRow {
                account_id: r.account_id,
                due: r.due,
                arr_cents: r.arr_cents,
                band: r.band,
                model_p,
                call,
                p,
            }
        })
        .collect();
    renewals.sort_by_key(|r| (r.due, r.account_id));
    let arr_up: i128 = renewals.iter().map(|r| i128::from(r.arr_cents)).sum();
    let expected: f64 = renewals.iter().map(|r| r.p * r.arr_cents as f64).sum();
    let weighted: Vec<(i64, f64)> = renewals.iter().map(|r| (r.arr_cents, r.p)).collect();
    let q = quantiles(&weighted, seed);
    let mut saves: Vec<(f64, AccountId)> = renewals
        .iter()
        .filter(|r| r.p < 1.0)
        .map(|r| ((1.0 - r.p) * r.arr_cents as f64, r.account_id))
        .collect();
    saves.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Forecast {
        as_of,
        horizon_days,
        rates: rates.clone(),
        renewals,
        arr_up_cents: i64::try_from(arr_up).unwrap_or(i64::MAX),
        expected_cents: round_half_away(expected) as i64,
        p10_cents: q.p10,
        p50_cents: q.p50,
        p90_cents: q.p90,
        method: q.method,
        saves: saves.into_iter().map(|(_, id)| id).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cents of a dollar amount.
    fn usd(dollars: i64) -> i64 {
        dollars * 100
    }
    use crate::config::Config;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn open(id: i64, due: &str, arr: i64, band: Band) -> OpenRenewal {
        OpenRenewal { account_id: AccountId(id), due: day(due), arr_cents: arr, band }
    }

    #[test]
    fn calls_read_words_percentages_and_shares() {
        assert_eq!("Commit".parse::<Call>(), Ok(Call::Commit));
        assert_eq!("at risk".parse::<Call>(), Ok(Call::AtRisk));
        assert_eq!("70%".parse::<Call>(), Ok(Call::Share(0.7)));
        assert_eq!("0.25".parse::<Call>(), Ok(Call::Share(0.25)));
        assert!("1.5".parse::<Call>().is_err());
        assert!("maybe".parse::<Call>().is_err());
        assert_eq!(serde_json::to_string(&Call::Likely).unwrap(), "\"likely\"");
        assert_eq!(serde_json::to_string(&Call::Share(0.7)).unwrap(), "0.7");
    }

    #[test]
    fn a_forecast_by_hand_with_a_call_overriding_the_model() {
        // As of 2026-11-24, horizon 90 days (up to 2027-02-22):
        //   1 healthy, 100,000.00 due 2026-12-01: model 0.95, no call      -> p 0.95
        //   2 at_risk,  50,000.00 due 2027-01-10: model 0.60, call commit  -> p 1.0
        //   3 watch,    20,000.00 due 2027-02-22 (day 90, inside): model 0.85, call 0.3 -> 0.3
        //   4 healthy, 999,999.00 due 2027-02-23 (day 91): outside
        //   5 healthy,  10,000.00 due 2026-11-23 (overdue, day -1): outside
        // ARR up = 170,000.00. Expected = 0.95*100,000 + 50,000 + 0.3*20,000 = 151,000.00.
        // Saves (p < 1): 1 at (0.05 * 100,000) = 5,000, 3 at (0.7 * 20,000) = 14,000:
        // 3 then 1; 2 is committed and no save.
        // Distribution (exact): 2 always renews (50,000).
        //   none of 1, 3:  0.05 * 0.7 = 0.035 -> 50,000   (cumulative 0.035)
        //   3 only:        0.05 * 0.3 = 0.015 -> 70,000   (0.050)
        //   1 only:        0.95 * 0.7 = 0.665 -> 150,000  (0.715)
        //   both:          0.95 * 0.3 = 0.285 -> 170,000  (1.000)
        // P10 = 150,000.00, P50 = 150,000.00, P90 = 170,000.00.
        let rates = BandRates::new(&Config::default().outcomes);
        let open = [
            open(1, "2026-12-01", usd(100_000), Band::Healthy),
            open(2, "2027-01-10", usd(50_000), Band::AtRisk),
            open(3, "2027-02-22", usd(20_000), Band::Watch),
            open(4, "2027-02-23", usd(999_999), Band::Healthy),
            open(5, "2026-11-23", usd(10_000), Band::Healthy),
        ];
        let calls =
            BTreeMap::from([(AccountId(2), Call::Commit), (AccountId(3), Call::Share(0.3))]);
        let f = forecast(day("2026-11-24"), 90, &open, &rates, &calls, 1);
        let ids: Vec<i64> = f.renewals.iter().map(|r| r.account_id.0).collect();
        assert_eq!(ids, [1, 2, 3]);
        let committed = &f.renewals[1];
        assert_eq!(
            (committed.model_p, committed.call, committed.p),
            (0.6, Some(Call::Commit), 1.0)
        );
        assert_eq!(f.arr_up_cents, usd(170_000));
        assert_eq!(f.expected_cents, usd(151_000));
        assert_eq!(f.saves, [AccountId(3), AccountId(1)]);
        assert_eq!(
            (f.p10_cents, f.p50_cents, f.p90_cents),
            (usd(150_000), usd(150_000), usd(170_000))
        );
        assert_eq!(f.method, Method::Exact);
    }

    #[test]
    fn the_expected_value_is_the_sum_of_p_times_arr_and_the_quantiles_are_ordered() {
        // Many renewals: the simulated path, run twice with the seed of the configuration.
        let bands = [Band::Healthy, Band::Watch, Band::AtRisk, Band::Unscored];
        let open: Vec<OpenRenewal> = (1..=200)
            .map(|i| OpenRenewal {
                account_id: AccountId(i),
                due: day("2026-12-01") + chrono::Days::new((i % 80) as u64),
                arr_cents: usd(1_000) * i + 37 * i * i,
                band: bands[(i % 4) as usize],
            })
            .collect();
        let seed = Config::default().outcomes.seed;
        let rates = BandRates::new(&Config::default().outcomes);
        let once = forecast(day("2026-11-24"), 90, &open, &rates, &BTreeMap::new(), seed);
        let again = forecast(day("2026-11-24"), 90, &open, &rates, &BTreeMap::new(), seed);
        assert_eq!(once, again);
        assert_eq!(once.method, Method::Simulated);
        let sum: f64 = once.renewals.iter().map(|r| r.p * r.arr_cents as f64).sum();
        assert_eq!(once.expected_cents, sum.round() as i64);
        assert!(once.p10_cents <= once.p50_cents && once.p50_cents <= once.p90_cents);
        assert!(once.p90_cents <= once.arr_up_cents);
        assert_eq!(once.saves.len(), 200, "nobody is certain");
    }

    #[test]
    fn expected_cents_round_half_away_from_zero() {
        // 0.5 * 1 cent = 0.5 -> 1 cent.
        let rates = BandRates::new(&Config::default().outcomes);
        let open = [open(1, "2026-12-01", 1, Band::Watch)];
        let calls = BTreeMap::from([(AccountId(1), Call::Share(0.5))]);
        let f = forecast(day("2026-11-24"), 90, &open, &rates, &calls, 1);
        assert_eq!(f.expected_cents, 1);
    }
}
