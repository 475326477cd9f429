//! Rounding as the scoring contract defines it: half away from zero, where a value within 1e-9 of
//! a tie counts as the tie, so that floating point cannot turn 69.5 into 69.49999 and round down.

/// How close to `n + 0.5` a value must be to count as the tie.
const TIE_TOLERANCE: f64 = 1e-9;

/// `x` rounded to an integer, half away from zero.
#[must_use]
pub fn round_half_away(x: f64) -> f64 {
    round_with(x, TIE_TOLERANCE)
}

/// Rounds `x` half away from zero, counting anything within `tolerance` of a tie as the tie.
fn round_with(x: f64, tolerance: f64) -> f64 {
    let magnitude = x.abs();
    let whole = magnitude.floor();
    let rounded = if magnitude - whole >= 0.5 - tolerance { whole + 1.0 } else { whole };
    if rounded == 0.0 { 0.0 } else { rounded.copysign(x) }
}

/// `x` rounded to an integer, half away from zero, as an `i64`.
#[must_use]
#[allow(clippy::cast_possible_truncation)] // scores are 0..=100 and deltas -100..=100
pub fn round_to_int(x: f64) -> i64 {
    round_half_away(x) as i64
}

/// `x` rounded to one decimal, half away from zero. The tie tolerance is 1e-9 of `x` itself,
/// so it is scaled with `x`.
#[must_use]
pub fn round_to_tenth(x: f64) -> f64 {
    round_with(x * 10.0, TIE_TOLERANCE * 10.0) / 10.0
}

/// `x` rounded to two decimals, half away from zero, the tie tolerance scaled as in
/// [`round_to_tenth`] (for shares 0-1).
#[must_use]
pub fn round_to_hundredth(x: f64) -> f64 {
    round_with(x * 100.0, TIE_TOLERANCE * 100.0) / 100.0
}

/// `x` for a sentence, to one decimal, rounded as the contract rounds (`format!("{:.1}")` alone
/// rounds half to even: 22.25 would read 22.2).
#[must_use]
pub fn tenths(x: f64) -> String {
    format!("{:.1}", round_to_tenth(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_round_half_away_from_zero() {
        let cases = [
            (69.5, 70),
            (69.49, 69),
            (70.5, 71),
            (-0.5, -1),
            (-1.4, -1),
            (0.4, 0),
            (0.0, 0),
            // 69.5 reached through floating point arithmetic: 0.1 * 695 is 69.50000000000001 and
            // 139.0 / 2.0 is exact; a value just under the tie must still count as the tie.
            (69.5 - 1e-10, 70),
            (69.5 - 1e-8, 69),
        ];
        for (x, expected) in cases {
            assert_eq!(round_to_int(x), expected, "{x}");
        }
    }

    #[test]
    fn tenths_round_half_away_from_zero() {
        // 81.25 -> 81.3; 0.05 -> 0.1; -2.25 -> -2.3; 66.666... -> 66.7; 12.34 -> 12.3.
        let cases = [(81.25, 81.3), (0.05, 0.1), (-2.25, -2.3), (200.0 / 3.0, 66.7), (12.34, 12.3)];
        for (x, expected) in cases {
            assert!((round_to_tenth(x) - expected).abs() < 1e-12, "{x} -> {}", round_to_tenth(x));
        }
    }

    #[test]
    fn shown_figures_round_like_the_contract() {
        assert_eq!(tenths(22.25), "22.3");
        assert_eq!(tenths(0.05), "0.1");
        assert_eq!(round_to_int(22.5), 23);
    }

    #[test]
    fn a_weighted_mean_that_is_a_tie_in_decimal_rounds_up() {
        // 40 * 62.5 + 30 * 75 + 20 * 80 + 10 * 70 = 2500 + 2250 + 1600 + 700 = 7050; / 100 = 70.5.
        let health = (40.0 * 62.5 + 30.0 * 75.0 + 20.0 * 80.0 + 10.0 * 70.0) / 100.0;
        assert_eq!(round_to_int(health), 71);
        // (30 * 66.65) / 30 computes as 66.65000000000001 or 66.64999999999999 depending on the
        // path; either way it is the tie 66.65 and rounds to 66.7.
        assert!((round_to_tenth(30.0 * 66.65 / 30.0) - 66.7).abs() < 1e-12);
        // Within 1e-9 of the tie 66.65 (in the value's own units) is the tie; 2e-9 below is not.
        assert!((round_to_tenth(66.65 - 5e-10) - 66.7).abs() < 1e-12);
        assert!((round_to_tenth(66.65 - 2e-9) - 66.6).abs() < 1e-12);
    }
}
