//! The backtest of the health model (SPEC 12): for every renewal record, the health a lead
//! before its due date, and how well it predicted the outcome: the AUC of `100 - health` with
//! its interval, the Brier score of the leave-one-out calibrated rate, churn by band, each
//! component's AUC and each risk signal's churn rate with and without it.
//!
//! Every figure is computed from the rows as printed (the integer health, components to one
//! decimal), so that a recomputation from the JSON is exact. Rows in, figures out.

use chrono::NaiveDate;

use super::auc::{AucEstimate, auc};
use super::rates::BandRates;
use super::share;
use crate::config::OutcomesConfig;
use crate::domain::{AccountId, RenewalOutcome};
use crate::scoring::{Band, ComponentKind, SignalCode};

/// Fewer records than this and the history is too thin to judge the model.
pub const THIN_BELOW: usize = 10;

/// One renewal record with the health its account had a lead before the due date.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestRow {
    pub account_id: AccountId,
    pub due: NaiveDate,
    pub outcome: RenewalOutcome,
    pub arr_before: i64,
    pub arr_after: i64,
    /// The integer health; `None` when unscored.
    pub health: Option<i64>,
    pub band: Band,
    /// Usage, adoption, support, engagement, each rounded to one decimal; `None` without data.
    pub components: [Option<f64>; 4],
    /// The risk signals that fired, in the vocabulary's order.
    pub signals: Vec<SignalCode>,
}

impl BacktestRow {
    #[must_use]
    pub fn churned(&self) -> bool {
        self.outcome == RenewalOutcome::Churned
    }
}

/// An AUC with its 95 % interval.
pub type Interval = AucEstimate;

/// Churn in one band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandRow {
    pub band: Band,
    pub count: u64,
    pub churned: u64,
    /// Churned over count; `None` without records.
    pub rate: Option<f64>,
    /// The band's calibrated renewal rate over these records (the forecast's model rate).
    pub calibrated: f64,
    /// Whether the band has no history, so that its rate is the prior.
    pub from_prior: bool,
}

/// The churn rate with and without one risk signal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignalLift {
    pub code: SignalCode,
    /// Records where it fired.
    pub fired: u64,
    pub with: Option<f64>,
    pub without: Option<f64>,
    /// `with / without`; `None` when either is unknown or `without` is 0.
    pub lift: Option<f64>,
}

/// The backtest over a set of rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    pub lead_days: u32,
    /// By due date, then account.
    pub rows: Vec<BacktestRow>,
    pub count: u64,
    pub churned: u64,
    pub churn_rate: Option<f64>,
    /// The AUC of `100 - health` as a predictor of churn, over the rows with a health.
    pub auc: Interval,
    /// The mean squared error of the leave-one-out calibrated renewal rate.
    pub brier: Option<f64>,
    /// Healthy, watch, at risk, unscored.
    pub bands: Vec<BandRow>,
    /// Each component's AUC of `100 - component`, over the rows where it had data.
    pub components: Vec<(ComponentKind, Interval)>,
    /// Every risk signal, in the vocabulary's order.
    pub signals: Vec<SignalLift>,
}

impl Backtest {
    /// Whether there are too few records to judge the model.
    #[must_use]
    pub fn thin(&self) -> bool {
        self.rows.len() < THIN_BELOW
    }
}

/// The bands in the order reports list them.
pub const BANDS: [Band; 4] = [Band::Healthy, Band::Watch, Band::AtRisk, Band::Unscored];

/// The backtest of `rows` at `lead_days`, its rates weighed against `config`'s priors.
#[must_use]
#[allow(clippy::cast_precision_loss)] // counts of records stay far below 2^53
pub fn backtest(mut rows: Vec<BacktestRow>, lead_days: u32, config: &OutcomesConfig) -> Backtest {
    rows.sort_by_key(|r| (r.due, r.account_id));
    let count = rows.len() as u64;
    let churned = rows.iter().filter(|r| r.churned()).count() as u64;
    let health: Vec<(f64, bool)> =
        rows.iter().filter_map(|r| r.health.map(|h| (100.0 - h as f64, r.churned()))).collect();
    let rates = BandRates::learnt(config, rows.iter().map(|r| (r.band, !r.churned())));
    let brier = (!rows.is_empty()).then(|| {
        let total: f64 = rows
            .iter()
            .map(|r| {
                let renewed = !r.churned();
                let p = rates.rate_without(r.band, renewed);
                (p - f64::from(u8::from(renewed))).powi(2)
            })
            .sum();
        total / rows.len() as f64
    });
    let bands = BANDS
        .iter()
        .map(|&band| {
            let of_band = rates.count(band);
            let churned = of_band.count - of_band.renewed;
            BandRow {
                band,
                count: of_band.count,
                churned,
                rate: share(churned, of_band.count),
                calibrated: rates.rate(band),
                from_prior: rates.from_prior(band),
            }
        })
        .collect();
    let components = ComponentKind::ALL
        .iter()
        .enumerate()
        .map(|(i, &kind)| {
            let pairs: Vec<(f64, bool)> = rows
                .iter()
                .filter_map(|r| r.components[i].map(|c| (100.0 - c, r.churned())))
                .collect();
            (kind, auc(&pairs))
        })
        .collect();
    let signals = SignalCode::ALL
        .iter()
        .map(|&code| {
            let (fired, quiet): (Vec<&BacktestRow>, Vec<&BacktestRow>) =
                rows.iter().partition(|r| r.signals.contains(&code));
            let rate = |rows: &[&BacktestRow]| {
                share(rows.iter().filter(|r| r.churned()).count() as u64, rows.len() as u64)
            };
            let (with, without) = (rate(&fired), rate(&quiet));
            let lift = with.zip(without).and_then(|(w, o)| (o > 0.0).then(|| w / o));
            SignalLift { code, fired: fired.len() as u64, with, without, lift }
        })
        .collect();
    Backtest {
        lead_days,
        count,
        churned,
        churn_rate: share(churned, count),
        auc: auc(&health),
        brier,
        bands,
        components,
        signals,
        rows,
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

    fn row(
        id: i64,
        churned: bool,
        health: Option<i64>,
        components: [Option<f64>; 4],
        signals: &[SignalCode],
    ) -> BacktestRow {
        let bands = Config::default().scoring.bands;
        BacktestRow {
            account_id: AccountId(id),
            due: "2026-06-30".parse().unwrap(),
            outcome: if churned { RenewalOutcome::Churned } else { RenewalOutcome::Renewed },
            arr_before: usd(10_000),
            arr_after: if churned { 0 } else { usd(10_000) },
            health,
            band: Band::of(health, bands),
            components,
            signals: signals.to_vec(),
        }
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    /// Six records (health; outcome):
    ///   1: 80 healthy, renewed;   usage 90.0, adoption none; no signal
    ///   2: 75 healthy, renewed;   usage 70.0, adoption 50.0; gone_dark
    ///   3: 75 healthy, churned;   usage 70.0, adoption 40.0; gone_dark
    ///   4: 50 watch, renewed;     usage 60.0, adoption 60.0; no signal
    ///   5: 30 at_risk, churned;   usage 10.0, adoption none; gone_dark, usage_drop
    ///   6: unscored, renewed;     no usage, no adoption; no signal
    /// support and engagement are 80.0 everywhere (no information).
    fn six() -> Vec<BacktestRow> {
        use SignalCode::{GoneDark, UsageDrop};
        let c = |u: Option<f64>, a: Option<f64>| [u, a, Some(80.0), Some(80.0)];
        vec![
            row(1, false, Some(80), c(Some(90.0), None), &[]),
            row(2, false, Some(75), c(Some(70.0), Some(50.0)), &[GoneDark]),
            row(3, true, Some(75), c(Some(70.0), Some(40.0)), &[GoneDark]),
            row(4, false, Some(50), c(Some(60.0), Some(60.0)), &[]),
            row(5, true, Some(30), c(Some(10.0), None), &[GoneDark, UsageDrop]),
            row(6, false, None, [None, None, Some(80.0), Some(80.0)], &[]),
        ]
    }

    #[test]
    fn counts_and_the_health_auc_with_a_tie() {
        let b = backtest(six(), 90, &Config::default().outcomes);
        assert_eq!((b.count, b.churned), (6, 2));
        assert!(close(b.churn_rate, 2.0 / 6.0));
        assert!(b.thin(), "six records are too few to judge");
        // Predictor 100 - health over the five scored rows: churners 25 (#3) and 70 (#5);
        // renewers 20 (#1), 25 (#2), 50 (#4). Pairs: 25 beats 20, ties 25 (0.5), loses to 50:
        // 1.5; 70 beats all three: 3. AUC = 4.5 / 6 = 0.75.
        // DeLong: v10 = [1.5/3, 3/3] = [0.5, 1]; v01: renewer 20 -> 2/2 = 1, 25 -> (1 + 0.5)/2
        // = 0.75, 50 -> 1/2 = 0.5. S10 = (0.25^2 + 0.25^2)/1 = 0.125; S01 = (0.25^2 + 0 +
        // 0.25^2)/2 = 0.0625. Var = 0.125/2 + 0.0625/3 = 0.0833333; se = 0.288675.
        // Interval 0.75 -+ 0.565800: [0.184200, 1.3158] -> high clipped to 1.
        assert!(close(b.auc.value, 0.75), "{:?}", b.auc);
        assert!(close(b.auc.low, 0.75 - 1.959_963_984_540_054 * (0.25_f64 / 3.0).sqrt()));
        assert_eq!(b.auc.high, Some(1.0));
    }

    #[test]
    fn the_leave_one_out_brier_score_by_hand() {
        // Bands: healthy {1 renewed, 2 renewed, 3 churned}: n 3, renewed 2.
        //        watch {4 renewed}: n 1, renewed 1. at_risk {5 churned}: n 1, renewed 0.
        //        unscored {6 renewed}: n 1, renewed 1. k = 10.
        // Leave-one-out rates and squared errors (outcome 1 = renewed):
        //   1: healthy without a renewal: (1 + 9.5) / (2 + 10) = 0.875; (0.875 - 1)^2 = 0.015625
        //   2: the same: 0.015625
        //   3: healthy without a churn: (2 + 9.5) / 12 = 0.958333...; (0.958333 - 0)^2 = 0.918403
        //   4: watch without it: prior 0.85; (0.85 - 1)^2 = 0.0225
        //   5: at_risk without it: prior 0.60; 0.36
        //   6: unscored without it: prior 0.80; 0.04
        // Sum = 0.015625 * 2 + (11.5/12)^2 + 0.0225 + 0.36 + 0.04 = 1.371653; / 6 = 0.228609.
        let b = backtest(six(), 90, &Config::default().outcomes);
        let expected = (0.015_625 * 2.0 + (11.5_f64 / 12.0).powi(2) + 0.0225 + 0.36 + 0.04) / 6.0;
        assert!(close(b.brier, expected), "{:?} vs {expected}", b.brier);
    }

    #[test]
    fn the_band_table_with_calibrated_rates_and_priors() {
        // healthy: 3 records, 1 churned (1/3); calibrated (2 + 9.5) / 13 = 0.884615.
        // watch: 1, 0 churned; at_risk: 1, 1 churned; unscored: 1, 0 churned.
        let b = backtest(six(), 90, &Config::default().outcomes);
        let healthy = b.bands[0];
        assert_eq!((healthy.band, healthy.count, healthy.churned), (Band::Healthy, 3, 1));
        assert!(close(healthy.rate, 1.0 / 3.0));
        assert!((healthy.calibrated - 11.5 / 13.0).abs() < 1e-12);
        assert!(!healthy.from_prior);
        let at_risk = b.bands[2];
        assert_eq!((at_risk.count, at_risk.churned, at_risk.rate), (1, 1, Some(1.0)));
        // With no at_risk history at all, the band keeps its prior and says so.
        let none = backtest(six()[..4].to_vec(), 90, &Config::default().outcomes);
        let at_risk = none.bands[2];
        assert_eq!((at_risk.count, at_risk.rate, at_risk.from_prior), (0, None, true));
        assert!((at_risk.calibrated - 0.60).abs() < 1e-12);
    }

    #[test]
    fn each_component_s_auc_leaves_out_rows_without_data() {
        // Usage (100 - usage) over rows 1-5: churners 30 (#3), 90 (#5); renewers 10 (#1),
        // 30 (#2), 40 (#4). 30: beats 10, ties 30, loses to 40 = 1.5; 90 beats all = 3.
        // AUC = 4.5/6 = 0.75.
        // Adoption over rows 2, 3, 4 only: churner 60 (#3); renewers 50 (#2), 40 (#4): 2/2 = 1.
        // One churner: no interval.
        // Support is 80.0 everywhere: every pair ties, AUC 0.5.
        let b = backtest(six(), 90, &Config::default().outcomes);
        let (kind, usage) = b.components[0];
        assert_eq!(kind, ComponentKind::Usage);
        assert!(close(usage.value, 0.75));
        let (_, adoption) = b.components[1];
        assert!(close(adoption.value, 1.0));
        assert_eq!((adoption.low, adoption.high), (None, None));
        assert!(close(b.components[2].1.value, 0.5));
    }

    #[test]
    fn each_signal_s_churn_rate_with_and_without() {
        // gone_dark fired on 2, 3, 5: churned 3 and 5 -> with 2/3; without (1, 4, 6): 0/3 = 0,
        // so no lift (division by 0). usage_drop fired on 5 only: with 1/1; without (1-4, 6):
        // 1/5 = 0.2; lift 5. escalation never fired: with unknown, without 2/6.
        let b = backtest(six(), 90, &Config::default().outcomes);
        let signal = |code| *b.signals.iter().find(|s| s.code == code).unwrap();
        let dark = signal(SignalCode::GoneDark);
        assert_eq!(dark.fired, 3);
        assert!(close(dark.with, 2.0 / 3.0) && close(dark.without, 0.0));
        assert_eq!(dark.lift, None);
        let drop = signal(SignalCode::UsageDrop);
        assert!(close(drop.with, 1.0) && close(drop.without, 0.2) && close(drop.lift, 5.0));
        let escalation = signal(SignalCode::Escalation);
        assert_eq!((escalation.fired, escalation.with), (0, None));
        assert!(close(escalation.without, 2.0 / 6.0));
        assert_eq!(b.signals.len(), SignalCode::ALL.len());
    }

    #[test]
    fn no_records_leave_every_figure_unknown() {
        let b = backtest(Vec::new(), 90, &Config::default().outcomes);
        assert_eq!((b.count, b.churn_rate, b.brier, b.auc.value), (0, None, None, None));
        assert!(b.bands.iter().all(|band| band.rate.is_none() && band.from_prior));
    }
}
