//! The settings of renewal outcomes (SPEC 12): the lead of the backtest and the calibration, the
//! priors of the band rates and their weight, the forecast's horizon and the seed of its
//! simulations. This module only reads and checks them; what they mean is `outcomes`'s.

use serde::Deserialize;

/// `[outcomes]` of the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomesConfig {
    /// Days before a renewal's due date at which the backtest and the calibration read health.
    pub lead_days: u32,
    /// The forecast's default horizon, in days.
    pub horizon_days: u32,
    /// `k`: how many renewals' worth of weight the prior of a band carries.
    pub prior_weight: f64,
    /// The seed of the forecast's simulations and of any resampling, so a report is reproducible.
    pub seed: u64,
    /// The renewal rate assumed for each band before any history.
    pub priors: Priors,
}

/// The prior renewal rate of each band, 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Priors {
    pub healthy: f64,
    pub watch: f64,
    pub at_risk: f64,
    pub unscored: f64,
}

/// Checks every number of `o`.
///
/// # Errors
/// The first number out of its range, as "key `outcomes.…`: …".
pub fn check(o: &OutcomesConfig) -> Result<(), String> {
    let OutcomesConfig { lead_days, horizon_days, prior_weight, seed, priors } = *o;
    // Any number would seed the generator; a bound keeps a mistyped one from passing unseen.
    if seed > u64::from(u32::MAX) {
        return Err(format!("key `outcomes.seed`: {seed} is out of range 0..={}", u32::MAX));
    }
    let max = super::checks::MAX_WINDOW_DAYS;
    if !(1..=max).contains(&i64::from(lead_days)) {
        return Err(format!("key `outcomes.lead_days`: {lead_days} is out of range 1..={max}"));
    }
    if !(0..=max).contains(&i64::from(horizon_days)) {
        return Err(format!(
            "key `outcomes.horizon_days`: {horizon_days} is out of range 0..={max}"
        ));
    }
    if !(0.0..=1_000_000.0).contains(&prior_weight) {
        return Err(format!(
            "key `outcomes.prior_weight`: {prior_weight} is out of range 0..=1000000"
        ));
    }
    let Priors { healthy, watch, at_risk, unscored } = priors;
    for (name, value) in
        [("healthy", healthy), ("watch", watch), ("at_risk", at_risk), ("unscored", unscored)]
    {
        if !(0.0..=1.0).contains(&value) {
            return Err(format!("key `outcomes.priors.{name}`: {value} is out of range 0..=1"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn the_defaults_are_the_spec_s() {
        let o = Config::default().outcomes;
        assert_eq!((o.lead_days, o.horizon_days, o.prior_weight), (90, 90, 10.0));
        assert_eq!(
            (o.priors.healthy, o.priors.watch, o.priors.at_risk, o.priors.unscored),
            (0.95, 0.85, 0.60, 0.80)
        );
    }

    #[test]
    fn numbers_out_of_range_are_refused_with_their_key() {
        for (text, expected) in [
            ("[outcomes]\nlead_days = 0\n", "key `outcomes.lead_days`: 0 is out of range"),
            ("[outcomes.priors]\nwatch = 1.5\n", "key `outcomes.priors.watch`: 1.5 is out"),
            ("[outcomes.priors]\nhealthy = nan\n", "key `outcomes.priors.healthy`: NaN is out"),
            ("[outcomes]\nprior_weight = -1\n", "key `outcomes.prior_weight`: -1 is out"),
            ("[outcomes]\nseed = 4294967296\n", "key `outcomes.seed`: 4294967296 is out"),
        ] {
            let err = Config::from_toml_str(text, "u.toml").unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
        }
    }
}
