//! Risk and expansion signals (SPEC 4.4, 4.5), each at its edges.

use super::health::{falling_usage, four_component_account};
use super::{Fixture, ago, ahead, d};
use crate::domain::{
    Advocacy, InteractionKind, Opportunity, OpportunityId, OpportunityKind, OpportunityStatus,
    Priority, Role,
};
use crate::scoring::{ExpansionCode, SignalCode};

fn fires(f: &Fixture, code: SignalCode) -> bool {
    f.score().has_signal(code)
}

#[test]
fn usage_drop_at_its_edge() {
    // P30 40 a day. W30 30 a day: 30 <= 0.75 * 40 = 30 -> fires. W30 31 a day -> does not.
    for (recent, expected) in [(30, true), (31, false)] {
        let mut f = Fixture::new(None);
        f.usage(59, 30, 40).usage(29, 0, recent);
        assert_eq!(fires(&f, SignalCode::UsageDrop), expected, "recent {recent}");
    }
    // P30 of zero users: never a drop. No P30 at all (usage began inside W30): never a drop.
    let mut f = Fixture::new(None);
    f.usage(59, 30, 0).usage(29, 0, 0);
    assert!(!fires(&f, SignalCode::UsageDrop));
    let mut f = Fixture::new(None);
    f.usage(20, 0, 1);
    assert!(!fires(&f, SignalCode::UsageDrop));
}

#[test]
fn low_utilization_below_forty_percent() {
    // 100 seats: 39 a day -> 0.39 fires; 40 a day -> 0.4 does not; no seats -> no utilization.
    for (users, seats, expected) in
        [(39, Some(100), true), (40, Some(100), false), (1, None, false)]
    {
        let mut f = Fixture::new(seats);
        f.usage(40, 0, users);
        assert_eq!(fires(&f, SignalCode::LowUtilization), expected, "{users} of {seats:?}");
    }
}

#[test]
fn champion_left_inside_w90_only() {
    // Left on D-89 (first day of W90) fires; D-90 does not; a sponsor leaving on D fires; an end
    // user leaving does not.
    let cases = [
        (Role::Champion, 89, true),
        (Role::Champion, 90, false),
        (Role::ExecutiveSponsor, 0, true),
        (Role::EndUser, 10, false),
    ];
    for (role, left_ago, expected) in cases {
        let mut f = Fixture::new(None);
        let c = f.contact("Lee", role);
        f.contact_mut(c).left_on = Some(ago(left_ago));
        assert_eq!(fires(&f, SignalCode::ChampionLeft), expected, "{role} left {left_ago} ago");
    }
}

#[test]
fn no_champion_counts_current_champions() {
    let mut f = Fixture::new(None);
    assert!(fires(&f, SignalCode::NoChampion));
    let c = f.contact("Cleo", Role::Champion);
    assert!(!fires(&f, SignalCode::NoChampion));
    // Leaving tomorrow: still current today.
    f.contact_mut(c).left_on = Some(ahead(1));
    assert!(!fires(&f, SignalCode::NoChampion));
    f.contact_mut(c).left_on = Some(ago(100));
    assert!(fires(&f, SignalCode::NoChampion));
}

#[test]
fn single_threaded_below_two_engaged_contacts() {
    let mut f = Fixture::new(None);
    let a = f.contact("Ann", Role::Champion);
    let b = f.contact("Ben", Role::EndUser);
    f.interaction(3, InteractionKind::Call, &[a]);
    assert!(fires(&f, SignalCode::SingleThreaded));
    f.interaction(4, InteractionKind::Email, &[b]);
    assert!(!fires(&f, SignalCode::SingleThreaded));
}

#[test]
fn detractor_reads_each_respondents_latest_answer_in_w180() {
    let mut f = Fixture::new(None);
    f.contact("Jane", Role::Champion);
    // Jane answered 3 on D-200, then 9 on D-10 (with her email in capitals): latest is 9.
    f.nps(Some("jane@acme.example"), 3, 200).nps(Some("JANE@acme.example"), 9, 10);
    assert!(!fires(&f, SignalCode::Detractor));
    // Someone without a contact answered 9 on D-200, then 5 on D-179 (first day of W180): fires.
    f.nps(Some("ex@other.example"), 9, 200).nps(Some("Ex@Other.example"), 5, 179);
    assert!(fires(&f, SignalCode::Detractor));

    // A latest answer of 2 on D-180 is outside W180: no detractor.
    let mut f = Fixture::new(None);
    f.nps(Some("old@acme.example"), 2, 180);
    assert!(!fires(&f, SignalCode::Detractor));
    // Anonymous responses are each their own respondent: a 6 among 10s fires.
    f.nps(None, 10, 5).nps(None, 6, 6).nps(None, 10, 7);
    assert!(fires(&f, SignalCode::Detractor));

    // A contact who has since left still counts; a 7 is not a detractor.
    let mut f = Fixture::new(None);
    let gone = f.contact("Gus", Role::EndUser);
    f.contact_mut(gone).left_on = Some(ago(5));
    f.nps(Some("gus@acme.example"), 7, 30);
    assert!(!fires(&f, SignalCode::Detractor));
    f.nps(Some("gus@acme.example"), 6, 20);
    assert!(fires(&f, SignalCode::Detractor));
}

#[test]
fn escalation_needs_an_urgent_ticket_open_at_d() {
    let mut f = Fixture::new(None);
    f.ticket(3, Some(d()), Priority::Urgent, None, None).ticket(
        3,
        None,
        Priority::High,
        None,
        None,
    );
    assert!(!fires(&f, SignalCode::Escalation));
    f.ticket(40, Some(ahead(2)), Priority::Urgent, None, None);
    assert!(fires(&f, SignalCode::Escalation));
}

#[test]
fn health_decline_on_a_steep_fall() {
    // falling_usage: health 80 -> 51, delta -29 -> fires.
    assert!(fires(&falling_usage(), SignalCode::HealthDecline));
}

#[test]
fn health_decline_fires_at_exactly_minus_ten() {
    // 100 seats, usage only: health = (40 u + 1600) / 70 with u = 100 * min(1, users / 80).
    // 80 a day -> 80. 62 a day -> u = 77.5 -> (3100 + 1600) / 70 = 67.14 -> 67: delta -13.
    // 66 a day -> u = 82.5 -> (3300 + 1600) / 70 = 70 -> 70: delta -10 -> fires.
    // 67 a day -> u = 83.75 -> (3350 + 1600) / 70 = 70.71 -> 71: delta -9 -> does not.
    for (now, expected_delta, expected) in [(66, -10, true), (67, -9, false)] {
        let mut f = Fixture::new(Some(100));
        f.usage(59, 30, 80).usage(29, 0, now);
        let score = f.score();
        assert_eq!(score.delta, Some(expected_delta));
        assert_eq!(score.has_signal(SignalCode::HealthDecline), expected);
    }
}

#[test]
fn gone_dark_after_45_days_without_a_touch() {
    // A call on D-44 (first day of [D-44, D]) keeps it lit; on D-45 it has gone dark; notes
    // never count.
    for (days_ago, kind, expected) in [
        (44, InteractionKind::Call, false),
        (45, InteractionKind::Call, true),
        (1, InteractionKind::Note, true),
        (0, InteractionKind::Qbr, false),
    ] {
        let mut f = Fixture::new(None);
        f.interaction(days_ago, kind, &[]);
        assert_eq!(fires(&f, SignalCode::GoneDark), expected, "{kind} {days_ago} ago");
    }
    assert!(fires(&Fixture::new(None), SignalCode::GoneDark));
}

#[test]
fn renewal_at_risk_within_ninety_days_when_not_healthy() {
    // Fixture::new(None) scores 53 (watch). four_component_account(24) scores 70 (healthy).
    for (days, expected) in [(0, true), (90, true), (91, false), (-1, false)] {
        let mut f = Fixture::new(None);
        f.facts.account.renewal_date =
            Some(if days < 0 { ago(-days) } else { ahead(days.unsigned_abs()) });
        assert_eq!(fires(&f, SignalCode::RenewalAtRisk), expected, "{days} days");
    }
    let mut healthy = four_component_account(24);
    healthy.facts.account.renewal_date = Some(ahead(10));
    assert!(!fires(&healthy, SignalCode::RenewalAtRisk));
}

#[test]
fn expansion_signals() {
    // seat_limit: 45 of 50 = 0.9 fires; 44 of 50 = 0.88 does not.
    let mut f = Fixture::new(Some(50));
    f.usage(40, 0, 45);
    assert!(f.score().expansion.iter().any(|s| s.code == ExpansionCode::SeatLimit));
    let mut f = Fixture::new(Some(50));
    f.usage(40, 0, 44);
    assert!(f.score().expansion.is_empty());

    // advocate: advocacy advocate or above and healthy. four_component_account(24) is healthy.
    let mut f = four_component_account(24);
    f.facts.account.advocacy = Some(Advocacy::Supporter);
    assert!(f.score().expansion.is_empty());
    f.facts.account.advocacy = Some(Advocacy::Advocate);
    assert_eq!(
        f.score().expansion.iter().map(|s| s.code).collect::<Vec<_>>(),
        [ExpansionCode::Advocate]
    );
    // The same advocacy on a watch account (Fixture::new scores 53) does not fire.
    let mut f = Fixture::new(None);
    f.facts.account.advocacy = Some(Advocacy::Ambassador);
    assert!(f.score().expansion.is_empty());

    // open_upsell: an open expansion opportunity, whatever its close date; a won one does not.
    let upsell = |status| Opportunity {
        id: OpportunityId(1),
        account_id: f.facts.account.id,
        external_id: None,
        name: None,
        kind: OpportunityKind::Expansion,
        amount_cents: None,
        stage: None,
        close_date: Some(ago(400)),
        probability: None,
        status,
        version: 0,
    };
    let (won, open) = (upsell(OpportunityStatus::Won), upsell(OpportunityStatus::Open));
    f.facts.opportunities.push(won);
    assert!(f.score().expansion.is_empty());
    f.facts.opportunities.push(open);
    assert_eq!(
        f.score().expansion.iter().map(|s| s.code).collect::<Vec<_>>(),
        [ExpansionCode::OpenUpsell]
    );
}

#[test]
fn signals_carry_a_reason() {
    let mut f = falling_usage();
    f.facts.account.renewal_date = Some(ahead(52));
    let score = f.score();
    let codes: Vec<SignalCode> = score.signals.iter().map(|s| s.code).collect();
    // 40 of 100 seats: utilization 0.4, not low. No contacts: no champion, single threaded, dark.
    assert_eq!(
        codes,
        [
            SignalCode::UsageDrop,
            SignalCode::NoChampion,
            SignalCode::SingleThreaded,
            SignalCode::HealthDecline,
            SignalCode::GoneDark,
            SignalCode::RenewalAtRisk,
        ]
    );
    let reason = |code| score.signals.iter().find(|s| s.code == code).unwrap().reason.clone();
    assert_eq!(
        reason(SignalCode::UsageDrop),
        "Active users fell from 80.0 to 40.0 a day on average (-50 %) against the previous 30 days"
    );
    assert_eq!(reason(SignalCode::HealthDecline), "Health fell 29 points in 30 days (80 to 51)");
    assert_eq!(reason(SignalCode::RenewalAtRisk), "Renews in 52 days on 2027-01-15 while watch");
}
