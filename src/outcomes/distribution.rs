//! The distribution of renewed ARR when each renewal renews independently with its own
//! probability, and its quantiles: a quantile is the smallest renewed ARR whose cumulative
//! probability reaches it (SPEC 12). Exact while the distinct sums stay few; beyond that, seeded
//! simulations, so the same book and seed always give the same figures.

use std::collections::BTreeMap;

use rand::{RngCore as _, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Simulated draws when the exact distribution has too many points (SPEC 12 asks at least
/// 10,000).
pub const SIMULATIONS: usize = 10_000;

/// Distinct sums the exact distribution may hold before simulation takes over: enough for a
/// quarter of a small book, cheap for any.
const EXACT_POINTS: usize = 1 << 14;

/// How close to a cumulative probability a sum must come to reach it (SPEC 4.2's tie rule).
const REACH_TOLERANCE: f64 = 1e-9;

/// How the quantiles were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Exact,
    Simulated,
}

/// P10, P50 and P90 of renewed ARR, in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantiles {
    pub p10: i64,
    pub p50: i64,
    pub p90: i64,
    pub method: Method,
}

/// The quantiles of renewed ARR over `renewals` (`(arr_cents, p)`, p in 0..=1).
#[must_use]
pub fn quantiles(renewals: &[(i64, f64)], seed: u64) -> Quantiles {
    exact(renewals).unwrap_or_else(|| simulated(renewals, seed, SIMULATIONS))
}

/// The exact distribution, or `None` once it holds more than [`EXACT_POINTS`] sums.
fn exact(renewals: &[(i64, f64)]) -> Option<Quantiles> {
    let mut points: BTreeMap<i64, f64> = BTreeMap::from([(0, 1.0)]);
    for &(arr, p) in renewals {
        if p <= 0.0 || arr == 0 {
            continue;
        }
        let mut next = BTreeMap::new();
        for (&sum, &prob) in &points {
            if p < 1.0 {
                *next.entry(sum).or_insert(0.0) += prob * (1.0 - p);
            }
            *next.entry(sum.saturating_add(arr)).or_insert(0.0) += prob * p;
        }
        if next.len() > EXACT_POINTS {
            return None;
        }
        points = next;
    }
    let reach = |q: f64| {
        let mut cumulative = 0.0;
        let mut last = 0;
        for (&sum, &prob) in &points {
            cumulative += prob;
            last = sum;
            if cumulative >= q - REACH_TOLERANCE {
                return sum;
            }
        }
        last
    };
    Some(Quantiles { p10: reach(0.1), p50: reach(0.5), p90: reach(0.9), method: Method::Exact })
}

/// The quantiles of `draws` seeded simulations: the smallest simulated sum at or below which
/// at least the quantile's share of draws lie.
///
/// Each renewal's outcome is drawn for every simulation at once: the commoner outcome is taken
/// for all (added once to a base every draw shares), and the draws where the rarer one happens
/// are found by geometric skips (the gap to the next rare draw), so a renewal costs draws times
/// the rarer probability, not draws.
#[must_use]
pub fn simulated(renewals: &[(i64, f64)], seed: u64, draws: usize) -> Quantiles {
    let sums = simulated_sums(renewals, seed, draws);
    // The k-th smallest with k = ceil(n * percent / 100): k / n reaches the share.
    let at = |percent: usize| sums[(sums.len() * percent).div_ceil(100).max(1) - 1];
    Quantiles { p10: at(10), p50: at(50), p90: at(90), method: Method::Simulated }
}

/// The renewed ARR of `draws` seeded simulations (at least one), smallest first: the draws
/// [`simulated`] takes its quantiles from, and a picture of the distribution can be drawn from.
#[must_use]
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss // 53 random bits make the uniform draw
)]
pub fn simulated_sums(renewals: &[(i64, f64)], seed: u64, draws: usize) -> Vec<i64> {
    let draws = draws.max(1);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // What every draw renews (the commoner outcome of each renewal), and each draw's difference
    // from it.
    let mut base = 0_i64;
    let mut sums = vec![0_i64; draws];
    for &(arr, p) in renewals {
        if p <= 0.0 || arr == 0 {
            continue;
        }
        let (rare, rare_renews) = if p <= 0.5 { (p, true) } else { (1.0 - p, false) };
        if !rare_renews {
            base = base.saturating_add(arr);
        }
        if rare <= 0.0 {
            continue;
        }
        let log_common = (1.0 - rare).ln();
        let mut at = 0_usize;
        loop {
            // A uniform draw in (0, 1]: its logarithm is finite.
            let uniform = ((rng.next_u64() >> 11) as f64 + 1.0) / (1_u64 << 53) as f64;
            // Both logarithms are at most 0: the quotient is at least 0, and truncating it is
            // its floor (without a call to `floor`).
            let gap = uniform.ln() / log_common;
            if gap >= (draws - at) as f64 {
                break;
            }
            at += gap as usize;
            let sum = &mut sums[at];
            *sum = if rare_renews { sum.saturating_add(arr) } else { sum.saturating_sub(arr) };
            at += 1;
            if at >= draws {
                break;
            }
        }
    }
    sums.sort_unstable();
    for sum in &mut sums {
        *sum = base.saturating_add(*sum);
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_quantiles_of_two_renewals() {
        // A: 100 with p 0.5; B: 300 with p 0.8. Sums and probabilities:
        //   0: 0.5 * 0.2 = 0.10 (cumulative 0.10)
        // 100: 0.5 * 0.2 = 0.10 (0.20)
        // 300: 0.5 * 0.8 = 0.40 (0.60)
        // 400: 0.5 * 0.8 = 0.40 (1.00)
        // P10: 0 reaches 0.10 (0.1 in floating point: the tolerance keeps it); P50: 300; P90: 400.
        let q = quantiles(&[(100, 0.5), (300, 0.8)], 1);
        assert_eq!((q.p10, q.p50, q.p90, q.method), (0, 300, 400, Method::Exact));
    }

    #[test]
    fn certain_renewals_and_certain_losses_move_every_quantile_alike() {
        // Committed 500 always renews, lost 900 never: P10 = P50 = P90 = 500.
        let q = quantiles(&[(500, 1.0), (900, 0.0)], 1);
        assert_eq!((q.p10, q.p50, q.p90), (500, 500, 500));
    }

    #[test]
    fn simulations_are_reproducible_ordered_and_near_the_exact_answer() {
        let renewals: Vec<(i64, f64)> =
            (1..=40).map(|i| (i * 1_000 + i * i, 0.5 + f64::from(i as u8 % 5) / 10.0)).collect();
        let once = simulated(&renewals, 7, SIMULATIONS);
        assert_eq!(once, simulated(&renewals, 7, SIMULATIONS), "same seed, same figures");
        assert!(once.p10 <= once.p50 && once.p50 <= once.p90, "{once:?}");
        // The mean lies between P10 and P90 for a sum of this many independent renewals.
        let mean: f64 = renewals.iter().map(|&(a, p)| a as f64 * p).sum();
        assert!((once.p10 as f64) < mean && mean < once.p90 as f64, "{once:?} {mean}");
    }

    #[test]
    fn the_simulated_quantile_is_the_smallest_draw_that_reaches_the_share() {
        // One renewal of 100 at p 0.25 over many draws: about a quarter are 100, the rest 0.
        // P10 and P50 are 0 (0 alone reaches 75 %), P90 is 100.
        let q = simulated(&[(100, 0.25)], 3, SIMULATIONS);
        assert_eq!((q.p10, q.p50, q.p90), (0, 0, 100));
    }
}
