//! Book metrics (SPEC 4.6): accounts, ARR by band, renewals due, and the book NPS.

use chrono::NaiveDate;

use super::health::Band;
use super::renewal::Renewal;
use super::rounding::round_to_tenth;
use super::summary::AccountSummary;
use crate::domain::Account;

/// ARR in cents per band. Totals are `i128`: a sum of `i64` amounts cannot overflow it (two
/// accounts at the largest storable ARR overflowed `i64` into a negative total).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BandTotals {
    pub healthy: i128,
    pub watch: i128,
    pub at_risk: i128,
    pub unscored: i128,
}

impl BandTotals {
    /// The total of `band`.
    #[must_use]
    pub fn get(&self, band: Band) -> i128 {
        match band {
            Band::Healthy => self.healthy,
            Band::Watch => self.watch,
            Band::AtRisk => self.at_risk,
            Band::Unscored => self.unscored,
        }
    }

    fn add(&mut self, band: Band, cents: i128) {
        let slot = match band {
            Band::Healthy => &mut self.healthy,
            Band::Watch => &mut self.watch,
            Band::AtRisk => &mut self.at_risk,
            Band::Unscored => &mut self.unscored,
        };
        *slot += cents;
    }
}

/// Renewals due within `days` (`0 <= days_to_renewal <= days`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenewalBucket {
    pub days: i64,
    pub count: usize,
    pub arr_cents: i128,
}

/// The figures of a whole book at one date.
#[derive(Debug, Clone, PartialEq)]
pub struct BookMetrics {
    pub accounts: usize,
    /// Total ARR in cents (`i128`, see [`BandTotals`]).
    pub arr_cents: i128,
    pub arr_by_band: BandTotals,
    /// Counts by band.
    pub accounts_by_band: [usize; 4],
    /// Within 30, 60, 90 and 120 days.
    pub renewals: [RenewalBucket; 4],
    /// Promoters minus detractors per hundred latest responses, to one decimal.
    pub nps: Option<f64>,
    pub nps_responses: usize,
}

impl BookMetrics {
    /// The metrics of the scored accounts `book` (each account and its summary) at `as_of`.
    #[must_use]
    pub fn of<'a>(
        book: impl IntoIterator<Item = (&'a Account, &'a AccountSummary)>,
        as_of: NaiveDate,
    ) -> Self {
        let mut metrics = Self {
            accounts: 0,
            arr_cents: 0,
            arr_by_band: BandTotals::default(),
            accounts_by_band: [0; 4],
            renewals: [30, 60, 90, 120].map(|days| RenewalBucket { days, count: 0, arr_cents: 0 }),
            nps: None,
            nps_responses: 0,
        };
        let (mut promoters, mut detractors) = (0_i64, 0_i64);
        for (account, summary) in book {
            let arr = i128::from(account.arr_cents);
            metrics.accounts += 1;
            metrics.arr_cents += arr;
            metrics.arr_by_band.add(summary.band, arr);
            if let Some(i) = Band::ALL.iter().position(|&b| b == summary.band) {
                metrics.accounts_by_band[i] += 1;
            }
            if let Some(renewal) = account.renewal_date.map(|date| Renewal::new(date, as_of)) {
                for bucket in &mut metrics.renewals {
                    if (0..=bucket.days).contains(&renewal.days) {
                        bucket.count += 1;
                        bucket.arr_cents += arr;
                    }
                }
            }
            metrics.nps_responses += summary.nps.responses() as usize;
            promoters += i64::from(summary.nps.promoters);
            detractors += i64::from(summary.nps.detractors);
        }
        #[allow(clippy::cast_precision_loss)]
        if metrics.nps_responses > 0 {
            let score = 100.0 * (promoters - detractors) as f64 / metrics.nps_responses as f64;
            metrics.nps = Some(round_to_tenth(score));
        }
        metrics
    }
}
