//! The area under the ROC curve of a predictor of churn (Mann-Whitney: the share of churner and
//! renewer pairs the predictor ranks the right way, a tie counting one half) and its 95 % interval
//! by DeLong's method, clipped to [0, 1]. Numbers in, numbers out.

/// The 97.5th percentile of the standard normal distribution.
const Z_975: f64 = 1.959_963_984_540_054;

/// An AUC and its interval; each `None` when it cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AucEstimate {
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// For each of `these`, the share of `others` below it, a tie counting one half, `others`
/// sorted. With `above` the share of `others` above it instead.
#[allow(clippy::cast_precision_loss)] // counts of records stay far below 2^53
fn placements(these: &[f64], others: &[f64], above: bool) -> Vec<f64> {
    let n = others.len() as f64;
    these
        .iter()
        .map(|&x| {
            let below = others.partition_point(|&y| y < x);
            let upto = others.partition_point(|&y| y <= x);
            let ties = (upto - below) as f64;
            let beaten = if above { others.len() - upto } else { below };
            (beaten as f64 + 0.5 * ties) / n
        })
        .collect()
}

#[allow(clippy::cast_precision_loss)]
fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// The sample variance (denominator `n - 1`).
#[allow(clippy::cast_precision_loss)]
fn variance(xs: &[f64], mean: f64) -> f64 {
    xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64
}

/// The AUC of `score` as a predictor of churn over `(score, churned)` pairs: the higher the
/// score, the likelier the churn. `None` with one class empty; the interval `None` with fewer
/// than two records in either class (its variance needs two of each).
#[must_use]
#[allow(clippy::cast_precision_loss)]
pub fn auc(pairs: &[(f64, bool)]) -> AucEstimate {
    let mut churned: Vec<f64> = pairs.iter().filter(|p| p.1).map(|p| p.0).collect();
    let mut renewed: Vec<f64> = pairs.iter().filter(|p| !p.1).map(|p| p.0).collect();
    if churned.is_empty() || renewed.is_empty() {
        return AucEstimate::default();
    }
    churned.sort_by(f64::total_cmp);
    renewed.sort_by(f64::total_cmp);
    // v10: each churner's share of renewers it outranks; v01: each renewer's share of churners
    // that outrank it. Both average to the AUC.
    let v10 = placements(&churned, &renewed, false);
    let value = mean(&v10);
    if churned.len() < 2 || renewed.len() < 2 {
        return AucEstimate { value: Some(value), low: None, high: None };
    }
    let v01 = placements(&renewed, &churned, true);
    let spread = variance(&v10, value) / churned.len() as f64
        + variance(&v01, mean(&v01)) / renewed.len() as f64;
    let half = Z_975 * spread.sqrt();
    AucEstimate {
        value: Some(value),
        low: Some((value - half).clamp(0.0, 1.0)),
        high: Some((value + half).clamp(0.0, 1.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn ties_count_one_half_and_the_interval_is_delong_s() {
        // Churners score 80 and 50, renewers 50, 20 and 10. Pairs (churner, renewer):
        // 80 beats all three (3), 50 ties 50 (0.5) and beats 20 and 10 (2): 5.5 of 6 = 11/12.
        // DeLong: v10 = [3/3, 2.5/3] = [1, 10/12]; v01 for renewer 50 = (1 + 0.5)/2 = 9/12,
        // for 20 and 10 = 1. S10 = ((1/12)^2 + (1/12)^2) / 1 = 2/144;
        // S01 = ((2/12)^2 + (1/12)^2 + (1/12)^2) / 2 = 3/144 (mean of v01 is 11/12 too).
        // Var = S10/2 + S01/3 = 1/144 + 1/144 = 2/144, so se = sqrt(2)/12 = 0.117851.
        // Interval 11/12 -+ 1.959964 * 0.117851 = [0.685683, 1.147650], clipped to 1.
        let pairs = [(80.0, true), (50.0, true), (50.0, false), (20.0, false), (10.0, false)];
        let estimate = auc(&pairs);
        assert!(close(estimate.value, 11.0 / 12.0), "{estimate:?}");
        let se = 2.0_f64.sqrt() / 12.0;
        assert!(close(estimate.low, 11.0 / 12.0 - Z_975 * se), "{estimate:?}");
        assert_eq!(estimate.high, Some(1.0));
    }

    #[test]
    fn a_predictor_upside_down_scores_below_one_half() {
        // Churners 10 and 20, renewers 30 and 40: no pair right, AUC 0. Every placement is 0,
        // so both variances are 0 and the interval is [0, 0].
        let pairs = [(10.0, true), (20.0, true), (30.0, false), (40.0, false)];
        let estimate = auc(&pairs);
        assert_eq!(
            (estimate.value, estimate.low, estimate.high),
            (Some(0.0), Some(0.0), Some(0.0))
        );
    }

    #[test]
    fn an_empty_class_or_a_single_churner_cannot_give_everything() {
        assert_eq!(auc(&[(1.0, false), (2.0, false)]), AucEstimate::default());
        assert_eq!(auc(&[]), AucEstimate::default());
        // One churner at 60 against renewers 60 and 10: (0.5 + 1) / 2 = 0.75, no interval.
        let one = auc(&[(60.0, true), (60.0, false), (10.0, false)]);
        assert!(close(one.value, 0.75));
        assert_eq!((one.low, one.high), (None, None));
    }
}
