//! The calibrated renewal rate of each band (SPEC 12): `(renewed + k * prior) / (n + k)` over the
//! renewal records whose account had that band a lead before the renewal's due date. A band
//! without history has its prior; the leave-one-out rate of the backtest's Brier score is the
//! same formula without the record itself. Counts in, rates out: nothing here scores or reads.

use crate::config::OutcomesConfig;
use crate::scoring::Band;

/// How many records of a band there were and how many renewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BandCount {
    pub count: u64,
    pub renewed: u64,
}

/// The history of each band and the priors it is weighed against.
#[derive(Debug, Clone, PartialEq)]
pub struct BandRates {
    /// Indexed as [`Band::ALL`].
    counts: [BandCount; 4],
    priors: [f64; 4],
    weight: f64,
}

fn index(band: Band) -> usize {
    Band::ALL.iter().position(|b| *b == band).unwrap_or(0)
}

impl BandRates {
    /// No history yet: every band at its prior.
    #[must_use]
    pub fn new(config: &OutcomesConfig) -> Self {
        let p = config.priors;
        let mut priors = [0.0; 4];
        for band in Band::ALL {
            priors[index(band)] = match band {
                Band::Healthy => p.healthy,
                Band::Watch => p.watch,
                Band::AtRisk => p.at_risk,
                Band::Unscored => p.unscored,
            };
        }
        Self { counts: [BandCount::default(); 4], priors, weight: config.prior_weight }
    }

    /// The rates learnt from `history`: each record's band a lead before its due date and
    /// whether it renewed.
    #[must_use]
    pub fn learnt(
        config: &OutcomesConfig,
        history: impl IntoIterator<Item = (Band, bool)>,
    ) -> Self {
        let mut rates = Self::new(config);
        for (band, renewed) in history {
            rates.add(band, renewed);
        }
        rates
    }

    /// Counts one more record of `band`.
    pub fn add(&mut self, band: Band, renewed: bool) {
        let count = &mut self.counts[index(band)];
        count.count += 1;
        count.renewed += u64::from(renewed);
    }

    #[must_use]
    pub fn count(&self, band: Band) -> BandCount {
        self.counts[index(band)]
    }

    #[must_use]
    pub fn prior(&self, band: Band) -> f64 {
        self.priors[index(band)]
    }

    /// Whether `band` has no history, so that its rate is its prior.
    #[must_use]
    pub fn from_prior(&self, band: Band) -> bool {
        self.count(band).count == 0
    }

    /// The calibrated renewal rate of `band`.
    #[must_use]
    pub fn rate(&self, band: Band) -> f64 {
        let BandCount { count, renewed } = self.count(band);
        self.formula(band, count, renewed)
    }

    /// The rate of `band` computed without one of its records, which `renewed` or not: the
    /// leave-one-out probability the backtest scores each record with.
    #[must_use]
    pub fn rate_without(&self, band: Band, renewed: bool) -> f64 {
        let BandCount { count, renewed: all } = self.count(band);
        self.formula(band, count.saturating_sub(1), all.saturating_sub(u64::from(renewed)))
    }

    #[allow(clippy::cast_precision_loss)] // counts of records stay far below 2^53
    fn formula(&self, band: Band, count: u64, renewed: u64) -> f64 {
        let prior = self.prior(band);
        let denominator = count as f64 + self.weight;
        // k = 0 and no history: nothing but the prior is known.
        if denominator == 0.0 {
            return prior;
        }
        (renewed as f64 + self.weight * prior) / denominator
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn a_band_without_history_has_its_prior() {
        let rates = BandRates::new(&Config::default().outcomes);
        assert!(close(rates.rate(Band::Healthy), 0.95));
        assert!(close(rates.rate(Band::Watch), 0.85));
        assert!(close(rates.rate(Band::AtRisk), 0.60));
        assert!(close(rates.rate(Band::Unscored), 0.80));
        assert!(rates.from_prior(Band::Watch));
    }

    #[test]
    fn history_moves_the_rate_away_from_the_prior() {
        // at_risk: 5 records, 2 renewed. p = (2 + 10 * 0.60) / (5 + 10) = 8 / 15 = 0.5333...
        // healthy: 10 records, 10 renewed. p = (10 + 9.5) / 20 = 0.975.
        let history = [
            (Band::AtRisk, true),
            (Band::AtRisk, false),
            (Band::AtRisk, true),
            (Band::AtRisk, false),
            (Band::AtRisk, false),
        ]
        .into_iter()
        .chain(std::iter::repeat_n((Band::Healthy, true), 10));
        let rates = BandRates::learnt(&Config::default().outcomes, history);
        assert!(close(rates.rate(Band::AtRisk), 8.0 / 15.0));
        assert!(close(rates.rate(Band::Healthy), 0.975));
        assert!(!rates.from_prior(Band::AtRisk));
        // Watch has none: still its prior.
        assert!(close(rates.rate(Band::Watch), 0.85));
        // Leaving out one churn of at_risk: (2 + 6) / (4 + 10) = 8 / 14.
        assert!(close(rates.rate_without(Band::AtRisk, false), 8.0 / 14.0));
        // Leaving out one renewal: (1 + 6) / 14 = 0.5.
        assert!(close(rates.rate_without(Band::AtRisk, true), 0.5));
    }

    #[test]
    fn without_weight_or_history_the_prior_stands() {
        let mut config = Config::default().outcomes;
        config.prior_weight = 0.0;
        let rates = BandRates::learnt(&config, [(Band::Watch, false)]);
        assert!(close(rates.rate(Band::Watch), 0.0));
        assert!(close(rates.rate_without(Band::Watch, false), 0.85));
    }
}
