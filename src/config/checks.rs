//! The range of every number of the scoring model (SPEC 14): each must be finite and in its
//! range, or the configuration is refused with an error naming the key. A NaN weight or an
//! infinite penalty would otherwise flow through the engine into every score, band and cache.
//!
//! This module only checks; it must not change a value nor decide what a value means (see
//! `scoring`). Every field of [`ScoringConfig`] is destructured here without `..`, so a number
//! added to the model does not compile until it is given a check.

use super::{
    Bands, EngagementModel, ExpansionThresholds, ScoringConfig, SignalThresholds, SupportModel,
    UsageModel, Weights, Windows,
};

/// The longest window, in days: ten years.
pub const MAX_WINDOW_DAYS: i64 = 3650;

/// Checks every number of `s`.
///
/// # Errors
/// The first number that is not finite or out of its range, as "key `scoring.…`: …".
pub fn scoring(s: &ScoringConfig) -> Result<(), String> {
    let ScoringConfig {
        key_features: _,
        weights,
        windows,
        usage,
        support,
        engagement,
        bands,
        signals,
        expansion,
    } = s;
    check_weights(weights)?;
    check_windows(windows)?;
    let UsageModel { target_utilization } = usage;
    // Usage divides by the target: it must be above 0.
    above("scoring.usage.target_utilization", *target_utilization, 0.0, 1.0)?;
    let SupportModel { base_without_ratings, urgent_open_penalty, high_open_penalty } = support;
    real("scoring.support.base_without_ratings", *base_without_ratings, 0.0, 100.0)?;
    real("scoring.support.urgent_open_penalty", *urgent_open_penalty, 0.0, 100.0)?;
    real("scoring.support.high_open_penalty", *high_open_penalty, 0.0, 100.0)?;
    let EngagementModel { executive_sponsor, champion, economic_buyer, breadth, breadth_contacts } =
        engagement;
    real("scoring.engagement.executive_sponsor", *executive_sponsor, 0.0, 100.0)?;
    real("scoring.engagement.champion", *champion, 0.0, 100.0)?;
    real("scoring.engagement.economic_buyer", *economic_buyer, 0.0, 100.0)?;
    real("scoring.engagement.breadth", *breadth, 0.0, 100.0)?;
    whole("scoring.engagement.breadth_contacts", (*breadth_contacts).into(), 1, 1000)?;
    check_bands(*bands)?;
    check_signals(signals)?;
    let ExpansionThresholds { seat_limit } = expansion;
    real("scoring.expansion.seat_limit", *seat_limit, 0.0, 1.0)
}

fn check_weights(weights: &Weights) -> Result<(), String> {
    let Weights { usage, adoption, support, engagement } = *weights;
    real("scoring.weights.usage", usage, 0.0, 100.0)?;
    real("scoring.weights.adoption", adoption, 0.0, 100.0)?;
    real("scoring.weights.support", support, 0.0, 100.0)?;
    real("scoring.weights.engagement", engagement, 0.0, 100.0)?;
    if [usage, adoption, support, engagement].iter().all(|w| *w == 0.0) {
        return Err("key `scoring.weights`: every weight is 0; at least one must be above 0 \
                    or no account has a health"
            .to_owned());
    }
    Ok(())
}

fn check_windows(windows: &Windows) -> Result<(), String> {
    let Windows {
        recent,
        support,
        engagement,
        champion_left,
        nps,
        gone_dark,
        trend,
        sparkline_weeks,
    } = *windows;
    for (name, days) in [
        ("recent", recent),
        ("support", support),
        ("engagement", engagement),
        ("champion_left", champion_left),
        ("nps", nps),
        ("gone_dark", gone_dark),
        ("trend", trend),
    ] {
        whole(&format!("scoring.windows.{name}"), days.into(), 1, MAX_WINDOW_DAYS)?;
    }
    // Two years of weekly points: the sparkline is drawn in a pane, not a chart.
    whole("scoring.windows.sparkline_weeks", sparkline_weeks.into(), 1, 104)
}

fn check_bands(bands: Bands) -> Result<(), String> {
    let Bands { healthy, watch } = bands;
    whole("scoring.bands.healthy", healthy, 0, 100)?;
    whole("scoring.bands.watch", watch, 0, 100)?;
    if healthy <= watch {
        return Err(format!(
            "key `scoring.bands.healthy`: must be above scoring.bands.watch ({watch}), got {healthy}"
        ));
    }
    Ok(())
}

fn check_signals(signals: &SignalThresholds) -> Result<(), String> {
    let SignalThresholds {
        usage_drop_ratio,
        low_utilization,
        single_threaded_below,
        detractor_max_score,
        health_decline,
        renewal_at_risk_days,
    } = *signals;
    real("scoring.signals.usage_drop_ratio", usage_drop_ratio, 0.0, 1.0)?;
    real("scoring.signals.low_utilization", low_utilization, 0.0, 1.0)?;
    whole("scoring.signals.single_threaded_below", single_threaded_below.into(), 0, 1000)?;
    whole("scoring.signals.detractor_max_score", detractor_max_score.into(), 0, 10)?;
    // A decline: delta_30 lies in -100..=100, and a rise is no decline.
    whole("scoring.signals.health_decline", health_decline, -100, 0)?;
    whole("scoring.signals.renewal_at_risk_days", renewal_at_risk_days, 0, MAX_WINDOW_DAYS)
}

/// `value` is finite and in `lo..=hi`.
fn real(key: &str, value: f64, lo: f64, hi: f64) -> Result<(), String> {
    if value.is_nan() {
        return Err(format!("key `{key}`: nan is not a number; expected {lo}..={hi}"));
    }
    if !(lo..=hi).contains(&value) {
        return Err(format!("key `{key}`: {} is out of range {lo}..={hi}", shown(value)));
    }
    Ok(())
}

/// `value` is finite, above `lo` and at most `hi`.
fn above(key: &str, value: f64, lo: f64, hi: f64) -> Result<(), String> {
    if value.is_nan() {
        return Err(format!("key `{key}`: nan is not a number; expected above {lo}, up to {hi}"));
    }
    if !(value > lo && value <= hi) {
        return Err(format!(
            "key `{key}`: {} is out of range: must be above {lo} and at most {hi}",
            shown(value)
        ));
    }
    Ok(())
}

/// `value` is in `lo..=hi`.
fn whole(key: &str, value: i64, lo: i64, hi: i64) -> Result<(), String> {
    if (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(format!("key `{key}`: {value} is out of range {lo}..={hi}"))
    }
}

/// A number as the user would write it: `1e308`, not its 309 digits.
fn shown(value: f64) -> String {
    let magnitude = value.abs();
    if value.is_finite() && magnitude != 0.0 && !(1e-4..1e9).contains(&magnitude) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn numbers_are_shown_short() {
        assert_eq!(shown(1e308), "1e308");
        assert_eq!(shown(-1000.0), "-1000");
        assert_eq!(shown(0.75), "0.75");
        assert_eq!(shown(f64::INFINITY), "inf");
        assert_eq!(shown(f64::NEG_INFINITY), "-inf");
        assert_eq!(shown(1e-300), "1e-300");
    }
}
