//! Explanations and "what would change the band" (SPEC 4.3).

use super::Fixture;
use super::health::four_component_account;
use crate::domain::{InteractionKind, Role};
use crate::scoring::{Band, ComponentKind, Explanation, LiftOutcome, Model};

fn explain(f: &Fixture) -> Explanation {
    let model = Model::new(&f.config, &f.catalog);
    Explanation::of(&f.score(), &model)
}

fn rise(e: &Explanation, kind: ComponentKind) -> LiftOutcome {
    e.lifts.iter().find(|l| l.kind == kind).unwrap().outcome.clone()
}

fn points(outcome: &LiftOutcome) -> f64 {
    match outcome {
        LiftOutcome::Rise { points, .. } => *points,
        other => panic!("expected a rise, got {other:?}"),
    }
}

#[test]
fn the_smallest_rise_of_each_component_that_lifts_watch_to_healthy() {
    // 20 a day over 50 seats: 0.4 -> usage 50. Adoption 75, support 80, engagement 70.
    // health = (40 * 50 + 30 * 75 + 20 * 80 + 10 * 70) / 100 = (2000 + 2250 + 1600 + 700) / 100
    // = 65.5 -> 66, watch. Healthy needs the exact health to reach 69.5: 400 more weighted points.
    // usage: 400 / 40 = 10 -> 60 (hint: 60 % of 0.8 * 50 = 24 users, 4 more).
    // adoption: 400 / 30 = 13.33 -> +13.4 (to 88.4, so 4 of 4 features: 1 more).
    // support: 400 / 20 = 20 -> 100, reachable exactly.
    // engagement: 400 / 10 = 40 -> 110 > 100: not reachable.
    let f = four_component_account(20);
    let e = explain(&f);
    assert_eq!(f.score().health.value, Some(66));
    assert_eq!(e.next_band, Some(Band::Healthy));
    assert!((points(&rise(&e, ComponentKind::Usage)) - 10.0).abs() < 1e-9);
    assert!((points(&rise(&e, ComponentKind::Adoption)) - 13.4).abs() < 1e-9);
    assert!((points(&rise(&e, ComponentKind::Support)) - 20.0).abs() < 1e-9);
    assert_eq!(rise(&e, ComponentKind::Engagement), LiftOutcome::NotReachable);
    let usage = e.lifts.iter().find(|l| l.kind == ComponentKind::Usage).unwrap();
    assert_eq!(usage.to_string(), "usage +10.0 points (about 4 more active users a day)");
    let adoption = e.lifts.iter().find(|l| l.kind == ComponentKind::Adoption).unwrap();
    assert_eq!(adoption.to_string(), "adoption +13.4 points (1 more key feature in use)");
}

#[test]
fn contributions_and_inputs_in_words() {
    // four_component_account(20): contributions are weight * value / 100:
    // usage 40 * 50 / 100 = 20, adoption 22.5, support 16, engagement 7.
    let e = explain(&four_component_account(20));
    let contributions: Vec<f64> = e.components.iter().map(|c| c.contribution.unwrap()).collect();
    assert_eq!(contributions, [20.0, 22.5, 16.0, 7.0]);
    assert_eq!(
        e.components[0].inputs,
        "20.0 of 50 seats active on average over 30 days (40 % utilization, target 80 %)"
    );
    assert_eq!(e.components[1].inputs, "3 of 4 key features used in the last 30 days; unused: D");
    assert_eq!(e.components[2].inputs, "no rated tickets in 90 days (base 80)");
    assert_eq!(
        e.components[3].inputs,
        "engaged: executive sponsor, champion; 2 contacts engaged in 90 days"
    );
}

#[test]
fn at_risk_to_watch_and_components_without_data() {
    // No seats and no features: usage and adoption have no data. Support 80, engagement 0:
    // (1600 + 0) / 30 = 53 -> watch. Make it at risk with an open urgent ticket: support 65,
    // (1300 + 0) / 30 = 43.3 -> 43, still watch; two urgent: 50 -> (1000) / 30 = 33.3 -> at risk.
    // Watch needs 39.5: 39.5 * 30 = 1185 weighted points, 185 more.
    // support: 185 / 20 = 9.25 -> +9.3. engagement: 185 / 10 = 18.5 -> +18.5 (engaging the
    // executive sponsor, 35 points, covers it).
    let mut f = Fixture::new(None);
    f.ticket(2, None, crate::domain::Priority::Urgent, None, None);
    f.ticket(3, None, crate::domain::Priority::Urgent, None, None);
    let e = explain(&f);
    assert_eq!(f.score().health.band, Band::AtRisk);
    assert_eq!(e.next_band, Some(Band::Watch));
    assert_eq!(rise(&e, ComponentKind::Usage), LiftOutcome::NoData);
    assert_eq!(rise(&e, ComponentKind::Adoption), LiftOutcome::NoData);
    assert!((points(&rise(&e, ComponentKind::Support)) - 9.3).abs() < 1e-9);
    assert_eq!(
        rise(&e, ComponentKind::Engagement),
        LiftOutcome::Rise { points: 18.5, hint: Some("engage the executive sponsor".into()) }
    );
}

#[test]
fn healthy_accounts_have_no_next_band() {
    let mut f = four_component_account(30);
    let c = f.contact("Bo", Role::EconomicBuyer);
    f.interaction(1, InteractionKind::Call, &[c]);
    let e = explain(&f);
    assert_eq!(e.next_band, None);
    assert!(e.lifts.is_empty());
}
