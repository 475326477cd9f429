//! Health, bands, weight redistribution, rounding, delta and sparkline (SPEC 4.2).

use super::{Fixture, ago, close};
use crate::config::Bands;
use crate::domain::{InteractionKind, Role};
use crate::scoring::{Band, Depth};

/// An account with usage 60, adoption 75, support 80 and engagement 70:
/// usage: 24 a day over 50 seats = 0.48; 0.48 / 0.8 = 0.6 -> 60.
/// adoption: 3 of 4 key features -> 75.
/// support: no tickets -> 80.
/// engagement: engaged sponsor (35) and champion (35) -> 70.
pub(super) fn four_component_account(users: i64) -> Fixture {
    let mut f = Fixture::new(Some(50));
    f.usage(100, 0, users);
    let ids = ["A", "B", "C", "D"].map(|n| f.feature(n, 200));
    for id in &ids[..3] {
        f.feature_day(*id, 3, Some(1));
    }
    let sponsor = f.contact("Sam", Role::ExecutiveSponsor);
    let champion = f.contact("Cleo", Role::Champion);
    f.interaction(5, InteractionKind::Meeting, &[sponsor, champion]);
    f
}

#[test]
fn an_exact_tie_rounds_up_despite_floating_point() {
    // (40 * 60 + 30 * 75 + 20 * 80 + 10 * 70) / 100 = (2400 + 2250 + 1600 + 700) / 100 = 69.5,
    // which rounds half away from zero to 70: healthy. In floating point 0.48 / 0.8 * 100 is
    // 59.99999999999999, so the weighted mean lands just under 69.5.
    let f = four_component_account(24);
    let score = f.score();
    close(score.health.exact, Some(69.5));
    assert_eq!(score.health.value, Some(70));
    assert_eq!(score.health.band, Band::Healthy);
}

#[test]
fn weights_are_redistributed_over_valued_components() {
    // No seats: usage has no data. Adoption 75, support 80, engagement 70:
    // (30 * 75 + 20 * 80 + 10 * 70) / (30 + 20 + 10) = (2250 + 1600 + 700) / 60 = 75.833.. -> 76.
    let mut f = four_component_account(24);
    f.facts.account.seats_licensed = None;
    let score = f.score();
    close(score.health.exact, Some(4550.0 / 60.0));
    assert_eq!(score.health.value, Some(76));

    // Neither usage nor adoption: (20 * 80 + 10 * 0) / 30 = 53.33.. -> 53, watch.
    let f = Fixture::new(None);
    let score = f.score();
    assert_eq!((score.health.value, score.health.band), (Some(53), Band::Watch));
}

#[test]
fn no_valued_component_is_unscored() {
    // A configuration that weighs support and engagement 0 leaves an account without usage and
    // adoption data with no valued weight: unscored, and no delta.
    let mut f = Fixture::new(None);
    f.config.weights.support = 0.0;
    f.config.weights.engagement = 0.0;
    let score = f.score();
    assert_eq!((score.health.value, score.health.band, score.delta), (None, Band::Unscored, None));
}

#[test]
fn bands_at_their_edges() {
    let bands = Bands { healthy: 70, watch: 40 };
    let cases = [
        (Some(100), Band::Healthy),
        (Some(70), Band::Healthy),
        (Some(69), Band::Watch),
        (Some(40), Band::Watch),
        (Some(39), Band::AtRisk),
        (Some(0), Band::AtRisk),
        (None, Band::Unscored),
    ];
    for (health, band) in cases {
        assert_eq!(Band::of(health, bands), band, "{health:?}");
    }
}

/// Usage only (no features, no contacts, no tickets), 100 seats: 80 a day on D-59..=D-30 and
/// 40 a day on D-29..=D.
pub(super) fn falling_usage() -> Fixture {
    let mut f = Fixture::new(Some(100));
    f.usage(59, 30, 80).usage(29, 0, 40);
    f
}

#[test]
fn delta_compares_integer_health_thirty_days_apart() {
    // At D: usage 40/100 = 0.4 -> 50; health (40 * 50 + 20 * 80 + 10 * 0) / 70 = 3600 / 70 =
    // 51.43 -> 51. At D-30: W30 = D-59..=D-30, 80 a day -> 0.8 -> 100; (4000 + 1600) / 70 = 80.
    // delta = 51 - 80 = -29.
    let score = falling_usage().score();
    assert_eq!(score.health.value, Some(51));
    assert_eq!(score.previous_health, Some(80));
    assert_eq!(score.delta, Some(-29));
}

#[test]
fn sparkline_is_weekly_health_oldest_first() {
    let score = falling_usage().score_at(super::d(), Depth::WithSparkline);
    assert_eq!(score.sparkline.len(), 12);
    // Last point: health at D = 51.
    assert_eq!(score.sparkline[11], Some(51));
    // D-7: W30 = D-36..=D-7: 7 days at 80 (D-36..=D-30) and 23 at 40: (560 + 920) / 30 = 49.33;
    // / 100 / 0.8 = 0.61667 -> 61.667; (40 * 61.667 + 1600) / 70 = 58.10 -> 58.
    assert_eq!(score.sparkline[10], Some(58));
    // D-28: W30 = D-57..=D-28: 28 days at 80 and 2 at 40: (2240 + 80) / 30 = 77.33 -> 96.67;
    // (40 * 96.667 + 1600) / 70 = 78.1 -> 78.
    assert_eq!(score.sparkline[7], Some(78));
    // D-77: W30 = D-106..=D-77 lies before the first usage day (D-59): usage has no data;
    // (20 * 80 + 10 * 0) / 30 = 53.33 -> 53.
    assert_eq!(score.sparkline[0], Some(53));
    // The report depth computes no sparkline.
    assert!(falling_usage().score().sparkline.is_empty());
}

#[test]
fn the_facts_request_covers_every_window_the_engine_reads() {
    use crate::domain::Window;
    let config = crate::config::Config::default().scoring;
    // Report: W30 at D = [D-29, D]; W30 at D-30 = P30 at D = [D-59, D-30].
    let report = crate::scoring::facts_request(super::d(), &config, Depth::Report);
    let w = |end: i64| Window { start: ago(end + 29), end: ago(end) };
    assert_eq!(report.windows, [w(30), w(0)]);
    // Engagement at D-30 reaches back to D-119; support at D-30 to D-119; NPS W180 from D-179.
    assert_eq!(report.touches_from, ago(119));
    assert_eq!(report.tickets_from, ago(119));
    assert_eq!(report.open_tickets_from, ago(30));
    assert_eq!(report.nps_from, ago(179));
    // Sparkline: W30 at D, D-7, ..., D-77 and at D-30; the oldest starts at D-106.
    let spark = crate::scoring::facts_request(super::d(), &config, Depth::WithSparkline);
    assert_eq!(spark.windows.len(), 13);
    assert_eq!(spark.windows[0], w(77));
    assert_eq!(spark.touches_from, ago(77 + 89));
}
